/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-network-namespace state and the interfaces between the module's files.
 */
#ifndef _RSTGUARD_H
#define _RSTGUARD_H

#include <linux/types.h>
#include <linux/mutex.h>
#include <linux/ratelimit.h>
#include <linux/rhashtable.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <linux/netfilter.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <linux/rstguard.h>
#include "session.h"
#include "core/rule.h"
#include "sigs.h"

/* Counter slots, one per RSTGUARD_STATS_A_* attribute after the pad. */
#define RG_STAT_FIRST		RSTGUARD_STATS_A_PACKETS_IPV4
#define RG_STAT_COUNT		(RSTGUARD_STATS_A_MAX - RG_STAT_FIRST + 1)

struct rg_pcpu_stats {
	u64_stats_t		cnt[RG_STAT_COUNT];
	struct u64_stats_sync	syncp;
};

/* Bounds of the settings, enforced by the netlink policy. */
#define RG_TIMEOUT_MAX_S	(7 * 24 * 3600)
#define RG_LIMIT_MAX		(16 * 1024 * 1024)
#define RG_LIMIT_DEFAULT	262144

/*
 * Settings of one namespace. Written only by netlink handlers (genl_mutex);
 * read locklessly with READ_ONCE() by the packet path and the GC, which
 * tolerate seeing an old value for a moment.
 */
struct rg_config {
	u32	timeout[__RSTGUARD_TIMEOUT_MAX];	/* seconds */
	u32	limit;
	u8	log;		/* enum rstguard_log */
	u8	strict;		/* 0 or 1; u8 for READ_ONCE() */
	u8	fail_open;
	u8	default_action;	/* enum rstguard_action */
	u8	reset_on_aged_out;
	u8	rematch;
	u32	offload_mark;	/* skb->mark bits of released sessions; 0 off */
};

/* Per rule, beside its match; hits change in place. */
struct rg_rule_info {
	atomic64_t	hits;
	u32		id;
	char		name[RSTGUARD_RULE_NAME_MAX];
};

/* Immutable once published (rules.c); freed after an RCU grace period. */
struct rg_ruleset {
	struct rcu_head		rcu;
	unsigned int		n;
	bool			uses_ifaces;	/* some rule matches iif/oif */
	struct rg_rule_info	*info;		/* [n], in the same allocation */
	struct rg_rule_match	match[];	/* [n], evaluated in order */
};

/* The session table of one namespace (table.c, gc.c). */
struct rg_table {
	struct rhashtable	ht;
	atomic_t		count;		/* entries linked or reserved */
	struct delayed_work	gc_work;
	/* the GC's place in ht between runs; used by gc_work only */
	struct rhashtable_iter	gc_iter;
	bool			gc_walking;
};

