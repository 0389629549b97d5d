// SPDX-License-Identifier: GPL-2.0
/*
 * The signature automaton (kmod/core/ac.c) against Hyperscan (literal
 * patterns, block mode per segment and streaming mode per flow) and against
 * a one-search-per-pattern loop (the iptables string-match model: for each
 * rule, search the segment; KMP and Boyer-Moore-Horspool as in the kernel's
 * textsearch), on pattern sets from a Snort rules file and from a
 * synthetic generator, over text-like and random input cut into 1460-byte
 * segments. One table; timings are the best of several runs and never pass
 * or fail anything.
 *
 *	acbench [-m MiB] [-r runs] [-R rules-file] [-n "100 1000 10000"]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <hs/hs.h>

#include "ac.h"
#include "ac_skip.h"
#include "acgen.h"

#define SEG		1460
/* pattern x byte budget of one run of the loop engines */
#define LOOP_BUDGET	(64ULL << 20)

static unsigned int runs = 5;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct result {
	const char	*engine;
	double		gbps;
	double		hits_mb;
	double		bpb;		/* bytes of the database per pattern byte */
	double		compile_ms;
	size_t		scanned;	/* input bytes per run */
	int		ok;
};

static size_t pattern_bytes(const struct patset *s)
{
	size_t t = 0;
	unsigned int i;

	for (i = 0; i < s->n; i++)
		t += s->p[i].len;
	return t;
}

/* rstguard: one flow, the state carried from segment to segment */

static int ac_count(void *ctx, u32 id, size_t end)
{
	(void)id;
	(void)end;
	++*(unsigned long *)ctx;
	return 0;
}

static struct rg_ac *ac_build(const struct patset *s, double *ms)
{
	struct rg_ac_pattern *p = calloc(s->n ? s->n : 1, sizeof(*p));
	struct rg_ac *ac = NULL;
	unsigned int i, k;
	int err = 0;

	if (!p)
		abort();
	for (i = 0; i < s->n; i++) {
		p[i].bytes = s->p[i].bytes;
		p[i].len = s->p[i].len;
		p[i].flags = s->p[i].nocase ? RG_AC_NOCASE : 0;
		p[i].id = i;
	}
	*ms = 1e30;
	for (k = 0; k < 3; k++) {
		double t = now();

		rg_ac_free(ac);
		err = rg_ac_compile(&ac, p, s->n, NULL);
		t = (now() - t) * 1e3;
		if (t < *ms)
			*ms = t;
		if (err)
			break;
	}
	free(p);
	if (err) {
		fprintf(stderr, "rg_ac_compile: %s\n", rg_ac_strerror(err));
		return NULL;
	}
	return ac;
}

static void run_ac(const struct patset *s, const unsigned char *in,
		   size_t len, struct result *r, struct rg_ac_info *info)
{
	unsigned long hits = 0;
	struct rg_ac *ac;
	double best = 1e30;
	unsigned int k;

	r->engine = "rstguard-ac";
	ac = ac_build(s, &r->compile_ms);
	if (!ac)
		return;
	rg_ac_get_info(ac, info);
	for (k = 0; k < runs; k++) {
		double t = now();
		size_t off;
		u32 state = 0;

		hits = 0;
		for (off = 0; off < len; off += SEG)
			rg_ac_scan(ac, &state, in + off,
				   len - off < SEG ? len - off : SEG,
				   ac_count, &hits);
		t = now() - t;
		if (t < best)
			best = t;
	}
	r->gbps = len / best / 1e9;
	r->hits_mb = hits / (len / 1048576.0);
	r->bpb = (double)info->size / pattern_bytes(s);
	r->scanned = len;
	r->ok = 1;
	rg_ac_free(ac);
}

/* Hyperscan */

static int hs_count(unsigned int id, unsigned long long from,
		    unsigned long long to, unsigned int flags, void *ctx)
{
	(void)id;
	(void)from;
	(void)to;
	(void)flags;
	++*(unsigned long *)ctx;
	return 0;
}

