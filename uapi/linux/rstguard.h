/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * rstguard: TCP session guard for Linux routers.
 *
 * Generic netlink ABI shared by the kernel module and the rstguard CLI.
 * Documentation/netlink/specs/rstguard.yaml is the normative description.
 *
 * Rules for changing this file: append only. Never renumber, reuse or change
 * the type of a command or an attribute. New behaviour comes with new
 * attributes; RSTGUARD_GENL_VERSION changes only for incompatible semantics.
 *
 * Permissions: every command that reveals or changes per-namespace state
 * needs CAP_NET_ADMIN in the user namespace owning the network namespace the
 * request is made in (GENL_UNS_ADMIN_PERM). RSTGUARD_CMD_VERSION_GET is open
 * to everyone. Subscribing to the "events" group needs the same capability.
 *
 * Commands (the reply uses the request's command number):
 *
 * RSTGUARD_CMD_VERSION_GET (do)
 *	Request: no attributes.
 *	Reply:   RSTGUARD_A_VERSION (string, module version),
 *		 RSTGUARD_A_GENL_VERSION (u32, RSTGUARD_GENL_VERSION).
 *
 * RSTGUARD_CMD_STATS_GET (do)
 *	Request: no attributes.
 *	Reply:   RSTGUARD_A_STATS, a nest of enum rstguard_stats_attr u64
 *		 counters, summed over all CPUs, for the requester's network
 *		 namespace.
 */
#ifndef _UAPI_LINUX_RSTGUARD_H
#define _UAPI_LINUX_RSTGUARD_H

#define RSTGUARD_GENL_NAME		"rstguard"
#define RSTGUARD_GENL_VERSION		1
#define RSTGUARD_MCGRP_EVENTS		"events"

enum rstguard_cmd {
	RSTGUARD_CMD_UNSPEC,
	RSTGUARD_CMD_VERSION_GET,
	RSTGUARD_CMD_STATS_GET,

	__RSTGUARD_CMD_MAX
};
#define RSTGUARD_CMD_MAX (__RSTGUARD_CMD_MAX - 1)

enum rstguard_attr {
	RSTGUARD_A_UNSPEC,
	RSTGUARD_A_VERSION,		/* string */
	RSTGUARD_A_GENL_VERSION,	/* u32 */
	RSTGUARD_A_STATS,		/* nest: enum rstguard_stats_attr */

	__RSTGUARD_A_MAX
};
#define RSTGUARD_A_MAX (__RSTGUARD_A_MAX - 1)

/* Per-namespace counters, each a u64, since the module was loaded. */
enum rstguard_stats_attr {
	RSTGUARD_STATS_A_UNSPEC,
	RSTGUARD_STATS_A_PAD,
	RSTGUARD_STATS_A_PACKETS_IPV4,	/* IPv4 packets seen on FORWARD */
	RSTGUARD_STATS_A_PACKETS_IPV6,	/* IPv6 packets seen on FORWARD */
	RSTGUARD_STATS_A_TCP_PACKETS,	/* of those, TCP segments */
	RSTGUARD_STATS_A_TCP_BYTES,	/* IP length of those TCP segments */
	RSTGUARD_STATS_A_MALFORMED,	/* TCP segments with a bad header */

	__RSTGUARD_STATS_A_MAX
};
#define RSTGUARD_STATS_A_MAX (__RSTGUARD_STATS_A_MAX - 1)

#endif /* _UAPI_LINUX_RSTGUARD_H */
