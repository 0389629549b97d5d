// SPDX-License-Identifier: GPL-2.0
/*
 * The rule importer, continued (sig_test.h): what Emerging Threats and
 * Snort 2 rules hold (uricontent, ';' in a pcre, http_* modifiers, var
 * and include lines), relative contents and isdataat, their "sig add"
 * words, and the Snort 3 and Snort 2 community rulesets, each imported
 * whole when ../shared/data has it (RG_SNORT_RULES, RG_SNORT2_RULES name
 * other files; else the test is a KTAP skip).
 */
#define _GNU_SOURCE		/* getline() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sig_test.h"
#include "sig_words.h"

/*
 * The two lines of Emerging Threats Open rules that once failed a whole
 * import: uricontent is a content (in the HTTP URI buffer) that nocase
 * modifies, and a ';' ends an option even inside quotes, so a pcre's quote
 * is just a byte.
 */
void sig_et_lines(void)
{
	SKIPS("http buffer", "alert tcp $EXTERNAL_NET any -> $HOME_NET $HTTP_PORTS (msg:\"ET x\"; flow:established,to_server; uricontent:\"/x\"; nocase; sid:2000001; rev:1;)");
	CHECK_STR(res.detail, "uricontent");
	CHECK_EQ(res.sid, 2000001);
	SKIPS("http buffer", "alert tcp $EXTERNAL_NET any -> $HOME_NET $HTTP_PORTS (msg:\"ET y\"; flow:established,to_server; content:\"POST\"; http_method; pcre:\"/^[\"']?post/Ri\"; sid:2000002; rev:1;)");
	CHECK_STR(res.detail, "http_method");
	SKIPS("pcre", "alert tcp any any -> any 80 (content:\"POST\"; pcre:\"/^[\"']?post/Ri\"; sid:2000002;)");
	/* uricontent's modifiers, and what follows, are read all the same */
	SKIPS("http buffer", "alert tcp any any -> any 80 (uricontent:\"/x\"; nocase; depth:4; content:\"y\"; distance:0; sid:1;)");
	FAILS("alert tcp any any -> any 80 (uricontent:\"/xyz\"; within:2; sid:1;)");
	/* Escaped ';' in msg and content, as Snort 2 and 3 write them */
	LOADS("alert tcp any any -> any 80 (msg:\"a\\;b\"; content:\"c\\;d\"; sid:1;)");
	CHECK_STR(sig.msg, "a;b");
	CHECK(content_is(&sig.content[0], "c;d", 3, false, 0, 0));
}

/* Snort 2 keywords: legacy buffers, hints, configuration lines */
void sig_snort2_keywords(void)
{
	static const char *const http[] = {
		"http_uri", "http_raw_uri", "http_header", "http_raw_header",
		"http_client_body", "http_method", "http_cookie",
		"http_raw_cookie", "http_stat_code", "http_stat_msg",
	};
	char line[256];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(http); i++) {
		snprintf(line, sizeof(line), "alert tcp any any -> any 80 (content:\"a\"; nocase; %s; sid:1;)",
			 http[i]);
		SKIPS("http buffer", line);
		CHECK_STR(res.detail, http[i]);
	}
	/* Hints: the raw payload, where to look first */
	LOADS("alert tcp any any -> any 80 (content:\"abc\"; rawbytes; fast_pattern:only; content:\"de\"; fast_pattern:0,1; sid:1;)");
	CHECK(content_is(&sig.content[0], "abc", 3, false, 0, 0));
	CHECK(content_is(&sig.content[1], "de", 2, false, 0, 0));
	FAILS("alert tcp any any -> any 80 (rawbytes; content:\"a\"; sid:1;)");
	/* Lines of a configuration: skipped, each with its reason */
	SKIPS("variable definition", "var HOME_NET any");
	CHECK_STR(res.detail, "HOME_NET any");
	SKIPS("variable definition", "ipvar HOME_NET [10.0.0.0/8]");
	SKIPS("variable definition", "portvar HTTP_PORTS [80,8080]");
	SKIPS("include", "include $RULE_PATH/local.rules");
	CHECK_STR(res.detail, "$RULE_PATH/local.rules");
	SKIPS("configuration", "config checksum_mode: all");
	SKIPS("configuration", "preprocessor stream5_global: track_tcp yes");
	/* ... but only as a first word */
	FAILS("variable HOME_NET any");
}

