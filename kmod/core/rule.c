// SPDX-License-Identifier: GPL-2.0
/*
 * Policy rule matching. Linear first match: rules are evaluated once per
 * new session (and per session on a rematch), not per packet.
 */
#include "rule.h"

#define RG_AF_INET	2
#define RG_AF_INET6	10

void rg_rule_init(struct rg_rule_match *r)
{
	memset(r, 0, sizeof(*r));
	r->sport_max = 0xffff;
	r->dport_max = 0xffff;
}

static unsigned int family_bits(u8 family)
{
	return family == RG_AF_INET ? 32 : 128;
}

/* True if the bits of @addr past @plen are all zero. */
static bool host_bits_clear(const u8 *addr, unsigned int plen)
{
	unsigned int i;

	for (i = plen / 8; i < 16; i++) {
		u8 mask = i == plen / 8 ? (u8)(0xff >> (plen % 8)) : 0xff;

		if (addr[i] & mask)
			return false;
	}
	return true;
}

/* NULL if @r is a valid rule, else what is wrong with it. */
const char *rg_rule_check(const struct rg_rule_match *r)
{
	if (r->family && r->family != RG_AF_INET && r->family != RG_AF_INET6)
		return "family must be inet or inet6";
	if ((r->src_plen || r->dst_plen) && !r->family)
		return "a prefix needs a family";
	if (r->family && (r->src_plen > family_bits(r->family) ||
			  r->dst_plen > family_bits(r->family)))
		return "prefix length too long for the family";
	if (!host_bits_clear(r->src, r->src_plen) ||
	    !host_bits_clear(r->dst, r->dst_plen))
		return "prefix has host bits set";
	if (r->sport_min > r->sport_max || r->dport_min > r->dport_max)
		return "port range is empty";
	if (r->action > RSTGUARD_ACTION_MAX)
		return "unknown action";
	if (!memchr(r->iif, 0, sizeof(r->iif)) ||
	    !memchr(r->oif, 0, sizeof(r->oif)))
		return "interface name too long";
	return NULL;
}

static bool prefix_matches(const u8 *net, unsigned int plen, const u8 *addr)
{
	unsigned int full = plen / 8, rest = plen % 8;

	if (memcmp(net, addr, full))
		return false;
	if (!rest)
		return true;
	return !((net[full] ^ addr[full]) & (u8)(0xff << (8 - rest)));
}

static bool ifname_matches(const char *want, const char *have)
{
	if (!want[0])
		return true;
	return have && !strncmp(want, have, RG_IFNAMSIZ);
}

/* Whether @r needs the flow's interfaces (which cost a route lookup). */
bool rg_rule_uses_ifaces(const struct rg_rule_match *r)
{
	return r->iif[0] || r->oif[0];
}

bool rg_rule_matches(const struct rg_rule_match *r, const struct rg_flow *f)
{
	if (r->family && r->family != f->family)
		return false;
	if (f->sport < r->sport_min || f->sport > r->sport_max ||
	    f->dport < r->dport_min || f->dport > r->dport_max)
		return false;
	if (r->src_plen && !prefix_matches(r->src, r->src_plen, f->src))
		return false;
	if (r->dst_plen && !prefix_matches(r->dst, r->dst_plen, f->dst))
		return false;
	return ifname_matches(r->iif, f->iif) && ifname_matches(r->oif, f->oif);
}

/* Index of the first rule matching @f, or -1. */
int rg_rules_first_match(const struct rg_rule_match *rules, unsigned int n,
			 const struct rg_flow *f)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (rg_rule_matches(&rules[i], f))
			return i;
	return -1;
}

static const char *const rg_action_names[] = {
	[RSTGUARD_ACTION_ALLOW]		= "allow",
	[RSTGUARD_ACTION_DROP]		= "drop",
	[RSTGUARD_ACTION_DENY]		= "deny",
	[RSTGUARD_ACTION_RESET_CLIENT]	= "reset-client",
	[RSTGUARD_ACTION_RESET_SERVER]	= "reset-server",
	[RSTGUARD_ACTION_RESET_BOTH]	= "reset-both",
};

static_assert(ARRAY_SIZE(rg_action_names) == __RSTGUARD_ACTION_MAX,
	      "every action needs a name");

const char *rg_action_name(enum rstguard_action action)
{
	if ((unsigned int)action >= ARRAY_SIZE(rg_action_names))
		return "n/a";
	return rg_action_names[action];
}

int rg_action_parse(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rg_action_names); i++)
		if (!strcmp(name, rg_action_names[i]))
			return i;
	return -1;
}
