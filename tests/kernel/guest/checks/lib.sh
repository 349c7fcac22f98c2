# Sourced by the guest-side check scripts. Results go to /xchg/results.tsv, one line per check:
#   passed|failed|skipped<TAB>name<TAB>detail
# MPATH (the NativeAOT binary under test) comes from run.sh through the guest environment.
RESULTS=${RESULTS:-/xchg/results.tsv}
MPATH=${MPATH:?MPATH must point at the mpath binary}
SUITE=${SUITE:-kernel}

# Everything here avoids forks where it can: under TCG each fork+exec costs 50-300 ms.
# flat TEXT -> FLAT: tabs/newlines to spaces, cut to 600 characters
flat() { FLAT=${1//$'\t'/ }; FLAT=${FLAT//$'\n'/ }; FLAT=${FLAT:0:600}; }
# guest uptime stamps in the progress lines show which checks are slow
record() {
  local outcome=$1 name=$2 t _; flat "${3:-}"; read -r t _ < /proc/uptime
  printf '%s\t%s: %s\t%s\n' "$outcome" "$SUITE" "$name" "$FLAT" >> "$RESULTS"
  printf '%s %s%s [%s]\n' "${outcome^^}" "$name" "${3:+: $FLAT}" "$t"
}
pass() { record passed "$1" "${2:-}"; }
fail() { record failed "$1" "${2:-}"; }
skip() { record skipped "$1" "${2:-}"; }

# check NAME CMD...: passes when CMD exits 0; the detail of a failure is CMD's output.
check() {
  local name=$1 out; shift
  if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "rc=$? $out"; fi
}

# same NAME WANT GOT: passes when the two strings are equal.
same() {
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "wanted [$2] got [$3]"; fi
}

# contains NAME PATTERN TEXT: passes when TEXT matches the extended regex PATTERN.
contains() {
  if grep -qE -- "$2" <<< "$3"; then pass "$1"; else fail "$1" "/$2/ not in [$3]"; fi
}

# The multipath status words of a map, after the target type: "2 0 0 0 2 1 A 0 2 1 8:0 A 0 ..."
dm_status_words() { dmsetup status "$1" | sed 's/^[0-9]* [0-9]* multipath //'; }

# pg_next MAP: the 1-based number of the path group the kernel will use next (from dmsetup status).
pg_next() {
  local -a w; read -ra w <<< "$(dm_status_words "$1")"
  local i=0; i=$((i + 1 + w[i])); i=$((i + 1 + w[i])); echo "${w[i+1]}"
}

# path_state MAP DEV: A or F for the path MAJ:MIN in the map's status.
path_state() { dm_status_words "$1" | grep -oE "(^| )$2 [AF]" | awk '{print $2}'; }

# group_states MAP: the A/E/D state letter of each path group, space separated.
group_states() {
  local -a w; read -ra w <<< "$(dm_status_words "$1")"
  local i=0 out=() g npg np ns
  i=$((i + 1 + w[i])); i=$((i + 1 + w[i])); npg=${w[i]}; i=$((i + 2))
  for ((g = 0; g < npg; g++)); do
    out+=("${w[i]}"); i=$((i + 1)); i=$((i + 1 + w[i]))
    np=${w[i]}; ns=${w[i+1]}; i=$((i + 2 + np * (3 + ns)))
  done
  echo "${out[*]}"
}

devt_of() { cat "/sys/block/$1/dev"; }

# sg_alua DEV: the ALUA state of DEV's own target port group per sg3_utils (sg_vpd + sg_rtpg), e.g. "active/optimized".
sg_alua() {
  local tpg
  tpg=$(sg_vpd -p di "/dev/$1" 2>/dev/null | sed -n 's/^ *Target port group: 0x\([0-9a-f]*\)$/\1/p' | head -1)
  [ -n "$tpg" ] || { echo "-"; return; }
  sg_rtpg -d "/dev/$1" 2>/dev/null | awk -v t="0x$tpg" '
    /target port group id/ { cur = ($6 == t) }
    cur && /asymmetric access state/ { s = $0; sub(/.*[(]/, "", s); sub(/[)].*/, "", s); gsub(/ /, "-", s); print s; exit }'
}

# ll_normalized: multipath -ll style text with runs of blanks squeezed and group priorities masked
ll_normalized() { sed -E 's/prio=[0-9]+/prio=*/; s/[[:space:]]+/ /g; s/ $//'; }

# compare_with_multipath_ll NAME: mpath list vs Debian's multipath -ll (read-only listing of the same maps)
compare_with_multipath_ll() {
  local want got
  want=$(multipath -ll 2>/dev/null | ll_normalized)
  got=$("$MPATH" list 2>&1 | ll_normalized)
  if [ -n "$want" ] && [ "$want" = "$got" ]; then pass "$1"; else fail "$1" "multipath -ll: [$want] mpath list: [$got]"; fi
}

# mp_tables: `dmsetup table` of every multipath map, one "name: 0 size multipath ..." line each, sorted by name
mp_tables() { dmsetup table --target multipath 2>/dev/null | grep ': 0 ' | sed 's/ *$//' | LC_ALL=C sort; }

# io_verify NAME MAP: write 256 KiB of random data through /dev/mapper/MAP, read it back, compare.
# The maps queue I/O when no path works (and no daemon ends the queueing), so the dd runs in the
# background: if it has not finished after 60 s, fail_if_no_path releases it and the check fails
# instead of hanging the boot.
io_verify() {
  local name=$1 map=$2 pid i
  dd if=/dev/urandom of=/tmp/io.pattern bs=4k count=64 status=none
  ( dd if=/tmp/io.pattern of="/dev/mapper/$map" bs=4k oflag=direct status=none &&
    dd if="/dev/mapper/$map" of=/tmp/io.back bs=4k count=64 iflag=direct status=none &&
    cmp -s /tmp/io.pattern /tmp/io.back ) > /tmp/io.err 2>&1 &
  pid=$!
  for ((i = 0; i < 600; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    dmsetup message "$map" 0 fail_if_no_path
    wait "$pid"
    fail "$name" "I/O still queued after 60 s; status: $(dmsetup status "$map")"
  elif wait "$pid"; then
    pass "$name"
  else
    fail "$name" "$(cat /tmp/io.err); status: $(dmsetup status "$map")"
  fi
}

# path_states MAP DEVT...: the A/F letter of each given path (MAJ:MIN) in the map's status, in order, "-" for a path
# the map lacks - one dmsetup call, for polling loops.
path_states() {
  local map=$1 words out="" d; shift
  words=" $(dmsetup status "$map" 2> /dev/null) "
  for d in "$@"; do
    if [[ $words =~ \ $d\ ([AF])\  ]]; then out+=${BASH_REMATCH[1]}; else out+=-; fi
  done
  echo "$out"
}

# wait_daemon_maps N: polls the running daemon with Debian's stock multipathd client until it lists N maps (90 s at
# most); prints the last count.
wait_daemon_maps() {
  local n=0
  for _ in $(seq 1 90); do
    n=$(multipathd show maps raw format "%n" 2> /dev/null | grep -c .)
    [ "$n" = "$1" ] && break
    sleep 1
  done
  echo "$n"
}
