/*
 * libv6transit - keyed-hash benchmark: the candidates for the flow-label
 * hash.
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Measures ns/op for SipHash-2-4 and SipHash-1-3 (src/siphash.h, with
 * 64-bit words and a 128-bit key) and for HalfSipHash-2-4 and
 * HalfSipHash-1-3 (below: 32-bit words, a 64-bit key, a 32-bit tag), on
 * messages of 37 and 32 bytes (the longest and shortest flow-label
 * messages, see flowlabel.h) and of 8 and 64 bytes for context. Each case
 * hashes a ring of RING different messages under one key; the loop is
 * timed with clock_gettime(CLOCK_MONOTONIC) several times and the median is
 * reported, as bench_addr does. It only reports: no time ever makes it fail.
 * It does stop, before timing anything, if a candidate gives a wrong answer
 * for a published test vector.
 *
 * The flow-label module hashes {src, dst, tail} in place with
 * v6t_sip_hash_tuple(); the "tuple" rows time that form, and "lib" the
 * out-of-line v6t_siphash13() of the library. See doc/benchmarks.md,
 * "Flow-label hash: the choice", for the results and for counting
 * instructions per call under callgrind (--list gives each case's symbol;
 * with --iters N --runs 1 a case makes exactly 2 * N calls after setup).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <v6transit/v6transit.h>

#include "bench_util.h"
#include "siphash.h"

#define RING BENCH_RING
/* The longest message timed. */
#define MSG_MAX 64u

/* ------------------------------------------------------------ HalfSipHash */

/*
 * HalfSipHash-c-d, from the description of the SipHash authors
 * (https://github.com/veorq/SipHash, README.md and halfsiphash.c): SipHash
 * with 32-bit words. Four 32-bit words of state, set from the key halves
 * k0, k1 (little-endian words of the 8 key bytes) as v0 = k0, v1 = k1,
 * v2 = k0 ^ "lyge", v3 = k1 ^ "tedb" (the top halves of SipHash's v2 and v3
 * constants); each 4-byte little-endian word m is absorbed as v3 ^= m,
 * c rounds, v0 ^= m; the last word holds the 0..3 remaining bytes and the
 * length mod 256 in its top byte; finalization for a 32-bit tag is
 * v2 ^= 0xff, d rounds, and the tag is v1 ^ v3. The round is SipRound with
 * the rotations 5, 16, 8, 7, 13, 16 in place of 13, 32, 16, 21, 17, 32.
 */
struct hsip {
	uint32_t v0, v1, v2, v3;
};

static inline uint32_t rotl32(uint32_t x, unsigned n)
{
	return x << n | x >> (32u - n);
}

static inline uint32_t ld_le32(const uint8_t p[4])
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline void hsip_round(struct hsip *s)
{
	s->v0 += s->v1;
	s->v1 = rotl32(s->v1, 5);
	s->v1 ^= s->v0;
	s->v0 = rotl32(s->v0, 16);
	s->v2 += s->v3;
	s->v3 = rotl32(s->v3, 8);
	s->v3 ^= s->v2;
	s->v0 += s->v3;
	s->v3 = rotl32(s->v3, 7);
	s->v3 ^= s->v0;
	s->v2 += s->v1;
	s->v1 = rotl32(s->v1, 13);
	s->v1 ^= s->v2;
	s->v2 = rotl32(s->v2, 16);
}

static inline void hsip_absorb(struct hsip *s, uint32_t m, int c)
{
	int i;

	s->v3 ^= m;
	for (i = 0; i < c; i++)
		hsip_round(s);
	s->v0 ^= m;
}

/* HalfSipHash-c-d of msg[0..len) with the 8-byte key, 32-bit tag. */
static inline uint32_t half_sip_hash(const uint8_t key[8], const uint8_t *msg,
				     size_t len, int c, int d)
{
	struct hsip s;
	uint32_t k0 = ld_le32(key), k1 = ld_le32(key + 4);
	uint32_t last = (uint32_t)(len & 0xffu) << 24;
	size_t off, i;

	s.v0 = k0;
	s.v1 = k1;
	s.v2 = k0 ^ 0x6c796765u; /* "lyge" */
	s.v3 = k1 ^ 0x74656462u; /* "tedb" */
	for (off = 0; len - off >= 4; off += 4)
		hsip_absorb(&s, ld_le32(msg + off), c);
	for (i = 0; off + i < len; i++)
		last |= (uint32_t)msg[off + i] << (8 * i);
	hsip_absorb(&s, last, c);
	s.v2 ^= 0xffu;
	for (i = 0; i < (size_t)d; i++)
		hsip_round(&s);
	return s.v1 ^ s.v3;
}

