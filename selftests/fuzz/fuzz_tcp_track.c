// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: the TCP tracker (kmod/core/tcp_track.c) against two
 * model endpoints that judge segments as Linux's receiver does (RFC 5961,
 * tcp_validate_incoming(): an RST in [rcv_wup, rcv_wup + rcv_wnd] is
 * challenged unless it is at rcv_nxt; outside that it is discarded).
 *
 * The endpoints send data within the window their peer advertised, ACK
 * what they received in order, retransmit from what their peer acked; a
 * segment may be lost past the router (the router saw it, the receiver did
 * not). Between their segments a blind attacker sends RSTs at any offset
 * from the receiver's next byte and SYNs with any sequence number, never
 * at one of the values only the endpoints know. The script may end with a
 * real reset: an abort at the sender's next seq, or the answer of an
 * endpoint that lost its state, at the ACK of the segment it answers.
 *
 * What must hold:
 *  - every segment of the endpoints is accepted; a real reset is exact;
 *  - a forgery changes nothing in the tracker, and an RST is dropped as
 *    out of window exactly when the receiver would discard it silently,
 *    passed as unverified exactly when the receiver would challenge it.
 *
 * Input: byte 0 bits 0-3 the client's window scale, bits 4-7 the
 * server's (15: no option); bytes 1-2, 3-4 the raw windows; then three
 * bytes per step: op and side, then two bytes of argument.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv.h"

/* conv.h's checks (in conv_handshake()): a failed one is a crash here */
bool rg_check_failed(void)
{
	abort();
}

struct end {
	u32 rcv_nxt;	/* next byte of the peer it has, in order */
	u32 wup;	/* the ACK it sent last: Linux's rcv_wup */
	u32 edge;	/* the right edge it advertised with it */
};

struct run {
	struct conv c;
	struct end e[2];
};

static unsigned int scale(const struct run *r, unsigned int x)
{
	if (r->c.ws[C] == RG_TCP_WSCALE_NONE ||
	    r->c.ws[S] == RG_TCP_WSCALE_NONE)
		return 0;
	return rg_min_u32(r->c.ws[x], RG_TCP_MAX_WSCALE);
}

static void die(const struct run *r, const char *what, u32 seq,
		enum rg_tcp_verdict v)
{
	fprintf(stderr, "%s: seq %#x verdict %s; client nxt %#x rcv %#x wup %#x edge %#x; server nxt %#x rcv %#x wup %#x edge %#x\n",
		what, seq, rg_tcp_verdict_name(v), r->c.nxt[C],
		r->e[C].rcv_nxt, r->e[C].wup, r->e[C].edge, r->c.nxt[S],
		r->e[S].rcv_nxt, r->e[S].wup, r->e[S].edge);
	abort();
}

/* A segment of endpoint @x; @lost: the peer never gets it. */
static void send_seg(struct run *r, unsigned int x, u32 seq, u32 len,
		     bool lost)
{
	struct end *me = &r->e[x], *peer = &r->e[!x];
	enum rg_tcp_verdict v;

	v = conv_raw(&r->c, x, ACK | (len ? PSH : 0), seq, me->rcv_nxt, len);
	if (v != RG_TCP_ACCEPT)
		die(r, "an endpoint's segment refused", seq, v);
	me->wup = me->rcv_nxt;
	me->edge = me->wup + ((u32)r->c.win[x] << scale(r, x));
	if (!lost && !rg_after(seq, peer->rcv_nxt) &&
	    rg_after(seq + len, peer->rcv_nxt))
		peer->rcv_nxt = seq + len;
}

/* A blind RST as if from @x, @off from its receiver's next byte. */
static void forge_rst(struct run *r, unsigned int x, s32 off, u8 flags)
{
	const struct end *rcv = &r->e[!x];
	u32 seq = rcv->rcv_nxt + off;
	struct rg_tcp before = r->c.t;
	enum rg_tcp_verdict v, want;

	/* values only the endpoints know: a blind attacker cannot hit them */
	if (seq == r->c.nxt[x] || seq == rcv->rcv_nxt || seq == rcv->wup)
		return;
	want = rg_before(seq, rcv->wup) || rg_after(seq, rcv->edge) ?
	       RG_TCP_RST_OUT_OF_WINDOW : RG_TCP_RST_UNVERIFIED;
	v = conv_raw(&r->c, x, flags, seq, (u32)off * 2654435761u, 0);
	if (v != want)
		die(r, want == RG_TCP_RST_UNVERIFIED ?
		    "an RST the receiver would challenge" :
		    "an RST the receiver would discard", seq, v);
	if (memcmp(&before, &r->c.t, sizeof(before)))
		die(r, "a forged RST changed the session", seq, v);
}

