#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Forged RSTs against a live connection (IPv4 and IPv6), crafted with scapy
# (forge_rst.py) and sent from the namespace of the endpoint they claim to
# come from, through the router:
#
#   out of window        dropped by rstguard: the session and the
#                        connection live on; rst_out_of_window moves
#   in window, inexact   passed; the real peer answers with a challenge ACK
#                        (RFC 5961); nothing changes: the session and the
#                        connection live on; rst_unverified moves
#   ... and the peer's answer is lost
#                        still nothing changes, however long it stays quiet
#   exact                (seq = the next one its sender would send) the
#                        receiver is reset and the session ends as
#                        tcp-rst-from-client or tcp-rst-from-server, by who
#                        the RST claims to come from
#
# The live sequence numbers come from the real client socket (TCP_REPAIR,
# see tcp_peer.py), read when nothing is in flight.
#
#   client ---- router (rstguard) ---- server
. "$(dirname "$0")/lib.sh"

require_cmd nft
sessions_setup
# scapy takes seconds to import under QEMU TCG: once, here.
t0=${EPOCHREALTIME/[.,]/}
PEER_TIMEOUT=120 peer preload 2>/dev/null || skip "needs python3-scapy"
echo "  # scapy imported in $(((${EPOCHREALTIME/[.,]/} - t0) / 1000)) ms"

# open_conn FAMILY PORT: a connection C with some data both ways; SPORT.
open_conn() {
	c=c$2
	peer listen "$2" && peer connect $c "$(server_addr "$1")" "$2" &&
		sport=$(peer_get sport) && peer echo $c 300
}

counter_is() {
	[ "$(stat_delta "$1")" = "$2" ]
}

# survived FAMILY PORT JQ_EXPR...: after a forged RST that must not end
# anything, the connection works both ways with the same sockets, and the
# session is still there, established, on the established timeout.
survived() {
	local fam=$1 port=$2

	shift 2
	peer echo $c 100 || { fail "the connection broke"; return 1; }
	session_get "$sport" "$port" || return
	echo "session: $SESSION"
	check "$(endpoints '$s' "$fam" "$sport" "$port")" \
		'$s.state == "established"' '$s.expires > 60' \
		"$(n_events "$sport" "$port") == 0" '$d.sessions_created == 1' "$@"
}

# rst_counter FROM PORT: nftables in the namespace of the endpoint a
# forged RST from FROM is aimed at counts the RSTs it receives on PORT;
# rst_received FROM: how many so far; rst_counter_del FROM.
rst_ns() {
	if [ "$1" = client ]; then echo "$NS_SERVER"; else echo "$NS_CLIENT"; fi
}

rst_counter() {
	local dir

	dir=$([ "$1" = client ] && echo dport || echo sport)
	ip netns exec "$(rst_ns "$1")" nft -f - <<-EOF
		table inet rgcount {
			chain in {
				type filter hook input priority 0; policy accept;
				tcp $dir $2 tcp flags & rst == rst counter
			}
		}
	EOF
}

rst_received() {
	local out

	# an anonymous counter: named ones need nft_objref, which the debug
	# kernel does not have
	out=$(ip netns exec "$(rst_ns "$1")" nft list chain inet rgcount in) &&
		[[ $out =~ counter\ packets\ ([0-9]+) ]] && echo "${BASH_REMATCH[1]}"
}

rst_counter_del() {
	ip netns exec "$(rst_ns "$1")" nft delete table inet rgcount
}

# out_of_window FAMILY PORT FROM: an RST 2^30 past the sender's next seq.
out_of_window() {
	local c sport x got rc=0

	open_conn "$1" "$2" && rst_counter "$3" "$2" || return
	if peer rst $c "$3" 1073741824; then
		echo "forged: $PEER_REPLY"
		wait_for 10 counter_is rst_out_of_window 1 ||
			{ fail "rst_out_of_window moved by $(stat_delta rst_out_of_window)"; rc=1; }
		# Dropped: it never reached the endpoint.
		got=$(rst_received "$3") && [ "$got" = 0 ] ||
			{ fail "the forged RST reached the $3's peer ($got)"; rc=1; }
	else
		rc=1
	fi
	rst_counter_del "$3"
	[ $rc = 0 ] || return 1
	# An invalid segment, not an RST, in the history.
	x=$([ "$3" = client ] && echo I || echo i)
	survived "$1" "$2" '$s.first_rst == "none"' \
		'$s.history | test("[Rr]") | not' "\$s.history | test(\"$x\")" \
		'$d.rst_out_of_window == 1' '$d.rst_unverified == 0'
}

