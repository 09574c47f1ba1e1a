/*
 * libv6transit - private: the Internet checksum (RFC 1071), for the IPv4
 * header checksum that reassembly and fragmentation rewrite, and later for
 * translation.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef V6T_SRC_CHECKSUM_H
#define V6T_SRC_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bytes.h"

/* 32 bits in the CPU's byte order, through memcpy (no unaligned access):
 * only for sums whose result does not depend on the order (below). */
static inline uint32_t v6t_ld_ne32(const uint8_t *p)
{
	uint32_t w;

	memcpy(&w, p, 4);
	return w;
}

/* Whether the CPU stores the low byte of a word first (a constant to the
 * compiler). */
static inline int v6t_cpu_little_endian(void)
{
	const uint16_t one = 1;
	uint8_t b[2];

	memcpy(b, &one, 2);
	return b[0] == 1;
}

/*
 * The one's complement sum of the 16-bit big-endian words of p[0..len)
 * (an odd last byte is padded with zero), added to sum, not folded to 16
 * bits (a sum of 0 only for all-zero words; the result is equivalent to
 * the word-by-word sum under one's complement folding). The whole 32-bit
 * words are summed in the CPU's byte order into 64 bits and folded, then
 * swapped to network order on a little-endian CPU: RFC 1071 §2 (A), (B)
 * (the sum is the same in either byte order, swapped; a 32-bit word is
 * its two 16-bit halves modulo 2^16 - 1).
 */
static inline uint32_t v6t_csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	uint64_t s = 0;
	uint32_t t;
	size_t i = 0;

	for (; i + 8 <= len; i += 8)
		s += (uint64_t)v6t_ld_ne32(p + i) + v6t_ld_ne32(p + i + 4);
	if (i + 4 <= len) {
		s += v6t_ld_ne32(p + i);
		i += 4;
	}
	/* below 2^47 for any len below 2^32: two folds to 33 bits, then 16 */
	s = (s & 0xffffffffu) + (s >> 32);
	s = (s & 0xffffffffu) + (s >> 32);
	s = (s & 0xffffu) + (s >> 16);
	s = (s & 0xffffu) + (s >> 16);
	t = (uint32_t)s;
	if (v6t_cpu_little_endian())
		t = (t & 0xffu) << 8 | t >> 8;
	for (; i + 1 < len; i += 2)
		t += v6t_ld_be16(p + i);
	if (len & 1)
		t += (uint32_t)p[len - 1] << 8;
	return sum + t;
}

/* Fold a sum to 16 bits and complement it: the checksum field's value. */
static inline uint16_t v6t_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffffu) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Write the header checksum of the IPv4 header at h (hlen bytes, a
 * multiple of 4): computed with the checksum field taken as zero (RFC 791
 * §3.1). */
static inline void v6t_ip4_set_checksum(uint8_t *h, size_t hlen)
{
	h[10] = 0;
	h[11] = 0;
	v6t_st_be16(h + 10, v6t_csum_fold(v6t_csum_add(0, h, hlen)));
}

/*
 * Whether the IPv4 header at h (hlen bytes, a multiple of 4, at least 20)
 * has a correct header checksum (RFC 791 §3.1): the one's complement sum
 * of all its 16-bit words, the checksum included, is 0xffff. Summed 32
 * bits at a time in the CPU's own byte order and folded at the end: RFC
 * 1071 §2 (B), the sum is the same, byte-swapped, in either order, and
 * 0xffff is its own swap.
 */
static inline int v6t_ip4_checksum_ok(const uint8_t *h, size_t hlen)
{
	/* the 20 bytes every header has, written out (compilers keep the
	 * loop), then the options */
	uint64_t sum = (uint64_t)v6t_ld_ne32(h) + v6t_ld_ne32(h + 4) +
		       v6t_ld_ne32(h + 8) + v6t_ld_ne32(h + 12) + v6t_ld_ne32(h + 16);
	size_t i;

	for (i = 20; i + 3 < hlen; i += 4)
		sum += v6t_ld_ne32(h + i);
	/* at most 15 words: below 2^36; four folds reach 16 bits */
	sum = (sum & 0xffffffffu) + (sum >> 32);
	sum = (sum & 0xffffu) + (sum >> 16);
	sum = (sum & 0xffffu) + (sum >> 16);
	sum = (sum & 0xffffu) + (sum >> 16);
	return sum == 0xffffu;
}

/* The checksum field hc after 16-bit words of the summed data changed:
 * RFC 1624 §3, equation 3, HC' = ~(~HC + ~m + m'), for n words at once
 * (old[k] became new_[k]), folded once. */
static inline uint16_t v6t_csum_update(uint16_t hc, const uint16_t *old,
				       const uint16_t *new_, unsigned n)
{
	uint32_t sum = (uint16_t)~hc;
	unsigned k;

	for (k = 0; k < n; k++)
		sum += (uint32_t)(uint16_t)~old[k] + new_[k];
	/* at most 1 + 2 * n words of 16 bits: n < 32768 keeps it in 32 bits */
	sum = (sum & 0xffffu) + (sum >> 16);
	sum = (sum & 0xffffu) + (sum >> 16);
	return (uint16_t)~sum;
}

/* A sum folded to 16 bits, not complemented (0 stays 0). */
static inline uint16_t v6t_csum_fold16(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffffu) + (sum >> 16);
	return (uint16_t)sum;
}

/* The sum of the IPv6 pseudo-header (RFC 8200 §8.1): source, destination,
 * upper-layer packet length, next header; not folded. */
static inline uint32_t v6t_csum_pseudo6(const uint8_t src[16],
					const uint8_t dst[16], uint32_t len,
					uint8_t nh)
{
	uint32_t sum = v6t_csum_add(v6t_csum_add(0, src, 16), dst, 16);

	return sum + (len >> 16) + (len & 0xffffu) + nh;
}

/* The sum of the IPv4 pseudo-header (RFC 768, RFC 9293 §3.1): source,
 * destination, protocol, length; not folded. */
static inline uint32_t v6t_csum_pseudo4(const uint8_t src[4],
					const uint8_t dst[4], uint32_t len,
					uint8_t proto)
{
	uint32_t sum = v6t_csum_add(v6t_csum_add(0, src, 4), dst, 4);

	return sum + (len & 0xffffu) + proto;
}

/* The checksum field hc after summed data whose words added up to old_sum
 * became data adding up to new_sum (RFC 1624 §3, equation 3, with the
 * sums in place of single words): ~(~hc + ~old + new). */
static inline uint16_t v6t_csum_adjust(uint16_t hc, uint32_t old_sum,
				       uint32_t new_sum)
{
	uint32_t sum = (uint32_t)(uint16_t)~hc +
		       (uint16_t)~v6t_csum_fold16(old_sum) +
		       v6t_csum_fold16(new_sum);

	return (uint16_t)~v6t_csum_fold16(sum);
}

#endif /* V6T_SRC_CHECKSUM_H */
