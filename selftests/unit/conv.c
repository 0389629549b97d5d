// SPDX-License-Identifier: GPL-2.0
#include "conv.h"

void conv_init(struct conv *c, u32 isn_c, u32 isn_s)
{
	memset(c, 0, sizeof(*c));
	c->isn[C] = isn_c;
	c->isn[S] = isn_s;
	c->nxt[C] = isn_c;
	c->nxt[S] = isn_s;
	c->win[C] = 64240;
	c->win[S] = 65160;
	c->ws[C] = RG_TCP_WSCALE_NONE;
	c->ws[S] = RG_TCP_WSCALE_NONE;
}

/* One crafted segment; the endpoints' model is left alone. */
enum rg_tcp_verdict conv_raw(struct conv *c, unsigned int side, u8 flags,
			     u32 seq, u32 ack, u32 len)
{
	struct rg_tcp_seg seg = {
		.seq = seq,
		.ack = ack,
		.len = len,
		.window = c->win[side],
		.flags = flags,
		.wscale = (flags & SYN) ? c->ws[side] : RG_TCP_WSCALE_NONE,
	};

	if (!c->live) {
		/* The creator's direction is 0 by definition. */
		c->cdir = side;
		seg.dir = 0;
		if (!rg_tcp_init(&c->t, &c->h, &seg))
			return CONV_REFUSED;
		c->live = true;
		return RG_TCP_ACCEPT;
	}
	seg.dir = side ^ c->cdir;
	return rg_tcp_track(&c->t, &c->h, &seg);
}

/*
 * The next segment of @side: it carries the side's next sequence number and
 * acks everything the other side sent; the side's model advances whatever
 * the tracker thinks, as a real endpoint's would.
 */
enum rg_tcp_verdict conv_send(struct conv *c, unsigned int side, u8 flags,
			      u32 len)
{
	u32 ack = (flags & ACK) ? c->nxt[!side] : 0;
	u32 seq = c->nxt[side];

	c->nxt[side] += len + !!(flags & SYN) + !!(flags & FIN);
	return conv_raw(c, side, flags, seq, ack, len);
}

void conv_handshake(struct conv *c)
{
	CHECK_V(conv_send(c, C, SYN, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(c, S, SYN | ACK, 0), RG_TCP_ACCEPT);
	CHECK_V(conv_send(c, C, ACK, 0), RG_TCP_ACCEPT);
	CHECK_ST(&c->t, RSTGUARD_TCP_ESTABLISHED);
}

const char *conv_hist(struct conv *c)
{
	rg_history_format(&c->h, c->hist, sizeof(c->hist));
	return c->hist;
}
