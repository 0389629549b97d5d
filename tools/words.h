/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Words of a command line, plain C without netlink (the unit tests build
 * it): numbers, and the lines of a file that "rstguard restore" reads,
 * split into words with a small subset of the shell's quoting, and words
 * quoted so that they split back into themselves.
 */
#ifndef RSTGUARD_WORDS_H
#define RSTGUARD_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A decimal number from 0 to @max, digits only. Returns 0 or -1. */
int parse_u32(const char *s, uint32_t max, uint32_t *val);

/*
 * Split @line in place into at most @max words, as sh(1) would split a
 * simple command: blanks separate words; "..." keeps blanks, and in it a
 * backslash escapes only " \ $ and `; '...' keeps everything as it is; a
 * backslash outside quotes keeps the next character as it is; an unquoted
 * # at the start of a word starts a comment that runs to the end of the
 * line. Nothing else is special (no variables, no globs, no ; or |).
 * Returns the number of words (0: a blank or comment line), or -1 with
 * what is wrong in @err.
 */
int rg_words_split(char *line, char **words, int max, char *err,
		   size_t errlen);

/*
 * @word as rg_words_split() reads it back: as it is when it holds only
 * letters, digits and - _ . , : / @ + = % ^ ~ (and does not start with #),
 * else in double quotes, with " \ $ and ` escaped; always quoted with
 * @force. Returns the length, or -1 if @size is too small.
 */
int rg_word_quote(const char *word, bool force, char *buf, size_t size);

/*
 * A line built piece by piece into a fixed buffer: rg_outf() appends like
 * snprintf(); once a piece does not fit, @full is set and nothing more is
 * written.
 */
struct rg_out {
	char *buf;
	size_t size, len;
	bool full;
};

void rg_outf(struct rg_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* What rg_word_quote() needs at most for a word of @len bytes. */
#define RG_WORD_QUOTED_MAX(len)	(2 * (len) + 3)

#endif
