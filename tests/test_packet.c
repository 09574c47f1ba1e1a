/*
 * The header walker v6t_pkt_parse() (packet.h): IPv4 (RFC 791 §3.1) and the
 * IPv6 header chain (RFC 8200 §3, §4), fragments (RFC 8200 §4.5, RFC 6946,
 * RFC 7112), and truncated quoted packets (RFC 792, RFC 4443 §2.4 (c)).
 *
 * Packets are built byte by byte; every expected value is worked out by
 * hand in the comment next to it (offsets are sums of header lengths),
 * none comes from running the code under test. Each call parses an
 * exact-size heap copy, so that a read past len trips ASan, and checks
 * that a failed call left the view alone.
 */
#include <string.h>

#include "pktbuild.h"
#include "suites.h"
#include "testutil.h"

/* A byte pattern the parser never writes on error. */
#define SENTINEL 0xa5

#define L4 V6T_PKT_L4
#define PORTS V6T_PKT_PORTS
#define FRAG V6T_PKT_FRAGMENT
#define ATOMIC V6T_PKT_ATOMIC
#define CUT V6T_PKT_CUT
#define TRUNC V6T_PKT_OPT_TRUNCATED

/* IANA protocol numbers used below. */
#define P_HOPOPT 0
#define P_ICMP 1
#define P_IPIP 4
#define P_TCP 6
#define P_UDP 17
#define P_DCCP 33
#define P_IPV6 41
#define P_ROUTING 43
#define P_FRAGMENT 44
#define P_GRE 47
#define P_ESP 50
#define P_AH 51
#define P_ICMPV6 58
#define P_NONXT 59
#define P_DSTOPTS 60
#define P_SCTP 132
#define P_MOBILITY 135
#define P_UDPLITE 136
#define P_HIP 139
#define P_SHIM6 140
#define P_EXPERIMENT 253

/* ------------------------------------------------------------ builder */

/*
 * Start an IPv6 packet (RFC 8200 §3): version 6, traffic class 0, flow
 * label 0x12345, the given Payload Length and Next Header, Hop Limit 64,
 * 2001:db8::1 -> 2001:db8::2 (RFC 3849 documentation prefix).
 */
static void ip6(struct pb *p, unsigned plen, unsigned nh)
{
	static const uint8_t addrs[32] = {
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
	};

	p->n = 0;
	pb_put32(p, 0x60012345);
	pb_put16(p, plen);
	pb_put8(p, nh);
	pb_put8(p, 64);
	pb_put_bytes(p, addrs, sizeof addrs);
}

/* Set the IPv6 Payload Length to the bytes written after the header. */
static void fix_plen(struct pb *p)
{
	ck_assert_uint_ge(p->n, 40);
	p->b[4] = (uint8_t)((p->n - 40) >> 8);
	p->b[5] = (uint8_t)(p->n - 40);
}

/*
 * RFC 8200 §4 extension header format (Hop-by-Hop, Routing, Destination
 * Options, Mobility, HIP, Shim6): Next Header, Hdr Ext Len, then the rest
 * of (hel + 1) * 8 bytes as Pad1 options (zero bytes).
 */
static void ext(struct pb *p, unsigned nh, unsigned hel)
{
	pb_put8(p, nh);
	pb_put8(p, hel);
	pb_putn(p, (hel + 1) * 8 - 2, 0);
}

/* A 20-byte TCP header (RFC 9293 §3.1): ports, then a SYN. */
static void tcp(struct pb *p, unsigned sport, unsigned dport)
{
	pb_put16(p, sport);
	pb_put16(p, dport);
	pb_put32(p, 0x01020304); /* sequence number */
	pb_put32(p, 0);          /* acknowledgment number */
	pb_put16(p, 0x5002);     /* data offset 5, SYN */
	pb_put16(p, 0xffff);     /* window */
	pb_put32(p, 0);          /* checksum, urgent pointer */
}

/* An 8-byte UDP header (RFC 768). */
static void udp(struct pb *p, unsigned sport, unsigned dport, unsigned ulen)
{
	pb_put16(p, sport);
	pb_put16(p, dport);
	pb_put16(p, ulen);
	pb_put16(p, 0);
}

/*
 * Start an IPv4 packet (RFC 791 §3.1): IHL as given, TOS 0, Total Length,
 * Identification, the 16 bits "flags (3) | fragment offset (13)" as given
 * by hand, TTL 64, Protocol, checksum 0 (not verified by the walker),
 * 192.0.2.1 -> 198.51.100.2, then (ihl - 5) * 4 bytes of NOP options (1).
 * An IHL below 5 still writes the 20 fixed bytes.
 */
static void ip4(struct pb *p, unsigned ihl, unsigned totlen, unsigned id,
		unsigned flags_off, unsigned proto)
{
	p->n = 0;
	pb_put8(p, 0x40 | ihl);
	pb_put8(p, 0);
	pb_put16(p, totlen);
	pb_put16(p, id);
	pb_put16(p, flags_off);
	pb_put8(p, 64);
	pb_put8(p, proto);
	pb_put16(p, 0);
	pb_put32(p, 0xc0000201);
	pb_put32(p, 0xc6336402);
	if (ihl > 5)
		pb_putn(p, (ihl - 5) * 4, 1);
}

/* ------------------------------------------------------------ checking */

static int untouched(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != SENTINEL)
			return 0;
	return 1;
}

/*
 * Parse the first len bytes of p from a heap block of exactly len bytes
 * (ASan catches a read past it); the view starts as SENTINEL bytes and
 * must still be when the call fails.
 */
static int run(const struct pb *p, size_t len, unsigned opts, v6t_pkt *out)
{
	uint8_t *copy = malloc(len > 0 ? len : 1);
	int rc;

	ck_assert_ptr_nonnull(copy);
	ck_assert_uint_le(len, p->n);
	memcpy(copy, p->b, len);
	memset(out, SENTINEL, sizeof *out);
	rc = v6t_pkt_parse(copy, len, opts, out);
	free(copy);
	if (rc != V6T_OK)
		ck_assert_msg(untouched(out, sizeof *out),
			      "view written although the call failed (%d)", rc);
	return rc;
}

#define CK_FIELD(f) \
	ck_assert_msg(got->f == want->f, "%s: got %lu (0x%lx), want %lu (0x%lx)", \
		      #f, (unsigned long)got->f, (unsigned long)got->f, \
		      (unsigned long)want->f, (unsigned long)want->f)

/* Every field of the view. */
static void ck_view(const v6t_pkt *got, const v6t_pkt *want)
{
	CK_FIELD(version);
	CK_FIELD(flags);
	CK_FIELD(end);
	CK_FIELD(proto);
	CK_FIELD(l4_off);
	CK_FIELD(sport);
	CK_FIELD(dport);
	CK_FIELD(unfrag_end);
	CK_FIELD(ext_count);
	CK_FIELD(frag_hdr_off);
	CK_FIELD(frag_nh_off);
	CK_FIELD(frag_id);
	CK_FIELD(frag_offset);
	CK_FIELD(more_frags);
}

static void expect_ok_len(const struct pb *p, size_t len, unsigned opts,
			  const v6t_pkt *want)
{
	v6t_pkt got;
	int rc = run(p, len, opts, &got);

	ck_assert_msg(rc == V6T_OK, "rc %d (%s), want V6T_OK", rc,
		      v6t_strerror(rc));
	ck_view(&got, want);
}

/* The whole packet parses to want, with opts 0 and with OPT_TRUNCATED
 * (a datagram within its buffer is not cut, so the view is the same). */
static void expect_ok(const struct pb *p, const v6t_pkt *want)
{
	expect_ok_len(p, p->n, 0, want);
	expect_ok_len(p, p->n, TRUNC, want);
}

static void expect_err_len(const struct pb *p, size_t len, unsigned opts,
			   int want)
{
	v6t_pkt got;
	int rc = run(p, len, opts, &got);

	ck_assert_msg(rc == want, "rc %d (%s), want %d (%s)", rc,
		      v6t_strerror(rc), want, v6t_strerror(want));
}

/* The whole packet fails with want, with or without OPT_TRUNCATED. */
static void expect_err(const struct pb *p, int want)
{
	expect_err_len(p, p->n, 0, want);
	expect_err_len(p, p->n, TRUNC, want);
}

/* ================================================== IPv6, no extensions */

/* 2001:db8::1 -> 2001:db8::2, shared by the literal packets. */
#define ADDRS6 \
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, \
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2

START_TEST(test_pkt_ipv6_tcp)
{
	static const uint8_t syn[] = {
		0x60, 0x00, 0x00, 0x00, /* version 6, TC 0, flow label 0 */
		0x00, 0x14, 0x06, 0x40, /* Payload Length 20, TCP, Hop Limit 64 */
		ADDRS6,
		0xc0, 0x01, 0x00, 0x50, /* ports 0xc001 = 49153 -> 0x0050 = 80 */
		0x00, 0x00, 0x00, 0x01, /* sequence number */
		0x00, 0x00, 0x00, 0x00, /* acknowledgment number */
		0x50, 0x02, 0xff, 0xff, /* data offset 5, SYN, window */
		0x00, 0x00, 0x00, 0x00, /* checksum, urgent pointer */
	};
	struct pb p = { .n = 0 };

	pb_put_bytes(&p, syn, sizeof syn);
	/* end = 40 + Payload Length 20 = 60; TCP right after the header */
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 60, .l4_off = 40, .unfrag_end = 40,
		.proto = P_TCP, .sport = 49153, .dport = 80,
		.flags = L4 | PORTS });
}
END_TEST

