#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module loads and unloads cleanly, also while TCP flows through a router
# and with network namespaces coming and going. The VM runner fails the run
# on any kernel warning; kmemleak (debug kernel) catches leaks.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd ip socat modinfo
[ -f "$RSTGUARD_KO" ] || skip "needs rstguard.ko ($RSTGUARD_KO)"
unload_module
bg_pids=
trap 'kill $bg_pids 2>/dev/null; topology_down' EXIT
topology_up

ktap_begin

modinfo_ok() {
	local v

	v=$(modinfo -F version "$RSTGUARD_KO") || return 1
	[ -n "$v" ] || fail "no version in modinfo"
	modinfo -F alias "$RSTGUARD_KO" | grep -qx 'net-pf-16-proto-16-family-rstguard' ||
		fail "no genetlink family alias"
}
run_case modinfo modinfo_ok

load_unload() {
	rg_insmod && [ -d /sys/module/rstguard ] &&
	rmmod rstguard && [ ! -d /sys/module/rstguard ]
}
run_case insmod-rmmod load_unload

router_saw_tcp() {
	local n

	n=$(router_stat tcp_packets) && [ "$n" -gt "$1" ]
}

# A stream that runs for the whole test: the server discards, the client
# sends zeros until killed.
load_cycles_under_traffic() {
	local i sent

	nss socat -u TCP4-LISTEN:9000,reuseaddr OPEN:/dev/null &
	bg_pids="$bg_pids $!"
	wait_for 30 tcp_listening "$NS_SERVER" 9000 || { fail "no listener"; return; }
	nsc socat -u OPEN:/dev/zero TCP4:$SERVER4:9000 &
	bg_pids="$bg_pids $!"
	for i in 1 2 3; do
		rg_insmod || return 1
		# Let packets go through the hooks before pulling them.
		wait_for 10 router_saw_tcp 100 ||
			{ fail "no TCP seen while loaded (round $i)"; return; }
		rmmod rstguard || return 1
	done
	sent=$(nsr cat /sys/class/net/veth1/statistics/tx_bytes)
	echo "router forwarded $sent bytes during 3 load/unload cycles"
	return 0
}
if [ -x "$RSTGUARD_CLI" ]; then
	run_case load-cycles-under-tcp load_cycles_under_traffic
else
	ktap_result load-cycles-under-tcp 4 "CLI not built"
fi

netns_churn() {
	local i

	rg_insmod || return 1
	for i in $(seq 20); do
		ip netns add "rgchurn-$ns_suffix-$i" || return 1
	done
	for i in $(seq 20); do
		ip netns del "rgchurn-$ns_suffix-$i" || return 1
	done
	rmmod rstguard
}
kill $bg_pids 2>/dev/null
run_case netns-create-delete netns_churn

ktap_finish
