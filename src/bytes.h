/*
 * libv6transit - private byte-order helpers.
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Multi-byte fields are read and written one byte at a time with shifts:
 * correct on any byte order and on strict-alignment CPUs, and compilers turn
 * them into a single (byte-swapped) load or store where that is allowed.
 */
#ifndef V6T_SRC_BYTES_H
#define V6T_SRC_BYTES_H

#include <stdint.h>

/*
 * For a static worker that public functions call with constant arguments,
 * or on a per-packet path, so that each caller gets its own specialised
 * copy: compilers do not inline a large one by themselves.
 */
#if defined(__GNUC__)
#define V6T_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define V6T_ALWAYS_INLINE inline
#endif

static inline uint16_t v6t_ld_be16(const uint8_t p[2])
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static inline uint32_t v6t_ld_be32(const uint8_t p[4])
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t v6t_ld_be64(const uint8_t p[8])
{
	return (uint64_t)v6t_ld_be32(p) << 32 | v6t_ld_be32(p + 4);
}

/* Little-endian loads: SipHash reads its message this way. */
static inline uint32_t v6t_ld_le32(const uint8_t p[4])
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t v6t_ld_le64(const uint8_t p[8])
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	       (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	       (uint64_t)p[7] << 56;
}

static inline void v6t_st_be16(uint8_t p[2], uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void v6t_st_be32(uint8_t p[4], uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline void v6t_st_be64(uint8_t p[8], uint64_t v)
{
	v6t_st_be32(p, (uint32_t)(v >> 32));
	v6t_st_be32(p + 4, (uint32_t)v);
}

#endif /* V6T_SRC_BYTES_H */
