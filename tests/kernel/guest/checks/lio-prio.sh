# Priority refresh in the running daemon (sourced by lio.sh at its end: sda in TPG 1 standby, sdb in TPG 2
# active/optimized; uses wwid, A and B from there). An STPG moves the AO group; the daemon must notice by itself
# (no reconfigure) and, per failback: immediate regroups the map, followover only shows the new priorities.
SUITE=prio
write_conf() {
  cat > /tmp/mpathd-prio.conf <<CONF
defaults {
	find_multipaths no
	user_friendly_names no
	polling_interval 1
	max_polling_interval 2
	config_dir /nonexistent
}
overrides {
	path_checker tur
	failback $1
}
CONF
}
write_conf immediate
"$MPATH" daemon --config /tmp/mpathd-prio.conf --lock-file /tmp/mpathd-prio.lock -v 3 > /xchg/mpathd-prio.log 2>&1 &
PPID_DAEMON=$!
prios() { multipathd show paths raw format "%d %p" 2> /dev/null | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'; }
table() { dmsetup table "$wwid" 2> /dev/null | sed 's/ *$//'; }
# wait_for WHAT WANT SECONDS: until the output of WHAT equals (or, with ~, matches) WANT
wait_for() {
  local got i
  for ((i = 0; i < $3 * 5; i++)); do
    got=$($1)
    case $2 in "~"*) grep -qE -- "${2#\~}" <<< "$got" && break ;; *) [ "$got" = "$2" ] && break ;; esac
    sleep 0.2
  done
  echo "$got"
}
first_b="2 [12] service-time 0 1 2 $B 1 1 service-time 0 1 2 $A 1 1\$"
first_a="2 [12] service-time 0 1 2 $A 1 1 service-time 0 1 2 $B 1 1\$"

contains "daemon: the map has the AO group (sdb) first" "$first_b" "$(wait_for table "~$first_b" 60)"
same "daemon: ALUA priorities (standby 1, AO 50)" "sda 1 sdb 50" "$(wait_for prios "sda 1 sdb 50" 30)"

# failback immediate + group_by_prio: the priority change regroups the map, the new AO group first
out=$("$MPATH" alua sda --set 1=ao --set 2=sb 2>&1) || fail "prio: STPG to make sda active" "$out"
same "immediate: the daemon reads the new priorities" "sda 50 sdb 1" "$(wait_for prios "sda 50 sdb 1" 60)"
contains "immediate: the map is reloaded with the new AO group (sda) first" "$first_a" "$(wait_for table "~$first_a" 60)"
io_verify "immediate: I/O through the regrouped map" "$wwid"

# followover: the same change shows in the priorities, but the map is neither regrouped nor switched
# (a new daemon: reconfigure does not yet give running maps a changed failback policy)
kill "$PPID_DAEMON"; wait "$PPID_DAEMON"
write_conf followover
"$MPATH" daemon --config /tmp/mpathd-prio.conf --lock-file /tmp/mpathd-prio.lock -v 3 >> /xchg/mpathd-prio.log 2>&1 &
PPID_DAEMON=$!
same "followover daemon: the map as left (sda first), priorities read" "sda 50 sdb 1" "$(wait_for prios "sda 50 sdb 1" 60)"
next_before=$(pg_next "$wwid")
out=$("$MPATH" alua sdb --set 1=sb --set 2=ao 2>&1) || fail "prio: STPG to make sdb active" "$out"
same "followover: the daemon reads the new priorities" "sda 1 sdb 50" "$(wait_for prios "sda 1 sdb 50" 60)"
contains "followover: the table keeps its groups (sda first)" "$first_a" "$(table)"
same "followover: the kernel's next group is unchanged" "$next_before" "$(pg_next "$wwid")"
same "daemon log: the priority refresh regrouped the map once (immediate only)" 1 "$(grep -c 'reloaded with 2 paths' /xchg/mpathd-prio.log)"

kill "$PPID_DAEMON"; wait "$PPID_DAEMON"
same "prio: the daemon exits cleanly" 0 "$?"
"$MPATH" flush --all > /dev/null 2>&1
SUITE=lio
