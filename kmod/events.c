// SPDX-License-Identifier: GPL-2.0
/*
 * What happens when a session ends, whoever ended it: the per-reason
 * counter, the netlink event (netlink_session.c) and, at the namespace's
 * log level, one rate-limited kernel log line:
 *
 *   rstguard: end tcp-fin 10.0.1.2:41234 -> 10.0.2.2:80 dur 1.204s pkts 5/4 bytes 400/1200
 */
#include <linux/bottom_half.h>
#include <linux/printk.h>
#include "rstguard.h"

static bool rg_log_wanted(u8 level, u8 reason)
{
	switch (level) {
	case RSTGUARD_LOG_ALL:
		return true;
	case RSTGUARD_LOG_THREATS:
		return reason == RSTGUARD_END_THREAT ||
		       reason == RSTGUARD_END_POLICY_DENY;
	default:
		return false;
	}
}

static void rg_log_end(struct rg_net *rn, const struct rg_record *rec)
{
	const char *reason = rg_end_reason_name(rec->reason);
	/* the rule that ended it, if it has a name */
	const char *rule = rec->reason == RSTGUARD_END_POLICY_DENY &&
			   rec->rule_name[0] ? " rule " : "";
	u64 ms = rec->duration_ms;

	if (!rg_log_wanted(READ_ONCE(rn->cfg.log), rec->reason) ||
	    !__ratelimit(&rn->log_rs))
		return;
	if (rec->family == AF_INET)
		pr_info("end %s %pI4:%u -> %pI4:%u dur %llu.%03llus pkts %llu/%llu bytes %llu/%llu%s%s\n",
			reason, &rec->client.s6_addr32[0], rec->client_port,
			&rec->server.s6_addr32[0], rec->server_port,
			ms / 1000, ms % 1000, rec->pkts[0], rec->pkts[1],
			rec->bytes[0], rec->bytes[1], rule, rec->rule_name);
	else
		pr_info("end %s [%pI6c]:%u -> [%pI6c]:%u dur %llu.%03llus pkts %llu/%llu bytes %llu/%llu%s%s\n",
			reason, &rec->client, rec->client_port,
			&rec->server, rec->server_port,
			ms / 1000, ms % 1000, rec->pkts[0], rec->pkts[1],
			rec->bytes[0], rec->bytes[1], rule, rec->rule_name);
}

/* Any context; @rec is the ended session's final record. */
void rg_session_ended(struct rg_net *rn, struct rg_record *rec)
{
	rcu_read_lock();
	rg_rule_name(rn, rec->rule_id, rec->rule_name);
	rcu_read_unlock();

	/* per-CPU counters are written with BH off (see struct rg_net) */
	local_bh_disable();
	rg_stats_add(rn, RSTGUARD_STATS_A_ENDED_UNKNOWN + rec->reason, 1);
	local_bh_enable();
	rg_nl_notify_end(rn, rec);
	rg_log_end(rn, rec);
}
