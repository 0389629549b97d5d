// SPDX-License-Identifier: GPL-2.0
/*
 * The skip filter in front of the automaton: a Wu-Manber shift table.
 *
 * Every pattern is at least skip_m bytes long (skip_m is the shortest
 * pattern, capped), so a pattern that starts at p has its first skip_m
 * bytes in the window [p, p + skip_m). The table, indexed by a hash of the
 * window's last three bytes, holds how far the window can move before those
 * three bytes could line up with three bytes of some pattern's first
 * skip_m: 0 means a pattern may start at p. Then a bitmap of the
 * patterns' first three bytes (hashed too) says whether one may really
 * start there; only then does the automaton take over. Hash collisions and
 * case folding only lower shifts and set bits (the minimum wins, bits are
 * only set), so a skip never passes over a pattern's start.
 *
 * Why: under the automaton each byte is a dependent table walk. On a
 * stream where the patterns are rare, the filter reads one word and one
 * table byte per window and moves up to skip_m - 2 bytes at a time.
 */
#include "ac_build.h"
#include "ac_skip.h"

/* Table entries per block: enough to keep collisions from eating shifts. */
#define SKIP_SLOTS_PER_BLOCK	4
#define SKIP_MIN_BITS		10
#define SKIP_MAX_BITS		16

u32 rg_ac_skip_window(const struct rg_ac_builder *b)
{
	u32 i, m = RG_AC_SKIP_MAX_WINDOW;

	if (!b->npats)
		return 0;
	for (i = 0; i < b->npats; i++)
		m = rg_min_u32(m, b->pats[i].len);
	return m >= RG_AC_SKIP_MIN_WINDOW ? m : 0;
}

u32 rg_ac_skip_bits(const struct rg_ac_builder *b, u32 m)
{
	u64 want = (u64)b->npats * (m - RG_AC_SKIP_BLOCK + 1) *
		   SKIP_SLOTS_PER_BLOCK;
	u32 bits = SKIP_MIN_BITS;

	while (bits < SKIP_MAX_BITS && (1ULL << bits) < want)
		bits++;
	return bits;
}

/* The three bytes at @p as the scanner hashes them (folded, see ac_skip.h). */
static u32 block_at(const u8 *p)
{
	return ((u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16) | RG_AC_SKIP_FOLD;
}

void rg_ac_skip_fill(const struct rg_ac_builder *b, u8 *table, u32 m,
		     u32 bits)
{
	u32 i, j, size = 1U << bits;
	u8 far = (u8)(m - RG_AC_SKIP_BLOCK + 1), *starts = table + size;

	memset(table, far, size);
	memset(starts, 0, rg_ac_skip_starts_bytes(bits));
	for (i = 0; i < b->npats; i++) {
		const u8 *p = b->pats[i].bytes;
		u32 h = rg_ac_skip_hash(block_at(p), bits + RG_AC_SKIP_STARTS_MORE);

		starts[h / 8] |= (u8)(1U << (h % 8));
		for (j = 0; j + RG_AC_SKIP_BLOCK <= m; j++) {
			u8 s = (u8)(m - RG_AC_SKIP_BLOCK - j);

			h = rg_ac_skip_hash(block_at(p + j), bits);
			if (s < table[h])
				table[h] = s;
		}
	}
}
