/*
 * The fast path of translation (src/xlat_fast.c) against the general path
 * (src/xlat_packet.c), which the Jool SIIT conformance cases check.
 *
 * RFC 7915 §4 and §5 decide one result per packet whichever code computes
 * it, so v6t_xlat_translate() and v6t_xlat_translate_inplace(), which take
 * the fast path where it applies, must give exactly what the general path
 * gives (xlat_translate_general(), a private hook): the same status, the
 * same verdict, reason, version and length, and the same bytes in the
 * whole output or in-place buffer. Random packets, mostly of the fast
 * shape (a whole TCP or UDP packet, an IPv4 header of 20 bytes or an IPv6
 * header without extension headers), with every field the fast path
 * checks sometimes off its common value, go through four configurations.
 *
 * Independently of the general path, each packet the fast path forwards
 * is checked against the RFCs: its transport checksum verifies over the
 * new pseudo-header (RFC 7915 §4.5 and §5.5: the checksum is updated for
 * the new addresses; RFC 768, RFC 9293 §3.1, RFC 8200 §8.1), and a
 * translated IPv4 header's checksum verifies (RFC 791 §3.1).
 */
#include <string.h>

#include <v6transit/v6transit.h>

#include "suites.h"
#include "testutil.h"
#include "xlat_internal.h"

#define PKT_MAX 700
#define HEAD V6T_XLAT_HEADROOM
#define BUF (HEAD + PKT_MAX + V6T_XLAT_GROWTH)
#define N_PACKETS 20000
#define N_CONFIGS 4
#define SENTINEL 0xa5

static uint64_t xs64(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A random number below n. */
static unsigned rnd(uint64_t *s, unsigned n)
{
	return (unsigned)(xs64(s) % n);
}

/* The one's complement sum of p[0..n), 16-bit big-endian words. */
static uint32_t sum16(uint32_t s, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffffu) + (s >> 16);
	return (uint16_t)s;
}

/* ------------------------------------------------------------ configs */

static v6t_xlat_eam g_eam[N_CONFIGS][8];
static v6t_xlat_eamt g_eamt[N_CONFIGS];

/*
 * 0: the Well-Known Prefix /96 (RFC 6052 §3.1 applies); 1: a /96
 * Network-Specific Prefix with TC_ZERO, TOS_SET and flow labels; 2: a /40
 * prefix and an EAM table, small MTUs; 3: a /56 prefix, an EAM table with
 * hairpinning, UDP checksum 0 computed.
 */
static void config(unsigned k, v6t_xlat *x)
{
	static const char *const pools[N_CONFIGS] = { "64:ff9b::/96", "2001:db8:64::/96",
						      "2001:db8:100::/40",
						      "2001:db8:200::/56" };
	v6t_xlat_config c;
	unsigned i;

	memset(&c, 0, sizeof c);
	ck_assert_int_eq(tu_parse_prefix6(&c.pool6, pools[k]), V6T_OK);
	c.self4 = tu_in4("192.0.2.1");
	c.self6 = tu_in6("2001:db8::1");
	if (k == 1) {
		c.flags = V6T_XLAT_TC_ZERO | V6T_XLAT_TOS_SET | V6T_XLAT_FLOWLABEL;
		c.tos = 0x28;
		for (i = 0; i < 16; i++)
			c.flow_key.b[i] = (uint8_t)(i * 7 + 1);
	}
	if (k >= 2) {
		/* 198.51.100.16i/28 <-> 2001:db8:ffff:i::/124 */
		for (i = 0; i < 8; i++) {
			v6t_xlat_eam *e = &g_eam[k][i];

			memset(e, 0, sizeof *e);
			e->p4.addr = TU_IN4(198, 51, 100, (uint8_t)(16 * i));
			e->p4.len = 28;
			e->p6.addr = tu_in6("2001:db8:ffff::");
			e->p6.addr.b[7] = (uint8_t)i;
			e->p6.len = 124;
		}
		ck_assert_int_eq(v6t_xlat_eamt_init(&g_eamt[k], g_eam[k], 8, 0, NULL),
				 V6T_OK);
		c.eamt = &g_eamt[k];
	}
	if (k == 2) {
		c.mtu4 = 400;
		c.mtu6 = 1280;
	}
	if (k == 3)
		c.flags = V6T_XLAT_HAIRPIN | V6T_XLAT_UDP0_COMPUTE;
	ck_assert_int_eq(v6t_xlat_init(x, &c), V6T_OK);
}

