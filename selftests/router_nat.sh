#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every reset rstguard sends reaches the real endpoint when the router NATs
# the connection, IPv4 and IPv6, real Linux TCP endpoints (each one reset
# sees ECONNRESET, or ECONNREFUSED on connect()).
#
# rstguard sees a session at FORWARD: after DNAT, before SNAT. Its events
# name the client's own address and port and the server's real address;
# the endpoints may each see the connection under other addresses. NAT
# modes, one nft table on the router, replaced between modes:
#
#   masq   masquerade out of veth1: the server sees the router's 10.0.2.1 /
#          fd00:2::1; the client connects to the server's address
#   dnat   a port forward: the client connects to the router's own 10.0.1.1
#          / fd00:1::1, DNAT to the server on the same port, no SNAT: the
#          server sees the client's own address
#   both   DNAT and masquerade: neither endpoint sees the session's tuple
#
# The reset paths, each a case per family. All of them in "both", where
# neither endpoint sees the session's tuple; in "masq" and "dnat", where
# one endpoint does, a subset that still has every path in one family or
# the other and every reset to the translated side (masq: deny-4,
# reset-both-6, reset-server-4, aged-out-6, threat-to-server-4,
# threat-to-client-6; dnat: deny-6, reset-both-4, reset-client-6,
# aged-out-4, threat-to-server-6, threat-to-client-4). RSTGUARD_NAT_ALL=1
# runs every path in every mode (about twice as long).
#
#   deny            a rule at session start: the client's connect() is
#                   refused at once (nf_send_reset() answers the SYN); the
#                   server receives nothing; end reason policy-deny
#   reset-both      a rule added while a connection is established and
#                   idle (rematch, on by default): both sockets, waiting in
#                   recv(), get ECONNRESET; end reason policy-deny
#   reset-client    the same: the client's socket is reset, the server's
#                   stays open and established
#   reset-server    the same the other way round
#   aged-out        reset-on-aged-out on, timeout tcp 2: an idle connection
#                   ages out and both sockets get ECONNRESET; end reason
#                   aged-out
#   threat-to-server
#                   a reset-both signature, dir to-server; the client sends
#                   the pattern: the client is reset (nf_send_reset(), the
#                   packet in hand), the server by a reset built from
#                   tracked state and never receives the pattern; end
#                   reason threat
#   threat-to-client
#                   the same with dir to-client, the server sending
#
# The veths are set up as a router's NICs are (nic_offloads in lib.sh):
# the endpoints send full checksums, the router receives them unchecked,
# with GRO and rx-gro-list on.
#
# Every case: resets_failed does not move, resets_client and resets_server
# count the resets sent, the end event names the client and the server as
# FORWARD sees them. In dnat and both modes, where rstguard built resets
# itself from tracked state (rematch, aged-out, a threat's receiver),
# resets_nat (resets addressed for an endpoint's NAT'd wire) moved; a
# module that does not report resets_nat is not held to it (the case says
# so). Each case prints how much resets_nat moved, in masq mode too.
#
#   client 10.0.1.2 ---- router (rstguard, nft NAT) ---- server 10.0.2.2
#          fd00:1::2     veth0              veth1               fd00:2::2
. "$(dirname "$0")/policy_lib.sh"

require_cmd nft ethtool
policy_setup
# The router's NICs as real ones: full checksums from the endpoints, no rx
# checksum offload, GRO and rx-gro-list on the router (lib.sh)
nic_offloads || { echo "ethtool -K failed"; exit 1; }

NAT_MODE=

# hex TEXT: TEXT as the hex digits tcp_peer.py takes.
hex() {
	printf %s "$1" | od -An -tx1 -v | tr -d ' \n'
}

