# SPDX-License-Identifier: GPL-2.0
#
# Helpers for rstguard selftests, kselftest style. Sourced by each test.
# Tests run as root, inside the VM (selftests/vm/run) or on a real host.

ksft_pass=0
ksft_fail=1
ksft_skip=4

selftests_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(cd "$selftests_dir/.." && pwd)
RSTGUARD_KO=${RSTGUARD_KO:-$repo_dir/kmod/rstguard.ko}
if [ -z "${RSTGUARD_CLI:-}" ]; then
	RSTGUARD_CLI=$repo_dir/tools/rstguard
	[ -x "$RSTGUARD_CLI" ] || RSTGUARD_CLI=$(command -v rstguard || true)
fi

# --- KTAP: each test prints a nested KTAP document of its cases ----------

ktap_n=0
ktap_failed=0
ktap_passed=0
ktap_skipped=0

ktap_begin() {
	echo "  KTAP version 1"
}

# ktap_result NAME RC [REASON]: RC 0 passes, 4 skips, anything else fails.
ktap_result() {
	local name=$1 rc=$2 reason=${3:-}

	ktap_n=$((ktap_n + 1))
	case $rc in
	0) echo "  ok $ktap_n $name"; ktap_passed=$((ktap_passed + 1)) ;;
	4) echo "  ok $ktap_n $name # SKIP $reason"
	   ktap_skipped=$((ktap_skipped + 1)) ;;
	*) echo "  not ok $ktap_n $name${reason:+ # $reason}"
	   ktap_failed=$((ktap_failed + 1)) ;;
	esac
}

# run_case NAME FUNCTION [ARGS...]: run one case, its output as diagnostics.
# Output goes through a file, not a pipe, so that a process a case leaves
# behind cannot hold the test up.
run_case() {
	local name=$1 out rc

	shift
	out=$(mktemp)
	"$@" > "$out" 2>&1 && rc=0 || rc=$?
	sed 's/^/  # /' "$out"
	rm -f "$out"
	ktap_result "$name" "$rc"
}

# The exit status of the whole test: fail > pass > skip.
ktap_finish() {
	echo "  1..$ktap_n"
	[ $ktap_failed -gt 0 ] && exit $ksft_fail
	[ $ktap_passed -gt 0 ] && exit $ksft_pass
	exit $ksft_skip
}

skip() {
	echo "SKIP: $*"
	exit $ksft_skip
}

fail() {
	echo "FAIL: $*"
	return 1
}

# --- requirements --------------------------------------------------------

require_root() {
	[ "$(id -u)" = 0 ] || skip "needs root"
}

require_cmd() {
	local c

	for c in "$@"; do
		command -v "$c" >/dev/null || skip "needs $c"
	done
}

require_cli() {
	[ -x "$RSTGUARD_CLI" ] || skip "rstguard CLI not built (run make)"
}

# insmod does not load dependencies: the reset helpers (nf_send_reset*)
# come from nf_reject_ipv4/6, defragmentation from nf_defrag_ipv4/6,
# modules on Debian, built in on the debug kernel (modinfo then lists none).
rg_insmod() {
	local deps

	deps=$(modinfo -F depends "$RSTGUARD_KO" | tr , ' ')
	# shellcheck disable=SC2086 # one module a word
	[ -z "$deps" ] || modprobe -q -a $deps
	insmod "$RSTGUARD_KO"
}

# Load the module under test unless a copy is loaded already.
load_module() {
	[ -d /sys/module/rstguard ] && return 0
	if [ -f "$RSTGUARD_KO" ]; then
		rg_insmod
	else
		modprobe rstguard || skip "rstguard.ko not found ($RSTGUARD_KO)"
	fi
}

unload_module() {
	[ -d /sys/module/rstguard ] || return 0
	rmmod rstguard
}

rg() {
	"$RSTGUARD_CLI" "$@"
}

# --- waiting: poll for a condition instead of sleeping a fixed time ------

# wait_for TIMEOUT_S COMMAND...: until COMMAND succeeds or the time is up.
wait_for() {
	local end=$((SECONDS + $1))

	shift
	until "$@"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.1
	done
}

