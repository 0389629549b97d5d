#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# No evasion by IP fragments, IPv4 and IPv6. A live connection between real
# Linux endpoints (tcp_peer.py); the client's next data segment, forged
# with scapy from the client's namespace at its exact sequence number, is
# sent as IP fragments against a reset-both to-server signature
# ("FRAGEVIL"). rstguard turns the kernel's defragmentation on in every
# namespace, so FORWARD sees whole datagrams:
#
#   tiny fragments   8 bytes of fragmentable part each: the pattern and the
#                    TCP header are cut (IPv6: the first fragment carries
#                    24 bytes, the whole TCP header, as RFC 8200 requires;
#                    see ipv6-header-cut). Caught: the session ends
#                    threat, both sockets get ECONNRESET, the server never
#                    reads a byte of it
#   two fragments    1420 bytes cut at 1000, the pattern across the cut
#   overlap          one more fragment rewrites the pattern's bytes with
#                    a permutation of their 16-bit words (the TCP checksum
#                    holds for both versions, so the receiver keeps
#                    whichever its reassembly keeps):
#       late         it comes after the pattern's fragments, before the
#                    last one; it lies inside what is already queued
#       first        it comes before all of them
#       straddle     it comes when the queue ends in the middle of it
#                    Whatever the kernel's reassembly makes of it (Linux
#                    6.1: a fragment that lies inside the data already
#                    queued is dropped as a duplicate, whatever its bytes,
#                    so the first bytes win; one that overlaps the end of
#                    the queued data kills the datagram), the server never
#                    reads the pattern, and what it reads rstguard scanned
#                    (threat; or the rewritten version, scanned; or
#                    nothing, and the connection still carries data)
#   benign           a fragmented segment without the pattern (small
#                    fragments; 3000 bytes in 1232-byte fragments, which
#                    the router must fragment again for its 1500-byte MTU)
#                    reaches the server intact, scanned
#   ipv6-header-cut  an IPv6 first fragment that does not hold the whole
#                    TCP header: every Linux receiver drops it (RFC 8200);
#                    nf_defrag_ipv6 lets it through unreassembled and
#                    rstguard drops it (fragments_dropped)
#   notrack          fragments made to skip defragmentation (nft notrack
#                    at priority -500, ahead of nf_defrag's -400) reach
#                    FORWARD as fragments: dropped (fragments_dropped),
#                    the server never gets the pattern
#
# In every case the fragments do not pass untracked (untracked does not
# move). The attacks run a second time (nic-*) with the router's veths set
# up as real NICs are: full checksums from the endpoints, no rx checksum
# offload, GRO and rx-gro-list on the router.
#
# The fragments must leave the client as they were forged. rstguard turns
# defragmentation on in every namespace, and nf_defrag also hooks
# LOCAL_OUT: the client's namespace would reassemble them (and drop an
# overlapping IPv6 datagram, sendto() failing with EPERM) and send the
# kernel's own fragmentation of the result. A remote attacker's host does
# not do that: the client's namespace marks its outgoing fragments
# untracked ahead of defragmentation (nft notrack at priority -500).
#
#   client ---- router (rstguard) ---- server
. "$(dirname "$0")/lib.sh"

require_cmd ethtool nft
sessions_setup
t0=${EPOCHREALTIME/[.,]/}
PEER_TIMEOUT=120 peer preload 2>/dev/null || skip "needs python3-scapy"
echo "  # scapy imported in $(((${EPOCHREALTIME/[.,]/} - t0) / 1000)) ms"
nsc nft -f - <<EOF || exit 1
table inet rg_frag_client {
	chain out {
		type filter hook output priority -500;
		ip frag-off & 0x3fff != 0 counter notrack
		exthdr frag exists counter notrack
	}
}
EOF
if ! rgr -j stats | jq -e 'has("fragments_dropped")' > /dev/null; then
	echo "  # stats has no fragments_dropped (module or CLI without it):" \
		"its checks are left out"
fi

# hex TEXT: TEXT as the hex digits tcp_peer.py takes.
hex() {
	printf %s "$1" | od -An -tx1 -v | tr -d ' \n'
}

# rep N TEXT: TEXT N times.
rep() {
	local s

	printf -v s "%${1}s" ''
	printf %s "${s// /$2}"
}

