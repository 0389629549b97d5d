// SPDX-License-Identifier: GPL-2.0
/*
 * synflood: send TCP SYNs over AF_PACKET, one distinct IPv4 tuple per
 * index, as fast as the kernel takes them (sendmmsg, qdisc bypass). For the
 * session table benchmark: Python is far too slow under QEMU TCG.
 *
 *   synflood -i IFNAME -m DSTMAC [-s SRCNET] [-d DST] [-p DPORT]
 *            [-f FIRST] -n COUNT [-r ROUNDS] [-b BATCH]
 *
 * Index i (FIRST <= i < FIRST + COUNT) is the tuple
 *   SRCNET + (i & 0xffff) : 1024 + (i >> 16)  ->  DST : DPORT
 * so a /16 of sources times ports gives 64512 * 65536 distinct tuples. A
 * tuple's SYN is always the same bytes (its ISN derives from i): sending
 * it again is a retransmission, which finds the session already there.
 * ROUNDS sends the whole range that many times.
 *
 * Prints "SENT SECONDS BUSY": SYNs sent, wall time of the sending, and the
 * CPU time the whole machine was busy meanwhile (all CPUs, /proc/stat
 * user + nice + system + irq + softirq + steal, in USER_HZ ticks): with
 * veth, the router forwards each frame in softirq on the sending CPU, and
 * deferred work (resizing, GC) shows up on the others.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCH	256
/* MSS 1460, NOP, window scale 7: what a real SYN carries */
#define OPT_LEN		8
#define FRAME_LEN	(sizeof(struct ether_header) + sizeof(struct iphdr) + \
			 sizeof(struct tcphdr) + OPT_LEN)

static void die(const char *msg)
{
	perror(msg);
	exit(1);
}

static void usage(void)
{
	fprintf(stderr, "usage: synflood -i IFNAME -m DSTMAC [-s SRCNET] [-d DST] [-p DPORT]\n"
			"                [-f FIRST] -n COUNT [-r ROUNDS] [-b BATCH]\n");
	exit(2);
}

