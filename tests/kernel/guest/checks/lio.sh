#!/bin/bash
# Guest-side checks on LIO (tcm_loop): one LU through two ports, TPG 1 active/optimized (sda),
# TPG 2 standby (sdb), explicit+implicit ALUA.
SUITE=lio
. "$(dirname "$0")/lib.sh"
set -u

json=$("$MPATH" discover --json 2>&1)
same "discover: two LIO paths" "sda sdb" "$(jq -r '[.paths[] | select(.vendor=="LIO-ORG") | .dev] | join(" ")' <<< "$json")"
want=$(for d in sda sdb; do echo "$d $(udevadm info -q property -n /dev/$d | sed -n 's/^ID_SERIAL=//p')"; done)
same "discover WWIDs equal udev ID_SERIAL" "$want" "$(jq -r '.paths[] | "\(.dev) \(.wwid)"' <<< "$json")"
contains "LIO WWID is the NAA designator" '^sda 36001405' "$(jq -r '.paths[0] | "\(.dev) \(.wwid)"' <<< "$json")"
want=$(for d in sda sdb; do echo "$d $(sg_alua "$d")"; done)
same "discover ALUA states equal sg_rtpg (AO/standby)" "sda active/optimized
sdb standby" "$want"
same "discover ALUA matches sg_rtpg" "$want" "$(jq -r '.paths[] | "\(.dev) \(.alua.state)"' <<< "$json")"
same "discover TPG ids from VPD 0x83" "1 2" "$(jq -r '[.paths[].alua.tpg] | join(" ")' <<< "$json")"
same "discover serial is the LIO unit serial" "1ab10000-0000-4000-8000-000000000000" "$(jq -r '.paths[0].serial' <<< "$json")"
want=$(lsscsi | sed -n 's#^\[\([0-9:]*\)\].* /dev/\(sd[a-z]*\) *$#\2 \1#p' | sort)
same "discover H:B:T:L equal lsscsi" "$want" "$(jq -r '.paths[] | "\(.dev) \(.hbtl)"' <<< "$json" | sort)"

# --- tur checker: AO port up, standby port ghost
out=$("$MPATH" check sda 2>&1); rc=$?
same "tur on the active/optimized port: ready" "0 sda: ready: tur checker reports path is up" "$rc $out"
out=$("$MPATH" check sdb 2>&1); rc=$?
same "tur on the standby port: ghost (exit 0, usable)" "0 sdb: ghost: tur checker reports path is in standby state" "$rc $out"
out=$("$MPATH" check sdb --checker readsector0 2>&1); rc=$?
contains "readsector0 on the standby port: faulty with decoded sense" "^sdb: faulty: .*not ready, asc/ascq 04/0b \(logical unit not accessible, target port in standby state\)" "$out"

# --- a map with the alua hardware handler; list vs multipath -ll (ghost path shown)
SECTORS=$(cat /sys/block/sda/size)
wwid=$(jq -r '.paths[0].wwid' <<< "$json")
check "dm create with hwhandler 1 alua" "$MPATH" dm create kt_alua "mpath-$wwid" "$SECTORS" \
  "1 queue_if_no_path 1 alua 2 1 service-time 0 1 2 8:0 1 1 service-time 0 1 2 8:16 1 1"
udevadm settle
compare_with_multipath_ll "list equals multipath -ll (ALUA groups, ghost path)"
contains "list shows the standby path as ghost" "1:0:1:0 sdb 8:16 +active ghost running" "$("$MPATH" list)"
contains "list: group priorities from ALUA (50 active, 1 standby)" "prio=50 status=active.*prio=1 status=enabled" "$("$MPATH" list | tr '\n' ' ')"
check "flush the ALUA map" "$MPATH" flush kt_alua

