/*
 * 6a44 (RFC 6751, tunnel.h): the client's and the relay's packets, worked
 * out by hand from §5 (Figure 3), §6.2 (encapsulations), §6.3 (Figure 4,
 * bubbles), §6.5.2 (CT-x), §6.5.3 (CR-x), §6.6.1 (RR6-x) and §6.6.2
 * (RR4-x), and one test per check.
 *
 * The network of every test (RFC 5737 / RFC 3849 documentation addresses):
 *   C  = 2001:db8:1::/48        6a44-network prefix   20 01 0d b8 00 01
 *   N  = 203.0.113.5            customer site (CPE)   cb 00 71 05
 *   Z  = 40000                  mapped port           9c 40
 *   A  = 192.168.1.10           client's local IPv4   c0 a8 01 0a
 *   B  = 192.88.99.2            relay anycast (§8)    c0 58 63 02
 *   W  = 1027                   6a44 port (§8)        04 03
 * so the client's address C.N.Z.A is 2001:db8:1:cb00:7105:9c40:c0a8:10a,
 * and D = 2001:db8:ffff::1 is a native IPv6 host.
 *
 * IPv4 header checksums are summed by hand in the comments (RFC 1071:
 * add the ten 16-bit words, fold the carries, complement); the tests also
 * verify every header with pb_sum16(), the suite's own RFC 1071 sum.
 * Inputs are given to the library in blocks of exactly their length, so
 * that a read past them trips ASan.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pktbuild.h"
#include "suites.h"
#include "testutil.h"

#include <v6transit/tunnel.h>

#define CLIENT_ADDR 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0xcb, 0x00, \
		    0x71, 0x05, 0x9c, 0x40, 0xc0, 0xa8, 0x01, 0x0a
#define D_ADDR 0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, \
	       0, 0x01
#define IP_A 0xc0, 0xa8, 0x01, 0x0a
#define IP_B 0xc0, 0x58, 0x63, 0x02
#define IP_N 0xcb, 0x00, 0x71, 0x05

/* IPv6, Payload Length 8, Next Header 59 (none), Hop Limit 64, 8 bytes. */
#define IP6_HEAD 0x60, 0x00, 0x00, 0x00, 0x00, 0x08, 0x3b, 0x40
/* The client's packet to D (48 bytes). */
static const uint8_t TO_D[] = {
	IP6_HEAD, CLIENT_ADDR, D_ADDR,
	0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,
};
/* D's packet to the client (48 bytes). */
static const uint8_t FROM_D[] = {
	IP6_HEAD, D_ADDR, CLIENT_ADDR,
	0xbb, 0xbb, 0xbb, 0xbb, 0xbb, 0xbb, 0xbb, 0xbb,
};

static v6t_6a44_cfg relay_cfg(void)
{
	v6t_6a44_cfg cfg;
	v6t_prefix6 c = { TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01), 48 };

	ck_assert_int_eq(v6t_6a44_cfg_init(&cfg, &c), V6T_OK);
	cfg.relay6 = TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0, 0x01, 0, 0, 0, 0, 0, 0,
			    0, 0, 0, 0x01);
	return cfg;
}

/* A client at A that has sent bubble ID 0x0102030405060708 and, with
 * has_prefix, learnt C.N.Z. */
static v6t_6a44_client client(int has_prefix)
{
	static const uint8_t cnz[12] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01,
					 IP_N, 0x9c, 0x40 };
	v6t_6a44_client c;
	v6t_6a44_cfg cfg;
	uint8_t b[48];
	size_t n;

	ck_assert_int_eq(v6t_6a44_cfg_init(&cfg, NULL), V6T_OK);
	ck_assert_int_eq(v6t_6a44_client_init(&c, &cfg, &TU_IN4(192, 168, 1, 10)),
			 V6T_OK);
	ck_assert_int_eq(v6t_6a44_client_bubble(&c, 0x0102030405060708u, b,
						sizeof(b), &n), V6T_OK);
	if (has_prefix)
		ck_assert_int_eq(v6t_6a44_client_set_prefix(&c, cnz), V6T_OK);
	return c;
}

/* An exact-size heap copy of n bytes. */
static uint8_t *exact(const uint8_t *p, size_t n)
{
	uint8_t *q = malloc(n ? n : 1);

	ck_assert_ptr_nonnull(q);
	memcpy(q, p, n);
	return q;
}

/* hdr (28 or 20 bytes) followed by the inner packet in, into a buffer. */
static size_t join(uint8_t *out, const uint8_t *hdr, size_t hn,
		   const uint8_t *in, size_t n)
{
	memcpy(out, hdr, hn);
	memcpy(out + hn, in, n);
	return hn + n;
}

static void check_ip4_sum(const uint8_t *p)
{
	ck_assert_uint_eq(pb_sum16(0, p, 20), 0xffff);
}

/* Recompute the IPv4 header checksum of p (tests that edit headers). */
static void fix_ip4_sum(uint8_t *p)
{
	uint32_t s;

	p[10] = p[11] = 0;
	s = pb_sum16(0, p, 20);
	p[10] = (uint8_t)(~s >> 8);
	p[11] = (uint8_t)~s;
}

/* The result of one decapsulation call on an exact copy of p; the copy
 * is compared with p afterwards when the verdict is not FORWARD (the
 * packet must be untouched). */
static int relay_decap_on(const v6t_6a44_cfg *cfg, const uint8_t *p,
			  size_t n, v6t_tun_result *res)
{
	uint8_t *q = exact(p, n);
	int rc = v6t_6a44_relay_decap(cfg, q, n, res);

	if (res->verdict != V6T_TUN_FORWARD)
		ck_assert_mem_eq(q, p, n);
	free(q);
	return rc;
}

static int client_decap_on(v6t_6a44_client *c, const uint8_t *p, size_t n,
			   v6t_tun_result *res)
{
	uint8_t *q = exact(p, n);
	int rc = v6t_6a44_client_decap(c, q, n, res);

	ck_assert_mem_eq(q, p, n); /* the client never writes the packet */
	free(q);
	return rc;
}

/*
 * Set a packet up, edit it, fix its IPv4 header checksum (when p is the
 * IPv4 packet under test; a no-op macro argument otherwise), make the call
 * and check its verdict and reason.
 */
#define EXPECT_EDIT(setup, edit, call, verdict_, reason_)                        \
	do {                                                                     \
		setup;                                                           \
		edit;                                                            \
		if (p[0] >> 4 == 4)                                              \
			fix_ip4_sum(p);                                          \
		ck_assert_int_eq((call), V6T_OK);                                \
		ck_assert_int_eq(res.verdict, (verdict_));                       \
		ck_assert_int_eq(res.reason, (reason_));                         \
	} while (0)

/* -------------------------------------------------------------- setup */

START_TEST(test_6a44_constants_and_config)
{
	v6t_6a44_cfg cfg;
	v6t_prefix6 p64 = { TU_IN6(0x20, 0x01), 64 };
	v6t_addr_6a44 f = { TU_IN4(203, 0, 113, 5), 40000,
			    TU_IN4(192, 168, 1, 10) };
	v6t_prefix6 c = { TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01), 48 };
	v6t_in6 a, want = TU_IN6(CLIENT_ADDR);
	v6t_6a44_client cl = client(1);

	/* §8: W = 1027, B = 192.88.99.2 */
	ck_assert_uint_eq(V6T_6A44_PORT, 1027);
	ck_assert_uint_eq(V6T_6A44_RELAY_ADDR, (192u << 24 | 88u << 16 | 99u << 8 | 2u));
	ck_assert_int_eq(v6t_6a44_cfg_init(&cfg, NULL), V6T_OK);
	ck_assert_mem_eq(cfg.relay.b, ((uint8_t[]){ IP_B }), 4);
	ck_assert_uint_eq(cfg.port, 1027);
	ck_assert_uint_eq(cfg.ttl, 64);
	ck_assert_uint_eq(cfg.checks, V6T_6A44_CHECK_ALL);
	ck_assert_int_eq(v6t_6a44_cfg_init(&cfg, &p64), V6T_EADDR_PREFIX_LEN);
	ck_assert_int_eq(v6t_6a44_cfg_init(NULL, NULL), V6T_EINVAL);
	/* the client's address C.N.Z.A is the addr.h 6a44 address */
	ck_assert_int_eq(v6t_addr_6a44_encode(&a, &c, &f), V6T_OK);
	ck_assert_mem_eq(a.b, want.b, 16);
	ck_assert_int_eq(v6t_6a44_client_address(&cl, &a), V6T_OK);
	ck_assert_mem_eq(a.b, want.b, 16);
	ck_assert_int_eq(v6t_6a44_client_reset(&cl), V6T_OK);
	ck_assert_int_eq(v6t_6a44_client_address(&cl, &a), V6T_E6A44_NO_PREFIX);
	ck_assert_int_eq(v6t_6a44_client_init(&cl, &cfg, NULL), V6T_EINVAL);
	cfg.port = 0;
	ck_assert_int_eq(v6t_6a44_client_init(&cl, &cfg, &f.client), V6T_EINVAL);
}
END_TEST

START_TEST(test_6a44_strerror_distinct)
{
	int i, j;

	for (i = V6T_E6A44_NO_ERROR; i <= V6T_E6A44_FRAGMENT; i++) {
		ck_assert_str_ne(v6t_strerror(i), "unknown error");
		ck_assert_ptr_nonnull(strstr(v6t_strerror(i), "6a44"));
		for (j = i + 1; j <= V6T_E6A44_FRAGMENT; j++)
			ck_assert_str_ne(v6t_strerror(i), v6t_strerror(j));
	}
	ck_assert_str_eq(v6t_strerror(V6T_E6A44_NO_ERROR - 1), "unknown error");
}
END_TEST

/* ------------------------------------------------------------ bubbles */

/*
 * CT-1 / §6.3: (IPv4, A, B, UDP[W, W, ::/96, Bubble ID]), 48 bytes.
 * IPv4 checksum: 4500 + 0030 + 0000 + 4000 + 4011 + c0a8 + 010a + c058 +
 * 6302 = 0x2aa4d; folded 0xaa4f; complemented 0x55b0.
 */
static const uint8_t CLIENT_BUBBLE[] = {
	0x45, 0x00, 0x00, 0x30, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x55, 0xb0,
	IP_A, IP_B,
	0x04, 0x03, 0x04, 0x03, 0x00, 0x1c, 0x00, 0x00,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
};

START_TEST(test_6a44_client_bubble_by_hand)
{
	v6t_6a44_client c = client(0);
	uint8_t out[48];
	size_t n = 0;

	memset(out, 0xee, sizeof(out));
	ck_assert_int_eq(v6t_6a44_client_bubble(&c, 0x0102030405060708u, out,
						sizeof(out), &n), V6T_OK);
	ck_assert_uint_eq(n, 48);
	ck_assert_mem_eq(out, CLIENT_BUBBLE, sizeof(CLIENT_BUBBLE));
	check_ip4_sum(out);
	/* too small: the size needed, nothing written */
	memset(out, 0xee, sizeof(out));
	ck_assert_int_eq(v6t_6a44_client_bubble(&c, 1, out, 47, &n), V6T_ENOSPC);
	ck_assert_uint_eq(n, 48);
	ck_assert_uint_eq(out[0], 0xee);
	ck_assert_int_eq(v6t_6a44_client_bubble(NULL, 1, out, 48, &n), V6T_EINVAL);
}
END_TEST

