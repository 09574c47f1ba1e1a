/*
 * The SIIT translator (xlat.h): RFC 7915 §4 and §5, with the addresses of
 * RFC 6052 and RFC 7757, the ICMP error sources of RFC 6791, RFC 4884
 * extensions and RFC 7757 §4.2.2 hairpinning.
 *
 * Every expected packet is built here field by field from the RFC rule
 * the test cites (the comments say which value each field gets and why);
 * the checksums are summed by pb_sum16() (pktbuild.h), a plain RFC 1071
 * sum written for the tests, never by src/checksum.h. Each translation
 * runs in both modes (copy and in place, run() below), which must give
 * the same bytes.
 *
 * Addresses (RFC 5737, RFC 3849): the IPv4 host A4 = 198.51.100.2, the
 * IPv6 host's IPv4 address B4 = 203.0.113.5; pool6 2001:db8:64::/96, so
 * that (RFC 6052 §2.2, /96: the IPv4 address in bits 96..127) A6 =
 * 2001:db8:64::c633:6402 and B6 = 2001:db8:64::cb00:7105.
 */
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>

#include <v6transit/xlat.h>

#include "pktbuild.h"
#include "suites.h"
#include "testutil.h"

#define P_HOPOPT 0
#define P_ICMP 1
#define P_IGMP 2
#define P_TCP 6
#define P_UDP 17
#define P_ROUTING 43
#define P_FRAGMENT 44
#define P_ICMP6 58
#define P_NONXT 59
#define P_DSTOPTS 60
#define P_SCTP 132

#define DF 0x4000u
#define MF 0x2000u

static const v6t_in4 A4 = { { 198, 51, 100, 2 } };
static const v6t_in4 B4 = { { 203, 0, 113, 5 } };
static const v6t_in4 SELF4 = { { 192, 0, 2, 254 } };
/* 2001:db8:64::c633:6402 and 2001:db8:64::cb00:7105 */
static const v6t_in6 A6 = { { 0x20, 0x01, 0x0d, 0xb8, 0, 0x64, [12] = 198, 51, 100, 2 } };
static const v6t_in6 B6 = { { 0x20, 0x01, 0x0d, 0xb8, 0, 0x64, [12] = 203, 0, 113, 5 } };
/* 2001:db8:ff::1 */
static const v6t_in6 SELF6 = { { 0x20, 0x01, 0x0d, 0xb8, 0, 0xff, [15] = 1 } };

/* ------------------------------------------------------------------------ */
/* Checksums and builders */

static unsigned be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static void st16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* RFC 768 / RFC 793 pseudo-header of an IPv4 header h; RFC 8200 §8.1 of
 * an IPv6 header h (no Routing header in these tests). */
static uint32_t pseudo4(const uint8_t *h, unsigned proto, size_t len)
{
	return pb_sum16(pb_sum16(0, h + 12, 8) + proto + (uint32_t)len, NULL, 0);
}

static uint32_t pseudo6(const uint8_t *h, unsigned proto, size_t len)
{
	return pb_sum16(pb_sum16(0, h + 8, 32) + proto + (uint32_t)(len >> 16) +
			     (uint32_t)(len & 0xffff),
		     NULL, 0);
}

/* The checksum field at l4 + at for a message of n bytes, whose sum starts
 * at s (a pseudo-header or 0): zero it, sum, write the complement. */
static void set_sum(uint8_t *l4, size_t n, unsigned at, uint32_t s)
{
	st16(l4 + at, 0);
	st16(l4 + at, ~pb_sum16(s, l4, n) & 0xffff);
}

/* What a message sums to with its checksum: 0xffff when valid. */
static unsigned got_sum(const uint8_t *l4, size_t n, uint32_t s)
{
	return pb_sum16(s, l4, n);
}

/* The IPv4 header's fields. */
struct h4 {
	unsigned tos, id, frag, ttl;
	v6t_in4 src, dst;
	const uint8_t *opt; /* options, a multiple of 4 bytes */
	size_t optlen;
};

/* The IPv6 header's fields; ext: bytes between it and the transport
 * header (whose own Next Header chain the caller wrote), nh the IPv6
 * header's Next Header when ext is set. */
struct h6 {
	unsigned tc;
	uint32_t flow;
	unsigned hlim;
	v6t_in6 src, dst;
	const uint8_t *ext;
	size_t extlen;
	unsigned nh;
};

static struct h4 h4_std(void)
{
	struct h4 h = { 0, 0x1234, 0, 64, A4, B4, NULL, 0 };

	return h;
}

static struct h6 h6_std(void)
{
	struct h6 h = { 0, 0, 64, B6, A6, NULL, 0, 0 };

	return h;
}

/* An IPv4 header of Total Length tot, with its checksum (RFC 791). */
static void ip4(struct pb *p, const struct h4 *h, unsigned proto, size_t tot)
{
	size_t at = p->n, hl = 20 + h->optlen;

	pb_put8(p, 0x40 | (unsigned)(hl / 4));
	pb_put8(p, h->tos);
	pb_put16(p, (unsigned)tot);
	pb_put16(p, h->id);
	pb_put16(p, h->frag);
	pb_put8(p, h->ttl);
	pb_put8(p, proto);
	pb_put16(p, 0);
	pb_put_bytes(p, h->src.b, 4);
	pb_put_bytes(p, h->dst.b, 4);
	if (h->optlen)
		pb_put_bytes(p, h->opt, h->optlen);
	set_sum(p->b + at, hl, 10, 0);
}

/* An IPv6 header (RFC 8200 §3) and h->ext. */
static void ip6(struct pb *p, const struct h6 *h, unsigned nh, size_t plen)
{
	pb_put32(p, 0x60000000u | (uint32_t)h->tc << 20 | h->flow);
	pb_put16(p, (unsigned)plen);
	pb_put8(p, h->ext ? h->nh : nh);
	pb_put8(p, h->hlim);
	pb_put_bytes(p, h->src.b, 16);
	pb_put_bytes(p, h->dst.b, 16);
	if (h->ext)
		pb_put_bytes(p, h->ext, h->extlen);
}

/* n payload bytes of a pattern that depends on seed: the canary the in
 * place tests look for. */
static void payload(struct pb *p, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		pb_put8(p, (unsigned)(i * 7 + seed * 31 + 3) & 0xff);
}

/*
 * The transport message of a test packet, n bytes of data after its
 * header: UDP 1234 -> 53, TCP 1234 -> 80 (seq 0x01020304, ack 0x05060708,
 * ACK, window 0x2000), an ICMP / ICMPv6 Echo (type et, id 0x4242, seq 1),
 * or for another protocol n bytes alone. Checksum fields left zero.
 */
static size_t l4msg(struct pb *p, unsigned proto, unsigned et, size_t n, unsigned seed)
{
	size_t at = p->n;

	switch (proto) {
	case P_UDP:
		pb_put16(p, 1234);
		pb_put16(p, 53);
		pb_put16(p, (unsigned)(8 + n));
		pb_put16(p, 0);
		break;
	case P_TCP:
		pb_put16(p, 1234);
		pb_put16(p, 80);
		pb_put32(p, 0x01020304);
		pb_put32(p, 0x05060708);
		pb_put16(p, 0x5010);
		pb_put16(p, 0x2000);
		pb_put32(p, 0);
		break;
	case P_ICMP:
	case P_ICMP6:
		pb_put8(p, et);
		pb_put8(p, 0);
		pb_put16(p, 0);
		pb_put16(p, 0x4242);
		pb_put16(p, 1);
		break;
	default:
		break;
	}
	payload(p, n, seed);
	return at;
}

static unsigned csum_at(unsigned proto)
{
	return proto == P_TCP ? 16 : proto == P_UDP ? 6 : 2;
}

/* The length of l4msg()'s message. */
static size_t l4len(unsigned proto, size_t n)
{
	return n + (proto == P_TCP ? 20 : proto == P_UDP || proto == P_ICMP ||
						  proto == P_ICMP6 ? 8 : 0);
}

/* A whole IPv4 packet: header, l4msg() with a valid checksum (RFC 768,
 * RFC 793 pseudo-header; ICMP over the message alone, RFC 792). */
static void pkt4(struct pb *p, const struct h4 *h, unsigned proto, unsigned et,
		 size_t n, unsigned seed)
{
	size_t l = l4len(proto, n), ip = p->n, at;

	ip4(p, h, proto, 20 + h->optlen + l);
	at = l4msg(p, proto, et, n, seed);
	if (proto == P_UDP || proto == P_TCP)
		set_sum(p->b + at, l, csum_at(proto), pseudo4(p->b + ip, proto, l));
	else if (proto == P_ICMP)
		set_sum(p->b + at, l, 2, 0);
}

/* A whole IPv6 packet (ICMPv6 with its pseudo-header, RFC 4443 §2.3). */
static void pkt6(struct pb *p, const struct h6 *h, unsigned proto, unsigned et,
		 size_t n, unsigned seed)
{
	size_t l = l4len(proto, n), ip = p->n, at;

	ip6(p, h, proto, h->extlen + l);
	at = l4msg(p, proto, et, n, seed);
	if (proto == P_UDP || proto == P_TCP || proto == P_ICMP6)
		set_sum(p->b + at, l, csum_at(proto), pseudo6(p->b + ip, proto, l));
}

/* ------------------------------------------------------------------------ */
/* Translators */

static v6t_xlat_config cfg_std(void)
{
	v6t_xlat_config c;

	memset(&c, 0, sizeof c);
	c.pool6.addr = TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0, 0x64);
	c.pool6.len = 96;
	c.self4 = SELF4;
	c.self6 = SELF6;
	return c;
}

static void init(v6t_xlat *x, const v6t_xlat_config *c)
{
	ck_assert_int_eq(v6t_xlat_init(x, c), V6T_OK);
}

static v6t_xlat xl_std(unsigned flags)
{
	v6t_xlat x;
	v6t_xlat_config c = cfg_std();

	c.flags = flags;
	init(&x, &c);
	return x;
}

/* ------------------------------------------------------------------------ */
/* Running a translation both ways */

#define OUT_MAX (PB_MAX + V6T_XLAT_GROWTH + V6T_XLAT_HEADROOM)
#define MAX_FR 8
#define CANARY 0xee

/* The outcome of one translation, as both modes gave it. */
struct out {
	int verdict, reason;
	uint8_t version;
	size_t len;
	uint8_t b[OUT_MAX];      /* FORWARD, ICMP_ERROR: the packet */
	uint32_t count;          /* FRAGMENTS */
	size_t frl[MAX_FR];
	uint8_t fr[MAX_FR][1600];
	int tail_in_place;       /* in place, the output ends where the input did */
};

/* Write every fragment of r to o. */
static void take_frags(v6t_xlat_result *r, size_t cap, size_t *frl,
		       uint8_t (*fr)[1600])
{
	uint32_t i;
	uint8_t junk[8];
	size_t n;

	ck_assert_uint_le(r->count, MAX_FR);
	for (i = 0; i < r->count; i++) {
		ck_assert_int_eq(v6t_xlat_next_fragment(r, fr[i], cap, &frl[i]), V6T_OK);
		ck_assert_uint_le(frl[i], cap);
	}
	/* all written: the next call is refused */
	ck_assert_int_eq(v6t_xlat_next_fragment(r, junk, sizeof junk, &n), V6T_EINVAL);
}

/*
 * Translate in with x, by copy and in place (the packet at
 * V6T_XLAT_HEADROOM in a buffer of room for V6T_XLAT_GROWTH after it),
 * check that both say the same, byte for byte, and keep it in o.
 */
static void run(const v6t_xlat *x, const struct pb *in, struct out *o)
{
	static uint8_t cbuf[OUT_MAX], ibuf[OUT_MAX];
	uint8_t ifr[MAX_FR][1600];
	size_t ifrl[MAX_FR];
	v6t_xlat_result rc, ri;
	size_t cap = in->n + V6T_XLAT_GROWTH, fcap = 1600;
	uint32_t i;

	memset(o, 0, sizeof *o);
	memset(cbuf, CANARY, sizeof cbuf);
	ck_assert_int_eq(v6t_xlat_translate(x, in->b, in->n, cbuf, cap, &rc), V6T_OK);
	if (rc.verdict == V6T_XLAT_FRAGMENTS)
		take_frags(&rc, fcap, o->frl, o->fr);

	memset(ibuf, CANARY, sizeof ibuf);
	memcpy(ibuf + V6T_XLAT_HEADROOM, in->b, in->n);
	ck_assert_int_eq(v6t_xlat_translate_inplace(x, ibuf, V6T_XLAT_HEADROOM + cap,
						    V6T_XLAT_HEADROOM, in->n, &ri),
			 V6T_OK);
	ck_assert_int_eq(rc.verdict, ri.verdict);
	ck_assert_int_eq(rc.reason, ri.reason);
	o->verdict = rc.verdict;
	o->reason = rc.reason;
	o->version = rc.version;
	if (rc.verdict == V6T_XLAT_FORWARD || rc.verdict == V6T_XLAT_ICMP_ERROR) {
		ck_assert_uint_eq(rc.len, ri.len);
		ck_assert_uint_eq(ri.version, rc.version);
		ck_assert(rc.data >= cbuf && rc.data + rc.len <= cbuf + cap);
		ck_assert_mem_eq(rc.data, ri.data, rc.len);
		ck_assert(ri.data >= ibuf && ri.data + ri.len <= ibuf + V6T_XLAT_HEADROOM + cap);
		o->len = rc.len;
		memcpy(o->b, rc.data, rc.len);
		o->tail_in_place = ri.data + ri.len == ibuf + V6T_XLAT_HEADROOM + in->n;
	} else if (rc.verdict == V6T_XLAT_FRAGMENTS) {
		ck_assert_uint_eq(rc.count, ri.count);
		ck_assert_uint_eq(ri.version, rc.version);
		o->count = rc.count;
		take_frags(&ri, fcap, ifrl, ifr);
		for (i = 0; i < rc.count; i++) {
			ck_assert_uint_eq(o->frl[i], ifrl[i]);
			ck_assert_mem_eq(o->fr[i], ifr[i], ifrl[i]);
		}
	} else {
		ck_assert_int_eq(rc.verdict, V6T_XLAT_DROP);
		ck_assert_int_lt(rc.reason, 0);
	}
}

/* The first byte where two packets differ, for the failure message. */
static size_t first_diff(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n && a[i] == b[i]; i++)
		;
	return i;
}

static void same_bytes(const uint8_t *got, size_t n, const struct pb *e)
{
	size_t i;

	ck_assert_uint_eq(n, e->n);
	if (getenv("V6T_TEST_DIFF") != NULL) /* every differing byte, to stderr */
		for (i = 0; i < n; i++)
			if (got[i] != e->b[i])
				fprintf(stderr, "%zu: got %02x want %02x\n", i, got[i], e->b[i]);
	ck_assert_msg(memcmp(got, e->b, n) == 0, "bytes differ from offset %zu",
		      first_diff(got, e->b, n));
}

/* FORWARD, exactly e. */
static void expect_fwd(const struct out *o, const struct pb *e)
{
	ck_assert_int_eq(o->verdict, V6T_XLAT_FORWARD);
	ck_assert_int_eq(o->reason, V6T_OK);
	ck_assert_uint_eq(o->version, e->b[0] >> 4);
	same_bytes(o->b, o->len, e);
}

static void expect_drop(const struct out *o, int reason)
{
	ck_assert_int_eq(o->verdict, V6T_XLAT_DROP);
	ck_assert_int_eq(o->reason, reason);
}

/* Translate in and expect e forwarded; with tail, the in place output
 * also ends where the input did (its payload did not move). */
static void check_fwd(const v6t_xlat *x, const struct pb *in, const struct pb *e,
		      int tail)
{
	struct out o;

	run(x, in, &o);
	expect_fwd(&o, e);
	if (tail)
		ck_assert(o.tail_in_place);
}

static void check_drop(const v6t_xlat *x, const struct pb *in, int reason)
{
	struct out o;

	run(x, in, &o);
	expect_drop(&o, reason);
}

/*
 * The ICMP errors the translator answers with (RFC 7915 §4.4, §5.4),
 * from its own address (RFC 1812 §4.3.2.4, RFC 4443 §2.2) to the source
 * of the packet in, quoting it (v6t_icmp4_error_build() /
 * v6t_icmp6_error_build(): ICMPv4 TOS 0xc0 (RFC 1812 §4.3.2.5), DF clear,
 * TTL 64, at most 576 bytes; ICMPv6 Traffic Class 0, Hop Limit 64, at most
 * 1280 bytes). The IPv4 Identification is a keyed hash (RFC 6864 §4.3
 * only asks that it not repeat): it is taken from the output, and the
 * header checksum then checked by the sum.
 */
static void err4(struct pb *e, const struct pb *in, unsigned id, unsigned type,
		 unsigned code, uint32_t rest)
{
	size_t q = in->n < 548 ? in->n : 548;
	struct h4 h = { 0xc0, id, 0, 64, SELF4, { { 0 } }, NULL, 0 };

	memcpy(h.dst.b, in->b + 12, 4);
	e->n = 0;
	ip4(e, &h, P_ICMP, 28 + q);
	pb_put8(e, type);
	pb_put8(e, code);
	pb_put16(e, 0);
	pb_put32(e, rest);
	pb_put_bytes(e, in->b, q);
	set_sum(e->b + 20, 8 + q, 2, 0);
}

