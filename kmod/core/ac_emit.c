// SPDX-License-Identifier: GPL-2.0
/*
 * Aho-Corasick automaton, second half of compilation: which states get
 * dense rows, in what order the sparse records go, and writing it all into
 * the one allocation that ac_layout.h describes. ac.c builds the states.
 */
#include "ac_build.h"
#include "ac_skip.h"

/*
 * Dense rows (see choose_dense()) fit in max(DENSE_MIN_WORDS,
 * DENSE_WORDS_PER_BYTE * pattern bytes) words: a few bytes per pattern byte
 * at most (the memory goal is 16), and the root and its children always.
 */
#define DENSE_MIN_WORDS		65536U
#define DENSE_WORDS_PER_BYTE	1

/* Bytes of struct rg_ac before its words. */
#define AC_HEAD			offsetof(struct rg_ac, w)

static void sift_down_key(u32 *a, u32 root, u32 n, const u32 *key)
{
	for (;;) {
		u32 child = 2 * root + 1, t;

		if (child >= n)
			return;
		if (child + 1 < n && key[a[child + 1]] < key[a[child]])
			child++;
		if (key[a[root]] <= key[a[child]])
			return;
		t = a[root];
		a[root] = a[child];
		a[child] = t;
		root = child;
	}
}

/* Heapsort of indices by descending key[]. */
static void sort_by_key(u32 *a, u32 n, const u32 *key)
{
	u32 i, t;

	for (i = n / 2; i-- > 0;)
		sift_down_key(a, i, n, key);
	for (i = n; i-- > 1;) {
		t = a[0];
		a[0] = a[i];
		a[i] = t;
		sift_down_key(a, 0, i, key);
	}
}

/*
 * Dense rows: the root and every depth-1 state (text keeps coming back to
 * them), then depth-2 states that are most often a failure link's target,
 * while the rows fit in the budget. A row is copied from its failure link's
 * row, which is therefore dense too.
 */
static u32 choose_dense(struct rg_ac_builder *b, u64 budget)
{
	u64 row = b->ncls + 1, used = row;
	u32 x, n = 1, ncand = 0, *cand = b->stack;

	memset(b->dense, 0, b->np);
	b->dense[0] = 1;
	for (x = 1; x < b->np && b->pdepth[x] == 1 && used + row <= budget;
	     x++, n++, used += row)
		b->dense[x] = 1;
	for (; x < b->np && b->pdepth[x] <= RG_AC_DENSE_DEPTH; x++)
		if (b->dense[b->pfail[x]])
			cand[ncand++] = x;
	sort_by_key(cand, ncand, b->refs);
	for (x = 0; x < ncand && used + row <= budget; x++, n++, used += row)
		b->dense[cand[x]] = 1;
	return n;
}

/* Zone 0: states that are failure targets, placed first to be in reach. */
static u32 zone(const struct rg_ac_builder *b, u32 x)
{
	return !b->refs[x];
}

/*
 * Order of the sparse records: per zone, depth-first over the tree of
 * creating edges, first tree child first. A state's implicit child is
 * whichever of its children ends up right after it.
 */
static void order_sparse(struct rg_ac_builder *b)
{
	u32 n = 0, z, x, y, e, sp;

	for (z = 0; z < 2; z++) {
		sp = 0;
		for (x = b->np; x-- > 1;)
			if (!b->dense[x] && zone(b, x) == z &&
			    (b->dense[b->ppar[x]] || zone(b, b->ppar[x]) != z))
				b->stack[sp++] = x;
		while (sp) {
			x = b->stack[--sp];
			b->seq[n++] = x;
			for (e = b->pedge[x + 1]; e-- > b->pedge[x];) {
				y = b->eto[e];
				if (b->pcreat[y] == e && !b->dense[y] &&
				    zone(b, y) == z)
					b->stack[sp++] = y;
			}
		}
	}
	b->nseq = n;
	for (x = 0; x < b->np; x++)
		b->succ[x] = NONE;
	for (x = 0; x + 1 < n; x++)
		b->succ[b->seq[x]] = b->seq[x + 1];
}

/*
 * The implicit edge of @x: one to the record placed right after it, if
 * any. *@case2 is the edge on the other-case class to the same child,
 * which the implicit one then covers too, or NONE.
 */
