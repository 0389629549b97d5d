// SPDX-License-Identifier: GPL-2.0
/*
 * Multi-content signatures over a stream: runs checked against a window of
 * the stream's last bytes, and the per-direction table of the runs that
 * matched. The design, and what is bounded, is in sig_match.h.
 *
 * Packet path: called with the session's scanner lock held, which protects
 * a struct rg_sm_dir and all it points to.
 */
#include "sig_match.h"

/* Table keys: a run's index + 1, or a signature waiting for isdataat bytes. */
#define KEY_PENDING	BIT(31)

struct rg_sm_slot {
	u32	key;		/* 0: free */
	u32	val;		/* a run: its first match's end; pending: the
				 * stream length it waits for (0: fired) */
};

struct rg_sm_tab {
	u32			cap;	/* a power of 2 */
	u32			used;
	struct rg_sm_slot	e[];
};

static size_t tab_bytes(u32 cap)
{
	return offsetof(struct rg_sm_tab, e) + cap * sizeof(struct rg_sm_slot);
}

static u32 tab_slot(const struct rg_sm_tab *t, u32 key)
{
	u32 i = (key * 2654435761U) & (t->cap - 1);

	while (t->e[i].key && t->e[i].key != key)
		i = (i + 1) & (t->cap - 1);
	return i;
}

/* The value at @key, 0 if none. */
static u32 tab_get(const struct rg_sm_tab *t, u32 key)
{
	return t ? t->e[tab_slot(t, key)].val : 0;
}

static struct rg_sm_tab *tab_new(u32 cap)
{
	struct rg_sm_tab *t;

	t = rg_alloc_atomic(tab_bytes(cap));
	if (t) {
		memset(t, 0, tab_bytes(cap));
		t->cap = cap;
	}
	return t;
}

/*
 * Set @key to @val if it has no value; a pending key keeps the smaller.
 * Grows the table (never evicts); false when that cannot be allocated.
 */
static bool tab_put(struct rg_sm_dir *d, u32 key, u32 val)
{
	struct rg_sm_tab *t = d->tab;
	u32 i;

	if (!t || (t->used + 1) * 4 > t->cap * 3) {
		struct rg_sm_tab *n = tab_new(t ? t->cap * 2 : 8);

		if (!n)
			return false;
		for (i = 0; t && i < t->cap; i++)
			if (t->e[i].key)
				n->e[tab_slot(n, t->e[i].key)] = t->e[i];
		n->used = t ? t->used : 0;
		rg_free_atomic(t);
		d->tab = n;
		t = n;
	}
	i = tab_slot(t, key);
	if (!t->e[i].key) {
		t->e[i].key = key;
		t->used++;
	}
	if (!t->e[i].val || ((key & KEY_PENDING) && val < t->e[i].val))
		t->e[i].val = val;
	return true;
}

/* Checking a signature's contents, and their layout */

/* Index of the last content of the run that starts at @a. */
static unsigned int run_end(const struct rg_sm_def *c, unsigned int n,
			    unsigned int a)
{
	while (a + 1 < n && c[a + 1].relative && c[a + 1].within)
		a++;
	return a;
}

/*
 * What the run a..b can span, first byte to last: consecutive ends are at
 * most |distance| + within + len apart, and a content starts at most its
 * length before its end.
 */
static u32 run_span(const struct rg_sm_def *c, unsigned int a, unsigned int b)
{
	u32 span = 0, len = c[a].len;
	unsigned int i;

	for (i = a + 1; i <= b; i++) {
		span += (u32)(c[i].distance < 0 ? -c[i].distance : c[i].distance) +
			c[i].within + c[i].len;
		len = rg_max_u32(len, c[i].len);
	}
	return span + len;
}

static bool run_negative(const struct rg_sm_def *c, unsigned int a,
			 unsigned int b)
{
	unsigned int i;

	for (i = a + 1; i <= b; i++)
		if (c[i].distance < 0)
			return true;
	return false;
}