START_TEST(test_pkt_ipv6_udp)
{
	static const uint8_t dns[] = {
		0x60, 0x0a, 0xbc, 0xde, /* TC 0xa0, flow label 0xcbcde */
		0x00, 0x0c, 0x11, 0x01, /* Payload Length 12, UDP, Hop Limit 1 */
		ADDRS6,
		0xd4, 0x31, 0x00, 0x35, /* ports 0xd431 = 54321 -> 53 */
		0x00, 0x0c, 0x00, 0x00, /* UDP length 12, checksum */
		0xde, 0xad, 0xbe, 0xef, /* 4 bytes of payload */
	};
	struct pb p = { .n = 0 };

	pb_put_bytes(&p, dns, sizeof dns);
	/* end = 40 + 12 = 52 */
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 52, .l4_off = 40, .unfrag_end = 40,
		.proto = P_UDP, .sport = 54321, .dport = 53,
		.flags = L4 | PORTS });
}
END_TEST

START_TEST(test_pkt_ipv6_icmpv6)
{
	static const uint8_t echo[] = {
		0x60, 0x00, 0x00, 0x00,
		0x00, 0x08, 0x3a, 0xff, /* Payload Length 8, ICMPv6 (58) */
		ADDRS6,
		0x80, 0x00, 0x12, 0x34, /* Echo Request (128), code 0, checksum */
		0x00, 0x07, 0x00, 0x01, /* identifier 7, sequence 1 */
	};
	struct pb p = { .n = 0 };

	pb_put_bytes(&p, echo, sizeof echo);
	/* ICMPv6 has no ports: L4 without PORTS; end = 40 + 8 = 48 */
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 48, .l4_off = 40, .unfrag_end = 40,
		.proto = P_ICMPV6, .flags = L4 });
}
END_TEST

START_TEST(test_pkt_ipv6_no_next_header)
{
	struct pb p;

	/*
	 * RFC 8200 §4.7: No Next Header (59), Payload Length 0, padded by
	 * the link to the Ethernet minimum of 46 bytes: the 6 padding bytes
	 * are not part of the datagram (end = 40).
	 */
	ip6(&p, 0, P_NONXT);
	pb_putn(&p, 6, 0);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 40, .l4_off = 40, .unfrag_end = 40,
		.proto = P_NONXT, .flags = L4 });
}
END_TEST

/*
 * Upper-layer protocols after a bare IPv6 header, with 8 payload bytes
 * 11 22 33 44 55 66 77 88: the first two 16-bit fields are 0x1122 and
 * 0x3344 for the port protocols (ESP: the SPI 0x11223344 in halves).
 * Every value that is not an extension header ends the chain (RFC 8200
 * §4), tunnels (4, 41) and the experimental 253 included.
 */
static const struct {
	unsigned proto;
	int ports;
} upper_table[] = {
	{ P_TCP, 1 }, { P_UDP, 1 }, { P_DCCP, 1 }, { P_SCTP, 1 },
	{ P_UDPLITE, 1 }, { P_ESP, 1 },
	{ P_ICMPV6, 0 }, { P_NONXT, 0 }, { P_IPV6, 0 }, { P_IPIP, 0 },
	{ P_ICMP, 0 }, { P_GRE, 0 }, { 2, 0 }, { 103, 0 }, { P_EXPERIMENT, 0 },
	{ 254, 0 }, { 255, 0 },
};
#define N_UPPER ((int)(sizeof upper_table / sizeof upper_table[0]))

START_TEST(test_pkt_ipv6_upper_protocols)
{
	static const uint8_t payload[8] = {
		0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88
	};
	unsigned proto = upper_table[_i].proto;
	int ports = upper_table[_i].ports;
	struct pb p;

	ip6(&p, 8, proto);
	pb_put_bytes(&p, payload, sizeof payload);
	/* end = 40 + 8 = 48 */
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 48, .l4_off = 40, .unfrag_end = 40,
		.proto = (uint8_t)proto,
		.sport = ports ? 0x1122 : 0, .dport = ports ? 0x3344 : 0,
		.flags = ports ? L4 | PORTS : L4 });
}
END_TEST

/* ============================================= IPv6 extension headers */

/*
 * One extension header of each kind, then UDP 0x1001 -> 0x2002. size is
 * the header's length worked out from its length field: RFC 8200 §4
 * headers (hel + 1) * 8, AH (RFC 4302 §2.2) (pl + 2) * 4. Hop-by-Hop and
 * Routing headers end the unfragmentable part (RFC 8200 §4.5).
 */
static const struct {
	unsigned kind, len_field, size, unfrag_end;
} one_ext[] = {
	{ P_HOPOPT, 0, 8, 48 },      /* (0+1)*8 = 8; unfrag 40+8 */
	{ P_DSTOPTS, 1, 16, 40 },    /* (1+1)*8 = 16 */
	{ P_ROUTING, 2, 24, 64 },    /* (2+1)*8 = 24; unfrag 40+24 */
	{ P_AH, 4, 24, 40 },         /* (4+2)*4 = 24: 12 fixed + 96-bit ICV */
	{ P_AH, 1, 12, 40 },         /* (1+2)*4 = 12: no ICV */
	{ P_MOBILITY, 1, 16, 40 },   /* 16 */
	{ P_HIP, 4, 40, 40 },        /* (4+1)*8 = 40 */
	{ P_SHIM6, 0, 8, 40 },       /* 8 */
	{ P_DSTOPTS, 255, 2048, 40 }, /* the largest: (255+1)*8 = 2048 */
	{ P_ROUTING, 255, 2048, 2088 }, /* unfrag 40+2048 */
	{ P_AH, 255, 1028, 40 },     /* the largest AH: 257*4 = 1028 */
};
#define N_ONE_EXT ((int)(sizeof one_ext / sizeof one_ext[0]))

/* A header of the given kind whose Next Header is nh; lf its length field. */
static void put_ext(struct pb *p, unsigned kind, unsigned nh, unsigned lf)
{
	if (kind == P_AH)
		pb_ah(p, nh, lf);
	else
		ext(p, nh, lf);
}

START_TEST(test_pkt_ext_one_of_each_kind)
{
	unsigned size = one_ext[_i].size;
	struct pb p;

	ip6(&p, 0, one_ext[_i].kind);
	put_ext(&p, one_ext[_i].kind, P_UDP, one_ext[_i].len_field);
	udp(&p, 0x1001, 0x2002, 8);
	fix_plen(&p);
	/* UDP at 40 + size; end = 40 + size + 8 */
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 40 + size + 8, .l4_off = 40 + size,
		.unfrag_end = one_ext[_i].unfrag_end, .ext_count = 1,
		.proto = P_UDP, .sport = 0x1001, .dport = 0x2002,
		.flags = L4 | PORTS });
}
END_TEST

/*
 * 1, 2, 4 and 8 headers of one kind in a row, then UDP (8 bytes). Sizes:
 * Destination Options hel 1 = 16, Routing hel 2 = 24, AH pl 4 = 24,
 * Mobility hel 0 = 8, HIP hel 4 = 40, Shim6 hel 0 = 8. l4 = 40 + count *
 * size, worked out per row; unfrag_end is l4 for Routing (the last
 * Routing header ends right before UDP), else 40. (Hop-by-Hop can only be
 * first, Fragment only once: their chains are in other tests.)
 */
static const struct {
	unsigned kind, len_field, count, l4, unfrag_end;
} same_ext[] = {
	{ P_DSTOPTS, 1, 1, 56, 40 },    /* 40+16 */
	{ P_DSTOPTS, 1, 2, 72, 40 },    /* 40+32 */
	{ P_DSTOPTS, 1, 4, 104, 40 },   /* 40+64 */
	{ P_DSTOPTS, 1, 8, 168, 40 },   /* 40+128 */
	{ P_ROUTING, 2, 1, 64, 64 },    /* 40+24 */
	{ P_ROUTING, 2, 2, 88, 88 },    /* 40+48 */
	{ P_ROUTING, 2, 4, 136, 136 },  /* 40+96 */
	{ P_ROUTING, 2, 8, 232, 232 },  /* 40+192 */
	{ P_AH, 4, 1, 64, 40 },         /* 40+24 */
	{ P_AH, 4, 2, 88, 40 },
	{ P_AH, 4, 4, 136, 40 },
	{ P_AH, 4, 8, 232, 40 },
	{ P_MOBILITY, 0, 1, 48, 40 },   /* 40+8 */
	{ P_MOBILITY, 0, 2, 56, 40 },   /* 40+16 */
	{ P_MOBILITY, 0, 4, 72, 40 },   /* 40+32 */
	{ P_MOBILITY, 0, 8, 104, 40 },  /* 40+64 */
	{ P_HIP, 4, 1, 80, 40 },        /* 40+40 */
	{ P_HIP, 4, 2, 120, 40 },       /* 40+80 */
	{ P_HIP, 4, 4, 200, 40 },       /* 40+160 */
	{ P_HIP, 4, 8, 360, 40 },       /* 40+320 */
	{ P_SHIM6, 0, 1, 48, 40 },
	{ P_SHIM6, 0, 2, 56, 40 },
	{ P_SHIM6, 0, 4, 72, 40 },
	{ P_SHIM6, 0, 8, 104, 40 },
};
#define N_SAME_EXT ((int)(sizeof same_ext / sizeof same_ext[0]))

