#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `rstguard save` and `rstguard restore`: a namespace's whole state
# (settings, rules, signatures) in one file, and back.
#
#   survives-reload      settings, rules and signatures set; save; the
#                        module unloaded and loaded again (the defaults
#                        back); restore: rule list, sig list and config
#                        show print what they printed before, and save
#                        prints the same file
#   bad-line-*           a file that changes all three, with one bad line
#                        in the middle, changes nothing, and the error
#                        names the file and the line: a line rstguard
#                        refuses itself, and one only the module refuses
#                        (which it checks in a namespace of its own)
#   stdin                restore - applies another state (and check only
#                        checks it); then the first one back
#   undo                 without CAP_SYS_ADMIN (no namespace to check in)
#                        the module refuses a signature only once the
#                        settings changed: they are put back
#   boot-unit            dist/rstguard.service.in, its paths filled in:
#                        systemd-analyze verifies it; its restore command
#                        does nothing without the state file, and applies
#                        it when it is there; its reload command too
#   live-sessions        over live sessions, with rematch on: the one the
#                        new policy allows goes on, though the new rules
#                        with the old default action would have ended it;
#                        the one it refuses ends, once, as policy-deny
#
#   client ---- router (rstguard) ---- server      (live-sessions only)
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq modinfo socat ss setpriv
require_cli
[ -f "$RSTGUARD_KO" ] || skip "needs rstguard.ko ($RSTGUARD_KO)"

dir=$(mktemp -d)
idle_pids=
cleanup() {
	# shellcheck disable=SC2086 # a list of pids
	[ -n "$idle_pids" ] && kill $idle_pids 2>/dev/null
	topology_down
	rm -rf "$dir"
	# The next test starts from the defaults.
	unload_module
}
trap cleanup EXIT

# snapshot NAME: what the listings print now, text and JSON, in $dir/NAME.
snapshot() {
	{
		rg config show && rg -j config show &&
		rg rule list && rg -j rule list &&
		rg sig list && rg -j sig list
	} > "$dir/$1" || fail "listing failed"
}

# same_as NAME [ids]: the listings print what snapshot NAME saw; rule ids
# too with "ids" (restore gives the rules new ids, counted on from the
# last one the namespace gave: the same ones only in a fresh namespace).
same_as() {
	local ids='s/ id [0-9]+ hits / id N hits /; s/"id":[0-9]+,"position"/"id":N,"position"/g'

	snapshot now || return 1
	[ "${2:-}" = ids ] && ids=
	diff -u <(sed -E "$ids" "$dir/$1") <(sed -E "$ids" "$dir/now") ||
		fail "the state is not what $1 was"
}

# The state of the tests: every setting off its default, rules with every
# match and action, signatures with every modifier, and what needs
# quoting (a message with quotes, a backslash, a dollar; hex bytes).
set_state() {
	rg config set timeout tcp-init 6 timeout tcp-handshake 11 \
		timeout tcp 7200 timeout tcp-half-closed 121 \
		timeout tcp-time-wait 3 limit 5000 \
		log all strict on fail-open on default-action deny \
		reset-on-aged-out on rematch off offload-mark 0x100 || return 1
	rg rule restore - <<-EOF || return 1
	name ssh-in to 10.0.2.0/24 dport 22 iif veth0 action allow
	name web from 10.0.0.0/8 sport 1024-65535 dport 80 oif veth1 action reset-client
	family inet6 from fd00:1::/64 to fd00:2::/48 action reset-both
	name v6:drop@x family inet6 dport 1-1023 action drop
	dport 23 action deny
	action reset-server
	EOF
	rg sig add id 1000 msg 'passwd "request" \ $HOME' content "GET " \
		depth 4 content "/etc/passwd" nocase dir to-server port 80 \
		action reset-both &&
	rg sig add id 105 msg "dagger" content "2|00 00 00 06|Drives\$|00|" \
		offset 2 depth 16 dir to-client port 2589 action alert &&
	rg sig add id 7 content "|3B 3A 22 5C 7C|" content "x" nocase \
		port 8000-8100 action drop &&
	rg sig add id 8 msg "#not a comment" content "a b" action reset-client
}

survives_reload() {
	unload_module && load_module || return 1
	set_state || { fail "setting the state up"; return 1; }
	snapshot before || return 1
	rg save > "$dir/saved" || { fail "save"; return 1; }
	cat "$dir/saved"
	unload_module && load_module || { fail "reload"; return 1; }
	snapshot fresh || return 1
	cmp -s "$dir/before" "$dir/fresh" && { fail "the module kept its state"; return 1; }
	rg restore "$dir/saved" || { fail "restore"; return 1; }
	same_as before ids || return 1
	rg save | diff -u "$dir/saved" - || fail "save after restore differs"
}