static uint32_t csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;

	for (; len > 1; len -= 2, p += 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

/* A fixed, well-spread ISN per index. */
static uint32_t isn_of(uint64_t i)
{
	uint64_t x = i * 0x9e3779b97f4a7c15ULL;

	return (uint32_t)(x >> 32) ^ (uint32_t)x;
}

struct tmpl {
	uint8_t dmac[6], smac[6];
	uint32_t srcnet, dst;	/* host order */
	uint16_t dport;
};

static void build(uint8_t *f, const struct tmpl *t, uint64_t i)
{
	static const uint8_t opts[OPT_LEN] = { 2, 4, 0x05, 0xb4, 1, 3, 3, 7 };
	struct ether_header *eh = (struct ether_header *)f;
	struct iphdr *ip = (struct iphdr *)(eh + 1);
	struct tcphdr *th = (struct tcphdr *)(ip + 1);
	uint8_t pseudo[12];
	uint32_t sum;

	memset(f, 0, FRAME_LEN);
	memcpy(eh->ether_dhost, t->dmac, 6);
	memcpy(eh->ether_shost, t->smac, 6);
	eh->ether_type = htons(ETHERTYPE_IP);

	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons(FRAME_LEN - sizeof(*eh));
	ip->id = htons((uint16_t)i);
	ip->frag_off = htons(IP_DF);
	ip->ttl = 64;
	ip->protocol = IPPROTO_TCP;
	ip->saddr = htonl(t->srcnet + (uint32_t)(i & 0xffff));
	ip->daddr = htonl(t->dst);
	ip->check = csum_fold(csum_add(0, ip, sizeof(*ip)));

	th->source = htons((uint16_t)(1024 + (i >> 16)));
	th->dest = htons(t->dport);
	th->seq = htonl(isn_of(i));
	th->doff = (sizeof(*th) + OPT_LEN) / 4;
	th->syn = 1;
	th->window = htons(64240);
	memcpy(th + 1, opts, OPT_LEN);
	memcpy(pseudo, &ip->saddr, 4);
	memcpy(pseudo + 4, &ip->daddr, 4);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_TCP;
	pseudo[10] = 0;
	pseudo[11] = sizeof(*th) + OPT_LEN;
	sum = csum_add(0, pseudo, sizeof(pseudo));
	th->check = csum_fold(csum_add(sum, th, sizeof(*th) + OPT_LEN));
}

static unsigned long long busy_ticks(void)
{
	unsigned long long v[8] = { 0 };
	FILE *f = fopen("/proc/stat", "r");

	if (!f || fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu",
			 &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6],
			 &v[7]) != 8)
		die("/proc/stat");
	fclose(f);
	/* user nice system [idle iowait] irq softirq steal */
	return v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static uint8_t frames[MAX_BATCH][FRAME_LEN];
	struct mmsghdr msgs[MAX_BATCH];
	struct iovec iov[MAX_BATCH];
	const char *ifname = NULL;
	struct sockaddr_ll sll;
	uint64_t first = 0, count = 0, rounds = 1, r, i, sent = 0;
	struct tmpl t = { .srcnet = 0x0a010000, .dst = 0x0a090001, .dport = 80 };
	unsigned int batch = 64, k, n;
	struct in_addr a;
	struct ifreq ifr;
	int fd, opt, one = 1, have_mac = 0;
	unsigned long long busy;
	double start;

	while ((opt = getopt(argc, argv, "i:m:s:d:p:f:n:r:b:")) != -1) {
		switch (opt) {
		case 'i':
			ifname = optarg;
			break;
		case 'm':
			if (sscanf(optarg, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx",
				   &t.dmac[0], &t.dmac[1], &t.dmac[2],
				   &t.dmac[3], &t.dmac[4], &t.dmac[5]) != 6)
				usage();
			have_mac = 1;
			break;
		case 's':
		case 'd':
			if (!inet_aton(optarg, &a))
				usage();
			*(opt == 's' ? &t.srcnet : &t.dst) = ntohl(a.s_addr);
			break;
		case 'p':
			t.dport = (uint16_t)strtoul(optarg, NULL, 0);
			break;
		case 'f':
			first = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			count = strtoull(optarg, NULL, 0);
			break;
		case 'r':
			rounds = strtoull(optarg, NULL, 0);
			break;
		case 'b':
			batch = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		default:
			usage();
		}
	}
	if (!ifname || !have_mac || !count || !batch || batch > MAX_BATCH ||
	    first + count > 64512ULL << 16)
		usage();

	fd = socket(AF_PACKET, SOCK_RAW, 0);	/* protocol 0: send only */
	if (fd < 0)
		die("socket");
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
		die("SIOCGIFHWADDR");
	memcpy(t.smac, ifr.ifr_hwaddr.sa_data, 6);
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = if_nametoindex(ifname);
	if (!sll.sll_ifindex)
		die(ifname);
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		die("bind");
	/* straight to the driver: no qdisc to queue or drop in between */
	if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one)) < 0)
		die("PACKET_QDISC_BYPASS");

	memset(msgs, 0, sizeof(msgs));
	for (k = 0; k < MAX_BATCH; k++) {
		iov[k].iov_base = frames[k];
		iov[k].iov_len = FRAME_LEN;
		msgs[k].msg_hdr.msg_iov = &iov[k];
		msgs[k].msg_hdr.msg_iovlen = 1;
	}

	busy = busy_ticks();
	start = now();
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < count; i += n) {
			int ret;

			n = count - i < batch ? (unsigned int)(count - i) : batch;
			for (k = 0; k < n; k++)
				build(frames[k], &t, first + i + k);
			ret = sendmmsg(fd, msgs, n, 0);
			if (ret < 0) {
				if (errno == ENOBUFS || errno == EAGAIN) {
					n = 0;	/* the same batch again */
					continue;
				}
				die("sendmmsg");
			}
			n = (unsigned int)ret;	/* the rest goes again */
			sent += n;
		}
	}
	start = now() - start;
	printf("%llu %.6f %llu\n", (unsigned long long)sent, start,
	       busy_ticks() - busy);
	return 0;
}
