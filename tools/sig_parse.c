// SPDX-License-Identifier: GPL-2.0
/*
 * One Snort 2, Snort 3 or Suricata rule into a signature, or the reason it
 * cannot be one. A rule is
 *
 *	ACTION PROTO [SRC SPORT -> DST DPORT] ( NAME[:VALUE]; ... )
 *
 * This file reads the header and decides the result; sig_options.c reads
 * the options. Whatever the rule says that rstguard cannot do exactly
 * makes it skip (the first such thing names the reason), but the whole
 * line is still read, so that a line that is not a rule is an error
 * wherever its mistake is.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "sig_internal.h"

void sig_error(struct parse *ps, const char *fmt, ...)
{
	va_list ap;

	if (ps->error)
		return;
	ps->error = true;
	va_start(ap, fmt);
	vsnprintf(ps->res->detail, sizeof(ps->res->detail), fmt, ap);
	va_end(ap);
}

void sig_skip(struct parse *ps, const char *reason, struct span word)
{
	if (ps->res->reason || ps->error)
		return;
	ps->res->reason = reason;
	snprintf(ps->res->detail, sizeof(ps->res->detail), "%.*s",
		 (int)(word.len > 64 ? 64 : word.len), word.s);
}

static void widen(struct parse *ps, unsigned int bit, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Loaded, but wider than the rule: counted, and told with -v. */
static void widen(struct parse *ps, unsigned int bit, const char *fmt, ...)
{
	char *d = ps->res->detail;
	size_t used = strlen(d);
	va_list ap;

	ps->res->wide |= bit;
	if (bit == RG_SIG_WIDE_ADDR)
		return;		/* nearly every rule: counted only */
	if (used && used + 2 < sizeof(ps->res->detail)) {
		strcpy(d + used, "; ");
		used += 2;
	}
	va_start(ap, fmt);
	vsnprintf(d + used, sizeof(ps->res->detail) - used, fmt, ap);
	va_end(ap);
}

int sig_number(struct span w, long long min, long long max, long long *v)
{
	long long n = 0, limit = max;
	size_t i = 0;
	bool neg = false;

	if (w.len && w.s[0] == '-' && min < 0) {
		neg = true;
		limit = -min;
		i = 1;
	}
	if (i == w.len)
		return -1;
	for (; i < w.len; i++) {
		if (w.s[i] < '0' || w.s[i] > '9')
			return -1;
		n = n * 10 + (w.s[i] - '0');
		if (n > limit)
			return -1;
	}
	*v = neg ? -n : n;
	return *v < min ? -1 : 0;
}

bool sig_ident(struct span w)
{
	size_t i;

	if (!w.len)
		return false;
	for (i = 0; i < w.len; i++) {
		char c = w.s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		      c == '.'))
			return false;
	}
	return true;
}

/* Header */

static const struct {
	const char *name;
	int action;		/* -1: skip */
	const char *skip;
} rule_actions[] = {
	{ "alert",	RSTGUARD_SIG_ACTION_ALERT,	NULL },
	{ "drop",	RSTGUARD_SIG_ACTION_DROP,	NULL },
	{ "sdrop",	RSTGUARD_SIG_ACTION_DROP,	NULL },
	{ "block",	RSTGUARD_SIG_ACTION_DROP,	NULL },
	{ "reject",	RSTGUARD_SIG_ACTION_RESET_BOTH,	NULL },
	{ "rejectboth",	RSTGUARD_SIG_ACTION_RESET_BOTH,	NULL },
	{ "rejectsrc",	ACT_REJECT_SRC,			NULL },
	{ "rejectdst",	ACT_REJECT_DST,			NULL },
	/* rstguard's own, for what "sig save" prints */
	{ "reset-client", RSTGUARD_SIG_ACTION_RESET_CLIENT, NULL },
	{ "reset-server", RSTGUARD_SIG_ACTION_RESET_SERVER, NULL },
	{ "reset-both",	RSTGUARD_SIG_ACTION_RESET_BOTH,	NULL },
	{ "pass",	-1,	"pass action" },
	{ "log",	-1,	"log action" },
	{ "rewrite",	-1,	"rewrite action" },
	{ "activate",	-1,	"activate action" },
	{ "dynamic",	-1,	"dynamic action" },
};

