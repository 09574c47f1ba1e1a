/*
 * libv6transit - reassembly benchmark.
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * ns per fragment and per datagram of v6t_frag_input() for UDP datagrams
 * fragmented at an MTU of 1280 into 2, 7 and 45 fragments (IPv6: 2000,
 * 8000 and 55000 bytes; IPv4: 2000, 8000 and 56000 bytes, the sizes that
 * give the same fragment counts), their fragments in order or shuffled,
 * with 1 or 65536 datagrams in progress at once; in the same run, next to
 * memcpy() of the same fragment data to its offset in a datagram buffer
 * (the one copy reassembly cannot avoid) and, where DPDK was found at
 * build time (V6T_BENCH_DPDK), next to DPDK's rte_ip_frag reassembly.
 *
 * Every fragment is built in memory before anything is timed, laid out in
 * arrival order, one per 1280-byte slot, as a receive ring would hold
 * them. With a concurrency of C, the datagrams are taken C at a time and
 * their fragments interleaved: the first-arriving fragment of each of the
 * C datagrams, then the second of each, and so on, so that the table
 * holds C partial datagrams; with C = 1 they come one datagram after the
 * other, 64 different datagrams in a pass. The table has C slots and a
 * max_datagram of the case's datagram size; the memcpy baseline has C
 * datagram buffers. When a case does not fit the memory budget (--mem-mb,
 * 4096 MiB by default; 45 fragments at 65536 do not: about 11 GiB), its
 * concurrency is halved until it fits, and the report says so.
 *
 * Before a case is timed, one pass is checked: every fragment but the
 * last of its datagram is held, the last delivers the datagram, which must
 * equal the original byte for byte (DPDK: its length and the bytes after
 * the IP header). A case whose check fails is not timed.
 *
 * Each implementation is timed in runs of whole passes (about 15 ms a
 * run, or --iters fragments), the runs alternating between the
 * implementations, and the median of --runs runs is reported. DPDK's time
 * counts only what an application does per fragment (find the headers,
 * set l2_len/l3_len, call the reassembly, keep the result); loading the
 * fragments into mbufs happens untimed before each chunk of whole passes
 * (at least DPDK_CHUNK_MIN fragments), and freeing the reassembled mbuf
 * chains after it is timed apart ("free" column).
 *
 * --flood measures the table's eviction under a flood of incomplete
 * datagrams instead (see "The flood" below). The program only reports: no
 * time makes it fail; only a v6t_frag_input() check that fails makes it
 * exit with 1 (after the other cases).
 */
#ifdef V6T_BENCH_DPDK
#define _GNU_SOURCE /* DPDK's headers need cpu_set_t */
#else
#define _POSIX_C_SOURCE 200809L
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <v6transit/v6transit.h>

#include "bench_util.h"

#ifdef V6T_BENCH_DPDK
#include <sched.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ip.h>
#include <rte_ip_frag.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mbuf_pool_ops.h>
#include <rte_mempool.h>
#include <rte_version.h>
#define DPDK_MAX_FRAG RTE_LIBRTE_IP_FRAG_MAX_FRAG
#else
#define DPDK_MAX_FRAG 0
#endif

/* ------------------------------------------------------------ constants */

#define MTU 1280u          /* RFC 8200 §5: the IPv6 minimum link MTU */
#define IP6_HDR 40u
#define FRAG_HDR 8u        /* RFC 8200 §4.5 */
#define IP4_HDR 20u        /* no options */
#define UDP_HDR 8u
#define PROTO_UDP 17u
#define PROTO_FRAG 44u
#define PKT_SLOT MTU       /* bytes per fragment in the input (a multiple of 64) */
#define DGRAM_MAX 65536u   /* scratch room for one datagram (the scratch holds two) */
#define MIN_DGRAMS 64u     /* datagrams per pass at least (C = 1 cycles through 64) */
#define CONC_FULL 65536u   /* the "64k concurrent" of the issue */
#define DEFAULT_MEM_MB 4096ul
#define TARGET_RUN_NS 15e6 /* each timed run takes about this long */
#define CALIB_MIN_NS 1e6
#define NOW_MS 1000u       /* the clock given to the table: no datagram times out */
#define MIB (1024.0 * 1024.0)
/* Entries per bucket of DPDK's table: the DPDK example's
 * (examples/ip_reassembly), unless --dpdk-bucket-entries says otherwise. */
#define DPDK_BUCKET_ENTRIES 16u

/* ------------------------------------------------------------ the cases */

struct shape {
	unsigned version;  /* 4 or 6 */
	unsigned nfrag;    /* fragments per datagram at the MTU */
	uint32_t dglen;    /* datagram bytes with its IP header */
};

static const struct shape shapes[] = {
	{ 6, 2, 2000 }, { 6, 7, 8000 }, { 6, 45, 55000 },
	{ 4, 2, 2000 }, { 4, 7, 8000 }, { 4, 45, 56000 },
};
#define N_SHAPES (sizeof shapes / sizeof shapes[0])
static const uint32_t concs[] = { 1, CONC_FULL };
#define N_CONCS (sizeof concs / sizeof concs[0])
static const char *const orders[] = { "inorder", "shuffled" };
/* v6t_frag_input() one fragment a call, and v6t_frag_input_burst() BURST
 * fragments a call */
#define N_MODES 2
#define BURST 32u
#define N_CASES (N_SHAPES * 2 * N_CONCS * N_MODES)

struct bcase {
	const struct shape *s;
	unsigned shuffled;
	uint32_t conc_asked;
	uint32_t conc;     /* after the memory budget */
	unsigned burst;    /* v6t_frag_input_burst() */
	char name[48];
};

/* ------------------------------------------------------------ bytes */

static void st16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void st32(uint8_t *p, uint32_t v)
{
	st16(p, v >> 16);
	st16(p + 2, v);
}

static uint32_t ld16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint64_t xs64(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* splitmix64: a seed per datagram from its number. */
static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15u;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
	return (x ^ (x >> 31)) | 1u;
}

/* The ones'-complement sum of n bytes (n even) added to acc (RFC 1071). */
static uint32_t sum16(const uint8_t *p, size_t n, uint32_t acc)
{
	uint64_t s = acc;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += ld16(p + i);
	while (s >> 16)
		s = (s & 0xffffu) + (s >> 16);
	return (uint32_t)s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffffu) + (s >> 16);
	return (uint16_t)~s;
}

/* -------------------------------------------------- datagrams, fragments */

static uint32_t l3_len(unsigned v)
{
	return v == 6 ? IP6_HDR : IP4_HDR;
}

/* Data bytes in every fragment but the last: as many as the MTU leaves, a
 * multiple of 8 (RFC 8200 §4.5, RFC 791 §3.2). */
static uint32_t chunk_len(unsigned v)
{
	return v == 6 ? (MTU - IP6_HDR - FRAG_HDR) & ~7u : (MTU - IP4_HDR) & ~7u;
}

static unsigned frag_count(unsigned v, uint32_t dglen)
{
	uint32_t plen = dglen - l3_len(v), ch = chunk_len(v);

	return (unsigned)((plen + ch - 1) / ch);
}

/* The Identification of datagram d: a bijection of d, so distinct for
 * every d of a run (IPv4: every d below 65536). */
static uint32_t dgram_id(unsigned v, uint32_t d, uint32_t salt)
{
	uint32_t id = d * 0x9e3779b1u + salt;

	return v == 6 ? id : (id & 0xffffu);
}

/*
 * Datagram d of a case: an IP header (IPv6: source 2001:db8:1::/64 with a
 * host part from d, destination 2001:db8:2::1; IPv4: source 198.18.x.y
 * from d, destination 198.19.0.1, DF clear), a UDP header with a correct
 * checksum and len - headers bytes of pseudo-random data seeded by d.
 * src_net picks the source prefix's 3rd group (the flood uses another).
 */
