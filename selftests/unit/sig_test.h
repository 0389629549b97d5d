/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the two test files of the rule importer share: test_sig_parse.c
 * (rules, files, printing) and test_sig_rules.c (relative contents,
 * isdataat, Snort 2 keywords, the community rulesets), one suite.
 */
#ifndef _RG_SIG_TEST_H
#define _RG_SIG_TEST_H

#include <string.h>
#include "ktap.h"
#include "sig_parse.h"

/* The last rule sig_test_parse() read, and what came of it */
extern struct rg_sig sig;
extern struct rg_sig_result res;

enum rg_sig_status sig_test_parse(const char *line);
bool content_is(const struct rg_sig_content *c, const char *bytes, u32 len,
		bool nocase, u32 offset, u32 depth);
bool sig_equal(const struct rg_sig *a, const struct rg_sig *b);
/* rg_sig_format() prints a rule that reads back into the same signature. */
bool round_trip(const struct rg_sig *s);
/* "sig add" words (save, restore) read back into the same signature. */
bool words_round_trip(const struct rg_sig *s);

/* The rule loads; the diagnostic shows why not. */
#define LOADS(line)							\
	do {								\
		if (sig_test_parse(line) != RG_SIG_LOADED)		\
			rg_check_fail(__FILE__, __LINE__,		\
				      "not loaded (%d %s: %s): %s",	\
				      res.status,			\
				      res.reason ? res.reason : "",	\
				      res.detail, line);		\
	} while (0)

#define SKIPS(why, line)						\
	do {								\
		if (sig_test_parse(line) != RG_SIG_SKIPPED ||		\
		    strcmp(res.reason, why))				\
			rg_check_fail(__FILE__, __LINE__,		\
				      "not skipped as %s (%d %s: %s): %s",\
				      why, res.status,			\
				      res.reason ? res.reason : "",	\
				      res.detail, line);		\
	} while (0)

#define FAILS(line)							\
	do {								\
		if (sig_test_parse(line) != RG_SIG_ERROR)		\
			rg_check_fail(__FILE__, __LINE__,		\
				      "no error (%d): %s", res.status,	\
				      line);				\
		else if (!res.detail[0])				\
			rg_check_fail(__FILE__, __LINE__,		\
				      "error without a message: %s",	\
				      line);				\
	} while (0)

/* test_sig_rules.c */
void sig_et_lines(void);
void sig_snort2_keywords(void);
void sig_relative(void);
void sig_isdataat_forms(void);
void sig_words_relative(void);
void sig_format_relative(void);
void sig_community_snort3(void);
void sig_community_snort2(void);

#endif /* _RG_SIG_TEST_H */
