// SPDX-License-Identifier: GPL-2.0
/*
 * rstguard rule: the namespace's ordered policy rules. add, del, list,
 * flush, and save/restore: "save" prints one line per rule in "rule add"
 * syntax, "restore" reads such lines, checks the whole file, then replaces
 * the ruleset in one RULE_REPLACE request, which the kernel swaps in at once.
 * "save" and "restore" (state.c) carry the rules with the same code
 * (state.h): "rule add" lines, a RULE_REPLACE request.
 *
 * Action names and the checks of a whole rule come from kmod/core/rule.c,
 * built into this tool, so that the CLI and the module agree.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/rstguard.h>
#include "json_print.h"
#include "ports.h"
#include "rstguard.h"
#include "rule.h"
#include "state.h"

/* One rule as parsed from words, or as the kernel sent it. */
struct rule {
	struct rg_rule_match m;
	char name[RSTGUARD_RULE_NAME_MAX];	/* "": no name */
	uint32_t pos;				/* 0: none (append) */
	uint32_t id;
	uint64_t hits;
	bool has_action;
};

/* What is wrong with the words of a rule, for "Error: [FILE:LINE: ]...". */
struct rule_err {
	char msg[256];
};

static int rule_err(struct rule_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int rule_err(struct rule_err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static unsigned int family_bytes(uint8_t family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

static const char *family_name(uint8_t family)
{
	return family == AF_INET ? "inet" : family == AF_INET6 ? "inet6" : "?";
}

static void rule_init(struct rule *r)
{
	memset(r, 0, sizeof(*r));
	rg_rule_init(&r->m);
}

/*
 * Names are one word of letters, digits and - _ . : @ + so that a saved
 * line reads back, and not all digits, so that they never look like an id.
 */
static int parse_name(const char *arg, char *name, struct rule_err *e)
{
	bool digits = true;
	const char *p;

	if (!*arg)
		return rule_err(e, "a rule name cannot be empty");
	if (strlen(arg) >= RSTGUARD_RULE_NAME_MAX)
		return rule_err(e, "name \"%s\" is longer than %d characters",
				arg, RSTGUARD_RULE_NAME_MAX - 1);
	for (p = arg; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    strchr("-_.:@+", *p)) {
			digits = false;
			continue;
		}
		if (*p < '0' || *p > '9')
			return rule_err(e, "\"%s\" is not a rule name (letters, digits and - _ . : @ + only)",
					arg);
	}
	if (digits)
		return rule_err(e, "\"%s\" is not a rule name (all digits: that is an id)",
				arg);
	strcpy(name, arg);
	return 0;
}

/* ADDR/LEN, or a bare ADDR (/32, /128); host bits must be zero. */
static int parse_prefix(const char *arg, uint8_t *family, uint8_t *addr,
			uint8_t *plen, struct rule_err *e)
{
	char str[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(arg, '/');
	unsigned int bits, i;
	uint32_t len;

	if (strlen(arg) >= sizeof(str))
		goto bad;
	strcpy(str, arg);
	if (slash)
		str[slash - arg] = '\0';
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, str, addr) == 1)
		*family = AF_INET;
	else if (inet_pton(AF_INET6, str, addr) == 1)
		*family = AF_INET6;
	else
		goto bad;
	bits = family_bytes(*family) * 8;
	len = bits;
	if (slash && parse_u32(slash + 1, bits, &len))
		return rule_err(e, "\"%s\": the prefix length is not a number from 0 to %u",
				arg, bits);
	for (i = 0; i < 16; i++) {
		uint8_t mask = i < len / 8 ? 0 :
			       i == len / 8 ? (uint8_t)(0xff >> (len % 8)) : 0xff;

		if (addr[i] & mask)
			return rule_err(e, "\"%s\" has host bits set", arg);
	}
	*plen = len;
	return 0;
bad:
	return rule_err(e, "\"%s\" is not an IPv4 or IPv6 prefix", arg);
}

/* What the kernel's dev_valid_name() accepts; the device need not exist. */
static int parse_ifname(const char *arg, char *ifname, struct rule_err *e)
{
	if (!*arg || strlen(arg) >= RG_IFNAMSIZ || !strcmp(arg, ".") ||
	    !strcmp(arg, "..") || strpbrk(arg, "/: \t\n\r\v\f"))
		return rule_err(e, "\"%s\" is not an interface name", arg);
	strcpy(ifname, arg);
	return 0;
}

static const char *const rule_keys[] = {
	"pos", "name", "family", "from", "to", "sport", "dport", "iif", "oif",
	"action",
};

/*
 * The words of one rule: "rule add" arguments (@with_pos) or a restore
 * line (pos is not allowed: rules are in file order). Any order; each
 * keyword once; action required.
 */
static int parse_rule(struct rule *r, int argc, char **argv, bool with_pos,
		      struct rule_err *e)
{
	bool given[sizeof(rule_keys) / sizeof(rule_keys[0])] = { false };
	const char *fam_word = NULL;	/* the word that set the family */
	bool fam_is_key = false;	/* that word is "family"'s value */
	unsigned int k;

	rule_init(r);
	for (; argc > 0; argc -= 2, argv += 2) {
		const char *key = argv[0], *arg = argv[1], *msg;
		uint8_t addr[16], plen = 0, fam = 0;
		uint32_t pos;
		int action;

		for (k = 0; k < sizeof(rule_keys) / sizeof(rule_keys[0]); k++)
			if (!strcmp(key, rule_keys[k]))
				break;
		if (k == sizeof(rule_keys) / sizeof(rule_keys[0]))
			return rule_err(e, "unknown rule argument \"%s\"", key);
		if (!with_pos && k == 0)
			return rule_err(e, "\"pos\" is not allowed here: the rules are in file order");
		if (given[k])
			return rule_err(e, "\"%s\" given twice", key);
		given[k] = true;
		if (argc < 2)
			return rule_err(e, "%s needs a value", key);

		if (!strcmp(key, "pos")) {
			if (parse_u32(arg, UINT32_MAX, &pos) || !pos)
				return rule_err(e, "\"%s\" is not a position (1 is the first rule)",
						arg);
			r->pos = pos;
		} else if (!strcmp(key, "name")) {
			if (parse_name(arg, r->name, e))
				return -1;
		} else if (!strcmp(key, "family")) {
			if (!strcmp(arg, "inet"))
				fam = AF_INET;
			else if (!strcmp(arg, "inet6"))
				fam = AF_INET6;
			else
				return rule_err(e, "family takes inet or inet6, not \"%s\"",
						arg);
			if (r->m.family && r->m.family != fam)
				return rule_err(e, "family %s does not match \"%s\"",
						arg, fam_word);
			r->m.family = fam;
			fam_word = arg;
			fam_is_key = true;
		} else if (!strcmp(key, "from") || !strcmp(key, "to")) {
			if (parse_prefix(arg, &fam, addr, &plen, e))
				return -1;
			if (r->m.family && r->m.family != fam && fam_is_key)
				return rule_err(e, "\"%s\" is not an %s prefix (family %s)",
						arg, fam_word, fam_word);
			if (r->m.family && r->m.family != fam)
				return rule_err(e, "\"%s\" and \"%s\" are of different families",
						fam_word, arg);
			r->m.family = fam;
			if (!fam_word)
				fam_word = arg;
			if (key[0] == 'f') {
				memcpy(r->m.src, addr, sizeof(addr));
				r->m.src_plen = plen;
			} else {
				memcpy(r->m.dst, addr, sizeof(addr));
				r->m.dst_plen = plen;
			}
		} else if (!strcmp(key, "sport")) {
			if (parse_port_range(arg, &r->m.sport_min,
					     &r->m.sport_max, e->msg,
					     sizeof(e->msg)))
				return -1;
		} else if (!strcmp(key, "dport")) {
			if (parse_port_range(arg, &r->m.dport_min,
					     &r->m.dport_max, e->msg,
					     sizeof(e->msg)))
				return -1;
		} else if (!strcmp(key, "iif")) {
			if (parse_ifname(arg, r->m.iif, e))
				return -1;
		} else if (!strcmp(key, "oif")) {
			if (parse_ifname(arg, r->m.oif, e))
				return -1;
		} else {
			action = rg_action_parse(arg);
			if (action < 0)
				return rule_err(e, "unknown action \"%s\"", arg);
			r->m.action = action;
			r->has_action = true;
		}
		/* The module's own checks, word by word: this word broke it. */
		msg = rg_rule_check(&r->m);
		if (msg)
			return rule_err(e, "%s \"%s\": %s", key, arg, msg);
	}
	if (!r->has_action)
		return rule_err(e, "missing \"action\": every rule needs one");
	return 0;
}

/* Attributes of a rule, for RULE_ADD or one entry of RULE_REPLACE. */
static void put_rule_attrs(struct nlmsghdr *nlh, const struct rule *r)
{
	unsigned int len = family_bytes(r->m.family);

	if (r->name[0])
		mnl_attr_put_strz(nlh, RSTGUARD_RULE_A_NAME, r->name);
	if (r->pos)
		mnl_attr_put_u32(nlh, RSTGUARD_RULE_A_POSITION, r->pos);
	if (r->m.family)
		mnl_attr_put_u8(nlh, RSTGUARD_RULE_A_FAMILY, r->m.family);
	if (r->m.src_plen) {
		mnl_attr_put(nlh, RSTGUARD_RULE_A_SRC_ADDR, len, r->m.src);
		mnl_attr_put_u8(nlh, RSTGUARD_RULE_A_SRC_PLEN, r->m.src_plen);
	}
	if (r->m.dst_plen) {
		mnl_attr_put(nlh, RSTGUARD_RULE_A_DST_ADDR, len, r->m.dst);
		mnl_attr_put_u8(nlh, RSTGUARD_RULE_A_DST_PLEN, r->m.dst_plen);
	}
	if (r->m.sport_min != 0 || r->m.sport_max != 65535) {
		mnl_attr_put_u16(nlh, RSTGUARD_RULE_A_SPORT_MIN, r->m.sport_min);
		mnl_attr_put_u16(nlh, RSTGUARD_RULE_A_SPORT_MAX, r->m.sport_max);
	}
	if (r->m.dport_min != 0 || r->m.dport_max != 65535) {
		mnl_attr_put_u16(nlh, RSTGUARD_RULE_A_DPORT_MIN, r->m.dport_min);
		mnl_attr_put_u16(nlh, RSTGUARD_RULE_A_DPORT_MAX, r->m.dport_max);
	}
	if (r->m.iif[0])
		mnl_attr_put_strz(nlh, RSTGUARD_RULE_A_IIF, r->m.iif);
	if (r->m.oif[0])
		mnl_attr_put_strz(nlh, RSTGUARD_RULE_A_OIF, r->m.oif);
	mnl_attr_put_u8(nlh, RSTGUARD_RULE_A_ACTION, r->m.action);
}

/* The keyword a rule attribute came from, to point at it in an error. */
static const char *attr_word(uint16_t type)
{
	switch (type) {
	case RSTGUARD_RULE_A_ID:
		return "id";
	case RSTGUARD_RULE_A_NAME:
		return "name";
	case RSTGUARD_RULE_A_POSITION:
		return "pos";
	case RSTGUARD_RULE_A_FAMILY:
		return "family";
	case RSTGUARD_RULE_A_SRC_ADDR:
	case RSTGUARD_RULE_A_SRC_PLEN:
		return "from";
	case RSTGUARD_RULE_A_DST_ADDR:
	case RSTGUARD_RULE_A_DST_PLEN:
		return "to";
	case RSTGUARD_RULE_A_SPORT_MIN:
	case RSTGUARD_RULE_A_SPORT_MAX:
		return "sport";
	case RSTGUARD_RULE_A_DPORT_MIN:
	case RSTGUARD_RULE_A_DPORT_MAX:
		return "dport";
	case RSTGUARD_RULE_A_IIF:
		return "iif";
	case RSTGUARD_RULE_A_OIF:
		return "oif";
	case RSTGUARD_RULE_A_ACTION:
		return "action";
	}
	return NULL;
}

/*
 * "Error: WHAT: [KEYWORD: ]message" for a request the kernel refused,
 * naming the keyword when its extack points into the rule nest @rule.
 */
static void rule_perror(const char *what, const struct nlmsghdr *req,
			const struct nlattr *rule)
{
	const struct nlattr *bad = req ? rg_nl_bad_attr(req) : NULL;
	char buf[288];

	if (errno == EOPNOTSUPP && !rg_nl_has_extack()) {
		fprintf(stderr, "Error: %s: the loaded rstguard module has no policy rules (older than this tool)\n",
			what);
		return;
	}
	if (bad && rule) {
		const struct nlattr *a;

		mnl_attr_for_each_nested(a, rule) {
			if (a == bad && attr_word(mnl_attr_get_type(a))) {
				snprintf(buf, sizeof(buf), "%.256s: %s", what,
					 attr_word(mnl_attr_get_type(a)));
				what = buf;
			}
		}
	}
	rg_nl_perror(what);
}

static const enum mnl_attr_data_type rule_types[RSTGUARD_RULE_A_MAX + 1] = {
	[RSTGUARD_RULE_A_ID]		= MNL_TYPE_U32,
	[RSTGUARD_RULE_A_NAME]		= MNL_TYPE_NUL_STRING,
	[RSTGUARD_RULE_A_POSITION]	= MNL_TYPE_U32,
	[RSTGUARD_RULE_A_FAMILY]	= MNL_TYPE_U8,
	[RSTGUARD_RULE_A_SRC_ADDR]	= MNL_TYPE_BINARY,
	[RSTGUARD_RULE_A_SRC_PLEN]	= MNL_TYPE_U8,
	[RSTGUARD_RULE_A_DST_ADDR]	= MNL_TYPE_BINARY,
	[RSTGUARD_RULE_A_DST_PLEN]	= MNL_TYPE_U8,
	[RSTGUARD_RULE_A_SPORT_MIN]	= MNL_TYPE_U16,
	[RSTGUARD_RULE_A_SPORT_MAX]	= MNL_TYPE_U16,
	[RSTGUARD_RULE_A_DPORT_MIN]	= MNL_TYPE_U16,
	[RSTGUARD_RULE_A_DPORT_MAX]	= MNL_TYPE_U16,
	[RSTGUARD_RULE_A_IIF]		= MNL_TYPE_NUL_STRING,
	[RSTGUARD_RULE_A_OIF]		= MNL_TYPE_NUL_STRING,
	[RSTGUARD_RULE_A_ACTION]	= MNL_TYPE_U8,
	[RSTGUARD_RULE_A_HITS]		= MNL_TYPE_U64,
};

/* Attributes this tool does not know, or of the wrong type, are skipped. */
static int rule_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	uint16_t t = mnl_attr_get_type(a);

	if (t > RSTGUARD_RULE_A_MAX || !rule_types[t] ||
	    mnl_attr_validate(a, rule_types[t]) < 0)
		return MNL_CB_OK;
	tb[t] = a;
	return MNL_CB_OK;
}