static void gen_dgram(unsigned v, uint32_t d, uint32_t salt, uint32_t len,
		      uint32_t src_net, uint8_t *p)
{
	uint32_t l3 = l3_len(v), ulen = len - l3, s, i;
	uint64_t r = mix64((uint64_t)d << 8 ^ v ^ (uint64_t)salt << 32);
	uint8_t *u = p + l3;

	memset(p, 0, l3 + UDP_HDR);
	if (v == 6) {
		p[0] = 0x60;
		st16(p + 4, ulen);
		p[6] = PROTO_UDP;
		p[7] = 64;
		st32(p + 8, 0x20010db8u);
		st16(p + 12, src_net);
		st32(p + 20, 0x1000000u | (d & 0xffffffu));
		st32(p + 24, 0x20010db8u);
		st16(p + 28, 2);
		p[39] = 1;
	} else {
		p[0] = 0x45;
		st16(p + 2, len);
		st16(p + 4, dgram_id(4, d, salt));
		p[8] = 64;
		p[9] = PROTO_UDP;
		st32(p + 12, 0xc6120000u | (d & 0xffffu));
		st32(p + 16, 0xc6130001u);
		st16(p + 10, fold(sum16(p, IP4_HDR, 0)));
	}
	st16(u, 1024u + (d % 50000u));
	st16(u + 2, 4789);
	st16(u + 4, ulen);
	for (i = UDP_HDR; i < ulen; i += 8) {
		uint64_t x = xs64(&r);
		uint32_t n = ulen - i < 8 ? ulen - i : 8;

		memcpy(u + i, &x, n);
	}
	/* UDP checksum over the pseudo-header (RFC 8200 §8.1, RFC 768) */
	if (v == 6) {
		s = sum16(p + 8, 32, ulen + PROTO_UDP);
	} else {
		s = sum16(p + 12, 8, ulen + PROTO_UDP);
	}
	s = sum16(u, ulen, s);
	st16(u + 6, fold(s) == 0 ? 0xffffu : fold(s));
}

/*
 * Fragment i of datagram dg (len bytes) at the MTU, into out; returns its
 * length. IPv6: the IPv6 header repeated, a Fragment header with
 * Identification id (RFC 8200 §4.5); IPv4: the header with MF, offset,
 * Total Length and checksum set (RFC 791 §3.2).
 */
static uint32_t gen_frag(unsigned v, const uint8_t *dg, uint32_t len,
			 unsigned i, uint32_t id, uint8_t *out)
{
	uint32_t l3 = l3_len(v), plen = len - l3, ch = chunk_len(v);
	uint32_t off = (uint32_t)i * ch, n = plen - off < ch ? plen - off : ch;
	uint32_t more = off + n < plen;

	if (v == 6) {
		memcpy(out, dg, IP6_HDR);
		st16(out + 4, FRAG_HDR + n);
		out[6] = PROTO_FRAG;
		out[40] = dg[6];
		out[41] = 0;
		st16(out + 42, off | more); /* offset in 8-byte units << 3, M */
		st32(out + 44, id);
		memcpy(out + IP6_HDR + FRAG_HDR, dg + IP6_HDR + off, n);
		return IP6_HDR + FRAG_HDR + n;
	}
	memcpy(out, dg, IP4_HDR);
	st16(out + 2, IP4_HDR + n);
	st16(out + 6, off >> 3 | (more ? 0x2000u : 0));
	out[10] = 0;
	out[11] = 0;
	st16(out + 10, fold(sum16(out, IP4_HDR, 0)));
	memcpy(out + IP4_HDR, dg + IP4_HDR + off, n);
	return IP4_HDR + n;
}

/* ------------------------------------------------------------ the stream */

/* One fragment of the stream, in arrival order. */
struct frag {
	const uint8_t *pkt;
	uint32_t len;   /* bytes of the fragment */
	uint32_t hdr;   /* bytes of headers before its data */
	uint32_t dst;   /* offset of its data in the datagram */
	uint32_t slot;  /* memcpy buffer: datagram number mod concurrency */
	uint32_t dg;    /* datagram number */
	uint32_t rank;  /* 0 for the first-arriving fragment of its datagram */
};

struct stream {
	unsigned version, nfrag;
	uint32_t dglen, conc, ndg, salt;
	size_t nfr;          /* fragments in a pass */
	uint8_t *pkts;       /* nfr slots of PKT_SLOT bytes */
	struct frag *seq;    /* nfr entries */
};

static size_t pass_dgrams(uint32_t conc)
{
	return conc >= MIN_DGRAMS ? conc : MIN_DGRAMS;
}

/* Input bytes for a pass of case c (fragments and their descriptors). */
static double stream_bytes(unsigned nfrag, uint32_t conc)
{
	return (double)pass_dgrams(conc) * nfrag *
	       (PKT_SLOT + (double)sizeof(struct frag));
}

static int stream_build(struct stream *st, const struct bcase *c,
			uint8_t *scratch)
{
	const struct shape *s = c->s;
	uint64_t rng = 0x6a09e667f3bcc909u ^ c->conc ^ (uint64_t)s->nfrag << 40;
	uint32_t C = c->conc, ch = chunk_len(s->version), d;
	unsigned order[64], j;

	st->version = s->version;
	st->nfrag = s->nfrag;
	st->dglen = s->dglen;
	st->conc = C;
	st->ndg = (uint32_t)pass_dgrams(C);
	st->salt = (uint32_t)mix64(c->shuffled + 2u * s->nfrag);
	st->nfr = (size_t)st->ndg * s->nfrag;
	st->pkts = malloc(st->nfr * PKT_SLOT);
	st->seq = malloc(st->nfr * sizeof st->seq[0]);
	if (st->pkts == NULL || st->seq == NULL) {
		free(st->pkts);
		free(st->seq);
		return -1;
	}
	for (d = 0; d < st->ndg; d++) {
		uint32_t id = dgram_id(s->version, d, st->salt);

		gen_dgram(s->version, d, st->salt, s->dglen, 1, scratch);
		for (j = 0; j < s->nfrag; j++)
			order[j] = j;
		if (c->shuffled) /* Fisher-Yates */
			for (j = s->nfrag - 1; j > 0; j--) {
				unsigned k = (unsigned)(xs64(&rng) % (j + 1u)), t;

				t = order[j];
				order[j] = order[k];
				order[k] = t;
			}
		for (j = 0; j < s->nfrag; j++) {
			/* generation d / C, round j, position d % C in it */
			size_t p = (size_t)(d / C) * C * s->nfrag + (size_t)j * C + d % C;
			struct frag *f = &st->seq[p];
			uint8_t *out = st->pkts + p * PKT_SLOT;

			f->pkt = out;
			f->len = gen_frag(s->version, scratch, s->dglen, order[j], id, out);
			f->hdr = s->version == 6 ? IP6_HDR + FRAG_HDR : IP4_HDR;
			f->dst = l3_len(s->version) + order[j] * ch;
			f->slot = d % C;
			f->dg = d;
			f->rank = j;
		}
	}
	return 0;
}

static void stream_free(struct stream *st)
{
	free(st->pkts);
	free(st->seq);
	st->pkts = NULL;
	st->seq = NULL;
}

/* ------------------------------------------------------------ the state */

/* What the ops work on: one case at a time. */
static struct {
	struct stream st;
	uint8_t *scratch;          /* 2 * DGRAM_MAX bytes */
	v6t_frag_table *tab;
	size_t cur;                /* next fragment for v6t_frag_input */
	uint8_t *mbuf;             /* memcpy: conc buffers of stride bytes */
	size_t stride;
	size_t mcur;
#ifdef V6T_BENCH_DPDK
	struct rte_mempool *pool;
	struct rte_ip_frag_tbl *dtab;
	struct rte_ip_frag_death_row dr;
	struct rte_mbuf **mb;      /* the loaded fragments of a chunk */
	struct rte_mbuf **out;     /* the reassembled datagrams of a chunk */
	size_t mbi, nout, dpos, chunk;
	uint64_t tms;
#endif
} g;

static v6t_flowlabel_key table_key(void)
{
	v6t_flowlabel_key k;
	uint64_t s = 0x243f6a8885a308d3u;
	unsigned i;

	for (i = 0; i < 16; i++)
		k.b[i] = (uint8_t)xs64(&s);
	return k;
}

