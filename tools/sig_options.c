// SPDX-License-Identifier: GPL-2.0
/*
 * The options of a rule, "NAME[:VALUE];" each, and the content syntax.
 * Snort 2 and Suricata put content modifiers in options of their own after
 * the content ("content:"x"; depth:3; nocase;"), Snort 3 inside it
 * ("content:"x",depth 3,nocase;"); both are read.
 */
#include <stdio.h>
#include <string.h>
#include "sig_internal.h"

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

/* Options */

enum opt_kind {
	OPT_INFO,		/* says nothing about what matches */
	OPT_HINT,		/* a content modifier that changes nothing */
	OPT_STICKY,		/* a decoded buffer: skip */
	OPT_UNSUPPORTED,	/* skip; the reason is the option's name */
	OPT_BUFFER,		/* the raw payload: what rstguard scans */
	OPT_MSG, OPT_SID, OPT_CONTENT, OPT_NOCASE, OPT_DEPTH, OPT_OFFSET,
	OPT_RELATIVE, OPT_STARTSWITH, OPT_FLOW, OPT_FLOWBITS, OPT_SERVICE,
};

static const struct {
	const char *name;
	enum opt_kind kind;
} options[] = {
	{ "msg", OPT_MSG }, { "sid", OPT_SID }, { "content", OPT_CONTENT },
	{ "nocase", OPT_NOCASE }, { "depth", OPT_DEPTH },
	{ "offset", OPT_OFFSET }, { "distance", OPT_RELATIVE },
	{ "within", OPT_RELATIVE }, { "startswith", OPT_STARTSWITH },
	{ "flow", OPT_FLOW }, { "flowbits", OPT_FLOWBITS },
	{ "service", OPT_SERVICE },
	{ "rev", OPT_INFO }, { "gid", OPT_INFO }, { "classtype", OPT_INFO },
	{ "reference", OPT_INFO }, { "metadata", OPT_INFO },
	{ "priority", OPT_INFO }, { "rem", OPT_INFO }, { "target", OPT_INFO },
	{ "tag", OPT_INFO },
	{ "fast_pattern", OPT_HINT }, { "fast_pattern_offset", OPT_HINT },
	{ "fast_pattern_length", OPT_HINT }, { "rawbytes", OPT_HINT },
	{ "pkt_data", OPT_BUFFER }, { "raw_data", OPT_BUFFER },
	{ "file_data", OPT_STICKY }, { "js_data", OPT_STICKY },
	{ "vba_data", OPT_STICKY }, { "base64_data", OPT_STICKY },
	{ "sip_header", OPT_STICKY }, { "sip_body", OPT_STICKY },
	{ "dce_stub_data", OPT_STICKY }, { "dnp3_data", OPT_STICKY },
	{ "uricontent", OPT_STICKY }, { "http_encode", OPT_UNSUPPORTED },
	{ "pcre", OPT_UNSUPPORTED }, { "regex", OPT_UNSUPPORTED },
	{ "byte_test", OPT_UNSUPPORTED }, { "byte_jump", OPT_UNSUPPORTED },
	{ "byte_extract", OPT_UNSUPPORTED }, { "byte_math", OPT_UNSUPPORTED },
	{ "isdataat", OPT_UNSUPPORTED }, { "endswith", OPT_UNSUPPORTED },
	{ "bsize", OPT_UNSUPPORTED }, { "bufferlen", OPT_UNSUPPORTED },
	{ "dsize", OPT_UNSUPPORTED }, { "urilen", OPT_UNSUPPORTED },
	{ "flags", OPT_UNSUPPORTED }, { "ttl", OPT_UNSUPPORTED },
	{ "tos", OPT_UNSUPPORTED }, { "id", OPT_UNSUPPORTED },
	{ "ipopts", OPT_UNSUPPORTED }, { "fragbits", OPT_UNSUPPORTED },
	{ "fragoffset", OPT_UNSUPPORTED }, { "ip_proto", OPT_UNSUPPORTED },
	{ "seq", OPT_UNSUPPORTED }, { "ack", OPT_UNSUPPORTED },
	{ "window", OPT_UNSUPPORTED }, { "itype", OPT_UNSUPPORTED },
	{ "icode", OPT_UNSUPPORTED }, { "icmp_id", OPT_UNSUPPORTED },
	{ "icmp_seq", OPT_UNSUPPORTED }, { "sameip", OPT_UNSUPPORTED },
	{ "stream_size", OPT_UNSUPPORTED },
	{ "stream_reassemble", OPT_UNSUPPORTED },
	{ "detection_filter", OPT_UNSUPPORTED },
	{ "threshold", OPT_UNSUPPORTED }, { "flowint", OPT_UNSUPPORTED },
	{ "xbits", OPT_UNSUPPORTED }, { "hostbits", OPT_UNSUPPORTED },
	{ "noalert", OPT_UNSUPPORTED }, { "base64_decode", OPT_UNSUPPORTED },
	{ "asn1", OPT_UNSUPPORTED }, { "cvs", OPT_UNSUPPORTED },
	{ "ssl_state", OPT_UNSUPPORTED }, { "ssl_version", OPT_UNSUPPORTED },
	{ "sip_method", OPT_UNSUPPORTED }, { "sip_stat_code", OPT_UNSUPPORTED },
	{ "dce_iface", OPT_UNSUPPORTED }, { "dce_opnum", OPT_UNSUPPORTED },
	{ "ftpbounce", OPT_UNSUPPORTED }, { "sd_pattern", OPT_UNSUPPORTED },
	{ "replace", OPT_UNSUPPORTED }, { "react", OPT_UNSUPPORTED },
	{ "resp", OPT_UNSUPPORTED }, { "session", OPT_UNSUPPORTED },
	{ "so", OPT_UNSUPPORTED }, { "soid", OPT_UNSUPPORTED },
	{ "file_type", OPT_UNSUPPORTED }, { "app-layer-protocol", OPT_UNSUPPORTED },
	{ "app-layer-event", OPT_UNSUPPORTED }, { "entropy", OPT_UNSUPPORTED },
	{ "dataset", OPT_UNSUPPORTED }, { "datarep", OPT_UNSUPPORTED },
	{ "lua", OPT_UNSUPPORTED }, { "luajit", OPT_UNSUPPORTED },
};

