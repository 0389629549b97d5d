// SPDX-License-Identifier: GPL-2.0
/*
 * The multi-pattern automaton against a naive reference (memcmp at every
 * stream offset): random pattern sets of 1..10,000 patterns, random and text
 * alphabets, nocase mixes, duplicates, prefixes and suffixes of each other,
 * over inputs cut into arbitrary segments. Every (id, stream end offset)
 * must come out exactly as often as the reference finds it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "tests.h"
#include "ac.h"
#include "ac_skip.h"

struct match {
	u64	end;		/* stream offset just past the match */
	u32	id;
};

struct matches {
	struct match	*m;
	size_t		n, cap;
	u64		base;	/* stream offset of the current segment */
	size_t		stop_at;	/* stop the scan at this match, or 0 */
};

static void matches_add(struct matches *ms, u32 id, u64 end)
{
	if (ms->n == ms->cap) {
		ms->cap = ms->cap ? 2 * ms->cap : 1024;
		ms->m = realloc(ms->m, ms->cap * sizeof(*ms->m));
		if (!ms->m)
			abort();
	}
	ms->m[ms->n].end = end;
	ms->m[ms->n++].id = id;
}

static int on_match(void *ctx, u32 id, size_t end)
{
	struct matches *ms = ctx;

	matches_add(ms, id, ms->base + end);
	return ms->stop_at && ms->n == ms->stop_at ? 7 : 0;
}