START_TEST(test_pkt_ext_chain_of_one_kind)
{
	unsigned kind = same_ext[_i].kind, count = same_ext[_i].count, i;
	unsigned l4 = same_ext[_i].l4;
	struct pb p;

	ip6(&p, 0, kind);
	for (i = 0; i < count; i++)
		put_ext(&p, kind, i + 1 < count ? kind : P_UDP,
			same_ext[_i].len_field);
	udp(&p, 0x1001, 0x2002, 8);
	fix_plen(&p);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = l4 + 8, .l4_off = l4,
		.unfrag_end = same_ext[_i].unfrag_end,
		.ext_count = (uint8_t)count,
		.proto = P_UDP, .sport = 0x1001, .dport = 0x2002,
		.flags = L4 | PORTS });
}
END_TEST

START_TEST(test_pkt_ext_two)
{
	struct pb p;

	/* HBH (8) at 40, DO hel 1 (16) at 48, UDP at 64; end 72 */
	ip6(&p, 32, P_HOPOPT);   /* 8 + 16 + 8 = 32 */
	ext(&p, P_DSTOPTS, 0);
	ext(&p, P_UDP, 1);
	udp(&p, 5353, 5353, 8);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 72, .l4_off = 64, .unfrag_end = 48,
		.ext_count = 2, .proto = P_UDP, .sport = 5353, .dport = 5353,
		.flags = L4 | PORTS });

	/* DO (8) at 40, Routing hel 2 (24) at 48, TCP at 72; end 92 */
	ip6(&p, 52, P_DSTOPTS);  /* 8 + 24 + 20 = 52 */
	ext(&p, P_ROUTING, 0);
	ext(&p, P_TCP, 2);
	tcp(&p, 443, 50000);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 92, .l4_off = 72, .unfrag_end = 72,
		.ext_count = 2, .proto = P_TCP, .sport = 443, .dport = 50000,
		.flags = L4 | PORTS });
}
END_TEST

START_TEST(test_pkt_ext_four)
{
	struct pb p;

	/*
	 * RFC 8200 §4.1 order: HBH (8) at 40, DO (8) at 48, Routing hel 2
	 * (24) at 56, AH pl 4 (24) at 80, TCP at 104; Payload Length
	 * 8+8+24+24+20 = 84, end 124; unfrag_end after Routing: 80.
	 */
	ip6(&p, 84, P_HOPOPT);
	ext(&p, P_DSTOPTS, 0);
	ext(&p, P_ROUTING, 0);
	ext(&p, P_AH, 2);
	pb_ah(&p, P_TCP, 4);
	tcp(&p, 22, 1022);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 124, .l4_off = 104, .unfrag_end = 80,
		.ext_count = 4, .proto = P_TCP, .sport = 22, .dport = 1022,
		.flags = L4 | PORTS });
}
END_TEST

/*
 * Eight mixed headers: HBH (8) at 40, DO (8) at 48, Routing hel 2 (24) at
 * 56, DO hel 1 (16) at 80, AH pl 4 (24) at 96, Mobility (8) at 120, HIP
 * (8) at 128, Shim6 (8) at 136, the upper-layer header at 144. The last
 * Next Header is given.
 */
static void eight_ext(struct pb *p, unsigned last_nh)
{
	ip6(p, 0, P_HOPOPT);
	ext(p, P_DSTOPTS, 0);
	ext(p, P_ROUTING, 0);
	ext(p, P_DSTOPTS, 2);
	ext(p, P_AH, 1);
	pb_ah(p, P_MOBILITY, 4);
	ext(p, P_HIP, 0);
	ext(p, P_SHIM6, 0);
	ext(p, last_nh, 0);
}

START_TEST(test_pkt_ext_eight)
{
	struct pb p;

	eight_ext(&p, P_TCP);
	tcp(&p, 1, 2);
	fix_plen(&p);
	/* TCP at 144, end 164; unfrag_end after Routing: 56 + 24 = 80 */
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 164, .l4_off = 144, .unfrag_end = 80,
		.ext_count = 8, .proto = P_TCP, .sport = 1, .dport = 2,
		.flags = L4 | PORTS });
}
END_TEST

START_TEST(test_pkt_ext_eight_with_fragment)
{
	struct pb p;

	/*
	 * HBH (8) at 40, DO (8) at 48, Routing (8) at 56, Fragment (atomic,
	 * id 7) at 64, AH pl 4 (24) at 72, DO (8) at 96, Mobility (8) at
	 * 104, HIP (8) at 112, UDP at 120, end 128. The Fragment header is
	 * named by the Routing header's first byte (56); unfrag_end 64.
	 */
	ip6(&p, 88, P_HOPOPT);   /* 128 - 40 */
	ext(&p, P_DSTOPTS, 0);
	ext(&p, P_ROUTING, 0);
	ext(&p, P_FRAGMENT, 0);
	pb_frag(&p, P_AH, 0x0000, 7);
	pb_ah(&p, P_DSTOPTS, 4);
	ext(&p, P_MOBILITY, 0);
	ext(&p, P_HIP, 0);
	ext(&p, P_UDP, 0);
	udp(&p, 7, 9, 8);
	ck_assert_uint_eq(p.n, 128);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 128, .l4_off = 120, .unfrag_end = 64,
		.ext_count = 8, .frag_hdr_off = 64, .frag_nh_off = 56,
		.frag_id = 7, .proto = P_UDP, .sport = 7, .dport = 9,
		.flags = ATOMIC | L4 | PORTS });
}
END_TEST

START_TEST(test_pkt_ext_nine_too_many)
{
	struct pb p;
	size_t nine;

	/* a ninth header (DO, 8 bytes at 144) before TCP at 152 */
	eight_ext(&p, P_DSTOPTS);
	ext(&p, P_TCP, 0);
	tcp(&p, 1, 2);
	fix_plen(&p);
	expect_err(&p, V6T_EPKT_TOO_MANY_EXT);

	/* a ninth Fragment header counts the same */
	eight_ext(&p, P_FRAGMENT);
	pb_frag(&p, P_TCP, 0x0001, 1);
	tcp(&p, 1, 2);
	fix_plen(&p);
	expect_err(&p, V6T_EPKT_TOO_MANY_EXT);

	/* the Next Header value decides: a ninth header named but cut off
	 * by the datagram's end (end 144) is still one too many */
	eight_ext(&p, P_DSTOPTS);
	nine = p.n;
	ck_assert_uint_eq(nine, 144);
	fix_plen(&p);
	expect_err(&p, V6T_EPKT_TOO_MANY_EXT);
}
END_TEST

START_TEST(test_pkt_hop_by_hop_not_first)
{
	struct pb p;

	/* RFC 8200 §4: HBH only right after the IPv6 header. DO then HBH: */
	ip6(&p, 24, P_DSTOPTS);
	ext(&p, P_HOPOPT, 0);
	ext(&p, P_UDP, 0);
	udp(&p, 1, 2, 8);
	expect_err(&p, V6T_EPKT_HOP_BY_HOP);

	/* two HBH headers in a row */
	ip6(&p, 24, P_HOPOPT);
	ext(&p, P_HOPOPT, 0);
	ext(&p, P_UDP, 0);
	udp(&p, 1, 2, 8);
	expect_err(&p, V6T_EPKT_HOP_BY_HOP);

	/* after the Fragment header of a first fragment */
	ip6(&p, 24, P_FRAGMENT);
	pb_frag(&p, P_HOPOPT, 0x0001, 1);
	ext(&p, P_UDP, 0);
	udp(&p, 1, 2, 8);
	expect_err(&p, V6T_EPKT_HOP_BY_HOP);

	/* named by a DO whose datagram ends right after it (end 48): the
	 * Next Header value decides before the missing bytes do */
	ip6(&p, 8, P_DSTOPTS);
	ext(&p, P_HOPOPT, 0);
	expect_err(&p, V6T_EPKT_HOP_BY_HOP);
}
END_TEST

/* ======================================================== truncation */

START_TEST(test_pkt_ipv6_buffer_shorter_than_header)
{
	struct pb p;
	size_t len;

	ip6(&p, 0, P_NONXT);
	/* 1..39 bytes: inside the 40-byte header, with or without TRUNC */
	for (len = 1; len < 40; len++) {
		expect_err_len(&p, len, 0, V6T_EPKT_SHORT);
		expect_err_len(&p, len, TRUNC, V6T_EPKT_SHORT);
	}
	/* 40 bytes: a whole packet, end 40 */
	expect_ok_len(&p, 40, 0, &(v6t_pkt){
		.version = 6, .end = 40, .l4_off = 40, .unfrag_end = 40,
		.proto = P_NONXT, .flags = L4 });
}
END_TEST

START_TEST(test_pkt_ipv6_payload_length_past_buffer)
{
	struct pb p;

	/* Payload Length 21 declares 61 bytes; the buffer holds 60 */
	ip6(&p, 21, P_TCP);
	tcp(&p, 80, 1024);
	expect_err_len(&p, 60, 0, V6T_EPKT_SHORT);
	/* Payload Length 0xffff (65575 bytes), buffer of 60 */
	p.b[4] = 0xff;
	p.b[5] = 0xff;
	expect_err_len(&p, 60, 0, V6T_EPKT_SHORT);
}
END_TEST

