// SPDX-License-Identifier: GPL-2.0
/*
 * Stream scanning: each direction of a session is fed to the signature
 * automaton in sequence order, each byte once, so a pattern split across
 * segments (or cut into one-byte segments) is found in the segment where
 * it ends.
 *
 * In order means: a segment that starts beyond the next byte to scan is
 * ahead of a gap; it is dropped while its direction is being scanned, and
 * the sender retransmits it once the gap is filled. Bytes already scanned
 * (a retransmission, an overlap) are skipped, once checked: a segment that
 * covers one of the last RG_SCAN_SEGS scanned ones must carry the bytes
 * scanned there (same keyed hash), else it is dropped, so that the first
 * bytes seen are the ones the receiver gets. Once a direction passes the
 * furthest stream offset any signature can still match at, it is not
 * scanned any more, so long transfers cost nothing after their start.
 *
 * Runs on the packet path with the scanner's lock (rg_scan.lock) held.
 */
#include <linux/minmax.h>
#include <linux/random.h>
#include <linux/skbuff.h>
#include "rstguard.h"
#include "core/seg_hash.h"

/* Key of the segment hashes: secret, so nobody can forge a collision. */
static struct rg_seg_hash_key rg_scan_hash_key __read_mostly;

void __init rg_scan_init(void)
{
	rg_seg_hash_key_init(&rg_scan_hash_key, get_random_u64());
}

struct scan_ctx {
	struct rg_net		*rn;
	struct rg_sigset	*set;
	struct rg_scan_dir	*d;
	struct rg_scan_hit	*hit;
	struct rg_sm_text	text;	/* the chunk being scanned */
	u16			server_port;
	u8			side;
	bool			nomem;
};

/* Signature @i matched: count it, note an alert, or stop at a threat. */
static int sig_matched(void *arg, u32 i)
{
	struct scan_ctx *x = arg;
	struct rg_sig *sig = &x->set->sigs[i];
	struct rg_scan_hit *hit = x->hit;

	atomic64_inc(&sig->hits);
	rg_stats_add(x->rn, RSTGUARD_STATS_A_SIG_MATCHES, 1);
	if (sig->action == RSTGUARD_SIG_ACTION_ALERT) {
		if (hit->nalerts < RG_SCAN_ALERTS)
			hit->alerts[hit->nalerts++] = sig->id;
		return 0;
	}
	hit->action = sig->action;
	hit->sig_id = sig->id;
	return 1;	/* the session ends: stop scanning */
}

static int on_match(void *arg, u32 id, size_t end)
{
	struct scan_ctx *x = arg;
	const struct rg_sm_content *ct = &x->set->contents[id];
	struct rg_sig *sig = &x->set->sigs[ct->sig];

	if ((sig->dir == RSTGUARD_SIG_DIR_TO_SERVER && x->side != RG_CLIENT) ||
	    (sig->dir == RSTGUARD_SIG_DIR_TO_CLIENT && x->side != RG_SERVER))
		return 0;
	if (x->server_port < sig->port_min || x->server_port > sig->port_max)
		return 0;
	switch (rg_sm_hit(&x->set->prog, &x->d->sm, &x->text, id,
			  x->text.base + (u32)end)) {
	case RG_SM_NONE:
		return 0;
	case RG_SM_NOMEM:
		x->nomem = true;
		return 1;
	default:
		return sig_matched(x, ct->sig);
	}
}

/*
 * A set was loaded or replaced since this session was last scanned: it
 * applies from here on, each direction scanned from its next segment with
 * data as if the session were picked up there (offset 0), past depths of
 * the old set or not. @side's segment at @seq is that next one.
 */
static void scan_restart(struct rg_net *rn, struct rg_scan *sc, u32 gen,
			 unsigned int side, u32 seq)
{
	unsigned int i;

	if (!sc->gen) {
		sc->gen = gen;	/* the first segment of a new session */
		return;
	}
	rg_stats_add(rn, RSTGUARD_STATS_A_SCAN_RESTARTS, 1);
	sc->gen = gen;
	for (i = RG_CLIENT; i <= RG_SERVER; i++) {
		struct rg_scan_dir *d = &sc->dir[i];

		d->state = 0;
		d->flags &= ~(RG_SCAN_BASED | RG_SCAN_DONE);
		rg_sm_dir_free(&d->sm);
	}
	rg_scan_base(sc, side, seq);
}

