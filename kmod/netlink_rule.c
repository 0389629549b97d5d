// SPDX-License-Identifier: GPL-2.0
/*
 * Policy rules over netlink: dump, add, delete, flush and atomic replace.
 * Writers hold rn->rules_mutex from the first look at the current ruleset
 * to the rematch that follows the swap.
 */
#include <net/genetlink.h>
#include <net/sock.h>
#include "rstguard.h"

static const struct nla_policy rg_rule_policy[RSTGUARD_RULE_A_MAX + 1] = {
	[RSTGUARD_RULE_A_ID]		= { .type = NLA_U32 },
	[RSTGUARD_RULE_A_NAME]		= { .type = NLA_NUL_STRING,
					    .len = RSTGUARD_RULE_NAME_MAX - 1 },
	[RSTGUARD_RULE_A_POSITION]	= NLA_POLICY_MIN(NLA_U32, 1),
	[RSTGUARD_RULE_A_FAMILY]	= { .type = NLA_U8 },
	[RSTGUARD_RULE_A_SRC_ADDR]	= { .type = NLA_BINARY, .len = 16 },
	[RSTGUARD_RULE_A_SRC_PLEN]	= NLA_POLICY_MAX(NLA_U8, 128),
	[RSTGUARD_RULE_A_DST_ADDR]	= { .type = NLA_BINARY, .len = 16 },
	[RSTGUARD_RULE_A_DST_PLEN]	= NLA_POLICY_MAX(NLA_U8, 128),
	[RSTGUARD_RULE_A_SPORT_MIN]	= { .type = NLA_U16 },
	[RSTGUARD_RULE_A_SPORT_MAX]	= { .type = NLA_U16 },
	[RSTGUARD_RULE_A_DPORT_MIN]	= { .type = NLA_U16 },
	[RSTGUARD_RULE_A_DPORT_MAX]	= { .type = NLA_U16 },
	[RSTGUARD_RULE_A_IIF]		= { .type = NLA_NUL_STRING,
					    .len = IFNAMSIZ - 1 },
	[RSTGUARD_RULE_A_OIF]		= { .type = NLA_NUL_STRING,
					    .len = IFNAMSIZ - 1 },
	[RSTGUARD_RULE_A_ACTION]	= NLA_POLICY_MAX(NLA_U8,
							 RSTGUARD_ACTION_MAX),
	[RSTGUARD_RULE_A_HITS]		= { .type = NLA_REJECT },
};

const struct nla_policy rg_rule_add_policy[RSTGUARD_A_MAX + 1] = {
	[RSTGUARD_A_RULE]	= NLA_POLICY_NESTED(rg_rule_policy),
};

const struct nla_policy rg_rule_replace_policy[RSTGUARD_A_MAX + 1] = {
	[RSTGUARD_A_RULESET]	= NLA_POLICY_NESTED_ARRAY(rg_rule_policy),
};

/* An address and its prefix length; both or neither. */
static int parse_prefix(struct nlattr **tb, int addr_type, int plen_type,
			u8 family, u8 *addr, u8 *plen,
			struct netlink_ext_ack *extack)
{
	size_t alen = family == AF_INET ? 4 : 16;

	if (!tb[addr_type] && !tb[plen_type])
		return 0;
	if (!tb[addr_type] || !tb[plen_type] || !family) {
		NL_SET_ERR_MSG_ATTR(extack, tb[addr_type] ?: tb[plen_type],
				    "a prefix needs an address, a length and a family");
		return -EINVAL;
	}
	if (nla_len(tb[addr_type]) != alen) {
		NL_SET_ERR_MSG_ATTR(extack, tb[addr_type],
				    "address length does not match the family");
		return -EINVAL;
	}
	memcpy(addr, nla_data(tb[addr_type]), alen);
	*plen = nla_get_u8(tb[plen_type]);
	return 0;
}

static void parse_ports(struct nlattr **tb, int min_type, int max_type,
			u16 *min, u16 *max)
{
	if (tb[min_type])
		*min = nla_get_u16(tb[min_type]);
	if (tb[max_type])
		*max = nla_get_u16(tb[max_type]);
	else if (tb[min_type])
		*max = *min;
}

