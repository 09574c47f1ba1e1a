/*
 * Fuzz target: fragment reassembly (frag.h): v6t_frag_input,
 * v6t_frag_expire, v6t_frag_count on a table of 3 slots.
 *
 * Input layout: byte 0 configures the table (bit 0: max_datagram 2000 or
 * 300; bits 1-2: timeout 1, 50, 1000 or 60000 ms). Then records, each
 *   op (1 byte), dt (1 byte), len (2 bytes, big-endian), len bytes
 * (fewer if the input ends). The clock moves by dt ms (dt * 256 with op
 * bit 3), forward, or backward with op bit 2. Op bit 1 calls
 * v6t_frag_expire() until it returns 0 before the packet, else once. Op
 * bit 0: the bytes are the packet as it is ("raw"); else they describe a
 * fragment that the target builds ("compact", so that the fuzzer reaches
 * reassembly without guessing header fields):
 *   c[0] bit 0 IPv4 (else IPv6); bit 1 M/MF; bit 2 a Hop-by-Hop header
 *        (IPv6) or a 4-byte option (IPv4); bits 3-4 the source address's
 *        last byte; bit 5 TCP (else UDP: IPv4 protocol, IPv6 Fragment
 *        header's Next Header); bit 6 DF (IPv4)
 *   c[1] Identification; c[2..3] Fragment Offset in 8-byte units (13
 *   bits); c[4..5] data bytes (at most 2100); c[6] data pattern; c[7]
 *   IPv6 offset 0: 1 puts an 8-byte Destination Options header (Next
 *   Header c[8]) at the start of the data, and the Fragment header names
 *   it.
 *
 * Properties (abort() on a violation):
 * - v6t_frag_input returns V6T_EINVAL exactly when the clock went back
 *   (and then writes nothing), else V6T_OK;
 * - the verdict follows v6t_pkt_parse() of the packet: a parse error is
 *   DROPPED with that reason; a non-fragment PASSes; an atomic fragment is
 *   ATOMIC or DROPPED for NO_ROOM; a fragment is HELD, DONE or DROPPED
 *   with a V6T_EFRAG_* reassembly code; ICMP only for IPv6 LENGTH (code
 *   0, pointer 4), BEYOND_64K (code 0, pointer Fragment header + 2) and
 *   HEADERS (code 3, pointer 0);
 * - a delivered datagram lies in the table's memory, is at most
 *   max_datagram bytes, and parses as a whole packet of the same version:
 *   no Fragment header (IPv6), MF and offset clear (IPv4);
 * - a DONE datagram equals the one a reference model rebuilds: the model
 *   copies the bytes of every fragment the table accepted (HELD or DONE)
 *   into a buffer per key, and the headers of every accepted offset-zero
 *   fragment; since accepted fragments of one datagram never overlap and
 *   cover it, the model's latest bytes are the datagram's. The headers
 *   are then patched as RFC 8200 §4.5 / RFC 791 §3.2 say;
 * - v6t_frag_count is at most 3, and changes as the verdicts say;
 *   eviction happens only with a full table; v6t_frag_expire removes one
 *   entry per 1 and reports it consistently.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <v6transit/frag.h>
#include <v6transit/packet.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SLOTS 3
#define MAX_DATA 2100     /* data bytes of a compact fragment */
#define MODEL_KEYS 1200   /* more than the records an input can hold */
#define MODEL_DATA 2048   /* accepted bytes lie below max_datagram */
#define HDR_MAX V6T_FRAG_HDR_ROOM

static void check(int cond)
{
	if (!cond)
		abort();
}

/* ------------------------------------------------------------ packets */

static void st16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static unsigned ld16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static void ip4_checksum(uint8_t *h, size_t ihl)
{
	uint32_t s = 0;
	size_t i;

	h[10] = h[11] = 0;
	for (i = 0; i + 1 < ihl; i += 2)
		s += ld16(h + i);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	st16(h + 10, ~s & 0xffff);
}

/* The compact description's byte i, 0 past its end. */
static unsigned cb(const uint8_t *c, size_t n, size_t i)
{
	return i < n ? c[i] : 0;
}

