// SPDX-License-Identifier: GPL-2.0
/*
 * The words of a "rstguard restore" file (tools/words.c): lines split as
 * sh(1) would, words quoted so that they split back into themselves; and
 * signatures as "sig add" words (tools/sig_words.c), which "save" writes
 * and "restore" reads: every signature reads back into itself, the Snort 3
 * community ruleset's too when ../shared/data has it (RG_SNORT_RULES).
 */
#define _GNU_SOURCE		/* getline() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests.h"
#include "sig_words.h"
#include "words.h"

#define MAXW	16

static char line[4096], err[256];
static char *w[MAXW + 1];

/* Split @text; the words in w, or -1 with err. */
static int split(const char *text)
{
	snprintf(line, sizeof(line), "%s", text);
	err[0] = '\0';
	return rg_words_split(line, w, MAXW, err, sizeof(err));
}

static void words_split(void)
{
	CHECK_EQ(split(""), 0);
	CHECK_EQ(split("   \t \n"), 0);
	CHECK_EQ(split("# only a comment"), 0);
	CHECK_EQ(split("  # indented comment \"open"), 0);
	CHECK_EQ(split("config set limit 5\n"), 4);
	CHECK_STR(w[0], "config");
	CHECK_STR(w[3], "5");
	CHECK_EQ(split("a  b\tc # d e"), 3);
	CHECK_STR(w[2], "c");
	/* # starts a comment only at the start of a word */
	CHECK_EQ(split("a#b c# d"), 3);
	CHECK_STR(w[0], "a#b");
	CHECK_STR(w[1], "c#");
	CHECK_EQ(split("\\#a #b"), 1);
	CHECK_STR(w[0], "#a");
	CHECK_EQ(split("\"#a\" '#b'"), 2);
	CHECK_STR(w[0], "#a");
	CHECK_STR(w[1], "#b");
	/* quotes */
	CHECK_EQ(split("msg \"a b  c\" 'd \" e' f\\ g"), 4);
	CHECK_STR(w[1], "a b  c");
	CHECK_STR(w[2], "d \" e");
	CHECK_STR(w[3], "f g");
	CHECK_EQ(split("\"q\\\" b\\\\ d\\$ t\\` x\\y \\;\""), 1);
	CHECK_STR(w[0], "q\" b\\ d$ t` x\\y \\;");
	CHECK_EQ(split("'a\\b\"c'"), 1);
	CHECK_STR(w[0], "a\\b\"c");
	CHECK_EQ(split("a\"b c\"d'e f'g"), 1);
	CHECK_STR(w[0], "ab cde fg");
	CHECK_EQ(split("\"\" x ''"), 3);
	CHECK_STR(w[0], "");
	CHECK_STR(w[2], "");
	CHECK_EQ(split("content \"|0D 0A|\" nocase"), 3);
	CHECK_STR(w[1], "|0D 0A|");
	/* mistakes */
	CHECK_EQ(split("msg \"open"), -1);
	CHECK_STR(err, "a double quote (\") is not closed");
	CHECK_EQ(split("msg 'open"), -1);
	CHECK_STR(err, "a single quote (') is not closed");
	CHECK_EQ(split("a b \\"), -1);
	CHECK_EQ(split("a b \\\n"), -1);
	CHECK_STR(err, "a backslash ends the line (a line cannot continue on the next one)");
	CHECK_EQ(split("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16"), 16);
	CHECK_EQ(split("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17"), -1);
	CHECK_STR(err, "more than 16 words");
	CHECK_EQ(split("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 # 17"), 16);
}

static void words_quote(void)
{
	char q[RG_WORD_QUOTED_MAX(64)], word[64], small[4];
	u64 seed = rg_test_seed();
	unsigned int i, j;

	CHECK_EQ(rg_word_quote("veth0", false, q, sizeof(q)), 5);
	CHECK_STR(q, "veth0");
	CHECK_EQ(rg_word_quote("fd00::/16", false, q, sizeof(q)), 9);
	CHECK_STR(q, "fd00::/16");
	CHECK_EQ(rg_word_quote("veth0", true, q, sizeof(q)), 7);
	CHECK_STR(q, "\"veth0\"");
	CHECK_EQ(rg_word_quote("", false, q, sizeof(q)), 2);
	CHECK_STR(q, "\"\"");
	CHECK_EQ(rg_word_quote("#x", false, q, sizeof(q)), 4);
	CHECK_STR(q, "\"#x\"");
	CHECK_EQ(rg_word_quote("a \"b\" \\ $c `d`", false, q, sizeof(q)), 22);
	CHECK_STR(q, "\"a \\\"b\\\" \\\\ \\$c \\`d\\`\"");
	CHECK_EQ(rg_word_quote("abcd", false, small, sizeof(small)), -1);
	CHECK_EQ(rg_word_quote("ab", true, small, sizeof(small)), -1);
	CHECK_EQ(rg_word_quote("a", true, small, sizeof(small)), 3);

	/* Any word of bytes 1..255 splits back into itself. */
	for (i = 0; i < 5000; i++) {
		unsigned int n = rg_rand_below(&seed, i % 10 ? 8 : sizeof(word));

		for (j = 0; j < n; j++)
			word[j] = 1 + rg_rand_below(&seed, 255);
		word[n] = '\0';
		if (rg_word_quote(word, rg_rand_below(&seed, 2), q,
				  sizeof(q)) < 0) {
			CHECK(0);
			continue;
		}
		snprintf(line, sizeof(line), "x %s y", q);
		if (rg_words_split(line, w, MAXW, err, sizeof(err)) != 3 ||
		    strcmp(w[1], word)) {
			rg_check_fail(__FILE__, __LINE__, "word %u: %s", i, q);
			continue;
		}
	}
}

