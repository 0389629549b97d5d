# SPDX-License-Identifier: GPL-2.0
#
# Helpers of the session table benchmark (sessions.sh), sourced after
# selftests/lib.sh: the SYN sink, the engines being compared, memory
# snapshots and statistics.

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SYNFLOOD=${SYNFLOOD:-$bench_dir/synflood}
SRCNET=10.1.0.0	# synflood's sources: a /16 behind the client
SINK=10.9.0.1	# routed by the router into a dummy device: no replies
PAGE=$(getconf PAGESIZE)
HZ_USER=$(getconf CLK_TCK)

# bench_topology: client | router | server, plus on the router a route
# back to the spoofed sources and a dummy device that swallows the SYNs,
# so each SYN creates one session that stays in its first state.
bench_topology() {
	topology_up
	nsr ip link add d0 type dummy
	nsr ip link set d0 up
	nsr ip route add 10.9.0.0/16 dev d0
	nsr ip route add $SRCNET/16 via "$CLIENT4"
	nsr sysctl -qw net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.default.rp_filter=0 net.ipv4.conf.veth0.rp_filter=0
	# Global: leave room in the receive backlog if the softirq lags.
	sysctl -qw net.core.netdev_max_backlog=100000
	ROUTER_MAC=$(ip -n "$NS_ROUTER" -j link show veth0 | jq -r '.[0].address')
}

# sink_packets: packets the router forwarded into the dummy device.
sink_packets() {
	nsr cat /sys/class/net/d0/statistics/tx_packets
}

# flood FIRST COUNT [ROUNDS]: SYNs for tuples FIRST..FIRST+COUNT-1 from
# the client; FLOOD holds "SENT SECONDS BUSY_TICKS" (see synflood.c) and
# FLOOD_FWD how many the router forwarded.
flood() {
	local before

	before=$(sink_packets)
	FLOOD=$(nsc "$SYNFLOOD" -i veth0 -m "$ROUTER_MAC" -s $SRCNET -d $SINK \
		-f "$1" -n "$2" -r "${3:-1}") || return 1
	FLOOD_FWD=$(($(sink_packets) - before))
}

# flood_cost: the last flood as "WALL_US CPU_US" per forwarded packet.
flood_cost() {
	awk -v fwd="$FLOOD_FWD" -v hz="$HZ_USER" '{
		n = fwd > 0 ? fwd : 1
		printf "%.3f %.3f\n", $2 * 1e6 / n, $3 * 1e6 / hz / n }' <<< "$FLOOD"
}

# --- the engines: rstguard ("rg"), conntrack ("ct"), neither ("none") ----

# engine_up ENGINE LIMIT: load it for the router's namespace with room for
# LIMIT sessions that stay in their first state for 600 s. conntrack starts
# with the smallest hash table; ct_buckets sizes it.
engine_up() {
	local deps

	case $1 in
	rg)
		# insmod does not load what the module needs (nf_reject_*)
		deps=$(modinfo -F depends "$RSTGUARD_KO" | tr , ' ')
		# shellcheck disable=SC2086 # one module a word
		{ [ -z "$deps" ] || modprobe -a $deps; } &&
		insmod "$RSTGUARD_KO" &&
		rgr config set limit "$2" timeout tcp-init 600
		;;
	ct)
		modprobe nf_conntrack hashsize=1024 &&
		sysctl -qw net.netfilter.nf_conntrack_max="$2" &&
		nsr sysctl -qw net.netfilter.nf_conntrack_tcp_timeout_syn_sent=600 &&
		nsr nft -f - <<-EOF
		table inet rgbench {
			chain forward_ct {
				type filter hook forward priority 0; policy accept;
				ct state new counter
			}
		}
		EOF
		;;
	none) ;;
	esac
}

# ct_buckets N: conntrack's hash table (fixed size, global) to N buckets.
ct_buckets() {
	sysctl -qw net.netfilter.nf_conntrack_buckets="$1"
}

# engine_down ENGINE: unload it; its table goes with it.
engine_down() {
	case $1 in
	rg) rmmod rstguard ;;
	ct)
		nsr nft delete table inet rgbench
		modprobe -r nft_ct nf_conntrack
		;;
	esac
}

# engine_sessions ENGINE: sessions in the router's table now.
engine_sessions() {
	case $1 in
	rg) rgr -j stats | jq .sessions_live ;;
	ct) nsr cat /proc/sys/net/netfilter/nf_conntrack_count ;;
	*) echo 0 ;;
	esac
}

# --- memory --------------------------------------------------------------

