# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# What the policy_*.sh selftests share, on top of lib.sh: the topology, a
# monitor of the router's end events for the whole test, real endpoints
# (policy_peer.py: tcp_peer.py plus connection attempts, recv() watchers and
# a connection loop) and policy_case, which makes each case independent.
#
#   client 10.0.1.2 ---- router (rstguard) ---- server 10.0.2.2
#          fd00:1::2     veth0         veth1           fd00:2::2
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# policy_peer_start: selftests/policy_peer.py as the coprocess that lib.sh's
# peer, peer_get and peer_stop talk to.
policy_peer_start() {
	PEER_LOG=$(mktemp)
	coproc PEER { exec python3 "$selftests_dir/policy_peer.py" \
		--client-ns "$NS_CLIENT" --server-ns "$NS_SERVER" 2>"$PEER_LOG"; }
	PEER_IN=${PEER[1]} PEER_OUT=${PEER[0]}
}

policy_setup() {
	local got

	require_root
	require_cmd ip jq python3 find awk ss
	require_cli
	python3 -c 'import ctypes, fcntl, select, socket, threading' 2>/dev/null ||
		skip "python3 lacks standard modules"
	load_module
	trap policy_teardown EXIT
	topology_up
	POLICY_EVENTS=$(mktemp)
	POLICY_TMP=$POLICY_EVENTS
	monitor_start "$POLICY_EVENTS" || exit 1
	policy_peer_start
	# The first command waits for python to start (slow under TCG).
	PEER_TIMEOUT=120 peer hello ||
		{ echo "policy_peer.py did not start: $(cat "$PEER_LOG")"; exit 1; }
	# A fresh namespace: the documented defaults, which each case restores.
	got=$(rgr config show | grep -E '^(default-action|reset-on-aged-out|rematch) ' |
	      paste -sd ' ')
	[ "$got" = "default-action allow reset-on-aged-out off rematch on" ] ||
		{ echo "unexpected defaults: $got"; exit 1; }
	config_save || exit 1
}

policy_teardown() {
	peer_stop
	monitor_stop
	topology_down
	rm -f "$POLICY_EVENTS" "$POLICY_TMP.rules" "$POLICY_TMP.sessions"
}

# policy_case FUNCTION ARGS...: one case, from an empty session table and
# fresh counters (stats_mark); whatever the outcome, aborts the endpoints
# it left open, flushes the rules and sets the configuration back
# (default-action allow, rematch on, reset-on-aged-out off, timeouts).
policy_case() {
	local rc=0 t0=${EPOCHREALTIME/[.,]/}

	EVENT=''
	rgr session flush > /dev/null || { fail "session flush failed"; return 1; }
	stats_mark || return 1
	"$@" || rc=1
	peer abort_all || rc=1
	rgr rule flush || { fail "rule flush failed"; rc=1; }
	config_restore || { fail "config restore failed"; rc=1; }
	echo "case took $(((${EPOCHREALTIME/[.,]/} - t0) / 1000)) ms"
	return $rc
}

# try_conn NAME FAMILY PORT [timeout=S] [accept=0]: one connection attempt
# from the client; RESULT (connected, ECONNREFUSED, timeout, ...), MS (how
# long connect() took) and SPORT.
try_conn() {
	local name=$1 fam=$2 port=$3

	shift 3
	peer try "$name" "$(server_addr "$fam")" "$port" "$@" || return 1
	RESULT=$(peer_get result) MS=$(peer_get ms) SPORT=$(peer_get sport)
	echo "connect $(server_addr "$fam") port $port: $RESULT after $MS ms (sport $SPORT)"
}

# expect_conn NAME FAMILY PORT connected|ECONNREFUSED|timeout [OPTS]
expect_conn() {
	local name=$1 fam=$2 port=$3 want=$4

	shift 4
	try_conn "$name" "$fam" "$port" "$@" || return 1
	[ "$RESULT" = "$want" ] ||
		{ fail "connect to port $port: $RESULT, expected $want"; return 1; }
}

