/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A scripted TCP conversation through the tracker: two model endpoints that
 * remember their next sequence number, so tests read like packet traces.
 */
#ifndef _RG_CONV_H
#define _RG_CONV_H

#include "ktap.h"
#include "tcp_track.h"

#define C	RG_CLIENT
#define S	RG_SERVER

#define SYN	RG_TCPF_SYN
#define ACK	RG_TCPF_ACK
#define FIN	RG_TCPF_FIN
#define RST	RG_TCPF_RST
#define PSH	RG_TCPF_PSH

/* What conv_raw() returns when rg_tcp_init() refused the first segment. */
#define CONV_REFUSED	__RG_TCP_VERDICT_MAX

struct conv {
	struct rg_tcp t;
	struct rg_history h;
	u32 isn[2];
	u32 nxt[2];		/* next sequence number of each side */
	u16 win[2];		/* raw window each side advertises */
	u8 ws[2];		/* window scale option in each side's SYN */
	unsigned int cdir;	/* glue direction the client sends in */
	bool live;		/* rg_tcp_init() accepted a first segment */
	char hist[RG_HISTORY_STRLEN];
};

void conv_init(struct conv *c, u32 isn_c, u32 isn_s);
enum rg_tcp_verdict conv_raw(struct conv *c, unsigned int side, u8 flags,
			     u32 seq, u32 ack, u32 len);
enum rg_tcp_verdict conv_send(struct conv *c, unsigned int side, u8 flags,
			      u32 len);
void conv_handshake(struct conv *c);
const char *conv_hist(struct conv *c);

#define CHECK_V(expr, want)						\
	do {								\
		enum rg_tcp_verdict _v = (expr), _w = (want);		\
		if (_v != _w)						\
			rg_check_fail(__FILE__, __LINE__,		\
				      "%s: verdict %s, want %s", #expr,	\
				      rg_tcp_verdict_name(_v),		\
				      rg_tcp_verdict_name(_w));		\
	} while (0)

#define CHECK_ST(t, want)						\
	do {								\
		enum rstguard_tcp_state _s = rg_tcp_state(t), _w = (want); \
		if (_s != _w)						\
			rg_check_fail(__FILE__, __LINE__,		\
				      "state %s, want %s",		\
				      rg_tcp_state_name(_s),		\
				      rg_tcp_state_name(_w));		\
	} while (0)

#define CHECK_TO(t, want)						\
	do {								\
		enum rstguard_timeout _o = rg_tcp_timeout(t), _w = (want); \
		if (_o != _w)						\
			rg_check_fail(__FILE__, __LINE__,		\
				      "timeout %s, want %s",		\
				      rg_tcp_timeout_name(_o),		\
				      rg_tcp_timeout_name(_w));		\
	} while (0)

#define CHECK_END(t, want)						\
	do {								\
		enum rstguard_end_reason _w = (want), _r =		\
			rg_end_reason_pick(rg_tcp_end_cause(t));	\
		if (_r != _w)						\
			rg_check_fail(__FILE__, __LINE__,		\
				      "end reason %s, want %s",		\
				      rg_end_reason_name(_r),		\
				      rg_end_reason_name(_w));		\
	} while (0)

/* The tracker state must be bit-for-bit what it was. */
#define CHECK_SAME(before, t)						\
	CHECK(!memcmp(&(before), (t), sizeof(before)))

#endif /* _RG_CONV_H */
