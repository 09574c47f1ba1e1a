/*
 * ICMP error messages (icmp.h): RFC 792, RFC 4443 §2.4 / §3, RFC 4884,
 * RFC 1812 §4.3.2. Expected bytes are written out from the RFCs' formats
 * with their checksums summed by hand in the comments; the checks that
 * need many bytes use pb_sum16() (pktbuild.h), a plain RFC 1071 sum written
 * for the tests (not src/checksum.h).
 */
#include <stdint.h>
#include <string.h>

#include "pktbuild.h"
#include "suites.h"
#include "testutil.h"

/* A received datagram verifies when its sum (checksum included) is 0xffff. */
static void check_icmp4_sums(const uint8_t *e, size_t n)
{
	ck_assert_uint_eq(pb_sum16(0, e, 20), 0xffff);
	ck_assert_uint_eq(pb_sum16(0, e + 20, n - 20), 0xffff);
}

/* RFC 4443 §2.3: the pseudo-header (addresses, length, 58) plus the message. */
static void check_icmp6_sum(const uint8_t *e, size_t n)
{
	uint32_t s = pb_sum16(0, e + 8, 32) + (uint32_t)(n - 40) + 58;

	ck_assert_uint_eq(pb_sum16(s, e + 40, n - 40), 0xffff);
}

static const v6t_in4 SRC4 = { { 192, 0, 2, 1 } };     /* RFC 5737 */
static const v6t_in4 DST4 = { { 198, 51, 100, 2 } };
static const v6t_in6 SRC6 = { { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } }; /* 2001:db8::1 */
static const v6t_in6 DST6 = { { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 2 } }; /* 2001:db8:1::2 */

/*
 * The invoking IPv4 packet: UDP 198.51.100.2 -> 203.0.113.5, TTL 1, ID
 * 0x1234, 1234 -> 53, 0 bytes of data, no UDP checksum. Header checksum
 * (RFC 791): 4500 + 001c + 1234 + 0000 + 0111 + c633 + 6402 + cb00 + 7105
 * = 0x2be9b, folded 0xbe9d, complemented 0x4162.
 */
static const uint8_t INV4[28] = {
	0x45, 0x00, 0x00, 0x1c, 0x12, 0x34, 0x00, 0x00,
	0x01, 0x11, 0x41, 0x62, 198, 51, 100, 2, 203, 0, 113, 5,
	0x04, 0xd2, 0x00, 0x35, 0x00, 0x08, 0x00, 0x00,
};

/*
 * RFC 792 Time Exceeded (11), code 0, about INV4, from 192.0.2.1 to
 * 198.51.100.2, TOS 0xc0 (RFC 1812 §4.3.2.5 precedence 6), TTL 64 (the
 * default): 20 + 8 + 28 = 56 bytes.
 * IP header checksum: 45c0 + 0038 + 0000 + 0000 + 4001 + 0000 + c000 +
 * 0201 + c633 + 6402 = 0x2722f, folded 0x7231, complemented 0x8dce.
 * ICMP checksum: 0b00 + 0000 + 0000 + (INV4's header: its words with
 * its checksum sum to 0x2fffd) + 04d2 + 0035 + 0008 + 0000 = 0x3100c,
 * folded 0x100f, complemented 0xeff0.
 */
static const uint8_t TE4[56] = {
	0x45, 0xc0, 0x00, 0x38, 0x00, 0x00, 0x00, 0x00,
	0x40, 0x01, 0x8d, 0xce, 192, 0, 2, 1, 198, 51, 100, 2,
	0x0b, 0x00, 0xef, 0xf0, 0x00, 0x00, 0x00, 0x00,
	0x45, 0x00, 0x00, 0x1c, 0x12, 0x34, 0x00, 0x00,
	0x01, 0x11, 0x41, 0x62, 198, 51, 100, 2, 203, 0, 113, 5,
	0x04, 0xd2, 0x00, 0x35, 0x00, 0x08, 0x00, 0x00,
};

/*
 * The invoking IPv6 packet: 2001:db8:1::2 -> 2001:db8:2::3, UDP, Hop
 * Limit 64, Payload Length 8, 1234 -> 53 (checksum bytes abcd, not
 * looked at).
 */
static const uint8_t INV6[48] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x08, 0x11, 0x40,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x03,
	0x04, 0xd2, 0x00, 0x35, 0x00, 0x08, 0xab, 0xcd,
};

/*
 * RFC 4443 §3.2 Packet Too Big, code 0, MTU 1280, about INV6, from
 * 2001:db8::1 to 2001:db8:1::2, Traffic Class 0, flow label 0, Hop Limit
 * 64 (the default): 40 + 8 + 48 = 96 bytes, ICMPv6 length 56 (0x38).
 * Checksum (RFC 4443 §2.3): pseudo-header 2001 + 0db8 + 0001 (source) +
 * 2001 + 0db8 + 0001 + 0002 (destination) + 0038 + 003a = 0x5be8; the
 * message 0200 + 0000 + 0000 + 0500 + INV6 (6000 + 0008 + 1140 + 2001 +
 * 0db8 + 0001 + 0002 + 2001 + 0db8 + 0002 + 0003 + 04d2 + 0035 + 0008 +
 * abcd) = 0x1849e; together 0x1e086, folded 0xe087, complemented 0x1f78.
 */
