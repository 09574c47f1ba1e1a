/*
 * Teredo (tunnel.h): the UDP payload of RFC 4380 §5.1.1 with RFC 6081
 * trailers, the encapsulation, bubbles, the qualification RS/RA, the
 * reception rules of a client (§5.2.3) and a relay (§5.4.2), the list of
 * peers with the bubble rules (§5.2.6), the transmission rules (§5.2.4,
 * §5.4.1), and the real Miredo captures of tests/vectors/miredo.
 *
 * Expected bytes are worked out from the RFCs in the comments; where a
 * Miredo capture is compared, it is as an independent implementation's
 * output, each field of which the comment checks against the RFC.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <v6transit/v6transit.h>

#include "pktbuild.h"
#include "testutil.h"

#ifndef V6T_MIREDO_DIR
#define V6T_MIREDO_DIR "tests/vectors/miredo"
#endif

/* ---- helpers ---------------------------------------------------------- */

/* An exact-size heap copy, so that a read past the end trips ASan. */
static uint8_t *dup_exact(const uint8_t *p, size_t n)
{
	uint8_t *c = malloc(n ? n : 1);

	ck_assert_ptr_nonnull(c);
	if (n)
		memcpy(c, p, n);
	return c;
}

static int parse_exact(const uint8_t *p, size_t n, v6t_teredo_msg *m)
{
	uint8_t *c = dup_exact(p, n);
	int rc = v6t_teredo_parse(c, n, m);

	free(c);
	return rc;
}

/* An IPv6 header (RFC 8200 §3) with plen, nh, hop limit, src, dst. */
static void put_ip6(struct pb *p, unsigned plen, unsigned nh, unsigned hlim,
		    const char *src, const char *dst)
{
	v6t_in6 s = tu_in6(src), d = tu_in6(dst);

	pb_put32(p, 0x60000000u);
	pb_put16(p, plen);
	pb_put8(p, nh);
	pb_put8(p, hlim);
	pb_put_bytes(p, s.b, 16);
	pb_put_bytes(p, d.b, 16);
}

/* The ICMPv6 checksum of the message at p->b + ip + 40 (n bytes), written
 * in place with the test's own sum (RFC 4443 §2.3, RFC 8200 §8.1). */
static void fix_icmp6(struct pb *p, size_t ip, size_t n)
{
	uint8_t *icmp = p->b + ip + 40;
	uint32_t s;

	icmp[2] = icmp[3] = 0;
	s = pb_sum16(0, p->b + ip + 8, 32);
	s += (uint32_t)n + 58;
	s = pb_sum16(s, icmp, n);
	icmp[2] = (uint8_t)(~s >> 8);
	icmp[3] = (uint8_t)~s;
}

static const uint8_t NONCE[8] = { 0xf8, 0x97, 0xbd, 0x4d, 0x24, 0x63, 0x0b, 0xd7 };

/* ---- payload format (§5.1.1) ----------------------------------------- */

/* RFC 4380 §5.1.1: "if the original UDP port number was 337 (hexadecimal
 * 0151) and original IPv4 address was 1.2.3.4 (hexadecimal 01020304), the
 * origin indication would contain the value 0000FEAEFEFDFCFB". */
START_TEST(test_teredo_origin_rfc_example)
{
	struct pb ip = { { 0 }, 0 };
	uint8_t out[48];
	size_t n = 0;
	v6t_teredo_hdrs h;
	v6t_teredo_msg m;
	static const uint8_t want[8] = { 0x00, 0x00, 0xfe, 0xae,
					 0xfe, 0xfd, 0xfc, 0xfb };

	put_ip6(&ip, 0, 59, 0, "2001::1", "2001::2");
	memset(&h, 0, sizeof(h));
	h.has_origin = 1;
	h.origin_port = 337;
	h.origin_addr = tu_in4("1.2.3.4");
	ck_assert_uint_eq(v6t_teredo_hdrs_len(&h), 8);
	ck_assert_int_eq(v6t_teredo_payload_build(out, sizeof(out), &h, ip.b,
						  ip.n, &n), V6T_OK);
	ck_assert_uint_eq(n, 48);
	ck_assert_mem_eq(out, want, 8);
	ck_assert_mem_eq(out + 8, ip.b, 40);
	ck_assert_int_eq(parse_exact(out, n, &m), V6T_OK);
	ck_assert_uint_eq(m.flags, V6T_TEREDO_F_ORIGIN);
	ck_assert_uint_eq(m.origin_port, 337);
	ck_assert_mem_eq(m.origin_addr.b, "\x01\x02\x03\x04", 4);
	ck_assert_uint_eq(m.ip6_off, 8);
	ck_assert_uint_eq(m.ip6_len, 40);
	ck_assert_uint_eq(m.kind, V6T_TEREDO_BUBBLE);
}
END_TEST

/* §5.1.1 Authentication then origin: 00 01 ID-len AU-len, ID, AU, nonce,
 * confirmation; then 00 00 port addr. With ID "ab" (2) and AU "xyz" (3)
 * the header is 13 + 5 = 18 bytes, the origin at 18, IPv6 at 26. */
START_TEST(test_teredo_auth_and_origin_layout)
{
	struct pb ip = { { 0 }, 0 }, want = { { 0 }, 0 };
	v6t_teredo_auth a;
	v6t_teredo_hdrs h;
	v6t_teredo_msg m;
	uint8_t out[128];
	size_t n = 0;

	put_ip6(&ip, 4, 17, 64, "2001::1", "2001::2");
	pb_put32(&ip, 0xdeadbeef);
	memset(&a, 0, sizeof(a));
	a.client_id = (const uint8_t *)"ab";
	a.id_len = 2;
	a.value = (const uint8_t *)"xyz";
	a.au_len = 3;
	memcpy(a.nonce, NONCE, 8);
	a.confirmation = 0x01;
	memset(&h, 0, sizeof(h));
	h.auth = &a;
	h.has_origin = 1;
	h.origin_port = 0x0dd9;                  /* 3545 -> f226 */
	h.origin_addr = tu_in4("192.0.2.10");    /* c000020a -> 3ffffdf5 */
	pb_put16(&want, 0x0001);
	pb_put8(&want, 2);
	pb_put8(&want, 3);
	pb_put_bytes(&want, (const uint8_t *)"abxyz", 5);
	pb_put_bytes(&want, NONCE, 8);
	pb_put8(&want, 0x01);
	pb_put16(&want, 0x0000);
	pb_put16(&want, 0xf226);
	pb_put32(&want, 0x3ffffdf5);
	pb_put_bytes(&want, ip.b, ip.n);
	ck_assert_uint_eq(v6t_teredo_hdrs_len(&h), 26);
	ck_assert_int_eq(v6t_teredo_payload_build(out, sizeof(out), &h, ip.b,
						  ip.n, &n), V6T_OK);
	ck_assert_uint_eq(n, want.n);
	ck_assert_mem_eq(out, want.b, want.n);

	ck_assert_int_eq(parse_exact(want.b, want.n, &m), V6T_OK);
	ck_assert_uint_eq(m.flags, V6T_TEREDO_F_AUTH | V6T_TEREDO_F_ORIGIN);
	ck_assert_uint_eq(m.id_off, 4);
	ck_assert_uint_eq(m.id_len, 2);
	ck_assert_uint_eq(m.au_off, 6);
	ck_assert_uint_eq(m.au_len, 3);
	ck_assert_mem_eq(m.nonce, NONCE, 8);
	ck_assert_uint_eq(m.confirmation, 1);
	ck_assert_uint_eq(m.origin_port, 3545);
	ck_assert_mem_eq(m.origin_addr.b, "\xc0\x00\x02\x0a", 4);
	ck_assert_uint_eq(m.ip6_off, 26);
	ck_assert_uint_eq(m.ip6_len, 44);
	ck_assert_uint_eq(m.trailer_off, 70);
	ck_assert_uint_eq(m.trailer_len, 0);
	ck_assert_uint_eq(m.kind, V6T_TEREDO_DATA);
}
END_TEST

/* Simple encapsulation: the IPv6 packet is the payload (§5.1.1); the
 * headroom case moves nothing. */
START_TEST(test_teredo_payload_simple_and_in_place)
{
	struct pb ip = { { 0 }, 0 };
	uint8_t buf[80];
	v6t_teredo_hdrs h;
	size_t n = 0;

	put_ip6(&ip, 0, 59, 0, "2001::1", "2001::2");
	ck_assert_uint_eq(v6t_teredo_hdrs_len(NULL), 0);
	ck_assert_int_eq(v6t_teredo_payload_build(buf, 40, NULL, ip.b, 40, &n),
			 V6T_OK);
	ck_assert_uint_eq(n, 40);
	ck_assert_mem_eq(buf, ip.b, 40);
	/* packet already at buf + 8: only the origin is written before it */
	memset(buf, 0xee, sizeof(buf));
	memcpy(buf + 8, ip.b, 40);
	memset(&h, 0, sizeof(h));
	h.has_origin = 1;
	ck_assert_int_eq(v6t_teredo_payload_build(buf, sizeof(buf), &h,
						  buf + 8, 40, &n), V6T_OK);
	ck_assert_uint_eq(n, 48);
	ck_assert_mem_eq(buf, "\x00\x00\xff\xff\xff\xff\xff\xff", 8);
	ck_assert_mem_eq(buf + 8, ip.b, 40);
	ck_assert_uint_eq(buf[48], 0xee);
	/* and a packet at buf itself moves up (memmove) */
	memcpy(buf, ip.b, 40);
	ck_assert_int_eq(v6t_teredo_payload_build(buf, sizeof(buf), &h, buf,
						  40, &n), V6T_OK);
	ck_assert_mem_eq(buf + 8, ip.b, 40);
}
END_TEST

START_TEST(test_teredo_payload_build_errors)
{
	struct pb ip = { { 0 }, 0 };
	uint8_t out[64];
	v6t_teredo_auth a;
	v6t_teredo_hdrs h;
	size_t n = 7;

	put_ip6(&ip, 0, 59, 0, "2001::1", "2001::2");
	ck_assert_int_eq(v6t_teredo_payload_build(NULL, 64, NULL, ip.b, 40, &n), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_payload_build(out, 64, NULL, NULL, 40, &n), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_payload_build(out, 64, NULL, ip.b, 40, NULL), V6T_EINVAL);
	memset(&a, 0, sizeof(a));
	a.id_len = 1; /* without an identifier */
	memset(&h, 0, sizeof(h));
	h.auth = &a;
	ck_assert_int_eq(v6t_teredo_payload_build(out, 64, &h, ip.b, 40, &n), V6T_EINVAL);
	a.id_len = 0;
	a.au_len = 1;
	ck_assert_int_eq(v6t_teredo_payload_build(out, 64, &h, ip.b, 40, &n), V6T_EINVAL);
	/* not IPv6; too short; Payload Length not the length */
	ip.b[0] = 0x45;
	ck_assert_int_eq(v6t_teredo_payload_build(out, 64, NULL, ip.b, 40, &n), V6T_ETEREDO_IPV6_VERSION);
	ck_assert_int_eq(v6t_teredo_payload_build(out, 64, NULL, ip.b, 0, &n), V6T_ETEREDO_IPV6_VERSION);
	ip.b[0] = 0x60;
	ck_assert_int_eq(v6t_teredo_payload_build(out, 64, NULL, ip.b, 39, &n), V6T_ETEREDO_IPV6_LENGTH);
	ip.b[5] = 1;
	ck_assert_int_eq(v6t_teredo_payload_build(out, 64, NULL, ip.b, 40, &n), V6T_ETEREDO_IPV6_LENGTH);
	ip.b[5] = 0;
	ck_assert_uint_eq(n, 7);
	/* 13 + 8 + 40 = 61 bytes needed */
	a.au_len = 0;
	h.has_origin = 1;
	ck_assert_int_eq(v6t_teredo_payload_build(out, 60, &h, ip.b, 40, &n), V6T_ENOSPC);
	ck_assert_uint_eq(n, 61);
}
END_TEST

