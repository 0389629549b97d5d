#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The CLI round trip over the "rstguard" generic netlink family, and the
# kernel's validation of requests the CLI would never send (checked with an
# independent raw netlink client, genl_raw.py).
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq python3 modinfo unshare socat
require_cli
load_module
raw="python3 $selftests_dir/genl_raw.py"

ktap_begin

version_matches() {
	local mod tool

	mod=$(rg -j version | jq -r .module) || return 1
	tool=$(rg -j version | jq -r .tool) || return 1
	echo "module $mod tool $tool"
	[ "$mod" = "$(cat /sys/module/rstguard/version)" ] || fail "module version differs from sysfs"
	[ "$tool" = "$mod" ] || fail "tool and module versions differ"
	rg version | grep -q "^module $mod$" || fail "text output lacks the module version"
}
run_case version version_matches

stats_json() {
	local keys

	keys=$(rg -j stats | jq -r 'keys_unsorted | join(" ")') || return 1
	echo "keys: $keys"
	[ "$keys" = "packets_ipv4 packets_ipv6 tcp_packets tcp_bytes malformed sessions_live sessions_created pickups ended_unknown ended_aged_out ended_tcp_reuse ended_tcp_fin ended_resources_unavailable ended_tcp_rst_from_server ended_tcp_rst_from_client ended_policy_deny ended_threat invalid invalid_dropped rst_out_of_window rst_unverified refused_full untracked events_lost policy_dropped resets_client resets_server resets_failed sig_matches scan_bytes scan_ahead_dropped scan_restarts scan_nomem scan_partials_lost scan_retrans_differ fragments_dropped resets_nat offloaded offload_returned offload_unreleased" ] ||
		{ fail "unexpected keys"; return 1; }
	rg -j stats | jq -e 'all(.[]; type == "number")' >/dev/null ||
		{ fail "counters are not numbers"; return 1; }
	rg stats | grep -Eq '^tcp_packets +[0-9]+$' || fail "text output"
}
run_case stats-json stats_json

# expect_error EXPECTED_STDERR_REGEX COMMAND...: exits non-zero, says why.
expect_error() {
	local re=$1 err

	shift
	if err=$("$@" 2>&1); then
		fail "'$*' succeeded"
		return
	fi
	echo "$err"
	echo "$err" | grep -Eq "$re" || fail "expected /$re/"
}
run_case unknown-object expect_error '^Error: unknown object "bogus"' rg bogus
run_case stats-extra-arg expect_error '^Error: unknown stats command "nope"' rg stats nope
run_case netns-missing expect_error '^Error: netns nonexistent-ns' rg -n nonexistent-ns stats

# The CLI checks its arguments before it sends anything.
run_case config-unknown-timeout expect_error '^Error: unknown timeout "foo"$' \
	rg config set timeout foo 3
run_case config-seconds-not-number expect_error '^Error: "abc" is not a number of seconds$' \
	rg config set timeout tcp abc
run_case config-log-bogus expect_error '^Error: log takes none, threats or all, not "bogus"$' \
	rg config set log bogus
run_case config-strict-maybe expect_error '^Error: strict takes on or off, not "maybe"$' \
	rg config set strict maybe
run_case session-bad-state expect_error '^Error: unknown state "estab"$' \
	rg session list state estab
run_case session-kill-families expect_error '^Error: src and dst are not of the same family$' \
	rg session kill src 10.0.0.1 sport 1 dst fd00::1 dport 2
run_case config-default-action-bogus expect_error '^Error: unknown action "nope"$' \
	rg config set default-action nope
run_case config-rematch-maybe expect_error '^Error: rematch takes on or off, not "maybe"$' \
	rg config set rematch maybe
# Rules: each mistake names its word, before the kernel is contacted.
run_case rule-prefix-length expect_error '^Error: "10.0.0.0/33": the prefix length is not a number from 0 to 32$' \
	rg rule add from 10.0.0.0/33 action deny
run_case rule-not-a-prefix expect_error '^Error: "banana" is not an IPv4 or IPv6 prefix$' \
	rg rule add to banana action deny
run_case rule-host-bits expect_error '^Error: "10.0.0.1/8" has host bits set$' \
	rg rule add from 10.0.0.1/8 action deny
run_case rule-host-bits6 expect_error '^Error: "fd00::1/16" has host bits set$' \
	rg rule add to fd00::1/16 action deny
