// SPDX-License-Identifier: GPL-2.0
/*
 * The rule importer of "rstguard sig import" (tools/sig_*.c): good rules of
 * Snort 2, Snort 3 and Suricata, every reason to skip one, lines that are
 * not rules, files (continued lines, duplicate sids, unreadable rules,
 * strict), rules printed and read back; test_sig_rules.c has the rest of
 * the suite (sig_test.h).
 */
#define _GNU_SOURCE		/* getline() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests.h"
#include "sig_match.h"
#include "sig_test.h"
#include "sig_words.h"

#define ANY_DIR		RSTGUARD_SIG_DIR_ANY
#define TO_SERVER	RSTGUARD_SIG_DIR_TO_SERVER
#define TO_CLIENT	RSTGUARD_SIG_DIR_TO_CLIENT

struct rg_sig sig;
struct rg_sig_result res;

enum rg_sig_status sig_test_parse(const char *line)
{
	rg_sig_parse_rule(line, strlen(line), RG_SIG_ACTION_RULE, &sig, &res);
	return res.status;
}

bool content_is(const struct rg_sig_content *c, const char *bytes, u32 len,
		bool nocase, u32 offset, u32 depth)
{
	return c->len == len && !memcmp(c->bytes, bytes, len) &&
	       c->nocase == nocase && c->offset == offset && c->depth == depth;
}

static void sig_snort2(void)
{
	LOADS("alert tcp $EXTERNAL_NET any -> $HOME_NET 80 (msg:\"passwd\"; flow:to_server,established; content:\"GET\"; depth:3; content:\"|2F|etc|2F|passwd\"; nocase; offset:4; sid:1000; rev:1;)");
	CHECK_EQ(sig.id, 1000);
	CHECK_STR(sig.msg, "passwd");
	CHECK_EQ(sig.action, RSTGUARD_SIG_ACTION_ALERT);
	CHECK_EQ(sig.dir, TO_SERVER);
	CHECK_EQ(sig.port_min, 80);
	CHECK_EQ(sig.port_max, 80);
	CHECK_EQ(sig.n, 2);
	CHECK(content_is(&sig.content[0], "GET", 3, false, 0, 3));
	CHECK(content_is(&sig.content[1], "/etc/passwd", 11, true, 4, 0));
	CHECK_EQ(res.wide, RG_SIG_WIDE_ADDR);
	CHECK_EQ(res.sid, 1000);
	/* Informational options change nothing; fast_pattern is a hint. */
	LOADS("alert tcp any any -> any 21 (msg:\"x\"; content:\"USER\"; fast_pattern:only; rawbytes; metadata:ruleset community; reference:cve,1999-0001; classtype:misc; priority:1; gid:1; sid:2; rev:3; service:ftp;)");
	CHECK_EQ(res.wide, 0);
	CHECK(content_is(&sig.content[0], "USER", 4, false, 0, 0));
	/* The last option may lack its ';'; blanks around everything. */
	LOADS("  alert  tcp  any any  ->  any any  ( content : \"a\" ; sid : 7 )  \r\n");
	CHECK_EQ(sig.id, 7);
	CHECK_EQ(sig.dir, ANY_DIR);
	CHECK_EQ(sig.msg[0], '\0');
}

static void sig_snort3(void)
{
	LOADS("alert tcp ( msg:\"three\"; flow:to_server,established; content:\"x\",depth 16,nocase; content:\"y\",offset 3; sid:1; )");
	CHECK_EQ(sig.dir, TO_SERVER);
	CHECK_EQ(sig.port_min, 0);
	CHECK_EQ(sig.port_max, 65535);
	CHECK(content_is(&sig.content[0], "x", 1, true, 0, 16));
	CHECK(content_is(&sig.content[1], "y", 1, false, 3, 0));
	CHECK_EQ(res.wide, 0);
	LOADS("alert tcp $HOME_NET any -> $EXTERNAL_NET $HTTP_PORTS ( msg:\"m\"; flow:to_server,established; content:\"abc\", fast_pattern, nocase; sid:2; )");
	CHECK_EQ(res.wide, RG_SIG_WIDE_ADDR | RG_SIG_WIDE_PORT);
	CHECK(strstr(res.detail, "$HTTP_PORTS") != NULL);
	CHECK_EQ(sig.port_max, 65535);
	/* A service rule matches any TCP port here: counted. */
	LOADS("alert http ( msg:\"svc\"; content:\"abc\"; sid:3; )");
	CHECK_EQ(res.wide, RG_SIG_WIDE_SERVICE);
	CHECK_EQ(sig.dir, ANY_DIR);
	LOADS("alert tcp any any -> any any ( content:\"abc\"; service:http; sid:4; )");
	CHECK_EQ(res.wide, RG_SIG_WIDE_SERVICE);
	LOADS("alert tcp any any -> any 80 ( content:\"abc\"; service:http; sid:4; )");
	CHECK_EQ(res.wide, 0);
	/* pkt_data names the raw payload: what rstguard scans. */
	LOADS("alert tcp any any -> any 80 ( flow:to_server; pkt_data; content:\"abc\"; sid:5; )");
}

