/*
 * Fuzz target: the SIIT translator (xlat.h), both directions, in both
 * modes (v6t_xlat_translate(), v6t_xlat_translate_inplace()), and
 * v6t_xlat_next_fragment().
 *
 * Input: CFG_LEN bytes of configuration, then what mode (byte 0) says:
 *   0 byte 0 bits 0-1, mode: 0 the rest is the packet; 1 the same with its
 *     lengths and checksums made right first (fixup()); 2 / 3 an ICMPv4 /
 *     ICMPv6 error built around hostile quoted bytes (build_error());
 *     bits 2-4 pool6 (POOL6S, 0 none); bits 5-7 the EAM table (TABLES,
 *     0 none; with neither, pool6 is 64:ff9b::/96)
 *   1 the flags (V6T_XLAT_TC_ZERO 0x01 ... V6T_XLAT_RFC6791_V6 0x80)
 *   2 bits 0-2 mtu4, bits 3-5 lowest_ipv6_mtu, bits 6-7 mtu6 (MTU4S, ...)
 *   3 bit 0 self4, bit 1 self6, bits 2-3 / 4-5 the RFC 6791 pool lengths,
 *     bits 6-7 the TOS of V6T_XLAT_TOS_SET
 *
 * Properties (abort() on a violation), for any packet:
 * - both modes return V6T_OK (the input's length plus V6T_XLAT_GROWTH
 *   copying, V6T_XLAT_HEADROOM in front and V6T_XLAT_GROWTH after in
 *   place) and agree on the verdict, reason, version and bytes;
 * - a packet the walker refuses is dropped (one refused for a misplaced
 *   Hop-by-Hop header may be answered, xlat_packet.c);
 * - FORWARD and ICMP_ERROR: the output parses without
 *   V6T_PKT_OPT_TRUNCATED, its length fields are its length, an IPv4
 *   header checksum is right; FORWARD is of the other version (IPv6 to
 *   IPv6 only with V6T_XLAT_HAIRPIN, and always when RFC 7757 §4.2.2's
 *   condition A holds), ICMP_ERROR of the input's;
 * - no ICMP_ERROR with V6T_XLAT_NO_ICMP_ERRORS; a translated packet's
 *   Traffic Class is 0 with V6T_XLAT_TC_ZERO, its TOS the configured one
 *   with V6T_XLAT_TOS_SET, its flow label 0 without V6T_XLAT_FLOWLABEL
 *   (RFC 7915 §4.1, §5.1);
 * - every ICMP error the translator built or translated is at most 576
 *   (IPv4) / 1280 (IPv6) bytes, has a right ICMP checksum (ICMPv6 with
 *   the pseudo-header), an RFC 4884 length that is 0 or at least 128
 *   bytes and within the message, and a quoted packet of its own version
 *   that parses with V6T_PKT_OPT_TRUNCATED (IPv6's Next Header 1 and
 *   IPv4's protocol 58 pass through as they are, unchecked);
 * - a forwarded TCP, UDP, ICMP or ICMPv6 packet that is no fragment and
 *   whose checksum was right has a right checksum (computed here);
 * - FRAGMENTS: exactly count fragments, the same in both modes, each at
 *   most the MTU in force (min(lowest_ipv6_mtu, mtu6) / mtu4) and parsing
 *   as above, then V6T_EINVAL.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <v6transit/addr.h>
#include <v6transit/packet.h>
#include <v6transit/xlat.h>

#include "fuzz_sum.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CFG_LEN 4
#define ERR_PARAMS_LEN 10 /* build_error()'s parameter bytes */
#define IP_MAX 65535u
#define ICMP4_LIMIT 576u  /* RFC 1812 §4.3.2.3 */
#define ICMP6_LIMIT 1280u /* RFC 4443 §2.4 (c) */
#define RFC4884_MIN 128u  /* RFC 4884 §4.1 / §4.2 */

enum { MODE_RAW, MODE_FIXUP, MODE_ERR4, MODE_ERR6 };

static void check(int cond)
{
	if (!cond)
		abort();
}