/* A table of slots datagrams of at most maxlen bytes, in fresh memory. */
static v6t_frag_table *table_new(uint32_t slots, uint32_t maxlen, void **mem)
{
	v6t_frag_config cfg;
	v6t_frag_table *t;
	size_t n;

	memset(&cfg, 0, sizeof cfg);
	cfg.slots = slots;
	cfg.max_datagram = maxlen;
	cfg.timeout_ms = V6T_FRAG_TIMEOUT_MS;
	cfg.key = table_key();
	n = v6t_frag_table_size(&cfg);
	*mem = NULL;
	if (n == 0 || (*mem = malloc(n)) == NULL)
		return NULL;
	if (v6t_frag_init(&t, *mem, n, &cfg) != V6T_OK) {
		free(*mem);
		*mem = NULL;
		return NULL;
	}
	return t;
}

/* ------------------------------------------------------------ the ops */

static uint64_t op_ours(unsigned i)
{
	const struct frag *f = &g.st.seq[g.cur];
	v6t_frag_result r;

	(void)i;
	if (++g.cur == g.st.nfr)
		g.cur = 0;
	(void)v6t_frag_input(g.tab, f->pkt, f->len, NOW_MS, &r);
	return (uint64_t)r.verdict + r.len;
}

/* BURST fragments through v6t_frag_input_burst() (a pass is a whole
 * number of bursts only by chance: a burst may wrap around to the pass's
 * start, which is the same sequence again). */
static uint64_t op_ours_burst(unsigned i)
{
	const uint8_t *pkts[BURST];
	size_t lens[BURST];
	v6t_frag_result r[BURST];
	uint64_t sum = 0;
	unsigned k;

	(void)i;
	for (k = 0; k < BURST; k++) {
		const struct frag *f = &g.st.seq[g.cur];

		pkts[k] = f->pkt;
		lens[k] = f->len;
		if (++g.cur == g.st.nfr)
			g.cur = 0;
	}
	(void)v6t_frag_input_burst(g.tab, pkts, lens, BURST, NOW_MS, r);
	for (k = 0; k < BURST; k++)
		sum += (uint64_t)r[k].verdict + r[k].len;
	return sum;
}

static uint64_t op_memcpy(unsigned i)
{
	const struct frag *f = &g.st.seq[g.mcur];

	(void)i;
	if (++g.mcur == g.st.nfr)
		g.mcur = 0;
	memcpy(g.mbuf + (size_t)f->slot * g.stride + f->dst, f->pkt + f->hdr,
	       f->len - f->hdr);
	return f->len;
}

/* Whether result r for fragment f is what the pass must give: held, or
 * for the last of its datagram that datagram, byte for byte. */
static int check_result(const struct frag *f, const v6t_frag_result *r, size_t p)
{
	int last = f->rank == g.st.nfrag - 1;

	if (r->verdict != (last ? V6T_FRAG_DONE : V6T_FRAG_HELD)) {
		fprintf(stderr, "fragment %zu (datagram %u, rank %u): verdict %d, reason %d (%s)\n",
			p, f->dg, f->rank, r->verdict, r->reason, v6t_strerror(r->reason));
		return -1;
	}
	if (!last)
		return 0;
	gen_dgram(g.st.version, f->dg, g.st.salt, g.st.dglen, 1, g.scratch);
	if (r->len != g.st.dglen || r->seg_len != r->len ||
	    memcmp(r->data, g.scratch, r->len) != 0) {
		fprintf(stderr, "datagram %u: delivered %zu bytes, not the original\n",
			f->dg, r->len);
		return -1;
	}
	return 1;
}

/* One pass through the table, checking every result, in bursts of n
 * fragments (1: single calls); the number of datagrams delivered intact,
 * or -1 at the first wrong result. */
static long check_ours(size_t n)
{
	const uint8_t *pkts[BURST];
	size_t lens[BURST], p, k, m;
	v6t_frag_result r[BURST];
	long done = 0;
	int rc;

	for (p = 0; p < g.st.nfr; p += m) {
		m = g.st.nfr - p < n ? g.st.nfr - p : n;
		for (k = 0; k < m; k++) {
			pkts[k] = g.st.seq[p + k].pkt;
			lens[k] = g.st.seq[p + k].len;
		}
		if (n == 1)
			rc = v6t_frag_input(g.tab, pkts[0], lens[0], NOW_MS, &r[0]);
		else
			rc = v6t_frag_input_burst(g.tab, pkts, lens, m, NOW_MS, r);
		if (rc != V6T_OK)
			return -1;
		for (k = 0; k < m; k++) {
			int c = check_result(&g.st.seq[p + k], &r[k], p + k);

			if (c < 0)
				return -1;
			done += c;
		}
	}
	if (v6t_frag_count(g.tab) != 0) {
		fprintf(stderr, "table holds %u datagrams after a pass\n",
			v6t_frag_count(g.tab));
		return -1;
	}
	return done;
}

/* ------------------------------------------------------------ DPDK */

#ifdef V6T_BENCH_DPDK
/* Fragments loaded into mbufs per timed chunk, at least (whole passes):
 * about 3.5 MB of mbufs, so that with one datagram at a time they are in
 * the caches, as v6t_frag_input()'s input is (a pass of 64 datagrams). */
#define DPDK_CHUNK_MIN 2048u
#define DPDK_DATA_ROOM (RTE_PKTMBUF_HEADROOM + MTU)
/* Bytes per mbuf in the pool, for the memory estimate. */
#define DPDK_MBUF_EST (192u + DPDK_DATA_ROOM)
#define DPDK_ENTRY_EST 512u /* sizeof (struct ip_frag_pkt) in 22.11 with 8 fragments */

static int g_dpdk_ok; /* EAL is up */
static uint32_t g_dpdk_bucket = DPDK_BUCKET_ENTRIES;

static size_t dpdk_chunk(size_t nfr)
{
	size_t passes = (DPDK_CHUNK_MIN + nfr - 1) / nfr;

	return passes * nfr;
}

static double dpdk_bytes(const struct bcase *c)
{
	size_t nfr = pass_dgrams(c->conc) * c->s->nfrag;
	double entries = (double)c->conc * g_dpdk_bucket;

	return (double)dpdk_chunk(nfr) * (DPDK_MBUF_EST + 16.0) +
	       entries * DPDK_ENTRY_EST;
}

/* Whether DPDK can reassemble a datagram of n fragments at all: its table
 * entry keeps RTE_LIBRTE_IP_FRAG_MAX_FRAG of them (build-time constant). */
static int dpdk_can(unsigned nfrag)
{
	return nfrag <= RTE_LIBRTE_IP_FRAG_MAX_FRAG;
}

static int dpdk_init(size_t mem_mb)
{
	char m[32];
	char *argv[] = { "bench_reasm", "--no-huge", "--no-pci", "-l", "0", "-m", m,
			 "--no-shconf", "--no-telemetry", "--log-level=1", NULL };
	cpu_set_t cpus;
	int have_cpus = sched_getaffinity(0, sizeof cpus, &cpus) == 0;

	snprintf(m, sizeof m, "%zu", mem_mb);
	if (rte_eal_init((int)(sizeof argv / sizeof argv[0]) - 1, argv) < 0) {
		fprintf(stderr, "DPDK EAL init failed: %s\n", rte_strerror(rte_errno));
		return -1;
	}
	/* EAL pins this thread to CPU 0 (-l 0); undo it, so that every
	 * implementation runs where the scheduler puts it, as without DPDK. */
	if (have_cpus)
		(void)sched_setaffinity(0, sizeof cpus, &cpus);
	g_dpdk_ok = 1;
	return 0;
}

/* A DPDK table of `entries` datagrams as the DPDK example makes one:
 * entries buckets of 16 (g_dpdk_bucket), at most entries in use, a 60 s
 * timeout. */
static struct rte_ip_frag_tbl *dpdk_table(uint32_t entries)
{
	uint64_t cycles = rte_get_tsc_hz() * (V6T_FRAG_TIMEOUT_MS / 1000u);

