// SPDX-License-Identifier: GPL-2.0
/*
 * Pattern sets and inputs for the automaton benchmark: contents parsed from
 * a Snort rules file, a synthetic generator shaped like them (so that the
 * benchmark runs without the rules file), text-like and random input.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acgen.h"

static uint64_t rnd_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned int rnd_below(uint64_t *s, unsigned int n)
{
	return (unsigned int)(((rnd_next(s) >> 32) * n) >> 32);
}

static void patset_add(struct patset *s, const unsigned char *b,
		       unsigned int len, int nocase, size_t *cap)
{
	struct pat *p;

	if (s->n == *cap) {
		*cap = *cap ? 2 * *cap : 256;
		s->p = realloc(s->p, *cap * sizeof(*s->p));
		if (!s->p)
			abort();
	}
	p = &s->p[s->n++];
	p->bytes = malloc(len);
	if (!p->bytes)
		abort();
	memcpy(p->bytes, b, len);
	p->len = len;
	p->nocase = nocase;
}

void patset_free(struct patset *s)
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		free(s->p[i].bytes);
	free(s->p);
	s->p = NULL;
	s->n = 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * Decodes the content string starting after the opening quote. Returns the
 * position after the closing quote, or NULL if malformed.
 */
static const char *decode(const char *s, unsigned char *out, unsigned int *len)
{
	int hex = 0, hi = -1;

	*len = 0;
	for (; *s && *s != '\n'; s++) {
		if (!hex && *s == '"')
			return s + 1;
		if (*s == '|') {
			if (hi >= 0)
				return NULL;
			hex = !hex;
			continue;
		}
		if (hex) {
			int v = hexval((unsigned char)*s);

			if (*s == ' ')
				continue;
			if (v < 0)
				return NULL;
			if (hi < 0) {
				hi = v;
			} else {
				out[(*len)++] = (unsigned char)(hi << 4 | v);
				hi = -1;
			}
		} else {
			if (*s == '\\' && s[1])
				s++;
			out[(*len)++] = (unsigned char)*s;
		}
		if (*len >= 1024)
			return NULL;
	}
	return NULL;
}

/* Snort 3: content:"x",depth 3,nocase;  Snort 2: content:"x"; nocase; */
static int has_nocase(const char *s)
{
	const char *semi = strchr(s, ';');

	if (!semi)
		return 0;
	if (memmem(s, semi - s, "nocase", 6))
		return 1;
	while (*++semi == ' ')
		;
	return !strncmp(semi, "nocase;", 7);
}

static int seen(const struct patset *s, const unsigned char *b,
		unsigned int len, int nocase, const unsigned int *hash,
		unsigned int hmask, unsigned int h)
{
	for (; hash[h]; h = (h + 1) & hmask) {
		const struct pat *p = &s->p[hash[h] - 1];

		if (p->len == len && p->nocase == nocase &&
		    !memcmp(p->bytes, b, len))
			return 1;
	}
	return 0;
}

static unsigned int fnv(const unsigned char *b, unsigned int len, int nocase)
{
	unsigned int h = 2166136261U ^ nocase;

	while (len--)
		h = (h ^ *b++) * 16777619U;
	return h;
}

int patset_from_rules(struct patset *s, const char *path)
{
	static unsigned int hash[1 << 17];
	unsigned int hmask = (1 << 17) - 1, len, h;
	unsigned char buf[1024];
	char *line = NULL;
	size_t lcap = 0, cap = 0;
	FILE *f = fopen(path, "r");

	memset(s, 0, sizeof(*s));
	memset(hash, 0, sizeof(hash));
	if (!f)
		return -1;
	while (getline(&line, &lcap, f) > 0) {
		const char *p = line;

		if (line[0] == '#')
			continue;
		while ((p = strstr(p, "content:\""))) {
			int nocase;

			p = decode(p + 9, buf, &len);
			if (!p || !len || s->n >= (1 << 16))
				break;
			nocase = has_nocase(p);
			h = fnv(buf, len, nocase) & hmask;
			if (seen(s, buf, len, nocase, hash, hmask, h))
				continue;
			while (hash[h])
				h = (h + 1) & hmask;
			patset_add(s, buf, len, nocase, &cap);
			hash[h] = s->n;
		}
	}
	free(line);
	fclose(f);
	return 0;
}

