// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink plumbing: open a socket with extended acks, resolve the
 * family and its multicast group by name, run request/reply exchanges and
 * report the kernel's extack message on errors.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/rstguard.h>
#include "nl.h"

/* The kernel's explanation of the last failed request, if it sent one. */
static char extack_msg[256];
/* Where in that request the attribute it blamed starts; 0: none. */
static uint32_t extack_off;

/* Keep the kernel's message from the extack TLVs at @off in @nlh. */
static void save_extack(const struct nlmsghdr *nlh, unsigned int off)
{
	const struct nlattr *attr;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	mnl_attr_for_each(attr, nlh, off) {
		switch (mnl_attr_get_type(attr)) {
		case NLMSGERR_ATTR_MSG:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
				break;
			snprintf(extack_msg, sizeof(extack_msg), "%s",
				 mnl_attr_get_str(attr));
			break;
		case NLMSGERR_ATTR_OFFS:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
				extack_off = mnl_attr_get_u32(attr);
			break;
		}
	}
}

static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	unsigned int off = sizeof(*err);

	(void)data;
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	/* TLVs follow the request header (capped: no payload). */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(err->msg);
	save_extack(nlh, off);
	if (err->error) {
		errno = -err->error;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

/* The end of a dump: an int error, then extack TLVs if it failed. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	int err;

	(void)data;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(err))
		return MNL_CB_STOP;
	memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	if (err >= 0)
		return MNL_CB_STOP;
	save_extack(nlh, sizeof(err));
	errno = -err;
	return MNL_CB_ERROR;
}

/* A control type without a callback here is skipped by mnl_cb_run2(). */
static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = error_cb,
	[NLMSG_DONE] = done_cb,
};

struct nlmsghdr *rg_nl_msg(struct rg_nl *nl, void *buf, uint8_t cmd,
			   uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = nl->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++nl->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = RSTGUARD_GENL_VERSION;
	return nlh;
}

const void *rg_nl_payload(const struct nlmsghdr *nlh)
{
	return mnl_nlmsg_get_payload_offset(nlh, sizeof(struct genlmsghdr));
}

struct reply_ctx {
	rg_nl_cb cb;
	void *data;
};

static int reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reply_ctx *ctx = data;

	return ctx->cb ? ctx->cb(nlh, ctx->data) : MNL_CB_OK;
}

int rg_nl_talk(struct rg_nl *nl, struct nlmsghdr *req, rg_nl_cb cb,
	       void *data)
{
	/* Dump skbs are sized after the reader's buffer, capped at 32 KiB. */
	static char buf[32768];
	struct reply_ctx ctx = { cb, data };
	unsigned int portid = mnl_socket_get_portid(nl->sock);
	int ret;

	extack_msg[0] = '\0';
	extack_off = 0;
	if (mnl_socket_sendto(nl->sock, req, req->nlmsg_len) < 0)
		return -1;
	do {
		ssize_t n = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
		if (n < 0)
			return -1;
		ret = mnl_cb_run2(buf, n, req->nlmsg_seq, portid, reply_cb,
				  &ctx, ctl_cbs, NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);
	return ret < 0 ? -1 : 0;
}

static int sndbuf(int fd)
{
	socklen_t len = sizeof(int);
	int val = 0;

	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &val, &len) < 0)
		return 0;
	return val;
}

int rg_nl_sndbuf(struct rg_nl *nl, size_t len)
{
	int fd = mnl_socket_get_fd(nl->sock), val;
	/* netlink_sendmsg() takes up to sk_sndbuf - 32 bytes */
	size_t want = len + 64;

	if ((size_t)sndbuf(fd) >= want)
		return 0;
	if (want < INT_MAX) {
		/* The kernel doubles the value it is given. */
		val = (want + 1) / 2;
		if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &val,
			       sizeof(val)) < 0)
			setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &val, sizeof(val));
		if ((size_t)sndbuf(fd) >= want)
			return 0;
	}
	errno = EMSGSIZE;
	snprintf(extack_msg, sizeof(extack_msg),
		 "the request takes %zu bytes, more than this socket may send (%d: raise net.core.wmem_max)",
		 len, sndbuf(fd) - 64);
	return -1;
}

struct family_ctx {
	uint16_t id;
	uint32_t events;
};

static int group_cb(const struct nlattr *nest, struct family_ctx *fc)
{
	const struct nlattr *grp, *a;

	mnl_attr_for_each_nested(grp, nest) {
		const char *name = NULL;
		uint32_t id = 0;

		mnl_attr_for_each_nested(a, grp) {
			if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME &&
			    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
				name = mnl_attr_get_str(a);
			if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID &&
			    mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				id = mnl_attr_get_u32(a);
		}
		if (name && !strcmp(name, RSTGUARD_MCGRP_EVENTS))
			fc->events = id;
	}
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct family_ctx *fc = data;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case CTRL_ATTR_FAMILY_ID:
			if (mnl_attr_validate(a, MNL_TYPE_U16) == 0)
				fc->id = mnl_attr_get_u16(a);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			group_cb(a, fc);
			break;
		}
	}
	return MNL_CB_OK;
}

int rg_nl_open(struct rg_nl *nl)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct family_ctx fc = { 0, 0 };
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->seq = time(NULL);
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock)
		return -1;
	/* Ask for the kernel's error messages, without our request echoed. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		goto err;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++nl->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_GETFAMILY;
	genl->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, RSTGUARD_GENL_NAME);
	if (rg_nl_talk(nl, nlh, family_cb, &fc) < 0) {
		if (errno == ENOENT)
			snprintf(extack_msg, sizeof(extack_msg),
				 "the rstguard module is not loaded");
		goto err;
	}
	nl->family = fc.id;
	nl->events_group = fc.events;
	return 0;
err:
	mnl_socket_close(nl->sock);
	nl->sock = NULL;
	return -1;
}

int rg_nl_connect(struct rg_nl *nl)
{
	if (rg_nl_open(nl) == 0)
		return 0;
	rg_nl_perror("cannot reach the rstguard module");
	return -1;
}

int rg_nl_join_events(struct rg_nl *nl)
{
	if (!nl->events_group) {
		errno = ENOENT;
		snprintf(extack_msg, sizeof(extack_msg),
			 "the module has no \"%s\" group",
			 RSTGUARD_MCGRP_EVENTS);
		return -1;
	}
	extack_msg[0] = '\0';
	return mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP,
				     &nl->events_group,
				     sizeof(nl->events_group));
}

void rg_nl_close(struct rg_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

bool rg_nl_has_extack(void)
{
	return extack_msg[0] != '\0';
}

const struct nlattr *rg_nl_bad_attr(const struct nlmsghdr *req)
{
	const struct nlattr *a;

	if (!extack_off || extack_off + sizeof(*a) > req->nlmsg_len)
		return NULL;
	a = (const void *)((const char *)req + extack_off);
	return extack_off + a->nla_len <= req->nlmsg_len ? a : NULL;
}

void rg_nl_perror(const char *what)
{
	if (extack_msg[0])
		fprintf(stderr, "Error: %s: %s\n", what, extack_msg);
	else
		fprintf(stderr, "Error: %s: %s\n", what, strerror(errno));
}
