// SPDX-License-Identifier: GPL-2.0
/* Simultaneous open and close, half-close, reuse, end causes. */
#include "tests.h"
#include "conv.h"

static void tcp_simultaneous_open(void)
{
	struct conv c;

	conv_init(&c, 1000, 5000);
	CHECK_V(conv_send(&c, C, SYN, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, S, SYN, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_SYN_SENT2);
	CHECK_TO(&c.t, RSTGUARD_TIMEOUT_TCP_INIT);
	/* both SYNs retransmitted */
	CHECK_V(conv_raw(&c, C, SYN, 1000, 0, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_raw(&c, S, SYN, 5000, 0, 0), RG_TCP_ACCEPT);
	/* a SYN with some other ISN is not part of this */
	CHECK_V(conv_raw(&c, S, SYN, 6000, 0, 0), RG_TCP_INVALID);
	/* each side answers the other's SYN with a SYN-ACK */
	CHECK_V(conv_raw(&c, C, SYN | ACK, 1000, 5001, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_SYN_RECV);
	CHECK_TO(&c.t, RSTGUARD_TIMEOUT_TCP_HANDSHAKE);
	CHECK_V(conv_raw(&c, S, SYN | ACK, 5000, 1001, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_ESTABLISHED);
	CHECK_EQ(rg_tcp_client_dir(&c.t), 0);
	CHECK_V(conv_send(&c, S, ACK | PSH, 10), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, C, ACK | PSH, 10), RG_TCP_ACCEPT);
	/* retransmitted SYNs, the odd one out, then the SYN-ACKs */
	CHECK_STR(conv_hist(&c), "SsTtiHhdD");
}

static void tcp_simultaneous_open_ack(void)
{
	struct conv c;

	/* the server's SYN-ACK first, then a plain ACK completes it */
	conv_init(&c, 1000, 5000);
	CHECK_V(conv_send(&c, C, SYN, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, S, SYN, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_raw(&c, S, SYN | ACK, 5000, 1001, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_SYN_RECV);
	CHECK_V(conv_send(&c, S, ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_SYN_RECV);
	CHECK_V(conv_send(&c, C, ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_ESTABLISHED);
}

static void tcp_simultaneous_close(void)
{
	struct conv c;
	u32 cfin, sfin;

	conv_init(&c, 1000, 5000);
	conv_handshake(&c);
	CHECK_V(conv_send(&c, C, ACK | PSH, 10), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, S, ACK | PSH, 10), RG_TCP_ACCEPT);
	/* the FINs cross: neither acks the other's FIN */
	cfin = c.nxt[C];
	sfin = c.nxt[S];
	CHECK_V(conv_raw(&c, C, FIN | ACK, cfin, sfin, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_raw(&c, S, FIN | ACK, sfin, cfin, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_CLOSING);
	CHECK_EQ(rg_tcp_first_fin(&c.t), RG_CLIENT);
	CHECK_V(conv_raw(&c, C, ACK, cfin + 1, sfin + 1, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_CLOSING);
	CHECK_V(conv_raw(&c, S, ACK, sfin + 1, cfin + 1, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_TIME_WAIT);
	CHECK_END(&c.t, RSTGUARD_END_TCP_FIN);
}

static void tcp_half_close_client(void)
{
	struct conv c;

	conv_init(&c, 1000, 5000);
	conv_handshake(&c);
	CHECK_V(conv_send(&c, C, ACK | PSH, 80), RG_TCP_ACCEPT);
	/* shutdown(SHUT_WR) on the client */
	CHECK_V(conv_send(&c, C, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_FIN_CLIENT);
	CHECK_TO(&c.t, RSTGUARD_TIMEOUT_TCP_HALF_CLOSED);
	/* the server goes on sending for a while */
	CHECK_V(conv_send(&c, S, ACK | PSH, 5000), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, C, ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, S, ACK | PSH, 5000), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, C, ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_FIN_CLIENT);
	/* the client may not send data after its FIN */
	CHECK_V(conv_raw(&c, C, ACK | PSH, c.nxt[C], c.nxt[S], 10),
		RG_TCP_INVALID);
	/* but may retransmit the FIN */
	CHECK_V(conv_raw(&c, C, FIN | ACK, c.nxt[C] - 1, c.nxt[S], 0),
		RG_TCP_ACCEPT);
	CHECK_END(&c.t, RSTGUARD_END_TCP_FIN);
	CHECK_V(conv_send(&c, S, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_CLOSING);
	CHECK_V(conv_send(&c, C, ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_TIME_WAIT);
	CHECK_EQ(rg_tcp_first_fin(&c.t), RG_CLIENT);
	CHECK_END(&c.t, RSTGUARD_END_TCP_FIN);
	CHECK_STR(conv_hist(&c), "ShADFdITf");
}

static void tcp_half_close_server(void)
{
	struct conv c;

	conv_init(&c, 1000, 5000);
	conv_handshake(&c);
	CHECK_V(conv_send(&c, S, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_FIN_SERVER);
	CHECK_TO(&c.t, RSTGUARD_TIMEOUT_TCP_HALF_CLOSED);
	CHECK_EQ(rg_tcp_first_fin(&c.t), RG_SERVER);
	CHECK_V(conv_send(&c, C, ACK | PSH, 3000), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, S, ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_raw(&c, S, ACK | PSH, c.nxt[S], c.nxt[C], 1),
		RG_TCP_INVALID);
	CHECK_ST(&c.t, RSTGUARD_TCP_FIN_SERVER);
	/* idling out half-closed: PAN-OS calls that tcp-fin */
	CHECK_EQ(rg_tcp_end_cause(&c.t),
		 RG_END_BIT(RSTGUARD_END_TCP_FIN) |
		 RG_END_BIT(RSTGUARD_END_AGED_OUT));
	CHECK_END(&c.t, RSTGUARD_END_TCP_FIN);
	CHECK_V(conv_send(&c, C, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_CLOSING);
	CHECK_V(conv_send(&c, S, ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_TIME_WAIT);
	CHECK_EQ(rg_tcp_first_fin(&c.t), RG_SERVER);
}

static void tcp_rst_after_fin(void)
{
	struct conv c;

	/* the client half-closes, then aborts: the RST outranks the FIN */
	conv_init(&c, 1000, 5000);
	conv_handshake(&c);
	CHECK_V(conv_send(&c, C, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, S, ACK | PSH, 100), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, C, RST, 0), RG_TCP_RST_EXACT);
	CHECK_ST(&c.t, RSTGUARD_TCP_CLOSED);
	CHECK_EQ(rg_tcp_end_cause(&c.t),
		 RG_END_BIT(RSTGUARD_END_TCP_FIN) |
		 RG_END_BIT(RSTGUARD_END_TCP_RST_FROM_CLIENT));
	CHECK_END(&c.t, RSTGUARD_END_TCP_RST_FROM_CLIENT);
	CHECK_EQ(rg_tcp_first_fin(&c.t), RG_CLIENT);
	CHECK_EQ(rg_tcp_first_rst(&c.t), RG_CLIENT);
}

static void tcp_reuse_time_wait(void)
{
	struct conv c;
	struct rg_tcp before;
	struct rg_tcp_seg syn = {
		.seq = 90000, .window = 1000, .flags = SYN,
		.wscale = RG_TCP_WSCALE_NONE,
	};

	conv_init(&c, 1000, 5000);
	conv_handshake(&c);
	CHECK_V(conv_send(&c, C, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, S, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, C, ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_TIME_WAIT);
	before = c.t;
	CHECK_V(conv_raw(&c, C, SYN, 90000, 0, 0), RG_TCP_REUSE);
	CHECK_SAME(before, &c.t);
	/* the server side may open the next one too */
	CHECK_V(conv_raw(&c, S, SYN, 90000, 0, 0), RG_TCP_REUSE);
	CHECK_STR(conv_hist(&c), "ShAFf");

	/* the glue ends the old session and creates one from the SYN */
	syn.dir = 1;
	CHECK(rg_tcp_init(&c.t, &c.h, &syn));
	CHECK_ST(&c.t, RSTGUARD_TCP_SYN_SENT);
	CHECK_EQ(rg_tcp_client_dir(&c.t), 1);
	CHECK_STR(conv_hist(&c), "S");
}

static void tcp_reuse_closed(void)
{
	struct conv c;

	conv_init(&c, 1000, 5000);
	conv_handshake(&c);
	CHECK_V(conv_send(&c, S, RST, 0), RG_TCP_RST_EXACT);
	CHECK_V(conv_raw(&c, C, SYN, 42, 0, 0), RG_TCP_REUSE);
	CHECK_ST(&c.t, RSTGUARD_TCP_CLOSED);

	/* a refused connection retried from the same port */
	conv_init(&c, 1000, 0);
	CHECK_V(conv_send(&c, C, SYN, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_raw(&c, S, RST | ACK, 0, 1001, 0), RG_TCP_RST_EXACT);
	CHECK_V(conv_raw(&c, C, SYN, 1000, 0, 0), RG_TCP_REUSE);
}

/*
 * A SYN after an inexact RST is no reuse (it used to be): the RST may be
 * forged, and the SYN too; only an exact RST closes, and then a SYN reuses.
 */
static void tcp_no_reuse_after_inexact_rst(void)
{
	struct conv c;

	conv_init(&c, 1000, 5000);
	conv_handshake(&c);
	CHECK_V(conv_raw(&c, C, RST, c.nxt[C] + 3, 0, 0),
		RG_TCP_RST_UNVERIFIED);
	CHECK_V(conv_raw(&c, S, SYN, 31337, 0, 0), RG_TCP_IGNORE);
	CHECK_V(conv_raw(&c, C, SYN, 31337, 0, 0), RG_TCP_IGNORE);
	CHECK_ST(&c.t, RSTGUARD_TCP_ESTABLISHED);
	/* the server challenges the SYN; the client, stateless, resets */
	CHECK_V(conv_raw(&c, S, ACK, c.nxt[S], c.nxt[C], 0), RG_TCP_ACCEPT);
	CHECK_V(conv_raw(&c, C, RST, c.nxt[C], 0, 0), RG_TCP_RST_EXACT);
	CHECK_V(conv_raw(&c, C, SYN, 31337, 0, 0), RG_TCP_REUSE);
}

static void tcp_end_cause_states(void)
{
	struct conv c;

	conv_init(&c, 1000, 5000);
	CHECK_V(conv_send(&c, C, SYN, 0), RG_TCP_ACCEPT);
	CHECK_EQ(rg_tcp_end_cause(&c.t), RG_END_BIT(RSTGUARD_END_AGED_OUT));
	CHECK_V(conv_send(&c, S, SYN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_EQ(rg_tcp_end_cause(&c.t), RG_END_BIT(RSTGUARD_END_AGED_OUT));
	CHECK_V(conv_send(&c, C, ACK, 0), RG_TCP_ACCEPT);
	CHECK_EQ(rg_tcp_end_cause(&c.t), RG_END_BIT(RSTGUARD_END_AGED_OUT));
	/* the glue's own causes outrank or yield to the tracker's */
	CHECK_EQ(rg_end_reason_pick(rg_tcp_end_cause(&c.t) |
				    RG_END_BIT(RSTGUARD_END_THREAT)),
		 RSTGUARD_END_THREAT);
	CHECK_V(conv_send(&c, C, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, S, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_CLOSING);
	CHECK_EQ(rg_tcp_end_cause(&c.t), RG_END_BIT(RSTGUARD_END_TCP_FIN));
	CHECK_EQ(rg_end_reason_pick(rg_tcp_end_cause(&c.t) |
				    RG_END_BIT(RSTGUARD_END_POLICY_DENY)),
		 RSTGUARD_END_POLICY_DENY);
}

/*
 * Ends other than idling keep what the TCP state saw, aged-out aside; the
 * highest cause is reported (PAN-OS): a reuse after FINs is tcp-fin, a
 * kill of a half-closed session tcp-fin, of an established one unknown.
 */
static void tcp_close_causes(void)
{
	u16 reuse = RG_END_BIT(RSTGUARD_END_TCP_REUSE);
	u16 kill = RG_END_BIT(RSTGUARD_END_UNKNOWN);
	struct conv c, d;

	conv_init(&c, 1000, 5000);
	conv_handshake(&c);
	CHECK_EQ(rg_tcp_close_causes(&c.t), 0);
	CHECK_EQ(rg_end_reason_pick(rg_tcp_close_causes(&c.t) | kill),
		 RSTGUARD_END_UNKNOWN);
	d = c;
	CHECK_V(conv_send(&c, S, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_EQ(rg_tcp_close_causes(&c.t), RG_END_BIT(RSTGUARD_END_TCP_FIN));
	CHECK_EQ(rg_end_reason_pick(rg_tcp_close_causes(&c.t) | kill),
		 RSTGUARD_END_TCP_FIN);
	CHECK_V(conv_send(&c, C, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, S, ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_TIME_WAIT);
	CHECK_V(conv_raw(&c, C, SYN, 777, 0, 0), RG_TCP_REUSE);
	CHECK_EQ(rg_end_reason_pick(rg_tcp_close_causes(&c.t) | reuse),
		 RSTGUARD_END_TCP_FIN);
	/* closed by the server's exact RST, then reused */
	CHECK_V(conv_send(&d, S, RST, 0), RG_TCP_RST_EXACT);
	CHECK_V(conv_raw(&d, C, SYN, 777, 0, 0), RG_TCP_REUSE);
	CHECK_EQ(rg_tcp_close_causes(&d.t),
		 RG_END_BIT(RSTGUARD_END_TCP_RST_FROM_SERVER));
	CHECK_EQ(rg_end_reason_pick(rg_tcp_close_causes(&d.t) | reuse),
		 RSTGUARD_END_TCP_RST_FROM_SERVER);
}

RG_SUITE(rg_suite_tcp_close,
	 RG_TEST(tcp_simultaneous_open),
	 RG_TEST(tcp_simultaneous_open_ack),
	 RG_TEST(tcp_simultaneous_close),
	 RG_TEST(tcp_half_close_client),
	 RG_TEST(tcp_half_close_server),
	 RG_TEST(tcp_rst_after_fin),
	 RG_TEST(tcp_reuse_time_wait),
	 RG_TEST(tcp_reuse_closed),
	 RG_TEST(tcp_no_reuse_after_inexact_rst),
	 RG_TEST(tcp_end_cause_states),
	 RG_TEST(tcp_close_causes),
);