/* Services whose traffic is TCP only: "alert http (...)" is a TCP rule. */
static const char *const tcp_services[] = {
	"http", "http2", "ftp", "ftp-data", "smtp", "imap", "pop3", "ssl",
	"tls", "telnet", "ssh", "irc", "smb", "netbios-ssn", "rdp", "rfb",
	"ldap", "mysql", "pgsql", "mqtt", "modbus",
};

/* A header word: up to a blank, or a whole [list], blanks and all. */
static struct span next_word(const char **p, const char *end)
{
	struct span w;
	int depth = 0;

	while (*p < end && is_blank(**p))
		(*p)++;
	w.s = *p;
	while (*p < end && (depth || !is_blank(**p))) {
		if (**p == '[')
			depth++;
		else if (**p == ']' && depth)
			depth--;
		(*p)++;
	}
	w.len = *p - w.s;
	return w;
}

/* any, N, N:M, N:, :M, $VAR, !PORT, [PORT,...]; -1 if none of these. */
static int parse_port(struct span w, struct port *pt, int nest)
{
	long long lo = 0, hi = 65535;
	const char *colon;
	struct port inner;

	pt->word = w;
	pt->min = 0;
	pt->max = 65535;
	if (eq(w, "any")) {
		pt->kind = PORT_ANY;
		return 0;
	}
	if (w.len > 1 && w.s[0] == '$') {
		struct span name = { w.s + 1, w.len - 1 };

		pt->kind = PORT_SET;
		return sig_ident(name) ? 0 : -1;
	}
	if (w.len > 1 && w.s[0] == '!' && nest < 8) {
		struct span rest = trim(w.s + 1, w.len - 1);

		pt->kind = PORT_NEG;
		if (parse_port(rest, &inner, nest + 1) || inner.kind == PORT_ANY)
			return -1;
		return 0;
	}
	if (w.len > 2 && w.s[0] == '[' && w.s[w.len - 1] == ']' && nest < 8) {
		const char *p = w.s + 1, *end = w.s + w.len - 1;
		unsigned int items = 0;
		int depth = 0;

		while (p <= end) {
			const char *start = p;

			while (p < end && (depth || *p != ',')) {
				depth += *p == '[' ? 1 : *p == ']' ? -1 : 0;
				p++;
			}
			if (parse_port(trim(start, p - start), &inner, nest + 1) ||
			    inner.kind == PORT_ANY)
				return -1;
			items++;
			p++;
		}
		/* "[80]" is just 80 */
		if (items == 1 && inner.kind == PORT_RANGE) {
			*pt = inner;
			pt->word = w;
			return 0;
		}
		pt->kind = PORT_SET;
		return 0;
	}
	colon = memchr(w.s, ':', w.len);
	if (colon) {
		struct span a = { w.s, colon - w.s };
		struct span b = { colon + 1, w.len - (colon + 1 - w.s) };

		if ((!a.len && !b.len) || (a.len && sig_number(a, 0, 65535, &lo)) ||
		    (b.len && sig_number(b, 0, 65535, &hi)) || lo > hi)
			return -1;
	} else {
		if (sig_number(w, 0, 65535, &lo))
			return -1;
		hi = lo;
	}
	pt->kind = PORT_RANGE;
	pt->min = lo;
	pt->max = hi;
	return 0;
}

/* Addresses are not matched; only their syntax is checked. */
static bool addr_ok(struct span w)
{
	size_t i;

	if (!w.len || memchr(w.s, '(', w.len))
		return false;
	if (eq(w, "any"))
		return true;
	if (w.s[0] == '$' || w.s[0] == '!' || w.s[0] == '[')
		return true;
	for (i = 0; i < w.len; i++)
		if (hexval(w.s[i]) < 0 && (!w.s[i] || !strchr(".:/", w.s[i])))
			return false;
	return true;
}

/*
 * Lines of a Snort configuration that rules files may hold, and that say
 * nothing about what a rule matches; skipped with their reason.
 */
static const struct {
	const char *word;
	const char *reason;
} config_lines[] = {
	{ "var", "variable definition" },
	{ "ipvar", "variable definition" },
	{ "portvar", "variable definition" },
	{ "include", "include" },
	{ "config", "configuration" },
	{ "preprocessor", "configuration" },
	{ "output", "configuration" },
	{ "event_filter", "configuration" },
	{ "rate_filter", "configuration" },
	{ "suppress", "configuration" },
	{ "threshold", "configuration" },
};

