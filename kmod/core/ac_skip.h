/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The automaton's skip filter (ac_skip.c builds it, ac_scan.c uses it):
 * shared definitions, so that both hash a block the same way.
 */
#ifndef _RG_CORE_AC_SKIP_H
#define _RG_CORE_AC_SKIP_H

#include "types.h"

struct rg_ac_builder;

/* Bytes the filter looks at, at each place it samples. */
#define RG_AC_SKIP_BLOCK	4U
/*
 * The filter is built only when every pattern has at least this many
 * bytes, and looks at no more than the max: with a window of m bytes it
 * samples every m - 3 bytes, and m - 3 <= 4 lets one 8-byte load serve two
 * samples.
 */
#define RG_AC_SKIP_MIN_WINDOW	5U
#define RG_AC_SKIP_MAX_WINDOW	7U
/* Table entries: 2^bits bytes, at most 128 KiB. */
#define RG_AC_SKIP_MAX_BITS	17U

/*
 * Bit j of a table entry: some block that hashes to it is at offset j of
 * some pattern (j <= m - 4: the block is in the pattern's window). Bit 0:
 * the first block of a pattern.
 */
#define RG_AC_SKIP_AT(j)	(1U << (j))

/*
 * Bit 5 set in each of the four bytes: ASCII letters fold to lower case,
 * when the set has nocase patterns (else the blocks are taken as they
 * are). It merges a few other bytes too ('@' with '`'): that only makes
 * the filter stop where it need not, never skip wrongly.
 */
#define RG_AC_SKIP_FOLD		0x20202020U

/*
 * The block (four bytes, little-endian) to its entry among 2^bits. The
 * shift is a constant and the mask does the rest: the scanner runs this
 * for every sample.
 */
static inline u32 rg_ac_skip_hash(u32 block, u32 mask)
{
	return (block * 0x9e3779b1U) >> (32 - RG_AC_SKIP_MAX_BITS) & mask;
}

/* The window (shortest pattern, capped), or 0: no filter for this set. */
u32 rg_ac_skip_window(const struct rg_ac_builder *b);
/* What the blocks are or-ed with: RG_AC_SKIP_FOLD or 0. */
u32 rg_ac_skip_fold(const struct rg_ac_builder *b);
/* log2 of the table's entries (one byte each) for window @m. */
u32 rg_ac_skip_bits(const struct rg_ac_builder *b, u32 m);
void rg_ac_skip_fill(const struct rg_ac_builder *b, u8 *table, u32 m,
		     u32 bits, u32 fold);

#endif /* _RG_CORE_AC_SKIP_H */
