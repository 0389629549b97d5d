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
 *
 * RSTGUARD_CMD_CONFIG_GET (do)
 *	Request: no attributes.
 *	Reply:   RSTGUARD_A_CONFIG, a nest of every enum rstguard_config_attr.
 *
 * RSTGUARD_CMD_CONFIG_SET (do)
 *	Request: RSTGUARD_A_CONFIG with any subset of enum
 *		 rstguard_config_attr; what is absent is left as it is. The
 *		 request is validated whole before anything changes.
 *	Reply:   ack only.
 *
 * RSTGUARD_CMD_SESSION_GET (dump)
 *	Request: no attributes.
 *	Reply:   one message per live session, each with RSTGUARD_A_SESSION
 *		 (enum rstguard_session_attr, without REASON). The dump is
 *		 resumable and survives concurrent changes: a session created
 *		 or ended during the dump may or may not be in it, and a table
 *		 resize may make one appear twice.
 *
 * RSTGUARD_CMD_SESSION_FLUSH (do)
 *	Request: no attributes.
 *	Reply:   ack only. Every session ends with reason unknown.
 *
 * RSTGUARD_CMD_SESSION_DEL (do)
 *	Request: RSTGUARD_A_SESSION with FAMILY, CLIENT_ADDR, SERVER_ADDR,
 *		 CLIENT_PORT, SERVER_PORT; the tuple may be given in either
 *		 direction. The session ends with reason unknown.
 *	Reply:   ack only; ENOENT if no such session.
 *
 * RSTGUARD_CMD_SESSION_END (notification on the "events" group)
 *	RSTGUARD_A_SESSION with the full record, REASON and CAUSES included.
 *	Built only when the group has listeners.
 *
 * RSTGUARD_CMD_RULE_GET (dump)
 *	Request: no attributes.
 *	Reply:   one message per rule, in order, each with RSTGUARD_A_RULE
 *		 (enum rstguard_rule_attr, ID, POSITION and HITS included).
 *
 * RSTGUARD_CMD_RULE_ADD (do)
 *	Request: RSTGUARD_A_RULE: the matches, ACTION (required), NAME and
 *		 POSITION (1-based: insert before the rule now at that place;
 *		 absent: append). The kernel assigns the ID.
 *	Reply:   RSTGUARD_A_RULE with ID and POSITION of the new rule.
 *
 * RSTGUARD_CMD_RULE_DEL (do)
 *	Request: RSTGUARD_A_RULE with ID or NAME.
 *	Reply:   ack only; ENOENT if there is no such rule.
 *
 * RSTGUARD_CMD_RULE_FLUSH (do)
 *	Request: no attributes. Reply: ack only.
 *
 * RSTGUARD_CMD_RULE_REPLACE (do)
 *	Request: RSTGUARD_A_RULESET, a nested array: entries 1, 2, ... in
 *		 rule order, each a nest of enum rstguard_rule_attr (as in
 *		 RULE_ADD, without POSITION); an empty nest empties the
 *		 ruleset. At most RSTGUARD_RULES_MAX rules. The whole set is
 *		 validated first (the extack points at the offending
 *		 attribute), then swapped in at once: a packet sees the old
 *		 ruleset or the new one, never a mix. IDs are assigned anew.
 *	Reply:   ack only.
 *
 * After RULE_ADD, RULE_DEL, RULE_FLUSH and RULE_REPLACE, if rematch is on,
 * every live session is evaluated again against the new rules, and one that
 * is no longer allowed ends as policy-deny with the resets its rule names.
 *
 * RSTGUARD_CMD_SIG_GET (dump)
 *	Request: no attributes.
 *	Reply:   one message per signature, in the order they were loaded,
 *		 each with RSTGUARD_A_SIG (HITS included).
 *
 * RSTGUARD_CMD_SIG_ADD (do)
 *	Request: RSTGUARD_A_SIG: ID (required, unique), MSG, ACTION
 *		 (required), DIR, PORT_MIN/PORT_MAX, and 1 to
 *		 RSTGUARD_SIG_CONTENTS_MAX CONTENT nests. The signature set
 *		 is compiled anew and swapped in; flows restart matching
 *		 from the root of the new automaton.
 *	Reply:   ack only.
 *
 * RSTGUARD_CMD_SIG_DEL (do)
 *	Request: RSTGUARD_A_SIG with ID. Reply: ack; ENOENT if none.
 *
 * RSTGUARD_CMD_SIG_FLUSH (do)
 *	Request: no attributes. Reply: ack only.
 *
 * RSTGUARD_CMD_SIG_REPLACE (do)
 *	Request: one top-level RSTGUARD_A_SIG (as in SIG_ADD) per signature,
 *		 in order; none empties the set. Not one nest around them all:
 *		 a nest's 16-bit length would cap the set at 64 KiB, while a
 *		 message is bounded only by the sender's socket buffer. At most
 *		 RSTGUARD_SIGS_MAX signatures. Validated and compiled whole,
 *		 then swapped in at once; on any error nothing changes.
 *	Reply:   ack only.
 *
 * RSTGUARD_CMD_SIG_ALERT (notification on the "events" group)
 *	A signature whose action is alert matched: RSTGUARD_A_SESSION with
 *	the live session's record, SIG_ID and SIG_MSG. The session goes on.
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
	RSTGUARD_CMD_CONFIG_GET,
	RSTGUARD_CMD_CONFIG_SET,
	RSTGUARD_CMD_SESSION_GET,
	RSTGUARD_CMD_SESSION_FLUSH,
	RSTGUARD_CMD_SESSION_DEL,
	RSTGUARD_CMD_SESSION_END,
	RSTGUARD_CMD_RULE_GET,
	RSTGUARD_CMD_RULE_ADD,
	RSTGUARD_CMD_RULE_DEL,
	RSTGUARD_CMD_RULE_FLUSH,
	RSTGUARD_CMD_RULE_REPLACE,
	RSTGUARD_CMD_SIG_GET,
	RSTGUARD_CMD_SIG_ADD,
	RSTGUARD_CMD_SIG_DEL,
	RSTGUARD_CMD_SIG_FLUSH,
	RSTGUARD_CMD_SIG_REPLACE,
	RSTGUARD_CMD_SIG_ALERT,

	__RSTGUARD_CMD_MAX
};

