// SPDX-License-Identifier: GPL-2.0
/*
 * TCP tracking for rstguard, after net/netfilter/nf_conntrack_proto_tcp.c.
 *
 * Window tracking is Guido van Rooij's "Real Stateful TCP Packet Filtering
 * in IP Filter" as conntrack implements it. For a segment from sender s to
 * receiver r, with end = seq + len (+1 for SYN, +1 for FIN):
 *
 *	I.   seq <= s.maxend			(not past the right edge)
 *	II.  end >= s.end - r.maxwin		(not older than a window)
 *	III. ack <= r.end			(acks nothing unsent)
 *	IV.  ack >= r.end - max(s.maxwin, 66000)
 *
 * Differences from conntrack, all deliberate:
 *  - RSTs are judged as the receiver's own stack judges them (RFC 5961 3.2,
 *    tcp_validate_incoming() in Linux): in window from the receiver's
 *    latest ACK (its RCV.NXT, as far as we saw it) to the right edge it
 *    advertised; exact at the sender's next seq, at that ACK, or one below
 *    the sender's next after its FIN (tcp_reset_check()). Only an exact RST
 *    closes a session; an inexact one in window is passed for the receiver
 *    to challenge and changes nothing, however often it comes: a real
 *    reset's sender answers the challenge ACK with an RST at the ACK's
 *    number, which is exact. Nothing ends a session on a timer but idling.
 *  - A FIN counts when nothing is missing before it, or once its receiver
 *    ACKs it: a blind FIN ahead of the stream changes no state.
 *  - The FIN states follow PAN-OS: half-closed each way, CLOSING once both
 *    sides sent FIN, TIME_WAIT once both FINs are acked.
 *  - SACK blocks and timestamps are not parsed; III and IV use the ACK.
 *  - A failed segment never changes anything: each segment is tracked on a
 *    copy that is kept only if the verdict allows it.
 */
#include "tcp_track.h"

/* conntrack's MAXACKWINCONST: slack for ACKs of data far behind. */
#define RG_MAXACKWIN_MIN	66000

enum rg_seg_class {
	RG_SEG_SYN,
	RG_SEG_SYNACK,
	RG_SEG_RST,
	RG_SEG_FIN,
	RG_SEG_ACK,
	RG_SEG_BAD,
};

/* The combinations conntrack's tcp_valid_flags[] allows; PSH/ECE/CWR free. */
static enum rg_seg_class rg_seg_classify(u8 flags)
{
	switch (flags & (RG_TCPF_FIN | RG_TCPF_SYN | RG_TCPF_RST |
			 RG_TCPF_ACK | RG_TCPF_URG)) {
	case RG_TCPF_SYN:
	case RG_TCPF_SYN | RG_TCPF_URG:
		return RG_SEG_SYN;
	case RG_TCPF_SYN | RG_TCPF_ACK:
		return RG_SEG_SYNACK;
	case RG_TCPF_RST:
	case RG_TCPF_RST | RG_TCPF_ACK:
		return RG_SEG_RST;
	case RG_TCPF_FIN | RG_TCPF_ACK:
	case RG_TCPF_FIN | RG_TCPF_ACK | RG_TCPF_URG:
		return RG_SEG_FIN;
	case RG_TCPF_ACK:
	case RG_TCPF_ACK | RG_TCPF_URG:
		return RG_SEG_ACK;
	default:
		return RG_SEG_BAD;
	}
}

bool rg_tcp_flags_valid(u8 flags)
{
	return rg_seg_classify(flags) != RG_SEG_BAD;
}

static u32 rg_seg_end(const struct rg_tcp_seg *seg)
{
	return seg->seq + seg->len + !!(seg->flags & RG_TCPF_SYN) +
	       !!(seg->flags & RG_TCPF_FIN);
}

static unsigned int rg_side_of(const struct rg_tcp *t, u8 dir)
{
	return (dir & 1) ^ rg_tcp_client_dir(t);
}

/* RFC 7323: scaling is on only if both SYNs carried the option. */
static unsigned int rg_scale(const struct rg_tcp *t, unsigned int side)
{
	u16 both = RG_TCP_F_WS_C | RG_TCP_F_WS_S;

	if ((t->flags & both) != both)
		return 0;
	return (t->wscale >> (side * 4)) & 0xf;
}

