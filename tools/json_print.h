/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One printer for both outputs, after iproute2's json_print: commands call
 * print_u64() and friends once, and the same calls produce text or JSON.
 */
#ifndef RSTGUARD_JSON_PRINT_H
#define RSTGUARD_JSON_PRINT_H

#include <stdbool.h>
#include <stdint.h>

extern bool json;	/* -j */

void open_json_object(const char *key);
void close_json_object(void);
void open_json_array(const char *key);
void close_json_array(void);
/*
 * Text: fmt is a printf format for the value, or NULL to print nothing;
 * JSON: "key": value (no key inside an array).
 */
void print_u64(const char *key, const char *fmt, uint64_t val);
void print_s64(const char *key, const char *fmt, int64_t val);
void print_str(const char *key, const char *fmt, const char *val);
/* val / 10^decimals as a JSON number; text: fmt takes it as a string (%s). */
void print_fixed(const char *key, const char *fmt, uint64_t val,
		 unsigned int decimals);
/* JSON true/false; text: fmt takes "on" or "off" (%s). */
void print_on_off(const char *key, const char *fmt, bool val);
/* JSON only: "key": null. */
void print_null(const char *key);
/* Text only. */
void print_text(const char *text);
/* Ends a document: a newline after the JSON value. */
void print_json_end(void);

#endif
