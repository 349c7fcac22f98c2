# mpath daemon on real dm-multipath, driven by Debian's stock multipathd client (sourced by sdebug.sh, after the
# other sdebug checks; uses SDS, SERIAL, wwid0, P0 and D0..D3 from there).
SUITE=daemon
"$MPATH" flush --all > /dev/null 2>&1
cat > /tmp/mpathd.conf <<'CONF'
defaults {
	find_multipaths no
	user_friendly_names no
	polling_interval 2
	config_dir /nonexistent
}
CONF
"$MPATH" daemon --config /tmp/mpathd.conf --lock-file /tmp/mpathd.lock -v 3 --metrics-listen 127.0.0.1:9464 > /xchg/mpathd.log 2>&1 &
DPID=$!

# The socket answers once maps are set up: poll it with the stock client for up to 90 s.
same "stock multipathd client: show maps lists the 4 maps" 4 "$(wait_daemon_maps 4)"
same "daemon exempt from the OOM killer, as multipathd" -1000 "$(cat /proc/$DPID/oom_score_adj)"

out=$(multipathd show paths 2>&1)
same "stock client: show paths has a header and 16 paths" 17 "$(grep -c . <<< "$out")"
contains "stock client: show paths header" '^hcil +dev +dev_t +pri +dm_st +chk_st +dev_st +next_check' "$out"

json=$(multipathd show maps json 2>&1)
check "stock client: show maps json is valid JSON with 4 maps and 16 paths" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert len(d["maps"]) == 4, len(d["maps"])
assert sum(len(g["paths"]) for m in d["maps"] for g in m["path_groups"]) == 16
' "$json"

topo=$(multipathd show topology 2>&1)
contains "stock client: show topology names the map and its policy" "^$wwid0 dm-[0-9]+ Linux,scsi_debug" "$topo"
contains "stock client: show topology path lines" "policy='service-time 0' prio=[0-9]+ status=active" "$topo"

# A non-root peer may read but not change anything (SO_PEERCRED), whatever client it uses.
asuser() {
  setpriv --reuid=65534 --regid=65534 --clear-groups python3 -c '
import socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect("\0/org/kernel/linux/storage/multipathd")
cmd = sys.argv[1].encode() + b"\0"
s.sendall(struct.pack("=Q", len(cmd)) + cmd)
n = struct.unpack("=Q", s.recv(8))[0]
data = b""
while len(data) < n:
    data += s.recv(n - len(data))
print(data.rstrip(b"\0").decode())
' "$1"
}
contains "non-root: show maps is allowed" "$wwid0" "$(asuser 'show maps')"
contains "non-root: fail path is refused" "permission deny" "$(asuser "fail path ${P0[1]}")"
same "non-root: the path was not failed" A "$(path_state "$wwid0" "$D1")"

# Root: fail path through the stock client; the checker reinstates it (the path is healthy).
# The kernel's fail count for the path proves the fail reached dm; its A/F state alone would race with the checker,
# which may reinstate the healthy path within milliseconds.
fail_count() { dm_status_words "$1" | grep -oE "(^| )$2 [AF] [0-9]+" | awk '{print $3}'; }
before=$(fail_count "$wwid0" "$D1")
contains "stock client: fail path answers ok" '^ok' "$(multipathd fail path "${P0[1]}" 2>&1)"
same "fail path: the kernel counted one more failure of the path" "$((before + 1))" "$(fail_count "$wwid0" "$D1")"
st=F
for _ in $(seq 1 30); do st=$(path_state "$wwid0" "$D1"); [ "$st" = A ] && break; sleep 1; done
same "fail path: the checker reinstates the healthy path within 30 s" A "$st"

groups=$(group_states "$wwid0"); ngroups=$(wc -w <<< "$groups")
if [ "$ngroups" -ge 2 ]; then
  contains "stock client: switch map group answers ok" '^ok' "$(multipathd switch map "$wwid0" group 2 2>&1)"
  same "switch group: the kernel's next group is 2" 2 "$(pg_next "$wwid0")"
else
  fail "switch group" "expected at least 2 path groups, got [$groups]"