/* The session is gone: nobody else can see @sc. */
void rg_scan_free(struct rg_scan *sc)
{
	rg_sm_dir_free(&sc->dir[RG_CLIENT].sm);
	rg_sm_dir_free(&sc->dir[RG_SERVER].sm);
}

/* @side's stream begins at @seq (the byte after its SYN). */
void rg_scan_base(struct rg_scan *sc, unsigned int side, u32 seq)
{
	struct rg_scan_dir *d = &sc->dir[side];

	if (d->flags & RG_SCAN_BASED)
		return;		/* a retransmitted SYN */
	d->next = seq;
	d->off = 0;
	d->state = 0;
	d->flags |= RG_SCAN_BASED;
}

/* Will @side's next bytes be scanned? Caller holds sc->lock, rcu_read_lock(). */
bool rg_scan_pending(struct rg_net *rn, const struct rg_scan *sc,
		     unsigned int side)
{
	const struct rg_sigset *set = rcu_dereference(rn->sigs);
	u8 flags = sc->dir[side].flags;

	return set && (flags & RG_SCAN_BASED) &&
	       (!(flags & RG_SCAN_DONE) || sc->gen != set->gen);
}

/*
 * Will nothing of either direction be scanned any more, whatever comes?
 * True when no set is loaded, or each direction is past the set's depth
 * for it (a direction no signature looks at is past it from the start).
 * Caller holds the session's lock (then sc->lock, as scan_unlock() takes
 * them) and rcu_read_lock().
 */
bool rg_scan_finished(struct rg_net *rn, struct rg_scan *sc)
{
	const struct rg_sigset *set = rcu_dereference(rn->sigs);
	unsigned int side;
	bool done = true;

	if (!set)
		return true;
	spin_lock(&sc->lock);
	if (sc->gen && sc->gen != set->gen)
		done = false;	/* a new set: scanned from the next segment */
	for (side = RG_CLIENT; side <= RG_SERVER; side++)
		if (!(sc->dir[side].flags & RG_SCAN_DONE) &&
		    sc->dir[side].off < set->scan_end[side])
			done = false;
	spin_unlock(&sc->lock);
	return done;
}

/* Keyed hash of the @len bytes at @off of @skb. */
static u32 skb_range_hash(struct sk_buff *skb, unsigned int off, u32 len)
{
	struct skb_seq_state st;
	struct rg_seg_hash sh;
	unsigned int done = 0, chunk;
	const u8 *data;

	rg_seg_hash_init(&sh);
	skb_prepare_seq_read(skb, off, off + len, &st);
	while ((chunk = skb_seq_read(done, &data, &st)) != 0) {
		rg_seg_hash_update(&sh, &rg_scan_hash_key, data, chunk);
		done += chunk;
	}
	return rg_seg_hash_final(&sh, &rg_scan_hash_key);
}

/*
 * Do the @len bytes of @skb at @poff, sequence number @seq, all of them
 * scanned before, carry the bytes scanned, as far as the segments @d
 * remembers tell? Only segments the range covers whole can be checked.
 */
static bool retrans_same(const struct rg_scan_dir *d, struct sk_buff *skb,
			 unsigned int poff, u32 seq, u32 len)
{
	unsigned int i;

	for (i = 0; i < RG_SCAN_SEGS; i++) {
		const struct rg_scan_seg *g = &d->seg[i];
		u32 at = g->seq - seq;

		if (!g->len || at >= len || g->len > len - at)
			continue;
		if (skb_range_hash(skb, poff + at, g->len) != g->hash)
			return false;
	}
	return true;
}

/* Remember the segment just scanned, in place of the oldest. */
static void remember_segment(struct rg_scan_dir *d, u32 seq, u32 len,
			     const struct rg_seg_hash *sh)
{
	struct rg_scan_seg *g = &d->seg[d->seg_next];

	g->seq = seq;
	g->len = len;
	g->hash = rg_seg_hash_final(sh, &rg_scan_hash_key);
	d->seg_next = (d->seg_next + 1) % RG_SCAN_SEGS;
}

/*
 * Scan the @len payload bytes at @poff of @skb, stream sequence number
 * @seq, sent by @side; caller holds sc->lock and rcu_read_lock().
 * Returns RG_SCAN_DROP for a segment ahead of a gap or a retransmission
 * with other bytes than those scanned, RG_SCAN_THREAT when a
 * signature whose action is not alert matched (@hit says which), else
 * RG_SCAN_PASS (@hit may hold alerts).
 */
