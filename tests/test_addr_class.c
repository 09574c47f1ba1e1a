/*
 * Classification (v6t_addr_classify, v6t_addr_kind_name) and the RFC 6890
 * special-purpose registries (v6t_addr_in4_special, v6t_addr_in6_special
 * and the predicates built on them).
 *
 * Every expected value is written here from the RFC texts: kinds and their
 * order from addr.h / CLI.md, blocks, names, RFC numbers and attributes
 * from RFC 6890 §2.2.2 (Tables 1-16), §2.2.3 (Tables 17-29) and RFC 8215
 * §7. Addresses are spelt out as bytes (no parser involved); the text next
 * to each one is only for failure messages.
 */
#include "suites.h"
#include "testutil.h"

/* One 16-bit group of an IPv6 address as its two bytes. */
#define W(x) (uint8_t)((x) >> 8), (uint8_t)((x) & 0xff)
/* Brace initializers (usable in static tables, unlike TU_IN6/TU_IN4). */
#define IN6(...) IN6_GROUPS(__VA_ARGS__)
#define IN6_GROUPS(a, b, c, d, e, f, g, h) \
	{ { W(a), W(b), W(c), W(d), W(e), W(f), W(g), W(h) } }
#define IN4(a, b, c, d) { { (a), (b), (c), (d) } }
/* Four all-ones groups, to keep long addresses readable. */
#define FFFF4 0xffff, 0xffff, 0xffff, 0xffff

#define NELEM(t) ((int)(sizeof(t) / sizeof((t)[0])))

/* ---------------------------------------------------------------- kinds */

struct class_vec {
	const char *text;
	v6t_in6 a;
	v6t_addr_kind kind;
};

