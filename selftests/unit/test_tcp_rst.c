// SPDX-License-Identifier: GPL-2.0
/*
 * RSTs, SYNs and FINs a blind attacker can send, judged as the receiving
 * endpoint's own stack judges them (RFC 5961, tcp_validate_incoming()):
 * only what an endpoint would take moves the session.
 */
#include "tests.h"
#include "conv.h"

/* Nothing in flight: the receiver's RCV.NXT is the sender's next seq. */
static void tcp_rst_below_rcv_nxt(void)
{
	struct rg_tcp before;
	struct conv c;

	conv_init(&c, 1000, 5000);
	conv_handshake(&c);
	CHECK_V(conv_send(&c, C, ACK | PSH, 100), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, S, ACK | PSH, 700), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, C, ACK, 0), RG_TCP_ACCEPT);
	before = c.t;
	CHECK_V(conv_raw(&c, C, RST, c.nxt[C] - 1, 0, 0),
		RG_TCP_RST_OUT_OF_WINDOW);
	CHECK_V(conv_raw(&c, C, RST | ACK, c.nxt[C] - 50, c.nxt[S], 0),
		RG_TCP_RST_OUT_OF_WINDOW);
	CHECK_V(conv_raw(&c, S, RST, c.nxt[S] - 1, 0, 0),
		RG_TCP_RST_OUT_OF_WINDOW);
	CHECK_V(conv_raw(&c, S, RST | ACK, c.nxt[S] - 699, c.nxt[C], 0),
		RG_TCP_RST_OUT_OF_WINDOW);
	CHECK_SAME(before, &c.t);
	CHECK_STR(conv_hist(&c), "ShADdIi");
}

/*
 * In the window and inexact: the receiver challenges it. However many,
 * from either side, nothing changes: no state, no timer, no cause.
 */
static void tcp_rst_inexact_changes_nothing(void)
{
	struct rg_tcp before;
	struct conv c;
	unsigned int i;

	conv_init(&c, 1000, 5000);
	conv_handshake(&c);
	CHECK_V(conv_send(&c, S, ACK | PSH, 1000), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, C, ACK, 0), RG_TCP_ACCEPT);
	before = c.t;
	for (i = 1; i < 64000; i += 997) {
		CHECK_V(conv_raw(&c, C, RST, c.nxt[C] + i, 0, 0),
			RG_TCP_RST_UNVERIFIED);
		CHECK_V(conv_raw(&c, S, RST | ACK, c.nxt[S] + i, c.nxt[C], 0),
			RG_TCP_RST_UNVERIFIED);
	}
	/* and a SYN after them is no reuse: the peer challenges it too */
	CHECK_V(conv_raw(&c, C, SYN, 31337, 0, 0), RG_TCP_IGNORE);
	CHECK_SAME(before, &c.t);
	CHECK_ST(&c.t, RSTGUARD_TCP_ESTABLISHED);
	CHECK_TO(&c.t, RSTGUARD_TIMEOUT_TCP);
	CHECK_END(&c.t, RSTGUARD_END_AGED_OUT);
	CHECK_EQ(rg_tcp_first_rst(&c.t), RG_NOSIDE);
}

/* The right edge is the one the receiver advertised, inclusive. */
static void tcp_rst_right_edge(void)
{
	struct conv c;
	u32 edge;

	conv_init(&c, 1000, 5000);
	conv_handshake(&c);
	/* the server acked the client's next seq with its 65160 window */
	edge = c.nxt[C] + c.win[S];
	CHECK_V(conv_raw(&c, C, RST, edge, 0, 0), RG_TCP_RST_UNVERIFIED);
	CHECK_V(conv_raw(&c, C, RST, edge + 1, 0, 0),
		RG_TCP_RST_OUT_OF_WINDOW);
	edge = c.nxt[S] + c.win[C];
	CHECK_V(conv_raw(&c, S, RST, edge, 0, 0), RG_TCP_RST_UNVERIFIED);
	CHECK_V(conv_raw(&c, S, RST, edge + 1, 0, 0),
		RG_TCP_RST_OUT_OF_WINDOW);
	CHECK_ST(&c.t, RSTGUARD_TCP_ESTABLISHED);
}

