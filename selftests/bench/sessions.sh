#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Session table benchmark: rstguard against nf_conntrack on the same
# router, in the same run (make bench; see selftests/bench/README).
#
#   client --SYNs--> router (rstguard | conntrack | neither) --> d0 (dummy)
#
# synflood sends one SYN per tuple from a /16 of spoofed sources through
# the router into a dummy device: no replies, so each SYN makes one session
# that stays in its first state (timeouts set to 600 s).
#
#   new sessions  ROUNDS interleaved rounds of NEW SYNs with rstguard, with
#                 conntrack and with neither, each engine freshly loaded
#                 and holding WARM sessions (no resize while timed): wall
#                 and CPU time per SYN, medians
#   memory        each engine filled to N sessions: /proc/slabinfo and
#                 /proc/meminfo before and after (boot with slab_nomerge)
#   lookups       packets of existing sessions (SYN retransmissions) with
#                 SMALL sessions in the table, then with N (the same
#                 SMALL tuples, and LOOKUPS distinct tuples, alternately)
#
# Timing is reported, never judged: the exit status is 0 unless the
# benchmark could not run. Settings (environment): RSTGUARD_BENCH_N
# ("100000 1000000"), RSTGUARD_BENCH_ROUNDS (5), RSTGUARD_BENCH_NEW
# (20000), RSTGUARD_BENCH_SMALL (1000), RSTGUARD_BENCH_LOOKUPS (20000).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

SIZES=${RSTGUARD_BENCH_N:-100000 1000000}
ROUNDS=${RSTGUARD_BENCH_ROUNDS:-5}
NEW=${RSTGUARD_BENCH_NEW:-20000}
SMALL=${RSTGUARD_BENCH_SMALL:-1000}
LOOKUPS=${RSTGUARD_BENCH_LOOKUPS:-20000}
# Sessions in the table before the timed SYNs: enough that rhashtable has
# already grown to the size that holds them all (0.75 load), so no resize
# falls into the timing. Table growth is in the "filling" rows.
WARM=$(awk -v n="$NEW" 'BEGIN { s = 256; while (s / 4 * 3 < 2 * n + 2) s *= 2
	print s / 8 * 3 + 1 }')

require_root
require_cmd ip nft jq awk modprobe insmod rmmod getconf
require_cli
[ -x "$SYNFLOOD" ] || skip "$SYNFLOOD not built (run: make bench)"
[ -f "$RSTGUARD_KO" ] || skip "no module at $RSTGUARD_KO (run: make)"
modprobe -n nft_ct nf_conntrack 2>/dev/null || skip "no nf_conntrack module"
[ -d /sys/module/rstguard ] && rmmod rstguard

tmp=$(mktemp -d)
cleanup() {
	[ -d /sys/module/rstguard ] && rmmod rstguard
	if [ -d /sys/module/nf_conntrack ]; then
		nsr nft delete table inet rgbench 2>/dev/null
		modprobe -r nft_ct nf_conntrack 2>/dev/null
	fi
	topology_down
	rm -rf "$tmp"
}
trap cleanup EXIT

note() {
	echo "# $*" >&2
}

