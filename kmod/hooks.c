// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter hooks: IPv4 and IPv6 FORWARD, registered per network namespace.
 *
 * Packets are never trusted: the TCP header is read with skb_header_pointer()
 * and checked against the packet's length before anything looks at it.
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

/* Find the TCP header at @thoff; false if it is cut short or malformed. */
static bool tcp_header_ok(const struct sk_buff *skb, unsigned int thoff)
{
	struct tcphdr _th;
	const struct tcphdr *th;

	th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);
	if (!th)
		return false;
	return th->doff >= sizeof(*th) / 4 && thoff + th->doff * 4 <= skb->len;
}

static void count_tcp(struct rg_net *rn, const struct sk_buff *skb,
		      unsigned int thoff)
{
	if (!tcp_header_ok(skb, thoff)) {
		rg_stats_add(rn, RSTGUARD_STATS_A_MALFORMED, 1);
		return;
	}
	rg_stats_add(rn, RSTGUARD_STATS_A_TCP_PACKETS, 1);
	rg_stats_add(rn, RSTGUARD_STATS_A_TCP_BYTES, skb->len);
}

static unsigned int rg_hook_ipv4(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	struct rg_net *rn = rg_pernet(state->net);
	const struct iphdr *iph = ip_hdr(skb);

	rg_stats_add(rn, RSTGUARD_STATS_A_PACKETS_IPV4, 1);
	/* Only the first fragment carries the TCP header. */
	if (iph->protocol == IPPROTO_TCP && !(ntohs(iph->frag_off) & IP_OFFSET))
		count_tcp(rn, skb, ip_hdrlen(skb));
	return NF_ACCEPT;
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
	if (thoff < 0 || nexthdr != IPPROTO_TCP || (frag_off & htons(~0x7)))
		return NF_ACCEPT;
	count_tcp(rn, skb, thoff);
	return NF_ACCEPT;
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
