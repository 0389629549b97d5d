// SPDX-License-Identifier: GPL-2.0
/*
 * Multi-content signatures (sig_match.c) against a reference with Snort's
 * meaning: a signature matches a buffer when some choice of one occurrence
 * per content satisfies every offset, depth, distance, within and isdataat;
 * the reference tries every choice. Random signatures over a small
 * alphabet (so contents occur many times, overlapping), random streams,
 * cut into random segments: after each segment, the streaming matcher must
 * have matched a signature exactly when the reference matches the stream
 * so far. Plus the decoy case: a hundred other signatures' first contents
 * first, then the attack, which must still match.
 */
#include <stdio.h>
#include <stdlib.h>

#include "tests.h"
#include "ac.h"
#include "sig_match.h"

#define NSIG_MAX	128
#define TEXT_MAX	160

struct tsig {
	unsigned int n;
	struct rg_sm_def c[RG_SM_CONTENTS_MAX];
	u8 bytes[RG_SM_CONTENTS_MAX][4];
	bool nocase[RG_SM_CONTENTS_MAX];
	u32 data_at, data_after;	/* N + 1; 0: none */
};

/* A set as the module builds one (sigs.c), with its automaton. */
struct tset {
	unsigned int nsig, ncontent;
	struct rg_sm_sig sigs[NSIG_MAX];
	struct rg_sm_content contents[NSIG_MAX * RG_SM_CONTENTS_MAX];
	u8 blob[NSIG_MAX * RG_SM_CONTENTS_MAX * 4];
	struct rg_sm_prog prog;
	struct rg_ac *ac;
};

static u8 fold(u8 b)
{
	return b >= 'A' && b <= 'Z' ? b + 32 : b;
}

static bool set_build(struct tset *s, const struct tsig *t, unsigned int n)
{
	struct rg_ac_pattern pats[NSIG_MAX * RG_SM_CONTENTS_MAX];
	u32 run = 0, b = 0, window = 0, i, j, k = 0;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < n; i++) {
		struct rg_sm_sig *sm = &s->sigs[i];
		struct rg_sm_content *ct = &s->contents[k];
		bool simple;

		sm->content = k;
		sm->ncontent = t[i].n;
		sm->data_at = t[i].data_at;
		sm->data_after = t[i].data_after;
		rg_sm_layout(t[i].c, t[i].n, &run, ct, &simple);
		sm->simple = simple && !t[i].data_at && !t[i].data_after;
		for (j = 0; j < t[i].n; j++, k++) {
			ct[j].sig = i;
			ct[j].nocase = t[i].nocase[j];
			ct[j].bytes = b;
			memcpy(s->blob + b, t[i].bytes[j], ct[j].len);
			pats[k].bytes = s->blob + b;
			pats[k].len = ct[j].len;
			pats[k].flags = ct[j].nocase ? RG_AC_NOCASE : 0;
			pats[k].id = k;
			b += ct[j].len;
			if (ct[j].run_first != j || !(ct[j].flags & RG_SM_RUN_END))
				window = rg_max_u32(window, ct[j].span);
		}
	}
	s->nsig = n;
	s->ncontent = k;
	s->prog.sigs = s->sigs;
	s->prog.contents = s->contents;
	s->prog.blob = s->blob;
	s->prog.nsigs = n;
	s->prog.window = window;
	return rg_ac_compile(&s->ac, pats, k, NULL) == 0;
}

/* The reference: is there a choice of ends for contents i.. of @t? */
static bool ref_from(const struct tsig *t, const u8 *text, u32 len,
		     unsigned int i, s64 prev_end, u32 *last_end)
{
	const struct rg_sm_def *c = &t->c[i];
	u32 x, k;

	if (i == t->n)
		return true;
	for (x = c->len; x <= len; x++) {
		u32 start = x - c->len;

		for (k = 0; k < c->len; k++)
			if (t->nocase[i] ? fold(text[start + k]) != fold(t->bytes[i][k]) :
			    text[start + k] != t->bytes[i][k])
				break;
		if (k < c->len)
			continue;
		if (!c->relative) {
			if (start < c->offset ||
			    (c->depth && x > c->offset + c->depth))
				continue;
		} else {
			if ((s64)start < prev_end + c->distance)
				continue;
			if (c->within && (s64)x > prev_end + c->distance + c->within)
				continue;
		}
		if (i + 1 == t->n && t->data_after && len < x + t->data_after)
			continue;
		if (ref_from(t, text, len, i + 1, x, last_end))
			return true;
	}
	return false;
}