	return rte_ip_frag_table_create(entries, g_dpdk_bucket, entries,
					cycles, (int)rte_socket_id());
}

/*
 * A pool of n mbufs in an anonymous mapping of its own (what
 * rte_pktmbuf_pool_create() makes, but not in EAL's memory): freeing the
 * pool unmaps it, so that a case's mbufs stop taking memory when it ends
 * (EAL's heap would keep the pages).
 */
static struct rte_mempool *dpdk_pool(const char *name, unsigned n)
{
	struct rte_pktmbuf_pool_private priv;
	struct rte_mempool *mp;

	memset(&priv, 0, sizeof priv);
	priv.mbuf_data_room_size = (uint16_t)DPDK_DATA_ROOM;
	mp = rte_mempool_create_empty(name, n,
				      (unsigned)sizeof(struct rte_mbuf) + DPDK_DATA_ROOM,
				      RTE_MEMPOOL_CACHE_MAX_SIZE, (unsigned)sizeof priv,
				      (int)rte_socket_id(), 0);
	if (mp == NULL)
		return NULL;
	if (rte_mempool_set_ops_byname(mp, rte_mbuf_best_mempool_ops(), NULL) != 0)
		goto fail;
	rte_pktmbuf_pool_init(mp, &priv);
	if (rte_mempool_populate_anon(mp) < (int)n)
		goto fail;
	(void)rte_mempool_obj_iter(mp, rte_pktmbuf_init, NULL);
	return mp;
fail:
	rte_mempool_free(mp);
	return NULL;
}

/* Load the next k fragments of the stream into fresh mbufs (untimed). */
static int dpdk_load(size_t k)
{
	size_t i;

	if (rte_pktmbuf_alloc_bulk(g.pool, g.mb, (unsigned)k) != 0)
		return -1;
	for (i = 0; i < k; i++) {
		const struct frag *f = &g.st.seq[g.dpos];
		struct rte_mbuf *m = g.mb[i];

		if (++g.dpos == g.st.nfr)
			g.dpos = 0;
		memcpy(rte_pktmbuf_mtod(m, uint8_t *), f->pkt, f->len);
		m->data_len = (uint16_t)f->len;
		m->pkt_len = f->len;
	}
	g.mbi = 0;
	g.nout = 0;
	return 0;
}

/* What a DPDK application does with one received fragment (the DPDK
 * example's reassemble()): find the headers, set l2_len and l3_len, call
 * the reassembly; keep what it returns. */
static struct rte_mbuf *dpdk_one(struct rte_mbuf *m)
{
	struct rte_mbuf *out = NULL;

	if (g.st.version == 6) {
		struct rte_ipv6_hdr *ip = rte_pktmbuf_mtod(m, struct rte_ipv6_hdr *);
		struct rte_ipv6_fragment_ext *fh = rte_ipv6_frag_get_ipv6_fragment_header(ip);

		if (fh != NULL) {
			m->l2_len = 0;
			m->l3_len = sizeof *ip + sizeof *fh;
			out = rte_ipv6_frag_reassemble_packet(g.dtab, &g.dr, m, g.tms, ip, fh);
		}
	} else {
		struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod(m, struct rte_ipv4_hdr *);

		if (rte_ipv4_frag_pkt_is_fragmented(ip)) {
			m->l2_len = 0;
			m->l3_len = rte_ipv4_hdr_len(ip);
			out = rte_ipv4_frag_reassemble_packet(g.dtab, &g.dr, m, g.tms, ip);
		}
	}
	/* the death row holds 32 * (MAX_FRAG + 1) mbufs; a call adds at most
	 * MAX_FRAG + 1 (only when a datagram fails) */
	if (g.dr.cnt > RTE_IP_FRAG_DEATH_ROW_MBUF_LEN - (RTE_LIBRTE_IP_FRAG_MAX_FRAG + 1))
		rte_ip_frag_free_death_row(&g.dr, 0);
	return out;
}

static uint64_t op_dpdk(unsigned i)
{
	struct rte_mbuf *out = dpdk_one(g.mb[g.mbi++]);

	(void)i;
	if (out != NULL)
		g.out[g.nout++] = out;
	return (uint64_t)(uintptr_t)out;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Free what a chunk delivered and what died; returns the ns it took. */
static double dpdk_release(void)
{
	double t0 = now_ns();
	size_t i;

	for (i = 0; i < g.nout; i++)
		rte_pktmbuf_free(g.out[i]);
	rte_ip_frag_free_death_row(&g.dr, 0);
	g.nout = 0;
	return now_ns() - t0;
}

/* n fragments (a whole number of passes) through DPDK, in chunks; returns
 * the ns of the reassembly calls, adds the ns of the frees to *free_ns. */
static double dpdk_run(size_t n, double *free_ns)
{
	double t = 0;

	while (n > 0) {
		size_t k = n < g.chunk ? n : g.chunk;

		if (dpdk_load(k) != 0) {
			fprintf(stderr, "DPDK: out of mbufs\n");
			exit(1);
		}
		t += bench_run(op_dpdk, k, BENCH_THROUGHPUT);
		*free_ns += dpdk_release();
		n -= k;
	}
	return t;
}

/* One pass through DPDK, checking what it delivers: the number of
 * datagrams delivered intact, or -1 when one is wrong. */
static long check_dpdk(void)
{
	uint32_t l3 = l3_len(g.st.version);
	long done = 0;
	size_t p, q;

	g.dpos = 0;
	for (p = 0; p < g.st.nfr; p += q) {
		size_t k = g.st.nfr - p < g.chunk ? g.st.nfr - p : g.chunk;

		if (dpdk_load(k) != 0)
			return -1;
		for (q = 0; q < k; q++) {
			const struct frag *f = &g.st.seq[p + q];
			struct rte_mbuf *out = dpdk_one(g.mb[q]);
			const uint8_t *d;

			if (out == NULL)
				continue;
			gen_dgram(g.st.version, f->dg, g.st.salt, g.st.dglen, 1, g.scratch);
			d = out->pkt_len != g.st.dglen ? NULL :
			    rte_pktmbuf_read(out, l3, g.st.dglen - l3, g.scratch + DGRAM_MAX);
			if (f->rank != g.st.nfrag - 1 || d == NULL ||
			    memcmp(d, g.scratch + l3, g.st.dglen - l3) != 0) {
				fprintf(stderr, "DPDK: datagram %u: %u bytes at rank %u\n",
					f->dg, out->pkt_len, f->rank);
				return -1;
			}
			rte_pktmbuf_free(out);
			done++;
		}
		rte_ip_frag_free_death_row(&g.dr, 0);
	}
	return done;
}
#endif /* V6T_BENCH_DPDK */

/* ------------------------------------------------------------ timing */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, unsigned n)
{
	qsort(v, n, sizeof v[0], cmp_double);
	return v[n / 2];
}

/* Calls per timed run of op: opt->iters, or whole passes of nfr
 * fragments lasting about TARGET_RUN_NS (the calibration runs warm up). */
static size_t run_length(bench_op op, size_t nfr, const struct bench_opts *opt)
{
	size_t passes = 1;
	double t;

	if (opt->iters != 0) {
		(void)bench_run(op, opt->iters, BENCH_THROUGHPUT);
		return opt->iters;
	}
	while ((t = bench_run(op, passes * nfr, BENCH_THROUGHPUT)) < CALIB_MIN_NS)
		passes *= 2;
	passes = (size_t)((double)passes * TARGET_RUN_NS / t + 0.5);
	return (passes ? passes : 1) * nfr;
}

struct result {
	double ours, mem, dpdk, dpdk_free; /* median ns per fragment */
	long dpdk_done;                    /* datagrams DPDK delivered in its check */
	int dpdk_state;                    /* 0 not built/ran, 1 timed, -1 cannot */
};

/* --------------------------------------------------------- memory plan */

