# find_multipaths in mpath's daemon on scsi_debug's 4 LUNs x 4 paths (sourced by sdebug.sh after sdebug-daemon.sh; uses
# SERIAL, wwid0 and P0 from there). Each case starts the daemon on an empty dm table and a prepared wwids file.
SUITE=findmp
WWIDS=/etc/multipath/wwids
mapfile -t LUNS < <(printf '%s\n' "${SERIAL[@]}" | LC_ALL=C sort -u)

# fm_start MODE: the daemon with find_multipaths MODE, waited for until its socket answers (maps are set up by then).
fm_start() {
  printf 'defaults {\n\tfind_multipaths %s\n\tuser_friendly_names no\n\tpolling_interval 2\n\tconfig_dir /nonexistent\n}\n' "$1" > /tmp/mpathd-findmp.conf
  echo "--- find_multipaths $1" >> /xchg/mpathd-findmp.log
  "$MPATH" daemon --config /tmp/mpathd-findmp.conf --lock-file /tmp/mpathd-findmp.lock -v 3 >> /xchg/mpathd-findmp.log 2>&1 &
  FPID=$!
  for _ in $(seq 1 90); do
    [[ $(multipathd show daemon 2> /dev/null) == pid* ]] && return 0
    sleep 1
  done
  fail "find_multipaths $1: the daemon answers" "$(tail -5 /xchg/mpathd-findmp.log)"
}
fm_stop() { kill "$FPID"; wait "$FPID"; }
# daemon_maps: the maps the running daemon lists, one "name paths" line each (no maps: an empty reply, "ok")
daemon_maps() { multipathd show maps raw format "%n %N" 2> /dev/null | grep -vx ok | LC_ALL=C sort; }
kernel_maps() { mp_tables | grep -c .; }
file_wwids() { sed -n 's|^/\([^/]*\)/.*|\1|p' "$WWIDS" 2> /dev/null | LC_ALL=C sort; }

"$MPATH" flush --all > /dev/null 2>&1
rm -f "$WWIDS"

# strict (multipath-tools' default) with an empty wwids file: nothing is multipathed, add path says why.
fm_start strict
same "strict, empty wwids file: no maps in the kernel" 0 "$(kernel_maps)"
same "strict, empty wwids file: the daemon lists no maps" "" "$(daemon_maps)"
contains "strict: add path of a lone unknown WWID answers why, creating nothing" \
  "^${P0[0]}: not multipathed: find_multipaths strict: WWID is not in the wwids file" "$(multipathd add path "${P0[0]}" 2>&1)"
same "strict: still no maps after add path" 0 "$(kernel_maps)"
fm_stop

# strict with LUN 0's WWID in the file (multipath -a): that LUN only.
"$MPATH" wwids add "$wwid0" > /dev/null
fm_start strict
same "strict, wwid0 in the wwids file: only its map, with 4 paths" "$wwid0 4" "$(daemon_maps)"
same "strict, wwid0 in the wwids file: one map in the kernel" 1 "$(kernel_maps)"
fm_stop

# The map stays when the daemon stops; with the WWID gone from the file a strict daemon still adopts it and records it.
rm -f "$WWIDS"
fm_start strict
same "strict: an existing map is adopted although its WWID is not in the wwids file" "$wwid0 4" "$(daemon_maps)"
same "strict: the adopted map's WWID is written to the wwids file" "$wwid0" "$(file_wwids)"
fm_stop
"$MPATH" flush --all > /dev/null 2>&1

# on: every LUN has 4 paths, so every LUN gets a map, and every WWID is recorded.
rm -f "$WWIDS"
fm_start on
same "on: 4 maps of 4 paths" "$(printf '%s 4\n' "${LUNS[@]}")" "$(daemon_maps)"
same "on: the 4 WWIDs are written to the wwids file" "$(printf '%s\n' "${LUNS[@]}")" "$(file_wwids)"
head -1 "$WWIDS" | grep -q '^# Multipath wwids, Version : 1.0$' && pass "on: the wwids file has multipath's header" \
  || fail "on: the wwids file has multipath's header" "$(head -3 "$WWIDS")"
fm_stop

"$MPATH" flush --all > /dev/null 2>&1
rm -f "$WWIDS"