static int get_prefix(const struct nlattr *addr, const struct nlattr *plen,
		      uint8_t family, uint8_t *dst, uint8_t *dst_plen)
{
	unsigned int len = family_bytes(family);

	if (!plen || !mnl_attr_get_u8(plen))
		return 0;
	if (!addr || !len || mnl_attr_get_payload_len(addr) != len ||
	    mnl_attr_get_u8(plen) > len * 8)
		return -1;
	memcpy(dst, mnl_attr_get_payload(addr), len);
	*dst_plen = mnl_attr_get_u8(plen);
	return 0;
}

static void get_ifname(const struct nlattr *a, char *ifname)
{
	if (a)
		snprintf(ifname, RG_IFNAMSIZ, "%s", mnl_attr_get_str(a));
}

/* Fill @r from a RSTGUARD_A_RULE nest; -1 if it lacks what a rule needs. */
static int rule_parse(const struct nlattr *nest, struct rule *r)
{
	const struct nlattr *tb[RSTGUARD_RULE_A_MAX + 1] = { NULL };

	rule_init(r);
	if (mnl_attr_parse_nested(nest, rule_attr_cb, tb) < 0 ||
	    !tb[RSTGUARD_RULE_A_ACTION])
		return -1;
	if (tb[RSTGUARD_RULE_A_ID])
		r->id = mnl_attr_get_u32(tb[RSTGUARD_RULE_A_ID]);
	if (tb[RSTGUARD_RULE_A_POSITION])
		r->pos = mnl_attr_get_u32(tb[RSTGUARD_RULE_A_POSITION]);
	if (tb[RSTGUARD_RULE_A_HITS])
		r->hits = mnl_attr_get_u64(tb[RSTGUARD_RULE_A_HITS]);
	if (tb[RSTGUARD_RULE_A_NAME])
		snprintf(r->name, sizeof(r->name), "%s",
			 mnl_attr_get_str(tb[RSTGUARD_RULE_A_NAME]));
	if (tb[RSTGUARD_RULE_A_FAMILY])
		r->m.family = mnl_attr_get_u8(tb[RSTGUARD_RULE_A_FAMILY]);
	if (get_prefix(tb[RSTGUARD_RULE_A_SRC_ADDR],
		       tb[RSTGUARD_RULE_A_SRC_PLEN], r->m.family, r->m.src,
		       &r->m.src_plen) ||
	    get_prefix(tb[RSTGUARD_RULE_A_DST_ADDR],
		       tb[RSTGUARD_RULE_A_DST_PLEN], r->m.family, r->m.dst,
		       &r->m.dst_plen))
		return -1;
	if (tb[RSTGUARD_RULE_A_SPORT_MIN])
		r->m.sport_min = mnl_attr_get_u16(tb[RSTGUARD_RULE_A_SPORT_MIN]);
	if (tb[RSTGUARD_RULE_A_SPORT_MAX])
		r->m.sport_max = mnl_attr_get_u16(tb[RSTGUARD_RULE_A_SPORT_MAX]);
	if (tb[RSTGUARD_RULE_A_DPORT_MIN])
		r->m.dport_min = mnl_attr_get_u16(tb[RSTGUARD_RULE_A_DPORT_MIN]);
	if (tb[RSTGUARD_RULE_A_DPORT_MAX])
		r->m.dport_max = mnl_attr_get_u16(tb[RSTGUARD_RULE_A_DPORT_MAX]);
	get_ifname(tb[RSTGUARD_RULE_A_IIF], r->m.iif);
	get_ifname(tb[RSTGUARD_RULE_A_OIF], r->m.oif);
	r->m.action = mnl_attr_get_u8(tb[RSTGUARD_RULE_A_ACTION]);
	r->has_action = true;
	return 0;
}