static const uint8_t PTB6[96] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x38, 0x3a, 0x40,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,
	0x02, 0x00, 0x1f, 0x78, 0x00, 0x00, 0x05, 0x00,
	0x60, 0x00, 0x00, 0x00, 0x00, 0x08, 0x11, 0x40,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x03,
	0x04, 0xd2, 0x00, 0x35, 0x00, 0x08, 0xab, 0xcd,
};

static v6t_icmp_params params(uint8_t type, uint8_t code, uint32_t rest)
{
	v6t_icmp_params p;

	memset(&p, 0, sizeof p);
	p.type = type;
	p.code = code;
	p.rest = rest;
	return p;
}

/*
 * TE4, then with the caller's Identification 0xbeef (RFC 6864 §4.3, for
 * errors that must not repeat one): header checksum 0x2722f + beef =
 * 0x3311e, folded 0x3121, complemented 0xcede; the ICMP part unchanged.
 */
START_TEST(test_icmp4_time_exceeded_bytes)
{
	v6t_icmp_params p = params(11, 0, 0);
	uint8_t out[56], want[56];
	size_t n = 0;
	int k;

	memcpy(want, TE4, sizeof want);
	p.tclass = 0xc0;
	for (k = 0; k < 2; k++) {
		ck_assert_int_eq(v6t_icmp4_error_build(out, sizeof out, &n, &SRC4,
						       &DST4, &p, INV4, sizeof INV4),
				 V6T_OK);
		ck_assert_uint_eq(n, sizeof want);
		ck_assert_mem_eq(out, want, sizeof want);
		p.ip_id = 0xbeef;
		want[4] = 0xbe;
		want[5] = 0xef;
		want[10] = 0xce;
		want[11] = 0xde;
	}
}
END_TEST

START_TEST(test_icmp6_packet_too_big_bytes)
{
	v6t_icmp_params p = params(2, 0, 1280);
	uint8_t out[96];
	size_t n = 0;

	ck_assert_int_eq(v6t_icmp6_error_build(out, sizeof out, &n, &SRC6, &DST6,
					       &p, INV6, sizeof INV6), V6T_OK);
	ck_assert_uint_eq(n, sizeof PTB6);
	ck_assert_mem_eq(out, PTB6, sizeof PTB6);
}
END_TEST

/*
 * Header fields: TTL / Hop Limit as given when not 0; the IPv6 Traffic
 * Class 0xab split over bytes 0 and 1 (RFC 8200 §3: version 6, then
 * 0xa, then 0xb and the flow label's top nibble 0).
 */
START_TEST(test_icmp_header_fields)
{
	v6t_icmp_params p = params(3, 0, 0);
	uint8_t out[128];
	size_t n;

	p.hop_limit = 255;
	p.tclass = 0xab;
	ck_assert_int_eq(v6t_icmp6_error_build(out, sizeof out, &n, &SRC6, &DST6,
					       &p, INV6, sizeof INV6), V6T_OK);
	ck_assert_uint_eq(out[0], 0x6a);
	ck_assert_uint_eq(out[1], 0xb0);
	ck_assert_uint_eq(out[2], 0);
	ck_assert_uint_eq(out[3], 0);
	ck_assert_uint_eq(out[7], 255);
	check_icmp6_sum(out, n);
	p = params(12, 0, 0x09000000u); /* Parameter Problem, pointer 9 */
	p.hop_limit = 1;
	ck_assert_int_eq(v6t_icmp4_error_build(out, sizeof out, &n, &SRC4, &DST4,
					       &p, INV4, sizeof INV4), V6T_OK);
	ck_assert_uint_eq(out[8], 1);
	ck_assert_uint_eq(out[24], 9);
	ck_assert_uint_eq(out[25], 0);
	check_icmp4_sums(out, n);
}
END_TEST

/*
 * The bytes 4..7: ICMPv4 Fragmentation Needed (3/4) carries the next-hop
 * MTU in the low 16 bits (RFC 1191 §4); its byte 5 is the RFC 4884 length,
 * 0 without an extension (RFC 4884 §5.4), whatever rest held there. In
 * messages without a length attribute (ICMPv6 Packet Too Big, Parameter
 * Problem, ICMPv4 Redirect) all 32 bits are written as given.
 */
