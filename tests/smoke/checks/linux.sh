# Smoke checks of the Linux adapter verbs that need no device-mapper or SCSI devices
# (sourced by tests/smoke/run.sh; `check NAME RC PATTERN -- ARGS...`).
check "discover help says the blacklist is not applied" 0 'blacklist is NOT applied' -- discover --help
check "flush needs a map or --all" 2 'either a MAP or --all' -- flush
check "check rejects an unknown checker" 2 'cciss_tur' -- check sda --checker cciss_tur
check "dm create needs a numeric size" 2 'lots' -- dm create m u lots t
check "alua --set rejects a bad state" 2 'expected TPG=STATE' -- alua sda --set 1=maybe
check "apply with a missing named config fails before touching anything" 1 "configuration file /nonexistent.conf not found" -- apply --config /nonexistent.conf
if [ ! -d /sys/module/dm_mod ]; then   # no device-mapper in this kernel (module or built-in)
  check "dm list without device-mapper fails clearly" 1 'mpath: .*list( devices)? failed' -- dm list
fi
check "daemon help tells how it runs" 0 'SIGHUP re-reads' -- daemon --help
if [ ! -d /sys/module/dm_mod ]; then
  check "daemon without device-mapper exits 1 clearly" 1 'device-mapper is not usable' -- daemon --socket "@/mpath-smoke-$$" --lock-file "/tmp/mpath-smoke-$$.lock"
  rm -f "/tmp/mpath-smoke-$$.lock"
fi