/* ------------------------------------------------------------ packets */

/* An IPv4 address: mostly global, sometimes one a rule refuses (RFC 1812
 * §5.3.7, RFC 6890) or one in the EAM entries. */
static void addr4(uint8_t *a, uint64_t *s)
{
	static const uint8_t odd[6] = { 0, 10, 127, 192, 224, 255 };
	unsigned k = rnd(s, 16);

	a[0] = (uint8_t)(1 + rnd(s, 9));
	a[1] = (uint8_t)xs64(s);
	a[2] = (uint8_t)xs64(s);
	a[3] = (uint8_t)xs64(s);
	if (k == 0)
		a[0] = odd[rnd(s, 6)];
	else if (k <= 3) {
		a[0] = 198;
		a[1] = 51;
		a[2] = 100;
		a[3] = (uint8_t)rnd(s, 160);
	}
}

/* An IPv6 address: mostly the translation of an IPv4 one, sometimes
 * random, unspecified, loopback or multicast. */
static void addr6(const v6t_xlat *x, uint8_t *a, uint64_t *s)
{
	unsigned k = rnd(s, 16), i;
	v6t_in4 v4;
	v6t_in6 v6;

	if (k >= 2) {
		addr4(v4.b, s);
		if (v6t_xlat_addr_4to6(x, &v4, &v6) == V6T_OK) {
			memcpy(a, v6.b, 16);
			if (k == 2)
				a[rnd(s, 16)] ^= (uint8_t)(1 + rnd(s, 255));
			return;
		}
	}
	for (i = 0; i < 16; i++)
		a[i] = (uint8_t)xs64(s);
	if (k == 1) {
		memset(a, 0, 16);
		a[15] = (uint8_t)rnd(s, 2);
	} else if (rnd(s, 2) == 0) {
		a[0] = 0xff;
	}
}

/* A field value: usually v, sometimes random. */
static unsigned mostly(uint64_t *s, unsigned v, unsigned bits)
{
	return rnd(s, 20) == 0 ? (unsigned)xs64(s) & ((1u << bits) - 1) : v;
}

/* The transport header at t (n bytes of message, pseudo-header sum ps):
 * a valid checksum, or for UDP sometimes 0 (RFC 768: none). */
static void transport(uint8_t *t, uint32_t n, uint8_t proto, uint32_t ps,
		      uint64_t *s)
{
	uint32_t i, ck = proto == 6 ? 16 : 6;

	for (i = 0; i < n; i++)
		t[i] = (uint8_t)xs64(s);
	if ((proto != 6 && proto != 17) || n < ck + 2)
		return;
	if (proto == 17)
		t[4] = (uint8_t)(n >> 8), t[5] = (uint8_t)n;
	t[ck] = t[ck + 1] = 0;
	if (proto == 17 && rnd(s, 10) == 0)
		return;
	i = (uint16_t)~fold(sum16(ps + n + proto, t, n));
	t[ck] = (uint8_t)(i >> 8);
	t[ck + 1] = (uint8_t)i;
}

