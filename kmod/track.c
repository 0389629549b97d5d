// SPDX-License-Identifier: GPL-2.0
/*
 * The packet path: each forwarded TCP segment finds its session or starts
 * one, goes through the portable TCP tracker (core/tcp_track.c), and gets a
 * verdict. Runs from the netfilter hooks: BH disabled, under RCU.
 *
 * Packets are never trusted: every header byte is read with
 * skb_header_pointer() and checked against the packet's length first.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/tcp.h>
#include <net/ip6_checksum.h>
#include <net/tcp.h>
#include "rstguard.h"

/* The window scale option of a SYN, or RG_TCP_WSCALE_NONE. */
static u8 tcp_wscale(const struct sk_buff *skb, unsigned int thoff,
		     const struct tcphdr *th)
{
	unsigned int optlen = th->doff * 4 - sizeof(*th), i = 0;
	u8 buf[MAX_TCP_OPTION_SPACE];
	const u8 *opt;

	if (!optlen)
		return RG_TCP_WSCALE_NONE;
	opt = skb_header_pointer(skb, thoff + sizeof(*th), optlen, buf);
	if (!opt)
		return RG_TCP_WSCALE_NONE;
	while (i < optlen) {
		u8 kind = opt[i], len;

		if (kind == TCPOPT_EOL)
			break;
		if (kind == TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= optlen)
			break;
		len = opt[i + 1];
		if (len < 2 || i + len > optlen)
			break;
		if (kind == TCPOPT_WINDOW && len == TCPOLEN_WINDOW)
			return opt[i + 2];
		i += len;
	}
	return RG_TCP_WSCALE_NONE;
}

/*
 * Whether a TCP segment's checksum is wrong. Not nf_checksum(): for an IPv4
 * packet whose checksum nobody has verified it sums the IP header too,
 * counting on a valid header to add nothing, and on FORWARD a header with
 * options the router fills in on input (timestamp, record route, written by
 * ip_options_compile()) no longer does, since its checksum is redone only
 * on output: every such segment would look corrupt. Nor does it check a
 * CHECKSUM_COMPLETE packet outside PRE_ROUTING and LOCAL_IN.
 */
static bool tcp_csum_bad(struct sk_buff *skb, unsigned int thoff, u8 pf)
{
	unsigned int len = skb->len - thoff;
	const struct ipv6hdr *ip6h;
	const struct iphdr *iph;
	__wsum sum;

	if (skb_csum_unnecessary(skb))
		return false;
	sum = skb_checksum(skb, thoff, len, 0);
	if (pf == NFPROTO_IPV4) {
		iph = ip_hdr(skb);
		return csum_tcpudp_magic(iph->saddr, iph->daddr, len,
					 IPPROTO_TCP, sum);
	}
	ip6h = ipv6_hdr(skb);
	return csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, len, IPPROTO_TCP,
			       sum);
}

/* The packet in hand, parsed once. */
struct rg_pkt {
	struct rg_pkt_key	pk;
	struct rg_tcp_seg	seg;
	unsigned int		len;	/* IP length */
	unsigned int		thoff;	/* TCP header offset in skb */
	unsigned int		poff;	/* payload offset in skb */
	struct sk_buff		*skb;
	const struct nf_hook_state *state;
};

/* Caller holds s->lock. */
static void count_packet(struct rg_session *s, const struct rg_pkt *p)
{
	s->pkts[p->seg.dir]++;
	s->bytes[p->seg.dir] += p->len;
}

static unsigned int track_new(struct rg_net *rn, struct rg_pkt *p);

/*
 * Reset the receiver of the packet in hand, in the name of its sender, with
 * sequence number @seq: the first byte the receiver has not been given.
 */
