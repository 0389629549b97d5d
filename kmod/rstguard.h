/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-network-namespace state and the interfaces between the module's files.
 */
#ifndef _RSTGUARD_H
#define _RSTGUARD_H

#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <linux/rstguard.h>

/* Counter slots, one per RSTGUARD_STATS_A_* attribute after the pad. */
#define RG_STAT_FIRST		RSTGUARD_STATS_A_PACKETS_IPV4
#define RG_STAT_COUNT		(RSTGUARD_STATS_A_MAX - RG_STAT_FIRST + 1)

struct rg_pcpu_stats {
	u64_stats_t		cnt[RG_STAT_COUNT];
	struct u64_stats_sync	syncp;
};

/* State of one network namespace; lives from pernet init to pernet exit. */
struct rg_net {
	struct net		*net;
	/* written only by the CPU that owns the slot, with BH disabled */
	struct rg_pcpu_stats __percpu *stats;
};

extern unsigned int rg_net_id;

static inline struct rg_net *rg_pernet(const struct net *net)
{
	return net_generic(net, rg_net_id);
}

/* stats.c */
int rg_stats_init(struct rg_net *rn);
void rg_stats_free(struct rg_net *rn);
void rg_stats_sum(const struct rg_net *rn, u64 out[RG_STAT_COUNT]);

/* Packet path, BH disabled: bump counter @attr (an RSTGUARD_STATS_A_*). */
static inline void rg_stats_add(struct rg_net *rn, unsigned int attr, u64 n)
{
	struct rg_pcpu_stats *s = this_cpu_ptr(rn->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_add(&s->cnt[attr - RG_STAT_FIRST], n);
	u64_stats_update_end(&s->syncp);
}

/* hooks.c */
int rg_hooks_register(struct net *net);
void rg_hooks_unregister(struct net *net);

/* netlink.c */
int rg_genl_init(void);
void rg_genl_exit(void);

#endif /* _RSTGUARD_H */
