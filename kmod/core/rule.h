/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Policy rules: what one rule matches, and first-match evaluation of an
 * ordered list. Plain data, no allocation, no locking: the module keeps the
 * list under RCU, the CLI and the unit tests use the same code.
 */
#ifndef _RG_CORE_RULE_H
#define _RG_CORE_RULE_H

#include "types.h"
#include <linux/rstguard.h>

#define RG_IFNAMSIZ	16	/* IFNAMSIZ, which the core must not include */

/* A flow as rules see it: addresses in network order, ports host order. */
struct rg_flow {
	u8		family;		/* AF_INET (2) or AF_INET6 (10) */
	u8		src[16], dst[16];	/* IPv4: first 4 bytes */
	u16		sport, dport;
	const char	*iif, *oif;	/* NUL-terminated names, or NULL */
};

/* Zeroed = matches everything (with ports 0..0 fixed by rg_rule_init()). */
struct rg_rule_match {
	u8	family;			/* 0: any */
	u8	src_plen, dst_plen;	/* 0: any */
	u8	action;			/* enum rstguard_action */
	u8	src[16], dst[16];	/* host bits are zero */
	u16	sport_min, sport_max;
	u16	dport_min, dport_max;
	char	iif[RG_IFNAMSIZ];	/* "": any */
	char	oif[RG_IFNAMSIZ];
};

void rg_rule_init(struct rg_rule_match *r);
const char *rg_rule_check(const struct rg_rule_match *r);
bool rg_rule_matches(const struct rg_rule_match *r, const struct rg_flow *f);
bool rg_rule_uses_ifaces(const struct rg_rule_match *r);
int rg_rules_first_match(const struct rg_rule_match *rules, unsigned int n,
			 const struct rg_flow *f);

const char *rg_action_name(enum rstguard_action action);
int rg_action_parse(const char *name);

#endif /* _RG_CORE_RULE_H */
