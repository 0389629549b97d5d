// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter hooks: IPv4 and IPv6 FORWARD, registered per network namespace.
 *
 * The first pair finds the TCP header and hands the segment to track.c.
 * The second pair, last in FORWARD, only watches for a flowtable taking a
 * flow (nft's "flow add" runs in between).
 *
 * rstguard scans whole datagrams: while it is loaded, every namespace has
 * the kernel's own defragmentation on (nf_defrag_ipv4/6, in PREROUTING at
 * NF_IP_PRI_CONNTRACK_DEFRAG, as conntrack and the socket match use it),
 * so FORWARD sees fragments reassembled, overlapping ones dropped by the
 * kernel's rules. A fragment can still reach FORWARD if something ahead of
 * defragmentation let it through; it cannot be scanned, so it is dropped
 * and counted.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/tcp.h>
#include <net/ipv6.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>
#include "rstguard.h"

/*
 * After conntrack and mangle, before the filter tables, so that rstguard sees
 * every routed segment that iptables or nftables would filter.
 */
#define RG_HOOK_PRIORITY	(NF_IP_PRI_FILTER - 10)

/* The TCP header offset of an IPv4 packet, or -1 if it is not one of ours. */
static int ipv4_tcp(struct rg_net *rn, const struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);

	if (iph->protocol != IPPROTO_TCP)
		return -1;
	if (ip_is_fragment(iph)) {
		rg_stats_add(rn, RSTGUARD_STATS_A_FRAGMENTS_DROPPED, 1);
		return -2;
	}
	return ip_hdrlen(skb);
}

static int ipv6_tcp(struct rg_net *rn, const struct sk_buff *skb)
{
	u8 nexthdr = ipv6_hdr(skb)->nexthdr, _fnh;
	const u8 *fnh;
	__be16 frag_off;
	int thoff;

	thoff = ipv6_skip_exthdr(skb, sizeof(struct ipv6hdr), &nexthdr,
				 &frag_off);
	if (thoff < 0)
		return -1;
	if (nexthdr == NEXTHDR_FRAGMENT) {
		/*
		 * A later fragment: ipv6_skip_exthdr() stops at its fragment
		 * header, whose first byte names the first header of the
		 * fragmentable part. TCP, or headers that may lead to it.
		 */
		fnh = skb_header_pointer(skb, thoff, sizeof(_fnh), &_fnh);
		if (!fnh || (*fnh != IPPROTO_TCP && !ipv6_ext_hdr(*fnh)))
			return -1;
		rg_stats_add(rn, RSTGUARD_STATS_A_FRAGMENTS_DROPPED, 1);
		return -2;
	}
	if (nexthdr != IPPROTO_TCP)
		return -1;
	/*
	 * Reassembly removes the fragment header; an atomic fragment
	 * (offset 0, no more fragments) is a whole datagram.
	 */
	if (frag_off) {
		rg_stats_add(rn, RSTGUARD_STATS_A_FRAGMENTS_DROPPED, 1);
		return -2;
	}
	return thoff;
}

static unsigned int rg_hook_ipv4(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	struct rg_net *rn = rg_pernet(state->net);
	int thoff;

	rg_stats_add(rn, RSTGUARD_STATS_A_PACKETS_IPV4, 1);
	thoff = ipv4_tcp(rn, skb);
	if (thoff == -1)
		return NF_ACCEPT;
	if (thoff < 0)
		return NF_DROP;
	return rg_track_tcp(rn, skb, thoff, state);
}

static unsigned int rg_hook_ipv6(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	struct rg_net *rn = rg_pernet(state->net);
	int thoff;

	rg_stats_add(rn, RSTGUARD_STATS_A_PACKETS_IPV6, 1);
	thoff = ipv6_tcp(rn, skb);
	if (thoff == -1)
		return NF_ACCEPT;
	if (thoff < 0)
		return NF_DROP;
	return rg_track_tcp(rn, skb, thoff, state);
}

/* Last in FORWARD: did a flowtable just take this packet's flow? */
static unsigned int rg_hook_offload(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	struct nf_conn *ct = rg_ct_offloaded(skb);
	const struct iphdr *iph;
	int thoff;

	if (likely(!ct))
		return NF_ACCEPT;
	if (state->pf == NFPROTO_IPV4) {
		iph = ip_hdr(skb);
		if (iph->protocol != IPPROTO_TCP || ip_is_fragment(iph))
			return NF_ACCEPT;
		thoff = ip_hdrlen(skb);
	} else {
		u8 nexthdr = ipv6_hdr(skb)->nexthdr;
		__be16 frag_off;

		thoff = ipv6_skip_exthdr(skb, sizeof(struct ipv6hdr), &nexthdr,
					 &frag_off);
		if (thoff < 0 || nexthdr != IPPROTO_TCP || frag_off)
			return NF_ACCEPT;
	}
	rg_track_offloaded(rg_pernet(state->net), skb, thoff, state, ct);
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
	{
		.hook		= rg_hook_offload,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_FORWARD,
		.priority	= NF_IP_PRI_LAST,
	},
	{
		.hook		= rg_hook_offload,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_FORWARD,
		.priority	= NF_IP6_PRI_LAST,
	},
};

int rg_hooks_register(struct net *net)
{
	int err;

	err = nf_defrag_ipv4_enable(net);
	if (err)
		return err;
	err = nf_defrag_ipv6_enable(net);
	if (err)
		goto err_v4;
	err = nf_register_net_hooks(net, rg_hook_ops, ARRAY_SIZE(rg_hook_ops));
	if (err)
		goto err_v6;
	return 0;

err_v6:
	nf_defrag_ipv6_disable(net);
err_v4:
	nf_defrag_ipv4_disable(net);
	return err;
}

void rg_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, rg_hook_ops, ARRAY_SIZE(rg_hook_ops));
	nf_defrag_ipv6_disable(net);
	nf_defrag_ipv4_disable(net);
}
