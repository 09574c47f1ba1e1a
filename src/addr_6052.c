/*
 * libv6transit - RFC 6052 IPv4-embedded IPv6 addresses, RFC 8215 prefix.
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * RFC 6052 §2.2, Figure 1 (PL = prefix length, u = bits 64..71):
 *
 *   PL  bytes 0..7                     8   9..15
 *   32  prefix(4)  v4(4)               u   suffix
 *   40  prefix(5)  v4[0..2]            u   v4[3]     suffix
 *   48  prefix(6)  v4[0..1]            u   v4[2..3]  suffix
 *   56  prefix(7)  v4[0]               u   v4[1..3]  suffix
 *   64  prefix(8)                      u   v4(4)     suffix
 *   96  prefix(12, u included)             v4(4) in bytes 12..15
 *
 * Every length is a whole number of bytes, so each case is a few fixed
 * byte moves.
 */
#include <string.h>

#include <v6transit/addr.h>

#include "addr_internal.h"
#include "bytes.h"

/* RFC 6052 §2.2: bits 64..71 of the address, the "u" octet. */
#define U_OCTET 8

/* see addr.h */
const v6t_prefix6 v6t_addr_6052_wkp = {
	{ { 0x00, 0x64, 0xff, 0x9b } }, 96
};

/* see addr.h */
const v6t_prefix6 v6t_addr_6052_local = {
	{ { 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01 } }, 48
};

/* RFC 6052 §2.2: "32, 40, 48, 56, 64, or 96". */
static int len_allowed(unsigned len)
{
	return len == 96 || (len >= 32 && len <= 64 && len % 8 == 0);
}

/* see addr.h */
int v6t_addr_6052_prefix_check(const v6t_prefix6 *p)
{
	if (!len_allowed(p->len))
		return V6T_EADDR_PREFIX_LEN;
	/*
	 * For a /96 the u-octet is part of the prefix (RFC 6052 §2.2: "the
	 * administrators MUST ensure that the bits 64 to 71 are set to
	 * zero"); for shorter prefixes it lies past the length. Either way
	 * we name the more specific rule.
	 */
	if (p->addr.b[U_OCTET] != 0)
		return V6T_EADDR_UOCTET;
	if (!v6t_bits_zero_from(p->addr.b, sizeof p->addr.b, p->len))
		return V6T_EADDR_HOST_BITS;
	return V6T_OK;
}

/*
 * RFC 6052 §2.3: concatenate the prefix (n bytes), the IPv4 address and a
 * zero suffix. The helper clears everything after the prefix, the u-octet
 * included; the IPv4 bytes then go in around the u-octet as Figure 1
 * shows.
 */
static inline void prefix_then_zero(uint8_t out[16], const uint8_t p[16],
				    size_t n)
{
	memcpy(out, p, n);
	memset(out + n, 0, 16 - n);
}

/* see addr.h */
int v6t_addr_6052_encode(v6t_in6 *out, const v6t_prefix6 *p, const v6t_in4 *a)
{
	const uint8_t *pb = p->addr.b, *v4 = a->b;
	uint8_t *o = out->b;

	/* dispatch on whole bytes: a shorter jump table than on bits */
	if (p->len % 8 != 0)
		return V6T_EADDR_PREFIX_LEN;
	switch (p->len / 8) {
	case 32 / 8:
		prefix_then_zero(o, pb, 4);
		memcpy(o + 4, v4, 4);
		break;
	case 40 / 8:
		prefix_then_zero(o, pb, 5);
		memcpy(o + 5, v4, 3);
		o[9] = v4[3];
		break;
	case 48 / 8:
		prefix_then_zero(o, pb, 6);
		memcpy(o + 6, v4, 2);
		memcpy(o + 9, v4 + 2, 2);
		break;
	case 56 / 8:
		prefix_then_zero(o, pb, 7);
		o[7] = v4[0];
		memcpy(o + 9, v4 + 1, 3);
		break;
	case 64 / 8:
		prefix_then_zero(o, pb, 8);
		memcpy(o + 9, v4, 4);
		break;
	case 96 / 8:
		/* the prefix's own u-octet is copied; prefix_check vets it */
		memcpy(o, pb, 12);
		memcpy(o + 12, v4, 4);
		break;
	default:
		return V6T_EADDR_PREFIX_LEN;
	}
	return V6T_OK;
}

/*
 * RFC 6052 §2.2: the u-octet "MUST be set to zero", and the suffix after
 * the IPv4 bits that spill past it "SHOULD be set to zero". The suffix is
 * bytes off..15 (off 9..13), or none when off is 16 (a /96, whose u-octet
 * lies in the prefix, which an unchecked prefix may have set). With off a
 * constant, memcmp() against zeros compiles to one or two loads (masking a
 * v6t_ld_be64() instead makes clang load byte by byte).
 */
