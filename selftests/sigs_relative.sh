#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Signatures with relative contents, isdataat, many of them at once, and
# signatures loaded while sessions are open, over real Linux endpoints:
#
#   relative       "GET " then "evil" 2 to 12 bytes after it, sent in 3-byte
#                  segments: reset-both; "evil" 20 bytes after: no match
#   any occurrence the first "GET " too far from "evil", a second one near
#                  it: the match is found (Snort tries every occurrence)
#   isdataat       "LEN" and 20 more bytes after it: nothing until the
#                  twentieth byte after it arrives, then the alert
#   decoys         100 other signatures' first contents, then the attack's
#                  two contents split over segments: caught; nothing is
#                  evicted or lost
#   imported       the same from a rules file (Snort 2 syntax)
#   live session   a session open before any signature is loaded is scanned
#                  from its next segment once one is; one past the depth of
#                  an older set is scanned by the new one
#
#   client ---- router (rstguard) ---- server
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sigs_lib.sh"

sessions_setup

relative() {
	local fam=$1 port=$2

	rgr sig add id 1 msg far content "GET " content evil distance 2 \
		within 12 action alert || return
	flows_alert "$fam" "$port" client "GET /aaaaaaaaaaaaaaaaaaaa evil" 0 ||
		return
	rgr sig del 1 && rgr sig add id 2 msg near content "GET " \
		content evil distance 2 within 12 action reset-both || return
	peer sendhex $c client "$(hex "GET /a evil")" chunk=3 || return
	reset_both "$fam" "$port" 2 "GET /a ev"
}

any_occurrence() {
	local fam=$1 port=$2

	rgr sig add id 3 msg second content "GET " content evil within 12 \
		action reset-both || return
	open_conn "$fam" "$port" || return
	peer sendhex $c client "$(hex "GET xxxxxxxxxxxxxxxxxxxx GET /evil")" \
		chunk=5 || return
	reset_both "$fam" "$port" 3 "GET xxxxxxxxxxxxxxxxxxxx GET /"
}

isdataat() {
	local fam=$1 port=$2

	rgr sig add id 4 msg long content LEN data-after 20 action alert ||
		return
	open_conn "$fam" "$port" || return
	peer sendhex $c client "$(hex "LENxxxxxxxxxx")" &&
		peer recvhex $c server "$(hex "LENxxxxxxxxxx")" || return
	peer sendhex $c client "$(hex "yyyyyyyyy")" &&
		peer recvhex $c server "$(hex "yyyyyyyyy")" || return
	check "$(alerts "$sport" "$port") | length == 0" || return
	peer sendhex $c client "$(hex "zz")" &&
		peer recvhex $c server "$(hex "zz")" || return
	wait_event 10 "$(tuple "$sport" "$port") and .event == \"alert\"" &&
		check "$(alerts "$sport" "$port") | .[0].sig_id == 4"
}

# decoy_rules FILE: 100 alert rules whose second content never comes, and
# the reset-both attack, in Snort 2 syntax.
decoy_rules() {
	local i

	for i in $(seq 100 199); do
		echo "alert tcp any any -> any any (msg:\"decoy $i\"; content:\"D$i\"; content:\"never$i\"; distance:0; sid:$i;)"
	done
	echo 'drop tcp any any -> any any (msg:"attack"; content:"ATTACK"; content:"PAYLOAD"; distance:0; within:40; sid:7;)'
}

decoys() {
	local fam=$1 port=$2 first="" i rules

	rules=$(mktemp)
	decoy_rules > "$rules"
	rgr sig import "$rules" action reset-both || { rm -f "$rules"; return 1; }
	rm -f "$rules"
	open_conn "$fam" "$port" || return
	for i in $(seq 100 199); do
		first+="D$i "
	done
	peer sendhex $c client "$(hex "$first")" &&
		peer recvhex $c server "$(hex "$first")" || return
	peer sendhex $c client "$(hex "xATTACKxx")" &&
		peer recvhex $c server "$(hex "xATTACKxx")" || return
	peer sendhex $c client "$(hex "yyPAYLOAD")" chunk=4 || return
	reset_both "$fam" "$port" 7 "yyPAYLOA" &&
		check '$d.sig_matches == 1' '$d.scan_nomem == 0'
}

# A session open before any signature is loaded is scanned from its next
# segment; one past an older set's depth is scanned by the new set.
live() {
	local fam=$1 port=$2

	open_conn "$fam" "$port" || return
	peer sendhex $c client "$(hex "before any signature")" &&
		peer recvhex $c server "$(hex "before any signature")" || return
	rgr sig add id 5 msg late content EVILPATTERN action reset-both || return
	peer sendhex $c client "$(hex "xxEVILPATTERN")" || return
	reset_both "$fam" "$port" 5
}

replaced() {
	local fam=$1 port=$2

	rgr sig add id 6 msg anchored content HEAD depth 4 action alert || return
	open_conn "$fam" "$port" || return
	# the echo took the stream past depth 4: this set scans no more
	rgr sig import - action reset-both <<< 'alert tcp any any -> any any (msg:"new"; content:"EVILPATTERN"; sid:8;)' ||
		return
	peer sendhex $c client "$(hex "xxEVILPATTERN")" || return
	reset_both "$fam" "$port" 8
}

ktap_begin
run_case relative-ipv4 sig_case relative 4 9101
run_case any-occurrence-ipv6 sig_case any_occurrence 6 9102
run_case isdataat-ipv4 sig_case isdataat 4 9103
run_case decoys-ipv6 sig_case decoys 6 9104
run_case live-session-ipv4 sig_case live 4 9105
run_case set-replaced-ipv6 sig_case replaced 6 9106
ktap_finish
