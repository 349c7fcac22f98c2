#!/usr/bin/env bash
# Smoke tier: publishes the NativeAOT single binary and runs it the way an operator would.
# Each check appends "passed|failed<TAB>name<TAB>detail" to the TSV file given as $1.
set -uo pipefail
out_tsv=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
bin_dir=$(mktemp -d "${TMPDIR:-/tmp}/mpath-aot.XXXXXX")
record() { printf '%s\t%s\t%s\n' "$1" "$2" "${3:-}" >> "$out_tsv"; echo "smoke: $1: $2 ${3:-}"; }

if ! dotnet publish "$root/src/Mpath.Cli" -c Release -r linux-x64 -o "$bin_dir" > "$bin_dir.log" 2>&1; then
  tail -30 "$bin_dir.log"
  record failed "aot publish" "dotnet publish failed"
  exit 1
fi
mpath="$bin_dir/mpath"
files=$(find "$bin_dir" -maxdepth 1 -type f ! -name '*.dbg' ! -name '*.pdb' | wc -l)
[ "$files" -eq 1 ] && record passed "aot publish is one file" || record failed "aot publish is one file" "$files files"

# check NAME EXPECTED_RC GREP_PATTERN -- ARGS...
check() {
  local name=$1 want_rc=$2 pattern=$3; shift 4
  local output rc
  output=$("$mpath" "$@" 2>&1); rc=$?
  if [ "$rc" -ne "$want_rc" ]; then record failed "$name" "exit $rc, wanted $want_rc: ${output:0:300}"; return; fi
  if ! grep -qE -- "$pattern" <<< "$output"; then record failed "$name" "output lacks /$pattern/: ${output:0:300}"; return; fi
  record passed "$name"
}

check "version" 0 '^[0-9]+\.[0-9]+\.[0-9]+' -- --version
check "help lists commands" 0 'config' -- --help
check "usage error exits 2" 2 'Unrecognized' -- --no-such-option
for f in "$root"/tests/smoke/checks/*.sh; do
  [ -e "$f" ] && source "$f"
done
rm -rf "$bin_dir" "$bin_dir.log"
