// SPDX-License-Identifier: GPL-2.0
/*
 * Aho-Corasick automaton: scanning, and the small accessors. The packet
 * path: no allocation, no recursion, a bounded amount of work per byte.
 * The layout it walks is described in ac_layout.h.
 */
#include "ac_layout.h"
#include "ac_skip.h"

#ifndef likely
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#endif

void rg_ac_free(struct rg_ac *ac)
{
	rg_free(ac);
}

const char *rg_ac_strerror(int err)
{
	static const char *const msg[__RG_AC_ERR_MAX] = {
		[RG_AC_OK]		= "success",
		[RG_AC_ERR_NOMEM]	= "out of memory",
		[RG_AC_ERR_COUNT]	= "too many patterns",
		[RG_AC_ERR_EMPTY]	= "empty pattern",
		[RG_AC_ERR_LEN]		= "pattern too long",
		[RG_AC_ERR_FLAGS]	= "unknown pattern flags",
		[RG_AC_ERR_TOTAL]	= "too many pattern bytes in all",
		[RG_AC_ERR_STATES]	= "automaton has too many states",
		[RG_AC_ERR_SIZE]	= "automaton too large",
		[RG_AC_ERR_INTERNAL]	= "internal error in the automaton compiler",
	};

	if (err < 0)
		err = -err;
	return err < __RG_AC_ERR_MAX ? msg[err] : "unknown error";
}

void rg_ac_get_info(const struct rg_ac *ac, struct rg_ac_info *info)
{
	info->size = ac->size;
	info->patterns = ac->patterns;
	info->pattern_bytes = ac->pattern_bytes;
	info->states = ac->states;
	info->dense_states = ac->dense_states;
	info->classes = ac->ncls;
	info->max_len = ac->max_len;
	info->skip_window = ac->skip_m;
}

static u32 rec_size(const u32 *w, u32 s, u32 h)
{
	u32 size = h >> H_SIZE_SHIFT & H_SIZE_MASK;

	return likely(size) ? size : w[s + 1];
}

/* Offset of the word after the header, size word and far failure word. */
static u32 rec_body(u32 s, u32 h)
{
	return s + 1 + !(h & (H_SIZE_MASK << H_SIZE_SHIFT)) +
	       (h >> H_FAIL_SHIFT == H_FAIL_FAR);
}

static u32 rec_fail(const u32 *w, u32 s, u32 h)
{
	u32 f = h >> H_FAIL_SHIFT;

	if (likely(f != H_FAIL_FAR))
		return f;
	return w[s + 1 + !(h & (H_SIZE_MASK << H_SIZE_SHIFT))];
}

/* The explicit child of the record at @s on class @c, or RG_AC_NONE. */
static u32 explicit_child(const u32 *w, u32 s, u32 h, u32 c)
{
	u32 lo = rec_body(s, h) + !!(h & H_OWN), hi = s + rec_size(w, s, h);

	/* ascending classes: halve long lists, then a short scan */
	while (hi - lo > 8) {
		u32 mid = lo + (hi - lo) / 2;

		if ((w[mid] & E_CLS) <= c)
			lo = mid;
		else
			hi = mid;
	}
	for (; lo < hi; lo++) {
		u32 e = w[lo];

		if ((e & E_CLS) >= c)
			return (e & E_CLS) == c ? e >> E_TO_SHIFT : RG_AC_NONE;
	}
	return RG_AC_NONE;
}

/*
 * Transition out of a sparse state: the implicit child, an explicit one, or
 * the failure link and again. Each failure is shallower and the root is
 * dense, so this ends within max_len rounds.
 */
static u32 sparse_step(const struct rg_ac *ac, u32 s, u32 c)
{
	const u32 *w = ac->w;

	for (;;) {
		u32 h = w[s], t;

		if ((h & H_IMPLICIT) &&
		    ((h & H_CLS0) == c ||
		     ((h & H_CASE2) && ac->other_case[h & H_CLS0] == c)))
			return s + rec_size(w, s, h);
		t = explicit_child(w, s, h, c);
		if (t != RG_AC_NONE)
			return t;
		s = rec_fail(w, s, h);
		if (s < ac->dense_end)
			return w[s + c];
	}
}

/*
 * First output record of a state with output: a dense row's, its own, or
 * (inherited) that of the nearest state with one up its failure chain.
 * Each link is shallower, so at most max_len rounds.
 */
