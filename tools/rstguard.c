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
#include "rule.h"
#include "sig_parse.h"
#include "tcp_track.h"

/* "{ a | b | c }" over every name @name(i) gives for i < @n, wrapped. */
static void name_list(FILE *f, const char *(*name)(int), int n, int indent)
{
	int i, col = indent + 2;

	fputs("{", f);
	for (i = 0; i < n; i++) {
		int len = strlen(name(i));

		if (i > 0 && col + 3 + len + 2 > 76) {
			fprintf(f, " |\n%*s", indent + 2, "");
			col = indent + 2;
		} else {
			col += fprintf(f, "%s", i > 0 ? " | " : " ");
		}
		col += fprintf(f, "%s", name(i));
	}
	fputs(" }\n", f);
}

static const char *timeout_name(int i)
{
	return rg_tcp_timeout_name(i);
}

static const char *state_name(int i)
{
	return rg_tcp_state_name(i);
}

static const char *action_name(int i)
{
	return rg_action_name(i);
}

static const char *sig_action_name(int i)
{
	return rg_sig_action_name(i);
}

static void usage(FILE *f)
{
	fputs("Usage: rstguard [OPTIONS] OBJECT [COMMAND [ARGS]]\n"
	      "OBJECT := { version | stats | config | session | rule | sig | monitor |\n"
	      "            save | restore | help }\n"
	      "OPTIONS := { -j[son] | -n[etns] NAME | -V[ersion] | -h[elp] }\n"
	      "\n"
	      "  rstguard version             versions of the tool and the module\n"
	      "  rstguard stats [show]        counters of this network namespace\n"
	      "  rstguard config [show]       timeouts, session limit, logging, policy\n"
	      "  rstguard config set SETTING...\n"
	      "      SETTING := { timeout NAME SECONDS | limit SESSIONS |\n"
	      "                   log { none | threats | all } |\n"
	      "                   strict { on | off } | fail-open { on | off } |\n"
	      "                   default-action ACTION |\n"
	      "                   reset-on-aged-out { on | off } |\n"
	      "                   rematch { on | off } | offload-mark MARK }\n"
	      "      NAME := ", f);
	name_list(f, timeout_name, RSTGUARD_TIMEOUT_MAX + 1, 14);
	fputs("  rstguard session [list] [FILTER...]\n"
	      "      FILTER := { family { inet | inet6 } | addr ADDR | port PORT |\n"
	      "                  state STATE }\n"
	      "      STATE := ", f);
	name_list(f, state_name, RSTGUARD_TCP_MAX + 1, 15);
	fputs("  rstguard session kill src ADDR sport PORT dst ADDR dport PORT\n"
	      "  rstguard session flush       end every session\n"
	      "  rstguard rule [list]         the policy rules in order, with hits\n"
	      "  rstguard rule add [pos N] [name NAME] RULE\n"
	      "      RULE := [family { inet | inet6 }] [from PREFIX] [to PREFIX]\n"
	      "              [sport PORT[-PORT]] [dport PORT[-PORT]]\n"
	      "              [iif DEV] [oif DEV] action ACTION\n"
	      "      ACTION := ", f);
	name_list(f, action_name, RSTGUARD_ACTION_MAX + 1, 16);
	fputs("  rstguard rule del { ID | name NAME }\n"
	      "  rstguard rule flush          delete every rule\n"
	      "  rstguard rule save           print the rules as restore reads them\n"
	      "  rstguard rule restore { FILE | - }\n"
	      "                               replace all rules at once\n"
	      "  rstguard sig [list]          the signatures, with hits\n"
	      "  rstguard sig add id ID [msg TEXT] CONTENT... [data-at N]\n"
	      "                   [data-after N] [dir DIR] [port PORT[-PORT]]\n"
	      "                   action SIGACTION\n"
	      "      CONTENT := content TEXT [nocase] [offset N] [depth N]\n"
	      "                 [distance N] [within N]   (relative to the one before)\n"
	      "      TEXT := Snort content syntax: text, |hex bytes|, \\\" \\; \\\\ \\: \\|\n"
	      "      DIR := { to-server | to-client | any }\n"
	      "      SIGACTION := ", f);
	name_list(f, sig_action_name, RSTGUARD_SIG_ACTION_MAX + 1, 19);
	fputs("  rstguard sig del ID\n"
	      "  rstguard sig flush           delete every signature\n"
	      "  rstguard sig save            print the signatures as rules import reads\n"
	      "  rstguard sig import { FILE | - } [action SIGACTION] [check] [strict]\n"
	      "                   [-v]        replace all signatures with the rules of\n"
	      "                               a Snort or Suricata file that rstguard\n"
	      "                               can honour; say what was skipped, and why\n"
	      "                               (strict: any rule skipped is an error)\n"
	      "  rstguard monitor             print session ends and alerts as they happen\n"
	      "  rstguard save                print the settings, rules and signatures\n"
	      "                               as restore reads them\n"
	      "  rstguard restore { FILE | - } [check]\n"
	      "                               check the whole file, then apply it: the\n"
	      "                               settings, the rules and the signatures,\n"
	      "                               each replaced at once; check: only check\n"
	      "  rstguard help                this text\n"
	      "\n"
	      "-j prints JSON (monitor: one object per line). Every command but\n"
	      "'version' needs CAP_NET_ADMIN in the network namespace's user\n"
	      "namespace. See rstguard(8).\n", f);
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

int request_bare(struct rg_nl *nl, uint8_t cmd, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	if (argc > 0)
		return usage_error("unexpected argument \"%s\"", argv[0]);
	if (rg_nl_connect(nl))
		return 1;
	return rg_nl_talk(nl, rg_nl_msg(nl, buf, cmd, 0), NULL, NULL);
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
	{ "config",	do_config },
	{ "session",	do_session },
	{ "monitor",	do_monitor },
	{ "rule",	do_rule },
	{ "sig",	do_sig },
	{ "save",	do_save },
	{ "restore",	do_restore },
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
	if (!strcmp(argv[0], "help")) {
		if (argc > 1)
			return usage_error("unexpected argument \"%s\"", argv[1]);
		usage(stdout);
		return 0;
	}
	for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++) {
		if (strcmp(argv[0], objects[i].name))
			continue;
		/* The object parses its arguments, then calls rg_nl_connect(). */
		memset(&nl, 0, sizeof(nl));
		ret = objects[i].fn(&nl, argc - 1, argv + 1);
		rg_nl_close(&nl);
		return ret;
	}
	return usage_error("unknown object \"%s\"", argv[0]);
}
