/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the unit test of multi-content signatures (test_sig_match.c) and
 * its fuzzer (selftests/fuzz/fuzz_sig_match.c) share, so that both check
 * the streaming matcher (sig_match.c) against one reference:
 *
 *  - the reference, with Snort's meaning: a signature matches a buffer when
 *    some choice of one occurrence per content satisfies every offset,
 *    depth, distance, within and isdataat; the reference tries every
 *    choice;
 *  - a set built as the module builds one (sigs.c), with its automaton;
 *  - the driver that streams a text through both, segment by segment.
 *
 * No KTAP here: the fuzzer has none. Diagnostics are printf()ed as "# "
 * lines, which KTAP reads as comments.
 */
#ifndef _RG_SIG_MATCH_REF_H
#define _RG_SIG_MATCH_REF_H

#include "ac.h"
#include "sig_match.h"

#define NSIG_MAX	128

/* One signature as a test defines it. */
struct tsig {
	unsigned int n;
	struct rg_sm_def c[RG_SM_CONTENTS_MAX];
	u8 bytes[RG_SM_CONTENTS_MAX][4];
	bool nocase[RG_SM_CONTENTS_MAX];
	u32 data_at, data_after;	/* N + 1; 0: none */
};

/* A set as the module builds one (sigs.c), with its automaton. */
struct tset {
	unsigned int nsig, ncontent;
	struct rg_sm_sig sigs[NSIG_MAX];
	struct rg_sm_content contents[NSIG_MAX * RG_SM_CONTENTS_MAX];
	u8 blob[NSIG_MAX * RG_SM_CONTENTS_MAX * 4];
	struct rg_sm_prog prog;
	struct rg_ac *ac;
	bool in_order;		/* as the module: a signature needs it */
};

/*
 * Build @s from the @n signatures @t, each accepted by rg_sm_check(); false
 * if the automaton could not be compiled. rg_ac_free(@s->ac) after use.
 */
bool set_build(struct tset *s, const struct tsig *t, unsigned int n);

/* Does @t match the @len bytes of @text? The reference. */
bool ref_match(const struct tsig *t, const u8 *text, u32 len);

/* Print @t, one "#" line per content and one for isdataat. */
void sig_diag(const struct tsig *t);

/*
 * How a test cuts its stream: the length of the next segment, at least 1;
 * more than the @left bytes still to come means all of them.
 */
typedef u32 (*seg_len_fn)(void *ctx, u32 left);

/*
 * Stream @text through @s (built from @t) in the segments @seg_len cuts:
 * the automaton (rg_ac_scan_in_order()), rg_sm_hit() on each content it
 * finds, rg_sm_feed() at the end of each segment. After each segment, every
 * signature matched so far must be one the reference matches on the
 * prefix, and the other way round. Returns the number of (segment,
 * signature) pairs that disagree, the first of them printed; *@nomem tells
 * whether the matcher ran out of memory.
 */
unsigned int stream_check(struct tset *s, const struct tsig *t,
			  const u8 *text, u32 len, seg_len_fn seg_len,
			  void *ctx, bool *nomem);

#endif /* _RG_SIG_MATCH_REF_H */
