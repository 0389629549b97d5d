// SPDX-License-Identifier: GPL-2.0
/*
 * The retransmission check's keyed hash: the same bytes give the same value
 * however they are cut, other bytes (or another key) give another.
 */
#include "tests.h"
#include "seg_hash.h"

static u32 hash_pieces(const struct rg_seg_hash_key *key, const u8 *p,
		       size_t len, u64 *rnd)
{
	struct rg_seg_hash sh;

	rg_seg_hash_init(&sh);
	while (len) {
		size_t n = rnd ? 1 + rg_rand_below(rnd, 20) : len;

		if (n > len)
			n = len;
		rg_seg_hash_update(&sh, key, p, n);
		p += n;
		len -= n;
	}
	return rg_seg_hash_final(&sh, key);
}

static u64 mulmod_ref(u64 a, u64 b)
{
	return (u64)((__uint128_t)a * b % RG_SEG_HASH_PRIME);
}

static u32 hash_ref(u64 k, const u8 *p, size_t len)
{
	u64 h = 0, c;
	size_t i, j;

	for (i = 0; i + 7 <= len; i += 7) {
		for (c = 0, j = 0; j < 7; j++)
			c |= (u64)p[i + j] << (8 * j);
		h = mulmod_ref(h + c, k);
	}
	for (c = 0, j = 0; i + j < len; j++)
		c |= (u64)p[i + j] << (8 * j);
	h = mulmod_ref(h + (c | (u64)j << 56), k);
	return (u32)(h ^ h >> 32);
}

/* Any cut into pieces (as skb chunks come) gives the whole range's value. */
static void seg_hash_cut_anywhere(void)
{
	u64 rnd = rg_test_seed();
	struct rg_seg_hash_key key;
	u8 buf[300];
	unsigned int i, len;

	rg_seg_hash_key_init(&key, rg_rand(&rnd));
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)rg_rand(&rnd);
	for (len = 0; len <= sizeof(buf); len += 1 + len / 8) {
		u32 whole = hash_pieces(&key, buf, len, NULL);

		for (i = 0; i < 20; i++)
			CHECK_EQ(hash_pieces(&key, buf, len, &rnd), whole);
	}
}

/* A one-byte change anywhere, even to a zero byte at the end, shows. */
static void seg_hash_other_bytes(void)
{
	u64 rnd = rg_test_seed() ^ 1;
	u8 buf[64] = { 0 }, zero7[7] = { 0 }, zero8[8] = { 0 };
	unsigned int len, at, differ = 0, tries = 0;
	struct rg_seg_hash_key k;
	const struct rg_seg_hash_key *key = &k;

	rg_seg_hash_key_init(&k, rg_rand(&rnd));
	for (len = 1; len <= sizeof(buf); len++) {
		for (at = 0; at < len; at++) {
			u32 before = hash_pieces(key, buf, len, NULL);

			buf[at] ^= (u8)(1 + rg_rand_below(&rnd, 255));
			differ += hash_pieces(key, buf, len, NULL) != before;
			tries++;
		}
	}
	CHECK_EQ(differ, tries);
	/* lengths are compared apart, but a trailing zero must still count */
	CHECK(hash_pieces(key, zero7, 7, NULL) != hash_pieces(key, zero8, 8, NULL));
	CHECK(hash_pieces(key, zero7, 6, NULL) != hash_pieces(key, zero7, 7, NULL));
}

/* Another key, another value: a sender cannot precompute a collision. */
static void seg_hash_keyed(void)
{
	static const u8 text[] = "GET /index.html HTTP/1.1\r\n";
	static const u64 degenerate[] = { 0, 1, RG_SEG_HASH_PRIME, ~0ULL };
	u64 rnd = rg_test_seed() ^ 2;
	unsigned int i, same = 0;
	struct rg_seg_hash_key key;
	u32 first;

	rg_seg_hash_key_init(&key, rg_rand(&rnd));
	first = hash_pieces(&key, text, sizeof(text) - 1, NULL);
	for (i = 0; i < 100; i++) {
		rg_seg_hash_key_init(&key, rg_rand(&rnd));
		same += hash_pieces(&key, text, sizeof(text) - 1, NULL) == first;
	}
	CHECK(same <= 1);
	/* degenerate points are moved off */
	for (i = 0; i < ARRAY_SIZE(degenerate); i++) {
		rg_seg_hash_key_init(&key, degenerate[i]);
		CHECK(key.k[0] >= 2 && key.k[0] < RG_SEG_HASH_PRIME);
		CHECK_EQ(key.k[3], mulmod_ref(mulmod_ref(key.k[0], key.k[0]),
					      mulmod_ref(key.k[0], key.k[0])));
	}
}

/*
 * The value is the polynomial seg_hash.h describes, computed here the
 * plain way (a coefficient at a time, reduced at each step), for keys up
 * to the largest point: the four-at-a-time steps and their lazy reduction
 * must not overflow or drift.
 */
static void seg_hash_is_the_polynomial(void)
{
	u64 rnd = rg_test_seed() ^ 3;
	struct rg_seg_hash_key key;
	unsigned int round, i;
	u8 buf[200];

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)rg_rand(&rnd);
	for (round = 0; round < 200; round++) {
		size_t len = rg_rand_below(&rnd, sizeof(buf) + 1);
		u64 r = round < 2 ? RG_SEG_HASH_PRIME - 1 - round : rg_rand(&rnd);

		if (round == 199) {
			/* the largest point and coefficients */
			memset(buf, 0xff, sizeof(buf));
			len = sizeof(buf);
			r = RG_SEG_HASH_PRIME - 1;
		}
		rg_seg_hash_key_init(&key, r);
		CHECK_EQ(hash_pieces(&key, buf, len, NULL),
			 hash_ref(key.k[0], buf, len));
	}
}

RG_SUITE(rg_suite_seg_hash,
	 RG_TEST(seg_hash_cut_anywhere),
	 RG_TEST(seg_hash_other_bytes),
	 RG_TEST(seg_hash_keyed),
	 RG_TEST(seg_hash_is_the_polynomial));
