# Install path for distributions: `make install DESTDIR=/tmp/stage PREFIX=/usr`, `make deb`.
# Builds the NativeAOT binary with `dotnet publish` unless MPATH_BIN names one already built.
# Nothing here needs root; `make install` without DESTDIR writes to the live system.

PREFIX        ?= /usr
SBINDIR       ?= $(PREFIX)/sbin
MANDIR        ?= $(PREFIX)/share/man
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
# systemd units and udev rules live under /usr/lib (also on merged-/usr Debian); override for other layouts.
UNITDIR       ?= /usr/lib/systemd/system
UDEVRULESDIR  ?= /usr/lib/udev/rules.d
# Drop-in names installed as symlinks to mpath (e.g. DROPIN_LINKS="multipath multipathd"): empty until mpath
# answers those programs' command lines; set it on the command line to install them.
DROPIN_LINKS  ?=

RID       ?= linux-x64
PUBLISHDIR = out/publish-$(RID)
MPATH_BIN ?= $(PUBLISHDIR)/mpath
VERSION   := $(shell sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
DEB_ARCH  ?= $(if $(filter linux-arm64,$(RID)),arm64,amd64)
DEB_STAGE  = out/deb/mpath_$(VERSION)_$(DEB_ARCH)

INSTALL ?= install

.PHONY: all publish install uninstall deb clean

all: publish

publish: $(MPATH_BIN)

$(PUBLISHDIR)/mpath:
	dotnet publish src/Mpath.Cli -c Release -r $(RID) -o $(PUBLISHDIR)

install: $(MPATH_BIN)
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(UNITDIR)
	$(INSTALL) -m 0755 $(MPATH_BIN) $(DESTDIR)$(SBINDIR)/mpath
	for name in $(DROPIN_LINKS); do ln -sf mpath $(DESTDIR)$(SBINDIR)/$$name; done
	$(INSTALL) -m 0644 contrib/systemd/mpathd.service contrib/systemd/mpathd.socket $(DESTDIR)$(UNITDIR)/
	sed -i 's:/usr/sbin/mpath:$(SBINDIR)/mpath:' $(DESTDIR)$(UNITDIR)/mpathd.service
	if [ -f docs/mpath.8 ]; then $(INSTALL) -d $(DESTDIR)$(MANDIR)/man8 && $(INSTALL) -m 0644 docs/mpath.8 $(DESTDIR)$(MANDIR)/man8/; fi
	if [ -f contrib/bash-completion/mpath ]; then $(INSTALL) -d $(DESTDIR)$(COMPLETIONDIR) && $(INSTALL) -m 0644 contrib/bash-completion/mpath $(DESTDIR)$(COMPLETIONDIR)/; fi
	if ls contrib/udev/*.rules > /dev/null 2>&1; then $(INSTALL) -d $(DESTDIR)$(UDEVRULESDIR) && $(INSTALL) -m 0644 contrib/udev/*.rules $(DESTDIR)$(UDEVRULESDIR)/; fi

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/mpath $(DESTDIR)$(UNITDIR)/mpathd.service $(DESTDIR)$(UNITDIR)/mpathd.socket
	rm -f $(DESTDIR)$(MANDIR)/man8/mpath.8 $(DESTDIR)$(COMPLETIONDIR)/mpath
	for name in $(DROPIN_LINKS); do rm -f $(DESTDIR)$(SBINDIR)/$$name; done

# A .deb from a staging directory with dpkg-deb (works offline, needs no debhelper): debian/control is the package
# description, with the version and architecture filled in here.
deb: $(MPATH_BIN)
	rm -rf $(DEB_STAGE)
	$(MAKE) install DESTDIR=$(CURDIR)/$(DEB_STAGE) PREFIX=/usr MPATH_BIN=$(abspath $(MPATH_BIN))
	$(INSTALL) -d $(DEB_STAGE)/DEBIAN $(DEB_STAGE)/usr/share/doc/mpath
	sed -e 's/@VERSION@/$(VERSION)/' -e 's/@ARCH@/$(DEB_ARCH)/' \
	    -e "s/@SIZE@/$$(du -sk --exclude=DEBIAN $(DEB_STAGE) | cut -f1)/" debian/control > $(DEB_STAGE)/DEBIAN/control
	$(INSTALL) -m 0755 debian/postinst debian/postrm $(DEB_STAGE)/DEBIAN/
	$(INSTALL) -m 0644 debian/copyright $(DEB_STAGE)/usr/share/doc/mpath/copyright
	dpkg-deb --root-owner-group --build $(DEB_STAGE) out/mpath_$(VERSION)_$(DEB_ARCH).deb

clean:
	rm -rf out/publish-* out/deb out/*.deb
