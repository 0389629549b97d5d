#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Which rule a new connection matches, real endpoints:
#
#   first match   allow dport 8080, then deny everything: 8080 connects,
#                 8081 is refused by the second rule (IPv4 and IPv6)
#   port range    deny dport 9000-9010: 9000, 9005 and 9010 are refused,
#                 8999 and 9011 connect
#   interfaces    the client's packets come in by veth0 and leave by veth1:
#                 "iif veth1" and "oif veth0" do not match a client-to-
#                 server connection, "iif veth0" and "oif veth1" do
#                 (IPv4 and IPv6); the same on a rematch of a live
#                 connection, where the interfaces come from the routes
#   hit counters  each rule counts exactly the sessions it matched, also
#                 after a change of the rules re-evaluated live sessions
#
#   client ---- router (rstguard) ---- server (listening on each port)
. "$(dirname "$0")/policy_lib.sh"

policy_setup

# first_match FAMILY
first_match() {
	local fam=$1 web rest ws

	peer listen 8080 && peer listen 8081 || return 1
	add_rule name web dport 8080 action allow && web=$RULE_ID &&
	add_rule name rest action deny && rest=$RULE_ID || return 1
	expect_conn "w$fam" "$fam" 8080 connected || return 1
	ws=$SPORT
	expect_conn "o$fam" "$fam" 8081 ECONNREFUSED || return 1
	wait_event 10 "$(tuple "$SPORT" 8081)" || return 1
	echo "event: $EVENT"
	policy_check "\$e.rule_id == $rest" '$e.rule_name == "rest"' \
		'$e.reason == "policy-deny"' \
		"sess($ws; 8080)[0].rule_id == $web" \
		"sess($ws; 8080)[0].rule_name == \"web\"" \
		'hits("web") == 1' 'hits("rest") == 1'
}

# port_range FAMILY
port_range() {
	local fam=$1 p want

	add_rule name range dport 9000-9010 action deny || return 1
	for p in 8999 9000 9005 9010 9011; do
		case $p in
		8999 | 9011) want=connected ;;
		*) want=ECONNREFUSED ;;
		esac
		peer listen $p && expect_conn "p$p" "$fam" $p $want || return 1
	done
	policy_check 'hits("range") == 3' '$d.ended_policy_deny == 3' \
		'$d.sessions_created == 2'
}

# interfaces FAMILY PORT
interfaces() {
	local fam=$1 port=$2 rule

	peer listen "$port" || return 1
	add_rule name in-server iif veth1 action deny &&
	add_rule name out-client oif veth0 action deny || return 1
	expect_conn "i$port" "$fam" "$port" connected || return 1
	policy_check 'hits("in-server") == 0' 'hits("out-client") == 0' || return 1
	# (The session flush: a rematch would end the closed session again.)
	peer abort "i$port" && rgr session flush || { fail "cleanup"; return 1; }
	for rule in "iif veth0" "oif veth1"; do
		rgr rule flush || { fail "rule flush"; return 1; }
		# shellcheck disable=SC2086 # two words
		add_rule name match $rule action deny || return 1
		expect_conn "${rule%% *}$port" "$fam" "$port" ECONNREFUSED || return 1
		wait_event 10 "$(tuple "$SPORT" "$port")" || return 1
		policy_check "\$e.rule_id == $RULE_ID" '$e.rule_name == "match"' \
			'$e.reason == "policy-deny"' 'hits("match") == 1' || return 1
	done
}

# interfaces_live FAMILY PORT: the same matches on a rematch, where the
# interfaces come from the routing table (no packet in hand).
interfaces_live() {
	local fam=$1 port=$2 c=l$2

	established_idle $c "$fam" "$port" || return 1
	add_rule name in-server iif veth1 action reset-both &&
	add_rule name out-client oif veth0 action reset-both || return 1
	peer echo $c 100 && peer quiet $c || { fail "the connection broke"; return 1; }
	peer watch $c client && peer watch $c server || return 1
	add_rule pos 1 name both iif veth0 oif veth1 action reset-both || return 1
	watched_is $c client ECONNRESET && watched_is $c server ECONNRESET || return 1
	wait_event 10 "$(tuple "$SPORT" "$port")" || return 1
	echo "event: $EVENT"
	policy_check "\$e.rule_id == $RULE_ID" '$e.rule_name == "both"' \
		'$e.reason == "policy-deny"' 'hits("in-server") == 0' \
		'hits("out-client") == 0' '$d.resets_client == 1' \
		'$d.resets_server == 1'
}

# hits: connections in both families; each rule counts its own.
hits() {
	local p

	for p in 7001 7002 7003 7004; do
		peer listen $p || return 1
	done
	add_rule name h-allow dport 7001 action allow &&
	add_rule name h-deny dport 7002 action deny &&
	add_rule name h-none dport 7003 action allow || return 1
	expect_conn a1 4 7001 connected && expect_conn a2 6 7001 connected &&
	expect_conn a3 4 7001 connected &&
	expect_conn d1 4 7002 ECONNREFUSED && expect_conn d2 6 7002 ECONNREFUSED &&
	expect_conn o1 6 7004 connected || return 1
	policy_check 'hits("h-allow") == 3' 'hits("h-deny") == 2' \
		'hits("h-none") == 0' '$d.sessions_created == 4' \
		'$d.ended_policy_deny == 2'
}

# hits_rematch: a rule's hits count sessions, not evaluations: a live
# session that the rule still matches after other rules come and go (each
# change re-evaluates it) is still one hit.
hits_rematch() {
	peer listen 7011 || return 1
	add_rule name hr-allow dport 7011 action allow || return 1
	expect_conn r1 4 7011 connected || return 1
	policy_check 'hits("hr-allow") == 1' || return 1
	add_rule name hr-other dport 7012 action deny || return 1
	rgr rule del name hr-other || { fail "rule del"; return 1; }
	peer echo r1 10 || { fail "the connection broke"; return 1; }
	policy_check 'hits("hr-allow") == 1'
}

ktap_begin
run_case first-match-ipv4 policy_case first_match 4
run_case first-match-ipv6 policy_case first_match 6
run_case port-range policy_case port_range 4
run_case interfaces-ipv4 policy_case interfaces 4 8401
run_case interfaces-ipv6 policy_case interfaces 6 8402
run_case interfaces-rematch-ipv4 policy_case interfaces_live 4 8411
run_case interfaces-rematch-ipv6 policy_case interfaces_live 6 8412
run_case hit-counters policy_case hits
run_case hit-counters-rematch policy_case hits_rematch
ktap_finish