static void reset_receiver(struct rg_net *rn, const struct rg_pkt *p, u32 seq,
			   bool to_client)
{
	const struct rg_key *k = &p->pk.key;
	struct rg_rst r = {
		.saddr = k->addr[p->pk.dir],
		.daddr = k->addr[!p->pk.dir],
		.sport = k->port[p->pk.dir],
		.dport = k->port[!p->pk.dir],
		.seq = seq,
		.ack = p->seg.ack,
		.family = k->family,
		.to_client = to_client,
	};
	struct rg_nat_peer peer;

	/* behind NAT: from where the receiver sends to, on its wire */
	if (rg_ct_nat_receiver(p->skb, p->pk.dir, &peer)) {
		r.saddr = peer.addr;
		r.sport = peer.port;
		r.nat = true;
	}
	rg_reset_send(rn, &r);
}

/* What the scanner found in the packet in hand, for after the unlock. */
struct scan_out {
	struct rg_scan_hit	hit;
	struct rg_record	rec;	/* a snapshot, when there are alerts */
	enum rg_scan_verdict	verdict;
	bool			from_client;
};

/*
 * Scan @p's payload: called with s->lock held (and @s has scanner state),
 * returns with it released. The scan runs under the scanner's own lock,
 * taken before s->lock is let go, so that a direction's segments reach the
 * scanner in the order they were tracked; meanwhile the other direction's
 * segments can be tracked, and its pure ACKs (nothing to scan) pass
 * without waiting for a scan of the bulk going the other way. Lock order:
 * s->lock, then sc->lock; s->lock is taken again only after sc->lock is
 * let go.
 */
static void scan_unlock(struct rg_net *rn, struct rg_session *s,
			const struct rg_pkt *p, struct scan_out *o)
	__releases(&s->lock)
{
	struct rg_scan *sc = rg_session_scanner(s);
	unsigned int side = p->seg.dir ^ rg_tcp_client_dir(&s->tcp);
	unsigned int cend = rg_tcp_client_dir(&s->tcp) ^
			    !!(s->flags & RG_SESS_CREATOR_1);
	u16 server_port = ntohs(s->key.port[!cend]);
	bool syn = p->seg.flags & RG_TCPF_SYN;

	o->from_client = side == RG_CLIENT;
	if (!p->seg.len && !syn) {
		spin_unlock(&s->lock);
		return;
	}
	spin_lock(&sc->lock);
	spin_unlock(&s->lock);
	/*
	 * A stream starts after its SYN. One picked up mid-stream starts, as
	 * offset 0, at the first segment with data seen in that direction;
	 * so does one first scanned once a set was loaded (scan_side.c).
	 */
	if (syn)
		rg_scan_base(sc, side, p->seg.seq + 1);
	else
		rg_scan_base(sc, side, p->seg.seq);
	/*
	 * The bytes scanned must be the bytes the receiver keeps: a segment
	 * with a bad checksum would be scanned here, dropped there, and its
	 * seq range then skipped as already scanned when the sender fills
	 * it with other bytes. Offloads make this free for most packets.
	 */
	if (p->seg.len && rg_scan_pending(rn, sc, side) &&
	    tcp_csum_bad(p->skb, p->thoff, p->state->pf)) {
		spin_unlock(&sc->lock);
		rg_stats_add(rn, RSTGUARD_STATS_A_MALFORMED, 1);
		o->verdict = RG_SCAN_DROP;
		return;
	}
	o->verdict = rg_scan_segment(rn, sc, p->skb, p->poff, p->seg.seq + syn,
				     p->seg.len, side, server_port, &o->hit);
	spin_unlock(&sc->lock);
	if (o->verdict != RG_SCAN_THREAT && !o->hit.nalerts)
		return;
	spin_lock(&s->lock);
	if (o->verdict == RG_SCAN_THREAT) {
		/* ends once it has been quiet for a time-wait (gc.c) */
		s->causes |= RG_END_BIT(RSTGUARD_END_THREAT);
		s->flags |= RG_SESS_BLOCKED;
		sc->sig_id = o->hit.sig_id;
	}
	if (o->hit.nalerts)
		rg_session_record(rn, s, &o->rec);
	spin_unlock(&s->lock);
}

/*
 * A session that began while no set was loaded gets scanner state with
 * its first segment with data once one is (scan_side.c). False if it
 * needed it and none could be allocated: the segment is dropped rather
 * than passed unscanned, and its retransmission tries again. Caller holds
 * s->lock.
 */
