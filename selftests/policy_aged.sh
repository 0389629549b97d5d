#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Reset on aged-out, IPv4 and IPv6, real endpoints, timeout tcp 2 s:
#
#   on    an established connection that goes idle ages out and both
#         sockets, waiting in recv(), get ECONNRESET after the idle
#         timeout; the session still ends as aged-out
#   off   (the default) it ages out silently: no reset is sent, both
#         sockets stay open and established
#
#   client ---- router (rstguard) ---- server
. "$(dirname "$0")/policy_lib.sh"

policy_setup

# aged FAMILY PORT on|off
aged() {
	local fam=$1 port=$2 mode=$3 c=a$2 n side

	rgr config set reset-on-aged-out "$mode" timeout tcp 2 ||
		{ fail "config set"; return 1; }
	established_idle $c "$fam" "$port" || return 1
	peer watch $c client timeout=30 && peer watch $c server timeout=30 || return 1
	wait_event 15 "$(tuple "$SPORT" "$port")" || return 1
	echo "event: $EVENT"
	if [ "$mode" = on ]; then
		for side in client server; do
			watched_is $c $side ECONNRESET || return 1
			# Not at once: after the 2 s of silence (less the time
			# between the last packet and the watch).
			[ "$(peer_get ms)" -ge 1000 ] ||
				{ fail "reset after $(peer_get ms) ms"; return 1; }
		done
		n=1
	else
		# Time for a reset to arrive, had one been sent.
		watched_is $c client pending 1 && watched_is $c server pending 0 || return 1
		for side in client server; do
			peer info $c $side && echo "$side: $PEER_REPLY"
			[ "$(peer_get state)" = 1 ] ||
				{ fail "$side socket not established"; return 1; }
		done
		n=0
	fi
	policy_check "\$e | ends($fam; $SPORT; $port)" '$e.reason == "aged-out"' \
		'$e.causes == ["aged-out"]' '$e.state == "established"' \
		"evs($SPORT; $port) | length == 1" "sess($SPORT; $port) == []" \
		'$d.ended_aged_out == 1' "\$d.resets_client == $n" \
		"\$d.resets_server == $n" '$d.resets_failed == 0' \
		'$d.ended_policy_deny == 0'
}

ktap_begin
run_case reset-on-aged-out-ipv4 policy_case aged 4 8301 on
run_case reset-on-aged-out-ipv6 policy_case aged 6 8302 on
run_case aged-out-silent-ipv4 policy_case aged 4 8311 off
run_case aged-out-silent-ipv6 policy_case aged 6 8312 off
run_case events-match-counters events_match_counters
ktap_finish
