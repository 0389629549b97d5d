// SPDX-License-Identifier: GPL-2.0
/*
 * Policy rules of a namespace: the ruleset, its evaluation for new sessions
 * and the rematch of live sessions when it changes.
 *
 * A ruleset is immutable once published. Writers (netlink, under
 * genl_mutex) build a new one and swap the pointer with RCU, so a packet
 * sees the old ruleset or the new one, never a mix; the old one is freed
 * after a grace period. Only the hit counters change in place (atomics).
 */
#include <linux/slab.h>
#include <net/ip6_route.h>
#include <net/route.h>
#include "rstguard.h"

struct rg_ruleset *rg_ruleset_alloc(unsigned int n)
{
	/* n <= RSTGUARD_RULES_MAX: no overflow */
	size_t info_off = ALIGN(offsetof(struct rg_ruleset, match) +
				n * sizeof(struct rg_rule_match), 8);
	struct rg_ruleset *rs;

	rs = kvzalloc(info_off + n * sizeof(struct rg_rule_info), GFP_KERNEL);
	if (!rs)
		return NULL;
	rs->n = n;
	rs->info = (struct rg_rule_info *)((char *)rs + info_off);
	return rs;
}

void rg_ruleset_free(struct rg_ruleset *rs)
{
	kvfree(rs);
}

/* Publish @rs (may be NULL: no rules); the old set goes after a grace period. */
void rg_ruleset_swap(struct rg_net *rn, struct rg_ruleset *rs)
{
	struct rg_ruleset *old = rg_rules_locked(rn);
	unsigned int i;

	if (rs) {
		for (i = 0; i < rs->n; i++)
			if (rg_rule_uses_ifaces(&rs->match[i]))
				rs->uses_ifaces = true;
	}
	rcu_assign_pointer(rn->rules, rs);
	if (old)
		kvfree_rcu(old, rcu);
}

/* Caller holds rcu_read_lock(); @name gets "" if the rule is gone. */
void rg_rule_name(struct rg_net *rn, u32 id, char *name)
{
	struct rg_ruleset *rs = rcu_dereference(rn->rules);
	unsigned int i;

	name[0] = '\0';
	if (!rs || !id)
		return;
	for (i = 0; i < rs->n; i++) {
		if (rs->info[i].id == id) {
			strscpy(name, rs->info[i].name, RSTGUARD_RULE_NAME_MAX);
			return;
		}
	}
}

/*
 * First match for @f under RCU. On entry *id is the rule the session has
 * now (0 for a new session); a match of another rule counts a hit. Returns
 * the action, and the rule's id in *id (0: no rule matched, the namespace's
 * default action).
 */
u8 rg_rules_eval(struct rg_net *rn, const struct rg_flow *f, u32 *id)
{
	struct rg_ruleset *rs = rcu_dereference(rn->rules);
	u32 prev = *id;
	int i = -1;

	if (rs)
		i = rg_rules_first_match(rs->match, rs->n, f);
	if (i < 0) {
		*id = 0;
		return READ_ONCE(rn->cfg.default_action);
	}
	/* hits count sessions: a rematch to the same rule is not a new one */
	if (rs->info[i].id != prev)
		atomic64_inc(&rs->info[i].hits);
	*id = rs->info[i].id;
	return rs->match[i].action;
}

/* The device the namespace routes @addr through, into @name (or ""). */
static void route_dev_name(struct net *net, u8 family,
			   const struct in6_addr *addr, char *name)
{
	name[0] = '\0';
	if (family == AF_INET) {
		struct flowi4 fl4 = { .daddr = addr->s6_addr32[0] };
		struct rtable *rt = ip_route_output_key(net, &fl4);

		if (IS_ERR(rt))
			return;
		strscpy(name, rt->dst.dev->name, IFNAMSIZ);
		ip_rt_put(rt);
	} else {
		struct flowi6 fl6 = { .daddr = *addr };
		struct dst_entry *dst = ip6_route_output(net, NULL, &fl6);

		if (!dst->error)
			strscpy(name, dst->dev->name, IFNAMSIZ);
		dst_release(dst);
	}
}

/*
 * The flow of a live session, client to server. With no packet in hand
 * the interfaces come from the routing table: in through the route to the
 * client, out through the route to the server.
 */
