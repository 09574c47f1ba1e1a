/*
 * Flow labels (flowlabel.h): RFC 6437 §3 labels, RFC 6438 tunnel labels,
 * RFC 7098 §4 server selection.
 *
 * Expected labels come from a reference model written here from the
 * documentation in flowlabel.h: the message bytes are laid out by hand in a
 * contiguous buffer and hashed with the plain SipHash-1-3 of src/siphash.h,
 * which test_siphash.c checks against published vectors; the 20-bit
 * reduction is re-done here. The library instead hashes the fields in
 * place (src/flowlabel.c), so the model and the code share only the
 * verified hash. The command-line test (tests/cli/flowlabel_check.py) checks
 * the same labels against a third, Python, implementation.
 */
#include <string.h>

#include "siphash.h"
#include "suites.h"
#include "testutil.h"

static const v6t_flowlabel_key key1 = { { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05,
					   0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
					   0x0c, 0x0d, 0x0e, 0x0f } };
static const v6t_flowlabel_key key2 = { { 0xde, 0xad, 0xbe, 0xef, 0x01, 0x23,
					   0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
					   0xfe, 0xdc, 0xba, 0x98 } };

/* 2001:db8::1 and 2001:db8:1::2 */
#define SRC6 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01
#define DST6 0x20, 0x01, 0x0d, 0xb8, 0, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02

/* ------------------------------------------------------------ the model */

/* The reduction documented in flowlabel.h. */
static uint32_t model_reduce(uint64_t h)
{
	if (h & 0xfffff)
		return (uint32_t)(h & 0xfffff);
	if ((h >> 20) & 0xfffff)
		return (uint32_t)((h >> 20) & 0xfffff);
	if ((h >> 40) & 0xfffff)
		return (uint32_t)((h >> 40) & 0xfffff);
	return 1;
}

/* The message of flowlabel.h's table, built byte by byte. */
static size_t model_message(uint8_t msg[37], const v6t_flow *f)
{
	memcpy(msg, f->src.b, 16);
	memcpy(msg + 16, f->dst.b, 16);
	switch (f->kind) {
	case V6T_FLOW_3TUPLE:
		msg[32] = f->proto;
		return 33;
	case V6T_FLOW_LABEL:
		msg[32] = (uint8_t)(f->label >> 16);
		msg[33] = (uint8_t)(f->label >> 8);
		msg[34] = (uint8_t)f->label;
		return 35;
	case V6T_FLOW_5TUPLE:
		msg[32] = f->proto;
		msg[33] = (uint8_t)(f->sport >> 8);
		msg[34] = (uint8_t)f->sport;
		msg[35] = (uint8_t)(f->dport >> 8);
		msg[36] = (uint8_t)f->dport;
		return 37;
	default:
		return 32;
	}
}

static uint64_t model_hash(const v6t_flowlabel_key *key, const v6t_flow *f)
{
	uint8_t msg[37];
	size_t n = model_message(msg, f);

	return v6t_sip_hash(key->b, msg, n, 1, 3);
}

static uint32_t model_label(const v6t_flowlabel_key *key, const v6t_flow *f)
{
	return model_reduce(model_hash(key, f));
}

static v6t_flow flow5(uint8_t proto, uint16_t sport, uint16_t dport)
{
	v6t_flow f = { TU_IN6(SRC6), TU_IN6(DST6), 0, sport, dport, proto,
		       V6T_FLOW_5TUPLE };
	return f;
}

/* A small deterministic generator (xorshift64) for the statistical tests:
 * fixed seeds, so every run tests the same inputs. */
