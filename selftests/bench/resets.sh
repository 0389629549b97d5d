#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Resets per second: rstguard's deny next to nft's `reject with tcp reset`
# on the same router, in the same run (make bench-resets; see
# selftests/bench/README).
#
#   client --SYNs to :80--> router --RSTs--> client
#                           (rstguard rule add dport 80 action deny
#                            | nft ... tcp dport 80 reject with tcp reset)
#
# synflood sends SYNs from 10.1.0.0/16 (behind the client; the router has
# a route back) to 10.9.0.1:80 (routed into a dummy device). Each engine
# answers each SYN with a reset from nf_send_reset(); the client's veth
# receives the resets (no socket wants them: they are counted as packets
# and dropped). ROUNDS rounds, the engines in a rotating order, each
# freshly set up, WARM SYNs untimed, then SYNS timed; fresh tuples in
# every round. resets/s = resets received by the client / synflood's send
# time; CPU = busy time of all CPUs over the send / resets.
#
# Timing is reported, never judged: the exit status is 0 unless the
# benchmark could not run. Settings (environment): RSTGUARD_BENCH_ROUNDS
# (5), RSTGUARD_BENCH_SYNS (50000 a round), RSTGUARD_BENCH_WARM (5000).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

ROUNDS=${RSTGUARD_BENCH_ROUNDS:-5}
SYNS=${RSTGUARD_BENCH_SYNS:-50000}
WARM=${RSTGUARD_BENCH_WARM:-5000}

require_root
require_cmd ip nft jq awk modprobe insmod rmmod getconf
require_cli
[ -x "$SYNFLOOD" ] || skip "$SYNFLOOD not built (run: make bench)"
[ -f "$RSTGUARD_KO" ] || skip "no module at $RSTGUARD_KO (run: make)"
modprobe -a nft_reject_inet 2>/dev/null || skip "no nft_reject_inet module"
[ -d /sys/module/rstguard ] && rmmod rstguard

tmp=$(mktemp -d)
cleanup() {
	[ -d /sys/module/rstguard ] && rmmod rstguard
	topology_down
	rm -rf "$tmp"
}
trap cleanup EXIT

note() {
	echo "# $*" >&2
}

# client_rx: packets the client's veth received (the resets, and the odd
# ARP packet).
client_rx() {
	nsc cat /sys/class/net/veth0/statistics/rx_packets
}

# up ENGINE / down ENGINE: the router answers SYNs to port 80 with resets
# (rg, nft) or forwards them into the dummy device (none).
up() {
	case $1 in
	rg) rg_insmod && rgr rule add dport 80 action deny > /dev/null ;;
	nft)
		nsr nft -f - <<-EOF
		table inet t {
			chain reject_fwd {
				type filter hook forward priority 0;
				tcp dport 80 reject with tcp reset
			}
		}
		EOF
		;;
	esac
}

down() {
	case $1 in
	rg) rmmod rstguard ;;
	nft) nsr nft delete table inet t ;;
	esac
}

# settled: the client's rx counter stopped moving (the router's backlog
# is empty).
settled() {
	local a

	a=$(client_rx)
	sleep 0.2
	[ "$a" = "$(client_rx)" ]
}

next=0	# the first tuple index not sent yet

# measure ENGINE ROUND: one round; appends "SENT SECONDS BUSY RESETS FWD"
# to $tmp/res.ENGINE (FWD: SYNs the router forwarded into the dummy).
measure() {
	local e=$1 rx0 st0 st1

	up "$e" || { note "$e: set-up failed"; return 1; }
	flood "$next" "$WARM" || return 1
	next=$((next + WARM))
	wait_for 10 settled
	[ "$e" != rg ] || st0=$(rgr -j stats)
	rx0=$(client_rx)
	flood "$next" "$SYNS" || return 1
	next=$((next + SYNS))
	wait_for 10 settled
	echo "$FLOOD $(($(client_rx) - rx0)) $FLOOD_FWD" >> "$tmp/res.$e"
	if [ "$e" = rg ]; then
		st1=$(rgr -j stats)
		jq -n -r --argjson a "$st0" --argjson b "$st1" \
			'[$b.resets_client - $a.resets_client, $b.ended_policy_deny - $a.ended_policy_deny,
			  $b.resets_failed - $a.resets_failed, $b.sessions_live] | @tsv' >> "$tmp/rgstats"
	fi
	down "$e"
}