static bool any_port(uint16_t min, uint16_t max)
{
	return min == 0 && max == 65535;
}

static void format_prefix(char *buf, size_t len, uint8_t family,
			  const uint8_t *addr, uint8_t plen)
{
	char str[INET6_ADDRSTRLEN];

	inet_ntop(family, addr, str, sizeof(str));
	snprintf(buf, len, "%s/%u", str, plen);
}

/* An action newer than this tool prints as its number. */
static const char *action_name(uint8_t action, char *num, size_t len)
{
	if (action > RSTGUARD_ACTION_MAX) {
		snprintf(num, len, "%u", action);
		return num;
	}
	return rg_action_name(action);
}

/*
 * The rule in "rule add" syntax, canonical order, what matches everything
 * left out; "family" only when no prefix says it. With @with_pos, "pos N"
 * first (rule list); without it, a line of "rule save". With @quote,
 * interface names (any byte but / : and blanks) are quoted as a restore
 * file needs (rg_word_quote()); names of rules need no quotes.
 */
static void print_rule_words(const struct rule *r, bool with_pos, bool quote)
{
	char buf[64], iif[RG_WORD_QUOTED_MAX(RG_IFNAMSIZ)];
	char oif[RG_WORD_QUOTED_MAX(RG_IFNAMSIZ)];
	const char *sep = "";

	if (with_pos) {
		printf("pos %u", r->pos);
		sep = " ";
	}
	if (r->name[0]) {
		printf("%sname %s", sep, r->name);
		sep = " ";
	}
	if (r->m.family && !r->m.src_plen && !r->m.dst_plen) {
		printf("%sfamily %s", sep, family_name(r->m.family));
		sep = " ";
	}
	if (r->m.src_plen) {
		format_prefix(buf, sizeof(buf), r->m.family, r->m.src,
			      r->m.src_plen);
		printf("%sfrom %s", sep, buf);
		sep = " ";
	}
	if (r->m.dst_plen) {
		format_prefix(buf, sizeof(buf), r->m.family, r->m.dst,
			      r->m.dst_plen);
		printf("%sto %s", sep, buf);
		sep = " ";
	}
	if (!any_port(r->m.sport_min, r->m.sport_max)) {
		format_ports(buf, sizeof(buf), r->m.sport_min, r->m.sport_max);
		printf("%ssport %s", sep, buf);
		sep = " ";
	}
	if (!any_port(r->m.dport_min, r->m.dport_max)) {
		format_ports(buf, sizeof(buf), r->m.dport_min, r->m.dport_max);
		printf("%sdport %s", sep, buf);
		sep = " ";
	}
	if (!quote || rg_word_quote(r->m.iif, false, iif, sizeof(iif)) < 0)
		snprintf(iif, sizeof(iif), "%s", r->m.iif);
	if (!quote || rg_word_quote(r->m.oif, false, oif, sizeof(oif)) < 0)
		snprintf(oif, sizeof(oif), "%s", r->m.oif);
	if (r->m.iif[0]) {
		printf("%siif %s", sep, iif);
		sep = " ";
	}
	if (r->m.oif[0]) {
		printf("%soif %s", sep, oif);
		sep = " ";
	}
	printf("%saction %s", sep, action_name(r->m.action, buf, sizeof(buf)));
}

