/*
 * The Explicit Address Mapping table (RFC 7757 §3, §5).
 *
 * Expected values come from RFC 7757 (Figure 1 and Appendix B Figure 7,
 * Figures 2, 3 and 5), or are worked out by hand in the comment next to
 * them; the randomized tests compare with the bit-by-bit model of
 * tests/eam_model.h. None comes from running the code under test.
 */
#include <string.h>

#include "eam_model.h"
#include "suites.h"
#include "testutil.h"

/* A byte pattern no function under test writes. */
#define SENTINEL 0xa5

/* ------------------------------------------------------------- helpers */

/* An entry from texts and lengths, host bits unchecked (tests hand in bad
 * ones). */
static v6t_xlat_eam eam(const char *a4, unsigned l4, const char *a6, unsigned l6)
{
	v6t_xlat_eam x;

	memset(&x, SENTINEL, sizeof x);
	x.p4.addr = tu_in4(a4);
	x.p4.len = (uint8_t)l4;
	x.p6.addr = tu_in6(a6);
	x.p6.len = (uint8_t)l6;
	return x;
}

static void check_4to6(const v6t_xlat_eamt *t, const char *a, const char *want)
{
	v6t_in4 v4 = tu_in4(a);
	v6t_in6 out, w = tu_in6(want);

	memset(&out, SENTINEL, sizeof out);
	ck_assert_int_eq(v6t_xlat_eamt_4to6(t, &v4, &out), V6T_OK);
	ck_assert_msg(memcmp(out.b, w.b, 16) == 0, "%s: not %s", a, want);
}

static void check_6to4(const v6t_xlat_eamt *t, const char *a, const char *want)
{
	v6t_in6 v6 = tu_in6(a);
	v6t_in4 out, w = tu_in4(want);

	memset(&out, SENTINEL, sizeof out);
	ck_assert_int_eq(v6t_xlat_eamt_6to4(t, &v6, &out), V6T_OK);
	ck_assert_msg(memcmp(out.b, w.b, 4) == 0, "%s: not %s", a, want);
}

/* No mapping either way, and the outputs left alone. */
static void check_none4(const v6t_xlat_eamt *t, const char *a)
{
	v6t_in4 v4 = tu_in4(a);
	v6t_in6 out;
	unsigned i;

	memset(&out, SENTINEL, sizeof out);
	ck_assert_int_eq(v6t_xlat_eamt_4to6(t, &v4, &out), V6T_EXLAT_NO_MAPPING);
	for (i = 0; i < 16; i++)
		ck_assert_uint_eq(out.b[i], SENTINEL);
}

static void check_none6(const v6t_xlat_eamt *t, const char *a)
{
	v6t_in6 v6 = tu_in6(a);
	v6t_in4 out;
	unsigned i;

	memset(&out, SENTINEL, sizeof out);
	ck_assert_int_eq(v6t_xlat_eamt_6to4(t, &v6, &out), V6T_EXLAT_NO_MAPPING);
	for (i = 0; i < 4; i++)
		ck_assert_uint_eq(out.b[i], SENTINEL);
}

/* init must fail with rc at entry want_bad, leave t alone and give the
 * entries back in their order. */
static void check_refused(v6t_xlat_eam *e, size_t n, unsigned flags, int rc,
			  size_t want_bad)
{
	v6t_xlat_eam copy[16];
	v6t_xlat_eamt t;
	size_t bad = 12345, i;

	ck_assert_uint_le(n, 16);
	memcpy(copy, e, n * sizeof *e);
	memset(&t, SENTINEL, sizeof t);
	ck_assert_int_eq(v6t_xlat_eamt_init(&t, e, n, flags, &bad), rc);
	ck_assert_uint_eq(bad, want_bad);
	for (i = 0; i < sizeof t; i++)
		ck_assert_uint_eq(((unsigned char *)&t)[i], SENTINEL);
	for (i = 0; i < n; i++) {
		ck_assert(memcmp(&e[i].p4, &copy[i].p4, sizeof e[i].p4) == 0);
		ck_assert(memcmp(&e[i].p6, &copy[i].p6, sizeof e[i].p6) == 0);
	}
	/* the same without bad */
	ck_assert_int_eq(v6t_xlat_eamt_init(&t, e, n, flags, NULL), rc);
}

/* ------------------------------------------- RFC 7757 Figure 1, App. B */

/* RFC 7757 Figure 1. Entry #1 has no lengths: "the implementation MUST
 * assume it to be 32 for IPv4 and 128 for IPv6" (§3.2). */
static void figure1(v6t_xlat_eam e[6])
{
	e[0] = eam("192.0.2.1", 32, "2001:db8:aaaa::", 128);
	e[1] = eam("192.0.2.2", 32, "2001:db8:bbbb::b", 128);
	e[2] = eam("192.0.2.16", 28, "2001:db8:cccc::", 124);
	e[3] = eam("192.0.2.128", 26, "2001:db8:dddd::", 64);
	e[4] = eam("192.0.2.192", 29, "2001:db8:eeee:8::", 62);
	e[5] = eam("192.0.2.224", 31, "64:ff9b::", 127);
}