static void record_flow(struct rg_net *rn, const struct rg_record *rec,
			bool ifaces, char *iif, char *oif, struct rg_flow *f)
{
	memset(f, 0, sizeof(*f));
	f->family = rec->family;
	memcpy(f->src, &rec->client, sizeof(f->src));
	memcpy(f->dst, &rec->server, sizeof(f->dst));
	f->sport = rec->client_port;
	f->dport = rec->server_port;
	if (!ifaces)
		return;
	route_dev_name(rn->net, rec->family, &rec->client, iif);
	route_dev_name(rn->net, rec->family, &rec->server, oif);
	f->iif = iif;
	f->oif = oif;
}

/* Which ends an action resets on a live session (deny: the client). */
void rg_action_targets(u8 action, bool *client, bool *server)
{
	*client = action == RSTGUARD_ACTION_DENY ||
		  action == RSTGUARD_ACTION_RESET_CLIENT ||
		  action == RSTGUARD_ACTION_RESET_BOTH;
	*server = action == RSTGUARD_ACTION_RESET_SERVER ||
		  action == RSTGUARD_ACTION_RESET_BOTH;
}

/* Evaluate one live session again; end it if it is no longer allowed. */
static void rematch_one(struct rg_net *rn, struct rg_session *s)
{
	char iif[IFNAMSIZ], oif[IFNAMSIZ];
	bool ended, client, server;
	struct rg_record rec;
	struct rg_flow flow;
	struct rg_tcp tcp;
	u8 action;
	u32 id;

	spin_lock_bh(&s->lock);
	/*
	 * A connection already closed (FINs both ways, or an RST) only waits
	 * out its time-wait, and a blocked one is ended by its threat: there
	 * is nothing left to deny, and nobody to reset. One a flowtable
	 * forwards is out of reach, as it is of nft's own rules: resets built
	 * from windows the flowtable left behind would miss.
	 */
	ended = (s->flags & (RG_SESS_DEAD | RG_SESS_BLOCKED |
			     RG_SESS_OFFLOADED)) ||
		rg_tcp_state(&s->tcp) == RSTGUARD_TCP_TIME_WAIT ||
		rg_tcp_state(&s->tcp) == RSTGUARD_TCP_CLOSED;
	if (!ended)
		rg_session_record(NULL, s, &rec);
	spin_unlock_bh(&s->lock);
	if (ended)
		return;

	rcu_read_lock();
	record_flow(rn, &rec, rcu_dereference(rn->rules) &&
		    rcu_dereference(rn->rules)->uses_ifaces, iif, oif, &flow);
	id = rec.rule_id;
	action = rg_rules_eval(rn, &flow, &id);
	rcu_read_unlock();

	spin_lock_bh(&s->lock);
	if (action == RSTGUARD_ACTION_ALLOW) {
		s->rule_id = id;
		spin_unlock_bh(&s->lock);
		return;
	}
	s->rule_id = id;
	tcp = s->tcp;
	ended = rg_session_end_locked(s, RG_END_BIT(RSTGUARD_END_POLICY_DENY),
				      &rec);
	spin_unlock_bh(&s->lock);
	if (!ended)
		return;
	rg_session_unlink(rn, s);
	rg_action_targets(action, &client, &server);
	rg_reset_tracked(rn, &rec, &tcp, client, server);
	rg_session_ended(rn, &rec);
}

/* After a ruleset change, if rematch is on; process context. */
void rg_rules_rematch(struct rg_net *rn)
{
	struct rhashtable_iter iter;
	struct rg_session *s;
	unsigned int n = 0;

	if (!READ_ONCE(rn->cfg.rematch))
		return;
	rhashtable_walk_enter(&rn->table.ht, &iter);
	rhashtable_walk_start(&iter);
	while ((s = rhashtable_walk_next(&iter))) {
		if (IS_ERR(s)) {
			if (PTR_ERR(s) == -EAGAIN)
				continue;
			break;
		}
		rematch_one(rn, s);
		if (!(++n % 256)) {
			rhashtable_walk_stop(&iter);
			cond_resched();
			rhashtable_walk_start(&iter);
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
}

void rg_rules_exit(struct rg_net *rn)
{
	/* no reader left: the hooks are gone, netlink cannot reach us */
	rg_ruleset_free(rcu_dereference_protected(rn->rules, true));
	RCU_INIT_POINTER(rn->rules, NULL);
}
