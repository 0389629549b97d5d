#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Sessions that go quiet end when their state's idle timeout passes
# (`rstguard config set timeout NAME 2`), IPv4 and IPv6, real sockets:
#
#   tcp              an idle established connection         -> aged-out
#   tcp-init         a SYN to an address where nobody lives  -> aged-out
#   tcp-handshake    the client's final ACK never arrives    -> aged-out
#   tcp-half-closed  the client shuts down its side, the server keeps its
#                    side open and says nothing: causes tcp-fin and
#                    aged-out, reported as tcp-fin (tcp-fin ranks higher)
#
#   client ---- router (rstguard) ---- server
. "$(dirname "$0")/lib.sh"

require_cmd nft sysctl
sessions_setup

# A session that ages out must still be there just after its last packet,
# in STATE: the timeout runs from the last packet, not from the start. The
# record is kept in SESSION: its end event must say the same start.
listed_in_state() {
	session_get "$1" "$2" || return
	echo "live: $SESSION"
	[[ $SESSION == *"\"state\":\"$3\""* ]] || { fail "not in state $3"; return 1; }
	[ "$(stat_value "$SESSION" expires)" -le 4 ] || { fail "expires > 4 s"; return 1; }
}

# aged FAMILY SPORT PORT STATE [JQ_EXPR...]: the session ends, aged out in
# STATE, and is gone from the table.
aged() {
	local fam=$1 sport=$2 port=$3 state=$4

	shift 4
	wait_event 30 "$(tuple "$sport" "$port")" || return
	echo "event: $EVENT"
	[ -z "$(session_of "$sport" "$port")" ] || fail "still listed after its end event"
	check '$e.reason == "aged-out"' '$e.causes == ["aged-out"]' \
		"\$e.state == \"$state\"" \
		'$e.first_fin == "none" and $e.first_rst == "none"' \
		'$d.ended_aged_out == 1' "$(n_events "$sport" "$port") == 1" \
		'$e.start == $s.start' "$@"
}

# idle FAMILY PORT: an established connection, then silence.
idle() {
	local fam=$1 port=$2 c=idle$2 sport

	rgr config set timeout tcp 2 || return
	peer listen "$port" && peer connect $c "$(server_addr "$fam")" "$port" &&
		sport=$(peer_get sport) && peer echo $c 100 || return
	listed_in_state "$sport" "$port" established &&
	aged "$fam" "$sport" "$port" established "$(endpoints '$e' "$fam" "$sport" "$port")"
}

# syn_unanswered FAMILY PORT: one SYN to an address with no host behind
# it; the client gives up before it would retransmit.
syn_unanswered() {
	local fam=$1 port=$2 c=syn$2 sport addr

	addr=$([ "$fam" = 6 ] && echo fd00:2::99 || echo 10.0.2.99)
	# long enough to list it first on a loaded debug kernel under TCG
	rgr config set timeout tcp-init 4 || return
	peer connect $c "$addr" "$port" wait=0 && sport=$(peer_get sport) &&
		peer close $c client || return
	listed_in_state "$sport" "$port" syn-sent &&
	aged "$fam" "$sport" "$port" syn-sent \
		"\$e.family == \"$(family_name "$fam")\"" \
		"\$e.client == \"$(client_addr "$fam")\" and \$e.server == \"$addr\"" \
		'$e.pkts_client == 1 and $e.pkts_server == 0' '$e.history == "S"'
}

# handshake FAMILY PORT: the client's nftables drops everything it sends
# to PORT but SYNs, so its final ACK never leaves; the server sends its
# SYN-ACK once (tcp_synack_retries 0: a retransmission would refresh the
# session).
handshake() {
	local fam=$1 port=$2 c=hs$2 sport rc=0

	rgr config set timeout tcp-handshake 2 || return
	nss sysctl -qw net.ipv4.tcp_synack_retries=0 || return
	nsc nft -f - <<-EOF || return
		table inet rgtest {
			chain out {
				type filter hook output priority 0; policy accept;
				tcp dport $port tcp flags != syn drop
			}
		}
	EOF
	if peer listen "$port" &&
	   peer connect $c "$(server_addr "$fam")" "$port" accept=0; then
		sport=$(peer_get sport)
		listed_in_state "$sport" "$port" syn-recv &&
		aged "$fam" "$sport" "$port" syn-recv \
			"$(endpoints '$e' "$fam" "$sport" "$port")" \
			'$e.history == "Sh"' '$e.pkts_client == 1 and $e.pkts_server == 1' ||
			rc=1
	else
		rc=1
	fi
	nsc nft delete table inet rgtest
	nss sysctl -qw net.ipv4.tcp_synack_retries=5
	return $rc
}

# half_closed FAMILY PORT: the client sends FIN, the server acks it and
# keeps its own side open, silent.
half_closed() {
	local fam=$1 port=$2 c=half$2 sport

	rgr config set timeout tcp-half-closed 2 || return
	peer listen "$port" && peer connect $c "$(server_addr "$fam")" "$port" &&
		sport=$(peer_get sport) && peer echo $c 100 &&
		peer shutdown $c client && peer expect_eof $c server || return
	listed_in_state "$sport" "$port" fin-client || return
	wait_event 30 "$(tuple "$sport" "$port")" || return
	echo "event: $EVENT"
	check "$(endpoints '$e' "$fam" "$sport" "$port")" \
		'$e.reason == "tcp-fin"' \
		'$e.causes | index("tcp-fin") and index("aged-out")' \
		'$e.state == "fin-client"' '$e.first_fin == "client"' \
		'$e.history | test("F") and (test("f") | not)' \
		'$d.ended_tcp_fin == 1' '$d.ended_aged_out == 0' '$e.start == $s.start' \
		"$(n_events "$sport" "$port") == 1"
}

ktap_begin
run_case idle-established-ipv4 session_case idle 4 8301
run_case idle-established-ipv6 session_case idle 6 8302
run_case syn-unanswered-ipv4 session_case syn_unanswered 4 8311
run_case syn-unanswered-ipv6 session_case syn_unanswered 6 8312
run_case handshake-incomplete-ipv4 session_case handshake 4 8321
run_case handshake-incomplete-ipv6 session_case handshake 6 8322
run_case half-closed-idle-ipv4 session_case half_closed 4 8331
run_case half-closed-idle-ipv6 session_case half_closed 6 8332
run_case events-match-counters events_match_counters
ktap_finish
