#!/bin/bash
# Stage 2: PID 1 of the guest, running from the host's root filesystem
# (9p read-only + tmpfs overlay).  Sets up the guest, builds the device setups
# named in LAB_SETUP, runs /xchg/cmd.sh as root, stores stdout/stderr/rc in
# /xchg and powers off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8 LC_ALL=C.UTF-8
umask 022

LAB_DIR=$(dirname "$(dirname "$(readlink -f "$0")")")
export LAB_DIR LAB_XCHG=/xchg
# shellcheck disable=SC1091
[ -f /xchg/env ] && . /xchg/env
export LAB_ART=${LAB_ART:-/var/tmp/mpath-lab}
KVER=$(uname -r)

up() { cut -d' ' -f1 /proc/uptime; }
stamp() { echo "$1 $(up)" >> /xchg/timing; }
log() { echo "lab: $*" > /dev/console; }
die() { log "FATAL: $*"; echo "lab stage2 failed: $*" >> /xchg/stderr; echo 125 > /xchg/rc; sync; busybox poweroff -f; }

stamp stage2_start

# ------------------------------------------------------------ basic mounts
mkdir -p /dev/pts /dev/shm
# bash process substitution needs /dev/fd (devtmpfs does not provide it)
ln -sfn /proc/self/fd /dev/fd; ln -sfn /proc/self/fd/0 /dev/stdin
ln -sfn /proc/self/fd/1 /dev/stdout; ln -sfn /proc/self/fd/2 /dev/stderr
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mount -t tmpfs -o mode=1777 shm /dev/shm
mount -t tmpfs -o mode=755 run /run
mkdir -p /run/lock /run/multipathd /var/lock
# a clean /tmp (LAB_CLEAN_TMP=0 keeps the host's /tmp visible, writes still go to the overlay)
[ "${LAB_CLEAN_TMP:-1}" = 1 ] && mount -t tmpfs -o mode=1777 tmp /tmp
ln -sf /proc/self/mounts /etc/mtab 2>/dev/null

# kernel modules: the full Debian module tree lives on the host under $LAB_ART
mkdir -p /lib/modules
rm -rf "/lib/modules/$KVER"
ln -s "$LAB_ART/modules/lib/modules/$KVER" "/lib/modules/$KVER"
echo /sbin/modprobe > /proc/sys/kernel/modprobe

stamp a1; modprobe configfs && mount -t configfs configfs /sys/kernel/config
stamp a2; hostname lab
echo lab > /etc/hostname
ip link set lo up
# the host's machine-id / fstab etc. are irrelevant; make sure nothing host-specific leaks
stamp a3; rm -f /etc/multipath.conf; mkdir -p /etc/multipath /etc/multipath/conf.d
rm -f /etc/multipath/wwids /etc/multipath/bindings /etc/multipath/conf.d/*
# Default multipath.conf for Debian's multipathd (guest overlay only, discarded at poweroff).
# find_multipaths "strict" (the default) would ignore every WWID not in /etc/multipath/wwids.
# LAB_MPCONF=none: no config file; LAB_MPCONF=/path: copy that file.
case ${LAB_MPCONF:-default} in
  none) ;;
  default) printf 'defaults {\n\tuser_friendly_names yes\n\tfind_multipaths no\n}\n' > /etc/multipath.conf ;;
  *) cp "$LAB_MPCONF" /etc/multipath.conf ;;
esac

# dm-multipath and all scsi_dh handlers; load before SCSI devices appear so
# that scsi_dh_alua attaches at scan time.
stamp a4; modprobe -a dm-mod dm-multipath dm-round-robin dm-queue-length dm-service-time \
  scsi_dh_alua scsi_dh_rdac scsi_dh_emc scsi_dh_hp_sw sd_mod sg || die "modprobe dm/scsi"
stamp modules_loaded

# ------------------------------------------------------------ udev
if [ "${LAB_UDEV:-1}" = 1 ]; then
  /lib/systemd/systemd-udevd --daemon --resolve-names=never 2>/dev/null
  udevadm trigger --type=subsystems --action=add >/dev/null 2>&1
  udevadm trigger --type=devices --action=add --subsystem-match=block --subsystem-match=scsi \
    --subsystem-match=scsi_device --subsystem-match=scsi_disk --subsystem-match=scsi_generic \
    --subsystem-match=misc >/dev/null 2>&1
  udevadm settle -t 60
fi
stamp udev_ready

# ------------------------------------------------------------ device setups
for s in ${LAB_SETUP:-}; do
  name=${s%%:*}
  f=$LAB_DIR/guest/setup/$name.sh
  [ -f "$f" ] || die "unknown setup '$name' (see $LAB_DIR/guest/setup/)"
  # "name:k=v,k=v" -> exported variables K=v for the setup script
  if [ "$s" != "$name" ]; then
    IFS=, read -ra kvs <<< "${s#*:}"
    for kv in "${kvs[@]}"; do export "${kv%%=*}=${kv#*=}"; done
  fi
  log "setup $name"
  # shellcheck disable=SC1090
  ( . "$f" ) >> /xchg/setup.log 2>&1 || die "setup $name failed (see setup.log)"
  stamp "setup_$name"
done
[ "${LAB_UDEV:-1}" = 1 ] && udevadm settle -t 60
stamp setup_done

# ------------------------------------------------------------ the command
export PATH="$LAB_DIR/guest/bin:$PATH"
cd "${LAB_CWD:-/}" 2>/dev/null || cd /
stamp cmd_start
if [ "${LAB_CONSOLE_OUT:-0}" = 1 ]; then
  # stream output to the serial console too (run.sh -v shows it live)
  bash /xchg/cmd.sh < /dev/null > >(tee /xchg/stdout > /dev/console) 2> >(tee /xchg/stderr > /dev/console)
  rc=$?
  sleep 0.2
else
  bash /xchg/cmd.sh < /dev/null > /xchg/stdout 2> /xchg/stderr
  rc=$?
fi
stamp cmd_end
echo "$rc" > /xchg/rc.tmp && mv /xchg/rc.tmp /xchg/rc
sync
stamp poweroff
busybox poweroff -f
