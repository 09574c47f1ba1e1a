/*
 * Fuzz target: v6t_frag_split_begin() / v6t_frag_split_next() (frag.h),
 * fragmentation of IPv6 and IPv4 packets.
 *
 * Input: 2 bytes MTU (big-endian), 4 bytes IPv6 Identification, then the
 * packet, copied into a heap block of exactly its size so that a read past
 * the end trips ASan. Each fragment is written into a heap block of exactly
 * the size next() asks for.
 *
 * Properties (abort() on a violation):
 * - begin's result is the walker's error when v6t_pkt_parse() fails, else
 *   V6T_OK or a documented fragmentation error, the one ref_plan() below
 *   (a second reading of frag.h) expects, with the same fragment count; a
 *   failed begin leaves the state alone;
 * - a datagram of at most mtu bytes comes out as one fragment, itself;
 * - next() with one byte too few gives V6T_ENOSPC, the size, and writes
 *   nothing; after count fragments it gives V6T_EINVAL;
 * - every fragment is at most mtu bytes and parses; it is a fragment with
 *   the right id, at the offset where the previous one's data ended, with
 *   a multiple of 8 data bytes unless it is the last, and MF on all but
 *   the last, which has the packet's own;
 * - IPv6: the fragment's headers before its Fragment header are the
 *   packet's Per-Fragment headers but for Payload Length and the Next
 *   Header set to 44, the Fragment header names what that Next Header
 *   named, and the first fragment holds the whole chain (V6T_PKT_L4);
 * - IPv4: the header checksum is right; the first fragment's header is
 *   the packet's but for Total Length, flags/offset and checksum; later
 *   ones have the fixed fields and the copied options (ref_copied());
 * - the data of the fragments in order is the packet's data;
 * - round trip: the fragments of a packet that is split, given in order
 *   to a reassembly table (v6t_frag_input(), room for the largest
 *   datagram and V6T_FRAG_FRAGS_MAX fragments, IPv4 checksums verified),
 *   are all HELD but the last, which gives the datagram back (DONE):
 *   IPv6 the packet byte for byte (RFC 8200 §4.5); IPv4 not itself a
 *   fragment the packet but for the header checksum, which is right
 *   (RFC 791 §3.2: the first fragment's header with MF and offset clear
 *   and the Total Length of the whole; the split gives every fragment a
 *   right checksum, whatever the packet's was). The exceptions, by
 *   frag.h: IPv6 Per-Fragment headers longer than V6T_FRAG_HDR_ROOM make
 *   the first fragment NO_ROOM (the round trip stops there); an IPv4
 *   packet that is itself a fragment is no whole datagram, so all its
 *   fragments are HELD, and the target then completes the datagram with
 *   fragments it builds (the data before the packet's offset, and 8
 *   bytes after it when MF is set and such a datagram fits 65535 bytes)
 *   and checks the reassembled bytes; but a packet with MF whose data is
 *   not a multiple of 8 bytes is no valid fragment (RFC 791 §3.2), and
 *   its last fragment, with that MF and length, is dropped with
 *   V6T_EFRAG_LENGTH, as the packet itself would be.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <v6transit/frag.h>
#include <v6transit/packet.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SENTINEL 0xa5
#define DATAGRAM_MAX 65535u /* RFC 791 §3.1: Total Length */

static void check(int cond)
{
	if (!cond)
		abort();
}

static unsigned be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)be16(p) << 16 | be16(p + 2);
}

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

/* ------------------------------------------------- reference reading */

/*
 * The copied options of the IPv4 header h (ihl bytes) into out (at least
 * 40 bytes), padded with zeros to a multiple of 4; -1 for a malformed
 * list. Written as a scan over (type, length) pairs.
 */
static int ref_copied(const uint8_t *h, size_t ihl, uint8_t *out)
{
	size_t at = 20, n = 0;

	while (at < ihl) {
		size_t len;

		if (h[at] == 0)
			break;
		len = h[at] == 1 ? 1 : at + 1 < ihl ? h[at + 1] : 0;
		if (len == 0 || (h[at] != 1 && len < 2) || at + len > ihl)
			return -1;
		if (h[at] >= 0x80) {
			memcpy(out + n, h + at, len);
			n += len;
		}
		at += len;
	}
	while (n % 4)
		out[n++] = 0;
	return (int)n;
}

