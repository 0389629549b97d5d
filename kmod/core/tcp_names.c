// SPDX-License-Identifier: GPL-2.0
/*
 * Names and defaults for the tracker's enums, kept apart from the packet
 * path. The timeout names are the ones `rstguard config set timeout` takes.
 */
#include "tcp_track.h"

/* PAN-OS defaults, in seconds (see enum rstguard_timeout). */
static const u32 rg_timeout_defaults[__RSTGUARD_TIMEOUT_MAX] = {
	[RSTGUARD_TIMEOUT_TCP_INIT]		= 5,
	[RSTGUARD_TIMEOUT_TCP_HANDSHAKE]	= 10,
	[RSTGUARD_TIMEOUT_TCP]			= 3600,
	[RSTGUARD_TIMEOUT_TCP_HALF_CLOSED]	= 120,
	[RSTGUARD_TIMEOUT_TCP_TIME_WAIT]	= 15,
};

u32 rg_tcp_timeout_default(enum rstguard_timeout timeout)
{
	if ((unsigned int)timeout >= ARRAY_SIZE(rg_timeout_defaults))
		return 0;
	return rg_timeout_defaults[timeout];
}

/* The names the CLI and config use (PAN-OS spelling). */
static const char *const rg_timeout_names[__RSTGUARD_TIMEOUT_MAX] = {
	[RSTGUARD_TIMEOUT_TCP_INIT]		= "tcp-init",
	[RSTGUARD_TIMEOUT_TCP_HANDSHAKE]	= "tcp-handshake",
	[RSTGUARD_TIMEOUT_TCP]			= "tcp",
	[RSTGUARD_TIMEOUT_TCP_HALF_CLOSED]	= "tcp-half-closed",
	[RSTGUARD_TIMEOUT_TCP_TIME_WAIT]	= "tcp-time-wait",
};

const char *rg_tcp_timeout_name(enum rstguard_timeout timeout)
{
	if ((unsigned int)timeout >= ARRAY_SIZE(rg_timeout_names))
		return "n/a";
	return rg_timeout_names[timeout];
}

/* Returns the timeout, or -1 if @name is not one of the names above. */
int rg_tcp_timeout_parse(const char *name)
{
	unsigned int i;

	if (!name)
		return -1;
	for (i = 0; i < ARRAY_SIZE(rg_timeout_names); i++) {
		if (!strcmp(name, rg_timeout_names[i]))
			return i;
	}
	return -1;
}

static const char *const rg_state_names[__RSTGUARD_TCP_MAX] = {
	[RSTGUARD_TCP_NONE]		= "none",
	[RSTGUARD_TCP_SYN_SENT]		= "syn-sent",
	[RSTGUARD_TCP_SYN_SENT2]	= "syn-sent2",
	[RSTGUARD_TCP_SYN_RECV]		= "syn-recv",
	[RSTGUARD_TCP_ESTABLISHED]	= "established",
	[RSTGUARD_TCP_FIN_CLIENT]	= "fin-client",
	[RSTGUARD_TCP_FIN_SERVER]	= "fin-server",
	[RSTGUARD_TCP_CLOSING]		= "closing",
	[RSTGUARD_TCP_TIME_WAIT]	= "time-wait",
	[RSTGUARD_TCP_CLOSED]		= "closed",
};

const char *rg_tcp_state_name(enum rstguard_tcp_state state)
{
	if ((unsigned int)state >= ARRAY_SIZE(rg_state_names))
		return "n/a";
	return rg_state_names[state];
}

static const char *const rg_verdict_names[__RG_TCP_VERDICT_MAX] = {
	[RG_TCP_ACCEPT]			= "accept",
	[RG_TCP_IGNORE]			= "ignore",
	[RG_TCP_INVALID]		= "invalid",
	[RG_TCP_RST_EXACT]		= "rst-exact",
	[RG_TCP_RST_UNVERIFIED]		= "rst-unverified",
	[RG_TCP_RST_OUT_OF_WINDOW]	= "rst-out-of-window",
	[RG_TCP_REUSE]			= "reuse",
};

const char *rg_tcp_verdict_name(enum rg_tcp_verdict verdict)
{
	if ((unsigned int)verdict >= ARRAY_SIZE(rg_verdict_names))
		return "n/a";
	return rg_verdict_names[verdict];
}
