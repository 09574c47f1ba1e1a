/*
 * libv6transit - private helpers shared by the address sources.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef V6T_SRC_ADDR_INTERNAL_H
#define V6T_SRC_ADDR_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bytes.h"


/* Whether every bit of p at position nbits and after (within size bytes) is zero. */
static inline int v6t_bits_zero_from(const uint8_t *p, size_t size,
				     unsigned nbits)
{
	size_t i = nbits / 8;
	unsigned rest = nbits % 8;

	if (rest != 0) {
		if ((p[i] & (uint8_t)(0xffu >> rest)) != 0)
			return 0;
		i++;
	}
	for (; i < size; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

/* A 64-bit mask with its nbits (0..64) high-order bits set. */
static inline uint64_t v6t_mask64(unsigned nbits)
{
	/* a single shift by 64 would be undefined behaviour */
	return nbits == 0 ? 0 : ~(uint64_t)0 << (64 - nbits);
}

/* Whether the first nbits (0..64) bits of a and b are equal. */
static inline int v6t_hi64_equal(const uint8_t a[8], const uint8_t b[8],
				 unsigned nbits)
{
	return ((v6t_ld_be64(a) ^ v6t_ld_be64(b)) & v6t_mask64(nbits)) == 0;
}

/*
 * Whether a lies under p, for a prefix length known to be in range (0..32,
 * 0..128): both halves compared with 64-bit masks, without branches or a
 * memcmp() call of variable length.
 */
static inline int v6t_in4_under(const uint8_t a[4], const uint8_t p[4],
				unsigned len)
{
	uint64_t diff = v6t_ld_be32(a) ^ v6t_ld_be32(p);

	/* the 32 address bits in the high half, as v6t_mask64() counts */
	return ((diff << 32) & v6t_mask64(len)) == 0;
}

static inline int v6t_in6_under(const uint8_t a[16], const uint8_t p[16],
				unsigned len)
{
	unsigned hi = len < 64 ? len : 64;

	return v6t_hi64_equal(a, p, hi) & v6t_hi64_equal(a + 8, p + 8, len - hi);
}

/* Bit o % 32 of word o / 32 is set when an RFC 6890 block (Tables 1-16)
 * or multicast 224.0.0.0/4 holds addresses whose first octet is o
 * (addr_class.c). */
#if defined(__GNUC__)
__attribute__((visibility("hidden")))
#endif
extern const uint32_t v6t_special4_octets[8];

/* Whether an IPv4 address with first octet o is in no RFC 6890 block and
 * not multicast, so global, without the table scan of
 * v6t_addr_in4_is_global() (a translator asks for every packet, RFC 6052
 * §3.1). 0 says nothing: the scan decides. */
static inline int v6t_in4_octet_ordinary(unsigned o)
{
	return (v6t_special4_octets[o / 32] >> (o % 32) & 1u) == 0;
}

#endif /* V6T_SRC_ADDR_INTERNAL_H */
