/*
 * Fragment reassembly (frag.h): RFC 8200 §4.5, RFC 5722 §4, RFC 6946 §4,
 * RFC 7112 §5 for IPv6; RFC 791 §3.2 and RFC 815 for IPv4.
 *
 * Every datagram is first built whole, byte by byte ("orig"), and then cut
 * into fragments by this file's own builders, following RFC 8200 §4.5 (the
 * Per-Fragment headers, a Fragment header, a slice of the Fragmentable
 * Part) and RFC 791 §3.2 (the header with Total Length, MF and Fragment
 * Offset set). Reassembly must give orig back, byte for byte: the expected
 * value is the input the test wrote, never output of the code under test.
 * Where the expected datagram differs from every input (headers of the
 * offset-zero fragment only, the IPv4 header checksum) it is written out
 * in full with the working in a comment.
 *
 * Each packet is handed over in a heap block of exactly its length (a read
 * past it trips ASan), and each table lives at an odd address in a heap
 * block of exactly v6t_frag_table_size() bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <v6transit/frag.h>

#include "suites.h"
#include "testutil.h"

/* Big enough for the largest datagram, 40 + 65535 bytes, and a fragment. */
#define PMAX 66048
#define T0 1000000u      /* a clock reading to start from */
#define TMO 1000u        /* the timeout of most tables here, ms */
#define SENTINEL 0xa5

/* RFC 8200 §4.5 Parameter Problem (RFC 4443 §3.4) as frag.h reports it. */
#define PP 4
#define PP_FIELD 0
#define PP_CHAIN 3

/* IANA protocol numbers. */
#define P_HOPOPT 0
#define P_TCP 6
#define P_UDP 17
#define P_FRAGMENT 44
#define P_ICMPV6 58
#define P_DSTOPTS 60

/* ------------------------------------------------------------ builders */

/* A packet under construction. put*() never write past b; n counts on,
 * so that an overflow shows as n > PMAX where the packet is used. */
struct pkt {
	uint8_t b[PMAX];
	size_t n;
};

static void put8(struct pkt *p, unsigned v)
{
	if (p->n < PMAX)
		p->b[p->n] = (uint8_t)v;
	p->n++;
}

static void put16(struct pkt *p, unsigned v)
{
	put8(p, (v >> 8) & 0xff);
	put8(p, v & 0xff);
}

static void put32(struct pkt *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p, v & 0xffff);
}

static void putn(struct pkt *p, size_t n, unsigned byte)
{
	while (n-- > 0)
		put8(p, byte);
}

static void put_bytes(struct pkt *p, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		put8(p, b[i]);
}

static void set16(uint8_t *at, unsigned v)
{
	at[0] = (uint8_t)(v >> 8);
	at[1] = (uint8_t)v;
}

/* The test's own Internet checksum (RFC 1071) of an IPv4 header; checked
 * against a checksum worked out by hand in test_reasm_ipv4_by_hand. */
static void set_csum4(uint8_t *h, size_t ihl)
{
	uint32_t s = 0;
	size_t i;

	h[10] = h[11] = 0;
	for (i = 0; i + 1 < ihl; i += 2)
		s += (uint32_t)h[i] << 8 | h[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	set16(h + 10, ~s & 0xffff);
}

/* Data byte i of datagram "seed": varied, so that a byte out of place or
 * from another datagram shows. */
static uint8_t pat(unsigned seed, size_t i)
{
	return (uint8_t)(seed * 31u + i * 7u + (i >> 8) + 1u);
}

/* The Fragmentable Part of our datagrams: a UDP header (ports 0x1234 ->
 * 0x5678, Length, a checksum reassembly does not look at), then payload. */
static void put_udp(struct pkt *p, size_t len, unsigned seed)
{
	size_t i;

	put16(p, 0x1234);
	put16(p, 0x5678);
	put16(p, len & 0xffff);
	put16(p, 0xabcd);
	for (i = 8; i < len; i++)
		put8(p, pat(seed, i));
}

/* 2001:db8::1 -> 2001:db8::2 (RFC 3849), 192.0.2.1 -> 198.51.100.2
 * (RFC 5737). */
static const uint8_t SRC6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
				  0, 0, 0, 0, 0, 0, 0, 1 };
static const uint8_t DST6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
				  0, 0, 0, 0, 0, 0, 0, 2 };
static const uint8_t SRC4[4] = { 192, 0, 2, 1 };
static const uint8_t DST4[4] = { 198, 51, 100, 2 };

/* An IPv6 header (RFC 8200 §3): flow label 0x12345, Hop Limit hl. */
static void ip6(struct pkt *p, unsigned plen, unsigned nh, unsigned hl)
{
	p->n = 0;
	put32(p, 0x60012345);
	put16(p, plen);
	put8(p, nh);
	put8(p, hl);
	put_bytes(p, SRC6, 16);
	put_bytes(p, DST6, 16);
}

/* An option header (Hop-by-Hop or Destination Options, RFC 8200 §4.2,
 * §4.3) of len bytes (a multiple of 8): Next Header, Hdr Ext Len
 * len / 8 - 1, one PadN option filling the rest. */
static void opt_hdr(struct pkt *p, unsigned nh, size_t len)
{
	put8(p, nh);
	put8(p, (unsigned)(len / 8 - 1));
	put8(p, 1);                   /* PadN */
	put8(p, (unsigned)(len - 4)); /* its data length */
	putn(p, len - 4, 0);
}

/* A datagram before fragmentation, and where its parts are. */
struct dg {
	struct pkt orig;
	unsigned version;
	size_t hdr;    /* IPv6: the Per-Fragment headers; IPv4: IHL * 4 */
	size_t nh_off; /* IPv6: the Next Header field of the last of them */
	uint32_t id;
};

/* IPv6: header, an optional 8-byte Hop-by-Hop header, UDP of dlen bytes. */
static void dg6(struct dg *d, int hbh, size_t dlen, uint32_t id, unsigned seed)
{
	struct pkt *p = &d->orig;

	ip6(p, (unsigned)((hbh ? 8 : 0) + dlen), hbh ? P_HOPOPT : P_UDP, 64);
	if (hbh)
		opt_hdr(p, P_UDP, 8);
	put_udp(p, dlen, seed);
	d->version = 6;
	d->hdr = hbh ? 48 : 40;
	d->nh_off = hbh ? 40 : 6;
	d->id = id;
}

/* An IPv4 header (RFC 791 §3.1) with opts bytes of Router Alert options
 * (RFC 2113: 0x94 0x04 0 0, copied flag set), Total Length ihl + dlen,
 * the given flags word (DF 0x4000), TTL 64, the given protocol; then UDP
 * of dlen bytes. */
static void dg4(struct dg *d, size_t opts, size_t dlen, unsigned id,
		unsigned proto, unsigned flags, unsigned seed)
{
	struct pkt *p = &d->orig;
	size_t ihl = 20 + opts, i;

	p->n = 0;
	put8(p, 0x40 | (unsigned)(ihl / 4));
	put8(p, 0);
	put16(p, (unsigned)(ihl + dlen));
	put16(p, id);
	put16(p, flags);
	put8(p, 64);
	put8(p, proto);
	put16(p, 0);
	put_bytes(p, SRC4, 4);
	put_bytes(p, DST4, 4);
	for (i = 0; i < opts; i += 4) {
		put8(p, 0x94);
		put8(p, 4);
		put16(p, 0);
	}
	set_csum4(p->b, ihl);
	put_udp(p, dlen, seed);
	d->version = 4;
	d->hdr = ihl;
	d->nh_off = 0;
	d->id = id;
}

/*
 * RFC 8200 §4.5: a fragment of an IPv6 packet: the headers pre[0..pre_len)
 * with the Next Header at nh_off set to 44 and Payload Length pre_len - 40
 * + 8 + len; a Fragment header (Next Header nh, Reserved 0, Fragment
 * Offset off / 8 with Res 0 and M, Identification id); then len data bytes.
 * off is a multiple of 8, so "off / 8 << 3" is off itself.
 */
static void frag6_raw(struct pkt *o, const uint8_t *pre, size_t pre_len,
		      size_t nh_off, unsigned nh, uint32_t id, unsigned off,
		      int m, const uint8_t *data, size_t len)
{
	o->n = 0;
	put_bytes(o, pre, pre_len);
	o->b[nh_off] = P_FRAGMENT;
	set16(o->b + 4, (unsigned)(pre_len - 40 + 8 + len));
	put8(o, nh);
	put8(o, 0);
	put16(o, (off & 0xfff8) | (m ? 1 : 0));
	put32(o, id);
	put_bytes(o, data, len);
}

/*
 * RFC 791 §3.2: a fragment of an IPv4 datagram: the header h (ihl bytes)
 * with Total Length ihl + len, the DF and reserved bits of h, MF = mf,
 * Fragment Offset off / 8, a new checksum; then len data bytes.
 */
static void frag4_raw(struct pkt *o, const uint8_t *h, size_t ihl, int mf,
		      unsigned off, const uint8_t *data, size_t len)
{
	unsigned fl = ((unsigned)h[6] << 8 & 0xc000) | (mf ? 0x2000 : 0) | off / 8;

	o->n = 0;
	put_bytes(o, h, ihl);
	set16(o->b + 2, (unsigned)(ihl + len));
	set16(o->b + 6, fl);
	set_csum4(o->b, ihl);
	put_bytes(o, data, len);
}

/* Fragment [off, off + len) of d's Fragmentable Part (IPv6) or data
 * (IPv4), with M = m; every fragment repeats d's headers. */
static void dg_frag(struct pkt *o, const struct dg *d, unsigned off,
		    unsigned len, int m)
{
	const uint8_t *data = d->orig.b + d->hdr + off;

	ck_assert_uint_le(d->hdr + off + len, d->orig.n);
	if (d->version == 6)
		frag6_raw(o, d->orig.b, d->hdr, d->nh_off, d->orig.b[d->nh_off],
			  d->id, off, m, data, len);
	else
		frag4_raw(o, d->orig.b, d->hdr, m, off, data, len);
}

/* A fragment's place: data bytes [off, off + len), M flag. */
struct piece {
	unsigned off, len;
	int m;
};

/* Cut total data bytes into chunk-byte pieces (chunk a multiple of 8),
 * the last one shorter or equal; returns how many. */
static unsigned cut(struct piece *pc, unsigned total, unsigned chunk)
{
	unsigned n = 0, off;

	for (off = 0; off < total; off += chunk, n++) {
		pc[n].off = off;
		pc[n].len = total - off < chunk ? total - off : chunk;
		pc[n].m = off + chunk < total;
	}
	return n;
}

static unsigned dg_data(const struct dg *d)
{
	return (unsigned)(d->orig.n - d->hdr);
}

/* A deterministic permutation (Fisher-Yates with a fixed LCG). */
static void shuffle(unsigned *ord, unsigned n, uint32_t seed)
{
	unsigned i, j, k;

	for (i = 0; i < n; i++)
		ord[i] = i;
	for (i = n; i > 1; i--) {
		seed = seed * 1103515245u + 12345u;
		j = (seed >> 8) % i;
		k = ord[i - 1];
		ord[i - 1] = ord[j];
		ord[j] = k;
	}
}

/* ------------------------------------------------------------ the table */

struct tt {
	unsigned char *mem;
	v6t_frag_table *t;
};

static v6t_frag_config cfg_of(uint32_t slots, uint32_t maxd, uint32_t tmo)
{
	v6t_frag_config c;
	unsigned i;

	memset(&c, 0, sizeof c);
	c.slots = slots;
	c.max_datagram = maxd;
	c.timeout_ms = tmo;
	for (i = 0; i < 16; i++)
		c.key.b[i] = (uint8_t)(0x10 + i);
	return c;
}

/* A table at an odd address, in exactly v6t_frag_table_size() bytes. */
static void tt_open_cfg(struct tt *x, const v6t_frag_config *c)
{
	size_t n = v6t_frag_table_size(c);

	ck_assert_uint_gt(n, 0);
	x->mem = malloc(n + 1);
	ck_assert_ptr_nonnull(x->mem);
	ck_assert_int_eq(v6t_frag_init(&x->t, x->mem + 1, n, c), V6T_OK);
}

static void tt_open(struct tt *x, uint32_t slots, uint32_t maxd, uint32_t tmo)
{
	v6t_frag_config c = cfg_of(slots, maxd, tmo);

	tt_open_cfg(x, &c);
}

static void tt_close(struct tt *x)
{
	free(x->mem);
	x->mem = NULL;
}

/* v6t_frag_input() on an exact-size copy of p. */
static int feed_rc(struct tt *x, const struct pkt *p, uint64_t now,
		   v6t_frag_result *r)
{
	uint8_t *c;
	int rc;

	if (p->n > PMAX)
		return -9999; /* a builder overflowed */
	c = malloc(p->n ? p->n : 1);
	if (c == NULL)
		return -9998;
	memcpy(c, p->b, p->n);
	rc = v6t_frag_input(x->t, c, p->n, now, r);
	free(c);
	return rc;
}

static v6t_frag_result feed(struct tt *x, const struct pkt *p, uint64_t now)
{
	v6t_frag_result r;

	ck_assert_int_eq(feed_rc(x, p, now, &r), V6T_OK);
	return r;
}

static void expect_held(const v6t_frag_result *r)
{
	ck_assert_int_eq(r->verdict, V6T_FRAG_HELD);
	ck_assert_int_eq(r->reason, V6T_OK);
	ck_assert_ptr_null(r->data);
}

static void expect_drop(const v6t_frag_result *r, int reason)
{
	ck_assert_int_eq(r->verdict, V6T_FRAG_DROPPED);
	ck_assert_int_eq(r->reason, reason);
	ck_assert_ptr_null(r->data);
}

/* Dropped without ICMP. */
static void expect_drop0(const v6t_frag_result *r, int reason)
{
	expect_drop(r, reason);
	ck_assert_uint_eq(r->icmp_type, 0);
}

static void expect_data(const v6t_frag_result *r, int verdict,
			const struct pkt *want)
{
	ck_assert_int_eq(r->verdict, verdict);
	ck_assert_int_eq(r->reason, V6T_OK);
	ck_assert_ptr_nonnull(r->data);
	ck_assert_uint_eq(r->len, want->n);
	ck_assert_mem_eq(r->data, want->b, want->n);
}

static void expect_done(const v6t_frag_result *r, const struct pkt *want)
{
	expect_data(r, V6T_FRAG_DONE, want);
}

/* Feed piece pc of d at now. */
static v6t_frag_result feed_piece(struct tt *x, const struct dg *d,
				  const struct piece *pc, uint64_t now)
{
	static struct pkt f;

	dg_frag(&f, d, pc->off, pc->len, pc->m);
	return feed(x, &f, now);
}

/* Feed all n pieces in the order ord; all but the last are held, the last
 * delivers d's datagram. */
static void feed_all(struct tt *x, const struct dg *d, const struct piece *pc,
		     const unsigned *ord, unsigned n, uint64_t now)
{
	v6t_frag_result r;
	unsigned i;

	for (i = 0; i + 1 < n; i++) {
		r = feed_piece(x, d, &pc[ord[i]], now);
		expect_held(&r);
	}
	r = feed_piece(x, d, &pc[ord[n - 1]], now);
	expect_done(&r, &d->orig);
}

static void feed_in_order(struct tt *x, const struct dg *d,
			  const struct piece *pc, unsigned n, uint64_t now)
{
	unsigned ord[V6T_FRAG_FRAGS_DEFAULT], i;

	for (i = 0; i < n; i++)
		ord[i] = i;
	feed_all(x, d, pc, ord, n, now);
}

/*
 * The four pieces most tests use, of a datagram with 96 data bytes:
 * P0 [0,16) P1 [16,32) P2 [32,56) M=1, P3 [56,96) M=0 (the last).
 */
#define P0 1u
#define P1 2u
#define P2 4u
#define P3 8u
static const struct piece PC4[4] = {
	{ 0, 16, 1 }, { 16, 16, 1 }, { 32, 24, 1 }, { 56, 40, 0 }
};

/* d: a 96-byte datagram of version v ("seed" 1); plain headers. */
static void dg96(struct dg *d, unsigned v, uint32_t id)
{
	if (v == 6)
		dg6(d, 0, 96, id, 1);
	else
		dg4(d, 0, 96, id, P_UDP, 0, 1);
}

/* Feed the pieces of mask in P0..P3 order; each is held. */
static void feed_mask(struct tt *x, const struct dg *d, unsigned mask,
		      uint64_t now)
{
	v6t_frag_result r;
	unsigned k;

	for (k = 0; k < 4; k++) {
		if (!(mask & (1u << k)))
			continue;
		r = feed_piece(x, d, &PC4[k], now);
		expect_held(&r);
	}
}

/* Feed the pieces of mask; each gets reason. */
static void feed_mask_drop(struct tt *x, const struct dg *d, unsigned mask,
			   uint64_t now, int reason)
{
	v6t_frag_result r;
	unsigned k;

	for (k = 0; k < 4; k++) {
		if (!(mask & (1u << k)))
			continue;
		r = feed_piece(x, d, &PC4[k], now);
		expect_drop0(&r, reason);
	}
}

/* ------------------------------------------------------------ completion */

/* Both versions x {2, 7, 45, 64} fragments x {in order, reverse,
 * shuffled}: 24 cases. */
#define N_COMPLETE 24

START_TEST(test_reasm_completes_in_any_order)
{
	/*
	 * Data bytes and piece size per count: 24 = 16 + 8; 53 = 6 * 8 + 5
	 * (a last fragment of odd length is allowed: RFC 8200 §4.5 asks a
	 * multiple of 8 only with M = 1); 712 = 44 * 16 + 8; 507 = 63 * 8 + 3.
	 */
	static const unsigned counts[4] = { 2, 7, 45, 64 };
	static const unsigned data[4] = { 24, 53, 712, 507 };
	static const unsigned chunk[4] = { 16, 8, 16, 8 };
	static struct dg d;
	struct piece pc[V6T_FRAG_FRAGS_DEFAULT];
	unsigned ord[V6T_FRAG_FRAGS_DEFAULT], v = _i % 2 ? 4 : 6, c = (_i / 2) % 4;
	unsigned order = _i / 8, n, i;
	struct tt x;

	/* the 7-fragment case carries a Hop-by-Hop header (IPv6) or an
	 * option (IPv4) in every fragment */
	if (v == 6)
		dg6(&d, c == 1, data[c], 0x01020304u + _i, 3);
	else
		dg4(&d, c == 1 ? 4 : 0, data[c], 0x0102 + _i, P_UDP, 0, 3);
	n = cut(pc, dg_data(&d), chunk[c]);
	ck_assert_uint_eq(n, counts[c]);
	for (i = 0; i < n; i++)
		ord[i] = order == 1 ? n - 1 - i : i;
	if (order == 2)
		shuffle(ord, n, 77 + _i);
	tt_open(&x, 4, 1500, TMO);
	feed_all(&x, &d, pc, ord, n, T0);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	tt_close(&x);
}
END_TEST

