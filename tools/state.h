/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What "save" and "restore" (state.c) use of the objects whose state they
 * carry: the settings (config.c), the rules (rule.c) and the signatures
 * (sig.c, sig.h).
 */
#ifndef RSTGUARD_STATE_H
#define RSTGUARD_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/rstguard.h>
#include "nl.h"

/*
 * A whole configuration, or the part of it a "set" changes. Each has_* is
 * where the setting was given: 0 not at all, else the line of a restore
 * file, or 1 (the command line, the module's reply).
 */
struct config {
	uint32_t timeout[RSTGUARD_TIMEOUT_MAX + 1];
	unsigned int has_timeout[RSTGUARD_TIMEOUT_MAX + 1];
	uint32_t limit;
	unsigned int has_limit;
	uint8_t log;
	unsigned int has_log;
	bool strict;
	unsigned int has_strict;
	bool fail_open;
	unsigned int has_fail_open;
	uint8_t default_action;		/* enum rstguard_action */
	unsigned int has_default_action;
	bool reset_on_aged_out;
	unsigned int has_reset_on_aged_out;
	bool rematch;
	unsigned int has_rematch;
	uint32_t offload_mark;
	unsigned int has_offload_mark;
};

/*
 * One "KEY VALUE..." setting at @argv[0] into @c; returns the words it
 * used, or -1 with what is wrong in @err. @line is the restore file's line
 * (0: the command line); there, values are also checked against the
 * module's bounds, which "config set" leaves to the module.
 */
int config_parse_setting(struct config *c, int argc, char **argv,
			 unsigned int line, char *err, size_t errlen);
/* The settings of @c into a CONFIG_SET request. */
void config_put(struct nlmsghdr *nlh, const struct config *c);
/* CONFIG_GET into @c. Returns 0, or -1 with errno set. */
int config_read(struct rg_nl *nl, struct config *c);
/* Each setting of @c as a "config set" line. */
void config_print_state(const struct config *c);
/*
 * After a CONFIG_SET request @req built from @c failed: the setting the
 * module blamed, in words, into @words (empty if none), and the line @c
 * has for it (0 if none).
 */
unsigned int config_bad_setting(const struct config *c,
				const struct nlmsghdr *req, char *words,
				size_t len);

/* The rules of a restore file, with the line each came from (rule.c). */
struct rule;
struct ruleset {
	struct rule *rules;
	unsigned int *lines;	/* 0: from the module */
	unsigned int n, cap;
};

/*
 * The words of one rule (as "rule add" takes them, without pos) from line
 * @line, appended to @set. Returns 0, or -1 with what is wrong in @err.
 */
int ruleset_add_words(struct ruleset *set, int argc, char **argv,
		      unsigned int line, char *err, size_t errlen);
/* The module's rules, in order, into an empty @set. 0, or -1 with errno. */
int ruleset_read(struct rg_nl *nl, struct ruleset *set);
/*
 * A RULE_REPLACE request of @set in a new buffer (*@bufp, for free()).
 * NULL, with the error printed, if it does not fit one request; @fname
 * names the set in the message.
 */
struct nlmsghdr *ruleset_request(const struct ruleset *set, char **bufp,
				 const char *fname);
/*
 * Send @req (ruleset_request() of @set) on @nl. On failure print the
 * error: "FILE:LINE: [WORD: ]..." for the rule the module blamed, else
 * "@what: ...". Returns 0 or -1.
 */
int ruleset_send(struct rg_nl *nl, struct nlmsghdr *req,
		 const struct ruleset *set, const char *fname,
		 const char *what);
/* Each rule as a "rule add" line, in order. */
void ruleset_print_state(const struct ruleset *set);
void ruleset_free(struct ruleset *set);

#endif