/* A side's SYN or SYN-ACK: its sequence space and its offered scale. */
static void rg_side_init_syn(struct rg_tcp *t, unsigned int side,
			     const struct rg_tcp_seg *seg)
{
	struct rg_tcp_side *s = &t->side[side];
	unsigned int shift = side * 4;

	s->end = rg_seg_end(seg);
	s->maxend = s->end;
	s->maxwin = seg->window ? seg->window : 1;
	/* the least the peer's RCV.NXT can be once it has the SYN */
	t->side[!side].acked = s->end;

	t->wscale &= ~(0xf << shift);
	t->flags &= ~(RG_TCP_F_WS_C << side);
	if (seg->wscale != RG_TCP_WSCALE_NONE) {
		u32 ws = rg_min_u32(seg->wscale, RG_TCP_MAX_WSCALE);

		t->wscale |= ws << shift;
		t->flags |= RG_TCP_F_WS_C << side;
	}
}

static unsigned int rg_synack_side(const struct rg_tcp *t)
{
	return (t->flags & RG_TCP_F_SYNACK_C) ? RG_CLIENT : RG_SERVER;
}

/*
 * conntrack's "work around TCPs that send more bytes than allowed by the
 * receive window": if only the right edge is exceeded, by at most a window,
 * pass the segment and learn its end, or the receiver's ACK of it would
 * later look like an ACK of unseen data.
 */
static enum rg_tcp_verdict rg_overshoot(struct rg_tcp_side *s,
					const struct rg_tcp_side *r,
					u32 end, u32 ack, u32 maxackwin)
{
	if (r->maxwin && !rg_before(end, s->end - r->maxwin) &&
	    end - s->maxend <= r->maxwin &&
	    !rg_after(ack, r->end) && !rg_before(ack, r->end - maxackwin)) {
		if (rg_after(end, s->end))
			s->end = end;
		return RG_TCP_IGNORE;
	}
	return RG_TCP_INVALID;
}

/*
 * Window checks I-IV and the window update for a non-RST segment from
 * @x. Picked-up sessions are liberal, like conntrack's loose pickup: their
 * scale factors are unknown, so instead of judging a segment the tracker
 * stretches its idea of the windows to cover it.
 */
static enum rg_tcp_verdict rg_in_window(struct rg_tcp *t, unsigned int x,
					const struct rg_tcp_seg *seg, u32 end)
{
	struct rg_tcp_side *s = &t->side[x];
	struct rg_tcp_side *r = &t->side[!x];
	u32 ack = (seg->flags & RG_TCPF_ACK) ? seg->ack : r->end;
	u32 win = seg->window;

	/* RFC 7323 2.2: the window in a SYN is never scaled. */
	if (!(seg->flags & RG_TCPF_SYN))
		win <<= rg_scale(t, x);

	if (!s->maxwin) {
		/* First segment from a side not seen since pickup or resume. */
		s->end = end;
		s->maxwin = win ? win : 1;
		s->maxend = end + s->maxwin;
		s->acked = ack;
	}

	if (t->flags & RG_TCP_F_PICKUP) {
		if (rg_after(end, s->maxend))
			s->maxend = end;
		if (rg_after(ack, r->end))
			r->end = ack;
	} else {
		u32 maxackwin = rg_max_u32(s->maxwin, RG_MAXACKWIN_MIN);

		if (rg_after(seg->seq, s->maxend))
			return rg_overshoot(s, r, end, ack, maxackwin);
		if (rg_after(ack, r->end))
			return RG_TCP_INVALID;
		if (r->maxwin && rg_before(end, s->end - r->maxwin))
			return RG_TCP_INVALID;
		if (rg_before(ack, r->end - maxackwin))
			return RG_TCP_INVALID;
	}

	if (s->maxwin < win)
		s->maxwin = win;
	if (rg_after(end, s->end))
		s->end = end;
	if ((seg->flags & RG_TCPF_ACK) && rg_after(ack, s->acked))
		s->acked = ack;
	/* The receiver took more than we thought it offered. */
	if (r->maxwin && rg_after(end, s->maxend))
		r->maxwin += end - s->maxend;
	if (!rg_before(ack + win, r->maxend)) {
		r->maxend = ack + win;
		/* leave room for a zero-window probe */
		if (!win)
			r->maxend++;
	}
	return RG_TCP_ACCEPT;
}