START_TEST(test_reasm_count_while_held)
{
	static struct dg d;
	v6t_frag_result r;
	struct tt x;

	dg96(&d, _i ? 4 : 6, 9);
	tt_open(&x, 4, 1500, TMO);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	r = feed_piece(&x, &d, &PC4[1], T0);
	expect_held(&r);
	ck_assert_uint_eq(r.evicted, 0);
	ck_assert_uint_eq(r.timed_out, 0);
	ck_assert_uint_eq(v6t_frag_count(x.t), 1);
	feed_mask(&x, &d, P0 | P2, T0 + 1);
	ck_assert_uint_eq(v6t_frag_count(x.t), 1);
	r = feed_piece(&x, &d, &PC4[3], T0 + 2);
	expect_done(&r, &d.orig);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	tt_close(&x);
}
END_TEST

/*
 * RFC 791 §3.2 by hand. The datagram: 45 00 00 2c | 12 34 40 00 | 40 11
 * cs cs | c0 00 02 01 | c6 33 64 02, 24 data bytes (Total Length 0x2c =
 * 44 = 20 + 24), Identification 0x1234, DF set, TTL 64, UDP. Its
 * fragments carry DF and MF together ("IPv4 with DF and MF": reassembled
 * all the same). The reassembled header keeps DF, clears MF and offset,
 * and has the checksum (RFC 1071) of
 *   4500 + 002c + 1234 + 4000 + 4011 + c000 + 0201 + c633 + 6402
 *   = 452c, 5760, 9760, d771, 19771, 19972, 25fa5, 2c3a7;
 *   folded: c3a7 + 2 = c3a9; complemented: 3c56.
 */
START_TEST(test_reasm_ipv4_by_hand)
{
	static const uint8_t want_hdr[20] = {
		0x45, 0x00, 0x00, 0x2c, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11,
		0x3c, 0x56, 0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02,
	};
	static struct dg d;
	v6t_frag_result r;
	struct tt x;

	dg4(&d, 0, 24, 0x1234, P_UDP, 0x4000, 5);
	/* the test's own checksum agrees with the hand computation */
	ck_assert_mem_eq(d.orig.b, want_hdr, 20);
	tt_open(&x, 2, 1500, TMO);
	/* [16, 24) last, then [0, 16) with DF and MF */
	r = feed_piece(&x, &d, &(struct piece){ 16, 8, 0 }, T0);
	expect_held(&r);
	r = feed_piece(&x, &d, &(struct piece){ 0, 16, 1 }, T0);
	ck_assert_int_eq(r.verdict, V6T_FRAG_DONE);
	ck_assert_uint_eq(r.len, 44);
	ck_assert_mem_eq(r.data, want_hdr, 20);
	ck_assert_mem_eq(r.data + 20, d.orig.b + 20, 24);
	tt_close(&x);
}
END_TEST

/*
 * The fast paths must go by the version: an IPv4 fragment at offset 3105
 * units (24840 bytes) with MF has 0x2c21 in its flags word, so byte 6,
 * where an IPv6 header has its Next Header, is 44 (Fragment). It is
 * reassembled as IPv4 (RFC 791 §3.2), in three pieces.
 */
START_TEST(test_reasm_ipv4_byte6_is_44)
{
	static struct dg d;
	static struct pkt f;
	v6t_frag_result r;
	struct tt x;

	dg4(&d, 0, 24856, 0x44, P_UDP, 0, 6);
	tt_open(&x, 1, 30000, TMO);
	dg_frag(&f, &d, 24840, 8, 1);
	ck_assert_uint_eq(f.b[6], 44);
	r = feed(&x, &f, T0);
	expect_held(&r);
	r = feed_piece(&x, &d, &(struct piece){ 24848, 8, 0 }, T0);
	expect_held(&r);
	r = feed_piece(&x, &d, &(struct piece){ 0, 24840, 1 }, T0);
	expect_done(&r, &d.orig);
	tt_close(&x);
}
END_TEST

/* IPv4 keeps the reserved bit as received too (0x8000 with MF). */
START_TEST(test_reasm_ipv4_keeps_reserved_bit)
{
	static struct dg d;
	struct tt x;

	dg4(&d, 0, 96, 0x4444, P_UDP, 0x8000, 2);
	tt_open(&x, 2, 1500, TMO);
	feed_in_order(&x, &d, PC4, 4, T0);
	tt_close(&x);
}
END_TEST

/*
 * RFC 791 §3.2: options without the copied flag appear in the first
 * fragment only; the reassembled datagram has the offset-zero fragment's
 * header. Here the first fragment has IHL 6 (one Router Alert option), the
 * others IHL 5; the first arrives last.
 */
START_TEST(test_reasm_ipv4_header_of_first_fragment)
{
	static struct dg d;
	static struct pkt f;
	uint8_t h5[20];
	v6t_frag_result r;
	struct tt x;
	unsigned k;

	dg4(&d, 4, 96, 0x5555, P_UDP, 0, 4);
	/* the header without its option: IHL 5 */
	memcpy(h5, d.orig.b, 20);
	h5[0] = 0x45;
	tt_open(&x, 2, 1500, TMO);
	for (k = 3; k >= 1; k--) {
		frag4_raw(&f, h5, 20, PC4[k].m, PC4[k].off,
			  d.orig.b + 24 + PC4[k].off, PC4[k].len);
		r = feed(&x, &f, T0);
		expect_held(&r);
	}
	r = feed_piece(&x, &d, &PC4[0], T0);
	expect_done(&r, &d.orig); /* Total Length 24 + 96 = 120 */
	tt_close(&x);
}
END_TEST

/*
 * RFC 8200 §4.5: "The Next Header values in the Fragment headers of
 * different fragments ... may differ. Only the value from the Offset zero
 * fragment packet is used." Here 17 (UDP) in the offset-zero fragment,
 * 6 and 58 in the others, which arrive first.
 */
START_TEST(test_reasm_next_header_of_offset_zero)
{
	static const unsigned nh[4] = { P_UDP, P_TCP, P_ICMPV6, P_TCP };
	static struct dg d;
	static struct pkt f;
	v6t_frag_result r;
	struct tt x;
	int k;

	dg6(&d, 0, 96, 0xabcdef01u, 6);
	tt_open(&x, 2, 1500, TMO);
	for (k = 3; k >= 0; k--) {
		frag6_raw(&f, d.orig.b, 40, 6, nh[k], d.id, PC4[k].off, PC4[k].m,
			  d.orig.b + 40 + PC4[k].off, PC4[k].len);
		r = feed(&x, &f, T0);
		if (k > 0)
			expect_held(&r);
	}
	expect_done(&r, &d.orig); /* its byte 6 is 17 */
	tt_close(&x);
}
END_TEST

/*
 * RFC 8200 §4.5: the Per-Fragment headers of the reassembled packet are
 * all headers before the offset-zero fragment's Fragment header, whatever
 * the others carry. Case 0: the first fragment has Hop-by-Hop (8 bytes,
 * Next Header 60) and Destination Options (8 bytes, Next Header 17)
 * before its Fragment header; the others only an IPv6 header with Hop
 * Limit 33. The datagram: those 56 bytes of headers (Destination Options'
 * Next Header back to 17), Payload Length 16 + 96 = 112. Case 1: the
 * first fragment has no extension header, the others a Hop-by-Hop one:
 * the datagram has none.
 */
START_TEST(test_reasm_per_fragment_headers_of_offset_zero)
{
	static struct pkt orig, other, f;
	v6t_frag_result r;
	size_t first_hdr, first_nh_off, other_hdr, other_nh_off;
	struct tt x;
	int k;

	/* the datagram as it must come out, and the others' headers */
	if (_i == 0) {
		ip6(&orig, 16 + 96, P_HOPOPT, 64);
		opt_hdr(&orig, P_DSTOPTS, 8);
		opt_hdr(&orig, P_UDP, 8);
		first_hdr = 56;
		first_nh_off = 48;
		ip6(&other, 0, P_UDP, 33);
		other_hdr = 40;
		other_nh_off = 6;
	} else {
		ip6(&orig, 96, P_UDP, 64);
		first_hdr = 40;
		first_nh_off = 6;
		ip6(&other, 0, P_HOPOPT, 33);
		opt_hdr(&other, P_UDP, 8);
		other_hdr = 48;
		other_nh_off = 40;
	}
	put_udp(&orig, 96, 7);
	tt_open(&x, 2, 1500, TMO);
	for (k = 3; k >= 0; k--) {
		const uint8_t *data = orig.b + first_hdr + PC4[k].off;

		if (k == 0)
			frag6_raw(&f, orig.b, first_hdr, first_nh_off, P_UDP,
				  77, 0, 1, data, PC4[k].len);
		else
			frag6_raw(&f, other.b, other_hdr, other_nh_off, P_UDP,
				  77, PC4[k].off, PC4[k].m, data, PC4[k].len);
		r = feed(&x, &f, T0);
		if (k > 0)
			expect_held(&r);
	}
	expect_done(&r, &orig);
	tt_close(&x);
}
END_TEST

/* ------------------------------------------------------------ overlaps */

/*
 * RFC 5722 §4: an overlap discards the datagram and its later fragments.
 * Pieces P0..P3 of a 96-byte datagram (P0 [0,16) P1 [16,32) P2 [32,56)
 * P3 [56,96) last); "held" are fed first, then the overlapping fragment
 * [off, off + len) with M = m (its bytes from the same pattern, or changed
 * with "corrupt"), then "after", each of which is POISONED.
 */
struct shape {
	unsigned held, off, len;
	int m, corrupt;
	unsigned after;
};

static const struct shape SHAPES[] = {
	/* head of P2: [24,40) */
	{ P0 | P2, 24, 16, 1, 0, P1 | P3 },
	/* tail of P2: [48,64) */
	{ P0 | P2, 48, 16, 1, 0, P1 | P3 },
	/* inside P2: [40,48) */
	{ P0 | P2, 40, 8, 1, 0, P1 | P3 },
	/* containing P2: [24,64) */
	{ P0 | P2, 24, 40, 1, 0, P1 | P3 },
	/* P2's offset, shorter: [32,48) */
	{ P0 | P2, 32, 16, 1, 0, P1 | P3 },
	/* P2's offset, longer: [32,64) */
	{ P0 | P2, 32, 32, 1, 0, P1 | P3 },
	/* P2's range, other bytes: a duplicate that is not exact */
	{ P0 | P2, 32, 24, 1, 1, P1 | P3 },
	/* arriving last: [16,40) fills the hole but overlaps P2 */
	{ P0 | P2 | P3, 16, 24, 1, 0, P1 },
	/* before the last: [8,24) over P0 and P1; P3 would then complete */
	{ P0 | P1 | P2, 8, 16, 1, 0, P3 },
	/* into the last fragment: [80,96) M = 0, the same end */
	{ P0 | P3, 80, 16, 0, 0, P1 | P2 },
	/* the last fragment again with M = 1: same bytes, other M */
	{ P0 | P3, 56, 40, 1, 0, P1 | P2 },
	/* the highest fragment again with M = 0 (it had M = 1) */
	{ P0 | P2, 32, 24, 0, 0, P1 | P3 },
	/* a first fragment of another length: [0,24) */
	{ P0 | P2, 0, 24, 1, 0, P1 | P3 },
	/* a second last fragment at the last one's offset, shorter: [56,80)
	 * M = 0 overlaps [56,96): an overlap, whatever it says of the end */
	{ P0 | P3, 56, 24, 0, 0, P1 | P2 },
	/* ... and longer: [56,104) M = 0 */
	{ P0 | P3, 56, 48, 0, 0, P1 | P2 },
};
#define N_SHAPES (sizeof SHAPES / sizeof SHAPES[0])

/* Datagram d of version v (96 data bytes) and "twin", the same key and
 * bytes but 128 data bytes, to cut fragments past d's end from. */
static void dg_pair(struct dg *d, struct dg *twin, unsigned v, uint32_t id)
{
	dg96(d, v, id);
	if (v == 6)
		dg6(twin, 0, 128, id, 1);
	else
		dg4(twin, 0, 128, id, P_UDP, 0, 1);
}

/*
 * After a poisoning at tp, of a datagram whose first fragment came at T0
 * < tp: its slot is free at once (nothing to expire), and RFC 5722 §4
 * discards "any constituent fragments, including those not yet received"
 * for a timeout from the overlap (frag.h "Poisoned keys"): all four pieces
 * are still POISONED at tp + TMO - 1, later than T0 + TMO, when the
 * datagram itself would have timed out. At tp + TMO the key is free again:
 * the datagram completes.
 */
static void check_poison_memory(struct tt *x, const struct dg *d, uint64_t tp)
{
	v6t_frag_expired e;

	ck_assert_uint_gt(tp, T0);
	ck_assert_uint_eq(v6t_frag_count(x->t), 0);
	ck_assert_int_eq(v6t_frag_expire(x->t, tp + TMO - 1, &e), 0);
	feed_mask_drop(x, d, P0 | P1 | P2 | P3, tp + TMO - 1, V6T_EFRAG_POISONED);
	feed_in_order(x, d, PC4, 4, tp + TMO);
}

START_TEST(test_reasm_overlap_shapes)
{
	const struct shape *sh = &SHAPES[_i / 2];
	unsigned v = _i % 2 ? 4 : 6;
	static struct dg d, twin;
	static struct pkt f;
	v6t_frag_result r;
	struct tt x;

	dg_pair(&d, &twin, v, 0x600d + _i);
	tt_open(&x, 2, 1500, TMO);
	feed_mask(&x, &d, sh->held, T0);
	dg_frag(&f, &twin, sh->off, sh->len, sh->m);
	if (sh->corrupt)
		f.b[f.n - 1] ^= 0x01;
	r = feed(&x, &f, T0 + 10);
	expect_drop0(&r, V6T_EFRAG_OVERLAP); /* RFC 5722 §4: silently */
	feed_mask_drop(&x, &d, sh->after, T0 + 20, V6T_EFRAG_POISONED);
	/* the held pieces again: poisoned too, no datagram */
	feed_mask_drop(&x, &d, sh->held, T0 + 30, V6T_EFRAG_POISONED);
	check_poison_memory(&x, &d, T0 + 10);
	tt_close(&x);
}
END_TEST

/*
 * Fragments that disagree on the end (frag.h, RFC 815: the M = 0 fragment
 * fixes the datagram's length): discarded and remembered like an overlap.
 */
static const struct shape ENDS[] = {
	/* past the known end 96: [96,104) M = 1 */
	{ P0 | P3, 96, 8, 1, 0, P1 | P2 },
	/* a second last fragment with another end: [96,104) M = 0 */
	{ P0 | P3, 96, 8, 0, 0, P1 | P2 },
	/* a last fragment ending (24) before data held (P2 ends at 56) */
	{ P0 | P2, 16, 8, 0, 0, P1 | P3 },
	/* a last fragment ending before the known end */
	{ P0 | P3, 16, 8, 0, 0, P1 | P2 },
};
#define N_ENDS (sizeof ENDS / sizeof ENDS[0])

START_TEST(test_reasm_inconsistent_end)
{
	const struct shape *sh = &ENDS[_i / 2];
	unsigned v = _i % 2 ? 4 : 6;
	static struct dg d, twin;
	static struct pkt f;
	v6t_frag_result r;
	struct tt x;

	dg_pair(&d, &twin, v, 0xe2d + _i);
	tt_open(&x, 2, 1500, TMO);
	feed_mask(&x, &d, sh->held, T0);
	dg_frag(&f, &twin, sh->off, sh->len, sh->m);
	r = feed(&x, &f, T0 + 10);
	expect_drop0(&r, V6T_EFRAG_INCONSISTENT);
	feed_mask_drop(&x, &d, sh->after, T0 + 20, V6T_EFRAG_POISONED);
	check_poison_memory(&x, &d, T0 + 10);
	tt_close(&x);
}
END_TEST

/*
 * RFC 8200 §4.5: exact duplicates may be dropped and the datagram goes
 * on. Order: P0, P3, P3 again, P1, P1 again, P0 again, P2 -> done. For
 * IPv6 the second P0 has Hop Limit 1 instead of 64: only the data counts,
 * and the headers kept are those of the P0 that arrived first.
 */
START_TEST(test_reasm_exact_duplicates_dropped)
{
	unsigned v = _i ? 4 : 6;
	static struct dg d, d_hl;
	v6t_frag_result r;
	struct tt x;

	dg96(&d, v, 0xd0b + _i);
	d_hl = d;
	if (v == 6)
		d_hl.orig.b[7] = 1;
	tt_open(&x, 2, 1500, TMO);
	feed_mask(&x, &d, P0 | P3, T0);
	r = feed_piece(&x, &d, &PC4[3], T0 + 1);
	expect_drop0(&r, V6T_EFRAG_DUPLICATE);
	feed_mask(&x, &d, P1, T0 + 2);
	r = feed_piece(&x, &d, &PC4[1], T0 + 3);
	expect_drop0(&r, V6T_EFRAG_DUPLICATE);
	r = feed_piece(&x, &d_hl, &PC4[0], T0 + 4);
	expect_drop0(&r, V6T_EFRAG_DUPLICATE);
	ck_assert_uint_eq(v6t_frag_count(x.t), 1);
	r = feed_piece(&x, &d, &PC4[2], T0 + 5);
	expect_done(&r, &d.orig);
	tt_close(&x);
}
END_TEST

/* ------------------------------------------------------------ atomic */

/*
 * RFC 6946 §4: an atomic fragment (offset 0, M = 0) is processed alone:
 * the headers before its Fragment header, the Next Header from the
 * Fragment header, Payload Length less 8. A reassembly with the same
 * source, destination and Identification is not disturbed.
 * Case 0: no extension header; case 1: Hop-by-Hop before the Fragment
 * header (its Next Header is the one restored).
 */
START_TEST(test_reasm_atomic_alone)
{
	static struct dg d, whole;
	static struct pkt f;
	v6t_frag_result r;
	struct tt x;

	dg96(&d, 6, 0x77);
	dg6(&whole, _i, 40, 0x77, 9);
	frag6_raw(&f, whole.orig.b, whole.hdr, whole.nh_off, P_UDP, 0x77, 0, 0,
		  whole.orig.b + whole.hdr, 40);
	tt_open(&x, 2, 1500, TMO);
	feed_mask(&x, &d, P0 | P3, T0);
	r = feed(&x, &f, T0 + 1);
	expect_data(&r, V6T_FRAG_ATOMIC, &whole.orig);
	ck_assert_uint_eq(v6t_frag_count(x.t), 1);
	/* the same atomic fragment again: delivered again, no duplicate */
	r = feed(&x, &f, T0 + 2);
	expect_data(&r, V6T_FRAG_ATOMIC, &whole.orig);
	feed_mask(&x, &d, P1, T0 + 3);
	r = feed_piece(&x, &d, &PC4[2], T0 + 4);
	expect_done(&r, &d.orig);
	tt_close(&x);
}
END_TEST

/* The atomic-fragment output buffer holds max_datagram bytes: 40 + 60 =
 * 100 fits a table of 100; 40 + 64 = 104 does not. */
START_TEST(test_reasm_atomic_no_room)
{
	static struct dg whole;
	static struct pkt f;
	v6t_frag_result r;
	struct tt x;

	tt_open(&x, 1, 100, TMO);
	dg6(&whole, 0, 60, 5, 1);
	frag6_raw(&f, whole.orig.b, 40, 6, P_UDP, 5, 0, 0, whole.orig.b + 40, 60);
	r = feed(&x, &f, T0);
	expect_data(&r, V6T_FRAG_ATOMIC, &whole.orig);
	dg6(&whole, 0, 64, 5, 1);
	frag6_raw(&f, whole.orig.b, 40, 6, P_UDP, 5, 0, 0, whole.orig.b + 40, 64);
	r = feed(&x, &f, T0);
	expect_drop0(&r, V6T_EFRAG_NO_ROOM);
	tt_close(&x);
}
END_TEST

