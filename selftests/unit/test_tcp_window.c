// SPDX-License-Identifier: GPL-2.0
/* Window scaling, sequence wraparound and mid-stream pickup. */
#include "tests.h"
#include "conv.h"

/*
 * After a handshake with the given options, the server advertises a raw
 * window of 2000; the client sends 1000 bytes 200000 past its next seq.
 * That fits only if the window is scaled (2000 << 7 = 256000).
 */
static enum rg_tcp_verdict far_segment(u8 ws_c, u8 ws_s)
{
	struct conv c;

	conv_init(&c, 1000, 5000);
	c.ws[C] = ws_c;
	c.ws[S] = ws_s;
	conv_handshake(&c);
	c.win[S] = 2000;
	CHECK_V(conv_send(&c, S, ACK, 0), RG_TCP_ACCEPT);
	return conv_raw(&c, C, ACK | PSH, c.nxt[C] + 200000, c.nxt[S], 1000);
}

static void tcp_wscale_both(void)
{
	struct conv c;
	unsigned int i;

	CHECK_V(far_segment(7, 7), RG_TCP_ACCEPT);

	/* a bulk transfer of 120 kB against a 128 kB scaled window */
	conv_init(&c, 1000, 5000);
	c.ws[C] = 7;
	c.ws[S] = 7;
	conv_handshake(&c);
	c.win[S] = 1000;
	CHECK_V(conv_send(&c, S, ACK, 0), RG_TCP_ACCEPT);
	for (i = 0; i < 80; i++)
		CHECK_V(conv_send(&c, C, ACK | PSH, 1500), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, S, ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, C, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, S, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, C, ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_TIME_WAIT);
}

static void tcp_wscale_one_side(void)
{
	/* RFC 7323: no scaling unless both SYNs carry the option */
	CHECK_V(far_segment(7, RG_TCP_WSCALE_NONE), RG_TCP_INVALID);
	CHECK_V(far_segment(RG_TCP_WSCALE_NONE, 7), RG_TCP_INVALID);
	CHECK_V(far_segment(RG_TCP_WSCALE_NONE, RG_TCP_WSCALE_NONE),
		RG_TCP_INVALID);
	/* an explicit 0 is scaling on, by a factor of one */
	CHECK_V(far_segment(0, 0), RG_TCP_INVALID);
}

static void tcp_wscale_syn_unscaled(void)
{
	struct conv c;

	conv_init(&c, 1000, 5000);
	c.ws[C] = 7;
	c.ws[S] = 7;
	conv_handshake(&c);
	/* the SYN-ACK's 65160 is bytes, not 65160 << 7 */
	CHECK(conv_raw(&c, C, ACK | PSH, c.nxt[C] + 70000, c.nxt[S], 100) !=
	      RG_TCP_ACCEPT);
	CHECK_V(conv_raw(&c, C, ACK | PSH, c.nxt[C] + 65000, c.nxt[S], 100),
		RG_TCP_ACCEPT);
}

static void tcp_wscale_clamped(void)
{
	struct conv c;

	/* shifts above 14 count as 14 (RFC 7323 2.3) */
	conv_init(&c, 1000, 5000);
	c.ws[C] = 30;
	c.ws[S] = 30;
	conv_handshake(&c);
	c.win[S] = 8;
	CHECK_V(conv_send(&c, S, ACK, 0), RG_TCP_ACCEPT);
	/* 8 << 14 = 131072: fits; 8 << 13 would not */
	CHECK_V(conv_raw(&c, C, ACK, c.nxt[C] + 100000, c.nxt[S], 10),
		RG_TCP_ACCEPT);
	CHECK_V(conv_raw(&c, C, ACK, c.nxt[C] + 131072 + 140000, c.nxt[S],
			 10), RG_TCP_INVALID);
}

