// SPDX-License-Identifier: GPL-2.0
/*
 * rstguard sig: the namespace's stream signatures. add, del, list, flush;
 * "import" reads a Snort 2, Snort 3 or Suricata rules file (sig_parse.h),
 * checks all of it, loads what rstguard can honour exactly in one
 * SIG_REPLACE request and says what it skipped and why; "save" prints the
 * set as rules that "import" reads back. "save" and "restore" (state.c)
 * carry the set as "sig add" lines (sig_words.c) and one SIG_REPLACE
 * request built here (sig.h).
 */
#define _GNU_SOURCE		/* getline() */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rstguard.h>
#include "json_print.h"
#include "ports.h"
#include "rstguard.h"
#include "sig.h"
#include "sig_words.h"

/* Netlink */

#define ATTR(len)	(MNL_ATTR_HDRLEN + MNL_ALIGN(len))

size_t sig_attrs_size(const struct rg_sig *s)
{
	/* id, msg, action, dir, ports, data-at, data-after */
	size_t size = MNL_ATTR_HDRLEN + ATTR(4) + ATTR(strlen(s->msg) + 1) +
		      6 * ATTR(4);
	unsigned int i;

	/* bytes, nocase, offset, depth, distance, within */
	for (i = 0; i < s->n; i++)
		size += MNL_ATTR_HDRLEN + ATTR(s->content[i].len) +
			MNL_ATTR_HDRLEN + 4 * ATTR(4);
	return size;
}

void put_sig_attrs(struct nlmsghdr *nlh, const struct rg_sig *s)
{
	unsigned int i;

	mnl_attr_put_u32(nlh, RSTGUARD_SIG_A_ID, s->id);
	if (s->msg[0])
		mnl_attr_put_strz(nlh, RSTGUARD_SIG_A_MSG, s->msg);
	mnl_attr_put_u8(nlh, RSTGUARD_SIG_A_ACTION, s->action);
	if (s->dir != RSTGUARD_SIG_DIR_ANY)
		mnl_attr_put_u8(nlh, RSTGUARD_SIG_A_DIR, s->dir);
	if (!any_port(s->port_min, s->port_max)) {
		mnl_attr_put_u16(nlh, RSTGUARD_SIG_A_PORT_MIN, s->port_min);
		mnl_attr_put_u16(nlh, RSTGUARD_SIG_A_PORT_MAX, s->port_max);
	}
	for (i = 0; i < s->n; i++) {
		const struct rg_sig_content *c = &s->content[i];
		struct nlattr *nest;

		nest = mnl_attr_nest_start(nlh, RSTGUARD_SIG_A_CONTENT);
		mnl_attr_put(nlh, RSTGUARD_CONTENT_A_BYTES, c->len, c->bytes);
		if (c->nocase)
			mnl_attr_put(nlh, RSTGUARD_CONTENT_A_NOCASE, 0, NULL);
		if (c->offset)
			mnl_attr_put_u32(nlh, RSTGUARD_CONTENT_A_OFFSET, c->offset);
		if (c->depth)
			mnl_attr_put_u32(nlh, RSTGUARD_CONTENT_A_DEPTH, c->depth);
		/* DISTANCE, even 0, is what makes the content relative. */
		if (c->relative)
			mnl_attr_put_u32(nlh, RSTGUARD_CONTENT_A_DISTANCE,
					 (uint32_t)c->distance);
		if (c->relative && c->within)
			mnl_attr_put_u32(nlh, RSTGUARD_CONTENT_A_WITHIN, c->within);
		mnl_attr_nest_end(nlh, nest);
	}
	if (s->has_data_at)
		mnl_attr_put_u32(nlh, RSTGUARD_SIG_A_DATA_AT, s->data_at);
	if (s->has_data_after)
		mnl_attr_put_u32(nlh, RSTGUARD_SIG_A_DATA_AFTER, s->data_after);
}

static bool inside(const struct nlattr *bad, const struct nlattr *a)
{
	return (const char *)bad >= (const char *)a &&
	       (const char *)bad < (const char *)a + a->nla_len;
}