/* ------------------------------------------------------------ per-fragment checks */

/*
 * RFC 7112 §5, RFC 8200 §4.5: a first fragment without the whole header
 * chain: Parameter Problem code 3, pointer 0. The first fragment's
 * Fragment header names Destination Options (60) whose Hdr Ext Len 1 makes
 * it 16 bytes, but the fragment holds 8 data bytes. With 24 data bytes
 * (the 16-byte header and 8 bytes of UDP) the fragment is held. A
 * non-first fragment is not checked (its offset is not 0).
 */
START_TEST(test_reasm_rfc7112_first_fragment)
{
	static struct pkt hdr, data, f;
	v6t_frag_result r;
	struct tt x;

	ip6(&hdr, 0, P_UDP, 64);
	data.n = 0;
	opt_hdr(&data, P_UDP, 16);
	put_udp(&data, 24, 2);
	tt_open(&x, 2, 1500, TMO);
	frag6_raw(&f, hdr.b, 40, 6, P_DSTOPTS, 1, 0, 1, data.b, 8);
	r = feed(&x, &f, T0);
	expect_drop(&r, V6T_EFRAG_HEADERS);
	ck_assert_uint_eq(r.icmp_type, PP);
	ck_assert_uint_eq(r.icmp_code, PP_CHAIN);
	ck_assert_uint_eq(r.icmp_pointer, 0);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	/* no data at all after the Fragment header: the chain is cut too */
	frag6_raw(&f, hdr.b, 40, 6, P_DSTOPTS, 1, 0, 1, data.b, 0);
	r = feed(&x, &f, T0);
	expect_drop(&r, V6T_EFRAG_HEADERS);
	ck_assert_uint_eq(r.icmp_code, PP_CHAIN);
	frag6_raw(&f, hdr.b, 40, 6, P_DSTOPTS, 1, 0, 1, data.b, 24);
	r = feed(&x, &f, T0);
	expect_held(&r);
	frag6_raw(&f, hdr.b, 40, 6, P_DSTOPTS, 1, 24, 1, data.b, 8);
	r = feed(&x, &f, T0);
	expect_held(&r);
	tt_close(&x);
}
END_TEST

/*
 * RFC 8200 §4.5: the first fragment includes "all headers through an
 * Upper-Layer header"; frag.h asks for the upper-layer header's fixed part
 * (TCP 20, DCCP and SCTP 12, UDP 8, ICMPv6 4, an inner IPv6 header 40,
 * an inner IPv4 header 20, others 1, No Next Header 0).
 * Each case: the Fragment header's Next Header, an optional 8-byte
 * Destination Options header after it (with Next Header dnh), the bytes of
 * the upper-layer header the fragment then holds (all multiples of 8), and
 * whether it is held (1) or dropped with V6T_EFRAG_HEADERS (0).
 */
static const struct upper_case {
	unsigned nh, dnh, upper;
	int held;
} UPPER[] = {
	{ P_UDP, 0, 8, 1 },        /* the whole UDP header */
	{ P_TCP, 0, 16, 0 },       /* 16 of TCP's 20 */
	{ P_TCP, 0, 24, 1 },
	{ P_DSTOPTS, P_UDP, 0, 0 }, /* the chain reaches UDP at the end */
	{ P_DSTOPTS, P_UDP, 8, 1 },
	{ P_ICMPV6, 0, 8, 1 },
	{ 253, 0, 8, 1 },          /* RFC 3692 experimental: 1 byte enough */
	{ P_DSTOPTS, 253, 0, 0 },  /* ... but not 0 */
	{ P_DSTOPTS, 59, 0, 1 },   /* No Next Header: nothing follows */
	{ 132, 0, 8, 0 },          /* SCTP: 8 of 12 */
	{ 33, 0, 8, 0 },           /* DCCP: 8 of 12 */
	{ 132, 0, 16, 1 },
	/* RFC 7112 §3: "if a second IPv6 header appears in the header chain
	 * ... [it] is considered to be an Upper-Layer Header": the whole 40
	 * bytes of it (RFC 8200 §3) */
	{ 41, 0, 32, 0 },
	{ 41, 0, 40, 1 },
	/* the same for IPv4 in IPv6: its 20-byte header (RFC 791 §3.1) */
	{ 4, 0, 16, 0 },
	{ 4, 0, 24, 1 },
};
#define N_UPPER (sizeof UPPER / sizeof UPPER[0])

START_TEST(test_reasm_rfc7112_upper_header)
{
	const struct upper_case *c = &UPPER[_i];
	static struct pkt hdr, data, f;
	v6t_frag_result r;
	struct tt x;

	ip6(&hdr, 0, P_UDP, 64);
	data.n = 0;
	if (c->nh == P_DSTOPTS)
		opt_hdr(&data, c->dnh, 8);
	putn(&data, c->upper, 0x33);
	tt_open(&x, 1, 1500, TMO);
	frag6_raw(&f, hdr.b, 40, 6, c->nh, 1, 0, 1, data.b, data.n);
	r = feed(&x, &f, T0);
	if (c->held) {
		expect_held(&r);
	} else {
		expect_drop(&r, V6T_EFRAG_HEADERS);
		ck_assert_uint_eq(r.icmp_type, PP);
		ck_assert_uint_eq(r.icmp_code, PP_CHAIN);
		ck_assert_uint_eq(r.icmp_pointer, 0);
	}
	tt_close(&x);
}
END_TEST

/*
 * RFC 8200 §4.5: M = 1 and a length not a multiple of 8: Parameter
 * Problem code 0 pointing to the Payload Length field, offset 4 of the
 * IPv6 header (RFC 8200 §3), whatever headers follow it. IPv4 (RFC 791):
 * dropped, no ICMP. The same length with M = 0 is fine.
 */
START_TEST(test_reasm_length_not_multiple_of_8)
{
	unsigned v = _i % 2 ? 4 : 6;
	static struct dg d;
	v6t_frag_result r;
	struct tt x;

	if (v == 6)
		dg6(&d, _i >= 2, 96, 3, 1);
	else
		dg4(&d, 0, 96, 3, P_UDP, 0, 1);
	tt_open(&x, 2, 1500, TMO);
	r = feed_piece(&x, &d, &(struct piece){ 16, 12, 1 }, T0);
	expect_drop(&r, V6T_EFRAG_LENGTH);
	ck_assert_uint_eq(r.icmp_type, v == 6 ? PP : 0);
	ck_assert_uint_eq(r.icmp_code, 0);
	ck_assert_uint_eq(r.icmp_pointer, v == 6 ? 4 : 0);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	/* [84,96) M = 0: 12 bytes end the datagram */
	r = feed_piece(&x, &d, &(struct piece){ 84, 12, 0 }, T0);
	expect_held(&r);
	tt_close(&x);
}
END_TEST

/*
 * A fragment without data (frag.h): dropped with V6T_EFRAG_LENGTH and no
 * ICMP (0 is a multiple of 8, so RFC 8200's ICMP does not apply); the
 * datagram it names goes on: here zero-length fragments with M = 1 and
 * M = 0 arrive between the pieces, and the datagram completes.
 */
START_TEST(test_reasm_zero_length_fragment)
{
	unsigned v = _i ? 4 : 6;
	static struct dg d;
	v6t_frag_result r;
	struct tt x;

	dg96(&d, v, 0x20);
	tt_open(&x, 2, 1500, TMO);
	r = feed_piece(&x, &d, &(struct piece){ 16, 0, 1 }, T0);
	expect_drop0(&r, V6T_EFRAG_LENGTH);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	feed_mask(&x, &d, P0 | P1, T0);
	r = feed_piece(&x, &d, &(struct piece){ 96, 0, 0 }, T0);
	expect_drop0(&r, V6T_EFRAG_LENGTH);
	r = feed_piece(&x, &d, &(struct piece){ 40, 0, 1 }, T0);
	expect_drop0(&r, V6T_EFRAG_LENGTH);
	feed_mask(&x, &d, P2, T0);
	r = feed_piece(&x, &d, &PC4[3], T0);
	expect_done(&r, &d.orig);
	tt_close(&x);
}
END_TEST

/*
 * RFC 8200 §4.5: offset plus length past 65535: Parameter Problem code 0
 * pointing to the Fragment Offset field, 2 bytes into the Fragment header:
 * 40 + 2 = 42, or 48 + 2 = 50 after an 8-byte Hop-by-Hop header.
 * 65528 + 8 = 65536 is past; 65520 + 15 = 65535 is not (a table of
 * 65575 bytes, 40 + 65535, holds it).
 */
START_TEST(test_reasm_beyond_64k_ipv6)
{
	static struct pkt pre, f;
	static uint8_t data[16];
	v6t_frag_result r;
	struct tt x;

	tt_open(&x, 1, V6T_FRAG_MAX_DATAGRAM, TMO);
	ip6(&pre, 0, P_UDP, 64);
	frag6_raw(&f, pre.b, 40, 6, P_UDP, 1, 65528, 0, data, 8);
	r = feed(&x, &f, T0);
	expect_drop(&r, V6T_EFRAG_BEYOND_64K);
	ck_assert_uint_eq(r.icmp_type, PP);
	ck_assert_uint_eq(r.icmp_code, PP_FIELD);
	ck_assert_uint_eq(r.icmp_pointer, 42);
	ip6(&pre, 0, P_HOPOPT, 64);
	opt_hdr(&pre, P_UDP, 8);
	frag6_raw(&f, pre.b, 48, 40, P_UDP, 1, 65528, 1, data, 16);
	r = feed(&x, &f, T0);
	expect_drop(&r, V6T_EFRAG_BEYOND_64K);
	ck_assert_uint_eq(r.icmp_pointer, 50);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	ip6(&pre, 0, P_UDP, 64);
	frag6_raw(&f, pre.b, 40, 6, P_UDP, 1, 65520, 0, data, 15);
	r = feed(&x, &f, T0);
	expect_held(&r);
	tt_close(&x);
}
END_TEST

/*
 * The IPv4 form (frag.h): header length plus offset plus length past
 * 65535, the largest Total Length (RFC 791 §3.1); no ICMP. 20 + 65512 + 8
 * = 65540 is past; 20 + 65504 + 11 = 65535 is not. When the offset-zero
 * fragment has a longer header (24) than the last one (20), the datagram
 * 24 + 65515 = 65539 does not fit either: it is discarded.
 */
START_TEST(test_reasm_beyond_64k_ipv4)
{
	static struct dg d;
	static struct pkt f;
	static uint8_t data[16];
	v6t_frag_result r;
	struct tt x;

	tt_open(&x, 1, V6T_FRAG_MAX_DATAGRAM, TMO);
	dg4(&d, 0, 8, 9, P_UDP, 0, 1);
	frag4_raw(&f, d.orig.b, 20, 1, 65512, data, 8);
	r = feed(&x, &f, T0);
	expect_drop0(&r, V6T_EFRAG_BEYOND_64K);
	frag4_raw(&f, d.orig.b, 20, 0, 65504, data, 11);
	r = feed(&x, &f, T0);
	expect_held(&r);
	dg4(&d, 4, 16, 9, P_UDP, 0, 1);
	r = feed_piece(&x, &d, &(struct piece){ 0, 16, 1 }, T0);
	expect_drop0(&r, V6T_EFRAG_BEYOND_64K);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	tt_close(&x);
}
END_TEST

/* ------------------------------------------------------------ timeouts */

/*
 * RFC 8200 §4.5: a datagram not complete 60 s (here TMO) after its first
 * arriving fragment is abandoned; with its offset-zero fragment, an ICMP
 * Time Exceeded code 1 goes to its source (IPv6: type 3, RFC 4443 §3.3;
 * IPv4: type 11, RFC 792), quoting "as much of invoking packet as
 * possible": the report's quote is the offset-zero fragment exactly as it
 * was received, Fragment header and Identification included (f0, built
 * by this file), whatever else was held. The quote parses as that
 * fragment: v6t_pkt_parse() finds its Fragment header (IPv6) or MF
 * (IPv4), Identification 0x7e, offset 0, M 1, and the UDP ports.
 * Case by _i: version (even 6, odd 4); _i >= 2: P0 and P1 are held, else
 * P0 and P2; P3 in both.
 */
START_TEST(test_reasm_timeout_with_first_fragment)
{
	unsigned v = _i % 2 ? 4 : 6;
	static struct dg d;
	static struct pkt f0;
	v6t_frag_expired e;
	v6t_pkt view;
	struct tt x;

	dg96(&d, v, 0x7e);
	dg_frag(&f0, &d, 0, 16, 1);
	tt_open(&x, 2, 1500, TMO);
	feed_mask(&x, &d, P0, T0);
	feed_mask(&x, &d, (_i >= 2 ? P1 : P2) | P3, T0 + 500);
	ck_assert_int_eq(v6t_frag_expire(x.t, T0 + TMO - 1, &e), 0);
	memset(&e, SENTINEL, sizeof e);
	ck_assert_int_eq(v6t_frag_expire(x.t, T0 + TMO, &e), 1);
	ck_assert_uint_eq(e.version, v);
	ck_assert_uint_eq(e.first_received, 1);
	ck_assert_uint_eq(e.icmp_type, v == 6 ? 3 : 11);
	ck_assert_uint_eq(e.icmp_code, 1);
	ck_assert_ptr_nonnull(e.quote);
	ck_assert_uint_eq(e.quote_len, f0.n); /* 40 + 8 + 16 or 20 + 16 */
	ck_assert_mem_eq(e.quote, f0.b, f0.n);
	ck_assert_int_eq(v6t_pkt_parse(e.quote, e.quote_len, 0, &view), V6T_OK);
	ck_assert_uint_eq(view.version, v);
	ck_assert_uint_eq(view.flags & V6T_PKT_FRAGMENT, V6T_PKT_FRAGMENT);
	ck_assert_uint_eq(view.frag_id, 0x7e);
	ck_assert_uint_eq(view.frag_offset, 0);
	ck_assert_uint_eq(view.more_frags, 1);
	ck_assert_uint_eq(view.frag_hdr_off, v == 6 ? 40 : 0);
	ck_assert_uint_eq(view.sport, 0x1234);
	ck_assert_uint_eq(view.dport, 0x5678);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	ck_assert_int_eq(v6t_frag_expire(x.t, T0 + 10 * TMO, &e), 0);
	tt_close(&x);
}
END_TEST

/* Without the offset-zero fragment: nothing to quote, no ICMP (RFC 8200
 * §4.5: "If the first fragment ... has been received"). */
START_TEST(test_reasm_timeout_without_first_fragment)
{
	unsigned v = _i ? 4 : 6;
	static struct dg d;
	v6t_frag_expired e;
	struct tt x;

	dg96(&d, v, 0x7f);
	tt_open(&x, 2, 1500, TMO);
	feed_mask(&x, &d, P1 | P2 | P3, T0);
	memset(&e, SENTINEL, sizeof e);
	ck_assert_int_eq(v6t_frag_expire(x.t, T0 + TMO, &e), 1);
	ck_assert_uint_eq(e.version, v);
	ck_assert_uint_eq(e.first_received, 0);
	ck_assert_uint_eq(e.icmp_type, 0);
	ck_assert_uint_eq(e.icmp_code, 0);
	ck_assert_ptr_null(e.quote);
	ck_assert_uint_eq(e.quote_len, 0);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	tt_close(&x);
}
END_TEST

/*
 * Expiry goes by age (first-arriving fragment), one datagram per call.
 * A (seed 11) at T0, B (seed 12) at T0 + 10, C (seed 13) at T0 + 20, and A
 * gets another fragment at T0 + 50, which does not make it younger. With
 * TMO 1000: at T0 + 1000 only A is due; at T0 + 5000 all are, one per
 * call, B before C. Each is told apart by its UDP payload byte 8,
 * pat(seed, 8).
 */
START_TEST(test_reasm_expire_in_age_order)
{
	static struct dg a, b, c;
	v6t_frag_expired e;
	struct tt x;

	dg6(&a, 0, 96, 1, 11);
	dg6(&b, 0, 96, 2, 12);
	dg6(&c, 0, 96, 3, 13);
	tt_open(&x, 4, 1500, TMO);
	feed_mask(&x, &a, P0, T0);
	feed_mask(&x, &b, P0, T0 + 10);
	feed_mask(&x, &c, P0, T0 + 20);
	feed_mask(&x, &a, P2, T0 + 50);
	ck_assert_int_eq(v6t_frag_expire(x.t, T0 + 999, &e), 0);
	ck_assert_int_eq(v6t_frag_expire(x.t, T0 + 1000, &e), 1);
	/* data byte 8 of the quote: after 40 + 8 bytes of headers */
	ck_assert_uint_eq(e.quote[48 + 8], pat(11, 8));
	ck_assert_int_eq(v6t_frag_expire(x.t, T0 + 1000, &e), 0);
	ck_assert_uint_eq(v6t_frag_count(x.t), 2);
	ck_assert_int_eq(v6t_frag_expire(x.t, T0 + 5000, &e), 1);
	ck_assert_uint_eq(e.quote[48 + 8], pat(12, 8));
	ck_assert_uint_eq(v6t_frag_count(x.t), 1);
	ck_assert_int_eq(v6t_frag_expire(x.t, T0 + 5000, &e), 1);
	ck_assert_uint_eq(e.quote[48 + 8], pat(13, 8));
	ck_assert_int_eq(v6t_frag_expire(x.t, T0 + 5000, &e), 0);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	tt_close(&x);
}
END_TEST

/*
 * A fragment of a datagram past its timeout, arriving before
 * v6t_frag_expire() was called: the old datagram is abandoned (RFC 8200
 * §4.5), reported as timed_out, and the fragment starts a new one, which
 * lacks P0 and so never completes. A key poisoned at T0 is free again at
 * T0 + TMO: its datagram then completes.
 */
START_TEST(test_reasm_timeout_found_by_lookup)
{
	static struct dg a, b, twin;
	static struct pkt f;
	v6t_frag_result r;
	struct tt x;

	dg96(&a, 6, 0xa);
	dg_pair(&b, &twin, 6, 0xb);
	tt_open(&x, 4, 1500, TMO);
	feed_mask(&x, &a, P0, T0);
	feed_mask(&x, &b, P0, T0);
	dg_frag(&f, &twin, 8, 16, 1);
	r = feed(&x, &f, T0);
	expect_drop0(&r, V6T_EFRAG_OVERLAP);
	r = feed_piece(&x, &a, &PC4[1], T0 + TMO);
	expect_held(&r);
	ck_assert_uint_eq(r.timed_out, 1);
	ck_assert_uint_eq(r.evicted, 0);
	feed_mask(&x, &a, P2 | P3, T0 + TMO);
	ck_assert_uint_eq(v6t_frag_count(x.t), 1); /* the new A */
	feed_in_order(&x, &b, PC4, 4, T0 + TMO);
	ck_assert_uint_eq(v6t_frag_count(x.t), 1);
	tt_close(&x);
}
END_TEST

