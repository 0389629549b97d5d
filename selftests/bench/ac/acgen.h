/* SPDX-License-Identifier: GPL-2.0 */
/* Pattern sets and inputs for the automaton benchmark. */
#ifndef _RG_ACGEN_H
#define _RG_ACGEN_H

#include <stddef.h>
#include <stdint.h>

struct pat {
	unsigned char	*bytes;
	unsigned int	len;
	int		nocase;
};

struct patset {
	struct pat	*p;
	unsigned int	n;
};

/*
 * Every distinct positive content:"..." string of a Snort 2/3 rules file,
 * |hex| decoded, with its nocase modifier, in file order. -1 if the file
 * cannot be read.
 */
int patset_from_rules(struct patset *s, const char *path);

/*
 * @n synthetic patterns shaped like rule contents: lengths with a median
 * around 12 bytes (1..64), text tokens, URL and header fragments, binary
 * strings and mixes, a third of the textual ones nocase. Deterministic.
 */
void patset_synthetic(struct patset *s, unsigned int n, uint64_t seed);

void patset_free(struct patset *s);

/* Text-like input: English-like prose with HTTP request/response headers. */
void input_text(unsigned char *buf, size_t len, uint64_t seed);

/* Uniformly random bytes. */
void input_random(unsigned char *buf, size_t len, uint64_t seed);

#endif /* _RG_ACGEN_H */