static uint64_t xs64(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void random_flow(v6t_flow *f, uint64_t *seed)
{
	size_t i;

	for (i = 0; i < 16; i += 8) {
		uint64_t a = xs64(seed), b = xs64(seed);
		memcpy(f->src.b + i, &a, 8);
		memcpy(f->dst.b + i, &b, 8);
	}
	f->proto = (uint8_t)xs64(seed);
	f->sport = (uint16_t)xs64(seed);
	f->dport = (uint16_t)xs64(seed);
	f->label = 0;
	f->kind = V6T_FLOW_5TUPLE;
}

/* ------------------------------------------------------- from the fields */

START_TEST(test_of_each_kind_matches_model)
{
	static const uint8_t kinds[] = { V6T_FLOW_2TUPLE, V6T_FLOW_3TUPLE,
					 V6T_FLOW_LABEL, V6T_FLOW_5TUPLE };
	v6t_flow f = flow5(6, 49152, 443);
	size_t i;

	f.label = 0x12345;
	for (i = 0; i < sizeof kinds; i++) {
		f.kind = kinds[i];
		ck_assert_uint_eq(v6t_flowlabel_of(&key1, &f), model_label(&key1, &f));
		ck_assert_uint_eq(v6t_flowlabel_of(&key2, &f), model_label(&key2, &f));
	}
}
END_TEST

START_TEST(test_of_random_flows_match_model)
{
	uint64_t seed = 0x9e3779b97f4a7c15u;
	int i;

	uint32_t bad = 0;

	for (i = 0; i < 20000; i++) {
		v6t_flow f;
		random_flow(&f, &seed);
		f.kind = (uint8_t)(2 + i % 4);
		f.label = (uint32_t)(xs64(&seed) & 0xfffff);
		bad += v6t_flowlabel_of(&key2, &f) != model_label(&key2, &f);
	}
	ck_assert_uint_eq(bad, 0);
}
END_TEST

/* Fields the kind does not name do not change the label; an unknown kind
 * is the 2-tuple. */
START_TEST(test_of_ignores_unnamed_fields)
{
	v6t_flow a = flow5(17, 1, 2), b;
	uint32_t l2;

	a.kind = V6T_FLOW_2TUPLE;
	b = a;
	b.proto = 6;
	b.sport = 9;
	b.dport = 9;
	b.label = 77;
	l2 = v6t_flowlabel_of(&key1, &a);
	ck_assert_uint_eq(v6t_flowlabel_of(&key1, &b), l2);
	b.kind = 0;
	ck_assert_uint_eq(v6t_flowlabel_of(&key1, &b), l2);
	b.kind = 200;
	ck_assert_uint_eq(v6t_flowlabel_of(&key1, &b), l2);
	a.kind = b.kind = V6T_FLOW_3TUPLE;
	ck_assert_uint_ne(v6t_flowlabel_of(&key1, &a), v6t_flowlabel_of(&key1, &b));
	b.proto = 17;
	ck_assert_uint_eq(v6t_flowlabel_of(&key1, &a), v6t_flowlabel_of(&key1, &b));
}
END_TEST

START_TEST(test_of_deterministic_and_in_range)
{
	uint64_t seed = 12345;
	int i;

	uint32_t bad = 0;

	for (i = 0; i < 100000; i++) {
		v6t_flow f;
		uint32_t l;

		random_flow(&f, &seed);
		l = v6t_flowlabel_of(&key1, &f);
		bad += l < 1 || l > V6T_FLOWLABEL_MAX ||
		       v6t_flowlabel_of(&key1, &f) != l;
	}
	ck_assert_uint_eq(bad, 0);
}
END_TEST

/* A hash whose low 20 bits are zero takes bits 20..39. The flow is found
 * by search with the verified hash (one in 2^20: about a million tries). */
START_TEST(test_zero_low_bits_take_next_bits)
{
	v6t_flow f = flow5(17, 0, 0);
	uint32_t i;

	for (i = 0; i < (1u << 26); i++) {
		f.sport = (uint16_t)i;
		f.dport = (uint16_t)(i >> 16);
		if ((model_hash(&key1, &f) & 0xfffff) == 0)
			break;
	}
	ck_assert_uint_lt(i, 1u << 26);
	ck_assert_uint_ne((model_hash(&key1, &f) >> 20) & 0xfffff, 0);
	ck_assert_uint_eq(v6t_flowlabel_of(&key1, &f),
			  (model_hash(&key1, &f) >> 20) & 0xfffff);
}
END_TEST

/* Flipping any one of the 128 key bits changes the label of a fixed flow
 * (each change is a 2^-20 coincidence; the inputs are fixed, so this
 * either always passes or always fails). */
START_TEST(test_every_key_bit_matters)
{
	v6t_flow f = flow5(6, 40000, 80);
	uint32_t base = v6t_flowlabel_of(&key2, &f);
	int bit;

	for (bit = 0; bit < 128; bit++) {
		v6t_flowlabel_key k = key2;
		k.b[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		ck_assert_uint_ne(v6t_flowlabel_of(&k, &f), base);
	}
}
END_TEST

/* Uniformity: 2^18 random 5-tuples into 256 buckets, once by the label's
 * top 8 bits and once by its low 8 bits. For uniform labels the chi-square
 * statistic has 255 degrees of freedom: mean 255, standard deviation
 * sqrt(2 * 255) = 22.6. The bound 380 is 5.5 standard deviations above the
 * mean (a chance below 1e-6 for a good hash; the inputs are fixed, so the
 * test does not flicker), and far below what a biased reduction gives:
 * e.g. "zero becomes 1" alone adds nothing visible, but using 16 of the 20
 * bits, or mod 0xfffff on a 32-bit value, pushes it into the thousands. */
START_TEST(test_uniform_buckets)
{
	enum { N = 1 << 18, B = 256 };
	static uint32_t hi[B], lo[B];
	uint64_t seed = 0x0123456789abcdefu;
	double chi_hi = 0, chi_lo = 0, expect = (double)N / B;
	int i;

	memset(hi, 0, sizeof hi);
	memset(lo, 0, sizeof lo);
	for (i = 0; i < N; i++) {
		v6t_flow f;
		uint32_t l;

		random_flow(&f, &seed);
		l = v6t_flowlabel_of(&key1, &f);
		hi[l >> 12]++;
		lo[l & 0xff]++;
	}
	for (i = 0; i < B; i++) {
		chi_hi += (hi[i] - expect) * (hi[i] - expect) / expect;
		chi_lo += (lo[i] - expect) * (lo[i] - expect) / expect;
	}
	ck_assert_double_lt(chi_hi, 380.0);
	ck_assert_double_lt(chi_lo, 380.0);
}
END_TEST

/* Sequential ports (one host opening connections) spread as well as random
 * ones: 2^16 source ports, same addresses, label top 8 bits, same bound. */
START_TEST(test_uniform_sequential_ports)
{
	enum { N = 1 << 16, B = 256 };
	static uint32_t hi[B];
	double chi = 0, expect = (double)N / B;
	v6t_flow f = flow5(6, 0, 443);
	int i;

	memset(hi, 0, sizeof hi);
	for (i = 0; i < N; i++) {
		f.sport = (uint16_t)i;
		hi[v6t_flowlabel_of(&key1, &f) >> 12]++;
	}
	for (i = 0; i < B; i++)
		chi += (hi[i] - expect) * (hi[i] - expect) / expect;
	ck_assert_double_lt(chi, 380.0);
}
END_TEST

/* Avalanche: over 1000 random 5-tuples, flipping any one of the 296
 * message bits flips each of the 20 label bits with probability 1/2. A
 * count of flips out of 1000 has mean 500 and standard deviation 15.8; the
 * bounds 500 +/- 100 are 6.3 standard deviations (all 5920 cells inside by
 * chance with probability above 1 - 1e-5 for a good hash; fixed inputs,
 * no flicker). A weak mix (e.g. the RFC 6437 Appendix A example, where a
 * port bit moves one label bit) fails at once. */
START_TEST(test_avalanche)
{
	enum { M = 1000, BITS = 37 * 8 };
	static uint16_t flips[BITS][20];
	uint64_t seed = 0xfeedfacecafebeefu;
	int m, bit, o;

	memset(flips, 0, sizeof flips);
	for (m = 0; m < M; m++) {
		v6t_flow f;
		uint32_t base;

		random_flow(&f, &seed);
		base = v6t_flowlabel_of(&key2, &f);
		for (bit = 0; bit < BITS; bit++) {
			v6t_flow g = f;
			uint32_t diff;
			int byte = bit / 8, mask = 1 << (bit % 8);

			if (byte < 16)
				g.src.b[byte] ^= (uint8_t)mask;
			else if (byte < 32)
				g.dst.b[byte - 16] ^= (uint8_t)mask;
			else if (byte == 32)
				g.proto ^= (uint8_t)mask;
			else if (byte < 35)
				g.sport ^= (uint16_t)(mask << (8 * (34 - byte)));
			else
				g.dport ^= (uint16_t)(mask << (8 * (36 - byte)));
			diff = v6t_flowlabel_of(&key2, &g) ^ base;
			for (o = 0; o < 20; o++)
				flips[bit][o] += (diff >> o) & 1;
		}
	}
	for (bit = 0; bit < BITS; bit++)
		for (o = 0; o < 20; o++)
			ck_assert_msg(flips[bit][o] >= 400 && flips[bit][o] <= 600,
				      "input bit %d output bit %d: %u flips", bit, o,
				      flips[bit][o]);
}
END_TEST

/* ------------------------------------------------------------- packets */

/* Packet builder: an IPv6 header then the bytes appended. */
struct pb {
	uint8_t b[512];
	size_t len;
};

static void pb_ip6(struct pb *p, uint32_t label, uint8_t nh)
{
	static const uint8_t src[16] = { SRC6 }, dst[16] = { DST6 };

	memset(p, 0, sizeof *p);
	p->b[0] = 0x60 | 0x0a;            /* version 6, traffic class 0xab */
	p->b[1] = (uint8_t)(0xb0 | (label >> 16));
	p->b[2] = (uint8_t)(label >> 8);
	p->b[3] = (uint8_t)label;
	p->b[6] = nh;
	p->b[7] = 64;
	memcpy(p->b + 8, src, 16);
	memcpy(p->b + 24, dst, 16);
	p->len = 40;
}

static void pb_put(struct pb *p, const uint8_t *bytes, size_t n)
{
	memcpy(p->b + p->len, bytes, n);
	p->len += n;
}

/* Sets the Payload Length from the bytes put. */
static void pb_done(struct pb *p)
{
	p->b[4] = (uint8_t)((p->len - 40) >> 8);
	p->b[5] = (uint8_t)(p->len - 40);
}

/* An extension header of 8 bytes (Hop-by-Hop, Destination Options: PadN). */
static void pb_ext8(struct pb *p, uint8_t nh)
{
	const uint8_t h[8] = { nh, 0, 1, 4, 0, 0, 0, 0 };
	pb_put(p, h, 8);
}

static void pb_frag(struct pb *p, uint8_t nh, uint16_t offset, int m)
{
	const uint8_t h[8] = { nh, 0, (uint8_t)(offset >> 8),
			       (uint8_t)((offset & 0xf8) | (m ? 1 : 0)),
			       0x12, 0x34, 0x56, 0x78 };
	pb_put(p, h, 8);
}

/* 8 bytes of a UDP/TCP-like header with the given ports. */
static void pb_ports(struct pb *p, uint16_t sport, uint16_t dport)
{
	const uint8_t h[8] = { (uint8_t)(sport >> 8), (uint8_t)sport,
			       (uint8_t)(dport >> 8), (uint8_t)dport, 0, 8, 0, 0 };
	pb_put(p, h, 8);
}

static int flow_eq(const v6t_flow *a, const v6t_flow *b)
{
	return memcmp(a->src.b, b->src.b, 16) == 0 &&
	       memcmp(a->dst.b, b->dst.b, 16) == 0 && a->label == b->label &&
	       a->sport == b->sport && a->dport == b->dport &&
	       a->proto == b->proto && a->kind == b->kind;
}

static v6t_flow expect_flow(uint8_t kind, uint8_t proto, uint16_t sport,
			    uint16_t dport, uint32_t label)
{
	v6t_flow f = { TU_IN6(SRC6), TU_IN6(DST6), label, sport, dport, proto,
		       kind };
	return f;
}

static void check_flow(const struct pb *p, unsigned mode, v6t_flow want)
{
	v6t_flow got;

	ck_assert_int_eq(v6t_flow_from_packet(&got, p->b, p->len, mode), V6T_OK);
	ck_assert_msg(flow_eq(&got, &want),
		      "kind %u proto %u ports %u %u label %u", got.kind,
		      got.proto, got.sport, got.dport, got.label);
}

START_TEST(test_flow_tcp_udp_sctp_with_ext_headers)
{
	static const uint8_t protos[] = { 6, 17, 33, 132, 136 };
	size_t i;

	for (i = 0; i < sizeof protos; i++) {
		struct pb p;

		pb_ip6(&p, 0, protos[i]);
		pb_ports(&p, 1234, 80);
		pb_done(&p);
		check_flow(&p, 0, expect_flow(V6T_FLOW_5TUPLE, protos[i], 1234, 80, 0));
		/* Hop-by-Hop, Destination Options before the upper layer */
		pb_ip6(&p, 0, 0);
		pb_ext8(&p, 60);
		pb_ext8(&p, protos[i]);
		pb_ports(&p, 1234, 80);
		pb_done(&p);
		check_flow(&p, 0, expect_flow(V6T_FLOW_5TUPLE, protos[i], 1234, 80, 0));
	}
}
END_TEST

START_TEST(test_flow_without_ports)
{
	static const uint8_t icmp6[8] = { 128, 0, 0, 0, 0, 1, 0, 1 };
	struct pb p;

	pb_ip6(&p, 0, 58); /* ICMPv6 echo request */
	pb_put(&p, icmp6, 8);
	pb_done(&p);
	check_flow(&p, 0, expect_flow(V6T_FLOW_3TUPLE, 58, 0, 0, 0));
	pb_ip6(&p, 0, 59); /* No Next Header, empty payload */
	pb_done(&p);
	check_flow(&p, 0, expect_flow(V6T_FLOW_3TUPLE, 59, 0, 0, 0));
	pb_ip6(&p, 0, 47); /* GRE: no ports known */
	pb_ports(&p, 1, 2);
	pb_done(&p);
	check_flow(&p, 0, expect_flow(V6T_FLOW_3TUPLE, 47, 0, 0, 0));
}
END_TEST

/* ESP: the SPI 0x0a0b0c0d as ports 0x0a0b, 0x0c0d. */
START_TEST(test_flow_esp_spi)
{
	static const uint8_t esp[8] = { 0x0a, 0x0b, 0x0c, 0x0d, 0, 0, 0, 1 };
	struct pb p;

	pb_ip6(&p, 0, 50);
	pb_put(&p, esp, 8);
	pb_done(&p);
	check_flow(&p, 0, expect_flow(V6T_FLOW_5TUPLE, 50, 0x0a0b, 0x0c0d, 0));
}
END_TEST

/* Fragments, first or not, are the 2-tuple; an atomic fragment is whole. */
START_TEST(test_flow_fragments)
{
	struct pb p;

	pb_ip6(&p, 0, 44);
	pb_frag(&p, 17, 0, 1);
	pb_ports(&p, 53, 5353);
	pb_done(&p);
	check_flow(&p, 0, expect_flow(V6T_FLOW_2TUPLE, 0, 0, 0, 0));
	pb_ip6(&p, 0, 44);
	pb_frag(&p, 17, 1448, 0);
	pb_ports(&p, 9, 9);
	pb_done(&p);
	check_flow(&p, 0, expect_flow(V6T_FLOW_2TUPLE, 0, 0, 0, 0));
	pb_ip6(&p, 0, 44);
	pb_frag(&p, 17, 0, 0);
	pb_ports(&p, 53, 5353);
	pb_done(&p);
	check_flow(&p, 0, expect_flow(V6T_FLOW_5TUPLE, 17, 53, 5353, 0));
}
END_TEST

START_TEST(test_flow_modes)
{
	struct pb p;
	v6t_flow f;

	pb_ip6(&p, 0xabcde, 6);
	pb_ports(&p, 1, 2);
	pb_done(&p);
	check_flow(&p, 0, expect_flow(V6T_FLOW_5TUPLE, 6, 1, 2, 0));
	check_flow(&p, V6T_FLOWLABEL_2TUPLE, expect_flow(V6T_FLOW_2TUPLE, 0, 0, 0, 0));
	check_flow(&p, V6T_FLOWLABEL_INNER, expect_flow(V6T_FLOW_LABEL, 0, 0, 0, 0xabcde));
	check_flow(&p, V6T_FLOWLABEL_INNER | V6T_FLOWLABEL_2TUPLE,
		   expect_flow(V6T_FLOW_2TUPLE, 0, 0, 0, 0));
	/* INNER applies to non-zero labels only, and before the fragment rule */
	p.b[1] &= 0xf0;
	p.b[2] = p.b[3] = 0;
	check_flow(&p, V6T_FLOWLABEL_INNER, expect_flow(V6T_FLOW_5TUPLE, 6, 1, 2, 0));
	pb_ip6(&p, 0x1, 44);
	pb_frag(&p, 6, 8, 1);
	pb_ports(&p, 1, 2);
	pb_done(&p);
	check_flow(&p, V6T_FLOWLABEL_INNER, expect_flow(V6T_FLOW_LABEL, 0, 0, 0, 1));
	ck_assert_int_eq(v6t_flow_from_packet(&f, p.b, p.len, V6T_FLOWLABEL_TUNNEL),
			 V6T_EINVAL);
	ck_assert_int_eq(v6t_flow_from_packet(&f, p.b, p.len, 0x80), V6T_EINVAL);
}
END_TEST

/* IPv4 192.0.2.1 -> 198.51.100.7, UDP 1000 -> 53: addresses as
 * ::ffff:c000:201 and ::ffff:c633:6407. */
static const uint8_t ip4_udp[28] = {
	0x45, 0, 0, 28, 0x12, 0x34, 0, 0, 64, 17, 0, 0,
	192, 0, 2, 1, 198, 51, 100, 7,
	0x03, 0xe8, 0, 53, 0, 8, 0, 0,
};

START_TEST(test_flow_ipv4)
{
	const v6t_flow want = {
		TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1),
		TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 198, 51, 100, 7),
		0, 1000, 53, 17, V6T_FLOW_5TUPLE
	};
	uint8_t frag[28];
	v6t_flow f, w2 = want;

	ck_assert_int_eq(v6t_flow_from_packet(&f, ip4_udp, sizeof ip4_udp, 0), V6T_OK);
	ck_assert(flow_eq(&f, &want));
	memcpy(frag, ip4_udp, sizeof frag);
	frag[6] = 0x20; /* MF: a first fragment, labelled by addresses */
	ck_assert_int_eq(v6t_flow_from_packet(&f, frag, sizeof frag, 0), V6T_OK);
	w2.kind = V6T_FLOW_2TUPLE;
	w2.proto = 0;
	w2.sport = w2.dport = 0;
	ck_assert(flow_eq(&f, &w2));
	/* INNER changes nothing for IPv4, which has no label */
	ck_assert_int_eq(v6t_flow_from_packet(&f, ip4_udp, sizeof ip4_udp,
					      V6T_FLOWLABEL_INNER), V6T_OK);
	ck_assert(flow_eq(&f, &want));
}
END_TEST

