#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run rstguard selftests (all, or the ones named) and print KTAP: one
# top-level result per test script, each with its nested cases, and a closing
# "# N passed, N failed" counting the cases. Exit 1 if anything failed.
# Runs inside the VM or, as root, on a real host.
#
# usage: run_tests.sh [TEST.sh...]
#        run_tests.sh --queue DIR
# With --queue, the tests are files in DIR (selftests/check --jobs makes
# them) and several runners, one per VM, share it: each takes the next test
# by renaming its file, which only one of them can do, until none is left.
dir=$(cd "$(dirname "$0")" && pwd)
cd "$dir" || exit 1

queue=
if [ "${1:-}" = --queue ]; then
	queue=$2
	tests=()
elif [ $# -gt 0 ]; then
	tests=("$@")
else
	mapfile -t tests < <(sed -n 's/^TEST_PROGS *[+:]*= *//p' Makefile | tr ' ' '\n' | grep .)
fi
if [ -z "$queue" ] && [ ${#tests[@]} = 0 ]; then
	echo "Error: no tests found" >&2
	exit 1
fi
timeout_s=$(sed -n 's/^timeout=//p' settings 2>/dev/null)

# next_test: the next test's name in $t, or false when there is none.
i=0
next_test() {
	local f

	if [ -z "$queue" ]; then
		[ $i -lt ${#tests[@]} ] || return 1
		t=${tests[i]##*/}
		i=$((i + 1))
		return 0
	fi
	for f in "$queue"/todo/*; do
		[ -e "$f" ] || return 1
		if mv "$f" "$queue/taken/" 2>/dev/null; then
			t=$(cat "$queue/taken/${f##*/}")
			return 0
		fi
	done
	return 1
}

echo "KTAP version 1"
[ -n "$queue" ] || echo "1..${#tests[@]}"
n=0 passed=0 failed=0 skipped=0 any_fail=0
while next_test; do
	n=$((n + 1))
	echo "# selftests: rstguard: $t"
	out=$(mktemp)
	start=$SECONDS
	timeout -k 5 "${timeout_s:-300}" ./"$t" > "$out" 2>&1
	rc=$?
	cat "$out"
	p=$(grep -c '^  ok [0-9]* .*' "$out" | head -1)
	s=$(grep -c '^  ok [0-9]* .*# SKIP' "$out")
	f=$(grep -c '^  not ok ' "$out")
	passed=$((passed + p - s)) skipped=$((skipped + s)) failed=$((failed + f))
	rm -f "$out"
	case $rc in
	0) echo "ok $n $t # $((SECONDS - start))s" ;;
	4) echo "ok $n $t # SKIP"; [ "$p" = 0 ] && skipped=$((skipped + 1)) ;;
	124) echo "not ok $n $t # TIMEOUT ${timeout_s}s"; any_fail=1
	     failed=$((failed + 1)) ;;
	*) echo "not ok $n $t # exit=$rc"; any_fail=1
	   [ "$f" = 0 ] && failed=$((failed + 1)) ;;
	esac
done
[ -z "$queue" ] || echo "1..$n"
echo "# $passed passed, $failed failed, $skipped skipped"
[ $any_fail = 0 ] && [ $failed = 0 ]