/* The bytes of the upper-layer header the first fragment must hold: 8,
 * the 12-byte common headers of DCCP and SCTP, an inner IPv6 (40) or IPv4
 * (20) header (RFC 7112 §3), TCP's Data Offset words. */
static size_t ref_upper_bytes(const uint8_t *d, const v6t_pkt *v)
{
	size_t left = v->end - v->l4_off, want = 8;

	if (v->proto == 33 || v->proto == 132)
		want = 12;
	if (v->proto == 41)
		want = 40;
	if (v->proto == 4)
		want = 20;
	if (v->proto == 6) {
		want = 20;
		if (left >= 13 && (size_t)(d[v->l4_off + 12] >> 4) * 4 > want)
			want = (size_t)(d[v->l4_off + 12] >> 4) * 4;
	}
	return want < left ? want : left;
}

/* What begin should answer, and the count; d parsed as v. */
static int ref_plan(const uint8_t *d, const v6t_pkt *v, uint32_t mtu,
		    size_t *count)
{
	uint8_t opts[40];
	size_t hdr = v->unfrag_end, chunk;

	*count = 1;
	if (v->end <= mtu)
		return V6T_OK;
	if (v->version == 6) {
		if (v->frag_hdr_off != 0)
			return V6T_EFRAG_FRAGMENTED;
		if (v->ext_count == V6T_PKT_MAX_EXT)
			return V6T_EPKT_TOO_MANY_EXT;
		if ((size_t)mtu < hdr + 16)
			return V6T_EFRAG_MTU;
		chunk = ((size_t)mtu - hdr - 8) / 8 * 8;
		check(v->flags & V6T_PKT_L4);
		if (v->l4_off + ref_upper_bytes(d, v) > hdr + chunk)
			return V6T_EFRAG_MTU;
	} else {
		if (d[6] & 0x40)
			return V6T_EFRAG_DF;
		if (ref_copied(d, hdr, opts) < 0)
			return V6T_EPKT_IPV4_HEADER;
		if (v->frag_offset + v->end > 65535)
			return V6T_EFRAG_BEYOND_64K;
		if ((size_t)mtu < hdr + 8)
			return V6T_EFRAG_MTU;
		chunk = ((size_t)mtu - hdr) / 8 * 8;
	}
	*count = (v->end - hdr + chunk - 1) / chunk;
	return V6T_OK;
}

/* ---------------------------------------------------------- checks */

/* Fragment i (b, n bytes) of the packet d (view v): checks its header and
 * returns where its data starts. */
static size_t check_header(const uint8_t *d, const v6t_pkt *v,
			   const uint8_t *b, size_t n, const v6t_pkt *p,
			   size_t i, uint32_t id)
{
	size_t k;

	check(p->end == n);
	check(p->version == v->version);
	if (v->version == 6) {
		size_t hdr = v->unfrag_end;
		unsigned nh_off = p->frag_nh_off;

		check(p->frag_hdr_off == hdr && p->frag_id == id);
		for (k = 0; k < hdr; k++)
			if (k != 4 && k != 5 && k != nh_off)
				check(b[k] == d[k]);
		check(b[nh_off] == 44 && b[hdr] == d[nh_off] && b[hdr + 1] == 0);
		check((be16(b + hdr + 2) & 6) == 0);
		if (i == 0)
			check(p->flags & V6T_PKT_L4);
		return hdr + 8;
	}
	check(ip4_sum(b, p->unfrag_end) == 0xffff);
	check(p->frag_id == v->frag_id);
	check((be16(b + 6) & 0xc000) == (be16(d + 6) & 0xc000));
	if (i == 0) {
		check(p->unfrag_end == v->unfrag_end);
		check(memcmp(b, d, 2) == 0 && memcmp(b + 4, d + 4, 2) == 0);
		check(memcmp(b + 8, d + 8, 2) == 0);
		check(memcmp(b + 12, d + 12, v->unfrag_end - 12) == 0);
	} else {
		uint8_t opts[40];
		int olen = ref_copied(d, v->unfrag_end, opts);

		check(olen >= 0 && p->unfrag_end == 20 + (size_t)olen);
		check(b[1] == d[1] && memcmp(b + 4, d + 4, 2) == 0);
		check(memcmp(b + 8, d + 8, 2) == 0);
		check(memcmp(b + 12, d + 12, 8) == 0);
		check(memcmp(b + 20, opts, (size_t)olen) == 0);
	}
	return p->unfrag_end;
}