tcp_listening() {
	ip netns exec "$1" ss -Hltn "sport = :$2" | grep -q LISTEN
}

# --- the client | router | server topology -------------------------------
#
#   client              router (rstguard)              server
#   veth0 10.0.1.2 --- veth0 10.0.1.1  veth1 10.0.2.1 --- veth0 10.0.2.2
#         fd00:1::2         fd00:1::1        fd00:2::1          fd00:2::2

ns_suffix=$(printf '%04x' $$)-$RANDOM
NS_CLIENT=rgc-$ns_suffix
NS_ROUTER=rgr-$ns_suffix
NS_SERVER=rgs-$ns_suffix
CLIENT4=10.0.1.2 SERVER4=10.0.2.2 ROUTER4_C=10.0.1.1 ROUTER4_S=10.0.2.1
CLIENT6=fd00:1::2 SERVER6=fd00:2::2 ROUTER6_C=fd00:1::1 ROUTER6_S=fd00:2::1

nsc() { ip netns exec "$NS_CLIENT" "$@"; }
nsr() { ip netns exec "$NS_ROUTER" "$@"; }
nss() { ip netns exec "$NS_SERVER" "$@"; }

topology_up() {
	local ns

	for ns in "$NS_CLIENT" "$NS_ROUTER" "$NS_SERVER"; do
		ip netns add "$ns"
		ip -n "$ns" link set lo up
	done
	ip -n "$NS_CLIENT" link add veth0 type veth peer name veth0 netns "$NS_ROUTER"
	ip -n "$NS_SERVER" link add veth0 type veth peer name veth1 netns "$NS_ROUTER"

	ip -n "$NS_CLIENT" addr add $CLIENT4/24 dev veth0
	ip -n "$NS_CLIENT" addr add $CLIENT6/64 dev veth0 nodad
	ip -n "$NS_ROUTER" addr add $ROUTER4_C/24 dev veth0
	ip -n "$NS_ROUTER" addr add $ROUTER6_C/64 dev veth0 nodad
	ip -n "$NS_ROUTER" addr add $ROUTER4_S/24 dev veth1
	ip -n "$NS_ROUTER" addr add $ROUTER6_S/64 dev veth1 nodad
	ip -n "$NS_SERVER" addr add $SERVER4/24 dev veth0
	ip -n "$NS_SERVER" addr add $SERVER6/64 dev veth0 nodad
	for ns in "$NS_CLIENT" "$NS_ROUTER" "$NS_SERVER"; do
		ip -n "$ns" link set veth0 up
	done
	ip -n "$NS_ROUTER" link set veth1 up
	ip -n "$NS_CLIENT" route add default via $ROUTER4_C
	ip -n "$NS_CLIENT" -6 route add default via $ROUTER6_C
	ip -n "$NS_SERVER" route add default via $ROUTER4_S
	ip -n "$NS_SERVER" -6 route add default via $ROUTER6_S
	nsr sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
}

# nic_offloads: make the veths behave like a router's real NICs rather than
# veth's kind defaults: the endpoints compute full checksums (no partial
# checksums reach the router), and the router receives without checksum
# offload but with GRO and rx-gro-list, so it forwards aggregated
# skbs with frag lists. Call after topology_up.
nic_offloads() {
	nsc ethtool -K veth0 tx off > /dev/null &&
		nss ethtool -K veth0 tx off > /dev/null &&
		nsr ethtool -K veth0 rx off gro on rx-gro-list on > /dev/null &&
		nsr ethtool -K veth1 rx off gro on rx-gro-list on > /dev/null
}

topology_down() {
	local ns

	for ns in "$NS_CLIENT" "$NS_ROUTER" "$NS_SERVER"; do
		ip netns del "$ns" 2>/dev/null || true
	done
}