fi
# The Prometheus endpoint of the running (NativeAOT) daemon, scraped like Prometheus would.
scrape() { if command -v curl > /dev/null; then curl -sf http://127.0.0.1:9464/metrics; else busybox wget -qO- http://127.0.0.1:9464/metrics; fi; }
metrics=$(scrape 2>&1)
contains "metrics: mpath_maps counts the 4 maps" '^mpath_maps(\{\})? 4$' "$metrics"
contains "metrics: tur checks are counted" '^mpath_path_checks_total\{checker="tur",result="up"\} [1-9]' "$metrics"
contains "metrics: check latency histogram" '^mpath_path_check_duration_seconds_count\{checker="tur"\} [1-9]' "$metrics"
contains "metrics: the operator's fail path is counted for its map" "^mpath_path_failures_total\\{map=\"$wwid0\",reason=\"operator\"\\} 1$" "$metrics"
contains "metrics: the operator's group switch is counted" "^mpath_group_switches_total\\{map=\"$wwid0\",reason=\"operator\"\\} 1$" "$metrics"

contains "unknown map: switch fails" '^fail' "$(multipathd switch map nosuchmap group 1 2>&1)"

# mpath's own socket clients and the drop-in names (symlinks to the one binary) against the running daemon.
dropin=/tmp/mpath-dropin
mkdir -p "$dropin" && ln -sf "$MPATH" "$dropin/multipathd" && ln -sf "$MPATH" "$dropin/multipath"
out=$("$MPATH" show paths 2>&1)
same "mpath show paths: a header and 16 paths" 17 "$(grep -c . <<< "$out")"
check "mpath show maps --json: valid JSON with 4 maps" python3 -c '
import json, sys
assert len(json.loads(sys.argv[1])["maps"]) == 4
' "$("$MPATH" show maps --json 2>&1)"
contains "mpath show paths --format: the wildcards reach the daemon" "^${P0[0]} +$D0" "$("$MPATH" show paths --format '%d %D' --raw 2>&1)"
before=$(fail_count "$wwid0" "$D2")
contains "mpath fail path answers ok" '^ok' "$("$MPATH" fail path "${P0[2]}" 2>&1)"
same "mpath fail path: the kernel counted one more failure of the path" "$((before + 1))" "$(fail_count "$wwid0" "$D2")"
contains "mpath reinstate path answers ok" '^ok' "$("$MPATH" reinstate path "${P0[2]}" 2>&1)"
"$MPATH" fail path nosuchdev > /dev/null 2>&1
same "mpath fail path on an unknown device exits 1" 1 "$?"
contains "mpath reconfigure answers ok" '^ok' "$("$MPATH" reconfigure 2>&1)"
contains "mpath ctl: any command, here show status" 'path checker states' "$("$MPATH" ctl show status 2>&1)"

contains "multipathd -k'show maps' (symlink) lists the first map" "$wwid0" "$("$dropin/multipathd" -k'show maps' 2>&1)"
contains "multipathd show topology (symlink, words)" "^$wwid0 dm-[0-9]+ Linux,scsi_debug" "$("$dropin/multipathd" show topology 2>&1)"
"$dropin/multipathd" -k'switch map nosuchmap group 1' > /dev/null 2>&1
same "multipathd -k: a fail reply exits 1 as the stock client does" 1 "$?"
contains "multipathd -k interactive: commands from stdin" "$wwid0" "$(printf 'show maps\nquit\n' | "$dropin/multipathd" -k 2>&1)"
ll=$("$dropin/multipath" -ll 2>&1)
same "multipath -ll (symlink) shows the 4 maps" 4 "$(grep -cE '^[^ ]+ dm-[0-9]+ Linux,scsi_debug' <<< "$ll")"
contains "multipath -ll shows checked paths" "${P0[0]} +$D0 +active ready" "$ll"
contains "multipath -l shows the maps without checking" "^$wwid0 dm-[0-9]+" "$("$dropin/multipath" -l 2>&1)"
out=$("$dropin/multipath" -c "/dev/${P0[0]}" 2>&1); rc=$?
same "multipath -c on a path of a map: yes, exit 0" "0 DM_MULTIPATH_DEVICE_PATH=\"1\"" "$rc $out"
out=$("$dropin/multipath" -r 2>&1); rc=$?
same "multipath -r with the daemon running hands over a reconfigure, silently" "0 " "$rc $out"

kill "$DPID"; wait "$DPID"; rc=$?
same "SIGTERM: the daemon exits cleanly" 0 "$rc"
same "SIGTERM: the maps stay in place" 4 "$(dmsetup ls --target multipath | grep -c .)"
contains "daemon log names its start" "mpath daemon running: 4 maps" "$(cat /xchg/mpathd.log)"
"$MPATH" flush --all > /dev/null 2>&1
SUITE=sdebug
