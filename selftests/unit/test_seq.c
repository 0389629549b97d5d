// SPDX-License-Identifier: GPL-2.0
/* rg_before()/rg_after() against models that never wrap. */
#include "tests.h"

#define RG_SEQ_ROUNDS	1000000

/*
 * Model 1, exact definition: a is before b when b lies 1..2^31 steps ahead
 * of a on the 2^32 circle, computed in 64 bits.
 */
static bool model_before(u32 a, u32 b)
{
	u64 d = ((u64)b + (1ULL << 32) - a) % (1ULL << 32);

	return d >= 1 && d <= (1ULL << 31);
}

static void seq_before_after_random(void)
{
	u64 st = rg_test_seed();
	unsigned int i, bad = 0;

	for (i = 0; i < RG_SEQ_ROUNDS && bad < 5; i++) {
		u32 a = (u32)rg_rand(&st), b = (u32)rg_rand(&st);

		/* half the pairs close together, where trackers live */
		if (i & 1)
			b = a + (u32)(rg_rand(&st) >> 48) - 0x8000;
		if (rg_before(a, b) != model_before(a, b) ||
		    rg_after(a, b) != model_before(b, a)) {
			rg_check_fail(__FILE__, __LINE__,
				      "a=%#x b=%#x before=%d after=%d", a, b,
				      rg_before(a, b), rg_after(a, b));
			bad++;
		}
	}
}

/*
 * Model 2, what trackers rely on: take two positions on an unwrapped 64-bit
 * line less than 2^31 apart; their truncations compare like the positions.
 */
static void seq_unwrapped_random(void)
{
	u64 st = rg_test_seed() ^ 0x1234;
	unsigned int i, bad = 0;

	for (i = 0; i < RG_SEQ_ROUNDS && bad < 5; i++) {
		u64 base = rg_rand(&st);
		u64 p = base + rg_rand_below(&st, 0x7fffffff);
		u64 q = base + rg_rand_below(&st, 0x7fffffff);

		bool lt = p < q, gt = p > q;

		if (rg_before((u32)p, (u32)q) != lt ||
		    rg_after((u32)p, (u32)q) != gt) {
			rg_check_fail(__FILE__, __LINE__,
				      "p=%#llx q=%#llx", (unsigned long long)p,
				      (unsigned long long)q);
			bad++;
		}
	}
}

static void seq_edges(void)
{
	CHECK(rg_before(0xffffffff, 0));
	CHECK(rg_after(0, 0xffffffff));
	CHECK(rg_before(0xfffffff0, 0x10));
	CHECK(!rg_before(5, 5));
	CHECK(!rg_after(5, 5));
	CHECK(rg_before(0, 0x7fffffff));
	CHECK(rg_after(0, 0x80000001));
	/* exactly half the circle apart: before both ways, as in the kernel */
	CHECK(rg_before(0, 0x80000000));
	CHECK(rg_before(0x80000000, 0));
}

RG_SUITE(rg_suite_seq,
	 RG_TEST(seq_before_after_random),
	 RG_TEST(seq_unwrapped_random),
	 RG_TEST(seq_edges),
);
