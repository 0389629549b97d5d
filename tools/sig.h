/* SPDX-License-Identifier: GPL-2.0 */
/* What "sig" (sig.c) and "sig import" (sig_import.c) share. */
#ifndef RSTGUARD_SIG_H
#define RSTGUARD_SIG_H

#include <stdbool.h>
#include <stddef.h>
#include "nl.h"
#include "sig_parse.h"

static inline bool any_port(uint16_t min, uint16_t max)
{
	return min == 0 && max == 65535;
}

/* The attributes of one signature, for SIG_ADD or an entry of SIG_REPLACE. */
void put_sig_attrs(struct nlmsghdr *nlh, const struct rg_sig *s);
/* What put_sig_attrs() writes, with the nest around it: an upper bound. */
size_t sig_attrs_size(const struct rg_sig *s);
/*
 * "Error: WHAT: [WORD: ]message" for a request the kernel refused, naming
 * the word when its extack points into the signature nest @sig.
 */
void sig_perror(const char *what, const struct nlmsghdr *req,
		const struct nlattr *sig);

int sig_import(struct rg_nl *nl, int argc, char **argv);

/* A SIG_REPLACE request, built one signature at a time. */
struct sig_req {
	char *buf;
	size_t cap;
	unsigned int *lines;	/* the line of each signature; 0: none */
	unsigned int n, lines_cap;
};

static inline struct nlmsghdr *sig_req_msg(const struct sig_req *r)
{
	return (struct nlmsghdr *)r->buf;
}

/* An empty request (it empties the set). Returns 0, or -1: no memory. */
int sig_req_init(struct sig_req *r);
/* Append @s, from line @line. Returns 0, or -1: no memory. */
int sig_req_add(struct sig_req *r, const struct rg_sig *s, unsigned int line);
/*
 * Send the request on @nl (it may be sent again, on another socket). On
 * failure print the error: "FILE:LINE: [WORD: ]..." for the signature the
 * module blamed, else "@what: ...". Returns 0 or -1.
 */
int sig_req_send(struct rg_nl *nl, struct sig_req *r, const char *fname,
		 const char *what);
void sig_req_free(struct sig_req *r);
/* The module's signatures into @r. Returns 0, or -1 with errno set. */
int sig_req_read(struct rg_nl *nl, struct sig_req *r);
/* Each signature as a "sig add" line. Returns 0, or -1 with errno set. */
int sig_print_state(struct rg_nl *nl);

#endif