/*
 * Data in flight: the receiver's RCV.NXT is somewhere from its latest ACK
 * to the sender's next seq. Both ends of that are exact; what lies between
 * is challenged; below the ACK is out of the window.
 */
static void tcp_rst_in_flight(void)
{
	struct conv c, d;
	u32 acked;

	conv_init(&c, 1000, 5000);
	conv_handshake(&c);
	acked = c.nxt[C];
	CHECK_V(conv_send(&c, C, ACK | PSH, 1000), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, C, ACK | PSH, 1000), RG_TCP_ACCEPT);
	d = c;
	CHECK_V(conv_raw(&c, C, RST, acked - 1, 0, 0),
		RG_TCP_RST_OUT_OF_WINDOW);
	CHECK_V(conv_raw(&c, C, RST, acked + 1000, 0, 0),
		RG_TCP_RST_UNVERIFIED);
	/* an RST answering the server's segment carries its ACK */
	CHECK_V(conv_raw(&c, C, RST, acked, 0, 0), RG_TCP_RST_EXACT);
	CHECK_ST(&c.t, RSTGUARD_TCP_CLOSED);
	CHECK_END(&c.t, RSTGUARD_END_TCP_RST_FROM_CLIENT);
	/* Linux's own abort: its next seq */
	CHECK_V(conv_raw(&d, C, RST | ACK, d.nxt[C], d.nxt[S], 0),
		RG_TCP_RST_EXACT);
	CHECK_ST(&d.t, RSTGUARD_TCP_CLOSED);
}

/*
 * A real reset the receiver doubts (the sender's last data was lost past
 * the router) is settled by RFC 5961: challenge ACK, then the sender's RST
 * at the ACK's number, which is exact.
 */