PATTERN=FRAGEVIL
# 32 bytes, the pattern at 8 to 16: at 28 to 36 of the fragmentable part
# (after the 20-byte TCP header), so 8-byte fragments cut it in two.
DATA=aaaaaaaa${PATTERN}bbbbbbbbbbbbbbbb
# The overlapping fragment: at 24 of the fragmentable part (the data's
# bytes 4 to 20, "aaaaFRAGEVILbbbb"), the same 16-bit words in another
# order ("aa aa FR AG EV IL bb bb" -> "IL EV AG FR aa aa bb bb"): the TCP
# checksum is the same for either version.
OVERLAP=ILEVAGFRaaaabbbb
DATA_REWRITTEN=aaaa${OVERLAP}bbbbbbbbbbbb
# What the client sends for real after a forged segment that may be lost:
# as long as the forged one, at the same sequence numbers.
FOLLOW=cccccccccccccccccccccccccccccccc

# frag_opts FAMILY: inject's options for 8-byte fragments; an IPv6 first
# fragment must hold the whole TCP header.
frag_opts() {
	if [ "$1" = 6 ]; then echo "frag=8 frag1=24"; else echo "frag=8"; fi
}

# frag_case FUNCTION ARGS...: session_case, then no signatures and no nft
# table of this test are left.
frag_case() {
	local rc=0

	session_case "$@" || rc=1
	rgr sig flush || rc=1
	nsr nft delete table inet rg_frag_raw 2> /dev/null
	return $rc
}

# open_conn FAMILY PORT: the signature, then a connection C with data both
# ways; SPORT.
open_conn() {
	rgr sig add id "$2" msg "frag $2" content "$PATTERN" dir to-server \
		action reset-both || return
	c=c$2
	peer listen "$2" && peer connect $c "$(server_addr "$1")" "$2" &&
		sport=$(peer_get sport) && peer echo $c 100
}

# client_frags: how many fragments the client's notrack rules counted.
client_frags() {
	nsc nft list table inet rg_frag_client |
		awk '/notrack/ { for (i = 1; i < NF; i++) if ($i == "packets") n += $(i + 1) }
		     END { print n + 0 }'
}

# inject_frags OPTIONS...: the client's next segment, forged, as fragments;
# FRAGS: how many packets went out. They left the client's namespace as
# they were: its notrack rules counted every one.
inject_frags() {
	local n0 n

	n0=$(client_frags)
	peer inject $c client 0 "$@" || return
	frags=$(peer_get frags)
	echo "sent as $frags fragments"
	n=$(($(client_frags) - n0))
	[ "$n" = "$frags" ] ||
		{ fail "the client's namespace passed $n fragments untracked, not $frags"; return 1; }
}

# The counters every case checks: the fragments did not pass untracked;
# DROPPED fragments reached FORWARD (when stats has the counter).
frag_counters() {
	echo '$d.untracked == 0'
	echo "(\$d | has(\"fragments_dropped\") | not) or \$d.fragments_dropped == ${1:-0}"
}

ended() {
	wait_event 30 "$(tuple "$1" "$2") and .reason != null" &&
		echo "event: $EVENT"
}

# caught FAMILY PORT: the forged segment ended the session as a threat:
# both ends reset, the server read nothing of it, one end event.
caught() {
	local fam=$1 port=$2 counters

	peer expect_reset $c server ||
		{ fail "the server was not reset (it read the bytes?)"; return 1; }
	peer expect_reset $c client || { fail "the client was not reset"; return 1; }
	ended "$sport" "$port" || return
	mapfile -t counters < <(frag_counters 0)
	check "$(endpoints '$e' "$fam" "$sport" "$port")" \
		'$e.reason == "threat"' "\$e.sig_id == $port" \
		'$d.ended_threat == 1' '$d.sig_matches == 1' \
		'$d.resets_client == 1' '$d.resets_server == 1' \
		"${counters[@]}" "$(n_events "$sport" "$port") == 1"
}

# tiny FAMILY PORT: the pattern in 8-byte fragments.
tiny() {
	open_conn "$1" "$2" || return
	# shellcheck disable=SC2046 # options, one a word
	inject_frags "$(hex "$DATA")" $(frag_opts "$1") || return
	caught "$1" "$2"
}