static u32 first_record(const struct rg_ac *ac, u32 s)
{
	const u32 *w = ac->w;

	for (;;) {
		u32 h;

		if (s < ac->dense_end)
			return w[s + ac->ncls];
		h = w[s];
		if (h & H_OWN)
			return w[rec_body(s, h)];
		s = rec_fail(w, s, h);
	}
}

/*
 * Reports the output chain starting at record @r, as far as its patterns
 * are longer than @min_len. Each record belongs to a shallower state than
 * the one before, so there are at most max_len of them.
 */
static int report(const struct rg_ac *ac, u32 r, size_t end, u32 min_len,
		  rg_ac_match_fn fn, void *ctx)
{
	const u32 *w = ac->w;

	while (r != RG_AC_NONE && w[r + 1] >> R_DEPTH_SHIFT > min_len) {
		u32 i, n = w[r + 1] & R_COUNT;

		for (i = 0; i < n; i++) {
			int ret = fn(ctx, w[r + 2 + i], end);

			if (ret)
				return ret;
		}
		r = w[r];
	}
	return 0;
}

static bool has_output(const struct rg_ac *ac, u32 s)
{
	return s >= ac->plain_end &&
	       (s < ac->dense_end || (ac->w[s] & H_MATCH));
}

static inline u32 next_state(const struct rg_ac *ac, u32 s, u32 c)
{
	return likely(s < ac->dense_end) ? ac->w[s + c] : sparse_step(ac, s, c);
}

/*
 * Reports what state @s outputs, as ending at @end, as far as longer than
 * @min_len. Non-zero: the callback said stop.
 */
static inline int emit(const struct rg_ac *ac, u32 s, size_t end, u32 min_len,
		       rg_ac_match_fn fn, void *ctx)
{
	if (likely(s < ac->plain_end) || !has_output(ac, s))
		return 0;
	return report(ac, first_record(ac, s), end, min_len, fn, ctx);
}

/*
 * The filter's table and how to index it; whether blocks are folded is a
 * constant of each copy of the sampling loop (skip_to_candidate()).
 */
struct skip_filter {
	const u8	*table;
	u32		mask;
};

/* The entry of @block, already folded if the set folds. */
static inline u32 skip_entry(const struct skip_filter *f, u32 block)
{
	return f->table[rg_ac_skip_hash(block, f->mask)];
}

#define NO_START	((size_t)-1)

/*
 * The sample at @q has entry @e: which place at or before it, where its
 * block sits in some pattern's window, may start a pattern? The first
 * such place, or NO_START. Bit j of @e (j < stride) says the block is at
 * offset j of some pattern, so a start at q - j; bit 0 is a start itself.
 */
static __always_inline size_t sample_start(const struct skip_filter *f,
					   const u8 *buf, size_t q, u32 e,
					   const u32 fold)
{
	u32 j;

	for (j = RG_AC_SKIP_MAX_WINDOW - RG_AC_SKIP_BLOCK; j > 0; j--)
		if ((e & RG_AC_SKIP_AT(j)) &&
		    (skip_entry(f, rg_load_le32(buf + q - j) | fold) &
		     RG_AC_SKIP_AT(0)))
			return q - j;
	return (e & RG_AC_SKIP_AT(0)) ? q : NO_START;
}

/*
 * Where the automaton has to take over, from @from on (no pattern that
 * starts before @from can still match): the first place where a pattern
 * may start; or, with *@tail set, the first place the samples could not
 * rule out before the end of the buffer (the automaton then runs to the
 * end, so that the state stored for the next buffer is right).
 *
 * The samples are @stride (m - 3) apart, the first m - 4 bytes after
 * @from, so every place from @from on is covered by the sample at most
 * m - 4 bytes after it (ac_skip.c). Four at a time, from two 8-byte loads,
 * then one at a time near the end.
 */
