/* SPDX-License-Identifier: GPL-2.0 */
/* What "sig" (sig.c) and "sig import" (sig_import.c) share. */
#ifndef RSTGUARD_SIG_H
#define RSTGUARD_SIG_H

#include <stdbool.h>
#include <stddef.h>
#include "nl.h"
#include "sig_parse.h"

static inline bool any_port(uint16_t min, uint16_t max)
{
	return min == 0 && max == 65535;
}

/* The attributes of one signature, for SIG_ADD or an entry of SIG_REPLACE. */
void put_sig_attrs(struct nlmsghdr *nlh, const struct rg_sig *s);
/* What put_sig_attrs() writes, with the nest around it: an upper bound. */
size_t sig_attrs_size(const struct rg_sig *s);
/*
 * "Error: WHAT: [WORD: ]message" for a request the kernel refused, naming
 * the word when its extack points into the signature nest @sig.
 */
void sig_perror(const char *what, const struct nlmsghdr *req,
		const struct nlattr *sig);

int sig_import(struct rg_nl *nl, int argc, char **argv);

#endif
