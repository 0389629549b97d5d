// SPDX-License-Identifier: GPL-2.0
/*
 * Randomized tests of the tracker.
 *
 * The reference model is a pair of well-behaved TCP endpoints: they send
 * only inside the window the peer advertised, retransmit only unacked data,
 * never let their ACK go backwards, and every segment reaches the router.
 * Against such traffic the tracker must accept every segment, for random
 * ISNs (wrapping or not), windows and scale options, and must end the
 * session the way the model closes it. Random junk then checks the
 * invariants that hold whatever arrives.
 */
#include "tests.h"
#include "conv.h"

#define RG_RANDOM_CONVS		2000
#define RG_RANDOM_JUNK		300

struct ep {
	u32 una;	/* highest ACK received from the peer */
	u32 acked;	/* highest ACK sent to the peer */
	u32 edge;	/* right edge the peer advertised */
};

struct model {
	struct conv c;
	struct ep ep[2];
	u64 rng;
};

static unsigned int model_scale(const struct model *m, unsigned int x)
{
	if (m->c.ws[C] == RG_TCP_WSCALE_NONE ||
	    m->c.ws[S] == RG_TCP_WSCALE_NONE)
		return 0;
	return rg_min_u32(m->c.ws[x], RG_TCP_MAX_WSCALE);
}

static u8 random_ws(u64 *rng)
{
	u32 r = rg_rand_below(rng, 20);

	return r >= 16 ? RG_TCP_WSCALE_NONE : r;
}

static u32 random_isn(u64 *rng)
{
	/* a quarter of the runs start just below the wrap */
	if (!rg_rand_below(rng, 4))
		return 0u - 1 - rg_rand_below(rng, 3000);
	return (u32)rg_rand(rng);
}

/* One segment from @x that acks something new and keeps the model. */
static enum rg_tcp_verdict model_send(struct model *m, unsigned int x,
				      u8 flags, u32 seq, u32 len)
{
	struct ep *e = &m->ep[x], *p = &m->ep[!x];
	u32 ack = e->acked;
	enum rg_tcp_verdict v;

	/* a lagging or a complete ACK, never going backwards */
	if (m->c.nxt[!x] != ack && rg_rand_below(&m->rng, 2))
		ack += rg_rand_below(&m->rng, m->c.nxt[!x] - ack + 1);
	else
		ack = m->c.nxt[!x];
	if (flags & FIN)
		m->c.nxt[x] = seq + len + 1;
	v = conv_raw(&m->c, x, flags | ACK, seq, ack, len);
	e->acked = ack;
	p->una = ack;
	p->edge = ack + ((u32)m->c.win[x] << model_scale(m, x));
	return v;
}

static bool model_open(struct model *m, u64 seed)
{
	struct conv *c = &m->c;

	memset(m, 0, sizeof(*m));
	m->rng = seed;
	conv_init(c, random_isn(&m->rng), random_isn(&m->rng));
	c->win[C] = 1 + rg_rand_below(&m->rng, 65535);
	c->win[S] = 1 + rg_rand_below(&m->rng, 65535);
	c->ws[C] = random_ws(&m->rng);
	c->ws[S] = random_ws(&m->rng);

	if (conv_send(c, C, SYN, 0) != RG_TCP_ACCEPT ||
	    conv_send(c, S, SYN | ACK, 0) != RG_TCP_ACCEPT)
		return false;
	/* the SYN-ACK's window is never scaled */
	m->ep[C].una = c->nxt[C];
	m->ep[C].edge = c->nxt[C] + c->win[S];
	m->ep[S].acked = c->nxt[C];
	m->ep[C].acked = c->isn[S];
	if (model_send(m, C, 0, c->nxt[C], 0) != RG_TCP_ACCEPT)
		return false;
	return rg_tcp_state(&c->t) == RSTGUARD_TCP_ESTABLISHED;
}

/* One random well-behaved segment; returns the verdict. */
static enum rg_tcp_verdict model_step(struct model *m)
{
	unsigned int x = rg_rand_below(&m->rng, 2);
	struct ep *e = &m->ep[x];
	u32 nxt = m->c.nxt[x];
	u32 r = rg_rand_below(&m->rng, 100);

	if (r < 60 && rg_after(e->edge, nxt)) {
		u32 len = 1 + rg_rand_below(&m->rng,
					    rg_min_u32(e->edge - nxt, 20000));

		m->c.nxt[x] += len;
		return model_send(m, x, PSH, nxt, len);
	}
	if (r < 80 && nxt != e->una) {
		u32 seq = e->una + rg_rand_below(&m->rng, nxt - e->una);
		u32 len = 1 + rg_rand_below(&m->rng,
					    rg_min_u32(nxt - seq, 20000));

		return model_send(m, x, PSH, seq, len);
	}
	return model_send(m, x, 0, nxt, 0);
}

