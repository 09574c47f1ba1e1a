/*
 * Fragmentation of outgoing packets: v6t_frag_split_begin() and
 * v6t_frag_split_next() (frag.h), IPv6 (RFC 8200 §4.5) and IPv4 (RFC 791
 * §3.2).
 *
 * Packets are built byte by byte, and so is every expected fragment: its
 * header fields are written out here with the working in the comment next
 * to them (lengths are sums of header sizes, chunk sizes the MTU minus the
 * repeated headers rounded down to a multiple of 8, offsets in 8-byte
 * units); the data bytes are the original packet's, at offsets worked out
 * by hand. IPv4 header checksums were added up by hand (RFC 1071: sum the
 * 16-bit words, fold the carries, complement); the sums are in the
 * comments. Nothing expected comes from running the code under test.
 *
 * Each packet is split from an exact-size heap copy and each fragment is
 * written into a heap block of exactly the size the library asked for (it
 * is first asked with no room, which must give V6T_ENOSPC and the size), so
 * that a read or a write one byte too far trips ASan.
 */
#include <stdio.h>
#include <string.h>

/* The capacity of a packet or fragment buffer here (struct pb, pktbuild.h). */
#define PB_MAX 1536

#include "pktbuild.h"
#include "suites.h"
#include "testutil.h"

/* IANA protocol numbers used below. */
#define P_HOPOPT 0
#define P_TCP 6
#define P_UDP 17
#define P_ROUTING 43
#define P_FRAGMENT 44
#define P_ESP 50
#define P_AH 51
#define P_ICMPV6 58
#define P_NONXT 59
#define P_DSTOPTS 60

#define ID6 0x11223344u /* the IPv6 Identification given to begin */
#define SENTINEL 0xa5

/* ------------------------------------------------------------ builder */

/* n payload bytes: byte i is i * 37 + 11 (mod 256), so that a slice put
 * at the wrong offset shows. */
static void payload(struct pb *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		pb_put8(p, (unsigned)(i * 37 + 11) & 0xff);
}

/*
 * Start an IPv6 packet (RFC 8200 §3): version 6, traffic class 0x01, flow
 * label 0x23456 (so that a fragment that loses them shows), the given
 * Payload Length and Next Header, Hop Limit 64, 2001:db8::1 ->
 * 2001:db8::2.
 */
static void ip6(struct pb *p, unsigned plen, unsigned nh)
{
	static const uint8_t addrs[32] = {
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
	};

	p->n = 0;
	pb_put32(p, 0x60123456);
	pb_put16(p, plen);
	pb_put8(p, nh);
	pb_put8(p, 64);
	pb_put_bytes(p, addrs, sizeof addrs);
}

/* RFC 8200 §4 extension header (Hop-by-Hop, Destination Options): Next
 * Header, Hdr Ext Len, then one PadN option filling (hel + 1) * 8 - 2
 * bytes (type 1, length (hel + 1) * 8 - 4, zeros). */
static void ext(struct pb *p, unsigned nh, unsigned hel)
{
	pb_put8(p, nh);
	pb_put8(p, hel);
	pb_put8(p, 1);
	pb_put8(p, (hel + 1) * 8 - 4);
	pb_putn(p, (hel + 1) * 8 - 4, 0);
}

/* RFC 8200 §4.4 Routing header: Next Header, Hdr Ext Len, Routing Type 4
 * (RFC 8754), Segments Left 0, then (hel + 1) * 8 - 4 bytes 0x5e. */
static void rh(struct pb *p, unsigned nh, unsigned hel)
{
	pb_put8(p, nh);
	pb_put8(p, hel);
	pb_put8(p, 4);
	pb_put8(p, 0);
	pb_putn(p, (hel + 1) * 8 - 4, 0x5e);
}

/* An 8-byte UDP header (RFC 768), checksum 0. */
static void udp(struct pb *p, unsigned ulen)
{
	pb_put16(p, 1000);
	pb_put16(p, 2000);
	pb_put16(p, ulen);
	pb_put16(p, 0);
}

/* A TCP header (RFC 9293 §3.1) with Data Offset doff (its length is
 * max(doff, 5) * 4: NOP options fill the rest). */
static void tcp(struct pb *p, unsigned doff)
{
	pb_put16(p, 1000);
	pb_put16(p, 80);
	pb_put32(p, 0x01020304);
	pb_put32(p, 0);
	pb_put16(p, doff << 12 | 0x002); /* SYN */
	pb_put16(p, 0xffff);
	pb_put32(p, 0);
	pb_putn(p, doff > 5 ? (doff - 5) * 4 : 0, 1);
}

/*
 * The 20 fixed bytes of an IPv4 header (RFC 791 §3.1): version 4 and IHL
 * ihl, TOS 0, Total Length, Identification, "flags (3) | offset (13)",
 * TTL 64, Protocol 17, the checksum as given, 192.0.2.1 -> 198.51.100.2.
 * The words that do not depend on the arguments sum to 0x4011 (TTL,
 * protocol) + c000 + 0201 + c633 + 6402.
 */
static void ip4(struct pb *p, unsigned ihl, unsigned totlen, unsigned id,
		unsigned fl, unsigned csum)
{
	p->n = 0;
	pb_put8(p, 0x40 | ihl);
	pb_put8(p, 0);
	pb_put16(p, totlen);
	pb_put16(p, id);
	pb_put16(p, fl);
	pb_put8(p, 64);
	pb_put8(p, P_UDP);
	pb_put16(p, csum);
	pb_put32(p, 0xc0000201);
	pb_put32(p, 0xc6336402);
}

/* The RFC 1071 sum of an IPv4 header, folded: 0xffff when its checksum
 * is right. A second reading, independent of src/checksum.h. */
