#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Everything that reveals or changes state needs CAP_NET_ADMIN in the user
# namespace that owns the network namespace: an unprivileged user, and root
# of another user namespace, are refused with EPERM; root of a user
# namespace is allowed in the network namespace it owns.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd setpriv unshare python3
require_cli
load_module
# A copy that the unprivileged user can read wherever the repository is
# (a clone in /root is not readable by nobody).
raw_copy=$(mktemp --suffix=.py)
trap 'rm -f "$raw_copy"' EXIT
cp "$selftests_dir/genl_raw.py" "$raw_copy" && chmod 0644 "$raw_copy"
raw="python3 $raw_copy"
nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"

ktap_begin

refused() {
	local err

	if err=$("$@" 2>&1); then
		fail "'$*' was allowed"
		return
	fi
	echo "$err"
	echo "$err" | grep -q 'Operation not permitted' || fail "not EPERM"
}
run_case unprivileged-stats-eperm refused $nobody "$RSTGUARD_CLI" stats
run_case unprivileged-version-allowed $nobody "$RSTGUARD_CLI" version
run_case userns-root-foreign-netns-eperm refused unshare -Ur "$RSTGUARD_CLI" stats
run_case userns-root-own-netns-allowed unshare -Urn "$RSTGUARD_CLI" stats

join_refused() {
	local got

	got=$("$@") || return 1
	echo "$got"
	[ "$got" = "error EPERM:" ] || fail "joining events was not refused"
}
run_case unprivileged-events-join-eperm join_refused $nobody $raw 0 --join events
run_case root-events-join-allowed $raw 0 --join events

ktap_finish
