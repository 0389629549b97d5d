// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions over netlink: the record's attributes, the resumable dump, flush,
 * delete, and the end event on the "events" multicast group.
 */
#include <net/genetlink.h>
#include <net/sock.h>
#include "rstguard.h"

/* @ended: an end event, with REASON and no EXPIRES. */
int rg_nl_put_record(struct sk_buff *msg, const struct rg_record *rec,
		     bool ended)
{
	size_t alen = rec->family == AF_INET ? 4 : 16;
	struct nlattr *nest;

	nest = nla_nest_start(msg, RSTGUARD_A_SESSION);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(msg, RSTGUARD_SESSION_A_FAMILY, rec->family) ||
	    nla_put(msg, RSTGUARD_SESSION_A_CLIENT_ADDR, alen, &rec->client) ||
	    nla_put(msg, RSTGUARD_SESSION_A_SERVER_ADDR, alen, &rec->server) ||
	    nla_put_u16(msg, RSTGUARD_SESSION_A_CLIENT_PORT, rec->client_port) ||
	    nla_put_u16(msg, RSTGUARD_SESSION_A_SERVER_PORT, rec->server_port) ||
	    nla_put_u8(msg, RSTGUARD_SESSION_A_STATE, rec->state) ||
	    nla_put_u64_64bit(msg, RSTGUARD_SESSION_A_START, rec->start_ns,
			      RSTGUARD_SESSION_A_PAD) ||
	    nla_put_u64_64bit(msg, RSTGUARD_SESSION_A_DURATION,
			      rec->duration_ms, RSTGUARD_SESSION_A_PAD) ||
	    nla_put_u64_64bit(msg, RSTGUARD_SESSION_A_PKTS_CLIENT,
			      rec->pkts[0], RSTGUARD_SESSION_A_PAD) ||
	    nla_put_u64_64bit(msg, RSTGUARD_SESSION_A_PKTS_SERVER,
			      rec->pkts[1], RSTGUARD_SESSION_A_PAD) ||
	    nla_put_u64_64bit(msg, RSTGUARD_SESSION_A_BYTES_CLIENT,
			      rec->bytes[0], RSTGUARD_SESSION_A_PAD) ||
	    nla_put_u64_64bit(msg, RSTGUARD_SESSION_A_BYTES_SERVER,
			      rec->bytes[1], RSTGUARD_SESSION_A_PAD) ||
	    nla_put_u8(msg, RSTGUARD_SESSION_A_FIRST_FIN, rec->first_fin) ||
	    nla_put_u8(msg, RSTGUARD_SESSION_A_FIRST_RST, rec->first_rst) ||
	    nla_put_u32(msg, RSTGUARD_SESSION_A_CAUSES, rec->causes) ||
	    nla_put_string(msg, RSTGUARD_SESSION_A_HISTORY, rec->history) ||
	    (rec->pickup && nla_put_flag(msg, RSTGUARD_SESSION_A_PICKUP)))
		goto cancel;
	if (rec->rule_id &&
	    (nla_put_u32(msg, RSTGUARD_SESSION_A_RULE_ID, rec->rule_id) ||
	     (rec->rule_name[0] &&
	      nla_put_string(msg, RSTGUARD_SESSION_A_RULE_NAME,
			     rec->rule_name))))
		goto cancel;
	if (rec->sig_id &&
	    (nla_put_u32(msg, RSTGUARD_SESSION_A_SIG_ID, rec->sig_id) ||
	     (rec->sig_msg[0] &&
	      nla_put_string(msg, RSTGUARD_SESSION_A_SIG_MSG, rec->sig_msg))))
		goto cancel;
	if (ended) {
		if (nla_put_u8(msg, RSTGUARD_SESSION_A_REASON, rec->reason))
			goto cancel;
	} else {
		if (nla_put_u32(msg, RSTGUARD_SESSION_A_EXPIRES, rec->expires))
			goto cancel;
	}
	nla_nest_end(msg, nest);
	return 0;
cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

/*
 * An event on the "events" group: @cmd is SESSION_END (@rec is final) or
 * SIG_ALERT (@rec is live). Any context; built only when somebody listens.
 */
void rg_nl_notify(struct rg_net *rn, const struct rg_record *rec, u8 cmd)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&rg_genl_family, rn->net, 0))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		goto lost;
	hdr = genlmsg_put(msg, 0, 0, &rg_genl_family, 0, cmd);
	if (!hdr || rg_nl_put_record(msg, rec, cmd == RSTGUARD_CMD_SESSION_END)) {
		nlmsg_free(msg);
		goto lost;
	}
	genlmsg_end(msg, hdr);
	/* -ESRCH: the last listener left since we looked; nothing lost */
	if (genlmsg_multicast_netns(&rg_genl_family, rn->net, msg, 0, 0,
				    GFP_ATOMIC) == -ENOBUFS)
		goto lost;
	return;
lost:
	local_bh_disable();
	rg_stats_add(rn, RSTGUARD_STATS_A_EVENTS_LOST, 1);
	local_bh_enable();
}

/* The dump's place in the table, between calls: cb->args[0]. */
int rg_nl_session_dump_start(struct netlink_callback *cb)
{
	struct rg_net *rn = rg_pernet(sock_net(cb->skb->sk));
	struct rhashtable_iter *iter;

	iter = kmalloc(sizeof(*iter), GFP_KERNEL);
	if (!iter)
		return -ENOMEM;
	rhashtable_walk_enter(&rn->table.ht, iter);
	cb->args[0] = (long)iter;
	return 0;
}

int rg_nl_session_dump_done(struct netlink_callback *cb)
{
	struct rhashtable_iter *iter = (struct rhashtable_iter *)cb->args[0];

	if (iter) {
		rhashtable_walk_exit(iter);
		kfree(iter);
	}
	return 0;
}