static double case_bytes(const struct bcase *c, int with_dpdk)
{
	double stride = (double)((c->s->dglen + 63u) & ~63u);
	double b = stream_bytes(c->s->nfrag, c->conc) +
		   (double)V6T_FRAG_TABLE_SIZE(c->conc, c->s->dglen, 0, 0, 0, 0) +
		   (double)c->conc * stride;

#ifdef V6T_BENCH_DPDK
	if (with_dpdk && dpdk_can(c->s->nfrag))
		b += dpdk_bytes(c);
#else
	(void)with_dpdk;
#endif
	return b;
}

/* Halve the concurrency of c until it fits budget bytes. */
static void plan_case(struct bcase *c, double budget, int with_dpdk)
{
	c->conc = c->conc_asked;
	while (c->conc > 1 && case_bytes(c, with_dpdk) > budget)
		c->conc /= 2;
}

/* ------------------------------------------------------------ one case */

static int run_case(const struct bcase *c, const struct bench_opts *opt,
		    int with_dpdk, struct result *res)
{
	double t_ours[BENCH_MAX_RUNS], t_mem[BENCH_MAX_RUNS];
	size_t n_ours, n_mem, per;
	bench_op op;
	void *tmem;
	long done;
	unsigned r;
#ifdef V6T_BENCH_DPDK
	double t_dpdk[BENCH_MAX_RUNS], t_free[BENCH_MAX_RUNS];
	size_t n_dpdk = 0;
#endif

	memset(res, 0, sizeof *res);
	if (stream_build(&g.st, c, g.scratch) != 0) {
		fprintf(stderr, "%s: out of memory for the fragments\n", c->name);
		return -1;
	}
	/* a burst may not have more packets than the table has slots */
	g.tab = table_new(c->burst && c->conc < BURST ? BURST : c->conc, c->s->dglen,
			  &tmem);
	g.stride = (c->s->dglen + 63u) & ~(size_t)63u;
	g.mbuf = malloc((size_t)c->conc * g.stride);
	if (g.tab == NULL || g.mbuf == NULL) {
		fprintf(stderr, "%s: out of memory for the table\n", c->name);
		stream_free(&g.st);
		free(tmem);
		free(g.mbuf);
		return -1;
	}
	memset(g.mbuf, 0, (size_t)c->conc * g.stride);
	g.cur = 0;
	g.mcur = 0;
	done = check_ours(c->burst ? BURST : 1);
	if (done != (long)g.st.ndg) {
		fprintf(stderr, "%s: v6t_frag_input check failed\n", c->name);
		stream_free(&g.st);
		free(tmem);
		free(g.mbuf);
		return -1;
	}

#ifdef V6T_BENCH_DPDK
	g.pool = NULL;
	g.dtab = NULL;
	g.mb = NULL;
	g.out = NULL;
	if (with_dpdk && g_dpdk_ok && (dpdk_can(c->s->nfrag) || c->conc == 1)) {
		size_t nmb;

		g.chunk = dpdk_chunk(g.st.nfr);
		nmb = g.chunk + 2u * RTE_MEMPOOL_CACHE_MAX_SIZE;
		g.pool = dpdk_pool("reasm", (unsigned)nmb);
		g.dtab = dpdk_table(c->conc);
		g.mb = malloc(g.chunk * sizeof g.mb[0]);
		g.out = malloc(g.chunk * sizeof g.out[0]);
		memset(&g.dr, 0, sizeof g.dr);
		g.tms = rte_rdtsc();
		if (g.pool == NULL || g.dtab == NULL || g.mb == NULL || g.out == NULL) {
			fprintf(stderr, "%s: DPDK: cannot set up (%s)\n", c->name,
				rte_strerror(rte_errno));
			res->dpdk_state = 0;
		} else {
			res->dpdk_done = check_dpdk();
			res->dpdk_state = res->dpdk_done == (long)g.st.ndg ? 1 : -1;
		}
		g.dpos = 0;
	} else if (with_dpdk && g_dpdk_ok) {
		res->dpdk_state = -1; /* more fragments than DPDK keeps */
		res->dpdk_done = -1;
	}
#else
	(void)with_dpdk;
#endif

	op = c->burst ? op_ours_burst : op_ours;
	per = c->burst ? BURST : 1;
	/* calls of op per run: with --iters N, N fragments' worth (N / BURST
	 * bursts, one warm-up run of as many first); else calibrated over
	 * passes rounded up to whole bursts */
	if (opt->iters != 0) {
		n_ours = opt->iters / per != 0 ? opt->iters / per : 1;
		(void)bench_run(op, n_ours, BENCH_THROUGHPUT);
	} else {
		n_ours = run_length(op, (g.st.nfr + per - 1) / per, opt);
	}
	n_mem = run_length(op_memcpy, g.st.nfr, opt);
#ifdef V6T_BENCH_DPDK
	if (res->dpdk_state == 1) {
		double f = 0, t;
		size_t passes = 1;

		/* whole passes, so that nothing stays in DPDK's table */
		if (opt->iters != 0) {
			passes = (opt->iters + g.st.nfr - 1) / g.st.nfr;
			(void)dpdk_run(passes * g.st.nfr, &f);
		} else {
			while ((t = dpdk_run(passes * g.st.nfr, &f)) < CALIB_MIN_NS)
				passes *= 2;
			passes = (size_t)((double)passes * TARGET_RUN_NS / t + 0.5);
		}
		n_dpdk = (passes ? passes : 1) * g.st.nfr;
	}
#endif
	for (r = 0; r < opt->runs; r++) {
		t_ours[r] = bench_run(op, n_ours, BENCH_THROUGHPUT) /
			    ((double)n_ours * (double)per);
		t_mem[r] = bench_run(op_memcpy, n_mem, BENCH_THROUGHPUT) / (double)n_mem;
#ifdef V6T_BENCH_DPDK
		if (res->dpdk_state == 1) {
			double f = 0;

			t_dpdk[r] = dpdk_run(n_dpdk, &f) / (double)n_dpdk;
			t_free[r] = f / (double)n_dpdk;
		}
#endif
	}
	res->ours = median(t_ours, opt->runs);
	res->mem = median(t_mem, opt->runs);
#ifdef V6T_BENCH_DPDK
	if (res->dpdk_state == 1) {
		res->dpdk = median(t_dpdk, opt->runs);
		res->dpdk_free = median(t_free, opt->runs);
	}
	if (g.dtab != NULL)
		rte_ip_frag_table_destroy(g.dtab);
	if (g.pool != NULL)
		rte_mempool_free(g.pool);
	free(g.mb);
	free(g.out);
#endif
	stream_free(&g.st);
	free(tmem);
	free(g.mbuf);
	return 0;
}

/* ------------------------------------------------------------ flood */

/*
 * The flood: a table of FLOOD_SLOTS slots, kept full by a flood of
 * incomplete datagrams (one first fragment each, 1280 bytes, never
 * completed, each with a new Identification from 2001:db8:bad::/64),
 * and FLOOD_LEGIT legitimate IPv6 datagrams of FLOOD_LEN bytes (3
 * fragments, from 2001:db8:1::/64) among them, RATE incomplete datagrams
 * per legitimate one:
 * - consecutive: RATE flood packets, then the 3 fragments of a legitimate
 *   datagram back to back;
 * - spread: in block b, fragment 0 of legitimate datagram b, RATE / 3
 *   flood packets, fragment 1 of datagram b - 1, RATE / 3 flood packets,
 *   fragment 2 of datagram b - 2, the rest of the RATE flood packets: each
 *   legitimate datagram takes 3 blocks, with 2 * RATE + 2 * (RATE / 3)
 *   flood datagrams and 2 other legitimate ones starting between its first
 *   and last fragment.
 * Then the gap sweep: fragment 0 of a legitimate datagram, GAP flood
 * datagrams, fragments 1 and 2. The clock advances 1 ms every 1000
 * packets (1 Mpps), far from the 60 s timeout.
 */
#define FLOOD_SLOTS 64u
#define FLOOD_LEGIT 10000u
#define FLOOD_LEN 3000u
#define FLOOD_NET_LEGIT 1u
#define FLOOD_NET_BAD 0xbadu
#define FLOOD_SWEEP_N 200u
#define PKTS_PER_MS 1000u

