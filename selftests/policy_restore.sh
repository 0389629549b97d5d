#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `rule restore` replaces the whole ruleset at once, real endpoints:
#
#   restore under load   a background loop of short connections (IPv4 and
#                        IPv6, ports P1 and P2, one after the other) runs
#                        while restore swaps between rulesets A and B ten
#                        times. A refuses P1 and allows P2, B the reverse;
#                        each also holds a drop rule that only a mix of
#                        the two could reach (A's first rule with B's
#                        second and third, or the other way round), so a
#                        connection that saw a mix times out. Every
#                        connection must be connected or refused (never a
#                        time-out), and the rulesets the outcomes tell, in
#                        order, must change exactly once per restore
#   invalid file         a file with a bad line (from a file and from
#                        standard input) is refused naming the line; the
#                        rules (ids and hits too) and what they do to new
#                        connections stay as they were
#
#   client ---- router (rstguard) ---- server
. "$(dirname "$0")/policy_lib.sh"

policy_setup

# ruleset_a P1 P2, ruleset_b P1 P2: the two rulesets. Per port, in order:
#   A: P2 allow, P1 deny, (P2 drop)     B: P1 allow, P2 deny, (P1 drop)
ruleset_a() {
	printf '# ruleset A\nname a-allow dport %s action allow\n' "$2"
	printf 'name a-deny dport %s action deny\n\n' "$1"
	printf 'name a-mix dport %s action drop   # only in a mix\n' "$2"
}

ruleset_b() {
	printf '# ruleset B\nname b-allow dport %s action allow\n' "$1"
	printf 'name b-deny dport %s action deny\n\n' "$2"
	printf 'name b-mix dport %s action drop   # only in a mix\n' "$1"
}

loop_status() {
	peer loop_status && LOOP_ATTEMPTS=$(peer_get attempts)
}

# loop_past N: the loop has made at least N attempts.
loop_past() {
	loop_status && [ "$LOOP_ATTEMPTS" -ge "$1" ]
}

# loop_events_in N: N policy-deny end events of the loop's ports are in.
loop_events_in() {
	[ "$(events ".reason == \"policy-deny\" and (.server_port == $P1 or .server_port == $P2)" |
	     wc -l)" = "$1" ]
}

# restore_loop P1 P2
restore_loop() {
	local dir i f last summary refused swaps=10 rc=0

	P1=$1 P2=$2
	dir=$(mktemp -d)
	ruleset_a "$P1" "$P2" > "$dir/a"
	ruleset_b "$P1" "$P2" > "$dir/b"
	# Each connection's outcome is decided by its SYN alone.
	rgr config set rematch off && rgr rule restore "$dir/a" ||
		{ fail "setup"; rm -rf "$dir"; return 1; }
	peer loop_start "$dir/loop" "$SERVER4,$SERVER6" "$P1,$P2" timeout=3 ||
		{ rm -rf "$dir"; return 1; }
	last=0
	for i in $(seq $swaps) end; do
		# At least one round of 4 connections with each ruleset.
		wait_for 30 loop_past $((last + 4)) ||
			{ fail "the loop is stuck at $LOOP_ATTEMPTS attempts"; rc=1; break; }
		[ "$i" = end ] && break
		f=$dir/a
		[ $((i % 2)) = 1 ] && f=$dir/b
		rgr rule restore "$f" || { fail "restore $f"; rc=1; break; }
		loop_status || { rc=1; break; }
		last=$LOOP_ATTEMPTS
	done
	peer loop_stop || rc=1
	echo "loop: $PEER_REPLY"
	if [ $rc = 0 ]; then
		summary=$(jq -s -c --argjson p1 "$P1" '
			def rs: if (.port == $p1) == (.result == "ECONNREFUSED")
				then "A" else "B" end;
			[.[] | select(.result == "connected" or .result == "ECONNREFUSED")] as $ok |
			($ok | map(rs) | join("")) as $seq |
			{attempts: length, refused: ([.[] | select(.result == "ECONNREFUSED")] | length),
			 bad: [.[] | select(.result != "connected" and .result != "ECONNREFUSED")],
			 rulesets: $seq,
			 changes: ([range(1; $seq | length) | select($seq[.:. + 1] != $seq[. - 1:.])] | length),
			 slowest_ms: (map(.ms) | max)}' "$dir/loop")
		echo "$summary"
	fi
	rm -rf "$dir"
	[ $rc = 0 ] || return 1
	refused=$(jq .refused <<< "$summary")
	wait_for 10 loop_events_in "$refused" ||
		echo "policy-deny events for $refused refused connections: $(events '.reason == "policy-deny"' | wc -l)"
	policy_check "$summary | .bad == []" \
		"$summary | .rulesets | startswith(\"A\") and endswith(\"A\")" \
		"$summary | .changes == $swaps" \
		"[\$ev[] | select(.reason == \"policy-deny\" and
		   (.server_port == $P1 or .server_port == $P2))] |
		 all(.[]; if .server_port == $P1 then (.rule_name // \"a-deny\") == \"a-deny\"
			  else (.rule_name // \"b-deny\") == \"b-deny\" end)" \
		"[\$ev[] | select(.rule_name == \"a-mix\" or .rule_name == \"b-mix\")] == []" \
		"\$d.policy_dropped == $refused" "\$d.ended_policy_deny == $refused" \
		"\$d.resets_client == $refused" '$d.resets_server == 0' \
		'$r | map(.name) == ["a-allow", "a-deny", "a-mix"]' 'hits("a-mix") == 0'
}

# restore_invalid P1 P2
restore_invalid() {
	local p1=$1 p2=$2 dir before err fam rc=0

	dir=$(mktemp -d)
	ruleset_a "$p1" "$p2" > "$dir/a"
	# B's first two rules, then a bad line: nothing of it may apply.
	ruleset_b "$p1" "$p2" | head -n 3 > "$dir/bad"
	echo "name b-bad dport $p1-70000 action drop" >> "$dir/bad"
	peer listen "$p1" && peer listen "$p2" && rgr rule restore "$dir/a" ||
		{ fail "setup"; rm -rf "$dir"; return 1; }
	before=$(rgr -j rule list)
	echo "before: $before"
	if err=$(rgr rule restore "$dir/bad" 2>&1); then
		fail "restore of a bad file succeeded"; rc=1
	fi
	echo "$err"
	[[ $err == "Error: $dir/bad:4: "*70000* ]] || { fail "unexpected error"; rc=1; }
	if err=$(rgr rule restore - < "$dir/bad" 2>&1); then
		fail "restore - of a bad file succeeded"; rc=1
	fi
	echo "$err"
	[[ $err == "Error: <stdin>:4: "*70000* ]] || { fail "unexpected error"; rc=1; }
	rm -rf "$dir"
	[ "$(rgr -j rule list)" = "$before" ] ||
		{ fail "the rules changed: $(rgr -j rule list)"; rc=1; }
	[ $rc = 0 ] || return 1
	# And they still decide: A refuses P1 and allows P2.
	for fam in 4 6; do
		expect_conn "v$fam" "$fam" "$p1" ECONNREFUSED &&
		expect_conn "w$fam" "$fam" "$p2" connected || return 1
	done
	policy_check 'hits("a-deny") == 2' 'hits("a-allow") == 2' \
		'$d.ended_policy_deny == 2' '$d.sessions_created == 2'
}

ktap_begin
run_case restore-under-load policy_case restore_loop 7101 7102
run_case restore-invalid-keeps-rules policy_case restore_invalid 7111 7112
run_case events-match-counters events_match_counters
ktap_finish