/* Suricata's buffers are dotted, after their protocol: "http.uri". */
static const char *const buffer_protocols[] = {
	"http", "http2", "file", "tls", "dns", "ssh", "smb", "sip", "krb5",
	"ja3", "ja3s", "ja4", "dcerpc", "smtp", "email", "ftp", "quic", "ike",
	"mqtt", "rfb", "snmp", "nfs", "dhcp", "pgsql", "tcp", "pkt",
};

static bool sticky_name(struct span name)
{
	const char *dot = memchr(name.s, '.', name.len);
	unsigned int i;

	if (name.len > 5 && !memcmp(name.s, "http_", 5))
		return true;
	if (!dot)
		return false;
	for (i = 0; i < ARRAY_LEN(buffer_protocols); i++) {
		struct span proto = { name.s, dot - name.s };

		if (eq(proto, buffer_protocols[i]))
			return true;
	}
	return false;
}

/* The end of a quoted string starting at @s (on '"'), or NULL. */
static const char *quote_end(const char *s, const char *end)
{
	for (s++; s < end; s++) {
		if (*s == '\\' && s + 1 < end)
			s++;
		else if (*s == '"')
			return s;
	}
	return NULL;
}

static void opt_msg(struct parse *ps, struct span v)
{
	char msg[2 * RSTGUARD_SIG_MSG_MAX] = "";
	const char *s = v.s, *end = v.s + v.len;
	size_t o = 0;

	if (v.len && v.s[0] == '"') {
		end = quote_end(v.s, v.s + v.len);
		if (!end || trim(end + 1, v.s + v.len - end - 1).len) {
			sig_error(ps, "msg: a quoted string, and nothing after it");
			return;
		}
		s++;
	}
	for (; s < end && o < sizeof(msg) - 1; s++) {
		if (*s == '\\' && s + 1 < end)
			s++;
		/* A label on one line: control characters become blanks. */
		msg[o++] = (unsigned char)*s < 0x20 ? ' ' : *s;
	}
	/* Cut short, but not in the middle of a UTF-8 sequence. */
	if (o >= RSTGUARD_SIG_MSG_MAX) {
		o = RSTGUARD_SIG_MSG_MAX - 1;
		while (o && ((uint8_t)msg[o] & 0xc0) == 0x80)
			o--;
	}
	memcpy(ps->sig->msg, msg, o);
	ps->sig->msg[o] = '\0';
}