/*
 * Record an exact RST. Only the first counts for the end cause: it closed
 * the session, and later ones found it closed.
 */
static void rg_rst_seen(struct rg_tcp *t, unsigned int x)
{
	if (!(t->flags & RG_TCP_F_RST_SEEN)) {
		t->flags |= RG_TCP_F_RST_SEEN;
		if (x == RG_SERVER)
			t->flags |= RG_TCP_F_RST_FIRST_S;
	}
}

static enum rg_tcp_verdict rg_rst_close(struct rg_tcp *t, unsigned int x)
{
	rg_rst_seen(t, x);
	t->state = RSTGUARD_TCP_CLOSED;
	return RG_TCP_RST_EXACT;
}

/*
 * An RST from @x that its receiver takes: at the sender's next seq (what
 * Linux sends when it aborts), at the receiver's latest ACK (an RST in
 * answer to a segment, a challenge ACK's included, carries that segment's
 * ACK), or, once the sender's FIN is in, one below its next (Linux's
 * tcp_reset_check() takes that in CLOSE_WAIT, LAST_ACK and CLOSING).
 */
static bool rg_rst_exact(const struct rg_tcp *t, unsigned int x, u32 seq)
{
	const struct rg_tcp_side *s = &t->side[x];
	const struct rg_tcp_side *r = &t->side[!x];

	if (seq == s->end)
		return true;
	if (r->maxwin && seq == r->acked)
		return true;
	return (t->flags & (RG_TCP_F_FIN_C << x)) && seq == s->end - 1;
}

/*
 * RFC 5961 3.2's window as the receiver applies it (tcp_sequence()): from
 * its RCV.NXT, which is at least its latest ACK, up to the right edge it
 * advertised, inclusive. A receiver not seen since a pickup or a
 * flowtable resume gave us no ACK to start from: only the edge bounds it.
 */
static bool rg_rst_in_window(const struct rg_tcp *t, unsigned int x, u32 seq)
{
	const struct rg_tcp_side *s = &t->side[x];
	const struct rg_tcp_side *r = &t->side[!x];

	if (rg_after(seq, s->maxend))
		return false;
	return !r->maxwin || !rg_before(seq, r->acked);
}

static enum rg_tcp_verdict rg_track_rst(struct rg_tcp *t, unsigned int x,
					const struct rg_tcp_seg *seg)
{
	const struct rg_tcp_side *s = &t->side[x];
	const struct rg_tcp_side *r = &t->side[!x];

	switch (t->state) {
	case RSTGUARD_TCP_SYN_SENT:
		/*
		 * RFC 793: in SYN-SENT an RST is acceptable if it acks the
		 * SYN; this is how a refused connection ends.
		 */
		if (x == RG_SERVER) {
			if ((seg->flags & RG_TCPF_ACK) && seg->ack == r->end)
				return rg_rst_close(t, x);
		} else if (seg->seq == s->end) {
			return rg_rst_close(t, x);
		} else if (t->flags & RG_TCP_F_CHALLENGE) {
			/*
			 * Likely the client's answer to the server's
			 * challenge ACK, aimed at the server's stale
			 * connection: the server judges it, we do not.
			 */
			return RG_TCP_IGNORE;
		}
		return RG_TCP_RST_OUT_OF_WINDOW;
	case RSTGUARD_TCP_SYN_SENT2:
	case RSTGUARD_TCP_SYN_RECV:
	case RSTGUARD_TCP_ESTABLISHED:
	case RSTGUARD_TCP_FIN_CLIENT:
	case RSTGUARD_TCP_FIN_SERVER:
	case RSTGUARD_TCP_CLOSING:
		if (rg_rst_exact(t, x, seg->seq))
			return rg_rst_close(t, x);
		break;
	case RSTGUARD_TCP_TIME_WAIT:
	case RSTGUARD_TCP_CLOSED:
		/*
		 * Both sides are done already; a late exact RST neither
		 * closes anything nor changes how the session ended.
		 */
		if (rg_rst_exact(t, x, seg->seq)) {
			rg_rst_seen(t, x);
			return RG_TCP_ACCEPT;
		}
		break;
	default:
		return RG_TCP_INVALID;
	}
	if (!rg_rst_in_window(t, x, seg->seq))
		return RG_TCP_RST_OUT_OF_WINDOW;
	return RG_TCP_RST_UNVERIFIED;
}

