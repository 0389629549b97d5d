// SPDX-License-Identifier: GPL-2.0
/*
 * Rules files: a whole file into signatures, with continued lines,
 * duplicate sids and the counts the import summary prints; and signatures
 * back into rules ("sig save"), content text and names.
 */
#define _GNU_SOURCE		/* memmem() */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sig_internal.h"
#include "words.h"

/* Bytes that may stand for themselves in a saved rule. */
static bool plain(uint8_t b)
{
	return b >= 0x20 && b < 0x7f && !strchr("\"\\;:|", b);
}

void rg_sig_content_format(const struct rg_sig_content *c, char *buf,
			   size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	uint32_t i;
	bool in_hex = false;

	if (!size)
		return;
	for (i = 0; i < c->len && i < RSTGUARD_CONTENT_MAX; i++) {
		uint8_t b = c->bytes[i];

		if (o + 5 >= size)
			break;
		if (plain(b)) {
			if (in_hex)
				buf[o++] = '|';
			in_hex = false;
			buf[o++] = b;
			continue;
		}
		buf[o++] = in_hex ? ' ' : '|';
		in_hex = true;
		buf[o++] = hex[b >> 4];
		buf[o++] = hex[b & 15];
	}
	if (in_hex && o + 1 < size)
		buf[o++] = '|';
	buf[o] = '\0';
}

/* Names */

static const char *const action_names[] = {
	[RSTGUARD_SIG_ACTION_ALERT]		= "alert",
	[RSTGUARD_SIG_ACTION_DROP]		= "drop",
	[RSTGUARD_SIG_ACTION_RESET_CLIENT]	= "reset-client",
	[RSTGUARD_SIG_ACTION_RESET_SERVER]	= "reset-server",
	[RSTGUARD_SIG_ACTION_RESET_BOTH]	= "reset-both",
};

static const char *const dir_names[] = {
	[RSTGUARD_SIG_DIR_ANY]		= "any",
	[RSTGUARD_SIG_DIR_TO_SERVER]	= "to-server",
	[RSTGUARD_SIG_DIR_TO_CLIENT]	= "to-client",
};

_Static_assert(ARRAY_LEN(action_names) == __RSTGUARD_SIG_ACTION_MAX,
	       "every signature action needs a name");
_Static_assert(ARRAY_LEN(dir_names) == __RSTGUARD_SIG_DIR_MAX,
	       "every direction needs a name");

const char *rg_sig_action_name(unsigned int action)
{
	return action < ARRAY_LEN(action_names) ? action_names[action] : "n/a";
}

int rg_sig_action_parse(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(action_names); i++)
		if (!strcmp(name, action_names[i]))
			return i;
	return -1;
}

const char *rg_sig_dir_name(unsigned int dir)
{
	return dir < ARRAY_LEN(dir_names) ? dir_names[dir] : "n/a";
}

int rg_sig_dir_parse(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(dir_names); i++)
		if (!strcmp(name, dir_names[i]))
			return i;
	return -1;
}


/* Save */


/* Snort's word where there is one; rstguard's where there is none. */
static const char *rule_action(unsigned int action)
{
	switch (action) {
	case RSTGUARD_SIG_ACTION_ALERT:
		return "alert";
	case RSTGUARD_SIG_ACTION_DROP:
		return "drop";
	case RSTGUARD_SIG_ACTION_RESET_BOTH:
		return "reject";
	}
	return rg_sig_action_name(action);
}

int rg_sig_format(const struct rg_sig *sig, char *buf, size_t size)
{
	char port[16], text[RG_SIG_CONTENT_TEXT_MAX];
	struct rg_out o = { buf, size, 0, size == 0 };
	unsigned int i;

	if (sig->port_min == 0 && sig->port_max == 65535)
		snprintf(port, sizeof(port), "any");
	else if (sig->port_min == sig->port_max)
		snprintf(port, sizeof(port), "%u", sig->port_min);
	else
		snprintf(port, sizeof(port), "%u:%u", sig->port_min,
			 sig->port_max);
	rg_outf(&o, "%s tcp ", rule_action(sig->action));
	/*
	 * The header says which port is the server's: the destination's to
	 * the server, the source's to the client, either with "<>".
	 */
	if (sig->dir == RSTGUARD_SIG_DIR_TO_CLIENT)
		rg_outf(&o, "any %s -> any any ( ", port);
	else if (sig->dir == RSTGUARD_SIG_DIR_ANY && strcmp(port, "any"))
		rg_outf(&o, "any any <> any %s ( ", port);
	else
		rg_outf(&o, "any any -> any %s ( ", port);
	if (sig->msg[0]) {
		const char *p;

		rg_outf(&o, "msg:\"");
		for (p = sig->msg; *p && p < sig->msg + sizeof(sig->msg); p++) {
			if (*p == '"' || *p == '\\' || *p == ';')
				rg_outf(&o, "\\%c", *p);
			else
				rg_outf(&o, "%c", (unsigned char)*p < 0x20 ? ' ' : *p);
		}
		rg_outf(&o, "\"; ");
	}
	if (sig->dir == RSTGUARD_SIG_DIR_TO_SERVER)
		rg_outf(&o, "flow:to_server,established; ");
	else if (sig->dir == RSTGUARD_SIG_DIR_TO_CLIENT)
		rg_outf(&o, "flow:to_client,established; ");
	for (i = 0; i < sig->n && i < RSTGUARD_SIG_CONTENTS_MAX; i++) {
		const struct rg_sig_content *c = &sig->content[i];

		rg_sig_content_format(c, text, sizeof(text));
		rg_outf(&o, "content:\"%s\"", text);
		if (c->offset)
			rg_outf(&o, ",offset %u", c->offset);
		if (c->depth)
			rg_outf(&o, ",depth %u", c->depth);
		/* "distance 0" alone is what makes a content relative */
		if (c->relative && (c->distance || !c->within))
			rg_outf(&o, ",distance %d", c->distance);
		if (c->relative && c->within)
			rg_outf(&o, ",within %u", c->within);
		rg_outf(&o, "%s; ", c->nocase ? ",nocase" : "");
	}
	if (sig->has_data_at)
		rg_outf(&o, "isdataat:%u; ", sig->data_at);
	/* after the last content: relative to its match */
	if (sig->has_data_after)
		rg_outf(&o, "isdataat:%u,relative; ", sig->data_after);
	rg_outf(&o, "sid:%u; )", sig->id);
	return o.full ? -1 : (int)o.len;
}

