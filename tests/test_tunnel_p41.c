/*
 * Protocol-41 tunnels (tunnel.h): RFC 4213 §3 (encapsulation, §3.2 MTU and
 * DF, §3.4 ICMPv4 errors, §3.6 source check), RFC 3056 / RFC 3964 §5.2,
 * §5.3 (6to4), RFC 5969 §7.2, §9.2 (6rd), RFC 5214 §7.3, §8 (ISATAP) and
 * RFC 6040 §4 (ECN). Packets are built here by hand: IPv6 header (RFC 8200
 * §3) and IPv4 header (RFC 791 §3.1), the IPv4 checksum with pb_sum16(),
 * the tests' own RFC 1071 sum, or by hand where a vector says so.
 *
 * The addresses: 9.0.0.0/8 stands for global IPv4 (the RFC 5737
 * documentation blocks are not global, which the 6to4 sanity checks of RFC
 * 3964 §5.3.1 would refuse). Us: 9.0.0.9; the configured peer, the 6rd BR
 * and the first PRL entry: 9.0.0.1.
 */
#include <stdint.h>
#include <string.h>

#include "pktbuild.h"
#include "suites.h"
#include "testutil.h"

#include <v6transit/packet.h>
#include <v6transit/tunnel.h>

static const v6t_in4 PRL[2] = { { { 9, 0, 0, 1 } }, { { 9, 0, 0, 2 } } };

/* A tunnel of mechanism mech with every check on, static MTU 1280 over an
 * IPv4 MTU of 1500. 6rd domain 2001:db8::/32, IPv4MaskLen 8, BR 9.0.0.1:
 * CE 9.a.b.c owns 2001:db8:aabb:cc00::/56 (RFC 5969 §7.1.1). ISATAP
 * prefix 2001:db8::/64. */
static void cfg_init(v6t_tun_p41_config *c, int mech)
{
	v6t_prefix6 p;
	v6t_in4 br = TU_IN4(9, 0, 0, 1);

	memset(c, 0, sizeof(*c));
	c->mech = mech;
	c->local = TU_IN4(9, 0, 0, 9);
	c->remote = TU_IN4(9, 0, 0, 1);
	c->local6 = tu_in6("2001:db8::9");
	c->mtu4 = 1500;
	c->mtu6 = 1280;
	c->df_mode = V6T_P41_DF_STATIC;
	ck_assert_int_eq(tu_parse_prefix6(&p, "2001:db8::/32"), V6T_OK);
	ck_assert_int_eq(v6t_addr_6rd_init(&c->domain, &p, 8, &br), V6T_OK);
	ck_assert_int_eq(tu_parse_prefix6(&c->isatap_prefix, "2001:db8::/64"),
			 V6T_OK);
	c->prl = PRL;
	c->prl_len = 2;
	c->flags = V6T_P41_CHK_ALL;
}

static void tun_init(v6t_tun_p41 *t, int mech)
{
	v6t_tun_p41_config c;

	cfg_init(&c, mech);
	ck_assert_int_eq(v6t_tun_p41_init(t, &c), V6T_OK);
}

/* IPv6 header (Traffic Class tc, Next Header nh, Hop Limit 64) and plen
 * payload bytes of 0xab at p; returns 40 + plen. */
static size_t mk6(uint8_t *p, unsigned tc, const char *src, const char *dst,
		  unsigned nh, size_t plen)
{
	v6t_in6 s = tu_in6(src), d = tu_in6(dst);

	p[0] = (uint8_t)(0x60 | tc >> 4);
	p[1] = (uint8_t)((tc & 0xf) << 4);
	p[2] = p[3] = 0;
	p[4] = (uint8_t)(plen >> 8);
	p[5] = (uint8_t)plen;
	p[6] = (uint8_t)nh;
	p[7] = 64;
	memcpy(p + 8, s.b, 16);
	memcpy(p + 24, d.b, 16);
	memset(p + 40, 0xab, plen);
	return 40 + plen;
}

/* IPv4 header (TOS tos, ID 1, TTL 64, protocol proto, checksum by
 * pb_sum16) at p, followed by the n bytes already at p + 20; returns
 * 20 + n. */
static size_t mk4(uint8_t *p, unsigned tos, const char *src, const char *dst,
		  unsigned proto, size_t n)
{
	v6t_in4 s = tu_in4(src), d = tu_in4(dst);
	uint32_t sum;

	memset(p, 0, 20);
	p[0] = 0x45;
	p[1] = (uint8_t)tos;
	p[2] = (uint8_t)((n + 20) >> 8);
	p[3] = (uint8_t)(n + 20);
	p[5] = 1;
	p[8] = 64;
	p[9] = (uint8_t)proto;
	memcpy(p + 12, s.b, 4);
	memcpy(p + 16, d.b, 4);
	sum = pb_sum16(0, p, 20);
	p[10] = (uint8_t)(~sum >> 8);
	p[11] = (uint8_t)~sum;
	return 20 + n;
}

/* A protocol-41 packet: outer src4 -> dst4 with TOS tos, inner src6 ->
 * dst6 with Traffic Class tc and No Next Header. */
static size_t mk41(uint8_t *p, unsigned tos, const char *src4,
		   const char *dst4, unsigned tc, const char *src6,
		   const char *dst6)
{
	size_t n = mk6(p + 20, tc, src6, dst6, 59, 0);

	return mk4(p, tos, src4, dst4, 41, n);
}

/* Decapsulate; the reason on DROP (the packet must be untouched), 0 on
 * FORWARD, 1 on NOT_MINE. */
static int decap(const v6t_tun_p41 *t, uint8_t *p, size_t n)
{
	uint8_t copy[2048];
	v6t_tun_result r;

	memcpy(copy, p, n);
	ck_assert_int_eq(v6t_tun_p41_decap(t, p, n, &r), V6T_OK);
	if (r.verdict == V6T_TUN_FORWARD) {
		ck_assert_ptr_eq(r.data, p + 20);
		ck_assert_uint_eq(r.len, n - 20);
		return 0;
	}
	ck_assert_mem_eq(p, copy, n);
	if (r.verdict == V6T_TUN_NOT_MINE)
		return 1;
	ck_assert_int_eq(r.verdict, V6T_TUN_DROP);
	ck_assert_int_lt(r.reason, 0);
	return r.reason;
}

