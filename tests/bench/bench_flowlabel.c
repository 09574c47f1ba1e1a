/*
 * libv6transit - flow-label benchmark.
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * ns/op and operations per second for the label of a flow given as fields,
 * for the flow and the tunnel label of an IPv6/TCP packet, for labelling
 * IPv6/TCP packets with 0, 2 and 4 extension headers (and for keeping a
 * label that is set), for the header walk alone and for RFC 7098 server
 * selection, each next to the bare keyed hash of the same flows, all in the
 * same run. Every case cycles through a ring of RING different inputs; each
 * is timed several times (CLOCK_MONOTONIC, bench_util.c) and the median
 * reported, with its ratio to the bare hash, which is always measured. It
 * only reports: no result makes it fail.
 *
 * The bare hash, what the "x hash" columns divide by, is SipHash-1-3 of
 * the 37-byte 5-tuple message written out by hand for that length, as the
 * library hashes it: the four 8-byte words of the addresses read in place
 * and the last word from the five tail bytes and the length
 * (bare_sip13_37() below). The generic SipHash-1-3 of the same bytes
 * (v6t_siphash13(), a loop over any length and a byte loop for the tail)
 * is timed too, for reference only.
 *
 * Two figures per case: throughput, where successive calls are independent
 * and the CPU overlaps them (packets in a batch), and latency, where each
 * call's input is chosen by the previous call's result, so that calls run
 * one after the other (one packet at a time, run to completion). The two
 * alternate run for run.
 *
 * It takes the options of bench_addr (--iters, --runs, --filter, --only,
 * --list); --list gives the library function each case calls, for
 * tests/bench/instr_per_call.sh. With --iters N --runs 1, a case makes
 * exactly 4 * N calls after setup: 2 * N in each mode.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <string.h>

#include <v6transit/v6transit.h>

#include "bench_util.h"
#include "siphash.h"

#define RING BENCH_RING
#define PKT_MAX 128

#define TCP_HDR_LEN 20 /* RFC 9293 §3.1: Data Offset 5, no options */

static v6t_flowlabel_key g_key;
static v6t_flow g_flow[RING];
static uint8_t g_msg[RING][37];           /* the 5-tuple messages, contiguous */
static uint8_t g_pkt[3][RING][PKT_MAX];   /* 0, 2, 4 extension headers */
static size_t g_pkt_len[3];
static uint8_t g_kept[RING][PKT_MAX];     /* 0 extension headers, label set */

