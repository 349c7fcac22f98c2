#!/usr/bin/env bash
# Scale benchmark of the simulator: the built-in large-san scenario (16 hosts x 1,000 LUNs x 4 paths, 5 s polling,
# one simulated day) run by the NativeAOT binary under /usr/bin/time -v. Prints wall time, simulated path checks
# per second and peak RSS. Usage: bench/sim-scale.sh [SCENARIO]   (default large-san)
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-large-san}
out=$(mktemp -d "${TMPDIR:-/tmp}/mpath-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT
dotnet publish src/Mpath.Cli -c Release -r linux-x64 -o "$out/bin" -v quiet -nologo > "$out/publish.log" 2>&1 \
  || { cat "$out/publish.log" >&2; exit 1; }
/usr/bin/time -v "$out/bin/mpath" sim "$scenario" --json > "$out/result.json" 2> "$out/time.txt"
python3 - "$out/result.json" "$out/time.txt" <<'PY'
import json, re, sys
result = json.load(open(sys.argv[1]))
timing = open(sys.argv[2]).read()
wall = re.search(r"Elapsed \(wall clock\) time.*: (.+)", timing).group(1)
parts = [float(p) for p in wall.split(":")]
seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
user = float(re.search(r"User time \(seconds\): ([\d.]+)", timing).group(1))
system = float(re.search(r"System time \(seconds\): ([\d.]+)", timing).group(1))
rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing).group(1))
checks = sum(r["path_checks"] for r in result["runs"])
events = sum(r["events"] for r in result["runs"])
print(f"scenario        {result['scenario']}: {result['hosts']} hosts x {result['luns']} LUNs x {result['paths_per_lun']} paths, "
      f"{result['duration']:.0f} s simulated, {len(result['runs'])} run(s)")
print(f"wall time       {seconds:.1f} s (CPU {user + system:.1f} s: user {user:.1f}, system {system:.1f}; {__import__('os').cpu_count()} CPUs)")
print(f"path checks     {checks:,} ({checks / seconds:,.0f} per second)")
print(f"events          {events:,}")
print(f"peak RSS        {rss_kb / 1024:.0f} MiB")
PY