static const struct class_vec class_vecs[] = {
	/* unspecified ::/128 and loopback ::1/128 (RFC 4291 §2.5.2, §2.5.3) */
	{ "::", IN6(0, 0, 0, 0, 0, 0, 0, 0), V6T_KIND_UNSPECIFIED },
	{ "::1", IN6(0, 0, 0, 0, 0, 0, 0, 1), V6T_KIND_LOOPBACK },

	/* ipv4-mapped ::ffff:0:0/96 (RFC 4291 §2.5.5.2) */
	{ "::ffff:0:0", IN6(0, 0, 0, 0, 0, 0xffff, 0, 0),
	  V6T_KIND_IPV4_MAPPED },
	{ "::ffff:0:1", IN6(0, 0, 0, 0, 0, 0xffff, 0, 1),
	  V6T_KIND_IPV4_MAPPED },
	{ "::ffff:192.0.2.1", IN6(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201),
	  V6T_KIND_IPV4_MAPPED },
	{ "::ffff:ffff:ffff", IN6(0, 0, 0, 0, 0, 0xffff, 0xffff, 0xffff),
	  V6T_KIND_IPV4_MAPPED },
	{ "::fffe:ffff:ffff", IN6(0, 0, 0, 0, 0, 0xfffe, 0xffff, 0xffff),
	  V6T_KIND_GLOBAL },
	{ "::1:0:0:0", IN6(0, 0, 0, 0, 1, 0, 0, 0), V6T_KIND_GLOBAL },

	/* ipv4-compatible ::/96 minus :: and ::1 (RFC 4291 §2.5.5.1) */
	{ "::2", IN6(0, 0, 0, 0, 0, 0, 0, 2), V6T_KIND_IPV4_COMPATIBLE },
	{ "::192.0.2.1", IN6(0, 0, 0, 0, 0, 0, 0xc000, 0x0201),
	  V6T_KIND_IPV4_COMPATIBLE },
	{ "::ffff:ffff", IN6(0, 0, 0, 0, 0, 0, 0xffff, 0xffff),
	  V6T_KIND_IPV4_COMPATIBLE },
	{ "::1:0:0", IN6(0, 0, 0, 0, 0, 1, 0, 0), V6T_KIND_GLOBAL },

	/* rfc6052-wkp 64:ff9b::/96 (RFC 6052 §2.1) */
	{ "64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0x64, 0xff9a, FFFF4, 0xffff, 0xffff), V6T_KIND_GLOBAL },
	{ "64:ff9b::", IN6(0x64, 0xff9b, 0, 0, 0, 0, 0, 0),
	  V6T_KIND_RFC6052_WKP },
	{ "64:ff9b::192.0.2.33", IN6(0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x0221),
	  V6T_KIND_RFC6052_WKP },
	{ "64:ff9b::ffff:ffff", IN6(0x64, 0xff9b, 0, 0, 0, 0, 0xffff, 0xffff),
	  V6T_KIND_RFC6052_WKP },
	{ "64:ff9b::1:0:0", IN6(0x64, 0xff9b, 0, 0, 0, 1, 0, 0),
	  V6T_KIND_GLOBAL },
	{ "64:ff9b:0:ffff:ffff:ffff:ffff:ffff",
	  IN6(0x64, 0xff9b, 0, FFFF4, 0xffff), V6T_KIND_GLOBAL },

	/* rfc6052-local 64:ff9b:1::/48 (RFC 8215 §4) */
	{ "64:ff9b:1::", IN6(0x64, 0xff9b, 1, 0, 0, 0, 0, 0),
	  V6T_KIND_RFC6052_LOCAL },
	{ "64:ff9b:1:ffff:ffff:ffff:ffff:ffff",
	  IN6(0x64, 0xff9b, 1, FFFF4, 0xffff), V6T_KIND_RFC6052_LOCAL },
	{ "64:ff9b:1::200:5efe:c000:201 (ISATAP IID)",
	  IN6(0x64, 0xff9b, 1, 0, 0x0200, 0x5efe, 0xc000, 0x0201),
	  V6T_KIND_RFC6052_LOCAL },
	{ "64:ff9b:2::", IN6(0x64, 0xff9b, 2, 0, 0, 0, 0, 0), V6T_KIND_GLOBAL },

	/* 6to4 2002::/16 (RFC 3056 §2) */
	{ "2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0x2001, 0xffff, FFFF4, 0xffff, 0xffff), V6T_KIND_GLOBAL },
	{ "2002::", IN6(0x2002, 0, 0, 0, 0, 0, 0, 0), V6T_KIND_6TO4 },
	{ "2002:c000:201::1", IN6(0x2002, 0xc000, 0x0201, 0, 0, 0, 0, 1),
	  V6T_KIND_6TO4 },
	{ "2002:c000:201:1:200:5efe:c000:201 (ISATAP IID)",
	  IN6(0x2002, 0xc000, 0x0201, 1, 0x0200, 0x5efe, 0xc000, 0x0201),
	  V6T_KIND_6TO4 },
	{ "2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0x2002, 0xffff, FFFF4, 0xffff, 0xffff), V6T_KIND_6TO4 },
	{ "2003::", IN6(0x2003, 0, 0, 0, 0, 0, 0, 0), V6T_KIND_GLOBAL },

	/* teredo 2001::/32 (RFC 4380 §2.6) */
	{ "2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0x2000, 0xffff, FFFF4, 0xffff, 0xffff), V6T_KIND_GLOBAL },
	{ "2001::", IN6(0x2001, 0, 0, 0, 0, 0, 0, 0), V6T_KIND_TEREDO },
	{ "2001::1", IN6(0x2001, 0, 0, 0, 0, 0, 0, 1), V6T_KIND_TEREDO },
	{ "2001:0:4136:e378:8000:63bf:3fff:fdd2",
	  IN6(0x2001, 0, 0x4136, 0xe378, 0x8000, 0x63bf, 0x3fff, 0xfdd2),
	  V6T_KIND_TEREDO },
	{ "2001:0:4136:e378:200:5efe:c000:201 (ISATAP-like)",
	  IN6(0x2001, 0, 0x4136, 0xe378, 0x0200, 0x5efe, 0xc000, 0x0201),
	  V6T_KIND_TEREDO },
	{ "2001:0:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0x2001, 0, FFFF4, 0xffff, 0xffff), V6T_KIND_TEREDO },
	{ "2001:1::", IN6(0x2001, 1, 0, 0, 0, 0, 0, 0), V6T_KIND_GLOBAL },

	/* multicast ff00::/8 (RFC 4291 §2.7) */
	{ "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0xfeff, 0xffff, FFFF4, 0xffff, 0xffff), V6T_KIND_GLOBAL },
	{ "ff00::", IN6(0xff00, 0, 0, 0, 0, 0, 0, 0), V6T_KIND_MULTICAST },
	{ "ff02::1", IN6(0xff02, 0, 0, 0, 0, 0, 0, 1), V6T_KIND_MULTICAST },
	{ "ff02::200:5efe:c000:201 (ISATAP IID)",
	  IN6(0xff02, 0, 0, 0, 0x0200, 0x5efe, 0xc000, 0x0201),
	  V6T_KIND_MULTICAST },
	{ "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0xffff, 0xffff, FFFF4, 0xffff, 0xffff), V6T_KIND_MULTICAST },

	/* isatap: IID 000000ug 00000000 0x5e 0xfe (RFC 5214 §6.1) */
	{ "fe80::5efe:c000:201",
	  IN6(0xfe80, 0, 0, 0, 0, 0x5efe, 0xc000, 0x0201),
	  V6T_KIND_ISATAP },
	{ "fe80::100:5efe:c000:201 (g)",
	  IN6(0xfe80, 0, 0, 0, 0x0100, 0x5efe, 0xc000, 0x0201),
	  V6T_KIND_ISATAP },
	{ "fe80::200:5efe:c000:201 (u)",
	  IN6(0xfe80, 0, 0, 0, 0x0200, 0x5efe, 0xc000, 0x0201),
	  V6T_KIND_ISATAP },
	{ "fe80::300:5efe:c000:201 (u g)",
	  IN6(0xfe80, 0, 0, 0, 0x0300, 0x5efe, 0xc000, 0x0201),
	  V6T_KIND_ISATAP },
	{ "fe80::5efe:0:0", IN6(0xfe80, 0, 0, 0, 0, 0x5efe, 0, 0),
	  V6T_KIND_ISATAP },
	{ "fe80::5efe:ffff:ffff",
	  IN6(0xfe80, 0, 0, 0, 0, 0x5efe, 0xffff, 0xffff),
	  V6T_KIND_ISATAP },
	{ "2001:db8:1:2:200:5efe:c000:201",
	  IN6(0x2001, 0xdb8, 1, 2, 0x0200, 0x5efe, 0xc000, 0x0201),
	  V6T_KIND_ISATAP },
	{ "fd00::5efe:a00:1", IN6(0xfd00, 0, 0, 0, 0, 0x5efe, 0x0a00, 1),
	  V6T_KIND_ISATAP },
	{ "2001:4860::200:5efe:c000:201",
	  IN6(0x2001, 0x4860, 0, 0, 0x0200, 0x5efe, 0xc000, 0x0201),
	  V6T_KIND_ISATAP },
	{ "::5efe:c000:201 (unicast left, prefix ::/64)",
	  IN6(0, 0, 0, 0, 0, 0x5efe, 0xc000, 0x0201), V6T_KIND_ISATAP },
	/* not ISATAP: another bit in the first octet, a non-zero second
	 * octet, or a third/fourth octet other than 0x5e 0xfe */
	{ "fe80::400:5efe:c000:201",
	  IN6(0xfe80, 0, 0, 0, 0x0400, 0x5efe, 0xc000, 0x0201),
	  V6T_KIND_LINK_LOCAL },
	{ "fe80::8000:5efe:c000:201",
	  IN6(0xfe80, 0, 0, 0, 0x8000, 0x5efe, 0xc000, 0x0201),
	  V6T_KIND_LINK_LOCAL },
	{ "fe80::1:5efe:c000:201",
	  IN6(0xfe80, 0, 0, 0, 0x0001, 0x5efe, 0xc000, 0x0201),
	  V6T_KIND_LINK_LOCAL },
	{ "fe80::5eff:c000:201",
	  IN6(0xfe80, 0, 0, 0, 0, 0x5eff, 0xc000, 0x0201),
	  V6T_KIND_LINK_LOCAL },
	{ "fe80::5dfe:c000:201",
	  IN6(0xfe80, 0, 0, 0, 0, 0x5dfe, 0xc000, 0x0201),
	  V6T_KIND_LINK_LOCAL },
	{ "fe80::5efe:c000:201:0 (IID shifted)",
	  IN6(0xfe80, 0, 0, 0, 0x5efe, 0xc000, 0x0201, 0),
	  V6T_KIND_LINK_LOCAL },

	/* link-local fe80::/10 (RFC 4291 §2.5.6) */
	{ "fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0xfe7f, 0xffff, FFFF4, 0xffff, 0xffff), V6T_KIND_GLOBAL },
	{ "fe80::", IN6(0xfe80, 0, 0, 0, 0, 0, 0, 0), V6T_KIND_LINK_LOCAL },
	{ "fe80::1", IN6(0xfe80, 0, 0, 0, 0, 0, 0, 1), V6T_KIND_LINK_LOCAL },
	{ "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0xfebf, 0xffff, FFFF4, 0xffff, 0xffff), V6T_KIND_LINK_LOCAL },
	{ "fec0::", IN6(0xfec0, 0, 0, 0, 0, 0, 0, 0), V6T_KIND_GLOBAL },

	/* ula fc00::/7 (RFC 4193 §3.1) */
	{ "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0xfbff, 0xffff, FFFF4, 0xffff, 0xffff), V6T_KIND_GLOBAL },
	{ "fc00::", IN6(0xfc00, 0, 0, 0, 0, 0, 0, 0), V6T_KIND_ULA },
	{ "fd00::1", IN6(0xfd00, 0, 0, 0, 0, 0, 0, 1), V6T_KIND_ULA },
	{ "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0xfdff, 0xffff, FFFF4, 0xffff, 0xffff), V6T_KIND_ULA },
	{ "fe00::", IN6(0xfe00, 0, 0, 0, 0, 0, 0, 0), V6T_KIND_GLOBAL },

	/* documentation 2001:db8::/32 (RFC 3849 §4) */
	{ "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0x2001, 0xdb7, FFFF4, 0xffff, 0xffff), V6T_KIND_GLOBAL },
	{ "2001:db8::", IN6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0),
	  V6T_KIND_DOCUMENTATION },
	{ "2001:db8::1", IN6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1),
	  V6T_KIND_DOCUMENTATION },
	{ "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0x2001, 0xdb8, FFFF4, 0xffff, 0xffff), V6T_KIND_DOCUMENTATION },
	{ "2001:db9::", IN6(0x2001, 0xdb9, 0, 0, 0, 0, 0, 0), V6T_KIND_GLOBAL },

	/* global: everything else, special-purpose blocks without a kind too */
	{ "2001:4860:4860::8888",
	  IN6(0x2001, 0x4860, 0x4860, 0, 0, 0, 0, 0x8888),
	  V6T_KIND_GLOBAL },
	{ "2606:4700::1111", IN6(0x2606, 0x4700, 0, 0, 0, 0, 0, 0x1111),
	  V6T_KIND_GLOBAL },
	{ "100::1 (discard-only)", IN6(0x100, 0, 0, 0, 0, 0, 0, 1),
	  V6T_KIND_GLOBAL },
	{ "2001:2::1 (benchmarking)", IN6(0x2001, 2, 0, 0, 0, 0, 0, 1),
	  V6T_KIND_GLOBAL },
	{ "fec0::1 (old site-local)", IN6(0xfec0, 0, 0, 0, 0, 0, 0, 1),
	  V6T_KIND_GLOBAL },
};

START_TEST(test_addr_classify_vectors)
{
	const struct class_vec *v = &class_vecs[_i];
	v6t_addr_kind got = v6t_addr_classify(&v->a);

	ck_assert_msg(got == v->kind, "%s: got %s, want %s", v->text,
		      v6t_addr_kind_name(got), v6t_addr_kind_name(v->kind));
}
END_TEST

struct name_vec {
	v6t_addr_kind kind;
	const char *name;
};

/* CLI.md, "v6t addr show", in the order of enum v6t_addr_kind. */
static const struct name_vec name_vecs[] = {
	{ V6T_KIND_UNSPECIFIED, "unspecified" },
	{ V6T_KIND_LOOPBACK, "loopback" },
	{ V6T_KIND_IPV4_MAPPED, "ipv4-mapped" },
	{ V6T_KIND_IPV4_COMPATIBLE, "ipv4-compatible" },
	{ V6T_KIND_RFC6052_WKP, "rfc6052-wkp" },
	{ V6T_KIND_RFC6052_LOCAL, "rfc6052-local" },
	{ V6T_KIND_6TO4, "6to4" },
	{ V6T_KIND_TEREDO, "teredo" },
	{ V6T_KIND_MULTICAST, "multicast" },
	{ V6T_KIND_ISATAP, "isatap" },
	{ V6T_KIND_LINK_LOCAL, "link-local" },
	{ V6T_KIND_ULA, "ula" },
	{ V6T_KIND_DOCUMENTATION, "documentation" },
	{ V6T_KIND_GLOBAL, "global" },
	{ (v6t_addr_kind)14, "unknown" },
	{ (v6t_addr_kind)1000, "unknown" },
	{ (v6t_addr_kind)-1, "unknown" },
};

START_TEST(test_addr_kind_name_strings)
{
	const struct name_vec *v = &name_vecs[_i];

	ck_assert_str_eq(v6t_addr_kind_name(v->kind), v->name);
}
END_TEST

START_TEST(test_addr_kind_order_matches_cli)
{
	/* CLI.md lists the kinds in the enum's order, starting at 0. */
	ck_assert_int_eq(V6T_KIND_UNSPECIFIED, 0);
	ck_assert_int_eq(V6T_KIND_GLOBAL, 13);
}
END_TEST

/* ------------------------------------------------------- RFC 6890 IPv4 */

#define S V6T_SPECIAL_SOURCE
#define D V6T_SPECIAL_DESTINATION
#define F V6T_SPECIAL_FORWARDABLE
#define GL V6T_SPECIAL_GLOBAL
#define R V6T_SPECIAL_RESERVED

/* RFC 6890 §2.2.1: "If the value of "Destination" is FALSE, the values of
 * "Forwardable" and "Global" must also be false." */
static int attrs_consistent(unsigned attrs)
{
	return (attrs & D) != 0 || (attrs & (F | GL)) == 0;
}

struct special4_vec {
	v6t_in4 a;
	v6t_in4 block;
	uint8_t len;
	const char *name;
	uint16_t rfc;
	unsigned attrs;
};

/* Each row of RFC 6890 Tables 1-16 by its first and last address, plus
 * the most-specific cases. */
static const struct special4_vec special4_vecs[] = {
	/* Table 1 */
	{ IN4(0, 0, 0, 0), IN4(0, 0, 0, 0), 8,
	  "\"This host on this network\"", 1122, S | R },
	{ IN4(0, 255, 255, 255), IN4(0, 0, 0, 0), 8,
	  "\"This host on this network\"", 1122, S | R },
	/* Table 2 */
	{ IN4(10, 0, 0, 0), IN4(10, 0, 0, 0), 8, "Private-Use", 1918,
	  S | D | F },
	{ IN4(10, 255, 255, 255), IN4(10, 0, 0, 0), 8, "Private-Use", 1918,
	  S | D | F },
	/* Table 3 */
	{ IN4(100, 64, 0, 0), IN4(100, 64, 0, 0), 10, "Shared Address Space",
	  6598, S | D | F },
	{ IN4(100, 127, 255, 255), IN4(100, 64, 0, 0), 10,
	  "Shared Address Space", 6598, S | D | F },
	/* Table 4 (values "False [1]") */
	{ IN4(127, 0, 0, 1), IN4(127, 0, 0, 0), 8, "Loopback", 1122, R },
	{ IN4(127, 255, 255, 255), IN4(127, 0, 0, 0), 8, "Loopback", 1122, R },
	/* Table 5 */
	{ IN4(169, 254, 0, 0), IN4(169, 254, 0, 0), 16, "Link Local", 3927,
	  S | D | R },
	{ IN4(169, 254, 255, 255), IN4(169, 254, 0, 0), 16, "Link Local", 3927,
	  S | D | R },
	/* Table 6 */
	{ IN4(172, 16, 0, 0), IN4(172, 16, 0, 0), 12, "Private-Use", 1918,
	  S | D | F },
	{ IN4(172, 31, 255, 255), IN4(172, 16, 0, 0), 12, "Private-Use", 1918,
	  S | D | F },
	/* Table 7 (RFC: "Section 2.1 of this document"), past the /29 */
	{ IN4(192, 0, 0, 8), IN4(192, 0, 0, 0), 24, "IETF Protocol Assignments",
	  6890, 0 },
	{ IN4(192, 0, 0, 170), IN4(192, 0, 0, 0), 24,
	  "IETF Protocol Assignments", 6890, 0 },
	{ IN4(192, 0, 0, 255), IN4(192, 0, 0, 0), 24,
	  "IETF Protocol Assignments", 6890, 0 },
	/* Table 8: the /29 inside Table 7's /24 wins */
	{ IN4(192, 0, 0, 0), IN4(192, 0, 0, 0), 29, "DS-Lite", 6333,
	  S | D | F },
	{ IN4(192, 0, 0, 2), IN4(192, 0, 0, 0), 29, "DS-Lite", 6333,
	  S | D | F },
	{ IN4(192, 0, 0, 7), IN4(192, 0, 0, 0), 29, "DS-Lite", 6333,
	  S | D | F },
	/* Table 9 */
	{ IN4(192, 0, 2, 0), IN4(192, 0, 2, 0), 24,
	  "Documentation (TEST-NET-1)", 5737, 0 },
	{ IN4(192, 0, 2, 255), IN4(192, 0, 2, 0), 24,
	  "Documentation (TEST-NET-1)", 5737, 0 },
	/* Table 10 */
	{ IN4(192, 88, 99, 0), IN4(192, 88, 99, 0), 24, "6to4 Relay Anycast",
	  3068, S | D | F | GL },
	{ IN4(192, 88, 99, 1), IN4(192, 88, 99, 0), 24, "6to4 Relay Anycast",
	  3068, S | D | F | GL },
	{ IN4(192, 88, 99, 255), IN4(192, 88, 99, 0), 24, "6to4 Relay Anycast",
	  3068, S | D | F | GL },
	/* Table 11 */
	{ IN4(192, 168, 0, 0), IN4(192, 168, 0, 0), 16, "Private-Use", 1918,
	  S | D | F },
	{ IN4(192, 168, 255, 255), IN4(192, 168, 0, 0), 16, "Private-Use", 1918,
	  S | D | F },
	/* Table 12 */
	{ IN4(198, 18, 0, 0), IN4(198, 18, 0, 0), 15, "Benchmarking", 2544,
	  S | D | F },
	{ IN4(198, 19, 255, 255), IN4(198, 18, 0, 0), 15, "Benchmarking", 2544,
	  S | D | F },
	/* Table 13 */
	{ IN4(198, 51, 100, 0), IN4(198, 51, 100, 0), 24,
	  "Documentation (TEST-NET-2)", 5737, 0 },
	{ IN4(198, 51, 100, 255), IN4(198, 51, 100, 0), 24,
	  "Documentation (TEST-NET-2)", 5737, 0 },
	/* Table 14 */
	{ IN4(203, 0, 113, 0), IN4(203, 0, 113, 0), 24,
	  "Documentation (TEST-NET-3)", 5737, 0 },
	{ IN4(203, 0, 113, 255), IN4(203, 0, 113, 0), 24,
	  "Documentation (TEST-NET-3)", 5737, 0 },
	/* Table 15 */
	{ IN4(240, 0, 0, 0), IN4(240, 0, 0, 0), 4, "Reserved", 1112, R },
	{ IN4(255, 255, 255, 254), IN4(240, 0, 0, 0), 4, "Reserved", 1112, R },
	/* Table 16: the /32 inside Table 15's /4 wins */
	{ IN4(255, 255, 255, 255), IN4(255, 255, 255, 255), 32,
	  "Limited Broadcast", 919, D },
};

START_TEST(test_addr_in4_special_rows)
{
	const struct special4_vec *v = &special4_vecs[_i];
	const v6t_special4 *e = v6t_addr_in4_special(&v->a);

	ck_assert_msg(e != NULL, "%u.%u.%u.%u: no entry", v->a.b[0], v->a.b[1],
		      v->a.b[2], v->a.b[3]);
	ck_assert_mem_eq(e->prefix.addr.b, v->block.b, 4);
	ck_assert_uint_eq(e->prefix.len, v->len);
	ck_assert_str_eq(e->name, v->name);
	ck_assert_uint_eq(e->rfc, v->rfc);
	ck_assert_uint_eq(e->attrs, v->attrs);
	ck_assert(v6t_addr_in4_in_prefix(&v->a, &e->prefix));
	ck_assert(attrs_consistent(e->attrs));
}
END_TEST

/* The first address outside each block on either side, and others in no
 * RFC 6890 block (multicast 224/4 is not in the registry). */
static const v6t_in4 special4_none[] = {
	IN4(1, 0, 0, 0),
	IN4(9, 255, 255, 255), IN4(11, 0, 0, 0),
	IN4(100, 63, 255, 255), IN4(100, 128, 0, 0),
	IN4(126, 255, 255, 255), IN4(128, 0, 0, 0),
	IN4(169, 253, 255, 255), IN4(169, 255, 0, 0),
	IN4(172, 15, 255, 255), IN4(172, 32, 0, 0),
	IN4(191, 255, 255, 255), IN4(192, 0, 1, 0),
	IN4(192, 0, 1, 255), IN4(192, 0, 3, 0),
	IN4(192, 88, 98, 255), IN4(192, 88, 100, 0),
	IN4(192, 167, 255, 255), IN4(192, 169, 0, 0),
	IN4(198, 17, 255, 255), IN4(198, 20, 0, 0),
	IN4(198, 51, 99, 255), IN4(198, 51, 101, 0),
	IN4(203, 0, 112, 255), IN4(203, 0, 114, 0),
	IN4(224, 0, 0, 0), IN4(239, 255, 255, 255),
	IN4(8, 8, 8, 8),
};

START_TEST(test_addr_in4_special_none)
{
	const v6t_in4 *a = &special4_none[_i];

	ck_assert_msg(v6t_addr_in4_special(a) == NULL, "%u.%u.%u.%u: entry",
		      a->b[0], a->b[1], a->b[2], a->b[3]);
}
END_TEST

/* ------------------------------------------------------- RFC 6890 IPv6 */

struct special6_vec {
	const char *text;
	v6t_in6 a;
	v6t_in6 block;
	uint8_t len;
	const char *name;
	uint16_t rfc;
	unsigned attrs;
};

/* Each row of RFC 6890 Tables 17-29 and RFC 8215 §7 by its first and
 * last address, plus the most-specific cases inside 2001::/23. */
static const struct special6_vec special6_vecs[] = {
	/* Table 17 */
	{ "::1", IN6(0, 0, 0, 0, 0, 0, 0, 1), IN6(0, 0, 0, 0, 0, 0, 0, 1), 128,
	  "Loopback Address", 4291, R },
	/* Table 18 */
	{ "::", IN6(0, 0, 0, 0, 0, 0, 0, 0), IN6(0, 0, 0, 0, 0, 0, 0, 0), 128,
	  "Unspecified Address", 4291, S | R },
	/* Table 19 */
	{ "64:ff9b::", IN6(0x64, 0xff9b, 0, 0, 0, 0, 0, 0),
	  IN6(0x64, 0xff9b, 0, 0, 0, 0, 0, 0), 96, "IPv4-IPv6 Translat.", 6052,
	  S | D | F | GL },
	{ "64:ff9b::ffff:ffff", IN6(0x64, 0xff9b, 0, 0, 0, 0, 0xffff, 0xffff),
	  IN6(0x64, 0xff9b, 0, 0, 0, 0, 0, 0), 96, "IPv4-IPv6 Translat.", 6052,
	  S | D | F | GL },
	/* Table 20 */
	{ "::ffff:0:0", IN6(0, 0, 0, 0, 0, 0xffff, 0, 0),
	  IN6(0, 0, 0, 0, 0, 0xffff, 0, 0), 96, "IPv4-mapped Address", 4291,
	  R },
	{ "::ffff:ffff:ffff", IN6(0, 0, 0, 0, 0, 0xffff, 0xffff, 0xffff),
	  IN6(0, 0, 0, 0, 0, 0xffff, 0, 0), 96, "IPv4-mapped Address", 4291,
	  R },
	/* Table 21 */
	{ "100::", IN6(0x100, 0, 0, 0, 0, 0, 0, 0),
	  IN6(0x100, 0, 0, 0, 0, 0, 0, 0), 64, "Discard-Only Address Block",
	  6666, S | D | F },
	{ "100::ffff:ffff:ffff:ffff", IN6(0x100, 0, 0, 0, FFFF4),
	  IN6(0x100, 0, 0, 0, 0, 0, 0, 0), 64, "Discard-Only Address Block",
	  6666, S | D | F },
	/* Table 22 outside its more specific blocks */
	{ "2001:1::", IN6(0x2001, 1, 0, 0, 0, 0, 0, 0),
	  IN6(0x2001, 0, 0, 0, 0, 0, 0, 0), 23, "IETF Protocol Assignments",
	  2928, 0 },
	{ "2001:2:1::", IN6(0x2001, 2, 1, 0, 0, 0, 0, 0),
	  IN6(0x2001, 0, 0, 0, 0, 0, 0, 0), 23, "IETF Protocol Assignments",
	  2928, 0 },
	{ "2001:f::1", IN6(0x2001, 0xf, 0, 0, 0, 0, 0, 1),
	  IN6(0x2001, 0, 0, 0, 0, 0, 0, 0), 23, "IETF Protocol Assignments",
	  2928, 0 },
	{ "2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0x2001, 0x1ff, FFFF4, 0xffff, 0xffff),
	  IN6(0x2001, 0, 0, 0, 0, 0, 0, 0), 23, "IETF Protocol Assignments",
	  2928, 0 },
	/* Table 23: the /32 inside Table 22's /23 wins */
	{ "2001::", IN6(0x2001, 0, 0, 0, 0, 0, 0, 0),
	  IN6(0x2001, 0, 0, 0, 0, 0, 0, 0), 32, "TEREDO", 4380, S | D | F },
	{ "2001::1", IN6(0x2001, 0, 0, 0, 0, 0, 0, 1),
	  IN6(0x2001, 0, 0, 0, 0, 0, 0, 0), 32, "TEREDO", 4380, S | D | F },
	{ "2001:0:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0x2001, 0, FFFF4, 0xffff, 0xffff),
	  IN6(0x2001, 0, 0, 0, 0, 0, 0, 0), 32, "TEREDO", 4380, S | D | F },
	/* Table 24 */
	{ "2001:2::", IN6(0x2001, 2, 0, 0, 0, 0, 0, 0),
	  IN6(0x2001, 2, 0, 0, 0, 0, 0, 0), 48, "Benchmarking", 5180,
	  S | D | F },
	{ "2001:2:0:ffff:ffff:ffff:ffff:ffff",
	  IN6(0x2001, 2, 0, FFFF4, 0xffff),
	  IN6(0x2001, 2, 0, 0, 0, 0, 0, 0), 48, "Benchmarking", 5180,
	  S | D | F },
	/* Table 25 (outside Table 22's /23) */
	{ "2001:db8::", IN6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0),
	  IN6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0), 32, "Documentation", 3849, 0 },
	{ "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0x2001, 0xdb8, FFFF4, 0xffff, 0xffff),
	  IN6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0), 32, "Documentation", 3849, 0 },
	/* Table 26 */
	{ "2001:10::", IN6(0x2001, 0x10, 0, 0, 0, 0, 0, 0),
	  IN6(0x2001, 0x10, 0, 0, 0, 0, 0, 0), 28, "ORCHID", 4843, 0 },
	{ "2001:1f:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0x2001, 0x1f, FFFF4, 0xffff, 0xffff),
	  IN6(0x2001, 0x10, 0, 0, 0, 0, 0, 0), 28, "ORCHID", 4843, 0 },
	/* Table 27 (Global "N/A": not set) */
	{ "2002::", IN6(0x2002, 0, 0, 0, 0, 0, 0, 0),
	  IN6(0x2002, 0, 0, 0, 0, 0, 0, 0), 16, "6to4", 3056, S | D | F },
	{ "2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0x2002, 0xffff, FFFF4, 0xffff, 0xffff),
	  IN6(0x2002, 0, 0, 0, 0, 0, 0, 0), 16, "6to4", 3056, S | D | F },
	/* Table 28 */
	{ "fc00::", IN6(0xfc00, 0, 0, 0, 0, 0, 0, 0),
	  IN6(0xfc00, 0, 0, 0, 0, 0, 0, 0), 7, "Unique-Local", 4193,
	  S | D | F },
	{ "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0xfdff, 0xffff, FFFF4, 0xffff, 0xffff),
	  IN6(0xfc00, 0, 0, 0, 0, 0, 0, 0), 7, "Unique-Local", 4193,
	  S | D | F },
	/* Table 29 */
	{ "fe80::", IN6(0xfe80, 0, 0, 0, 0, 0, 0, 0),
	  IN6(0xfe80, 0, 0, 0, 0, 0, 0, 0), 10, "Linked-Scoped Unicast", 4291,
	  S | D | R },
	{ "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0xfebf, 0xffff, FFFF4, 0xffff, 0xffff),
	  IN6(0xfe80, 0, 0, 0, 0, 0, 0, 0), 10, "Linked-Scoped Unicast", 4291,
	  S | D | R },
	/* RFC 8215 §7 ("Globally Reachable" False) */
	{ "64:ff9b:1::", IN6(0x64, 0xff9b, 1, 0, 0, 0, 0, 0),
	  IN6(0x64, 0xff9b, 1, 0, 0, 0, 0, 0), 48, "IPv4-IPv6 Translat.", 8215,
	  S | D | F },
	{ "64:ff9b:1:ffff:ffff:ffff:ffff:ffff",
	  IN6(0x64, 0xff9b, 1, FFFF4, 0xffff),
	  IN6(0x64, 0xff9b, 1, 0, 0, 0, 0, 0), 48, "IPv4-IPv6 Translat.", 8215,
	  S | D | F },
};

START_TEST(test_addr_in6_special_rows)
{
	const struct special6_vec *v = &special6_vecs[_i];
	const v6t_special6 *e = v6t_addr_in6_special(&v->a);

	ck_assert_msg(e != NULL, "%s: no entry", v->text);
	ck_assert_msg(memcmp(e->prefix.addr.b, v->block.b, 16) == 0 &&
		      e->prefix.len == v->len, "%s: wrong block /%u", v->text,
		      e->prefix.len);
	ck_assert_str_eq(e->name, v->name);
	ck_assert_uint_eq(e->rfc, v->rfc);
	ck_assert_uint_eq(e->attrs, v->attrs);
	ck_assert(v6t_addr_in6_in_prefix(&v->a, &e->prefix));
	ck_assert(attrs_consistent(e->attrs));
}
END_TEST

struct text6 {
	const char *text;
	v6t_in6 a;
};

/* The first address outside each block on either side, and addresses in
 * no RFC 6890 block (::/96 and multicast are not in the registry). */
static const struct text6 special6_none[] = {
	{ "::2", IN6(0, 0, 0, 0, 0, 0, 0, 2) },
	{ "::fffe:ffff:ffff", IN6(0, 0, 0, 0, 0, 0xfffe, 0xffff, 0xffff) },
	{ "::1:0:0:0", IN6(0, 0, 0, 0, 1, 0, 0, 0) },
	{ "64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0x64, 0xff9a, FFFF4, 0xffff, 0xffff) },
	{ "64:ff9b::1:0:0", IN6(0x64, 0xff9b, 0, 0, 0, 1, 0, 0) },
	{ "64:ff9b:0:ffff:ffff:ffff:ffff:ffff",
	  IN6(0x64, 0xff9b, 0, FFFF4, 0xffff) },
	{ "64:ff9b:2::", IN6(0x64, 0xff9b, 2, 0, 0, 0, 0, 0) },
	{ "ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0xff, 0xffff, FFFF4, 0xffff, 0xffff) },
	{ "100:0:0:1::", IN6(0x100, 0, 0, 1, 0, 0, 0, 0) },
	{ "2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0x2000, 0xffff, FFFF4, 0xffff, 0xffff) },
	{ "2001:200::", IN6(0x2001, 0x200, 0, 0, 0, 0, 0, 0) },
	{ "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0x2001, 0xdb7, FFFF4, 0xffff, 0xffff) },
	{ "2001:db9::", IN6(0x2001, 0xdb9, 0, 0, 0, 0, 0, 0) },
	{ "2003::", IN6(0x2003, 0, 0, 0, 0, 0, 0, 0) },
	{ "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0xfbff, 0xffff, FFFF4, 0xffff, 0xffff) },
	{ "fe00::", IN6(0xfe00, 0, 0, 0, 0, 0, 0, 0) },
	{ "fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	  IN6(0xfe7f, 0xffff, FFFF4, 0xffff, 0xffff) },
	{ "fec0::", IN6(0xfec0, 0, 0, 0, 0, 0, 0, 0) },
	{ "ff02::1", IN6(0xff02, 0, 0, 0, 0, 0, 0, 1) },
	{ "2001:4860:4860::8888",
	  IN6(0x2001, 0x4860, 0x4860, 0, 0, 0, 0, 0x8888) },
};

START_TEST(test_addr_in6_special_none)
{
	const struct text6 *v = &special6_none[_i];

	ck_assert_msg(v6t_addr_in6_special(&v->a) == NULL, "%s: entry",
		      v->text);
}
END_TEST

/* ----------------------------------------------------- IPv4 predicates */

#define PRIV 0x01u
#define SHRD 0x02u
#define LOOP 0x04u
#define LINK 0x08u
#define MCST 0x10u
#define DOCU 0x20u

struct pred4_vec {
	v6t_in4 a;
	unsigned preds; /* which of the predicates hold */
	int global;     /* v6t_addr_in4_is_global() */
};

static const struct pred4_vec pred4_vecs[] = {
	/* RFC 1918 */
	{ IN4(9, 255, 255, 255), 0, 1 },
	{ IN4(10, 0, 0, 0), PRIV, 0 },
	{ IN4(10, 1, 2, 3), PRIV, 0 },
	{ IN4(10, 255, 255, 255), PRIV, 0 },
	{ IN4(11, 0, 0, 0), 0, 1 },
	{ IN4(172, 15, 255, 255), 0, 1 },
	{ IN4(172, 16, 0, 0), PRIV, 0 },
	{ IN4(172, 31, 255, 255), PRIV, 0 },
	{ IN4(172, 32, 0, 0), 0, 1 },
	{ IN4(192, 167, 255, 255), 0, 1 },
	{ IN4(192, 168, 0, 0), PRIV, 0 },
	{ IN4(192, 168, 1, 1), PRIV, 0 },
	{ IN4(192, 168, 255, 255), PRIV, 0 },
	{ IN4(192, 169, 0, 0), 0, 1 },
	/* RFC 6598 */
	{ IN4(100, 63, 255, 255), 0, 1 },
	{ IN4(100, 64, 0, 0), SHRD, 0 },
	{ IN4(100, 127, 255, 255), SHRD, 0 },
	{ IN4(100, 128, 0, 0), 0, 1 },
	/* RFC 1122 loopback */
	{ IN4(126, 255, 255, 255), 0, 1 },
	{ IN4(127, 0, 0, 0), LOOP, 0 },
	{ IN4(127, 0, 0, 1), LOOP, 0 },
	{ IN4(127, 255, 255, 255), LOOP, 0 },
	{ IN4(128, 0, 0, 0), 0, 1 },
	/* RFC 3927 */
	{ IN4(169, 253, 255, 255), 0, 1 },
	{ IN4(169, 254, 0, 0), LINK, 0 },
	{ IN4(169, 254, 255, 255), LINK, 0 },
	{ IN4(169, 255, 0, 0), 0, 1 },
	/* RFC 5771 multicast (not in RFC 6890) and 240/4 (Table 15) */
	{ IN4(223, 255, 255, 255), 0, 1 },
	{ IN4(224, 0, 0, 0), MCST, 0 },
	{ IN4(224, 0, 0, 1), MCST, 0 },
	{ IN4(239, 255, 255, 255), MCST, 0 },
	{ IN4(240, 0, 0, 0), 0, 0 },
	{ IN4(255, 255, 255, 255), 0, 0 },
	/* RFC 5737 */
	{ IN4(192, 0, 1, 255), 0, 1 },
	{ IN4(192, 0, 2, 0), DOCU, 0 },
	{ IN4(192, 0, 2, 255), DOCU, 0 },
	{ IN4(192, 0, 3, 0), 0, 1 },
	{ IN4(198, 51, 99, 255), 0, 1 },
	{ IN4(198, 51, 100, 0), DOCU, 0 },
	{ IN4(198, 51, 100, 255), DOCU, 0 },
	{ IN4(198, 51, 101, 0), 0, 1 },
	{ IN4(203, 0, 112, 255), 0, 1 },
	{ IN4(203, 0, 113, 0), DOCU, 0 },
	{ IN4(203, 0, 113, 255), DOCU, 0 },
	{ IN4(203, 0, 114, 0), 0, 1 },
	/* other RFC 6890 blocks: Global False, except Table 10 */
	{ IN4(0, 0, 0, 0), 0, 0 },
	{ IN4(0, 1, 2, 3), 0, 0 },
	{ IN4(192, 0, 0, 1), 0, 0 },
	{ IN4(192, 0, 0, 8), 0, 0 },
	{ IN4(198, 18, 0, 1), 0, 0 },
	{ IN4(192, 88, 99, 1), 0, 1 },
	/* ordinary global unicast */
	{ IN4(1, 1, 1, 1), 0, 1 },
	{ IN4(8, 8, 8, 8), 0, 1 },
	{ IN4(192, 0, 1, 0), 0, 1 },
};

/* The predicates, each with its bit in pred4_vec.preds. */
static const struct {
	const char *name;
	int (*holds)(const v6t_in4 *a);
	unsigned bit;
} preds4[] = {
	{ "private", v6t_addr_in4_is_private, PRIV },
	{ "shared", v6t_addr_in4_is_shared, SHRD },
	{ "loopback", v6t_addr_in4_is_loopback, LOOP },
	{ "link-local", v6t_addr_in4_is_link_local, LINK },
	{ "multicast", v6t_addr_in4_is_multicast, MCST },
	{ "documentation", v6t_addr_in4_is_documentation, DOCU },
};

START_TEST(test_addr_in4_predicates)
{
	const struct pred4_vec *v = &pred4_vecs[_i];
	const uint8_t *b = v->a.b;
	int j;

	for (j = 0; j < NELEM(preds4); j++) {
		int want = (v->preds & preds4[j].bit) != 0;

		ck_assert_msg(preds4[j].holds(&v->a) == want,
			      "%u.%u.%u.%u: is_%s wants %d", b[0], b[1], b[2],
			      b[3], preds4[j].name, want);
	}
	ck_assert_msg(v6t_addr_in4_is_global(&v->a) == v->global,
		      "%u.%u.%u.%u: is_global wants %d", b[0], b[1], b[2], b[3],
		      v->global);
}
END_TEST

/*
 * Every first octet, at the first and last address of its /8: global
 * unless RFC 6890 (Tables 1-16) puts the address in a block whose Global
 * is False or RFC 5771 makes it multicast. Of the /8s with a block inside
 * (100, 169, 172, 192, 198, 203), only 192.0.0.0 is in one (Table 8,
 * 192.0.0.0/29); 0/8, 10/8, 127/8 and 224-255 are whole blocks.
 */
START_TEST(test_addr_in4_is_global_every_first_octet)
{
	unsigned o = (unsigned)_i;
	int whole = o == 0 || o == 10 || o == 127 || o >= 224;
	v6t_in4 first = IN4(o, 0, 0, 0), last = IN4(o, 255, 255, 255);

	ck_assert_msg(v6t_addr_in4_is_global(&first) == (!whole && o != 192),
		      "%u.0.0.0", o);
	ck_assert_msg(v6t_addr_in4_is_global(&last) == !whole, "%u.255.255.255", o);
}
END_TEST

/* ---------------------------------------------------- IPv6 is_global */

struct global6_vec {
	const char *text;
	v6t_in6 a;
	int global;
};

static const struct global6_vec global6_vecs[] = {
	/* Global True: Table 19, and no block at all */
	{ "64:ff9b::192.0.2.33", IN6(0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x0221),
	  1 },
	{ "2001:4860:4860::8888",
	  IN6(0x2001, 0x4860, 0x4860, 0, 0, 0, 0, 0x8888), 1 },
	{ "2606:4700::1111", IN6(0x2606, 0x4700, 0, 0, 0, 0, 0, 0x1111), 1 },
	{ "2001:200::1 (past 2001::/23)", IN6(0x2001, 0x200, 0, 0, 0, 0, 0, 1),
	  1 },
	{ "2001:4860::200:5efe:c000:201 (ISATAP)",
	  IN6(0x2001, 0x4860, 0, 0, 0x0200, 0x5efe, 0xc000, 0x0201), 1 },
	/* Global False */
	{ "::", IN6(0, 0, 0, 0, 0, 0, 0, 0), 0 },
	{ "::1", IN6(0, 0, 0, 0, 0, 0, 0, 1), 0 },
	{ "::ffff:192.0.2.1", IN6(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201), 0 },
	{ "64:ff9b:1::1", IN6(0x64, 0xff9b, 1, 0, 0, 0, 0, 1), 0 },
	{ "100::1", IN6(0x100, 0, 0, 0, 0, 0, 0, 1), 0 },
	{ "2001::1 (teredo)", IN6(0x2001, 0, 0, 0, 0, 0, 0, 1), 0 },
	{ "2001:1::1 (2001::/23)", IN6(0x2001, 1, 0, 0, 0, 0, 0, 1), 0 },
	{ "2001:2::1", IN6(0x2001, 2, 0, 0, 0, 0, 0, 1), 0 },
	{ "2001:10::1", IN6(0x2001, 0x10, 0, 0, 0, 0, 0, 1), 0 },
	{ "2001:db8::1", IN6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1), 0 },
	{ "fc00::1", IN6(0xfc00, 0, 0, 0, 0, 0, 0, 1), 0 },
	{ "fd00::1", IN6(0xfd00, 0, 0, 0, 0, 0, 0, 1), 0 },
	{ "fe80::1", IN6(0xfe80, 0, 0, 0, 0, 0, 0, 1), 0 },
	/* outside 2000::/3 and in no block: unassigned or deprecated */
	{ "::2 (IPv4-compatible)", IN6(0, 0, 0, 0, 0, 0, 0, 2), 0 },
	{ "fec0::1 (old site-local)", IN6(0xfec0, 0, 0, 0, 0, 0, 0, 1), 0 },
	{ "4000::1", IN6(0x4000, 0, 0, 0, 0, 0, 0, 1), 0 },
	{ "1fff:ffff::1 (just below 2000::/3)", IN6(0x1fff, 0xffff, 0, 0, 0, 0, 0, 1), 0 },
	{ "3fff:ffff::1 (last of 2000::/3)", IN6(0x3fff, 0xffff, 0, 0, 0, 0, 0, 1), 1 },
	/* Global "N/A" (Table 27): as the embedded IPv4 address (RFC 3056 §2) */
	{ "2002:c000:201::1 (192.0.2.1, documentation)",
	  IN6(0x2002, 0xc000, 0x0201, 0, 0, 0, 0, 1), 0 },
	{ "2002:a00:1::1 (10.0.0.1, private)",
	  IN6(0x2002, 0x0a00, 0x0001, 0, 0, 0, 0, 1), 0 },
	{ "2002:808:808::1 (8.8.8.8, global)",
	  IN6(0x2002, 0x0808, 0x0808, 0, 0, 0, 0, 1), 1 },
	/* multicast: only scope 0xe, whatever the flags (RFC 4291 §2.7) */
	{ "ff0e::1", IN6(0xff0e, 0, 0, 0, 0, 0, 0, 1), 1 },
	{ "ff1e::1", IN6(0xff1e, 0, 0, 0, 0, 0, 0, 1), 1 },
	{ "ff3e::8000:1", IN6(0xff3e, 0, 0, 0, 0, 0, 0x8000, 1), 1 },
	{ "fffe::1", IN6(0xfffe, 0, 0, 0, 0, 0, 0, 1), 1 },
	{ "ff01::1", IN6(0xff01, 0, 0, 0, 0, 0, 0, 1), 0 },
	{ "ff02::1", IN6(0xff02, 0, 0, 0, 0, 0, 0, 1), 0 },
	{ "ff05::2", IN6(0xff05, 0, 0, 0, 0, 0, 0, 2), 0 },
	{ "ff08::1", IN6(0xff08, 0, 0, 0, 0, 0, 0, 1), 0 },
	{ "ff0f::1", IN6(0xff0f, 0, 0, 0, 0, 0, 0, 1), 0 },
	{ "ff3f::1", IN6(0xff3f, 0, 0, 0, 0, 0, 0, 1), 0 },
};

START_TEST(test_addr_in6_is_global)
{
	const struct global6_vec *v = &global6_vecs[_i];

	ck_assert_msg(v6t_addr_in6_is_global(&v->a) == v->global, "%s: want %d",
		      v->text, v->global);
}
END_TEST

START_TEST(test_addr_special_results_are_stable)
{
	/* The same entry (static storage) for two addresses of one block. */
	v6t_in4 a = TU_IN4(10, 0, 0, 1), b = TU_IN4(10, 200, 0, 1);
	v6t_in6 c = TU_IN6(0xfe, 0x80, [15] = 1);
	v6t_in6 d = TU_IN6(0xfe, 0xbf, [15] = 2);

	ck_assert_ptr_eq(v6t_addr_in4_special(&a), v6t_addr_in4_special(&b));
	ck_assert_ptr_eq(v6t_addr_in6_special(&c), v6t_addr_in6_special(&d));
}
END_TEST

/* ------------------------------------------- EUI-48 of an interface ID */

struct eui48_vec {
	const char *text;
	v6t_in6 a;
	int rc;
	uint8_t mac[6]; /* when rc is V6T_OK */
};

/*
 * RFC 4291 Appendix A: IID = MAC bytes 0-2 with 0x02 of byte 0 inverted,
 * 0xff 0xfe, MAC bytes 3-5. Each MAC below is the IID undone that way by
 * hand; ipv6calc -i shows the same EUI-48 for the first row (a
 * cross-check, not the source).
 */
static const struct eui48_vec eui48_vecs[] = {
	/* IID 021b:21ff:fe3c:4d5e: 02 ^ 02 = 00 */
	{ "fe80::21b:21ff:fe3c:4d5e", IN6(0xfe80, 0, 0, 0, 0x021b, 0x21ff, 0xfe3c, 0x4d5e),
	  V6T_OK, { 0x00, 0x1b, 0x21, 0x3c, 0x4d, 0x5e } },
	/* a8 ^ 02 = aa */
	{ "2001:db8::a8bb:ccff:fedd:eeff", IN6(0x2001, 0xdb8, 0, 0, 0xa8bb, 0xccff, 0xfedd, 0xeeff),
	  V6T_OK, { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff } },
	/* u bit 0 in the IID: a locally administered MAC, 00 ^ 02 = 02 */
	{ "fe80::ff:fe00:1", IN6(0xfe80, 0, 0, 0, 0, 0x00ff, 0xfe00, 1),
	  V6T_OK, { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 } },
	/* the g bit (0x01) is kept: 03 ^ 02 = 01 */
	{ "fe80::301:2ff:fe03:405", IN6(0xfe80, 0, 0, 0, 0x0301, 0x02ff, 0xfe03, 0x0405),
	  V6T_OK, { 0x01, 0x01, 0x02, 0x03, 0x04, 0x05 } },
	/* any unicast prefix outside ::/3: 6to4, old site-local, 4000::/3 ... */
	{ "2002:c000:201:1:21b:21ff:fe3c:4d5e",
	  IN6(0x2002, 0xc000, 0x0201, 1, 0x021b, 0x21ff, 0xfe3c, 0x4d5e),
	  V6T_OK, { 0x00, 0x1b, 0x21, 0x3c, 0x4d, 0x5e } },
	{ "fec0::21b:21ff:fe3c:4d5e", IN6(0xfec0, 0, 0, 0, 0x021b, 0x21ff, 0xfe3c, 0x4d5e),
	  V6T_OK, { 0x00, 0x1b, 0x21, 0x3c, 0x4d, 0x5e } },
	/* ... 2000:: (first outside ::/3) and 2001:1:: (just past 2001::/32) */
	{ "2000::21b:21ff:fe3c:4d5e", IN6(0x2000, 0, 0, 0, 0x021b, 0x21ff, 0xfe3c, 0x4d5e),
	  V6T_OK, { 0x00, 0x1b, 0x21, 0x3c, 0x4d, 0x5e } },
	{ "2001:1::21b:21ff:fe3c:4d5e", IN6(0x2001, 1, 0, 0, 0x021b, 0x21ff, 0xfe3c, 0x4d5e),
	  V6T_OK, { 0x00, 0x1b, 0x21, 0x3c, 0x4d, 0x5e } },
	/* not ff fe in IID bytes 3-4 */
	{ "fe80::21b:21ff:fd3c:4d5e", IN6(0xfe80, 0, 0, 0, 0x021b, 0x21ff, 0xfd3c, 0x4d5e),
	  V6T_EADDR_WRONG_KIND, { 0 } },
	{ "fe80::21b:21fe:ff3c:4d5e", IN6(0xfe80, 0, 0, 0, 0x021b, 0x21fe, 0xff3c, 0x4d5e),
	  V6T_EADDR_WRONG_KIND, { 0 } },
	{ "fe80::1", IN6(0xfe80, 0, 0, 0, 0, 0, 0, 1), V6T_EADDR_WRONG_KIND, { 0 } },
	/* ISATAP (RFC 5214 §6.1): 0200:5efe:..., a Modified EUI-64 not from a MAC */
	{ "fe80::200:5efe:c000:201", IN6(0xfe80, 0, 0, 0, 0x0200, 0x5efe, 0xc000, 0x0201),
	  V6T_EADDR_WRONG_KIND, { 0 } },
	/* ff fe in place, but no interface identifier of that format: */
	/* multicast (RFC 4291 §2.7: a group ID) */
	{ "ff02::21b:21ff:fe3c:4d5e", IN6(0xff02, 0, 0, 0, 0x021b, 0x21ff, 0xfe3c, 0x4d5e),
	  V6T_EADDR_WRONG_KIND, { 0 } },
	/* ::/3 (RFC 4291 §2.5.1): ::ffff:254.1.2.3 is ...:ffff:fe01:203 */
	{ "::ffff:254.1.2.3", IN6(0, 0, 0, 0, 0, 0xffff, 0xfe01, 0x0203),
	  V6T_EADDR_WRONG_KIND, { 0 } },
	{ "100::21b:21ff:fe3c:4d5e", IN6(0x100, 0, 0, 0, 0x021b, 0x21ff, 0xfe3c, 0x4d5e),
	  V6T_EADDR_WRONG_KIND, { 0 } },
	{ "1fff:ffff::21b:21ff:fe3c:4d5e",
	  IN6(0x1fff, 0xffff, 0, 0, 0x021b, 0x21ff, 0xfe3c, 0x4d5e),
	  V6T_EADDR_WRONG_KIND, { 0 } },
	/* Teredo (RFC 4380 §4): port 0x9c00 ^ 0xffff = 63ff, client
	 * 1.2.2.45 ^ ff.ff.ff.ff = fefd:fdd2: ff fe by chance */
	{ "2001:0:4136:e378:8000:63ff:fefd:fdd2",
	  IN6(0x2001, 0, 0x4136, 0xe378, 0x8000, 0x63ff, 0xfefd, 0xfdd2),
	  V6T_EADDR_WRONG_KIND, { 0 } },
};

START_TEST(test_addr_eui48_decode)
{
	const struct eui48_vec *v = &eui48_vecs[_i];
	uint8_t mac[6] = { 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5 };
	static const uint8_t untouched[6] = { 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5 };
	int rc = v6t_addr_eui48_decode(mac, &v->a);

	ck_assert_msg(rc == v->rc, "%s: got %d, want %d", v->text, rc, v->rc);
	ck_assert_msg(memcmp(mac, rc == V6T_OK ? v->mac : untouched, 6) == 0,
		      "%s: MAC", v->text);
}
END_TEST

Suite *v6t_addr_class_suite(void)
{
	Suite *s = suite_create("addr_class");
	TCase *kinds = tcase_create("classify");
	TCase *reg = tcase_create("rfc6890");
	TCase *pred = tcase_create("predicates");

	tcase_add_loop_test(kinds, test_addr_classify_vectors, 0,
			    NELEM(class_vecs));
	tcase_add_loop_test(kinds, test_addr_kind_name_strings, 0,
			    NELEM(name_vecs));
	tcase_add_test(kinds, test_addr_kind_order_matches_cli);
	suite_add_tcase(s, kinds);

	tcase_add_loop_test(reg, test_addr_in4_special_rows, 0,
			    NELEM(special4_vecs));
	tcase_add_loop_test(reg, test_addr_in4_special_none, 0,
			    NELEM(special4_none));
	tcase_add_loop_test(reg, test_addr_in6_special_rows, 0,
			    NELEM(special6_vecs));
	tcase_add_loop_test(reg, test_addr_in6_special_none, 0,
			    NELEM(special6_none));
	tcase_add_test(reg, test_addr_special_results_are_stable);
	suite_add_tcase(s, reg);

	tcase_add_loop_test(pred, test_addr_in4_predicates, 0,
			    NELEM(pred4_vecs));
	tcase_add_loop_test(pred, test_addr_in4_is_global_every_first_octet, 0, 256);
	tcase_add_loop_test(pred, test_addr_in6_is_global, 0,
			    NELEM(global6_vecs));
	tcase_add_loop_test(pred, test_addr_eui48_decode, 0, NELEM(eui48_vecs));
	suite_add_tcase(s, pred);
	return s;
}