/* ------------------------------------------------------ known answers */

/* Every table: key 00 01 02 .., entry n the tag of the n-byte message
 * 00 01 .. (n-1), written as the tag's bytes in little-endian order. */
#define N_VEC 64

/*
 * HalfSipHash-2-4, 32-bit tag, key 00 .. 07: the reference implementation's
 * https://github.com/veorq/SipHash, vectors.h, table vectors_hsip32 (commit
 * 1a7d041abc95055170c996d9af80887d4046aa5a).
 */
static const uint8_t hsip24_vec[N_VEC][4] = {
	{ 0xa9, 0x35, 0x9f, 0x5b }, /*  0 */
	{ 0x27, 0x47, 0x5a, 0xb8 }, /*  1 */
	{ 0xfa, 0x62, 0xa6, 0x03 }, /*  2 */
	{ 0x8a, 0xfe, 0xe7, 0x04 }, /*  3 */
	{ 0x2a, 0x6e, 0x46, 0x89 }, /*  4 */
	{ 0xc5, 0xfa, 0xb6, 0x69 }, /*  5 */
	{ 0x58, 0x63, 0xfc, 0x23 }, /*  6 */
	{ 0x8b, 0xcf, 0x63, 0xc5 }, /*  7 */
	{ 0xd0, 0xb8, 0x84, 0x8f }, /*  8 */
	{ 0xf8, 0x06, 0xe7, 0x79 }, /*  9 */
	{ 0x94, 0xb0, 0x79, 0x34 }, /* 10 */
	{ 0x08, 0x08, 0x30, 0x50 }, /* 11 */
	{ 0x57, 0xf0, 0x87, 0x2f }, /* 12 */
	{ 0x77, 0xe6, 0x63, 0xff }, /* 13 */
	{ 0xd6, 0xff, 0xf8, 0x7c }, /* 14 */
	{ 0x74, 0xfe, 0x2b, 0x97 }, /* 15 */
	{ 0xd9, 0xb5, 0xac, 0x84 }, /* 16 */
	{ 0xc4, 0x74, 0x64, 0x5b }, /* 17 */
	{ 0x46, 0x5b, 0x8d, 0x9b }, /* 18 */
	{ 0x7b, 0xef, 0xe3, 0x87 }, /* 19 */
	{ 0xe3, 0x4d, 0x10, 0x45 }, /* 20 */
	{ 0x61, 0x3f, 0x62, 0xb3 }, /* 21 */
	{ 0x70, 0xf3, 0x67, 0xfe }, /* 22 */
	{ 0xe6, 0xad, 0xb8, 0xbd }, /* 23 */
	{ 0x27, 0x40, 0x0c, 0x63 }, /* 24 */
	{ 0x26, 0x78, 0x78, 0x75 }, /* 25 */
	{ 0x4f, 0x56, 0x7b, 0x5f }, /* 26 */
	{ 0x3a, 0xb0, 0xe6, 0x69 }, /* 27 */
	{ 0xb0, 0x64, 0x40, 0x00 }, /* 28 */
	{ 0xff, 0x67, 0x0f, 0xb4 }, /* 29 */
	{ 0x50, 0x9e, 0x33, 0x8b }, /* 30 */
	{ 0x5d, 0x58, 0x9f, 0x1a }, /* 31 */
	{ 0xfe, 0xe7, 0x21, 0x12 }, /* 32 */
	{ 0x33, 0x75, 0x32, 0x59 }, /* 33 */
	{ 0x6a, 0x43, 0x4f, 0x8c }, /* 34 */
	{ 0xfe, 0x28, 0xb7, 0x29 }, /* 35 */
	{ 0xe7, 0x5c, 0xc6, 0xec }, /* 36 */
	{ 0x69, 0x7e, 0x8d, 0x54 }, /* 37 */
	{ 0x63, 0x68, 0x8b, 0x0f }, /* 38 */
	{ 0x65, 0x0b, 0x62, 0xb4 }, /* 39 */
	{ 0xb6, 0xbc, 0x18, 0x40 }, /* 40 */
	{ 0x5d, 0x07, 0x45, 0x05 }, /* 41 */
	{ 0x24, 0x42, 0xfd, 0x2e }, /* 42 */
	{ 0x7b, 0xb7, 0x86, 0x3a }, /* 43 */
	{ 0x77, 0x05, 0xd5, 0x48 }, /* 44 */
	{ 0xd7, 0x52, 0x08, 0xb1 }, /* 45 */
	{ 0xb6, 0xd4, 0x99, 0xc8 }, /* 46 */
	{ 0x08, 0x92, 0x20, 0x2e }, /* 47 */
	{ 0x69, 0xe1, 0x2c, 0xe3 }, /* 48 */
	{ 0x8d, 0xb5, 0x80, 0xe5 }, /* 49 */
	{ 0x36, 0x97, 0x64, 0xc6 }, /* 50 */
	{ 0x01, 0x6e, 0x02, 0x04 }, /* 51 */
	{ 0x3b, 0x85, 0xf3, 0xd4 }, /* 52 */
	{ 0xfe, 0xdb, 0x66, 0xbe }, /* 53 */
	{ 0x1e, 0x69, 0x2a, 0x3a }, /* 54 */
	{ 0xc6, 0x89, 0x84, 0xc0 }, /* 55 */
	{ 0xa5, 0xc5, 0xb9, 0x40 }, /* 56 */
	{ 0x9b, 0xe9, 0xe8, 0x8c }, /* 57 */
	{ 0x7d, 0xbc, 0x81, 0x40 }, /* 58 */
	{ 0x7c, 0x07, 0x8e, 0xc5 }, /* 59 */
	{ 0xd4, 0xe7, 0x6c, 0x73 }, /* 60 */
	{ 0x42, 0x8f, 0xcb, 0xb9 }, /* 61 */
	{ 0xbd, 0x83, 0x99, 0x7a }, /* 62 */
	{ 0x59, 0xea, 0x4a, 0x74 }, /* 63 */
};

