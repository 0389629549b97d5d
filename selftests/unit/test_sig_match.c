// SPDX-License-Identifier: GPL-2.0
/*
 * Multi-content signatures (sig_match.c) against a reference with Snort's
 * meaning: a signature matches a buffer when some choice of one occurrence
 * per content satisfies every offset, depth, distance, within and isdataat;
 * the reference (sig_match_ref.c, shared with the fuzzer) tries every
 * choice. Random signatures over a small
 * alphabet (so contents occur many times, overlapping), random streams,
 * cut into random segments: after each segment, the streaming matcher must
 * have matched a signature exactly when the reference matches the stream
 * so far. Plus the decoy case: a hundred other signatures' first contents
 * first, then the attack, which must still match.
 */
#include <stdio.h>
#include <stdlib.h>

#include "tests.h"
#include "sig_match_ref.h"

#define TEXT_MAX	160
#define LONG_TEXT	400	/* every tenth round: long segments */

static void random_sig(u64 *rnd, struct tsig *t)
{
	unsigned int i, k;

	do {
		memset(t, 0, sizeof(*t));
		t->n = 1 + rg_rand_below(rnd, 4);
		for (i = 0; i < t->n; i++) {
			struct rg_sm_def *c = &t->c[i];

			c->len = 1 + rg_rand_below(rnd, 3);
			for (k = 0; k < c->len; k++)
				t->bytes[i][k] = "abc"[rg_rand_below(rnd, 3)];
			t->nocase[i] = rg_rand_below(rnd, 4) == 0;
			if (i && rg_rand_below(rnd, 3)) {
				c->relative = true;
				c->distance = (s32)rg_rand_below(rnd, 10) - 3;
				if (rg_rand_below(rnd, 3))
					c->within = c->len + rg_rand_below(rnd, 8);
			} else {
				if (rg_rand_below(rnd, 3) == 0)
					c->offset = rg_rand_below(rnd, 6);
				if (rg_rand_below(rnd, 3) == 0)
					c->depth = c->len + rg_rand_below(rnd, 12);
			}
		}
		if (rg_rand_below(rnd, 6) == 0)
			t->data_at = 1 + rg_rand_below(rnd, 60);
		if (rg_rand_below(rnd, 5) == 0)
			t->data_after = 1 + rg_rand_below(rnd, 12);
	} while (rg_sm_check(t->c, t->n, t->data_after));
}

/* Segments of 1..4 bytes or 1..40, each half the time. */
static u32 random_seg(void *ctx, u32 left)
{
	u64 *rnd = ctx;

	(void)left;	/* stream_check() cuts what is too long */
	return 1 + rg_rand_below(rnd, rg_rand_below(rnd, 2) ? 4 : 40);
}

/*
 * Segments long enough to be scanned as two chains (ac_scan.c), as the
 * module scans them when no signature needs stream order.
 */
static u32 long_seg(void *ctx, u32 left)
{
	u64 *rnd = ctx;

	(void)left;
	return 192 + rg_rand_below(rnd, LONG_TEXT);
}

/*
 * Stream @text through the matcher in random segments; after each, every
 * signature matched so far must be one the reference matches on the prefix,
 * and the other way round.
 */
static unsigned int stream_random(u64 *rnd, struct tset *s,
				  const struct tsig *t, const u8 *text, u32 len)
{
	unsigned int bad;
	bool nomem;

	bad = stream_check(s, t, text, len, len > TEXT_MAX ? long_seg : random_seg,
			   rnd, &nomem);
	CHECK(!nomem);
	return bad;
}