static const char *const sig_attr_words[RSTGUARD_SIG_A_MAX + 1] = {
	[RSTGUARD_SIG_A_ID]		= "id",
	[RSTGUARD_SIG_A_MSG]		= "msg",
	[RSTGUARD_SIG_A_ACTION]		= "action",
	[RSTGUARD_SIG_A_DIR]		= "dir",
	[RSTGUARD_SIG_A_PORT_MIN]	= "port",
	[RSTGUARD_SIG_A_PORT_MAX]	= "port",
	[RSTGUARD_SIG_A_DATA_AT]	= "data-at",
	[RSTGUARD_SIG_A_DATA_AFTER]	= "data-after",
};

static const char *const content_attr_words[RSTGUARD_CONTENT_A_MAX + 1] = {
	[RSTGUARD_CONTENT_A_BYTES]	= "",
	[RSTGUARD_CONTENT_A_NOCASE]	= " nocase",
	[RSTGUARD_CONTENT_A_OFFSET]	= " offset",
	[RSTGUARD_CONTENT_A_DEPTH]	= " depth",
	[RSTGUARD_CONTENT_A_DISTANCE]	= " distance",
	[RSTGUARD_CONTENT_A_WITHIN]	= " within",
};

/* "WHAT: WORD" in @buf for the word of @sig the kernel blamed; 0 if none. */
static int bad_word(const struct nlattr *bad, const struct nlattr *sig,
		    const char *what, char *buf, size_t len)
{
	const struct nlattr *a, *b;
	unsigned int k = 0;

	mnl_attr_for_each_nested(a, sig) {
		uint16_t t = mnl_attr_get_type(a);
		k += t == RSTGUARD_SIG_A_CONTENT;
		if (!inside(bad, a))
			continue;
		if (t <= RSTGUARD_SIG_A_MAX && sig_attr_words[t]) {
			snprintf(buf, len, "%.256s: %s", what, sig_attr_words[t]);
			return 1;
		}
		if (t != RSTGUARD_SIG_A_CONTENT)
			return 0;
		snprintf(buf, len, "%.256s: content %u", what, k);
		mnl_attr_for_each_nested(b, a) {
			t = mnl_attr_get_type(b);
			if (inside(bad, b) && t <= RSTGUARD_CONTENT_A_MAX &&
			    content_attr_words[t])
				snprintf(buf, len, "%.256s: content %u%s", what,
					 k, content_attr_words[t]);
		}
		return 1;
	}
	return 0;
}

void sig_perror(const char *what, const struct nlmsghdr *req,
		const struct nlattr *sig)
{
	const struct nlattr *bad = req ? rg_nl_bad_attr(req) : NULL;
	char buf[320];

	if (errno == EOPNOTSUPP && !rg_nl_has_extack()) {
		fprintf(stderr, "Error: %s: the loaded rstguard module has no signatures (older than this tool)\n",
			what);
		return;
	}
	if (bad && sig && bad_word(bad, sig, what, buf, sizeof(buf)))
		what = buf;
	rg_nl_perror(what);
}

int sig_req_init(struct sig_req *r)
{
	/* Addressed and numbered when it is sent: sig_req_send(). */
	struct rg_nl none = { NULL, 0, 0, 0 };

	memset(r, 0, sizeof(*r));
	r->cap = MNL_SOCKET_BUFFER_SIZE;
	r->buf = calloc(1, r->cap);
	if (!r->buf)
		return -1;
	rg_nl_msg(&none, r->buf, RSTGUARD_CMD_SIG_REPLACE, 0);
	return 0;
}

