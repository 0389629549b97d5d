#include <linux/module.h>
#define INCLUDE_VERMAGIC
#include <linux/build-salt.h>
#include <linux/elfnote-lto.h>
#include <linux/export-internal.h>
#include <linux/vermagic.h>
#include <linux/compiler.h>

BUILD_SALT;
BUILD_LTO_INFO;

MODULE_INFO(vermagic, VERMAGIC_STRING);
MODULE_INFO(name, KBUILD_MODNAME);

__visible struct module __this_module
__section(".gnu.linkonce.this_module") = {
	.name = KBUILD_MODNAME,
	.init = init_module,
#ifdef CONFIG_MODULE_UNLOAD
	.exit = cleanup_module,
#endif
	.arch = MODULE_ARCH_INIT,
};

#ifdef CONFIG_RETPOLINE
MODULE_INFO(retpoline, "Y");
#endif


static const struct modversion_info ____versions[]
__used __section("__versions") = {
	{ 0x38abe93d, "skb_copy_bits" },
	{ 0x8d522714, "__rcu_read_lock" },
	{ 0x9b489671, "nla_put_64bit" },
	{ 0x53569707, "this_cpu_off" },
	{ 0xffcbde5b, "genlmsg_put" },
	{ 0xb19a5453, "__per_cpu_offset" },
	{ 0xbdfb6dbb, "__fentry__" },
	{ 0x59c7a6b2, "register_pernet_subsys" },
	{ 0x92997ed8, "_printk" },
	{ 0xa19b956, "__stack_chk_fail" },
	{ 0xc4a1dc8c, "ipv6_skip_exthdr" },
	{ 0x1117df58, "nf_register_net_hooks" },
	{ 0x1eb9ab54, "__alloc_skb" },
	{ 0x2469810f, "__rcu_read_unlock" },
	{ 0xc9119dac, "netlink_unicast" },
	{ 0xed89811, "kfree_skb_reason" },
	{ 0x1468be11, "nla_put" },
	{ 0x53a1e8d9, "_find_next_bit" },
	{ 0xdad7205d, "nf_unregister_net_hooks" },
	{ 0xf44ea91, "unregister_pernet_subsys" },
	{ 0x9e683f75, "__cpu_possible_mask" },
	{ 0x5b8239ca, "__x86_return_thunk" },
	{ 0x17de3d5, "nr_cpu_ids" },
	{ 0x77c2be96, "skb_trim" },
	{ 0xc9ec4e21, "free_percpu" },
	{ 0x949f7342, "__alloc_percpu" },
	{ 0xab93a5c2, "genl_unregister_family" },
	{ 0x9ec07055, "genl_register_family" },
	{ 0x9060323f, "module_layout" },
};

MODULE_INFO(depends, "");


MODULE_INFO(srcversion, "F3940E80E973B93C1571A33");
