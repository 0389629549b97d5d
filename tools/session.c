// SPDX-License-Identifier: GPL-2.0
/*
 * rstguard session: list the live sessions (a dump, filtered here), end one
 * by its tuple, or end them all. session_parse() and session_print() also
 * print the end events of `rstguard monitor`.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/rstguard.h>
#include "json_print.h"
#include "rstguard.h"
#include "session.h"
#include "tcp_track.h"

static const enum mnl_attr_data_type session_types[RSTGUARD_SESSION_A_MAX + 1] = {
	[RSTGUARD_SESSION_A_FAMILY]		= MNL_TYPE_U8,
	[RSTGUARD_SESSION_A_CLIENT_ADDR]	= MNL_TYPE_BINARY,
	[RSTGUARD_SESSION_A_SERVER_ADDR]	= MNL_TYPE_BINARY,
	[RSTGUARD_SESSION_A_CLIENT_PORT]	= MNL_TYPE_U16,
	[RSTGUARD_SESSION_A_SERVER_PORT]	= MNL_TYPE_U16,
	[RSTGUARD_SESSION_A_STATE]		= MNL_TYPE_U8,
	[RSTGUARD_SESSION_A_START]		= MNL_TYPE_U64,
	[RSTGUARD_SESSION_A_DURATION]		= MNL_TYPE_U64,
	[RSTGUARD_SESSION_A_PKTS_CLIENT]	= MNL_TYPE_U64,
	[RSTGUARD_SESSION_A_PKTS_SERVER]	= MNL_TYPE_U64,
	[RSTGUARD_SESSION_A_BYTES_CLIENT]	= MNL_TYPE_U64,
	[RSTGUARD_SESSION_A_BYTES_SERVER]	= MNL_TYPE_U64,
	[RSTGUARD_SESSION_A_FIRST_FIN]		= MNL_TYPE_U8,
	[RSTGUARD_SESSION_A_FIRST_RST]		= MNL_TYPE_U8,
	[RSTGUARD_SESSION_A_REASON]		= MNL_TYPE_U8,
	[RSTGUARD_SESSION_A_CAUSES]		= MNL_TYPE_U32,
	[RSTGUARD_SESSION_A_HISTORY]		= MNL_TYPE_NUL_STRING,
	[RSTGUARD_SESSION_A_PICKUP]		= MNL_TYPE_FLAG,
	[RSTGUARD_SESSION_A_EXPIRES]		= MNL_TYPE_U32,
	[RSTGUARD_SESSION_A_RULE_ID]		= MNL_TYPE_U32,
	[RSTGUARD_SESSION_A_RULE_NAME]		= MNL_TYPE_NUL_STRING,
	[RSTGUARD_SESSION_A_SIG_ID]		= MNL_TYPE_U32,
	[RSTGUARD_SESSION_A_SIG_MSG]		= MNL_TYPE_NUL_STRING,
};

/* Attributes this tool does not know, or of the wrong type, are skipped. */
static int session_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	uint16_t t = mnl_attr_get_type(a);

	if (t > RSTGUARD_SESSION_A_MAX || !session_types[t] ||
	    mnl_attr_validate(a, session_types[t]) < 0)
		return MNL_CB_OK;
	tb[t] = a;
	return MNL_CB_OK;
}