/*
 * RFC 4213 §3.5 encapsulation by hand. Inner: 2001:db8::1 -> 2001:db8::2,
 * Traffic Class 0xb9 (DSCP 46 EF, ECN 01 ECT(1)), no payload: 40 bytes.
 * Outer, static MTU (§3.2.1: DF MUST NOT be set): 45 b9 (TOS = Traffic
 * Class: RFC 6040 §4.1 normal mode copies ECN, and the DSCP is copied),
 * Total Length 60 = 00 3c, ID 7, flags 0, TTL 64 = 40, protocol 41 = 29,
 * 9.0.0.9 -> 9.0.0.1. Checksum: 45b9 + 003c + 0007 + 0000 + 4029 + 0900 +
 * 0009 + 0900 + 0001 = 982f (no carry), complement 67d0.
 */
START_TEST(test_p41_encap_by_hand)
{
	static const uint8_t hdr[20] = {
		0x45, 0xb9, 0x00, 0x3c, 0x00, 0x07, 0x00, 0x00, 0x40, 0x29,
		0x67, 0xd0, 9, 0, 0, 9, 9, 0, 0, 1,
	};
	uint8_t in[64], out[128];
	v6t_tun_p41 t;
	v6t_tun_result r;
	size_t n;

	tun_init(&t, V6T_P41_CONFIGURED);
	n = mk6(in, 0xb9, "2001:db8::1", "2001:db8::2", 59, 0);
	ck_assert_int_eq(v6t_tun_p41_encap(&t, in, n, 7, out, sizeof(out), &r),
			 V6T_OK);
	ck_assert_int_eq(r.verdict, V6T_TUN_FORWARD);
	ck_assert_ptr_eq(r.data, out);
	ck_assert_uint_eq(r.len, 60);
	ck_assert_mem_eq(out, hdr, 20);
	ck_assert_mem_eq(out + 20, in, 40);
	/* In place: the same bytes written into the headroom. */
	memset(out, 0xee, 20);
	memcpy(out + 20, in, 40);
	ck_assert_int_eq(v6t_tun_p41_encap_inplace(&t, out, sizeof(out), 40, 7,
						   &r), V6T_OK);
	ck_assert_int_eq(r.verdict, V6T_TUN_FORWARD);
	ck_assert_ptr_eq(r.data, out);
	ck_assert_uint_eq(r.len, 60);
	ck_assert_mem_eq(out, hdr, 20);
	ck_assert_mem_eq(out + 20, in, 40);
	ck_assert_int_eq(v6t_tun_p41_encap_inplace(&t, out, 59, 40, 7, &r),
			 V6T_EINVAL);
	/* Too small a buffer: 59 bytes. */
	ck_assert_int_eq(v6t_tun_p41_encap(&t, in, n, 7, out, 59, &r),
			 V6T_ENOSPC);
	/* Not IPv6, or truncated. */
	memcpy(out, in, 40); /* an IPv4 packet of 20 bytes: not IPv6 */
	n = mk4(out, 0, "9.0.0.1", "9.0.0.9", 41, 0);
	ck_assert_int_eq(v6t_tun_p41_encap(&t, out, n, 7, out + 64, 64, &r),
			 V6T_EPKT_VERSION);
	n = 40;
	ck_assert_int_eq(v6t_tun_p41_encap(&t, in, 39, 7, out, sizeof(out), &r),
			 V6T_EPKT_SHORT);
}
END_TEST

/*
 * §3.2.2 dynamic MTU over an IPv4 path MTU of 1500: DF set. The same
 * header as above with 40 00 in the flags word: 982f + 4000 = d82f,
 * checksum 27d0. With V6T_P41_OPT_DSCP_FIXED and DSCP 0 the TOS is the
 * ECN bits alone, 01: 982f - b8 = 9777, checksum 6888 (DF clear again,
 * static).
 */
START_TEST(test_p41_encap_df_and_dscp)
{
	uint8_t in[64], out[128];
	v6t_tun_p41_config c;
	v6t_tun_p41 t;
	v6t_tun_result r;
	size_t n = mk6(in, 0xb9, "2001:db8::1", "2001:db8::2", 59, 0);

	cfg_init(&c, V6T_P41_CONFIGURED);
	c.df_mode = V6T_P41_DF_DYNAMIC;
	ck_assert_int_eq(v6t_tun_p41_init(&t, &c), V6T_OK);
	ck_assert_uint_eq(v6t_tun_p41_mtu(&t), 1480);
	ck_assert_int_eq(v6t_tun_p41_encap(&t, in, n, 7, out, sizeof(out), &r),
			 V6T_OK);
	ck_assert_uint_eq(out[6], 0x40);
	ck_assert_uint_eq(out[7], 0x00);
	ck_assert_uint_eq(out[10], 0x27);
	ck_assert_uint_eq(out[11], 0xd0);

	cfg_init(&c, V6T_P41_CONFIGURED);
	c.flags |= V6T_P41_OPT_DSCP_FIXED;
	c.dscp = 0;
	c.ttl = 64;
	ck_assert_int_eq(v6t_tun_p41_init(&t, &c), V6T_OK);
	ck_assert_int_eq(v6t_tun_p41_encap(&t, in, n, 7, out, sizeof(out), &r),
			 V6T_OK);
	ck_assert_uint_eq(out[1], 0x01);
	ck_assert_uint_eq(out[6], 0x00);
	ck_assert_uint_eq(out[10], 0x68);
	ck_assert_uint_eq(out[11], 0x88);
}
END_TEST

/* The outer destination of each mechanism: bytes 16..19 of the result. */
static int route(int mech, const char *dst6, v6t_in4 *dst4, int zero_remote)
{
	uint8_t in[64], out[128];
	v6t_tun_p41_config c;
	v6t_tun_p41 t;
	v6t_tun_result r;
	size_t n = mk6(in, 0, "2001:db8::9", dst6, 59, 0);

	cfg_init(&c, mech);
	if (zero_remote)
		memset(c.remote.b, 0, 4);
	ck_assert_int_eq(v6t_tun_p41_init(&t, &c), V6T_OK);
	ck_assert_int_eq(v6t_tun_p41_encap(&t, in, n, 1, out, sizeof(out), &r),
			 V6T_OK);
	if (r.verdict != V6T_TUN_FORWARD) {
		ck_assert_int_eq(r.verdict, V6T_TUN_DROP);
		return r.reason;
	}
	memcpy(dst4->b, out + 16, 4);
	return 0;
}