/* State of one network namespace; lives from pernet init to pernet exit. */
struct rg_net {
	struct net		*net;
	/* written only by the CPU that owns the slot, with BH disabled */
	struct rg_pcpu_stats __percpu *stats;
	struct rg_config	cfg;
	struct rg_table		table;
	struct ratelimit_state	log_rs;		/* kernel log lines */
	/* serialises ruleset writers and rematches (netlink handlers) */
	struct mutex		rules_mutex;
	/* written under rules_mutex, read under RCU; NULL: no rules */
	struct rg_ruleset __rcu	*rules;
	u32			rule_next_id;	/* rules_mutex */
	/* serialises signature set writers (netlink handlers) */
	struct mutex		sigs_mutex;
	/* written under sigs_mutex, read under RCU; NULL: no signatures */
	struct rg_sigset __rcu	*sigs;
	u32			sig_gen;	/* sigs_mutex */
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

/* track.c: the packet path, BH disabled, under RCU */
unsigned int rg_track_tcp(struct rg_net *rn, struct sk_buff *skb,
			  unsigned int thoff, const struct nf_hook_state *state);
void rg_track_offloaded(struct rg_net *rn, struct sk_buff *skb,
			unsigned int thoff, const struct nf_hook_state *state,
			struct nf_conn *ct);

/* conntrack.c: what rstguard reads of conntrack's entry of an skb */
bool rg_ct_tracked(const struct sk_buff *skb);
void rg_ct_bind(struct rg_session_ct *sct, const struct sk_buff *skb,
		unsigned int dir);
bool rg_ct_nat_receiver(const struct sk_buff *skb, unsigned int dir,
			struct rg_nat_peer *peer);
void rg_ct_record(const struct rg_session_ct *sct, unsigned int cdir,
		  struct rg_record *rec);
void rg_ct_untrack(struct sk_buff *skb);
struct nf_conn *rg_ct_offloaded(const struct sk_buff *skb);
void rg_ct_follow(struct rg_session_ct *sct, struct nf_conn *ct);
bool rg_ct_still_offloaded(const struct rg_session_ct *sct);
struct nf_conn *rg_ct_unfollow(struct rg_session_ct *sct);
void rg_ct_put(struct nf_conn *ct);

/* config.c */
void rg_config_init(struct rg_config *cfg);
int rg_nl_config_get(struct sk_buff *skb, struct genl_info *info);
int rg_nl_config_set(struct sk_buff *skb, struct genl_info *info);
extern const struct nla_policy rg_config_set_policy[RSTGUARD_A_MAX + 1];

/* table.c */
int rg_session_cache_init(void);
enum rstguard_timeout rg_session_timeout(const struct rg_session *s);
void rg_session_cache_exit(void);
int rg_table_init(struct rg_net *rn);
void rg_table_exit(struct rg_net *rn);
struct rg_session *rg_table_lookup(struct rg_net *rn, const struct rg_key *key);
struct rg_session *rg_session_alloc(bool scan, bool ct);
void rg_session_free(struct rg_session *s);
bool rg_table_reserve(struct rg_net *rn);
void rg_table_unreserve(struct rg_net *rn);
struct rg_session *rg_table_insert(struct rg_net *rn, struct rg_session *s);
bool rg_session_end_locked(struct rg_session *s, u16 causes,
			   struct rg_record *rec);
void rg_session_unlink(struct rg_net *rn, struct rg_session *s);
void rg_session_end(struct rg_net *rn, struct rg_session *s, u16 causes);
void rg_session_record(const struct rg_net *rn, const struct rg_session *s,
		       struct rg_record *rec);
unsigned int rg_table_end_all(struct rg_net *rn, u16 causes);
void rg_key_from_tuple(struct rg_pkt_key *pk, u8 family,
		       const void *saddr, const void *daddr,
		       __be16 sport, __be16 dport);

/* reset.c: one RST built by rstguard, addresses and ports network order */
struct rg_rst {
	struct in6_addr	saddr, daddr;	/* IPv4: the first 4 bytes */
	__be16		sport, dport;
	u32		seq, ack;
	u8		family;
	bool		to_client;	/* for the counters */
	bool		nat;		/* addressed for a NAT'd wire */
};

void rg_reset_sender(struct rg_net *rn, struct sk_buff *skb,
		     const struct nf_hook_state *state, bool sender_is_client);
void rg_reset_send(struct rg_net *rn, const struct rg_rst *r);
void rg_reset_tracked(struct rg_net *rn, const struct rg_record *rec,
		      const struct rg_tcp *tcp, bool client, bool server);

/* rules.c, netlink_rule.c */
static inline struct rg_ruleset *rg_rules_locked(struct rg_net *rn)
{
	return rcu_dereference_protected(rn->rules,
					 lockdep_is_held(&rn->rules_mutex));
}

struct rg_ruleset *rg_ruleset_alloc(unsigned int n);
void rg_ruleset_free(struct rg_ruleset *rs);
void rg_ruleset_swap(struct rg_net *rn, struct rg_ruleset *rs);
void rg_rule_name(struct rg_net *rn, u32 id, char *name);
u8 rg_rules_eval(struct rg_net *rn, const struct rg_flow *f, u32 *id);
void rg_action_targets(u8 action, bool *client, bool *server);
void rg_rules_rematch(struct rg_net *rn);
void rg_rules_exit(struct rg_net *rn);
int rg_nl_rule_dump(struct sk_buff *skb, struct netlink_callback *cb);
int rg_nl_rule_add(struct sk_buff *skb, struct genl_info *info);
int rg_nl_rule_del(struct sk_buff *skb, struct genl_info *info);
int rg_nl_rule_flush(struct sk_buff *skb, struct genl_info *info);
int rg_nl_rule_replace(struct sk_buff *skb, struct genl_info *info);
extern const struct nla_policy rg_rule_add_policy[RSTGUARD_A_MAX + 1];
extern const struct nla_policy rg_rule_replace_policy[RSTGUARD_A_MAX + 1];

/* sigs.c, netlink_sig.c */
static inline struct rg_sigset *rg_sigs_locked(struct rg_net *rn)
{
	return rcu_dereference_protected(rn->sigs,
					 lockdep_is_held(&rn->sigs_mutex));
}

struct rg_sigset *rg_sigset_build(const struct rg_sig_def *defs, u32 n,
				  struct netlink_ext_ack *extack);
void rg_sigset_defs(const struct rg_sigset *set, struct rg_sig_def *defs);
const char *rg_sig_def_check(const struct rg_sig_def *d);
void rg_sigset_swap(struct rg_net *rn, struct rg_sigset *set, bool keep_hits);
void rg_sig_msg(struct rg_net *rn, u32 id, char *msg);
void rg_sigs_exit(struct rg_net *rn);
int rg_nl_sig_dump(struct sk_buff *skb, struct netlink_callback *cb);
int rg_nl_sig_add(struct sk_buff *skb, struct genl_info *info);
int rg_nl_sig_del(struct sk_buff *skb, struct genl_info *info);
int rg_nl_sig_flush(struct sk_buff *skb, struct genl_info *info);
int rg_nl_sig_replace(struct sk_buff *skb, struct genl_info *info);
extern const struct nla_policy rg_sig_add_policy[RSTGUARD_A_MAX + 1];

/* scan.c: the packet path, under the scanner's lock (rg_scan.lock) and RCU */
#define RG_SCAN_ALERTS	4	/* alert events one segment can raise */

struct rg_scan_hit {
	u8	action;		/* enum rstguard_sig_action; ALERT: none */
	u32	sig_id;		/* the signature of a threat */
	u32	seq;		/* sequence number of the first new byte */
	u32	nalerts;
	u32	alerts[RG_SCAN_ALERTS];	/* ids of alert signatures */
};

enum rg_scan_verdict {
	RG_SCAN_PASS,
	RG_SCAN_DROP,		/* ahead of a gap */
	RG_SCAN_THREAT,
};

void __init rg_scan_init(void);
void rg_scan_base(struct rg_scan *sc, unsigned int side, u32 seq);
void rg_scan_free(struct rg_scan *sc);

/* scan_side.c */
int __init rg_scan_side_init(void);
void rg_scan_side_exit(void);
struct rg_scan *rg_session_scanner(const struct rg_session *s);
struct rg_scan *rg_scan_side_add(struct rg_net *rn, struct rg_session *s);
void rg_scan_side_free(struct rg_session *s);
bool rg_scan_pending(struct rg_net *rn, const struct rg_scan *sc,
		     unsigned int side);
bool rg_scan_finished(struct rg_net *rn, struct rg_scan *sc);
enum rg_scan_verdict rg_scan_segment(struct rg_net *rn, struct rg_scan *sc,
				     struct sk_buff *skb, unsigned int poff,
				     u32 seq, u32 len, unsigned int side,
				     u16 server_port, struct rg_scan_hit *hit);

/* gc.c */
void rg_gc_init(struct rg_net *rn);
void rg_gc_exit(struct rg_net *rn);

/* events.c */
void rg_session_ended(struct rg_net *rn, struct rg_record *rec);
void rg_sig_alert(struct rg_net *rn, struct rg_record *rec, u32 sig_id);

/* netlink.c, netlink_session.c */
extern struct genl_family rg_genl_family;
int rg_genl_init(void);
void rg_genl_exit(void);
int rg_nl_put_record(struct sk_buff *msg, const struct rg_record *rec,
		     bool ended);
int rg_nl_session_dump_start(struct netlink_callback *cb);
int rg_nl_session_dump(struct sk_buff *skb, struct netlink_callback *cb);
int rg_nl_session_dump_done(struct netlink_callback *cb);
int rg_nl_session_flush(struct sk_buff *skb, struct genl_info *info);
int rg_nl_session_del(struct sk_buff *skb, struct genl_info *info);
extern const struct nla_policy rg_session_del_policy[RSTGUARD_A_MAX + 1];
void rg_nl_notify(struct rg_net *rn, const struct rg_record *rec, u8 cmd);

#endif /* _RSTGUARD_H */
