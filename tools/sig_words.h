/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Signatures as "sig add" words, both ways: plain C without netlink, shared
 * by "sig add", "sig list", "save" and "restore" and the unit tests
 * (selftests/unit/test_words.c).
 */
#ifndef RSTGUARD_SIG_WORDS_H
#define RSTGUARD_SIG_WORDS_H

#include <stddef.h>
#include "sig_parse.h"
#include "words.h"

#define RG_SIG_ERR_MAX	256

/*
 * The words after "sig add": id, msg, dir, port, action, data-at and
 * data-after in any order, each once; nocase, depth, offset, distance and
 * within modify the content before them (distance and within make it
 * relative to the content before it: never the first, never with offset
 * or depth). Returns 0, or -1 with what is wrong in @err (RG_SIG_ERR_MAX
 * bytes).
 */
int rg_sig_parse_words(struct rg_sig *s, int argc, char **argv, char *err);

/*
 * @s in those words, in the order id, msg, each content with its
 * modifiers, data-at, data-after, dir, port, action, what is the default
 * left out; msg and
 * contents in double quotes (rg_word_quote()), so that rg_words_split()
 * and rg_sig_parse_words() read them back into @s. Control characters of
 * the message, which "sig add" refuses, are written as spaces. Returns
 * the length, or -1 if @size is too small.
 */
int rg_sig_format_words(const struct rg_sig *s, char *buf, size_t size);

#define RG_SIG_WORDS_MAX						\
	(128 + RG_WORD_QUOTED_MAX(RSTGUARD_SIG_MSG_MAX) +		\
	 RSTGUARD_SIG_CONTENTS_MAX *					\
	 (64 + RG_WORD_QUOTED_MAX(RG_SIG_CONTENT_TEXT_MAX)))

#endif
