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

/*
 * Why a session ended (PAN-OS session end reasons). Every cause seen during
 * a session is kept as a bit (1 << reason); the reported reason is the one
 * of highest precedence. Precedence, highest first: threat, policy-deny,
 * tcp-rst-from-client, tcp-rst-from-server, resources-unavailable, tcp-fin,
 * tcp-reuse, aged-out, unknown. The numbering follows the precedence today,
 * but the precedence is defined by the list above, not by the numbers.
 */
enum rstguard_end_reason {
	RSTGUARD_END_UNKNOWN,			/* ended by the admin */
	RSTGUARD_END_AGED_OUT,			/* idle past its state's timeout */
	RSTGUARD_END_TCP_REUSE,			/* a new SYN reused the tuple */
	RSTGUARD_END_TCP_FIN,			/* closed with FINs */
	RSTGUARD_END_RESOURCES_UNAVAILABLE,	/* session table full */
	RSTGUARD_END_TCP_RST_FROM_SERVER,
	RSTGUARD_END_TCP_RST_FROM_CLIENT,
	RSTGUARD_END_POLICY_DENY,		/* a rule's action ended it */
	RSTGUARD_END_THREAT,			/* a signature matched */

	__RSTGUARD_END_MAX
};

#define RSTGUARD_END_MAX (__RSTGUARD_END_MAX - 1)

/* TCP state of a session as rstguard tracks it (client: first SYN's sender). */
enum rstguard_tcp_state {
	RSTGUARD_TCP_NONE,
	RSTGUARD_TCP_SYN_SENT,		/* client's SYN seen */
	RSTGUARD_TCP_SYN_SENT2,		/* SYNs crossed: simultaneous open */
	RSTGUARD_TCP_SYN_RECV,		/* SYN-ACK seen, no final ACK yet */
	RSTGUARD_TCP_ESTABLISHED,
	RSTGUARD_TCP_FIN_CLIENT,	/* half-closed: the client sent FIN */
	RSTGUARD_TCP_FIN_SERVER,	/* half-closed: the server sent FIN */
	RSTGUARD_TCP_CLOSING,		/* both FINs sent, not both acked */
	RSTGUARD_TCP_TIME_WAIT,		/* both FINs acked */
	RSTGUARD_TCP_CLOSED,		/* ended by a verified RST */

	__RSTGUARD_TCP_MAX
};

#define RSTGUARD_TCP_MAX (__RSTGUARD_TCP_MAX - 1)

/* Idle timeouts, one per group of states, settable per namespace. */
enum rstguard_timeout {
	RSTGUARD_TIMEOUT_TCP_INIT,	/* SYN, no SYN-ACK: 5 s */
	RSTGUARD_TIMEOUT_TCP_HANDSHAKE,	/* SYN-ACK, no final ACK: 10 s */
	RSTGUARD_TIMEOUT_TCP,		/* established: 3600 s */
	RSTGUARD_TIMEOUT_TCP_HALF_CLOSED,	/* one FIN: 120 s */
	RSTGUARD_TIMEOUT_TCP_TIME_WAIT,	/* both FINs, or a verified RST: 15 s */
	RSTGUARD_TIMEOUT_UNVERIFIED_RST,	/* in-window inexact RST: 30 s */

	__RSTGUARD_TIMEOUT_MAX
};

#define RSTGUARD_TIMEOUT_MAX (__RSTGUARD_TIMEOUT_MAX - 1)

#endif /* _UAPI_LINUX_RSTGUARD_H */
