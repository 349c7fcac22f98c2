#!/usr/bin/env bash
# Kernel tier: real dm-multipath, scsi_debug and LIO in a qemu (TCG) guest running Debian's kernel.
#
#   tests/kernel/run.sh OUT_TSV
#
# Writes one line per test to OUT_TSV: passed|failed|skipped<TAB>name<TAB>detail. When the tier
# cannot run at all (not root, VM artifacts cannot be built, no qemu) it writes ONE skipped line
# and exits 0, except under CI=true where that is a failure. Steps:
#   1. build.sh: apt packages + VM artifacts under $LAB_ART (/var/tmp/mpath-lab), cached
#   2. dotnet publish of the NativeAOT mpath binary into $LAB_ART/bin
#   3. one boot per device setup (sdebug, lio); guest/checks/<setup>.sh runs many checks per boot
#      and writes TSV lines into the exchange dir, copied here to OUT_TSV.
# Per-boot wall times go to stdout. KERNEL_SETUPS="sdebug lio twohost" selects the boots (twohost: two mpath
# instances sharing one active/passive LUN, per failback mode; its table is kept as $LAB_ART/runs/twohost.md).
# KERNEL_KEEP=1 keeps every boot's exchange directory (guest logs, daemon logs) under $LAB_ART/runs.
set -uo pipefail
out_tsv=${1:?usage: run.sh OUT_TSV}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export LAB_ART=${LAB_ART:-/var/tmp/mpath-lab}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
SETUPS=${KERNEL_SETUPS:-sdebug lio twohost}
BOOT_TIMEOUT=${KERNEL_BOOT_TIMEOUT:-1500}

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$(printf '%s' "${3:-}" | tr '\t\n' '  ' | cut -c1-600)" >> "$out_tsv"; }
cannot_run() {
  if [ "${CI:-}" = true ]; then record failed "kernel tier" "$1"; else record skipped "kernel tier" "$1"; fi
  echo "kernel: cannot run: $1"
  exit 0
}

t_start=$(date +%s.%N)
[ "$(id -u)" = 0 ] || cannot_run "needs root (apt-get, qemu artifacts under $LAB_ART)"
mkdir -p "$LAB_ART" || cannot_run "cannot create $LAB_ART"
echo "kernel: preparing VM artifacts (log: $LAB_ART/build.log)"
bash "$here/build.sh" > "$LAB_ART/build.log" 2>&1 || { tail -20 "$LAB_ART/build.log"; cannot_run "VM build failed (see $LAB_ART/build.log)"; }
command -v qemu-system-x86_64 > /dev/null || cannot_run "qemu-system-x86_64 not installed"

echo "kernel: publishing the NativeAOT mpath binary"
rm -rf "$LAB_ART/bin"
if ! dotnet publish "$root/src/Mpath.Cli" -c Release -r linux-x64 -o "$LAB_ART/bin" > "$LAB_ART/publish.log" 2>&1; then
  tail -30 "$LAB_ART/publish.log"
  record failed "kernel tier: aot publish" "dotnet publish failed (see $LAB_ART/publish.log)"
  exit 0
fi
t_prep=$(date +%s.%N)
echo "kernel: preparation $(elapsed "$t_start" "$t_prep")s"

# boot NAME SETUP: one guest boot running guest/checks/NAME.sh under device setup SETUP.
boot() {
  local name=$1 setup=$2 xchg t0 t1 rc n
  mkdir -p "$LAB_ART/runs"
  xchg=$(mktemp -d "$LAB_ART/runs/$name.XXXXXX")
  t0=$(date +%s.%N)
  # Knobs of the guest checks (TWOHOST_MODES, TWOHOST_FAULT, STORM_HOSTS, ...) pass through to the guest.
  local knobs=() v
  for v in $(compgen -v TWOHOST_; compgen -v STORM_); do knobs+=(-e "$v=${!v}"); done
  "$here/vm.sh" -t "$BOOT_TIMEOUT" -s "$setup" -o "$xchg" -e "MPATH=$LAB_ART/bin/mpath" "${knobs[@]}" \
    "bash $here/guest/checks/$name.sh" > "$xchg/host.log" 2>&1
  rc=$?
  t1=$(date +%s.%N)
  n=0
  if [ -s "$xchg/results.tsv" ]; then
    n=$(wc -l < "$xchg/results.tsv")
    cat "$xchg/results.tsv" >> "$out_tsv"
  fi
  printf 'kernel: boot %s (%s): wall %ss, %d checks, guest rc %s%s\n' "$name" "$setup" "$(elapsed "$t0" "$t1")" \
    "$n" "$rc" "$(grep -o 'boot->cmd [0-9.]*s, cmd [0-9.]*s' "$xchg/host.log" | sed 's/^/ (/;s/$/)/')"
  cp "$xchg/stdout" "$LAB_ART/runs/last-$name.stdout" 2>/dev/null
  [ -f "$xchg/$name.md" ] && cp "$xchg/$name.md" "$LAB_ART/runs/$name.md" && cat "$xchg/$name.md"
  grep -E '^(FAILED|SKIPPED) ' "$xchg/stdout" 2>/dev/null | sed 's/^/kernel:   /'
  if [ "$rc" != 0 ] || [ "$n" = 0 ]; then
    record failed "$name: guest run" "rc=$rc, $n results; $(tail -5 "$xchg/host.log")"
    echo "kernel: guest run $name failed; kept $xchg"; tail -20 "$xchg/host.log"
  elif [ "${KERNEL_KEEP:-}" = 1 ]; then
    echo "kernel: kept $xchg (KERNEL_KEEP=1)"
  else
    rm -rf "$xchg"
  fi
}

for s in $SETUPS; do
  case $s in
    sdebug) boot sdebug "sdebug:PATHS=4,LUNS=4" ;;
    lio) boot lio "lio" ;;
    twohost) boot twohost "lio:HOSTS=2,PREF=1" ;;
    *) record failed "kernel tier" "unknown setup $s" ;;
  esac
done
echo "kernel: total wall $(elapsed "$t_start" "$(date +%s.%N)")s"
exit 0
