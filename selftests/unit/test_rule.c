// SPDX-License-Identifier: GPL-2.0
/*
 * Policy rule matching: each match on its own, validation, first match, and
 * prefixes of every length against a bit-by-bit reference.
 */
#include <arpa/inet.h>
#include "tests.h"
#include "rule.h"

static void flow4(struct rg_flow *f, const char *src, u16 sport,
		  const char *dst, u16 dport)
{
	memset(f, 0, sizeof(*f));
	f->family = AF_INET;
	inet_pton(AF_INET, src, f->src);
	inet_pton(AF_INET, dst, f->dst);
	f->sport = sport;
	f->dport = dport;
}

static void prefix(u8 *addr, u8 *plen, int family, const char *a, u8 len)
{
	inet_pton(family, a, addr);
	*plen = len;
}

static void rule_matches_each_field(void)
{
	struct rg_rule_match r;
	struct rg_flow f;

	flow4(&f, "10.0.1.2", 40000, "10.0.2.2", 80);
	rg_rule_init(&r);
	CHECK(rg_rule_matches(&r, &f));		/* empty rule: everything */

	r.family = AF_INET6;
	CHECK(!rg_rule_matches(&r, &f));
	r.family = AF_INET;
	CHECK(rg_rule_matches(&r, &f));

	prefix(r.src, &r.src_plen, AF_INET, "10.0.1.0", 24);
	CHECK(rg_rule_matches(&r, &f));
	prefix(r.src, &r.src_plen, AF_INET, "10.0.2.0", 24);
	CHECK(!rg_rule_matches(&r, &f));
	r.src_plen = 0;
	memset(r.src, 0, sizeof(r.src));

	prefix(r.dst, &r.dst_plen, AF_INET, "10.0.2.2", 32);
	CHECK(rg_rule_matches(&r, &f));
	r.dst_plen = 0;
	memset(r.dst, 0, sizeof(r.dst));

	r.dport_min = 80;
	r.dport_max = 80;
	CHECK(rg_rule_matches(&r, &f));
	r.dport_min = 81;
	r.dport_max = 90;
	CHECK(!rg_rule_matches(&r, &f));
	r.dport_min = 0;
	r.dport_max = 0xffff;
	r.sport_min = 40000;
	r.sport_max = 40000;
	CHECK(rg_rule_matches(&r, &f));
	r.sport_max = 39999;
	r.sport_min = 1;
	CHECK(!rg_rule_matches(&r, &f));
	r.sport_max = 0xffff;

	strcpy(r.iif, "veth0");
	CHECK(!rg_rule_matches(&r, &f));	/* no interface known */
	f.iif = "veth0";
	CHECK(rg_rule_matches(&r, &f));
	f.iif = "veth01";
	CHECK(!rg_rule_matches(&r, &f));
	f.iif = "veth0";
	strcpy(r.oif, "veth1");
	f.oif = "veth2";
	CHECK(!rg_rule_matches(&r, &f));
	f.oif = "veth1";
	CHECK(rg_rule_matches(&r, &f));
	CHECK(rg_rule_uses_ifaces(&r));
}

static void rule_check_rejects(void)
{
	struct rg_rule_match r;

	rg_rule_init(&r);
	CHECK(!rg_rule_check(&r));
	r.family = 7;
	CHECK(rg_rule_check(&r));
	rg_rule_init(&r);
	r.src_plen = 8;				/* prefix without family */
	CHECK(rg_rule_check(&r));
	r.family = AF_INET;
	CHECK(!rg_rule_check(&r));
	r.src_plen = 33;
	CHECK(rg_rule_check(&r));
	r.family = AF_INET6;
	CHECK(!rg_rule_check(&r));
	rg_rule_init(&r);
	r.family = AF_INET;
	prefix(r.dst, &r.dst_plen, AF_INET, "10.0.0.1", 8);
	CHECK_STR(rg_rule_check(&r), "prefix has host bits set");
	r.dst_plen = 32;
	CHECK(!rg_rule_check(&r));
	r.dport_min = 9;
	r.dport_max = 3;
	CHECK_STR(rg_rule_check(&r), "port range is empty");
	rg_rule_init(&r);
	r.action = RSTGUARD_ACTION_MAX + 1;
	CHECK(rg_rule_check(&r));
	rg_rule_init(&r);
	memset(r.oif, 'x', sizeof(r.oif));
	CHECK(rg_rule_check(&r));
}