/*
 * RFC 7757 Appendix B, Figure 7, both directions (each row is two
 * translations, the RFC says). By hand:
 * - #1, #2: /32 <-> /128, no suffix bits: the addresses themselves.
 * - #3: /28 leaves 4 suffix bits, the last 4 of the /124: .16, .24, .31
 *   have 0, 8, 15 -> ::, ::8, ::f.
 * - #4: /26 leaves 6 bits, placed at bits 64..69, the top of group 5:
 *   .128 = 128 + 0; .152 = 128 + 24 = 0b011000 -> 0110 0000 ... = 6000;
 *   .183 = 128 + 55 = 0b110111 -> 1101 1100 ... = dc00; .191 = 128 + 63
 *   -> 1111 1100 ... = fc00.
 * - #5: /29 leaves 3 bits, at bits 62..64: .195 = 192 + 3 = 0b011; bits 62
 *   and 63 (the end of group 4, 0x0008 in the prefix) get 0 and 1 -> 0009;
 *   bit 64 gets 1 -> group 5 = 8000.
 * - #6: /31 leaves 1 bit, the last one of the /127: .225 -> 64:ff9b::1.
 */
static const char *const fig7[][2] = {
	{ "192.0.2.1", "2001:db8:aaaa::" },
	{ "192.0.2.2", "2001:db8:bbbb::b" },
	{ "192.0.2.16", "2001:db8:cccc::" },
	{ "192.0.2.24", "2001:db8:cccc::8" },
	{ "192.0.2.31", "2001:db8:cccc::f" },
	{ "192.0.2.128", "2001:db8:dddd::" },
	{ "192.0.2.152", "2001:db8:dddd:0:6000::" },
	{ "192.0.2.183", "2001:db8:dddd:0:dc00::" },
	{ "192.0.2.191", "2001:db8:dddd:0:fc00::" },
	{ "192.0.2.195", "2001:db8:eeee:9:8000::" },
	{ "192.0.2.225", "64:ff9b::1" },
};
#define N_FIG7 (sizeof fig7 / sizeof fig7[0])

START_TEST(test_eam_rfc7757_figure7)
{
	v6t_xlat_eam e[6];
	v6t_xlat_eamt t;

	figure1(e);
	ck_assert_int_eq(v6t_xlat_eamt_init(&t, e, 6, 0, NULL), V6T_OK);
	check_4to6(&t, fig7[_i][0], fig7[_i][1]);
	check_6to4(&t, fig7[_i][1], fig7[_i][0]);
}
END_TEST

/* Figure 7's last row, 192.0.2.248 <-> 64:ff9b::c000:2f8, goes "According
 * to RFC 6052": no EAM covers either address (64:ff9b::/127 holds only
 * ::0 and ::1). */