/* The next fragment into an exact-size block: first with one byte too
 * few. Returns the block (caller frees) and its length. */
static uint8_t *next_fragment(v6t_frag_split *s, size_t *len)
{
	uint8_t probe[1] = { SENTINEL }, *out;
	size_t need = 0, got = 0;
	uint32_t index = s->index;

	check(v6t_frag_split_next(s, probe, 0, &need) == V6T_ENOSPC);
	check(need > 0 && s->index == index && probe[0] == SENTINEL);
	out = malloc(need);
	if (out == NULL)
		abort();
	if (need > 1) {
		memset(out, SENTINEL, need);
		check(v6t_frag_split_next(s, out, need - 1, &got) == V6T_ENOSPC);
		check(got == need && out[0] == SENTINEL);
	}
	check(v6t_frag_split_next(s, out, need, &got) == V6T_OK);
	check(got == need && s->index == index + 1);
	*len = need;
	return out;
}

/* ------------------------------------------------------ round trip */

/* A reassembly table with room for any datagram (made once), emptied for
 * each packet. */
static v6t_frag_table *rt_table(void)
{
	static void *mem;
	static size_t memlen;
	static v6t_frag_config cfg;
	v6t_frag_table *t;

	if (mem == NULL) {
		cfg.slots = 1;
		cfg.max_datagram = V6T_FRAG_MAX_DATAGRAM;
		cfg.max_frags = V6T_FRAG_FRAGS_MAX;
		cfg.timeout_ms = V6T_FRAG_TIMEOUT_MS;
		memlen = v6t_frag_table_size(&cfg);
		mem = malloc(memlen);
		if (mem == NULL)
			abort();
	}
	check(v6t_frag_init(&t, mem, memlen, &cfg) == V6T_OK);
	return t;
}

/* Give the table one fragment from an exact-size copy: its verdict
 * (reason in *reason), and the delivered datagram in *out (heap, *olen)
 * with V6T_FRAG_DONE. */
static int rt_give(v6t_frag_table *t, const uint8_t *b, size_t n, int *reason,
		   uint8_t **out, size_t *olen)
{
	uint8_t *c = malloc(n ? n : 1);
	v6t_frag_result r;

	check(c != NULL);
	memcpy(c, b, n);
	check(v6t_frag_input(t, c, n, 1, &r) == V6T_OK);
	free(c);
	*reason = r.reason;
	if (r.verdict == V6T_FRAG_DONE) {
		*out = malloc(r.len);
		check(*out != NULL);
		check(v6t_frag_copy(t, &r, *out, r.len, olen) == V6T_OK);
	}
	return r.verdict;
}

/*
 * An IPv4 fragment the round trip adds, from the packet d's fixed header
 * (its Identification, protocol, addresses, TOS, reserved flag; DF is
 * clear, the split checked it): n data bytes of pattern at byte offset
 * off, with MF as given, no options, a right checksum.
 */
static uint8_t *rt_frag4(const uint8_t *d, uint32_t off, uint32_t n, int mf,
			 size_t *len)
{
	uint8_t *f = malloc(20 + n);
	uint32_t k;
	unsigned s;

	check(f != NULL);
	memcpy(f, d, 20);
	f[0] = 0x45;
	f[2] = (uint8_t)((20 + n) >> 8);
	f[3] = (uint8_t)(20 + n);
	f[6] = (uint8_t)((d[6] & 0x80) | (mf ? 0x20 : 0) | (off / 8) >> 8);
	f[7] = (uint8_t)(off / 8);
	f[10] = f[11] = 0;
	s = ~ip4_sum(f, 20) & 0xffff;
	f[10] = (uint8_t)(s >> 8);
	f[11] = (uint8_t)s;
	for (k = 0; k < n; k++)
		f[20 + k] = (uint8_t)(k * 13 + 5);
	*len = 20 + n;
	return f;
}

