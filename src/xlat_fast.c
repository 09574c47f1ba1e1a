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
/*
 * sd: the two addresses as SipHash's first word. Why a keyed hash per
 * packet, which costs some 125 instructions (tests/bench): RFC 7915 §5.1
 * wants an Identification "according to a Fragment Identification
 * generator"; packets of at most 1260 bytes leave with DF 0, so they are
 * non-atomic, whose ID "MUST NOT" repeat within the datagram's lifetime
 * for one source, destination and protocol (RFC 6864 §4.2), and RFC 7739
 * asks that off-path attackers cannot predict it. The translator is
 * const (no counter to step), so the ID is a pseudo-random function of
 * the packet under the secret key; nothing cheaper than SipHash-1-3 comes
 * with an argument that it stays unpredictable, so it is kept.
 */
static V6T_ALWAYS_INLINE uint16_t ipv4_id_sd(const v6t_xlat *x, uint64_t sd, uint8_t proto,
					     const uint8_t *l4)
{
	struct v6t_sip s;
	uint64_t t = v6t_ld_le64(l4);

	v6t_sip_init(&s, x->c_.flow_key.b);
	v6t_sip_absorb(&s, sd, 1);
	v6t_sip_absorb(&s, proto | t << 8, 1);
	v6t_sip_absorb(&s, (uint64_t)17 << 56 | t >> 56, 1);
	return (uint16_t)v6t_sip_final(&s, 3);
}