/*
 * Time is the caller's monotonic clock: an earlier time than a previous
 * call's is V6T_ECLOCK for v6t_frag_input() and v6t_frag_expire()
 * (nothing written, nothing expired), a code apart from "nothing due" (0).
 * The same time again is fine. Clock values past 2^32 ms (49.7 days) work:
 * a datagram created at 2^32 - 10 expires at 2^32 + 990, not before.
 */
START_TEST(test_reasm_time_going_back)
{
	const uint64_t big = (uint64_t)1 << 32;
	static struct dg d;
	static struct pkt f0;
	v6t_frag_result r, r0;
	v6t_frag_expired e, e0;
	struct tt x;

	dg96(&d, _i ? 4 : 6, 0x71);
	dg_frag(&f0, &d, 0, 16, 1);
	tt_open(&x, 2, 1500, TMO);
	feed_mask(&x, &d, P0, big - 10);
	memset(&r, SENTINEL, sizeof r);
	r0 = r;
	ck_assert_int_eq(feed_rc(&x, &d.orig, big - 11, &r), V6T_ECLOCK);
	ck_assert_mem_eq(&r, &r0, sizeof r);
	memset(&e, SENTINEL, sizeof e);
	e0 = e;
	ck_assert_int_eq(v6t_frag_expire(x.t, big - 11, &e), V6T_ECLOCK);
	ck_assert_mem_eq(&e, &e0, sizeof e);
	ck_assert_uint_eq(v6t_frag_count(x.t), 1);
	feed_mask(&x, &d, P1, big - 10);
	ck_assert_int_eq(v6t_frag_expire(x.t, big + 989, &e), 0);
	/* a call at big + 989 happened: big + 988 is going back now */
	ck_assert_int_eq(feed_rc(&x, &d.orig, big + 988, &r), V6T_ECLOCK);
	ck_assert_int_eq(v6t_frag_expire(x.t, big + 990, &e), 1);
	ck_assert_uint_eq(e.quote_len, f0.n);
	tt_close(&x);
}
END_TEST

/*
 * One reading far in the future (a clock that jumped, then was set back)
 * must not disable the table for good: every later call is V6T_ECLOCK
 * until v6t_frag_flush() sets the clock back. Flush abandons what is in
 * reassembly (counted in "flushed", not reported) and keeps poisoned keys
 * poisoned as the new clock sees them (RFC 5722 §4): B, poisoned at T0,
 * until T0 + TMO; D, poisoned in the jumped time, until T0 + 1 + TMO at
 * most (frag.h v6t_frag_flush()).
 */
START_TEST(test_reasm_clock_jump_and_flush)
{
	const uint64_t future = (uint64_t)1 << 50;
	static struct dg a, b, twin, c, d, dtwin;
	static struct pkt f;
	v6t_frag_result r;
	v6t_frag_expired e;
	v6t_frag_stats st;
	struct tt x;

	dg96(&a, 6, 0x91);
	dg_pair(&b, &twin, 4, 0x92);
	dg96(&c, 4, 0x93);
	dg_pair(&d, &dtwin, 6, 0x94);
	tt_open(&x, 4, 1500, TMO);
	feed_mask(&x, &a, P0, T0);
	feed_mask(&x, &b, P0, T0);
	dg_frag(&f, &twin, 8, 16, 1);
	r = feed(&x, &f, T0);
	expect_drop0(&r, V6T_EFRAG_OVERLAP);
	/* the jump: one datagram begun far in the future, D poisoned then */
	feed_mask(&x, &c, P0, future);
	feed_mask(&x, &d, P0, future);
	dg_frag(&f, &dtwin, 8, 16, 1);
	r = feed(&x, &f, future);
	expect_drop0(&r, V6T_EFRAG_OVERLAP);
	ck_assert_uint_eq(v6t_frag_count(x.t), 2);
	ck_assert_int_eq(feed_rc(&x, &f, T0 + 1, &r), V6T_ECLOCK);
	ck_assert_int_eq(v6t_frag_expire(x.t, T0 + 1, &e), V6T_ECLOCK);
	ck_assert_uint_eq(v6t_frag_flush(x.t, T0 + 1), 2);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	v6t_frag_stats_read(x.t, &st);
	ck_assert_uint_eq(st.flushed, 2);
	ck_assert_uint_eq(st.timeout, 0);
	/* the clock works from T0 + 1 on */
	ck_assert_int_eq(v6t_frag_expire(x.t, T0 + 1, &e), 0);
	feed_in_order(&x, &a, PC4, 4, T0 + 1);
	feed_mask_drop(&x, &b, P0 | P1 | P2 | P3, T0 + TMO - 1, V6T_EFRAG_POISONED);
	feed_in_order(&x, &b, PC4, 4, T0 + TMO);
	feed_mask_drop(&x, &d, P0 | P1 | P2 | P3, T0 + TMO, V6T_EFRAG_POISONED);
	feed_in_order(&x, &d, PC4, 4, T0 + 1 + TMO);
	/* a NULL table: nothing */
	ck_assert_uint_eq(v6t_frag_flush(NULL, T0), 0);
	tt_close(&x);
}
END_TEST

/* ------------------------------------------------------------ full table */

/*
 * frag.h "Full table": with every slot taken, a new datagram frees the
 * one whose first fragment arrived longest ago. Two slots: A at T0, B at
 * T0 + 1, then C at T0 + 2 evicts A. B still completes; A's remaining
 * pieces start a new datagram that lacks P0 and is held.
 */
START_TEST(test_reasm_evicts_oldest)
{
	unsigned v = _i ? 4 : 6;
	static struct dg a, b, c;
	v6t_frag_result r;
	struct tt x;

	dg96(&a, v, 0x11);
	dg96(&b, v, 0x12);
	dg96(&c, v, 0x13);
	tt_open(&x, 2, 1500, TMO);
	feed_mask(&x, &a, P0, T0);
	feed_mask(&x, &b, P0, T0 + 1);
	r = feed_piece(&x, &c, &PC4[0], T0 + 2);
	expect_held(&r);
	ck_assert_uint_eq(r.evicted, 1);
	ck_assert_uint_eq(r.timed_out, 0);
	ck_assert_uint_eq(v6t_frag_count(x.t), 2);
	feed_mask(&x, &b, P1 | P2, T0 + 3);
	r = feed_piece(&x, &b, &PC4[3], T0 + 3);
	expect_done(&r, &b.orig);
	/* A again: P1 takes the free slot (no eviction), and P3 completes
	 * nothing since A's P0 went with the evicted slot */
	r = feed_piece(&x, &a, &PC4[1], T0 + 4);
	expect_held(&r);
	ck_assert_uint_eq(r.evicted, 0);
	feed_mask(&x, &a, P2 | P3, T0 + 4);
	ck_assert_uint_eq(v6t_frag_count(x.t), 2);
	tt_close(&x);
}
END_TEST

/*
 * The datagram begun last, which the table keeps out of its lookup until
 * another datagram needs one (src/frag_table.h, "fresh"), is a datagram
 * like any other for v6t_frag_flush(), lookup, eviction of the oldest
 * (frag.h "Full table") and expiry in age order. Two slots: A alone is
 * flushed; A again, then B: A's P1 finds A (the count stays 2) and A
 * completes; C, then D evicts B, the oldest; at T0 + 3 + TMO only C is
 * due, D at T0 + 4 + TMO.
 */
START_TEST(test_reasm_newest_datagram)
{
	unsigned v = _i ? 4 : 6;
	static struct dg a, b, c, d;
	v6t_frag_expired e;
	v6t_frag_result r;
	struct tt x;

	dg96(&a, v, 0x31);
	dg96(&b, v, 0x32);
	dg96(&c, v, 0x33);
	dg96(&d, v, 0x34);
	tt_open(&x, 2, 1500, TMO);
	feed_mask(&x, &a, P0, T0);
	ck_assert_uint_eq(v6t_frag_flush(x.t, T0), 1);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	feed_mask(&x, &a, P0, T0);
	feed_mask(&x, &b, P0, T0 + 1);
	feed_mask(&x, &a, P1 | P2, T0 + 2);
	ck_assert_uint_eq(v6t_frag_count(x.t), 2);
	r = feed_piece(&x, &a, &PC4[3], T0 + 2);
	expect_done(&r, &a.orig);
	ck_assert_uint_eq(v6t_frag_count(x.t), 1);
	feed_mask(&x, &c, P0, T0 + 3);
	r = feed_piece(&x, &d, &PC4[0], T0 + 4);
	expect_held(&r);
	ck_assert_uint_eq(r.evicted, 1);
	ck_assert_int_eq(v6t_frag_expire(x.t, T0 + 3 + TMO, &e), 1);
	ck_assert_int_eq(v6t_frag_expire(x.t, T0 + 3 + TMO, &e), 0);
	ck_assert_uint_eq(v6t_frag_count(x.t), 1);
	ck_assert_int_eq(v6t_frag_expire(x.t, T0 + 4 + TMO, &e), 1);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	tt_close(&x);
}
END_TEST

/*
 * RFC 5722 §4 against eviction: the poisoned key is kept apart from the
 * slots (frag.h "Poisoned keys"), so no new datagram can make it
 * forgotten. With one slot: B's P0, an overlap that poisons B (its slot
 * is free at once), an unrelated A that takes the slot, C that evicts A,
 * then B's four pieces: every one is POISONED, none starts a datagram.
 */
START_TEST(test_reasm_poison_survives_eviction)
{
	unsigned v = _i ? 4 : 6;
	static struct dg a, b, twin, c;
	static struct pkt f;
	v6t_frag_result r;
	struct tt x;

	dg96(&a, v, 0x21);
	dg_pair(&b, &twin, v, 0x22);
	dg96(&c, v, 0x23);
	tt_open(&x, 1, 1500, TMO);
	feed_mask(&x, &b, P0, T0);
	dg_frag(&f, &twin, 8, 16, 1);
	r = feed(&x, &f, T0 + 1);
	expect_drop0(&r, V6T_EFRAG_OVERLAP);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	r = feed_piece(&x, &a, &PC4[0], T0 + 2);
	expect_held(&r);
	ck_assert_uint_eq(r.evicted, 0);
	r = feed_piece(&x, &c, &PC4[1], T0 + 3);
	expect_held(&r);
	ck_assert_uint_eq(r.evicted, 1);
	feed_mask_drop(&x, &b, P0 | P1 | P2 | P3, T0 + 4, V6T_EFRAG_POISONED);
	ck_assert_uint_eq(v6t_frag_count(x.t), 1); /* C */
	tt_close(&x);
}
END_TEST

/* A full table frees the oldest datagram; past its timeout, that is a
 * timeout, not an eviction: A (T0) is due at T0 + TMO when C arrives; B
 * (T0 + 1) stays and completes. */
START_TEST(test_reasm_evicts_expired_first)
{
	unsigned v = _i ? 4 : 6;
	static struct dg a, b, c;
	v6t_frag_result r;
	struct tt x;

	dg96(&a, v, 0x31);
	dg96(&b, v, 0x32);
	dg96(&c, v, 0x33);
	tt_open(&x, 2, 1500, TMO);
	feed_mask(&x, &a, P0, T0);
	feed_mask(&x, &b, P0, T0 + 1);
	r = feed_piece(&x, &c, &PC4[0], T0 + TMO);
	expect_held(&r);
	ck_assert_uint_eq(r.evicted, 0);
	ck_assert_uint_eq(r.timed_out, 1);
	feed_mask(&x, &b, P1 | P2, T0 + TMO);
	r = feed_piece(&x, &b, &PC4[3], T0 + TMO);
	expect_done(&r, &b.orig);
	feed_mask(&x, &c, P1 | P2, T0 + TMO);
	r = feed_piece(&x, &c, &PC4[3], T0 + TMO);
	expect_done(&r, &c.orig);
	tt_close(&x);
}
END_TEST

/*
 * frag.h "Full table": a flood of incomplete datagrams does not stop one
 * whose fragments arrive together. Four slots; 100 rounds of 100 junk
 * fragments (each a new datagram: [8,16) with M = 1) and one legitimate
 * datagram of 3 fragments ([0,16) [16,32) [32,40)), versions mixed, one
 * packet per ms (10300 ms < TMO_FLOOD: nothing expires).
 * Evictions, by hand: the first 4 junk fill the table, the other 96 of
 * round 1 and the legitimate datagram evict one each: 97. In each later
 * round, the slot the delivered datagram freed takes the first junk, the
 * other 99 and the legitimate one evict: 100. 97 + 99 * 100 = 9997.
 */
#define TMO_FLOOD 60000u
#define FLOOD_ROUNDS 100
#define FLOOD_JUNK 100

/* Junk fragment k: IPv6 or IPv4 (TCP, so that no IPv4 key is shared with
 * a legitimate UDP datagram), Identification k + 1. */
static void junk(struct pkt *f, unsigned k)
{
	static const uint8_t data[8];
	static struct pkt h;
	static struct dg d;

	if (k % 2) {
		ip6(&h, 0, P_UDP, 64);
		frag6_raw(f, h.b, 40, 6, P_UDP, k + 1, 8, 1, data, 8);
	} else {
		dg4(&d, 0, 8, (k + 1) & 0xffff, P_TCP, 0, 0);
		frag4_raw(f, d.orig.b, 20, 1, 8, data, 8);
	}
}

START_TEST(test_reasm_flood)
{
	static const struct piece pc[3] = { { 0, 16, 1 }, { 16, 16, 1 }, { 32, 8, 0 } };
	static struct dg d;
	static struct pkt f;
	unsigned round, k, p, delivered = 0, bad = 0, evicted = 0, max_count = 0;
	uint64_t now = T0;
	v6t_frag_result r;
	struct tt x;

	tt_open(&x, 4, 2000, TMO_FLOOD);
	for (round = 0; round < FLOOD_ROUNDS; round++) {
		for (k = 0; k < FLOOD_JUNK; k++) {
			junk(&f, round * FLOOD_JUNK + k);
			if (feed_rc(&x, &f, now++, &r) != V6T_OK ||
			    r.verdict != V6T_FRAG_HELD)
				bad++;
			evicted += r.evicted;
			if (v6t_frag_count(x.t) > max_count)
				max_count = v6t_frag_count(x.t);
		}
		if (round % 2)
			dg6(&d, 0, 40, 0x80000000u + round, round);
		else
			dg4(&d, 0, 40, 0x8000 + round, P_UDP, 0, round);
		for (p = 0; p < 3; p++) {
			dg_frag(&f, &d, pc[p].off, pc[p].len, pc[p].m);
			if (feed_rc(&x, &f, now++, &r) != V6T_OK)
				bad++;
			evicted += r.evicted;
			if (v6t_frag_count(x.t) > max_count)
				max_count = v6t_frag_count(x.t);
		}
		if (r.verdict == V6T_FRAG_DONE && r.len == d.orig.n &&
		    memcmp(r.data, d.orig.b, d.orig.n) == 0)
			delivered++;
	}
	ck_assert_uint_eq(bad, 0);
	ck_assert_uint_eq(delivered, FLOOD_ROUNDS);
	ck_assert_uint_eq(max_count, 4);
	ck_assert_uint_eq(evicted, 9997);
	tt_close(&x);
}
END_TEST

/* ------------------------------------------------------------ limits */

/*
 * V6T_FRAG_FRAGS_DEFAULT (64): 65 pieces of 8 bytes (520 data bytes); after
 * the first 64 (none completes: the last piece is missing), the 65th is
 * V6T_EFRAG_TOO_MANY and the datagram is discarded. (64 pieces complete:
 * test_reasm_completes_in_any_order.)
 */
START_TEST(test_reasm_too_many_fragments)
{
	unsigned v = _i ? 4 : 6, n, k;
	static struct dg d;
	struct piece pc[V6T_FRAG_FRAGS_DEFAULT + 1];
	v6t_frag_result r;
	struct tt x;

	if (v == 6)
		dg6(&d, 0, 520, 0x65, 1);
	else
		dg4(&d, 0, 520, 0x65, P_UDP, 0, 1);
	n = cut(pc, 520, 8);
	ck_assert_uint_eq(n, 65);
	tt_open(&x, 2, 1500, TMO);
	for (k = 0; k < 64; k++) {
		r = feed_piece(&x, &d, &pc[k], T0);
		expect_held(&r);
	}
	/* a duplicate is still recognised with 64 held */
	r = feed_piece(&x, &d, &pc[10], T0);
	expect_drop0(&r, V6T_EFRAG_DUPLICATE);
	r = feed_piece(&x, &d, &pc[64], T0);
	expect_drop0(&r, V6T_EFRAG_TOO_MANY);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	tt_close(&x);
}
END_TEST

/*
 * max_datagram 200: a datagram of 40 + 160 (IPv6) or 20 + 180 (IPv4) =
 * 200 bytes is delivered. A fragment [past, past + 16) with past = 160
 * (IPv6) or 176 (IPv4, the multiple of 8 below 180) reaches 40 + 176 =
 * 216 or 20 + 192 = 212 bytes: V6T_EFRAG_NO_ROOM. For a new datagram
 * nothing is kept; for one in progress, the datagram is discarded.
 */
START_TEST(test_reasm_no_room_datagram)
{
	unsigned v = _i ? 4 : 6, total = v == 6 ? 160 : 180;
	unsigned past = total & ~7u;
	static struct dg d, big;
	v6t_frag_result r;
	struct tt x;

	if (v == 6) {
		dg6(&d, 0, total, 0x51, 1);
		dg6(&big, 0, past + 16, 0x52, 1);
	} else {
		dg4(&d, 0, total, 0x51, P_UDP, 0, 1);
		dg4(&big, 0, past + 16, 0x52, P_UDP, 0, 1);
	}
	tt_open(&x, 2, 200, TMO);
	feed_in_order(&x, &d, (struct piece[]){ { 0, 128, 1 }, { 128, total - 128, 0 } }, 2, T0);
	r = feed_piece(&x, &big, &(struct piece){ past, 16, 1 }, T0);
	expect_drop0(&r, V6T_EFRAG_NO_ROOM);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	/* in progress: [0,16) held, then the same fragment */
	r = feed_piece(&x, &big, &(struct piece){ 0, 16, 1 }, T0);
	expect_held(&r);
	ck_assert_uint_eq(v6t_frag_count(x.t), 1);
	r = feed_piece(&x, &big, &(struct piece){ past, 16, 1 }, T0);
	expect_drop0(&r, V6T_EFRAG_NO_ROOM);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	tt_close(&x);
}
END_TEST

/*
 * The offset-zero fragment arriving last brings longer headers than the
 * 40 bytes assumed until then: 48 (Hop-by-Hop) + 160 = 208 > 200: the
 * datagram is discarded (V6T_EFRAG_NO_ROOM).
 */
START_TEST(test_reasm_no_room_when_headers_arrive)
{
	static struct dg d;
	v6t_frag_result r;
	struct tt x;

	dg6(&d, 1, 160, 0x53, 1);
	tt_open(&x, 2, 200, TMO);
	r = feed_piece(&x, &d, &(struct piece){ 128, 32, 0 }, T0);
	expect_held(&r);
	r = feed_piece(&x, &d, &(struct piece){ 0, 128, 1 }, T0);
	expect_drop0(&r, V6T_EFRAG_NO_ROOM);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	tt_close(&x);
}
END_TEST