START_TEST(test_eam_rfc7757_figure7_rfc6052_row)
{
	v6t_xlat_eam e[6];
	v6t_xlat_eamt t;

	figure1(e);
	ck_assert_int_eq(v6t_xlat_eamt_init(&t, e, 6, V6T_XLAT_EAM_NESTED, NULL),
			 V6T_OK);
	check_none4(&t, "192.0.2.248");
	check_none6(&t, "64:ff9b::c000:2f8");
	/* the gaps between and around the entries (by hand from Figure 1) */
	check_none4(&t, "192.0.2.0");
	check_none4(&t, "192.0.2.3");
	check_none4(&t, "192.0.2.15");
	check_none4(&t, "192.0.2.32");
	check_none4(&t, "192.0.2.200");
	check_none4(&t, "192.0.2.226");
	check_none4(&t, "0.0.0.0");
	check_none4(&t, "255.255.255.255");
	check_none6(&t, "2001:db8:aaaa::1");
	check_none6(&t, "2001:db8:cccc::10");
	check_none6(&t, "2001:db8:dddd:1::");
	check_none6(&t, "2001:db8:eeee:7:ffff:ffff:ffff:ffff");
	check_none6(&t, "2001:db8:eeee:c::");
	check_none6(&t, "64:ff9b::2");
	check_none6(&t, "::");
	check_none6(&t, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
}
END_TEST

/* §3.3.2 step 5: "any trailing bits are discarded". In #4 (/26 <-> /64)
 * only bits 64..69 count: group 5 = 63ff has them 0b011000 = 24 ->
 * 192.0.2.152 whatever follows; in #5 (/29 <-> /62) bits 62..64 of
 * 2001:db8:eeee:b:7fff:: are 1, 1, 0 -> 192 + 6 = 192.0.2.198. */
START_TEST(test_eam_6to4_discards_trailing_bits)
{
	v6t_xlat_eam e[6];
	v6t_xlat_eamt t;

	figure1(e);
	ck_assert_int_eq(v6t_xlat_eamt_init(&t, e, 6, 0, NULL), V6T_OK);
	check_6to4(&t, "2001:db8:dddd:0:6000::1", "192.0.2.152");
	check_6to4(&t, "2001:db8:dddd:0:63ff:ffff:ffff:ffff", "192.0.2.152");
	check_6to4(&t, "2001:db8:eeee:b:7fff::", "192.0.2.198");
	check_6to4(&t, "64:ff9b::1", "192.0.2.225");
}
END_TEST

/* The entries given in any order give the same table. */
START_TEST(test_eam_order_does_not_matter)
{
	v6t_xlat_eam f[6], e[6];
	v6t_xlat_eamt t;
	unsigned i;

	figure1(f);
	for (i = 0; i < 6; i++) /* a rotation by _i and a reversal */
		e[i] = f[(_i < 6 ? i + (unsigned)_i : 5 - i) % 6];
	ck_assert_int_eq(v6t_xlat_eamt_init(&t, e, 6, 0, NULL), V6T_OK);
	for (i = 0; i < N_FIG7; i++) {
		check_4to6(&t, fig7[i][0], fig7[i][1]);
		check_6to4(&t, fig7[i][1], fig7[i][0]);
	}
}
END_TEST

/* -------------------------------------------------------------- nesting */

/*
 * Nested prefixes, by hand:
 *   #0 192.0.2.0/24   <-> 2001:db8:1::/120    (8 suffix bits each side)
 *   #1 192.0.2.128/25 <-> 2001:db8:2::/121    (7)
 *   #2 192.0.2.192/26 <-> 2001:db8:1::40/122  (6)
 * IPv4: #2 inside #1 inside #0; IPv6: #2 (::40..::7f) inside #0.
 */
static void nested3(v6t_xlat_eam e[3])
{
	e[0] = eam("192.0.2.0", 24, "2001:db8:1::", 120);
	e[1] = eam("192.0.2.128", 25, "2001:db8:2::", 121);
	e[2] = eam("192.0.2.192", 26, "2001:db8:1::40", 122);
}

START_TEST(test_eam_nested_longest_match)
{
	v6t_xlat_eam e[3];
	v6t_xlat_eamt t;

	nested3(e);
	ck_assert_int_eq(v6t_xlat_eamt_init(&t, e, 3, V6T_XLAT_EAM_NESTED, NULL),
			 V6T_OK);
	/* .5 only in #0: ::5; .130 longest #1: 130 - 128 = 2 -> 2:: + 2;
	 * .200 longest #2: 200 - 192 = 8 -> ::40 + 8 = ::48; .255 in #2:
	 * 63 -> ::7f; .127 only #0: ::7f */
	check_4to6(&t, "192.0.2.5", "2001:db8:1::5");
	check_4to6(&t, "192.0.2.130", "2001:db8:2::2");
	check_4to6(&t, "192.0.2.191", "2001:db8:2::3f");
	check_4to6(&t, "192.0.2.200", "2001:db8:1::48");
	check_4to6(&t, "192.0.2.255", "2001:db8:1::7f");
	check_4to6(&t, "192.0.2.127", "2001:db8:1::7f");
	check_none4(&t, "192.0.3.0");
	check_none4(&t, "192.0.1.255");
	/* ::48 longest #2 (/122): 192 + 8; ::85 only in #0 (0x85 is past
	 * ::7f): 192.0.2.133, which maps back through #1, not to ::85 (the
	 * asymmetry RFC 7757 §5 warns of); ::3f in #0: .63 */
	check_6to4(&t, "2001:db8:1::48", "192.0.2.200");
	check_6to4(&t, "2001:db8:1::40", "192.0.2.192");
	check_6to4(&t, "2001:db8:1::7f", "192.0.2.255");
	check_6to4(&t, "2001:db8:1::85", "192.0.2.133");
	check_6to4(&t, "2001:db8:1::3f", "192.0.2.63");
	check_6to4(&t, "2001:db8:2::7f", "192.0.2.255");
	check_4to6(&t, "192.0.2.133", "2001:db8:2::5");
	check_none6(&t, "2001:db8:1::100");
	check_none6(&t, "2001:db8:2::80");
}
END_TEST

/* Without the flag: #1 overlaps #0 (IPv4), the first conflict. */
START_TEST(test_eam_nested_refused_without_flag)
{
	v6t_xlat_eam e[3];

	nested3(e);
	check_refused(e, 3, 0, V6T_EXLAT_EAM_OVERLAP, 1);
	/* only #0 and #2: overlap in both families, #2 is the later */
	e[1] = e[2];
	check_refused(e, 2, 0, V6T_EXLAT_EAM_OVERLAP, 1);
}
END_TEST

/*
 * RFC 7757 Figure 2: 0.0.0.0/0 <-> 2001:db8:ff00::/40 (IVI, 32 suffix bits
 * at bits 40..71) and 198.51.100.64/32 <-> 2001:db8::abcd/128. §5 works it:
 * 2001:db8:ffc6:3364:4000:: -> 198.51.100.64 (EAM #1: bytes 5..8 are
 * c6 33 64 40), and 198.51.100.64 -> 2001:db8::abcd (EAM #2). By hand:
 * 198.51.100.65 = c6.33.64.41 -> 2001:db8:ffc6:3364:4100:: by #1.
 */
START_TEST(test_eam_rfc7757_figure2_nested)
{
	v6t_xlat_eam e[2];
	v6t_xlat_eamt t;

	e[0] = eam("0.0.0.0", 0, "2001:db8:ff00::", 40);
	e[1] = eam("198.51.100.64", 32, "2001:db8::abcd", 128);
	ck_assert_int_eq(v6t_xlat_eamt_init(&t, e, 2, V6T_XLAT_EAM_NESTED, NULL),
			 V6T_OK);
	check_6to4(&t, "2001:db8:ffc6:3364:4000::", "198.51.100.64");
	check_4to6(&t, "198.51.100.64", "2001:db8::abcd");
	check_6to4(&t, "2001:db8::abcd", "198.51.100.64");
	check_4to6(&t, "198.51.100.65", "2001:db8:ffc6:3364:4100::");
	check_4to6(&t, "0.0.0.0", "2001:db8:ff00::");
	check_4to6(&t, "255.255.255.255", "2001:db8:ffff:ffff:ff00::");
	/* bits past 71 are discarded */
	check_6to4(&t, "2001:db8:ffc0:2:21ff:ffff:ffff:ffff", "192.0.2.33");
	check_none6(&t, "2001:db8::abce");
	check_none6(&t, "2001:db8:fe00::");
}
END_TEST

START_TEST(test_eam_rfc7757_figure2_refused_without_flag)
{
	v6t_xlat_eam e[2];

	e[0] = eam("0.0.0.0", 0, "2001:db8:ff00::", 40);
	e[1] = eam("198.51.100.64", 32, "2001:db8::abcd", 128);
	check_refused(e, 2, 0, V6T_EXLAT_EAM_OVERLAP, 1);
	/* in the other order the /0 is the later one */
	e[1] = e[0];
	e[0] = eam("198.51.100.64", 32, "2001:db8::abcd", 128);
	check_refused(e, 2, 0, V6T_EXLAT_EAM_OVERLAP, 1);
}
END_TEST

/* RFC 7757 Figure 5 (IVI): the /0 alone needs no flag. 192.0.2.33 =
 * c0.00.02.21 at bits 40..71 -> 2001:db8:ffc0:2:2100::. */
START_TEST(test_eam_rfc7757_figure5_ivi)
{
	v6t_xlat_eam e[1];
	v6t_xlat_eamt t;

	e[0] = eam("0.0.0.0", 0, "2001:db8:ff00::", 40);
	ck_assert_int_eq(v6t_xlat_eamt_init(&t, e, 1, (unsigned)_i, NULL), V6T_OK);
	check_4to6(&t, "192.0.2.33", "2001:db8:ffc0:2:2100::");
	check_6to4(&t, "2001:db8:ffc0:2:2100::", "192.0.2.33");
	check_none6(&t, "2001:db8:fe00::");
}
END_TEST

/*
 * 32 suffix bits not on a byte boundary: 0.0.0.0/0 <-> 2001:db8::/37 puts
 * the IPv4 bits at 37..68, over five bytes. By hand, 192.0.2.1 = 11000000
 * 00000000 00000010 00000001: byte 4 = 00000 then 110 = 06; byte 5 = bits
 * 3..10 = 00; byte 6 = bits 11..18 = 00; byte 7 = bits 19..26 = 00010000
 * = 10; byte 8 = bits 27..31 then 000 = 00001000 = 08 ->
 * 2001:db8:600:10:800::. 255.255.255.255: 07, ff, ff, ff, f8 ->
 * 2001:db8:7ff:ffff:f800::.
 */
START_TEST(test_eam_unaligned_32_bit_suffix)
{
	v6t_xlat_eam e[1];
	v6t_xlat_eamt t;

	e[0] = eam("0.0.0.0", 0, "2001:db8::", 37);
	ck_assert_int_eq(v6t_xlat_eamt_init(&t, e, 1, 0, NULL), V6T_OK);
	check_4to6(&t, "192.0.2.1", "2001:db8:600:10:800::");
	check_4to6(&t, "255.255.255.255", "2001:db8:7ff:ffff:f800::");
	check_6to4(&t, "2001:db8:600:10:800::", "192.0.2.1");
	check_6to4(&t, "2001:db8:7ff:ffff:ffff:ffff:ffff:ffff", "255.255.255.255");
	check_none6(&t, "2001:db8:800::");
}
END_TEST

/* ------------------------------------------------------------- refusals */

/* RFC 7757 Figure 3: identical IPv6 prefixes, refused with or without the
 * flag (§5: "implementations MAY refuse"). */
START_TEST(test_eam_rfc7757_figure3_identical_refused)
{
	v6t_xlat_eam e[2];

	e[0] = eam("198.51.100.8", 32, "2001:db8::1", 128);
	e[1] = eam("198.51.100.9", 32, "2001:db8::1", 128);
	check_refused(e, 2, (unsigned)_i, V6T_EXLAT_EAM_OVERLAP, 1);
}
END_TEST

/* Identical IPv4 prefixes likewise; of three identical, the second one. */
START_TEST(test_eam_identical_ipv4_refused)
{
	v6t_xlat_eam e[4];

	e[0] = eam("198.51.100.0", 24, "2001:db8:1::", 120);
	e[1] = eam("203.0.113.0", 24, "2001:db8:9::", 120);
	e[2] = eam("198.51.100.0", 24, "2001:db8:2::", 120);
	e[3] = eam("198.51.100.0", 24, "2001:db8:3::", 120);
	check_refused(e, 4, V6T_XLAT_EAM_NESTED, V6T_EXLAT_EAM_OVERLAP, 2);
	check_refused(e, 4, 0, V6T_EXLAT_EAM_OVERLAP, 2);
	/* the later three: #3 is the second copy */
	check_refused(e + 1, 3, V6T_XLAT_EAM_NESTED, V6T_EXLAT_EAM_OVERLAP, 2);
}
END_TEST

/* *bad is the first entry that conflicts with one before it: with
 * #0 = a /24 enclosing #3 = a /25 enclosing #1 = a /26, and #2 apart, the
 * pairs (0,1), (0,3), (1,3) conflict, and (0,1) is complete first. */
START_TEST(test_eam_bad_is_first_in_caller_order)
{
	v6t_xlat_eam e[4];

	e[0] = eam("10.0.0.0", 24, "2001:db8:10::", 120);
	e[1] = eam("10.0.0.192", 26, "2001:db8:11::", 122);
	e[2] = eam("192.0.2.1", 32, "2001:db8:12::", 128);
	e[3] = eam("10.0.0.128", 25, "2001:db8:13::", 121);
	check_refused(e, 4, 0, V6T_EXLAT_EAM_OVERLAP, 1);
	/* with the flag they nest: no conflict */
	{
		v6t_xlat_eamt t;

		ck_assert_int_eq(v6t_xlat_eamt_init(&t, e, 4, V6T_XLAT_EAM_NESTED,
						    NULL), V6T_OK);
		/* 10.0.0.200 in #1: 200 - 192 = 8 */
		check_4to6(&t, "10.0.0.200", "2001:db8:11::8");
	}
}
END_TEST

/* §3.2: "An EAM's IPv4 prefix value MUST have an identical or smaller
 * number of suffix bits than its corresponding IPv6 prefix value." */
START_TEST(test_eam_suffix_rule)
{
	v6t_xlat_eam e[3];
	v6t_xlat_eamt t;

	/* /24 leaves 8 bits: /120 leaves 8 (accepted), /121 only 7 */
	e[0] = eam("192.0.2.0", 24, "2001:db8::", 120);
	ck_assert_int_eq(v6t_xlat_eamt_init(&t, e, 1, 0, NULL), V6T_OK);
	e[1] = eam("198.51.100.0", 24, "2001:db8:1::", 121);
	check_refused(e, 2, 0, V6T_EXLAT_EAM_SUFFIX, 1);
	/* /0 leaves 32: /96 leaves 32, /97 31 */
	e[1] = eam("0.0.0.0", 0, "2001:db8:1::", 96);
	ck_assert_int_eq(v6t_xlat_eamt_init(&t, e + 1, 1, 0, NULL), V6T_OK);
	check_4to6(&t, "192.0.2.1", "2001:db8:1::c000:201");
	e[1] = eam("0.0.0.0", 0, "2001:db8:1::", 97);
	check_refused(e, 2, V6T_XLAT_EAM_NESTED, V6T_EXLAT_EAM_SUFFIX, 1);
	/* /32 leaves none: any IPv6 length will do */
	e[2] = eam("203.0.113.7", 32, "::", 0);
	ck_assert_int_eq(v6t_xlat_eamt_init(&t, e + 2, 1, 0, NULL), V6T_OK);
	check_4to6(&t, "203.0.113.7", "::");
	check_6to4(&t, "2001:db8::1", "203.0.113.7");
}
END_TEST

START_TEST(test_eam_host_bits_and_lengths)
{
	v6t_xlat_eam e[2];

	e[0] = eam("192.0.2.0", 24, "2001:db8::", 120);
	e[1] = eam("198.51.100.1", 24, "2001:db8:1::", 120);
	check_refused(e, 2, 0, V6T_EADDR_HOST_BITS, 1);
	e[1] = eam("198.51.100.0", 24, "2001:db8:1::1", 120);
	check_refused(e, 2, 0, V6T_EADDR_HOST_BITS, 1);
	/* the last bit past the length: 2001:db8:1::/127 with bit 127 set */
	e[1] = eam("198.51.100.0", 31, "2001:db8:1::1", 127);
	check_refused(e, 2, 0, V6T_EADDR_HOST_BITS, 1);
	e[1] = eam("198.51.100.0", 33, "2001:db8:1::", 128);
	check_refused(e, 2, 0, V6T_EINVAL, 1);
	e[1] = eam("198.51.100.0", 32, "2001:db8:1::", 129);
	check_refused(e, 2, 0, V6T_EINVAL, 1);
	e[0] = eam("0.0.0.1", 0, "::", 0);
	check_refused(e, 2, 0, V6T_EADDR_HOST_BITS, 0);
}
END_TEST

/* The first entry failing decides: a conflict before a bad entry, or a
 * bad entry before a conflict. */
START_TEST(test_eam_first_failure_decides)
{
	v6t_xlat_eam e[3];

	e[0] = eam("192.0.2.0", 24, "2001:db8::", 120);
	e[1] = eam("192.0.2.0", 24, "2001:db8:1::", 120);
	e[2] = eam("198.51.100.1", 24, "2001:db8:2::", 120);
	check_refused(e, 3, V6T_XLAT_EAM_NESTED, V6T_EXLAT_EAM_OVERLAP, 1);
	e[1] = e[2];
	e[2] = eam("192.0.2.0", 24, "2001:db8:1::", 120);
	check_refused(e, 3, V6T_XLAT_EAM_NESTED, V6T_EADDR_HOST_BITS, 1);
}
END_TEST

START_TEST(test_eam_bad_arguments)
{
	v6t_xlat_eam e[1];
	v6t_xlat_eamt t;
	v6t_in4 a4 = TU_IN4(192, 0, 2, 1), o4;
	v6t_in6 a6, o6;
	size_t bad = 777;

	e[0] = eam("192.0.2.1", 32, "2001:db8::1", 128);
	ck_assert_int_eq(v6t_xlat_eamt_init(NULL, e, 1, 0, &bad), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_eamt_init(&t, NULL, 1, 0, &bad), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_eamt_init(&t, e, 1, 0x2, &bad), V6T_EINVAL);
	/* more than 2^31 entries: refused before any is read */
	ck_assert_int_eq(v6t_xlat_eamt_init(&t, e, (size_t)0x80000000u + 1, 0,
					    &bad), V6T_EINVAL);
	ck_assert_uint_eq(bad, 777);

	ck_assert_int_eq(v6t_xlat_eamt_init(&t, e, 1, 0, &bad), V6T_OK);
	ck_assert_uint_eq(bad, 777);
	a6 = e[0].p6.addr;
	ck_assert_int_eq(v6t_xlat_eamt_4to6(NULL, &a4, &o6), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_eamt_4to6(&t, NULL, &o6), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_eamt_4to6(&t, &a4, NULL), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_eamt_6to4(NULL, &a6, &o4), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_eamt_6to4(&t, NULL, &o4), V6T_EINVAL);
	ck_assert_int_eq(v6t_xlat_eamt_6to4(&t, &a6, NULL), V6T_EINVAL);
}
END_TEST

START_TEST(test_eam_empty_table)
{
	v6t_xlat_eamt t;
	v6t_xlat_eam e[1];

	ck_assert_int_eq(v6t_xlat_eamt_init(&t, NULL, 0, 0, NULL), V6T_OK);
	check_none4(&t, "0.0.0.0");
	check_none4(&t, "192.0.2.1");
	check_none6(&t, "::");
	check_none6(&t, "2001:db8::1");
	/* n = 0 reads no entry, even a bad one */
	e[0] = eam("192.0.2.1", 33, "::", 200);
	ck_assert_int_eq(v6t_xlat_eamt_init(&t, e, 0, V6T_XLAT_EAM_NESTED, NULL),
			 V6T_OK);
	check_none4(&t, "192.0.2.1");
}
END_TEST

/* ------------------------------------------------------------ randomized */

/* xorshift32 with a fixed seed: the same tables on every run. */
static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Clear the bits of b (size bytes) from bit len on. */
static void clear_from(uint8_t *b, unsigned size, unsigned len)
{
	unsigned i;

	for (i = len; i < 8 * size; i++)
		em_set(b, i, 0);
}

/* Random addresses from a small space, so that prefixes nest often:
 * IPv4 10.x.y.z, IPv6 2001:db8:... with each byte 0, 1, 0x80 or random. */
static uint8_t rbyte(uint32_t *s)
{
	static const uint8_t few[] = { 0x00, 0x01, 0x80 };
	uint32_t r = rnd(s);

	return (r & 3) == 3 ? (uint8_t)(r >> 8) : few[r & 3];
}

static v6t_in4 rand4(uint32_t *s)
{
	v6t_in4 a = { { 10, rbyte(s), rbyte(s), rbyte(s) } };

	return a;
}

static v6t_in6 rand6(uint32_t *s)
{
	v6t_in6 a;
	unsigned i;

	a.b[0] = 0x20;
	a.b[1] = 0x01;
	a.b[2] = 0x0d;
	a.b[3] = 0xb8;
	for (i = 4; i < 16; i++)
		a.b[i] = rbyte(s);
	return a;
}

/* A valid entry: IPv4 /0../32 (mostly /8 and longer), IPv6 /32../(96 +
 * IPv4 length), the §3.2 limit. */
static v6t_xlat_eam rand_entry(uint32_t *s)
{
	v6t_xlat_eam x;
	unsigned l4 = rnd(s) % 8 ? 8 + rnd(s) % 25 : rnd(s) % 33;

	x.p4.addr = rand4(s);
	x.p4.len = (uint8_t)l4;
	x.p6.addr = rand6(s);
	x.p6.len = (uint8_t)(32 + rnd(s) % (96 + l4 - 32 + 1));
	clear_from(x.p4.addr.b, 4, x.p4.len);
	clear_from(x.p6.addr.b, 16, x.p6.len);
	return x;
}

#define RAND_MAX_N 400
#define RAND_TABLES 24
#define RAND_LOOKUPS 200

static void compare_lookups(const v6t_xlat_eamt *t, const v6t_xlat_eam *model,
			    size_t n, uint32_t *s)
{
	unsigned k;

	for (k = 0; k < RAND_LOOKUPS; k++) {
		v6t_in4 a4 = rand4(s), o4, m4;
		v6t_in6 a6 = rand6(s), o6, m6;
		int rc, mrc;

		/* half the time, an address under an entry's prefix */
		if (n > 0 && (k & 1)) {
			const v6t_xlat_eam *x = &model[rnd(s) % n];
			unsigned i;

			for (i = 0; i < x->p4.len; i++)
				em_set(a4.b, i, em_bit(x->p4.addr.b, i));
			for (i = 0; i < x->p6.len; i++)
				em_set(a6.b, i, em_bit(x->p6.addr.b, i));
		}
		memset(&o6, 0, sizeof o6);
		memset(&m6, 0, sizeof m6);
		rc = v6t_xlat_eamt_4to6(t, &a4, &o6);
		mrc = em_4to6(model, n, &a4, &m6);
		ck_assert_int_eq(rc, mrc);
		ck_assert(memcmp(o6.b, m6.b, 16) == 0);
		memset(&o4, 0, sizeof o4);
		memset(&m4, 0, sizeof m4);
		rc = v6t_xlat_eamt_6to4(t, &a6, &o4);
		mrc = em_6to4(model, n, &a6, &m4);
		ck_assert_int_eq(rc, mrc);
		ck_assert(memcmp(o4.b, m4.b, 4) == 0);
	}
}

/*
 * Random tables (fixed seed): with the flag, distinct prefixes that nest
 * freely, compared lookup by lookup with the linear longest-prefix scan;
 * without it, the same tables must be refused exactly where the model
 * says, with the entries given back in order.
 */
START_TEST(test_eam_random_against_model)
{
	static v6t_xlat_eam model[RAND_MAX_N], e[RAND_MAX_N];
	uint32_t s = 0x7757u + (uint32_t)_i;
	unsigned tab;
	unsigned long lookups = 0;

	for (tab = 0; tab < RAND_TABLES; tab++) {
		size_t n = tab == 0 ? 1 : rnd(&s) % RAND_MAX_N + 1, i, j, bad, mbad;
		v6t_xlat_eamt t;
		int mrc;

		for (i = 0; i < n; i++) {
			/* redraw an entry identical in a family to an
			 * earlier one */
			do {
				model[i] = rand_entry(&s);
				for (j = 0; j < i; j++)
					if (em_conflict(&model[j], &model[i],
							V6T_XLAT_EAM_NESTED))
						break;
			} while (j < i);
		}
		memcpy(e, model, n * sizeof *e);
		ck_assert_int_eq(v6t_xlat_eamt_init(&t, e, n, V6T_XLAT_EAM_NESTED,
						    &bad), V6T_OK);
		compare_lookups(&t, model, n, &s);
		lookups += 2 * RAND_LOOKUPS;

		memcpy(e, model, n * sizeof *e);
		mrc = em_init_expect(model, n, 0, &mbad);
		ck_assert_int_eq(v6t_xlat_eamt_init(&t, e, n, 0, &bad), mrc);
		if (mrc != V6T_OK) {
			ck_assert_uint_eq(bad, mbad);
			for (i = 0; i < n; i++) {
				ck_assert(memcmp(&e[i].p4, &model[i].p4, sizeof e[i].p4) == 0);
				ck_assert(memcmp(&e[i].p6, &model[i].p6, sizeof e[i].p6) == 0);
			}
		} else {
			compare_lookups(&t, model, n, &s);
		}
	}
	ck_assert_uint_ge(lookups, 2000);
}
END_TEST

/* Tables with duplicates left in, with and without the flag: the result
 * and *bad as the model says; an accepted one looks up as the model. */
START_TEST(test_eam_random_conflicts_against_model)
{
	static v6t_xlat_eam model[64], e[64];
	uint32_t s = 0x5u + (uint32_t)_i;
	unsigned tab, refused = 0;

	for (tab = 0; tab < 200; tab++) {
		size_t n = rnd(&s) % 64 + 1, i, bad = 0, mbad = 0;
		unsigned flags = tab & 1 ? V6T_XLAT_EAM_NESTED : 0;
		v6t_xlat_eamt t;
		int mrc;

		for (i = 0; i < n; i++)
			model[i] = rand_entry(&s);
		memcpy(e, model, n * sizeof *e);
		mrc = em_init_expect(model, n, flags, &mbad);
		ck_assert_int_eq(v6t_xlat_eamt_init(&t, e, n, flags, &bad), mrc);
		if (mrc == V6T_OK) {
			compare_lookups(&t, model, n, &s);
			continue;
		}
		refused++;
		ck_assert_uint_eq(bad, mbad);
		for (i = 0; i < n; i++)
			ck_assert(memcmp(&e[i].p6, &model[i].p6, sizeof e[i].p6) == 0);
	}
	ck_assert_uint_gt(refused, 0);
	ck_assert_uint_lt(refused, 200);
}
END_TEST

/* One table of 3000 nested entries: the sort and the links at a size
 * where a quadratic init or a wrong link would show. */
START_TEST(test_eam_large_table)
{
	enum { N = 3000 };
	static v6t_xlat_eam model[N], e[N];
	uint32_t s = 12345;
	size_t i, j;
	v6t_xlat_eamt t;

	for (i = 0; i < N; i++) {
		do {
			model[i] = rand_entry(&s);
			for (j = 0; j < i; j++)
				if (em_conflict(&model[j], &model[i], V6T_XLAT_EAM_NESTED))
					break;
		} while (j < i);
	}
	memcpy(e, model, sizeof e);
	ck_assert_int_eq(v6t_xlat_eamt_init(&t, e, N, V6T_XLAT_EAM_NESTED, NULL),
			 V6T_OK);
	compare_lookups(&t, model, N, &s);
}
END_TEST

Suite *v6t_xlat_eam_suite(void)
{
	Suite *s = suite_create("xlat_eam");
	TCase *tc = tcase_create("rfc7757");

	tcase_add_loop_test(tc, test_eam_rfc7757_figure7, 0, N_FIG7);
	tcase_add_test(tc, test_eam_rfc7757_figure7_rfc6052_row);
	tcase_add_test(tc, test_eam_6to4_discards_trailing_bits);
	tcase_add_loop_test(tc, test_eam_order_does_not_matter, 0, 7);
	tcase_add_test(tc, test_eam_rfc7757_figure2_nested);
	tcase_add_test(tc, test_eam_rfc7757_figure2_refused_without_flag);
	tcase_add_loop_test(tc, test_eam_rfc7757_figure5_ivi, 0, 2);
	tcase_add_loop_test(tc, test_eam_rfc7757_figure3_identical_refused, 0, 2);
	suite_add_tcase(s, tc);

	tc = tcase_create("table");
	tcase_add_test(tc, test_eam_nested_longest_match);
	tcase_add_test(tc, test_eam_nested_refused_without_flag);
	tcase_add_test(tc, test_eam_identical_ipv4_refused);
	tcase_add_test(tc, test_eam_bad_is_first_in_caller_order);
	tcase_add_test(tc, test_eam_unaligned_32_bit_suffix);
	tcase_add_test(tc, test_eam_suffix_rule);
	tcase_add_test(tc, test_eam_host_bits_and_lengths);
	tcase_add_test(tc, test_eam_first_failure_decides);
	tcase_add_test(tc, test_eam_bad_arguments);
	tcase_add_test(tc, test_eam_empty_table);
	suite_add_tcase(s, tc);

	tc = tcase_create("random");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_eam_random_against_model, 0, 2);
	tcase_add_loop_test(tc, test_eam_random_conflicts_against_model, 0, 2);
	tcase_add_test(tc, test_eam_large_table);
	suite_add_tcase(s, tc);
	return s;
}
