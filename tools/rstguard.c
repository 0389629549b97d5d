// SPDX-License-Identifier: GPL-2.0
/*
 * rstguard: command line interface of the rstguard TCP session guard.
 * Usage: rstguard [OPTIONS] OBJECT [COMMAND [ARGS]], as iproute2.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "json_print.h"
#include "rstguard.h"

static void usage(FILE *f)
{
	fputs("Usage: rstguard [OPTIONS] OBJECT [COMMAND [ARGS]]\n"
	      "OBJECT := { version | stats }\n"
	      "OPTIONS := { -j[son] | -n[etns] NAME | -V[ersion] | -h[elp] }\n"
	      "\n"
	      "  rstguard version        versions of the tool and the module\n"
	      "  rstguard stats [-j]     counters of this network namespace\n"
	      "\n"
	      "Needs CAP_NET_ADMIN in the network namespace's user namespace,\n"
	      "except for 'version'. See rstguard(8).\n", f);
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("Error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'rstguard -h' for help.\n", stderr);
	return 1;
}

/* Like `ip -n NAME`: work in the namespace that `ip netns add` named. */
static int enter_netns(const char *name)
{
	char path[PATH_MAX];
	int fd, err;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "Error: netns %s: %s\n", name, strerror(errno));
		return -1;
	}
	err = setns(fd, CLONE_NEWNET);
	close(fd);
	if (err) {
		fprintf(stderr, "Error: netns %s: %s\n", name, strerror(errno));
		return -1;
	}
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(struct rg_nl *nl, int argc, char **argv);
} objects[] = {
	{ "version",	do_version },
	{ "stats",	do_stats },
};

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json",	no_argument,		NULL, 'j' },
		{ "netns",	required_argument,	NULL, 'n' },
		{ "Version",	no_argument,		NULL, 'V' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct rg_nl nl;
	unsigned int i;
	int opt, ret;

	/* '+': options end at the object, whose own words may start with -. */
	while ((opt = getopt_long_only(argc, argv, "+jn:Vh", opts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'n':
			if (enter_netns(optarg))
				return 1;
			break;
		case 'V':
			printf("rstguard %s\n", RSTGUARD_TOOL_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return 1;
	}
	for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++) {
		if (strcmp(argv[0], objects[i].name))
			continue;
		if (rg_nl_open(&nl)) {
			rg_nl_perror("cannot reach the rstguard module");
			return 1;
		}
		ret = objects[i].fn(&nl, argc - 1, argv + 1);
		rg_nl_close(&nl);
		return ret;
	}
	return usage_error("unknown object \"%s\"", argv[0]);
}