START_TEST(test_flow_errors_from_walker)
{
	struct pb p;
	v6t_flow f;

	memset(&f, 0x5a, sizeof f);
	pb_ip6(&p, 0, 6);
	pb_ports(&p, 1, 2);
	pb_done(&p);
	ck_assert_int_eq(v6t_flow_from_packet(&f, p.b, 39, 0), V6T_EPKT_SHORT);
	ck_assert_int_eq(v6t_flow_from_packet(&f, p.b, 0, 0), V6T_EPKT_VERSION);
	p.b[5] = 2; /* 2 bytes of TCP: the ports run past the datagram */
	ck_assert_int_eq(v6t_flow_from_packet(&f, p.b, p.len, 0), V6T_EPKT_CHAIN);
	ck_assert_uint_eq(f.src.b[0], 0x5a);
	ck_assert_uint_eq(f.kind, 0x5a);
}
END_TEST

/* ----------------------------------------------------------------- set */

START_TEST(test_set_zero_label)
{
	struct pb p;
	uint8_t before[512];
	v6t_flow want = expect_flow(V6T_FLOW_5TUPLE, 17, 5000, 53, 0);
	uint32_t label = 0, expect = model_label(&key1, &want);
	int written = -1;

	pb_ip6(&p, 0, 0);
	pb_ext8(&p, 43);
	{ /* Routing header type 4 with Segments Left 0, 8 bytes */
		const uint8_t rh[8] = { 60, 0, 4, 0, 0, 0, 0, 0 };
		pb_put(&p, rh, 8);
	}
	pb_ext8(&p, 51);
	{ /* AH: Payload Len 1 -> (1 + 2) * 4 = 12 bytes */
		const uint8_t ah[12] = { 17, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 };
		pb_put(&p, ah, 12);
	}
	pb_ports(&p, 5000, 53);
	pb_done(&p);
	memcpy(before, p.b, p.len);
	ck_assert_int_eq(v6t_flowlabel_set(&key1, p.b, p.len, 0, &label, &written),
			 V6T_OK);
	ck_assert_int_eq(written, 1);
	ck_assert_uint_eq(label, expect);
	/* version and traffic class (0x6a, 0xb_) kept, label in the low 20 bits */
	ck_assert_uint_eq(p.b[0], 0x6a);
	ck_assert_uint_eq(p.b[1], 0xb0 | (expect >> 16));
	ck_assert_uint_eq(p.b[2], (expect >> 8) & 0xff);
	ck_assert_uint_eq(p.b[3], expect & 0xff);
	ck_assert_mem_eq(p.b + 4, before + 4, p.len - 4);
	/* again: now it has a label, which is kept */
	ck_assert_int_eq(v6t_flowlabel_set(&key2, p.b, p.len, 0, &label, &written),
			 V6T_OK);
	ck_assert_int_eq(written, 0);
	ck_assert_uint_eq(label, expect);
	ck_assert_uint_eq(p.b[3], expect & 0xff);
	/* NULL outputs are allowed */
	p.b[1] = 0xb0;
	p.b[2] = p.b[3] = 0;
	ck_assert_int_eq(v6t_flowlabel_set(&key1, p.b, p.len, 0, NULL, NULL), V6T_OK);
	ck_assert_uint_eq(p.b[3], expect & 0xff);
}
END_TEST

