// SPDX-License-Identifier: GPL-2.0
/*
 * The session table of a network namespace: an rhashtable keyed by the
 * canonical tuple with a keyed siphash, lockless lookups under RCU, and
 * per-bucket locks (inside rhashtable) for inserts and removals. rhashtable
 * grows and shrinks with the number of entries, so lookups stay flat from a
 * handful of sessions to millions.
 *
 * Lifetime of an entry: inserted by the packet path; ended exactly once by
 * whoever first sets RG_SESS_DEAD under its lock (packet path, GC, netlink);
 * that caller unlinks it and frees it after an RCU grace period.
 */
#include <linux/slab.h>
#include <linux/siphash.h>
#include "rstguard.h"

/* PREEMPT_RT's spinlock_t is an rt_mutex (32 bytes): 168 there */
static_assert(IS_ENABLED(CONFIG_DEBUG_SPINLOCK) ||
	      IS_ENABLED(CONFIG_DEBUG_LOCK_ALLOC) ||
	      IS_ENABLED(CONFIG_PREEMPT_RT) ||
	      sizeof(struct rg_session) <= 136,
	      "a session must fit in 136 bytes");
static_assert(sizeof(struct rg_key) == 40, "struct rg_key has no holes");

/* By what an entry carries: [RG_SESS_SCAN?1:0 | RG_SESS_CT?2:0] */
static struct kmem_cache *rg_session_caches[4] __read_mostly;
static siphash_key_t rg_hash_key __read_mostly;

/*
 * Wall clock and jiffies read together at load: a session's start is this
 * epoch plus jiffies, so every record of a session says the same start even
 * when jiffies drift from the clocksource or the wall clock is stepped.
 */
static u64 rg_epoch_real_ns __read_mostly;
static u64 rg_epoch_jiffies __read_mostly;

static unsigned int cache_index(bool scan, bool ct)
{
	return scan | ct << 1;
}

void rg_session_cache_exit(void)
{
	unsigned int i;

	/* Wait for the call_rcu() frees still queued. */
	rcu_barrier();
	for (i = 0; i < ARRAY_SIZE(rg_session_caches); i++)
		kmem_cache_destroy(rg_session_caches[i]);
}

int __init rg_session_cache_init(void)
{
	static const struct {
		const char	*name;
		unsigned int	size;
	} kinds[] = {
		{ "rg_session", sizeof(struct rg_session) },
		{ "rg_session_scan", sizeof(struct rg_session_scan) },
		{ "rg_session_ct", sizeof(struct rg_session_with_ct) },
		{ "rg_session_scan_ct", sizeof(struct rg_session_scan_ct) },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		rg_session_caches[i] = kmem_cache_create(kinds[i].name,
							 kinds[i].size,
							 __alignof__(struct rg_session),
							 0, NULL);
		if (!rg_session_caches[i]) {
			rg_session_cache_exit();
			return -ENOMEM;
		}
	}
	get_random_bytes(&rg_hash_key, sizeof(rg_hash_key));
	rg_epoch_jiffies = get_jiffies_64();
	rg_epoch_real_ns = ktime_get_real_ns();
	return 0;
}

/*
 * rhashtable passes a per-table seed that changes when it rehashes; fold it
 * into the siphash key so a rehash really moves the entries.
 */
static u32 rg_key_hash(const void *data, u32 len, u32 seed)
{
	siphash_key_t k = {{ rg_hash_key.key[0] ^ seed, rg_hash_key.key[1] }};

	return (u32)siphash(data, sizeof(struct rg_key), &k);
}

static const struct rhashtable_params rg_ht_params = {
	.head_offset		= offsetof(struct rg_session, node),
	.key_offset		= offsetof(struct rg_session, key),
	.key_len		= sizeof(struct rg_key),
	.hashfn			= rg_key_hash,
	.automatic_shrinking	= true,
	.min_size		= 256,
};

int rg_table_init(struct rg_net *rn)
{
	atomic_set(&rn->table.count, 0);
	return rhashtable_init(&rn->table.ht, &rg_ht_params);
}

/* For an entry that never made it into the table, or after a grace period. */
void rg_session_free(struct rg_session *s)
{
	struct rg_session_ct *sct = rg_session_ct(s);

	/* rg_session is the first member of every kind of entry */
	if (sct)
		rg_ct_put(sct->offload);
	if (s->flags & RG_SESS_SCAN)
		rg_scan_free(rg_session_scan(s));
	if (s->flags & RG_SESS_SIDE_SCAN)
		rg_scan_side_free(s);
	kmem_cache_free(rg_session_caches[cache_index(s->flags & RG_SESS_SCAN,
						      sct)], s);
}

