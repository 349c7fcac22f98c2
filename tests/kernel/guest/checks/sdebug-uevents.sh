# mpath daemon and uevents on scsi_debug (sourced by sdebug.sh after the other sdebug checks; uses wwid0 from there).
# Hosts added at run time (add_host) bring one new path per LUN each: the daemon must put them into the running
# maps; a deleted path must leave its map; a storm of paths must not stall the control socket.
SUITE=uevents
SD=/sys/bus/pseudo/drivers/scsi_debug
"$MPATH" flush --all > /dev/null 2>&1
cat > /tmp/mpathd-uevents.conf <<'CONF'
defaults {
	find_multipaths no
	user_friendly_names no
	polling_interval 2
	config_dir /nonexistent
}
CONF
"$MPATH" daemon --config /tmp/mpathd-uevents.conf --lock-file /tmp/mpathd-uevents.lock -v 3 > /xchg/mpathd-uevents.log 2>&1 &
UPID=$!

# map_paths: "name N" per map, N = paths the daemon has in it; table_paths MAP: paths in the kernel's table.
map_paths() { multipathd show maps raw format "%n %N" 2> /dev/null | LC_ALL=C sort; }
table_paths() { dmsetup table "$1" 2> /dev/null | grep -oE ' [0-9]+:[0-9]+ ' | wc -l; }
# wait_paths N SECONDS: until every one of the 4 maps has N paths in the daemon and in the kernel table.
wait_paths() {
  local want=$1 i m ok
  for ((i = 0; i < $2 * 5; i++)); do
    ok=0
    while read -r m n; do [ "$n" = "$want" ] && [ "$(table_paths "$m")" = "$want" ] && ok=$((ok + 1)); done < <(map_paths)
    [ "$ok" = 4 ] && return 0
    sleep 0.2
  done
  return 1
}

if wait_paths 4 90; then pass "daemon up: 4 maps of 4 paths"; else fail "daemon up: 4 maps of 4 paths" "$(map_paths)"; fi
grep -q 'listening for udev uevents' /xchg/mpathd-uevents.log && pass "daemon listens on udev's uevent group" \
  || fail "daemon listens on udev's uevent group" "$(head -5 /xchg/mpathd-uevents.log)"

# --- one host more: one new path per LUN joins its map
before=$(ls /sys/block | grep -c '^sd')
echo 1 > $SD/add_host
udevadm settle -t 60
same "add_host: 4 new sd devices" $((before + 4)) "$(ls /sys/block | grep -c '^sd')"
if wait_paths 5 60; then pass "add_host: each map takes its new path (daemon and kernel table)"
else fail "add_host: each map takes its new path (daemon and kernel table)" "$(map_paths)"; fi

# --- delete one path of LUN 0: it leaves the map, I/O goes on
victim=$(multipathd show paths raw format "%d %w" 2> /dev/null | awk -v w="$wwid0" '$2 == w { d = $1 } END { print d }')
vdevt=$(devt_of "$victim")
echo 1 > "/sys/block/$victim/device/delete"
udevadm settle -t 60
n=0
for _ in $(seq 1 150); do n=$(table_paths "$wwid0"); [ "$n" = 4 ] && break; sleep 0.2; done
same "delete $victim: the kernel table of its map has 4 paths left" 4 "$n"
# the daemon publishes its view after the whole batch, a moment after the kernel has the new table
shown=$victim
for _ in $(seq 1 50); do shown=$(multipathd show paths raw format "%d" 2> /dev/null | grep -x "$victim"); [ -z "$shown" ] && break; sleep 0.2; done
same "delete $victim: the daemon no longer shows it" "" "$shown"
same "delete $victim: its dev_t is gone from the table" "" "$(dmsetup table "$wwid0" | grep -oE " $vdevt ")"
io_verify "delete: I/O through the map still works" "$wwid0"

