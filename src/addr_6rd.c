/*
 * libv6transit - 6rd delegated prefixes (RFC 5969).
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * RFC 5969 §4, Figure 1:
 *
 *   |   n bits   |    o bits    |  m bits   | 128-n-o-m bits |
 *   | 6rd prefix | IPv4 address | subnet ID |  interface ID  |
 *   |<-- 6rd delegated prefix ->|
 *
 * with n = 6rdPrefixLen and o = 32 - IPv4MaskLen. Since we require
 * n + o <= 64 (v6t_addr_6rd_init), the delegated prefix lies wholly in
 * the high 64 bits of the address, so one 64-bit word does all the work:
 * no bit loops, any alignment.
 *
 * v6t_addr_6rd_init() checks the domain once and stores, for that word:
 *   prefix   the 6rd prefix, bits past n cleared (§7.1.1)
 *   pmask    the n high bits, for the "under the prefix" test
 *   ce_mask  the low o bits of a 32-bit value: the CE's own bits
 *   shift    64 - (n + o): where the o bits sit, counted from bit 0
 *   br_hi    the m high bits of the BR address (§7.2)
 *   len      n + o, the delegated prefix length
 * so that the per-address functions are a load, a mask, a shift and an OR.
 * Every shift they do is by (shift & 63), so any bytes in the struct give
 * defined behaviour (the result is then unspecified, as addr.h says).
 */
#include <string.h>

#include <v6transit/addr.h>

#include "addr_internal.h"
#include "bytes.h"

/* RFC 5969 §7.1.1: "any value greater than 32 is invalid". */
#define V4MASKLEN_MAX 32u
/* RFC 5969 §4: the delegated prefix "SHOULD be /64 or shorter". */
#define DELEGATED_LEN_MAX 64u
/* A 64-bit shift count must stay in 0..63 to be defined (C99 6.5.7). */
#define SHIFT_MASK 63u

/* see addr.h */
int v6t_addr_6rd_init(v6t_addr_6rd *d, const v6t_prefix6 *prefix,
		      unsigned v4masklen, const v6t_in4 *br)
{
	unsigned n = prefix->len, dlen;
	uint64_t pmask;
	uint32_t ce_mask;

	if (v4masklen > V4MASKLEN_MAX)
		return V6T_EADDR_PREFIX_LEN;
	/* n + (32 - IPv4MaskLen) <= 64, written without a subtraction that
	 * could wrap; it also keeps n <= 64, well inside §7.1.1's bound
	 * (32 - IPv4MaskLen) + 6rdPrefixLen <= 128 */
	if (n + V4MASKLEN_MAX > DELEGATED_LEN_MAX + v4masklen)
		return V6T_EADDR_PREFIX_LEN;
	dlen = n + V4MASKLEN_MAX - v4masklen;

	pmask = v6t_mask64(n); /* the n (0..64) high bits */
	/* the low o = 32 - m bits; shifted as 64 bits because m may be 32 */
	ce_mask = (uint32_t)((uint64_t)0xffffffffu >> v4masklen);

	/*
	 * RFC 5969 §7.1.1: the 6rdPrefix bits "after the 6rdPrefixlen
	 * number of bits are reserved and MUST be initialized to zero by
	 * the sender and ignored by the receiver": we mask them off. Those
	 * of the low 64 bits are never read.
	 */
	d->prefix = v6t_ld_be64(prefix->addr.b) & pmask;
	d->pmask = pmask;
	d->ce_mask = ce_mask;
	/* RFC 5969 §7.2: the m high bits of every CE address are the BR's;
	 * a CE-only domain (no BR given) has them zero */
	d->br_hi = br != NULL ? v6t_ld_be32(br->b) & ~ce_mask : 0;
	/* dlen is 0..64; when it is 0, o is 0 and ce_mask keeps no bit, so
	 * the shift of 64 folding to 0 below changes nothing */
	d->shift = (uint8_t)((DELEGATED_LEN_MAX - dlen) & SHIFT_MASK);
	d->len = (uint8_t)dlen;
	return V6T_OK;
}

/* The high 64 bits of the delegated prefix (RFC 5969 §4): the 6rd prefix,
 * then the o low bits of the CE address. */
static inline uint64_t delegated_hi(const v6t_addr_6rd *d, const v6t_in4 *ce)
{
	uint64_t own = v6t_ld_be32(ce->b) & d->ce_mask;

	return d->prefix | own << (d->shift & SHIFT_MASK);
}

/* see addr.h */
int v6t_addr_6rd_encode(v6t_prefix6 *out, const v6t_addr_6rd *d,
			const v6t_in4 *ce)
{
	/* zero the low half first: a memset after v6t_st_be64's byte stores
	 * stops clang from merging them into one byte-swapped store */
	memset(out->addr.b + 8, 0, 8);
	v6t_st_be64(out->addr.b, delegated_hi(d, ce));
	out->len = d->len;
	return V6T_OK;
}

/* see addr.h */
int v6t_addr_6rd_anycast(v6t_in6 *out, const v6t_addr_6rd *d,
			 const v6t_in4 *ce)
{
	/* RFC 4291 §2.6.1: Subnet-Router anycast = prefix, then zeros (the
	 * zeros first, as in v6t_addr_6rd_encode) */
	memset(out->b + 8, 0, 8);
	v6t_st_be64(out->b, delegated_hi(d, ce));
	return V6T_OK;
}

/* see addr.h */
int v6t_addr_6rd_decode(v6t_in4 *out, const v6t_in6 *a, const v6t_addr_6rd *d)
{
	uint64_t hi = v6t_ld_be64(a->b);

	if (((hi ^ d->prefix) & d->pmask) != 0)
		return V6T_EADDR_NOT_IN_PREFIX;
	/* RFC 5969 §7.2: the m high bits from the BR, the o others from
	 * the bits after the prefix */
	v6t_st_be32(out->b, d->br_hi |
		    ((uint32_t)(hi >> (d->shift & SHIFT_MASK)) & d->ce_mask));
	return V6T_OK;
}