# insert_after N LINE FILE: FILE with LINE after its line N.
insert_after() {
	sed "$1a\\
$2" "$3"
}

# A state that differs in all three: settings, a rule more, rules in
# another order, a signature less; as save prints it.
other_state() {
	sed -e 's/^config set limit 5000$/config set limit 4000/' \
	    -e 's/^config set log all$/config set log none/' \
	    -e '/^sig add id 7 /d' "$dir/saved" |
		awk '/^rule add name web /{ web = $0; next }
		     /^rule add action reset-server/{
			print web; print; print "rule add name late dport 9 action allow"
			next
		     }
		     { print }'
}

# bad_line NAME LINE WANT: other_state with LINE in its middle; restore
# fails with "Error: FILE:N: " WANT (a pattern) and changes nothing.
bad_line() {
	local f=$dir/$1 n err mode

	other_state > "$dir/other" || return 1
	n=$(($(wc -l < "$dir/other") / 2))
	insert_after "$n" "$2" "$dir/other" > "$f"
	n=$((n + 1))
	snapshot before-bad || return 1
	for mode in "" check; do
		# shellcheck disable=SC2086 # no word or one
		if err=$(rg restore "$f" $mode 2>&1); then
			fail "restore $mode of a bad file succeeded"
			return 1
		fi
		echo "$err"
		# shellcheck disable=SC2053 # $3 is a pattern
		[[ $err == "Error: $f:$n: "$3 ]] ||
			{ fail "not the error expected at line $n: $3"; return 1; }
	done
	same_as before-bad ids
}

stdin() {
	local out

	other_state > "$dir/other" || return 1
	snapshot before-stdin || return 1
	out=$(rg restore - check < "$dir/other") || { fail "check"; return 1; }
	echo "$out"
	[ "$out" = "<stdin>: 13 settings, 7 rules, 3 signatures: checked by rstguard and by the module" ] ||
		{ fail "unexpected check summary"; return 1; }
	same_as before-stdin || return 1
	# Lines of the three kinds may come in any order: a rule last.
	{ grep -v '^rule add name late ' "$dir/other"; grep '^rule add name late ' "$dir/other"; } |
		rg restore - || { fail "restore - of another state"; return 1; }
	rg save | diff -u "$dir/other" - || { fail "not the other state"; return 1; }
	rg -j rule list | jq -e 'map(.name)[-3:] == ["web", null, "late"]' >/dev/null ||
		{ fail "rules not in the file's order: $(rg rule list)"; return 1; }
	rg restore - < "$dir/saved" || { fail "restore - back"; return 1; }
	same_as before-stdin
}

# A file saved while there was an unverified-rst timeout restores at boot:
# that line is skipped with a warning naming it, the rest applied.
old_file() {
	local f=$dir/old err

	{ cat "$dir/saved"; echo "config set timeout unverified-rst 30"; } > "$f"
	err=$(rg restore "$f" 2>&1) || { fail "restore: $err"; return 1; }
	echo "$err"
	[[ $err == *"line $(wc -l < "$f"): timeout unverified-rst is ignored"* ]] ||
		{ fail "no warning"; return 1; }
	rg save | diff -u "$dir/saved" - || fail "not the saved state"
}