static unsigned be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static void st16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* The pseudo-header's sum: RFC 793 §3.1 (IPv4), RFC 8200 §8.1 (IPv6). */
static unsigned long pseudo(const uint8_t *ip, unsigned proto, size_t n)
{
	if (ip[0] >> 4 == 4)
		return sum16(0, ip + 12, 8) + proto + n;
	return sum16(0, ip + 8, 32) + (n >> 16) + (n & 0xffff) + proto;
}

/* -------------------------------------------------------------------- */
/* Configuration */

#define P6(len, ...) { { { __VA_ARGS__ } }, len }
static const v6t_prefix6 POOL6S[8] = {
	P6(0, 0),
	P6(32, 0x20, 0x01, 0x0d, 0xb8),
	P6(40, 0x20, 0x01, 0x0d, 0xb8, 0x01),
	P6(48, 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22),
	P6(56, 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03),
	P6(64, 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03, 0x44),
	P6(96, 0x00, 0x64, 0xff, 0x9b),
	P6(96, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x64),
};

/* EAM entries: IPv4 prefix, IPv6 prefix */
#define EAM(l4, a, b, c, d, l6, ...) \
	{ { { { a, b, c, d } }, l4 }, P6(l6, __VA_ARGS__), 0, 0, 0 }
static const v6t_xlat_eam ENTRIES[5] = {
	EAM(24, 192, 0, 2, 0, 120, 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x00),
	EAM(32, 198, 51, 100, 1, 128, 0x20, 0x01, 0x0d, 0xb8, 0x02, 0x00,
	    [15] = 1),
	EAM(25, 192, 0, 2, 128, 121, 0x20, 0x01, 0x0d, 0xb8, 0x03, 0x00),
	EAM(8, 10, 0, 0, 0, 104, 0x20, 0x01, 0x0d, 0xb8, 0x0a, 0x00),
	EAM(0, 0, 0, 0, 0, 96, 0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff),
};

/* Tables: a bit set of ENTRIES, and the init flags. */
static const struct {
	unsigned set, flags;
} TABLES[8] = {
	{ 0, 0 },
	{ 0x03, 0 },
	{ 0x07, V6T_XLAT_EAM_NESTED },
	{ 0x09, 0 },
	{ 0x04, 0 },
	{ 0x0f, V6T_XLAT_EAM_NESTED },
	{ 0x10, 0 },
	{ 0x15, V6T_XLAT_EAM_NESTED },
};

static const uint32_t MTU4S[8] = { 0, 68, 576, 1280, 1300, 1500, 9000, 65535 };
static const uint32_t LOWEST6S[8] = { 0, 1280, 1300, 1400, 1500, 1501, 2000, 65535 };
static const uint32_t MTU6S[4] = { 0, 1280, 1400, 9000 };
static const uint8_t POOL4_LENS[4] = { 24, 32, 28, 25 };
static const uint8_t POOL6_LENS[4] = { 64, 128, 96, 48 };
static const uint8_t TOSES[4] = { 0, 0xb8, 0xff, 0x03 };

struct setup {
	v6t_xlat x;
	v6t_xlat_config c;
	v6t_xlat_eamt t;
	v6t_xlat_eam e[5];
	uint32_t mtu4, mtu6_frag; /* the MTUs fragments must fit */
};

