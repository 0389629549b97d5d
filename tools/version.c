// SPDX-License-Identifier: GPL-2.0
/* rstguard version: the module's version and netlink ABI version. */
#include <stdio.h>
#include <linux/rstguard.h>
#include "json_print.h"
#include "rstguard.h"

static int version_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a;

	(void)data;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case RSTGUARD_A_VERSION:
			if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
				print_str("module", "module %s\n",
					  mnl_attr_get_str(a));
			break;
		case RSTGUARD_A_GENL_VERSION:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				print_u64("genl_version", "netlink ABI %llu\n",
					  mnl_attr_get_u32(a));
			break;
		}
	}
	return MNL_CB_OK;
}

int do_version(struct rg_nl *nl, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *req;

	if (argc > 0)
		return usage_error("unexpected argument \"%s\"", argv[0]);
	if (rg_nl_connect(nl))
		return 1;
	req = rg_nl_msg(nl, buf, RSTGUARD_CMD_VERSION_GET, 0);
	open_json_object(NULL);
	print_str("tool", "tool %s\n", RSTGUARD_TOOL_VERSION);
	if (rg_nl_talk(nl, req, version_cb, NULL) < 0) {
		rg_nl_perror("version");
		return 1;
	}
	close_json_object();
	print_json_end();
	return 0;
}