/* The round trip's end: the datagram has the header hdr (hlen bytes; its
 * checksum right) with Total Length and MF/offset cleared, then the data
 * pre (np bytes), the packet's data, post (nq bytes). */
static void rt_check4(const uint8_t *got, size_t glen, const uint8_t *hdr,
		      size_t hlen, const uint8_t *pre, size_t np,
		      const uint8_t *mid, size_t nm, const uint8_t *post, size_t nq)
{
	check(glen == hlen + np + nm + nq);
	check(memcmp(got, hdr, 2) == 0 && be16(got + 2) == glen);
	check(memcmp(got + 4, hdr + 4, 2) == 0);
	check(be16(got + 6) == (be16(hdr + 6) & 0xc000));
	check(memcmp(got + 8, hdr + 8, 2) == 0);
	check(memcmp(got + 12, hdr + 12, hlen - 12) == 0);
	check(ip4_sum(got, hlen) == 0xffff);
	/* memcmp() wants pointers even for 0 bytes */
	check(np == 0 || memcmp(got + hlen, pre, np) == 0);
	check(memcmp(got + hlen + np, mid, nm) == 0);
	check(nq == 0 || memcmp(got + hlen + np + nm, post, nq) == 0);
}

/*
 * The fragments of an IPv4 packet d (view v) that is itself a fragment
 * are held; complete its datagram with the data before its offset and,
 * when MF is set, 8 bytes after it, and check what comes out.
 */
static void rt_complete4(v6t_frag_table *t, const uint8_t *d, const v6t_pkt *v)
{
	uint32_t base = v->frag_offset, n = v->end - v->unfrag_end;
	uint8_t *pre = NULL, *post = NULL, *got = NULL;
	size_t plen = 0, qlen = 0, glen = 0;
	int verdict = V6T_FRAG_HELD, reason;

	/* a tail of 8 after the packet's data, in a datagram with the
	 * offset-zero fragment's header (20 bytes, or the packet's) */
	if (v->more_frags &&
	    (base == 0 ? v->unfrag_end : 20u) + base + n + 8 > DATAGRAM_MAX)
		return;
	if (base > 0) {
		pre = rt_frag4(d, 0, base, 1, &plen);
		verdict = rt_give(t, pre, plen, &reason, &got, &glen);
	}
	if (v->more_frags) {
		check(verdict == V6T_FRAG_HELD);
		post = rt_frag4(d, base + n, 8, 0, &qlen);
		verdict = rt_give(t, post, qlen, &reason, &got, &glen);
	}
	check(verdict == V6T_FRAG_DONE);
	if (base > 0)
		rt_check4(got, glen, pre, 20, pre + 20, base, d + v->unfrag_end, n,
			  post != NULL ? post + 20 : NULL, qlen > 0 ? 8 : 0);
	else
		rt_check4(got, glen, d, v->unfrag_end, NULL, 0, d + v->unfrag_end,
			  n, post + 20, 8);
	free(pre);
	free(post);
	free(got);
}

/*
 * Fragment i of count gave verdict (reason): all are held but the last,
 * which completes the datagram; the documented exceptions stop the
 * round trip (returns 1).
 */
static int rt_step(const v6t_pkt *v, size_t i, size_t count, int verdict,
		   int reason)
{
	int whole = v->version == 6 || !(v->flags & V6T_PKT_FRAGMENT);

	if (v->version == 6 && v->unfrag_end > V6T_FRAG_HDR_ROOM) {
		/* frag.h V6T_FRAG_HDR_ROOM: more headers than a table keeps */
		check(i == 0 && verdict == V6T_FRAG_DROPPED &&
		      reason == V6T_EFRAG_NO_ROOM);
		return 1;
	}
	if (i + 1 < count || !whole) {
		if (i + 1 == count && v->more_frags &&
		    (v->end - v->unfrag_end) % 8 != 0) {
			/* RFC 791 §3.2: no valid fragment, nor its last one */
			check(verdict == V6T_FRAG_DROPPED &&
			      reason == V6T_EFRAG_LENGTH);
			return 1;
		}
		check(verdict == V6T_FRAG_HELD);
		return 0;
	}
	check(verdict == V6T_FRAG_DONE);
	return 0;
}

