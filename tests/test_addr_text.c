/*
 * Address text form: v6t_addr_in4/in6/prefix4/prefix6 parse and format.
 *
 * Expected values are the RFC texts' own examples (RFC 4291 §2.2, §2.3;
 * RFC 5952 §2, §4, §5) or computed by hand, with the computation in a
 * comment where it is not obvious. Every text input goes through an
 * exact-size heap copy (testutil.h), so that an over-read trips ASan.
 */
#include <stdio.h>
#include <string.h>

#include "suites.h"
#include "testutil.h"

#define N_OF(t) (sizeof(t) / sizeof((t)[0]))
#define POISON 0xa5
#define BUF_FILL '#'

/* A text that may hold NUL bytes: the length is that of the literal. */
#define TXT(s) s, sizeof(s) - 1

/* Bytes of 2001:db8::/32 as the first four of an address. */
#define DB8 0x20, 0x01, 0x0d, 0xb8

static int parse6_n(v6t_in6 *out, const char *s, size_t n)
{
	char *p = malloc(n ? n : 1);
	int rc;

	ck_assert_ptr_nonnull(p);
	memcpy(p, s, n);
	rc = v6t_addr_in6_parse(out, p, n);
	free(p);
	return rc;
}

static int parse4_n(v6t_in4 *out, const char *s, size_t n)
{
	char *p = malloc(n ? n : 1);
	int rc;

	ck_assert_ptr_nonnull(p);
	memcpy(p, s, n);
	rc = v6t_addr_in4_parse(out, p, n);
	free(p);
	return rc;
}

static int all_bytes_are(const void *p, int v, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != (unsigned char)v)
			return 0;
	return 1;
}

/* ============================================================ IPv6 parse */

struct in6_vec {
	const char *text;
	v6t_in6 addr;
};

static const struct in6_vec in6_parse_vecs[] = {
	/* RFC 4291 §2.2 item 1: preferred form */
	{ "ABCD:EF01:2345:6789:ABCD:EF01:2345:6789",
	  TU_IN6(0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89,
		 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89) },
	/* RFC 4291 §2.2 item 2: each full form and its compressed form */
	{ "2001:DB8:0:0:8:800:200C:417A",
	  TU_IN6(DB8, 0, 0, 0, 0, 0, 0x08, 0x08, 0x00, 0x20, 0x0c, 0x41, 0x7a) },
	{ "2001:DB8::8:800:200C:417A",
	  TU_IN6(DB8, 0, 0, 0, 0, 0, 0x08, 0x08, 0x00, 0x20, 0x0c, 0x41, 0x7a) },
	{ "FF01:0:0:0:0:0:0:101",
	  TU_IN6(0xff, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x01) },
	{ "FF01::101",
	  TU_IN6(0xff, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x01) },
	{ "0:0:0:0:0:0:0:1", TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) },
	{ "::1", TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) },
	{ "0:0:0:0:0:0:0:0", TU_IN6(0) },
	{ "::", TU_IN6(0) },
	/* RFC 4291 §2.2 item 3: 13.1.68.3 = 0d.01.44.03, 129.144.52.38 = 81.90.34.26 */
	{ "0:0:0:0:0:0:13.1.68.3",
	  TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0d, 0x01, 0x44, 0x03) },
	{ "::13.1.68.3",
	  TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0d, 0x01, 0x44, 0x03) },
	{ "0:0:0:0:0:FFFF:129.144.52.38",
	  TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0x81, 0x90, 0x34, 0x26) },
	{ "::FFFF:129.144.52.38",
	  TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0x81, 0x90, 0x34, 0x26) },
	/* RFC 5952 §2.1: four spellings of one address */
	{ "2001:db8:aaaa:bbbb:cccc:dddd:eeee:0001",
	  TU_IN6(DB8, 0xaa, 0xaa, 0xbb, 0xbb, 0xcc, 0xcc, 0xdd, 0xdd, 0xee, 0xee, 0, 1) },
	{ "2001:db8:aaaa:bbbb:cccc:dddd:eeee:001",
	  TU_IN6(DB8, 0xaa, 0xaa, 0xbb, 0xbb, 0xcc, 0xcc, 0xdd, 0xdd, 0xee, 0xee, 0, 1) },
	{ "2001:db8:aaaa:bbbb:cccc:dddd:eeee:01",
	  TU_IN6(DB8, 0xaa, 0xaa, 0xbb, 0xbb, 0xcc, 0xcc, 0xdd, 0xdd, 0xee, 0xee, 0, 1) },
	{ "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1",
	  TU_IN6(DB8, 0xaa, 0xaa, 0xbb, 0xbb, 0xcc, 0xcc, 0xdd, 0xdd, 0xee, 0xee, 0, 1) },
	/* RFC 5952 §2.2: "::" for one zero field or not */
	{ "2001:db8:aaaa:bbbb:cccc:dddd::1",
	  TU_IN6(DB8, 0xaa, 0xaa, 0xbb, 0xbb, 0xcc, 0xcc, 0xdd, 0xdd, 0, 0, 0, 1) },
	{ "2001:db8:aaaa:bbbb:cccc:dddd:0:1",
	  TU_IN6(DB8, 0xaa, 0xaa, 0xbb, 0xbb, 0xcc, 0xcc, 0xdd, 0xdd, 0, 0, 0, 1) },
	/* RFC 5952 §2.2: how many fields "::" shortens */
	{ "2001:db8:0:0:0::1", TU_IN6(DB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) },
	{ "2001:db8:0:0::1", TU_IN6(DB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) },
	{ "2001:db8:0::1", TU_IN6(DB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) },
	{ "2001:db8::1", TU_IN6(DB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) },
	/* RFC 5952 §2.2: where "::" goes; both are 2001:db8:0:0:aaaa:0:0:1 */
	{ "2001:db8::aaaa:0:0:1",
	  TU_IN6(DB8, 0, 0, 0, 0, 0xaa, 0xaa, 0, 0, 0, 0, 0, 1) },
	{ "2001:db8:0:0:aaaa::1",
	  TU_IN6(DB8, 0, 0, 0, 0, 0xaa, 0xaa, 0, 0, 0, 0, 0, 1) },
	/* RFC 5952 §2.3: case */
	{ "2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa",
	  TU_IN6(DB8, 0xaa, 0xaa, 0xbb, 0xbb, 0xcc, 0xcc, 0xdd, 0xdd, 0xee, 0xee, 0xaa, 0xaa) },
	{ "2001:db8:aaaa:bbbb:cccc:dddd:eeee:AAAA",
	  TU_IN6(DB8, 0xaa, 0xaa, 0xbb, 0xbb, 0xcc, 0xcc, 0xdd, 0xdd, 0xee, 0xee, 0xaa, 0xaa) },
	{ "2001:db8:aaaa:bbbb:cccc:dddd:eeee:AaAa",
	  TU_IN6(DB8, 0xaa, 0xaa, 0xbb, 0xbb, 0xcc, 0xcc, 0xdd, 0xdd, 0xee, 0xee, 0xaa, 0xaa) },
	/* "::" standing for exactly one group, at each end */
	{ "1:2:3:4:5:6:7::",
	  TU_IN6(0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0) },
	{ "::2:3:4:5:6:7:8",
	  TU_IN6(0, 0, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8) },
	{ "1:2:3::5:6:7:8",
	  TU_IN6(0, 1, 0, 2, 0, 3, 0, 0, 0, 5, 0, 6, 0, 7, 0, 8) },
	/* groups of 1..4 digits, with leading zeros, any case */
	{ "0001:0010:0100:1000:000f:00F0:0f00:F000",
	  TU_IN6(0x00, 0x01, 0x00, 0x10, 0x01, 0x00, 0x10, 0x00,
		 0x00, 0x0f, 0x00, 0xf0, 0x0f, 0x00, 0xf0, 0x00) },
	{ "0000:0000::0000", TU_IN6(0) },
	{ "fFfF:FFFF:ffff:ffff:ffff:ffff:ffff:ffff",
	  TU_IN6(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff) },
	/* dotted tails: 192.0.2.33 = c0.00.02.21, 192.0.2.1 = c0.00.02.01 */
	{ "64:ff9b::192.0.2.33",
	  TU_IN6(0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, 0xc0, 0, 0x02, 0x21) },
	{ "::ffff:0:192.0.2.1",
	  TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0xc0, 0, 0x02, 0x01) },
	{ "1:2:3:4:5:6:1.2.3.4",
	  TU_IN6(0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 1, 2, 3, 4) },
	{ "::2:3:4:5:6:1.2.3.4", /* "::" is one group */
	  TU_IN6(0, 0, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 1, 2, 3, 4) },
	{ "1:2:3:4:5::1.2.3.4", /* "::" is one group */
	  TU_IN6(0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 0, 1, 2, 3, 4) },
	{ "::0.0.0.0", TU_IN6(0) },
	{ "::255.255.255.255",
	  TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff) },
};

