#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: a client | router | server network in namespaces, rstguard
# loaded on the router, real TCP sessions through it in both families, and
# what rstguard shows about them: counters, live sessions, and one end event
# per way a session can end: FIN, resets from either side, idle expiry,
# tuple reuse, a full table, the admin, a deny rule, a reset-both rule (also
# through a DNAT port forward), and a signature. Runs in the VM (or on a
# host, as root).
. "$(dirname "$0")/lib.sh"

require_root
require_cmd ip socat jq python3 nft
require_cli
EVENTS=$(mktemp)
cleanup() {
	peer_stop
	monitor_stop
	topology_down
	rm -f "$EVENTS" "$EVENTS.text"
}
trap cleanup EXIT

say() {
	printf '\n== %s\n' "$*"
}

# show_events JQ_CONDITION [N]: once N (1) events that match have come
# (within 30 s), the events the text monitor printed since last time.
shown=0
_seen() {
	[ "$(events "$1" | wc -l)" -ge "$2" ] &&
		[ "$(wc -l < "$EVENTS.text")" -ge "$(wc -l < "$EVENTS")" ]
}
show_events() {
	local n

	wait_for 30 _seen "$1" "${2:-1}" || echo "  (no such event yet: $1)"
	n=$(wc -l < "$EVENTS.text")
	sed -n "$((shown + 1)),${n}p" "$EVENTS.text" | sed 's/^/  event: /'
	shown=$n
}

say "client | router | server, rstguard on the router"
topology_up
load_module
cat <<TOPO
  client $CLIENT4 $CLIENT6
     |
  router (rstguard.ko, FORWARD hooks)   ip netns $NS_ROUTER
     |
  server $SERVER4 $SERVER6
TOPO
rgr version
# the text monitor for the reader, the JSON one for waiting on events
"$RSTGUARD_CLI" -n "$NS_ROUTER" monitor > "$EVENTS.text" &
monitor_start "$EVENTS" || exit 1
peer_start
PEER_TIMEOUT=120 peer hello || { echo "Error: tcp_peer.py did not start"; exit 1; }
rgr config set timeout tcp-time-wait 1

say "rstguard stats on the router, before any traffic"
rgr stats

say "three request/reply sessions over IPv4 and two over IPv6 (socat)"
nss socat TCP6-LISTEN:80,ipv6only=0,reuseaddr,fork SYSTEM:'read l; echo "200 OK: $l"' &
server=$!
wait_for 10 tcp_listening "$NS_SERVER" 80 || { echo "Error: no server"; exit 1; }
for i in 1 2 3; do
	echo "GET /$i" | nsc socat -t 2 - TCP4:$SERVER4:80 | sed "s/^/  client got: /"
done
for i in 1 2; do
	echo "GET /v6/$i" | nsc socat -t 2 - "TCP6:[$SERVER6]:80" | sed "s/^/  client got: /"
done
kill $server
echo "  each ended with FINs from both sides:"
show_events '.server_port == 80 and .reason == "tcp-fin"' 5

say "a live session, as rstguard session list shows it"
peer listen 8000
peer connect live "$SERVER4" 8000 && peer echo live 1000
rgr session list
echo "  the client closes with unread data: its stack sends an RST"
peer send live server 10 && peer wait_rx live client 10 && peer close live client
peer expect_reset live server
show_events '.reason == "tcp-rst-from-client"' 

say "the server aborts (SO_LINGER 0)"
peer connect srv "$SERVER6" 8000 && peer echo srv 100 && peer close srv server linger0
peer expect_reset srv client
show_events '.reason == "tcp-rst-from-server"' 

say "an idle session ages out (timeout tcp set to 2 s for the demo)"
rgr config set timeout tcp 2
peer connect idle "$SERVER4" 8000 && peer echo idle 100
show_events '.reason == "aged-out" and .server_port == 8000' 
rgr config set timeout tcp 3600

say "a SYN to a host that never answers ages out of tcp-init (2 s)"
rgr config set timeout tcp-init 2
peer connect silent 10.0.2.99 80 wait=0
show_events '.reason == "aged-out" and .server == "10.0.2.99"' 
rgr config set timeout tcp-init 5