static size_t build6(uint8_t *p, const uint8_t *c, size_t n)
{
	unsigned f = cb(c, n, 0), off = (cb(c, n, 2) << 8 | cb(c, n, 3)) & 0x1fff;
	size_t len = (cb(c, n, 4) << 8 | cb(c, n, 5)) % (MAX_DATA + 1), h = 40, i;
	unsigned nh = f & 0x20 ? 6 : 17;

	memset(p, 0, 48);
	p[0] = 0x60;
	p[6] = 44;
	p[7] = 64;
	p[8] = 0x20, p[9] = 0x01, p[10] = 0x0d, p[11] = 0xb8;
	p[23] = (uint8_t)(1 + (f >> 3 & 3));
	p[24] = 0x20, p[25] = 0x01, p[26] = 0x0d, p[27] = 0xb8;
	p[39] = 0x99;
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
	}
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
	unsigned f = cb(c, n, 0), off = (cb(c, n, 2) << 8 | cb(c, n, 3)) & 0x1fff;
	size_t len = (cb(c, n, 4) << 8 | cb(c, n, 5)) % (MAX_DATA + 1);
	size_t ihl = f & 4 ? 24 : 20, i;

	memset(p, 0, ihl);
	p[0] = (uint8_t)(0x40 | ihl / 4);
	st16(p + 2, (unsigned)(ihl + len));
	p[5] = (uint8_t)cb(c, n, 1);
	st16(p + 6, (f & 0x40 ? 0x4000u : 0) | (f & 2 ? 0x2000u : 0) | off);
	p[8] = 64;
	p[9] = f & 0x20 ? 6 : 17;
	p[12] = 192, p[13] = 0, p[14] = 2, p[15] = (uint8_t)(1 + (f >> 3 & 3));
	p[16] = 198, p[17] = 51, p[18] = 100, p[19] = 2;
	if (ihl == 24)
		p[20] = 0x94, p[21] = 4; /* Router Alert */
	ip4_checksum(p, ihl);
	for (i = 0; i < len; i++)
		p[ihl + i] = (uint8_t)(cb(c, n, 6) * 7u + off * 8u + i);
	return ihl + len;
}

/* ------------------------------------------------------------ the model */

struct mkey {
	uint8_t version, proto;
	uint8_t src[16], dst[16];
	uint32_t id;
};

struct mentry {
	struct mkey key;
	uint8_t data[MODEL_DATA];
	uint8_t hdr[HDR_MAX];
	uint32_t hdr_len, nh_off;
	uint8_t nh, has_first;
};

static struct mentry model[MODEL_KEYS];
static unsigned model_n;

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

static struct mentry *model_find(const struct mkey *k)
{
	unsigned i;

	for (i = 0; i < model_n; i++)
		if (memcmp(&model[i].key, k, sizeof *k) == 0)
			return &model[i];
	check(model_n < MODEL_KEYS);
	memset(&model[model_n], 0, sizeof model[0]);
	model[model_n].key = *k;
	return &model[model_n++];
}

/* The table accepted this fragment: remember its bytes. */
static struct mentry *model_accept(const uint8_t *pkt, const v6t_pkt *v)
{
	struct mkey k;
	struct mentry *m;
	uint32_t doff = v->version == 6 ? v->frag_hdr_off + 8 : v->unfrag_end;

	key_of(&k, pkt, v);
	m = model_find(&k);
	check(v->frag_offset + (v->end - doff) <= MODEL_DATA);
	memcpy(m->data + v->frag_offset, pkt + doff, v->end - doff);
	if (v->frag_offset == 0) {
		m->hdr_len = v->version == 6 ? v->frag_hdr_off : v->unfrag_end;
		check(m->hdr_len <= HDR_MAX);
		memcpy(m->hdr, pkt, m->hdr_len);
		m->nh_off = v->frag_nh_off;
		m->nh = v->version == 6 ? pkt[v->frag_hdr_off] : 0;
		m->has_first = 1;
	}
	return m;
}

/* RFC 8200 §4.5 / RFC 791 §3.2: the datagram the model rebuilds. */
static void model_check_done(const struct mentry *m, const uint8_t *d,
			     size_t len)
{
	static uint8_t want[V6T_FRAG_HDR_ROOM];
	size_t total;

	check(m->has_first && len >= m->hdr_len);
	total = len - m->hdr_len;
	check(total <= MODEL_DATA);
	memcpy(want, m->hdr, m->hdr_len);
	if (m->key.version == 6) {
		want[m->nh_off] = m->nh;
		st16(want + 4, (unsigned)(len - 40));
	} else {
		st16(want + 2, (unsigned)len);
		st16(want + 6, ld16(want + 6) & 0xc000);
		ip4_checksum(want, m->hdr_len);
	}
	check(memcmp(d, want, m->hdr_len) == 0);
	check(memcmp(d + m->hdr_len, m->data, total) == 0);
}

