/*
 * Fuzz target: fragment reassembly (frag.h): v6t_frag_input,
 * v6t_frag_input_burst, v6t_frag_expire, v6t_frag_flush, v6t_frag_count,
 * v6t_frag_segment, v6t_frag_copy and v6t_frag_stats_read, checked
 * against a reference model of frag.h's rules.
 *
 * Input layout. Byte 0 configures the table:
 *   bit 0     max_datagram 300 (else 2000; 65575 and 5000 with byte 1 bit 2)
 *   bits 1-2  timeout 1, 50, 1000 or 60000 ms
 *   bit 3     chunked: chunk_size 2048 and a small pool (the chunks one
 *             largest datagram needs, plus 0, 1, 2 or 8: byte 1 bits 3-4),
 *             so that fragments evict datagrams for chunks
 *   bit 4     max_frags 4 (else the default)
 *   bit 5     V6T_FRAG_CFG_TRUST_IP4_CHECKSUM
 *   bit 6     poison_entries 4, one bucket (else the default, slots)
 *   bit 7     byte 1 follows: bits 0-1 slots 3, 1, 8 or 32 (3 without
 *             byte 1); bit 2 the larger max_datagram; bits 3-4 the pool.
 * Then records, each
 *   op (1 byte), dt (1 byte), len (2 bytes, big-endian), len bytes
 * (fewer if the input ends). The clock moves by dt ms (dt * 256 with op
 * bit 3), forward, or backward with op bit 2. Op bit 4 then calls
 * v6t_frag_flush() at that time. Then v6t_frag_expire() is called until
 * it returns 0 (op bit 1), else once. Then the bytes are given:
 * - op bit 5: a burst for v6t_frag_input_burst(): sub-records
 *   flags (1 byte), slen (2 bytes), slen bytes, at most 64 of them, each
 *   a packet as below by its flags' bit 0;
 * - else one packet for v6t_frag_input(): op bit 0 the bytes as they are
 *   ("raw"), else a compact description of a fragment that the target
 *   builds, so that the fuzzer reaches reassembly without guessing header
 *   fields:
 *   c[0] bit 0 IPv4 (else IPv6); bit 1 M/MF; bit 2 a Hop-by-Hop header
 *        (IPv6) or a 4-byte Router Alert option (IPv4); bits 3-4 the
 *        source address's last byte; bit 5 TCP (else UDP); bit 6 DF
 *        (IPv4); bit 7 the other IPv4 address of an address kind
 *   c[1] Identification; c[2..3] Fragment Offset in 8-byte units (13
 *   bits); c[4..5] data bytes (at most 2100); c[6] data pattern; c[7]
 *   IPv6 offset 0: 1 puts an 8-byte Destination Options header (Next
 *   Header c[8]) at the start of the data, and the Fragment header names
 *   it; c[9] bits 0-1 the ECN field, bit 2 a wrong IPv4 header checksum,
 *   bits 3-4 an address kind (0 unicast, 1 multicast destination (or
 *   255.255.255.255), 2 multicast or loopback (or 240/4) source, 3
 *   unspecified (or 0/8) source), bits 5-7 the upper layer (0 TCP/UDP
 *   as c[0] says, 1 ICMPv6 / ICMP, 2 IPv6 (41), 3 IPv4 (4), 4 SCTP, 5
 *   No Next Header, 6 ESP, 7 unassigned 253); c[10] the first byte of
 *   the upper-layer header (an ICMP type).
 * Every packet is given from a heap block of exactly its size.
 *
 * The model (abort() on a violation) is a second reading of frag.h: it
 * keeps the datagrams in reassembly in first-arrival order with their
 * fragments, bytes, chunks (frag.h "Memory": data byte 0 at position
 * V6T_FRAG_HDR_ROOM + 8, the headers in front of it), the slots and
 * chunks held by delivered datagrams until the next call, and the
 * poisoned keys. Properties:
 * - every packet's verdict, reason, ICMP suggestion (type, code,
 *   pointer; RFC 4443 §2.4 (e) / RFC 1122 §3.2.2 suppression), and the
 *   evicted / timed_out counts are those of the rules in frag.h's order
 *   (parse, IPv4 checksum, atomic, poison, the fragment alone, overlap
 *   before all but poison, end, max_frags, room, chunks, ECN);
 * - RFC 5722: after an OVERLAP or INCONSISTENT drop at tp, every
 *   fragment of that key is dropped POISONED while now < tp + timeout
 *   (a v6t_frag_flush() at tf shortens it to tf + timeout); a POISONED
 *   drop the model does not require is allowed only when the table
 *   merged poisoned entries or a flush turned the clock back over an
 *   expired one (frag.h "Poisoned keys": false positives only);
 * - a delivered datagram (DONE, ATOMIC) is the model's rebuild from the
 *   accepted fragments with the headers patched as RFC 8200 §4.5 / RFC
 *   791 §3.2 say and the ECN fields combined (RFC 3168 §5.3); an IPv4
 *   header sums as the offset-zero fragment's did (RFC 1624 update); it
 *   parses whole; v6t_frag_copy() and the v6t_frag_segment() pieces
 *   give the same bytes; every datagram a burst delivers is still intact
 *   when the burst returns;
 * - V6T_ECLOCK exactly when the clock went back (input, burst, expire),
 *   and then nothing is written or changed; v6t_frag_flush() returns the
 *   count and resets the clock;
 * - v6t_frag_expire() abandons the model's oldest datagram when due; its
 *   quote is the offset-zero fragment as received (cut no shorter than
 *   1280 bytes; whole in a direct table), parses (V6T_PKT_OPT_TRUNCATED)
 *   as a fragment of offset 0 with M = 1 of its version; icmp_type is 3
 *   (IPv6) or 11 (IPv4) when allowed, else 0;
 * - v6t_frag_count() is the model's; v6t_frag_stats_read() matches the
 *   model's counts and the verdicts seen: every packet in exactly one of
 *   passed, atomic, held, complete and the drop counters.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <v6transit/frag.h>
#include <v6transit/packet.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_DATA 2100        /* data bytes of a compact fragment */
#define SLOTS_MAX 32
#define CHUNK 2048u
#define CHUNK_SHIFT 11
/* frag.h "Memory": a datagram's data byte 0 lies at this position of its
 * bytes, its headers in front of it */
#define HEAD (V6T_FRAG_HDR_ROOM + 8u)
#define POISON_MAX 16384     /* more than the packets an input can hold */
#define QUOTE_MIN 1280u      /* frag.h v6t_frag_expired::quote */

/* A broken property: say which check, for the one who reads the crash. */
static void fail(int line)
{
	fprintf(stderr, "fuzz_reasm.c:%d: property violated\n", line);
	abort();
}

