// SPDX-License-Identifier: GPL-2.0
/*
 * Runs every suite and prints KTAP:
 *
 *	KTAP version 1
 *	1..N
 *	ok 1 name
 *	# file:line: diagnostic
 *	not ok 2 name
 *	ok 3 name # SKIP why
 *	# 1 passed, 1 failed, 1 skipped
 *
 * Exit status 0 only if every test passed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ktap.h"
#include "tests.h"

static const struct rg_suite *const rg_suites[] = {
	&rg_suite_seq,
	&rg_suite_end_reason,
	&rg_suite_history,
	&rg_suite_tcp_basic,
	&rg_suite_tcp_rst,
	&rg_suite_tcp_close,
	&rg_suite_tcp_window,
	&rg_suite_tcp_random,
	&rg_suite_rule,
	&rg_suite_ac,
	&rg_suite_sig_match,
	&rg_suite_seg_hash,
	&rg_suite_sig_parse,
	&rg_suite_words,
};

static unsigned int rg_failed_checks;
static char rg_skip_why[160];
static u64 rg_seed = 0x5eed0f2b3a1c9d47ULL;

bool rg_check_failed(void)
{
	return rg_failed_checks++ < RG_KTAP_MAX_DIAG;
}

void rg_test_skip(const char *why)
{
	snprintf(rg_skip_why, sizeof(rg_skip_why), "%s", why);
}

u64 rg_test_seed(void)
{
	return rg_seed;
}

int main(void)
{
	unsigned int i, j, n = 0, num = 0, passed = 0, failed = 0, skipped = 0;
	const char *seed = getenv("RG_SEED");

	if (seed && *seed)
		rg_seed = strtoull(seed, NULL, 0);

	for (i = 0; i < ARRAY_SIZE(rg_suites); i++)
		n += rg_suites[i]->count;

	printf("KTAP version 1\n1..%u\n", n);
	for (i = 0; i < ARRAY_SIZE(rg_suites); i++) {
		for (j = 0; j < rg_suites[i]->count; j++) {
			const struct rg_test *t = &rg_suites[i]->tests[j];

			rg_failed_checks = 0;
			rg_skip_why[0] = '\0';
			t->fn();
			if (rg_failed_checks > RG_KTAP_MAX_DIAG)
				rg_diag("... %u more failed checks",
					rg_failed_checks - RG_KTAP_MAX_DIAG);
			if (rg_failed_checks) {
				rg_diag("RG_SEED=%#llx",
					(unsigned long long)rg_seed);
				failed++;
			} else if (rg_skip_why[0]) {
				skipped++;
			} else {
				passed++;
			}
			printf("%sok %u %s%s%s\n", rg_failed_checks ? "not " : "",
			       ++num, t->name,
			       !rg_failed_checks && rg_skip_why[0] ? " # SKIP " : "",
			       rg_failed_checks ? "" : rg_skip_why);
			fflush(stdout);
		}
	}
	printf("# %u passed, %u failed, %u skipped\n", passed, failed,
	       skipped);
	return failed ? 1 : 0;
}