run_case rule-empty-port-range expect_error '^Error: "9-3" is an empty port range$' \
	rg rule add sport 9-3 action deny
run_case rule-bad-port expect_error '^Error: "70000" is not a port or a port range' \
	rg rule add dport 70000 action deny
run_case rule-unknown-action expect_error '^Error: unknown action "explode"$' \
	rg rule add dport 80 action explode
run_case rule-missing-action expect_error '^Error: missing "action"' \
	rg rule add from 10.0.0.0/8 dport 80
run_case rule-mixed-families expect_error '^Error: "10.0.0.0/8" and "fd00::/16" are of different families$' \
	rg rule add from 10.0.0.0/8 to fd00::/16 action deny
run_case rule-family-mismatch expect_error '^Error: "10.0.0.0/8" is not an inet6 prefix \(family inet6\)$' \
	rg rule add family inet6 from 10.0.0.0/8 action deny
run_case rule-unknown-word expect_error '^Error: unknown rule argument "proto"$' \
	rg rule add proto tcp action deny
run_case rule-del-not-id expect_error '^Error: "web" is not a rule id$' \
	rg rule del web
# The kernel's own checks come back as "Error: WHAT: extack message".
run_case config-timeout-zero expect_error '^Error: config set: .+' \
	rg config set timeout tcp 0

config_json() {
	local keys

	keys=$(rg -j config show | jq -r 'keys_unsorted | join(" ")') || return 1
	echo "keys: $keys"
	[ "$keys" = "timeouts limit log strict fail-open default-action reset-on-aged-out rematch offload-mark" ] ||
		{ fail "unexpected keys"; return 1; }
	keys=$(rg -j config show | jq -r '.timeouts | keys_unsorted | join(" ")')
	echo "timeouts: $keys"
	[ "$keys" = "tcp-init tcp-handshake tcp tcp-half-closed tcp-time-wait" ] ||
		fail "unexpected timeout names"
}
run_case config-json config_json

config_timeout_round_trip() {
	local old got

	old=$(rg -j config show | jq -e '.timeouts.tcp') || return 1
	rg config set timeout tcp 7200 || { fail "config set"; return 1; }
	got=$(rg -j config show | jq -e '.timeouts.tcp')
	echo "timeout tcp: $old, set 7200, read $got"
	rg config set timeout tcp "$old" ||
		{ fail "cannot restore timeout tcp $old"; return 1; }
	[ "$got" = 7200 ] || fail "read back $got"
}
run_case config-timeout-round-trip config_timeout_round_trip

# One bad setting fails the whole call: nothing is sent, nothing changes.
config_set_all_or_nothing() {
	local before after

	before=$(rg -j config show) || return 1
	rg config set timeout tcp 7201 strict maybe 2>/dev/null &&
		{ fail "bad call succeeded"; return 1; }
	after=$(rg -j config show)
	[ "$before" = "$after" ] || fail "config changed: $before -> $after"
}
run_case config-set-all-or-nothing config_set_all_or_nothing

# Each text line of "config show" is a "config set" setting.
config_text_round_trip() {
	local before after

	before=$(rg -j config show) || return 1
	# shellcheck disable=SC2046 # one word per argument, on purpose
	rg config set $(rg config show) || { fail "config set $(rg config show)"; return 1; }
	after=$(rg -j config show)
	[ "$before" = "$after" ] || fail "config changed: $before -> $after"
}
run_case config-text-round-trip config_text_round_trip

# Rule and policy cases work in a namespace of their own.
rule_ns=rgrule-$ns_suffix
rn() {
	"$RSTGUARD_CLI" -n "$rule_ns" "$@"
}

rule_ns_up() {
	ip netns del "$rule_ns" 2>/dev/null
	ip netns add "$rule_ns"
}

config_policy_settings() {
	local got

	rule_ns_up || return 1
	got=$(rn config show | grep -E '^(default-action|reset-on-aged-out|rematch) ' | paste -sd ' ')
	echo "defaults: $got"
	[ "$got" = "default-action allow reset-on-aged-out off rematch on" ] ||
		{ fail "unexpected defaults"; return 1; }
	rn config set default-action deny reset-on-aged-out on rematch off ||
		{ fail "config set"; return 1; }
	got=$(rn -j config show)
	echo "$got"
	echo "$got" | jq -e '."default-action" == "deny" and ."reset-on-aged-out" == true and
		.rematch == false' >/dev/null || fail "not read back"
	ip netns del "$rule_ns"
}
run_case config-policy-settings config_policy_settings

