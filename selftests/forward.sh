#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TCP and ping cross a router running rstguard unchanged, in both families,
# and the router's counters see them.
#
#   client ---- router (rstguard) ---- server
. "$(dirname "$0")/lib.sh"

require_root
require_cmd ip socat jq ping ss
require_cli
load_module
trap topology_down EXIT
topology_up

payload=$(mktemp)
trap 'topology_down; rm -f "$payload"' EXIT
head -c 1000000 /dev/urandom > "$payload"

ktap_begin
run_case ping-ipv4 nsc ping -q -c 2 -W 5 $SERVER4
run_case ping-ipv6 nsc ping -q -c 2 -W 5 $SERVER6
run_case tcp-ipv4-1MB-intact tcp_transfer $SERVER4 8001 "$payload"
run_case tcp-ipv6-1MB-intact tcp_transfer $SERVER6 8002 "$payload"

counters_moved() {
	local v4 v6 tcp bytes

	v4=$(router_stat packets_ipv4) && v6=$(router_stat packets_ipv6) &&
	tcp=$(router_stat tcp_packets) && bytes=$(router_stat tcp_bytes) ||
		{ fail "stats -j unreadable"; return; }
	echo "packets_ipv4=$v4 packets_ipv6=$v6 tcp_packets=$tcp tcp_bytes=$bytes"
	# Both 1 MB transfers crossed the router: at least their payload.
	[ "$bytes" -ge 2000000 ] || fail "tcp_bytes $bytes < 2000000"
	[ "$v4" -ge 4 ] && [ "$v6" -ge 4 ] || fail "ping/TCP packets not counted"
	[ "$(router_stat malformed)" = 0 ] || fail "malformed counted"
}
run_case counters-move counters_moved

ktap_finish
