/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keyed hash of a byte range, for telling whether a retransmission carries
 * the bytes that were scanned the first time.
 *
 * A polynomial in a secret point over GF(2^61 - 1), one coefficient per 7
 * bytes (so that each is below the modulus), evaluated by Horner's rule,
 * four coefficients a step where the bytes allow (with the point's powers).
 * Two different ranges of n bytes collide for at most n/7 of the 2^61 - 1
 * points, so a sender who does not know the key has no better chance than
 * a guess; a CRC would not do, as anyone can forge a CRC collision.
 *
 * The value depends on the bytes only, not on how they are cut: feed the
 * range in as many pieces as it comes in (skb chunks).
 */
#ifndef _RG_CORE_SEG_HASH_H
#define _RG_CORE_SEG_HASH_H

#include "types.h"

#define RG_SEG_HASH_PRIME	((1ULL << 61) - 1)

struct rg_seg_hash {
	/* the polynomial over the whole coefficients: below 2^62, lazily reduced */
	u64	h;
	u64	acc;		/* bytes of the coefficient being filled */
	u32	nacc;		/* how many: 0 to 6 */
};

static inline void rg_seg_hash_init(struct rg_seg_hash *sh)
{
	sh->h = 0;
	sh->acc = 0;
	sh->nacc = 0;
}

/* Coefficients per step of the fast loop. */
#define RG_SEG_HASH_STEP	4

/* k[i]: the point to the power i + 1, reduced; 2 <= k[0] < 2^61 - 1 */
struct rg_seg_hash_key {
	u64	k[RG_SEG_HASH_STEP];
};

/* A key for rg_seg_hash_update(): @random reduced to a point in the field. */
void rg_seg_hash_key_init(struct rg_seg_hash_key *key, u64 random);
void rg_seg_hash_update(struct rg_seg_hash *sh, const struct rg_seg_hash_key *key,
			const u8 *p, size_t len);
u32 rg_seg_hash_final(const struct rg_seg_hash *sh,
		      const struct rg_seg_hash_key *key);

#endif /* _RG_CORE_SEG_HASH_H */