/* A modifier of the last content: Snort 2 "depth:3", Snort 3 "depth 3". */
static void modifier(struct parse *ps, struct span name, struct span val,
		     enum opt_kind kind)
{
	struct rg_sig_content *c = ps->last;
	long long v;

	if (!c) {
		sig_error(ps, "%.*s without a content before it", (int)name.len,
			  name.s);
		return;
	}
	switch (kind) {
	case OPT_NOCASE:
	case OPT_STARTSWITH:
		if (val.len) {
			sig_error(ps, "%.*s takes no value", (int)name.len, name.s);
			return;
		}
		if (kind == OPT_NOCASE) {
			c->nocase = true;
		} else {
			c->offset = 0;
			c->depth = c->len;
		}
		return;
	case OPT_DEPTH:
	case OPT_OFFSET:
		if (sig_ident(val) && !(val.s[0] >= '0' && val.s[0] <= '9') &&
		    val.s[0] != '-') {
			sig_skip(ps, "byte_extract", val);	/* a variable */
			return;
		}
		if (sig_number(val, kind == OPT_OFFSET ? -65535 : 1, 65535, &v)) {
			sig_error(ps, "%.*s \"%.*s\" is not a number from %d to 65535",
				  (int)name.len, name.s, (int)val.len, val.s,
				  kind == OPT_OFFSET ? -65535 : 1);
			return;
		}
		if (v < 0) {
			sig_skip(ps, "negative offset", val);
		} else if (kind == OPT_OFFSET) {
			c->offset = v;
		} else if (v < c->len) {
			sig_error(ps, "depth %lld is less than the content's %u bytes",
				  v, c->len);
		} else {
			c->depth = v;
		}
		return;
	case OPT_RELATIVE:
		sig_skip(ps, "relative content", name);
		return;
	default:
		return;		/* hints */
	}
}

static enum opt_kind option_kind(struct span name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(options); i++)
		if (eq(name, options[i].name))
			return options[i].kind;
	return sticky_name(name) ? OPT_STICKY : (enum opt_kind)-1;
}

/* content:[!]"TEXT"[,MODIFIER[,...]] */
static void opt_content(struct parse *ps, struct span v)
{
	struct rg_sig *sig = ps->sig;
	const char *q, *end = v.s + v.len;
	struct rg_sig_content *c = &ps->scratch;
	bool negated = false;
	char err[96];

	if (v.len && v.s[0] == '!') {
		negated = true;
		v = trim(v.s + 1, v.len - 1);
	}
	if (!v.len || v.s[0] != '"' || !(q = quote_end(v.s, end))) {
		sig_error(ps, "content needs a quoted string");
		return;
	}
	memset(c, 0, sizeof(*c));
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
		} else {
			c = &sig->content[sig->n++];
			*c = ps->scratch;
		}
		break;
	}
	ps->last = c;	/* the modifiers after it: kept or not */
	for (q++; q < end; ) {
		const char *start, *sp;
		struct span mod, name, val;
		enum opt_kind kind;

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
		kind = option_kind(name);
		if (kind != OPT_NOCASE && kind != OPT_DEPTH &&
		    kind != OPT_OFFSET && kind != OPT_RELATIVE &&
		    kind != OPT_HINT) {
			sig_error(ps, "unknown content modifier \"%.*s\"",
				  (int)name.len, name.s);
			return;
		}
		modifier(ps, name, val, kind);
	}
}

static const struct {
	const char *name;
	int dir;		/* -1: not a direction */
	const char *skip;
} flow_words[] = {
	{ "to_server", RSTGUARD_SIG_DIR_TO_SERVER, NULL },
	{ "from_client", RSTGUARD_SIG_DIR_TO_SERVER, NULL },
	{ "to_client", RSTGUARD_SIG_DIR_TO_CLIENT, NULL },
	{ "from_server", RSTGUARD_SIG_DIR_TO_CLIENT, NULL },
	{ "established", -1, NULL },
	{ "only_stream", -1, NULL },
	{ "stateless", -1, "flow:stateless" },
	{ "no_stream", -1, "flow:no_stream" },
	{ "not_established", -1, "flow:not_established" },
	{ "only_frag", -1, "flow:only_frag" },
	{ "no_frag", -1, "flow:no_frag" },
};

