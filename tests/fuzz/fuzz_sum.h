/*
 * The Internet checksum for the fuzz targets, written again here (RFC
 * 1071) so that they check the library's sums with code of their own.
 */
#ifndef V6T_TESTS_FUZZ_SUM_H
#define V6T_TESTS_FUZZ_SUM_H

#include <stddef.h>
#include <stdint.h>

/* The folded sum of s and the 16-bit words of p[0..n) (an odd last byte
 * is the high half of a word). A right checksum sums to 0xffff. */
static inline unsigned long sum16(unsigned long s, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		s += i % 2 ? p[i] : (unsigned long)p[i] << 8;
	while (s > 0xffff)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

#endif /* V6T_TESTS_FUZZ_SUM_H */