static __always_inline size_t skip_stride(const struct skip_filter *f,
					  const u8 *buf, size_t from,
					  size_t len, bool *tail,
					  const size_t stride, const u32 fold)
{
	const size_t before = stride - 1;	/* places covered before a sample */
	const size_t group = 2 * stride + sizeof(u64);	/* bytes four read */
	const u8 *at = buf + from + before, *end = buf + len;
	size_t p = NO_START;
	u32 e;

	for (; group <= (size_t)(end - at); at += 4 * stride) {
		u64 v = rg_load_le64(at), w = rg_load_le64(at + 2 * stride);
		u32 e0 = skip_entry(f, (u32)v | fold);
		u32 e1 = skip_entry(f, (u32)(v >> (8 * stride)) | fold);
		u32 e2 = skip_entry(f, (u32)w | fold);
		u32 e3 = skip_entry(f, (u32)(w >> (8 * stride)) | fold);

		if (likely(!(e0 | e1 | e2 | e3)))
			continue;
		if (e0)
			p = sample_start(f, buf, at - buf, e0, fold);
		if (p == NO_START && e1)
			p = sample_start(f, buf, at - buf + stride, e1, fold);
		if (p == NO_START && e2)
			p = sample_start(f, buf, at - buf + 2 * stride, e2, fold);
		if (p == NO_START && e3)
			p = sample_start(f, buf, at - buf + 3 * stride, e3, fold);
		if (p != NO_START)
			return p;
	}
	for (; sizeof(u32) <= (size_t)(end - at); at += stride) {
		e = skip_entry(f, rg_load_le32(at) | fold);
		if (e)
			p = sample_start(f, buf, at - buf, e, fold);
		if (p != NO_START)
			return p;
	}
	*tail = true;
	return at - buf - before;
}

static size_t skip_to_candidate(const struct rg_ac *ac, const u8 *buf,
				size_t from, size_t len, bool *tail)
{
	const struct skip_filter f = {
		.table = (const u8 *)&ac->w[ac->skip_at],
		.mask = (1U << ac->skip_bits) - 1,
	};
	const size_t stride = ac->skip_m - RG_AC_SKIP_BLOCK + 1;

	/* stride and folding as constants: shifts and steps in the loop are */
	if (ac->skip_fold) {
		if (stride == 2)
			return skip_stride(&f, buf, from, len, tail, 2, RG_AC_SKIP_FOLD);
		if (stride == 3)
			return skip_stride(&f, buf, from, len, tail, 3, RG_AC_SKIP_FOLD);
		return skip_stride(&f, buf, from, len, tail, 4, RG_AC_SKIP_FOLD);
	}
	if (stride == 2)
		return skip_stride(&f, buf, from, len, tail, 2, 0);
	if (stride == 3)
		return skip_stride(&f, buf, from, len, tail, 3, 0);
	return skip_stride(&f, buf, from, len, tail, 4, 0);
}

/*
 * Scanning with the skip filter (ac_skip.c). The automaton runs from the
 * flow's state until it is on a dense row (depth <= RG_AC_DENSE_DEPTH):
 * then whatever may still be under way began at most that many bytes ago,
 * and the filter samples on from there. Where the filter stops, the
 * automaton restarts from the root: a pattern may begin there, and none
 * begins in what was skipped. It runs at least a window's length, then
 * until a dense row again. The last bytes of the buffer always go through
 * the automaton, so that the state stored for the next buffer is right.
 *
 * Nothing is reported twice: the automaton passes are disjoint but for
 * the RG_AC_DENSE_DEPTH (2) bytes a restart goes back, and no match fits
 * in those: with the filter on, every pattern is at least 5 bytes long.
 */
static int scan_skip(const struct rg_ac *ac, u32 *state, const u8 *buf,
		     size_t len, rg_ac_match_fn fn, void *ctx)
{
	const u8 *cls = ac->cls;
	const u32 dense = ac->dense_end, m = ac->skip_m;
	size_t i = 0, until = RG_AC_DENSE_DEPTH;
	u32 a = *state;
	bool tail = false;
	int ret;

	for (;;) {
		while (i < len) {
			a = next_state(ac, a, cls[buf[i++]]);
			ret = emit(ac, a, i, 0, fn, ctx);
			if (unlikely(ret))
				goto stop;
			if (a < dense && i >= until)
				break;
		}
		if (i >= len)
			break;
		i = skip_to_candidate(ac, buf, i - RG_AC_DENSE_DEPTH, len, &tail);
		a = 0;
		/* a candidate: at least a window; else the end, whole */
		until = tail ? len : i + m;
	}
	*state = a;
	return 0;
stop:
	*state = 0;
	return ret;
}

/*
 * Splitting pays when the chains stay on dense rows. Where they keep
 * falling into sparse records (text against thousands of patterns), one
 * chain is faster: the slow path's branches then follow one chain's
 * history instead of two mixed. So the first PROBE bytes go as one chain,
 * and the rest is split only if at most PROBE_SPARSE of them were sparse,
 * and if at least SPLIT_MIN bytes remain.
 */
