#!/usr/bin/env bash
# mpath's daemon vs Debian's multipathd, side by side (issue 9): one VM boot per device size (the kernel tier's qemu
# guest, scsi_debug LUNS x 4 paths), both daemons measured in the same boot on the same devices, alternating runs.
# Writes the "mpath vs multipathd" section of bench/RESULTS.md and the headline table in README.md.
#
#   bench/vs-multipathd.sh                 # everything, default sizes
#   SIZES="16 64" REPS=3 bench/vs-multipathd.sh
#
# Environment:
#   SIZES="16 64"     LUN counts (x PATHS paths each) - one boot per size. 256 x 4 is possible but takes hours under
#                     TCG (udev needs ~0.8 s of guest CPU per device, and every run re-creates the maps).
#   PATHS=4           paths per LUN
#   REPS=3            runs per daemon per size (mpath, multipathd, mpath, ...)
#   WINDOW=60         seconds of idle checking measured per run;  INTERVAL=5: polling_interval (= max_polling_interval)
#   FAILBACK_PHASES=4 fail/repair cycles per run, the repairs spread evenly over the polling interval
#   LAB_ART           VM artifacts (default /var/tmp/mpath-lab-bench); built by tests/kernel/build.sh when missing
#   MPATH_BIN         use this mpath binary instead of publishing one (NativeAOT, linux-x64)
#   OUT               keep the raw results here (default bench/out, not committed)
#   NO_WRITE=1        do not touch RESULTS.md / README.md (only print the section)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
export LAB_ART=${LAB_ART:-/var/tmp/mpath-lab-bench}
# HPET as the guest's clock: qemu drives it from the host's clock, while the TSC frequency the guest calibrates at boot
# came out 20x wrong once on an overloaded host (the guest checks its clock rate against the host's per run).
export LAB_KAPPEND=${LAB_KAPPEND:-quiet loglevel=4 clocksource=hpet}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
SIZES=${SIZES:-16 64} PATHS=${PATHS:-4} REPS=${REPS:-3} WINDOW=${WINDOW:-60} INTERVAL=${INTERVAL:-5}
FAILBACK_PHASES=${FAILBACK_PHASES:-4}
OUT=${OUT:-$here/out}
mkdir -p "$OUT"

[ "$(id -u)" = 0 ] || { echo "vs-multipathd: needs root (qemu artifacts, apt)" >&2; exit 1; }
echo "vs-multipathd: VM artifacts in $LAB_ART (log $OUT/build.log)"
if [ ! -f "$LAB_ART/vmlinux" ] && [ -f /var/tmp/mpath-lab/vmlinux ]; then
  mkdir -p "$LAB_ART" && cp -a /var/tmp/mpath-lab/. "$LAB_ART/" && rm -rf "$LAB_ART/runs" "$LAB_ART/bin"
fi
LAB_ART=$LAB_ART bash "$root/tests/kernel/build.sh" > "$OUT/build.log" 2>&1 || { tail -20 "$OUT/build.log"; exit 1; }

if [ -n "${MPATH_BIN:-}" ]; then
  mpath=$MPATH_BIN
else
  echo "vs-multipathd: publishing the NativeAOT mpath binary"
  rm -rf "$LAB_ART/bin"
  dotnet publish "$root/src/Mpath.Cli" -c Release -r linux-x64 -o "$LAB_ART/bin" > "$OUT/publish.log" 2>&1 ||
    { tail -30 "$OUT/publish.log"; exit 1; }
  mpath=$LAB_ART/bin/mpath
fi

# Host facts for the report
{
  echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
  echo "commit=$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src || echo '+changes')"
  echo "cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
  echo "cpus=$(nproc)"
  echo "mem_gib=$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)"
  echo "host_kernel=$(uname -r)"
  echo "qemu=$(qemu-system-x86_64 --version | head -1)"
  echo "dotnet=$(dotnet --version 2>/dev/null)"
  echo "binary_bytes=$(stat -c %s "$mpath")"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/host.env"

for n in $SIZES; do
  xchg=$OUT/boot-$n
  rm -rf "$xchg"; mkdir -p "$xchg"
  mem=2048; [ "$n" -gt 64 ] && mem=4096
  echo "vs-multipathd: boot with $n LUNs x $PATHS paths ($REPS runs per daemon, guest log $xchg/stdout)"
  t0=$(date +%s)
  "$root/tests/kernel/vm.sh" -t $((1800 + n * 60 * REPS)) -m "$mem" -s "sdebug:PATHS=$PATHS,LUNS=$n" -o "$xchg" \
    -e "MPATH=$mpath" -e "BENCH_REPS=$REPS" -e "BENCH_WINDOW=$WINDOW" -e "BENCH_INTERVAL=$INTERVAL" \
    -e "BENCH_FAILBACK_PHASES=$FAILBACK_PHASES" \
    "/usr/bin/python3 $here/guest/vs_multipathd.py /xchg/bench.json" > "$xchg/host.log" 2>&1
  rc=$?
  echo "vs-multipathd: boot $n done in $(( $(date +%s) - t0 )) s, rc $rc ($(tail -1 "$xchg/host.log"))"
  echo "load_after_$n=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/host.env"
done

args=(--out "$OUT" --sizes "$SIZES")
[ "${NO_WRITE:-0}" = 1 ] || args+=(--results "$here/RESULTS.md" --readme "$root/README.md")
python3 "$here/vs_multipathd_report.py" "${args[@]}"