const char *rg_sm_check(const struct rg_sm_def *c, unsigned int n,
			bool data_after)
{
	unsigned int i, a, b;

	if (!n || n > RG_SM_CONTENTS_MAX)
		return "a signature has 1 to 8 contents";
	if (c[0].relative)
		return "the first content cannot be relative";
	for (i = 0; i < n; i++) {
		if (!c[i].relative)
			continue;
		if (c[i].offset || c[i].depth)
			return "a relative content cannot have offset or depth";
		if (c[i].within && c[i].within < c[i].len)
			return "within is less than the content's length";
		if (c[i].distance < -65535 || c[i].distance > 65535)
			return "distance is out of range";
		if (c[i].distance < 0 && !c[i].within)
			return "a negative distance needs within";
	}
	for (a = 0; a < n; a = b + 1) {
		b = run_end(c, n, a);
		if (run_span(c, a, b) > RG_SM_SPAN_MAX)
			return "relative contents span more than 2048 bytes";
		if (!run_negative(c, a, b))
			continue;
		if (b + 1 < n && c[b + 1].relative)
			return "distance without within after a negative distance";
		if (b + 1 == n && data_after)
			return "isdataat after a negative distance";
	}
	return NULL;
}

static u32 add_sat(u32 a, s64 b)
{
	s64 v = (s64)a + b;

	if (a == U32_MAX || v >= U32_MAX)
		return U32_MAX;
	return v < 0 ? 0 : (u32)v;
}

u32 rg_sm_layout(const struct rg_sm_def *c, unsigned int n, u32 *run,
		 struct rg_sm_content *out, bool *simple)
{
	u32 furthest = 0, end = 0, nruns = 0;
	unsigned int a, b, i;

	for (a = 0; a < n; a = b + 1) {
		bool neg;
		u32 span;

		b = run_end(c, n, a);
		neg = run_negative(c, a, b);
		span = run_span(c, a, b);
		for (i = a; i <= b; i++) {
			struct rg_sm_content *o = &out[i];

			o->len = c[i].len;
			o->pos = i;
			o->run_first = a;
			o->run = *run + nruns;
			o->span = span;
			o->flags = 0;
			if (c[i].relative) {
				o->distance = c[i].distance;
				o->within = c[i].within;
				o->offset = 0;
				o->end_max = U32_MAX;
				/* a later end: at most distance + within */
				end = c[i].within ?
				      add_sat(end, (s64)c[i].distance + c[i].within) :
				      U32_MAX;
			} else {
				o->flags |= RG_SM_HEAD;
				o->distance = 0;
				o->within = 0;
				o->offset = c[i].offset;
				o->end_max = c[i].depth ?
					     add_sat(c[i].offset, c[i].depth) : U32_MAX;
				end = o->end_max;
			}
			if (neg)
				o->flags |= RG_SM_NEGATIVE | RG_SM_TRIGGER;
			furthest = rg_max_u32(furthest, end);
		}
		out[b].flags |= RG_SM_RUN_END | RG_SM_TRIGGER;
		if (b + 1 == n || !c[b + 1].relative)
			out[b].flags |= RG_SM_GROUP_END;
		nruns++;
	}
	*run += nruns;
	*simple = nruns == 1;
	return furthest;
}

/* The window: the stream's last bytes, and two bitmaps over them */

static u32 bitmap_words(u32 window)
{
	return (window + 1 + 63) / 64;
}

/*
 * d->win: the stream offset of its first byte (before it, nothing is
 * known), in a word of its own; the two bitmaps; the ring.
 */
static u32 *win_from(const struct rg_sm_dir *d)
{
	return (u32 *)d->win;
}

static u64 *bitmap(const struct rg_sm_prog *p, const struct rg_sm_dir *d,
		   unsigned int which)
{
	return (u64 *)d->win + 1 + which * bitmap_words(p->window);
}

static u8 *ring(const struct rg_sm_prog *p, const struct rg_sm_dir *d)
{
	return (u8 *)(bitmap(p, d, 2));
}

static size_t win_size(const struct rg_sm_prog *p)
{
	return rg_sm_window_bytes(p->window);
}

static bool win_alloc(const struct rg_sm_prog *p, struct rg_sm_dir *d,
		      u32 from)
{
	if (d->win)
		return true;
	d->win = rg_alloc_atomic(win_size(p));
	if (!d->win)
		return false;
	*win_from(d) = from;
	return true;
}

struct verify {
	const struct rg_sm_prog		*p;
	const struct rg_sm_dir		*d;
	const struct rg_sm_text		*t;
	const struct rg_sm_content	*c;	/* the signature's contents */
	u32				lo, e;	/* end positions in [lo, e] */
	u32				from;	/* no byte before this one */
};

static u8 byte_at(const struct verify *v, u32 pos)
{
	if (pos >= v->t->base)
		return v->t->buf[pos - v->t->base];
	return ring(v->p, v->d)[pos % v->p->window];
}

static u8 fold(u8 b)
{
	return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
}

