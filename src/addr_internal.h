/*
 * libv6transit - private helpers shared by the address sources.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef V6T_SRC_ADDR_INTERNAL_H
#define V6T_SRC_ADDR_INTERNAL_H

#include <stdint.h>
#include <string.h>

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

#endif /* V6T_SRC_ADDR_INTERNAL_H */