# unverified FAMILY PORT FROM: an RST 1000 bytes into the window.
unverified() {
	local c sport got rc=0

	open_conn "$1" "$2" && rst_counter "$3" "$2" || return
	if peer rst $c "$3" 1000; then
		echo "forged: $PEER_REPLY"
		wait_for 10 counter_is rst_unverified 1 ||
			{ fail "rst_unverified moved by $(stat_delta rst_unverified)"; rc=1; }
		# Passed on: the endpoint judges it (and answers it).
		got=$(rst_received "$3") && [ "$got" = 1 ] ||
			{ fail "the forged RST did not reach the $3's peer ($got)"; rc=1; }
	else
		rc=1
	fi
	rst_counter_del "$3"
	[ $rc = 0 ] || return 1
	# still on the established timeout: no short timer was armed
	survived "$1" "$2" '$d.rst_unverified == 1' '$d.rst_out_of_window == 0' \
		'$s.first_rst == "none"'
}

# unverified_quiet FAMILY PORT: the same from the client, but the server's
# nftables drops everything it sends on PORT (its challenge ACK too), and
# the connection stays quiet: an inexact RST still ends nothing. (Until
# RFC 5961 was followed exactly, it ended the session after 30 s as
# tcp-rst-from-client while both endpoints kept the connection.)
unverified_quiet() {
	local c sport rc=0

	open_conn "$1" "$2" || return
	nss nft -f - <<-EOF || return
		table inet rgtest {
			chain out {
				type filter hook output priority 0; policy accept;
				tcp sport $2 drop
			}
		}
	EOF
	if peer rst $c client 1000 && peer rst $c client 20000; then
		echo "forged: $PEER_REPLY"
		wait_for 10 counter_is rst_unverified 2 || rc=1
	else
		rc=1
	fi
	nss nft delete table inet rgtest
	[ $rc = 0 ] || return 1
	# no short timer (the old one was 30 s): expires is still about 3600
	survived "$1" "$2" '$d.rst_unverified == 2' '$s.first_rst == "none"'
}

# exact FAMILY PORT FROM: an RST with the sender's next seq, as the real
# endpoint would send it.
exact() {
	local c sport other

	other=$([ "$3" = client ] && echo server || echo client)
	open_conn "$1" "$2" || return
	peer rst $c "$3" 0 || return
	echo "forged: $PEER_REPLY"
	peer expect_reset $c $other || { fail "the $other was not reset"; return 1; }
	wait_event 30 "$(tuple "$sport" "$2")" || return
	echo "event: $EVENT"
	check "$(endpoints '$e' "$1" "$sport" "$2")" \
		"\$e.reason == \"tcp-rst-from-$3\"" \
		"\$e.causes == [\"tcp-rst-from-$3\"]" '$e.state == "closed"' \
		"\$e.first_rst == \"$3\"" \
		"\$d.ended_tcp_rst_from_$3 == 1" '$d.rst_unverified == 0' \
		'$d.rst_out_of_window == 0' "$(n_events "$sport" "$2") == 1"
}

ktap_begin
run_case out-of-window-from-client-ipv4 session_case out_of_window 4 8401 client
run_case out-of-window-from-client-ipv6 session_case out_of_window 6 8402 client
run_case out-of-window-from-server-ipv4 session_case out_of_window 4 8403 server
run_case unverified-from-client-ipv4 session_case unverified 4 8411 client
run_case unverified-from-client-ipv6 session_case unverified 6 8412 client
run_case unverified-from-server-ipv6 session_case unverified 6 8413 server
run_case unverified-quiet-ipv4 session_case unverified_quiet 4 8421
run_case unverified-quiet-ipv6 session_case unverified_quiet 6 8422
run_case exact-from-client-ipv4 session_case exact 4 8431 client
run_case exact-from-client-ipv6 session_case exact 6 8432 client
run_case exact-from-server-ipv4 session_case exact 4 8433 server
run_case exact-from-server-ipv6 session_case exact 6 8434 server
run_case events-match-counters events_match_counters
ktap_finish
