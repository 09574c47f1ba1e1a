/*
 * libv6transit - 6a44 benchmark (RFC 6751).
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * ns/op and packets per second of the four 6a44 packet calls with every
 * check on (V6T_6A44_CHECK_ALL): the client's transmission to a native
 * host (v6t_6a44_client_encap(), CT-3, by copy), the relay's reception of
 * it (v6t_6a44_relay_decap(), RR4-3), the relay's transmission from a
 * native host to the client (v6t_6a44_relay_encap(), RR6-1, by copy) and
 * the client's reception of that (v6t_6a44_client_decap(), CR-3), with
 * inner IPv6 UDP packets of 64, 576 and 1280 bytes (1280: the 6a44 MTU,
 * §6.4), each timed next to memcpy() of the same input bytes.
 *
 * Every case cycles through a ring of RING packets of one client (its
 * address 2001:db8:1:900:9:403:900:9: C 2001:db8:1::/48, N = A =
 * 9.0.0.9, Z = 1027, no NAT44) and RING native hosts; the decap rings are
 * the encap calls' outputs, and setup checks that every packet of a ring
 * is forwarded. None of the calls changes what the next one reads.
 *
 * Options as bench_addr (--iters, --runs, --filter, --only, --list);
 * --list gives the function of each case for tests/bench/instr_per_call.sh.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <string.h>

#include <v6transit/v6transit.h>

#include "bench_util.h"

#define RING BENCH_RING
#define PKT_MAX 1280u
#define BUF_LEN (V6T_6A44_ENCAP_LEN + PKT_MAX)

enum op_kind { K_MEMCPY, K_CLIENT_ENCAP, K_RELAY_DECAP, K_RELAY_ENCAP, K_CLIENT_DECAP };

static const unsigned sizes[3] = { 64, 576, 1280 };
static const char *const kinds[5] = { "memcpy", "client_encap", "relay_decap",
				      "relay_encap", "client_decap" };
static const char *const symbols[5] = { "bench_memcpy", "v6t_6a44_client_encap",
					"v6t_6a44_relay_decap", "v6t_6a44_relay_encap",
					"v6t_6a44_client_decap" };

static v6t_6a44_cfg g_cfg;
static v6t_6a44_client g_client;
static v6t_in6 g_addr; /* the client's */
static uint8_t g_buf[RING][BUF_LEN];
static size_t g_len[RING];
static uint8_t g_out[BUF_LEN];
static enum op_kind g_kind;

static int setup(void)
{
	v6t_prefix6 c = { { { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01 } }, 48 };
	v6t_in4 a = { { 9, 0, 0, 9 } };
	v6t_addr_6a44 f;

	if (v6t_6a44_cfg_init(&g_cfg, &c) != V6T_OK)
		return 0;
	g_cfg.relay6.b[0] = 0x20; /* 2001:db8:1::1 */
	g_cfg.relay6.b[1] = 0x01;
	g_cfg.relay6.b[2] = 0x0d;
	g_cfg.relay6.b[3] = 0xb8;
	g_cfg.relay6.b[5] = 0x01;
	g_cfg.relay6.b[15] = 0x01;
	f.site = a;
	f.port = V6T_6A44_PORT;
	f.client = a;
	return v6t_6a44_client_init(&g_client, &g_cfg, &a) == V6T_OK &&
	       v6t_addr_6a44_encode(&g_addr, &c, &f) == V6T_OK &&
	       v6t_6a44_client_set_prefix(&g_client, g_addr.b) == V6T_OK;
}

/* An IPv6 UDP packet of n bytes, src -> dst, ports from i. */
static void make6(uint8_t *p, size_t n, const uint8_t *src, const uint8_t *dst,
		  unsigned i)
{
	memset(p, 0, n);
	p[0] = 0x60;
	p[4] = (uint8_t)((n - 40) >> 8);
	p[5] = (uint8_t)(n - 40);
	p[6] = 17;
	p[7] = 64;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
	p[40] = (uint8_t)(1024 + i);
	p[42] = 0x00;
	p[43] = 0x35;
	p[44] = (uint8_t)((n - 40) >> 8);
	p[45] = (uint8_t)(n - 40);
}