START_TEST(test_pkt_ext_length_past_datagram)
{
	struct pb p;

	/*
	 * DO hel 1 (16 bytes) at 40, but Payload Length 8 ends the
	 * datagram at 48. The buffer holds the whole header and UDP after
	 * it (64 bytes): bytes past the datagram's end do not count.
	 */
	ip6(&p, 8, P_DSTOPTS);
	ext(&p, P_UDP, 1);
	udp(&p, 1, 2, 8);
	expect_err(&p, V6T_EPKT_CHAIN);

	/* fewer than 8 bytes left for an extension header: Payload
	 * Length 4 after a Routing Next Header (end 44) */
	ip6(&p, 4, P_ROUTING);
	pb_putn(&p, 4, 0);
	expect_err(&p, V6T_EPKT_CHAIN);

	/* Payload Length 0 with a Hop-by-Hop header: Jumbograms (RFC
	 * 2675) are not supported, so the datagram is 40 bytes */
	ip6(&p, 0, P_HOPOPT);
	pb_put8(&p, P_NONXT);
	pb_put8(&p, 0);
	pb_put8(&p, 0xc2); /* Jumbo Payload option type, length 4 */
	pb_put8(&p, 4);
	pb_put32(&p, 70000);
	expect_err(&p, V6T_EPKT_CHAIN);

	/* the second of two headers overruns: DO (8) at 40, Routing hel 2
	 * (24) at 48 needs 72, datagram ends at 40 + 24 = 64 */
	ip6(&p, 24, P_DSTOPTS);
	ext(&p, P_ROUTING, 0);
	ext(&p, P_TCP, 2);
	expect_err_len(&p, 64, 0, V6T_EPKT_CHAIN);
}
END_TEST

START_TEST(test_pkt_ah_length_past_datagram)
{
	struct pb p;

	/* AH pl 4 = (4+2)*4 = 24 bytes at 40 needs 64; Payload Length 16
	 * ends the datagram at 56 (the buffer has all 24 + UDP) */
	ip6(&p, 16, P_AH);
	pb_ah(&p, P_UDP, 4);
	udp(&p, 1, 2, 8);
	expect_err(&p, V6T_EPKT_CHAIN);

	/* pl 1: 12 bytes needs 52, Payload Length 11 ends at 51 */
	ip6(&p, 11, P_AH);
	pb_ah(&p, P_NONXT, 1);
	expect_err_len(&p, 51, 0, V6T_EPKT_CHAIN);
	/* and Payload Length 12 fits exactly: No Next Header at 52 */
	p.b[5] = 12;
	expect_ok_len(&p, 52, 0, &(v6t_pkt){
		.version = 6, .end = 52, .l4_off = 52, .unfrag_end = 40,
		.ext_count = 1, .proto = P_NONXT, .flags = L4 });
}
END_TEST

START_TEST(test_pkt_ports_cut_in_whole_packet)
{
	struct pb p;

	/* TCP with 3 bytes: Payload Length 3, end 43 */
	ip6(&p, 3, P_TCP);
	pb_putn(&p, 3, 0x55);
	expect_err(&p, V6T_EPKT_CHAIN);

	/* UDP after a DO, 2 bytes left (Payload Length 10, end 50) */
	ip6(&p, 10, P_DSTOPTS);
	ext(&p, P_UDP, 0);
	pb_putn(&p, 2, 0x55);
	expect_err(&p, V6T_EPKT_CHAIN);

	/* ESP with 0 bytes */
	ip6(&p, 0, P_ESP);
	expect_err(&p, V6T_EPKT_CHAIN);

	/* an atomic fragment is whole (RFC 6946 §4): SCTP with 3 bytes */
	ip6(&p, 11, P_FRAGMENT);
	pb_frag(&p, P_SCTP, 0x0000, 9);
	pb_putn(&p, 3, 0x55);
	expect_err(&p, V6T_EPKT_CHAIN);

	/* exactly 4 bytes are enough: UDP-Lite, Payload Length 4, end 44 */
	ip6(&p, 4, P_UDPLITE);
	pb_put32(&p, 0xabcd1234);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 44, .l4_off = 40, .unfrag_end = 40,
		.proto = P_UDPLITE, .sport = 0xabcd, .dport = 0x1234,
		.flags = L4 | PORTS });

	/* a protocol without ports needs no bytes: ICMPv6 with none */
	ip6(&p, 0, P_ICMPV6);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 40, .l4_off = 40, .unfrag_end = 40,
		.proto = P_ICMPV6, .flags = L4 });
}
END_TEST

START_TEST(test_pkt_trailing_bytes_ignored)
{
	struct pb p;

	/*
	 * TCP, Payload Length 20 (end 60), then 12 bytes that would be an
	 * 8-byte DO header and more: they are past the datagram.
	 */
	ip6(&p, 20, P_TCP);
	tcp(&p, 8080, 80);
	pb_put8(&p, P_DSTOPTS);
	pb_putn(&p, 11, 0xff);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 60, .l4_off = 40, .unfrag_end = 40,
		.proto = P_TCP, .sport = 8080, .dport = 80,
		.flags = L4 | PORTS });

	/* a DO (8) whose UDP lies after the datagram's end (48): the ports
	 * are in the buffer but not in the datagram */
	ip6(&p, 8, P_DSTOPTS);
	ext(&p, P_UDP, 0);
	udp(&p, 1, 2, 8);
	expect_err(&p, V6T_EPKT_CHAIN);
}
END_TEST

/* ========================================================= fragments */

START_TEST(test_pkt_frag_first)
{
	struct pb p;

	/*
	 * Fragment at 40 (offset 0, M 1: field 0x0001, id 0x12345678), UDP
	 * at 48 with 16 bytes of data: Payload Length 8 + 8 + 16 = 32,
	 * end 72. The walk goes on to UDP: L4 and PORTS with FRAGMENT.
	 */
	ip6(&p, 32, P_FRAGMENT);
	pb_frag(&p, P_UDP, 0x0001, 0x12345678);
	udp(&p, 0x1001, 0x2002, 1000);
	pb_putn(&p, 16, 0x42);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 72, .l4_off = 48, .unfrag_end = 40,
		.ext_count = 1, .frag_hdr_off = 40, .frag_nh_off = 6,
		.frag_id = 0x12345678, .frag_offset = 0, .more_frags = 1,
		.proto = P_UDP, .sport = 0x1001, .dport = 0x2002,
		.flags = FRAG | L4 | PORTS });
}
END_TEST

START_TEST(test_pkt_frag_middle)
{
	struct pb p;

	/*
	 * Offset 1448 bytes = 181 units; field 181 << 3 | M = 0x05a8 | 1 =
	 * 0x05a9. 24 bytes of data that look like a UDP header: the walk
	 * stops at the Fragment header, proto is its Next Header (17).
	 * Payload Length 8 + 24 = 32, end 72.
	 */
	ip6(&p, 32, P_FRAGMENT);
	pb_frag(&p, P_UDP, 0x05a9, 0xfedcba98);
	udp(&p, 0x1001, 0x2002, 1000);
	pb_putn(&p, 16, 0x42);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 72, .unfrag_end = 40, .ext_count = 1,
		.frag_hdr_off = 40, .frag_nh_off = 6, .frag_id = 0xfedcba98,
		.frag_offset = 1448, .more_frags = 1, .proto = P_UDP,
		.flags = FRAG });
}
END_TEST

START_TEST(test_pkt_frag_last)
{
	struct pb p;

	/* offset 2896 = 362 units: 362 << 3 = 0x0b50, M 0; 8 bytes data */
	ip6(&p, 16, P_FRAGMENT);
	pb_frag(&p, P_TCP, 0x0b50, 1);
	pb_putn(&p, 8, 0);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 56, .unfrag_end = 40, .ext_count = 1,
		.frag_hdr_off = 40, .frag_nh_off = 6, .frag_id = 1,
		.frag_offset = 2896, .more_frags = 0, .proto = P_TCP,
		.flags = FRAG });

	/* the largest offset, 8191 units: field 0xfff8 = 65528 bytes */
	ip6(&p, 8, P_FRAGMENT);
	pb_frag(&p, P_TCP, 0xfff8, 2);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 48, .unfrag_end = 40, .ext_count = 1,
		.frag_hdr_off = 40, .frag_nh_off = 6, .frag_id = 2,
		.frag_offset = 65528, .more_frags = 0, .proto = P_TCP,
		.flags = FRAG });

	/* a non-first fragment's Next Header may even be 44 or 0: nothing
	 * after its Fragment header is looked at */
	ip6(&p, 8, P_FRAGMENT);
	pb_frag(&p, P_FRAGMENT, 0x0009, 3); /* offset 8, M 1 */
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 48, .unfrag_end = 40, .ext_count = 1,
		.frag_hdr_off = 40, .frag_nh_off = 6, .frag_id = 3,
		.frag_offset = 8, .more_frags = 1, .proto = P_FRAGMENT,
		.flags = FRAG });
}
END_TEST

START_TEST(test_pkt_frag_atomic)
{
	struct pb p;

	/* RFC 6946 §2: offset 0, M 0. TCP at 48, end 68 */
	ip6(&p, 28, P_FRAGMENT);
	pb_frag(&p, P_TCP, 0x0000, 0xdeadbeef);
	tcp(&p, 179, 40000);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 68, .l4_off = 48, .unfrag_end = 40,
		.ext_count = 1, .frag_hdr_off = 40, .frag_nh_off = 6,
		.frag_id = 0xdeadbeef, .proto = P_TCP, .sport = 179,
		.dport = 40000, .flags = ATOMIC | L4 | PORTS });

	/*
	 * RFC 8200 §4.5: Reserved (byte 1) and Res (bits 1..2 of the
	 * field, 0x0006) are "ignored on reception": still atomic.
	 */
	ip6(&p, 28, P_FRAGMENT);
	pb_frag(&p, P_TCP, 0x0006, 0xdeadbeef);
	p.b[41] = 0xff;
	tcp(&p, 179, 40000);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 68, .l4_off = 48, .unfrag_end = 40,
		.ext_count = 1, .frag_hdr_off = 40, .frag_nh_off = 6,
		.frag_id = 0xdeadbeef, .proto = P_TCP, .sport = 179,
		.dport = 40000, .flags = ATOMIC | L4 | PORTS });

	/* an atomic fragment is whole: a chain cut by its end is CHAIN
	 * (DO hel 1 = 16 bytes at 48, end 56) */
	ip6(&p, 16, P_FRAGMENT);
	pb_frag(&p, P_DSTOPTS, 0x0000, 1);
	ext(&p, P_TCP, 1);
	expect_err_len(&p, 56, 0, V6T_EPKT_CHAIN);
}
END_TEST