# --- explicit ALUA transition through mpath's own STPG (down the standby port): the device and the checkers follow
out=$("$MPATH" alua sdb --set 1=sb --set 2=ao 2>&1); rc=$?
states=$(sed 's/ [(].*//' <<< "$out" | tr '\n' '|')
same "mpath alua --set (STPG) succeeds and reports the new states" "0 tpg 1 standby ports 1|tpg 2 active/optimized ports 2|" "$rc $states"
same "after STPG: sg_rtpg agrees" "sda standby
sdb active/optimized" "$(for d in sda sdb; do echo "$d $(sg_alua "$d")"; done)"
same "after STPG: tur on the old AO port is ghost" "sda: ghost: tur checker reports path is in standby state" "$("$MPATH" check sda 2>&1)"
same "after STPG: tur on the old standby port is ready" "sdb: ready: tur checker reports path is up" "$("$MPATH" check sdb 2>&1)"
same "after STPG: discover --rtpg sees the new states" "sda standby
sdb active/optimized" "$("$MPATH" discover --json --rtpg | jq -r '.paths[] | "\(.dev) \(.alua.state)"')"
contains "mpath alua marks the device's own group" "^tpg 1 standby .*<- sda$" "$("$MPATH" alua sda 2>&1)"
# and back with sg_stpg, so both tools are seen to drive the same target
sg_stpg --tp=1,2 --state=ao,sb /dev/sda > /tmp/stpg.out 2>&1 || fail "sg_stpg back" "$(cat /tmp/stpg.out)"
same "after sg_stpg back: tur on sda ready, on sdb ghost" "sda: ready|sdb: ghost" \
  "$("$MPATH" check sda | cut -d: -f1-2)|$("$MPATH" check sdb | cut -d: -f1-2)"
out=$("$MPATH" alua sda --set 9=ao 2>&1); rc=$?
[ "$rc" = 1 ] && grep -q 'SET TARGET PORT GROUPS failed: check condition, sense key illegal request' <<< "$out" \
  && pass "STPG for an unknown group fails with decoded sense" || fail "STPG for an unknown group fails with decoded sense" "rc=$rc $out"
# --- mpath apply: the ALUA map (hwtable LIO-ORG: group_by_prio, alua), I/O, STPG, reload with the groups swapped
rm -f /etc/multipath/bindings
A=$(devt_of sda) B=$(devt_of sdb)
out=$("$MPATH" apply 2>&1); rc=$?
same "apply creates the ALUA map" "0 create: mpatha ($wwid) LIO-ORG,RAMDISK-MCP" "$rc $(head -1 <<< "$out" | sed -E 's/ dm-[0-9]+ / /')"
contains "apply prints the map's topology under the create line, as multipath -v2" "^size=16M features='1 queue_if_no_path' hwhandler='1 alua'" "$out"
udevadm settle
contains "apply: group_by_prio with alua, the AO group (sda) first" \
  "^0 $SECTORS multipath 1 queue_if_no_path 1 alua 2 1 service-time 0 1 2 $A 1 1 service-time 0 1 2 $B 1 1\$" "$(dmsetup table mpatha | sed 's/ *$//')"
io_verify "apply: I/O through the map (write, read back, compare)" mpatha
out=$("$MPATH" alua sdb --set 1=sb --set 2=ao 2>&1) || fail "STPG to make sdb active" "$out"
out=$("$MPATH" apply 2>&1); rc=$?
same "apply after STPG reloads the map" "0 reload: mpatha ($wwid) LIO-ORG,RAMDISK-MCP" "$rc $(head -1 <<< "$out" | sed -E 's/ dm-[0-9]+ / /')"
contains "apply after STPG: groups swapped, the new AO group (sdb) first" \
  "^0 $SECTORS multipath 1 queue_if_no_path 1 alua 2 [12] service-time 0 1 2 $B 1 1 service-time 0 1 2 $A 1 1\$" "$(dmsetup table mpatha | sed 's/ *$//')"
io_verify "apply after STPG: I/O through the reloaded map" mpatha
out=$("$MPATH" apply 2>&1); rc=$?
same "apply once more: no-op" "0 " "$rc $out"
udevadm settle
check "flush the applied map" "$MPATH" flush mpatha
. "$(dirname "$0")/lio-prio.sh"
exit 0
