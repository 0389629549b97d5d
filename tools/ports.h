/* SPDX-License-Identifier: GPL-2.0 */
/* Port ranges as "rule" and "sig" words: P or P-Q, inclusive. */
#ifndef RSTGUARD_PORTS_H
#define RSTGUARD_PORTS_H

#include <stddef.h>
#include <stdint.h>

/* Returns 0, or -1 with what is wrong in @err. */
int parse_port_range(const char *arg, uint16_t *min, uint16_t *max,
		     char *err, size_t errlen);
/* "P" or "P-Q" */
void format_ports(char *buf, size_t len, uint16_t min, uint16_t max);

#endif
