// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace settings: defaults, RSTGUARD_CMD_CONFIG_GET and _SET.
 *
 * Handlers run under genl_mutex, which serialises all writers; the packet
 * path and the GC read each field with READ_ONCE() and may act on the old
 * value for a moment.
 */
#include <net/genetlink.h>
#include "rstguard.h"

void rg_config_init(struct rg_config *cfg)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cfg->timeout); i++)
		cfg->timeout[i] = rg_tcp_timeout_default(i);
	cfg->limit = RG_LIMIT_DEFAULT;
	cfg->log = RSTGUARD_LOG_THREATS;
	cfg->strict = 0;
	cfg->fail_open = 0;
	cfg->default_action = RSTGUARD_ACTION_ALLOW;
	cfg->reset_on_aged_out = 0;
	cfg->rematch = 1;
}

static struct netlink_range_validation rg_timeout_range = {
	.min = 1,
	.max = RG_TIMEOUT_MAX_S,
};

static struct netlink_range_validation rg_limit_range = {
	.min = 1,
	.max = RG_LIMIT_MAX,
};

static const struct nla_policy rg_timeouts_policy[RSTGUARD_TIMEOUTS_A_MAX + 1] = {
	[RSTGUARD_TIMEOUTS_A_TCP_INIT ... RSTGUARD_TIMEOUTS_A_TCP_TIME_WAIT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &rg_timeout_range),
	[RSTGUARD_TIMEOUTS_A_UNVERIFIED_RST] = {
		.type = NLA_REJECT,
		.reject_message = "no unverified-rst timeout: an inexact RST never ends a session",
	},
};

static const struct nla_policy rg_config_policy[RSTGUARD_CONFIG_A_MAX + 1] = {
	[RSTGUARD_CONFIG_A_TIMEOUTS]	= NLA_POLICY_NESTED(rg_timeouts_policy),
	[RSTGUARD_CONFIG_A_LIMIT]	= NLA_POLICY_FULL_RANGE(NLA_U32, &rg_limit_range),
	[RSTGUARD_CONFIG_A_LOG]		= NLA_POLICY_MAX(NLA_U8, RSTGUARD_LOG_MAX),
	[RSTGUARD_CONFIG_A_STRICT]	= NLA_POLICY_MAX(NLA_U8, 1),
	[RSTGUARD_CONFIG_A_FAIL_OPEN]	= NLA_POLICY_MAX(NLA_U8, 1),
	[RSTGUARD_CONFIG_A_DEFAULT_ACTION] = NLA_POLICY_MAX(NLA_U8,
							   RSTGUARD_ACTION_MAX),
	[RSTGUARD_CONFIG_A_RESET_ON_AGED_OUT] = NLA_POLICY_MAX(NLA_U8, 1),
	[RSTGUARD_CONFIG_A_REMATCH]	= NLA_POLICY_MAX(NLA_U8, 1),
	[RSTGUARD_CONFIG_A_OFFLOAD_MARK] = { .type = NLA_U32 },
};

const struct nla_policy rg_config_set_policy[RSTGUARD_A_MAX + 1] = {
	[RSTGUARD_A_CONFIG]	= NLA_POLICY_NESTED(rg_config_policy),
};

