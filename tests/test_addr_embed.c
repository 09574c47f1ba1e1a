/*
 * IPv4 embedding: RFC 6052 (and 8215), 6to4 (RFC 3056, 3068), 6rd (RFC
 * 5969), ISATAP (RFC 5214), Teredo (RFC 4380, 5991) and 6a44 (RFC 6751).
 *
 * Expected values come from the RFC texts, or are worked out by hand in the
 * comment next to them; none comes from running the code under test.
 */
#include <string.h>

#include "suites.h"
#include "testutil.h"

/* A byte pattern that no function under test writes: an output still
 * holding it after a failed call was left untouched. */
#define SENTINEL 0xa5

/* ------------------------------------------------------------- helpers */

/* A prefix from an address text and a length, with no check of host bits
 * (so that tests can hand in bad prefixes). */
static v6t_prefix6 pfx6(const char *s, unsigned len)
{
	v6t_prefix6 p;

	p.addr = tu_in6(s);
	p.len = (uint8_t)len;
	return p;
}

/* "2001:0db8:...": 8 groups of 4 hex digits, 7 colons, NUL = 40 bytes */
#define HEX6_LEN 40

static void hex6(char buf[HEX6_LEN], const v6t_in6 *a)
{
	static const char digits[] = "0123456789abcdef";
	size_t i, o = 0;

	for (i = 0; i < 16; i++) {
		if (i > 0 && i % 2 == 0)
			buf[o++] = ':';
		buf[o++] = digits[a->b[i] >> 4];
		buf[o++] = digits[a->b[i] & 0xf];
	}
	buf[o] = '\0';
}

#define ck_in6_eq(got, want) do { \
	char g_[HEX6_LEN], w_[HEX6_LEN]; \
	hex6(g_, &(got)); \
	hex6(w_, &(want)); \
	ck_assert_msg(memcmp((got).b, (want).b, 16) == 0, \
		      "got %s, want %s", g_, w_); \
} while (0)

#define ck_in4_eq(got, want) \
	ck_assert_msg(memcmp((got).b, (want).b, 4) == 0, \
		      "got %u.%u.%u.%u, want %u.%u.%u.%u", \
		      (got).b[0], (got).b[1], (got).b[2], (got).b[3], \
		      (want).b[0], (want).b[1], (want).b[2], (want).b[3])

/* Whether all n bytes at p still hold SENTINEL. */
static int untouched(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != SENTINEL)
			return 0;
	return 1;
}

/* ============================================================ RFC 6052 */

/* RFC 6052 §2.4, Tables 1 and 2, verbatim. */
static const struct {
	const char *prefix;
	unsigned len;
	const char *v4;
	const char *v6;
} rfc6052_table[] = {
	{ "2001:db8::", 32, "192.0.2.33", "2001:db8:c000:221::" },
	{ "2001:db8:100::", 40, "192.0.2.33", "2001:db8:1c0:2:21::" },
	{ "2001:db8:122::", 48, "192.0.2.33", "2001:db8:122:c000:2:2100::" },
	{ "2001:db8:122:300::", 56, "192.0.2.33", "2001:db8:122:3c0:0:221::" },
	{ "2001:db8:122:344::", 64, "192.0.2.33", "2001:db8:122:344:c0:2:2100::" },
	{ "2001:db8:122:344::", 96, "192.0.2.33", "2001:db8:122:344::192.0.2.33" },
	{ "64:ff9b::", 96, "192.0.2.33", "64:ff9b::192.0.2.33" },
	/*
	 * RFC 8215 local-use prefix, /48, by hand after the /48 row above:
	 * c0.00 in bits 48..63, u-octet, 02.21 in bits 72..87.
	 */
	{ "64:ff9b:1::", 48, "192.0.2.33", "64:ff9b:1:c000:2:2100::" },
};
#define N_6052 ((int)(sizeof rfc6052_table / sizeof rfc6052_table[0]))

START_TEST(test_addr_6052_table_encode)
{
	v6t_prefix6 p = pfx6(rfc6052_table[_i].prefix, rfc6052_table[_i].len);
	v6t_in4 v4 = tu_in4(rfc6052_table[_i].v4);
	v6t_in6 want = tu_in6(rfc6052_table[_i].v6), got;

	ck_assert_int_eq(v6t_addr_6052_prefix_check(&p), V6T_OK);
	ck_assert_int_eq(v6t_addr_6052_encode(&got, &p, &v4), V6T_OK);
	ck_in6_eq(got, want);
}
END_TEST

START_TEST(test_addr_6052_table_decode)
{
	v6t_prefix6 p = pfx6(rfc6052_table[_i].prefix, rfc6052_table[_i].len);
	v6t_in4 want = tu_in4(rfc6052_table[_i].v4), got;
	v6t_in6 a = tu_in6(rfc6052_table[_i].v6);

	ck_assert_int_eq(v6t_addr_6052_decode(&got, &a, &p), V6T_OK);
	ck_in4_eq(got, want);
	memset(&got, 0, sizeof got);
	ck_assert_int_eq(v6t_addr_6052_decode_strict(&got, &a, &p), V6T_OK);
	ck_in4_eq(got, want);
}
END_TEST

START_TEST(test_addr_6052_constants)
{
	v6t_in6 wkp = tu_in6("64:ff9b::"), local = tu_in6("64:ff9b:1::");

	/* RFC 6052 §2.1: 64:ff9b::/96 */
	ck_in6_eq(v6t_addr_6052_wkp.addr, wkp);
	ck_assert_uint_eq(v6t_addr_6052_wkp.len, 96);
	/* RFC 8215 §4: 64:ff9b:1::/48 */
	ck_in6_eq(v6t_addr_6052_local.addr, local);
	ck_assert_uint_eq(v6t_addr_6052_local.len, 48);
	ck_assert_int_eq(v6t_addr_6052_prefix_check(&v6t_addr_6052_wkp), V6T_OK);
	ck_assert_int_eq(v6t_addr_6052_prefix_check(&v6t_addr_6052_local), V6T_OK);
}
END_TEST

/* Every length RFC 6052 §2.2 does not list, spot-checked across 0..255. */
static const unsigned bad_6052_len[] = {
	0, 1, 8, 16, 24, 31, 33, 39, 41, 47, 63, 65, 72, 80, 88, 95, 97,
	104, 112, 120, 127, 128, 129, 200, 255,
};
#define N_BAD_6052_LEN ((int)(sizeof bad_6052_len / sizeof bad_6052_len[0]))

START_TEST(test_addr_6052_bad_length_everywhere)
{
	v6t_prefix6 p = pfx6("2001:db8::", bad_6052_len[_i]);
	v6t_in4 v4 = TU_IN4(192, 0, 2, 33), o4;
	v6t_in6 a = tu_in6("2001:db8:c000:221::"), o6;

	memset(&o6, SENTINEL, sizeof o6);
	memset(&o4, SENTINEL, sizeof o4);
	ck_assert_int_eq(v6t_addr_6052_prefix_check(&p), V6T_EADDR_PREFIX_LEN);
	ck_assert_int_eq(v6t_addr_6052_encode(&o6, &p, &v4), V6T_EADDR_PREFIX_LEN);
	ck_assert_int_eq(v6t_addr_6052_decode(&o4, &a, &p), V6T_EADDR_PREFIX_LEN);
	ck_assert_int_eq(v6t_addr_6052_decode_strict(&o4, &a, &p),
			 V6T_EADDR_PREFIX_LEN);
	ck_assert(untouched(&o6, sizeof o6));
	ck_assert(untouched(&o4, sizeof o4));
}
END_TEST

START_TEST(test_addr_6052_prefix_check_host_bits)
{
	/* bit 63 past a /56; bit 127 of a /96; bit 39 of a /32 */
	v6t_prefix6 p56 = pfx6("2001:db8:122:301::", 56);
	v6t_prefix6 p96 = pfx6("2001:db8:122:344::1", 96);
	v6t_prefix6 p32 = pfx6("2001:db8:100::", 32);
	/* bit 127 past a /64 (the u-octet clean) */
	v6t_prefix6 p64 = pfx6("2001:db8:122:344::1", 64);

	ck_assert_int_eq(v6t_addr_6052_prefix_check(&p56), V6T_EADDR_HOST_BITS);
	ck_assert_int_eq(v6t_addr_6052_prefix_check(&p96), V6T_EADDR_HOST_BITS);
	ck_assert_int_eq(v6t_addr_6052_prefix_check(&p32), V6T_EADDR_HOST_BITS);
	ck_assert_int_eq(v6t_addr_6052_prefix_check(&p64), V6T_EADDR_HOST_BITS);
}
END_TEST

