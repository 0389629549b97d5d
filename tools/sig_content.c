// SPDX-License-Identifier: GPL-2.0
/*
 * Contents and what modifies them: the content text, content and
 * uricontent options, their modifiers (Snort 2 and Suricata put them in
 * options of their own after the content, "content:"x"; depth:3;", Snort 3
 * inside it, "content:"x",depth 3;"), relative contents (distance,
 * within) and isdataat.
 */
#include <stdio.h>
#include <string.h>
#include "sig_internal.h"
#include "sig_match.h"

/* Content text */

static void put_byte(struct rg_sig_content *c, uint8_t b)
{
	if (c->len < RSTGUARD_CONTENT_MAX)
		c->bytes[c->len] = b;
	c->len++;
}

enum rg_content_status rg_sig_content_parse(const char *s, size_t len,
					    struct rg_sig_content *c,
					    char *err, size_t errlen)
{
	size_t i = 0;

	c->len = 0;
	while (i < len) {
		if (s[i] == '\\') {
			if (i + 1 == len || !s[i + 1] ||
			    !strchr("\"\\;:|", s[i + 1])) {
				snprintf(err, errlen, i + 1 == len ?
					 "a lone \\ at the end" :
					 "unknown escape \\%c (only \\\" \\; \\\\ \\: \\|)",
					 i + 1 < len ? s[i + 1] : ' ');
				return RG_CONTENT_BAD;
			}
			put_byte(c, s[i + 1]);
			i += 2;
			continue;
		}
		if (s[i] != '|') {
			put_byte(c, s[i++]);
			continue;
		}
		for (i++;; ) {
			int hi, lo;

			while (i < len && (s[i] == ' ' || s[i] == '\t'))
				i++;
			if (i == len) {
				snprintf(err, errlen, "a |hex| part is not closed");
				return RG_CONTENT_BAD;
			}
			if (s[i] == '|') {
				i++;
				break;
			}
			hi = hexval(s[i]);
			lo = i + 1 < len ? hexval(s[i + 1]) : -1;
			if (hi < 0 || lo < 0) {
				bool odd = hi >= 0 && (i + 1 == len ||
						       strchr(" \t|", s[i + 1]));

				snprintf(err, errlen, odd ?
					 "hex digits come in pairs (after \"%c\")" :
					 "\"%c\" is not a hex digit",
					 odd || hi < 0 ? s[i] : s[i + 1]);
				return RG_CONTENT_BAD;
			}
			put_byte(c, (uint8_t)(hi << 4 | lo));
			i += 2;
		}
	}
	if (!c->len) {
		snprintf(err, errlen, "a content cannot be empty");
		return RG_CONTENT_BAD;
	}
	return c->len > RSTGUARD_CONTENT_MAX ? RG_CONTENT_TOO_LONG :
					       RG_CONTENT_OK;
}

const char *sig_quote_end(const char *s, const char *end)
{
	for (s++; s < end; s++) {
		if (*s == '\\' && s + 1 < end)
			s++;
		else if (*s == '"')
			return s;
	}
	return NULL;
}

/* Modifiers */

enum mod_kind {
	MOD_NOCASE, MOD_DEPTH, MOD_OFFSET, MOD_DISTANCE, MOD_WITHIN,
	MOD_STARTSWITH,
	MOD_HINT,		/* changes nothing in what matches */
};

static const struct {
	const char *name;
	enum mod_kind kind;
} mods[] = {
	{ "nocase", MOD_NOCASE }, { "depth", MOD_DEPTH },
	{ "offset", MOD_OFFSET }, { "distance", MOD_DISTANCE },
	{ "within", MOD_WITHIN }, { "startswith", MOD_STARTSWITH },
	/* where the engine looks first, and how long for */
	{ "fast_pattern", MOD_HINT }, { "fast_pattern_offset", MOD_HINT },
	{ "fast_pattern_length", MOD_HINT },
	/* Snort 2: the raw payload, not a decoded one: what rstguard sees */
	{ "rawbytes", MOD_HINT },
};

static int mod_kind(struct span name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(mods); i++)
		if (eq(name, mods[i].name))
			return mods[i].kind;
	return -1;
}

bool sig_is_modifier(struct span name)
{
	return mod_kind(name) >= 0;
}

/* A byte_extract variable where a number goes: skip. */
static bool variable(struct parse *ps, struct span val)
{
	if (!sig_ident(val) || (val.s[0] >= '0' && val.s[0] <= '9') ||
	    val.s[0] == '-')
		return false;
	sig_skip(ps, "byte_extract", val);
	return true;
}

