/*
 * libv6transit - address classification and the RFC 6890 special-purpose
 * address registries.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <v6transit/addr.h>

#include "addr_internal.h"

/*
 * Table rows. G() writes one 16-bit group of an IPv6 address as its two
 * bytes, so that a row reads like the text form of its block.
 */
#define G(x) (uint8_t)((x) >> 8), (uint8_t)((x) & 0xffu)
#define PREFIX4(a, b, c, d, len) { { { (a), (b), (c), (d) } }, (len) }
#define PREFIX6(len, ...) { { { __VA_ARGS__ } }, (len) }
#define SPECIAL4(a, b, c, d, len, name, rfc, attrs) \
	{ PREFIX4(a, b, c, d, len), (name), (rfc), (uint8_t)(attrs) }
#define SPECIAL6(len, name, rfc, attrs, ...) \
	{ PREFIX6(len, __VA_ARGS__), (name), (rfc), (uint8_t)(attrs) }

/* The RFC 6890 §2.2.1 boolean attributes; a bit is set only where the
 * RFC writes "True" (a footnoted "False [1]" is False). */
#define SRC V6T_SPECIAL_SOURCE
#define DST V6T_SPECIAL_DESTINATION
#define FWD V6T_SPECIAL_FORWARDABLE
#define GLB V6T_SPECIAL_GLOBAL
#define RSV V6T_SPECIAL_RESERVED

/*
 * RFC 6890 §2.2.2, Tables 1-16, sorted most specific first so that a
 * linear scan returns the most specific block at its first match
 * (192.0.0.0/29 before 192.0.0.0/24, 255.255.255.255/32 before
 * 240.0.0.0/4). Names and RFC numbers as written in the tables; the RFC of
 * Table 7 ("Section 2.1 of this document") is 6890 itself. The indices name
 * the rows the predicates below reuse, so each block is written once.
 */
enum special4_row {
	SP4_LIMITED_BROADCAST,
	SP4_DS_LITE,
	SP4_IETF_PROTOCOL,
	SP4_TEST_NET_1,
	SP4_6TO4_RELAY,
	SP4_TEST_NET_2,
	SP4_TEST_NET_3,
	SP4_LINK_LOCAL,
	SP4_PRIVATE_192,
	SP4_BENCHMARKING,
	SP4_PRIVATE_172,
	SP4_SHARED,
	SP4_THIS_HOST,
	SP4_PRIVATE_10,
	SP4_LOOPBACK,
	SP4_RESERVED,
	SP4_COUNT
};

static const v6t_special4 special4[SP4_COUNT] = {
	/* Table 16 */
	[SP4_LIMITED_BROADCAST] = SPECIAL4(255, 255, 255, 255, 32,
		"Limited Broadcast", 919, DST),
	/* Table 8 */
	[SP4_DS_LITE] = SPECIAL4(192, 0, 0, 0, 29,
		"DS-Lite", 6333, SRC | DST | FWD),
	/* Table 7; footnote [2]: not usable unless by a more specific block */
	[SP4_IETF_PROTOCOL] = SPECIAL4(192, 0, 0, 0, 24,
		"IETF Protocol Assignments", 6890, 0),
	/* Table 9 */
	[SP4_TEST_NET_1] = SPECIAL4(192, 0, 2, 0, 24,
		"Documentation (TEST-NET-1)", 5737, 0),
	/* Table 10 */
	[SP4_6TO4_RELAY] = SPECIAL4(192, 88, 99, 0, 24,
		"6to4 Relay Anycast", 3068, SRC | DST | FWD | GLB),
	/* Table 13 */
	[SP4_TEST_NET_2] = SPECIAL4(198, 51, 100, 0, 24,
		"Documentation (TEST-NET-2)", 5737, 0),
	/* Table 14 */
	[SP4_TEST_NET_3] = SPECIAL4(203, 0, 113, 0, 24,
		"Documentation (TEST-NET-3)", 5737, 0),
	/* Table 5 */
	[SP4_LINK_LOCAL] = SPECIAL4(169, 254, 0, 0, 16,
		"Link Local", 3927, SRC | DST | RSV),
	/* Table 11 */
	[SP4_PRIVATE_192] = SPECIAL4(192, 168, 0, 0, 16,
		"Private-Use", 1918, SRC | DST | FWD),
	/* Table 12 */
	[SP4_BENCHMARKING] = SPECIAL4(198, 18, 0, 0, 15,
		"Benchmarking", 2544, SRC | DST | FWD),
	/* Table 6 */
	[SP4_PRIVATE_172] = SPECIAL4(172, 16, 0, 0, 12,
		"Private-Use", 1918, SRC | DST | FWD),
	/* Table 3 */
	[SP4_SHARED] = SPECIAL4(100, 64, 0, 0, 10,
		"Shared Address Space", 6598, SRC | DST | FWD),
	/* Table 1; the name keeps the quotes the table writes */
	[SP4_THIS_HOST] = SPECIAL4(0, 0, 0, 0, 8,
		"\"This host on this network\"", 1122, SRC | RSV),
	/* Table 2 */
	[SP4_PRIVATE_10] = SPECIAL4(10, 0, 0, 0, 8,
		"Private-Use", 1918, SRC | DST | FWD),
	/* Table 4; footnote [1] (protocol exceptions) leaves values False */
	[SP4_LOOPBACK] = SPECIAL4(127, 0, 0, 0, 8,
		"Loopback", 1122, RSV),
	/* Table 15 */
	[SP4_RESERVED] = SPECIAL4(240, 0, 0, 0, 4,
		"Reserved", 1112, RSV),
};

