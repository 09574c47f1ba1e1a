/*
 * libv6transit - benchmark of Teredo encapsulation and decapsulation
 * (tunnel.h) with the checks on, next to memcpy of the same datagram.
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Cases, for inner IPv6 packets of 80, 576 and 1280 bytes:
 *   encap/N         v6t_teredo_encap(): IPv4 + UDP (checksum) + the packet,
 *                   copied into an output buffer
 *   decap_relay/N   v6t_teredo_decap() as a relay: UDP checksum verified,
 *                   payload parsed, the Teredo source checked against the
 *                   outer address and port, its entry (one of 16) found
 *                   and dated, the destination checked against the served
 *                   prefix
 *   decap_client/N  v6t_teredo_decap() as a client: the same outer checks,
 *                   the destination against its own address, the native
 *                   source's trusted entry (one of 16) against the outer
 *                   source
 *   memcpy/N        memcpy of the datagram (28 + N bytes)
 * The ring holds 64 datagrams from 16 peers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <v6transit/v6transit.h>

#include "bench_util.h"

#define RING BENCH_RING
#define N_PEERS 16u
#define MAX_IN 1280u
#define BUF_LEN (28u + MAX_IN)

enum kind { K_ENCAP, K_RELAY, K_CLIENT, K_MEMCPY };

struct tcase {
	char name[32];
	const char *group;
	const char *symbol;
	enum kind kind;
	unsigned size;
};

static const unsigned sizes[3] = { 80, 576, 1280 };
static struct tcase g_cases[12];
static unsigned g_n;

static uint8_t g_in[RING][MAX_IN];     /* inner IPv6 packets */
static uint8_t g_dg[RING][BUF_LEN];    /* their Teredo datagrams */
static v6t_teredo_encap_cfg g_enc[RING];
static uint8_t g_out[BUF_LEN];
static size_t g_len;
static v6t_teredo_cfg g_cfg;
static v6t_teredo_peer g_peers[N_PEERS];
static uint64_t g_now;


static void add_cases(void)
{
	static const char *const groups[4] = { "encap", "decap", "decap", "memcpy" };
	static const char *const names[4] = { "encap", "decap_relay",
					      "decap_client", "memcpy" };
	static const char *const syms[4] = { "v6t_teredo_encap", "v6t_teredo_decap",
					     "v6t_teredo_decap", "bench_memcpy" };
	unsigned k, s;

	for (k = 0; k < 4; k++)
		for (s = 0; s < 3; s++) {
			struct tcase *c = &g_cases[g_n++];

			snprintf(c->name, sizeof c->name, "%s/%u", names[k], sizes[s]);
			c->group = groups[k];
			c->symbol = syms[k];
			c->kind = (enum kind)k;
			c->size = sizes[s];
		}
}

/* peer j: client 203.0.113.(j+1), port 40000 + j, Teredo address of
 * server 198.51.100.1; and a native host 2001:db8:6::(j+1) */
static void teredo_addr(v6t_in6 *a, unsigned j)
{
	v6t_addr_teredo t;

	memset(&t, 0, sizeof(t));
	t.server.b[0] = 198;
	t.server.b[1] = 51;
	t.server.b[2] = 100;
	t.server.b[3] = 1;
	t.flags = 0x1234u & V6T_ADDR_TEREDO_RANDOM;
	t.port = (uint16_t)(40000 + j);
	t.client.b[0] = 203;
	t.client.b[2] = 113;
	t.client.b[3] = (uint8_t)(j + 1);
	v6t_addr_teredo_encode(a, &t);
}

static void native_addr(v6t_in6 *a, unsigned j)
{
	memset(a, 0, sizeof(*a));
	a->b[0] = 0x20;
	a->b[1] = 0x01;
	a->b[2] = 0x0d;
	a->b[3] = 0xb8;
	a->b[5] = 6;
	a->b[15] = (uint8_t)(j + 1);
}

/* The ring for kind k and inner size n: IPv6/UDP packets and their
 * datagrams, the configuration and the list of peers. */