START_TEST(test_p41_encap_routes)
{
	v6t_in4 d;

	/* RFC 3056 §2: 2002:0901:0203::/48 is 9.1.2.3's. */
	ck_assert_int_eq(route(V6T_P41_6TO4, "2002:901:203::1", &d, 0), 0);
	ck_assert_mem_eq(d.b, "\x09\x01\x02\x03", 4);
	/* A native destination goes to the relay; without one, no route. */
	ck_assert_int_eq(route(V6T_P41_6TO4, "2001:4860::1", &d, 0), 0);
	ck_assert_mem_eq(d.b, "\x09\x00\x00\x01", 4);
	ck_assert_int_eq(route(V6T_P41_6TO4, "2001:4860::1", &d, 1),
			 V6T_ETUN41_NO_ROUTE);
	/* RFC 5969 §7.2: 2001:db8:0102:0300::/56 belongs to CE 9.1.2.3 (the
	 * BR's high 8 bits, 9, then 01 02 03). */
	ck_assert_int_eq(route(V6T_P41_6RD_CE, "2001:db8:102:300::1", &d, 0), 0);
	ck_assert_mem_eq(d.b, "\x09\x01\x02\x03", 4);
	ck_assert_int_eq(route(V6T_P41_6RD_BR, "2001:db8:102:300::1", &d, 0), 0);
	ck_assert_mem_eq(d.b, "\x09\x01\x02\x03", 4);
	/* Outside the domain: a CE sends to the BR, a BR has no route. */
	ck_assert_int_eq(route(V6T_P41_6RD_CE, "2001:4860::1", &d, 0), 0);
	ck_assert_mem_eq(d.b, "\x09\x00\x00\x01", 4);
	ck_assert_int_eq(route(V6T_P41_6RD_BR, "2001:4860::1", &d, 0),
			 V6T_ETUN41_NO_ROUTE);
	/* RFC 5214 §6.1: ::0200:5efe:0900:0005 embeds 9.0.0.5; on-link. */
	ck_assert_int_eq(route(V6T_P41_ISATAP, "2001:db8::200:5efe:900:5", &d, 0), 0);
	ck_assert_mem_eq(d.b, "\x09\x00\x00\x05", 4);
	/* RFC 5214 §7.4: the link-local ISATAP address fe80::/64 with the
	 * same identifier is on-link too; fe80::1 is not ISATAP: the router. */
	ck_assert_int_eq(route(V6T_P41_ISATAP, "fe80::200:5efe:900:6", &d, 0), 0);
	ck_assert_mem_eq(d.b, "\x09\x00\x00\x06", 4);
	ck_assert_int_eq(route(V6T_P41_ISATAP, "fe80::1", &d, 0), 0);
	ck_assert_mem_eq(d.b, "\x09\x00\x00\x01", 4);
	/* Off-link: the router; without one, no route. */
	ck_assert_int_eq(route(V6T_P41_ISATAP, "2001:db9::200:5efe:900:5", &d, 0), 0);
	ck_assert_mem_eq(d.b, "\x09\x00\x00\x01", 4);
	ck_assert_int_eq(route(V6T_P41_ISATAP, "2001:4860::1", &d, 1),
			 V6T_ETUN41_NO_ROUTE);
	/* Configured: always the peer. */
	ck_assert_int_eq(route(V6T_P41_CONFIGURED, "2002:901:203::1", &d, 0), 0);
	ck_assert_mem_eq(d.b, "\x09\x00\x00\x01", 4);
}
END_TEST

/*
 * RFC 4213 §3.2: a packet over the tunnel MTU gets a Packet Too Big.
 * Static MTU 1280, packet of 1281 bytes: error from 2001:db8::9 to the
 * inner source, type 2 code 0, MTU 1280 = 00 00 05 00, quoting as much of
 * the packet as fits 1280 bytes (RFC 4443 §3.2): 1280 - 48 = 1232.
 */
START_TEST(test_p41_too_big_static)
{
	static uint8_t in[1400], out[1400];
	v6t_tun_p41 t;
	v6t_tun_result r;
	v6t_in6 a = tu_in6("2001:db8::9"), s = tu_in6("2001:db8::1");
	size_t n;

	tun_init(&t, V6T_P41_CONFIGURED);
	n = mk6(in, 0, "2001:db8::1", "2001:db8::2", 59, 1241);
	ck_assert_uint_eq(n, 1281);
	ck_assert_int_eq(v6t_tun_p41_encap(&t, in, n, 1, out, sizeof(out), &r),
			 V6T_OK);
	ck_assert_int_eq(r.verdict, V6T_TUN_ICMP_ERROR);
	ck_assert_int_eq(r.reason, V6T_ETUN41_TOO_BIG);
	ck_assert_uint_eq(r.len, 1280);
	ck_assert_uint_eq(out[6], 58);
	ck_assert_mem_eq(out + 8, a.b, 16);
	ck_assert_mem_eq(out + 24, s.b, 16);
	ck_assert_uint_eq(out[40], 2);
	ck_assert_uint_eq(out[41], 0);
	ck_assert_mem_eq(out + 44, "\x00\x00\x05\x00", 4);
	ck_assert_mem_eq(out + 48, in, 1232);
	/* The same error built in place over the packet. */
	{
		static uint8_t b[1400];

		memcpy(b + 20, in, n);
		ck_assert_int_eq(v6t_tun_p41_encap_inplace(&t, b, sizeof(b), n,
							   1, &r), V6T_OK);
		ck_assert_int_eq(r.verdict, V6T_TUN_ICMP_ERROR);
		ck_assert_uint_eq(r.len, 1280);
		ck_assert_mem_eq(b, out, 1280);
	}
	/* 1280 bytes pass (DF clear, 1300 <= 1500). */
	n = mk6(in, 0, "2001:db8::1", "2001:db8::2", 59, 1240);
	ck_assert_int_eq(v6t_tun_p41_encap(&t, in, n, 1, out, sizeof(out), &r),
			 V6T_OK);
	ck_assert_int_eq(r.verdict, V6T_TUN_FORWARD);
	ck_assert_uint_eq(r.len, 1300);
	/* RFC 4443 §2.4 (e.6): no error to the unspecified source: drop. */
	n = mk6(in, 0, "::", "2001:db8::2", 59, 1241);
	ck_assert_int_eq(v6t_tun_p41_encap(&t, in, n, 1, out, sizeof(out), &r),
			 V6T_OK);
	ck_assert_int_eq(r.verdict, V6T_TUN_DROP);
	ck_assert_int_eq(r.reason, V6T_ETUN41_TOO_BIG);
}
END_TEST

