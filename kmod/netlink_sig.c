// SPDX-License-Identifier: GPL-2.0
/*
 * Signatures over netlink: dump, add, delete, flush and atomic replace.
 * Every change compiles a whole new set (sigs.c) and swaps it in, so a
 * failed request changes nothing. Writers hold rn->sigs_mutex from their
 * first look at the current set to the swap; dumps read it under RCU.
 */
#include <linux/sort.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include "rstguard.h"

/* Offsets and depths: far beyond any real rule, small enough to add. */
static struct netlink_range_validation rg_offset_range = {
	.max = 1U << 30,
};

static struct netlink_range_validation rg_depth_range = {
	.min = 1,
	.max = 1U << 30,
};

static struct netlink_range_validation_signed rg_distance_range = {
	.min = -65535,
	.max = 65535,
};

static struct netlink_range_validation rg_within_range = {
	.min = 1,
	.max = 65535,
};

static const struct nla_policy rg_content_policy[RSTGUARD_CONTENT_A_MAX + 1] = {
	[RSTGUARD_CONTENT_A_BYTES]	= { .type = NLA_BINARY,
					    .len = RSTGUARD_CONTENT_MAX },
	[RSTGUARD_CONTENT_A_NOCASE]	= { .type = NLA_FLAG },
	[RSTGUARD_CONTENT_A_OFFSET]	= NLA_POLICY_FULL_RANGE(NLA_U32,
								&rg_offset_range),
	[RSTGUARD_CONTENT_A_DEPTH]	= NLA_POLICY_FULL_RANGE(NLA_U32,
								&rg_depth_range),
	[RSTGUARD_CONTENT_A_DISTANCE]	=
		NLA_POLICY_FULL_RANGE_SIGNED(NLA_S32, &rg_distance_range),
	[RSTGUARD_CONTENT_A_WITHIN]	= NLA_POLICY_FULL_RANGE(NLA_U32,
								&rg_within_range),
};

static const struct nla_policy rg_sig_policy[RSTGUARD_SIG_A_MAX + 1] = {
	[RSTGUARD_SIG_A_ID]		= NLA_POLICY_MIN(NLA_U32, 1),
	[RSTGUARD_SIG_A_MSG]		= { .type = NLA_NUL_STRING,
					    .len = RSTGUARD_SIG_MSG_MAX - 1 },
	[RSTGUARD_SIG_A_ACTION]		= NLA_POLICY_MAX(NLA_U8,
							 RSTGUARD_SIG_ACTION_MAX),
	[RSTGUARD_SIG_A_DIR]		= NLA_POLICY_MAX(NLA_U8,
							 RSTGUARD_SIG_DIR_MAX),
	[RSTGUARD_SIG_A_PORT_MIN]	= { .type = NLA_U16 },
	[RSTGUARD_SIG_A_PORT_MAX]	= { .type = NLA_U16 },
	[RSTGUARD_SIG_A_CONTENT]	= NLA_POLICY_NESTED(rg_content_policy),
	[RSTGUARD_SIG_A_HITS]		= { .type = NLA_REJECT },
	[RSTGUARD_SIG_A_DATA_AT]	= NLA_POLICY_FULL_RANGE(NLA_U32,
								&rg_offset_range),
	[RSTGUARD_SIG_A_DATA_AFTER]	= NLA_POLICY_FULL_RANGE(NLA_U32,
								&rg_offset_range),
};

const struct nla_policy rg_sig_add_policy[RSTGUARD_A_MAX + 1] = {
	[RSTGUARD_A_SIG]	= NLA_POLICY_NESTED(rg_sig_policy),
};

