#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Signatures over the TCP stream of real Linux endpoints, IPv4 and IPv6:
#
#   split          a pattern cut across two segments is found in the one
#                  where it ends; reset-both: both sockets get ECONNRESET,
#                  the session ends threat with the signature's id and msg
#   one-byte       the same pattern sent one byte per segment
#   reordered      the pattern's second half forged ahead of its first is
#                  dropped (scan_ahead_dropped); once the first half is in,
#                  the retransmitted second half completes the match
#   bad checksum   a segment the receiver would drop is not scanned: it
#                  is dropped (malformed), so the real bytes at its place
#                  are scanned when they come
#   retransmission with other bytes
#                  harmless bytes that get lost past the router (TTL, as
#                  in the classic evasion), then the pattern at the same
#                  sequence numbers: dropped (scan_retrans_differ), the
#                  server never gets it; the harmless bytes again pass
#   nocase         a nocase content matches any case; a plain one does not
#   depth/offset   a match past depth, or before offset, is ignored
#   direction      a to-client signature ignores what the client sends
#   multi-content  matches only once every content has been seen
#   alert          an alert event; the session goes on and data flows
#   drop           the packet is dropped: the server never gets the bytes,
#                  its retransmissions neither
#
#   client ---- router (rstguard) ---- server
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sigs_lib.sh"

sessions_setup
t0=${EPOCHREALTIME/[.,]/}
PEER_TIMEOUT=120 peer preload 2>/dev/null || skip "needs python3-scapy"
echo "  # scapy imported in $(((${EPOCHREALTIME/[.,]/} - t0) / 1000)) ms"