/* Files */

void rg_sig_import_init(struct rg_sig_import *imp, int action)
{
	memset(imp, 0, sizeof(*imp));
	imp->action = action;
}

void rg_sig_import_free(struct rg_sig_import *imp)
{
	free(imp->sigs);
	free(imp->lines);
	free(imp->ids);
	free(imp->cont);
	memset(imp, 0, sizeof(*imp));
}

static struct rg_sig_slot *id_slot(struct rg_sig_slot *ids, size_t size,
				   uint32_t id)
{
	size_t i = (id * 0x9e3779b1U) & (size - 1);

	while (ids[i].id && ids[i].id != id)
		i = (i + 1) & (size - 1);
	return &ids[i];
}

/* The slot of @id: ->id is 0 if it is new. NULL: out of memory. */
static struct rg_sig_slot *id_find(struct rg_sig_import *imp, uint32_t id)
{
	if ((imp->n + 1) * 2 > imp->ids_size) {
		size_t size = imp->ids_size ? imp->ids_size * 2 : 1024, i;
		struct rg_sig_slot *ids = calloc(size, sizeof(*ids));

		if (!ids)
			return NULL;
		for (i = 0; i < imp->ids_size; i++)
			if (imp->ids[i].id)
				*id_slot(ids, size, imp->ids[i].id) = imp->ids[i];
		free(imp->ids);
		imp->ids = ids;
		imp->ids_size = size;
	}
	return id_slot(imp->ids, imp->ids_size, id);
}

static void count(struct rg_sig_import *imp, const char *reason)
{
	unsigned int i;

	imp->skipped++;
	for (i = 0; i < imp->nreasons; i++) {
		if (!strcmp(imp->reasons[i].reason, reason)) {
			imp->reasons[i].n++;
			return;
		}
	}
	if (i < RG_SIG_REASONS_MAX) {
		imp->reasons[i].reason = reason;
		imp->reasons[i].n = 1;
		imp->nreasons++;
	}
}

static int fail(struct rg_sig_result *res, const char *msg)
{
	res->status = RG_SIG_ERROR;
	snprintf(res->detail, sizeof(res->detail), "%s", msg);
	return -1;
}

/*
 * A rule skipped, counted; with strict, the import fails on it instead
 * and the error says why it was skipped.
 */
static int skipped(struct rg_sig_import *imp, struct rg_sig_result *res)
{
	char why[sizeof(res->detail)], sid[24] = "";

	count(imp, res->reason);
	if (!imp->strict)
		return 0;
	if (res->sid)
		snprintf(sid, sizeof(sid), "sid %u ", res->sid);
	if (res->detail[0] && strcmp(res->detail, res->reason))
		snprintf(why, sizeof(why), "%sskipped (strict): %s: %.100s", sid,
			 res->reason, res->detail);
	else
		snprintf(why, sizeof(why), "%sskipped (strict): %s", sid,
			 res->reason);
	return fail(res, why);
}

/*
 * What the parser cannot read is one rule fewer, never the end of the
 * import: rules files from elsewhere hold syntax rstguard has never seen
 * (strict makes it an error again).
 */
static int unreadable(struct rg_sig_import *imp, struct rg_sig_result *res,
		      const char *msg)
{
	res->status = RG_SIG_SKIPPED;
	res->wide = 0;
	res->reason = "unreadable";
	if (msg)
		snprintf(res->detail, sizeof(res->detail), "%s", msg);
	return skipped(imp, res);
}

static int add(struct rg_sig_import *imp, const struct rg_sig *sig,
	       struct rg_sig_result *res)
{
	struct rg_sig_slot *slot = id_find(imp, sig->id);
	unsigned int bit;