# two FAMILY PORT: 1400 bytes of data in two fragments (1000 + 420 bytes
# of fragmentable part), the pattern at 976 of the data: across the cut.
two() {
	local data

	data=$(rep 976 a)$PATTERN$(rep 416 b)
	open_conn "$1" "$2" || return
	inject_frags "$(hex "$data")" frag=1000 || return
	[ "$frags" = 2 ] || { fail "$frags fragments, expected 2"; return 1; }
	caught "$1" "$2"
}

# overlap FAMILY PORT WHERE: DATA in 8-byte fragments and one more, OVERLAP
# at 24, sent (WHERE) late (before the last fragment), first, or straddling
# (once the queue ends at 32, in the middle of it). Then the client sends
# FOLLOW for real, at the same sequence numbers, and the server reads 32
# bytes: the pattern must not be among them.
overlap() {
	local fam=$1 port=$2 where=$3 before=() got client_reset=0 counters
	local follow_err

	case $where in
	late) ;;
	first) before=(overlap_before=0) ;;
	# the fragments before: [0,8) [8,16) [16,24) [24,32); IPv6 [0,24) [24,32)
	straddle) before=("overlap_before=$([ "$fam" = 6 ] && echo 2 || echo 4)") ;;
	esac
	open_conn "$fam" "$port" || return
	# shellcheck disable=SC2046 # options, one a word
	inject_frags "$(hex "$DATA")" $(frag_opts "$fam") \
		"overlap=24:$(hex "$OVERLAP")" "${before[@]}" || return
	# The real bytes fail to go out if rstguard has reset the client.
	if ! peer sendhex $c client "$(hex "$FOLLOW")" 2> /dev/null; then
		follow_err=$PEER_REPLY
		echo "the client's own bytes: $follow_err"
		[ "$follow_err" = "err ECONNRESET" ] && client_reset=1
	fi
	mapfile -t counters < <(frag_counters 0)
	if ! peer readhex $c server 32 2> /dev/null; then
		if [ "$PEER_REPLY" != "err ECONNRESET" ]; then
			fail "server: $PEER_REPLY"
			return 1
		fi
		echo "outcome: reassembled with the pattern, caught (threat)"
		[ $client_reset = 1 ] || peer expect_reset $c client ||
			{ fail "the client was not reset"; return 1; }
		ended "$sport" "$port" || return
		check '$e.reason == "threat"' "\$e.sig_id == $port" \
			'$d.sig_matches == 1' '$d.resets_server == 1' \
			"${counters[@]}"
		return
	fi
	[ -z "${follow_err:-}" ] ||
		{ fail "the client could not send, yet the server was not reset"; return 1; }
	got=$(peer_get hex)
	case $got in
	"$(hex "$DATA")")
		fail "the server read the pattern: $DATA"
		return 1 ;;
	"$(hex "$DATA_REWRITTEN")")
		echo "outcome: reassembled with the overlapping fragment's bytes" \
			"($DATA_REWRITTEN), delivered, scanned"
		# scanned: the echo's 100 bytes and these 32
		check '$d.sig_matches == 0' '$d.ended_threat == 0' \
			'$d.scan_bytes >= 132' "${counters[@]}" ;;
	"$(hex "$FOLLOW")")
		echo "outcome: the datagram was dropped; the connection goes on"
		check '$d.sig_matches == 0' '$d.ended_threat == 0' \
			"${counters[@]}" && peer echo $c 100 ;;
	*)
		fail "the server read $got"
		return 1 ;;
	esac
}

# benign FAMILY PORT SIZE: SIZE bytes without the pattern, in 8-byte
# fragments (32 bytes) or 1232-byte ones (the reassembled segment is
# larger than the router's MTU: it is fragmented again on output), reach
# the server intact, and rstguard scanned them.
benign() {
	local fam=$1 port=$2 size=$3 data opts counters

	data=$(rep $((size / 8)) "benign.." | head -c "$size")
	if [ "$size" -le 64 ]; then
		opts=$(frag_opts "$fam")
	else
		opts=frag=1232
	fi
	open_conn "$fam" "$port" || return
	# shellcheck disable=SC2086 # options, one a word
	inject_frags "$(hex "$data")" $opts || return
	peer recvhex $c server "$(hex "$data")" ||
		{ fail "the server did not get the data intact"; return 1; }
	session_get "$sport" "$port" || return
	mapfile -t counters < <(frag_counters 0)
	check '$s.state == "established"' '$d.sig_matches == 0' \
		'$d.ended_threat == 0' "\$d.scan_bytes >= $((100 + size))" \
		"${counters[@]}"
}