START_TEST(test_pkt_frag_twice)
{
	struct pb p;

	/* two Fragment headers in a row (the first a first fragment) */
	ip6(&p, 36, P_FRAGMENT);
	pb_frag(&p, P_FRAGMENT, 0x0001, 1);
	pb_frag(&p, P_TCP, 0x0001, 1);
	tcp(&p, 1, 2);
	expect_err(&p, V6T_EPKT_FRAG_TWICE);

	/* atomic, then a DO, then a second (non-first) one */
	ip6(&p, 24, P_FRAGMENT);
	pb_frag(&p, P_DSTOPTS, 0x0000, 1);
	ext(&p, P_FRAGMENT, 0);
	pb_frag(&p, P_TCP, 0x0010, 1);
	expect_err(&p, V6T_EPKT_FRAG_TWICE);

	/* named but cut off by the fragment's end (end 48): the value
	 * decides */
	ip6(&p, 8, P_FRAGMENT);
	pb_frag(&p, P_FRAGMENT, 0x0001, 1);
	expect_err(&p, V6T_EPKT_FRAG_TWICE);
}
END_TEST

START_TEST(test_pkt_frag_first_chain_cut)
{
	struct pb p;

	/*
	 * RFC 7112 §5 is the caller's policy: a first fragment whose chain
	 * runs past its end parses without L4. Fragment at 40 (M 1), DO hel
	 * 3 (32 bytes) at 48 that would end at 80; the fragment ends at
	 * 40 + 24 = 64. proto is the Fragment header's Next Header (60);
	 * only the Fragment header was walked.
	 */
	ip6(&p, 24, P_FRAGMENT);
	pb_frag(&p, P_DSTOPTS, 0x0001, 0x55);
	ext(&p, P_TCP, 3);
	expect_ok_len(&p, 64, 0, &(v6t_pkt){
		.version = 6, .end = 64, .unfrag_end = 40, .ext_count = 1,
		.frag_hdr_off = 40, .frag_nh_off = 6, .frag_id = 0x55,
		.more_frags = 1, .proto = P_DSTOPTS, .flags = FRAG });

	/* fewer than 8 bytes after the Fragment header: end 40 + 12 = 52 */
	ip6(&p, 12, P_FRAGMENT);
	pb_frag(&p, P_AH, 0x0001, 0x56);
	pb_putn(&p, 4, 0);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 52, .unfrag_end = 40, .ext_count = 1,
		.frag_hdr_off = 40, .frag_nh_off = 6, .frag_id = 0x56,
		.more_frags = 1, .proto = P_AH, .flags = FRAG });

	/* an AH (pl 4 = 24 bytes) after the Fragment header, 2 headers
	 * walked (HBH at 40, Fragment at 48), the AH at 56 needs 80, the
	 * fragment ends at 40 + 32 = 72 */
	ip6(&p, 32, P_HOPOPT);
	ext(&p, P_FRAGMENT, 0);
	pb_frag(&p, P_AH, 0x0001, 0x57);
	pb_ah(&p, P_TCP, 4);
	expect_ok_len(&p, 72, 0, &(v6t_pkt){
		.version = 6, .end = 72, .unfrag_end = 48, .ext_count = 2,
		.frag_hdr_off = 48, .frag_nh_off = 40, .frag_id = 0x57,
		.more_frags = 1, .proto = P_AH, .flags = FRAG });

	/* the chain is complete but TCP has 2 bytes: L4 without PORTS */
	ip6(&p, 10, P_FRAGMENT);
	pb_frag(&p, P_TCP, 0x0001, 0x58);
	pb_put16(&p, 443);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 50, .l4_off = 48, .unfrag_end = 40,
		.ext_count = 1, .frag_hdr_off = 40, .frag_nh_off = 6,
		.frag_id = 0x58, .more_frags = 1, .proto = P_TCP,
		.flags = FRAG | L4 });

	/* the Fragment header itself cut (Payload Length 4, end 44) is an
	 * error: no fragment has been seen yet */
	ip6(&p, 4, P_FRAGMENT);
	pb_putn(&p, 4, 0);
	expect_err(&p, V6T_EPKT_CHAIN);
}
END_TEST

/*
 * unfrag_end (RFC 8200 §4.5: through the last Routing header, else the
 * Hop-by-Hop header, else the IPv6 header alone; headers after the
 * Fragment header do not count) and frag_nh_off (the byte that holds 44).
 * Every row ends with UDP 0x1001 -> 0x2002 (8 bytes) unless the walk
 * stops at a non-first fragment.
 */
START_TEST(test_pkt_unfrag_end_and_frag_nh_off)
{
	struct pb p;

	/* no extension header: 40 */
	ip6(&p, 8, P_UDP);
	udp(&p, 0x1001, 0x2002, 8);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 48, .l4_off = 40, .unfrag_end = 40,
		.proto = P_UDP, .sport = 0x1001, .dport = 0x2002,
		.flags = L4 | PORTS });

	/* HBH (8), DO (8): after HBH, 48 (a DO alone does not count) */
	ip6(&p, 24, P_HOPOPT);
	ext(&p, P_DSTOPTS, 0);
	ext(&p, P_UDP, 0);
	udp(&p, 0x1001, 0x2002, 8);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 64, .l4_off = 56, .unfrag_end = 48,
		.ext_count = 2, .proto = P_UDP, .sport = 0x1001,
		.dport = 0x2002, .flags = L4 | PORTS });

	/*
	 * RFC 8200 §4.1 order in a first fragment: HBH (8) at 40, DO (8) at
	 * 48, Routing hel 2 (24) at 56, Fragment at 80, DO (8) at 88, UDP at
	 * 96, end 104. unfrag_end = 56 + 24 = 80 = frag_hdr_off; the
	 * Routing header (first byte at 56) names the Fragment header.
	 */
	ip6(&p, 64, P_HOPOPT);
	ext(&p, P_DSTOPTS, 0);
	ext(&p, P_ROUTING, 0);
	ext(&p, P_FRAGMENT, 2);
	pb_frag(&p, P_DSTOPTS, 0x0001, 11);
	ext(&p, P_UDP, 0);
	udp(&p, 0x1001, 0x2002, 8);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 104, .l4_off = 96, .unfrag_end = 80,
		.ext_count = 5, .frag_hdr_off = 80, .frag_nh_off = 56,
		.frag_id = 11, .more_frags = 1, .proto = P_UDP,
		.sport = 0x1001, .dport = 0x2002, .flags = FRAG | L4 | PORTS });

	/* DO (8) at 40 then Fragment at 48: the DO is not in unfrag_end
	 * (40), but it names the Fragment header: frag_nh_off 40 */
	ip6(&p, 24, P_DSTOPTS);
	ext(&p, P_FRAGMENT, 0);
	pb_frag(&p, P_UDP, 0x0001, 12);
	udp(&p, 0x1001, 0x2002, 8);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 64, .l4_off = 56, .unfrag_end = 40,
		.ext_count = 2, .frag_hdr_off = 48, .frag_nh_off = 40,
		.frag_id = 12, .more_frags = 1, .proto = P_UDP,
		.sport = 0x1001, .dport = 0x2002, .flags = FRAG | L4 | PORTS });

	/* HBH hel 1 (16) at 40, Fragment (atomic) at 56, Routing hel 2
	 * (24) at 64, UDP at 88: the Routing header after the Fragment
	 * header does not count, unfrag_end = 56 */
	ip6(&p, 56, P_HOPOPT);
	ext(&p, P_FRAGMENT, 1);
	pb_frag(&p, P_ROUTING, 0x0000, 13);
	ext(&p, P_UDP, 2);
	udp(&p, 0x1001, 0x2002, 8);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 96, .l4_off = 88, .unfrag_end = 56,
		.ext_count = 3, .frag_hdr_off = 56, .frag_nh_off = 40,
		.frag_id = 13, .proto = P_UDP, .sport = 0x1001,
		.dport = 0x2002, .flags = ATOMIC | L4 | PORTS });

	/* no Fragment header: Routing hel 2 (24) at 40, DO (8) at 64,
	 * Routing hel 4 (40) at 72, UDP at 112: the last Routing header
	 * counts, unfrag_end = 72 + 40 = 112 */
	ip6(&p, 80, P_ROUTING);
	ext(&p, P_DSTOPTS, 2);
	ext(&p, P_ROUTING, 0);
	ext(&p, P_UDP, 4);
	udp(&p, 0x1001, 0x2002, 8);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 120, .l4_off = 112, .unfrag_end = 112,
		.ext_count = 3, .proto = P_UDP, .sport = 0x1001,
		.dport = 0x2002, .flags = L4 | PORTS });

	/* a non-first fragment after HBH (8) and Routing hel 2 (24):
	 * Fragment at 72 (offset 8: field 0x0009), named by the Routing
	 * header at 48; unfrag_end 72; 8 data bytes, end 88 */
	ip6(&p, 48, P_HOPOPT);
	ext(&p, P_ROUTING, 0);
	ext(&p, P_FRAGMENT, 2);
	pb_frag(&p, P_UDP, 0x0009, 14);
	pb_putn(&p, 8, 0);
	expect_ok(&p, &(v6t_pkt){
		.version = 6, .end = 88, .unfrag_end = 72, .ext_count = 3,
		.frag_hdr_off = 72, .frag_nh_off = 48, .frag_id = 14,
		.frag_offset = 8, .more_frags = 1, .proto = P_UDP,
		.flags = FRAG });
}
END_TEST

