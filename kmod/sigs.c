// SPDX-License-Identifier: GPL-2.0
/*
 * Signature sets of a namespace: compiling a set of definitions into one
 * automaton over every content, publishing it and freeing the old one.
 *
 * Compilation runs in process context (netlink, rn->sigs_mutex held) and may
 * take a while for large sets; the packet path only ever sees a finished
 * set through rn->sigs.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include "rstguard.h"

static void rg_sigset_free(struct rg_sigset *set)
{
	if (!set)
		return;
	rg_ac_free(set->ac);
	kvfree(set->sigs);
	kvfree(set->sm_sigs);
	kvfree(set->contents);
	kvfree(set->blob);
	kfree(set);
}

static void rg_sigset_free_rcu(struct rcu_head *head)
{
	rg_sigset_free(container_of(head, struct rg_sigset, rcu));
}

/* Where scanning of a side can stop: no match of @sig ends later. */
static void widen_scan_end(struct rg_sigset *set, const struct rg_sig *sig,
			   u32 end)
{
	if (sig->dir != RSTGUARD_SIG_DIR_TO_CLIENT)
		set->scan_end[RG_CLIENT] = max(set->scan_end[RG_CLIENT], end);
	if (sig->dir != RSTGUARD_SIG_DIR_TO_SERVER)
		set->scan_end[RG_SERVER] = max(set->scan_end[RG_SERVER], end);
}

/* The matcher's view of @d's contents, for rg_sm_check() and rg_sm_layout(). */
static void sm_defs(const struct rg_sig_def *d, struct rg_sm_def *c)
{
	u32 j;

	for (j = 0; j < d->ncontent; j++) {
		c[j].len = d->c[j].len;
		c[j].offset = d->c[j].offset;
		c[j].depth = d->c[j].depth;
		c[j].distance = d->c[j].distance;
		c[j].within = d->c[j].within;
		c[j].relative = d->c[j].relative;
	}
}

/* NULL if @d can be matched, else why not (a static string, for extack). */
const char *rg_sig_def_check(const struct rg_sig_def *d)
{
	struct rg_sm_def c[RSTGUARD_SIG_CONTENTS_MAX];

	sm_defs(d, c);
	return rg_sm_check(c, d->ncontent, d->data_after);
}

/* Copy @defs into @set's own arrays; the automaton comes after. */
static void fill_set(struct rg_sigset *set, const struct rg_sig_def *defs)
{
	struct rg_sm_def c[RSTGUARD_SIG_CONTENTS_MAX];
	u32 i, j, k = 0, b = 0, run = 0, window = 0;

	for (i = 0; i < set->n; i++) {
		const struct rg_sig_def *d = &defs[i];
		struct rg_sig *sig = &set->sigs[i];
		struct rg_sm_sig *sm = &set->sm_sigs[i];
		struct rg_sm_content *ct = &set->contents[k];
		bool simple;
		u32 end;

		sig->id = d->id;
		strscpy(sig->msg, d->msg ? d->msg : "", sizeof(sig->msg));
		sig->action = d->action;
		sig->dir = d->dir;
		sig->port_min = d->port_min;
		sig->port_max = d->port_max;
		sm->content = k;
		sm->ncontent = d->ncontent;
		sm->data_at = d->data_at;
		sm->data_after = d->data_after;
		sm_defs(d, c);
		end = rg_sm_layout(c, d->ncontent, &run, ct, &simple);
		sm->simple = simple && !d->data_at && !d->data_after;
		set->in_order |= !sm->simple;
		if (d->data_at)
			end = max(end, d->data_at);
		if (d->data_after)
			end = end > U32_MAX - d->data_after ? U32_MAX :
			      end + d->data_after;
		for (j = 0; j < d->ncontent; j++, k++) {
			ct[j].sig = i;
			ct[j].nocase = d->c[j].nocase;
			ct[j].bytes = b;
			memcpy(set->blob + b, d->c[j].bytes, ct[j].len);
			b += ct[j].len;
			/* one-content runs are checked without the window */
			if (ct[j].run_first != j || !(ct[j].flags & RG_SM_RUN_END))
				window = max(window, ct[j].span);
		}
		widen_scan_end(set, sig, end);
	}
	set->prog.sigs = set->sm_sigs;
	set->prog.contents = set->contents;
	set->prog.blob = set->blob;
	set->prog.nsigs = set->n;
	set->prog.window = window;
}

static int compile_set(struct rg_sigset *set, u32 *bad)
{
	struct rg_ac_pattern *pats;
	u32 i;
	int err;

	pats = kvcalloc(set->ncontent, sizeof(*pats), GFP_KERNEL);
	if (!pats && set->ncontent)
		return -ENOMEM;
	for (i = 0; i < set->ncontent; i++) {
		const struct rg_sm_content *ct = &set->contents[i];

		pats[i].bytes = set->blob + ct->bytes;
		pats[i].len = ct->len;
		pats[i].flags = ct->nocase ? RG_AC_NOCASE : 0;
		pats[i].id = i;
	}
	err = rg_ac_compile(&set->ac, pats, set->ncontent, bad);
	kvfree(pats);
	return err;
}