/*
 * RFC 4213 §3.2.2 with path MTU 1400: tunnel MTU 1380, DF set; 1381 bytes
 * get Packet Too Big 1380 (00 00 05 64). With path MTU 1200 (1180 < 1280):
 * tunnel MTU 1280; 1281 bytes get Packet Too Big 1280; 1280 bytes go
 * without DF and, 1300 > 1200, are fragmented here (RFC 791 §3.2): data
 * per fragment (1200 - 20) rounded down to 8 = 1176, so two fragments:
 * 20 + 1176 = 1196 bytes with MF, offset 0; 20 + 104 = 124 bytes, offset
 * 1176 / 8 = 147 (00 93), MF clear.
 */
START_TEST(test_p41_dynamic_mtu)
{
	static uint8_t in[1400], out[1400], f[1400];
	v6t_tun_p41_config c;
	v6t_tun_p41 t;
	v6t_tun_result r;
	size_t n, fl;

	cfg_init(&c, V6T_P41_CONFIGURED);
	c.df_mode = V6T_P41_DF_DYNAMIC;
	c.mtu4 = 1400;
	ck_assert_int_eq(v6t_tun_p41_init(&t, &c), V6T_OK);
	ck_assert_uint_eq(v6t_tun_p41_mtu(&t), 1380);
	n = mk6(in, 0, "2001:db8::1", "2001:db8::2", 59, 1341);
	ck_assert_int_eq(v6t_tun_p41_encap(&t, in, n, 1, out, sizeof(out), &r),
			 V6T_OK);
	ck_assert_int_eq(r.verdict, V6T_TUN_ICMP_ERROR);
	ck_assert_mem_eq(out + 44, "\x00\x00\x05\x64", 4);
	n = mk6(in, 0, "2001:db8::1", "2001:db8::2", 59, 1340);
	ck_assert_int_eq(v6t_tun_p41_encap(&t, in, n, 1, out, sizeof(out), &r),
			 V6T_OK);
	ck_assert_int_eq(r.verdict, V6T_TUN_FORWARD);
	ck_assert_uint_eq(r.len, 1400);
	ck_assert_uint_eq(out[6], 0x40);

	c.mtu4 = 1200;
	ck_assert_int_eq(v6t_tun_p41_init(&t, &c), V6T_OK);
	ck_assert_uint_eq(v6t_tun_p41_mtu(&t), 1280);
	n = mk6(in, 0, "2001:db8::1", "2001:db8::2", 59, 1241);
	ck_assert_int_eq(v6t_tun_p41_encap(&t, in, n, 1, out, sizeof(out), &r),
			 V6T_OK);
	ck_assert_int_eq(r.verdict, V6T_TUN_ICMP_ERROR);
	ck_assert_mem_eq(out + 44, "\x00\x00\x05\x00", 4);
	n = mk6(in, 0, "2001:db8::1", "2001:db8::2", 59, 1240);
	ck_assert_int_eq(v6t_tun_p41_encap(&t, in, n, 9, out, sizeof(out), &r),
			 V6T_OK);
	ck_assert_int_eq(r.verdict, V6T_TUN_FRAGMENTS);
	ck_assert_uint_eq(r.count, 2);
	ck_assert_uint_eq(out[6], 0x00); /* no DF */
	ck_assert_int_eq(v6t_tun_p41_fragment(&r, f, sizeof(f), &fl), V6T_OK);
	ck_assert_uint_eq(fl, 1196);
	ck_assert_mem_eq(f + 4, "\x00\x09\x20\x00", 4); /* ID 9, MF, offset 0 */
	ck_assert_mem_eq(f + 20, in, 1176);
	ck_assert_int_eq(v6t_tun_p41_fragment(&r, f, sizeof(f), &fl), V6T_OK);
	ck_assert_uint_eq(fl, 124);
	ck_assert_mem_eq(f + 4, "\x00\x09\x00\x93", 4);
	ck_assert_mem_eq(f + 20, in + 1176, 104);
	ck_assert_int_eq(v6t_tun_p41_fragment(&r, f, sizeof(f), &fl), 1);
	r.verdict = V6T_TUN_FORWARD;
	ck_assert_int_eq(v6t_tun_p41_fragment(&r, f, sizeof(f), &fl), V6T_EINVAL);
}
END_TEST

/*
 * RFC 6040 §4.2, every cell (0 Not-ECT, 1 ECT(1), 2 ECT(0), 3 CE):
 *   inner \ outer  Not-ECT ECT(0) ECT(1) CE
 *   Not-ECT        Not-ECT Not-ECT Not-ECT drop
 *   ECT(0)         ECT(0)  ECT(0)  ECT(1)  CE
 *   ECT(1)         ECT(1)  ECT(1)  ECT(1)  CE
 *   CE             CE      CE      CE      CE
 */
START_TEST(test_p41_ecn_table)
{
	/* want[inner][outer], indexed by the ECN codepoint values */
	static const int want[4][4] = {
		{ 0, 0, 0, -1 }, /* Not-ECT: outer Not-ECT, ECT(1), ECT(0), CE */
		{ 1, 1, 1, 3 },  /* ECT(1) */
		{ 2, 1, 2, 3 },  /* ECT(0): under outer ECT(1) it becomes ECT(1) */
		{ 3, 3, 3, 3 },  /* CE */
	};
	unsigned i, o;

	for (i = 0; i < 4; i++)
		for (o = 0; o < 4; o++)
			ck_assert_int_eq(v6t_tun_ecn_egress(i, o), want[i][o]);
	/* Only the low two bits count. */
	ck_assert_int_eq(v6t_tun_ecn_egress(0xfe, 0x05), 1);
}
END_TEST

