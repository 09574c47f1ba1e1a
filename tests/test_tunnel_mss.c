/*
 * TCP MSS clamping (tunnel.h): RFC 9293 §3.1 (the option list), §3.7.1 (the
 * MSS option and its default), RFC 6691 §2 (MSS from the MTU), RFC 1624
 * (the checksum update). Checksums are summed by hand in the comments, or
 * verified with pb_sum16() (pktbuild.h), the tests' own RFC 1071 sum.
 */
#include <stdint.h>
#include <string.h>

#include "pktbuild.h"
#include "suites.h"
#include "testutil.h"

#include <v6transit/tunnel.h>

/*
 * IPv4 SYN 192.0.2.1:49152 -> 198.51.100.2:80, seq 1, window 0xffff, Data
 * Offset 6 (one option: MSS 1460 = 02 04 05 b4). The TCP checksum, by hand:
 * pseudo-header c000 + 0201 + c633 + 6402 + 0006 + 0018 (24 bytes) =
 * 0x1ec54; header c000 + 0050 + 0000 + 0001 + 0000 + 0000 + 6002 + ffff +
 * 0000 + 0000 + 0204 + 05b4 = 0x2280a; total 0x4145e, folded 0x1462,
 * complemented 0xeb9d. (The IPv4 header checksum is left 0: clamping
 * neither reads nor changes it.)
 */
static const uint8_t SYN4[] = {
	0x45, 0x00, 0x00, 0x2c, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02,
	0xc0, 0x00, 0x00, 0x50, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x60, 0x02, 0xff, 0xff, 0xeb, 0x9d, 0x00, 0x00,
	0x02, 0x04, 0x05, 0xb4,
};
#define SYN4_MSS 40 /* offset of the MSS value's first byte - 2 */

/* IPv4 TCP checksum check: the pseudo-header plus the segment sum to 0xffff. */
static void check_tcp4_sum(const uint8_t *p, size_t n)
{
	uint32_t s = pb_sum16(0, p + 12, 8) + 6 + (uint32_t)(n - 20);

	ck_assert_uint_eq(pb_sum16(s, p + 20, n - 20), 0xffff);
}

/* IPv6 TCP checksum check (RFC 8200 §8.1), TCP at offset l4. */
static void check_tcp6_sum(const uint8_t *p, size_t n, size_t l4)
{
	uint32_t s = pb_sum16(0, p + 8, 32) + 6 + (uint32_t)(n - l4);

	ck_assert_uint_eq(pb_sum16(s, p + l4, n - l4), 0xffff);
}

START_TEST(test_mss_syn4_by_hand)
{
	uint8_t p[sizeof(SYN4)];
	uint16_t old = 0;

	check_tcp4_sum(SYN4, sizeof(SYN4)); /* the vector itself */
	memcpy(p, SYN4, sizeof(p));
	ck_assert_int_eq(v6t_tun_mss_clamp(p, sizeof(p), 1400, &old), 1);
	ck_assert_uint_eq(old, 1460);
	/* 1400 = 0x0578; the word fell by 0x05b4 - 0x0578 = 0x3c, so the
	 * folded sum is 0x1462 - 0x3c = 0x1426 and the checksum 0xebd9
	 * (RFC 1624: the field rises by what the data fell) */
	ck_assert_uint_eq(p[SYN4_MSS + 2], 0x05);
	ck_assert_uint_eq(p[SYN4_MSS + 3], 0x78);
	ck_assert_uint_eq(p[36], 0xeb);
	ck_assert_uint_eq(p[37], 0xd9);
	check_tcp4_sum(p, sizeof(p));
	/* nothing else changed */
	ck_assert_mem_eq(p, SYN4, 36);
	ck_assert_mem_eq(p + 38, SYN4 + 38, 4);
}
END_TEST

/*
 * SYN4 with Data Offset 7 and the options NOP, MSS 1460, EOL, padding
 * (01 02 04 05 b4 00 00 00): the MSS value starts at the odd offset 23 of
 * the TCP header, so it is not one 16-bit word of the checksum but the low
 * byte of 0x0405 and the high byte of 0xb400 (RFC 1071 §2(B)). Total
 * Length 48. The checksum, by hand: pseudo-header c000 + 0201 + c633 +
 * 6402 + 0006 + 001c = 0x1ec58; header c000 + 0050 + 0001 + 7002 + ffff +
 * 0102 + 0405 + b400 = 0x2e959; total 0x4d5b1, folded 0xd5b5, complemented
 * 0x2a4a.
 */
