// SPDX-License-Identifier: GPL-2.0
/*
 * rstguard save, rstguard restore { FILE | - } [check]: the whole state of
 * a namespace (its settings, rules and signatures) as one file of
 * "config set", "rule add" and "sig add" lines, and back.
 *
 * restore reads and checks the whole file, then has the module check it
 * too, by applying it to a network namespace of its own that nothing else
 * sees, and only then changes the namespace. The ABI has no request that
 * changes settings, rules and signatures together: each of the three is
 * swapped in at once by its own request (CONFIG_SET, RULE_REPLACE,
 * SIG_REPLACE), one after the other, with rematch held off until the
 * policy is whole, so that live sessions are evaluated once, against the
 * new policy. If a step fails all the same (no memory), the steps before
 * it are undone from what was read before the first one.
 * Documentation/rstguard.8 says what that guarantees, and what not.
 */
#define _GNU_SOURCE		/* getline(), unshare(), setns() */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/rstguard.h>
#include "json_print.h"
#include "rstguard.h"
#include "sig.h"
#include "sig_words.h"
#include "state.h"

#define ERR_MAX		256
/* "sig add" with 8 contents and every modifier takes 68 words. */
#define WORDS_MAX	128

/* The ids of the file's signatures, to refuse one given twice. */
struct id_set {
	struct id_slot {
		uint32_t id;		/* 0: empty (ids start at 1) */
		unsigned int line;
	} *slots;
	size_t size;			/* a power of 2, or 0 */
	unsigned int n;
};

static struct id_slot *id_slot(struct id_slot *slots, size_t size,
			       uint32_t id)
{
	size_t i = (id * 0x9e3779b1U) & (size - 1);

	while (slots[i].id && slots[i].id != id)
		i = (i + 1) & (size - 1);
	return &slots[i];
}

/*
 * Add @id of line @line. Returns 0, the line it was given on first, or -1
 * without memory.
 */
static long id_add(struct id_set *set, uint32_t id, unsigned int line)
{
	struct id_slot *slot;

	if ((set->n + 1) * 2 > set->size) {
		size_t size = set->size ? set->size * 2 : 1024, i;
		struct id_slot *slots = calloc(size, sizeof(*slots));

		if (!slots)
			return -1;
		for (i = 0; i < set->size; i++)
			if (set->slots[i].id)
				*id_slot(slots, size, set->slots[i].id) =
					set->slots[i];
		free(set->slots);
		set->slots = slots;
		set->size = size;
	}
	slot = id_slot(set->slots, set->size, id);
	if (slot->id)
		return slot->line;
	slot->id = id;
	slot->line = line;
	set->n++;
	return 0;
}

/* What a restore file asks for. */
struct state {
	const char *fname;
	struct config cfg;		/* the settings it names */
	unsigned int settings;
	struct ruleset rules;
	struct sig_req sigs;
	struct id_set ids;
};

static int line_err(char *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int line_err(char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, ERR_MAX, fmt, ap);
	va_end(ap);
	return -1;
}

static int sig_line(struct state *st, int argc, char **argv,
		    unsigned int lineno, char *err)
{
	struct rg_sig sig;
	long first;

	if (st->sigs.n == RSTGUARD_SIGS_MAX)
		return line_err(err, "more than %d signatures",
				RSTGUARD_SIGS_MAX);
	if (rg_sig_parse_words(&sig, argc, argv, err))
		return -1;
	first = id_add(&st->ids, sig.id, lineno);
	if (first > 0)
		return line_err(err, "signature id %u is used on line %ld already",
				sig.id, first);
	if (first < 0 || sig_req_add(&st->sigs, &sig, lineno))
		return line_err(err, "%s", strerror(ENOMEM));
	return 0;
}

