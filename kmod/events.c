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
	const char *name = rec->rule_name;
	u64 ms = rec->duration_ms;
	char sig[24];

	if (!rg_log_wanted(READ_ONCE(rn->cfg.log), rec->reason) ||
	    !__ratelimit(&rn->log_rs))
		return;
	/* a threat names its signature */
	if (rec->reason == RSTGUARD_END_THREAT && rec->sig_id) {
		snprintf(sig, sizeof(sig), " sig %u", rec->sig_id);
		rule = sig;
		name = "";
	}
	if (rec->family == AF_INET)
		pr_info("end %s %pI4:%u -> %pI4:%u dur %llu.%03llus pkts %llu/%llu bytes %llu/%llu%s%s\n",
			reason, &rec->client.s6_addr32[0], rec->client_port,
			&rec->server.s6_addr32[0], rec->server_port,
			ms / 1000, ms % 1000, rec->pkts[0], rec->pkts[1],
			rec->bytes[0], rec->bytes[1], rule, name);
	else
		pr_info("end %s [%pI6c]:%u -> [%pI6c]:%u dur %llu.%03llus pkts %llu/%llu bytes %llu/%llu%s%s\n",
			reason, &rec->client, rec->client_port,
			&rec->server, rec->server_port,
			ms / 1000, ms % 1000, rec->pkts[0], rec->pkts[1],
			rec->bytes[0], rec->bytes[1], rule, name);
}

/* Any context; @rec is the ended session's final record. */
void rg_session_ended(struct rg_net *rn, struct rg_record *rec)
{
	rcu_read_lock();
	rg_rule_name(rn, rec->rule_id, rec->rule_name);
	rg_sig_msg(rn, rec->sig_id, rec->sig_msg);
	rcu_read_unlock();

	/* per-CPU counters are written with BH off (see struct rg_net) */
	local_bh_disable();
	rg_stats_add(rn, RSTGUARD_STATS_A_ENDED_UNKNOWN + rec->reason, 1);
	local_bh_enable();
	rg_nl_notify(rn, rec, RSTGUARD_CMD_SESSION_END);
	rg_log_end(rn, rec);
}

/*
 * An alert signature @sig_id matched in the live session @rec: an event, and
 * a log line at log level threats or all. Any context.
 */
void rg_sig_alert(struct rg_net *rn, struct rg_record *rec, u32 sig_id)
{
	rec->sig_id = sig_id;
	rcu_read_lock();
	rg_rule_name(rn, rec->rule_id, rec->rule_name);
	rg_sig_msg(rn, sig_id, rec->sig_msg);
	rcu_read_unlock();
	rg_nl_notify(rn, rec, RSTGUARD_CMD_SIG_ALERT);

	if (READ_ONCE(rn->cfg.log) == RSTGUARD_LOG_NONE ||
	    !__ratelimit(&rn->log_rs))
		return;
	if (rec->family == AF_INET)
		pr_info("alert sig %u \"%s\" %pI4:%u -> %pI4:%u\n", sig_id,
			rec->sig_msg, &rec->client.s6_addr32[0],
			rec->client_port, &rec->server.s6_addr32[0],
			rec->server_port);
	else
		pr_info("alert sig %u \"%s\" [%pI6c]:%u -> [%pI6c]:%u\n", sig_id,
			rec->sig_msg, &rec->client, rec->client_port,
			&rec->server, rec->server_port);
}