/* {"min":P,"max":Q}, or null for any port. */
static void print_json_ports(const char *key, uint16_t min, uint16_t max)
{
	if (any_port(min, max)) {
		print_null(key);
		return;
	}
	open_json_object(key);
	print_u64("min", NULL, min);
	print_u64("max", NULL, max);
	close_json_object();
}

static void print_json_str_or_null(const char *key, const char *val)
{
	if (val && val[0])
		print_str(key, NULL, val);
	else
		print_null(key);
}

/* Every key always present; a match that is absent is null. */
static void print_rule_json(const struct rule *r)
{
	char from[64] = "", to[64] = "", num[16];

	if (r->m.src_plen)
		format_prefix(from, sizeof(from), r->m.family, r->m.src,
			      r->m.src_plen);
	if (r->m.dst_plen)
		format_prefix(to, sizeof(to), r->m.family, r->m.dst,
			      r->m.dst_plen);
	open_json_object(NULL);
	print_u64("id", NULL, r->id);
	print_u64("position", NULL, r->pos);
	print_json_str_or_null("name", r->name);
	print_json_str_or_null("family",
			       r->m.family ? family_name(r->m.family) : NULL);
	print_json_str_or_null("from", from);
	print_json_str_or_null("to", to);
	print_json_ports("sport", r->m.sport_min, r->m.sport_max);
	print_json_ports("dport", r->m.dport_min, r->m.dport_max);
	print_json_str_or_null("iif", r->m.iif);
	print_json_str_or_null("oif", r->m.oif);
	print_str("action", NULL, action_name(r->m.action, num, sizeof(num)));
	print_u64("hits", NULL, r->hits);
	close_json_object();
}