# --- storm: STORM_HOSTS hosts at once (64 = 256 new paths, 64 per map); the control socket keeps answering meanwhile
STORM_HOSTS=${STORM_HOSTS:-64}
declare -A TARGET
while read -r m n; do TARGET[$m]=$((n + STORM_HOSTS)); done < <(map_paths)
# time_of CMD...: runs CMD (output to /tmp/poll.out); sets ms (wall milliseconds) and poll_rc. No fork of its own.
time_of() { local a b; a=${EPOCHREALTIME/./}; "$@" > /tmp/poll.out 2>&1; poll_rc=$?; b=${EPOCHREALTIME/./}; ms=$(( (b - a) / 1000 )); }
# Before the storm: what a poll and a bare process start cost on this (TCG) machine at rest.
idle_max=0 idle_sum=0
for _ in 1 2 3 4 5; do time_of multipathd show paths; idle_sum=$((idle_sum + ms)); [ "$ms" -gt "$idle_max" ] && idle_max=$ms; done
time_of /bin/true; spawn_idle=$ms
mark=$(wc -l < /xchg/mpathd-uevents.log)
read -r t0 _ < /proc/uptime
rm -f /tmp/storm.added /tmp/storm.settled
# When scsi_debug has added the hosts, and when udev has processed every resulting event: the daemon hears of a
# path only from udev (as multipathd does), so udev's pace bounds the daemon's.
( echo "$STORM_HOSTS" > $SD/add_host; read -r up _ < /proc/uptime; echo "$up" > /tmp/storm.added
  udevadm settle -t 900; read -r up _ < /proc/uptime; echo "$up" > /tmp/storm.settled ) &
adder=$!
lat_max=0 lat_sum=0 polls=0 failed_polls=0 done_at="" spawn_max=0
while :; do
  time_of multipathd show paths
  if [ "$poll_rc" != 0 ] || ! grep -q '^hcil' /tmp/poll.out; then failed_polls=$((failed_polls + 1)); fi
  polls=$((polls + 1)); lat_sum=$((lat_sum + ms)); [ "$ms" -gt "$lat_max" ] && lat_max=$ms
  time_of /bin/true; [ "$ms" -gt "$spawn_max" ] && spawn_max=$ms
  ok=0
  while read -r m n; do [ "$n" = "${TARGET[$m]:-}" ] && [ "$(table_paths "$m")" = "$n" ] && ok=$((ok + 1)); done < <(map_paths)
  read -r t1 _ < /proc/uptime
  if [ "$ok" = 4 ]; then done_at=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }'); break; fi
  awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a > 900) }' && break
  sleep 0.2
done
wait "$adder"
# The daemon's own time per 'show paths' during the storm (-v 3 logs it), against the client's round trip.
added_at=$(awk -v a="$t0" '{ printf "%.1f", $1 - a }' /tmp/storm.added 2> /dev/null)
settled_at=$(awk -v a="$t0" '{ printf "%.1f", $1 - a }' /tmp/storm.settled 2> /dev/null)
served=$(tail -n +"$mark" /xchg/mpathd-uevents.log | grep -o "'show paths *' from pid [0-9]*: answered in [0-9.]* ms" \
  | awk '{ v = $(NF - 1); n++; s += v; if (v > m) m = v } END { if (n) printf "%d answers, max %.1f ms, mean %.1f ms", n, m, s / n; else print "none logged" }')
summary="$((STORM_HOSTS * 4)) new paths; show paths round trip during the storm: $polls polls, max ${lat_max} ms, mean $((lat_sum / polls)) ms (at rest: max ${idle_max} ms, mean $((idle_sum / 5)) ms); inside the daemon: $served; starting /bin/true: ${spawn_idle} ms at rest, up to ${spawn_max} ms during the storm; scsi_debug done adding after ${added_at:-?} s, udev settled after ${settled_at:-?} s, all maps complete after ${done_at:-never} s"
echo "STORM: $summary"
echo "$summary" > /xchg/storm.txt
same "storm: the control socket answered every poll" 0 "$failed_polls"
if [ -n "$done_at" ]; then pass "storm: $((STORM_HOSTS * 4)) new paths, every map complete ($STORM_HOSTS paths more each)" "$summary"
else fail "storm: $((STORM_HOSTS * 4)) new paths, every map complete ($STORM_HOSTS paths more each)" "$summary; $(map_paths | tr '\n' ' ')"; fi
contains "storm: the daemon logged batched uevents" 'uevent batch: [0-9]+ events' "$(cat /xchg/mpathd-uevents.log)"
io_verify "storm: I/O through the map still works" "$wwid0"

kill "$UPID"; wait "$UPID"
same "uevents: the daemon exits cleanly" 0 "$?"
grep -E 'uevent batch|reloaded with|created' /xchg/mpathd-uevents.log | tail -20 | sed 's/^/LOG: /'
"$MPATH" flush --all > /dev/null 2>&1
SUITE=sdebug