/* The ECN outcome applied by decapsulation, DSCP of the inner kept. */
START_TEST(test_p41_decap_ecn)
{
	uint8_t p[128];
	v6t_tun_p41 t;
	size_t n;

	tun_init(&t, V6T_P41_CONFIGURED);
	/* inner TC 0xb8|2 (EF, ECT(0)), outer CE: inner becomes 0xbb, so
	 * bytes 0..1 of the IPv6 header are 6b b0. */
	n = mk41(p, 0x03, "9.0.0.1", "9.0.0.9", 0xba, "2001:db8::1",
		 "2001:db8::2");
	ck_assert_int_eq(decap(&t, p, n), 0);
	ck_assert_uint_eq(p[20], 0x6b);
	ck_assert_uint_eq(p[21], 0xb0);
	/* inner ECT(0), outer ECT(1): ECT(1), 0xb9: 6b 90. */
	n = mk41(p, 0x01, "9.0.0.1", "9.0.0.9", 0xba, "2001:db8::1",
		 "2001:db8::2");
	ck_assert_int_eq(decap(&t, p, n), 0);
	ck_assert_uint_eq(p[21], 0x90);
	/* inner Not-ECT, outer CE: MUST drop. */
	n = mk41(p, 0x03, "9.0.0.1", "9.0.0.9", 0xb8, "2001:db8::1",
		 "2001:db8::2");
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_ECN_DROP);
	/* The outer DSCP is not copied in: inner 0x00 under outer 0xb8. */
	n = mk41(p, 0xb8, "9.0.0.1", "9.0.0.9", 0x00, "2001:db8::1",
		 "2001:db8::2");
	ck_assert_int_eq(decap(&t, p, n), 0);
	ck_assert_uint_eq(p[20], 0x60);
	ck_assert_uint_eq(p[21], 0x00);
}
END_TEST

START_TEST(test_p41_decap_configured)
{
	uint8_t p[128];
	v6t_tun_p41_config c;
	v6t_tun_p41 t;
	size_t n;

	tun_init(&t, V6T_P41_CONFIGURED);
	n = mk41(p, 0, "9.0.0.1", "9.0.0.9", 0, "2001:db8::1", "2001:db8::2");
	ck_assert_int_eq(decap(&t, p, n), 0);
	/* RFC 4213 §3.6: another source than the peer. */
	n = mk41(p, 0, "9.0.0.2", "9.0.0.9", 0, "2001:db8::1", "2001:db8::2");
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_PEER);
	/* Not to our address. */
	n = mk41(p, 0, "9.0.0.1", "9.0.0.8", 0, "2001:db8::1", "2001:db8::2");
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_LOCAL);
	/* Checks off: both pass. */
	cfg_init(&c, V6T_P41_CONFIGURED);
	c.flags = 0;
	ck_assert_int_eq(v6t_tun_p41_init(&t, &c), V6T_OK);
	n = mk41(p, 0, "9.0.0.2", "9.0.0.8", 0, "2001:db8::1", "2001:db8::2");
	ck_assert_int_eq(decap(&t, p, n), 0);
}
END_TEST

/* Bad input: truncated outer and inner headers, lengths that disagree,
 * fragments, wrong versions, nested tunnels. */
START_TEST(test_p41_decap_bad_input)
{
	uint8_t p[128];
	v6t_tun_p41_config c;
	v6t_tun_p41 t;
	v6t_tun_result r;
	size_t n;

	tun_init(&t, V6T_P41_CONFIGURED);
	n = mk41(p, 0, "9.0.0.1", "9.0.0.9", 0, "2001:db8::1", "2001:db8::2");
	ck_assert_int_eq(decap(&t, p, 0), 1);            /* empty */
	ck_assert_int_eq(decap(&t, p + 20, 40), 1);      /* IPv6, not IPv4 */
	ck_assert_int_eq(decap(&t, p, 19), V6T_EPKT_SHORT); /* outer cut */
	ck_assert_int_eq(decap(&t, p, 59), V6T_EPKT_SHORT); /* Total Length past */
	p[0] = 0x44; /* IHL 4 */
	ck_assert_int_eq(decap(&t, p, n), V6T_EPKT_IPV4_HEADER);
	p[0] = 0x45;
	p[10] ^= 1; /* checksum */
	ck_assert_int_eq(decap(&t, p, n), V6T_EPKT_IPV4_CHECKSUM);
	p[10] ^= 1;
	/* Not protocol 41 (4, IPv4 in IPv4). */
	n = mk41(p, 0, "9.0.0.1", "9.0.0.9", 0, "2001:db8::1", "2001:db8::2");
	p[9] = 4;
	p[10] = p[11] = 0;
	n = mk4(p, 0, "9.0.0.1", "9.0.0.9", 4, 40);
	ck_assert_int_eq(decap(&t, p, n), 1);
	/* A fragment (MF set). */
	mk6(p + 20, 0, "2001:db8::1", "2001:db8::2", 59, 0);
	n = mk4(p, 0, "9.0.0.1", "9.0.0.9", 41, 40);
	p[6] = 0x20;
	p[10] = p[11] = 0;
	{
		uint32_t s = pb_sum16(0, p, 20);

		p[10] = (uint8_t)(~s >> 8);
		p[11] = (uint8_t)~s;
	}
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_FRAGMENT);
	/* No payload at all; an IPv4 payload. */
	n = mk4(p, 0, "9.0.0.1", "9.0.0.9", 41, 0);
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_INNER_VERSION);
	memcpy(p + 20, p, 20);
	n = mk4(p, 0, "9.0.0.1", "9.0.0.9", 41, 20);
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_INNER_VERSION);
	/* Inner IPv6 header cut at 30 bytes. */
	mk6(p + 20, 0, "2001:db8::1", "2001:db8::2", 59, 0);
	n = mk4(p, 0, "9.0.0.1", "9.0.0.9", 41, 30);
	ck_assert_int_eq(decap(&t, p, n), V6T_EPKT_SHORT);
	/* Inner Payload Length 8 but the outer carries only 40 + 4. */
	mk6(p + 20, 0, "2001:db8::1", "2001:db8::2", 59, 8);
	n = mk4(p, 0, "9.0.0.1", "9.0.0.9", 41, 44);
	ck_assert_int_eq(decap(&t, p, n), V6T_EPKT_SHORT);
	/* Inner Payload Length 0 but the outer carries 40 + 8: disagree. */
	mk6(p + 20, 0, "2001:db8::1", "2001:db8::2", 59, 8);
	p[25] = 0;
	n = mk4(p, 0, "9.0.0.1", "9.0.0.9", 41, 48);
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_LENGTH);
	/* Link padding past the outer Total Length is not the inner's. */
	mk6(p + 20, 0, "2001:db8::1", "2001:db8::2", 59, 0);
	n = mk4(p, 0, "9.0.0.1", "9.0.0.9", 41, 40);
	ck_assert_int_eq(v6t_tun_p41_decap(&t, p, n + 6, &r), V6T_OK);
	ck_assert_int_eq(r.verdict, V6T_TUN_FORWARD);
	ck_assert_uint_eq(r.len, 40);
	/* Nested: IPv6 in IPv6 (41) and IPv4 in IPv6 (4) inside. */
	mk6(p + 20, 0, "2001:db8::1", "2001:db8::2", 41, 40);
	mk6(p + 60, 0, "2001:db8::3", "2001:db8::4", 59, 0);
	n = mk4(p, 0, "9.0.0.1", "9.0.0.9", 41, 80);
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_NESTED);
	p[26] = 4;
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_NESTED);
	cfg_init(&c, V6T_P41_CONFIGURED);
	c.flags &= ~V6T_P41_CHK_NESTED;
	ck_assert_int_eq(v6t_tun_p41_init(&t, &c), V6T_OK);
	ck_assert_int_eq(decap(&t, p, n), 0);
}
END_TEST