#define RSTGUARD_CMD_MAX (__RSTGUARD_CMD_MAX - 1)

enum rstguard_attr {
	RSTGUARD_A_UNSPEC,
	RSTGUARD_A_VERSION,		/* string */
	RSTGUARD_A_GENL_VERSION,	/* u32 */
	RSTGUARD_A_STATS,		/* nest: enum rstguard_stats_attr */
	RSTGUARD_A_CONFIG,		/* nest: enum rstguard_config_attr */
	RSTGUARD_A_SESSION,		/* nest: enum rstguard_session_attr */
	RSTGUARD_A_RULE,		/* nest: enum rstguard_rule_attr */
	RSTGUARD_A_RULESET,		/* nest of RSTGUARD_A_RULE */
	RSTGUARD_A_SIG,			/* nest: enum rstguard_sig_attr */

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
	RSTGUARD_STATS_A_SESSIONS_LIVE,	/* sessions in the table now */
	RSTGUARD_STATS_A_SESSIONS_CREATED,
	RSTGUARD_STATS_A_PICKUPS,	/* of those, picked up mid-stream */
	/* Sessions ended, by reported reason: ENDED_UNKNOWN + reason. */
	RSTGUARD_STATS_A_ENDED_UNKNOWN,
	RSTGUARD_STATS_A_ENDED_AGED_OUT,
	RSTGUARD_STATS_A_ENDED_TCP_REUSE,
	RSTGUARD_STATS_A_ENDED_TCP_FIN,
	RSTGUARD_STATS_A_ENDED_RESOURCES_UNAVAILABLE,
	RSTGUARD_STATS_A_ENDED_TCP_RST_FROM_SERVER,
	RSTGUARD_STATS_A_ENDED_TCP_RST_FROM_CLIENT,
	RSTGUARD_STATS_A_ENDED_POLICY_DENY,
	RSTGUARD_STATS_A_ENDED_THREAT,
	RSTGUARD_STATS_A_INVALID,	/* segments outside the window, bad flags */
	RSTGUARD_STATS_A_INVALID_DROPPED,	/* of those, dropped (strict on) */
	RSTGUARD_STATS_A_RST_OUT_OF_WINDOW,	/* RSTs dropped as forged */
	RSTGUARD_STATS_A_RST_UNVERIFIED,	/* in-window inexact RSTs, */
						/* passed: nothing changes */
	RSTGUARD_STATS_A_REFUSED_FULL,	/* SYNs refused: table full */
	RSTGUARD_STATS_A_UNTRACKED,	/* segments passed with no session */
	RSTGUARD_STATS_A_EVENTS_LOST,	/* end events that could not be sent */
	RSTGUARD_STATS_A_POLICY_DROPPED,	/* segments dropped by a rule */
	RSTGUARD_STATS_A_RESETS_CLIENT,	/* resets sent to clients */
	RSTGUARD_STATS_A_RESETS_SERVER,	/* resets sent to servers */
	RSTGUARD_STATS_A_RESETS_FAILED,	/* resets that could not be sent */
	RSTGUARD_STATS_A_SIG_MATCHES,	/* signature matches, all actions */
	RSTGUARD_STATS_A_SCAN_BYTES,	/* stream bytes scanned */
	RSTGUARD_STATS_A_SCAN_AHEAD_DROPPED,	/* segments ahead of a gap */
	RSTGUARD_STATS_A_SCAN_RESTARTS,	/* flows restarted: new automaton */
	RSTGUARD_STATS_A_SCAN_NOMEM,	/* flows left unscanned: no memory */
	RSTGUARD_STATS_A_SCAN_PARTIALS_LOST,	/* unused: nothing is evicted, 0 */
	RSTGUARD_STATS_A_SCAN_RETRANS_DIFFER,	/* retransmissions dropped: */
						/* not the bytes scanned */
	RSTGUARD_STATS_A_FRAGMENTS_DROPPED,	/* IP fragments that reached */
						/* FORWARD unreassembled */
	RSTGUARD_STATS_A_RESETS_NAT,	/* resets built by rstguard, */
					/* translated to the NAT view */
	RSTGUARD_STATS_A_OFFLOADED,	/* sessions seen handed to a */
					/* flowtable */
	RSTGUARD_STATS_A_OFFLOAD_RETURNED,	/* of those, back on FORWARD */
	RSTGUARD_STATS_A_OFFLOAD_UNRELEASED,	/* offloaded while rstguard */
						/* still needed them */

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
	RSTGUARD_TIMEOUT_TCP_TIME_WAIT,	/* both FINs, or an exact RST: 15 s */