/* Does content @k occur, ending at stream offset @x? */
static bool occurs(const struct verify *v, unsigned int k, u32 x)
{
	const struct rg_sm_content *c = &v->c[k];
	const u8 *want = v->p->blob + c->bytes;
	u32 i, start;

	if (x < c->len || x - c->len < v->from)
		return false;
	start = x - c->len;
	for (i = 0; i < c->len; i++) {
		u8 b = byte_at(v, start + i);

		if (c->nocase ? fold(b) != fold(want[i]) : b != want[i])
			return false;
	}
	return true;
}

static bool test_bit64(const u64 *map, u32 i)
{
	return map[i / 64] >> (i % 64) & 1;
}

/*
 * dst = the ends x in [lo, e] where content @k occurs and src has an end
 * in [x + off_lo, x + off_hi]. The count of src's ends in that range
 * slides along with x. Returns whether dst is not empty.
 */
static bool step(const struct verify *v, const u64 *src, u64 *dst,
		 unsigned int k, s64 off_lo, s64 off_hi)
{
	u32 nbits = v->e - v->lo + 1, i;
	s64 lo = v->lo, hi = v->e, y;
	u32 count = 0;
	bool any = false;

	memset(dst, 0, 8 * bitmap_words(nbits - 1));
	for (y = lo + off_lo; y <= lo + off_hi; y++)
		if (y >= lo && y <= hi && test_bit64(src, y - lo))
			count++;
	for (i = 0; i < nbits; i++) {
		s64 x = lo + i;

		if (i) {
			y = x + off_lo - 1;	/* leaves the range */
			if (y >= lo && y <= hi && test_bit64(src, y - lo))
				count--;
			y = x + off_hi;		/* enters it */
			if (y >= lo && y <= hi && test_bit64(src, y - lo))
				count++;
		}
		if (count && occurs(v, k, x)) {
			dst[i / 64] |= 1ULL << (i % 64);
			any = true;
		}
	}
	return any;
}

/* May the run's first content end at @x? */
static bool first_ok(const struct rg_sm_content *a, u32 x, u32 prev_end)
{
	u32 start = x - a->len;

	if (a->flags & RG_SM_HEAD)
		return start >= a->offset && x <= a->end_max;
	return (s64)start >= (s64)prev_end + a->distance;
}

/*
 * Has the run of content @j (of the signature whose contents are @c) a
 * match in which @j ends at @e and nothing ends later? @prev_end: the
 * earliest end of the run before, if this one follows an unbounded link.
 */
static bool run_matches(const struct rg_sm_prog *p, const struct rg_sm_dir *d,
			const struct rg_sm_text *t,
			const struct rg_sm_content *c, unsigned int j, u32 e,
			u32 prev_end)
{
	struct verify v = { .p = p, .d = d, .t = t, .c = c, .e = e };
	unsigned int a = c[j].run_first, k;
	u64 *cur, *nxt, *tmp;
	u32 i, nbits;

	if (a == j && (c[j].flags & RG_SM_RUN_END))
		return first_ok(&c[j], e, prev_end);	/* one content */
	v.from = d->win ? *win_from(d) : t->base;
	v.lo = e > c[j].span ? e - c[j].span : 0;
	nbits = e - v.lo + 1;
	cur = bitmap(p, d, 0);
	nxt = bitmap(p, d, 1);

	/* back to the run's first content */
	memset(cur, 0, 8 * bitmap_words(nbits - 1));
	cur[(nbits - 1) / 64] |= 1ULL << ((nbits - 1) % 64);
	for (k = j; k > a; k--) {
		if (!step(&v, cur, nxt, k - 1,
			  (s64)c[k].len + c[k].distance,
			  (s64)c[k].distance + c[k].within))
			return false;
		tmp = cur, cur = nxt, nxt = tmp;
	}
	for (i = 0; i < nbits; i++)
		if (test_bit64(cur, i) && first_ok(&c[a], v.lo + i, prev_end))
			break;
	if (i == nbits)
		return false;

	/* on to its last one, ending no later than @e */
	memset(cur, 0, 8 * bitmap_words(nbits - 1));
	cur[(nbits - 1) / 64] |= 1ULL << ((nbits - 1) % 64);
	for (k = j; !(c[k].flags & RG_SM_RUN_END); k++) {
		if (!step(&v, cur, nxt, k + 1,
			  -((s64)c[k + 1].distance + c[k + 1].within),
			  -((s64)c[k + 1].len + c[k + 1].distance)))
			return false;
		tmp = cur, cur = nxt, nxt = tmp;
	}
	return true;
}

