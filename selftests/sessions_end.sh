#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# How real TCP connections end, as rstguard reports it: the end reason and
# record of `rstguard -j monitor` and the ended_* counters of `-j stats`,
# IPv4 and IPv6, with Linux sockets at both ends (tcp_peer.py):
#
#   tcp-fin               the client closes, then the server
#   tcp-rst-from-client   the client closes with unread data, or with
#                         SO_LINGER 0
#   tcp-rst-from-server   the server aborts (SO_LINGER 0)
#   tcp-reuse             a new SYN on the tuple of a session that is still
#                         in the table, closed by an RST or by FINs: a cause
#                         of the old session's end, which is reported by
#                         its RST or FIN, which rank higher
#
#   client ---- router (rstguard) ---- server
. "$(dirname "$0")/lib.sh"

sessions_setup

# fin_close FAMILY PORT: client FIN, server FIN, both acked.
fin_close() {
	local fam=$1 port=$2 c=fin$2 sport

	peer listen "$port" && peer connect $c "$(server_addr "$fam")" "$port" || return
	sport=$(peer_get sport)
	peer echo $c 1000 && peer shutdown $c client && peer expect_eof $c server &&
		peer close $c server && peer expect_eof $c client && peer close $c client ||
		return
	wait_event 30 "$(tuple "$sport" "$port")" || return
	echo "event: $EVENT"
	check "$(endpoints '$e' "$fam" "$sport" "$port")" \
		'$e.reason == "tcp-fin"' '$e.causes == ["tcp-fin"]' \
		'$e.state == "time-wait"' '$e.first_fin == "client"' \
		'$e.first_rst == "none"' '$e.pickup == false' '$e.duration > 0' \
		'$e.history | test("S") and test("h") and test("A") and test("D")' \
		'$e.history | test("d") and test("F") and test("f")' \
		'$e.history | test("[Rr]") | not' \
		'$e.pkts_client >= 4 and $e.pkts_server >= 3' \
		'$e.bytes_client > 1000 and $e.bytes_server > 1000' \
		'$d.ended_tcp_fin == 1' '$d.sessions_created == 1' '$d.pickups == 0' \
		"$(n_events "$sport" "$port") == 1"
}

# rst_close FAMILY PORT HOW: the connection ends with an RST.
#   unread   the client closes with data it has not read: the kernel resets
#   linger0  the client closes with SO_LINGER {1, 0}
#   server   the server closes with SO_LINGER {1, 0}
rst_close() {
	local fam=$1 port=$2 how=$3 c=rst$2 sport who=client other=server

	peer listen "$port" && peer connect $c "$(server_addr "$fam")" "$port" &&
		sport=$(peer_get sport) && peer echo $c 100 || return
	case $how in
	unread)
		peer send $c server 500 && peer wait_rx $c client 500 &&
			peer close $c client ;;
	linger0)
		peer close $c client linger0 ;;
	server)
		who=server other=client
		peer close $c server linger0 ;;
	esac || return
	# The RST crossed the router: the other end was reset.
	peer expect_reset $c $other || { fail "the $other was not reset"; return 1; }
	wait_event 30 "$(tuple "$sport" "$port")" || return
	echo "event: $EVENT"
	check "$(endpoints '$e' "$fam" "$sport" "$port")" \
		"\$e.reason == \"tcp-rst-from-$who\"" \
		"\$e.causes == [\"tcp-rst-from-$who\"]" '$e.state == "closed"' \
		"\$e.first_rst == \"$who\"" '$e.first_fin == "none"' '$e.pickup == false' \
		"\$e.history | test(\"$([ $who = client ] && echo R || echo r)\")" \
		"\$d.ended_tcp_rst_from_$who == 1" '$d.ended_tcp_fin == 0' \
		'$d.rst_out_of_window == 0' '$d.rst_unverified == 0' \
		"$(n_events "$sport" "$port") == 1"
}

session_state_is() {
	[ "$(session_of "$1" "$2" | jq -r .state)" = "$3" ]
}

# reuse FAMILY PORT HOW: the client connects from a fixed port, closes (HOW:
# rst, or fin and the client keeps TIME_WAIT), and connects again from the
# same port while the old session is still in the table (time-wait 60 s):
# the old one ends with tcp-reuse among its causes, reported as the RST or
# the FINs that closed it (every cause is kept, the highest reported); the
# new one lives.
reuse() {
	local fam=$1 port=$2 how=$3 sport=$(($2 + 53000)) state addr reason

	addr=$(server_addr "$fam")
	rgr config set timeout tcp-time-wait 60 || return
	peer listen "$port" && peer connect old$port "$addr" "$port" sport=$sport &&
		peer echo old$port 100 || return
	if [ "$how" = rst ]; then
		state=closed
		peer close old$port client linger0 && peer expect_reset old$port server
	else
		state=time-wait
		# Linux lets a connect() take over its own TIME_WAIT tuple
		# only with tcp_tw_reuse = 1 and after a second has passed.
		nsc sysctl -qw net.ipv4.tcp_tw_reuse=1 &&
		peer shutdown old$port client && peer expect_eof old$port server &&
			peer close old$port server && peer expect_eof old$port client &&
			peer close old$port client
	fi || return
	wait_for 10 session_state_is $sport "$port" $state ||
		{ fail "the old session is not in state $state: $(session_of $sport "$port")"; return 1; }
	peer connect new$port "$addr" "$port" sport=$sport retry=10 &&
		peer echo new$port 100 || return
	wait_event 30 "$(tuple $sport "$port")" || return
	echo "event: $EVENT"
	# The new connection has a session of its own.
	session_get $sport "$port" || return
	echo "new session: $SESSION"
	if [ "$how" = rst ]; then
		reason=tcp-rst-from-client
	else
		reason=tcp-fin
	fi
	check "$(endpoints '$e' "$fam" $sport "$port")" \
		"\$e.reason == \"$reason\"" \
		"(\$e.causes | sort) == ([\"$reason\", \"tcp-reuse\"] | sort)" \
		"\$e.state == \"$state\"" \
		'$s.state == "established"' '$s.pickup == false' \
		'$s.history | startswith("Sh")' \
		"\$d.ended_${reason//-/_} == 1" '$d.ended_tcp_reuse == 0' \
		'$d.sessions_created == 2' \
		"$(n_events $sport "$port") == 1"
}

ktap_begin
run_case fin-ipv4 session_case fin_close 4 8101
run_case fin-ipv6 session_case fin_close 6 8102
run_case rst-client-unread-data-ipv4 session_case rst_close 4 8111 unread
run_case rst-client-unread-data-ipv6 session_case rst_close 6 8112 unread
run_case rst-client-linger0-ipv4 session_case rst_close 4 8113 linger0
run_case rst-client-linger0-ipv6 session_case rst_close 6 8114 linger0
run_case rst-server-abort-ipv4 session_case rst_close 4 8115 server
run_case rst-server-abort-ipv6 session_case rst_close 6 8116 server
run_case reuse-after-rst-ipv4 session_case reuse 4 8121 rst
run_case reuse-after-rst-ipv6 session_case reuse 6 8122 rst
run_case reuse-after-fin-ipv4 session_case reuse 4 8123 fin
run_case reuse-after-fin-ipv6 session_case reuse 6 8124 fin
run_case events-match-counters events_match_counters
ktap_finish
