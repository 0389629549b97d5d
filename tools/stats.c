// SPDX-License-Identifier: GPL-2.0
/* rstguard stats: the per-namespace counters. */
#include <stdio.h>
#include <string.h>
#include <linux/rstguard.h>
#include "json_print.h"
#include "rstguard.h"

/* JSON keys are stable API (see rstguard(8)); text uses the same names. */
static const char *const stat_names[RSTGUARD_STATS_A_MAX + 1] = {
	[RSTGUARD_STATS_A_PACKETS_IPV4]	= "packets_ipv4",
	[RSTGUARD_STATS_A_PACKETS_IPV6]	= "packets_ipv6",
	[RSTGUARD_STATS_A_TCP_PACKETS]	= "tcp_packets",
	[RSTGUARD_STATS_A_TCP_BYTES]	= "tcp_bytes",
	[RSTGUARD_STATS_A_MALFORMED]	= "malformed",
};

static int stats_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a, *s;
	char fmt[64];
	uint16_t t;

	(void)data;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != RSTGUARD_A_STATS)
			continue;
		mnl_attr_for_each_nested(s, a) {
			t = mnl_attr_get_type(s);
			/* Counters this tool does not know yet are skipped. */
			if (t > RSTGUARD_STATS_A_MAX || !stat_names[t] ||
			    mnl_attr_validate(s, MNL_TYPE_U64) < 0)
				continue;
			snprintf(fmt, sizeof(fmt), "%-24s %%llu\n",
				 stat_names[t]);
			print_u64(stat_names[t], fmt, mnl_attr_get_u64(s));
		}
	}
	return MNL_CB_OK;
}

int do_stats(struct rg_nl *nl, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *req;

	if (argc > 0 && strcmp(argv[0], "show"))
		return usage_error("unknown stats command \"%s\"", argv[0]);
	if (argc > 1)
		return usage_error("unexpected argument \"%s\"", argv[1]);
	req = rg_nl_msg(nl, buf, RSTGUARD_CMD_STATS_GET, 0);
	open_json_object(NULL);
	if (rg_nl_talk(nl, req, stats_cb, NULL) < 0) {
		rg_nl_perror("stats");
		return 1;
	}
	close_json_object();
	print_json_end();
	return 0;
}