say "a new SYN on the tuple of a session in time-wait (tcp-reuse)"
rgr config set timeout tcp-time-wait 30
peer connect r1 "$SERVER4" 8000 sport=40000 && peer echo r1 10 &&
	peer shutdown r1 client && peer expect_eof r1 server &&
	peer shutdown r1 server && peer expect_eof r1 client &&
	peer close r1 client && peer close r1 server
peer connect r2 "$SERVER4" 8000 sport=40000 retry=10
show_events '.reason == "tcp-reuse"' 
rgr config set timeout tcp-time-wait 1
rgr session kill src "$CLIENT4" sport 40000 dst "$SERVER4" dport 8000
echo "  ... and that one ended by the admin (session kill: unknown):"
show_events '.reason == "unknown" and .client_port == 40000' 

say "a full table (limit 2): a third session is refused"
rgr session flush
rgr config set limit 2
peer connect f1 "$SERVER4" 8000 && peer connect f2 "$SERVER4" 8000
peer connect f3 "$SERVER4" 8000 timeout=2 2>/dev/null || echo "  the third connection timed out"
show_events '.reason == "resources-unavailable"'
rgr config set limit 262144
peer abort_all
rgr session flush

say "policy: a deny rule on port 23; the client is refused at once"
rgr rule add name no-telnet dport 23 action deny
peer listen 23
peer connect t "$SERVER4" 23 2>/dev/null || echo "  connect: $PEER_REPLY"
show_events '.reason == "policy-deny" and .server_port == 23' 

say "policy: reset-both added while a session is established (rematch)"
peer listen 9000
peer connect rb "$SERVER6" 9000 && peer echo rb 100
rgr rule add name kill-9000 dport 9000 action reset-both
peer expect_reset rb client && echo "  client: ECONNRESET"
peer expect_reset rb server && echo "  server: ECONNRESET"
show_events '.reason == "policy-deny" and .server_port == 9000' 
rgr rule list
rgr rule flush

say "a port forward: the router's $ROUTER4_C:9202 goes to the server (DNAT), masqueraded out"
nsr nft -f - <<NFT
table ip demo_nat {
	chain pre {
		type nat hook prerouting priority dstnat;
		iifname "veth0" tcp dport 9202 dnat to $SERVER4:9202
	}
	chain post {
		type nat hook postrouting priority srcnat;
		oifname "veth1" masquerade
	}
}
NFT
nsr nft list table ip demo_nat | sed 's/^/  /'
peer listen 9202
peer connect fwd "$ROUTER4_C" 9202 nat=1 &&
	seen="$(peer_get seen):$(peer_get seen_port)" && peer echo fwd 100
echo "  the client talks to $ROUTER4_C:9202; the server sees it as $seen;"
echo "  rstguard, in FORWARD, as:"
rgr session list | grep ':9202 ' | sed 's/^/  /'
echo "  reset-both added while it is established: each endpoint gets a reset"
echo "  addressed as its own wire has the session"
rgr rule add name kill-9202 dport 9202 action reset-both
peer expect_reset fwd client && echo "  client: ECONNRESET"
peer expect_reset fwd server && echo "  server: ECONNRESET"
show_events '.reason == "policy-deny" and .server_port == 9202'
rgr -j stats | jq -c '{resets_client, resets_server, resets_nat}' | sed 's/^/  /'
rgr rule flush
nsr nft delete table ip demo_nat

say "a signature: reset both ends when the client sends /etc/passwd"
rgr sig add id 1000 msg "passwd file request" content "/etc/passwd" \
	dir to-server action reset-both
peer listen 8080
peer connect web "$SERVER4" 8080 && peer echo web 100
peer sendhex web client "$(printf 'GET /../../etc/pa' | od -An -tx1 -v | tr -d ' \n')" chunk=8
peer sendhex web client "$(printf 'sswd HTTP/1.0\r\n' | od -An -tx1 -v | tr -d ' \n')"
peer expect_reset web client && echo "  client: ECONNRESET"
show_events '.reason == "threat"' 
rgr sig list

say "rstguard stats on the router, after"
rgr stats
say "the same as JSON (rstguard -j stats)"
rgr -j stats | jq -M -c .
