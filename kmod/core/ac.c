// SPDX-License-Identifier: GPL-2.0
/*
 * Aho-Corasick automaton: compilation. ac.h says what the design is and
 * why, ac_layout.h what the memory looks like; this file says how it is
 * built. Scanning is in ac_scan.c.
 *
 * Compilation, all loops bounded by the input and the RG_AC_MAX_* limits:
 *  1. validate the patterns, sort them (case-sensitive ones by their bytes,
 *     nocase ones by their folded bytes) and insert them into two tries in
 *     that order, so that insertion never searches a child list;
 *  2. byte classes: two bytes share a class when no pattern position tells
 *     them apart;
 *  3. failure links of each trie, breadth-first;
 *  4. the automaton's states: pairs (case-sensitive node, folded node)
 *     reachable from the root, breadth-first, each with its forward edges
 *     (those that make the match one byte longer) and its failure link;
 *  5. layout (ac_emit.c): dense rows for the hot shallow states, sparse
 *     records for the rest, output records, all in one allocation.
 */
#include "ac_build.h"

/* An output record holds a pattern count and a depth in one word. */
static_assert(!(RG_AC_MAX_PATTERNS & ~R_COUNT), "count field too narrow");
static_assert(!(RG_AC_MAX_LEN >> (32 - R_DEPTH_SHIFT)), "depth too narrow");

static u8 fold(u8 b)
{
	return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
}

static bool nocase(const struct rg_ac_pattern *p)
{
	return p->flags & RG_AC_NOCASE;
}

/* The byte a pattern contributes to its trie at position @i. */
static u8 key_at(const struct rg_ac_pattern *p, u32 i)
{
	return nocase(p) ? fold(p->bytes[i]) : p->bytes[i];
}

/* Case-sensitive before nocase, then by trie bytes, a prefix first. */
static int pat_cmp(const struct rg_ac_pattern *a, const struct rg_ac_pattern *b)
{
	u32 i, n = rg_min_u32(a->len, b->len);

	if (nocase(a) != nocase(b))
		return nocase(a) ? 1 : -1;
	for (i = 0; i < n; i++) {
		u8 x = key_at(a, i), y = key_at(b, i);

		if (x != y)
			return x < y ? -1 : 1;
	}
	return a->len < b->len ? -1 : a->len > b->len;
}

static void sift_down(u32 *a, u32 root, u32 n, const struct rg_ac_pattern *p)
{
	for (;;) {
		u32 child = 2 * root + 1, t;

		if (child >= n)
			return;
		if (child + 1 < n && pat_cmp(&p[a[child]], &p[a[child + 1]]) < 0)
			child++;
		if (pat_cmp(&p[a[root]], &p[a[child]]) >= 0)
			return;
		t = a[root];
		a[root] = a[child];
		a[child] = t;
		root = child;
	}
}

/* Heapsort: no recursion, no extra memory, n log n comparisons. */
static void sort_patterns(u32 *a, u32 n, const struct rg_ac_pattern *p)
{
	u32 i, t;

	for (i = n / 2; i-- > 0;)
		sift_down(a, i, n, p);
	for (i = n; i-- > 1;) {
		t = a[0];
		a[0] = a[i];
		a[i] = t;
		sift_down(a, 0, i, p);
	}
}

void *rg_ac_alloc_array(u64 count, size_t elem)
{
	u64 bytes = count * elem;

	if (!count || bytes > RG_AC_MAX_SIZE * 4ULL)
		return NULL;
	return rg_alloc((size_t)bytes);
}

/* Grows an array from @old to @cnt elements, keeping its contents. */
static bool regrow(void *pp, u32 old, u32 cnt, size_t elem)
{
	void **p = pp;
	void *n = rg_ac_alloc_array(cnt, elem);

	if (!n)
		return false;
	if (*p)
		memcpy(n, *p, (size_t)old * elem);
	rg_free(*p);
	*p = n;
	return true;
}