/*
 * RFC 6890 §2.2.3, Tables 17-29, plus 64:ff9b:1::/48 from RFC 8215 §7,
 * sorted most specific first (2001::/32, 2001:2::/48, 2001:db8::/32 and
 * 2001:10::/28 before 2001::/23).
 *
 * Table 27 gives 2002::/16 (6to4) a Global value of "N/A [2]" ("See
 * [RFC3056] for details"): the row keeps the Global bit clear, and
 * v6t_addr_in6_is_global() answers for a 6to4 address as for the IPv4
 * address it embeds, since RFC 3056 §2 builds the prefix from the site's
 * globally unique IPv4 address.
 *
 * Table 26 (ORCHID, 2001:10::/28) has a Termination Date of March 2014; the
 * row is kept as RFC 6890 lists it.
 */
enum special6_row {
	SP6_LOOPBACK,
	SP6_UNSPECIFIED,
	SP6_WKP,
	SP6_MAPPED,
	SP6_DISCARD,
	SP6_LOCAL_XLAT,
	SP6_BENCHMARKING,
	SP6_TEREDO,
	SP6_DOCUMENTATION,
	SP6_ORCHID,
	SP6_IETF_PROTOCOL,
	SP6_6TO4,
	SP6_LINK_LOCAL,
	SP6_UNIQUE_LOCAL,
	SP6_COUNT
};

