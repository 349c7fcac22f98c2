# Smoke checks of the drop-in names (multipath, multipathd as symlinks to the one binary) and of the control-socket
# clients when no daemon listens (sourced by tests/smoke/run.sh; `check NAME RC PATTERN -- ARGS...`).
dropin_dir=$(mktemp -d "${TMPDIR:-/tmp}/mpath-dropin.XXXXXX")
ln -s "$mpath" "$dropin_dir/multipath"
ln -s "$mpath" "$dropin_dir/multipathd"
# check_as NAME PROGRAM RC PATTERN -- ARGS...: like check, run under another name.
check_as() {
  local name=$1 prog=$2 want_rc=$3 pattern=$4; shift 5
  local output rc
  output=$("$dropin_dir/$prog" "$@" 2>&1 < /dev/null); rc=$?
  if [ "$rc" -ne "$want_rc" ]; then record failed "$name" "exit $rc, wanted $want_rc: ${output:0:300}"; return; fi
  if ! grep -qE -- "$pattern" <<< "$output"; then record failed "$name" "output lacks /$pattern/: ${output:0:300}"; return; fi
  record passed "$name"
}
nosock="@/mpath-smoke-nobody-$$"
sock_error='cannot connect to the control socket'

check_as "multipath -h: usage with the version line" multipath 0 'drop-in for multipath-tools 0\.14 multipath' -- -h
check_as "multipath -h lists -ll" multipath 0 '-l \| -ll' -- -h
check_as "multipath -V names mpath" multipath 0 '^multipath: mpath [0-9]+\.[0-9]+\.[0-9]+' -- -V
check_as "multipathd -V names mpath" multipathd 0 '^multipathd: mpath [0-9]+\.[0-9]+\.[0-9]+, a drop-in for multipath-tools 0\.14' -- -V
check_as "multipath -h explains -v 1 and -v 3" multipath 0 '-v 1 prints the names of the maps set up, -v 2 \(default\) their' -- -h
check "mpath apply --help documents --verbosity" 0 '--verbosity.*1 the names of the maps created or reloaded' -- apply --help
# multipath -v1/-v3 -d need a usable device-mapper: tests/kernel/guest/checks/sdebug-apply.sh runs them.
check_as "multipathd -h explains -k" multipathd 0 "-k'COMMAND'" -- -h
check_as "multipath -t prints the configuration" multipath 0 '^defaults \{' -- -t
check_as "multipath -T prints the configuration" multipath 0 '^blacklist \{' -- -T
# -T keeps only the device entries the paths present use (none on a host without SCSI/NVMe paths).
device_entries() { "$dropin_dir/multipath" "$1" 2> /dev/null | awk '/^devices \{/{d=1; next} d && /^\}/{d=0} d && /^\tdevice \{/{n++} END{print n+0}'; }
all_entries=$(device_entries -t) present_entries=$(device_entries -T)
if [ "$all_entries" -gt 50 ] && [ "$present_entries" -lt "$all_entries" ]; then record passed "multipath -T narrows the devices section to the devices present ($present_entries of $all_entries entries)"
else record failed "multipath -T narrows the devices section to the devices present" "-t: $all_entries entries, -T: $present_entries"; fi
check_as "multipath -c on a non-device exits 1" multipath 1 "'/nonexistent/dev' is not a block device" -- -c /nonexistent/dev
check_as "multipath -c without a device exits 1" multipath 1 'the -c option requires a path to check' -- -c
check_as "multipath -u without DEVNAME still exits 0 with the udev answer" multipath 0 '^DM_MULTIPATH_DEVICE_PATH="0"' -- -u
check_as "multipath: unsupported option named, exit 1" multipath 1 '-p \(forced path grouping policy\) is not supported by mpath' -- -p failover
check_as "multipath: unknown option, exit 1" multipath 1 "invalid option -- 'Z'" -- -Z
check_as "multipath -f without a map exits 1" multipath 1 'must provide a map name' -- -f
check_as "multipathd -k'show config' without a daemon: error names the socket, exit 1" multipathd 1 "$sock_error @/org/kernel/linux/storage/multipathd" -- '-kshow config'
check_as "multipathd show paths (words) without a daemon: exit 1" multipathd 1 "$sock_error" -- show paths
check_as "multipathd -k (interactive) without a daemon: exit 1" multipathd 1 "$sock_error" -- -k
check_as "multipathd: unknown option, exit 1" multipathd 1 "invalid option -- 'Z'" -- -Z
check_as "multipathd -B is refused by name" multipathd 1 '-B \(read-only bindings file\) is not supported' -- -B