int sig_req_add(struct sig_req *r, const struct rg_sig *s, unsigned int line)
{
	struct nlmsghdr *req = sig_req_msg(r);
	size_t need = MNL_ALIGN(req->nlmsg_len) + sig_attrs_size(s);
	struct nlattr *nest;

	if (need > UINT32_MAX)
		return -1;
	if (need > r->cap) {
		size_t cap = r->cap * 2 > need ? r->cap * 2 : need;
		char *p = realloc(r->buf, cap);

		if (!p)
			return -1;
		r->buf = p;
		r->cap = cap;
		req = sig_req_msg(r);
	}
	if (r->n == r->lines_cap) {
		unsigned int cap = r->lines_cap ? r->lines_cap * 2 : 256;
		void *p = realloc(r->lines, cap * sizeof(*r->lines));

		if (!p)
			return -1;
		r->lines = p;
		r->lines_cap = cap;
	}
	nest = mnl_attr_nest_start(req, RSTGUARD_A_SIG);
	put_sig_attrs(req, s);
	mnl_attr_nest_end(req, nest);
	r->lines[r->n++] = line;
	return 0;
}

int sig_req_send(struct rg_nl *nl, struct sig_req *r, const char *fname,
		 const char *what)
{
	const struct nlattr *bad, *a, *entry = NULL;
	struct nlmsghdr *req = sig_req_msg(r);
	unsigned int i = 0, line = 0;

	if (rg_nl_sndbuf(nl, req->nlmsg_len)) {
		rg_nl_perror(what);
		return -1;
	}
	req->nlmsg_type = nl->family;
	req->nlmsg_seq = ++nl->seq;
	if (rg_nl_talk(nl, req, NULL, NULL) == 0)
		return 0;
	/* The extack points into one signature: name its line. */
	bad = rg_nl_bad_attr(req);
	mnl_attr_for_each(a, req, sizeof(struct genlmsghdr)) {
		if (bad && inside(bad, a) && i < r->n && r->lines[i]) {
			line = r->lines[i];
			entry = a;
		}
		i++;
	}
	if (line) {
		char where[256];

		snprintf(where, sizeof(where), "%s:%u", fname, line);
		sig_perror(where, req, entry);
	} else {
		sig_perror(what, req, NULL);
	}
	return -1;
}

void sig_req_free(struct sig_req *r)
{
	free(r->buf);
	free(r->lines);
	memset(r, 0, sizeof(*r));
}