static void sig_suricata(void)
{
	LOADS("drop tcp any any -> any 443 (msg:\"s\"; flow:established,to_server; content:\"abc\"; startswith; sid:4; rev:2;)");
	CHECK_EQ(sig.action, RSTGUARD_SIG_ACTION_DROP);
	CHECK(content_is(&sig.content[0], "abc", 3, false, 0, 3));
	LOADS("alert tcp any any -> any any (msg:\"esc\"; content:\"a\\\"b\\;c\\\\d\\:e\\|f\"; sid:5;)");
	CHECK(content_is(&sig.content[0], "a\"b;c\\d:e|f", 11, false, 0, 0));
	LOADS("alert tcp any any -> any any (content:\"|0d 0A|x|00|\"; sid:6;)");
	CHECK(content_is(&sig.content[0], "\r\nx\0", 4, false, 0, 0));
}

static void sig_actions(void)
{
	static const struct {
		const char *word;
		int action;
	} cases[] = {
		{ "alert", RSTGUARD_SIG_ACTION_ALERT },
		{ "drop", RSTGUARD_SIG_ACTION_DROP },
		{ "sdrop", RSTGUARD_SIG_ACTION_DROP },
		{ "block", RSTGUARD_SIG_ACTION_DROP },
		{ "reject", RSTGUARD_SIG_ACTION_RESET_BOTH },
		{ "rejectboth", RSTGUARD_SIG_ACTION_RESET_BOTH },
		{ "reset-client", RSTGUARD_SIG_ACTION_RESET_CLIENT },
		{ "reset-server", RSTGUARD_SIG_ACTION_RESET_SERVER },
		{ "reset-both", RSTGUARD_SIG_ACTION_RESET_BOTH },
	};
	char line[256];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(line, sizeof(line), "%s tcp any any -> any 80 (content:\"a\"; sid:1;)",
			 cases[i].word);
		LOADS(line);
		CHECK_EQ(sig.action, cases[i].action);
	}
	/* Suricata's rejectsrc resets the sender of what matched. */
	LOADS("rejectsrc tcp any any -> any 80 (flow:to_server; content:\"a\"; sid:1;)");
	CHECK_EQ(sig.action, RSTGUARD_SIG_ACTION_RESET_CLIENT);
	LOADS("rejectdst tcp any any -> any 80 (flow:to_server; content:\"a\"; sid:1;)");
	CHECK_EQ(sig.action, RSTGUARD_SIG_ACTION_RESET_SERVER);
	LOADS("rejectsrc tcp any 80 -> any any (flow:to_client; content:\"a\"; sid:1;)");
	CHECK_EQ(sig.action, RSTGUARD_SIG_ACTION_RESET_SERVER);
	SKIPS("rejectsrc action", "rejectsrc tcp any any -> any any (content:\"a\"; sid:1;)");
	SKIPS("pass action", "pass tcp any any -> any 80 (content:\"a\"; sid:1;)");
	SKIPS("log action", "log tcp any any -> any 80 (content:\"a\"; sid:1;)");
	SKIPS("rewrite action", "rewrite tcp any any -> any 80 (content:\"a\"; sid:1;)");
	/* The override replaces every loaded rule's action. */
	strcpy(line, "alert tcp any any -> any 80 (content:\"a\"; sid:1;)");
	rg_sig_parse_rule(line, strlen(line), RSTGUARD_SIG_ACTION_RESET_BOTH,
			  &sig, &res);
	CHECK_EQ(res.status, RG_SIG_LOADED);
	CHECK_EQ(sig.action, RSTGUARD_SIG_ACTION_RESET_BOTH);
	strcpy(line, "rejectsrc tcp any any -> any any (content:\"a\"; sid:1;)");
	rg_sig_parse_rule(line, strlen(line), RSTGUARD_SIG_ACTION_DROP, &sig,
			  &res);
	CHECK_EQ(res.status, RG_SIG_LOADED);
	CHECK_EQ(sig.action, RSTGUARD_SIG_ACTION_DROP);
	strcpy(line, "pass tcp any any -> any any (content:\"a\"; sid:1;)");
	rg_sig_parse_rule(line, strlen(line), RSTGUARD_SIG_ACTION_DROP, &sig,
			  &res);
	CHECK_EQ(res.status, RG_SIG_SKIPPED);
}

#define PORTS(line, dir_, min, max, wide_)				\
	do {								\
		LOADS(line);						\
		CHECK_EQ(sig.dir, dir_);				\
		CHECK_EQ(sig.port_min, min);				\
		CHECK_EQ(sig.port_max, max);				\
		CHECK_EQ(res.wide, wide_);				\
	} while (0)

