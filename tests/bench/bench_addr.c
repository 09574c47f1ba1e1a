/*
 * libv6transit - address benchmark.
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Measures ns/op for the functions of addr.h and the EAM table lookups
 * of xlat.h, and glibc's inet_pton() and
 * inet_ntop() on exactly the same inputs. Each case calls one function in a
 * loop over a ring of RING inputs; the loop is timed with
 * clock_gettime(CLOCK_MONOTONIC) several times and the median is reported
 * (bench_util.c, shared with bench_hash and bench_flowlabel).
 * It only reports: no result ever makes it fail.
 *
 * The cases are rows of one table; a row runs once per variant (input set,
 * prefix parameter), which gives names such as "6052_encode/40". See
 * doc/benchmarks.md, and tests/bench/instr_per_call.sh for the instruction
 * counts under callgrind.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <v6transit/v6transit.h>

#include "bench_util.h"

#define RING BENCH_RING
#define RING_MASK BENCH_RING_MASK
#define MAX_INSTANCES 160u

/* ------------------------------------------------------------------ inputs */

static const char *const txt_in4[] = {
	"192.0.2.1", "10.0.0.1", "172.16.254.3", "8.8.8.8",
	"203.0.113.254", "255.255.255.255", "100.64.12.34", "127.0.0.1", NULL
};
static const char *const txt6_compressed[] = {
	"2001:db8::1", "2001:db8:85a3::8a2e:370:7334",
	"fe80::1ff:fe23:4567:890a", "2001:db8:0:1::53",
	"64:ff9b::c000:221", "2002:c000:204::1",
	"fd12:3456:789a:1::1", "ff02::1:ff00:1234", NULL
};
static const char *const txt6_full[] = {
	"2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2001:db8:1:2:3:4:5:6",
	"fe80:0:0:0:200:5efe:c000:201", "2001:0:4136:e378:8000:63bf:3fff:fdd2",
	"2a00:1450:4001:81b:0:0:0:200e", "2606:4700:4700:0:0:0:0:1111",
	"FD00:1234:5678:9ABC:DEF0:1234:5678:9ABC", "2001:db8:a:b:c:d:e:f", NULL
};
static const char *const txt6_mixed[] = {
	"::ffff:192.0.2.1", "64:ff9b::192.0.2.33", "::ffff:10.1.2.3",
	"2001:db8:122:344::192.0.2.33", "fe80::5efe:192.0.2.143",
	"64:ff9b:1::203.0.113.7", "::ffff:0:198.51.100.2",
	"2001:db8::10.0.0.1", NULL
};
static const char *const txt6_short[] = {
	"::1", "::", "fe80::1", "ff02::2", "2001:db8::", "::2", "ff02::fb",
	"::a", NULL
};
static const char *const txt_p4[] = {
	"192.0.2.0/24", "10.0.0.0/8", "172.16.0.0/12", "100.64.0.0/10",
	"198.51.100.128/25", "0.0.0.0/0", "203.0.113.7/32", "192.88.99.0/24",
	NULL
};
static const char *const txt_p6[] = {
	"2001:db8::/32", "64:ff9b::/96", "2002::/16", "fe80::/10",
	"2001:db8:100::/40", "fc00::/7", "::/0", "2001:db8:1234:5678::/64",
	NULL
};
/* The IPv6 sets that, together, form the default IPv6 inputs ("/all"). */
static const char *const *const txt6_all[] = {
	txt6_compressed, txt6_full, txt6_mixed, txt6_short
};

/* The inputs of the case being measured; setup() fills them. Outputs go to
 * the g_o* arrays so that every call has an effect the compiler must keep. */
static const char *g_txt[RING];
static size_t g_len[RING];
static v6t_in4 g_v4[RING];
static v6t_in6 g_v6[RING];
static v6t_prefix4 g_p4[RING];
static v6t_prefix6 g_p6[RING];
static v6t_addr_teredo g_teredo[RING];
static v6t_addr_6a44 g_6a44[RING];
static v6t_prefix6 g_par; /* the variant's prefix parameter */
static unsigned g_masklen; /* the variant's 6rd IPv4MaskLen */
static v6t_in4 g_br;       /* 6rd BR address */
static v6t_addr_6rd g_6rd; /* 6rd domain, from g_par, g_masklen, g_br */
static uint8_t g_iid[8];   /* 6to4 interface identifier */

