#!/bin/bash
# build.sh - prepare the kernel test tier's VM from Debian packages only (adapted from the
# project's dm-multipath lab).
#
# Produces (under $LAB_ART, default /var/tmp/mpath-lab; nothing big goes into the repo):
#   $LAB_ART/vmlinux                      uncompressed ELF kernel (booted via PVH, no decompression)
#   $LAB_ART/vmlinuz                      the original bzImage (fallback: LAB_KERNEL=bzimage)
#   $LAB_ART/modules/lib/modules/$KVER    full module tree of the Debian kernel + modules.dep (depmod)
#   $LAB_ART/initramfs.cpio               busybox-static + the few modules needed to mount the 9p root
#
# Idempotent: re-running only redoes missing pieces (FORCE=1 redoes everything).
set -euo pipefail

LAB_DIR=$(cd "$(dirname "$0")" && pwd)
LAB_ART=${LAB_ART:-/var/tmp/mpath-lab}
# Debian bookworm kernel ABI name; default: whatever linux-image-amd64 currently points at
# (6.1.0-56-amd64 when this was written).  Pin with KVER=... if needed.
KVER=${KVER:-}
KDEB_DIR=${KDEB_DIR:-$LAB_ART/debs}      # a pre-downloaded .deb there is used if present
FORCE=${FORCE:-0}
export DEBIAN_FRONTEND=noninteractive

log() { printf '[build] %s\n' "$*" >&2; }

mkdir -p "$LAB_ART/debs"

# ---------------------------------------------------------------- host packages
need_pkgs=()
for p in qemu-system-x86 busybox-static multipath-tools sg3-utils kmod lsscsi cpio xz-utils udev \
         procps psmisc clang zlib1g-dev fio; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need_pkgs+=("$p")
done
if ((${#need_pkgs[@]})); then
  log "apt-get install ${need_pkgs[*]}"
  # never start services (multipathd, udev) on the build host: temporary policy-rc.d if none exists
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get update -qq
  apt-get install -y -q --no-install-recommends "${need_pkgs[@]}" >&2
fi
if [[ -z $KVER ]]; then
  [[ -f $LAB_ART/KVER ]] && KVER=$(cat "$LAB_ART/KVER")
fi
if [[ -z $KVER ]]; then
  KVER=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/.*Depends: linux-image-\(6\.1\.0-[0-9]*-amd64\)$/\1/p' | head -1)
  [[ -n $KVER ]] || KVER=6.1.0-56-amd64
fi
echo "$KVER" > "$LAB_ART/KVER"
log "kernel ABI: $KVER"

# ---------------------------------------------------------------- kernel package
kdeb=$(ls "$KDEB_DIR"/linux-image-"$KVER"_*_amd64.deb 2>/dev/null | head -1 || true)
if [[ -z "$kdeb" ]]; then
  kdeb=$(ls "$LAB_ART"/debs/linux-image-"$KVER"_*_amd64.deb 2>/dev/null | head -1 || true)
fi
if [[ -z "$kdeb" ]]; then
  log "apt-get download linux-image-$KVER"
  (cd "$LAB_ART/debs" && apt-get download "linux-image-$KVER" >&2) ||
    { apt-get update -qq; (cd "$LAB_ART/debs" && apt-get download "linux-image-$KVER" >&2); }
  kdeb=$(ls "$LAB_ART"/debs/linux-image-"$KVER"_*_amd64.deb | head -1)
fi
log "kernel package: $kdeb"

MODROOT=$LAB_ART/modules
if [[ $FORCE = 1 || ! -f $MODROOT/lib/modules/$KVER/modules.dep || ! -f $LAB_ART/vmlinuz ]]; then
  log "extracting $kdeb"
  rm -rf "$LAB_ART/kx" "$MODROOT"; mkdir -p "$LAB_ART/kx" "$MODROOT/lib/modules"
  dpkg -x "$kdeb" "$LAB_ART/kx"
  cp "$LAB_ART/kx/boot/vmlinuz-$KVER" "$LAB_ART/vmlinuz"
  cp "$LAB_ART/kx/boot/config-$KVER" "$LAB_ART/config"
  cp "$LAB_ART/kx/boot/System.map-$KVER" "$LAB_ART/System.map"
  mv "$LAB_ART/kx/lib/modules/$KVER" "$MODROOT/lib/modules/"
  rm -rf "$LAB_ART/kx"
  log "depmod"
  depmod -b "$MODROOT" "$KVER"
  rm -f "$LAB_ART/vmlinux"
fi

# ------------------------------------------- uncompressed ELF vmlinux (PVH boot)
# qemu -kernel can boot an ELF vmlinux through its PVH note (CONFIG_PVH=y in
# Debian's config), which skips the xz decompression of the bzImage: under TCG
# that saves about a second per boot.
if [[ ! -s $LAB_ART/vmlinux ]]; then
  log "extracting vmlinux from bzImage"
  python3 - "$LAB_ART/vmlinuz" "$LAB_ART/vmlinux" <<'EOF'
import lzma, sys
data = open(sys.argv[1], 'rb').read()
magic = b'\xfd7zXZ\x00'
off = data.find(magic)
while off >= 0:
    try:
        d = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
        out = d.decompress(data[off:])
        if out[:4] == b'\x7fELF':
            open(sys.argv[2], 'wb').write(out)
            sys.exit(0)
    except lzma.LZMAError:
        pass
    off = data.find(magic, off + 1)
sys.exit("no xz-compressed ELF found in bzImage")
EOF
fi

# ---------------------------------------------------------------- initramfs
# Stage 1 only needs: virtio-pci, 9p over virtio, overlayfs.  Everything else
# is loaded later with the host's kmod modprobe from the 9p-shared module tree.
STAGE1_MODS="virtio_pci 9pnet_virtio 9p overlay"
IR=$LAB_ART/initramfs.d
if [[ $FORCE = 1 || ! -s $LAB_ART/initramfs.cpio || $LAB_DIR/guest/init -nt $LAB_ART/initramfs.cpio || $LAB_DIR/build.sh -nt $LAB_ART/initramfs.cpio ]]; then
  log "building initramfs"
  rm -rf "$IR"; mkdir -p "$IR"/{bin,dev,proc,sys,lower,rw,newroot,mod}
  cp /bin/busybox "$IR/bin/busybox"
  for a in $(/bin/busybox --list); do [[ $a = busybox ]] || ln -sf busybox "$IR/bin/$a"; done
  : > "$IR/mod/order"
  # modprobe --show-depends prints the insmod order, dependencies first
  for m in $STAGE1_MODS; do modprobe -d "$MODROOT" -S "$KVER" --show-depends "$m"; done | awk '$1=="insmod"{print $2}' |
  while read -r ko; do
    b=$(basename "$ko")
    grep -qx "$b" "$IR/mod/order" && continue
    cp "$ko" "$IR/mod/$b"
    echo "$b" >> "$IR/mod/order"
  done
  cp "$LAB_DIR/guest/init" "$IR/init"; chmod 755 "$IR/init"
  mknod -m 600 "$IR/dev/console" c 5 1   # so /init starts with a console
  (cd "$IR" && find . -print0 | cpio --null -o -H newc --quiet) > "$LAB_ART/initramfs.cpio"
  log "initramfs: $(du -h "$LAB_ART/initramfs.cpio" | cut -f1), modules: $(tr '\n' ' ' < "$IR/mod/order")"
fi

log "done. artifacts in $LAB_ART:"