/*
 * V6T_FRAG_HDR_ROOM (256): headers before the Fragment header of 40 +
 * 216 (a Destination Options header, Hdr Ext Len 26) = 256 are kept and
 * the datagram is delivered; 40 + 224 (Hdr Ext Len 27) = 264 is
 * V6T_EFRAG_NO_ROOM.
 */
START_TEST(test_reasm_no_room_headers)
{
	static struct pkt orig, f;
	size_t opt = _i ? 224 : 216, hdr = 40 + opt;
	v6t_frag_result r;
	struct tt x;

	ip6(&orig, (unsigned)(opt + 96), P_DSTOPTS, 64);
	opt_hdr(&orig, P_UDP, opt);
	put_udp(&orig, 96, 1);
	tt_open(&x, 2, 1500, TMO);
	frag6_raw(&f, orig.b, hdr, 40, P_UDP, 0x54, 0, 1, orig.b + hdr, 16);
	r = feed(&x, &f, T0);
	if (_i) {
		expect_drop0(&r, V6T_EFRAG_NO_ROOM);
		ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	} else {
		expect_held(&r);
		frag6_raw(&f, orig.b, 40, 6, P_UDP, 0x54, 16, 0, orig.b + hdr + 16, 80);
		r = feed(&x, &f, T0);
		expect_done(&r, &orig);
	}
	tt_close(&x);
}
END_TEST

/*
 * The largest datagrams in every slot: 3 slots of max_datagram 65575,
 * each datagram with 256 bytes of headers (40 + a 216-byte Destination
 * Options header) and 65319 data bytes (256 + 65319 = 65575), held
 * together, then completed; and the largest atomic fragment (Payload
 * Length 65535: 40 + 65535 - 8 = 65567 bytes out). The table sits in an
 * exact-size block: a layout larger than its size trips ASan.
 */
START_TEST(test_reasm_largest_datagrams)
{
	static struct pkt orig[3], f;
	const size_t hdr = 256, total = 65319, half = 32768;
	v6t_frag_result r;
	struct tt x;
	unsigned s;

	tt_open(&x, 3, V6T_FRAG_MAX_DATAGRAM, TMO);
	for (s = 0; s < 3; s++) {
		ip6(&orig[s], (unsigned)(216 + total), P_DSTOPTS, 64);
		opt_hdr(&orig[s], P_UDP, 216);
		put_udp(&orig[s], total, 20 + s);
		ck_assert_uint_eq(orig[s].n, V6T_FRAG_MAX_DATAGRAM);
		frag6_raw(&f, orig[s].b, hdr, 40, P_UDP, 100 + s, 0, 1,
			  orig[s].b + hdr, half);
		r = feed(&x, &f, T0);
		expect_held(&r);
	}
	ck_assert_uint_eq(v6t_frag_count(x.t), 3);
	for (s = 0; s < 3; s++) {
		frag6_raw(&f, orig[s].b, 40, 6, P_UDP, 100 + s, half, 0,
			  orig[s].b + hdr + half, total - half);
		r = feed(&x, &f, T0);
		expect_done(&r, &orig[s]);
	}
	ip6(&orig[0], 65535 - 8, P_UDP, 64);
	put_udp(&orig[0], 65535 - 8, 5);
	frag6_raw(&f, orig[0].b, 40, 6, P_UDP, 7, 0, 0, orig[0].b + 40, 65527);
	r = feed(&x, &f, T0);
	expect_data(&r, V6T_FRAG_ATOMIC, &orig[0]);
	tt_close(&x);
}
END_TEST

/*
 * RFC 791 §3.2: IPv4 fragments belong together by source, destination,
 * protocol and Identification: two datagrams that differ only in protocol
 * (UDP 17, TCP 6) are reassembled apart, their fragments interleaved.
 */
START_TEST(test_reasm_ipv4_key_has_protocol)
{
	static struct dg a, b;
	v6t_frag_result r;
	struct tt x;
	unsigned k;

	dg4(&a, 0, 96, 0x99, P_UDP, 0, 1);
	dg4(&b, 0, 96, 0x99, P_TCP, 0, 2);
	tt_open(&x, 2, 1500, TMO);
	for (k = 0; k < 3; k++) {
		r = feed_piece(&x, &a, &PC4[k], T0);
		expect_held(&r);
		r = feed_piece(&x, &b, &PC4[k], T0);
		expect_held(&r);
	}
	ck_assert_uint_eq(v6t_frag_count(x.t), 2);
	r = feed_piece(&x, &b, &PC4[3], T0);
	expect_done(&r, &b.orig);
	r = feed_piece(&x, &a, &PC4[3], T0);
	expect_done(&r, &a.orig);
	tt_close(&x);
}
END_TEST

/* Not fragments: passed as they are; malformed packets: dropped with the
 * v6t_pkt_parse() error. */
START_TEST(test_reasm_pass_and_malformed)
{
	static struct dg d;
	static struct pkt p;
	v6t_frag_result r;
	struct tt x;

	tt_open(&x, 1, 1500, TMO);
	dg96(&d, 6, 1);
	r = feed(&x, &d.orig, T0);
	ck_assert_int_eq(r.verdict, V6T_FRAG_PASS);
	ck_assert_int_eq(r.reason, V6T_OK);
	ck_assert_ptr_null(r.data);
	dg96(&d, 4, 1);
	r = feed(&x, &d.orig, T0);
	ck_assert_int_eq(r.verdict, V6T_FRAG_PASS);
	/* IPv4 DF alone is not a fragment */
	dg4(&d, 0, 96, 1, P_UDP, 0x4000, 1);
	r = feed(&x, &d.orig, T0);
	ck_assert_int_eq(r.verdict, V6T_FRAG_PASS);
	/* version 5 */
	p.n = 0;
	put8(&p, 0x50);
	putn(&p, 39, 0);
	r = feed(&x, &p, T0);
	expect_drop0(&r, V6T_EPKT_VERSION);
	/* an IPv6 fragment cut short: Payload Length 104 past 60 bytes */
	dg96(&d, 6, 1);
	dg_frag(&p, &d, 0, 16, 1);
	set16(p.b + 4, 104);
	r = feed(&x, &p, T0);
	expect_drop0(&r, V6T_EPKT_SHORT);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	tt_close(&x);
}
END_TEST

START_TEST(test_reasm_null_arguments)
{
	v6t_frag_result r;
	v6t_frag_expired e;
	static const uint8_t b[1] = { 0x60 };
	struct tt x;

	tt_open(&x, 1, 1500, TMO);
	ck_assert_int_eq(v6t_frag_input(NULL, b, 1, T0, &r), V6T_EINVAL);
	ck_assert_int_eq(v6t_frag_input(x.t, b, 1, T0, NULL), V6T_EINVAL);
	ck_assert_int_eq(v6t_frag_input(x.t, NULL, 5, T0, &r), V6T_EINVAL);
	ck_assert_int_eq(v6t_frag_input(x.t, NULL, 0, T0, &r), V6T_OK);
	expect_drop0(&r, V6T_EPKT_VERSION);
	ck_assert_int_eq(v6t_frag_expire(NULL, T0, &e), V6T_EINVAL);
	ck_assert_int_eq(v6t_frag_expire(x.t, T0, NULL), V6T_EINVAL);
	ck_assert_uint_eq(v6t_frag_count(NULL), 0);
	tt_close(&x);
}
END_TEST

/* ------------------------------------------------------------ RFC 5722 first */

/*
 * frag.h "Rules": a fragment that breaks a rule on its own but overlaps
 * data held for its datagram is an RFC 5722 overlap (the datagram is
 * discarded, no ICMP: RFC 8200 §4.5 "no ICMP error messages should be
 * sent"), not the error it would be alone. P0 and P2 ([0,16), [32,56))
 * are held; then, by _i:
 * 0, 1: [32,37) M = 1, 5 bytes, not a multiple of 8 (IPv6, IPv4);
 * 2: IPv6 [40, 65536), past 65535, over P2;
 * 3: IPv6 [0,8) whose Fragment header names a 16-byte Destination
 *    Options header: an incomplete chain (RFC 7112), over P0.
 * P1 is then POISONED.
 */
START_TEST(test_reasm_overlap_wins_over_errors)
{
	static struct dg d;
	static struct pkt f, hdr;
	static uint8_t data[65536];
	unsigned v = _i == 1 ? 4 : 6;
	v6t_frag_result r;
	struct tt x;

	dg96(&d, v, 0x5e + _i);
	tt_open(&x, 2, V6T_FRAG_MAX_DATAGRAM, TMO);
	feed_mask(&x, &d, P0 | P2, T0);
	ip6(&hdr, 0, P_UDP, 64);
	if (_i <= 1)
		dg_frag(&f, &d, 32, 5, 1);
	else if (_i == 2)
		frag6_raw(&f, hdr.b, 40, 6, P_UDP, d.id, 40, 0, data, 65496);
	else
		frag6_raw(&f, hdr.b, 40, 6, P_DSTOPTS, d.id, 0, 1,
			  (const uint8_t[8]){ P_UDP, 1, 1, 12 }, 8);
	r = feed(&x, &f, T0 + 1);
	expect_drop0(&r, V6T_EFRAG_OVERLAP);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	feed_mask_drop(&x, &d, P1, T0 + 2, V6T_EFRAG_POISONED);
	/* the same fragments on their own: their own errors */
	if (_i <= 1) {
		r = feed(&x, &f, T0 + 3);
		ck_assert_int_eq(r.reason, V6T_EFRAG_POISONED);
	}
	tt_close(&x);
}
END_TEST

/* ------------------------------------------------------------ ICMP */

/* An IPv6 header with source and destination given (16 bytes each). */
static void ip6_addrs(struct pkt *p, const uint8_t *src, const uint8_t *dst)
{
	ip6(p, 0, P_UDP, 64);
	memcpy(p->b + 8, src, 16);
	memcpy(p->b + 24, dst, 16);
}

static const uint8_t MCAST6[16] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0,
				    0, 0, 0, 0, 0, 0, 0, 1 };  /* ff02::1 */
static const uint8_t UNSPEC6[16];                               /* :: */
static const uint8_t LOOP6[16] = { [15] = 1 };                  /* ::1 */

/*
 * RFC 4443 §2.4 (e): no ICMPv6 error about (e.1) an ICMPv6 error message,
 * (e.2) a Redirect, (e.3) a packet to a multicast address (the exceptions
 * are Packet Too Big and Parameter Problem code 2, not the codes 0 and 3
 * of reassembly), (e.6) a packet from the unspecified or a multicast
 * address (and, frag.h, from ::1, which RFC 4291 §2.5.3 says is never
 * sent outside a node); frag.h: nor about ICMPv6 whose type does not show. Each case a
 * fragment whose length (12, M = 1) is not a multiple of 8: RFC 8200 §4.5
 * asks for Parameter Problem code 0 at offset 4 where allowed.
 */
static const struct icmp_case {
	const uint8_t *src, *dst;
	unsigned off, nh, type;  /* type: the first data byte, with offset 0 */
	int icmp;
} ICMP_CASES[] = {
	{ SRC6, DST6, 16, P_UDP, 0, 1 },
	{ SRC6, MCAST6, 16, P_UDP, 0, 0 },     /* e.3 */
	{ UNSPEC6, DST6, 16, P_UDP, 0, 0 },    /* e.6 */
	{ MCAST6, DST6, 16, P_UDP, 0, 0 },     /* e.6 */
	{ LOOP6, DST6, 16, P_UDP, 0, 0 },      /* RFC 4291 §2.5.3 */
	{ SRC6, DST6, 0, P_ICMPV6, 128, 1 },   /* Echo Request: informational */
	{ SRC6, DST6, 0, P_ICMPV6, 1, 0 },     /* e.1: Destination Unreachable */
	{ SRC6, DST6, 0, P_ICMPV6, 127, 0 },   /* e.1: any type below 128 */
	{ SRC6, DST6, 0, P_ICMPV6, 137, 0 },   /* e.2: Redirect */
	{ SRC6, DST6, 16, P_ICMPV6, 0, 0 },    /* ICMPv6, type not shown */
};
#define N_ICMP_CASES (sizeof ICMP_CASES / sizeof ICMP_CASES[0])

START_TEST(test_reasm_icmp_rules)
{
	const struct icmp_case *c = &ICMP_CASES[_i];
	static struct pkt hdr, f;
	uint8_t data[12] = { 0 };
	v6t_frag_result r;
	struct tt x;

	data[0] = (uint8_t)c->type;
	ip6_addrs(&hdr, c->src, c->dst);
	frag6_raw(&f, hdr.b, 40, 6, c->nh, 9, c->off, 1, data, sizeof data);
	tt_open(&x, 1, 1500, TMO);
	r = feed(&x, &f, T0);
	expect_drop(&r, V6T_EFRAG_LENGTH);
	ck_assert_uint_eq(r.icmp_type, c->icmp ? PP : 0);
	ck_assert_uint_eq(r.icmp_code, 0);
	ck_assert_uint_eq(r.icmp_pointer, c->icmp ? 4 : 0);
	tt_close(&x);
}
END_TEST

/*
 * The same rules for the Time Exceeded of an expired datagram (RFC 8200
 * §4.5 "should be sent"; RFC 4443 §2.4 (e)), and for IPv4 RFC 1122 §3.2.2
 * (no ICMP about an ICMP error message, a datagram to a multicast or
 * broadcast address, or from an address that is not one host's): the
 * report quotes the first fragment in every case, icmp_type says whether
 * to send. By _i: 0 IPv6 to ff02::1; 1 IPv6 ICMPv6 Destination
 * Unreachable (1); 2 IPv6 Echo Request (128): sent; 3 IPv4 to 224.0.0.1;
 * 4 IPv4 to 255.255.255.255; 5 IPv4 from 127.0.0.1; 6 IPv4 ICMP Time
 * Exceeded (11); 7 IPv4 ICMP Echo (8): sent.
 */
START_TEST(test_reasm_expire_icmp_rules)
{
	static const int sent[8] = { 0, 0, 1, 0, 0, 0, 0, 1 };
	static struct dg d;
	v6t_frag_expired e;
	struct tt x;
	unsigned v = _i < 3 ? 6 : 4;

	if (v == 6)
		dg6(&d, 0, 96, 0x7a, 3);
	else
		dg4(&d, 0, 96, 0x7a, _i >= 6 ? 1 : P_UDP, 0, 3);
	switch (_i) {
	case 0: memcpy(d.orig.b + 24, MCAST6, 16); break;
	case 1: d.orig.b[6] = P_ICMPV6; d.orig.b[40] = 1; break;
	case 2: d.orig.b[6] = P_ICMPV6; d.orig.b[40] = 128; break;
	case 3: memcpy(d.orig.b + 16, (const uint8_t[4]){ 224, 0, 0, 1 }, 4); break;
	case 4: memset(d.orig.b + 16, 0xff, 4); break;
	case 5: memcpy(d.orig.b + 12, (const uint8_t[4]){ 127, 0, 0, 1 }, 4); break;
	case 6: d.orig.b[20] = 11; break;
	default: d.orig.b[20] = 8; break;
	}
	if (v == 4)
		set_csum4(d.orig.b, 20);
	tt_open(&x, 1, 1500, TMO);
	feed_mask(&x, &d, P0, T0);
	ck_assert_int_eq(v6t_frag_expire(x.t, T0 + TMO, &e), 1);
	ck_assert_uint_eq(e.first_received, 1);
	ck_assert_ptr_nonnull(e.quote);
	ck_assert_uint_eq(e.icmp_type, sent[_i] ? (v == 6 ? 3 : 11) : 0);
	ck_assert_uint_eq(e.icmp_code, sent[_i] ? 1 : 0);
	tt_close(&x);
}
END_TEST

/* ------------------------------------------------------------ IPv4 checksum */

/*
 * RFC 791 §3.1: "If the header checksum fails, the internet datagram is
 * discarded at once". A fragment with its checksum off by one bit, and one
 * whose TTL changed without a new checksum, are dropped
 * (V6T_EPKT_IPV4_CHECKSUM) and start nothing. With
 * V6T_FRAG_CFG_TRUST_IP4_CHECKSUM the table takes the caller's word, and
 * the reassembled header's checksum is updated from the offset-zero
 * fragment's (RFC 1624), not computed anew: a wrong one stays wrong.
 */
START_TEST(test_reasm_ipv4_checksum)
{
	static struct dg d;
	static struct pkt f;
	v6t_frag_config c = cfg_of(2, 1500, TMO);
	uint8_t want[20];
	v6t_frag_result r;
	struct tt x;

	dg4(&d, 0, 96, 0xc5, P_UDP, 0, 8);
	tt_open_cfg(&x, &c);
	dg_frag(&f, &d, 0, 16, 1);
	f.b[11] ^= 0x01;
	r = feed(&x, &f, T0);
	expect_drop0(&r, V6T_EPKT_IPV4_CHECKSUM);
	dg_frag(&f, &d, 16, 16, 1);
	f.b[8] = 63;
	r = feed(&x, &f, T0);
	expect_drop0(&r, V6T_EPKT_IPV4_CHECKSUM);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	tt_close(&x);

	c.flags = V6T_FRAG_CFG_TRUST_IP4_CHECKSUM;
	tt_open_cfg(&x, &c);
	dg_frag(&f, &d, 0, 16, 1);
	f.b[11] ^= 0x01;
	r = feed(&x, &f, T0);
	expect_held(&r);
	feed_mask(&x, &d, P1 | P2, T0);
	r = feed_piece(&x, &d, &PC4[3], T0);
	ck_assert_int_eq(r.verdict, V6T_FRAG_DONE);
	ck_assert_uint_eq(r.len, d.orig.n);
	/* all but the checksum as the datagram; the checksum not the right
	 * one (which the test computes), and wrong by RFC 1071 */
	memcpy(want, d.orig.b, 20);
	ck_assert_mem_eq(r.data, want, 10);
	ck_assert_mem_eq(r.data + 12, want + 12, 8);
	ck_assert_mem_eq(r.data + 20, d.orig.b + 20, 96);
	ck_assert(r.data[10] != want[10] || r.data[11] != want[11]);
	memcpy(want, r.data, 20);
	set_csum4(want, 20);
	ck_assert(want[10] != r.data[10] || want[11] != r.data[11]);
	tt_close(&x);
}
END_TEST

/* ------------------------------------------------------------ ECN */

/*
 * RFC 3168 §5.3 (through RFC 8200 §4.5; ../shared/rfc/NOTES-ecn.md): the
 * ECN fields of the fragments combine: all the same, that value; CE with
 * ECT, CE; ECT(0) with ECT(1), "either": the offset-zero fragment's (the
 * header kept); Not-ECT with any other, the datagram is dropped. Each
 * case: the ECN field of P0..P3 and the datagram's, or -1 for a drop
 * (V6T_EFRAG_ECN at the last fragment). Codepoints: 0 Not-ECT, 1 ECT(1),
 * 2 ECT(0), 3 CE. Even _i IPv6 (Traffic Class low bits, byte 1 bits 4-5),
 * odd IPv4 (TOS low bits, the checksum by the test's RFC 1071 sum).
 */
