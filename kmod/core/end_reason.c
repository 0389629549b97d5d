// SPDX-License-Identifier: GPL-2.0
/*
 * Session end reasons: precedence and names.
 *
 * Shared by the module and by userspace (the CLI may build this file too),
 * so the names below are the ABI spelling of each reason.
 */
#include "end_reason.h"

static_assert(__RSTGUARD_END_MAX <= 16, "end reasons must fit in a u16");

/*
 * PAN-OS "session end reason" priority, highest first, restricted to the
 * reasons rstguard can produce. Appending a reason to the uapi enum without
 * placing it here trips the assertion below rather than silently ranking it
 * last.
 */
static const u8 rg_end_precedence[] = {
	RSTGUARD_END_THREAT,
	RSTGUARD_END_POLICY_DENY,
	RSTGUARD_END_TCP_RST_FROM_CLIENT,
	RSTGUARD_END_TCP_RST_FROM_SERVER,
	RSTGUARD_END_RESOURCES_UNAVAILABLE,
	RSTGUARD_END_TCP_FIN,
	RSTGUARD_END_TCP_REUSE,
	RSTGUARD_END_AGED_OUT,
	RSTGUARD_END_UNKNOWN,
};

static_assert(ARRAY_SIZE(rg_end_precedence) == __RSTGUARD_END_MAX,
	      "every end reason needs a place in the precedence table");

static const char *const rg_end_names[__RSTGUARD_END_MAX] = {
	[RSTGUARD_END_UNKNOWN]			= "unknown",
	[RSTGUARD_END_AGED_OUT]			= "aged-out",
	[RSTGUARD_END_TCP_REUSE]		= "tcp-reuse",
	[RSTGUARD_END_TCP_FIN]			= "tcp-fin",
	[RSTGUARD_END_RESOURCES_UNAVAILABLE]	= "resources-unavailable",
	[RSTGUARD_END_TCP_RST_FROM_SERVER]	= "tcp-rst-from-server",
	[RSTGUARD_END_TCP_RST_FROM_CLIENT]	= "tcp-rst-from-client",
	[RSTGUARD_END_POLICY_DENY]		= "policy-deny",
	[RSTGUARD_END_THREAT]			= "threat",
};

/* An empty set means nobody recorded a cause: the admin ended it. */
enum rstguard_end_reason rg_end_reason_pick(u16 causes)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rg_end_precedence); i++) {
		if (causes & RG_END_BIT(rg_end_precedence[i]))
			return rg_end_precedence[i];
	}
	return RSTGUARD_END_UNKNOWN;
}

/* 0 is the highest precedence; out-of-range reasons rank below all. */
unsigned int rg_end_reason_rank(enum rstguard_end_reason reason)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rg_end_precedence); i++) {
		if (rg_end_precedence[i] == reason)
			return i;
	}
	return ARRAY_SIZE(rg_end_precedence);
}

/*
 * PAN-OS writes "n/a" where a log line has no end reason; reusing it keeps a
 * log line well-formed if a bad value ever reaches a printer.
 */
const char *rg_end_reason_name(enum rstguard_end_reason reason)
{
	if ((unsigned int)reason >= ARRAY_SIZE(rg_end_names))
		return "n/a";
	return rg_end_names[reason];
}

/* Returns the reason, or -1 if @name is not one of the ABI names. */
int rg_end_reason_parse(const char *name)
{
	unsigned int i;

	if (!name)
		return -1;
	for (i = 0; i < ARRAY_SIZE(rg_end_names); i++) {
		if (!strcmp(name, rg_end_names[i]))
			return i;
	}
	return -1;
}