START_TEST(test_addr_6052_prefix_check_uoctet)
{
	/* RFC 6052 §2.2: a /96 NSP must have bits 64..71 zero */
	v6t_prefix6 p96 = pfx6("2001:db8:122:344:100::", 96);
	v6t_prefix6 p96_top = pfx6("2001:db8:122:344:8000::", 96);
	/* bits 72..95 belong to a /96 and may be anything */
	v6t_prefix6 p96_ok = pfx6("2001:db8:122:344:ff:ffff::", 96);
	/* for shorter prefixes the u-octet is past the length, and the
	 * u-octet rule is the one reported */
	v6t_prefix6 p64 = pfx6("2001:db8:122:344:ff00::", 64);
	v6t_prefix6 p32 = pfx6("2001:db8:0:0:8000::", 32);

	ck_assert_int_eq(v6t_addr_6052_prefix_check(&p96), V6T_EADDR_UOCTET);
	ck_assert_int_eq(v6t_addr_6052_prefix_check(&p96_top), V6T_EADDR_UOCTET);
	ck_assert_int_eq(v6t_addr_6052_prefix_check(&p96_ok), V6T_OK);
	ck_assert_int_eq(v6t_addr_6052_prefix_check(&p64), V6T_EADDR_UOCTET);
	ck_assert_int_eq(v6t_addr_6052_prefix_check(&p32), V6T_EADDR_UOCTET);
}
END_TEST

/* The six rows of Table 1 (indices 0..5): where the u-octet and the last
 * suffix byte are. */
START_TEST(test_addr_6052_decode_ignores_uoctet_and_suffix)
{
	v6t_prefix6 p = pfx6(rfc6052_table[_i].prefix, rfc6052_table[_i].len);
	v6t_in4 want = tu_in4(rfc6052_table[_i].v4), got;
	v6t_in6 a = tu_in6(rfc6052_table[_i].v6), u, sfx, both;

	if (p.len == 96)
		return; /* no u-octet outside the prefix, no suffix */
	u = a;
	u.b[8] = 0xff;
	sfx = a;
	sfx.b[15] = 0x01; /* every short length has byte 15 in its suffix */
	both = u;
	both.b[15] = 0x80;

	memset(&got, SENTINEL, sizeof got);
	ck_assert_int_eq(v6t_addr_6052_decode(&got, &u, &p), V6T_OK);
	ck_in4_eq(got, want);
	ck_assert_int_eq(v6t_addr_6052_decode(&got, &sfx, &p), V6T_OK);
	ck_in4_eq(got, want);
	ck_assert_int_eq(v6t_addr_6052_decode(&got, &both, &p), V6T_OK);
	ck_in4_eq(got, want);

	memset(&got, SENTINEL, sizeof got);
	ck_assert_int_eq(v6t_addr_6052_decode_strict(&got, &u, &p),
			 V6T_EADDR_UOCTET);
	ck_assert_int_eq(v6t_addr_6052_decode_strict(&got, &sfx, &p),
			 V6T_EADDR_SUFFIX);
	/* both wrong: the u-octet is reported first */
	ck_assert_int_eq(v6t_addr_6052_decode_strict(&got, &both, &p),
			 V6T_EADDR_UOCTET);
	ck_assert(untouched(&got, sizeof got));
}
END_TEST

START_TEST(test_addr_6052_strict_suffix_starts_after_v4)
{
	/*
	 * The first suffix bit for each length: /32 -> bit 72 (byte 9, 0x80),
	 * /40 -> bit 80 (byte 10), /48 -> 88 (byte 11), /56 -> 96 (byte 12),
	 * /64 -> 104 (byte 13). The last IPv4 bit just before it is allowed;
	 * it is in byte first - 1, except for a /32 where the u-octet sits
	 * between (IPv4 in bytes 4..7).
	 */
	static const unsigned len[] = { 32, 40, 48, 56, 64 };
	v6t_prefix6 p = pfx6("2001:db8::", len[_i]);
	unsigned first = (len[_i] - 32) / 8 + 9;
	unsigned last = first - 1 == 8 ? 7 : first - 1;
	v6t_in6 a = p.addr, b;
	v6t_in4 got;

	a.b[first] = 0x80;
	ck_assert_int_eq(v6t_addr_6052_decode_strict(&got, &a, &p), V6T_EADDR_SUFFIX);
	b = p.addr;
	b.b[last] = 0x01; /* last bit of the IPv4 address */
	ck_assert_int_eq(v6t_addr_6052_decode_strict(&got, &b, &p), V6T_OK);
	ck_assert_uint_eq(got.b[3], 0x01);
}
END_TEST

START_TEST(test_addr_6052_not_in_prefix)
{
	v6t_prefix6 p = pfx6(rfc6052_table[_i].prefix, rfc6052_table[_i].len);
	v6t_in6 a = tu_in6(rfc6052_table[_i].v6), last = a, first = a;
	unsigned bit = p.len - 1u;
	v6t_in4 got;

	last.b[bit / 8] ^= (uint8_t)(0x80u >> (bit % 8));
	first.b[0] ^= 0x80;
	memset(&got, SENTINEL, sizeof got);
	ck_assert_int_eq(v6t_addr_6052_decode(&got, &last, &p), V6T_EADDR_NOT_IN_PREFIX);
	ck_assert_int_eq(v6t_addr_6052_decode(&got, &first, &p), V6T_EADDR_NOT_IN_PREFIX);
	ck_assert_int_eq(v6t_addr_6052_decode_strict(&got, &last, &p),
			 V6T_EADDR_NOT_IN_PREFIX);
	ck_assert_int_eq(v6t_addr_6052_decode_strict(&got, &first, &p),
			 V6T_EADDR_NOT_IN_PREFIX);
	ck_assert(untouched(&got, sizeof got));
}
END_TEST

START_TEST(test_addr_6052_wkp_uoctet_is_part_of_prefix)
{
	/* a /96 covers bits 64..71: a non-zero u-octet is outside it */
	v6t_in6 a = tu_in6("64:ff9b:0:0:100::c000:221");
	v6t_in4 got;

	ck_assert_int_eq(v6t_addr_6052_decode(&got, &a, &v6t_addr_6052_wkp),
			 V6T_EADDR_NOT_IN_PREFIX);
}
END_TEST

START_TEST(test_addr_6052_strict_unchecked_96_with_uoctet)
{
	/* an unvalidated /96 whose own u-octet is set: the address matches
	 * it, decode takes the last 32 bits, decode_strict names the rule */
	v6t_prefix6 p = pfx6("2001:db8:1:2:ff00::", 96);
	v6t_in6 a = tu_in6("2001:db8:1:2:ff00:0:c000:221"), e;
	v6t_in4 got, v4 = TU_IN4(192, 0, 2, 33);

	ck_assert_int_eq(v6t_addr_6052_decode(&got, &a, &p), V6T_OK);
	ck_in4_eq(got, v4);
	ck_assert_int_eq(v6t_addr_6052_decode_strict(&got, &a, &p), V6T_EADDR_UOCTET);
	/* encode copies the /96 as given */
	ck_assert_int_eq(v6t_addr_6052_encode(&e, &p, &v4), V6T_OK);
	ck_in6_eq(e, a);
}
END_TEST

