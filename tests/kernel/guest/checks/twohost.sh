#!/bin/bash
# Two "servers" share one active/passive LUN on a real kernel (issue #8): LIO with HOSTS=2 exports one LU through
# four tcm_loop SCSI hosts (server A: port 1 in TPG 1, port 2 in TPG 2; server B likewise), lio-ap-array makes
# the target trespass like an active/passive array, and each server runs its own mpath daemon (a named instance
# that sees only its own two paths). Both prefer TPG 1 statically (the PREF bit + alua exclusive_pref_bit).
# Fault: B's path to TPG 1 goes offline for FAULT_S seconds. Per failback mode we count ownership moves, I/O
# errors, I/O stalls and the time until both servers are back on TPG 1, and assert what each mode must do.
SUITE=twohost
. "$(dirname "$0")/lib.sh"
set -u
POLL=${TWOHOST_POLL:-2}          # polling_interval (s)
SETTLE_S=${TWOHOST_SETTLE:-8}     # before the fault: both servers on TPG 1, initial pg_init done
FAULT_S=${TWOHOST_FAULT:-24}      # fault length: long enough for immediate to ping-pong several times
AFTER_S=${TWOHOST_AFTER:-14}      # after the repair: return, then stability
MODES=${TWOHOST_MODES:-followover immediate manual}
STALL_MIN=1.0                     # a read that takes this long (s) or longer counts as a stall