/* One line of the file into @st; -1 with what is wrong in @err. */
static int state_line(struct state *st, char *line, unsigned int lineno,
		      char *err)
{
	char *w[WORDS_MAX + 1];
	int n;

	n = rg_words_split(line, w, WORDS_MAX, err, ERR_MAX);
	if (n <= 0)
		return n;
	w[n] = NULL;
	if (n >= 2 && !strcmp(w[0], "config") && !strcmp(w[1], "set")) {
		int i, k;

		if (n == 2)
			return line_err(err, "config set needs at least one setting");
		for (i = 2; i < n; i += k) {
			k = config_parse_setting(&st->cfg, n - i, w + i, lineno,
						 err, ERR_MAX);
			if (k < 0)
				return -1;
			st->settings++;
		}
		return 0;
	}
	if (n >= 2 && !strcmp(w[0], "rule") && !strcmp(w[1], "add"))
		return ruleset_add_words(&st->rules, n - 2, w + 2, lineno, err,
					 ERR_MAX);
	if (n >= 2 && !strcmp(w[0], "sig") && !strcmp(w[1], "add"))
		return sig_line(st, n - 2, w + 2, lineno, err);
	return line_err(err, "\"%s%s%s\": a state file holds \"config set\", \"rule add\" and \"sig add\" lines",
			w[0], n > 1 ? " " : "", n > 1 ? w[1] : "");
}

/* Read and check the whole file; print the first error and return -1. */
static int state_read(struct state *st, FILE *f)
{
	unsigned int lineno = 0;
	char err[ERR_MAX] = "";
	size_t cap = 0;
	char *line = NULL;
	ssize_t len;
	int ret = 0;

	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (strlen(line) != (size_t)len) {
			line_err(err, "the line holds a NUL byte");
			goto bad;
		}
		if (state_line(st, line, lineno, err))
			goto bad;
	}
	if (ferror(f)) {
		fprintf(stderr, "Error: %s: %s\n", st->fname, strerror(errno));
		ret = -1;
	}
	free(line);
	return ret;
bad:
	fprintf(stderr, "Error: %s:%u: %s\n", st->fname, lineno, err);
	free(line);
	return -1;
}

/*
 * Send the settings of @c. On failure print the error, naming the line of
 * @fname the setting the module blamed came from when @fname is given.
 */
static int config_send(struct rg_nl *nl, const struct config *c,
		       const char *fname, const char *what)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], words[80], where[400];
	struct nlmsghdr *req;
	unsigned int line;

	req = rg_nl_msg(nl, buf, RSTGUARD_CMD_CONFIG_SET, 0);
	config_put(req, c);
	if (rg_nl_talk(nl, req, NULL, NULL) == 0)
		return 0;
	line = config_bad_setting(c, req, words, sizeof(words));
	if (fname && line)
		snprintf(where, sizeof(where), "%s:%u: %s", fname, line, words);
	else if (words[0])
		snprintf(where, sizeof(where), "%s: %s", what, words);
	else
		snprintf(where, sizeof(where), "%s", what);
	rg_nl_perror(where);
	return -1;
}

/*
 * A socket of a network namespace of its own, made for the module to check
 * the file without touching the namespace it is for; the namespace goes
 * away with the socket. -1 with errno set if this process may not make
 * one (it takes CAP_SYS_ADMIN).
 */
static int scratch_open(struct rg_nl *nl)
{
	int self, err, ret;

	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return -1;
	if (unshare(CLONE_NEWNET)) {
		err = errno;
		close(self);
		errno = err;
		return -1;
	}
	ret = rg_nl_open(nl);
	err = errno;
	/*
	 * Back where the command runs. Should that fail, no harm: nothing
	 * opened after this needs the namespace (the socket to the one being
	 * restored is opened before).
	 */
	(void)setns(self, CLONE_NEWNET);
	close(self);
	errno = err;
	return ret;
}

/* The module refuses nothing of the file: 0; else the error is printed. */
static int module_check(struct rg_nl *scratch, struct state *st,
			struct nlmsghdr *rules_req)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], what[300];

	if (st->settings) {
		snprintf(what, sizeof(what), "%s: settings", st->fname);
		if (config_send(scratch, &st->cfg, st->fname, what))
			return -1;
	}
	snprintf(what, sizeof(what), "%s: rules", st->fname);
	if (ruleset_send(scratch, rules_req, &st->rules, st->fname, what))
		return -1;
	snprintf(what, sizeof(what), "%s: signatures", st->fname);
	if (sig_req_send(scratch, &st->sigs, st->fname, what))
		return -1;
	/* Free the compiled set now rather than with the namespace. */
	rg_nl_talk(scratch, rg_nl_msg(scratch, buf, RSTGUARD_CMD_SIG_FLUSH, 0),
		   NULL, NULL);
	return 0;
}