static v6t_in4 g_o4[RING];
static v6t_in6 g_o6[RING];
static v6t_prefix4 g_op4[RING];
static v6t_prefix6 g_op6[RING];
static v6t_addr_teredo g_oteredo[RING];
static v6t_addr_6a44 g_o6a44[RING];
static uint8_t g_oiid[RING][8];
static unsigned g_oflags[RING];
static uint16_t g_osubnet[RING];
static char g_buf[V6T_IN6_PTR_STRLEN];

/* ------------------------------------------------------------------- ops */
/* One call on input i (already masked). Status functions return 0 on
 * success; glibc's results are mapped the same way. */

static uint64_t op_base(unsigned i)
{
	return g_v4[i].b[0];
}

static uint64_t op_in4_parse(unsigned i)
{
	return (unsigned)v6t_addr_in4_parse(&g_o4[i], g_txt[i], g_len[i]);
}

static uint64_t op_pton4(unsigned i)
{
	return inet_pton(AF_INET, g_txt[i], &g_o4[i]) != 1;
}

static uint64_t op_in4_format(unsigned i)
{
	return (unsigned)v6t_addr_in4_format(g_buf, sizeof g_buf, NULL, &g_v4[i]);
}

static uint64_t op_ntop4(unsigned i)
{
	return inet_ntop(AF_INET, &g_v4[i], g_buf, (socklen_t)sizeof g_buf) == NULL;
}

static uint64_t op_in6_parse(unsigned i)
{
	return (unsigned)v6t_addr_in6_parse(&g_o6[i], g_txt[i], g_len[i]);
}

static uint64_t op_pton6(unsigned i)
{
	return inet_pton(AF_INET6, g_txt[i], &g_o6[i]) != 1;
}

static uint64_t op_in6_format(unsigned i)
{
	return (unsigned)v6t_addr_in6_format(g_buf, sizeof g_buf, NULL, &g_v6[i], 0);
}

static uint64_t op_in6_ptr_format(unsigned i)
{
	return (unsigned)v6t_addr_in6_ptr_format(g_buf, sizeof g_buf, NULL, &g_v6[i]);
}

static uint64_t op_in6_format_mixed(unsigned i)
{
	return (unsigned)v6t_addr_in6_format(g_buf, sizeof g_buf, NULL, &g_v6[i],
					     V6T_FMT_MIXED);
}

static uint64_t op_ntop6(unsigned i)
{
	return inet_ntop(AF_INET6, &g_v6[i], g_buf, (socklen_t)sizeof g_buf) == NULL;
}

static uint64_t op_prefix4_parse(unsigned i)
{
	return (unsigned)v6t_addr_prefix4_parse(&g_op4[i], g_txt[i], g_len[i]);
}

static uint64_t op_prefix6_parse(unsigned i)
{
	return (unsigned)v6t_addr_prefix6_parse(&g_op6[i], g_txt[i], g_len[i]);
}

static uint64_t op_prefix4_format(unsigned i)
{
	return (unsigned)v6t_addr_prefix4_format(g_buf, sizeof g_buf, NULL, &g_p4[i]);
}

static uint64_t op_prefix6_format(unsigned i)
{
	return (unsigned)v6t_addr_prefix6_format(g_buf, sizeof g_buf, NULL, &g_p6[i]);
}

static uint64_t op_6052_prefix_check(unsigned i)
{
	(void)i;
	return (unsigned)v6t_addr_6052_prefix_check(&g_par);
}

static uint64_t op_6052_encode(unsigned i)
{
	return (unsigned)v6t_addr_6052_encode(&g_o6[i], &g_par, &g_v4[i]);
}

static uint64_t op_6052_decode(unsigned i)
{
	return (unsigned)v6t_addr_6052_decode(&g_o4[i], &g_v6[i], &g_par);
}

static uint64_t op_6052_decode_strict(unsigned i)
{
	return (unsigned)v6t_addr_6052_decode_strict(&g_o4[i], &g_v6[i], &g_par);
}

static uint64_t op_6052_check_global(unsigned i)
{
	return (unsigned)v6t_addr_6052_check_global(&g_par, &g_v4[i]);
}

static uint64_t op_6to4_prefix(unsigned i)
{
	return (unsigned)v6t_addr_6to4_prefix(&g_op6[i], &g_v4[i]);
}

static uint64_t op_6to4_encode(unsigned i)
{
	return (unsigned)v6t_addr_6to4_encode(&g_o6[i], &g_v4[i], (uint16_t)i, g_iid);
}

static uint64_t op_6to4_decode(unsigned i)
{
	return (unsigned)v6t_addr_6to4_decode(&g_o4[i], &g_osubnet[i], &g_v6[i]);
}

