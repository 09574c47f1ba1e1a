/*
 * libv6transit - the fast path of translation: a whole TCP or UDP packet
 * with an IPv4 header of 20 bytes, or an IPv6 header followed directly by
 * TCP or UDP, that none of the rules of RFC 7915 §4 and §5 stops. It
 * writes the new header and patches the transport checksum, reading
 * nothing else. Any other packet, and any packet a rule might stop, goes
 * to the general path (xlat_packet.c), which stays the reference: for the
 * packets taken here the two give the same bytes and the same result
 * (tests/test_xlat_fast.c checks it on random packets).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <string.h>

#include <v6transit/addr.h>

#include "addr_internal.h"
#include "checksum.h"
#include "packet_walk.h"
#include "siphash.h"
#include "xlat_internal.h"

/* Out of line: the frame of the fast path is paid only by its shapes. */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

#define IP4_DF 0x4000u
#define PROTO_TCP 6
#define PROTO_UDP 17
#define TCP_HDR_MIN 20 /* RFC 9293 §3.1 */
#define UDP_HDR_LEN 8  /* RFC 768 */
#define TCP_CSUM_OFF 16
#define UDP_CSUM_OFF 6
/* RFC 7915 §5.1: DF is set on translated packets above 1260 bytes */
#define DF_THRESHOLD 1260u

/* The offset of the checksum in a transport header of protocol proto
 * with avail bytes, or 0 when this path does not take it. */
static uint32_t csum_off(uint8_t proto, uint32_t avail)
{
	if (proto == PROTO_TCP && avail >= TCP_HDR_MIN)
		return TCP_CSUM_OFF;
	if (proto == PROTO_UDP && avail >= UDP_HDR_LEN)
		return UDP_CSUM_OFF;
	return 0;
}

/*
 * The one's complement sums below are taken 32 bits at a time in the
 * CPU's byte order and folded at the end (RFC 1071 §2 (B) and (C), as
 * v6t_ip4_checksum_ok() does): the folded sum is then the byte swap of the
 * big-endian one on a little-endian CPU, and a checksum field read and
 * written in the same order comes out the same. A sum that is not zero
 * folds to the same value in [1, 0xffff] either way, so the results are
 * those of v6t_csum_adjust() and v6t_ip4_set_checksum() bit for bit.
 */
static uint64_t sum32(const uint8_t *p, unsigned n)
{
	uint64_t s = 0;
	unsigned i;

	for (i = 0; i < n; i += 4)
		s += v6t_ld_ne32(p + i);
	return s;
}

static uint16_t fold_ne(uint64_t s)
{
	s = (s & 0xffffffffu) + (s >> 32);
	s = (s & 0xffffu) + (s >> 16);
	s = (s & 0xffffu) + (s >> 16);
	s = (s & 0xffffu) + (s >> 16);
	return (uint16_t)s;
}

/*
 * RFC 1624 §3 equation 3 for the transport checksum at c: the
 * pseudo-header's addresses summing to old (not zero) became addresses
 * summing to new_ (not zero), HC' = ~(~HC + ~m + m'). UDP sends a
 * computed 0 as all ones (RFC 768).
 */
static V6T_ALWAYS_INLINE void csum_replace(uint8_t *c, uint64_t old, uint64_t new_,
					    int udp)
{
	uint16_t hc, r;

	memcpy(&hc, c, 2);
	r = (uint16_t)~fold_ne((uint16_t)~hc + (uint64_t)(uint16_t)~fold_ne(old) + new_);
	if (udp && r == 0)
		r = 0xffffu;
	memcpy(c, &r, 2);
}

/* Whether the 12 bytes at a and b are equal: two loads each, where
 * memcmp() would be a call. */
static int same12(const uint8_t *a, const uint8_t *b)
{
	uint64_t a8, b8;
	uint32_t a4, b4;

	memcpy(&a8, a, 8);
	memcpy(&b8, b, 8);
	memcpy(&a4, a + 8, 4);
	memcpy(&b4, b + 8, 4);
	return ((a8 ^ b8) | (a4 ^ b4)) == 0;
}