#define check(cond) ((cond) ? (void)0 : fail(__LINE__))

/* ------------------------------------------------------------ bytes */

static void st16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static unsigned ld16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* The RFC 1071 sum of n bytes, folded: 0xffff for a right IPv4 header. */
static unsigned ip4_sum(const uint8_t *h, size_t n)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += ld16(h + i);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

static void ip4_checksum(uint8_t *h, size_t ihl)
{
	h[10] = h[11] = 0;
	st16(h + 10, ~ip4_sum(h, ihl) & 0xffff);
}

static uint8_t *exact_copy(const uint8_t *b, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);

	check(p != NULL);
	memcpy(p, b, n);
	return p;
}

/* ------------------------------------------------------------ packets */

/* The compact description's byte i, 0 past its end. */
static unsigned cb(const uint8_t *c, size_t n, size_t i)
{
	return i < n ? c[i] : 0;
}

/* c[9] bits 5-7: the upper-layer protocol. */
static unsigned upper_of(const uint8_t *c, size_t n, int v4)
{
	static const uint8_t up[8] = { 0, 58, 41, 4, 132, 59, 50, 253 };
	unsigned k = cb(c, n, 9) >> 5;

	if (k == 0)
		return cb(c, n, 0) & 0x20 ? 6 : 17;
	return k == 1 && v4 ? 1 : up[k];
}

static size_t build6(uint8_t *p, const uint8_t *c, size_t n)
{
	unsigned f = cb(c, n, 0), x = cb(c, n, 9);
	unsigned off = (cb(c, n, 2) << 8 | cb(c, n, 3)) & 0x1fff;
	size_t len = (cb(c, n, 4) << 8 | cb(c, n, 5)) % (MAX_DATA + 1), h = 40, i;
	unsigned nh = upper_of(c, n, 0), up = 0;

	memset(p, 0, 48);
	p[0] = 0x60;
	p[1] = (uint8_t)((x & 3) << 4); /* ECN: Traffic Class bits 0-1 */
	p[6] = 44;
	p[7] = 64;
	p[8] = 0x20, p[9] = 0x01, p[10] = 0x0d, p[11] = 0xb8;
	p[23] = (uint8_t)(1 + (f >> 3 & 3));
	p[24] = 0x20, p[25] = 0x01, p[26] = 0x0d, p[27] = 0xb8;
	p[39] = 0x99;
	switch (x >> 3 & 3) {
	case 1: /* ff02::1 */
		memset(p + 24, 0, 16);
		p[24] = 0xff, p[25] = 0x02, p[39] = 1;
		break;
	case 2: /* ff02::... as a source */
		p[8] = 0xff, p[9] = 0x02;
		break;
	case 3: /* :: */
		memset(p + 8, 0, 16);
		break;
	}
	if (f & 4) { /* Hop-by-Hop: Next Header 44, PadN of 4 */
		p[6] = 0;
		p[40] = 44, p[42] = 1, p[43] = 4;
		h = 48;
	}
	for (i = 0; i < len; i++)
		p[h + 8 + i] = (uint8_t)(cb(c, n, 6) * 7u + off * 8u + i);
	if (off == 0 && cb(c, n, 7) == 1 && len >= 8) {
		memset(p + h + 8, 0, 8);
		p[h + 8] = (uint8_t)cb(c, n, 8);
		p[h + 10] = 1, p[h + 11] = 4;
		nh = 60;
		up = 8;
	}
	if (off == 0 && up < len)
		p[h + 8 + up] = (uint8_t)cb(c, n, 10);
	p[h] = (uint8_t)nh;
	p[h + 1] = 0;
	st16(p + h + 2, off << 3 | (f >> 1 & 1));
	p[h + 4] = 0, p[h + 5] = 0, p[h + 6] = 0;
	p[h + 7] = (uint8_t)cb(c, n, 1);
	st16(p + 4, (unsigned)(h - 40 + 8 + len));
	return h + 8 + len;
}

static size_t build4(uint8_t *p, const uint8_t *c, size_t n)
{
	static const uint8_t kinds[8][4] = {
		{ 198, 51, 100, 2 }, { 224, 0, 0, 9 }, { 127, 0, 0, 1 }, { 0, 0, 0, 0 },
		{ 198, 51, 100, 2 }, { 255, 255, 255, 255 }, { 240, 0, 0, 1 }, { 0, 1, 2, 3 },
	};
	unsigned f = cb(c, n, 0), x = cb(c, n, 9);
	unsigned off = (cb(c, n, 2) << 8 | cb(c, n, 3)) & 0x1fff;
	size_t len = (cb(c, n, 4) << 8 | cb(c, n, 5)) % (MAX_DATA + 1);
	size_t ihl = f & 4 ? 24 : 20, i;
	unsigned kind = (x >> 3 & 3) | (f >> 5 & 4);

	memset(p, 0, ihl);
	p[0] = (uint8_t)(0x40 | ihl / 4);
	p[1] = (uint8_t)(x & 3); /* ECN: TOS bits 0-1 */
	st16(p + 2, (unsigned)(ihl + len));
	p[5] = (uint8_t)cb(c, n, 1);
	st16(p + 6, (f & 0x40 ? 0x4000u : 0) | (f & 2 ? 0x2000u : 0) | off);
	p[8] = 64;
	p[9] = (uint8_t)upper_of(c, n, 1);
	p[12] = 192, p[13] = 0, p[14] = 2, p[15] = (uint8_t)(1 + (f >> 3 & 3));
	memcpy(p + 16, kinds[0], 4);
	if ((kind & 3) == 1)
		memcpy(p + 16, kinds[kind], 4);
	else if ((kind & 3) != 0)
		memcpy(p + 12, kinds[kind], 4);
	if (ihl == 24)
		p[20] = 0x94, p[21] = 4; /* Router Alert */
	ip4_checksum(p, ihl);
	if (x & 4)
		p[10] ^= 0x5a;
	for (i = 0; i < len; i++)
		p[ihl + i] = (uint8_t)(cb(c, n, 6) * 7u + off * 8u + i);
	if (off == 0 && len > 0)
		p[ihl] = (uint8_t)cb(c, n, 10);
	return ihl + len;
}

/* A packet from record bytes b (n): raw or compact; a heap block of
 * exactly its size, in *len. */
static uint8_t *make_packet(int raw, const uint8_t *b, size_t n, size_t *len)
{
	static uint8_t pkt[48 + 8 + MAX_DATA + 8];

	if (raw) {
		*len = n;
		return exact_copy(b, n);
	}
	*len = cb(b, n, 0) & 1 ? build4(pkt, b, n) : build6(pkt, b, n);
	return exact_copy(pkt, *len);
}