# tcp_transfer FAMILY_ADDR PORT FILE: send FILE from the client to the
# server through the router and check that the server got exactly it.
tcp_transfer() {
	local addr=$1 port=$2 file=$3 got pid

	got=$(mktemp)
	nss socat -u "TCP6-LISTEN:$port,ipv6only=0,reuseaddr" "OPEN:$got,creat,trunc" &
	pid=$!
	wait_for 30 tcp_listening "$NS_SERVER" "$port" || { fail "no listener"; return 1; }
	case $addr in
	*:*) nsc socat -u "OPEN:$file" "TCP6:[$addr]:$port" ;;
	*) nsc socat -u "OPEN:$file" "TCP4:$addr:$port" ;;
	esac
	wait $pid
	cmp -s "$file" "$got" || { fail "data differs after $addr:$port"; rm -f "$got"; return 1; }
	rm -f "$got"
}

# stat NAME: one counter of the router's namespace, from `stats -j`.
router_stat() {
	nsr "$RSTGUARD_CLI" -j stats | jq -e ".$1"
}

# --- session tests: endpoints, end events, counters ----------------------

# rgr ARGS...: the CLI in the router's namespace, where sessions are tracked.
rgr() {
	"$RSTGUARD_CLI" -n "$NS_ROUTER" "$@"
}

# server_addr 4|6, client_addr 4|6: the endpoint's address in that family.
server_addr() {
	if [ "$1" = 6 ]; then echo $SERVER6; else echo $SERVER4; fi
}

client_addr() {
	if [ "$1" = 6 ]; then echo $CLIENT6; else echo $CLIENT4; fi
}

# family_name 4|6: the session record's "family".
family_name() {
	if [ "$1" = 6 ]; then echo inet6; else echo inet; fi
}

# peer_start: selftests/tcp_peer.py as a coprocess that holds real TCP
# sockets in the client and server namespaces (see its docstring for the
# commands). One per test: python is slow to start under QEMU TCG.
peer_start() {
	PEER_LOG=$(mktemp)
	coproc PEER { exec python3 "$selftests_dir/tcp_peer.py" \
		--client-ns "$NS_CLIENT" --server-ns "$NS_SERVER" 2>"$PEER_LOG"; }
	PEER_IN=${PEER[1]} PEER_OUT=${PEER[0]}
}

# peer COMMAND...: one command; the reply in PEER_REPLY. Succeeds on "ok",
# says what failed on "err" (on stderr: discard it when expecting an error).
peer() {
	local reply

	PEER_REPLY=
	if [ -z "${PEER_PID:-}" ] || ! kill -0 "$PEER_PID" 2>/dev/null; then
		echo "peer: tcp_peer.py is not running (log: $(tail -n 3 "$PEER_LOG"))" >&2
		return 1
	fi
	echo "$*" >&"$PEER_IN" || return 1
	if ! read -r -t "${PEER_TIMEOUT:-60}" reply <&"$PEER_OUT"; then
		echo "peer: no reply to '$*'" >&2
		return 1
	fi
	PEER_REPLY=$reply
	case $reply in
	ok*) return 0 ;;
	esac
	echo "peer: '$*' -> $reply" >&2
	return 1
}

# peer_get KEY: the value of KEY=VALUE in the last reply.
peer_get() {
	local w

	for w in $PEER_REPLY; do
		case $w in
		"$1"=*) echo "${w#*=}"; return 0 ;;
		esac
	done
	return 1
}

peer_stop() {
	[ -n "${PEER_PID:-}" ] || return 0
	kill -0 "$PEER_PID" 2>/dev/null && { echo quit >&"$PEER_IN"; } 2>/dev/null
	wait_for 3 eval '! kill -0 "$PEER_PID" 2>/dev/null' ||
		kill "$PEER_PID" 2>/dev/null
	rm -f "$PEER_LOG"
	PEER_PID=
}

# monitor_subscribed PID: a generic netlink socket (protocol 16) of PID's
# network namespace, bound to port id PID (libmnl's automatic port id), has
# joined a multicast group, as /proc/PID/net/netlink shows it (groups 0 to
# 31, where the kernel numbers a new family's groups). Builtins only.
monitor_subscribed() {
	local _ eth pid groups rest

	while read -r _ eth pid groups rest; do
		[ "$eth" = 16 ] && [ "$pid" = "$1" ] && [ "$groups" != 00000000 ] &&
			return 0
	done < "/proc/$1/net/netlink"
	return 1
}