static int parse_content(struct nlattr *nest, struct rg_sig_def *d,
			 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[RSTGUARD_CONTENT_A_MAX + 1];
	unsigned int i = d->ncontent;
	int err;

	if (i == RSTGUARD_SIG_CONTENTS_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "too many contents");
		return -E2BIG;
	}
	err = nla_parse_nested(tb, RSTGUARD_CONTENT_A_MAX, nest,
			       rg_content_policy, extack);
	if (err)
		return err;
	if (!tb[RSTGUARD_CONTENT_A_BYTES] ||
	    !nla_len(tb[RSTGUARD_CONTENT_A_BYTES])) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "a content needs bytes");
		return -EINVAL;
	}
	d->c[i].bytes = nla_data(tb[RSTGUARD_CONTENT_A_BYTES]);
	d->c[i].len = nla_len(tb[RSTGUARD_CONTENT_A_BYTES]);
	d->c[i].nocase = nla_get_flag(tb[RSTGUARD_CONTENT_A_NOCASE]);
	if (tb[RSTGUARD_CONTENT_A_OFFSET])
		d->c[i].offset = nla_get_u32(tb[RSTGUARD_CONTENT_A_OFFSET]);
	if (tb[RSTGUARD_CONTENT_A_DEPTH])
		d->c[i].depth = nla_get_u32(tb[RSTGUARD_CONTENT_A_DEPTH]);
	if (d->c[i].depth && d->c[i].depth < d->c[i].len) {
		NL_SET_ERR_MSG_ATTR(extack, tb[RSTGUARD_CONTENT_A_DEPTH],
				    "depth is shorter than the content");
		return -EINVAL;
	}
	if (tb[RSTGUARD_CONTENT_A_DISTANCE]) {
		d->c[i].relative = true;
		d->c[i].distance = nla_get_s32(tb[RSTGUARD_CONTENT_A_DISTANCE]);
	}
	if (tb[RSTGUARD_CONTENT_A_WITHIN]) {
		d->c[i].relative = true;
		d->c[i].within = nla_get_u32(tb[RSTGUARD_CONTENT_A_WITHIN]);
	}
	d->ncontent++;
	return 0;
}

/* One signature nest into @d; its bytes stay in the request. */
static int parse_sig(struct nlattr *nest, struct rg_sig_def *d,
		     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[RSTGUARD_SIG_A_MAX + 1], *a;
	const char *why;
	int rem, err;

	err = nla_parse_nested(tb, RSTGUARD_SIG_A_MAX, nest, rg_sig_policy,
			       extack);
	if (err)
		return err;
	memset(d, 0, sizeof(*d));
	if (!tb[RSTGUARD_SIG_A_ID] || !tb[RSTGUARD_SIG_A_ACTION]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a signature needs an id and an action");
		return -EINVAL;
	}
	d->id = nla_get_u32(tb[RSTGUARD_SIG_A_ID]);
	d->action = nla_get_u8(tb[RSTGUARD_SIG_A_ACTION]);
	if (tb[RSTGUARD_SIG_A_DIR])
		d->dir = nla_get_u8(tb[RSTGUARD_SIG_A_DIR]);
	if (tb[RSTGUARD_SIG_A_MSG])
		d->msg = nla_data(tb[RSTGUARD_SIG_A_MSG]);
	d->port_max = U16_MAX;
	if (tb[RSTGUARD_SIG_A_PORT_MIN]) {
		d->port_min = nla_get_u16(tb[RSTGUARD_SIG_A_PORT_MIN]);
		d->port_max = d->port_min;
	}
	if (tb[RSTGUARD_SIG_A_PORT_MAX])
		d->port_max = nla_get_u16(tb[RSTGUARD_SIG_A_PORT_MAX]);
	if (d->port_min > d->port_max) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "port range is reversed");
		return -EINVAL;
	}
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != RSTGUARD_SIG_A_CONTENT)
			continue;
		err = parse_content(a, d, extack);
		if (err)
			return err;
	}
	if (!d->ncontent) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a signature needs at least one content");
		return -EINVAL;
	}
	/* stored as N + 1, 0 meaning none; the policy keeps N small */
	if (tb[RSTGUARD_SIG_A_DATA_AT])
		d->data_at = nla_get_u32(tb[RSTGUARD_SIG_A_DATA_AT]) + 1;
	if (tb[RSTGUARD_SIG_A_DATA_AFTER])
		d->data_after = nla_get_u32(tb[RSTGUARD_SIG_A_DATA_AFTER]) + 1;
	why = rg_sig_def_check(d);
	if (why) {
		/* the core's reasons are string literals: extack keeps them */
		if (extack) {
			extack->_msg = why;
			extack->bad_attr = nest;
		}
		return -EINVAL;
	}
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* -EEXIST if two of the @n definitions share an id. */
static int check_unique_ids(const struct rg_sig_def *defs, u32 n,
			    struct netlink_ext_ack *extack)
{
	int err = 0;
	u32 *ids, i;

	ids = kvmalloc_array(max(n, 1U), sizeof(*ids), GFP_KERNEL);
	if (!ids)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		ids[i] = defs[i].id;
	sort(ids, n, sizeof(*ids), cmp_u32, NULL);
	for (i = 1; i < n; i++) {
		if (ids[i] == ids[i - 1]) {
			NL_SET_ERR_MSG(extack,
				       "two signatures have the same id");
			err = -EEXIST;
			break;
		}
	}
	kvfree(ids);
	return err;
}