START_TEST(test_addr_6052_encode_ignores_bits_past_prefix)
{
	/* RFC 6052 §2.3: only the prefix is concatenated; junk in the
	 * prefix's host bits must not leak into the address */
	v6t_prefix6 p = pfx6("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 32);
	v6t_in4 v4 = TU_IN4(192, 0, 2, 33);
	v6t_in6 got, want = tu_in6("2001:db8:c000:221::");

	ck_assert_int_eq(v6t_addr_6052_encode(&got, &p, &v4), V6T_OK);
	ck_in6_eq(got, want);
	p = pfx6("2001:db8:122:344:ffff:ffff:ffff:ffff", 64);
	want = tu_in6("2001:db8:122:344:c0:2:2100::");
	ck_assert_int_eq(v6t_addr_6052_encode(&got, &p, &v4), V6T_OK);
	ck_in6_eq(got, want);
}
END_TEST

/* Round trips over all six lengths and a spread of IPv4 addresses. */
START_TEST(test_addr_6052_round_trip)
{
	static const unsigned len[] = { 32, 40, 48, 56, 64, 96 };
	static const v6t_in4 v4s[] = {
		{ { 0, 0, 0, 0 } }, { { 255, 255, 255, 255 } },
		{ { 1, 2, 3, 4 } }, { { 0x80, 0, 0, 1 } },
		{ { 0xfe, 0xdc, 0xba, 0x98 } }, { { 10, 0, 0, 1 } },
	};
	v6t_prefix6 p = pfx6("2001:db8:aaaa:bbbb::", len[_i]);
	size_t i;

	/* clear what lies past the length so that the prefix is valid */
	memset(p.addr.b + len[_i] / 8, 0, 16 - len[_i] / 8);
	ck_assert_int_eq(v6t_addr_6052_prefix_check(&p), V6T_OK);
	for (i = 0; i < sizeof v4s / sizeof v4s[0]; i++) {
		v6t_in6 a;
		v6t_in4 back;

		ck_assert_int_eq(v6t_addr_6052_encode(&a, &p, &v4s[i]), V6T_OK);
		ck_assert_uint_eq(a.b[8], 0); /* u-octet */
		ck_assert(v6t_addr_in6_in_prefix(&a, &p));
		ck_assert_int_eq(v6t_addr_6052_decode_strict(&back, &a, &p), V6T_OK);
		ck_in4_eq(back, v4s[i]);
	}
}
END_TEST

/* RFC 6052 §3.1 */
static const struct {
	const char *v4;
	int wkp_rc;
} global_cases[] = {
	{ "8.8.8.8", V6T_OK },
	{ "1.1.1.1", V6T_OK },
	{ "203.0.114.1", V6T_OK },       /* just past 203.0.113.0/24 */
	{ "10.1.2.3", V6T_EADDR_NOT_GLOBAL },      /* RFC 1918 */
	{ "172.16.5.4", V6T_EADDR_NOT_GLOBAL },    /* RFC 1918 */
	{ "192.168.0.1", V6T_EADDR_NOT_GLOBAL },   /* RFC 1918 */
	{ "127.0.0.1", V6T_EADDR_NOT_GLOBAL },     /* loopback */
	{ "169.254.1.1", V6T_EADDR_NOT_GLOBAL },   /* link local */
	{ "100.64.0.1", V6T_EADDR_NOT_GLOBAL },    /* RFC 6598 shared */
	{ "0.0.0.0", V6T_EADDR_NOT_GLOBAL },       /* "this network" */
	{ "192.0.2.33", V6T_EADDR_NOT_GLOBAL },    /* documentation */
	{ "224.0.0.1", V6T_EADDR_NOT_GLOBAL },     /* multicast */
	{ "255.255.255.255", V6T_EADDR_NOT_GLOBAL }, /* broadcast */
};
#define N_GLOBAL ((int)(sizeof global_cases / sizeof global_cases[0]))

START_TEST(test_addr_6052_check_global)
{
	v6t_in4 v4 = tu_in4(global_cases[_i].v4);
	v6t_prefix6 nsp = pfx6("2001:db8:122:344::", 96);
	v6t_prefix6 wkp64 = pfx6("64:ff9b::", 64);

	ck_assert_int_eq(v6t_addr_6052_check_global(&v6t_addr_6052_wkp, &v4),
			 global_cases[_i].wkp_rc);
	/* only the Well-Known Prefix is restricted */
	ck_assert_int_eq(v6t_addr_6052_check_global(&nsp, &v4), V6T_OK);
	ck_assert_int_eq(v6t_addr_6052_check_global(&v6t_addr_6052_local, &v4),
			 V6T_OK);
	ck_assert_int_eq(v6t_addr_6052_check_global(&wkp64, &v4), V6T_OK);
}
END_TEST

/* ================================================================ 6to4 */

START_TEST(test_addr_6to4_constants)
{
	/* RFC 3056 §2: 2002::/16 */
	v6t_in6 p16 = TU_IN6(0x20, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	/* RFC 3068 §2.5: "2002:c058:6301::" */
	v6t_in6 r6 = TU_IN6(0x20, 0x02, 0xc0, 0x58, 0x63, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	/* RFC 3068 §2.3: 192.88.99.1 */
	v6t_in4 r4 = TU_IN4(192, 88, 99, 1);

	ck_in6_eq(v6t_addr_6to4_prefix16.addr, p16);
	ck_assert_uint_eq(v6t_addr_6to4_prefix16.len, 16);
	ck_in6_eq(v6t_addr_6to4_relay6, r6);
	ck_in4_eq(v6t_addr_6to4_relay4, r4);
}
END_TEST

START_TEST(test_addr_6to4_prefix_rfc3056_examples)
{
	/* RFC 3056 §5.1: 192.1.2.3 -> 2002:c001:0203::/48 and
	 * 9.254.253.252 -> 2002:09fe:fdfc::/48 */
	v6t_in4 a = TU_IN4(192, 1, 2, 3), b = TU_IN4(9, 254, 253, 252);
	v6t_in6 wa = tu_in6("2002:c001:0203::"), wb = tu_in6("2002:09fe:fdfc::");
	v6t_prefix6 p;

	memset(&p, SENTINEL, sizeof p);
	ck_assert_int_eq(v6t_addr_6to4_prefix(&p, &a), V6T_OK);
	ck_in6_eq(p.addr, wa);
	ck_assert_uint_eq(p.len, 48);
	ck_assert_int_eq(v6t_addr_6to4_prefix(&p, &b), V6T_OK);
	ck_in6_eq(p.addr, wb);
	ck_assert_uint_eq(p.len, 48);
}
END_TEST

START_TEST(test_addr_6to4_encode_decode)
{
	/* 2002:V4ADDR:SLA:IID; by hand: 192.1.2.3 = c001:0203, SLA 0x00a1 */
	static const uint8_t iid[8] = { 0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55 };
	v6t_in4 v4 = TU_IN4(192, 1, 2, 3), got;
	v6t_in6 a, want = tu_in6("2002:c001:203:a1:211:22ff:fe33:4455");
	uint16_t sla = 0;

	ck_assert_int_eq(v6t_addr_6to4_encode(&a, &v4, 0x00a1, iid), V6T_OK);
	ck_in6_eq(a, want);
	ck_assert_int_eq(v6t_addr_6to4_decode(&got, &sla, &a), V6T_OK);
	ck_in4_eq(got, v4);
	ck_assert_uint_eq(sla, 0x00a1);
	/* the subnet out-parameter is optional */
	ck_assert_int_eq(v6t_addr_6to4_decode(&got, NULL, &want), V6T_OK);
	ck_in4_eq(got, v4);
	/* the relay anycast address carries the relay IPv4 address, SLA 0 */
	ck_assert_int_eq(v6t_addr_6to4_decode(&got, &sla, &v6t_addr_6to4_relay6), V6T_OK);
	ck_in4_eq(got, v6t_addr_6to4_relay4);
	ck_assert_uint_eq(sla, 0);
}
END_TEST

START_TEST(test_addr_6to4_decode_wrong_kind)
{
	static const char *not6to4[] = {
		"2001:c001:203::", "2003:c001:203::", "3002::1", "::2002:0:0",
		"a002::", "2082::",
	};
	size_t i;

	for (i = 0; i < sizeof not6to4 / sizeof not6to4[0]; i++) {
		v6t_in6 a = tu_in6(not6to4[i]);
		v6t_in4 got;
		uint16_t sla;

		memset(&got, SENTINEL, sizeof got);
		memset(&sla, SENTINEL, sizeof sla);
		ck_assert_int_eq(v6t_addr_6to4_decode(&got, &sla, &a),
				 V6T_EADDR_WRONG_KIND);
		ck_assert(untouched(&got, sizeof got));
		ck_assert(untouched(&sla, sizeof sla));
	}
}
END_TEST

/* ================================================================= 6rd */

/* A 6rd domain that must initialise. */
static v6t_addr_6rd rd_domain(const v6t_prefix6 *p, unsigned m,
			      const v6t_in4 *br)
{
	v6t_addr_6rd d;

	/* init ignores what the struct held before */
	memset(&d, SENTINEL, sizeof d);
	ck_assert_int_eq(v6t_addr_6rd_init(&d, p, m, br), V6T_OK);
	return d;
}

START_TEST(test_addr_6rd_rfc5969_example)
{
	/*
	 * RFC 5969 §7.1.1: CE 10.100.100.1, BR 10.0.0.1, IPv4MaskLen 8,
	 * 6rdPrefix 2001:db8::/32 -> delegated 2001:db8:6464:100::/56 and
	 * the default route "via 2001:db8:0:100::" (the BR's anycast).
	 */
	v6t_prefix6 p = pfx6("2001:db8::", 32), d;
	v6t_in4 ce = TU_IN4(10, 100, 100, 1), br = TU_IN4(10, 0, 0, 1), got;
	v6t_in6 any, want = tu_in6("2001:db8:6464:100::");
	v6t_in6 br_any = tu_in6("2001:db8:0:100::"), host;
	v6t_addr_6rd dom = rd_domain(&p, 8, &br), copy;

	ck_assert_int_eq(v6t_addr_6rd_encode(&d, &dom, &ce), V6T_OK);
	ck_in6_eq(d.addr, want);
	ck_assert_uint_eq(d.len, 56);
	ck_assert_int_eq(v6t_addr_6rd_anycast(&any, &dom, &ce), V6T_OK);
	ck_in6_eq(any, want);
	ck_assert_int_eq(v6t_addr_6rd_anycast(&any, &dom, &br), V6T_OK);
	ck_in6_eq(any, br_any);

	/* BR side, §7.2: destinations back to their CE */
	host = tu_in6("2001:db8:6464:142:1234:5678:9abc:def0");
	ck_assert_int_eq(v6t_addr_6rd_decode(&got, &host, &dom), V6T_OK);
	ck_in4_eq(got, ce);
	ck_assert_int_eq(v6t_addr_6rd_decode(&got, &br_any, &dom), V6T_OK);
	ck_in4_eq(got, br);

	/* the domain holds no pointers: a memcpy'd copy works alike */
	memcpy(&copy, &dom, sizeof copy);
	memset(&dom, SENTINEL, sizeof dom);
	ck_assert_int_eq(v6t_addr_6rd_decode(&got, &host, &copy), V6T_OK);
	ck_in4_eq(got, ce);
}
END_TEST

START_TEST(test_addr_6rd_null_br)
{
	/*
	 * A CE that only builds its prefix passes no BR (addr.h: taken as
	 * 0.0.0.0). Encoding is as in the RFC example; decoding then fills
	 * the 8 common bits with zeros: 2001:db8:6464:100::1 carries
	 * 64 64 01 after the /32 -> 0.100.100.1.
	 */
	v6t_prefix6 p = pfx6("2001:db8::", 32), d;
	v6t_in4 ce = TU_IN4(10, 100, 100, 1), got, want4 = TU_IN4(0, 100, 100, 1);
	v6t_in6 a = tu_in6("2001:db8:6464:100::1"), want = tu_in6("2001:db8:6464:100::");
	v6t_addr_6rd dom = rd_domain(&p, 8, NULL);

	ck_assert_int_eq(v6t_addr_6rd_encode(&d, &dom, &ce), V6T_OK);
	ck_in6_eq(d.addr, want);
	ck_assert_uint_eq(d.len, 56);
	ck_assert_int_eq(v6t_addr_6rd_decode(&got, &a, &dom), V6T_OK);
	ck_in4_eq(got, want4);
}
END_TEST

START_TEST(test_addr_6rd_unaligned_35_10)
{
	/*
	 * 6rdPrefix 2001:db8:a000::/35 (bits 32..34 = 101), IPv4MaskLen 10,
	 * CE 10.100.100.1 = 0x0a646401. Dropping its 10 high bits leaves the
	 * 22 bits 0x246401 = 10 0100 0110 0100 0000 0001, placed at bits
	 * 35..56:
	 *   byte 4 = 101 | 10010    = 0xb2
	 *   byte 5 = 00110010       = 0x32
	 *   byte 6 = 00000000       = 0x00
	 *   byte 7 = 1 | 0000000    = 0x80
	 * -> 2001:db8:b232:80::/57 (35 + 22).
	 * The domain is 10.64.0.0/10; BR 10.64.0.1 has low 22 bits 0x000001,
	 * so its anycast is byte 7 = 0x80, the rest of the 22 bits zero:
	 * 2001:db8:a000:80::.
	 */
	v6t_prefix6 p = pfx6("2001:db8:a000::", 35), d;
	v6t_in4 ce = TU_IN4(10, 100, 100, 1), br = TU_IN4(10, 64, 0, 1), got;
	v6t_in6 want = tu_in6("2001:db8:b232:80::"), any;
	v6t_in6 br_any = tu_in6("2001:db8:a000:80::");
	v6t_in6 host = tu_in6("2001:db8:b232:ff:1::1");
	v6t_addr_6rd dom = rd_domain(&p, 10, &br);

	ck_assert_int_eq(v6t_addr_6rd_encode(&d, &dom, &ce), V6T_OK);
	ck_in6_eq(d.addr, want);
	ck_assert_uint_eq(d.len, 57);
	ck_assert_int_eq(v6t_addr_6rd_anycast(&any, &dom, &br), V6T_OK);
	ck_in6_eq(any, br_any);
	/* byte 7 0xff: bit 56 (1) is the CE's last bit, 57.. the subnet */
	ck_assert_int_eq(v6t_addr_6rd_decode(&got, &host, &dom), V6T_OK);
	ck_in4_eq(got, ce);
}
END_TEST

START_TEST(test_addr_6rd_unaligned_29_0)
{
	/*
	 * 6rdPrefix 2001:db8::/29 (0xb8 = 10111|000, so bits 29..31 are
	 * zero), IPv4MaskLen 0, CE 192.0.2.1 =
	 * 11000000 00000000 00000010 00000001 at bits 29..60:
	 *   byte 3 = 10111 | 110   = 0xbe
	 *   byte 4 = 00000000, byte 5 = 00000000
	 *   byte 6 = 00010 | 000   = 0x10
	 *   byte 7 = 00001 | 000   = 0x08
	 * -> 2001:dbe:0:1008::/61.
	 */
	v6t_prefix6 p = pfx6("2001:db8::", 29), d;
	v6t_in4 ce = TU_IN4(192, 0, 2, 1), br = TU_IN4(198, 51, 100, 7), got;
	v6t_in6 want = tu_in6("2001:dbe:0:1008::");
	v6t_in6 host = tu_in6("2001:dbe:0:1009:abcd::1");
	v6t_addr_6rd dom = rd_domain(&p, 0, &br);

	ck_assert_int_eq(v6t_addr_6rd_encode(&d, &dom, &ce), V6T_OK);
	ck_in6_eq(d.addr, want);
	ck_assert_uint_eq(d.len, 61);
	/* masklen 0: no bit comes from the BR; byte 7 0x09 adds subnet bit 63 */
	ck_assert_int_eq(v6t_addr_6rd_decode(&got, &host, &dom), V6T_OK);
	ck_in4_eq(got, ce);
}
END_TEST

START_TEST(test_addr_6rd_masklen_32)
{
	/* IPv4MaskLen 32: no CE bit is embedded; the delegated prefix is the
	 * 6rd prefix, and the BR supplies the whole CE address */
	v6t_prefix6 p = pfx6("2001:db8:1234:5600::", 56), d;
	v6t_prefix6 p64 = pfx6("2001:db8:1:2::", 64);
	v6t_in4 ce = TU_IN4(203, 0, 113, 9), br = TU_IN4(198, 51, 100, 1), got;
	v6t_in6 host = tu_in6("2001:db8:1234:56ff::1"), h64 = tu_in6("2001:db8:1:2::9");
	v6t_addr_6rd dom = rd_domain(&p, 32, &br), d64 = rd_domain(&p64, 32, &br);

	ck_assert_int_eq(v6t_addr_6rd_encode(&d, &dom, &ce), V6T_OK);
	ck_in6_eq(d.addr, p.addr);
	ck_assert_uint_eq(d.len, 56);
	ck_assert_int_eq(v6t_addr_6rd_decode(&got, &host, &dom), V6T_OK);
	ck_in4_eq(got, br);
	/* n = 64 is allowed with IPv4MaskLen 32 */
	ck_assert_int_eq(v6t_addr_6rd_encode(&d, &d64, &ce), V6T_OK);
	ck_in6_eq(d.addr, p64.addr);
	ck_assert_uint_eq(d.len, 64);
	ck_assert_int_eq(v6t_addr_6rd_decode(&got, &h64, &d64), V6T_OK);
	ck_in4_eq(got, br);
}
END_TEST

START_TEST(test_addr_6rd_masklen_0_and_prefix_0)
{
	/* IPv4MaskLen 0 with a /32: the whole CE address in bits 32..63,
	 * as in 6to4 with a different prefix: 192.0.2.1 -> 2001:db8:c000:201::/64 */
	v6t_prefix6 p = pfx6("2001:db8::", 32), z = pfx6("::", 0), d;
	v6t_in4 ce = TU_IN4(192, 0, 2, 1), br = TU_IN4(1, 2, 3, 4), got;
	v6t_in6 want = tu_in6("2001:db8:c000:201::"), wz = tu_in6("c000:201::");
	v6t_addr_6rd dom = rd_domain(&p, 0, &br), dz = rd_domain(&z, 0, &br);

	ck_assert_int_eq(v6t_addr_6rd_encode(&d, &dom, &ce), V6T_OK);
	ck_in6_eq(d.addr, want);
	ck_assert_uint_eq(d.len, 64);
	/* an empty 6rd prefix: the CE address is the top 32 bits */
	ck_assert_int_eq(v6t_addr_6rd_encode(&d, &dz, &ce), V6T_OK);
	ck_in6_eq(d.addr, wz);
	ck_assert_uint_eq(d.len, 32);
	ck_assert_int_eq(v6t_addr_6rd_decode(&got, &wz, &dz), V6T_OK);
	ck_in4_eq(got, ce);
}
END_TEST

/* Domains v6t_addr_6rd_init() must refuse (RFC 5969 §4, §7.1.1). */
static const struct {
	const char *prefix;
	unsigned len, masklen;
} rd_bad[] = {
	{ "2001:db8::", 32, 33 },          /* §7.1.1: > 32 is invalid */
	{ "2001:db8::", 32, 0xffffffffu },
	{ "2001:db8::", 40, 7 },           /* 40 + 25 = 65 */
	{ "2001:db8::", 33, 0 },           /* 33 + 32 = 65 */
	{ "2001:db8::", 65, 32 },          /* 65 + 0 */
	{ "2001:db8::", 128, 32 },
	{ "2001:db8::", 129, 32 },         /* past §7.1.1's 128 */
	{ "2001:db8::", 255, 32 },
	{ "2001:db8::", 255, 33 },         /* both faults */
};
#define N_RD_BAD ((int)(sizeof rd_bad / sizeof rd_bad[0]))

START_TEST(test_addr_6rd_bad_domain)
{
	v6t_prefix6 p = pfx6(rd_bad[_i].prefix, rd_bad[_i].len);
	v6t_in4 br = TU_IN4(10, 1, 2, 3);
	v6t_addr_6rd d;

	memset(&d, SENTINEL, sizeof d);
	ck_assert_int_eq(v6t_addr_6rd_init(&d, &p, rd_bad[_i].masklen, &br),
			 V6T_EADDR_PREFIX_LEN);
	ck_assert_int_eq(v6t_addr_6rd_init(&d, &p, rd_bad[_i].masklen, NULL),
			 V6T_EADDR_PREFIX_LEN);
	ck_assert(untouched(&d, sizeof d));
}
END_TEST

START_TEST(test_addr_6rd_limits_accepted)
{
	/* n + 32 - m == 64 exactly is fine, and so is the shortest
	 * delegated prefix, n = 0 with m = 32 (::/0) */
	v6t_prefix6 p40 = pfx6("2001:db8::", 40), p32 = pfx6("2001:db8::", 32);
	v6t_prefix6 p0 = pfx6("::", 0);
	v6t_addr_6rd d;

	ck_assert_int_eq(v6t_addr_6rd_init(&d, &p40, 8, NULL), V6T_OK);
	ck_assert_int_eq(v6t_addr_6rd_init(&d, &p32, 0, NULL), V6T_OK);
	ck_assert_int_eq(v6t_addr_6rd_init(&d, &p32, 32, NULL), V6T_OK);
	ck_assert_int_eq(v6t_addr_6rd_init(&d, &p0, 32, NULL), V6T_OK);
}
END_TEST

/*
 * RFC 5969 §7.1.1: 6rdPrefix bits "after the 6rdPrefixlen number of bits
 * are reserved and MUST be initialized to zero by the sender and ignored
 * by the receiver". init accepts them and every result is as if they were
 * zero. Expected values by hand.
 */
static const struct {
	const char *prefix;
	unsigned len, masklen;
	const char *delegated; /* for CE 10.100.100.1 */
	unsigned dlen;
	const char *dest;      /* decoded with BR 10.0.0.1 ... */
	v6t_in4 ce;            /* ... to this CE */
} rd_reserved[] = {
	/* a low-word bit: the RFC example unchanged */
	{ "2001:db8::1", 32, 8, "2001:db8:6464:100::", 56,
	  "2001:db8:6464:100::1", { { 10, 100, 100, 1 } } },
	/* bit 32 set in the prefix is not ORed into the CE's 0x64 (whose
	 * top bit is 0): 6464, not e464 */
	{ "2001:db8:8000::", 32, 8, "2001:db8:6464:100::", 56,
	  "2001:db8:6464:100::1", { { 10, 100, 100, 1 } } },
	/*
	 * /34 over 2001:db8:a000:: (bits 32..34 = 101): bit 34 is
	 * ignored, the prefix is 10 at bits 32..33. The CE's 24 bits
	 * 01100100 01100100 00000001 go to bits 34..57:
	 *   byte 4 = 10 | 011001 = 0x99, byte 5 = 00011001 = 0x19,
	 *   byte 6 = 00000000,   byte 7 = 01 | 000000 = 0x40
	 * -> 2001:db8:9919:40::/58. Destination 2001:db8:a000::1 is under
	 * the /34 (bits 32..33 = 10); its bits 34..57 are 1 and 23 zeros
	 * = 0x800000, under BR's 10 -> 10.128.0.0.
	 */
	{ "2001:db8:a000::", 34, 8, "2001:db8:9919:40::", 58,
	  "2001:db8:a000::1", { { 10, 128, 0, 0 } } },
	/* IPv4MaskLen 32 with a /64 and a low-word bit: the BR's address */
	{ "2001:db8:1:2::1", 64, 32, "2001:db8:1:2::", 64,
	  "2001:db8:1:2::9", { { 10, 0, 0, 1 } } },
	/* an empty prefix with every other bit reserved: ::/0, and any
	 * destination is the BR's */
	{ "::1", 0, 32, "::", 0, "2001:db8::1", { { 10, 0, 0, 1 } } },
	{ "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 0, 32, "::", 0,
	  "2001:db8::1", { { 10, 0, 0, 1 } } },
};
#define N_RD_RESERVED ((int)(sizeof rd_reserved / sizeof rd_reserved[0]))

START_TEST(test_addr_6rd_reserved_prefix_bits_ignored)
{
	v6t_prefix6 p = pfx6(rd_reserved[_i].prefix, rd_reserved[_i].len), d;
	v6t_in4 ce = TU_IN4(10, 100, 100, 1), br = TU_IN4(10, 0, 0, 1), got;
	v6t_in6 dest = tu_in6(rd_reserved[_i].dest), any;
	v6t_in6 want = tu_in6(rd_reserved[_i].delegated);
	v6t_addr_6rd dom = rd_domain(&p, rd_reserved[_i].masklen, &br);

	ck_assert_int_eq(v6t_addr_6rd_encode(&d, &dom, &ce), V6T_OK);
	ck_in6_eq(d.addr, want);
	ck_assert_uint_eq(d.len, rd_reserved[_i].dlen);
	ck_assert_int_eq(v6t_addr_6rd_anycast(&any, &dom, &ce), V6T_OK);
	ck_in6_eq(any, want);
	ck_assert_int_eq(v6t_addr_6rd_decode(&got, &dest, &dom), V6T_OK);
	ck_in4_eq(got, rd_reserved[_i].ce);
}
END_TEST

START_TEST(test_addr_6rd_decode_not_in_prefix)
{
	v6t_prefix6 p = pfx6("2001:db8::", 32), u = pfx6("2001:db8:a000::", 35);
	v6t_in4 br = TU_IN4(10, 0, 0, 1), got;
	v6t_in6 a = tu_in6("2001:db9:6464:100::1");
	/* bit 34 differs: 0xa0 = 101|0, 0x80 = 100|0 */
	v6t_in6 b = tu_in6("2001:db8:8000::1");
	/* bit 0 differs: the first prefix bit */
	v6t_in6 c = tu_in6("a001:db8:a000::1");
	v6t_addr_6rd dp = rd_domain(&p, 8, &br), du = rd_domain(&u, 10, &br);

	memset(&got, SENTINEL, sizeof got);
	ck_assert_int_eq(v6t_addr_6rd_decode(&got, &a, &dp),
			 V6T_EADDR_NOT_IN_PREFIX);
	ck_assert_int_eq(v6t_addr_6rd_decode(&got, &b, &du),
			 V6T_EADDR_NOT_IN_PREFIX);
	ck_assert_int_eq(v6t_addr_6rd_decode(&got, &c, &du),
			 V6T_EADDR_NOT_IN_PREFIX);
	ck_assert(untouched(&got, sizeof got));
}
END_TEST

/* decode(anycast(ce)) == ce across prefix lengths and mask lengths, for
 * CE addresses that share the BR's m high bits. */
START_TEST(test_addr_6rd_round_trip)
{
	static const unsigned masks[] = { 0, 1, 7, 8, 13, 16, 24, 31, 32 };
	unsigned n = (unsigned)_i; /* 0..64 */
	v6t_in4 br = TU_IN4(0xc6, 0x33, 0x64, 0x01);
	size_t k;

	for (k = 0; k < sizeof masks / sizeof masks[0]; k++) {
		unsigned m = masks[k];
		v6t_prefix6 p, d;
		v6t_addr_6rd dom;
		v6t_in6 any;
		v6t_in4 ce, got;
		uint32_t keep, cev;

		if (n + 32 - m > 64)
			continue;
		memset(&p, 0, sizeof p);
		/* a prefix of alternating bits, cut to n */
		memset(p.addr.b, 0x5a, 8);
		if (n < 64) {
			uint8_t *b = p.addr.b;
			unsigned i;

			for (i = n; i < 64; i++)
				b[i / 8] &= (uint8_t)~(0x80u >> (i % 8));
		}
		p.len = (uint8_t)n;
		dom = rd_domain(&p, m, &br);
		/* CE = BR's m high bits, then a fixed pattern */
		keep = m == 0 ? 0 : 0xffffffffu << (32 - m);
		cev = ((0xc6336401u & keep) | (0x9e3779b9u & ~keep));
		ce = TU_IN4(cev >> 24, (cev >> 16) & 0xff, (cev >> 8) & 0xff, cev & 0xff);
		ck_assert_int_eq(v6t_addr_6rd_encode(&d, &dom, &ce), V6T_OK);
		ck_assert_uint_eq(d.len, n + 32 - m);
		ck_assert(v6t_addr_in6_in_prefix(&d.addr, &p));
		ck_assert_int_eq(v6t_addr_6rd_anycast(&any, &dom, &ce), V6T_OK);
		ck_in6_eq(any, d.addr);
		ck_assert_int_eq(v6t_addr_6rd_decode(&got, &any, &dom), V6T_OK);
		ck_in4_eq(got, ce);
	}
}
END_TEST

/*
 * addr.h: a domain not made by init gives unspecified results but stays
 * memory-safe. Under the sanitizer build, any shift out of range or
 * out-of-bounds access here fails the test; the results are not checked
 * beyond the codes the functions may return.
 */
START_TEST(test_addr_6rd_garbage_domain_is_memory_safe)
{
	static const uint8_t fills[] = { 0x00, 0x3f, 0x40, 0x5a, 0x7f, 0x80,
					 0xa5, 0xc0, 0xff };
	v6t_in4 ce = TU_IN4(203, 0, 113, 9), got;
	v6t_in6 a = tu_in6("2001:db8:6464:100::1"), any;
	v6t_prefix6 d;
	size_t k;

	for (k = 0; k < sizeof fills; k++) {
		v6t_addr_6rd dom;
		int rc;

		memset(&dom, fills[k], sizeof dom);
		ck_assert_int_eq(v6t_addr_6rd_encode(&d, &dom, &ce), V6T_OK);
		ck_assert_int_eq(v6t_addr_6rd_anycast(&any, &dom, &ce), V6T_OK);
		rc = v6t_addr_6rd_decode(&got, &a, &dom);
		ck_assert(rc == V6T_OK || rc == V6T_EADDR_NOT_IN_PREFIX);
	}
}
END_TEST

/* ============================================================== ISATAP */

START_TEST(test_addr_isatap_iid_format)
{
	/* RFC 5214 §6.1: 000000ug 00000000 01011110 11111110 + IPv4 */
	static const uint8_t plain[8] = { 0x00, 0x00, 0x5e, 0xfe, 192, 0, 2, 143 };
	static const uint8_t u[8] = { 0x02, 0x00, 0x5e, 0xfe, 192, 0, 2, 143 };
	static const uint8_t ug[8] = { 0x03, 0x00, 0x5e, 0xfe, 192, 0, 2, 143 };
	static const uint8_t g[8] = { 0x01, 0x00, 0x5e, 0xfe, 192, 0, 2, 143 };
	v6t_in4 v4 = TU_IN4(192, 0, 2, 143);
	uint8_t iid[8];

	ck_assert_int_eq(v6t_addr_isatap_iid(iid, &v4, 0), V6T_OK);
	ck_assert_mem_eq(iid, plain, 8);
	ck_assert_int_eq(v6t_addr_isatap_iid(iid, &v4, V6T_ADDR_ISATAP_U), V6T_OK);
	ck_assert_mem_eq(iid, u, 8);
	ck_assert_int_eq(v6t_addr_isatap_iid(iid, &v4, V6T_ADDR_ISATAP_G), V6T_OK);
	ck_assert_mem_eq(iid, g, 8);
	ck_assert_int_eq(v6t_addr_isatap_iid(iid, &v4,
					     V6T_ADDR_ISATAP_U | V6T_ADDR_ISATAP_G), V6T_OK);
	ck_assert_mem_eq(iid, ug, 8);
}
END_TEST

START_TEST(test_addr_isatap_bad_flags)
{
	static const unsigned bad[] = { 0x04, 0x80, 0x100, 0x200, 0x8000u, ~0u };
	v6t_in4 v4 = TU_IN4(192, 0, 2, 143);
	v6t_prefix6 p = pfx6("fe80::", 64);
	uint8_t iid[8];
	v6t_in6 a;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(iid, SENTINEL, sizeof iid);
		memset(&a, SENTINEL, sizeof a);
		ck_assert_int_eq(v6t_addr_isatap_iid(iid, &v4, bad[i]), V6T_EINVAL);
		ck_assert_int_eq(v6t_addr_isatap_encode(&a, &p, &v4, bad[i] | 1u),
				 V6T_EINVAL);
		ck_assert(untouched(iid, sizeof iid));
		ck_assert(untouched(&a, sizeof a));
	}
}
END_TEST

START_TEST(test_addr_isatap_encode)
{
	/* link-local: fe80::/64 + 0000:5efe + c000:028f */
	v6t_prefix6 ll = pfx6("fe80::", 64);
	/* bits past /64 of the prefix are not copied */
	v6t_prefix6 g = pfx6("2001:db8:1:2:ffff:ffff:ffff:ffff", 64);
	v6t_in4 v4 = TU_IN4(192, 0, 2, 143);
	v6t_in6 a, w_ll = tu_in6("fe80::5efe:c000:28f");
	v6t_in6 w_g = tu_in6("2001:db8:1:2:200:5efe:c000:28f");

	ck_assert_int_eq(v6t_addr_isatap_encode(&a, &ll, &v4, 0), V6T_OK);
	ck_in6_eq(a, w_ll);
	ck_assert_int_eq(v6t_addr_isatap_encode(&a, &g, &v4, V6T_ADDR_ISATAP_U), V6T_OK);
	ck_in6_eq(a, w_g);
}
END_TEST

START_TEST(test_addr_isatap_encode_prefix_len)
{
	static const unsigned lens[] = { 0, 48, 63, 65, 96, 128, 255 };
	v6t_in4 v4 = TU_IN4(192, 0, 2, 143);
	size_t i;

	for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		v6t_prefix6 p = pfx6("fe80::", lens[i]);
		v6t_in6 a;

		memset(&a, SENTINEL, sizeof a);
		ck_assert_int_eq(v6t_addr_isatap_encode(&a, &p, &v4, 0),
				 V6T_EADDR_PREFIX_LEN);
		/* the length is checked before the flags */
		ck_assert_int_eq(v6t_addr_isatap_encode(&a, &p, &v4, 0x40),
				 V6T_EADDR_PREFIX_LEN);
		ck_assert(untouched(&a, sizeof a));
	}
}
END_TEST

START_TEST(test_addr_isatap_decode)
{
	v6t_in6 ll = tu_in6("fe80::5efe:c000:28f");
	v6t_in6 gu = tu_in6("2001:db8::200:5efe:a00:1");
	v6t_in6 gg = tu_in6("2001:db8::300:5efe:a00:1");
	v6t_in4 got, w1 = TU_IN4(192, 0, 2, 143), w2 = TU_IN4(10, 0, 0, 1);
	unsigned flags = 99;

	ck_assert_int_eq(v6t_addr_isatap_decode(&got, &flags, &ll), V6T_OK);
	ck_in4_eq(got, w1);
	ck_assert_uint_eq(flags, 0);
	ck_assert_int_eq(v6t_addr_isatap_decode(&got, &flags, &gu), V6T_OK);
	ck_in4_eq(got, w2);
	ck_assert_uint_eq(flags, V6T_ADDR_ISATAP_U);
	ck_assert_int_eq(v6t_addr_isatap_decode(&got, &flags, &gg), V6T_OK);
	ck_assert_uint_eq(flags, V6T_ADDR_ISATAP_U | V6T_ADDR_ISATAP_G);
	/* flags is optional */
	ck_assert_int_eq(v6t_addr_isatap_decode(&got, NULL, &ll), V6T_OK);
	ck_in4_eq(got, w1);
}
END_TEST

START_TEST(test_addr_isatap_decode_rejects_other_iids)
{
	static const char *other[] = {
		"fe80::5eff:c000:28f",          /* type octet 0xff */
		"fe80::5dfe:c000:28f",          /* OUI byte 0x5d */
		"fe80::1:5efe:c000:28f",        /* second octet 0x01 */
		"fe80::400:5efe:c000:28f",      /* first octet 000001 00 */
		"fe80::8000:5efe:c000:28f",     /* first octet 1000000 0 */
		"fe80::fc00:5efe:c000:28f",     /* first octet 111111 00 */
		"fe80::211:22ff:fe33:4455",     /* ordinary EUI-64 */
		"fe80::1",
		"::",
	};
	size_t i;

	for (i = 0; i < sizeof other / sizeof other[0]; i++) {
		v6t_in6 a = tu_in6(other[i]);
		v6t_in4 got;
		unsigned flags;

		memset(&got, SENTINEL, sizeof got);
		memset(&flags, SENTINEL, sizeof flags);
		ck_assert_msg(v6t_addr_isatap_decode(&got, &flags, &a) ==
			      V6T_EADDR_WRONG_KIND, "%s accepted", other[i]);
		ck_assert(untouched(&got, sizeof got));
		ck_assert(untouched(&flags, sizeof flags));
	}
}
END_TEST

/* ============================================================== Teredo */

START_TEST(test_addr_teredo_constants)
{
	v6t_in6 p = TU_IN6(0x20, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

	/* RFC 4380 §2.6: 2001::/32 */
	ck_in6_eq(v6t_addr_teredo_prefix.addr, p);
	ck_assert_uint_eq(v6t_addr_teredo_prefix.len, 32);
	/* RFC 5991 §3.1: |C|z|Random1|U|G|Random2|, bit 0 the MSB */
	ck_assert_uint_eq(V6T_ADDR_TEREDO_CONE, 0x8000);
	ck_assert_uint_eq(V6T_ADDR_TEREDO_RESERVED, 0x4000);
	ck_assert_uint_eq(V6T_ADDR_TEREDO_U, 0x0200);
	ck_assert_uint_eq(V6T_ADDR_TEREDO_G, 0x0100);
	ck_assert_uint_eq(V6T_ADDR_TEREDO_RANDOM, 0x3c00 | 0x00ff);
	ck_assert_uint_eq(V6T_ADDR_TEREDO_CONE | V6T_ADDR_TEREDO_RESERVED |
			  V6T_ADDR_TEREDO_U | V6T_ADDR_TEREDO_G |
			  V6T_ADDR_TEREDO_RANDOM, 0xffff);
}
END_TEST

START_TEST(test_addr_teredo_rfc4380_example)
{
	/*
	 * Server 65.54.227.120 = 4136:e378; cone flag 8000; port 40000 =
	 * 0x9c40, inverted 0x63bf; client 192.0.2.45 = c000:022d, inverted
	 * 3fff:fdd2 (RFC 4380 §4 obfuscation).
	 */
	v6t_addr_teredo t = { { { 65, 54, 227, 120 } }, V6T_ADDR_TEREDO_CONE,
			      40000, { { 192, 0, 2, 45 } } }, back;
	v6t_in6 a, want = tu_in6("2001:0:4136:e378:8000:63bf:3fff:fdd2");

	ck_assert_int_eq(v6t_addr_teredo_encode(&a, &t), V6T_OK);
	ck_in6_eq(a, want);
	ck_assert_int_eq(v6t_addr_teredo_decode(&back, &want), V6T_OK);
	ck_in4_eq(back.server, t.server);
	ck_assert_uint_eq(back.flags, 0x8000);
	ck_assert_uint_eq(back.port, 40000);
	ck_in4_eq(back.client, t.client);
}
END_TEST

START_TEST(test_addr_teredo_rfc5991_flags)
{
	/*
	 * RFC 5991 §3.1: random bits in Random1/Random2, C and z clear.
	 * flags 0x2c5a = 0010 1100 0101 1010, inside 0x3cff. Encoded as is,
	 * and decoded as is (the caller interprets C, §3.2).
	 */
	v6t_addr_teredo t = { { { 65, 54, 227, 120 } }, 0x2c5a,
			      40000, { { 192, 0, 2, 45 } } }, back;
	v6t_in6 a, want = tu_in6("2001:0:4136:e378:2c5a:63bf:3fff:fdd2");
	v6t_in6 all = tu_in6("2001:0:4136:e378:ffff:63bf:3fff:fdd2");

	ck_assert_uint_eq(t.flags & ~V6T_ADDR_TEREDO_RANDOM, 0);
	ck_assert_int_eq(v6t_addr_teredo_encode(&a, &t), V6T_OK);
	ck_in6_eq(a, want);
	ck_assert_int_eq(v6t_addr_teredo_decode(&back, &a), V6T_OK);
	ck_assert_uint_eq(back.flags, 0x2c5a);
	/* z, U, G: whatever an address holds comes back */
	ck_assert_int_eq(v6t_addr_teredo_decode(&back, &all), V6T_OK);
	ck_assert_uint_eq(back.flags, 0xffff);
	ck_assert_uint_eq(back.flags & V6T_ADDR_TEREDO_RESERVED, 0x4000);
}
END_TEST

START_TEST(test_addr_teredo_extremes)
{
	/* port 0 and client 0.0.0.0 become all ones, and the reverse */
	v6t_addr_teredo z = { { { 0, 0, 0, 0 } }, 0, 0, { { 0, 0, 0, 0 } } };
	v6t_addr_teredo f = { { { 255, 255, 255, 255 } }, 0xffff, 0xffff,
			      { { 255, 255, 255, 255 } } };
	v6t_in6 a, wz = tu_in6("2001:0:0:0:0:ffff:ffff:ffff");
	v6t_in6 wf = tu_in6("2001:0:ffff:ffff:ffff:0:0:0");

	ck_assert_int_eq(v6t_addr_teredo_encode(&a, &z), V6T_OK);
	ck_in6_eq(a, wz);
	ck_assert_int_eq(v6t_addr_teredo_encode(&a, &f), V6T_OK);
	ck_in6_eq(a, wf);
}
END_TEST

START_TEST(test_addr_teredo_wrong_kind)
{
	static const char *other[] = {
		"2001:db8:4136:e378:8000:63bf:3fff:fdd2",
		"2001:1::1", "2002::", "2000::", "3001::", "::2001:0:0:0",
	};
	size_t i;

	for (i = 0; i < sizeof other / sizeof other[0]; i++) {
		v6t_in6 a = tu_in6(other[i]);
		v6t_addr_teredo got;

		memset(&got, SENTINEL, sizeof got);
		ck_assert_int_eq(v6t_addr_teredo_decode(&got, &a), V6T_EADDR_WRONG_KIND);
		ck_assert(untouched(&got, sizeof got));
	}
}
END_TEST

/* encode(decode(a)) == a for any address under 2001::/32. */
START_TEST(test_addr_teredo_round_trip)
{
	uint32_t x = 0x12345678u + (uint32_t)_i;
	v6t_in6 a, back;
	v6t_addr_teredo t;
	int i;

	for (i = 0; i < 16; i++) {
		x = x * 1664525u + 1013904223u; /* any spread will do */
		a.b[i] = (uint8_t)(x >> 24);
	}
	a.b[0] = 0x20;
	a.b[1] = 0x01;
	a.b[2] = 0;
	a.b[3] = 0;
	ck_assert_int_eq(v6t_addr_teredo_decode(&t, &a), V6T_OK);
	ck_assert_int_eq(v6t_addr_teredo_encode(&back, &t), V6T_OK);
	ck_in6_eq(back, a);
}
END_TEST

/* ================================================================ 6a44 */

START_TEST(test_addr_6a44_encode_decode)
{
	/*
	 * RFC 6751 §5, Figure 3, by hand: C = 2001:db8:1::/48,
	 * N = 192.0.2.1 = c000:0201, Z = 4500 = 0x1194,
	 * A = 192.168.0.10 = c0a8:000a -> 2001:db8:1:c000:201:1194:c0a8:a.
	 */
	v6t_prefix6 p = pfx6("2001:db8:1::", 48);
	/* host bits of the prefix are not copied */
	v6t_prefix6 junk = pfx6("2001:db8:1:ffff:ffff:ffff:ffff:ffff", 48);
	v6t_addr_6a44 f = { { { 192, 0, 2, 1 } }, 4500, { { 192, 168, 0, 10 } } }, back;
	v6t_in6 a, want = tu_in6("2001:db8:1:c000:201:1194:c0a8:a");

	ck_assert_int_eq(v6t_addr_6a44_encode(&a, &p, &f), V6T_OK);
	ck_in6_eq(a, want);
	ck_assert_int_eq(v6t_addr_6a44_encode(&a, &junk, &f), V6T_OK);
	ck_in6_eq(a, want);
	ck_assert_int_eq(v6t_addr_6a44_decode(&back, &want, &p), V6T_OK);
	ck_in4_eq(back.site, f.site);
	ck_assert_uint_eq(back.port, 4500);
	ck_in4_eq(back.client, f.client);
	/* decode compares only the first 48 bits of the prefix */
	ck_assert_int_eq(v6t_addr_6a44_decode(&back, &want, &junk), V6T_OK);
	ck_assert_uint_eq(back.port, 4500);
}
END_TEST

START_TEST(test_addr_6a44_errors)
{
	static const unsigned lens[] = { 0, 32, 47, 49, 64, 128, 255 };
	v6t_addr_6a44 f = { { { 192, 0, 2, 1 } }, 4500, { { 192, 168, 0, 10 } } }, back;
	v6t_in6 a = tu_in6("2001:db8:1:c000:201:1194:c0a8:a"), o;
	v6t_prefix6 other = pfx6("2001:db8:2::", 48);
	v6t_prefix6 last_bit = pfx6("2001:db8:0::", 48); /* bit 47 differs */
	size_t i;

	for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		v6t_prefix6 p = pfx6("2001:db8:1::", lens[i]);

		memset(&o, SENTINEL, sizeof o);
		memset(&back, SENTINEL, sizeof back);
		ck_assert_int_eq(v6t_addr_6a44_encode(&o, &p, &f), V6T_EADDR_PREFIX_LEN);
		ck_assert_int_eq(v6t_addr_6a44_decode(&back, &a, &p), V6T_EADDR_PREFIX_LEN);
		ck_assert(untouched(&o, sizeof o));
		ck_assert(untouched(&back, sizeof back));
	}
	ck_assert_int_eq(v6t_addr_6a44_decode(&back, &a, &other), V6T_EADDR_NOT_IN_PREFIX);
	ck_assert_int_eq(v6t_addr_6a44_decode(&back, &a, &last_bit), V6T_EADDR_NOT_IN_PREFIX);
	ck_assert(untouched(&back, sizeof back));
}
END_TEST

START_TEST(test_addr_6a44_round_trip)
{
	v6t_prefix6 p = pfx6("2001:db8:1::", 48);
	uint32_t x = 0xdeadbeefu ^ (uint32_t)_i;
	v6t_in6 a, back;
	v6t_addr_6a44 f;
	int i;

	a = p.addr;
	for (i = 6; i < 16; i++) {
		x = x * 1664525u + 1013904223u;
		a.b[i] = (uint8_t)(x >> 24);
	}
	ck_assert_int_eq(v6t_addr_6a44_decode(&f, &a, &p), V6T_OK);
	ck_assert_int_eq(v6t_addr_6a44_encode(&back, &p, &f), V6T_OK);
	ck_in6_eq(back, a);
}
END_TEST

/* ============================================================== suite */

Suite *v6t_addr_embed_suite(void)
{
	Suite *s = suite_create("addr_embed");
	TCase *tc;

	tc = tcase_create("rfc6052");
	tcase_add_loop_test(tc, test_addr_6052_table_encode, 0, N_6052);
	tcase_add_loop_test(tc, test_addr_6052_table_decode, 0, N_6052);
	tcase_add_test(tc, test_addr_6052_constants);
	tcase_add_loop_test(tc, test_addr_6052_bad_length_everywhere, 0, N_BAD_6052_LEN);
	tcase_add_test(tc, test_addr_6052_prefix_check_host_bits);
	tcase_add_test(tc, test_addr_6052_prefix_check_uoctet);
	tcase_add_loop_test(tc, test_addr_6052_decode_ignores_uoctet_and_suffix, 0, 6);
	tcase_add_loop_test(tc, test_addr_6052_strict_suffix_starts_after_v4, 0, 5);
	tcase_add_loop_test(tc, test_addr_6052_not_in_prefix, 0, N_6052);
	tcase_add_test(tc, test_addr_6052_wkp_uoctet_is_part_of_prefix);
	tcase_add_test(tc, test_addr_6052_strict_unchecked_96_with_uoctet);
	tcase_add_test(tc, test_addr_6052_encode_ignores_bits_past_prefix);
	tcase_add_loop_test(tc, test_addr_6052_round_trip, 0, 6);
	tcase_add_loop_test(tc, test_addr_6052_check_global, 0, N_GLOBAL);
	suite_add_tcase(s, tc);

	tc = tcase_create("6to4");
	tcase_add_test(tc, test_addr_6to4_constants);
	tcase_add_test(tc, test_addr_6to4_prefix_rfc3056_examples);
	tcase_add_test(tc, test_addr_6to4_encode_decode);
	tcase_add_test(tc, test_addr_6to4_decode_wrong_kind);
	suite_add_tcase(s, tc);

	tc = tcase_create("6rd");
	tcase_add_test(tc, test_addr_6rd_rfc5969_example);
	tcase_add_test(tc, test_addr_6rd_null_br);
	tcase_add_test(tc, test_addr_6rd_unaligned_35_10);
	tcase_add_test(tc, test_addr_6rd_unaligned_29_0);
	tcase_add_test(tc, test_addr_6rd_masklen_32);
	tcase_add_test(tc, test_addr_6rd_masklen_0_and_prefix_0);
	tcase_add_loop_test(tc, test_addr_6rd_bad_domain, 0, N_RD_BAD);
	tcase_add_test(tc, test_addr_6rd_limits_accepted);
	tcase_add_loop_test(tc, test_addr_6rd_reserved_prefix_bits_ignored, 0,
			    N_RD_RESERVED);
	tcase_add_test(tc, test_addr_6rd_decode_not_in_prefix);
	tcase_add_loop_test(tc, test_addr_6rd_round_trip, 0, 65);
	tcase_add_test(tc, test_addr_6rd_garbage_domain_is_memory_safe);
	suite_add_tcase(s, tc);

	tc = tcase_create("isatap");
	tcase_add_test(tc, test_addr_isatap_iid_format);
	tcase_add_test(tc, test_addr_isatap_bad_flags);
	tcase_add_test(tc, test_addr_isatap_encode);
	tcase_add_test(tc, test_addr_isatap_encode_prefix_len);
	tcase_add_test(tc, test_addr_isatap_decode);
	tcase_add_test(tc, test_addr_isatap_decode_rejects_other_iids);
	suite_add_tcase(s, tc);

	tc = tcase_create("teredo");
	tcase_add_test(tc, test_addr_teredo_constants);
	tcase_add_test(tc, test_addr_teredo_rfc4380_example);
	tcase_add_test(tc, test_addr_teredo_rfc5991_flags);
	tcase_add_test(tc, test_addr_teredo_extremes);
	tcase_add_test(tc, test_addr_teredo_wrong_kind);
	tcase_add_loop_test(tc, test_addr_teredo_round_trip, 0, 32);
	suite_add_tcase(s, tc);

	tc = tcase_create("6a44");
	tcase_add_test(tc, test_addr_6a44_encode_decode);
	tcase_add_test(tc, test_addr_6a44_errors);
	tcase_add_loop_test(tc, test_addr_6a44_round_trip, 0, 32);
	suite_add_tcase(s, tc);

	return s;
}