static const uint8_t zeros[16 - 9];

static inline int tail_check(const uint8_t a[16], size_t off)
{
	if (a[U_OCTET] != 0)
		return V6T_EADDR_UOCTET;
	if (off < 16 && memcmp(a + off, zeros, 16 - off) != 0)
		return V6T_EADDR_SUFFIX;
	return V6T_OK;
}

/*
 * RFC 6052 §2.3, extraction: check that a is under the prefix (len bits of
 * p), then if strict its u-octet and suffix, and take the IPv4 bytes,
 * writing v4 only on success. For len <= 64 the u-octet lies past the
 * prefix and is not compared; a /96 covers it.
 *
 * One switch validates len and gives each case constant sizes; both
 * callers pass a constant strict, so each gets its own copy without the
 * dead branches. The prefix is compared with a constant-size memcmp(),
 * which gcc and clang turn into one or two loads (clang loads a masked
 * v6t_ld_be64() byte by byte).
 */
static V6T_ALWAYS_INLINE int decode(uint8_t v4[4], const uint8_t a[16],
				    const uint8_t p[16], uint32_t len,
				    int strict)
{
	/*
	 * (len - 32) rotated right by 3 bits: (len - 32) / 8 for the lengths
	 * 32, 40, ..., 96, and above 8 for any other, so that one bound check
	 * and a short jump table dispatch on it.
	 */
	uint32_t k = len - 32;
	int rc;

	switch ((k >> 3 | k << 29) & 0xffffffffu) {
	case (32 - 32) / 8:
		if (memcmp(a, p, 4) != 0)
			return V6T_EADDR_NOT_IN_PREFIX;
		if (strict && (rc = tail_check(a, 9)) != V6T_OK)
			return rc;
		memcpy(v4, a + 4, 4);
		break;
	case (40 - 32) / 8:
		if (memcmp(a, p, 5) != 0)
			return V6T_EADDR_NOT_IN_PREFIX;
		if (strict && (rc = tail_check(a, 10)) != V6T_OK)
			return rc;
		memcpy(v4, a + 5, 3);
		v4[3] = a[9];
		break;
	case (48 - 32) / 8:
		if (memcmp(a, p, 6) != 0)
			return V6T_EADDR_NOT_IN_PREFIX;
		if (strict && (rc = tail_check(a, 11)) != V6T_OK)
			return rc;
		memcpy(v4, a + 6, 2);
		memcpy(v4 + 2, a + 9, 2);
		break;
	case (56 - 32) / 8:
		if (memcmp(a, p, 7) != 0)
			return V6T_EADDR_NOT_IN_PREFIX;
		if (strict && (rc = tail_check(a, 12)) != V6T_OK)
			return rc;
		v4[0] = a[7];
		memcpy(v4 + 1, a + 9, 3);
		break;
	case (64 - 32) / 8:
		if (memcmp(a, p, 8) != 0)
			return V6T_EADDR_NOT_IN_PREFIX;
		if (strict && (rc = tail_check(a, 13)) != V6T_OK)
			return rc;
		memcpy(v4, a + 9, 4);
		break;
	case (96 - 32) / 8:
		if (memcmp(a, p, 12) != 0)
			return V6T_EADDR_NOT_IN_PREFIX;
		if (strict && (rc = tail_check(a, 16)) != V6T_OK)
			return rc;
		memcpy(v4, a + 12, 4);
		break;
	default:
		return V6T_EADDR_PREFIX_LEN;
	}
	return V6T_OK;
}

/* see addr.h */
int v6t_addr_6052_decode(v6t_in4 *out, const v6t_in6 *a, const v6t_prefix6 *p)
{
	/*
	 * RFC 6052 §2.2: translators "SHOULD ignore the bits' value" of a
	 * non-zero suffix; the u-octet is skipped in the same way.
	 */
	return decode(out->b, a->b, p->addr.b, p->len, 0);
}

/* see addr.h */
int v6t_addr_6052_decode_strict(v6t_in4 *out, const v6t_in6 *a,
				const v6t_prefix6 *p)
{
	return decode(out->b, a->b, p->addr.b, p->len, 1);
}

/* see addr.h */
int v6t_addr_6052_check_global(const v6t_prefix6 *p, const v6t_in4 *a)
{
	/*
	 * RFC 6052 §3.1: "The Well-Known Prefix MUST NOT be used to represent
	 * non-global IPv4 addresses". Network-Specific Prefixes may carry
	 * any IPv4 address.
	 */
	if (p->len != v6t_addr_6052_wkp.len ||
	    memcmp(p->addr.b, v6t_addr_6052_wkp.addr.b, 12) != 0)
		return V6T_OK;
	if (!v6t_addr_in4_is_global(a))
		return V6T_EADDR_NOT_GLOBAL;
	return V6T_OK;
}
