// SPDX-License-Identifier: GPL-2.0
/* Zeek-style history: the packing, and the strings whole sessions leave. */
#include "tests.h"
#include "conv.h"

static void history_format_basic(void)
{
	struct rg_history h;
	char buf[RG_HISTORY_STRLEN];

	rg_history_init(&h);
	CHECK_EQ(rg_history_format(&h, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "");

	rg_history_note(&h, RG_HIST_SYN, false);
	rg_history_note(&h, RG_HIST_SYNACK, true);
	rg_history_note(&h, RG_HIST_SYN, false);	/* repeat: ignored */
	rg_history_note(&h, RG_HIST_ACK, false);
	rg_history_note(&h, RG_HIST_SYN, true);		/* other side: kept */
	rg_history_note(&h, __RG_HIST_MAX, false);	/* bad event: ignored */
	CHECK_EQ(rg_history_format(&h, buf, sizeof(buf)), 4);
	CHECK_STR(buf, "ShAs");

	/* truncation keeps the string terminated */
	CHECK_EQ(rg_history_format(&h, buf, 3), 2);
	CHECK_STR(buf, "Sh");
	CHECK_EQ(rg_history_format(&h, buf, 1), 0);
	CHECK_STR(buf, "");
	CHECK_EQ(rg_history_format(&h, buf, 0), 0);
}

static void history_all_letters_overflow(void)
{
	static const char *const want = "^SsHhAaDdFfR+";
	struct rg_history h;
	char buf[RG_HISTORY_STRLEN];
	unsigned int ev;

	rg_history_init(&h);
	rg_history_note(&h, RG_HIST_PICKUP, true);
	for (ev = 0; ev < RG_HIST_PICKUP; ev++) {
		rg_history_note(&h, ev, false);
		rg_history_note(&h, ev, true);
	}
	CHECK_EQ(rg_history_format(&h, buf, sizeof(buf)), strlen(want));
	CHECK_STR(buf, want);
	CHECK(sizeof(h) <= 12);
}

static void history_letters_each(void)
{
	static const char letters[] = "SHADFRTWI";
	unsigned int ev;

	for (ev = 0; ev < RG_HIST_PICKUP; ev++) {
		struct rg_history h;
		char buf[RG_HISTORY_STRLEN], want[3];

		rg_history_init(&h);
		rg_history_note(&h, ev, false);
		rg_history_note(&h, ev, true);
		want[0] = letters[ev];
		want[1] = letters[ev] - 'A' + 'a';
		want[2] = '\0';
		rg_history_format(&h, buf, sizeof(buf));
		CHECK_STR(buf, want);
	}
}

static void history_session_fin(void)
{
	struct conv c;

	conv_init(&c, 1000, 5000);
	conv_handshake(&c);
	conv_send(&c, C, ACK | PSH, 100);
	conv_send(&c, S, ACK | PSH, 200);
	conv_send(&c, C, ACK, 0);
	conv_send(&c, C, FIN | ACK, 0);
	conv_send(&c, S, FIN | ACK, 0);
	conv_send(&c, C, ACK, 0);
	CHECK_ST(&c.t, RSTGUARD_TCP_TIME_WAIT);
	CHECK_STR(conv_hist(&c), "ShADdFf");
}

static void history_session_rst_retrans(void)
{
	struct conv c;

	conv_init(&c, 1000, 5000);
	CHECK_V(conv_send(&c, C, SYN, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_raw(&c, C, SYN, 1000, 0, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, S, SYN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, C, ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, S, ACK, 300), RG_TCP_ACCEPT);
	/* the same 300 bytes again */
	CHECK_V(conv_raw(&c, S, ACK, 5001, 1001, 300), RG_TCP_ACCEPT);
	/* a far-away RST is noted as inconsistent, not as R */
	CHECK_V(conv_raw(&c, S, RST, 5301 + 1000000, 0, 0),
		RG_TCP_RST_OUT_OF_WINDOW);
	CHECK_V(conv_send(&c, C, RST | ACK, 0), RG_TCP_RST_EXACT);
	CHECK_STR(conv_hist(&c), "SThAdtiR");
}

static void history_zero_window(void)
{
	struct conv c;

	conv_init(&c, 1000, 5000);
	conv_handshake(&c);
	c.win[S] = 0;
	CHECK_V(conv_send(&c, S, ACK, 0), RG_TCP_ACCEPT);
	CHECK_STR(conv_hist(&c), "ShAaw");
}

static void history_pickup(void)
{
	struct conv c;

	conv_init(&c, 7000, 9000);
	CHECK_V(conv_send(&c, C, ACK, 100), RG_TCP_ACCEPT);
	CHECK_V(conv_send(&c, S, ACK, 0), RG_TCP_ACCEPT);
	CHECK_STR(conv_hist(&c), "^Da");

	/* a SYN-ACK first: the history is from the client's point of view */
	conv_init(&c, 1000, 5000);
	CHECK_V(conv_raw(&c, S, SYN | ACK, 5000, 1001, 0), RG_TCP_ACCEPT);
	CHECK_STR(conv_hist(&c), "^h");
}

RG_SUITE(rg_suite_history,
	 RG_TEST(history_format_basic),
	 RG_TEST(history_all_letters_overflow),
	 RG_TEST(history_letters_each),
	 RG_TEST(history_session_fin),
	 RG_TEST(history_session_rst_retrans),
	 RG_TEST(history_zero_window),
	 RG_TEST(history_pickup),
);
