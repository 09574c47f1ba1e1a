/*
 * libv6transit - translation (SIIT) benchmark.
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * ns/op and packets per second of v6t_xlat_translate_inplace() and
 * v6t_xlat_translate() for TCP, UDP and ICMP echo packets of 64, 576 and
 * 1500 bytes (the input's IP length), IPv4 to IPv6 and IPv6 to IPv4, each
 * timed next to memcpy() of the same bytes (alternately, run for run, so
 * that load slows both alike). Two configurations:
 *
 * - wkp: pool6 64:ff9b::/96 (RFC 6052 §2.1), no EAM table; every IPv4
 *   address global, as the RFC 6052 §3.1 check wants;
 * - eam: pool6 2001:db8:100::/40 and an EAM table of 8 entries (RFC 7757);
 *   the IPv6-side host (4to6 destination, 6to4 source) is mapped by the
 *   table, the IPv4-side host by the pool.
 *
 * The IPv6 side's MTU is 9000 and IPv4 packets carry DF, so that a
 * 1500-byte IPv4 packet is translated, not answered with Fragmentation
 * Needed (RFC 7915 §4.1). Every case cycles through a ring of RING
 * packets of different addresses and ports; its setup checks that each is
 * forwarded.
 *
 * In place, each call first restores the bytes the previous call changed
 * (the IP and transport headers, RESTORE_LEN bytes from the headroom on)
 * from a pristine copy; the restore is part of the time (the "restore"
 * rows time it alone) but not of the instructions, which
 * tests/bench/instr_per_call.sh counts inside the library function only
 * (--toggle-collect). By copy, the packet is translated into one output
 * buffer, and memcpy copies it into the same buffer.
 *
 * It takes the options of bench_addr (--iters, --runs, --filter, --only,
 * --list); --list gives the function each case calls, for
 * instr_per_call.sh. With --iters N --runs 1, a case makes exactly 2 * N
 * calls of its function after setup (and its memcpy twin 2 * N more).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <v6transit/v6transit.h>

#include "bench_util.h"
#include "checksum.h"

#define RING BENCH_RING
#define PKT_MAX 1500
#define HEADROOM V6T_XLAT_HEADROOM
#define BUF_LEN (HEADROOM + PKT_MAX + V6T_XLAT_GROWTH)
/* Bytes an in-place call may change, from the start of the headroom: the
 * new IP header in front of the packet, the old IP header and the
 * transport header (whose checksum is patched). */
#define RESTORE_LEN (HEADROOM + 40 + 20)

#define PROTO_ICMP 1
#define PROTO_TCP 6
#define PROTO_UDP 17
#define PROTO_ICMP6 58

enum dir { D46, D64 };
enum cfg { CFG_WKP, CFG_EAM };
enum mode { M_INPLACE, M_COPY };

static const unsigned sizes[3] = { 64, 576, 1500 };
static const uint8_t protos[3] = { PROTO_TCP, PROTO_UDP, PROTO_ICMP };
static const char *const proto_names[3] = { "tcp", "udp", "icmp" };

static v6t_xlat g_x[2];
static v6t_xlat_eamt g_eamt;
static v6t_xlat_eam g_eam[8];

/* The ring of the case being measured. */
static uint8_t g_buf[RING][BUF_LEN];
static uint8_t g_orig[RING][RESTORE_LEN];
static uint8_t g_out[BUF_LEN];
static size_t g_len;
static const v6t_xlat *g_cur;