static void sig_ports_and_dir(void)
{
	/* The flow direction says which header port is the server's. */
	PORTS("alert tcp any 2589 -> any any (flow:to_client,established; content:\"x\"; sid:1;)",
	      TO_CLIENT, 2589, 2589, 0);
	PORTS("alert tcp any any -> any 2589 (flow:from_client; content:\"x\"; sid:1;)",
	      TO_SERVER, 2589, 2589, 0);
	PORTS("alert tcp any any -> any 25 (flow:from_server; content:\"x\"; sid:1;)",
	      TO_CLIENT, 0, 65535, RG_SIG_WIDE_CLIENT_PORT);
	/* No flow: the header's port names the side the bytes go to. */
	PORTS("alert tcp any any -> any 80 (content:\"x\"; sid:1;)",
	      TO_SERVER, 80, 80, 0);
	PORTS("alert tcp any 21 -> any any (content:\"x\"; sid:1;)",
	      TO_CLIENT, 21, 21, 0);
	PORTS("alert tcp any any -> any any (content:\"x\"; sid:1;)",
	      ANY_DIR, 0, 65535, 0);
	PORTS("alert tcp any any -> any !80 (content:\"x\"; sid:1;)",
	      ANY_DIR, 0, 65535, RG_SIG_WIDE_PORT);
	/* Ranges, lists, variables, negations */
	PORTS("alert tcp any any -> any 1024: (content:\"x\"; sid:1;)",
	      TO_SERVER, 1024, 65535, 0);
	PORTS("alert tcp any any -> any :1023 (content:\"x\"; sid:1;)",
	      TO_SERVER, 0, 1023, 0);
	PORTS("alert tcp any any -> any 80:90 (content:\"x\"; sid:1;)",
	      TO_SERVER, 80, 90, 0);
	PORTS("alert tcp any any -> any [80] (content:\"x\"; sid:1;)",
	      TO_SERVER, 80, 80, 0);
	PORTS("alert tcp any any -> any [80,8080] (content:\"x\"; sid:1;)",
	      TO_SERVER, 0, 65535, RG_SIG_WIDE_PORT);
	PORTS("alert tcp any any -> any [80, 1024:, ![8080,8081]] (content:\"x\"; sid:1;)",
	      TO_SERVER, 0, 65535, RG_SIG_WIDE_PORT);
	PORTS("alert tcp any any -> any $HTTP_PORTS (flow:to_server; content:\"x\"; sid:1;)",
	      TO_SERVER, 0, 65535, RG_SIG_WIDE_PORT);
	PORTS("alert tcp any 1000:1300 -> any 146 (flow:to_server; content:\"x\"; sid:1;)",
	      TO_SERVER, 146, 146, RG_SIG_WIDE_CLIENT_PORT);
	/* <>: the side with a port is the server */
	PORTS("alert tcp any any <> any 5101 (flow:established; content:\"x\"; sid:1;)",
	      ANY_DIR, 5101, 5101, 0);
	PORTS("alert tcp any 19 <> any 7 (content:\"x\"; sid:1;)",
	      ANY_DIR, 0, 65535, RG_SIG_WIDE_PORT);
	/* Addresses are not matched: counted. */
	PORTS("alert tcp [10.0.0.0/8,!10.1.0.0/16] any -> 192.0.2.1 80 (content:\"x\"; sid:1;)",
	      TO_SERVER, 80, 80, RG_SIG_WIDE_ADDR);
	PORTS("alert tcp any any -> fd00::/8 80 (content:\"x\"; sid:1;)",
	      TO_SERVER, 80, 80, RG_SIG_WIDE_ADDR);
}