/* 65507 = 65535 - 20 (IPv4) - 8 (UDP) is the largest payload. */
START_TEST(test_teredo_payload_too_big)
{
	size_t len = 65536 + 40 - 1;
	uint8_t *ip = calloc(len, 1), *out = malloc(70000);
	v6t_teredo_hdrs h;
	v6t_tun_result res;
	v6t_teredo_encap_cfg cfg;
	size_t n = 0;

	ck_assert_ptr_nonnull(ip);
	ck_assert_ptr_nonnull(out);
	ip[0] = 0x60;
	/* 40 + 65467 = 65507: fits exactly */
	ip[4] = 0xff;
	ip[5] = 0xbb;
	ck_assert_int_eq(v6t_teredo_payload_build(out, 70000, NULL, ip, 65507, &n), V6T_OK);
	memset(&h, 0, sizeof(h));
	h.has_origin = 1;
	ck_assert_int_eq(v6t_teredo_payload_build(out, 70000, &h, ip, 65507, &n), V6T_ETEREDO_TOO_BIG);
	memset(&cfg, 0, sizeof(cfg));
	cfg.ttl = 64;
	cfg.hdrs.has_origin = 1;
	ck_assert_int_eq(v6t_teredo_encap(out, 70000, &cfg, ip, 65507, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_DROP);
	ck_assert_int_eq(res.reason, V6T_ETEREDO_TOO_BIG);
	free(ip);
	free(out);
}
END_TEST

/* Every way a payload can be wrong, each in an exact-size block. */
struct parse_case {
	const char *hex;
	int rc;
};

static const struct parse_case parse_cases[] = {
	{ "", V6T_ETEREDO_TRUNCATED },
	{ "00", V6T_ETEREDO_TRUNCATED },
	{ "0001", V6T_ETEREDO_TRUNCATED },                 /* no ID-len/AU-len */
	{ "000100", V6T_ETEREDO_TRUNCATED },
	{ "00010000f897bd4d24630b", V6T_ETEREDO_TRUNCATED }, /* 11 of 13 */
	{ "00010000f897bd4d24630bd7", V6T_ETEREDO_TRUNCATED }, /* no confirmation */
	{ "00010201f897bd4d24630bd700", V6T_ETEREDO_TRUNCATED }, /* ID+AU 3 bytes short */
	{ "00010000f897bd4d24630bd700", V6T_ETEREDO_TRUNCATED }, /* nothing after */
	{ "0000ffffffff", V6T_ETEREDO_TRUNCATED },         /* origin 6 of 8 */
	{ "0000ffffffffffff", V6T_ETEREDO_TRUNCATED },     /* origin, nothing after */
	{ "0002", V6T_ETEREDO_INDICATOR },
	{ "00ff0000", V6T_ETEREDO_INDICATOR },
	{ "0000ffffffffffff0000ffffffffffff", V6T_ETEREDO_INDICATOR }, /* origin twice */
	{ "0000ffffffffffff00010000f897bd4d24630bd700", V6T_ETEREDO_INDICATOR }, /* auth after origin */
	{ "00010000f897bd4d24630bd70000010000f897bd4d24630bd700", V6T_ETEREDO_INDICATOR }, /* auth twice */
	{ "0000ffffffffffff0003", V6T_ETEREDO_INDICATOR },
	{ "45000014", V6T_ETEREDO_IPV6_VERSION },
	{ "0000ffffffffffff45", V6T_ETEREDO_IPV6_VERSION },
	{ "60", V6T_ETEREDO_TRUNCATED },
};

static size_t unhex(uint8_t *out, const char *s)
{
	size_t n = 0;
	unsigned v;

	while (s[0] && s[1] && sscanf(s, "%2x", &v) == 1) {
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

START_TEST(test_teredo_parse_errors)
{
	uint8_t b[64];
	size_t n = unhex(b, parse_cases[_i].hex);
	v6t_teredo_msg m;

	memset(&m, 0x5a, sizeof(m));
	ck_assert_msg(parse_exact(b, n, &m) == parse_cases[_i].rc, "case %d", _i);
	ck_assert_uint_eq(m.ip6_off, 0x5a5a5a5a); /* untouched */
}
END_TEST

/* The IPv6 header must be whole, and 40 + Payload Length within the
 * payload (RFC 4380 §5.2.3 "consistent", RFC 6081 §4 "less than or equal"). */
START_TEST(test_teredo_parse_ipv6_lengths)
{
	struct pb p = { { 0 }, 0 };
	v6t_teredo_msg m;

	put_ip6(&p, 4, 17, 64, "2001::1", "2001::2");
	ck_assert_int_eq(parse_exact(p.b, 39, &m), V6T_ETEREDO_TRUNCATED);
	ck_assert_int_eq(parse_exact(p.b, 40, &m), V6T_ETEREDO_IPV6_LENGTH);
	ck_assert_int_eq(parse_exact(p.b, 43, &m), V6T_ETEREDO_IPV6_LENGTH);
	pb_put32(&p, 0);
	ck_assert_int_eq(parse_exact(p.b, 44, &m), V6T_OK);
	ck_assert_uint_eq(m.ip6_len, 44);
	ck_assert_uint_eq(m.flags, 0);
	/* extra bytes are trailers, not an error (RFC 6081 §4) */
	pb_put8(&p, 0x01);
	pb_put8(&p, 0x04);
	pb_put32(&p, 0x11223344);                 /* Nonce trailer, §4.2 */
	ck_assert_int_eq(parse_exact(p.b, p.n, &m), V6T_OK);
	ck_assert_uint_eq(m.flags, V6T_TEREDO_F_TRAILERS);
	ck_assert_uint_eq(m.trailer_off, 44);
	ck_assert_uint_eq(m.trailer_len, 6);
}
END_TEST

/* RFC 6081 §4.1 / §5.1.2: an unknown type whose two high bits are 01
 * discards; 00, 10, 11 skip; a malformed trailer stops the walk. */
START_TEST(test_teredo_parse_trailers)
{
	struct pb p = { { 0 }, 0 };
	v6t_teredo_msg m;
	size_t base;

	put_ip6(&p, 0, 59, 0, "2001::1", "2001::2");
	base = p.n;
	pb_put8(&p, 0x40);        /* 01 000000: discard */
	pb_put8(&p, 0);
	ck_assert_int_eq(parse_exact(p.b, p.n, &m), V6T_ETEREDO_TRAILER);
	p.b[base] = 0x7f;
	ck_assert_int_eq(parse_exact(p.b, p.n, &m), V6T_ETEREDO_TRAILER);
	p.b[base] = 0x80;         /* 10: skip */
	ck_assert_int_eq(parse_exact(p.b, p.n, &m), V6T_OK);
	p.b[base] = 0xc0;         /* 11: skip */
	ck_assert_int_eq(parse_exact(p.b, p.n, &m), V6T_OK);
	p.b[base] = 0x3f;         /* 00: skip */
	ck_assert_int_eq(parse_exact(p.b, p.n, &m), V6T_OK);
	/* a skipped trailer, then a discarding one */
	p.b[base] = 0x05;         /* Random Port, §4.5, length 2 */
	p.b[base + 1] = 2;
	pb_put16(&p, 0x1234);
	pb_put8(&p, 0x41);
	pb_put8(&p, 0);
	ck_assert_int_eq(parse_exact(p.b, p.n, &m), V6T_ETEREDO_TRAILER);
	/* the same discarding type after a malformed trailer: the walk
	 * stopped ("MUST stop processing the trailers") */
	p.b[base + 1] = 200;
	ck_assert_int_eq(parse_exact(p.b, p.n, &m), V6T_OK);
	ck_assert_uint_eq(m.trailer_len, 6);
	/* one byte left is malformed too */
	ck_assert_int_eq(parse_exact(p.b, base + 1, &m), V6T_OK);
	ck_assert_uint_eq(m.trailer_len, 1);
}
END_TEST

/* ---- bubbles, RS, RA (§2.8, §5.2.1, §5.2.2) --------------------------- */

START_TEST(test_teredo_bubble_build)
{
	uint8_t b[40];
	v6t_in6 s = tu_in6("fe80::d838:d48e:17ee:fb77");
	v6t_in6 d = tu_in6("2001:0:c633:6401:24ee:44c3:34ff:8ef5");
	v6t_teredo_msg m;
	/* RFC 4380 §2.8 / RFC 8200 §3: 6 0 0, Payload Length 0, Next Header
	 * 59, Hop Limit 0, src, dst: the indirect bubble Miredo's relay sent
	 * (server.pcap, record 6, bytes 28..) */
	static const uint8_t want[8] = { 0x60, 0, 0, 0, 0x00, 0x00, 0x3b, 0x00 };

	ck_assert_int_eq(v6t_teredo_bubble_build(b, &s, &d), V6T_OK);
	ck_assert_mem_eq(b, want, 8);
	ck_assert_mem_eq(b + 8, s.b, 16);
	ck_assert_mem_eq(b + 24, d.b, 16);
	ck_assert_int_eq(parse_exact(b, 40, &m), V6T_OK);
	ck_assert_uint_eq(m.kind, V6T_TEREDO_BUBBLE);
	ck_assert_int_eq(v6t_teredo_bubble_build(NULL, &s, &d), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_bubble_build(b, NULL, &d), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_bubble_build(b, &s, NULL), V6T_EINVAL);
	/* Next Header 59 with a payload is not a bubble */
	b[5] = 1;
	{
		uint8_t c[41];

		memcpy(c, b, 40);
		c[40] = 0;
		ck_assert_int_eq(parse_exact(c, 41, &m), V6T_OK);
		ck_assert_uint_eq(m.kind, V6T_TEREDO_DATA);
	}
}
END_TEST

/*
 * The RS of §5.2.1 with the authentication header of §5.2.2, by hand:
 * 00 01 00 00, nonce, 00; IPv6 60000000 0008 3a ff, fe80::ffff:ffff:ffff
 * (cone bit, byte 8, clear: RFC 5991 §3.2), ff02::2; ICMPv6 85 00 sum
 * 00000000. The checksum (RFC 4443 §2.3): pseudo-header words fe80 +
 * 3 * ffff + ff02 + 0002 + length 0008 + next header 003a = 0x4fdc3, plus
 * 8500 = 0x582c3; folded 0x82c3 + 5 = 0x82c8; complemented 0x7d37.
 * Miredo's client sent exactly these 61 bytes (server.pcap record 1).
 */
START_TEST(test_teredo_rs_build_by_hand)
{
	uint8_t b[V6T_TEREDO_RS_LEN];
	struct pb want = { { 0 }, 0 };
	v6t_teredo_msg m;
	v6t_in6 ll = tu_in6("fe80::8000:ffff:ffff:fffd");

	pb_put32(&want, 0x00010000);
	pb_put_bytes(&want, NONCE, 8);
	pb_put8(&want, 0);
	put_ip6(&want, 8, 58, 255, "fe80::ffff:ffff:ffff", "ff02::2");
	pb_put32(&want, 0x85007d37);
	pb_put32(&want, 0);
	ck_assert_uint_eq(want.n, 61);
	ck_assert_int_eq(v6t_teredo_rs_build(b, NONCE, NULL), V6T_OK);
	ck_assert_mem_eq(b, want.b, 61);
	ck_assert_int_eq(parse_exact(b, 61, &m), V6T_OK);
	ck_assert_uint_eq(m.kind, V6T_TEREDO_RS);
	ck_assert_uint_eq(m.flags, V6T_TEREDO_F_AUTH);
	ck_assert_mem_eq(m.nonce, NONCE, 8);
	/* the legacy cone-phase source of RFC 4380 §5.2.1: flagged */
	ck_assert_int_eq(v6t_teredo_rs_build(b, NONCE, &ll), V6T_OK);
	ck_assert_int_eq(parse_exact(b, 61, &m), V6T_OK);
	ck_assert_uint_eq(m.kind, V6T_TEREDO_RS);
	ck_assert_uint_eq(m.flags, V6T_TEREDO_F_AUTH | V6T_TEREDO_F_CONE);
	ll = tu_in6("fe80:1::1");
	ck_assert_int_eq(v6t_teredo_rs_build(b, NONCE, &ll), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_rs_build(NULL, NONCE, NULL), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_rs_build(b, NULL, NULL), V6T_EINVAL);
}
END_TEST

/* RS and RA recognition needs the RFC 4861 §6.1 facts. */
START_TEST(test_teredo_rs_ra_recognition)
{
	uint8_t b[V6T_TEREDO_RS_LEN];
	v6t_teredo_msg m;

	ck_assert_int_eq(v6t_teredo_rs_build(b, NONCE, NULL), V6T_OK);
	b[13 + 7] = 64;                       /* Hop Limit not 255 */
	ck_assert_int_eq(parse_exact(b, 61, &m), V6T_OK);
	ck_assert_uint_eq(m.kind, V6T_TEREDO_DATA);
	b[13 + 7] = 255;
	b[13 + 40 + 1] = 1;                   /* code 1 */
	ck_assert_int_eq(parse_exact(b, 61, &m), V6T_OK);
	ck_assert_uint_eq(m.kind, V6T_TEREDO_DATA);
	b[13 + 40 + 1] = 0;
	b[13 + 24 + 15] = 1;                  /* to ff02::1 */
	ck_assert_int_eq(parse_exact(b, 61, &m), V6T_OK);
	ck_assert_uint_eq(m.kind, V6T_TEREDO_DATA);
	b[13 + 24 + 15] = 2;
	b[13 + 8 + 2] = 1;                    /* source fe80:1:: not fe80::/64 */
	ck_assert_int_eq(parse_exact(b, 61, &m), V6T_OK);
	ck_assert_uint_eq(m.kind, V6T_TEREDO_DATA);
	b[13 + 8 + 2] = 0;
	b[13 + 40] = 134;                     /* an RA of 8 bytes: too short */
	ck_assert_int_eq(parse_exact(b, 61, &m), V6T_OK);
	ck_assert_uint_eq(m.kind, V6T_TEREDO_DATA);
}
END_TEST

/*
 * The RA Miredo's server answered with (server.pcap record 3, UDP payload):
 * authentication with the RS's nonce, origin 44c3 34ff8ef5 (port bb3c =
 * 47932, address cb00710a = 203.0.113.10), IPv6 from fe80::8000:f227:39cc:
 * 9bfe to fe80::ffff:ffff:ffff, RA with a Prefix Information option
 * 2001:0:c633:6401::/64 (c633:6401 = 198.51.100.1, the server) and an MTU
 * option of 0x500 = 1280 (§5.1.2: "SHOULD normally be set to ... 1280").
 */
static const char RA_HEX[] =
	"00010000f897bd4d24630bd700000044c334ff8ef5"
	"6000000000383afffe800000000000008000f22739cc9bfe"
	"fe800000000000000000ffffffffffff"
	"8600954c0000000000000000000007d0"
	"03044040ffffffffffffffff0000000020010000c633640100000000000000000501000000000500";

START_TEST(test_teredo_qualify_miredo_ra)
{
	uint8_t b[256];
	size_t n = unhex(b, RA_HEX);
	v6t_teredo_msg m;
	v6t_teredo_qual q;
	v6t_in6 ll = tu_in6("fe80::ffff:ffff:ffff");
	v6t_in4 srv = tu_in4("198.51.100.1");
	v6t_prefix6 want_prefix;

	ck_assert_uint_eq(n, 117);
	ck_assert_int_eq(parse_exact(b, n, &m), V6T_OK);
	ck_assert_uint_eq(m.kind, V6T_TEREDO_RA);
	ck_assert_uint_eq(m.flags, V6T_TEREDO_F_AUTH | V6T_TEREDO_F_ORIGIN);
	ck_assert_uint_eq(m.ip6_off, 21);
	ck_assert_int_eq(v6t_teredo_qualify(b, &m, NONCE, &ll, &srv, &q), V6T_OK);
	ck_assert_mem_eq(q.mapped.b, "\xcb\x00\x71\x0a", 4);
	ck_assert_uint_eq(q.mapped_port, 47932);
	ck_assert_int_eq(tu_parse_prefix6(&want_prefix, "2001:0:c633:6401::/64"), V6T_OK);
	ck_assert_mem_eq(q.prefix.addr.b, want_prefix.addr.b, 16);
	ck_assert_uint_eq(q.prefix.len, 64);
	ck_assert_uint_eq(q.mtu, 1280);
}
END_TEST

/* Each qualification check fails alone, with its own code. */
START_TEST(test_teredo_qualify_errors)
{
	uint8_t b[256], c[256];
	size_t n = unhex(b, RA_HEX);
	v6t_teredo_msg m;
	v6t_teredo_qual q;
	v6t_in6 ll = tu_in6("fe80::ffff:ffff:ffff");
	v6t_in4 srv = tu_in4("198.51.100.1"), other = tu_in4("198.51.100.2");
	uint8_t nonce2[8];
	struct pb p = { { 0 }, 0 };
	const size_t icmp = 21 + 40;

	ck_assert_int_eq(parse_exact(b, n, &m), V6T_OK);
	memset(&q, 0x77, sizeof(q));
	memcpy(nonce2, NONCE, 8);
	nonce2[7] ^= 1;
	ck_assert_int_eq(v6t_teredo_qualify(b, &m, nonce2, &ll, &srv, &q), V6T_ETEREDO_RA_NONCE);
	ck_assert_int_eq(v6t_teredo_qualify(b, &m, NONCE, &ll, &other, &q), V6T_ETEREDO_RA_PREFIX);
	{
		v6t_in6 ll2 = tu_in6("fe80::1");

		ck_assert_int_eq(v6t_teredo_qualify(b, &m, NONCE, &ll2, &srv, &q), V6T_ETEREDO_RA_DEST);
	}
	ck_assert_uint_eq(q.mapped_port, 0x7777);
	ck_assert_int_eq(v6t_teredo_qualify(NULL, &m, NONCE, &ll, &srv, &q), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_qualify(b, &m, NONCE, &ll, &srv, NULL), V6T_EINVAL);
	/* a wrong checksum */
	memcpy(c, b, n);
	c[icmp + 3] ^= 1;
	ck_assert_int_eq(v6t_teredo_qualify(c, &m, NONCE, &ll, &srv, &q), V6T_ETEREDO_RA);
	/* without origin: the 8 bytes cut out (21 -> 13) */
	memcpy(c, b, 13);
	memcpy(c + 13, b + 21, n - 21);
	ck_assert_int_eq(parse_exact(c, n - 8, &m), V6T_OK);
	ck_assert_int_eq(v6t_teredo_qualify(c, &m, NONCE, &ll, &srv, &q), V6T_ETEREDO_RA_ORIGIN);
	/* without authentication: only origin and RA */
	ck_assert_int_eq(parse_exact(b + 13, n - 13, &m), V6T_OK);
	ck_assert_int_eq(v6t_teredo_qualify(b + 13, &m, NONCE, &ll, &srv, &q), V6T_ETEREDO_RA_NONCE);
	/* not an RA */
	ck_assert_int_eq(v6t_teredo_rs_build(c, NONCE, NULL), V6T_OK);
	ck_assert_int_eq(parse_exact(c, 61, &m), V6T_OK);
	ck_assert_int_eq(v6t_teredo_qualify(c, &m, NONCE, &ll, &srv, &q), V6T_ETEREDO_RA);
	/* options: a zero length; a second prefix; a prefix of length 48;
	 * none at all; each with its checksum made right by the test */
	pb_put_bytes(&p, b, n);
	p.b[icmp + 16 + 1] = 0;
	fix_icmp6(&p, 21, 56);
	ck_assert_int_eq(parse_exact(p.b, p.n, &m), V6T_OK);
	ck_assert_int_eq(v6t_teredo_qualify(p.b, &m, NONCE, &ll, &srv, &q), V6T_ETEREDO_RA);
	p.b[icmp + 16 + 1] = 4;
	p.b[icmp + 16 + 2] = 48;
	fix_icmp6(&p, 21, 56);
	ck_assert_int_eq(v6t_teredo_qualify(p.b, &m, NONCE, &ll, &srv, &q), V6T_ETEREDO_RA_PREFIX);
	p.b[icmp + 16 + 2] = 64;
	p.b[icmp + 48] = 3;   /* the MTU option becomes a second prefix of 8 bytes */
	fix_icmp6(&p, 21, 56);
	ck_assert_int_eq(v6t_teredo_qualify(p.b, &m, NONCE, &ll, &srv, &q), V6T_ETEREDO_RA);
	p.b[icmp + 48] = 5;
	p.b[icmp + 16] = 1;   /* the prefix becomes a Source Link-Layer option */
	fix_icmp6(&p, 21, 56);
	ck_assert_int_eq(v6t_teredo_qualify(p.b, &m, NONCE, &ll, &srv, &q), V6T_ETEREDO_RA_PREFIX);
	p.b[icmp + 16] = 3;
	fix_icmp6(&p, 21, 56);
	ck_assert_int_eq(v6t_teredo_qualify(p.b, &m, NONCE, &ll, &srv, &q), V6T_OK);
	/* an option running past the message */
	p.b[icmp + 48 + 1] = 2;
	fix_icmp6(&p, 21, 56);
	ck_assert_int_eq(v6t_teredo_qualify(p.b, &m, NONCE, &ll, &srv, &q), V6T_ETEREDO_RA);
}
END_TEST

/* ---- encapsulation ----------------------------------------------------- */

/*
 * The bubble Miredo's server forwarded to the client (server.pcap record
 * 7): IPv4 45 00 004c 0130 0000 40 11 sum c6336401 cb00710a; UDP 0dd8
 * bb3c 0038 sum; origin 0000 f226 3ffffdf5 (192.0.2.10:3545 obfuscated);
 * the bubble. By hand:
 * IPv4 header checksum (RFC 791): 4500 + 004c + 0130 + 0000 + 4011 +
 *   c633 + 6401 + cb00 + 710a = 0x2eccb; folded 0xeccd; complemented
 *   0x1332 (as captured).
 * UDP checksum (RFC 768): pseudo-header c633 + 6401 + cb00 + 710a + 0011
 *   + 0038 = 0x26687; header 0dd8 + bb3c + 0038 = 0xc94c; the 48 bytes of
 *   payload sum to 0x9019f; in all 0xc3172, folded 0x317e, complemented
 *   0xce81. (The capture holds 0x6689, the pseudo-header sum 0x26687
 *   folded: the sender's checksum offload had not filled the field in
 *   when tcpdump saw it on the veth.)
 */
START_TEST(test_teredo_encap_by_hand)
{
	uint8_t want[76], out[80], bubble[40];
	v6t_teredo_encap_cfg cfg;
	v6t_tun_result res;
	v6t_in6 s = tu_in6("fe80::d838:d48e:17ee:fb77");
	v6t_in6 d = tu_in6("2001:0:c633:6401:24ee:44c3:34ff:8ef5");

	ck_assert_uint_eq(unhex(want, "4500004c0130000040111332c6336401cb00710a"
				"0dd8bb3c0038ce81"
				"0000f2263ffffdf5"
				"6000000000003b00fe80000000000000d838d48e17eefb77"
				"20010000c633640124ee44c334ff8ef5"), 76);
	ck_assert_int_eq(v6t_teredo_bubble_build(bubble, &s, &d), V6T_OK);
	memset(&cfg, 0, sizeof(cfg));
	cfg.src = tu_in4("198.51.100.1");
	cfg.dst = tu_in4("203.0.113.10");
	cfg.sport = 3544;
	cfg.dport = 47932;
	cfg.ip_id = 0x0130;
	cfg.ttl = 64;
	cfg.hdrs.has_origin = 1;
	cfg.hdrs.origin_addr = tu_in4("192.0.2.10");
	cfg.hdrs.origin_port = 3545;
	memset(out, 0xee, sizeof(out));
	ck_assert_int_eq(v6t_teredo_encap(out, sizeof(out), &cfg, bubble, 40, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	ck_assert_int_eq(res.reason, V6T_OK);
	ck_assert_ptr_eq(res.data, out);
	ck_assert_uint_eq(res.len, 76);
	ck_assert_mem_eq(out, want, 76);
	ck_assert_uint_eq(out[76], 0xee);
	/* headroom: the packet already at out + 28 + 8 */
	memset(out, 0, sizeof(out));
	memcpy(out + 36, bubble, 40);
	ck_assert_int_eq(v6t_teredo_encap(out, 76, &cfg, out + 36, 40, &res), V6T_OK);
	ck_assert_mem_eq(out, want, 76);
}
END_TEST

/* RFC 768: a UDP checksum that computes to 0 is sent as 0xffff. The
 * payload is chosen so that the sum before complementing is 0xffff:
 * pseudo-header 0a00 + 0001 + 0a00 + 0002 (10.0.0.1 -> 10.0.0.2) + 0011
 * + 0030 = 0x1444; header 0001 + 0001 + 0030 = 0x0032; together 0x1476.
 * The 40-byte bubble is 6000 0000 0000 3b00 + 16 bytes of source + 16 of
 * destination: 6000 + 3b00 = 0x9b00, so 0xaf76 before the addresses,
 * which must add 0xffff - 0xaf76 = 0x5089 (one word of the source). */
START_TEST(test_teredo_encap_checksum_zero)
{
	uint8_t bubble[40], out[68];
	v6t_teredo_encap_cfg cfg;
	v6t_tun_result res;
	v6t_in6 s, d;

	memset(&s, 0, sizeof(s));
	memset(&d, 0, sizeof(d));
	s.b[0] = 0x50;
	s.b[1] = 0x89;
	ck_assert_int_eq(v6t_teredo_bubble_build(bubble, &s, &d), V6T_OK);
	memset(&cfg, 0, sizeof(cfg));
	cfg.src = tu_in4("10.0.0.1");
	cfg.dst = tu_in4("10.0.0.2");
	cfg.sport = 1;
	cfg.dport = 1;
	cfg.ttl = 1;
	ck_assert_int_eq(v6t_teredo_encap(out, sizeof(out), &cfg, bubble, 40, &res), V6T_OK);
	ck_assert_uint_eq(out[26], 0xff);
	ck_assert_uint_eq(out[27], 0xff);
}
END_TEST

START_TEST(test_teredo_encap_errors)
{
	uint8_t bubble[40], out[80];
	v6t_teredo_encap_cfg cfg;
	v6t_tun_result res;
	v6t_in6 a = tu_in6("2001::1");
	v6t_teredo_auth au;

	ck_assert_int_eq(v6t_teredo_bubble_build(bubble, &a, &a), V6T_OK);
	memset(&cfg, 0, sizeof(cfg));
	cfg.ttl = 64;
	ck_assert_int_eq(v6t_teredo_encap(NULL, 80, &cfg, bubble, 40, &res), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_encap(out, 80, NULL, bubble, 40, &res), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_encap(out, 80, &cfg, NULL, 40, &res), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_encap(out, 80, &cfg, bubble, 40, NULL), V6T_EINVAL);
	memset(&au, 0, sizeof(au));
	au.id_len = 3;
	cfg.hdrs.auth = &au;
	ck_assert_int_eq(v6t_teredo_encap(out, 80, &cfg, bubble, 40, &res), V6T_EINVAL);
	cfg.hdrs.auth = NULL;
	cfg.ttl = 0;
	ck_assert_int_eq(v6t_teredo_encap(out, 80, &cfg, bubble, 40, &res), V6T_EINVAL);
	cfg.ttl = 64;
	/* 28 + 40 = 68 needed */
	memset(out, 0xee, sizeof(out));
	ck_assert_int_eq(v6t_teredo_encap(out, 67, &cfg, bubble, 40, &res), V6T_ENOSPC);
	ck_assert_uint_eq(res.len, 68);
	ck_assert_uint_eq(out[0], 0xee);
	ck_assert_int_eq(v6t_teredo_encap(out, 80, &cfg, bubble, 39, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_DROP);
	ck_assert_int_eq(res.reason, V6T_ETEREDO_IPV6_LENGTH);
	bubble[0] = 0x40;
	ck_assert_int_eq(v6t_teredo_encap(out, 80, &cfg, bubble, 40, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_DROP);
	ck_assert_int_eq(res.reason, V6T_ETEREDO_IPV6_VERSION);
	ck_assert_uint_eq(out[0], 0xee);
}
END_TEST

/* ---- global unicast (§5.2.4) ------------------------------------------ */

struct global_case {
	const char *addr;
	int global;
};

static const struct global_case global_cases[] = {
	{ "0.1.2.3", 0 }, { "127.0.0.1", 0 }, { "10.255.0.1", 0 },
	{ "172.16.0.1", 0 }, { "172.31.255.255", 0 }, { "172.32.0.1", 1 },
	{ "172.15.255.255", 1 }, { "192.168.1.1", 0 }, { "169.254.1.1", 0 },
	{ "192.88.99.1", 0 }, { "192.88.98.1", 1 }, { "224.0.0.1", 0 },
	{ "239.255.255.255", 0 }, { "255.255.255.255", 0 },
	/* the RFC's list does not name these: they are "global" to it */
	{ "240.0.0.1", 1 }, { "255.255.255.254", 1 }, { "192.0.2.10", 1 },
	{ "198.51.100.1", 1 }, { "203.0.113.65", 1 }, { "8.8.8.8", 1 },
};

START_TEST(test_teredo_ipv4_global)
{
	v6t_in4 a = tu_in4(global_cases[_i].addr);

	ck_assert_msg(v6t_teredo_ipv4_global(&a) == global_cases[_i].global,
		      "%s", global_cases[_i].addr);
	ck_assert_int_eq(v6t_teredo_ipv4_global(NULL), 0);
}
END_TEST

/* ---- peers (§5.2, §5.2.6) --------------------------------------------- */

START_TEST(test_teredo_peer_init_find_slot)
{
	v6t_teredo_peer list[3];
	v6t_in6 t = tu_in6("2001:0:c633:6401:24ee:44c3:34ff:8ef5");
	v6t_in6 n6 = tu_in6("2001:db8:6::2");

	memset(list, 0, sizeof(list));
	ck_assert_ptr_eq(v6t_teredo_peer_slot(list, 3), &list[0]);
	ck_assert_int_eq(v6t_teredo_peer_init(&list[0], &t), V6T_OK);
	/* RFC 4380 §4: 44c3 ^ ffff = bb3c = 47932, 34ff8ef5 ^ ... = 203.0.113.10 */
	ck_assert_uint_eq(list[0].mapped_port, 47932);
	ck_assert_mem_eq(list[0].mapped.b, "\xcb\x00\x71\x0a", 4);
	ck_assert_uint_eq(list[0].flags, V6T_TEREDO_PEER_USED);
	ck_assert_uint_eq(list[0].bubbles, 0);
	ck_assert_int_eq(v6t_teredo_peer_init(&list[1], &n6), V6T_OK);
	ck_assert_uint_eq(list[1].mapped_port, 0);
	ck_assert_ptr_eq(v6t_teredo_peer_find(list, 3, &t), &list[0]);
	ck_assert_ptr_eq(v6t_teredo_peer_find(list, 3, &n6), &list[1]);
	ck_assert_ptr_null(v6t_teredo_peer_find(list, 1, &n6));
	ck_assert_ptr_null(v6t_teredo_peer_find(NULL, 0, &n6));
	ck_assert_ptr_eq(v6t_teredo_peer_slot(list, 3), &list[2]);
	/* full: the least recently used (list[1], never used, first) */
	ck_assert_int_eq(v6t_teredo_peer_init(&list[2], &n6), V6T_OK);
	list[0].flags |= V6T_TEREDO_PEER_RX;
	list[0].last_rx_ms = 500;
	list[2].flags |= V6T_TEREDO_PEER_TX;
	list[2].last_tx_ms = 100;
	ck_assert_ptr_eq(v6t_teredo_peer_slot(list, 3), &list[1]);
	list[1].flags |= V6T_TEREDO_PEER_TX;
	list[1].last_tx_ms = 200;
	ck_assert_ptr_eq(v6t_teredo_peer_slot(list, 3), &list[2]);
	ck_assert_ptr_null(v6t_teredo_peer_slot(list, 0));
	ck_assert_ptr_null(v6t_teredo_peer_slot(NULL, 3));
	ck_assert_int_eq(v6t_teredo_peer_init(NULL, &t), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_peer_init(&list[0], NULL), V6T_EINVAL);
}
END_TEST

/* §5.2.4: valid while the last reception is less than 30 s old. */
START_TEST(test_teredo_peer_valid_30s)
{
	v6t_teredo_peer p;
	v6t_in6 a = tu_in6("2001:db8::1");

	v6t_teredo_peer_init(&p, &a);
	ck_assert_int_eq(v6t_teredo_peer_valid(&p, 0), 0);
	p.flags |= V6T_TEREDO_PEER_RX;
	p.last_rx_ms = 1000;
	ck_assert_int_eq(v6t_teredo_peer_valid(&p, 1000), 0); /* not trusted */
	p.flags |= V6T_TEREDO_PEER_TRUSTED;
	ck_assert_int_eq(v6t_teredo_peer_valid(&p, 1000), 1);
	ck_assert_int_eq(v6t_teredo_peer_valid(&p, 30999), 1);
	ck_assert_int_eq(v6t_teredo_peer_valid(&p, 31000), 0);
	ck_assert_int_eq(v6t_teredo_peer_valid(&p, 999), 0);
	ck_assert_int_eq(v6t_teredo_peer_valid(NULL, 1000), 0);
}
END_TEST

/* §5.2.6: no bubble within 2 s of the last transmission; no more than 4
 * in 300 s without a direct response. */
START_TEST(test_teredo_peer_bubble_rules)
{
	v6t_teredo_peer p;
	v6t_in6 a = tu_in6("2001:0:c633:6401:24ee:44c3:34ff:8ef5");

	v6t_teredo_peer_init(&p, &a);
	/* a new entry: "30 seconds before the current date", so at time 0 */
	ck_assert_int_eq(v6t_teredo_peer_bubble(&p, 0), V6T_OK);
	ck_assert_uint_eq(p.bubbles, 1);
	ck_assert_uint_eq(p.last_tx_ms, 0);
	ck_assert_int_eq(v6t_teredo_peer_bubble(&p, 1999), V6T_ETEREDO_BUBBLE_LIMIT);
	ck_assert_uint_eq(p.bubbles, 1);
	ck_assert_int_eq(v6t_teredo_peer_bubble(&p, 2000), V6T_OK);
	ck_assert_int_eq(v6t_teredo_peer_bubble(&p, 4000), V6T_OK);
	ck_assert_int_eq(v6t_teredo_peer_bubble(&p, 6000), V6T_OK);
	ck_assert_uint_eq(p.bubbles, 4);
	/* the fifth waits until the first (at 0) is 300 s old */
	ck_assert_int_eq(v6t_teredo_peer_bubble(&p, 8000), V6T_ETEREDO_BUBBLE_LIMIT);
	ck_assert_int_eq(v6t_teredo_peer_bubble(&p, 299999), V6T_ETEREDO_BUBBLE_LIMIT);
	ck_assert_int_eq(v6t_teredo_peer_bubble(&p, 300000), V6T_OK);
	/* the 2-second rule after it */
	ck_assert_int_eq(v6t_teredo_peer_bubble(&p, 301999), V6T_ETEREDO_BUBBLE_LIMIT);
	/* the bubble at 2000 is now the oldest of the last four: 302000 is
	 * 300 s after it */
	ck_assert_int_eq(v6t_teredo_peer_bubble(&p, 302000), V6T_OK);
	ck_assert_uint_eq(p.bubbles, 6);
	/* a clock going back holds it */
	ck_assert_int_eq(v6t_teredo_peer_bubble(&p, 1000), V6T_ETEREDO_BUBBLE_LIMIT);
	/* a direct reception clears the count */
	p.bubbles = 0;
	ck_assert_int_eq(v6t_teredo_peer_bubble(&p, 304000), V6T_OK);
	ck_assert_int_eq(v6t_teredo_peer_bubble(NULL, 0), V6T_EINVAL);
}
END_TEST

/* The count keeps working past 8 bubbles (the ring's wrap). */
START_TEST(test_teredo_peer_bubble_long_run)
{
	v6t_teredo_peer p;
	v6t_in6 a = tu_in6("2001:db8::1");
	uint64_t t;
	unsigned sent = 0;

	v6t_teredo_peer_init(&p, &a);
	/* one try a second for an hour: 4 per 300 s window, 12 windows */
	for (t = 0; t < 3600000; t += 1000)
		if (v6t_teredo_peer_bubble(&p, t) == V6T_OK)
			sent++;
	ck_assert_uint_eq(sent, 48);
}
END_TEST

/* ---- reception: client (§5.2.3) ---------------------------------------- */

#define CLI_OWN "2001:0:c633:6401:24ee:44c3:34ff:8ef5"
#define CLI2_OWN "2001:0:c633:6401:c07:17b5:34ff:8ebe"
#define PEER_T "2001:0:c633:6401:0:f226:3fff:fdf5" /* 192.0.2.10:3545 */

static void client_cfg(v6t_teredo_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->role = V6T_TEREDO_CLIENT;
	c->server = tu_in4("198.51.100.1");
	c->port = 47932;
	c->own = tu_in6(CLI_OWN);
}

/* A UDP payload with one IPv6 packet, ICMPv6 echo (type) with nonce data,
 * or a bubble when type is 0. */
static size_t mk_payload(uint8_t *out, const char *src, const char *dst,
			 unsigned type, const uint8_t nonce[8])
{
	struct pb p = { { 0 }, 0 };

	if (type == 0) {
		put_ip6(&p, 0, 59, 0, src, dst);
	} else {
		put_ip6(&p, 16, 58, 64, src, dst);
		pb_put8(&p, type);
		pb_put8(&p, 0);
		pb_put16(&p, 0);
		pb_put32(&p, 0x00010001);
		pb_put_bytes(&p, nonce, 8);
		fix_icmp6(&p, 0, 16);
	}
	memcpy(out, p.b, p.n);
	return p.n;
}

START_TEST(test_teredo_client_from_server)
{
	v6t_teredo_cfg cfg;
	v6t_teredo_rx rx;
	uint8_t b[128];
	size_t n = mk_payload(b, "2001:db8:6::2", CLI_OWN, 128, NONCE);
	v6t_in4 srv = tu_in4("198.51.100.1");

	client_cfg(&cfg);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &srv, 3544, NULL, 0, 0, &rx), V6T_OK);
	ck_assert_uint_eq(rx.from_server, 1);
	ck_assert_ptr_null(rx.peer);
	/* the server's address from another port is not the server */
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &srv, 3545, NULL, 0, 0, &rx), V6T_ETEREDO_UNVERIFIED);
	/* not for us */
	n = mk_payload(b, "2001:db8:6::2", "2001:0:c633:6401::1", 128, NONCE);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &srv, 3544, NULL, 0, 0, &rx), V6T_ETEREDO_DEST);
	/* a link-local destination from the server (the RA) is allowed, from
	 * anyone else it is not */
	n = mk_payload(b, "fe80::1", "fe80::ffff:ffff:ffff", 128, NONCE);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &srv, 3544, NULL, 0, 0, &rx), V6T_OK);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &srv, 1, NULL, 0, 0, &rx), V6T_ETEREDO_DEST);
	/* before qualification (own ::) there is no destination check */
	memset(&cfg.own, 0, sizeof(cfg.own));
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &srv, 3544, NULL, 0, 0, &rx), V6T_OK);
	/* a bubble from the server is consumed */
	client_cfg(&cfg);
	n = mk_payload(b, "fe80::1", CLI_OWN, 0, NULL);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &srv, 3544, NULL, 0, 0, &rx), V6T_ETEREDO_BUBBLE);
	ck_assert_uint_eq(rx.msg.kind, V6T_TEREDO_BUBBLE);
}
END_TEST

