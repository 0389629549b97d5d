#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The session table limit (`rstguard config set limit 10`) with 20
# concurrent real connections, IPv4 and IPv6:
#
#   fail-open off   the first 10 connect and work; the SYNs of the other
#                   10 are dropped, each with an end event of reason
#                   resources-unavailable, and refused_full counts them
#   fail-open on    all 20 connect and work; the 10 sessions beyond the
#                   limit are not tracked (untracked moves, no events)
#
#   client ---- router (rstguard) ---- server
. "$(dirname "$0")/lib.sh"

sessions_setup

# refused_ports PORT: the distinct client ports of resources-unavailable
# events for server port PORT, as a sorted JSON array.
refused_ports() {
	events ".server_port == $1 and .reason == \"resources-unavailable\"" |
		jq -s -c 'map(.client_port) | unique'
}

refused_count_is() {
	[ "$(refused_ports "$1" | jq length)" -ge "$2" ]
}

# open_many PREFIX FAMILY PORT N [wait=0]: N connections PREFIX1..N; their
# client ports in PORTS (a sorted JSON array).
open_many() {
	local prefix=$1 addr i sports=()

	addr=$(server_addr "$2")
	for i in $(seq "$4"); do
		peer connect "$prefix$i" "$addr" "$3" ${5:-} || return
		sports+=("$(peer_get sport)")
	done
	PORTS=$(printf '%s\n' "${sports[@]}" | jq -s -c sort)
}

# all_flow PREFIX N: data still flows both ways on PREFIX1..N.
all_flow() {
	local i

	for i in $(seq "$2"); do
		peer echo "$1$i" 100 || { fail "connection $1$i broke"; return 1; }
	done
}

# limit FAMILY PORT: limit 10, fail-open off, 10 + 10 connections.
limit() {
	local fam=$1 port=$2 kept refused i sel

	rgr config set limit 10 fail-open off || return
	peer listen "$port" || return
	open_many ok$port- "$fam" "$port" 10 || return
	kept=$PORTS
	# The SYNs of these are dropped: do not wait for them.
	open_many no$port- "$fam" "$port" 10 wait=0 || return
	refused=$PORTS
	wait_for 20 refused_count_is "$port" 10
	# Stop the SYN retransmissions (closing a connecting socket is silent).
	for i in $(seq 10); do
		peer close no$port-$i client || return
	done
	# The first 10 are unharmed and still tracked.
	all_flow ok$port- 10 || return
	# shellcheck disable=SC2034 # check's $s
	SESSION=$(rgr -j session list)
	sel="\$ev[] | select(.server_port == $port and .reason == \"resources-unavailable\")"
	echo "refused client ports: $(refused_ports "$port"), expected $refused"
	echo "$(events ".server_port == $port" | wc -l) events, one per SYN sent, e.g.:"
	events ".server_port == $port" | head -n 1
	check "[$sel | .client_port] | unique == $refused" \
		"[\$ev[] | select(.server_port == $port and .reason != \"resources-unavailable\")] == []" \
		"[$sel | select(.duration != 0 or .pkts_client > 1)] == []" \
		"[$sel | select(.family != \"$(family_name "$fam")\" or
			.client != \"$(client_addr "$fam")\" or .server != \"$(server_addr "$fam")\")] == []" \
		"\$d.ended_resources_unavailable == ([$sel] | length)" \
		'$d.refused_full >= 10' '$d.sessions_created == 10' \
		"[\$s[] | select(.server_port == $port and .state == \"established\") |
			.client_port] | sort == $kept" \
		'$s | length == 10'
}

# fail_open FAMILY PORT: limit 10, fail-open on, 20 connections.
fail_open() {
	local fam=$1 port=$2 kept

	rgr config set limit 10 fail-open on || return
	peer listen "$port" && open_many ok$port- "$fam" "$port" 10 || return
	kept=$PORTS
	open_many more$port- "$fam" "$port" 10 || return
	all_flow ok$port- 10 && all_flow more$port- 10 || return
	# shellcheck disable=SC2034 # check's $s
	SESSION=$(rgr -j session list)
	echo "untracked: $(stat_delta untracked), refused_full: $(stat_delta refused_full)"
	# Each of the 10 sent at least a SYN, an ACK and data untracked.
	check "[\$s[] | select(.server_port == $port) | .client_port] | sort == $kept" \
		"[\$ev[] | select(.server_port == $port)] == []" \
		'$d.untracked >= 30' '$d.sessions_created == 10' \
		'$d.ended_resources_unavailable == 0'
}

ktap_begin
run_case limit-ipv4 session_case limit 4 8501
run_case limit-ipv6 session_case limit 6 8502
run_case fail-open-ipv4 session_case fail_open 4 8511
run_case fail-open-ipv6 session_case fail_open 6 8512
run_case events-match-counters events_match_counters
ktap_finish