	__RSTGUARD_TIMEOUT_MAX
};

#define RSTGUARD_TIMEOUT_MAX (__RSTGUARD_TIMEOUT_MAX - 1)

/* Per-namespace settings (RSTGUARD_A_CONFIG). */
enum rstguard_config_attr {
	RSTGUARD_CONFIG_A_UNSPEC,
	RSTGUARD_CONFIG_A_TIMEOUTS,	/* nest: enum rstguard_timeouts_attr */
	RSTGUARD_CONFIG_A_LIMIT,	/* u32: most sessions in the table */
	RSTGUARD_CONFIG_A_LOG,		/* u8: enum rstguard_log */
	RSTGUARD_CONFIG_A_STRICT,	/* u8 0/1: drop out-of-window segments */
	RSTGUARD_CONFIG_A_FAIL_OPEN,	/* u8 0/1: table full passes untracked */
	RSTGUARD_CONFIG_A_DEFAULT_ACTION,	/* u8: enum rstguard_action */
	RSTGUARD_CONFIG_A_RESET_ON_AGED_OUT,	/* u8 0/1 */
	RSTGUARD_CONFIG_A_REMATCH,	/* u8 0/1: re-evaluate on rule changes */
	RSTGUARD_CONFIG_A_OFFLOAD_MARK,	/* u32: packet mark bits of sessions */
					/* that may go to a flowtable; 0 off */

	__RSTGUARD_CONFIG_A_MAX
};