static int put_config(struct sk_buff *msg, const struct rg_config *cfg)
{
	struct nlattr *nest, *tnest;
	unsigned int i;

	nest = nla_nest_start(msg, RSTGUARD_A_CONFIG);
	if (!nest)
		return -EMSGSIZE;
	tnest = nla_nest_start(msg, RSTGUARD_CONFIG_A_TIMEOUTS);
	if (!tnest)
		goto cancel;
	for (i = 0; i < ARRAY_SIZE(cfg->timeout); i++)
		if (nla_put_u32(msg, RSTGUARD_TIMEOUTS_A_TCP_INIT + i,
				cfg->timeout[i]))
			goto cancel;
	nla_nest_end(msg, tnest);
	if (nla_put_u32(msg, RSTGUARD_CONFIG_A_LIMIT, cfg->limit) ||
	    nla_put_u8(msg, RSTGUARD_CONFIG_A_LOG, cfg->log) ||
	    nla_put_u8(msg, RSTGUARD_CONFIG_A_STRICT, cfg->strict) ||
	    nla_put_u8(msg, RSTGUARD_CONFIG_A_FAIL_OPEN, cfg->fail_open) ||
	    nla_put_u8(msg, RSTGUARD_CONFIG_A_DEFAULT_ACTION,
		       cfg->default_action) ||
	    nla_put_u8(msg, RSTGUARD_CONFIG_A_RESET_ON_AGED_OUT,
		       cfg->reset_on_aged_out) ||
	    nla_put_u8(msg, RSTGUARD_CONFIG_A_REMATCH, cfg->rematch) ||
	    nla_put_u32(msg, RSTGUARD_CONFIG_A_OFFLOAD_MARK, cfg->offload_mark))
		goto cancel;
	nla_nest_end(msg, nest);
	return 0;
cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

int rg_nl_config_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &rg_genl_family, 0,
				info->genlhdr->cmd);
	if (!hdr || put_config(msg, &rg_pernet(genl_info_net(info))->cfg)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* The policy checked every value; apply them all, nothing can fail now. */
int rg_nl_config_set(struct sk_buff *skb, struct genl_info *info)
{
	struct rg_config *cfg = &rg_pernet(genl_info_net(info))->cfg;
	struct nlattr *tb[RSTGUARD_CONFIG_A_MAX + 1];
	struct nlattr *tt[RSTGUARD_TIMEOUTS_A_MAX + 1];
	unsigned int i;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, RSTGUARD_A_CONFIG))
		return -EINVAL;
	err = nla_parse_nested(tb, RSTGUARD_CONFIG_A_MAX,
			       info->attrs[RSTGUARD_A_CONFIG], rg_config_policy,
			       info->extack);
	if (err)
		return err;
	if (tb[RSTGUARD_CONFIG_A_TIMEOUTS]) {
		err = nla_parse_nested(tt, RSTGUARD_TIMEOUTS_A_MAX,
				       tb[RSTGUARD_CONFIG_A_TIMEOUTS],
				       rg_timeouts_policy, info->extack);
		if (err)
			return err;
		for (i = 0; i < ARRAY_SIZE(cfg->timeout); i++)
			if (tt[RSTGUARD_TIMEOUTS_A_TCP_INIT + i])
				WRITE_ONCE(cfg->timeout[i],
					   nla_get_u32(tt[RSTGUARD_TIMEOUTS_A_TCP_INIT + i]));
	}
	if (tb[RSTGUARD_CONFIG_A_LIMIT])
		WRITE_ONCE(cfg->limit, nla_get_u32(tb[RSTGUARD_CONFIG_A_LIMIT]));
	if (tb[RSTGUARD_CONFIG_A_LOG])
		WRITE_ONCE(cfg->log, nla_get_u8(tb[RSTGUARD_CONFIG_A_LOG]));
	if (tb[RSTGUARD_CONFIG_A_STRICT])
		WRITE_ONCE(cfg->strict, nla_get_u8(tb[RSTGUARD_CONFIG_A_STRICT]));
	if (tb[RSTGUARD_CONFIG_A_FAIL_OPEN])
		WRITE_ONCE(cfg->fail_open,
			   nla_get_u8(tb[RSTGUARD_CONFIG_A_FAIL_OPEN]));
	if (tb[RSTGUARD_CONFIG_A_RESET_ON_AGED_OUT])
		WRITE_ONCE(cfg->reset_on_aged_out,
			   nla_get_u8(tb[RSTGUARD_CONFIG_A_RESET_ON_AGED_OUT]));
	if (tb[RSTGUARD_CONFIG_A_REMATCH])
		WRITE_ONCE(cfg->rematch, nla_get_u8(tb[RSTGUARD_CONFIG_A_REMATCH]));
	if (tb[RSTGUARD_CONFIG_A_OFFLOAD_MARK])
		WRITE_ONCE(cfg->offload_mark,
			   nla_get_u32(tb[RSTGUARD_CONFIG_A_OFFLOAD_MARK]));
	if (tb[RSTGUARD_CONFIG_A_DEFAULT_ACTION]) {
		struct rg_net *rn = rg_pernet(genl_info_net(info));

		/* the default action is part of the policy: rematch */
		mutex_lock(&rn->rules_mutex);
		WRITE_ONCE(cfg->default_action,
			   nla_get_u8(tb[RSTGUARD_CONFIG_A_DEFAULT_ACTION]));
		rg_rules_rematch(rn);
		mutex_unlock(&rn->rules_mutex);
	}
	return 0;
}