/*
 * HalfSipHash-1-3, 32-bit tag, key 00 .. 07, as 32-bit numbers: Linux,
 * lib/siphash_kunit.c, test_vectors_hsiphash of the BITS_PER_LONG == 32
 * branch, where hsiphash() is HalfSipHash-1-3 with the key
 * {{ 0x03020100, 0x07060504 }} (torvalds/linux commit
 * 1a931707ad4a46e79d4ecfee56d8f6e8cc8d4f28).
 */
static const uint32_t hsip13_vec[N_VEC] = {
	0x5814c896u, 0xe7e864cau, 0xbc4b0e30u, 0x01539939u,
	0x7e059ea6u, 0x88e3d89bu, 0xa0080b65u, 0x9d38d9d6u,
	0x577999b1u, 0xc839caedu, 0xe4fa32cfu, 0x959246eeu,
	0x6b28096cu, 0x66dd9cd6u, 0x16658a7cu, 0xd0257b04u,
	0x8b31d501u, 0x2b1cd04bu, 0x06712339u, 0x522aca67u,
	0x911bb605u, 0x90a65f0eu, 0xf826ef7bu, 0x62512debu,
	0x57150ad7u, 0x5d473507u, 0x1ec47442u, 0xab64afd3u,
	0x0a4100d0u, 0x6d2ce652u, 0x2331b6a3u, 0x08d8791au,
	0xbc6dda8du, 0xe0f6c934u, 0xb0652033u, 0x9b9851ccu,
	0x7c46fb7fu, 0x732ba8cbu, 0xf142997au, 0xfcc9aa1bu,
	0x05327eb2u, 0xe110131cu, 0xf9e5e7c0u, 0xa7d708a6u,
	0x11795ab1u, 0x65671619u, 0x9f5fff91u, 0xd89c5267u,
	0x007783ebu, 0x95766243u, 0xab639262u, 0x9c7e1390u,
	0xc368dda6u, 0x38ddc455u, 0xfa13d379u, 0x979ea4e8u,
	0x53ecd77eu, 0x2ee80657u, 0x33dbb66au, 0xae3f0577u,
	0x88b4c4ccu, 0x3e7f480bu, 0x74c1ebf8u, 0x87178304u,
};

/*
 * SipHash-2-4 and SipHash-1-3, key 00 .. 0f, at the lengths timed here
 * (tests/test_siphash.c checks all 64): entries 8, 32 and 37 of vectors_sip64
 * in the reference vectors.h above, and of test_siphash_1_3 in the Rust
 * standard library, library/core/tests/hash/sip.rs (rust-lang/rust commit
 * 76dbe2910465072f85e74d6f7115ec9e6803e8bf).
 */