/* After the last fragment: the datagram is the packet (RFC 8200 §4.5,
 * RFC 791 §3.2), or the packet was a fragment to complete. */
static void rt_end(v6t_frag_table *t, const uint8_t *d, const v6t_pkt *v,
		   int stopped, int verdict, const uint8_t *got, size_t glen)
{
	if (stopped)
		return;
	check(v6t_frag_count(t) == (verdict == V6T_FRAG_DONE ? 0u : 1u));
	if (v->version == 6) {
		check(glen == v->end && memcmp(got, d, glen) == 0);
	} else if (!(v->flags & V6T_PKT_FRAGMENT)) {
		rt_check4(got, glen, d, v->unfrag_end, NULL, 0,
			  d + v->unfrag_end, v->end - v->unfrag_end, NULL, 0);
	} else {
		rt_complete4(t, d, v);
	}
}

static void run(const uint8_t *d, size_t size, uint32_t mtu, uint32_t id)
{
	v6t_frag_split s;
	v6t_pkt v, p;
	size_t count, i, at = 0, base, dstart, len, glen = 0;
	uint8_t *joined, *got = NULL;
	int rc, prc, want, verdict = 0, reason = 0, stopped = 0;
	v6t_frag_table *t;

	memset(&s, SENTINEL, sizeof s);
	rc = v6t_frag_split_begin(&s, d, size, mtu, id);
	prc = v6t_pkt_parse(d, size, 0, &v);
	if (prc != V6T_OK) {
		const uint8_t *sb = (const uint8_t *)&s;

		check(rc == prc);
		for (i = 0; i < sizeof s; i++)
			check(sb[i] == SENTINEL);
		return;
	}
	want = ref_plan(d, &v, mtu, &count);
	check(rc == want);
	if (rc != V6T_OK)
		return;
	check(s.count == count && s.index == 0);
	base = v.frag_offset;
	dstart = v.unfrag_end;
	joined = malloc(v.end > 0 ? v.end : 1);
	if (joined == NULL)
		abort();
	t = rt_table();
	for (i = 0; i < count; i++) {
		uint8_t *b = next_fragment(&s, &len);
		size_t h;

		check(len <= mtu);
		if (count == 1) {
			check(len == v.end && memcmp(b, d, len) == 0);
			free(b);
			continue;
		}
		check(v6t_pkt_parse(b, len, 0, &p) == V6T_OK);
		check(p.flags & V6T_PKT_FRAGMENT);
		h = check_header(d, &v, b, len, &p, i, id);
		check(p.frag_offset == base + at);
		if (i + 1 < count)
			check(p.more_frags == 1 && (len - h) % 8 == 0);
		else
			check(p.more_frags == v.more_frags);
		memcpy(joined + at, b + h, len - h);
		at += len - h;
		if (!stopped) {
			verdict = rt_give(t, b, len, &reason, &got, &glen);
			stopped = rt_step(&v, i, count, verdict, reason);
		}
		free(b);
	}
	if (count > 1) {
		check(at == v.end - dstart);
		check(memcmp(joined, d + dstart, at) == 0);
		rt_end(t, d, &v, stopped, verdict, got, glen);
	}
	free(got);
	len = 99;
	check(v6t_frag_split_next(&s, joined, 0, &len) == V6T_EINVAL);
	check(len == 99);
	free(joined);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *d;

	if (size < 6)
		return 0;
	d = malloc(size - 6 > 0 ? size - 6 : 1);
	if (d == NULL)
		return 0;
	memcpy(d, data + 6, size - 6);
	run(d, size - 6, be16(data), be32(data + 2));
	free(d);
	return 0;
}