static uint64_t op_6rd_init(unsigned i)
{
	(void)i;
	return (unsigned)v6t_addr_6rd_init(&g_6rd, &g_par, g_masklen, &g_br);
}

static uint64_t op_6rd_encode(unsigned i)
{
	return (unsigned)v6t_addr_6rd_encode(&g_op6[i], &g_6rd, &g_v4[i]);
}

static uint64_t op_6rd_anycast(unsigned i)
{
	return (unsigned)v6t_addr_6rd_anycast(&g_o6[i], &g_6rd, &g_v4[i]);
}

static uint64_t op_6rd_decode(unsigned i)
{
	return (unsigned)v6t_addr_6rd_decode(&g_o4[i], &g_v6[i], &g_6rd);
}

static uint64_t op_isatap_iid(unsigned i)
{
	return (unsigned)v6t_addr_isatap_iid(g_oiid[i], &g_v4[i], V6T_ADDR_ISATAP_U);
}

static uint64_t op_isatap_encode(unsigned i)
{
	return (unsigned)v6t_addr_isatap_encode(&g_o6[i], &g_par, &g_v4[i],
						V6T_ADDR_ISATAP_U);
}

static uint64_t op_isatap_decode(unsigned i)
{
	return (unsigned)v6t_addr_isatap_decode(&g_o4[i], &g_oflags[i], &g_v6[i]);
}

static uint64_t op_teredo_encode(unsigned i)
{
	return (unsigned)v6t_addr_teredo_encode(&g_o6[i], &g_teredo[i]);
}

static uint64_t op_teredo_decode(unsigned i)
{
	return (unsigned)v6t_addr_teredo_decode(&g_oteredo[i], &g_v6[i]);
}

static uint64_t op_6a44_encode(unsigned i)
{
	return (unsigned)v6t_addr_6a44_encode(&g_o6[i], &g_par, &g_6a44[i]);
}

static uint64_t op_6a44_decode(unsigned i)
{
	return (unsigned)v6t_addr_6a44_decode(&g_o6a44[i], &g_v6[i], &g_par);
}

static uint64_t op_classify(unsigned i)
{
	return (unsigned)v6t_addr_classify(&g_v6[i]);
}

static uint64_t op_in6_special(unsigned i)
{
	const v6t_special6 *e = v6t_addr_in6_special(&g_v6[i]);

	return e != NULL ? e->attrs : 0u;
}

static uint64_t op_in4_special(unsigned i)
{
	const v6t_special4 *e = v6t_addr_in4_special(&g_v4[i]);

	return e != NULL ? e->attrs : 0u;
}

static uint64_t op_eui48_decode(unsigned i)
{
	uint8_t mac[6] = { 0 };

	return (unsigned)v6t_addr_eui48_decode(mac, &g_v6[i]) + mac[0];
}

static uint64_t op_in6_is_global(unsigned i)
{
	return (unsigned)v6t_addr_in6_is_global(&g_v6[i]);
}

static uint64_t op_in4_is_global(unsigned i)
{
	return (unsigned)v6t_addr_in4_is_global(&g_v4[i]);
}

static uint64_t op_in6_in_prefix(unsigned i)
{
	return (unsigned)v6t_addr_in6_in_prefix(&g_v6[i], &g_p6[i]);
}

static uint64_t op_in4_in_prefix(unsigned i)
{
	return (unsigned)v6t_addr_in4_in_prefix(&g_v4[i], &g_p4[i]);
}

/* The EAM table of the eam cases (RFC 7757) and its entries. */
#define EAM_MAX 1001u
static v6t_xlat_eam g_eam[EAM_MAX];
static v6t_xlat_eamt g_eamt;

static v6t_xlat_eam eam_entry(uint32_t v4, unsigned l4, const uint8_t v6[16],
			      unsigned l6)
{
	v6t_xlat_eam x;

	memset(&x, 0, sizeof x);
	x.p4.addr.b[0] = (uint8_t)(v4 >> 24);
	x.p4.addr.b[1] = (uint8_t)(v4 >> 16);
	x.p4.addr.b[2] = (uint8_t)(v4 >> 8);
	x.p4.addr.b[3] = (uint8_t)v4;
	x.p4.len = (uint8_t)l4;
	memcpy(x.p6.addr.b, v6, 16);
	x.p6.len = (uint8_t)l6;
	return x;
}