struct dump_ctx {
	bool save;	/* "rule save" lines, else "rule list" */
};

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct dump_ctx *ctx = data;
	const struct nlattr *a;
	struct rule r;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != RSTGUARD_A_RULE)
			continue;
		if (rule_parse(a, &r)) {
			fputs("Warning: skipped a malformed rule record\n",
			      stderr);
			continue;
		}
		if (ctx->save) {
			print_rule_words(&r, false, false);
			putchar('\n');
		} else if (json) {
			print_rule_json(&r);
		} else {
			print_rule_words(&r, true, false);
			printf(" id %u hits %llu\n", r.id,
			       (unsigned long long)r.hits);
		}
	}
	return MNL_CB_OK;
}

static int rule_dump(struct rg_nl *nl, int argc, char **argv, bool save)
{
	const char *what = save ? "rule save" : "rule list";
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct dump_ctx ctx = { save };
	struct nlmsghdr *req;

	if (argc > 0)
		return usage_error("unexpected argument \"%s\"", argv[0]);
	if (rg_nl_connect(nl))
		return 1;
	req = rg_nl_msg(nl, buf, RSTGUARD_CMD_RULE_GET, NLM_F_DUMP);
	if (!save)
		open_json_array(NULL);
	if (rg_nl_talk(nl, req, dump_cb, &ctx) < 0) {
		fflush(stdout);
		rule_perror(what, NULL, NULL);
		return 1;
	}
	if (!save) {
		close_json_array();
		print_json_end();
	}
	fflush(stdout);
	return 0;
}

