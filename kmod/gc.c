// SPDX-License-Identifier: GPL-2.0
/*
 * Idle expiry: one delayed work per namespace walks the session table and
 * ends every session idle for longer than its state's timeout. There are no
 * per-session timers. Each run stops after RG_GC_BUDGET_NS and the next
 * one resumes where it stopped, so a table of millions is covered in slices
 * that never hold a CPU for long; a full pass starts every RG_GC_INTERVAL.
 */
#include <linux/ktime.h>
#include "rstguard.h"

#define RG_GC_INTERVAL		HZ
#define RG_GC_BUDGET_NS		(2 * NSEC_PER_MSEC)
/* entries between two looks at the clock */
#define RG_GC_BATCH		64

/*
 * With reset-on-aged-out on, an established session that went idle gets a
 * reset at both ends, so that both free the connection (FortiGate's
 * timeout-send-rst); it still ends as aged-out.
 */
static bool reset_when_aged_out(struct rg_net *rn, const struct rg_tcp *tcp,
				const struct rg_record *rec, bool offloaded)
{
	/* windows a flowtable left behind would make resets that miss */
	return READ_ONCE(rn->cfg.reset_on_aged_out) && !offloaded &&
	       rec->reason == RSTGUARD_END_AGED_OUT &&
	       rg_tcp_state(tcp) == RSTGUARD_TCP_ESTABLISHED &&
	       rg_tcp_seen_both(tcp);
}

/*
 * A session a flowtable forwards carries traffic the hooks never see. While
 * conntrack's entry says the flowtable has it, it is alive; once it says
 * otherwise, the session idles from there, and the reference goes (it must
 * not hold up conntrack's cleanup of a dying entry). Returns the reference
 * to drop after the unlock. Caller holds s->lock.
 */
static struct nf_conn *offload_check(struct rg_session *s)
{
	struct rg_session_ct *sct = rg_session_ct(s);

	if (!sct || !sct->offload)
		return NULL;
	if (rg_ct_still_offloaded(sct)) {
		s->last = (u32)jiffies;
		return NULL;
	}
	return rg_ct_unfollow(sct);
}

static void rg_gc_check(struct rg_net *rn, struct rg_session *s)
{
	struct nf_conn *put = NULL;
	bool ended = false, offloaded;
	struct rg_record rec;
	struct rg_tcp tcp;
	u32 timeout;

	spin_lock_bh(&s->lock);
	offloaded = s->flags & RG_SESS_OFFLOADED;
	if (offloaded)
		put = offload_check(s);
	timeout = READ_ONCE(rn->cfg.timeout[rg_session_timeout(s)]);
	if (!time_before32((u32)jiffies, s->last + timeout * HZ)) {
		u16 causes = rg_tcp_end_cause(&s->tcp);

		/* a blocked session went quiet: it did not age out */
		if (s->flags & RG_SESS_BLOCKED)
			causes &= ~RG_END_BIT(RSTGUARD_END_AGED_OUT);
		tcp = s->tcp;
		ended = rg_session_end_locked(s, causes, &rec);
	}
	spin_unlock_bh(&s->lock);
	rg_ct_put(put);
	if (!ended)
		return;
	rg_session_unlink(rn, s);
	if (reset_when_aged_out(rn, &tcp, &rec, offloaded))
		rg_reset_tracked(rn, &rec, &tcp, true, true);
	rg_session_ended(rn, &rec);
}

static void rg_gc_work(struct work_struct *work)
{
	struct rg_table *t = container_of(to_delayed_work(work),
					  struct rg_table, gc_work);
	struct rg_net *rn = container_of(t, struct rg_net, table);
	u64 start = ktime_get_ns();
	struct rg_session *s;
	unsigned int n = 0;
	bool done = false;

	if (!t->gc_walking) {
		rhashtable_walk_enter(&t->ht, &t->gc_iter);
		t->gc_walking = true;
	}
	rhashtable_walk_start(&t->gc_iter);
	for (;;) {
		s = rhashtable_walk_next(&t->gc_iter);
		if (IS_ERR(s) && PTR_ERR(s) == -EAGAIN)
			continue;	/* resized: rewound, go on */
		if (IS_ERR_OR_NULL(s)) {
			done = true;
			break;
		}
		rg_gc_check(rn, s);
		if (!(++n % RG_GC_BATCH) &&
		    ktime_get_ns() - start > RG_GC_BUDGET_NS)
			break;
	}
	rhashtable_walk_stop(&t->gc_iter);
	if (done) {
		rhashtable_walk_exit(&t->gc_iter);
		t->gc_walking = false;
	}
	queue_delayed_work(system_power_efficient_wq, &t->gc_work,
			   done ? RG_GC_INTERVAL : 1);
}

void rg_gc_init(struct rg_net *rn)
{
	rn->table.gc_walking = false;
	INIT_DELAYED_WORK(&rn->table.gc_work, rg_gc_work);
	queue_delayed_work(system_power_efficient_wq, &rn->table.gc_work,
			   RG_GC_INTERVAL);
}

void rg_gc_exit(struct rg_net *rn)
{
	cancel_delayed_work_sync(&rn->table.gc_work);
	if (rn->table.gc_walking)
		rhashtable_walk_exit(&rn->table.gc_iter);
	rn->table.gc_walking = false;
}