/* ------------------------------------------------------------ the model */

struct mkey {
	uint8_t version, proto;
	uint8_t src[16], dst[16];
	uint32_t id;
};

/* A fragment as frag.h's rules see it (from v6t_pkt_parse()). */
struct mfrag {
	struct mkey key;
	const uint8_t *pkt;
	uint32_t off, len, hdr_len, nh_off, doff;
	int type;        /* the upper-layer header's first byte, -1 if not there */
	int chain_whole; /* IPv6 offset 0: the whole chain, RFC 7112 */
	uint8_t version, more, ecn, upper;
};

/* A datagram in reassembly. */
struct gen {
	int used;
	struct mkey key;
	uint64_t created;
	uint32_t n;
	struct {
		uint32_t start, end;
		uint8_t more;
	} fr[V6T_FRAG_FRAGS_DEFAULT];
	uint32_t last_end, received, total;
	uint8_t has_total, has_first, icmp_ok, ecn_seen; /* ecn_seen: 1 << codepoint */
	uint32_t hdr_len, nh_off, first_len, first_hdr; /* first_hdr: hdr_len (+ 8 IPv6) */
	uint8_t hdr[V6T_FRAG_HDR_ROOM + 8]; /* the offset-zero fragment before its data */
	uint64_t chunks;                     /* chunk k of its positions held */
	uint8_t data[65536];
};

struct poison {
	struct mkey key;
	uint64_t until;
	int required; /* 0: a flush turned the clock back over it: may hold */
};

/* What the model expects of one packet. */
struct want {
	int verdict, reason;
	uint8_t icmp_type, icmp_code;
	uint32_t icmp_pointer, evicted, timed_out;
	uint8_t *bytes;   /* DONE, ATOMIC: the datagram (heap) */
	size_t len;
	size_t ip4_hdr;   /* IPv4 DONE: header bytes whose sum is ip4_sum */
	unsigned ip4_sum;
	unsigned version;
};

struct run {
	v6t_frag_table *t;
	const uint8_t *mem;
	size_t memlen;
	v6t_frag_config cfg;
	uint32_t max_frags;
	uint64_t now, last;
	/* the model */
	uint32_t age[SLOTS_MAX], nage; /* gens in first-arrival order */
	uint32_t pend_slots, pend_chunks; /* held by delivered datagrams */
	int scratch_used;                 /* this call delivered an atomic */
	v6t_frag_stats st;
	uint64_t given;
};

static struct gen gens[SLOTS_MAX];
static struct poison poisons[POISON_MAX];
static unsigned npoison;

/* RFC 8200 §4.5, RFC 791 §3.2: the fields that tell datagrams apart
 * (field by field: the struct has padding). */
static int key_eq(const struct mkey *a, const struct mkey *b)
{
	return a->version == b->version && a->proto == b->proto &&
	       a->id == b->id && memcmp(a->src, b->src, 16) == 0 &&
	       memcmp(a->dst, b->dst, 16) == 0;
}

static void key_of(struct mkey *k, const uint8_t *pkt, const v6t_pkt *v)
{
	memset(k, 0, sizeof *k);
	k->version = v->version;
	k->id = v->frag_id;
	if (v->version == 6) {
		memcpy(k->src, pkt + 8, 16);
		memcpy(k->dst, pkt + 24, 16);
	} else {
		memcpy(k->src, pkt + 12, 4);
		memcpy(k->dst, pkt + 16, 4);
		k->proto = pkt[9];
	}
}

/* frag.h "Rules": the fixed part of the upper-layer header a first
 * fragment must hold. */
static uint32_t upper_min(unsigned proto)
{
	switch (proto) {
	case 41: return 40;
	case 4: case 6: return 20;
	case 33: case 132: return 12;
	case 17: case 136: case 50: return 8;
	case 58: return 4;
	case 59: return 0;
	default: return 1;
	}
}

static void view_of(struct mfrag *f, const uint8_t *pkt, const v6t_pkt *v)
{
	memset(f, 0, sizeof *f);
	key_of(&f->key, pkt, v);
	f->pkt = pkt;
	f->version = v->version;
	f->off = v->frag_offset;
	f->more = v->more_frags;
	f->upper = v->proto;
	f->type = (v->flags & V6T_PKT_L4) && v->l4_off < v->end ? pkt[v->l4_off] : -1;
	if (v->version == 6) {
		f->hdr_len = v->frag_hdr_off;
		f->nh_off = v->frag_nh_off;
		f->doff = v->frag_hdr_off + 8;
		f->ecn = pkt[1] >> 4 & 3;
		f->chain_whole = (v->flags & V6T_PKT_L4) &&
				 v->end - v->l4_off >= upper_min(v->proto);
	} else {
		f->hdr_len = f->doff = v->unfrag_end;
		f->ecn = pkt[1] & 3;
	}
	f->len = v->end - f->doff;
}

/* frag.h "ICMP the table suggests". */
static int icmp_allowed(const struct mfrag *f)
{
	const uint8_t *p = f->pkt;
	static const uint8_t zero[16];

	if (f->version == 6) {
		if (p[24] == 0xff || p[8] == 0xff || memcmp(p + 8, zero, 16) == 0)
			return 0;
		if (memcmp(p + 8, zero, 15) == 0 && p[23] == 1) /* ::1 */
			return 0;
		if (f->upper != 58)
			return 1;
		return f->type >= 128 && f->type != 137;
	}
	if ((p[16] & 0xf0) == 0xe0 || (p[16] & p[17] & p[18] & p[19]) == 0xff)
		return 0;
	if (p[12] == 0 || p[12] == 127 || p[12] >= 224)
		return 0;
	if (f->upper != 1)
		return 1;
	return f->type >= 0 && f->type != 3 && f->type != 4 && f->type != 5 &&
	       f->type != 11 && f->type != 12;
}

/* ---- poisoned keys */

static struct poison *poison_find(const struct mkey *k)
{
	unsigned i;

	for (i = 0; i < npoison; i++)
		if (key_eq(&poisons[i].key, k))
			return &poisons[i];
	return NULL;
}

static int poison_required(const struct run *r, const struct mkey *k)
{
	const struct poison *p = poison_find(k);

	return p != NULL && p->required && r->now < p->until;
}

static int poison_maybe(const struct run *r, const struct mkey *k)
{
	const struct poison *p = poison_find(k);

	return p != NULL && !p->required && r->now < p->until;
}

static void poison_add(struct run *r, const struct mkey *k)
{
	struct poison *p = poison_find(k);

	if (p == NULL) {
		check(npoison < POISON_MAX);
		p = &poisons[npoison++];
		p->key = *k;
	}
	p->until = r->now + r->cfg.timeout_ms;
	p->required = 1;
}