static const struct ecn_case {
	unsigned e[4];
	int want;
} ECN_CASES[] = {
	{ { 2, 2, 2, 2 }, 2 },
	{ { 0, 0, 0, 0 }, 0 },
	{ { 2, 3, 2, 2 }, 3 },
	{ { 3, 1, 1, 3 }, 3 },
	{ { 1, 2, 2, 2 }, 1 },
	{ { 2, 2, 1, 2 }, 2 },
	{ { 2, 2, 0, 2 }, -1 },
	{ { 0, 0, 0, 3 }, -1 },
	{ { 0, 1, 0, 0 }, -1 },
};
#define N_ECN (sizeof ECN_CASES / sizeof ECN_CASES[0])

static void set_ecn(uint8_t *h, unsigned v, unsigned ecn)
{
	if (v == 6) {
		h[1] = (uint8_t)((h[1] & 0xcf) | ecn << 4);
	} else {
		h[1] = (uint8_t)((h[1] & 0xfc) | ecn);
		set_csum4(h, 20);
	}
}

START_TEST(test_reasm_ecn)
{
	const struct ecn_case *c = &ECN_CASES[_i / 2];
	unsigned v = _i % 2 ? 4 : 6, k;
	static struct dg d;
	static struct pkt f, want;
	v6t_frag_result r;
	v6t_frag_stats st;
	struct tt x;

	dg96(&d, v, 0xec0 + _i);
	tt_open(&x, 2, 1500, TMO);
	for (k = 0; k < 4; k++) {
		dg_frag(&f, &d, PC4[k].off, PC4[k].len, PC4[k].m);
		set_ecn(f.b, v, c->e[k]);
		r = feed(&x, &f, T0);
		if (k < 3)
			expect_held(&r);
	}
	if (c->want < 0) {
		expect_drop0(&r, V6T_EFRAG_ECN);
		v6t_frag_stats_read(x.t, &st);
		ck_assert_uint_eq(st.ecn, 1);
	} else {
		want = d.orig;
		set_ecn(want.b, v, (unsigned)c->want);
		expect_done(&r, &want);
	}
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	tt_close(&x);
}
END_TEST

/*
 * The CE case by hand: test_reasm_ipv4_by_hand's datagram with CE (TOS
 * 0x03) in one fragment and ECT(0) (0x02) in the other. The datagram gets
 * TOS 0x03; its checksum: the first word 4503 instead of 4500, so the sum
 * 0x2c3a7 + 3 = 0x2c3aa, folded c3aa + 2 = c3ac, complemented 3c53.
 */
START_TEST(test_reasm_ipv4_ce_by_hand)
{
	static const uint8_t want_hdr[20] = {
		0x45, 0x03, 0x00, 0x2c, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11,
		0x3c, 0x53, 0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02,
	};
	static struct dg d;
	static struct pkt f;
	v6t_frag_result r;
	struct tt x;

	dg4(&d, 0, 24, 0x1234, P_UDP, 0x4000, 5);
	tt_open(&x, 2, 1500, TMO);
	dg_frag(&f, &d, 16, 8, 0);
	set_ecn(f.b, 4, 3);
	r = feed(&x, &f, T0);
	expect_held(&r);
	dg_frag(&f, &d, 0, 16, 1);
	set_ecn(f.b, 4, 2);
	r = feed(&x, &f, T0);
	ck_assert_int_eq(r.verdict, V6T_FRAG_DONE);
	ck_assert_uint_eq(r.len, 44);
	ck_assert_mem_eq(r.data, want_hdr, 20);
	ck_assert_mem_eq(r.data + 20, d.orig.b + 20, 24);
	tt_close(&x);
}
END_TEST

/* ------------------------------------------------------------ 64 KiB */

/*
 * RFC 8200 §4.5: "the Payload Length of the packet reassembled from that
 * fragment would exceed 65,535": the Per-Fragment headers count. With an
 * 8-byte Hop-by-Hop header before the Fragment header, a last fragment
 * [65520, 65535) gives 8 + 65535 = 65543: dropped at once, Parameter
 * Problem code 0 at the Fragment Offset field (48 + 2 = 50), nothing held.
 * [65512, 65527) gives 8 + 65527 = 65535: held.
 */
START_TEST(test_reasm_beyond_64k_with_headers)
{
	static struct pkt pre, f;
	static uint8_t data[16];
	v6t_frag_result r;
	struct tt x;

	tt_open(&x, 1, V6T_FRAG_MAX_DATAGRAM, TMO);
	ip6(&pre, 0, P_HOPOPT, 64);
	opt_hdr(&pre, P_UDP, 8);
	frag6_raw(&f, pre.b, 48, 40, P_UDP, 1, 65520, 0, data, 15);
	r = feed(&x, &f, T0);
	expect_drop(&r, V6T_EFRAG_BEYOND_64K);
	ck_assert_uint_eq(r.icmp_type, PP);
	ck_assert_uint_eq(r.icmp_code, PP_FIELD);
	ck_assert_uint_eq(r.icmp_pointer, 50);
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	frag6_raw(&f, pre.b, 48, 40, P_UDP, 1, 65512, 0, data, 15);
	r = feed(&x, &f, T0);
	expect_held(&r);
	tt_close(&x);
}
END_TEST

/* ------------------------------------------------------------ max_frags */

/*
 * v6t_frag_config::max_frags: a 65535-byte IPv4 datagram (20 + 65515) cut
 * for an MTU of 576 (RFC 791's minimum: 552 data bytes per fragment, the
 * multiple of 8 below 556) takes ceil(65515 / 552) = 119 fragments. With
 * max_frags 119 it completes, in order and shuffled; with the default 64
 * the 65th fragment discards it (V6T_EFRAG_TOO_MANY); with 1, a datagram
 * of two fragments is refused at its second.
 */
START_TEST(test_reasm_max_frags)
{
	static struct dg d;
	static struct piece pc[128];
	unsigned ord[128], n, k;
	v6t_frag_config c = cfg_of(1, V6T_FRAG_MAX_DATAGRAM, TMO);
	v6t_frag_result r;
	struct tt x;

	dg4(&d, 0, 65515, 0x119, P_UDP, 0, 4);
	ck_assert_uint_eq(d.orig.n, 65535);
	n = cut(pc, 65515, 552);
	ck_assert_uint_eq(n, 119);
	c.max_frags = 119;
	tt_open_cfg(&x, &c);
	for (k = 0; k < n; k++)
		ord[k] = k;
	feed_all(&x, &d, pc, ord, n, T0);
	shuffle(ord, n, 119);
	feed_all(&x, &d, pc, ord, n, T0);
	tt_close(&x);

	tt_open(&x, 1, V6T_FRAG_MAX_DATAGRAM, TMO);
	for (k = 0; k < 64; k++) {
		r = feed_piece(&x, &d, &pc[k], T0);
		expect_held(&r);
	}
	r = feed_piece(&x, &d, &pc[64], T0);
	expect_drop0(&r, V6T_EFRAG_TOO_MANY);
	tt_close(&x);

	c.max_frags = 1;
	tt_open_cfg(&x, &c);
	dg96(&d, 6, 0x1);
	feed_mask(&x, &d, P0, T0);
	r = feed_piece(&x, &d, &PC4[1], T0);
	expect_drop0(&r, V6T_EFRAG_TOO_MANY);
	tt_close(&x);
}
END_TEST

/* ------------------------------------------------------------ counters */

/*
 * v6t_frag_stats: every packet in exactly one counter. The sequence, with
 * what each packet must count as: a whole packet (passed), an atomic
 * fragment (atomic), A's P0 P1 P2 (held 3) and P3 (complete), B's P0
 * (held), an overlap of B (overlap), B's P1 and P2 (poisoned 2), C's P0
 * (held) and again (duplicate), a fragment of 12 bytes with M = 1
 * (length), 5 bytes (malformed: version 0), an IPv4 fragment with a bad
 * checksum (checksum); then C expires (timeout), D's P0 (held) is
 * flushed (flushed).
 */
START_TEST(test_reasm_stats)
{
	static struct dg a, b, twin, c, dd, whole;
	static struct pkt f;
	v6t_frag_result r;
	v6t_frag_expired e;
	v6t_frag_stats st, zero;
	struct tt x;

	dg96(&a, 6, 1);
	dg_pair(&b, &twin, 6, 2);
	dg96(&c, 4, 3);
	dg96(&dd, 6, 4);
	dg6(&whole, 0, 40, 5, 5);
	tt_open(&x, 4, 1500, TMO);
	(void)feed(&x, &whole.orig, T0);
	frag6_raw(&f, whole.orig.b, 40, 6, P_UDP, 6, 0, 0, whole.orig.b + 40, 40);
	(void)feed(&x, &f, T0);
	feed_in_order(&x, &a, PC4, 4, T0);
	feed_mask(&x, &b, P0, T0);
	dg_frag(&f, &twin, 8, 16, 1);
	(void)feed(&x, &f, T0);
	feed_mask_drop(&x, &b, P1 | P2, T0, V6T_EFRAG_POISONED);
	feed_mask(&x, &c, P0, T0);
	r = feed_piece(&x, &c, &PC4[0], T0);
	expect_drop0(&r, V6T_EFRAG_DUPLICATE);
	r = feed_piece(&x, &a, &(struct piece){ 16, 12, 1 }, T0);
	expect_drop(&r, V6T_EFRAG_LENGTH);
	f.n = 5;
	memset(f.b, 0, 5);
	(void)feed(&x, &f, T0);
	dg_frag(&f, &c, 16, 16, 1);
	f.b[10] ^= 0x80;
	r = feed(&x, &f, T0);
	expect_drop0(&r, V6T_EPKT_IPV4_CHECKSUM);
	ck_assert_int_eq(v6t_frag_expire(x.t, T0 + TMO, &e), 1);
	feed_mask(&x, &dd, P0, T0 + TMO);
	ck_assert_uint_eq(v6t_frag_flush(x.t, T0 + TMO), 1);

	v6t_frag_stats_read(x.t, &st);
	ck_assert_uint_eq(st.passed, 1);
	ck_assert_uint_eq(st.atomic, 1);
	ck_assert_uint_eq(st.held, 3 + 1 + 1 + 1);
	ck_assert_uint_eq(st.complete, 1);
	ck_assert_uint_eq(st.overlap, 1);
	ck_assert_uint_eq(st.poisoned, 2);
	ck_assert_uint_eq(st.duplicate, 1);
	ck_assert_uint_eq(st.length, 1);
	ck_assert_uint_eq(st.malformed, 1);
	ck_assert_uint_eq(st.checksum, 1);
	ck_assert_uint_eq(st.timeout, 1);
	ck_assert_uint_eq(st.flushed, 1);
	ck_assert_uint_eq(st.evicted, 0);
	ck_assert_uint_eq(st.inconsistent + st.beyond_64k + st.headers +
			  st.too_many + st.no_room + st.ecn + st.poison_merged, 0);
	memset(&zero, 0, sizeof zero);
	memset(&st, SENTINEL, sizeof st);
	v6t_frag_stats_read(NULL, &st);
	ck_assert_mem_eq(&st, &zero, sizeof st);
	v6t_frag_stats_read(x.t, NULL); /* nothing to write: no crash */
	tt_close(&x);
}
END_TEST

/*
 * frag.h "Poisoned keys": when a bucket of 4 is full, one entry stands for
 * the whole bucket: every key of it is poisoned (a false positive, never a
 * false negative). A table with 4 poison entries (one bucket): five
 * datagrams poisoned one after the other; all five stay poisoned, the
 * merge is counted, and a sixth key, never poisoned, is dropped too until
 * the timeout of the latest.
 */
START_TEST(test_reasm_poison_bucket_merges)
{
	static struct dg d[6], twin;
	static struct pkt f;
	v6t_frag_config c = cfg_of(2, 1500, TMO);
	v6t_frag_result r;
	v6t_frag_stats st;
	struct tt x;
	unsigned k;

	c.poison_entries = 4;
	tt_open_cfg(&x, &c);
	for (k = 0; k < 5; k++) {
		dg_pair(&d[k], &twin, 6, 0x500 + k);
		feed_mask(&x, &d[k], P0, T0 + k);
		dg_frag(&f, &twin, 8, 16, 1);
		r = feed(&x, &f, T0 + k);
		expect_drop0(&r, V6T_EFRAG_OVERLAP);
	}
	v6t_frag_stats_read(x.t, &st);
	ck_assert_uint_eq(st.poison_merged, 1);
	for (k = 0; k < 5; k++)
		feed_mask_drop(&x, &d[k], P1, T0 + 10, V6T_EFRAG_POISONED);
	dg96(&d[5], 6, 0x5ff);
	feed_mask_drop(&x, &d[5], P1, T0 + 10, V6T_EFRAG_POISONED);
	/* the latest poisoning was at T0 + 4 */
	feed_mask_drop(&x, &d[5], P1, T0 + 4 + TMO - 1, V6T_EFRAG_POISONED);
	feed_in_order(&x, &d[5], PC4, 4, T0 + 4 + TMO);
	tt_close(&x);
}
END_TEST

/* ------------------------------------------------------------ chunks */

/* A table of chunks of 2048 bytes. */
static void tt_open_chunks(struct tt *x, uint32_t slots, uint32_t maxd,
			   uint32_t chunks)
{
	v6t_frag_config c = cfg_of(slots, maxd, TMO);

	c.chunk_size = 2048;
	c.chunks = chunks;
	tt_open_cfg(x, &c);
}

/* The delivered datagram, gathered, equals want. */
static void expect_copy(const struct tt *x, const v6t_frag_result *r,
			int verdict, const struct pkt *want)
{
	static uint8_t out[PMAX];
	size_t n = 0;

	ck_assert_int_eq(r->verdict, verdict);
	ck_assert_int_eq(v6t_frag_copy(x->t, r, out, sizeof out, &n), V6T_OK);
	ck_assert_uint_eq(n, want->n);
	ck_assert_uint_eq(r->len, want->n);
	ck_assert_mem_eq(out, want->b, want->n);
}

/*
 * A chunked table delivers a datagram larger than its first chunk in
 * pieces. The datagram of 9000 bytes (40 of headers) lies from position
 * 264 - 40 = 224 (the header room, 256, and 8 bytes for the quote's
 * Fragment header, frag.h), so its pieces are [0,1824) in the first chunk,
 * then 2048 bytes each: [1824,3872) [3872,5920) [5920,7968), and
 * [7968,9000). v6t_frag_segment() gives each from any offset inside it;
 * v6t_frag_copy() gathers them (V6T_ENOSPC with the length when the
 * buffer is short, V6T_EINVAL for a result that delivers nothing).
 */
START_TEST(test_reasm_chunks_segments)
{
	static const size_t starts[6] = { 0, 1824, 3872, 5920, 7968, 9000 };
	static struct dg d;
	static struct piece pc[8];
	static uint8_t small[100];
	const uint8_t *p;
	unsigned n, k;
	size_t len;
	v6t_frag_result r, none;
	struct tt x;

	dg6(&d, 0, 8960, 0xc1, 6);
	n = cut(pc, 8960, 1232);
	ck_assert_uint_eq(n, 8);
	tt_open_chunks(&x, 4, V6T_FRAG_MAX_DATAGRAM, 40);
	for (k = 0; k + 1 < n; k++) {
		r = feed_piece(&x, &d, &pc[k], T0);
		expect_held(&r);
	}
	r = feed_piece(&x, &d, &pc[n - 1], T0);
	ck_assert_uint_eq(r.seg_len, 1824);
	for (k = 0; k < 5; k++) {
		p = v6t_frag_segment(x.t, &r, starts[k], &len);
		ck_assert_ptr_nonnull(p);
		ck_assert_uint_eq(len, starts[k + 1] - starts[k]);
		ck_assert_mem_eq(p, d.orig.b + starts[k], len);
		p = v6t_frag_segment(x.t, &r, starts[k] + 5, &len);
		ck_assert_uint_eq(len, starts[k + 1] - starts[k] - 5);
		ck_assert_mem_eq(p, d.orig.b + starts[k] + 5, len);
	}
	ck_assert_ptr_null(v6t_frag_segment(x.t, &r, 9000, &len));
	ck_assert_uint_eq(len, 0);
	expect_copy(&x, &r, V6T_FRAG_DONE, &d.orig);
	ck_assert_int_eq(v6t_frag_copy(x.t, &r, small, sizeof small, &len), V6T_ENOSPC);
	ck_assert_uint_eq(len, 9000);
	none = feed_piece(&x, &d, &pc[0], T0);
	expect_held(&none);
	ck_assert_int_eq(v6t_frag_copy(x.t, &none, small, sizeof small, &len), V6T_EINVAL);
	ck_assert_ptr_null(v6t_frag_segment(x.t, &none, 0, &len));
	ck_assert_int_eq(v6t_frag_copy(NULL, &r, small, sizeof small, &len), V6T_EINVAL);
	tt_close(&x);
}
END_TEST

/*
 * A pool of exactly two largest datagrams: 40 + 65535 bytes from position
 * 224 end at 65799, in chunks 0..32, 33 chunks each: 66 chunks. Two such
 * datagrams, all but their last fragment held, fill the pool without an
 * eviction and complete (an over-run of the pool trips ASan: the table is
 * in an exact-size block). Then held again, a third datagram's first
 * fragment needs a chunk: the oldest datagram is evicted for it, though
 * slots are free, and the other still completes.
 */
START_TEST(test_reasm_chunks_fill)
{
	static struct dg d[3];
	static struct piece pc[64];
	unsigned n, k, j;
	v6t_frag_result r;
	struct tt x;

	tt_open_chunks(&x, 4, V6T_FRAG_MAX_DATAGRAM, 66);
	for (j = 0; j < 2; j++)
		dg6(&d[j], 0, 65535, 0xf0 + j, 10 + j);
	dg6(&d[2], 0, 96, 0xf2, 12);
	n = cut(pc, 65535, 1232);
	ck_assert_uint_eq(n, 54); /* ceil(65535 / 1232): frag.h */
	for (k = 0; k + 1 < n; k++)
		for (j = 0; j < 2; j++) {
			r = feed_piece(&x, &d[j], &pc[k], T0);
			expect_held(&r);
			ck_assert_uint_eq(r.evicted, 0);
		}
	for (j = 0; j < 2; j++) {
		r = feed_piece(&x, &d[j], &pc[n - 1], T0);
		expect_copy(&x, &r, V6T_FRAG_DONE, &d[j].orig);
	}
	for (k = 0; k + 1 < n; k++)
		for (j = 0; j < 2; j++)
			(void)feed_piece(&x, &d[j], &pc[k], T0 + 1);
	ck_assert_uint_eq(v6t_frag_count(x.t), 2);
	r = feed_piece(&x, &d[2], &PC4[0], T0 + 2);
	expect_held(&r);
	ck_assert_uint_eq(r.evicted, 1);
	ck_assert_uint_eq(v6t_frag_count(x.t), 2);
	r = feed_piece(&x, &d[1], &pc[n - 1], T0 + 2);
	expect_copy(&x, &r, V6T_FRAG_DONE, &d[1].orig);
	tt_close(&x);
}
END_TEST

/*
 * What chunks save: a datagram of 1500 bytes lies in positions
 * [224, 1724), one chunk of 2048. A table of 16 slots and 8 chunks (for
 * datagrams up to 9000 bytes: 5 chunks hold one) holds 8 such datagrams
 * at once; the 9th finds no chunk and evicts the oldest, with 8 slots
 * still free. Its memory: less than a quarter of the direct table of 16
 * slots for the same largest datagram, whose slots each own 264 + 9000
 * bytes (frag.h "Memory").
 */