/* ============================================================= IPv4 */

START_TEST(test_pkt_ipv4_udp)
{
	static const uint8_t dns[] = {
		0x45, 0x00, 0x00, 0x1c, /* version 4, IHL 5, Total Length 28 */
		0x1c, 0x46, 0x40, 0x00, /* Identification 0x1c46, DF, offset 0 */
		0x40, 0x11, 0x00, 0x00, /* TTL 64, UDP, checksum (not checked) */
		0xc0, 0x00, 0x02, 0x01, /* 192.0.2.1 */
		0xc6, 0x33, 0x64, 0x02, /* 198.51.100.2 */
		0x04, 0xd2, 0x00, 0x35, /* ports 0x04d2 = 1234 -> 53 */
		0x00, 0x08, 0x00, 0x00, /* UDP length 8, checksum */
	};
	struct pb p = { .n = 0 };

	pb_put_bytes(&p, dns, sizeof dns);
	/* DF is not a fragment; unfrag_end and l4_off = IHL * 4 = 20 */
	expect_ok(&p, &(v6t_pkt){
		.version = 4, .end = 28, .l4_off = 20, .unfrag_end = 20,
		.frag_id = 0x1c46, .proto = P_UDP, .sport = 1234, .dport = 53,
		.flags = L4 | PORTS });
}
END_TEST

START_TEST(test_pkt_ipv4_tcp_icmp)
{
	struct pb p;

	/* TCP, Total Length 40, id 0xffff */
	ip4(&p, 5, 40, 0xffff, 0x0000, P_TCP);
	tcp(&p, 65535, 1);
	expect_ok(&p, &(v6t_pkt){
		.version = 4, .end = 40, .l4_off = 20, .unfrag_end = 20,
		.frag_id = 0xffff, .proto = P_TCP, .sport = 65535, .dport = 1,
		.flags = L4 | PORTS });

	/* ICMP echo (8 bytes): no ports; the reserved flag bit (0x8000)
	 * is not a fragment */
	ip4(&p, 5, 28, 0x0001, 0x8000, P_ICMP);
	pb_put32(&p, 0x08001234);
	pb_put32(&p, 0x00010001);
	expect_ok(&p, &(v6t_pkt){
		.version = 4, .end = 28, .l4_off = 20, .unfrag_end = 20,
		.frag_id = 1, .proto = P_ICMP, .flags = L4 });

	/* a header with no payload and no ports to read: TL 20, GRE */
	ip4(&p, 5, 20, 0x0002, 0x0000, P_GRE);
	expect_ok(&p, &(v6t_pkt){
		.version = 4, .end = 20, .l4_off = 20, .unfrag_end = 20,
		.frag_id = 2, .proto = P_GRE, .flags = L4 });

	/* the same with TCP: the 4 port bytes past the end are CHAIN */
	ip4(&p, 5, 20, 0x0002, 0x0000, P_TCP);
	expect_err(&p, V6T_EPKT_CHAIN);
	/* and with 3 of them (TL 23) */
	ip4(&p, 5, 23, 0x0002, 0x0000, P_TCP);
	pb_putn(&p, 3, 0);
	expect_err(&p, V6T_EPKT_CHAIN);
}
END_TEST

/* IHL 6..15: the header and l4_off are IHL * 4 bytes, worked out. */
static const struct {
	unsigned ihl, hlen;
} ihl_table[] = {
	{ 6, 24 }, { 7, 28 }, { 8, 32 }, { 9, 36 }, { 10, 40 },
	{ 11, 44 }, { 12, 48 }, { 13, 52 }, { 14, 56 }, { 15, 60 },
};
#define N_IHL ((int)(sizeof ihl_table / sizeof ihl_table[0]))

START_TEST(test_pkt_ipv4_options)
{
	unsigned hlen = ihl_table[_i].hlen;
	struct pb p;

	/* options (NOPs) then UDP 0x0102 -> 0x0304; TL = hlen + 8 */
	ip4(&p, ihl_table[_i].ihl, hlen + 8, 0x4321, 0x4000, P_UDP);
	ck_assert_uint_eq(p.n, hlen);
	udp(&p, 0x0102, 0x0304, 8);
	expect_ok(&p, &(v6t_pkt){
		.version = 4, .end = hlen + 8, .l4_off = hlen,
		.unfrag_end = hlen, .frag_id = 0x4321, .proto = P_UDP,
		.sport = 0x0102, .dport = 0x0304, .flags = L4 | PORTS });

	/* one byte short of the options: SHORT, also with TRUNC */
	expect_err_len(&p, hlen - 1, 0, V6T_EPKT_SHORT);
	expect_err_len(&p, hlen - 1, TRUNC, V6T_EPKT_SHORT);
}
END_TEST

START_TEST(test_pkt_ipv4_fragments)
{
	struct pb p;

	/* first: MF (0x2000), offset 0; UDP at 20, TL 20+8+16 = 44 */
	ip4(&p, 5, 44, 0xabcd, 0x2000, P_UDP);
	udp(&p, 0x1001, 0x2002, 3000);
	pb_putn(&p, 16, 0);
	expect_ok(&p, &(v6t_pkt){
		.version = 4, .end = 44, .l4_off = 20, .unfrag_end = 20,
		.frag_id = 0xabcd, .more_frags = 1, .proto = P_UDP,
		.sport = 0x1001, .dport = 0x2002,
		.flags = FRAG | L4 | PORTS });

	/* middle: MF, offset 185 units = 1480 bytes: 0x2000 | 0x00b9 */
	ip4(&p, 5, 44, 0xabcd, 0x20b9, P_UDP);
	udp(&p, 0x1001, 0x2002, 3000);
	pb_putn(&p, 16, 0);
	expect_ok(&p, &(v6t_pkt){
		.version = 4, .end = 44, .unfrag_end = 20, .frag_id = 0xabcd,
		.frag_offset = 1480, .more_frags = 1, .proto = P_UDP,
		.flags = FRAG });

	/* last: offset 370 units = 2960 bytes (0x0172), MF 0, IHL 6 */
	ip4(&p, 6, 32, 0xabcd, 0x0172, P_UDP);
	pb_putn(&p, 8, 0);
	expect_ok(&p, &(v6t_pkt){
		.version = 4, .end = 32, .unfrag_end = 24, .frag_id = 0xabcd,
		.frag_offset = 2960, .proto = P_UDP, .flags = FRAG });

	/* DF and the largest offset, 8191 units: 0x4000 | 0x1fff = 0x5fff,
	 * 65528 bytes */
	ip4(&p, 5, 28, 7, 0x5fff, P_TCP);
	pb_putn(&p, 8, 0);
	expect_ok(&p, &(v6t_pkt){
		.version = 4, .end = 28, .unfrag_end = 20, .frag_id = 7,
		.frag_offset = 65528, .proto = P_TCP, .flags = FRAG });

	/* a first fragment with 2 bytes of TCP (TL 22): not whole, so no
	 * error; L4 without PORTS */
	ip4(&p, 5, 22, 8, 0x2000, P_TCP);
	pb_put16(&p, 80);
	expect_ok(&p, &(v6t_pkt){
		.version = 4, .end = 22, .l4_off = 20, .unfrag_end = 20,
		.frag_id = 8, .more_frags = 1, .proto = P_TCP,
		.flags = FRAG | L4 });
}
END_TEST

START_TEST(test_pkt_ipv4_ihl_below_5)
{
	struct pb p;
	unsigned ihl;

	/* RFC 791 §3.1: IHL 0..4 is below the minimum header (5 words),
	 * whatever the length of the buffer (1 byte or 60) */
	for (ihl = 0; ihl < 5; ihl++) {
		ip4(&p, ihl, 60, 0, 0, P_UDP);
		pb_putn(&p, 40, 0);
		expect_err(&p, V6T_EPKT_IPV4_HEADER);
		expect_err_len(&p, 1, 0, V6T_EPKT_IPV4_HEADER);
		expect_err_len(&p, 19, TRUNC, V6T_EPKT_IPV4_HEADER);
	}
}
END_TEST

START_TEST(test_pkt_ipv4_total_length_below_header)
{
	struct pb p;
	unsigned tl;

	/* IHL 5: Total Length 0..19 is below the 20-byte header */
	for (tl = 0; tl < 20; tl++) {
		ip4(&p, 5, tl, 0, 0, P_ICMP);
		pb_putn(&p, 8, 0);
		expect_err(&p, V6T_EPKT_IPV4_HEADER);
	}
	/* IHL 6 (24 bytes): Total Length 20..23 */
	for (tl = 20; tl < 24; tl++) {
		ip4(&p, 6, tl, 0, 0, P_ICMP);
		pb_putn(&p, 8, 0);
		expect_err(&p, V6T_EPKT_IPV4_HEADER);
	}
	/* IHL 6, Total Length 24: a header alone, fine */
	ip4(&p, 6, 24, 0, 0, P_ICMP);
	expect_ok(&p, &(v6t_pkt){
		.version = 4, .end = 24, .l4_off = 24, .unfrag_end = 24,
		.proto = P_ICMP, .flags = L4 });
}
END_TEST

