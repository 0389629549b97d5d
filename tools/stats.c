// SPDX-License-Identifier: GPL-2.0
/* rstguard stats: the per-namespace counters. */
#include <stdio.h>
#include <string.h>
#include <linux/rstguard.h>
#include "json_print.h"
#include "rstguard.h"

/*
 * JSON keys are stable API (see rstguard(8)); text uses the same names.
 * They are printed in this order, whatever order the kernel sends them in.
 */
static const char *const stat_names[RSTGUARD_STATS_A_MAX + 1] = {
	[RSTGUARD_STATS_A_PACKETS_IPV4]		= "packets_ipv4",
	[RSTGUARD_STATS_A_PACKETS_IPV6]		= "packets_ipv6",
	[RSTGUARD_STATS_A_TCP_PACKETS]		= "tcp_packets",
	[RSTGUARD_STATS_A_TCP_BYTES]		= "tcp_bytes",
	[RSTGUARD_STATS_A_MALFORMED]		= "malformed",
	[RSTGUARD_STATS_A_SESSIONS_LIVE]	= "sessions_live",
	[RSTGUARD_STATS_A_SESSIONS_CREATED]	= "sessions_created",
	[RSTGUARD_STATS_A_PICKUPS]		= "pickups",
	[RSTGUARD_STATS_A_ENDED_UNKNOWN]	= "ended_unknown",
	[RSTGUARD_STATS_A_ENDED_AGED_OUT]	= "ended_aged_out",
	[RSTGUARD_STATS_A_ENDED_TCP_REUSE]	= "ended_tcp_reuse",
	[RSTGUARD_STATS_A_ENDED_TCP_FIN]	= "ended_tcp_fin",
	[RSTGUARD_STATS_A_ENDED_RESOURCES_UNAVAILABLE] =
		"ended_resources_unavailable",
	[RSTGUARD_STATS_A_ENDED_TCP_RST_FROM_SERVER] =
		"ended_tcp_rst_from_server",
	[RSTGUARD_STATS_A_ENDED_TCP_RST_FROM_CLIENT] =
		"ended_tcp_rst_from_client",
	[RSTGUARD_STATS_A_ENDED_POLICY_DENY]	= "ended_policy_deny",
	[RSTGUARD_STATS_A_ENDED_THREAT]		= "ended_threat",
	[RSTGUARD_STATS_A_INVALID]		= "invalid",
	[RSTGUARD_STATS_A_INVALID_DROPPED]	= "invalid_dropped",
	[RSTGUARD_STATS_A_RST_OUT_OF_WINDOW]	= "rst_out_of_window",
	[RSTGUARD_STATS_A_RST_UNVERIFIED]	= "rst_unverified",
	[RSTGUARD_STATS_A_REFUSED_FULL]		= "refused_full",
	[RSTGUARD_STATS_A_UNTRACKED]		= "untracked",
	[RSTGUARD_STATS_A_EVENTS_LOST]		= "events_lost",
	[RSTGUARD_STATS_A_POLICY_DROPPED]	= "policy_dropped",
	[RSTGUARD_STATS_A_RESETS_CLIENT]	= "resets_client",
	[RSTGUARD_STATS_A_RESETS_SERVER]	= "resets_server",
	[RSTGUARD_STATS_A_RESETS_FAILED]	= "resets_failed",
	[RSTGUARD_STATS_A_SIG_MATCHES]		= "sig_matches",
	[RSTGUARD_STATS_A_SCAN_BYTES]		= "scan_bytes",
	[RSTGUARD_STATS_A_SCAN_AHEAD_DROPPED]	= "scan_ahead_dropped",
	[RSTGUARD_STATS_A_SCAN_RESTARTS]	= "scan_restarts",
	[RSTGUARD_STATS_A_SCAN_NOMEM]		= "scan_nomem",
	[RSTGUARD_STATS_A_SCAN_PARTIALS_LOST]	= "scan_partials_lost",
	[RSTGUARD_STATS_A_SCAN_RETRANS_DIFFER]	= "scan_retrans_differ",
	[RSTGUARD_STATS_A_FRAGMENTS_DROPPED]	= "fragments_dropped",
	[RSTGUARD_STATS_A_RESETS_NAT]		= "resets_nat",
	[RSTGUARD_STATS_A_OFFLOADED]		= "offloaded",
	[RSTGUARD_STATS_A_OFFLOAD_RETURNED]	= "offload_returned",
	[RSTGUARD_STATS_A_OFFLOAD_UNRELEASED]	= "offload_unreleased",
};

struct stats {
	uint64_t val[RSTGUARD_STATS_A_MAX + 1];
	bool seen[RSTGUARD_STATS_A_MAX + 1];
};

static int stats_cb(const struct nlmsghdr *nlh, void *data)
{
	struct stats *st = data;
	const struct nlattr *a, *s;
	uint16_t t;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != RSTGUARD_A_STATS)
			continue;
		mnl_attr_for_each_nested(s, a) {
			t = mnl_attr_get_type(s);
			/* Counters this tool does not know yet are skipped. */
			if (t > RSTGUARD_STATS_A_MAX || !stat_names[t] ||
			    mnl_attr_validate(s, MNL_TYPE_U64) < 0)
				continue;
			st->val[t] = mnl_attr_get_u64(s);
			st->seen[t] = true;
		}
	}
	return MNL_CB_OK;
}

int do_stats(struct rg_nl *nl, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct stats st = { 0 };
	struct nlmsghdr *req;
	char fmt[64];
	int t;

	if (argc > 0 && strcmp(argv[0], "show"))
		return usage_error("unknown stats command \"%s\"", argv[0]);
	if (argc > 1)
		return usage_error("unexpected argument \"%s\"", argv[1]);
	if (rg_nl_connect(nl))
		return 1;
	req = rg_nl_msg(nl, buf, RSTGUARD_CMD_STATS_GET, 0);
	if (rg_nl_talk(nl, req, stats_cb, &st) < 0) {
		rg_nl_perror("stats");
		return 1;
	}
	open_json_object(NULL);
	/* An older module lacks the newer counters: they are left out. */
	for (t = 0; t <= RSTGUARD_STATS_A_MAX; t++) {
		if (!st.seen[t])
			continue;
		snprintf(fmt, sizeof(fmt), "%-28s %%llu\n", stat_names[t]);
		print_u64(stat_names[t], fmt, st.val[t]);
	}
	close_json_object();
	print_json_end();
	return 0;
}
