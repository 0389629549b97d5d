/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rstguard portable core: the one header that includes system headers.
 *
 * Everything under kmod/core/ builds both into the kernel module and into
 * userspace unit tests, fuzzers and benchmarks. Core files include only this
 * header, each other and <linux/rstguard.h> (the uapi; userspace builds add
 * -I uapi), so that the core never grows a hidden dependency on netfilter or
 * on libc beyond what is mapped here.
 */
#ifndef _RG_CORE_TYPES_H
#define _RG_CORE_TYPES_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/string.h>
#include <linux/kernel.h>

#else /* !__KERNEL__ */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#ifndef BIT
#define BIT(nr)		(1UL << (nr))
#endif

#ifndef fallthrough
#define fallthrough	__attribute__((__fallthrough__))
#endif

#endif /* __KERNEL__ */

/*
 * TCP sequence space comparisons (RFC 1982 serial arithmetic), the same
 * definition as the kernel's before()/after() in <net/tcp.h>, which the core
 * must not include. Two numbers exactly 2^31 apart are "before" each other
 * both ways; callers never compare numbers that far apart meaningfully.
 */
static inline bool rg_before(u32 seq1, u32 seq2)
{
	return (s32)(seq1 - seq2) < 0;
}

static inline bool rg_after(u32 seq1, u32 seq2)
{
	return rg_before(seq2, seq1);
}

static inline u32 rg_max_u32(u32 a, u32 b)
{
	return a > b ? a : b;
}

static inline u32 rg_min_u32(u32 a, u32 b)
{
	return a < b ? a : b;
}

#endif /* _RG_CORE_TYPES_H */