/* What the namespace holds before restore changes it, to undo a step. */
struct undo {
	struct config cfg;
	struct ruleset rules;
	struct nlmsghdr *rules_req;
	char *rules_buf;
	struct sig_req sigs;
};

static int undo_read(struct rg_nl *nl, struct undo *u)
{
	if (sig_req_init(&u->sigs)) {
		errno = ENOMEM;
		goto err;
	}
	if (config_read(nl, &u->cfg) || ruleset_read(nl, &u->rules) ||
	    sig_req_read(nl, &u->sigs))
		goto err;
	u->rules_req = ruleset_request(&u->rules, &u->rules_buf,
				       "restore: the rules loaded now, which restore would put back if it failed");
	return u->rules_req ? 0 : -1;
err:
	rg_nl_perror("restore: cannot read the namespace's state");
	return -1;
}

static void undo_free(struct undo *u)
{
	ruleset_free(&u->rules);
	free(u->rules_buf);
	sig_req_free(&u->sigs);
}

enum step {
	STEP_QUIET,	/* rematch off */
	STEP_SIGS,
	STEP_RULES,
	STEP_SETTINGS,
};

/* Undo the steps before @failed; say whether the old state is back. */
static void undo_steps(struct rg_nl *nl, struct undo *u, enum step failed)
{
	struct config back = { 0 };
	bool ok = true;

	if (failed > STEP_RULES &&
	    ruleset_send(nl, u->rules_req, &u->rules, "",
			 "restore: undo: rules"))
		ok = false;
	if (failed > STEP_SIGS &&
	    sig_req_send(nl, &u->sigs, "", "restore: undo: signatures"))
		ok = false;
	/* rematch as it was, and a last look at live sessions with it on */
	back.rematch = u->cfg.rematch;
	back.has_rematch = 1;
	back.default_action = u->cfg.default_action;
	back.has_default_action = 1;
	if (failed > STEP_QUIET &&
	    config_send(nl, &back, NULL, "restore: undo: settings"))
		ok = false;
	if (!ok)
		fputs("Error: restore: what had changed could not all be put back: the namespace holds part of the new state\n",
		      stderr);
	else if (failed > STEP_RULES)
		fputs("Error: restore: nothing changed: the rules and signatures were put back (the rules with new ids, hits counted from 0)\n",
		      stderr);
	else if (failed > STEP_SIGS)
		fputs("Error: restore: nothing changed: the signatures were put back (hits counted from 0)\n",
		      stderr);
	else
		fputs("Error: restore: nothing changed\n", stderr);
}

/*
 * Settings, ruleset and signature set, each at once, in this order:
 *   1. rematch off, if it is on: no live session is evaluated again
 *      against a policy that is half old, half new;
 *   2. the signatures (their compilation is what most needs memory);
 *   3. the rules;
 *   4. the settings, with rematch as the file has it (else as it was) and
 *      the default action (the file's, else the one in force): the module
 *      sets rematch first and then, the default action being part of the
 *      policy, evaluates every live session once against the new policy.
 */
static int apply(struct rg_nl *nl, struct state *st, struct nlmsghdr *rules_req)
{
	struct config quiet = { 0 }, cfg;
	struct undo u = { 0 };
	int ret = -1;

	if (undo_read(nl, &u))
		goto out;
	if (u.cfg.rematch) {
		quiet.has_rematch = 1;
		if (config_send(nl, &quiet, NULL, "restore: rematch off")) {
			undo_steps(nl, &u, STEP_QUIET);
			goto out;
		}
	}
	if (sig_req_send(nl, &st->sigs, st->fname, "restore: signatures")) {
		undo_steps(nl, &u, STEP_SIGS);
		goto out;
	}
	if (ruleset_send(nl, rules_req, &st->rules, st->fname,
			 "restore: rules")) {
		undo_steps(nl, &u, STEP_RULES);
		goto out;
	}
	cfg = st->cfg;
	if (!cfg.has_rematch) {
		cfg.rematch = u.cfg.rematch;
		cfg.has_rematch = 1;
	}
	if (!cfg.has_default_action) {
		cfg.default_action = u.cfg.default_action;
		cfg.has_default_action = 1;
	}
	if (config_send(nl, &cfg, NULL, "restore: settings")) {
		undo_steps(nl, &u, STEP_SETTINGS);
		goto out;
	}
	ret = 0;
out:
	undo_free(&u);
	return ret;
}