START_TEST(test_pkt_ipv4_short_buffer)
{
	struct pb p;
	size_t len;

	ip4(&p, 5, 28, 0x1111, 0, P_UDP);
	udp(&p, 1, 2, 8);
	/* 1..19 bytes: inside the header */
	for (len = 1; len < 20; len++) {
		expect_err_len(&p, len, 0, V6T_EPKT_SHORT);
		expect_err_len(&p, len, TRUNC, V6T_EPKT_SHORT);
	}
	/* 20..27 bytes: before Total Length 28 */
	for (len = 20; len < 28; len++)
		expect_err_len(&p, len, 0, V6T_EPKT_SHORT);

	/* Total Length 0xffff over a 28-byte buffer */
	p.b[2] = 0xff;
	p.b[3] = 0xff;
	expect_err_len(&p, 28, 0, V6T_EPKT_SHORT);
}
END_TEST

START_TEST(test_pkt_ipv4_trailing_bytes_ignored)
{
	struct pb p;

	/* TL 28 in a 46-byte Ethernet minimum payload: 18 padding bytes */
	ip4(&p, 5, 28, 0x2222, 0, P_UDP);
	udp(&p, 67, 68, 8);
	pb_putn(&p, 18, 0);
	expect_ok(&p, &(v6t_pkt){
		.version = 4, .end = 28, .l4_off = 20, .unfrag_end = 20,
		.frag_id = 0x2222, .proto = P_UDP, .sport = 67, .dport = 68,
		.flags = L4 | PORTS });

	/* TL 22 with UDP: its ports are in the buffer but past the
	 * datagram's end */
	ip4(&p, 5, 22, 0x2222, 0, P_UDP);
	udp(&p, 67, 68, 8);
	expect_err(&p, V6T_EPKT_CHAIN);
}
END_TEST

/* ================================================== OPT_TRUNCATED */

START_TEST(test_pkt_truncated_ipv6_quoted)
{
	struct pb p;

	/*
	 * RFC 4443 §2.4 (c): an ICMPv6 error quotes as much of the invoking
	 * packet as fits. A 1280-byte UDP packet (Payload Length 1240)
	 * quoted down to its IPv6 and UDP headers, 48 bytes: end 48, CUT.
	 */
	ip6(&p, 1240, P_UDP);
	udp(&p, 33434, 33435, 1240);
	expect_err_len(&p, 48, 0, V6T_EPKT_SHORT);
	expect_ok_len(&p, 48, TRUNC, &(v6t_pkt){
		.version = 6, .end = 48, .l4_off = 40, .unfrag_end = 40,
		.proto = P_UDP, .sport = 33434, .dport = 33435,
		.flags = CUT | L4 | PORTS });

	/* quoted down to 2 bytes of TCP: L4, but the ports are cut */
	ip6(&p, 1000, P_TCP);
	tcp(&p, 443, 50000);
	expect_ok_len(&p, 42, TRUNC, &(v6t_pkt){
		.version = 6, .end = 42, .l4_off = 40, .unfrag_end = 40,
		.proto = P_TCP, .flags = CUT | L4 });
	/* down to the IPv6 header alone: TCP at 40 = end */
	expect_ok_len(&p, 40, TRUNC, &(v6t_pkt){
		.version = 6, .end = 40, .l4_off = 40, .unfrag_end = 40,
		.proto = P_TCP, .flags = CUT | L4 });

	/*
	 * the chain cut by the buffer: HBH (8) at 40 walked, Routing hel 2
	 * (24) at 48 has 10 of its bytes (buffer 58): no L4, proto 0 (no
	 * Fragment header), unfrag_end after HBH = 48
	 */
	ip6(&p, 1000, P_HOPOPT);
	ext(&p, P_ROUTING, 0);
	ext(&p, P_TCP, 2);
	tcp(&p, 1, 2);
	expect_ok_len(&p, 58, TRUNC, &(v6t_pkt){
		.version = 6, .end = 58, .unfrag_end = 48, .ext_count = 1,
		.flags = CUT });
	/* 4 bytes of the Routing header (fewer than 8) */
	expect_ok_len(&p, 52, TRUNC, &(v6t_pkt){
		.version = 6, .end = 52, .unfrag_end = 48, .ext_count = 1,
		.flags = CUT });

	/* a quoted non-first fragment, its Fragment header whole */
	ip6(&p, 1000, P_FRAGMENT);
	pb_frag(&p, P_UDP, 0x0011, 99); /* offset 16, M 1 */
	expect_ok_len(&p, 48, TRUNC, &(v6t_pkt){
		.version = 6, .end = 48, .unfrag_end = 40, .ext_count = 1,
		.frag_hdr_off = 40, .frag_nh_off = 6, .frag_id = 99,
		.frag_offset = 16, .more_frags = 1, .proto = P_UDP,
		.flags = CUT | FRAG });

	/* the IPv6 header itself must be whole */
	expect_err_len(&p, 39, TRUNC, V6T_EPKT_SHORT);
}
END_TEST

START_TEST(test_pkt_truncated_not_cut)
{
	struct pb p;

	/*
	 * A datagram within its buffer is not cut: CUT stays clear and a
	 * header past the datagram's end (DO hel 1 needs 56, Payload Length
	 * 8 ends at 48; the buffer holds 64) is still CHAIN.
	 */
	ip6(&p, 8, P_DSTOPTS);
	ext(&p, P_UDP, 1);
	udp(&p, 1, 2, 8);
	expect_err_len(&p, 64, TRUNC, V6T_EPKT_CHAIN);

	ip4(&p, 5, 22, 0, 0, P_UDP);
	udp(&p, 1, 2, 8);
	expect_err_len(&p, 28, TRUNC, V6T_EPKT_CHAIN);

	/* and the errors of the chain stay errors when the buffer is cut */
	eight_ext(&p, P_DSTOPTS);
	ext(&p, P_TCP, 0);
	p.b[4] = 0x10; /* Payload Length 4096, far past the buffer */
	p.b[5] = 0x00;
	expect_err_len(&p, p.n, TRUNC, V6T_EPKT_TOO_MANY_EXT);
}
END_TEST

START_TEST(test_pkt_truncated_ipv4_quoted)
{
	struct pb p;

	/*
	 * RFC 792: an ICMP error quotes "the internet header plus the first
	 * 64 bits of the original datagram's data". A 1500-byte UDP
	 * datagram quoted to 20 + 8 bytes: end 28, CUT.
	 */
	ip4(&p, 5, 1500, 0x3333, 0x4000, P_UDP);
	udp(&p, 1234, 53, 1480);
	expect_err_len(&p, 28, 0, V6T_EPKT_SHORT);
	expect_ok_len(&p, 28, TRUNC, &(v6t_pkt){
		.version = 4, .end = 28, .l4_off = 20, .unfrag_end = 20,
		.frag_id = 0x3333, .proto = P_UDP, .sport = 1234, .dport = 53,
		.flags = CUT | L4 | PORTS });
	/* quoted to 22 bytes: 2 port bytes, no PORTS, no error */
	expect_ok_len(&p, 22, TRUNC, &(v6t_pkt){
		.version = 4, .end = 22, .l4_off = 20, .unfrag_end = 20,
		.frag_id = 0x3333, .proto = P_UDP, .flags = CUT | L4 });
	/* quoted to the header alone */
	expect_ok_len(&p, 20, TRUNC, &(v6t_pkt){
		.version = 4, .end = 20, .l4_off = 20, .unfrag_end = 20,
		.frag_id = 0x3333, .proto = P_UDP, .flags = CUT | L4 });

	/* with options (IHL 7, 28 bytes): the header must be whole */
	ip4(&p, 7, 1500, 0x3333, 0x2000, P_TCP);
	tcp(&p, 1, 2);
	expect_err_len(&p, 27, TRUNC, V6T_EPKT_SHORT);
	/* 28 + 8 = 36 bytes of a first fragment: ports at 28 */
	expect_ok_len(&p, 36, TRUNC, &(v6t_pkt){
		.version = 4, .end = 36, .l4_off = 28, .unfrag_end = 28,
		.frag_id = 0x3333, .more_frags = 1, .proto = P_TCP,
		.sport = 1, .dport = 2, .flags = CUT | FRAG | L4 | PORTS });
}
END_TEST

/* ================================================ version and options */

START_TEST(test_pkt_bad_version)
{
	struct pb p;
	unsigned v;

	/* every version nibble but 4 and 6, in front of 40 bytes that
	 * would be a valid IPv6 (or IPv4) packet otherwise */
	for (v = 0; v < 16; v++) {
		if (v == 4 || v == 6)
			continue;
		ip6(&p, 0, P_NONXT);
		p.b[0] = (uint8_t)(v << 4);
		expect_err(&p, V6T_EPKT_VERSION);
		expect_err_len(&p, 1, 0, V6T_EPKT_VERSION);
	}
	/* the brief's list, explicitly: 0, 5, 7, 15 */
	ip6(&p, 0, P_NONXT);
	p.b[0] = 0x00;
	expect_err(&p, V6T_EPKT_VERSION);
	p.b[0] = 0x50;
	expect_err(&p, V6T_EPKT_VERSION);
	p.b[0] = 0x70;
	expect_err(&p, V6T_EPKT_VERSION);
	p.b[0] = 0xf0;
	expect_err(&p, V6T_EPKT_VERSION);
}
END_TEST

START_TEST(test_pkt_empty_buffer)
{
	struct pb p = { .n = 0 };

	expect_err_len(&p, 0, 0, V6T_EPKT_VERSION);
	expect_err_len(&p, 0, TRUNC, V6T_EPKT_VERSION);
}
END_TEST

START_TEST(test_pkt_unknown_option_bit)
{
	static const unsigned bad[] = {
		0x2u, 0x3u, 0x4u, 0x100u, 0x80000000u, ~0u,
	};
	struct pb p;
	size_t i;

	ip6(&p, 20, P_TCP);
	tcp(&p, 1, 2);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		expect_err_len(&p, p.n, bad[i], V6T_EINVAL);
		/* reported before anything about the buffer */
		expect_err_len(&p, 0, bad[i], V6T_EINVAL);
	}
}
END_TEST