static void configure(struct setup *s, const uint8_t *cfg)
{
	static const v6t_in4 self4 = { { 198, 18, 0, 1 } };
	static const v6t_in6 self6 = { { 0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 0, 1,
					 [15] = 1 } };
	static const v6t_in4 pool4 = { { 203, 0, 113, 0 } };
	static const v6t_in6 pool6 = { { 0x20, 0x01, 0x0d, 0xb8, 0x67, 0x91 } };
	unsigned tab = cfg[0] >> 5, k, n = 0;
	uint32_t low;

	memset(s, 0, sizeof *s);
	s->c.pool6 = POOL6S[cfg[0] >> 2 & 7];
	for (k = 0; k < 5; k++)
		if (TABLES[tab].set >> k & 1)
			s->e[n++] = ENTRIES[k];
	if (n > 0) {
		check(v6t_xlat_eamt_init(&s->t, s->e, n, TABLES[tab].flags, NULL) ==
		      V6T_OK);
		s->c.eamt = &s->t;
	} else if (s->c.pool6.len == 0) {
		s->c.pool6 = POOL6S[6];
	}
	s->c.flags = cfg[1];
	s->c.mtu4 = MTU4S[cfg[2] & 7];
	s->c.lowest_ipv6_mtu = LOWEST6S[cfg[2] >> 3 & 7];
	s->c.mtu6 = MTU6S[cfg[2] >> 6];
	if (cfg[3] & 1)
		s->c.self4 = self4;
	if (cfg[3] & 2)
		s->c.self6 = self6;
	s->c.rfc6791_v4.addr = pool4;
	s->c.rfc6791_v4.len = POOL4_LENS[cfg[3] >> 2 & 3];
	s->c.rfc6791_v6.addr = pool6;
	s->c.rfc6791_v6.len = POOL6_LENS[cfg[3] >> 4 & 3];
	s->c.tos = TOSES[cfg[3] >> 6];
	for (k = 0; k < sizeof s->c.flow_key.b; k++)
		s->c.flow_key.b[k] = (uint8_t)(k * 7 + 1);
	check(v6t_xlat_init(&s->x, &s->c) == V6T_OK);
	s->mtu4 = s->c.mtu4 ? s->c.mtu4 : 1500;
	low = s->c.lowest_ipv6_mtu ? s->c.lowest_ipv6_mtu : V6T_XLAT_IPV6_MIN_MTU;
	s->mtu6_frag = s->c.mtu6 ? s->c.mtu6 : 1500;
	if (low < s->mtu6_frag)
		s->mtu6_frag = low;
}

/* -------------------------------------------------------------------- */
/* Checks of one packet */

static int is_icmp_error(const uint8_t *p, const v6t_pkt *v)
{
	unsigned t;

	if (!(v->flags & V6T_PKT_L4) || v->end <= v->l4_off)
		return 0;
	t = p[v->l4_off];
	if (v->version == 4)
		return v->proto == 1 && (t == 3 || t == 4 || t == 5 || t == 11 || t == 12);
	return v->proto == 58 && t < 128;
}

/*
 * Whether the transport checksum of a whole packet is right: 1 yes, 0 no,
 * -1 not one checked (another protocol, a header too short to be one).
 * An IPv4 UDP checksum 0 is none (RFC 768) and counts as right; in IPv6
 * it is not allowed (RFC 8200 §8.1).
 */
static int l4_sum_ok(const uint8_t *p, const v6t_pkt *v)
{
	const uint8_t *t = p + v->l4_off;
	size_t n = v->end - v->l4_off;
	unsigned long s;

	if (!(v->flags & V6T_PKT_L4) || (v->flags & V6T_PKT_FRAGMENT))
		return -1;
	switch (v->proto) {
	case 6:
		if (n < 20)
			return -1;
		s = pseudo(p, 6, n);
		break;
	case 17:
		if (n < 8)
			return -1;
		if (be16(t + 6) == 0)
			return v->version == 4;
		s = pseudo(p, 17, n);
		break;
	case 1:
		if (v->version != 4 || n < 4)
			return -1;
		s = 0;
		break;
	case 58:
		if (v->version != 6 || n < 4)
			return -1;
		s = pseudo(p, 58, n);
		break;
	default:
		return -1;
	}
	return sum16(s, t, n) == 0xffff;
}

