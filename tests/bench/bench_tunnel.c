/*
 * libv6transit - protocol-41 tunnel benchmark.
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * ns/op and packets per second of v6t_tun_p41_encap() (by copy),
 * v6t_tun_p41_encap_inplace() (into 20 bytes of headroom) and
 * v6t_tun_p41_decap() with every check on (V6T_P41_CHK_ALL), for 6in4,
 * 6to4, 6rd (CE) and ISATAP, with inner IPv6 UDP packets of 64, 576 and
 * 1480 bytes (1480: the default tunnel MTU), each timed next to memcpy()
 * of the same input bytes (alternately, run for run, so that load slows
 * both alike).
 *
 * Every case cycles through a ring of RING packets (of different
 * addresses where the mechanism allows: 6to4 and 6rd peers from random
 * global IPv4 addresses, inner 6in4 hosts; the 6in4 peer and the ISATAP
 * router are one address), each one that the mechanism forwards and whose
 * checks pass (6to4, 6rd and ISATAP sources embedding their outer
 * source), and
 * its setup checks that each is forwarded. Neither call changes what the
 * next one reads: encap writes only the outer header (the same bytes each
 * time in place), decap only the inner ECN field (to the value it has:
 * outer and inner Not-ECT), so no restore is needed.
 *
 * It takes the options of bench_addr (--iters, --runs, --filter, --only,
 * --list); --list gives the function each case calls, for
 * tests/bench/instr_per_call.sh (... BUILD '.*' bench_tunnel). With --iters
 * N --runs 1, a case makes exactly 2 * N calls of its function after setup
 * (and its memcpy twin 2 * N more).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <string.h>

#include <v6transit/v6transit.h>

#include "bench_util.h"

#define RING BENCH_RING
#define PKT_MAX 1480u
#define HEAD 20u
#define BUF_LEN (HEAD + PKT_MAX)
#define PROTO_UDP 17

enum op_kind { K_MEMCPY, K_ENCAP, K_INPLACE, K_DECAP };

static const unsigned sizes[3] = { 64, 576, 1480 };
static const int mechs[4] = { V6T_P41_CONFIGURED, V6T_P41_6TO4,
			      V6T_P41_6RD_CE, V6T_P41_ISATAP };
static const char *const mech_names[4] = { "6in4", "6to4", "6rd", "isatap" };

/* Our end: 9.1.2.3. The 6in4 peer and 6rd BR: 9.0.0.1. */
static const uint8_t LOCAL4[4] = { 9, 1, 2, 3 };
static const uint8_t PEER4[4] = { 9, 0, 0, 1 };

static v6t_tun_p41 g_t;
/* The ring: at HEAD in g_buf the IPv6 packet (encap), at 0 the whole
 * IPv4 packet (decap). */
static uint8_t g_buf[RING][BUF_LEN];
static uint8_t g_out[BUF_LEN];
static size_t g_len; /* the input's length */
static unsigned g_off; /* the input's offset in g_buf */

