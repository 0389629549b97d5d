// SPDX-License-Identifier: GPL-2.0
/*
 * TCP resets that endpoints accept.
 *
 * To the sender of the packet in hand: nf_send_reset()/nf_send_reset6(),
 * which answer with the sequence number that packet acknowledged. To the
 * other end, or with no packet in hand (rematch, idle expiry): a reset
 * built here, in the name of the peer, with the exact sequence number the
 * endpoint expects next, routed in the session's namespace and sent through
 * LOCAL_OUT, so it never reaches our own FORWARD hook: rstguard never
 * answers its own resets, nor any reset. Never to multicast or broadcast.
 *
 * Behind NAT, nf_send_reset() attaches the packet's conntrack entry to its
 * reset, and NAT translates it like a reply. A reset built here is
 * addressed as the endpoint's wire has it (conntrack.c) and leaves
 * untracked, or NAT would translate it again.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/tcp.h>
#include <net/ip6_route.h>
#include <net/route.h>
#include <net/netfilter/ipv4/nf_reject.h>
#include <net/netfilter/ipv6/nf_reject.h>
#include "rstguard.h"

static void count_reset(struct rg_net *rn, bool to_client, bool ok, bool nat)
{
	local_bh_disable();
	if (!ok)
		rg_stats_add(rn, RSTGUARD_STATS_A_RESETS_FAILED, 1);
	else if (to_client)
		rg_stats_add(rn, RSTGUARD_STATS_A_RESETS_CLIENT, 1);
	else
		rg_stats_add(rn, RSTGUARD_STATS_A_RESETS_SERVER, 1);
	if (ok && nat)
		rg_stats_add(rn, RSTGUARD_STATS_A_RESETS_NAT, 1);
	local_bh_enable();
}

/* Reset the sender of @skb (never an RST: nf_send_reset() checks). */
void rg_reset_sender(struct rg_net *rn, struct sk_buff *skb,
		     const struct nf_hook_state *state, bool sender_is_client)
{
	if (state->pf == NFPROTO_IPV4)
		nf_send_reset(rn->net, NULL, skb, state->hook);
	else
		nf_send_reset6(rn->net, NULL, skb, state->hook);
	count_reset(rn, sender_is_client, true, false);
}

static struct tcphdr *put_rst(struct sk_buff *skb, const struct rg_rst *r)
{
	struct tcphdr *th;

	skb_reset_transport_header(skb);
	th = skb_put_zero(skb, sizeof(*th));
	th->source = r->sport;
	th->dest = r->dport;
	th->seq = htonl(r->seq);
	th->ack_seq = htonl(r->ack);
	th->doff = sizeof(*th) / 4;
	th->rst = 1;
	th->ack = 1;
	return th;
}

/* Both consume @skb, sent or not. */
static int send_rst4(struct net *net, struct sk_buff *skb,
		     const struct rg_rst *r)
{
	__be32 saddr = r->saddr.s6_addr32[0], daddr = r->daddr.s6_addr32[0];
	struct flowi4 fl4 = {
		.daddr		= daddr,
		.saddr		= saddr,
		.flowi4_proto	= IPPROTO_TCP,
		.flowi4_flags	= FLOWI_FLAG_ANYSRC,
	};
	struct tcphdr *th;
	struct iphdr *iph;
	struct rtable *rt;

	if (ipv4_is_multicast(daddr) || ipv4_is_lbcast(daddr) ||
	    ipv4_is_zeronet(daddr))
		goto drop;
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		goto drop;
	if (rt->rt_type != RTN_UNICAST) {
		ip_rt_put(rt);
		goto drop;
	}
	skb_dst_set(skb, &rt->dst);

	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, sizeof(*iph));
	iph->version = 4;
	iph->ihl = sizeof(*iph) / 4;
	iph->frag_off = htons(IP_DF);
	iph->ttl = ip4_dst_hoplimit(&rt->dst);
	iph->protocol = IPPROTO_TCP;
	iph->saddr = saddr;
	iph->daddr = daddr;
	th = put_rst(skb, r);
	th->check = tcp_v4_check(sizeof(*th), saddr, daddr,
				 csum_partial(th, sizeof(*th), 0));
	iph->tot_len = htons(skb->len);
	ip_send_check(iph);
	skb->protocol = htons(ETH_P_IP);
	skb->ip_summed = CHECKSUM_NONE;
	if (r->nat)
		rg_ct_untrack(skb);
	return ip_local_out(net, NULL, skb);