static enum rg_tcp_verdict rg_track_syn(struct rg_tcp *t, unsigned int x,
					const struct rg_tcp_seg *seg)
{
	struct rg_tcp_side *s = &t->side[x];
	u32 end = rg_seg_end(seg);

	switch (t->state) {
	case RSTGUARD_TCP_SYN_SENT:
		if (x == RG_CLIENT) {
			/* A new ISN: the client started the attempt over. */
			if (end != s->end)
				rg_side_init_syn(t, x, seg);
			return RG_TCP_ACCEPT;
		}
		rg_side_init_syn(t, x, seg);
		t->flags |= RG_TCP_F_SIMOPEN;
		t->state = RSTGUARD_TCP_SYN_SENT2;
		return RG_TCP_ACCEPT;
	case RSTGUARD_TCP_SYN_SENT2:
		return end == s->end ? RG_TCP_ACCEPT : RG_TCP_INVALID;
	case RSTGUARD_TCP_SYN_RECV:
		if (end == s->end)
			return RG_TCP_ACCEPT;
		if (x != RG_CLIENT || (t->flags & RG_TCP_F_SIMOPEN))
			return RG_TCP_INVALID;
		/* The client gave up on this handshake and began another. */
		memset(&t->side[RG_SERVER], 0, sizeof(t->side[RG_SERVER]));
		t->flags &= ~(RG_TCP_F_WS_S | RG_TCP_F_SYNACK_C);
		rg_side_init_syn(t, x, seg);
		t->state = RSTGUARD_TCP_SYN_SENT;
		return RG_TCP_ACCEPT;
	case RSTGUARD_TCP_ESTABLISHED:
	case RSTGUARD_TCP_FIN_CLIENT:
	case RSTGUARD_TCP_FIN_SERVER:
	case RSTGUARD_TCP_CLOSING:
		/*
		 * Either we are out of sync, an endpoint lost its state, or
		 * it is forged. Let it through, changing nothing: the peer
		 * answers with an RFC 5961 challenge ACK, whose RST reply
		 * (from an endpoint that really lost its state) carries the
		 * ACK's number, is exact and closes us.
		 */
		return RG_TCP_IGNORE;
	case RSTGUARD_TCP_TIME_WAIT:
	case RSTGUARD_TCP_CLOSED:
		return RG_TCP_REUSE;
	default:
		return RG_TCP_INVALID;
	}
}

static enum rg_tcp_verdict rg_track_synack(struct rg_tcp *t, unsigned int x,
					   const struct rg_tcp_seg *seg)
{
	struct rg_tcp_side *s = &t->side[x];
	u32 end = rg_seg_end(seg);
	enum rg_tcp_verdict v;

	switch (t->state) {
	case RSTGUARD_TCP_SYN_SENT:
		if (x != RG_SERVER)
			return RG_TCP_INVALID;
		rg_side_init_syn(t, x, seg);
		v = rg_in_window(t, x, seg, end);
		if (v == RG_TCP_ACCEPT)
			t->state = RSTGUARD_TCP_SYN_RECV;
		return v;
	case RSTGUARD_TCP_SYN_SENT2:
		if (end != s->end)
			return RG_TCP_INVALID;
		v = rg_in_window(t, x, seg, end);
		if (v == RG_TCP_ACCEPT) {
			t->state = RSTGUARD_TCP_SYN_RECV;
			if (x == RG_CLIENT)
				t->flags |= RG_TCP_F_SYNACK_C;
		}
		return v;
	case RSTGUARD_TCP_SYN_RECV:
		if (x == rg_synack_side(t)) {
			/* conntrack re-inits on a SYN-ACK with a new ISN */
			if (end != s->end) {
				if (x != RG_SERVER ||
				    (t->flags & RG_TCP_F_SIMOPEN))
					return RG_TCP_INVALID;
				rg_side_init_syn(t, x, seg);
			}
			return rg_in_window(t, x, seg, end);
		}
		/* The second SYN-ACK of a simultaneous open completes it. */
		if (!(t->flags & RG_TCP_F_SIMOPEN) || end != s->end)
			return RG_TCP_INVALID;
		v = rg_in_window(t, x, seg, end);
		if (v == RG_TCP_ACCEPT)
			t->state = RSTGUARD_TCP_ESTABLISHED;
		return v;
	case RSTGUARD_TCP_ESTABLISHED:
	case RSTGUARD_TCP_FIN_CLIENT:
	case RSTGUARD_TCP_FIN_SERVER:
	case RSTGUARD_TCP_CLOSING:
	case RSTGUARD_TCP_TIME_WAIT:
	case RSTGUARD_TCP_CLOSED:
		/* A late retransmission, harmless to forward. */
		return RG_TCP_IGNORE;
	default:
		return RG_TCP_INVALID;
	}
}