static u32 implicit_edge(const struct rg_ac_builder *b, u32 x, u32 *case2)
{
	u32 e, e2, y = b->succ[x];

	*case2 = NONE;
	for (e = b->pedge[x]; y != NONE && e < b->pedge[x + 1]; e++) {
		if (b->eto[e] != y)
			continue;
		for (e2 = e + 1; e2 < b->pedge[x + 1]; e2++)
			if (b->eto[e2] == y &&
			    b->ecls[e2] == b->other_case[b->ecls[e]])
				*case2 = e2;
		return e;
	}
	return NONE;
}

/*
 * Words of the sparse record of @x, and its explicit children in *@nexp.
 * b->far[x] must be set: whether the failure link needs a word of its own.
 */
static u32 record_words(const struct rg_ac_builder *b, u32 x, u32 *nexp)
{
	u32 case2, impl = implicit_edge(b, x, &case2) != NONE, n;

	*nexp = b->pedge[x + 1] - b->pedge[x] - impl - (case2 != NONE);
	n = 1 + b->far[x] + (b->match[x] == MATCH_OWN) + *nexp;
	return n > H_SIZE_MASK ? n + 1 : n;
}

/*
 * Word offsets of every state: dense rows without output, dense rows with
 * output, sparse records in order_sparse() order. A failure link fits in
 * the header when its target is already placed below H_FAIL_FAR.
 */
static u64 place_states(struct rg_ac_builder *b)
{
	u32 x, i, nexp;
	u64 cur = 0;

	for (x = 0; x < b->np; x++)
		b->off[x] = NONE;
	for (x = 0; x < b->np; x++)
		if (b->dense[x] && !b->match[x]) {
			b->off[x] = (u32)cur;
			cur += b->ncls;
		}
	b->plain_end = (u32)cur;
	for (x = 0; x < b->np; x++)
		if (b->dense[x] && b->match[x]) {
			b->off[x] = (u32)cur;
			cur += b->ncls + 1;
		}
	b->dense_end = (u32)cur;

	for (i = 0; i < b->nseq; i++) {
		u32 f;

		x = b->seq[i];
		f = b->off[b->pfail[x]];
		b->off[x] = (u32)cur;
		b->far[x] = f == NONE || f >= H_FAIL_FAR;
		cur += record_words(b, x, &nexp);
		if (cur > RG_AC_MAX_STATE_WORDS)
			return cur;
	}
	return cur;
}

static void write_dense(const struct rg_ac_builder *b, u32 *w, u32 x)
{
	u32 *row = &w[b->off[x]], e;

	if (x)
		memcpy(row, &w[b->off[b->pfail[x]]], b->ncls * sizeof(u32));
	else
		memset(row, 0, b->ncls * sizeof(u32));
	for (e = b->pedge[x]; e < b->pedge[x + 1]; e++)
		row[b->ecls[e]] = b->off[b->eto[e]];
	if (b->match[x])
		row[b->ncls] = b->head[x];
}

static void write_sparse(const struct rg_ac_builder *b, u32 *w, u32 x)
{
	u32 s = b->off[x], case2, impl = implicit_edge(b, x, &case2);
	u32 nexp, e, k = s + 1, size = record_words(b, x, &nexp);
	u32 fail = b->off[b->pfail[x]];

	w[s] = (b->far[x] ? H_FAIL_FAR : fail) << H_FAIL_SHIFT;
	if (size <= H_SIZE_MASK)
		w[s] |= size << H_SIZE_SHIFT;
	else
		w[k++] = size;
	if (impl != NONE)
		w[s] |= H_IMPLICIT | b->ecls[impl];
	if (case2 != NONE)
		w[s] |= H_CASE2;
	if (b->match[x])
		w[s] |= H_MATCH;
	if (b->far[x])
		w[k++] = fail;
	if (b->match[x] == MATCH_OWN) {
		w[s] |= H_OWN;
		w[k++] = b->head[x];
	}
	for (e = b->pedge[x]; e < b->pedge[x + 1]; e++)
		if (e != impl && e != case2)
			w[k++] = b->off[b->eto[e]] << E_TO_SHIFT | b->ecls[e];
}