static void rg_session_free_direct(void *ptr, void *arg)
{
	rg_session_free(ptr);
}

/* The hooks are gone and the GC stopped: nobody else can see the table. */
void rg_table_exit(struct rg_net *rn)
{
	rhashtable_free_and_destroy(&rn->table.ht, rg_session_free_direct,
				    NULL);
}

/* Fill a canonical key from a packet's tuple (addresses 4 or 16 bytes). */
void rg_key_from_tuple(struct rg_pkt_key *pk, u8 family,
		       const void *saddr, const void *daddr,
		       __be16 sport, __be16 dport)
{
	size_t alen = family == AF_INET ? 4 : 16;
	int cmp;

	memset(&pk->key, 0, sizeof(pk->key));
	pk->key.family = family;
	cmp = memcmp(saddr, daddr, alen);
	if (!cmp)
		cmp = memcmp(&sport, &dport, sizeof(sport));
	pk->dir = cmp > 0;
	memcpy(&pk->key.addr[pk->dir], saddr, alen);
	memcpy(&pk->key.addr[!pk->dir], daddr, alen);
	pk->key.port[pk->dir] = sport;
	pk->key.port[!pk->dir] = dport;
}

/* Caller holds rcu_read_lock(); the entry may be dead (check its flags). */
struct rg_session *rg_table_lookup(struct rg_net *rn, const struct rg_key *key)
{
	return rhashtable_lookup(&rn->table.ht, key, rg_ht_params);
}

/*
 * A new entry; with @scan, one with room for the scanner's state, with @ct
 * one with room for what rstguard keeps of conntrack's entry.
 */
struct rg_session *rg_session_alloc(bool scan, bool ct)
{
	struct rg_session *s;

	s = kmem_cache_zalloc(rg_session_caches[cache_index(scan, ct)],
			      GFP_ATOMIC | __GFP_NOWARN);
	if (!s)
		return NULL;
	if (scan) {
		s->flags |= RG_SESS_SCAN;
		spin_lock_init(&rg_session_scan(s)->lock);
	}
	if (ct)
		s->flags |= RG_SESS_CT;
	spin_lock_init(&s->lock);
	return s;
}

/* The idle timeout that applies to @s now; caller holds s->lock. */
enum rstguard_timeout rg_session_timeout(const struct rg_session *s)
{
	/* a blocked session lingers as long as a closed one */
	if (s->flags & RG_SESS_BLOCKED)
		return RSTGUARD_TIMEOUT_TCP_TIME_WAIT;
	return rg_tcp_timeout(&s->tcp);
}

/*
 * Take one of the namespace's session slots; false when the table is at its
 * limit. rg_session_unlink() or rg_table_unreserve() gives it back.
 */
bool rg_table_reserve(struct rg_net *rn)
{
	if (atomic_inc_return(&rn->table.count) <= READ_ONCE(rn->cfg.limit))
		return true;
	atomic_dec(&rn->table.count);
	return false;
}

void rg_table_unreserve(struct rg_net *rn)
{
	atomic_dec(&rn->table.count);
}

/*
 * Link @s, for which a slot is reserved. Returns NULL when linked; the entry
 * already there when another CPU won the race for the same key (@s is then
 * the caller's to free); an ERR_PTR when rhashtable could not take it.
 */
struct rg_session *rg_table_insert(struct rg_net *rn, struct rg_session *s)
{
	return rhashtable_lookup_get_insert_fast(&rn->table.ht, &s->node,
						 rg_ht_params);
}

static void rg_session_free_rcu(struct rcu_head *head)
{
	rg_session_free(container_of(head, struct rg_session, rcu));
}

static u8 uapi_side(enum rg_side side)
{
	switch (side) {
	case RG_CLIENT:
		return RSTGUARD_SIDE_CLIENT;
	case RG_SERVER:
		return RSTGUARD_SIDE_SERVER;
	default:
		return RSTGUARD_SIDE_NONE;
	}
}

/*
 * Snapshot @s for userspace; caller holds s->lock. @rn is NULL for an
 * ended session, which has no idle expiry to report.
 */