# lost FAMILY PORT DROPPED: the forged fragments must not reach the
# server's socket: the client's own FOLLOW, at the same sequence numbers,
# is what it reads; DROPPED (a jq number expression) fragments reached
# FORWARD and were dropped.
lost() {
	local counters

	peer sendhex $c client "$(hex "$FOLLOW")" &&
		peer readhex $c server 32 || return
	[ "$(peer_get hex)" = "$(hex "$FOLLOW")" ] ||
		{ fail "the server read $(peer_get hex), not $FOLLOW"; return 1; }
	echo "fragments_dropped moved by $(stat_delta fragments_dropped)"
	session_get "$sport" "$2" || return
	mapfile -t counters < <(frag_counters "$3")
	check '$s.state == "established"' '$d.sig_matches == 0' \
		'$d.ended_threat == 0' "${counters[@]}"
}

# header_cut PORT: IPv6, 8-byte fragments from the first: its TCP header
# is cut. The kernel's IPv6 defragmentation passes such a first fragment on
# unreassembled (nf_ct_frag6_gather(): "Drop incomplete fragment", it
# returns 0) and keeps the others; rstguard drops it at FORWARD.
header_cut() {
	open_conn 6 "$1" || return
	inject_frags "$(hex "$DATA")" frag=8 || return
	lost 6 "$1" 1
}

# notrack FAMILY PORT: fragments marked untracked at priority -500 skip
# nf_defrag (-400): they reach FORWARD as fragments, and every one is
# dropped: IPv4 fragments of TCP; IPv6 first fragments by their TCP header,
# later ones by their fragment header's next header (TCP).
notrack() {
	local fam=$1 port=$2

	nsr nft -f - <<-EOF || return
	table inet rg_frag_raw {
		chain pre {
			type filter hook prerouting priority -500;
			ip frag-off & 0x3fff != 0 notrack
			exthdr frag exists notrack
		}
	}
	EOF
	open_conn "$fam" "$port" || return
	# shellcheck disable=SC2046 # options, one a word
	inject_frags "$(hex "$DATA")" $(frag_opts "$fam") || return
	lost "$fam" "$port" "$frags"
}

ktap_begin
run_case tiny-fragments-ipv4 frag_case tiny 4 9101
run_case tiny-fragments-ipv6 frag_case tiny 6 9102
run_case two-fragments-ipv4 frag_case two 4 9103
run_case two-fragments-ipv6 frag_case two 6 9104
run_case overlap-late-ipv4 frag_case overlap 4 9111 late
run_case overlap-late-ipv6 frag_case overlap 6 9112 late
run_case overlap-first-ipv4 frag_case overlap 4 9113 first
run_case overlap-first-ipv6 frag_case overlap 6 9114 first
run_case overlap-straddle-ipv4 frag_case overlap 4 9115 straddle
run_case overlap-straddle-ipv6 frag_case overlap 6 9116 straddle
run_case benign-tiny-ipv4 frag_case benign 4 9121 32
run_case benign-tiny-ipv6 frag_case benign 6 9122 32
run_case benign-refragmented-ipv4 frag_case benign 4 9123 3000
run_case benign-refragmented-ipv6 frag_case benign 6 9124 3000
run_case ipv6-header-cut frag_case header_cut 9131
run_case notrack-dropped-ipv4 frag_case notrack 4 9132
run_case notrack-dropped-ipv6 frag_case notrack 6 9133
# The attacks again with the router's veths set up as real NICs are
# (lib.sh: nic_offloads): unchecked checksums, GRO and rx-gro-list
nic_offloads || { echo "ethtool -K failed"; exit 1; }
run_case nic-tiny-fragments-ipv4 frag_case tiny 4 9141
run_case nic-tiny-fragments-ipv6 frag_case tiny 6 9142
run_case nic-two-fragments-ipv4 frag_case two 4 9143
run_case nic-two-fragments-ipv6 frag_case two 6 9144
run_case nic-benign-refragmented-ipv4 frag_case benign 4 9145 3000
run_case nic-benign-refragmented-ipv6 frag_case benign 6 9146 3000
run_case events-match-counters events_match_counters
ktap_finish
