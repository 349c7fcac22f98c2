# scsi_debug error injection (sourced by sdebug.sh after sdebug-daemon.sh; uses P0 and wwid0 from there).
# The 6.1 scsi_debug injects globally - every host, every LUN - through $SDD/opts (2 medium error, 4 timeout) with
# $SDD/every_nth (8 recovered error), and the medium_error_start/medium_error_count module parameters. Each check
# clears what it injected.
SUITE=faults
SDD=/sys/bus/pseudo/drivers/scsi_debug
SDP=/sys/module/scsi_debug/parameters
inject_clear() { echo 0 > "$SDD/every_nth"; echo 0 > "$SDD/opts"; }
# a medium error on block 0 of every LUN (reads only: TEST UNIT READY moves no data)
inject_medium_error() { echo 0 > "$SDP/medium_error_start"; echo 1 > "$SDP/medium_error_count"; echo 2 > "$SDD/opts"; }
medium_start=$(cat "$SDP/medium_error_start" 2> /dev/null) medium_count=$(cat "$SDP/medium_error_count" 2> /dev/null)
dev=${P0[0]}
chk() { "$MPATH" check "$dev" --checker "$1" --timeout "${2:-10}" 2>&1; }

if [ ! -w "$SDD/opts" ] || [ ! -w "$SDP/medium_error_start" ]; then
  skip "scsi_debug error injection" "no writable $SDD/opts or $SDP/medium_error_start"
else
  "$MPATH" flush --all > /dev/null 2>&1
  inject_medium_error
  contains "medium error on block 0: readsector0 reports faulty with the sense" "^$dev: faulty: .*medium error" "$(chk readsector0)"
  contains "medium error on block 0: directio reports faulty (ENODATA: the block layer's medium error)" "^$dev: faulty: directio checker reports path is down: No data available" "$(chk directio)"
  contains "medium error on block 0: tur still reports ready (TUR reads nothing)" "^$dev: ready: " "$(chk tur)"
  inject_clear
  contains "medium error cleared: readsector0 ready again" "^$dev: ready: " "$(chk readsector0)"
  contains "medium error cleared: directio ready again" "^$dev: ready: " "$(chk directio)"

  # a RECOVERED ERROR (5d/00, failure prediction threshold) on every read: the read completed, the path is fine
  echo 1 > "$SDD/every_nth"; echo 8 > "$SDD/opts"
  out_rs0=$(chk readsector0); out_dio=$(chk directio); inject_clear
  contains "recovered error on reads: readsector0 still reports ready" "^$dev: ready: .*recovered error" "$out_rs0"
  contains "recovered error on reads: directio still reports ready" "^$dev: ready: " "$out_dio"

  # every command ignored: SG_IO's own timeout (2 s) fires and the SCSI midlayer aborts the command. Only SG_IO here:
  # an ignored block-layer read would escalate through the error handler until the device goes offline.
  echo 1 > "$SDD/every_nth"; echo 4 > "$SDD/opts"
  out=$(chk tur 2); inject_clear
  contains "ignored commands: tur reports i/o timeout" "^$dev: i/o timeout: " "$out"
  contains "ignoring stopped: tur ready again" "^$dev: ready: " "$(chk tur)"
  same "ignoring stopped: the device is still running" running "$(cat "/sys/block/$dev/device/state")"

  # The daemon with readsector0 fails the paths the checker finds faulty and reinstates them once the error is gone.
  # (detect_checker no: scsi_debug reports ALUA support, for which detect_checker would pick tur.)
  cat > /tmp/mpathd-faults.conf <<'CONF'
defaults {
	find_multipaths no
	user_friendly_names no
	polling_interval 2
	path_checker readsector0
	detect_checker no
	no_path_retry fail
	config_dir /nonexistent
}
CONF
  "$MPATH" daemon --config /tmp/mpathd-faults.conf --lock-file /tmp/mpathd-faults.lock -v 3 > /xchg/mpathd-faults.log 2>&1 &
  DPID=$!
  same "daemon (readsector0) set up the 4 maps" 4 "$(wait_daemon_maps 4)"
  all_paths() { path_states "$wwid0" "$D0" "$D1" "$D2" "$D3"; }
  same "before injection: the kernel has all 4 paths active" AAAA "$(all_paths)"
  inject_medium_error
  st=""
  for _ in $(seq 1 60); do st=$(all_paths); [ "$st" = FFFF ] && break; sleep 1; done
  same "medium error: the daemon fails all 4 paths in the kernel within 60 s" FFFF "$st"
  contains "medium error: show paths says faulty" "${P0[0]} .* faulty " "$(multipathd show paths 2>&1)"
  inject_clear
  for _ in $(seq 1 60); do st=$(all_paths); [ "$st" = AAAA ] && break; sleep 1; done
  same "injection stopped: the daemon reinstates all 4 paths within 60 s" AAAA "$st"
  contains "injection stopped: show paths says ready" "${P0[0]} .* ready " "$(multipathd show paths 2>&1)"
  kill "$DPID"; wait "$DPID"
  same "daemon (readsector0) exits cleanly" 0 "$?"
  "$MPATH" flush --all > /dev/null 2>&1
fi
inject_clear
[ -n "$medium_start" ] && echo "$medium_start" > "$SDP/medium_error_start" && echo "$medium_count" > "$SDP/medium_error_count"
SUITE=sdebug