static bool has_scanner(struct rg_net *rn, struct rg_session *s,
			const struct rg_pkt *p)
{
	if ((s->flags & (RG_SESS_SCAN | RG_SESS_SIDE_SCAN | RG_SESS_BLOCKED)) ||
	    !p->seg.len || !rcu_access_pointer(rn->sigs))
		return true;
	return !!rg_scan_side_add(rn, s);
}

/* Act on what scan_unlock() found, after the unlock; returns the verdict. */
static unsigned int scan_act(struct rg_net *rn, const struct rg_pkt *p,
			     struct scan_out *o)
{
	bool client = false, server = false;
	u32 i;

	for (i = 0; i < o->hit.nalerts; i++)
		rg_sig_alert(rn, &o->rec, o->hit.alerts[i]);
	if (o->verdict == RG_SCAN_PASS)
		return NF_ACCEPT;
	if (o->verdict == RG_SCAN_DROP)
		return NF_DROP;
	switch (o->hit.action) {
	case RSTGUARD_SIG_ACTION_RESET_CLIENT:
		client = true;
		break;
	case RSTGUARD_SIG_ACTION_RESET_SERVER:
		server = true;
		break;
	case RSTGUARD_SIG_ACTION_RESET_BOTH:
		client = true;
		server = true;
		break;
	}
	if (o->from_client ? client : server)
		rg_reset_sender(rn, p->skb, p->state, o->from_client);
	if (o->from_client ? server : client)
		reset_receiver(rn, p, o->hit.seq, !o->from_client);
	return NF_DROP;
}

/*
 * Flowtables. With the offload mark set, a session that needs nothing more
 * of rstguard (its handshake done, nothing left to scan, no threat, no RST
 * in doubt) is released: each of its packets gets the mark, and the
 * admin's "flow add" rule, matching it, may hand the flow to a flowtable.
 * Only a session with conntrack's entry (RG_SESS_CT) is released: it is
 * followed there through that entry. Caller holds s->lock.
 */
static void offload_release(struct rg_net *rn, struct rg_session *s,
			    struct sk_buff *skb)
{
	u32 mark = READ_ONCE(rn->cfg.offload_mark);
	struct rg_scan *sc;

	if (!mark)
		return;
	if (!(s->flags & RG_SESS_RELEASED)) {
		if ((s->flags & RG_SESS_BLOCKED) ||
		    rg_tcp_state(&s->tcp) != RSTGUARD_TCP_ESTABLISHED ||
		    !rg_tcp_seen_both(&s->tcp))
			return;
		/* a set loaded since it began: scanned from its next data */
		sc = rg_session_scanner(s);
		if (sc ? !rg_scan_finished(rn, sc) : !!rcu_access_pointer(rn->sigs))
			return;
		s->flags |= RG_SESS_RELEASED;
	}
	skb->mark |= mark;
}

/*
 * A packet of a session a flowtable took is on FORWARD again: the flowtable
 * gave the flow back (a FIN or an RST, its idle timeout), or forwards only
 * one way. The tracker's windows are behind by what the flowtable
 * forwarded: it resumes from the next segment of each side. Returns the
 * conntrack reference to drop once s->lock is released, if the flow is out
 * of the flowtable. Caller holds s->lock.
 */
static struct nf_conn *offload_returned(struct rg_net *rn,
					struct rg_session *s,
					struct rg_session_ct *sct)
{
	rg_tcp_resume(&s->tcp);
	rg_stats_add(rn, RSTGUARD_STATS_A_OFFLOAD_RETURNED, 1);
	if (sct && rg_ct_still_offloaded(sct))
		return NULL;
	s->flags &= ~RG_SESS_OFFLOADED;
	return sct ? rg_ct_unfollow(sct) : NULL;
}