static void err6(struct pb *e, const struct pb *in, unsigned type, unsigned code,
		 uint32_t rest)
{
	size_t q = in->n < 1232 ? in->n : 1232;
	struct h6 h = { 0, 0, 64, SELF6, { { 0 } }, NULL, 0, 0 };

	memcpy(h.dst.b, in->b + 8, 16);
	e->n = 0;
	ip6(e, &h, P_ICMP6, 8 + q);
	pb_put8(e, type);
	pb_put8(e, code);
	pb_put16(e, 0);
	pb_put32(e, rest);
	pb_put_bytes(e, in->b, q);
	set_sum(e->b + 40, 8 + q, 2, pseudo6(e->b, P_ICMP6, 8 + q));
}

/* Translate in and expect the translator's own error about it. */
static void check_answer(const v6t_xlat *x, const struct pb *in, int reason,
			 unsigned type, unsigned code, uint32_t rest)
{
	struct out o;
	struct pb e;

	run(x, in, &o);
	ck_assert_int_eq(o.verdict, V6T_XLAT_ICMP_ERROR);
	ck_assert_int_eq(o.reason, reason);
	ck_assert_uint_eq(o.version, in->b[0] >> 4);
	if (o.version == 4) {
		err4(&e, in, be16(o.b + 4), type, code, rest);
		ck_assert_uint_eq(got_sum(o.b, 20, 0), 0xffff);
	} else {
		err6(&e, in, type, code, rest);
	}
	same_bytes(o.b, o.len, &e);
}

/*
 * The IPv6 packet RFC 7915 §4.1 makes of pkt4(h, proto, et, n, seed)
 * without fragmentation: Traffic Class = TOS, Flow Label 0, Payload Length
 * = Total Length - IHL * 4, Next Header = protocol (ICMP 1 -> 58), Hop
 * Limit = TTL - 1 (the translator is a router), the addresses by pool6
 * (RFC 6052 §2.2 /96: bits 96..127), the options gone; §4.2: Echo 8 -> 128,
 * Echo Reply 0 -> 129; §4.5 / §4.2: the checksum valid for the new
 * pseudo-header. The data bytes are the same.
 */
static void exp46(struct pb *e, const struct h4 *h, unsigned proto, unsigned et,
		  size_t n, unsigned seed)
{
	struct h6 h6 = h6_std();

	h6.tc = h->tos;
	h6.hlim = h->ttl - 1;
	memcpy(h6.src.b + 12, h->src.b, 4);
	memcpy(h6.dst.b + 12, h->dst.b, 4);
	memcpy(h6.src.b, A6.b, 12);
	memcpy(h6.dst.b, A6.b, 12);
	e->n = 0;
	pkt6(e, &h6, proto == P_ICMP ? P_ICMP6 : proto, et == 8 ? 128 : et == 0 ? 129 : et,
	     n, seed);
}

/*
 * §5.1 made of pkt6(h, ...): TOS = Traffic Class, Total Length = Payload
 * Length + 20 (less the skipped extension headers), DF set above 1260
 * bytes, TTL = Hop Limit - 1, protocol 58 -> 1, the addresses' low 32
 * bits (pool6 /96), Echo 128 -> 8, 129 -> 0. The Identification of a
 * DF=0 packet is the translator's (id); with DF it is 0 (RFC 6864 §4.1:
 * an atomic datagram's ID is not used). Header checksum by the sum.
 */
static void exp64(struct pb *e, const struct h6 *h, unsigned proto, unsigned et,
		  size_t n, unsigned seed, unsigned id)
{
	struct h4 h4 = h4_std();
	size_t tot = 20 + l4len(proto, n);

	h4.tos = h->tc;
	h4.ttl = h->hlim - 1;
	h4.frag = tot > 1260 ? DF : 0;
	h4.id = tot > 1260 ? 0 : id;
	memcpy(h4.src.b, h->src.b + 12, 4);
	memcpy(h4.dst.b, h->dst.b + 12, 4);
	e->n = 0;
	pkt4(e, &h4, proto == P_ICMP6 ? P_ICMP : proto,
	     et == 128 ? 8 : et == 129 ? 0 : et, n, seed);
}

/* ------------------------------------------------------------------------ */
/* Configuration and addresses */

/* Each error xlat.h documents for v6t_xlat_init(). */
START_TEST(test_init_errors)
{
	v6t_xlat x;
	v6t_xlat_config c;

	c = cfg_std();
	ck_assert_int_eq(v6t_xlat_init(NULL, &c), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_init(&x, NULL), V6T_EINVAL);
	c.flags = 0x100;
	ck_assert_int_eq(v6t_xlat_init(&x, &c), V6T_EINVAL);
	c = cfg_std();
	c.lowest_ipv6_mtu = 1279; /* RFC 8200 §5: at least 1280 */
	ck_assert_int_eq(v6t_xlat_init(&x, &c), V6T_EINVAL);
	c.lowest_ipv6_mtu = 65536;
	ck_assert_int_eq(v6t_xlat_init(&x, &c), V6T_EINVAL);
	c = cfg_std();
	c.mtu4 = 67; /* RFC 791 §3.2: every host takes 68 */
	ck_assert_int_eq(v6t_xlat_init(&x, &c), V6T_EINVAL);
	c.mtu4 = 65536;
	ck_assert_int_eq(v6t_xlat_init(&x, &c), V6T_EINVAL);
	c.mtu4 = 68;
	ck_assert_int_eq(v6t_xlat_init(&x, &c), V6T_OK);
	c = cfg_std();
	c.mtu6 = 1279;
	ck_assert_int_eq(v6t_xlat_init(&x, &c), V6T_EINVAL);
	c.mtu6 = 65536;
	ck_assert_int_eq(v6t_xlat_init(&x, &c), V6T_EINVAL);
	c = cfg_std();
	c.flags = V6T_XLAT_RFC6791_V4;
	c.rfc6791_v4.len = 33;
	ck_assert_int_eq(v6t_xlat_init(&x, &c), V6T_EINVAL);
	c.rfc6791_v4.addr = TU_IN4(198, 18, 0, 1); /* a host bit */
	c.rfc6791_v4.len = 24;
	ck_assert_int_eq(v6t_xlat_init(&x, &c), V6T_EINVAL);
	c = cfg_std();
	c.flags = V6T_XLAT_RFC6791_V6;
	c.rfc6791_v6.len = 129;
	ck_assert_int_eq(v6t_xlat_init(&x, &c), V6T_EINVAL);
	c.rfc6791_v6.addr = TU_IN6(0x20, 0x01, 0x0d, 0xb8, [15] = 1);
	c.rfc6791_v6.len = 64;
	ck_assert_int_eq(v6t_xlat_init(&x, &c), V6T_EINVAL);
	/* the pool host bits are not looked at without their flag */
	c.flags = 0;
	ck_assert_int_eq(v6t_xlat_init(&x, &c), V6T_OK);
	c = cfg_std();
	c.pool6.len = 0;
	ck_assert_int_eq(v6t_xlat_init(&x, &c), V6T_EXLAT_NO_MAPPING);
	c = cfg_std();
	c.pool6.len = 80; /* RFC 6052 §2.2: 32, 40, 48, 56, 64 or 96 */
	ck_assert_int_eq(v6t_xlat_init(&x, &c), V6T_EADDR_PREFIX_LEN);
	c.pool6.addr = TU_IN6(0x20, 0x01, 0x0d, 0xb8, [8] = 1);
	c.pool6.len = 96; /* bits 64..71 must be zero */
	ck_assert_int_eq(v6t_xlat_init(&x, &c), V6T_EADDR_UOCTET);
	/* defaults: 0 MTUs are 1280 / 1500 / 1500 */
	c = cfg_std();
	init(&x, &c);
}
END_TEST

/* RFC 6052 §2.4's table: 192.0.2.33 under each of the six lengths. */
static const struct {
	v6t_in6 prefix, addr;
	unsigned len;
} pool_rows[] = {
	{ TU_IN6(0x20, 0x01, 0x0d, 0xb8),
	  TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0xc0, 0x00, 0x02, 0x21), 32 },
	{ TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0x01),
	  TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0x01, 0xc0, 0x00, 0x02, 0x00, 0x21), 40 },
	{ TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22),
	  TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0xc0, 0x00, 0x00, 0x02, 0x21), 48 },
	{ TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03),
	  TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03, 0xc0, 0x00, 0x00, 0x02, 0x21), 56 },
	{ TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03, 0x44),
	  TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03, 0x44, 0x00, 0xc0, 0x00, 0x02, 0x21), 64 },
	{ TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03, 0x44),
	  TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03, 0x44, [12] = 0xc0, 0x00, 0x02, 0x21), 96 },
};

/* RFC 7915 §6 by RFC 6052, each prefix length, both ways, and through a
 * packet: an IPv4 UDP packet 192.0.2.33 -> 192.0.2.33 gets the table's
 * address as source and destination, and back. */
START_TEST(test_pool6_each_length)
{
	const v6t_in4 a = TU_IN4(192, 0, 2, 33);
	v6t_xlat_config c = cfg_std();
	struct h4 h = h4_std();
	struct h6 h6 = h6_std();
	struct pb in, e;
	v6t_xlat x;
	v6t_in6 o6;
	v6t_in4 o4;
	size_t i;

	for (i = 0; i < sizeof pool_rows / sizeof pool_rows[0]; i++) {
		c.pool6.addr = pool_rows[i].prefix;
		c.pool6.len = pool_rows[i].len;
		init(&x, &c);
		ck_assert_int_eq(v6t_xlat_addr_4to6(&x, &a, &o6), V6T_OK);
		ck_assert_mem_eq(o6.b, pool_rows[i].addr.b, 16);
		ck_assert_int_eq(v6t_xlat_addr_6to4(&x, &pool_rows[i].addr, &o4), V6T_OK);
		ck_assert_mem_eq(o4.b, a.b, 4);

		h.src = h.dst = a;
		in.n = 0;
		pkt4(&in, &h, P_UDP, 0, 10, 1);
		h6.src = h6.dst = pool_rows[i].addr;
		h6.hlim = 63;
		e.n = 0;
		pkt6(&e, &h6, P_UDP, 0, 10, 1);
		check_fwd(&x, &in, &e, 1);
		/* RFC 6052 §3.3 / RFC 7915 §6: and back */
		h6.hlim = 64;
		in.n = 0;
		pkt6(&in, &h6, P_UDP, 0, 10, 1);
		{
			struct out o;

			run(&x, &in, &o);
			/* §5.1: DF clear at this size, the ID the
			 * translator's */
			h.ttl = 63;
			h.id = be16(o.b + 4);
			e.n = 0;
			pkt4(&e, &h, P_UDP, 0, 10, 1);
			expect_fwd(&o, &e);
			h = h4_std();
		}
	}
}
END_TEST

/*
 * RFC 6052 §3.1: with the Well-Known Prefix, a non-global IPv4 address
 * is not translated: 10.0.0.1 (RFC 1918) either way; the EAM table comes
 * first (RFC 7757 §3.3, RFC 7915 §6).
 */
START_TEST(test_addr_wkp_and_eam)
{
	v6t_xlat_config c = cfg_std();
	v6t_xlat_eam ent[1];
	v6t_xlat_eamt t;
	const v6t_in4 priv = TU_IN4(10, 0, 0, 1), glob = TU_IN4(8, 8, 8, 8);
	const v6t_in6 wpriv = TU_IN6(0, 0x64, 0xff, 0x9b, [12] = 10, 0, 0, 1);
	const v6t_in6 wglob = TU_IN6(0, 0x64, 0xff, 0x9b, [12] = 8, 8, 8, 8);
	v6t_xlat x;
	v6t_in6 o6;
	v6t_in4 o4;
	struct h4 h = h4_std();
	struct pb in;

	c.pool6.addr = TU_IN6(0, 0x64, 0xff, 0x9b);
	init(&x, &c);
	ck_assert_int_eq(v6t_xlat_addr_4to6(&x, &priv, &o6), V6T_EADDR_NOT_GLOBAL);
	ck_assert_int_eq(v6t_xlat_addr_6to4(&x, &wpriv, &o4), V6T_EADDR_NOT_GLOBAL);
	ck_assert_int_eq(v6t_xlat_addr_4to6(&x, &glob, &o6), V6T_OK);
	ck_assert_mem_eq(o6.b, wglob.b, 16);
	ck_assert_int_eq(v6t_xlat_addr_6to4(&x, &wglob, &o4), V6T_OK);
	ck_assert_mem_eq(o4.b, glob.b, 4);
	/* a packet to 10.0.0.1 is dropped for it */
	h.src = glob;
	h.dst = priv;
	in.n = 0;
	pkt4(&in, &h, P_UDP, 0, 4, 1);
	check_drop(&x, &in, V6T_EADDR_NOT_GLOBAL);
	/* outside pool6 */
	ck_assert_int_eq(v6t_xlat_addr_6to4(&x, &SELF6, &o4), V6T_EXLAT_NO_MAPPING);

	/* RFC 7757 §3.3: 10.0.0.0/24 <-> 2001:db8:a::/120 first */
	ent[0].p4.addr = TU_IN4(10, 0, 0, 0);
	ent[0].p4.len = 24;
	ent[0].p6.addr = TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0, 0x0a);
	ent[0].p6.len = 120;
	ck_assert_int_eq(v6t_xlat_eamt_init(&t, ent, 1, 0, NULL), V6T_OK);
	c.eamt = &t;
	init(&x, &c);
	ck_assert_int_eq(v6t_xlat_addr_4to6(&x, &priv, &o6), V6T_OK);
	ck_assert_mem_eq(o6.b, TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0, 0x0a, [15] = 1).b, 16);
	ck_assert_int_eq(v6t_xlat_addr_6to4(&x, &o6, &o4), V6T_OK);
	ck_assert_mem_eq(o4.b, priv.b, 4);
	/* without pool6, the EAM table alone */
	c.pool6.len = 0;
	init(&x, &c);
	ck_assert_int_eq(v6t_xlat_addr_4to6(&x, &glob, &o6), V6T_EXLAT_NO_MAPPING);
	ck_assert_int_eq(v6t_xlat_addr_4to6(NULL, &glob, &o6), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_addr_4to6(&x, NULL, &o6), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_addr_4to6(&x, &glob, NULL), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_addr_6to4(NULL, &wglob, &o4), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_addr_6to4(&x, NULL, &o4), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_addr_6to4(&x, &wglob, NULL), V6T_EINVAL);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* RFC 7915 §4.1: IPv4 header to IPv6 */

/*
 * One packet written out in full, every field worked out by hand.
 * IPv4: UDP A4 -> B4, TOS 0, ID 0x1234, DF=0, TTL 64, 1234 -> 53, data
 * de ad be ef (Total Length 32).
 * Header checksum: 4500 + 0020 + 1234 + 0000 + 4011 + c633 + 6402 + cb00 +
 * 7105 = 0x2fd9f -> 0xfda1 -> ~ 0x025e.
 * UDP checksum (RFC 768): pseudo-header c633 + 6402 + cb00 + 7105 + 0011 +
 * 000c = 0x26657; UDP 04d2 + 0035 + 000c + dead + beef = 0x1a2af; total
 * 0x40906 -> 0x090a -> ~ 0xf6f5.
 * IPv6 (§4.1): 6, TC 0, label 0, Payload Length 32 - 20 = 12, Next Header
 * 17, Hop Limit 63, A6 -> B6. UDP checksum (§4.5, RFC 8200 §8.1): A6 =
 * 2001 + 0db8 + 0064 + c633 + 6402 = 0x15852, B6 = ... + cb00 + 7105 =
 * 0x16a22, + 000c + 0011 = 0x2c291, + 0x1a2af = 0x46540 -> 0x6544 ->
 * ~ 0x9abb.
 */
static const uint8_t V4_UDP[32] = {
	0x45, 0x00, 0x00, 0x20, 0x12, 0x34, 0x00, 0x00,
	0x40, 0x11, 0x02, 0x5e, 198, 51, 100, 2, 203, 0, 113, 5,
	0x04, 0xd2, 0x00, 0x35, 0x00, 0x0c, 0xf6, 0xf5,
	0xde, 0xad, 0xbe, 0xef,
};

static const uint8_t V6_UDP[52] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x11, 0x3f,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x64, 0, 0, 0, 0, 0, 0, 198, 51, 100, 2,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x64, 0, 0, 0, 0, 0, 0, 203, 0, 113, 5,
	0x04, 0xd2, 0x00, 0x35, 0x00, 0x0c, 0x9a, 0xbb,
	0xde, 0xad, 0xbe, 0xef,
};

START_TEST(test_46_udp_by_hand)
{
	v6t_xlat x = xl_std(0);
	struct pb in, e;

	in.n = e.n = 0;
	pb_put_bytes(&in, V4_UDP, sizeof V4_UDP);
	pb_put_bytes(&e, V6_UDP, sizeof V6_UDP);
	check_fwd(&x, &in, &e, 1);
}
END_TEST

/*
 * Traffic Class: "By default, copied from the IP Type Of Service (TOS)
 * octet" (every TOS value, ECN bits included); V6T_XLAT_TC_ZERO: "an
 * administratively configurable option to ignore the IPv4 TOS and always
 * set the IPv6 traffic class (TC) to zero".
 */
START_TEST(test_46_traffic_class)
{
	v6t_xlat x = xl_std(0), z = xl_std(V6T_XLAT_TC_ZERO);
	struct h4 h = h4_std();
	struct pb in, e;
	unsigned tos;

	for (tos = 0; tos < 256; tos += 17) {
		h.tos = tos;
		in.n = 0;
		pkt4(&in, &h, P_TCP, 0, 30, tos);
		exp46(&e, &h, P_TCP, 0, 30, tos);
		ck_assert_uint_eq(e.b[0], 0x60 | tos >> 4);
		ck_assert_uint_eq(e.b[1], (tos & 15) << 4);
		check_fwd(&x, &in, &e, 1);
		h.tos = 0;
		exp46(&e, &h, P_TCP, 0, 30, tos);
		check_fwd(&z, &in, &e, 1);
	}
}
END_TEST