/* The same for the IPv4 header h4: its addresses as the first word. */
static uint16_t ipv4_id(const v6t_xlat *x, const uint8_t *h4, const uint8_t *l4)
{
	return ipv4_id_sd(x, v6t_ld_le64(h4 + 12), h4[IP4_PROTO_OFF], l4);
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

/* ------------------------------------------------ the /96 lean path */

/*
 * With a /96 pool and no EAM table (RFC 6052 §2.2: the IPv4 address is
 * bytes 12..15 of the IPv6 one) a translation is a handful of loads and
 * stores, written here inline in the entry points below, which call
 * nothing else on this path (the other paths are tail calls; IPv6 to
 * IPv4 at most 1260 bytes also hashes its Identification, inline): the
 * pool's 12 bytes are read as two words, the old header's fields with the
 * big-endian helpers, and the new header is stored as words. The
 * addresses the RFC 6052 §3.1 test would have to scan the RFC 6890 table
 * for (a first octet in v6t_special4_octets) go to fast46() / fast64()
 * above instead.
 *
 * The transport checksum: the new pseudo-header's addresses are the old
 * ones plus (IPv4 to IPv6) or minus (IPv6 to IPv4) the pool's 12 bytes
 * twice, so RFC 1624 §3 equation 3 needs only the pool's sum 2P:
 * HC' = ~(~HC + 2P) or ~(~HC - 2P), one's complement, folded once. The
 * folded sum is kept in [1, 0xffff] (a multiple of 0xffff, zero in one's
 * complement, is added so that it is never 0): there a value is unique
 * for its residue modulo 0xffff, as is the general path's (whose folded
 * sum is not 0 either, csum_replace()), so both give the same bytes.
 */

/* The one's complement sum s folded to 32 bits, then to 16: x + (x
 * rotated by half its width) carries the high half's end-around carry
 * into the top half, which is then the folded sum (RFC 1071 §2 (C)); the
 * same value as folding repeatedly. */
static V6T_ALWAYS_INLINE uint32_t fold16_rot(uint64_t s)
{
	uint32_t t = (uint32_t)((s + (s << 32 | s >> 32)) >> 32);

	return (t + (t << 16 | t >> 16)) >> 16;
}

/* RFC 6052 §2.1: the Well-Known Prefix 64:ff9b::/96. */
static const uint8_t wkp96[12] = { 0x00, 0x64, 0xff, 0x9b };

/* A /96 pool as the words the path reads: a (bytes 0..7), b (8..11), in
 * the CPU's order, and whether it is the Well-Known Prefix. */
struct pool96 {
	uint64_t a;
	uint32_t b;
	int wkp;
};

static V6T_ALWAYS_INLINE void pool96_load(const v6t_xlat_config *c, struct pool96 *q)
{
	uint64_t wa;
	uint32_t wb;

	memcpy(&q->a, c->pool6.addr.b, 8);
	memcpy(&q->b, c->pool6.addr.b + 8, 4);
	memcpy(&wa, wkp96, 8);
	memcpy(&wb, wkp96 + 8, 4);
	q->wkp = q->a == wa && q->b == wb;
}

/* 2P + M, M a multiple of 0xffff (one's complement zero) above 2P: the
 * pool's 12 bytes twice (at most 6 * 2^32, below 2^35), as a sum that is
 * not 0. */
#define ZERO_ABOVE_2P ((uint64_t)0xffffu << 36)

static V6T_ALWAYS_INLINE uint32_t pool96_k(uint64_t a, uint32_t b)
{
	return fold16_rot(2 * ((a & 0xffffffffu) + (a >> 32) + b) + ZERO_ABOVE_2P);
}

/* K, what IPv4 to IPv6 adds to a transport checksum's sum: 2P folded, in
 * [1, 0xffff]. For the Well-Known Prefix a constant (the compiler folds
 * the loads of wkp96). */
static V6T_ALWAYS_INLINE uint32_t pool96_k46(const struct pool96 *q)
{
	uint64_t wa;
	uint32_t wb;

	if (q->wkp) {
		memcpy(&wa, wkp96, 8);
		memcpy(&wb, wkp96 + 8, 4);
		return pool96_k(wa, wb);
	}
	return pool96_k(q->a, q->b);
}

/* What IPv6 to IPv4 adds: -K, as 0xffff - K, plus 0xffff so that it is
 * not 0: in [0xffff, 0x1fffe]. */
static V6T_ALWAYS_INLINE uint32_t pool96_k64(const struct pool96 *q)
{
	return 0x1fffeu - pool96_k46(q);
}

/* The transport checksum at t, its sum changed by k (k not 0, below
 * 2^17): the sum ~HC + k is not 0 and below 2^18, one fold of 32 bits;
 * UDP sends a computed 0 as all ones (RFC 768). */
static V6T_ALWAYS_INLINE uint16_t csum_delta(const uint8_t *t, uint32_t k, int udp)
{
	uint16_t hc, r;
	uint32_t v;

	memcpy(&hc, t, 2);
	v = (uint16_t)~hc + k;
	r = (uint16_t)~((v + (v << 16 | v >> 16)) >> 16);
	if (udp && r == 0)
		r = 0xffffu;
	return r;
}

/* RFC 7915 §4 with the /96 pool; p holds 20 bytes, IHL 5, TCP or UDP.
 * The output goes to out + pos - 20 in place, else to out (cap bytes).
 * All the checks come before anything is written: 0 leaves the output
 * untouched, for the general path. */
static V6T_ALWAYS_INLINE int lean46(const v6t_xlat *x, const uint8_t *p, size_t len,
				    uint8_t *out, size_t cap, size_t pos, int in_place,
				    v6t_xlat_result *res)
{
	const v6t_xlat_config *c = &x->c_;
	uint32_t tot = v6t_ld_be16(p + IP4_TOTLEN_OFF), fo = v6t_ld_be16(p + IP4_FRAG_OFF);
	uint32_t plen = tot - IP4_HDR_MIN, off, s4, d4, tos, limit;
	unsigned udp = p[IP4_PROTO_OFF] == PROTO_UDP;
	struct pool96 q;
	uint16_t ck;
	uint8_t *o;

	/* a whole packet, not a fragment; TTL (§4.1) */
	if ((size_t)tot - IP4_HDR_MIN > len - IP4_HDR_MIN ||
	    (fo & (IP4_MF | IP4_OFFSET_MASK)) != 0 || p[8] <= 1)
		return 0;
	/* the transport header's checksum, TCP or UDP (the caller's shape) */
	off = udp ? UDP_CSUM_OFF : TCP_CSUM_OFF;
	if (plen < (udp ? UDP_HDR_LEN : TCP_HDR_MIN))
		return 0;
	/* RFC 7915 §4.5: UDP checksum 0 is the general path's */
	if (udp && p[IP4_HDR_MIN + off] == 0 && p[IP4_HDR_MIN + off + 1] == 0)
		return 0;
	/* §4.1: the sizes */
	limit = c->lowest_ipv6_mtu < c->mtu6 ? c->lowest_ipv6_mtu : c->mtu6;
	if (IP6_HDR_LEN + plen > ((fo & IP4_DF) ? c->mtu6 : limit))
		return 0;
	if (in_place ? pos < IP6_HDR_LEN - IP4_HDR_MIN : cap < IP6_HDR_LEN + plen)
		return 0;
	pool96_load(c, &q);
	/* RFC 6052 §3.1 with the Well-Known Prefix (an ordinary first octet
	 * is neither 0, 127 nor multicast: RFC 1812 §5.3.7 holds too); else
	 * the source (RFC 7915 §4.1) */
	if (q.wkp ? !v6t_in4_octet_ordinary(p[12]) || !v6t_in4_octet_ordinary(p[16])
		  : xlat_illegal_source4(p + 12))
		return 0;
	memcpy(&s4, p + 12, 4);
	memcpy(&d4, p + 16, 4);
	/* RFC 1812 §5.2.2: the header checksum */
	if (fold16_rot((uint64_t)v6t_ld_ne32(p) + v6t_ld_ne32(p + 4) +
		       v6t_ld_ne32(p + 8) + s4 + d4) != 0xffffu)
		return 0;
	ck = csum_delta(p + IP4_HDR_MIN + off, pool96_k46(&q), (int)udp);
	tos = (c->flags & V6T_XLAT_TC_ZERO) ? 0 : p[1];
	if (in_place) {
		o = out + pos - (IP6_HDR_LEN - IP4_HDR_MIN);
	} else {
		o = out;
		memcpy(o + IP6_HDR_LEN, p + IP4_HDR_MIN, plen);
	}
	/* RFC 7915 §4.1: version 6, Traffic Class, Flow Label 0, Payload
	 * Length, Next Header, Hop Limit; the addresses (RFC 6052 §2.2).
	 * In place the new header ends where the old one does: o + 24
	 * overwrites TTL and Protocol, which the second word reads first. */
	v6t_st_be32(o + 4, plen << 16 | (uint32_t)p[IP4_PROTO_OFF] << 8 | (p[8] - 1u));
	v6t_st_be32(o, 0x60000000u | tos << 20);
	memcpy(o + IP6_HDR_LEN + off, &ck, 2);
	memcpy(o + 8, &q.a, 8);
	memcpy(o + 16, &q.b, 4);
	memcpy(o + 20, &s4, 4);
	memcpy(o + 24, &q.a, 8);
	memcpy(o + 32, &q.b, 4);
	if (!in_place) /* in place it is already there: o + 36 is p + 16 */
		memcpy(o + 36, &d4, 4);
	forwarded(res, o, IP6_HDR_LEN + plen, 6);
	return 1;
}

/* Whether an IPv6 packet's translation is above DF_THRESHOLD (DF set,
 * Identification 0) or not (an Identification to hash): the size classes
 * of lean64(), which compile to a function each, so that the large ones,
 * which call no hash, need no stack frame. */
#define SIZE_ANY 0
#define SIZE_DF 1
#define SIZE_ID 2

/* RFC 7915 §5 with the /96 pool; p holds 40 bytes, version 6, TCP or
 * UDP, of size class size (SIZE_ANY: not known). The output goes to
 * out + pos + 20 in place, else to out. */
static V6T_ALWAYS_INLINE int lean64(const v6t_xlat *x, const uint8_t *p, size_t len,
				    uint8_t *out, size_t cap, size_t pos, int in_place,
				    int size, v6t_xlat_result *res)
{
	const v6t_xlat_config *c = &x->c_;
	uint32_t w0 = v6t_ld_be32(p), w1 = v6t_ld_be32(p + 4);
	uint32_t plen = w1 >> 16, proto = w1 >> 8 & 0xffu, hlim = w1 & 0xffu;
	uint32_t tot = plen + IP4_HDR_MIN, off, a1, b1, s4, d4, tos, h0, h1, h2;
	uint64_t a0, b0;
	struct pool96 q;
	uint16_t ck;
	uint8_t *o;

	off = csum_off((uint8_t)proto, plen);
	/* the length, the hop limit, the IPv4 MTU (§5.1) */
	if (plen > len - IP6_HDR_LEN || off == 0 || hlim <= 1 || tot > c->mtu4)
		return 0;
	/* UDP checksum 0 is the general path's */
	if (proto == PROTO_UDP && p[IP6_HDR_LEN + off] == 0 && p[IP6_HDR_LEN + off + 1] == 0)
		return 0;
	pool96_load(c, &q);
	memcpy(&a0, p + 8, 8);
	memcpy(&a1, p + 16, 4);
	memcpy(&b0, p + 24, 8);
	memcpy(&b1, p + 32, 4);
	/* RFC 6052 §2.2: both addresses under the pool */
	if (((a0 ^ q.a) | (b0 ^ q.a) | (a1 ^ q.b) | (b1 ^ q.b)) != 0)
		return 0;
	/* §5.1 source: not multicast, unspecified or loopback (RFC 4291) */
	if (p[8] == 0xff || (a0 == 0 && a1 == 0 && v6t_ld_be32(p + 20) <= 1))
		return 0;
	/* RFC 6052 §3.1 with the Well-Known Prefix */
	if (q.wkp && (!v6t_in4_octet_ordinary(p[20]) || !v6t_in4_octet_ordinary(p[36])))
		return 0;
	if (in_place ? 0 : cap < tot)
		return 0;
	memcpy(&s4, p + 20, 4);
	memcpy(&d4, p + 36, 4);
	tos = (c->flags & V6T_XLAT_TOS_SET) ? c->tos : w0 >> 20 & 0xffu;
	/* RFC 7915 §5.1: version 4, IHL 5, TOS, Total Length; ID and flags
	 * (DF above 1260 bytes, else an Identification, RFC 6864 §4.2); TTL,
	 * Protocol and the checksum (RFC 791 §3.1) */
	h0 = 0x45000000u | tos << 16 | tot;
	if (size == SIZE_DF || (size == SIZE_ANY && tot > DF_THRESHOLD))
		h1 = IP4_DF;
	else
		h1 = (uint32_t)ipv4_id_sd(x, v6t_ld_le32(p + 20) |
						     (uint64_t)v6t_ld_le32(p + 36) << 32,
					  (uint8_t)proto, p + IP6_HDR_LEN) << 16;
	h2 = (hlim - 1) << 24 | proto << 16;
	h2 |= (uint16_t)~fold16_rot((uint64_t)h0 + h1 + h2 + v6t_ld_be32(p + 20) +
				     v6t_ld_be32(p + 36));
	ck = csum_delta(p + IP6_HDR_LEN + off,
			pool96_k64(&q), proto == PROTO_UDP);
	if (in_place) {
		o = out + pos + IP6_HDR_LEN - IP4_HDR_MIN;
	} else {
		o = out;
		memcpy(o + IP4_HDR_MIN, p + IP6_HDR_LEN, plen);
	}
	memcpy(o + IP4_HDR_MIN + off, &ck, 2);
	v6t_st_be32(o, h0);
	v6t_st_be32(o + 4, h1);
	v6t_st_be32(o + 8, h2);
	memcpy(o + 12, &s4, 4);
	if (!in_place) /* in place it is already there: o + 16 is p + 36 */
		memcpy(o + 16, &d4, 4);
	forwarded(res, o, tot, 4);
	return 1;
}

/* Whether the lean path may take a packet: a /96 pool, no EAM table. */
#define LEAN(c) ((c)->eamt == NULL && (c)->pool6.len == 96)
#define SHAPE46(p, len) ((len) >= IP4_HDR_MIN && (p)[0] == 0x45 && \
			 ((p)[IP4_PROTO_OFF] == PROTO_TCP || (p)[IP4_PROTO_OFF] == PROTO_UDP))