/* n SIIT-DC style entries, 10.0.0.0/24 + k <-> 2001:db8:k::/120, given in
 * a scrambled order; with nested, also 10.0.0.0/8 <-> 2001:db8:ffff:ff00::/104
 * around them. The ring's IPv4 inputs: one address under entry
 * (i * 617) % n each, or, nested, every other one under the /8 only. */
static uint64_t eam_table(unsigned n, int nested)
{
	static const uint8_t p104[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 0xff };
	uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	unsigned i, k, m = 0;

	for (i = 0; i < n; i++) {
		k = (i * 389u) % n; /* 389 is prime: a permutation of 0..n-1 */
		v6[4] = (uint8_t)(k >> 8);
		v6[5] = (uint8_t)k;
		g_eam[m++] = eam_entry(0x0a000000u + (k << 8), 24, v6, 120);
	}
	if (nested)
		g_eam[m++] = eam_entry(0x0a000000u, 8, p104, 104);
	for (i = 0; i < RING; i++) {
		k = (i * 617u) % n;
		if (nested && (i & 1))
			k = 0x8000u + i; /* 10.128.x.y: only the /8 */
		g_v4[i].b[0] = 10;
		g_v4[i].b[1] = (uint8_t)(k >> 8);
		g_v4[i].b[2] = (uint8_t)k;
		g_v4[i].b[3] = (uint8_t)(i * 37u);
	}
	return (unsigned)v6t_xlat_eamt_init(&g_eamt, g_eam, m,
					    nested ? V6T_XLAT_EAM_NESTED : 0, NULL);
}

static uint64_t op_eam_init_1(unsigned i)
{
	(void)i;
	return eam_table(1, 0);
}

static uint64_t op_eam_init_1000(unsigned i)
{
	(void)i;
	return eam_table(1000, 0);
}

static uint64_t op_eam_init_nested(unsigned i)
{
	(void)i;
	return eam_table(1000, 1);
}

static uint64_t op_eam_4to6(unsigned i)
{
	return (unsigned)v6t_xlat_eamt_4to6(&g_eamt, &g_v4[i], &g_o6[i]);
}

static uint64_t op_eam_6to4(unsigned i)
{
	return (unsigned)v6t_xlat_eamt_6to4(&g_eamt, &g_v6[i], &g_o4[i]);
}

/* ------------------------------------------------------------------ table */

/* One input set or parameter a row runs with. */
struct variant {
	const char *suffix;       /* appended to the row name; NULL ends a list */
	const char *const *text;  /* text inputs, NULL-terminated; NULL: defaults */
	const char *param;        /* prefix parameter "addr/len", or NULL */
	unsigned masklen;         /* 6rd IPv4MaskLen */
	bench_op init;            /* sets up a context from the above, or NULL */
};

/* What a row's op returns, and so what setup checks before timing. */
enum expect {
	ANY,    /* a kind, a flag or a status that may legitimately fail */
	ALL_OK  /* 0 for every input of the ring */
};

struct row {
	const char *group;          /* section of the report */
	const char *name;
	const char *symbol;         /* function timed (for callgrind), or NULL */
	bench_op op;
	const struct variant *var;
	bench_op prep;              /* produces the IPv6 inputs (an encoder), or NULL */
	const char *ref;            /* glibc row to compare with, or NULL */
	enum expect expect;
};

#define END_VARIANTS { NULL, NULL, NULL, 0, NULL }

static const struct variant v_default[] = { { "", NULL, NULL, 0, NULL }, END_VARIANTS };
static const struct variant v_in4[] = { { "", txt_in4, NULL, 0, NULL }, END_VARIANTS };
static const struct variant v_p4[] = { { "", txt_p4, NULL, 0, NULL }, END_VARIANTS };
static const struct variant v_p6[] = { { "", txt_p6, NULL, 0, NULL }, END_VARIANTS };
static const struct variant v_in6[] = {
	{ "/compressed", txt6_compressed, NULL, 0, NULL },
	{ "/full", txt6_full, NULL, 0, NULL },
	{ "/mixed", txt6_mixed, NULL, 0, NULL },
	{ "/short", txt6_short, NULL, 0, NULL },
	{ "/all", NULL, NULL, 0, NULL },
	END_VARIANTS
};
static const struct variant v_in6_mixed[] = {
	{ "/mixed", txt6_mixed, NULL, 0, NULL }, END_VARIANTS
};
/* RFC 6052 §2.4: the example prefixes of each allowed length. */
static const struct variant v_6052[] = {
	{ "/32", NULL, "2001:db8::/32", 0, NULL },
	{ "/40", NULL, "2001:db8:100::/40", 0, NULL },
	{ "/48", NULL, "2001:db8:122::/48", 0, NULL },
	{ "/56", NULL, "2001:db8:122:300::/56", 0, NULL },
	{ "/64", NULL, "2001:db8:122:344::/64", 0, NULL },
	{ "/96", NULL, "2001:db8:122:344::/96", 0, NULL },
	END_VARIANTS
};
static const struct variant v_6052_cfg[] = {
	{ "/40", NULL, "2001:db8:100::/40", 0, NULL },
	{ "/96", NULL, "2001:db8:122:344::/96", 0, NULL },
	END_VARIANTS
};
static const struct variant v_wkp[] = { { "/wkp", NULL, "64:ff9b::/96", 0, NULL }, END_VARIANTS };
/* 6rd: IPv4 bits starting on a byte boundary (RFC 5969 §4 style /32 with
 * IPv4MaskLen 8, giving a /56), and starting mid-byte (/44, 12, a /64). */