static const char *const words[] = {
	"the", "of", "and", "to", "a", "in", "is", "it", "you", "that", "he",
	"was", "for", "on", "are", "with", "as", "his", "they", "be", "at",
	"one", "have", "this", "from", "or", "had", "by", "word", "but",
	"what", "some", "we", "can", "out", "other", "were", "all", "there",
	"when", "up", "use", "your", "how", "said", "an", "each", "she",
	"which", "do", "their", "time", "if", "will", "way", "about", "many",
	"then", "them", "write", "would", "like", "so", "these", "her",
	"long", "make", "thing", "see", "him", "two", "has", "look", "more",
	"day", "could", "go", "come", "did", "number", "sound", "no", "most",
	"people", "my", "over", "know", "water", "than", "call", "first",
	"who", "may", "down", "side", "been", "now", "find", "any", "new",
	"work", "part", "take", "get", "place", "made", "live", "where",
	"after", "back", "little", "only", "round", "man", "year", "came",
	"show", "every", "good", "me", "give", "our", "under", "name",
	"very", "through", "just", "form", "sentence", "great", "think",
	"say", "help", "low", "line", "differ", "turn", "cause", "much",
	"mean", "before", "move", "right", "boy", "old", "too", "same",
	"tell", "does", "set", "three", "want", "air", "well", "also",
	"play", "small", "end", "put", "home", "read", "hand", "port",
	"large", "spell", "add", "even", "land", "here", "must", "big",
	"high", "such", "follow", "act", "why", "ask", "men", "change",
	"went", "light", "kind", "off", "need", "house", "picture", "try",
	"server", "file", "system", "user", "password", "login", "admin",
	"download", "update", "version", "request", "error", "window",
};

static const char *const http[] = {
	"GET /index.html HTTP/1.1\r\n", "POST /login.php HTTP/1.1\r\n",
	"Host: www.example.com\r\n", "Accept: text/html,application/xhtml+xml\r\n",
	"User-Agent: Mozilla/5.0 (X11; Linux x86_64) Firefox/115.0\r\n",
	"Accept-Encoding: gzip, deflate\r\n", "Connection: keep-alive\r\n",
	"Cookie: session=8f2a9c0d1e; lang=en\r\n",
	"HTTP/1.1 200 OK\r\n", "Content-Type: text/html; charset=utf-8\r\n",
	"Content-Length: 5120\r\n", "Server: nginx/1.22.1\r\n",
	"Cache-Control: no-cache\r\n", "Referer: http://www.example.com/\r\n",
	"GET /images/logo.png HTTP/1.1\r\n", "Location: /account/home\r\n",
};

/* Zipf-like: low indices much more often. */
static const char *word(uint64_t *r)
{
	unsigned int n = sizeof(words) / sizeof(words[0]);
	unsigned int a = rnd_below(r, n), b = rnd_below(r, n);

	return words[a < b ? a : b];
}

void input_text(unsigned char *buf, size_t len, uint64_t seed)
{
	uint64_t r = seed;
	size_t off = 0;
	int start = 1;

	while (off < len) {
		const char *w;
		char tmp[96];
		size_t n;

		if (rnd_below(&r, 100) < 3) {
			w = http[rnd_below(&r, sizeof(http) / sizeof(http[0]))];
			n = strlen(w);
			memcpy(tmp, w, n);
			start = 1;
		} else {
			w = word(&r);
			n = strlen(w);
			memcpy(tmp, w, n);
			if (start)
				tmp[0] = (char)(tmp[0] & ~0x20);
			start = 0;
			switch (rnd_below(&r, 16)) {
			case 0:
				tmp[n++] = '.';
				start = 1;
				break;
			case 1:
				tmp[n++] = ',';
				break;
			case 2:
				tmp[n++] = '\n';
				break;
			}
			tmp[n++] = ' ';
		}
		if (n > len - off)
			n = len - off;
		memcpy(buf + off, tmp, n);
		off += n;
	}
}