# monitor_start FILE: `rstguard -j monitor` on the router's namespace into
# FILE (NDJSON, one end event per line) until monitor_stop; returns once it
# has joined the events group.
monitor_start() {
	MONITOR_FILE=$1
	"$RSTGUARD_CLI" -n "$NS_ROUTER" -j monitor > "$MONITOR_FILE" 2> "$MONITOR_FILE.err" &
	MONITOR_PID=$!
	if ! wait_for 10 monitor_subscribed "$MONITOR_PID"; then
		kill -0 "$MONITOR_PID" 2>/dev/null ||
			{ echo "monitor died: $(cat "$MONITOR_FILE.err")"; return 1; }
		echo "monitor: subscription not visible in /proc; going on" >&2
	fi
}

monitor_stop() {
	[ -n "${MONITOR_PID:-}" ] || return 0
	kill "$MONITOR_PID" 2>/dev/null
	wait "$MONITOR_PID" 2>/dev/null
	MONITOR_PID=
	rm -f "$MONITOR_FILE.err"
}

# events JQ_CONDITION: the monitor's events (compact JSON, one per line)
# for which the condition holds. A line still being written is skipped.
events() {
	jq -c "select($1)" "$MONITOR_FILE" 2>/dev/null
}

# count_events_with STRING: how many events (lines) hold STRING, such as
# '"server_port":80,' (builtins only: cheap enough to poll).
count_events_with() {
	local lines l n=0

	mapfile -t lines < "$MONITOR_FILE"
	for l in "${lines[@]}"; do
		[[ $l == *"$1"* ]] && n=$((n + 1))
	done
	echo $n
}

# tuple SPORT DPORT: the jq condition for one session's events.
tuple() {
	echo ".client_port == $1 and .server_port == $2"
}