# Without CAP_SYS_ADMIN restore cannot make a namespace for the module to
# check the file in: the module refuses the signature when it is applied,
# after rematch was turned off, and restore puts rematch back.
undo() {
	local f=$dir/undo err

	rg config set rematch on || return 1
	snapshot before-undo || return 1
	other_state > "$f" &&
		echo 'sig add id 77 content "abc" offset 2000000000 action alert' >> "$f" &&
		sed -i 's/^config set rematch off$/config set rematch on/' "$f" || return 1
	err=$(setpriv --bounding-set -sys_admin "$RSTGUARD_CLI" restore "$f" check 2>&1) ||
		{ fail "check: $err"; return 1; }
	echo "$err"
	[[ $err == *"checked by rstguard only (the module could not: no namespace of its own"* ]] ||
		{ fail "unexpected check summary"; return 1; }
	err=$(setpriv --bounding-set -sys_admin "$RSTGUARD_CLI" restore "$f" 2>&1) &&
		{ fail "restore succeeded"; return 1; }
	echo "$err"
	[[ $err == "Error: $f:$(wc -l < "$f"): content 1 offset: "*"
Error: restore: nothing changed" ]] || { fail "unexpected error"; return 1; }
	same_as before-undo ids || return 1
	rg restore "$dir/saved" || fail "restore"
}

# unit_command KEY: the unit's command line KEY= that runs rstguard, with
# the CLI under test and $dir/etc for /etc/rstguard.
unit_command() {
	sed -n "s/^$1=//p" "$repo_dir/dist/rstguard.service.in" | grep @SBINDIR@ |
		sed -e "s|@SBINDIR@/rstguard|$RSTGUARD_CLI|g" -e "s|@CONFDIR@|$dir/etc|g"
}

boot_unit() {
	local start reload unit=$dir/rstguard.service

	sed -e "s|@SBINDIR@/rstguard|$RSTGUARD_CLI|g" -e "s|@CONFDIR@|$dir/etc|g" \
		"$repo_dir/dist/rstguard.service.in" > "$unit"
	if command -v systemd-analyze > /dev/null; then
		systemd-analyze verify --man=no "$unit" || { fail "systemd-analyze verify"; return 1; }
	else
		echo "no systemd-analyze: not verified"
	fi
	start=$(unit_command ExecStart) && reload=$(unit_command ExecReload) || return 1
	echo "ExecStart: $start"
	echo "ExecReload: $reload"
	mkdir -p "$dir/etc"
	snapshot before-unit || return 1
	eval "$start" || { fail "ExecStart without a state file"; return 1; }
	same_as before-unit ids || return 1
	other_state > "$dir/etc/rstguard.conf" || return 1
	eval "$start" || { fail "ExecStart"; return 1; }
	rg save | diff -u "$dir/etc/rstguard.conf" - || { fail "ExecStart did not restore"; return 1; }
	cp "$dir/saved" "$dir/etc/rstguard.conf"
	eval "$reload" || { fail "ExecReload"; return 1; }
	rg save | diff -u "$dir/saved" - || fail "ExecReload did not restore"
}

idle_listed() {
	nsr "$RSTGUARD_CLI" -j session list port "$1" state established |
		jq -e 'length == 1' >/dev/null
}

session_gone() {
	! idle_listed "$1"
}

# Two idle connections, to ports 7201 and 7202. Before: default-action
# deny, a rule allowing each port, rematch on. The file: default-action
# allow and one rule, denying 7202. The new rules with the old default
# action would end both; the new policy ends only the one to 7202.
live_sessions() {
	local p stats before after

	topology_up
	for p in 7201 7202; do
		# Not through nss(): $! must be socat itself, for kill.
		ip netns exec "$NS_SERVER" socat -u "TCP4-LISTEN:$p,reuseaddr" OPEN:/dev/null &
		idle_pids="$idle_pids $!"
		wait_for 10 tcp_listening "$NS_SERVER" $p || { fail "no listener on $p"; return 1; }
	done
	rgr config set default-action deny rematch on &&
		rgr rule add name allow-7201 dport 7201 action allow &&
		rgr rule add name allow-7202 dport 7202 action allow || return 1
	for p in 7201 7202; do
		ip netns exec "$NS_CLIENT" socat -u EXEC:"sleep 120" "TCP4:$SERVER4:$p" &
		idle_pids="$idle_pids $!"
		wait_for 20 idle_listed $p || { fail "no session to $p"; return 1; }
	done
	before=$(rgr -j stats | jq .ended_policy_deny)
	printf '%s\n' 'config set default-action allow' \
		'rule add name no-7202 dport 7202 action deny' > "$dir/live"
	rgr restore "$dir/live" || { fail "restore"; return 1; }
	wait_for 10 session_gone 7202 || { fail "the session to 7202 goes on"; return 1; }
	idle_listed 7201 || { fail "the session to 7201 ended"; return 1; }
	stats=$(rgr -j stats)
	after=$(jq .ended_policy_deny <<< "$stats")
	echo "ended_policy_deny $before -> $after"
	[ $((after - before)) = 1 ] || fail "$((after - before)) sessions ended by policy, not 1"
	rgr config show | grep -qx 'rematch on' || fail "rematch is not on"
	rgr rule save | grep -qx 'name no-7202 dport 7202 action deny' || fail "rules"
}

ktap_begin
run_case survives-reload survives_reload
run_case bad-line-cli bad_line bad-cli 'rule add name x dport 80-70000 action drop' \
	'"80-70000" is not a port or a port range (0-65535)'
run_case bad-line-module bad_line bad-module \
	'sig add id 77 content "abc" offset 2000000000 action alert' \
	'content 1 offset: '*
run_case bad-line-setting bad_line bad-setting 'config set timeout tcp 0' \
	'timeout tcp 0: seconds go from 1 to 604800'
run_case bad-line-quote bad_line bad-quote 'sig add id 78 msg "open content a action alert' \
	'a double quote (") is not closed'
run_case stdin stdin
run_case old-file old_file
run_case undo undo
run_case boot-unit boot_unit
run_case live-sessions live_sessions
ktap_finish