/*
 * Flow Label: "0 (all zero bits)" (above); V6T_XLAT_FLOWLABEL gives an
 * RFC 6437 label instead: the one v6t_flowlabel_of() computes for the
 * translated packet's flow (flowlabel.h, checked in its own suite), and
 * nothing else changes.
 */
START_TEST(test_46_flow_label)
{
	v6t_xlat_config c = cfg_std();
	struct h4 h = h4_std();
	struct pb in, e;
	struct out o;
	v6t_flow f;
	v6t_xlat x;
	uint32_t want;

	c.flags = V6T_XLAT_FLOWLABEL;
	memset(c.flow_key.b, 0x5a, sizeof c.flow_key.b);
	init(&x, &c);
	in.n = 0;
	pkt4(&in, &h, P_UDP, 0, 40, 3);
	exp46(&e, &h, P_UDP, 0, 40, 3);
	ck_assert_int_eq(v6t_flow_from_packet(&f, e.b, e.n, 0), V6T_OK);
	want = v6t_flowlabel_of(&c.flow_key, &f);
	ck_assert_uint_ne(want, 0);
	e.b[1] |= (uint8_t)(want >> 16);
	e.b[2] = (uint8_t)(want >> 8);
	e.b[3] = (uint8_t)want;
	run(&x, &in, &o);
	expect_fwd(&o, &e);
}
END_TEST

/*
 * Next Header: "For ICMPv4 (1), it is changed to ICMPv6 (58); otherwise,
 * the protocol field MUST be copied"; §4.5: "translators MUST forward all
 * transport protocols": SCTP (132), No Next Header (59), DCCP (33) and
 * others byte for byte (their checksums, if any, are not touched).
 */
START_TEST(test_46_next_header)
{
	v6t_xlat x = xl_std(0);
	struct h4 h = h4_std();
	struct pb in, e;
	static const unsigned protos[] = { P_TCP, P_UDP, P_ICMP, P_SCTP, P_NONXT, 33, 255 };
	size_t i;

	for (i = 0; i < sizeof protos / sizeof protos[0]; i++) {
		in.n = 0;
		pkt4(&in, &h, protos[i], 8, 25, (unsigned)i);
		exp46(&e, &h, protos[i], 8, 25, (unsigned)i);
		ck_assert_uint_eq(e.b[6], protos[i] == P_ICMP ? 58 : protos[i]);
		check_fwd(&x, &in, &e, 1);
		if (protos[i] != P_TCP && protos[i] != P_UDP && protos[i] != P_ICMP)
			ck_assert_mem_eq(e.b + 40, in.b + 20, 25); /* byte for byte */
	}
}
END_TEST

/*
 * Hop Limit: derived from the TTL, decremented (the translator is a
 * router): 64 -> 63, 2 -> 1, 255 -> 254; "MUST check for zero and send
 * the ICMPv4 "TTL Exceeded"": TTL 1 and 0 get Time Exceeded 11/0 from
 * self4 (RFC 792: code 0, time to live exceeded in transit).
 */
START_TEST(test_46_hop_limit)
{
	v6t_xlat x = xl_std(0);
	struct h4 h = h4_std();
	struct pb in, e;
	static const unsigned ttls[] = { 64, 2, 255 };
	size_t i;

	for (i = 0; i < 3; i++) {
		h.ttl = ttls[i];
		in.n = 0;
		pkt4(&in, &h, P_UDP, 0, 12, 9);
		exp46(&e, &h, P_UDP, 0, 12, 9);
		ck_assert_uint_eq(e.b[7], ttls[i] - 1);
		check_fwd(&x, &in, &e, 1);
	}
	for (h.ttl = 0; h.ttl < 2; h.ttl++) {
		in.n = 0;
		pkt4(&in, &h, P_UDP, 0, 12, 9);
		check_answer(&x, &in, V6T_EXLAT_TTL, 11, 0, 0);
	}
}
END_TEST

/*
 * Source Address: "If the translator gets an illegal source address
 * (e.g., 0.0.0.0, 127.0.0.1, etc.), the translator SHOULD silently
 * discard the packet" (RFC 1812 §5.3.7: 0/8, 127/8, multicast, class E
 * and the limited broadcast), with no error.
 */
START_TEST(test_46_illegal_source)
{
	v6t_xlat x = xl_std(0);
	static const v6t_in4 bad[] = {
		{ { 0, 0, 0, 0 } }, { { 0, 1, 2, 3 } }, { { 127, 0, 0, 1 } },
		{ { 224, 0, 0, 1 } }, { { 239, 255, 255, 255 } }, { { 240, 0, 0, 1 } },
		{ { 255, 255, 255, 255 } },
	};
	struct h4 h = h4_std();
	struct pb in;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		h.src = bad[i];
		in.n = 0;
		pkt4(&in, &h, P_UDP, 0, 4, 1);
		check_drop(&x, &in, V6T_EXLAT_SOURCE);
	}
}
END_TEST

/*
 * "If any IPv4 options are present in the IPv4 packet, they MUST be
 * ignored and the packet translated normally ... However, if an unexpired
 * source route option is present, then the packet MUST instead be
 * discarded, and an ICMPv4 "Destination Unreachable, Source Route Failed"
 * (Type 3, Code 5) error message SHOULD be returned". RFC 791 §3.1: the
 * route is used up when the pointer exceeds the option's length.
 */
START_TEST(test_46_options)
{
	/* NOP, Record Route (7, length 7, pointer 4), EOL: 8 bytes */
	static const uint8_t rr[8] = { 1, 7, 7, 4, 0, 0, 0, 0 };
	/* LSRR (131) / SSRR (137), length 7, pointer 4 (one hop to go), NOP */
	static const uint8_t lsrr[8] = { 131, 7, 4, 192, 0, 2, 9, 1 };
	static const uint8_t ssrr[8] = { 137, 7, 4, 192, 0, 2, 9, 1 };
	/* pointer 8 > length 7: expired; and after a NOP */
	static const uint8_t lsrr_done[8] = { 131, 7, 8, 192, 0, 2, 9, 1 };
	static const uint8_t ssrr_late[12] = { 1, 1, 1, 1, 137, 7, 4, 192, 0, 2, 9, 0 };
	v6t_xlat x = xl_std(0);
	struct h4 h = h4_std();
	struct pb in, e;

	exp46(&e, &h, P_UDP, 0, 20, 2);
	h.opt = rr;
	h.optlen = 8;
	in.n = 0;
	pkt4(&in, &h, P_UDP, 0, 20, 2);
	check_fwd(&x, &in, &e, 1);
	h.opt = lsrr_done;
	in.n = 0;
	pkt4(&in, &h, P_UDP, 0, 20, 2);
	check_fwd(&x, &in, &e, 1);

	h.opt = lsrr;
	in.n = 0;
	pkt4(&in, &h, P_UDP, 0, 20, 2);
	check_answer(&x, &in, V6T_EXLAT_SOURCE_ROUTE, 3, 5, 0);
	h.opt = ssrr;
	in.n = 0;
	pkt4(&in, &h, P_UDP, 0, 20, 2);
	check_answer(&x, &in, V6T_EXLAT_SOURCE_ROUTE, 3, 5, 0);
	h.opt = ssrr_late;
	h.optlen = 12;
	in.n = 0;
	pkt4(&in, &h, P_UDP, 0, 20, 2);
	check_answer(&x, &in, V6T_EXLAT_SOURCE_ROUTE, 3, 5, 0);
}
END_TEST


/* The IPv6 fragment §4.1 makes of an IPv4 one: the IPv6 header of whole
 * (the translated datagram) with Payload Length 8 + n and Next Header 44,
 * then the Fragment header ("Next Header: For ICMPv4 (1), it is changed
 * to ICMPv6 (58); otherwise ... copied", "Fragment Offset: Fragment
 * Offset copied", "M flag: More Fragments bit copied", "Identification:
 * The low-order 16 bits copied from the Identification field in the IPv4
 * header. The high-order 16 bits set to zero"), then the n bytes of
 * whole's payload from off. */
static void frag6(struct pb *e, const struct pb *whole, size_t off, size_t n,
		  int more, unsigned id)
{
	e->n = 0;
	pb_put_bytes(e, whole->b, 40);
	st16(e->b + 4, (unsigned)(8 + n));
	e->b[6] = P_FRAGMENT;
	pb_frag(e, whole->b[6], (unsigned)off | (more ? 1 : 0), id);
	pb_put_bytes(e, whole->b + 40 + off, n);
}

/* An IPv4 fragment of the datagram whole: its header with the offset
 * (8-byte units) and MF, then n bytes from off. */
static void frag4(struct pb *p, const struct h4 *h, unsigned proto,
		  const struct pb *whole, size_t off, size_t n, int more)
{
	struct h4 f = *h;

	f.frag = (h->frag & DF) | (unsigned)(off / 8) | (more ? MF : 0);
	p->n = 0;
	ip4(p, &f, proto, 20 + n);
	pb_put_bytes(p, whole->b + 20 + off, n);
}

/* IPv4 fragments become IPv6 fragments (§4.1 "If there is a need to add
 * a Fragment Header (the packet is a fragment ...)"): first (UDP header
 * with the whole datagram's checksum, updated), middle, last; ID 0xabcd
 * and ID 0 (Jool's jba: the high 16 bits zero either way). */
START_TEST(test_46_fragments)
{
	v6t_xlat x = xl_std(0);
	struct h4 h = h4_std();
	struct pb whole, w6, in, e;
	unsigned ids[2] = { 0xabcd, 0 }, k;

	for (k = 0; k < 2; k++) {
		h.id = ids[k];
		whole.n = 0;
		pkt4(&whole, &h, P_UDP, 0, 112, 4); /* 120 bytes of UDP */
		exp46(&w6, &h, P_UDP, 0, 112, 4);
		frag4(&in, &h, P_UDP, &whole, 0, 48, 1);
		frag6(&e, &w6, 0, 48, 1, ids[k]);
		check_fwd(&x, &in, &e, 1);
		frag4(&in, &h, P_UDP, &whole, 48, 40, 1);
		frag6(&e, &w6, 48, 40, 1, ids[k]);
		check_fwd(&x, &in, &e, 1);
		frag4(&in, &h, P_UDP, &whole, 88, 32, 0);
		frag6(&e, &w6, 88, 32, 0, ids[k]);
		check_fwd(&x, &in, &e, 1);
	}
	/* an ICMP echo in fragments: its checksum needs the whole message's
	 * pseudo-header length, which the first fragment lacks: not
	 * translatable (the library drops it, V6T_EXLAT_ICMP_FRAGMENT) */
	whole.n = 0;
	pkt4(&whole, &h, P_ICMP, 8, 112, 4);
	frag4(&in, &h, P_ICMP, &whole, 0, 48, 1);
	check_drop(&x, &in, V6T_EXLAT_ICMP_FRAGMENT);
}
END_TEST

/* Reassemble IPv6 fragments (RFC 8200 §4.5) made of a translated
 * datagram e, and check every piece's headers against e's (§4.1 rules
 * above) and its size against mtu. */
static void check_pieces(const struct out *o, const struct pb *e, unsigned id,
			 size_t mtu)
{
	uint8_t data[PB_MAX];
	size_t got = 0, i;

	ck_assert_int_eq(o->verdict, V6T_XLAT_FRAGMENTS);
	ck_assert_uint_eq(o->version, 6);
	ck_assert_uint_ge(o->count, 2);
	for (i = 0; i < o->count; i++) {
		const uint8_t *f = o->fr[i];
		size_t n = o->frl[i], off = be16(f + 42) & 0xfff8;

		ck_assert_uint_le(n, mtu);
		ck_assert_mem_eq(f, e->b, 4);
		ck_assert_uint_eq(be16(f + 4), n - 40);
		ck_assert_uint_eq(f[6], P_FRAGMENT);
		ck_assert_mem_eq(f + 7, e->b + 7, 33);
		ck_assert_uint_eq(f[40], e->b[6]);
		ck_assert_uint_eq(be16(f + 42) & 1, i + 1 < o->count);
		ck_assert_uint_eq(be16(f + 44), 0);
		ck_assert_uint_eq(be16(f + 46), id);
		ck_assert_uint_eq(off, got);
		ck_assert(i + 1 == o->count || (n - 48) % 8 == 0);
		memcpy(data + got, f + 48, n - 48);
		got += n - 48;
	}
	ck_assert_uint_eq(got, e->n - 40);
	ck_assert_mem_eq(data, e->b + 40, got);
}

/*
 * §4.1: "If the DF flag is not set and the IPv4 packet will result in an
 * IPv6 packet larger than ... lowest-ipv6-mtu ... the packet SHOULD be
 * fragmented so that the resulting IPv6 packet (with Fragment Header
 * added to each fragment) will be less than or equal to lowest-ipv6-mtu
 * ... at most 1232 bytes (1280 minus 40 for the IPv6 header and 8 for the
 * Fragment Header)". The pieces reassemble to the translated whole; their
 * Identification is the IPv4 one. Configured lowest-ipv6-mtu 1400 and
 * mtu6 1300 (the smaller decides) too.
 */
START_TEST(test_46_df0_split)
{
	v6t_xlat_config c = cfg_std();
	struct h4 h = h4_std();
	struct pb in, e;
	struct out o;
	v6t_xlat x;
	static const unsigned protos[] = { P_UDP, P_TCP, P_SCTP };
	size_t i;

	init(&x, &c);
	for (i = 0; i < 3; i++) {
		in.n = 0;
		pkt4(&in, &h, protos[i], 0, 1372, (unsigned)i); /* 1400ish bytes */
		exp46(&e, &h, protos[i], 0, 1372, (unsigned)i);
		run(&x, &in, &o);
		check_pieces(&o, &e, 0x1234, 1280);
		/* Jool's jca: as large as allowed, 1232 bytes after the
		 * headers in the first */
		ck_assert_uint_eq(o.frl[0], 1280);
	}
	c.lowest_ipv6_mtu = 1400;
	init(&x, &c);
	in.n = 0;
	pkt4(&in, &h, P_UDP, 0, 1500 - 28, 7);
	exp46(&e, &h, P_UDP, 0, 1500 - 28, 7);
	run(&x, &in, &o);
	check_pieces(&o, &e, 0x1234, 1400);
	ck_assert_uint_eq(o.frl[0], 1400);
	c.mtu6 = 1300;
	init(&x, &c);
	run(&x, &in, &o);
	check_pieces(&o, &e, 0x1234, 1300);
	/* no larger than lowest-ipv6-mtu: whole, no Fragment header (§4:
	 * "MUST NOT include the Fragment Header for the non-fragmented IPv6
	 * packets") */
	in.n = 0;
	pkt4(&in, &h, P_UDP, 0, 1260 - 28, 7);
	exp46(&e, &h, P_UDP, 0, 1260 - 28, 7);
	check_fwd(&x, &in, &e, 1);
}
END_TEST

/*
 * §4.1: "If the DF bit is set and the MTU of the next-hop interface is
 * less than the total length value of the IPv4 packet plus 20, the
 * translator MUST send an ICMPv4 "Fragmentation Needed" error", the MTU
 * (RFC 1191 §4, low 16 bits) mtu6 - 20 = 1480; DF=1 above
 * lowest-ipv6-mtu but within mtu6 goes out whole, without Fragment
 * header (§4: "an IPv6 Fragment Header is only included if the IPv4
 * packet is already fragmented"; Jool's jbb).
 */