static bool same_sig(const struct rg_sig *a, const struct rg_sig *b)
{
	unsigned int i;

	if (a->id != b->id || strcmp(a->msg, b->msg) || a->action != b->action ||
	    a->dir != b->dir || a->port_min != b->port_min ||
	    a->port_max != b->port_max || a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) {
		const struct rg_sig_content *x = &a->content[i];
		const struct rg_sig_content *y = &b->content[i];

		if (x->len != y->len || memcmp(x->bytes, y->bytes, x->len) ||
		    x->nocase != y->nocase || x->offset != y->offset ||
		    x->depth != y->depth)
			return false;
	}
	return true;
}

/* "sig add" words of @s, split and parsed again, give @s back. */
static bool sig_round_trip(const struct rg_sig *s)
{
	static char text[RG_SIG_WORDS_MAX];
	char e[RG_SIG_ERR_MAX] = "";
	char *words[80];
	struct rg_sig back;
	int n;

	if (rg_sig_format_words(s, text, sizeof(text)) < 0) {
		rg_diag("round trip: id %u does not fit", s->id);
		return false;
	}
	n = rg_words_split(text, words, 79, e, sizeof(e));
	if (n >= 0)
		words[n] = NULL;
	if (n < 0 || rg_sig_parse_words(&back, n, words, e) ||
	    !same_sig(s, &back)) {
		rg_sig_format_words(s, text, sizeof(text));
		rg_diag("round trip: %s: %s", text, e);
		return false;
	}
	return true;
}

static void sig_words_round_trip(void)
{
	static char text[RG_SIG_WORDS_MAX];
	u64 seed = rg_test_seed();
	unsigned int i, j, k;
	struct rg_sig s;

	memset(&s, 0, sizeof(s));
	s.id = 1000;
	strcpy(s.msg, "passwd request");
	s.action = RSTGUARD_SIG_ACTION_RESET_BOTH;
	s.dir = RSTGUARD_SIG_DIR_TO_SERVER;
	s.port_min = 80;
	s.port_max = 80;
	s.n = 2;
	s.content[0].len = 4;
	memcpy(s.content[0].bytes, "GET ", 4);
	s.content[0].depth = 4;
	s.content[1].len = 11;
	memcpy(s.content[1].bytes, "/etc/passwd", 11);
	s.content[1].nocase = true;
	CHECK(rg_sig_format_words(&s, text, sizeof(text)) > 0);
	CHECK_STR(text, "id 1000 msg \"passwd request\" content \"GET \" depth 4 content \"/etc/passwd\" nocase dir to-server port 80 action reset-both");
	CHECK(sig_round_trip(&s));

	/* what the shell and the content syntax quote, in a message */
	strcpy(s.msg, "q\" b\\ d$ t` # ; : | ' caf\xc3\xa9");
	CHECK(sig_round_trip(&s));
	/* control characters, which "sig add" refuses, become spaces */
	strcpy(s.msg, "tab\there\x7f");
	CHECK(rg_sig_format_words(&s, text, sizeof(text)) > 0);
	CHECK(strstr(text, "msg \"tab here \""));
	s.msg[0] = '\0';
	s.port_min = 1024;
	s.port_max = 65535;
	s.dir = RSTGUARD_SIG_DIR_ANY;
	CHECK(rg_sig_format_words(&s, text, sizeof(text)) > 0);
	CHECK(!strstr(text, "msg") && !strstr(text, "dir"));
	CHECK(strstr(text, " port 1024-65535 "));
	CHECK(sig_round_trip(&s));
	CHECK_EQ(rg_sig_format_words(&s, text, 20), -1);

	/* Random signatures: every byte value, modifiers, full sizes */
	for (i = 0; i < 2000; i++) {
		unsigned int n;

		memset(&s, 0, sizeof(s));
		s.id = 1 + rg_rand_below(&seed, UINT32_MAX);
		n = rg_rand_below(&seed, RSTGUARD_SIG_MSG_MAX);
		for (j = 0; j < n; j++)
			s.msg[j] = 0x20 + rg_rand_below(&seed, 0x5f);
		s.action = rg_rand_below(&seed, RSTGUARD_SIG_ACTION_MAX + 1);
		s.dir = rg_rand_below(&seed, RSTGUARD_SIG_DIR_MAX + 1);
		s.port_min = rg_rand_below(&seed, 65536);
		s.port_max = s.port_min + rg_rand_below(&seed, 65536 - s.port_min);
		if (rg_rand_below(&seed, 3) == 0) {
			s.port_min = 0;
			s.port_max = 65535;
		}
		s.n = 1 + rg_rand_below(&seed, RSTGUARD_SIG_CONTENTS_MAX);
		for (j = 0; j < s.n; j++) {
			struct rg_sig_content *c = &s.content[j];

			c->len = 1 + rg_rand_below(&seed, i % 10 ? 16 : RSTGUARD_CONTENT_MAX);
			for (k = 0; k < c->len; k++)
				c->bytes[k] = rg_rand_below(&seed, 256);
			c->nocase = rg_rand_below(&seed, 2);
			if (rg_rand_below(&seed, 2))
				c->offset = rg_rand_below(&seed, 65536);
			if (rg_rand_below(&seed, 2))
				c->depth = c->len + rg_rand_below(&seed, 65536 - c->len);
		}
		CHECK(sig_round_trip(&s));
	}
}

