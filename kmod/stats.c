// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace counters: per-CPU, lockless on the packet path, summed on
 * demand for RSTGUARD_CMD_STATS_GET.
 */
#include <linux/percpu.h>
#include "rstguard.h"

int rg_stats_init(struct rg_net *rn)
{
	int cpu;

	rn->stats = alloc_percpu(struct rg_pcpu_stats);
	if (!rn->stats)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(rn->stats, cpu)->syncp);
	return 0;
}

void rg_stats_free(struct rg_net *rn)
{
	free_percpu(rn->stats);
	rn->stats = NULL;
}

void rg_stats_sum(const struct rg_net *rn, u64 out[RG_STAT_COUNT])
{
	unsigned int start, i;
	int cpu;

	memset(out, 0, sizeof(u64) * RG_STAT_COUNT);
	for_each_possible_cpu(cpu) {
		const struct rg_pcpu_stats *s = per_cpu_ptr(rn->stats, cpu);
		u64 snap[RG_STAT_COUNT];

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < RG_STAT_COUNT; i++)
				snap[i] = u64_stats_read(&s->cnt[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		for (i = 0; i < RG_STAT_COUNT; i++)
			out[i] += snap[i];
	}
}