drop:
	kfree_skb(skb);
	return -EHOSTUNREACH;
}

static int send_rst6(struct net *net, struct sk_buff *skb,
		     const struct rg_rst *r)
{
	struct flowi6 fl6 = {
		.daddr		= r->daddr,
		.saddr		= r->saddr,
		.flowi6_proto	= IPPROTO_TCP,
		.flowi6_flags	= FLOWI_FLAG_ANYSRC,
	};
	struct dst_entry *dst;
	struct ipv6hdr *ip6h;
	struct tcphdr *th;

	if (ipv6_addr_is_multicast(&r->daddr) || ipv6_addr_any(&r->daddr))
		goto drop;
	dst = ip6_route_output(net, NULL, &fl6);
	if (dst->error) {
		dst_release(dst);
		goto drop;
	}
	skb_dst_set(skb, dst);

	skb_reset_network_header(skb);
	ip6h = skb_put_zero(skb, sizeof(*ip6h));
	ip6_flow_hdr(ip6h, 0, 0);
	ip6h->payload_len = htons(sizeof(*th));
	ip6h->nexthdr = IPPROTO_TCP;
	ip6h->hop_limit = ip6_dst_hoplimit(dst);
	ip6h->saddr = r->saddr;
	ip6h->daddr = r->daddr;
	th = put_rst(skb, r);
	th->check = csum_ipv6_magic(&r->saddr, &r->daddr, sizeof(*th),
				    IPPROTO_TCP,
				    csum_partial(th, sizeof(*th), 0));
	skb->protocol = htons(ETH_P_IPV6);
	skb->ip_summed = CHECKSUM_NONE;
	if (r->nat)
		rg_ct_untrack(skb);
	return ip6_local_out(net, NULL, skb);
drop:
	kfree_skb(skb);
	return -EHOSTUNREACH;
}

/* Send the reset @r describes; any context. */
void rg_reset_send(struct rg_net *rn, const struct rg_rst *r)
{
	size_t hlen = r->family == AF_INET ? sizeof(struct iphdr) :
					     sizeof(struct ipv6hdr);
	struct sk_buff *skb;
	int err = -ENOMEM;

	skb = alloc_skb(LL_MAX_HEADER + hlen + sizeof(struct tcphdr),
			GFP_ATOMIC);
	if (skb) {
		skb_reserve(skb, LL_MAX_HEADER);
		/* BH off: LOCAL_OUT and the qdisc expect it from timers too */
		local_bh_disable();
		if (r->family == AF_INET)
			err = send_rst4(rn->net, skb, r);
		else
			err = send_rst6(rn->net, skb, r);
		local_bh_enable();
	}
	count_reset(rn, r->to_client, !net_xmit_eval(err), r->nat);
}

/*
 * Resets from tracked state for a session with no packet in hand: to the
 * client in the server's name with the server's next sequence number, and
 * the other way round. @rec gives the tuple and its NAT view, @tcp the
 * sequence state.
 */
void rg_reset_tracked(struct rg_net *rn, const struct rg_record *rec,
		      const struct rg_tcp *tcp, bool client, bool server)
{
	struct rg_rst r = { .family = rec->family, .nat = rec->nat };

	if (client) {
		r.saddr = rec->server;
		r.daddr = rec->client;
		r.sport = htons(rec->server_port);
		r.dport = htons(rec->client_port);
		if (rec->nat) {
			r.saddr = rec->nat_peer[0].addr;
			r.sport = rec->nat_peer[0].port;
		}
		r.seq = tcp->side[RG_SERVER].end;
		r.ack = tcp->side[RG_CLIENT].end;
		r.to_client = true;
		rg_reset_send(rn, &r);
	}
	if (server) {
		r.saddr = rec->client;
		r.daddr = rec->server;
		r.sport = htons(rec->client_port);
		r.dport = htons(rec->server_port);
		if (rec->nat) {
			r.saddr = rec->nat_peer[1].addr;
			r.sport = rec->nat_peer[1].port;
		}
		r.seq = tcp->side[RG_CLIENT].end;
		r.ack = tcp->side[RG_SERVER].end;
		r.to_client = false;
		rg_reset_send(rn, &r);
	}
}