START_TEST(test_icmp_rest_and_length_byte)
{
	static const struct {
		int v6;
		uint8_t type, code;
		uint32_t rest;
		uint8_t want[4];
	} c[] = {
		{ 0, 3, 4, 0x00ff05dcu, { 0x00, 0x00, 0x05, 0xdc } },
		{ 0, 12, 0, 0x14ff0000u, { 0x14, 0x00, 0x00, 0x00 } },
		{ 0, 5, 1, 0xc0000263u, { 0xc0, 0x00, 0x02, 0x63 } },
		{ 1, 1, 4, 0xff000000u, { 0x00, 0x00, 0x00, 0x00 } },
		{ 1, 3, 0, 0xffffffffu, { 0x00, 0xff, 0xff, 0xff } },
		{ 1, 2, 0, 0x12345678u, { 0x12, 0x34, 0x56, 0x78 } },
		{ 1, 4, 1, 0xff000028u, { 0xff, 0x00, 0x00, 0x28 } },
	};
	uint8_t out[128];
	size_t n, k;

	for (k = 0; k < sizeof c / sizeof c[0]; k++) {
		v6t_icmp_params p = params(c[k].type, c[k].code, c[k].rest);

		if (c[k].v6) {
			ck_assert_int_eq(v6t_icmp6_error_build(out, sizeof out, &n,
				&SRC6, &DST6, &p, INV6, sizeof INV6), V6T_OK);
			ck_assert_mem_eq(out + 44, c[k].want, 4);
			check_icmp6_sum(out, n);
		} else {
			ck_assert_int_eq(v6t_icmp4_error_build(out, sizeof out, &n,
				&SRC4, &DST4, &p, INV4, sizeof INV4), V6T_OK);
			ck_assert_mem_eq(out + 24, c[k].want, 4);
			check_icmp4_sums(out, n);
		}
	}
}
END_TEST

/* A quote of n bytes: 0, 1, 2, ... (mod 251, so that no period of 2^k
 * hides a misplaced byte). */
static uint8_t big[70000];

static void fill_big(void)
{
	size_t i;

	for (i = 0; i < sizeof big; i++)
		big[i] = (uint8_t)(i % 251);
}

/*
 * RFC 1812 §4.3.2.3: an ICMPv4 error holds as much of the original
 * datagram as fits in 576 bytes: 576 - 28 = 548 quoted of 1000. RFC 4443
 * §2.4 (c): an ICMPv6 error, 1280 - 48 = 1232 of 1500. A caller's limit
 * (100: 72 quoted; exactly the headers: none); a limit above the largest
 * datagram counts as that (IPv4 Total Length 65535, IPv6 Payload Length
 * 65535). Each row: the version, the type, the limit, the quote's length,
 * the error's length and its Total Length / Payload Length field.
 */
static const struct trunc_case {
	int v6;
	uint8_t type;
	size_t limit, qlen, total;
	unsigned len_field;
} TRUNC[] = {
	{ 0, 11, 0, 1000, 576, 576 },
	{ 1, 1, 0, 1500, 1280, 1240 },
	{ 0, 11, 100, 1000, 100, 100 },
	{ 0, 11, 28, 1000, 28, 28 },
	{ 1, 3, 48, 1000, 48, 8 },
	{ 0, 11, 100000, 70000, 65535, 65535 },
	{ 1, 3, 100000, 70000, 65575, 65535 },
};
#define N_TRUNC (sizeof TRUNC / sizeof TRUNC[0])

START_TEST(test_icmp_truncation_to_limit)
{
	const struct trunc_case *c = &TRUNC[_i];
	static uint8_t out[70000];
	v6t_icmp_params p = params(c->type, 0, 0);
	size_t n, hdrs = c->v6 ? 48 : 28;
	int rc;

	fill_big();
	p.limit = c->limit;
	if (c->v6)
		rc = v6t_icmp6_error_build(out, sizeof out, &n, &SRC6, &DST6, &p,
					   big, c->qlen);
	else
		rc = v6t_icmp4_error_build(out, sizeof out, &n, &SRC4, &DST4, &p,
					   big, c->qlen);
	ck_assert_int_eq(rc, V6T_OK);
	ck_assert_uint_eq(n, c->total);
	ck_assert_uint_eq((unsigned)out[c->v6 ? 4 : 2] << 8 | out[c->v6 ? 5 : 3],
			  c->len_field);
	ck_assert_mem_eq(out + hdrs, big, n - hdrs);
	if (c->v6)
		check_icmp6_sum(out, n);
	else
		check_icmp4_sums(out, n);
}
END_TEST

/*
 * An RFC 4884 §7 extension: header version 2 (0x20 0x00), checksum, and
 * one object of 4 bytes (RFC 4884 §8: Length 4, Class-Num 1, C-Type 1).
 * Checksum: 2000 + 0000 + 0004 + 0101 = 0x2105, complemented 0xdefa.
 */
static const uint8_t EXT8[8] = { 0x20, 0x00, 0xde, 0xfa, 0x00, 0x04, 0x01, 0x01 };

START_TEST(test_icmp_ext_checksum)
{
	uint8_t e[8] = { 0x20, 0x00, 0x55, 0x55, 0x00, 0x04, 0x01, 0x01 };

	ck_assert_int_eq(v6t_icmp_ext_checksum(e, sizeof e), V6T_OK);
	ck_assert_mem_eq(e, EXT8, 8);
	ck_assert_int_eq(v6t_icmp_ext_checksum(NULL, 8), V6T_EINVAL);
	ck_assert_int_eq(v6t_icmp_ext_checksum(e, 4), V6T_EINVAL);
	ck_assert_int_eq(v6t_icmp_ext_checksum(e, 10), V6T_EINVAL);
	ck_assert_int_eq(v6t_icmp_ext_checksum(e, 0), V6T_EINVAL);
	ck_assert_mem_eq(e, EXT8, 8);
}
END_TEST