START_TEST(test_in6_parse_rfc_examples)
{
	const struct in6_vec *v = &in6_parse_vecs[_i];
	v6t_in6 a;

	memset(&a, POISON, sizeof a);
	ck_assert_msg(tu_parse6(&a, v->text) == V6T_OK, "%s", v->text);
	ck_assert_msg(memcmp(a.b, v->addr.b, 16) == 0, "%s", v->text);
}
END_TEST

struct text_err {
	const char *text;
	size_t len;
	int rc;
};

static const struct text_err in6_errors[] = {
	{ TXT(""), V6T_EADDR_EMPTY },
	/* CHAR: zone, brackets, space, port, sign, NUL, non-hex letters */
	{ TXT("fe80::1%eth0"), V6T_EADDR_CHAR },
	{ TXT("fe80::%1"), V6T_EADDR_CHAR },
	{ TXT("[::1]"), V6T_EADDR_CHAR },
	{ TXT(" ::1"), V6T_EADDR_CHAR },
	{ TXT("::1 "), V6T_EADDR_CHAR },
	{ TXT(":: 1"), V6T_EADDR_CHAR },
	{ TXT("::1\n"), V6T_EADDR_CHAR },
	{ TXT("\t::1"), V6T_EADDR_CHAR },
	{ TXT("::1/128"), V6T_EADDR_CHAR },
	{ TXT("2001:db8::g"), V6T_EADDR_CHAR },
	{ TXT("2001:db8::1x"), V6T_EADDR_CHAR },
	{ TXT("-::1"), V6T_EADDR_CHAR },
	{ TXT("::\0"), V6T_EADDR_CHAR },
	{ TXT("::1\0"), V6T_EADDR_CHAR },
	{ TXT("\0::1"), V6T_EADDR_CHAR },
	{ TXT("2001:db8:\0:1"), V6T_EADDR_CHAR },
	{ TXT("::ffff:1.2.3.4 "), V6T_EADDR_CHAR },
	{ TXT("::ffff:1.2.3.4x"), V6T_EADDR_CHAR },
	{ TXT("::ffff:1a.2.3.4"), V6T_EADDR_CHAR }, /* hex in the dotted part */
	{ TXT("0x1::"), V6T_EADDR_CHAR },
	/* GROUP_LONG: five digits, even zeros */
	{ TXT("12345::"), V6T_EADDR_GROUP_LONG },
	{ TXT("::12345"), V6T_EADDR_GROUP_LONG },
	{ TXT("00000::"), V6T_EADDR_GROUP_LONG },
	{ TXT("1:2:3:4:5:6:7:00008"), V6T_EADDR_GROUP_LONG },
	/* GROUP_EMPTY: ":::", lone leading or trailing ':' */
	{ TXT(":"), V6T_EADDR_GROUP_EMPTY },
	{ TXT(":::"), V6T_EADDR_GROUP_EMPTY },
	{ TXT("::::"), V6T_EADDR_GROUP_EMPTY },
	{ TXT("1:"), V6T_EADDR_GROUP_EMPTY },
	{ TXT(":1"), V6T_EADDR_GROUP_EMPTY },
	{ TXT("1:::2"), V6T_EADDR_GROUP_EMPTY },
	{ TXT("1:::"), V6T_EADDR_GROUP_EMPTY },
	{ TXT("::1:"), V6T_EADDR_GROUP_EMPTY },
	{ TXT("1:2:3:4:5:6:7:"), V6T_EADDR_GROUP_EMPTY },
	{ TXT(":1:2:3:4:5:6:7:8"), V6T_EADDR_GROUP_EMPTY },
	{ TXT("1:2:3:4:5:6:7:8:"), V6T_EADDR_GROUP_EMPTY },
	/* GROUP_COUNT: too many, too few, "::" standing for no group */
	{ TXT("1"), V6T_EADDR_GROUP_COUNT },
	{ TXT("ffff"), V6T_EADDR_GROUP_COUNT },
	{ TXT("1:2:3:4:5:6:7"), V6T_EADDR_GROUP_COUNT },
	{ TXT("1:2:3:4:5:6:7:8:9"), V6T_EADDR_GROUP_COUNT },
	{ TXT("1::2:3:4:5:6:7:8:9"), V6T_EADDR_GROUP_COUNT },
	{ TXT("1:2:3:4::5:6:7:8"), V6T_EADDR_GROUP_COUNT },
	{ TXT("::1:2:3:4:5:6:7:8"), V6T_EADDR_GROUP_COUNT },
	{ TXT("1:2:3:4:5:6:7:8::"), V6T_EADDR_GROUP_COUNT },
	{ TXT("1:2:3:4:5:6::1.2.3.4"), V6T_EADDR_GROUP_COUNT },
	{ TXT("::1:2:3:4:5:6:1.2.3.4"), V6T_EADDR_GROUP_COUNT },
	{ TXT("2001:0DB8:0:CD3"), V6T_EADDR_GROUP_COUNT }, /* RFC 4291 §2.3 */
	/* DOUBLE_COLON */
	{ TXT("1::2::3"), V6T_EADDR_DOUBLE_COLON },
	{ TXT("::1::"), V6T_EADDR_DOUBLE_COLON },
	{ TXT("::1::2"), V6T_EADDR_DOUBLE_COLON },
	{ TXT("1::2::"), V6T_EADDR_DOUBLE_COLON },
	{ TXT("1::2:::3"), V6T_EADDR_DOUBLE_COLON },
	{ TXT("::1:2::1.2.3.4"), V6T_EADDR_DOUBLE_COLON },
	/* IPV4_TAIL: not last, or not in the last 32 bits */
	{ TXT("::1.2.3.4:5"), V6T_EADDR_IPV4_TAIL },
	{ TXT("::1.2.3.4::"), V6T_EADDR_IPV4_TAIL },
	{ TXT("::1.2.3.4:"), V6T_EADDR_IPV4_TAIL },
	{ TXT("1.2.3.4"), V6T_EADDR_IPV4_TAIL },
	{ TXT("1.2.3.4::"), V6T_EADDR_IPV4_TAIL },
	{ TXT("1.2.3.4:1:2:3:4:5:6"), V6T_EADDR_IPV4_TAIL },
	{ TXT("1:2:3:4:5:1.2.3.4"), V6T_EADDR_IPV4_TAIL },
	{ TXT("1:2:3:4:5:6:7:1.2.3.4"), V6T_EADDR_IPV4_TAIL },
	{ TXT("1:2:3:4:5:6:7:8:1.2.3.4"), V6T_EADDR_IPV4_TAIL },
	{ TXT("::1:2:3:4:5:6:7:1.2.3.4"), V6T_EADDR_IPV4_TAIL },
	/* errors of the dotted tail itself */
	{ TXT("::ffff:01.2.3.4"), V6T_EADDR_LEADING_ZERO },
	{ TXT("::ffff:1.2.3.00"), V6T_EADDR_LEADING_ZERO },
	{ TXT("::ffff:1.2.3.256"), V6T_EADDR_OCTET },
	{ TXT("::1234.1.2.3"), V6T_EADDR_OCTET },
	{ TXT("::ffff:1..3.4"), V6T_EADDR_OCTET },
	{ TXT("::ffff:1.2.3."), V6T_EADDR_OCTET },
	{ TXT("::ffff:.1.2.3"), V6T_EADDR_OCTET },
	{ TXT("::ffff:1.2.3"), V6T_EADDR_OCTET_COUNT },
	{ TXT("::ffff:1.2.3.4.5"), V6T_EADDR_OCTET_COUNT },
	{ TXT("::1.2:3.4"), V6T_EADDR_OCTET_COUNT },
};

START_TEST(test_in6_parse_errors)
{
	const struct text_err *e = &in6_errors[_i];
	v6t_in6 a;
	int rc;

	memset(&a, POISON, sizeof a);
	rc = parse6_n(&a, e->text, e->len);
	ck_assert_msg(rc == e->rc, "\"%s\": got %d (%s), want %d (%s)", e->text,
		      rc, v6t_strerror(rc), e->rc, v6t_strerror(e->rc));
	ck_assert_msg(all_bytes_are(&a, POISON, sizeof a), "\"%s\" wrote out", e->text);
}
END_TEST

/* The parser reads only len bytes: a valid prefix of a longer text parses. */
START_TEST(test_in6_parse_stops_at_len)
{
	static const char text[] = "2001:db8::1%eth0 trailing";
	v6t_in6 a, want = TU_IN6(DB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);

	ck_assert_int_eq(parse6_n(&a, text, 11), V6T_OK);
	ck_assert_mem_eq(a.b, want.b, 16);
	/* 10 bytes: "2001:db8::" */
	want.b[15] = 0;
	ck_assert_int_eq(parse6_n(&a, text, 10), V6T_OK);
	ck_assert_mem_eq(a.b, want.b, 16);
	/* 9 bytes: "2001:db8:" */
	ck_assert_int_eq(parse6_n(&a, text, 9), V6T_EADDR_GROUP_EMPTY);
}
END_TEST

