/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sessions: the table entry, its key and its record.
 *
 * One entry serves both directions. Its key is canonical: the two
 * (address, port) endpoints in memcmp order, so a packet finds the entry
 * whichever way it travels; the entry remembers which endpoint created it.
 */
#ifndef _RG_SESSION_H
#define _RG_SESSION_H

#include <linux/in6.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include "core/tcp_track.h"
#include "sigs.h"

/* Hashed and compared with memcmp: every byte, padding included, is set. */
struct rg_key {
	struct in6_addr	addr[2];	/* IPv4: the first 4 bytes, rest 0 */
	__be16		port[2];
	u8		family;		/* AF_INET or AF_INET6 */
	u8		pad[3];
};

/* rg_session.flags, under rg_session.lock */
#define RG_SESS_DEAD		BIT(0)	/* ended: unlinking, no more updates */
#define RG_SESS_CREATOR_1	BIT(1)	/* the creator is key endpoint 1 */
#define RG_SESS_SCAN		BIT(2)	/* a struct rg_session_scan: scanned */
#define RG_SESS_BLOCKED		BIT(3)	/* a threat was found: drop it all */
#define RG_SESS_CT		BIT(4)	/* a struct rg_session_ct: conntrack's */
#define RG_SESS_RELEASED	BIT(5)	/* needs the slow path no more: its */
					/* packets get the offload mark */
#define RG_SESS_OFFLOADED	BIT(6)	/* a flowtable forwards it: the */
					/* tracker's windows fall behind */
#define RG_SESS_PICKUP		BIT(7)	/* created mid-stream (the tracker is */
					/* liberal after a flowtable too) */
#define RG_SESS_SIDE_SCAN	BIT(8)	/* began unscanned; scanned since a */
					/* set was loaded (scan_side.c) */

/*
 * At most 136 bytes on a production kernel (see the static_assert in
 * table.c). Times are 32-bit jiffies: a session idle for more than 24 days
 * would compare wrong, and timeouts are capped far below that.
 */
struct rg_session {
	struct rhash_head	node;		/* in rg_table.ht */
	struct rg_key		key;		/* immutable once inserted */
	spinlock_t		lock;		/* everything below */
	u16			flags;		/* RG_SESS_* */
	u16			causes;		/* RG_END_BIT()s set so far */
	struct rg_tcp		tcp;
	u32			start;		/* jiffies at the first packet */
	struct rg_history	hist;
	u32			last;		/* jiffies at the last refresh */
	u32			pkts[2];	/* by glue direction */
	u32			rule_id;	/* rule that admitted it; 0: none */
	union {
		/* by glue direction, while the session lives */
		u64		bytes[2];
		/*
		 * Once RG_SESS_DEAD is set nobody writes bytes[] again, and
		 * the entry is only waiting for its RCU grace period.
		 */
		struct rcu_head	rcu;
	};
};

/*
 * A session that started while signatures were loaded carries the scanner's
 * state after it, in an object of its own cache: sessions that nothing
 * scans stay at 136 bytes.
 */
struct rg_session_scan {
	struct rg_session	s;
	struct rg_scan		scan;
};

static inline struct rg_scan *rg_session_scan(const struct rg_session *s)
{
	if (!(s->flags & RG_SESS_SCAN))
		return NULL;
	return &container_of(s, struct rg_session_scan, s)->scan;
}

/* Where an endpoint sends to on its own wire, after conntrack's NAT. */
struct rg_nat_peer {
	struct in6_addr	addr;		/* IPv4: the first 4 bytes, rest 0 */
	__be16		port;
};

struct nf_conn;

/*
 * A session that conntrack tracks too (its first packet had a conntrack
 * entry) keeps, in an object of its own cache, what rstguard needs of that
 * entry (conntrack.c): the addresses each endpoint sees, so that resets
 * built from tracked state go out as the session's own packets do on that
 * endpoint's wire; and, while a flowtable forwards the session, a reference
 * to the entry, to follow it there. Under rg_session.lock.
 */
struct rg_session_ct {
	/* by glue direction: where the sender of that direction sends to */
	struct rg_nat_peer	peer[2];
	bool			nat;		/* peer[] differ from FORWARD's */
	/* the entry peer[] was read from: compared, never dereferenced */
	unsigned long		bound;
	struct nf_conn		*offload;	/* a reference, while offloaded */
};

struct rg_session_with_ct {
	struct rg_session	s;
	struct rg_session_ct	ct;
};

struct rg_session_scan_ct {
	struct rg_session_scan	ss;
	struct rg_session_ct	ct;
};

static inline struct rg_session_ct *rg_session_ct(const struct rg_session *s)
{
	if (!(s->flags & RG_SESS_CT))
		return NULL;
	if (s->flags & RG_SESS_SCAN)
		return &container_of(s, struct rg_session_scan_ct, ss.s)->ct;
	return &container_of(s, struct rg_session_with_ct, s)->ct;
}

/* A snapshot of a session, client first, for events, logs and dumps. */
struct rg_record {
	struct in6_addr	client, server;
	u16		client_port, server_port;
	u8		family;
	u8		state;
	u8		first_fin, first_rst;	/* enum rstguard_side */
	u8		reason;
	bool		pickup;
	u16		causes;
	u64		start_ns;	/* realtime */
	u64		duration_ms;
	u64		pkts[2];	/* [0] client, [1] server */
	u64		bytes[2];
	u32		expires;	/* s until idle expiry; live ones only */
	u32		rule_id;	/* 0: none */
	char		history[RG_HISTORY_STRLEN];
	char		rule_name[RSTGUARD_RULE_NAME_MAX];	/* "": none */
	u32		sig_id;		/* 0: none */
	char		sig_msg[RSTGUARD_SIG_MSG_MAX];
	/*
	 * With @nat, by side ([0] client, [1] server): where that endpoint
	 * sends to on its wire, where FORWARD shows the other endpoint.
	 */
	bool		nat;
	struct rg_nat_peer nat_peer[2];
};

/* Key of the packet in hand; *dir is 0 if the packet travels endpoint 0 -> 1. */
struct rg_pkt_key {
	struct rg_key	key;
	unsigned int	dir;
};

#endif /* _RG_SESSION_H */
