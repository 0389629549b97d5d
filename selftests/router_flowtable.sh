#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rstguard and an nftables flowtable on the router, IPv4 and IPv6. The
# router's forward chain offloads only the packets rstguard marks
# (`config set offload-mark 0x100`), the sessions it has released: their
# handshake done, every scanned direction past its signatures' depth:
#
#   table inet rg_ft {
#       flowtable f { hook ingress priority 0; devices = { veth0, veth1 }; }
#       chain forward { type filter hook forward priority 0; policy accept;
#           meta mark & 0x100 == 0x100 flow add @f }
#   }
#
#   deep-scan     a signature without depth: every session is scanned to its
#                 end, so none is released; a pattern sent after 72 KB of
#                 data is caught (threat, both ends reset) and nothing was
#                 offloaded
#   offloaded     signatures with depths only, the established timeout at
#                 2 s: after 200 bytes each way the session is released and
#                 the flowtable takes it (offloaded; conntrack -L shows
#                 [OFFLOAD]); 4 MB flow for 6 s, intact, while rstguard sees
#                 none of it, and the session is not aged out; FINs bring it
#                 back to FORWARD (offload_returned) and it ends tcp-fin,
#                 with a duration at least the transfer's. Its packet and
#                 byte counts are what crossed FORWARD: more than 0, less
#                 than the transfer
#   mark-off      offload-mark 0 (the default) with the same rule: nothing
#                 is marked, so nothing is offloaded; every byte of the
#                 transfer crosses FORWARD
#
#   client ---- router (rstguard, flowtable) ---- server
. "$(dirname "$0")/lib.sh"

require_cmd nft
sessions_setup
MARK=0x100
nsr nft -f - <<EOF || { echo "no flowtable (nf_flow_table_inet, nft_flow_offload)"; exit 1; }
table inet rg_ft {
	flowtable f {
		hook ingress priority 0; devices = { veth0, veth1 };
	}
	chain forward {
		type filter hook forward priority 0; policy accept;
		meta mark & $MARK == $MARK flow add @f
	}
}
EOF
HAVE_CONNTRACK=0
if command -v conntrack > /dev/null; then
	HAVE_CONNTRACK=1
else
	echo "  # no conntrack tool: [OFFLOAD] is not looked for"
fi

# hex TEXT: TEXT as the hex digits tcp_peer.py takes.
hex() {
	printf %s "$1" | od -An -tx1 -v | tr -d ' \n'
}

# flow_case FUNCTION ARGS...: session_case, then no signatures are left.
flow_case() {
	local rc=0

	session_case "$@" || rc=1
	rgr sig flush || rc=1
	return $rc
}

# peer_begin COMMAND...: send tcp_peer.py a command and go on; peer_end
# waits for its reply (as peer does).
peer_begin() {
	echo "$*" >&"$PEER_IN"
}

peer_end() {
	PEER_REPLY=
	if ! read -r -t 120 PEER_REPLY <&"$PEER_OUT"; then
		echo "peer: no reply" >&2
		return 1
	fi
	[[ $PEER_REPLY == ok* ]] && return 0
	echo "peer: $PEER_REPLY" >&2
	return 1
}

# open_conn FAMILY PORT N: a connection C, N bytes echoed each way; SPORT.
open_conn() {
	c=c$2
	peer listen "$2" && peer connect $c "$(server_addr "$1")" "$2" &&
		sport=$(peer_get sport) && peer echo $c "$3"
}

# in_flowtable PORT: conntrack's entry of the session to PORT is offloaded.
in_flowtable() {
	nsr conntrack -L -p tcp --dport "$1" 2> /dev/null | grep -q '\[OFFLOAD\]'
}

offloaded_moved() {
	[ "$(stat_delta offloaded)" -ge 1 ] 2> /dev/null
}

# fin_close: the client's FIN, then the server's.
fin_close() {
	peer shutdown $c client && peer expect_eof $c server &&
		peer close $c server && peer expect_eof $c client &&
		peer close $c client
}

# depth_sigs PORT: signatures whose every content has a depth.
depth_sigs() {
	rgr sig add id "$1" msg "x $1" content x depth 100 dir to-server \
		action reset-both &&
		rgr sig add id $(($1 + 1000)) msg "evil $1" content FLOWEVIL \
			depth 64 action reset-both
}