static const uint8_t SYN4_ODD[] = {
	0x45, 0x00, 0x00, 0x30, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02,
	0xc0, 0x00, 0x00, 0x50, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x70, 0x02, 0xff, 0xff, 0x2a, 0x4a, 0x00, 0x00,
	0x01, 0x02, 0x04, 0x05, 0xb4, 0x00, 0x00, 0x00,
};

START_TEST(test_mss_odd_offset)
{
	uint8_t p[sizeof(SYN4_ODD)];
	uint16_t old = 0;

	check_tcp4_sum(SYN4_ODD, sizeof(SYN4_ODD)); /* the vector itself */
	memcpy(p, SYN4_ODD, sizeof(p));
	ck_assert_int_eq(v6t_tun_mss_clamp(p, sizeof(p), 1400, &old), 1);
	ck_assert_uint_eq(old, 1460);
	/* 1460 -> 1400 (0x0578) turns the word b400 into 7800: the sum
	 * falls by 0x3c00 to 0x99b5, the checksum is 0x664a (a word-aligned
	 * update would have added 0x3c instead) */
	ck_assert_uint_eq(p[43], 0x05);
	ck_assert_uint_eq(p[44], 0x78);
	ck_assert_uint_eq(p[36], 0x66);
	ck_assert_uint_eq(p[37], 0x4a);
	check_tcp4_sum(p, sizeof(p));
	ck_assert_mem_eq(p, SYN4_ODD, 36);
	ck_assert_mem_eq(p + 38, SYN4_ODD + 38, 5);
	ck_assert_mem_eq(p + 45, SYN4_ODD + 45, 3);
	ck_assert_int_eq(v6t_tun_mss_clamp(p, sizeof(p), 1400, NULL), 0);
}
END_TEST

START_TEST(test_mss_not_above)
{
	uint8_t p[sizeof(SYN4)];
	uint16_t old = 7;

	memcpy(p, SYN4, sizeof(p));
	/* 1460 is not above 1460, nor above 9000: left alone */
	ck_assert_int_eq(v6t_tun_mss_clamp(p, sizeof(p), 1460, &old), 0);
	ck_assert_int_eq(v6t_tun_mss_clamp(p, sizeof(p), 9000, &old), 0);
	ck_assert_uint_eq(old, 7);
	ck_assert_mem_eq(p, SYN4, sizeof(p));
	/* 1459 is */
	ck_assert_int_eq(v6t_tun_mss_clamp(p, sizeof(p), 1459, NULL), 1);
	ck_assert_uint_eq(p[SYN4_MSS + 3], 0xb3);
	check_tcp4_sum(p, sizeof(p));
}
END_TEST

START_TEST(test_mss_syn_ack_and_not_syn)
{
	uint8_t p[sizeof(SYN4)];

	/* SYN-ACK (0x12): clamped. The checksum field is recomputed here
	 * with pb_sum16 since the flags word changed from the vector. */
	memcpy(p, SYN4, sizeof(p));
	p[33] = 0x12;
	p[36] = p[37] = 0;
	{
		uint32_t s = pb_sum16(0, p + 12, 8) + 6 + 24;
		uint16_t c = (uint16_t)~pb_sum16(s, p + 20, 24);

		p[36] = (uint8_t)(c >> 8);
		p[37] = (uint8_t)c;
	}
	ck_assert_int_eq(v6t_tun_mss_clamp(p, sizeof(p), 536, NULL), 1);
	ck_assert_uint_eq(p[SYN4_MSS + 2], 0x02); /* 536 = 0x0218 */
	ck_assert_uint_eq(p[SYN4_MSS + 3], 0x18);
	check_tcp4_sum(p, sizeof(p));

	/* ACK alone (0x10), FIN, RST: the option is not an MSS announcement
	 * there (RFC 9293 §3.7.1: only in SYN segments); left alone */
	memcpy(p, SYN4, sizeof(p));
	p[33] = 0x10;
	ck_assert_int_eq(v6t_tun_mss_clamp(p, sizeof(p), 536, NULL), 0);
	p[33] = 0x01;
	ck_assert_int_eq(v6t_tun_mss_clamp(p, sizeof(p), 536, NULL), 0);
	p[33] = 0x04;
	ck_assert_int_eq(v6t_tun_mss_clamp(p, sizeof(p), 536, NULL), 0);
	p[33] = 0x10;
	ck_assert_mem_eq(p + 34, SYN4 + 34, sizeof(p) - 34);
}
END_TEST

