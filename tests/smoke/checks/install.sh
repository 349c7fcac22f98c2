# Smoke checks of the install path: `make install` into a scratch DESTDIR and `make deb`, both with the binary the
# smoke tier just published (MPATH_BIN), so nothing is built twice and nothing needs root.
install_root=$(mktemp -d "${TMPDIR:-/tmp}/mpath-install.XXXXXX")
if make -C "$root" install DESTDIR="$install_root" PREFIX=/usr MPATH_BIN="$mpath" DROPIN_LINKS=multipathd > "$install_root.log" 2>&1; then
  missing=""
  for f in usr/sbin/mpath usr/lib/systemd/system/mpathd.service usr/lib/systemd/system/mpathd.socket; do
    [ -e "$install_root/$f" ] || missing="$missing $f"
  done
  [ -z "$missing" ] && record passed "make install: binary and systemd units" || record failed "make install: binary and systemd units" "missing:$missing"
  [ -x "$install_root/usr/sbin/mpath" ] && "$install_root/usr/sbin/mpath" --version > /dev/null 2>&1 \
    && record passed "make install: the installed mpath runs" || record failed "make install: the installed mpath runs"
  [ "$(readlink "$install_root/usr/sbin/multipathd")" = mpath ] \
    && record passed "make install: DROPIN_LINKS become symlinks to mpath" || record failed "make install: DROPIN_LINKS become symlinks to mpath"
  grep -q '^ExecStart=/usr/sbin/mpath daemon' "$install_root/usr/lib/systemd/system/mpathd.service" \
    && record passed "make install: the unit runs the installed binary" || record failed "make install: the unit runs the installed binary"
  if [ -f "$root/docs/mpath.8" ]; then
    [ -f "$install_root/usr/share/man/man8/mpath.8" ] && record passed "make install: man page" || record failed "make install: man page"
  fi
  if [ -f "$root/contrib/bash-completion/mpath" ]; then
    [ -f "$install_root/usr/share/bash-completion/completions/mpath" ] && record passed "make install: bash completion" || record failed "make install: bash completion"
  fi
else
  record failed "make install: binary and systemd units" "$(tail -5 "$install_root.log")"
fi
rm -rf "$install_root" "$install_root.log"

if command -v dpkg-deb > /dev/null; then
  deb_out=$(mktemp -d "${TMPDIR:-/tmp}/mpath-deb.XXXXXX")
  # A copy of the tree keeps out/ of the checkout clean.
  git -C "$root" ls-files -z | (cd "$root" && xargs -0 cp --parents -t "$deb_out")
  if make -C "$deb_out" deb MPATH_BIN="$mpath" > "$deb_out.log" 2>&1 && deb=$(ls "$deb_out"/out/mpath_*.deb 2>/dev/null | head -1) && [ -n "$deb" ]; then
    contents=$(dpkg-deb --contents "$deb")
    if grep -q '\./usr/sbin/mpath$' <<< "$contents" && grep -q 'mpathd.service$' <<< "$contents" \
        && [ "$(dpkg-deb --field "$deb" Package)" = mpath ] && ! dpkg-deb --field "$deb" Conflicts Replaces | grep -q .; then
      record passed "make deb: package with binary and units, conflicting with nothing"
    else
      record failed "make deb: package with binary and units, conflicting with nothing" "$(dpkg-deb --field "$deb" | head -5)"
    fi
  else
    record failed "make deb: package with binary and units, conflicting with nothing" "$(tail -5 "$deb_out.log")"
  fi
  rm -rf "$deb_out" "$deb_out.log"
else
  record skipped "make deb" "dpkg-deb not installed"
fi