/* Compile @defs and swap them in; on any error nothing changes. */
static int install(struct rg_net *rn, const struct rg_sig_def *defs, u32 n,
		   bool keep_hits, struct netlink_ext_ack *extack)
{
	struct rg_sigset *set = NULL;

	if (n) {
		set = rg_sigset_build(defs, n, extack);
		if (IS_ERR(set))
			return PTR_ERR(set);
	}
	rg_sigset_swap(rn, set, keep_hits);
	return 0;
}

/* The current set as definitions, with room for @extra more. */
static struct rg_sig_def *current_defs(struct rg_net *rn, u32 extra, u32 *n)
{
	struct rg_sigset *old = rg_sigs_locked(rn);
	struct rg_sig_def *defs;

	*n = old ? old->n : 0;
	defs = kvcalloc(*n + extra, sizeof(*defs), GFP_KERNEL);
	if (defs && old)
		rg_sigset_defs(old, defs);
	return defs;
}

int rg_nl_sig_add(struct sk_buff *skb, struct genl_info *info)
{
	struct rg_net *rn = rg_pernet(genl_info_net(info));
	struct nlattr *nest = info->attrs[RSTGUARD_A_SIG];
	struct rg_sig_def *defs;
	u32 n, i;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, RSTGUARD_A_SIG))
		return -EINVAL;
	mutex_lock(&rn->sigs_mutex);
	err = -ENOMEM;
	defs = current_defs(rn, 1, &n);
	if (!defs)
		goto unlock;
	err = parse_sig(nest, &defs[n], info->extack);
	if (err)
		goto out;
	err = -ENOSPC;
	if (n >= RSTGUARD_SIGS_MAX) {
		NL_SET_ERR_MSG(info->extack, "too many signatures");
		goto out;
	}
	err = -EEXIST;
	for (i = 0; i < n; i++) {
		if (defs[i].id == defs[n].id) {
			NL_SET_ERR_MSG_ATTR(info->extack, nest,
					    "a signature with this id exists");
			goto out;
		}
	}
	err = install(rn, defs, n + 1, true, info->extack);
out:
	kvfree(defs);
unlock:
	mutex_unlock(&rn->sigs_mutex);
	return err;
}

int rg_nl_sig_del(struct sk_buff *skb, struct genl_info *info)
{
	struct rg_net *rn = rg_pernet(genl_info_net(info));
	struct nlattr *tb[RSTGUARD_SIG_A_MAX + 1];
	struct rg_sig_def *defs;
	u32 n, i, id;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, RSTGUARD_A_SIG))
		return -EINVAL;
	err = nla_parse_nested(tb, RSTGUARD_SIG_A_MAX,
			       info->attrs[RSTGUARD_A_SIG], rg_sig_policy,
			       info->extack);
	if (err)
		return err;
	if (!tb[RSTGUARD_SIG_A_ID]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[RSTGUARD_A_SIG],
				    "give the signature's id");
		return -EINVAL;
	}
	id = nla_get_u32(tb[RSTGUARD_SIG_A_ID]);
	mutex_lock(&rn->sigs_mutex);
	err = -ENOMEM;
	defs = current_defs(rn, 0, &n);
	if (!defs)
		goto unlock;
	for (i = 0; i < n && defs[i].id != id; i++)
		;
	if (i == n) {
		NL_SET_ERR_MSG(info->extack, "no such signature");
		err = -ENOENT;
		goto out;
	}
	memmove(&defs[i], &defs[i + 1], (n - i - 1) * sizeof(*defs));
	err = install(rn, defs, n - 1, true, info->extack);
out:
	kvfree(defs);
unlock:
	mutex_unlock(&rn->sigs_mutex);
	return err;
}

int rg_nl_sig_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct rg_net *rn = rg_pernet(genl_info_net(info));

	mutex_lock(&rn->sigs_mutex);
	rg_sigset_swap(rn, NULL, false);
	mutex_unlock(&rn->sigs_mutex);
	return 0;
}

/*
 * The signatures are top-level RSTGUARD_A_SIG attributes, one each, in
 * order: a nest's 16-bit length would cap a set at 64 KiB, a message is
 * bounded only by the sender's socket buffer. None empties the set.
 */