#define SHAPE64(p, len) ((len) >= IP6_HDR_LEN && (p)[0] >> 4 == 6 && \
			 ((p)[IP6_NH_OFF] == PROTO_TCP || (p)[IP6_NH_OFF] == PROTO_UDP))

/* see xlat_internal.h */
int xlat_fast_rest(const v6t_xlat *x, const uint8_t *pkt, size_t len,
		   const struct xlat_dest *d, v6t_xlat_result *res)
{
	if (SHAPE46(pkt, len))
		return fast46(x, pkt, len, d, res);
	if (SHAPE64(pkt, len))
		return fast64(x, pkt, len, d, res);
	return 0;
}

/* see xlat_internal.h */
int xlat_fast(const v6t_xlat *x, const uint8_t *pkt, size_t len,
	      const struct xlat_dest *d, v6t_xlat_result *res)
{
	if (LEAN(&x->c_) && SHAPE46(pkt, len) &&
	    lean46(x, pkt, len, d->out, d->cap, d->pos, d->in_place, res))
		return 1;
	if (LEAN(&x->c_) && SHAPE64(pkt, len) &&
	    lean64(x, pkt, len, d->out, d->cap, d->pos, d->in_place, SIZE_ANY, res))
		return 1;
	return xlat_fast_rest(x, pkt, len, d, res);
}