/* RFC 3964 §5.2 and §5.3 at a 6to4 router/relay 9.0.0.9 (its site
 * 2002:0900:0009::/48). */
START_TEST(test_p41_decap_6to4)
{
	uint8_t p[128];
	v6t_tun_p41_config c;
	v6t_tun_p41 t;
	size_t n;

	tun_init(&t, V6T_P41_6TO4);
	/* 6to4 to 6to4, both embedded addresses equal the outer ones. */
	n = mk41(p, 0, "9.1.2.3", "9.0.0.9", 0, "2002:901:203::1",
		 "2002:900:9::1");
	ck_assert_int_eq(decap(&t, p, n), 0);
	/* The destination embeds 9.0.0.8, not the outer 9.0.0.9 (LOCAL off
	 * so that the 6to4 rule is the one seen). */
	cfg_init(&c, V6T_P41_6TO4);
	c.flags &= ~V6T_P41_CHK_LOCAL;
	ck_assert_int_eq(v6t_tun_p41_init(&t, &c), V6T_OK);
	n = mk41(p, 0, "9.1.2.3", "9.0.0.9", 0, "2002:901:203::1",
		 "2002:900:8::1");
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_6TO4_DST);
	/* The source embeds 9.1.2.4, not the outer 9.1.2.3. */
	n = mk41(p, 0, "9.1.2.3", "9.0.0.9", 0, "2002:901:204::1",
		 "2002:900:9::1");
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_6TO4_SRC);
	/* A relay's packet: native source, 6to4 destination: accepted (the
	 * spoofing RFC 3964 §6.2 says cannot be checked). */
	n = mk41(p, 0, "9.1.2.3", "9.0.0.9", 0, "2001:4860::1",
		 "2002:900:9::1");
	ck_assert_int_eq(decap(&t, p, n), 0);
	/* Native to native: drop. */
	n = mk41(p, 0, "9.1.2.3", "9.0.0.9", 0, "2001:4860::1",
		 "2001:4860::2");
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_6TO4_NATIVE);
	/* To a relay: 6to4 source, native destination: a router that is not
	 * a relay refuses it. */
	n = mk41(p, 0, "9.1.2.3", "9.0.0.9", 0, "2002:901:203::1",
		 "2001:4860::1");
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_6TO4_RELAY);
	c.flags &= ~V6T_P41_CHK_6TO4_NOT_RELAY;
	ck_assert_int_eq(v6t_tun_p41_init(&t, &c), V6T_OK);
	ck_assert_int_eq(decap(&t, p, n), 0);
	/* §5.3.1: outer source 10.0.0.1 (private). */
	n = mk41(p, 0, "10.0.0.1", "9.0.0.9", 0, "2002:a00:1::1",
		 "2002:900:9::1");
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_6TO4_V4);
	/* §5.3.2: a link-local inner source; a multicast destination; a
	 * 2002:V4ADDR source with V4ADDR 127.0.0.1. */
	n = mk41(p, 0, "9.1.2.3", "9.0.0.9", 0, "fe80::1", "2002:900:9::1");
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_6TO4_V6);
	n = mk41(p, 0, "9.1.2.3", "9.0.0.9", 0, "2002:901:203::1", "ff0e::1");
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_6TO4_V6);
	n = mk41(p, 0, "9.1.2.3", "9.0.0.9", 0, "2002:7f00:1::1",
		 "2002:900:9::1");
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_6TO4_V6);
	n = mk41(p, 0, "9.1.2.3", "9.0.0.9", 0, "::1", "2002:900:9::1");
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_6TO4_V6);
}
END_TEST

/* RFC 5969 §9.2 at a CE and a BR of 2001:db8::/32, IPv4MaskLen 8. */
START_TEST(test_p41_decap_6rd)
{
	uint8_t p[128];
	v6t_tun_p41 t;
	size_t n;

	tun_init(&t, V6T_P41_6RD_CE);
	/* From the BR 9.0.0.1, any source (a CE MUST allow it). */
	n = mk41(p, 0, "9.0.0.1", "9.0.0.9", 0, "2001:4860::1",
		 "2001:db8:0:900::1");
	ck_assert_int_eq(decap(&t, p, n), 0);
	/* From CE 9.1.2.3 with a source of its 2001:db8:102:300::/56. */
	n = mk41(p, 0, "9.1.2.3", "9.0.0.9", 0, "2001:db8:102:300::1",
		 "2001:db8:0:900::1");
	ck_assert_int_eq(decap(&t, p, n), 0);
	/* From 9.1.2.4 with 9.1.2.3's source: spoofed. */
	n = mk41(p, 0, "9.1.2.4", "9.0.0.9", 0, "2001:db8:102:300::1",
		 "2001:db8:0:900::1");
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_6RD_SRC);
	/* A native source from a CE, not the BR. */
	n = mk41(p, 0, "9.1.2.3", "9.0.0.9", 0, "2001:4860::1",
		 "2001:db8:0:900::1");
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_6RD_SRC);

	tun_init(&t, V6T_P41_6RD_BR);
	n = mk41(p, 0, "9.1.2.3", "9.0.0.9", 0, "2001:db8:102:300::1",
		 "2001:4860::1");
	ck_assert_int_eq(decap(&t, p, n), 0);
	n = mk41(p, 0, "9.1.2.4", "9.0.0.9", 0, "2001:db8:102:300::1",
		 "2001:4860::1");
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_6RD_SRC);
	/* At a BR the BR's own address is no exception. */
	n = mk41(p, 0, "9.0.0.1", "9.0.0.9", 0, "2001:4860::1",
		 "2001:4860::2");
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_6RD_SRC);
}
END_TEST

