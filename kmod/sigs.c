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
	kvfree(set->contents);
	kvfree(set->blob);
	kfree(set);
}

static void rg_sigset_free_rcu(struct rcu_head *head)
{
	rg_sigset_free(container_of(head, struct rg_sigset, rcu));
}

/* Where scanning of a side can stop: no content of @sig ends later. */
static void widen_scan_end(struct rg_sigset *set, const struct rg_sig *sig)
{
	u32 end = 0, i;

	for (i = 0; i < sig->ncontent; i++)
		end = max(end, set->contents[sig->content + i].end_max);
	if (sig->dir != RSTGUARD_SIG_DIR_TO_CLIENT)
		set->scan_end[RG_CLIENT] = max(set->scan_end[RG_CLIENT], end);
	if (sig->dir != RSTGUARD_SIG_DIR_TO_SERVER)
		set->scan_end[RG_SERVER] = max(set->scan_end[RG_SERVER], end);
}

/* Copy @defs into @set's own arrays; the automaton comes after. */
static void fill_set(struct rg_sigset *set, const struct rg_sig_def *defs)
{
	u32 i, j, c = 0, b = 0;

	for (i = 0; i < set->n; i++) {
		const struct rg_sig_def *d = &defs[i];
		struct rg_sig *sig = &set->sigs[i];

		sig->id = d->id;
		strscpy(sig->msg, d->msg ? d->msg : "", sizeof(sig->msg));
		sig->action = d->action;
		sig->dir = d->dir;
		sig->port_min = d->port_min;
		sig->port_max = d->port_max;
		sig->ncontent = d->ncontent;
		sig->content = c;
		for (j = 0; j < d->ncontent; j++, c++) {
			struct rg_sig_content *ct = &set->contents[c];

			ct->sig = i;
			ct->bit = j;
			ct->len = d->c[j].len;
			ct->nocase = d->c[j].nocase;
			ct->offset = d->c[j].offset;
			/* depth counts from offset (Snort); bounded by policy */
			ct->end_max = d->c[j].depth ?
				      d->c[j].offset + d->c[j].depth : U32_MAX;
			ct->bytes = b;
			memcpy(set->blob + b, d->c[j].bytes, ct->len);
			b += ct->len;
		}
		widen_scan_end(set, sig);
	}
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
		const struct rg_sig_content *ct = &set->contents[i];

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
	set->contents = kvcalloc(max(nc, 1U), sizeof(*set->contents),
				 GFP_KERNEL);
	set->blob = kvmalloc(max(nb, 1U), GFP_KERNEL);
	if (!set->sigs || !set->contents || !set->blob) {
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
		struct rg_sig_def *d = &defs[i];

		d->id = sig->id;
		d->msg = sig->msg;
		d->action = sig->action;
		d->dir = sig->dir;
		d->port_min = sig->port_min;
		d->port_max = sig->port_max;
		d->ncontent = sig->ncontent;
		for (j = 0; j < sig->ncontent; j++) {
			const struct rg_sig_content *ct =
				&set->contents[sig->content + j];

			d->c[j].bytes = set->blob + ct->bytes;
			d->c[j].len = ct->len;
			d->c[j].nocase = ct->nocase;
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
