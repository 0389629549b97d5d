/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RSTGUARD_TOOL_H
#define RSTGUARD_TOOL_H

#include "nl.h"
#include "words.h"
#include "../kmod/version.h"

/* The tool and the module are released together. */
#define RSTGUARD_TOOL_VERSION RSTGUARD_VERSION

/*
 * One handler per object: argv starts after the object's name. A handler
 * checks all its arguments first, then opens @nl with rg_nl_connect(), so
 * that a usage mistake is reported without talking to the kernel.
 */
int do_version(struct rg_nl *nl, int argc, char **argv);
int do_stats(struct rg_nl *nl, int argc, char **argv);
int do_config(struct rg_nl *nl, int argc, char **argv);
int do_session(struct rg_nl *nl, int argc, char **argv);
int do_monitor(struct rg_nl *nl, int argc, char **argv);
int do_rule(struct rg_nl *nl, int argc, char **argv);
int do_sig(struct rg_nl *nl, int argc, char **argv);
int do_save(struct rg_nl *nl, int argc, char **argv);
int do_restore(struct rg_nl *nl, int argc, char **argv);

/* Print "Error: ..." for a usage mistake and return the exit status. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A request that takes no arguments and no attributes ("rule flush"):
 * refuses @argc > 0, connects, sends @cmd. Returns 0; 1 after a usage or
 * connection error, printed; -1 with errno set when the kernel refused it,
 * for the caller to print in its own words.
 */
int request_bare(struct rg_nl *nl, uint8_t cmd, int argc, char **argv);

#endif