/* An ICMP error output: size, checksum, RFC 4884 length, quote. */
static void check_icmp_error(const uint8_t *p, const v6t_pkt *v, int reason)
{
	const uint8_t *m = p + v->l4_off;
	size_t n = v->end - v->l4_off, qn, attr = 0;
	unsigned long s = v->version == 4 ? 0 : pseudo(p, 58, n);
	v6t_pkt q;
	int rc;

	check(v->end <= (v->version == 4 ? ICMP4_LIMIT : ICMP6_LIMIT));
	check(n >= 8);
	check(sum16(s, m, n) == 0xffff);
	qn = n - 8;
	if (v->version == 4 && (m[0] == 3 || m[0] == 11 || m[0] == 12))
		attr = (size_t)m[5] * 4;
	if (v->version == 6 && (m[0] == 1 || m[0] == 3))
		attr = (size_t)m[4] * 8;
	if (attr != 0) {
		check(attr >= RFC4884_MIN && attr <= qn);
		qn = attr;
	}
	rc = v6t_pkt_parse(m + 8, qn, V6T_PKT_OPT_TRUNCATED, &q);
	/* the answer to a packet the walker refused quotes it */
	if (reason == V6T_EPKT_HOP_BY_HOP)
		return;
	check(rc == V6T_OK && q.version == v->version);
}

/* A packet to send: it parses whole, with its lengths right. */
static void check_packet(const uint8_t *p, size_t n, unsigned version, v6t_pkt *v)
{
	check(v6t_pkt_parse(p, n, 0, v) == V6T_OK);
	check(v->version == version && v->end == n);
	if (version == 4) {
		check(be16(p + 2) == n);
		check(sum16(0, p, (size_t)(p[0] & 15) * 4) == 0xffff);
	} else {
		check(40 + be16(p + 4) == n);
	}
}

/* RFC 7757 §4.2.2 condition A for an IPv6 packet that is no ICMPv6
 * error: its destination is not in the EAM table but RFC 6052 maps it
 * to an IPv4 address that is. */
static int hairpins(const struct setup *s, const uint8_t *p)
{
	v6t_in6 d, back;
	v6t_in4 a;

	if (!(s->c.flags & V6T_XLAT_HAIRPIN) || s->c.eamt == NULL)
		return 0;
	memcpy(d.b, p + 24, 16);
	return v6t_xlat_eamt_6to4(s->c.eamt, &d, &a) != V6T_OK &&
	       v6t_addr_6052_decode(&a, &d, &s->c.pool6) == V6T_OK &&
	       v6t_addr_6052_check_global(&s->c.pool6, &a) == V6T_OK &&
	       v6t_xlat_eamt_4to6(s->c.eamt, &a, &back) == V6T_OK;
}

/* The version of a translated packet (or its fragments): the other one,
 * or IPv6 again for a hairpinned packet (which condition B, an ICMPv6
 * error's, may also make). */
static int version_ok(const struct setup *s, const uint8_t *in, int hairpin,
		      unsigned version)
{
	if (in[0] >> 4 == 4 || hairpin)
		return version == 6;
	return version == 4 || (version == 6 && (s->c.flags & V6T_XLAT_HAIRPIN));
}

/* The header fields the flags decide, in a translated packet p. */
static void check_flags(const struct setup *s, const uint8_t *p, unsigned version)
{
	unsigned f = s->c.flags;

	if (version == 6) {
		if (f & V6T_XLAT_TC_ZERO)
			check((be16(p) & 0x0ff0) == 0);
		if (!(f & V6T_XLAT_FLOWLABEL))
			check((p[1] & 15) == 0 && p[2] == 0 && p[3] == 0);
	} else if (f & V6T_XLAT_TOS_SET) {
		check(p[1] == s->c.tos);
	}
}

static void check_output(const struct setup *s, const uint8_t *in, int in_ok,
			 const v6t_pkt *vin, int hairpin, const v6t_xlat_result *r)
{
	v6t_pkt v;

	check(in_ok == V6T_OK || r->reason == V6T_EPKT_HOP_BY_HOP);
	if (r->verdict == V6T_XLAT_ICMP_ERROR) {
		check(r->version == in[0] >> 4 && r->reason < 0);
		check(!(s->c.flags & V6T_XLAT_NO_ICMP_ERRORS));
	} else {
		check(r->reason == V6T_OK && version_ok(s, in, hairpin, r->version));
		check_flags(s, r->data, r->version);
	}
	check_packet(r->data, r->len, r->version, &v);
	/* an error the translator built or translated (IPv6's Next Header 1
	 * and IPv4's protocol 58 pass as they are, §4.5, §5.1) */
	if (r->verdict == V6T_XLAT_ICMP_ERROR ||
	    (in_ok == V6T_OK && is_icmp_error(in, vin))) {
		check(is_icmp_error(r->data, &v));
		check_icmp_error(r->data, &v, r->reason);
		return;
	}
	if (r->verdict == V6T_XLAT_FORWARD && in_ok == V6T_OK &&
	    !is_icmp_error(in, vin) && l4_sum_ok(in, vin) == 1)
		check(l4_sum_ok(r->data, &v) == 1);
}