static const v6t_special6 special6[SP6_COUNT] = {
	/* Table 17 */
	[SP6_LOOPBACK] = SPECIAL6(128, "Loopback Address", 4291, RSV,
		G(0), G(0), G(0), G(0), G(0), G(0), G(0), G(1)),
	/* Table 18 */
	[SP6_UNSPECIFIED] = SPECIAL6(128, "Unspecified Address", 4291,
		SRC | RSV, G(0)),
	/* Table 19; "Translat." is abbreviated in the RFC */
	[SP6_WKP] = SPECIAL6(96, "IPv4-IPv6 Translat.", 6052,
		SRC | DST | FWD | GLB, G(0x64), G(0xff9b)),
	/* Table 20 */
	[SP6_MAPPED] = SPECIAL6(96, "IPv4-mapped Address", 4291, RSV,
		G(0), G(0), G(0), G(0), G(0), G(0xffff)),
	/* Table 21 */
	[SP6_DISCARD] = SPECIAL6(64, "Discard-Only Address Block", 6666,
		SRC | DST | FWD, G(0x100)),
	/* RFC 8215 §7: "Globally Reachable" False */
	[SP6_LOCAL_XLAT] = SPECIAL6(48, "IPv4-IPv6 Translat.", 8215,
		SRC | DST | FWD, G(0x64), G(0xff9b), G(1)),
	/* Table 24 */
	[SP6_BENCHMARKING] = SPECIAL6(48, "Benchmarking", 5180,
		SRC | DST | FWD, G(0x2001), G(2)),
	/* Table 23 */
	[SP6_TEREDO] = SPECIAL6(32, "TEREDO", 4380, SRC | DST | FWD,
		G(0x2001)),
	/* Table 25 */
	[SP6_DOCUMENTATION] = SPECIAL6(32, "Documentation", 3849, 0,
		G(0x2001), G(0xdb8)),
	/* Table 26 */
	[SP6_ORCHID] = SPECIAL6(28, "ORCHID", 4843, 0,
		G(0x2001), G(0x10)),
	/* Table 22; footnote [1]: False unless a more specific block allows */
	[SP6_IETF_PROTOCOL] = SPECIAL6(23, "IETF Protocol Assignments", 2928,
		0, G(0x2001)),
	/* Table 27; Global "N/A", see above */
	[SP6_6TO4] = SPECIAL6(16, "6to4", 3056, SRC | DST | FWD, G(0x2002)),
	/* Table 29; the name is spelt as in the RFC */
	[SP6_LINK_LOCAL] = SPECIAL6(10, "Linked-Scoped Unicast", 4291,
		SRC | DST | RSV, G(0xfe80)),
	/* Table 28 */
	[SP6_UNIQUE_LOCAL] = SPECIAL6(7, "Unique-Local", 4193,
		SRC | DST | FWD, G(0xfc00)),
};

/* RFC 4291 §2.5.5.1: IPv4-compatible, ::/96 (deprecated). */
static const v6t_prefix6 compatible6 = PREFIX6(96, G(0));
/* RFC 4291 §2.7: multicast, ff00::/8. */
static const v6t_prefix6 multicast6 = PREFIX6(8, G(0xff00));
/* RFC 4291 §2.4 and the IANA IPv6 address space registry: global unicast
 * is allocated from 2000::/3 only. */
static const v6t_prefix6 global_unicast6 = PREFIX6(3, G(0x2000));
/* RFC 4291 §2.5.1: interface identifiers of unicast addresses that start
 * with binary 000 need not be in Modified EUI-64 format. */
static const v6t_prefix6 no_eui64_6 = PREFIX6(3, G(0));
/* RFC 5771 §2 (RFC 1112 §4): IPv4 multicast, 224.0.0.0/4. */
static const v6t_prefix4 multicast4 = PREFIX4(224, 0, 0, 0, 4);

/* RFC 4291 §2.7: the scope field is the low 4 bits of the second byte;
 * value 0xe is global scope. */
#define MCAST6_SCOPE_MASK 0x0fu
#define MCAST6_SCOPE_GLOBAL 0x0eu

/* RFC 4291 Appendix A: a 48-bit MAC becomes an EUI-64 with 0xff 0xfe
 * between its third and fourth bytes, and a Modified EUI-64 with the
 * universal/local bit of the first byte inverted. */
#define IID_OFFSET 8
#define EUI64_FILL_HI 0xffu
#define EUI64_FILL_LO 0xfeu
#define EUI64_UL_BIT 0x02u

/*
 * The kinds of enum v6t_addr_kind in their order, each with the block that
 * defines it; a NULL prefix marks the one kind recognised from the
 * interface identifier instead (ISATAP, RFC 5214 §6.1). Addresses that
 * match no rule are V6T_KIND_GLOBAL.
 */
struct kind_rule {
	const v6t_prefix6 *prefix;
	v6t_addr_kind kind;
};

static const struct kind_rule kind_rules[] = {
	{ &special6[SP6_UNSPECIFIED].prefix, V6T_KIND_UNSPECIFIED },
	{ &special6[SP6_LOOPBACK].prefix, V6T_KIND_LOOPBACK },
	{ &special6[SP6_MAPPED].prefix, V6T_KIND_IPV4_MAPPED },
	{ &compatible6, V6T_KIND_IPV4_COMPATIBLE },
	{ &special6[SP6_WKP].prefix, V6T_KIND_RFC6052_WKP },
	{ &special6[SP6_LOCAL_XLAT].prefix, V6T_KIND_RFC6052_LOCAL },
	{ &special6[SP6_6TO4].prefix, V6T_KIND_6TO4 },
	{ &special6[SP6_TEREDO].prefix, V6T_KIND_TEREDO },
	{ &multicast6, V6T_KIND_MULTICAST },
	{ NULL, V6T_KIND_ISATAP },
	{ &special6[SP6_LINK_LOCAL].prefix, V6T_KIND_LINK_LOCAL },
	{ &special6[SP6_UNIQUE_LOCAL].prefix, V6T_KIND_ULA },
	{ &special6[SP6_DOCUMENTATION].prefix, V6T_KIND_DOCUMENTATION },
};