/* Whether the pool is a /96 and there is no EAM table: RFC 6052 §2.2
 * then maps an address by a plain copy. */
static int pool96_only(const v6t_xlat_config *c)
{
	return c->eamt == NULL && c->pool6.len == 96;
}

/* RFC 6052 §3.1 for the /96 pool: the Well-Known Prefix carries only
 * global addresses (v6t_addr_6052_check_global(), inline). */
static V6T_ALWAYS_INLINE int global_ok96(const v6t_xlat_config *c, const uint8_t *a4)
{
	v6t_in4 a;

	if (v6t_in4_octet_ordinary(a4[0]) ||
	    !same12(c->pool6.addr.b, v6t_addr_6052_wkp.addr.b))
		return 1;
	memcpy(a.b, a4, 4);
	return v6t_addr_in4_is_global(&a);
}

/* RFC 7915 §6, IPv4 to IPv6, as v6t_xlat_addr_4to6(); 0 when it fails. */
static V6T_ALWAYS_INLINE int map46(const v6t_xlat *x, const uint8_t *a4, uint8_t *a6)
{
	const v6t_xlat_config *c = &x->c_;
	v6t_in4 a;
	v6t_in6 o;

	if (pool96_only(c)) {
		if (!global_ok96(c, a4))
			return 0;
		memcpy(a6, c->pool6.addr.b, 12);
		memcpy(a6 + 12, a4, 4);
		return 1;
	}
	memcpy(a.b, a4, 4);
	if (v6t_xlat_addr_4to6(x, &a, &o) != V6T_OK)
		return 0;
	memcpy(a6, o.b, 16);
	return 1;
}

/* RFC 7915 §6, IPv6 to IPv4, as v6t_xlat_addr_6to4(); 0 when it fails. */
static V6T_ALWAYS_INLINE int map64(const v6t_xlat *x, const uint8_t *a6, uint8_t *a4)
{
	const v6t_xlat_config *c = &x->c_;
	v6t_in6 a;
	v6t_in4 o;

	if (pool96_only(c)) {
		if (!same12(a6, c->pool6.addr.b) || !global_ok96(c, a6 + 12))
			return 0;
		memcpy(a4, a6 + 12, 4);
		return 1;
	}
	memcpy(a.b, a6, 16);
	if (v6t_xlat_addr_6to4(x, &a, &o) != V6T_OK)
		return 0;
	memcpy(a4, o.b, 4);
	return 1;
}

/*
 * xlat_ipv4_id() for a transport header of 8 bytes or more, its 17-byte
 * message (the addresses, the protocol, 8 bytes of l4) read as the three
 * little-endian words SipHash-1-3 takes, in place: the same value without
 * building the message.
 */
static uint16_t ipv4_id(const v6t_xlat *x, const uint8_t *h4, const uint8_t *l4)
{
	struct v6t_sip s;
	uint64_t t = v6t_ld_le64(l4);

	v6t_sip_init(&s, x->c_.flow_key.b);
	v6t_sip_absorb(&s, v6t_ld_le64(h4 + 12), 1);
	v6t_sip_absorb(&s, h4[IP4_PROTO_OFF] | t << 8, 1);
	v6t_sip_absorb(&s, (uint64_t)17 << 56 | t >> 56, 1);
	return (uint16_t)v6t_sip_final(&s, 3);
}

/* Where the translated packet of hdr_len header bytes goes, its payload
 * (the n bytes at pay) copied behind it when not in place; NULL when there
 * is no room (the general path then says how much is needed). */