START_TEST(test_46_df1_sizes)
{
	v6t_xlat x = xl_std(0);
	struct h4 h = h4_std();
	struct pb in, e;

	h.frag = DF;
	in.n = 0;
	pkt4(&in, &h, P_UDP, 0, 1481 - 28, 1); /* 1501 as IPv6 */
	check_answer(&x, &in, V6T_EXLAT_TOO_BIG, 3, 4, 1480);
	in.n = 0;
	pkt4(&in, &h, P_UDP, 0, 1480 - 28, 1); /* 1500: fits */
	exp46(&e, &h, P_UDP, 0, 1480 - 28, 1);
	check_fwd(&x, &in, &e, 1);
	in.n = 0;
	pkt4(&in, &h, P_TCP, 0, 1400 - 40, 1);
	exp46(&e, &h, P_TCP, 0, 1400 - 40, 1);
	check_fwd(&x, &in, &e, 1);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* RFC 7915 §4.2, §4.3: ICMPv4 to ICMPv6 */

/* The router that sends the ICMPv4 errors, 198.51.100.254, and its IPv6
 * representation (pool6 /96). */
static const v6t_in4 R4 = { { 198, 51, 100, 254 } };
static const v6t_in6 R6 = { { 0x20, 0x01, 0x0d, 0xb8, 0, 0x64, [12] = 198, 51, 100, 254 } };

/*
 * The packet an ICMPv4 error is about: UDP B4 -> A4 (the IPv6 host's
 * packet on the IPv4 side), TTL 5, ID 0x5678, n bytes of data; and what
 * §4.3 makes of it: "translated just like a normal IP packet (except the
 * TTL value of the inner IPv4/IPv6 packet)": Hop Limit 5.
 */
static void inner4(struct pb *p, unsigned proto, size_t n)
{
	struct h4 h = { 0, 0x5678, 0, 5, B4, A4, NULL, 0 };

	p->n = 0;
	pkt4(p, &h, proto, 8, n, 11);
}

static void inner46(struct pb *p, unsigned proto, size_t n)
{
	struct h6 h = { 0, 0, 5, A6, B6, NULL, 0, 0 };

	memcpy(h.src.b, B6.b, 16);
	memcpy(h.dst.b, A6.b, 16);
	p->n = 0;
	pkt6(p, &h, proto == P_ICMP ? P_ICMP6 : proto, 128, n, 11);
}

/*
 * An ICMPv4 error R4 -> B4 (TTL 64): type, code, bytes 4..7, the first q
 * bytes of the packet in, then ext bytes (RFC 4884 §4.1: with the length
 * attribute, byte 5, set to q / 4 when ext is given), the checksum over
 * the message (RFC 792).
 */
static void icmp4_err(struct pb *p, unsigned type, unsigned code, uint32_t rest,
		      const struct pb *in, size_t q, const uint8_t *ext, size_t extlen)
{
	struct h4 h = { 0, 0x0bad, 0, 64, R4, B4, NULL, 0 };

	p->n = 0;
	ip4(p, &h, P_ICMP, 28 + q + extlen);
	pb_put8(p, type);
	pb_put8(p, code);
	pb_put16(p, 0);
	pb_put32(p, rest);
	pb_put_bytes(p, in->b, q);
	if (extlen) {
		pb_put_bytes(p, ext, extlen);
		p->b[25] = (uint8_t)(q / 4);
	}
	set_sum(p->b + 20, 8 + q + extlen, 2, 0);
}

/*
 * What §4.2/§4.3 make of it: an ICMPv6 error R6 -> B6 (Hop Limit 63,
 * Payload Length the message), type, code, bytes 4..7, the first q bytes
 * of the translated quote in6, pad zero bytes, ext (RFC 4884 §4.2:
 * length attribute, byte 4, (q + pad) / 8, when ext is given), the
 * checksum with the ICMPv6 pseudo-header (RFC 4443 §2.3).
 */
static void icmp6_err(struct pb *e, unsigned type, unsigned code, uint32_t rest,
		      const struct pb *in6, size_t q, size_t pad,
		      const uint8_t *ext, size_t extlen)
{
	struct h6 h = { 0, 0, 63, R6, B6, NULL, 0, 0 };
	size_t m = 8 + q + pad + extlen;

	e->n = 0;
	ip6(e, &h, P_ICMP6, m);
	pb_put8(e, type);
	pb_put8(e, code);
	pb_put16(e, 0);
	pb_put32(e, rest);
	pb_put_bytes(e, in6->b, q);
	pb_putn(e, pad, 0);
	if (ext) {
		pb_put_bytes(e, ext, extlen);
		e->b[44] = (uint8_t)((q + pad) / 8);
	}
	set_sum(e->b + 40, m, 2, pseudo6(e->b, P_ICMP6, m));
}

/* Set an IPv6 error's source to src and sum its ICMPv6 checksum again;
 * the same for an IPv4 one (header checksum). */
static void resource6(struct pb *e, const uint8_t *src)
{
	memcpy(e->b + 8, src, 16);
	set_sum(e->b + 40, e->n - 40, 2, pseudo6(e->b, P_ICMP6, e->n - 40));
}

static void resource4(struct pb *e, const uint8_t *src)
{
	memcpy(e->b + 12, src, 4);
	set_sum(e->b, 20, 10, 0);
}

/* Echo and Echo Reply: "Adjust the Type values to 128 and 129,
 * respectively, and adjust the ICMP checksum both to take the type change
 * into account and to include the ICMPv6 pseudo-header". */
START_TEST(test_46_echo)
{
	v6t_xlat x = xl_std(0);
	struct h4 h = h4_std();
	struct pb in, e;
	unsigned et;

	for (et = 0; et <= 8; et += 8) {
		in.n = 0;
		pkt4(&in, &h, P_ICMP, et, 56, et);
		exp46(&e, &h, P_ICMP, et, 56, et);
		ck_assert_uint_eq(e.b[40], et == 8 ? 128 : 129);
		check_fwd(&x, &in, &e, 0);
		/* the message bytes after the ICMP header did not move */
		ck_assert_mem_eq(e.b + 48, in.b + 28, 56);
	}
}
END_TEST

/* §4.2: Information Request/Reply (15, 16), Timestamp (13, 14), Address
 * Mask (17, 18), Router Advertisement (9) and Solicitation (10): "Silently
 * drop"; "Unknown ICMPv4 types: Silently drop"; Source Quench (4),
 * Redirect (5), Alternative Host Address (6): "Silently drop". */
START_TEST(test_46_icmp_dropped_types)
{
	v6t_xlat x = xl_std(0);
	static const unsigned types[] = { 9, 10, 13, 14, 15, 16, 17, 18, 1, 2, 7, 19, 42, 255 };
	static const unsigned errs[] = { 4, 5, 6 };
	struct h4 h = h4_std();
	struct pb in, q;
	size_t i;

	for (i = 0; i < sizeof types / sizeof types[0]; i++) {
		in.n = 0;
		pkt4(&in, &h, P_ICMP, types[i], 16, 1);
		check_drop(&x, &in, V6T_EXLAT_ICMP_TYPE);
	}
	inner4(&q, P_UDP, 8);
	for (i = 0; i < 3; i++) {
		icmp4_err(&in, errs[i], 0, 0, &q, q.n, NULL, 0);
		check_drop(&x, &in, V6T_EXLAT_ICMP_TYPE);
	}
}
END_TEST

/*
 * §4.2 Destination Unreachable, every code: 0, 1 -> 1/0; 2 -> Parameter
 * Problem 4/1 "and make the Pointer point to the IPv6 Next Header field"
 * (6); 3 -> 1/4; 5, 6, 7, 8 -> 1/0; 9, 10 -> 1/1; 11, 12 -> 1/0; 13 ->
 * 1/1; 14 "Silently drop"; 15 -> 1/1; "Other Code values: Silently drop".
 * (4 is Packet Too Big, test_46_frag_needed.) Time Exceeded: "Set the
 * Type to 3 ... The Code is unchanged".
 */
START_TEST(test_46_unreach_codes)
{
	static const int want[16][3] = {
		{ 1, 0, 0 }, { 1, 0, 0 }, { 4, 1, 6 }, { 1, 4, 0 }, { -1, 0, 0 },
		{ 1, 0, 0 }, { 1, 0, 0 }, { 1, 0, 0 }, { 1, 0, 0 }, { 1, 1, 0 },
		{ 1, 1, 0 }, { 1, 0, 0 }, { 1, 0, 0 }, { 1, 1, 0 }, { -2, 0, 0 },
		{ 1, 1, 0 },
	};
	v6t_xlat x = xl_std(0);
	struct pb q, q6, in, e;
	struct out o;
	unsigned code;

	inner4(&q, P_UDP, 20);
	inner46(&q6, P_UDP, 20);
	for (code = 0; code < 16; code++) {
		if (want[code][0] == -1)
			continue;
		icmp4_err(&in, 3, code, 0, &q, q.n, NULL, 0);
		run(&x, &in, &o);
		if (want[code][0] == -2) {
			expect_drop(&o, V6T_EXLAT_ICMP_TYPE);
			continue;
		}
		icmp6_err(&e, (unsigned)want[code][0], (unsigned)want[code][1],
			  (uint32_t)want[code][2], &q6, q6.n, 0, NULL, 0);
		expect_fwd(&o, &e);
	}
	for (code = 16; code < 256; code += 60) {
		icmp4_err(&in, 3, code, 0, &q, q.n, NULL, 0);
		check_drop(&x, &in, V6T_EXLAT_ICMP_TYPE);
	}
	for (code = 0; code < 2; code++) {
		icmp4_err(&in, 11, code, 0, &q, q.n, NULL, 0);
		icmp6_err(&e, 3, code, 0, &q6, q6.n, 0, NULL, 0);
		check_fwd(&x, &in, &e, 0);
	}
}
END_TEST

/*
 * §4.2 Parameter Problem: codes 0 and 2 "Set the Code to 0 ... and update
 * the pointer as defined in Figure 3" (IPv4 pointer 0 -> 0, 1 -> 1, 2-3
 * -> 4, 4-7 n/a, 8 -> 7, 9 -> 6, 10-11 n/a, 12-15 -> 8, 16-19 -> 24; not
 * listed, 20 on: drop); "(If ... listed as "n/a", silently drop the
 * packet.)"; code 1 "Silently drop"; "Other Code values: Silently drop".
 * ICMPv6 Parameter Problem's pointer is 32 bits (RFC 4443 §3.4); ICMPv4's
 * the first byte of bytes 4..7 (RFC 792).
 */
START_TEST(test_46_param_problem)
{
	static const int fig3[21] = {
		0, 1, 4, 4, -1, -1, -1, -1, 7, 6, -1, -1, 8, 8, 8, 8, 24, 24, 24, 24, -1
	};
	v6t_xlat x = xl_std(0);
	struct pb q, q6, in, e;
	unsigned code, p;

	inner4(&q, P_UDP, 20);
	inner46(&q6, P_UDP, 20);
	for (code = 0; code <= 2; code += 2)
		for (p = 0; p < 21; p++) {
			icmp4_err(&in, 12, code, (uint32_t)p << 24, &q, q.n, NULL, 0);
			if (fig3[p] < 0) {
				check_drop(&x, &in, V6T_EXLAT_ICMP_TYPE);
				continue;
			}
			icmp6_err(&e, 4, 0, (uint32_t)fig3[p], &q6, q6.n, 0, NULL, 0);
			check_fwd(&x, &in, &e, 0);
		}
	icmp4_err(&in, 12, 1, 0, &q, q.n, NULL, 0);
	check_drop(&x, &in, V6T_EXLAT_ICMP_TYPE);
	icmp4_err(&in, 12, 3, 0, &q, q.n, NULL, 0);
	check_drop(&x, &in, V6T_EXLAT_ICMP_TYPE);
}
END_TEST

/*
 * §4.2 Fragmentation Needed -> Packet Too Big 2/0, "maximum(1280,
 * minimum((MTU value in the Packet Too Big Message) + 20,
 * MTU_of_IPv6_nexthop, (MTU_of_IPv4_nexthop) + 20))"; MTU 0: "Use the
 * greatest plateau value that is less than the returned Total Length
 * field, but that is larger than or equal to 1280" (RFC 1191 §7: 65535,
 * 32000, 17914, 8166, 4352, 2002, 1492, 1006, ...). The quote here is the
 * first 48 bytes of a datagram of Total Length tot.
 */
START_TEST(test_46_frag_needed)
{
	static const struct {
		unsigned mtu, mtu4, mtu6, tot, want;
	} rows[] = {
		{ 1400, 1500, 1500, 1500, 1420 }, /* MTU + 20 */
		{ 1000, 1500, 1500, 1500, 1280 }, /* 1020: the floor */
		{ 1259, 1500, 1500, 1500, 1280 }, /* Jool's db3 */
		{ 1500, 1500, 1500, 1500, 1500 }, /* mtu6 */
		{ 1400, 1300, 1500, 1500, 1320 }, /* mtu4 + 20 */
		{ 0, 9000, 9000, 1500, 1512 },    /* plateau 1492 + 20 */
		{ 0, 9000, 9000, 2100, 2022 },    /* plateau 2002 + 20 */
		{ 0, 9000, 1500, 2100, 1500 },    /* plateau, then mtu6 */
		{ 0, 1000, 9000, 2100, 1280 },    /* plateau, mtu4 + 20, floor */
		/* no plateau in [1280, 1400): the library takes 1280 as the
		 * IPv4 path MTU (doc/conformance.md, a choice) */
		{ 0, 9000, 9000, 1400, 1300 },
	};
	v6t_xlat_config c = cfg_std();
	struct pb q, q6, in, e;
	v6t_xlat x;
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		c.mtu4 = rows[i].mtu4;
		c.mtu6 = rows[i].mtu6;
		init(&x, &c);
		inner4(&q, P_UDP, rows[i].tot - 28);
		inner46(&q6, P_UDP, rows[i].tot - 28);
		icmp4_err(&in, 3, 4, rows[i].mtu, &q, 48, NULL, 0);
		icmp6_err(&e, 2, 0, rows[i].want, &q6, 68, 0, NULL, 0);
		check_fwd(&x, &in, &e, 0);
	}
}
END_TEST

/* One's complement addition of 1 to a checksum field (RFC 1071). */
static void bump(uint8_t *f)
{
	unsigned v = be16(f) + 1;

	st16(f, (v & 0xffff) + (v >> 16));
}

/*
 * §4.3: the quote is translated (TTL untouched, above); §4.5 "The data
 * portion of the packet is left unchanged": its checksums are updated,
 * not verified, so one wrong by one stays wrong by one. The outer ICMPv4
 * checksum is what a router verifies (RFC 1812 §4.3.2.3 ... the
 * translator recomputes it: the library drops an error whose checksum is
 * wrong, V6T_EXLAT_ICMP_CHECKSUM). An ICMP error about an ICMP error
 * ("MUST stop at the first embedded header", RFC 1122 §3.2.2 "never sent
 * in response to an ICMP error") is dropped. A quote that cannot be
 * translated (no IPv4 header) is dropped.
 */
START_TEST(test_46_quote)
{
	v6t_xlat x = xl_std(0);
	struct pb q, q6, in, e, qq;

	inner4(&q, P_TCP, 30);
	inner46(&q6, P_TCP, 30);
	bump(q.b + 20 + 16);
	bump(q6.b + 40 + 16);
	icmp4_err(&in, 3, 3, 0, &q, q.n, NULL, 0);
	icmp6_err(&e, 1, 4, 0, &q6, q6.n, 0, NULL, 0);
	check_fwd(&x, &in, &e, 0);
	/* the quoted ICMP Echo: its type and checksum translated */
	inner4(&q, P_ICMP, 30);
	inner46(&q6, P_ICMP, 30);
	icmp4_err(&in, 11, 0, 0, &q, q.n, NULL, 0);
	icmp6_err(&e, 3, 0, 0, &q6, q6.n, 0, NULL, 0);
	check_fwd(&x, &in, &e, 0);
	/* §4.1: "when translating ICMPv4 Error Messages into ICMPv6, the
	 * "illegal" source address will be translated for the purpose of
	 * trouble shooting" (Jool's ha): from 127.0.0.1, pool6::7f00:1 */
	{
		struct pb lo = in;
		const v6t_in6 lo6 = TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0, 0x64, [12] = 127, 0, 0, 1);

		lo.b[12] = 127;
		lo.b[13] = lo.b[14] = 0;
		lo.b[15] = 1;
		set_sum(lo.b, 20, 10, 0);
		qq = e;
		resource6(&qq, lo6.b);
		check_fwd(&x, &lo, &qq, 0);
	}
	/* outer checksum wrong */
	in.b[22] ^= 1;
	check_drop(&x, &in, V6T_EXLAT_ICMP_CHECKSUM);
	/* an error about an error */
	inner4(&q, P_UDP, 8);
	icmp4_err(&qq, 3, 1, 0, &q, q.n, NULL, 0);
	qq.b[8] = 5; /* as sent on: the quote of the quote */
	set_sum(qq.b, 20, 10, 0);
	icmp4_err(&in, 3, 1, 0, &qq, qq.n, NULL, 0);
	check_drop(&x, &in, V6T_EXLAT_ICMP_INNER);
	/* a quote of garbage */
	memset(qq.b, 0x11, 28);
	icmp4_err(&in, 3, 1, 0, &qq, 28, NULL, 0);
	check_drop(&x, &in, V6T_EXLAT_ICMP_INNER);
	/* a fragmented ICMP error cannot have its checksum translated */
	inner4(&q, P_UDP, 8);
	icmp4_err(&in, 3, 1, 0, &q, q.n, NULL, 0);
	in.b[6] = MF >> 8;
	set_sum(in.b, 20, 10, 0);
	check_drop(&x, &in, V6T_EXLAT_ICMP_FRAGMENT);
}
END_TEST

/* The translated ICMPv6 error is cut to 1280 bytes (RFC 4443 §2.4 (c),
 * Jool's ja): a 1428-byte ICMPv4 error quoting a whole 1400-byte datagram
 * keeps the first 1232 bytes of the translated quote. */
START_TEST(test_46_icmp6_cap)
{
	v6t_xlat_config c = cfg_std();
	struct pb q, q6, in, e;
	v6t_xlat x;

	c.lowest_ipv6_mtu = 1500;
	init(&x, &c);
	inner4(&q, P_UDP, 1400 - 28);
	inner46(&q6, P_UDP, 1400 - 28);
	icmp4_err(&in, 3, 1, 0, &q, q.n, NULL, 0);
	icmp6_err(&e, 1, 0, 0, &q6, 1232, 0, NULL, 0);
	ck_assert_uint_eq(e.n, 1280);
	check_fwd(&x, &in, &e, 0);
}
END_TEST

/*
 * RFC 4884 across (§4.2 "ICMP Error Payload": "the ICMPv6 Extension
 * length attribute MUST be adjusted accordingly"; RFC 4884 §4.1: ICMPv4
 * length in 32-bit words, byte 5; §4.2: ICMPv6 in 64-bit words, byte 4;
 * §5.5 the original datagram at least 128 bytes, zero padded). The
 * extension is opaque (§4.2: "passes the extensions as opaque bit
 * strings").
 * - 128 quoted bytes: 148 translated, cut to the unit, 144 (length 18;
 *   Jool cuts rather than pads, README note 11);
 * - a non-compliant 28-byte quote (length 7): 48, padded to 128 (16);
 * - 1016 quoted bytes (length 254, near the 8-bit attribute's end) and
 *   200 of extension: 1036 + 200 > 1280 - 48, the quote trimmed to
 *   (1232 - 200) / 8 * 8 = 1032 (129);
 * - an extension of 1200 bytes cannot fit with 128 bytes of quote: "the
 *   ICMPv4 extension SHOULD be simply truncated"; Jool drops it whole and
 *   sets the length to 0, and so does the library.
 * - Time Exceeded has the attribute too; Packet Too Big (from 3/4) has
 *   none: the extension is left out.
 */
