#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The CLI round trip over the "rstguard" generic netlink family, and the
# kernel's validation of requests the CLI would never send (checked with an
# independent raw netlink client, genl_raw.py).
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq python3 modinfo
require_cli
load_module
raw="python3 $selftests_dir/genl_raw.py"

ktap_begin

version_matches() {
	local mod tool

	mod=$(rg -j version | jq -r .module) || return 1
	tool=$(rg -j version | jq -r .tool) || return 1
	echo "module $mod tool $tool"
	[ "$mod" = "$(cat /sys/module/rstguard/version)" ] || fail "module version differs from sysfs"
	[ "$tool" = "$mod" ] || fail "tool and module versions differ"
	rg version | grep -q "^module $mod$" || fail "text output lacks the module version"
}
run_case version version_matches

stats_json() {
	local keys

	keys=$(rg -j stats | jq -r 'keys_unsorted | join(" ")') || return 1
	echo "keys: $keys"
	[ "$keys" = "packets_ipv4 packets_ipv6 tcp_packets tcp_bytes malformed" ] ||
		fail "unexpected keys"
	rg -j stats | jq -e 'all(.[]; type == "number")' >/dev/null ||
		fail "counters are not numbers"
	rg stats | grep -Eq '^tcp_packets +[0-9]+$' || fail "text output"
}
run_case stats-json stats_json

# expect_error EXPECTED_STDERR_REGEX COMMAND...: exits non-zero, says why.
expect_error() {
	local re=$1 err

	shift
	if err=$("$@" 2>&1); then
		fail "'$*' succeeded"
		return
	fi
	echo "$err"
	echo "$err" | grep -Eq "$re" || fail "expected /$re/"
}
run_case unknown-object expect_error '^Error: unknown object "bogus"' rg bogus
run_case stats-extra-arg expect_error '^Error: unknown stats command "nope"' rg stats nope
run_case netns-missing expect_error '^Error: netns nonexistent-ns' rg -n nonexistent-ns stats

# The kernel rejects, with an extack message, what the policy does not allow.
raw_expect() {
	local want=$1 got

	shift
	got=$($raw "$@") || return 1
	echo "$got"
	echo "$got" | grep -Eq "$want" || fail "expected /$want/"
}
run_case strict-unknown-attr raw_expect '^error EINVAL: .+' 2 --attr 3:00000000
run_case strict-attr-out-of-range raw_expect '^error EINVAL: .+' 2 --attr 200:00
run_case strict-reserved-nonzero raw_expect '^error EINVAL: genlmsghdr.reserved field is not 0' 2 --reserved 1
run_case unknown-command raw_expect '^error (EOPNOTSUPP|ENOTSUP)' 99
run_case stats-raw-ok raw_expect '^ok$' 2

ktap_finish