static void rg_fin(struct rg_tcp *t, unsigned int x)
{
	u16 fins = RG_TCP_F_FIN_C | RG_TCP_F_FIN_S;

	if (!(t->flags & fins) && x == RG_SERVER)
		t->flags |= RG_TCP_F_FIN_FIRST_S;
	t->flags |= RG_TCP_F_FIN_C << x;
	t->flags &= ~(RG_TCP_F_FINGAP_C << x);

	switch (t->state) {
	case RSTGUARD_TCP_SYN_RECV:
	case RSTGUARD_TCP_ESTABLISHED:
		t->state = x == RG_CLIENT ? RSTGUARD_TCP_FIN_CLIENT :
					    RSTGUARD_TCP_FIN_SERVER;
		break;
	case RSTGUARD_TCP_FIN_CLIENT:
	case RSTGUARD_TCP_FIN_SERVER:
		if ((t->flags & fins) == fins)
			t->state = RSTGUARD_TCP_CLOSING;
		break;
	default:
		break;
	}
}

/*
 * A FIN from @x, in window, that ends at @end; @old_end is where x's
 * stream ended before it. It counts if nothing before it is missing, as
 * the receiver would take it; one past a gap (a sender's reordered segments,
 * or a blind guess) waits for the receiver's ACK of it, and one behind what
 * x already sent contradicts x's own stream and counts for nothing.
 */
static void rg_fin_seen(struct rg_tcp *t, unsigned int x,
			const struct rg_tcp_seg *seg, u32 end, u32 old_end,
			bool unseen)
{
	if (!unseen && rg_after(seg->seq, old_end))
		t->flags |= RG_TCP_F_FINGAP_C << x;
	else if (unseen || !rg_before(end, old_end))
		rg_fin(t, x);
}