static bool ref_match(const struct tsig *t, const u8 *text, u32 len)
{
	u32 last;

	if (t->data_at && len < t->data_at)
		return false;
	return ref_from(t, text, len, 0, 0, &last);
}

struct feed_ctx {
	struct tset *s;
	struct rg_sm_dir *d;
	struct rg_sm_text text;
	bool matched[NSIG_MAX];
	bool nomem;
};

static int sig_done(void *arg, u32 sig)
{
	struct feed_ctx *f = arg;

	f->matched[sig] = true;
	return 0;
}

static int on_content(void *arg, u32 id, size_t end)
{
	struct feed_ctx *f = arg;
	enum rg_sm_result r;

	r = rg_sm_hit(&f->s->prog, f->d, &f->text, id, f->text.base + (u32)end);
	if (r == RG_SM_MATCH)
		f->matched[f->s->contents[id].sig] = true;
	if (r == RG_SM_NOMEM)
		f->nomem = true;
	return 0;
}

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

static void sig_diag(const struct tsig *t)
{
	unsigned int i;

	for (i = 0; i < t->n; i++)
		rg_diag("  content \"%.*s\"%s %s offset %u depth %u distance %d within %u",
			(int)t->c[i].len, t->bytes[i], t->nocase[i] ? " nocase" : "",
			t->c[i].relative ? "relative" : "", t->c[i].offset,
			t->c[i].depth, t->c[i].distance, t->c[i].within);
	rg_diag("  data_at %u data_after %u (N + 1)", t->data_at, t->data_after);
}

/*
 * Stream @text through the matcher in random segments; after each, every
 * signature matched so far must be one the reference matches on the prefix,
 * and the other way round.
 */
static unsigned int stream_check(u64 *rnd, struct tset *s, const struct tsig *t,
				 const u8 *text, u32 len)
{
	struct rg_sm_dir dir = { 0 };
	struct feed_ctx f = { .s = s, .d = &dir };
	u32 pos = 0, state = 0, i, bad = 0;

	while (pos < len) {
		u32 n = 1 + rg_rand_below(rnd, rg_rand_below(rnd, 2) ? 4 : 40);

		n = rg_min_u32(n, len - pos);
		f.text.buf = text + pos;
		f.text.base = pos;
		f.text.len = n;
		rg_ac_scan_in_order(s->ac, &state, text + pos, n, on_content, &f);
		rg_sm_feed(&s->prog, &dir, &f.text, sig_done, &f);
		pos += n;
		for (i = 0; i < s->nsig; i++) {
			bool want = ref_match(&t[i], text, pos);

			if (f.matched[i] != want && !bad++) {
				rg_diag("sig %u: matched %d, reference %d at %u of \"%.*s\"",
					i, f.matched[i], want, pos, (int)len, text);
				sig_diag(&t[i]);
			}
		}
	}
	CHECK(!f.nomem);
	rg_sm_dir_free(&dir);
	return bad;
}

static void sig_match_random(void)
{
	u64 rnd = rg_test_seed() ^ 0x51c;
	static struct tsig t[NSIG_MAX];
	static struct tset s;
	unsigned int round, i, bad = 0, matched = 0;
	u8 text[TEXT_MAX];

	for (round = 0; round < 3000 && bad < 5; round++) {
		u32 nsig = 1 + rg_rand_below(&rnd, 4), len;

		for (i = 0; i < nsig; i++)
			random_sig(&rnd, &t[i]);
		if (!set_build(&s, t, nsig)) {
			CHECK(0);
			break;
		}
		len = rg_rand_below(&rnd, TEXT_MAX);
		for (i = 0; i < len; i++)
			text[i] = "abcA"[rg_rand_below(&rnd, 4)];
		bad += stream_check(&rnd, &s, t, text, len) ? 1 : 0;
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
	CHECK_EQ(stream_check(&rnd, &s, t, text, len), 0);
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