/* ================================================== IPv6 error positions */

struct pos_vec {
	const char *text;
	size_t len;
	int rc;
	size_t pos; /* index of the fault (addr.h, v6t_addr_in6_parse_pos()) */
};

/* Positions counted by hand from 0; "= len" marks faults found at the end. */
static const struct pos_vec in6_pos_vecs[] = {
	{ TXT(""), V6T_EADDR_EMPTY, 0 },
	/* CHAR: the byte itself */
	{ TXT("fe80::1%eth0"), V6T_EADDR_CHAR, 7 },  /* f e 8 0 : : 1 % */
	{ TXT("fe80::%1"), V6T_EADDR_CHAR, 6 },
	{ TXT("[::1]"), V6T_EADDR_CHAR, 0 },
	{ TXT(" ::1"), V6T_EADDR_CHAR, 0 },
	{ TXT(":: 1"), V6T_EADDR_CHAR, 2 },
	{ TXT("::1 "), V6T_EADDR_CHAR, 3 },
	{ TXT("2001:db8::g"), V6T_EADDR_CHAR, 10 },
	{ TXT("2001:db8:\0:1"), V6T_EADDR_CHAR, 9 },
	/* "::ffff:" is 7 bytes; the tail 1.2.3.4 is bytes 7..13 */
	{ TXT("::ffff:1.2.3.4x"), V6T_EADDR_CHAR, 14 },
	{ TXT("::ffff:1a.2.3.4"), V6T_EADDR_CHAR, 8 },
	/* GROUP_LONG, GROUP_EMPTY: the group's first byte */
	{ TXT("12345::"), V6T_EADDR_GROUP_LONG, 0 },
	{ TXT("1:2:3:4:5:6:7:00008"), V6T_EADDR_GROUP_LONG, 14 },
	{ TXT(":1"), V6T_EADDR_GROUP_EMPTY, 0 },
	{ TXT("1:::2"), V6T_EADDR_GROUP_EMPTY, 3 },
	{ TXT("1:"), V6T_EADDR_GROUP_EMPTY, 2 },            /* = len */
	/* GROUP_COUNT: a ninth group, a tail "::" cannot make room for, or the end */
	{ TXT("1:2:3:4:5:6:7:8:9"), V6T_EADDR_GROUP_COUNT, 16 },
	{ TXT("1:2:3:4:5:6::1.2.3.4"), V6T_EADDR_GROUP_COUNT, 13 },
	{ TXT("1:2:3:4:5:6:7"), V6T_EADDR_GROUP_COUNT, 13 },  /* = len */
	{ TXT("1:2:3:4::5:6:7:8"), V6T_EADDR_GROUP_COUNT, 16 }, /* = len */
	/* DOUBLE_COLON: the first ':' of the second "::" */
	{ TXT("1::2::3"), V6T_EADDR_DOUBLE_COLON, 4 },
	{ TXT("1::2:::3"), V6T_EADDR_DOUBLE_COLON, 4 },
	/* IPV4_TAIL: a misplaced tail's first byte, or the ':' after it */
	{ TXT("1.2.3.4"), V6T_EADDR_IPV4_TAIL, 0 },
	{ TXT("1:2:3:4:5:1.2.3.4"), V6T_EADDR_IPV4_TAIL, 10 },
	{ TXT("::1.2.3.4:5"), V6T_EADDR_IPV4_TAIL, 9 },
	{ TXT("192.0.2.1:80"), V6T_EADDR_IPV4_TAIL, 0 },
	/* the dotted tail's own errors: the octet's first byte, or the '.' */
	{ TXT("::ffff:01.2.3.4"), V6T_EADDR_LEADING_ZERO, 7 },
	{ TXT("::1234.1.2.3"), V6T_EADDR_OCTET, 2 },
	{ TXT("::ffff:1.2.3.256"), V6T_EADDR_OCTET, 13 },
	{ TXT("::ffff:1..3.4"), V6T_EADDR_OCTET, 9 },
	{ TXT("::ffff:1.2.3."), V6T_EADDR_OCTET, 13 },       /* = len */
	{ TXT("::ffff:1.2.3"), V6T_EADDR_OCTET_COUNT, 12 },  /* = len */
	{ TXT("::ffff:1.2.3.4.5"), V6T_EADDR_OCTET_COUNT, 14 },
	{ TXT("::1.2:3.4"), V6T_EADDR_OCTET_COUNT, 5 },
};

START_TEST(test_in6_parse_pos_vectors)
{
	const struct pos_vec *v = &in6_pos_vecs[_i];
	char *p = malloc(v->len ? v->len : 1);
	size_t pos = 9999;
	v6t_in6 a;
	int rc;

	ck_assert_ptr_nonnull(p);
	memcpy(p, v->text, v->len);
	memset(&a, POISON, sizeof a);
	rc = v6t_addr_in6_parse_pos(&a, &pos, p, v->len);
	free(p);
	ck_assert_msg(rc == v->rc, "\"%s\": got %d (%s), want %d (%s)", v->text, rc,
		      v6t_strerror(rc), v->rc, v6t_strerror(v->rc));
	ck_assert_msg(pos == v->pos, "\"%s\": position %zu, want %zu", v->text, pos,
		      v->pos);
	ck_assert(all_bytes_are(&a, POISON, sizeof a));
}
END_TEST

/* The _pos variant gives the status of v6t_addr_in6_parse() for every
 * error text, a position inside the text (or its end), and on success the
 * same address without touching errpos. */
START_TEST(test_in6_parse_pos_agrees_on_errors)
{
	const struct text_err *e = &in6_errors[_i];
	size_t pos = 9999;
	v6t_in6 a;
	char *p = malloc(e->len ? e->len : 1);

	ck_assert_ptr_nonnull(p);
	memcpy(p, e->text, e->len);
	ck_assert_int_eq(v6t_addr_in6_parse_pos(&a, &pos, p, e->len), e->rc);
	free(p);
	ck_assert_msg(pos <= e->len, "\"%s\": position %zu past %zu", e->text, pos,
		      e->len);
}
END_TEST

START_TEST(test_in6_parse_pos_success_leaves_errpos)
{
	const struct in6_vec *v = &in6_parse_vecs[_i];
	size_t n, pos = 9999;
	char *p = tu_exact(v->text, &n);
	v6t_in6 a;

	ck_assert_int_eq(v6t_addr_in6_parse_pos(&a, &pos, p, n), V6T_OK);
	free(p);
	ck_assert_uint_eq(pos, 9999);
	ck_assert_mem_eq(a.b, v->addr.b, 16);
}
END_TEST

/* ============================================================ IPv6 format */

struct in6_fmt_vec {
	v6t_in6 addr;
	const char *plain; /* flags 0 */
	const char *mixed; /* V6T_FMT_MIXED */
};