static uint64_t xs64(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void st16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* ------------------------------------------------------------- tunnels */

static void setup_tunnel(int mech)
{
	v6t_tun_p41_config c;
	v6t_prefix6 p;
	v6t_in4 br;
	static v6t_in4 prl[1];

	memset(&c, 0, sizeof(c));
	memset(&p, 0, sizeof(p));
	c.mech = mech;
	memcpy(c.local.b, LOCAL4, 4);
	memcpy(c.remote.b, PEER4, 4);
	memcpy(br.b, PEER4, 4);
	memcpy(prl[0].b, PEER4, 4);
	c.local6.b[0] = 0x20;
	c.local6.b[1] = 0x01;
	c.local6.b[15] = 1;
	c.mtu4 = 1500;
	c.mtu6 = 1480;
	c.df_mode = V6T_P41_DF_STATIC;
	/* 6rd 2001:db8::/32, IPv4MaskLen 8; ISATAP 2001:db8::/64 */
	p.addr.b[0] = 0x20;
	p.addr.b[1] = 0x01;
	p.addr.b[2] = 0x0d;
	p.addr.b[3] = 0xb8;
	p.len = 32;
	if (v6t_addr_6rd_init(&c.domain, &p, 8, &br) != V6T_OK)
		fprintf(stderr, "bench_tunnel: 6rd domain\n");
	c.isatap_prefix = p;
	c.isatap_prefix.len = 64;
	c.prl = prl;
	c.prl_len = 1;
	c.flags = V6T_P41_CHK_ALL;
	if (v6t_tun_p41_init(&g_t, &c) != V6T_OK)
		fprintf(stderr, "bench_tunnel: init\n");
}

/* ------------------------------------------------------------- packets */

/* A global IPv4 address 9.x.y.z (RFC 3964 §5.3.1 wants global ones). */
static void peer4(uint8_t a[4], uint64_t *seed)
{
	uint64_t r = xs64(seed);

	a[0] = 9;
	a[1] = (uint8_t)(1 + r % 200);
	a[2] = (uint8_t)(r >> 8);
	a[3] = (uint8_t)(1 + (r >> 16) % 250);
}

/* The inner addresses for mechanism m from the peer at v4: the peer's
 * address (source) and ours (destination). */
static void inner_addrs(int m, const uint8_t v4[4], uint8_t s6[16],
			uint8_t d6[16], uint64_t *seed)
{
	static const uint8_t db8[4] = { 0x20, 0x01, 0x0d, 0xb8 };
	uint64_t r = xs64(seed);

	memset(s6, 0, 16);
	memset(d6, 0, 16);
	if (m == V6T_P41_6TO4) { /* 2002:V4ADDR::/48 (RFC 3056 §2) */
		s6[0] = d6[0] = 0x20;
		s6[1] = d6[1] = 0x02;
		memcpy(s6 + 2, v4, 4);
		memcpy(d6 + 2, LOCAL4, 4);
	} else if (m == V6T_P41_6RD_CE) { /* the low 24 bits after /32 */
		memcpy(s6, db8, 4);
		memcpy(s6 + 4, v4 + 1, 3);
		memcpy(d6, db8, 4);
		memcpy(d6 + 4, LOCAL4 + 1, 3);
	} else if (m == V6T_P41_ISATAP) { /* ::0200:5efe:V4ADDR (RFC 5214) */
		memcpy(s6, db8, 4);
		memcpy(d6, db8, 4);
		s6[8] = d6[8] = 0x02;
		s6[10] = d6[10] = 0x5e;
		s6[11] = d6[11] = 0xfe;
		memcpy(s6 + 12, v4, 4);
		memcpy(d6 + 12, LOCAL4, 4);
		return;
	} else {
		memcpy(s6, db8, 4);
		memcpy(d6, db8, 4);
	}
	s6[15] = (uint8_t)(1 + r % 250);
	d6[15] = (uint8_t)(1 + (r >> 8) % 250);
}

/* A UDP/IPv6 packet of n bytes at p (payload random; the checksum is not
 * looked at by either function). */
static void make6(uint8_t *p, size_t n, const uint8_t s6[16],
		  const uint8_t d6[16], uint64_t *seed)
{
	size_t i;

	for (i = 40; i < n; i++)
		p[i] = (uint8_t)xs64(seed);
	memset(p, 0, 8);
	p[0] = 0x60;
	st16(p + 4, (unsigned)(n - 40));
	p[6] = PROTO_UDP;
	p[7] = 64;
	memcpy(p + 8, s6, 16);
	memcpy(p + 24, d6, 16);
	st16(p + 40, 1024u + (unsigned)(xs64(seed) % 60000u));
	st16(p + 42, 53);
	st16(p + 44, (unsigned)(n - 40));
}

/* The IPv4 header from src to us in front of an inner packet of n bytes,
 * with its checksum (RFC 791, RFC 1071). */
static void make4(uint8_t *p, size_t n, const uint8_t src[4])
{
	uint32_t sum = 0;
	unsigned i;

	memset(p, 0, 20);
	p[0] = 0x45;
	st16(p + 2, (unsigned)(n + 20));
	p[8] = 64;
	p[9] = V6T_P41_PROTO;
	memcpy(p + 12, src, 4);
	memcpy(p + 16, LOCAL4, 4);
	for (i = 0; i < 20; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffffu) + (sum >> 16);
	st16(p + 10, ~sum & 0xffffu);
}

/* ----------------------------------------------------------------- cases */

struct tcase {
	char name[40];
	const char *group;
	const char *symbol;
	int mech;         /* index into mechs */
	enum op_kind kind;
	unsigned size;    /* the inner IPv6 packet */
};

#define N_CASES (3 + 4 * 3 * 3)
static struct tcase g_cases[N_CASES];
static unsigned g_n;

static void add_cases(void)
{
	static const char *const kinds[4] = { "memcpy", "encap", "inplace", "decap" };
	static const char *const symbols[4] = { "bench_memcpy", "v6t_tun_p41_encap",
						"v6t_tun_p41_encap_inplace",
						"v6t_tun_p41_decap" };
	unsigned m, k, s;

	for (s = 0; s < 3; s++) {
		struct tcase *c = &g_cases[g_n++];

		snprintf(c->name, sizeof c->name, "memcpy/%u", sizes[s]);
		c->group = "memcpy";
		c->symbol = symbols[K_MEMCPY];
		c->kind = K_MEMCPY;
		c->size = sizes[s];
	}
	for (m = 0; m < 4; m++)
		for (k = K_ENCAP; k <= K_DECAP; k++)
			for (s = 0; s < 3; s++) {
				struct tcase *c = &g_cases[g_n++];

				snprintf(c->name, sizeof c->name, "%s/%s/%u",
					 mech_names[m], kinds[k], sizes[s]);
				c->group = kinds[k];
				c->symbol = symbols[k];
				c->mech = (int)m;
				c->kind = (enum op_kind)k;
				c->size = sizes[s];
			}
}

static void build_ring(const struct tcase *c)
{
	uint64_t seed = 0x9e3779b97f4a7c15u ^ c->size;
	int m = mechs[c->mech];
	unsigned i;

	for (i = 0; i < RING; i++) {
		uint8_t v4[4], s6[16], d6[16];

		memset(g_buf[i], 0, BUF_LEN);
		peer4(v4, &seed);
		if (m == V6T_P41_CONFIGURED || m == V6T_P41_ISATAP)
			memcpy(v4, PEER4, 4); /* the peer; ISATAP: the PRL router */
		inner_addrs(m, v4, s6, d6, &seed);
		if (m == V6T_P41_ISATAP)
			memcpy(s6 + 12, PEER4, 4);
		if (c->kind == K_DECAP) {
			make6(g_buf[i] + HEAD, c->size, s6, d6, &seed);
			make4(g_buf[i], c->size, v4);
		} else {
			/* encap: the other way, to the peer */
			make6(g_buf[i] + HEAD, c->size, d6, s6, &seed);
		}
	}
	g_len = c->kind == K_DECAP ? c->size + HEAD : c->size;
	g_off = c->kind == K_DECAP ? 0 : HEAD;
}

/* ------------------------------------------------------------------ ops */


static uint64_t op_memcpy(unsigned i)
{
	return bench_memcpy(g_out, g_buf[i] + g_off, g_len);
}

static uint64_t op_encap(unsigned i)
{
	v6t_tun_result r;

	(void)v6t_tun_p41_encap(&g_t, g_buf[i] + HEAD, g_len, (uint16_t)i, g_out,
				sizeof g_out, &r);
	return r.len + (uint64_t)r.verdict;
}

static uint64_t op_inplace(unsigned i)
{
	v6t_tun_result r;

	(void)v6t_tun_p41_encap_inplace(&g_t, g_buf[i], BUF_LEN, g_len, 1, &r);
	return r.len + (uint64_t)r.verdict;
}

static uint64_t op_decap(unsigned i)
{
	v6t_tun_result r;

	(void)v6t_tun_p41_decap(&g_t, g_buf[i], g_len, &r);
	return r.len + (uint64_t)r.verdict;
}

static const bench_op ops[4] = { op_memcpy, op_encap, op_inplace, op_decap };

/* Whether every packet of the ring is forwarded. */
static int check_ring(const struct tcase *c)
{
	unsigned i;

	for (i = 0; i < RING; i++) {
		v6t_tun_result r;
		int rc;

		if (c->kind == K_ENCAP)
			rc = v6t_tun_p41_encap(&g_t, g_buf[i] + HEAD, g_len, 1, g_out,
					       sizeof g_out, &r);
		else if (c->kind == K_INPLACE)
			rc = v6t_tun_p41_encap_inplace(&g_t, g_buf[i], BUF_LEN, g_len,
						       1, &r);
		else
			rc = v6t_tun_p41_decap(&g_t, g_buf[i], g_len, &r);
		if (rc != V6T_OK || r.verdict != V6T_TUN_FORWARD)
			return 0;
	}
	return 1;
}

int main(int argc, char **argv)
{
	struct bench_opts opt;
	unsigned j;

	bench_parse_args(argc, argv, "bench_tunnel", &opt);
	add_cases();
	if (opt.list) {
		for (j = 0; j < g_n; j++)
			bench_list(&opt, g_cases[j].name, g_cases[j].group,
				   g_cases[j].symbol);
		return 0;
	}
	printf("libv6transit %s, compiler %s; ring of %u packets, median of %u runs, %s\n",
	       v6t_version(), bench_compiler(), RING, opt.runs,
	       bench_iters_kind(&opt));
	printf("%-28s %9s %12s %11s %9s\n", "case", "ns/op", "packets/s",
	       "memcpy ns", "x memcpy");
	for (j = 0; j < g_n; j++) {
		const struct tcase *c = &g_cases[j];
		struct bench_job jobs[2];

		if (!bench_selected(&opt, c->name))
			continue;
		setup_tunnel(mechs[c->mech]);
		build_ring(c);
		jobs[0].op = ops[c->kind];
		jobs[0].mode = jobs[1].mode = BENCH_THROUGHPUT;
		jobs[1].op = op_memcpy;
		if (c->kind == K_MEMCPY) {
			bench_measure(jobs, 1, &opt);
			printf("%-28s %9.2f %12.0f %11s %9s\n", c->name, jobs[0].ns,
			       1e9 / jobs[0].ns, "-", "-");
			continue;
		}
		if (!check_ring(c)) {
			fprintf(stderr, "bench_tunnel: %s: a packet is not forwarded\n",
				c->name);
			return 1;
		}
		bench_measure(jobs, 2, &opt);
		printf("%-28s %9.2f %12.0f %11.2f %9.2f\n", c->name, jobs[0].ns,
		       1e9 / jobs[0].ns, jobs[1].ns, jobs[0].ns / jobs[1].ns);
		fflush(stdout);
	}
	return 0;
}
