// SPDX-License-Identifier: GPL-2.0
/*
 * rstguard config: the namespace's idle timeouts, session limit, logging,
 * strict and fail-open modes, the policy's default action, reset on
 * aged-out, rematch and the flowtable offload mark. "set" takes any number of settings and sends them
 * in one request, which the kernel applies whole or not at all. "save" and
 * "restore" (state.c) carry the settings as "config set" lines (state.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rstguard.h>
#include "json_print.h"
#include "rstguard.h"
#include "rule.h"
#include "state.h"
#include "tcp_track.h"

static const char *const log_names[RSTGUARD_LOG_MAX + 1] = {
	[RSTGUARD_LOG_NONE]	= "none",
	[RSTGUARD_LOG_THREATS]	= "threats",
	[RSTGUARD_LOG_ALL]	= "all",
};

static void parse_timeouts(const struct nlattr *nest, struct config *c)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		/* Attribute type = enum rstguard_timeout + 1. */
		uint16_t t = mnl_attr_get_type(a);

		if (t < 1 || t > RSTGUARD_TIMEOUT_MAX + 1 ||
		    mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			continue;
		c->timeout[t - 1] = mnl_attr_get_u32(a);
		c->has_timeout[t - 1] = 1;
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
				c->has_limit = 1;
				break;
			case RSTGUARD_CONFIG_A_LOG:
				if (mnl_attr_validate(n, MNL_TYPE_U8) < 0)
					break;
				c->log = mnl_attr_get_u8(n);
				c->has_log = 1;
				break;
			case RSTGUARD_CONFIG_A_STRICT:
				if (mnl_attr_validate(n, MNL_TYPE_U8) < 0)
					break;
				c->strict = mnl_attr_get_u8(n);
				c->has_strict = 1;
				break;
			case RSTGUARD_CONFIG_A_FAIL_OPEN:
				if (mnl_attr_validate(n, MNL_TYPE_U8) < 0)
					break;
				c->fail_open = mnl_attr_get_u8(n);
				c->has_fail_open = 1;
				break;
			case RSTGUARD_CONFIG_A_DEFAULT_ACTION:
				if (mnl_attr_validate(n, MNL_TYPE_U8) < 0)
					break;
				c->default_action = mnl_attr_get_u8(n);
				c->has_default_action = 1;
				break;
			case RSTGUARD_CONFIG_A_RESET_ON_AGED_OUT:
				if (mnl_attr_validate(n, MNL_TYPE_U8) < 0)
					break;
				c->reset_on_aged_out = mnl_attr_get_u8(n);
				c->has_reset_on_aged_out = 1;
				break;
			case RSTGUARD_CONFIG_A_REMATCH:
				if (mnl_attr_validate(n, MNL_TYPE_U8) < 0)
					break;
				c->rematch = mnl_attr_get_u8(n);
				c->has_rematch = 1;
				break;
			case RSTGUARD_CONFIG_A_OFFLOAD_MARK:
				if (mnl_attr_validate(n, MNL_TYPE_U32) < 0)
					break;
				c->offload_mark = mnl_attr_get_u32(n);
				c->has_offload_mark = 1;
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

int config_read(struct rg_nl *nl, struct config *c)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *req;

	memset(c, 0, sizeof(*c));
	req = rg_nl_msg(nl, buf, RSTGUARD_CMD_CONFIG_GET, 0);
	return rg_nl_talk(nl, req, config_cb, c);
}

static int config_show(struct rg_nl *nl, int argc, char **argv)
{
	struct config c;

	if (argc > 0)
		return usage_error("unexpected argument \"%s\"", argv[0]);
	if (rg_nl_connect(nl))
		return 1;
	if (config_read(nl, &c) < 0) {
		rg_nl_perror("config show");
		return 1;
	}
	config_print(&c);
	return 0;
}

/* What restore checks itself: the module's bounds (kmod/config.c). */
#define TIMEOUT_SECONDS_MAX	(7 * 24 * 3600)
#define LIMIT_SESSIONS_MAX	(16 * 1024 * 1024)