static void tcp_seq_wraparound(void)
{
	struct conv c;
	unsigned int i;

	conv_init(&c, 0xffffff00u, 0xfffffff0u);
	conv_handshake(&c);
	for (i = 0; i < 4; i++) {
		CHECK_V(conv_send(&c, C, ACK | PSH, 100), RG_TCP_ACCEPT);
		CHECK_V(conv_send(&c, S, ACK | PSH, 1000), RG_TCP_ACCEPT);
	}
	CHECK(c.nxt[C] < 0x1000 && c.nxt[S] < 0x1000);
	CHECK_EQ(rg_tcp_next_seq(&c.t, 0), c.nxt[C]);
	CHECK_EQ(rg_tcp_next_seq(&c.t, 1), c.nxt[S]);
	/* window checks work across the wrap */
	CHECK_V(conv_raw(&c, C, ACK, c.nxt[C] + 300000, c.nxt[S], 10),
		RG_TCP_INVALID);
	CHECK_V(conv_raw(&c, C, ACK, 0xfffffff0u, c.nxt[S], 10),
		RG_TCP_ACCEPT);
	CHECK_V(conv_raw(&c, C, ACK, c.nxt[C], c.nxt[S] + 1, 0),
		RG_TCP_INVALID);
	CHECK_V(conv_raw(&c, S, RST, c.nxt[S] - 200000, 0, 0),
		RG_TCP_RST_OUT_OF_WINDOW);
	/* below the client's latest ACK, across the wrap */
	CHECK_V(conv_raw(&c, S, RST, 0xffffffffu, 0, 0),
		RG_TCP_RST_OUT_OF_WINDOW);
	CHECK_V(conv_raw(&c, S, RST, c.nxt[S] + 500, 0, 0),
		RG_TCP_RST_UNVERIFIED);
	CHECK_V(conv_send(&c, C, ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, C, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, S, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, C, ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_TIME_WAIT);

	/* the SYN itself at the top of the space: ISN + 1 wraps to 0 */
	conv_init(&c, 0xffffffffu, 0x7fffffffu);
	conv_handshake(&c);
	CHECK_EQ(c.nxt[C], 0);
	CHECK_V(conv_send(&c, C, ACK | PSH, 10), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, C, RST, 0), RG_TCP_RST_EXACT);
}

static void tcp_pickup_ack(void)
{
	struct conv c;

	conv_init(&c, 7000, 9000);
	CHECK_V(conv_send(&c, C, ACK | PSH, 100), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_ESTABLISHED);
	CHECK(rg_tcp_picked_up(&c.t));
	CHECK_EQ(rg_tcp_client_dir(&c.t), 0);
	/* nobody answered yet: short timer, so one-way junk goes fast */
	CHECK(!rg_tcp_seen_both(&c.t));
	CHECK_TO(&c.t, RSTGUARD_TIMEOUT_TCP_INIT);
	CHECK_END(&c.t, RSTGUARD_END_AGED_OUT);

	CHECK_V(conv_send(&c, S, ACK, 0), RG_TCP_ACCEPT);
	CHECK(rg_tcp_seen_both(&c.t));
	CHECK_TO(&c.t, RSTGUARD_TIMEOUT_TCP);

	/* liberal for data: the scale factors were in SYNs we missed */
	CHECK_V(conv_raw(&c, C, ACK | PSH, c.nxt[C] + 5000000, c.nxt[S],
			 1000), RG_TCP_ACCEPT);
	c.nxt[C] += 5001000;
	CHECK_V(conv_send(&c, S, ACK | PSH, 100), RG_TCP_ACCEPT);
	CHECK_EQ(rg_tcp_next_seq(&c.t, 0), c.nxt[C]);

	/* strict for RSTs */
	CHECK_V(conv_raw(&c, S, RST, c.nxt[S] + 100000000, 0, 0),
		RG_TCP_RST_OUT_OF_WINDOW);
	CHECK_V(conv_raw(&c, S, RST, c.nxt[S] + 10, 0, 0),
		RG_TCP_RST_UNVERIFIED);
	CHECK_V(conv_send(&c, S, RST, 0), RG_TCP_RST_EXACT);
	CHECK_ST(&c.t, RSTGUARD_TCP_CLOSED);
	CHECK_END(&c.t, RSTGUARD_END_TCP_RST_FROM_SERVER);
	CHECK_TO(&c.t, RSTGUARD_TIMEOUT_TCP_TIME_WAIT);
	CHECK_STR(conv_hist(&c), "^Dadir");
}

