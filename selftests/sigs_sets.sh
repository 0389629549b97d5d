#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Signature sets as an admin handles them, with real traffic:
#
#   list           sig list -j shows what was added, with hit counters
#   errors         bad requests fail with the kernel's message and change
#                  nothing: a duplicate id, a missing signature, an id 0,
#                  an import file with a broken line
#   swap           replacing the set 10 times under a bulk transfer: the
#                  transfer completes intact; a connection older than the
#                  swap is matched by the new set (it restarts from the
#                  root: scan_restarts)
#   community      the Snort 3 community ruleset (../shared/data) imports;
#                  traffic still flows and sessions end normally
#
#   client ---- router (rstguard) ---- server
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sigs_lib.sh"

require_cmd socat cmp
sessions_setup
COMMUNITY=$selftests_dir/../../shared/data/snort3-community.rules

# rules N ID0 WORD: N Snort rules, sids ID0.., contents that never occur
# in the traffic of these tests.
rules() {
	local i

	for ((i = 0; i < $1; i++)); do
		printf 'alert tcp any any -> any any (msg:"%s %d"; content:"zq%sQz%dx"; sid:%d;)\n' \
			"$3" $i "$3" $i $(($2 + i))
	done
}

list_and_hits() {
	local c sport list

	rgr sig add id 11 msg "login" content "USER " nocase depth 5 \
		content "|50 41 53 53|" port 21 action alert &&
		rgr sig add id 12 msg "two" content ABC dir to-server \
			port 8000-8100 action reset-client || return
	list=$(rgr -j sig list) || return
	echo "list: $list"
	c=l1
	peer listen 21 && peer connect $c "$(server_addr 4)" 21 &&
		sport=$(peer_get sport) &&
		peer sendhex $c client "$(hex "user xPASS")" &&
		peer recvhex $c server "$(hex "user xPASS")" || return
	wait_event 10 "$(tuple "$sport" 21) and .event == \"alert\"" || return
	list=$(rgr -j sig list) || return
	echo "after: $list"
	expect_json "$list" 'length == 2' '.[0].id == 11' '.[0].msg == "login"' \
		'.[0].action == "alert"' '.[0].hits == 1' '.[1].id == 12' \
		'.[1].action == "reset-client"' '.[1].dir == "to-server"' \
		'.[1].hits == 0'
}

# fails EXPECTED_MESSAGE CLI_ARGS...: the CLI fails and says so.
fails() {
	local want=$1 out

	shift
	if out=$(rgr "$@" 2>&1); then
		fail "'$*' succeeded"
		return 1
	fi
	echo "$* -> $out"
	[[ $out == *"Error: "*"$want"* ]] || fail "'$*' said '$out', not '$want'"
}

errors() {
	local before after bad

	rgr sig add id 21 msg keep content KEEPME action alert || return
	before=$(rgr -j sig list) || return
	fails "a signature with this id exists" sig add id 21 content X action alert &&
		fails "no such signature" sig del 4242 &&
		fails "" sig add id 0 content X action alert &&
		fails "" sig add id 22 action alert || return
	bad=$(mktemp)
	{ rules 3 100 ok; echo 'alert tcp any any -> any any (msg:"broken"; content:"x'; } > "$bad"
	# an unreadable rule is skipped; with strict, it fails the import
	fails "$bad:4" sig import "$bad" strict
	rm -f "$bad"
	after=$(rgr -j sig list) || return
	[ "$before" = "$after" ] || { fail "the set changed: $after"; return 1; }
}

# Alternate between two sets of 500 while a transfer runs.
swap() {
	local data a b i pid rc=0 c sport

	data=$(mktemp) a=$(mktemp) b=$(mktemp)
	head -c 12000000 /dev/urandom | base64 -w 76 > "$data"
	rules 500 1000 setA > "$a"
	rules 500 2000 setB > "$b"
	rgr sig import "$a" > /dev/null || return
	# a connection older than the swaps, matched by a signature added last
	open_conn_old || return
	tcp_transfer "$(server_addr 6)" 9101 "$data" &
	pid=$!
	for i in 1 2 3 4 5 6 7 8 9 10; do
		if [ $((i % 2)) = 1 ]; then
			rgr sig import "$b" > /dev/null || rc=1
		else
			rgr sig import "$a" > /dev/null || rc=1
		fi
	done
	wait $pid || { fail "the transfer broke during the swaps"; rc=1; }
	rm -f "$data" "$a" "$b"
	[ $rc = 0 ] || return 1
	rgr sig add id 3 msg boom content BOOM action reset-both || return
	peer sendhex $c client "$(hex "xBOOM")" || return
	peer expect_reset $c client || { fail "the old connection was not reset"; return 1; }
	wait_event 30 "$(tuple "$sport" 9102) and .reason != null" || return
	echo "event: $EVENT"
	check '$e.reason == "threat"' '$e.sig_id == 3' '$d.scan_restarts >= 1'
}

open_conn_old() {
	c=old
	peer listen 9102 && peer connect $c "$(server_addr 4)" 9102 &&
		sport=$(peer_get sport) && peer echo $c 100
}

community() {
	local out n c sport

	out=$(rgr sig import "$COMMUNITY" action reset-both) || return
	echo "$out"
	n=$(rgr -j sig list | jq length) || return
	echo "$n signatures in the set"
	# what the summary says loaded is what the kernel holds
	[[ $out =~ loaded\ ([0-9]+)\ signatures ]] && [ "${BASH_REMATCH[1]}" = "$n" ] &&
		[ "$n" -ge 100 ] || { fail "the set holds $n signatures"; return 1; }
	c=cm
	peer listen 9201 && peer connect $c "$(server_addr 6)" 9201 &&
		sport=$(peer_get sport) && peer echo $c 20000 &&
		peer shutdown $c client && peer expect_eof $c server &&
		peer shutdown $c server && peer expect_eof $c client || return
	wait_event 30 "$(tuple "$sport" 9201) and .reason != null" || return
	check '$e.reason == "tcp-fin"' '$d.ended_threat == 0'
}

ktap_begin
run_case list-and-hits sig_case list_and_hits
run_case errors-change-nothing sig_case errors
run_case swap-under-traffic sig_case swap
if [ -r "$COMMUNITY" ]; then
	run_case community-ruleset sig_case community
else
	ktap_result community-ruleset 4 "no $COMMUNITY"
fi
run_case events-match-counters events_match_counters
ktap_finish
