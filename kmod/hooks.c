// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter hooks: IPv4 and IPv6 FORWARD, registered per network namespace.
 *
 * They find the TCP header and hand the segment to track.c.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/tcp.h>
#include <net/ipv6.h>
#include "rstguard.h"

/*
 * After conntrack and mangle, before the filter tables, so that rstguard sees
 * every routed segment that iptables or nftables would filter.
 */
#define RG_HOOK_PRIORITY	(NF_IP_PRI_FILTER - 10)

static unsigned int rg_hook_ipv4(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	struct rg_net *rn = rg_pernet(state->net);
	const struct iphdr *iph = ip_hdr(skb);

	rg_stats_add(rn, RSTGUARD_STATS_A_PACKETS_IPV4, 1);
	if (iph->protocol != IPPROTO_TCP)
		return NF_ACCEPT;
	/*
	 * Fragments reach FORWARD only when nothing reassembled them
	 * (no conntrack); their TCP lengths are not whole segments.
	 */
	if (ntohs(iph->frag_off) & (IP_MF | IP_OFFSET)) {
		rg_stats_add(rn, RSTGUARD_STATS_A_UNTRACKED, 1);
		return NF_ACCEPT;
	}
	return rg_track_tcp(rn, skb, ip_hdrlen(skb), state);
}

static unsigned int rg_hook_ipv6(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	struct rg_net *rn = rg_pernet(state->net);
	u8 nexthdr = ipv6_hdr(skb)->nexthdr;
	__be16 frag_off;
	int thoff;

	rg_stats_add(rn, RSTGUARD_STATS_A_PACKETS_IPV6, 1);
	thoff = ipv6_skip_exthdr(skb, sizeof(struct ipv6hdr), &nexthdr,
				 &frag_off);
	if (thoff < 0 || nexthdr != IPPROTO_TCP)
		return NF_ACCEPT;
	if (frag_off) {
		/* a fragment header, first fragment or not: see IPv4 */
		rg_stats_add(rn, RSTGUARD_STATS_A_UNTRACKED, 1);
		return NF_ACCEPT;
	}
	return rg_track_tcp(rn, skb, thoff, state);
}

static const struct nf_hook_ops rg_hook_ops[] = {
	{
		.hook		= rg_hook_ipv4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_FORWARD,
		.priority	= RG_HOOK_PRIORITY,
	},
	{
		.hook		= rg_hook_ipv6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_FORWARD,
		.priority	= RG_HOOK_PRIORITY,
	},
};

int rg_hooks_register(struct net *net)
{
	return nf_register_net_hooks(net, rg_hook_ops, ARRAY_SIZE(rg_hook_ops));
}

void rg_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, rg_hook_ops, ARRAY_SIZE(rg_hook_ops));
}