/* A random IPv4 packet at p; returns the buffer length given. */
static size_t packet4(uint8_t *p, uint64_t *s)
{
	uint8_t proto = (uint8_t)(rnd(s, 10) == 0 ? rnd(s, 256) : rnd(s, 2) ? 6 : 17);
	uint32_t tot = 20 + rnd(s, PKT_MAX - 100), fo = 0;
	uint16_t ck;

	p[0] = (uint8_t)mostly(s, 0x45, 8);
	p[1] = (uint8_t)xs64(s);
	p[2] = (uint8_t)(tot >> 8);
	p[3] = (uint8_t)tot;
	p[4] = (uint8_t)xs64(s);
	p[5] = (uint8_t)xs64(s);
	if (rnd(s, 2))
		fo |= 0x4000;
	if (rnd(s, 20) == 0)
		fo |= 0x2000;
	if (rnd(s, 20) == 0)
		fo |= rnd(s, 0x2000);
	p[6] = (uint8_t)(fo >> 8);
	p[7] = (uint8_t)fo;
	p[8] = (uint8_t)(rnd(s, 4) == 0 ? rnd(s, 3) : 64);
	p[9] = proto;
	p[10] = p[11] = 0;
	addr4(p + 12, s);
	addr4(p + 16, s);
	transport(p + 20, tot - 20, proto, sum16(0, p + 12, 8), s);
	ck = (uint16_t)~fold(sum16(0, p, 20));
	if (rnd(s, 20) == 0)
		ck ^= 1;
	p[10] = (uint8_t)(ck >> 8);
	p[11] = (uint8_t)ck;
	return tot + rnd(s, 3) - (rnd(s, 10) == 0 ? 3 : 0);
}

/* A random IPv6 packet at p; returns the buffer length given. */
static size_t packet6(const v6t_xlat *x, uint8_t *p, uint64_t *s)
{
	static const uint8_t odd[4] = { 0, 44, 58, 60 };
	uint8_t nh = (uint8_t)(rnd(s, 10) == 0 ? odd[rnd(s, 4)] : rnd(s, 2) ? 6 : 17);
	uint32_t plen = rnd(s, PKT_MAX - 100), i;

	p[0] = (uint8_t)mostly(s, 0x60 | rnd(s, 16), 8);
	for (i = 1; i < 4; i++)
		p[i] = (uint8_t)xs64(s);
	p[4] = (uint8_t)(plen >> 8);
	p[5] = (uint8_t)plen;
	p[6] = nh;
	p[7] = (uint8_t)(rnd(s, 4) == 0 ? rnd(s, 3) : 64);
	addr6(x, p + 8, s);
	addr6(x, p + 24, s);
	transport(p + 40, plen, nh, sum16(0, p + 8, 32), s);
	return 40 + plen + rnd(s, 3) - (rnd(s, 10) == 0 ? 3 : 0);
}

/* ------------------------------------------------------------- checks */

static void same_result(const v6t_xlat_result *a, const uint8_t *abuf,
			const v6t_xlat_result *b, const uint8_t *bbuf, unsigned n)
{
	ck_assert_msg(a->verdict == b->verdict, "packet %u: verdict %d, not %d",
		      n, a->verdict, b->verdict);
	ck_assert_int_eq(a->reason, b->reason);
	ck_assert_uint_eq(a->len, b->len);
	if (a->verdict == V6T_XLAT_FORWARD || a->verdict == V6T_XLAT_ICMP_ERROR) {
		ck_assert_uint_eq(a->version, b->version);
		ck_assert(a->data - abuf == b->data - bbuf);
	}
	if (a->verdict == V6T_XLAT_FRAGMENTS)
		ck_assert_uint_eq(a->count, b->count);
}

/* RFC 791 §3.1 and the transport checksum over the new pseudo-header. */
static void check_sums(const uint8_t *o, size_t len)
{
	uint32_t ps, n;
	uint8_t proto;
	const uint8_t *t;

	if ((o[0] >> 4) == 4) {
		ck_assert_uint_eq(fold(sum16(0, o, 20)), 0xffff);
		proto = o[9];
		n = (uint32_t)len - 20;
		t = o + 20;
		ps = sum16(0, o + 12, 8);
	} else {
		proto = o[6];
		n = (uint32_t)len - 40;
		t = o + 40;
		ps = sum16(0, o + 8, 32);
	}
	if (proto == 17 && t[6] == 0 && t[7] == 0)
		return; /* only IPv6 to IPv4 keeps a zero (RFC 7915 §5.5) */
	ck_assert_uint_eq(fold(sum16(ps + n + proto, t, n)), 0xffff);
}

