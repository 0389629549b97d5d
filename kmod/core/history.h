/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Zeek-style connection history: letters in order of first occurrence,
 * upper case for the client, lower case for the server.
 *
 *	S  SYN without ACK		H  SYN with ACK
 *	A  pure ACK			D  segment with payload
 *	F  FIN				R  exact RST (one the receiver takes)
 *	T  retransmission		W  zero window advertised
 *	I  invalid or inconsistent segment (out of window, bad flags, an
 *	   inexact RST)
 *	^  picked up mid-stream (the client was guessed, not seen)
 *
 * Unlike Zeek, each letter is recorded once per side. The record keeps the
 * first RG_HISTORY_SLOTS letters in 8 bytes (5-bit codes); later new letters
 * are dropped and the formatted string ends in '+'.
 */
#ifndef _RG_CORE_HISTORY_H
#define _RG_CORE_HISTORY_H

#include "types.h"

enum rg_hist_event {
	RG_HIST_SYN,
	RG_HIST_SYNACK,
	RG_HIST_ACK,
	RG_HIST_DATA,
	RG_HIST_FIN,
	RG_HIST_RST,
	RG_HIST_RETRANS,
	RG_HIST_ZERO_WIN,
	RG_HIST_INVALID,
	RG_HIST_PICKUP,		/* has no side */

	__RG_HIST_MAX
};

struct rg_history {
	u64 slots;
};

#define RG_HISTORY_SLOTS	12
/* Buffer size that always holds the string: letters, '+', NUL. */
#define RG_HISTORY_STRLEN	(RG_HISTORY_SLOTS + 2)

static inline void rg_history_init(struct rg_history *h)
{
	h->slots = 0;
}

void rg_history_note(struct rg_history *h, enum rg_hist_event ev, bool server);
size_t rg_history_format(const struct rg_history *h, char *buf, size_t len);

#endif /* _RG_CORE_HISTORY_H */
