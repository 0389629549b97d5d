#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: a client | router | server network in namespaces, rstguard
# loaded on the router, a few real TCP sessions through it in both families,
# and what rstguard shows about them. Runs in the VM (or on a host, as root).
. "$(dirname "$0")/lib.sh"

require_root
require_cmd ip socat jq
require_cli
trap topology_down EXIT

say() {
	printf '\n== %s\n' "$*"
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
nsr "$RSTGUARD_CLI" version

say "rstguard stats on the router, before any traffic"
nsr "$RSTGUARD_CLI" stats

say "five TCP sessions over IPv4 and three over IPv6, each a request and a reply"
nss socat TCP6-LISTEN:80,ipv6only=0,reuseaddr,fork SYSTEM:'read l; echo "200 OK: $l"' &
server=$!
wait_for 10 tcp_listening "$NS_SERVER" 80 || { echo "Error: no server"; exit 1; }
for i in 1 2 3 4 5; do
	echo "GET /$i" | nsc socat -t 2 - TCP4:$SERVER4:80 | sed "s/^/  client $CLIENT4 got: /"
done
for i in 1 2 3; do
	echo "GET /v6/$i" | nsc socat -t 2 - "TCP6:[$SERVER6]:80" | sed "s/^/  client $CLIENT6 got: /"
done
kill $server

say "one bulk transfer: 4 MB client -> server"
head -c 4000000 /dev/zero > /tmp/rstguard-demo.bin
tcp_transfer $SERVER4 5001 /tmp/rstguard-demo.bin && echo "  4 MB arrived intact"
rm -f /tmp/rstguard-demo.bin

say "rstguard stats on the router, after"
nsr "$RSTGUARD_CLI" stats
say "the same as JSON (rstguard -j stats)"
nsr "$RSTGUARD_CLI" -j stats | jq -M -c .
