/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The automaton compiler's working state, shared by ac.c (tries, byte
 * classes, states) and ac_emit.c (layout). Compile time only: none of this
 * survives rg_ac_compile().
 */
#ifndef _RG_CORE_AC_BUILD_H
#define _RG_CORE_AC_BUILD_H

#include "ac_layout.h"

#define NONE	RG_AC_NONE

/* One trie under construction; nodes are numbered in insertion order. */
struct rg_ac_trie {
	u32	n;		/* nodes; node 0 is the root */
	u32	*first, *sib;	/* children lists during insertion */
	u32	*kid_start;	/* children of x: kid[kid_start[x]..[x + 1]) */
	u32	*kid;		/* by ascending byte */
	u32	*fail;
	u32	*term;		/* first pattern ending here, or NONE */
	u8	*byte;		/* on the edge into the node */
	u8	*depth;
	u32	root[256];	/* the root's child per byte, or NONE */
};

/* rg_ac_builder.match[]: the state's output is its own (and more), or inherited */
#define MATCH_INHERITED	1
#define MATCH_OWN	2

struct rg_ac_builder {
	const struct rg_ac_pattern *pats;
	u32	npats;
	u32	*order;		/* pattern indices, sorted */
	u32	*pnext;		/* next pattern in the same term list */
	struct rg_ac_trie cs, nc;	/* case-sensitive, folded */
	u32	ncls;
	u8	cls[256];
	u8	rep[256];	/* one byte of each class */
	u8	other_case[256];	/* class -> class of the other case */
	u32	sig[256];	/* what tells a byte's class apart */
	u32	path[RG_AC_MAX_LEN + 1];

	/* automaton states, in breadth-first order; state 0 is the root */
	u32	np, pcap;
	u32	*pu, *pv;	/* trie nodes of the pair */
	u32	*pfail, *ppar;	/* failure link, parent in the spanning tree */
	u32	*pcreat;	/* edge that created the state */
	u32	*pedge;		/* edges of x: [pedge[x], pedge[x + 1]) */
	u8	*pdepth;
	u32	ne, ecap;
	u32	*eto;		/* forward edges: target, class */
	u8	*ecls;
	u32	*hash, hmask;	/* (u, v) -> state + 1 */

	/* layout (ac_emit.c) */
	u32	*off, *head, *stack;
	u8	*match;		/* MATCH_* */
	u8	*far;		/* failure link in a word of its own */
	u8	*dense;		/* has a dense row */
	u32	*refs;		/* failure links to the state */
	u32	*seq, nseq;	/* sparse states in layout order */
	u32	*succ;		/* the sparse state laid out next, or NONE */
	u32	plain_end, dense_end;
};

/* rg_alloc() of @count elements, NULL past any sane size (and for 0). */
void *rg_ac_alloc_array(u64 count, size_t elem);

/* Patterns ending exactly at the depth of state @x: count, ids if @ids. */
u32 rg_ac_own_output(const struct rg_ac_builder *b, u32 x, u32 *ids);

/* Lays the states out into one allocation: 0 or -RG_AC_ERR_*. */
int rg_ac_emit(struct rg_ac_builder *b, struct rg_ac **acp, u32 total,
	       u32 maxlen);

#endif /* _RG_CORE_AC_BUILD_H */
