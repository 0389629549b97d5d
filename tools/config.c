// SPDX-License-Identifier: GPL-2.0
/*
 * rstguard config: the namespace's idle timeouts, session limit, logging,
 * strict and fail-open modes, the policy's default action, reset on
 * aged-out, rematch and the flowtable offload mark. "set" takes any number of settings and sends them
 * in one request, which the kernel applies whole or not at all.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rstguard.h>
#include "json_print.h"
#include "rstguard.h"
#include "rule.h"
#include "tcp_track.h"

static const char *const log_names[RSTGUARD_LOG_MAX + 1] = {
	[RSTGUARD_LOG_NONE]	= "none",
	[RSTGUARD_LOG_THREATS]	= "threats",
	[RSTGUARD_LOG_ALL]	= "all",
};

/* A whole configuration, or the part of it a "set" changes. */
struct config {
	uint32_t timeout[RSTGUARD_TIMEOUT_MAX + 1];
	bool has_timeout[RSTGUARD_TIMEOUT_MAX + 1];
	uint32_t limit;
	bool has_limit;
	uint8_t log;
	bool has_log;
	bool strict;
	bool has_strict;
	bool fail_open;
	bool has_fail_open;
	uint8_t default_action;		/* enum rstguard_action */
	bool has_default_action;
	bool reset_on_aged_out;
	bool has_reset_on_aged_out;
	bool rematch;
	bool has_rematch;
	uint32_t offload_mark;
	bool has_offload_mark;
};

static void parse_timeouts(const struct nlattr *nest, struct config *c)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		/* Attribute type = enum rstguard_timeout + 1. */
		uint16_t t = mnl_attr_get_type(a);

		if (t < 1 || t > RSTGUARD_TIMEOUTS_A_MAX ||
		    mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			continue;
		c->timeout[t - 1] = mnl_attr_get_u32(a);
		c->has_timeout[t - 1] = true;
	}
}

static int config_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a, *n;
	struct config *c = data;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != RSTGUARD_A_CONFIG)
			continue;
		mnl_attr_for_each_nested(n, a) {
			switch (mnl_attr_get_type(n)) {
			case RSTGUARD_CONFIG_A_TIMEOUTS:
				parse_timeouts(n, c);
				break;
			case RSTGUARD_CONFIG_A_LIMIT:
				if (mnl_attr_validate(n, MNL_TYPE_U32) < 0)
					break;
				c->limit = mnl_attr_get_u32(n);
				c->has_limit = true;
				break;
			case RSTGUARD_CONFIG_A_LOG:
				if (mnl_attr_validate(n, MNL_TYPE_U8) < 0)
					break;
				c->log = mnl_attr_get_u8(n);
				c->has_log = true;
				break;
			case RSTGUARD_CONFIG_A_STRICT:
				if (mnl_attr_validate(n, MNL_TYPE_U8) < 0)
					break;
				c->strict = mnl_attr_get_u8(n);
				c->has_strict = true;
				break;
			case RSTGUARD_CONFIG_A_FAIL_OPEN:
				if (mnl_attr_validate(n, MNL_TYPE_U8) < 0)
					break;
				c->fail_open = mnl_attr_get_u8(n);
				c->has_fail_open = true;
				break;
			case RSTGUARD_CONFIG_A_DEFAULT_ACTION:
				if (mnl_attr_validate(n, MNL_TYPE_U8) < 0)
					break;
				c->default_action = mnl_attr_get_u8(n);
				c->has_default_action = true;
				break;
			case RSTGUARD_CONFIG_A_RESET_ON_AGED_OUT:
				if (mnl_attr_validate(n, MNL_TYPE_U8) < 0)
					break;
				c->reset_on_aged_out = mnl_attr_get_u8(n);
				c->has_reset_on_aged_out = true;
				break;
			case RSTGUARD_CONFIG_A_REMATCH:
				if (mnl_attr_validate(n, MNL_TYPE_U8) < 0)
					break;
				c->rematch = mnl_attr_get_u8(n);
				c->has_rematch = true;
				break;
			case RSTGUARD_CONFIG_A_OFFLOAD_MARK:
				if (mnl_attr_validate(n, MNL_TYPE_U32) < 0)
					break;
				c->offload_mark = mnl_attr_get_u32(n);
				c->has_offload_mark = true;
				break;
			}
		}
	}
	return MNL_CB_OK;
}