static unsigned ip4_sum(const uint8_t *h, size_t hlen)
{
	unsigned long s = 0;
	size_t i;

	for (i = 0; i + 1 < hlen; i += 2)
		s += (unsigned long)h[i] << 8 | h[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (unsigned)s;
}

static unsigned be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* ------------------------------------------------------------ running */

#define MAX_FRAGS 64

/* The fragments of one split. */
struct frags {
	v6t_frag_split s;
	size_t count;
	size_t len[MAX_FRAGS];
	uint8_t b[MAX_FRAGS][PB_MAX];
};

/* A heap copy of exactly p's bytes (at least 1). */
static uint8_t *exact(const uint8_t *b, size_t n)
{
	uint8_t *c = malloc(n ? n : 1);

	ck_assert_ptr_nonnull(c);
	memcpy(c, b, n);
	return c;
}

/*
 * Split pkt (n bytes) for mtu; on V6T_OK write every fragment into f
 * (each asked for first with no room, then written into an exact-size
 * block), and check that one more call gives V6T_EINVAL. Returns begin's
 * result; a failed begin must leave the state alone.
 */
static int split(struct frags *f, const uint8_t *pkt, size_t n, uint32_t mtu)
{
	uint8_t *copy = exact(pkt, n), none[1];
	size_t len, i;
	int rc;

	memset(&f->s, SENTINEL, sizeof f->s);
	rc = v6t_frag_split_begin(&f->s, copy, n, mtu, ID6);
	if (rc != V6T_OK) {
		const uint8_t *sb = (const uint8_t *)&f->s;

		for (i = 0; i < sizeof f->s; i++)
			ck_assert_uint_eq(sb[i], SENTINEL);
		free(copy);
		return rc;
	}
	ck_assert_uint_le(f->s.count, MAX_FRAGS);
	ck_assert_uint_eq(f->s.index, 0);
	for (i = 0; i < f->s.count; i++) {
		uint8_t *out;

		len = 0;
		ck_assert_int_eq(v6t_frag_split_next(&f->s, none, 0, &len),
				 V6T_ENOSPC);
		ck_assert_uint_le(len, PB_MAX);
		ck_assert_uint_eq(f->s.index, i); /* unchanged by ENOSPC */
		out = malloc(len);
		ck_assert_ptr_nonnull(out);
		f->len[i] = 0;
		ck_assert_int_eq(v6t_frag_split_next(&f->s, out, len, &f->len[i]),
				 V6T_OK);
		ck_assert_uint_eq(f->len[i], len);
		ck_assert_uint_eq(f->s.index, i + 1);
		memcpy(f->b[i], out, len);
		free(out);
	}
	f->count = f->s.count;
	len = 12345;
	ck_assert_int_eq(v6t_frag_split_next(&f->s, none, sizeof none, &len),
			 V6T_EINVAL);
	ck_assert_uint_eq(len, 12345);
	ck_assert_uint_eq(f->s.index, f->count);
	free(copy);
	return rc;
}

/* Fragment i of f is exactly e. */
static void expect(const struct frags *f, size_t i, const struct pb *e)
{
	ck_assert_uint_lt(i, f->count);
	ck_assert_uint_eq(f->len[i], e->n);
	ck_assert_mem_eq(f->b[i], e->b, e->n);
}

/* ------------------------------------------------------------ reassembly */

/*
 * The library's reassembler (frag.h), to close the loop: a table for one
 * datagram of up to V6T_FRAG_MAX_DATAGRAM bytes and V6T_FRAG_FRAGS_MAX
 * fragments, in a heap block (*mem, freed by the caller).
 */
static v6t_frag_table *rtable(void **mem)
{
	v6t_frag_config cfg;
	v6t_frag_table *t;
	size_t n;

	memset(&cfg, 0, sizeof cfg);
	cfg.slots = 1;
	cfg.max_datagram = V6T_FRAG_MAX_DATAGRAM;
	cfg.max_frags = V6T_FRAG_FRAGS_MAX;
	cfg.timeout_ms = V6T_FRAG_TIMEOUT_MS;
	n = v6t_frag_table_size(&cfg);
	ck_assert_uint_gt(n, 0);
	*mem = malloc(n);
	ck_assert_ptr_nonnull(*mem);
	ck_assert_int_eq(v6t_frag_init(&t, *mem, n, &cfg), V6T_OK);
	return t;
}

/* Give t the n bytes at b (from an exact-size copy): the verdict, the
 * reason in *reason; a delivered datagram is copied to out (cap bytes,
 * its length in *outlen). */
static int rgive(v6t_frag_table *t, const uint8_t *b, size_t n, int *reason,
		 uint8_t *out, size_t cap, size_t *outlen)
{
	uint8_t *c = exact(b, n);
	v6t_frag_result r;

	ck_assert_int_eq(v6t_frag_input(t, c, n, 1, &r), V6T_OK);
	free(c);
	*reason = r.reason;
	if (r.verdict == V6T_FRAG_DONE)
		ck_assert_int_eq(v6t_frag_copy(t, &r, out, cap, outlen),
				 V6T_OK);
	return r.verdict;
}

/* ------------------------------------------------------------ IPv6 */

/*
 * A 140-byte IPv6/UDP packet: the 40-byte header (Payload Length 100),
 * UDP header (8, length 100) and 92 data bytes. No extension header, so the
 * Per-Fragment headers are the IPv6 header (40) and the Fragmentable Part
 * is the 100 bytes from offset 40.
 */
static void pkt6_udp(struct pb *o)
{
	ip6(o, 100, P_UDP);
	udp(o, 100);
	payload(o, 92);
	ck_assert_uint_eq(o->n, 140);
}

START_TEST(test_split6_plain_udp_three_fragments)
{
	static struct frags f;
	struct pb o, e;

	pkt6_udp(&o);
	/*
	 * MTU 96: chunk = (96 - 40 - 8) = 48, already a multiple of 8.
	 * 100 bytes = 48 + 48 + 4: three fragments.
	 */
	ck_assert_int_eq(split(&f, o.b, o.n, 96), V6T_OK);
	ck_assert_uint_eq(f.count, 3);
	ck_assert_uint_eq(f.s.chunk, 48);
	/* 1st: Payload Length 8 + 48 = 56, Next Header 44; Fragment header
	 * Next Header 17, offset 0, M 1 -> 0x0001; data [40, 88) */
	ip6(&e, 56, P_FRAGMENT);
	pb_frag(&e, P_UDP, 0x0001, ID6);
	pb_put_bytes(&e, o.b + 40, 48);
	expect(&f, 0, &e);
	/* 2nd: offset 48 = 6 units -> 6 << 3 | M = 0x0031; data [88, 136) */
	ip6(&e, 56, P_FRAGMENT);
	pb_frag(&e, P_UDP, 0x0031, ID6);
	pb_put_bytes(&e, o.b + 88, 48);
	expect(&f, 1, &e);
	/* 3rd: Payload Length 8 + 4 = 12; offset 96 = 12 units -> 0x0060,
	 * M 0; data [136, 140) */
	ip6(&e, 12, P_FRAGMENT);
	pb_frag(&e, P_UDP, 0x0060, ID6);
	pb_put_bytes(&e, o.b + 136, 4);
	expect(&f, 2, &e);
}
END_TEST

/* A Hop-by-Hop Options header (8 bytes, Next Header 17 or 44). */
START_TEST(test_split6_hop_by_hop)
{
	static struct frags f;
	struct pb o, e;

	/* 40 + HBH 8 + UDP 8 + 80 = 136 bytes, Payload Length 96 */
	ip6(&o, 96, P_HOPOPT);
	ext(&o, P_UDP, 0);
	udp(&o, 88);
	payload(&o, 80);
	ck_assert_uint_eq(o.n, 136);
	/*
	 * Per-Fragment headers: IPv6 + HBH = 48; Fragmentable Part [48, 136)
	 * = 88 bytes. MTU 100 (not a multiple of 8): chunk = 100 - 48 - 8 =
	 * 44 -> 40. 88 = 40 + 40 + 8: three fragments of 96, 96, 64 bytes.
	 */
	ck_assert_int_eq(split(&f, o.b, o.n, 100), V6T_OK);
	ck_assert_uint_eq(f.count, 3);
	/* Payload Length 8 (HBH) + 8 + 40 = 56; the HBH Next Header -> 44 */
	ip6(&e, 56, P_HOPOPT);
	ext(&e, P_FRAGMENT, 0);
	pb_frag(&e, P_UDP, 0x0001, ID6);
	pb_put_bytes(&e, o.b + 48, 40);
	expect(&f, 0, &e);
	/* offset 40 = 5 units -> 5 << 3 | M = 0x0029 */
	ip6(&e, 56, P_HOPOPT);
	ext(&e, P_FRAGMENT, 0);
	pb_frag(&e, P_UDP, 0x0029, ID6);
	pb_put_bytes(&e, o.b + 88, 40);
	expect(&f, 1, &e);
	/* Payload Length 8 + 8 + 8 = 24; offset 80 = 10 units -> 0x0050 */
	ip6(&e, 24, P_HOPOPT);
	ext(&e, P_FRAGMENT, 0);
	pb_frag(&e, P_UDP, 0x0050, ID6);
	pb_put_bytes(&e, o.b + 128, 8);
	expect(&f, 2, &e);
}
END_TEST

/*
 * IPv6, HBH (8), Destination Options (8), Routing (24), Destination
 * Options (16), UDP (8), 40 data bytes: offsets 40, 48, 56, 80, 96, 104;
 * 144 bytes, Payload Length 104. The Per-Fragment headers run through the
 * Routing header (RFC 8200 §4.5): [0, 80), and the first Destination
 * Options header is one of them; the second is in the Fragmentable Part
 * [80, 144), 64 bytes, which the Fragment header's Next Header (60) names.
 */
static void pkt6_rh_do(struct pb *o)
{
	ip6(o, 104, P_HOPOPT);
	ext(o, P_DSTOPTS, 0);
	ext(o, P_ROUTING, 0);
	rh(o, P_DSTOPTS, 2);
	ext(o, P_UDP, 1);
	udp(o, 48);
	payload(o, 40);
	ck_assert_uint_eq(o->n, 144);
}

/* The repeated headers of pkt6_rh_do()'s fragments: Payload Length plen,
 * the Routing header's Next Header 44. */
static void rh_do_headers(struct pb *e, unsigned plen)
{
	ip6(e, plen, P_HOPOPT);
	ext(e, P_DSTOPTS, 0);
	ext(e, P_ROUTING, 0);
	rh(e, P_FRAGMENT, 2);
}

START_TEST(test_split6_routing_dstopts_before_and_after)
{
	static struct frags f;
	struct pb o, e;

	pkt6_rh_do(&o);
	/*
	 * MTU 120: chunk = 120 - 80 - 8 = 32; 64 = 32 + 32. Payload Length
	 * 40 (HBH + DO + RH) + 8 + 32 = 80: each fragment is 120 bytes, the
	 * MTU exactly.
	 */
	ck_assert_int_eq(split(&f, o.b, o.n, 120), V6T_OK);
	ck_assert_uint_eq(f.count, 2);
	rh_do_headers(&e, 80);
	pb_frag(&e, P_DSTOPTS, 0x0001, ID6);
	pb_put_bytes(&e, o.b + 80, 32);
	expect(&f, 0, &e);
	/* offset 32 = 4 units -> 0x0020, M 0 */
	rh_do_headers(&e, 80);
	pb_frag(&e, P_DSTOPTS, 0x0020, ID6);
	pb_put_bytes(&e, o.b + 112, 32);
	expect(&f, 1, &e);
}
END_TEST

START_TEST(test_split6_first_fragment_holds_chain)
{
	static struct frags f;
	struct pb o, e;

	pkt6_rh_do(&o);
	/*
	 * The first fragment must hold the second Destination Options
	 * header and 8 bytes of UDP: [80, 104), 24 bytes. MTU 111: chunk =
	 * 111 - 88 = 23 -> 16 < 24.
	 */
	ck_assert_int_eq(split(&f, o.b, o.n, 111), V6T_EFRAG_MTU);
	/* MTU 112: chunk 24; 64 = 24 + 24 + 16; the first is 80 + 8 + 24 =
	 * 112 bytes, Payload Length 72 */
	ck_assert_int_eq(split(&f, o.b, o.n, 112), V6T_OK);
	ck_assert_uint_eq(f.count, 3);
	rh_do_headers(&e, 72);
	pb_frag(&e, P_DSTOPTS, 0x0001, ID6);
	pb_put_bytes(&e, o.b + 80, 24);
	expect(&f, 0, &e);
	/* offsets 24 = 3 units (0x0019 with M), 48 = 6 units (0x0030);
	 * the last has Payload Length 48 + 16 = 64 */
	rh_do_headers(&e, 72);
	pb_frag(&e, P_DSTOPTS, 0x0019, ID6);
	pb_put_bytes(&e, o.b + 104, 24);
	expect(&f, 1, &e);
	rh_do_headers(&e, 64);
	pb_frag(&e, P_DSTOPTS, 0x0030, ID6);
	pb_put_bytes(&e, o.b + 128, 16);
	expect(&f, 2, &e);
}
END_TEST

/*
 * Per-Fragment header chains (RFC 8200 §4.5). Each packet is the chain,
 * then UDP (8 bytes) and 200 data bytes (ICMPv6 for one row), split at MTU
 * 160; hdr (where the Fragment header goes), nh_off (the Next Header set
 * to 44) and fnh (the Fragment header's Next Header) are worked out by
 * hand from the header sizes. Every hdr is a multiple of 8, so chunk =
 * 160 - hdr - 8 is too, and the first fragment is 160 bytes.
 */
enum chain {
	CH_NONE,       /* UDP */
	CH_HBH,        /* HBH 8 */
	CH_DO,         /* DO 8: in the Fragmentable Part */
	CH_RH,         /* RH 24 */
	CH_HBH_RH,     /* HBH 8, RH 24 */
	CH_HBH_DO_RH_DO, /* HBH 8, DO 8, RH 24, DO 16 */
	CH_RH_DO_RH,   /* RH 8, DO 8, RH 8: through the last Routing header */
	CH_HBH_AH_RH,  /* HBH 8, AH 24 (Payload Len 4), RH 8 */
	CH_ICMPV6,     /* ICMPv6 */
	CH_DO_AH,      /* DO 8, AH 16: both in the Fragmentable Part */
	CH_HBH_DO,     /* HBH 8, DO 8 */
	N_CHAIN
};

static const struct {
	unsigned hdr, nh_off, fnh;
} chain_want[N_CHAIN] = {
	[CH_NONE] = { 40, 6, P_UDP },
	[CH_HBH] = { 48, 40, P_UDP },          /* HBH at 40 */
	[CH_DO] = { 40, 6, P_DSTOPTS },
	[CH_RH] = { 64, 40, P_UDP },           /* 40 + 24 */
	[CH_HBH_RH] = { 72, 48, P_UDP },       /* RH at 48, ends 72 */
	[CH_HBH_DO_RH_DO] = { 80, 56, P_DSTOPTS }, /* RH at 56, ends 80 */
	[CH_RH_DO_RH] = { 64, 56, P_UDP },     /* 2nd RH at 56, ends 64 */
	[CH_HBH_AH_RH] = { 80, 72, P_UDP },    /* AH 48..72, RH 72..80 */
	[CH_ICMPV6] = { 40, 6, P_ICMPV6 },
	[CH_DO_AH] = { 40, 6, P_DSTOPTS },
	[CH_HBH_DO] = { 48, 40, P_DSTOPTS },
};

/* The chain's headers after the IPv6 header, ending with upper-layer
 * protocol up; returns the IPv6 Next Header. */
static unsigned chain_build(struct pb *o, int c, unsigned up)
{
	switch (c) {
	case CH_HBH:
		ext(o, up, 0);
		return P_HOPOPT;
	case CH_DO:
		ext(o, up, 0);
		return P_DSTOPTS;
	case CH_RH:
		rh(o, up, 2);
		return P_ROUTING;
	case CH_HBH_RH:
		ext(o, P_ROUTING, 0);
		rh(o, up, 2);
		return P_HOPOPT;
	case CH_HBH_DO_RH_DO:
		ext(o, P_DSTOPTS, 0);
		ext(o, P_ROUTING, 0);
		rh(o, P_DSTOPTS, 2);
		ext(o, up, 1);
		return P_HOPOPT;
	case CH_RH_DO_RH:
		rh(o, P_DSTOPTS, 0);
		ext(o, P_ROUTING, 0);
		rh(o, up, 0);
		return P_ROUTING;
	case CH_HBH_AH_RH:
		ext(o, P_AH, 0);
		pb_ah(o, P_ROUTING, 4);
		rh(o, up, 0);
		return P_HOPOPT;
	case CH_DO_AH:
		ext(o, P_AH, 0);
		pb_ah(o, up, 2);
		return P_DSTOPTS;
	case CH_HBH_DO:
		ext(o, P_DSTOPTS, 0);
		ext(o, up, 0);
		return P_HOPOPT;
	default:
		return up;
	}
}

/* A packet: IPv6 header, chain c, upper-layer protocol up with an 8-byte
 * header (UDP, or ICMPv6 echo request) and then `more` data bytes. */
static void chain_packet(struct pb *o, int c, unsigned up, size_t more)
{
	unsigned nh;

	ip6(o, 0, 0);
	nh = chain_build(o, c, up);
	o->b[6] = (uint8_t)nh;
	if (up == P_UDP) {
		udp(o, 0);
	} else { /* ICMPv6 echo request (RFC 4443 §4.1), id 1, seq 1 */
		pb_put32(o, 0x80000000);
		pb_put32(o, 0x00010001);
	}
	payload(o, more);
	o->b[4] = (uint8_t)((o->n - 40) >> 8);
	o->b[5] = (uint8_t)(o->n - 40);
}

START_TEST(test_split6_per_fragment_headers)
{
	static struct frags f;
	unsigned hdr = chain_want[_i].hdr, nh_off = chain_want[_i].nh_off;
	unsigned fnh = chain_want[_i].fnh, chunk = 160 - hdr - 8;
	struct pb o;
	const uint8_t *f0, *fl;
	size_t k, total;

	chain_packet(&o, _i, _i == CH_ICMPV6 ? P_ICMPV6 : P_UDP, 200);
	ck_assert_int_eq(split(&f, o.b, o.n, 160), V6T_OK);
	total = o.n - hdr;
	/* ceil(total / chunk) */
	ck_assert_uint_eq(f.count, (total + chunk - 1) / chunk);
	f0 = f.b[0];
	ck_assert_uint_eq(f.len[0], 160);
	/* the Per-Fragment headers, but for Payload Length and one byte */
	for (k = 0; k < hdr; k++)
		if (k != 4 && k != 5 && k != nh_off)
			ck_assert_uint_eq(f0[k], o.b[k]);
	ck_assert_uint_eq(be16(f0 + 4), 160 - 40);
	ck_assert_uint_eq(f0[nh_off], P_FRAGMENT);
	/* the Fragment header at hdr: offset 0 with M */
	ck_assert_uint_eq(f0[hdr], fnh);
	ck_assert_uint_eq(f0[hdr + 1], 0);
	ck_assert_uint_eq(be16(f0 + hdr + 2), 0x0001);
	ck_assert_uint_eq(be16(f0 + hdr + 4), ID6 >> 16);
	ck_assert_uint_eq(be16(f0 + hdr + 6), ID6 & 0xffff);
	ck_assert_mem_eq(f0 + hdr + 8, o.b + hdr, chunk);
	/* the last: the same headers, its own length, offset, M 0 */
	fl = f.b[f.count - 1];
	k = total - (f.count - 1) * chunk; /* its data bytes */
	ck_assert_uint_eq(f.len[f.count - 1], hdr + 8 + k);
	ck_assert_uint_eq(be16(fl + 4), hdr - 40 + 8 + k);
	ck_assert_uint_eq(fl[nh_off], P_FRAGMENT);
	ck_assert_uint_eq(fl[hdr], fnh);
	ck_assert_uint_eq(be16(fl + hdr + 2), (f.count - 1) * chunk);
	ck_assert_mem_eq(fl + hdr + 8, o.b + hdr + (f.count - 1) * chunk, k);
}
END_TEST

/*
 * What the first fragment must hold of the upper-layer header: 8 bytes,
 * TCP its whole header (Data Offset, at least 20), or the rest of the
 * datagram when it ends sooner. Each row is a packet, the largest MTU that
 * is too small and the smallest that works, worked out from chunk =
 * floor((mtu - hdr - 8) / 8) * 8 >= (l4_off - hdr) + need, and chunk >= 8.
 */
enum upper_case {
	UC_UDP,          /* hdr 40, need 8: mtu >= 40 + 8 + 8 = 56 */
	UC_ICMPV6,       /* the same */
	UC_ESP,          /* the same */
	UC_HBH_UDP,      /* hdr 48, need 8: 64 */
	UC_DO16_UDP,     /* hdr 40, DO 16 + 8 = 24: 48 + 24 = 72 */
	UC_TCP5,         /* need 20 -> chunk 24: 72 */
	UC_TCP8,         /* need 32 -> chunk 32: 80 */
	UC_TCP15,        /* need 60 -> chunk 64: 112 */
	UC_TCP_DOFF2,    /* Data Offset 2 (bogus): still 20 -> 72 */
	N_UPPER_CASE
};

static const struct {
	uint32_t too_small, enough;
} upper_mtu[N_UPPER_CASE] = {
	[UC_UDP] = { 55, 56 },
	[UC_ICMPV6] = { 55, 56 },
	[UC_ESP] = { 55, 56 },
	[UC_HBH_UDP] = { 63, 64 },
	[UC_DO16_UDP] = { 71, 72 },   /* 71: chunk 23 -> 16 < 24 */
	[UC_TCP5] = { 71, 72 },       /* 71: chunk 16 < 20 */
	[UC_TCP8] = { 79, 80 },       /* 79: chunk 31 -> 24 < 32 */
	[UC_TCP15] = { 111, 112 },    /* 111: chunk 63 -> 56 < 60 */
	[UC_TCP_DOFF2] = { 71, 72 },
};

/* Row c's packet, with 300 data bytes so that it never fits. */
static void upper_packet(struct pb *o, int c)
{
	switch (c) {
	case UC_UDP:
		ip6(o, 0, P_UDP);
		udp(o, 0);
		break;
	case UC_ICMPV6:
		ip6(o, 0, P_ICMPV6);
		pb_put32(o, 0x80000000);
		break;
	case UC_ESP:
		ip6(o, 0, P_ESP);
		pb_put32(o, 0x00001000); /* SPI */
		break;
	case UC_HBH_UDP:
		ip6(o, 0, P_HOPOPT);
		ext(o, P_UDP, 0);
		udp(o, 0);
		break;
	case UC_DO16_UDP:
		ip6(o, 0, P_DSTOPTS);
		ext(o, P_UDP, 1);
		udp(o, 0);
		break;
	case UC_TCP5:
		ip6(o, 0, P_TCP);
		tcp(o, 5);
		break;
	case UC_TCP8:
		ip6(o, 0, P_TCP);
		tcp(o, 8);
		break;
	case UC_TCP15:
		ip6(o, 0, P_TCP);
		tcp(o, 15);
		break;
	default:
		ip6(o, 0, P_TCP);
		tcp(o, 2); /* writes 20 bytes */
		break;
	}
	payload(o, 300);
	o->b[4] = (uint8_t)((o->n - 40) >> 8);
	o->b[5] = (uint8_t)(o->n - 40);
}

START_TEST(test_split6_upper_layer_minimum)
{
	static struct frags f;
	struct pb o;

	upper_packet(&o, _i);
	ck_assert_int_eq(split(&f, o.b, o.n, upper_mtu[_i].too_small),
			 V6T_EFRAG_MTU);
	ck_assert_int_eq(split(&f, o.b, o.n, upper_mtu[_i].enough), V6T_OK);
	ck_assert_uint_ge(f.count, 2);
	ck_assert_uint_le(f.len[0], upper_mtu[_i].enough);
}
END_TEST

/* An upper layer with no bytes (No Next Header after a 48-byte
 * Destination Options header): the first fragment would have to hold the
 * whole datagram, which is larger than the MTU. */
START_TEST(test_split6_no_next_header_cannot_split)
{
	static struct frags f;
	struct pb o;

	/* 40 + 48 = 88 bytes, Payload Length 48; l4_off = 88 = the end */
	ip6(&o, 48, P_DSTOPTS);
	ext(&o, P_NONXT, 5);
	ck_assert_uint_eq(o.n, 88);
	/* MTU 80: chunk = 80 - 48 = 32 < 48 bytes [40, 88) */
	ck_assert_int_eq(split(&f, o.b, o.n, 80), V6T_EFRAG_MTU);
	ck_assert_int_eq(split(&f, o.b, o.n, 87), V6T_EFRAG_MTU);
	ck_assert_int_eq(split(&f, o.b, o.n, 88), V6T_OK);
	ck_assert_uint_eq(f.count, 1);
}
END_TEST

/*
 * RFC 7112 §3: "if a second IPv6 header appears in the header chain, as
 * is the case when IPv6 is tunneled over IPv6, the second IPv6 header is
 * considered to be an Upper-Layer Header"; an IPv4 header (Next Header 4)
 * is one too, "the first member of the header chain that is neither an
 * IPv6 header nor an IPv6 Extension Header". §5: a host "MUST include the
 * entire IPv6 Header Chain in the First Fragment": the 40 bytes of the
 * inner IPv6 header (RFC 8200 §3), the 20 fixed bytes of the inner IPv4
 * header (RFC 791 §3.1).
 *
 * The packets: IPv6 (Next Header 41 or 4; the Per-Fragment headers are
 * its 40 bytes), the inner header, UDP 8 and 200 data bytes. A fragment is
 * 40 + 8 (Fragment header) + chunk, chunk = floor((mtu - 48) / 8) * 8:
 * MTU 56 leaves 8 bytes of the inner header, 64 leaves 16, 87 leaves 32
 * (IPv6) and 71 leaves 16 (IPv4); the first fragment holds the inner
 * header from chunk 40 (MTU 88) for IPv6, from chunk 24 (MTU 72) for
 * IPv4.
 */
enum { IN_V6, IN_V4, N_INNER };

static const struct {
	unsigned nh, inner;   /* Next Header, inner header bytes */
	uint32_t refused[3];  /* MTUs too small for the inner header */
	uint32_t enough;      /* the smallest MTU that holds it */
	unsigned count;       /* fragments at that MTU */
} inner_want[N_INNER] = {
	/* 40 + 8 + 200 = 248 = 6 * 40 + 8: 7 fragments */
	[IN_V6] = { 41, 40, { 56, 64, 87 }, 88, 7 },
	/* 20 + 8 + 200 = 228 = 9 * 24 + 12: 10 fragments */
	[IN_V4] = { 4, 20, { 56, 64, 71 }, 72, 10 },
};

static void inner_packet(struct pb *o, int k)
{
	ip6(o, inner_want[k].inner + 8 + 200, inner_want[k].nh);
	if (k == IN_V6) {
		/* RFC 8200 §3: Payload Length 208, UDP, 2001:db8::a ->
		 * 2001:db8::b */
		pb_put32(o, 0x60000000);
		pb_put16(o, 208);
		pb_put8(o, P_UDP);
		pb_put8(o, 64);
		pb_put32(o, 0x20010db8);
		pb_putn(o, 11, 0);
		pb_put8(o, 0x0a);
		pb_put32(o, 0x20010db8);
		pb_putn(o, 11, 0);
		pb_put8(o, 0x0b);
	} else {
		/* RFC 791 §3.1: Total Length 228 (0xe4), id 1, UDP,
		 * 192.0.2.10 -> 198.51.100.20; checksum 4500 + 00e4 + 0001 +
		 * 0000 + 4011 + c000 + 020a + c633 + 6414 = 0x27247 ->
		 * 0x7249 -> 0x8db6 */
		pb_put32(o, 0x450000e4);
		pb_put32(o, 0x00010000);
		pb_put32(o, 0x40118db6);
		pb_put32(o, 0xc000020a);
		pb_put32(o, 0xc6336414);
	}
	udp(o, 208);
	payload(o, 200);
	ck_assert_uint_eq(o->n, 40 + inner_want[k].inner + 208);
}

START_TEST(test_split6_rfc7112_inner_header)
{
	static struct frags f;
	static uint8_t out[PB_MAX];
	struct pb o, e;
	uint32_t mtu = inner_want[_i].enough;
	size_t i, n = 0;
	void *mem;
	v6t_frag_table *t;
	int k, reason;

	inner_packet(&o, _i);
	for (k = 0; k < 3; k++)
		ck_assert_int_eq(split(&f, o.b, o.n, inner_want[_i].refused[k]),
				 V6T_EFRAG_MTU);
	ck_assert_int_eq(split(&f, o.b, o.n, mtu), V6T_OK);
	ck_assert_uint_eq(f.count, inner_want[_i].count);
	/* the first fragment is mtu bytes: Payload Length mtu - 40, the
	 * Fragment header (Next Header 41 or 4, offset 0, M), and the first
	 * mtu - 48 bytes from 40: the whole inner header */
	ip6(&e, mtu - 40, P_FRAGMENT);
	pb_frag(&e, inner_want[_i].nh, 0x0001, ID6);
	pb_put_bytes(&e, o.b + 40, mtu - 48);
	expect(&f, 0, &e);
	/* the reassembler takes that first fragment (RFC 7112 §5, the same
	 * rule) and gives the packet back */
	t = rtable(&mem);
	for (i = 0; i < f.count; i++)
		ck_assert_int_eq(rgive(t, f.b[i], f.len[i], &reason, out,
				       sizeof out, &n),
				 i + 1 < f.count ? V6T_FRAG_HELD
						 : V6T_FRAG_DONE);
	ck_assert_uint_eq(n, o.n);
	ck_assert_mem_eq(out, o.b, n);
	free(mem);
}
END_TEST

/* ------------------------------------------------------------ MTU edges */

START_TEST(test_split6_exactly_fits_is_unchanged)
{
	static struct frags f;
	struct pb o;

	pkt6_udp(&o);
	ck_assert_int_eq(split(&f, o.b, o.n, 140), V6T_OK);
	ck_assert_uint_eq(f.count, 1);
	expect(&f, 0, &o);
	ck_assert_int_eq(split(&f, o.b, o.n, 65535), V6T_OK);
	ck_assert_uint_eq(f.count, 1);
	expect(&f, 0, &o);
}
END_TEST

/* Link padding after the datagram is not part of it: not written. */
START_TEST(test_split6_padding_not_written)
{
	static struct frags f;
	struct pb o, e;

	pkt6_udp(&o);
	e = o;
	pb_putn(&o, 4, 0xee); /* 144 bytes in the buffer, 140 in the datagram */
	ck_assert_int_eq(split(&f, o.b, o.n, 140), V6T_OK);
	ck_assert_uint_eq(f.count, 1);
	expect(&f, 0, &e);
	/* split: the last fragment ends with the datagram's byte 139 */
	ck_assert_int_eq(split(&f, o.b, o.n, 96), V6T_OK);
	ck_assert_uint_eq(f.count, 3);
	ck_assert_uint_eq(f.len[2], 52);
	ck_assert_mem_eq(f.b[2] + 48, o.b + 136, 4);
}
END_TEST

START_TEST(test_split6_one_byte_over)
{
	static struct frags f;
	struct pb o, e;

	pkt6_udp(&o);
	/* MTU 139: chunk = 139 - 48 = 91 -> 88; 100 = 88 + 12 */
	ck_assert_int_eq(split(&f, o.b, o.n, 139), V6T_OK);
	ck_assert_uint_eq(f.count, 2);
	/* 40 + 8 + 88 = 136 bytes, Payload Length 96 */
	ip6(&e, 96, P_FRAGMENT);
	pb_frag(&e, P_UDP, 0x0001, ID6);
	pb_put_bytes(&e, o.b + 40, 88);
	expect(&f, 0, &e);
	/* offset 88 = 11 units -> 0x0058; Payload Length 8 + 12 = 20 */
	ip6(&e, 20, P_FRAGMENT);
	pb_frag(&e, P_UDP, 0x0058, ID6);
	pb_put_bytes(&e, o.b + 128, 12);
	expect(&f, 1, &e);
}
END_TEST

START_TEST(test_split6_smallest_mtu)
{
	static struct frags f;
	struct pb o;
	size_t i;

	pkt6_udp(&o);
	/* 40 + 8 + 8 = 56 is the least: 100 = 12 * 8 + 4, 13 fragments */
	ck_assert_int_eq(split(&f, o.b, o.n, 55), V6T_EFRAG_MTU);
	ck_assert_int_eq(split(&f, o.b, o.n, 0), V6T_EFRAG_MTU);
	ck_assert_int_eq(split(&f, o.b, o.n, 56), V6T_OK);
	ck_assert_uint_eq(f.count, 13);
	for (i = 0; i < 12; i++) {
		ck_assert_uint_eq(f.len[i], 56);
		/* offset i units, M */
		ck_assert_uint_eq(be16(f.b[i] + 42), i << 3 | 1);
	}
	ck_assert_uint_eq(f.len[12], 52);
	ck_assert_uint_eq(be16(f.b[12] + 42), 12 << 3);
}
END_TEST

/* ------------------------------------------------------------ next() */

START_TEST(test_split_enospc_reports_size)
{
	uint8_t pkt[140], out[140];
	v6t_frag_split s;
	size_t len = 0;
	struct pb o;

	pkt6_udp(&o);
	memcpy(pkt, o.b, sizeof pkt);
	ck_assert_int_eq(v6t_frag_split_begin(&s, pkt, sizeof pkt, 96, ID6),
			 V6T_OK);
	/* the first fragment is 96 bytes: 95 is too few, nothing written */
	memset(out, SENTINEL, sizeof out);
	ck_assert_int_eq(v6t_frag_split_next(&s, out, 95, &len), V6T_ENOSPC);
	ck_assert_uint_eq(len, 96);
	ck_assert_uint_eq(s.index, 0);
	ck_assert_uint_eq(out[0], SENTINEL);
	ck_assert_uint_eq(out[94], SENTINEL);
	ck_assert_int_eq(v6t_frag_split_next(&s, out, 96, &len), V6T_OK);
	ck_assert_uint_eq(len, 96);
	ck_assert_int_eq(v6t_frag_split_next(&s, out, sizeof out, &len), V6T_OK);
	/* the last is 40 + 8 + 4 = 52 */
	ck_assert_int_eq(v6t_frag_split_next(&s, out, 51, &len), V6T_ENOSPC);
	ck_assert_uint_eq(len, 52);
	ck_assert_int_eq(v6t_frag_split_next(&s, out, 52, &len), V6T_OK);
	ck_assert_uint_eq(len, 52);
	ck_assert_uint_eq(s.index, 3);
	len = 7;
	ck_assert_int_eq(v6t_frag_split_next(&s, out, sizeof out, &len),
			 V6T_EINVAL);
	ck_assert_int_eq(v6t_frag_split_next(&s, out, sizeof out, &len),
			 V6T_EINVAL);
	ck_assert_uint_eq(len, 7);
}
END_TEST

START_TEST(test_split_whole_packet_enospc_then_einval)
{
	uint8_t pkt[140], out[140];
	v6t_frag_split s;
	size_t len = 0;
	struct pb o;

	pkt6_udp(&o);
	memcpy(pkt, o.b, sizeof pkt);
	ck_assert_int_eq(v6t_frag_split_begin(&s, pkt, sizeof pkt, 1280, 0),
			 V6T_OK);
	ck_assert_uint_eq(s.count, 1);
	ck_assert_int_eq(v6t_frag_split_next(&s, out, 139, &len), V6T_ENOSPC);
	ck_assert_uint_eq(len, 140);
	ck_assert_int_eq(v6t_frag_split_next(&s, out, 140, &len), V6T_OK);
	ck_assert_uint_eq(len, 140);
	ck_assert_mem_eq(out, pkt, 140);
	ck_assert_int_eq(v6t_frag_split_next(&s, out, 140, &len), V6T_EINVAL);
}
END_TEST

/* ------------------------------------------------------------ refusals */

START_TEST(test_split6_refuses_fragment_header)
{
	static struct frags f;
	struct pb o;

	/* an atomic fragment: IPv6, Fragment header (offset 0, M 0), UDP 8,
	 * 92 bytes: 148 bytes, Payload Length 108 */
	ip6(&o, 108, P_FRAGMENT);
	pb_frag(&o, P_UDP, 0x0000, 7);
	udp(&o, 100);
	payload(&o, 92);
	ck_assert_int_eq(split(&f, o.b, o.n, 120), V6T_EFRAG_FRAGMENTED);
	/* it fits 148: unchanged */
	ck_assert_int_eq(split(&f, o.b, o.n, 148), V6T_OK);
	ck_assert_uint_eq(f.count, 1);
	expect(&f, 0, &o);
	/* a first fragment (M 1) and a later one (offset 8) */
	o.b[43] = 0x01;
	ck_assert_int_eq(split(&f, o.b, o.n, 120), V6T_EFRAG_FRAGMENTED);
	o.b[43] = 0x08;
	ck_assert_int_eq(split(&f, o.b, o.n, 120), V6T_EFRAG_FRAGMENTED);
}
END_TEST

/*
 * A chain of V6T_PKT_MAX_EXT (8) extension headers: with a Fragment header
 * the fragments would have 9, more than v6t_pkt_parse() follows. HBH and
 * k Destination Options headers (8 bytes each), UDP, 200 bytes.
 */
static void many_ext_packet(struct pb *o, unsigned k)
{
	unsigned i;

	ip6(o, 0, P_HOPOPT);
	ext(o, k > 0 ? P_DSTOPTS : P_UDP, 0);
	for (i = 1; i <= k; i++)
		ext(o, i < k ? P_DSTOPTS : P_UDP, 0);
	udp(o, 208);
	payload(o, 200);
	o->b[4] = (uint8_t)((o->n - 40) >> 8);
	o->b[5] = (uint8_t)(o->n - 40);
}

START_TEST(test_split6_max_extension_headers)
{
	static struct frags f;
	v6t_pkt p;
	struct pb o;

	/* 1 + 7 = 8 headers: refused when it must be split */
	many_ext_packet(&o, 7);
	ck_assert_int_eq(split(&f, o.b, o.n, 1280), V6T_OK);
	ck_assert_uint_eq(f.count, 1);
	ck_assert_int_eq(split(&f, o.b, o.n, 200), V6T_EPKT_TOO_MANY_EXT);
	/* 1 + 6 = 7: the first fragment has 8 and parses through UDP,
	 * which starts at 40 + 7 * 8 + 8 (Fragment header) = 104 */
	many_ext_packet(&o, 6);
	ck_assert_int_eq(split(&f, o.b, o.n, 200), V6T_OK);
	ck_assert_int_eq(v6t_pkt_parse(f.b[0], f.len[0], 0, &p), V6T_OK);
	ck_assert_uint_eq(p.ext_count, 8);
	ck_assert(p.flags & V6T_PKT_L4);
	ck_assert_uint_eq(p.l4_off, 104);
}
END_TEST

/* A malformed packet gives the walker's error, also when it would fit. */
START_TEST(test_split_walker_errors)
{
	static struct frags f;
	struct pb o;

	pkt6_udp(&o);
	/* the buffer ends before the datagram's 140 bytes */
	ck_assert_int_eq(split(&f, o.b, 139, 96), V6T_EPKT_SHORT);
	ck_assert_int_eq(split(&f, o.b, 139, 1280), V6T_EPKT_SHORT);
	ck_assert_int_eq(split(&f, o.b, 0, 1280), V6T_EPKT_VERSION);
	o.b[0] = 0x50; /* version 5 */
	ck_assert_int_eq(split(&f, o.b, o.n, 96), V6T_EPKT_VERSION);
	/* Hop-by-Hop after a Destination Options header */
	ip6(&o, 16, P_DSTOPTS);
	ext(&o, P_HOPOPT, 0);
	ext(&o, P_UDP, 0);
	ck_assert_int_eq(split(&f, o.b, o.n, 60), V6T_EPKT_HOP_BY_HOP);
	/* IPv4 IHL 4 */
	ip4(&o, 4, 20, 1, 0, 0);
	ck_assert_int_eq(split(&f, o.b, o.n, 68), V6T_EPKT_IPV4_HEADER);
	/* UDP without its ports: 40 + 2 */
	ip6(&o, 2, P_UDP);
	pb_put16(&o, 1000);
	ck_assert_int_eq(split(&f, o.b, o.n, 1280), V6T_EPKT_CHAIN);
}
END_TEST

/* ------------------------------------------------------------ IPv4 */

/*
 * A 120-byte IPv4/UDP packet, no options: Total Length 120 (0x0078), id
 * 0x1234, DF clear, UDP header (8) and 92 bytes: 100 data bytes from 20.
 * Its checksum: 4500 + 0078 + 1234 + 0000 + 4011 + c000 + 0201 + c633 +
 * 6402 = 0x283f3 -> 0x83f5, complement 0x7c0a.
 */
static void pkt4_udp(struct pb *o, unsigned fl, unsigned csum)
{
	ip4(o, 5, 120, 0x1234, fl, csum);
	udp(o, 100);
	payload(o, 92);
	ck_assert_uint_eq(o->n, 120);
}

START_TEST(test_split4_no_options)
{
	static struct frags f;
	struct pb o, e;
	int pass;

	/* the input's checksum is neither checked nor kept: 0 gives the
	 * same fragments */
	for (pass = 0; pass < 2; pass++) {
		pkt4_udp(&o, 0x0000, pass ? 0x0000 : 0x7c0a);
		/* MTU 68: chunk = 68 - 20 = 48; 100 = 48 + 48 + 4 */
		ck_assert_int_eq(split(&f, o.b, o.n, 68), V6T_OK);
		ck_assert_uint_eq(f.count, 3);
		/* Total Length 68 = 0x0044, MF -> 0x2000; checksum 4500 +
		 * 0044 + 1234 + 2000 + 4011 + c000 + 0201 + c633 + 6402 =
		 * 0x2a3bf -> 0xa3c1 -> 0x5c3e */
		ip4(&e, 5, 68, 0x1234, 0x2000, 0x5c3e);
		pb_put_bytes(&e, o.b + 20, 48);
		expect(&f, 0, &e);
		/* offset 48 = 6 units, MF -> 0x2006; sum 0x2a3c5 -> 0xa3c7
		 * -> 0x5c38 */
		ip4(&e, 5, 68, 0x1234, 0x2006, 0x5c38);
		pb_put_bytes(&e, o.b + 68, 48);
		expect(&f, 1, &e);
		/* Total Length 24 = 0x0018; offset 96 = 12 units -> 0x000c;
		 * sum 4500 + 0018 + 1234 + 000c + 4011 + c000 + 0201 + c633
		 * + 6402 = 0x2839f -> 0x83a1 -> 0x7c5e */
		ip4(&e, 5, 24, 0x1234, 0x000c, 0x7c5e);
		pb_put_bytes(&e, o.b + 116, 4);
		expect(&f, 2, &e);
	}
}
END_TEST

/*
 * Options (RFC 791 §3.1): Record Route (type 7, copied flag 0: first
 * fragment only) with one empty slot, 07 07 04 00 00 00 00; Loose Source
 * Route (type 0x83, copied) through 198.51.100.1, 83 07 04 c6 33 64 01;
 * No Operation 01; End of Option List 00: 16 bytes, IHL 9, a 36-byte
 * header. Total Length 100 (0x0064): UDP 8 and 56 bytes, 64 data bytes.
 * The option words: 0707 + 0400 + 0000 + 0083 + 0704 + c633 + 6401 +
 * 0100.
 */
static const uint8_t opts_rr_lsrr[16] = {
	0x07, 0x07, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x83, 0x07, 0x04, 0xc6, 0x33, 0x64, 0x01,
	0x01, 0x00,
};

START_TEST(test_split4_options_copied_and_not)
{
	static struct frags f;
	struct pb o, e;

	/* checksum: 4900 + 0064 + 5678 + 0000 + 4011 + c000 + 0201 + c633
	 * + 6402 + options = 0x409e5 -> 0x09e9 -> 0xf616 */
	ip4(&o, 9, 100, 0x5678, 0x0000, 0xf616);
	pb_put_bytes(&o, opts_rr_lsrr, sizeof opts_rr_lsrr);
	udp(&o, 64);
	payload(&o, 56);
	ck_assert_uint_eq(o.n, 100);
	/* MTU 76: chunk = 76 - 36 = 40; 64 = 40 + 24 */
	ck_assert_int_eq(split(&f, o.b, o.n, 76), V6T_OK);
	ck_assert_uint_eq(f.count, 2);
	/* the first keeps every option: Total Length 76 = 0x004c, MF;
	 * checksum 4900 + 004c + 5678 + 2000 + 4011 + c000 + 0201 + c633 +
	 * 6402 + options = 0x429cd -> 0x29d1 -> 0xd62e */
	ip4(&e, 9, 76, 0x5678, 0x2000, 0xd62e);
	pb_put_bytes(&e, opts_rr_lsrr, sizeof opts_rr_lsrr);
	pb_put_bytes(&e, o.b + 36, 40);
	expect(&f, 0, &e);
	/*
	 * The second keeps the Loose Source Route only, 7 bytes and one End
	 * of Option List: IHL 7, 28 bytes; Total Length 28 + 24 = 52 =
	 * 0x0034; offset 40 = 5 units. Checksum 4700 + 0034 + 5678 + 0005 +
	 * 4011 + c000 + 0201 + c633 + 6402 + 8307 + 04c6 + 3364 + 0100 =
	 * 0x38629 -> 0x862c -> 0x79d3.
	 */
	ip4(&e, 7, 52, 0x5678, 0x0005, 0x79d3);
	pb_put_bytes(&e, opts_rr_lsrr + 7, 7);
	pb_put8(&e, 0x00);
	pb_put_bytes(&e, o.b + 76, 24);
	expect(&f, 1, &e);
}
END_TEST

/*
 * Option lists and the options of the later fragments' headers (the
 * copied ones, padded with End of Option List to a multiple of 4).
 */
static const struct {
	uint8_t opts[40];
	unsigned len;      /* option bytes in the packet, a multiple of 4 */
	uint8_t later[40];
	unsigned later_len; /* their bytes in later fragments, padded */
} opt_rows[] = {
	/* NOP NOP, Router Alert (0x94, copied), Timestamp (0x44, not):
	 * Router Alert only, no padding */
	{ { 0x01, 0x01, 0x94, 0x04, 0x00, 0x00, 0x44, 0x04, 0x05, 0x00,
	    0x00, 0x00 }, 12,
	  { 0x94, 0x04, 0x00, 0x00 }, 4 },
	/* Strict Source Route (0x89, copied) 7 bytes, Record Route 3
	 * bytes, EOL EOL: the source route and one EOL */
	{ { 0x89, 0x07, 0x04, 0xc6, 0x33, 0x64, 0x01, 0x07, 0x03, 0x04,
	    0x00, 0x00 }, 12,
	  { 0x89, 0x07, 0x04, 0xc6, 0x33, 0x64, 0x01, 0x00 }, 8 },
	/* End of Option List first: the rest is padding, whatever it holds */
	{ { 0x00, 0x83, 0x01, 0xff }, 4, { 0 }, 0 },
	/* Record Route only: none copied, a 20-byte header */
	{ { 0x07, 0x07, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00 }, 8, { 0 }, 0 },
	/* Security (0x82, copied), 11 bytes, then EOL: 11 + 1 */
	{ { 0x82, 0x0b, 0x00, 0x00, 0xf1, 0x35, 0x00, 0x00, 0x00, 0x00,
	    0x00, 0x00 }, 12,
	  { 0x82, 0x0b, 0x00, 0x00, 0xf1, 0x35, 0x00, 0x00, 0x00, 0x00,
	    0x00, 0x00 }, 12 },
	/* Stream ID (0x88, copied), NOP, Router Alert, NOP x3: the two
	 * copied ones, NOPs dropped */
	{ { 0x88, 0x04, 0x12, 0x34, 0x01, 0x94, 0x04, 0x00, 0x00, 0x01,
	    0x01, 0x01 }, 12,
	  { 0x88, 0x04, 0x12, 0x34, 0x94, 0x04, 0x00, 0x00 }, 8 },
	/* 40 bytes: Loose Source Route (copied) with 9 addresses, 39
	 * bytes, and EOL: the same 40 later */
	{ { 0x83, 39, 4, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
	    5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 8, 8, 8, 8, 9, 9, 9, 9, 0 }, 40,
	  { 0x83, 39, 4, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
	    5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 8, 8, 8, 8, 9, 9, 9, 9, 0 }, 40 },
};

#define N_OPT_ROWS (sizeof opt_rows / sizeof opt_rows[0])

START_TEST(test_split4_option_copy_rule)
{
	static struct frags f;
	unsigned ihl = 20 + opt_rows[_i].len, lh = 20 + opt_rows[_i].later_len;
	struct pb o;
	size_t i;

	/* the header, 100 data bytes, DF clear */
	ip4(&o, ihl / 4, ihl + 100, 0x4242, 0x0000, 0);
	pb_put_bytes(&o, opt_rows[_i].opts, opt_rows[_i].len);
	payload(&o, 100);
	/* MTU ihl + 48: chunk 48, 100 = 48 + 48 + 4 */
	ck_assert_int_eq(split(&f, o.b, o.n, ihl + 48), V6T_OK);
	ck_assert_uint_eq(f.count, 3);
	/* the first: the whole header but length, flags, checksum */
	ck_assert_uint_eq(f.len[0], ihl + 48);
	ck_assert_mem_eq(f.b[0], o.b, 2);
	ck_assert_mem_eq(f.b[0] + 4, o.b + 4, 2);
	ck_assert_mem_eq(f.b[0] + 8, o.b + 8, 2);
	ck_assert_mem_eq(f.b[0] + 12, o.b + 12, ihl - 12);
	ck_assert_uint_eq(be16(f.b[0] + 6), 0x2000);
	for (i = 1; i < 3; i++) {
		const uint8_t *h = f.b[i];
		unsigned n = i == 1 ? 48 : 4;

		ck_assert_uint_eq(f.len[i], lh + n);
		ck_assert_uint_eq(h[0], 0x40 | lh / 4);
		ck_assert_uint_eq(be16(h + 2), lh + n);
		/* offsets 6 and 12 units; MF on the 2nd only */
		ck_assert_uint_eq(be16(h + 6), i == 1 ? 0x2006 : 0x000c);
		ck_assert_mem_eq(h + 4, o.b + 4, 2);
		ck_assert_mem_eq(h + 8, o.b + 8, 2);
		ck_assert_mem_eq(h + 12, o.b + 12, 8);
		if (opt_rows[_i].later_len > 0)
			ck_assert_mem_eq(h + 20, opt_rows[_i].later,
					 opt_rows[_i].later_len);
		ck_assert_uint_eq(ip4_sum(h, lh), 0xffff);
		ck_assert_mem_eq(h + lh, o.b + ihl + (i == 1 ? 48 : 96), n);
	}
	ck_assert_uint_eq(ip4_sum(f.b[0], ihl), 0xffff);
}
END_TEST

/*
 * A packet that is itself a fragment: offset 1480 = 185 units (0xb9),
 * Total Length 120, id 0x9abc, 100 data bytes (a middle piece of some
 * datagram, no UDP header). Split at MTU 68 into 48 + 48 + 4 at offsets
 * 185, 185 + 6 = 191 (0xbf), 185 + 12 = 197 (0xc5). The input checksum is
 * 0 (not looked at).
 */
START_TEST(test_split4_fragment_of_fragment)
{
	static struct frags f;
	struct pb o, e;

	/* MF set: every piece has MF */
	ip4(&o, 5, 120, 0x9abc, 0x20b9, 0);
	payload(&o, 100);
	ck_assert_int_eq(split(&f, o.b, o.n, 68), V6T_OK);
	ck_assert_uint_eq(f.count, 3);
	/* 4500 + 0044 + 9abc + 20b9 + 4011 + c000 + 0201 + c633 + 6402 =
	 * 0x32d00 -> 0x2d03 -> 0xd2fc */
	ip4(&e, 5, 68, 0x9abc, 0x20b9, 0xd2fc);
	pb_put_bytes(&e, o.b + 20, 48);
	expect(&f, 0, &e);
	/* ... + 20bf = 0x32d06 -> 0x2d09 -> 0xd2f6 */
	ip4(&e, 5, 68, 0x9abc, 0x20bf, 0xd2f6);
	pb_put_bytes(&e, o.b + 68, 48);
	expect(&f, 1, &e);
	/* 4500 + 0018 + 9abc + 20c5 + ... = 0x32ce0 -> 0x2ce3 -> 0xd31c */
	ip4(&e, 5, 24, 0x9abc, 0x20c5, 0xd31c);
	pb_put_bytes(&e, o.b + 116, 4);
	expect(&f, 2, &e);
}
END_TEST

/* The last piece of a datagram (MF clear), with the reserved flag bit
 * 0x8000 set: kept on every fragment, MF only on the first two. */
START_TEST(test_split4_last_fragment_keeps_flags)
{
	static struct frags f;
	struct pb o, e;

	ip4(&o, 5, 120, 0x9abc, 0x80b9, 0);
	payload(&o, 100);
	ck_assert_int_eq(split(&f, o.b, o.n, 68), V6T_OK);
	ck_assert_uint_eq(f.count, 3);
	/* 4500 + 0044 + 9abc + a0b9 + 4011 + c000 + 0201 + c633 + 6402 =
	 * 0x3ad00 -> 0xad03 -> 0x52fc */
	ip4(&e, 5, 68, 0x9abc, 0xa0b9, 0x52fc);
	pb_put_bytes(&e, o.b + 20, 48);
	expect(&f, 0, &e);
	/* ... a0bf: 0x3ad06 -> 0xad09 -> 0x52f6 */
	ip4(&e, 5, 68, 0x9abc, 0xa0bf, 0x52f6);
	pb_put_bytes(&e, o.b + 68, 48);
	expect(&f, 1, &e);
	/* 0018, 80c5: 0x38ce0 -> 0x8ce3 -> 0x731c */
	ip4(&e, 5, 24, 0x9abc, 0x80c5, 0x731c);
	pb_put_bytes(&e, o.b + 116, 4);
	expect(&f, 2, &e);
}
END_TEST

START_TEST(test_split4_df)
{
	static struct frags f;
	struct pb o;

	pkt4_udp(&o, 0x4000, 0);
	ck_assert_int_eq(split(&f, o.b, o.n, 68), V6T_EFRAG_DF);
	ck_assert_int_eq(split(&f, o.b, o.n, 119), V6T_EFRAG_DF);
	/* it fits: unchanged, DF and all */
	ck_assert_int_eq(split(&f, o.b, o.n, 120), V6T_OK);
	ck_assert_uint_eq(f.count, 1);
	expect(&f, 0, &o);
	/* DF is reported before a malformed option (IHL 6, 07 01 00 00) */
	ip4(&o, 6, 124, 1, 0x4000, 0);
	pb_put32(&o, 0x07010000);
	payload(&o, 100);
	ck_assert_int_eq(split(&f, o.b, o.n, 68), V6T_EFRAG_DF);
}
END_TEST

START_TEST(test_split4_mtu_edges)
{
	static struct frags f;
	struct pb o;
	size_t i;

	pkt4_udp(&o, 0, 0);
	/* 20 + 8 = 28 is the least */
	ck_assert_int_eq(split(&f, o.b, o.n, 27), V6T_EFRAG_MTU);
	ck_assert_int_eq(split(&f, o.b, o.n, 28), V6T_OK);
	/* 100 = 12 * 8 + 4: 13 fragments of 28 bytes and one of 24 */
	ck_assert_uint_eq(f.count, 13);
	for (i = 0; i < 12; i++) {
		ck_assert_uint_eq(f.len[i], 28);
		ck_assert_uint_eq(be16(f.b[i] + 6), 0x2000 | i);
	}
	ck_assert_uint_eq(f.len[12], 24);
	ck_assert_uint_eq(be16(f.b[12] + 6), 12);
	/* MTU 75: chunk = 55 -> 48; the same three as at 68 */
	ck_assert_int_eq(split(&f, o.b, o.n, 75), V6T_OK);
	ck_assert_uint_eq(f.count, 3);
	ck_assert_uint_eq(f.len[0], 68);
	/* one byte over: 119 -> chunk 99 -> 96; 100 = 96 + 4 */
	ck_assert_int_eq(split(&f, o.b, o.n, 119), V6T_OK);
	ck_assert_uint_eq(f.count, 2);
	ck_assert_uint_eq(f.len[0], 116);
	ck_assert_uint_eq(f.len[1], 24);
	ck_assert_uint_eq(be16(f.b[1] + 6), 12); /* 96 / 8 */
	ck_assert_int_eq(split(&f, o.b, o.n, 120), V6T_OK);
	ck_assert_uint_eq(f.count, 1);
	/* a 60-byte header: 68 = 60 + 8, RFC 791's minimum */
	ip4(&o, 15, 160, 2, 0, 0);
	pb_putn(&o, 40, 0x01); /* 40 NOPs */
	payload(&o, 100);
	ck_assert_int_eq(split(&f, o.b, o.n, 67), V6T_EFRAG_MTU);
	ck_assert_int_eq(split(&f, o.b, o.n, 68), V6T_OK);
	ck_assert_uint_eq(f.count, 13);
	/* later fragments carry no NOP: 20 + 8 bytes */
	ck_assert_uint_eq(f.len[0], 68);
	ck_assert_uint_eq(f.len[1], 28);
}
END_TEST

/* Malformed options: an error when the packet must be split. */
static const uint8_t bad_opts[][4] = {
	{ 0x01, 0x01, 0x01, 0x07 }, /* the last option has no length byte */
	{ 0x07, 0x01, 0x00, 0x00 }, /* length 1 */
	{ 0x07, 0x00, 0x00, 0x00 }, /* length 0 */
	{ 0x07, 0x05, 0x04, 0x00 }, /* length 5 runs past the 4 bytes */
	{ 0x94, 0x04, 0x00, 0x00 }, /* (good) then the next word is bad */
};

START_TEST(test_split4_malformed_options)
{
	static struct frags f;
	struct pb o;

	/* IHL 6 (one word of options), or IHL 7 for the last row whose
	 * second word is 0x83 0x09 ... (length 9 past the end) */
	if (_i == 4) {
		ip4(&o, 7, 128, 1, 0, 0);
		pb_put_bytes(&o, bad_opts[_i], 4);
		pb_put32(&o, 0x83090400);
	} else {
		ip4(&o, 6, 124, 1, 0, 0);
		pb_put_bytes(&o, bad_opts[_i], 4);
	}
	payload(&o, 100);
	ck_assert_int_eq(split(&f, o.b, o.n, 68), V6T_EPKT_IPV4_HEADER);
	/* fits: not looked at */
	ck_assert_int_eq(split(&f, o.b, o.n, 128), V6T_OK);
	ck_assert_uint_eq(f.count, 1);
}
END_TEST

/*
 * RFC 791 §3.2: the reassembled datagram's Total Length (header, then the
 * data at its offset) cannot pass 65535; frag.h applies the reassembler's
 * rule, header length plus offset plus data, so that every fragment made
 * can be reassembled.
 */
START_TEST(test_split4_beyond_64k)
{
	static struct frags f;
	struct pb o, e;

	/* offset 0x1fff units = 65528, 100 data bytes: ends at 65628 */
	ip4(&o, 5, 120, 3, 0x1fff, 0);
	payload(&o, 100);
	ck_assert_int_eq(split(&f, o.b, o.n, 68), V6T_EFRAG_BEYOND_64K);
	ck_assert_int_eq(split(&f, o.b, o.n, 120), V6T_OK); /* fits */
	/* offset 0x1ffb units = 65496 and 39 bytes: 20 + 65496 + 39 = 65555,
	 * the case the reassembler refuses (its data alone would end at
	 * 65535) */
	ip4(&o, 5, 59, 3, 0x1ffb, 0);
	payload(&o, 39);
	ck_assert_int_eq(split(&f, o.b, o.n, 28), V6T_EFRAG_BEYOND_64K);
	/* 20 bytes: 65536, one too many */
	ip4(&o, 5, 40, 3, 0x1ffb, 0);
	payload(&o, 20);
	ck_assert_int_eq(split(&f, o.b, o.n, 28), V6T_EFRAG_BEYOND_64K);
	/* 19 bytes: 20 + 65496 + 19 = 65535. MTU 28 (chunk 8) gives 8 at
	 * 0x1ffb, 8 at 0x1ffc, 3 at 0x1ffd; the packet's MF is clear, so the
	 * last one has none */
	ip4(&o, 5, 39, 3, 0x1ffb, 0);
	payload(&o, 19);
	ck_assert_int_eq(split(&f, o.b, o.n, 28), V6T_OK);
	ck_assert_uint_eq(f.count, 3);
	/* 4500 + 001c + 0003 + 3ffb + 4011 + c000 + 0201 + c633 + 6402 =
	 * 0x2b161 -> 0xb163 -> 0x4e9c */
	ip4(&e, 5, 28, 3, 0x3ffb, 0x4e9c);
	pb_put_bytes(&e, o.b + 20, 8);
	expect(&f, 0, &e);
	/* ... + 3ffc = 0x2b162 -> 0xb164 -> 0x4e9b */
	ip4(&e, 5, 28, 3, 0x3ffc, 0x4e9b);
	pb_put_bytes(&e, o.b + 28, 8);
	expect(&f, 1, &e);
	/* 4500 + 0017 + 0003 + 1ffd + ... = 0x2915e -> 0x9160 -> 0x6e9f */
	ip4(&e, 5, 23, 3, 0x1ffd, 0x6e9f);
	pb_put_bytes(&e, o.b + 36, 3);
	expect(&f, 2, &e);
}
END_TEST

/*
 * The splitter and the reassembler agree on the 64 KiB rule of frag.h
 * "Rules" (RFC 791 §3.1: Total Length is 16 bits; the header length plus
 * the offset plus the data must not exceed 65535). An IPv4 packet that is
 * itself the last fragment of a datagram, at offset off (65408 or 65480)
 * with a 20-byte header or a 24-byte one (Router Alert, a copied option:
 * every fragment of the datagram has it, the first one too) and n data
 * bytes around the limit 65535 - hdr - off: when hdr + off + n <= 65535
 * the splitter splits it (MTU hdr + 16) and its fragments, after the
 * datagram's first fragment (its off bytes, built here), give back a
 * datagram of hdr + off + n bytes; else the splitter refuses it with
 * V6T_EFRAG_BEYOND_64K, and the reassembler drops the packet itself with
 * V6T_EFRAG_BEYOND_64K (no ICMP for IPv4), alone or after the first
 * fragment.
 */
#define AGREE_ID 0x4242

/* The IPv4 header of hlen bytes (20, or 24 with Router Alert) for n data
 * bytes at byte offset off, MF as given, with a right checksum. */
static void agree_header(uint8_t *h, unsigned hlen, unsigned off, unsigned n,
			 int mf)
{
	struct pb p;
	unsigned s;

	ip4(&p, hlen / 4, hlen + n, AGREE_ID, (mf ? 0x2000u : 0) | off / 8, 0);
	if (hlen == 24)
		pb_put32(&p, 0x94040000);
	s = ~ip4_sum(p.b, hlen) & 0xffff;
	p.b[10] = (uint8_t)(s >> 8);
	p.b[11] = (uint8_t)s;
	memcpy(h, p.b, hlen);
}

START_TEST(test_split4_reassembler_agrees_on_64k)
{
	static const unsigned offs[2] = { 65408, 65480 };
	static struct frags f;
	static uint8_t out[65536];
	unsigned hlen = _i & 1 ? 24 : 20, off = offs[_i >> 1], limit, n, j;
	uint8_t *first = malloc(65535);
	struct pb o;
	size_t i, got = 0;
	void *mem;
	v6t_frag_table *t;
	int reason;

	ck_assert_ptr_nonnull(first);
	limit = 65535 - hlen - off;
	/* the datagram's first fragment: off data bytes, MF */
	agree_header(first, hlen, 0, off, 1);
	for (j = 0; j < off; j++)
		first[hlen + j] = (uint8_t)(j * 7 + 1);
	for (n = limit - 8; n <= limit + 8; n++) {
		o.n = 0;
		pb_putn(&o, hlen, 0);
		agree_header(o.b, hlen, off, n, 0);
		payload(&o, n);
		t = rtable(&mem);
		if (hlen + off + n > 65535) {
			ck_assert_int_eq(split(&f, o.b, o.n, hlen + 16),
					 V6T_EFRAG_BEYOND_64K);
			ck_assert_int_eq(rgive(t, o.b, o.n, &reason, out,
					       sizeof out, &got),
					 V6T_FRAG_DROPPED);
			ck_assert_int_eq(reason, V6T_EFRAG_BEYOND_64K);
			ck_assert_int_eq(rgive(t, first, hlen + off, &reason,
					       out, sizeof out, &got),
					 V6T_FRAG_HELD);
			ck_assert_int_eq(rgive(t, o.b, o.n, &reason, out,
					       sizeof out, &got),
					 V6T_FRAG_DROPPED);
			ck_assert_int_eq(reason, V6T_EFRAG_BEYOND_64K);
			free(mem);
			continue;
		}
		ck_assert_int_eq(split(&f, o.b, o.n, hlen + 16), V6T_OK);
		ck_assert_uint_ge(f.count, 2);
		ck_assert_int_eq(rgive(t, first, hlen + off, &reason, out,
				       sizeof out, &got), V6T_FRAG_HELD);
		for (i = 0; i < f.count; i++)
			ck_assert_int_eq(rgive(t, f.b[i], f.len[i], &reason,
					       out, sizeof out, &got),
					 i + 1 < f.count ? V6T_FRAG_HELD
							 : V6T_FRAG_DONE);
		/* the first fragment's header, Total Length of the whole, MF
		 * clear; its data, then the packet's */
		ck_assert_uint_eq(got, hlen + off + n);
		ck_assert_uint_eq(be16(out + 2), got);
		ck_assert_mem_eq(out, first, 2);
		ck_assert_mem_eq(out + 4, first + 4, 2);
		ck_assert_uint_eq(be16(out + 6), 0);
		ck_assert_mem_eq(out + 8, first + 8, 2);
		ck_assert_mem_eq(out + 12, first + 12, hlen - 12);
		ck_assert_uint_eq(ip4_sum(out, hlen), 0xffff);
		ck_assert_mem_eq(out + hlen, first + hlen, off);
		ck_assert_mem_eq(out + hlen + off, o.b + hlen, n);
		free(mem);
	}
	free(first);
}
END_TEST

/* ------------------------------------------------------------ property */

/*
 * For a set of packets and every MTU from 0 to one past the length, the
 * split is what frag.h describes, checked against what the test knows of
 * each packet from building it (prop_want below, written by hand: no
 * parser involved): begin refuses with V6T_EFRAG_MTU exactly when the
 * MTU cannot carry the repeated headers and 8 data bytes, or (IPv6) the
 * part the first fragment must hold; else every fragment is read byte by
 * byte: its repeated headers, its Fragment header (IPv6: Next Header,
 * offset, M, Identification) or IPv4 header fields (Total Length, MF,
 * offset, a right checksum, the copied options of later fragments), and
 * its data, chunk bytes (the most that fits, a multiple of 8) but in the
 * last. Then the fragments, given to the library's reassembler in reverse
 * order, give back the datagram: IPv6 the packet byte for byte (RFC 8200
 * §4.5); IPv4 the packet with a right checksum (RFC 791 §3.2: the packets
 * here carry checksum 0, which the fragments do not keep); the IPv4
 * packet that is itself a middle fragment is held, and with a first and a
 * last fragment built here its datagram comes out.
 */
enum prop_pkt {
	PP_V6_UDP, PP_V6_RH_DO, PP_V6_TCP8, PP_V6_HBH_AH_RH, PP_V4_UDP,
	PP_V4_OPTS, PP_V4_MIDDLE, N_PROP
};

/* The Loose Source Route of opts_rr_lsrr, the copied option (RFC 791
 * §3.1), and one End of Option List: later fragments' options. */
static const uint8_t lsrr_later[8] = {
	0x83, 0x07, 0x04, 0xc6, 0x33, 0x64, 0x01, 0x00,
};

static const struct {
	unsigned len;    /* the packet's bytes */
	unsigned hdr;    /* IPv6 Per-Fragment headers; IPv4 the header */
	unsigned nh_off; /* IPv6: the Next Header field set to 44 */
	unsigned fnh;    /* IPv6: the Fragment header's Next Header */
	unsigned need;   /* IPv6: Fragmentable Part bytes the first holds */
	unsigned later;  /* IPv4: the header of fragments after the first */
	unsigned base;   /* IPv4: the packet's own offset, in bytes */
	unsigned mf;     /* IPv4: the packet's own MF */
} prop_want[N_PROP] = {
	/* 40 + UDP 8 + 333; UDP's 8 bytes */
	[PP_V6_UDP] = { 381, 40, 6, P_UDP, 8, 0, 0, 0 },
	/* HBH 40..48, DO 48..56, RH 56..80, DO 80..96, UDP 96..104, 250:
	 * through the Routing header; the second DO and UDP: 16 + 8 */
	[PP_V6_RH_DO] = { 354, 80, 56, P_DSTOPTS, 24, 0, 0, 0 },
	/* TCP with Data Offset 8: 32 bytes, then 201 */
	[PP_V6_TCP8] = { 273, 40, 6, P_TCP, 32, 0, 0, 0 },
	/* HBH 40..48, AH 48..72, RH 72..80, ICMPv6 8 + 190 */
	[PP_V6_HBH_AH_RH] = { 278, 80, 72, P_ICMPV6, 8, 0, 0, 0 },
	/* 20 + UDP 8 + 301 */
	[PP_V4_UDP] = { 329, 20, 0, 0, 0, 20, 0, 0 },
	/* 36 (Record Route, Loose Source Route) + 277; later 20 + 8 */
	[PP_V4_OPTS] = { 313, 36, 0, 0, 0, 28, 0, 0 },
	/* offset 64 units = 512 bytes, MF, 264 bytes */
	[PP_V4_MIDDLE] = { 284, 20, 0, 0, 0, 20, 512, 1 },
};

static void prop_packet(struct pb *o, int k)
{
	switch (k) {
	case PP_V6_UDP:
		chain_packet(o, CH_NONE, P_UDP, 333);
		break;
	case PP_V6_RH_DO:
		chain_packet(o, CH_HBH_DO_RH_DO, P_UDP, 250);
		break;
	case PP_V6_TCP8:
		ip6(o, 0, P_TCP);
		tcp(o, 8);
		payload(o, 201);
		o->b[4] = (uint8_t)((o->n - 40) >> 8);
		o->b[5] = (uint8_t)(o->n - 40);
		break;
	case PP_V6_HBH_AH_RH:
		chain_packet(o, CH_HBH_AH_RH, P_ICMPV6, 190);
		break;
	case PP_V4_UDP:
		ip4(o, 5, 20 + 8 + 301, 7, 0, 0);
		udp(o, 309);
		payload(o, 301);
		break;
	case PP_V4_OPTS:
		ip4(o, 9, 36 + 277, 8, 0, 0);
		pb_put_bytes(o, opts_rr_lsrr, sizeof opts_rr_lsrr);
		payload(o, 277);
		break;
	default: /* offset 64 units, MF */
		ip4(o, 5, 20 + 264, 9, 0x2040, 0);
		payload(o, 264);
		break;
	}
	ck_assert_uint_eq(o->n, prop_want[k].len);
}

/* frag.h v6t_frag_split_begin(): the data bytes per fragment at mtu, or 0
 * when begin must refuse with V6T_EFRAG_MTU. IPv6: mtu holds the
 * Per-Fragment headers, the Fragment header and the chunk, and the chunk
 * what the first fragment must hold; IPv4: the first fragment's header and
 * the chunk. */
static unsigned prop_chunk(int k, uint32_t mtu)
{
	unsigned hdr = prop_want[k].hdr + (prop_want[k].later ? 0 : 8), chunk;

	if (mtu < hdr + 8)
		return 0;
	chunk = (mtu - hdr) / 8 * 8;
	return chunk >= prop_want[k].need ? chunk : 0;
}

/* Fragment i (b, n bytes) of the packet o split with chunk data bytes
 * (count in all), read byte by byte. */
static void prop_fragment(int k, const struct pb *o, const uint8_t *b,
			    size_t n, size_t i, size_t count, unsigned chunk)
{
	unsigned hdr = prop_want[k].hdr, total = o->n - hdr;
	unsigned off = (unsigned)i * chunk, more, h, j;
	unsigned len = i + 1 < count ? chunk : total - off;

	ck_assert_uint_lt(off, total);
	if (prop_want[k].later == 0) {
		/* RFC 8200 §4.5: the Per-Fragment headers, but for Payload
		 * Length and the last Next Header (44) */
		ck_assert_uint_eq(n, hdr + 8 + len);
		for (j = 0; j < hdr; j++)
			if (j != 4 && j != 5 && j != prop_want[k].nh_off)
				ck_assert_uint_eq(b[j], o->b[j]);
		ck_assert_uint_eq(be16(b + 4), hdr - 40 + 8 + len);
		ck_assert_uint_eq(b[prop_want[k].nh_off], P_FRAGMENT);
		/* the Fragment header: the original Next Header, Reserved 0,
		 * offset in 8-byte units (off is a multiple of 8) and M */
		ck_assert_uint_eq(b[hdr], prop_want[k].fnh);
		ck_assert_uint_eq(b[hdr + 1], 0);
		ck_assert_uint_eq(be16(b + hdr + 2), off | (i + 1 < count));
		ck_assert_uint_eq(be16(b + hdr + 4), ID6 >> 16);
		ck_assert_uint_eq(be16(b + hdr + 6), ID6 & 0xffff);
		ck_assert_mem_eq(b + hdr + 8, o->b + hdr + off, len);
		return;
	}
	/* RFC 791 §3.2: the first fragment has the packet's header, the
	 * others the fixed part and the copied options */
	h = i == 0 ? hdr : prop_want[k].later;
	ck_assert_uint_eq(n, h + len);
	if (i == 0) {
		ck_assert_mem_eq(b, o->b, 2);
		ck_assert_mem_eq(b + 8, o->b + 8, 2);
		ck_assert_mem_eq(b + 12, o->b + 12, hdr - 12);
	} else {
		ck_assert_uint_eq(b[0], 0x40 | h / 4);
		ck_assert_uint_eq(b[1], o->b[1]);
		ck_assert_mem_eq(b + 8, o->b + 8, 2);
		ck_assert_mem_eq(b + 12, o->b + 12, 8);
		if (h > 20)
			ck_assert_mem_eq(b + 20, lsrr_later, h - 20);
	}
	ck_assert_uint_eq(be16(b + 2), h + len);
	ck_assert_mem_eq(b + 4, o->b + 4, 2); /* Identification */
	/* MF on all but the last, which has the packet's; the offset from
	 * the packet's own; DF and the reserved bit clear */
	more = i + 1 < count || prop_want[k].mf;
	ck_assert_uint_eq(be16(b + 6), (more ? 0x2000u : 0) |
					       (prop_want[k].base + off) / 8);
	ck_assert_uint_eq(ip4_sum(b, h), 0xffff);
	ck_assert_mem_eq(b + h, o->b + hdr + off, len);
}

/* The datagram out (n bytes) is the IPv4 packet o (header hlen) but for
 * a right checksum, Total Length n and MF/offset clear. */
static void prop_same4(const uint8_t *out, size_t n, const uint8_t *o,
		       size_t olen, size_t hlen)
{
	ck_assert_uint_eq(n, olen);
	ck_assert_mem_eq(out, o, 6);
	ck_assert_uint_eq(be16(out + 6), 0);
	ck_assert_mem_eq(out + 8, o + 8, 2);
	ck_assert_mem_eq(out + 12, o + 12, n - 12);
	ck_assert_uint_eq(ip4_sum(out, hlen), 0xffff);
}

/*
 * PP_V4_MIDDLE's datagram: a first fragment with 512 bytes (offset 0,
 * MF, the packet's fixed header fields) and a last one with 8 after the
 * packet's 264 (offset 776 = 97 units), each with a right checksum
 * (ip4_sum); the datagram is the first's header with Total Length 20 +
 * 784 = 804, then the three parts' data.
 */
static void prop_complete_middle(v6t_frag_table *t, const struct pb *o)
{
	static uint8_t out[1024];
	struct pb a, z, want;
	size_t n = 0, i;
	int reason;

	ip4(&a, 5, 20 + 512, 9, 0x2000, 0);
	for (i = 0; i < 512; i++)
		pb_put8(&a, (unsigned)(i * 11 + 3) & 0xff);
	a.b[10] = (uint8_t)(~ip4_sum(a.b, 20) >> 8);
	a.b[11] = (uint8_t)~ip4_sum(a.b, 20);
	ip4(&z, 5, 28, 9, 97, 0);
	pb_putn(&z, 8, 0xee);
	z.b[10] = (uint8_t)(~ip4_sum(z.b, 20) >> 8);
	z.b[11] = (uint8_t)~ip4_sum(z.b, 20);
	ck_assert_int_eq(rgive(t, a.b, a.n, &reason, out, sizeof out, &n),
			 V6T_FRAG_HELD);
	ck_assert_int_eq(rgive(t, z.b, z.n, &reason, out, sizeof out, &n),
			 V6T_FRAG_DONE);
	want = a;
	want.n = 20;
	want.b[2] = 804 >> 8;
	want.b[3] = 804 & 0xff;
	pb_put_bytes(&want, a.b + 20, 512);
	pb_put_bytes(&want, o->b + 20, 264);
	pb_putn(&want, 8, 0xee);
	prop_same4(out, n, want.b, want.n, 20);
}

/* Give the fragments of f to a table in reverse order: held, then the
 * datagram (the offset-zero fragment comes last and completes it). */
static void prop_reassemble(int k, const struct frags *f, const struct pb *o)
{
	static uint8_t out[PB_MAX];
	size_t i = f->count, n = 0;
	void *mem;
	v6t_frag_table *t = rtable(&mem);
	int reason;

	while (i-- > 0)
		ck_assert_int_eq(rgive(t, f->b[i], f->len[i], &reason, out,
				       sizeof out, &n),
				 i > 0 || prop_want[k].mf ? V6T_FRAG_HELD
							  : V6T_FRAG_DONE);
	if (prop_want[k].mf) {
		prop_complete_middle(t, o);
	} else if (prop_want[k].later == 0) {
		ck_assert_uint_eq(n, o->n);
		ck_assert_mem_eq(out, o->b, n);
	} else {
		prop_same4(out, n, o->b, o->n, prop_want[k].hdr);
	}
	free(mem);
}

START_TEST(test_split_property_reassembles)
{
	static struct frags f;
	struct pb o;
	uint32_t mtu;
	unsigned ok = 0, chunk;
	size_t i;
	int rc;

	prop_packet(&o, _i);
	for (mtu = 0; mtu <= o.n + 1; mtu++) {
		rc = split(&f, o.b, o.n, mtu);
		if (mtu >= o.n) {
			ck_assert_int_eq(rc, V6T_OK);
			ck_assert_uint_eq(f.count, 1);
			expect(&f, 0, &o);
			continue;
		}
		chunk = prop_chunk(_i, mtu);
		if (chunk == 0) {
			ck_assert_int_eq(rc, V6T_EFRAG_MTU);
			continue;
		}
		ck_assert_int_eq(rc, V6T_OK);
		ck_assert_uint_eq(f.s.chunk, chunk);
		/* ceil(Fragmentable Part / chunk) */
		ck_assert_uint_eq(f.count,
				  (o.n - prop_want[_i].hdr + chunk - 1) / chunk);
		ok++;
		for (i = 0; i < f.count; i++) {
			ck_assert_uint_le(f.len[i], mtu);
			prop_fragment(_i, &o, f.b[i], f.len[i], i, f.count,
				      chunk);
		}
		prop_reassemble(_i, &f, &o);
	}
	ck_assert_uint_gt(ok, 100);
}
END_TEST

/* ------------------------------------------------------------ Linux */

/*
 * Fragments the Linux kernel made (tests/vectors/linux/, capture.py: two
 * network namespaces, a veth pair with MTU 1280, ordinary sockets; see its
 * README.md). Each *_reassembled.pcap holds the datagram, each
 * *_frags.pcap the kernel's fragments of it as they arrived. Splitting the
 * datagram at 1280 with the kernel's Identification must give the
 * kernel's fragments byte for byte, where our rules and Linux's agree.
 * The files are found from this source file's path.
 */
#define LX_MAX 8
#define LX_LEN 4096

struct lx {
	size_t n;
	size_t len[LX_MAX];
	uint8_t b[LX_MAX][LX_LEN];
};

static unsigned le32(const uint8_t *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8 | (unsigned)p[2] << 16 |
	       (unsigned)p[3] << 24;
}

/* Read a classic little-endian pcap (as capture.py writes it), Ethernet
 * or raw: each record's IP datagram, cut to the length it declares
 * (Ethernet pads short frames). */
static void lx_read(struct lx *x, const char *name)
{
	char path[1024];
	const char *me = __FILE__, *slash = strrchr(me, '/');
	uint8_t hdr[24], rec[16];
	unsigned linktype;
	FILE *f;

	ck_assert_ptr_nonnull(slash);
	snprintf(path, sizeof path, "%.*s/vectors/linux/%s",
		 (int)(slash - me), me, name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_uint_eq(fread(hdr, 1, 24, f), 24);
	ck_assert_uint_eq(le32(hdr), 0xa1b2c3d4);
	linktype = le32(hdr + 20);
	ck_assert(linktype == 1 || linktype == 101);
	x->n = 0;
	while (fread(rec, 1, 16, f) == 16) {
		uint8_t frame[LX_LEN + 14], *ip = frame;
		size_t incl = le32(rec + 8), len;

		ck_assert_uint_lt(x->n, LX_MAX);
		ck_assert_uint_le(incl, sizeof frame);
		ck_assert_uint_eq(fread(frame, 1, incl, f), incl);
		if (linktype == 1) {
			ip += 14;
			incl -= 14;
		}
		len = ip[0] >> 4 == 6 ? 40 + be16(ip + 4) : be16(ip + 2);
		ck_assert_uint_le(len, incl);
		memcpy(x->b[x->n], ip, len);
		x->len[x->n++] = len;
	}
	fclose(f);
}

/* Split the one datagram of file name at 1280 with id into f. */
static void lx_split(struct frags *f, const char *name, uint32_t id)
{
	static struct lx d;
	v6t_frag_split s;
	size_t i;

	lx_read(&d, name);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_int_eq(v6t_frag_split_begin(&s, d.b[0], d.len[0], 1280, id),
			 V6T_OK);
	ck_assert_uint_le(s.count, MAX_FRAGS);
	for (i = 0; i < s.count; i++)
		ck_assert_int_eq(v6t_frag_split_next(&s, f->b[i], PB_MAX,
						     &f->len[i]), V6T_OK);
	f->count = s.count;
}

static const char *const lx_same[] = {
	"ipv6_udp4000", "ipv6_echo3000", "ipv4_udp4000", "ipv4_echo3000",
};

START_TEST(test_split_matches_linux)
{
	static struct frags f;
	static struct lx k;
	char name[64];
	uint32_t id;
	size_t i;

	snprintf(name, sizeof name, "%s_frags.pcap", lx_same[_i]);
	lx_read(&k, name);
	/* the kernel's Identification: IPv6 in the Fragment header at 40
	 * (no extension headers here), IPv4 in the header */
	id = k.b[0][0] >> 4 == 6 ? (uint32_t)be16(k.b[0] + 44) << 16 |
					   be16(k.b[0] + 46)
				 : 0;
	snprintf(name, sizeof name, "%s_reassembled.pcap", lx_same[_i]);
	lx_split(&f, name, id);
	ck_assert_uint_eq(f.count, k.n);
	for (i = 0; i < k.n; i++) {
		ck_assert_uint_eq(f.len[i], k.len[i]);
		ck_assert_mem_eq(f.b[i], k.b[i], k.len[i]);
	}
}
END_TEST

/*
 * IPv4 options (Record Route, not copied; Router Alert, copied): Linux
 * keeps the header's length in later fragments and overwrites the options
 * not copied with No Operation (ip_options_fragment()); we leave them out
 * (RFC 791 §3.2 step (9)). Both size the data for the first fragment's
 * header, so the first fragment, the data and the offsets are the same.
 */
START_TEST(test_split_linux_ipv4_options)
{
	static struct frags f;
	static struct lx k;
	static const uint8_t lx_later[12] = {
		1, 1, 1, 1, 1, 1, 1, 0x94, 4, 0, 0, 0,
	};
	size_t i;

	lx_read(&k, "ipv4_opts_udp3000_frags.pcap");
	lx_split(&f, "ipv4_opts_udp3000_reassembled.pcap", 0);
	ck_assert_uint_eq(f.count, 3);
	ck_assert_uint_eq(k.n, 3);
	/* the first fragment, every option kept: byte for byte */
	ck_assert_uint_eq(f.len[0], k.len[0]);
	ck_assert_mem_eq(f.b[0], k.b[0], k.len[0]);
	for (i = 1; i < 3; i++) {
		/* Linux: IHL 8, 7 NOPs where Record Route was, Router Alert,
		 * EOL; ours: IHL 6, Router Alert */
		ck_assert_uint_eq(k.b[i][0], 0x48);
		ck_assert_mem_eq(k.b[i] + 20, lx_later, 12);
		ck_assert_uint_eq(f.b[i][0], 0x46);
		ck_assert_mem_eq(f.b[i] + 20, lx_later + 7, 4);
		/* the same id, flags and offset, TTL, protocol, addresses */
		ck_assert_mem_eq(f.b[i] + 4, k.b[i] + 4, 6);
		ck_assert_mem_eq(f.b[i] + 12, k.b[i] + 12, 8);
		/* the same data after a header 8 bytes shorter */
		ck_assert_uint_eq(f.len[i] + 8, k.len[i]);
		ck_assert_uint_eq(be16(f.b[i] + 2), k.len[i] - 8);
		ck_assert_mem_eq(f.b[i] + 24, k.b[i] + 32, k.len[i] - 32);
		ck_assert_uint_eq(ip4_sum(f.b[i], 24), 0xffff);
	}
}
END_TEST

/*
 * Hop-by-Hop, then Destination Options with no Routing header, then UDP
 * (3000 bytes). RFC 8200 §4.5 puts the Destination Options header in the
 * Fragmentable Part ("all headers up to and including the Routing header
 * if present, else the Hop-by-Hop Options header"): Per-Fragment headers
 * 48 bytes, chunk 1280 - 48 - 8 = 1224, 3016 = 1224 + 1224 + 568. Linux
 * (ip6_find_1stfragopt()) repeats it in every fragment: 56 bytes, chunk
 * 1216. Both first fragments end with the same 1216 bytes from 64 on.
 */
START_TEST(test_split_linux_dstopts_difference)
{
	static struct frags f;
	static struct lx k;
	uint32_t id;

	lx_read(&k, "ipv6_hbh_do_udp3000_frags.pcap");
	ck_assert_uint_eq(k.n, 3);
	/* Linux: HBH -> 60, DO -> 44, Fragment header at 56 -> 17 */
	ck_assert_uint_eq(k.b[0][40], P_DSTOPTS);
	ck_assert_uint_eq(k.b[0][48], P_FRAGMENT);
	ck_assert_uint_eq(k.b[0][56], P_UDP);
	id = (uint32_t)be16(k.b[0] + 60) << 16 | be16(k.b[0] + 62);
	lx_split(&f, "ipv6_hbh_do_udp3000_reassembled.pcap", id);
	ck_assert_uint_eq(f.count, 3);
	/* ours: HBH -> 44, Fragment header at 48 -> 60, DO at 56 -> 17 */
	ck_assert_uint_eq(f.b[0][40], P_FRAGMENT);
	ck_assert_uint_eq(f.b[0][48], P_DSTOPTS);
	ck_assert_uint_eq(f.b[0][56], P_UDP);
	ck_assert_uint_eq(f.len[0], 1280);
	ck_assert_uint_eq(f.len[1], 1280);
	ck_assert_uint_eq(f.len[2], 48 + 8 + 568);
	ck_assert_mem_eq(f.b[0] + 64, k.b[0] + 64, 1216);
	/* the same Identification and hop limit, addresses */
	ck_assert_mem_eq(f.b[0] + 52, k.b[0] + 60, 4);
	ck_assert_mem_eq(f.b[0] + 7, k.b[0] + 7, 33);
}
END_TEST

Suite *v6t_frag_split_suite(void)
{
	Suite *s = suite_create("frag_split");
	TCase *tc;

	tc = tcase_create("ipv6");
	tcase_add_test(tc, test_split6_plain_udp_three_fragments);
	tcase_add_test(tc, test_split6_hop_by_hop);
	tcase_add_test(tc, test_split6_routing_dstopts_before_and_after);
	tcase_add_test(tc, test_split6_first_fragment_holds_chain);
	tcase_add_loop_test(tc, test_split6_per_fragment_headers, 0, N_CHAIN);
	tcase_add_loop_test(tc, test_split6_upper_layer_minimum, 0,
			    N_UPPER_CASE);
	tcase_add_test(tc, test_split6_no_next_header_cannot_split);
	tcase_add_loop_test(tc, test_split6_rfc7112_inner_header, 0, N_INNER);
	tcase_add_test(tc, test_split6_refuses_fragment_header);
	tcase_add_test(tc, test_split6_max_extension_headers);
	suite_add_tcase(s, tc);

	tc = tcase_create("mtu");
	tcase_add_test(tc, test_split6_exactly_fits_is_unchanged);
	tcase_add_test(tc, test_split6_padding_not_written);
	tcase_add_test(tc, test_split6_one_byte_over);
	tcase_add_test(tc, test_split6_smallest_mtu);
	tcase_add_test(tc, test_split4_mtu_edges);
	suite_add_tcase(s, tc);

	tc = tcase_create("next");
	tcase_add_test(tc, test_split_enospc_reports_size);
	tcase_add_test(tc, test_split_whole_packet_enospc_then_einval);
	tcase_add_test(tc, test_split_walker_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("ipv4");
	tcase_add_test(tc, test_split4_no_options);
	tcase_add_test(tc, test_split4_options_copied_and_not);
	tcase_add_loop_test(tc, test_split4_option_copy_rule, 0, N_OPT_ROWS);
	tcase_add_test(tc, test_split4_fragment_of_fragment);
	tcase_add_test(tc, test_split4_last_fragment_keeps_flags);
	tcase_add_test(tc, test_split4_df);
	tcase_add_loop_test(tc, test_split4_malformed_options, 0,
			    sizeof bad_opts / sizeof bad_opts[0]);
	tcase_add_test(tc, test_split4_beyond_64k);
	tcase_add_loop_test(tc, test_split4_reassembler_agrees_on_64k, 0, 4);
	suite_add_tcase(s, tc);

	tc = tcase_create("linux");
	tcase_add_loop_test(tc, test_split_matches_linux, 0,
			    sizeof lx_same / sizeof lx_same[0]);
	tcase_add_test(tc, test_split_linux_ipv4_options);
	tcase_add_test(tc, test_split_linux_dstopts_difference);
	suite_add_tcase(s, tc);

	tc = tcase_create("property");
	tcase_add_loop_test(tc, test_split_property_reassembles, 0, N_PROP);
	suite_add_tcase(s, tc);
	return s;
}
