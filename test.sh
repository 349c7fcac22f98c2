#!/usr/bin/env bash
# The whole test suite: restore, build, unit/property tests of every project, the NativeAOT
# binary smoke tier, and (where it can run) the kernel tier. Ends with one line:
#   tests: N passed, N failed, N skipped
# computed from the TRX files the runs wrote and the smoke tier's own results.
set -uo pipefail
cd "$(dirname "$0")"
root=$PWD
results=$(mktemp -d "${TMPDIR:-/tmp}/mpath-tests.XXXXXX")
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fail_build() { echo "test.sh: $1" >&2; echo "tests: 0 passed, 1 failed"; exit 1; }

echo "== restore and build"
dotnet restore mpath.sln || fail_build "restore failed"
dotnet build mpath.sln -c Release --no-restore || fail_build "build failed"

echo "== unit and property tests"
dotnet test mpath.sln -c Release --no-build --logger "trx" --results-directory "$results/trx" \
  || echo "test.sh: dotnet test reported failures (counted below)"

echo "== NativeAOT binary smoke tier"
bash "$root/tests/smoke/run.sh" "$results/smoke.tsv" || true

echo "== kernel tier"
if [ -x "$root/tests/kernel/run.sh" ]; then
  bash "$root/tests/kernel/run.sh" "$results/kernel.tsv" || true
fi

python3 "$root/tests/summarize.py" "$results" || exit 1