# threat FAMILY PORT CHUNK: "xxxxEVILPATTERN" from the client in segments
# of CHUNK bytes against a reset-both signature.
threat() {
	local fam=$1 port=$2 chunk=$3 data=xxxxEVILPATTERN c sport head

	rgr sig add id "$port" msg "evil $port" content EVILPATTERN \
		action reset-both || return
	open_conn "$fam" "$port" || return
	peer sendhex $c client "$(hex "$data")" chunk="$chunk" || return
	# All but the last segment reached the server; the last one did not.
	head=${data:0:$(((${#data} - 1) / chunk * chunk))}
	peer recvhex $c server "$(hex "$head")" || return
	peer expect_reset $c server || { fail "the server was not reset"; return 1; }
	peer expect_reset $c client || { fail "the client was not reset"; return 1; }
	ended "$sport" "$port" || return
	check "$(endpoints '$e' "$fam" "$sport" "$port")" \
		'$e.reason == "threat"' '$e.causes == ["threat"]' \
		"\$e.sig_id == $port" "\$e.sig_msg == \"evil $port\"" \
		'$d.ended_threat == 1' '$d.sig_matches == 1' \
		'$d.resets_client == 1' '$d.resets_server == 1' \
		"$(n_events "$sport" "$port") == 1"
}

# reordered FAMILY PORT: the second half first, forged with scapy.
reordered() {
	local fam=$1 port=$2 c sport

	rgr sig add id "$port" msg reorder content EVILPATTERN \
		action reset-both || return
	open_conn "$fam" "$port" || return
	peer inject $c client 4 "$(hex PATTERN)" || return
	wait_for 10 eval '[ "$(stat_delta scan_ahead_dropped)" = 1 ]' ||
		{ fail "not dropped ahead of the gap"; return 1; }
	peer inject $c client 0 "$(hex EVIL)" || return
	peer recvhex $c server "$(hex EVIL)" || return
	check '$d.sig_matches == 0' || return
	peer inject $c client 4 "$(hex PATTERN)" || return
	peer expect_reset $c server || { fail "the server was not reset"; return 1; }
	peer expect_reset $c client || { fail "the client was not reset"; return 1; }
	ended "$sport" "$port" || return
	check '$e.reason == "threat"' "\$e.sig_id == $port" \
		'$d.scan_ahead_dropped == 1' '$d.sig_matches == 1'
}

# bad_checksum FAMILY PORT: harmless bytes with a bad checksum, then the
# pattern at the same sequence numbers. The receiver drops the first; were
# they scanned, the second would be skipped as a retransmission.
bad_checksum() {
	local fam=$1 port=$2 c sport

	rgr sig add id "$port" msg csum content EVILPAT action reset-both || return
	open_conn "$fam" "$port" || return
	peer inject $c client 0 "$(hex AAAAAAA)" csum=bad || return
	wait_for 10 eval '[ "$(stat_delta malformed)" = 1 ]' ||
		{ fail "malformed moved by $(stat_delta malformed)"; return 1; }
	peer inject $c client 0 "$(hex EVILPAT)" || return
	peer expect_reset $c server || { fail "the server was not reset"; return 1; }
	ended "$sport" "$port" || return
	check '$e.reason == "threat"' "\$e.sig_id == $port" \
		'$d.malformed == 1' '$d.sig_matches == 1'
}

# retrans_differ FAMILY PORT: "AAAAAAA" with a TTL that runs out behind the
# router (the server's namespace drops what arrives with TTL 1), so rstguard
# scanned bytes the server never got; then "EVILPAT" in their place, as a
# retransmission. Skipped as scanned before, it would reach the server
# unseen.
retrans_differ() {
	local fam=$1 port=$2 c sport lost

	rgr sig add id "$port" msg retrans content EVILPAT action reset-both ||
		return
	nss nft add table inet rg_lost &&
		nss nft add chain inet rg_lost in '{ type filter hook input priority 0; }' &&
		nss nft add rule inet rg_lost in ip ttl 1 counter drop &&
		nss nft add rule inet rg_lost in ip6 hoplimit 1 counter drop ||
		return
	open_conn "$fam" "$port" || return
	peer inject $c client 0 "$(hex AAAAAAA)" ttl=2 || return
	wait_for 10 eval '[ "$(stat_delta scan_bytes)" -ge 207 ]' ||
		{ fail "the lost bytes were not scanned"; return 1; }
	peer inject $c client 0 "$(hex EVILPAT)" || return
	wait_for 10 eval '[ "$(stat_delta scan_retrans_differ)" = 1 ]' ||
		{ fail "scan_retrans_differ moved by $(stat_delta scan_retrans_differ)"; return 1; }
	peer inject $c client 0 "$(hex AAAAAAA)" || return
	# the forged bytes moved the server past the client socket: no echo
	peer recvhex $c server "$(hex AAAAAAA)" || return
	# the first copy was lost behind the router, and nothing else
	lost=$(nss nft list table inet rg_lost | grep -c 'packets 1 ')
	session_get "$sport" "$port" || return
	check '$s.state == "established"' '$d.scan_retrans_differ == 1' \
		'$d.sig_matches == 0' '$d.ended_threat == 0' "$lost == 1"
}

# no_lost_table: the server namespace as it was.
no_lost_table() {
	local rc=0

	sig_case "$@" || rc=1
	nss nft delete table inet rg_lost 2>/dev/null
	return $rc
}

# "EVIL" matches the nocase "eViL"; "mixed" does not match "MiXeD".
nocase() {
	rgr sig add id 1 msg "any case" content eViL nocase action alert &&
		rgr sig add id 2 msg exact content MiXeD action reset-both ||
		return
	flows_alert "$1" "$2" client "xx EVIL and mixed" 1 &&
		check "$(alerts "$sport" "$2") | .[0].sig_id == 1" \
			"$(alerts "$sport" "$2") | .[0].sig_msg == \"any case\""
}

depth() {
	rgr sig add id 1 msg get content GET depth 3 action alert &&
		rgr sig add id 2 msg host content HOST offset 2 depth 6 \
			action alert || return
	# after the first 100 echo bytes: both are past their limits
	flows_alert "$1" "$2" client "GET xxHOSTyy" 0
}

depth_match() {
	local port=$2

	rgr sig add id 7 msg host content HOST offset 100 depth 10 \
		action alert || return
	# the echo sent 100 bytes: HOST starts at offset 102, ends at 106
	flows_alert "$1" "$port" client "xxHOST" 1
}

direction() {
	rgr sig add id 1 msg secret content SECRET dir to-client action alert ||
		return
	flows_alert "$1" "$2" client "SECRET" 0 &&
		peer sendhex $c server "$(hex SECRET)" &&
		peer recvhex $c client "$(hex SECRET)" &&
		wait_event 10 "$(tuple "$sport" "$2") and .event == \"alert\"" &&
		check "$(alerts "$sport" "$2") | length == 1" '$d.sig_matches == 1'
}

multi() {
	rgr sig add id 9 msg login content "USER " content "PASS " \
		action alert || return
	flows_alert "$1" "$2" client "USER joe" 0 &&
		peer sendhex $c client "$(hex "PASS x")" &&
		peer recvhex $c server "$(hex "PASS x")" &&
		wait_event 10 "$(tuple "$sport" "$2") and .event == \"alert\"" &&
		check "$(alerts "$sport" "$2") | .[0].sig_id == 9" '$d.sig_matches == 1'
}

# The bytes never reach the server: not the first time, nor retransmitted.
dropped() {
	local fam=$1 port=$2 c sport

	rgr sig add id 5 msg drop content DROPME action drop || return
	open_conn "$fam" "$port" || return
	peer sendhex $c client "$(hex "xxDROPME")" || return
	ended "$sport" "$port" || return
	check '$e.reason == "threat"' '$e.sig_id == 5' '$d.resets_client == 0' \
		'$d.resets_server == 0' || return
	if peer recv $c server 1 timeout=3 2>/dev/null; then
		fail "the server received the dropped bytes"
		return 1
	fi
}

ktap_begin
run_case split-ipv4 sig_case threat 4 9001 8
run_case split-ipv6 sig_case threat 6 9002 8
run_case one-byte-segments-ipv4 sig_case threat 4 9003 1
run_case one-byte-segments-ipv6 sig_case threat 6 9004 1
run_case reordered-ipv4 sig_case reordered 4 9011
run_case reordered-ipv6 sig_case reordered 6 9012
run_case bad-checksum-ipv4 sig_case bad_checksum 4 9013
run_case bad-checksum-ipv6 sig_case bad_checksum 6 9014
run_case retransmission-differs-ipv4 no_lost_table retrans_differ 4 9015
run_case retransmission-differs-ipv6 no_lost_table retrans_differ 6 9016
run_case nocase-ipv4 sig_case nocase 4 9021
run_case depth-offset-ignored-ipv6 sig_case depth 6 9022
run_case depth-offset-match-ipv4 sig_case depth_match 4 9023
run_case direction-ipv6 sig_case direction 6 9024
run_case multi-content-ipv4 sig_case multi 4 9025
run_case drop-ipv4 sig_case dropped 4 9031
run_case drop-ipv6 sig_case dropped 6 9032
run_case events-match-counters events_match_counters
ktap_finish