# nat_set MODE LOW HIGH: the router's nft ruleset becomes only MODE's NAT;
# DNAT forwards the ports LOW to HIGH of the router's client-side
# addresses to the server, on the same port.
nat_set() {
	local mode=$1 lo=$2 hi=$3

	NAT_MODE=$mode
	nsr nft flush ruleset || { fail "nft flush ruleset"; return 1; }
	{
		echo "table inet rg_nat {"
		echo "	chain pre {"
		echo "		type nat hook prerouting priority dstnat; policy accept;"
		if [ "$mode" != masq ]; then
			echo "		iifname \"veth0\" ip daddr $ROUTER4_C tcp dport $lo-$hi dnat ip to $SERVER4"
			echo "		iifname \"veth0\" ip6 daddr $ROUTER6_C tcp dport $lo-$hi dnat ip6 to $SERVER6"
		fi
		echo "	}"
		echo "	chain post {"
		echo "		type nat hook postrouting priority srcnat; policy accept;"
		[ "$mode" = dnat ] || echo "		oifname \"veth1\" masquerade"
		echo "	}"
		echo "}"
	} | nsr nft -f - || { fail "nft -f: $mode NAT"; return 1; }
	nsr nft list ruleset
}

# dst_addr FAMILY: where the client connects: the server itself (masq) or
# the router's own address, which DNAT forwards.
dst_addr() {
	if [ "$NAT_MODE" = masq ]; then
		server_addr "$1"
	elif [ "$1" = 6 ]; then
		echo $ROUTER6_C
	else
		echo $ROUTER4_C
	fi
}

# seen_addr FAMILY: the client's address as the server sees it.
seen_addr() {
	if [ "$NAT_MODE" = dnat ]; then
		client_addr "$1"
	elif [ "$1" = 6 ]; then
		echo $ROUTER6_S
	else
		echo $ROUTER4_S
	fi
}

# nat_case FUNCTION ARGS...: policy_case, then no signatures are left.
nat_case() {
	local rc=0

	policy_case "$@" || rc=1
	rgr sig flush || { fail "sig flush failed"; rc=1; }
	return $rc
}

# established_nat NAME FAMILY PORT: a connection through the NAT with data
# both ways, then quiet, its session established; SPORT, the client's own
# port (the session's, too: SNAT comes after FORWARD). The server must see
# the address NAT_MODE gives it: NAT is in effect.
established_nat() {
	local c=$1 fam=$2 port=$3 seen s

	peer listen "$port" &&
		peer connect "$c" "$(dst_addr "$fam")" "$port" nat=1 ||
		{ fail "could not connect $c"; return 1; }
	SPORT=$(peer_get sport) seen=$(peer_get seen)
	echo "client $(client_addr "$fam") port $SPORT -> $(dst_addr "$fam") port $port;" \
		"the server sees $seen port $(peer_get seen_port)"
	[ "$seen" = "$(seen_addr "$fam")" ] ||
		{ fail "the server sees $seen, not $(seen_addr "$fam")"; return 1; }
	peer echo "$c" 1000 && peer quiet "$c" ||
		{ fail "no data through connection $c"; return 1; }
	s=$(rgr session list port "$SPORT")
	echo "session: $s"
	[[ $s == *" established "* ]] || { fail "not established"; return 1; }
}

