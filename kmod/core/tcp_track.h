/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-session TCP tracking: state machine, sequence windows in both
 * directions, RST validation (RFC 5961) and the end causes a state implies.
 * After net/netfilter/nf_conntrack_proto_tcp.c (Linux 6.1).
 *
 * The glue fills a struct rg_tcp_seg from each segment and calls
 * rg_tcp_track(); the verdict says what to do with the packet and with the
 * session. Directions: the glue's "dir" is 0 for the direction of the packet
 * that created the session, 1 for the other; the tracker's "side" is
 * RG_CLIENT or RG_SERVER. They differ only when the first packet came from
 * the server (a SYN-ACK picked up mid-handshake): rg_tcp_client_dir() tells.
 *
 * What the glue does with each verdict:
 *
 *	ACCEPT			forward; refresh the idle deadline
 *	IGNORE			forward; no refresh, not counted as invalid
 *	INVALID			count; drop if strict, else forward
 *	RST_EXACT		forward; refresh (the state is now CLOSED)
 *	RST_UNVERIFIED		count and forward; no refresh: the receiver
 *				answers it with a challenge ACK (RFC 5961)
 *	RST_OUT_OF_WINDOW	count and drop
 *	REUSE			end the session with tcp-reuse and
 *				rg_tcp_end_cause() (its FIN or RST), then
 *				rg_tcp_init() a new one from this SYN
 *
 * The idle deadline is now + the namespace's value for rg_tcp_timeout():
 *
 *	SYN_SENT, SYN_SENT2			tcp-init
 *	SYN_RECV				tcp-handshake
 *	ESTABLISHED				tcp
 *	FIN_CLIENT, FIN_SERVER			tcp-half-closed
 *	CLOSING, TIME_WAIT, CLOSED		tcp-time-wait
 *	picked up, other side not seen yet	tcp-init (until it closes)
 *
 * When it passes, the session ends with rg_tcp_end_cause() ORed into the
 * causes the glue collected itself (threat, policy-deny, ...).
 */
#ifndef _RG_CORE_TCP_TRACK_H
#define _RG_CORE_TCP_TRACK_H

#include "types.h"
#include "end_reason.h"
#include "history.h"
#include <linux/rstguard.h>

/* TCP header flag bits, as in byte 13 of the header (tcp_flag_byte()). */
#define RG_TCPF_FIN		0x01
#define RG_TCPF_SYN		0x02
#define RG_TCPF_RST		0x04
#define RG_TCPF_PSH		0x08
#define RG_TCPF_ACK		0x10
#define RG_TCPF_URG		0x20
#define RG_TCPF_ECE		0x40
#define RG_TCPF_CWR		0x80

/* rg_tcp_seg.wscale when the segment has no window scale option. */
#define RG_TCP_WSCALE_NONE	0xff
/* RFC 7323 2.3: larger shift counts are used as 14. */
#define RG_TCP_MAX_WSCALE	14

/* One segment, as the glue parsed it; host byte order. */
struct rg_tcp_seg {
	u32	seq;
	u32	ack;
	u32	len;		/* payload bytes */
	u16	window;		/* raw header value, unscaled */
	u8	flags;		/* RG_TCPF_* */
	u8	wscale;		/* SYN option value or RG_TCP_WSCALE_NONE */
	u8	dir;		/* 0: creator's direction, 1: reply */
};

enum rg_side {
	RG_CLIENT,
	RG_SERVER,
	RG_NOSIDE,
};

/*
 * What one direction has sent, as conntrack's struct ip_ct_tcp_state. A
 * side whose maxwin is 0 has not been seen since a pickup or a flowtable
 * resume: its end and acked are guesses.
 */
struct rg_tcp_side {
	u32	end;		/* highest seq + len (+SYN, +FIN) sent */
	u32	maxend;		/* highest ack + window the peer allowed */
	u32	maxwin;		/* largest scaled window sent; 0: not seen */
	u32	acked;		/* highest ack sent: the peer's bytes it has, */
				/* its RCV.NXT as far as the router knows */
};

/* Embedded in every session; no pointers, copied freely. */
struct rg_tcp {
	struct rg_tcp_side	side[2];	/* [RG_CLIENT], [RG_SERVER] */
	u16			flags;		/* RG_TCP_F_*, private */
	u8			state;		/* enum rstguard_tcp_state */
	u8			wscale;		/* offered: client low nibble */
};

/*
 * INVALID, RST_UNVERIFIED, RST_OUT_OF_WINDOW and REUSE never change
 * struct rg_tcp.
 */
enum rg_tcp_verdict {
	RG_TCP_ACCEPT,
	RG_TCP_IGNORE,		/* may be valid, may not: let endpoints judge */
	RG_TCP_INVALID,		/* out of window, bad flags, wrong state */
	RG_TCP_RST_EXACT,	/* an RST the receiver takes: session closed */
	RG_TCP_RST_UNVERIFIED,	/* in window but inexact (RFC 5961): the */
				/* receiver challenges it, nothing changes */
	RG_TCP_RST_OUT_OF_WINDOW,
	RG_TCP_REUSE,		/* a SYN on a closed or reset session */

