/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Signature sets and the per-session stream scanner state.
 *
 * A signature set is immutable once published: writers (netlink, under
 * genl_mutex) compile a new one and swap the pointer with RCU, so a packet
 * is scanned by the old set or the new one, never a mix. Only the hit
 * counters change in place (atomics).
 */
#ifndef _RG_SIGS_H
#define _RG_SIGS_H

#include <linux/atomic.h>
#include <linux/rcupdate.h>
#include <linux/rstguard.h>
#include <linux/spinlock.h>
#include "core/ac.h"
#include "core/sig_match.h"

struct rg_sig {
	atomic64_t	hits;
	u32		id;
	u16		port_min, port_max;	/* server port */
	u8		action;		/* enum rstguard_sig_action */
	u8		dir;		/* enum rstguard_sig_dir */
	char		msg[RSTGUARD_SIG_MSG_MAX];
};

struct rg_sigset {
	struct rcu_head		rcu;
	struct rg_ac		*ac;		/* pattern id = content index */
	u32			gen;		/* rg_net.sig_gen when built */
	u32			n, ncontent;
	/* by side (RG_CLIENT, RG_SERVER): no match can end past this */
	u32			scan_end[2];
	struct rg_sig		*sigs;		/* [n] */
	struct rg_sm_sig	*sm_sigs;	/* [n]: what the matcher reads */
	struct rg_sm_content	*contents;	/* [ncontent] */
	u8			*blob;		/* content bytes */
	struct rg_sm_prog	prog;		/* the three above */
	/* a signature needs its runs' matches in stream order */
	bool			in_order;
};

/*
 * What a signature is made of, before it is compiled into a set: built from
 * a netlink request or from a set already published (its bytes point there).
 */
struct rg_sig_def {
	u32		id;
	const char	*msg;
	u16		port_min, port_max;
	u8		action, dir, ncontent;
	u32		data_at, data_after;	/* isdataat N + 1; 0: none */
	struct {
		const u8	*bytes;
		u32		offset, depth;	/* depth 0: none */
		s32		distance;
		u32		within;		/* 0: none */
		u8		len;
		bool		nocase;
		bool		relative;	/* distance or within given */
	} c[RSTGUARD_SIG_CONTENTS_MAX];
};

/* rg_scan_dir.flags */
#define RG_SCAN_BASED		BIT(0)	/* .next and .off are known */
#define RG_SCAN_DONE		BIT(1)	/* past what any signature needs */

/*
 * The last segments a direction had scanned, each as its sequence range and
 * a keyed hash of its bytes (core/seg_hash.h): a retransmission that covers
 * one of them must carry the same bytes.
 */
#define RG_SCAN_SEGS		4

struct rg_scan_seg {
	u32	seq;
	u32	len;		/* 0: unused */
	u32	hash;
};

/*
 * Scanner state of one direction (tracker side) of a session: where the
 * in-order stream stands and where the automaton is in it.
 */
struct rg_scan_dir {
	u32	state;		/* automaton state: the per-flow matcher state */
	u32	next;		/* sequence number of the next byte to scan */
	u32	off;		/* its stream offset (saturates at U32_MAX) */
	u8	flags;		/* RG_SCAN_* */
	u8	seg_next;	/* slot of seg[] the next segment goes in */
	struct rg_scan_seg seg[RG_SCAN_SEGS];
	/* multi-content signatures: allocated when first needed */
	struct rg_sm_dir sm;
};

/*
 * The scanner's part of a session, after struct rg_session in the same
 * object when the session started while signatures were loaded (see
 * RG_SESS_SCAN). Its own lock, not the session's, protects what is scanned
 * (track.c says why and in which order the two are taken).
 */
struct rg_scan {
	/* under the session's lock: the signature that ended it */
	u32			sig_id;
	spinlock_t		lock;		/* everything below */
	u32			gen;		/* set the states belong to */
	bool			halted;		/* a signature ended it */
	struct rg_scan_dir	dir[2];		/* [RG_CLIENT], [RG_SERVER] */
};

#endif /* _RG_SIGS_H */