/* Both entry points against the general path on one packet. */
static int one_packet(const v6t_xlat *x, uint64_t *s, unsigned n)
{
	static uint8_t in[BUF], a[BUF], b[BUF], c[BUF];
	struct xlat_dest d;
	v6t_xlat_result ra, rb, rc;
	size_t len, off = rnd(s, HEAD + 1), cap;
	int st_a, st_b, fast;

	memset(in, 0, sizeof in);
	len = rnd(s, 2) ? packet4(in + off, s) : packet6(x, in + off, s);
	if (rnd(s, 2)) {
		/* in place: the same buffer three times */
		cap = off + len + rnd(s, V6T_XLAT_GROWTH);
		memcpy(a, in, sizeof a);
		memcpy(b, in, sizeof b);
		memcpy(c, in, sizeof c);
		st_a = v6t_xlat_translate_inplace(x, a, cap, off, len, &ra);
		d.out = b;
		d.cap = cap;
		d.pos = off;
		d.in_place = 1;
		st_b = xlat_translate_general(x, b + off, len, &d, &rb);
		d.out = c;
		fast = xlat_fast(x, c + off, len, &d, &rc);
	} else {
		cap = rnd(s, 4) == 0 ? rnd(s, (unsigned)len + 40) : len + V6T_XLAT_GROWTH;
		memset(a, SENTINEL, sizeof a);
		memset(b, SENTINEL, sizeof b);
		memset(c, SENTINEL, sizeof c);
		st_a = v6t_xlat_translate(x, in + off, len, a, cap, &ra);
		d.out = b;
		d.cap = cap;
		d.pos = 0;
		d.in_place = 0;
		st_b = xlat_translate_general(x, in + off, len, &d, &rb);
		d.out = c;
		fast = xlat_fast(x, in + off, len, &d, &rc);
	}
	ck_assert_msg(st_a == st_b, "packet %u: status %d, not %d", n, st_a, st_b);
	if (st_a == V6T_OK)
		same_result(&ra, a, &rb, b, n);
	ck_assert_msg(memcmp(a, b, sizeof a) == 0, "packet %u: bytes differ", n);
	if (fast) {
		ck_assert_int_eq(rc.verdict, V6T_XLAT_FORWARD);
		check_sums(rc.data, rc.len);
	}
	return fast;
}

START_TEST(test_xlat_fast_same_as_general)
{
	uint64_t s = 0x5851f42d4c957f2du + (uint64_t)_i;
	unsigned n, fast = 0;
	v6t_xlat x;

	config((unsigned)_i, &x);
	for (n = 0; n < N_PACKETS; n++)
		fast += (unsigned)one_packet(&x, &s, n);
	/* the packets are mostly of the fast shape: it must be taken */
	ck_assert_msg(fast > N_PACKETS / 10, "fast path taken %u times", fast);
	ck_assert_msg(fast < N_PACKETS - N_PACKETS / 10, "fast path taken %u times", fast);
}
END_TEST

/*
 * RFC 768: "If the computed checksum is zero, it is transmitted as all
 * ones". A UDP datagram whose checksum over the new pseudo-header comes
 * out 0 (its last payload word chosen so, by the sums below) must leave
 * with 0xffff, IPv4 to IPv6 (_i 0) and back (_i 1), copied and in place.
 * Config 1: 198.51.100.1 <-> 2001:db8:64::c633:6401 (RFC 6052 §2.2, /96).
 */
