#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bulk TCP throughput through the router under five router configurations,
# measured in the same run (make bench-throughput; selftests/bench/README).
#
#   client --one TCP connection--> router --> server
#
#   none  no filter: rstguard not loaded, no iptables rules
#   rg    rstguard loaded, tracking only (no signatures)
#   sigs  rstguard with NSIGS signatures (`rstguard sig import`)
#   kmp   NSIGS iptables rules -m string --algo kmp ... -j DROP (FORWARD)
#   bm    the same with --algo bm
#
# The same NSIGS patterns in sigs, kmp and bm (mkrules.py), none of which
# occurs in the data (bulk.py gen: text-like bytes), so that every rule is
# searched through every byte and nothing is dropped. none, rg and sigs
# send the whole file (MIB MiB); kmp and bm, 100-1000x slower under QEMU
# TCG, what goes in SLOW_SECONDS. ROUNDS rounds, the configurations in a
# rotating order; the receiver's byte count and time give the rate.
#
# The router has CPU 0 to itself and the endpoints have CPU 1 (layout
# "apart", the default): the sender and the receiver run pinned to CPU 1,
# and RPS steers what arrives on each veth, so the router's softirq work
# (forwarding, rstguard or iptables) runs on CPU 0 and the endpoints' TCP
# work (the server's receive, the client's ACKs) on CPU 1. A router does
# not carry its endpoints' TCP stacks; a benchmark whose generator shares
# the CPU of the device under test measures the two together. The router
# CPU's busy share and its busy time per GB are printed: the first says
# whether the router or the endpoints set the rate, the second is the
# router's cost whatever sets the rate. RSTGUARD_BENCH_LAYOUT=shared is
# the layout of earlier runs: both CPUs for everything, the router's two
# interfaces steering each flow to one CPU (RPS, mask 3), so that this CPU
# does the router's and the endpoints' softirq work alike.
#
# Either way each flow stays on one CPU, as a NIC's RSS keeps it. Without
# RPS, veth queues a segment on whichever CPU sent it: the sender's
# process and the softirq that handles its ACKs take turns, on both CPUs,
# and the router gets the flow out of order. rstguard drops a segment that
# arrives ahead of a gap while it scans the stream (by design: the sender
# retransmits it in order), and then the window behind it, so the sender
# falls back to retransmission timeouts and the rate collapses (seen:
# 0.05-0.1 Gbit/s, scan_ahead_dropped 15-65, 2-12 TCP timeouts per 64 MiB,
# the CPUs 75 % idle). scan_ahead_dropped, printed below, says whether
# reordering happened anyway.
#
# Timing is reported, never judged: the exit status is 0 unless the
# benchmark could not run. Settings (environment): RSTGUARD_BENCH_ROUNDS
# (5), RSTGUARD_BENCH_MB (256), RSTGUARD_BENCH_SLOW_SECONDS (10),
# RSTGUARD_BENCH_SIGS (1000), RSTGUARD_BENCH_RULES (the Snort rules file
# the patterns come from; ../shared/data/snort3-community.rules, synthetic
# patterns when it is missing), RSTGUARD_BENCH_CONFIGS ("none rg sigs kmp
# bm": a subset, for a quicker run), RSTGUARD_BENCH_LAYOUT (apart, or
# shared: above).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

ROUNDS=${RSTGUARD_BENCH_ROUNDS:-5}
MIB=${RSTGUARD_BENCH_MB:-256}
SLOW_SECONDS=${RSTGUARD_BENCH_SLOW_SECONDS:-10}
NSIGS=${RSTGUARD_BENCH_SIGS:-1000}
RULES=${RSTGUARD_BENCH_RULES:-$repo_dir/../shared/data/snort3-community.rules}
read -r -a CONFIGS <<< "${RSTGUARD_BENCH_CONFIGS:-none rg sigs kmp bm}"
LAYOUT=${RSTGUARD_BENCH_LAYOUT:-apart}
# The timed configurations' send buffer: drained at their rate after the
# sender stops, so it has to be small (it does not limit a path this slow:
# 64 KiB, as the kernel doubles it, is 2 s of kmp under TCG).
SLOW_SNDBUF=32768
PORT=5001
BULK=$bench_dir/bulk.py
IPT_RESTORE=iptables-nft-restore
IPT=iptables-nft