# snap FILE: /proc/slabinfo and /proc/meminfo into FILE.slab, FILE.mem.
snap() {
	cat /proc/slabinfo > "$1.slab"
	cat /proc/meminfo > "$1.mem"
}

# slab_bytes FILE REGEX: bytes of the slabs of the caches whose name
# matches REGEX (num_slabs * pagesperslab * PAGE).
slab_bytes() {
	awk -v re="$2" -v page="$PAGE" 'NR > 2 && $1 ~ re { b += $15 * $6 * page }
		END { printf "%d\n", b }' "$1.slab"
}

# slab_field FILE CACHE FIELD: one column of a cache's slabinfo line
# (2 active_objs, 3 num_objs, 4 objsize, 5 objperslab, 6 pagesperslab).
slab_field() {
	awk -v c="$2" -v f="$3" '$1 == c { print $f }' "$1.slab"
}

# mem_bytes FILE FIELD: a /proc/meminfo field in bytes.
mem_bytes() {
	awk -v f="$2:" '$1 == f { printf "%d\n", $2 * 1024 }' "$1.mem"
}

# mem_report BEFORE AFTER CACHE N: per session, from the two snapshots:
#   slab   CACHE's slabs (objects plus their share of partly used slabs)
#   kmalloc  kmalloc-* caches (per-entry extensions, if any)
#   table  slab pages no cache accounts for (kmalloc_large) plus vmalloc:
#          rhashtable's or conntrack's bucket array
#   total  the drop of MemFree: all of the above and whatever else moved
# Sets MEM_OBJSIZE, MEM_SLAB, MEM_KMALLOC, MEM_TABLE, MEM_TOTAL.
mem_report() {
	local a=$1 b=$2 c=$3 n=$4 caches loose

	MEM_OBJSIZE=$(slab_field "$b" "$c" 4)
	MEM_SLAB=$(per "$(($(slab_bytes "$b" "^$c\$") - $(slab_bytes "$a" "^$c\$")))" "$n")
	MEM_KMALLOC=$(per "$(($(slab_bytes "$b" '^kmalloc-') - $(slab_bytes "$a" '^kmalloc-')))" "$n")
	caches=$(($(slab_bytes "$b" .) - $(slab_bytes "$a" .)))
	loose=$(($(mem_bytes "$b" Slab) - $(mem_bytes "$a" Slab) - caches))
	loose=$((loose + $(mem_bytes "$b" VmallocUsed) - $(mem_bytes "$a" VmallocUsed)))
	MEM_TABLE=$(per "$loose" "$n")
	MEM_TOTAL=$(per "$(($(mem_bytes "$a" MemFree) - $(mem_bytes "$b" MemFree)))" "$n")
}

# kvmalloc_bytes SIZE: what kvmalloc(SIZE) takes from the page allocator on
# 6.1 x86_64: up to 8 KiB a kmalloc cache object (its size class), up to
# 4 MiB (KMALLOC_MAX_SIZE) whole pages of the next power-of-two order,
# beyond that vmalloc's pages.
kvmalloc_bytes() {
	awk -v s="$1" -v page="$PAGE" 'BEGIN {
		if (s <= 8192) { b = 8; while (b < s) b *= 2 }
		else if (s <= 4194304) { b = page; while (b < s) b *= 2 }
		else b = int((s + page - 1) / page) * page
		printf "%d\n", b }'
}

# rht_buckets N: the size rhashtable settles at with N entries (min_size
# 256, grows x2 above 75% load; shrinking below 30% never triggers here).
rht_buckets() {
	awk -v n="$1" 'BEGIN { s = 256; while (n > s / 4 * 3) s *= 2; print s }'
}

# --- statistics ----------------------------------------------------------

# per X N: X / N with one decimal.
per() {
	awk -v x="$1" -v n="$2" 'BEGIN { printf "%.1f\n", n ? x / n : 0 }'
}

# median: of the numbers on stdin, one per line.
median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (!NR) { print "nan"; exit }
		printf "%.3f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ratio A B: A / B with two decimals ("-" if either is missing).
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "" || b == "" || a == "-" || b == "-" || b + 0 == 0) print "-"
		else printf "%.2f\n", a / b }'
}

# row METRIC RSTGUARD CONNTRACK [RATIO]: one line of the result table;
# RATIO defaults to RSTGUARD / CONNTRACK.
row() {
	printf '%-46s | %10s | %10s | %6s\n' "$1" "$2" "$3" "${4-$(ratio "$2" "$3")}" |
		sed 's/ *$//'
}