START_TEST(test_set_keeps_nonzero_label)
{
	struct pb p;
	uint8_t before[512];
	uint32_t label = 0;
	int written = -1;

	pb_ip6(&p, 0x00001, 6);
	pb_ports(&p, 1, 2);
	pb_done(&p);
	memcpy(before, p.b, p.len);
	ck_assert_int_eq(v6t_flowlabel_set(&key1, p.b, p.len, 0, &label, &written),
			 V6T_OK);
	ck_assert_int_eq(written, 0);
	ck_assert_uint_eq(label, 1);
	ck_assert_mem_eq(p.b, before, p.len);
}
END_TEST

/* The 2TUPLE mode and the fragment rule give the model's 2-tuple label. */
START_TEST(test_set_fragment_and_2tuple)
{
	v6t_flow two = expect_flow(V6T_FLOW_2TUPLE, 0, 0, 0, 0);
	uint32_t label;
	struct pb p;

	pb_ip6(&p, 0, 44);
	pb_frag(&p, 6, 64, 1);
	pb_ports(&p, 7, 7);
	pb_done(&p);
	ck_assert_int_eq(v6t_flowlabel_set(&key2, p.b, p.len, 0, &label, NULL), V6T_OK);
	ck_assert_uint_eq(label, model_label(&key2, &two));
	pb_ip6(&p, 0, 6);
	pb_ports(&p, 7, 7);
	pb_done(&p);
	ck_assert_int_eq(v6t_flowlabel_set(&key2, p.b, p.len, V6T_FLOWLABEL_2TUPLE,
					   &label, NULL), V6T_OK);
	ck_assert_uint_eq(label, model_label(&key2, &two));
}
END_TEST