static void sig_skip_reasons(void)
{
	char line[1024];
	unsigned int i;

	SKIPS("not tcp", "alert udp any any -> any 53 (content:\"x\"; sid:1;)");
	SKIPS("not tcp", "alert icmp any any -> any any (content:\"x\"; sid:1;)");
	SKIPS("not tcp", "alert ip any any -> any any (content:\"x\"; sid:1;)");
	SKIPS("not tcp", "alert dns (content:\"x\"; sid:1;)");
	SKIPS("negated content", "alert tcp any any -> any 80 (content:!\"x\"; sid:1;)");
	SKIPS("negated content", "alert tcp any any -> any 80 (content:\"a\"; content: ! \"x\",nocase; sid:1;)");
	SKIPS("http buffer", "alert tcp any any -> any 80 (content:\"x\"; http_uri; sid:1;)");
	SKIPS("http buffer", "alert tcp any any -> any 80 (http_uri; content:\"x\"; sid:1;)");
	SKIPS("http buffer", "alert tcp any any -> any 80 (http_header:field user-agent; content:\"x\"; sid:1;)");
	SKIPS("sticky buffer", "alert tcp any any -> any 80 (file_data; content:\"x\"; sid:1;)");
	SKIPS("http buffer", "alert tcp any any -> any 80 (http.uri; content:\"x\"; sid:1;)");
	SKIPS("sticky buffer", "alert tcp any any -> any 80 (tls.sni; content:\"x\"; sid:1;)");
	SKIPS("http buffer", "alert tcp any any -> any 80 (uricontent:\"x\"; sid:1;)");
	SKIPS("sticky buffer", "alert tcp any any -> any 80 (sip_header; content:\"x\"; sid:1;)");
	SKIPS("http buffer", "alert tcp any any -> any 80 (content:\"x\"; http_raw_cookie; sid:1;)");
	SKIPS("negative offset", "alert tcp any any -> any 80 (content:\"a\",offset -4; sid:1;)");
	SKIPS("byte_extract", "alert tcp any any -> any 80 (content:\"a\"; depth:len; sid:1;)");
	SKIPS("flowbits", "alert tcp any any -> any 80 (flowbits:isset,x; content:\"a\"; sid:1;)");
	SKIPS("flowbits", "alert tcp any any -> any 80 (flowbits:noalert; content:\"a\"; sid:1;)");
	LOADS("alert tcp any any -> any 80 (flowbits:set,x; content:\"a\"; sid:1;)");
	SKIPS("flow:stateless", "alert tcp any any -> any 80 (flow:stateless; content:\"a\"; sid:1;)");
	SKIPS("flow:no_stream", "alert tcp any any -> any 80 (flow:to_server,no_stream; content:\"a\"; sid:1;)");
	SKIPS("flow:not_established", "alert tcp any any -> any 80 (flow:not_established; content:\"a\"; sid:1;)");
	LOADS("alert tcp any any -> any 80 (flow:to_server,established,only_stream; content:\"a\"; sid:1;)");
	SKIPS("no content", "alert tcp any any -> any 80 (msg:\"x\"; sid:1;)");
	SKIPS("unknown option", "alert tcp any any -> any 80 (content:\"a\"; frobnicate:3; sid:1;)");
	CHECK_STR(res.detail, "frobnicate");
	{
		static const char *const opts[] = {
			"pcre:\"/a/i\"", "byte_test:1,>,2,0", "byte_jump:4,0",
			"byte_extract:1,0,len", "byte_math:bytes 1,offset 0,oper +,rvalue 1,result x",
			"dsize:>100", "flags:S",
			"ttl:<10", "itype:8", "detection_filter:track by_src,count 5,seconds 1",
			"threshold:type limit,track by_src,count 1,seconds 60",
			"base64_decode", "asn1:bitstring_overflow", "ssl_state:client_hello",
			"ssl_version:tls1.0", "urilen:>10", "stream_size:client,>,10",
			"dce_iface:1234", "sip_method:invite", "endswith",
		};

		for (i = 0; i < ARRAY_SIZE(opts); i++) {
			char why[32];

			snprintf(line, sizeof(line), "alert tcp any any -> any 80 (content:\"a\"; %s; sid:1;)",
				 opts[i]);
			snprintf(why, sizeof(why), "%.*s", (int)strcspn(opts[i], ":"),
				 opts[i]);
			SKIPS(why, line);
		}
	}
	/* The first reason wins. */
	SKIPS("pcre", "alert tcp any any -> any 80 (pcre:\"/x/\"; http_uri; content:\"a\"; sid:1;)");
	SKIPS("not tcp", "alert udp any any -> any 80 (pcre:\"/x/\"; content:\"a\"; sid:1;)");
	/* Too many contents, and a content too long */
	strcpy(line, "alert tcp any any -> any 80 (");
	for (i = 0; i <= RSTGUARD_SIG_CONTENTS_MAX; i++)
		sprintf(line + strlen(line), "content:\"c%u\"; ", i);
	strcat(line, "sid:1;)");
	SKIPS("too many contents", line);
	strcpy(line, "alert tcp any any -> any 80 (content:\"");
	for (i = 0; i < RSTGUARD_CONTENT_MAX + 1; i++)
		strcat(line, "x");
	strcat(line, "\"; sid:1;)");
	SKIPS("content too long", line);
	line[strlen(line) - 11] = '\0';		/* exactly 255 */
	strcat(line, "\"; sid:1;)");
	LOADS(line);
	CHECK_EQ(sig.content[0].len, RSTGUARD_CONTENT_MAX);
}