static uint8_t *place(const struct xlat_dest *d, const uint8_t *pay, size_t n,
		      uint32_t old_hdr, uint32_t hdr_len)
{
	uint8_t *h;

	if (d->in_place) {
		if (d->pos + old_hdr < hdr_len)
			return NULL;
		return d->out + d->pos + old_hdr - hdr_len;
	}
	if (d->cap < hdr_len + n)
		return NULL;
	h = d->out;
	memcpy(h + hdr_len, pay, n);
	return h;
}

static void forwarded(v6t_xlat_result *res, uint8_t *data, size_t len,
		      uint8_t version)
{
	res->data = data;
	res->len = len;
	res->verdict = V6T_XLAT_FORWARD;
	res->reason = V6T_OK;
	res->version = version;
	res->count = 0;
}

/* RFC 7915 §4: IPv4 to IPv6; p holds 20 bytes, IHL 5, TCP or UDP. */
static NOINLINE int fast46(const v6t_xlat *x, const uint8_t *p, size_t len,
			   const struct xlat_dest *d, v6t_xlat_result *res)
{
	const v6t_xlat_config *c = &x->c_;
	uint32_t tot, fo, off, limit;
	uint8_t h[IP6_HDR_LEN], proto = p[IP4_PROTO_OFF], ttl = p[8], tos, *o;
	uint64_t new_;

	tot = v6t_ld_be16(p + IP4_TOTLEN_OFF);
	fo = v6t_ld_be16(p + IP4_FRAG_OFF);
	if (tot > len || tot < IP4_HDR_MIN || (fo & (IP4_MF | IP4_OFFSET_MASK)) != 0)
		return 0;
	off = csum_off(proto, tot - IP4_HDR_MIN);
	/* the rules that stop or answer a packet: header checksum (RFC 1812
	 * §5.2.2), TTL, source, UDP checksum 0 (§4.5), sizes (§4.1) */
	if (off == 0 || ttl <= 1 || xlat_illegal_source4(p + 12) ||
	    !v6t_ip4_checksum_ok(p, IP4_HDR_MIN))
		return 0;
	if (proto == PROTO_UDP && p[IP4_HDR_MIN + off] == 0 &&
	    p[IP4_HDR_MIN + off + 1] == 0)
		return 0;
	limit = c->lowest_ipv6_mtu < c->mtu6 ? c->lowest_ipv6_mtu : c->mtu6;
	if (IP6_HDR_LEN - IP4_HDR_MIN + tot > ((fo & IP4_DF) ? c->mtu6 : limit))
		return 0;
	if (!map46(x, p + 16, h + 24) || !map46(x, p + 12, h + 8))
		return 0;
	new_ = sum32(h + 8, 32);
	if (new_ == 0)
		return 0; /* csum_replace() wants a sum that is not zero */
	tos = (c->flags & V6T_XLAT_TC_ZERO) ? 0 : p[1];
	h[0] = (uint8_t)(0x60u | tos >> 4);
	h[1] = (uint8_t)(tos << 4);
	h[2] = h[3] = 0;
	v6t_st_be16(h + IP6_PLEN_OFF, (uint16_t)(tot - IP4_HDR_MIN));
	h[IP6_NH_OFF] = proto;
	h[7] = (uint8_t)(ttl - 1);
	o = place(d, p + IP4_HDR_MIN, tot - IP4_HDR_MIN, IP4_HDR_MIN, IP6_HDR_LEN);
	if (o == NULL)
		return 0;
	/* in place, the old header is read before the new one overlaps it */
	csum_replace(o + IP6_HDR_LEN + off, sum32(p + 12, 8), new_, proto == PROTO_UDP);
	/* in three pieces: as one, gcc makes it a rep movs */
	memcpy(o, h, 8);
	memcpy(o + 8, h + 8, 16);
	memcpy(o + 24, h + 24, 16);
	forwarded(res, o, IP6_HDR_LEN - IP4_HDR_MIN + tot, 6);
	return 1;
}

/* RFC 7915 §5: IPv6 to IPv4; p holds 40 bytes, version 6, Next Header
 * TCP or UDP. */