# nat_check SIDE...: the jq condition on resets_nat when rstguard built
# resets itself from tracked state, to SIDE(s): in dnat and both modes at
# least one was addressed for an endpoint's NAT'd wire; else "true". Also
# "true" (and it says so) when the module reports no resets_nat.
nat_check() {
	if [ $# = 0 ] || [ "$NAT_MODE" = masq ]; then
		echo true
	elif [[ $STATS_MARK != *'"resets_nat":'* ]]; then
		echo "resets_nat: not reported by this module, not checked" >&2
		echo true
	else
		echo '$d.resets_nat >= 1'
	fi
}

# nat_note: how much resets_nat moved, where the module reports it.
nat_note() {
	local n

	n=$(stat_delta resets_nat 2>/dev/null) && echo "resets_nat moved by $n"
	return 0
}

# deny FAMILY PORT: a deny rule, then a new connection.
deny() {
	local fam=$1 port=$2 in0 in1 result ms

	peer listen "$port" || return 1
	add_rule name "deny-$port" dport "$port" action deny || return 1
	in0=$(server_insegs) || return 1
	peer try "d$port" "$(dst_addr "$fam")" "$port" timeout=5 accept=0 ||
		return 1
	result=$(peer_get result) ms=$(peer_get ms) SPORT=$(peer_get sport)
	echo "connect $(dst_addr "$fam") port $port: $result after $ms ms (sport $SPORT)"
	[ "$result" = ECONNREFUSED ] ||
		{ fail "connect: $result, expected ECONNREFUSED"; return 1; }
	# The first SYN retransmission would come after 1 s.
	[ "$ms" -lt 900 ] || { fail "refused after $ms ms, not at once"; return 1; }
	in1=$(server_insegs) || return 1
	[ "$in1" = "$in0" ] ||
		{ fail "the server received $((in1 - in0)) TCP segments"; return 1; }
	wait_event 10 "$(tuple "$SPORT" "$port")" || return 1
	echo "event: $EVENT"
	nat_note
	policy_check "\$e | ends($fam; $SPORT; $port)" '$e.reason == "policy-deny"' \
		"\$e.rule_id == $RULE_ID" '$e.history == "S"' \
		"evs($SPORT; $port) | length == 1" \
		'$d.ended_policy_deny == 1' '$d.policy_dropped == 1' \
		'$d.resets_client == 1' '$d.resets_server == 0' \
		'$d.resets_failed == 0' '$d.sessions_created == 0'
}

# side_open NAME SIDE: SIDE's recv() watcher is still waiting and its
# socket is established.
side_open() {
	watched_is "$1" "$2" pending 1 || return 1
	peer info "$1" "$2" && echo "$2: $PEER_REPLY" || return 1
	[ "$(peer_get state)" = 1 ] || { fail "$2's socket not established"; return 1; }
}

# live FAMILY PORT ACTION: an established, idle connection whose two
# sockets wait in recv(); then a rule with ACTION (reset-both,
# reset-client, reset-server) for it: rematch ends it.
live() {
	local fam=$1 port=$2 action=$3 c=r$2 rc=0 c_want=1 s_want=1 sides=

	case $action in
	reset-client) s_want=0 ;;
	reset-server) c_want=0 ;;
	esac
	[ $c_want = 1 ] && sides+=" client"
	[ $s_want = 1 ] && sides+=" server"
	established_nat $c "$fam" "$port" || return 1
	peer watch $c client && peer watch $c server || return 1
	add_rule name "$action-$port" dport "$port" action "$action" || return 1
	# The event comes whether the resets get through or not.
	wait_event 10 "$(tuple "$SPORT" "$port")" || return 1
	echo "event: $EVENT"
	if [ $c_want = 1 ]; then
		watched_is $c client ECONNRESET 3 || rc=1
	else
		side_open $c client || rc=1
	fi
	if [ $s_want = 1 ]; then
		watched_is $c server ECONNRESET 3 || rc=1
	else
		side_open $c server || rc=1
	fi
	nat_note
	# shellcheck disable=SC2086 # the sides are words
	policy_check "\$e | ends($fam; $SPORT; $port)" '$e.reason == "policy-deny"' \
		"\$e.rule_id == $RULE_ID" '$e.state == "established"' \
		"evs($SPORT; $port) | length == 1" "sess($SPORT; $port) == []" \
		'$d.ended_policy_deny == 1' "\$d.resets_client == $c_want" \
		"\$d.resets_server == $s_want" '$d.resets_failed == 0' \
		"$(nat_check $sides)" || rc=1
	return $rc
}

# aged FAMILY PORT: reset-on-aged-out on, an established connection left
# idle past timeout tcp (2 s).
aged() {
	local fam=$1 port=$2 c=a$2 rc=0 side

	rgr config set reset-on-aged-out on timeout tcp 2 ||
		{ fail "config set"; return 1; }
	established_nat $c "$fam" "$port" || return 1
	peer watch $c client timeout=30 && peer watch $c server timeout=30 ||
		return 1
	wait_event 15 "$(tuple "$SPORT" "$port")" || return 1
	echo "event: $EVENT"
	for side in client server; do
		watched_is $c $side ECONNRESET 3 || { rc=1; continue; }
		# Not at once: after the 2 s of silence (less the time between
		# the last packet and the watch).
		[ "$(peer_get ms)" -ge 1000 ] ||
			{ fail "$side reset after $(peer_get ms) ms"; rc=1; }
	done
	nat_note
	policy_check "\$e | ends($fam; $SPORT; $port)" '$e.reason == "aged-out"' \
		'$e.causes == ["aged-out"]' '$e.state == "established"' \
		"evs($SPORT; $port) | length == 1" "sess($SPORT; $port) == []" \
		'$d.ended_aged_out == 1' '$d.resets_client == 1' \
		'$d.resets_server == 1' '$d.resets_failed == 0' \
		"$(nat_check client server)" || rc=1
	return $rc
}

