#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The live session table as `rstguard -j session list` shows it (tuple,
# state, packet and byte counts of real connections, IPv4 and IPv6), and
# the admin ending sessions: `session kill` one, `session flush` all, both
# reported with reason "unknown".
#
#   client ---- router (rstguard) ---- server
. "$(dirname "$0")/lib.sh"

sessions_setup

# The router's counts equal what the client's socket sent and received
# (TCP_INFO segs_out / segs_in: every segment crosses the router, and
# writes below one MSS give one packet each).
counts_settled() {
	peer info "$1" client || return 1
	CLIENT_SEGS_OUT=$(peer_get segs_out) && CLIENT_SEGS_IN=$(peer_get segs_in) &&
		session_get "$2" "$3" > /dev/null || return 1
	[ "$(stat_value "$SESSION" pkts_client)" = "$CLIENT_SEGS_OUT" ] &&
		[ "$(stat_value "$SESSION" pkts_server)" = "$CLIENT_SEGS_IN" ]
}

# list_counts FAMILY PORT: the client sends 1000 bytes, the server 500,
# in single segments; the session's counters match what flowed.
list_counts() {
	local fam=$1 port=$2 c=list$2 sport hdr now

	peer listen "$port" && peer connect $c "$(server_addr "$fam")" "$port" || return
	sport=$(peer_get sport)
	peer send $c client 1000 && peer recv $c server 1000 &&
		peer send $c server 500 && peer recv $c client 500 || return
	if ! wait_for 10 counts_settled $c "$sport" "$port"; then
		fail "packets client/server: socket $CLIENT_SEGS_OUT/$CLIENT_SEGS_IN, session: $SESSION"
		return 1
	fi
	echo "session: $SESSION"
	echo "client socket: segs_out $CLIENT_SEGS_OUT segs_in $CLIENT_SEGS_IN"
	# IP bytes: the payload plus at least the bare IP and TCP headers of
	# every packet, and at most 40 bytes of TCP options on each.
	hdr=$([ "$fam" = 6 ] && echo 60 || echo 40)
	now=$(date +%s)
	check "$(endpoints '$s' "$fam" "$sport" "$port")" \
		'$s.state == "established"' '$s.pickup == false' \
		"\$s.bytes_client >= 1000 + \$s.pkts_client * $hdr" \
		"\$s.bytes_client <= 1000 + \$s.pkts_client * ($hdr + 40)" \
		"\$s.bytes_server >= 500 + \$s.pkts_server * $hdr" \
		"\$s.bytes_server <= 500 + \$s.pkts_server * ($hdr + 40)" \
		'$s.first_fin == "none" and $s.first_rst == "none"' \
		'$s.history | startswith("Sh") and test("D") and test("d")' \
		'$s.expires > 3500 and $s.expires <= 3600' \
		'$s.duration >= 0 and $s.duration < 60' \
		"\$s.start > $now - 120 and \$s.start <= $now + 1" \
		'$s | has("reason") | not' \
		'$d.sessions_created == 1' '$d.sessions_live == 1'
}

# The session list is filtered by family, port and state.
list_filters() {
	local p4=8211 p6=8212 s4 s6 all v6 port est tw

	peer listen $p4 && peer listen $p6 &&
		peer connect f4 $SERVER4 $p4 && s4=$(peer_get sport) &&
		peer connect f6 $SERVER6 $p6 && s6=$(peer_get sport) || return
	all=$(rgr -j session list) && v6=$(rgr -j session list family inet6) &&
		port=$(rgr -j session list port $p4) &&
		est=$(rgr -j session list state established) &&
		tw=$(rgr -j session list state time-wait) || return
	SESSION="{\"all\": $all, \"v6\": $v6, \"port\": $port, \"est\": $est, \"tw\": $tw}"
	check "[\$s.all[] | [.client_port, .server_port]] | sort == ([[$s4, $p4], [$s6, $p6]] | sort)" \
		"[\$s.v6[] | .server_port] == [$p6]" \
		"[\$s.port[] | .server_port] == [$p4]" \
		'$s.est | length == 2' '$s.tw == []'
}

# kill FAMILY PORT [reversed]: `session kill` by the tuple (reversed: the
# server given as src) ends the session with reason unknown.
kill_one() {
	local fam=$1 port=$2 c=kill$2 sport ca sa

	ca=$(client_addr "$fam") sa=$(server_addr "$fam")
	peer listen "$port" && peer connect $c "$sa" "$port" && sport=$(peer_get sport) &&
		peer echo $c 100 || return
	if [ "${3:-}" = reversed ]; then
		rgr session kill src "$sa" sport "$port" dst "$ca" dport "$sport"
	else
		rgr session kill src "$ca" sport "$sport" dst "$sa" dport "$port"
	fi || { fail "session kill failed"; return 1; }
	[ -z "$(session_of "$sport" "$port")" ] || { fail "still listed after kill"; return 1; }
	wait_event 10 "$(tuple "$sport" "$port")" || return
	echo "event: $EVENT"
	check "$(endpoints '$e' "$fam" "$sport" "$port")" \
		'$e.reason == "unknown"' '$e.state == "established"' \
		'$d.ended_unknown == 1' '$d.sessions_live == 0' \
		"$(n_events "$sport" "$port") == 1"
}

kill_missing() {
	local err

	if err=$(rgr session kill src $CLIENT4 sport 1 dst $SERVER4 dport 2 2>&1); then
		fail "killing a session that does not exist succeeded"
		return 1
	fi
	echo "$err"
	check '$d.ended_unknown == 0'
}

live_is() {
	[ "$(stat_value "$(rgr -j stats)" sessions_live)" = "$1" ]
}

# flush: every session ends, each with reason unknown.
flush_all() {
	local p=8241 sports=() i c want

	peer listen $p || return
	for i in 1 2 3; do
		c=flush$i
		if [ $i = 3 ]; then
			peer connect $c $SERVER6 $p
		else
			peer connect $c $SERVER4 $p
		fi && sports+=("$(peer_get sport)") && peer echo $c 10 || return
	done
	live_is 3 || { fail "not 3 sessions"; return 1; }
	rgr session flush || return
	live_is 0 || { fail "sessions left after flush"; return 1; }
	wait_for 10 eval '[ "$(count_events_with "\"server_port\":$p,")" -ge 3 ]' ||
		{ fail "not 3 end events"; events ".server_port == $p"; return 1; }
	want=$(printf '%s,' "${sports[@]}")
	check "[\$ev[] | select(.server_port == $p) | .client_port] | sort == ([${want%,}] | sort)" \
		"[\$ev[] | select(.server_port == $p) | .reason] == [\"unknown\", \"unknown\", \"unknown\"]" \
		'$d.ended_unknown == 3' '$d.sessions_live == 0' || { events ".server_port == $p"; return 1; }
}

ktap_begin
run_case list-counts-ipv4 session_case list_counts 4 8201
run_case list-counts-ipv6 session_case list_counts 6 8202
run_case list-filters session_case list_filters
run_case kill-ipv4 session_case kill_one 4 8221
run_case kill-ipv6-reversed-tuple session_case kill_one 6 8222 reversed
run_case kill-missing session_case kill_missing
run_case flush session_case flush_all
run_case events-match-counters events_match_counters
ktap_finish