/*
 * An IPv6 header directly followed by an upper layer with ports, the shape
 * most packets have: for every such protocol and every mode but 2TUPLE, the
 * 5-tuple label (RFC 6437 §3; flowlabel.h: INNER names the inner packet
 * and TUNNEL an IPv4 or IPv6 one, neither of which this is); with 2TUPLE,
 * the 2-tuple. The packet sits in a block of exactly its size (ASan).
 */
START_TEST(test_set_plain_upper_layer)
{
	static const uint8_t protos[] = { 6, 17, 33, 50, 132, 136 };
	static const struct {
		unsigned mode;
		int two; /* the 2-tuple, else the 5-tuple */
	} modes[] = {
		{ 0, 0 },
		{ V6T_FLOWLABEL_INNER, 0 },
		{ V6T_FLOWLABEL_TUNNEL, 0 },
		{ V6T_FLOWLABEL_INNER | V6T_FLOWLABEL_TUNNEL, 0 },
		{ V6T_FLOWLABEL_2TUPLE, 1 },
		{ V6T_FLOWLABEL_2TUPLE | V6T_FLOWLABEL_TUNNEL, 1 },
	};
	const v6t_flow two = expect_flow(V6T_FLOW_2TUPLE, 0, 0, 0, 0);
	size_t i, m;

	for (i = 0; i < sizeof protos; i++) {
		const v6t_flow five = expect_flow(V6T_FLOW_5TUPLE, protos[i],
						  0xfedc, 0x0102, 0);
		struct pb p;
		uint8_t *b;

		pb_ip6(&p, 0, protos[i]);
		pb_ports(&p, 0xfedc, 0x0102);
		pb_done(&p);
		b = malloc(p.len);
		ck_assert_ptr_nonnull(b);
		for (m = 0; m < sizeof modes / sizeof modes[0]; m++) {
			uint32_t label = 0,
				 want = model_label(&key2, modes[m].two ? &two : &five);
			int written = -1;

			memcpy(b, p.b, p.len);
			ck_assert_int_eq(v6t_flowlabel_set(&key2, b, p.len, modes[m].mode,
							   &label, &written), V6T_OK);
			ck_assert_uint_eq(label, want);
			ck_assert_int_eq(written, 1);
			ck_assert_uint_eq(b[0], 0x6a);
			ck_assert_uint_eq(b[1], 0xb0 | (want >> 16));
			ck_assert_uint_eq(b[2], (want >> 8) & 0xff);
			ck_assert_uint_eq(b[3], want & 0xff);
			ck_assert_mem_eq(b + 4, p.b + 4, p.len - 4);
		}
		free(b);
	}
}
END_TEST