/*
 * RFC 4884 §4: with an extension, the "original datagram" field is padded
 * with zeros to 32-bit (IPv4) / 64-bit (IPv6) words and to 128 bytes at
 * least; the length attribute counts those words (IPv4 byte 5, IPv6 byte
 * 4 of the ICMP header); the extension follows the field. Each row: the
 * version, the quote's length, the limit (0: default), the extension's
 * length (EXT8, or 12 with a second 4-byte object), and what the RFC
 * gives: the field's length, the attribute, the total, whether the
 * extension went in.
 */
static const struct ext_case {
	int v6;
	size_t qlen, limit, ext_len;
	size_t field, total;
	unsigned attr;
	int with_ext;
} EXT_CASES[] = {
	/* IPv4, 28 bytes padded to 128: 32 words; 28 + 128 + 8 = 164 */
	{ 0, 28, 0, 8, 128, 164, 32, 1 },
	/* IPv4, 130 bytes padded to 132 (the next 32-bit word): 33 */
	{ 0, 130, 0, 8, 132, 168, 33, 1 },
	/* IPv4, 1000 bytes cut to 576: 576 - 28 - 8 = 540 = 135 words */
	{ 0, 1000, 0, 8, 540, 576, 135, 1 },
	/* IPv4, limit 200, extension 12: 200 - 28 - 12 = 160 = 40 words */
	{ 0, 300, 200, 12, 160, 200, 40, 1 },
	/* IPv4, limit 202: 202 - 28 - 8 = 166, cut to the word: 164 = 41 */
	{ 0, 300, 202, 8, 164, 200, 41, 1 },
	/* IPv4, limit 1500: the field stops at 255 words, 1020 bytes */
	{ 0, 1400, 1500, 8, 1020, 1056, 255, 1 },
	/* IPv4, limit 163: 163 - 28 = 135 < 128 + 8: no extension, 135 quoted */
	{ 0, 300, 163, 8, 135, 163, 0, 0 },
	/* IPv4, limit 164: 128 + 8 fit exactly */
	{ 0, 300, 164, 8, 128, 164, 32, 1 },
	/* IPv6, 61 bytes padded to 128: 16 words; 48 + 128 + 8 = 184 */
	{ 1, 61, 0, 8, 128, 184, 16, 1 },
	/* IPv6, 130 bytes padded to 136 (the next 64-bit word): 17 */
	{ 1, 130, 0, 8, 136, 192, 17, 1 },
	/* IPv6, 1500 cut to 1280: 1280 - 48 - 8 = 1224 = 153 words */
	{ 1, 1500, 0, 8, 1224, 1280, 153, 1 },
	/* IPv6, limit 199: 199 - 48 - 8 = 143, cut to 136 = 17 words */
	{ 1, 300, 199, 8, 136, 192, 17, 1 },
	/* IPv6, limit 3000: 255 words, 2040 bytes */
	{ 1, 2500, 3000, 8, 2040, 2096, 255, 1 },
	/* IPv6, limit 183: 135 < 128 + 8: no extension */
	{ 1, 300, 183, 8, 135, 183, 0, 0 },
};
#define N_EXT_CASES (sizeof EXT_CASES / sizeof EXT_CASES[0])

START_TEST(test_icmp_ext_layout)
{
	const struct ext_case *c = &EXT_CASES[_i];
	static uint8_t out[4096];
	uint8_t ext[12];
	v6t_icmp_params p;
	size_t n = 0, hdrs = c->v6 ? 48 : 28, copied, k;
	int rc;

	fill_big();
	memcpy(ext, EXT8, 8);
	if (c->ext_len == 12) {
		/* a second object: Length 4, Class-Num 2, C-Type 0; the
		 * checksum gains 0004 + 0200: 0x2309, complemented 0xdcf6 */
		static const uint8_t more[4] = { 0x00, 0x04, 0x02, 0x00 };

		memcpy(ext + 8, more, 4);
		ext[2] = 0xdc;
		ext[3] = 0xf6;
	}
	p = params(c->v6 ? 3 : 11, 0, 0);
	p.limit = c->limit;
	p.ext = ext;
	p.ext_len = c->ext_len;
	memset(out, 0xee, sizeof out);
	if (c->v6)
		rc = v6t_icmp6_error_build(out, sizeof out, &n, &SRC6, &DST6, &p,
					   big, c->qlen);
	else
		rc = v6t_icmp4_error_build(out, sizeof out, &n, &SRC4, &DST4, &p,
					   big, c->qlen);
	ck_assert_int_eq(rc, V6T_OK);
	ck_assert_uint_eq(n, c->total);
	ck_assert_uint_eq(out[c->v6 ? 44 : 25], c->attr);
	copied = c->qlen < c->field ? c->qlen : c->field;
	ck_assert_mem_eq(out + hdrs, big, copied);
	for (k = copied; k < c->field; k++)
		ck_assert_uint_eq(out[hdrs + k], 0);
	if (c->with_ext)
		ck_assert_mem_eq(out + hdrs + c->field, ext, c->ext_len);
	ck_assert_uint_eq(out[c->total], 0xee); /* nothing past the end */
	if (c->v6)
		check_icmp6_sum(out, n);
	else
		check_icmp4_sums(out, n);
}
END_TEST