# col ENGINE EXPR: the median over the rounds of an awk expression of
# the result fields ($1 sent, $2 seconds, $3 busy ticks, $4 resets, $5 fwd).
col() {
	[ -s "$tmp/res.$1" ] || { echo -; return; }
	awk -v hz="$HZ_USER" "{ print ($2) }" "$tmp/res.$1" | median
}

minmax() {
	awk -v hz="$HZ_USER" "{ print ($2) }" "$tmp/res.$1" | sort -g |
		awk 'NR == 1 { a = $1 } { b = $1 } END { printf "%.0f-%.0f\n", a, b }'
}

bench_topology
modes=(rg nft none)
for r in $(seq "$ROUNDS"); do
	for i in 0 1 2; do
		e=${modes[(r + i) % 3]}
		measure "$e" "$r" || exit 1
	done
	note "round $r of $ROUNDS done"
done

# awk expressions of the result fields, for col
RATE='$2 > 0 ? $4 / $2 : 0'
FWDRATE='$2 > 0 ? $5 / $2 : 0'
CPU='$4 > 0 ? $3 * 1e6 / hz / $4 : 0'
RETURNED='$1 > 0 ? $4 / $1 : 0'
rg_rate=$(col rg "$RATE")
nft_rate=$(col nft "$RATE")
rg_cpu=$(col rg "$CPU")
nft_cpu=$(col nft "$CPU")

cat <<EOF
# resets per second: rstguard deny vs nft reject with tcp reset, $(uname -r), $(nproc) CPUs$([ "${RSTGUARD_VM:-}" ] && echo ", in the QEMU VM")
# $ROUNDS rounds of $SYNS SYNs per engine (after $WARM untimed), engines interleaved; medians
# resets/s = resets the client's veth received / synflood's send time; ratio = rstguard / nft
# rerun: make bench-resets [RSTGUARD_BENCH_ROUNDS=5 RSTGUARD_BENCH_SYNS=50000] (see selftests/bench/README)

EOF
printf '%-40s | %12s | %12s | %6s\n' metric rstguard nft ratio
printf '%-40s | %12s | %12s | %6s\n' ---------------------------------------- ------------ ------------ ------
printf '%-40s | %12.0f | %12.0f | %6s\n' "resets/s (median)" "$rg_rate" "$nft_rate" \
	"$(ratio "$rg_rate" "$nft_rate")"
printf '%-40s | %12s | %12s |\n' "  min - max" "$(minmax rg "$RATE")" "$(minmax nft "$RATE")"
printf '%-40s | %12.3f | %12.3f | %6s\n' "CPU us/reset (all CPUs busy / resets)" \
	"$rg_cpu" "$nft_cpu" "$(ratio "$rg_cpu" "$nft_cpu")"
printf '%-40s | %12.3f | %12.3f |\n' "resets received / SYNs sent" \
	"$(col rg "$RETURNED")" "$(col nft "$RETURNED")"
echo
printf '# no filter (SYNs forwarded into the dummy, no reset): %.0f SYNs/s, CPU %.3f us/SYN\n' \
	"$(col none "$FWDRATE")" \
	"$(col none '$5 > 0 ? $3 * 1e6 / hz / $5 : 0')"
for e in rg nft none; do
	echo "# per round, $e: resets/s $(awk '{ printf "%.0f ", ($2 > 0 ? $4 / $2 : 0) }' "$tmp/res.$e")" \
		"(SYNs forwarded: $(awk '{ printf "%d ", $5 }' "$tmp/res.$e"))"
done
if [ -s "$tmp/rgstats" ]; then
	awk -v n="$SYNS" '{ r += $1; d += $2; f += $3; live = $4 } END {
		printf "# rstguard counters, all rounds: resets_client %d, ended_policy_deny %d, resets_failed %d (SYNs sent %d); sessions_live after the last round %d\n",
			r, d, f, n * NR, live }' "$tmp/rgstats"
fi
echo "# CPU includes synflood's own sending and the client dropping each reset (no socket)"
exit 0
