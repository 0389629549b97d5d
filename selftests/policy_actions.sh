#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What each rule action does to real Linux TCP endpoints, IPv4 and IPv6:
#
#   deny          a new connection is refused at once (ECONNREFUSED, long
#                 before the client would retransmit its SYN): the router
#                 resets the client, the server sees nothing; the session
#                 ends policy-deny naming the rule
#   drop          a new connection times out; nothing reaches the server;
#                 each SYN is one policy-deny event
#   reset-both    added while a connection is established and idle (rematch
#                 is on by default): both sockets, blocked in recv(), get
#                 ECONNRESET
#   reset-server  the same: the server's socket gets ECONNRESET, the
#                 client's stays open
#   reset-client  the same: the client's socket gets ECONNRESET, the
#                 server's stays open
#   reset-* on a new connection: reset-client and reset-both refuse it,
#                 reset-server drops it
#   pickup        a segment of a connection whose session is gone (rematch
#                 off, session flushed) is refused by a reset-both rule:
#                 both sockets get ECONNRESET, from resets built from that
#                 segment
#
#   client ---- router (rstguard) ---- server (listening on each port)
. "$(dirname "$0")/policy_lib.sh"

policy_setup

# deny FAMILY PORT
deny() {
	local fam=$1 port=$2 in0 in1

	peer listen "$port" || return 1
	add_rule name "deny-$port" dport "$port" action deny || return 1
	in0=$(server_insegs) || return 1
	expect_conn "d$port" "$fam" "$port" ECONNREFUSED timeout=5 || return 1
	# The first SYN retransmission would come after 1 s.
	[ "$MS" -lt 500 ] || { fail "refused after $MS ms, not at once"; return 1; }
	in1=$(server_insegs) || return 1
	[ "$in1" = "$in0" ] ||
		{ fail "the server received $((in1 - in0)) TCP segments"; return 1; }
	wait_event 10 "$(tuple "$SPORT" "$port")" || return 1
	echo "event: $EVENT"
	policy_check "\$e | ends($fam; $SPORT; $port)" '$e.reason == "policy-deny"' \
		'$e.causes == ["policy-deny"]' "\$e.rule_id == $RULE_ID" \
		"\$e.rule_name == \"deny-$port\"" '$e.history == "S"' \
		'$e.pkts_client == 1 and $e.pkts_server == 0' \
		"evs($SPORT; $port) | length == 1" "sess($SPORT; $port) == []" \
		'$d.ended_policy_deny == 1' '$d.resets_client == 1' \
		'$d.resets_server == 0' '$d.resets_failed == 0' \
		'$d.policy_dropped == 1' '$d.sessions_created == 0' \
		"hits(\"deny-$port\") == 1"
}

# The number of end events of one session equals policy_dropped's move:
# the last SYN's event is in.
drop_events_in() {
	[ "$(events "$(tuple "$1" "$2")" | wc -l)" = "$(stat_delta policy_dropped)" ]
}

# drop FAMILY PORT: the server listens but never accepts anything.
drop() {
	local fam=$1 port=$2 in0 in1 lsn

	peer listen "$port" || return 1
	add_rule name "drop-$port" dport "$port" action drop || return 1
	in0=$(server_insegs) || return 1
	expect_conn "x$port" "$fam" "$port" timeout timeout=2 || return 1
	[ "$MS" -ge 1900 ] || { fail "gave up after $MS ms"; return 1; }
	# Nothing reached the server: no TCP segment, no connection in any
	# state on the port, nothing in the listener's accept queue.
	in1=$(server_insegs) || return 1
	[ "$in1" = "$in0" ] ||
		{ fail "the server received $((in1 - in0)) TCP segments"; return 1; }
	lsn=$(nss ss -Htan "sport = :$port")
	echo "server: $lsn"
	[ "$(wc -l <<< "$lsn")" = 1 ] && [[ $lsn == LISTEN\ 0\ * ]] ||
		{ fail "the server has more than an idle listener"; return 1; }
	wait_for 5 drop_events_in "$SPORT" "$port" ||
		{ fail "events $(events "$(tuple "$SPORT" "$port")" | wc -l), policy_dropped $(stat_delta policy_dropped)"; return 1; }
	events "$(tuple "$SPORT" "$port")"
	# Every SYN, retransmissions too, is one policy-deny event of the rule.
	policy_check "evs($SPORT; $port) | length >= 1" \
		"evs($SPORT; $port) | all(.[]; ends($fam; $SPORT; $port) and
		   .reason == \"policy-deny\" and .causes == [\"policy-deny\"] and
		   .rule_id == $RULE_ID and .rule_name == \"drop-$port\" and
		   .history == \"S\" and .pkts_server == 0)" \
		"evs($SPORT; $port) | length == \$d.policy_dropped" \
		"evs($SPORT; $port) | length == \$d.ended_policy_deny" \
		"evs($SPORT; $port) | length == hits(\"drop-$port\")" \
		'$d.resets_client == 0 and $d.resets_server == 0' \
		'$d.resets_failed == 0' '$d.sessions_created == 0' \
		"sess($SPORT; $port) == []"
}