/*
 * The entry points (xlat.h): the lean path with no stack frame, IPv4 to
 * IPv6 inline, IPv6 to IPv4 (which calls the Identification's hash) in a
 * function of its own; the rest (xlat_packet.c: fast46() / fast64(), then
 * the general path) reached by a tail call with the same arguments.
 * RFC 6437 flow labels (V6T_XLAT_FLOWLABEL) are set by xlat_label().
 */

static NOINLINE int lean64_df_inplace(const v6t_xlat *x, uint8_t *buf, size_t cap,
				      size_t off, size_t len, v6t_xlat_result *res)
{
	if (lean64(x, buf + off, len, buf, cap, off, 1, SIZE_DF, res))
		return V6T_OK;
	return xlat_translate_inplace_rest(x, buf, cap, off, len, res);
}

static NOINLINE int lean64_id_inplace(const v6t_xlat *x, uint8_t *buf, size_t cap,
				      size_t off, size_t len, v6t_xlat_result *res)
{
	if (lean64(x, buf + off, len, buf, cap, off, 1, SIZE_ID, res))
		return V6T_OK;
	return xlat_translate_inplace_rest(x, buf, cap, off, len, res);
}

static NOINLINE int lean64_df_copy(const v6t_xlat *x, const uint8_t *pkt, size_t len,
				   uint8_t *out, size_t cap, v6t_xlat_result *res)
{
	if (lean64(x, pkt, len, out, cap, 0, 0, SIZE_DF, res))
		return V6T_OK;
	return xlat_translate_rest(x, pkt, len, out, cap, res);
}