struct flood_impl {
	const char *name;
	const char *lost;  /* what `evicted` counts */
	void (*reset)(void);
	/* one packet; returns 1 when it completed a legitimate datagram */
	int (*input)(const uint8_t *pkt, uint32_t len, uint64_t now_ms);
	unsigned long evicted;
};

static struct {
	v6t_frag_table *tab;
	void *mem;
	uint8_t legit[3][3][PKT_SLOT]; /* 3 datagrams in progress, 3 fragments */
	uint32_t legit_len[3][3];
	uint8_t bad[PKT_SLOT];
	uint32_t nbad;                 /* flood datagrams so far */
	uint64_t pkts;
	struct flood_impl *impl;
} fl;

static int is_legit_out(const uint8_t *d, size_t len)
{
	return len == FLOOD_LEN && ld16(d + 12) == FLOOD_NET_LEGIT;
}

static void ours_reset(void)
{
	free(fl.mem);
	fl.tab = table_new(FLOOD_SLOTS, 4096, &fl.mem);
	if (fl.tab == NULL) {
		fprintf(stderr, "flood: cannot make a table\n");
		exit(1);
	}
}

static int ours_input(const uint8_t *pkt, uint32_t len, uint64_t now_ms)
{
	v6t_frag_result r;

	(void)v6t_frag_input(fl.tab, pkt, len, now_ms, &r);
	fl.impl->evicted += r.evicted;
	return r.verdict == V6T_FRAG_DONE && is_legit_out(r.data, r.len);
}

static struct flood_impl flood_ours = { "v6transit", "evicted", ours_reset, ours_input, 0 };

#ifdef V6T_BENCH_DPDK
static struct rte_mempool *fl_pool;
static struct rte_ip_frag_tbl *fl_dtab;
static struct rte_ip_frag_death_row fl_dr;
static uint64_t fl_tsc_per_ms;

static void dpdk_flood_reset(void)
{
	if (fl_dtab != NULL) {
		rte_ip_frag_free_death_row(&fl_dr, 0);
		rte_ip_frag_table_destroy(fl_dtab); /* frees the mbufs it holds */
	}
	if (fl_pool == NULL)
		fl_pool = rte_pktmbuf_pool_create("flood", 8192, 0, 0, DPDK_DATA_ROOM,
						  (int)rte_socket_id());
	fl_dtab = dpdk_table(FLOOD_SLOTS);
	fl_tsc_per_ms = rte_get_tsc_hz() / 1000u;
	memset(&fl_dr, 0, sizeof fl_dr);
	if (fl_pool == NULL || fl_dtab == NULL) {
		fprintf(stderr, "flood: DPDK setup failed\n");
		exit(1);
	}
}

static int dpdk_flood_input(const uint8_t *pkt, uint32_t len, uint64_t now_ms)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(fl_pool), *out;
	struct rte_ipv6_hdr *ip;
	uint8_t buf[FLOOD_LEN];
	int legit = 0;

	if (m == NULL) {
		fprintf(stderr, "flood: out of mbufs\n");
		exit(1);
	}
	memcpy(rte_pktmbuf_mtod(m, uint8_t *), pkt, len);
	m->data_len = (uint16_t)len;
	m->pkt_len = len;
	m->l2_len = 0;
	m->l3_len = IP6_HDR + FRAG_HDR;
	ip = rte_pktmbuf_mtod(m, struct rte_ipv6_hdr *);
	out = rte_ipv6_frag_reassemble_packet(fl_dtab, &fl_dr, m,
					      now_ms * fl_tsc_per_ms, ip,
					      rte_ipv6_frag_get_ipv6_fragment_header(ip));
	if (out != NULL) {
		const uint8_t *d = out->pkt_len == FLOOD_LEN ?
				   rte_pktmbuf_read(out, 0, FLOOD_LEN, buf) : NULL;

		legit = d != NULL && is_legit_out(d, FLOOD_LEN);
		rte_pktmbuf_free(out);
	}
	if (fl_dr.cnt > 0) {
		fl.impl->evicted += fl_dr.cnt;
		rte_ip_frag_free_death_row(&fl_dr, 0);
	}
	return legit;
}

static struct flood_impl flood_dpdk = { "DPDK", "dropped", dpdk_flood_reset,
					 dpdk_flood_input, 0 };
#endif

static uint64_t flood_now(void)
{
	return NOW_MS + fl.pkts / PKTS_PER_MS;
}

/* The next flood packet: a first fragment of a new datagram. */
static int send_bad(void)
{
	uint32_t id = dgram_id(6, fl.nbad, 0xbad);

	gen_frag(6, g.scratch, MTU * 4u, 0, id, fl.bad);
	st32(fl.bad + 20, fl.nbad++); /* a new source host, too */
	fl.pkts++;
	return fl.impl->input(fl.bad, MTU, flood_now());
}

static void make_legit(unsigned slot, uint32_t k)
{
	unsigned j;

	gen_dgram(6, k, 0x1e9, FLOOD_LEN, FLOOD_NET_LEGIT, g.scratch + DGRAM_MAX);
	for (j = 0; j < 3; j++)
		fl.legit_len[slot][j] = gen_frag(6, g.scratch + DGRAM_MAX, FLOOD_LEN, j,
						 dgram_id(6, k, 0x1e9), fl.legit[slot][j]);
}

static int send_legit(unsigned slot, unsigned j)
{
	fl.pkts++;
	return fl.impl->input(fl.legit[slot][j], fl.legit_len[slot][j], flood_now());
}

/* A fresh table, full of flood datagrams (the flood's steady state). */
static void flood_start(struct flood_impl *impl)
{
	unsigned i;

	fl.impl = impl;
	impl->evicted = 0;
	fl.pkts = 0;
	impl->reset();
	for (i = 0; i < FLOOD_SLOTS; i++)
		(void)send_bad();
	impl->evicted = 0;
}

static unsigned long flood_row(struct flood_impl *impl, unsigned rate, int spread)
{
	unsigned long got = 0;
	uint32_t b, i;

	flood_start(impl);
	if (!spread) {
		for (b = 0; b < FLOOD_LEGIT; b++) {
			for (i = 0; i < rate; i++)
				got += (unsigned long)send_bad();
			make_legit(0, b);
			got += (unsigned long)send_legit(0, 0);
			got += (unsigned long)send_legit(0, 1);
			got += (unsigned long)send_legit(0, 2);
		}
		return got;
	}
	for (b = 0; b < FLOOD_LEGIT + 2; b++) {
		if (b < FLOOD_LEGIT) {
			make_legit(b % 3, b);
			got += (unsigned long)send_legit(b % 3, 0);
		}
		for (i = 0; i < rate / 3; i++)
			got += (unsigned long)send_bad();
		if (b >= 1 && b - 1 < FLOOD_LEGIT)
			got += (unsigned long)send_legit((b - 1) % 3, 1);
		for (i = 0; i < rate / 3; i++)
			got += (unsigned long)send_bad();
		if (b >= 2)
			got += (unsigned long)send_legit((b - 2) % 3, 2);
		for (i = 2 * (rate / 3); i < rate; i++)
			got += (unsigned long)send_bad();
	}
	return got;
}

static unsigned long flood_gap(struct flood_impl *impl, unsigned gap)
{
	unsigned long got = 0;
	uint32_t k, i;

	flood_start(impl);
	for (k = 0; k < FLOOD_SWEEP_N; k++) {
		make_legit(0, k);
		got += (unsigned long)send_legit(0, 0);
		for (i = 0; i < gap; i++)
			got += (unsigned long)send_bad();
		got += (unsigned long)send_legit(0, 1);
		got += (unsigned long)send_legit(0, 2);
	}
	return got;
}

