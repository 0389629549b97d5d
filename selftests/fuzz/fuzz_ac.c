// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: the signature automaton (kmod/core/ac*.c) against a
 * naive matcher. The fuzzer picks the patterns (bytes, lengths, nocase,
 * ids, duplicates), an alphabet squeeze that makes overlaps and nocase /
 * case-sensitive clashes likely, the input, and where the input is cut into
 * segments. Any difference in the (id, stream end offset) multiset, any
 * compile error other than a bound, and any sanitizer report is a crash.
 *
 * Input layout (all optional, short inputs just mean small cases):
 *	byte 0		mode: bits 0-1 alphabet squeeze, bit 2 all nocase,
 *			bit 3 no nocase, bits 4-7 segment size scale
 *	byte 1		number of patterns (0..255)
 *	per pattern	one byte: bits 0-5 length - 1 (1..64), bit 6
 *			nocase, bit 7 same id as the previous pattern;
 *			then the pattern's bytes
 *	rest		the input; cut points come from a hash of it
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ac.h"

#define MAX_PATS	256
#define MAX_MATCHES	(1 << 20)

struct match {
	unsigned long long	end;
	unsigned int		id;
};

struct matches {
	struct match	*m;
	size_t		n;
	unsigned long long base;
};

static int add(struct matches *ms, unsigned int id, unsigned long long end)
{
	if (ms->n == MAX_MATCHES)
		return 1;	/* enough: the rest is not compared */
	ms->m[ms->n].end = end;
	ms->m[ms->n++].id = id;
	return 0;
}

static int on_match(void *ctx, u32 id, size_t end)
{
	struct matches *ms = ctx;

	return add(ms, id, ms->base + end) ? 1 : 0;
}

static int cmp(const void *a, const void *b)
{
	const struct match *x = a, *y = b;

	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static unsigned char squeeze(unsigned char c, unsigned int mode)
{
	static const unsigned char small[] = { 'a', 'A', 'b', 'B', 0, 0xff };

	switch (mode & 3) {
	case 1:
		return small[c % sizeof(small)];
	case 2:
		return "xXyYzZ .-"[c % 9];
	default:
		return c;
	}
}

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int eq(const struct rg_ac_pattern *p, const unsigned char *s)
{
	unsigned int i;

	if (!(p->flags & RG_AC_NOCASE))
		return !memcmp(p->bytes, s, p->len);
	for (i = 0; i < p->len; i++)
		if (lower(p->bytes[i]) != lower(s[i]))
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static struct rg_ac_pattern p[MAX_PATS];
	static unsigned char pbytes[MAX_PATS][64];
	static struct match mg[MAX_MATCHES], mw[MAX_MATCHES];
	struct matches got = { mg, 0, 0 }, want = { mw, 0, 0 };
	unsigned int mode = 0, n = 0, i, j, seg_scale;
	unsigned char *in;
	struct rg_ac *ac;
	size_t pos = 0, len, off;
	unsigned long long h = 1469598103934665603ULL;
	u32 state = 0;
	int err;

	if (size > pos)
		mode = data[pos++];
	if (size > pos)
		n = data[pos++];
	for (i = 0; i < n && pos < size; i++) {
		unsigned int b = data[pos++];

		p[i].len = 1 + (b & 63);
		p[i].flags = (mode & 4 || b & 64) && !(mode & 8) ?
			     RG_AC_NOCASE : 0;
		p[i].id = (b & 128) && i ? p[i - 1].id : i;
		for (j = 0; j < p[i].len; j++)
			pbytes[i][j] = squeeze(pos < size ? data[pos++] : 0,
					       mode);
		p[i].bytes = pbytes[i];
	}
	n = i;

	len = size - pos;
	in = malloc(len ? len : 1);
	if (!in)
		abort();
	for (i = 0; i < len; i++) {
		in[i] = squeeze(data[pos + i], mode);
		h = (h ^ in[i]) * 1099511628211ULL;
	}

	err = rg_ac_compile(&ac, p, n, NULL);
	if (err) {
		fprintf(stderr, "compile: %s\n", rg_ac_strerror(err));
		abort();
	}

	/* cut points: segments of 0..2^scale bytes */
	seg_scale = mode >> 4;
	for (off = 0; off < len;) {
		size_t seg;

		h = h * 6364136223846793005ULL + 1442695040888963407ULL;
		seg = (h >> 33) % ((1UL << seg_scale) + 1);
		if (seg > len - off)
			seg = len - off;
		got.base = off;
		if (rg_ac_scan(ac, &state, in + off, seg, on_match, &got))
			break;
		off += seg;
	}

	for (i = 0; i < n; i++)
		for (off = 0; off + p[i].len <= len; off++)
			if (eq(&p[i], in + off) &&
			    add(&want, p[i].id, off + p[i].len))
				break;

	if (got.n < MAX_MATCHES && want.n < MAX_MATCHES) {
		qsort(got.m, got.n, sizeof(*got.m), cmp);
		qsort(want.m, want.n, sizeof(*want.m), cmp);
		if (got.n != want.n ||
		    memcmp(got.m, want.m, got.n * sizeof(*got.m))) {
			fprintf(stderr, "%zu matches, reference %zu\n",
				got.n, want.n);
			abort();
		}
	}
	rg_ac_free(ac);
	free(in);
	return 0;
}
