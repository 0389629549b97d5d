// SPDX-License-Identifier: GPL-2.0
/* Keyed polynomial hash of a byte range; see seg_hash.h. */
#include "seg_hash.h"

#ifndef __SIZEOF_INT128__
#error "seg_hash.c needs a 64 x 64 -> 128 bit multiply (a 64-bit target)"
#endif

#define P	RG_SEG_HASH_PRIME
#define DIGIT	7		/* bytes per coefficient: 56 bits < 61 */

/*
 * @m mod P, not quite reduced: for m below 2^124, the result is below 2^62.
 * Since 2^61 = 1 mod P, the bits above 61 add in; folding twice brings
 * the value below 2^61 + 8, and the hash state may stay there: each step's
 * products then stay below 2^124 (see step1() and step4()).
 */
static u64 fold(__uint128_t m)
{
	u64 r = ((u64)m & P) + (u64)(m >> 61);

	return (r & P) + (r >> 61);
}

static u64 reduce(u64 h)
{
	h = (h & P) + (h >> 61);
	return h >= P ? h - P : h;
}

static u64 load_le56(const u8 *p)
{
	return (u64)p[0] | (u64)p[1] << 8 | (u64)p[2] << 16 |
	       (u64)p[3] << 24 | (u64)p[4] << 32 | (u64)p[5] << 40 |
	       (u64)p[6] << 48;
}

/* The 7 bytes at @p, reading 8: one load instead of seven. */
static u64 load_le56_fast(const u8 *p)
{
	return rg_load_le64(p) & ((1ULL << 56) - 1);
}

/* (h + a) * k, for h < 2^62 and a < 2^59 (a coefficient, or the last) */
static u64 step1(u64 h, u64 a, const struct rg_seg_hash_key *key)
{
	return fold((__uint128_t)(h + a) * key->k[0]);
}

/*
 * Four steps of Horner's rule in one, for the coefficients a, b, c, d at
 * @p: (h + a) * k^4 + b * k^3 + c * k^2 + d * k, four independent products
 * and one reduction where four steps would chain four of each. Below
 * 2^123 + 2^117 + 3 * 2^117 < 2^124. Reads 29 bytes.
 */
static u64 step4(u64 h, const u8 *p, const struct rg_seg_hash_key *key)
{
	return fold((__uint128_t)(h + load_le56_fast(p)) * key->k[3] +
		    (__uint128_t)load_le56_fast(p + DIGIT) * key->k[2] +
		    (__uint128_t)load_le56_fast(p + 2 * DIGIT) * key->k[1] +
		    (__uint128_t)load_le56_fast(p + 3 * DIGIT) * key->k[0]);
}

void rg_seg_hash_key_init(struct rg_seg_hash_key *key, u64 random)
{
	u64 k = random & P;
	unsigned int i;

	/* 0 and 1 would make the hash ignore the order of the bytes */
	key->k[0] = k < 2 ? k + 2 : (k == P ? 3 : k);
	for (i = 1; i < RG_SEG_HASH_STEP; i++)
		key->k[i] = reduce(fold((__uint128_t)key->k[i - 1] *
					key->k[0]));
}

void rg_seg_hash_update(struct rg_seg_hash *sh, const struct rg_seg_hash_key *key,
			const u8 *p, size_t len)
{
	u64 h = sh->h;

	/* finish the coefficient the last piece began */
	while (sh->nacc && len) {
		sh->acc |= (u64)*p++ << (8 * sh->nacc);
		len--;
		if (++sh->nacc == DIGIT) {
			h = step1(h, sh->acc, key);
			sh->acc = 0;
			sh->nacc = 0;
		}
	}
	/* the fast loads read one byte past the coefficient */
	for (; len > RG_SEG_HASH_STEP * DIGIT;
	     p += RG_SEG_HASH_STEP * DIGIT, len -= RG_SEG_HASH_STEP * DIGIT)
		h = step4(h, p, key);
	for (; len >= DIGIT; p += DIGIT, len -= DIGIT)
		h = step1(h, len > DIGIT ? load_le56_fast(p) : load_le56(p), key);
	sh->h = h;
	while (len--)
		sh->acc |= (u64)*p++ << (8 * sh->nacc++);
}

u32 rg_seg_hash_final(const struct rg_seg_hash *sh,
		      const struct rg_seg_hash_key *key)
{
	/* the count of trailing bytes keeps "x" and "x\0" apart */
	u64 h = reduce(step1(sh->h, sh->acc | (u64)sh->nacc << 56, key));

	return (u32)(h ^ h >> 32);
}
