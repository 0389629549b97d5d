# SPDX-License-Identifier: GPL-2.0
# Shared by the sigs_*.sh tests, after lib.sh and sessions_setup: sourced,
# not run.

# hex TEXT: TEXT as the hex digits tcp_peer.py takes.
hex() {
	printf %s "$1" | od -An -tx1 -v | tr -d ' \n'
}

# sig_case FUNCTION ARGS...: session_case, then no signatures are left.
sig_case() {
	local rc=0

	session_case "$@" || rc=1
	rgr sig flush || rc=1
	return $rc
}

# open_conn FAMILY PORT: a connection C with data both ways; SPORT.
open_conn() {
	c=c$2
	peer listen "$2" && peer connect $c "$(server_addr "$1")" "$2" &&
		sport=$(peer_get sport) && peer echo $c 100
}

# ended SPORT PORT: wait for the session's end event into EVENT.
ended() {
	wait_event 30 "$(tuple "$1" "$2") and .reason != null" &&
		echo "event: $EVENT"
}

# alerts SPORT PORT: the jq expression for the session's alert events.
alerts() {
	echo "[\$ev[] | select($(tuple "$1" "$2") and .event == \"alert\")]"
}

# flows_alert FAMILY PORT SIDE TEXT N: SIDE sends TEXT, the other side
# reads it, the connection still works, and N alerts were raised.
flows_alert() {
	local fam=$1 port=$2 side=$3 text=$4 n=$5 other

	other=$([ "$side" = client ] && echo server || echo client)
	open_conn "$fam" "$port" || return
	peer sendhex $c "$side" "$(hex "$text")" &&
		peer recvhex $c "$other" "$(hex "$text")" &&
		peer echo $c 100 || { fail "data did not flow"; return 1; }
	if [ "$n" -gt 0 ]; then
		wait_event 10 "$(tuple "$sport" "$port") and .event == \"alert\"" ||
			return
		echo "alert: $EVENT"
	fi
	session_get "$sport" "$port" || return
	check '$s.state == "established"' "$(alerts "$sport" "$port") | length == $n" \
		"\$d.sig_matches == $n" '$d.ended_threat == 0'
}

# reset_both FAMILY PORT ID [TEXT]: the connection C (SPORT) was ended by
# the reset-both signature ID: the server got TEXT (the segments before the
# one that matched), then both sockets were reset, the session ended threat.
reset_both() {
	if [ -n "${4:-}" ]; then
		peer recvhex $c server "$(hex "$4")" || return
	fi
	peer expect_reset $c server || { fail "the server was not reset"; return 1; }
	peer expect_reset $c client || { fail "the client was not reset"; return 1; }
	ended "$sport" "$2" || return
	check "$(endpoints '$e' "$1" "$sport" "$2")" '$e.reason == "threat"' \
		"\$e.sig_id == $3"
}