void input_random(unsigned char *buf, size_t len, uint64_t seed)
{
	uint64_t r = seed, v = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (!(i & 7))
			v = rnd_next(&r);
		buf[i] = (unsigned char)v;
		v >>= 8;
	}
}

/*
 * Rule-content lengths, after the Snort community set: 1.3 % one byte,
 * 2.4 % two, 3.3 % three, 8 % four, median 11, 90 % up to 34, a tail to 64.
 */
static unsigned int synth_len(uint64_t *r)
{
	unsigned int x = rnd_below(r, 1000);

	if (x < 13)
		return 1;
	if (x < 37)
		return 2;
	if (x < 70)
		return 3;
	if (x < 150)
		return 4;
	if (x < 500)
		return 5 + rnd_below(r, 7);
	if (x < 900)
		return 12 + rnd_below(r, 23);
	return 35 + rnd_below(r, 30);
}

static const char syll[][4] = {
	"ka", "to", "rex", "mi", "on", "zu", "ber", "cla", "ne", "st", "qu",
	"ax", "or", "lin", "ve", "dro", "im", "sh", "pa", "gy",
};

static const char *const frag[] = {
	"/cgi-bin/", ".php?", "cmd.exe", "/bin/sh", "User-Agent|", "POST /",
	"HTTP/1.", "Content-Type: ", ".asp", "admin", "%2e%2e%2f", "SELECT ",
	"UNION ", "<script>", "eval(", "base64", ".exe", "Host: ", "=../",
	"passwd", "wget ", "/etc/", "&cmd=", "?id=",
};

void patset_synthetic(struct patset *s, unsigned int n, uint64_t seed)
{
	uint64_t r = seed;
	size_t cap = 0;
	unsigned char b[96];

	memset(s, 0, sizeof(*s));
	while (s->n < n) {
		unsigned int len = synth_len(&r), i = 0, kind = rnd_below(&r, 100);
		int nocase = 0;

		/* short contents are binary in real rules: |00|, |0D 0A| */
		if (kind < 30 || len <= 2) {	/* binary */
			for (; i < len; i++)
				b[i] = (unsigned char)rnd_next(&r);
		} else if (kind < 45) {		/* text with binary bytes */
			while (i < len) {
				if (rnd_below(&r, 3) == 0) {
					b[i++] = (unsigned char)rnd_below(&r, 32);
				} else {
					const char *w = syll[rnd_below(&r, 20)];

					while (*w && i < len)
						b[i++] = (unsigned char)*w++;
				}
			}
		} else {			/* text: fragments and syllables */
			nocase = rnd_below(&r, 3) == 0;
			while (i < len) {
				unsigned int k = rnd_below(&r, 10);
				const char *w = k < 2 ?
					frag[rnd_below(&r, sizeof(frag) / sizeof(frag[0]))] :
					k < 3 ? word(&r) : syll[rnd_below(&r, 20)];

				if (k == 9 && i + 1 < len)
					b[i++] = (unsigned char)"._-/ =:"[rnd_below(&r, 7)];
				while (*w && i < len)
					b[i++] = (unsigned char)*w++;
			}
			if (!nocase && rnd_below(&r, 4) == 0 &&
			    b[0] >= 'a' && b[0] <= 'z')
				b[0] = (unsigned char)(b[0] - 0x20);
		}
		patset_add(s, b, len, nocase, &cap);
	}
}