#define N_KIND_RULES (sizeof kind_rules / sizeof kind_rules[0])

static const char *const kind_names[] = {
	[V6T_KIND_UNSPECIFIED] = "unspecified",
	[V6T_KIND_LOOPBACK] = "loopback",
	[V6T_KIND_IPV4_MAPPED] = "ipv4-mapped",
	[V6T_KIND_IPV4_COMPATIBLE] = "ipv4-compatible",
	[V6T_KIND_RFC6052_WKP] = "rfc6052-wkp",
	[V6T_KIND_RFC6052_LOCAL] = "rfc6052-local",
	[V6T_KIND_6TO4] = "6to4",
	[V6T_KIND_TEREDO] = "teredo",
	[V6T_KIND_MULTICAST] = "multicast",
	[V6T_KIND_ISATAP] = "isatap",
	[V6T_KIND_LINK_LOCAL] = "link-local",
	[V6T_KIND_ULA] = "ula",
	[V6T_KIND_DOCUMENTATION] = "documentation",
	[V6T_KIND_GLOBAL] = "global",
};

#define N_KIND_NAMES (sizeof kind_names / sizeof kind_names[0])

/* Prefix tests for the blocks of this file, whose lengths are in range. */
static int in4_under(const v6t_in4 *a, const v6t_prefix4 *p)
{
	return v6t_in4_under(a->b, p->addr.b, p->len);
}

static int in6_under(const v6t_in6 *a, const v6t_prefix6 *p)
{
	return v6t_in6_under(a->b, p->addr.b, p->len);
}

/* RFC 5214 §6.1: the low 64 bits are an ISATAP interface identifier. */
static int has_isatap_iid(const v6t_in6 *a)
{
	v6t_in4 unused;

	return v6t_addr_isatap_decode(&unused, NULL, a) == V6T_OK;
}

static int kind_rule_applies(const struct kind_rule *r, const v6t_in6 *a)
{
	if (r->prefix == NULL)
		return has_isatap_iid(a);
	return in6_under(a, r->prefix);
}

/* see addr.h */
v6t_addr_kind v6t_addr_classify(const v6t_in6 *a)
{
	size_t i;

	for (i = 0; i < N_KIND_RULES; i++)
		if (kind_rule_applies(&kind_rules[i], a))
			return kind_rules[i].kind;
	return V6T_KIND_GLOBAL;
}

/* see addr.h */
const char *v6t_addr_kind_name(v6t_addr_kind k)
{
	unsigned i = (unsigned)k;

	if (i >= N_KIND_NAMES)
		return "unknown";
	return kind_names[i];
}

/* see addr.h */
const v6t_special4 *v6t_addr_in4_special(const v6t_in4 *a)
{
	size_t i = SP4_COUNT, first = SP4_COUNT;

	/*
	 * Every row, backwards, keeping the first match: a select instead of
	 * a branch whose outcome depends on the address (measured with
	 * tests/bench: about twice as fast as stopping at the first match).
	 */
	while (i-- > 0)
		first = in4_under(a, &special4[i].prefix) ? i : first;
	return first < SP4_COUNT ? &special4[first] : NULL;
}

/* see addr.h */
const v6t_special6 *v6t_addr_in6_special(const v6t_in6 *a)
{
	size_t i;

	/* rows cost two 64-bit compares here, so stopping early pays off */
	for (i = 0; i < SP6_COUNT; i++)
		if (in6_under(a, &special6[i].prefix))
			return &special6[i];
	return NULL;
}