/* Rule 3: a Teredo source whose mapping is the outer source creates a
 * trusted entry (last transmission "30 s before", no bubbles); a bubble is
 * consumed. Rule 1 then accepts from that mapping. */
START_TEST(test_teredo_client_rule3_and_rule1)
{
	v6t_teredo_cfg cfg;
	v6t_teredo_rx rx;
	v6t_teredo_peer list[2];
	uint8_t b[128];
	size_t n = mk_payload(b, PEER_T, CLI_OWN, 0, NULL);
	v6t_in4 relay = tu_in4("192.0.2.10"), other = tu_in4("192.0.2.11");
	v6t_in6 peer = tu_in6(PEER_T);

	client_cfg(&cfg);
	memset(list, 0, sizeof(list));
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &relay, 3545, list, 2, 5000, &rx), V6T_ETEREDO_BUBBLE);
	ck_assert_ptr_eq(rx.peer, &list[0]);
	ck_assert_mem_eq(list[0].addr.b, peer.b, 16);
	ck_assert_uint_eq(list[0].flags, V6T_TEREDO_PEER_USED | V6T_TEREDO_PEER_TRUSTED | V6T_TEREDO_PEER_RX);
	ck_assert_uint_eq(list[0].last_rx_ms, 5000);
	ck_assert_uint_eq(list[0].mapped_port, 3545);
	/* data from the same mapping: accepted (rule 1) */
	n = mk_payload(b, PEER_T, CLI_OWN, 128, NONCE);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &relay, 3545, list, 2, 6000, &rx), V6T_OK);
	ck_assert_uint_eq(list[0].last_rx_ms, 6000);
	ck_assert_uint_eq(rx.from_server, 0);
	/* from another address: the Teredo mapping does not match (rule 5
	 * without local entries): dropped, the entry unchanged */
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &other, 3545, list, 2, 7000, &rx), V6T_ETEREDO_MAPPING);
	ck_assert_uint_eq(list[0].last_rx_ms, 6000);
	ck_assert_mem_eq(list[0].mapped.b, relay.b, 4);
	/* with no list, rule 3 still accepts */
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &relay, 3545, NULL, 0, 0, &rx), V6T_OK);
	ck_assert_ptr_null(rx.peer);
}
END_TEST

