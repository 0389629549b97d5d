// SPDX-License-Identifier: GPL-2.0
/*
 * End-reason precedence and names, checked against the list written in the
 * design (ARCHITECTURE.md, issue 3), not against the table in the code.
 */
#include "tests.h"
#include "end_reason.h"

/* Highest first, as the spec lists them; names are the ABI spelling. */
static const struct {
	enum rstguard_end_reason reason;
	const char *name;
} spec[] = {
	{ RSTGUARD_END_THREAT,			"threat" },
	{ RSTGUARD_END_POLICY_DENY,		"policy-deny" },
	{ RSTGUARD_END_TCP_RST_FROM_CLIENT,	"tcp-rst-from-client" },
	{ RSTGUARD_END_TCP_RST_FROM_SERVER,	"tcp-rst-from-server" },
	{ RSTGUARD_END_RESOURCES_UNAVAILABLE,	"resources-unavailable" },
	{ RSTGUARD_END_TCP_FIN,			"tcp-fin" },
	{ RSTGUARD_END_TCP_REUSE,		"tcp-reuse" },
	{ RSTGUARD_END_AGED_OUT,		"aged-out" },
	{ RSTGUARD_END_UNKNOWN,			"unknown" },
};

static void end_reason_names(void)
{
	unsigned int i;

	CHECK_EQ(ARRAY_SIZE(spec), __RSTGUARD_END_MAX);
	for (i = 0; i < ARRAY_SIZE(spec); i++) {
		CHECK_STR(rg_end_reason_name(spec[i].reason), spec[i].name);
		CHECK_EQ(rg_end_reason_parse(spec[i].name), spec[i].reason);
		CHECK(strlen(spec[i].name) <= RG_END_NAME_MAX);
	}
	CHECK_STR(rg_end_reason_name(__RSTGUARD_END_MAX), "n/a");
	CHECK_STR(rg_end_reason_name((enum rstguard_end_reason)-1), "n/a");
	CHECK_EQ(rg_end_reason_parse("tcp-rst"), -1);
	CHECK_EQ(rg_end_reason_parse("TCP-FIN"), -1);
	CHECK_EQ(rg_end_reason_parse(""), -1);
	CHECK_EQ(rg_end_reason_parse(NULL), -1);
}

static void end_reason_pairs(void)
{
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(spec); i++) {
		for (j = i + 1; j < ARRAY_SIZE(spec); j++) {
			u16 bits = RG_END_BIT(spec[i].reason) |
				   RG_END_BIT(spec[j].reason);
			enum rstguard_end_reason r = rg_end_reason_pick(bits);

			if (r != spec[i].reason)
				rg_check_fail(__FILE__, __LINE__,
					      "%s + %s gives %s",
					      spec[i].name, spec[j].name,
					      rg_end_reason_name(r));
		}
	}
}

/* Every subset of the 9 causes against the naive "first in spec order". */
static void end_reason_all_masks(void)
{
	unsigned int m, i;

	for (m = 0; m < (1U << __RSTGUARD_END_MAX); m++) {
		enum rstguard_end_reason want = RSTGUARD_END_UNKNOWN;

		for (i = 0; i < ARRAY_SIZE(spec); i++) {
			if (m & RG_END_BIT(spec[i].reason)) {
				want = spec[i].reason;
				break;
			}
		}
		CHECK_EQ(rg_end_reason_pick(m), want);
		/* bits above the enum are not causes */
		CHECK_EQ(rg_end_reason_pick(m | (u16)~RG_END_ALL), want);
	}
	CHECK_EQ(rg_end_reason_pick(0), RSTGUARD_END_UNKNOWN);
}

static void end_reason_rank(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(spec); i++)
		CHECK_EQ(rg_end_reason_rank(spec[i].reason), i);
	CHECK_EQ(rg_end_reason_rank(__RSTGUARD_END_MAX), ARRAY_SIZE(spec));
}

RG_SUITE(rg_suite_end_reason,
	 RG_TEST(end_reason_names),
	 RG_TEST(end_reason_pairs),
	 RG_TEST(end_reason_all_masks),
	 RG_TEST(end_reason_rank),
);