/*
 * The same shape at the edges of its lengths. RFC 8200 §3: the Payload
 * Length counts the bytes after the IPv6 header, so bytes of the buffer
 * past 40 + Payload Length (a link layer's padding) are not the packet's;
 * the ports must lie within the payload, else the chain is malformed.
 */
START_TEST(test_set_plain_lengths)
{
	v6t_flow five = expect_flow(V6T_FLOW_5TUPLE, 6, 80, 0x1f90, 0);
	uint32_t want = model_label(&key1, &five), label = 99;
	uint8_t before[512];
	int written = 99;
	struct pb p;
	unsigned plen;

	/* exactly the 4 port bytes: labelled */
	pb_ip6(&p, 0, 6);
	pb_ports(&p, 80, 0x1f90);
	p.len = 44;
	pb_done(&p);
	ck_assert_int_eq(v6t_flowlabel_set(&key1, p.b, p.len, 0, &label, NULL), V6T_OK);
	ck_assert_uint_eq(label, want);
	/* 20 bytes of padding after the datagram: the same label, the padding
	 * untouched */
	pb_ip6(&p, 0, 6);
	pb_ports(&p, 80, 0x1f90);
	pb_done(&p);
	memset(p.b + p.len, 0xee, 20);
	memcpy(before, p.b, p.len + 20);
	ck_assert_int_eq(v6t_flowlabel_set(&key1, p.b, p.len + 20, 0, &label, NULL),
			 V6T_OK);
	ck_assert_uint_eq(label, want);
	ck_assert_mem_eq(p.b + 4, before + 4, p.len + 16);
	/* a payload of 0 to 3 bytes cannot hold the ports */
	for (plen = 0; plen < 4; plen++) {
		pb_ip6(&p, 0, 6);
		pb_ports(&p, 80, 0x1f90);
		p.b[5] = (uint8_t)plen;
		memcpy(before, p.b, p.len);
		ck_assert_int_eq(v6t_flowlabel_set(&key1, p.b, p.len, 0, &label,
						   &written), V6T_EPKT_CHAIN);
		ck_assert_mem_eq(p.b, before, p.len);
	}
	/* a Payload Length past the buffer, by one byte or by all of it */
	pb_ip6(&p, 0, 6);
	pb_ports(&p, 80, 0x1f90);
	pb_done(&p);
	memcpy(before, p.b, p.len);
	ck_assert_int_eq(v6t_flowlabel_set(&key1, p.b, p.len - 1, 0, &label, &written),
			 V6T_EPKT_SHORT);
	ck_assert_int_eq(v6t_flowlabel_set(&key1, p.b, 40, 0, &label, &written),
			 V6T_EPKT_SHORT);
	p.b[4] = 0xff;
	ck_assert_int_eq(v6t_flowlabel_set(&key1, p.b, p.len, 0, &label, &written),
			 V6T_EPKT_SHORT);
	p.b[4] = 0;
	/* not version 6 */
	p.b[0] = 0x5a;
	ck_assert_int_eq(v6t_flowlabel_set(&key1, p.b, p.len, 0, &label, &written),
			 V6T_EPKT_VERSION);
	p.b[0] = 0x6a;
	ck_assert_mem_eq(p.b, before, p.len);
	ck_assert_uint_eq(label, want);
	ck_assert_int_eq(written, 99);
}
END_TEST