static int flood_main(void)
{
	static const unsigned rates[] = { 1, 10, 100 };
	static const unsigned gaps[] = { 0, 1, 16, 32, 48, 62, 63, 64, 65, 100, 1000 };
	struct flood_impl *impls[2];
	unsigned n_impl = 0, i, k, s;

	impls[n_impl++] = &flood_ours;
#ifdef V6T_BENCH_DPDK
	if (g_dpdk_ok)
		impls[n_impl++] = &flood_dpdk;
#endif
	/* the flood's datagrams: 4 fragments' worth, so never complete */
	gen_dgram(6, 0, 0xbad, MTU * 4u, FLOOD_NET_BAD, g.scratch);
	printf("flood: table of %u slots, full of incomplete datagrams; %u legitimate IPv6 "
	       "datagrams of %u bytes (3 fragments) per row\n",
	       FLOOD_SLOTS, FLOOD_LEGIT, FLOOD_LEN);
	printf("%-6s %-12s", "rate", "legit frags");
	for (i = 0; i < n_impl; i++)
		printf(" %16s %9s", impls[i]->name, impls[i]->lost);
	printf("\n");
	for (k = 0; k < sizeof rates / sizeof rates[0]; k++)
		for (s = 0; s < 2; s++) {
			printf("%3u:1  %-12s", rates[k], s ? "spread" : "consecutive");
			for (i = 0; i < n_impl; i++) {
				unsigned long got = flood_row(impls[i], rates[k], (int)s);

				printf(" %7lu (%5.1f%%) %9lu", got, 100.0 * (double)got / FLOOD_LEGIT,
				       impls[i]->evicted);
			}
			printf("\n");
			fflush(stdout);
		}
	printf("\ngap sweep: fragment 0, GAP new flood datagrams, fragments 1 and 2; "
	       "%u legitimate datagrams per row\n", FLOOD_SWEEP_N);
	printf("%-6s", "gap");
	for (i = 0; i < n_impl; i++)
		printf(" %16s", impls[i]->name);
	printf("\n");
	for (k = 0; k < sizeof gaps / sizeof gaps[0]; k++) {
		printf("%-6u", gaps[k]);
		for (i = 0; i < n_impl; i++) {
			unsigned long got = flood_gap(impls[i], gaps[k]);

			printf(" %7lu (%5.1f%%)", got, 100.0 * (double)got / FLOOD_SWEEP_N);
		}
		printf("\n");
		fflush(stdout);
	}
	free(fl.mem);
	return 0;
}

/* ------------------------------------------------------------ memory */

/*
 * --memory: bytes per concurrent datagram while it waits for its last
 * fragment (all others held), for each shape:
 * - ours: a table of MEM_SLOTS slots filled with MEM_SLOTS such
 *   datagrams, its v6t_frag_table_size() divided by MEM_SLOTS: direct
 *   tables for the largest datagram (65575) and for the shape's; chunked
 *   tables (2048-byte chunks) with the fewest chunks that hold them all
 *   without an eviction (found by trying, a binary search);
 * - DPDK: what rte_ip_frag_table_create() takes from EAL's heap for
 *   MEM_SLOTS datagrams (the example's 16 entries per bucket), divided by
 *   MEM_SLOTS, plus one mbuf (header, data room, the pool's per-object
 *   bytes) per fragment held: DPDK keeps the fragments' mbufs.
 * Linux: tests/bench/linux_frag_mem.sh measures the kernel's own count.
 */
#define MEM_SLOTS 256u
#define MEM_CHUNK 2048u

/* Feed the held fragments (all but the last) of MEM_SLOTS datagrams of
 * shape s into a table of cfg: 1 when all are held without an eviction. */
static int mem_fill(const struct shape *s, const v6t_frag_config *cfg)
{
	size_t n = v6t_frag_table_size(cfg);
	void *mem = n != 0 ? malloc(n) : NULL;
	v6t_frag_table *t;
	v6t_frag_stats st;
	uint8_t pkt[PKT_SLOT];
	uint32_t d, k;
	int ok = 1;

	if (mem == NULL || v6t_frag_init(&t, mem, n, cfg) != V6T_OK) {
		free(mem);
		return 0;
	}
	for (d = 0; d < MEM_SLOTS && ok; d++) {
		gen_dgram(s->version, d, 7, s->dglen, 1, g.scratch);
		for (k = 0; k + 1 < s->nfrag; k++) {
			v6t_frag_result r;
			uint32_t len = gen_frag(s->version, g.scratch, s->dglen, k,
						dgram_id(s->version, d, 7), pkt);

			if (v6t_frag_input(t, pkt, len, NOW_MS, &r) != V6T_OK ||
			    r.verdict != V6T_FRAG_HELD)
				ok = 0;
		}
	}
	v6t_frag_stats_read(t, &st);
	ok = ok && st.evicted == 0 && v6t_frag_count(t) == MEM_SLOTS;
	free(mem);
	return ok;
}

static double mem_ours(const struct shape *s, uint32_t maxd, uint32_t chunk)
{
	v6t_frag_config cfg;
	uint32_t lo = 1, hi = MEM_SLOTS * 40u;

	memset(&cfg, 0, sizeof cfg);
	cfg.slots = MEM_SLOTS;
	cfg.max_datagram = maxd;
	cfg.timeout_ms = V6T_FRAG_TIMEOUT_MS;
	cfg.key = table_key();
	if (chunk != 0) {
		cfg.chunk_size = chunk;
		/* the fewest chunks that hold them all */
		while (lo < hi) {
			cfg.chunks = lo + (hi - lo) / 2;
			if (v6t_frag_table_size(&cfg) != 0 && mem_fill(s, &cfg))
				hi = cfg.chunks;
			else
				lo = cfg.chunks + 1;
		}
		cfg.chunks = lo;
	}
	if (!mem_fill(s, &cfg))
		return -1;
	return (double)v6t_frag_table_size(&cfg) / MEM_SLOTS;
}

#ifdef V6T_BENCH_DPDK
static double mem_dpdk(const struct shape *s)
{
	struct rte_malloc_socket_stats a, b;
	struct rte_ip_frag_tbl *t;
	struct rte_mempool *mp;
	double per_mbuf;
	int sock = (int)rte_socket_id();

	if (sock < 0) /* SOCKET_ID_ANY without NUMA: the heap of socket 0 */
		sock = 0;
	if (!g_dpdk_ok || rte_malloc_get_socket_stats(sock, &a) != 0)
		return -1;
	if ((t = dpdk_table(MEM_SLOTS)) == NULL)
		return -1;
	(void)rte_malloc_get_socket_stats(sock, &b);
	rte_ip_frag_table_destroy(t);
	/* more mbufs than the per-lcore cache, as rte_mempool asks */
	if ((mp = dpdk_pool("memory", 4u * RTE_MEMPOOL_CACHE_MAX_SIZE)) == NULL)
		return -1;
	per_mbuf = (double)mp->header_size + mp->elt_size + mp->trailer_size;
	rte_mempool_free(mp);
	return (double)(b.heap_allocsz_bytes - a.heap_allocsz_bytes) / MEM_SLOTS +
	       (double)(s->nfrag - 1) * per_mbuf;
}
#endif

static int memory_main(void)
{
	size_t k;

	printf("memory: bytes per concurrent datagram with all but its last fragment held "
	       "(%u datagrams)\n", MEM_SLOTS);
	printf("%-8s %5s | %12s %12s %12s | %12s\n", "shape", "held", "v6t 65575",
	       "v6t shape", "v6t chunked", "dpdk");
	for (k = 0; k < N_SHAPES; k++) {
		const struct shape *s = &shapes[k];
		double dp = -1;

#ifdef V6T_BENCH_DPDK
		if (dpdk_can(s->nfrag))
			dp = mem_dpdk(s);
#endif
		printf("v%u/%uf %7u | %12.0f %12.0f %12.0f | ", s->version, s->nfrag,
		       s->nfrag - 1, mem_ours(s, V6T_FRAG_MAX_DATAGRAM, 0),
		       mem_ours(s, s->dglen, 0), mem_ours(s, V6T_FRAG_MAX_DATAGRAM, MEM_CHUNK));
		if (dp >= 0)
			printf("%12.0f\n", dp);
		else if (DPDK_MAX_FRAG != 0 && s->nfrag > DPDK_MAX_FRAG)
			printf("%12s\n", "cannot");
		else
			printf("%12s\n", "-");
		fflush(stdout);
	}
	return 0;
}