void rg_session_record(const struct rg_net *rn, const struct rg_session *s,
		       struct rg_record *rec)
{
	unsigned int cdir = rg_tcp_client_dir(&s->tcp);
	unsigned int cend = cdir ^ !!(s->flags & RG_SESS_CREATOR_1);
	u64 now64 = get_jiffies_64();
	u32 now = (u32)now64, to;
	enum rstguard_timeout t;
	struct rg_scan *sc;

	memset(rec, 0, sizeof(*rec));
	rec->family = s->key.family;
	rec->client = s->key.addr[cend];
	rec->server = s->key.addr[!cend];
	rec->client_port = ntohs(s->key.port[cend]);
	rec->server_port = ntohs(s->key.port[!cend]);
	rec->state = rg_tcp_state(&s->tcp);
	rec->pickup = s->flags & RG_SESS_PICKUP;
	rec->first_fin = uapi_side(rg_tcp_first_fin(&s->tcp));
	rec->first_rst = uapi_side(rg_tcp_first_rst(&s->tcp));
	rec->causes = s->causes;
	rec->rule_id = s->rule_id;
	sc = rg_session_scanner(s);
	if (sc)
		rec->sig_id = sc->sig_id;
	if (s->flags & RG_SESS_CT)
		rg_ct_record(rg_session_ct(s), cdir, rec);
	rec->start_ns = rg_epoch_real_ns +
			jiffies64_to_nsecs(now64 - (u32)(now - s->start) -
					   rg_epoch_jiffies);
	rec->duration_ms = jiffies_to_msecs((u32)(s->last - s->start));
	rec->pkts[0] = s->pkts[cdir];
	rec->pkts[1] = s->pkts[!cdir];
	rec->bytes[0] = s->bytes[cdir];
	rec->bytes[1] = s->bytes[!cdir];
	rg_history_format(&s->hist, rec->history, sizeof(rec->history));

	if (!rn)
		return;
	t = rg_session_timeout(s);
	to = READ_ONCE(rn->cfg.timeout[t]) * HZ;
	if (time_before32(now, s->last + to))
		rec->expires = DIV_ROUND_UP(s->last + to - now, HZ);
}

/*
 * Mark @s ended with @causes added, and snapshot it into @rec. Returns false
 * if somebody else ended it first. Caller holds s->lock, then, if true,
 * calls rg_session_unlink() and rg_session_ended() after unlocking.
 */
bool rg_session_end_locked(struct rg_session *s, u16 causes,
			   struct rg_record *rec)
{
	lockdep_assert_held(&s->lock);
	if (s->flags & RG_SESS_DEAD)
		return false;
	s->causes |= causes;
	rg_session_record(NULL, s, rec);
	rec->reason = rg_end_reason_pick(rec->causes);
	s->flags |= RG_SESS_DEAD;
	return true;
}

/* After rg_session_end_locked() returned true, from any context. */
void rg_session_unlink(struct rg_net *rn, struct rg_session *s)
{
	rhashtable_remove_fast(&rn->table.ht, &s->node, rg_ht_params);
	atomic_dec(&rn->table.count);
	call_rcu(&s->rcu, rg_session_free_rcu);
}

/*
 * End @s (if still live) by the admin's hand (@causes); caller does not hold
 * s->lock. FINs and RSTs already seen count as causes too; aged-out does
 * not: the session did not age out.
 */
void rg_session_end(struct rg_net *rn, struct rg_session *s, u16 causes)
{
	struct rg_record rec;
	bool ended;

	spin_lock_bh(&s->lock);
	causes |= rg_tcp_close_causes(&s->tcp);
	ended = rg_session_end_locked(s, causes, &rec);
	spin_unlock_bh(&s->lock);
	if (!ended)
		return;
	rg_session_unlink(rn, s);
	rg_session_ended(rn, &rec);
}

/* End every session with @causes (flush); process context. */
unsigned int rg_table_end_all(struct rg_net *rn, u16 causes)
{
	struct rhashtable_iter iter;
	struct rg_session *s;
	unsigned int n = 0;

	rhashtable_walk_enter(&rn->table.ht, &iter);
	rhashtable_walk_start(&iter);
	while ((s = rhashtable_walk_next(&iter))) {
		if (IS_ERR(s)) {
			if (PTR_ERR(s) == -EAGAIN)
				continue;
			break;
		}
		rg_session_end(rn, s, causes);
		n++;
		if (!(n % 256)) {
			/* let the packet path and others run */
			rhashtable_walk_stop(&iter);
			cond_resched();
			rhashtable_walk_start(&iter);
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	return n;
}