/* A signature the kernel sent; -1 if it lacks what one needs. */
static int sig_parse_nest(const struct nlattr *nest, struct rg_sig *s,
			  uint64_t *hits)
{
	static const enum mnl_attr_data_type types[RSTGUARD_SIG_A_MAX + 1] = {
		[RSTGUARD_SIG_A_ID]		= MNL_TYPE_U32,
		[RSTGUARD_SIG_A_MSG]		= MNL_TYPE_NUL_STRING,
		[RSTGUARD_SIG_A_ACTION]		= MNL_TYPE_U8,
		[RSTGUARD_SIG_A_DIR]		= MNL_TYPE_U8,
		[RSTGUARD_SIG_A_PORT_MIN]	= MNL_TYPE_U16,
		[RSTGUARD_SIG_A_PORT_MAX]	= MNL_TYPE_U16,
		[RSTGUARD_SIG_A_CONTENT]	= MNL_TYPE_NESTED,
		[RSTGUARD_SIG_A_HITS]		= MNL_TYPE_U64,
		[RSTGUARD_SIG_A_DATA_AT]	= MNL_TYPE_U32,
		[RSTGUARD_SIG_A_DATA_AFTER]	= MNL_TYPE_U32,
	};
	const struct nlattr *a, *b;
	bool has_action = false;

	memset(s, 0, sizeof(*s));
	s->port_max = 65535;
	*hits = 0;
	mnl_attr_for_each_nested(a, nest) {
		uint16_t t = mnl_attr_get_type(a);
		struct rg_sig_content *c;

		/* What this tool does not know, or of a wrong type: skipped. */
		if (t > RSTGUARD_SIG_A_MAX || !types[t] ||
		    mnl_attr_validate(a, types[t]) < 0)
			continue;
		switch (t) {
		case RSTGUARD_SIG_A_ID:
			s->id = mnl_attr_get_u32(a);
			break;
		case RSTGUARD_SIG_A_MSG:
			snprintf(s->msg, sizeof(s->msg), "%s", mnl_attr_get_str(a));
			break;
		case RSTGUARD_SIG_A_ACTION:
			s->action = mnl_attr_get_u8(a);
			has_action = true;
			break;
		case RSTGUARD_SIG_A_DIR:
			s->dir = mnl_attr_get_u8(a);
			break;
		case RSTGUARD_SIG_A_PORT_MIN:
			s->port_min = mnl_attr_get_u16(a);
			break;
		case RSTGUARD_SIG_A_PORT_MAX:
			s->port_max = mnl_attr_get_u16(a);
			break;
		case RSTGUARD_SIG_A_HITS:
			*hits = mnl_attr_get_u64(a);
			break;
		case RSTGUARD_SIG_A_DATA_AT:
			s->has_data_at = true;
			s->data_at = mnl_attr_get_u32(a);
			break;
		case RSTGUARD_SIG_A_DATA_AFTER:
			s->has_data_after = true;
			s->data_after = mnl_attr_get_u32(a);
			break;
		case RSTGUARD_SIG_A_CONTENT:
			if (s->n == RSTGUARD_SIG_CONTENTS_MAX)
				return -1;
			c = &s->content[s->n++];
			mnl_attr_for_each_nested(b, a) {
				switch (mnl_attr_get_type(b)) {
				case RSTGUARD_CONTENT_A_BYTES:
					c->len = mnl_attr_get_payload_len(b);
					if (!c->len || c->len > RSTGUARD_CONTENT_MAX)
						return -1;
					memcpy(c->bytes, mnl_attr_get_payload(b),
					       c->len);
					break;
				case RSTGUARD_CONTENT_A_NOCASE:
					c->nocase = true;
					break;
				case RSTGUARD_CONTENT_A_OFFSET:
					if (mnl_attr_validate(b, MNL_TYPE_U32) == 0)
						c->offset = mnl_attr_get_u32(b);
					break;
				case RSTGUARD_CONTENT_A_DEPTH:
					if (mnl_attr_validate(b, MNL_TYPE_U32) == 0)
						c->depth = mnl_attr_get_u32(b);
					break;
				case RSTGUARD_CONTENT_A_DISTANCE:
					if (mnl_attr_validate(b, MNL_TYPE_U32))
						break;
					c->relative = true;
					c->distance = (int32_t)mnl_attr_get_u32(b);
					break;
				case RSTGUARD_CONTENT_A_WITHIN:
					if (mnl_attr_validate(b, MNL_TYPE_U32))
						break;
					c->relative = true;
					c->within = mnl_attr_get_u32(b);
					break;
				}
			}
			if (!c->len)
				return -1;
			break;
		}
	}
	return s->id && has_action && s->n ? 0 : -1;
}

/* Output */

static const char *action_name(uint8_t action, char *num, size_t len)
{
	if (action > RSTGUARD_SIG_ACTION_MAX) {
		snprintf(num, len, "%u", action);
		return num;
	}
	return rg_sig_action_name(action);
}

static void print_sig_json(const struct rg_sig *s, uint64_t hits)
{
	char text[RG_SIG_CONTENT_TEXT_MAX], hex[2 * RSTGUARD_CONTENT_MAX + 1];
	unsigned int i, j;

	open_json_object(NULL);
	print_u64("id", NULL, s->id);
	if (s->msg[0])
		print_str("msg", NULL, s->msg);
	else
		print_null("msg");
	print_str("action", NULL, action_name(s->action, text, sizeof(text)));
	print_str("dir", NULL, rg_sig_dir_name(s->dir));
	if (any_port(s->port_min, s->port_max)) {
		print_null("port");
	} else {
		open_json_object("port");
		print_u64("min", NULL, s->port_min);
		print_u64("max", NULL, s->port_max);
		close_json_object();
	}
	open_json_array("contents");
	for (i = 0; i < s->n; i++) {
		const struct rg_sig_content *c = &s->content[i];

		rg_sig_content_format(c, text, sizeof(text));
		for (j = 0; j < c->len; j++)
			snprintf(hex + 2 * j, 3, "%02x", c->bytes[j]);
		hex[2 * c->len] = '\0';
		open_json_object(NULL);
		print_str("content", NULL, text);
		print_str("hex", NULL, hex);
		print_on_off("nocase", NULL, c->nocase);
		print_u64("offset", NULL, c->offset);
		if (c->depth)
			print_u64("depth", NULL, c->depth);
		else
			print_null("depth");
		/* null: not relative to the content before it */
		if (c->relative)
			print_s64("distance", NULL, c->distance);
		else
			print_null("distance");
		if (c->within)
			print_u64("within", NULL, c->within);
		else
			print_null("within");
		close_json_object();
	}
	close_json_array();
	if (s->has_data_at)
		print_u64("data_at", NULL, s->data_at);
	else
		print_null("data_at");
	if (s->has_data_after)
		print_u64("data_after", NULL, s->data_after);
	else
		print_null("data_after");
	print_u64("hits", NULL, hits);
	close_json_object();
}