/* A number of @name's from @min to 65535; false (an error) if not. */
static bool mod_number(struct parse *ps, struct span name, struct span val,
		       long long min, long long *v)
{
	if (!sig_number(val, min, 65535, v))
		return true;
	sig_error(ps, "%.*s \"%.*s\" is not a number from %lld to 65535",
		  (int)name.len, name.s, (int)val.len, val.s, min);
	return false;
}

/* A modifier of the last content: Snort 2 "depth:3", Snort 3 "depth 3". */
void sig_modifier(struct parse *ps, struct span name, struct span val)
{
	struct rg_sig_content *c = ps->last;
	int kind = mod_kind(name);
	long long v;

	if (!c) {
		sig_error(ps, "%.*s without a content before it", (int)name.len,
			  name.s);
		return;
	}
	*ps->last_mods |= 1U << kind;
	switch (kind) {
	case MOD_NOCASE:
	case MOD_STARTSWITH:
		if (val.len) {
			sig_error(ps, "%.*s takes no value", (int)name.len, name.s);
			return;
		}
		if (kind == MOD_NOCASE) {
			c->nocase = true;
		} else {
			c->offset = 0;
			c->depth = c->len;
		}
		return;
	case MOD_DEPTH:
	case MOD_OFFSET:
		if (variable(ps, val) ||
		    !mod_number(ps, name, val, kind == MOD_OFFSET ? -65535 : 1,
				&v))
			return;
		if (v < 0) {
			sig_skip(ps, "negative offset", val);
		} else if (kind == MOD_OFFSET) {
			c->offset = v;
		} else if (v < c->len) {
			sig_error(ps, "depth %lld is less than the content's %u bytes",
				  v, c->len);
		} else {
			c->depth = v;
		}
		return;
	case MOD_DISTANCE:
	case MOD_WITHIN:
		if (variable(ps, val) ||
		    !mod_number(ps, name, val, kind == MOD_DISTANCE ? -65535 : 1,
				&v))
			return;
		c->relative = true;
		if (kind == MOD_DISTANCE)
			c->distance = v;
		else if (v < c->len)
			sig_error(ps, "within %lld is less than the content's %u bytes",
				  v, c->len);
		else
			c->within = v;
		return;
	default:
		return;		/* hints: fast_pattern:only, fast_pattern:N,M */
	}
}

/* Contents */

/*
 * content:[!]"TEXT"[,MODIFIER[,...]], or Snort 2's uricontent:"TEXT", a
 * content of the HTTP URI buffer (@http): read all the same, so that the
 * modifiers after it have their content, and skipped.
 */
void sig_content(struct parse *ps, struct span v, bool http)
{
	struct rg_sig *sig = ps->sig;
	const char *q, *end = v.s + v.len;
	struct rg_sig_content *c = &ps->scratch;
	bool negated = false;
	char err[96];

	if (http)
		sig_skip(ps, "http buffer", (struct span){ "uricontent", 10 });
	/* A relative isdataat says nothing about what comes between. */
	if (ps->data_after)
		sig_skip(ps, "isdataat between contents", v);
	if (v.len && v.s[0] == '!') {
		negated = true;
		v = trim(v.s + 1, v.len - 1);
	}
	q = v.len && v.s[0] == '"' ? sig_quote_end(v.s, end) : NULL;
	if (!q) {
		sig_error(ps, "content needs a quoted string");
		return;
	}
	memset(c, 0, sizeof(*c));
	ps->last_mods = &ps->mods[RSTGUARD_SIG_CONTENTS_MAX];
	switch (rg_sig_content_parse(v.s + 1, q - v.s - 1, c, err, sizeof(err))) {
	case RG_CONTENT_BAD:
		sig_error(ps, "content \"%.*s\": %s",
			  (int)(q - v.s - 1 > 48 ? 48 : q - v.s - 1), v.s + 1, err);
		return;
	case RG_CONTENT_TOO_LONG:
		sig_skip(ps, "content too long", v);
		break;
	case RG_CONTENT_OK:
		if (negated) {
			sig_skip(ps, "negated content", v);
		} else if (sig->n == RSTGUARD_SIG_CONTENTS_MAX) {
			sig_skip(ps, "too many contents", v);
		} else if (!http) {
			ps->last_mods = &ps->mods[sig->n];
			c = &sig->content[sig->n++];
			*c = ps->scratch;
		}
		break;
	}
	*ps->last_mods = 0;
	ps->last = c;	/* the modifiers after it: kept or not */
	for (q++; q < end; ) {
		const char *start, *sp;
		struct span mod, name, val;

		while (q < end && is_blank(*q))
			q++;
		if (q == end)
			break;
		if (*q != ',') {
			sig_error(ps, "content: a ',' or ';' after the string, not \"%c\"",
				  *q);
			return;
		}
		start = ++q;
		while (q < end && *q != ',')
			q++;
		mod = trim(start, q - start);
		for (sp = mod.s; sp < mod.s + mod.len && !is_blank(*sp); sp++)
			;
		name.s = mod.s;
		name.len = sp - mod.s;
		val = trim(sp, mod.s + mod.len - sp);
		if (!sig_is_modifier(name)) {
			sig_error(ps, "unknown content modifier \"%.*s\"",
				  (int)name.len, name.s);
			return;
		}
		sig_modifier(ps, name, val);
	}
}