int rg_nl_sig_replace(struct sk_buff *skb, struct genl_info *info)
{
	struct rg_net *rn = rg_pernet(genl_info_net(info));
	struct rg_sig_def *defs;
	struct nlattr *a;
	u32 n = 0, i = 0;
	int rem, err;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem)
		if (nla_type(a) == RSTGUARD_A_SIG)
			n++;
	if (n > RSTGUARD_SIGS_MAX) {
		NL_SET_ERR_MSG(info->extack, "too many signatures");
		return -ENOSPC;
	}
	defs = kvcalloc(max(n, 1U), sizeof(*defs), GFP_KERNEL);
	if (!defs)
		return -ENOMEM;
	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != RSTGUARD_A_SIG)
			continue;
		err = parse_sig(a, &defs[i++], info->extack);
		if (err)
			goto out;
	}
	err = check_unique_ids(defs, n, info->extack);
	if (err)
		goto out;
	mutex_lock(&rn->sigs_mutex);
	err = install(rn, defs, n, false, info->extack);
	mutex_unlock(&rn->sigs_mutex);
out:
	kvfree(defs);
	return err;
}

static int put_sig(struct sk_buff *msg, const struct rg_sigset *set, u32 i)
{
	const struct rg_sig *sig = &set->sigs[i];
	const struct rg_sm_sig *sm = &set->sm_sigs[i];
	struct nlattr *nest, *cn;
	u32 j;

	nest = nla_nest_start(msg, RSTGUARD_A_SIG);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, RSTGUARD_SIG_A_ID, sig->id) ||
	    nla_put_string(msg, RSTGUARD_SIG_A_MSG, sig->msg) ||
	    nla_put_u8(msg, RSTGUARD_SIG_A_ACTION, sig->action) ||
	    nla_put_u8(msg, RSTGUARD_SIG_A_DIR, sig->dir) ||
	    nla_put_u16(msg, RSTGUARD_SIG_A_PORT_MIN, sig->port_min) ||
	    nla_put_u16(msg, RSTGUARD_SIG_A_PORT_MAX, sig->port_max) ||
	    nla_put_u64_64bit(msg, RSTGUARD_SIG_A_HITS,
			      atomic64_read(&sig->hits), RSTGUARD_SIG_A_PAD) ||
	    (sm->data_at &&
	     nla_put_u32(msg, RSTGUARD_SIG_A_DATA_AT, sm->data_at - 1)) ||
	    (sm->data_after &&
	     nla_put_u32(msg, RSTGUARD_SIG_A_DATA_AFTER, sm->data_after - 1)))
		goto cancel;
	for (j = 0; j < sm->ncontent; j++) {
		const struct rg_sm_content *ct =
			&set->contents[sm->content + j];
		bool rel = !(ct->flags & RG_SM_HEAD);

		cn = nla_nest_start(msg, RSTGUARD_SIG_A_CONTENT);
		if (!cn ||
		    nla_put(msg, RSTGUARD_CONTENT_A_BYTES, ct->len,
			    set->blob + ct->bytes) ||
		    (ct->nocase && nla_put_flag(msg, RSTGUARD_CONTENT_A_NOCASE)) ||
		    (ct->offset &&
		     nla_put_u32(msg, RSTGUARD_CONTENT_A_OFFSET, ct->offset)) ||
		    (ct->end_max != U32_MAX &&
		     nla_put_u32(msg, RSTGUARD_CONTENT_A_DEPTH,
				 ct->end_max - ct->offset)) ||
		    (rel && nla_put_s32(msg, RSTGUARD_CONTENT_A_DISTANCE,
					ct->distance)) ||
		    (rel && ct->within &&
		     nla_put_u32(msg, RSTGUARD_CONTENT_A_WITHIN, ct->within)))
			goto cancel;
		nla_nest_end(msg, cn);
	}
	nla_nest_end(msg, nest);
	return 0;
cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

/* cb->args[0]: index of the next signature; a swap mid-dump goes on by index. */
int rg_nl_sig_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct rg_net *rn = rg_pernet(sock_net(skb->sk));
	u32 i = cb->args[0];
	struct rg_sigset *set;
	bool more;
	void *hdr;

	rcu_read_lock();
	set = rcu_dereference(rn->sigs);
	for (; set && i < set->n; i++) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &rg_genl_family,
				  NLM_F_MULTI, RSTGUARD_CMD_SIG_GET);
		if (!hdr)
			break;
		if (put_sig(skb, set, i)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	more = set && i < set->n;
	rcu_read_unlock();
	cb->args[0] = i;
	return more ? skb->len : 0;
}
