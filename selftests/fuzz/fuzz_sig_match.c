// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: multi-content signatures (kmod/core/sig_match.c)
 * against the reference of the unit test (selftests/unit/sig_match_ref.c),
 * which tries every choice of occurrences. The fuzzer picks 1..4
 * signatures (contents of 1..3 bytes over "abcA", so that they occur many
 * times and overlap; nocase, offset, depth, distance, within, isdataat),
 * a text over "abcA" and where it is cut into segments. The set is built
 * as the module builds it and the text streamed through the automaton and
 * the matcher; after each segment, each signature must have matched
 * exactly when the reference matches the text so far. A difference
 * prints the case and aborts; so does any sanitizer report.
 *
 * Input layout (short inputs just mean small cases; missing bytes are 0):
 *	byte 0		bits 0-1: signatures - 1
 *	per signature	one byte: bits 0-2 contents - 1 (1..8), bit 3
 *			isdataat N (absolute), bit 4 isdataat N,relative;
 *			one byte each for the two N (modulo 192 and 32);
 *			then three bytes per content:
 *	  byte 0	bits 0-1 length (1..3; 0 is 3), bits 2-7 its
 *			bytes, two bits each
 *	  byte 1	bit 0 nocase, bit 1 relative (not the first),
 *			bit 2 within (relative) or offset, bit 3 depth,
 *			bits 4-7 F: distance F - 4, or offset F
 *	  byte 2	bits 0-4 within or depth past the length, bit 5
 *			that times 64 (a long span, up to the limit and
 *			past it), bit 6 F times 8 (distance 8F - 32)
 *	rest		the text (its first TEXT_MAX bytes), one byte
 *			each: bits 0-1 the byte, bit 2 a cut after it
 * A signature rg_sm_check() rejects is left out, as the CLI skips it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sig_match_ref.h"

#define NSIG_IN		4
/* The reference costs contents x length^2 per segment: keep it quick. */
#define TEXT_MAX	128

static const u8 alphabet[] = "abcA";

struct input {
	const u8 *data;
	size_t size, pos;
};

static u8 next(struct input *in)
{
	return in->pos < in->size ? in->data[in->pos++] : 0;
}

/* One signature from @in; false if rg_sm_check() rejects it. */
static bool decode_sig(struct input *in, struct tsig *t)
{
	u8 h = next(in), at = next(in), after = next(in);
	unsigned int i, k;

	memset(t, 0, sizeof(*t));
	t->n = 1 + (h & 7);
	if (h & 8)
		t->data_at = 1 + at % 192;
	if (h & 16)
		t->data_after = 1 + after % 32;
	for (i = 0; i < t->n; i++) {
		struct rg_sm_def *c = &t->c[i];
		u8 b0 = next(in), b1 = next(in), b2 = next(in);
		u32 more = b2 & 31, far = b1 >> 4;

		c->len = (b0 & 3) ? (b0 & 3) : 3;
		for (k = 0; k < c->len; k++)
			t->bytes[i][k] = alphabet[(b0 >> (2 + 2 * k)) & 3];
		t->nocase[i] = b1 & 1;
		if (b2 & 32)
			more *= 64;
		if (b2 & 64)
			far *= 8;
		if (i && (b1 & 2)) {
			c->relative = true;
			c->distance = (s32)far - (b2 & 64 ? 32 : 4);
			if (b1 & 4)
				c->within = c->len + more;
		} else {
			if (b1 & 4)
				c->offset = far;
			if (b1 & 8)
				c->depth = c->len + more;
		}
	}
	return !rg_sm_check(t->c, t->n, t->data_after);
}

/* The cuts: after each byte whose bit 2 is set, and at the end. */
struct cuts {
	const u8 *raw;		/* the text's input bytes */
	u32 pos;		/* stream offset of the next segment */
};

static u32 cut_seg(void *ctx, u32 left)
{
	struct cuts *c = ctx;
	u32 n = 1;

	while (n < left && !(c->raw[c->pos + n - 1] & 4))
		n++;
	c->pos += n;
	return n;
}

static void print_case(const struct tsig *t, unsigned int nsig,
		       const u8 *text, const u8 *raw, u32 len)
{
	unsigned int i;

	printf("# %u signatures, text \"%.*s\" (%u bytes), cut after:",
	       nsig, (int)len, text, len);
	for (i = 0; i < len; i++)
		if (raw[i] & 4 && i + 1 < len)
			printf(" %u", i + 1);
	printf("\n");
	for (i = 0; i < nsig; i++) {
		printf("# sig %u\n", i);
		sig_diag(&t[i]);
	}
	fflush(stdout);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct tset s;
	struct tsig t[NSIG_IN];
	struct input in = { data, size, 0 };
	unsigned int want, nsig = 0, i, bad;
	u8 text[TEXT_MAX];
	struct cuts cuts;
	bool nomem;
	u32 len;

	want = 1 + (next(&in) & 3);
	for (i = 0; i < want; i++)
		if (decode_sig(&in, &t[nsig]))
			nsig++;
	if (!nsig)
		return 0;
	len = (u32)(size - in.pos < TEXT_MAX ? size - in.pos : TEXT_MAX);
	for (i = 0; i < len; i++)
		text[i] = alphabet[data[in.pos + i] & 3];
	cuts.raw = data + in.pos;
	cuts.pos = 0;

	if (!set_build(&s, t, nsig)) {
		printf("# the automaton of %u signatures does not compile\n",
		       nsig);
		print_case(t, nsig, text, cuts.raw, len);
		abort();
	}
	bad = stream_check(&s, t, text, len, cut_seg, &cuts, &nomem);
	if (bad || nomem) {
		printf("# %u mismatches%s\n", bad, nomem ? ", out of memory" : "");
		print_case(t, nsig, text, cuts.raw, len);
		abort();
	}
	rg_ac_free(s.ac);
	return 0;
}