. /run/lab-lio.env
# sd_of HOSTNUM: the sd device behind a SCSI host (one LUN per host here).
sd_of() { local b; for b in /sys/class/scsi_host/host"$1"/device/target*/*/block/*; do [ -e "$b" ] && echo "${b##*/}"; done | head -1; }
A1=$(sd_of "$LIO_HOST_0_1") A2=$(sd_of "$LIO_HOST_0_2") B1=$(sd_of "$LIO_HOST_1_1") B2=$(sd_of "$LIO_HOST_1_2")
same "four LIO paths: A to TPG 1/2, B to TPG 1/2" 4 "$(printf '%s\n' "$A1" "$A2" "$B1" "$B2" | grep -c '^sd')"
LU=$(echo /sys/kernel/config/target/core/*/lu0)
tpg_state() { cat "$LU/alua/tpg$1/alua_access_state"; }
contains "TPG 1 carries the preferred bit (RTPG)" "^1$" "$(cat "$LU/alua/tpg1/preferred")"
wwid=$("$MPATH" discover --json | jq -r '.paths[0].wwid')

"$MPATH" flush --all > /dev/null 2>&1
"$(dirname "$0")/../tools/lio-ap-array" 0.2 > /tmp/lio-ap.log 2>&1 &
AP=$!
sleep 1
if kill -0 "$AP" 2> /dev/null; then pass "the active/passive emulator runs"; else fail "the active/passive emulator runs" "$(cat /tmp/lio-ap.log)"; fi

# server NAME FAILBACK OTHER_DEVS: a configuration that leaves the server only its own two paths.
server_conf() {
  mkdir -p "/tmp/$1"
  cat > "/tmp/$1/multipath.conf" <<CONF
defaults {
	user_friendly_names yes
	find_multipaths no
	polling_interval $POLL
	max_polling_interval $((POLL * 2))
	config_dir /nonexistent
}
blacklist {
	devnode "^($3)\$"
}
devices {
	device {
		vendor "LIO-ORG"
		product ".*"
		path_grouping_policy group_by_prio
		prio alua
		prio_args "exclusive_pref_bit"
		hardware_handler "1 alua"
		path_checker tur
		failback $2
		no_path_retry queue
	}
}
CONF
}

# io_loop MAP LOG STOP: 4 KiB direct reads until STOP exists; one "start end rc" line per read.
io_loop() {
  local s e rc
  while [ ! -e "$3" ]; do
    s=$EPOCHREALTIME
    dd if="/dev/mapper/$1" of=/dev/null bs=4k count=1 skip=$((RANDOM % 2048)) iflag=direct status=none 2>/dev/null
    rc=$?
    e=$EPOCHREALTIME
    echo "$s $e $rc" >> "$2"
    read -r -t 0.05 -u 7 _ 2>/dev/null
  done
}
# A private fifo to sleep on (read -t needs no fork; sleep(1) costs 50-300 ms under TCG).
fifo=$(mktemp -u /tmp/twohost.XXXXXX); mkfifo "$fifo"; exec 7<> "$fifo"; rm -f "$fifo"

# first_group_active MAP: the kernel's active group of MAP is its first, the server's TPG 1 path (by priority).
first_group_active() { [ "$(group_states "$1" | cut -d' ' -f1)" = A ]; }

# io_stats LOG FROM TO: "reads errors stall_total_s worst_s" for reads started in [FROM, TO] (epoch seconds)
io_stats() {
  awk -v from="$2" -v to="$3" -v min="$STALL_MIN" '
    $1 >= from && $1 <= to { n++; if ($3 != 0) err++; d = $2 - $1; if (d > worst) worst = d; if (d >= min) stall += d }
    END { printf "%d %d %.1f %.1f\n", n, err, stall, worst }' "$1"
}

declare -A MOVES ERR_A ERR_B STALL_A STALL_B WORST_A WORST_B RETURN
for mode in $MODES; do
  # Reset the array: TPG 1 active/optimized, TPG 2 standby, all four paths running; no maps.
  for d in "$A1" "$A2" "$B1" "$B2"; do echo running > "/sys/block/$d/device/state"; done
  echo 0 > "$LU/alua/tpg1/alua_access_state"; echo 2 > "$LU/alua/tpg2/alua_access_state"
  dmsetup remove srvA-mpatha > /dev/null 2>&1; dmsetup remove srvB-mpatha > /dev/null 2>&1
  rm -rf /tmp/srvA /tmp/srvB /tmp/io-*.stop
  server_conf srvA "$mode" "$B1|$B2"
  server_conf srvB "$mode" "$A1|$A2"
  for s in srvA srvB; do
    "$MPATH" daemon --instance "$s" --config "/tmp/$s/multipath.conf" --socket "@mpath-$s" \
      --lock-file "/tmp/$s/lock" -v 3 > "/xchg/twohost-$mode-$s.log" 2>&1 &
    eval "PID_$s=\$!"
  done
  for _ in $(seq 1 120); do
    [ -e /dev/mapper/srvA-mpatha ] && [ -e /dev/mapper/srvB-mpatha ] && break
    sleep 0.5
  done
  if ! [ -e /dev/mapper/srvA-mpatha ] || ! [ -e /dev/mapper/srvB-mpatha ]; then
    fail "$mode: both instances create their map" "$(ls /dev/mapper); $(tail -3 "/xchg/twohost-$mode-srvA.log")"
    kill "$PID_srvA" "$PID_srvB" 2> /dev/null; wait "$PID_srvA" "$PID_srvB" 2> /dev/null
    continue
  fi
  udevadm settle -t 30
  [ "$mode" = "${MODES%% *}" ] && {
    same "instances: each map holds only its server's paths" "$(devt_of "$A1") $(devt_of "$A2")|$(devt_of "$B1") $(devt_of "$B2")" \
      "$(dmsetup table srvA-mpatha | grep -oE '[0-9]+:[0-9]+' | xargs)|$(dmsetup table srvB-mpatha | grep -oE '[0-9]+:[0-9]+' | xargs)"
    same "instances: dm uuids carry the instance" "srvA-mpath-$wwid srvB-mpath-$wwid" \
      "$(dmsetup info -c --noheadings -o uuid srvA-mpatha) $(dmsetup info -c --noheadings -o uuid srvB-mpatha)"
    contains "instances: each answers on its own socket" "srvB-mpatha" "$("$MPATH" show maps --socket @mpath-srvB 2>&1)"
  }
  io_loop srvA-mpatha "/tmp/io-$mode-A.log" /tmp/io-A.stop &
  IO_A=$!
  io_loop srvB-mpatha "/tmp/io-$mode-B.log" /tmp/io-B.stop &
  IO_B=$!
  sleep "$SETTLE_S"
  before="$(first_group_active srvA-mpatha && echo A1)$(first_group_active srvB-mpatha && echo B1) tpg1=$(tpg_state 1)"
  same "$mode: before the fault both servers use TPG 1, which is active/optimized" "A1B1 tpg1=0" "$before"

  # Fault: server B loses its path to TPG 1.
  read -r up_fault _ < /proc/uptime; t_fault=$EPOCHREALTIME
  echo offline > "/sys/block/$B1/device/state"
  sleep "$FAULT_S"
  read -r up_repair _ < /proc/uptime; t_repair=$EPOCHREALTIME
  echo running > "/sys/block/$B1/device/state"
  back=
  while :; do
    now=$EPOCHREALTIME
    if [ -z "$back" ] && first_group_active srvA-mpatha && first_group_active srvB-mpatha && [ "$(tpg_state 1)" = 0 ]; then
      back=$(awk -v a="$t_repair" -v b="$now" 'BEGIN { printf "%.1f", b - a }')
    fi
    awk -v a="$t_repair" -v b="$now" -v lim="$AFTER_S" 'BEGIN { exit !(b - a >= lim) }' && break
    sleep 0.2
  done
  t_end=$EPOCHREALTIME
  touch /tmp/io-A.stop /tmp/io-B.stop
  wait "$IO_A" "$IO_B"
  read -r up_end _ < /proc/uptime
  kill "$PID_srvA" "$PID_srvB"; wait "$PID_srvA" "$PID_srvB"

  moves=$(awk -v a="$up_fault" -v b="$up_end" '$2 >= a && $2 <= b' /tmp/lio-ap.log | grep -c 'became AO')
  moves_after=$(awk -v a="$up_repair" -v b="$up_end" '$2 >= a && $2 <= b' /tmp/lio-ap.log | grep -c 'became AO')
  read -r nA errA stallA worstA <<< "$(io_stats "/tmp/io-$mode-A.log" "$t_fault" "$t_end")"
  read -r nB errB stallB worstB <<< "$(io_stats "/tmp/io-$mode-B.log" "$t_fault" "$t_end")"
  MOVES[$mode]=$moves ERR_A[$mode]=$errA ERR_B[$mode]=$errB STALL_A[$mode]=$stallA STALL_B[$mode]=$stallB
  WORST_A[$mode]=$worstA WORST_B[$mode]=$worstB RETURN[$mode]=${back:-never}
  detail="moves $moves ($moves_after after the repair), back on TPG 1 after ${back:-never} s, reads A $nA B $nB, errors A $errA B $errB, stall A ${stallA}s (worst ${worstA}s) B ${stallB}s (worst ${worstB}s)"
  echo "twohost $mode: $detail"
  same "$mode: no I/O errors on either server ($detail)" "0 0" "$errA $errB"
  case $mode in
    followover)
      same "followover: exactly two ownership moves per fault and repair" 2 "$moves"
      if [ -n "$back" ] && awk -v t="$back" -v lim="$((POLL + 3))" 'BEGIN { exit !(t <= lim) }'; then
        pass "followover: both servers back on TPG 1 within one checker interval (+3 s transition) of the repair" "$back s"
      else
        fail "followover: both servers back on TPG 1 within one checker interval (+3 s transition) of the repair" "${back:-never}"
      fi ;;
    immediate)
      if [ "$moves" -ge 4 ]; then pass "immediate: the LUN ping-pongs during the fault" "$moves moves"
      else fail "immediate: the LUN ping-pongs during the fault" "$moves moves"; fi ;;
    manual)
      same "manual: one ownership move and no return" "1 never" "$moves ${back:-never}" ;;
  esac
done
kill "$AP" 2> /dev/null
cp /tmp/lio-ap.log /tmp/io-*.log /xchg/ 2> /dev/null
for d in "$A1" "$A2" "$B1" "$B2"; do echo running > "/sys/block/$d/device/state"; done

# The table README.md shows (run.sh keeps it as $LAB_ART/runs/twohost.md).
{
  printf '| | %s |\n' "$(sed 's/ / | /g' <<< "$MODES")"
  printf '|---|%s\n' "$(for _ in $MODES; do printf -- '---|'; done)"
  row() { local label=$1; shift; printf '| %s |' "$label"; for m in $MODES; do printf ' %s |' "$("$@" "$m")"; done; printf '\n'; }
  v_moves() { echo "${MOVES[$1]:--}"; }
  v_err() { echo "${ERR_A[$1]:--} / ${ERR_B[$1]:--}"; }
  v_stall() { echo "${STALL_A[$1]:--} s / ${STALL_B[$1]:--} s"; }
  v_worst() { echo "${WORST_A[$1]:--} s / ${WORST_B[$1]:--} s"; }
  v_back() { [ "${RETURN[$1]:-never}" = never ] && echo never || echo "${RETURN[$1]} s"; }
  row "Ownership moves (fault + repair)" v_moves
  row "I/O errors (A / B)" v_err
  row "I/O stalled >= ${STALL_MIN} s, total (A / B)" v_stall
  row "Longest single read (A / B)" v_worst
  row "Both back on TPG 1 after the repair" v_back
} > /xchg/twohost.md
cat /xchg/twohost.md
exit 0