static const struct variant v_6rd[] = {
	{ "/aligned", NULL, "2001:db8::/32", 8, op_6rd_init },
	{ "/unaligned", NULL, "2001:db8:ab0::/44", 12, op_6rd_init },
	END_VARIANTS
};
static const struct variant v_isatap[] = { { "", NULL, "2001:db8:1:2::/64", 0, NULL }, END_VARIANTS };
static const struct variant v_6a44[] = { { "", NULL, "2001:db8:6a44::/48", 0, NULL }, END_VARIANTS };

/* EAM tables: one entry (a CLAT, RFC 7757 Figure 4), 1000 disjoint ones,
 * and 1000 inside a /8 with half the lookups one link up. */
static const struct variant v_eam[] = {
	{ "/1", NULL, NULL, 0, op_eam_init_1 },
	{ "/1000", NULL, NULL, 0, op_eam_init_1000 },
	{ "/1000_nested", NULL, NULL, 0, op_eam_init_nested },
	END_VARIANTS
};

static const struct row rows[] = {
	{ "base", "loop_overhead", NULL, op_base, v_default, NULL, NULL, ANY },

	{ "text", "in4_parse", "v6t_addr_in4_parse", op_in4_parse, v_in4, NULL, "glibc_pton4", ALL_OK },
	{ "text", "glibc_pton4", "inet_pton", op_pton4, v_in4, NULL, NULL, ALL_OK },
	{ "text", "in4_format", "v6t_addr_in4_format", op_in4_format, v_in4, NULL, "glibc_ntop4", ALL_OK },
	{ "text", "glibc_ntop4", "inet_ntop", op_ntop4, v_in4, NULL, NULL, ALL_OK },
	{ "text", "in6_parse", "v6t_addr_in6_parse", op_in6_parse, v_in6, NULL, "glibc_pton6", ALL_OK },
	{ "text", "glibc_pton6", "inet_pton", op_pton6, v_in6, NULL, NULL, ALL_OK },
	{ "text", "in6_format", "v6t_addr_in6_format", op_in6_format, v_in6, NULL, "glibc_ntop6", ALL_OK },
	{ "text", "in6_format_mixed", "v6t_addr_in6_format", op_in6_format_mixed, v_in6_mixed, NULL, "glibc_ntop6", ALL_OK },
	{ "text", "glibc_ntop6", "inet_ntop", op_ntop6, v_in6, NULL, NULL, ALL_OK },
	{ "text", "in6_ptr_format", "v6t_addr_in6_ptr_format", op_in6_ptr_format, v_default, NULL, NULL, ALL_OK },
	{ "text", "prefix4_parse", "v6t_addr_prefix4_parse", op_prefix4_parse, v_p4, NULL, NULL, ALL_OK },
	{ "text", "prefix4_format", "v6t_addr_prefix4_format", op_prefix4_format, v_p4, NULL, NULL, ALL_OK },
	{ "text", "prefix6_parse", "v6t_addr_prefix6_parse", op_prefix6_parse, v_p6, NULL, NULL, ALL_OK },
	{ "text", "prefix6_format", "v6t_addr_prefix6_format", op_prefix6_format, v_p6, NULL, NULL, ALL_OK },

	{ "embed", "6052_encode", "v6t_addr_6052_encode", op_6052_encode, v_6052, NULL, NULL, ALL_OK },
	{ "embed", "6052_decode", "v6t_addr_6052_decode", op_6052_decode, v_6052, op_6052_encode, NULL, ALL_OK },
	{ "embed", "6052_decode_strict", "v6t_addr_6052_decode_strict", op_6052_decode_strict, v_6052, op_6052_encode, NULL, ALL_OK },
	{ "embed", "6to4_prefix", "v6t_addr_6to4_prefix", op_6to4_prefix, v_default, NULL, NULL, ALL_OK },
	{ "embed", "6to4_encode", "v6t_addr_6to4_encode", op_6to4_encode, v_default, NULL, NULL, ALL_OK },
	{ "embed", "6to4_decode", "v6t_addr_6to4_decode", op_6to4_decode, v_default, op_6to4_encode, NULL, ALL_OK },
	{ "embed", "6rd_encode", "v6t_addr_6rd_encode", op_6rd_encode, v_6rd, NULL, NULL, ALL_OK },
	{ "embed", "6rd_anycast", "v6t_addr_6rd_anycast", op_6rd_anycast, v_6rd, NULL, NULL, ALL_OK },
	{ "embed", "6rd_decode", "v6t_addr_6rd_decode", op_6rd_decode, v_6rd, op_6rd_anycast, NULL, ALL_OK },
	{ "embed", "isatap_iid", "v6t_addr_isatap_iid", op_isatap_iid, v_default, NULL, NULL, ALL_OK },
	{ "embed", "isatap_encode", "v6t_addr_isatap_encode", op_isatap_encode, v_isatap, NULL, NULL, ALL_OK },
	{ "embed", "isatap_decode", "v6t_addr_isatap_decode", op_isatap_decode, v_isatap, op_isatap_encode, NULL, ALL_OK },
	{ "embed", "teredo_encode", "v6t_addr_teredo_encode", op_teredo_encode, v_default, NULL, NULL, ALL_OK },
	{ "embed", "teredo_decode", "v6t_addr_teredo_decode", op_teredo_decode, v_default, op_teredo_encode, NULL, ALL_OK },
	{ "embed", "6a44_encode", "v6t_addr_6a44_encode", op_6a44_encode, v_6a44, NULL, NULL, ALL_OK },
	{ "embed", "6a44_decode", "v6t_addr_6a44_decode", op_6a44_decode, v_6a44, op_6a44_encode, NULL, ALL_OK },

	{ "eam", "eam_4to6", "v6t_xlat_eamt_4to6", op_eam_4to6, v_eam, NULL, NULL, ALL_OK },
	{ "eam", "eam_6to4", "v6t_xlat_eamt_6to4", op_eam_6to4, v_eam, op_eam_4to6, NULL, ALL_OK },

	{ "check", "6052_prefix_check", "v6t_addr_6052_prefix_check", op_6052_prefix_check, v_6052_cfg, NULL, NULL, ALL_OK },
	{ "check", "6052_check_global", "v6t_addr_6052_check_global", op_6052_check_global, v_wkp, NULL, NULL, ANY },
	{ "check", "6rd_init", "v6t_addr_6rd_init", op_6rd_init, v_6rd, NULL, NULL, ALL_OK },

	{ "class", "classify", "v6t_addr_classify", op_classify, v_default, NULL, NULL, ANY },
	{ "class", "in6_special", "v6t_addr_in6_special", op_in6_special, v_default, NULL, NULL, ANY },
	{ "class", "in4_special", "v6t_addr_in4_special", op_in4_special, v_default, NULL, NULL, ANY },
	{ "class", "in6_is_global", "v6t_addr_in6_is_global", op_in6_is_global, v_default, NULL, NULL, ANY },
	{ "class", "in4_is_global", "v6t_addr_in4_is_global", op_in4_is_global, v_default, NULL, NULL, ANY },
	{ "class", "in6_in_prefix", "v6t_addr_in6_in_prefix", op_in6_in_prefix, v_default, NULL, NULL, ANY },
	{ "class", "in4_in_prefix", "v6t_addr_in4_in_prefix", op_in4_in_prefix, v_default, NULL, NULL, ANY },
	{ "class", "eui48_decode", "v6t_addr_eui48_decode", op_eui48_decode, v_default, NULL, NULL, ANY },
};