static uint64_t xs64(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* ---------------------------------------------------------- packets */

static void st16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* The transport message of proto at t (n bytes, payload random), its
 * checksum over the pseudo-header sum ps (none for ICMP, RFC 792). */
static void transport(uint8_t *t, size_t n, uint8_t proto, int v6,
		      uint32_t ps, uint64_t *seed)
{
	size_t i, ck;

	for (i = 0; i < n; i++)
		t[i] = (uint8_t)xs64(seed);
	if (proto == PROTO_TCP) {
		t[12] = 5 << 4; /* Data Offset 5 (RFC 9293 §3.1) */
		t[13] = 0x18;   /* PSH, ACK */
		ck = 16;
	} else if (proto == PROTO_UDP) {
		st16(t + 4, (unsigned)n);
		ck = 6;
	} else {
		t[0] = v6 ? 128 : 8; /* Echo Request (RFC 4443 §4.1, RFC 792) */
		t[1] = 0;
		ck = 2;
		if (!v6)
			ps = 0;
	}
	t[ck] = t[ck + 1] = 0;
	st16(t + ck, v6t_csum_fold(v6t_csum_add(ps, t, n)));
	if (proto == PROTO_UDP && t[ck] == 0 && t[ck + 1] == 0)
		t[ck] = t[ck + 1] = 0xff; /* RFC 768 */
}

/* An IPv4 packet of len bytes at p from src to dst. */
static void make4(uint8_t *p, size_t len, uint8_t proto, const uint8_t src[4],
		  const uint8_t dst[4], uint64_t *seed)
{
	uint32_t ps;

	memset(p, 0, 20);
	p[0] = 0x45;
	st16(p + 2, (unsigned)len);
	st16(p + 4, (unsigned)xs64(seed));
	p[6] = 0x40; /* DF */
	p[8] = 64;
	p[9] = proto;
	memcpy(p + 12, src, 4);
	memcpy(p + 16, dst, 4);
	st16(p + 10, v6t_csum_fold(v6t_csum_add(0, p, 20)));
	ps = v6t_csum_add(v6t_csum_add(0, src, 4), dst, 4) + proto + (uint32_t)(len - 20);
	transport(p + 20, len - 20, proto, 0, ps, seed);
}

/* An IPv6 packet of len bytes at p from src to dst. */
static void make6(uint8_t *p, size_t len, uint8_t proto, const uint8_t src[16],
		  const uint8_t dst[16], uint64_t *seed)
{
	uint8_t nh = proto == PROTO_ICMP ? PROTO_ICMP6 : proto;
	uint32_t ps;

	memset(p, 0, 40);
	p[0] = 0x60;
	st16(p + 4, (unsigned)(len - 40));
	p[6] = nh;
	p[7] = 64;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
	ps = v6t_csum_add(v6t_csum_add(0, src, 16), dst, 16) + nh + (uint32_t)(len - 40);
	transport(p + 40, len - 40, proto, 1, ps, seed);
}

/* A random global IPv4 address (RFC 6890: not 0/8, 10/8, 100.64/10,
 * 127/8, 169.254/16, 172.16/12, 192.168/16, 198.18/15, 224/3...): first
 * octets drawn from 1..9 and 11..99, which hold none of those ranges. */
static void global4(uint8_t a[4], uint64_t *seed)
{
	unsigned o = 1 + (unsigned)(xs64(seed) % 98);

	a[0] = (uint8_t)(o >= 10 ? o + 1 : o);
	a[1] = (uint8_t)xs64(seed);
	a[2] = (uint8_t)xs64(seed);
	a[3] = (uint8_t)xs64(seed);
}

/* The IPv6 address of an IPv4 address through config c (the EAM table
 * first), for building 6to4 packets. */
static void to6(enum cfg c, const uint8_t a4[4], uint8_t a6[16])
{
	v6t_in4 a;
	v6t_in6 o;

	memcpy(a.b, a4, 4);
	if (v6t_xlat_addr_4to6(&g_x[c], &a, &o) != V6T_OK) {
		fprintf(stderr, "bench_xlat: address not mapped\n");
		exit(1);
	}
	memcpy(a6, o.b, 16);
}

/* ----------------------------------------------------------- configs */

static void setup_configs(void)
{
	static const char *const wkp = "64:ff9b::";
	static const char *const p40 = "2001:db8:100::";
	v6t_xlat_config c;
	unsigned i;

	memset(&c, 0, sizeof c);
	if (v6t_addr_in6_parse(&c.pool6.addr, wkp, strlen(wkp)) != V6T_OK)
		exit(1);
	c.pool6.len = 96;
	c.mtu6 = 9000;
	if (v6t_xlat_init(&g_x[CFG_WKP], &c) != V6T_OK)
		exit(1);
	/* the EAM entries: 198.51.100.{0,16,...}/28 <-> 2001:db8:ffff:k::/124
	 * (RFC 5737 / RFC 3849 documentation ranges stand for a server
	 * farm); the 4to6 destinations and the 6to4 sources lie in them */
	for (i = 0; i < 8; i++) {
		v6t_xlat_eam *e = &g_eam[i];

		memset(e, 0, sizeof *e);
		e->p4.addr.b[0] = 198;
		e->p4.addr.b[1] = 51;
		e->p4.addr.b[2] = 100;
		e->p4.addr.b[3] = (uint8_t)(16 * i);
		e->p4.len = 28;
		e->p6.addr.b[0] = 0x20;
		e->p6.addr.b[1] = 0x01;
		e->p6.addr.b[2] = 0x0d;
		e->p6.addr.b[3] = 0xb8;
		e->p6.addr.b[4] = 0xff;
		e->p6.addr.b[5] = 0xff;
		e->p6.addr.b[7] = (uint8_t)i;
		e->p6.len = 124;
	}
	if (v6t_xlat_eamt_init(&g_eamt, g_eam, 8, 0, NULL) != V6T_OK)
		exit(1);
	if (v6t_addr_in6_parse(&c.pool6.addr, p40, strlen(p40)) != V6T_OK)
		exit(1);
	c.pool6.len = 40;
	c.eamt = &g_eamt;
	if (v6t_xlat_init(&g_x[CFG_EAM], &c) != V6T_OK)
		exit(1);
}

/* ------------------------------------------------------------- cases */

struct xcase {
	char name[48];
	const char *group;
	const char *symbol;
	enum cfg cfg;
	enum dir dir;
	enum mode mode;
	unsigned proto; /* index into protos */
	unsigned size;
	int memcpy_only; /* 1: memcpy, 2: restore */
};

#define N_CASES (2 * 2 * 3 * 3 * 2 + 3 + 3)
static struct xcase g_cases[N_CASES];
static unsigned g_n;

static void add_cases(void)
{
	static const char *const cfg_names[2] = { "wkp", "eam" };
	static const char *const baselines[2] = { "memcpy", "restore" };
	unsigned c, d, p, s, m;

	for (m = 0; m < 2; m++)
		for (s = 0; s < 3; s++) {
			struct xcase *k = &g_cases[g_n++];

			snprintf(k->name, sizeof k->name, "%s/%u", baselines[m], sizes[s]);
			k->group = baselines[m];
			k->symbol = m == 0 ? "bench_memcpy" : "bench_restore";
			k->size = sizes[s];
			k->memcpy_only = (int)m + 1;
		}
	for (c = 0; c < 2; c++)
		for (d = 0; d < 2; d++)
			for (p = 0; p < 3; p++)
				for (s = 0; s < 3; s++)
					for (m = 0; m < 2; m++) {
						struct xcase *k = &g_cases[g_n++];

						snprintf(k->name, sizeof k->name, "%s/%s/%s/%u/%s",
							 cfg_names[c], d == D46 ? "4to6" : "6to4",
							 proto_names[p], sizes[s],
							 m == M_INPLACE ? "inplace" : "copy");
						k->group = m == M_INPLACE ? "inplace" : "copy";
						k->symbol = m == M_INPLACE ? "v6t_xlat_translate_inplace"
									   : "v6t_xlat_translate";
						k->cfg = (enum cfg)c;
						k->dir = (enum dir)d;
						k->mode = (enum mode)m;
						k->proto = p;
						k->size = sizes[s];
					}
}

/* The ring of case k: RING packets, each at HEADROOM in its buffer, and
 * the pristine first RESTORE_LEN bytes of each buffer. */
static void build_ring(const struct xcase *k)
{
	uint64_t seed = 0x9e3779b97f4a7c15u ^ k->size;
	unsigned i;

	g_len = k->size;
	g_cur = &g_x[k->cfg];
	for (i = 0; i < RING; i++) {
		uint8_t *p = g_buf[i] + HEADROOM, v4host[4], server[4];
		uint8_t s6[16], d6[16];

		memset(g_buf[i], 0, BUF_LEN);
		global4(v4host, &seed);
		if (k->cfg == CFG_EAM) {
			/* a server in the EAM table */
			memcpy(server, g_eam[i % 8].p4.addr.b, 4);
			server[3] = (uint8_t)(server[3] + 1 + (unsigned)(xs64(&seed) % 14));
		} else {
			global4(server, &seed);
		}
		if (k->memcpy_only || k->dir == D46) {
			make4(p, g_len, protos[k->proto], v4host, server, &seed);
		} else {
			to6(k->cfg, server, s6);
			to6(k->cfg, v4host, d6);
			make6(p, g_len, protos[k->proto], s6, d6, &seed);
		}
		memcpy(g_orig[i], g_buf[i], RESTORE_LEN);
	}
}

/* ---------------------------------------------------------------- ops */

uint64_t bench_restore(uint8_t *buf, const uint8_t *orig);

BENCH_NOINLINE uint64_t bench_restore(uint8_t *buf, const uint8_t *orig)
{
	memcpy(buf, orig, RESTORE_LEN);
	return buf[HEADROOM];
}

static uint64_t op_memcpy(unsigned i)
{
	return bench_memcpy(g_out, g_buf[i] + HEADROOM, g_len);
}

static uint64_t op_restore(unsigned i)
{
	return bench_restore(g_buf[i], g_orig[i]);
}

static uint64_t op_inplace(unsigned i)
{
	v6t_xlat_result r;

	(void)bench_restore(g_buf[i], g_orig[i]);
	(void)v6t_xlat_translate_inplace(g_cur, g_buf[i], BUF_LEN, HEADROOM, g_len, &r);
	return r.len + (uint64_t)r.verdict;
}

static uint64_t op_copy(unsigned i)
{
	v6t_xlat_result r;

	(void)v6t_xlat_translate(g_cur, g_buf[i] + HEADROOM, g_len, g_out,
				 sizeof g_out, &r);
	return r.len + (uint64_t)r.verdict;
}

/* Whether every packet of the ring is forwarded, both ways of writing
 * it giving the same bytes. */
static int check_ring(void)
{
	static uint8_t a[BUF_LEN];
	unsigned i;

	for (i = 0; i < RING; i++) {
		v6t_xlat_result r, q;

		if (v6t_xlat_translate(g_cur, g_buf[i] + HEADROOM, g_len, a, sizeof a,
				       &r) != V6T_OK || r.verdict != V6T_XLAT_FORWARD)
			return 0;
		if (v6t_xlat_translate_inplace(g_cur, g_buf[i], BUF_LEN, HEADROOM,
					       g_len, &q) != V6T_OK ||
		    q.verdict != V6T_XLAT_FORWARD || q.len != r.len ||
		    memcmp(q.data, a, r.len) != 0)
			return 0;
		memcpy(g_buf[i], g_orig[i], RESTORE_LEN);
	}
	return 1;
}

int main(int argc, char **argv)
{
	struct bench_opts opt;
	unsigned j;

	bench_parse_args(argc, argv, "bench_xlat", &opt);
	add_cases();
	if (opt.list) {
		for (j = 0; j < g_n; j++)
			bench_list(&opt, g_cases[j].name, g_cases[j].group,
				   g_cases[j].symbol);
		return 0;
	}
	setup_configs();
	printf("libv6transit %s, compiler %s; ring of %u packets, median of %u runs, %s\n",
	       v6t_version(), bench_compiler(), RING, opt.runs,
	       bench_iters_kind(&opt));
	printf("%-28s %9s %12s %11s %9s\n", "case", "ns/op", "packets/s",
	       "memcpy ns", "x memcpy");
	for (j = 0; j < g_n; j++) {
		const struct xcase *k = &g_cases[j];
		struct bench_job jobs[2];

		if (!bench_selected(&opt, k->name))
			continue;
		build_ring(k);
		jobs[1].op = op_memcpy;
		jobs[1].mode = BENCH_THROUGHPUT;
		if (k->memcpy_only) {
			jobs[0].op = k->memcpy_only == 1 ? op_memcpy : op_restore;
			jobs[0].mode = BENCH_THROUGHPUT;
			bench_measure(jobs, 1, &opt);
			printf("%-28s %9.2f %12.0f %11s %9s\n", k->name, jobs[0].ns,
			       1e9 / jobs[0].ns, "-", "-");
			continue;
		}
		if (!check_ring()) {
			fprintf(stderr, "bench_xlat: %s: a packet is not forwarded\n",
				k->name);
			return 1;
		}
		jobs[0].op = k->mode == M_INPLACE ? op_inplace : op_copy;
		jobs[0].mode = BENCH_THROUGHPUT;
		bench_measure(jobs, 2, &opt);
		printf("%-28s %9.2f %12.0f %11.2f %9.2f\n", k->name, jobs[0].ns,
		       1e9 / jobs[0].ns, jobs[1].ns, jobs[0].ns / jobs[1].ns);
		fflush(stdout);
	}
	return 0;
}