/* ------------------------------------------------------------ checks */

struct run {
	v6t_frag_table *t;
	const uint8_t *mem;
	size_t memlen;
	uint32_t max_datagram;
	uint64_t now, last;
};

static int in_table(const struct run *r, const uint8_t *p, size_t len)
{
	return p >= r->mem && p <= r->mem + r->memlen &&
	       len <= (size_t)(r->mem + r->memlen - p);
}

static int is_frag_reason(int rc)
{
	return rc == V6T_EFRAG_OVERLAP || rc == V6T_EFRAG_POISONED ||
	       rc == V6T_EFRAG_DUPLICATE || rc == V6T_EFRAG_LENGTH ||
	       rc == V6T_EFRAG_BEYOND_64K || rc == V6T_EFRAG_HEADERS ||
	       rc == V6T_EFRAG_INCONSISTENT || rc == V6T_EFRAG_TOO_MANY ||
	       rc == V6T_EFRAG_NO_ROOM || rc == V6T_EFRAG_ECN ||
	       rc == V6T_EPKT_IPV4_CHECKSUM;
}

static void check_icmp(const v6t_frag_result *res, const v6t_pkt *v)
{
	if (res->icmp_type == 0) {
		check(res->icmp_code == 0 && res->icmp_pointer == 0);
		/* RFC 8200 §4.5: these always get their ICMP */
		check(!(v->version == 6 && (res->reason == V6T_EFRAG_HEADERS ||
					    res->reason == V6T_EFRAG_BEYOND_64K)));
		return;
	}
	check(res->icmp_type == 4 && v->version == 6);
	if (res->reason == V6T_EFRAG_HEADERS)
		check(res->icmp_code == 3 && res->icmp_pointer == 0 &&
		      v->frag_offset == 0);
	else if (res->reason == V6T_EFRAG_LENGTH)
		check(res->icmp_code == 0 && res->icmp_pointer == 4 &&
		      v->more_frags);
	else
		check(res->reason == V6T_EFRAG_BEYOND_64K && res->icmp_code == 0 &&
		      res->icmp_pointer == v->frag_hdr_off + 2);
}

/* A delivered datagram parses whole, with the input's version. */
static void check_whole(const struct run *r, const v6t_frag_result *res,
			unsigned version)
{
	v6t_pkt w;

	check(res->data != NULL && res->len <= r->max_datagram);
	check(in_table(r, res->data, res->len));
	check(v6t_pkt_parse(res->data, res->len, 0, &w) == V6T_OK);
	check(w.version == version && w.end == res->len);
	check((w.flags & (V6T_PKT_FRAGMENT | V6T_PKT_ATOMIC)) == 0);
	if (version == 6)
		check(w.frag_hdr_off == 0);
	else
		check((ld16(res->data + 6) & 0x3fff) == 0);
}

static void check_fragment(const struct run *r, const uint8_t *pkt,
			   const v6t_pkt *v, const v6t_frag_result *res,
			   uint32_t before)
{
	uint32_t after = v6t_frag_count(r->t);
	struct mentry *m;

	switch (res->verdict) {
	case V6T_FRAG_HELD:
		check(res->data == NULL);
		model_accept(pkt, v);
		check(after >= 1);
		break;
	case V6T_FRAG_DONE:
		check_whole(r, res, v->version);
		m = model_accept(pkt, v);
		model_check_done(m, res->data, res->len);
		break;
	case V6T_FRAG_DROPPED:
		check(is_frag_reason(res->reason));
		check(res->data == NULL);
		check_icmp(res, v);
		/* a drop never adds an entry */
		check(after <= before);
		break;
	default:
		abort();
	}
	if (res->evicted)
		check(before == SLOTS);
}