/*
 * RR4-1: the client's bubble after the NAT44: (IPv4, N, B, UDP(Z, W, ...)),
 * TTL 63. Checksum: 4500 + 0030 + 4000 + 3f11 + cb00 + 7105 + c058 + 6302
 * = 0x323a0; folded 0x23a3; complemented 0xdc5c.
 */
static const uint8_t BUBBLE_AT_RELAY[] = {
	0x45, 0x00, 0x00, 0x30, 0x00, 0x00, 0x40, 0x00, 0x3f, 0x11, 0xdc, 0x5c,
	IP_N, IP_B,
	0x9c, 0x40, 0x04, 0x03, 0x00, 0x1c, 0x00, 0x00,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
};
/*
 * The answer (IPv4, B, N, UDP(W, Z, [C.N.Z, Bubble ID])), TTL 64.
 * Checksum: 4500 + 0030 + 4000 + 4011 + c058 + 6302 + cb00 + 7105 =
 * 0x324a0; folded 0x24a3; complemented 0xdb5c.
 */
static const uint8_t BUBBLE_ANSWER[] = {
	0x45, 0x00, 0x00, 0x30, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0xdb, 0x5c,
	IP_B, IP_N,
	0x04, 0x03, 0x9c, 0x40, 0x00, 0x1c, 0x00, 0x00,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, IP_N, 0x9c, 0x40,
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
};
/*
 * CR-1: the answer after the NAT44, to A:W, TTL 62. Checksum: 4500 + 0030
 * + 4000 + 3e11 + c058 + 6302 + c0a8 + 010a = 0x2a84d; folded 0xa84f;
 * complemented 0x57b0.
 */
static const uint8_t BUBBLE_AT_CLIENT[] = {
	0x45, 0x00, 0x00, 0x30, 0x00, 0x00, 0x40, 0x00, 0x3e, 0x11, 0x57, 0xb0,
	IP_B, IP_A,
	0x04, 0x03, 0x04, 0x03, 0x00, 0x1c, 0x00, 0x00,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, IP_N, 0x9c, 0x40,
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
};

