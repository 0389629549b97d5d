/* SPDX-License-Identifier: GPL-2.0 */
/* One session record (RSTGUARD_A_SESSION), shared by session and monitor. */
#ifndef RSTGUARD_SESSION_H
#define RSTGUARD_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>
#include <linux/rstguard.h>

struct session {
	uint8_t family;			/* AF_INET or AF_INET6 */
	uint8_t client[16];		/* network order, 4 or 16 bytes used */
	uint8_t server[16];
	uint16_t client_port;
	uint16_t server_port;
	uint8_t state;			/* enum rstguard_tcp_state */
	uint8_t first_fin;		/* enum rstguard_side */
	uint8_t first_rst;
	uint8_t reason;			/* enum rstguard_end_reason */
	bool has_reason;
	bool pickup;
	bool has_expires;
	bool has_rule_id;
	uint32_t rule_id;		/* the rule that admitted or ended it */
	char rule_name[RSTGUARD_RULE_NAME_MAX];	/* "": none */
	bool has_sig_id;
	uint32_t sig_id;		/* the signature that matched */
	char sig_msg[RSTGUARD_SIG_MSG_MAX];	/* "": none */
	const char *event;		/* monitor: "end" or "alert"; else NULL */
	uint32_t causes;		/* bit (1 << reason) per cause */
	uint32_t expires;		/* s */
	uint64_t start;			/* ns since the epoch */
	uint64_t duration;		/* ms */
	uint64_t pkts_client;
	uint64_t pkts_server;
	uint64_t bytes_client;
	uint64_t bytes_server;
	char history[32];
};

/*
 * Fill @s from a RSTGUARD_A_SESSION nest. Returns -1 when the record lacks
 * a valid family, addresses or ports; other attributes default to zero.
 */
int session_parse(const struct nlattr *nest, struct session *s);
/*
 * Print one record: a line of text, or a JSON object. An event (@s->event)
 * starts with what it is: "end" with the reason and causes, or "alert"
 * with the signature.
 */
void session_print(const struct session *s);

#endif