#define RSTGUARD_CONFIG_A_MAX (__RSTGUARD_CONFIG_A_MAX - 1)

/* Each a u32 in seconds; attribute type = enum rstguard_timeout + 1. */
enum rstguard_timeouts_attr {
	RSTGUARD_TIMEOUTS_A_UNSPEC,
	RSTGUARD_TIMEOUTS_A_TCP_INIT,
	RSTGUARD_TIMEOUTS_A_TCP_HANDSHAKE,
	RSTGUARD_TIMEOUTS_A_TCP,
	RSTGUARD_TIMEOUTS_A_TCP_HALF_CLOSED,
	RSTGUARD_TIMEOUTS_A_TCP_TIME_WAIT,
	/*
	 * Rejected: an inexact RST never ends a session, so there is no
	 * unverified-RST timer (RFC 5961: its receiver challenges it).
	 */
	RSTGUARD_TIMEOUTS_A_UNVERIFIED_RST,

	__RSTGUARD_TIMEOUTS_A_MAX
};

#define RSTGUARD_TIMEOUTS_A_MAX (__RSTGUARD_TIMEOUTS_A_MAX - 1)

/* Which sessions end with a kernel log line (rate-limited). */
enum rstguard_log {
	RSTGUARD_LOG_NONE,
	RSTGUARD_LOG_THREATS,		/* ended by threat or policy-deny */
	RSTGUARD_LOG_ALL,

	__RSTGUARD_LOG_MAX
};

#define RSTGUARD_LOG_MAX (__RSTGUARD_LOG_MAX - 1)

enum rstguard_side {
	RSTGUARD_SIDE_NONE,
	RSTGUARD_SIDE_CLIENT,
	RSTGUARD_SIDE_SERVER,
};

/*
 * One session record (RSTGUARD_A_SESSION). The client is the side that sent
 * the first SYN (or, for a session picked up mid-stream, the side rstguard
 * guessed; see PICKUP). Addresses are 4 or 16 bytes, network order; ports
 * are host order.
 */
enum rstguard_session_attr {
	RSTGUARD_SESSION_A_UNSPEC,
	RSTGUARD_SESSION_A_PAD,
	RSTGUARD_SESSION_A_FAMILY,	/* u8: AF_INET or AF_INET6 */
	RSTGUARD_SESSION_A_CLIENT_ADDR,	/* binary, 4 or 16 bytes */
	RSTGUARD_SESSION_A_SERVER_ADDR,	/* binary, 4 or 16 bytes */
	RSTGUARD_SESSION_A_CLIENT_PORT,	/* u16 */
	RSTGUARD_SESSION_A_SERVER_PORT,	/* u16 */
	RSTGUARD_SESSION_A_STATE,	/* u8: enum rstguard_tcp_state */
	RSTGUARD_SESSION_A_START,	/* u64: ns since the epoch (realtime) */
	RSTGUARD_SESSION_A_DURATION,	/* u64: ms from start to last packet */
	RSTGUARD_SESSION_A_PKTS_CLIENT,	/* u64: packets the client sent */
	RSTGUARD_SESSION_A_PKTS_SERVER,	/* u64 */
	RSTGUARD_SESSION_A_BYTES_CLIENT,	/* u64: IP bytes the client sent */
	RSTGUARD_SESSION_A_BYTES_SERVER,	/* u64 */
	RSTGUARD_SESSION_A_FIRST_FIN,	/* u8: enum rstguard_side */
	RSTGUARD_SESSION_A_FIRST_RST,	/* u8: enum rstguard_side */
	RSTGUARD_SESSION_A_REASON,	/* u8: enum rstguard_end_reason (events) */
	RSTGUARD_SESSION_A_CAUSES,	/* u32: bit (1 << reason) per cause seen */
	RSTGUARD_SESSION_A_HISTORY,	/* string: Zeek-style history */
	RSTGUARD_SESSION_A_PICKUP,	/* flag: picked up mid-stream */
	RSTGUARD_SESSION_A_EXPIRES,	/* u32: s until idle expiry (dumps) */
	RSTGUARD_SESSION_A_RULE_ID,	/* u32: the rule that admitted or ended it */
	RSTGUARD_SESSION_A_RULE_NAME,	/* string */
	RSTGUARD_SESSION_A_SIG_ID,	/* u32: the signature that matched */
	RSTGUARD_SESSION_A_SIG_MSG,	/* string */