/* ===================================================== every prefix */

/*
 * Valid packets, each with what was worked out by hand: the IP header's
 * length, the end of each extension header walked (ascending), the
 * upper-layer offset (0 when the walk does not reach it) and whether it
 * has ports. The datagram fills the buffer exactly.
 */
struct prefix_case {
	void (*build)(struct pb *p);
	unsigned hdr;
	unsigned ends[V6T_PKT_MAX_EXT];
	unsigned n_ends;
	unsigned l4;
	int ports;
};

/* IPv6 TCP, 60 bytes */
static void build_v6_tcp(struct pb *p)
{
	ip6(p, 20, P_TCP);
	tcp(p, 1, 2);
}

/* the eight-header chain then TCP (164 bytes) */
static void build_v6_eight(struct pb *p)
{
	eight_ext(p, P_TCP);
	tcp(p, 1, 2);
	fix_plen(p);
}

/* HBH (8) at 40, first-fragment Fragment at 48, DO (16) at 56, UDP at
 * 72 with 8 data bytes: 88 bytes */
static void build_v6_first_frag(struct pb *p)
{
	ip6(p, 48, P_HOPOPT);
	ext(p, P_FRAGMENT, 0);
	pb_frag(p, P_DSTOPTS, 0x0001, 5);
	ext(p, P_UDP, 1);
	udp(p, 1, 2, 16);
	pb_putn(p, 8, 0);
}

/* non-first fragment: Fragment at 40, 16 data bytes: 64 bytes */
static void build_v6_later_frag(struct pb *p)
{
	ip6(p, 24, P_FRAGMENT);
	pb_frag(p, P_TCP, 0x0101, 6);
	pb_putn(p, 16, 0x77);
}

/* atomic fragment at 40, AH pl 4 (24) at 48, ESP at 72 with 16 bytes:
 * 88 bytes */
static void build_v6_atomic_esp(struct pb *p)
{
	ip6(p, 48, P_FRAGMENT);
	pb_frag(p, P_AH, 0x0000, 7);
	pb_ah(p, P_ESP, 4);
	pb_put32(p, 0x00000101); /* SPI */
	pb_put32(p, 1);          /* sequence number */
	pb_putn(p, 8, 0x99);
}

/* ICMPv6 echo, 48 bytes */
static void build_v6_icmp(struct pb *p)
{
	ip6(p, 8, P_ICMPV6);
	pb_put32(p, 0x80000000);
	pb_put32(p, 0x00010001);
}

/* IPv4 IHL 8 (32 bytes) and UDP with 4 data bytes: 44 bytes */
static void build_v4_options(struct pb *p)
{
	ip4(p, 8, 44, 1, 0, P_UDP);
	udp(p, 1, 2, 12);
	pb_putn(p, 4, 0);
}

/* IPv4 non-first fragment (offset 1 unit), 28 bytes */
static void build_v4_later_frag(struct pb *p)
{
	ip4(p, 5, 28, 1, 0x0001, P_UDP);
	pb_putn(p, 8, 0);
}

static const struct prefix_case prefix_cases[] = {
	{ build_v6_tcp, 40, { 0 }, 0, 40, 1 },
	/* header ends: 48, 56, 80, 96, 120, 128, 136, 144 (eight_ext) */
	{ build_v6_eight, 40, { 48, 56, 80, 96, 120, 128, 136, 144 }, 8, 144, 1 },
	{ build_v6_first_frag, 40, { 48, 56, 72 }, 3, 72, 1 },
	{ build_v6_later_frag, 40, { 48 }, 1, 0, 0 },
	{ build_v6_atomic_esp, 40, { 48, 72 }, 2, 72, 1 },
	{ build_v6_icmp, 40, { 0 }, 0, 40, 0 },
	{ build_v4_options, 32, { 0 }, 0, 32, 1 },
	{ build_v4_later_frag, 20, { 0 }, 0, 0, 0 },
};
#define N_PREFIX ((int)(sizeof prefix_cases / sizeof prefix_cases[0]))

START_TEST(test_pkt_every_prefix)
{
	const struct prefix_case *c = &prefix_cases[_i];
	struct pb p;
	v6t_pkt v;
	size_t len;

	c->build(&p);
	ck_assert_int_eq(run(&p, p.n, 0, &v), V6T_OK);
	ck_assert_uint_eq(v.end, p.n);
	for (len = 0; len < p.n; len++) {
		unsigned walked = 0, i;

		/* without TRUNC every prefix is short of the declared end */
		expect_err_len(&p, len, 0,
			       len == 0 ? V6T_EPKT_VERSION : V6T_EPKT_SHORT);
		if (len < c->hdr) {
			expect_err_len(&p, len, TRUNC, len == 0 ?
				       V6T_EPKT_VERSION : V6T_EPKT_SHORT);
			continue;
		}
		/* with TRUNC: the walk ends at the buffer's end */
		ck_assert_int_eq(run(&p, len, TRUNC, &v), V6T_OK);
		ck_assert_uint_eq(v.end, len);
		ck_assert(v.flags & CUT);
		for (i = 0; i < c->n_ends; i++)
			if (c->ends[i] <= len)
				walked++;
		ck_assert_uint_eq(v.ext_count, walked);
		if (c->l4 != 0 && len >= c->l4) {
			ck_assert(v.flags & L4);
			ck_assert_uint_eq(v.l4_off, c->l4);
		} else {
			ck_assert(!(v.flags & L4));
			ck_assert_uint_eq(v.l4_off, 0);
		}
		if (c->ports && c->l4 != 0 && len >= c->l4 + 4)
			ck_assert(v.flags & PORTS);
		else
			ck_assert(!(v.flags & PORTS) && v.sport == 0 &&
				  v.dport == 0);
	}
}
END_TEST

Suite *v6t_packet_suite(void)
{
	Suite *s = suite_create("packet");
	TCase *tc;

	tc = tcase_create("ipv6");
	tcase_add_test(tc, test_pkt_ipv6_tcp);
	tcase_add_test(tc, test_pkt_ipv6_udp);
	tcase_add_test(tc, test_pkt_ipv6_icmpv6);
	tcase_add_test(tc, test_pkt_ipv6_no_next_header);
	tcase_add_loop_test(tc, test_pkt_ipv6_upper_protocols, 0, N_UPPER);
	suite_add_tcase(s, tc);

	tc = tcase_create("ext");
	tcase_add_loop_test(tc, test_pkt_ext_one_of_each_kind, 0, N_ONE_EXT);
	tcase_add_loop_test(tc, test_pkt_ext_chain_of_one_kind, 0, N_SAME_EXT);
	tcase_add_test(tc, test_pkt_ext_two);
	tcase_add_test(tc, test_pkt_ext_four);
	tcase_add_test(tc, test_pkt_ext_eight);
	tcase_add_test(tc, test_pkt_ext_eight_with_fragment);
	tcase_add_test(tc, test_pkt_ext_nine_too_many);
	tcase_add_test(tc, test_pkt_hop_by_hop_not_first);
	suite_add_tcase(s, tc);

	tc = tcase_create("truncation");
	tcase_add_test(tc, test_pkt_ipv6_buffer_shorter_than_header);
	tcase_add_test(tc, test_pkt_ipv6_payload_length_past_buffer);
	tcase_add_test(tc, test_pkt_ext_length_past_datagram);
	tcase_add_test(tc, test_pkt_ah_length_past_datagram);
	tcase_add_test(tc, test_pkt_ports_cut_in_whole_packet);
	tcase_add_test(tc, test_pkt_trailing_bytes_ignored);
	suite_add_tcase(s, tc);

	tc = tcase_create("fragment");
	tcase_add_test(tc, test_pkt_frag_first);
	tcase_add_test(tc, test_pkt_frag_middle);
	tcase_add_test(tc, test_pkt_frag_last);
	tcase_add_test(tc, test_pkt_frag_atomic);
	tcase_add_test(tc, test_pkt_frag_twice);
	tcase_add_test(tc, test_pkt_frag_first_chain_cut);
	tcase_add_test(tc, test_pkt_unfrag_end_and_frag_nh_off);
	suite_add_tcase(s, tc);

	tc = tcase_create("ipv4");
	tcase_add_test(tc, test_pkt_ipv4_udp);
	tcase_add_test(tc, test_pkt_ipv4_tcp_icmp);
	tcase_add_loop_test(tc, test_pkt_ipv4_options, 0, N_IHL);
	tcase_add_test(tc, test_pkt_ipv4_fragments);
	tcase_add_test(tc, test_pkt_ipv4_ihl_below_5);
	tcase_add_test(tc, test_pkt_ipv4_total_length_below_header);
	tcase_add_test(tc, test_pkt_ipv4_short_buffer);
	tcase_add_test(tc, test_pkt_ipv4_trailing_bytes_ignored);
	suite_add_tcase(s, tc);

	tc = tcase_create("truncated");
	tcase_add_test(tc, test_pkt_truncated_ipv6_quoted);
	tcase_add_test(tc, test_pkt_truncated_not_cut);
	tcase_add_test(tc, test_pkt_truncated_ipv4_quoted);
	suite_add_tcase(s, tc);

	tc = tcase_create("misc");
	tcase_add_test(tc, test_pkt_bad_version);
	tcase_add_test(tc, test_pkt_empty_buffer);
	tcase_add_test(tc, test_pkt_unknown_option_bit);
	tcase_add_loop_test(tc, test_pkt_every_prefix, 0, N_PREFIX);
	suite_add_tcase(s, tc);

	return s;
}