/* One rule nest (already validated by rg_rule_policy) into @m and @name. */
static int parse_rule(const struct nlattr *nest, struct rg_rule_match *m,
		      char *name, u32 *pos, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[RSTGUARD_RULE_A_MAX + 1];
	const char *why;
	int err;

	err = nla_parse_nested(tb, RSTGUARD_RULE_A_MAX, (struct nlattr *)nest,
			       rg_rule_policy, extack);
	if (err)
		return err;
	rg_rule_init(m);
	if (!tb[RSTGUARD_RULE_A_ACTION]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "a rule needs an action");
		return -EINVAL;
	}
	m->action = nla_get_u8(tb[RSTGUARD_RULE_A_ACTION]);
	if (tb[RSTGUARD_RULE_A_FAMILY]) {
		m->family = nla_get_u8(tb[RSTGUARD_RULE_A_FAMILY]);
		if (m->family != AF_INET && m->family != AF_INET6) {
			NL_SET_ERR_MSG_ATTR(extack, tb[RSTGUARD_RULE_A_FAMILY],
					    "family must be AF_INET or AF_INET6");
			return -EINVAL;
		}
	}
	err = parse_prefix(tb, RSTGUARD_RULE_A_SRC_ADDR,
			   RSTGUARD_RULE_A_SRC_PLEN, m->family, m->src,
			   &m->src_plen, extack) ?:
	      parse_prefix(tb, RSTGUARD_RULE_A_DST_ADDR,
			   RSTGUARD_RULE_A_DST_PLEN, m->family, m->dst,
			   &m->dst_plen, extack);
	if (err)
		return err;
	parse_ports(tb, RSTGUARD_RULE_A_SPORT_MIN, RSTGUARD_RULE_A_SPORT_MAX,
		    &m->sport_min, &m->sport_max);
	parse_ports(tb, RSTGUARD_RULE_A_DPORT_MIN, RSTGUARD_RULE_A_DPORT_MAX,
		    &m->dport_min, &m->dport_max);
	if (tb[RSTGUARD_RULE_A_IIF])
		nla_strscpy(m->iif, tb[RSTGUARD_RULE_A_IIF], sizeof(m->iif));
	if (tb[RSTGUARD_RULE_A_OIF])
		nla_strscpy(m->oif, tb[RSTGUARD_RULE_A_OIF], sizeof(m->oif));
	name[0] = '\0';
	if (tb[RSTGUARD_RULE_A_NAME])
		nla_strscpy(name, tb[RSTGUARD_RULE_A_NAME],
			    RSTGUARD_RULE_NAME_MAX);
	if (pos && tb[RSTGUARD_RULE_A_POSITION])
		*pos = nla_get_u32(tb[RSTGUARD_RULE_A_POSITION]);

	why = rg_rule_check(m);
	if (why) {
		/* the core's messages are string literals too */
		if (extack) {
			extack->_msg = why;
			extack->bad_attr = nest;
		}
		return -EINVAL;
	}
	return 0;
}

/* The rule with @id (if not 0) and @name (if not ""): both must match. */
static int find_rule(const struct rg_ruleset *rs, u32 id, const char *name)
{
	unsigned int i;

	if (!id && !name[0])
		return -1;
	for (i = 0; rs && i < rs->n; i++)
		if ((!id || rs->info[i].id == id) &&
		    (!name[0] || !strcmp(rs->info[i].name, name)))
			return i;
	return -1;
}

/* Entry @to of @dst takes entry @from of @src, hits and all. */
static void copy_rule(struct rg_ruleset *dst, unsigned int to,
		      const struct rg_ruleset *src, unsigned int from)
{
	dst->match[to] = src->match[from];
	dst->info[to].id = src->info[from].id;
	memcpy(dst->info[to].name, src->info[from].name,
	       sizeof(dst->info[to].name));
	atomic64_set(&dst->info[to].hits,
		     atomic64_read(&src->info[from].hits));
}