static void tcp_random_model_conversations(void)
{
	u64 seeds = rg_test_seed();
	unsigned int i, bad = 0;

	for (i = 0; i < RG_RANDOM_CONVS && bad < 5; i++) {
		u64 seed = rg_rand(&seeds);
		struct model m;
		unsigned int n, steps, end;
		enum rg_tcp_verdict v = RG_TCP_ACCEPT;

		if (!model_open(&m, seed)) {
			rg_check_fail(__FILE__, __LINE__,
				      "conv %u (seed %#llx): handshake", i,
				      (unsigned long long)seed);
			bad++;
			continue;
		}
		steps = 20 + rg_rand_below(&m.rng, 300);
		for (n = 0; n < steps && v == RG_TCP_ACCEPT; n++)
			v = model_step(&m);
		if (v != RG_TCP_ACCEPT) {
			rg_check_fail(__FILE__, __LINE__,
				      "conv %u (seed %#llx) step %u: %s", i,
				      (unsigned long long)seed, n,
				      rg_tcp_verdict_name(v));
			bad++;
			continue;
		}

		end = rg_rand_below(&m.rng, 3);
		if (end == 0) {
			unsigned int x = rg_rand_below(&m.rng, 2);

			CHECK_V(model_send(&m, x, FIN, m.c.nxt[x], 0),
				RG_TCP_ACCEPT);
			CHECK_V(model_send(&m, !x, FIN, m.c.nxt[!x], 0),
				RG_TCP_ACCEPT);
			/* the FIN-ACKs may have lagged; both ack it all */
			m.ep[x].acked = m.c.nxt[!x];
			CHECK_V(model_send(&m, x, 0, m.c.nxt[x], 0),
				RG_TCP_ACCEPT);
			m.ep[!x].acked = m.c.nxt[x];
			CHECK_V(model_send(&m, !x, 0, m.c.nxt[!x], 0),
				RG_TCP_ACCEPT);
			CHECK_ST(&m.c.t, RSTGUARD_TCP_TIME_WAIT);
			CHECK_END(&m.c.t, RSTGUARD_END_TCP_FIN);
			CHECK_EQ(rg_tcp_first_fin(&m.c.t), x);
		} else {
			unsigned int x = end - 1;

			CHECK_V(conv_raw(&m.c, x, RST, m.c.nxt[x], 0, 0),
				RG_TCP_RST_EXACT);
			CHECK_END(&m.c.t, x == C ?
				  RSTGUARD_END_TCP_RST_FROM_CLIENT :
				  RSTGUARD_END_TCP_RST_FROM_SERVER);
		}
	}
}

/*
 * Forged RSTs at random: exact iff the receiver would take it (the sender's
 * next seq, or the receiver's latest ACK), and nothing else changes a thing.
 */
static void tcp_random_forged_rst(void)
{
	u64 rng = rg_test_seed() ^ 0xabcdef;
	unsigned int i, bad = 0;
	struct model m;
	struct rg_tcp live;

	CHECK(model_open(&m, rng));
	for (i = 0; i < 50; i++)
		CHECK_V(model_step(&m), RG_TCP_ACCEPT);
	live = m.c.t;

	for (i = 0; i < 20000 && bad < 5; i++) {
		unsigned int x = rg_rand_below(&rng, 2);
		u32 seq = (u32)rg_rand(&rng);
		enum rg_tcp_verdict v;
		bool exact, closed;

		if (i & 1)
			seq = m.c.nxt[x] + rg_rand_below(&rng, 400000) - 200000;
		if (!(i % 5))
			seq = m.c.nxt[x] + rg_rand_below(&rng, 7) - 3;
		if (!(i % 7))
			seq = m.ep[!x].acked + rg_rand_below(&rng, 7) - 3;
		m.c.t = live;
		v = conv_raw(&m.c, x, RST | (i & 2 ? ACK : 0), seq,
			     (u32)rg_rand(&rng), 0);
		exact = seq == m.c.nxt[x] || seq == m.ep[!x].acked;
		closed = v == RG_TCP_RST_EXACT;

		if (exact != closed ||
		    (v != RG_TCP_RST_EXACT && v != RG_TCP_RST_UNVERIFIED &&
		     v != RG_TCP_RST_OUT_OF_WINDOW) ||
		    (v == RG_TCP_RST_OUT_OF_WINDOW &&
		     !rg_before(seq, m.ep[!x].acked) &&
		     !rg_after(seq, m.ep[x].edge)) ||
		    (v != RG_TCP_RST_EXACT &&
		     memcmp(&live, &m.c.t, sizeof(live)))) {
			rg_check_fail(__FILE__, __LINE__,
				      "side %u seq %#x next %#x: %s", x, seq,
				      m.c.nxt[x], rg_tcp_verdict_name(v));
			bad++;
		}
	}
}