# add_rule ARGS...: `rule add ARGS`; the new rule's id in RULE_ID.
add_rule() {
	local out

	out=$(rgr -j rule add "$@") || { fail "rule add $*"; return 1; }
	[[ $out =~ \"id\":([0-9]+) ]] || { fail "rule add printed $out"; return 1; }
	RULE_ID=${BASH_REMATCH[1]}
	echo "rule add $*: id $RULE_ID"
}

# server_insegs: TCP segments the server's namespace has received.
server_insegs() {
	peer insegs && peer_get n
}

# policy_check JQ_EXPR...: every jq boolean expression holds, evaluated
# from one read of the counters, the rules and the sessions, in one jq run
# (jq is slow to start under QEMU TCG). Variables and functions:
#   $e   EVENT (see wait_event), or null
#   $d   how much each counter moved since stats_mark
#   $ev  every end event the monitor printed so far
#   $r   `rule list -j`;  hits(NAME): the hits of the rule named NAME
#   $s   `session list -j`
#   evs(SPORT; DPORT), sess(SPORT; DPORT): one tuple's events, sessions
#   ends(FAMILY; SPORT; DPORT): the record names this client and server
policy_check() {
	local now rules sess prog sep="" e res ok i=0 rc=0

	now=$(rgr -j stats) && rules=$(rgr -j rule list) && sess=$(rgr -j session list) ||
		{ fail "rstguard -j failed"; return 1; }
	# through files: a long session list is more than one argument may hold
	printf '%s' "$rules" > "$POLICY_TMP.rules"
	printf '%s' "$sess" > "$POLICY_TMP.sessions"
	prog='($rr | fromjson) as $r | ($ss | fromjson) as $s |
	      ($b | with_entries(.value -= ($a[.key] // 0))) as $d |
	      ($evs | split("\n") | map(select(length > 0) | (try fromjson catch empty)))
	      as $ev |
	      def tup($sp; $dp): .client_port == $sp and .server_port == $dp;
	      def evs($sp; $dp): [$ev[] | select(tup($sp; $dp))];
	      def sess($sp; $dp): [$s[] | select(tup($sp; $dp))];
	      def hits($n): [$r[] | select(.name == $n) | .hits] | first;
	      def ends($f; $sp; $dp):
		if $f == 6 then .family == "inet6" and .client == $c6 and .server == $s6
		else .family == "inet" and .client == $c4 and .server == $s4 end and
		tup($sp; $dp);
	      ['
	for e in "$@"; do
		prog+="$sep($e)"
		sep=", "
	done
	prog+='] | map(if . then true else false end) | .[]'
	if ! res=$(jq -n -r --argjson e "${EVENT:-null}" --argjson a "$STATS_MARK" \
			--argjson b "$now" --rawfile rr "$POLICY_TMP.rules" \
			--rawfile ss "$POLICY_TMP.sessions" \
			--arg c4 "$CLIENT4" --arg s4 "$SERVER4" --arg c6 "$CLIENT6" \
			--arg s6 "$SERVER6" --rawfile evs "$MONITOR_FILE" "$prog" 2>&1); then
		fail "jq: $res"
		rc=1
	else
		mapfile -t ok <<< "$res"
		for e in "$@"; do
			[ "${ok[i]}" = true ] || { fail "not ($e)"; rc=1; }
			i=$((i + 1))
		done
	fi
	[ $rc = 0 ] && return 0
	echo "event: ${EVENT:-none}"
	echo "counters moved: $(jq -n -c --argjson a "$STATS_MARK" --argjson b "$now" \
		'$b | with_entries(.value -= ($a[.key] // 0) | select(.value != 0))')"
	echo "rules: $rules"
	echo "sessions: $sess"
	return 1
}

# watched_is NAME SIDE WANT [TIMEOUT]: the recv() watcher of SIDE got WANT
# (ECONNRESET, eof, pending: still blocked, ...).
watched_is() {
	local got

	peer watched "$1" "$2" timeout="${4:-10}" || return 1
	got=$(peer_get got)
	echo "$2 recv(): $got${PEER_REPLY##*got=$got}"
	[ "$got" = "$3" ] || { fail "$2's recv() got $got, expected $3"; return 1; }
}

# established_idle NAME FAMILY PORT: a connection with data both ways, then
# quiet (nothing unacked on either side), its session listed as
# established; SPORT.
established_idle() {
	local s

	peer listen "$3" && peer connect "$1" "$(server_addr "$2")" "$3" &&
		SPORT=$(peer_get sport) && peer echo "$1" 1000 && peer quiet "$1" ||
		{ fail "could not set up connection $1"; return 1; }
	s=$(rgr session list port "$SPORT")
	echo "session: $s"
	[[ $s == *" established "* ]] || { fail "not established"; return 1; }
}