static void opt_flow(struct parse *ps, struct span v)
{
	const char *p = v.s, *end = v.s + v.len;

	while (p <= end) {
		const char *start = p;
		struct span w;
		unsigned int i;

		while (p < end && *p != ',')
			p++;
		w = trim(start, p - start);
		p++;
		for (i = 0; i < ARRAY_LEN(flow_words); i++)
			if (eq(w, flow_words[i].name))
				break;
		if (i == ARRAY_LEN(flow_words)) {
			sig_error(ps, "unknown flow option \"%.*s\"", (int)w.len, w.s);
			return;
		}
		if (flow_words[i].skip)
			sig_skip(ps, flow_words[i].skip, w);
		if (flow_words[i].dir < 0)
			continue;
		if (ps->flow != RSTGUARD_SIG_DIR_ANY &&
		    ps->flow != flow_words[i].dir) {
			sig_error(ps, "flow: two directions");
			return;
		}
		ps->flow = flow_words[i].dir;
	}
}

static void option(struct parse *ps, struct span name, struct span val)
{
	enum opt_kind kind = option_kind(name);
	long long v;
	unsigned int i;

	switch ((int)kind) {
	case OPT_MSG:
		opt_msg(ps, val);
		return;
	case OPT_SID:
		if (sig_number(val, 1, UINT32_MAX, &v)) {
			sig_error(ps, "sid \"%.*s\" is not a number from 1 to %u",
				  (int)val.len, val.s, UINT32_MAX);
			return;
		}
		ps->sig->id = v;
		ps->res->sid = v;
		ps->has_sid = true;
		return;
	case OPT_CONTENT:
		opt_content(ps, val);
		return;
	case OPT_NOCASE:
	case OPT_DEPTH:
	case OPT_OFFSET:
	case OPT_RELATIVE:
	case OPT_STARTSWITH:
		modifier(ps, name, val, kind);
		return;
	case OPT_HINT:
		if (!ps->last)
			sig_error(ps, "%.*s without a content before it",
				  (int)name.len, name.s);
		return;
	case OPT_FLOW:
		opt_flow(ps, val);
		return;
	case OPT_FLOWBITS:
		/* Setting a bit changes nothing in what this rule matches. */
		for (i = 0; i < val.len && val.s[i] != ','; i++)
			;
		val = trim(val.s, i);
		if (!eq(val, "set") && !eq(val, "setx") && !eq(val, "unset") &&
		    !eq(val, "toggle") && !eq(val, "reset"))
			sig_skip(ps, "flowbits", val);
		return;
	case OPT_SERVICE:
		ps->service = true;
		return;
	case OPT_STICKY:
		sig_skip(ps, "sticky buffer", name);
		return;
	case OPT_UNSUPPORTED:
		for (i = 0; i < ARRAY_LEN(options); i++)
			if (eq(name, options[i].name))
				sig_skip(ps, options[i].name, name);
		return;
	case OPT_INFO:
	case OPT_BUFFER:
		return;
	}
	sig_skip(ps, "unknown option", name);
}

/* NAME[:VALUE]; ... up to @end (the closing parenthesis). */
void sig_options(struct parse *ps, const char *p, const char *end)
{
	while (!ps->error) {
		struct span name, val = { p, 0 };

		while (p < end && is_blank(*p))
			p++;
		if (p == end)
			return;
		name.s = p;
		while (p < end && !is_blank(*p) && *p != ':' && *p != ';')
			p++;
		name.len = p - name.s;
		if (!sig_ident(name)) {
			sig_error(ps, "\"%.*s\" is not an option name",
				  (int)(name.len ? (name.len > 40 ? 40 : name.len) : 1),
				  name.len ? name.s : p);
			return;
		}
		while (p < end && is_blank(*p))
			p++;
		if (p < end && *p == ':') {
			bool quoted = false;

			val.s = ++p;
			for (; p < end && (quoted || *p != ';'); p++) {
				if (*p == '\\' && p + 1 < end)
					p++;
				else if (*p == '"')
					quoted = !quoted;
			}
			if (quoted) {
				sig_error(ps, "%.*s: a quoted string is not closed",
					  (int)name.len, name.s);
				return;
			}
			val = trim(val.s, p - val.s);
		}
		if (p < end && *p != ';') {
			sig_error(ps, "a ':' or ';' after \"%.*s\"", (int)name.len,
				  name.s);
			return;
		}
		if (p < end)
			p++;
		option(ps, name, val);
	}
}

