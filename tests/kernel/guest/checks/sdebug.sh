#!/bin/bash
# Guest-side checks on scsi_debug (run.sh boots with sdebug:PATHS=4,LUNS=4: 4 LUNs x 4 paths,
# ALUA state per SCSI host: host_no % 3 -> 0 AO, 1 ANO, 2 standby).
SUITE=sdebug
. "$(dirname "$0")/lib.sh"
set -u

lsscsi > /xchg/lsscsi.txt
mapfile -t SDS < <(cd /sys/block && ls -d sd* | sort -V)
echo "devices: ${SDS[*]}"
[ "${#SDS[@]}" -eq 16 ] && pass "16 sd devices present" || fail "16 sd devices present" "${SDS[*]}"

# udev's view: ID_SERIAL per device (multipathd's default uid_attribute)
declare -A SERIAL
for d in "${SDS[@]}"; do
  SERIAL[$d]=$(udevadm info -q property -n "/dev/$d" | sed -n 's/^ID_SERIAL=//p')
done
# the first LUN's four paths, in SCSI host order
wwid0=${SERIAL[${SDS[0]}]}
mapfile -t P0 < <(for d in "${SDS[@]}"; do [ "${SERIAL[$d]}" = "$wwid0" ] && echo "$d"; done)
echo "LUN0 wwid=$wwid0 paths=${P0[*]}"
SECTORS=$(cat "/sys/block/${P0[0]}/size")
D0=$(devt_of "${P0[0]}") D1=$(devt_of "${P0[1]}") D2=$(devt_of "${P0[2]}") D3=$(devt_of "${P0[3]}")

. "$(dirname "$0")/sdebug-dm.sh"
[ -f "$(dirname "$0")/sdebug-discover.sh" ] && . "$(dirname "$0")/sdebug-discover.sh"
. "$(dirname "$0")/sdebug-apply.sh"
. "$(dirname "$0")/sdebug-daemon.sh"
. "$(dirname "$0")/sdebug-findmp.sh"
. "$(dirname "$0")/sdebug-faults.sh"
. "$(dirname "$0")/sdebug-soak.sh"
. "$(dirname "$0")/sdebug-uevents.sh"
exit 0