/* The signature in "sig add" words (msg and contents quoted), then hits. */
static void print_sig_text(const struct rg_sig *s, uint64_t hits)
{
	char words[RG_SIG_WORDS_MAX];

	if (rg_sig_format_words(s, words, sizeof(words)) < 0)
		words[0] = '\0';	/* cannot happen: the size is the bound */
	printf("%s hits %llu\n", words, (unsigned long long)hits);
}

enum dump_mode {
	DUMP_LIST,	/* sig list */
	DUMP_RULES,	/* sig save: Snort rules */
	DUMP_STATE,	/* save: "sig add" lines */
	DUMP_REQ,	/* into a SIG_REPLACE request */
};

struct dump_ctx {
	enum dump_mode mode;
	struct sig_req *req;	/* DUMP_REQ */
	int err;		/* DUMP_STATE, DUMP_REQ: the first errno */
};

/* One buffer for both kinds of saved lines. */
_Static_assert(RG_SIG_WORDS_MAX >= RG_SIG_LINE_MAX, "dump_cb()'s buffer");

/*
 * A listing skips a record it cannot read, with a warning; "save" and
 * a request fail, since they would lose a signature. The dump is read
 * to its end either way.
 */
static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	char words[RG_SIG_WORDS_MAX];
	struct dump_ctx *ctx = data;
	const struct nlattr *a;
	struct rg_sig s;
	uint64_t hits;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != RSTGUARD_A_SIG || ctx->err)
			continue;
		if (sig_parse_nest(a, &s, &hits)) {
			if (ctx->mode == DUMP_STATE || ctx->mode == DUMP_REQ)
				ctx->err = EBADMSG;
			else
				fputs("Warning: skipped a malformed signature record\n",
				      stderr);
			continue;
		}
		switch (ctx->mode) {
		case DUMP_LIST:
			if (json)
				print_sig_json(&s, hits);
			else
				print_sig_text(&s, hits);
			break;
		case DUMP_RULES:
			if (rg_sig_format(&s, words, sizeof(words)) >= 0)
				printf("%s\n", words);
			else
				print_sig_text(&s, hits);
			break;
		case DUMP_STATE:
			if (rg_sig_format_words(&s, words, sizeof(words)) < 0)
				ctx->err = EMSGSIZE;
			else
				printf("sig add %s\n", words);
			break;
		case DUMP_REQ:
			if (sig_req_add(ctx->req, &s, 0))
				ctx->err = ENOMEM;
			break;
		}
	}
	return MNL_CB_OK;
}

/* Dump every signature into @ctx; 0, or -1 with errno set. */
static int dump(struct rg_nl *nl, struct dump_ctx *ctx)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *req;

	req = rg_nl_msg(nl, buf, RSTGUARD_CMD_SIG_GET, NLM_F_DUMP);
	if (rg_nl_talk(nl, req, dump_cb, ctx) < 0)
		return -1;
	if (ctx->err) {
		errno = ctx->err;
		return -1;
	}
	return 0;
}

int sig_print_state(struct rg_nl *nl)
{
	struct dump_ctx ctx = { DUMP_STATE, NULL, 0 };

	return dump(nl, &ctx);
}