static void rule_first_match_wins(void)
{
	struct rg_rule_match rules[3];
	struct rg_flow f;

	rg_rule_init(&rules[0]);
	rules[0].dport_min = 22;
	rules[0].dport_max = 22;
	rules[0].action = RSTGUARD_ACTION_DENY;
	rg_rule_init(&rules[1]);
	rules[1].family = AF_INET;
	prefix(rules[1].dst, &rules[1].dst_plen, AF_INET, "10.0.2.0", 24);
	rules[1].action = RSTGUARD_ACTION_DROP;
	rg_rule_init(&rules[2]);
	rules[2].action = RSTGUARD_ACTION_ALLOW;

	flow4(&f, "10.0.1.2", 1000, "10.0.2.2", 22);
	CHECK_EQ(rg_rules_first_match(rules, 3, &f), 0);
	flow4(&f, "10.0.1.2", 1000, "10.0.2.2", 80);
	CHECK_EQ(rg_rules_first_match(rules, 3, &f), 1);
	flow4(&f, "10.0.1.2", 1000, "10.0.3.2", 80);
	CHECK_EQ(rg_rules_first_match(rules, 3, &f), 2);
	CHECK_EQ(rg_rules_first_match(rules, 2, &f), -1);
	CHECK_EQ(rg_rules_first_match(rules, 0, &f), -1);
}

/* Reference: compare the first @plen bits one by one. */
static bool ref_prefix(const u8 *net, unsigned int plen, const u8 *addr)
{
	unsigned int i;

	for (i = 0; i < plen; i++) {
		unsigned int bit = 7 - i % 8;

		if (((net[i / 8] >> bit) & 1) != ((addr[i / 8] >> bit) & 1))
			return false;
	}
	return true;
}

static void rule_prefixes_random(void)
{
	u64 st = rg_test_seed();
	unsigned int round, i;

	for (round = 0; round < 20000; round++) {
		unsigned int plen = rg_rand_below(&st, 129);
		struct rg_rule_match r;
		struct rg_flow f;

		rg_rule_init(&r);
		memset(&f, 0, sizeof(f));
		r.family = f.family = AF_INET6;
		for (i = 0; i < 16; i++)
			f.src[i] = r.src[i] = (u8)rg_rand(&st);
		/* flip a bit somewhere, or not */
		if (rg_rand_below(&st, 2)) {
			unsigned int b = rg_rand_below(&st, 128);

			f.src[b / 8] ^= (u8)(0x80 >> (b % 8));
		}
		/* clear host bits */
		for (i = 0; i < 128; i++)
			if (i >= plen)
				r.src[i / 8] &= (u8)~(0x80 >> (i % 8));
		r.src_plen = plen;
		CHECK(!rg_rule_check(&r));
		CHECK_EQ(rg_rule_matches(&r, &f),
			 plen == 0 || ref_prefix(r.src, plen, f.src));
	}
}

static void rule_action_names(void)
{
	static const char *const names[] = {
		"allow", "drop", "deny", "reset-client", "reset-server",
		"reset-both",
	};
	unsigned int i;

	CHECK_EQ(ARRAY_SIZE(names), __RSTGUARD_ACTION_MAX);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		CHECK_STR(rg_action_name(i), names[i]);
		CHECK_EQ(rg_action_parse(names[i]), (int)i);
	}
	CHECK_EQ(rg_action_parse("reject"), -1);
	CHECK_STR(rg_action_name(__RSTGUARD_ACTION_MAX), "n/a");
}

RG_SUITE(rg_suite_rule,
	 RG_TEST(rule_matches_each_field),
	 RG_TEST(rule_check_rejects),
	 RG_TEST(rule_first_match_wins),
	 RG_TEST(rule_prefixes_random),
	 RG_TEST(rule_action_names),
);