#define PROBE		64
#define PROBE_SPARSE	8
#define SPLIT_MIN	128

/*
 * A table walk waits for each load before the next, so one chain leaves
 * most of the core idle. Long enough buffers are scanned as two chains at
 * once: A over the first half from the flow's state, B over the second
 * half from the root, in lockstep while both are on dense rows without
 * output (a chain that leaves them runs alone until it is back).
 *
 * B alone misses what began before the middle and may be in a shallower
 * state; so A then goes on past the middle, reporting only matches longer
 * than what it has read there, until its state provably equals B's (its
 * depth is at most the bytes read past the middle: then its whole window
 * is in B's half). That is usually a few bytes.
 */
static int scan(const struct rg_ac *ac, u32 *state, const u8 *buf,
		size_t len, rg_ac_match_fn fn, void *ctx, bool split)
{
	const u32 *w = ac->w;
	const u8 *cls = ac->cls;
	const u32 plain = ac->plain_end, dense = ac->dense_end;
	size_t i, mid, j;
	u32 a = *state, b = 0, sparse = 0;
	int ret;

	if (a >= ac->state_words)
		a = 0;
	if (ac->skip_m) {
		*state = a;
		return scan_skip(ac, state, buf, len, fn, ctx);
	}
	for (i = 0; i < len && i < PROBE;) {
		sparse += a >= dense;
		a = next_state(ac, a, cls[buf[i++]]);
		ret = emit(ac, a, i, 0, fn, ctx);
		if (unlikely(ret))
			goto stop;
	}
	if (!split || len - i < SPLIT_MIN || sparse > PROBE_SPARSE) {
		while (i < len) {
			a = next_state(ac, a, cls[buf[i++]]);
			ret = emit(ac, a, i, 0, fn, ctx);
			if (unlikely(ret))
				goto stop;
		}
		*state = a;
		return 0;
	}

	mid = i + (len - i) / 2;
	j = mid;
	while (i < mid && j < len) {
		if (likely(a < plain && b < plain)) {
			a = w[a + cls[buf[i++]]];
			b = w[b + cls[buf[j++]]];
			ret = emit(ac, a, i, 0, fn, ctx);
			if (!ret)
				ret = emit(ac, b, j, 0, fn, ctx);
			if (unlikely(ret))
				goto stop;
			continue;
		}
		while (a >= plain && i < mid) {
			a = next_state(ac, a, cls[buf[i++]]);
			ret = emit(ac, a, i, 0, fn, ctx);
			if (unlikely(ret))
				goto stop;
		}
		while (b >= plain && j < len) {
			b = next_state(ac, b, cls[buf[j++]]);
			ret = emit(ac, b, j, 0, fn, ctx);
			if (unlikely(ret))
				goto stop;
		}
	}
	for (; i < mid; i++) {
		a = next_state(ac, a, cls[buf[i]]);
		ret = emit(ac, a, i + 1, 0, fn, ctx);
		if (unlikely(ret))
			goto stop;
	}
	for (; j < len; j++) {
		b = next_state(ac, b, cls[buf[j]]);
		ret = emit(ac, b, j + 1, 0, fn, ctx);
		if (unlikely(ret))
			goto stop;
	}

	/* A past the middle, until it provably is where B is */
	for (i = mid; i < len; i++) {
		u32 seen = (u32)(i - mid + 1);

		a = next_state(ac, a, cls[buf[i]]);
		if (!a || (a < dense && seen >= RG_AC_DENSE_DEPTH) ||
		    seen >= ac->max_len)
			break;
		ret = emit(ac, a, i + 1, seen, fn, ctx);
		if (unlikely(ret))
			goto stop;
	}
	*state = i < len ? b : a;
	return 0;
stop:
	*state = 0;
	return ret;
}

int rg_ac_scan(const struct rg_ac *ac, u32 *state, const u8 *buf, size_t len,
	       rg_ac_match_fn fn, void *ctx)
{
	return scan(ac, state, buf, len, fn, ctx, true);
}

int rg_ac_scan_in_order(const struct rg_ac *ac, u32 *state, const u8 *buf,
			size_t len, rg_ac_match_fn fn, void *ctx)
{
	return scan(ac, state, buf, len, fn, ctx, false);
}