/*
 * isdataat:[!]N[,relative][,rawbytes]: N absolute (a stream of at least
 * N + 1 bytes), or relative to the end of the last content's match, which
 * rstguard follows only after the last content of the rule.
 */
void sig_isdataat(struct parse *ps, struct span v)
{
	const char *p = v.s, *end = v.s + v.len;
	bool negated = false, relative = false;
	long long val;
	struct span n;

	while (p < end && *p != ',')
		p++;
	n = trim(v.s, p - v.s);
	while (p < end) {
		const char *start = ++p;
		struct span w;

		while (p < end && *p != ',')
			p++;
		w = trim(start, p - start);
		if (eq(w, "relative")) {
			relative = true;
		} else if (!eq(w, "rawbytes")) {
			sig_error(ps, "isdataat: \"%.*s\" is neither relative nor rawbytes",
				  (int)w.len, w.s);
			return;
		}
	}
	if (n.len && n.s[0] == '!') {
		negated = true;
		n = trim(n.s + 1, n.len - 1);
	}
	if (variable(ps, n))
		return;
	if (sig_number(n, 0, 65535, &val)) {
		sig_error(ps, "isdataat \"%.*s\" is not a number from 0 to 65535",
			  (int)n.len, n.s);
		return;
	}
	if (relative && !ps->last) {
		sig_error(ps, "isdataat:%.*s,relative without a content before it",
			  (int)n.len, n.s);
		return;
	}
	if (negated) {
		sig_skip(ps, "negated isdataat", v);
	} else if (relative) {
		ps->data_after = true;
		ps->sig->has_data_after = true;
		if (val > ps->sig->data_after)
			ps->sig->data_after = val;
	} else {
		ps->sig->has_data_at = true;
		if (val > ps->sig->data_at)
			ps->sig->data_at = val;
	}
}

void rg_sig_sm_defs(const struct rg_sig *sig, struct rg_sm_def *d)
{
	unsigned int i;

	for (i = 0; i < sig->n; i++) {
		d[i].len = sig->content[i].len;
		d[i].offset = sig->content[i].offset;
		d[i].depth = sig->content[i].depth;
		d[i].distance = sig->content[i].distance;
		d[i].within = sig->content[i].within;
		d[i].relative = sig->content[i].relative;
	}
}

/* What the module's matcher refuses (kmod/core/sig_match.h) is skipped. */
static void sig_contents_matchable(struct parse *ps)
{
	struct rg_sm_def d[RSTGUARD_SIG_CONTENTS_MAX];
	const struct rg_sig *sig = ps->sig;
	struct span none = { "", 0 };
	const char *why;

	if (!sig->n)
		return;
	rg_sig_sm_defs(sig, d);
	why = rg_sm_check(d, sig->n, sig->has_data_after);
	if (why)
		sig_skip(ps, why, none);
}

/*
 * The relative contents, once every option is read: a relative first
 * content is relative to the start of the stream (Snort's meaning), that
 * is an offset and a depth (counted from the offset) like any other.
 */
void sig_contents_end(struct parse *ps)
{
	const unsigned int fixed = 1U << MOD_OFFSET | 1U << MOD_DEPTH |
				   1U << MOD_STARTSWITH;
	struct rg_sig *sig = ps->sig;
	unsigned int i;

	for (i = 0; i < sig->n; i++) {
		struct rg_sig_content *c = &sig->content[i];
		struct span none = { "", 0 };

		if (!c->relative)
			continue;
		if (ps->mods[i] & fixed) {
			sig_skip(ps, "offset and distance mixed", none);
		} else if (!i && c->distance < 0) {
			sig_skip(ps, "relative first content", none);
		} else if (!i) {
			c->offset = c->distance;
			c->depth = c->within;
			c->relative = false;
			c->distance = 0;
			c->within = 0;
		}
	}
	sig_contents_matchable(ps);
}
