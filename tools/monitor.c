// SPDX-License-Identifier: GPL-2.0
/*
 * rstguard monitor: join the "events" multicast group and print every
 * session end and every signature alert as it comes, one line each (JSON:
 * one object per line, "event": "end" or "alert"), until SIGINT or SIGTERM.
 */
#define _GNU_SOURCE		/* ppoll() */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/rstguard.h>
#include "json_print.h"
#include "rstguard.h"
#include "session.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct rg_nl *nl = data;
	const struct nlattr *a;
	const char *event;
	struct session s;

	if (nlh->nlmsg_type != nl->family ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl))
		return MNL_CB_OK;
	if (genl->cmd == RSTGUARD_CMD_SESSION_END)
		event = "end";
	else if (genl->cmd == RSTGUARD_CMD_SIG_ALERT)
		event = "alert";
	else
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(*genl)) {
		if (mnl_attr_get_type(a) != RSTGUARD_A_SESSION)
			continue;
		if (session_parse(a, &s)) {
			fprintf(stderr, "Warning: skipped a malformed %s event\n",
				event);
			continue;
		}
		s.event = event;
		session_print(&s);
		/* Flushes: readers follow the output through pipes and files. */
		print_json_end();
	}
	return MNL_CB_OK;
}

/*
 * SIGINT and SIGTERM are blocked except inside ppoll(), so that one that
 * comes between two events is never missed by a blocking receive.
 */
static int wait_readable(int fd, const sigset_t *mask)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	while (!stop) {
		if (ppoll(&pfd, 1, NULL, mask) > 0)
			return 1;
		if (errno != EINTR)
			return -1;
	}
	return 0;
}

int do_monitor(struct rg_nl *nl, int argc, char **argv)
{
	static char buf[32768];
	struct sigaction sa = { .sa_handler = on_signal };
	int rcvbuf = 8 << 20, fd;
	sigset_t block, wait_mask;

	if (argc > 0)
		return usage_error("unexpected argument \"%s\"", argv[0]);
	if (rg_nl_connect(nl))
		return 1;
	if (rg_nl_join_events(nl)) {
		rg_nl_perror("cannot join the events group");
		return 1;
	}
	fd = mnl_socket_get_fd(nl->sock);
	/*
	 * Room for bursts (a flush ends every session at once): 8 MiB holds
	 * some 10,000 events. SO_RCVBUFFORCE passes net.core.rmem_max with
	 * CAP_NET_ADMIN, which joining the group needs anyway; without it the
	 * kernel caps SO_RCVBUF at rmem_max.
	 */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &wait_mask);
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGTERM);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	for (;;) {
		int ret = wait_readable(fd, &wait_mask);
		ssize_t n;

		if (ret == 0)
			return 0;
		if (ret < 0) {
			fprintf(stderr, "Error: monitor: %s\n",
				strerror(errno));
			return 1;
		}
		n = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
		if (n < 0) {
			if (errno == ENOBUFS) {
				/* The socket overran: events were lost. */
				fputs("Warning: receive buffer overrun, events lost\n",
				      stderr);
				continue;
			}
			if (errno == EINTR || errno == EAGAIN)
				continue;
			fprintf(stderr, "Error: monitor: %s\n",
				strerror(errno));
			return 1;
		}
		if (mnl_cb_run(buf, n, 0, 0, event_cb, nl) < 0)
			fprintf(stderr, "Warning: bad message: %s\n",
				strerror(errno));
	}
}