static void sig_errors(void)
{
	static const char *const bad[] = {
		"alert tcp any any -> any 80",			/* no options */
		"alert tcp any any -> any 80 (content:\"a\"; sid:1;",
		"alert tcp any any -> any 80 (content:\"a; sid:1;)",
		"alert tcp any any -> any 80 (msg:\"a; content:\"b\"; sid:1;)",
		"alert tcp any any -> any 80 (content:\"|4G|\"; sid:1;)",
		"alert tcp any any -> any 80 (content:\"|414|\"; sid:1;)",
		"alert tcp any any -> any 80 (content:\"|41\"; sid:1;)",
		"alert tcp any any -> any 80 (content:\"\"; sid:1;)",
		"alert tcp any any -> any 80 (content:\"||\"; sid:1;)",
		"alert tcp any any -> any 80 (content:\"a\\x\"; sid:1;)",
		"alert tcp any any -> any 80 (content:abc; sid:1;)",
		"alert tcp any any -> any 80 (content:\"a\" junk; sid:1;)",
		"alert tcp any any -> any 80 (content:\"a\",frob 3; sid:1;)",
		"alert tcp any any -> any 80 (content:\"a\" sid:1;)",
		"alert tcp any any -> any 80 (content:\"a\";)",	/* no sid */
		"alert tcp any any -> any 80 (content:\"a\"; sid:0;)",
		"alert tcp any any -> any 80 (content:\"a\"; sid:x;)",
		"alert tcp any any -> any 80 (content:\"a\"; sid:4294967296;)",
		"alert tcp any any -> any 80 (content:\"abc\"; depth:2; sid:1;)",
		"alert tcp any any -> any 80 (content:\"abc\"; depth:0; sid:1;)",
		"alert tcp any any -> any 80 (content:\"a\"; offset:70000; sid:1;)",
		"alert tcp any any -> any 80 (nocase; content:\"a\"; sid:1;)",
		"alert tcp any any -> any 80 (depth:3; content:\"a\"; sid:1;)",
		"alert tcp any any -> any 80 (content:\"a\"; nocase:1; sid:1;)",
		"alert tcp any any -> any 80 (flow:to_srv; content:\"a\"; sid:1;)",
		"alert tcp any any -> any 80 (flow:to_server,to_client; content:\"a\"; sid:1;)",
		"alert tcp any any -> any 80 (m$g:\"x\"; content:\"a\"; sid:1;)",
		"alert tcp any any -> any 80 (msg:\"x\" y; content:\"a\"; sid:1;)",
		"alert tcp any any -> any 80 (content:\"a\";; sid:1;)",
		"alrt tcp any any -> any 80 (content:\"a\"; sid:1;)",
		"alert tcp any -> any 80 (content:\"a\"; sid:1;)",
		"alert (content:\"a\"; sid:1;)",
		"alert tcp any any => any 80 (content:\"a\"; sid:1;)",
		"alert tcp any any -> any 99999 (content:\"a\"; sid:1;)",
		"alert tcp any any -> any 90:80 (content:\"a\"; sid:1;)",
		"alert tcp any any -> any : (content:\"a\"; sid:1;)",
		"alert tcp any any -> any [80,any] (content:\"a\"; sid:1;)",
		"alert tcp any any -> any !any (content:\"a\"; sid:1;)",
		"alert tcp any any -> any $ (content:\"a\"; sid:1;)",
		"alert tcp any x -> any 80 (content:\"a\"; sid:1;)",
		"alert tcp nowhere any -> any 80 (content:\"a\"; sid:1;)",
		"alert t^p any any -> any 80 (content:\"a\"; sid:1;)",
		/* not tcp, but still not a rule */
		"alert udp any any -> any 53 (content:\"|zz|\"; sid:1;)",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		FAILS(bad[i]);
	sig_test_parse("alert tcp any any -> any 80 (content:\"|4G|\"; sid:1;)");
	CHECK(strstr(res.detail, "G") != NULL);
	sig_test_parse("alrt tcp any any -> any 80 (content:\"a\"; sid:1;)");
	CHECK(strstr(res.detail, "alrt") != NULL);
	/* Blank lines and comments */
	CHECK_EQ(sig_test_parse(""), RG_SIG_BLANK);
	CHECK_EQ(sig_test_parse("   \t\r\n"), RG_SIG_BLANK);
	CHECK_EQ(sig_test_parse("# alert tcp any any -> any 80 (content:\"a\"; sid:1;)"),
		 RG_SIG_BLANK);
	CHECK_EQ(sig_test_parse("  #alert"), RG_SIG_BLANK);
}

static void sig_msg(void)
{
	char line[512], msg[300];

	LOADS("alert tcp any any -> any 80 (msg:\"a \\\"q\\\" \\; \\\\ (x)\"; content:\"a\"; sid:1;)");
	CHECK_STR(sig.msg, "a \"q\" ; \\ (x)");
	/* Truncated to RSTGUARD_SIG_MSG_MAX - 1 bytes */
	memset(msg, 'm', 200);
	msg[200] = '\0';
	snprintf(line, sizeof(line), "alert tcp any any -> any 80 (msg:\"%s\"; content:\"a\"; sid:1;)",
		 msg);
	LOADS(line);
	CHECK_EQ(strlen(sig.msg), RSTGUARD_SIG_MSG_MAX - 1);
	/* ... but never in the middle of a UTF-8 sequence */
	memset(msg, 'm', RSTGUARD_SIG_MSG_MAX - 2);
	strcpy(msg + RSTGUARD_SIG_MSG_MAX - 2, "\xc3\xa9tail");
	snprintf(line, sizeof(line), "alert tcp any any -> any 80 (msg:\"%s\"; content:\"a\"; sid:1;)",
		 msg);
	LOADS(line);
	CHECK_EQ(strlen(sig.msg), RSTGUARD_SIG_MSG_MAX - 2);
}

bool sig_equal(const struct rg_sig *a, const struct rg_sig *b)
{
	unsigned int i;

	if (a->id != b->id || strcmp(a->msg, b->msg) || a->action != b->action ||
	    a->dir != b->dir || a->port_min != b->port_min ||
	    a->port_max != b->port_max || a->n != b->n ||
	    a->has_data_at != b->has_data_at || a->data_at != b->data_at ||
	    a->has_data_after != b->has_data_after ||
	    a->data_after != b->data_after)
		return false;
	for (i = 0; i < a->n; i++) {
		const struct rg_sig_content *x = &a->content[i], *y = &b->content[i];

		if (!content_is(y, (const char *)x->bytes, x->len, x->nocase,
				x->offset, x->depth) ||
		    x->relative != y->relative || x->distance != y->distance ||
		    x->within != y->within)
			return false;
	}
	return true;
}

/* "sig add" words (save, restore) read back into the same signature. */
bool words_round_trip(const struct rg_sig *s)
{
	char words[RG_SIG_WORDS_MAX], e[RG_SIG_ERR_MAX];
	char *argv[4 * RSTGUARD_SIG_CONTENTS_MAX + 64];
	struct rg_sig back;
	int argc;

	if (rg_sig_format_words(s, words, sizeof(words)) < 0)
		return false;
	argc = rg_words_split(words, argv, ARRAY_SIZE(argv), e, sizeof(e));
	if (argc < 0 || rg_sig_parse_words(&back, argc, argv, e) ||
	    !sig_equal(s, &back)) {
		rg_diag("words round trip: %s", e);
		return false;
	}
	return true;
}

/* rg_sig_format() prints a rule that reads back into the same signature. */
/* Would the module's matcher take @s (what the importer checks)? */
static bool matchable(const struct rg_sig *s)
{
	struct rg_sm_def d[RSTGUARD_SIG_CONTENTS_MAX];

	rg_sig_sm_defs(s, d);
	return !rg_sm_check(d, s->n, s->has_data_after);
}

bool round_trip(const struct rg_sig *s)
{
	char line[RG_SIG_LINE_MAX];
	struct rg_sig back;
	struct rg_sig_result r;
	int len = rg_sig_format(s, line, sizeof(line));

	if (len < 0)
		return false;
	rg_sig_parse_rule(line, len, RG_SIG_ACTION_RULE, &back, &r);
	if (r.status != RG_SIG_LOADED || !sig_equal(s, &back) || r.wide) {
		rg_diag("round trip: %s", line);
		return false;
	}
	return true;
}

static void sig_format_round_trip(void)
{
	struct rg_sig s;
	u64 seed = rg_test_seed();
	unsigned int i, j, k;
	char small[16];

	memset(&s, 0, sizeof(s));
	s.id = 42;
	strcpy(s.msg, "quote \" back \\ semi ; colon : pipe |");
	s.port_max = 65535;
	s.n = 1;
	s.content[0].len = 3;
	memcpy(s.content[0].bytes, "a|b", 3);
	for (s.action = 0; s.action <= RSTGUARD_SIG_ACTION_MAX; s.action++)
		for (s.dir = 0; s.dir <= RSTGUARD_SIG_DIR_MAX; s.dir++)
			CHECK(round_trip(&s));
	s.action = RSTGUARD_SIG_ACTION_ALERT;
	s.port_min = s.port_max = 80;
	for (s.dir = 0; s.dir <= RSTGUARD_SIG_DIR_MAX; s.dir++)
		CHECK(round_trip(&s));
	s.dir = RSTGUARD_SIG_DIR_TO_SERVER;
	s.port_min = 0;
	s.port_max = 1023;
	CHECK(round_trip(&s));
	s.port_min = 1024;
	s.port_max = 65535;
	CHECK(round_trip(&s));
	CHECK_EQ(rg_sig_format(&s, small, sizeof(small)), -1);

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
			/* relative: never the first, never with offset or depth */
			if (j && rg_rand_below(&seed, 2)) {
				c->relative = true;
				/* mostly within what the matcher takes */
				if (rg_rand_below(&seed, 2))
					c->within = c->len +
						    rg_rand_below(&seed, 256);
				c->distance = rg_rand_below(&seed, 256);
				if (c->within && rg_rand_below(&seed, 2))
					c->distance = -c->distance;
				continue;
			}
			if (rg_rand_below(&seed, 2))
				c->offset = rg_rand_below(&seed, 65536);
			if (rg_rand_below(&seed, 2))
				c->depth = c->len + rg_rand_below(&seed, 65536 - c->len);
		}
		if (rg_rand_below(&seed, 3) == 0) {
			s.has_data_at = true;
			s.data_at = rg_rand_below(&seed, 65536);
		}
		if (rg_rand_below(&seed, 3) == 0) {
			s.has_data_after = true;
			s.data_after = rg_rand_below(&seed, 65536);
		}
		if (!matchable(&s))
			for (j = 0; j < s.n; j++) {
				s.content[j].relative = false;
				s.content[j].distance = 0;
				s.content[j].within = 0;
			}
		CHECK(round_trip(&s));
		CHECK(words_round_trip(&s));
	}
}

