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

#include "bytes.h"

/* The one's complement sum of the 16-bit big-endian words of p[0..len)
 * (an odd last byte is padded with zero), added to sum, not folded. */
static inline uint32_t v6t_csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += v6t_ld_be16(p + i);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
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

/* Whether the IPv4 header at h (hlen bytes) has a correct header checksum
 * (RFC 791 §3.1): the one's complement sum of all its words, the checksum
 * included, is 0xffff. Summed in 32-bit words, folded at the end: the same
 * sum (RFC 1071 §2 (B), byte order independence and parallel summation). */
static inline int v6t_ip4_checksum_ok(const uint8_t *h, size_t hlen)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i + 3 < hlen; i += 4)
		sum += v6t_ld_be32(h + i);
	while (sum >> 16)
		sum = (sum & 0xffffu) + (sum >> 16);
	return sum == 0xffffu;
}

/* The checksum field hc after a 16-bit word of the summed data changed from
 * old to new: RFC 1624 §3, equation 3, HC' = ~(~HC + ~m + m'). */
static inline uint16_t v6t_csum_update16(uint16_t hc, uint16_t old, uint16_t new_)
{
	uint32_t sum = (uint32_t)(uint16_t)~hc + (uint16_t)~old + new_;

	sum = (sum & 0xffffu) + (sum >> 16);
	sum = (sum & 0xffffu) + (sum >> 16);
	return (uint16_t)~sum;
}

#endif /* V6T_SRC_CHECKSUM_H */