static hs_database_t *hs_build(const struct patset *s, unsigned int mode,
			       double *ms)
{
	const char **e = calloc(s->n, sizeof(*e));
	unsigned int *flags = calloc(s->n, sizeof(*flags));
	unsigned int *ids = calloc(s->n, sizeof(*ids));
	size_t *lens = calloc(s->n, sizeof(*lens));
	hs_database_t *db = NULL;
	hs_compile_error_t *err;
	unsigned int i;
	double t;

	if (!e || !flags || !ids || !lens)
		abort();
	for (i = 0; i < s->n; i++) {
		e[i] = (const char *)s->p[i].bytes;
		lens[i] = s->p[i].len;
		ids[i] = i;
		flags[i] = s->p[i].nocase ? HS_FLAG_CASELESS : 0;
	}
	t = now();
	if (hs_compile_lit_multi(e, flags, ids, lens, s->n, mode, NULL, &db,
				 &err) != HS_SUCCESS) {
		fprintf(stderr, "hs_compile_lit_multi: %s\n", err->message);
		hs_free_compile_error(err);
		db = NULL;
	}
	*ms = (now() - t) * 1e3;
	free(e);
	free(flags);
	free(ids);
	free(lens);
	return db;
}

static void run_hs(const struct patset *s, const unsigned char *in,
		   size_t len, int stream, struct result *r, size_t *state_size)
{
	hs_scratch_t *scratch = NULL;
	unsigned long hits = 0;
	double best = 1e30;
	hs_database_t *db;
	unsigned int k;
	size_t dbsize;

	r->engine = stream ? "hs-stream" : "hs-block";
	db = hs_build(s, stream ? HS_MODE_STREAM : HS_MODE_BLOCK,
		      &r->compile_ms);
	if (!db || hs_alloc_scratch(db, &scratch) != HS_SUCCESS)
		return;
	if (stream)
		hs_stream_size(db, state_size);
	for (k = 0; k < runs; k++) {
		hs_stream_t *st = NULL;
		double t = now();
		size_t off;

		hits = 0;
		if (stream)
			hs_open_stream(db, 0, &st);
		for (off = 0; off < len; off += SEG) {
			size_t n = len - off < SEG ? len - off : SEG;

			if (stream)
				hs_scan_stream(st, (const char *)in + off, n, 0,
					       scratch, hs_count, &hits);
			else
				hs_scan(db, (const char *)in + off, n, 0,
					scratch, hs_count, &hits);
		}
		if (stream)
			hs_close_stream(st, scratch, hs_count, &hits);
		t = now() - t;
		if (t < best)
			best = t;
	}
	hs_database_size(db, &dbsize);
	r->gbps = len / best / 1e9;
	r->hits_mb = hits / (len / 1048576.0);
	r->bpb = (double)dbsize / pattern_bytes(s);
	r->scanned = len;
	r->ok = 1;
	hs_free_scratch(scratch);
	hs_free_database(db);
}

/*
 * The iptables string-match model: one rule per pattern, each searching
 * the whole segment for its first occurrence (skb_find_text()), with the
 * tables lib/ts_kmp.c and lib/ts_bm.c would build.
 */
struct loop_pat {
	const unsigned char	*p;
	unsigned int		len, nocase;
	unsigned int		*tab;	/* KMP prefix table, or BM shifts */
};

static unsigned char fold(unsigned char c, unsigned int nocase)
{
	return nocase && c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int kmp_find(const struct loop_pat *lp, const unsigned char *t,
		    size_t n)
{
	unsigned int q = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = fold(t[i], lp->nocase);

		while (q > 0 && fold(lp->p[q], lp->nocase) != c)
			q = lp->tab[q - 1];
		if (fold(lp->p[q], lp->nocase) == c)
			q++;
		if (q == lp->len)
			return 1;
	}
	return 0;
}

static int bm_find(const struct loop_pat *lp, const unsigned char *t,
		   size_t n)
{
	size_t i = lp->len - 1;

	while (i < n) {
		unsigned int k = 0;

		while (k < lp->len && fold(t[i - k], lp->nocase) ==
		       fold(lp->p[lp->len - 1 - k], lp->nocase))
			k++;
		if (k == lp->len)
			return 1;
		i += lp->tab[fold(t[i], lp->nocase)];
	}
	return 0;
}

