#!/bin/bash
# vm.sh - boot the kernel-tier guest, set up devices, run COMMAND inside as root,
#         print its stdout/stderr, exit with its exit code, power off.
#         (run.sh drives it; it is also handy by hand: tests/kernel/vm.sh -s lio 'mpath list')
#
# usage: vm.sh [options] 'COMMAND'
#   -s SETUP    device setups, space separated (env LAB_SETUP), e.g.
#                 "sdebug"                       scsi_debug, 1 LUN x 2 paths
#                 "sdebug:PATHS=4"               1 LUN x 4 paths
#                 "sdebug:PATHS=4,LUNS=64"       64 LUNs x 4 paths
#                 "lio"                          LIO ramdisk via tcm_loop, 2 ports, ALUA AO/standby
#                 "lio:PORTS=4,ALUA_TYPE=3"      see guest/setup/*.sh for all knobs
#                 "sdebug lio"                   both
#   -m MB       guest memory (LAB_MEM, default 2048)
#   -c N        guest vCPUs (LAB_CPUS, default 2)
#   -t SEC      timeout for the whole run (LAB_TIMEOUT, default 900)
#   -o DIR      keep the exchange directory here (default: temp dir, removed)
#   -w DIR      also share host DIR read-write at the same path in the guest (LAB_RWDIR)
#   -v          show the guest console (kernel + command output) live
#   -q          do not print the timing summary
#   -e VAR=VAL  extra environment for the guest (repeatable)
# environment: LAB_ACCEL=tcg|kvm (default tcg: this host's /dev/kvm is kvm_pvm, see README),
#              LAB_ART (artifacts, default /var/tmp/lab), LAB_MACHINE (default pc), LAB_UDEV=0|1,
#              LAB_BIOS=qboot|seabios (default qboot), LAB_KERNEL=vmlinux|bzimage,
#              LAB_MPCONF=default|none|/path (guest /etc/multipath.conf; default: find_multipaths no,
#              user_friendly_names yes)
# Inside the guest: /xchg is the writable exchange dir (host: the -o dir), the host root is
# visible read-only with a tmpfs overlay (writes are discarded), cwd = the host cwd.
set -uo pipefail

LAB_DIR=$(cd "$(dirname "$0")" && pwd)
LAB_ART=${LAB_ART:-/var/tmp/mpath-lab}
LAB_MEM=${LAB_MEM:-2048}
LAB_CPUS=${LAB_CPUS:-2}
LAB_TIMEOUT=${LAB_TIMEOUT:-900}
LAB_ACCEL=${LAB_ACCEL:-tcg}
LAB_MACHINE=${LAB_MACHINE:-pc}
LAB_BIOS=${LAB_BIOS:-qboot}
LAB_KERNEL=${LAB_KERNEL:-vmlinux}
LAB_SETUP=${LAB_SETUP:-}
LAB_RWDIR=${LAB_RWDIR:-}
OUTDIR= VERBOSE=0 QUIET=0 EXTRA_ENV=()

while getopts "s:m:c:t:o:w:vqe:h" o; do
  case $o in
    s) LAB_SETUP=$OPTARG ;; m) LAB_MEM=$OPTARG ;; c) LAB_CPUS=$OPTARG ;;
    t) LAB_TIMEOUT=$OPTARG ;; o) OUTDIR=$OPTARG ;; w) LAB_RWDIR=$OPTARG ;;
    v) VERBOSE=1 ;; q) QUIET=1 ;; e) EXTRA_ENV+=("$OPTARG") ;;
    h) sed -n '2,30p' "$0"; exit 0 ;; *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [-s SETUP] [options] 'COMMAND'  (-h for help)" >&2; exit 2; }
CMD=$*

for f in "$LAB_ART/vmlinux" "$LAB_ART/vmlinuz" "$LAB_ART/initramfs.cpio" "$LAB_ART/modules"; do
  [ -e "$f" ] || { echo "vm.sh: $f missing, run $LAB_DIR/build.sh first" >&2; exit 2; }
done

if [ -n "$OUTDIR" ]; then
  mkdir -p "$OUTDIR"; XCHG=$(cd "$OUTDIR" && pwd); KEEP=1
  rm -f "$XCHG"/{stdout,stderr,rc,timing,setup.log,console.log,cmd.sh,env}
else
  mkdir -p "$LAB_ART/runs"; XCHG=$(mktemp -d "$LAB_ART/runs/run.XXXXXX"); KEEP=0
fi

