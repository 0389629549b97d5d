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
#include <linux/slab.h>
#include "../compat.h"	/* get_unaligned_le32/64 */

/* Compile-time allocations of the core (never on a packet path). */
static inline void *rg_alloc(size_t size)
{
	return kvmalloc(size, GFP_KERNEL);
}

static inline void rg_free(const void *p)
{
	kvfree(p);
}

/* Small packet-path allocations (a session's matcher state): may fail. */
static inline void *rg_alloc_atomic(size_t size)
{
	return kmalloc(size, GFP_ATOMIC | __GFP_NOWARN);
}

static inline void rg_free_atomic(const void *p)
{
	kfree(p);
}

static inline u32 rg_load_le32(const void *p)
{
	return get_unaligned_le32(p);
}

static inline u64 rg_load_le64(const void *p)
{
	return get_unaligned_le64(p);
}

#else /* !__KERNEL__ */

#include <assert.h>
#include <endian.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/cdefs.h>	/* __always_inline, as the kernel spells it */

static inline void *rg_alloc(size_t size)
{
	return malloc(size ? size : 1);
}

static inline void rg_free(const void *p)
{
	free((void *)p);
}

static inline void *rg_alloc_atomic(size_t size)
{
	return malloc(size ? size : 1);
}

#ifndef U32_MAX
#define U32_MAX		((u32)~0U)
#endif

static inline void rg_free_atomic(const void *p)
{
	free((void *)p);
}

/*
 * The compiler's own names for the <stdint.h> types: checkpatch rejects the
 * C99 spellings, and these are what <stdint.h> itself is built from.
 */
typedef __UINT8_TYPE__ u8;
typedef __UINT16_TYPE__ u16;
typedef __UINT32_TYPE__ u32;
typedef __UINT64_TYPE__ u64;
typedef __INT8_TYPE__ s8;
typedef __INT16_TYPE__ s16;
typedef __INT32_TYPE__ s32;
typedef __INT64_TYPE__ s64;

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#ifndef BIT
#define BIT(nr)		(1UL << (nr))
#endif

#ifndef BIT_ULL
#define BIT_ULL(nr)	(1ULL << (nr))
#endif

#ifndef fallthrough
#define fallthrough	__attribute__((__fallthrough__))
#endif

/*
 * Little-endian loads from any address, as the kernel's
 * get_unaligned_le32/64(). The compiler makes each one load where the CPU
 * allows it (x86, where the scanners use them): memcpy() of a constant
 * size, and two halves it merges.
 */
static inline u32 rg_load_le32(const void *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return le32toh(v);
}

static inline u64 rg_load_le64(const void *p)
{
	return (u64)rg_load_le32((const u8 *)p + 4) << 32 | rg_load_le32(p);
}

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
