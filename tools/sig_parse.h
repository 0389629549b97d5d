/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Signatures from Snort 2, Snort 3 and Suricata rule lines, and back to
 * Snort 3 syntax: plain C without netlink, shared by "rstguard sig", the
 * unit tests (selftests/unit/test_sig_parse.c) and a fuzzer
 * (selftests/fuzz/fuzz_sig_parse.c). Documentation/signatures.rst says
 * which rules load, which are skipped and why.
 *
 * Never silently approximate: a rule rstguard cannot honour exactly is
 * skipped with a reason, and what a loaded rule had that rstguard ignores
 * (addresses, port variables) is counted (RG_SIG_WIDE_*).
 *
 * sig_parse.c reads a rule's header and decides the result, sig_options.c
 * its options and the content syntax (sig_internal.h between them);
 * sig_file.c reads a whole file (continued lines, duplicate sids, counts)
 * and prints signatures as rules.
 */
#ifndef RSTGUARD_SIG_PARSE_H
#define RSTGUARD_SIG_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/rstguard.h>

struct rg_sig_content {
	uint8_t bytes[RSTGUARD_CONTENT_MAX];
	uint32_t len;
	uint32_t offset;
	uint32_t depth;			/* 0: no end limit */
	bool nocase;
	/* distance or within given: relative to the previous content */
	bool relative;
	int32_t distance;		/* -65535..65535 */
	uint32_t within;		/* 0: none, else >= len */
};

/* One signature, as RSTGUARD_A_SIG carries it. */
struct rg_sig {
	uint32_t id;
	char msg[RSTGUARD_SIG_MSG_MAX];	/* "": none */
	uint8_t action;			/* enum rstguard_sig_action */
	uint8_t dir;			/* enum rstguard_sig_dir */
	uint16_t port_min, port_max;	/* the server port; 0-65535: any */
	bool has_data_at, has_data_after;
	uint32_t data_at;		/* isdataat:N */
	uint32_t data_after;		/* isdataat:N,relative, after the last content */
	unsigned int n;			/* contents, 1..CONTENTS_MAX */
	struct rg_sig_content content[RSTGUARD_SIG_CONTENTS_MAX];
};

/* What a loaded rule had that its signature does not restrict. */
#define RG_SIG_WIDE_ADDR	(1U << 0)	/* addresses, variables, lists */
#define RG_SIG_WIDE_PORT	(1U << 1)	/* server port: variable, list, negation */
#define RG_SIG_WIDE_CLIENT_PORT	(1U << 2)	/* a client port */
#define RG_SIG_WIDE_SERVICE	(1U << 3)	/* a service: every TCP port */
#define RG_SIG_WIDE_BITS	4

enum rg_sig_status {
	RG_SIG_BLANK,		/* blank line, comment, or a continued line */
	RG_SIG_LOADED,
	RG_SIG_SKIPPED,
	/* not a rule: a file's import skips it as "unreadable" */
	RG_SIG_ERROR,
};

struct rg_sig_result {
	enum rg_sig_status status;
	unsigned int line;	/* sig_file.c: the rule's first line */
	uint32_t sid;		/* 0: none seen */
	/* RG_SIG_SKIPPED: why, a static string; the summary counts by it. */
	const char *reason;
	unsigned int wide;	/* RG_SIG_LOADED: RG_SIG_WIDE_* */
	/*
	 * RG_SIG_ERROR: what is wrong; RG_SIG_SKIPPED: the word that made
	 * it skip, or "" ("unreadable": what is wrong); RG_SIG_LOADED: what
	 * port restriction was widened.
	 */
	char detail[160];
};

/* The rule's own action. */
#define RG_SIG_ACTION_RULE	(-1)

/*
 * Parse one rule (a whole logical line, comments and continuations
 * resolved; a leading # or only blanks give RG_SIG_BLANK). @action is
 * RG_SIG_ACTION_RULE or an enum rstguard_sig_action that every loaded rule
 * gets instead of its own. @sig is filled when the rule loads.
 */