int sig_req_read(struct rg_nl *nl, struct sig_req *r)
{
	struct dump_ctx ctx = { DUMP_REQ, r, 0 };

	return dump(nl, &ctx);
}

static int sig_dump(struct rg_nl *nl, int argc, char **argv, bool save)
{
	struct dump_ctx ctx = { save ? DUMP_RULES : DUMP_LIST, NULL, 0 };

	if (argc > 0)
		return usage_error("unexpected argument \"%s\"", argv[0]);
	if (rg_nl_connect(nl))
		return 1;
	if (!save)
		open_json_array(NULL);
	if (dump(nl, &ctx) < 0) {
		fflush(stdout);
		sig_perror(save ? "sig save" : "sig list", NULL, NULL);
		return 1;
	}
	if (!save) {
		close_json_array();
		print_json_end();
	}
	fflush(stdout);
	return 0;
}

static int sig_add(struct rg_nl *nl, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *req;
	struct nlattr *nest;
	char e[RG_SIG_ERR_MAX];
	struct rg_sig s;

	if (rg_sig_parse_words(&s, argc, argv, e))
		return usage_error("%s", e);
	if (rg_nl_connect(nl))
		return 1;
	req = rg_nl_msg(nl, buf, RSTGUARD_CMD_SIG_ADD, 0);
	nest = mnl_attr_nest_start(req, RSTGUARD_A_SIG);
	put_sig_attrs(req, &s);
	mnl_attr_nest_end(req, nest);
	if (rg_nl_talk(nl, req, NULL, NULL) < 0) {
		if (errno == EEXIST && !rg_nl_has_extack())
			fprintf(stderr, "Error: sig add: a signature with id %u exists already\n",
				s.id);
		else
			sig_perror("sig add", req, nest);
		return 1;
	}
	return 0;
}

static int sig_del(struct rg_nl *nl, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *req;
	struct nlattr *nest;
	uint32_t id;

	if (argc < 1)
		return usage_error("sig del needs a signature id");
	if (parse_u32(argv[0], UINT32_MAX, &id) || !id)
		return usage_error("\"%s\" is not a signature id", argv[0]);
	if (argc > 1)
		return usage_error("unexpected argument \"%s\"", argv[1]);
	if (rg_nl_connect(nl))
		return 1;
	req = rg_nl_msg(nl, buf, RSTGUARD_CMD_SIG_DEL, 0);
	nest = mnl_attr_nest_start(req, RSTGUARD_A_SIG);
	mnl_attr_put_u32(req, RSTGUARD_SIG_A_ID, id);
	mnl_attr_nest_end(req, nest);
	if (rg_nl_talk(nl, req, NULL, NULL) < 0) {
		if (errno == ENOENT && !rg_nl_has_extack())
			fputs("Error: sig del: no such signature\n", stderr);
		else
			sig_perror("sig del", req, nest);
		return 1;
	}
	return 0;
}

static int sig_flush(struct rg_nl *nl, int argc, char **argv)
{
	int ret = request_bare(nl, RSTGUARD_CMD_SIG_FLUSH, argc, argv);

	if (ret < 0) {
		sig_perror("sig flush", NULL, NULL);
		return 1;
	}
	return ret;
}

int do_sig(struct rg_nl *nl, int argc, char **argv)
{
	if (argc < 1)
		return sig_dump(nl, 0, argv, false);
	if (!strcmp(argv[0], "list"))
		return sig_dump(nl, argc - 1, argv + 1, false);
	if (!strcmp(argv[0], "add"))
		return sig_add(nl, argc - 1, argv + 1);
	if (!strcmp(argv[0], "del"))
		return sig_del(nl, argc - 1, argv + 1);
	if (!strcmp(argv[0], "flush"))
		return sig_flush(nl, argc - 1, argv + 1);
	if (!strcmp(argv[0], "save"))
		return sig_dump(nl, argc - 1, argv + 1, true);
	if (!strcmp(argv[0], "import"))
		return sig_import(nl, argc - 1, argv + 1);
	return usage_error("unknown sig command \"%s\"", argv[0]);
}