static const struct {
	size_t len;
	uint8_t sip24[8];
	uint8_t sip13[8];
} sip_vec[] = {
	{ 8, { 0x62, 0x24, 0x93, 0x9a, 0x79, 0xf5, 0xf5, 0x93 },
	     { 0x8e, 0x9a, 0x29, 0x8d, 0x11, 0x95, 0x90, 0x36 } },
	{ 32, { 0xce, 0x7c, 0xf2, 0x72, 0x2f, 0x51, 0x27, 0x71 },
	      { 0x0d, 0xb6, 0xa7, 0x16, 0x6c, 0x7b, 0x15, 0x81 } },
	{ 37, { 0x81, 0x39, 0x62, 0x29, 0xf0, 0x90, 0x79, 0x02 },
	      { 0x57, 0x30, 0xc3, 0xa3, 0x2d, 0x1c, 0x10, 0xb6 } },
};

#define N_SIP_VEC (sizeof sip_vec / sizeof sip_vec[0])

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "bench_hash: %s %s\n", what, detail);
	exit(1);
}

static uint64_t le64(const uint8_t b[8])
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | b[i];
	return v;
}

/* Every candidate against its published answers; exits on a mismatch, so
 * that a wrong (and perhaps faster) hash is never timed. */
static void self_check(void)
{
	uint8_t key[16], msg[N_VEC];
	char where[64];
	size_t n;

	for (n = 0; n < sizeof key; n++)
		key[n] = (uint8_t)n;
	for (n = 0; n < sizeof msg; n++)
		msg[n] = (uint8_t)n;
	for (n = 0; n < N_VEC; n++) {
		snprintf(where, sizeof where, "for %zu bytes", n);
		if (half_sip_hash(key, msg, n, 2, 4) != ld_le32(hsip24_vec[n]))
			die("HalfSipHash-2-4 differs from vectors_hsip32", where);
		if (half_sip_hash(key, msg, n, 1, 3) != hsip13_vec[n])
			die("HalfSipHash-1-3 differs from Linux's test vectors", where);
	}
	for (n = 0; n < N_SIP_VEC; n++) {
		snprintf(where, sizeof where, "for %zu bytes", sip_vec[n].len);
		if (v6t_sip_hash(key, msg, sip_vec[n].len, 2, 4) != le64(sip_vec[n].sip24))
			die("SipHash-2-4 differs from vectors_sip64", where);
		if (v6t_sip_hash(key, msg, sip_vec[n].len, 1, 3) != le64(sip_vec[n].sip13))
			die("SipHash-1-3 differs from Rust's test vectors", where);
		if (v6t_siphash13(key, msg, sip_vec[n].len) != le64(sip_vec[n].sip13))
			die("v6t_siphash13 differs from Rust's test vectors", where);
	}
}

/* ---------------------------------------------------------------- inputs */

/* One key for every call (a flow-label key stays for the life of the
 * flows) and RING messages; HalfSipHash uses the first 8 key bytes. */
static uint8_t g_key[16];
static uint8_t g_msg[RING][MSG_MAX];

static void setup(void)
{
	uint32_t x = 0x2545f491u;
	unsigned i, j;

	for (i = 0; i < RING; i++) {
		for (j = 0; j < MSG_MAX; j++) {
			x = x * 1664525u + 1013904223u; /* Numerical Recipes LCG */
			g_msg[i][j] = (uint8_t)(x >> 24);
		}
	}
	for (j = 0; j < sizeof g_key; j++) {
		x = x * 1664525u + 1013904223u;
		g_key[j] = (uint8_t)(x >> 24);
	}
}

/* ------------------------------------------------------------------- ops */
/* One call on message i (already masked), with the length and the rounds
 * constant, as in the flow-label code, so that the compiler can unroll. */

/*
 * Each op gets its own copy of the hash, with the length and the rounds
 * folded in, as the flow-label code gets one (gcc clones
 * v6t_sip_hash_tuple() there with the rounds constant). Without this, gcc
 * keeps a single out-of-line v6t_sip_hash() for all the ops here, with the
 * rounds as variables, and times a slower hash than the library runs.
 */
#if defined(__GNUC__)
#define OP_ATTR __attribute__((flatten))
#else
#define OP_ATTR
#endif

static uint64_t op_base(unsigned i)
{
	return g_msg[i][0];
}

#define HASH_OPS(n) \
	static OP_ATTR uint64_t op_sip24_##n(unsigned i) \
	{ \
		return v6t_sip_hash(g_key, g_msg[i], n, 2, 4); \
	} \
	static OP_ATTR uint64_t op_sip13_##n(unsigned i) \
	{ \
		return v6t_sip_hash(g_key, g_msg[i], n, 1, 3); \
	} \
	static OP_ATTR uint64_t op_hsip24_##n(unsigned i) \
	{ \
		return half_sip_hash(g_key, g_msg[i], n, 2, 4); \
	} \
	static OP_ATTR uint64_t op_hsip13_##n(unsigned i) \
	{ \
		return half_sip_hash(g_key, g_msg[i], n, 1, 3); \
	}