/* Matching */

enum rg_sm_result rg_sm_hit(const struct rg_sm_prog *p, struct rg_sm_dir *d,
			    const struct rg_sm_text *t, u32 cid, u32 end)
{
	const struct rg_sm_content *ct = &p->contents[cid];
	const struct rg_sm_sig *sig = &p->sigs[ct->sig];
	const struct rg_sm_content *c = &p->contents[sig->content];
	u32 prev_end = 0, need, i, last = ct->pos;

	if (!(ct->flags & RG_SM_TRIGGER))
		return RG_SM_NONE;
	if (!(c[ct->run_first].flags & RG_SM_HEAD)) {
		/* after an unbounded link: the run before must have matched */
		prev_end = tab_get(d->tab, ct->run);	/* its key: run - 1 + 1 */
		if (!prev_end)
			return RG_SM_NONE;
	}
	if (!(ct->run_first == ct->pos && (ct->flags & RG_SM_RUN_END)) &&
	    !win_alloc(p, d, t->base))
		return RG_SM_NOMEM;
	if (!run_matches(p, d, t, c, ct->pos, end, prev_end))
		return RG_SM_NONE;
	if (sig->simple)
		return RG_SM_MATCH;
	if (!tab_put(d, ct->run + 1, end))
		return RG_SM_NOMEM;
	while (!(c[last].flags & RG_SM_RUN_END))
		last++;		/* a run with a negative distance */
	if (!(c[last].flags & RG_SM_GROUP_END))
		return RG_SM_NONE;
	for (i = 0; i < sig->ncontent; i++)
		if ((c[i].flags & RG_SM_GROUP_END) &&
		    !tab_get(d->tab, c[i].run + 1))
			return RG_SM_NONE;
	/* every group has matched: are the bytes isdataat asks for here? */
	need = sig->data_at;
	if (sig->data_after)
		need = rg_max_u32(need,
				  add_sat(tab_get(d->tab,
						  c[sig->ncontent - 1].run + 1),
					  sig->data_after));
	if (need <= t->base + t->len)
		return RG_SM_MATCH;
	if (!tab_put(d, KEY_PENDING | ct->sig, need))
		return RG_SM_NOMEM;
	if (!d->pending || need < d->pending)
		d->pending = need;
	return RG_SM_NONE;
}

enum rg_sm_result rg_sm_feed(const struct rg_sm_prog *p, struct rg_sm_dir *d,
			     const struct rg_sm_text *t,
			     int (*fn)(void *ctx, u32 sig), void *ctx)
{
	u32 have = t->base + t->len, i, n, next = 0;
	struct rg_sm_tab *tab = d->tab;

	if (p->window && t->len) {
		u8 *r;

		if (!win_alloc(p, d, t->base))
			return RG_SM_NOMEM;
		r = ring(p, d);
		n = rg_min_u32(t->len, p->window);
		for (i = t->len - n; i < t->len; i++)
			r[(t->base + i) % p->window] = t->buf[i];
	}
	if (!d->pending || d->pending > have)
		return RG_SM_NONE;
	for (i = 0; tab && i < tab->cap; i++) {
		u32 val = tab->e[i].val;

		if (!(tab->e[i].key & KEY_PENDING) || !val)
			continue;
		if (val > have) {
			next = next && next < val ? next : val;
			continue;
		}
		tab->e[i].val = 0;	/* fired; a later match may wait again */
		if (fn(ctx, tab->e[i].key & ~KEY_PENDING)) {
			next = 1;	/* look again next time */
			break;
		}
	}
	d->pending = next;
	return RG_SM_NONE;
}

void rg_sm_dir_free(struct rg_sm_dir *d)
{
	rg_free_atomic(d->win);
	rg_free_atomic(d->tab);
	d->win = NULL;
	d->tab = NULL;
	d->pending = 0;
}

size_t rg_sm_window_bytes(u32 window)
{
	return window ? 8 * (1 + 2 * bitmap_words(window)) + window : 0;
}

size_t rg_sm_table_bytes_max(u32 keys)
{
	u32 cap = 8;

	/* tab_put() grows at three quarters full */
	while (keys && keys * 4 > cap * 3)
		cap *= 2;
	return keys ? tab_bytes(cap) : 0;
}

size_t rg_sm_dir_size(const struct rg_sm_prog *p, const struct rg_sm_dir *d)
{
	return (d->win ? win_size(p) : 0) +
	       (d->tab ? tab_bytes(d->tab->cap) : 0);
}