static int setting_err(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int setting_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_on_off(const char *key, const char *arg, bool *val,
			char *err, size_t len)
{
	if (!strcmp(arg, "on"))
		*val = true;
	else if (!strcmp(arg, "off"))
		*val = false;
	else
		return setting_err(err, len, "%s takes on or off, not \"%s\"",
				   key, arg);
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

static int parse_log(const char *arg, uint8_t *val, char *err, size_t len)
{
	unsigned int i;

	for (i = 0; i <= RSTGUARD_LOG_MAX; i++) {
		if (!strcmp(arg, log_names[i])) {
			*val = i;
			return 0;
		}
	}
	return setting_err(err, len,
			   "log takes none, threats or all, not \"%s\"", arg);
}

/* Which of the on/off settings @key is; NULL if none. */
static bool *on_off_setting(struct config *c, const char *key,
			    unsigned int **has)
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

/* "WHAT" given twice: on the command line, or on line @first already. */
static int given_twice(char *err, size_t len, const char *what, unsigned int first,
		 unsigned int line)
{
	if (!line)
		return setting_err(err, len, "%s given twice", what);
	return setting_err(err, len, "%s is set on line %u already", what,
			   first);
}

int config_parse_setting(struct config *c, int argc, char **argv,
			 unsigned int line, char *err, size_t errlen)
{
	unsigned int *has = NULL, where = line ? line : 1;
	const char *key = argv[0];
	char what[64];
	uint32_t secs;
	bool *on_off;
	int t;

	if (!strcmp(key, "timeout")) {
		if (argc < 3)
			return setting_err(err, errlen, "timeout needs a name and a number of seconds");
		t = rg_tcp_timeout_parse(argv[1]);
		if (t < 0 && line && !strcmp(argv[1], "unverified-rst")) {
			/* in state files saved before it went: restore them */
			fprintf(stderr, "rstguard: line %u: timeout unverified-rst is ignored: an inexact RST never ends a session\n",
				line);
			return 3;
		}
		if (t < 0)
			return setting_err(err, errlen, "unknown timeout \"%s\"",
					   argv[1]);
		if (parse_u32(argv[2], UINT32_MAX, &secs))
			return setting_err(err, errlen, "\"%s\" is not a number of seconds",
					   argv[2]);
		if (line && (secs < 1 || secs > TIMEOUT_SECONDS_MAX))
			return setting_err(err, errlen, "timeout %s %s: seconds go from 1 to %u",
					   argv[1], argv[2],
					   TIMEOUT_SECONDS_MAX);
		if (c->has_timeout[t]) {
			snprintf(what, sizeof(what), "timeout \"%s\"", argv[1]);
			return given_twice(err, errlen, what, c->has_timeout[t], line);
		}
		c->timeout[t] = secs;
		c->has_timeout[t] = where;
		return 3;
	}
	on_off = on_off_setting(c, key, &has);
	if (strcmp(key, "limit") && strcmp(key, "log") &&
	    strcmp(key, "default-action") && strcmp(key, "offload-mark") &&
	    !on_off)
		return setting_err(err, errlen, "unknown setting \"%s\"", key);
	if (argc < 2)
		return setting_err(err, errlen, "%s needs a value", key);
	if (!on_off)
		has = !strcmp(key, "limit") ? &c->has_limit :
		      !strcmp(key, "offload-mark") ? &c->has_offload_mark :
		      !strcmp(key, "log") ? &c->has_log :
		      &c->has_default_action;
	if (*has) {
		snprintf(what, sizeof(what), "\"%s\"", key);
		return given_twice(err, errlen, what, *has, line);
	}
	if (on_off) {
		if (parse_on_off(key, argv[1], on_off, err, errlen))
			return -1;
	} else if (!strcmp(key, "limit")) {
		if (parse_u32(argv[1], UINT32_MAX, &c->limit))
			return setting_err(err, errlen, "\"%s\" is not a number of sessions",
					   argv[1]);
		if (line && (c->limit < 1 || c->limit > LIMIT_SESSIONS_MAX))
			return setting_err(err, errlen, "limit %s: sessions go from 1 to %u",
					   argv[1], LIMIT_SESSIONS_MAX);
	} else if (!strcmp(key, "offload-mark")) {
		if (parse_mark(argv[1], &c->offload_mark))
			return setting_err(err, errlen, "\"%s\" is not a mark (0 to 0xffffffff)",
					   argv[1]);
	} else if (!strcmp(key, "log")) {
		if (parse_log(argv[1], &c->log, err, errlen))
			return -1;
	} else {
		t = rg_action_parse(argv[1]);
		if (t < 0)
			return setting_err(err, errlen, "unknown action \"%s\"",
					   argv[1]);
		c->default_action = t;
	}
	*has = where;
	return 2;
}

void config_put(struct nlmsghdr *nlh, const struct config *c)
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

/* Where @c says the setting of attribute type @t (a timeout's) was given. */
static unsigned int setting_line(const struct config *c, uint16_t t,
				 bool timeout)
{
	if (timeout)
		return t >= 1 && t <= RSTGUARD_TIMEOUT_MAX + 1 ?
		       c->has_timeout[t - 1] : 0;
	switch (t) {
	case RSTGUARD_CONFIG_A_LIMIT:
		return c->has_limit;
	case RSTGUARD_CONFIG_A_LOG:
		return c->has_log;
	case RSTGUARD_CONFIG_A_STRICT:
		return c->has_strict;
	case RSTGUARD_CONFIG_A_FAIL_OPEN:
		return c->has_fail_open;
	case RSTGUARD_CONFIG_A_DEFAULT_ACTION:
		return c->has_default_action;
	case RSTGUARD_CONFIG_A_RESET_ON_AGED_OUT:
		return c->has_reset_on_aged_out;
	case RSTGUARD_CONFIG_A_REMATCH:
		return c->has_rematch;
	case RSTGUARD_CONFIG_A_OFFLOAD_MARK:
		return c->has_offload_mark;
	}
	return 0;
}

unsigned int config_bad_setting(const struct config *c,
				const struct nlmsghdr *req, char *words,
				size_t len)
{
	const struct nlattr *bad = rg_nl_bad_attr(req);
	const struct nlattr *a, *n, *t;
	unsigned int line = 0;

	words[0] = '\0';
	mnl_attr_for_each(a, req, sizeof(struct genlmsghdr)) {
		mnl_attr_for_each_nested(n, a) {
			if (n == bad) {
				setting_words(n, false, words, len);
				line = setting_line(c, mnl_attr_get_type(n),
						    false);
			}
			if (mnl_attr_get_type(n) != RSTGUARD_CONFIG_A_TIMEOUTS)
				continue;
			mnl_attr_for_each_nested(t, n) {
				if (t != bad)
					continue;
				setting_words(t, true, words, len);
				line = setting_line(c, mnl_attr_get_type(t),
						    true);
			}
		}
	}
	return line;
}

/*
 * "config set: SETTING" when the kernel's extack points at one setting of
 * @req (its message, such as "integer out of range", does not name it).
 */
static void config_set_perror(const struct config *c,
			      const struct nlmsghdr *req)
{
	char what[80] = "config set";
	size_t len = strlen(what);

	config_bad_setting(c, req, what + len + 2, sizeof(what) - len - 2);
	if (what[len + 2])
		memcpy(what + len, ": ", 2);
	rg_nl_perror(what);
}

static int config_set(struct rg_nl *nl, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], err[256];
	struct config c = { 0 };
	struct nlmsghdr *req;

	if (argc < 1)
		return usage_error("config set needs at least one setting");
	while (argc > 0) {
		int n = config_parse_setting(&c, argc, argv, 0, err,
					     sizeof(err));

		if (n < 0)
			return usage_error("%s", err);
		argc -= n;
		argv += n;
	}
	if (rg_nl_connect(nl))
		return 1;
	req = rg_nl_msg(nl, buf, RSTGUARD_CMD_CONFIG_SET, 0);
	config_put(req, &c);
	if (rg_nl_talk(nl, req, NULL, NULL) < 0) {
		config_set_perror(&c, req);
		return 1;
	}
	return 0;
}

/* "config set" lines, one setting each, in the order of "config show". */
void config_print_state(const struct config *c)
{
	char num[16];
	int i;

	for (i = 0; i <= RSTGUARD_TIMEOUT_MAX; i++)
		if (c->has_timeout[i])
			printf("config set timeout %s %u\n",
			       rg_tcp_timeout_name(i), c->timeout[i]);
	if (c->has_limit)
		printf("config set limit %u\n", c->limit);
	if (c->has_log) {
		/* A level or an action newer than this tool: its number. */
		snprintf(num, sizeof(num), "%u", c->log);
		printf("config set log %s\n",
		       c->log <= RSTGUARD_LOG_MAX ? log_names[c->log] : num);
	}
	if (c->has_strict)
		printf("config set strict %s\n", c->strict ? "on" : "off");
	if (c->has_fail_open)
		printf("config set fail-open %s\n",
		       c->fail_open ? "on" : "off");
	if (c->has_default_action) {
		snprintf(num, sizeof(num), "%u", c->default_action);
		printf("config set default-action %s\n",
		       c->default_action <= RSTGUARD_ACTION_MAX ?
		       rg_action_name(c->default_action) : num);
	}
	if (c->has_reset_on_aged_out)
		printf("config set reset-on-aged-out %s\n",
		       c->reset_on_aged_out ? "on" : "off");
	if (c->has_rematch)
		printf("config set rematch %s\n", c->rematch ? "on" : "off");
	if (c->has_offload_mark)
		printf("config set offload-mark %#x\n", c->offload_mark);
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
