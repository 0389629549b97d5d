# SPDX-License-Identifier: GPL-2.0
#
# rstguard: the module (kmod/), the CLI (tools/), their tests and docs.
# `make help` lists the targets.

# Debian's 6.1 headers by default; on a router: make KDIR=/lib/modules/$(uname -r)/build
# Both are expanded when a recipe runs, not when this file is read: on a
# fresh machine the headers are only there once `make deps` has run.
DEBIAN_KREL = $(shell dpkg-query -W -f='$${Depends}' linux-headers-amd64 2>/dev/null | \
		sed -n 's/.*linux-headers-\([^ ,]*\).*/\1/p')
KDIR ?= /usr/src/linux-headers-$(DEBIAN_KREL)
CACHE ?= $(CURDIR)/.cache
export RSTGUARD_CACHE := $(CACHE)
# kernels are cached per machine (selftests/vm/lib.sh)
KCACHE := $(shell bash -c '. selftests/vm/lib.sh && echo $$kcache_dir')
DEBUG_KDIR := $(KCACHE)/kernel-debug
DEBUG_BUILD := $(CACHE)/build-debug
# KVER=6.12 (or 6.12-rt, or a release; selftests/vm/lib.sh): the module is
# also built against that Debian kernel's headers, in a copy, and the VM
# boots that kernel's image and loads that build (make check KVER=6.12).
KVER_KREL = $(shell bash -c '. selftests/vm/lib.sh && stock_release $(KVER)')
KVER_BUILD := $(CACHE)/build-$(KVER)
ifneq ($(KVER),)
export KVER
export RSTGUARD_KO := $(KVER_BUILD)/kmod/rstguard.ko
endif

all: module tools $(if $(KVER),module-kver)

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

tools:
	$(MAKE) -C tools

# The same sources built against the debug kernel, in a copy so that the
# two builds never share objects.
module-debug:
	selftests/vm/build-debug-kernel $(KCACHE)
	mkdir -p $(DEBUG_BUILD)
	cp -a Kbuild kmod uapi $(DEBUG_BUILD)/
	$(MAKE) -C $(DEBUG_KDIR) M=$(DEBUG_BUILD) W=1 modules