/* RFC 5214 §7.3, PRL {9.0.0.1, 9.0.0.2}. */
START_TEST(test_p41_decap_isatap)
{
	uint8_t p[128];
	v6t_tun_p41 t;
	size_t n;

	tun_init(&t, V6T_P41_ISATAP);
	/* Source ::0200:5efe:9.0.0.5 from 9.0.0.5. */
	n = mk41(p, 0, "9.0.0.5", "9.0.0.9", 0, "2001:db8::200:5efe:900:5",
		 "2001:db8::200:5efe:900:9");
	ck_assert_int_eq(decap(&t, p, n), 0);
	/* The same source from 9.0.0.6. */
	n = mk41(p, 0, "9.0.0.6", "9.0.0.9", 0, "2001:db8::200:5efe:900:5",
		 "2001:db8::200:5efe:900:9");
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_ISATAP_SRC);
	/* A native source from the second PRL member; from a non-member. */
	n = mk41(p, 0, "9.0.0.2", "9.0.0.9", 0, "2001:4860::1",
		 "2001:db8::200:5efe:900:9");
	ck_assert_int_eq(decap(&t, p, n), 0);
	n = mk41(p, 0, "9.0.0.3", "9.0.0.9", 0, "2001:4860::1",
		 "2001:db8::200:5efe:900:9");
	ck_assert_int_eq(decap(&t, p, n), V6T_ETUN41_ISATAP_SRC);
}
END_TEST

/*
 * RFC 4213 §3.4: an ICMPv4 error from router 9.9.9.9 to us, quoting our
 * tunnel packet 9.0.0.9 -> 9.0.0.1 carrying 2001:db8::1 -> 2001:db8::2
 * (No Next Header, 8 payload bytes). qlen bytes of the inner packet are
 * quoted. Type/code/next-hop MTU as given.
 */
static size_t mk_icmp4(uint8_t *p, unsigned type, unsigned code,
		       unsigned mtu, const char *src6, const char *tsrc4,
		       size_t qlen)
{
	uint8_t *ic = p + 20;
	uint32_t s;

	mk6(ic + 28, 0, src6, "2001:db8::2", 59, 8);
	mk4(ic + 8, 0, tsrc4, "9.0.0.1", 41, 48); /* quoted header says 68 */
	memset(ic, 0, 8);
	ic[0] = (uint8_t)type;
	ic[1] = (uint8_t)code;
	ic[6] = (uint8_t)(mtu >> 8);
	ic[7] = (uint8_t)mtu;
	s = pb_sum16(0, ic, 28 + qlen);
	ic[2] = (uint8_t)(~s >> 8);
	ic[3] = (uint8_t)~s;
	return mk4(p, 0, "9.9.9.9", "9.0.0.9", 1, 28 + qlen);
}

static int relay(const v6t_tun_p41 *t, const uint8_t *p, size_t n,
		 uint8_t *out, size_t *outlen)
{
	v6t_tun_result r;

	ck_assert_int_eq(v6t_tun_p41_icmp_relay(t, p, n, out, 1280, &r), V6T_OK);
	if (r.verdict == V6T_TUN_ICMP_ERROR) {
		ck_assert_ptr_eq(r.data, out);
		*outlen = r.len;
		return 0;
	}
	if (r.verdict == V6T_TUN_NOT_MINE)
		return 1;
	ck_assert_int_eq(r.verdict, V6T_TUN_DROP);
	return r.reason;
}

START_TEST(test_p41_icmp_relay)
{
	uint8_t p[256], out[1280];
	v6t_tun_p41 t;
	v6t_in6 me = tu_in6("2001:db8::9"), src = tu_in6("2001:db8::1");
	size_t n, ol = 0;

	tun_init(&t, V6T_P41_CONFIGURED);
	/* Fragmentation Needed, next-hop MTU 1400: Packet Too Big with
	 * 1400 - 20 = 1380 (00 00 05 64), from us to 2001:db8::1, quoting
	 * the 48 quoted inner bytes: 40 + 8 + 48 = 96 bytes. */
	n = mk_icmp4(p, 3, 4, 1400, "2001:db8::1", "9.0.0.9", 48);
	ck_assert_int_eq(relay(&t, p, n, out, &ol), 0);
	ck_assert_uint_eq(ol, 96);
	ck_assert_mem_eq(out + 8, me.b, 16);
	ck_assert_mem_eq(out + 24, src.b, 16);
	ck_assert_uint_eq(out[40], 2);
	ck_assert_uint_eq(out[41], 0);
	ck_assert_mem_eq(out + 44, "\x00\x00\x05\x64", 4);
	ck_assert_mem_eq(out + 48, p + 48, 48);
	/* Next-hop MTU 1200 (or 0, pre-RFC 1191): at least 1280. */
	n = mk_icmp4(p, 3, 4, 1200, "2001:db8::1", "9.0.0.9", 48);
	ck_assert_int_eq(relay(&t, p, n, out, &ol), 0);
	ck_assert_mem_eq(out + 44, "\x00\x00\x05\x00", 4);
	n = mk_icmp4(p, 3, 4, 0, "2001:db8::1", "9.0.0.9", 48);
	ck_assert_int_eq(relay(&t, p, n, out, &ol), 0);
	ck_assert_mem_eq(out + 44, "\x00\x00\x05\x00", 4);
	/* A bogus next-hop MTU below the 20 bytes of the outer header (10):
	 * still 1280, not 10 - 20 wrapped around. */
	n = mk_icmp4(p, 3, 4, 10, "2001:db8::1", "9.0.0.9", 48);
	ck_assert_int_eq(relay(&t, p, n, out, &ol), 0);
	ck_assert_mem_eq(out + 44, "\x00\x00\x05\x00", 4);
	/* Host unreachable, and Time Exceeded: Destination Unreachable code
	 * 3, address unreachable; only the inner header quoted: 88 bytes. */
	n = mk_icmp4(p, 3, 1, 0, "2001:db8::1", "9.0.0.9", 40);
	ck_assert_int_eq(relay(&t, p, n, out, &ol), 0);
	ck_assert_uint_eq(ol, 88);
	ck_assert_uint_eq(out[40], 1);
	ck_assert_uint_eq(out[41], 3);
	n = mk_icmp4(p, 11, 0, 0, "2001:db8::1", "9.0.0.9", 40);
	ck_assert_int_eq(relay(&t, p, n, out, &ol), 0);
	ck_assert_uint_eq(out[40], 1);
	/* Only 8 bytes beyond the IPv4 header (RFC 792): too little. */
	n = mk_icmp4(p, 3, 1, 0, "2001:db8::1", "9.0.0.9", 8);
	ck_assert_int_eq(relay(&t, p, n, out, &ol), V6T_ETUN41_QUOTE);
	/* Not our packet (quoted source 9.0.0.8); not an error (Echo
	 * Reply); not protocol 41. */
	n = mk_icmp4(p, 3, 1, 0, "2001:db8::1", "9.0.0.8", 48);
	ck_assert_int_eq(relay(&t, p, n, out, &ol), 1);
	n = mk_icmp4(p, 0, 0, 0, "2001:db8::1", "9.0.0.9", 48);
	ck_assert_int_eq(relay(&t, p, n, out, &ol), 1);
	n = mk_icmp4(p, 3, 1, 0, "2001:db8::1", "9.0.0.9", 48);
	p[37] = 4;
	ck_assert_int_eq(relay(&t, p, n, out, &ol), 1);
	/* RFC 4443 §2.4 (e.6): the inner source is multicast. */
	n = mk_icmp4(p, 3, 1, 0, "ff02::1", "9.0.0.9", 48);
	ck_assert_int_eq(relay(&t, p, n, out, &ol), V6T_ETUN41_NO_ERROR);
	/* Truncated: the ICMPv4 header and quote cut, not IPv4 at all. */
	n = mk_icmp4(p, 3, 1, 0, "2001:db8::1", "9.0.0.9", 48);
	ck_assert_int_eq(relay(&t, p, 30, out, &ol), 1);
	ck_assert_int_eq(relay(&t, p + 48, 40, out, &ol), 1);
}
END_TEST