/* The reply to RULE_ADD: the new rule's id and position (-j prints them). */
static int add_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rule *r = data;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		const struct nlattr *tb[RSTGUARD_RULE_A_MAX + 1] = { NULL };

		if (mnl_attr_get_type(a) != RSTGUARD_A_RULE ||
		    mnl_attr_parse_nested(a, rule_attr_cb, tb) < 0)
			continue;
		if (tb[RSTGUARD_RULE_A_ID])
			r->id = mnl_attr_get_u32(tb[RSTGUARD_RULE_A_ID]);
		if (tb[RSTGUARD_RULE_A_POSITION])
			r->pos = mnl_attr_get_u32(tb[RSTGUARD_RULE_A_POSITION]);
	}
	return MNL_CB_OK;
}

static int rule_add(struct rg_nl *nl, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlattr *nest;
	struct nlmsghdr *req;
	struct rule_err e = { "" };
	struct rule r;

	if (parse_rule(&r, argc, argv, true, &e))
		return usage_error("%s", e.msg);
	if (rg_nl_connect(nl))
		return 1;
	req = rg_nl_msg(nl, buf, RSTGUARD_CMD_RULE_ADD, 0);
	nest = mnl_attr_nest_start(req, RSTGUARD_A_RULE);
	put_rule_attrs(req, &r);
	mnl_attr_nest_end(req, nest);
	r.id = 0;
	r.pos = 0;
	if (rg_nl_talk(nl, req, add_reply_cb, &r) < 0) {
		if (errno == EEXIST && !rg_nl_has_extack() && r.name[0])
			fprintf(stderr, "Error: rule add: a rule named \"%s\" exists already\n",
				r.name);
		else
			rule_perror("rule add", req, nest);
		return 1;
	}
	if (json) {
		open_json_object(NULL);
		print_u64("id", NULL, r.id);
		print_u64("position", NULL, r.pos);
		close_json_object();
		print_json_end();
	}
	return 0;
}

/* rule del ID | rule del name NAME */
static int rule_del(struct rg_nl *nl, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], name[RSTGUARD_RULE_NAME_MAX];
	struct nlmsghdr *req;
	struct nlattr *nest;
	bool by_name = false;
	struct rule_err e = { "" };
	uint32_t id = 0;

	if (argc < 1)
		return usage_error("rule del needs a rule id or \"name NAME\"");
	if (!strcmp(argv[0], "name")) {
		by_name = true;
		if (argc < 2)
			return usage_error("name needs a value");
		if (parse_name(argv[1], name, &e))
			return usage_error("%s", e.msg);
		argc -= 2;
		argv += 2;
	} else {
		if (parse_u32(argv[0], UINT32_MAX, &id))
			return usage_error("\"%s\" is not a rule id", argv[0]);
		argc--;
		argv++;
	}
	if (argc > 0)
		return usage_error("unexpected argument \"%s\"", argv[0]);
	if (rg_nl_connect(nl))
		return 1;
	req = rg_nl_msg(nl, buf, RSTGUARD_CMD_RULE_DEL, 0);
	nest = mnl_attr_nest_start(req, RSTGUARD_A_RULE);
	if (by_name)
		mnl_attr_put_strz(req, RSTGUARD_RULE_A_NAME, name);
	else
		mnl_attr_put_u32(req, RSTGUARD_RULE_A_ID, id);
	mnl_attr_nest_end(req, nest);
	if (rg_nl_talk(nl, req, NULL, NULL) < 0) {
		if (errno == ENOENT && !rg_nl_has_extack())
			fputs("Error: rule del: no such rule\n", stderr);
		else
			rule_perror("rule del", req, nest);
		return 1;
	}
	return 0;
}

static int rule_flush(struct rg_nl *nl, int argc, char **argv)
{
	int ret = request_bare(nl, RSTGUARD_CMD_RULE_FLUSH, argc, argv);

	if (ret < 0) {
		rule_perror("rule flush", NULL, NULL);
		return 1;
	}
	return ret;
}

#define LINE_WORDS_MAX	32	/* a rule has at most 18 */

/* Split @line into words at blanks; a word starting with # ends it. */
static int split_words(char *line, char **words, struct rule_err *e)
{
	int n = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' ||
		       *p == '\v' || *p == '\f')
			p++;
		if (!*p || *p == '#')
			return n;
		if (n == LINE_WORDS_MAX)
			return rule_err(e, "too many words");
		words[n++] = p;
		while (*p && !strchr(" \t\r\n\v\f", *p))
			p++;
		if (*p)
			*p++ = '\0';
	}
}