static void print_check(const struct state *st, const char *unchecked)
{
	open_json_object(NULL);
	print_str("file", "%s: ", st->fname);
	print_u64("settings", "%llu settings, ", st->settings);
	print_u64("rules", "%llu rules, ", st->rules.n);
	print_u64("signatures", "%llu signatures: ", st->sigs.n);
	print_on_off("module_checked", NULL, !unchecked);
	if (!unchecked) {
		print_text("checked by rstguard and by the module\n");
	} else {
		char text[200];

		snprintf(text, sizeof(text), "checked by rstguard only (%s)\n",
			 unchecked);
		print_text(text);
	}
	close_json_object();
	print_json_end();
}

int do_restore(struct rg_nl *nl, int argc, char **argv)
{
	struct rg_nl scratch = { NULL, 0, 0, 0 };
	struct state st = { 0 };
	struct nlmsghdr *rules_req = NULL;
	char *rules_buf = NULL;
	const char *unchecked = NULL;
	char why[160];
	bool check = false;
	int i, ret = 1;
	FILE *f;

	if (argc < 1)
		return usage_error("restore needs a file name, or - for standard input");
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "check") || check)
			return usage_error("unexpected argument \"%s\"",
					   argv[i]);
		check = true;
	}
	if (!strcmp(argv[0], "-")) {
		f = stdin;
		st.fname = "<stdin>";
	} else {
		st.fname = argv[0];
		f = fopen(st.fname, "r");
		if (!f) {
			fprintf(stderr, "Error: %s: %s\n", st.fname,
				strerror(errno));
			return 1;
		}
	}
	if (sig_req_init(&st.sigs)) {
		fprintf(stderr, "Error: restore: %s\n", strerror(ENOMEM));
		goto out;
	}
	if (state_read(&st, f))
		goto out;
	rules_req = ruleset_request(&st.rules, &rules_buf, st.fname);
	if (!rules_req)
		goto out;

	/* The namespace's own socket first: see scratch_open(). */
	if (!check && rg_nl_connect(nl))
		goto out;
	if (scratch_open(&scratch) == 0) {
		if (module_check(&scratch, &st, rules_req))
			goto out;
	} else if (!scratch.sock && errno == ENOENT && rg_nl_has_extack()) {
		/* "check" only: else the namespace's socket says it first */
		unchecked = "the rstguard module is not loaded";
	} else {
		snprintf(why, sizeof(why), "the module could not: no namespace of its own to check them in: %s",
			 strerror(errno));
		unchecked = why;
	}
	rg_nl_close(&scratch);
	if (check) {
		print_check(&st, unchecked);
		ret = 0;
	} else if (!apply(nl, &st, rules_req)) {
		ret = 0;
	}
out:
	rg_nl_close(&scratch);
	if (f != stdin)
		fclose(f);
	ruleset_free(&st.rules);
	sig_req_free(&st.sigs);
	free(st.ids.slots);
	free(rules_buf);
	return ret;
}

int do_save(struct rg_nl *nl, int argc, char **argv)
{
	struct ruleset rules = { NULL, NULL, 0, 0 };
	struct config cfg;
	int ret = 1;

	if (argc > 0)
		return usage_error("unexpected argument \"%s\"", argv[0]);
	if (rg_nl_connect(nl))
		return 1;
	if (config_read(nl, &cfg) || ruleset_read(nl, &rules)) {
		rg_nl_perror("save");
		goto out;
	}
	printf("# rstguard %s: settings, rules and signatures, as \"rstguard restore\" reads them\n",
	       RSTGUARD_TOOL_VERSION);
	puts("\n# settings");
	config_print_state(&cfg);
	puts("\n# rules, in order");
	ruleset_print_state(&rules);
	puts("\n# signatures");
	if (sig_print_state(nl)) {
		fflush(stdout);
		rg_nl_perror("save");
		goto out;
	}
	ret = fflush(stdout) ? 1 : 0;
	if (ret)
		fprintf(stderr, "Error: save: %s\n", strerror(errno));
out:
	ruleset_free(&rules);
	return ret;
}
