/* SPDX-License-Identifier: GPL-2.0 */
/* A thin generic netlink layer over libmnl for the rstguard family. */
#ifndef RSTGUARD_NL_H
#define RSTGUARD_NL_H

#include <stdint.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

struct rg_nl {
	struct mnl_socket *sock;
	uint16_t family;	/* resolved id of the "rstguard" family */
	uint32_t events_group;	/* id of its "events" multicast group */
	uint32_t seq;
};

/* Callback for each reply message; return MNL_CB_OK to go on. */
typedef int (*rg_nl_cb)(const struct nlmsghdr *nlh, void *data);

int rg_nl_open(struct rg_nl *nl);
void rg_nl_close(struct rg_nl *nl);
struct nlmsghdr *rg_nl_msg(struct rg_nl *nl, void *buf, uint8_t cmd,
			   uint16_t flags);
int rg_nl_talk(struct rg_nl *nl, struct nlmsghdr *req, rg_nl_cb cb,
	       void *data);
const void *rg_nl_payload(const struct nlmsghdr *nlh);

/* Print "Error: ..." with the kernel's extack message when there is one. */
void rg_nl_perror(const char *what);

#endif