static void sig_match_random(void)
{
	u64 rnd = rg_test_seed() ^ 0x51c;
	static struct tsig t[NSIG_MAX];
	static struct tset s;
	unsigned int round, i, bad = 0, matched = 0;
	u8 text[TEXT_MAX + LONG_TEXT];

	for (round = 0; round < 3000 && bad < 5; round++) {
		u32 nsig = 1 + rg_rand_below(&rnd, 4), len;

		for (i = 0; i < nsig; i++)
			random_sig(&rnd, &t[i]);
		if (!set_build(&s, t, nsig)) {
			CHECK(0);
			break;
		}
		len = round % 10 ? rg_rand_below(&rnd, TEXT_MAX) :
				   TEXT_MAX + 1 + rg_rand_below(&rnd, LONG_TEXT);
		for (i = 0; i < len; i++)
			text[i] = "abcA"[rg_rand_below(&rnd, 4)];
		bad += stream_random(&rnd, &s, t, text, len) ? 1 : 0;
		for (i = 0; i < nsig; i++)
			matched += ref_match(&t[i], text, len);
		rg_ac_free(s.ac);
	}
	CHECK_EQ(bad, 0);
	/* the test is worth something only if both outcomes occur often */
	CHECK(matched > 500 && matched < round * 2);
	rg_diag("%u rounds, %u signature matches", round, matched);
}

/* One signature by hand: "GET " then "evil" within 20, after distance 2. */
static void sig_of(struct tsig *t, const char *a, const char *b, s32 dist,
		   u32 within)
{
	memset(t, 0, sizeof(*t));
	t->n = 2;
	t->c[0].len = strlen(a);
	memcpy(t->bytes[0], a, t->c[0].len);
	t->c[1].len = strlen(b);
	memcpy(t->bytes[1], b, t->c[1].len);
	t->c[1].relative = true;
	t->c[1].distance = dist;
	t->c[1].within = within;
}

/*
 * A hundred signatures whose first contents the attacker sends first, then
 * the attack (first content, then the relative one), byte by byte: the
 * attack matches, whatever came before.
 */
static void sig_match_decoys(void)
{
	static struct tsig t[101];
	static struct tset s;
	u8 text[1024];
	u32 len = 0, i;
	u64 rnd = 1;

	for (i = 0; i < 100; i++) {
		char a[4], b[4];

		a[0] = 'd';
		a[1] = 'A' + i % 26;
		a[2] = 'A' + i / 26;
		a[3] = '\0';
		memcpy(b, "zzz", 4);
		sig_of(&t[i], a, b, 0, 0);
		memcpy(text + len, a, 3);
		len += 3;
	}
	sig_of(&t[100], "GET", "evl", 2, 10);
	memcpy(text + len, "GET /x evl", 10);
	len += 10;
	CHECK(set_build(&s, t, 101));
	CHECK_EQ(stream_random(&rnd, &s, t, text, len), 0);
	CHECK(ref_match(&t[100], text, len));
	rg_ac_free(s.ac);
}

/* The limits rg_sm_check() enforces, by name. */
static void sig_match_checks(void)
{
	struct tsig t;

	sig_of(&t, "ab", "cd", -1, 0);
	CHECK(rg_sm_check(t.c, 2, false) != NULL);	/* negative, no within */
	sig_of(&t, "ab", "cd", 0, 1);
	CHECK(rg_sm_check(t.c, 2, false) != NULL);	/* within < len */
	sig_of(&t, "ab", "cd", 0, 3000);
	CHECK(rg_sm_check(t.c, 2, false) != NULL);	/* span */
	sig_of(&t, "ab", "cd", 0, 2000);
	CHECK(rg_sm_check(t.c, 2, false) == NULL);
	sig_of(&t, "ab", "cd", -2, 4);
	CHECK(rg_sm_check(t.c, 2, true) != NULL);	/* isdataat after it */
	CHECK(rg_sm_check(t.c, 2, false) == NULL);
	t.c[0].relative = true;
	CHECK(rg_sm_check(t.c, 2, false) != NULL);	/* first is relative */
}

RG_SUITE(rg_suite_sig_match,
	 RG_TEST(sig_match_random),
	 RG_TEST(sig_match_decoys),
	 RG_TEST(sig_match_checks));