/* Room for one more rule in @set; -1 without memory. */
static int ruleset_grow(struct ruleset *set)
{
	unsigned int size = set->cap ? set->cap * 2 : 16;
	void *p;

	if (set->n < set->cap)
		return 0;
	p = realloc(set->rules, size * sizeof(*set->rules));
	if (!p)
		return -1;
	set->rules = p;
	p = realloc(set->lines, size * sizeof(*set->lines));
	if (!p)
		return -1;
	set->lines = p;
	set->cap = size;
	return 0;
}

/* One rule's words from line @lineno into @set; -1 with @e set. */
static int ruleset_words(struct ruleset *set, int argc, char **argv,
			 unsigned int lineno, struct rule_err *e)
{
	struct rule *r;
	unsigned int i;

	if (set->n == RSTGUARD_RULES_MAX)
		return rule_err(e, "more than %d rules", RSTGUARD_RULES_MAX);
	if (ruleset_grow(set))
		return rule_err(e, "%s", strerror(ENOMEM));
	r = &set->rules[set->n];
	if (parse_rule(r, argc, argv, false, e))
		return -1;
	/* "rule del name NAME" needs names to be unique. */
	for (i = 0; r->name[0] && i < set->n; i++) {
		if (!strcmp(set->rules[i].name, r->name))
			return rule_err(e, "name \"%s\" is used on line %u already",
					r->name, set->lines[i]);
	}
	set->lines[set->n++] = lineno;
	return 0;
}

int ruleset_add_words(struct ruleset *set, int argc, char **argv,
		      unsigned int line, char *err, size_t errlen)
{
	struct rule_err e = { "" };

	if (!ruleset_words(set, argc, argv, line, &e))
		return 0;
	snprintf(err, errlen, "%s", e.msg);
	return -1;
}

/* Parse one line of "rule restore" into @set; -1 with @e set. */
static int ruleset_line(struct ruleset *set, char *line, unsigned int lineno,
			struct rule_err *e)
{
	char *words[LINE_WORDS_MAX + 1];
	int n;

	n = split_words(line, words, e);
	if (n <= 0)
		return n;
	words[n] = NULL;
	if (!strcmp(words[0], "rule"))
		return rule_err(e, "unknown rule argument \"rule\" (write the rule without \"rule add\")");
	return ruleset_words(set, n, words, lineno, e);
}

/* Read and check the whole file; print the first error and return -1. */
static int ruleset_read_file(struct ruleset *set, FILE *f, const char *fname)
{
	unsigned int lineno = 0;
	struct rule_err e = { "" };
	size_t cap = 0;
	char *line = NULL;
	ssize_t len;
	int ret = 0;

	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (strlen(line) != (size_t)len) {
			rule_err(&e, "the line holds a NUL byte");
			goto bad;
		}
		if (ruleset_line(set, line, lineno, &e))
			goto bad;
	}
	if (ferror(f)) {
		fprintf(stderr, "Error: %s: %s\n", fname, strerror(errno));
		ret = -1;
	}
	free(line);
	return ret;
bad:
	fprintf(stderr, "Error: %s:%u: %s\n", fname, lineno, e.msg);
	free(line);
	return -1;
}

struct read_ctx {
	struct ruleset *set;
	int err;	/* errno of the first rule that could not be kept */
};

/* Keep every rule; the dump is read to its end even after an error. */
static int read_cb(const struct nlmsghdr *nlh, void *data)
{
	struct read_ctx *ctx = data;
	struct ruleset *set = ctx->set;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != RSTGUARD_A_RULE || ctx->err)
			continue;
		if (ruleset_grow(set)) {
			ctx->err = ENOMEM;
		} else if (rule_parse(a, &set->rules[set->n])) {
			ctx->err = EBADMSG;
		} else {
			set->rules[set->n].pos = 0;
			set->lines[set->n++] = 0;
		}
	}
	return MNL_CB_OK;
}

int ruleset_read(struct rg_nl *nl, struct ruleset *set)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct read_ctx ctx = { set, 0 };
	struct nlmsghdr *req;

	req = rg_nl_msg(nl, buf, RSTGUARD_CMD_RULE_GET, NLM_F_DUMP);
	if (rg_nl_talk(nl, req, read_cb, &ctx) < 0)
		return -1;
	if (ctx.err) {
		errno = ctx.err;
		return -1;
	}
	return 0;
}

void ruleset_print_state(const struct ruleset *set)
{
	unsigned int i;

	for (i = 0; i < set->n; i++) {
		fputs("rule add ", stdout);
		print_rule_words(&set->rules[i], false, true);
		putchar('\n');
	}
}

void ruleset_free(struct ruleset *set)
{
	free(set->rules);
	free(set->lines);
	memset(set, 0, sizeof(*set));
}

/*
 * The request's worst case: each rule is a nest of at most 11 attributes,
 * the longest a 16-byte address or a 32-byte name.
 */
#define RULE_ATTRS_MAX	(4 + 8 + 2 * (20 + 8) + 4 * 8 + 2 * 20 + 8 + 36)