/* Caller holds rcu_read_lock(); @s came from the table. */
static unsigned int track_existing(struct rg_net *rn, struct rg_session *s,
				   struct rg_pkt *p)
{
	struct scan_out o = { .verdict = RG_SCAN_PASS };
	struct rg_session_ct *sct;
	unsigned int verdict = NF_ACCEPT;
	struct nf_conn *unfollow = NULL;
	enum rg_tcp_verdict v;
	struct rg_record rec;
	bool ended;

	spin_lock(&s->lock);
	if (s->flags & RG_SESS_DEAD) {
		/* being unlinked by another CPU this very moment */
		spin_unlock(&s->lock);
		rg_stats_add(rn, RSTGUARD_STATS_A_UNTRACKED, 1);
		return NF_ACCEPT;
	}
	p->seg.dir = p->pk.dir ^ !!(s->flags & RG_SESS_CREATOR_1);
	sct = rg_session_ct(s);
	if (sct)
		rg_ct_bind(sct, p->skb, p->seg.dir);
	if (unlikely(s->flags & RG_SESS_OFFLOADED))
		unfollow = offload_returned(rn, s, sct);
	if (s->flags & RG_SESS_BLOCKED) {
		/* a threat was found: nothing passes until it goes quiet */
		s->last = (u32)jiffies;
		count_packet(s, p);
		spin_unlock(&s->lock);
		rg_ct_put(unfollow);
		return NF_DROP;
	}
	v = rg_tcp_track(&s->tcp, &s->hist, &p->seg);
	switch (v) {
	case RG_TCP_REUSE:
		/* the old session's FIN or RST stays a cause, and ranks higher */
		ended = rg_session_end_locked(s, RG_END_BIT(RSTGUARD_END_TCP_REUSE) |
					      rg_tcp_close_causes(&s->tcp), &rec);
		spin_unlock(&s->lock);
		rg_ct_put(unfollow);
		if (ended) {
			rg_session_unlink(rn, s);
			rg_session_ended(rn, &rec);
		}
		return track_new(rn, p);
	case RG_TCP_RST_OUT_OF_WINDOW:
		rg_stats_add(rn, RSTGUARD_STATS_A_RST_OUT_OF_WINDOW, 1);
		verdict = NF_DROP;
		break;
	case RG_TCP_INVALID:
		rg_stats_add(rn, RSTGUARD_STATS_A_INVALID, 1);
		if (READ_ONCE(rn->cfg.strict)) {
			rg_stats_add(rn, RSTGUARD_STATS_A_INVALID_DROPPED, 1);
			verdict = NF_DROP;
			break;
		}
		count_packet(s, p);
		break;
	case RG_TCP_RST_UNVERIFIED:
		/* for the receiver to challenge; no refresh: may be forged */
		rg_stats_add(rn, RSTGUARD_STATS_A_RST_UNVERIFIED, 1);
		fallthrough;
	case RG_TCP_IGNORE:
		count_packet(s, p);
		break;
	default:
		s->last = (u32)jiffies;
		count_packet(s, p);
		break;
	}
	if (verdict == NF_ACCEPT && sct)
		offload_release(rn, s, p->skb);
	/* what is forwarded is scanned; RSTs carry nothing to scan */
	if (verdict == NF_ACCEPT && v != RG_TCP_RST_EXACT &&
	    v != RG_TCP_RST_UNVERIFIED && !has_scanner(rn, s, p))
		verdict = NF_DROP;	/* none could be allocated */
	if (verdict == NF_ACCEPT && (s->flags & (RG_SESS_SCAN | RG_SESS_SIDE_SCAN)) &&
	    v != RG_TCP_RST_EXACT && v != RG_TCP_RST_UNVERIFIED)
		scan_unlock(rn, s, p, &o);
	else
		spin_unlock(&s->lock);
	rg_ct_put(unfollow);
	if (o.verdict != RG_SCAN_PASS || o.hit.nalerts)
		return scan_act(rn, p, &o);
	return verdict;
}

/*
 * End, at once, the session @p would have started: a refused SYN. Its record
 * says what the SYN said; @cause and @rule_id say why it went no further.
 */