static int dump_one(struct sk_buff *skb, struct netlink_callback *cb,
		    struct rg_net *rn, struct rg_session *s)
{
	struct rg_record rec;
	bool dead;
	void *hdr;

	spin_lock_bh(&s->lock);
	dead = s->flags & RG_SESS_DEAD;
	if (!dead)
		rg_session_record(rn, s, &rec);
	spin_unlock_bh(&s->lock);
	if (dead)
		return 0;
	rg_rule_name(rn, rec.rule_id, rec.rule_name);

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &rg_genl_family, NLM_F_MULTI,
			  RSTGUARD_CMD_SESSION_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (rg_nl_put_record(skb, &rec, false)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * One skb's worth of sessions. rhashtable_walk_peek() gives back the entry
 * that did not fit last time, so a full skb loses nothing.
 */
int rg_nl_session_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct rhashtable_iter *iter = (struct rhashtable_iter *)cb->args[0];
	struct rg_net *rn = rg_pernet(sock_net(skb->sk));
	struct rg_session *s;
	int err = 0;

	rhashtable_walk_start(iter);
	for (s = rhashtable_walk_peek(iter); s;
	     s = rhashtable_walk_next(iter)) {
		if (IS_ERR(s)) {
			if (PTR_ERR(s) == -EAGAIN)
				continue;	/* resized: rewound */
			err = PTR_ERR(s);
			break;
		}
		if (dump_one(skb, cb, rn, s)) {
			err = skb->len ? 0 : -EMSGSIZE;
			break;
		}
	}
	rhashtable_walk_stop(iter);
	if (err)
		return err;
	/* a positive length asks for another call; 0 ends the dump */
	return s ? skb->len : 0;
}

int rg_nl_session_flush(struct sk_buff *skb, struct genl_info *info)
{
	rg_table_end_all(rg_pernet(genl_info_net(info)),
			 RG_END_BIT(RSTGUARD_END_UNKNOWN));
	return 0;
}

static const struct nla_policy rg_tuple_policy[RSTGUARD_SESSION_A_MAX + 1] = {
	[RSTGUARD_SESSION_A_FAMILY]	 = { .type = NLA_U8 },
	[RSTGUARD_SESSION_A_CLIENT_ADDR] = NLA_POLICY_MIN_LEN(4),
	[RSTGUARD_SESSION_A_SERVER_ADDR] = NLA_POLICY_MIN_LEN(4),
	[RSTGUARD_SESSION_A_CLIENT_PORT] = { .type = NLA_U16 },
	[RSTGUARD_SESSION_A_SERVER_PORT] = { .type = NLA_U16 },
};

const struct nla_policy rg_session_del_policy[RSTGUARD_A_MAX + 1] = {
	[RSTGUARD_A_SESSION]	= NLA_POLICY_NESTED(rg_tuple_policy),
};

static const u16 rg_tuple_required[] = {
	RSTGUARD_SESSION_A_FAMILY, RSTGUARD_SESSION_A_CLIENT_ADDR,
	RSTGUARD_SESSION_A_SERVER_ADDR, RSTGUARD_SESSION_A_CLIENT_PORT,
	RSTGUARD_SESSION_A_SERVER_PORT,
};

int rg_nl_session_del(struct sk_buff *skb, struct genl_info *info)
{
	struct rg_net *rn = rg_pernet(genl_info_net(info));
	struct nlattr *tb[RSTGUARD_SESSION_A_MAX + 1];
	struct rg_session *s;
	struct rg_pkt_key pk;
	unsigned int i;
	size_t alen;
	u8 family;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, RSTGUARD_A_SESSION))
		return -EINVAL;
	err = nla_parse_nested(tb, RSTGUARD_SESSION_A_MAX,
			       info->attrs[RSTGUARD_A_SESSION], rg_tuple_policy,
			       info->extack);
	if (err)
		return err;
	for (i = 0; i < ARRAY_SIZE(rg_tuple_required); i++) {
		if (NL_REQ_ATTR_CHECK(info->extack,
				      info->attrs[RSTGUARD_A_SESSION], tb,
				      rg_tuple_required[i])) {
			NL_SET_ERR_MSG(info->extack,
				       "a session tuple needs family, addresses and ports");
			return -EINVAL;
		}
	}
	family = nla_get_u8(tb[RSTGUARD_SESSION_A_FAMILY]);
	if (family != AF_INET && family != AF_INET6) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[RSTGUARD_SESSION_A_FAMILY],
				    "family must be AF_INET or AF_INET6");
		return -EINVAL;
	}
	alen = family == AF_INET ? 4 : 16;
	if (nla_len(tb[RSTGUARD_SESSION_A_CLIENT_ADDR]) != alen ||
	    nla_len(tb[RSTGUARD_SESSION_A_SERVER_ADDR]) != alen) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[RSTGUARD_A_SESSION],
				    "address length does not match the family");
		return -EINVAL;
	}
	rg_key_from_tuple(&pk, family,
			  nla_data(tb[RSTGUARD_SESSION_A_CLIENT_ADDR]),
			  nla_data(tb[RSTGUARD_SESSION_A_SERVER_ADDR]),
			  htons(nla_get_u16(tb[RSTGUARD_SESSION_A_CLIENT_PORT])),
			  htons(nla_get_u16(tb[RSTGUARD_SESSION_A_SERVER_PORT])));

	rcu_read_lock();
	s = rg_table_lookup(rn, &pk.key);
	if (s)
		rg_session_end(rn, s, RG_END_BIT(RSTGUARD_END_UNKNOWN));
	rcu_read_unlock();
	if (!s) {
		NL_SET_ERR_MSG(info->extack, "no such session");
		return -ENOENT;
	}
	return 0;
}