#define RELATIVE(c, dist, with)						\
	CHECK((c)->relative && (c)->distance == (dist) &&		\
	      (c)->within == (with) && !(c)->offset && !(c)->depth)

void sig_relative(void)
{
	/* Snort 2 and Suricata: modifiers of their own, in any order */
	LOADS("alert tcp any any -> any 80 (content:\"GET\"; depth:3; content:\"/a\"; within:10; distance:1; content:\"b\"; distance:0; sid:1;)");
	CHECK(content_is(&sig.content[0], "GET", 3, false, 0, 3));
	CHECK(!sig.content[0].relative);
	RELATIVE(&sig.content[1], 1, 10);
	RELATIVE(&sig.content[2], 0, 0);
	/* Snort 3: inside the content */
	LOADS("alert tcp ( content:\"x\"; content:\"yz\",distance 3,within 10,nocase; content:\"w\",within 4; sid:2; )");
	RELATIVE(&sig.content[1], 3, 10);
	CHECK(sig.content[1].nocase);
	RELATIVE(&sig.content[2], 0, 4);
	/* A negative distance needs a within to end where it looks */
	LOADS("alert tcp any any -> any 80 (content:\"abc\"; content:\"b\"; distance:-2; within:1; sid:1;)");
	RELATIVE(&sig.content[1], -2, 1);
	SKIPS("a negative distance needs within", "alert tcp any any -> any 80 (content:\"abc\"; content:\"b\"; distance:-2; sid:1;)");
	/* A relative first content counts from the start of the stream. */
	LOADS("alert tcp any any -> any 80 (content:\"abc\"; distance:2; within:5; sid:1;)");
	CHECK(content_is(&sig.content[0], "abc", 3, false, 2, 5));
	CHECK(!sig.content[0].relative);
	LOADS("alert tcp any any -> any 80 (content:\"abc\"; within:4; content:\"d\"; distance:0; sid:1;)");
	CHECK(content_is(&sig.content[0], "abc", 3, false, 0, 4));
	RELATIVE(&sig.content[1], 0, 0);
	LOADS("alert tcp any any -> any 80 (content:\"abc\"; distance:0; sid:1;)");
	CHECK(content_is(&sig.content[0], "abc", 3, false, 0, 0));
	CHECK(!sig.content[0].relative);
	SKIPS("relative first content", "alert tcp any any -> any 80 (content:\"abc\"; distance:-1; within:5; sid:1;)");
	/* Relative and absolute on one content */
	SKIPS("offset and distance mixed", "alert tcp any any -> any 80 (content:\"a\"; content:\"b\"; offset:0; distance:1; sid:1;)");
	SKIPS("offset and distance mixed", "alert tcp any any -> any 80 (content:\"a\"; content:\"b\",within 4,depth 8; sid:1;)");
	SKIPS("offset and distance mixed", "alert tcp any any -> any 80 (content:\"a\"; content:\"b\"; startswith; distance:0; sid:1;)");
	/* byte_extract variables */
	SKIPS("byte_extract", "alert tcp any any -> any 80 (content:\"a\"; content:\"b\"; distance:len; sid:1;)");
	/* Not rules: within shorter than the content, numbers out of range */
	FAILS("alert tcp any any -> any 80 (content:\"a\"; content:\"bcd\"; within:2; sid:1;)");
	FAILS("alert tcp any any -> any 80 (content:\"a\"; content:\"b\"; within:0; sid:1;)");
	FAILS("alert tcp any any -> any 80 (content:\"a\"; content:\"b\"; distance:65536; sid:1;)");
	FAILS("alert tcp any any -> any 80 (content:\"a\"; content:\"b\"; distance:-65536; within:9; sid:1;)");
	FAILS("alert tcp any any -> any 80 (distance:1; content:\"b\"; sid:1;)");
	/* what the module's window cannot hold: kmod/core/sig_match.h */
	SKIPS("relative contents span more than 2048 bytes", "alert tcp any any -> any 80 (content:\"a\"; content:\"b\"; distance:-65535; within:65535; sid:1;)");
	LOADS("alert tcp any any -> any 80 (content:\"a\"; content:\"b\"; distance:-1000; within:1000; sid:1;)");
	RELATIVE(&sig.content[1], -1000, 1000);
	SKIPS("distance without within after a negative distance", "alert tcp any any -> any 80 (content:\"ab\"; content:\"b\"; distance:-1; within:1; content:\"c\"; distance:0; sid:1;)");
}

