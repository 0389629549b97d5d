// SPDX-License-Identifier: GPL-2.0
/* Text or JSON output through the same calls; see json_print.h. */
#include <stdio.h>
#include "json_print.h"

bool json;

/* Nesting depth and whether the current level already has a member. */
static int depth;
static bool has_member[32];

static void json_sep(const char *key)
{
	if (depth > 0 && has_member[depth - 1])
		putchar(',');
	if (depth > 0)
		has_member[depth - 1] = true;
	if (key)
		printf("\"%s\":", key);
}

static void json_open(const char *key, char c)
{
	json_sep(key);
	putchar(c);
	has_member[depth++] = false;
}

void open_json_object(const char *key)
{
	if (json)
		json_open(key, '{');
}

void close_json_object(void)
{
	if (json) {
		depth--;
		putchar('}');
	}
}

void open_json_array(const char *key)
{
	if (json)
		json_open(key, '[');
}

void close_json_array(void)
{
	if (json) {
		depth--;
		putchar(']');
	}
}

void print_u64(const char *key, const char *fmt, uint64_t val)
{
	if (json) {
		json_sep(key);
		printf("%llu", (unsigned long long)val);
	} else if (fmt) {
		printf(fmt, (unsigned long long)val);
	}
}

void print_s64(const char *key, const char *fmt, int64_t val)
{
	if (json) {
		json_sep(key);
		printf("%lld", (long long)val);
	} else if (fmt) {
		printf(fmt, (long long)val);
	}
}

void print_fixed(const char *key, const char *fmt, uint64_t val,
		 unsigned int decimals)
{
	unsigned long long scale = 1;
	char num[48];
	unsigned int i;

	for (i = 0; i < decimals; i++)
		scale *= 10;
	if (decimals)
		snprintf(num, sizeof(num), "%llu.%0*llu",
			 (unsigned long long)val / scale, (int)decimals,
			 (unsigned long long)val % scale);
	else
		snprintf(num, sizeof(num), "%llu", (unsigned long long)val);
	if (json) {
		json_sep(key);
		fputs(num, stdout);
	} else if (fmt) {
		printf(fmt, num);
	}
}

void print_on_off(const char *key, const char *fmt, bool val)
{
	if (json) {
		json_sep(key);
		fputs(val ? "true" : "false", stdout);
	} else if (fmt) {
		printf(fmt, val ? "on" : "off");
	}
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

void print_str(const char *key, const char *fmt, const char *val)
{
	if (json) {
		json_sep(key);
		json_string(val);
	} else if (fmt) {
		printf(fmt, val);
	}
}

void print_null(const char *key)
{
	if (json) {
		json_sep(key);
		fputs("null", stdout);
	}
}

void print_text(const char *text)
{
	if (!json)
		fputs(text, stdout);
}

void print_json_end(void)
{
	if (json)
		putchar('\n');
	fflush(stdout);
}