static void forge_syn(struct run *r, unsigned int x, u32 seq)
{
	struct rg_tcp before = r->c.t;
	enum rg_tcp_verdict v;

	v = conv_raw(&r->c, x, SYN, seq, 0, 0);
	if (v == RG_TCP_REUSE || memcmp(&before, &r->c.t, sizeof(before)))
		die(r, "a forged SYN changed the session", seq, v);
}

static void real_reset(struct run *r, unsigned int x, bool answer)
{
	enum rg_tcp_verdict v;
	u32 seq = r->c.nxt[x];

	if (answer) {
		/* x lost its state; the peer's next segment draws its RST */
		send_seg(r, !x, r->c.nxt[!x], 0, false);
		seq = r->e[!x].rcv_nxt;
	}
	v = conv_raw(&r->c, x, RST, seq, 0, 0);
	if (v != RG_TCP_RST_EXACT)
		die(r, "a real reset is not exact", seq, v);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct run r;
	size_t i;

	if (size < 5)
		return 0;
	memset(&r, 0, sizeof(r));
	conv_init(&r.c, 0xfffff000u + data[1] * 16u, data[2] * 0x01000193u);
	r.c.ws[C] = (data[0] & 15) == 15 ? RG_TCP_WSCALE_NONE : data[0] & 15;
	r.c.ws[S] = (data[0] >> 4) == 15 ? RG_TCP_WSCALE_NONE : data[0] >> 4;
	/*
	 * Not 0: for a zero window the tracker keeps conntrack's extra byte
	 * for a probe, so an RST one past the edge is passed (the receiver
	 * discards it) instead of dropped.
	 */
	r.c.win[C] = 255 + data[3] * 256u;
	r.c.win[S] = 255 + data[4] * 256u;
	conv_handshake(&r.c);
	/* the SYN-ACK's window is not scaled; the client's last ACK is */
	r.e[S].rcv_nxt = r.c.nxt[C];
	r.e[S].wup = r.c.nxt[C];
	r.e[S].edge = r.c.nxt[C] + r.c.win[S];
	r.e[C].rcv_nxt = r.c.nxt[S];
	r.e[C].wup = r.c.nxt[S];
	r.e[C].edge = r.c.nxt[S] + ((u32)r.c.win[C] << scale(&r, C));

	for (i = 5; i + 3 <= size; i += 3) {
		unsigned int x = data[i] & 1;
		u32 arg = data[i + 1] | data[i + 2] << 8;
		u32 room = r.e[!x].edge - r.c.nxt[x];
		u32 len;

		switch ((data[i] >> 1) % 8) {
		case 0:		/* new data, perhaps lost past the router */
		case 1:
			len = rg_min_u32(1 + (arg & 0xfff), room);
			if (!len || rg_after(r.c.nxt[x], r.e[!x].edge))
				break;
			r.c.nxt[x] += len;
			send_seg(&r, x, r.c.nxt[x] - len, len, arg & 0x8000);
			break;
		case 2:		/* retransmit from what the peer acked */
			len = r.c.nxt[x] - r.e[!x].wup;
			if (len)
				send_seg(&r, x, r.e[!x].wup,
					 rg_min_u32(len, 1 + (arg & 0x7ff)), false);
			break;
		case 3:		/* a pure ACK */
			send_seg(&r, x, r.c.nxt[x], 0, false);
			break;
		case 4:		/* blind RSTs near the window, and far */
			forge_rst(&r, x, (s32)(s16)arg, RST);
			break;
		case 5:
			forge_rst(&r, x, (s32)(arg << 12) - (s32)(arg << 3),
				  RST | ACK);
			break;
		case 6:
			forge_syn(&r, x, arg * 0x9e3779b9u);
			break;
		case 7:		/* the end: a real reset */
			real_reset(&r, x, arg & 1);
			return 0;
		}
	}
	return 0;
}