static void loop_tables(struct loop_pat *lp, int bm)
{
	unsigned int i, k = 0;

	if (bm) {
		lp->tab = malloc(256 * sizeof(*lp->tab));
		for (i = 0; i < 256; i++)
			lp->tab[i] = lp->len;
		for (i = 0; i + 1 < lp->len; i++) {
			lp->tab[fold(lp->p[i], lp->nocase)] = lp->len - 1 - i;
			if (lp->nocase && lp->p[i] >= 'a' && lp->p[i] <= 'z')
				lp->tab[lp->p[i] - 32] = lp->len - 1 - i;
		}
		return;
	}
	lp->tab = malloc(lp->len * sizeof(*lp->tab));
	lp->tab[0] = 0;
	for (i = 1; i < lp->len; i++) {
		while (k > 0 && fold(lp->p[k], lp->nocase) !=
		       fold(lp->p[i], lp->nocase))
			k = lp->tab[k - 1];
		if (fold(lp->p[k], lp->nocase) == fold(lp->p[i], lp->nocase))
			k++;
		lp->tab[i] = k;
	}
}

static void run_loop(const struct patset *s, const unsigned char *in,
		     size_t len, int bm, struct result *r)
{
	struct loop_pat *lp = calloc(s->n, sizeof(*lp));
	unsigned long hits = 0;
	double best = 1e30, t;
	size_t tabbytes = 0;
	unsigned int i, k;

	r->engine = bm ? "loop-bm" : "loop-kmp";
	/* the loop costs patterns x bytes: scale the input down */
	if ((unsigned long long)len * s->n > LOOP_BUDGET)
		len = LOOP_BUDGET / s->n / SEG * SEG;
	if (len < SEG)
		len = SEG;
	t = now();
	for (i = 0; i < s->n; i++) {
		lp[i].p = s->p[i].bytes;
		lp[i].len = s->p[i].len;
		lp[i].nocase = s->p[i].nocase;
		loop_tables(&lp[i], bm);
		tabbytes += (bm ? 256 : lp[i].len) * sizeof(unsigned int) +
			    lp[i].len + 64;	/* + struct ts_config */
	}
	r->compile_ms = (now() - t) * 1e3;
	for (k = 0; k < 2 && k < runs; k++) {
		size_t off;

		t = now();
		hits = 0;
		for (off = 0; off < len; off += SEG) {
			size_t n = len - off < SEG ? len - off : SEG;

			for (i = 0; i < s->n; i++)
				hits += bm ? bm_find(&lp[i], in + off, n) :
					     kmp_find(&lp[i], in + off, n);
		}
		t = now() - t;
		if (t < best)
			best = t;
	}
	r->gbps = len / best / 1e9;
	r->hits_mb = hits / (len / 1048576.0);
	r->bpb = (double)tabbytes / pattern_bytes(s);
	r->scanned = len;
	r->ok = 1;
	for (i = 0; i < s->n; i++)
		free(lp[i].tab);
	free(lp);
}

static void row(const char *set, unsigned int n, const char *input,
		const struct result *r, double ac_gbps)
{
	if (!r->ok) {
		printf("%-6s %6u %-6s %-12s  failed\n", set, n, input,
		       r->engine);
		return;
	}
	printf("%-6s %6u %-6s %-12s %8.3g %9.0f %8.1f %9.1f %8.3g",
	       set, n, input, r->engine, r->gbps, r->hits_mb, r->bpb,
	       r->compile_ms, ac_gbps / r->gbps);
	if (r->scanned < (size_t)1 << 20)
		printf("  (%zu KiB scanned)", r->scanned >> 10);
	else if (r->engine[0] == 'l')
		printf("  (%zu MiB scanned)", r->scanned >> 20);
	printf("\n");
	fflush(stdout);
}

static void bench_set(const char *set, const struct patset *s,
		      unsigned char *const in[2], size_t len)
{
	static const char *const inputs[2] = { "text", "random" };
	unsigned int i;

	for (i = 0; i < 2; i++) {
		struct result ac = { 0 }, hb = { 0 }, hst = { 0 }, kmp = { 0 };
		struct result bm = { 0 };
		struct rg_ac_info info;
		size_t ss = 0;

		run_ac(s, in[i], len, &ac, &info);
		run_hs(s, in[i], len, 0, &hb, &ss);
		run_hs(s, in[i], len, 1, &hst, &ss);
		run_loop(s, in[i], len, 0, &kmp);
		run_loop(s, in[i], len, 1, &bm);
		row(set, s->n, inputs[i], &ac, ac.gbps);
		row(set, s->n, inputs[i], &hb, ac.gbps);
		row(set, s->n, inputs[i], &hst, ac.gbps);
		row(set, s->n, inputs[i], &kmp, ac.gbps);
		row(set, s->n, inputs[i], &bm, ac.gbps);
		if (!i && ac.ok)
			printf("#   ac: %u states (%u dense), %u byte classes, %llu bytes, %zu pattern bytes, skip filter %s (window %u; off: a pattern under %u bytes); hs stream state %zu bytes/flow, ac 4\n",
			       info.states, info.dense_states, info.classes,
			       (unsigned long long)info.size,
			       pattern_bytes(s),
			       info.skip_window ? "on" : "off",
			       info.skip_window, RG_AC_SKIP_MIN_WINDOW, ss);
	}
}