struct nlmsghdr *ruleset_request(const struct ruleset *set, char **bufp,
				 const char *fname)
{
	/* Addressed and numbered when it is sent: ruleset_send(). */
	struct rg_nl none = { NULL, 0, 0, 0 };
	struct nlmsghdr *req;
	struct nlattr *nest;
	size_t size, nest_len;
	unsigned int i;

	size = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct genlmsghdr)) + 4 +
	       (size_t)set->n * RULE_ATTRS_MAX;
	*bufp = calloc(1, size);
	if (!*bufp) {
		fprintf(stderr, "Error: %s: %s\n", fname, strerror(ENOMEM));
		return NULL;
	}
	req = rg_nl_msg(&none, *bufp, RSTGUARD_CMD_RULE_REPLACE, 0);
	nest = mnl_attr_nest_start(req, RSTGUARD_A_RULESET);
	for (i = 0; i < set->n; i++) {
		struct nlattr *entry = mnl_attr_nest_start(req, i + 1);

		put_rule_attrs(req, &set->rules[i]);
		mnl_attr_nest_end(req, entry);
	}
	/*
	 * An attribute's length is 16 bits: the whole ruleset must fit. So
	 * the request stays under 64 KiB + headers, well below the default
	 * socket send buffer (net.core.wmem_default): no SO_SNDBUF needed.
	 */
	nest_len = (char *)mnl_nlmsg_get_payload_tail(req) - (char *)nest;
	if (nest_len > UINT16_MAX) {
		fprintf(stderr, "Error: %s: the ruleset takes %zu bytes, more than one netlink attribute holds (%u)\n",
			fname, nest_len, UINT16_MAX);
		free(*bufp);
		*bufp = NULL;
		return NULL;
	}
	mnl_attr_nest_end(req, nest);
	return req;
}

int ruleset_send(struct rg_nl *nl, struct nlmsghdr *req,
		 const struct ruleset *set, const char *fname,
		 const char *what)
{
	const struct nlattr *nest, *bad, *a, *entry = NULL;
	unsigned int i = 0, line = 0;

	req->nlmsg_type = nl->family;
	req->nlmsg_seq = ++nl->seq;
	if (rg_nl_talk(nl, req, NULL, NULL) == 0)
		return 0;
	/* The extack points into one entry: name its line. */
	bad = rg_nl_bad_attr(req);
	nest = mnl_nlmsg_get_payload_offset(req, sizeof(struct genlmsghdr));
	mnl_attr_for_each_nested(a, nest) {
		if (bad && (const char *)bad >= (const char *)a &&
		    (const char *)bad < (const char *)a + a->nla_len &&
		    i < set->n && set->lines[i]) {
			line = set->lines[i];
			entry = a;
		}
		i++;
	}
	if (line) {
		char where[256];

		snprintf(where, sizeof(where), "%s:%u", fname, line);
		rule_perror(where, req, entry);
	} else {
		rule_perror(what, req, NULL);
	}
	return -1;
}

static int rule_restore(struct rg_nl *nl, int argc, char **argv)
{
	struct ruleset set = { NULL, NULL, 0, 0 };
	struct nlmsghdr *req;
	const char *fname;
	char *buf = NULL;
	int ret = 1;
	FILE *f;

	if (argc < 1)
		return usage_error("rule restore needs a file name, or - for standard input");
	if (argc > 1)
		return usage_error("unexpected argument \"%s\"", argv[1]);
	if (!strcmp(argv[0], "-")) {
		f = stdin;
		fname = "<stdin>";
	} else {
		fname = argv[0];
		f = fopen(fname, "r");
		if (!f) {
			fprintf(stderr, "Error: %s: %s\n", fname,
				strerror(errno));
			return 1;
		}
	}
	if (ruleset_read_file(&set, f, fname))
		goto out;
	req = ruleset_request(&set, &buf, fname);
	if (!req || rg_nl_connect(nl))
		goto out;
	if (ruleset_send(nl, req, &set, fname, "rule restore") == 0)
		ret = 0;
out:
	if (f != stdin)
		fclose(f);
	ruleset_free(&set);
	free(buf);
	return ret;
}

int do_rule(struct rg_nl *nl, int argc, char **argv)
{
	if (argc < 1)
		return rule_dump(nl, 0, argv, false);
	if (!strcmp(argv[0], "list"))
		return rule_dump(nl, argc - 1, argv + 1, false);
	if (!strcmp(argv[0], "add"))
		return rule_add(nl, argc - 1, argv + 1);
	if (!strcmp(argv[0], "del"))
		return rule_del(nl, argc - 1, argv + 1);
	if (!strcmp(argv[0], "flush"))
		return rule_flush(nl, argc - 1, argv + 1);
	if (!strcmp(argv[0], "save"))
		return rule_dump(nl, argc - 1, argv + 1, true);
	if (!strcmp(argv[0], "restore"))
		return rule_restore(nl, argc - 1, argv + 1);
	return usage_error("unknown rule command \"%s\"", argv[0]);
}
