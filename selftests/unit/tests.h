/* SPDX-License-Identifier: GPL-2.0 */
/* The suites ktap.c runs, one per test file, in this order. */
#ifndef _RG_TESTS_H
#define _RG_TESTS_H

#include "ktap.h"

extern const struct rg_suite rg_suite_seq;
extern const struct rg_suite rg_suite_end_reason;
extern const struct rg_suite rg_suite_history;
extern const struct rg_suite rg_suite_tcp_basic;
extern const struct rg_suite rg_suite_tcp_rst;
extern const struct rg_suite rg_suite_tcp_close;
extern const struct rg_suite rg_suite_tcp_window;
extern const struct rg_suite rg_suite_tcp_random;
extern const struct rg_suite rg_suite_rule;
extern const struct rg_suite rg_suite_ac;
extern const struct rg_suite rg_suite_sig_match;
extern const struct rg_suite rg_suite_seg_hash;
extern const struct rg_suite rg_suite_sig_parse;
extern const struct rg_suite rg_suite_words;

#endif /* _RG_TESTS_H */