/* @text into @imp; @r: the last rule's result, or the error's. */
static int feed(struct rg_sig_import *imp, const char *text,
		struct rg_sig_result *r)
{
	struct rg_sig_result one;
	unsigned int line = 0;
	const char *p = text;
	int ret;

	memset(r, 0, sizeof(*r));
	while (*p) {
		size_t len = strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n');

		ret = rg_sig_import_line(imp, p, len, ++line, &one);
		if (ret || one.status != RG_SIG_BLANK)
			*r = one;
		if (ret)
			return -1;
		p += len;
	}
	ret = rg_sig_import_end(imp, &one);
	if (ret || one.status != RG_SIG_BLANK)
		*r = one;
	return ret;
}

static void sig_import_file(void)
{
	struct rg_sig_import imp;
	struct rg_sig_result r;

	rg_sig_import_init(&imp, RG_SIG_ACTION_RULE);
	CHECK_EQ(feed(&imp,
		      "# a comment\n"
		      "\n"
		      "alert tcp any any -> any 80 (msg:\"one\"; \\\n"
		      "    content:\"a\"; \\\n"
		      "    sid:1;)\n"
		      "alert udp any any -> any 53 (content:\"a\"; sid:2;)\n"
		      "alert tcp any any -> any 81 (content:\"b\"; sid:1;)\n"
		      "alert tcp any any -> any $HTTP_PORTS (content:\"c\"; sid:3;)\n"
		      "alert tcp any any -> any 82 (content:\"d\"; pcre:\"/d/\"; sid:4;)\n",
		      &r), 0);
	CHECK_EQ(imp.n, 2);
	CHECK_EQ(imp.lines[0], 3);	/* a continued rule: its first line */
	CHECK_EQ(imp.lines[1], 8);
	CHECK_STR(imp.sigs[0].msg, "one");
	CHECK_EQ(imp.sigs[1].id, 3);
	CHECK_EQ(imp.skipped, 3);
	CHECK_EQ(imp.wide[1], 1);
	rg_sig_import_sort(&imp);
	CHECK_EQ(imp.nreasons, 3);
	CHECK_STR(imp.reasons[0].reason, "duplicate sid");	/* ties: by name */
	CHECK_STR(imp.reasons[1].reason, "not tcp");
	CHECK_STR(imp.reasons[2].reason, "pcre");
	rg_sig_import_free(&imp);

	/*
	 * A rule that is not one is skipped as unreadable, with the
	 * parser's message, its first line and its sid; the rest loads.
	 */
	rg_sig_import_init(&imp, RG_SIG_ACTION_RULE);
	CHECK_EQ(feed(&imp, "\nalert tcp any any -> any 80 (msg:\"x\"; \\\ncontent:\"|4|\"; sid:11;)\n",
		      &r), 0);
	CHECK_EQ(r.status, RG_SIG_SKIPPED);
	CHECK_STR(r.reason, "unreadable");
	CHECK(strstr(r.detail, "hex") != NULL);
	CHECK_EQ(r.line, 2);
	CHECK_EQ(r.sid, 11);
	CHECK_EQ(imp.skipped, 1);
	rg_sig_import_free(&imp);
	rg_sig_import_init(&imp, RG_SIG_ACTION_RULE);
	CHECK_EQ(feed(&imp, "alert tcp any any -> any 80 (content:\"a\"; sid:1;)\nalert tcp \\\n", &r), 0);
	CHECK_STR(r.reason, "unreadable");
	CHECK_EQ(r.line, 2);
	CHECK_EQ(imp.n, 1);
	rg_sig_import_free(&imp);
	rg_sig_import_init(&imp, RG_SIG_ACTION_RULE);
	CHECK_EQ(rg_sig_import_line(&imp, "alert\0tcp", 9, 1, &r), 0);
	CHECK_STR(r.reason, "unreadable");
	rg_sig_import_free(&imp);
	rg_sig_import_init(&imp, RG_SIG_ACTION_RULE);
	CHECK_EQ(feed(&imp,
		      "var HOME_NET any\n"
		      "portvar HTTP_PORTS [80,8080]\n"
		      "include $RULE_PATH/local.rules\n"
		      "alrt tcp any any -> any 80 (content:\"a\"; sid:1;)\n"
		      "alert tcp any any -> any 80 (content:\"a\"; sid:2;)\n",
		      &r), 0);
	CHECK_EQ(imp.n, 1);
	CHECK_EQ(imp.skipped, 4);
	rg_sig_import_sort(&imp);
	CHECK_STR(imp.reasons[0].reason, "variable definition");
	CHECK_EQ(imp.reasons[0].n, 2);
	rg_sig_import_free(&imp);

	/* strict: any rule skipped fails the import, saying why */
	rg_sig_import_init(&imp, RG_SIG_ACTION_RULE);
	imp.strict = true;
	CHECK_EQ(feed(&imp, "alert tcp any any -> any 80 (content:\"a\"; sid:1;)\n"
		      "alert tcp any any -> any 80 (content:\"a\"; pcre:\"/a/\"; sid:2;)\n",
		      &r), -1);
	CHECK_EQ(r.status, RG_SIG_ERROR);
	CHECK_EQ(r.line, 2);
	CHECK(strstr(r.detail, "sid 2 skipped (strict): pcre") != NULL);
	rg_sig_import_free(&imp);
	rg_sig_import_init(&imp, RG_SIG_ACTION_RULE);
	imp.strict = true;
	CHECK_EQ(feed(&imp, "alert tcp any any -> any 80 (content:\"|4|\"; sid:1;)\n", &r), -1);
	CHECK(strstr(r.detail, "unreadable: content") != NULL);
	rg_sig_import_free(&imp);
	rg_sig_import_init(&imp, RG_SIG_ACTION_RULE);
	imp.strict = true;
	CHECK_EQ(feed(&imp, "include x.rules\n", &r), -1);
	rg_sig_import_free(&imp);

	/* Action override, and many rules (the sid set grows) */
	rg_sig_import_init(&imp, RSTGUARD_SIG_ACTION_RESET_BOTH);
	{
		char line[128];
		unsigned int i;

		for (i = 1; i <= 5000; i++) {
			snprintf(line, sizeof(line), "drop tcp any any -> any 80 (content:\"x%u\"; sid:%u;)",
				 i, i % 4000 + 1);
			CHECK_EQ(rg_sig_import_line(&imp, line, strlen(line), i, &r), 0);
		}
	}
	CHECK_EQ(imp.n, 4000);
	CHECK_EQ(imp.skipped, 1000);
	CHECK_EQ(imp.sigs[3999].action, RSTGUARD_SIG_ACTION_RESET_BOTH);
	rg_sig_import_free(&imp);
}