START_TEST(test_46_rfc4884)
{
	v6t_xlat_config c = cfg_std();
	static uint8_t ext[1200];
	struct pb q, q6, in, e;
	v6t_xlat x;
	size_t i;

	for (i = 0; i < sizeof ext; i++)
		ext[i] = (uint8_t)(0x20 + i);
	c.lowest_ipv6_mtu = 1500;
	init(&x, &c);
	inner4(&q, P_UDP, 1400 - 28);
	inner46(&q6, P_UDP, 1400 - 28);
	icmp4_err(&in, 3, 1, 0, &q, 128, ext, 16);
	icmp6_err(&e, 1, 0, 0, &q6, 144, 0, ext, 16);
	ck_assert_uint_eq(e.b[44], 18);
	check_fwd(&x, &in, &e, 0);
	icmp4_err(&in, 11, 1, 0, &q, 128, ext, 16);
	icmp6_err(&e, 3, 1, 0, &q6, 144, 0, ext, 16);
	check_fwd(&x, &in, &e, 0);

	icmp4_err(&in, 3, 1, 0, &q, 1016, ext, 200);
	icmp6_err(&e, 1, 0, 0, &q6, 1032, 0, ext, 200);
	ck_assert_uint_eq(e.n, 1280);
	ck_assert_uint_eq(e.b[44], 129);
	check_fwd(&x, &in, &e, 0);

	icmp4_err(&in, 3, 1, 0, &q, 128, ext, 1200);
	icmp6_err(&e, 1, 0, 0, &q6, 148, 0, NULL, 0);
	check_fwd(&x, &in, &e, 0);

	icmp4_err(&in, 3, 4, 1400, &q, 128, ext, 16);
	icmp6_err(&e, 2, 0, 1420, &q6, 148, 0, NULL, 0);
	check_fwd(&x, &in, &e, 0);

	inner4(&q, P_UDP, 0);
	inner46(&q6, P_UDP, 0);
	icmp4_err(&in, 3, 1, 0, &q, 28, ext, 8);
	icmp6_err(&e, 1, 0, 0, &q6, 48, 80, ext, 8);
	ck_assert_uint_eq(e.b[44], 16);
	check_fwd(&x, &in, &e, 0);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* RFC 7915 §4.5, §5.5: transport checksums */

/*
 * §4.5: "the checksum MUST be updated"; the expected packets above carry
 * checksums summed here for the new pseudo-header, so each forward test
 * shows the output valid. A checksum wrong by one stays wrong by one
 * (the update is incremental, RFC 1624; Jool's csumfail): TCP and UDP.
 * Then UDP with checksum 0: "the translator SHOULD ... drop the packet
 * and ... generate a system management event" by default, answered with
 * Destination Unreachable 3/13 (Jool's ec, §4.4); with
 * V6T_XLAT_UDP0_COMPUTE, "calculate an IPv6 checksum" for an unfragmented
 * one; a fragmented one dropped (and answered) either way, as its
 * checksum needs the whole datagram.
 */
START_TEST(test_46_checksums)
{
	v6t_xlat x = xl_std(0), xc = xl_std(V6T_XLAT_UDP0_COMPUTE);
	struct h4 h = h4_std();
	struct pb in, e, whole;
	static const unsigned protos[] = { P_TCP, P_UDP };
	size_t i;

	for (i = 0; i < 2; i++) {
		unsigned at = csum_at(protos[i]);

		in.n = 0;
		pkt4(&in, &h, protos[i], 0, 33, 5);
		exp46(&e, &h, protos[i], 0, 33, 5);
		ck_assert_uint_eq(got_sum(e.b + 40, e.n - 40, pseudo6(e.b, protos[i], e.n - 40)),
				  0xffff);
		bump(in.b + 20 + at);
		bump(e.b + 40 + at);
		check_fwd(&x, &in, &e, 1);
	}
	/* UDP checksum 0 */
	in.n = 0;
	pkt4(&in, &h, P_UDP, 0, 33, 5);
	st16(in.b + 26, 0);
	check_answer(&x, &in, V6T_EXLAT_UDP_ZERO, 3, 13, 0);
	exp46(&e, &h, P_UDP, 0, 33, 5);
	check_fwd(&xc, &in, &e, 1);
	/* fragmented: the first fragment, and a later one (whose UDP header
	 * is not there: translated as it is) */
	whole.n = 0;
	pkt4(&whole, &h, P_UDP, 0, 80, 5);
	st16(whole.b + 26, 0);
	frag4(&in, &h, P_UDP, &whole, 0, 40, 1);
	check_answer(&x, &in, V6T_EXLAT_UDP_ZERO, 3, 13, 0);
	check_answer(&xc, &in, V6T_EXLAT_UDP_ZERO, 3, 13, 0);
}
END_TEST

/*
 * RFC 768: "If the computed checksum is zero, it is transmitted as all
 * ones". A UDP datagram whose IPv6 checksum computes to 0: with 2 bytes
 * of data W chosen so that the whole sum is 0xffff (W = ~S, S the sum of
 * the rest with the checksum field 0), the complement is 0 and 0xffff is
 * sent. The same holds for an updated checksum (xlat_46.c writes 0xffff
 * for an update that gives 0): the IPv4 checksum of such a datagram,
 * translated with a valid one, gives 0xffff too.
 */
START_TEST(test_46_udp_zero_sum)
{
	v6t_xlat xc = xl_std(V6T_XLAT_UDP0_COMPUTE), x = xl_std(0);
	struct h4 h = h4_std();
	struct pb in, e;
	uint32_t s;

	in.n = 0;
	pkt4(&in, &h, P_UDP, 0, 2, 0);
	exp46(&e, &h, P_UDP, 0, 2, 0);
	st16(e.b + 46, 0);
	st16(e.b + 48, 0);
	s = pb_sum16(pseudo6(e.b, P_UDP, 10), e.b + 40, 10);
	st16(e.b + 48, ~s & 0xffff);
	ck_assert_uint_eq(pb_sum16(pseudo6(e.b, P_UDP, 10), e.b + 40, 10), 0xffff);
	st16(e.b + 46, 0xffff);
	/* the input with the same data, checksum 0 */
	memcpy(in.b + 28, e.b + 48, 2);
	st16(in.b + 26, 0);
	check_fwd(&xc, &in, &e, 1);
	/* with a valid IPv4 checksum instead, the update gives 0xffff too */
	set_sum(in.b + 20, 10, 6, pseudo4(in.b, P_UDP, 10));
	check_fwd(&x, &in, &e, 1);
}
END_TEST


/* §4.2 "IGMP messages ... SHOULD be silently dropped by the translator",
 * with no error even at TTL 1 (an IGMP report's, RFC 2236 §2). */
START_TEST(test_46_igmp_dropped)
{
	v6t_xlat x = xl_std(0);
	struct h4 h = h4_std();
	struct pb in;

	in.n = 0;
	pkt4(&in, &h, P_IGMP, 0, 8, 1);
	check_drop(&x, &in, V6T_EXLAT_ICMP_TYPE);
	h.ttl = 1;
	in.n = 0;
	pkt4(&in, &h, P_IGMP, 0, 8, 1);
	check_drop(&x, &in, V6T_EXLAT_ICMP_TYPE);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* RFC 7915 §5.1: IPv6 header to IPv4 */

/*
 * V6_UDP above, translated back: §5.1 TOS 0, Total Length 12 + 20 = 32,
 * DF clear (32 <= 1260), the Identification the translator's (taken from
 * the output), TTL 63 - 1 = 62, protocol 17, A4 -> B4, the header
 * checksum by the sum; the UDP checksum is 0xf6f5 again (its
 * pseudo-header is V4_UDP's).
 */
START_TEST(test_64_udp_by_hand)
{
	v6t_xlat x = xl_std(0);
	struct pb in, e;
	struct out o;

	in.n = e.n = 0;
	pb_put_bytes(&in, V6_UDP, sizeof V6_UDP);
	pb_put_bytes(&e, V4_UDP, sizeof V4_UDP);
	run(&x, &in, &o);
	memcpy(e.b + 4, o.b + 4, 2);
	e.b[8] = 62;
	set_sum(e.b, 20, 10, 0);
	expect_fwd(&o, &e);
	ck_assert(o.tail_in_place);
}
END_TEST

/*
 * TOS: "By default, copied from the IPv6 Traffic Class (all 8 bits)";
 * V6T_XLAT_TOS_SET: "an administratively configurable option to ignore
 * the IPv6 traffic class and always set the IPv4 TOS Octet to a
 * specified value". Total Length: "Payload length value from the IPv6
 * header, plus the size of the IPv4 header". Flags/Identification: "If
 * the resulting IPv4 packet is less than or equal to 1260 bytes, it is
 * set to zero; otherwise, it is set to one" (DF); the Identification of
 * a DF=0 packet is a generator's (RFC 6864 §4.3: not to repeat, so not
 * checked here but in test_64_ipv4_id), of DF=1 one 0 (RFC 6864 §4.1:
 * atomic, not used). Protocol 58 -> 1 and copied otherwise.
 */
START_TEST(test_64_fields)
{
	v6t_xlat_config c = cfg_std();
	v6t_xlat x = xl_std(0), t;
	struct h6 h = h6_std();
	struct pb in, e;
	struct out o;
	static const unsigned protos[] = { P_UDP, P_TCP, P_ICMP6, P_SCTP, P_NONXT };
	static const size_t sizes[] = { 16, 1260 - 28, 1261 - 28, 1500 - 28 };
	size_t i, k;
	unsigned tc;

	for (i = 0; i < 5; i++)
		for (k = 0; k < 4; k++) {
			size_t n = sizes[k] - (protos[i] == P_TCP ? 12 : 0);

			if (protos[i] == P_SCTP || protos[i] == P_NONXT)
				n += 8;
			in.n = 0;
			pkt6(&in, &h, protos[i], 128, n, (unsigned)(i + k));
			run(&x, &in, &o);
			exp64(&e, &h, protos[i], 128, n, (unsigned)(i + k), be16(o.b + 4));
			ck_assert_uint_eq(be16(e.b + 2), in.n - 20);
			expect_fwd(&o, &e);
			ck_assert(o.tail_in_place);
		}
	c.flags = V6T_XLAT_TOS_SET;
	c.tos = 0xb8;
	init(&t, &c);
	for (tc = 0; tc < 256; tc += 51) {
		h.tc = tc;
		in.n = 0;
		pkt6(&in, &h, P_UDP, 0, 10, tc);
		run(&x, &in, &o);
		exp64(&e, &h, P_UDP, 0, 10, tc, be16(o.b + 4));
		ck_assert_uint_eq(e.b[1], tc);
		expect_fwd(&o, &e);
		run(&t, &in, &o);
		h.tc = 0xb8;
		exp64(&e, &h, P_UDP, 0, 10, tc, be16(o.b + 4));
		expect_fwd(&o, &e);
		h.tc = 0;
	}
}
END_TEST

/*
 * The Identification of DF=0 packets (§5.1 "Set according to a Fragment
 * Identification generator at the translator"): RFC 6864 §4.2 asks that
 * it not repeat within a flow too soon: 64 UDP datagrams of one flow
 * that differ in their checksum get at least 60 distinct values (a
 * keyed hash of ports and checksum, Jool's choice being a counter).
 */
START_TEST(test_64_ipv4_id)
{
	v6t_xlat x = xl_std(0);
	struct h6 h = h6_std();
	unsigned ids[64], k, j, distinct = 0;
	struct pb in;
	struct out o;

	for (k = 0; k < 64; k++) {
		in.n = 0;
		pkt6(&in, &h, P_UDP, 0, 16, k);
		run(&x, &in, &o);
		ck_assert_int_eq(o.verdict, V6T_XLAT_FORWARD);
		ids[k] = be16(o.b + 4);
		for (j = 0; j < k && ids[j] != ids[k]; j++)
			;
		distinct += j == k;
	}
	ck_assert_uint_ge(distinct, 60);
}
END_TEST

/*
 * TTL: "derived from the Hop Limit value", decremented; "MUST check for
 * zero and send the ICMPv4 "TTL Exceeded" or ICMPv6 "Hop Limit Exceeded"
 * error": Hop Limit 1 and 0 get ICMPv6 Time Exceeded 3/0 from self6.
 * Source Address: "If the translator gets an illegal source address
 * (e.g., ::1, etc.), the translator SHOULD silently drop the packet":
 * ::, ::1, multicast.
 */
START_TEST(test_64_ttl_and_source)
{
	v6t_xlat x = xl_std(0);
	struct h6 h = h6_std();
	struct pb in, e;
	struct out o;
	static const v6t_in6 bad[] = {
		{ { 0 } }, { { [15] = 1 } }, { { 0xff, 0x02, [15] = 1 } }, { { 0xff, 0x0e, [15] = 9 } },
	};
	size_t i;

	h.hlim = 2;
	in.n = 0;
	pkt6(&in, &h, P_TCP, 0, 10, 1);
	run(&x, &in, &o);
	exp64(&e, &h, P_TCP, 0, 10, 1, be16(o.b + 4));
	ck_assert_uint_eq(e.b[8], 1);
	expect_fwd(&o, &e);
	for (h.hlim = 0; h.hlim < 2; h.hlim++) {
		in.n = 0;
		pkt6(&in, &h, P_TCP, 0, 10, 1);
		check_answer(&x, &in, V6T_EXLAT_TTL, 3, 0, 0);
	}
	h = h6_std();
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		h.src = bad[i];
		in.n = 0;
		pkt6(&in, &h, P_UDP, 0, 10, 1);
		check_drop(&x, &in, V6T_EXLAT_SOURCE);
	}
}
END_TEST

/* 8-byte extension headers: Hop-by-Hop / Destination Options (PadN),
 * Routing (type 253, RFC 4727 experimental) with Segments Left sl. */
static size_t ext_opts(uint8_t *b, unsigned nh)
{
	static const uint8_t pad[6] = { 1, 4, 0, 0, 0, 0 };

	b[0] = (uint8_t)nh;
	b[1] = 0;
	memcpy(b + 2, pad, 6);
	return 8;
}

static size_t ext_rh(uint8_t *b, unsigned nh, unsigned sl)
{
	b[0] = (uint8_t)nh;
	b[1] = 0;
	b[2] = 253;
	b[3] = (uint8_t)sl;
	memset(b + 4, 0, 4);
	return 8;
}

/*
 * §5.1: "If any of an IPv6 Hop-by-Hop Options header, Destination Options
 * header, or Routing header with the Segments Left field equal to zero
 * are present in the IPv6 packet, those IPv6 extension headers MUST be
 * ignored ... the Total Length field and the Protocol field are adjusted
 * to "skip" these extension headers." "If a Routing header with a
 * non-zero Segments Left field is present, then the packet MUST NOT be
 * translated, and an ICMPv6 "parameter problem/erroneous header field
 * encountered" (Type 4, Code 0) error message, with the Pointer field
 * indicating the first byte of the Segments Left field, SHOULD be
 * returned": 40 + 3 = 43, or after an 8-byte Hop-by-Hop header 51.
 */
START_TEST(test_64_ext_headers)
{
	v6t_xlat x = xl_std(0);
	struct h6 h = h6_std(), plain = h6_std();
	uint8_t ext[24];
	struct pb in, e;
	struct out o;
	size_t n;

	/* HBH, DstOpts, RH(SL 0), then TCP */
	n = ext_opts(ext, P_DSTOPTS);
	n += ext_opts(ext + n, P_ROUTING);
	n += ext_rh(ext + n, P_TCP, 0);
	h.ext = ext;
	h.extlen = n;
	h.nh = P_HOPOPT;
	in.n = 0;
	pkt6(&in, &h, P_TCP, 0, 40, 2);
	run(&x, &in, &o);
	exp64(&e, &plain, P_TCP, 0, 40, 2, be16(o.b + 4));
	expect_fwd(&o, &e);
	ck_assert(o.tail_in_place);
	/* DstOpts alone, before UDP */
	n = ext_opts(ext, P_UDP);
	h.extlen = n;
	h.nh = P_DSTOPTS;
	in.n = 0;
	pkt6(&in, &h, P_UDP, 0, 40, 2);
	run(&x, &in, &o);
	exp64(&e, &plain, P_UDP, 0, 40, 2, be16(o.b + 4));
	expect_fwd(&o, &e);
	/* Segments Left 1 */
	n = ext_rh(ext, P_TCP, 1);
	h.extlen = n;
	h.nh = P_ROUTING;
	in.n = 0;
	pkt6(&in, &h, P_TCP, 0, 40, 2);
	check_answer(&x, &in, V6T_EXLAT_SEGMENTS_LEFT, 4, 0, 43);
	n = ext_opts(ext, P_ROUTING);
	n += ext_rh(ext + n, P_TCP, 2);
	h.extlen = n;
	h.nh = P_HOPOPT;
	in.n = 0;
	pkt6(&in, &h, P_TCP, 0, 40, 2);
	check_answer(&x, &in, V6T_EXLAT_SEGMENTS_LEFT, 4, 0, 51);
}
END_TEST

/* The IPv4 fragment §5.1.1 makes of an IPv6 one carrying n bytes from off
 * of the datagram whole4 (the IPv4 translation of the whole, header
 * included): "Total Length ... Payload Length ... minus 8 for the
 * Fragment Header, plus the size of the IPv4 header"; "Identification:
 * Copied from the low-order 16 bits"; "MF flag is copied from the M flag
 * ... DF flag is cleared"; "Fragment Offset ... copied". */
static void frag64(struct pb *e, const struct pb *whole4, size_t off, size_t n,
		   int more, unsigned id)
{
	e->n = 0;
	pb_put_bytes(e, whole4->b, 20);
	st16(e->b + 2, (unsigned)(20 + n));
	st16(e->b + 4, id);
	st16(e->b + 6, (unsigned)(off / 8) | (more ? MF : 0));
	set_sum(e->b, 20, 10, 0);
	pb_put_bytes(e, whole4->b + 20 + off, n);
}

/* An IPv6 fragment of whole6 (no extension headers) with n bytes from
 * off, Identification id. */
static void frag6_in(struct pb *p, const struct pb *whole6, size_t off, size_t n,
		     int more, uint32_t id)
{
	p->n = 0;
	pb_put_bytes(p, whole6->b, 40);
	st16(p->b + 4, (unsigned)(8 + n));
	p->b[6] = P_FRAGMENT;
	pb_frag(p, whole6->b[6], (unsigned)off | (more ? 1 : 0), id);
	pb_put_bytes(p, whole6->b + 40 + off, n);
}

/*
 * §5.1.1 for IPv6 fragments (first with the UDP header, its checksum for
 * the whole datagram updated; middle; last) with Identification
 * 0x87654321 (-> 0x4321, Jool's 3); an atomic fragment (offset 0, M 0,
 * RFC 6946) becomes an unfragmented packet with DF clear and the ID
 * 0x4321. "If the Next Header field of the Fragment Header is an
 * extension header (except ESP ...), then the packet SHOULD be dropped
 * and logged": the library answers ICMPv6 1/1 as Jool does (README note
 * 9), first fragment or not.
 */
START_TEST(test_64_fragments)
{
	v6t_xlat x = xl_std(0);
	struct h6 h = h6_std();
	struct pb w6, w4, in, e;
	uint8_t ext[8];
	struct out o;

	w6.n = 0;
	pkt6(&w6, &h, P_UDP, 0, 112, 6);
	exp64(&w4, &h, P_UDP, 0, 112, 6, 0);
	frag6_in(&in, &w6, 0, 48, 1, 0x87654321u);
	frag64(&e, &w4, 0, 48, 1, 0x4321);
	check_fwd(&x, &in, &e, 1);
	frag6_in(&in, &w6, 48, 40, 1, 0x87654321u);
	frag64(&e, &w4, 48, 40, 1, 0x4321);
	check_fwd(&x, &in, &e, 1);
	frag6_in(&in, &w6, 88, 32, 0, 0x87654321u);
	frag64(&e, &w4, 88, 32, 0, 0x4321);
	check_fwd(&x, &in, &e, 1);
	/* atomic */
	frag6_in(&in, &w6, 0, 120, 0, 0x87654321u);
	frag64(&e, &w4, 0, 120, 0, 0x4321);
	check_fwd(&x, &in, &e, 1);
	/* Destination Options after the Fragment header */
	in.n = 0;
	ext_opts(ext, P_UDP);
	{
		struct h6 hx = h;
		uint8_t fx[16];

		fx[0] = P_DSTOPTS;
		fx[1] = 0;
		st16(fx + 2, 1); /* offset 0, M */
		fx[4] = 0x87;
		fx[5] = 0x65;
		fx[6] = 0x43;
		fx[7] = 0x21;
		memcpy(fx + 8, ext, 8);
		hx.ext = fx;
		hx.extlen = 16;
		hx.nh = P_FRAGMENT;
		pkt6(&in, &hx, P_UDP, 0, 40, 6);
		check_answer(&x, &in, V6T_EXLAT_FRAG_EXT, 1, 1, 0);
		/* a later fragment whose Fragment header names DstOpts */
		st16(fx + 2, 8);
		hx.extlen = 8;
		in.n = 0;
		pkt6(&in, &hx, P_NONXT, 0, 40, 6);
		run(&x, &in, &o);
		/* not a first fragment, not an ICMPv6 message: answered
		 * (RFC 4443 §2.4 (e) forbids errors about ICMPv6 errors) */
		ck_assert_int_eq(o.verdict, V6T_XLAT_ICMP_ERROR);
		ck_assert_int_eq(o.reason, V6T_EXLAT_FRAG_EXT);
		/* Hop-by-Hop after the Fragment header (RFC 8200 §4.1: only
		 * right after the IPv6 header): answered the same way (Jool's
		 * act1 means this case) */
		fx[0] = P_HOPOPT;
		st16(fx + 2, 1);
		hx.extlen = 16;
		in.n = 0;
		pkt6(&in, &hx, P_UDP, 0, 40, 6);
		check_answer(&x, &in, V6T_EPKT_HOP_BY_HOP, 1, 1, 0);
	}
}
END_TEST

/* Check IPv4 pieces against the whole translated datagram e (its ID
 * aside) and reassemble them (RFC 791 §3.2). */
static void check_pieces4(const struct out *o, const struct pb *e, size_t mtu)
{
	uint8_t data[PB_MAX];
	size_t got = 0, i;

	ck_assert_int_eq(o->verdict, V6T_XLAT_FRAGMENTS);
	ck_assert_uint_eq(o->version, 4);
	ck_assert_uint_ge(o->count, 2);
	for (i = 0; i < o->count; i++) {
		const uint8_t *f = o->fr[i];
		size_t n = o->frl[i], fo = be16(f + 6);

		ck_assert_uint_le(n, mtu);
		ck_assert_uint_eq(got_sum(f, 20, 0), 0xffff);
		ck_assert_mem_eq(f, e->b, 2);
		ck_assert_uint_eq(be16(f + 2), n);
		ck_assert_uint_eq(be16(f + 4), be16(o->fr[0] + 4));
		ck_assert_uint_eq(fo & DF, 0);
		ck_assert_uint_eq((fo & MF) != 0, i + 1 < o->count);
		ck_assert_uint_eq((fo & 0x1fff) * 8, got);
		ck_assert_mem_eq(f + 8, e->b + 8, 2);
		ck_assert_mem_eq(f + 12, e->b + 12, 8);
		memcpy(data + got, f + 20, n - 20);
		got += n - 20;
	}
	ck_assert_uint_eq(got, e->n - 20);
	ck_assert_mem_eq(data, e->b + 20, got);
}

/*
 * §5.1.1: "If an IPv6 packet that is smaller than or equal to 1280 bytes
 * results (after translation) in an IPv4 packet that is larger than the
 * MTU of the next-hop interface, then the translator MUST perform IPv4
 * fragmentation"; a larger one gets Packet Too Big (§5.1 via RFC 8200
 * §5, the MTU max(1280, mtu4 + 20)), also for a fragment (Jool's cg2:
 * mtu4 1400 -> 1420).
 */
START_TEST(test_64_sizes)
{
	v6t_xlat_config c = cfg_std();
	struct h6 h = h6_std();
	struct pb in, e, w6;
	struct out o;
	v6t_xlat x;

	c.mtu4 = 1000;
	init(&x, &c);
	in.n = 0;
	pkt6(&in, &h, P_UDP, 0, 1280 - 48, 3);
	run(&x, &in, &o);
	exp64(&e, &h, P_UDP, 0, 1280 - 48, 3, 0);
	check_pieces4(&o, &e, 1000);
	in.n = 0;
	pkt6(&in, &h, P_UDP, 0, 1281 - 48, 3);
	check_answer(&x, &in, V6T_EXLAT_TOO_BIG, 2, 0, 1280);
	c.mtu4 = 1400;
	init(&x, &c);
	in.n = 0;
	pkt6(&in, &h, P_TCP, 0, 1500 - 60, 3);
	check_answer(&x, &in, V6T_EXLAT_TOO_BIG, 2, 0, 1420);
	w6.n = 0;
	pkt6(&w6, &h, P_UDP, 0, 1600, 3);
	frag6_in(&in, &w6, 0, 1440, 1, 7);
	check_answer(&x, &in, V6T_EXLAT_TOO_BIG, 2, 0, 1420);
	/* at mtu4 exactly: whole */
	in.n = 0;
	pkt6(&in, &h, P_UDP, 0, 1400 - 28, 3);
	run(&x, &in, &o);
	exp64(&e, &h, P_UDP, 0, 1400 - 28, 3, 0);
	expect_fwd(&o, &e);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* RFC 7915 §5.2, §5.3: ICMPv6 to ICMPv4 */

/* The IPv6 router that sends the ICMPv6 errors: 2001:db8:64::cb00:71fe,
 * 203.0.113.254 by pool6. */
static const v6t_in6 RR6 = { { 0x20, 0x01, 0x0d, 0xb8, 0, 0x64, [12] = 203, 0, 113, 254 } };
static const v6t_in4 RR4 = { { 203, 0, 113, 254 } };

/* The packet an ICMPv6 error is about: A6 -> B6 (the IPv4 host's packet
 * on the IPv6 side), Hop Limit 5, ICMPv6 Echo or UDP, n bytes of data;
 * translated (§5.3, the Hop Limit kept): A4 -> B4, TTL 5, DF by the
 * length, the Identification id. */
static void inner6(struct pb *p, unsigned proto, size_t n)
{
	struct h6 h = { 0, 0, 5, A6, B6, NULL, 0, 0 };

	p->n = 0;
	pkt6(p, &h, proto, 128, n, 13);
}

static void inner64(struct pb *p, unsigned proto, size_t n, unsigned id)
{
	struct h6 h = { 0, 0, 6, A6, B6, NULL, 0, 0 };

	exp64(p, &h, proto, 128, n, 13, id);
}

/* An ICMPv6 error RR6 -> A6, Hop Limit 64: type, code, bytes 4..7, the
 * first q bytes of in, ext (RFC 4884 §4.2: length attribute byte 4 = q /
 * 8); checksum with the pseudo-header. */
static void icmp6_err_in(struct pb *p, unsigned type, unsigned code, uint32_t rest,
			 const struct pb *in, size_t q, const uint8_t *ext, size_t extlen)
{
	struct h6 h = { 0, 0, 64, RR6, A6, NULL, 0, 0 };
	size_t m = 8 + q + extlen;

	p->n = 0;
	ip6(p, &h, P_ICMP6, m);
	pb_put8(p, type);
	pb_put8(p, code);
	pb_put16(p, 0);
	pb_put32(p, rest);
	pb_put_bytes(p, in->b, q);
	if (extlen) {
		pb_put_bytes(p, ext, extlen);
		p->b[44] = (uint8_t)(q / 8);
	}
	set_sum(p->b + 40, m, 2, pseudo6(p->b, P_ICMP6, m));
}

/* What §5.2/§5.3 make of it: RR4 -> A4, TTL 63, DF clear (at most 576
 * bytes), Identification id (the translator's); type, code, bytes 4..7;
 * the first q bytes of the translated quote in4, pad zeros, ext (RFC 4884
 * §4.1: byte 5 = (q + pad) / 4); checksum over the message (RFC 792). */
static void icmp4_err_out(struct pb *e, unsigned type, unsigned code, uint32_t rest,
			  const struct pb *in4, size_t q, size_t pad,
			  const uint8_t *ext, size_t extlen, unsigned id)
{
	struct h4 h = { 0, id, 0, 63, RR4, A4, NULL, 0 };
	size_t m = 8 + q + pad + extlen;

	e->n = 0;
	ip4(e, &h, P_ICMP, 20 + m);
	pb_put8(e, type);
	pb_put8(e, code);
	pb_put16(e, 0);
	pb_put32(e, rest);
	pb_put_bytes(e, in4->b, q);
	pb_putn(e, pad, 0);
	if (ext) {
		pb_put_bytes(e, ext, extlen);
		e->b[25] = (uint8_t)((q + pad) / 4);
	}
	set_sum(e->b + 20, m, 2, 0);
}

/*
 * Translate the ICMPv6 error in and expect icmp4_err_out(type, code,
 * rest, inner64(proto, n) cut to q, pad, ext): both Identifications (the
 * outer one's and the quote's, each the translator's generator's) taken
 * from the output, the checksums then summed.
 */
static void check_err64(const v6t_xlat *x, const struct pb *in, unsigned type,
			unsigned code, uint32_t rest, unsigned proto, size_t n,
			size_t q, size_t pad, const uint8_t *ext, size_t extlen)
{
	struct pb q4, e;
	struct out o;

	run(x, in, &o);
	ck_assert_int_eq(o.verdict, V6T_XLAT_FORWARD);
	inner64(&q4, proto, n, be16(o.b + 32));
	ck_assert_uint_eq(got_sum(o.b + 28, 20, 0), 0xffff);
	icmp4_err_out(&e, type, code, rest, &q4, q, pad, ext, extlen, be16(o.b + 4));
	expect_fwd(&o, &e);
}

/* Echo Request and Echo Reply: "Adjust the Type values to 8 and 0,
 * respectively, and adjust the ICMP checksum both to take the type change
 * into account and to exclude the ICMPv6 pseudo-header". MLD (130-132),
 * Neighbor Discovery (133-137), unknown informational messages, unknown
 * error messages: "Silently drop". */
START_TEST(test_64_echo_and_dropped)
{
	v6t_xlat x = xl_std(0);
	struct h6 h = h6_std();
	static const unsigned drop[] = { 130, 131, 132, 133, 134, 135, 136, 137, 138, 143, 200, 255 };
	static const unsigned errs[] = { 5, 100, 127 };
	struct pb in, e, q;
	struct out o;
	unsigned et;
	size_t i;

	for (et = 128; et <= 129; et++) {
		in.n = 0;
		pkt6(&in, &h, P_ICMP6, et, 56, et);
		run(&x, &in, &o);
		exp64(&e, &h, P_ICMP6, et, 56, et, be16(o.b + 4));
		ck_assert_uint_eq(e.b[20], et == 128 ? 8 : 0);
		expect_fwd(&o, &e);
	}
	for (i = 0; i < sizeof drop / sizeof drop[0]; i++) {
		in.n = 0;
		pkt6(&in, &h, P_ICMP6, drop[i], 16, 1);
		check_drop(&x, &in, V6T_EXLAT_ICMP_TYPE);
	}
	inner6(&q, P_UDP, 8);
	for (i = 0; i < 3; i++) {
		icmp6_err_in(&in, errs[i], 0, 0, &q, q.n, NULL, 0);
		check_drop(&x, &in, V6T_EXLAT_ICMP_TYPE);
	}
}
END_TEST

/*
 * §5.2 Destination Unreachable -> Type 3: code 0 -> 1, 1 -> 10, 2 -> 1,
 * 3 -> 1, 4 -> 3, "Other Code values: Silently drop" (5, 6, 7, 255).
 * Time Exceeded -> Type 11, "The Code is unchanged". Parameter Problem:
 * code 1 "Translate this to an ICMPv4 protocol unreachable (Type 3, Code
 * 2)"; code 2 "Silently drop"; others dropped.
 */
START_TEST(test_64_unreach_codes)
{
	static const int want[5] = { 1, 10, 1, 1, 3 };
	v6t_xlat x = xl_std(0);
	struct pb q, in;
	unsigned code;

	inner6(&q, P_UDP, 20);
	for (code = 0; code < 5; code++) {
		icmp6_err_in(&in, 1, code, 0, &q, q.n, NULL, 0);
		check_err64(&x, &in, 3, (unsigned)want[code], 0, P_UDP, 20, 48, 0, NULL, 0);
	}
	for (code = 5; code < 256; code += 125) {
		icmp6_err_in(&in, 1, code, 0, &q, q.n, NULL, 0);
		check_drop(&x, &in, V6T_EXLAT_ICMP_TYPE);
	}
	icmp6_err_in(&in, 1, 7, 0, &q, q.n, NULL, 0);
	check_drop(&x, &in, V6T_EXLAT_ICMP_TYPE);
	for (code = 0; code < 2; code++) {
		icmp6_err_in(&in, 3, code, 0, &q, q.n, NULL, 0);
		check_err64(&x, &in, 11, code, 0, P_UDP, 20, 48, 0, NULL, 0);
	}
	icmp6_err_in(&in, 4, 1, 6, &q, q.n, NULL, 0);
	check_err64(&x, &in, 3, 2, 0, P_UDP, 20, 48, 0, NULL, 0);
	icmp6_err_in(&in, 4, 2, 40, &q, q.n, NULL, 0);
	check_drop(&x, &in, V6T_EXLAT_ICMP_TYPE);
	icmp6_err_in(&in, 4, 3, 0, &q, q.n, NULL, 0);
	check_drop(&x, &in, V6T_EXLAT_ICMP_TYPE);
}
END_TEST

/*
 * §5.2 Parameter Problem code 0: "Set to Type 12, Code 0, and update the
 * pointer as defined in Figure 6. (If the Original IPv6 Pointer Value is
 * not listed or the Translated IPv4 Pointer Value is listed as "n/a",
 * silently drop the packet.)": 0 -> 0, 1 -> 1, 2-3 n/a, 4-5 -> 2, 6 -> 9,
 * 7 -> 8, 8-23 -> 12, 24-39 -> 16, 40 on not listed; the ICMPv4 pointer
 * in the first of bytes 4..7 (RFC 792).
 */
START_TEST(test_64_param_problem)
{
	v6t_xlat x = xl_std(0);
	struct pb q, in;
	uint32_t p;

	inner6(&q, P_UDP, 20);
	for (p = 0; p < 42; p++) {
		int w = p < 2 ? (int)p : p < 4 ? -1 : p < 6 ? 2 : p == 6 ? 9 : p == 7 ? 8
		      : p < 24 ? 12 : p < 40 ? 16 : -1;

		icmp6_err_in(&in, 4, 0, p, &q, q.n, NULL, 0);
		if (w < 0)
			check_drop(&x, &in, V6T_EXLAT_ICMP_TYPE);
		else
			check_err64(&x, &in, 12, 0, (uint32_t)w << 24, P_UDP, 20, 48, 0, NULL, 0);
	}
	icmp6_err_in(&in, 4, 0, 0x10000, &q, q.n, NULL, 0);
	check_drop(&x, &in, V6T_EXLAT_ICMP_TYPE);
}
END_TEST

/*
 * §5.2 Packet Too Big -> 3/4, "minimum((MTU value in the Packet Too Big
 * Message)-20, MTU_of_IPv4_nexthop, (MTU_of_IPv6_nexthop)-20)" in the
 * low 16 bits (RFC 1191 §4).
 */
START_TEST(test_64_packet_too_big)
{
	static const struct {
		uint32_t mtu;
		unsigned mtu4, mtu6, want;
	} rows[] = {
		{ 1400, 1500, 1500, 1380 }, { 1500, 1500, 1500, 1480 },
		{ 1500, 1300, 1500, 1300 }, { 1500, 1500, 1400, 1380 },
		{ 9000, 9000, 9000, 8980 }, { 1280, 1500, 1500, 1260 }, /* Jool's da */
	};
	v6t_xlat_config c = cfg_std();
	struct pb q, in;
	v6t_xlat x;
	size_t i;

	inner6(&q, P_UDP, 20);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		c.mtu4 = rows[i].mtu4;
		c.mtu6 = rows[i].mtu6;
		init(&x, &c);
		icmp6_err_in(&in, 2, 0, rows[i].mtu, &q, q.n, NULL, 0);
		check_err64(&x, &in, 3, 4, rows[i].want, P_UDP, 20, 48, 0, NULL, 0);
	}
}
END_TEST

/*
 * §5.3: the quote translated (Hop Limit kept; an ICMPv6 Echo in it
 * becomes an Echo with its checksum losing the pseudo-header), the outer
 * checksum verified (V6T_EXLAT_ICMP_CHECKSUM), an error about an error
 * dropped; the result at most 576 bytes (RFC 1812 §4.3.2.3, Jool's note
 * 6): 1232 quoted bytes keep 548; RFC 4884 (§5.2 "ICMP Error Payload"):
 * a 128-byte quote (length 16 in 64-bit words) is 108 bytes translated,
 * padded to 128 (length 32 in 32-bit words, RFC 4884 §4.1), the
 * extension after; trimmed when it does not fit: 256 quoted + 400 of
 * extension, room 576 - 28 = 548, quote (548 - 400) / 4 * 4 = 148 (37).
 */
START_TEST(test_64_quote)
{
	v6t_xlat x = xl_std(0);
	static uint8_t ext[400];
	struct pb q, in, qq;
	size_t i;

	for (i = 0; i < sizeof ext; i++)
		ext[i] = (uint8_t)(0x40 + i);
	inner6(&q, P_ICMP6, 30);
	icmp6_err_in(&in, 1, 4, 0, &q, q.n, NULL, 0);
	check_err64(&x, &in, 3, 3, 0, P_ICMP6, 30, 58, 0, NULL, 0);
	in.b[43] ^= 1;
	check_drop(&x, &in, V6T_EXLAT_ICMP_CHECKSUM);
	/* about an error */
	icmp6_err_in(&qq, 1, 4, 0, &q, q.n, NULL, 0);
	icmp6_err_in(&in, 1, 4, 0, &qq, qq.n, NULL, 0);
	check_drop(&x, &in, V6T_EXLAT_ICMP_INNER);
	/* 576 */
	inner6(&q, P_UDP, 1232 - 48);
	icmp6_err_in(&in, 1, 0, 0, &q, q.n, NULL, 0);
	check_err64(&x, &in, 3, 1, 0, P_UDP, 1232 - 48, 548, 0, NULL, 0);
	/* RFC 4884 */
	icmp6_err_in(&in, 1, 0, 0, &q, 128, ext, 8);
	check_err64(&x, &in, 3, 1, 0, P_UDP, 1232 - 48, 108, 20, ext, 8);
	icmp6_err_in(&in, 3, 0, 0, &q, 128, ext, 8);
	check_err64(&x, &in, 11, 0, 0, P_UDP, 1232 - 48, 108, 20, ext, 8);
	icmp6_err_in(&in, 1, 0, 0, &q, 256, ext, 400);
	check_err64(&x, &in, 3, 1, 0, P_UDP, 1232 - 48, 148, 0, ext, 400);
}
END_TEST

/* A checksum wrong by one stays wrong by one, IPv6 to IPv4 too (§5.5,
 * RFC 1624; Jool's csumfail); a UDP checksum 0 from IPv6 (not allowed,
 * RFC 8200 §8.1) is left as it is. */
START_TEST(test_64_checksums)
{
	v6t_xlat x = xl_std(0);
	struct h6 h = h6_std();
	static const unsigned protos[] = { P_TCP, P_UDP, P_ICMP6 };
	struct pb in, e;
	struct out o;
	size_t i;

	for (i = 0; i < 3; i++) {
		unsigned at = csum_at(protos[i]);

		in.n = 0;
		pkt6(&in, &h, protos[i], 128, 33, 5);
		bump(in.b + 40 + at);
		run(&x, &in, &o);
		exp64(&e, &h, protos[i], 128, 33, 5, be16(o.b + 4));
		bump(e.b + 20 + at);
		expect_fwd(&o, &e);
	}
}
END_TEST

/* ------------------------------------------------------------------------ */
/* RFC 6791: the source of a translated ICMP error that cannot be mapped */


/*
 * RFC 7915 §4.2/§5.2 via RFC 6791 §4 ("The source address used SHOULD NOT
 * cause the ICMP packet to be discarded"): an ICMPv4 error from
 * 192.0.2.77, which the EAM-only translator cannot map, gets an address
 * of the configured pool (V6T_XLAT_RFC6791_V6: any address of it, the
 * library's a stateless function of the source), else self6, else it is
 * dropped (V6T_EXLAT_NO_SOURCE). The other way: an ICMPv6 error from
 * 2001:db8:aaaa::1, outside pool6: the IPv4 pool 192.0.2.0/28
 * (V6T_XLAT_RFC6791_V4), else self4, else dropped.
 */
START_TEST(test_rfc6791)
{
	v6t_xlat_config c = cfg_std();
	v6t_xlat_eam ent[2];
	v6t_xlat_eamt t;
	v6t_xlat x;
	struct pb q, q6, in, e;
	struct out o;
	const v6t_in6 pool6791 = TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0x67, 0x91);
	const v6t_in6 router6 = TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0xaa, 0xaa, [15] = 1);

	/* 4 -> 6: the EAM table maps 198.51.100.0/24 and 203.0.113.0/24 as
	 * pool6 /96 would, and nothing else */
	ent[0].p4.addr = TU_IN4(198, 51, 100, 0);
	ent[0].p4.len = 24;
	ent[0].p6.addr = A6;
	ent[0].p6.addr.b[15] = 0;
	ent[0].p6.len = 120;
	ent[1].p4.addr = TU_IN4(203, 0, 113, 0);
	ent[1].p4.len = 24;
	ent[1].p6.addr = B6;
	ent[1].p6.addr.b[15] = 0;
	ent[1].p6.len = 120;
	ck_assert_int_eq(v6t_xlat_eamt_init(&t, ent, 2, 0, NULL), V6T_OK);
	c.pool6.len = 0;
	c.eamt = &t;
	c.flags = V6T_XLAT_RFC6791_V6;
	c.rfc6791_v6.addr = pool6791;
	c.rfc6791_v6.len = 96;
	init(&x, &c);
	inner4(&q, P_UDP, 20);
	inner46(&q6, P_UDP, 20);
	icmp4_err(&in, 3, 3, 0, &q, q.n, NULL, 0);
	in.b[12] = 192;
	in.b[13] = 0;
	in.b[14] = 2;
	in.b[15] = 77;
	set_sum(in.b, 20, 10, 0);
	icmp6_err(&e, 1, 4, 0, &q6, q6.n, 0, NULL, 0);
	run(&x, &in, &o);
	ck_assert_int_eq(o.verdict, V6T_XLAT_FORWARD);
	ck_assert_mem_eq(o.b + 8, pool6791.b, 12);
	resource6(&e, o.b + 8);
	expect_fwd(&o, &e);
	c.flags = 0;
	init(&x, &c);
	resource6(&e, SELF6.b);
	check_fwd(&x, &in, &e, 0);
	memset(&c.self6, 0, sizeof c.self6);
	init(&x, &c);
	check_drop(&x, &in, V6T_EXLAT_NO_SOURCE);

	/* 6 -> 4 */
	c = cfg_std();
	c.flags = V6T_XLAT_RFC6791_V4;
	c.rfc6791_v4.addr = TU_IN4(192, 0, 2, 0);
	c.rfc6791_v4.len = 28;
	init(&x, &c);
	inner6(&q, P_UDP, 20);
	icmp6_err_in(&in, 1, 4, 0, &q, q.n, NULL, 0);
	resource6(&in, router6.b);
	run(&x, &in, &o);
	ck_assert_int_eq(o.verdict, V6T_XLAT_FORWARD);
	ck_assert_mem_eq(o.b + 12, TU_IN4(192, 0, 2, 0).b, 3);
	ck_assert_uint_lt(o.b[15], 16);
	{
		struct pb q4;

		inner64(&q4, P_UDP, 20, be16(o.b + 32));
		icmp4_err_out(&e, 3, 3, 0, &q4, q4.n, 0, NULL, 0, be16(o.b + 4));
		resource4(&e, o.b + 12);
		expect_fwd(&o, &e);
		c.flags = 0;
		init(&x, &c);
		run(&x, &in, &o);
		icmp4_err_out(&e, 3, 3, 0, &q4, q4.n, 0, NULL, 0, be16(o.b + 4));
		resource4(&e, SELF4.b);
		expect_fwd(&o, &e);
	}
	memset(&c.self4, 0, sizeof c.self4);
	init(&x, &c);
	check_drop(&x, &in, V6T_EXLAT_NO_SOURCE);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* RFC 7757 §4.2.2 hairpinning */

