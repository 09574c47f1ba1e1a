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

/* Whether the first nbits bits of a and b are equal. */
static inline int v6t_bits_equal(const uint8_t *a, const uint8_t *b,
				 unsigned nbits)
{
	unsigned whole = nbits / 8, rest = nbits % 8;

	if (memcmp(a, b, whole) != 0)
		return 0;
	if (rest == 0)
		return 1;
	return ((a[whole] ^ b[whole]) & (uint8_t)(0xffu << (8 - rest))) == 0;
}

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

#endif /* V6T_SRC_ADDR_INTERNAL_H */