/*
 * IPv6 SYN 2001:db8::1 -> 2001:db8:1::2 behind a Destination Options
 * header (8 bytes of PadN), TCP with Data Offset 8: NOP NOP SACK-permitted
 * (01 01 04 02), MSS 1440 (02 04 05 a0), NOP, window scale 7 (01 03 03 07);
 * the TCP checksum is filled with pb_sum16.
 */
static size_t build_syn6(struct pb *b, unsigned mss)
{
	static const uint8_t src[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const uint8_t dst[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 2 };
	const size_t l4 = 48, tcp = 32;
	uint32_t s;
	uint16_t c;

	b->n = 0;
	pb_put32(b, 0x60000000);
	pb_put16(b, 8 + tcp);
	pb_put8(b, 60); /* Destination Options */
	pb_put8(b, 64);
	pb_put_bytes(b, src, 16);
	pb_put_bytes(b, dst, 16);
	pb_put8(b, 6);
	pb_put8(b, 0);
	pb_put8(b, 1); /* PadN, 4 bytes of data */
	pb_put8(b, 4);
	pb_put32(b, 0);
	pb_put16(b, 0xd431);
	pb_put16(b, 443);
	pb_put32(b, 0x01020304);
	pb_put32(b, 0);
	pb_put16(b, 0x8002);
	pb_put16(b, 0xfaf0);
	pb_put16(b, 0); /* checksum, below */
	pb_put16(b, 0);
	pb_put32(b, 0x01010402);
	pb_put16(b, 0x0204);
	pb_put16(b, mss);
	pb_put32(b, 0x01030307);
	s = pb_sum16(0, b->b + 8, 32) + 6 + (uint32_t)tcp;
	c = (uint16_t)~pb_sum16(s, b->b + l4, tcp);
	b->b[l4 + 16] = (uint8_t)(c >> 8);
	b->b[l4 + 17] = (uint8_t)c;
	return l4;
}

START_TEST(test_mss_syn6_ext_headers)
{
	struct pb b, orig;
	uint16_t old = 0;
	size_t l4 = build_syn6(&b, 1440);

	orig = b;
	check_tcp6_sum(b.b, b.n, l4);
	/* a 1480-byte 6in4 tunnel: 1480 - 40 - 20 = 1420 = 0x058c */
	ck_assert_int_eq(v6t_tun_mss_clamp(b.b, b.n, 1420, &old), 1);
	ck_assert_uint_eq(old, 1440);
	ck_assert_uint_eq(b.b[l4 + 26], 0x05);
	ck_assert_uint_eq(b.b[l4 + 27], 0x8c);
	check_tcp6_sum(b.b, b.n, l4);
	ck_assert_mem_eq(b.b, orig.b, l4 + 16);
	ck_assert_mem_eq(b.b + l4 + 18, orig.b + l4 + 18, 8);
	ck_assert_mem_eq(b.b + l4 + 28, orig.b + l4 + 28, 4);
}
END_TEST

START_TEST(test_mss_two_options)
{
	struct pb b;
	size_t l4 = build_syn6(&b, 1440);
	uint16_t old = 0;

	/* NOP NOP SACK-permitted become a first MSS option, 9000
	 * (02 04 23 28): both MSS options are above 1220 and both are
	 * lowered; old reports the first. The checksum is filled anew with
	 * pb_sum16. */
	b.b[l4 + 20] = 0x02;
	b.b[l4 + 21] = 0x04;
	b.b[l4 + 22] = 0x23;
	b.b[l4 + 23] = 0x28;
	{
		uint32_t s = pb_sum16(0, b.b + 8, 32) + 6 + 32;
		uint16_t c;

		b.b[l4 + 16] = b.b[l4 + 17] = 0;
		c = (uint16_t)~pb_sum16(s, b.b + l4, 32);
		b.b[l4 + 16] = (uint8_t)(c >> 8);
		b.b[l4 + 17] = (uint8_t)c;
	}
	ck_assert_int_eq(v6t_tun_mss_clamp(b.b, b.n, 1220, &old), 1);
	ck_assert_uint_eq(old, 9000);
	ck_assert_uint_eq(b.b[l4 + 22], 0x04); /* 1220 = 0x04c4 */
	ck_assert_uint_eq(b.b[l4 + 23], 0xc4);
	ck_assert_uint_eq(b.b[l4 + 26], 0x04);
	ck_assert_uint_eq(b.b[l4 + 27], 0xc4);
	check_tcp6_sum(b.b, b.n, l4);
}
END_TEST

START_TEST(test_mss_eol_ends_list)
{
	struct pb b;
	size_t l4 = build_syn6(&b, 1440);
	struct pb orig;

	/* End of Option List before the MSS option: what follows is
	 * padding, not an option (RFC 9293 §3.1), so nothing is lowered */
	b.b[l4 + 20] = 0x00;
	orig = b;
	ck_assert_int_eq(v6t_tun_mss_clamp(b.b, b.n, 1220, NULL), 0);
	ck_assert_mem_eq(b.b, orig.b, b.n);
}
END_TEST

START_TEST(test_mss_malformed_options)
{
	static const struct {
		uint8_t at, value;
		int want;
	} cases[] = {
		/* SACK-permitted's length 0 and 1: below 2 */
		{ 23, 0x00, V6T_EMSS_OPTIONS },
		{ 23, 0x01, V6T_EMSS_OPTIONS },
		/* window scale's length 5 runs past the 32-byte header */
		{ 30, 0x05, V6T_EMSS_OPTIONS },
		/* an MSS option of length 3 or 6 (RFC 9293: length 4) */
		{ 25, 0x03, V6T_EMSS_OPTIONS },
		{ 25, 0x06, V6T_EMSS_OPTIONS },
		/* Data Offset 4 (16 bytes): below the fixed header */
		{ 12, 0x42, V6T_EMSS_TCP_HEADER },
		/* Data Offset 9: 36 bytes, past the 32 the datagram holds */
		{ 12, 0x92, V6T_EMSS_TCP_HEADER },
	};
	unsigned i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pb b, orig;
		size_t l4 = build_syn6(&b, 1440);

		b.b[l4 + cases[i].at] = cases[i].value;
		orig = b;
		ck_assert_int_eq(v6t_tun_mss_clamp(b.b, b.n, 1220, NULL), cases[i].want);
		ck_assert_mem_eq(b.b, orig.b, b.n); /* untouched either way */
	}
}
END_TEST