	__RG_TCP_VERDICT_MAX
};

/* Private flag bits; per-side pairs are CLIENT << side. */
#define RG_TCP_F_CLIENT_REPLY	BIT(0)	/* the client is glue dir 1 */
#define RG_TCP_F_PICKUP		BIT(1)	/* created mid-stream: liberal */
#define RG_TCP_F_SIMOPEN	BIT(2)	/* both sides sent a SYN */
#define RG_TCP_F_SYNACK_C	BIT(3)	/* the client sent the SYN-ACK */
#define RG_TCP_F_WS_C		BIT(4)	/* client offered window scaling */
#define RG_TCP_F_WS_S		BIT(5)
#define RG_TCP_F_FIN_C		BIT(6)	/* client sent a FIN */
#define RG_TCP_F_FIN_S		BIT(7)
#define RG_TCP_F_FINACK_C	BIT(8)	/* client's FIN was acked */
#define RG_TCP_F_FINACK_S	BIT(9)
#define RG_TCP_F_FIN_FIRST_S	BIT(10)	/* the first FIN came from the server */
#define RG_TCP_F_RST_SEEN	BIT(11)	/* an exact RST was seen */
#define RG_TCP_F_RST_FIRST_S	BIT(12)	/* the first of them from the server */
#define RG_TCP_F_FINGAP_C	BIT(13)	/* client's FIN came after a gap: */
#define RG_TCP_F_FINGAP_S	BIT(14)	/* it counts once the peer ACKs it */
#define RG_TCP_F_CHALLENGE	BIT(15)	/* server ACKed the SYN, no SYN-ACK */

bool rg_tcp_flags_valid(u8 flags);
bool rg_tcp_init(struct rg_tcp *t, struct rg_history *h,
		 const struct rg_tcp_seg *first);
enum rg_tcp_verdict rg_tcp_track(struct rg_tcp *t, struct rg_history *h,
				 const struct rg_tcp_seg *seg);
void rg_tcp_resume(struct rg_tcp *t);
enum rstguard_timeout rg_tcp_timeout(const struct rg_tcp *t);
u16 rg_tcp_end_cause(const struct rg_tcp *t);

/*
 * The FIN and RST causes of a session that ends by something other than
 * idling (a reuse of its tuple, the admin): it did not age out.
 */
static inline u16 rg_tcp_close_causes(const struct rg_tcp *t)
{
	return rg_tcp_end_cause(t) & ~RG_END_BIT(RSTGUARD_END_AGED_OUT);
}

u32 rg_tcp_timeout_default(enum rstguard_timeout timeout);
const char *rg_tcp_timeout_name(enum rstguard_timeout timeout);
int rg_tcp_timeout_parse(const char *name);
const char *rg_tcp_state_name(enum rstguard_tcp_state state);
const char *rg_tcp_verdict_name(enum rg_tcp_verdict verdict);

static inline enum rstguard_tcp_state rg_tcp_state(const struct rg_tcp *t)
{
	return t->state;
}

/* The glue direction (0 or 1) the client sends in. */
static inline unsigned int rg_tcp_client_dir(const struct rg_tcp *t)
{
	return !!(t->flags & RG_TCP_F_CLIENT_REPLY);
}

static inline bool rg_tcp_picked_up(const struct rg_tcp *t)
{
	return t->flags & RG_TCP_F_PICKUP;
}

static inline bool rg_tcp_seen_both(const struct rg_tcp *t)
{
	return t->side[RG_CLIENT].maxwin && t->side[RG_SERVER].maxwin;
}

/* Who sent the first FIN, or RG_NOSIDE. */
static inline enum rg_side rg_tcp_first_fin(const struct rg_tcp *t)
{
	if (!(t->flags & (RG_TCP_F_FIN_C | RG_TCP_F_FIN_S)))
		return RG_NOSIDE;
	return (t->flags & RG_TCP_F_FIN_FIRST_S) ? RG_SERVER : RG_CLIENT;
}

/* Who sent the first RST the tracker accepted, or RG_NOSIDE. */
static inline enum rg_side rg_tcp_first_rst(const struct rg_tcp *t)
{
	if (!(t->flags & RG_TCP_F_RST_SEEN))
		return RG_NOSIDE;
	return (t->flags & RG_TCP_F_RST_FIRST_S) ? RG_SERVER : RG_CLIENT;
}

/*
 * The sequence number a segment sent in glue direction @dir should carry
 * next; an RST built by the module with it is exact for the tracker.
 */
static inline u32 rg_tcp_next_seq(const struct rg_tcp *t, unsigned int dir)
{
	return t->side[(dir & 1) ^ rg_tcp_client_dir(t)].end;
}

#endif /* _RG_CORE_TCP_TRACK_H */