static void tcp_pickup_first_sender_is_client(void)
{
	struct conv c;

	/* really the server talking first; the tracker cannot know */
	conv_init(&c, 7000, 9000);
	CHECK_V(conv_send(&c, S, ACK | PSH, 100), RG_TCP_ACCEPT);
	CHECK_EQ(rg_tcp_client_dir(&c.t), 0);
	CHECK_V(conv_send(&c, C, ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, S, RST, 0), RG_TCP_RST_EXACT);
	CHECK_END(&c.t, RSTGUARD_END_TCP_RST_FROM_CLIENT);
}

static void tcp_pickup_rst_from_unseen_side(void)
{
	struct conv c;

	/* the server's next seq is known from the client's ACK alone */
	conv_init(&c, 7000, 9000);
	CHECK_V(conv_send(&c, C, ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_raw(&c, S, RST, 9000 + 1, 0, 0),
		RG_TCP_RST_OUT_OF_WINDOW);
	CHECK_V(conv_raw(&c, S, RST, 9000 - 1, 0, 0), RG_TCP_RST_UNVERIFIED);
	CHECK_V(conv_raw(&c, S, RST, 9000, 0, 0), RG_TCP_RST_EXACT);
	CHECK_END(&c.t, RSTGUARD_END_TCP_RST_FROM_SERVER);
	CHECK_TO(&c.t, RSTGUARD_TIMEOUT_TCP_TIME_WAIT);
}

static void tcp_pickup_fin(void)
{
	struct conv c;

	conv_init(&c, 7000, 9000);
	CHECK_V(conv_send(&c, C, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_FIN_CLIENT);
	CHECK_EQ(rg_tcp_first_fin(&c.t), RG_CLIENT);
	CHECK_TO(&c.t, RSTGUARD_TIMEOUT_TCP_INIT);
	CHECK_V(conv_send(&c, S, FIN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_CLOSING);
	CHECK_V(conv_send(&c, C, ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_TIME_WAIT);
	CHECK_END(&c.t, RSTGUARD_END_TCP_FIN);
	CHECK_STR(conv_hist(&c), "^FfA");
}

static void tcp_pickup_synack(void)
{
	struct conv c;

	/* loaded between SYN and SYN-ACK: the receiver is the client */
	conv_init(&c, 1000, 5000);
	c.ws[S] = 7;
	c.nxt[C] = 1001;
	CHECK_V(conv_send(&c, S, SYN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_SYN_RECV);
	CHECK_EQ(rg_tcp_client_dir(&c.t), 1);
	CHECK(rg_tcp_picked_up(&c.t));
	CHECK_TO(&c.t, RSTGUARD_TIMEOUT_TCP_INIT);
	CHECK_V(conv_send(&c, C, ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c.t, RSTGUARD_TCP_ESTABLISHED);
	CHECK_TO(&c.t, RSTGUARD_TIMEOUT_TCP);
	CHECK_EQ(rg_tcp_next_seq(&c.t, 1), c.nxt[C]);
	CHECK_EQ(rg_tcp_next_seq(&c.t, 0), c.nxt[S]);
	CHECK_V(conv_send(&c, C, ACK | PSH, 300), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, S, ACK | PSH, 3000), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, C, RST, 0), RG_TCP_RST_EXACT);
	CHECK_END(&c.t, RSTGUARD_END_TCP_RST_FROM_CLIENT);
	CHECK_STR(conv_hist(&c), "^hADdR");
}

RG_SUITE(rg_suite_tcp_window,
	 RG_TEST(tcp_wscale_both),
	 RG_TEST(tcp_wscale_one_side),
	 RG_TEST(tcp_wscale_syn_unscaled),
	 RG_TEST(tcp_wscale_clamped),
	 RG_TEST(tcp_seq_wraparound),
	 RG_TEST(tcp_pickup_ack),
	 RG_TEST(tcp_pickup_first_sender_is_client),
	 RG_TEST(tcp_pickup_rst_from_unseen_side),
	 RG_TEST(tcp_pickup_fin),
	 RG_TEST(tcp_pickup_synack),
);
