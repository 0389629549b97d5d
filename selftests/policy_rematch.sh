#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Live sessions when the policy changes, IPv4 and IPv6, real endpoints:
#
#   rematch off          a deny rule added while a connection is
#                        established leaves it alone: data still flows both
#                        ways, no event, no reset; new connections are
#                        refused by the rule
#   default-action deny  (rematch on) ends an established connection that
#                        no rule allows, resetting its client (deny); one
#                        that an allow rule matches keeps going and now
#                        belongs to that rule
#   ended sessions       a connection already closed with FINs, its
#                        session waiting out tcp-time-wait, is not ended
#                        again by a rematch: it ends as tcp-fin and gets
#                        no reset
#
#   client ---- router (rstguard) ---- server
. "$(dirname "$0")/policy_lib.sh"

policy_setup

# rematch_off FAMILY PORT
rematch_off() {
	local fam=$1 port=$2 c=m$2 sp

	rgr config set rematch off || { fail "config set rematch off"; return 1; }
	established_idle $c "$fam" "$port" || return 1
	sp=$SPORT
	add_rule name "deny-$port" dport "$port" action deny || return 1
	# The established connection was not evaluated again.
	peer echo $c 1000 || { fail "the connection broke"; return 1; }
	peer echo $c 10 || { fail "the connection broke"; return 1; }
	# New ones are.
	expect_conn "n$port" "$fam" "$port" ECONNREFUSED || return 1
	wait_event 10 "$(tuple "$SPORT" "$port")" || return 1
	echo "event of the new connection: $EVENT"
	policy_check "sess($sp; $port) | length == 1 and .[0].state == \"established\"" \
		"sess($sp; $port)[0] | has(\"rule_id\") | not" \
		"evs($sp; $port) == []" \
		'$e.reason == "policy-deny"' "\$e.rule_id == $RULE_ID" \
		'$d.ended_policy_deny == 1' '$d.resets_client == 1' \
		'$d.resets_server == 0' '$d.policy_dropped == 1' \
		"hits(\"deny-$port\") == 1"
}

# default_action FAMILY PORT: connections to PORT (an allow rule matches
# it) and PORT+1 (no rule); then default-action deny.
default_action() {
	local fam=$1 port=$2 kp=$2 xp=$(($2 + 1)) ks xs

	established_idle "k$kp" "$fam" "$kp" || return 1
	ks=$SPORT
	established_idle "x$xp" "$fam" "$xp" || return 1
	xs=$SPORT
	add_rule name "keep-$kp" dport "$kp" action allow || return 1
	peer watch "x$xp" client && peer watch "x$xp" server || return 1
	rgr config set default-action deny || { fail "config set default-action deny"; return 1; }
	watched_is "x$xp" client ECONNRESET || return 1
	watched_is "x$xp" server pending 1 || return 1
	peer echo "k$kp" 100 || { fail "the allowed connection broke"; return 1; }
	wait_event 10 "$(tuple "$xs" "$xp")" || return 1
	echo "event: $EVENT"
	policy_check "\$e | ends($fam; $xs; $xp)" '$e.reason == "policy-deny"' \
		'$e.causes == ["policy-deny"]' '$e.state == "established"' \
		'$e | has("rule_id") or has("rule_name") | not' \
		"evs($ks; $kp) == []" \
		"sess($ks; $kp)[0].rule_name == \"keep-$kp\"" \
		"sess($ks; $kp)[0].rule_id == $RULE_ID" \
		'$d.ended_policy_deny == 1' '$d.resets_client == 1' \
		'$d.resets_server == 0' '$d.resets_failed == 0'
}

# ended_not_rematched FAMILY PORT: a connection closed with FINs both ways;
# its session waits in time-wait. A deny rule for it comes in.
ended_not_rematched() {
	local fam=$1 port=$2 c=f$2

	established_idle $c "$fam" "$port" || return 1
	peer shutdown $c client && peer expect_eof $c server &&
		peer shutdown $c server && peer expect_eof $c client ||
		{ fail "FIN exchange"; return 1; }
	wait_for 5 eval '[[ $(rgr session list port $SPORT) == *" time-wait "* ]]' ||
		{ fail "not in time-wait: $(rgr session list port "$SPORT")"; return 1; }
	add_rule name "deny-$port" dport "$port" action reset-both || return 1
	# Then let it end soon.
	rgr config set timeout tcp-time-wait 1 || return 1
	wait_event 10 "$(tuple "$SPORT" "$port")" || return 1
	echo "event: $EVENT"
	policy_check '$e.reason == "tcp-fin"' '$e.causes == ["tcp-fin"]' \
		'$d.ended_policy_deny == 0' '$d.resets_client == 0' \
		'$d.resets_server == 0'
}

ktap_begin
run_case rematch-off-ipv4 policy_case rematch_off 4 8201
run_case rematch-off-ipv6 policy_case rematch_off 6 8202
run_case default-action-deny-live-ipv4 policy_case default_action 4 8211
run_case default-action-deny-live-ipv6 policy_case default_action 6 8213
run_case rematch-skips-closed-ipv4 policy_case ended_not_rematched 4 8221
run_case rematch-skips-closed-ipv6 policy_case ended_not_rematched 6 8222
run_case events-match-counters events_match_counters
ktap_finish