static void end_unborn(struct rg_net *rn, struct rg_pkt *p,
		       enum rstguard_end_reason cause, u32 rule_id)
{
	struct rg_session tmp;
	struct rg_record rec;

	memset(&tmp, 0, sizeof(tmp));
	tmp.key = p->pk.key;
	if (p->pk.dir)
		tmp.flags |= RG_SESS_CREATOR_1;
	p->seg.dir = 0;
	rg_tcp_init(&tmp.tcp, &tmp.hist, &p->seg);
	tmp.start = (u32)jiffies;
	tmp.last = tmp.start;
	tmp.pkts[0] = 1;
	tmp.bytes[0] = p->len;
	tmp.rule_id = rule_id;
	rg_session_record(NULL, &tmp, &rec);
	rec.causes = RG_END_BIT(cause);
	rec.reason = cause;
	rg_session_ended(rn, &rec);
}

static bool pure_syn(const struct rg_pkt *p)
{
	return (p->seg.flags & (RG_TCPF_SYN | RG_TCPF_ACK)) == RG_TCPF_SYN;
}

/* Who sent @p, as rg_tcp_init() will see it: a SYN-ACK comes from the server. */
static bool sent_by_client(const struct rg_pkt *p)
{
	return !((p->seg.flags & RG_TCPF_SYN) && (p->seg.flags & RG_TCPF_ACK));
}

/*
 * No room for a new session. Only a SYN is refused: it ends at once as
 * resources-unavailable (event, log, counter) and is dropped, so the client
 * sees its connection time out rather than a session rstguard cannot guard.
 * Anything else (a pickup, or a SYN with fail-open on) passes untracked.
 */
static unsigned int refuse(struct rg_net *rn, struct rg_pkt *p)
{
	if (!pure_syn(p)) {
		rg_stats_add(rn, RSTGUARD_STATS_A_UNTRACKED, 1);
		return NF_ACCEPT;
	}
	rg_stats_add(rn, RSTGUARD_STATS_A_REFUSED_FULL, 1);
	if (READ_ONCE(rn->cfg.fail_open)) {
		rg_stats_add(rn, RSTGUARD_STATS_A_UNTRACKED, 1);
		return NF_ACCEPT;
	}
	end_unborn(rn, p, RSTGUARD_END_RESOURCES_UNAVAILABLE, 0);
	return NF_DROP;
}

/* The first match for the flow @p starts, client to server. */
static u8 policy_eval(struct rg_net *rn, const struct rg_pkt *p, u32 *rule_id)
{
	unsigned int c = p->pk.dir ^ !sent_by_client(p);
	const struct nf_hook_state *st = p->state;
	const struct net_device *in = st->in, *out = st->out;
	struct rg_flow f = { .family = p->pk.key.family };

	memcpy(f.src, &p->pk.key.addr[c], sizeof(f.src));
	memcpy(f.dst, &p->pk.key.addr[!c], sizeof(f.dst));
	f.sport = ntohs(p->pk.key.port[c]);
	f.dport = ntohs(p->pk.key.port[!c]);
	if (!sent_by_client(p))
		swap(in, out);
	f.iif = in ? in->name : NULL;
	f.oif = out ? out->name : NULL;
	*rule_id = 0;	/* a new session: every match is a hit */
	return rg_rules_eval(rn, &f, rule_id);
}

/*
 * A rule refuses the session @p would start: drop @p, send the resets the
 * action names, and report a refused SYN as policy-deny. A SYN has told the
 * server nothing yet, so only the client can be reset then; for a pickup
 * the receiver is reset with the sequence numbers of the packet in hand.
 */
static unsigned int policy_refuse(struct rg_net *rn, struct rg_pkt *p,
				  u8 action, u32 rule_id)
{
	bool from_client = sent_by_client(p), client, server;

	rg_stats_add(rn, RSTGUARD_STATS_A_POLICY_DROPPED, 1);
	rg_action_targets(action, &client, &server);
	if (from_client ? client : server)
		rg_reset_sender(rn, p->skb, p->state, from_client);
	if (!pure_syn(p) && (from_client ? server : client))
		reset_receiver(rn, p, p->seg.seq, !from_client);
	if (pure_syn(p))
		end_unborn(rn, p, RSTGUARD_END_POLICY_DENY, rule_id);
	return NF_DROP;
}