/* RFC 7757's Figure 1 rows 1 and 2, and pool6 for its 64:ff9b::/96 (the
 * RFC's example puts documentation addresses under the Well-Known Prefix,
 * which RFC 6052 §3.1 forbids: a Network-Specific Prefix instead). */
static v6t_xlat_eam fig1[2];
static v6t_xlat_eamt fig1t;

static void hairpin_xlat(v6t_xlat *x, unsigned flags)
{
	v6t_xlat_config c = cfg_std();

	fig1[0].p4.addr = TU_IN4(192, 0, 2, 1);
	fig1[0].p4.len = 32;
	fig1[0].p6.addr = TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0xaa, 0xaa);
	fig1[0].p6.len = 128;
	fig1[1].p4.addr = TU_IN4(192, 0, 2, 2);
	fig1[1].p4.len = 32;
	fig1[1].p6.addr = TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0xbb, 0xbb, [15] = 0xb);
	fig1[1].p6.len = 128;
	ck_assert_int_eq(v6t_xlat_eamt_init(&fig1t, fig1, 2, 0, NULL), V6T_OK);
	c.eamt = &fig1t;
	c.flags = flags;
	c.rfc6791_v4.addr = TU_IN4(198, 51, 100, 1);
	c.rfc6791_v4.len = 32;
	init(x, &c);
}

