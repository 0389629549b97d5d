// SPDX-License-Identifier: GPL-2.0
/*
 * The reference and the streaming driver of the multi-content signature
 * tests (sig_match_ref.h): test_sig_match.c and the fuzzer of sig_match.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sig_match_ref.h"

static u8 fold(u8 b)
{
	return b >= 'A' && b <= 'Z' ? b + 32 : b;
}

bool set_build(struct tset *s, const struct tsig *t, unsigned int n)
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
		s->in_order |= !sm->simple;
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

/*
 * The reference: is there a choice of ends for contents i.. of @t, the one
 * before ending at @prev_end? The answer depends on nothing else, so a
 * (content, previous end) that led nowhere is marked in @dead and not
 * tried again: a signature that fails costs contents x length^2 byte
 * compares, not length^contents (the fuzzer's long texts of one letter).
 */
static bool ref_from(const struct tsig *t, const u8 *text, u32 len,
		     unsigned int i, s64 prev_end, u8 *dead)
{
	const struct rg_sm_def *c = &t->c[i];
	u8 *tried;
	u32 x, k;

	if (i == t->n)
		return true;
	tried = &dead[i * (len + 1) + prev_end];
	if (*tried)
		return false;
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
		if (ref_from(t, text, len, i + 1, x, dead))
			return true;
	}
	*tried = 1;
	return false;
}

bool ref_match(const struct tsig *t, const u8 *text, u32 len)
{
	u8 *dead;
	bool m;

	if (t->data_at && len < t->data_at)
		return false;
	/* previous ends are 0 (before the first content) .. len */
	dead = calloc(t->n, len + 1);
	if (!dead)
		abort();
	m = ref_from(t, text, len, 0, 0, dead);
	free(dead);
	return m;
}

void sig_diag(const struct tsig *t)
{
	unsigned int i;

	for (i = 0; i < t->n; i++)
		printf("#   content \"%.*s\"%s %s offset %u depth %u distance %d within %u\n",
		       (int)t->c[i].len, t->bytes[i], t->nocase[i] ? " nocase" : "",
		       t->c[i].relative ? "relative" : "", t->c[i].offset,
		       t->c[i].depth, t->c[i].distance, t->c[i].within);
	printf("#   data_at %u data_after %u (N + 1)\n", t->data_at, t->data_after);
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

unsigned int stream_check(struct tset *s, const struct tsig *t,
			  const u8 *text, u32 len, seg_len_fn seg_len,
			  void *ctx, bool *nomem)
{
	struct rg_sm_dir dir = { 0 };
	struct feed_ctx f = { .s = s, .d = &dir };
	u32 pos = 0, state = 0, i, bad = 0;

	while (pos < len) {
		u32 n = rg_min_u32(seg_len(ctx, len - pos), len - pos);

		f.text.buf = text + pos;
		f.text.base = pos;
		f.text.len = n;
		/* as the module does (scan.c): long segments as two chains */
		(s->in_order ? rg_ac_scan_in_order : rg_ac_scan)
			(s->ac, &state, text + pos, n, on_content, &f);
		rg_sm_feed(&s->prog, &dir, &f.text, sig_done, &f);
		pos += n;
		for (i = 0; i < s->nsig; i++) {
			bool want = ref_match(&t[i], text, pos);

			if (f.matched[i] != want && !bad++) {
				printf("# sig %u: matched %d, reference %d at %u of \"%.*s\"\n",
				       i, f.matched[i], want, pos, (int)len, text);
				sig_diag(&t[i]);
			}
		}
	}
	*nomem = f.nomem;
	rg_sm_dir_free(&dir);
	return bad;
}