static void check_fragments(const struct setup *s, const uint8_t *in,
			    int hairpin, v6t_xlat_result *a, v6t_xlat_result *b)
{
	uint32_t mtu = a->version == 6 ? s->mtu6_frag : s->mtu4, i;
	uint8_t *fa = malloc(mtu), *fb = malloc(mtu);
	size_t na, nb;
	v6t_pkt v;

	check(fa != NULL && fb != NULL);
	check(a->count == b->count && a->count > 0);
	check(version_ok(s, in, hairpin, a->version));
	for (i = 0; i < a->count; i++) {
		check(v6t_xlat_next_fragment(a, fa, mtu, &na) == V6T_OK);
		check(v6t_xlat_next_fragment(b, fb, mtu, &nb) == V6T_OK);
		check(na == nb && na <= mtu && memcmp(fa, fb, na) == 0);
		check_packet(fa, na, a->version, &v);
		check_flags(s, fa, a->version);
		check(v.flags & (V6T_PKT_FRAGMENT | V6T_PKT_ATOMIC));
	}
	check(v6t_xlat_next_fragment(a, fa, mtu, &na) == V6T_EINVAL);
	check(v6t_xlat_next_fragment(b, fb, mtu, &nb) == V6T_EINVAL);
	free(fa);
	free(fb);
}

static void run(const struct setup *s, const uint8_t *pkt, size_t len)
{
	size_t cap = len + V6T_XLAT_GROWTH, icap = V6T_XLAT_HEADROOM + cap;
	uint8_t *out = malloc(cap), *buf = malloc(icap);
	v6t_xlat_result a, b;
	v6t_pkt vin;
	int in_ok, hairpin;

	check(out != NULL && buf != NULL);
	if (len > 0)
		memcpy(buf + V6T_XLAT_HEADROOM, pkt, len);
	in_ok = v6t_pkt_parse(pkt, len, 0, &vin);
	hairpin = in_ok == V6T_OK && vin.version == 6 && !is_icmp_error(pkt, &vin) &&
		  hairpins(s, pkt);
	check(v6t_xlat_translate(&s->x, pkt, len, out, cap, &a) == V6T_OK);
	check(v6t_xlat_translate_inplace(&s->x, buf, icap, V6T_XLAT_HEADROOM, len,
					 &b) == V6T_OK);
	check(a.verdict == b.verdict && a.reason == b.reason);
	switch (a.verdict) {
	case V6T_XLAT_FORWARD:
	case V6T_XLAT_ICMP_ERROR:
		check(a.len == b.len && a.version == b.version);
		check(a.data >= out && a.len <= cap - (size_t)(a.data - out));
		check(b.data >= buf && b.len <= icap - (size_t)(b.data - buf));
		check(memcmp(a.data, b.data, a.len) == 0);
		check_output(s, pkt, in_ok, &vin, hairpin, &a);
		break;
	case V6T_XLAT_FRAGMENTS:
		check(in_ok == V6T_OK && a.reason == V6T_OK);
		check_fragments(s, pkt, hairpin, &a, &b);
		break;
	default:
		check(a.verdict == V6T_XLAT_DROP && a.reason < 0);
	}
	free(out);
	free(buf);
}

/* -------------------------------------------------------------------- */
/* Making inputs that get far */