# busy: CPU ticks (USER_HZ) all CPUs spent busy so far.
busy() {
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

# idle_cpu SECONDS: percent of one CPU the machine burns while nothing is
# sent (GC walks, timers).
idle_cpu() {
	local b0

	b0=$(busy)
	sleep "$1"
	awk -v t="$(($(busy) - b0))" -v hz="$HZ_USER" -v s="$1" \
		'BEGIN { printf "%.1f\n", t * 100 / hz / s }'
}

# settle: let deferred frees (RCU, lazy vfree) happen and drop the page
# cache and reclaimable slabs, so that memory snapshots move less.
settle() {
	sync
	sleep 3
	echo 3 > /proc/sys/vm/drop_caches
}

# expect_sessions ENGINE WANT WHAT: report a shortfall (no failure: a
# dropped SYN only makes the figures per session slightly off).
expect_sessions() {
	local got

	got=$(engine_sessions "$1")
	[ "$got" = "$2" ] && return 0
	note "WARNING: $1 has $got sessions after $3, expected $2"
	echo "$got"
	return 1
}

# new_sessions: ROUNDS rounds; in each, every engine (in a rotating order)
# is loaded, takes WARM SYNs (which also lets QEMU translate the code it
# runs), then the NEW SYNs that are timed, and is unloaded.
new_sessions() {
	local r i e modes=(none rg ct)

	for r in $(seq "$ROUNDS"); do
		for i in 0 1 2; do
			e=${modes[(r + i) % 3]}
			engine_up "$e" $((WARM + NEW)) || return 1
			[ "$e" != ct ] || ct_buckets $((WARM + NEW))
			flood 0 "$WARM" || return 1
			sleep 1	# the resize work item
			flood "$WARM" "$NEW" || return 1
			flood_cost >> "$tmp/new.$e"
			[ "$FLOOD_FWD" = "$NEW" ] ||
				note "WARNING: $e round $r: $FLOOD_FWD of $NEW SYNs forwarded"
			[ "$e" = none ] ||
				expect_sessions "$e" $((WARM + NEW)) "round $r" > /dev/null
			engine_down "$e" || return 1
		done
		note "new sessions: round $r of $ROUNDS done"
	done
}

# lookup FILE FIRST COUNT: LOOKUPS packets of the existing sessions
# FIRST..FIRST+COUNT-1, cycled; their cost appended to FILE.
lookup() {
	flood "$2" "$3" $((LOOKUPS / $3)) || return 1
	flood_cost >> "$1"
}

# fill ENGINE N: SMALL sessions and lookups among them, then N sessions in
# all, their memory, the CPU the machine burns at rest with them (minus
# the same without the engine), and lookups among them.
fill() {
	local e=$1 n=$2 cache=rg_session out=$tmp/$1.$2 t0 distinct got idle r

	[ "$e" = ct ] && cache=nf_conntrack
	distinct=$((LOOKUPS < n - SMALL ? LOOKUPS : n - SMALL))
	engine_up "$e" "$n" || return 1
	settle
	snap "$out.before"
	[ "$e" != ct ] || ct_buckets "$n"
	flood 0 "$SMALL" || return 1
	for r in $(seq "$ROUNDS"); do
		lookup "$out.small" 0 "$SMALL" || return 1
	done
	t0=$SECONDS
	flood "$SMALL" $((n - SMALL)) || return 1
	flood_cost > "$out.fill"
	note "$e: $n sessions in $((SECONDS - t0)) s"
	# rhashtable resizes in a work item: let it finish.
	settle
	snap "$out.after"
	got=$(expect_sessions "$e" "$n" fill) || n=$got
	idle=$(idle_cpu 10)
	for r in $(seq "$ROUNDS"); do
		lookup "$out.same" 0 "$SMALL" || return 1
		lookup "$out.distinct" "$SMALL" "$distinct" || return 1
	done
	mem_report "$out.before" "$out.after" "$cache" "$n"
	echo "$n $MEM_OBJSIZE $MEM_SLAB $MEM_KMALLOC $MEM_TABLE $MEM_TOTAL" > "$out.mem"
	engine_down "$e" || return 1
	settle
	# the same machine without the engine: what its table costs at rest
	awk -v a="$idle" -v b="$(idle_cpu 10)" \
		'BEGIN { printf "%.1f\n", a - b }' > "$out.idle"
}

# col FILE N: the median of column N (1 wall us, 2 CPU us) of FILE.
col() {
	[ -s "$1" ] || { echo -; return; }
	awk -v c="$2" '{ print $c }' "$1" | median
}

# flatness ENGINE N COLUMN: lookup cost among N sessions over among SMALL.
flatness() {
	ratio "$(col "$tmp/$1.$2.distinct" "$3")" "$(col "$tmp/$1.$2.small" "$3")"
}

# memf ENGINE N FIELD: one figure of fill's memory line.
memf() {
	awk -v f="$3" '{ print $f }' "$tmp/$1.$2.mem"
}

report_new() {
	local c none rg ct what

	for c in 1 2; do
		what=$([ $c = 1 ] && echo wall || echo CPU)
		none=$(col "$tmp/new.none" $c)
		rg=$(col "$tmp/new.rg" $c)
		ct=$(col "$tmp/new.ct" $c)
		row "new session, $what us/SYN (neither: $none)" "$rg" "$ct"
		row "  same, relative to neither" "$(ratio "$rg" "$none")" "$(ratio "$ct" "$none")" ""
		row "  same, added over neither" \
			"$(awk -v a="$rg" -v b="$none" 'BEGIN { printf "%.3f", a - b }')" \
			"$(awk -v a="$ct" -v b="$none" 'BEGIN { printf "%.3f", a - b }')"
	done
}

report_size() {
	local n=$1 f e c what derived_rg derived_ct s_rg s_ct

	for e in rg ct; do
		[ -s "$tmp/$e.$n.mem" ] || return 0
	done
	s_rg=$(memf rg "$n" 1)
	s_ct=$(memf ct "$n" 1)
	derived_rg=$(per "$(kvmalloc_bytes $((64 + 8 * $(rht_buckets "$s_rg"))))" "$s_rg")
	derived_ct=$(per "$(kvmalloc_bytes $(((n + 511) / 512 * 512 * 8)))" "$s_ct")
	echo
	row "N = $n: sessions in the table" "$s_rg" "$s_ct" ""
	row "  object size (slabinfo objsize)" "$(memf rg "$n" 2)" "$(memf ct "$n" 2)"
	row "  bytes/session: slab pages of the cache" "$(memf rg "$n" 3)" "$(memf ct "$n" 3)"
	row "  bytes/session: kmalloc-* (extensions)" "$(memf rg "$n" 4)" "$(memf ct "$n" 4)" ""
	row "  bytes/session: hash table, measured" "$(memf rg "$n" 5)" "$(memf ct "$n" 5)"
	row "  hash buckets (8 bytes each)" "$(rht_buckets "$s_rg")" \
		$(((n + 511) / 512 * 512)) ""
	row "  bytes/session: hash table, derived" "$derived_rg" "$derived_ct"
	f=$(awk '{ printf "%.1f\n", $3 + $4 + $5 }' "$tmp/rg.$n.mem")
	row "  bytes/session: slab + kmalloc + table" "$f" \
		"$(awk '{ printf "%.1f\n", $3 + $4 + $5 }' "$tmp/ct.$n.mem")"
	row "  bytes/session: MemFree drop (all, noisy)" "$(memf rg "$n" 6)" "$(memf ct "$n" 6)"
	row "  filling: wall us/SYN" "$(col "$tmp/rg.$n.fill" 1)" "$(col "$tmp/ct.$n.fill" 1)"
	row "  CPU at rest, N sessions - none (% of 1 CPU)" "$(cat "$tmp/rg.$n.idle")" \
		"$(cat "$tmp/ct.$n.idle")" ""
	for c in 1 2; do
		what=$([ $c = 1 ] && echo wall || echo CPU)
		row "  lookup $what us/pkt: $SMALL sessions" \
			"$(col "$tmp/rg.$n.small" $c)" "$(col "$tmp/ct.$n.small" $c)"
		row "  lookup $what us/pkt: N, same $SMALL tuples" \
			"$(col "$tmp/rg.$n.same" $c)" "$(col "$tmp/ct.$n.same" $c)"
		row "  lookup $what us/pkt: N, $LOOKUPS tuples" \
			"$(col "$tmp/rg.$n.distinct" $c)" "$(col "$tmp/ct.$n.distinct" $c)"
		row "  flatness: N ($LOOKUPS tuples) / $SMALL" \
			"$(flatness rg "$n" $c)" "$(flatness ct "$n" $c)" ""
	done
}

bench_topology
note "idle CPU, nothing loaded: $(idle_cpu 5)% of a CPU"
note "new sessions: $ROUNDS rounds of $NEW SYNs per engine, after $WARM"
new_sessions || exit 1
for e in none rg ct; do
	note "new sessions, $e, wall us/SYN by round:" \
		"$(awk '{ printf "%s ", $1 }' "$tmp/new.$e")"
done
for n in $SIZES; do
	for e in rg ct; do
		note "filling $e to $n sessions"
		fill "$e" "$n" || exit 1
	done
done

cat <<EOF
# rstguard vs nf_conntrack, $(uname -r), $(nproc) CPUs$([ "${RSTGUARD_VM:-}" ] && echo ", in the QEMU VM")
# $ROUNDS rounds, medians; us = microseconds; ratio = rstguard / conntrack
# rerun: make bench [RSTGUARD_BENCH_N="100000 1000000"] (see selftests/bench/README)
$(grep -qw slab_nomerge /proc/cmdline || echo "# WARNING: no slab_nomerge: caches may be shared")
EOF
row metric rstguard conntrack ratio
row "----------------------------------------------" ---------- ---------- ------
report_new
for n in $SIZES; do
	report_size "$n"
done
exit 0
