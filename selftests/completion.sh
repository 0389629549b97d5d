#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The bash completion of rstguard (dist/bash-completion/rstguard), with
# bash itself: it registers for the command (complete -p), and its
# function, called as bash calls it (COMP_LINE, COMP_POINT, COMP_WORDS,
# COMP_CWORD), offers the objects, commands, keywords and values that
# `rstguard help` lists, with what was given already left out. Needs no
# module and no root.
. "$(dirname "$0")/lib.sh"

completion=$repo_dir/dist/bash-completion/rstguard
[ -f "$completion" ] || skip "no $completion"
# shellcheck source=../dist/bash-completion/rstguard
. "$completion"

ktap_begin

registered() {
	local got

	got=$(complete -p rstguard) || { fail "not registered"; return 1; }
	echo "$got"
	[ "$got" = "complete -F _rstguard rstguard" ] || fail "unexpected: $got"
}
run_case registered registered

# comp LINE: complete at the end of LINE, as bash does; COMPREPLY holds
# what it offers. Builtins only: forks are slow under QEMU TCG.
comp() {
	local COMP_LINE=$1 COMP_POINT=${#1} COMP_WORDS COMP_CWORD

	COMPREPLY=()
	read -ra COMP_WORDS <<< "$1"
	[[ $1 == *' ' ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	_rstguard rstguard "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
}

# offers LINE WANT: completing LINE offers exactly the words of WANT, in
# any order.
offers() {
	local want w got

	comp "$1"
	read -ra want <<< "$2"
	got=" ${COMPREPLY[*]} "
	echo "'$1' -> ${COMPREPLY[*]}"
	[ ${#COMPREPLY[@]} = ${#want[@]} ] || { fail "expected: $2"; return 1; }
	for w in "${want[@]}"; do
		[[ $got == *" $w "* ]] || { fail "expected: $2"; return 1; }
	done
}

words() {
	local rc=0

	offers 'rstguard ' 'config help monitor restore rule save session sig stats version' || rc=1
	offers 'rstguard s' 'save session sig stats' || rc=1
	offers 'rstguard -' '-Version -V -h -help -j -json -n -netns' || rc=1
	offers 'rstguard -j co' 'config' || rc=1
	offers 'rstguard stats ' 'show' || rc=1
	offers 'rstguard config ' 'set show' || rc=1
	offers 'rstguard session ' 'addr family flush kill list port state' || rc=1
	offers 'rstguard rule ' 'add del flush list restore save' || rc=1
	offers 'rstguard sig ' 'add del flush import list save' || rc=1
	offers 'rstguard version ' '' || rc=1
	offers 'rstguard help ' '' || rc=1
	offers 'rstguard save ' '' || rc=1
	offers 'rstguard monitor ' '' || rc=1
	return $rc
}
run_case objects-and-commands words

settings() {
	local rc=0

	offers 'rstguard config set ' 'default-action fail-open limit log offload-mark reset-on-aged-out rematch strict timeout' || rc=1
	offers 'rstguard config set timeout ' 'tcp tcp-half-closed tcp-handshake tcp-init tcp-time-wait' || rc=1
	offers 'rstguard config set timeout tcp ' '' || rc=1
	# a timeout may come again; limit once
	offers 'rstguard config set timeout tcp 30 limit 9 ' 'default-action fail-open log offload-mark reset-on-aged-out rematch strict timeout' || rc=1
	offers 'rstguard config set log ' 'all none threats' || rc=1
	offers 'rstguard config set rematch o' 'off on' || rc=1
	offers 'rstguard config set default-action reset-' 'reset-both reset-client reset-server' || rc=1
	return $rc
}
run_case config-set settings

rules() {
	local rc=0

	offers 'rstguard rule add ' 'action dport family from iif name oif pos sport to' || rc=1
	offers 'rstguard rule add name web dport 80 ' 'action family from iif oif pos sport to' || rc=1
	# an IPv6 prefix is one word, though bash breaks words at ':'
	offers 'rstguard rule add from fd00::/16 to fd01::/16 ' 'action dport family iif name oif pos sport' || rc=1
	offers 'rstguard rule add from fd00::/16 action ' 'allow deny drop reset-both reset-client reset-server' || rc=1
	offers 'rstguard rule add family ' 'inet inet6' || rc=1
	offers 'rstguard rule del ' 'name' || rc=1
	offers 'rstguard -n nowhere rule add iif ' '' || rc=1
	comp 'rstguard rule add iif '
	[[ " ${COMPREPLY[*]} " == *" lo "* ]] || { fail "no interfaces"; rc=1; }
	return $rc
}
run_case rule-add rules

sigs() {
	local rc=0

	offers 'rstguard sig add ' 'action content data-after data-at dir id msg port' || rc=1
	offers 'rstguard sig add id 5 msg "a b: c" content "x y" ' 'action content data-after data-at depth dir distance nocase offset port within' || rc=1
	offers 'rstguard sig add id 5 content x nocase depth 4 ' 'action content data-after data-at dir distance msg offset port within' || rc=1
	offers 'rstguard sig add id 5 content x nocase content y distance 2 data-at 3 ' 'action content data-after depth dir msg nocase offset port within' || rc=1
	offers 'rstguard sig add dir ' 'any to-client to-server' || rc=1
	offers 'rstguard sig add action ' 'alert drop reset-both reset-client reset-server' || rc=1
	offers 'rstguard sig import rules.txt ' '-v action check strict' || rc=1
	offers 'rstguard sig import rules.txt action drop ' '-v check strict' || rc=1
	offers 'rstguard sig import - check -v action ' 'alert drop reset-both reset-client reset-server' || rc=1
	return $rc
}
run_case sig-add sigs

sessions() {
	local rc=0

	offers 'rstguard session list ' 'addr family port state' || rc=1
	offers 'rstguard session list state est' 'established' || rc=1
	offers 'rstguard session state ' 'closed closing established fin-client fin-server none syn-recv syn-sent syn-sent2 time-wait' || rc=1
	offers 'rstguard session family inet port 80 ' 'addr state' || rc=1
	offers 'rstguard session kill src 10.0.0.1 sport 1 ' 'dport dst' || rc=1
	return $rc
}
run_case session sessions

files() {
	local dir rc=0

	dir=$(mktemp -d)
	touch "$dir/rstguard.conf" "$dir/other"
	offers "rstguard restore $dir/rs" "$dir/rstguard.conf" || rc=1
	offers "rstguard rule restore $dir/o" "$dir/other" || rc=1
	offers "rstguard restore $dir/rstguard.conf " 'check' || rc=1
	offers "rstguard restore $dir/rstguard.conf check " '' || rc=1
	cd "$dir" && comp 'rstguard restore ' && cd - > /dev/null || return 1
	[[ " ${COMPREPLY[*]} " == *" - "* ]] || { fail "no - for standard input"; rc=1; }
	rm -rf "$dir"
	return $rc
}
run_case files files

ktap_finish