# Against KVER's headers, in a copy of the sources only: no object built for
# another kernel comes along, and the 6.1 objects in kmod/ stay.
module-kver:
	@test -n "$(KVER_KREL)" || { echo "KVER=$(KVER): no headers (run: make deps KVER=$(KVER))" >&2; exit 1; }
	mkdir -p $(KVER_BUILD)/kmod/core $(KVER_BUILD)/uapi/linux
	cp -p Kbuild $(KVER_BUILD)/
	cp -p kmod/Kbuild $(filter-out %.mod.c,$(wildcard kmod/*.[ch])) $(KVER_BUILD)/kmod/
	cp -p kmod/core/*.[ch] $(KVER_BUILD)/kmod/core/
	cp -p uapi/linux/*.h $(KVER_BUILD)/uapi/linux/
	$(MAKE) -C /usr/src/linux-headers-$(KVER_KREL) M=$(KVER_BUILD) W=1 modules

deps:
	selftests/vm/install-deps

# The README's two commands (check, demo) install what they need first;
# the build runs in a second make, after deps, so that nothing it reads
# (the headers' path) is looked up before the packages are there.
check: deps
	$(MAKE) all
	selftests/check

# The debug kernel's hour of selftests, over JOBS VMs that share one queue.
JOBS ?= 1
check-debug: module-debug tools
	RSTGUARD_KO=$(DEBUG_BUILD)/kmod/rstguard.ko selftests/check --debug --jobs $(JOBS)

# One selftest, e.g.: make check-one T=forward.sh
check-one: all
	selftests/check --no-unit $(T)

vm-shell: all
	selftests/vm/run --shell

demo: deps
	$(MAKE) all
	selftests/vm/run -- selftests/demo.sh

lint:
	selftests/lint

# rstguard against nf_conntrack in the VM: memory per session, new-session
# and lookup cost (selftests/bench/README). Sizes: RSTGUARD_BENCH_N="100000 1000000"
# Then, in the same VM boot, throughput.sh and resets.sh (bench-throughput,
# bench-resets run one of them alone).
BENCH_TIMEOUT ?= 5400
BENCH_VM_SCRIPTS := sessions.sh throughput.sh resets.sh
bench: bench-ac all selftests/bench/synflood
	selftests/vm/run --timeout $(BENCH_TIMEOUT) --append slab_nomerge -- \
		'rc=0; for t in $(BENCH_VM_SCRIPTS); do selftests/bench/$$t || rc=$$?; done; exit $$rc'

# Bulk TCP through the router: no filter, rstguard (tracking; 1000
# signatures), iptables string match kmp and bm with the same 1000 patterns
bench-throughput: all
	selftests/vm/run --timeout 1800 -- selftests/bench/throughput.sh

# Resets per second: rstguard's deny against nft's reject with tcp reset
bench-resets: all selftests/bench/synflood
	selftests/vm/run --timeout 1200 -- selftests/bench/resets.sh

# The signature automaton against Hyperscan and one search per pattern, in
# userspace (selftests/bench/ac/acbench.c). ARGS='-m 4 -r 3 -n "100 1000"'
bench-ac:
	$(MAKE) -C selftests/bench/ac run

# What "sig import" loads of the Snort 3 and Snort 2 community rulesets
# (../shared/data), and why it skips the rest, in one table; a dry run,
# no module needed. RULES="a.rules b.rules" for other files.
rule-coverage: tools
	selftests/bench/rule-coverage.sh $(RULES)

# libFuzzer harnesses of kmod/core (clang): FUZZ_SECONDS per harness
FUZZ_SECONDS ?= 600
fuzz:
	$(MAKE) -C selftests/fuzz fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

selftests/bench/synflood: selftests/bench/synflood.c
	$(CC) -O2 -Wall -Wextra -o $@ $<

# make install [DESTDIR=...] [PREFIX=/usr/local]: the module (for KDIR's
# kernel), the CLI, its man page and bash completion, the systemd unit
# (dist/) and /etc/rstguard, where it finds the state to restore at boot;
# make uninstall removes what install put (/etc/rstguard only if empty).
PREFIX ?= /usr/local
SBINDIR = $(PREFIX)/sbin
UNITDIR = $(PREFIX)/lib/systemd/system
COMPDIR = $(PREFIX)/share/bash-completion/completions
CONFDIR = /etc/rstguard
# The release the kernel reports (Debian's headers give another one to
# kbuild), so that modprobe finds the module in /lib/modules/$(uname -r).
KREL = $(shell sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' $(KDIR)/include/generated/utsrelease.h)
NO_DESTDIR = test -n "$(DESTDIR)" ||

install: all install-tools
	$(MAKE) -C $(KDIR) M=$(CURDIR) KERNELRELEASE=$(KREL) \
		INSTALL_MOD_PATH=$(DESTDIR) modules_install
	$(NO_DESTDIR) depmod -a $(KREL)

# Everything but the module (which DKMS installs: make dkms-install)
install-tools: tools
	install -D -m 0755 tools/rstguard $(DESTDIR)$(SBINDIR)/rstguard
	install -D -m 0644 Documentation/rstguard.8 \
		$(DESTDIR)$(PREFIX)/share/man/man8/rstguard.8
	install -D -m 0644 dist/bash-completion/rstguard \
		$(DESTDIR)$(COMPDIR)/rstguard
	install -d -m 0755 $(DESTDIR)$(UNITDIR) $(DESTDIR)$(CONFDIR)
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@CONFDIR@|$(CONFDIR)|g' \
		dist/rstguard.service.in > $(DESTDIR)$(UNITDIR)/rstguard.service
	$(NO_DESTDIR) ! test -d /run/systemd/system || systemctl daemon-reload

uninstall:
	rm -f $(DESTDIR)/lib/modules/$(KREL)/extra/kmod/rstguard.ko*
	-rmdir --ignore-fail-on-non-empty $(DESTDIR)/lib/modules/$(KREL)/extra/kmod \
		$(DESTDIR)/lib/modules/$(KREL)/extra
	$(NO_DESTDIR) depmod -a $(KREL)
	rm -f $(DESTDIR)$(SBINDIR)/rstguard \
		$(DESTDIR)$(PREFIX)/share/man/man8/rstguard.8 \
		$(DESTDIR)$(COMPDIR)/rstguard $(DESTDIR)$(UNITDIR)/rstguard.service
	! test -d $(DESTDIR)$(CONFDIR) || rmdir --ignore-fail-on-non-empty $(DESTDIR)$(CONFDIR)
	$(NO_DESTDIR) ! test -d /run/systemd/system || systemctl daemon-reload

# DKMS: the module's sources in /usr/src/rstguard-VERSION, registered, built
# and installed for every kernel whose headers are installed (DKMS_KERNELS
# to choose); AUTOINSTALL in dkms.conf rebuilds it for each new kernel.
RG_VERSION = $(shell sed -n 's/.*RSTGUARD_VERSION "\(.*\)"/\1/p' kmod/version.h)
DKMS_SRC = /usr/src/rstguard-$(RG_VERSION)
DKMS_KERNELS ?= $(notdir $(patsubst %/build,%,$(wildcard /lib/modules/*/build)))
dkms-install:
	grep -qx 'PACKAGE_VERSION="$(RG_VERSION)"' dkms.conf
	-dkms remove rstguard/$(RG_VERSION) --all 2>/dev/null
	rm -rf $(DKMS_SRC)
	mkdir -p $(DKMS_SRC)/kmod/core $(DKMS_SRC)/uapi/linux
	install -m 0644 Kbuild dkms.conf $(DKMS_SRC)/
	install -m 0644 kmod/Kbuild kmod/*.[ch] $(DKMS_SRC)/kmod/
	install -m 0644 kmod/core/*.[ch] $(DKMS_SRC)/kmod/core/
	install -m 0644 uapi/linux/rstguard.h $(DKMS_SRC)/uapi/linux/
	dkms add rstguard/$(RG_VERSION)
	for k in $(DKMS_KERNELS); do \
		dkms install rstguard/$(RG_VERSION) -k $$k || exit 1; \
	done

dkms-remove:
	-dkms remove rstguard/$(RG_VERSION) --all
	rm -rf $(DKMS_SRC)

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	$(MAKE) -C tools clean
	$(MAKE) -C selftests/unit clean 2>/dev/null || true
	rm -f selftests/bench/synflood
	$(MAKE) -C selftests/bench/ac clean
	$(MAKE) -C selftests/fuzz clean

help:
	@echo "make deps          install the Debian packages everything needs"
	@echo "make               build rstguard.ko (KDIR=$(KDIR)) and tools/rstguard"
	@echo "make check         unit tests, then every selftest in a VM"
	@echo "make check-one T=  one selftest in the VM (T=forward.sh)"
	@echo "make check-debug   selftests on a KASAN/kmemleak/lockdep kernel"
	@echo "make check KVER=6.12  the same on Debian's 6.12 (6.12-rt: PREEMPT_RT)"
	@echo "make demo          a client | router | server demo in a VM"
	@echo "make vm-shell      a shell in the VM"
	@echo "make lint          checkpatch, sparse, cppcheck"
	@echo "make bench         every VM benchmark: sessions (vs conntrack), throughput, resets"
	@echo "make bench-throughput  bulk TCP: rstguard, 1000 signatures, iptables string (VM)"
	@echo "make bench-resets  resets/s: rstguard deny vs nft reject with tcp reset (VM)"
	@echo "make bench-ac      signature automaton vs Hyperscan vs one search per pattern"
	@echo "make rule-coverage what sig import loads of real rulesets, skips per reason"
	@echo "make fuzz          libFuzzer harnesses of the core, FUZZ_SECONDS each (600)"
	@echo "make install       the module, the CLI, its man page and completion, the"
	@echo "                   systemd unit (PREFIX=$(PREFIX), DESTDIR); make uninstall"
	@echo "make install-tools the same without the module (with DKMS)"
	@echo "make dkms-install  register the module with DKMS, build it for every kernel"
	@echo "make dkms-remove   unregister it from DKMS"

.PHONY: all module tools module-debug module-kver deps check check-debug check-one \
	vm-shell demo lint bench bench-ac rule-coverage bench-throughput bench-resets fuzz \
	install install-tools uninstall clean help dkms-install dkms-remove