static unsigned int addr_len(uint8_t family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

static int get_addr(const struct nlattr *a, uint8_t family, uint8_t *addr)
{
	if (!a || mnl_attr_get_payload_len(a) != addr_len(family))
		return -1;
	memcpy(addr, mnl_attr_get_payload(a), addr_len(family));
	return 0;
}

static uint64_t get_u64(const struct nlattr *a)
{
	return a ? mnl_attr_get_u64(a) : 0;
}

static uint8_t get_u8(const struct nlattr *a)
{
	return a ? mnl_attr_get_u8(a) : 0;
}

int session_parse(const struct nlattr *nest, struct session *s)
{
	const struct nlattr *tb[RSTGUARD_SESSION_A_MAX + 1] = { NULL };

	memset(s, 0, sizeof(*s));
	if (mnl_attr_parse_nested(nest, session_attr_cb, tb) < 0 ||
	    !tb[RSTGUARD_SESSION_A_FAMILY] ||
	    !tb[RSTGUARD_SESSION_A_CLIENT_PORT] ||
	    !tb[RSTGUARD_SESSION_A_SERVER_PORT])
		return -1;
	s->family = mnl_attr_get_u8(tb[RSTGUARD_SESSION_A_FAMILY]);
	if (!addr_len(s->family) ||
	    get_addr(tb[RSTGUARD_SESSION_A_CLIENT_ADDR], s->family, s->client) ||
	    get_addr(tb[RSTGUARD_SESSION_A_SERVER_ADDR], s->family, s->server))
		return -1;
	s->client_port = mnl_attr_get_u16(tb[RSTGUARD_SESSION_A_CLIENT_PORT]);
	s->server_port = mnl_attr_get_u16(tb[RSTGUARD_SESSION_A_SERVER_PORT]);
	s->state = get_u8(tb[RSTGUARD_SESSION_A_STATE]);
	s->start = get_u64(tb[RSTGUARD_SESSION_A_START]);
	s->duration = get_u64(tb[RSTGUARD_SESSION_A_DURATION]);
	s->pkts_client = get_u64(tb[RSTGUARD_SESSION_A_PKTS_CLIENT]);
	s->pkts_server = get_u64(tb[RSTGUARD_SESSION_A_PKTS_SERVER]);
	s->bytes_client = get_u64(tb[RSTGUARD_SESSION_A_BYTES_CLIENT]);
	s->bytes_server = get_u64(tb[RSTGUARD_SESSION_A_BYTES_SERVER]);
	s->first_fin = get_u8(tb[RSTGUARD_SESSION_A_FIRST_FIN]);
	s->first_rst = get_u8(tb[RSTGUARD_SESSION_A_FIRST_RST]);
	if (tb[RSTGUARD_SESSION_A_REASON]) {
		s->reason = mnl_attr_get_u8(tb[RSTGUARD_SESSION_A_REASON]);
		s->has_reason = true;
	}
	if (tb[RSTGUARD_SESSION_A_CAUSES])
		s->causes = mnl_attr_get_u32(tb[RSTGUARD_SESSION_A_CAUSES]);
	if (tb[RSTGUARD_SESSION_A_HISTORY])
		snprintf(s->history, sizeof(s->history), "%s",
			 mnl_attr_get_str(tb[RSTGUARD_SESSION_A_HISTORY]));
	s->pickup = tb[RSTGUARD_SESSION_A_PICKUP];
	if (tb[RSTGUARD_SESSION_A_EXPIRES]) {
		s->expires = mnl_attr_get_u32(tb[RSTGUARD_SESSION_A_EXPIRES]);
		s->has_expires = true;
	}
	if (tb[RSTGUARD_SESSION_A_RULE_ID]) {
		s->rule_id = mnl_attr_get_u32(tb[RSTGUARD_SESSION_A_RULE_ID]);
		s->has_rule_id = true;
	}
	if (tb[RSTGUARD_SESSION_A_RULE_NAME])
		snprintf(s->rule_name, sizeof(s->rule_name), "%s",
			 mnl_attr_get_str(tb[RSTGUARD_SESSION_A_RULE_NAME]));
	if (tb[RSTGUARD_SESSION_A_SIG_ID]) {
		s->sig_id = mnl_attr_get_u32(tb[RSTGUARD_SESSION_A_SIG_ID]);
		s->has_sig_id = true;
	}
	if (tb[RSTGUARD_SESSION_A_SIG_MSG])
		snprintf(s->sig_msg, sizeof(s->sig_msg), "%s",
			 mnl_attr_get_str(tb[RSTGUARD_SESSION_A_SIG_MSG]));
	return 0;
}

static const char *side_name(uint8_t side)
{
	switch (side) {
	case RSTGUARD_SIDE_NONE:
		return "none";
	case RSTGUARD_SIDE_CLIENT:
		return "client";
	case RSTGUARD_SIDE_SERVER:
		return "server";
	}
	return "n/a";
}

/* " ADDR:PORT" in text, IPv6 as " [ADDR]:PORT"; two keys in JSON. */
static void print_endpoint(const char *key, const char *port_key,
			   uint8_t family, const uint8_t *addr, uint16_t port)
{
	char str[INET6_ADDRSTRLEN];

	inet_ntop(family, addr, str, sizeof(str));
	print_str(key, family == AF_INET6 ? " [%s]:" : " %s:", str);
	print_u64(port_key, "%llu", port);
}

void session_print(const struct session *s)
{
	open_json_object(NULL);
	if (s->event)
		print_str("event", NULL, s->event);
	/* Text: "alert sig ID "MSG" ..." first; an end names it last. */
	if (s->has_sig_id && s->event && !strcmp(s->event, "alert")) {
		print_u64("sig_id", "alert sig %llu ", s->sig_id);
		if (s->sig_msg[0])
			print_str("sig_msg", "\"%s\" ", s->sig_msg);
	}
	if (s->has_reason) {
		unsigned int i;

		print_str("reason", "end %s ", rg_end_reason_name(s->reason));
		open_json_array("causes");
		for (i = 0; i < 32; i++) {
			if (s->causes & (1U << i))
				print_str(NULL, NULL, rg_end_reason_name(i));
		}
		close_json_array();
	}
	print_str("family", "%s", s->family == AF_INET ? "inet" : "inet6");
	print_endpoint("client", "client_port", s->family, s->client,
		       s->client_port);
	print_text(" ->");
	print_endpoint("server", "server_port", s->family, s->server,
		       s->server_port);
	/* An end event's state is what it ended in: JSON only. */
	print_str("state", s->has_reason ? NULL : " %s",
		  rg_tcp_state_name(s->state));
	print_fixed("start", NULL, s->start / 1000, 6);
	print_fixed("duration", " dur %ss", s->duration, 3);
	print_u64("pkts_client", " pkts %llu", s->pkts_client);
	print_u64("pkts_server", "/%llu", s->pkts_server);
	print_u64("bytes_client", " bytes %llu", s->bytes_client);
	print_u64("bytes_server", "/%llu", s->bytes_server);
	print_str("first_fin", NULL, side_name(s->first_fin));
	print_str("first_rst", NULL, side_name(s->first_rst));
	print_str("history", " history %s",
		  json || s->history[0] ? s->history : "-");
	print_on_off("pickup", NULL, s->pickup);
	/* Text: " rule NAME", or " rule ID" for a rule without a name. */
	if (s->has_rule_id)
		print_u64("rule_id", s->rule_name[0] ? NULL : " rule %llu",
			  s->rule_id);
	if (s->rule_name[0])
		print_str("rule_name", " rule %s", s->rule_name);
	if (s->has_sig_id && !(s->event && !strcmp(s->event, "alert"))) {
		print_u64("sig_id", " sig %llu", s->sig_id);
		if (s->sig_msg[0])
			print_str("sig_msg", " \"%s\"", s->sig_msg);
	}
	if (s->has_expires)
		print_u64("expires", " expires %llus", s->expires);
	print_text("\n");
	close_json_object();
}

/* What "session list" keeps; zero fields (state: -1) match everything. */
struct filter {
	uint8_t family;
	uint8_t addr_family;		/* AF_INET or AF_INET6: addr is set */
	uint8_t addr[16];
	bool has_port;
	uint16_t port;
	int state;			/* -1: any */
};

/* The tuples printed so far: a dump may return a session twice. */
struct seen {
	struct tuple {			/* no padding: hashed as bytes */
		uint16_t family;	/* 0: empty slot */
		uint16_t client_port;
		uint16_t server_port;
		uint8_t client[16];
		uint8_t server[16];
	} *slot;
	size_t size;			/* a power of 2, or 0 */
	size_t used;
};

static_assert(sizeof(struct tuple) == 3 * 2 + 2 * 16, "padding in a tuple");

struct list_ctx {
	struct filter f;
	struct seen seen;
	int err;
};

static size_t tuple_hash(const struct tuple *t, size_t size)
{
	const uint8_t *p = (const uint8_t *)t;
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a */
	size_t i;

	for (i = 0; i < sizeof(*t); i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h & (size - 1);
}

static struct tuple *seen_slot(struct tuple *slot, size_t size,
			       const struct tuple *t)
{
	size_t i = tuple_hash(t, size);

	while (slot[i].family && memcmp(&slot[i], t, sizeof(*t)))
		i = (i + 1) & (size - 1);
	return &slot[i];
}

/* Returns 1 if @t was already there, 0 if added, -1 out of memory. */
static int seen_add(struct seen *seen, const struct tuple *t)
{
	struct tuple *slot, *old = seen->slot;
	size_t size = seen->size;

	if (seen->used * 2 >= seen->size) {
		size_t i;

		size = size ? size * 2 : 1024;
		slot = calloc(size, sizeof(*slot));
		if (!slot)
			return -1;
		for (i = 0; i < seen->size; i++) {
			if (old[i].family)
				*seen_slot(slot, size, &old[i]) = old[i];
		}
		free(old);
		seen->slot = slot;
		seen->size = size;
	}
	slot = seen_slot(seen->slot, seen->size, t);
	if (slot->family)
		return 1;
	*slot = *t;
	seen->used++;
	return 0;
}

static bool filter_match(const struct filter *f, const struct session *s)
{
	unsigned int len = addr_len(s->family);

	if (f->family && s->family != f->family)
		return false;
	if (f->addr_family &&
	    (s->family != f->addr_family ||
	     (memcmp(s->client, f->addr, len) &&
	      memcmp(s->server, f->addr, len))))
		return false;
	if (f->has_port && s->client_port != f->port &&
	    s->server_port != f->port)
		return false;
	return f->state < 0 || s->state == f->state;
}

static int list_cb(const struct nlmsghdr *nlh, void *data)
{
	struct list_ctx *ctx = data;
	const struct nlattr *a;
	struct tuple t = { 0 };
	struct session s;
	int dup;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != RSTGUARD_A_SESSION)
			continue;
		if (session_parse(a, &s)) {
			fputs("Warning: skipped a malformed session record\n",
			      stderr);
			continue;
		}
		if (!filter_match(&ctx->f, &s))
			continue;
		t.family = s.family;
		memcpy(t.client, s.client, sizeof(t.client));
		memcpy(t.server, s.server, sizeof(t.server));
		t.client_port = s.client_port;
		t.server_port = s.server_port;
		dup = seen_add(&ctx->seen, &t);
		if (dup < 0) {
			ctx->err = ENOMEM;
			return MNL_CB_ERROR;
		}
		if (!dup)
			session_print(&s);
	}
	return MNL_CB_OK;
}

