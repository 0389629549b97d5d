// SPDX-License-Identifier: GPL-2.0
/* Keyed polynomial hash of a byte range; see seg_hash.h. */
#include "seg_hash.h"

#ifndef __SIZEOF_INT128__
#error "seg_hash.c needs a 64 x 64 -> 128 bit multiply (a 64-bit target)"
#endif

#define P	RG_SEG_HASH_PRIME
#define DIGIT	7		/* bytes per coefficient: 56 bits < 61 */

/* a * b mod P, for a, b < P: the product fits in 122 bits. */
static u64 mulmod(u64 a, u64 b)
{
	unsigned __int128 m = (unsigned __int128)a * b;
	u64 r = ((u64)m & P) + (u64)(m >> 61);

	return r >= P ? r - P : r;
}

static u64 addmod(u64 a, u64 b)
{
	u64 r = a + b;

	return r >= P ? r - P : r;
}

u64 rg_seg_hash_key(u64 random)
{
	u64 k = random & P;

	/* 0 and 1 would make the hash ignore the order of the bytes */
	return k < 2 ? k + 2 : (k == P ? 3 : k);
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
	u64 v;

	memcpy(&v, p, sizeof(v));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v & ((1ULL << 56) - 1);
}

void rg_seg_hash_update(struct rg_seg_hash *sh, u64 key, const u8 *p,
			size_t len)
{
	u64 h = sh->h;

	/* finish the coefficient the last piece began */
	while (sh->nacc && len) {
		sh->acc |= (u64)*p++ << (8 * sh->nacc);
		len--;
		if (++sh->nacc == DIGIT) {
			h = mulmod(addmod(h, sh->acc), key);
			sh->acc = 0;
			sh->nacc = 0;
		}
	}
	for (; len > DIGIT; p += DIGIT, len -= DIGIT)
		h = mulmod(addmod(h, load_le56_fast(p)), key);
	if (len == DIGIT) {
		h = mulmod(addmod(h, load_le56(p)), key);
		p += DIGIT;
		len = 0;
	}
	sh->h = h;
	while (len--)
		sh->acc |= (u64)*p++ << (8 * sh->nacc++);
}

u32 rg_seg_hash_final(const struct rg_seg_hash *sh, u64 key)
{
	/* the count of trailing bytes keeps "x" and "x\0" apart */
	u64 h = mulmod(addmod(sh->h, sh->acc | (u64)sh->nacc << 56), key);

	return (u32)(h ^ h >> 32);
}