/*
 * icmp.h "Building in place": the invoking packet lies 28 / 48 bytes into
 * the output buffer and the error is built over it: the bytes are TE4 and
 * PTB6. Also with an extension (the padding and the extension follow the
 * packet), a packet longer than the limit (cut at 1280), and a quote at
 * the very start of the buffer (moved forward, overlapping itself).
 */
START_TEST(test_icmp_in_place)
{
	static uint8_t buf[48 + 1500];
	v6t_icmp_params p = params(11, 0, 0);
	size_t n = 0, k;

	p.tclass = 0xc0;
	memcpy(buf + 28, INV4, sizeof INV4);
	ck_assert_int_eq(v6t_icmp4_error_build(buf, 56, &n, &SRC4, &DST4, &p,
					       buf + 28, sizeof INV4), V6T_OK);
	ck_assert_uint_eq(n, 56);
	ck_assert_mem_eq(buf, TE4, sizeof TE4);

	p = params(2, 0, 1280);
	memcpy(buf + 48, INV6, sizeof INV6);
	ck_assert_int_eq(v6t_icmp6_error_build(buf, 96, &n, &SRC6, &DST6, &p,
					       buf + 48, sizeof INV6), V6T_OK);
	ck_assert_mem_eq(buf, PTB6, sizeof PTB6);

	/* no headroom: the packet at buf, moved 28 bytes on */
	p = params(11, 0, 0);
	p.tclass = 0xc0;
	memcpy(buf, INV4, sizeof INV4);
	ck_assert_int_eq(v6t_icmp4_error_build(buf, sizeof buf, &n, &SRC4, &DST4,
					       &p, buf, sizeof INV4), V6T_OK);
	ck_assert_mem_eq(buf, TE4, sizeof TE4);

	/* with an extension: INV6 padded to 128, then EXT8 (16 words) */
	p = params(3, 1, 0);
	p.ext = EXT8;
	p.ext_len = sizeof EXT8;
	memset(buf, 0xee, sizeof buf);
	memcpy(buf + 48, INV6, sizeof INV6);
	ck_assert_int_eq(v6t_icmp6_error_build(buf, sizeof buf, &n, &SRC6, &DST6,
					       &p, buf + 48, sizeof INV6), V6T_OK);
	ck_assert_uint_eq(n, 48 + 128 + 8);
	ck_assert_uint_eq(buf[44], 16);
	ck_assert_mem_eq(buf + 48, INV6, sizeof INV6);
	for (k = 48 + sizeof INV6; k < 48 + 128; k++)
		ck_assert_uint_eq(buf[k], 0);
	ck_assert_mem_eq(buf + 48 + 128, EXT8, 8);
	check_icmp6_sum(buf, n);

	/* 1500 bytes in place, cut to 1280 */
	fill_big();
	memcpy(buf + 48, big, 1500);
	p = params(1, 4, 0);
	ck_assert_int_eq(v6t_icmp6_error_build(buf, sizeof buf, &n, &SRC6, &DST6,
					       &p, buf + 48, 1500), V6T_OK);
	ck_assert_uint_eq(n, 1280);
	ck_assert_mem_eq(buf + 48, big, 1232);
	check_icmp6_sum(buf, n);
}
END_TEST

/* Every error return; a failing call writes nothing but, with
 * V6T_ENOSPC, the length needed. */