/* Rules 1 and 2 for a native peer (2001:db8:6::2, not Teredo): an
 * untrusted entry accepts only the echo reply with its nonce, which makes
 * it trusted with the outer source; then only that mapping is accepted. */
START_TEST(test_teredo_client_rule2_echo_nonce)
{
	v6t_teredo_cfg cfg;
	v6t_teredo_rx rx;
	v6t_teredo_peer list[2], before[2];
	uint8_t b[128], wrong[8];
	size_t n;
	v6t_in4 relay = tu_in4("192.0.2.10"), other = tu_in4("192.0.2.11");
	v6t_in6 native = tu_in6("2001:db8:6::2");

	client_cfg(&cfg);
	memset(list, 0, sizeof(list));
	v6t_teredo_peer_init(&list[1], &native);
	memcpy(list[1].nonce, NONCE, 8);
	list[1].flags |= V6T_TEREDO_PEER_NONCE;
	memcpy(before, list, sizeof(list));
	memcpy(wrong, NONCE, 8);
	wrong[0] ^= 0x80;
	/* an echo reply with another nonce; an echo request with the nonce */
	n = mk_payload(b, "2001:db8:6::2", CLI_OWN, 129, wrong);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &relay, 3545, list, 2, 1, &rx), V6T_ETEREDO_NONCE);
	n = mk_payload(b, "2001:db8:6::2", CLI_OWN, 128, NONCE);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &relay, 3545, list, 2, 1, &rx), V6T_ETEREDO_NONCE);
	ck_assert_mem_eq(list, before, sizeof(list));
	/* the reply with the nonce */
	n = mk_payload(b, "2001:db8:6::2", CLI_OWN, 129, NONCE);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &relay, 3545, list, 2, 9, &rx), V6T_OK);
	ck_assert_ptr_eq(rx.peer, &list[1]);
	ck_assert(list[1].flags & V6T_TEREDO_PEER_TRUSTED);
	ck_assert_mem_eq(list[1].mapped.b, relay.b, 4);
	ck_assert_uint_eq(list[1].mapped_port, 3545);
	/* rule 1 from then on; another relay is refused */
	n = mk_payload(b, "2001:db8:6::2", CLI_OWN, 128, NONCE);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &relay, 3545, list, 2, 10, &rx), V6T_OK);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &other, 3545, list, 2, 10, &rx), V6T_ETEREDO_PEER_MAPPING);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &relay, 3546, list, 2, 10, &rx), V6T_ETEREDO_PEER_MAPPING);
	/* an untrusted entry without a test started: not even the reply */
	list[1].flags = V6T_TEREDO_PEER_USED;
	n = mk_payload(b, "2001:db8:6::2", CLI_OWN, 129, NONCE);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &relay, 3545, list, 2, 10, &rx), V6T_ETEREDO_NONCE);
	/* rule 6: no entry at all */
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &relay, 3545, list, 1, 10, &rx), V6T_ETEREDO_UNVERIFIED);
	cfg.flags = V6T_TEREDO_ACCEPT_UNVERIFIED;
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &relay, 3545, list, 1, 10, &rx), V6T_OK);
	ck_assert_uint_eq(rx.unverified, 1);
	ck_assert_ptr_null(rx.peer);
}
END_TEST