#define N_ROWS (sizeof rows / sizeof rows[0])

/* A row with one of its variants, and its result once measured. */
struct instance {
	char name[48];
	const struct row *row;
	const struct variant *var;
	int measured;
	int failures; /* inputs of the ring on which an ALL_OK op failed */
	double ns;    /* median ns per call */
};

static struct instance insts[MAX_INSTANCES];
static size_t n_insts;

/* ------------------------------------------------------------------ setup */

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "bench_addr: %s: %s\n", what, detail);
	exit(2);
}

/* Parse "addr/len" with glibc, so that the inputs do not depend on the
 * library under test. */
static void parse_prefix(const char *s, int af, void *addr, uint8_t *len)
{
	char tmp[64];
	const char *slash = strchr(s, '/');
	size_t n = slash != NULL ? (size_t)(slash - s) : 0;

	if (slash == NULL || n >= sizeof tmp)
		die("bad prefix in the input table", s);
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (inet_pton(af, tmp, addr) != 1)
		die("bad prefix in the input table", s);
	*len = (uint8_t)strtoul(slash + 1, NULL, 10);
}

/* Put text i of a set into the ring and its binary form into the array of
 * its family (recognised by its characters). */
static void set_text(unsigned i, const char *s)
{
	g_txt[i] = s;
	g_len[i] = strlen(s);
	if (strchr(s, '/') != NULL && strchr(s, ':') != NULL)
		parse_prefix(s, AF_INET6, &g_p6[i].addr, &g_p6[i].len);
	else if (strchr(s, '/') != NULL)
		parse_prefix(s, AF_INET, &g_p4[i].addr, &g_p4[i].len);
	else if (inet_pton(strchr(s, ':') != NULL ? AF_INET6 : AF_INET, s,
			   strchr(s, ':') != NULL ? (void *)&g_v6[i] : (void *)&g_v4[i]) != 1)
		die("bad address in the input table", s);
}