require_root
require_cmd ip nft jq awk python3 modprobe insmod rmmod timeout ss taskset
case $LAYOUT in
apart)
	[ "$(nproc)" -ge 2 ] || skip "layout apart needs 2 CPUs (RSTGUARD_BENCH_LAYOUT=shared runs on one)"
	ROUTER_RPS=1 ENDPOINT_RPS=2 PIN=(taskset -c 1)
	;;
shared) ROUTER_RPS=3 ENDPOINT_RPS= PIN=() ;;
*) echo "unknown RSTGUARD_BENCH_LAYOUT '$LAYOUT' (apart or shared)"; exit 1 ;;
esac
require_cli
[ -f "$RSTGUARD_KO" ] || skip "no module at $RSTGUARD_KO (run: make)"
for c in "${CONFIGS[@]}"; do
	case $c in
	none | rg | sigs) ;;
	kmp | bm)
		require_cmd $IPT_RESTORE $IPT
		modprobe -a nft_compat xt_string "ts_$c" 2>/dev/null ||
			skip "no iptables string match (modprobe nft_compat xt_string ts_$c failed)"
		;;
	*) echo "unknown configuration '$c' in RSTGUARD_BENCH_CONFIGS"; exit 1 ;;
	esac
done
[ -d /sys/module/rstguard ] && rmmod rstguard

T0=$SECONDS
tmp=$(mktemp -d)
cleanup() {
	[ -d /sys/module/rstguard ] && rmmod rstguard
	topology_down
	rm -rf "$tmp"
}
trap cleanup EXIT

note() {
	echo "# [+$((SECONDS - T0))s] $*" >&2
}

# label CONFIG: its line in the table.
label() {
	case $1 in
	none) echo "a. no filter" ;;
	rg) echo "b. rstguard, tracking only" ;;
	sigs) echo "c. rstguard, $NSIGS signatures" ;;
	kmp) echo "d. iptables string kmp, $NSIGS rules" ;;
	bm) echo "e. iptables string bm, $NSIGS rules" ;;
	esac
}

slow() {
	[ "$1" = kmp ] || [ "$1" = bm ]
}

# config_up CONFIG / config_down CONFIG: the router's configuration.
config_up() {
	case $1 in
	rg) rg_insmod ;;
	sigs)
		rg_insmod || return 1
		if ! rgr sig import "$tmp/sigs.rules" > "$tmp/import.out" 2>&1; then
			SIGS_ERROR=$(head -n 3 "$tmp/import.out" | tr '\n' ' ')
			return 1
		fi
		;;
	kmp | bm) nsr $IPT_RESTORE < "$tmp/$1.rules" ;;
	esac
}

config_down() {
	case $1 in
	rg | sigs) rmmod rstguard ;;
	kmp | bm) nsr nft delete table ip filter ;;
	esac
}

# ipt_matched: packets the router's DROP rules matched (0: none dropped).
ipt_matched() {
	nsr $IPT -L FORWARD -v -x -n | awk 'NR > 2 { n += $1 } END { print n + 0 }'
}

# transfer CONFIG ROUND: one connection through the router; appends
# "RECEIVED SECONDS BUSY BUSY0 SENT" to $tmp/res.CONFIG (bulk.py recv).
transfer() {
	local c=$1 secs=0 sndbuf=0 pid sent limit=600

	if slow "$c"; then
		secs=$SLOW_SECONDS sndbuf=$SLOW_SNDBUF limit=$((SLOW_SECONDS * 10 + 300))
	fi
	nss "${PIN[@]}" python3 "$BULK" recv $PORT $limit > "$tmp/recv" 2> "$tmp/recv.err" &
	pid=$!
	if ! wait_for 60 tcp_listening "$NS_SERVER" $PORT; then
		note "$c round $2: no listener: $(cat "$tmp/recv.err")"
		kill "$pid" 2>/dev/null
		wait "$pid"
		return 1
	fi
	if ! sent=$(nsc timeout $limit "${PIN[@]}" python3 "$BULK" send $SERVER4 $PORT \
			"$tmp/data" "$secs" "$sndbuf" 2> "$tmp/send.err"); then
		note "$c round $2: the sender failed: $(tail -n 2 "$tmp/send.err")"
		kill "$pid" 2>/dev/null
		wait "$pid"
		return 1
	fi
	if ! wait "$pid"; then
		note "$c round $2: the receiver failed: $(tail -n 2 "$tmp/recv.err")"
		return 1
	fi
	echo "$(cat "$tmp/recv") ${sent%% *}" >> "$tmp/res.$c"
}