START_TEST(test_teredo_receive_args)
{
	v6t_teredo_cfg cfg;
	v6t_teredo_rx rx;
	v6t_teredo_peer list[1];
	uint8_t b[128];
	size_t n = mk_payload(b, PEER_T, CLI_OWN, 0, NULL);
	v6t_in4 relay = tu_in4("192.0.2.10");

	client_cfg(&cfg);
	ck_assert_int_eq(v6t_teredo_receive(NULL, b, n, &relay, 3545, NULL, 0, 0, &rx), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, NULL, n, &relay, 3545, NULL, 0, 0, &rx), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, NULL, 3545, NULL, 0, 0, &rx), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &relay, 3545, NULL, 1, 0, &rx), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &relay, 3545, list, 1, 0, NULL), V6T_EINVAL);
	cfg.role = 3;
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &relay, 3545, NULL, 0, 0, &rx), V6T_EINVAL);
	cfg.role = V6T_TEREDO_CLIENT;
	/* a parse error comes through */
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, 39, &relay, 3545, NULL, 0, 0, &rx), V6T_ETEREDO_TRUNCATED);
}
END_TEST

/* ---- reception: relay (§5.4.2) ----------------------------------------- */

static void relay_cfg(v6t_teredo_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->role = V6T_TEREDO_RELAY;
	c->port = 3545;
	ck_assert_int_eq(tu_parse_prefix6(&c->served, "2001:db8:6::/48"), V6T_OK);
}

