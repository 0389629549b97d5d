// SPDX-License-Identifier: GPL-2.0
/*
 * What rstguard reads of conntrack, where conntrack runs: the NAT view of
 * a session and whether a flowtable forwards it.
 *
 * rstguard never depends on nf_conntrack: it only reads the entry an skb
 * already points to (skb->_nfct, set by conntrack in PREROUTING) through
 * the header's inline helpers, and takes or drops references with
 * nf_conntrack_get()/nf_conntrack_put(), which live in the netfilter core.
 * Where conntrack is not loaded no skb has an entry and nothing here runs.
 *
 * NAT: rstguard sees a session in FORWARD, after DNAT and before SNAT, so
 * each endpoint's own address is the one FORWARD shows, and its peer's is
 * not: the client of a port forward talks to the router, the server behind
 * a masquerade to the router's other address. The conntrack entry's two
 * tuples say what each endpoint sends to on its wire; a reset built from
 * tracked state is addressed from there, and leaves untracked so that NAT
 * does not translate it a second time.
 */
#include <linux/netfilter.h>
#include <net/netfilter/nf_conntrack.h>
#include "rstguard.h"

#if IS_ENABLED(CONFIG_NF_CONNTRACK)

bool rg_ct_tracked(const struct sk_buff *skb)
{
	enum ip_conntrack_info ctinfo;

	return nf_ct_get(skb, &ctinfo);
}

static void peer_from_tuple(struct rg_nat_peer *p,
			    const struct nf_conntrack_tuple *t)
{
	memset(&p->addr, 0, sizeof(p->addr));
	if (t->src.l3num == NFPROTO_IPV4)
		p->addr.s6_addr32[0] = t->dst.u3.ip;
	else
		p->addr = t->dst.u3.in6;
	p->port = t->dst.u.tcp.port;
}

/*
 * The NAT binding of @skb's entry: peer[@dir] for its sender, peer[!@dir]
 * for its receiver. False while the entry is unconfirmed (SNAT is chosen in
 * POSTROUTING, after us) or has no NAT: the addresses FORWARD shows are then
 * the endpoints' own.
 */
static bool nat_of(const struct sk_buff *skb, unsigned int dir,
		   struct rg_nat_peer peer[2], unsigned long *bound)
{
	enum ip_conntrack_info ctinfo;
	enum ip_conntrack_dir ctdir;
	struct nf_conn *ct;

	ct = nf_ct_get(skb, &ctinfo);
	if (!ct || !nf_ct_is_confirmed(ct) || !(ct->status & IPS_NAT_MASK))
		return false;
	ctdir = CTINFO2DIR(ctinfo);
	peer_from_tuple(&peer[dir], &ct->tuplehash[ctdir].tuple);
	peer_from_tuple(&peer[!dir], &ct->tuplehash[!ctdir].tuple);
	*bound = (unsigned long)ct;
	return true;
}

/*
 * Bring @sct up to date with the entry of @skb, a packet of glue direction
 * @dir. The entry changes only if conntrack lost it (a flush, a timeout)
 * and made a new one, whose NAT may differ. Caller holds the session lock.
 */
void rg_ct_bind(struct rg_session_ct *sct, const struct sk_buff *skb,
		unsigned int dir)
{
	unsigned long cur = skb->_nfct & NFCT_PTRMASK;

	if (!cur || cur == sct->bound)
		return;
	if (nat_of(skb, dir, sct->peer, &sct->bound)) {
		sct->nat = true;
	} else if (nf_ct_is_confirmed((struct nf_conn *)cur)) {
		sct->nat = false;
		sct->bound = cur;
	}
}

/* For a reset of the packet in hand to its receiver (glue direction !@dir). */
bool rg_ct_nat_receiver(const struct sk_buff *skb, unsigned int dir,
			struct rg_nat_peer *peer)
{
	struct rg_nat_peer p[2];
	unsigned long bound;

	if (!nat_of(skb, dir, p, &bound))
		return false;
	*peer = p[!dir];
	return true;
}

/* Snapshot for rg_record: by side, the client's glue direction being @cdir. */
void rg_ct_record(const struct rg_session_ct *sct, unsigned int cdir,
		  struct rg_record *rec)
{
	rec->nat = sct->nat;
	if (!sct->nat)
		return;
	rec->nat_peer[0] = sct->peer[cdir];
	rec->nat_peer[1] = sct->peer[!cdir];
}

/* A reset addressed for an endpoint's wire: NAT must leave it alone. */
void rg_ct_untrack(struct sk_buff *skb)
{
	nf_ct_set(skb, NULL, IP_CT_UNTRACKED);
}

/*
 * Flowtables. nft's "flow add" sets IPS_OFFLOAD on the entry of the packet
 * it offloads; from then on the flow's packets skip the netfilter hooks
 * until the flowtable gives it back (a FIN or RST, an idle timeout) and
 * clears the bit.
 */
struct nf_conn *rg_ct_offloaded(const struct sk_buff *skb)
{
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct = nf_ct_get(skb, &ctinfo);

	if (!ct || !test_bit(IPS_OFFLOAD_BIT, &ct->status))
		return NULL;
	return ct;
}

/* Hold @ct while its flow is offloaded; caller holds the session lock. */
void rg_ct_follow(struct rg_session_ct *sct, struct nf_conn *ct)
{
	if (sct->offload)
		return;
	nf_conntrack_get(&ct->ct_general);
	sct->offload = ct;
}

/*
 * Is the followed flow still in a flowtable? The flowtable clears
 * IPS_OFFLOAD when it lets the flow go, and conntrack sets IPS_DYING when
 * the entry is on its way out (a flush, module unload: this is how our
 * reference never holds conntrack's cleanup up for long).
 */
bool rg_ct_still_offloaded(const struct rg_session_ct *sct)
{
	return sct->offload &&
	       test_bit(IPS_OFFLOAD_BIT, &sct->offload->status) &&
	       !nf_ct_is_dying(sct->offload);
}

/* Stop following; the caller drops the reference with rg_ct_put(). */
struct nf_conn *rg_ct_unfollow(struct rg_session_ct *sct)
{
	struct nf_conn *ct = sct->offload;

	sct->offload = NULL;
	return ct;
}

void rg_ct_put(struct nf_conn *ct)
{
	if (ct)
		nf_conntrack_put(&ct->ct_general);
}

#else /* !CONFIG_NF_CONNTRACK */

bool rg_ct_tracked(const struct sk_buff *skb)
{
	return false;
}

void rg_ct_bind(struct rg_session_ct *sct, const struct sk_buff *skb,
		unsigned int dir)
{
}

bool rg_ct_nat_receiver(const struct sk_buff *skb, unsigned int dir,
			struct rg_nat_peer *peer)
{
	return false;
}

void rg_ct_record(const struct rg_session_ct *sct, unsigned int cdir,
		  struct rg_record *rec)
{
}

void rg_ct_untrack(struct sk_buff *skb)
{
}

struct nf_conn *rg_ct_offloaded(const struct sk_buff *skb)
{
	return NULL;
}

void rg_ct_follow(struct rg_session_ct *sct, struct nf_conn *ct)
{
}

bool rg_ct_still_offloaded(const struct rg_session_ct *sct)
{
	return false;
}

struct nf_conn *rg_ct_unfollow(struct rg_session_ct *sct)
{
	return NULL;
}

void rg_ct_put(struct nf_conn *ct)
{
}

#endif