/* ACKs, data and FINs. */
static enum rg_tcp_verdict rg_track_data(struct rg_tcp *t, unsigned int x,
					 const struct rg_tcp_seg *seg)
{
	u16 finacks = RG_TCP_F_FINACK_C | RG_TCP_F_FINACK_S;
	bool has_ack = seg->flags & RG_TCPF_ACK;
	bool unseen = !t->side[x].maxwin;
	u32 old_end = t->side[x].end;
	u32 end = rg_seg_end(seg);
	enum rg_tcp_verdict v;

	switch (t->state) {
	case RSTGUARD_TCP_SYN_SENT:
		/*
		 * Nothing but a SYN-ACK may answer a SYN, except a challenge
		 * ACK from a server that still holds an older connection
		 * on this tuple (RFC 5961 4): pass that one untouched.
		 */
		if (x == RG_SERVER && !(seg->flags & RG_TCPF_FIN)) {
			t->flags |= RG_TCP_F_CHALLENGE;
			return RG_TCP_IGNORE;
		}
		return RG_TCP_INVALID;
	case RSTGUARD_TCP_SYN_RECV:
	case RSTGUARD_TCP_ESTABLISHED:
	case RSTGUARD_TCP_FIN_CLIENT:
	case RSTGUARD_TCP_FIN_SERVER:
	case RSTGUARD_TCP_CLOSING:
	case RSTGUARD_TCP_TIME_WAIT:
	case RSTGUARD_TCP_CLOSED:
		break;
	default:
		return RG_TCP_INVALID;
	}

	/* After its FIN a side may only retransmit and acknowledge. */
	if ((t->flags & (RG_TCP_F_FIN_C << x)) &&
	    rg_after(end, t->side[x].end))
		return RG_TCP_INVALID;

	v = rg_in_window(t, x, seg, end);
	if (v != RG_TCP_ACCEPT || t->state == RSTGUARD_TCP_CLOSED)
		return v;

	if (t->state == RSTGUARD_TCP_SYN_RECV && has_ack &&
	    x != rg_synack_side(t))
		t->state = RSTGUARD_TCP_ESTABLISHED;
	if (seg->flags & RG_TCPF_FIN)
		rg_fin_seen(t, x, seg, end, old_end, unseen);
	else if (rg_after(end, old_end))
		/* data past a FIN that came after a gap: it was no FIN */
		t->flags &= ~(RG_TCP_F_FINGAP_C << x);
	/* the receiver has everything up to a FIN that came after a gap */
	if (has_ack && (t->flags & (RG_TCP_F_FINGAP_C << !x)) &&
	    !rg_before(seg->ack, t->side[!x].end))
		rg_fin(t, !x);
	if (has_ack && (t->flags & (RG_TCP_F_FIN_C << !x)) &&
	    !rg_before(seg->ack, t->side[!x].end))
		t->flags |= RG_TCP_F_FINACK_C << !x;
	if ((t->flags & finacks) == finacks)
		t->state = RSTGUARD_TCP_TIME_WAIT;
	return RG_TCP_ACCEPT;
}

static void rg_history_seg(struct rg_history *h, bool server,
			   const struct rg_tcp_seg *seg, bool retrans)
{
	u8 f = seg->flags;

	if (f & RG_TCPF_SYN)
		rg_history_note(h, (f & RG_TCPF_ACK) ? RG_HIST_SYNACK :
				   RG_HIST_SYN, server);
	else if (f & RG_TCPF_RST)
		rg_history_note(h, RG_HIST_RST, server);
	else if (!(f & RG_TCPF_FIN) && !seg->len)
		rg_history_note(h, RG_HIST_ACK, server);
	if (seg->len)
		rg_history_note(h, RG_HIST_DATA, server);
	if (f & RG_TCPF_FIN)
		rg_history_note(h, RG_HIST_FIN, server);
	if (retrans)
		rg_history_note(h, RG_HIST_RETRANS, server);
	if (!seg->window && !(f & RG_TCPF_RST))
		rg_history_note(h, RG_HIST_ZERO_WIN, server);
}

/* Resending what the side had already sent: data, its SYN or its FIN. */
static bool rg_is_retrans(const struct rg_tcp *t, unsigned int x,
			  const struct rg_tcp_seg *seg)
{
	const struct rg_tcp_side *s = &t->side[x];
	u32 end = rg_seg_end(seg);

	if (!s->maxwin || (seg->flags & RG_TCPF_RST))
		return false;
	if (seg->len)
		return !rg_after(end, s->end);
	/* In a simultaneous open a side's first SYN-ACK re-uses its SYN. */
	if ((seg->flags & RG_TCPF_SYN) && (seg->flags & RG_TCPF_ACK))
		return t->state == RSTGUARD_TCP_SYN_RECV &&
		       x == rg_synack_side(t) && end == s->end;
	if (seg->flags & RG_TCPF_SYN)
		return end == s->end;
	if (seg->flags & RG_TCPF_FIN)
		return (t->flags & (RG_TCP_F_FIN_C << x)) && end == s->end;
	return false;
}

/*
 * A new session from its first segment. A SYN starts a normal session; a
 * SYN-ACK or an ACK/data/FIN segment is a mid-stream pickup (see
 * rg_tcp_track() for what that means). A lone RST or a segment with bad
 * flags creates nothing: returns false and leaves *t zeroed.
 */
