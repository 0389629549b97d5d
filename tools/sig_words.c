// SPDX-License-Identifier: GPL-2.0
/* Signatures as "sig add" words, both ways; see sig_words.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "ports.h"
#include "sig_words.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static int sig_err(char *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int sig_err(char *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e, RG_SIG_ERR_MAX, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *const sig_keys[] = {
	"id", "msg", "dir", "port", "action",	/* once each */
	"data-at", "data-after",
	"content", "nocase", "depth", "offset",	/* per content */
	"distance", "within",
};

#define KEY_ACTION	4
#define KEY_ONCE	7
#define KEY_CONTENT	7
#define KEY_NOCASE	8
#define KEY_MODS	(ARRAY_SIZE(sig_keys) - KEY_NOCASE)

/* A content modifier, once per content. */
static int modifier(struct rg_sig *s, unsigned int k, const char *arg,
		    bool *given, char *e)
{
	struct rg_sig_content *c = &s->content[s->n - 1];
	uint32_t v;

	if (given[k - KEY_NOCASE])
		return sig_err(e, "\"%s\" given twice for content %u",
			       sig_keys[k], s->n);
	given[k - KEY_NOCASE] = true;
	if (k == KEY_NOCASE) {
		c->nocase = true;
		return 0;
	}
	if (!strcmp(sig_keys[k], "distance")) {
		bool neg = arg[0] == '-';

		if (parse_u32(arg + neg, 65535, &v))
			return sig_err(e, "distance \"%s\" is not a number from -65535 to 65535",
				       arg);
		c->relative = true;
		c->distance = neg ? -(int32_t)v : (int32_t)v;
		return 0;
	}
	if (parse_u32(arg, UINT32_MAX, &v))
		return sig_err(e, "%s \"%s\" is not a number", sig_keys[k], arg);
	if (!strcmp(sig_keys[k], "offset")) {
		c->offset = v;
	} else if (v < c->len) {
		return sig_err(e, "%s %s is less than content %u's %u bytes",
			       sig_keys[k], arg, s->n, c->len);
	} else if (!strcmp(sig_keys[k], "within")) {
		c->relative = true;
		c->within = v;
	} else {
		c->depth = v;
	}
	return 0;
}

/* What the module refuses too, said in the words of "sig add". */
static int check_relative(const struct rg_sig *s, char *e)
{
	unsigned int i;

	for (i = 0; i < s->n; i++) {
		const struct rg_sig_content *c = &s->content[i];

		if (!c->relative)
			continue;
		if (!i)
			return sig_err(e, "content 1 has no content before it: offset and depth, not distance or within");
		if (c->offset || c->depth)
			return sig_err(e, "content %u: offset and depth, or distance and within",
				       i + 1);
	}
	return 0;
}

/* data-at, data-after: a number of bytes */
static int data_words(struct rg_sig *s, const char *key, const char *arg,
		      char *e)
{
	uint32_t v;

	if (parse_u32(arg, 65535, &v))
		return sig_err(e, "%s \"%s\" is not a number from 0 to 65535",
			       key, arg);
	if (!strcmp(key, "data-at")) {
		s->has_data_at = true;
		s->data_at = v;
	} else {
		s->has_data_after = true;
		s->data_after = v;
	}
	return 0;
}

