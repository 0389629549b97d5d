// SPDX-License-Identifier: GPL-2.0
/*
 * rstguard: TCP session guard for Linux routers.
 *
 * Module init and exit only: per-namespace state first, then the netlink
 * family that exposes it; torn down in the opposite order.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include "rstguard.h"
#include "version.h"

unsigned int rg_net_id __read_mostly;

static int __net_init rg_net_init(struct net *net)
{
	struct rg_net *rn = rg_pernet(net);
	int err;

	rn->net = net;
	rg_config_init(&rn->cfg);
	mutex_init(&rn->rules_mutex);
	mutex_init(&rn->sigs_mutex);
	ratelimit_state_init(&rn->log_rs, HZ, 10);
	err = rg_stats_init(rn);
	if (err)
		return err;
	err = rg_table_init(rn);
	if (err)
		goto err_stats;
	rg_gc_init(rn);
	err = rg_hooks_register(net);
	if (err)
		goto err_table;
	return 0;

err_table:
	rg_gc_exit(rn);
	rg_table_exit(rn);
err_stats:
	rg_stats_free(rn);
	return err;
}

static void __net_exit rg_net_exit(struct net *net)
{
	struct rg_net *rn = rg_pernet(net);

	/* nf_unregister_net_hooks() waits for packets still in our hooks. */
	rg_hooks_unregister(net);
	rg_gc_exit(rn);
	/* Sessions still live go silently: nobody is left to tell. */
	rg_table_exit(rn);
	rg_rules_exit(rn);
	rg_sigs_exit(rn);
	rg_stats_free(rn);
}

static struct pernet_operations rg_net_ops = {
	.init = rg_net_init,
	.exit = rg_net_exit,
	.id   = &rg_net_id,
	.size = sizeof(struct rg_net),
};

static int __init rg_init(void)
{
	int err;

	rg_scan_init();
	err = rg_scan_side_init();
	if (err)
		return err;
	err = rg_session_cache_init();
	if (err)
		goto err_side;
	err = register_pernet_subsys(&rg_net_ops);
	if (err)
		goto err_cache;
	err = rg_genl_init();
	if (err)
		goto err_pernet;
	pr_info("version %s loaded\n", RSTGUARD_VERSION);
	return 0;

err_pernet:
	unregister_pernet_subsys(&rg_net_ops);
err_cache:
	rg_session_cache_exit();
err_side:
	rg_scan_side_exit();
	return err;
}

static void __exit rg_exit(void)
{
	rg_genl_exit();
	unregister_pernet_subsys(&rg_net_ops);
	rg_session_cache_exit();	/* after its rcu_barrier(): */
	rg_scan_side_exit();
	pr_info("unloaded\n");
}

module_init(rg_init);
module_exit(rg_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("TCP session guard: session tracking, end reasons and resets");
MODULE_AUTHOR("rstguard developers");
MODULE_VERSION(RSTGUARD_VERSION);
MODULE_ALIAS_GENL_FAMILY(RSTGUARD_GENL_NAME);