bool rg_tcp_init(struct rg_tcp *t, struct rg_history *h,
		 const struct rg_tcp_seg *first)
{
	enum rg_seg_class cls = rg_seg_classify(first->flags);
	struct rg_tcp_side *c = &t->side[RG_CLIENT];
	struct rg_tcp_side *s = &t->side[RG_SERVER];
	bool server = false;

	memset(t, 0, sizeof(*t));
	switch (cls) {
	case RG_SEG_SYN:
		if (first->dir)
			t->flags |= RG_TCP_F_CLIENT_REPLY;
		rg_side_init_syn(t, RG_CLIENT, first);
		t->state = RSTGUARD_TCP_SYN_SENT;
		break;
	case RG_SEG_SYNACK:
		/* We missed the SYN; whoever it answers is the client. */
		if (!first->dir)
			t->flags |= RG_TCP_F_CLIENT_REPLY;
		t->flags |= RG_TCP_F_PICKUP;
		rg_side_init_syn(t, RG_SERVER, first);
		/*
		 * RFC 7323: a SYN-ACK carries the option only if the SYN
		 * did. The client's own factor is lost; 0 is the tight guess.
		 */
		if (first->wscale != RG_TCP_WSCALE_NONE)
			t->flags |= RG_TCP_F_WS_C;
		c->end = first->ack;
		c->maxend = first->ack;
		t->state = RSTGUARD_TCP_SYN_RECV;
		server = true;
		break;
	case RG_SEG_ACK:
	case RG_SEG_FIN:
		if (first->dir)
			t->flags |= RG_TCP_F_CLIENT_REPLY;
		t->flags |= RG_TCP_F_PICKUP;
		c->end = rg_seg_end(first);
		c->maxwin = first->window ? first->window : 1;
		c->maxend = c->end + c->maxwin;
		/* What the server has had acked is all we know of it. */
		s->end = first->ack;
		s->maxend = first->ack;
		t->state = RSTGUARD_TCP_ESTABLISHED;
		if (cls == RG_SEG_FIN)
			rg_fin(t, RG_CLIENT);
		break;
	default:
		memset(t, 0, sizeof(*t));
		return false;
	}

	if (h) {
		rg_history_init(h);
		if (t->flags & RG_TCP_F_PICKUP)
			rg_history_note(h, RG_HIST_PICKUP, false);
		rg_history_seg(h, server, first, false);
	}
	return true;
}

/*
 * Tracks one segment of an existing session.
 *
 * Mid-stream pickup (sessions created by rg_tcp_init() from anything but a
 * SYN) is liberal for data, strict for RSTs: window scale factors were in
 * the SYNs we never saw, so data and ACKs are never INVALID on window
 * grounds and only stretch the tracked windows, while an RST still has to
 * be exact to close the session, in window to be unverified, and is dropped
 * otherwise. Until the second side has been seen such a session keeps the
 * tcp-init timeout, so one-way junk (an ACK scan) does not fill the table.
 */
enum rg_tcp_verdict rg_tcp_track(struct rg_tcp *t, struct rg_history *h,
				 const struct rg_tcp_seg *seg)
{
	unsigned int x = rg_side_of(t, seg->dir);
	struct rg_tcp n = *t;
	enum rg_tcp_verdict v;

	switch (rg_seg_classify(seg->flags)) {
	case RG_SEG_SYN:
		v = rg_track_syn(&n, x, seg);
		break;
	case RG_SEG_SYNACK:
		v = rg_track_synack(&n, x, seg);
		break;
	case RG_SEG_RST:
		v = rg_track_rst(&n, x, seg);
		break;
	case RG_SEG_FIN:
	case RG_SEG_ACK:
		v = rg_track_data(&n, x, seg);
		break;
	default:
		v = RG_TCP_INVALID;
		break;
	}

	if (h) {
		switch (v) {
		case RG_TCP_INVALID:
		case RG_TCP_RST_UNVERIFIED:
		case RG_TCP_RST_OUT_OF_WINDOW:
			rg_history_note(h, RG_HIST_INVALID, x == RG_SERVER);
			break;
		case RG_TCP_REUSE:
			/* this SYN belongs to the next session */
			break;
		default:
			rg_history_seg(h, x == RG_SERVER, seg,
				       rg_is_retrans(t, x, seg));
			break;
		}
	}

	switch (v) {
	case RG_TCP_INVALID:
	case RG_TCP_RST_UNVERIFIED:
	case RG_TCP_RST_OUT_OF_WINDOW:
	case RG_TCP_REUSE:
		break;
	default:
		*t = n;
		break;
	}
	return v;
}

