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
	} else {
		printf(fmt, (unsigned long long)val);
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
	} else {
		printf(fmt, val);
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
