/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multi-pattern matcher with Aho-Corasick semantics: every occurrence of
 * every pattern is reported with its end offset, overlapping ones and
 * patterns that are suffixes of others included. Scanning is resumable: the
 * whole per-flow state is one u32 (0 = root), so a pattern split across TCP
 * segments is found in the segment where it ends.
 *
 * Design, and why (numbers: selftests/bench/ac, `make bench-ac`):
 *
 *  - A full DFA (256 next-state words per state) is one dependent load per
 *    byte but about 700 bytes per pattern byte: at 10,000 patterns it lives
 *    in L3 or DRAM and every byte waits for a miss. A pure goto/failure NFA
 *    is small but walks failure chains and child lists on most bytes. We mix
 *    the two, as Snort's bnfa (dense root) and the Rust aho-corasick
 *    contiguous NFA (dense near the start) do.
 *
 *  - Bytes are mapped to classes first: bytes no pattern tells apart share
 *    a class, so a dense row has ncls <= 256 entries.
 *
 *  - The root and its children, then the depth-2 states that most failure
 *    links point to, get dense DFA rows (failure transitions resolved), up
 *    to a budget of about one word per pattern byte. Text keeps coming back
 *    to these few hot rows, so most bytes cost one load from L1/L2.
 *
 *  - Every other state is a sparse record: one header word with its
 *    failure link (18 bits; a word of its own when the target is further),
 *    then only the children that are not the implicit one, a word each. The
 *    implicit child is the next record: records go depth-first, so the long
 *    single-child chains that make up most of a pattern set cost one word
 *    per state and are read sequentially. Failure targets are laid out
 *    first, so that their links fit in the header.
 *
 *  - A state id is the word offset of its row or record ("premultiplied"),
 *    so a dense step is w[state + class], and the u32 flow state needs no
 *    translation. Rows without output come first: one compare per byte
 *    (state >= plain_end) catches both "match" and "leave the fast path".
 *
 *  - Case-insensitive patterns (ASCII letters, as Snort's nocase) go into a
 *    second trie over folded bytes; an automaton state is a pair of a
 *    case-sensitive and a folded trie node, built breadth-first from the
 *    pairs actually reachable. Mixing nocase and case-sensitive patterns
 *    thus stays exact in streaming: nothing re-reads an earlier segment to
 *    check case. The price is more states where the two overlap (about 2x
 *    on the Snort community rules, 57 % of them nocase).
 *
 *  - A table walk waits for each load before the next, which leaves the
 *    core mostly idle; buffers of a few hundred bytes and more are scanned
 *    as two independent chains meeting in the middle (see rg_ac_scan()).
 *
 *  - When every pattern is at least 5 bytes long, a skip filter goes in
 *    front (ac_skip.c): a table of the 4-byte blocks in the patterns'
 *    first m bytes (m: the shortest pattern, at most 7), sampled every
 *    m - 3 bytes; the automaton runs only from the places a sampled block
 *    leaves open. The samples do not wait on each other, one 8-byte load
 *    serves two, and where patterns are rare most of them are clear: on
 *    the Snort-derived 1,000-pattern set over text, 3.6x the automaton's
 *    speed natively and 2x in the QEMU TCG guest. One shorter pattern
 *    turns the filter off for the whole set (documented in
 *    Documentation/signatures.rst).
 *
 * Everything lives in one allocation (rg_alloc), so the kernel can publish
 * it with rcu_assign_pointer() and free it with a single call after a grace
 * period. Compilation allocates temporary memory and is bounded by the
 * RG_AC_MAX_* limits; scanning allocates nothing, never recurses, and does a
 * bounded amount of work per byte: a failure walk is at most RG_AC_MAX_LEN
 * steps (O(1) amortized), a byte is read by the automaton at most twice
 * (and by the skip filter a few times), and each match costs one callback.
 */
#ifndef _RG_CORE_AC_H
#define _RG_CORE_AC_H

#include "types.h"

/*
 * Bounds: compilation fails with an error above any of them. 10,000
 * patterns of 64 bytes, or every content of ET Open (55,000, 342 KB), fit.
 * A compilation near the state bound takes a second or two and about 70
 * bytes of temporary memory per state.
 */
#define RG_AC_MAX_PATTERNS	131072U		/* patterns per automaton */
#define RG_AC_MAX_LEN		255U		/* bytes per pattern */
#define RG_AC_MAX_TOTAL		1048576U	/* pattern bytes in all */
#define RG_AC_MAX_STATES	2097152U	/* automaton states */
#define RG_AC_MAX_SIZE		67108864U	/* bytes of the automaton */

/* rg_ac_pattern.flags */
#define RG_AC_NOCASE		BIT(0)		/* ASCII letters match any case */
#define RG_AC_FLAGS_ALL		RG_AC_NOCASE

struct rg_ac_pattern {
	const u8	*bytes;
	u32		len;		/* 1..RG_AC_MAX_LEN */
	u32		flags;		/* RG_AC_* */
	u32		id;		/* reported on a match; need not be unique */
};

/* rg_ac_compile() errors, as negative numbers; rg_ac_strerror() names them. */
enum rg_ac_err {
	RG_AC_OK,
	RG_AC_ERR_NOMEM,	/* a temporary or the automaton allocation */
	RG_AC_ERR_COUNT,	/* more than RG_AC_MAX_PATTERNS patterns */
	RG_AC_ERR_EMPTY,	/* a pattern of length 0 */
	RG_AC_ERR_LEN,		/* a pattern longer than RG_AC_MAX_LEN */
	RG_AC_ERR_FLAGS,	/* unknown bits in rg_ac_pattern.flags */
	RG_AC_ERR_TOTAL,	/* more than RG_AC_MAX_TOTAL pattern bytes */
	RG_AC_ERR_STATES,	/* more than RG_AC_MAX_STATES states */
	RG_AC_ERR_SIZE,		/* automaton larger than RG_AC_MAX_SIZE */
	RG_AC_ERR_INTERNAL,	/* a broken invariant: a bug, never expected */
	__RG_AC_ERR_MAX
};

struct rg_ac;

/*
 * Builds an automaton for @n patterns (n may be 0: nothing ever matches).
 * Returns 0 and sets *@acp, or a negative enum rg_ac_err; then *@acp is NULL
 * and, when one pattern is to blame, *@bad (if not NULL) is its index.
 * Process context: allocates with rg_alloc() and may take milliseconds per
 * thousand patterns. The patterns' bytes are copied, not kept.
 */
int rg_ac_compile(struct rg_ac **acp, const struct rg_ac_pattern *pats,
		  u32 n, u32 *bad);

/* Frees an automaton (NULL is fine): one rg_free() of one block. */
void rg_ac_free(struct rg_ac *ac);

/* Static string for a value rg_ac_compile() returned, for extack. */
const char *rg_ac_strerror(int err);

/*
 * Called for each match: @id of the pattern, @end the offset in the buffer
 * just past the match's last byte (1..len; the match may have begun in an
 * earlier buffer of the stream). A non-zero return stops the scan.
 */
typedef int (*rg_ac_match_fn)(void *ctx, u32 id, size_t end);

/*
 * Scans @len bytes of a stream whose state is *@state (0 before its first
 * byte) and stores the state after them. Each match is reported exactly
 * once, but not necessarily in order of end offset: a long buffer may be
 * scanned as two interleaved halves. Returns 0, or the first non-zero value
 * @fn returned: the scan stopped there and *@state is reset to 0 (the
 * root), so later matches of the stream may be missed. A state that this
 * automaton cannot have produced (e.g. one kept from an older automaton) is
 * treated as 0 when it is out of range; callers that swap automata should
 * reset their flows' states, since an in-range stale state is not detected.
 */
int rg_ac_scan(const struct rg_ac *ac, u32 *state, const u8 *buf, size_t len,
	       rg_ac_match_fn fn, void *ctx);

/*
 * rg_ac_scan(), reporting matches in order of end offset (those that end
 * at the same offset in no particular order), as one chain: slower on long
 * buffers, for callers whose decisions depend on what came first.
 */
int rg_ac_scan_in_order(const struct rg_ac *ac, u32 *state, const u8 *buf,
			size_t len, rg_ac_match_fn fn, void *ctx);

/* Introspection, for the benchmark, the tests and the module's stats. */
struct rg_ac_info {
	u64	size;		/* bytes of the allocation */
	u32	patterns;
	u32	pattern_bytes;
	u32	states;
	u32	dense_states;	/* states with a full row */
	u32	classes;	/* byte classes */
	u32	max_len;	/* longest pattern */
	u32	skip_window;	/* skip filter's window (bytes); 0: none */
};

void rg_ac_get_info(const struct rg_ac *ac, struct rg_ac_info *info);

#endif /* _RG_CORE_AC_H */