void sig_isdataat_forms(void)
{
	LOADS("alert tcp any any -> any 80 (content:\"a\"; isdataat:10; isdataat:30,rawbytes; isdataat:20; sid:1;)");
	CHECK(sig.has_data_at && sig.data_at == 30);
	CHECK(!sig.has_data_after);
	LOADS("alert tcp any any -> any 80 (isdataat:0; content:\"a\"; sid:1;)");
	CHECK(sig.has_data_at && sig.data_at == 0);
	LOADS("alert tcp any any -> any 80 (content:\"a\"; content:\"b\"; isdataat:5,relative; isdataat:7, relative, rawbytes; sid:1;)");
	CHECK(sig.has_data_after && sig.data_after == 7);
	CHECK(!sig.has_data_at);
	SKIPS("isdataat between contents", "alert tcp any any -> any 80 (content:\"a\"; isdataat:5,relative; content:\"b\"; sid:1;)");
	SKIPS("negated isdataat", "alert tcp any any -> any 80 (content:\"a\"; isdataat:!5,relative; sid:1;)");
	SKIPS("negated isdataat", "alert tcp any any -> any 80 (content:\"a\"; isdataat:!5; sid:1;)");
	SKIPS("byte_extract", "alert tcp any any -> any 80 (content:\"a\"; isdataat:len,relative; sid:1;)");
	FAILS("alert tcp any any -> any 80 (isdataat:5,relative; content:\"a\"; sid:1;)");
	FAILS("alert tcp any any -> any 80 (content:\"a\"; isdataat:5,sideways; sid:1;)");
	FAILS("alert tcp any any -> any 80 (content:\"a\"; isdataat:-5; sid:1;)");
	FAILS("alert tcp any any -> any 80 (content:\"a\"; isdataat:; sid:1;)");
}

/* sig add's words for relative contents and isdataat */
void sig_words_relative(void)
{
	static const char *const good[] = {
		"id", "1", "content", "GET", "depth", "3", "data-at", "9",
		"content", "/a", "distance", "-1", "within", "10",
		"content", "b", "distance", "0", "data-after", "4",
		"action", "alert",
	};
	char *argv[ARRAY_SIZE(good)], e[RG_SIG_ERR_MAX], words[RG_SIG_WORDS_MAX];
	struct rg_sig s;

	memcpy(argv, good, sizeof(argv));
	CHECK_EQ(rg_sig_parse_words(&s, ARRAY_SIZE(good), argv, e), 0);
	CHECK(content_is(&s.content[0], "GET", 3, false, 0, 3));
	RELATIVE(&s.content[1], -1, 10);
	RELATIVE(&s.content[2], 0, 0);
	CHECK(s.has_data_at && s.data_at == 9);
	CHECK(s.has_data_after && s.data_after == 4);
	CHECK(rg_sig_format_words(&s, words, sizeof(words)) > 0);
	CHECK_STR(words, "id 1 content \"GET\" depth 3 content \"/a\" distance -1 within 10 content \"b\" distance 0 data-at 9 data-after 4 action alert");
	CHECK(words_round_trip(&s));
	{
		static const char *const bad[][10] = {
			/* relative first content */
			{ "id", "1", "content", "a", "distance", "1", "action", "alert" },
			/* with offset */
			{ "id", "1", "content", "a", "content", "b", "distance", "1", "offset", "2" },
			{ "id", "1", "content", "a", "content", "bcd", "within", "2", "action", "alert" },
			{ "id", "1", "content", "a", "content", "b", "distance", "65536", "action", "alert" },
			{ "id", "1", "content", "a", "data-at", "x", "action", "alert" },
			{ "id", "1", "content", "a", "data-at", "1", "data-at", "2" },
		};
		unsigned int i;

		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			char *args[12];
			int n = 0;

			while (n < 10 && bad[i][n])
				n++;
			memcpy(args, bad[i], n * sizeof(args[0]));
			if (!rg_sig_parse_words(&s, n, args, e))
				rg_check_fail(__FILE__, __LINE__, "bad words %u parsed", i);
		}
	}
}