/* Text lines are "set" arguments: each can be pasted back after "set". */
static void config_print(const struct config *c)
{
	char fmt[64], num[16];
	const char *name;
	int i;

	open_json_object(NULL);
	open_json_object("timeouts");
	for (i = 0; i <= RSTGUARD_TIMEOUT_MAX; i++) {
		if (!c->has_timeout[i])
			continue;
		name = rg_tcp_timeout_name(i);
		snprintf(fmt, sizeof(fmt), "timeout %s %%llu\n", name);
		print_u64(name, fmt, c->timeout[i]);
	}
	close_json_object();
	if (c->has_limit)
		print_u64("limit", "limit %llu\n", c->limit);
	if (c->has_log) {
		name = c->log <= RSTGUARD_LOG_MAX ? log_names[c->log] : NULL;
		if (!name) {
			/* A level newer than this tool: show its number. */
			snprintf(num, sizeof(num), "%u", c->log);
			name = num;
		}
		print_str("log", "log %s\n", name);
	}
	if (c->has_strict)
		print_on_off("strict", "strict %s\n", c->strict);
	if (c->has_fail_open)
		print_on_off("fail-open", "fail-open %s\n", c->fail_open);
	if (c->has_default_action) {
		if (c->default_action <= RSTGUARD_ACTION_MAX) {
			name = rg_action_name(c->default_action);
		} else {
			/* An action newer than this tool: show its number. */
			snprintf(num, sizeof(num), "%u", c->default_action);
			name = num;
		}
		print_str("default-action", "default-action %s\n", name);
	}
	if (c->has_reset_on_aged_out)
		print_on_off("reset-on-aged-out", "reset-on-aged-out %s\n",
			     c->reset_on_aged_out);
	if (c->has_rematch)
		print_on_off("rematch", "rematch %s\n", c->rematch);
	if (c->has_offload_mark)
		print_u64("offload-mark", "offload-mark %#llx\n",
			    c->offload_mark);
	close_json_object();
	print_json_end();
}

static int config_show(struct rg_nl *nl, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct config c = { 0 };
	struct nlmsghdr *req;

	if (argc > 0)
		return usage_error("unexpected argument \"%s\"", argv[0]);
	if (rg_nl_connect(nl))
		return 1;
	req = rg_nl_msg(nl, buf, RSTGUARD_CMD_CONFIG_GET, 0);
	if (rg_nl_talk(nl, req, config_cb, &c) < 0) {
		rg_nl_perror("config show");
		return 1;
	}
	config_print(&c);
	return 0;
}

static int parse_on_off(const char *key, const char *arg, bool *val)
{
	if (!strcmp(arg, "on"))
		*val = true;
	else if (!strcmp(arg, "off"))
		*val = false;
	else
		return usage_error("%s takes on or off, not \"%s\"", key, arg);
	return 0;
}

/* A packet mark as nft writes it: decimal or 0x hexadecimal, 32 bits. */
static int parse_mark(const char *s, uint32_t *mark)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > UINT32_MAX)
		return -1;
	*mark = v;
	return 0;
}

static int parse_log(const char *arg, uint8_t *val)
{
	unsigned int i;

	for (i = 0; i <= RSTGUARD_LOG_MAX; i++) {
		if (!strcmp(arg, log_names[i])) {
			*val = i;
			return 0;
		}
	}
	return usage_error("log takes none, threats or all, not \"%s\"", arg);
}

/* Which of the on/off settings @key is; NULL if none. */
static bool *on_off_setting(struct config *c, const char *key, bool **has)
{
	if (!strcmp(key, "strict")) {
		*has = &c->has_strict;
		return &c->strict;
	}
	if (!strcmp(key, "fail-open")) {
		*has = &c->has_fail_open;
		return &c->fail_open;
	}
	if (!strcmp(key, "reset-on-aged-out")) {
		*has = &c->has_reset_on_aged_out;
		return &c->reset_on_aged_out;
	}
	if (!strcmp(key, "rematch")) {
		*has = &c->has_rematch;
		return &c->rematch;
	}
	return NULL;
}