/* The checksum field of a transport header, or -1. */
static int csum_off(unsigned proto)
{
	return proto == 6 ? 16 : proto == 17 ? 6 : proto == 1 || proto == 58 ? 2 : -1;
}

/* Mode 1: lengths, the IPv4 header checksum and the transport checksum
 * of a whole packet made right. */
static void fixup(uint8_t *p, size_t n)
{
	v6t_pkt v;
	int off;

	if (n < 1 || n > IP_MAX)
		return;
	if (p[0] >> 4 == 4 && n >= 20) {
		if ((p[0] & 15) < 5 || (size_t)(p[0] & 15) * 4 > n)
			p[0] = 0x45;
		st16(p + 2, (unsigned)n);
	} else if (p[0] >> 4 == 6 && n >= 40) {
		st16(p + 4, (unsigned)(n - 40));
	} else {
		return;
	}
	if (v6t_pkt_parse(p, n, 0, &v) == V6T_OK && (v.flags & V6T_PKT_L4) &&
	    !(v.flags & V6T_PKT_FRAGMENT) && (off = csum_off(v.proto)) >= 0 &&
	    v.end - v.l4_off >= (uint32_t)off + 2) {
		uint8_t *t = p + v.l4_off;
		size_t tn = v.end - v.l4_off;
		unsigned long s = v.proto == 1 ? 0 : pseudo(p, v.proto, tn);
		unsigned c;

		st16(t + off, 0);
		c = ~sum16(s, t, tn) & 0xffff;
		st16(t + off, c == 0 && v.proto == 17 ? 0xffff : c);
	}
	if (p[0] >> 4 == 4) {
		st16(p + 10, 0);
		st16(p + 10, ~sum16(0, p, (size_t)(p[0] & 15) * 4) & 0xffff);
	}
}

static const uint8_t TYPES4[8] = { 3, 11, 12, 3, 3, 11, 4, 5 };
static const uint8_t TYPES6[8] = { 1, 2, 3, 4, 1, 3, 4, 0 };

/* Addresses for the hostile errors: ADDR4S, and for IPv6 what the
 * translator maps them from (else FALLBACK6S): a host behind EAM or
 * RFC 6052, an unmapped one, multicast. */
static const v6t_in4 ADDR4S[8] = {
	{ { 192, 0, 2, 5 } },   { { 198, 51, 100, 1 } }, { { 192, 0, 2, 200 } },
	{ { 10, 1, 2, 3 } },    { { 8, 8, 8, 8 } },      { { 203, 0, 113, 9 } },
	{ { 0, 0, 0, 0 } },     { { 224, 0, 0, 1 } },
};
static const v6t_in6 DEAD6 = { { 0x20, 0x01, 0x0d, 0xb8, 0xde, 0xad, [15] = 1 } };
static const v6t_in6 MCAST6 = { { 0xff, 0x02, [15] = 1 } };

static void addr6(const struct setup *s, unsigned i, uint8_t *out)
{
	v6t_in6 a;

	if (i == 6 || v6t_xlat_addr_4to6(&s->x, &ADDR4S[i], &a) != V6T_OK)
		a = i == 7 ? MCAST6 : DEAD6;
	memcpy(out, a.b, 16);
}

/* The address with selector i of the version of header h, at dst. */
static void put_addr(const struct setup *s, int v6, unsigned i, uint8_t *dst)
{
	if (v6)
		addr6(s, i & 7, dst);
	else
		memcpy(dst, ADDR4S[i & 7].b, 4);
}

/*
 * Modes 2 and 3: an ICMPv4 / ICMPv6 error with a right outer header and
 * ICMP checksum around the quoted bytes q. Parameters e:
 *   0 bits 0-2 type (TYPES4 / TYPES6), bit 3 raw code (else code modulo
 *     16 / 5), bit 4 the RFC 4884 length made 128 bytes
 *   1 code; 2..5 ICMP bytes 4..7 (the RFC 4884 length is byte 5 / 4);
 *   6 TTL / Hop Limit;
 *   7 address selectors: bits 0-2 outer source, 3-5 outer destination
 *   8 bits 0-2 quoted source, 3-5 quoted destination
 *   9 the quote: bit 0 a plausible IP header of the error's version,
 *     bit 1 its length field the quote's, bit 2 (IPv4) its checksum
 *     right, bit 3 the other version, bits 4-7 IPv4 IHL (5 + n % 11)
 * Returns the packet (malloc'd), its length in *n.
 */