static const struct in6_fmt_vec in6_fmt_vecs[] = {
	/* RFC 4291 §2.2 examples, lowercased (RFC 5952 §4.3) */
	{ TU_IN6(DB8, 0, 0, 0, 0, 0, 0x08, 0x08, 0x00, 0x20, 0x0c, 0x41, 0x7a),
	  "2001:db8::8:800:200c:417a", "2001:db8::8:800:200c:417a" },
	{ TU_IN6(0xff, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x01),
	  "ff01::101", "ff01::101" },
	{ TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), "::1", "::1" },
	{ TU_IN6(0), "::", "::" },
	/* RFC 5952 §4.1: 2001:0db8::0001 -> 2001:db8::1 */
	{ TU_IN6(DB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), "2001:db8::1", "2001:db8::1" },
	/* RFC 5952 §4.2.1: 2001:db8:0:0:0:0:2:1 -> 2001:db8::2:1 */
	{ TU_IN6(DB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1), "2001:db8::2:1", "2001:db8::2:1" },
	/* RFC 5952 §4.2.2: one 16-bit 0 field is not shortened */
	{ TU_IN6(DB8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1),
	  "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1" },
	/* RFC 5952 §4.2.3: the longest run (three fields) is shortened */
	{ TU_IN6(0x20, 0x01, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1),
	  "2001:0:0:1::1", "2001:0:0:1::1" },
	/* RFC 5952 §4.2.3: equal runs, the first is shortened */
	{ TU_IN6(DB8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1),
	  "2001:db8::1:0:0:1", "2001:db8::1:0:0:1" },
	/* RFC 5952 §4.3: lowercase */
	{ TU_IN6(DB8, 0xaa, 0xaa, 0xbb, 0xbb, 0xcc, 0xcc, 0xdd, 0xdd, 0xee, 0xee, 0xaa, 0xaa),
	  "2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa" },
	/* RFC 5952 §5: IPv4-mapped; c000:201 = 192.0.2.1 */
	{ TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xc0, 0, 0x02, 0x01),
	  "::ffff:c000:201", "::ffff:192.0.2.1" },
	/* RFC 4291 §2.2 item 3 example: 8190:3426 = 129.144.52.38 */
	{ TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0x81, 0x90, 0x34, 0x26),
	  "::ffff:8190:3426", "::ffff:129.144.52.38" },
	{ TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0),
	  "::ffff:0:0", "::ffff:0.0.0.0" },
	{ TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
	  "::ffff:ffff:ffff", "::ffff:255.255.255.255" },
	/* IPv4-translated ::ffff:0:0:0/96: the hex part is 0:0:0:0:ffff:0 */
	{ TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0xc0, 0, 0x02, 0x01),
	  "::ffff:0:c000:201", "::ffff:0:192.0.2.1" },
	/* all zero after ffff: plain has runs of 4 and 3, the first wins */
	{ TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0, 0, 0),
	  "::ffff:0:0:0", "::ffff:0:0.0.0.0" },
	/* RFC 6052 §2.1 WKP: the hex part 64:ff9b:0:0:0:0 ends in "::" */
	{ TU_IN6(0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, 0xc0, 0, 0x02, 0x21),
	  "64:ff9b::c000:221", "64:ff9b::192.0.2.33" },
	{ TU_IN6(0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
	  "64:ff9b::", "64:ff9b::0.0.0.0" },
	/* not one of the three prefixes: no dotted form */
	{ TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0d, 0x01, 0x44, 0x03),
	  "::d01:4403", "::d01:4403" }, /* IPv4-compatible, deprecated */
	{ TU_IN6(0, 0x64, 0xff, 0x9b, 0, 0x01, 0, 0, 0, 0, 0, 0, 0xc0, 0, 0x02, 0x01),
	  "64:ff9b:1::c000:201", "64:ff9b:1::c000:201" }, /* RFC 8215 */
	{ TU_IN6(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0x5e, 0xfe, 0xc0, 0, 0x02, 0x01),
	  "fe80::5efe:c000:201", "fe80::5efe:c000:201" }, /* ISATAP */
	{ TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 0xc0, 0, 0x02, 0x01),
	  "::fffe:c000:201", "::fffe:c000:201" },
	{ TU_IN6(0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0xff, 0xff, 0xc0, 0, 0x02, 0x01),
	  "::1:0:ffff:c000:201", "::1:0:ffff:c000:201" }, /* 0:0:0:1:0:ffff:c000:201 */
	/* one hex digit per nibble width */
	{ TU_IN6(0x00, 0x01, 0x00, 0x10, 0x01, 0x00, 0x10, 0x00,
		 0x00, 0x0f, 0x00, 0xf0, 0x0f, 0x00, 0xf0, 0x00),
	  "1:10:100:1000:f:f0:f00:f000", "1:10:100:1000:f:f0:f00:f000" },
	/* the longest text: 8 x 4 digits + 7 colons = 39 */
	{ TU_IN6(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
	  "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	  "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
	/* runs at the ends, and runs of one only */
	{ TU_IN6(0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), "1::", "1::" },
	{ TU_IN6(0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0),
	  "1:2:3:4:5:6:7:0", "1:2:3:4:5:6:7:0" },
	{ TU_IN6(0, 0, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8),
	  "0:2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8" },
	{ TU_IN6(0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0),
	  "1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0" },
	/* 0:0:1:0:0:0:0:0: runs of 2 and 5, the longer wins */
	{ TU_IN6(0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), "0:0:1::", "0:0:1::" },
	/* 0:1:0:1:0:1:0:0: the only run of two is at the end */
	{ TU_IN6(0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0),
	  "0:1:0:1:0:1::", "0:1:0:1:0:1::" },
	/* 1:0:0:1:1:0:0:1: equal runs of two, the first wins */
	{ TU_IN6(0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1),
	  "1::1:1:0:0:1", "1::1:1:0:0:1" },
};

START_TEST(test_in6_format_rfc5952)
{
	const struct in6_fmt_vec *v = &in6_fmt_vecs[_i];
	char buf[V6T_IN6_STRLEN];
	size_t n = 0;

	ck_assert_int_eq(v6t_addr_in6_format(buf, sizeof buf, &n, &v->addr, 0), V6T_OK);
	ck_assert_str_eq(buf, v->plain);
	ck_assert_uint_eq(n, strlen(v->plain));
	ck_assert_int_eq(v6t_addr_in6_format(buf, sizeof buf, &n, &v->addr,
					     V6T_FMT_MIXED), V6T_OK);
	ck_assert_str_eq(buf, v->mixed);
	ck_assert_uint_eq(n, strlen(v->mixed));
}
END_TEST

/* Both texts of each format vector parse back to the address. */
START_TEST(test_in6_format_round_trip)
{
	const struct in6_fmt_vec *v = &in6_fmt_vecs[_i];
	v6t_in6 a;

	ck_assert_int_eq(tu_parse6(&a, v->plain), V6T_OK);
	ck_assert_mem_eq(a.b, v->addr.b, 16);
	ck_assert_int_eq(tu_parse6(&a, v->mixed), V6T_OK);
	ck_assert_mem_eq(a.b, v->addr.b, 16);
}
END_TEST

/* Every spelling of the parse vectors formats to one canonical text, which
 * parses back to the same address (parse -> format -> parse). */
START_TEST(test_in6_parse_format_round_trip)
{
	const struct in6_vec *v = &in6_parse_vecs[_i];
	char buf[V6T_IN6_STRLEN];
	size_t n;
	v6t_in6 a, b;

	ck_assert_int_eq(tu_parse6(&a, v->text), V6T_OK);
	ck_assert_int_eq(v6t_addr_in6_format(buf, sizeof buf, &n, &a, 0), V6T_OK);
	ck_assert_int_eq(tu_parse6(&b, buf), V6T_OK);
	ck_assert_mem_eq(a.b, b.b, 16);
	ck_assert_int_eq(v6t_addr_in6_format(buf, sizeof buf, &n, &a, V6T_FMT_MIXED),
			 V6T_OK);
	ck_assert_int_eq(tu_parse6(&b, buf), V6T_OK);
	ck_assert_mem_eq(a.b, b.b, 16);
}
END_TEST

/*
 * All 256 patterns of zero and non-zero groups (group i is i + 1 when bit i
 * of the pattern is set), against an independent reference written here the
 * plain way: try every run, keep the longest (first on ties, at least 2),
 * and print with snprintf.
 */
static void reference_in6_text(char *out, size_t outlen, unsigned mask)
{
	unsigned best_at = 0, best_len = 0, at, len, i;
	size_t o = 0;

	for (at = 0; at < 8; at++) {
		for (len = 0; at + len < 8 && !(mask >> (at + len) & 1); len++)
			;
		if (len >= 2 && len > best_len) {
			best_at = at;
			best_len = len;
		}
	}
	out[0] = '\0';
	for (i = 0; i < 8; i++) {
		if (best_len && i == best_at) {
			o += (size_t)snprintf(out + o, outlen - o, "::");
			i += best_len - 1;
			continue;
		}
		if (i > 0 && !(best_len && i == best_at + best_len))
			o += (size_t)snprintf(out + o, outlen - o, ":");
		o += (size_t)snprintf(out + o, outlen - o, "%x", (mask >> i & 1) ? i + 1 : 0);
	}
}

START_TEST(test_in6_format_all_zero_patterns)
{
	unsigned mask = (unsigned)_i, i;
	char want[64], buf[V6T_IN6_STRLEN];
	v6t_in6 a, b;
	size_t n;

	memset(&a, 0, sizeof a);
	for (i = 0; i < 8; i++)
		if (mask >> i & 1)
			a.b[2 * i + 1] = (uint8_t)(i + 1);
	reference_in6_text(want, sizeof want, mask);
	ck_assert_int_eq(v6t_addr_in6_format(buf, sizeof buf, &n, &a, 0), V6T_OK);
	ck_assert_str_eq(buf, want);
	ck_assert_uint_eq(n, strlen(want));
	ck_assert_int_eq(tu_parse6(&b, buf), V6T_OK);
	ck_assert_mem_eq(a.b, b.b, 16);
}
END_TEST

START_TEST(test_in6_format_rejects_unknown_flags)
{
	static const unsigned bad[] = { 0x2u, 0x3u, 0x80000000u, ~0u };
	v6t_in6 a = TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
	char buf[V6T_IN6_STRLEN];
	size_t i, n = 77;

	for (i = 0; i < N_OF(bad); i++) {
		memset(buf, BUF_FILL, sizeof buf);
		ck_assert_int_eq(v6t_addr_in6_format(buf, sizeof buf, &n, &a, bad[i]),
				 V6T_EINVAL);
		ck_assert(all_bytes_are(buf, BUF_FILL, sizeof buf));
	}
}
END_TEST

/* outlen may be NULL. */
START_TEST(test_format_outlen_optional)
{
	v6t_in6 a6 = TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
	v6t_in4 a4 = TU_IN4(192, 0, 2, 1);
	v6t_prefix6 p6 = { TU_IN6(DB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 32 };
	v6t_prefix4 p4 = { TU_IN4(10, 0, 0, 0), 8 };
	char buf[V6T_PREFIX6_STRLEN];

	ck_assert_int_eq(v6t_addr_in6_format(buf, sizeof buf, NULL, &a6, 0), V6T_OK);
	ck_assert_str_eq(buf, "::1");
	ck_assert_int_eq(v6t_addr_in6_format(buf, 3, NULL, &a6, 0), V6T_ENOSPC);
	ck_assert_int_eq(v6t_addr_in4_format(buf, sizeof buf, NULL, &a4), V6T_OK);
	ck_assert_str_eq(buf, "192.0.2.1");
	ck_assert_int_eq(v6t_addr_in4_format(buf, 9, NULL, &a4), V6T_ENOSPC);
	ck_assert_int_eq(v6t_addr_prefix6_format(buf, sizeof buf, NULL, &p6), V6T_OK);
	ck_assert_str_eq(buf, "2001:db8::/32");
	ck_assert_int_eq(v6t_addr_prefix4_format(buf, sizeof buf, NULL, &p4), V6T_OK);
	ck_assert_str_eq(buf, "10.0.0.0/8");
	ck_assert_int_eq(v6t_addr_prefix4_format(buf, 10, NULL, &p4), V6T_ENOSPC);
}
END_TEST

/* ============================================================ IPv4 */

struct in4_vec {
	const char *text;
	v6t_in4 addr;
};

/* The strict form is the only form, so each is both a parse and a format vector. */
static const struct in4_vec in4_vecs[] = {
	{ "0.0.0.0", TU_IN4(0, 0, 0, 0) },
	{ "255.255.255.255", TU_IN4(255, 255, 255, 255) },
	{ "192.0.2.1", TU_IN4(192, 0, 2, 1) },
	{ "129.144.52.38", TU_IN4(129, 144, 52, 38) }, /* RFC 4291 §2.2 */
	{ "13.1.68.3", TU_IN4(13, 1, 68, 3) },         /* RFC 4291 §2.2 */
	{ "10.0.0.1", TU_IN4(10, 0, 0, 1) },
	{ "1.22.203.4", TU_IN4(1, 22, 203, 4) },
	{ "100.64.0.0", TU_IN4(100, 64, 0, 0) },
	{ "199.200.201.99", TU_IN4(199, 200, 201, 99) },
	{ "9.10.99.100", TU_IN4(9, 10, 99, 100) },
};

START_TEST(test_in4_parse_vectors)
{
	const struct in4_vec *v = &in4_vecs[_i];
	v6t_in4 a;

	memset(&a, POISON, sizeof a);
	ck_assert_msg(tu_parse4(&a, v->text) == V6T_OK, "%s", v->text);
	ck_assert_mem_eq(a.b, v->addr.b, 4);
}
END_TEST

START_TEST(test_in4_format_vectors)
{
	const struct in4_vec *v = &in4_vecs[_i];
	char buf[V6T_IN4_STRLEN];
	size_t n = 0;

	ck_assert_int_eq(v6t_addr_in4_format(buf, sizeof buf, &n, &v->addr), V6T_OK);
	ck_assert_str_eq(buf, v->text);
	ck_assert_uint_eq(n, strlen(v->text));
}
END_TEST

/* Every octet value in every position, against snprintf("%u"). */
START_TEST(test_in4_every_octet_value)
{
	unsigned v = (unsigned)_i, pos;
	char text[32], buf[V6T_IN4_STRLEN];
	v6t_in4 a, want;

	for (pos = 0; pos < 4; pos++) {
		memset(&want, 0, sizeof want);
		want.b[pos] = (uint8_t)v;
		snprintf(text, sizeof text, "%u.%u.%u.%u", want.b[0], want.b[1],
			 want.b[2], want.b[3]);
		ck_assert_int_eq(tu_parse4(&a, text), V6T_OK);
		ck_assert_mem_eq(a.b, want.b, 4);
		ck_assert_int_eq(v6t_addr_in4_format(buf, sizeof buf, NULL, &want), V6T_OK);
		ck_assert_str_eq(buf, text);
	}
	/* the same value with a leading zero is refused */
	snprintf(text, sizeof text, "0%u.1.1.1", v);
	ck_assert_int_eq(tu_parse4(&a, text), V6T_EADDR_LEADING_ZERO);
}
END_TEST

/* 256..999: three digits, above 255. */
START_TEST(test_in4_octets_above_255)
{
	char text[32];
	v6t_in4 a;

	snprintf(text, sizeof text, "1.2.3.%d", 256 + _i);
	ck_assert_int_eq(tu_parse4(&a, text), V6T_EADDR_OCTET);
}
END_TEST

static const struct text_err in4_errors[] = {
	{ TXT(""), V6T_EADDR_EMPTY },
	{ TXT(" 1.2.3.4"), V6T_EADDR_CHAR },
	{ TXT("1.2.3.4 "), V6T_EADDR_CHAR },
	{ TXT("1.2 .3.4"), V6T_EADDR_CHAR },
	{ TXT("1.2.3.4\n"), V6T_EADDR_CHAR },
	{ TXT("1.2.3.a"), V6T_EADDR_CHAR },
	{ TXT("0x1.2.3.4"), V6T_EADDR_CHAR },
	{ TXT("1.2.3.4/32"), V6T_EADDR_CHAR },
	{ TXT("+1.2.3.4"), V6T_EADDR_CHAR },
	{ TXT("-1.2.3.4"), V6T_EADDR_CHAR },
	{ TXT("1,2,3,4"), V6T_EADDR_CHAR },
	{ TXT("::1"), V6T_EADDR_CHAR },
	{ TXT("1.2.3.4:80"), V6T_EADDR_CHAR },
	{ TXT("1.2.3.4\0"), V6T_EADDR_CHAR },
	{ TXT("1.2\0.3.4"), V6T_EADDR_CHAR },
	{ TXT("\0"), V6T_EADDR_CHAR },
	{ TXT("."), V6T_EADDR_OCTET },
	{ TXT(".1.2.3"), V6T_EADDR_OCTET },
	{ TXT("1..3.4"), V6T_EADDR_OCTET },
	{ TXT("1.2.3."), V6T_EADDR_OCTET },
	{ TXT("256.0.0.0"), V6T_EADDR_OCTET },
	{ TXT("1.2.3.256"), V6T_EADDR_OCTET },
	{ TXT("1.2.3.999"), V6T_EADDR_OCTET },
	{ TXT("1.2.3.1000"), V6T_EADDR_OCTET },
	{ TXT("1.2.3.99999999999999999999"), V6T_EADDR_OCTET },
	{ TXT("16909060"), V6T_EADDR_OCTET }, /* one 8-digit "octet" */
	{ TXT("01.2.3.4"), V6T_EADDR_LEADING_ZERO },
	{ TXT("1.00.3.4"), V6T_EADDR_LEADING_ZERO },
	{ TXT("1.2.3.00"), V6T_EADDR_LEADING_ZERO },
	{ TXT("1.2.3.04"), V6T_EADDR_LEADING_ZERO },
	{ TXT("010.0.0.1"), V6T_EADDR_LEADING_ZERO },
	{ TXT("000.0.0.0"), V6T_EADDR_LEADING_ZERO },
	{ TXT("0001.2.3.4"), V6T_EADDR_LEADING_ZERO }, /* checked before the digit count */
	{ TXT("1"), V6T_EADDR_OCTET_COUNT },
	{ TXT("1.2"), V6T_EADDR_OCTET_COUNT },
	{ TXT("1.2.3"), V6T_EADDR_OCTET_COUNT },
	{ TXT("1.2.3.4.5"), V6T_EADDR_OCTET_COUNT },
	{ TXT("1.2.3.4."), V6T_EADDR_OCTET_COUNT },
};

START_TEST(test_in4_parse_errors)
{
	const struct text_err *e = &in4_errors[_i];
	v6t_in4 a;
	int rc;

	memset(&a, POISON, sizeof a);
	rc = parse4_n(&a, e->text, e->len);
	ck_assert_msg(rc == e->rc, "\"%s\": got %d (%s), want %d (%s)", e->text,
		      rc, v6t_strerror(rc), e->rc, v6t_strerror(e->rc));
	ck_assert(all_bytes_are(&a, POISON, sizeof a));
}
END_TEST

/* ============================================================ prefixes */

struct prefix6_vec {
	const char *text;
	v6t_prefix6 prefix;
	const char *canonical;
};

static const struct prefix6_vec prefix6_vecs[] = {
	/* RFC 4291 §2.3: three legal forms of 20010DB80000CD3/60 */
	{ "2001:0DB8:0000:CD30:0000:0000:0000:0000/60",
	  { TU_IN6(DB8, 0, 0, 0xcd, 0x30, 0, 0, 0, 0, 0, 0, 0, 0), 60 }, "2001:db8:0:cd30::/60" },
	{ "2001:0DB8::CD30:0:0:0:0/60",
	  { TU_IN6(DB8, 0, 0, 0xcd, 0x30, 0, 0, 0, 0, 0, 0, 0, 0), 60 }, "2001:db8:0:cd30::/60" },
	{ "2001:0DB8:0:CD30::/60",
	  { TU_IN6(DB8, 0, 0, 0xcd, 0x30, 0, 0, 0, 0, 0, 0, 0, 0), 60 }, "2001:db8:0:cd30::/60" },
	{ "::/0", { TU_IN6(0), 0 }, "::/0" },
	{ "::1/128", { TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), 128 }, "::1/128" },
	{ "2001:db8::/32", { TU_IN6(DB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 32 }, "2001:db8::/32" },
	{ "64:ff9b::/96", { TU_IN6(0, 0x64, 0xff, 0x9b, 0), 96 }, "64:ff9b::/96" },
	{ "64:ff9b:1::/48", { TU_IN6(0, 0x64, 0xff, 0x9b, 0, 1, 0), 48 }, "64:ff9b:1::/48" },
	{ "fe80::/10", { TU_IN6(0xfe, 0x80, 0), 10 }, "fe80::/10" },
	{ "FF00::/8", { TU_IN6(0xff, 0), 8 }, "ff00::/8" },
	{ "8000::/1", { TU_IN6(0x80, 0), 1 }, "8000::/1" },
	/* a dotted tail in a prefix; formatted without it (flags 0) */
	{ "::ffff:0.0.0.0/96",
	  { TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0), 96 }, "::ffff:0:0/96" },
	{ "2001:db8::1/128",
	  { TU_IN6(DB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), 128 }, "2001:db8::1/128" },
	/* bit 127 is the last bit: /128 needed, /127 refused (error table) */
	{ "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127",
	  { TU_IN6(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		   0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe), 127 },
	  "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127" },
};

START_TEST(test_prefix6_parse_vectors)
{
	const struct prefix6_vec *v = &prefix6_vecs[_i];
	v6t_prefix6 p;

	memset(&p, POISON, sizeof p);
	ck_assert_msg(tu_parse_prefix6(&p, v->text) == V6T_OK, "%s", v->text);
	ck_assert_mem_eq(p.addr.b, v->prefix.addr.b, 16);
	ck_assert_uint_eq(p.len, v->prefix.len);
}
END_TEST

START_TEST(test_prefix6_format_vectors)
{
	const struct prefix6_vec *v = &prefix6_vecs[_i];
	char buf[V6T_PREFIX6_STRLEN];
	size_t n = 0;
	v6t_prefix6 p;

	ck_assert_int_eq(v6t_addr_prefix6_format(buf, sizeof buf, &n, &v->prefix), V6T_OK);
	ck_assert_str_eq(buf, v->canonical);
	ck_assert_uint_eq(n, strlen(v->canonical));
	ck_assert_int_eq(tu_parse_prefix6(&p, buf), V6T_OK);
	ck_assert_mem_eq(p.addr.b, v->prefix.addr.b, 16);
	ck_assert_uint_eq(p.len, v->prefix.len);
}
END_TEST

static const struct text_err prefix6_errors[] = {
	/* RFC 4291 §2.3: the three "NOT legal" forms of 20010DB80000CD3/60 */
	{ TXT("2001:0DB8:0:CD3/60"), V6T_EADDR_GROUP_COUNT },
	{ TXT("2001:0DB8::CD30/60"), V6T_EADDR_HOST_BITS },
	{ TXT("2001:0DB8::CD3/60"), V6T_EADDR_HOST_BITS },
	/* RFC 4291 §2.3 "node address and prefix" abbreviation: we require
	 * host bits zero, so this is refused */
	{ TXT("2001:0DB8:0:CD30:123:4567:89AB:CDEF/60"), V6T_EADDR_HOST_BITS },
	{ TXT("2001:db8::"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("::"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("2001:db8::/"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("::/064"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("::/00"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("::/+0"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("::/-1"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("::/ 0"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("::/0 "), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("::/64/64"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("::/6a"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("::/0x40"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("::/64\0"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("::/\0"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("::/129"), V6T_EADDR_PREFIX_RANGE },
	{ TXT("::/200"), V6T_EADDR_PREFIX_RANGE },
	{ TXT("::/1000"), V6T_EADDR_PREFIX_RANGE },
	{ TXT("::/18446744073709551617"), V6T_EADDR_PREFIX_RANGE }, /* 2^64 + 1 */
	{ TXT("::1/127"), V6T_EADDR_HOST_BITS },
	{ TXT("::1/0"), V6T_EADDR_HOST_BITS },
	{ TXT("2001:db8::/16"), V6T_EADDR_HOST_BITS },
	{ TXT("8000::/0"), V6T_EADDR_HOST_BITS },
	{ TXT("fe80::1/64"), V6T_EADDR_HOST_BITS },
	{ TXT("::ffff:1.2.3.4/96"), V6T_EADDR_HOST_BITS },
	{ TXT("fe80::/8"), V6T_EADDR_HOST_BITS }, /* fe80 = 1111 1110 1000 0000 */
	/* errors of the address part come first and unchanged */
	{ TXT("/64"), V6T_EADDR_EMPTY },
	{ TXT(""), V6T_EADDR_EMPTY },
	{ TXT("::g/64"), V6T_EADDR_CHAR },
	{ TXT("[::]/0"), V6T_EADDR_CHAR },
	{ TXT("fe80::%1/64"), V6T_EADDR_CHAR },
	{ TXT(" ::/0"), V6T_EADDR_CHAR },
	{ TXT("12345::/16"), V6T_EADDR_GROUP_LONG },
	{ TXT("1:/64"), V6T_EADDR_GROUP_EMPTY },
	{ TXT(":::/64"), V6T_EADDR_GROUP_EMPTY },
	{ TXT("1:2:3/48"), V6T_EADDR_GROUP_COUNT },
	{ TXT("1::2::3/64"), V6T_EADDR_DOUBLE_COLON },
	{ TXT("::1.2.3.4:5/128"), V6T_EADDR_IPV4_TAIL },
	{ TXT("10.0.0.0/8"), V6T_EADDR_IPV4_TAIL },
	{ TXT("::ffff:1.2.3.256/128"), V6T_EADDR_OCTET },
	{ TXT("::ffff:1.2.3./96"), V6T_EADDR_OCTET },
	{ TXT("::ffff:1.2.3/96"), V6T_EADDR_OCTET_COUNT },
	{ TXT("::ffff:01.2.3.4/128"), V6T_EADDR_LEADING_ZERO },
};

START_TEST(test_prefix6_parse_errors)
{
	const struct text_err *e = &prefix6_errors[_i];
	char *p = malloc(e->len ? e->len : 1);
	v6t_prefix6 out;
	int rc;

	ck_assert_ptr_nonnull(p);
	memcpy(p, e->text, e->len);
	memset(&out, POISON, sizeof out);
	rc = v6t_addr_prefix6_parse(&out, p, e->len);
	free(p);
	ck_assert_msg(rc == e->rc, "\"%s\": got %d (%s), want %d (%s)", e->text,
		      rc, v6t_strerror(rc), e->rc, v6t_strerror(e->rc));
	ck_assert(all_bytes_are(&out, POISON, sizeof out));
}
END_TEST

struct prefix4_vec {
	const char *text;
	v6t_prefix4 prefix;
};

/* The strict form is canonical: each text is also the formatted output. */
static const struct prefix4_vec prefix4_vecs[] = {
	{ "0.0.0.0/0", { TU_IN4(0, 0, 0, 0), 0 } },
	{ "10.0.0.0/8", { TU_IN4(10, 0, 0, 0), 8 } },
	{ "100.64.0.0/10", { TU_IN4(100, 64, 0, 0), 10 } },
	{ "172.16.0.0/12", { TU_IN4(172, 16, 0, 0), 12 } },
	{ "192.0.2.0/24", { TU_IN4(192, 0, 2, 0), 24 } },
	{ "192.0.2.1/32", { TU_IN4(192, 0, 2, 1), 32 } },
	{ "128.0.0.0/1", { TU_IN4(128, 0, 0, 0), 1 } },
	{ "255.255.255.254/31", { TU_IN4(255, 255, 255, 254), 31 } },
	{ "255.255.255.255/32", { TU_IN4(255, 255, 255, 255), 32 } },
};

START_TEST(test_prefix4_parse_vectors)
{
	const struct prefix4_vec *v = &prefix4_vecs[_i];
	v6t_prefix4 p;

	memset(&p, POISON, sizeof p);
	ck_assert_msg(tu_parse_prefix4(&p, v->text) == V6T_OK, "%s", v->text);
	ck_assert_mem_eq(p.addr.b, v->prefix.addr.b, 4);
	ck_assert_uint_eq(p.len, v->prefix.len);
}
END_TEST

START_TEST(test_prefix4_format_vectors)
{
	const struct prefix4_vec *v = &prefix4_vecs[_i];
	char buf[V6T_PREFIX4_STRLEN];
	size_t n = 0;

	ck_assert_int_eq(v6t_addr_prefix4_format(buf, sizeof buf, &n, &v->prefix), V6T_OK);
	ck_assert_str_eq(buf, v->text);
	ck_assert_uint_eq(n, strlen(v->text));
}
END_TEST

static const struct text_err prefix4_errors[] = {
	{ TXT("10.0.0.0"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("10.0.0.0/"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("10.0.0.0/08"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("0.0.0.0/00"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("10.0.0.0/+8"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("10.0.0.0/-8"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("10.0.0.0/ 8"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("10.0.0.0/8 "), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("10.0.0.0/8/8"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("10.0.0.0/0x8"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("10.0.0.0/8\0"), V6T_EADDR_PREFIX_SYNTAX },
	{ TXT("10.0.0.0/33"), V6T_EADDR_PREFIX_RANGE },
	{ TXT("0.0.0.0/100"), V6T_EADDR_PREFIX_RANGE },
	{ TXT("0.0.0.0/4294967296"), V6T_EADDR_PREFIX_RANGE }, /* 2^32 */
	{ TXT("0.0.0.0/99999999999999999999"), V6T_EADDR_PREFIX_RANGE },
	{ TXT("10.0.0.1/8"), V6T_EADDR_HOST_BITS },
	{ TXT("10.128.0.0/8"), V6T_EADDR_HOST_BITS },
	{ TXT("192.0.2.1/24"), V6T_EADDR_HOST_BITS },
	{ TXT("0.0.0.1/31"), V6T_EADDR_HOST_BITS },
	{ TXT("128.0.0.0/0"), V6T_EADDR_HOST_BITS },
	{ TXT("100.64.0.0/9"), V6T_EADDR_HOST_BITS }, /* 64 = 0100 0000: bit 9 set */
	{ TXT(""), V6T_EADDR_EMPTY },
	{ TXT("/8"), V6T_EADDR_EMPTY },
	{ TXT("10.0.0/8"), V6T_EADDR_OCTET_COUNT },
	{ TXT("10.0.0.0.0/8"), V6T_EADDR_OCTET_COUNT },
	{ TXT("10.0.0.256/8"), V6T_EADDR_OCTET },
	{ TXT("10.0.0./8"), V6T_EADDR_OCTET },
	{ TXT("010.0.0.0/8"), V6T_EADDR_LEADING_ZERO },
	{ TXT("10.0.0.x/8"), V6T_EADDR_CHAR },
	{ TXT("10.0.0.0 /8"), V6T_EADDR_CHAR },
	{ TXT("::/0"), V6T_EADDR_CHAR },
};

START_TEST(test_prefix4_parse_errors)
{
	const struct text_err *e = &prefix4_errors[_i];
	char *p = malloc(e->len ? e->len : 1);
	v6t_prefix4 out;
	int rc;

	ck_assert_ptr_nonnull(p);
	memcpy(p, e->text, e->len);
	memset(&out, POISON, sizeof out);
	rc = v6t_addr_prefix4_parse(&out, p, e->len);
	free(p);
	ck_assert_msg(rc == e->rc, "\"%s\": got %d (%s), want %d (%s)", e->text,
		      rc, v6t_strerror(rc), e->rc, v6t_strerror(e->rc));
	ck_assert(all_bytes_are(&out, POISON, sizeof out));
}
END_TEST

/* Each length 0..128: the first len bits set is a valid prefix; one more bit
 * set is HOST_BITS. */
START_TEST(test_prefix6_every_length)
{
	unsigned len = (unsigned)_i, i;
	char text[64];
	const uint8_t *b;
	v6t_prefix6 want, p;

	memset(&want, 0, sizeof want);
	for (i = 0; i < len; i++)
		want.addr.b[i / 8] |= (uint8_t)(0x80u >> (i % 8));
	want.len = (uint8_t)len;
	b = want.addr.b;
	/* the uncompressed form, written independently of the formatter */
	snprintf(text, sizeof text, "%x:%x:%x:%x:%x:%x:%x:%x/%u",
		 b[0] << 8 | b[1], b[2] << 8 | b[3], b[4] << 8 | b[5], b[6] << 8 | b[7],
		 b[8] << 8 | b[9], b[10] << 8 | b[11], b[12] << 8 | b[13],
		 b[14] << 8 | b[15], len);
	ck_assert_int_eq(tu_parse_prefix6(&p, text), V6T_OK);
	ck_assert_mem_eq(p.addr.b, want.addr.b, 16);
	ck_assert_uint_eq(p.len, len);
	if (len < 128) {
		snprintf(text, sizeof text, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/%u", len);
		ck_assert_int_eq(tu_parse_prefix6(&p, text), V6T_EADDR_HOST_BITS);
	}
}
END_TEST

START_TEST(test_prefix4_every_length)
{
	unsigned len = (unsigned)_i, i;
	char text[32], buf[V6T_PREFIX4_STRLEN];
	v6t_prefix4 want, p;

	memset(&want, 0, sizeof want);
	for (i = 0; i < len; i++)
		want.addr.b[i / 8] |= (uint8_t)(0x80u >> (i % 8));
	want.len = (uint8_t)len;
	snprintf(text, sizeof text, "%u.%u.%u.%u/%u", want.addr.b[0], want.addr.b[1],
		 want.addr.b[2], want.addr.b[3], len);
	ck_assert_int_eq(tu_parse_prefix4(&p, text), V6T_OK);
	ck_assert_mem_eq(p.addr.b, want.addr.b, 4);
	ck_assert_uint_eq(p.len, len);
	ck_assert_int_eq(v6t_addr_prefix4_format(buf, sizeof buf, NULL, &want), V6T_OK);
	ck_assert_str_eq(buf, text);
	if (len < 32) {
		snprintf(text, sizeof text, "255.255.255.255/%u", len);
		ck_assert_int_eq(tu_parse_prefix4(&p, text), V6T_EADDR_HOST_BITS);
	}
}
END_TEST

START_TEST(test_prefix_format_rejects_long_length)
{
	v6t_prefix6 p6 = { TU_IN6(0), 129 };
	v6t_prefix4 p4 = { TU_IN4(0, 0, 0, 0), 33 };
	char buf[V6T_PREFIX6_STRLEN];
	size_t n;

	memset(buf, BUF_FILL, sizeof buf);
	ck_assert_int_eq(v6t_addr_prefix6_format(buf, sizeof buf, &n, &p6), V6T_EINVAL);
	p6.len = 255;
	ck_assert_int_eq(v6t_addr_prefix6_format(buf, sizeof buf, &n, &p6), V6T_EINVAL);
	ck_assert_int_eq(v6t_addr_prefix4_format(buf, sizeof buf, &n, &p4), V6T_EINVAL);
	p4.len = 255;
	ck_assert_int_eq(v6t_addr_prefix4_format(buf, sizeof buf, &n, &p4), V6T_EINVAL);
	ck_assert(all_bytes_are(buf, BUF_FILL, sizeof buf));
}
END_TEST

/* ======================================================== ip6.arpa names */

struct ptr_vec {
	v6t_in6 addr;
	const char *name;
};

static const struct ptr_vec ptr_vecs[] = {
	/* RFC 3596 §2.5's own example, 4321:0:1:2:3:4:567:89ab (the RFC writes
	 * the suffix "IP6.ARPA.", which DNS compares without regard to case) */
	{ TU_IN6(0x43, 0x21, 0, 0, 0, 0x01, 0, 0x02, 0, 0x03, 0, 0x04, 0x05, 0x67, 0x89, 0xab),
	  "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa." },
	/* ::1: the 1 is the lowest-order nibble, so it comes first */
	{ TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
	  "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa." },
	/* 2001:db8::567:89ab: 20 01 0d b8 then zeros, 05 67 89 ab */
	{ TU_IN6(DB8, 0, 0, 0, 0, 0, 0, 0, 0, 0x05, 0x67, 0x89, 0xab),
	  "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa." },
	/* every nibble value once per half: 0123:4567:89ab:cdef:fedc:ba98:7654:3210 */
	{ TU_IN6(0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
		 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10),
	  "0.1.2.3.4.5.6.7.8.9.a.b.c.d.e.f.f.e.d.c.b.a.9.8.7.6.5.4.3.2.1.0.ip6.arpa." },
};

START_TEST(test_in6_ptr_format_vectors)
{
	const struct ptr_vec *v = &ptr_vecs[_i];
	char buf[V6T_IN6_PTR_STRLEN];
	size_t n = 0;

	ck_assert_int_eq(v6t_addr_in6_ptr_format(buf, sizeof buf, &n, &v->addr), V6T_OK);
	ck_assert_str_eq(buf, v->name);
	ck_assert_uint_eq(n, 73);
	ck_assert_uint_eq(strlen(v->name), 73);
}
END_TEST

/* ============================================================ ENOSPC */

enum fmt_kind { FMT_IN4, FMT_IN6, FMT_IN6_MIXED, FMT_PREFIX4, FMT_PREFIX6, FMT_PTR };

struct space_vec {
	enum fmt_kind kind;
	v6t_in6 a6; /* FMT_IN6*, FMT_PREFIX6 (with len) */
	v6t_in4 a4; /* FMT_IN4, FMT_PREFIX4 (with len) */
	uint8_t len;
	const char *text; /* the full output */
};

static const struct space_vec space_vecs[] = {
	{ FMT_IN4, TU_IN6(0), TU_IN4(255, 255, 255, 255), 0, "255.255.255.255" },
	{ FMT_IN4, TU_IN6(0), TU_IN4(0, 0, 0, 0), 0, "0.0.0.0" },
	{ FMT_IN6, TU_IN6(0), TU_IN4(0, 0, 0, 0), 0, "::" },
	{ FMT_IN6, TU_IN6(DB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), TU_IN4(0, 0, 0, 0), 0,
	  "2001:db8::1" },
	{ FMT_IN6, TU_IN6(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
	  TU_IN4(0, 0, 0, 0), 0, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
	{ FMT_IN6_MIXED, TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff, 0xff, 0xff),
	  TU_IN4(0, 0, 0, 0), 0, "::ffff:0:255.255.255.255" },
	{ FMT_PREFIX4, TU_IN6(0), TU_IN4(255, 255, 255, 255), 32, "255.255.255.255/32" },
	{ FMT_PREFIX4, TU_IN6(0), TU_IN4(0, 0, 0, 0), 0, "0.0.0.0/0" },
	{ FMT_PREFIX6, TU_IN6(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
	  TU_IN4(0, 0, 0, 0), 128, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128" },
	{ FMT_PREFIX6, TU_IN6(0), TU_IN4(0, 0, 0, 0), 0, "::/0" },
	{ FMT_PTR, TU_IN6(0), TU_IN4(0, 0, 0, 0), 0,
	  "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa." },
};

static int format_any(const struct space_vec *v, char *buf, size_t buflen,
		      size_t *outlen)
{
	v6t_prefix4 p4 = { v->a4, v->len };
	v6t_prefix6 p6 = { v->a6, v->len };

	switch (v->kind) {
	case FMT_IN4: return v6t_addr_in4_format(buf, buflen, outlen, &v->a4);
	case FMT_IN6: return v6t_addr_in6_format(buf, buflen, outlen, &v->a6, 0);
	case FMT_IN6_MIXED:
		return v6t_addr_in6_format(buf, buflen, outlen, &v->a6, V6T_FMT_MIXED);
	case FMT_PREFIX4: return v6t_addr_prefix4_format(buf, buflen, outlen, &p4);
	case FMT_PREFIX6: return v6t_addr_prefix6_format(buf, buflen, outlen, &p6);
	case FMT_PTR: return v6t_addr_in6_ptr_format(buf, buflen, outlen, &v->a6);
	}
	return V6T_EINVAL;
}

/* Every buffer size below length + 1 is ENOSPC with outlen set and the
 * buffer untouched; length + 1 (and more) succeeds. */
START_TEST(test_format_enospc_every_size)
{
	const struct space_vec *v = &space_vecs[_i];
	size_t want = strlen(v->text), size, n;
	char buf[80];

	for (size = 0; size <= want; size++) {
		memset(buf, BUF_FILL, sizeof buf);
		n = 9999;
		ck_assert_int_eq(format_any(v, buf, size, &n), V6T_ENOSPC);
		ck_assert_uint_eq(n, want);
		ck_assert(all_bytes_are(buf, BUF_FILL, sizeof buf));
	}
	memset(buf, BUF_FILL, sizeof buf);
	ck_assert_int_eq(format_any(v, buf, want + 1, &n), V6T_OK);
	ck_assert_uint_eq(n, want);
	ck_assert_str_eq(buf, v->text);
	ck_assert(all_bytes_are(buf + want + 1, BUF_FILL, sizeof buf - want - 1));
}
END_TEST

/* The *_STRLEN macros hold the longest outputs. */
START_TEST(test_strlen_macros_suffice)
{
	/* longest of each: in4 15, in6 39 (mixed forms here are at most 24),
	 * prefix4 18, prefix6 43 */
	ck_assert_uint_ge(V6T_IN4_STRLEN, strlen("255.255.255.255") + 1);
	ck_assert_uint_ge(V6T_IN6_STRLEN, strlen("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff") + 1);
	ck_assert_uint_ge(V6T_PREFIX4_STRLEN, strlen("255.255.255.255/32") + 1);
	ck_assert_uint_ge(V6T_PREFIX6_STRLEN,
			  strlen("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128") + 1);
	/* 32 nibbles and 32 dots, then "ip6.arpa." (9): 73 */
	ck_assert_uint_eq(V6T_IN6_PTR_STRLEN, 32 * 2 + 9 + 1);
}
END_TEST

Suite *v6t_addr_text_suite(void)
{
	Suite *s = suite_create("addr_text");
	TCase *tc6 = tcase_create("in6");
	TCase *tc4 = tcase_create("in4");
	TCase *tcp = tcase_create("prefix");
	TCase *tcf = tcase_create("format_buffers");

	tcase_add_loop_test(tc6, test_in6_parse_rfc_examples, 0, (int)N_OF(in6_parse_vecs));
	tcase_add_loop_test(tc6, test_in6_parse_format_round_trip, 0, (int)N_OF(in6_parse_vecs));
	tcase_add_loop_test(tc6, test_in6_parse_errors, 0, (int)N_OF(in6_errors));
	tcase_add_test(tc6, test_in6_parse_stops_at_len);
	tcase_add_loop_test(tc6, test_in6_parse_pos_vectors, 0, (int)N_OF(in6_pos_vecs));
	tcase_add_loop_test(tc6, test_in6_parse_pos_agrees_on_errors, 0, (int)N_OF(in6_errors));
	tcase_add_loop_test(tc6, test_in6_parse_pos_success_leaves_errpos, 0,
			    (int)N_OF(in6_parse_vecs));
	tcase_add_loop_test(tc6, test_in6_ptr_format_vectors, 0, (int)N_OF(ptr_vecs));
	tcase_add_loop_test(tc6, test_in6_format_rfc5952, 0, (int)N_OF(in6_fmt_vecs));
	tcase_add_loop_test(tc6, test_in6_format_round_trip, 0, (int)N_OF(in6_fmt_vecs));
	tcase_add_loop_test(tc6, test_in6_format_all_zero_patterns, 0, 256);
	tcase_add_test(tc6, test_in6_format_rejects_unknown_flags);
	suite_add_tcase(s, tc6);

	tcase_add_loop_test(tc4, test_in4_parse_vectors, 0, (int)N_OF(in4_vecs));
	tcase_add_loop_test(tc4, test_in4_format_vectors, 0, (int)N_OF(in4_vecs));
	tcase_add_loop_test(tc4, test_in4_every_octet_value, 0, 256);
	tcase_add_loop_test(tc4, test_in4_octets_above_255, 0, 1000 - 256);
	tcase_add_loop_test(tc4, test_in4_parse_errors, 0, (int)N_OF(in4_errors));
	suite_add_tcase(s, tc4);

	tcase_add_loop_test(tcp, test_prefix6_parse_vectors, 0, (int)N_OF(prefix6_vecs));
	tcase_add_loop_test(tcp, test_prefix6_format_vectors, 0, (int)N_OF(prefix6_vecs));
	tcase_add_loop_test(tcp, test_prefix6_parse_errors, 0, (int)N_OF(prefix6_errors));
	tcase_add_loop_test(tcp, test_prefix6_every_length, 0, 129);
	tcase_add_loop_test(tcp, test_prefix4_parse_vectors, 0, (int)N_OF(prefix4_vecs));
	tcase_add_loop_test(tcp, test_prefix4_format_vectors, 0, (int)N_OF(prefix4_vecs));
	tcase_add_loop_test(tcp, test_prefix4_parse_errors, 0, (int)N_OF(prefix4_errors));
	tcase_add_loop_test(tcp, test_prefix4_every_length, 0, 33);
	tcase_add_test(tcp, test_prefix_format_rejects_long_length);
	suite_add_tcase(s, tcp);

	tcase_add_loop_test(tcf, test_format_enospc_every_size, 0, (int)N_OF(space_vecs));
	tcase_add_test(tcf, test_format_outlen_optional);
	tcase_add_test(tcf, test_strlen_macros_suffice);
	suite_add_tcase(s, tcf);
	return s;
}