int rg_ac_emit(struct rg_ac_builder *b, struct rg_ac **acp, u32 total, u32 maxlen)
{
	u32 np = b->np, ndense, x, n, skip_m, skip_bits, skip_fold;
	u64 budget, cur, words, skip_at;
	struct rg_ac *ac;

	b->off = rg_ac_alloc_array(np, sizeof(u32));
	b->head = rg_ac_alloc_array(np, sizeof(u32));
	b->stack = rg_ac_alloc_array(np, sizeof(u32));
	b->match = rg_ac_alloc_array(np, 1);
	b->far = rg_ac_alloc_array(np, 1);
	b->dense = rg_ac_alloc_array(np, 1);
	b->refs = rg_ac_alloc_array(np, sizeof(u32));
	b->seq = rg_ac_alloc_array(np, sizeof(u32));
	b->succ = rg_ac_alloc_array(np, sizeof(u32));
	if (!b->off || !b->head || !b->stack || !b->match || !b->far ||
	    !b->dense || !b->refs || !b->seq || !b->succ)
		return -RG_AC_ERR_NOMEM;
	memset(b->refs, 0, np * sizeof(u32));
	for (x = 1; x < np; x++)
		b->refs[b->pfail[x]]++;
	for (x = 0; x < np; x++)
		if (rg_ac_own_output(b, x, NULL))
			b->match[x] = MATCH_OWN;
		else
			b->match[x] = x && b->match[b->pfail[x]] ?
				      MATCH_INHERITED : 0;

	budget = rg_max_u32(DENSE_MIN_WORDS, DENSE_WORDS_PER_BYTE * total);
	ndense = choose_dense(b, budget);
	order_sparse(b);
	cur = place_states(b);
	if (cur > RG_AC_MAX_STATE_WORDS)
		return -RG_AC_ERR_SIZE;

	/* output records after the states, in breadth-first order */
	words = cur;
	for (x = 0; x < np && words <= RG_AC_MAX_SIZE / 4; x++) {
		n = rg_ac_own_output(b, x, NULL);
		if (n) {
			b->head[x] = (u32)words;
			words += 2 + n;
		} else {
			b->head[x] = x ? b->head[b->pfail[x]] : NONE;
		}
	}
	skip_m = rg_ac_skip_window(b);
	skip_bits = skip_m ? rg_ac_skip_bits(b, skip_m) : 0;
	skip_fold = rg_ac_skip_fold(b);
	skip_at = words;
	if (skip_m)
		words += (1U << skip_bits) / sizeof(u32);
	if (words > (RG_AC_MAX_SIZE - AC_HEAD) / 4)
		return -RG_AC_ERR_SIZE;

	ac = rg_alloc(AC_HEAD + words * sizeof(u32));
	if (!ac)
		return -RG_AC_ERR_NOMEM;
	memset(ac, 0, AC_HEAD);
	ac->magic = RG_AC_MAGIC;
	ac->ncls = b->ncls;
	ac->plain_end = b->plain_end;
	ac->dense_end = b->dense_end;
	ac->state_words = (u32)cur;
	ac->states = np;
	ac->dense_states = ndense;
	ac->patterns = b->npats;
	ac->pattern_bytes = total;
	ac->max_len = maxlen;
	ac->skip_m = skip_m;
	ac->skip_bits = skip_bits;
	ac->skip_fold = skip_fold;
	ac->skip_at = (u32)skip_at;
	ac->size = AC_HEAD + words * sizeof(u32);
	memcpy(ac->cls, b->cls, sizeof(ac->cls));
	memcpy(ac->other_case, b->other_case, sizeof(ac->other_case));

	/* rows without output first, each after its failure link's */
	for (x = 0; x < np; x++)
		if (b->dense[x] && !b->match[x])
			write_dense(b, ac->w, x);
	for (x = 0; x < np; x++)
		if (b->dense[x] && b->match[x])
			write_dense(b, ac->w, x);
	for (x = 0; x < np; x++)
		if (!b->dense[x])
			write_sparse(b, ac->w, x);
	for (x = 1; x < np; x++) {
		u32 r = b->head[x];

		if (r == NONE || r == b->head[b->pfail[x]])
			continue;	/* no output of its own */
		ac->w[r] = b->head[b->pfail[x]];
		ac->w[r + 1] = rg_ac_own_output(b, x, &ac->w[r + 2]) |
			       (u32)b->pdepth[x] << R_DEPTH_SHIFT;
	}
	if (skip_m)
		rg_ac_skip_fill(b, (u8 *)&ac->w[skip_at], skip_m, skip_bits,
				skip_fold);
	*acp = ac;
	return 0;
}

