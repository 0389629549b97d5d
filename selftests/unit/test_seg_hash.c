// SPDX-License-Identifier: GPL-2.0
/*
 * The retransmission check's keyed hash: the same bytes give the same value
 * however they are cut, other bytes (or another key) give another.
 */
#include "tests.h"
#include "seg_hash.h"

static u32 hash_pieces(u64 key, const u8 *p, size_t len, u64 *rnd)
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

/* Any cut into pieces (as skb chunks come) gives the whole range's value. */
static void seg_hash_cut_anywhere(void)
{
	u64 rnd = rg_test_seed(), key = rg_seg_hash_key(rg_rand(&rnd));
	u8 buf[300];
	unsigned int i, len;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)rg_rand(&rnd);
	for (len = 0; len <= sizeof(buf); len += 1 + len / 8) {
		u32 whole = hash_pieces(key, buf, len, NULL);

		for (i = 0; i < 20; i++)
			CHECK_EQ(hash_pieces(key, buf, len, &rnd), whole);
	}
}

/* A one-byte change anywhere, even to a zero byte at the end, shows. */
static void seg_hash_other_bytes(void)
{
	u64 rnd = rg_test_seed() ^ 1, key = rg_seg_hash_key(rg_rand(&rnd));
	u8 buf[64] = { 0 }, zero7[7] = { 0 }, zero8[8] = { 0 };
	unsigned int len, at, differ = 0, tries = 0;

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
	u64 rnd = rg_test_seed() ^ 2;
	unsigned int i, same = 0;
	u32 first = hash_pieces(rg_seg_hash_key(rg_rand(&rnd)), text,
				sizeof(text) - 1, NULL);

	for (i = 0; i < 100; i++)
		same += hash_pieces(rg_seg_hash_key(rg_rand(&rnd)), text,
				    sizeof(text) - 1, NULL) == first;
	CHECK(same <= 1);
	/* degenerate points are moved off */
	CHECK(rg_seg_hash_key(0) >= 2);
	CHECK(rg_seg_hash_key(1) >= 2);
	CHECK(rg_seg_hash_key(RG_SEG_HASH_PRIME) < RG_SEG_HASH_PRIME);
	CHECK(rg_seg_hash_key(~0ULL) < RG_SEG_HASH_PRIME);
}

RG_SUITE(rg_suite_seg_hash,
	 RG_TEST(seg_hash_cut_anywhere),
	 RG_TEST(seg_hash_other_bytes),
	 RG_TEST(seg_hash_keyed));
