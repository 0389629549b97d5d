// SPDX-License-Identifier: GPL-2.0
/*
 * Scanner state for sessions that began while no signature was loaded.
 *
 * Such a session is a plain 136-byte entry with no room for the scanner.
 * Once a set is loaded, its next segment with data gives it scanner state
 * here, in a table of its own keyed by the entry's address, and sets
 * RG_SESS_SIDE_SCAN; from there on it is scanned as a session picked up at
 * that segment. Sessions that nothing scans keep their size, and this
 * table holds only those that began unscanned and carried data since.
 *
 * One table for all namespaces (its keys are entries, which are unique).
 * An entry is added under the session's lock, looked up under RCU, and
 * removed when the session is freed, after its grace period: nobody else
 * can reach the session then, but a lookup for another one may still walk
 * past the entry, so it is freed after a grace period of its own.
 */
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include "rstguard.h"

struct rg_scan_side {
	struct rhash_head		node;
	const struct rg_session		*s;	/* the key */
	struct rcu_head			rcu;
	struct rg_scan			scan;
};

static const struct rhashtable_params rg_side_params = {
	.head_offset		= offsetof(struct rg_scan_side, node),
	.key_offset		= offsetof(struct rg_scan_side, s),
	.key_len		= sizeof(const struct rg_session *),
	.automatic_shrinking	= true,
};

static struct rhashtable rg_side_ht;

int __init rg_scan_side_init(void)
{
	return rhashtable_init(&rg_side_ht, &rg_side_params);
}

/* After every session is freed (and rcu_barrier()): the table is empty. */
void rg_scan_side_exit(void)
{
	rhashtable_destroy(&rg_side_ht);
}

/*
 * @s's scanner state, inline or here; NULL if none. It lives as long as
 * @s does: the caller holds s->lock, or RCU for @s.
 */
struct rg_scan *rg_session_scanner(const struct rg_session *s)
{
	struct rg_scan_side *side;

	if (s->flags & RG_SESS_SCAN)
		return rg_session_scan(s);
	if (!(s->flags & RG_SESS_SIDE_SCAN))
		return NULL;
	side = rhashtable_lookup_fast(&rg_side_ht, &s, rg_side_params);
	return side ? &side->scan : NULL;
}

/*
 * Give @s scanner state here; caller holds s->lock (which orders this with
 * the other direction's packets) and rcu_read_lock(). NULL when it cannot
 * be allocated.
 */
struct rg_scan *rg_scan_side_add(struct rg_net *rn, struct rg_session *s)
{
	struct rg_scan_side *side;

	lockdep_assert_held(&s->lock);
	side = kzalloc(sizeof(*side), GFP_ATOMIC | __GFP_NOWARN);
	if (!side)
		goto nomem;
	side->s = s;
	spin_lock_init(&side->scan.lock);
	if (rhashtable_lookup_insert_fast(&rg_side_ht, &side->node,
					  rg_side_params)) {
		kfree(side);
		goto nomem;
	}
	s->flags |= RG_SESS_SIDE_SCAN;
	return &side->scan;
nomem:
	rg_stats_add(rn, RSTGUARD_STATS_A_SCAN_NOMEM, 1);
	return NULL;
}

/* @s is being freed: nobody else can reach it. */
void rg_scan_side_free(struct rg_session *s)
{
	struct rg_scan_side *side;

	rcu_read_lock();
	side = rhashtable_lookup(&rg_side_ht, &s, rg_side_params);
	if (side && !rhashtable_remove_fast(&rg_side_ht, &side->node,
					    rg_side_params)) {
		rg_scan_free(&side->scan);
		kfree_rcu(side, rcu);
	}
	rcu_read_unlock();
}