START_TEST(test_p41_init_errors)
{
	v6t_tun_p41_config c;
	v6t_tun_p41 t;
	v6t_tun_result r;
	uint8_t b[64];

	memset(&t, 0, sizeof(t));
	ck_assert_uint_eq(v6t_tun_p41_mtu(&t), 0);
	ck_assert_int_eq(v6t_tun_p41_decap(&t, b, sizeof(b), &r), V6T_EINVAL);
	ck_assert_int_eq(v6t_tun_p41_encap(&t, b, sizeof(b), 0, b, 64, &r),
			 V6T_EINVAL);
	ck_assert_int_eq(v6t_tun_p41_icmp_relay(&t, b, 64, b, 64, &r),
			 V6T_EINVAL);
	cfg_init(&c, V6T_P41_CONFIGURED);
	ck_assert_int_eq(v6t_tun_p41_init(NULL, &c), V6T_EINVAL);
	ck_assert_int_eq(v6t_tun_p41_init(&t, NULL), V6T_EINVAL);
	c.mech = 6;
	ck_assert_int_eq(v6t_tun_p41_init(&t, &c), V6T_EINVAL);
	cfg_init(&c, V6T_P41_CONFIGURED);
	c.mtu6 = 1279; /* RFC 4213 §3.2.1: at least 1280 */
	ck_assert_int_eq(v6t_tun_p41_init(&t, &c), V6T_EINVAL);
	cfg_init(&c, V6T_P41_CONFIGURED);
	c.mtu4 = 67;
	ck_assert_int_eq(v6t_tun_p41_init(&t, &c), V6T_EINVAL);
	cfg_init(&c, V6T_P41_CONFIGURED);
	c.df_mode = 2;
	ck_assert_int_eq(v6t_tun_p41_init(&t, &c), V6T_EINVAL);
	cfg_init(&c, V6T_P41_CONFIGURED);
	c.flags = 0x200;
	ck_assert_int_eq(v6t_tun_p41_init(&t, &c), V6T_EINVAL);
	cfg_init(&c, V6T_P41_CONFIGURED);
	c.dscp = 64;
	ck_assert_int_eq(v6t_tun_p41_init(&t, &c), V6T_EINVAL);
	cfg_init(&c, V6T_P41_ISATAP);
	c.isatap_prefix.len = 48;
	ck_assert_int_eq(v6t_tun_p41_init(&t, &c), V6T_EINVAL);
	cfg_init(&c, V6T_P41_ISATAP);
	c.prl = NULL;
	ck_assert_int_eq(v6t_tun_p41_init(&t, &c), V6T_EINVAL);
	/* Dynamic mode does not look at mtu6. */
	cfg_init(&c, V6T_P41_CONFIGURED);
	c.df_mode = V6T_P41_DF_DYNAMIC;
	c.mtu6 = 0;
	ck_assert_int_eq(v6t_tun_p41_init(&t, &c), V6T_OK);
	ck_assert_str_eq(v6t_strerror(V6T_ETUN41_PEER),
			 "outer source is not the tunnel peer");
}
END_TEST

Suite *v6t_tunnel_p41_suite(void)
{
	Suite *s = suite_create("tunnel_p41");
	TCase *tc = tcase_create("p41");

	tcase_add_test(tc, test_p41_encap_by_hand);
	tcase_add_test(tc, test_p41_encap_df_and_dscp);
	tcase_add_test(tc, test_p41_encap_routes);
	tcase_add_test(tc, test_p41_too_big_static);
	tcase_add_test(tc, test_p41_dynamic_mtu);
	tcase_add_test(tc, test_p41_ecn_table);
	tcase_add_test(tc, test_p41_decap_ecn);
	tcase_add_test(tc, test_p41_decap_configured);
	tcase_add_test(tc, test_p41_decap_bad_input);
	tcase_add_test(tc, test_p41_decap_6to4);
	tcase_add_test(tc, test_p41_decap_6rd);
	tcase_add_test(tc, test_p41_decap_isatap);
	tcase_add_test(tc, test_p41_icmp_relay);
	tcase_add_test(tc, test_p41_init_errors);
	suite_add_tcase(s, tc);
	return s;
}