static int parse_addr(const char *arg, uint8_t *family, uint8_t *addr)
{
	if (inet_pton(AF_INET, arg, addr) == 1)
		*family = AF_INET;
	else if (inet_pton(AF_INET6, arg, addr) == 1)
		*family = AF_INET6;
	else
		return usage_error("\"%s\" is not an IPv4 or IPv6 address",
				   arg);
	return 0;
}

static int parse_port(const char *arg, uint16_t *port)
{
	uint32_t v;

	if (parse_u32(arg, 65535, &v))
		return usage_error("\"%s\" is not a port number", arg);
	*port = v;
	return 0;
}

static int parse_state(const char *arg, int *state)
{
	int i;

	for (i = 0; i <= RSTGUARD_TCP_MAX; i++) {
		if (!strcmp(arg, rg_tcp_state_name(i))) {
			*state = i;
			return 0;
		}
	}
	return usage_error("unknown state \"%s\"", arg);
}

static int parse_filter(struct filter *f, int argc, char **argv)
{
	bool has_family = false, has_state = false;
	const char *key;

	f->state = -1;
	for (; argc > 0; argc -= 2, argv += 2) {
		key = argv[0];
		if (strcmp(key, "family") && strcmp(key, "addr") &&
		    strcmp(key, "port") && strcmp(key, "state"))
			return usage_error("unknown filter \"%s\"", key);
		if (argc < 2)
			return usage_error("%s needs a value", key);
		if (!strcmp(key, "family")) {
			if (has_family)
				goto twice;
			has_family = true;
			if (!strcmp(argv[1], "inet"))
				f->family = AF_INET;
			else if (!strcmp(argv[1], "inet6"))
				f->family = AF_INET6;
			else
				return usage_error("family takes inet or inet6, not \"%s\"",
						   argv[1]);
		} else if (!strcmp(key, "addr")) {
			if (f->addr_family)
				goto twice;
			if (parse_addr(argv[1], &f->addr_family, f->addr))
				return 1;
		} else if (!strcmp(key, "port")) {
			if (f->has_port)
				goto twice;
			if (parse_port(argv[1], &f->port))
				return 1;
			f->has_port = true;
		} else {
			if (has_state)
				goto twice;
			has_state = true;
			if (parse_state(argv[1], &f->state))
				return 1;
		}
	}
	return 0;
twice:
	return usage_error("\"%s\" given twice", key);
}

