# discovery, list, flush and checkers on scsi_debug (sourced by sdebug.sh; SDS, SERIAL, P0, D0..D3, SECTORS set).

json=$("$MPATH" discover --json 2>/tmp/discover.err); rc=$?
same "discover --json exit code" 0 "$rc"
same "discover finds the 16 sd devices" "${SDS[*]}" "$(jq -r '[.paths[].dev] | join(" ")' <<< "$json")"
want=$(for d in "${SDS[@]}"; do echo "$d ${SERIAL[$d]}"; done)
same "discover WWIDs equal udev ID_SERIAL" "$want" "$(jq -r '.paths[] | "\(.dev) \(.wwid)"' <<< "$json")"
same "discover finds 4 distinct WWIDs" 4 "$(jq -r '.paths[].wwid' <<< "$json" | sort -u | wc -l)"
want=$(lsscsi | sed -n 's#^\[\([0-9:]*\)\].* /dev/\(sd[a-z]*\) *$#\2 \1#p' | sort)
same "discover H:B:T:L equal lsscsi" "$want" "$(jq -r '.paths[] | "\(.dev) \(.hbtl)"' <<< "$json" | sort)"
# sg_rtpg for LUN 0's four paths: one per SCSI host, so AO, ANO and standby are all covered (every LUN
# of a scsi_debug host has its host's state); sg3_utils per device costs seconds under TCG.
want=$(for d in "${P0[@]}"; do echo "$d $(sg_alua "$d")"; done)
same "LUN 0 paths cover AO, ANO and standby" "active/non-optimized active/optimized standby" "$(cut -d' ' -f2 <<< "$want" | sort -u | tr '\n' ' ' | sed 's/ $//')"
lun0=$(printf '"%s",' "${P0[@]}"); lun0="[${lun0%,}]"
same "discover ALUA states equal sg_rtpg" "$want" "$(jq -r --argjson l "$lun0" '.paths[] | select(.dev as $d | $l | index($d)) | "\(.dev) \(.alua.state // "-")"' <<< "$json")"
json_rtpg=$("$MPATH" discover --json --rtpg 2>&1)
same "discover --rtpg (SG_IO RTPG) ALUA states equal sg_rtpg" "$want" "$(jq -r --argjson l "$lun0" '.paths[] | select(.dev as $d | $l | index($d)) | "\(.dev) \(.alua.state // "-")"' <<< "$json_rtpg")"
same "discover: every LUN of a host has the host's ALUA state" "4" "$(jq -r '[.paths[] | "\(.hbtl | split(":")[0]) \(.alua.state)"] | unique | length' <<< "$json")"
same "discover dev_t and size from sysfs" "$(cat /sys/block/sda/dev) $(cat /sys/block/sda/size)" "$(jq -r '.paths[] | select(.dev=="sda") | "\(.devt) \(.size_sectors)"' <<< "$json")"
same "discover vendor/product/state" "Linux scsi_debug running" "$(jq -r '.paths[0] | "\(.vendor) \(.product) \(.state)"' <<< "$json")"
same "discover serial equals VPD 0x80 (sg_inq)" "$(sg_vpd -p sn -r /dev/sda 2>/dev/null | tail -c +5 | tr -d '\0' | sed 's/ *$//')" "$(jq -r '.paths[0].serial' <<< "$json")"

# --- list: two maps built from discovery's grouping, compared with Debian's multipath -ll
wwid1=$(jq -r '.paths[].wwid' <<< "$json" | sort -u | grep -vx "$wwid0" | head -1)
mapfile -t P1 < <(jq -r --arg w "$wwid1" '.paths[] | select(.wwid==$w) | .devt' <<< "$json")
"$MPATH" dm create kt_l0 "mpath-$wwid0" "$SECTORS" "0 0 2 1 service-time 0 2 1 $D0 1 $D3 1 service-time 0 2 1 $D1 1 $D2 1"
"$MPATH" dm create kt_l1 "mpath-$wwid1" "$SECTORS" "1 queue_if_no_path 1 alua 1 1 round-robin 0 4 1 ${P1[0]} 1 ${P1[1]} 1 ${P1[2]} 1 ${P1[3]} 1"
udevadm settle
compare_with_multipath_ll "list output equals multipath -ll (names, wwids, dm-N, size, features, hwhandler, groups, paths; prio masked)"
lj=$("$MPATH" list --json 2>&1)
same "list --json: map names" "kt_l0 kt_l1" "$(jq -r '[.maps[].name] | join(" ")' <<< "$lj")"
same "list --json: group count per map" "2 1" "$(jq -r '[.maps[] | .path_groups | length] | join(" ")' <<< "$lj")"
same "list --json: path devs of kt_l0 per group" "${P0[0]} ${P0[3]}|${P0[1]} ${P0[2]}" "$(jq -r '.maps[0].path_groups | map(.paths | map(.dev) | join(" ")) | join("|")' <<< "$lj")"
same "list --json: wwid, features, hwhandler of kt_l1" "$wwid1|1 queue_if_no_path|1 alua" "$(jq -r '.maps[1] | "\(.wwid)|\(.features)|\(.hwhandler)"' <<< "$lj")"
"$MPATH" dm message kt_l0 fail_path "$D3"
same "list shows a failed path as failed" "failed" "$("$MPATH" list --json kt_l0 | jq -r --arg d "$D3" '.maps[0].path_groups[].paths[] | select(.dev_t==$d) | .dm_st')"
compare_with_multipath_ll "list equals multipath -ll with a failed path"
"$MPATH" dm message kt_l0 reinstate_path "$D3"

# --- flush
dmsetup create kt_lin --table "0 8 linear $D0 0"
exec 3</dev/mapper/kt_l0
out=$("$MPATH" flush kt_l0 2>&1); rc=$?
[ "$rc" = 1 ] && grep -q 'kt_l0: in use (open count 1), not removed' <<< "$out" && dmsetup info kt_l0 > /dev/null 2>&1 \
  && pass "flush refuses a map held open (exit 1, map kept)" || fail "flush refuses a map held open (exit 1, map kept)" "rc=$rc $out"
out=$("$MPATH" flush --all 2>&1); rc=$?
[ "$rc" = 1 ] && ! dmsetup info kt_l1 > /dev/null 2>&1 && dmsetup info kt_l0 > /dev/null 2>&1 && dmsetup info kt_lin > /dev/null 2>&1 \
  && pass "flush --all removes unused multipath maps, keeps the open one and non-multipath maps, exits 1" \
  || fail "flush --all removes unused multipath maps, keeps the open one and non-multipath maps, exits 1" "rc=$rc $out; $(dmsetup ls)"
exec 3<&-
out=$("$MPATH" flush kt_l0 2>&1); rc=$?
[ "$rc" = 0 ] && ! dmsetup info kt_l0 > /dev/null 2>&1 && pass "flush removes the map once closed" || fail "flush removes the map once closed" "rc=$rc $out"
out=$("$MPATH" flush kt_lin 2>&1); rc=$?
[ "$rc" = 1 ] && grep -q 'not a multipath map' <<< "$out" && dmsetup info kt_lin > /dev/null 2>&1 \
  && pass "flush refuses a non-multipath map" || fail "flush refuses a non-multipath map" "rc=$rc $out"
dmsetup remove kt_lin
same "no maps left" "" "$("$MPATH" list 2>&1)"

# --- checkers on a live path and on an offline one
for c in tur directio readsector0; do
  contains "checker $c on a running path: ready" "^sda: ready: $c checker reports path is up" "$("$MPATH" check sda --checker "$c" 2>&1)"
done
echo offline > /sys/block/sda/device/state
out=$("$MPATH" check sda --checker tur 2>&1); rc=$?
[ "$rc" = 1 ] && grep -q '^sda: faulty: tur checker reports path is down' <<< "$out" \
  && pass "tur on an offline device: faulty, exit 1" || fail "tur on an offline device: faulty, exit 1" "rc=$rc $out"
echo running > /sys/block/sda/device/state
same "discover reports the device state" "running" "$("$MPATH" discover --json | jq -r '.paths[0].state')"