	if (!slot)
		return fail(res, "out of memory");
	if (slot->id) {
		res->status = RG_SIG_SKIPPED;
		res->reason = "duplicate sid";
		snprintf(res->detail, sizeof(res->detail), "first on line %u",
			 imp->lines[slot->index]);
		return skipped(imp, res);
	}
	if (imp->n == RSTGUARD_SIGS_MAX)
		return fail(res, "more signatures than a namespace holds (65536)");
	if (imp->n == imp->cap) {
		unsigned int cap = imp->cap ? imp->cap * 2 : 256;
		void *p = realloc(imp->sigs, cap * sizeof(*imp->sigs));

		if (!p)
			return fail(res, "out of memory");
		imp->sigs = p;
		p = realloc(imp->lines, cap * sizeof(*imp->lines));
		if (!p)
			return fail(res, "out of memory");
		imp->lines = p;
		imp->cap = cap;
	}
	slot->id = sig->id;
	slot->index = imp->n;
	imp->sigs[imp->n] = *sig;
	imp->lines[imp->n++] = res->line;
	for (bit = 0; bit < RG_SIG_WIDE_BITS; bit++)
		if (res->wide & (1U << bit))
			imp->wide[bit]++;
	return 0;
}

/*
 * The sid of a rule the parser gave up on before it, for -v to name the
 * rule: the first "sid:N" after a '(', ';' or blank; 0 if none.
 */
static uint32_t find_sid(const char *s, size_t len)
{
	const char *end = s + len, *p = s;
	long long v;

	while ((p = memmem(p, end - p, "sid", 3))) {
		const char *q = p + 3;
		struct span n;

		if (p > s && !strchr("(; \t", p[-1])) {
			p = q;
			continue;
		}
		while (q < end && is_blank(*q))
			q++;
		if (q == end || *q != ':') {
			p = q;
			continue;
		}
		for (n.s = ++q; q < end && *q != ';' && *q != ')'; q++)
			;
		n = trim(n.s, q - n.s);
		return sig_number(n, 1, UINT32_MAX, &v) ? 0 : v;
	}
	return 0;
}

static int rule(struct rg_sig_import *imp, const char *text, size_t len,
		unsigned int line, struct rg_sig_result *res)
{
	struct rg_sig sig;

	rg_sig_parse_rule(text, len, imp->action, &sig, res);
	res->line = line;
	switch (res->status) {
	case RG_SIG_ERROR:
		if (!res->sid)
			res->sid = find_sid(text, len);
		return unreadable(imp, res, NULL);
	case RG_SIG_SKIPPED:
		return skipped(imp, res);
	case RG_SIG_LOADED:
		return add(imp, &sig, res);
	case RG_SIG_BLANK:
		break;
	}
	return 0;
}

static int cont_append(struct rg_sig_import *imp, const char *s, size_t len,
		       struct rg_sig_result *res)
{
	if (imp->cont_len + len + 1 > imp->cont_cap) {
		size_t cap = (imp->cont_len + len + 1) * 2;
		char *p = realloc(imp->cont, cap);

		if (!p)
			return fail(res, "out of memory");
		imp->cont = p;
		imp->cont_cap = cap;
	}
	memcpy(imp->cont + imp->cont_len, s, len);
	imp->cont_len += len;
	return 0;
}

int rg_sig_import_line(struct rg_sig_import *imp, const char *line,
		       size_t len, unsigned int lineno,
		       struct rg_sig_result *res)
{
	struct span w;
	bool more;

	memset(res, 0, sizeof(*res));
	res->status = RG_SIG_BLANK;
	res->line = imp->cont_line ? imp->cont_line : lineno;
	if (memchr(line, '\0', len)) {
		/* and the rule it continues, if any */
		imp->cont_line = 0;
		imp->cont_len = 0;
		return unreadable(imp, res, "the line holds a NUL byte");
	}
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	more = len && line[len - 1] == '\\';
	/* A comment is never continued; a rule may be, as Snort allows. */
	w = trim(line, len);
	if (!imp->cont_line && (!w.len || w.s[0] == '#'))
		return 0;
	if (!more && !imp->cont_line)
		return rule(imp, line, len, lineno, res);
	if (cont_append(imp, line, len - more, res))
		return -1;
	if (!imp->cont_line)
		imp->cont_line = lineno;
	if (more)
		return 0;
	lineno = imp->cont_line;
	imp->cont_line = 0;
	len = imp->cont_len;
	imp->cont_len = 0;
	return rule(imp, imp->cont, len, lineno, res);
}

int rg_sig_import_end(struct rg_sig_import *imp, struct rg_sig_result *res)
{
	memset(res, 0, sizeof(*res));
	res->status = RG_SIG_BLANK;
	if (!imp->cont_line)
		return 0;
	res->line = imp->cont_line;
	imp->cont_line = 0;
	imp->cont_len = 0;
	return unreadable(imp, res,
			  "the file ends in a continued line (a final '\\')");
}

static int reason_cmp(const void *a, const void *b)
{
	const struct rg_sig_count *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->reason, y->reason);
}

void rg_sig_import_sort(struct rg_sig_import *imp)
{
	qsort(imp->reasons, imp->nreasons, sizeof(imp->reasons[0]),
	      reason_cmp);
}