printf '%s\n' "$CMD" > "$XCHG/cmd.sh"
{
  for v in LAB_SETUP LAB_ART LAB_UDEV LAB_CLEAN_TMP LAB_MPCONF; do
    [ -n "${!v+x}" ] && printf 'export %s=%q\n' "$v" "${!v}"
  done
  printf 'export LAB_CWD=%q\n' "$PWD"
  printf 'export LAB_CONSOLE_OUT=%q\n' "$VERBOSE"
  printf 'export LAB_HOST_RUN_DIR=%q\n' "$XCHG"
  for kv in "${EXTRA_ENV[@]}"; do printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"; done
} > "$XCHG/env"

case $LAB_ACCEL in
  kvm) ACCEL=(-accel kvm -cpu host) ;;
  *)   ACCEL=(-accel "tcg,${LAB_TCG_OPTS:-thread=multi,tb-size=256}" -cpu "${LAB_CPU:-max}") ;;
esac
case $LAB_KERNEL in
  bzimage) KERNEL=$LAB_ART/vmlinuz ;;
  *)       KERNEL=$LAB_ART/vmlinux ;;
esac
BIOS=()
[ "$LAB_BIOS" = qboot ] && BIOS=(-bios /usr/share/qemu/qboot.rom)

APPEND="console=ttyS0 panic=-1 ${LAB_KAPPEND:-quiet loglevel=4} mitigations=off nokaslr tsc=reliable no_timer_check"
APPEND+=" i8042.noaux i8042.nopnp i8042.dumbkbd rcupdate.rcu_expedited=1 random.trust_cpu=on"
APPEND+=" lab.dir=$LAB_DIR"
FS=(-fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap"
    -device "virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot"
    -fsdev "local,id=xchg,path=$XCHG,security_model=passthrough"
    -device "virtio-9p-pci,fsdev=xchg,mount_tag=xchg")
if [ -n "$LAB_RWDIR" ]; then
  LAB_RWDIR=$(cd "$LAB_RWDIR" && pwd) || exit 2
  FS+=(-fsdev "local,id=rwdir,path=$LAB_RWDIR,security_model=passthrough"
       -device "virtio-9p-pci,fsdev=rwdir,mount_tag=rwdir")
  APPEND+=" lab.rwdir=$LAB_RWDIR"
fi

if [ "$VERBOSE" = 1 ]; then
  SERIAL=(-chardev "stdio,id=con,logfile=$XCHG/console.log,signal=off" -serial chardev:con)
else
  SERIAL=(-serial "file:$XCHG/console.log")
fi

T0=$(date +%s.%N)
# timeout(1) bounds the run (SIGTERM, then SIGKILL 10 s later); no background watchdog that
# could keep a caller's stdout pipe open.
timeout -k 10 "$LAB_TIMEOUT" qemu-system-x86_64 -nodefaults -no-user-config -nographic -no-reboot \
  -machine "$LAB_MACHINE" "${ACCEL[@]}" -smp "$LAB_CPUS" -m "$LAB_MEM" "${BIOS[@]}" \
  -kernel "$KERNEL" -initrd "$LAB_ART/initramfs.cpio" -append "$APPEND" \
  "${FS[@]}" "${SERIAL[@]}" -monitor none </dev/null
QRC=$?
T1=$(date +%s.%N)

[ -f "$XCHG/stdout" ] && cat "$XCHG/stdout"
[ -f "$XCHG/stderr" ] && [ "$VERBOSE" = 0 ] && cat "$XCHG/stderr" >&2
if [ -f "$XCHG/rc" ]; then
  RC=$(cat "$XCHG/rc")
else
  RC=124
  echo "vm.sh: guest gave no exit code (qemu rc=$QRC, timeout ${LAB_TIMEOUT}s?); console tail:" >&2
  tail -n 40 "$XCHG/console.log" >&2
  [ -f "$XCHG/setup.log" ] && { echo "--- setup.log tail" >&2; tail -n 20 "$XCHG/setup.log" >&2; }
fi
if [ "$QUIET" = 0 ]; then
  awk -v t0="$T0" -v t1="$T1" '
    {t[$1]=$2; o[++n]=$1}
    END {
      printf "[lab] wall %.2fs |", t1-t0
      for (i=1;i<=n;i++) printf " %s=%.2f", o[i], t[o[i]]
      printf " | boot->cmd %.2fs, cmd %.2fs, rc=%s\n", t["cmd_start"], t["cmd_end"]-t["cmd_start"], rc
    }' rc="$RC" "$XCHG/timing" >&2 2>/dev/null || true
fi
[ "$KEEP" = 0 ] && rm -rf "$XCHG"
exit "$RC"