/* One "KEY VALUE..." setting at argv[0]; returns the words it used or -1. */
static int parse_setting(struct config *c, int argc, char **argv)
{
	const char *key = argv[0];
	bool *on_off, *has = NULL;
	uint32_t secs;
	int t;

	if (!strcmp(key, "timeout")) {
		if (argc < 3) {
			usage_error("timeout needs a name and a number of seconds");
			return -1;
		}
		t = rg_tcp_timeout_parse(argv[1]);
		if (t < 0) {
			usage_error("unknown timeout \"%s\"", argv[1]);
			return -1;
		}
		if (parse_u32(argv[2], UINT32_MAX, &secs)) {
			usage_error("\"%s\" is not a number of seconds", argv[2]);
			return -1;
		}
		if (c->has_timeout[t]) {
			usage_error("timeout \"%s\" given twice", argv[1]);
			return -1;
		}
		c->timeout[t] = secs;
		c->has_timeout[t] = true;
		return 3;
	}
	on_off = on_off_setting(c, key, &has);
	if (strcmp(key, "limit") && strcmp(key, "log") &&
	    strcmp(key, "default-action") && strcmp(key, "offload-mark") &&
	    !on_off) {
		usage_error("unknown setting \"%s\"", key);
		return -1;
	}
	if (argc < 2) {
		usage_error("%s needs a value", key);
		return -1;
	}
	if (on_off) {
		if (*has)
			goto twice;
		if (parse_on_off(key, argv[1], on_off))
			return -1;
		*has = true;
	} else if (!strcmp(key, "limit")) {
		if (c->has_limit)
			goto twice;
		if (parse_u32(argv[1], UINT32_MAX, &c->limit)) {
			usage_error("\"%s\" is not a number of sessions", argv[1]);
			return -1;
		}
		c->has_limit = true;
	} else if (!strcmp(key, "offload-mark")) {
		if (c->has_offload_mark)
			goto twice;
		if (parse_mark(argv[1], &c->offload_mark)) {
			usage_error("\"%s\" is not a mark (0 to 0xffffffff)",
				    argv[1]);
			return -1;
		}
		c->has_offload_mark = true;
	} else if (!strcmp(key, "log")) {
		if (c->has_log)
			goto twice;
		if (parse_log(argv[1], &c->log))
			return -1;
		c->has_log = true;
	} else {
		if (c->has_default_action)
			goto twice;
		t = rg_action_parse(argv[1]);
		if (t < 0) {
			usage_error("unknown action \"%s\"", argv[1]);
			return -1;
		}
		c->default_action = t;
		c->has_default_action = true;
	}
	return 2;
twice:
	usage_error("\"%s\" given twice", key);
	return -1;
}

static void put_config(struct nlmsghdr *nlh, const struct config *c)
{
	struct nlattr *cfg, *tmo = NULL;
	int i;

	cfg = mnl_attr_nest_start(nlh, RSTGUARD_A_CONFIG);
	for (i = 0; i <= RSTGUARD_TIMEOUT_MAX; i++) {
		if (!c->has_timeout[i])
			continue;
		if (!tmo)
			tmo = mnl_attr_nest_start(nlh,
						  RSTGUARD_CONFIG_A_TIMEOUTS);
		mnl_attr_put_u32(nlh, i + 1, c->timeout[i]);
	}
	if (tmo)
		mnl_attr_nest_end(nlh, tmo);
	if (c->has_limit)
		mnl_attr_put_u32(nlh, RSTGUARD_CONFIG_A_LIMIT, c->limit);
	if (c->has_log)
		mnl_attr_put_u8(nlh, RSTGUARD_CONFIG_A_LOG, c->log);
	if (c->has_strict)
		mnl_attr_put_u8(nlh, RSTGUARD_CONFIG_A_STRICT, c->strict);
	if (c->has_fail_open)
		mnl_attr_put_u8(nlh, RSTGUARD_CONFIG_A_FAIL_OPEN,
				c->fail_open);
	if (c->has_default_action)
		mnl_attr_put_u8(nlh, RSTGUARD_CONFIG_A_DEFAULT_ACTION,
				c->default_action);
	if (c->has_reset_on_aged_out)
		mnl_attr_put_u8(nlh, RSTGUARD_CONFIG_A_RESET_ON_AGED_OUT,
				c->reset_on_aged_out);
	if (c->has_rematch)
		mnl_attr_put_u8(nlh, RSTGUARD_CONFIG_A_REMATCH, c->rematch);
	if (c->has_offload_mark)
		mnl_attr_put_u32(nlh, RSTGUARD_CONFIG_A_OFFLOAD_MARK,
				 c->offload_mark);
	mnl_attr_nest_end(nlh, cfg);
}