/* Later states never lead back to earlier ones (the glue re-creates). */
static unsigned int state_rank(enum rstguard_tcp_state s)
{
	switch (s) {
	case RSTGUARD_TCP_FIN_SERVER:
		return RSTGUARD_TCP_FIN_CLIENT;
	default:
		return s;
	}
}

static void junk_one(struct model *m, unsigned int *bad)
{
	u64 *rng = &m->rng;
	unsigned int dir = rg_rand_below(rng, 2);
	unsigned int x = dir ^ rg_tcp_client_dir(&m->c.t);
	struct rg_tcp before = m->c.t;
	struct rg_tcp_seg seg = {
		.flags = (u8)rg_rand(rng),
		.len = rg_rand_below(rng, 3) ? rg_rand_below(rng, 3000) : 0,
		.window = (u16)rg_rand(rng),
		.wscale = random_ws(rng),
		.dir = dir,
	};
	enum rg_tcp_verdict v;
	bool ok = true;

	switch (rg_rand_below(rng, 3)) {
	case 0:
		seg.seq = before.side[x].end;
		break;
	case 1:
		seg.seq = before.side[x].end + rg_rand_below(rng, 200000) -
			  100000;
		break;
	default:
		seg.seq = (u32)rg_rand(rng);
		break;
	}
	seg.ack = rg_rand_below(rng, 2) ? before.side[!x].end :
					  (u32)rg_rand(rng);
	if (rg_rand_below(rng, 2))
		seg.flags &= RG_TCPF_SYN | RG_TCPF_ACK | RG_TCPF_FIN |
			     RG_TCPF_RST;

	v = rg_tcp_track(&m->c.t, &m->c.h, &seg);

	if ((v == RG_TCP_INVALID || v == RG_TCP_RST_OUT_OF_WINDOW ||
	     v == RG_TCP_RST_UNVERIFIED || v == RG_TCP_REUSE) &&
	    memcmp(&before, &m->c.t, sizeof(before)))
		ok = false;
	if (v == RG_TCP_RST_EXACT &&
	    (!(seg.flags & RG_TCPF_RST) ||
	     (seg.seq != before.side[x].end &&
	      seg.seq != before.side[!x].acked &&
	      seg.seq != before.side[x].end - 1)))
		ok = false;
	if (rg_tcp_state(&m->c.t) <= RSTGUARD_TCP_NONE ||
	    rg_tcp_state(&m->c.t) > RSTGUARD_TCP_MAX)
		ok = false;
	if (before.state >= RSTGUARD_TCP_ESTABLISHED &&
	    state_rank(m->c.t.state) < state_rank(before.state))
		ok = false;
	if (before.state == RSTGUARD_TCP_CLOSED &&
	    m->c.t.state != RSTGUARD_TCP_CLOSED)
		ok = false;
	if (before.state != m->c.t.state &&
	    ((before.state == RSTGUARD_TCP_FIN_CLIENT &&
	      m->c.t.state == RSTGUARD_TCP_FIN_SERVER) ||
	     (before.state == RSTGUARD_TCP_FIN_SERVER &&
	      m->c.t.state == RSTGUARD_TCP_FIN_CLIENT)))
		ok = false;
	if (!ok && (*bad)++ < 5)
		rg_check_fail(__FILE__, __LINE__,
			      "%s -> %s on flags %#x seq %#x ack %#x len %u: %s",
			      rg_tcp_state_name(before.state),
			      rg_tcp_state_name(m->c.t.state), seg.flags,
			      seg.seq, seg.ack, seg.len,
			      rg_tcp_verdict_name(v));
}

static void tcp_random_junk_invariants(void)
{
	u64 seeds = rg_test_seed() ^ 0x600d;
	unsigned int i, n, bad = 0;

	for (i = 0; i < RG_RANDOM_JUNK; i++) {
		struct model m;
		char buf[RG_HISTORY_STRLEN];

		CHECK(model_open(&m, rg_rand(&seeds)));
		for (n = rg_rand_below(&m.rng, 40); n; n--)
			model_step(&m);
		for (n = 0; n < 300; n++)
			junk_one(&m, &bad);
		CHECK(rg_history_format(&m.c.h, buf, sizeof(buf)) <
		      sizeof(buf));
		CHECK(rg_tcp_timeout(&m.c.t) <= RSTGUARD_TIMEOUT_MAX);
		CHECK(rg_tcp_end_cause(&m.c.t));
	}
}

RG_SUITE(rg_suite_tcp_random,
	 RG_TEST(tcp_random_model_conversations),
	 RG_TEST(tcp_random_forged_rst),
	 RG_TEST(tcp_random_junk_invariants),
);