static void tcp_rst_challenge_answered(void)
{
	struct conv c;
	u32 has;

	conv_init(&c, 1000, 5000);
	conv_handshake(&c);
	has = c.nxt[C];
	CHECK_V(conv_send(&c, C, ACK | PSH, 500), RG_TCP_ACCEPT);
	CHECK_V(conv_raw(&c, C, RST, c.nxt[C] + 1, 0, 0),
		RG_TCP_RST_UNVERIFIED);
	/* the server never got the 500 bytes: its challenge ACK says so */
	CHECK_V(conv_raw(&c, S, ACK, c.nxt[S], has, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_ESTABLISHED);
	CHECK_V(conv_raw(&c, C, RST, has, 0, 0), RG_TCP_RST_EXACT);
	CHECK_END(&c.t, RSTGUARD_END_TCP_RST_FROM_CLIENT);
	CHECK_EQ(rg_tcp_first_rst(&c.t), RG_CLIENT);
}

/* After the sender's FIN, Linux also takes an RST at the FIN's own seq. */
static void tcp_rst_after_fin_seq(void)
{
	struct conv c;

	conv_init(&c, 1000, 5000);
	conv_handshake(&c);
	CHECK_V(conv_send(&c, S, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_FIN_SERVER);
	/* not for the side that sent no FIN */
	CHECK_V(conv_raw(&c, C, RST, c.nxt[C] - 1, 0, 0),
		RG_TCP_RST_OUT_OF_WINDOW);
	CHECK_V(conv_raw(&c, S, RST, c.nxt[S] - 1, 0, 0), RG_TCP_RST_EXACT);
	CHECK_END(&c.t, RSTGUARD_END_TCP_RST_FROM_SERVER);
}

/* Time-wait: only an exact RST is recorded; it changes no reason. */
static void tcp_rst_time_wait(void)
{
	struct rg_tcp before;
	struct conv c;

	conv_init(&c, 1000, 5000);
	conv_handshake(&c);
	CHECK_V(conv_send(&c, C, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, S, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, C, ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_TIME_WAIT);
	before = c.t;
	CHECK_V(conv_raw(&c, S, RST, c.nxt[S] + 100, 0, 0),
		RG_TCP_RST_UNVERIFIED);
	CHECK_V(conv_raw(&c, S, RST, c.nxt[S] - 100, 0, 0),
		RG_TCP_RST_OUT_OF_WINDOW);
	CHECK_SAME(before, &c.t);
	CHECK_EQ(rg_tcp_first_rst(&c.t), RG_NOSIDE);
	CHECK_V(conv_raw(&c, S, RST, c.nxt[S], 0, 0), RG_TCP_ACCEPT);
	CHECK_EQ(rg_tcp_first_rst(&c.t), RG_SERVER);
	CHECK_END(&c.t, RSTGUARD_END_TCP_FIN);
}

/*
 * A FIN past a gap does not half-close the session until its receiver ACKs
 * it; data past it shows it was not the end.
 */
static void tcp_fin_after_gap(void)
{
	struct conv c;
	u32 gap;

	conv_init(&c, 1000, 5000);
	conv_handshake(&c);
	/* a blind FIN 1000 bytes ahead of the client's stream */
	CHECK_V(conv_raw(&c, C, FIN | ACK, c.nxt[C] + 1000, c.nxt[S], 0),
		RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_ESTABLISHED);
	CHECK_TO(&c.t, RSTGUARD_TIMEOUT_TCP);
	CHECK_EQ(rg_tcp_first_fin(&c.t), RG_NOSIDE);
	/* the client's real data goes on past it */
	CHECK_V(conv_send(&c, C, ACK | PSH, 1400), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, S, ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_ESTABLISHED);
	CHECK_EQ(rg_tcp_first_fin(&c.t), RG_NOSIDE);

	/* reordered before the router: the FIN first, then what it follows */
	gap = c.nxt[C];
	c.nxt[C] += 300;
	CHECK_V(conv_send(&c, C, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_ESTABLISHED);
	CHECK_V(conv_raw(&c, C, ACK | PSH, gap, c.nxt[S], 300), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_ESTABLISHED);
	/* the server has it all, FIN included */
	CHECK_V(conv_send(&c, S, ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_FIN_CLIENT);
	CHECK_EQ(rg_tcp_first_fin(&c.t), RG_CLIENT);
	CHECK_V(conv_send(&c, S, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, C, ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_TIME_WAIT);
}

/* A FIN behind what its sender already sent contradicts its stream. */
static void tcp_fin_behind(void)
{
	struct conv c;

	conv_init(&c, 1000, 5000);
	conv_handshake(&c);
	CHECK_V(conv_send(&c, S, ACK | PSH, 2000), RG_TCP_ACCEPT);
	CHECK_V(conv_raw(&c, S, FIN | ACK, c.nxt[S] - 1000, c.nxt[C], 0),
		RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_ESTABLISHED);
	CHECK_EQ(rg_tcp_first_fin(&c.t), RG_NOSIDE);
	/* the real one, in order */
	CHECK_V(conv_send(&c, S, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_FIN_SERVER);
}

RG_SUITE(rg_suite_tcp_rst,
	 RG_TEST(tcp_rst_below_rcv_nxt),
	 RG_TEST(tcp_rst_inexact_changes_nothing),
	 RG_TEST(tcp_rst_right_edge),
	 RG_TEST(tcp_rst_in_flight),
	 RG_TEST(tcp_rst_challenge_answered),
	 RG_TEST(tcp_rst_after_fin_seq),
	 RG_TEST(tcp_rst_time_wait),
	 RG_TEST(tcp_fin_after_gap),
	 RG_TEST(tcp_fin_behind),
);