# gbits FILE: the Gbit/s of each result line of FILE, one a line.
gbits() {
	awk '{ printf "%.6f\n", ($2 > 0 ? $1 * 8 / $2 / 1e9 : 0) }' "$1"
}

fmt() {
	awk -v v="$1" 'BEGIN { if (v == "" || v == "-") print "-"; else printf "%.4g\n", v }'
}

# med: the median of the numbers on stdin, to 6 significant digits (lib.sh's
# median keeps 3 decimals, too few for the iptables rates).
med() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (!NR) { print "-"; exit }
		printf "%.6g\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# rat A B: A / B to 3 significant digits.
rat() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "" || b == "" || a == "-" || b == "-" || b + 0 == 0) print "-"
		else printf "%.3g\n", a / b }'
}

# --- set-up --------------------------------------------------------------

# rps NS DEV MASK: steer what arrives on DEV in NS to the CPUs of MASK.
rps() {
	ip netns exec "$1" sh -c "echo $3 > /sys/class/net/$2/queues/rx-0/rps_cpus" ||
		{ echo "cannot set RPS on $2 in $1"; exit 1; }
}

topology_up
rps "$NS_ROUTER" veth0 $ROUTER_RPS
rps "$NS_ROUTER" veth1 $ROUTER_RPS
if [ -n "$ENDPOINT_RPS" ]; then
	rps "$NS_CLIENT" veth0 $ENDPOINT_RPS
	rps "$NS_SERVER" veth0 $ENDPOINT_RPS
fi
t0=$SECONDS
python3 "$BULK" gen "$tmp/data" "$MIB" || exit 1
FILE_BYTES=$(stat -c %s "$tmp/data")
mkrules_args=(-n "$NSIGS" --snort "$tmp/sigs.rules")
[ -f "$RULES" ] && mkrules_args+=(--from "$RULES")
for c in kmp bm; do
	mkrules_args+=(--iptables "$c=$tmp/$c.rules")
done
python3 "$bench_dir/mkrules.py" "${mkrules_args[@]}" 2> "$tmp/mkrules.out" ||
	{ cat "$tmp/mkrules.out"; exit 1; }
PATTERNS=$(sed -n 's/^mkrules: //p' "$tmp/mkrules.out" | tail -n 1)
note "data: $MIB MiB in $((SECONDS - t0)) s; $PATTERNS"

# Each configuration once, untimed: QEMU translates the code paths, the
# rule sets are checked to load, and sig import is tried.
SIGS_ERROR=
active=()
for c in "${CONFIGS[@]}"; do
	if ! config_up "$c"; then
		note "$c: could not be set up${SIGS_ERROR:+: $SIGS_ERROR}; left out"
		[ "$c" = sigs ] || exit 1
		[ -d /sys/module/rstguard ] && rmmod rstguard
		continue
	fi
	if slow "$c"; then
		n=$(nsr $IPT -S FORWARD | grep -c -- '-m string')
		[ "$n" = "$NSIGS" ] || note "WARNING: $c: $n string rules loaded, expected $NSIGS"
	fi
	if [ "$c" = sigs ]; then
		n=$(rgr -j sig list 2>/dev/null | jq length 2>/dev/null)
		note "sigs: sig import loaded ${n:-?} signatures"
	fi
	# a short transfer: 2 s of the timed kind
	nss "${PIN[@]}" python3 "$BULK" recv $PORT 120 > /dev/null 2>&1 &
	pid=$!
	wait_for 60 tcp_listening "$NS_SERVER" $PORT &&
		nsc timeout 120 "${PIN[@]}" python3 "$BULK" send $SERVER4 $PORT "$tmp/data" 2 \
			$SLOW_SNDBUF > /dev/null
	wait "$pid" || note "WARNING: $c: the warm-up transfer failed"
	config_down "$c" || exit 1
	active+=("$c")
	note "warm-up: $c done"