static NOINLINE int fast64(const v6t_xlat *x, const uint8_t *p, size_t len,
			   const struct xlat_dest *d, v6t_xlat_result *res)
{
	const v6t_xlat_config *c = &x->c_;
	uint32_t plen, tot, off;
	uint8_t h[IP4_HDR_MIN], proto, hlim, *o;
	uint64_t new_;

	plen = v6t_ld_be16(p + IP6_PLEN_OFF);
	proto = p[IP6_NH_OFF];
	hlim = p[7];
	off = csum_off(proto, plen);
	tot = IP4_HDR_MIN + plen;
	/* hop limit, source, the IPv4 MTU (§5.1), UDP checksum 0 (which
	 * the general path keeps), RFC 7757 §4.2.2 hairpinning */
	if (IP6_HDR_LEN + plen > len || off == 0 || hlim <= 1 ||
	    xlat_illegal_source6(p + 8) || tot > c->mtu4)
		return 0;
	if (proto == PROTO_UDP && p[IP6_HDR_LEN + off] == 0 &&
	    p[IP6_HDR_LEN + off + 1] == 0)
		return 0;
	if ((c->flags & V6T_XLAT_HAIRPIN) && c->eamt != NULL)
		return 0;
	if (!map64(x, p + 24, h + 16) || !map64(x, p + 8, h + 12))
		return 0;
	new_ = sum32(h + 12, 8);
	if (new_ == 0)
		return 0;
	h[0] = 0x45;
	h[1] = (c->flags & V6T_XLAT_TOS_SET) ? c->tos
					     : (uint8_t)(v6t_ld_be16(p) >> 4);
	v6t_st_be16(h + IP4_TOTLEN_OFF, (uint16_t)tot);
	h[8] = (uint8_t)(hlim - 1);
	h[IP4_PROTO_OFF] = proto;
	h[10] = h[11] = 0;
	if (tot > DF_THRESHOLD) {
		v6t_st_be16(h + IP4_ID_OFF, 0);
		v6t_st_be16(h + IP4_FRAG_OFF, IP4_DF);
	} else {
		v6t_st_be16(h + IP4_FRAG_OFF, 0);
		/* off != 0: plen >= 8 */
		v6t_st_be16(h + IP4_ID_OFF, ipv4_id(x, h, p + IP6_HDR_LEN));
	}
	/* RFC 791 §3.1, with the checksum field zero */
	v6t_st_be16(h + 10, 0);
	{
		uint16_t ck = (uint16_t)~fold_ne(sum32(h, IP4_HDR_MIN));

		memcpy(h + 10, &ck, 2);
	}
	o = place(d, p + IP6_HDR_LEN, plen, IP6_HDR_LEN, IP4_HDR_MIN);
	if (o == NULL)
		return 0;
	csum_replace(o + IP4_HDR_MIN + off, sum32(p + 8, 32), new_, proto == PROTO_UDP);
	memcpy(o, h, IP4_HDR_MIN);
	forwarded(res, o, tot, 4);
	return 1;
}

/* see xlat_internal.h. The shape is looked at first, with no stack
 * frame: a packet of another protocol (ICMP, extension headers, IPv4
 * options) leaves at the cost of a few compares. */
int xlat_fast(const v6t_xlat *x, const uint8_t *pkt, size_t len,
	      const struct xlat_dest *d, v6t_xlat_result *res)
{
	if (len >= IP4_HDR_MIN && pkt[0] == 0x45 &&
	    (pkt[IP4_PROTO_OFF] == PROTO_TCP || pkt[IP4_PROTO_OFF] == PROTO_UDP))
		return fast46(x, pkt, len, d, res);
	if (len >= IP6_HDR_LEN && pkt[0] >> 4 == 6 &&
	    (pkt[IP6_NH_OFF] == PROTO_TCP || pkt[IP6_NH_OFF] == PROTO_UDP))
		return fast64(x, pkt, len, d, res);
	return 0;
}