static int put_rule(struct sk_buff *msg, const struct rg_ruleset *rs,
		    unsigned int i)
{
	const struct rg_rule_match *m = &rs->match[i];
	size_t alen = m->family == AF_INET ? 4 : 16;
	struct nlattr *nest;

	nest = nla_nest_start(msg, RSTGUARD_A_RULE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, RSTGUARD_RULE_A_ID, rs->info[i].id) ||
	    nla_put_u32(msg, RSTGUARD_RULE_A_POSITION, i + 1) ||
	    nla_put_u8(msg, RSTGUARD_RULE_A_ACTION, m->action) ||
	    nla_put_u64_64bit(msg, RSTGUARD_RULE_A_HITS,
			      atomic64_read(&rs->info[i].hits),
			      RSTGUARD_RULE_A_PAD) ||
	    (rs->info[i].name[0] &&
	     nla_put_string(msg, RSTGUARD_RULE_A_NAME, rs->info[i].name)) ||
	    (m->family && nla_put_u8(msg, RSTGUARD_RULE_A_FAMILY, m->family)) ||
	    (m->src_plen &&
	     (nla_put(msg, RSTGUARD_RULE_A_SRC_ADDR, alen, m->src) ||
	      nla_put_u8(msg, RSTGUARD_RULE_A_SRC_PLEN, m->src_plen))) ||
	    (m->dst_plen &&
	     (nla_put(msg, RSTGUARD_RULE_A_DST_ADDR, alen, m->dst) ||
	      nla_put_u8(msg, RSTGUARD_RULE_A_DST_PLEN, m->dst_plen))) ||
	    nla_put_u16(msg, RSTGUARD_RULE_A_SPORT_MIN, m->sport_min) ||
	    nla_put_u16(msg, RSTGUARD_RULE_A_SPORT_MAX, m->sport_max) ||
	    nla_put_u16(msg, RSTGUARD_RULE_A_DPORT_MIN, m->dport_min) ||
	    nla_put_u16(msg, RSTGUARD_RULE_A_DPORT_MAX, m->dport_max) ||
	    (m->iif[0] && nla_put_string(msg, RSTGUARD_RULE_A_IIF, m->iif)) ||
	    (m->oif[0] && nla_put_string(msg, RSTGUARD_RULE_A_OIF, m->oif))) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* cb->args[0]: index of the next rule; a change mid-dump goes on by index. */
int rg_nl_rule_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct rg_net *rn = rg_pernet(sock_net(skb->sk));
	unsigned int i = cb->args[0];
	struct rg_ruleset *rs;
	void *hdr;

	rcu_read_lock();
	rs = rcu_dereference(rn->rules);
	for (; rs && i < rs->n; i++) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &rg_genl_family,
				  NLM_F_MULTI, RSTGUARD_CMD_RULE_GET);
		if (!hdr)
			break;
		if (put_rule(skb, rs, i)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	rcu_read_unlock();
	cb->args[0] = i;
	return rs && i < rs->n ? skb->len : 0;
}

static int reply_rule(struct genl_info *info, u32 id, u32 pos)
{
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &rg_genl_family, 0,
				info->genlhdr->cmd);
	if (!hdr)
		goto nospace;
	nest = nla_nest_start(msg, RSTGUARD_A_RULE);
	if (!nest || nla_put_u32(msg, RSTGUARD_RULE_A_ID, id) ||
	    nla_put_u32(msg, RSTGUARD_RULE_A_POSITION, pos))
		goto nospace;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
nospace:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

int rg_nl_rule_add(struct sk_buff *skb, struct genl_info *info)
{
	struct rg_net *rn = rg_pernet(genl_info_net(info));
	struct nlattr *nest = info->attrs[RSTGUARD_A_RULE];
	char name[RSTGUARD_RULE_NAME_MAX];
	struct rg_ruleset *old, *rs;
	struct rg_rule_match m;
	unsigned int n, i;
	u32 pos = 0, id;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, RSTGUARD_A_RULE))
		return -EINVAL;
	err = parse_rule(nest, &m, name, &pos, info->extack);
	if (err)
		return err;

	mutex_lock(&rn->rules_mutex);
	old = rg_rules_locked(rn);
	n = old ? old->n : 0;
	err = -ENOSPC;
	if (n >= RSTGUARD_RULES_MAX) {
		NL_SET_ERR_MSG(info->extack, "too many rules");
		goto unlock;
	}
	err = -EEXIST;
	if (find_rule(old, 0, name) >= 0) {
		NL_SET_ERR_MSG_ATTR(info->extack, nest,
				    "a rule with this name exists");
		goto unlock;
	}
	err = -ERANGE;
	if (pos > n + 1) {
		NL_SET_ERR_MSG_ATTR(info->extack, nest,
				    "position is past the end of the rules");
		goto unlock;
	}
	if (!pos)
		pos = n + 1;
	err = -ENOMEM;
	rs = rg_ruleset_alloc(n + 1);
	if (!rs)
		goto unlock;
	for (i = 0; i < n; i++)
		copy_rule(rs, i < pos - 1 ? i : i + 1, old, i);
	id = ++rn->rule_next_id;
	rs->match[pos - 1] = m;
	rs->info[pos - 1].id = id;
	strscpy(rs->info[pos - 1].name, name, sizeof(rs->info[0].name));
	rg_ruleset_swap(rn, rs);
	rg_rules_rematch(rn);
	err = reply_rule(info, id, pos);