done
[ ${#active[@]} -gt 0 ] || exit 1

# --- the rounds ----------------------------------------------------------

n=${#active[@]}
for r in $(seq "$ROUNDS"); do
	for i in $(seq 0 $((n - 1))); do
		c=${active[(r + i) % n]}
		config_up "$c" || { note "$c round $r: set-up failed${SIGS_ERROR:+: $SIGS_ERROR}"; exit 1; }
		transfer "$c" "$r" || echo "0 0 0 0 -1" >> "$tmp/res.$c"
		case $c in
		rg | sigs) rgr -j stats > "$tmp/stats.$c" ;;
		kmp | bm) ipt_matched >> "$tmp/matched.$c" ;;
		esac
		config_down "$c" || exit 1
		note "round $r: $c: $(tail -n 1 "$tmp/res.$c" | awk '{ printf "%d bytes in %.2f s", $1, $2 }')"
	done
done

# --- the table -----------------------------------------------------------

# check CONFIG: "ok" when in every round the server received every byte
# sent (and, untimed, the whole file).
check() {
	awk -v f="$FILE_BYTES" -v slow="$2" '{
		if ($5 < 0 || $1 != $5 || (!slow && $1 != f)) bad++
	} END { print bad ? "BAD " bad "/" NR : "ok" }' "$tmp/res.$1"
}

base=$(gbits "$tmp/res.none" 2>/dev/null | med)
[ -s "$tmp/res.none" ] || base=-
cat <<EOF
# bulk TCP through the router, $(uname -r), $(nproc) CPUs$([ "${RSTGUARD_VM:-}" ] && echo ", in the QEMU VM")
# $ROUNDS rounds, configurations interleaved (rotating order); medians; ratio = Gbit/s / no filter's
# layout $LAYOUT; one IPv4 connection client -> router -> server; a-c send $MIB MiB of text-like bytes,
# d-e what they pass in ${SLOW_SECONDS} s (SO_SNDBUF $((SLOW_SNDBUF / 1024)) KiB); rate = bytes received / (accept .. EOF)
# patterns: $PATTERNS; none occurs in the data
# rerun: make bench-throughput [RSTGUARD_BENCH_ROUNDS=5 RSTGUARD_BENCH_MB=256] (see selftests/bench/README)

EOF
# per_gb FIELD CONFIG: the median of FIELD's busy ticks (3: all CPUs, 4:
# the router's CPU 0) as seconds per GB received, over CONFIG's rounds.
per_gb() {
	awk -v hz="$HZ_USER" -v f="$1" '$1 > 0 { printf "%.3f\n", $f / hz / ($1 / 1e9) }' \
		"$tmp/res.$2" | median
}

# router CONFIG: the median share of the router's CPU (0) that was busy,
# and its median busy seconds per GB received; "- -" when the router
# shares its CPUs with the endpoints.
router() {
	local pct

	if [ "$LAYOUT" != apart ]; then
		echo "- -"
		return
	fi
	pct=$(awk -v hz="$HZ_USER" '$1 > 0 && $2 > 0 { printf "%.3f\n", $4 / hz / $2 * 100 }' \
		"$tmp/res.$1" | median)
	printf '%.1f %.2f\n' "$pct" "$(per_gb 4 "$1")"
}

row() {
	printf '%-36s | %8s | %-19s | %8s | %9s | %9s | %7s | %9s | %s\n' "$@"
}

row configuration Gbit/s "min - max" ratio MiB/round "CPU s/GB" "router%" "router/GB" bytes
row ------------------------------------ -------- ------------------- -------- --------- \
	--------- ------- --------- -----