static unsigned int track_new(struct rg_net *rn, struct rg_pkt *p)
{
	struct scan_out o = { .verdict = RG_SCAN_PASS };
	struct rg_session *s, *old;
	bool scan, ct;
	u32 rule_id;
	u8 action;

	if (!rg_tcp_flags_valid(p->seg.flags)) {
		rg_stats_add(rn, RSTGUARD_STATS_A_INVALID, 1);
		if (READ_ONCE(rn->cfg.strict)) {
			rg_stats_add(rn, RSTGUARD_STATS_A_INVALID_DROPPED, 1);
			return NF_DROP;
		}
		rg_stats_add(rn, RSTGUARD_STATS_A_UNTRACKED, 1);
		return NF_ACCEPT;
	}
	/* An RST never starts a session: there is nothing left to guard. */
	if (p->seg.flags & RG_TCPF_RST) {
		rg_stats_add(rn, RSTGUARD_STATS_A_UNTRACKED, 1);
		return NF_ACCEPT;
	}
	action = policy_eval(rn, p, &rule_id);
	if (action != RSTGUARD_ACTION_ALLOW)
		return policy_refuse(rn, p, action, rule_id);
	if (!rg_table_reserve(rn))
		return refuse(rn, p);
	/* with signatures loaded, every new session is scanned */
	scan = !!rcu_access_pointer(rn->sigs);
	ct = rg_ct_tracked(p->skb);
	s = rg_session_alloc(scan, ct);
	if (!s && scan) {
		rg_stats_add(rn, RSTGUARD_STATS_A_SCAN_NOMEM, 1);
		s = rg_session_alloc(false, ct);
	}
	if (!s) {
		rg_table_unreserve(rn);
		return refuse(rn, p);
	}
	s->key = p->pk.key;
	if (p->pk.dir)
		s->flags |= RG_SESS_CREATOR_1;
	p->seg.dir = 0;
	if (!rg_tcp_init(&s->tcp, &s->hist, &p->seg)) {
		rg_session_free(s);
		rg_table_unreserve(rn);
		rg_stats_add(rn, RSTGUARD_STATS_A_UNTRACKED, 1);
		return NF_ACCEPT;
	}
	if (rg_tcp_picked_up(&s->tcp))
		s->flags |= RG_SESS_PICKUP;
	s->start = (u32)jiffies;
	s->last = s->start;
	s->pkts[0] = 1;
	s->bytes[0] = p->len;
	s->rule_id = rule_id;
	if (ct)
		rg_ct_bind(rg_session_ct(s), p->skb, 0);

	old = rg_table_insert(rn, s);
	if (old) {
		rg_session_free(s);
		rg_table_unreserve(rn);
		if (IS_ERR(old))
			return refuse(rn, p);
		/* another CPU created it first: this packet is its second */
		return NF_ACCEPT;
	}
	rg_stats_add(rn, RSTGUARD_STATS_A_SESSIONS_CREATED, 1);
	if (s->flags & RG_SESS_PICKUP)
		rg_stats_add(rn, RSTGUARD_STATS_A_PICKUPS, 1);
	if (!(s->flags & RG_SESS_SCAN))
		return NF_ACCEPT;
	/* a stream starts here; a SYN may carry data (TFO), a pickup does */
	spin_lock(&s->lock);
	if (!(s->flags & RG_SESS_DEAD))
		scan_unlock(rn, s, p, &o);
	else
		spin_unlock(&s->lock);
	return scan_act(rn, p, &o);
}