START_TEST(test_mss_last_kind_without_length)
{
	struct pb b;
	size_t l4 = build_syn6(&b, 1440);

	/* the window scale option becomes NOP NOP NOP and a lone kind 8
	 * (timestamps) in the last byte, with no length byte left */
	b.b[l4 + 28] = 1;
	b.b[l4 + 29] = 1;
	b.b[l4 + 30] = 1;
	b.b[l4 + 31] = 8;
	ck_assert_int_eq(v6t_tun_mss_clamp(b.b, b.n, 1220, NULL), V6T_EMSS_OPTIONS);
}
END_TEST

START_TEST(test_mss_other_packets)
{
	uint8_t p[sizeof(SYN4)];
	struct pb b;

	/* UDP: not looked at */
	memcpy(p, SYN4, sizeof(p));
	p[9] = 17;
	ck_assert_int_eq(v6t_tun_mss_clamp(p, sizeof(p), 536, NULL), 0);
	/* a non-first IPv4 fragment (offset 8): no TCP header in it */
	memcpy(p, SYN4, sizeof(p));
	p[6] = 0x00;
	p[7] = 0x01;
	ck_assert_int_eq(v6t_tun_mss_clamp(p, sizeof(p), 536, NULL), 0);
	ck_assert_mem_eq(p + 20, SYN4 + 20, sizeof(p) - 20);
	/* a first fragment (MF) holding the whole TCP header: clamped */
	memcpy(p, SYN4, sizeof(p));
	p[6] = 0x20;
	ck_assert_int_eq(v6t_tun_mss_clamp(p, sizeof(p), 1400, NULL), 1);
	ck_assert_uint_eq(p[37], 0xd9);
	/* a first fragment ending inside the options (Total Length 42):
	 * the option cannot be seen whole, left alone */
	memcpy(p, SYN4, sizeof(p));
	p[6] = 0x20;
	p[3] = 42;
	ck_assert_int_eq(v6t_tun_mss_clamp(p, 42, 1400, NULL), 0);
	/* the same length without MF: a whole datagram whose header runs
	 * past its end */
	p[6] = 0x40;
	ck_assert_int_eq(v6t_tun_mss_clamp(p, 42, 1400, NULL), V6T_EMSS_TCP_HEADER);
	/* an IPv6 packet's parse error is passed on */
	build_syn6(&b, 1440);
	ck_assert_int_eq(v6t_tun_mss_clamp(b.b, 39, 1220, NULL), V6T_EPKT_SHORT);
	ck_assert_int_eq(v6t_tun_mss_clamp(b.b, b.n, 0, NULL), V6T_EINVAL);
	ck_assert_int_eq(v6t_tun_mss_clamp(NULL, 0, 1220, NULL), V6T_EINVAL);
}
END_TEST