static int match_cmp(const void *a, const void *b)
{
	const struct match *x = a, *y = b;

	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static u8 lower(u8 c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool ref_eq(const struct rg_ac_pattern *p, const u8 *s)
{
	u32 i;

	if (!(p->flags & RG_AC_NOCASE))
		return !memcmp(p->bytes, s, p->len);
	for (i = 0; i < p->len; i++)
		if (lower(p->bytes[i]) != lower(s[i]))
			return false;
	return true;
}

/* The reference: every pattern compared at every offset of the stream. */
static void ref_scan(const struct rg_ac_pattern *pats, u32 n, const u8 *in,
		     size_t len, struct matches *ms)
{
	size_t off;
	u32 i;

	for (i = 0; i < n; i++)
		for (off = 0; off + pats[i].len <= len; off++)
			if (ref_eq(&pats[i], in + off))
				matches_add(ms, pats[i].id, off + pats[i].len);
}

/* Scans @in cut at random points (empty and 1-byte segments included). */
static void ac_scan_split(const struct rg_ac *ac, const u8 *in, size_t len,
			  u64 *rnd, u32 max_seg, struct matches *ms)
{
	u32 state = 0;
	size_t off = 0;

	while (off < len) {
		size_t seg = rg_rand_below(rnd, max_seg + 1);

		if (seg > len - off)
			seg = len - off;
		ms->base = off;
		CHECK_EQ(rg_ac_scan(ac, &state, in + off, seg, on_match, ms), 0);
		off += seg;
	}
}

/* True if both match lists hold the same multiset; says where not. */
static bool same_matches(struct matches *a, struct matches *b)
{
	size_t i;

	if (a->n)
		qsort(a->m, a->n, sizeof(*a->m), match_cmp);
	if (b->n)
		qsort(b->m, b->n, sizeof(*b->m), match_cmp);
	if (a->n != b->n) {
		rg_diag("%zu matches, the reference has %zu", a->n, b->n);
		return false;
	}
	for (i = 0; i < a->n; i++)
		if (match_cmp(&a->m[i], &b->m[i])) {
			rg_diag("match %zu: id %u end %llu, reference id %u end %llu",
				i, a->m[i].id, (unsigned long long)a->m[i].end,
				b->m[i].id, (unsigned long long)b->m[i].end);
			return false;
		}
	return true;
}

enum alphabet { AB_BINARY, AB_SMALL, AB_TEXT, AB_EDGES, __AB_MAX };

static u8 rand_byte(u64 *rnd, enum alphabet ab)
{
	static const char text[] =
		"etaoinshrdlu ETAOINSHRDLUcmfwyp.,/:-=?&GET HTTP 0123";
	static const u8 edges[] = { 0x00, 0xff, 'a', 'A', 0x7f, 0x80 };

	switch (ab) {
	case AB_BINARY:
		return (u8)rg_rand(rnd);
	case AB_SMALL:
		return "abAB"[rg_rand_below(rnd, 4)];
	case AB_TEXT:
		return text[rg_rand_below(rnd, sizeof(text) - 1)];
	default:
		return edges[rg_rand_below(rnd, sizeof(edges))];
	}
}

struct pset {
	struct rg_ac_pattern	*p;
	u8			*bytes;
	u32			n;
};

/*
 * @n patterns of @minlen..@maxlen bytes. About a quarter are derived from an
 * earlier pattern (a prefix, a suffix, a copy with another id or case, an
 * extension) so that overlaps and shared trie paths are common.
 */
static void pset_make(struct pset *s, u32 n, u32 minlen, u32 maxlen,
		      enum alphabet ab, u32 nocase_pct, u64 *rnd)
{
	u32 i, j;

	s->n = n;
	s->p = calloc(n ? n : 1, sizeof(*s->p));
	s->bytes = malloc((size_t)(n ? n : 1) * RG_AC_MAX_LEN);
	if (!s->p || !s->bytes)
		abort();
	for (i = 0; i < n; i++) {
		struct rg_ac_pattern *p = &s->p[i];
		u8 *b = s->bytes + (size_t)i * RG_AC_MAX_LEN;
		u32 len = 1 + rg_rand_below(rnd, maxlen);

		p->bytes = b;
		p->id = rg_rand_below(rnd, 4) ? i : rg_rand_below(rnd, n);
		p->flags = rg_rand_below(rnd, 100) < nocase_pct ? RG_AC_NOCASE : 0;
		if (i && rg_rand_below(rnd, 4) == 0) {
			const struct rg_ac_pattern *q = &s->p[rg_rand_below(rnd, i)];
			u32 k = rg_rand_below(rnd, 4), cut = 1 + rg_rand_below(rnd, q->len);

			if (k == 0) {			/* a prefix */
				memcpy(b, q->bytes, cut);
				len = cut;
			} else if (k == 1) {		/* a suffix */
				memcpy(b, q->bytes + q->len - cut, cut);
				len = cut;
			} else if (k == 2) {		/* a duplicate */
				memcpy(b, q->bytes, q->len);
				len = q->len;
			} else {			/* an extension */
				memcpy(b, q->bytes, q->len);
				len = rg_min_u32(q->len + len, maxlen);
				for (j = q->len; j < len; j++)
					b[j] = rand_byte(rnd, ab);
			}
		} else {
			for (j = 0; j < len; j++)
				b[j] = rand_byte(rnd, ab);
		}
		for (; len < minlen; len++)
			b[len] = rand_byte(rnd, ab);
		p->len = len;
	}
}

static void pset_free(struct pset *s)
{
	free(s->p);
	free(s->bytes);
}

/* Random bytes with copies of patterns planted, their case sometimes flipped. */
static void make_input(u8 *in, size_t len, const struct pset *s,
		       enum alphabet ab, u64 *rnd)
{
	size_t off = 0;
	u32 j;

	while (off < len) {
		if (s->n && rg_rand_below(rnd, 3) == 0) {
			const struct rg_ac_pattern *p = &s->p[rg_rand_below(rnd, s->n)];

			for (j = 0; j < p->len && off < len; j++) {
				u8 c = p->bytes[j];

				if (rg_rand_below(rnd, 8) == 0 &&
				    ((c | 32) >= 'a' && (c | 32) <= 'z'))
					c ^= 32;
				in[off++] = c;
			}
		} else {
			in[off++] = rand_byte(rnd, ab);
		}
	}
}

/* One random round; false (with diagnostics) on any difference. */
static bool ac_round(u32 n, u32 minlen, u32 maxlen, enum alphabet ab,
		     u32 nocase_pct, size_t inlen, u32 max_seg, u64 *rnd)
{
	struct matches got = { 0 }, want = { 0 };
	struct rg_ac *ac = NULL;
	struct pset s;
	bool ok = false;
	u8 *in;
	int err;

	pset_make(&s, n, minlen, maxlen, ab, nocase_pct, rnd);
	in = malloc(inlen ? inlen : 1);
	if (!in)
		abort();
	make_input(in, inlen, &s, ab, rnd);
	err = rg_ac_compile(&ac, s.p, s.n, NULL);
	CHECK_EQ(err, 0);
	if (!err) {
		struct rg_ac_info info;
		u32 i, shortest = RG_AC_SKIP_MAX_WINDOW;

		/* the skip filter is on exactly when every pattern is long */
		for (i = 0; i < s.n; i++)
			shortest = rg_min_u32(shortest, s.p[i].len);
		rg_ac_get_info(ac, &info);
		CHECK_EQ(info.skip_window,
			 s.n && shortest >= RG_AC_SKIP_MIN_WINDOW ? shortest : 0);
		ac_scan_split(ac, in, inlen, rnd, max_seg, &got);
		ref_scan(s.p, s.n, in, inlen, &want);
		ok = same_matches(&got, &want);
		if (!ok)
			rg_diag("n=%u len=%u..%u alphabet=%d nocase=%u%% input=%zu",
				n, minlen, maxlen, ab, nocase_pct, inlen);
	}
	rg_ac_free(ac);
	free(got.m);
	free(want.m);
	free(in);
	pset_free(&s);
	return ok;
}

static void ac_random_small_sets(void)
{
	u64 rnd = rg_test_seed() ^ 0xac01;
	u32 round;

	for (round = 0; round < 1500; round++) {
		u32 n = 1 + rg_rand_below(&rnd, 40);
		u32 maxlen = 1 + rg_rand_below(&rnd, 12);
		enum alphabet ab = rg_rand_below(&rnd, __AB_MAX);
		u32 nocase_pct = rg_rand_below(&rnd, 3) * 50;

		if (!ac_round(n, 1, maxlen, ab, nocase_pct, 300,
			      1 + rg_rand_below(&rnd, 40), &rnd)) {
			CHECK(0);
			return;
		}
	}
}

/*
 * Long segments: scans of 192 bytes and more may run as two chains that
 * meet in the middle; small sets keep them on dense rows, which is when
 * they do.
 */
static void ac_random_long_segments(void)
{
	u64 rnd = rg_test_seed() ^ 0xac05;
	u32 round;

	for (round = 0; round < 400; round++) {
		u32 n = 1 + rg_rand_below(&rnd, 30);
		u32 maxlen = 1 + rg_rand_below(&rnd, 1 + rg_rand_below(&rnd, 64));
		enum alphabet ab = rg_rand_below(&rnd, __AB_MAX);
		u32 nocase_pct = rg_rand_below(&rnd, 3) * 50;

		if (!ac_round(n, 1, maxlen, ab, nocase_pct, 6000,
			      rg_rand_below(&rnd, 3000), &rnd)) {
			CHECK(0);
			return;
		}
	}
}

static void ac_random_large_sets(void)
{
	static const u32 sizes[] = { 100, 1000, 3000, 10000 };
	u64 rnd = rg_test_seed() ^ 0xac02;
	u32 i, ab;

	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		for (ab = 0; ab < __AB_MAX; ab++)
			/* "abAB" at 64 bytes hits the state bound */
			if (!ac_round(sizes[i], 1, ab == AB_SMALL ? 12 : 64, ab,
				      ab == AB_TEXT ? 30 : 10,
				      sizes[i] >= 3000 ? 1500 : 6000, 1460,
				      &rnd)) {
				CHECK(0);
				return;
			}
}

/*
 * Sets whose patterns are all 5 bytes or longer get the skip filter: small
 * and large sets, every alphabet, long and short segments (a segment
 * shorter than a window is all automaton), matches planted in between.
 */
static void ac_random_skip_filter(void)
{
	static const u32 sizes[] = { 1, 5, 40, 300, 3000 };
	u64 rnd = rg_test_seed() ^ 0xac07;
	u32 round;

	for (round = 0; round < 300; round++) {
		u32 n = sizes[round % ARRAY_SIZE(sizes)];
		u32 minlen = RG_AC_SKIP_MIN_WINDOW + rg_rand_below(&rnd, 8);
		u32 maxlen = minlen + rg_rand_below(&rnd, 40);
		enum alphabet ab = rg_rand_below(&rnd, __AB_MAX);
		u32 nocase_pct = rg_rand_below(&rnd, 3) * 50;
		u32 seg = rg_rand_below(&rnd, 2) ? 1 + rg_rand_below(&rnd, 20) :
			  rg_rand_below(&rnd, 3000);

		if (!ac_round(n, minlen, maxlen, ab, nocase_pct,
			      n >= 3000 ? 3000 : 6000, seg, &rnd)) {
			CHECK(0);
			return;
		}
	}
}

/* Every pattern split at every position over two segments, and bytewise. */
static void ac_split_everywhere(void)
{
	static const char *const words[] = {
		"he", "she", "his", "hers", "HERS", "ushers", "s", "h",
	};
	struct rg_ac_pattern p[ARRAY_SIZE(words)];
	const u8 in[] = "xushersheHeRs";
	struct matches want = { 0 };
	struct rg_ac *ac;
	u32 i, cut;

	for (i = 0; i < ARRAY_SIZE(words); i++) {
		p[i].bytes = (const u8 *)words[i];
		p[i].len = strlen(words[i]);
		p[i].id = 100 + i;
		p[i].flags = i == 3 ? RG_AC_NOCASE : 0;
	}
	CHECK_EQ(rg_ac_compile(&ac, p, ARRAY_SIZE(p), NULL), 0);
	ref_scan(p, ARRAY_SIZE(p), in, sizeof(in) - 1, &want);
	for (cut = 0; cut <= sizeof(in) - 1; cut++) {
		struct matches got = { 0 }, w2 = { 0 };
		u32 state = 0;

		CHECK_EQ(rg_ac_scan(ac, &state, in, cut, on_match, &got), 0);
		got.base = cut;
		CHECK_EQ(rg_ac_scan(ac, &state, in + cut, sizeof(in) - 1 - cut,
				    on_match, &got), 0);
		w2.m = malloc(want.n * sizeof(*want.m));
		memcpy(w2.m, want.m, want.n * sizeof(*want.m));
		w2.n = want.n;
		CHECK(same_matches(&got, &w2));
		free(got.m);
		free(w2.m);
	}
	{
		struct matches got = { 0 };
		u32 state = 0;

		for (i = 0; i < sizeof(in) - 1; i++) {
			got.base = i;
			rg_ac_scan(ac, &state, in + i, 1, on_match, &got);
		}
		CHECK(same_matches(&got, &want));
		free(got.m);
	}
	free(want.m);
	rg_ac_free(ac);
}

static void ac_empty_set(void)
{
	struct matches got = { 0 };
	struct rg_ac_info info;
	struct rg_ac *ac;
	u32 state = 0;
	u8 in[64];

	memset(in, 'a', sizeof(in));
	CHECK_EQ(rg_ac_compile(&ac, NULL, 0, NULL), 0);
	CHECK(ac);
	CHECK_EQ(rg_ac_scan(ac, &state, in, sizeof(in), on_match, &got), 0);
	CHECK_EQ(got.n, 0);
	CHECK_EQ(state, 0);
	rg_ac_get_info(ac, &info);
	CHECK_EQ(info.patterns, 0);
	CHECK_EQ(info.states, 1);
	rg_ac_free(ac);
	rg_ac_free(NULL);
}

/* 1-byte patterns on every byte value, 0x00 and 0xff among them. */
static void ac_single_bytes(void)
{
	struct rg_ac_pattern p[256];
	struct matches got = { 0 };
	struct rg_ac *ac;
	u8 bytes[256], in[512];
	u32 i, state = 0;

	for (i = 0; i < 256; i++) {
		bytes[i] = (u8)i;
		p[i].bytes = &bytes[i];
		p[i].len = 1;
		p[i].id = i;
		p[i].flags = 0;
		in[2 * i] = (u8)(255 - i);
		in[2 * i + 1] = (u8)i;
	}
	CHECK_EQ(rg_ac_compile(&ac, p, 256, NULL), 0);
	CHECK_EQ(rg_ac_scan(ac, &state, in, sizeof(in), on_match, &got), 0);
	CHECK_EQ(got.n, 512);
	qsort(got.m, got.n, sizeof(*got.m), match_cmp);
	for (i = 0; i < got.n && i < 512; i++) {
		CHECK_EQ(got.m[i].end, i + 1);
		CHECK_EQ(got.m[i].id, in[i]);
	}
	free(got.m);
	rg_ac_free(ac);
}

/* Longest patterns, runs of 0x00 and 0xff, nocase over non-letters. */
static void ac_max_length(void)
{
	struct rg_ac_pattern p[4];
	struct matches got = { 0 }, want = { 0 };
	u8 a[RG_AC_MAX_LEN], b[RG_AC_MAX_LEN], in[3 * RG_AC_MAX_LEN];
	struct rg_ac *ac;
	u32 state = 0;

	memset(a, 0xff, sizeof(a));
	memset(b, 0x00, sizeof(b));
	b[RG_AC_MAX_LEN - 1] = 'Z';
	p[0] = (struct rg_ac_pattern){ a, RG_AC_MAX_LEN, 0, 1 };
	p[1] = (struct rg_ac_pattern){ b, RG_AC_MAX_LEN, RG_AC_NOCASE, 2 };
	p[2] = (struct rg_ac_pattern){ a, 1, RG_AC_NOCASE, 3 };
	p[3] = (struct rg_ac_pattern){ b, 2, 0, 4 };
	memset(in, 0xff, RG_AC_MAX_LEN + 3);
	memset(in + RG_AC_MAX_LEN + 3, 0, sizeof(in) - RG_AC_MAX_LEN - 3);
	in[sizeof(in) - 1] = 'z';
	CHECK_EQ(rg_ac_compile(&ac, p, 4, NULL), 0);
	got.base = 0;
	rg_ac_scan(ac, &state, in, 100, on_match, &got);
	got.base = 100;
	rg_ac_scan(ac, &state, in + 100, sizeof(in) - 100, on_match, &got);
	ref_scan(p, 4, in, sizeof(in), &want);
	CHECK(same_matches(&got, &want));
	CHECK(want.n > 4);
	free(got.m);
	free(want.m);
	rg_ac_free(ac);
}

static void ac_bounds(void)
{
	struct rg_ac_pattern *p;
	struct rg_ac *ac = (void *)1;
	static u8 big[RG_AC_MAX_LEN + 1];
	u32 i, bad, n;

	p = calloc(RG_AC_MAX_PATTERNS + 1, sizeof(*p));
	if (!p)
		abort();
	for (i = 0; i <= RG_AC_MAX_PATTERNS; i++)
		p[i] = (struct rg_ac_pattern){ big, 1, 0, i };

	CHECK_EQ(rg_ac_compile(&ac, p, RG_AC_MAX_PATTERNS + 1, &bad),
		 -RG_AC_ERR_COUNT);
	CHECK(!ac);
	CHECK_EQ(bad, RG_AC_MAX_PATTERNS + 1);
	p[2].len = 0;
	CHECK_EQ(rg_ac_compile(&ac, p, 5, &bad), -RG_AC_ERR_EMPTY);
	CHECK_EQ(bad, 2);
	p[2].len = RG_AC_MAX_LEN + 1;
	CHECK_EQ(rg_ac_compile(&ac, p, 5, &bad), -RG_AC_ERR_LEN);
	CHECK_EQ(bad, 2);
	p[2].len = RG_AC_MAX_LEN;
	p[3].flags = 0x10;
	CHECK_EQ(rg_ac_compile(&ac, p, 5, &bad), -RG_AC_ERR_FLAGS);
	CHECK_EQ(bad, 3);
	p[3].flags = RG_AC_NOCASE;
	CHECK_EQ(rg_ac_compile(&ac, p, 5, &bad), 0);
	rg_ac_free(ac);

	/* just over the total: all patterns as long as allowed */
	n = RG_AC_MAX_TOTAL / RG_AC_MAX_LEN + 1;
	for (i = 0; i < n; i++)
		p[i].len = RG_AC_MAX_LEN;
	CHECK_EQ(rg_ac_compile(&ac, p, n, &bad), -RG_AC_ERR_TOTAL);
	CHECK_EQ(bad, n);
	/* the same patterns, a maximum-length one among them, fit */
	CHECK_EQ(rg_ac_compile(&ac, p, n - 1, &bad), 0);
	rg_ac_free(ac);
	free(p);

	CHECK_STR(rg_ac_strerror(-RG_AC_ERR_LEN), "pattern too long");
	CHECK_STR(rg_ac_strerror(0), "success");
	CHECK_STR(rg_ac_strerror(-1000), "unknown error");
	for (i = 0; i < __RG_AC_ERR_MAX; i++)
		CHECK(rg_ac_strerror(-(int)i));
}

/*
 * nocase and case-sensitive patterns over the same two letters make the
 * most automaton states per pattern byte: past RG_AC_MAX_STATES that is a
 * clean error, not an allocation without end.
 */
static void ac_state_bound(void)
{
	u64 rnd = rg_test_seed() ^ 0xac07;
	struct rg_ac *ac = (void *)1;
	struct pset s;

	pset_make(&s, 10000, 1, 64, AB_SMALL, 20, &rnd);
	CHECK_EQ(rg_ac_compile(&ac, s.p, s.n, NULL), -RG_AC_ERR_STATES);
	CHECK(!ac);
	pset_free(&s);
}

/* A non-zero callback stops the scan; a foreign state restarts at root. */
static void ac_stop_and_bad_state(void)
{
	struct rg_ac_pattern p = { (const u8 *)"ab", 2, 0, 9 };
	const u8 in[] = "abababab";
	struct matches got = { 0 };
	struct rg_ac *ac;
	u32 state = 0;

	CHECK_EQ(rg_ac_compile(&ac, &p, 1, NULL), 0);
	got.stop_at = 2;
	CHECK_EQ(rg_ac_scan(ac, &state, in, 8, on_match, &got), 7);
	CHECK_EQ(got.n, 2);
	CHECK_EQ(state, 0);
	/* the same in a buffer long enough to be split */
	{
		u8 big[1000];
		u32 k;

		for (k = 0; k < sizeof(big); k++)
			big[k] = "ab"[k % 2];
		got.n = 0;
		got.stop_at = 300;
		state = 0;
		CHECK_EQ(rg_ac_scan(ac, &state, big, sizeof(big), on_match,
				    &got), 7);
		CHECK_EQ(got.n, 300);
		CHECK_EQ(state, 0);
	}
	got.stop_at = 0;
	got.n = 0;
	state = 0xffffffff;
	CHECK_EQ(rg_ac_scan(ac, &state, (const u8 *)"b", 1, on_match, &got), 0);
	CHECK_EQ(got.n, 0);
	free(got.m);
	rg_ac_free(ac);
}

/*
 * A sparse state with 256 children: 256 depth-1 states use up the dense
 * budget, so "QZ" gets a record searched by halving.
 */
static void ac_wide_sparse_state(void)
{
	struct rg_ac_pattern p[512];
	struct matches got = { 0 }, want = { 0 };
	u8 bytes[512][3], in[6000];
	u64 rnd = rg_test_seed() ^ 0xac06;
	struct rg_ac_info info;
	struct rg_ac *ac;
	u32 i;

	for (i = 0; i < 256; i++) {
		bytes[i][0] = (u8)i;
		bytes[i][1] = 'Q';
		p[i] = (struct rg_ac_pattern){ bytes[i], 2, 0, i };
		bytes[256 + i][0] = 'Q';
		bytes[256 + i][1] = 'Z';
		bytes[256 + i][2] = (u8)i;
		p[256 + i] = (struct rg_ac_pattern){ bytes[256 + i], 3,
						    i % 3 ? 0 : RG_AC_NOCASE,
						    1000 + i };
	}
	for (i = 0; i < sizeof(in); i++)
		in[i] = i % 4 == 0 ? 'Q' : i % 4 == 1 ? 'Z' : (u8)rg_rand(&rnd);
	CHECK_EQ(rg_ac_compile(&ac, p, 512, NULL), 0);
	rg_ac_get_info(ac, &info);
	CHECK(info.dense_states < info.states);
	ac_scan_split(ac, in, sizeof(in), &rnd, 2000, &got);
	ref_scan(p, 512, in, sizeof(in), &want);
	CHECK(same_matches(&got, &want));
	free(got.m);
	free(want.m);
	rg_ac_free(ac);
}

/* Stopping at every match of a long buffer: in either chain, or after. */
static void ac_stop_anywhere(void)
{
	static const char *const words[] = { "ab", "bab", "b", "xa" };
	struct rg_ac_pattern p[ARRAY_SIZE(words)];
	struct matches got = { 0 };
	struct rg_ac *ac;
	u8 in[700];
	u32 i, total, state;

	for (i = 0; i < ARRAY_SIZE(words); i++)
		p[i] = (struct rg_ac_pattern){ (const u8 *)words[i],
					       strlen(words[i]), 0, i };
	/* few matches, so that the scan splits; "bab" across the middle */
	memset(in, 'y', sizeof(in));
	for (i = 0; i + 2 < sizeof(in); i += 9)
		memcpy(in + i, i % 2 ? "xab" : "bab", 3);
	memcpy(in + 381, "bab", 3);
	CHECK_EQ(rg_ac_compile(&ac, p, ARRAY_SIZE(p), NULL), 0);
	state = 0;
	CHECK_EQ(rg_ac_scan(ac, &state, in, sizeof(in), on_match, &got), 0);
	total = got.n;
	CHECK(total > 200);
	for (i = 1; i <= total; i++) {
		got.n = 0;
		got.stop_at = i;
		state = 0;
		CHECK_EQ(rg_ac_scan(ac, &state, in, sizeof(in), on_match,
				    &got), 7);
		CHECK_EQ(got.n, i);
		CHECK_EQ(state, 0);
	}
	free(got.m);
	rg_ac_free(ac);
}

/*
 * nocase and case-sensitive patterns over the same letters: the automaton
 * tracks both tries at once, and must neither blow up nor mix them.
 */
static void ac_nocase_overlaps(void)
{
	u64 rnd = rg_test_seed() ^ 0xac03;
	u32 round;

	for (round = 0; round < 200; round++)
		if (!ac_round(1 + rg_rand_below(&rnd, 60), 1, 16, AB_SMALL, 50,
			      2000, 1 + rg_rand_below(&rnd, 100), &rnd)) {
			CHECK(0);
			return;
		}
}

/* The memory goal: at most 16 bytes per pattern byte at 10,000 patterns. */
static void ac_memory_per_byte(void)
{
	u64 rnd = rg_test_seed() ^ 0xac04;
	struct rg_ac_info info;
	struct rg_ac *ac;
	struct pset s;
	u32 ab;

	/* not "abAB": nocase over 2 letters is the worst case, not a goal */
	for (ab = 0; ab < __AB_MAX; ab++) {
		if (ab == AB_SMALL)
			continue;
		pset_make(&s, 10000, 1, 32, ab, 20, &rnd);
		CHECK_EQ(rg_ac_compile(&ac, s.p, s.n, NULL), 0);
		if (ac) {
			rg_ac_get_info(ac, &info);
			if (info.size > 16ULL * info.pattern_bytes)
				rg_diag("alphabet %u: %llu bytes for %u pattern bytes",
					ab, (unsigned long long)info.size,
					info.pattern_bytes);
			CHECK(info.size <= 16ULL * info.pattern_bytes);
		}
		rg_ac_free(ac);
		pset_free(&s);
	}
}

RG_SUITE(rg_suite_ac,
	 RG_TEST(ac_empty_set),
	 RG_TEST(ac_single_bytes),
	 RG_TEST(ac_max_length),
	 RG_TEST(ac_bounds),
	 RG_TEST(ac_state_bound),
	 RG_TEST(ac_stop_and_bad_state),
	 RG_TEST(ac_split_everywhere),
	 RG_TEST(ac_wide_sparse_state),
	 RG_TEST(ac_stop_anywhere),
	 RG_TEST(ac_nocase_overlaps),
	 RG_TEST(ac_random_small_sets),
	 RG_TEST(ac_random_long_segments),
	 RG_TEST(ac_random_large_sets),
	 RG_TEST(ac_random_skip_filter),
	 RG_TEST(ac_memory_per_byte));