START_TEST(test_teredo_relay_rules)
{
	v6t_teredo_cfg cfg;
	v6t_teredo_rx rx;
	v6t_teredo_peer list[2], before[2];
	uint8_t b[128];
	size_t n;
	v6t_in4 cli = tu_in4("203.0.113.10"), nat = tu_in4("203.0.113.65");
	v6t_in4 srv = tu_in4("198.51.100.1");

	relay_cfg(&cfg);
	memset(list, 0, sizeof(list));
	/* a Teredo source whose mapping is the outer source: accepted, entry
	 * created trusted */
	n = mk_payload(b, CLI_OWN, "2001:db8:6::2", 128, NONCE);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &cli, 47932, list, 2, 77, &rx), V6T_OK);
	ck_assert_ptr_eq(rx.peer, &list[0]);
	ck_assert(list[0].flags & V6T_TEREDO_PEER_TRUSTED);
	ck_assert_uint_eq(list[0].last_rx_ms, 77);
	memcpy(before, list, sizeof(list));
	/* the mapping of another client (cli2's NAT address) */
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &nat, 47932, list, 2, 78, &rx), V6T_ETEREDO_MAPPING);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &cli, 47933, list, 2, 78, &rx), V6T_ETEREDO_MAPPING);
	/* a source that is not Teredo */
	n = mk_payload(b, "2001:db8:1::1", "2001:db8:6::2", 128, NONCE);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &cli, 47932, list, 2, 78, &rx), V6T_ETEREDO_NOT_TEREDO);
	/* not for a served destination */
	n = mk_payload(b, CLI_OWN, "2001:db8:7::2", 128, NONCE);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &cli, 47932, list, 2, 78, &rx), V6T_ETEREDO_NOT_SERVED);
	ck_assert_mem_eq(list, before, sizeof(list));
	/* a bubble is for the relay itself: no served check, consumed */
	n = mk_payload(b, CLI_OWN, "fe80::1", 0, NULL);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &cli, 47932, list, 2, 79, &rx), V6T_ETEREDO_BUBBLE);
	ck_assert_uint_eq(list[0].last_rx_ms, 79);
	/* the server is trusted once configured, whatever the source */
	n = mk_payload(b, "2001:db8:1::1", "2001:db8:6::2", 128, NONCE);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &srv, 3544, list, 2, 80, &rx), V6T_ETEREDO_NOT_TEREDO);
	cfg.server = srv;
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &srv, 3544, list, 2, 80, &rx), V6T_OK);
	ck_assert_uint_eq(rx.from_server, 1);
	/* a peer entry required (§5.4.2 "may be silently discarded") */
	cfg.flags = V6T_TEREDO_REQUIRE_PEER;
	n = mk_payload(b, CLI2_OWN, "2001:db8:6::2", 128, NONCE);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &nat, 59466, list, 2, 81, &rx), V6T_ETEREDO_NO_PEER);
	n = mk_payload(b, CLI_OWN, "2001:db8:6::2", 128, NONCE);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &cli, 47932, list, 2, 81, &rx), V6T_OK);
	/* served length 0: everything */
	cfg.flags = 0;
	cfg.served.len = 0;
	n = mk_payload(b, CLI_OWN, "2001:db8:7::2", 128, NONCE);
	ck_assert_int_eq(v6t_teredo_receive(&cfg, b, n, &cli, 47932, list, 2, 82, &rx), V6T_OK);
}
END_TEST

/* ---- decapsulation ----------------------------------------------------- */

/* An IPv4/UDP datagram around payload, with a right checksum computed by
 * the test's own sums (RFC 791, RFC 768). */
static size_t mk_datagram(uint8_t *out, const char *src, uint16_t sport,
			  const char *dst, uint16_t dport,
			  const uint8_t *payload, size_t n)
{
	struct pb p = { { 0 }, 0 };
	v6t_in4 s = tu_in4(src), d = tu_in4(dst);
	uint32_t sum;

	pb_put32(&p, 0x45000000u | (uint32_t)(28 + n));
	pb_put32(&p, 0x12340000u);
	pb_put32(&p, 0x40110000u);
	pb_put_bytes(&p, s.b, 4);
	pb_put_bytes(&p, d.b, 4);
	sum = pb_sum16(0, p.b, 20);
	p.b[10] = (uint8_t)(~sum >> 8);
	p.b[11] = (uint8_t)~sum;
	pb_put16(&p, sport);
	pb_put16(&p, dport);
	pb_put16(&p, (unsigned)(8 + n));
	pb_put16(&p, 0);
	pb_put_bytes(&p, payload, n);
	sum = pb_sum16(0, p.b + 12, 8);
	sum = pb_sum16(sum + 17 + (uint32_t)(8 + n), p.b + 20, 8 + n);
	sum = ~sum & 0xffff;
	p.b[26] = (uint8_t)((sum ? sum : 0xffff) >> 8);
	p.b[27] = (uint8_t)(sum ? sum : 0xffff);
	memcpy(out, p.b, p.n);
	return p.n;
}