/* The addresses of the packet in hand, by family. */
static void packet_key(struct rg_pkt_key *pk, const struct sk_buff *skb,
		       u8 pf, const struct tcphdr *th)
{
	if (pf == NFPROTO_IPV4) {
		const struct iphdr *iph = ip_hdr(skb);

		rg_key_from_tuple(pk, AF_INET, &iph->saddr, &iph->daddr,
				  th->source, th->dest);
	} else {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);

		rg_key_from_tuple(pk, AF_INET6, &ip6h->saddr, &ip6h->daddr,
				  th->source, th->dest);
	}
}

/*
 * From the last FORWARD hook: @ct, the entry of @skb, is offloaded; if it
 * was not before, a flowtable took the flow with this packet. Follow it
 * there: the GC keeps the session while the flowtable has the flow (gc.c).
 */
void rg_track_offloaded(struct rg_net *rn, struct sk_buff *skb,
			unsigned int thoff, const struct nf_hook_state *state,
			struct nf_conn *ct)
{
	struct tcphdr _th;
	const struct tcphdr *th;
	struct rg_session *s;
	struct rg_pkt_key pk;
	bool unreleased;

	th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);
	if (!th)
		return;
	packet_key(&pk, skb, state->pf, th);
	s = rg_table_lookup(rn, &pk.key);
	if (!s)
		return;
	spin_lock(&s->lock);
	if (s->flags & (RG_SESS_DEAD | RG_SESS_OFFLOADED)) {
		spin_unlock(&s->lock);
		return;
	}
	/* without conntrack's entry of its own, it cannot be followed */
	if (s->flags & RG_SESS_CT)
		rg_ct_follow(rg_session_ct(s), ct);
	s->flags |= RG_SESS_OFFLOADED;
	unreleased = !(s->flags & RG_SESS_RELEASED);
	spin_unlock(&s->lock);
	rg_stats_add(rn, RSTGUARD_STATS_A_OFFLOADED, 1);
	if (unreleased) {
		rg_stats_add(rn, RSTGUARD_STATS_A_OFFLOAD_UNRELEASED, 1);
		pr_warn_ratelimited("a flowtable took a session rstguard still inspects: match the offload mark in the flow add rule\n");
	}
}

unsigned int rg_track_tcp(struct rg_net *rn, struct sk_buff *skb,
			  unsigned int thoff, const struct nf_hook_state *state)
{
	struct tcphdr _th;
	const struct tcphdr *th;
	struct rg_session *s;
	struct rg_pkt p;

	th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);
	if (!th || th->doff < sizeof(*th) / 4 ||
	    thoff + th->doff * 4 > skb->len) {
		rg_stats_add(rn, RSTGUARD_STATS_A_MALFORMED, 1);
		return NF_ACCEPT;
	}
	rg_stats_add(rn, RSTGUARD_STATS_A_TCP_PACKETS, 1);
	rg_stats_add(rn, RSTGUARD_STATS_A_TCP_BYTES, skb->len);

	p.seg.flags = tcp_flag_byte(th);
	/*
	 * A control segment with a bad checksum would move our state while
	 * the endpoint drops it. Data segments are left to the endpoints:
	 * checking them would cost a pass over every payload byte.
	 */
	if ((p.seg.flags & (RG_TCPF_SYN | RG_TCPF_FIN | RG_TCPF_RST)) &&
	    tcp_csum_bad(skb, thoff, state->pf)) {
		rg_stats_add(rn, RSTGUARD_STATS_A_MALFORMED, 1);
		return NF_ACCEPT;
	}
	p.seg.seq = ntohl(th->seq);
	p.seg.ack = ntohl(th->ack_seq);
	p.seg.len = skb->len - thoff - th->doff * 4;
	p.seg.window = ntohs(th->window);
	p.seg.wscale = (p.seg.flags & RG_TCPF_SYN) ?
		       tcp_wscale(skb, thoff, th) : RG_TCP_WSCALE_NONE;
	p.len = skb->len;
	p.thoff = thoff;
	p.poff = thoff + th->doff * 4;
	p.skb = skb;
	p.state = state;
	packet_key(&p.pk, skb, state->pf, th);

	s = rg_table_lookup(rn, &p.pk.key);
	if (s)
		return track_existing(rn, s, &p);
	return track_new(rn, &p);
}
