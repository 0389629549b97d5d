// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: the rule importer of "rstguard sig import"
 * (tools/sig_*.c) on arbitrary bytes. Any sanitizer report is a crash, and
 * so is a broken invariant:
 *
 *  - the input as one rule: a loaded signature is one the module accepts
 *    (id, 1..8 contents of 1..255 bytes, depth 0 or >= the length, ports
 *    in order, names in range, relative contents never first nor with
 *    offset or depth, within 0 or >= the length, a negative distance only
 *    with within), and it prints as a rule (rg_sig_format) that reads back
 *    into the same signature;
 *  - the input as a file (rg_sig_import_line(), strict or not): lines,
 *    continuations and all; only strict stops before the end;
 *  - the input as content text: what parses prints and reads back the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sig_parse.h"

static bool sig_ok(const struct rg_sig *s)
{
	unsigned int i;

	if (!s->id || !s->n || s->n > RSTGUARD_SIG_CONTENTS_MAX ||
	    s->action > RSTGUARD_SIG_ACTION_MAX || s->dir > RSTGUARD_SIG_DIR_MAX ||
	    s->port_min > s->port_max ||
	    !memchr(s->msg, '\0', sizeof(s->msg)))
		return false;
	for (i = 0; i < s->n; i++) {
		const struct rg_sig_content *c = &s->content[i];

		if (!c->len || c->len > RSTGUARD_CONTENT_MAX ||
		    (c->depth && c->depth < c->len))
			return false;
		if (!c->relative && (c->distance || c->within))
			return false;
		if (c->relative &&
		    (!i || c->offset || c->depth ||
		     c->distance < -65535 || c->distance > 65535 ||
		     (c->within && c->within < c->len) ||
		     (c->distance < 0 && !c->within)))
			return false;
	}
	return true;
}

static bool same(const struct rg_sig *a, const struct rg_sig *b)
{
	unsigned int i;

	if (a->id != b->id || strcmp(a->msg, b->msg) || a->action != b->action ||
	    a->dir != b->dir || a->port_min != b->port_min ||
	    a->port_max != b->port_max || a->n != b->n ||
	    a->has_data_at != b->has_data_at || a->data_at != b->data_at ||
	    a->has_data_after != b->has_data_after ||
	    a->data_after != b->data_after)
		return false;
	for (i = 0; i < a->n; i++) {
		const struct rg_sig_content *x = &a->content[i], *y = &b->content[i];

		if (x->len != y->len || memcmp(x->bytes, y->bytes, x->len) ||
		    x->nocase != y->nocase || x->offset != y->offset ||
		    x->depth != y->depth || x->relative != y->relative ||
		    x->distance != y->distance || x->within != y->within)
			return false;
	}
	return true;
}

static void crash(const char *what, const char *line)
{
	fprintf(stderr, "%s: %s\n", what, line ? line : "");
	abort();
}

static void one_rule(const char *data, size_t size)
{
	static char line[RG_SIG_LINE_MAX];
	struct rg_sig sig, back;
	struct rg_sig_result res, r;
	int len;

	rg_sig_parse_rule(data, size, RG_SIG_ACTION_RULE, &sig, &res);
	if (res.status == RG_SIG_SKIPPED && !res.reason)
		crash("skipped without a reason", NULL);
	if (res.status == RG_SIG_ERROR && !res.detail[0])
		crash("an error without a message", NULL);
	if (!memchr(res.detail, '\0', sizeof(res.detail)))
		crash("detail not terminated", NULL);
	if (res.status != RG_SIG_LOADED)
		return;
	if (!sig_ok(&sig))
		crash("a signature the module refuses", NULL);
	len = rg_sig_format(&sig, line, sizeof(line));
	if (len < 0)
		crash("RG_SIG_LINE_MAX too small", NULL);
	rg_sig_parse_rule(line, len, RG_SIG_ACTION_RULE, &back, &r);
	if (r.status != RG_SIG_LOADED || !same(&sig, &back))
		crash("does not read back", line);
}

static void as_file(const char *data, size_t size)
{
	struct rg_sig_import imp;
	struct rg_sig_result res;
	unsigned int lineno = 0, i;
	size_t off = 0;

	rg_sig_import_init(&imp, size && (data[0] & 1) ?
			   RSTGUARD_SIG_ACTION_RESET_BOTH : RG_SIG_ACTION_RULE);
	imp.strict = size && (data[0] & 2);
	while (off < size) {
		const char *nl = memchr(data + off, '\n', size - off);
		size_t len = nl ? (size_t)(nl - data - off) + 1 : size - off;

		if (rg_sig_import_line(&imp, data + off, len, ++lineno, &res)) {
			/* only strict fails on what a file holds */
			if (!imp.strict)
				crash("an import that gave up", NULL);
			break;
		}
		if (res.status == RG_SIG_SKIPPED && !res.reason)
			crash("skipped without a reason", NULL);
		off += len;
	}
	if (off == size && rg_sig_import_end(&imp, &res) && !imp.strict)
		crash("an import that gave up at the end", NULL);
	for (i = 0; i < imp.n; i++)
		if (!sig_ok(&imp.sigs[i]) || !imp.lines[i] || imp.lines[i] > lineno)
			crash("a bad signature in a file", NULL);
	rg_sig_import_sort(&imp);
	rg_sig_import_free(&imp);
}

static void content_text(const char *data, size_t size)
{
	struct rg_sig_content c, back;
	char text[RG_SIG_CONTENT_TEXT_MAX], err[128];

	memset(&c, 0, sizeof(c));
	if (rg_sig_content_parse(data, size, &c, err, sizeof(err)) != RG_CONTENT_OK)
		return;
	rg_sig_content_format(&c, text, sizeof(text));
	memset(&back, 0, sizeof(back));
	if (rg_sig_content_parse(text, strlen(text), &back, err, sizeof(err)) !=
	    RG_CONTENT_OK || back.len != c.len ||
	    memcmp(back.bytes, c.bytes, c.len))
		crash("content does not read back", text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one_rule((const char *)data, size);
	as_file((const char *)data, size);
	content_text((const char *)data, size);
	return 0;
}