static NOINLINE int lean64_id_copy(const v6t_xlat *x, const uint8_t *pkt, size_t len,
				   uint8_t *out, size_t cap, v6t_xlat_result *res)
{
	if (lean64(x, pkt, len, out, cap, 0, 0, SIZE_ID, res))
		return V6T_OK;
	return xlat_translate_rest(x, pkt, len, out, cap, res);
}

/* The size class of the IPv6 packet at p (40 bytes). */
#define SIZE_OF64(p) (IP4_HDR_MIN + (uint32_t)v6t_ld_be16((p) + IP6_PLEN_OFF) > DF_THRESHOLD)

/* see xlat.h */
int v6t_xlat_translate_inplace(const v6t_xlat *x, uint8_t *buf, size_t cap,
			       size_t off, size_t len, v6t_xlat_result *res)
{
	const uint8_t *p;

	if (x == NULL || buf == NULL || res == NULL || off > cap || len > cap - off)
		return V6T_EINVAL;
	p = buf + off;
	if (LEAN(&x->c_)) {
		if (SHAPE46(p, len)) {
			if (lean46(x, p, len, buf, cap, off, 1, res))
				return (x->c_.flags & V6T_XLAT_FLOWLABEL) ? xlat_label(x, res)
									  : V6T_OK;
		} else if (SHAPE64(p, len)) {
			return SIZE_OF64(p) ? lean64_df_inplace(x, buf, cap, off, len, res)
					    : lean64_id_inplace(x, buf, cap, off, len, res);
		}
	}
	return xlat_translate_inplace_rest(x, buf, cap, off, len, res);
}

/* see xlat.h */
int v6t_xlat_translate(const v6t_xlat *x, const uint8_t *pkt, size_t len,
		       uint8_t *out, size_t cap, v6t_xlat_result *res)
{
	if (x == NULL || (pkt == NULL && len != 0) || out == NULL || res == NULL)
		return V6T_EINVAL;
	if (LEAN(&x->c_)) {
		if (SHAPE46(pkt, len)) {
			if (lean46(x, pkt, len, out, cap, 0, 0, res))
				return (x->c_.flags & V6T_XLAT_FLOWLABEL) ? xlat_label(x, res)
									  : V6T_OK;
		} else if (SHAPE64(pkt, len)) {
			return SIZE_OF64(pkt) ? lean64_df_copy(x, pkt, len, out, cap, res)
					      : lean64_id_copy(x, pkt, len, out, cap, res);
		}
	}
	return xlat_translate_rest(x, pkt, len, out, cap, res);
}
