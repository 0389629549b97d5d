// SPDX-License-Identifier: GPL-2.0
/* Port ranges as "rule" and "sig" words; see ports.h. */
#include <stdio.h>
#include <string.h>
#include "ports.h"
#include "words.h"

int parse_port_range(const char *arg, uint16_t *min, uint16_t *max,
		     char *err, size_t errlen)
{
	char str[16];
	char *dash;
	uint32_t lo, hi;

	if (strlen(arg) >= sizeof(str))
		goto bad;
	strcpy(str, arg);
	dash = strchr(str, '-');
	if (dash)
		*dash = '\0';
	if (parse_u32(str, 65535, &lo))
		goto bad;
	hi = lo;
	if (dash && parse_u32(dash + 1, 65535, &hi))
		goto bad;
	if (lo > hi) {
		snprintf(err, errlen, "\"%s\" is an empty port range", arg);
		return -1;
	}
	*min = lo;
	*max = hi;
	return 0;
bad:
	snprintf(err, errlen, "\"%s\" is not a port or a port range (0-65535)",
		 arg);
	return -1;
}

void format_ports(char *buf, size_t len, uint16_t min, uint16_t max)
{
	if (min == max)
		snprintf(buf, len, "%u", min);
	else
		snprintf(buf, len, "%u-%u", min, max);
}