START_TEST(test_icmp_errors)
{
	uint8_t out[256], before[256];
	v6t_icmp_params p = params(11, 0, 0), q;
	size_t n = 7;

	memset(out, 0xaa, sizeof out);
	memcpy(before, out, sizeof out);
	ck_assert_int_eq(v6t_icmp4_error_build(NULL, 64, &n, &SRC4, &DST4, &p, INV4, 28), V6T_EINVAL);
	ck_assert_int_eq(v6t_icmp4_error_build(out, 64, NULL, &SRC4, &DST4, &p, INV4, 28), V6T_EINVAL);
	ck_assert_int_eq(v6t_icmp4_error_build(out, 64, &n, NULL, &DST4, &p, INV4, 28), V6T_EINVAL);
	ck_assert_int_eq(v6t_icmp4_error_build(out, 64, &n, &SRC4, NULL, &p, INV4, 28), V6T_EINVAL);
	ck_assert_int_eq(v6t_icmp4_error_build(out, 64, &n, &SRC4, &DST4, NULL, INV4, 28), V6T_EINVAL);
	ck_assert_int_eq(v6t_icmp4_error_build(out, 64, &n, &SRC4, &DST4, &p, NULL, 28), V6T_EINVAL);
	ck_assert_int_eq(v6t_icmp6_error_build(NULL, 64, &n, &SRC6, &DST6, &p, INV6, 48), V6T_EINVAL);
	ck_assert_int_eq(v6t_icmp6_error_build(out, 64, NULL, &SRC6, &DST6, &p, INV6, 48), V6T_EINVAL);
	ck_assert_int_eq(v6t_icmp6_error_build(out, 64, &n, NULL, &DST6, &p, INV6, 48), V6T_EINVAL);
	ck_assert_int_eq(v6t_icmp6_error_build(out, 64, &n, &SRC6, NULL, &p, INV6, 48), V6T_EINVAL);
	ck_assert_int_eq(v6t_icmp6_error_build(out, 64, &n, &SRC6, &DST6, NULL, INV6, 48), V6T_EINVAL);
	ck_assert_int_eq(v6t_icmp6_error_build(out, 64, &n, &SRC6, &DST6, &p, NULL, 48), V6T_EINVAL);

	/* types that are not errors: IPv4 Echo (0, 8), 13 Timestamp, 6;
	 * IPv6 0 (reserved) and 128 and above (informational, RFC 4443 §2.1) */
	{
		static const uint8_t bad4[] = { 0, 8, 13, 6, 255 };
		static const uint8_t bad6[] = { 0, 128, 137, 255 };
		size_t k;

		for (k = 0; k < sizeof bad4; k++) {
			q = params(bad4[k], 0, 0);
			ck_assert_int_eq(v6t_icmp4_error_build(out, sizeof out, &n,
				&SRC4, &DST4, &q, INV4, 28), V6T_EINVAL);
		}
		for (k = 0; k < sizeof bad6; k++) {
			q = params(bad6[k], 0, 0);
			ck_assert_int_eq(v6t_icmp6_error_build(out, sizeof out, &n,
				&SRC6, &DST6, &q, INV6, 48), V6T_EINVAL);
		}
	}

	/* extension: NULL with a length; lengths 4, 6, 10 (RFC 4884 §7/§8:
	 * a header and an object, 32-bit words) */
	q = p;
	q.ext_len = 8;
	ck_assert_int_eq(v6t_icmp4_error_build(out, sizeof out, &n, &SRC4, &DST4, &q, INV4, 28), V6T_EINVAL);
	q.ext = EXT8;
	q.ext_len = 4;
	ck_assert_int_eq(v6t_icmp4_error_build(out, sizeof out, &n, &SRC4, &DST4, &q, INV4, 28), V6T_EINVAL);
	q.ext_len = 6;
	ck_assert_int_eq(v6t_icmp6_error_build(out, sizeof out, &n, &SRC6, &DST6, &q, INV6, 48), V6T_EINVAL);
	q.ext_len = 10;
	ck_assert_int_eq(v6t_icmp4_error_build(out, sizeof out, &n, &SRC4, &DST4, &q, INV4, 28), V6T_EINVAL);

	/* RFC 4884 §4.6: no extension on ICMPv4 Source Quench and Redirect,
	 * ICMPv6 Packet Too Big and Parameter Problem */
	q.ext_len = 8;
	q.type = 4;
	ck_assert_int_eq(v6t_icmp4_error_build(out, sizeof out, &n, &SRC4, &DST4, &q, INV4, 28), V6T_EINVAL);
	q.type = 5;
	ck_assert_int_eq(v6t_icmp4_error_build(out, sizeof out, &n, &SRC4, &DST4, &q, INV4, 28), V6T_EINVAL);
	q.type = 2;
	ck_assert_int_eq(v6t_icmp6_error_build(out, sizeof out, &n, &SRC6, &DST6, &q, INV6, 48), V6T_EINVAL);
	q.type = 4;
	ck_assert_int_eq(v6t_icmp6_error_build(out, sizeof out, &n, &SRC6, &DST6, &q, INV6, 48), V6T_EINVAL);

	/* a limit below the headers */
	q = p;
	q.limit = 27;
	ck_assert_int_eq(v6t_icmp4_error_build(out, sizeof out, &n, &SRC4, &DST4, &q, INV4, 28), V6T_EINVAL);
	q.limit = 47;
	q.type = 3;
	ck_assert_int_eq(v6t_icmp6_error_build(out, sizeof out, &n, &SRC6, &DST6, &q, INV6, 48), V6T_EINVAL);
	ck_assert_uint_eq(n, 7);
	ck_assert_mem_eq(out, before, sizeof out);

	/* V6T_ENOSPC: the 56 bytes of TE4 in 55, the 96 of PTB6 in 95 */
	p.tclass = 0xc0;
	ck_assert_int_eq(v6t_icmp4_error_build(out, 55, &n, &SRC4, &DST4, &p, INV4, 28), V6T_ENOSPC);
	ck_assert_uint_eq(n, 56);
	q = params(2, 0, 1280);
	ck_assert_int_eq(v6t_icmp6_error_build(out, 95, &n, &SRC6, &DST6, &q, INV6, 48), V6T_ENOSPC);
	ck_assert_uint_eq(n, 96);
	ck_assert_mem_eq(out, before, sizeof out);

	/* an empty quote is allowed (NULL with 0): the headers alone */
	ck_assert_int_eq(v6t_icmp4_error_build(out, sizeof out, &n, &SRC4, &DST4, &p, NULL, 0), V6T_OK);
	ck_assert_uint_eq(n, 28);
	check_icmp4_sums(out, n);
}
END_TEST

/* ------------------------------------------------------------ may_answer */

/* An IPv6 packet: src, dst (last byte / first byte varied by the case),
 * next header, then 8 bytes of upper layer whose first byte is l4type. */
