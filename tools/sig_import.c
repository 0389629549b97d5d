// SPDX-License-Identifier: GPL-2.0
/*
 * rstguard sig import { FILE | - } [action ACTION] [check] [strict] [-v]:
 * read a Snort 2, Snort 3 or Suricata rules file and check every line of
 * it, then replace the signature set with the rules that load, in one
 * SIG_REPLACE request the module swaps in at once. A rule rstguard cannot
 * honour exactly, or cannot read at all ("unreadable"), is skipped, and
 * the summary says how many were skipped for what, and what loaded wider
 * than the rule said (addresses, port variables), so that nothing is
 * silent. With strict, any rule skipped fails the whole import.
 */
#define _GNU_SOURCE		/* getline() */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rstguard.h>
#include "json_print.h"
#include "rstguard.h"
#include "sig.h"
#include "sig_match.h"

struct import_args {
	const char *fname;
	int action;		/* RG_SIG_ACTION_RULE or an override */
	bool check;		/* read and count only */
	bool strict;		/* a rule skipped is an error */
	bool verbose;
};

/* With -v: each rule skipped or widened, in file order. */
struct notes {
	struct rg_sig_result *r;
	unsigned int n, cap;
};

static int note_add(struct notes *notes, const struct rg_sig_result *res)
{
	if (notes->n == notes->cap) {
		unsigned int cap = notes->cap ? notes->cap * 2 : 64;
		void *p = realloc(notes->r, cap * sizeof(*notes->r));

		if (!p)
			return -1;
		notes->r = p;
		notes->cap = cap;
	}
	notes->r[notes->n++] = *res;
	return 0;
}

static int parse_args(struct import_args *a, int argc, char **argv)
{
	int i, action;

	a->action = RG_SIG_ACTION_RULE;
	if (argc < 1)
		return usage_error("sig import needs a file name, or - for standard input");
	a->fname = argv[0];
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v") && !a->verbose) {
			a->verbose = true;
		} else if (!strcmp(argv[i], "check") && !a->check) {
			a->check = true;
		} else if (!strcmp(argv[i], "strict") && !a->strict) {
			a->strict = true;
		} else if (!strcmp(argv[i], "action") &&
			   a->action == RG_SIG_ACTION_RULE) {
			if (++i == argc)
				return usage_error("action needs a value");
			action = rg_sig_action_parse(argv[i]);
			if (action < 0)
				return usage_error("unknown action \"%s\"", argv[i]);
			a->action = action;
		} else if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "check") ||
			   !strcmp(argv[i], "strict") ||
			   !strcmp(argv[i], "action")) {
			return usage_error("\"%s\" given twice", argv[i]);
		} else {
			return usage_error("unexpected argument \"%s\"", argv[i]);
		}
	}
	return 0;
}

/* Read and check the whole file; print the first error and return -1. */
static int read_rules(FILE *f, const char *fname, struct rg_sig_import *imp,
		      struct notes *notes, bool verbose)
{
	struct rg_sig_result res;
	unsigned int lineno = 0;
	size_t cap = 0;
	char *line = NULL;
	ssize_t len;
	int ret = -1;

	while ((len = getline(&line, &cap, f)) >= 0) {
		if (rg_sig_import_line(imp, line, len, ++lineno, &res))
			goto bad;
		if (verbose && (res.status == RG_SIG_SKIPPED ||
				(res.status == RG_SIG_LOADED && res.detail[0])) &&
		    note_add(notes, &res)) {
			fprintf(stderr, "Error: %s: %s\n", fname, strerror(ENOMEM));
			goto out;
		}
	}
	if (ferror(f)) {
		fprintf(stderr, "Error: %s: %s\n", fname, strerror(errno));
		goto out;
	}
	if (rg_sig_import_end(imp, &res))
		goto bad;
	ret = 0;
	goto out;
bad:
	fprintf(stderr, "Error: %s:%u: %s\n", fname, res.line, res.detail);
out:
	free(line);
	return ret;
}

/*
 * One SIG_REPLACE request with every signature, each a top-level
 * RSTGUARD_A_SIG attribute in file order (a nest around them all would
 * cap the set at 64 KiB: an attribute's length is 16 bits); sent, and on
 * failure the line of the signature the kernel blamed named.
 */
static int load(struct rg_nl *nl, const struct rg_sig_import *imp,
		const char *fname)
{
	struct sig_req r;
	unsigned int i;
	int ret = -1;

	if (sig_req_init(&r))
		goto nomem;
	for (i = 0; i < imp->n; i++)
		if (sig_req_add(&r, &imp->sigs[i], imp->lines[i]))
			goto nomem;
	if (!rg_nl_connect(nl))
		ret = sig_req_send(nl, &r, fname, "sig import");
	sig_req_free(&r);
	return ret;
nomem:
	fprintf(stderr, "Error: sig import: %s\n", strerror(ENOMEM));
	sig_req_free(&r);
	return -1;
}

static const char *const wide_text[RG_SIG_WIDE_BITS] = {
	"with their addresses ignored: signatures match no addresses",
	"with a port variable, list or negation treated as any port",
	"with their client port ignored: signatures match the server port only",
	"with a service matched on every TCP port: rstguard identifies no services",
};

static const char *const wide_key[RG_SIG_WIDE_BITS] = {
	"addresses_ignored", "ports_widened", "client_ports_ignored",
	"services_widened",
};