static int session_list(struct rg_nl *nl, int argc, char **argv)
{
	struct list_ctx ctx = { .err = 0 };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *req;
	int ret = 0;

	if (parse_filter(&ctx.f, argc, argv))
		return 1;
	if (rg_nl_connect(nl))
		return 1;
	req = rg_nl_msg(nl, buf, RSTGUARD_CMD_SESSION_GET, NLM_F_DUMP);
	open_json_array(NULL);
	if (rg_nl_talk(nl, req, list_cb, &ctx) < 0) {
		if (ctx.err)
			errno = ctx.err;
		rg_nl_perror("session list");
		ret = 1;
	} else {
		close_json_array();
		print_json_end();
	}
	free(ctx.seen.slot);
	return ret;
}

static int session_kill(struct rg_nl *nl, int argc, char **argv)
{
	uint8_t src[16], dst[16], src_family = 0, dst_family = 0;
	bool has_sport = false, has_dport = false;
	char buf[MNL_SOCKET_BUFFER_SIZE];
	uint16_t sport = 0, dport = 0;
	struct nlmsghdr *req;
	struct nlattr *nest;
	const char *key;

	for (; argc > 0; argc -= 2, argv += 2) {
		key = argv[0];
		if (strcmp(key, "src") && strcmp(key, "sport") &&
		    strcmp(key, "dst") && strcmp(key, "dport"))
			return usage_error("unknown session kill argument \"%s\"",
					   key);
		if (argc < 2)
			return usage_error("%s needs a value", key);
		if (!strcmp(key, "src")) {
			if (src_family)
				goto twice;
			if (parse_addr(argv[1], &src_family, src))
				return 1;
		} else if (!strcmp(key, "dst")) {
			if (dst_family)
				goto twice;
			if (parse_addr(argv[1], &dst_family, dst))
				return 1;
		} else if (!strcmp(key, "sport")) {
			if (has_sport)
				goto twice;
			if (parse_port(argv[1], &sport))
				return 1;
			has_sport = true;
		} else {
			if (has_dport)
				goto twice;
			if (parse_port(argv[1], &dport))
				return 1;
			has_dport = true;
		}
	}
	if (!src_family || !dst_family || !has_sport || !has_dport)
		return usage_error("session kill needs src, sport, dst and dport");
	if (src_family != dst_family)
		return usage_error("src and dst are not of the same family");
	if (rg_nl_connect(nl))
		return 1;

	/* The kernel finds the session from either direction's tuple. */
	req = rg_nl_msg(nl, buf, RSTGUARD_CMD_SESSION_DEL, 0);
	nest = mnl_attr_nest_start(req, RSTGUARD_A_SESSION);
	mnl_attr_put_u8(req, RSTGUARD_SESSION_A_FAMILY, src_family);
	mnl_attr_put(req, RSTGUARD_SESSION_A_CLIENT_ADDR,
		     addr_len(src_family), src);
	mnl_attr_put(req, RSTGUARD_SESSION_A_SERVER_ADDR,
		     addr_len(dst_family), dst);
	mnl_attr_put_u16(req, RSTGUARD_SESSION_A_CLIENT_PORT, sport);
	mnl_attr_put_u16(req, RSTGUARD_SESSION_A_SERVER_PORT, dport);
	mnl_attr_nest_end(req, nest);
	if (rg_nl_talk(nl, req, NULL, NULL) < 0) {
		if (errno == ENOENT && !rg_nl_has_extack())
			fputs("Error: session kill: no such session\n", stderr);
		else
			rg_nl_perror("session kill");
		return 1;
	}
	return 0;
twice:
	return usage_error("\"%s\" given twice", key);
}

static int session_flush(struct rg_nl *nl, int argc, char **argv)
{
	int ret = request_bare(nl, RSTGUARD_CMD_SESSION_FLUSH, argc, argv);

	if (ret < 0) {
		rg_nl_perror("session flush");
		return 1;
	}
	return ret;
}

int do_session(struct rg_nl *nl, int argc, char **argv)
{
	if (argc < 1)
		return session_list(nl, 0, argv);
	if (!strcmp(argv[0], "list"))
		return session_list(nl, argc - 1, argv + 1);
	if (!strcmp(argv[0], "kill"))
		return session_kill(nl, argc - 1, argv + 1);
	if (!strcmp(argv[0], "flush"))
		return session_flush(nl, argc - 1, argv + 1);
	return usage_error("unknown session command \"%s\"", argv[0]);
}