enum rg_scan_verdict rg_scan_segment(struct rg_net *rn, struct rg_scan *sc,
				     struct sk_buff *skb, unsigned int poff,
				     u32 seq, u32 len, unsigned int side,
				     u16 server_port, struct rg_scan_hit *hit)
{
	struct rg_sigset *set = rcu_dereference(rn->sigs);
	struct rg_scan_dir *d = &sc->dir[side];
	struct scan_ctx x = {
		.rn = rn, .set = set, .d = d, .hit = hit,
		.server_port = server_port, .side = side,
	};
	u32 state0 = d->state;
	int stop = 0;
	unsigned int consumed = 0, todo, chunk;
	struct skb_seq_state st;
	struct rg_seg_hash sh;
	const u8 *data;
	s32 rel;
	u32 skip;

	if (sc->halted)
		return RG_SCAN_DROP;	/* not blocked yet, already a threat */
	if (!set || !len || !(d->flags & RG_SCAN_BASED))
		return RG_SCAN_PASS;
	if (sc->gen != set->gen)
		scan_restart(rn, sc, set->gen, side, seq);
	rel = (s32)(seq - d->next);
	if (rel < 0 && !retrans_same(d, skb, poff, seq, min_t(u32, -rel, len))) {
		rg_stats_add(rn, RSTGUARD_STATS_A_SCAN_RETRANS_DIFFER, 1);
		return RG_SCAN_DROP;
	}
	if (d->flags & RG_SCAN_DONE)
		return RG_SCAN_PASS;
	if (rel > 0) {
		rg_stats_add(rn, RSTGUARD_STATS_A_SCAN_AHEAD_DROPPED, 1);
		return RG_SCAN_DROP;
	}
	skip = -rel;
	if (skip >= len)
		return RG_SCAN_PASS;	/* all scanned before */
	len -= skip;
	hit->seq = d->next;
	todo = set->scan_end[side] > d->off ?
	       min_t(u32, len, set->scan_end[side] - d->off) : 0;

	rg_seg_hash_init(&sh);
	if (todo)
		skb_prepare_seq_read(skb, poff + skip, poff + skip + todo, &st);
	while (todo && (chunk = skb_seq_read(consumed, &data, &st)) != 0) {
		chunk = min(chunk, todo - consumed);
		x.text.buf = data;
		x.text.base = d->off + consumed;
		x.text.len = chunk;
		/*
		 * A run's match needs the one before it first: in order,
		 * where a signature has several runs (or waits for bytes).
		 */
		stop = (set->in_order ? rg_ac_scan_in_order : rg_ac_scan)
			(set->ac, &d->state, data, chunk, on_match, &x);
		if (!stop && rg_sm_feed(&set->prog, &d->sm, &x.text,
					sig_matched, &x) == RG_SM_NOMEM)
			x.nomem = true;
		if (!stop && !x.nomem && hit->action != RSTGUARD_SIG_ACTION_ALERT)
			stop = 1;	/* a signature waiting for bytes matched */
		consumed += chunk;
		rg_seg_hash_update(&sh, &rg_scan_hash_key, data, chunk);
		if (stop || x.nomem) {
			skb_abort_seq_read(&st);
			break;
		}
	}
	rg_stats_add(rn, RSTGUARD_STATS_A_SCAN_BYTES, consumed);
	if (x.nomem) {
		/*
		 * The matcher's state could not grow: drop the segment
		 * rather than pass bytes unscanned; the sender retransmits
		 * it, and it is scanned again from where this one began.
		 */
		rg_stats_add(rn, RSTGUARD_STATS_A_SCAN_NOMEM, 1);
		d->state = state0;
		return RG_SCAN_DROP;
	}
	/* a threat ends the session: nothing more will be compared */
	if (consumed == todo && todo)
		remember_segment(d, d->next, todo, &sh);
	d->next += len;
	d->off = d->off > U32_MAX - len ? U32_MAX : d->off + len;
	if (d->off >= set->scan_end[side])
		d->flags |= RG_SCAN_DONE;
	if (hit->action == RSTGUARD_SIG_ACTION_ALERT)
		return RG_SCAN_PASS;
	sc->halted = true;
	return RG_SCAN_THREAT;
}