/* Bad input: an error, and not one byte of the packet changed. */
START_TEST(test_set_errors_leave_packet_untouched)
{
	struct pb p;
	uint8_t before[512];
	uint32_t label = 99;
	int written = 99, i;

	pb_ip6(&p, 0, 0);
	pb_ext8(&p, 60);
	pb_ext8(&p, 6);
	pb_ports(&p, 1, 2);
	pb_done(&p);
	memcpy(before, p.b, p.len);
	/* cut the buffer anywhere: short or chain errors */
	for (i = 0; i < (int)p.len; i++) {
		int rc = v6t_flowlabel_set(&key1, p.b, (size_t)i, 0, &label, &written);
		ck_assert_int_ne(rc, V6T_OK);
		ck_assert_mem_eq(p.b, before, p.len);
	}
	/* a Destination Options length that runs past the datagram */
	p.b[48 + 1] = 200;
	ck_assert_int_eq(v6t_flowlabel_set(&key1, p.b, p.len, 0, &label, &written),
			 V6T_EPKT_CHAIN);
	p.b[48 + 1] = 0;
	/* Hop-by-Hop not first */
	p.b[48] = 0;
	ck_assert_int_eq(v6t_flowlabel_set(&key1, p.b, p.len, 0, &label, &written),
			 V6T_EPKT_HOP_BY_HOP);
	p.b[48] = 6;
	ck_assert_int_eq(v6t_flowlabel_set(&key1, p.b, p.len, 0x100, &label, &written),
			 V6T_EINVAL);
	ck_assert_mem_eq(p.b, before, p.len);
	ck_assert_uint_eq(label, 99);
	ck_assert_int_eq(written, 99);
	/* IPv4 has no flow label */
	{
		uint8_t v4[28];
		memcpy(v4, ip4_udp, sizeof v4);
		ck_assert_int_eq(v6t_flowlabel_set(&key1, v4, sizeof v4, 0, &label,
						   &written), V6T_EPKT_VERSION);
		ck_assert_mem_eq(v4, ip4_udp, sizeof v4);
	}
}
END_TEST

/* Nine extension headers: too many, packet untouched. */
START_TEST(test_set_too_many_ext)
{
	struct pb p;
	uint8_t before[512];
	int i;

	pb_ip6(&p, 0, 60);
	for (i = 0; i < 8; i++)
		pb_ext8(&p, 60);
	pb_ext8(&p, 17);
	pb_ports(&p, 1, 2);
	pb_done(&p);
	memcpy(before, p.b, p.len);
	ck_assert_int_eq(v6t_flowlabel_set(&key1, p.b, p.len, 0, NULL, NULL),
			 V6T_EPKT_TOO_MANY_EXT);
	ck_assert_mem_eq(p.b, before, p.len);
}
END_TEST

/* ------------------------------------------------------------- tunnels */

/* 4in6: outer IPv6 (Next Header 4) around ip4_udp. */
START_TEST(test_tunnel_4in6)
{
	const v6t_flow inner = {
		TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1),
		TU_IN6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 198, 51, 100, 7),
		0, 1000, 53, 17, V6T_FLOW_5TUPLE
	};
	v6t_flow outer3 = expect_flow(V6T_FLOW_3TUPLE, 4, 0, 0, 0);
	uint32_t label;
	struct pb p;

	pb_ip6(&p, 0, 4);
	pb_put(&p, ip4_udp, sizeof ip4_udp);
	pb_done(&p);
	ck_assert_int_eq(v6t_flowlabel_tunnel(&key1, ip4_udp, sizeof ip4_udp, 0, &label),
			 V6T_OK);
	ck_assert_uint_eq(label, model_label(&key1, &inner));
	ck_assert_int_eq(v6t_flowlabel_set(&key1, p.b, p.len, V6T_FLOWLABEL_TUNNEL,
					   &label, NULL), V6T_OK);
	ck_assert_uint_eq(label, model_label(&key1, &inner));
	/* without TUNNEL: the outer packet's own 3-tuple (protocol 4) */
	p.b[1] = 0xb0;
	p.b[2] = p.b[3] = 0;
	ck_assert_int_eq(v6t_flowlabel_set(&key1, p.b, p.len, 0, &label, NULL), V6T_OK);
	ck_assert_uint_eq(label, model_label(&key1, &outer3));
	/* a malformed inner packet is an error with TUNNEL */
	p.b[1] = 0xb0;
	p.b[2] = p.b[3] = 0;
	p.b[40] = 0x44; /* IHL 4 */
	ck_assert_int_eq(v6t_flowlabel_set(&key1, p.b, p.len, V6T_FLOWLABEL_TUNNEL,
					   &label, NULL), V6T_EPKT_IPV4_HEADER);
	ck_assert_uint_eq(p.b[3], 0);
}
END_TEST

/* 6in6 whose inner packet carries label 0x54321: 5-tuple, or with INNER
 * {src, dst, label} of the inner packet. */
START_TEST(test_tunnel_6in6_inner_label)
{
	struct pb in, out;
	v6t_flow five = expect_flow(V6T_FLOW_5TUPLE, 17, 4000, 4001, 0);
	v6t_flow lab = expect_flow(V6T_FLOW_LABEL, 0, 0, 0, 0x54321);
	uint32_t label;

	pb_ip6(&in, 0x54321, 17);
	pb_ports(&in, 4000, 4001);
	pb_done(&in);
	pb_ip6(&out, 0, 41);
	/* outer addresses differ from the inner ones: 2001:db8::a -> ::b */
	out.b[23] = 0x0a;
	out.b[39] = 0x0b;
	pb_put(&out, in.b, in.len);
	pb_done(&out);
	ck_assert_int_eq(v6t_flowlabel_set(&key2, out.b, out.len, V6T_FLOWLABEL_TUNNEL,
					   &label, NULL), V6T_OK);
	ck_assert_uint_eq(label, model_label(&key2, &five));
	out.b[1] = 0xb0;
	out.b[2] = out.b[3] = 0;
	ck_assert_int_eq(v6t_flowlabel_set(&key2, out.b, out.len,
					   V6T_FLOWLABEL_TUNNEL | V6T_FLOWLABEL_INNER,
					   &label, NULL), V6T_OK);
	ck_assert_uint_eq(label, model_label(&key2, &lab));
	ck_assert_int_eq(v6t_flowlabel_tunnel(&key2, in.b, in.len, V6T_FLOWLABEL_INNER,
					      &label), V6T_OK);
	ck_assert_uint_eq(label, model_label(&key2, &lab));
	ck_assert_int_eq(v6t_flowlabel_tunnel(&key2, in.b, in.len, V6T_FLOWLABEL_TUNNEL,
					      &label), V6T_EINVAL);
}
END_TEST

