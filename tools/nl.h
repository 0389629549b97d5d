/* SPDX-License-Identifier: GPL-2.0 */
/* A thin generic netlink layer over libmnl for the rstguard family. */
#ifndef RSTGUARD_NL_H
#define RSTGUARD_NL_H

#include <stdbool.h>
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
/* rg_nl_open(), printing the error if it fails. */
int rg_nl_connect(struct rg_nl *nl);
/* Subscribe to the "events" multicast group. */
int rg_nl_join_events(struct rg_nl *nl);
void rg_nl_close(struct rg_nl *nl);
struct nlmsghdr *rg_nl_msg(struct rg_nl *nl, void *buf, uint8_t cmd,
			   uint16_t flags);
/*
 * Send @req and call @cb for each reply until the ack or, for NLM_F_DUMP
 * requests, the end of the dump. Returns 0, or -1 with errno set.
 */
int rg_nl_talk(struct rg_nl *nl, struct nlmsghdr *req, rg_nl_cb cb,
	       void *data);
const void *rg_nl_payload(const struct nlmsghdr *nlh);
/*
 * Make the socket's send buffer hold a request of @len bytes (the kernel
 * refuses larger ones): SO_SNDBUFFORCE if allowed, else SO_SNDBUF up to
 * net.core.wmem_max. Returns 0, or -1 with an error for rg_nl_perror().
 */
int rg_nl_sndbuf(struct rg_nl *nl, size_t len);

/* Whether the last failed request came with a message from the kernel. */
bool rg_nl_has_extack(void);
/* The attribute of @req the kernel blamed for the failure, or NULL. */
const struct nlattr *rg_nl_bad_attr(const struct nlmsghdr *req);
/* Print "Error: ..." with the kernel's extack message when there is one. */
void rg_nl_perror(const char *what);

#endif