struct pkt_case {
	const char *what;
	int v6;
	uint8_t src[16], dst[16];
	uint8_t nh;          /* IPv6 Next Header / IPv4 Protocol */
	int frag;            /* IPv6: a Fragment header (offset in 8-byte units) + 1; IPv4: offset + 1 */
	int l4type;          /* first byte of the upper layer, or -1: buffer cut before it */
	uint8_t err_type, err_code;
	int want;
};

#define A6(...) { 0x20, 0x01, 0x0d, 0xb8, __VA_ARGS__ }
#define U6 A6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)   /* 2001:db8::1 */
#define V6 A6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2)   /* 2001:db8::2 */
#define M6 { 0xff, 0x02, [15] = 1 }                 /* ff02::1 */
#define Z6 { 0 }                                    /* :: */
#define L6 { [15] = 1 }                             /* ::1 */
#define U4 { 192, 0, 2, 1 }
#define V4 { 198, 51, 100, 2 }

/*
 * RFC 4443 §2.4 (e) for IPv6, RFC 1812 §4.3.2.7 and RFC 1122 §3.2.2 for
 * IPv4, and icmp.h for the ICMP whose type does not show.
 */
static const struct pkt_case MAY[] = {
	{ "v6 udp", 1, U6, V6, 17, 0, 0, 1, 0, 1 },
	{ "v6 to multicast (e.3)", 1, U6, M6, 17, 0, 0, 1, 0, 0 },
	{ "v6 to multicast, Time Exceeded (e.3)", 1, U6, M6, 17, 0, 0, 3, 0, 0 },
	{ "v6 to multicast, Packet Too Big (e.3 exception 1)", 1, U6, M6, 17, 0, 0, 2, 0, 1 },
	{ "v6 to multicast, Param Problem 2 (e.3 exception 2)", 1, U6, M6, 17, 0, 0, 4, 2, 1 },
	{ "v6 to multicast, Param Problem 0 (e.3)", 1, U6, M6, 17, 0, 0, 4, 0, 0 },
	{ "v6 from :: (e.6)", 1, Z6, V6, 17, 0, 0, 2, 0, 0 },
	{ "v6 from multicast (e.6)", 1, M6, V6, 17, 0, 0, 2, 0, 0 },
	{ "v6 from ::1 (RFC 4291 2.5.3)", 1, L6, V6, 17, 0, 0, 1, 0, 0 },
	{ "v6 ICMPv6 Dest Unreach (e.1)", 1, U6, V6, 58, 0, 1, 1, 0, 0 },
	{ "v6 ICMPv6 type 127 (e.1)", 1, U6, V6, 58, 0, 127, 2, 0, 0 },
	{ "v6 ICMPv6 Echo Request", 1, U6, V6, 58, 0, 128, 3, 0, 1 },
	{ "v6 ICMPv6 Redirect (e.2)", 1, U6, V6, 58, 0, 137, 1, 0, 0 },
	{ "v6 ICMPv6 type not in the buffer", 1, U6, V6, 58, 0, -1, 1, 0, 0 },
	{ "v6 ICMPv6 first fragment, Echo", 1, U6, V6, 58, 1, 128, 3, 1, 1 },
	{ "v6 ICMPv6 later fragment", 1, U6, V6, 58, 2, 0, 3, 1, 0 },
	{ "v6 udp later fragment", 1, U6, V6, 17, 2, 0, 4, 0, 1 },
	{ "v4 udp", 0, U4, V4, 17, 0, 0, 3, 1, 1 },
	{ "v4 to 224.0.0.1", 0, U4, { 224, 0, 0, 1 }, 17, 0, 0, 3, 4, 0 },
	{ "v4 to 239.255.255.255", 0, U4, { 239, 255, 255, 255 }, 17, 0, 0, 11, 0, 0 },
	{ "v4 to 255.255.255.255", 0, U4, { 255, 255, 255, 255 }, 17, 0, 0, 3, 3, 0 },
	{ "v4 to 240.0.0.1", 0, U4, { 240, 0, 0, 1 }, 17, 0, 0, 3, 1, 1 },
	{ "v4 from 0.0.0.0", 0, { 0, 0, 0, 0 }, V4, 17, 0, 0, 3, 1, 0 },
	{ "v4 from 0.1.2.3", 0, { 0, 1, 2, 3 }, V4, 17, 0, 0, 3, 1, 0 },
	{ "v4 from 127.0.0.1", 0, { 127, 0, 0, 1 }, V4, 17, 0, 0, 3, 1, 0 },
	{ "v4 from 224.0.0.5", 0, { 224, 0, 0, 5 }, V4, 17, 0, 0, 3, 1, 0 },
	{ "v4 from 240.0.0.1", 0, { 240, 0, 0, 1 }, V4, 17, 0, 0, 3, 1, 0 },
	{ "v4 from 255.255.255.255", 0, { 255, 255, 255, 255 }, V4, 17, 0, 0, 3, 1, 0 },
	{ "v4 from 223.255.255.255", 0, { 223, 255, 255, 255 }, V4, 17, 0, 0, 3, 1, 1 },
	{ "v4 ICMP Dest Unreach", 0, U4, V4, 1, 0, 3, 3, 1, 0 },
	{ "v4 ICMP Source Quench", 0, U4, V4, 1, 0, 4, 3, 1, 0 },
	{ "v4 ICMP Redirect", 0, U4, V4, 1, 0, 5, 3, 1, 0 },
	{ "v4 ICMP Time Exceeded", 0, U4, V4, 1, 0, 11, 3, 1, 0 },
	{ "v4 ICMP Param Problem", 0, U4, V4, 1, 0, 12, 3, 1, 0 },
	{ "v4 ICMP Echo", 0, U4, V4, 1, 0, 8, 11, 0, 1 },
	{ "v4 ICMP Echo Reply", 0, U4, V4, 1, 0, 0, 11, 0, 1 },
	{ "v4 ICMP type not in the buffer", 0, U4, V4, 1, 0, -1, 3, 1, 0 },
	{ "v4 udp first fragment", 0, U4, V4, 17, 1, 0, 11, 1, 1 },
	{ "v4 udp later fragment (4.3.2.7)", 0, U4, V4, 17, 2, 0, 11, 1, 0 },
};
#define N_MAY (sizeof MAY / sizeof MAY[0])