/*
 * see addr_internal.h: the first octets of the blocks of special4 (0, 10,
 * 100, 127, 169, 172, 192, 198, 203 and 240-255) and of multicast
 * 224.0.0.0/4. A row added to special4 must set its octets here.
 */
const uint32_t v6t_special4_octets[8] = {
	0x00000401u, /* 0, 10 */
	0, 0,
	0x80000010u, /* 100, 127 */
	0,
	0x00001200u, /* 169, 172 */
	0x00000841u, /* 192, 198, 203 */
	0xffffffffu  /* 224-239 multicast, 240-255 (Table 15) */
};

/* see addr.h */
int v6t_addr_in4_is_global(const v6t_in4 *a)
{
	const v6t_special4 *s;

	if (v6t_in4_octet_ordinary(a->b[0]))
		return 1;
	/* 224.0.0.0/4 is not in the registry; 240.0.0.0/4 is (Table 15). */
	if (in4_under(a, &multicast4))
		return 0;
	s = v6t_addr_in4_special(a);
	return s == NULL || (s->attrs & V6T_SPECIAL_GLOBAL) != 0;
}

/* see addr.h */
int v6t_addr_in4_is_private(const v6t_in4 *a)
{
	return in4_under(a, &special4[SP4_PRIVATE_10].prefix) ||
	       in4_under(a, &special4[SP4_PRIVATE_172].prefix) ||
	       in4_under(a, &special4[SP4_PRIVATE_192].prefix);
}

/* see addr.h */
int v6t_addr_in4_is_shared(const v6t_in4 *a)
{
	return in4_under(a, &special4[SP4_SHARED].prefix);
}

/* see addr.h */
int v6t_addr_in4_is_loopback(const v6t_in4 *a)
{
	return in4_under(a, &special4[SP4_LOOPBACK].prefix);
}

/* see addr.h */
int v6t_addr_in4_is_link_local(const v6t_in4 *a)
{
	return in4_under(a, &special4[SP4_LINK_LOCAL].prefix);
}

/* see addr.h */
int v6t_addr_in4_is_multicast(const v6t_in4 *a)
{
	return in4_under(a, &multicast4);
}

/* see addr.h */
int v6t_addr_in4_is_documentation(const v6t_in4 *a)
{
	return in4_under(a, &special4[SP4_TEST_NET_1].prefix) ||
	       in4_under(a, &special4[SP4_TEST_NET_2].prefix) ||
	       in4_under(a, &special4[SP4_TEST_NET_3].prefix);
}

/* RFC 4291 §2.7: multicast scope 0xe (global) is the only one that leaves
 * the organisation; the four flag bits before it do not matter. */
static int mcast6_scope_is_global(const v6t_in6 *a)
{
	return (a->b[1] & MCAST6_SCOPE_MASK) == MCAST6_SCOPE_GLOBAL;
}

/* see addr.h */
int v6t_addr_in6_is_global(const v6t_in6 *a)
{
	const v6t_special6 *s;
	v6t_in4 v4;

	if (in6_under(a, &multicast6))
		return mcast6_scope_is_global(a);
	s = v6t_addr_in6_special(a);
	if (s == &special6[SP6_6TO4])
		return v6t_addr_6to4_decode(&v4, NULL, a) == V6T_OK &&
		       v6t_addr_in4_is_global(&v4);
	if (s != NULL)
		return (s->attrs & V6T_SPECIAL_GLOBAL) != 0;
	return in6_under(a, &global_unicast6);
}

/* see addr.h */
int v6t_addr_eui48_decode(uint8_t mac[6], const v6t_in6 *a)
{
	const uint8_t *iid = a->b + IID_OFFSET;

	if (in6_under(a, &multicast6) || in6_under(a, &no_eui64_6) ||
	    in6_under(a, &special6[SP6_TEREDO].prefix))
		return V6T_EADDR_WRONG_KIND;
	if (iid[3] != EUI64_FILL_HI || iid[4] != EUI64_FILL_LO)
		return V6T_EADDR_WRONG_KIND;
	mac[0] = (uint8_t)(iid[0] ^ EUI64_UL_BIT);
	mac[1] = iid[1];
	mac[2] = iid[2];
	mac[3] = iid[5];
	mac[4] = iid[6];
	mac[5] = iid[7];
	return V6T_OK;
}