/* Fill the ring by cycling through a NULL-terminated set. */
static void ring_text(const char *const *set)
{
	unsigned i, n = 0;

	while (set[n] != NULL)
		n++;
	for (i = 0; i < RING; i++)
		set_text(i, set[i % n]);
}

/* The default inputs: all IPv6 sets, the prefix sets, IPv4 addresses from
 * the text set followed by a deterministic spread over the whole space. */
static void setup_defaults(void)
{
	uint32_t x = 0x2545f491u;
	unsigned i, j, k = 0;

	ring_text(txt_p4);
	ring_text(txt_p6);
	ring_text(txt_in4);
	/* last, so that the default text ring is the IPv6 one ("/all") */
	for (i = 0; k < RING; i = (i + 1u) % 4u) {
		for (j = 0; txt6_all[i][j] != NULL && k < RING; j++)
			set_text(k++, txt6_all[i][j]);
	}
	for (i = 8; i < RING; i++) {
		x = x * 1664525u + 1013904223u; /* Numerical Recipes LCG */
		g_v4[i].b[0] = (uint8_t)(x >> 24);
		g_v4[i].b[1] = (uint8_t)(x >> 16);
		g_v4[i].b[2] = (uint8_t)(x >> 8);
		g_v4[i].b[3] = (uint8_t)x;
	}
	for (i = 0; i < RING; i++) {
		g_teredo[i].server = g_v4[(i + 1u) & RING_MASK];
		g_teredo[i].flags = (uint16_t)(i % 2u != 0 ? V6T_ADDR_TEREDO_CONE : 0u);
		g_teredo[i].port = (uint16_t)(40000u + i * 97u);
		g_teredo[i].client = g_v4[i];
		g_6a44[i].site = g_v4[(i + 1u) & RING_MASK];
		g_6a44[i].port = (uint16_t)(1024u + i * 131u);
		g_6a44[i].client = g_v4[i];
	}
	memcpy(g_iid, "\x02\x00\x5e\xfe\xc0\x00\x02\x01", sizeof g_iid);
	g_br.b[0] = 192;
	g_br.b[1] = 0;
	g_br.b[2] = 2;
	g_br.b[3] = 1;
}

/* Make the ring hold the inputs of instance t. */
static void setup(const struct instance *t)
{
	unsigned i;

	setup_defaults();
	if (t->var->text != NULL)
		ring_text(t->var->text);
	if (t->var->param != NULL)
		parse_prefix(t->var->param, AF_INET6, &g_par.addr, &g_par.len);
	g_masklen = t->var->masklen;
	if (t->var->init != NULL && t->var->init(0) != 0)
		die("could not set up the context of", t->name);
	if (t->row->prep != NULL) {
		for (i = 0; i < RING; i++)
			if (t->row->prep(i) != 0)
				die("could not make the inputs of", t->name);
		memcpy(g_v6, g_o6, sizeof g_v6);
	}
}