/* The setting as the user wrote it, from its attribute @a in a request. */
static void setting_words(const struct nlattr *a, bool timeout, char *buf,
			  size_t len)
{
	uint16_t t = mnl_attr_get_type(a);

	if (timeout) {
		snprintf(buf, len, "timeout %s %u", rg_tcp_timeout_name(t - 1),
			 mnl_attr_get_u32(a));
		return;
	}
	switch (t) {
	case RSTGUARD_CONFIG_A_LIMIT:
		snprintf(buf, len, "limit %u", mnl_attr_get_u32(a));
		break;
	case RSTGUARD_CONFIG_A_OFFLOAD_MARK:
		snprintf(buf, len, "offload-mark %#x", mnl_attr_get_u32(a));
		break;
	case RSTGUARD_CONFIG_A_LOG:
		/* This tool sent it: a known level. */
		snprintf(buf, len, "log %s", log_names[mnl_attr_get_u8(a)]);
		break;
	case RSTGUARD_CONFIG_A_STRICT:
	case RSTGUARD_CONFIG_A_FAIL_OPEN:
	case RSTGUARD_CONFIG_A_RESET_ON_AGED_OUT:
	case RSTGUARD_CONFIG_A_REMATCH:
		snprintf(buf, len, "%s %s",
			 t == RSTGUARD_CONFIG_A_STRICT ? "strict" :
			 t == RSTGUARD_CONFIG_A_FAIL_OPEN ? "fail-open" :
			 t == RSTGUARD_CONFIG_A_REMATCH ? "rematch" :
			 "reset-on-aged-out",
			 mnl_attr_get_u8(a) ? "on" : "off");
		break;
	case RSTGUARD_CONFIG_A_DEFAULT_ACTION:
		/* This tool sent it: a known action. */
		snprintf(buf, len, "default-action %s",
			 rg_action_name(mnl_attr_get_u8(a)));
		break;
	}
}

/*
 * "config set: SETTING" when the kernel's extack points at one setting of
 * @req (its message, such as "integer out of range", does not name it).
 */
static void config_set_perror(const struct nlmsghdr *req)
{
	const struct nlattr *bad = rg_nl_bad_attr(req);
	const struct nlattr *a, *n, *t;
	char what[80] = "config set";
	size_t len = strlen(what);

	mnl_attr_for_each(a, req, sizeof(struct genlmsghdr)) {
		mnl_attr_for_each_nested(n, a) {
			if (n == bad)
				setting_words(n, false, what + len + 2,
					      sizeof(what) - len - 2);
			if (mnl_attr_get_type(n) != RSTGUARD_CONFIG_A_TIMEOUTS)
				continue;
			mnl_attr_for_each_nested(t, n) {
				if (t == bad)
					setting_words(t, true, what + len + 2,
						      sizeof(what) - len - 2);
			}
		}
	}
	if (what[len + 2])
		memcpy(what + len, ": ", 2);
	rg_nl_perror(what);
}

static int config_set(struct rg_nl *nl, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct config c = { 0 };
	struct nlmsghdr *req;

	if (argc < 1)
		return usage_error("config set needs at least one setting");
	while (argc > 0) {
		int n = parse_setting(&c, argc, argv);

		if (n < 0)
			return 1;
		argc -= n;
		argv += n;
	}
	if (rg_nl_connect(nl))
		return 1;
	req = rg_nl_msg(nl, buf, RSTGUARD_CMD_CONFIG_SET, 0);
	put_config(req, &c);
	if (rg_nl_talk(nl, req, NULL, NULL) < 0) {
		config_set_perror(req);
		return 1;
	}
	return 0;
}

int do_config(struct rg_nl *nl, int argc, char **argv)
{
	if (argc < 1)
		return config_show(nl, 0, argv);
	if (!strcmp(argv[0], "show"))
		return config_show(nl, argc - 1, argv + 1);
	if (!strcmp(argv[0], "set"))
		return config_set(nl, argc - 1, argv + 1);
	return usage_error("unknown config command \"%s\"", argv[0]);
}