# deep_scan FAMILY PORT: the pattern after 72 KB, with the mark on.
deep_scan() {
	local fam=$1 port=$2

	rgr config set offload-mark $MARK || return
	rgr sig add id "$port" msg "deep $port" content FLOWEVIL dir to-server \
		action reset-both || return
	open_conn "$fam" "$port" 4000 && peer echo $c 4000 &&
		peer stream $c 65536 0 || return
	if [ $HAVE_CONNTRACK = 1 ] && in_flowtable "$port"; then
		fail "a session rstguard still scans is in the flowtable"
		return 1
	fi
	peer sendhex $c client "$(hex "xxFLOWEVILxx")" || return
	peer expect_reset $c server || { fail "the server was not reset"; return 1; }
	peer expect_reset $c client || { fail "the client was not reset"; return 1; }
	wait_event 30 "$(tuple "$sport" "$port") and .reason != null" || return
	echo "event: $EVENT"
	check "$(endpoints '$e' "$fam" "$sport" "$port")" \
		'$e.reason == "threat"' "\$e.sig_id == $port" \
		'$e.bytes_client > 72000' \
		'$d.offloaded == 0' '$d.offload_unreleased == 0' \
		'$d.resets_client == 1' '$d.resets_server == 1' \
		"$(n_events "$sport" "$port") == 1"
}

# offloaded FAMILY PORT: the session is released, offloaded, not aged out
# while 4 MB flow for 6 s (timeout tcp 2), and ends tcp-fin.
offloaded() {
	local fam=$1 port=$2 size=4000000 secs

	rgr config set offload-mark $MARK timeout tcp 2 || return
	depth_sigs "$port" || return
	open_conn "$fam" "$port" 200 || return
	peer_begin stream $c $size 6
	if ! wait_for 30 offloaded_moved; then
		peer_end
		fail "the flowtable did not take the session"
		return 1
	fi
	echo "offloaded after $(stat_delta tcp_packets) packets on FORWARD"
	if [ $HAVE_CONNTRACK = 1 ] && ! wait_for 10 in_flowtable "$port"; then
		peer_end
		fail "conntrack -L shows no [OFFLOAD] for port $port"
		return 1
	fi
	peer_end || { fail "the transfer failed"; return 1; }
	secs=$(peer_get secs)
	echo "transfer: $PEER_REPLY"
	# traffic flowed for 3 timeouts and more: the session lives on
	session_get "$sport" "$port" || return
	check '$s.state == "established"' "$(n_events "$sport" "$port") == 0" \
		'$d.ended_aged_out == 0' || return
	fin_close || return
	wait_event 30 "$(tuple "$sport" "$port") and .reason != null" || return
	echo "event: $EVENT"
	echo "returned: $(stat_delta offload_returned)"
	check "$(endpoints '$e' "$fam" "$sport" "$port")" \
		'$e.reason == "tcp-fin"' '$e.causes == ["tcp-fin"]' \
		"\$e.duration >= $secs" '$e.pickup == false' \
		'$e.pkts_client > 0 and $e.pkts_server > 0' \
		'$e.bytes_client > 0 and $e.bytes_server > 0' \
		"\$e.bytes_client < $size" \
		'$d.offloaded == 1' '$d.offload_returned >= 1' \
		'$d.offload_unreleased == 0' '$d.sig_matches == 0' \
		'$d.ended_aged_out == 0' '$d.ended_tcp_fin == 1' \
		"$(n_events "$sport" "$port") == 1"
}

# mark_off FAMILY PORT: offload-mark 0, the same signatures and rule.
mark_off() {
	local fam=$1 port=$2 size=4000000 secs

	rgr config set offload-mark 0 || return
	depth_sigs "$port" || return
	open_conn "$fam" "$port" 200 || return
	peer stream $c $size 3 || return
	secs=$(peer_get secs)
	echo "transfer: $PEER_REPLY"
	if [ $HAVE_CONNTRACK = 1 ] && in_flowtable "$port"; then
		fail "the session is in the flowtable"
		return 1
	fi
	fin_close || return
	wait_event 30 "$(tuple "$sport" "$port") and .reason != null" || return
	echo "event: $EVENT"
	check "$(endpoints '$e' "$fam" "$sport" "$port")" \
		'$e.reason == "tcp-fin"' "\$e.duration >= $secs" \
		"\$e.bytes_client > $size" \
		'$d.offloaded == 0' '$d.offload_returned == 0' \
		'$d.offload_unreleased == 0' '$d.sig_matches == 0' \
		"$(n_events "$sport" "$port") == 1"
}

ktap_begin
run_case deep-scan-ipv4 flow_case deep_scan 4 9201
run_case deep-scan-ipv6 flow_case deep_scan 6 9202
run_case offloaded-ipv4 flow_case offloaded 4 9211
run_case offloaded-ipv6 flow_case offloaded 6 9212
run_case mark-off-ipv4 flow_case mark_off 4 9221
run_case events-match-counters events_match_counters
ktap_finish
