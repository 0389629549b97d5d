/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The automaton's memory layout, shared by its compiler (ac.c) and its
 * scanner (ac_scan.c) only. Everything is in 32-bit words of w[]; a state id
 * is the word offset of the state's row or record.
 *
 * Dense row of the state at s (ids below dense_end):
 *	w[s + c]	next state on class c, failure transitions resolved
 *	w[s + ncls]	first output record, only for ids >= plain_end
 *
 * Sparse record of the state at s (ids from dense_end on):
 *	w[s]		header:
 *			  bits 0-7	class of the implicit child
 *			  bits 8-9	record size in words; 0: in the size word
 *			  bits 10-13	H_IMPLICIT, H_CASE2, H_MATCH, H_OWN
 *			  bits 14-31	failure link if below H_FAIL_FAR, else
 *					H_FAIL_FAR: in the far failure word
 *	then, in this order and only when needed:
 *			size word, far failure word, first output record (H_OWN)
 *	then		explicit children to the end of the record, one word
 *			each: state id << 8 | class, ascending class
 *
 * The implicit child (on its class, and on the other case's class if
 * H_CASE2) is the record right after this one: most states sit on a chain
 * of single children, which thus costs one word per state and is read
 * sequentially. The failure link is always shallower, and fits in the
 * header when it points into the first 2^18 words, where the dense rows and
 * then the sparse failure targets are laid out.
 *
 * H_MATCH: the state has output. Without H_OWN all of it is its failure
 * link's, and reporting walks there: a match costs a callback anyway, while
 * a head word in every state that inherits output (most of them, once a few
 * one- or two-byte patterns exist) would cost a word per state.
 *
 * Output record at r: w[r] next record (that of the nearest shallower state
 * on the failure chain with output of its own) or RG_AC_NONE, w[r + 1]
 * the count and the state's depth (the length of all these patterns), then
 * the ids of the patterns that end exactly at the state.
 *
 * Skip filter (ac_skip.c), when skip_m is not 0: 2^skip_bits bytes from
 * word skip_at on, after the output records.
 */
#ifndef _RG_CORE_AC_LAYOUT_H
#define _RG_CORE_AC_LAYOUT_H

#include "ac.h"

#define RG_AC_MAGIC		0x72676163U
/* Dense rows belong to states at most this deep (the scan relies on it). */
#define RG_AC_DENSE_DEPTH	2
#define RG_AC_NONE		0xffffffffU

#define H_CLS0			0xffU
#define H_SIZE_SHIFT		8
#define H_SIZE_MASK		0x3U
#define H_IMPLICIT		BIT(10)
#define H_CASE2			BIT(11)
#define H_MATCH			BIT(12)
#define H_OWN			BIT(13)
#define H_FAIL_SHIFT		14
#define H_FAIL_FAR		0x3ffffU

#define R_COUNT			0xffffffU
#define R_DEPTH_SHIFT		24

#define E_CLS			0xffU
#define E_TO_SHIFT		8
/* explicit children hold 24-bit ids: the states fit in 2^24 words */
#define RG_AC_MAX_STATE_WORDS	16777216U	/* 2^24 */

struct rg_ac {
	u32	magic;
	u32	ncls;		/* byte classes: the length of a dense row */
	u32	plain_end;	/* ids below: dense rows without output */
	u32	dense_end;	/* ids below: dense rows; from here: records */
	u32	state_words;	/* every state id is below */
	u32	states;
	u32	dense_states;
	u32	patterns;
	u32	pattern_bytes;
	u32	max_len;
	u32	skip_m;		/* skip filter window; 0: no filter */
	u32	skip_bits;	/* log2 of its table's entries */
	u32	skip_fold;	/* or-ed into its blocks: RG_AC_SKIP_FOLD or 0 */
	u32	skip_at;	/* word offset of the table in w[] */
	u64	size;		/* bytes of this allocation */
	u8	cls[256];	/* byte -> class */
	u8	other_case[256];	/* class -> class of the other case */
	u32	w[];		/* states, then output records */
};

#endif /* _RG_CORE_AC_LAYOUT_H */