static bool config_line(struct parse *ps, struct span all)
{
	const char *p = all.s;
	struct span w = next_word(&p, all.s + all.len);
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(config_lines); i++) {
		if (eq(w, config_lines[i].word)) {
			/* what it defines or includes */
			sig_skip(ps, config_lines[i].reason,
				 trim(p, all.s + all.len - p));
			return true;
		}
	}
	return false;
}

/* The words before '(' */
static void parse_header(struct parse *ps, struct span head)
{
	const char *p = head.s, *end = head.s + head.len;
	struct span w[7], word;
	unsigned int n = 0, i;

	while ((word = next_word(&p, end)).len) {
		if (n < 7)
			w[n] = word;
		n++;
	}
	if (n != 2 && n != 7) {
		sig_error(ps, "a rule header is ACTION PROTO [SRC SPORT -> DST DPORT], not %u words",
			  n);
		return;
	}
	for (i = 0; i < ARRAY_LEN(rule_actions); i++)
		if (eq(w[0], rule_actions[i].name))
			break;
	if (i == ARRAY_LEN(rule_actions)) {
		sig_error(ps, "unknown action \"%.*s\"", (int)w[0].len, w[0].s);
		return;
	}
	ps->action = rule_actions[i].action;
	if (rule_actions[i].skip)
		sig_skip(ps, rule_actions[i].skip, w[0]);

	if (!sig_ident(w[1])) {
		sig_error(ps, "\"%.*s\" is not a protocol", (int)w[1].len, w[1].s);
		return;
	}
	if (!eq(w[1], "tcp")) {
		for (i = 0; i < ARRAY_LEN(tcp_services); i++)
			if (eq(w[1], tcp_services[i]))
				break;
		if (i < ARRAY_LEN(tcp_services))
			ps->service_proto = true;
		else
			sig_skip(ps, "not tcp", w[1]);
	}
	if (n == 2)
		return;

	ps->has_ports = true;
	ps->src_addr = w[2];
	ps->dst_addr = w[5];
	if (!addr_ok(w[2]) || !addr_ok(w[5])) {
		struct span bad = addr_ok(w[2]) ? w[5] : w[2];

		sig_error(ps, "\"%.*s\" is not an address", (int)bad.len, bad.s);
		return;
	}
	if (parse_port(w[3], &ps->src, 0) || parse_port(w[6], &ps->dst, 0)) {
		struct span bad = parse_port(w[3], &ps->src, 0) ? w[3] : w[6];

		sig_error(ps, "\"%.*s\" is not a port, a port range or a port list",
			  (int)bad.len, bad.s);
		return;
	}
	if (eq(w[4], "<>"))
		ps->bidir = true;
	else if (!eq(w[4], "->"))
		sig_error(ps, "\"%.*s\" is not a direction (-> or <>)",
			  (int)w[4].len, w[4].s);
}

/*
 * The signature matches only the server port: which header port names the
 * server follows from the flow direction, or from the header itself when
 * there is none (a rule to port 80 looks at what clients send to it).
 */