/* The ring of a case; 0 when a packet is not forwarded. */
static int build_ring(enum op_kind k, unsigned size)
{
	unsigned i;

	for (i = 0; i < RING; i++) {
		uint8_t native[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x07 };
		v6t_tun_result r;
		int up = k == K_CLIENT_ENCAP || k == K_RELAY_DECAP || k == K_MEMCPY;

		native[14] = (uint8_t)(i >> 8);
		native[15] = (uint8_t)(i + 1);
		if (up)
			make6(g_out, size, g_addr.b, native, i);
		else
			make6(g_out, size, native, g_addr.b, i);
		if (k == K_CLIENT_ENCAP || k == K_RELAY_ENCAP || k == K_MEMCPY) {
			memcpy(g_buf[i], g_out, size);
			g_len[i] = size;
			continue;
		}
		/* a decap ring: what the other end's encap sends */
		if ((up ? v6t_6a44_client_encap(&g_client, g_out, size, g_buf[i], BUF_LEN, &r)
			: v6t_6a44_relay_encap(&g_cfg, g_out, size, g_buf[i], BUF_LEN, &r)) != V6T_OK ||
		    r.verdict != V6T_TUN_FORWARD)
			return 0;
		g_len[i] = r.len;
	}
	return 1;
}


static uint64_t op_memcpy(unsigned i)
{
	return bench_memcpy(g_out, g_buf[i], g_len[i]);
}

static int call(unsigned i, v6t_tun_result *r)
{
	switch (g_kind) {
	case K_CLIENT_ENCAP:
		return v6t_6a44_client_encap(&g_client, g_buf[i], g_len[i], g_out,
					     sizeof g_out, r);
	case K_RELAY_DECAP:
		return v6t_6a44_relay_decap(&g_cfg, g_buf[i], g_len[i], r);
	case K_RELAY_ENCAP:
		return v6t_6a44_relay_encap(&g_cfg, g_buf[i], g_len[i], g_out,
					    sizeof g_out, r);
	default:
		return v6t_6a44_client_decap(&g_client, g_buf[i], g_len[i], r);
	}
}

static uint64_t op_call(unsigned i)
{
	v6t_tun_result r;

	(void)call(i, &r);
	return r.len + (uint64_t)r.verdict;
}

int main(int argc, char **argv)
{
	struct bench_opts opt;
	unsigned k, s;

	bench_parse_args(argc, argv, "bench_6a44", &opt);
	if (opt.list) {
		for (k = K_MEMCPY; k <= K_CLIENT_DECAP; k++)
			for (s = 0; s < 3; s++) {
				char name[40];

				snprintf(name, sizeof name, "%s/%u", kinds[k], sizes[s]);
				bench_list(&opt, name, kinds[k], symbols[k]);
			}
		return 0;
	}
	if (!setup()) {
		fprintf(stderr, "bench_6a44: the configuration is refused\n");
		return 1;
	}
	printf("libv6transit %s, compiler %s; ring of %u packets, median of %u runs, %s\n",
	       v6t_version(), bench_compiler(), RING, opt.runs, bench_iters_kind(&opt));
	printf("%-28s %9s %12s %11s %9s\n", "case", "ns/op", "packets/s", "memcpy ns",
	       "x memcpy");
	for (k = K_MEMCPY; k <= K_CLIENT_DECAP; k++)
		for (s = 0; s < 3; s++) {
			struct bench_job jobs[2];
			char name[40];
			unsigned i;

			snprintf(name, sizeof name, "%s/%u", kinds[k], sizes[s]);
			if (!bench_selected(&opt, name))
				continue;
			g_kind = (enum op_kind)k;
			if (!build_ring(g_kind, sizes[s])) {
				fprintf(stderr, "bench_6a44: %s: a ring packet is refused\n", name);
				return 1;
			}
			for (i = 0; k != K_MEMCPY && i < RING; i++) {
				v6t_tun_result r;

				if (call(i, &r) != V6T_OK || r.verdict != V6T_TUN_FORWARD) {
					fprintf(stderr, "bench_6a44: %s: a packet is not forwarded\n",
						name);
					return 1;
				}
			}
			jobs[0].op = k == K_MEMCPY ? op_memcpy : op_call;
			jobs[1].op = op_memcpy;
			jobs[0].mode = jobs[1].mode = BENCH_THROUGHPUT;
			if (k == K_MEMCPY) {
				bench_measure(jobs, 1, &opt);
				printf("%-28s %9.2f %12.0f %11s %9s\n", name, jobs[0].ns,
				       1e9 / jobs[0].ns, "-", "-");
				continue;
			}
			bench_measure(jobs, 2, &opt);
			printf("%-28s %9.2f %12.0f %11.2f %9.2f\n", name, jobs[0].ns,
			       1e9 / jobs[0].ns, jobs[1].ns, jobs[0].ns / jobs[1].ns);
			fflush(stdout);
		}
	return 0;
}