static uint8_t *build_error(const struct setup *s, int v6, const uint8_t *e,
			    const uint8_t *q, size_t qn, size_t *n)
{
	size_t hdr = v6 ? 48 : 28, ql, total;
	int qv6 = (e[9] & 8) ? !v6 : v6;
	size_t qhl = qv6 ? 40 : (size_t)(5 + (e[9] >> 4) % 11) * 4;
	uint8_t *p, *m, *iq;

	if (qn > IP_MAX - hdr - 60)
		qn = IP_MAX - hdr - 60;
	ql = (e[9] & 1) && qn < qhl ? qhl : qn;
	total = hdr + ql;
	p = calloc(1, total);
	check(p != NULL);
	m = p + hdr - 8;
	iq = p + hdr;
	memcpy(iq, q, qn);
	if (e[9] & 1) {
		if (qv6) {
			iq[0] = (uint8_t)(0x60 | (iq[0] & 15));
			if (e[9] & 2)
				st16(iq + 4, (unsigned)(ql - 40));
			put_addr(s, 1, e[8], iq + 8);
			put_addr(s, 1, e[8] >> 3, iq + 24);
		} else {
			iq[0] = (uint8_t)(0x40 | qhl / 4);
			if (e[9] & 2)
				st16(iq + 2, (unsigned)ql);
			put_addr(s, 0, e[8], iq + 12);
			put_addr(s, 0, e[8] >> 3, iq + 16);
			if (e[9] & 4) {
				st16(iq + 10, 0);
				st16(iq + 10, ~sum16(0, iq, qhl) & 0xffff);
			}
		}
	}
	if (v6) {
		p[0] = 0x60;
		st16(p + 4, (unsigned)(total - 40));
		p[6] = 58;
		p[7] = e[6];
		put_addr(s, 1, e[7], p + 8);
		put_addr(s, 1, e[7] >> 3, p + 24);
	} else {
		p[0] = 0x45;
		st16(p + 2, (unsigned)total);
		p[8] = e[6];
		p[9] = 1;
		put_addr(s, 0, e[7], p + 12);
		put_addr(s, 0, e[7] >> 3, p + 16);
		st16(p + 10, ~sum16(0, p, 20) & 0xffff);
	}
	m[0] = (v6 ? TYPES6 : TYPES4)[e[0] & 7];
	m[1] = (e[0] & 8) ? e[1] : (uint8_t)(e[1] % (v6 ? 5 : 16));
	memcpy(m + 4, e + 2, 4);
	if (e[0] & 16)
		m[v6 ? 4 : 5] = (uint8_t)(RFC4884_MIN / (v6 ? 8 : 4));
	st16(m + 2, ~sum16(v6 ? pseudo(p, 58, total - 40) : 0, m, total - hdr + 8) &
			    0xffff);
	*n = total;
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct setup s;
	uint8_t *p;
	size_t n = size - CFG_LEN;
	unsigned mode;

	if (size < CFG_LEN)
		return 0;
	configure(&s, data);
	mode = data[0] & 3;
	if (mode == MODE_ERR4 || mode == MODE_ERR6) {
		if (n < ERR_PARAMS_LEN)
			return 0;
		p = build_error(&s, mode == MODE_ERR6, data + CFG_LEN,
				data + CFG_LEN + ERR_PARAMS_LEN, n - ERR_PARAMS_LEN, &n);
	} else {
		/* an exact-size copy, so that over-reads show under ASan */
		p = malloc(n ? n : 1);
		check(p != NULL);
		memcpy(p, data + CFG_LEN, n);
		if (mode == MODE_FIXUP)
			fixup(p, n);
	}
	run(&s, p, n);
	free(p);
	return 0;
}
