/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rstguard: the kernels it builds against, Debian 12's 6.1 LTS and 6.12 LTS
 * (and 6.12's PREEMPT_RT flavour). Every difference between them lives
 * here: no other file tests LINUX_VERSION_CODE (selftests/lint checks).
 * The netfilter, conntrack, reject, defrag and genetlink interfaces the
 * module uses are the same in both.
 */
#ifndef _RG_COMPAT_H
#define _RG_COMPAT_H

#include <linux/version.h>

/* 6.12 moved <asm/unaligned.h> (get_unaligned_le32/64) to <linux/> */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#endif /* _RG_COMPAT_H */
