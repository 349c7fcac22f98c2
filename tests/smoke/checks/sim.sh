# mpath sim through the NativeAOT binary (sourced by tests/smoke/run.sh, which defines check, record and $mpath).
check "sim prints the verdict table" 0 'Failback modes compared' -- sim
check "sim verdict recommends followover" 0 'Best here: followover' -- sim
check "sim --list" 0 '^large-san ' -- sim --list
check "sim runs a built-in by name" 0 'Scenario controller-reboot' -- sim controller-reboot --failback followover
check "sim unknown scenario exits 1" 1 'error:' -- sim no-such-scenario

sim_tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpath-sim-smoke.XXXXXX")
if "$mpath" sim --json > "$sim_tmp/out.json" 2> "$sim_tmp/err" && python3 -m json.tool "$sim_tmp/out.json" > /dev/null; then
  record passed "sim --json is valid JSON"
else
  record failed "sim --json is valid JSON" "$(head -c 300 "$sim_tmp/err")"
fi
if "$mpath" sim --plot "$sim_tmp/x.svg" > /dev/null 2>&1 && head -c 4 "$sim_tmp/x.svg" | grep -q '<svg' && tail -c 7 "$sim_tmp/x.svg" | grep -q '</svg>'; then
  record passed "sim --plot writes an SVG"
else
  record failed "sim --plot writes an SVG"
fi
if "$mpath" sim seed --failback followover --trace "$sim_tmp/t.jsonl" > /dev/null 2>&1 \
  && python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$sim_tmp/t.jsonl"; then
  record passed "sim --trace writes JSON lines"
else
  record failed "sim --trace writes JSON lines"
fi
rm -rf "$sim_tmp"