/* v6t_frag_flush() at r->now: what had expired (until <= last) may come
 * back under the earlier clock, or not; nothing stays past a timeout. */
static void poison_flush(struct run *r)
{
	unsigned i;

	for (i = 0; i < npoison; i++) {
		struct poison *p = &poisons[i];

		if (p->until <= r->last)
			p->required = 0;
		if (p->until > r->now + r->cfg.timeout_ms)
			p->until = r->now + r->cfg.timeout_ms;
	}
}

/* ---- slots and chunks */

static unsigned popcount64(uint64_t x)
{
	unsigned n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

static uint32_t slots_free(const struct run *r)
{
	return r->cfg.slots - r->nage - r->pend_slots;
}

static uint32_t chunks_free(const struct run *r)
{
	uint32_t used = r->pend_chunks, k;

	for (k = 0; k < r->nage; k++)
		used += popcount64(gens[r->age[k]].chunks);
	check(used <= r->cfg.chunks);
	return r->cfg.chunks - used;
}

static struct gen *gen_find(const struct run *r, const struct mkey *k)
{
	uint32_t i;

	for (i = 0; i < r->nage; i++)
		if (key_eq(&gens[r->age[i]].key, k))
			return &gens[r->age[i]];
	return NULL;
}

static uint32_t gen_index(const struct gen *g)
{
	return (uint32_t)(g - gens);
}

/* The datagram leaves the table; with pend, its slot and chunks stay
 * taken until the next call (delivered or reported). */
static void gen_end(struct run *r, struct gen *g, int pend)
{
	uint32_t i = gen_index(g), k;

	for (k = 0; k < r->nage && r->age[k] != i; k++)
		;
	check(k < r->nage);
	memmove(&r->age[k], &r->age[k + 1], (r->nage - k - 1) * sizeof r->age[0]);
	r->nage--;
	if (pend) {
		r->pend_slots++;
		r->pend_chunks += popcount64(g->chunks);
	}
	g->used = 0;
}

static struct gen *gen_new(struct run *r, const struct mkey *k)
{
	uint32_t i;

	for (i = 0; i < SLOTS_MAX && gens[i].used; i++)
		;
	check(i < SLOTS_MAX && r->nage < r->cfg.slots);
	memset(&gens[i], 0, offsetof(struct gen, data));
	gens[i].used = 1;
	gens[i].key = *k;
	gens[i].created = r->now;
	r->age[r->nage++] = i;
	return &gens[i];
}

/* frag.h "Full table": free the oldest datagram but except; 0: none. */
static int evict(struct run *r, const struct gen *except, struct want *w)
{
	uint32_t k;
	struct gen *g;

	for (k = 0; k < r->nage && &gens[r->age[k]] == except; k++)
		;
	if (k == r->nage)
		return 0;
	g = &gens[r->age[k]];
	if (r->now - g->created >= r->cfg.timeout_ms) {
		w->timed_out++;
		r->st.timeout++;
	} else {
		w->evicted++;
		r->st.evicted++;
	}
	gen_end(r, g, 0);
	return 1;
}

/* A free slot, evicting for it; 0 when every slot is held by a delivery. */
static int slot_take(struct run *r, struct want *w)
{
	if (slots_free(r) == 0 && !evict(r, NULL, w))
		return 0;
	return 1;
}

/* Chunked tables: the chunks of positions [from, to) into *mask (of g,
 * or of an atomic fragment's slot when g is NULL: then counted pending as
 * taken), evicting others for them; 0 when the pool cannot give them. */
static int reserve(struct run *r, struct gen *g, uint64_t *mask, size_t from,
		   size_t to, struct want *w)
{
	size_t k;

	if (r->cfg.chunk_size == 0)
		return 1;
	for (k = from >> CHUNK_SHIFT; k <= (to - 1) >> CHUNK_SHIFT; k++) {
		if (*mask >> k & 1)
			continue;
		while (chunks_free(r) == 0)
			if (!evict(r, g, w))
				return 0;
		*mask |= (uint64_t)1 << k;
		if (g == NULL)
			r->pend_chunks++;
	}
	return 1;
}

/* ---- the rules */

/* frag.h v6t_frag_stats: the counter of each drop reason. */
static const struct {
	int reason;
	size_t field;
} drop_counter[] = {
	{ V6T_EFRAG_OVERLAP, offsetof(v6t_frag_stats, overlap) },
	{ V6T_EFRAG_INCONSISTENT, offsetof(v6t_frag_stats, inconsistent) },
	{ V6T_EFRAG_POISONED, offsetof(v6t_frag_stats, poisoned) },
	{ V6T_EFRAG_DUPLICATE, offsetof(v6t_frag_stats, duplicate) },
	{ V6T_EFRAG_LENGTH, offsetof(v6t_frag_stats, length) },
	{ V6T_EFRAG_BEYOND_64K, offsetof(v6t_frag_stats, beyond_64k) },
	{ V6T_EFRAG_HEADERS, offsetof(v6t_frag_stats, headers) },
	{ V6T_EFRAG_TOO_MANY, offsetof(v6t_frag_stats, too_many) },
	{ V6T_EFRAG_NO_ROOM, offsetof(v6t_frag_stats, no_room) },
	{ V6T_EFRAG_ECN, offsetof(v6t_frag_stats, ecn) },
	{ V6T_EPKT_IPV4_CHECKSUM, offsetof(v6t_frag_stats, checksum) },
};

static void count_drop(v6t_frag_stats *st, int reason)
{
	size_t k, field = offsetof(v6t_frag_stats, malformed);

	for (k = 0; k < sizeof drop_counter / sizeof drop_counter[0]; k++)
		if (drop_counter[k].reason == reason)
			field = drop_counter[k].field;
	/* any other reason is a v6t_pkt_parse() error */
	if (field == offsetof(v6t_frag_stats, malformed))
		check(reason <= V6T_EPKT_VERSION && reason >= V6T_EPKT_FRAG_TWICE);
	(*(uint64_t *)(void *)((unsigned char *)st + field))++;
}

static void want_drop(struct want *w, int reason)
{
	w->verdict = V6T_FRAG_DROPPED;
	w->reason = reason;
}

/* The checks on the fragment alone (frag.h "Rules"), with the ICMP they
 * suggest; 0 when it passes them. */
static int alone(const struct mfrag *f, struct want *w)
{
	int err = 0;
	unsigned code = 0;
	uint32_t ptr = 0;
	int icmp = f->version == 6;

	if (f->version == 6) {
		if (f->more && f->len % 8 != 0)
			err = V6T_EFRAG_LENGTH, ptr = 4;
		else if (f->hdr_len - 40 + f->off + f->len > 65535)
			err = V6T_EFRAG_BEYOND_64K, ptr = f->hdr_len + 2;
		else if (f->off == 0 && !f->chain_whole)
			err = V6T_EFRAG_HEADERS, code = 3;
		else if (f->len == 0)
			err = V6T_EFRAG_LENGTH, icmp = 0;
	} else {
		if ((f->more && f->len % 8 != 0) || f->len == 0)
			err = V6T_EFRAG_LENGTH;
		else if (f->hdr_len + f->off + f->len > 65535)
			err = V6T_EFRAG_BEYOND_64K;
	}
	if (err != 0) {
		want_drop(w, err);
		if (icmp && icmp_allowed(f)) {
			w->icmp_type = 4;
			w->icmp_code = (uint8_t)code;
			w->icmp_pointer = ptr;
		}
	}
	return err;
}

/* The held fragment of g that f overlaps, or -1. */
static int overlapped(const struct gen *g, const struct mfrag *f)
{
	uint32_t k;

	if (f->len == 0)
		return -1;
	for (k = 0; k < g->n; k++)
		if (g->fr[k].start < f->off + f->len && f->off < g->fr[k].end)
			return (int)k;
	return -1;
}

static int end_ok(const struct gen *g, const struct mfrag *f)
{
	uint32_t e = f->off + f->len;

	if (g->has_total)
		return f->more ? e <= g->total : e == g->total;
	if (!f->more && g->n > 0)
		return e >= g->last_end;
	return 1;
}

/* Whether the datagram (g NULL: a new one) with f fits (frag.h "Rules",
 * the room rule); 0 or the reason. */
static int room(const struct run *r, const struct gen *g, const struct mfrag *f)
{
	uint32_t base = f->version == 6 ? 40 : 0, end = f->off + f->len, hdr;

	if (f->off == 0)
		hdr = f->hdr_len;
	else if (g != NULL && g->has_first)
		hdr = g->hdr_len;
	else /* the smallest header, a lower bound until the first comes */
		hdr = f->version == 6 ? 40 : 20;
	if (g != NULL && g->last_end > end)
		end = g->last_end;
	if (hdr > V6T_FRAG_HDR_ROOM)
		return V6T_EFRAG_NO_ROOM;
	if (hdr - base + end > 65535)
		return V6T_EFRAG_BEYOND_64K;
	if (hdr + end > r->cfg.max_datagram)
		return V6T_EFRAG_NO_ROOM;
	return 0;
}

static void store(struct gen *g, const struct mfrag *f)
{
	uint32_t k = g->n;

	g->fr[k].start = f->off;
	g->fr[k].end = f->off + f->len;
	g->fr[k].more = f->more;
	g->n++;
	if (f->off + f->len > g->last_end)
		g->last_end = f->off + f->len;
	memcpy(g->data + f->off, f->pkt + f->doff, f->len);
	g->received += f->len;
	g->ecn_seen |= (uint8_t)(1u << f->ecn);
	if (!f->more) {
		g->total = f->off + f->len;
		g->has_total = 1;
	}
	if (f->off == 0) {
		g->has_first = 1;
		g->hdr_len = f->hdr_len;
		g->nh_off = f->nh_off;
		g->first_len = f->len;
		g->first_hdr = f->doff;
		g->icmp_ok = (uint8_t)icmp_allowed(f);
		memcpy(g->hdr, f->pkt, f->doff);
	}
}

/* RFC 8200 §4.5 / RFC 791 §3.2 / RFC 3168 §5.3: the datagram g delivers;
 * 0 when the ECN fields forbid it. */
static int rebuild(const struct gen *g, struct want *w)
{
	unsigned s = g->ecn_seen, ce = s >> 3 & 1;
	uint8_t *d;

	if ((s & 1) && s != 1) /* Not-ECT with ECT or CE */
		return 0;
	w->len = g->hdr_len + g->total;
	w->version = g->key.version;
	d = w->bytes = malloc(w->len);
	check(d != NULL);
	memcpy(d, g->hdr, g->hdr_len);
	memcpy(d + g->hdr_len, g->data, g->total);
	if (g->key.version == 6) {
		d[g->nh_off] = g->hdr[g->hdr_len]; /* the Fragment header's */
		st16(d + 4, (unsigned)(w->len - 40));
		if (ce)
			d[1] |= 3 << 4;
	} else {
		st16(d + 2, (unsigned)w->len);
		st16(d + 6, ld16(d + 6) & 0xc000);
		if (ce)
			d[1] |= 3;
		/* RFC 1624: the update keeps the header's sum */
		w->ip4_hdr = g->hdr_len;
		w->ip4_sum = ip4_sum(g->hdr, g->hdr_len);
	}
	return 1;
}

/* A fragment of an existing datagram g. */
static void fragment_add(struct run *r, struct gen *g, const struct mfrag *f,
			 struct want *w)
{
	int k = overlapped(g, f), rc;

	if (k >= 0) {
		if (g->fr[k].start == f->off && g->fr[k].end == f->off + f->len &&
		    g->fr[k].more == f->more &&
		    memcmp(g->data + f->off, f->pkt + f->doff, f->len) == 0) {
			want_drop(w, V6T_EFRAG_DUPLICATE);
			return;
		}
		want_drop(w, V6T_EFRAG_OVERLAP);
		poison_add(r, &g->key);
		gen_end(r, g, 0);
		return;
	}
	if (!end_ok(g, f)) {
		want_drop(w, V6T_EFRAG_INCONSISTENT);
		poison_add(r, &g->key);
		gen_end(r, g, 0);
		return;
	}
	if (g->n == r->max_frags)
		rc = V6T_EFRAG_TOO_MANY;
	else if ((rc = room(r, g, f)) == 0 &&
		 !reserve(r, g, &g->chunks,
			  f->off == 0 ? HEAD - f->hdr_len : HEAD + f->off,
			  HEAD + f->off + f->len, w))
		rc = V6T_EFRAG_NO_ROOM;
	if (rc != 0) {
		want_drop(w, rc);
		gen_end(r, g, 0);
		return;
	}
	store(g, f);
	if (!g->has_total || g->received != g->total) {
		w->verdict = V6T_FRAG_HELD;
		return;
	}
	if (!rebuild(g, w)) {
		want_drop(w, V6T_EFRAG_ECN);
		gen_end(r, g, 0);
		return;
	}
	w->verdict = V6T_FRAG_DONE;
	gen_end(r, g, 1);
}

/*
 * A fragment: what frag.h's rules do with it. got is what the table
 * answered: a POISONED drop the model does not require is taken when
 * frag.h allows one (merged entries, a key poisoned before a flush that
 * turned the clock back), and the model then follows it.
 */
static void fragment(struct run *r, const struct mfrag *f, const v6t_frag_result *got,
		     struct want *w)
{
	struct gen *g = gen_find(r, &f->key);
	v6t_frag_stats now_st;
	int rc;

	if (g != NULL && r->now - g->created >= r->cfg.timeout_ms) {
		/* RFC 8200 §4.5: abandoned; f starts anew */
		w->timed_out++;
		r->st.timeout++;
		gen_end(r, g, 0);
		g = NULL;
	}
	if (g != NULL) {
		check(!poison_required(r, &f->key));
		if (alone(f, w) == 0) {
			fragment_add(r, g, f, w);
		} else if (overlapped(g, f) >= 0) {
			/* it overlaps: an overlap all the same, no ICMP */
			w->icmp_type = w->icmp_code = 0;
			w->icmp_pointer = 0;
			want_drop(w, V6T_EFRAG_OVERLAP);
			poison_add(r, &g->key);
			gen_end(r, g, 0);
		}
		return;
	}
	if (poison_required(r, &f->key)) {
		want_drop(w, V6T_EFRAG_POISONED);
		return;
	}
	if (got->verdict == V6T_FRAG_DROPPED && got->reason == V6T_EFRAG_POISONED) {
		v6t_frag_stats_read(r->t, &now_st);
		check(poison_maybe(r, &f->key) || now_st.poison_merged > 0);
		want_drop(w, V6T_EFRAG_POISONED);
		return;
	}
	if (alone(f, w) != 0)
		return;
	if ((rc = room(r, NULL, f)) != 0) {
		want_drop(w, rc);
		return;
	}
	if (!slot_take(r, w)) {
		want_drop(w, V6T_EFRAG_NO_ROOM);
		return;
	}
	g = gen_new(r, &f->key);
	/* a new datagram: no overlap, no end to disagree with, one fragment */
	if (!reserve(r, g, &g->chunks, f->off == 0 ? HEAD - f->hdr_len : HEAD + f->off,
		     HEAD + f->off + f->len, w)) {
		want_drop(w, V6T_EFRAG_NO_ROOM);
		gen_end(r, g, 0);
		return;
	}
	store(g, f);
	/* offset 0 with M = 0 is atomic (IPv6) or not a fragment (IPv4) */
	check(!g->has_total || g->received != g->total);
	w->verdict = V6T_FRAG_HELD;
}

/* RFC 6946: an atomic fragment; the first of a call goes to the table's
 * own buffer, the others of a burst to a slot of their own. */
static void atomic(struct run *r, const uint8_t *pkt, const v6t_pkt *v,
		   struct want *w)
{
	uint32_t n = v->end - 8, fh = v->frag_hdr_off;
	uint64_t mask = 0;

	if (n > r->cfg.max_datagram) {
		want_drop(w, V6T_EFRAG_NO_ROOM);
		return;
	}
	if (r->scratch_used) {
		if (!slot_take(r, w)) {
			want_drop(w, V6T_EFRAG_NO_ROOM);
			return;
		}
		r->pend_slots++;
		if (!reserve(r, NULL, &mask, HEAD, HEAD + n, w)) {
			r->pend_slots--;
			r->pend_chunks -= popcount64(mask);
			want_drop(w, V6T_EFRAG_NO_ROOM);
			return;
		}
	}
	r->scratch_used = 1;
	w->verdict = V6T_FRAG_ATOMIC;
	w->len = n;
	w->version = 6;
	w->bytes = malloc(n);
	check(w->bytes != NULL);
	memcpy(w->bytes, pkt, fh);
	memcpy(w->bytes + fh, pkt + fh + 8, v->end - fh - 8);
	w->bytes[v->frag_nh_off] = pkt[fh];
	st16(w->bytes + 4, n - 40);
}

/* The model's answer to one packet; got: the table's (see fragment()). */
static void model_packet(struct run *r, const uint8_t *pkt, size_t len,
			 const v6t_frag_result *got, struct want *w)
{
	struct mfrag f;
	v6t_pkt v;
	int prc;

	memset(w, 0, sizeof *w);
	r->given++;
	prc = v6t_pkt_parse(pkt, len, 0, &v);
	if (prc != V6T_OK)
		want_drop(w, prc);
	else if (v.flags & V6T_PKT_ATOMIC)
		atomic(r, pkt, &v, w);
	else if (!(v.flags & V6T_PKT_FRAGMENT))
		w->verdict = V6T_FRAG_PASS;
	else if (v.version == 4 &&
		 !(r->cfg.flags & V6T_FRAG_CFG_TRUST_IP4_CHECKSUM) &&
		 ip4_sum(pkt, v.unfrag_end) != 0xffff)
		want_drop(w, V6T_EPKT_IPV4_CHECKSUM); /* RFC 791 §3.1 */
	else {
		view_of(&f, pkt, &v);
		/* RFC 5722 §4: the table keeps or delivers nothing of a
		 * poisoned key (whatever the model says next) */
		if (got->verdict == V6T_FRAG_HELD || got->verdict == V6T_FRAG_DONE)
			check(!poison_required(r, &f.key));
		fragment(r, &f, got, w);
	}
	switch (w->verdict) {
	case V6T_FRAG_PASS: r->st.passed++; break;
	case V6T_FRAG_ATOMIC: r->st.atomic++; break;
	case V6T_FRAG_HELD: r->st.held++; break;
	case V6T_FRAG_DONE: r->st.complete++; break;
	default: count_drop(&r->st, w->reason); break;
	}
}

/* ------------------------------------------------------------ checks */

static int in_table(const struct run *r, const uint8_t *p, size_t len)
{
	return p >= r->mem && p <= r->mem + r->memlen &&
	       len <= (size_t)(r->mem + r->memlen - p);
}

/* The table's answer for one packet is the model's (but the bytes of a
 * delivery: check_delivered(), once the call is over). */
static void check_result(const v6t_frag_result *res, const struct want *w)
{
	check(res->verdict == w->verdict);
	check(res->reason == (w->verdict == V6T_FRAG_DROPPED ? w->reason : V6T_OK));
	check(res->icmp_type == w->icmp_type && res->icmp_code == w->icmp_code);
	check(res->icmp_pointer == w->icmp_pointer);
	check(res->evicted == w->evicted && res->timed_out == w->timed_out);
	if (w->bytes == NULL)
		check(res->data == NULL);
	else
		check(res->data != NULL && res->len == w->len);
}

/* A delivered datagram: its bytes through data, v6t_frag_segment() and
 * v6t_frag_copy() are the model's, and it parses whole. */
static void check_delivered(const struct run *r, const v6t_frag_result *res,
			    const struct want *w)
{
	size_t len = res->len, off = 0, n, got;
	const uint8_t *p;
	uint8_t *buf = malloc(len), probe = 0xa5;
	v6t_pkt pv;

	check(buf != NULL && len == w->len);
	check(res->seg_len >= 1 && res->seg_len <= len);
	if (r->cfg.chunk_size == 0)
		check(res->seg_len == len);
	check(in_table(r, res->data, res->seg_len));
	while (off < len) {
		p = v6t_frag_segment(r->t, res, off, &n);
		check(p != NULL && n >= 1 && n <= len - off && in_table(r, p, n));
		if (off == 0)
			check(p == res->data && n == res->seg_len);
		memcpy(buf + off, p, n);
		off += n;
	}
	n = 7;
	check(v6t_frag_segment(r->t, res, len, &n) == NULL && n == 0);
	/* one byte short: nothing written (a write would overrun probe) */
	got = 0;
	check(v6t_frag_copy(r->t, res, &probe, len - 1, &got) == V6T_ENOSPC);
	check(got == len && probe == 0xa5);
	{
		uint8_t *c = malloc(len);

		check(c != NULL);
		check(v6t_frag_copy(r->t, res, c, len, &got) == V6T_OK && got == len);
		check(memcmp(c, buf, len) == 0);
		free(c);
	}
	if (w->ip4_hdr != 0) {
		/* IPv4 DONE: all but the checksum as the model says; the sum
		 * of the header as the offset-zero fragment's (RFC 1624) */
		check(memcmp(buf, w->bytes, 10) == 0);
		check(memcmp(buf + 12, w->bytes + 12, len - 12) == 0);
		check(ip4_sum(buf, w->ip4_hdr) == w->ip4_sum);
	} else {
		check(memcmp(buf, w->bytes, len) == 0);
	}
	check(len <= r->cfg.max_datagram);
	check(v6t_pkt_parse(buf, len, 0, &pv) == V6T_OK);
	check(pv.version == w->version && pv.end == len);
	check((pv.flags & (V6T_PKT_FRAGMENT | V6T_PKT_ATOMIC)) == 0);
	if (w->version == 6)
		check(pv.frag_hdr_off == 0);
	free(buf);
}

/* The table's counters are the model's, and add up (frag.h
 * v6t_frag_stats). */
static void check_stats(struct run *r)
{
	v6t_frag_stats s;
	const v6t_frag_stats *m = &r->st;
	uint64_t sum;

	v6t_frag_stats_read(r->t, &s);
	check(s.poison_merged >= m->poison_merged);
	r->st.poison_merged = s.poison_merged;
	check(memcmp(&s, m, sizeof s) == 0);
	sum = s.passed + s.atomic + s.held + s.complete + s.overlap +
	      s.inconsistent + s.poisoned + s.duplicate + s.length + s.beyond_64k +
	      s.headers + s.too_many + s.no_room + s.ecn + s.checksum + s.malformed;
	check(sum == r->given);
	check(v6t_frag_count(r->t) == r->nage);
}

/* A successful call began: what the previous one delivered is freed. */
static void enter(struct run *r)
{
	r->last = r->now;
	r->pend_slots = r->pend_chunks = 0;
	r->scratch_used = 0;
}

/* A refused call left the table alone. */
static void check_refused(struct run *r, int rc)
{
	check(rc == V6T_ECLOCK && r->now < r->last);
	check_stats(r);
}

static void give_one(struct run *r, const uint8_t *pkt, size_t len)
{
	v6t_frag_result res, sentinel;
	struct want w;
	int rc;

	memset(&res, 0x5a, sizeof res);
	sentinel = res;
	rc = v6t_frag_input(r->t, pkt, len, r->now, &res);
	if (r->now < r->last) {
		check(memcmp(&res, &sentinel, sizeof res) == 0);
		check_refused(r, rc);
		return;
	}
	check(rc == V6T_OK);
	enter(r);
	model_packet(r, pkt, len, &res, &w);
	check_result(&res, &w);
	if (w.bytes != NULL)
		check_delivered(r, &res, &w);
	free(w.bytes);
	check_stats(r);
}

/* The sub-records of a burst record: packets into pkts/lens. */
static size_t burst_packets(const uint8_t *b, size_t n, uint8_t **pkts, size_t *lens)
{
	size_t pos = 0, k = 0;

	while (k < V6T_FRAG_BURST_MAX && n - pos >= 3) {
		unsigned fl = b[pos];
		size_t sl = ld16(b + pos + 1);

		pos += 3;
		if (sl > n - pos)
			sl = n - pos;
		pkts[k] = make_packet(fl & 1, b + pos, sl, &lens[k]);
		k++;
		pos += sl;
	}
	return k;
}

static void give_burst(struct run *r, const uint8_t *b, size_t n)
{
	static v6t_frag_result res[V6T_FRAG_BURST_MAX + 1], sentinel;
	static struct want w[V6T_FRAG_BURST_MAX];
	uint8_t *pkts[V6T_FRAG_BURST_MAX + 1];
	size_t lens[V6T_FRAG_BURST_MAX + 1], k, i;
	int rc;

	k = burst_packets(b, n, pkts, lens);
	memset(res, 0x5a, sizeof res);
	sentinel = res[0];
	/* more than V6T_FRAG_BURST_MAX: refused before anything is done */
	for (i = k; i <= V6T_FRAG_BURST_MAX; i++) {
		pkts[i] = NULL;
		lens[i] = 0;
	}
	check(v6t_frag_input_burst(r->t, (const uint8_t *const *)pkts, lens,
				   V6T_FRAG_BURST_MAX + 1, r->now, res) == V6T_EINVAL);
	check(memcmp(&res[0], &sentinel, sizeof sentinel) == 0);
	rc = v6t_frag_input_burst(r->t, (const uint8_t *const *)pkts, lens, k,
				  r->now, res);
	if (k > r->cfg.slots) {
		/* frag.h: no more packets than slots, refused before the
		 * clock is looked at */
		check(rc == V6T_EINVAL);
		for (i = 0; i < k; i++)
			check(memcmp(&res[i], &sentinel, sizeof sentinel) == 0);
		check_stats(r);
	} else if (r->now < r->last) {
		for (i = 0; i < k; i++)
			check(memcmp(&res[i], &sentinel, sizeof sentinel) == 0);
		check_refused(r, rc);
	} else {
		check(rc == V6T_OK);
		enter(r);
		for (i = 0; i < k; i++) {
			model_packet(r, pkts[i], lens[i], &res[i], &w[i]);
			check_result(&res[i], &w[i]);
		}
		/* frag.h: every datagram of the burst stays valid until the
		 * next call: all are checked now, after the last packet */
		for (i = 0; i < k; i++) {
			if (w[i].bytes != NULL)
				check_delivered(r, &res[i], &w[i]);
			free(w[i].bytes);
		}
		check_stats(r);
	}
	for (i = 0; i < k; i++)
		free(pkts[i]);
}

/* What v6t_frag_expire() reported for the model's datagram g. */
static void check_expired(const struct run *r, const v6t_frag_expired *e,
			  const struct gen *g)
{
	size_t qlen, i;
	uint8_t *q;
	v6t_pkt pv;

	check(e->version == g->key.version);
	check(e->first_received == g->has_first);
	if (!g->has_first) {
		check(e->quote == NULL && e->quote_len == 0);
		check(e->icmp_type == 0 && e->icmp_code == 0);
		return;
	}
	/* the offset-zero fragment as received */
	qlen = g->first_hdr + g->first_len;
	check(e->quote != NULL && in_table(r, e->quote, e->quote_len));
	check(e->quote_len <= qlen);
	check(e->quote_len >= (qlen < QUOTE_MIN ? qlen : QUOTE_MIN));
	if (r->cfg.chunk_size == 0)
		check(e->quote_len == qlen);
	for (i = 0; i < e->quote_len; i++)
		check(e->quote[i] == (i < g->first_hdr ? g->hdr[i]
						       : g->data[i - g->first_hdr]));
	q = exact_copy(e->quote, e->quote_len);
	check(v6t_pkt_parse(q, e->quote_len, V6T_PKT_OPT_TRUNCATED, &pv) == V6T_OK);
	check(pv.version == e->version && (pv.flags & V6T_PKT_FRAGMENT));
	check(pv.frag_offset == 0 && pv.more_frags == 1);
	check(!(pv.flags & V6T_PKT_CUT) == (e->quote_len == qlen));
	free(q);
	if (g->icmp_ok) {
		check(e->icmp_type == (g->key.version == 6 ? 3 : 11));
		check(e->icmp_code == 1);
	} else {
		check(e->icmp_type == 0 && e->icmp_code == 0);
	}
}

static void check_expire(struct run *r, int drain)
{
	v6t_frag_expired e, sentinel;
	int rc;

	do {
		struct gen *g = r->nage > 0 ? &gens[r->age[0]] : NULL;

		memset(&e, 0x5a, sizeof e);
		sentinel = e;
		rc = v6t_frag_expire(r->t, r->now, &e);
		if (r->now < r->last) {
			check(memcmp(&e, &sentinel, sizeof e) == 0);
			check_refused(r, rc);
			return;
		}
		enter(r);
		/* the age list's head, when due */
		if (g == NULL || r->now - g->created < r->cfg.timeout_ms) {
			check(rc == 0);
			check_stats(r);
			return;
		}
		check(rc == 1);
		check_expired(r, &e, g);
		r->st.timeout++;
		gen_end(r, g, 1);
		check_stats(r);
	} while (drain);
}

static void flush(struct run *r)
{
	uint32_t n = v6t_frag_flush(r->t, r->now);

	check(n == r->nage);
	r->st.flushed += n;
	while (r->nage > 0)
		gen_end(r, &gens[r->age[0]], 0);
	poison_flush(r);
	enter(r);
	check_stats(r);
}

/* ------------------------------------------------------------ entry */

/* Bytes 0 and 1 of the input: the configuration. */
static size_t configure(struct run *r, const uint8_t *data, size_t size)
{
	static const uint32_t timeouts[4] = { 1, 50, 1000, 60000 };
	static const uint32_t slots[4] = { 3, 1, 8, 32 };
	static const uint32_t extra[4] = { 0, 1, 2, 8 };
	v6t_frag_config *c = &r->cfg;
	int ext = (data[0] & 0x80) && size > 1;
	unsigned b0 = data[0], b1 = ext ? data[1] : 0;

	memset(c, 0, sizeof *c);
	c->slots = slots[b1 & 3];
	if (b1 & 4)
		c->max_datagram = b0 & 1 ? V6T_FRAG_MAX_DATAGRAM : 5000;
	else
		c->max_datagram = b0 & 1 ? 300 : 2000;
	c->timeout_ms = timeouts[b0 >> 1 & 3];
	if (b0 & 8) {
		c->chunk_size = CHUNK;
		/* the chunks of one largest datagram and its headers */
		c->chunks = (c->max_datagram + HEAD + CHUNK - 1) / CHUNK + extra[b1 >> 3 & 3];
	}
	c->max_frags = b0 & 0x10 ? 4 : 0;
	c->flags = b0 & 0x20 ? V6T_FRAG_CFG_TRUST_IP4_CHECKSUM : 0;
	c->poison_entries = b0 & 0x40 ? 4 : 0;
	c->key.b[0] = 0x42;
	r->max_frags = c->max_frags != 0 ? c->max_frags : V6T_FRAG_FRAGS_DEFAULT;
	return ext ? 2 : 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run r;
	unsigned char *mem;
	size_t pos;
	uint32_t i;

	if (size < 1)
		return 0;
	memset(&r, 0, sizeof r);
	pos = configure(&r, data, size);
	r.memlen = v6t_frag_table_size(&r.cfg);
	check(r.memlen != 0 &&
	      r.memlen <= V6T_FRAG_TABLE_SIZE(r.cfg.slots, r.cfg.max_datagram,
					      r.cfg.max_frags, r.cfg.chunk_size,
					      r.cfg.chunks, r.cfg.poison_entries));
	mem = malloc(r.memlen + 1);
	check(mem != NULL);
	r.mem = mem + 1; /* any alignment */
	check(v6t_frag_init(&r.t, mem + 1, r.memlen, &r.cfg) == V6T_OK);
	r.now = 1000000; /* the table has seen no time yet: last 0 */
	for (i = 0; i < SLOTS_MAX; i++)
		gens[i].used = 0;
	npoison = 0;

	while (size - pos >= 4) {
		unsigned op = data[pos], dt = data[pos + 1];
		size_t len = ld16(data + pos + 2);
		uint64_t step = op & 8 ? (uint64_t)dt << 8 : dt;

		pos += 4;
		if (len > size - pos)
			len = size - pos;
		r.now = op & 4 ? (r.now >= step ? r.now - step : 0) : r.now + step;
		if (op & 0x10)
			flush(&r);
		check_expire(&r, op & 2);
		if (op & 0x20) {
			give_burst(&r, data + pos, len);
		} else {
			size_t plen;
			uint8_t *p = make_packet(op & 1, data + pos, len, &plen);

			give_one(&r, p, plen);
			free(p);
		}
		pos += len;
	}
	free(mem);
	return 0;
}