static int trie_alloc(struct rg_ac_trie *t, u32 nodes)
{
	t->first = rg_ac_alloc_array(nodes, sizeof(u32));
	t->sib = rg_ac_alloc_array(nodes, sizeof(u32));
	t->kid_start = rg_ac_alloc_array(nodes + 1ULL, sizeof(u32));
	t->kid = rg_ac_alloc_array(nodes, sizeof(u32));
	t->fail = rg_ac_alloc_array(nodes, sizeof(u32));
	t->term = rg_ac_alloc_array(nodes, sizeof(u32));
	t->byte = rg_ac_alloc_array(nodes, 1);
	t->depth = rg_ac_alloc_array(nodes, 1);
	if (!t->first || !t->sib || !t->kid_start || !t->kid || !t->fail ||
	    !t->term || !t->byte || !t->depth)
		return -RG_AC_ERR_NOMEM;
	return 0;
}

static void trie_free(struct rg_ac_trie *t)
{
	rg_free(t->first);
	rg_free(t->sib);
	rg_free(t->kid_start);
	rg_free(t->kid);
	rg_free(t->fail);
	rg_free(t->term);
	rg_free(t->byte);
	rg_free(t->depth);
}

static u32 trie_new_node(struct rg_ac_trie *t, u8 byte, u8 depth)
{
	u32 y = t->n++;

	t->first[y] = NONE;
	t->sib[y] = NONE;
	t->term[y] = NONE;
	t->byte[y] = byte;
	t->depth[y] = depth;
	return y;
}

/*
 * Inserts patterns order[0..cnt), sorted by pat_cmp(). Each one shares its
 * first l bytes with the previous one and needs new nodes for the rest;
 * the new child of path[l] sorts after all children that node has, and the
 * last of them is the previous pattern's node at depth l + 1 (if that
 * pattern was longer than l: a prefix sorts first, so a shorter one has no
 * child there yet). Children lists thus come out sorted, with no search.
 */
static void trie_insert_sorted(struct rg_ac_builder *b, struct rg_ac_trie *t,
			       const u32 *order, u32 cnt)
{
	const struct rg_ac_pattern *prev = NULL;
	u32 k, d, *path = b->path;

	path[0] = trie_new_node(t, 0, 0);
	for (k = 0; k < cnt; k++) {
		const struct rg_ac_pattern *p = &b->pats[order[k]];
		u32 l = 0;

		if (prev) {
			u32 m = rg_min_u32(prev->len, p->len);

			while (l < m && key_at(prev, l) == key_at(p, l))
				l++;
		}
		for (d = l; d < p->len; d++) {
			u32 y = trie_new_node(t, key_at(p, d), (u8)(d + 1));

			if (d == l && prev && prev->len > l)
				t->sib[path[l + 1]] = y;
			else
				t->first[path[d]] = y;
			path[d + 1] = y;
		}
		b->pnext[order[k]] = t->term[path[p->len]];
		t->term[path[p->len]] = order[k];
		prev = p;
	}
}