# add, list (JSON and text), save | restore, del by name and id, flush.
rule_round_trip() {
	local added list text saved ids id

	rule_ns_up || return 1
	rn rule add name web from 10.0.0.0/8 dport 80 action deny ||
		{ fail "add web"; return 1; }
	rn rule add name ssh family inet6 to fd00::/16 sport 1000-2000 iif veth0 action reset-both ||
		{ fail "add ssh"; return 1; }
	added=$(rn -j rule add pos 1 name first oif veth1 action allow) ||
		{ fail "add first"; return 1; }
	echo "added: $added"
	list=$(rn -j rule list) || { fail "rule list"; return 1; }
	echo "$list"
	[ "$(echo "$list" | jq -r '.[0] | keys_unsorted | join(" ")')" = \
	  "id position name family from to sport dport iif oif action hits" ] ||
		{ fail "unexpected keys"; return 1; }
	echo "$list" | jq -e --argjson a "$added" '
		(map(.id) | unique | length) == 3 and
		$a == {id: .[0].id, position: 1} and
		map(del(.id)) == [
		{position: 1, name: "first", family: null, from: null, to: null,
		 sport: null, dport: null, iif: null, oif: "veth1",
		 action: "allow", hits: 0},
		{position: 2, name: "web", family: "inet", from: "10.0.0.0/8",
		 to: null, sport: null, dport: {min: 80, max: 80}, iif: null,
		 oif: null, action: "deny", hits: 0},
		{position: 3, name: "ssh", family: "inet6", from: null,
		 to: "fd00::/16", sport: {min: 1000, max: 2000}, dport: null,
		 iif: "veth0", oif: null, action: "reset-both", hits: 0}]' \
		>/dev/null || { fail "unexpected rules"; return 1; }

	text=$(rn rule list | sed -E 's/ id [0-9]+ / id N /')
	echo "$text"
	[ "$text" = "pos 1 name first oif veth1 action allow id N hits 0
pos 2 name web from 10.0.0.0/8 dport 80 action deny id N hits 0
pos 3 name ssh to fd00::/16 sport 1000-2000 iif veth0 action reset-both id N hits 0" ] ||
		{ fail "unexpected text"; return 1; }

	saved=$(rn rule save) || { fail "rule save"; return 1; }
	echo "$saved"
	[ "$saved" = "name first oif veth1 action allow
name web from 10.0.0.0/8 dport 80 action deny
name ssh to fd00::/16 sport 1000-2000 iif veth0 action reset-both" ] ||
		{ fail "unexpected save"; return 1; }
	echo "$saved" | rn rule restore - || { fail "restore"; return 1; }
	[ "$(rn -j rule list | jq -c 'map(del(.id))')" = \
	  "$(echo "$list" | jq -c 'map(del(.id))')" ] ||
		{ fail "restore changed the rules: $(rn rule list)"; return 1; }
	# Restored rules get new ids.
	ids=$(rn -j rule list | jq -c 'map(.id)')
	echo "ids $(echo "$list" | jq -c 'map(.id)') -> $ids"
	echo "$list" | jq -e --argjson new "$ids" 'all(.[].id; . < ($new | min))' \
		>/dev/null || { fail "ids not assigned anew"; return 1; }

	rn rule del name web || { fail "del name web"; return 1; }
	rn -j rule list | jq -e 'map([.name, .position]) == [["first", 1], ["ssh", 2]]' \
		>/dev/null || { fail "after del name: $(rn rule list)"; return 1; }
	id=$(rn -j rule list | jq '.[1].id')
	rn rule del "$id" || { fail "del $id"; return 1; }
	rn -j rule list | jq -e 'map(.name) == ["first"]' >/dev/null ||
		{ fail "after del $id: $(rn rule list)"; return 1; }
	expect_error '^Error: rule del: no such rule$' rn rule del name web
	expect_error '^Error: rule add: a rule with this name exists$' \
		rn rule add name first action drop
	expect_error '^Error: rule add: position is past the end of the rules$' \
		rn rule add pos 3 action drop
	rn rule flush || { fail "flush"; return 1; }
	[ "$(rn -j rule list)" = "[]" ] || { fail "not empty after flush"; return 1; }
	[ -z "$(rn rule list)$(rn rule save)" ] || { fail "text not empty after flush"; return 1; }
	ip netns del "$rule_ns"
}
run_case rule-round-trip rule_round_trip

# A bad line: "Error: FILE:LINE: ..." naming the word, and nothing changes.
rule_restore_bad_line() {
	local before f err

	rule_ns_up || return 1
	rn rule add name keep dport 22 action allow || { fail "add"; return 1; }
	before=$(rn -j rule list)
	f=$(mktemp)
	printf '# policy\nname a dport 80 action deny  # web\n\nname b from 10.0.0.1/8 action drop\n' > "$f"
	err=$(rn rule restore "$f" 2>&1) && { fail "restore succeeded"; rm -f "$f"; return 1; }
	rm -f "$f"
	echo "$err"
	[ "$err" = "Error: $f:4: \"10.0.0.1/8\" has host bits set" ] ||
		{ fail "unexpected error"; return 1; }
	err=$(printf 'action allow\ndport 80 action maybe\n' | rn rule restore - 2>&1) &&
		{ fail "restore - succeeded"; return 1; }
	echo "$err"
	[ "$err" = 'Error: <stdin>:2: unknown action "maybe"' ] ||
		{ fail "unexpected error"; return 1; }
	err=$(printf 'action allow\npos 1 action deny\n' | rn rule restore - 2>&1) &&
		{ fail "restore with pos succeeded"; return 1; }
	echo "$err"
	echo "$err" | grep -q '^Error: <stdin>:2: "pos" is not allowed' ||
		{ fail "unexpected error"; return 1; }
	err=$(printf 'name x action allow\nname x action deny\n' | rn rule restore - 2>&1) &&
		{ fail "restore with a name twice succeeded"; return 1; }
	echo "$err"
	[ "$err" = 'Error: <stdin>:2: name "x" is used on line 1 already' ] ||
		{ fail "unexpected error"; return 1; }
	[ "$(rn -j rule list)" = "$before" ] || fail "the rules changed: $(rn rule list)"
	ip netns del "$rule_ns"
}
run_case rule-restore-bad-line rule_restore_bad_line

# help and -h print the same usage, save and restore in it.
help_lists_state() {
	local out

	out=$(rg help) || { fail "help"; return 1; }
	[ "$out" = "$(rg -h)" ] || fail "help and -h differ"
	grep -q '^  rstguard save ' <<< "$out" ||
		{ fail "help lacks save"; return 1; }
	grep -qx '  rstguard restore { FILE | - } \[check\]' <<< "$out" ||
		fail "help lacks restore"
}
run_case help-lists-save-restore help_lists_state

# A state file's mistakes, each "Error: FILE:LINE: ..." before the module
# is asked anything; nothing changes.
state_restore_bad_line() {
	local before err f rc=0

	rule_ns_up || return 1
	rn rule add name keep dport 22 action allow || { fail "add"; return 1; }
	before=$(rn -j rule list; rn -j sig list; rn -j config show)
	f=$(mktemp)
	while IFS='|' read -r text want; do
		printf "$text" > "$f"
		err=$(rn restore - < "$f" 2>&1) && { fail "restore of '$text' succeeded"; rc=1; }
		echo "$err"
		[ "$err" = "Error: <stdin>:$want" ] || { fail "expected: $want"; rc=1; }
	done <<-'EOF'
	config set limit 5\nrule del name keep\n|2: "rule del": a state file holds "config set", "rule add" and "sig add" lines
	config set log all\n# ok\nconfig set strict on log none\n|3: "log" is set on line 1 already
	config set timeout tcp 30\nconfig set timeout tcp 40\n|2: timeout "tcp" is set on line 1 already
	config set limit 0\n|1: limit 0: sessions go from 1 to 16777216
	config set\n|1: config set needs at least one setting
	sig add id 1 content a action alert\n\nsig add id 1 content b action drop\n|3: signature id 1 is used on line 1 already
	sig add id 2 msg "x content a action alert\n|1: a double quote (") is not closed
	rule add name x action allow\nrule add name x action deny\n|2: name "x" is used on line 1 already
	rule add pos 1 action allow\n|1: "pos" is not allowed here: the rules are in file order
	EOF
	rm -f "$f"
	[ "$(rn -j rule list; rn -j sig list; rn -j config show)" = "$before" ] ||
		{ fail "the state changed"; rc=1; }
	err=$(rn restore /nonexistent 2>&1) && { fail "restore of no file succeeded"; rc=1; }
	[ "$err" = "Error: /nonexistent: No such file or directory" ] || { fail "$err"; rc=1; }
	ip netns del "$rule_ns"
	return $rc
}
run_case state-restore-bad-line state_restore_bad_line

# RSTGUARD_RULES_MAX rules in one request; one more is refused by the CLI
# (restore) and by the kernel (add). An empty file empties the ruleset.
rule_restore_max() {
	local err

	rule_ns_up || return 1
	yes 'action allow' | head -n 4096 | rn rule restore - || { fail "restore 4096"; return 1; }
	rn -j rule list | jq -e 'length == 4096 and .[4095].position == 4096' >/dev/null ||
		{ fail "not 4096 rules"; return 1; }
	err=$(yes 'action deny' | head -n 4097 | rn rule restore - 2>&1) &&
		{ fail "restore 4097 succeeded"; return 1; }
	echo "$err"
	[ "$err" = "Error: <stdin>:4097: more than 4096 rules" ] || { fail "unexpected error"; return 1; }
	expect_error '^Error: rule add: too many rules$' rn rule add action deny
	# Longer rules overflow the 64 KiB of one netlink attribute first.
	err=$(for i in $(seq 1000); do
		echo "name r$i from fd00:$i::/32 to fd01::/16 dport 1-2 action deny"
	      done | rn rule restore - 2>&1) && { fail "restore of 1000 long rules succeeded"; return 1; }
	echo "$err"
	echo "$err" | grep -q '^Error: <stdin>: the ruleset takes [0-9]* bytes' ||
		{ fail "unexpected error"; return 1; }
	rn -j rule list | jq -e 'length == 4096 and all(.[]; .action == "allow")' >/dev/null ||
		{ fail "the rules changed"; return 1; }
	rn rule restore /dev/null || { fail "restore /dev/null"; return 1; }
	[ "$(rn -j rule list)" = "[]" ] || fail "not empty after restoring nothing"
	ip netns del "$rule_ns"
}
run_case rule-restore-max rule_restore_max

# A namespace of its own has no sessions; killing one that is not there fails.
session_empty() {
	local got

	got=$(unshare -n "$RSTGUARD_CLI" -j session list) || return 1
	echo "$got"
	[ "$got" = "[]" ] || { fail "not an empty array"; return 1; }
	[ -z "$(unshare -n "$RSTGUARD_CLI" session list)" ] ||
		{ fail "text output not empty"; return 1; }
	unshare -n "$RSTGUARD_CLI" session flush || fail "flush"
}
run_case session-empty session_empty
run_case session-kill-missing expect_error '^Error: session kill: no such session$' \
	unshare -n "$RSTGUARD_CLI" session kill src 10.9.9.1 sport 1 dst 10.9.9.2 dport 2

# session list, session kill and monitor on one idle connection:
#   client 10.0.1.2 --- router (rstguard, monitor) --- server 10.0.2.2:8080
#
# The router's monitor is live once it has printed the end of a first,
# throwaway session (ended by a flush); then the idle session is listed,
# killed by its tuple as the server sees it, and its end event checked.
mon_pid=
idle_pids=
sessions_cleanup() {
	[ -n "$mon_pid" ] && kill "$mon_pid" 2>/dev/null
	# shellcheck disable=SC2086 # a list of pids
	[ -n "$idle_pids" ] && kill $idle_pids 2>/dev/null
	ip netns del "$rule_ns" 2>/dev/null
	topology_down
}

lines() {
	wc -l < "$1"
}

monitor_live() {
	tcp_transfer "$SERVER4" 8081 "$small" || return 1
	nsr "$RSTGUARD_CLI" session flush
	[ "$(lines "$events")" -gt 0 ]
}

events_after() {
	[ "$(lines "$events")" -gt "$1" ]
}

idle_listed() {
	nsr "$RSTGUARD_CLI" -j session list port 8080 state established |
		jq -e 'length == 1' >/dev/null
}

session_list_kill_monitor() {
	local port=8080 seen rec cport line ev rc

	topology_up
	events=$(mktemp) small=$(mktemp)
	echo hello > "$small"
	# Not through nsr(): $! must be the monitor itself, for kill and wait.
	ip netns exec "$NS_ROUTER" "$RSTGUARD_CLI" -j monitor > "$events" &
	mon_pid=$!
	wait_for 20 monitor_live || { fail "monitor printed no event"; return 1; }
	seen=$(lines "$events")
	head -n1 "$events"
	head -n1 "$events" | jq -e 'has("reason") and (.causes | type == "array")' \
		>/dev/null || { fail "end event lacks reason or causes"; return 1; }

	# The session names the rule that admitted it.
	nsr "$RSTGUARD_CLI" rule add name idle-ok dport $port action allow ||
		{ fail "rule add"; return 1; }
	ip netns exec "$NS_SERVER" socat -u TCP4-LISTEN:$port,reuseaddr OPEN:/dev/null &
	idle_pids=$!
	wait_for 30 tcp_listening "$NS_SERVER" $port || { fail "no listener"; return 1; }
	ip netns exec "$NS_CLIENT" socat -u EXEC:"sleep 30" "TCP4:$SERVER4:$port" &
	idle_pids="$idle_pids $!"
	wait_for 10 idle_listed || { fail "the idle session is not listed"; return 1; }

	rec=$(nsr "$RSTGUARD_CLI" -j session list port $port | jq -c '.[0]')
	echo "list: $rec"
	echo "$rec" | jq -e --arg c "$CLIENT4" --arg s "$SERVER4" --argjson p $port '
		(keys_unsorted | join(" ")) == "family client client_port server server_port state start duration pkts_client pkts_server bytes_client bytes_server first_fin first_rst history pickup rule_id rule_name expires" and
		.rule_name == "idle-ok" and .rule_id > 0 and
		.family == "inet" and .client == $c and .server == $s and
		.server_port == $p and .state == "established" and
		.pickup == false and .first_fin == "none" and
		(.start | type == "number") and .expires > 0' >/dev/null ||
		{ fail "unexpected record"; return 1; }
	cport=$(echo "$rec" | jq -r .client_port)
	line=$(nsr "$RSTGUARD_CLI" session list addr "$CLIENT4" port $port)
	echo "text: $line"
	echo "$line" | grep -Eq "^inet $CLIENT4:$cport -> $SERVER4:$port established dur [0-9]+\.[0-9]{3}s pkts [0-9]+/[0-9]+ bytes [0-9]+/[0-9]+ history [^ ]+ rule idle-ok expires [0-9]+s$" ||
		{ fail "unexpected text line"; return 1; }
	[ -z "$(nsr "$RSTGUARD_CLI" session list family inet6)" ] ||
		{ fail "family filter"; return 1; }
	[ -z "$(nsr "$RSTGUARD_CLI" session list port 9)" ] ||
		{ fail "port filter"; return 1; }

	# The server's view of the tuple finds the session too.
	nsr "$RSTGUARD_CLI" session kill src "$SERVER4" sport $port dst "$CLIENT4" dport "$cport" ||
		{ fail "session kill"; return 1; }
	idle_listed && { fail "the session is still listed after kill"; return 1; }
	wait_for 10 events_after "$seen" || { fail "no end event"; return 1; }
	ev=$(tail -n +$((seen + 1)) "$events" | jq -c "select(.client_port == $cport)")
	echo "event: $ev"
	echo "$ev" | jq -e '.reason == "unknown" and .causes == ["unknown"] and
		.rule_name == "idle-ok" and
		.state == "established" and (has("expires") | not)' >/dev/null ||
		{ fail "unexpected end event"; return 1; }

	nsr "$RSTGUARD_CLI" -j rule list | jq -e '.[0].hits >= 1' >/dev/null ||
		{ fail "no hit counted: $(nsr "$RSTGUARD_CLI" rule list)"; return 1; }

	kill -TERM "$mon_pid"
	wait "$mon_pid" && rc=0 || rc=$?
	mon_pid=
	rm -f "$events" "$small"
	[ "$rc" = 0 ] || fail "monitor exited with $rc on SIGTERM"
}
trap sessions_cleanup EXIT
run_case session-list-kill-monitor session_list_kill_monitor

# The kernel rejects, with an extack message, what the policy does not allow.
raw_expect() {
	local want=$1 got

	shift
	got=$($raw "$@") || return 1
	echo "$got"
	echo "$got" | grep -Eq "$want" || fail "expected /$want/"
}
run_case strict-unknown-attr raw_expect '^error EINVAL: .+' 2 --attr 3:00000000
run_case strict-attr-out-of-range raw_expect '^error EINVAL: .+' 2 --attr 200:00
run_case strict-reserved-nonzero raw_expect '^error EINVAL: genlmsghdr.reserved field is not 0' 2 --reserved 1
run_case unknown-command raw_expect '^error (EOPNOTSUPP|ENOTSUP)' 99
run_case stats-raw-ok raw_expect '^ok$' 2

ktap_finish
