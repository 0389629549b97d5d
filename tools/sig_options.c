// SPDX-License-Identifier: GPL-2.0
/*
 * The options of a rule, "NAME[:VALUE];" each: which ones rstguard
 * follows, which ones say nothing about what matches, and which ones make
 * it skip the rule. Contents and their modifiers are sig_content.c's.
 */
#include <stdio.h>
#include <string.h>
#include "sig_internal.h"

/* Options */

enum opt_kind {
	OPT_INFO,		/* says nothing about what matches */
	OPT_MODIFIER,		/* of the last content (sig_content.c) */
	OPT_STICKY,		/* a decoded buffer: skip */
	OPT_UNSUPPORTED,	/* skip; the reason is the option's name */
	OPT_BUFFER,		/* the raw payload: what rstguard scans */
	OPT_MSG, OPT_SID, OPT_CONTENT, OPT_URICONTENT, OPT_ISDATAAT, OPT_FLOW,
	OPT_FLOWBITS, OPT_SERVICE,
};

static const struct {
	const char *name;
	enum opt_kind kind;
} options[] = {
	{ "msg", OPT_MSG }, { "sid", OPT_SID }, { "content", OPT_CONTENT },
	{ "uricontent", OPT_URICONTENT }, { "isdataat", OPT_ISDATAAT },
	{ "flow", OPT_FLOW }, { "flowbits", OPT_FLOWBITS },
	{ "service", OPT_SERVICE },
	{ "rev", OPT_INFO }, { "gid", OPT_INFO }, { "classtype", OPT_INFO },
	{ "reference", OPT_INFO }, { "metadata", OPT_INFO },
	{ "priority", OPT_INFO }, { "rem", OPT_INFO }, { "target", OPT_INFO },
	{ "tag", OPT_INFO },
	{ "pkt_data", OPT_BUFFER }, { "raw_data", OPT_BUFFER },
	{ "file_data", OPT_STICKY }, { "js_data", OPT_STICKY },
	{ "vba_data", OPT_STICKY }, { "base64_data", OPT_STICKY },
	{ "sip_header", OPT_STICKY }, { "sip_body", OPT_STICKY },
	{ "dce_stub_data", OPT_STICKY }, { "dnp3_data", OPT_STICKY },
	{ "http_encode", OPT_UNSUPPORTED },
	{ "pcre", OPT_UNSUPPORTED }, { "regex", OPT_UNSUPPORTED },
	{ "byte_test", OPT_UNSUPPORTED }, { "byte_jump", OPT_UNSUPPORTED },
	{ "byte_extract", OPT_UNSUPPORTED }, { "byte_math", OPT_UNSUPPORTED },
	{ "endswith", OPT_UNSUPPORTED },
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

/*
 * Snort 2's http_* content modifiers, Snort 3's http_* sticky buffers and
 * Suricata's http.* ones: an HTTP buffer (the skip reason says which kind
 * of buffer, the most frequent by far). NULL: not a buffer.
 */
static const char *buffer_reason(struct span name)
{
	const char *dot = memchr(name.s, '.', name.len);
	unsigned int i;

	if (name.len > 5 && !memcmp(name.s, "http_", 5))
		return "http buffer";
	if (!dot)
		return NULL;
	for (i = 0; i < ARRAY_LEN(buffer_protocols); i++) {
		struct span proto = { name.s, dot - name.s };

		if (eq(proto, buffer_protocols[i]))
			return i < 2 ? "http buffer" : "sticky buffer";
	}
	return NULL;
}

static void opt_msg(struct parse *ps, struct span v)
{
	char msg[2 * RSTGUARD_SIG_MSG_MAX] = "";
	const char *s = v.s, *end = v.s + v.len;
	size_t o = 0;

	if (v.len && v.s[0] == '"') {
		end = sig_quote_end(v.s, v.s + v.len);
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

static enum opt_kind option_kind(struct span name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(options); i++)
		if (eq(name, options[i].name))
			return options[i].kind;
	if (sig_is_modifier(name))
		return OPT_MODIFIER;
	return buffer_reason(name) ? OPT_STICKY : (enum opt_kind)-1;
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
	case OPT_URICONTENT:
		sig_content(ps, val, kind == OPT_URICONTENT);
		return;
	case OPT_MODIFIER:
		sig_modifier(ps, name, val);
		return;
	case OPT_ISDATAAT:
		sig_isdataat(ps, val);
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
		sig_skip(ps, buffer_reason(name) ?: "sticky buffer", name);
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
			/*
			 * The value ends at the first ';' that no '\\'
			 * escapes, quoted or not, as Snort 2 and 3 and
			 * Suricata read it: msg and content escape theirs,
			 * and a pcre's quote ("/^["']?x/") is just a byte.
			 */
			val.s = ++p;
			for (; p < end && *p != ';'; p++)
				if (*p == '\\' && p + 1 < end)
					p++;
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