static int build_ring(enum kind k, unsigned n)
{
	unsigned i;

	memset(&g_cfg, 0, sizeof(g_cfg));
	memset(g_peers, 0, sizeof(g_peers));
	g_cfg.role = k == K_CLIENT ? V6T_TEREDO_CLIENT : V6T_TEREDO_RELAY;
	g_cfg.server.b[0] = 198;
	g_cfg.server.b[1] = 51;
	g_cfg.server.b[2] = 100;
	g_cfg.server.b[3] = 1;
	g_cfg.port = 3544;
	native_addr(&g_cfg.served.addr, 0);
	g_cfg.served.len = 48;
	teredo_addr(&g_cfg.own, 99);
	for (i = 0; i < N_PEERS; i++) {
		v6t_in6 a;

		if (k == K_CLIENT)
			native_addr(&a, i);
		else
			teredo_addr(&a, i);
		v6t_teredo_peer_init(&g_peers[i], &a);
		g_peers[i].flags |= V6T_TEREDO_PEER_TRUSTED | V6T_TEREDO_PEER_RX;
		g_peers[i].mapped.b[0] = 192;
		g_peers[i].mapped.b[2] = 2;
		g_peers[i].mapped.b[3] = 10;
		g_peers[i].mapped_port = 3545;
		if (k != K_CLIENT) {
			g_peers[i].mapped.b[0] = 203;
			g_peers[i].mapped.b[1] = 0;
			g_peers[i].mapped.b[2] = 113;
			g_peers[i].mapped.b[3] = (uint8_t)(i + 1);
			g_peers[i].mapped_port = (uint16_t)(40000 + i);
		}
	}
	for (i = 0; i < RING; i++) {
		unsigned j = i % N_PEERS;
		uint8_t *p = g_in[i];
		v6t_teredo_encap_cfg *e = &g_enc[i];
		v6t_tun_result r;
		v6t_in6 s, d;

		memset(p, 0, n);
		p[0] = 0x60;
		p[4] = (uint8_t)((n - 40) >> 8);
		p[5] = (uint8_t)(n - 40);
		p[6] = 17;
		p[7] = 64;
		if (k == K_CLIENT) {
			native_addr(&s, j);
			d = g_cfg.own;
		} else {
			teredo_addr(&s, j);
			native_addr(&d, 0);
		}
		memcpy(p + 8, s.b, 16);
		memcpy(p + 24, d.b, 16);
		p[40] = (uint8_t)(i >> 8);
		p[41] = (uint8_t)i;
		memset(e, 0, sizeof(*e));
		e->src = g_peers[j].mapped;
		e->dst = g_cfg.server;
		e->sport = g_peers[j].mapped_port;
		e->dport = 3544;
		e->ttl = 64;
		e->ip_id = (uint16_t)i;
		if (v6t_teredo_encap(g_dg[i], BUF_LEN, e, p, n, &r) != V6T_OK ||
		    r.verdict != V6T_TUN_FORWARD)
			return 0;
		g_len = r.len;
		if (k == K_RELAY || k == K_CLIENT) {
			if (v6t_teredo_decap(g_dg[i], g_len, &g_cfg, g_peers, N_PEERS,
					     g_now, &r) != V6T_OK ||
			    r.verdict != V6T_TUN_FORWARD)
				return 0;
		}
	}
	return 1;
}

static unsigned g_size;

static uint64_t op_encap(unsigned i)
{
	v6t_tun_result r;

	(void)v6t_teredo_encap(g_out, sizeof g_out, &g_enc[i], g_in[i], g_size, &r);
	return r.len;
}

static uint64_t op_decap(unsigned i)
{
	v6t_tun_result r;

	(void)v6t_teredo_decap(g_dg[i], g_len, &g_cfg, g_peers, N_PEERS, g_now, &r);
	return r.len + (uint64_t)r.verdict;
}

static uint64_t op_memcpy(unsigned i)
{
	return bench_memcpy(g_out, g_dg[i], g_len);
}

int main(int argc, char **argv)
{
	struct bench_opts opt;
	unsigned j;

	bench_parse_args(argc, argv, "bench_teredo", &opt);
	add_cases();
	if (opt.list) {
		for (j = 0; j < g_n; j++)
			bench_list(&opt, g_cases[j].name, g_cases[j].group,
				   g_cases[j].symbol);
		return 0;
	}
	printf("libv6transit %s, compiler %s; ring of %u datagrams from %u peers, median of %u runs, %s\n",
	       v6t_version(), bench_compiler(), RING, N_PEERS, opt.runs,
	       bench_iters_kind(&opt));
	printf("%-22s %9s %12s %11s %9s\n", "case", "ns/op", "packets/s",
	       "memcpy ns", "x memcpy");
	for (j = 0; j < g_n; j++) {
		const struct tcase *k = &g_cases[j];
		struct bench_job jobs[2];

		if (!bench_selected(&opt, k->name))
			continue;
		g_now = 1000;
		g_size = k->size;
		if (!build_ring(k->kind, k->size)) {
			fprintf(stderr, "bench_teredo: %s: a datagram is not forwarded\n",
				k->name);
			return 1;
		}
		jobs[0].op = k->kind == K_ENCAP ? op_encap :
			     k->kind == K_MEMCPY ? op_memcpy : op_decap;
		jobs[0].mode = BENCH_THROUGHPUT;
		jobs[1].op = op_memcpy;
		jobs[1].mode = BENCH_THROUGHPUT;
		bench_measure(jobs, 2, &opt);
		printf("%-22s %9.2f %12.0f %11.2f %9.2f\n", k->name, jobs[0].ns,
		       1e9 / jobs[0].ns, jobs[1].ns, jobs[0].ns / jobs[1].ns);
		fflush(stdout);
	}
	return 0;
}
