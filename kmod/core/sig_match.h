/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multi-content signatures over a stream, with Snort's meaning, exactly and
 * in bounded memory per direction of a session.
 *
 * A signature's contents form groups: a content without distance/within
 * (matched on its own, within its offset and depth) and the relative ones
 * after it. A signature matches when each group has a match, and the
 * stream holds the bytes its isdataat asks for. Among several occurrences
 * of a content, any one that satisfies the constraints will do: as Snort,
 * which backtracks, rstguard finds a match if there is one.
 *
 * How, with the automaton (ac.h) reporting every occurrence of every
 * content once, in stream order (rg_ac_scan_in_order()):
 *
 *  - A link with within is bounded: the contents it joins lie close
 *    together. A group cut at its unbounded links (distance only) gives
 *    runs of bounded links. Each direction keeps its last bytes in a
 *    window as long as the longest run can span (at most
 *    RG_SM_SPAN_MAX); when a content that can end a run match occurs, the
 *    run is checked against the window: the sets of possible end
 *    positions of each content, propagated link by link (two bitmaps of
 *    the window's size), so every combination of occurrences counts and
 *    the work is bounded by the window, whatever the stream holds.
 *
 *  - Across an unbounded link only the earliest end of the run before it
 *    matters (a later one allows less), so a run's first match is kept: a
 *    u32 in a small per-direction hash table, keyed by the run's index in
 *    the set. The table holds one entry per run that has matched in this
 *    direction, and per signature waiting for isdataat bytes: at most the
 *    set's number of runs and signatures, whatever the traffic. Nothing
 *    in it is ever evicted, so decoys that match first contents of other
 *    signatures cost memory, bounded so, but never a detection.
 *
 * Limits, checked when a set is built (rg_sm_check()): a run spans at most
 * RG_SM_SPAN_MAX bytes; a negative distance needs within; a run with a
 * negative distance ends its group and is not followed by a relative
 * isdataat (its matches may then end out of order, and only the group's
 * existence, not its earliest end, is exact).
 */
#ifndef _RG_CORE_SIG_MATCH_H
#define _RG_CORE_SIG_MATCH_H

#include "types.h"

#define RG_SM_SPAN_MAX		2048U	/* bytes a run may span */
#define RG_SM_CONTENTS_MAX	8U	/* contents per signature */

/* rg_sm_content.flags */
#define RG_SM_HEAD	BIT(0)	/* first of its group: offset, end_max */
#define RG_SM_RUN_END	BIT(1)	/* last of its run */
#define RG_SM_TRIGGER	BIT(2)	/* its occurrences are checked */
#define RG_SM_GROUP_END	BIT(3)	/* last of its group */
#define RG_SM_NEGATIVE	BIT(4)	/* in a run with a negative distance */

struct rg_sm_content {
	u32	bytes;		/* offset of its bytes in the program's blob */
	u32	sig;		/* its signature's index */
	u32	offset;		/* RG_SM_HEAD: first stream offset it starts at */
	u32	end_max;	/* RG_SM_HEAD: last it ends at; U32_MAX: none */
	s32	distance;	/* else: starts >= previous end + distance */
	u32	within;		/* and ends <= previous end + distance + within;
				 * 0: an unbounded link, the start of a run */
	u32	run;		/* its run's index in the set: a table key */
	u32	span;		/* its run's span (all of the run's contents) */
	u8	len;
	u8	nocase;
	u8	pos;		/* index in its signature */
	u8	run_first;	/* index in its signature of its run's first */
	u8	flags;		/* RG_SM_* */
};

struct rg_sm_sig {
	u32	content;	/* index of its first content */
	u32	data_at;	/* the stream holds this many bytes; 0: any */
	u32	data_after;	/* ... this many past the last content's end */
	u8	ncontent;
	u8	simple;		/* one run, no isdataat: needs no table */
};

/* What a set's matcher reads: built by the caller, checked by rg_sm_prepare(). */
struct rg_sm_prog {
	const struct rg_sm_sig		*sigs;
	const struct rg_sm_content	*contents;
	const u8			*blob;
	u32				nsigs;
	u32				window;	/* bytes of window per direction */
};

/* What a content is, as a signature definition gives it. */
struct rg_sm_def {
	u32	len;
	u32	offset, depth;		/* depth 0: none */
	s32	distance;
	u32	within;			/* 0: none */
	bool	relative;
};

/*
 * NULL if the @n contents of one signature can be matched, else why not (a
 * static string). Shared by the module (extack) and the CLI (the reason a
 * rule is skipped). @data_after: the signature has a relative isdataat.
 */
const char *rg_sm_check(const struct rg_sm_def *c, unsigned int n,
			bool data_after);

/*
 * Fill @out[0..n) (bytes, sig and nocase are the caller's) for one
 * signature's contents @c, checked by rg_sm_check(); @run is the set's
 * running count of runs, advanced. Returns the furthest stream offset a
 * match of this signature can end at (U32_MAX: none), and sets *@simple.
 */
u32 rg_sm_layout(const struct rg_sm_def *c, unsigned int n, u32 *run,
		 struct rg_sm_content *out, bool *simple);

struct rg_sm_tab;

/* Matcher state of one direction of a session; zeroed to start. */
struct rg_sm_dir {
	u8			*win;	/* window ring, then two bitmaps */
	struct rg_sm_tab	*tab;
	u32			pending; /* first length a signature waits for;
					  * 0: none */
};

/* Bytes of the stream around a match: the chunk being scanned. */
struct rg_sm_text {
	const u8	*buf;
	u32		base;	/* stream offset of buf[0] */
	u32		len;
};

enum rg_sm_result {
	RG_SM_NONE,
	RG_SM_MATCH,		/* the content's signature matches */
	RG_SM_NOMEM,		/* state could not be allocated */
};

/*
 * The automaton found content @cid ending at stream offset @end, inside
 * @t. Does its signature match now? Bytes before @t come from the window,
 * which rg_sm_feed() filled with everything before @t.
 */
enum rg_sm_result rg_sm_hit(const struct rg_sm_prog *p, struct rg_sm_dir *d,
			    const struct rg_sm_text *t, u32 cid, u32 end);

/*
 * @t was scanned: keep its last bytes in the window. Then, for each
 * signature whose isdataat bytes have now arrived, @fn(@ctx, signature
 * index); a non-zero return stops. Returns RG_SM_NOMEM if the window could
 * not be allocated (nothing is kept), else RG_SM_NONE.
 */
enum rg_sm_result rg_sm_feed(const struct rg_sm_prog *p, struct rg_sm_dir *d,
			     const struct rg_sm_text *t,
			     int (*fn)(void *ctx, u32 sig), void *ctx);

/* Forget everything (a new set, the session's end). */
void rg_sm_dir_free(struct rg_sm_dir *d);

/* Bytes @d holds now, for the memory report. */
size_t rg_sm_dir_size(const struct rg_sm_prog *p, const struct rg_sm_dir *d);

/*
 * What one direction of a session may hold for a set whose window is
 * @window bytes and which has @keys runs and signatures that wait for
 * isdataat bytes: the window's allocation (made with the direction's first
 * segment if @window), and the table's largest.
 */
size_t rg_sm_window_bytes(u32 window);
size_t rg_sm_table_bytes_max(u32 keys);

#endif /* _RG_CORE_SIG_MATCH_H */
