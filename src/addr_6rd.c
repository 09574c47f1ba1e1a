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
 * n + o <= 64 (v6t_addr_6rd_check), the delegated prefix lies wholly in
 * the high 64 bits of the address, so one 64-bit word does all the work:
 * no bit loops, any alignment.
 */
#include <string.h>

#include <v6transit/addr.h>

#include "addr_internal.h"
#include "bytes.h"

/* RFC 5969 §7.1.1: "any value greater than 32 is invalid". */
#define V4MASKLEN_MAX 32u
/* RFC 5969 §4: the delegated prefix "SHOULD be /64 or shorter". */
#define DELEGATED_LEN_MAX 64u

/* A mask of the 64 - n low bits of a word: the bits past a prefix of n
 * (0..64) bits. */
static inline uint64_t past_mask(unsigned n)
{
	/* a shift by 64 would be undefined; n is 64 only at the word's end */
	return n < 64 ? ~(uint64_t)0 >> n : 0;
}

/* v6t_addr_6rd_check(), inlined into the per-address functions. */
static inline int domain_check(const v6t_prefix6 *p, unsigned v4masklen)
{
	const uint8_t *pb = p->addr.b;

	if (v4masklen > V4MASKLEN_MAX)
		return V6T_EADDR_PREFIX_LEN;
	/* n + (32 - IPv4MaskLen) <= 64, written without a subtraction that
	 * could wrap */
	if (p->len + V4MASKLEN_MAX > DELEGATED_LEN_MAX + v4masklen)
		return V6T_EADDR_PREFIX_LEN;
	/* n <= 64 now, so the host bits are the low 64 - n of the high word
	 * and the whole low word */
	if (((v6t_ld_be64(pb) & past_mask(p->len)) | v6t_ld_be64(pb + 8)) != 0)
		return V6T_EADDR_HOST_BITS;
	return V6T_OK;
}

/* see addr.h */
int v6t_addr_6rd_check(const v6t_prefix6 *p, unsigned v4masklen)
{
	return domain_check(p, v4masklen);
}

/*
 * The high 64 bits of the delegated prefix of a checked domain: the 6rd
 * prefix, then the low o = 32 - m bits of the IPv4 address.
 */
static uint64_t delegated_hi(const v6t_prefix6 *p, unsigned m,
			     const v6t_in4 *v4)
{
	/* drop the m common bits, leaving the o others at the top; two
	 * shifts because m may be 32 and a shift by 64 is undefined */
	uint64_t bits = ((uint64_t)v6t_ld_be32(v4->b) << 32) << m;

	/*
	 * Then move them just past the n prefix bits. n is 64 only when
	 * o is 0; bits is then 0 and (n & 63) keeps the shift defined.
	 */
	return v6t_ld_be64(p->addr.b) | bits >> (p->len & 63u);
}

/* see addr.h */
int v6t_addr_6rd_encode(v6t_prefix6 *out, const v6t_prefix6 *p,
			unsigned v4masklen, const v6t_in4 *ce)
{
	int rc = domain_check(p, v4masklen);

	if (rc != V6T_OK)
		return rc;
	v6t_st_be64(out->addr.b, delegated_hi(p, v4masklen, ce));
	memset(out->addr.b + 8, 0, 8);
	out->len = (uint8_t)(p->len + V4MASKLEN_MAX - v4masklen);
	return V6T_OK;
}

/* see addr.h */
int v6t_addr_6rd_anycast(v6t_in6 *out, const v6t_prefix6 *p,
			 unsigned v4masklen, const v6t_in4 *ce)
{
	int rc = domain_check(p, v4masklen);

	if (rc != V6T_OK)
		return rc;
	/* RFC 4291 §2.6.1: Subnet-Router anycast = prefix, then zeros */
	v6t_st_be64(out->b, delegated_hi(p, v4masklen, ce));
	memset(out->b + 8, 0, 8);
	return V6T_OK;
}

/* see addr.h */
int v6t_addr_6rd_decode(v6t_in4 *out, const v6t_in6 *a, const v6t_prefix6 *p,
			unsigned v4masklen, const v6t_in4 *br)
{
	uint64_t diff, after;
	uint32_t common, own;
	int rc = domain_check(p, v4masklen);

	if (rc != V6T_OK)
		return rc;
	diff = v6t_ld_be64(a->b) ^ v6t_ld_be64(p->addr.b);
	if ((diff & ~past_mask(p->len)) != 0)
		return V6T_EADDR_NOT_IN_PREFIX;
	/*
	 * RFC 5969 §7.2: the m high-order bits are the domain's, taken from
	 * the BR address; 32 ones shifted down by m, cut to 32 bits, keep
	 * m of them.
	 */
	common = v6t_ld_be32(br->b) &
		 (uint32_t)(((uint64_t)0xffffffffu << 32) >> v4masklen);
	/*
	 * The o bits after the prefix: shift them to the top (n is 64 only
	 * when o is 0, and then (n & 63) = 0 still yields no bits below),
	 * then down to the low o bits of a 32-bit value in two defined steps.
	 */
	after = v6t_ld_be64(a->b) << (p->len & 63u);
	own = (uint32_t)((after >> 32) >> v4masklen);
	v6t_st_be32(out->b, common | own);
	return V6T_OK;
}