/*
 * RFC 7757 Figure 8 (condition set A: not an ICMP error, destination by
 * RFC 6052, found in the EAMT): 2001:db8:aaaa:: -> pool6::192.0.2.2
 * becomes pool6::192.0.2.1 -> 2001:db8:bbbb::b ("rule #1 ... to disable
 * the EAM algorithm when translating the intermediate IPv4 source"), the
 * Hop Limit decremented once ("SHOULD NOT be decremented" in the second
 * pass). Figure 10 (set B: an ICMPv6 error whose inner source is by RFC
 * 6052 and in the EAMT), from the host 2001:db8:bbbb::b: outer
 * pool6::192.0.2.2 -> 2001:db8:aaaa::, inner 2001:db8:aaaa:: ->
 * pool6::192.0.2.2 (rules 2 and 3). Figure 9: the same error from the
 * router 2001:db8::1234, whose RFC 6791 address 198.51.100.1 becomes
 * pool6::198.51.100.1. Without V6T_XLAT_HAIRPIN the packet goes to IPv4.
 */
START_TEST(test_hairpin)
{
	const v6t_in6 aaaa = TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0xaa, 0xaa);
	const v6t_in6 bbbb = TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0xbb, 0xbb, [15] = 0xb);
	const v6t_in6 p1 = TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0, 0x64, [12] = 192, 0, 2, 1);
	const v6t_in6 p2 = TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0, 0x64, [12] = 192, 0, 2, 2);
	const v6t_in6 pr = TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0, 0x64, [12] = 198, 51, 100, 1);
	const v6t_in6 router = TU_IN6(0x20, 0x01, 0x0d, 0xb8, [14] = 0x12, 0x34);
	struct h6 h = { 0, 0, 64, aaaa, p2, NULL, 0, 0 };
	v6t_xlat x, off;
	struct pb in, e, q, qe;
	struct out o;
	size_t m;

	hairpin_xlat(&x, V6T_XLAT_HAIRPIN | V6T_XLAT_RFC6791_V4);
	hairpin_xlat(&off, V6T_XLAT_RFC6791_V4);
	in.n = 0;
	pkt6(&in, &h, P_UDP, 0, 30, 8);
	h.src = p1;
	h.dst = bbbb;
	h.hlim = 63;
	e.n = 0;
	pkt6(&e, &h, P_UDP, 0, 30, 8);
	check_fwd(&x, &in, &e, 1);
	run(&off, &in, &o);
	ck_assert_int_eq(o.verdict, V6T_XLAT_FORWARD);
	ck_assert_uint_eq(o.version, 4);
	ck_assert_mem_eq(o.b + 12, TU_IN4(192, 0, 2, 1).b, 4);
	ck_assert_mem_eq(o.b + 16, TU_IN4(192, 0, 2, 2).b, 4);

	/* Figure 10: the inner packet is Figure 8's final one (Hop Limit 5
	 * here), quoted whole */
	h.hlim = 5;
	q.n = 0;
	pkt6(&q, &h, P_UDP, 0, 30, 8);
	h.src = aaaa;
	h.dst = p2;
	qe.n = 0;
	pkt6(&qe, &h, P_UDP, 0, 30, 8);
	m = 8 + q.n;
	in.n = 0;
	ip6(&in, &(struct h6){ 0, 0, 64, bbbb, p1, NULL, 0, 0 }, P_ICMP6, m);
	pb_put32(&in, 0x01040000); /* 1/4, port unreachable */
	pb_put32(&in, 0);
	pb_put_bytes(&in, q.b, q.n);
	set_sum(in.b + 40, m, 2, pseudo6(in.b, P_ICMP6, m));
	e.n = 0;
	ip6(&e, &(struct h6){ 0, 0, 63, p2, aaaa, NULL, 0, 0 }, P_ICMP6, m);
	pb_put32(&e, 0x01040000);
	pb_put32(&e, 0);
	pb_put_bytes(&e, qe.b, qe.n);
	set_sum(e.b + 40, m, 2, pseudo6(e.b, P_ICMP6, m));
	check_fwd(&x, &in, &e, 0);
	/* Figure 9 */
	resource6(&in, router.b);
	resource6(&e, pr.b);
	check_fwd(&x, &in, &e, 0);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* The translator's own errors: when, and V6T_XLAT_NO_ICMP_ERRORS */

/* One packet for each reason the translator answers (RFC 7915 §4.4, §5.4). */
static int answered_case(int k, struct pb *in)
{
	struct h4 h = h4_std();
	struct h6 h6 = h6_std();
	static const uint8_t lsrr[8] = { 131, 7, 4, 192, 0, 2, 9, 1 };
	static uint8_t ext[16];

	in->n = 0;
	switch (k) {
	case 0:
		h.ttl = 1;
		pkt4(in, &h, P_UDP, 0, 10, 1);
		return V6T_EXLAT_TTL;
	case 1:
		h.opt = lsrr;
		h.optlen = 8;
		pkt4(in, &h, P_UDP, 0, 10, 1);
		return V6T_EXLAT_SOURCE_ROUTE;
	case 2:
		h.frag = DF;
		pkt4(in, &h, P_UDP, 0, 1500 - 28, 1);
		return V6T_EXLAT_TOO_BIG;
	case 3:
		pkt4(in, &h, P_UDP, 0, 10, 1);
		st16(in->b + 26, 0);
		return V6T_EXLAT_UDP_ZERO;
	case 4:
		h6.hlim = 1;
		pkt6(in, &h6, P_UDP, 0, 10, 1);
		return V6T_EXLAT_TTL;
	case 5:
		ext_rh(ext, P_UDP, 1);
		h6.ext = ext;
		h6.extlen = 8;
		h6.nh = P_ROUTING;
		pkt6(in, &h6, P_UDP, 0, 10, 1);
		return V6T_EXLAT_SEGMENTS_LEFT;
	case 6:
		pkt6(in, &h6, P_UDP, 0, 1600 - 48, 1); /* 1580 > mtu4 as IPv4 */
		return V6T_EXLAT_TOO_BIG;
	case 7:
		ext[0] = P_DSTOPTS;
		ext[1] = 0;
		st16(ext + 2, 1);
		memset(ext + 4, 0x22, 4);
		ext_opts(ext + 8, P_UDP);
		h6.ext = ext;
		h6.extlen = 16;
		h6.nh = P_FRAGMENT;
		pkt6(in, &h6, P_UDP, 0, 10, 1);
		return V6T_EXLAT_FRAG_EXT;
	default:
		return 0;
	}
}

/*
 * V6T_XLAT_NO_ICMP_ERRORS (§4.4 / §5.4 leave generating errors to the
 * configuration): every answer becomes a DROP with the same reason. And
 * v6t_icmp_may_answer() (RFC 1122 §3.2.2, RFC 4443 §2.4 (e)): no error
 * about an ICMP error (a TTL-1 ICMPv4 error, a Hop-Limit-1 ICMPv6 error),
 * or about a packet to a multicast address; no error without an own
 * address.
 */