unlock:
	mutex_unlock(&rn->rules_mutex);
	return err;
}

int rg_nl_rule_del(struct sk_buff *skb, struct genl_info *info)
{
	struct rg_net *rn = rg_pernet(genl_info_net(info));
	struct nlattr *tb[RSTGUARD_RULE_A_MAX + 1];
	char name[RSTGUARD_RULE_NAME_MAX] = "";
	struct rg_ruleset *old, *rs = NULL;
	unsigned int i, j;
	u32 id = 0;
	int err, at;

	if (GENL_REQ_ATTR_CHECK(info, RSTGUARD_A_RULE))
		return -EINVAL;
	err = nla_parse_nested(tb, RSTGUARD_RULE_A_MAX,
			       info->attrs[RSTGUARD_A_RULE], rg_rule_policy,
			       info->extack);
	if (err)
		return err;
	if (tb[RSTGUARD_RULE_A_ID])
		id = nla_get_u32(tb[RSTGUARD_RULE_A_ID]);
	if (tb[RSTGUARD_RULE_A_NAME])
		nla_strscpy(name, tb[RSTGUARD_RULE_A_NAME], sizeof(name));
	if (!id && !name[0]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[RSTGUARD_A_RULE],
				    "give the rule's id or name");
		return -EINVAL;
	}

	mutex_lock(&rn->rules_mutex);
	old = rg_rules_locked(rn);
	at = find_rule(old, id, name);
	err = -ENOENT;
	if (at < 0) {
		NL_SET_ERR_MSG(info->extack, "no such rule");
		goto unlock;
	}
	if (old->n > 1) {
		err = -ENOMEM;
		rs = rg_ruleset_alloc(old->n - 1);
		if (!rs)
			goto unlock;
		for (i = 0, j = 0; i < old->n; i++)
			if (i != at)
				copy_rule(rs, j++, old, i);
	}
	rg_ruleset_swap(rn, rs);
	rg_rules_rematch(rn);
	err = 0;
unlock:
	mutex_unlock(&rn->rules_mutex);
	return err;
}

int rg_nl_rule_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct rg_net *rn = rg_pernet(genl_info_net(info));

	mutex_lock(&rn->rules_mutex);
	rg_ruleset_swap(rn, NULL);
	rg_rules_rematch(rn);
	mutex_unlock(&rn->rules_mutex);
	return 0;
}

int rg_nl_rule_replace(struct sk_buff *skb, struct genl_info *info)
{
	struct rg_net *rn = rg_pernet(genl_info_net(info));
	struct nlattr *set = info->attrs[RSTGUARD_A_RULESET];
	struct rg_ruleset *rs = NULL;
	unsigned int n = 0, i;
	struct nlattr *nest;
	int rem, err;

	if (GENL_REQ_ATTR_CHECK(info, RSTGUARD_A_RULESET))
		return -EINVAL;
	nla_for_each_nested(nest, set, rem)
		n++;
	if (n > RSTGUARD_RULES_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack, set, "too many rules");
		return -ENOSPC;
	}
	if (n) {
		rs = rg_ruleset_alloc(n);
		if (!rs)
			return -ENOMEM;
	}
	i = 0;
	nla_for_each_nested(nest, set, rem) {
		err = parse_rule(nest, &rs->match[i], rs->info[i].name, NULL,
				 info->extack);
		if (err)
			goto free;
		if (rs->info[i].name[0] &&
		    find_rule(rs, 0, rs->info[i].name) < (int)i) {
			NL_SET_ERR_MSG_ATTR(info->extack, nest,
					    "two rules have the same name");
			err = -EEXIST;
			goto free;
		}
		i++;
	}

	mutex_lock(&rn->rules_mutex);
	for (i = 0; i < n; i++)
		rs->info[i].id = ++rn->rule_next_id;
	rg_ruleset_swap(rn, rs);
	rg_rules_rematch(rn);
	mutex_unlock(&rn->rules_mutex);
	return 0;
free:
	rg_ruleset_free(rs);
	return err;
}