START_TEST(test_6a44_relay_bubble_answer_by_hand)
{
	v6t_6a44_cfg cfg = relay_cfg();
	uint8_t *q = exact(BUBBLE_AT_RELAY, sizeof(BUBBLE_AT_RELAY));
	v6t_tun_result res;

	check_ip4_sum(BUBBLE_AT_RELAY);
	check_ip4_sum(BUBBLE_ANSWER);
	ck_assert_int_eq(v6t_6a44_relay_decap(&cfg, q, 48, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	ck_assert_ptr_eq(res.data, q); /* in place, IHL 5: the same start */
	ck_assert_uint_eq(res.len, 48);
	ck_assert_mem_eq(q, BUBBLE_ANSWER, 48);
	free(q);
}
END_TEST

/* §6.3: bubbles are 20..39 bytes of payload; a 39-byte one is answered
 * with its extra bytes kept, behind an IPv4 header with options in place */
START_TEST(test_6a44_relay_bubble_long_and_options)
{
	v6t_6a44_cfg cfg = relay_cfg();
	struct pb p = { { 0 }, 0 };
	v6t_tun_result res;
	size_t i;

	/* IHL 6 (one word of NOP options), total 24 + 8 + 39 = 71 */
	pb_put_bytes(&p, (const uint8_t[]){ 0x46, 0, 0, 71, 0, 0, 0x40, 0,
					    0x3f, 0x11, 0, 0, IP_N, IP_B,
					    1, 1, 1, 1 }, 24);
	pb_put_bytes(&p, (const uint8_t[]){ 0x9c, 0x40, 0x04, 0x03, 0, 47, 0, 0 }, 8);
	pb_putn(&p, 12, 0);
	for (i = 0; i < 27; i++)
		pb_put8(&p, i);
	/* IHL 6: the checksum covers the 24 bytes */
	{
		uint32_t s = pb_sum16(0, p.b, 24);

		p.b[10] = (uint8_t)(~s >> 8);
		p.b[11] = (uint8_t)~s;
	}
	ck_assert_int_eq(v6t_6a44_relay_decap(&cfg, p.b, p.n, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	/* the 28-byte header ends where the payload starts: at 24 + 8 - 28 */
	ck_assert_ptr_eq(res.data, p.b + 4);
	ck_assert_uint_eq(res.len, 67);
	ck_assert_mem_eq(res.data, BUBBLE_ANSWER, 2);
	ck_assert_uint_eq(res.data[3], 67);
	check_ip4_sum(res.data);
	ck_assert_mem_eq(res.data + 12, ((uint8_t[]){ IP_B, IP_N }), 8);
	ck_assert_uint_eq(res.data[25], 47); /* UDP length kept */
	ck_assert_mem_eq(res.data + 28, BUBBLE_ANSWER + 28, 12);
	for (i = 0; i < 27; i++)
		ck_assert_uint_eq(res.data[40 + i], i);
}
END_TEST

START_TEST(test_6a44_client_takes_bubble)
{
	v6t_6a44_client c = client(0);
	v6t_in6 a, want = TU_IN6(CLIENT_ADDR);
	v6t_tun_result res;
	uint8_t p[48];

	check_ip4_sum(BUBBLE_AT_CLIENT);
	ck_assert_int_eq(client_decap_on(&c, BUBBLE_AT_CLIENT, 48, &res), 1);
	ck_assert_int_eq(res.verdict, V6T_TUN_DROP);
	ck_assert_int_eq(res.reason, V6T_OK);
	ck_assert_int_eq(v6t_6a44_client_address(&c, &a), V6T_OK);
	ck_assert_mem_eq(a.b, want.b, 16); /* TM-4 (1): C.N.Z then A */
	/* CR-1 (3): another Bubble ID (last byte 0x09) is refused */
	c = client(0);
	memcpy(p, BUBBLE_AT_CLIENT, 48);
	p[47] = 0x09;
	ck_assert_int_eq(client_decap_on(&c, p, 48, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_DROP);
	ck_assert_int_eq(res.reason, V6T_E6A44_BUBBLE_ID);
	ck_assert_int_eq(v6t_6a44_client_address(&c, &a), V6T_E6A44_NO_PREFIX);
	/* without the check it is taken */
	c.cfg.checks &= ~V6T_6A44_CHECK_BUBBLE_ID;
	ck_assert_int_eq(client_decap_on(&c, p, 48, &res), 1);
	/* a client that never sent a bubble has no current ID */
	{
		v6t_6a44_cfg cfg;

		v6t_6a44_cfg_init(&cfg, NULL);
		v6t_6a44_client_init(&c, &cfg, &TU_IN4(192, 168, 1, 10));
	}
	ck_assert_int_eq(client_decap_on(&c, BUBBLE_AT_CLIENT, 48, &res), V6T_OK);
	ck_assert_int_eq(res.reason, V6T_E6A44_BUBBLE_ID);
}
END_TEST

/* §6.3 step 12: the error bubble to N:Z with ID 0 */
START_TEST(test_6a44_relay_error_bubble_by_hand)
{
	v6t_6a44_cfg cfg = relay_cfg();
	uint8_t out[48], want[48];
	size_t n = 0;

	memcpy(want, BUBBLE_ANSWER, 48);
	memset(want + 40, 0, 8); /* Bubble ID 0; the ID is in no checksum */
	ck_assert_int_eq(v6t_6a44_relay_error_bubble(&cfg, BUBBLE_AT_RELAY, 48,
						     out, sizeof(out), &n), V6T_OK);
	ck_assert_uint_eq(n, 48);
	ck_assert_mem_eq(out, want, 48);
	ck_assert_int_eq(v6t_6a44_relay_error_bubble(&cfg, BUBBLE_AT_RELAY, 48,
						     out, 47, &n), V6T_ENOSPC);
	ck_assert_uint_eq(n, 48);
	ck_assert_int_eq(v6t_6a44_relay_error_bubble(&cfg, FROM_D, 48, out, 48, &n),
			 V6T_EINVAL);
	ck_assert_int_eq(v6t_6a44_relay_error_bubble(&cfg, BUBBLE_AT_RELAY, 21,
						     out, 48, &n), V6T_EINVAL);
}
END_TEST

/* ------------------------------------------------- client transmission */

/*
 * CT-3: (IPv4, A, B, UDP(W, W, [TO_D])), 28 + 48 = 76 = 0x4c bytes, UDP
 * length 56 = 0x38. Checksum: 4500 + 004c + 4000 + 4011 + c0a8 + 010a +
 * c058 + 6302 = 0x2aa69; folded 0xaa6b; complemented 0x5594.
 */
static const uint8_t CT3_HDR[] = {
	0x45, 0x00, 0x00, 0x4c, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x55, 0x94,
	IP_A, IP_B,
	0x04, 0x03, 0x04, 0x03, 0x00, 0x38, 0x00, 0x00,
};

START_TEST(test_6a44_client_encap_ct3_by_hand)
{
	v6t_6a44_client c = client(1);
	uint8_t *in = exact(TO_D, sizeof(TO_D));
	uint8_t out[128], want[128];
	v6t_tun_result res;

	join(want, CT3_HDR, 28, TO_D, 48);
	check_ip4_sum(want);
	ck_assert_int_eq(v6t_6a44_client_encap(&c, in, 48, out, sizeof(out), &res),
			 V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	ck_assert_ptr_eq(res.data, out);
	ck_assert_uint_eq(res.len, 76);
	ck_assert_mem_eq(out, want, 76);
	/* in place: the packet 28 bytes into the buffer */
	memset(out, 0, sizeof(out));
	memcpy(out + 28, TO_D, 48);
	ck_assert_int_eq(v6t_6a44_client_encap(&c, out + 28, 48, out, 76, &res),
			 V6T_OK);
	ck_assert_mem_eq(out, want, 76);
	/* one byte short: the size needed */
	ck_assert_int_eq(v6t_6a44_client_encap(&c, in, 48, out, 75, &res),
			 V6T_ENOSPC);
	ck_assert_uint_eq(res.len, 76);
	/* link padding past Payload Length is not part of the packet */
	{
		uint8_t pad[50];

		memcpy(pad, TO_D, 48);
		pad[48] = pad[49] = 0x55;
		ck_assert_int_eq(v6t_6a44_client_encap(&c, pad, 50, out,
						       sizeof(out), &res), V6T_OK);
		ck_assert_uint_eq(res.len, 76);
		ck_assert_mem_eq(out, want, 76);
	}
	free(in);
}
END_TEST

/*
 * CT-2: to C.N.Z.A2 with A2 = 192.168.1.20 (c0 a8 01 14): (IPv4, A, A2,
 * protocol 41, [packet]), 20 + 48 = 68 = 0x44 bytes. Checksum: 4500 +
 * 0044 + 4000 + 4029 + c0a8 + 010a + c0a8 + 0114 = 0x248db; folded
 * 0x48dd; complemented 0xb722.
 */
START_TEST(test_6a44_client_encap_ct2_by_hand)
{
	static const uint8_t hdr[] = {
		0x45, 0x00, 0x00, 0x44, 0x00, 0x00, 0x40, 0x00, 0x40, 0x29, 0xb7, 0x22,
		IP_A, 0xc0, 0xa8, 0x01, 0x14,
	};
	v6t_6a44_client c = client(1);
	uint8_t in[48], out[128], want[128];
	v6t_tun_result res;

	memcpy(in, TO_D, 48);
	memcpy(in + 24, (const uint8_t[]){ CLIENT_ADDR }, 16);
	in[24 + 15] = 0x14;
	join(want, hdr, 20, in, 48);
	check_ip4_sum(want);
	ck_assert_int_eq(v6t_6a44_client_encap(&c, in, 48, out, sizeof(out), &res),
			 V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	ck_assert_uint_eq(res.len, 68);
	ck_assert_mem_eq(out, want, 68);
}
END_TEST

/* CT-4: not from the client's address, or no address yet: not ours */
START_TEST(test_6a44_client_encap_not_mine)
{
	v6t_6a44_client c = client(0);
	uint8_t out[128], in[48];
	v6t_tun_result res;

	ck_assert_int_eq(v6t_6a44_client_encap(&c, TO_D, 48, out, sizeof(out), &res),
			 V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_NOT_MINE);
	c = client(1);
	memcpy(in, TO_D, 48);
	in[8] = 0xfe; /* a link-local-looking source */
	in[9] = 0x80;
	ck_assert_int_eq(v6t_6a44_client_encap(&c, in, 48, out, sizeof(out), &res),
			 V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_NOT_MINE);
	/* an IPv4 packet is not ours either */
	ck_assert_int_eq(v6t_6a44_client_encap(&c, CLIENT_BUBBLE, 48, out,
					       sizeof(out), &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_NOT_MINE);
	ck_assert_int_eq(v6t_6a44_client_encap(&c, TO_D, 0, out, sizeof(out), &res),
			 V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_NOT_MINE);
	/* IPv6 cut inside its header or its payload: dropped */
	ck_assert_int_eq(v6t_6a44_client_encap(&c, TO_D, 39, out, sizeof(out), &res),
			 V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_DROP);
	ck_assert_int_eq(res.reason, V6T_EPKT_SHORT);
	ck_assert_int_eq(v6t_6a44_client_encap(&c, TO_D, 47, out, sizeof(out), &res),
			 V6T_OK);
	ck_assert_int_eq(res.reason, V6T_EPKT_SHORT);
	ck_assert_int_eq(v6t_6a44_client_encap(NULL, TO_D, 48, out, 128, &res),
			 V6T_EINVAL);
}
END_TEST

/* A packet from src (16 bytes) to dst of n bytes in total (n >= 48;
 * Payload Length n - 40, Next Header 59, 0xcc bytes). */
static void big6(uint8_t *p, size_t n, const uint8_t *src, const uint8_t *dst)
{
	memset(p, 0xcc, n);
	memcpy(p, TO_D, 8);
	p[4] = (uint8_t)((n - 40) >> 8);
	p[5] = (uint8_t)(n - 40);
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
}

/* §6.4, CT-3 (3): 1281 bytes to another site get a Packet Too Big of 1280
 * (RFC 4443 §3.2: type 2, code 0, MTU 1280 = 0x500), quoting as much of
 * the packet as fits in 1280 bytes (RFC 4443 §2.4 (c)). */
START_TEST(test_6a44_client_too_big)
{
	static const uint8_t me[16] = { CLIENT_ADDR }, d[16] = { D_ADDR };
	v6t_6a44_client c = client(1);
	static uint8_t in[1500], out[1600];
	uint8_t a2[16];
	v6t_tun_result res;

	big6(in, 1281, me, d);
	ck_assert_int_eq(v6t_6a44_client_encap(&c, in, 1281, out, sizeof(out), &res),
			 V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_ICMP_ERROR);
	ck_assert_int_eq(res.reason, V6T_E6A44_TOO_BIG);
	ck_assert_uint_eq(res.len, 1280);
	ck_assert_uint_eq(out[6], 58);             /* ICMPv6 */
	ck_assert_mem_eq(out + 24, me, 16);        /* back to the source */
	ck_assert_mem_eq(out + 40, ((uint8_t[]){ 2, 0 }), 2);
	ck_assert_mem_eq(out + 44, ((uint8_t[]){ 0, 0, 0x05, 0x00 }), 4);
	ck_assert_mem_eq(out + 48, in, 1280 - 48);
	/* 1280 bytes go */
	big6(in, 1280, me, d);
	ck_assert_int_eq(v6t_6a44_client_encap(&c, in, 1280, out, sizeof(out), &res),
			 V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	ck_assert_uint_eq(res.len, 1308);
	/* CT-2 (3): same site, 1400 bytes, only on the link and within its
	 * MTU - 20 */
	memcpy(a2, me, 16);
	a2[15] = 0x14; /* 192.168.1.20 */
	big6(in, 1400, me, a2);
	ck_assert_int_eq(v6t_6a44_client_encap(&c, in, 1400, out, sizeof(out), &res),
			 V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_ICMP_ERROR);
	ck_assert_int_eq(v6t_6a44_client_set_link(&c, &(v6t_prefix4){ TU_IN4(192, 168, 1, 0), 24 },
						  1500), V6T_OK);
	ck_assert_int_eq(v6t_6a44_client_encap(&c, in, 1400, out, sizeof(out), &res),
			 V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	ck_assert_uint_eq(res.len, 1420);
	ck_assert_uint_eq(out[9], 41);
	/* 1481 > 1500 - 20 */
	big6(in, 1481, me, a2);
	ck_assert_int_eq(v6t_6a44_client_encap(&c, in, 1481, out, sizeof(out), &res),
			 V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_ICMP_ERROR);
	/* off the link prefix */
	ck_assert_int_eq(v6t_6a44_client_set_link(&c, &(v6t_prefix4){ TU_IN4(192, 168, 2, 0), 24 },
						  1500), V6T_OK);
	big6(in, 1400, me, a2);
	ck_assert_int_eq(v6t_6a44_client_encap(&c, in, 1400, out, sizeof(out), &res),
			 V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_ICMP_ERROR);
	ck_assert_int_eq(v6t_6a44_client_set_link(&c, &(v6t_prefix4){ TU_IN4(192, 168, 2, 0), 24 },
						  1299), V6T_EINVAL);
	/* RFC 4443 §2.4 (e.1): no error about an ICMPv6 error */
	big6(in, 1281, me, d);
	in[6] = 58;
	in[40] = 1;
	ck_assert_int_eq(v6t_6a44_client_encap(&c, in, 1281, out, sizeof(out), &res),
			 V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_DROP);
	ck_assert_int_eq(res.reason, V6T_E6A44_TOO_BIG);
}
END_TEST

/* ------------------------------------------------------ client reception */

/*
 * CR-3: (IPv4, B, A, UDP(W, W, [FROM_D])), TTL 62, 76 bytes. Checksum:
 * 4500 + 004c + 4000 + 3e11 + c058 + 6302 + c0a8 + 010a = 0x2a869; folded
 * 0xa86b; complemented 0x5794.
 */
static const uint8_t CR3_HDR[] = {
	0x45, 0x00, 0x00, 0x4c, 0x00, 0x00, 0x40, 0x00, 0x3e, 0x11, 0x57, 0x94,
	IP_B, IP_A,
	0x04, 0x03, 0x04, 0x03, 0x00, 0x38, 0x00, 0x00,
};

START_TEST(test_6a44_client_decap_cr3_by_hand)
{
	v6t_6a44_client c = client(1);
	uint8_t p[76];
	v6t_tun_result res;

	join(p, CR3_HDR, 28, FROM_D, 48);
	check_ip4_sum(p);
	ck_assert_int_eq(v6t_6a44_client_decap(&c, p, 76, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	ck_assert_ptr_eq(res.data, p + 28);
	ck_assert_uint_eq(res.len, 48);
	ck_assert_mem_eq(res.data, FROM_D, 48);
}
END_TEST

/* Each CR-x rule's failure on an edit of the CR-3 packet. */
START_TEST(test_6a44_client_decap_checks)
{
	v6t_6a44_client c = client(1);
	uint8_t p[80];
	v6t_tun_result res;

#define CR3_EXPECT(edit, n, verdict_, reason_) \
	EXPECT_EDIT(join(p, CR3_HDR, 28, FROM_D, 48), edit, client_decap_on(&c, p, (n), &res), verdict_, reason_)
	/* CR-1..3 (1): a complete datagram: MF, or MF with room */
	CR3_EXPECT(p[6] = 0x20, 76, V6T_TUN_DROP, V6T_E6A44_FRAGMENT);
	/* CR-5 (2): a later fragment is someone else's */
	CR3_EXPECT(p[7] = 0x01, 76, V6T_TUN_NOT_MINE, V6T_OK);
	/* CR-1 (2), CR-3 (3): source port W */
	CR3_EXPECT(p[21] = 0x04, 76, V6T_TUN_DROP, V6T_E6A44_PORT);
	/* CR-5 (3): to another port */
	CR3_EXPECT(p[23] = 0x04, 76, V6T_TUN_NOT_MINE, V6T_OK);
	/* lengths that disagree: UDP 57 in a 56-byte datagram, UDP 7 */
	CR3_EXPECT(p[25] = 0x39, 76, V6T_TUN_DROP, V6T_E6A44_UDP_LENGTH);
	CR3_EXPECT(p[25] = 0x07, 76, V6T_TUN_DROP, V6T_E6A44_UDP_LENGTH);
	/* 19 bytes of payload: IPv4 total 47, UDP 27 */
	CR3_EXPECT((p[3] = 47, p[25] = 27), 47, V6T_TUN_DROP, V6T_E6A44_SHORT);
	/* CR-3 (2): version 6 */
	CR3_EXPECT(p[28] = 0x40, 76, V6T_TUN_DROP, V6T_E6A44_VERSION);
	/* Payload Length 9 in 48 bytes */
	CR3_EXPECT(p[33] = 9, 76, V6T_TUN_DROP, V6T_E6A44_INNER_LENGTH);
	/* CR-3 (3): not from B */
	CR3_EXPECT(p[15] = 3, 76, V6T_TUN_DROP, V6T_E6A44_NOT_RELAY);
	/* CR-3 (4): to another address */
	CR3_EXPECT(p[28 + 39] ^= 1, 76, V6T_TUN_DROP, V6T_E6A44_DST);
	/* the IPv4 header checksum */
	join(p, CR3_HDR, 28, FROM_D, 48);
	p[11] ^= 1;
	ck_assert_int_eq(client_decap_on(&c, p, 76, &res), V6T_OK);
	ck_assert_int_eq(res.reason, V6T_EPKT_IPV4_CHECKSUM);
	/* IPv4 Total Length past the buffer: the walker's answer */
	join(p, CR3_HDR, 28, FROM_D, 48);
	ck_assert_int_eq(client_decap_on(&c, p, 75, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_DROP);
	ck_assert_int_eq(res.reason, V6T_EPKT_SHORT);
	/* UDP cut after its ports: total 24 */
	CR3_EXPECT(p[3] = 24, 24, V6T_TUN_DROP, V6T_E6A44_UDP_LENGTH);
	/* not IPv4, not UDP or 41: not ours */
	ck_assert_int_eq(client_decap_on(&c, FROM_D, 48, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_NOT_MINE);
	CR3_EXPECT(p[9] = 6, 76, V6T_TUN_NOT_MINE, V6T_OK);
	/* a malformed TCP packet is left to the stack too */
	CR3_EXPECT((p[9] = 6, p[3] = 22), 22, V6T_TUN_NOT_MINE, V6T_OK);
	/* without an address yet */
	c = client(0);
	CR3_EXPECT((void)0, 76, V6T_TUN_DROP, V6T_E6A44_NO_PREFIX);
	/* checks off: unwrapped whatever the addresses */
	c = client(1);
	c.cfg.checks = 0;
	CR3_EXPECT((p[15] = 3, p[28 + 39] ^= 1), 76, V6T_TUN_FORWARD, V6T_OK);
#undef CR3_EXPECT
	ck_assert_int_eq(v6t_6a44_client_decap(&c, NULL, 76, &res), V6T_EINVAL);
}
END_TEST

/*
 * CR-2: from A2 = 192.168.1.20 on the same site: (IPv4, A2, A, 41,
 * [IPv6, C.N.Z.A2, C.N.Z.A, ...]), 68 bytes, TTL 64. Checksum: 4500 +
 * 0044 + 4000 + 4029 + c0a8 + 0114 + c0a8 + 010a = 0x248db, as in CT-2
 * (the same words in another order): 0xb722.
 */
START_TEST(test_6a44_client_decap_cr2)
{
	static const uint8_t hdr[] = {
		0x45, 0x00, 0x00, 0x44, 0x00, 0x00, 0x40, 0x00, 0x40, 0x29, 0xb7, 0x22,
		0xc0, 0xa8, 0x01, 0x14, IP_A,
	};
	v6t_6a44_client c = client(1);
	uint8_t in[48], p[68];
	v6t_tun_result res;

	memcpy(in, FROM_D, 48);
	memcpy(in + 8, (const uint8_t[]){ CLIENT_ADDR }, 16);
	in[8 + 15] = 0x14;
#define CR2_EXPECT(edit, n, verdict_, reason_) \
	EXPECT_EDIT(join(p, hdr, 20, in, 48), edit, client_decap_on(&c, p, (n), &res), verdict_, reason_)
	join(p, hdr, 20, in, 48);
	check_ip4_sum(p);
	ck_assert_int_eq(v6t_6a44_client_decap(&c, p, 68, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	ck_assert_ptr_eq(res.data, p + 20);
	ck_assert_uint_eq(res.len, 48);
	/* (3) another site: N's last byte */
	CR2_EXPECT(p[20 + 8 + 9] ^= 1, 68, V6T_TUN_DROP, V6T_E6A44_SITE);
	/* (4) the last 32 bits are not the IPv4 source */
	CR2_EXPECT(p[15] = 0x15, 68, V6T_TUN_DROP, V6T_E6A44_SITE_V4);
	/* (5) not to us */
	CR2_EXPECT(p[20 + 39] ^= 1, 68, V6T_TUN_DROP, V6T_E6A44_DST);
	/* a 39-byte inner packet, and lengths that disagree */
	CR2_EXPECT(p[3] = 59, 59, V6T_TUN_DROP, V6T_E6A44_SHORT);
	CR2_EXPECT(p[25] = 7, 68, V6T_TUN_DROP, V6T_E6A44_INNER_LENGTH);
	/* CR-5 (1): protocol 41 carrying IPv4, or nothing */
	CR2_EXPECT(p[20] = 0x45, 68, V6T_TUN_NOT_MINE, V6T_OK);
	CR2_EXPECT(p[3] = 20, 20, V6T_TUN_NOT_MINE, V6T_OK);
	CR2_EXPECT(p[6] = 0x20, 68, V6T_TUN_DROP, V6T_E6A44_FRAGMENT);
	c.cfg.checks &= ~(unsigned)V6T_6A44_CHECK_SITE;
	CR2_EXPECT(p[20 + 8 + 9] ^= 1, 68, V6T_TUN_FORWARD, V6T_OK);
	c.cfg.checks &= ~(unsigned)V6T_6A44_CHECK_SITE_V4;
	CR2_EXPECT(p[15] = 0x15, 68, V6T_TUN_FORWARD, V6T_OK);
	c = client(0);
	CR2_EXPECT((void)0, 68, V6T_TUN_DROP, V6T_E6A44_NO_PREFIX);
#undef CR2_EXPECT
}
END_TEST

/* ------------------------------------------------------ relay, IPv6 side */

/*
 * RR6-1: FROM_D in (IPv4, B, N, UDP(W, Z, [packet])), 76 bytes, TTL 64.
 * Checksum: 4500 + 004c + 4000 + 4011 + c058 + 6302 + cb00 + 7105 =
 * 0x324bc; folded 0x24bf; complemented 0xdb40.
 */
static const uint8_t RR61_HDR[] = {
	0x45, 0x00, 0x00, 0x4c, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0xdb, 0x40,
	IP_B, IP_N,
	0x04, 0x03, 0x9c, 0x40, 0x00, 0x38, 0x00, 0x00,
};

START_TEST(test_6a44_relay_encap_by_hand)
{
	v6t_6a44_cfg cfg = relay_cfg();
	uint8_t *in = exact(FROM_D, 48);
	uint8_t out[128], want[128];
	v6t_tun_result res;

	join(want, RR61_HDR, 28, FROM_D, 48);
	check_ip4_sum(want);
	ck_assert_int_eq(v6t_6a44_relay_encap(&cfg, in, 48, out, sizeof(out), &res),
			 V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	ck_assert_ptr_eq(res.data, out);
	ck_assert_uint_eq(res.len, 76);
	ck_assert_mem_eq(out, want, 76);
	memcpy(out + 28, FROM_D, 48);
	ck_assert_int_eq(v6t_6a44_relay_encap(&cfg, out + 28, 48, out, 76, &res),
			 V6T_OK);
	ck_assert_mem_eq(out, want, 76);
	ck_assert_int_eq(v6t_6a44_relay_encap(&cfg, in, 48, out, 75, &res),
			 V6T_ENOSPC);
	ck_assert_uint_eq(res.len, 76);
	free(in);
}
END_TEST

/* A Teredo address (RFC 4380 §4) with server 192.0.2.1, port 4096 and the
 * mapped address m: bytes 12..15 are m XOR ff ff ff ff. */
static void teredo(uint8_t a[16], const uint8_t m[4])
{
	static const uint8_t t[12] = { 0x20, 0x01, 0x00, 0x00, 0xc0, 0x00,
				       0x02, 0x01, 0x00, 0x00, 0xef, 0xff };
	int i;

	memcpy(a, t, 12);
	for (i = 0; i < 4; i++)
		a[12 + i] = (uint8_t)~m[i];
}

START_TEST(test_6a44_relay_encap_checks)
{
	static const uint8_t b4[4] = { IP_B }, other4[4] = { 198, 51, 100, 1 };
	v6t_6a44_cfg cfg = relay_cfg();
	static uint8_t in[1400], out[1500];
	uint8_t *p = in; /* IPv6: EXPECT_EDIT leaves it alone */
	v6t_tun_result res;

#define RR6_EXPECT(edit, n, verdict_, reason_) \
	EXPECT_EDIT(memcpy(in, FROM_D, 48), edit,                               \
		    v6t_6a44_relay_encap(&cfg, in, (n), out, sizeof(out), &res), \
		    verdict_, reason_)
	/* §6.6.1: a destination outside C */
	RR6_EXPECT(in[24 + 5] = 2, 48, V6T_TUN_NOT_MINE, V6T_OK);
	/* RR6-2 (2): N is B */
	RR6_EXPECT(memcpy(in + 24 + 6, b4, 4), 48, V6T_TUN_DROP, V6T_E6A44_RELAY_DST);
	/* RR6-2 (3): a Teredo source mapped to B; another mapping is fine */
	RR6_EXPECT(teredo(in + 8, b4), 48, V6T_TUN_DROP, V6T_E6A44_TEREDO);
	RR6_EXPECT(teredo(in + 8, other4), 48, V6T_TUN_FORWARD, V6T_OK);
	/* RR6-1 (1): a source under C */
	RR6_EXPECT(memcpy(in + 8, FROM_D + 24, 16), 48, V6T_TUN_DROP,
		   V6T_E6A44_SRC_PREFIX);
	/* cut packets */
	RR6_EXPECT((void)0, 47, V6T_TUN_DROP, V6T_EPKT_SHORT);
	RR6_EXPECT((void)0, 20, V6T_TUN_DROP, V6T_EPKT_SHORT);
	RR6_EXPECT((void)0, 0, V6T_TUN_NOT_MINE, V6T_OK);
	RR6_EXPECT(in[0] = 0x45, 48, V6T_TUN_NOT_MINE, V6T_OK);
	/* each check off */
	cfg.checks = V6T_6A44_CHECK_ALL & ~(unsigned)V6T_6A44_CHECK_RELAY_DST;
	RR6_EXPECT(memcpy(in + 24 + 6, b4, 4), 48, V6T_TUN_FORWARD, V6T_OK);
	cfg.checks = V6T_6A44_CHECK_ALL & ~(unsigned)V6T_6A44_CHECK_TEREDO;
	RR6_EXPECT(teredo(in + 8, b4), 48, V6T_TUN_FORWARD, V6T_OK);
	cfg.checks = V6T_6A44_CHECK_ALL & ~(unsigned)V6T_6A44_CHECK_SRC_PREFIX;
	RR6_EXPECT(memcpy(in + 8, FROM_D + 24, 16), 48, V6T_TUN_FORWARD, V6T_OK);
	cfg.checks = V6T_6A44_CHECK_ALL;
	/* RR6-2 (1): 1281 bytes, a Packet Too Big from relay6 with MTU 1280 */
	{
		static const uint8_t d[16] = { D_ADDR }, me[16] = { CLIENT_ADDR };

		big6(in, 1281, d, me);
		ck_assert_int_eq(v6t_6a44_relay_encap(&cfg, in, 1281, out,
						      sizeof(out), &res), V6T_OK);
		ck_assert_int_eq(res.verdict, V6T_TUN_ICMP_ERROR);
		ck_assert_int_eq(res.reason, V6T_E6A44_TOO_BIG);
		ck_assert_uint_eq(res.len, 1280);
		ck_assert_mem_eq(out + 8, cfg.relay6.b, 16);
		ck_assert_mem_eq(out + 24, d, 16);
		ck_assert_mem_eq(out + 40, ((uint8_t[]){ 2, 0 }), 2);
		ck_assert_mem_eq(out + 44, ((uint8_t[]){ 0, 0, 0x05, 0x00 }), 4);
		/* no room for the error: the size it needs */
		ck_assert_int_eq(v6t_6a44_relay_encap(&cfg, in, 1281, out, 100,
						      &res), V6T_ENOSPC);
		ck_assert_uint_eq(res.len, 1280);
	}
#undef RR6_EXPECT
	cfg.prefix.len = 64;
	ck_assert_int_eq(v6t_6a44_relay_encap(&cfg, FROM_D, 48, out, sizeof(out),
					      &res), V6T_EINVAL);
}
END_TEST

/* ------------------------------------------------------ relay, IPv4 side */

/*
 * RR4-3: TO_D as it reaches the relay: (IPv4, N, B, UDP(Z, W, [packet])),
 * TTL 63. Checksum: 4500 + 004c + 4000 + 3f11 + cb00 + 7105 + c058 + 6302
 * = 0x323bc; folded 0x23bf; complemented 0xdc40.
 */
static const uint8_t RR43_HDR[] = {
	0x45, 0x00, 0x00, 0x4c, 0x00, 0x00, 0x40, 0x00, 0x3f, 0x11, 0xdc, 0x40,
	IP_N, IP_B,
	0x9c, 0x40, 0x04, 0x03, 0x00, 0x38, 0x00, 0x00,
};

START_TEST(test_6a44_relay_decap_by_hand)
{
	v6t_6a44_cfg cfg = relay_cfg();
	uint8_t p[76], want[76];
	v6t_tun_result res;

	join(p, RR43_HDR, 28, TO_D, 48);
	memcpy(want, p, 76);
	check_ip4_sum(p);
	ck_assert_int_eq(v6t_6a44_relay_decap(&cfg, p, 76, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	ck_assert_ptr_eq(res.data, p + 28);
	ck_assert_uint_eq(res.len, 48);
	ck_assert_mem_eq(p, want, 76); /* decapsulation writes nothing */
}
END_TEST

/*
 * RR4-2: to the client C.N2.Z2.A2 of another site, N2 = 198.51.100.7
 * (c6 33 64 07), Z2 = 50000 (c3 50), A2 = 10.0.0.2: the packet comes back
 * as (IPv4, B, N2, UDP(W, Z2, [packet])), TTL 64. Checksum: 4500 + 004c +
 * 4000 + 4011 + c058 + 6302 + c633 + 6407 = 0x312f1; folded 0x12f4;
 * complemented 0xed0b.
 */
START_TEST(test_6a44_relay_hairpin_by_hand)
{
	static const uint8_t hdr[] = {
		0x45, 0x00, 0x00, 0x4c, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0xed, 0x0b,
		IP_B, 0xc6, 0x33, 0x64, 0x07,
		0x04, 0x03, 0xc3, 0x50, 0x00, 0x38, 0x00, 0x00,
	};
	static const uint8_t f2[10] = { 0xc6, 0x33, 0x64, 0x07, 0xc3, 0x50,
					0x0a, 0x00, 0x00, 0x02 };
	v6t_6a44_cfg cfg = relay_cfg();
	uint8_t in[48], p[76], want[76];
	v6t_tun_result res;

	memcpy(in, TO_D, 48);
	memcpy(in + 24, FROM_D + 24, 6); /* C */
	memcpy(in + 30, f2, 10);
	join(p, RR43_HDR, 28, in, 48);
	join(want, hdr, 28, in, 48);
	check_ip4_sum(want);
	ck_assert_int_eq(v6t_6a44_relay_decap(&cfg, p, 76, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	ck_assert_ptr_eq(res.data, p);
	ck_assert_uint_eq(res.len, 76);
	ck_assert_mem_eq(p, want, 76);
	/* N2 = B would loop: dropped (RR6-1 (3), §7) */
	join(p, RR43_HDR, 28, in, 48);
	memcpy(p + 28 + 30, (const uint8_t[]){ IP_B }, 4);
	ck_assert_int_eq(relay_decap_on(&cfg, p, 76, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_DROP);
	ck_assert_int_eq(res.reason, V6T_E6A44_RELAY_DST);
}
END_TEST

START_TEST(test_6a44_relay_decap_checks)
{
	static const uint8_t b4[4] = { IP_B };
	v6t_6a44_cfg cfg = relay_cfg();
	uint8_t p[80];
	v6t_tun_result res;

#define RR4_EXPECT(edit, n, verdict_, reason_) \
	EXPECT_EDIT(join(p, RR43_HDR, 28, TO_D, 48), edit, relay_decap_on(&cfg, p, (n), &res), verdict_, reason_)
	/* §6.6.2: complete datagrams only; any fragment to B is dropped */
	RR4_EXPECT(p[6] = 0x20, 76, V6T_TUN_DROP, V6T_E6A44_FRAGMENT);
	RR4_EXPECT(p[7] = 0x01, 76, V6T_TUN_DROP, V6T_E6A44_FRAGMENT);
	/* not to B, not UDP, not to W, not IPv4: not ours */
	RR4_EXPECT(p[19] = 3, 76, V6T_TUN_NOT_MINE, V6T_OK);
	RR4_EXPECT(p[9] = 1, 76, V6T_TUN_NOT_MINE, V6T_OK);
	RR4_EXPECT(p[23] = 0x04, 76, V6T_TUN_NOT_MINE, V6T_OK);
	RR4_EXPECT((void)0, 0, V6T_TUN_NOT_MINE, V6T_OK);
	ck_assert_int_eq(relay_decap_on(&cfg, FROM_D, 48, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_NOT_MINE);
	/* lengths */
	RR4_EXPECT(p[25] = 0x37, 76, V6T_TUN_DROP, V6T_E6A44_UDP_LENGTH);
	RR4_EXPECT((p[3] = 47, p[25] = 27), 47, V6T_TUN_DROP, V6T_E6A44_SHORT);
	RR4_EXPECT(p[3] = 27, 27, V6T_TUN_DROP, V6T_E6A44_UDP_LENGTH);
	RR4_EXPECT(p[3] = 22, 22, V6T_TUN_DROP, V6T_EPKT_CHAIN);
	RR4_EXPECT(p[0] = 0x44, 76, V6T_TUN_DROP, V6T_EPKT_IPV4_HEADER);
	RR4_EXPECT((void)0, 75, V6T_TUN_DROP, V6T_EPKT_SHORT);
	RR4_EXPECT(p[28] = 0x40, 76, V6T_TUN_DROP, V6T_E6A44_VERSION);
	RR4_EXPECT(p[33] = 7, 76, V6T_TUN_DROP, V6T_E6A44_INNER_LENGTH);
	/* RR4-2/3 (3), anti-spoofing: N, Z and C of the inner source */
	RR4_EXPECT(p[15] = 6, 76, V6T_TUN_DROP, V6T_E6A44_SPOOF);
	RR4_EXPECT(p[21] = 0x41, 76, V6T_TUN_DROP, V6T_E6A44_SPOOF);
	RR4_EXPECT(p[28 + 8 + 5] = 2, 76, V6T_TUN_DROP, V6T_E6A44_SPOOF);
	RR4_EXPECT(p[28 + 8 + 11] = 0x41, 76, V6T_TUN_DROP, V6T_E6A44_SPOOF);
	/* RR4-3 (4): a Teredo destination mapped to B */
	RR4_EXPECT(teredo(p + 28 + 24, b4), 76, V6T_TUN_DROP, V6T_E6A44_TEREDO);
	/* checks off */
	cfg.checks = V6T_6A44_CHECK_ALL & ~(unsigned)V6T_6A44_CHECK_SPOOF;
	RR4_EXPECT(p[15] = 6, 76, V6T_TUN_FORWARD, V6T_OK);
	cfg.checks = V6T_6A44_CHECK_ALL & ~(unsigned)V6T_6A44_CHECK_TEREDO;
	RR4_EXPECT(teredo(p + 28 + 24, b4), 76, V6T_TUN_FORWARD, V6T_OK);
	cfg.checks = V6T_6A44_CHECK_ALL;
	/* the IPv4 header checksum */
	join(p, RR43_HDR, 28, TO_D, 48);
	p[10] ^= 0x80;
	ck_assert_int_eq(relay_decap_on(&cfg, p, 76, &res), V6T_OK);
	ck_assert_int_eq(res.reason, V6T_EPKT_IPV4_CHECKSUM);
#undef RR4_EXPECT
	ck_assert_int_eq(v6t_6a44_relay_decap(NULL, p, 76, &res), V6T_EINVAL);
}
END_TEST

/* --------------------------------------------------------- round trips */

/* A NAT44 (RFC 3022 NAPT) on the way up: source A:W becomes N:Z, and on
 * the way down destination N:Z becomes A:W; TTL - 1; IPv4 checksum redone
 * (the UDP checksum is 0, so nothing else changes). */
static void nat_up(uint8_t *p)
{
	memcpy(p + 12, (const uint8_t[]){ IP_N }, 4);
	p[20] = 0x9c;
	p[21] = 0x40;
	p[8]--;
	fix_ip4_sum(p);
}

static void nat_down(uint8_t *p)
{
	memcpy(p + 16, (const uint8_t[]){ IP_A }, 4);
	p[22] = 0x04;
	p[23] = 0x03;
	p[8]--;
	fix_ip4_sum(p);
}

START_TEST(test_6a44_round_trips)
{
	v6t_6a44_cfg cfg = relay_cfg();
	v6t_6a44_client c = client(0);
	uint8_t buf[200];
	v6t_in6 a, want = TU_IN6(CLIENT_ADDR);
	v6t_tun_result res;
	size_t n;

	/* the address acquisition: bubble up, answer down */
	ck_assert_int_eq(v6t_6a44_client_bubble(&c, 0x1122334455667788u, buf,
						sizeof(buf), &n), V6T_OK);
	nat_up(buf);
	ck_assert_int_eq(v6t_6a44_relay_decap(&cfg, buf, n, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	nat_down(res.data);
	ck_assert_int_eq(v6t_6a44_client_decap(&c, res.data, res.len, &res), 1);
	ck_assert_int_eq(v6t_6a44_client_address(&c, &a), V6T_OK);
	ck_assert_mem_eq(a.b, want.b, 16);
	/* client -> relay -> D: the packet unchanged */
	ck_assert_int_eq(v6t_6a44_client_encap(&c, TO_D, 48, buf, sizeof(buf), &res),
			 V6T_OK);
	n = res.len;
	nat_up(buf);
	ck_assert_int_eq(v6t_6a44_relay_decap(&cfg, buf, n, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	ck_assert_uint_eq(res.len, 48);
	ck_assert_mem_eq(res.data, TO_D, 48);
	/* D -> relay -> client */
	ck_assert_int_eq(v6t_6a44_relay_encap(&cfg, FROM_D, 48, buf, sizeof(buf),
					      &res), V6T_OK);
	n = res.len;
	nat_down(buf);
	ck_assert_int_eq(v6t_6a44_client_decap(&c, buf, n, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	ck_assert_mem_eq(res.data, FROM_D, 48);
	/* a spoofed source (no NAT on the way: the relay sees A:W) is refused,
	 * and the error bubble tells A:W the prefix it really has */
	ck_assert_int_eq(v6t_6a44_client_encap(&c, TO_D, 48, buf, sizeof(buf), &res),
			 V6T_OK);
	n = res.len;
	ck_assert_int_eq(relay_decap_on(&cfg, buf, n, &res), V6T_OK);
	ck_assert_int_eq(res.reason, V6T_E6A44_SPOOF);
	{
		uint8_t eb[48];
		size_t en;

		ck_assert_int_eq(v6t_6a44_relay_error_bubble(&cfg, buf, n, eb,
							     sizeof(eb), &en), V6T_OK);
		ck_assert_mem_eq(eb + 16, ((uint8_t[]){ IP_A }), 4);
		ck_assert_mem_eq(eb + 22, ((uint8_t[]){ 0x04, 0x03 }), 2);
		ck_assert_mem_eq(eb + 34, ((uint8_t[]){ IP_A, 0x04, 0x03 }), 6);
		check_ip4_sum(eb);
	}
}
END_TEST

/* Every prefix of the valid packets gets a defined answer, and the
 * inputs live in exact-size blocks. */
START_TEST(test_6a44_every_truncation)
{
	v6t_6a44_cfg cfg = relay_cfg();
	v6t_6a44_client c = client(1);
	uint8_t full[76];
	v6t_tun_result res;
	size_t n;

	for (n = 0; n < 76; n++) {
		join(full, RR43_HDR, 28, TO_D, 48);
		ck_assert_int_eq(relay_decap_on(&cfg, full, n, &res), V6T_OK);
		ck_assert_int_ne(res.verdict, V6T_TUN_FORWARD);
		join(full, CR3_HDR, 28, FROM_D, 48);
		ck_assert_int_eq(client_decap_on(&c, full, n, &res), V6T_OK);
		ck_assert_int_ne(res.verdict, V6T_TUN_FORWARD);
	}
	for (n = 0; n < 48; n++) {
		uint8_t *q = exact(FROM_D, n);
		uint8_t out[128];

		ck_assert_int_eq(v6t_6a44_relay_encap(&cfg, q, n, out, sizeof(out),
						      &res), V6T_OK);
		ck_assert_int_ne(res.verdict, V6T_TUN_FORWARD);
		free(q);
	}
}
END_TEST

/* The one-call forms of the CLI: the client's and the relay's rules by
 * the packet's addresses, with a client whose prefix C.N.Z is set. */
START_TEST(test_6a44_both_ends)
{
	static const uint8_t cnz[12] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01,
					 IP_N, 0x9c, 0x40 };
	v6t_6a44_cfg cfg = relay_cfg();
	v6t_6a44_client c;
	uint8_t out[128], want[128], p[76];
	v6t_tun_result res;

	ck_assert_int_eq(v6t_6a44_client_init(&c, &cfg, &TU_IN4(192, 168, 1, 10)),
			 V6T_OK);
	ck_assert_int_eq(v6t_6a44_client_set_prefix(&c, cnz), V6T_OK);
	/* from the client's address: CT-3 */
	join(want, CT3_HDR, 28, TO_D, 48);
	ck_assert_int_eq(v6t_6a44_encap(&c, TO_D, 48, out, sizeof(out), &res),
			 V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	ck_assert_mem_eq(out, want, 76);
	/* to it from D: RR6-1 */
	join(want, RR61_HDR, 28, FROM_D, 48);
	ck_assert_int_eq(v6t_6a44_encap(&c, FROM_D, 48, out, sizeof(out), &res),
			 V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	ck_assert_mem_eq(out, want, 76);
	/* to B: RR4-3; to A: CR-3 */
	join(p, RR43_HDR, 28, TO_D, 48);
	ck_assert_int_eq(v6t_6a44_decap(&c, p, 76, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	ck_assert_ptr_eq(res.data, p + 28);
	join(p, CR3_HDR, 28, FROM_D, 48);
	ck_assert_int_eq(v6t_6a44_decap(&c, p, 76, &res), V6T_OK);
	ck_assert_int_eq(res.verdict, V6T_TUN_FORWARD);
	ck_assert_mem_eq(res.data, FROM_D, 48);
	/* the bubble answer at B, and its arrival at A */
	memcpy(p, BUBBLE_AT_RELAY, 48);
	ck_assert_int_eq(v6t_6a44_decap(&c, p, 48, &res), V6T_OK);
	ck_assert_mem_eq(res.data, BUBBLE_ANSWER, 48);
	ck_assert_int_eq(v6t_6a44_client_bubble(&c, 0x0102030405060708u, out,
						sizeof(out), &res.len), V6T_OK);
	memcpy(p, BUBBLE_AT_CLIENT, 48);
	ck_assert_int_eq(v6t_6a44_decap(&c, p, 48, &res), 1);
	ck_assert_int_eq(v6t_6a44_decap(&c, NULL, 48, &res), V6T_EINVAL);
	ck_assert_int_eq(v6t_6a44_encap(NULL, TO_D, 48, out, 128, &res), V6T_EINVAL);
}
END_TEST

/* Without a NAT44, N is A and Z is W: the client's prefix without a
 * bubble, as tunnel.h describes for offline tools. With A = 192.0.2.1
 * (c0 00 02 01) and W = 1027 (04 03), C.A.W.A =
 * 2001:db8:1:c000:201:403:c000:201. */
START_TEST(test_6a44_prefix_without_nat)
{
	v6t_prefix6 cp = { TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01), 48 };
	v6t_addr_6a44 f = { TU_IN4(192, 0, 2, 1), V6T_6A44_PORT,
			    TU_IN4(192, 0, 2, 1) };
	v6t_in6 x, a, want = TU_IN6(0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0xc0, 0x00,
				     0x02, 0x01, 0x04, 0x03, 0xc0, 0x00, 0x02, 0x01);
	v6t_6a44_cfg cfg = relay_cfg();
	v6t_6a44_client c;

	ck_assert_int_eq(v6t_addr_6a44_encode(&x, &cp, &f), V6T_OK);
	ck_assert_int_eq(v6t_6a44_client_init(&c, &cfg, &f.client), V6T_OK);
	ck_assert_int_eq(v6t_6a44_client_set_prefix(&c, x.b), V6T_OK);
	ck_assert_int_eq(v6t_6a44_client_address(&c, &a), V6T_OK);
	ck_assert_mem_eq(a.b, want.b, 16);
}
END_TEST

/* -------------------------------------------- ICMPv4 errors (CR-4, RR4-4) */

/*
 * An ICMPv4 error from the router R = 198.51.100.1 (c6 33 64 01) to dst4:
 * type, code, next-hop MTU, then the qlen quoted bytes (RFC 792). The
 * ICMPv4 and IPv4 checksums are set with pb_sum16() (inputs, not the
 * values under test). Returns its length, 28 + qlen.
 */
static size_t mk_err(uint8_t *p, const uint8_t dst4[4], unsigned type,
		     unsigned code, unsigned mtu, const uint8_t *quote,
		     size_t qlen)
{
	static const uint8_t r4[4] = { 0xc6, 0x33, 0x64, 0x01 };
	uint8_t *ic = p + 20;
	uint32_t s;

	memset(p, 0, 28);
	p[0] = 0x45;
	p[2] = (uint8_t)((28 + qlen) >> 8);
	p[3] = (uint8_t)(28 + qlen);
	p[8] = 64;
	p[9] = 1;
	memcpy(p + 12, r4, 4);
	memcpy(p + 16, dst4, 4);
	fix_ip4_sum(p);
	ic[0] = (uint8_t)type;
	ic[1] = (uint8_t)code;
	ic[6] = (uint8_t)(mtu >> 8);
	ic[7] = (uint8_t)mtu;
	memcpy(ic + 8, quote, qlen);
	s = pb_sum16(0, ic, 8 + qlen);
	ic[2] = (uint8_t)(~s >> 8);
	ic[3] = (uint8_t)~s;
	return 28 + qlen;
}

static const uint8_t IP4_A[4] = { IP_A };
static const uint8_t IP4_B[4] = { IP_B };

/* v6t_6a44_client_icmp() (relay 0) or v6t_6a44_relay_icmp() (relay 1) of
 * the n bytes at p, given in an exact-size copy, into out[1280]: 0 for
 * an ICMPv6 error (*ol its length), 1 for NOT_MINE, else the drop reason. */
static int icmp_run(int relay, const v6t_6a44_client *c,
		    const v6t_6a44_cfg *cfg, const uint8_t *p, size_t n,
		    uint8_t *out, size_t *ol)
{
	uint8_t *in = exact(p, n);
	v6t_tun_result res;
	int rc;

	memset(&res, 0x5a, sizeof(res));
	if (relay)
		rc = v6t_6a44_relay_icmp(cfg, in, n, out, 1280, &res);
	else
		rc = v6t_6a44_client_icmp(c, in, n, out, 1280, &res);
	free(in);
	ck_assert_int_eq(rc, V6T_OK);
	if (res.verdict == V6T_TUN_ICMP_ERROR) {
		ck_assert_int_eq(res.reason, V6T_OK);
		ck_assert_ptr_eq(res.data, out);
		*ol = res.len;
		return 0;
	}
	ck_assert_ptr_null(res.data);
	if (res.verdict == V6T_TUN_NOT_MINE) {
		ck_assert_int_eq(res.reason, V6T_OK);
		return 1;
	}
	ck_assert_int_eq(res.verdict, V6T_TUN_DROP);
	return res.reason;
}

static int client_icmp(const v6t_6a44_client *c, const uint8_t *p, size_t n,
		       uint8_t *out, size_t *ol)
{
	return icmp_run(0, c, NULL, p, n, out, ol);
}

static int relay_icmp(const v6t_6a44_cfg *cfg, const uint8_t *p, size_t n,
		      uint8_t *out, size_t *ol)
{
	return icmp_run(1, NULL, cfg, p, n, out, ol);
}

/* The CT-2 packet of test_6a44_client_encap_ct2_by_hand: TO_D but to
 * C.N.Z.A2, A2 = 192.168.1.20, in (IPv4, A, A2, 41): 68 bytes. */
static void ct2_packet(uint8_t q[68])
{
	static const uint8_t hdr[] = {
		0x45, 0x00, 0x00, 0x44, 0x00, 0x00, 0x40, 0x00, 0x40, 0x29, 0xb7, 0x22,
		IP_A, 0xc0, 0xa8, 0x01, 0x14,
	};

	memcpy(q, hdr, 20);
	memcpy(q + 20, TO_D, 48);
	memcpy(q + 20 + 24, (const uint8_t[]){ CLIENT_ADDR }, 16);
	q[20 + 24 + 15] = 0x14;
}

/*
 * CR-4, worked out by hand. Sums of the addresses (16-bit words):
 *   D      = 2001 + 0db8 + ffff + 0001                      = 0x12db9
 *   client = 2001 + 0db8 + 0001 + cb00 + 7105 + 9c40 + c0a8 + 010a
 *                                                            = 0x2c7b1
 *   A2 address (client with ...0114)  = 0x2c7b1 - 0x0a + 0x14 = 0x2c7bb
 *   TO_D's first 8 bytes: 6000 + 0000 + 0008 + 3b40          = 0x9b48
 *   its payload: 4 * aaaa                                    = 0x2aaa8
 *
 * (1) CT-3 (TO_D in CT3_HDR, 76 bytes), ICMPv4 Destination Unreachable
 * code 1 (host): RFC 7915 §4.2 gives ICMPv6 Destination Unreachable code
 * 0. From D (the inner destination) to the client, Payload Length 8 + 48
 * = 56 (0x38), Next Header 58, Hop Limit 64 (icmp.h's default), quoting
 * TO_D. Checksum: pseudo-header D + client + 0x38 + 0x3a, ICMPv6 header
 * 0x0100, quote 0x9b48 + client + D + 0x2aaa8:
 *   2*0x12db9 + 2*0x2c7b1 + 0x72 + 0x100 + 0x9b48 + 0x2aaa8 = 0xb3236,
 *   folded 0x3241, complemented 0xcdbe.
 * (2) CT-2 (ct2_packet()), Fragmentation Needed with next-hop MTU 1400:
 * Packet Too Big, MTU 1400 - 20 = 1380 (00 00 05 64), from the A2 address
 * to the client. Checksum: A2 + client + 0x72, 0x0200 + 0x0564, quote
 * 0x9b48 + client + A2 + 0x2aaa8:
 *   0x2c7bb + 0x2c7b1 + 0x72 + 0x200 + 0x564 + 0x9b48 + 0x2c7b1 +
 *   0x2c7bb + 0x2aaa8 = 0xe6c9e, folded 0x6cac, complemented 0x9353.
 */
START_TEST(test_6a44_client_icmp_by_hand)
{
	static const uint8_t want1[] = {
		0x60, 0x00, 0x00, 0x00, 0x00, 0x38, 0x3a, 0x40, D_ADDR, CLIENT_ADDR,
		0x01, 0x00, 0xcd, 0xbe, 0x00, 0x00, 0x00, 0x00,
	};
	static const uint8_t want2[] = {
		0x60, 0x00, 0x00, 0x00, 0x00, 0x38, 0x3a, 0x40,
		0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0xcb, 0x00,
		0x71, 0x05, 0x9c, 0x40, 0xc0, 0xa8, 0x01, 0x14, CLIENT_ADDR,
		0x02, 0x00, 0x93, 0x53, 0x00, 0x00, 0x05, 0x64,
	};
	v6t_6a44_client c = client(1);
	uint8_t q[76], p[128], out[1280];
	v6t_tun_result res;
	size_t n, ol = 0;

	join(q, CT3_HDR, 28, TO_D, 48);
	n = mk_err(p, IP4_A, 3, 1, 0, q, 76);
	ck_assert_uint_eq(n, 104);
	ck_assert_int_eq(client_icmp(&c, p, n, out, &ol), 0);
	ck_assert_uint_eq(ol, 96);
	ck_assert_mem_eq(out, want1, 48);
	ck_assert_mem_eq(out + 48, TO_D, 48);
	/* the size needed, nothing written */
	memset(out, 0, sizeof(out));
	ck_assert_int_eq(v6t_6a44_client_icmp(&c, p, n, out, 95, &res),
			 V6T_ENOSPC);
	ck_assert_uint_eq(res.len, 96);
	ck_assert_uint_eq(out[0], 0);

	ct2_packet(q);
	n = mk_err(p, IP4_A, 3, 4, 1400, q, 68);
	ck_assert_int_eq(client_icmp(&c, p, n, out, &ol), 0);
	ck_assert_uint_eq(ol, 96);
	ck_assert_mem_eq(out, want2, 48);
	ck_assert_mem_eq(out + 48, q + 20, 48);
}
END_TEST

/* The ICMPv6 type and code CR-4 makes of ICMPv4 type/code (CT-3 quote),
 * as 0x100 * type + code; -1 when it is dropped for an untranslated type. */
static int client_maps(unsigned type, unsigned code)
{
	v6t_6a44_client c = client(1);
	uint8_t q[76], p[128], out[1280];
	size_t ol = 0;
	int rc;

	join(q, CT3_HDR, 28, TO_D, 48);
	rc = client_icmp(&c, p, mk_err(p, IP4_A, type, code, 0, q, 76), out, &ol);
	if (rc == V6T_E6A44_ICMP_TYPE)
		return -1;
	ck_assert_int_eq(rc, 0);
	return out[40] * 0x100 + out[41];
}

/* The Packet Too Big MTU for a next-hop MTU, quote CT-2 (ct2) or CT-3. */
static uint32_t client_ptb(int ct2, unsigned mtu)
{
	v6t_6a44_client c = client(1);
	uint8_t q[76], p[128], out[1280];
	size_t ol = 0;

	if (ct2)
		ct2_packet(q);
	else
		join(q, CT3_HDR, 28, TO_D, 48);
	ck_assert_int_eq(client_icmp(&c, p, mk_err(p, IP4_A, 3, 4, mtu, q,
						   ct2 ? 68 : 76), out, &ol), 0);
	ck_assert_uint_eq(out[40], 2);
	return (uint32_t)out[44] << 24 | (uint32_t)out[45] << 16 |
	       (uint32_t)out[46] << 8 | out[47];
}

/* RFC 7915 §4.2, "ICMPv4 error messages", code by code */
START_TEST(test_6a44_client_icmp_types)
{
	static const int unreach[16] = {
		/* Destination Unreachable code -> ICMPv6 type 1 code; -1 dropped
		 * (2: Parameter Problem in RFC 7915, here dropped, see tunnel.h;
		 * 4: Packet Too Big, below; 14: dropped by RFC 7915) */
		0x100, 0x100, -1, 0x104, 0x200, 0x100, 0x100, 0x100,
		0x100, 0x101, 0x101, 0x100, 0x100, 0x101, -1, 0x101,
	};
	unsigned i;

	for (i = 0; i < 16; i++)
		ck_assert_int_eq(client_maps(3, i), unreach[i]);
	ck_assert_int_eq(client_maps(3, 16), -1);
	/* Time Exceeded: type 3, code unchanged */
	ck_assert_int_eq(client_maps(11, 0), 0x300);
	ck_assert_int_eq(client_maps(11, 1), 0x301);
	/* Source Quench, Redirect, Parameter Problem: dropped */
	ck_assert_int_eq(client_maps(4, 0), -1);
	ck_assert_int_eq(client_maps(5, 1), -1);
	ck_assert_int_eq(client_maps(12, 0), -1);
	/* MTU - 20 (CT-2) or - 28 (CT-3), at least 1280; 0 gives 1280 */
	ck_assert_uint_eq(client_ptb(1, 1400), 1380);
	ck_assert_uint_eq(client_ptb(1, 1301), 1281);
	ck_assert_uint_eq(client_ptb(1, 1300), 1280);
	ck_assert_uint_eq(client_ptb(1, 1299), 1280);
	ck_assert_uint_eq(client_ptb(1, 0), 1280);
	ck_assert_uint_eq(client_ptb(1, 1), 1280);
	ck_assert_uint_eq(client_ptb(1, 65535), 65515);
	ck_assert_uint_eq(client_ptb(0, 1309), 1281);
	ck_assert_uint_eq(client_ptb(0, 1308), 1280);
	ck_assert_uint_eq(client_ptb(0, 1000), 1280);
}
END_TEST

START_TEST(test_6a44_client_icmp_errors)
{
	v6t_6a44_client c = client(1), bare = client(0);
	uint8_t q[76], p[128], out[1280];
	v6t_tun_result res;
	size_t n, ol = 0, k;

	join(q, CT3_HDR, 28, TO_D, 48);
	/* quote too short: RFC 792's 8 bytes after the IPv4 header (the UDP
	 * header only), then 39 of the 40 inner header bytes */
	n = mk_err(p, IP4_A, 3, 1, 0, q, 28);
	ck_assert_int_eq(client_icmp(&c, p, n, out, &ol), V6T_E6A44_QUOTE);
	n = mk_err(p, IP4_A, 3, 1, 0, q, 67);
	ck_assert_int_eq(client_icmp(&c, p, n, out, &ol), V6T_E6A44_QUOTE);
	n = mk_err(p, IP4_A, 3, 1, 0, q, 68); /* exactly the header: sent */
	ck_assert_int_eq(client_icmp(&c, p, n, out, &ol), 0);
	ck_assert_uint_eq(ol, 88);
	/* a CT-2 quote of 20 + 39 bytes */
	ct2_packet(q);
	n = mk_err(p, IP4_A, 3, 1, 0, q, 59);
	ck_assert_int_eq(client_icmp(&c, p, n, out, &ol), V6T_E6A44_QUOTE);
	/* CT-2 quote whose inner destination does not end in A2: not ours */
	q[20 + 39] = 0x15;
	n = mk_err(p, IP4_A, 3, 1, 0, q, 68);
	ck_assert_int_eq(client_icmp(&c, p, n, out, &ol), 1);
	/* not a packet we sent: quoted source not A; UDP ports not W; to
	 * another address than B; UDP header cut; neither UDP nor 41;
	 * inner source not the client's; a client with no address */
	join(q, CT3_HDR, 28, TO_D, 48);
	q[15] = 0x0b;
	ck_assert_int_eq(client_icmp(&c, p, mk_err(p, IP4_A, 3, 1, 0, q, 76),
				     out, &ol), 1);
	for (k = 20; k < 24; k++) {
		join(q, CT3_HDR, 28, TO_D, 48);
		q[k] ^= 1;
		ck_assert_int_eq(client_icmp(&c, p, mk_err(p, IP4_A, 3, 1, 0, q, 76),
					     out, &ol), 1);
	}
	join(q, CT3_HDR, 28, TO_D, 48);
	q[19] = 0x03;
	ck_assert_int_eq(client_icmp(&c, p, mk_err(p, IP4_A, 3, 1, 0, q, 76),
				     out, &ol), 1);
	ck_assert_int_eq(client_icmp(&c, p, mk_err(p, IP4_A, 3, 1, 0, q, 27),
				     out, &ol), 1);
	join(q, CT3_HDR, 28, TO_D, 48);
	q[9] = 6;
	ck_assert_int_eq(client_icmp(&c, p, mk_err(p, IP4_A, 3, 1, 0, q, 76),
				     out, &ol), 1);
	join(q, CT3_HDR, 28, TO_D, 48);
	q[28 + 8 + 15] = 0x0b;
	ck_assert_int_eq(client_icmp(&c, p, mk_err(p, IP4_A, 3, 1, 0, q, 76),
				     out, &ol), 1);
	join(q, CT3_HDR, 28, TO_D, 48);
	n = mk_err(p, IP4_A, 3, 1, 0, q, 76);
	ck_assert_int_eq(client_icmp(&bare, p, n, out, &ol), 1);
	/* not an ICMPv4 error: Echo Reply; not ICMP; not IPv4 */
	ck_assert_int_eq(client_icmp(&c, p, mk_err(p, IP4_A, 0, 0, 0, q, 76),
				     out, &ol), 1);
	n = mk_err(p, IP4_A, 3, 1, 0, q, 76);
	p[9] = 17;
	fix_ip4_sum(p);
	ck_assert_int_eq(client_icmp(&c, p, n, out, &ol), 1);
	ck_assert_int_eq(client_icmp(&c, TO_D, 48, out, &ol), 1);
	/* every truncation of the datagram: never an ICMPv6 error past the
	 * bytes given (exact-size copies, ASan) */
	n = mk_err(p, IP4_A, 3, 1, 0, q, 76);
	for (k = 0; k < n; k++)
		ck_assert_int_ne(client_icmp(&c, p, k, out, &ol), 0);
	/* RFC 4443 §2.4 (e.1): the inner packet is an ICMPv6 error itself */
	join(q, CT3_HDR, 28, TO_D, 48);
	q[28 + 6] = 58;
	q[28 + 40] = 1;
	n = mk_err(p, IP4_A, 3, 1, 0, q, 76);
	ck_assert_int_eq(client_icmp(&c, p, n, out, &ol), V6T_E6A44_NO_ERROR);
	/* arguments */
	ck_assert_int_eq(v6t_6a44_client_icmp(NULL, p, n, out, 1280, &res),
			 V6T_EINVAL);
	ck_assert_int_eq(v6t_6a44_client_icmp(&c, NULL, n, out, 1280, &res),
			 V6T_EINVAL);
	ck_assert_int_eq(v6t_6a44_client_icmp(&c, p, n, NULL, 1280, &res),
			 V6T_EINVAL);
	ck_assert_int_eq(v6t_6a44_client_icmp(&c, p, n, out, 1280, NULL),
			 V6T_EINVAL);
}
END_TEST

/*
 * RR4-4 by hand: RR6-1's packet (FROM_D in RR61_HDR, 76 bytes) meets a
 * Time Exceeded code 0 on its way to N: ICMPv6 Time Exceeded code 0 from
 * the relay's IPv6 address relay6 = 2001:db8:1::1 to D, quoting FROM_D.
 * Checksum: relay6 2001 + 0db8 + 0001 + 0001 = 0x2dbb; pseudo-header
 * 0x2dbb + D (0x12db9) + 0x38 + 0x3a; header 0x0300; quote 0x9b48 + D +
 * client (0x2c7b1) + 4 * bbbb (0x2eeec):
 *   0x2dbb + 0x12db9 + 0x72 + 0x300 + 0x9b48 + 0x12db9 + 0x2c7b1 +
 *   0x2eeec = 0x8de84, folded 0xde8c, complemented 0x2173.
 */
START_TEST(test_6a44_relay_icmp_by_hand)
{
	static const uint8_t want[] = {
		0x60, 0x00, 0x00, 0x00, 0x00, 0x38, 0x3a, 0x40,
		0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
		D_ADDR,
		0x03, 0x00, 0x21, 0x73, 0x00, 0x00, 0x00, 0x00,
	};
	v6t_6a44_cfg cfg = relay_cfg();
	uint8_t q[76], p[128], out[1280];
	size_t n, ol = 0;

	join(q, RR61_HDR, 28, FROM_D, 48);
	n = mk_err(p, IP4_B, 11, 0, 0, q, 76);
	ck_assert_int_eq(relay_icmp(&cfg, p, n, out, &ol), 0);
	ck_assert_uint_eq(ol, 96);
	ck_assert_mem_eq(out, want, 48);
	ck_assert_mem_eq(out + 48, FROM_D, 48);
	/* Fragmentation Needed, 1400: Packet Too Big 1400 - 28 = 1372
	 * (00 00 05 5c); 1308 and below: 1280 */
	n = mk_err(p, IP4_B, 3, 4, 1400, q, 76);
	ck_assert_int_eq(relay_icmp(&cfg, p, n, out, &ol), 0);
	ck_assert_uint_eq(out[40], 2);
	ck_assert_mem_eq(out + 44, "\x00\x00\x05\x5c", 4);
	n = mk_err(p, IP4_B, 3, 4, 1308, q, 76);
	ck_assert_int_eq(relay_icmp(&cfg, p, n, out, &ol), 0);
	ck_assert_mem_eq(out + 44, "\x00\x00\x05\x00", 4);
	/* RR4-2's packet: the client's TO_D turned to another client of C,
	 * 2001:db8:1:cb00:7105:9c41:c0a8:10a (Z2 = 40001, 9c 41), sent to
	 * N:Z2: the error (port unreachable, code 4) goes to the client */
	join(q, RR61_HDR, 28, TO_D, 48);
	memcpy(q + 28 + 24, (const uint8_t[]){ CLIENT_ADDR }, 16);
	q[28 + 24 + 11] = 0x41;
	q[23] = 0x41;
	n = mk_err(p, IP4_B, 3, 3, 0, q, 76);
	ck_assert_int_eq(relay_icmp(&cfg, p, n, out, &ol), 0);
	ck_assert_uint_eq(out[40], 1);
	ck_assert_uint_eq(out[41], 4);
	ck_assert_mem_eq(out + 8, cfg.relay6.b, 16);
	ck_assert_mem_eq(out + 24, q + 28 + 8, 16);
}
END_TEST

START_TEST(test_6a44_relay_icmp_errors)
{
	v6t_6a44_cfg cfg = relay_cfg(), bad = relay_cfg();
	uint8_t q[76], p[128], out[1280];
	v6t_tun_result res;
	size_t n, ol = 0, k;

	join(q, RR61_HDR, 28, FROM_D, 48);
	/* quote too short */
	n = mk_err(p, IP4_B, 3, 1, 0, q, 28);
	ck_assert_int_eq(relay_icmp(&cfg, p, n, out, &ol), V6T_E6A44_QUOTE);
	n = mk_err(p, IP4_B, 3, 1, 0, q, 67);
	ck_assert_int_eq(relay_icmp(&cfg, p, n, out, &ol), V6T_E6A44_QUOTE);
	/* dropped types */
	ck_assert_int_eq(relay_icmp(&cfg, p, mk_err(p, IP4_B, 12, 0, 0, q, 76),
				    out, &ol), V6T_E6A44_ICMP_TYPE);
	ck_assert_int_eq(relay_icmp(&cfg, p, mk_err(p, IP4_B, 3, 2, 0, q, 76),
				    out, &ol), V6T_E6A44_ICMP_TYPE);
	/* not ours: quoted source not B; source port not W; destination not
	 * under C; N or Z not the quoted destination; protocol 41; UDP
	 * header cut */
	for (k = 12; k < 16; k++) {
		join(q, RR61_HDR, 28, FROM_D, 48);
		q[k] ^= 1;
		ck_assert_int_eq(relay_icmp(&cfg, p, mk_err(p, IP4_B, 3, 1, 0, q, 76),
					    out, &ol), 1);
	}
	join(q, RR61_HDR, 28, FROM_D, 48);
	q[21] = 0x04;
	ck_assert_int_eq(relay_icmp(&cfg, p, mk_err(p, IP4_B, 3, 1, 0, q, 76),
				    out, &ol), 1);
	for (k = 28 + 24; k < 28 + 36; k++) {
		join(q, RR61_HDR, 28, FROM_D, 48);
		q[k] ^= 0x10;
		ck_assert_int_eq(relay_icmp(&cfg, p, mk_err(p, IP4_B, 3, 1, 0, q, 76),
					    out, &ol), 1);
	}
	join(q, RR61_HDR, 28, FROM_D, 48);
	q[9] = 41;
	ck_assert_int_eq(relay_icmp(&cfg, p, mk_err(p, IP4_B, 3, 1, 0, q, 76),
				    out, &ol), 1);
	join(q, RR61_HDR, 28, FROM_D, 48);
	ck_assert_int_eq(relay_icmp(&cfg, p, mk_err(p, IP4_B, 3, 1, 0, q, 27),
				    out, &ol), 1);
	/* every truncation */
	n = mk_err(p, IP4_B, 3, 1, 0, q, 76);
	for (k = 0; k < n; k++)
		ck_assert_int_ne(relay_icmp(&cfg, p, k, out, &ol), 0);
	/* the inner packet is an ICMPv6 error */
	q[28 + 6] = 58;
	q[28 + 40] = 1;
	n = mk_err(p, IP4_B, 3, 1, 0, q, 76);
	ck_assert_int_eq(relay_icmp(&cfg, p, n, out, &ol), V6T_E6A44_NO_ERROR);
	/* arguments */
	bad.prefix.len = 40;
	ck_assert_int_eq(v6t_6a44_relay_icmp(&bad, p, n, out, 1280, &res),
			 V6T_EINVAL);
	ck_assert_int_eq(v6t_6a44_relay_icmp(NULL, p, n, out, 1280, &res),
			 V6T_EINVAL);
	ck_assert_int_eq(v6t_6a44_relay_icmp(&cfg, NULL, n, out, 1280, &res),
			 V6T_EINVAL);
	ck_assert_int_eq(v6t_6a44_relay_icmp(&cfg, p, n, NULL, 1280, &res),
			 V6T_EINVAL);
	ck_assert_int_eq(v6t_6a44_relay_icmp(&cfg, p, n, out, 1280, NULL),
			 V6T_EINVAL);
}
END_TEST

Suite *v6t_tunnel_6a44_suite(void)
{
	Suite *s = suite_create("tunnel_6a44");
	TCase *tc = tcase_create("6a44");

	tcase_add_test(tc, test_6a44_constants_and_config);
	tcase_add_test(tc, test_6a44_strerror_distinct);
	tcase_add_test(tc, test_6a44_client_bubble_by_hand);
	tcase_add_test(tc, test_6a44_relay_bubble_answer_by_hand);
	tcase_add_test(tc, test_6a44_relay_bubble_long_and_options);
	tcase_add_test(tc, test_6a44_client_takes_bubble);
	tcase_add_test(tc, test_6a44_relay_error_bubble_by_hand);
	tcase_add_test(tc, test_6a44_client_encap_ct3_by_hand);
	tcase_add_test(tc, test_6a44_client_encap_ct2_by_hand);
	tcase_add_test(tc, test_6a44_client_encap_not_mine);
	tcase_add_test(tc, test_6a44_client_too_big);
	tcase_add_test(tc, test_6a44_client_decap_cr3_by_hand);
	tcase_add_test(tc, test_6a44_client_decap_checks);
	tcase_add_test(tc, test_6a44_client_decap_cr2);
	tcase_add_test(tc, test_6a44_relay_encap_by_hand);
	tcase_add_test(tc, test_6a44_relay_encap_checks);
	tcase_add_test(tc, test_6a44_relay_decap_by_hand);
	tcase_add_test(tc, test_6a44_relay_hairpin_by_hand);
	tcase_add_test(tc, test_6a44_relay_decap_checks);
	tcase_add_test(tc, test_6a44_round_trips);
	tcase_add_test(tc, test_6a44_every_truncation);
	tcase_add_test(tc, test_6a44_both_ends);
	tcase_add_test(tc, test_6a44_prefix_without_nat);
	tcase_add_test(tc, test_6a44_client_icmp_by_hand);
	tcase_add_test(tc, test_6a44_client_icmp_types);
	tcase_add_test(tc, test_6a44_client_icmp_errors);
	tcase_add_test(tc, test_6a44_relay_icmp_by_hand);
	tcase_add_test(tc, test_6a44_relay_icmp_errors);
	suite_add_tcase(s, tc);
	return s;
}