static void subset(struct patset *dst, const struct patset *src,
		   unsigned int n)
{
	dst->p = src->p;
	dst->n = n < src->n ? n : src->n;
}

/*
 * The first @n patterns of @src with at least 5 bytes: a set the automaton
 * runs with its skip filter ("snort5"). @dst shares @src's bytes; free only
 * dst->p.
 */
_Static_assert(RG_AC_SKIP_MIN_WINDOW == 5, "the snort5 set is named after it");

static void subset_long(struct patset *dst, const struct patset *src,
			unsigned int n)
{
	unsigned int i;

	dst->p = calloc(n ? n : 1, sizeof(*dst->p));
	if (!dst->p)
		abort();
	dst->n = 0;
	for (i = 0; i < src->n && dst->n < n; i++)
		if (src->p[i].len >= RG_AC_SKIP_MIN_WINDOW)
			dst->p[dst->n++] = src->p[i];
}

int main(int argc, char **argv)
{
	const char *rules = NULL, *sizes = "100 1000 10000";
	unsigned char *in[2];
	struct patset snort;
	size_t len = 16 << 20;
	int opt, have_rules;

	while ((opt = getopt(argc, argv, "m:r:R:n:")) != -1) {
		switch (opt) {
		case 'm':
			len = (size_t)atoi(optarg) << 20;
			break;
		case 'r':
			runs = atoi(optarg) > 0 ? atoi(optarg) : 1;
			break;
		case 'R':
			rules = optarg;
			break;
		case 'n':
			sizes = optarg;
			break;
		default:
			fprintf(stderr, "usage: %s [-m MiB] [-r runs] [-R rules] [-n sizes]\n",
				argv[0]);
			return 2;
		}
	}
	len = len / SEG * SEG;
	if (!len)
		len = SEG;
	in[0] = malloc(len);
	in[1] = malloc(len);
	if (!in[0] || !in[1])
		abort();
	input_text(in[0], len, 1);
	input_random(in[1], len, 2);
	have_rules = rules && !patset_from_rules(&snort, rules) && snort.n;

	printf("# signature automaton vs Hyperscan %s vs one search per pattern\n",
	       hs_version());
	printf("# %.1f MiB per input in %d-byte segments, best of %u runs (loops: best of 2, input scaled down to %llu Mi pattern x bytes)\n",
	       len / 1048576.0, SEG, runs, LOOP_BUDGET >> 20);
	printf("# ac and hs-stream carry state across segments (one flow); hs-block and the loops scan each segment alone;\n");
	printf("# loops count the first match per pattern per segment (xt_string), the others every match\n");
	printf("# %s\n", have_rules ? rules : "snort rules: not found, synthetic sets only");
	printf("# snort5: the first N contents of 5 bytes or more (the skip filter is on only when every pattern is)\n");
	printf("%-6s %6s %-6s %-12s %8s %9s %8s %9s %8s\n", "set", "N",
	       "input", "engine", "GB/s", "hits/MB", "B/patB", "compile", "ac/this");
	printf("%-6s %6s %-6s %-12s %8s %9s %8s %9s %8s\n", "", "", "", "",
	       "", "", "", "ms", "speed");
	for (const char *p = sizes; *p;) {
		unsigned int n = strtoul(p, (char **)&p, 10);
		struct patset syn, sub;

		if (!n)
			break;
		patset_synthetic(&syn, n, n);
		bench_set("synth", &syn, in, len);
		patset_free(&syn);
		if (have_rules) {
			subset(&sub, &snort, n);
			bench_set("snort", &sub, in, len);
			subset_long(&sub, &snort, n);
			bench_set("snort5", &sub, in, len);
			free(sub.p);
		}
	}
	if (have_rules)
		patset_free(&snort);
	printf("# rerun: make bench-ac (or selftests/bench/ac/acbench -m MiB -r runs -R rules -n \"sizes\")\n");
	free(in[0]);
	free(in[1]);
	return 0;
}
