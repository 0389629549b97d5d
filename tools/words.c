// SPDX-License-Identifier: GPL-2.0
/* Words of a command line and of a restore file; see words.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "words.h"

int parse_u32(const char *s, uint32_t max, uint32_t *val)
{
	unsigned long long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	*val = v;
	return 0;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	       c == '\f';
}

int rg_words_split(char *line, char **words, int max, char *err,
		   size_t errlen)
{
	char *p = line, *o;
	int n = 0;

	for (;;) {
		while (blank(*p))
			p++;
		if (!*p || *p == '#')
			return n;
		if (n == max) {
			snprintf(err, errlen, "more than %d words", max);
			return -1;
		}
		/* The word is written over itself: it never grows. */
		o = p;
		words[n++] = o;
		while (*p && !blank(*p)) {
			if (*p == '\'') {
				for (p++; *p && *p != '\''; p++)
					*o++ = *p;
				if (!*p)
					goto open_single;
				p++;
			} else if (*p == '"') {
				for (p++; *p && *p != '"'; p++) {
					if (*p == '\\' && p[1] &&
					    strchr("\"\\$`", p[1]))
						p++;
					*o++ = *p;
				}
				if (!*p)
					goto open_double;
				p++;
			} else if (*p == '\\') {
				if (!p[1] || p[1] == '\n')
					goto backslash;
				*o++ = p[1];
				p += 2;
			} else {
				*o++ = *p++;
			}
		}
		/* Past the word's end, which may be where its text ends. */
		if (*p)
			p++;
		*o = '\0';
	}
open_single:
	snprintf(err, errlen, "a single quote (') is not closed");
	return -1;
open_double:
	snprintf(err, errlen, "a double quote (\") is not closed");
	return -1;
backslash:
	snprintf(err, errlen, "a backslash ends the line (a line cannot continue on the next one)");
	return -1;
}

static bool bare(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("-_.,:/@+=%^~", c));
}

int rg_word_quote(const char *word, bool force, char *buf, size_t size)
{
	size_t o = 0, len = strlen(word);
	const char *p;

	for (p = word; !force && *p; p++)
		force = !bare(*p);
	/* An empty word needs its quotes to be a word at all. */
	if (!force && len) {
		if (len >= size)
			return -1;
		memcpy(buf, word, len + 1);
		return len;
	}
	if (size < 3)
		return -1;
	buf[o++] = '"';
	for (p = word; *p; p++) {
		bool esc = strchr("\"\\$`", *p);

		/* the character, the closing quote, the NUL */
		if (o + esc + 3 > size)
			return -1;
		if (esc)
			buf[o++] = '\\';
		buf[o++] = *p;
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return o;
}

void rg_outf(struct rg_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->size - o->len)
		o->full = true;
	else
		o->len += n;
}