# threat FAMILY PORT DIR: a reset-both signature for DIR (to-server: the
# client sends "xxxxEVILPATTERN"; to-client: the server does). The sender
# is reset with the packet in hand, the receiver from tracked state; the
# segment with the pattern is dropped.
threat() {
	local fam=$1 port=$2 dir=$3 c=t$2 from=client to=server rc=0

	[ "$dir" = to-client ] && from=server to=client
	# The blocked session ends once quiet for tcp-time-wait.
	rgr config set timeout tcp-time-wait 1 || { fail "config set"; return 1; }
	rgr sig add id "$port" msg "evil $port" content EVILPATTERN dir "$dir" \
		port "$port" action reset-both || { fail "sig add"; return 1; }
	established_nat $c "$fam" "$port" || return 1
	peer sendhex $c $from "$(hex xxxxEVILPATTERN)" || return 1
	# Any byte of that segment would be data here, not ECONNRESET.
	peer expect_reset $c $to timeout=3 ||
		{ fail "the receiver ($to) was not reset: $PEER_REPLY"; rc=1; }
	peer expect_reset $c $from timeout=3 ||
		{ fail "the sender ($from) was not reset: $PEER_REPLY"; rc=1; }
	wait_event 15 "$(tuple "$SPORT" "$port") and .reason != null" || return 1
	echo "event: $EVENT"
	nat_note
	policy_check "\$e | ends($fam; $SPORT; $port)" '$e.reason == "threat"' \
		'$e.causes == ["threat"]' "\$e.sig_id == $port" \
		"evs($SPORT; $port) | length == 1" "sess($SPORT; $port) == []" \
		'$d.ended_threat == 1' '$d.sig_matches == 1' \
		'$d.resets_client == 1' '$d.resets_server == 1' \
		'$d.resets_failed == 0' "$(nat_check $to)" || rc=1
	return $rc
}

# nat_mode MODE BASE PATH:FAMILY...: the NAT of MODE, then the cases it
# names (e.g. reset-both:6), or with "all" every path in both families;
# each case on its own port from BASE, so that no two conntrack entries
# collide.
nat_mode() {
	local mode=$1 b=$2 k what fam off f x

	shift 2
	NAT_MODE=$mode
	run_case "$mode-nft" nat_set "$mode" "$b" $((b + 99))
	if [ "$1" = all ]; then
		set --
		for what in deny reset-both reset-client reset-server aged-out \
				threat-to-server threat-to-client; do
			set -- "$@" "$what:4" "$what:6"
		done
	fi
	for k in "$@"; do
		what=${k%:*} fam=${k#*:} x=
		case $what in
		deny) off=0 f=deny ;;
		reset-both) off=10 f=live x=$what ;;
		reset-client) off=20 f=live x=$what ;;
		reset-server) off=30 f=live x=$what ;;
		aged-out) off=40 f=aged ;;
		threat-to-server) off=50 f=threat x=to-server ;;
		threat-to-client) off=60 f=threat x=to-client ;;
		esac
		# shellcheck disable=SC2086 # no word at all when x is empty
		run_case "$mode-$what-ipv$fam" nat_case $f "$fam" \
			$((b + off + (fam == 6 ? 2 : 1))) $x
	done
}

ktap_begin
if [ "${RSTGUARD_NAT_ALL:-0}" = 1 ]; then
	nat_mode masq 9400 all
	nat_mode dnat 9500 all
else
	nat_mode masq 9400 deny:4 reset-both:6 reset-server:4 aged-out:6 \
		threat-to-server:4 threat-to-client:6
	nat_mode dnat 9500 deny:6 reset-both:4 reset-client:6 aged-out:4 \
		threat-to-server:6 threat-to-client:4
fi
nat_mode both 9600 all
run_case events-match-counters events_match_counters
ktap_finish