/* The rule line of @s printed reads back, relative contents and all. */
void sig_format_relative(void)
{
	char line[RG_SIG_LINE_MAX];

	LOADS("alert tcp any any -> any 80 (content:\"a\"; content:\"b\"; distance:3; within:5; content:\"c\"; distance:0; isdataat:2; isdataat:6,relative; sid:1;)");
	CHECK(rg_sig_format(&sig, line, sizeof(line)) > 0);
	CHECK_STR(line, "alert tcp any any -> any 80 ( flow:to_server,established; content:\"a\"; content:\"b\",distance 3,within 5; content:\"c\",distance 0; isdataat:2; isdataat:6,relative; sid:1; )");
	CHECK(round_trip(&sig));
}

/*
 * A community ruleset: @env names it, else ../shared/data has it (from
 * selftests/unit, the repository's ../shared, or /work/shared); NULL if
 * neither is there.
 */
static const char *rules_path(const char *env, const char *name, char *buf,
			      size_t size)
{
	static const char *const dirs[] = {
		"../../../shared/data", "/work/shared/data",
	};
	const char *p = getenv(env);
	unsigned int i;

	if (p && *p)
		return p;
	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		FILE *f;

		snprintf(buf, size, "%s/%s", dirs[i], name);
		f = fopen(buf, "r");
		if (f) {
			fclose(f);
			return buf;
		}
	}
	return NULL;
}

/*
 * Import a whole ruleset: nothing fails, at least @floor rules load (what
 * this parser loaded when the floor was set: a drop is a regression), no
 * rule is unreadable, and every loaded one prints and reads back.
 */
static void community_rules(const char *env, const char *name,
			    unsigned int floor)
{
	unsigned int lineno = 0, rules = 0, errors = 0, i, bad_trips = 0;
	char buf[256], *line = NULL;
	struct rg_sig_import imp;
	struct rg_sig_result r;
	const char *path;
	size_t cap = 0;
	ssize_t len;
	FILE *f;

	path = rules_path(env, name, buf, sizeof(buf));
	f = path ? fopen(path, "r") : NULL;
	if (!f) {
		char why[200];

		snprintf(why, sizeof(why), "%.160s not found (set %s)",
			 path ? path : name, env);
		rg_test_skip(why);
		return;
	}
	rg_sig_import_init(&imp, RG_SIG_ACTION_RULE);
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (rg_sig_import_line(&imp, line, len, lineno, &r)) {
			if (errors++ < 5)
				rg_diag("%s:%u: %s", path, r.line, r.detail);
			continue;
		}
		if (r.status == RG_SIG_SKIPPED && !strcmp(r.reason, "unreadable"))
			rg_check_fail(__FILE__, __LINE__, "%s:%u: unreadable: %s",
				      path, r.line, r.detail);
		rules += r.status != RG_SIG_BLANK;
	}
	fclose(f);
	free(line);
	CHECK_EQ(rg_sig_import_end(&imp, &r), 0);
	CHECK_EQ(r.status, RG_SIG_BLANK);
	CHECK_EQ(errors, 0);
	CHECK_EQ(imp.n + imp.skipped, rules);
	CHECK(imp.n >= floor);
	rg_sig_import_sort(&imp);
	rg_diag("%s: %u rules: %u loaded (floor %u), %u skipped", path, rules,
		imp.n, floor, imp.skipped);
	for (i = 0; i < imp.nreasons; i++)
		rg_diag("  skipped %5u %s", imp.reasons[i].n,
			imp.reasons[i].reason);
	rg_diag("  loaded with addresses ignored %u, port widened %u, client port ignored %u, service on every port %u",
		imp.wide[0], imp.wide[1], imp.wide[2], imp.wide[3]);
	for (i = 0; i < imp.n; i++)
		bad_trips += !round_trip(&imp.sigs[i]);
	CHECK_EQ(bad_trips, 0);
	rg_sig_import_free(&imp);
}

/* 4,004 rules, 3,646 of them tcp; most need decoded HTTP buffers. */
void sig_community_snort3(void)
{
	community_rules("RG_SNORT_RULES", "snort3-community.rules", 552);
}

/* 545 active rules (3,460 commented out), nearly all HTTP ones. */
void sig_community_snort2(void)
{
	community_rules("RG_SNORT2_RULES", "snort2-community.rules", 40);
}
