# Sourced by tests/smoke/run.sh: mpath config check|show|explain against the AOT binary.
fixtures="$root/tests/smoke/fixtures/config"
check "config check valid file exits 0 with lint warning" 0 'good\.conf:11: warning: failback immediate' -- config check --config "$fixtures/good.conf"
check "config check broken file exits 1 with located error" 1 'broken\.conf:3: error: bad value "sometimes"' -- config check --config "$fixtures/broken.conf"
check "config check --json" 1 '"valid": false' -- config check --config "$fixtures/broken.conf" --json
check "config check missing named file exits 1" 1 'cannot read' -- config check --config "$fixtures/does-not-exist.conf"
check "config show prints merged devices" 0 'vendor "DGC"' -- config show --config "$fixtures/good.conf"
check "config explain table" 0 '^alias +shared_lun +multipaths$' -- config explain --config "$fixtures/good.conf" --vendor DGC --product VRAID --wwid 3600601601234567890
check "config explain --json source" 0 '"source": "hwtable"' -- config explain --config "$fixtures/good.conf" --vendor DGC --product VRAID --json
shown=$(mktemp "${TMPDIR:-/tmp}/mpath-shown.XXXXXX.conf")
"$mpath" config show --config "$fixtures/good.conf" > "$shown" 2>/dev/null
check "config show output checks clean" 0 'valid' -- config check --config "$shown"
rm -f "$shown"
check "plan on a topology with a what-if timeline" 0 'what-if: the engine fails back at 300 s' -- plan --topology "$root/tests/smoke/fixtures/topology-alua.json" --config "$fixtures/good.conf"
check "plan --json" 0 '"path_groups"' -- plan --topology "$root/tests/smoke/fixtures/topology-alua.json" --config "$fixtures/good.conf" --json