static u32 trie_child(const struct rg_ac_trie *t, u32 x, u8 c)
{
	u32 lo = t->kid_start[x], hi = t->kid_start[x + 1];

	if (!x)
		return t->root[c];
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		u8 mb = t->byte[t->kid[mid]];

		if (mb == c)
			return t->kid[mid];
		if (mb < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NONE;
}

/* Aho-Corasick transition: at most depth(x) + 1 rounds, each shallower. */
static u32 trie_goto(const struct rg_ac_trie *t, u32 x, u8 c)
{
	for (;;) {
		u32 y = trie_child(t, x, c);

		if (y != NONE)
			return y;
		if (!x)
			return 0;
		x = t->fail[x];
	}
}

/* Children arrays sorted by byte, then failure links breadth-first. */
static void trie_finish(struct rg_ac_trie *t)
{
	u32 x, y, pos = 0, head = 0, tail = 0;
	u32 *queue = t->first;	/* reused: the lists are no longer needed */

	for (x = 0; x < 256; x++)
		t->root[x] = NONE;
	for (x = 0; x < t->n; x++) {
		t->kid_start[x] = pos;
		for (y = t->first[x]; y != NONE; y = t->sib[y]) {
			t->kid[pos++] = y;
			if (!x)
				t->root[t->byte[y]] = y;
		}
	}
	t->kid_start[t->n] = pos;

	t->fail[0] = 0;
	queue[tail++] = 0;
	while (head < tail) {
		u32 i;

		x = queue[head++];
		for (i = t->kid_start[x]; i < t->kid_start[x + 1]; i++) {
			y = t->kid[i];
			t->fail[y] = x ? trie_goto(t, t->fail[x], t->byte[y]) : 0;
			queue[tail++] = y;
		}
	}
}

/*
 * Byte classes. What a byte does depends only on which case-sensitive
 * pattern byte it is (if any) and which folded nocase byte it is (if any),
 * so bytes with the same pair share a class. 256 * 256 compares at most.
 */
static void make_classes(struct rg_ac_builder *b)
{
	u8 used[256];
	u32 x, y;

	memset(used, 0, sizeof(used));
	for (x = 1; x < b->cs.n; x++)
		used[b->cs.byte[x]] |= 1;
	for (x = 1; x < b->nc.n; x++)
		used[b->nc.byte[x]] |= 2;
	for (x = 0; x < 256; x++) {
		u32 cs = used[x] & 1 ? x + 1 : 0;
		u32 nc = used[fold(x)] & 2 ? fold(x) + 1U : 0;

		b->sig[x] = cs << 9 | nc;
	}
	b->ncls = 0;
	for (x = 0; x < 256; x++) {
		for (y = 0; y < x && b->sig[y] != b->sig[x]; y++)
			;
		if (y < x) {
			b->cls[x] = b->cls[y];
		} else {
			b->cls[x] = (u8)b->ncls;
			b->rep[b->ncls++] = (u8)x;
		}
	}
	/* a letter's class, or itself when both cases share it */
	for (x = 0; x < b->ncls; x++) {
		y = b->rep[x];
		if ((y | 0x20) >= 'a' && (y | 0x20) <= 'z')
			y ^= 0x20;
		b->other_case[x] = b->cls[y];
	}
}

static u32 hash_pair(u32 u, u32 v)
{
	u32 h = u * 0x9e3779b1U ^ (v + 0x7f4a7c15U) * 0x85ebca77U;

	return h ^ h >> 15;
}

static u32 pair_find(const struct rg_ac_builder *b, u32 u, u32 v)
{
	u32 i = hash_pair(u, v) & b->hmask;

	/* at most half full: an empty slot ends the probe */
	for (;; i = (i + 1) & b->hmask) {
		u32 s = b->hash[i];

		if (!s)
			return NONE;
		if (b->pu[s - 1] == u && b->pv[s - 1] == v)
			return s - 1;
	}
}

static void pair_hash_put(struct rg_ac_builder *b, u32 x)
{
	u32 i = hash_pair(b->pu[x], b->pv[x]) & b->hmask;

	while (b->hash[i])
		i = (i + 1) & b->hmask;
	b->hash[i] = x + 1;
}

/* Room for @need states; the hash table stays at most half full. */
static int pairs_reserve(struct rg_ac_builder *b, u32 need)
{
	u32 cap, hsize = 1, x;

	if (need <= b->pcap)
		return 0;
	if (need > RG_AC_MAX_STATES)
		return -RG_AC_ERR_STATES;
	cap = rg_min_u32(rg_max_u32(need, 2 * b->pcap), RG_AC_MAX_STATES);
	if (!regrow(&b->pu, b->np, cap, sizeof(u32)) ||
	    !regrow(&b->pv, b->np, cap, sizeof(u32)) ||
	    !regrow(&b->pfail, b->np, cap, sizeof(u32)) ||
	    !regrow(&b->ppar, b->np, cap, sizeof(u32)) ||
	    !regrow(&b->pcreat, b->np, cap, sizeof(u32)) ||
	    !regrow(&b->pedge, b->np, cap + 1, sizeof(u32)) ||
	    !regrow(&b->pdepth, b->np, cap, 1))
		return -RG_AC_ERR_NOMEM;
	b->pcap = cap;

	while (hsize < 2 * cap)
		hsize *= 2;
	rg_free(b->hash);
	b->hash = rg_ac_alloc_array(hsize, sizeof(u32));
	if (!b->hash)
		return -RG_AC_ERR_NOMEM;
	memset(b->hash, 0, (size_t)hsize * sizeof(u32));
	b->hmask = hsize - 1;
	for (x = 0; x < b->np; x++)
		pair_hash_put(b, x);
	return 0;
}

static int edges_reserve(struct rg_ac_builder *b, u32 need)
{
	u32 cap;

	if (need <= b->ecap)
		return 0;
	/* an edge costs more than a word of the automaton */
	if (need > RG_AC_MAX_SIZE / 4)
		return -RG_AC_ERR_SIZE;
	cap = rg_min_u32(rg_max_u32(need, 2 * b->ecap), RG_AC_MAX_SIZE / 4);
	if (!regrow(&b->eto, b->ne, cap, sizeof(u32)) ||
	    !regrow(&b->ecls, b->ne, cap, 1))
		return -RG_AC_ERR_NOMEM;
	b->ecap = cap;
	return 0;
}

/*
 * The forward edge of state @x on class @c, creating its target if new.
 * The target's failure link is the failure's transition on @c (classic
 * Aho-Corasick); it is shallower, so it already exists.
 */
static int add_edge(struct rg_ac_builder *b, u32 x, u32 c)
{
	u8 r = b->rep[c];
	u32 u = trie_goto(&b->cs, b->pu[x], r);
	u32 v = trie_goto(&b->nc, b->pv[x], fold(r));
	u32 y = pair_find(b, u, v), f = 0;
	int err;

	if (rg_max_u32(b->cs.depth[u], b->nc.depth[v]) != b->pdepth[x] + 1U)
		return -RG_AC_ERR_INTERNAL;
	if (y == NONE) {
		if (x) {
			u32 fx = b->pfail[x];

			f = pair_find(b, trie_goto(&b->cs, b->pu[fx], r),
				      trie_goto(&b->nc, b->pv[fx], fold(r)));
			if (f == NONE)
				return -RG_AC_ERR_INTERNAL;
		}
		err = pairs_reserve(b, b->np + 1);
		if (err)
			return err;
		y = b->np++;
		b->pu[y] = u;
		b->pv[y] = v;
		b->pdepth[y] = b->pdepth[x] + 1;
		b->pfail[y] = f;
		b->ppar[y] = x;
		b->pcreat[y] = b->ne;
		pair_hash_put(b, y);
	}
	err = edges_reserve(b, b->ne + 1);
	if (err)
		return err;
	b->eto[b->ne] = y;
	b->ecls[b->ne++] = (u8)c;
	return 0;
}

/* Sets in @mark (256 bits) the classes of the children of trie node @x. */
static void mark_kids(const struct rg_ac_builder *b, const struct rg_ac_trie *t, u32 x,
		      bool both_cases, u32 *mark)
{
	u32 i;

	for (i = t->kid_start[x]; i < t->kid_start[x + 1]; i++) {
		u8 c = t->byte[t->kid[i]];

		mark[b->cls[c] / 32] |= 1U << (b->cls[c] % 32);
		if (both_cases && c >= 'a' && c <= 'z') {
			c -= 'a' - 'A';
			mark[b->cls[c] / 32] |= 1U << (b->cls[c] % 32);
		}
	}
}

/*
 * States breadth-first from the root (so by depth). A state of depth l has
 * a forward edge on each class that extends whichever of its trie nodes is
 * l deep; the other transitions are its failure link's.
 */
static int build_states(struct rg_ac_builder *b)
{
	u32 x;
	int err;

	err = pairs_reserve(b, b->cs.n + b->nc.n);
	if (!err)
		err = edges_reserve(b, b->cs.n + b->nc.n);
	if (err)
		return err;
	b->pu[0] = 0;
	b->pv[0] = 0;
	b->pdepth[0] = 0;
	b->pfail[0] = 0;
	b->ppar[0] = NONE;
	b->pcreat[0] = NONE;
	b->np = 1;
	pair_hash_put(b, 0);

	for (x = 0; x < b->np; x++) {
		u32 u = b->pu[x], v = b->pv[x], l = b->pdepth[x], i;
		u32 mark[8];

		memset(mark, 0, sizeof(mark));

		b->pedge[x] = b->ne;
		if (b->cs.depth[u] == l)
			mark_kids(b, &b->cs, u, false, mark);
		if (b->nc.depth[v] == l)
			mark_kids(b, &b->nc, v, true, mark);
		for (i = 0; i < 8; i++) {
			while (mark[i]) {
				u32 c = i * 32 + __builtin_ctz(mark[i]);

				mark[i] &= mark[i] - 1;
				err = add_edge(b, x, c);
				if (err)
					return err;
			}
		}
	}
	b->pedge[b->np] = b->ne;
	return 0;
}

/* Patterns ending exactly at the depth of @x: count, and ids if @ids. */
u32 rg_ac_own_output(const struct rg_ac_builder *b, u32 x, u32 *ids)
{
	u32 n = 0, p, l = b->pdepth[x];

	if (l && b->cs.depth[b->pu[x]] == l)
		for (p = b->cs.term[b->pu[x]]; p != NONE; p = b->pnext[p]) {
			if (ids)
				ids[n] = b->pats[p].id;
			n++;
		}
	if (l && b->nc.depth[b->pv[x]] == l)
		for (p = b->nc.term[b->pv[x]]; p != NONE; p = b->pnext[p]) {
			if (ids)
				ids[n] = b->pats[p].id;
			n++;
		}
	return n;
}

static void builder_free(struct rg_ac_builder *b)
{
	trie_free(&b->cs);
	trie_free(&b->nc);
	rg_free(b->order);
	rg_free(b->pnext);
	rg_free(b->pu);
	rg_free(b->pv);
	rg_free(b->pfail);
	rg_free(b->ppar);
	rg_free(b->pcreat);
	rg_free(b->pedge);
	rg_free(b->pdepth);
	rg_free(b->eto);
	rg_free(b->ecls);
	rg_free(b->hash);
	rg_free(b->off);
	rg_free(b->head);
	rg_free(b->stack);
	rg_free(b->match);
	rg_free(b->far);
	rg_free(b->dense);
	rg_free(b->refs);
	rg_free(b->seq);
	rg_free(b->succ);
	rg_free(b);
}

static int build(struct rg_ac_builder *b, struct rg_ac **acp, u32 cs_bytes,
		 u32 nc_bytes, u32 maxlen)
{
	u32 i, ncs = 0, n = b->npats;
	int err;

	b->order = rg_ac_alloc_array(n ? n : 1, sizeof(u32));
	b->pnext = rg_ac_alloc_array(n ? n : 1, sizeof(u32));
	if (!b->order || !b->pnext)
		return -RG_AC_ERR_NOMEM;
	for (i = 0; i < n; i++) {
		b->order[i] = i;
		ncs += !nocase(&b->pats[i]);
	}
	sort_patterns(b->order, n, b->pats);

	err = trie_alloc(&b->cs, cs_bytes + 1);
	if (!err)
		err = trie_alloc(&b->nc, nc_bytes + 1);
	if (err)
		return err;
	trie_insert_sorted(b, &b->cs, b->order, ncs);
	trie_insert_sorted(b, &b->nc, b->order + ncs, n - ncs);
	trie_finish(&b->cs);
	trie_finish(&b->nc);
	make_classes(b);

	err = build_states(b);
	if (err)
		return err;
	return rg_ac_emit(b, acp, cs_bytes + nc_bytes, maxlen);
}

int rg_ac_compile(struct rg_ac **acp, const struct rg_ac_pattern *pats,
		  u32 n, u32 *bad)
{
	u32 i, cs_bytes = 0, nc_bytes = 0, maxlen = 0;
	struct rg_ac_builder *b;
	u64 total = 0;
	int err;

	*acp = NULL;
	if (bad)
		*bad = n;
	if (n > RG_AC_MAX_PATTERNS)
		return -RG_AC_ERR_COUNT;
	for (i = 0; i < n; i++) {
		const struct rg_ac_pattern *p = &pats[i];

		err = 0;
		if (!p->len)
			err = RG_AC_ERR_EMPTY;
		else if (p->len > RG_AC_MAX_LEN)
			err = RG_AC_ERR_LEN;
		else if (p->flags & ~RG_AC_FLAGS_ALL)
			err = RG_AC_ERR_FLAGS;
		if (err) {
			if (bad)
				*bad = i;
			return -err;
		}
		total += p->len;
		if (total > RG_AC_MAX_TOTAL)
			return -RG_AC_ERR_TOTAL;
		if (nocase(p))
			nc_bytes += p->len;
		else
			cs_bytes += p->len;
		maxlen = rg_max_u32(maxlen, p->len);
	}

	b = rg_alloc(sizeof(*b));
	if (!b)
		return -RG_AC_ERR_NOMEM;
	memset(b, 0, sizeof(*b));
	b->pats = pats;
	b->npats = n;
	err = build(b, acp, cs_bytes, nc_bytes, maxlen);
	builder_free(b);
	return err;
}