START_TEST(test_mss_for_mtu)
{
	uint16_t m = 0;

	/* RFC 6691 §2: MTU - 20 - 20 (IPv4), MTU - 40 - 20 (IPv6) */
	ck_assert_int_eq(v6t_tun_mss_for_mtu(1500, 4, &m), V6T_OK);
	ck_assert_uint_eq(m, 1460);
	ck_assert_int_eq(v6t_tun_mss_for_mtu(1480, 6, &m), V6T_OK);
	ck_assert_uint_eq(m, 1420);
	ck_assert_int_eq(v6t_tun_mss_for_mtu(1280, 6, &m), V6T_OK);
	ck_assert_uint_eq(m, 1220);
	ck_assert_int_eq(v6t_tun_mss_for_mtu(68, 4, &m), V6T_OK);
	ck_assert_uint_eq(m, 28);
	ck_assert_int_eq(v6t_tun_mss_for_mtu(65535, 6, &m), V6T_OK);
	ck_assert_uint_eq(m, 65475);
	m = 9;
	ck_assert_int_eq(v6t_tun_mss_for_mtu(67, 4, &m), V6T_EINVAL);
	ck_assert_int_eq(v6t_tun_mss_for_mtu(1279, 6, &m), V6T_EINVAL);
	ck_assert_int_eq(v6t_tun_mss_for_mtu(65536, 4, &m), V6T_EINVAL);
	ck_assert_int_eq(v6t_tun_mss_for_mtu(1500, 5, &m), V6T_EINVAL);
	ck_assert_int_eq(v6t_tun_mss_for_mtu(1500, 4, NULL), V6T_EINVAL);
	ck_assert_uint_eq(m, 9);
}
END_TEST

Suite *v6t_tunnel_mss_suite(void)
{
	Suite *s = suite_create("tunnel_mss");
	TCase *tc = tcase_create("mss");

	tcase_add_test(tc, test_mss_syn4_by_hand);
	tcase_add_test(tc, test_mss_odd_offset);
	tcase_add_test(tc, test_mss_not_above);
	tcase_add_test(tc, test_mss_syn_ack_and_not_syn);
	tcase_add_test(tc, test_mss_syn6_ext_headers);
	tcase_add_test(tc, test_mss_two_options);
	tcase_add_test(tc, test_mss_eol_ends_list);
	tcase_add_test(tc, test_mss_malformed_options);
	tcase_add_test(tc, test_mss_last_kind_without_length);
	tcase_add_test(tc, test_mss_other_packets);
	tcase_add_test(tc, test_mss_for_mtu);
	suite_add_tcase(s, tc);
	return s;
}