/* The packet of a case in b; its length. IPv4 header checksums are not
 * looked at by the rules and left 0. */
static size_t make_pkt(uint8_t *b, const struct pkt_case *c)
{
	size_t n, l4 = c->v6 ? 40 : 20;

	memset(b, 0, 80);
	if (c->v6) {
		b[0] = 0x60;
		b[6] = c->nh;
		b[7] = 64;
		memcpy(b + 8, c->src, 16);
		memcpy(b + 24, c->dst, 16);
		if (c->frag) {
			b[6] = 44;
			b[40] = c->nh;
			/* offset (c->frag - 1) * 8 bytes, M = 1 */
			b[42] = (uint8_t)((c->frag - 1) >> 5);
			b[43] = (uint8_t)((c->frag - 1) << 3 | 1);
			b[47] = 9;
			l4 = 48;
		}
		n = l4 + 8;
		b[4] = 0;
		b[5] = (uint8_t)(n - 40);
	} else {
		b[0] = 0x45;
		b[8] = 64;
		b[9] = c->nh;
		memcpy(b + 12, c->src, 4);
		memcpy(b + 16, c->dst, 4);
		if (c->frag) {
			b[6] = (uint8_t)(0x20 | (c->frag - 1) >> 8); /* MF */
			b[7] = (uint8_t)(c->frag - 1);
		}
		n = 28;
		b[3] = 28;
	}
	if (c->l4type < 0)
		return l4; /* the buffer ends before the upper layer */
	b[l4] = (uint8_t)c->l4type;
	return n;
}

START_TEST(test_icmp_may_answer_rules)
{
	const struct pkt_case *c = &MAY[_i];
	uint8_t b[80];
	size_t n = make_pkt(b, c);

	ck_assert_msg(v6t_icmp_may_answer(b, n, c->err_type, c->err_code) == c->want,
		      "%s", c->what);
}
END_TEST

/* Unparseable: NULL, empty, a cut IP header, version 5, IPv4 IHL 4. */
START_TEST(test_icmp_may_answer_unparseable)
{
	uint8_t b[80];
	size_t n = make_pkt(b, &MAY[0]);

	ck_assert_int_eq(v6t_icmp_may_answer(NULL, 40, 1, 0), 0);
	ck_assert_int_eq(v6t_icmp_may_answer(b, 0, 1, 0), 0);
	ck_assert_int_eq(v6t_icmp_may_answer(b, 39, 1, 0), 0);
	ck_assert_int_eq(v6t_icmp_may_answer(b, n, 1, 0), 1);
	b[0] = 0x50;
	ck_assert_int_eq(v6t_icmp_may_answer(b, n, 1, 0), 0);
	n = make_pkt(b, &MAY[17]); /* v4 udp */
	ck_assert_int_eq(v6t_icmp_may_answer(b, n, 3, 1), 1);
	ck_assert_int_eq(v6t_icmp_may_answer(b, 19, 3, 1), 0);
	b[0] = 0x44;
	ck_assert_int_eq(v6t_icmp_may_answer(b, n, 3, 1), 0);
}
END_TEST

Suite *v6t_icmp_suite(void)
{
	Suite *s = suite_create("icmp");
	TCase *tc = tcase_create("build");

	tcase_add_test(tc, test_icmp4_time_exceeded_bytes);
	tcase_add_test(tc, test_icmp6_packet_too_big_bytes);
	tcase_add_test(tc, test_icmp_header_fields);
	tcase_add_test(tc, test_icmp_rest_and_length_byte);
	tcase_add_loop_test(tc, test_icmp_truncation_to_limit, 0, (int)N_TRUNC);
	tcase_add_test(tc, test_icmp_ext_checksum);
	tcase_add_loop_test(tc, test_icmp_ext_layout, 0, (int)N_EXT_CASES);
	tcase_add_test(tc, test_icmp_in_place);
	tcase_add_test(tc, test_icmp_errors);
	suite_add_tcase(s, tc);
	tc = tcase_create("may_answer");
	tcase_add_loop_test(tc, test_icmp_may_answer_rules, 0, (int)N_MAY);
	tcase_add_test(tc, test_icmp_may_answer_unparseable);
	suite_add_tcase(s, tc);
	return s;
}