# reset_live FAMILY PORT ACTION: an established, idle connection whose two
# sockets block in recv(); then a rule with ACTION matching it is added.
reset_live() {
	local fam=$1 port=$2 action=$3 c=r$2 rc=0 side c_want s_want

	case $action in
	reset-both) c_want=1 s_want=1 ;;
	reset-client) c_want=1 s_want=0 ;;
	reset-server) c_want=0 s_want=1 ;;
	esac
	established_idle $c "$fam" "$port" || return 1
	peer watch $c client && peer watch $c server || return 1
	add_rule name "$action-$port" dport "$port" action "$action" || return 1
	# The side(s) reset first, then the other one, which must stay blocked.
	[ $c_want = 1 ] && { watched_is $c client ECONNRESET || rc=1; }
	[ $s_want = 1 ] && { watched_is $c server ECONNRESET || rc=1; }
	for side in client server; do
		[ $side = client ] && [ $c_want = 1 ] && continue
		[ $side = server ] && [ $s_want = 1 ] && continue
		watched_is $c $side pending 1 || rc=1
		peer info $c $side && echo "$side: $PEER_REPLY"
		[ "$(peer_get state)" = 1 ] || { fail "$side socket not established"; rc=1; }
	done
	[ $rc = 0 ] || return 1
	wait_event 10 "$(tuple "$SPORT" "$port")" || return 1
	echo "event: $EVENT"
	policy_check "\$e | ends($fam; $SPORT; $port)" '$e.reason == "policy-deny"' \
		'$e.causes == ["policy-deny"]' "\$e.rule_id == $RULE_ID" \
		"\$e.rule_name == \"$action-$port\"" '$e.state == "established"' \
		"evs($SPORT; $port) | length == 1" "sess($SPORT; $port) == []" \
		'$d.ended_policy_deny == 1' "\$d.resets_client == $c_want" \
		"\$d.resets_server == $s_want" '$d.resets_failed == 0' \
		'$d.policy_dropped == 0' '$d.sessions_created == 1' \
		"hits(\"$action-$port\") == 1"
}

# new_session FAMILY PORT ACTION RESULT: the reset-* actions on a new
# connection: reset-client and reset-both refuse it like deny, reset-server
# drops it like drop (the server has not seen anything yet).
new_session() {
	local fam=$1 port=$2 action=$3 want=$4 n=0

	peer listen "$port" || return 1
	add_rule name "$action-$port" dport "$port" action "$action" || return 1
	expect_conn "n$port" "$fam" "$port" "$want" timeout=2 || return 1
	[ "$want" = ECONNREFUSED ] && n=1
	wait_event 10 "$(tuple "$SPORT" "$port")" || return 1
	echo "event: $EVENT"
	policy_check "\$e | ends($fam; $SPORT; $port)" '$e.reason == "policy-deny"' \
		"\$e.rule_id == $RULE_ID" '$e.history == "S"' \
		"\$d.resets_client == $n" '$d.resets_server == 0' \
		'$d.sessions_created == 0' \
		"evs($SPORT; $port) | length == \$d.policy_dropped"
}

# pickup FAMILY PORT: with rematch off, a reset-both rule comes in while a
# connection is established, then its session is flushed (no reset). The
# client's next data segment finds no session: the rule refuses the
# pickup, the segment is dropped, the client is reset by nf_send_reset*()
# and the server by a reset built from that segment; no session is made.
pickup() {
	local fam=$1 port=$2 c=p$2

	rgr config set rematch off || { fail "config set rematch off"; return 1; }
	established_idle $c "$fam" "$port" || return 1
	add_rule name "pickup-$port" dport "$port" action reset-both || return 1
	rgr session flush || { fail "session flush"; return 1; }
	peer watch $c server || return 1
	peer send $c client 100 || return 1
	watched_is $c server ECONNRESET || return 1
	peer watch $c client && watched_is $c client ECONNRESET || return 1
	policy_check "sess($SPORT; $port) == []" \
		"evs($SPORT; $port) | length == 1 and .[0].reason == \"unknown\"" \
		'$d.policy_dropped == 1' '$d.resets_client == 1' \
		'$d.resets_server == 1' '$d.resets_failed == 0' \
		'$d.sessions_created == 1' '$d.pickups == 0' \
		"hits(\"pickup-$port\") == 1"
}

ktap_begin
run_case deny-ipv4 policy_case deny 4 8101
run_case deny-ipv6 policy_case deny 6 8102
run_case drop-ipv4 policy_case drop 4 8111
run_case drop-ipv6 policy_case drop 6 8112
run_case reset-both-live-ipv4 policy_case reset_live 4 8121 reset-both
run_case reset-both-live-ipv6 policy_case reset_live 6 8122 reset-both
run_case reset-server-live-ipv4 policy_case reset_live 4 8131 reset-server
run_case reset-server-live-ipv6 policy_case reset_live 6 8132 reset-server
run_case reset-client-live-ipv4 policy_case reset_live 4 8141 reset-client
run_case reset-client-live-ipv6 policy_case reset_live 6 8142 reset-client
run_case reset-client-new-ipv4 policy_case new_session 4 8151 reset-client ECONNREFUSED
run_case reset-both-new-ipv6 policy_case new_session 6 8152 reset-both ECONNREFUSED
run_case reset-server-new-ipv4 policy_case new_session 4 8153 reset-server timeout
run_case pickup-reset-both-ipv4 policy_case pickup 4 8161
run_case pickup-reset-both-ipv6 policy_case pickup 6 8162
run_case events-match-counters events_match_counters
ktap_finish
