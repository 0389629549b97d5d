// SPDX-License-Identifier: GPL-2.0
/*
 * Zeek-style connection history, packed into one u64 per session.
 *
 * Slot i holds a 5-bit code in bits 5*i..5*i+4; code 0 marks the end. Bit 63
 * says a letter was dropped because all slots were taken. Codes are
 * 1 + 2 * event + server for sided events and RG_HIST_CODE_PICKUP for '^'.
 */
#include "history.h"

#define RG_HIST_BITS		5
#define RG_HIST_MASK		((1ULL << RG_HIST_BITS) - 1)
#define RG_HIST_OVERFLOW	BIT_ULL(63)
#define RG_HIST_CODE_PICKUP	(1 + 2 * RG_HIST_PICKUP)

static_assert(RG_HISTORY_SLOTS * RG_HIST_BITS < 63,
	      "history slots and the overflow bit must fit in a u64");
static_assert(RG_HIST_CODE_PICKUP <= RG_HIST_MASK,
	      "history codes must fit in a slot");

/* Indexed by code: client letter at odd codes, server letter right after. */
static const char rg_hist_letters[] = "?SsHhAaDdFfRrTtWwIi^";

static_assert(sizeof(rg_hist_letters) == RG_HIST_CODE_PICKUP + 2,
	      "one letter per history code");

void rg_history_note(struct rg_history *h, enum rg_hist_event ev, bool server)
{
	unsigned int i;
	u64 code;

	if ((unsigned int)ev >= __RG_HIST_MAX)
		return;
	if (ev == RG_HIST_PICKUP)
		code = RG_HIST_CODE_PICKUP;
	else
		code = 1 + 2 * ev + server;

	for (i = 0; i < RG_HISTORY_SLOTS; i++) {
		u64 slot = (h->slots >> (i * RG_HIST_BITS)) & RG_HIST_MASK;

		if (slot == code)
			return;
		if (!slot) {
			h->slots |= code << (i * RG_HIST_BITS);
			return;
		}
	}
	h->slots |= RG_HIST_OVERFLOW;
}

/*
 * Writes the letters to @buf, NUL-terminated and truncated to fit @len
 * (RG_HISTORY_STRLEN always suffices). Returns the number of characters
 * written, not counting the NUL.
 */
size_t rg_history_format(const struct rg_history *h, char *buf, size_t len)
{
	size_t n = 0;
	unsigned int i;

	if (!len)
		return 0;

	for (i = 0; i < RG_HISTORY_SLOTS && n + 1 < len; i++) {
		u64 code = (h->slots >> (i * RG_HIST_BITS)) & RG_HIST_MASK;

		if (!code)
			break;
		buf[n++] = code <= RG_HIST_CODE_PICKUP ?
			   rg_hist_letters[code] : '?';
	}
	if ((h->slots & RG_HIST_OVERFLOW) && n + 1 < len)
		buf[n++] = '+';
	buf[n] = '\0';
	return n;
}