void rg_sig_parse_rule(const char *line, size_t len, int action,
		       struct rg_sig *sig, struct rg_sig_result *res);

enum rg_content_status {
	RG_CONTENT_OK,
	RG_CONTENT_BAD,		/* syntax: @err says what */
	RG_CONTENT_TOO_LONG,	/* more than RSTGUARD_CONTENT_MAX bytes */
};

/*
 * Content text in Snort syntax, without the quotes: text, |hex bytes|,
 * escapes \" \; \\ \: \|. Sets bytes and len only; len is the whole length
 * even when it is too long.
 */
enum rg_content_status rg_sig_content_parse(const char *s, size_t len,
					    struct rg_sig_content *c,
					    char *err, size_t errlen);
/* @c's bytes in that syntax, always NUL-terminated; needs 3 * len + 3. */
void rg_sig_content_format(const struct rg_sig_content *c, char *buf,
			   size_t size);
#define RG_SIG_CONTENT_TEXT_MAX	(3 * RSTGUARD_CONTENT_MAX + 3)

const char *rg_sig_action_name(unsigned int action);	/* "alert", ... */
int rg_sig_action_parse(const char *name);		/* -1: unknown */
const char *rg_sig_dir_name(unsigned int dir);		/* "to-server", ... */
int rg_sig_dir_parse(const char *name);

/* A whole rules file, line by line (sig_file.c). */
struct rg_sig_count {
	const char *reason;
	unsigned int n;
};

#define RG_SIG_REASONS_MAX	128

struct rg_sig_import {
	struct rg_sig *sigs;		/* the signatures that load */
	unsigned int *lines;		/* the line each came from */
	unsigned int n, cap;
	int action;			/* RG_SIG_ACTION_RULE or an override */
	bool strict;			/* any rule skipped fails the import */
	unsigned int skipped;
	struct rg_sig_count reasons[RG_SIG_REASONS_MAX];
	unsigned int nreasons;
	unsigned int wide[RG_SIG_WIDE_BITS];	/* loaded with each bit */
	struct rg_sig_slot {		/* hash set of the sids loaded */
		uint32_t id;		/* 0: empty */
		unsigned int index;	/* in sigs */
	} *ids;
	size_t ids_size;		/* a power of 2, or 0 */
	char *cont;			/* a rule continued with '\' */
	size_t cont_len, cont_cap;
	unsigned int cont_line;		/* its first line; 0: none */
};

void rg_sig_import_init(struct rg_sig_import *imp, int action);
/*
 * Feed one physical line (with or without its newline). @res says what the
 * rule that the line completes did (status RG_SIG_BLANK if none). A rule
 * that is not one is skipped as "unreadable", @res->detail saying why.
 * Returns -1 for RG_SIG_ERROR (no memory, more signatures than a namespace
 * holds, or with @imp->strict any rule skipped), else 0. A loaded rule is
 * appended to @imp->sigs.
 */
int rg_sig_import_line(struct rg_sig_import *imp, const char *line,
		       size_t len, unsigned int lineno,
		       struct rg_sig_result *res);
/* At the end of the input: a continued rule still open is unreadable. */
int rg_sig_import_end(struct rg_sig_import *imp, struct rg_sig_result *res);
void rg_sig_import_free(struct rg_sig_import *imp);
/* The reasons, most frequent first (ties: by name). */
void rg_sig_import_sort(struct rg_sig_import *imp);

/*
 * @sig as one Snort 3 style rule that rg_sig_parse_rule() reads back into
 * the same signature. Returns the length, or -1 if @size is too small.
 */
int rg_sig_format(const struct rg_sig *sig, char *buf, size_t size);
#define RG_SIG_LINE_MAX	\
	(256 + 2 * RSTGUARD_SIG_MSG_MAX + \
	 RSTGUARD_SIG_CONTENTS_MAX * (RG_SIG_CONTENT_TEXT_MAX + 64))

/* @sig's contents as the module's matcher sees them (kmod/core/sig_match.h). */
struct rg_sm_def;
void rg_sig_sm_defs(const struct rg_sig *sig, struct rg_sm_def *d);

#endif