static void resolve_ports(struct parse *ps)
{
	struct rg_sig *sig = ps->sig;
	const struct port *server = NULL, *client = NULL;

	sig->dir = ps->flow;
	sig->port_min = 0;
	sig->port_max = 65535;
	if (ps->has_ports && (!eq(ps->src_addr, "any") ||
			      !eq(ps->dst_addr, "any")))
		widen(ps, RG_SIG_WIDE_ADDR, "addresses");
	if (ps->has_ports && !ps->bidir) {
		bool to_client = ps->flow == RSTGUARD_SIG_DIR_TO_CLIENT;

		if (ps->flow == RSTGUARD_SIG_DIR_ANY) {
			if (ps->dst.kind == PORT_RANGE || ps->dst.kind == PORT_SET)
				sig->dir = RSTGUARD_SIG_DIR_TO_SERVER;
			else if (ps->src.kind == PORT_RANGE ||
				 ps->src.kind == PORT_SET)
				sig->dir = RSTGUARD_SIG_DIR_TO_CLIENT;
			to_client = sig->dir == RSTGUARD_SIG_DIR_TO_CLIENT;
		}
		server = to_client ? &ps->src : &ps->dst;
		client = to_client ? &ps->dst : &ps->src;
		if (sig->dir == RSTGUARD_SIG_DIR_ANY && server->kind == PORT_NEG)
			client = NULL;	/* both are negations: said below */
	} else if (ps->has_ports) {
		/* <>: the side with a port is the server's */
		if (ps->src.kind == PORT_ANY) {
			server = &ps->dst;
		} else if (ps->dst.kind == PORT_ANY) {
			server = &ps->src;
		} else {
			widen(ps, RG_SIG_WIDE_PORT, "ports %.*s <> %.*s treated as any",
			      (int)ps->src.word.len, ps->src.word.s,
			      (int)ps->dst.word.len, ps->dst.word.s);
		}
	}
	if (server && server->kind == PORT_RANGE) {
		sig->port_min = server->min;
		sig->port_max = server->max;
	} else if (server && server->kind != PORT_ANY) {
		widen(ps, RG_SIG_WIDE_PORT, "server port %.*s treated as any",
		      (int)server->word.len, server->word.s);
	}
	if (client && client->kind != PORT_ANY)
		widen(ps, RG_SIG_WIDE_CLIENT_PORT, "client port %.*s ignored",
		      (int)client->word.len, client->word.s);
	if ((ps->service || ps->service_proto) &&
	    (!server || server->kind == PORT_ANY) &&
	    !(ps->res->wide & RG_SIG_WIDE_PORT))
		widen(ps, RG_SIG_WIDE_SERVICE, "service rule on every TCP port");
}

void rg_sig_parse_rule(const char *line, size_t len, int action,
		       struct rg_sig *sig, struct rg_sig_result *res)
{
	struct span all = trim(line, len);
	struct parse ps;
	const char *open, *close;
	struct span head;

	memset(res, 0, sizeof(*res));
	memset(sig, 0, sizeof(*sig));
	memset(&ps, 0, sizeof(ps));
	ps.sig = sig;
	ps.res = res;
	ps.flow = RSTGUARD_SIG_DIR_ANY;
	if (!all.len || all.s[0] == '#') {
		res->status = RG_SIG_BLANK;
		return;
	}
	open = memchr(all.s, '(', all.len);
	close = all.s + all.len - 1;
	if (config_line(&ps, all)) {
		res->status = RG_SIG_SKIPPED;
		return;
	}
	if (!open) {
		sig_error(&ps, "no '(': not a rule");
	} else if (*close != ')' || close < open) {
		sig_error(&ps, "a rule ends with ')'");
	} else {
		head.s = all.s;
		head.len = open - all.s;
		parse_header(&ps, head);
		if (!ps.error)
			sig_options(&ps, open + 1, close);
		if (!ps.error)
			sig_contents_end(&ps);
	}
	if (!ps.error && !ps.has_sid)
		sig_error(&ps, "no sid");
	if (ps.error) {
		res->status = RG_SIG_ERROR;
		res->reason = NULL;
		return;
	}
	if (!res->reason && !sig->n)
		sig_skip(&ps, "no content", (struct span){ "", 0 });
	if (!res->reason) {
		res->detail[0] = '\0';
		resolve_ports(&ps);
	}
	if (!res->reason && action == RG_SIG_ACTION_RULE &&
	    (ps.action == ACT_REJECT_SRC || ps.action == ACT_REJECT_DST)) {
		bool src = ps.action == ACT_REJECT_SRC;

		/* The sender of what matched: the client, if to the server. */
		if (sig->dir == RSTGUARD_SIG_DIR_ANY)
			sig_skip(&ps, src ? "rejectsrc action" : "rejectdst action",
				 (struct span){ "no flow direction", 17 });
		else if ((sig->dir == RSTGUARD_SIG_DIR_TO_SERVER) == src)
			ps.action = RSTGUARD_SIG_ACTION_RESET_CLIENT;
		else
			ps.action = RSTGUARD_SIG_ACTION_RESET_SERVER;
	}
	if (res->reason) {
		res->status = RG_SIG_SKIPPED;
		res->wide = 0;
		return;
	}
	sig->action = action == RG_SIG_ACTION_RULE ? ps.action : action;
	res->status = RG_SIG_LOADED;
}
