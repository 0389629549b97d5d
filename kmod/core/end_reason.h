/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Session end reasons: a set of causes and the PAN-OS precedence among them.
 *
 * Every cause seen during a session is kept as a bit, RG_END_BIT(reason), in
 * a u16; the reason reported in records, events and logs is the cause of
 * highest precedence (rg_end_reason_pick()). The precedence is an explicit
 * table in end_reason.c, not the enum's numbering.
 */
#ifndef _RG_CORE_END_REASON_H
#define _RG_CORE_END_REASON_H

#include "types.h"
#include <linux/rstguard.h>

#define RG_END_BIT(reason)	((u16)(1U << (reason)))
#define RG_END_ALL		((u16)((1U << __RSTGUARD_END_MAX) - 1))

/* Longest name returned by rg_end_reason_name(), without the NUL. */
#define RG_END_NAME_MAX		21

enum rstguard_end_reason rg_end_reason_pick(u16 causes);
unsigned int rg_end_reason_rank(enum rstguard_end_reason reason);
const char *rg_end_reason_name(enum rstguard_end_reason reason);
int rg_end_reason_parse(const char *name);

#endif /* _RG_CORE_END_REASON_H */