	__RSTGUARD_SESSION_A_MAX
};

#define RSTGUARD_SESSION_A_MAX (__RSTGUARD_SESSION_A_MAX - 1)

/* What a rule does with the sessions it matches. */
enum rstguard_action {
	RSTGUARD_ACTION_ALLOW,
	RSTGUARD_ACTION_DROP,		/* silently */
	RSTGUARD_ACTION_DENY,		/* the client gets a reset at once */
	RSTGUARD_ACTION_RESET_CLIENT,
	RSTGUARD_ACTION_RESET_SERVER,
	RSTGUARD_ACTION_RESET_BOTH,

	__RSTGUARD_ACTION_MAX
};

#define RSTGUARD_ACTION_MAX (__RSTGUARD_ACTION_MAX - 1)

#define RSTGUARD_RULE_NAME_MAX	32	/* with the NUL */
#define RSTGUARD_RULES_MAX	4096	/* rules per namespace */

/*
 * One policy rule (RSTGUARD_A_RULE). Every match that is present must hold;
 * an absent one matches everything. A prefix needs FAMILY; port ranges are
 * inclusive, host order; interfaces are names as in `ip link`.
 */
enum rstguard_rule_attr {
	RSTGUARD_RULE_A_UNSPEC,
	RSTGUARD_RULE_A_PAD,
	RSTGUARD_RULE_A_ID,		/* u32, assigned by the kernel */
	RSTGUARD_RULE_A_NAME,		/* string, < RSTGUARD_RULE_NAME_MAX */
	RSTGUARD_RULE_A_POSITION,	/* u32, 1-based */
	RSTGUARD_RULE_A_FAMILY,		/* u8: AF_INET or AF_INET6 */
	RSTGUARD_RULE_A_SRC_ADDR,	/* binary, 4 or 16 bytes */
	RSTGUARD_RULE_A_SRC_PLEN,	/* u8 */
	RSTGUARD_RULE_A_DST_ADDR,	/* binary, 4 or 16 bytes */
	RSTGUARD_RULE_A_DST_PLEN,	/* u8 */
	RSTGUARD_RULE_A_SPORT_MIN,	/* u16 */
	RSTGUARD_RULE_A_SPORT_MAX,	/* u16 */
	RSTGUARD_RULE_A_DPORT_MIN,	/* u16 */
	RSTGUARD_RULE_A_DPORT_MAX,	/* u16 */
	RSTGUARD_RULE_A_IIF,		/* string: input interface */
	RSTGUARD_RULE_A_OIF,		/* string: output interface */
	RSTGUARD_RULE_A_ACTION,		/* u8: enum rstguard_action */
	RSTGUARD_RULE_A_HITS,		/* u64: sessions it matched */

	__RSTGUARD_RULE_A_MAX
};

#define RSTGUARD_RULE_A_MAX (__RSTGUARD_RULE_A_MAX - 1)

#define RSTGUARD_SIG_MSG_MAX		128	/* with the NUL */
#define RSTGUARD_SIGS_MAX		65536	/* signatures per namespace */
#define RSTGUARD_SIG_CONTENTS_MAX	8	/* contents per signature */
#define RSTGUARD_CONTENT_MAX		255	/* bytes per content */

/* Which stream of a session a signature looks at. */
enum rstguard_sig_dir {
	RSTGUARD_SIG_DIR_ANY,
	RSTGUARD_SIG_DIR_TO_SERVER,	/* bytes the client sends */
	RSTGUARD_SIG_DIR_TO_CLIENT,	/* bytes the server sends */

	__RSTGUARD_SIG_DIR_MAX
};

#define RSTGUARD_SIG_DIR_MAX (__RSTGUARD_SIG_DIR_MAX - 1)

/*
 * What a matching signature does. Every action but ALERT ends the session
 * with reason threat; DROP drops the packet that completed the match, the
 * RESET_* actions also reset the side(s) they name.
 */