static void check_input(struct run *r, const uint8_t *pkt, size_t len)
{
	v6t_frag_result res, sentinel;
	uint32_t before = v6t_frag_count(r->t);
	v6t_pkt v;
	int rc, prc;

	memset(&res, 0x5a, sizeof res);
	sentinel = res;
	rc = v6t_frag_input(r->t, pkt, len, r->now, &res);
	if (r->now < r->last) {
		check(rc == V6T_ECLOCK);
		check(memcmp(&res, &sentinel, sizeof res) == 0);
		check(v6t_frag_count(r->t) == before);
		return;
	}
	r->last = r->now;
	check(rc == V6T_OK);
	check(res.evicted + res.timed_out <= 1);
	check(v6t_frag_count(r->t) <= SLOTS);
	prc = v6t_pkt_parse(pkt, len, 0, &v);
	if (prc != V6T_OK) {
		check(res.verdict == V6T_FRAG_DROPPED && res.reason == prc);
		check(res.icmp_type == 0 && res.data == NULL);
		check(v6t_frag_count(r->t) == before);
		return;
	}
	if (v.flags & V6T_PKT_ATOMIC) {
		if (res.verdict == V6T_FRAG_DROPPED) {
			check(res.reason == V6T_EFRAG_NO_ROOM);
			check(v.end - 8 > r->max_datagram);
		} else {
			check(res.verdict == V6T_FRAG_ATOMIC);
			check(res.len == v.end - 8);
			check_whole(r, &res, 6);
		}
		check(v6t_frag_count(r->t) == before);
		return;
	}
	if (!(v.flags & V6T_PKT_FRAGMENT)) {
		check(res.verdict == V6T_FRAG_PASS && res.data == NULL);
		check(v6t_frag_count(r->t) == before);
		return;
	}
	check_fragment(r, pkt, &v, &res, before);
}

static void check_expire(struct run *r, int drain)
{
	v6t_frag_expired e;
	uint32_t before;
	int n = 0, rc;

	do {
		before = v6t_frag_count(r->t);
		rc = v6t_frag_expire(r->t, r->now, &e);
		check(rc == 0 || rc == 1 || (rc == V6T_ECLOCK && r->now < r->last));
		if (rc != 1) {
			check(v6t_frag_count(r->t) == before);
			break;
		}
		check(r->now >= r->last);
		check(v6t_frag_count(r->t) == before - 1);
		check(e.version == 4 || e.version == 6);
		check(e.first_received <= 1);
		if (e.first_received) {
			check(e.quote != NULL && e.quote_len >= 28);
			check(e.quote_len <= r->max_datagram + 8);
			check(in_table(r, e.quote, e.quote_len));
		} else {
			check(e.quote == NULL && e.quote_len == 0 && e.icmp_type == 0);
		}
		n++;
	} while (drain && n <= SLOTS);
	check(n <= SLOTS);
	if (r->now >= r->last)
		r->last = r->now;
}

/* ------------------------------------------------------------ entry */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t timeouts[4] = { 1, 50, 1000, 60000 };
	static uint8_t pkt[48 + 8 + MAX_DATA + 8];
	v6t_frag_config cfg;
	struct run r;
	unsigned char *mem;
	size_t pos = 1;

	if (size < 1)
		return 0;
	memset(&cfg, 0, sizeof cfg);
	cfg.slots = SLOTS;
	cfg.max_datagram = data[0] & 1 ? 300 : 2000;
	cfg.timeout_ms = timeouts[data[0] >> 1 & 3];
	cfg.key.b[0] = 0x42;
	memset(&r, 0, sizeof r);
	r.memlen = v6t_frag_table_size(&cfg);
	mem = malloc(r.memlen + 1);
	check(mem != NULL &&
	      r.memlen <= V6T_FRAG_TABLE_SIZE(SLOTS, cfg.max_datagram, 0, 0, 0, 0));
	r.mem = mem + 1;
	r.max_datagram = cfg.max_datagram;
	r.now = 1000000; /* the table has seen no time yet: last 0 */
	r.last = 0;
	check(v6t_frag_init(&r.t, mem + 1, r.memlen, &cfg) == V6T_OK);
	model_n = 0;

	while (size - pos >= 4) {
		unsigned op = data[pos], dt = data[pos + 1];
		size_t len = ld16(data + pos + 2), plen;
		uint64_t step = op & 8 ? (uint64_t)dt << 8 : dt;

		pos += 4;
		if (len > size - pos)
			len = size - pos;
		r.now = op & 4 ? (r.now >= step ? r.now - step : 0) : r.now + step;
		check_expire(&r, op & 2);
		if (op & 1) {
			/* raw: an exact-size copy, so over-reads trip ASan */
			uint8_t *p = malloc(len ? len : 1);

			check(p != NULL);
			memcpy(p, data + pos, len);
			check_input(&r, p, len);
			free(p);
		} else {
			uint8_t *p;

			plen = cb(data + pos, len, 0) & 1 ? build4(pkt, data + pos, len)
							  : build6(pkt, data + pos, len);
			p = malloc(plen);
			check(p != NULL);
			memcpy(p, pkt, plen);
			check_input(&r, p, plen);
			free(p);
		}
		pos += len;
	}
	free(mem);
	return 0;
}