HASH_OPS(8)
HASH_OPS(32)
HASH_OPS(37)
HASH_OPS(64)

/* The flow-label form: {src, dst} and a tail of 0..7 bytes, in place. */
#define TUPLE_OPS(n) \
	static OP_ATTR uint64_t op_sip24_tuple_##n(unsigned i) \
	{ \
		return v6t_sip_hash_tuple(g_key, g_msg[i], g_msg[i] + 16, \
					  g_msg[i] + 32, n - 32, 2, 4); \
	} \
	static OP_ATTR uint64_t op_sip13_tuple_##n(unsigned i) \
	{ \
		return v6t_sip_hash_tuple(g_key, g_msg[i], g_msg[i] + 16, \
					  g_msg[i] + 32, n - 32, 1, 3); \
	} \
	static uint64_t op_siphash13_lib_##n(unsigned i) \
	{ \
		return v6t_siphash13(g_key, g_msg[i], n); \
	}

TUPLE_OPS(32)
TUPLE_OPS(37)

/* ------------------------------------------------------------------ table */

struct row {
	const char *name;
	const char *group;  /* "base" or "hash" */
	const char *symbol; /* the op's own name, for callgrind's --toggle-collect */
	bench_op op;
	unsigned bytes;     /* message length, 0 for the base row */
	double ns;          /* median ns per call, once measured */
};

#define ROW(name, fn, bytes) { name, "hash", #fn, fn, bytes, 0 }
#define LEN_ROWS(n) \
	ROW("sip24/" #n, op_sip24_##n, n), \
	ROW("sip13/" #n, op_sip13_##n, n), \
	ROW("hsip24/" #n, op_hsip24_##n, n), \
	ROW("hsip13/" #n, op_hsip13_##n, n)
#define TUPLE_ROWS(n) \
	ROW("sip24_tuple/" #n, op_sip24_tuple_##n, n), \
	ROW("sip13_tuple/" #n, op_sip13_tuple_##n, n), \
	ROW("siphash13_lib/" #n, op_siphash13_lib_##n, n)

static struct row rows[] = {
	{ "loop_overhead", "base", "op_base", op_base, 0, 0 },
	LEN_ROWS(8),
	LEN_ROWS(32),
	LEN_ROWS(37),
	LEN_ROWS(64),
	TUPLE_ROWS(32),
	TUPLE_ROWS(37),
};

#define N_ROWS (sizeof rows / sizeof rows[0])

/* ---------------------------------------------------------------- timing */

/* Median ns per call of row r. With --iters N --runs 1, the case makes
 * exactly 2 * N calls (bench_measure()). */
static void measure(struct row *r, const struct bench_opts *opt)
{
	struct bench_job job;

	job.op = r->op;
	job.mode = BENCH_THROUGHPUT;
	bench_measure(&job, 1, opt);
	r->ns = job.ns;
}

int main(int argc, char **argv)
{
	struct bench_opts opt;
	size_t i;

	bench_parse_args(argc, argv, "bench_hash", &opt);
	if (opt.list) {
		for (i = 0; i < N_ROWS; i++)
			bench_list(&opt, rows[i].name, rows[i].group, rows[i].symbol);
		return 0;
	}
	self_check();
	setup();
	printf("libv6transit %s, compiler %s, %u-bit pointers; ring of %u messages, median of %u runs, %s\n",
	       v6t_version(), bench_compiler(), (unsigned)(sizeof(void *) * 8),
	       RING, opt.runs, bench_iters_kind(&opt));
	printf("known answers: SipHash-2-4, SipHash-1-3, HalfSipHash-2-4, HalfSipHash-1-3 OK\n\n");
	printf("%-22s %6s %10s %10s %10s\n", "name", "bytes", "ns/op", "Mops/s",
	       "ns/byte");
	for (i = 0; i < N_ROWS; i++) {
		struct row *r = &rows[i];

		if (!bench_selected(&opt, r->name))
			continue;
		measure(r, &opt);
		printf("%-22s %6u %10.2f %10.2f", r->name, r->bytes, r->ns,
		       r->ns > 0 ? 1e3 / r->ns : 0.0);
		if (r->bytes != 0)
			printf(" %10.3f", r->ns / r->bytes);
		printf("\n");
		fflush(stdout);
	}
	return 0;
}