START_TEST(test_no_icmp_errors)
{
	v6t_xlat x = xl_std(0), n = xl_std(V6T_XLAT_NO_ICMP_ERRORS), none;
	v6t_xlat_config c = cfg_std();
	struct pb in, q;
	struct out o;
	int k, reason;
	struct h4 h = h4_std();

	for (k = 0; (reason = answered_case(k, &in)) != 0; k++) {
		run(&x, &in, &o);
		ck_assert_int_eq(o.verdict, V6T_XLAT_ICMP_ERROR);
		ck_assert_int_eq(o.reason, reason);
		check_drop(&n, &in, reason);
	}
	memset(&c.self4, 0, sizeof c.self4);
	memset(&c.self6, 0, sizeof c.self6);
	init(&none, &c);
	for (k = 0; (reason = answered_case(k, &in)) != 0; k++)
		check_drop(&none, &in, reason);

	inner4(&q, P_UDP, 8);
	icmp4_err(&in, 3, 1, 0, &q, q.n, NULL, 0);
	in.b[8] = 1;
	set_sum(in.b, 20, 10, 0);
	check_drop(&x, &in, V6T_EXLAT_TTL);
	inner6(&q, P_UDP, 8);
	icmp6_err_in(&in, 1, 4, 0, &q, q.n, NULL, 0);
	in.b[7] = 1;
	check_drop(&x, &in, V6T_EXLAT_TTL);
	h.ttl = 1;
	h.dst = TU_IN4(233, 252, 0, 1);
	in.n = 0;
	pkt4(&in, &h, P_UDP, 0, 10, 1);
	check_drop(&x, &in, V6T_EXLAT_TTL);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* The API: arguments, room, in place */

/* Every V6T_EINVAL of v6t_xlat_translate(), _inplace() and
 * _next_fragment() (xlat.h). */
START_TEST(test_api_einval)
{
	v6t_xlat x = xl_std(0);
	v6t_xlat_result r;
	uint8_t buf[256];
	size_t n;

	ck_assert_int_eq(v6t_xlat_translate(NULL, V4_UDP, 32, buf, sizeof buf, &r), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_translate(&x, NULL, 32, buf, sizeof buf, &r), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_translate(&x, V4_UDP, 32, NULL, sizeof buf, &r), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_translate(&x, V4_UDP, 32, buf, sizeof buf, NULL), V6T_EINVAL);
	/* an empty packet is no error of the call: a drop */
	ck_assert_int_eq(v6t_xlat_translate(&x, NULL, 0, buf, sizeof buf, &r), V6T_OK);
	ck_assert_int_eq(r.verdict, V6T_XLAT_DROP);
	ck_assert_int_eq(r.reason, V6T_EPKT_VERSION);
	memcpy(buf + 64, V4_UDP, 32);
	ck_assert_int_eq(v6t_xlat_translate_inplace(NULL, buf, sizeof buf, 64, 32, &r), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_translate_inplace(&x, NULL, sizeof buf, 64, 32, &r), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_translate_inplace(&x, buf, sizeof buf, 64, 32, NULL), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_translate_inplace(&x, buf, sizeof buf, 257, 0, &r), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_translate_inplace(&x, buf, sizeof buf, 64, 193, &r), V6T_EINVAL);
	/* next_fragment: not a FRAGMENTS result, NULL arguments */
	ck_assert_int_eq(v6t_xlat_translate(&x, V4_UDP, 32, buf, sizeof buf, &r), V6T_OK);
	ck_assert_int_eq(r.verdict, V6T_XLAT_FORWARD);
	ck_assert_int_eq(v6t_xlat_next_fragment(&r, buf, sizeof buf, &n), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_next_fragment(NULL, buf, sizeof buf, &n), V6T_EINVAL);
	r.verdict = V6T_XLAT_FRAGMENTS;
	ck_assert_int_eq(v6t_xlat_next_fragment(&r, NULL, sizeof buf, &n), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_next_fragment(&r, buf, sizeof buf, NULL), V6T_EINVAL);
}
END_TEST

/*
 * V6T_ENOSPC with the size needed: copy, one byte short of the output
 * (V4_UDP becomes 52 bytes; the answer to a TTL-1 packet 28 + its
 * length; a FRAGMENTS piece its length); in place, one byte short of the
 * headroom (20: the IPv6 header is 20 bytes longer), the buffer then
 * unchanged; and enough with exactly that.
 */
START_TEST(test_api_enospc)
{
	v6t_xlat x = xl_std(0);
	static uint8_t buf[2048], ref[2048];
	struct h4 h = h4_std();
	v6t_xlat_result r;
	struct pb in;
	size_t n;

	ck_assert_int_eq(v6t_xlat_translate(&x, V4_UDP, 32, buf, 51, &r), V6T_ENOSPC);
	ck_assert_uint_eq(r.len, 52);
	ck_assert_int_eq(v6t_xlat_translate(&x, V4_UDP, 32, buf, 52, &r), V6T_OK);
	ck_assert_mem_eq(r.data, V6_UDP, 52);
	ck_assert_int_eq(v6t_xlat_translate(&x, V6_UDP, 52, buf, 31, &r), V6T_ENOSPC);
	ck_assert_uint_eq(r.len, 32);

	memset(buf, CANARY, sizeof buf);
	memcpy(buf + 19, V4_UDP, 32);
	memcpy(ref, buf, sizeof buf);
	ck_assert_int_eq(v6t_xlat_translate_inplace(&x, buf, 51, 19, 32, &r), V6T_ENOSPC);
	ck_assert_uint_eq(r.len, 20);
	ck_assert_mem_eq(buf, ref, sizeof buf);
	memcpy(buf + 20, V4_UDP, 32);
	ck_assert_int_eq(v6t_xlat_translate_inplace(&x, buf, 52, 20, 32, &r), V6T_OK);
	ck_assert_ptr_eq(r.data, buf);
	ck_assert_mem_eq(buf, V6_UDP, 52);
	/* IPv6 to IPv4 shrinks: no headroom needed */
	memcpy(buf, V6_UDP, 52);
	ck_assert_int_eq(v6t_xlat_translate_inplace(&x, buf, 52, 0, 52, &r), V6T_OK);
	ck_assert_ptr_eq(r.data, buf + 20);

	/* the answer to a TTL-1 packet: 20 + 8 + 32 */
	memcpy(buf + 64, V4_UDP, 32);
	buf[64 + 8] = 1;
	set_sum(buf + 64, 20, 10, 0);
	ck_assert_int_eq(v6t_xlat_translate(&x, buf + 64, 32, buf + 512, 59, &r), V6T_ENOSPC);
	ck_assert_uint_eq(r.len, 60);
	ck_assert_int_eq(v6t_xlat_translate(&x, buf + 64, 32, buf + 512, 60, &r), V6T_OK);
	ck_assert_int_eq(r.verdict, V6T_XLAT_ICMP_ERROR);
	/* in place, the error's 28 bytes of headers go in front of the
	 * quote: 28 bytes of headroom needed (reported as such, like a
	 * forwarded packet's 20 above) */
	memmove(buf + 27, buf + 64, 32);
	ck_assert_int_eq(v6t_xlat_translate_inplace(&x, buf, 96, 27, 32, &r), V6T_ENOSPC);
	ck_assert_uint_eq(r.len, 28);
	memmove(buf + 28, buf + 27, 32);
	ck_assert_int_eq(v6t_xlat_translate_inplace(&x, buf, 96, 28, 32, &r), V6T_OK);
	ck_assert_int_eq(r.verdict, V6T_XLAT_ICMP_ERROR);
	ck_assert_ptr_eq(r.data, buf);
	ck_assert_uint_eq(r.len, 60);

	/* a translated ICMPv4 error quoting a 48-byte UDP datagram: 20 + 8 +
	 * 48 bytes become 40 + 8 + (40 + 28); in place the quote's UDP header
	 * and data stay where they are, so the 88 bytes of headers in front
	 * of them need 88 - 48 = 40 bytes of headroom */
	{
		struct pb q, q6, e;

		inner4(&q, P_UDP, 20);
		inner46(&q6, P_UDP, 20);
		icmp4_err(&in, 3, 1, 0, &q, q.n, NULL, 0);
		icmp6_err(&e, 1, 0, 0, &q6, q6.n, 0, NULL, 0);
		ck_assert_int_eq(v6t_xlat_translate(&x, in.b, in.n, buf, 115, &r), V6T_ENOSPC);
		ck_assert_uint_eq(r.len, 116);
		memset(buf, CANARY, sizeof buf);
		memcpy(buf + 39, in.b, in.n);
		ck_assert_int_eq(v6t_xlat_translate_inplace(&x, buf, 256, 39, in.n, &r), V6T_ENOSPC);
		ck_assert_uint_eq(r.len, 40);
		memcpy(buf + 40, in.b, in.n);
		ck_assert_int_eq(v6t_xlat_translate_inplace(&x, buf, 256, 40, in.n, &r), V6T_OK);
		ck_assert_ptr_eq(r.data, buf);
		ck_assert_uint_eq(r.len, e.n);
		ck_assert_mem_eq(r.data, e.b, e.n);
	}

	/* a FRAGMENTS piece */
	in.n = 0;
	pkt4(&in, &h, P_UDP, 0, 1372, 1);
	ck_assert_int_eq(v6t_xlat_translate(&x, in.b, in.n, buf, sizeof buf, &r), V6T_OK);
	ck_assert_int_eq(r.verdict, V6T_XLAT_FRAGMENTS);
	ck_assert_int_eq(v6t_xlat_next_fragment(&r, ref, 1279, &n), V6T_ENOSPC);
	ck_assert_uint_eq(n, 1280);
	ck_assert_int_eq(v6t_xlat_next_fragment(&r, ref, 1280, &n), V6T_OK);
	ck_assert_uint_eq(n, 1280);
}
END_TEST

/*
 * In place, "the translated headers are written in front of the
 * transport payload, which is neither read nor moved" (xlat.h): for a
 * 4 -> 6 UDP packet at offset 64 the result starts 20 bytes earlier (44)
 * and its data bytes are where they were, byte for byte; the bytes before
 * the result are left alone. 6 -> 4 the other way (starts 20 later).
 */
START_TEST(test_inplace_payload_stays)
{
	v6t_xlat x = xl_std(0);
	static uint8_t buf[2048];
	struct h4 h = h4_std();
	struct h6 h6 = h6_std();
	v6t_xlat_result r;
	struct pb in, e;
	size_t i;

	in.n = 0;
	pkt4(&in, &h, P_UDP, 0, 1000, 77);
	exp46(&e, &h, P_UDP, 0, 1000, 77);
	memset(buf, CANARY, sizeof buf);
	memcpy(buf + 64, in.b, in.n);
	ck_assert_int_eq(v6t_xlat_translate_inplace(&x, buf, sizeof buf, 64, in.n, &r), V6T_OK);
	ck_assert_ptr_eq(r.data, buf + 44);
	ck_assert_uint_eq(r.len, e.n);
	ck_assert_mem_eq(r.data, e.b, e.n);
	ck_assert_mem_eq(buf + 64 + 28, in.b + 28, 1000);
	for (i = 0; i < 44; i++)
		ck_assert_uint_eq(buf[i], CANARY);
	ck_assert_uint_eq(buf[64 + in.n], CANARY);

	in.n = 0;
	pkt6(&in, &h6, P_TCP, 0, 1000, 78);
	memset(buf, CANARY, sizeof buf);
	memcpy(buf + 64, in.b, in.n);
	ck_assert_int_eq(v6t_xlat_translate_inplace(&x, buf, sizeof buf, 64, in.n, &r), V6T_OK);
	ck_assert_ptr_eq(r.data, buf + 84);
	ck_assert_mem_eq(buf + 64 + 60, in.b + 60, 1000);
	ck_assert_uint_eq(buf[63], CANARY);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Round trips */

/* A fixed-seed generator (Numerical Recipes' LCG) for the payloads. */
static uint32_t lcg(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

/*
 * RFC 7915 §1.3's promise: translation is reversible for translatable
 * traffic. v4 -> v6 -> v4 gives the original but for the TTL (two
 * routers: - 2), the Identification (§5.1: the translator's) and so the
 * header checksum; v6 -> v4 -> v6 gives the original but for the Hop
 * Limit (- 2). TCP, UDP and ICMP Echo, random sizes and payloads,
 * both DF settings, below 1260 bytes so that DF=0 stays DF=0.
 */
START_TEST(test_round_trips)
{
	v6t_xlat x = xl_std(0);
	static const unsigned protos[] = { P_TCP, P_UDP, P_ICMP };
	uint32_t seed = 0x7915;
	struct pb in, mid, back;
	struct out o;
	int k;

	for (k = 0; k < 60; k++) {
		unsigned proto = protos[k % 3];
		size_t n = lcg(&seed) % 1200, i;
		struct h4 h = h4_std();
		struct h6 h6 = h6_std();

		h.tos = lcg(&seed) & 0xff;
		h.id = lcg(&seed) & 0xffff;
		h.frag = k & 1 ? DF : 0;
		in.n = 0;
		pkt4(&in, &h, proto, 8, n, 0);
		for (i = in.n - n; i < in.n; i++)
			in.b[i] = (uint8_t)lcg(&seed);
		set_sum(in.b + 20, in.n - 20, csum_at(proto),
			proto == P_ICMP ? 0 : pseudo4(in.b, proto, in.n - 20));
		run(&x, &in, &o);
		ck_assert_int_eq(o.verdict, V6T_XLAT_FORWARD);
		mid.n = 0;
		pb_put_bytes(&mid, o.b, o.len);
		run(&x, &mid, &o);
		ck_assert_int_eq(o.verdict, V6T_XLAT_FORWARD);
		back.n = 0;
		pb_put_bytes(&back, in.b, in.n);
		back.b[8] -= 2;
		memcpy(back.b + 4, o.b + 4, 2);
		/* DF: §5.1 sets it by the size alone (none is above 1260) */
		st16(back.b + 6, 0);
		set_sum(back.b, 20, 10, 0);
		expect_fwd(&o, &back);

		h6.tc = h.tos;
		in.n = 0;
		pkt6(&in, &h6, proto == P_ICMP ? P_ICMP6 : proto, 128, n, 0);
		for (i = in.n - n; i < in.n; i++)
			in.b[i] = (uint8_t)lcg(&seed);
		set_sum(in.b + 40, in.n - 40, csum_at(proto),
			pseudo6(in.b, proto == P_ICMP ? P_ICMP6 : proto, in.n - 40));
		run(&x, &in, &o);
		ck_assert_int_eq(o.verdict, V6T_XLAT_FORWARD);
		mid.n = 0;
		pb_put_bytes(&mid, o.b, o.len);
		run(&x, &mid, &o);
		back.n = 0;
		pb_put_bytes(&back, in.b, in.n);
		back.b[7] -= 2;
		expect_fwd(&o, &back);
	}
}
END_TEST
/* ------------------------------------------------------------------------ */

Suite *v6t_xlat_suite(void)
{
	Suite *s = suite_create("xlat");
	TCase *tc = tcase_create("xlat");

	tcase_add_test(tc, test_init_errors);
	tcase_add_test(tc, test_pool6_each_length);
	tcase_add_test(tc, test_addr_wkp_and_eam);
	tcase_add_test(tc, test_46_udp_by_hand);
	tcase_add_test(tc, test_46_traffic_class);
	tcase_add_test(tc, test_46_flow_label);
	tcase_add_test(tc, test_46_next_header);
	tcase_add_test(tc, test_46_hop_limit);
	tcase_add_test(tc, test_46_illegal_source);
	tcase_add_test(tc, test_46_options);
	tcase_add_test(tc, test_46_fragments);
	tcase_add_test(tc, test_46_df0_split);
	tcase_add_test(tc, test_46_df1_sizes);
	tcase_add_test(tc, test_46_echo);
	tcase_add_test(tc, test_46_icmp_dropped_types);
	tcase_add_test(tc, test_46_unreach_codes);
	tcase_add_test(tc, test_46_param_problem);
	tcase_add_test(tc, test_46_frag_needed);
	tcase_add_test(tc, test_46_quote);
	tcase_add_test(tc, test_46_icmp6_cap);
	tcase_add_test(tc, test_46_rfc4884);
	tcase_add_test(tc, test_46_checksums);
	tcase_add_test(tc, test_46_udp_zero_sum);
	tcase_add_test(tc, test_46_igmp_dropped);
	tcase_add_test(tc, test_64_udp_by_hand);
	tcase_add_test(tc, test_64_fields);
	tcase_add_test(tc, test_64_ipv4_id);
	tcase_add_test(tc, test_64_ttl_and_source);
	tcase_add_test(tc, test_64_ext_headers);
	tcase_add_test(tc, test_64_fragments);
	tcase_add_test(tc, test_64_sizes);
	tcase_add_test(tc, test_64_echo_and_dropped);
	tcase_add_test(tc, test_64_unreach_codes);
	tcase_add_test(tc, test_64_param_problem);
	tcase_add_test(tc, test_64_packet_too_big);
	tcase_add_test(tc, test_64_quote);
	tcase_add_test(tc, test_64_checksums);
	tcase_add_test(tc, test_rfc6791);
	tcase_add_test(tc, test_hairpin);
	tcase_add_test(tc, test_no_icmp_errors);
	tcase_add_test(tc, test_api_einval);
	tcase_add_test(tc, test_api_enospc);
	tcase_add_test(tc, test_inplace_payload_stays);
	tcase_add_test(tc, test_round_trips);

	suite_add_tcase(s, tc);
	return s;
}