/* ------------------------------------------------------------ main */

static void usage(FILE *f)
{
	bench_usage(f, "bench_reasm");
	fprintf(f,
		"  --flood          measure eviction under a flood instead (no timing)\n"
		"  --memory         print bytes per concurrent datagram instead (no timing)\n"
		"  --mem-mb N       memory budget per case in MiB (default %lu); a case\n"
		"                   that needs more runs at a lower concurrency\n"
		"  --no-dpdk        leave DPDK out even where it was built in\n"
		"  --dpdk-bucket-entries N  entries per bucket of DPDK's table, a power\n"
		"                   of two (default %u, as in DPDK's ip_reassembly example)\n"
		"  --iters N counts fragments; DPDK rounds it up to whole passes\n",
		DEFAULT_MEM_MB, DPDK_BUCKET_ENTRIES);
}

static void make_cases(struct bcase *cases)
{
	unsigned s, o, k, b, n = 0;

	for (s = 0; s < N_SHAPES; s++)
		for (o = 0; o < 2; o++)
			for (k = 0; k < N_CONCS; k++)
				for (b = 0; b < N_MODES; b++) {
					struct bcase *c = &cases[n++];

					c->s = &shapes[s];
					c->shuffled = o;
					c->conc_asked = concs[k];
					c->conc = concs[k];
					c->burst = b;
					snprintf(c->name, sizeof c->name, "v%u/%uf/%s/c%s%s",
						 c->s->version, c->s->nfrag, orders[o],
						 concs[k] == 1 ? "1" : "64k",
						 b ? "/burst" : "");
				}
}

int main(int argc, char **argv)
{
	static struct bcase cases[N_CASES];
	struct bench_opts opt;
	char *args[64];
	int nargs = 0, i, flood = 0, memory = 0, with_dpdk = 1, failed = 0;
	unsigned long mem_mb = DEFAULT_MEM_MB;
	double budget, dpdk_need = 0;
	size_t k;

	/* our own options first; the rest go to bench_parse_args() */
	args[nargs++] = argv[0];
	for (i = 1; i < argc && nargs < 63; i++) {
		if (strcmp(argv[i], "--flood") == 0)
			flood = 1;
		else if (strcmp(argv[i], "--memory") == 0)
			memory = 1;
		else if (strcmp(argv[i], "--no-dpdk") == 0)
			with_dpdk = 0;
		else if (strcmp(argv[i], "--dpdk-bucket-entries") == 0 && i + 1 < argc) {
			unsigned long e = strtoul(argv[++i], NULL, 10);

			if (e == 0 || e > 1024 || (e & (e - 1)) != 0) {
				usage(stderr);
				return 2;
			}
#ifdef V6T_BENCH_DPDK
			g_dpdk_bucket = (uint32_t)e;
#endif
		}
		else if (strcmp(argv[i], "--mem-mb") == 0 && i + 1 < argc) {
			mem_mb = strtoul(argv[++i], NULL, 10);
			if (mem_mb == 0) {
				usage(stderr);
				return 2;
			}
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		} else
			args[nargs++] = argv[i];
	}
	args[nargs] = NULL;
	bench_parse_args(nargs, args, "bench_reasm", &opt);
	make_cases(cases);
	for (k = 0; k < N_SHAPES; k++)
		if (frag_count(shapes[k].version, shapes[k].dglen) != shapes[k].nfrag) {
			fprintf(stderr, "bench_reasm: shape %zu is not %u fragments\n", k,
				shapes[k].nfrag);
			return 1;
		}
	if (opt.list) {
		for (k = 0; k < N_CASES; k++)
			bench_list(&opt, cases[k].name, "reasm",
				   cases[k].burst ? "v6t_frag_input_burst" : "v6t_frag_input");
		return 0;
	}
#ifndef V6T_BENCH_DPDK
	with_dpdk = 0;
#endif
	budget = (double)mem_mb * MIB;
	for (k = 0; k < N_CASES; k++) {
		plan_case(&cases[k], budget, with_dpdk);
#ifdef V6T_BENCH_DPDK
		if (with_dpdk && bench_selected(&opt, cases[k].name) &&
		    (dpdk_can(cases[k].s->nfrag) || cases[k].conc == 1) &&
		    dpdk_bytes(&cases[k]) > dpdk_need)
			dpdk_need = dpdk_bytes(&cases[k]);
#endif
	}
	g.scratch = malloc(2u * DGRAM_MAX);
	if (g.scratch == NULL)
		return 1;
#ifdef V6T_BENCH_DPDK
	if (with_dpdk)
		(void)dpdk_init((size_t)(dpdk_need / MIB) + 256u);
	else
		(void)dpdk_need;
#else
	(void)dpdk_need;
#endif
	if (flood)
		return flood_main();
	if (memory)
		return memory_main();

	printf("libv6transit %s, compiler %s; median of %u runs, %s; memory budget %lu MiB\n",
	       v6t_version(), bench_compiler(), opt.runs, bench_iters_kind(&opt), mem_mb);
#ifdef V6T_BENCH_DPDK
	if (g_dpdk_ok)
		printf("%s (EAL --no-huge), RTE_LIBRTE_IP_FRAG_MAX_FRAG %d, %u entries per bucket\n",
		       rte_version(), RTE_LIBRTE_IP_FRAG_MAX_FRAG, g_dpdk_bucket);
	else
		printf("DPDK built in but %s\n", with_dpdk ? "EAL failed" : "left out (--no-dpdk)");
#else
	printf("DPDK not built in\n");
#endif
	printf("%-22s %6s %8s %9s %8s | %8s %6s | %8s %7s %6s %6s | %-9s %5s\n", "case",
	       "conc", "ns/frag", "ns/dgram", "Mfrag/s", "memcpy", "x mem", "dpdk", "Mfrag/s",
	       "x dpdk", "free", "aims", "MiB");
	for (k = 0; k < N_CASES; k++) {
		const struct bcase *c = &cases[k];
		struct result res;
		char dp[64], aims[16];

		if (!bench_selected(&opt, c->name))
			continue;
		if (run_case(c, &opt, with_dpdk, &res) != 0) {
			failed = 1;
			continue;
		}
		if (res.dpdk_state == 1)
			snprintf(dp, sizeof dp, "%8.1f %7.2f %6.2f %6.1f", res.dpdk,
				 1e3 / res.dpdk, res.dpdk / res.ours, res.dpdk_free);
		else if (res.dpdk_state == -1)
			snprintf(dp, sizeof dp, "%-31s", "cannot");
		else
			snprintf(dp, sizeof dp, "%-31s", "-");
		snprintf(aims, sizeof aims, "%s,%s", res.ours <= 1.5 * res.mem ? "met" : "MISS",
			 res.dpdk_state == 1 ? (res.dpdk >= 2 * res.ours ? "met" : "MISS") :
					       "n/a");
		printf("%-22s %6u %8.1f %9.0f %8.2f | %8.1f %6.2f | %s | %-9s %5.0f\n",
		       c->name, c->conc, res.ours, res.ours * c->s->nfrag, 1e3 / res.ours,
		       res.mem, res.ours / res.mem, dp, aims, case_bytes(c, with_dpdk) / MIB);
		if (res.dpdk_state == -1 && res.dpdk_done >= 0)
			printf("  DPDK delivered %ld of %u datagrams (at most %d fragments per datagram)\n",
			       res.dpdk_done, (unsigned)pass_dgrams(c->conc),
			       DPDK_MAX_FRAG);
		else if (res.dpdk_state == -1)
			printf("  DPDK not run: at most %d fragments per datagram\n", DPDK_MAX_FRAG);
		if (c->conc != c->conc_asked) {
			struct bcase full = *c;

			full.conc = full.conc_asked;
			printf("  concurrency %u does not fit %lu MiB (needs %.0f MiB); ran at %u (%.0f MiB)\n",
			       c->conc_asked, mem_mb, case_bytes(&full, with_dpdk) / MIB,
			       c->conc, case_bytes(c, with_dpdk) / MIB);
		}
		fflush(stdout);
	}
	free(g.scratch);
	return failed;
}