int rg_sig_parse_words(struct rg_sig *s, int argc, char **argv, char *e)
{
	bool given[KEY_ONCE] = { false }, mod[KEY_MODS] = { false };
	char msg[RG_SIG_ERR_MAX];
	unsigned int k;
	uint32_t v;
	int n;

	memset(s, 0, sizeof(*s));
	s->port_max = 65535;
	for (; argc > 0; argc -= k == KEY_NOCASE ? 1 : 2,
			 argv += k == KEY_NOCASE ? 1 : 2) {
		const char *key = argv[0], *arg = argv[1];

		for (k = 0; k < ARRAY_SIZE(sig_keys); k++)
			if (!strcmp(key, sig_keys[k]))
				break;
		if (k == ARRAY_SIZE(sig_keys))
			return sig_err(e, "unknown sig argument \"%s\"", key);
		if (k > KEY_CONTENT && !s->n)
			return sig_err(e, "\"%s\" modifies a content: put it after one",
				       key);
		if (k > KEY_CONTENT) {
			if (k != KEY_NOCASE && argc < 2)
				return sig_err(e, "%s needs a value", key);
			if (modifier(s, k, arg, mod, e))
				return -1;
			continue;
		}
		if (k < KEY_ONCE && given[k])
			return sig_err(e, "\"%s\" given twice", key);
		if (k < KEY_ONCE)
			given[k] = true;
		if (argc < 2)
			return sig_err(e, "%s needs a value", key);

		if (!strcmp(key, "id")) {
			if (parse_u32(arg, UINT32_MAX, &v) || !v)
				return sig_err(e, "\"%s\" is not a signature id (1 to %u)",
					       arg, UINT32_MAX);
			s->id = v;
		} else if (!strcmp(key, "msg")) {
			if (strlen(arg) >= RSTGUARD_SIG_MSG_MAX)
				return sig_err(e, "msg is longer than %d bytes",
					       RSTGUARD_SIG_MSG_MAX - 1);
			for (n = 0; arg[n]; n++)
				if ((unsigned char)arg[n] < 0x20 || arg[n] == 0x7f)
					return sig_err(e, "msg holds a control character");
			strcpy(s->msg, arg);
		} else if (!strcmp(key, "dir")) {
			n = rg_sig_dir_parse(arg);
			if (n < 0)
				return sig_err(e, "dir takes to-server, to-client or any, not \"%s\"",
					       arg);
			s->dir = n;
		} else if (!strcmp(key, "port")) {
			if (parse_port_range(arg, &s->port_min, &s->port_max,
					     e, RG_SIG_ERR_MAX))
				return -1;
		} else if (!strcmp(key, "action")) {
			n = rg_sig_action_parse(arg);
			if (n < 0)
				return sig_err(e, "unknown action \"%s\"", arg);
			s->action = n;
		} else if (k < KEY_ONCE) {
			if (data_words(s, key, arg, e))
				return -1;
		} else {
			if (s->n == RSTGUARD_SIG_CONTENTS_MAX)
				return sig_err(e, "more than %d contents",
					       RSTGUARD_SIG_CONTENTS_MAX);
			switch (rg_sig_content_parse(arg, strlen(arg),
						     &s->content[s->n], msg,
						     sizeof(msg))) {
			case RG_CONTENT_BAD:
				return sig_err(e, "content \"%s\": %s", arg, msg);
			case RG_CONTENT_TOO_LONG:
				return sig_err(e, "content \"%s\" is longer than %d bytes",
					       arg, RSTGUARD_CONTENT_MAX);
			case RG_CONTENT_OK:
				break;
			}
			s->n++;
			memset(mod, 0, sizeof(mod));
		}
	}
	if (!given[0])
		return sig_err(e, "missing \"id\": every signature needs one");
	if (!s->n)
		return sig_err(e, "missing \"content\": every signature needs one");
	if (!given[KEY_ACTION])
		return sig_err(e, "missing \"action\": every signature needs one");
	return check_relative(s, e);
}

static bool any_port(uint16_t min, uint16_t max)
{
	return min == 0 && max == 65535;
}


/* " KEY WORD", the word always quoted. */
static void out_quoted(struct rg_out *o, const char *key, const char *word)
{
	char q[RG_WORD_QUOTED_MAX(RG_SIG_CONTENT_TEXT_MAX)];

	if (rg_word_quote(word, true, q, sizeof(q)) < 0)
		o->full = true;
	else
		rg_outf(o, " %s %s", key, q);
}

int rg_sig_format_words(const struct rg_sig *s, char *buf, size_t size)
{
	char text[RG_SIG_CONTENT_TEXT_MAX];
	struct rg_out o = { buf, size, 0, size == 0 };
	unsigned int i;

	rg_outf(&o, "id %u", s->id);
	if (s->msg[0]) {
		char msg[RSTGUARD_SIG_MSG_MAX];

		for (i = 0; i < sizeof(msg) - 1 && s->msg[i]; i++)
			msg[i] = (unsigned char)s->msg[i] < 0x20 ||
				 s->msg[i] == 0x7f ? ' ' : s->msg[i];
		msg[i] = '\0';
		out_quoted(&o, "msg", msg);
	}
	for (i = 0; i < s->n && i < RSTGUARD_SIG_CONTENTS_MAX; i++) {
		const struct rg_sig_content *c = &s->content[i];

		rg_sig_content_format(c, text, sizeof(text));
		out_quoted(&o, "content", text);
		if (c->nocase)
			rg_outf(&o, " nocase");
		if (c->offset)
			rg_outf(&o, " offset %u", c->offset);
		if (c->depth)
			rg_outf(&o, " depth %u", c->depth);
		/* "distance 0" alone is what makes a content relative */
		if (c->relative && (c->distance || !c->within))
			rg_outf(&o, " distance %d", c->distance);
		if (c->relative && c->within)
			rg_outf(&o, " within %u", c->within);
	}
	if (s->has_data_at)
		rg_outf(&o, " data-at %u", s->data_at);
	if (s->has_data_after)
		rg_outf(&o, " data-after %u", s->data_after);
	if (s->dir != RSTGUARD_SIG_DIR_ANY) {
		if (s->dir <= RSTGUARD_SIG_DIR_MAX)
			rg_outf(&o, " dir %s", rg_sig_dir_name(s->dir));
		else
			rg_outf(&o, " dir %u", s->dir);
	}
	if (!any_port(s->port_min, s->port_max)) {
		format_ports(text, sizeof(text), s->port_min, s->port_max);
		rg_outf(&o, " port %s", text);
	}
	/* An action newer than this tool: its number. */
	if (s->action <= RSTGUARD_SIG_ACTION_MAX)
		rg_outf(&o, " action %s", rg_sig_action_name(s->action));
	else
		rg_outf(&o, " action %u", s->action);
	return o.full ? -1 : (int)o.len;
}