/* ------------------------------------------------------ RFC 7098 server */

static uint32_t model_server(const v6t_flowlabel_key *key, const v6t_in6 *src,
			     const v6t_in6 *dst, uint32_t label, uint32_t n)
{
	uint8_t msg[36] = { 0 };
	uint64_t h;

	memcpy(msg, src->b, 16);
	if (dst != NULL)
		memcpy(msg + 16, dst->b, 16);
	msg[32] = (uint8_t)(label >> 24);
	msg[33] = (uint8_t)(label >> 16);
	msg[34] = (uint8_t)(label >> 8);
	msg[35] = (uint8_t)label;
	h = v6t_sip_hash(key->b, msg, 36, 1, 3);
	return (uint32_t)(((h & 0xffffffffu) * n) >> 32);
}

START_TEST(test_server_matches_model)
{
	const v6t_in6 src = TU_IN6(SRC6), dst = TU_IN6(DST6);
	static const uint32_t ns[] = { 1, 2, 3, 10, 1000, 0xffffffffu };
	uint32_t idx, label;
	size_t i;

	for (i = 0; i < sizeof ns / sizeof ns[0]; i++)
		for (label = 1; label <= V6T_FLOWLABEL_MAX; label += 4099) {
			ck_assert_int_eq(v6t_flowlabel_server(&idx, &key1, &src, NULL,
							      label, ns[i]), V6T_OK);
			ck_assert_uint_eq(idx, model_server(&key1, &src, NULL, label, ns[i]));
			ck_assert_uint_lt(idx, ns[i]);
			ck_assert_int_eq(v6t_flowlabel_server(&idx, &key1, &src, &dst,
							      label, ns[i]), V6T_OK);
			ck_assert_uint_eq(idx, model_server(&key1, &src, &dst, label, ns[i]));
		}
}
END_TEST

START_TEST(test_server_errors)
{
	const v6t_in6 src = TU_IN6(SRC6);
	uint32_t idx = 7;

	ck_assert_int_eq(v6t_flowlabel_server(&idx, &key1, &src, NULL, 5, 0), V6T_EINVAL);
	ck_assert_int_eq(v6t_flowlabel_server(&idx, &key1, &src, NULL, 0x100000, 4),
			 V6T_EINVAL);
	ck_assert_int_eq(v6t_flowlabel_server(&idx, &key1, &src, NULL, 0, 4), V6T_EFL_ZERO);
	ck_assert_uint_eq(idx, 7);
}
END_TEST

/* 10 servers, all 2^20 - 1 labels of one source: chi-square with 9 degrees
 * of freedom (mean 9, sd 4.24); 40 is 7.3 sd above the mean. */
START_TEST(test_server_uniform)
{
	const v6t_in6 src = TU_IN6(SRC6);
	uint32_t count[10] = { 0 }, label, idx, bad = 0;
	double chi = 0, expect = (double)V6T_FLOWLABEL_MAX / 10;
	int i;

	/* (a check assertion per call would dominate the run time) */
	for (label = 1; label <= V6T_FLOWLABEL_MAX; label++) {
		idx = 10;
		bad += v6t_flowlabel_server(&idx, &key2, &src, NULL, label, 10) != V6T_OK;
		count[idx < 10 ? idx : 0]++;
	}
	ck_assert_uint_eq(bad, 0);
	for (i = 0; i < 10; i++)
		chi += (count[i] - expect) * (count[i] - expect) / expect;
	ck_assert_double_lt(chi, 40.0);
}
END_TEST

Suite *v6t_flowlabel_suite(void)
{
	Suite *s = suite_create("flowlabel");
	TCase *fields = tcase_create("fields");
	TCase *stats = tcase_create("statistics");
	TCase *packets = tcase_create("packets");
	TCase *server = tcase_create("server");

	tcase_add_test(fields, test_of_each_kind_matches_model);
	tcase_add_test(fields, test_of_random_flows_match_model);
	tcase_add_test(fields, test_of_ignores_unnamed_fields);
	tcase_add_test(fields, test_of_deterministic_and_in_range);
	tcase_add_test(fields, test_every_key_bit_matters);
	suite_add_tcase(s, fields);

	/* the searches and counts take a few seconds under emulation */
	tcase_set_timeout(stats, 120);
	tcase_add_test(stats, test_zero_low_bits_take_next_bits);
	tcase_add_test(stats, test_uniform_buckets);
	tcase_add_test(stats, test_uniform_sequential_ports);
	tcase_add_test(stats, test_avalanche);
	suite_add_tcase(s, stats);

	tcase_add_test(packets, test_flow_tcp_udp_sctp_with_ext_headers);
	tcase_add_test(packets, test_flow_without_ports);
	tcase_add_test(packets, test_flow_esp_spi);
	tcase_add_test(packets, test_flow_fragments);
	tcase_add_test(packets, test_flow_modes);
	tcase_add_test(packets, test_flow_ipv4);
	tcase_add_test(packets, test_flow_errors_from_walker);
	tcase_add_test(packets, test_set_zero_label);
	tcase_add_test(packets, test_set_keeps_nonzero_label);
	tcase_add_test(packets, test_set_fragment_and_2tuple);
	tcase_add_test(packets, test_set_plain_upper_layer);
	tcase_add_test(packets, test_set_plain_lengths);
	tcase_add_test(packets, test_set_errors_leave_packet_untouched);
	tcase_add_test(packets, test_set_too_many_ext);
	tcase_add_test(packets, test_tunnel_4in6);
	tcase_add_test(packets, test_tunnel_6in6_inner_label);
	suite_add_tcase(s, packets);

	tcase_set_timeout(server, 120);
	tcase_add_test(server, test_server_matches_model);
	tcase_add_test(server, test_server_errors);
	tcase_add_test(server, test_server_uniform);
	suite_add_tcase(s, server);
	return s;
}
