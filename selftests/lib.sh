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

# Load the module under test unless a copy is loaded already.
load_module() {
	[ -d /sys/module/rstguard ] && return 0
	if [ -f "$RSTGUARD_KO" ]; then
		insmod "$RSTGUARD_KO"
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
	wait_for 10 tcp_listening "$NS_SERVER" "$port" || { fail "no listener"; return 1; }
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