/* Every prefix of a rule parses without a crash, to an error or blank. */
static void sig_prefixes(void)
{
	static const char rule[] =
		"alert tcp $HOME_NET [80,!81] <> $EXTERNAL_NET 1024: ( msg:\"a\\\"b\"; flow:to_server,established; content:\"x|00 01|y\",depth 16,nocase; content:!\"z\"; pcre:\"/a\\;b/\"; sid:1; rev:2; )";
	size_t len;

	for (len = 0; len < sizeof(rule) - 2; len++) {
		rg_sig_parse_rule(rule, len, RG_SIG_ACTION_RULE, &sig, &res);
		CHECK(res.status == RG_SIG_ERROR || res.status == RG_SIG_BLANK);
	}
	rg_sig_parse_rule(rule, sizeof(rule) - 1, RG_SIG_ACTION_RULE, &sig, &res);
	CHECK_EQ(res.status, RG_SIG_SKIPPED);
	CHECK_STR(res.reason, "negated content");
}

RG_SUITE(rg_suite_sig_parse,
	 RG_TEST(sig_snort2),
	 RG_TEST(sig_snort3),
	 RG_TEST(sig_suricata),
	 RG_TEST(sig_actions),
	 RG_TEST(sig_ports_and_dir),
	 RG_TEST(sig_skip_reasons),
	 RG_TEST(sig_errors),
	 RG_TEST(sig_msg),
	 RG_TEST(sig_format_round_trip),
	 RG_TEST(sig_import_file),
	 RG_TEST(sig_prefixes),
	 RG_TEST(sig_et_lines),
	 RG_TEST(sig_snort2_keywords),
	 RG_TEST(sig_relative),
	 RG_TEST(sig_isdataat_forms),
	 RG_TEST(sig_words_relative),
	 RG_TEST(sig_format_relative),
	 RG_TEST(sig_community_snort3),
	 RG_TEST(sig_community_snort2));
