#!/usr/bin/env bash
# The main job: build the NativeAOT mpath binary into ./out and run it.
# With no arguments it runs the simulator's built-in scenario (`mpath sim`); other arguments go to mpath.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet publish src/Mpath.Cli -c Release -r linux-x64 -o out -v quiet -nologo > out.publish.log 2>&1 \
  || { cat out.publish.log >&2; exit 1; }
rm -f out.publish.log
if [ $# -eq 0 ]; then
  if ./out/mpath sim --help > /dev/null 2>&1; then set -- sim; else set -- --help; fi
fi
exec ./out/mpath "$@"