enum rstguard_sig_action {
	RSTGUARD_SIG_ACTION_ALERT,	/* an event; the session goes on */
	RSTGUARD_SIG_ACTION_DROP,
	RSTGUARD_SIG_ACTION_RESET_CLIENT,
	RSTGUARD_SIG_ACTION_RESET_SERVER,
	RSTGUARD_SIG_ACTION_RESET_BOTH,

	__RSTGUARD_SIG_ACTION_MAX
};

#define RSTGUARD_SIG_ACTION_MAX (__RSTGUARD_SIG_ACTION_MAX - 1)

/*
 * One signature (RSTGUARD_A_SIG). It matches when every CONTENT appears in
 * one stream of the direction DIR names, each within its own limits, on a
 * session whose server port is in [PORT_MIN, PORT_MAX] (absent: any).
 */
enum rstguard_sig_attr {
	RSTGUARD_SIG_A_UNSPEC,
	RSTGUARD_SIG_A_PAD,
	RSTGUARD_SIG_A_ID,		/* u32, non-zero, unique */
	RSTGUARD_SIG_A_MSG,		/* string, < RSTGUARD_SIG_MSG_MAX */
	RSTGUARD_SIG_A_ACTION,		/* u8: enum rstguard_sig_action */
	RSTGUARD_SIG_A_DIR,		/* u8: enum rstguard_sig_dir */
	RSTGUARD_SIG_A_PORT_MIN,	/* u16: server port, host order */
	RSTGUARD_SIG_A_PORT_MAX,	/* u16 */
	/* nest: enum rstguard_content_attr; repeated, in order */
	RSTGUARD_SIG_A_CONTENT,
	RSTGUARD_SIG_A_HITS,		/* u64: matches (dumps) */
	/*
	 * u32 N: the stream holds at least N + 1 bytes (Snort's absolute
	 * "isdataat:N").
	 */
	RSTGUARD_SIG_A_DATA_AT,
	/*
	 * u32 N: the stream holds a byte N bytes past the end of the last
	 * content's match (Snort's "isdataat:N,relative" after the last
	 * content).
	 */
	RSTGUARD_SIG_A_DATA_AFTER,

	__RSTGUARD_SIG_A_MAX
};

#define RSTGUARD_SIG_A_MAX (__RSTGUARD_SIG_A_MAX - 1)

/*
 * One content of a signature. OFFSET and DEPTH count stream bytes of the
 * signature's direction, from the first byte after the SYN (Snort's
 * meaning): the content must start at or after OFFSET and end at or before
 * OFFSET + DEPTH. No DEPTH: no end limit.
 *
 * A content with DISTANCE or WITHIN is relative to the match of the content
 * before it (never the first; never with OFFSET or DEPTH), as in Snort: it
 * starts at or after that match's end + DISTANCE (0 if absent; may be
 * negative) and, with WITHIN, ends at or before that end + DISTANCE +
 * WITHIN. A content without them is matched on its own: it and the
 * relative ones after it form a group, and a signature matches when each
 * of its groups has a match (of any of the occurrences of its contents: as
 * Snort, rstguard tries them all).
 */
enum rstguard_content_attr {
	RSTGUARD_CONTENT_A_UNSPEC,
	RSTGUARD_CONTENT_A_BYTES,	/* binary, 1..RSTGUARD_CONTENT_MAX */
	RSTGUARD_CONTENT_A_NOCASE,	/* flag: ASCII letters in any case */
	RSTGUARD_CONTENT_A_OFFSET,	/* u32 */
	RSTGUARD_CONTENT_A_DEPTH,	/* u32, >= the content's length */
	RSTGUARD_CONTENT_A_DISTANCE,	/* s32, -65535..65535 */
	RSTGUARD_CONTENT_A_WITHIN,	/* u32, >= the content's length */

	__RSTGUARD_CONTENT_A_MAX
};

#define RSTGUARD_CONTENT_A_MAX (__RSTGUARD_CONTENT_A_MAX - 1)

#endif /* _UAPI_LINUX_RSTGUARD_H */