for c in none rg sigs kmp bm; do
	if [ ! -s "$tmp/res.$c" ]; then
		case " ${CONFIGS[*]} " in
		*" $c "*) row "$(label "$c")" - - - - - - - "not run${SIGS_ERROR:+: $SIGS_ERROR}" ;;
		esac
		continue
	fi
	g=$(gbits "$tmp/res.$c" | med)
	mm=$(gbits "$tmp/res.$c" | sort -g | awk 'NR == 1 { a = $1 } { b = $1 }
		END { printf "%.4g - %.4g\n", a, b }')
	mib=$(awk '{ printf "%.1f\n", $1 / 1048576 }' "$tmp/res.$c" | median)
	cpu=$(per_gb 3 "$c")
	read -r rpct rgb <<< "$(router "$c")"
	row "$(label "$c")" "$(fmt "$g")" "$mm" "$(rat "$g" "$base")" "$mib" "$cpu" "$rpct" "$rgb" \
		"$(check "$c" "$(slow "$c" && echo 1)")"
done
echo
echo "# per round, Gbit/s:"
for c in none rg sigs kmp bm; do
	[ -s "$tmp/res.$c" ] || continue
	echo "#   $c: $(gbits "$tmp/res.$c" | awk '{ printf "%.4g ", $1 }')"
done
echo "# CPU s/GB: busy time of both CPUs (/proc/stat) over the transfer / GB received"
if [ "$LAYOUT" = apart ]; then
	echo "# layout apart: the router has CPU 0 (its softirq work, by RPS), the endpoints CPU 1"
	echo "#   (pinned processes, their TCP softirq work by RPS); router%: CPU 0's busy share"
	echo "#   (near 100: the router sets the rate; below: the endpoints do), router/GB: CPU 0's"
	echo "#   busy seconds per GB, the router's cost per byte whatever sets the rate"
else
	echo "# layout shared: the router forwards in softirq on the flow's CPU (RPS, mask 3),"
	echo "#   which also does the endpoints' TCP softirq work"
fi
if [ -s "$tmp/stats.sigs" ]; then
	jq -r --argjson got "$(tail -n 1 "$tmp/res.sigs" | awk '{ print $1 }')" '
		"# c. rstguard counters after the last round: tcp_bytes \(.tcp_bytes // "-"),"
		+ " scan_bytes \(.scan_bytes // "-"), sig_matches \(.sig_matches // "-"),"
		+ " scan_retrans_differ \(.scan_retrans_differ // "-"),"
		+ " scan_ahead_dropped \(.scan_ahead_dropped // "-"), bytes received \($got)"
		+ (if .scan_bytes then ": scan_bytes / bytes received = "
		   + ((.scan_bytes / $got * 1000 | round) / 1000 | tostring) else "" end)' \
		"$tmp/stats.sigs"
	echo "#   the signatures have no depth or offset, so every byte of the stream is scanned:"
	echo "#   scan_bytes is about all the bytes sent, not a small share (a depth limit would make it small)"
fi
if [ -s "$tmp/stats.rg" ]; then
	jq -r '"# b. rstguard counters after the last round: tcp_bytes \(.tcp_bytes // "-"),"
		+ " scan_bytes \(.scan_bytes // "-") (no signatures: nothing scanned)"' "$tmp/stats.rg"
fi
for c in kmp bm; do
	[ -s "$tmp/matched.$c" ] || continue
	echo "# $c: packets the DROP rules matched, all rounds: $(awk '{ n += $1 } END { print n }' "$tmp/matched.$c")"
	[ -s "$tmp/res.sigs" ] &&
		echo "#   c. rstguard, $NSIGS signatures / $c: $(rat "$(gbits "$tmp/res.sigs" | med)" \
			"$(gbits "$tmp/res.$c" | med)") x the rate"
done
if [ -s "$tmp/matched.kmp" ] || [ -s "$tmp/matched.bm" ]; then
	echo "# iptables searches each packet it sees (with GSO one skb of one or more segments)"
	echo "#   on its own, headers included, rule after rule: no match across packets;"
	echo "#   rstguard runs one automaton for all signatures over each direction's stream, in order"
fi
exit 0
