/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RSTGUARD_TOOL_H
#define RSTGUARD_TOOL_H

#include "nl.h"
#include "../kmod/version.h"

/* The tool and the module are released together. */
#define RSTGUARD_TOOL_VERSION RSTGUARD_VERSION

/* One handler per object: argv starts after the object's name. */
int do_version(struct rg_nl *nl, int argc, char **argv);
int do_stats(struct rg_nl *nl, int argc, char **argv);

/* Print "Error: ..." for a usage mistake and return the exit status. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
