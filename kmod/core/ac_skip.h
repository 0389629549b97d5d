/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The automaton's skip filter (ac_skip.c builds it, ac_scan.c uses it):
 * shared definitions, so that both hash a window's last bytes the same way.
 */
#ifndef _RG_CORE_AC_SKIP_H
#define _RG_CORE_AC_SKIP_H

#include "types.h"

struct rg_ac_builder;

/* Bytes a table entry is about: the last ones of the window. */
#define RG_AC_SKIP_BLOCK	3U
/*
 * The filter is built only when every pattern has at least this many
 * bytes (shorter windows hardly skip), and looks at no more than the max.
 */
#define RG_AC_SKIP_MIN_WINDOW	4U
#define RG_AC_SKIP_MAX_WINDOW	8U
/*
 * Bit 5 set in each of the three bytes: ASCII letters fold to lower case
 * (for nocase patterns). It merges a few other bytes too ('@' with '`'):
 * that only makes the filter stop where it need not, never skip wrongly.
 */
#define RG_AC_SKIP_FOLD		0x202020U

/*
 * After the shift table (2^bits bytes): the bitmap of first blocks, with
 * 2^(bits + RG_AC_SKIP_STARTS_MORE) bits.
 */
#define RG_AC_SKIP_STARTS_MORE	2U

static inline u32 rg_ac_skip_starts_bytes(u32 bits)
{
	return 1U << (bits + RG_AC_SKIP_STARTS_MORE - 3);
}

/* Bytes of the whole filter. */
static inline u32 rg_ac_skip_bytes(u32 bits)
{
	return (1U << bits) + rg_ac_skip_starts_bytes(bits);
}

static inline u32 rg_ac_skip_hash(u32 block, u32 bits)
{
	return (block * 0x9e3779b1U) >> (32 - bits);
}

/* The window (shortest pattern, capped), or 0: no filter for this set. */
u32 rg_ac_skip_window(const struct rg_ac_builder *b);
/* log2 of the table's entries (one byte each) for window @m. */
u32 rg_ac_skip_bits(const struct rg_ac_builder *b, u32 m);
void rg_ac_skip_fill(const struct rg_ac_builder *b, u8 *table, u32 m,
		     u32 bits);

#endif /* _RG_CORE_AC_SKIP_H */
