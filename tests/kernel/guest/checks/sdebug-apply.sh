# mpath apply against Debian's multipath on the lab's multipath.conf (user_friendly_names yes, find_multipaths no).
# Sourced by sdebug.sh after the other checks have removed their maps; SDS set.

# fresh state: no bindings, no wwids (the guest's /etc is a tmpfs overlay)
rm -f /etc/multipath/bindings /etc/multipath/wwids
# Verbosity, on dry runs (nothing is created and no binding recorded, so the real run below starts fresh).
out=$("$MPATH" apply --dry-run -v 3 2>&1); rc=$?
same "apply -d -v 3: the paths list first (16 paths), then 4 create lines" "0 1 16 4" \
  "$rc $(head -1 <<< "$out" | grep -c '^===== paths list =====$') $(grep -c ' Linux,scsi_debug,' <<< "$out") $(grep -c '^create: ' <<< "$out")"
mkdir -p /tmp/mpath-apply-dropin && ln -sf "$MPATH" /tmp/mpath-apply-dropin/multipath
out=$(/tmp/mpath-apply-dropin/multipath -d -v1 2>&1); rc=$?
same "multipath -d -v1 (symlink): only the names of the 4 maps" "0 mpatha mpathb mpathc mpathd" "$rc $(echo $out)"
out=$("$MPATH" apply 2>&1); rc=$?
same "apply: exit 0, one create line per LUN" "0 4" "$rc $(grep -cE '^create: mpath[a-d] \([^)]+\) dm-[0-9]+ Linux,scsi_debug$' <<< "$out")"
udevadm settle
mine=$(mp_tables)
same "apply: four multipath maps of four paths" "4 16" "$(wc -l <<< "$mine") $(grep -oE ' [0-9]+:[0-9]+ ' <<< "$mine" | wc -l)"
contains "apply: names recorded in the bindings file" "^mpathd [^ ]+$" "$(cat /etc/multipath/bindings 2>&1)"
out=$("$MPATH" apply 2>&1); rc=$?
same "apply again: no-op (exit 0, nothing printed)" "0 " "$rc $out"
same "apply again: tables unchanged" "$mine" "$(mp_tables)"

out=$("$MPATH" flush --all 2>&1); rc=$?
same "flush --all removes the applied maps" "0 " "$rc $(mp_tables)"
# udev stalled (its queue stopped, as when it is wedged or thousands of events behind): the command line tools wait
# for udev at most 30 s, warn once and go on without it, instead of hanging.
"$MPATH" apply > /dev/null 2>&1
udevadm settle
udevadm control --stop-exec-queue
out=$(timeout 150 "$MPATH" flush --all 2>&1); rc=$?
udevadm control --start-exec-queue
udevadm settle -t 60
same "flush --all with udev stalled: returns, removes the 4 maps, one warning" "0 0 1" \
  "$rc $(mp_tables | grep -c .) $(grep -c 'udev has not processed its events after 30 s' <<< "$out")"
# Debian's multipath on the same config and bindings file: the same maps, table for table
multipath > /tmp/multipath.out 2>&1; rc=$?
udevadm settle
theirs=$(mp_tables)
printf 'mpath apply tables:\n%s\nmultipath tables:\n%s\n' "$mine" "$theirs"
same "Debian multipath creates the maps" "0 4" "$rc $(wc -l <<< "$theirs")"
same "apply's tables equal Debian multipath's, map by map" "$theirs" "$mine"
out=$("$MPATH" apply 2>&1); rc=$?
same "apply on multipath's maps: no-op" "0 " "$rc $out"
same "apply on multipath's maps: tables unchanged" "$theirs" "$(mp_tables)"
"$MPATH" flush --all > /dev/null 2>&1