/* Count the inputs on which an op expected to succeed fails (a broken input
 * set or a library bug); the case is still timed, and flagged. */
static void check(struct instance *t)
{
	unsigned i;

	t->failures = 0;
	if (t->row->expect == ALL_OK)
		for (i = 0; i < RING; i++)
			t->failures += t->row->op(i) != 0;
}

/* ---------------------------------------------------------------- timing */

/*
 * Median ns per call of instance t, and of its glibc twin g (or NULL) on the
 * same inputs: their runs alternate (bench_measure()), so that both see the
 * same load on a busy machine. With a fixed count, each case makes exactly
 * iters * (runs + 1) calls after setup (instr_per_call.sh relies on that).
 */
static void measure(struct instance *t, struct instance *g,
		    const struct bench_opts *opt)
{
	struct instance *pair[BENCH_MAX_JOBS];
	struct bench_job jobs[BENCH_MAX_JOBS];
	unsigned k, np = 1;

	if (t->measured)
		return;
	pair[0] = t;
	/* the twin shares the ring only if it reads the same text as t */
	if (g != NULL && !g->measured && g->row->prep == NULL &&
	    g->var->text == t->var->text && g->var->param == NULL)
		pair[np++] = g;
	else if (g != NULL)
		measure(g, NULL, opt);
	setup(t);
	for (k = 0; k < np; k++) {
		check(pair[k]);
		jobs[k].op = pair[k]->row->op;
		jobs[k].mode = BENCH_THROUGHPUT;
	}
	bench_measure(jobs, np, opt);
	for (k = 0; k < np; k++) {
		pair[k]->ns = jobs[k].ns;
		pair[k]->measured = 1;
	}
}

/* --------------------------------------------------------------- report */

static struct instance *find(const char *name)
{
	size_t i;

	for (i = 0; i < n_insts; i++)
		if (strcmp(insts[i].name, name) == 0)
			return &insts[i];
	return NULL;
}

static void expand(void)
{
	size_t r;
	const struct variant *v;

	for (r = 0; r < N_ROWS; r++) {
		for (v = rows[r].var; v->suffix != NULL; v++) {
			struct instance *t = &insts[n_insts++];

			if (n_insts > MAX_INSTANCES)
				die("too many cases", "raise MAX_INSTANCES");
			snprintf(t->name, sizeof t->name, "%s%s", rows[r].name, v->suffix);
			t->row = &rows[r];
			t->var = v;
		}
	}
}

/* The glibc twin of t: the ref row with the same variant suffix. */
static struct instance *twin(const struct instance *t)
{
	char name[64];

	if (t->row->ref == NULL)
		return NULL;
	snprintf(name, sizeof name, "%s%s", t->row->ref, t->var->suffix);
	return find(name);
}

static void print_line(const struct instance *t, const struct instance *g)
{
	char ratio[32] = "";

	if (g != NULL && g->ns > 0)
		snprintf(ratio, sizeof ratio, "%.2f", t->ns / g->ns);
	printf("%-30s %10.2f %10.2f %10s", t->name, t->ns,
	       t->ns > 0 ? 1e3 / t->ns : 0.0, ratio);
	if (t->failures != 0)
		printf("   FAILED on %d of %u inputs", t->failures, RING);
	printf("\n");
}

int main(int argc, char **argv)
{
	struct bench_opts opt;
	const char *group = "";
	size_t i;

	bench_parse_args(argc, argv, "bench_addr", &opt);
	expand();
	if (opt.list) {
		for (i = 0; i < n_insts; i++)
			bench_list(&opt, insts[i].name, insts[i].row->group,
				   insts[i].row->symbol);
		return 0;
	}
	printf("libv6transit %s, compiler %s; ring of %u inputs, median of %u runs, %s\n",
	       v6t_version(), bench_compiler(), RING, opt.runs,
	       bench_iters_kind(&opt));
	printf("lib/glibc: library time over glibc time on the same inputs (< 1: library faster)\n");
	for (i = 0; i < n_insts; i++) {
		struct instance *t = &insts[i], *g;

		if (!bench_selected(&opt, t->name))
			continue;
		if (strcmp(group, t->row->group) != 0) {
			group = t->row->group;
			printf("\n[%s]\n%-30s %10s %10s %10s\n", group, "name", "ns/op",
			       "Mops/s", "lib/glibc");
		}
		g = twin(t);
		measure(t, g, &opt);
		print_line(t, g);
		fflush(stdout);
	}
	return 0;
}