START_TEST(test_xlat_fast_udp_zero_sum_sent_as_ones)
{
	static const uint32_t n = 16; /* UDP header and 8 payload bytes */
	v6t_in4 a4 = tu_in4("198.51.100.1"), b4 = tu_in4("203.0.113.7");
	v6t_in6 a6 = tu_in6("2001:db8:64::c633:6401"), b6 = tu_in6("2001:db8:64::cb00:7107");
	uint8_t buf[HEAD + 64], *p = buf + HEAD, *u;
	uint32_t new_ps, old_ps, w;
	v6t_xlat_result r;
	v6t_xlat x;
	uint16_t ck;
	int in_place;

	config(1, &x);
	for (in_place = 0; in_place < 2; in_place++) {
		uint8_t out[64];

		memset(buf, 0, sizeof buf);
		if (_i == 0) {
			p[0] = 0x45;
			p[3] = (uint8_t)(20 + n);
			p[8] = 64;
			p[9] = 17;
			memcpy(p + 12, a4.b, 4);
			memcpy(p + 16, b4.b, 4);
			ck = (uint16_t)~fold(sum16(0, p, 20));
			p[10] = (uint8_t)(ck >> 8);
			p[11] = (uint8_t)ck;
			u = p + 20;
			old_ps = sum16(sum16(0, a4.b, 4), b4.b, 4);
			new_ps = sum16(sum16(0, a6.b, 16), b6.b, 16);
		} else {
			p[0] = 0x60;
			p[5] = (uint8_t)n;
			p[6] = 17;
			p[7] = 64;
			memcpy(p + 8, a6.b, 16);
			memcpy(p + 24, b6.b, 16);
			u = p + 40;
			old_ps = sum16(sum16(0, a6.b, 16), b6.b, 16);
			new_ps = sum16(sum16(0, a4.b, 4), b4.b, 4);
		}
		u[0] = 0x12, u[1] = 0x34, u[3] = 53, u[5] = (uint8_t)n;
		u[8] = 0xde, u[9] = 0xad;
		/* the last word makes the new sum 0xffff, so ~sum is 0 */
		w = (uint16_t)(0xffffu - fold(sum16(new_ps + n + 17, u, n)));
		u[n - 2] = (uint8_t)(w >> 8);
		u[n - 1] = (uint8_t)w;
		ck_assert_uint_eq(fold(sum16(new_ps + n + 17, u, n)), 0xffff);
		/* a valid checksum over the old pseudo-header */
		ck = (uint16_t)~fold(sum16(old_ps + n + 17, u, n));
		if (ck == 0)
			ck = 0xffff;
		u[6] = (uint8_t)(ck >> 8);
		u[7] = (uint8_t)ck;
		if (in_place)
			ck_assert_int_eq(v6t_xlat_translate_inplace(&x, buf, sizeof buf, HEAD,
								    (_i ? 40 : 20) + n, &r),
					 V6T_OK);
		else
			ck_assert_int_eq(v6t_xlat_translate(&x, p, (_i ? 40 : 20) + n, out,
							    sizeof out, &r),
					 V6T_OK);
		ck_assert_int_eq(r.verdict, V6T_XLAT_FORWARD);
		ck_assert_uint_eq(r.len, (_i ? 20 : 40) + n);
		ck_assert_uint_eq(r.data[(_i ? 20 : 40) + 6], 0xff);
		ck_assert_uint_eq(r.data[(_i ? 20 : 40) + 7], 0xff);
	}
}
END_TEST

