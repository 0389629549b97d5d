/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal KTAP harness for the userspace unit tests of kmod/core.
 *
 * Checks do not stop a test: every failed check prints one "# file:line:"
 * diagnostic (the first RG_KTAP_MAX_DIAG of them), and the test's result line
 * follows its diagnostics.
 */
#ifndef _RG_KTAP_H
#define _RG_KTAP_H

#include <stdio.h>

#include "types.h"

struct rg_test {
	const char *name;
	void (*fn)(void);
};

struct rg_suite {
	const struct rg_test *tests;
	unsigned int count;
};

#define RG_KTAP_MAX_DIAG	20

#define RG_SUITE(sym, ...)						\
	static const struct rg_test sym##_tests[] = { __VA_ARGS__ };	\
	const struct rg_suite sym = { sym##_tests, ARRAY_SIZE(sym##_tests) }

#define RG_TEST(fn)	{ #fn, fn }

/* Counts a failed check; true while its diagnostic should be printed. */
bool rg_check_failed(void);

/* Macros, so that printf() itself checks the formats. */
#define rg_check_fail(file, line, fmt, ...)				\
	do {								\
		if (rg_check_failed())					\
			printf("# %s:%d: " fmt "\n", file, line,	\
			       ##__VA_ARGS__);				\
	} while (0)

#define rg_diag(fmt, ...)	printf("# " fmt "\n", ##__VA_ARGS__)

/*
 * The running test cannot run here (a file it reads is absent): it ends
 * as "ok N name # SKIP why", KTAP's skip. The test returns after it.
 */
void rg_test_skip(const char *why);

/* Seed of this run's pseudo-random tests (RG_SEED overrides it). */
u64 rg_test_seed(void);

/* splitmix64: tiny, and any seed (even 0) gives a full-period stream. */
static inline u64 rg_rand(u64 *state)
{
	u64 z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform enough in [0, n) for tests; n > 0. */
static inline u32 rg_rand_below(u64 *state, u32 n)
{
	return (u32)(((rg_rand(state) >> 32) * n) >> 32);
}

#define CHECK(cond)							\
	do {								\
		if (!(cond))						\
			rg_check_fail(__FILE__, __LINE__, "CHECK(%s)",	\
				      #cond);				\
	} while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		unsigned long long _a = (a), _b = (b);			\
		if (_a != _b)						\
			rg_check_fail(__FILE__, __LINE__,		\
				      "%s == %s: %llu != %llu",		\
				      #a, #b, _a, _b);			\
	} while (0)

#define CHECK_STR(a, b)							\
	do {								\
		const char *_a = (a), *_b = (b);			\
		if (!_a || !_b || strcmp(_a, _b))			\
			rg_check_fail(__FILE__, __LINE__,		\
				      "%s == %s: \"%s\" != \"%s\"",	\
				      #a, #b, _a ? _a : "(null)",	\
				      _b ? _b : "(null)");		\
	} while (0)

#endif /* _RG_KTAP_H */
