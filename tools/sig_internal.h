/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What sig_parse.c (header, result), sig_options.c (options) and
 * sig_content.c (contents and their modifiers) share on one rule.
 */
#ifndef RSTGUARD_SIG_INTERNAL_H
#define RSTGUARD_SIG_INTERNAL_H

#include <string.h>
#include "sig_parse.h"

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

struct span {
	const char *s;
	size_t len;
};

/* A header port, from the rule's point of view. */
enum port_kind {
	PORT_ANY,
	PORT_RANGE,		/* min..max: honoured */
	PORT_SET,		/* a variable or a list: still names a side */
	PORT_NEG,		/* a negation: says nothing about the side */
};

struct port {
	enum port_kind kind;
	uint16_t min, max;
	struct span word;
};

/* Actions without an rstguard equivalent of their own. */
#define ACT_REJECT_SRC	100	/* reset the matching packet's sender */
#define ACT_REJECT_DST	101

struct parse {
	struct rg_sig *sig;
	struct rg_sig_result *res;
	struct rg_sig_content scratch;	/* a content that is not kept */
	struct rg_sig_content *last;	/* where modifiers go; NULL: none */
	/*
	 * The modifiers each content was given (sig_content.c), [n] for
	 * sig->content[n], the last one for scratch: "offset:0" counts.
	 */
	unsigned int mods[RSTGUARD_SIG_CONTENTS_MAX + 1];
	unsigned int *last_mods;	/* last's */
	bool data_after;		/* a relative isdataat since last */
	bool error;
	bool has_sid;
	bool service;			/* a service: option */
	bool service_proto;		/* "alert http (...)" */
	int flow;			/* enum rstguard_sig_dir */
	int action;
	bool has_ports, bidir;
	struct port src, dst;
	struct span src_addr, dst_addr;
};

static inline bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	       c == '\f';
}

static inline struct span trim(const char *s, size_t len)
{
	struct span w;

	while (len && is_blank(*s)) {
		s++;
		len--;
	}
	while (len && is_blank(s[len - 1]))
		len--;
	w.s = s;
	w.len = len;
	return w;
}

static inline bool eq(struct span w, const char *lit)
{
	return strlen(lit) == w.len && !memcmp(w.s, lit, w.len);
}

static inline int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The first error wins; the rule is then RG_SIG_ERROR. */
void sig_error(struct parse *ps, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The first reason to skip wins; @word names what caused it, if anything. */
void sig_skip(struct parse *ps, const char *reason, struct span word);
/* A decimal number in [@min, @max], '-' allowed when @min < 0. */
int sig_number(struct span w, long long min, long long max, long long *v);
/* Letters, digits, _ - . */
bool sig_ident(struct span w);
/* NAME[:VALUE]; ... up to @end, the closing parenthesis (sig_options.c). */
void sig_options(struct parse *ps, const char *p, const char *end);

/* sig_content.c */
/* The end of a quoted string starting at @s (on '"'), or NULL. */
const char *sig_quote_end(const char *s, const char *end);
/* content:VALUE, or uricontent:VALUE (@http): a content, always last. */
void sig_content(struct parse *ps, struct span v, bool http);
/* A content modifier: nocase, depth, distance, fast_pattern... */
bool sig_is_modifier(struct span name);
void sig_modifier(struct parse *ps, struct span name, struct span val);
void sig_isdataat(struct parse *ps, struct span v);
/* After the last option: relative contents checked, or made absolute. */
void sig_contents_end(struct parse *ps);

#endif
