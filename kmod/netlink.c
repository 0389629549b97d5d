// SPDX-License-Identifier: GPL-2.0
/*
 * The "rstguard" generic netlink family: commands, policies and replies.
 *
 * Every command number is at or above resv_start_op, so genetlink validates
 * every request strictly: reserved header bytes must be zero, unknown
 * attributes are rejected, and a command without a policy accepts no
 * attributes at all. Handlers run under genl_mutex (parallel_ops is off).
 */
#include <net/genetlink.h>
#include "rstguard.h"
#include "version.h"

/* Start a reply to @info carrying the request's command number. */
static struct sk_buff *reply_new(struct genl_info *info, void **hdr)
{
	struct sk_buff *msg;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return NULL;
	*hdr = genlmsg_put_reply(msg, info, &rg_genl_family, 0,
				 info->genlhdr->cmd);
	if (!*hdr) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int rg_nl_version_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, RSTGUARD_A_VERSION, RSTGUARD_VERSION) ||
	    nla_put_u32(msg, RSTGUARD_A_GENL_VERSION, RSTGUARD_GENL_VERSION)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int put_stats(struct sk_buff *msg, const struct rg_net *rn)
{
	u64 sum[RG_STAT_COUNT];
	struct nlattr *nest;
	unsigned int i;

	rg_stats_sum(rn, sum);
	/* a gauge, not a per-CPU counter */
	sum[RSTGUARD_STATS_A_SESSIONS_LIVE - RG_STAT_FIRST] =
		atomic_read(&rn->table.count);
	nest = nla_nest_start(msg, RSTGUARD_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < RG_STAT_COUNT; i++) {
		if (nla_put_u64_64bit(msg, RG_STAT_FIRST + i, sum[i],
				      RSTGUARD_STATS_A_PAD)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int rg_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;
	err = put_stats(msg, rg_pernet(genl_info_net(info)));
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * A command without a policy takes no attributes (see the comment on top).
 * All but VERSION_GET reveal or change the namespace's state.
 */
static const struct genl_ops rg_genl_ops[] = {
	{
		.cmd	= RSTGUARD_CMD_VERSION_GET,
		.doit	= rg_nl_version_get,
	},
	{
		.cmd	= RSTGUARD_CMD_STATS_GET,
		.doit	= rg_nl_stats_get,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RSTGUARD_CMD_CONFIG_GET,
		.doit	= rg_nl_config_get,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RSTGUARD_CMD_CONFIG_SET,
		.doit	= rg_nl_config_set,
		.policy	= rg_config_set_policy,
		.maxattr = RSTGUARD_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RSTGUARD_CMD_SESSION_GET,
		.start	= rg_nl_session_dump_start,
		.dumpit	= rg_nl_session_dump,
		.done	= rg_nl_session_dump_done,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RSTGUARD_CMD_SESSION_FLUSH,
		.doit	= rg_nl_session_flush,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RSTGUARD_CMD_SESSION_DEL,
		.doit	= rg_nl_session_del,
		.policy	= rg_session_del_policy,
		.maxattr = RSTGUARD_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RSTGUARD_CMD_RULE_GET,
		.dumpit	= rg_nl_rule_dump,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RSTGUARD_CMD_RULE_ADD,
		.doit	= rg_nl_rule_add,
		.policy	= rg_rule_add_policy,
		.maxattr = RSTGUARD_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RSTGUARD_CMD_RULE_DEL,
		.doit	= rg_nl_rule_del,
		.policy	= rg_rule_add_policy,
		.maxattr = RSTGUARD_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RSTGUARD_CMD_RULE_FLUSH,
		.doit	= rg_nl_rule_flush,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RSTGUARD_CMD_RULE_REPLACE,
		.doit	= rg_nl_rule_replace,
		.policy	= rg_rule_replace_policy,
		.maxattr = RSTGUARD_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RSTGUARD_CMD_SIG_GET,
		.dumpit	= rg_nl_sig_dump,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RSTGUARD_CMD_SIG_ADD,
		.doit	= rg_nl_sig_add,
		.policy	= rg_sig_add_policy,
		.maxattr = RSTGUARD_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RSTGUARD_CMD_SIG_DEL,
		.doit	= rg_nl_sig_del,
		.policy	= rg_sig_add_policy,
		.maxattr = RSTGUARD_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RSTGUARD_CMD_SIG_FLUSH,
		.doit	= rg_nl_sig_flush,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RSTGUARD_CMD_SIG_REPLACE,
		.doit	= rg_nl_sig_replace,
		.policy	= rg_sig_add_policy,
		.maxattr = RSTGUARD_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group rg_genl_mcgrps[] = {
	{ .name = RSTGUARD_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

struct genl_family rg_genl_family __ro_after_init = {
	.name		= RSTGUARD_GENL_NAME,
	.version	= RSTGUARD_GENL_VERSION,
	.maxattr	= RSTGUARD_A_MAX,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.resv_start_op	= RSTGUARD_CMD_VERSION_GET,
	.ops		= rg_genl_ops,
	.n_ops		= ARRAY_SIZE(rg_genl_ops),
	.mcgrps		= rg_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(rg_genl_mcgrps),
};

int __init rg_genl_init(void)
{
	return genl_register_family(&rg_genl_family);
}

void rg_genl_exit(void)
{
	genl_unregister_family(&rg_genl_family);
}
