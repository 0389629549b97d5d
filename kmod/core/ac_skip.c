// SPDX-License-Identifier: GPL-2.0
/*
 * The skip filter in front of the automaton: a table of the 4-byte blocks
 * that begin patterns, sampled at a fixed stride.
 *
 * Every pattern is at least m bytes long (m: the window, the shortest
 * pattern, capped), so a pattern that starts at p has the blocks that
 * start at p, p + 1, ..., p + m - 4 in its first m bytes: m - 3 blocks in
 * a row. Sampling the stream every m - 3 bytes hits one of them, whatever
 * p is. So each sampled block is looked up: the entry says at which
 * offsets j of the patterns' windows the block occurs (RG_AC_SKIP_AT(j));
 * none, and no pattern starts in the m - 3 places before and at it. For
 * each j set, the place j bytes back is looked up as a first block (bit
 * 0), and the automaton runs from the first place that is one. Blocks are
 * hashed into the table; collisions and case folding (when some pattern
 * is nocase) only set more bits, so the filter may stop where it need not
 * but never passes over a pattern's start.
 *
 * Why this shape: the samples do not depend on each other (a shift table,
 * as in Wu-Manber, makes each step wait for the last), one 8-byte load
 * serves two samples, and 4-byte blocks are rare enough in text that most
 * samples are clear.
 */
#include "ac_build.h"
#include "ac_skip.h"

/* Table entries per block: enough to keep most samples clear. */
#define SKIP_SLOTS_PER_BLOCK	32
#define SKIP_MIN_BITS		10

u32 rg_ac_skip_window(const struct rg_ac_builder *b)
{
	u32 i, m = RG_AC_SKIP_MAX_WINDOW;

	if (!b->npats)
		return 0;
	for (i = 0; i < b->npats; i++)
		m = rg_min_u32(m, b->pats[i].len);
	return m >= RG_AC_SKIP_MIN_WINDOW ? m : 0;
}

u32 rg_ac_skip_fold(const struct rg_ac_builder *b)
{
	u32 i;

	for (i = 0; i < b->npats; i++)
		if (b->pats[i].flags & RG_AC_NOCASE)
			return RG_AC_SKIP_FOLD;
	return 0;
}

u32 rg_ac_skip_bits(const struct rg_ac_builder *b, u32 m)
{
	u64 want = (u64)b->npats * (m - RG_AC_SKIP_BLOCK + 1) *
		   SKIP_SLOTS_PER_BLOCK;
	u32 bits = SKIP_MIN_BITS;

	while (bits < RG_AC_SKIP_MAX_BITS && (1ULL << bits) < want)
		bits++;
	return bits;
}

/* The four bytes at @p as the scanner reads them (little-endian). */
static u32 block_at(const u8 *p, u32 fold)
{
	return rg_load_le32(p) | fold;
}

void rg_ac_skip_fill(const struct rg_ac_builder *b, u8 *table, u32 m,
		     u32 bits, u32 fold)
{
	u32 i, j, mask = (1U << bits) - 1;

	memset(table, 0, 1U << bits);
	for (i = 0; i < b->npats; i++) {
		const u8 *p = b->pats[i].bytes;

		for (j = 0; j + RG_AC_SKIP_BLOCK <= m; j++)
			table[rg_ac_skip_hash(block_at(p + j, fold), mask)] |=
				(u8)RG_AC_SKIP_AT(j);
	}
}