static uint64_t xs64(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* An IPv6 TCP packet (a bare ACK) from flow f with n (0, 2 or 4) 8-byte
 * extension headers: Hop-by-Hop, Destination Options, Routing, Destination
 * Options. */
static size_t make_packet(uint8_t *p, const v6t_flow *f, int n)
{
	static const uint8_t chain[4] = { 60, 43, 60, 6 };
	size_t len = 40;
	int i;

	memset(p, 0, PKT_MAX);
	p[0] = 0x60;
	p[6] = n ? 0 : 6;
	p[7] = 64;
	memcpy(p + 8, f->src.b, 16);
	memcpy(p + 24, f->dst.b, 16);
	for (i = 0; i < n; i++) {
		p[len] = i == n - 1 ? 6 : chain[i];
		if (i == 2) /* Routing header: type 4, Segments Left 0 */
			p[len + 2] = 4;
		else { /* PadN of 4 bytes */
			p[len + 2] = 1;
			p[len + 3] = 4;
		}
		len += 8;
	}
	p[len] = (uint8_t)(f->sport >> 8);
	p[len + 1] = (uint8_t)f->sport;
	p[len + 2] = (uint8_t)(f->dport >> 8);
	p[len + 3] = (uint8_t)f->dport;
	p[len + 12] = TCP_HDR_LEN / 4 << 4; /* Data Offset */
	p[len + 13] = 0x10;                 /* ACK */
	p[len + 14] = 0xff;                 /* Window */
	len += TCP_HDR_LEN;
	p[4] = (uint8_t)((len - 40) >> 8);
	p[5] = (uint8_t)(len - 40);
	return len;
}

static void setup(void)
{
	uint64_t seed = 0x243f6a8885a308d3u;
	unsigned i, j;

	for (i = 0; i < 16; i++)
		g_key.b[i] = (uint8_t)xs64(&seed);
	for (i = 0; i < RING; i++) {
		v6t_flow *f = &g_flow[i];

		for (j = 0; j < 16; j++) {
			f->src.b[j] = (uint8_t)xs64(&seed);
			f->dst.b[j] = (uint8_t)xs64(&seed);
		}
		f->proto = 6;
		f->sport = (uint16_t)xs64(&seed);
		f->dport = 443;
		f->kind = V6T_FLOW_5TUPLE;
		memcpy(g_msg[i], f->src.b, 16);
		memcpy(g_msg[i] + 16, f->dst.b, 16);
		g_msg[i][32] = f->proto;
		g_msg[i][33] = (uint8_t)(f->sport >> 8);
		g_msg[i][34] = (uint8_t)f->sport;
		g_msg[i][35] = (uint8_t)(f->dport >> 8);
		g_msg[i][36] = (uint8_t)f->dport;
		for (j = 0; j < 3; j++)
			g_pkt_len[j] = make_packet(g_pkt[j][i], f, (int)j * 2);
		make_packet(g_kept[i], f, 0);
		g_kept[i][3] = (uint8_t)(i + 1); /* a label, 1..RING */
	}
}

/* ------------------------------------------------------------------ ops */

/*
 * The bare hash: SipHash-1-3 of the 37 bytes at msg, written for that
 * length (siphash.h): the words at 0, 8, 16, 24 in place, then the last
 * word, bytes 32..36 in little-endian order under the length, 37. Out of
 * line, so that callgrind counts it alone, as it counts the library
 * function of each case alone; flatten (gcc, clang) inlines the whole hash
 * into it, and noclone keeps gcc from calling a copy of another name.
 */
#if defined(__clang__)
#define BARE_ATTR __attribute__((noinline, flatten))
#elif defined(__GNUC__)
#define BARE_ATTR __attribute__((noinline, noclone, flatten))
#else
#define BARE_ATTR
#endif
uint64_t bare_sip13_37(const uint8_t key[16], const uint8_t msg[37]);

BARE_ATTR uint64_t bare_sip13_37(const uint8_t key[16], const uint8_t msg[37])
{
	uint64_t last = (uint64_t)37 << 56 | (uint64_t)msg[36] << 32 |
			v6t_ld_le32(msg + 32);

	return v6t_sip_hash_32(key, msg, msg + 16, last, 1, 3);
}

static uint64_t op_hash(unsigned i)
{
	return bare_sip13_37(g_key.b, g_msg[i]);
}

static uint64_t op_generic(unsigned i)
{
	return v6t_siphash13(g_key.b, g_msg[i], 37);
}

static uint64_t op_label_of(unsigned i)
{
	return v6t_flowlabel_of(&g_key, &g_flow[i]);
}

/* The label is cleared before each call, so that every call labels. */
static uint64_t set_n(int n, unsigned i)
{
	uint8_t *p = g_pkt[n][i];
	uint32_t label;

	p[1] = 0;
	p[2] = 0;
	p[3] = 0;
	return (uint64_t)v6t_flowlabel_set(&g_key, p, g_pkt_len[n], 0, &label, NULL) +
	       label;
}

static uint64_t op_set0(unsigned i) { return set_n(0, i); }
static uint64_t op_set2(unsigned i) { return set_n(1, i); }
static uint64_t op_set4(unsigned i) { return set_n(2, i); }

/* A packet whose label is set: walked and checked, and kept. */
static uint64_t op_keep0(unsigned i)
{
	uint32_t label;

	return (uint64_t)v6t_flowlabel_set(&g_key, g_kept[i], g_pkt_len[0], 0,
					   &label, NULL) + label;
}

static uint64_t op_flow0(unsigned i)
{
	v6t_flow f;

	return (uint64_t)v6t_flow_from_packet(&f, g_pkt[0][i], g_pkt_len[0], 0) +
	       f.sport;
}

static uint64_t op_tunnel0(unsigned i)
{
	uint32_t label;

	return (uint64_t)v6t_flowlabel_tunnel(&g_key, g_pkt[0][i], g_pkt_len[0],
					      0, &label) + label;
}

static uint64_t parse_n(int n, unsigned i)
{
	v6t_pkt p;

	return (uint64_t)v6t_pkt_parse(g_pkt[n][i], g_pkt_len[n], 0, &p) + p.l4_off;
}

static uint64_t op_parse0(unsigned i) { return parse_n(0, i); }
static uint64_t op_parse2(unsigned i) { return parse_n(1, i); }
static uint64_t op_parse4(unsigned i) { return parse_n(2, i); }

static uint64_t op_server(unsigned i)
{
	uint32_t idx;

	return (uint64_t)v6t_flowlabel_server(&idx, &g_key, &g_flow[i].src, NULL,
					      (i << 8) + 1, 16) + idx;
}

struct row {
	const char *name;
	const char *group;
	const char *symbol; /* the library function called, for callgrind */
	bench_op op;
};

/* The first row, the bare hash, is what the "x hash" columns divide by. */
static const struct row rows[] = {
	{ "sip13_37", "hash", "bare_sip13_37", op_hash },
	{ "siphash13/37", "hash", "v6t_siphash13", op_generic },
	{ "label_of/5tuple", "label", "v6t_flowlabel_of", op_label_of },
	{ "flow_from_packet/0ext", "label", "v6t_flow_from_packet", op_flow0 },
	{ "tunnel/0ext", "label", "v6t_flowlabel_tunnel", op_tunnel0 },
	{ "set/0ext", "label", "v6t_flowlabel_set", op_set0 },
	{ "set/2ext", "label", "v6t_flowlabel_set", op_set2 },
	{ "set/4ext", "label", "v6t_flowlabel_set", op_set4 },
	{ "set/keep", "label", "v6t_flowlabel_set", op_keep0 },
	{ "pkt_parse/0ext", "parse", "v6t_pkt_parse", op_parse0 },
	{ "pkt_parse/2ext", "parse", "v6t_pkt_parse", op_parse2 },
	{ "pkt_parse/4ext", "parse", "v6t_pkt_parse", op_parse4 },
	{ "server/2tuple", "server", "v6t_flowlabel_server", op_server },
};
#define N_ROWS (sizeof rows / sizeof rows[0])

/* Median ns per call of row r, throughput into *ns and latency into *lat. */
static void measure(const struct row *r, const struct bench_opts *opt,
		    double *ns, double *lat)
{
	struct bench_job jobs[2];

	jobs[0].op = r->op;
	jobs[0].mode = BENCH_THROUGHPUT;
	jobs[1].op = r->op;
	jobs[1].mode = BENCH_LATENCY;
	bench_measure(jobs, 2, opt);
	*ns = jobs[0].ns;
	*lat = jobs[1].ns;
}

int main(int argc, char **argv)
{
	struct bench_opts opt;
	double base, lbase;
	char name[64];
	size_t r;

	bench_parse_args(argc, argv, "bench_flowlabel", &opt);
	if (opt.list) {
		for (r = 0; r < N_ROWS; r++)
			bench_list(&opt, rows[r].name, rows[r].group, rows[r].symbol);
		return 0;
	}
	setup();
	/* a wrong (and perhaps faster) baseline is never timed: it must agree
	 * with v6t_siphash13(), which tests/test_siphash.c checks */
	for (r = 0; r < RING; r++) {
		if (bare_sip13_37(g_key.b, g_msg[r]) !=
		    v6t_siphash13(g_key.b, g_msg[r], 37)) {
			fprintf(stderr, "bench_flowlabel: bare_sip13_37 differs "
					"from v6t_siphash13\n");
			return 1;
		}
	}
	printf("libv6transit %s, compiler %s; ring of %u inputs, median of %u runs, %s\n",
	       v6t_version(), bench_compiler(), RING, opt.runs,
	       bench_iters_kind(&opt));
	printf("%-26s %9s %14s %7s %12s %7s\n", "case", "ns/op", "ops/s",
	       "x hash", "latency ns", "x hash");
	measure(&rows[0], &opt, &base, &lbase);
	for (r = 0; r < N_ROWS; r++) {
		double ns = base, lat = lbase;

		if (!bench_selected(&opt, rows[r].name))
			continue;
		if (r != 0)
			measure(&rows[r], &opt, &ns, &lat);
		snprintf(name, sizeof name, "%s%s", rows[r].name,
			 r == 0 ? " (bare hash)" : r == 1 ? " (generic)" : "");
		printf("%-26s %9.2f %14.0f %7.2f %12.2f %7.2f\n", name, ns,
		       1e9 / ns, ns / base, lat, lat / lbase);
		fflush(stdout);
	}
	return 0;
}