START_TEST(test_teredo_decap_forward_and_drops)
{
	v6t_teredo_cfg cfg;
	v6t_tun_result res;
	v6t_teredo_peer list[2];
	uint8_t pl[128], d[256], *c;
	size_t n = mk_payload(pl, CLI_OWN, "2001:db8:6::2", 128, NONCE), dn;

	relay_cfg(&cfg);
	memset(list, 0, sizeof(list));
	dn = mk_datagram(d, "203.0.113.10", 47932, "192.0.2.10", 3545, pl, n);
	c = dup_exact(d, dn);
	ck_assert_int_eq(v6t_teredo_decap(c, dn, &cfg, list, 2, 1, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	ck_assert_ptr_eq(res.data, c + 28);
	ck_assert_uint_eq(res.len, 56);
	ck_assert_mem_eq(c, d, dn);
	/* a wrong UDP checksum, unless not checked; checksum 0 is not checked */
	c[27] ^= 1;
	ck_assert_int_eq(v6t_teredo_decap(c, dn, &cfg, list, 2, 1, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_DROP);
	ck_assert_int_eq(res.reason, V6T_ETEREDO_UDP_CHECKSUM);
	cfg.flags = V6T_TEREDO_NO_UDP_CHECKSUM;
	ck_assert_int_eq(v6t_teredo_decap(c, dn, &cfg, list, 2, 1, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	cfg.flags = 0;
	c[26] = c[27] = 0;
	ck_assert_int_eq(v6t_teredo_decap(c, dn, &cfg, list, 2, 1, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	/* UDP Length below 8, past the datagram */
	c[25] = 7;
	ck_assert_int_eq(v6t_teredo_decap(c, dn, &cfg, list, 2, 1, &res), V6T_OK);
	ck_assert_int_eq(res.reason, V6T_ETEREDO_UDP_LENGTH);
	c[25] = (uint8_t)(dn - 20 + 1);
	ck_assert_int_eq(v6t_teredo_decap(c, dn, &cfg, list, 2, 1, &res), V6T_OK);
	ck_assert_int_eq(res.reason, V6T_ETEREDO_UDP_LENGTH);
	/* a UDP Length short of the payload: the IPv6 packet is cut */
	c[25] = (uint8_t)(dn - 20 - 1);
	ck_assert_int_eq(v6t_teredo_decap(c, dn, &cfg, list, 2, 1, &res), V6T_OK);
	ck_assert_int_eq(res.reason, V6T_ETEREDO_IPV6_LENGTH);
	c[25] = (uint8_t)(dn - 20);
	/* another destination port: not mine; port 0 takes any */
	cfg.port = 3544;
	ck_assert_int_eq(v6t_teredo_decap(c, dn, &cfg, list, 2, 1, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_NOT_MINE);
	cfg.port = 0;
	ck_assert_int_eq(v6t_teredo_decap(c, dn, &cfg, list, 2, 1, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	/* the relay's check: from another address */
	free(c);
	dn = mk_datagram(d, "203.0.113.11", 47932, "192.0.2.10", 3545, pl, n);
	c = dup_exact(d, dn);
	ck_assert_int_eq(v6t_teredo_decap(c, dn, &cfg, list, 2, 1, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_DROP);
	ck_assert_int_eq(res.reason, V6T_ETEREDO_MAPPING);
	ck_assert_ptr_null(res.data);
	/* a fragment (MF set) */
	c[6] = 0x20;
	ck_assert_int_eq(v6t_teredo_decap(c, dn, &cfg, list, 2, 1, &res), V6T_OK);
	ck_assert_int_eq(res.reason, V6T_ETEREDO_FRAGMENT);
	c[6] = 0;
	/* not UDP */
	c[9] = 6;
	ck_assert_int_eq(v6t_teredo_decap(c, dn, &cfg, list, 2, 1, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_NOT_MINE);
	c[9] = 17;
	/* a broken IPv4 header: the walker's reason */
	c[0] = 0x44;
	ck_assert_int_eq(v6t_teredo_decap(c, dn, &cfg, list, 2, 1, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_DROP);
	ck_assert_int_eq(res.reason, V6T_EPKT_IPV4_HEADER);
	/* IPv6, empty */
	c[0] = 0x60;
	ck_assert_int_eq(v6t_teredo_decap(c, dn, &cfg, list, 2, 1, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_NOT_MINE);
	ck_assert_int_eq(v6t_teredo_decap(c, 0, &cfg, list, 2, 1, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_NOT_MINE);
	ck_assert_int_eq(v6t_teredo_decap(NULL, 0, &cfg, list, 2, 1, &res), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_decap(c, dn, NULL, list, 2, 1, &res), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_decap(c, dn, &cfg, NULL, 2, 1, &res), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_decap(c, dn, &cfg, list, 2, 1, NULL), V6T_EINVAL);
	free(c);
}
END_TEST

/* ---- transmission (§5.2.4, §5.4.1, RFC 5991 §3.2) ---------------------- */

START_TEST(test_teredo_plan_client)
{
	v6t_teredo_cfg cfg;
	v6t_teredo_plan pl;
	v6t_teredo_peer list[2];
	v6t_in6 t = tu_in6(PEER_T), native = tu_in6("2001:db8:6::2");
	v6t_in6 priv = tu_in6("2001:0:c633:6401::f5ff:fffe"); /* 10.0.0.1 */
	v6t_teredo_peer *p;

	client_cfg(&cfg);
	memset(list, 0, sizeof(list));
	/* a Teredo destination without an entry: queued, indirect bubble
	 * to its server (c633:6401 = 198.51.100.1) and a direct one */
	ck_assert_int_eq(v6t_teredo_send_plan(&cfg, &t, NULL, list, 2, 1000, &pl), V6T_OK);
	ck_assert_int_eq(pl.action, V6T_TEREDO_QUEUE);
	ck_assert_uint_eq(pl.todo, V6T_TEREDO_TODO_INDIRECT | V6T_TEREDO_TODO_DIRECT);
	ck_assert_mem_eq(pl.addr.b, "\xc6\x33\x64\x01", 4);
	ck_assert_uint_eq(pl.port, 3544);
	p = pl.peer;
	ck_assert_ptr_eq(p, &list[0]);
	ck_assert_uint_eq(p->mapped_port, 3545);
	ck_assert_uint_eq(p->bubbles, 1);
	/* 1 s later: the 2-second rule holds the bubbles back */
	ck_assert_int_eq(v6t_teredo_send_plan(&cfg, &t, NULL, list, 2, 2000, &pl), V6T_OK);
	ck_assert_int_eq(pl.action, V6T_TEREDO_QUEUE);
	ck_assert_uint_eq(pl.todo, 0);
	/* once trusted and heard from: sent to the entry, last tx dated */
	p->flags |= V6T_TEREDO_PEER_TRUSTED | V6T_TEREDO_PEER_RX;
	p->last_rx_ms = 2500;
	ck_assert_int_eq(v6t_teredo_send_plan(&cfg, &t, NULL, list, 2, 3000, &pl), V6T_OK);
	ck_assert_int_eq(pl.action, V6T_TEREDO_SEND);
	ck_assert_mem_eq(pl.addr.b, "\xc0\x00\x02\x0a", 4);
	ck_assert_uint_eq(pl.port, 3545);
	ck_assert_uint_eq(p->last_tx_ms, 3000);
	/* 30 s without reception: bubbles again */
	ck_assert_int_eq(v6t_teredo_send_plan(&cfg, &t, NULL, list, 2, 32500, &pl), V6T_OK);
	ck_assert_int_eq(pl.action, V6T_TEREDO_QUEUE);
	ck_assert_uint_eq(pl.todo, V6T_TEREDO_TODO_INDIRECT | V6T_TEREDO_TODO_DIRECT);
	/* a native destination: the connectivity test through our server */
	ck_assert_int_eq(v6t_teredo_send_plan(&cfg, &native, NONCE, list, 2, 40000, &pl), V6T_OK);
	ck_assert_int_eq(pl.action, V6T_TEREDO_QUEUE);
	ck_assert_uint_eq(pl.todo, V6T_TEREDO_TODO_ECHO);
	ck_assert_mem_eq(pl.addr.b, "\xc6\x33\x64\x01", 4);
	ck_assert_ptr_eq(pl.peer, &list[1]);
	ck_assert_mem_eq(list[1].nonce, NONCE, 8);
	ck_assert(list[1].flags & V6T_TEREDO_PEER_NONCE);
	/* without a nonce and none stored */
	memset(&list[1], 0, sizeof(list[1]));
	ck_assert_int_eq(v6t_teredo_send_plan(&cfg, &native, NULL, list, 2, 40000, &pl), V6T_EINVAL);
	/* a Teredo destination whose mapped address is not global */
	ck_assert_int_eq(v6t_teredo_send_plan(&cfg, &priv, NULL, list, 2, 40000, &pl), V6T_ETEREDO_NOT_GLOBAL);
	/* no list: no pacing, no entry */
	ck_assert_int_eq(v6t_teredo_send_plan(&cfg, &native, NULL, NULL, 0, 0, &pl), V6T_OK);
	ck_assert_uint_eq(pl.todo, V6T_TEREDO_TODO_ECHO);
	ck_assert_ptr_null(pl.peer);
	ck_assert_int_eq(v6t_teredo_send_plan(NULL, &t, NULL, list, 2, 0, &pl), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_send_plan(&cfg, NULL, NULL, list, 2, 0, &pl), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_send_plan(&cfg, &t, NULL, list, 2, 0, NULL), V6T_EINVAL);
	ck_assert_int_eq(v6t_teredo_send_plan(&cfg, &t, NULL, NULL, 2, 0, &pl), V6T_EINVAL);
}
END_TEST

START_TEST(test_teredo_plan_relay)
{
	v6t_teredo_cfg cfg;
	v6t_teredo_plan pl;
	v6t_teredo_peer list[1];
	v6t_in6 t = tu_in6(CLI_OWN), native = tu_in6("2001:db8:6::2");
	v6t_in6 priv = tu_in6("2001:0:c633:6401::f5ff:fffe");
	/* 2001:0:c633:6401:8000:... the cone bit set: still bubbles
	 * (RFC 5991 §3.2: "relays SHOULD ignore the cone bit") */
	v6t_in6 cone = tu_in6("2001:0:c633:6401:8000:44c3:34ff:8ef5");

	relay_cfg(&cfg);
	memset(list, 0, sizeof(list));
	ck_assert_int_eq(v6t_teredo_send_plan(&cfg, &native, NONCE, list, 1, 0, &pl), V6T_ETEREDO_NOT_TEREDO);
	ck_assert_int_eq(v6t_teredo_send_plan(&cfg, &priv, NULL, list, 1, 0, &pl), V6T_ETEREDO_NOT_GLOBAL);
	ck_assert_uint_eq(list[0].flags, 0);
	ck_assert_int_eq(v6t_teredo_send_plan(&cfg, &cone, NULL, list, 1, 0, &pl), V6T_OK);
	ck_assert_int_eq(pl.action, V6T_TEREDO_QUEUE);
	ck_assert_uint_eq(pl.todo, V6T_TEREDO_TODO_INDIRECT);
	ck_assert_int_eq(v6t_teredo_send_plan(&cfg, &t, NULL, list, 1, 10000, &pl), V6T_OK);
	ck_assert_int_eq(pl.action, V6T_TEREDO_QUEUE);
	ck_assert_uint_eq(pl.todo, V6T_TEREDO_TODO_INDIRECT);
	ck_assert_ptr_eq(pl.peer, &list[0]); /* the one slot reused */
	ck_assert_mem_eq(list[0].addr.b, t.b, 16);
}
END_TEST

/* ---- the Miredo captures (tests/vectors/miredo, README.md) ------------- */

/* One IPv4 datagram of a classic pcap of link type Ethernet. */
struct cap {
	uint8_t *ip;
	size_t len;
	uint64_t ms;
};

#define MAX_CAP 32

/* Read a capture: every Ethernet frame of type IPv4, its time in ms. */
static size_t read_pcap(const char *name, struct cap *out)
{
	char path[512];
	FILE *f;
	uint8_t gh[24], rh[16], frame[2048];
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/%s", V6T_MIREDO_DIR, name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_uint_eq(fread(gh, 1, 24, f), 24);
	/* little-endian microsecond magic, link type 1 */
	ck_assert_mem_eq(gh, "\xd4\xc3\xb2\xa1", 4);
	ck_assert_uint_eq(gh[20], 1);
	while (fread(rh, 1, 16, f) == 16) {
		uint32_t incl = rh[8] | rh[9] << 8 | rh[10] << 16 | (uint32_t)rh[11] << 24;
		uint64_t sec = rh[0] | rh[1] << 8 | rh[2] << 16 | (uint64_t)rh[3] << 24;
		uint64_t usec = rh[4] | rh[5] << 8 | rh[6] << 16 | (uint64_t)rh[7] << 24;

		ck_assert_uint_le(incl, sizeof(frame));
		ck_assert_uint_eq(fread(frame, 1, incl, f), incl);
		if (incl < 14 + 28 || frame[12] != 0x08 || frame[13] != 0x00)
			continue;
		ck_assert_uint_lt(n, MAX_CAP);
		out[n].len = incl - 14;
		out[n].ip = dup_exact(frame + 14, out[n].len);
		out[n].ms = sec * 1000 + usec / 1000;
		n++;
	}
	fclose(f);
	return n;
}

static void free_caps(struct cap *c, size_t n)
{
	while (n-- > 0)
		free(c[n].ip);
}

static const uint8_t *cap_payload(const struct cap *c, size_t *n)
{
	ck_assert_uint_eq(c->ip[0], 0x45);
	ck_assert_uint_eq(c->ip[9], 17);
	*n = (size_t)(c->ip[24] << 8 | c->ip[25]) - 8;
	ck_assert_uint_eq(*n + 28, c->len);
	return c->ip + 28;
}

static uint16_t cap_port(const struct cap *c, int dst)
{
	return (uint16_t)(c->ip[20 + 2 * dst] << 8 | c->ip[21 + 2 * dst]);
}

/* server.pcap per client: RS (auth, empty id/value, nonce, confirmation
 * 0) from fe80::ffff:ffff:ffff to ff02::2; RA with the same auth and the
 * origin of the client's mapped address/port (the RS's outer source);
 * the echo request of the connectivity test; the relay's indirect bubble;
 * that bubble forwarded with the relay's address and port as origin. */
START_TEST(test_teredo_miredo_server_pcap)
{
	struct cap c[MAX_CAP];
	size_t n = read_pcap("server.pcap", c), i, len;
	unsigned rs = 0, ra = 0, echo = 0, bubble_in = 0, bubble_out = 0;
	uint8_t nonces[2][8];
	v6t_in4 srv = tu_in4("198.51.100.1"), relay = tu_in4("192.0.2.10");
	v6t_in6 ll = tu_in6("fe80::ffff:ffff:ffff");
	v6t_in6 native = tu_in6("2001:db8:6::2");

	ck_assert_uint_eq(n, 10);
	for (i = 0; i < n; i++) {
		const uint8_t *p = cap_payload(&c[i], &len);
		const uint8_t *ip6;
		v6t_teredo_msg m;
		v6t_teredo_qual q;

		ck_assert_int_eq(parse_exact(p, len, &m), V6T_OK);
		ip6 = p + m.ip6_off;
		ck_assert_uint_eq(m.trailer_len, 0);
		if (m.kind == V6T_TEREDO_RS) {
			ck_assert_uint_eq(m.flags, V6T_TEREDO_F_AUTH);
			ck_assert_uint_eq(m.id_len, 0);
			ck_assert_uint_eq(m.au_len, 0);
			ck_assert_uint_eq(m.confirmation, 0);
			ck_assert_mem_eq(ip6 + 8, ll.b, 16);
			ck_assert_mem_eq(c[i].ip + 16, srv.b, 4);
			ck_assert_uint_eq(cap_port(&c[i], 1), 3544);
			ck_assert_uint_lt(rs, 2);
			memcpy(nonces[rs++], m.nonce, 8);
		} else if (m.kind == V6T_TEREDO_RA) {
			ck_assert_uint_eq(m.flags, V6T_TEREDO_F_AUTH | V6T_TEREDO_F_ORIGIN);
			ck_assert_uint_lt(ra, rs);
			/* §5.2.2: the RS's nonce repeated */
			ck_assert_mem_eq(m.nonce, nonces[ra], 8);
			/* the origin is where the RA goes: the mapping */
			ck_assert_mem_eq(m.origin_addr.b, c[i].ip + 16, 4);
			ck_assert_uint_eq(m.origin_port, cap_port(&c[i], 1));
			ck_assert_int_eq(v6t_teredo_qualify(p, &m, nonces[ra], &ll, &srv, &q), V6T_OK);
			ck_assert_mem_eq(q.mapped.b, c[i].ip + 16, 4);
			ck_assert_uint_eq(q.mtu, 1280);
			ra++;
		} else if (m.kind == V6T_TEREDO_BUBBLE) {
			/* the relay's bubble goes to its Teredo destination's
			 * server, which forwards it with origin */
			v6t_addr_teredo t;
			v6t_in6 d;

			memcpy(d.b, ip6 + 24, 16);
			ck_assert_int_eq(v6t_addr_teredo_decode(&t, &d), V6T_OK);
			if (memcmp(c[i].ip + 12, relay.b, 4) == 0) {
				ck_assert_uint_eq(m.flags, 0);
				ck_assert_uint_eq(cap_port(&c[i], 0), 3545);
				bubble_in++;
			} else {
				ck_assert_uint_eq(m.flags, V6T_TEREDO_F_ORIGIN);
				ck_assert_mem_eq(m.origin_addr.b, relay.b, 4);
				ck_assert_uint_eq(m.origin_port, 3545);
				/* to the mapping in the Teredo destination */
				ck_assert_mem_eq(c[i].ip + 16, t.client.b, 4);
				ck_assert_uint_eq(cap_port(&c[i], 1), t.port);
				bubble_out++;
			}
		} else {
			ck_assert_uint_eq(m.kind, V6T_TEREDO_DATA);
			ck_assert_uint_eq(m.flags, 0);
			ck_assert_uint_eq(ip6[6], 58);
			ck_assert_uint_eq(ip6[40], 128);
			ck_assert_mem_eq(ip6 + 24, native.b, 16);
			echo++;
		}
	}
	ck_assert_uint_eq(rs, 2);
	ck_assert_uint_eq(ra, 2);
	ck_assert_uint_eq(echo, 2);
	ck_assert_uint_eq(bubble_in, 2);
	ck_assert_uint_eq(bubble_out, 2);
	/* the clients' Teredo addresses (README): mapped 203.0.113.10 and
	 * 203.0.113.65 (the NAT), the server 198.51.100.1, cone bit clear */
	free_caps(c, n);
}
END_TEST

/*
 * relay.pcap through our checks: each datagram to the relay (port 3545)
 * with the relay's rules (the client's direct bubble, then echo requests
 * to the native host it serves), each datagram from the relay to a client
 * with that client's rules: the echo reply of the connectivity test is
 * accepted by rule 2 once the entry holds the nonce the client sent
 * (server.pcap: the first 8 bytes of its echo request's data, RFC 4443
 * §4.2: a reply carries the request's data), the later replies by rule 1.
 * The captured UDP checksums are partial (offload), so they are not
 * checked here.
 */
START_TEST(test_teredo_miredo_relay_pcap)
{
	struct cap c[MAX_CAP], s[MAX_CAP];
	size_t n = read_pcap("relay.pcap", c), ns = read_pcap("server.pcap", s);
	size_t i, len;
	v6t_teredo_cfg rcfg, ccfg[2];
	v6t_teredo_peer rpeers[4], cpeers[2][4];
	v6t_in4 relay = tu_in4("192.0.2.10");
	v6t_in4 mapped[2] = { tu_in4("203.0.113.10"), tu_in4("203.0.113.65") };
	v6t_in6 native = tu_in6("2001:db8:6::2");
	unsigned r_bubble = 0, r_data = 0, c_rule2 = 0, c_rule1 = 0, to_server = 0;

	ck_assert_uint_eq(n, 18);
	relay_cfg(&rcfg);
	memset(rpeers, 0, sizeof(rpeers));
	memset(cpeers, 0, sizeof(cpeers));
	/* each client's entry for the native host, with the nonce of its echo
	 * request (server.pcap records 5 and 8) */
	for (i = 0; i < ns; i++) {
		const uint8_t *p = cap_payload(&s[i], &len);
		int k;

		if (p[0] != 0x60 || p[6] != 58 || p[40] != 128)
			continue;
		k = memcmp(s[i].ip + 12, mapped[0].b, 4) == 0 ? 0 : 1;
		client_cfg(&ccfg[k]);
		ccfg[k].flags = 0;
		memcpy(ccfg[k].own.b, p + 8, 16);
		v6t_teredo_peer_init(&cpeers[k][0], &native);
		memcpy(cpeers[k][0].nonce, p + 48, 8);
		cpeers[k][0].flags |= V6T_TEREDO_PEER_NONCE;
	}
	for (i = 0; i < n; i++) {
		const uint8_t *p = cap_payload(&c[i], &len);
		v6t_tun_result res;
		v6t_teredo_rx rx;
		v6t_in4 src;
		int k, rc, was_trusted;

		memcpy(src.b, c[i].ip + 12, 4);
		if (cap_port(&c[i], 1) == 3544) {
			to_server++; /* the relay's indirect bubbles */
			continue;
		}
		if (cap_port(&c[i], 1) == 3545) {
			uint8_t *d = dup_exact(c[i].ip, c[i].len);

			rcfg.flags = V6T_TEREDO_NO_UDP_CHECKSUM;
			ck_assert_int_eq(v6t_teredo_decap(d, c[i].len, &rcfg, rpeers, 4, c[i].ms, &res), V6T_OK);
			if (p[6] == 59) {
				ck_assert_int_eq(res.verdict, V6T_TUN_DROP);
				ck_assert_int_eq(res.reason, V6T_ETEREDO_BUBBLE);
				r_bubble++;
			} else {
				ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
				ck_assert_ptr_eq(res.data, d + 28);
				ck_assert_mem_eq(res.data + 24, native.b, 16);
				r_data++;
			}
			free(d);
			continue;
		}
		ck_assert_mem_eq(src.b, relay.b, 4);
		k = memcmp(c[i].ip + 16, mapped[0].b, 4) == 0 ? 0 : 1;
		was_trusted = cpeers[k][0].flags & V6T_TEREDO_PEER_TRUSTED;
		rc = v6t_teredo_receive(&ccfg[k], p, len, &src, cap_port(&c[i], 0),
					cpeers[k], 4, c[i].ms, &rx);
		ck_assert_int_eq(rc, V6T_OK);
		ck_assert_ptr_eq(rx.peer, &cpeers[k][0]);
		ck_assert_uint_eq(rx.msg.kind, V6T_TEREDO_DATA);
		ck_assert(cpeers[k][0].flags & V6T_TEREDO_PEER_TRUSTED);
		ck_assert_uint_eq(cpeers[k][0].last_rx_ms, c[i].ms);
		if (!was_trusted) {
			/* rule 2: the reply to the test, with its nonce */
			ck_assert_uint_eq(p[40], 129);
			ck_assert_mem_eq(p + 48, cpeers[k][0].nonce, 8);
			c_rule2++;
		} else {
			c_rule1++;
		}
	}
	ck_assert_uint_eq(to_server, 2);
	ck_assert_uint_eq(r_bubble, 2);
	ck_assert_uint_eq(r_data, 6);
	ck_assert_uint_eq(c_rule2, 2);
	ck_assert_uint_eq(c_rule1, 6);
	/* both clients' relay entries trusted with their real mappings */
	ck_assert(rpeers[0].flags & V6T_TEREDO_PEER_TRUSTED);
	ck_assert(rpeers[1].flags & V6T_TEREDO_PEER_TRUSTED);
	ck_assert_mem_eq(rpeers[0].mapped.b, mapped[0].b, 4);
	ck_assert_uint_eq(rpeers[0].mapped_port, 47932);
	ck_assert_mem_eq(rpeers[1].mapped.b, mapped[1].b, 4);
	ck_assert_uint_eq(rpeers[1].mapped_port, 59466);
	ck_assert_mem_eq(cpeers[1][0].mapped.b, relay.b, 4);
	ck_assert_uint_eq(cpeers[1][0].mapped_port, 3545);
	free_caps(c, n);
	free_caps(s, ns);
}
END_TEST

/* nat.pcap: cli2's exchanges as the NAT maps them: every datagram from
 * or to 203.0.113.65:59466, and cli2's Teredo address holds that mapping
 * (34ff:8ebe, 0xe84a ^ 0xffff = 0x17b5). */
START_TEST(test_teredo_miredo_nat_pcap)
{
	struct cap c[MAX_CAP];
	size_t n = read_pcap("nat.pcap", c), i, len;
	v6t_in4 nat = tu_in4("203.0.113.65");
	v6t_in6 cli2;
	unsigned from_cli2 = 0;

	ck_assert_uint_eq(n, 12);
	for (i = 0; i < n; i++) {
		const uint8_t *p = cap_payload(&c[i], &len);
		v6t_teredo_msg m;
		int out = memcmp(c[i].ip + 12, nat.b, 4) == 0;

		ck_assert_int_eq(parse_exact(p, len, &m), V6T_OK);
		ck_assert_uint_eq(cap_port(&c[i], out ? 0 : 1), 59466);
		if (!out)
			ck_assert_mem_eq(c[i].ip + 16, nat.b, 4);
		if (out && m.kind != V6T_TEREDO_RS) {
			v6t_addr_teredo t;

			memcpy(cli2.b, p + m.ip6_off + 8, 16);
			ck_assert_int_eq(v6t_addr_teredo_decode(&t, &cli2), V6T_OK);
			ck_assert_mem_eq(t.client.b, nat.b, 4);
			ck_assert_uint_eq(t.port, 59466);
			ck_assert_mem_eq(t.server.b, "\xc6\x33\x64\x01", 4);
			ck_assert_uint_eq(t.flags & (V6T_ADDR_TEREDO_CONE | V6T_ADDR_TEREDO_RESERVED), 0);
			from_cli2++;
		}
	}
	/* RS, echo request, direct bubble, 3 echo requests: 5 not RS */
	ck_assert_uint_eq(from_cli2, 5);
	free_caps(c, n);
}
END_TEST

Suite *v6t_tunnel_teredo_suite(void)
{
	Suite *s = suite_create("tunnel_teredo");
	TCase *fmt = tcase_create("format");
	TCase *qual = tcase_create("qualification");
	TCase *peer = tcase_create("peers");
	TCase *rx = tcase_create("reception");
	TCase *cap = tcase_create("miredo");

	tcase_add_test(fmt, test_teredo_origin_rfc_example);
	tcase_add_test(fmt, test_teredo_auth_and_origin_layout);
	tcase_add_test(fmt, test_teredo_payload_simple_and_in_place);
	tcase_add_test(fmt, test_teredo_payload_build_errors);
	tcase_add_test(fmt, test_teredo_payload_too_big);
	tcase_add_loop_test(fmt, test_teredo_parse_errors, 0,
			    (int)(sizeof(parse_cases) / sizeof(parse_cases[0])));
	tcase_add_test(fmt, test_teredo_parse_ipv6_lengths);
	tcase_add_test(fmt, test_teredo_parse_trailers);
	tcase_add_test(fmt, test_teredo_bubble_build);
	tcase_add_test(fmt, test_teredo_encap_by_hand);
	tcase_add_test(fmt, test_teredo_encap_checksum_zero);
	tcase_add_test(fmt, test_teredo_encap_errors);
	suite_add_tcase(s, fmt);
	tcase_add_test(qual, test_teredo_rs_build_by_hand);
	tcase_add_test(qual, test_teredo_rs_ra_recognition);
	tcase_add_test(qual, test_teredo_qualify_miredo_ra);
	tcase_add_test(qual, test_teredo_qualify_errors);
	suite_add_tcase(s, qual);
	tcase_add_loop_test(peer, test_teredo_ipv4_global, 0,
			    (int)(sizeof(global_cases) / sizeof(global_cases[0])));
	tcase_add_test(peer, test_teredo_peer_init_find_slot);
	tcase_add_test(peer, test_teredo_peer_valid_30s);
	tcase_add_test(peer, test_teredo_peer_bubble_rules);
	tcase_add_test(peer, test_teredo_peer_bubble_long_run);
	tcase_add_test(peer, test_teredo_plan_client);
	tcase_add_test(peer, test_teredo_plan_relay);
	suite_add_tcase(s, peer);
	tcase_add_test(rx, test_teredo_client_from_server);
	tcase_add_test(rx, test_teredo_client_rule3_and_rule1);
	tcase_add_test(rx, test_teredo_client_rule2_echo_nonce);
	tcase_add_test(rx, test_teredo_receive_args);
	tcase_add_test(rx, test_teredo_relay_rules);
	tcase_add_test(rx, test_teredo_decap_forward_and_drops);
	suite_add_tcase(s, rx);
	tcase_add_test(cap, test_teredo_miredo_server_pcap);
	tcase_add_test(cap, test_teredo_miredo_relay_pcap);
	tcase_add_test(cap, test_teredo_miredo_nat_pcap);
	suite_add_tcase(s, cap);
	return s;
}