/*
 * Build a set from @n definitions (their bytes are copied). Returns the set,
 * or an ERR_PTR with an extack message; @n is at most RSTGUARD_SIGS_MAX and
 * every definition was validated by the netlink policy.
 */
struct rg_sigset *rg_sigset_build(const struct rg_sig_def *defs, u32 n,
				  struct netlink_ext_ack *extack)
{
	struct rg_sigset *set;
	u32 i, j, nc = 0, nb = 0, bad = 0;
	int err;

	for (i = 0; i < n; i++) {
		nc += defs[i].ncontent;
		for (j = 0; j < defs[i].ncontent; j++)
			nb += defs[i].c[j].len;
	}
	set = kzalloc(sizeof(*set), GFP_KERNEL);
	if (!set)
		return ERR_PTR(-ENOMEM);
	set->n = n;
	set->ncontent = nc;
	set->sigs = kvcalloc(max(n, 1U), sizeof(*set->sigs), GFP_KERNEL);
	set->sm_sigs = kvcalloc(max(n, 1U), sizeof(*set->sm_sigs), GFP_KERNEL);
	set->contents = kvcalloc(max(nc, 1U), sizeof(*set->contents),
				 GFP_KERNEL);
	set->blob = kvmalloc(max(nb, 1U), GFP_KERNEL);
	if (!set->sigs || !set->sm_sigs || !set->contents || !set->blob) {
		rg_sigset_free(set);
		return ERR_PTR(-ENOMEM);
	}
	fill_set(set, defs);
	err = compile_set(set, &bad);
	if (err) {
		rg_sigset_free(set);
		if (err == -RG_AC_ERR_NOMEM)
			return ERR_PTR(-ENOMEM);
		/* the core's messages are string literals: extack keeps them */
		if (extack)
			extack->_msg = rg_ac_strerror(err);
		return ERR_PTR(err == -RG_AC_ERR_INTERNAL ? -EINVAL : -E2BIG);
	}
	return set;
}

/* One definition per signature of @set, pointing into @set's bytes. */
void rg_sigset_defs(const struct rg_sigset *set, struct rg_sig_def *defs)
{
	u32 i, j;

	for (i = 0; i < set->n; i++) {
		const struct rg_sig *sig = &set->sigs[i];
		const struct rg_sm_sig *sm = &set->sm_sigs[i];
		struct rg_sig_def *d = &defs[i];

		d->id = sig->id;
		d->msg = sig->msg;
		d->action = sig->action;
		d->dir = sig->dir;
		d->port_min = sig->port_min;
		d->port_max = sig->port_max;
		d->ncontent = sm->ncontent;
		d->data_at = sm->data_at;
		d->data_after = sm->data_after;
		for (j = 0; j < sm->ncontent; j++) {
			const struct rg_sm_content *ct =
				&set->contents[sm->content + j];

			d->c[j].bytes = set->blob + ct->bytes;
			d->c[j].len = ct->len;
			d->c[j].nocase = ct->nocase;
			d->c[j].relative = !(ct->flags & RG_SM_HEAD);
			d->c[j].distance = ct->distance;
			d->c[j].within = ct->within;
			d->c[j].offset = ct->offset;
			d->c[j].depth = ct->end_max == U32_MAX ? 0 :
					ct->end_max - ct->offset;
		}
	}
}

/*
 * Publish @set (NULL: no signatures) and free the old one after a grace
 * period. Hits of signatures that keep their id carry over when @keep_hits.
 */
void rg_sigset_swap(struct rg_net *rn, struct rg_sigset *set, bool keep_hits)
{
	struct rg_sigset *old = rg_sigs_locked(rn);
	u32 i, j = 0;

	if (set) {
		set->gen = ++rn->sig_gen;
		/* sets are in load order: one merge-like pass finds the ids */
		for (i = 0; keep_hits && old && i < set->n; i++) {
			while (j < old->n && old->sigs[j].id != set->sigs[i].id)
				j++;
			if (j == old->n)
				break;
			atomic64_set(&set->sigs[i].hits,
				     atomic64_read(&old->sigs[j].hits));
		}
	}
	rcu_assign_pointer(rn->sigs, set);
	if (old)
		call_rcu(&old->rcu, rg_sigset_free_rcu);
}

/* Caller holds rcu_read_lock(); @msg gets "" if the signature is gone. */
void rg_sig_msg(struct rg_net *rn, u32 id, char *msg)
{
	struct rg_sigset *set = rcu_dereference(rn->sigs);
	u32 i;

	msg[0] = '\0';
	if (!set || !id)
		return;
	for (i = 0; i < set->n; i++) {
		if (set->sigs[i].id == id) {
			strscpy(msg, set->sigs[i].msg, RSTGUARD_SIG_MSG_MAX);
			return;
		}
	}
}

/* Namespace exit: the hooks are gone, nobody scans any more. */
void rg_sigs_exit(struct rg_net *rn)
{
	/* nobody else is left to take sigs_mutex */
	rg_sigset_free(rcu_dereference_protected(rn->sigs, true));
	RCU_INIT_POINTER(rn->sigs, NULL);
}