# _first_event JQ_CONDITION: the first matching event into EVENT. Runs jq
# only when the file changed since the last call (mapfile is a builtin):
# polling must not eat the CPU the VM's kernel needs under TCG.
_first_event() {
	local lines sig n

	mapfile -t lines < "$MONITOR_FILE"
	n=${#lines[@]}
	sig=$n
	[ "$n" = 0 ] || sig+=":${lines[n - 1]}"
	[ "$sig" != "${_events_sig:-}" ] || return 1
	_events_sig=$sig
	EVENT=$(events "$1" | head -n 1)
	[ -n "$EVENT" ]
}

# wait_event TIMEOUT_S JQ_CONDITION: until an event matches; it is left in
# EVENT.
wait_event() {
	local t0=${EPOCHREALTIME/[.,]/}

	EVENT='' _events_sig=''
	if wait_for "$1" _first_event "$2"; then
		echo "event after $(((${EPOCHREALTIME/[.,]/} - t0) / 1000)) ms"
		return 0
	fi
	fail "no end event with ($2) within $1 s"
}

# expect_json JSON JQ_EXPR...: each jq boolean expression holds for JSON
# (one jq run for all of them: jq takes about half a second to start under
# QEMU TCG).
expect_json() {
	local json=$1 prog="[" sep="" e res ok i=0 rc=0

	shift
	for e in "$@"; do
		prog+="$sep($e)"
		sep=", "
	done
	prog+="] | map(if . then true else false end) | .[]"
	if ! res=$(jq -r "$prog" <<< "$json" 2>&1); then
		fail "jq: $res: $json"
		return 1
	fi
	mapfile -t ok <<< "$res"
	for e in "$@"; do
		[ "${ok[i]}" = true ] || { fail "not ($e): $json"; rc=1; }
		i=$((i + 1))
	done
	return $rc
}

# stats_mark: remember the router's counters for check's $d and
# stat_delta.
stats_mark() {
	STATS_MARK=$(rgr -j stats) || { fail "stats -j failed"; return 1; }
}

# stat_value JSON NAME: the number NAME in JSON, a flat object such as
# `stats -j` prints (or a session record), without starting jq.
stat_value() {
	[[ $1 =~ \"$2\":([0-9]+) ]] && echo "${BASH_REMATCH[1]}"
}

# stat_delta NAME: how much one counter moved since stats_mark.
stat_delta() {
	local now a b

	now=$(rgr -j stats) && a=$(stat_value "$STATS_MARK" "$1") &&
		b=$(stat_value "$now" "$1") || return 1
	echo $((b - a))
}

# stats_delta: how much each counter moved since stats_mark, as a JSON
# object of the same keys.
stats_delta() {
	local now

	now=$(rgr -j stats) || return 1
	jq -c -n --argjson a "$STATS_MARK" --argjson b "$now" \
		'$b | with_entries(.value -= ($a[.key] // 0))'
}

# expect_deltas JQ_EXPR...: of the counters' movement since stats_mark,
# e.g. expect_deltas '.ended_tcp_fin == 1' '.rst_unverified == 0'
expect_deltas() {
	local d

	d=$(stats_delta) || { fail "stats -j failed"; return 1; }
	expect_json "$d" "$@" && return 0
	echo "counters moved: $(jq -c 'with_entries(select(.value != 0))' <<< "$d")"
	return 1
}

# check JQ_EXPR...: every jq boolean expression holds, all evaluated in one
# stats read and one jq run, with these variables:
#   $e   EVENT (see wait_event), or null
#   $s   SESSION (see session_get; or a whole session list), or null
#   $d   how much each counter moved since stats_mark (an object)
#   $ev  every end event the monitor printed so far (an array)
# e.g. check '$e.reason == "tcp-fin"' '$d.ended_tcp_fin == 1'
check() {
	local now prog sep="" e res ok i=0 rc=0

	now=$(rgr -j stats) || { fail "stats -j failed"; return 1; }
	prog='($b | with_entries(.value -= ($a[.key] // 0))) as $d |
	      ($evs | split("\n") | map(select(length > 0) | (try fromjson catch empty)))
	      as $ev | ['
	for e in "$@"; do
		prog+="$sep($e)"
		sep=", "
	done
	prog+='] | map(if . then true else false end) | .[]'
	if ! res=$(jq -n -r --argjson e "${EVENT:-null}" --argjson s "${SESSION:-null}" \
			--argjson a "$STATS_MARK" --argjson b "$now" \
			--rawfile evs "$MONITOR_FILE" "$prog" 2>&1); then
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
	echo "session: ${SESSION:-none}"
	echo "counters moved: $(jq -n -c --argjson a "$STATS_MARK" --argjson b "$now" \
		'$b | with_entries(.value -= ($a[.key] // 0) | select(.value != 0))')"
	return 1
}

# endpoints VAR FAMILY(4|6) SPORT DPORT: the jq condition that the record
# in VAR ($e or $s) names the client and the server of this connection.
endpoints() {
	echo "$1 | .family == \"$(family_name "$2")\" and" \
		".client == \"$(client_addr "$2")\" and .client_port == $3 and" \
		".server == \"$(server_addr "$2")\" and .server_port == $4"
}

# n_events SPORT DPORT: the jq expression for how many end events the
# tuple has had.
n_events() {
	echo "[\$ev[] | select($(tuple "$1" "$2"))] | length"
}

# session_of SPORT DPORT: the live session of that tuple from
# `session list -j` (empty if none); session_get SPORT DPORT puts it in
# SESSION for check's $s and fails if there is none.
session_of() {
	rgr -j session list | jq -c ".[] | select($(tuple "$1" "$2"))"
}

session_get() {
	SESSION=$(session_of "$1" "$2")
	[ -n "$SESSION" ] || fail "no session $1 -> $2"
}

# config_save: remember the router's settings; config_restore sets them
# back. `config show` prints its settings as arguments of `config set`.
config_save() {
	CONFIG_SAVED=$(rgr config show | tr '\n' ' ')
	[ -n "$CONFIG_SAVED" ]
}

config_restore() {
	[ -n "${CONFIG_SAVED:-}" ] || return 0
	# shellcheck disable=SC2086 # words on purpose
	rgr config set $CONFIG_SAVED
}

# session_case FUNCTION ARGS...: a session test case. Starts from an empty
# session table and fresh counters (stats_mark); whatever the outcome,
# resets the endpoints it left open (RSTs create no session) and sets the
# configuration back to what config_save saw.
session_case() {
	local rc=0 t0=${EPOCHREALTIME/[.,]/}

	EVENT='' SESSION=''
	rgr session flush > /dev/null || { fail "session flush failed"; return 1; }
	stats_mark || return 1
	"$@" || rc=1
	peer abort_all || rc=1
	config_restore || { fail "config restore failed"; rc=1; }
	echo "case took $(((${EPOCHREALTIME/[.,]/} - t0) / 1000)) ms"
	return $rc
}

# sessions_setup: what each sessions_*.sh test needs: the topology, a
# monitor of end events on the router for the whole test (MONITOR_FILE),
# tcp_peer.py, and the router's settings saved after TIME_WAIT is set to
# 1 s (the tests wait for sessions closed by FIN or RST to end).
sessions_setup() {
	require_root
	require_cmd ip jq python3
	require_cli
	load_module
	trap sessions_teardown EXIT
	topology_up
	SESSIONS_EVENTS=$(mktemp)
	monitor_start "$SESSIONS_EVENTS" || exit 1
	peer_start
	rgr config set timeout tcp-time-wait 1 || exit 1
	# The first command waits for python to start (slow under TCG).
	PEER_TIMEOUT=120 peer hello ||
		{ echo "tcp_peer.py did not start: $(cat "$PEER_LOG")"; exit 1; }
	config_save || exit 1
}

sessions_teardown() {
	peer_stop
	monitor_stop
	topology_down
	rm -f "$SESSIONS_EVENTS"
}

# only_event SPORT DPORT [N]: the tuple has exactly N (1) end events.
only_event() {
	local n

	n=$(events "$(tuple "$1" "$2")" | wc -l)
	[ "$n" = "${3:-1}" ] || fail "$n end events for port $1 -> $2, expected ${3:-1}"
}

# check_endpoints JSON FAMILY(4|6) SPORT DPORT: the record names the
# client and the server of this connection.
check_endpoints() {
	expect_json "$1" ".family == \"$(family_name "$2")\"" \
		".client == \"$(client_addr "$2")\"" ".client_port == $3" \
		".server == \"$(server_addr "$2")\"" ".server_port == $4"
}

no_live_sessions() {
	[ "$(stat_value "$(rgr -j stats)" sessions_live)" = 0 ]
}

# _counts_match: the ended_* counters (COUNTS_WANT) equal the number of
# events per reason (COUNTS_GOT); COUNTS_STATS the whole stats object.
_counts_match() {
	COUNTS_STATS=$(rgr -j stats) || return 1
	COUNTS_WANT=$(jq -c 'with_entries(select(.key | startswith("ended_")))' <<< "$COUNTS_STATS")
	COUNTS_GOT=$(jq -s -c --argjson s "$COUNTS_STATS" '
		reduce (.[] | select(.reason)) as $e ($s | with_entries(select(.key | startswith("ended_"))) | map_values(0);
			.["ended_" + ($e.reason | gsub("-"; "_"))] += 1)' "$MONITOR_FILE")
	[ "$COUNTS_WANT" = "$COUNTS_GOT" ]
}

# events_match_counters: after a final flush, every ended_* counter equals
# the number of end events the monitor got with that reason, and no event
# was lost. Needs the monitor to have run since the namespace was made.
events_match_counters() {
	rgr session flush || return 1
	wait_for 10 no_live_sessions || fail "sessions_live is not 0 after flush"
	if ! wait_for 10 _counts_match; then
		fail "counters $COUNTS_WANT, events $COUNTS_GOT"
		return 1
	fi
	echo "ended counters = events: $COUNTS_GOT"
	expect_json "$COUNTS_STATS" '.events_lost == 0'
}