/*
 * A flowtable forwarded the session's segments past the tracker, and now
 * gives them back: both windows are behind by what it forwarded. Forget
 * them, as after a pickup: each side's next segment starts its window
 * again (its maxwin is 0), liberally, and until then anything ahead of
 * what the tracker last saw, by up to half the sequence space, is in
 * window, so an RST from that side can only be unverified.
 */
void rg_tcp_resume(struct rg_tcp *t)
{
	unsigned int x;

	t->flags |= RG_TCP_F_PICKUP;
	for (x = RG_CLIENT; x <= RG_SERVER; x++) {
		t->side[x].maxwin = 0;
		t->side[x].maxend = t->side[x].end + 0x7fffffff;
	}
}

/*
 * The idle timeout that applies now. CLOSING uses time-wait: both sides
 * have sent FIN, which is when PAN-OS starts its time-wait timer, and only
 * ACKs are still due. A picked-up session whose other side has not spoken
 * yet keeps tcp-init, like a SYN nobody answered.
 */
enum rstguard_timeout rg_tcp_timeout(const struct rg_tcp *t)
{
	bool unanswered = (t->flags & RG_TCP_F_PICKUP) && !rg_tcp_seen_both(t);

	switch (t->state) {
	case RSTGUARD_TCP_SYN_RECV:
		if (unanswered)
			return RSTGUARD_TIMEOUT_TCP_INIT;
		return RSTGUARD_TIMEOUT_TCP_HANDSHAKE;
	case RSTGUARD_TCP_ESTABLISHED:
		if (unanswered)
			return RSTGUARD_TIMEOUT_TCP_INIT;
		return RSTGUARD_TIMEOUT_TCP;
	case RSTGUARD_TCP_FIN_CLIENT:
	case RSTGUARD_TCP_FIN_SERVER:
		if (unanswered)
			return RSTGUARD_TIMEOUT_TCP_INIT;
		return RSTGUARD_TIMEOUT_TCP_HALF_CLOSED;
	case RSTGUARD_TCP_CLOSING:
	case RSTGUARD_TCP_TIME_WAIT:
	case RSTGUARD_TCP_CLOSED:
		return RSTGUARD_TIMEOUT_TCP_TIME_WAIT;
	default:
		return RSTGUARD_TIMEOUT_TCP_INIT;
	}
}

/*
 * The causes the TCP state implies when the idle timer runs out. A closed
 * session ends with its closing reason; PAN-OS reports tcp-fin when "one
 * host or both hosts sent a TCP FIN", so a half-closed session that idles
 * out carries tcp-fin (and aged-out, which ranks below it). On REUSE, and
 * when the admin ends a session, the glue adds these (but aged-out) to its
 * own cause: every cause seen is kept, the highest is reported.
 */
u16 rg_tcp_end_cause(const struct rg_tcp *t)
{
	u16 fin = 0;
	u16 rst;

	if (t->flags & (RG_TCP_F_FIN_C | RG_TCP_F_FIN_S))
		fin = RG_END_BIT(RSTGUARD_END_TCP_FIN);
	rst = RG_END_BIT(rg_tcp_first_rst(t) == RG_SERVER ?
			 RSTGUARD_END_TCP_RST_FROM_SERVER :
			 RSTGUARD_END_TCP_RST_FROM_CLIENT);

	if (t->state == RSTGUARD_TCP_CLOSED)
		return rst | fin;

	switch (t->state) {
	case RSTGUARD_TCP_CLOSING:
	case RSTGUARD_TCP_TIME_WAIT:
		return fin;
	case RSTGUARD_TCP_FIN_CLIENT:
	case RSTGUARD_TCP_FIN_SERVER:
		return fin | RG_END_BIT(RSTGUARD_END_AGED_OUT);
	default:
		return RG_END_BIT(RSTGUARD_END_AGED_OUT);
	}
}