/* What "sig add" and a restore file's "sig add" line say is wrong. */
static void sig_words_errors(void)
{
	char e[RG_SIG_ERR_MAX];
	struct rg_sig s;

	CHECK_EQ(split("content a action alert"), 4);
	w[4] = NULL;
	CHECK_EQ(rg_sig_parse_words(&s, 4, w, e), -1);
	CHECK_STR(e, "missing \"id\": every signature needs one");
	CHECK_EQ(split("id 1 nocase content a action alert"), 7);
	w[7] = NULL;
	CHECK_EQ(rg_sig_parse_words(&s, 7, w, e), -1);
	CHECK_STR(e, "\"nocase\" modifies a content: put it after one");
	CHECK_EQ(split("id 1 content ab depth 1 action alert"), 8);
	w[8] = NULL;
	CHECK_EQ(rg_sig_parse_words(&s, 8, w, e), -1);
	CHECK_STR(e, "depth 1 is less than content 1's 2 bytes");
	CHECK_EQ(split("id 1 content \"|0G|\" action alert"), 6);
	w[6] = NULL;
	CHECK_EQ(rg_sig_parse_words(&s, 6, w, e), -1);
	CHECK(strncmp(e, "content \"|0G|\": ", 16) == 0);
	CHECK_EQ(split("id 1 content a action"), 5);
	w[5] = NULL;
	CHECK_EQ(rg_sig_parse_words(&s, 5, w, e), -1);
	CHECK_STR(e, "action needs a value");
	CHECK_EQ(split("id 7 msg \"x\" content a offset 3 action drop"), 10);
	w[10] = NULL;
	CHECK_EQ(rg_sig_parse_words(&s, 10, w, e), 0);
	CHECK_EQ(s.id, 7);
	CHECK_EQ(s.content[0].offset, 3);
	CHECK_EQ(s.action, RSTGUARD_SIG_ACTION_DROP);
}

/* The Snort 3 community ruleset, imported, saved and read back. */
static void sig_words_community_rules(void)
{
	const char *path = getenv("RG_SNORT_RULES");
	unsigned int lineno = 0, i, bad = 0;
	struct rg_sig_import imp;
	struct rg_sig_result r;
	size_t cap = 0;
	char *text = NULL;
	ssize_t len;
	FILE *f;

	if (!path || !*path)
		path = "../../../shared/data/snort3-community.rules";
	f = fopen(path, "r");
	if (!f) {
		rg_diag("SKIP %s: not found (set RG_SNORT_RULES)", path);
		return;
	}
	rg_sig_import_init(&imp, RG_SIG_ACTION_RULE);
	while ((len = getline(&text, &cap, f)) >= 0)
		rg_sig_import_line(&imp, text, len, ++lineno, &r);
	fclose(f);
	free(text);
	for (i = 0; i < imp.n; i++)
		bad += !sig_round_trip(&imp.sigs[i]);
	CHECK_EQ(bad, 0);
	CHECK(imp.n > 0);
	rg_diag("%s: %u signatures saved and read back", path, imp.n);
	rg_sig_import_free(&imp);
}

RG_SUITE(rg_suite_words,
	 RG_TEST(words_split),
	 RG_TEST(words_quote),
	 RG_TEST(sig_words_round_trip),
	 RG_TEST(sig_words_errors),
	 RG_TEST(sig_words_community_rules));
