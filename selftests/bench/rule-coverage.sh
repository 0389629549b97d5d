#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# How much of real rulesets rstguard loads (make rule-coverage): each rules
# file imported with `rstguard sig import FILE check` (a dry run: no module
# needed), then one table of what loaded and what was skipped for what,
# one column per file. Without arguments, the Snort 3 and Snort 2
# community rulesets of ../shared/data (or /work/shared/data); a file that
# is not there is left out.
#
#   selftests/bench/rule-coverage.sh [RULES_FILE...]
set -e
dir=$(cd "$(dirname "$0")/../.." && pwd)
rg=$dir/tools/rstguard

if [ $# = 0 ]; then
	for name in snort3-community.rules snort2-community.rules; do
		for d in "$dir/../shared/data" /work/shared/data; do
			if [ -f "$d/$name" ]; then
				set -- "$@" "$d/$name"
				break
			fi
		done
	done
fi
if [ $# = 0 ]; then
	echo "rule-coverage: no rules file (../shared/data has none); name some" >&2
	exit 4		# kselftest's skip
fi
for f in "$@"; do
	"$rg" -j sig import "$f" check
done | python3 -c '
import json, os, sys

runs = [json.loads(l) for l in sys.stdin if l.strip()]
names = [os.path.basename(r["file"]) for r in runs]
reasons = {}
for r in runs:
	for k, v in r["reasons"].items():
		reasons[k] = reasons.get(k, 0) + v
w = max([len(k) + 2 for k in reasons] + [len("skipped")])
cw = max([len(n) for n in names] + [8])
row = lambda a, b: print(a.ljust(w), *[str(x).rjust(cw) for x in b])
row("", names)
row("rules", [r["loaded"] + r["skipped"] for r in runs])
row("loaded", [r["loaded"] for r in runs])
row("skipped", [r["skipped"] for r in runs])
for k in sorted(reasons, key=lambda k: (-reasons[k], k)):
	row("  " + k, [r["reasons"].get(k, 0) for r in runs])
'