/*
 * The /96 shapes, which the entry points translate inline, with every
 * byte worked out by hand. The IPv4 packet: 1.2.3.4 -> 5.6.7.8 (global,
 * RFC 6890: first octets in no special block), TTL 64, DF, a TCP SYN
 * 0x1234 -> 80, seq 1, window 0xffff. Its header checksum: the words
 * 4500 0028 0000 4000 4006 0102 0304 0506 0708 sum to 0xd542, so 0x2abd.
 * Its TCP checksum: the pseudo-header (RFC 9293 §3.1) 0102 0304 0506
 * 0708, 0006, length 0014 sums to 0x102e, the header's words 1234 0050
 * 0000 0001 5002 ffff to 0x16286, folded 0x6287; ~(0x102e + 0x6287) is
 * 0x8d4a.
 *
 * _i 0: with the Well-Known Prefix, 64:ff9b::102:304 -> 64:ff9b::506:708
 * (RFC 6052 §2.2). The prefix is checksum neutral (0x0064 + 0xff9b is
 * 0xffff, one's complement zero, RFC 6052 §2.1), so the checksum stays
 * 0x8d4a. _i 1: 2001:db8:64::/96, whose words 2001 0db8 0064 sum to
 * 0x2e1d, twice (both addresses) 0x5c3a: ~(0x72b5 + 0x5c3a) = 0x3110.
 * RFC 7915 §4.1: Traffic Class 0 (TOS 0), Flow Label 0, Payload Length
 * 20, Next Header 6, Hop Limit 63. Both by copy and in place.
 */
START_TEST(test_xlat_fast_pool96_4to6_by_hand)
{
	static const uint8_t v4[40] = {
		0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00, 0x40, 0x06, 0x2a, 0xbd,
		1, 2, 3, 4, 5, 6, 7, 8,
		0x12, 0x34, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0,
		0x50, 0x02, 0xff, 0xff, 0x8d, 0x4a, 0x00, 0x00
	};
	static const uint8_t pre[2][4] = { { 0x00, 0x64, 0xff, 0x9b },
					   { 0x20, 0x01, 0x0d, 0xb8 } };
	static const uint8_t sum[2][2] = { { 0x8d, 0x4a }, { 0x31, 0x10 } };
	const char *pool = _i ? "2001:db8:64::/96" : "64:ff9b::/96";
	uint8_t want[60], buf[HEAD + 40], out[80];
	v6t_xlat_config c;
	v6t_xlat_result r;
	v6t_xlat x;

	memset(&c, 0, sizeof c);
	ck_assert_int_eq(tu_parse_prefix6(&c.pool6, pool), V6T_OK);
	ck_assert_int_eq(v6t_xlat_init(&x, &c), V6T_OK);
	memset(want, 0, sizeof want);
	want[0] = 0x60;
	want[5] = 20;
	want[6] = 6;
	want[7] = 63;
	memcpy(want + 8, pre[_i], 4);
	if (_i)
		want[8 + 5] = want[24 + 5] = 0x64; /* 2001:db8:64:: */
	memcpy(want + 24, want + 8, 12);
	memcpy(want + 20, v4 + 12, 4);
	memcpy(want + 36, v4 + 16, 4);
	memcpy(want + 40, v4 + 20, 20);
	memcpy(want + 40 + 16, sum[_i], 2);

	ck_assert_int_eq(v6t_xlat_translate(&x, v4, sizeof v4, out, sizeof out, &r), V6T_OK);
	ck_assert_int_eq(r.verdict, V6T_XLAT_FORWARD);
	ck_assert_uint_eq(r.version, 6);
	ck_assert_uint_eq(r.len, 60);
	ck_assert_mem_eq(r.data, want, 60);

	memcpy(buf + HEAD, v4, sizeof v4);
	ck_assert_int_eq(v6t_xlat_translate_inplace(&x, buf, sizeof buf, HEAD, sizeof v4, &r),
			 V6T_OK);
	ck_assert_int_eq(r.verdict, V6T_XLAT_FORWARD);
	ck_assert_ptr_eq(r.data, buf + HEAD - 20);
	ck_assert_uint_eq(r.len, 60);
	ck_assert_mem_eq(r.data, want, 60);
}
END_TEST