START_TEST(test_reasm_chunks_small_datagrams)
{
	static struct dg d[9];
	v6t_frag_config c = cfg_of(16, 9000, TMO), direct = cfg_of(16, 9000, TMO);
	v6t_frag_result r;
	struct tt x;
	unsigned j;

	c.chunk_size = 2048;
	c.chunks = 8;
	ck_assert_uint_gt(v6t_frag_table_size(&c), 0);
	ck_assert_uint_lt(v6t_frag_table_size(&c), v6t_frag_table_size(&direct) / 4);
	ck_assert_uint_gt(v6t_frag_table_size(&direct), (size_t)16 * (264 + 9000));
	tt_open_chunks(&x, 16, 9000, 8);
	for (j = 0; j < 9; j++) {
		dg6(&d[j], 0, 1460, 0x900 + j, j);
		r = feed_piece(&x, &d[j], &(struct piece){ 0, 1232, 1 }, T0 + j);
		expect_held(&r);
		ck_assert_uint_eq(r.evicted, j == 8 ? 1 : 0);
	}
	ck_assert_uint_eq(v6t_frag_count(x.t), 8);
	r = feed_piece(&x, &d[8], &(struct piece){ 1232, 228, 0 }, T0 + 9);
	expect_copy(&x, &r, V6T_FRAG_DONE, &d[8].orig);
	ck_assert_uint_eq(r.seg_len, 1500);
	tt_close(&x);
}
END_TEST

/* ------------------------------------------------------------ bursts */

/*
 * v6t_frag_input_burst() is v6t_frag_input() on each packet in turn. The
 * sequence: A (IPv6) and B (IPv4) interleaved, C's fragments shuffled, a
 * whole packet, an atomic fragment, an overlap of D, D's later fragments,
 * and the expected outcome of each, by the RFC rules as in the tests
 * above. It is fed in bursts of 1, 3, 16, 17 and 64 packets (every group
 * boundary of the library's inner groups of 16 is crossed), each time into
 * a new table.
 */
#define BURST_SEQ 23
struct burst_step {
	struct pkt p;
	int verdict, reason;
	const struct pkt *want; /* DONE or ATOMIC */
};

static void burst_sequence(struct burst_step *s, unsigned *n)
{
	static struct dg a, b, c, d, twin, whole;
	static struct pkt atom;
	unsigned ord[4], k, m = 0;

	dg96(&a, 6, 0xb1);
	dg96(&b, 4, 0xb2);
	dg6(&c, 1, 96, 0xb3, 3);
	dg_pair(&d, &twin, 6, 0xb4);
	dg6(&whole, 0, 40, 0xb5, 4);
	frag6_raw(&atom, whole.orig.b, 40, 6, P_UDP, 0xb6, 0, 0,
		  whole.orig.b + 40, 40);
	for (k = 0; k < 4; k++) {
		dg_frag(&s[m].p, &a, PC4[k].off, PC4[k].len, PC4[k].m);
		s[m].verdict = k < 3 ? V6T_FRAG_HELD : V6T_FRAG_DONE;
		s[m++].want = &a.orig;
		dg_frag(&s[m].p, &b, PC4[k].off, PC4[k].len, PC4[k].m);
		s[m].verdict = k < 3 ? V6T_FRAG_HELD : V6T_FRAG_DONE;
		s[m++].want = &b.orig;
	}
	shuffle(ord, 4, 7);
	for (k = 0; k < 4; k++) {
		dg_frag(&s[m].p, &c, PC4[ord[k]].off, PC4[ord[k]].len, PC4[ord[k]].m);
		s[m].verdict = k < 3 ? V6T_FRAG_HELD : V6T_FRAG_DONE;
		s[m++].want = &c.orig;
	}
	s[m].p = whole.orig;
	s[m++].verdict = V6T_FRAG_PASS;
	s[m].p = atom;
	s[m].verdict = V6T_FRAG_ATOMIC;
	s[m++].want = &whole.orig;
	dg_frag(&s[m].p, &d, 0, 16, 1);
	s[m++].verdict = V6T_FRAG_HELD;
	dg_frag(&s[m].p, &twin, 8, 16, 1);
	s[m].verdict = V6T_FRAG_DROPPED;
	s[m++].reason = V6T_EFRAG_OVERLAP;
	for (k = 1; k < 4; k++) {
		dg_frag(&s[m].p, &d, PC4[k].off, PC4[k].len, PC4[k].m);
		s[m].verdict = V6T_FRAG_DROPPED;
		s[m++].reason = V6T_EFRAG_POISONED;
	}
	/* A again, after it completed: a new datagram */
	for (k = 0; k < 4; k++) {
		dg_frag(&s[m].p, &a, PC4[k].off, PC4[k].len, PC4[k].m);
		s[m].verdict = k < 3 ? V6T_FRAG_HELD : V6T_FRAG_DONE;
		s[m++].want = &a.orig;
	}
	*n = m;
}

START_TEST(test_reasm_burst_matches_single)
{
	static const size_t sizes[5] = { 1, 3, 16, 17, 64 };
	static struct burst_step s[BURST_SEQ];
	const uint8_t *pkts[BURST_SEQ];
	size_t lens[BURST_SEQ], at, m;
	v6t_frag_result r[BURST_SEQ];
	unsigned n, k;
	struct tt x;

	memset(s, 0, sizeof s);
	burst_sequence(s, &n);
	ck_assert_uint_eq(n, BURST_SEQ);
	for (k = 0; k < n; k++) {
		pkts[k] = s[k].p.b;
		lens[k] = s[k].p.n;
	}
	tt_open(&x, V6T_FRAG_BURST_MAX, 1500, TMO);
	for (at = 0; at < n; at += m) {
		m = n - at < sizes[_i] ? n - at : sizes[_i];
		ck_assert_int_eq(v6t_frag_input_burst(x.t, pkts + at, lens + at, m, T0,
						      r + at), V6T_OK);
		/* every result of the burst, delivered data included */
		for (k = (unsigned)at; k < at + m; k++) {
			ck_assert_int_eq(r[k].verdict, s[k].verdict);
			ck_assert_int_eq(r[k].reason, s[k].reason);
			if (s[k].want != NULL && r[k].verdict != V6T_FRAG_HELD)
				expect_data(&r[k], s[k].verdict, s[k].want);
		}
	}
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	tt_close(&x);
}
END_TEST

/*
 * What one burst delivers stays as delivered until the next call (frag.h):
 * in a table of 3 slots, A and B complete and C takes the third slot, so
 * A's and B's bytes are intact after the burst; two atomic fragments in
 * one burst are both delivered intact (the second from a slot of its
 * own). A burst of 5 packets into a table of 3 slots is refused
 * (V6T_EINVAL): with fewer slots than packets, a fragment could find every
 * slot holding a datagram the burst delivered. The next call frees them.
 */
START_TEST(test_reasm_burst_results_stay_valid)
{
	static struct dg a, b, c, w1, w2;
	static struct pkt p[8];
	const uint8_t *pkts[8];
	size_t lens[8];
	v6t_frag_result r[8];
	unsigned k;
	struct tt x;

	dg96(&a, 6, 0xa1);
	dg96(&b, 6, 0xa2);
	dg96(&c, 6, 0xa3);
	dg_frag(&p[0], &a, 0, 56, 1);
	dg_frag(&p[1], &a, 56, 40, 0);
	dg_frag(&p[2], &b, 0, 56, 1);
	dg_frag(&p[3], &b, 56, 40, 0);
	dg_frag(&p[4], &c, 0, 56, 1);
	dg6(&w1, 0, 40, 0xa4, 1);
	dg6(&w2, 1, 64, 0xa5, 2);
	frag6_raw(&p[5], w1.orig.b, 40, 6, P_UDP, 0xa4, 0, 0, w1.orig.b + 40, 40);
	frag6_raw(&p[6], w2.orig.b, 48, 40, P_UDP, 0xa5, 0, 0, w2.orig.b + 48, 64);
	for (k = 0; k < 7; k++) {
		pkts[k] = p[k].b;
		lens[k] = p[k].n;
	}
	tt_open(&x, 7, 1500, TMO);
	ck_assert_int_eq(v6t_frag_input_burst(x.t, pkts, lens, 7, T0, r), V6T_OK);
	expect_done(&r[1], &a.orig);
	expect_done(&r[3], &b.orig);
	expect_held(&r[4]);
	expect_data(&r[5], V6T_FRAG_ATOMIC, &w1.orig);
	expect_data(&r[6], V6T_FRAG_ATOMIC, &w2.orig);
	tt_close(&x);

	tt_open(&x, 3, 1500, TMO);
	ck_assert_int_eq(v6t_frag_input_burst(x.t, pkts, lens, 5, T0, r), V6T_EINVAL);
	ck_assert_int_eq(v6t_frag_input_burst(x.t, pkts, lens, 3, T0, r), V6T_OK);
	expect_done(&r[1], &a.orig);
	expect_held(&r[2]);
	/* A's slot is free again at the next call: B completes, C starts */
	ck_assert_int_eq(v6t_frag_input_burst(x.t, pkts + 3, lens + 3, 2, T0, r), V6T_OK);
	expect_done(&r[0], &b.orig);
	expect_held(&r[1]);
	ck_assert_uint_eq(v6t_frag_count(x.t), 1);
	tt_close(&x);
}
END_TEST

/* The burst's arguments (frag.h): more than V6T_FRAG_BURST_MAX packets
 * (or than the table's slots: test_reasm_burst_results_stay_valid), NULL
 * arrays or a NULL packet of non-zero length are V6T_EINVAL; a clock
 * going back is V6T_ECLOCK; nothing is written then. 0 packets is fine. */
START_TEST(test_reasm_burst_arguments)
{
	static const uint8_t one[1] = { 0x60 };
	const uint8_t *pkts[V6T_FRAG_BURST_MAX + 1];
	size_t lens[V6T_FRAG_BURST_MAX + 1];
	v6t_frag_result r[V6T_FRAG_BURST_MAX + 1], r0;
	struct tt x;
	unsigned k;

	for (k = 0; k <= V6T_FRAG_BURST_MAX; k++) {
		pkts[k] = one;
		lens[k] = 1;
	}
	memset(r, SENTINEL, sizeof r);
	r0 = r[0];
	tt_open(&x, V6T_FRAG_BURST_MAX, 1500, TMO);
	ck_assert_int_eq(v6t_frag_input_burst(x.t, pkts, lens, V6T_FRAG_BURST_MAX + 1,
					      T0, r), V6T_EINVAL);
	ck_assert_int_eq(v6t_frag_input_burst(NULL, pkts, lens, 1, T0, r), V6T_EINVAL);
	ck_assert_int_eq(v6t_frag_input_burst(x.t, NULL, lens, 1, T0, r), V6T_EINVAL);
	ck_assert_int_eq(v6t_frag_input_burst(x.t, pkts, NULL, 1, T0, r), V6T_EINVAL);
	ck_assert_int_eq(v6t_frag_input_burst(x.t, pkts, lens, 1, T0, NULL), V6T_EINVAL);
	pkts[1] = NULL;
	ck_assert_int_eq(v6t_frag_input_burst(x.t, pkts, lens, 2, T0, r), V6T_EINVAL);
	ck_assert_mem_eq(&r[0], &r0, sizeof r0);
	ck_assert_int_eq(v6t_frag_input_burst(x.t, pkts, lens, 0, T0, NULL), V6T_OK);
	lens[1] = 0;
	ck_assert_int_eq(v6t_frag_input_burst(x.t, pkts, lens, V6T_FRAG_BURST_MAX,
					      T0, r), V6T_OK);
	expect_drop0(&r[0], V6T_EPKT_SHORT);   /* one byte of an IPv6 header */
	expect_drop0(&r[1], V6T_EPKT_VERSION); /* nothing at all */
	memset(r, SENTINEL, sizeof r);
	ck_assert_int_eq(v6t_frag_input_burst(x.t, pkts, lens, 1, T0 - 1, r), V6T_ECLOCK);
	ck_assert_mem_eq(&r[0], &r0, sizeof r0);
	tt_close(&x);
}
END_TEST

/* ------------------------------------------------------------ memory */

/* A configuration with the fields this file varies; the rest 0. */
static v6t_frag_config cfg_full(uint32_t slots, uint32_t maxd, uint32_t frags,
				uint32_t chunk, uint32_t chunks, uint32_t poison)
{
	v6t_frag_config c = cfg_of(slots, maxd, TMO);

	c.max_frags = frags;
	c.chunk_size = chunk;
	c.chunks = chunks;
	c.poison_entries = poison;
	return c;
}

/*
 * V6T_FRAG_TABLE_SIZE is a compile-time bound: never below
 * v6t_frag_table_size() (which is what v6t_frag_init() asks), and at most
 * a few kilobytes above it; v6t_frag_init() refuses one byte less than
 * the function's size, at every alignment. That the size really holds a
 * full table is the business of the tests that fill one
 * (test_reasm_largest_datagrams, test_reasm_chunks_fill).
 */
START_TEST(test_reasm_size_bound)
{
	static const uint32_t slots[] = { 1, 2, 3, 5, 8, 9, 100, 1000 };
	static const uint32_t maxd[] = { 68, 1280, 1500, 9000, 65575 };
	static const uint32_t frags[] = { 0, 1, 119, 8192 };
	static const uint32_t chunk[] = { 0, 2048, 65536 };
	unsigned i, j, k, m, a;

	for (i = 0; i < sizeof slots / sizeof slots[0]; i++)
	for (j = 0; j < sizeof maxd / sizeof maxd[0]; j++)
	for (k = 0; k < sizeof frags / sizeof frags[0]; k++)
	for (m = 0; m < sizeof chunk / sizeof chunk[0]; m++) {
		uint32_t nchunks = chunk[m] ? 2 * slots[i] + 40 : 0;
		v6t_frag_config c = cfg_full(slots[i], maxd[j], frags[k], chunk[m],
					     nchunks, 3 * slots[i]);
		size_t n = v6t_frag_table_size(&c);
		size_t bound = V6T_FRAG_TABLE_SIZE(slots[i], maxd[j], frags[k],
						   chunk[m], nchunks, 3 * slots[i]);

		ck_assert_uint_gt(n, 0);
		ck_assert_uint_ge(bound, n);
		ck_assert_uint_le(bound - n, 4096 + 32u * slots[i] + 16u * 3 * slots[i]);
		if (n > 4u << 20)
			continue; /* no need to allocate more to see ENOSPC */
		for (a = 0; a < 64; a += 21) {
			unsigned char *mem = malloc(n + a);
			v6t_frag_table *t = NULL;

			ck_assert_ptr_nonnull(mem);
			ck_assert_int_eq(v6t_frag_init(&t, mem + a, n - 1, &c), V6T_ENOSPC);
			ck_assert_ptr_null(t);
			ck_assert_int_eq(v6t_frag_init(&t, mem + a, n, &c), V6T_OK);
			ck_assert_uint_eq(v6t_frag_count(t), 0);
			free(mem);
		}
	}
	/* a compile-time size: usable for a static buffer */
	{
		static unsigned char mem[V6T_FRAG_TABLE_SIZE(2, 1280, 0, 0, 0, 0)];
		v6t_frag_config c = cfg_of(2, 1280, TMO);
		v6t_frag_table *t;

		ck_assert_int_eq(v6t_frag_init(&t, mem, sizeof mem, &c), V6T_OK);
	}
}
END_TEST

START_TEST(test_reasm_size_edges)
{
	v6t_frag_config c;

	ck_assert_uint_eq(v6t_frag_table_size(NULL), 0);
	c = cfg_of(0, 1500, TMO);
	ck_assert_uint_eq(v6t_frag_table_size(&c), 0);
	c = cfg_of(V6T_FRAG_SLOTS_MAX + 1, 1500, TMO);
	ck_assert_uint_eq(v6t_frag_table_size(&c), 0);
	c = cfg_of(1, V6T_FRAG_MIN_DATAGRAM - 1, TMO);
	ck_assert_uint_eq(v6t_frag_table_size(&c), 0);
	c = cfg_of(1, V6T_FRAG_MAX_DATAGRAM + 1, TMO);
	ck_assert_uint_eq(v6t_frag_table_size(&c), 0);
	c = cfg_of(1, UINT32_MAX, TMO);
	ck_assert_uint_eq(v6t_frag_table_size(&c), 0);
	c = cfg_of(1, V6T_FRAG_MIN_DATAGRAM, TMO);
	ck_assert_uint_gt(v6t_frag_table_size(&c), 0);
	c = cfg_of(1, V6T_FRAG_MAX_DATAGRAM, TMO);
	ck_assert_uint_gt(v6t_frag_table_size(&c), 0);
#if SIZE_MAX <= 0xffffffffu
	/* 70000 slots of 66 KB do not fit a 32-bit size_t */
	c = cfg_of(70000, V6T_FRAG_MAX_DATAGRAM, TMO);
	ck_assert_uint_eq(v6t_frag_table_size(&c), 0);
#else
	/* with a 64-bit size_t the largest table's size fits */
	c = cfg_of(V6T_FRAG_SLOTS_MAX, V6T_FRAG_MAX_DATAGRAM, TMO);
	ck_assert_uint_gt(v6t_frag_table_size(&c), (size_t)V6T_FRAG_SLOTS_MAX * 65575);
	ck_assert_uint_le(v6t_frag_table_size(&c),
			  V6T_FRAG_TABLE_SIZE(V6T_FRAG_SLOTS_MAX, V6T_FRAG_MAX_DATAGRAM,
					      0, 0, 0, 0));
#endif
}
END_TEST

/* Each configuration field out of range is V6T_EINVAL, NULL too; nothing
 * is written on failure; EINVAL comes before ENOSPC. */