check "mpath -k'CMD' escape without a daemon: exit 1" 1 "$sock_error" -- '-kshow maps'
check "mpath show paths: no daemon, error names the socket" 1 "$sock_error ${nosock}" -- show paths --socket "$nosock"
check "mpath show maps --json: no daemon, exit 1" 1 "$sock_error" -- show maps --json --socket "$nosock"
check "mpath show paths --json: not a daemon command, usage error" 2 "'show paths json' is not a daemon command" -- show paths --json --socket "$nosock"
check "mpath show bogus: usage error before connecting" 2 "unknown keyword 'bogus'" -- show bogus --socket "$nosock"
check "mpath fail path: no daemon, exit 1" 1 "$sock_error" -- fail path sdb --socket "$nosock"
check "mpath reinstate path: no daemon, exit 1" 1 "$sock_error" -- reinstate path sdb --socket "$nosock"
check "mpath switch: group must be a number" 2 'usage: mpath switch map MAP group N' -- switch map m group x
check "mpath reconfigure: no daemon, exit 1" 1 "$sock_error" -- reconfigure --socket "$nosock"
check "mpath ctl: no daemon, exit 1" 1 "$sock_error" -- ctl show maps --socket "$nosock"
check "mpath is-path help states the udev variable" 0 'DM_MULTIPATH_DEVICE_PATH' -- is-path --help

wwids_file="$dropin_dir/wwids"
check "mpath wwids add a WWID" 0 "^wwid '3600a0b80000abcd' added" -- wwids add 3600a0b80000abcd --file "$wwids_file"
check "mpath wwids show lists it" 0 '^3600a0b80000abcd$' -- wwids show --file "$wwids_file"
grep -q '^/3600a0b80000abcd/$' "$wwids_file" && record passed "wwids file has multipath's /WWID/ line" || record failed "wwids file has multipath's /WWID/ line" "$(cat "$wwids_file")"
check "mpath wwids remove it" 0 "^wwid '3600a0b80000abcd' removed" -- wwids remove 3600a0b80000abcd --file "$wwids_file"
check "mpath wwids remove again: not in the file" 0 "not in wwids file" -- wwids remove 3600a0b80000abcd --file "$wwids_file"

# The man page and the bash completion ship with the binary: both must stay well-formed and truthful.
man_warnings=$(groff -man -Tutf8 -ww -z "$root/docs/mpath.8" 2>&1)
[ -z "$man_warnings" ] && record passed "man page formats without groff warnings" || record failed "man page formats without groff warnings" "${man_warnings:0:300}"
man_text=$(groff -man -Tutf8 "$root/docs/mpath.8" 2>/dev/null | sed 's/.\x08//g')
missing=""
for sub in $("$mpath" --help | awk '/^Commands:/{c=1;next} c && /^  [a-z]/{print $1}'); do
  grep -q "mpath $sub" <<< "$man_text" || missing="$missing $sub"
done
[ -z "$missing" ] && record passed "man page documents every subcommand of --help" || record failed "man page documents every subcommand of --help" "missing:$missing"
completion="$root/contrib/bash-completion/mpath"
if bash -n "$completion" 2> /dev/null; then record passed "bash completion parses"; else record failed "bash completion parses" "bash -n failed"; fi
complete_words() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _mpath_complete; printf "%s\n" "${COMPREPLY[@]}"' _ "$completion" "$@"
}
missing=""
for sub in $("$mpath" --help | awk '/^Commands:/{c=1;next} c && /^  [a-z]/{print $1}'); do
  grep -qx "$sub" <<< "$(complete_words mpath '')" || missing="$missing $sub"
done
[ -z "$missing" ] && record passed "bash completion offers every subcommand of --help" || record failed "bash completion offers every subcommand of --help" "missing:$missing"
grep -qx "topology" <<< "$(complete_words multipathd show '')" && record passed "bash completion: multipathd show <TAB> offers topology" \
  || record failed "bash completion: multipathd show <TAB> offers topology" "$(complete_words multipathd show '' | tr '\n' ' ')"
grep -qx -- "-ll" <<< "$(complete_words multipath -l)" && record passed "bash completion: multipath -l<TAB> offers -ll" \
  || record failed "bash completion: multipath -l<TAB> offers -ll" "$(complete_words multipath -l | tr '\n' ' ')"
rm -rf "$dropin_dir"