static void print_notes_text(const struct import_args *a,
			     const struct notes *notes)
{
	unsigned int i;

	for (i = 0; i < notes->n; i++) {
		const struct rg_sig_result *r = &notes->r[i];

		printf("%s:%u: ", a->fname, r->line);
		/* "var", "include" and unreadable lines may have none */
		if (r->sid)
			printf("sid %u: ", r->sid);
		if (r->status == RG_SIG_LOADED)
			printf("loaded: %s\n", r->detail);
		else if (!strcmp(r->reason, "unreadable"))
			printf("skipped: unreadable: %s\n", r->detail);
		else if (r->detail[0] && strcmp(r->detail, r->reason))
			printf("skipped: %s (%s)\n", r->reason, r->detail);
		else
			printf("skipped: %s\n", r->reason);
	}
}

static void print_notes_json(const struct notes *notes)
{
	unsigned int i;

	open_json_array("notes");
	for (i = 0; i < notes->n; i++) {
		const struct rg_sig_result *r = &notes->r[i];

		open_json_object(NULL);
		print_u64("line", NULL, r->line);
		if (r->sid)
			print_u64("sid", NULL, r->sid);
		else
			print_null("sid");
		print_str("result", NULL,
			  r->status == RG_SIG_LOADED ? "loaded" : "skipped");
		if (r->status == RG_SIG_SKIPPED)
			print_str("reason", NULL, r->reason);
		print_str("detail", NULL, r->detail);
		close_json_object();
	}
	close_json_array();
}

/*
 * What the module's matcher may hold per session and direction for these
 * signatures: the window, and the table at its largest.
 */
static void print_matcher_memory(const struct rg_sig_import *imp)
{
	struct rg_sm_content out[RSTGUARD_SIG_CONTENTS_MAX];
	struct rg_sm_def d[RSTGUARD_SIG_CONTENTS_MAX];
	uint32_t window = 0, keys = 0, run = 0;
	unsigned int i, j;
	char fmt[160];

	for (i = 0; i < imp->n; i++) {
		const struct rg_sig *sig = &imp->sigs[i];
		uint32_t runs = run;
		bool simple;

		rg_sig_sm_defs(sig, d);
		rg_sm_layout(d, sig->n, &run, out, &simple);
		for (j = 0; j < sig->n; j++)
			if (out[j].run_first != j || !(out[j].flags & RG_SM_RUN_END))
				window = window > out[j].span ? window : out[j].span;
		if (!simple || sig->has_data_at || sig->has_data_after)
			keys += run - runs + (sig->has_data_at || sig->has_data_after);
	}
	snprintf(fmt, sizeof(fmt),
		 "  per session and direction: a window of %zu bytes, a table of at most %zu bytes\n",
		 rg_sm_window_bytes(window), rg_sm_table_bytes_max(keys));
	print_u64("window_bytes", fmt, rg_sm_window_bytes(window));
	print_u64("table_bytes_max", NULL, rg_sm_table_bytes_max(keys));
}

static void print_summary(const struct import_args *a,
			  const struct rg_sig_import *imp,
			  const struct notes *notes)
{
	unsigned int i;
	char fmt[160];

	if (!json)
		print_notes_text(a, notes);
	open_json_object(NULL);
	print_str("file", NULL, a->fname);
	print_on_off("check", NULL, a->check);
	snprintf(fmt, sizeof(fmt), "%s %%llu signature%s",
		 a->check ? "would load" : "loaded", imp->n == 1 ? "" : "s");
	print_u64("loaded", fmt, imp->n);
	print_u64("skipped", imp->skipped ? "; skipped %llu:" : NULL,
		  imp->skipped);
	open_json_object("reasons");
	for (i = 0; i < imp->nreasons; i++) {
		snprintf(fmt, sizeof(fmt), "%s %%llu %s", i ? "," : "",
			 imp->reasons[i].reason);
		print_u64(imp->reasons[i].reason, fmt, imp->reasons[i].n);
	}
	close_json_object();
	print_text("\n");
	for (i = 0; i < RG_SIG_WIDE_BITS; i++) {
		snprintf(fmt, sizeof(fmt), "  %%llu loaded %s\n", wide_text[i]);
		print_u64(wide_key[i], imp->wide[i] ? fmt : NULL, imp->wide[i]);
	}
	print_matcher_memory(imp);
	if (a->action == RG_SIG_ACTION_RULE) {
		print_null("action");
	} else {
		snprintf(fmt, sizeof(fmt), "  every one with action %%s\n");
		print_str("action", fmt, rg_sig_action_name(a->action));
	}
	if (json && a->verbose)
		print_notes_json(notes);
	close_json_object();
	print_json_end();
}

int sig_import(struct rg_nl *nl, int argc, char **argv)
{
	struct notes notes = { NULL, 0, 0 };
	struct rg_sig_import imp;
	struct import_args a = { 0 };
	int ret = 1;
	FILE *f;

	if (parse_args(&a, argc, argv))
		return 1;
	if (!strcmp(a.fname, "-")) {
		f = stdin;
		a.fname = "<stdin>";
	} else {
		f = fopen(a.fname, "r");
		if (!f) {
			fprintf(stderr, "Error: %s: %s\n", a.fname,
				strerror(errno));
			return 1;
		}
	}
	rg_sig_import_init(&imp, a.action);
	imp.strict = a.strict;
	if (read_rules(f, a.fname, &imp, &notes, a.verbose))
		goto out;
	rg_sig_import_sort(&imp);
	/* An empty set would replace the loaded one: "sig flush" says so. */
	if (!imp.n && !a.check) {
		if (!json)
			print_notes_text(&a, &notes);
		fprintf(stderr, "Error: %s: no rule loads (%u skipped); nothing changed (\"sig flush\" empties the set)\n",
			a.fname, imp.skipped);
		goto out;
	}
	if (!a.check && load(nl, &imp, a.fname))
		goto out;
	print_summary(&a, &imp, &notes);
	ret = 0;
out:
	if (f != stdin)
		fclose(f);
	rg_sig_import_free(&imp);
	free(notes.r);
	return ret;
}