/*
 * Back, with 2001:db8:64::/96: the packet of the test above, with a
 * payload of 1300 zero bytes so that the IPv4 packet, 1340 bytes, is
 * above 1260 and gets DF and Identification 0 (RFC 7915 §5.1). The TCP
 * length is 1320 (0x528): the IPv4 pseudo-header sums to 0x1014 + 0x0006
 * + 0x0528 = 0x153e, with the header's 0x6287 0x77c5, so the IPv4
 * checksum is 0x883a and the IPv6 one (plus 0x5c3a) ~0xd3ff = 0x2c00.
 * The IPv4 header: 4500 053c 0000 4000 3f06 (TTL 63), the addresses
 * 0x1014: 0xd956, checksum 0x26a9.
 */
START_TEST(test_xlat_fast_pool96_6to4_by_hand)
{
	enum { PAY = 1300, L6 = 40 + 20 + PAY, L4 = 20 + 20 + PAY };
	static const uint8_t h4[20] = {
		0x45, 0x00, 0x05, 0x3c, 0x00, 0x00, 0x40, 0x00, 0x3f, 0x06, 0x26, 0xa9,
		1, 2, 3, 4, 5, 6, 7, 8
	};
	static const uint8_t tcp[20] = {
		0x12, 0x34, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0,
		0x50, 0x02, 0xff, 0xff, 0x2c, 0x00, 0x00, 0x00
	};
	static uint8_t v6[L6], buf[HEAD + L6], out[L6], want[L4];
	v6t_xlat_config c;
	v6t_xlat_result r;
	v6t_xlat x;

	memset(&c, 0, sizeof c);
	ck_assert_int_eq(tu_parse_prefix6(&c.pool6, "2001:db8:64::/96"), V6T_OK);
	ck_assert_int_eq(v6t_xlat_init(&x, &c), V6T_OK);
	memset(v6, 0, sizeof v6);
	v6[0] = 0x60;
	v6[4] = (20 + PAY) >> 8;
	v6[5] = (20 + PAY) & 0xff;
	v6[6] = 6;
	v6[7] = 64;
	memcpy(v6 + 8, tu_in6("2001:db8:64::102:304").b, 16);
	memcpy(v6 + 24, tu_in6("2001:db8:64::506:708").b, 16);
	memcpy(v6 + 40, tcp, 20);
	memset(want, 0, sizeof want);
	memcpy(want, h4, 20);
	memcpy(want + 20, tcp, 20);
	want[20 + 16] = 0x88;
	want[20 + 17] = 0x3a;

	ck_assert_int_eq(v6t_xlat_translate(&x, v6, sizeof v6, out, sizeof out, &r), V6T_OK);
	ck_assert_int_eq(r.verdict, V6T_XLAT_FORWARD);
	ck_assert_uint_eq(r.version, 4);
	ck_assert_uint_eq(r.len, L4);
	ck_assert_mem_eq(r.data, want, L4);

	memcpy(buf + HEAD, v6, sizeof v6);
	ck_assert_int_eq(v6t_xlat_translate_inplace(&x, buf, sizeof buf, HEAD, sizeof v6, &r),
			 V6T_OK);
	ck_assert_ptr_eq(r.data, buf + HEAD + 20);
	ck_assert_uint_eq(r.len, L4);
	ck_assert_mem_eq(r.data, want, L4);
}
END_TEST

Suite *v6t_xlat_fast_suite(void)
{
	Suite *s = suite_create("xlat_fast");
	TCase *tc = tcase_create("random");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_xlat_fast_same_as_general, 0, N_CONFIGS);
	suite_add_tcase(s, tc);
	tc = tcase_create("udp");
	tcase_add_loop_test(tc, test_xlat_fast_udp_zero_sum_sent_as_ones, 0, 2);
	suite_add_tcase(s, tc);
	tc = tcase_create("pool96");
	tcase_add_loop_test(tc, test_xlat_fast_pool96_4to6_by_hand, 0, 2);
	tcase_add_test(tc, test_xlat_fast_pool96_6to4_by_hand);
	suite_add_tcase(s, tc);
	return s;
}