START_TEST(test_reasm_init_errors)
{
	v6t_frag_config c = cfg_of(2, 1500, TMO);
	size_t n = v6t_frag_table_size(&c), k;
	unsigned char *mem = malloc(n);
	v6t_frag_table *t = (v6t_frag_table *)(void *)&n; /* a sentinel */
	v6t_frag_table *const sentinel = t;
	/* each a field out of range (frag.h v6t_frag_init()) */
	const v6t_frag_config bad[] = {
		cfg_full(0, 1500, 0, 0, 0, 0),
		cfg_full(V6T_FRAG_SLOTS_MAX + 1, 1500, 0, 0, 0, 0),
		cfg_full(2, V6T_FRAG_MIN_DATAGRAM - 1, 0, 0, 0, 0),
		cfg_full(2, V6T_FRAG_MAX_DATAGRAM + 1, 0, 0, 0, 0),
		cfg_full(2, 1500, V6T_FRAG_FRAGS_MAX + 1, 0, 0, 0),
		cfg_full(2, 1500, 0, 1024, 4, 0),     /* below V6T_FRAG_CHUNK_MIN */
		cfg_full(2, 1500, 0, 3072, 4, 0),     /* not a power of two */
		cfg_full(2, 1500, 0, 131072, 4, 0),   /* above V6T_FRAG_CHUNK_MAX */
		cfg_full(2, 1500, 0, 0, 4, 0),        /* chunks without chunk_size */
		/* (256 + 9000) / 2048 needs 5 chunks for one datagram */
		cfg_full(2, 9000, 0, 2048, 4, 0),
		cfg_full(2, 1500, 0, 0, 0, V6T_FRAG_SLOTS_MAX + 1),
	};

	ck_assert_ptr_nonnull(mem);
	ck_assert_int_eq(v6t_frag_init(NULL, mem, n, &c), V6T_EINVAL);
	ck_assert_int_eq(v6t_frag_init(&t, NULL, n, &c), V6T_EINVAL);
	ck_assert_int_eq(v6t_frag_init(&t, mem, n, NULL), V6T_EINVAL);
	for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		ck_assert_int_eq(v6t_frag_init(&t, mem, n, &bad[k]), V6T_EINVAL);
		ck_assert_uint_eq(v6t_frag_table_size(&bad[k]), 0);
	}
	c = cfg_of(2, 1500, 0);
	ck_assert_int_eq(v6t_frag_init(&t, mem, n, &c), V6T_EINVAL);
	ck_assert_int_eq(v6t_frag_init(&t, mem, 1, &c), V6T_EINVAL);
	c = cfg_of(2, 1500, TMO);
	c.flags = 2; /* an unknown flag */
	ck_assert_int_eq(v6t_frag_init(&t, mem, n, &c), V6T_EINVAL);
	c = cfg_of(2, 1500, TMO);
	ck_assert_int_eq(v6t_frag_init(&t, mem, 0, &c), V6T_ENOSPC);
	ck_assert_ptr_eq(t, sentinel);
	/* the smallest chunk pool that holds one datagram: 5 chunks */
	c = cfg_full(2, 9000, 0, 2048, 5, 0);
	ck_assert_uint_gt(v6t_frag_table_size(&c), 0);
	c = cfg_of(2, 1500, TMO);
	ck_assert_int_eq(v6t_frag_init(&t, mem, n, &c), V6T_OK);
	ck_assert_ptr_ne(t, sentinel);
	/* "a pointer into mem" */
	ck_assert((unsigned char *)t >= mem && (unsigned char *)t < mem + n);
	/* a second init forgets the first table's contents */
	{
		static struct dg d;
		struct tt x = { mem, t };

		dg96(&d, 6, 1);
		feed_mask(&x, &d, P0, T0);
		ck_assert_uint_eq(v6t_frag_count(t), 1);
		ck_assert_int_eq(v6t_frag_init(&t, mem, n, &c), V6T_OK);
		ck_assert_uint_eq(v6t_frag_count(t), 0);
		x.t = t;
		feed_in_order(&x, &d, PC4, 4, 0);
	}
	free(mem);
}
END_TEST

/* ------------------------------------------------------------ fast paths */

/*
 * The fast paths (v6t_frag_input() takes a plain IPv6 header + Fragment
 * header and an IPv4 header without options apart from the general path,
 * which parses any other shape) must decide as the general path does. Each
 * scenario below is run with the plain shape, and again with the same
 * fragments in a shape only the general path takes: IPv6 with an 8-byte
 * Hop-by-Hop header before the Fragment header in every fragment, IPv4
 * with a 4-byte Router Alert option (IHL 6) in every fragment; each both
 * through v6t_frag_input() and through v6t_frag_input_burst() one packet a
 * call. The verdicts, reasons and ICMP are the RFCs', written here per
 * step; a delivered datagram must be the datagram the test built whole
 * (dg6() / dg4(): its own headers, RFC 8200 §4.5 the offset-zero
 * fragment's Per-Fragment headers, RFC 791 §3.2 its IPv4 header), with
 * the ECN field set by hand where the fragments' combine to another value
 * (RFC 3168 §5.3) and then, for IPv4, the test's own RFC 1071 checksum.
 * Two datagrams of 96 data bytes, identifications 0x71 and 0x72.
 */
struct fstep {
	unsigned dg, off, len;
	int m;
	unsigned ecn;  /* the fragment's ECN field */
	int bad;       /* IPv4: its header checksum wrong; IPv6: Hop Limit 1
			  (IPv6 has no header checksum, RFC 8200 §3) */
	unsigned late; /* sent TMO ms after the scenario's start */
	unsigned only; /* 4 or 6: a step of that version only; 0: both */
	int verdict, reason;
	unsigned want_ecn; /* with V6T_FRAG_DONE: the datagram's ECN field */
};

#define H V6T_FRAG_HELD, V6T_OK, 0
#define D(e) V6T_FRAG_DONE, V6T_OK, (e)
#define X(why) V6T_FRAG_DROPPED, (why), 0

static const struct fstep FS0[] = { /* in order */
	{ 0, 0, 16, 1, 0, 0, 0, 0, H }, { 0, 16, 16, 1, 0, 0, 0, 0, H },
	{ 0, 32, 24, 1, 0, 0, 0, 0, H }, { 0, 56, 40, 0, 0, 0, 0, 0, D(0) },
};
static const struct fstep FS1[] = { /* in reverse */
	{ 0, 56, 40, 0, 0, 0, 0, 0, H }, { 0, 32, 24, 1, 0, 0, 0, 0, H },
	{ 0, 16, 16, 1, 0, 0, 0, 0, H }, { 0, 0, 16, 1, 0, 0, 0, 0, D(0) },
};
static const struct fstep FS2[] = { /* out of order, an exact duplicate */
	{ 0, 0, 16, 1, 0, 0, 0, 0, H }, { 0, 32, 24, 1, 0, 0, 0, 0, H },
	{ 0, 16, 16, 1, 0, 0, 0, 0, H },
	{ 0, 16, 16, 1, 0, 0, 0, 0, X(V6T_EFRAG_DUPLICATE) },
	{ 0, 56, 40, 0, 0, 0, 0, 0, D(0) },
};
static const struct fstep FS3[] = { /* RFC 5722: [24, 40) overlaps [16, 32) */
	{ 0, 0, 16, 1, 0, 0, 0, 0, H }, { 0, 16, 16, 1, 0, 0, 0, 0, H },
	{ 0, 24, 16, 1, 0, 0, 0, 0, X(V6T_EFRAG_OVERLAP) },
	{ 0, 32, 24, 1, 0, 0, 0, 0, X(V6T_EFRAG_POISONED) },
	{ 0, 56, 40, 0, 0, 0, 0, 0, X(V6T_EFRAG_POISONED) },
};
static const struct fstep FS4[] = { /* a second M = 0 one, another end */
	{ 0, 0, 16, 1, 0, 0, 0, 0, H }, { 0, 56, 40, 0, 0, 0, 0, 0, H },
	{ 0, 16, 16, 0, 0, 0, 0, 0, X(V6T_EFRAG_INCONSISTENT) },
	{ 0, 32, 24, 1, 0, 0, 0, 0, X(V6T_EFRAG_POISONED) },
};
static const struct fstep FS5[] = { /* 12 bytes with M = 1, then right */
	{ 0, 0, 16, 1, 0, 0, 0, 0, H },
	{ 0, 16, 12, 1, 0, 0, 0, 0, X(V6T_EFRAG_LENGTH) },
	{ 0, 16, 16, 1, 0, 0, 0, 0, H }, { 0, 32, 24, 1, 0, 0, 0, 0, H },
	{ 0, 56, 40, 0, 0, 0, 0, 0, D(0) },
};
static const struct fstep FS6[] = { /* RFC 8200 §4.5 timeout, then anew */
	{ 0, 0, 16, 1, 0, 0, 0, 0, H }, { 0, 16, 16, 1, 0, 0, 1, 0, H },
	{ 0, 32, 24, 1, 0, 0, 1, 0, H }, { 0, 56, 40, 0, 0, 0, 1, 0, H },
	{ 0, 0, 16, 1, 0, 0, 1, 0, D(0) },
};
static const struct fstep FS7[] = { /* ECT(0) and CE: CE */
	{ 0, 0, 16, 1, 2, 0, 0, 0, H }, { 0, 16, 16, 1, 3, 0, 0, 0, H },
	{ 0, 32, 24, 1, 2, 0, 0, 0, H }, { 0, 56, 40, 0, 2, 0, 0, 0, D(3) },
};
static const struct fstep FS8[] = { /* ECT(0) and Not-ECT: dropped */
	{ 0, 0, 16, 1, 2, 0, 0, 0, H }, { 0, 16, 16, 1, 0, 0, 0, 0, H },
	{ 0, 32, 24, 1, 2, 0, 0, 0, H },
	{ 0, 56, 40, 0, 2, 0, 0, 0, X(V6T_EFRAG_ECN) },
};
static const struct fstep FS9[] = { /* two datagrams interleaved */
	{ 0, 0, 16, 1, 0, 0, 0, 0, H }, { 1, 0, 16, 1, 0, 0, 0, 0, H },
	{ 0, 16, 16, 1, 0, 0, 0, 0, H }, { 1, 16, 16, 1, 0, 0, 0, 0, H },
	{ 0, 32, 24, 1, 0, 0, 0, 0, H }, { 1, 56, 40, 0, 0, 0, 0, 0, H },
	{ 0, 56, 40, 0, 0, 0, 0, 0, D(0) }, { 1, 32, 24, 1, 0, 0, 0, 0, D(0) },
};
static const struct fstep FS10[] = { /* RFC 791 §3.1: a wrong checksum */
	{ 0, 0, 16, 1, 0, 0, 0, 0, H },
	{ 0, 16, 16, 1, 0, 1, 0, 4, X(V6T_EPKT_IPV4_CHECKSUM) },
	{ 0, 16, 16, 1, 0, 0, 0, 4, H },
	{ 0, 16, 16, 1, 0, 1, 0, 6, H },
	{ 0, 16, 16, 1, 0, 0, 0, 6, X(V6T_EFRAG_DUPLICATE) },
	{ 0, 32, 24, 1, 0, 0, 0, 0, H }, { 0, 56, 40, 0, 0, 0, 0, 0, D(0) },
};

#undef H
#undef D
#undef X

#define FSC(a) { a, sizeof a / sizeof a[0] }
static const struct fscenario {
	const struct fstep *s;
	unsigned n;
} FSCEN[] = {
	FSC(FS0), FSC(FS1), FSC(FS2), FSC(FS3), FSC(FS4), FSC(FS5),
	FSC(FS6), FSC(FS7), FSC(FS8), FSC(FS9), FSC(FS10),
};
#define N_FSCEN (sizeof FSCEN / sizeof FSCEN[0])

/* One packet through v6t_frag_input(), or through a burst of one. */
static v6t_frag_result feed_mode(struct tt *x, const struct pkt *p,
				 uint64_t now, int burst)
{
	const uint8_t *pk;
	v6t_frag_result r;
	size_t n = p->n;
	uint8_t *c;

	if (!burst)
		return feed(x, p, now);
	c = malloc(n);
	ck_assert_ptr_nonnull(c);
	memcpy(c, p->b, n);
	pk = c;
	ck_assert_int_eq(v6t_frag_input_burst(x->t, &pk, &n, 1, now, &r), V6T_OK);
	free(c);
	/* what a delivery points to stays readable until the next call */
	return r;
}

START_TEST(test_reasm_fast_and_general_paths_agree)
{
	const struct fscenario *sc = &FSCEN[_i / 8];
	unsigned v = _i & 1 ? 4 : 6, k;
	int general = (_i >> 1) & 1, burst = (_i >> 2) & 1;
	static struct dg d[2];
	static struct pkt f, want;
	v6t_frag_result r;
	struct tt x;

	for (k = 0; k < 2; k++) {
		if (v == 6)
			dg6(&d[k], general, 96, 0x71 + k, 11 + k);
		else
			dg4(&d[k], general ? 4 : 0, 96, 0x71 + k, P_UDP, 0, 11 + k);
	}
	tt_open(&x, 4, 1500, TMO);
	for (k = 0; k < sc->n; k++) {
		const struct fstep *st = &sc->s[k];
		const struct dg *g = &d[st->dg];

		if (st->only != 0 && st->only != v)
			continue;
		dg_frag(&f, g, st->off, st->len, st->m);
		/* the fast paths take exactly the plain shape */
		ck_assert_uint_eq(f.b[0] == 0x45 || (f.b[0] >> 4 == 6 && f.b[6] == P_FRAGMENT),
				  !general);
		if (v == 6) {
			f.b[1] = (uint8_t)((f.b[1] & 0xcf) | st->ecn << 4);
			if (st->bad)
				f.b[7] = 1;
		} else {
			f.b[1] = (uint8_t)((f.b[1] & 0xfc) | st->ecn);
			set_csum4(f.b, g->hdr);
			if (st->bad)
				f.b[11] ^= 0x01;
		}
		r = feed_mode(&x, &f, T0 + (st->late ? TMO : 0), burst);
		ck_assert_int_eq(r.verdict, st->verdict);
		ck_assert_int_eq(r.reason, st->reason);
		ck_assert_uint_eq(r.evicted, 0);
		/* FS6: the second step finds the first's datagram timed out */
		ck_assert_uint_eq(r.timed_out, sc->s == FS6 && k == 1);
		/* RFC 8200 §4.5: Parameter Problem code 0 at Payload Length
		 * (offset 4, both shapes) for the 12-byte fragment; IPv4 none */
		if (st->reason == V6T_EFRAG_LENGTH && v == 6) {
			ck_assert_uint_eq(r.icmp_type, PP);
			ck_assert_uint_eq(r.icmp_code, PP_FIELD);
			ck_assert_uint_eq(r.icmp_pointer, 4);
		} else {
			ck_assert_uint_eq(r.icmp_type, 0);
		}
		if (st->verdict != V6T_FRAG_DONE) {
			ck_assert_ptr_null(r.data);
			continue;
		}
		want = g->orig;
		if (v == 6) {
			want.b[1] = (uint8_t)((want.b[1] & 0xcf) | st->want_ecn << 4);
		} else {
			want.b[1] = (uint8_t)((want.b[1] & 0xfc) | st->want_ecn);
			set_csum4(want.b, g->hdr);
		}
		expect_done(&r, &want);
		ck_assert_uint_eq(r.seg_len, want.n);
	}
	ck_assert_uint_eq(v6t_frag_count(x.t), 0);
	tt_close(&x);
}
END_TEST

/* ------------------------------------------------------------ suite */

Suite *v6t_frag_reasm_suite(void)
{
	Suite *s = suite_create("frag_reasm");
	TCase *tc;

	tc = tcase_create("complete");
	tcase_add_loop_test(tc, test_reasm_completes_in_any_order, 0, N_COMPLETE);
	tcase_add_loop_test(tc, test_reasm_count_while_held, 0, 2);
	tcase_add_test(tc, test_reasm_ipv4_by_hand);
	tcase_add_test(tc, test_reasm_ipv4_keeps_reserved_bit);
	tcase_add_test(tc, test_reasm_ipv4_byte6_is_44);
	tcase_add_test(tc, test_reasm_ipv4_header_of_first_fragment);
	tcase_add_test(tc, test_reasm_next_header_of_offset_zero);
	tcase_add_loop_test(tc, test_reasm_per_fragment_headers_of_offset_zero, 0, 2);
	tcase_add_test(tc, test_reasm_ipv4_key_has_protocol);
	tcase_add_test(tc, test_reasm_pass_and_malformed);
	tcase_add_test(tc, test_reasm_null_arguments);
	suite_add_tcase(s, tc);

	tc = tcase_create("overlap");
	tcase_add_loop_test(tc, test_reasm_overlap_shapes, 0, 2 * N_SHAPES);
	tcase_add_loop_test(tc, test_reasm_inconsistent_end, 0, 2 * N_ENDS);
	tcase_add_loop_test(tc, test_reasm_exact_duplicates_dropped, 0, 2);
	tcase_add_loop_test(tc, test_reasm_overlap_wins_over_errors, 0, 4);
	tcase_add_test(tc, test_reasm_poison_bucket_merges);
	tcase_add_loop_test(tc, test_reasm_icmp_rules, 0, N_ICMP_CASES);
	tcase_add_loop_test(tc, test_reasm_expire_icmp_rules, 0, 8);
	tcase_add_test(tc, test_reasm_ipv4_checksum);
	tcase_add_loop_test(tc, test_reasm_ecn, 0, 2 * N_ECN);
	tcase_add_test(tc, test_reasm_ipv4_ce_by_hand);
	tcase_add_test(tc, test_reasm_beyond_64k_with_headers);
	tcase_add_test(tc, test_reasm_max_frags);
	tcase_add_test(tc, test_reasm_stats);
	tcase_add_loop_test(tc, test_reasm_burst_matches_single, 0, 5);
	tcase_add_test(tc, test_reasm_burst_results_stay_valid);
	tcase_add_test(tc, test_reasm_burst_arguments);
	tcase_add_loop_test(tc, test_reasm_fast_and_general_paths_agree, 0, 8 * N_FSCEN);
	suite_add_tcase(s, tc);

	tc = tcase_create("checks");
	tcase_add_loop_test(tc, test_reasm_atomic_alone, 0, 2);
	tcase_add_test(tc, test_reasm_atomic_no_room);
	tcase_add_test(tc, test_reasm_rfc7112_first_fragment);
	tcase_add_loop_test(tc, test_reasm_rfc7112_upper_header, 0, N_UPPER);
	tcase_add_loop_test(tc, test_reasm_length_not_multiple_of_8, 0, 4);
	tcase_add_loop_test(tc, test_reasm_zero_length_fragment, 0, 2);
	tcase_add_test(tc, test_reasm_beyond_64k_ipv6);
	tcase_add_test(tc, test_reasm_beyond_64k_ipv4);
	tcase_add_loop_test(tc, test_reasm_too_many_fragments, 0, 2);
	tcase_add_loop_test(tc, test_reasm_no_room_datagram, 0, 2);
	tcase_add_test(tc, test_reasm_no_room_when_headers_arrive);
	tcase_add_loop_test(tc, test_reasm_no_room_headers, 0, 2);
	suite_add_tcase(s, tc);

	tc = tcase_create("time");
	tcase_add_loop_test(tc, test_reasm_timeout_with_first_fragment, 0, 4);
	tcase_add_loop_test(tc, test_reasm_timeout_without_first_fragment, 0, 2);
	tcase_add_test(tc, test_reasm_expire_in_age_order);
	tcase_add_test(tc, test_reasm_timeout_found_by_lookup);
	tcase_add_loop_test(tc, test_reasm_time_going_back, 0, 2);
	tcase_add_test(tc, test_reasm_clock_jump_and_flush);
	suite_add_tcase(s, tc);

	tc = tcase_create("table");
	tcase_add_loop_test(tc, test_reasm_evicts_oldest, 0, 2);
	tcase_add_loop_test(tc, test_reasm_newest_datagram, 0, 2);
	tcase_add_loop_test(tc, test_reasm_poison_survives_eviction, 0, 2);
	tcase_add_loop_test(tc, test_reasm_evicts_expired_first, 0, 2);
	tcase_add_test(tc, test_reasm_flood);
	tcase_add_test(tc, test_reasm_largest_datagrams);
	tcase_add_test(tc, test_reasm_size_bound);
	tcase_add_test(tc, test_reasm_chunks_segments);
	tcase_add_test(tc, test_reasm_chunks_fill);
	tcase_add_test(tc, test_reasm_chunks_small_datagrams);
	tcase_add_test(tc, test_reasm_size_edges);
	tcase_add_test(tc, test_reasm_init_errors);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
