/*
 * libv6transit - fragmentation of outgoing packets (frag.h): IPv6 (RFC 8200
 * §4.5) and IPv4 (RFC 791 §3.2), one fragment per call.
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * v6t_frag_split_begin() walks the packet once (packet_walk.h), checks that
 * it can be split, and keeps in the state what every fragment needs; the
 * packet itself is read again by v6t_frag_split_next(), which copies the
 * repeated headers, rewrites the fields a fragment changes, and appends its
 * slice of the data. Fragment i (from 0) carries the data bytes
 * [i * chunk, min((i + 1) * chunk, total)) of the part that is split.
 */
#include <string.h>

#include <v6transit/frag.h>

#include "bytes.h"
#include "checksum.h"
#include "packet_walk.h"

/* IANA protocol numbers. */
#define PROTO_TCP 6
#define PROTO_FRAGMENT 44

/* RFC 791 §3.1: flags, options. */
#define IP4_DF 0x4000u
#define IP4_MF_OFF_MASK (IP4_MF | IP4_OFFSET_MASK)
#define IP4_CSUM_OFF 10
#define IP4_OPT_EOL 0u     /* End of Option List */
#define IP4_OPT_NOP 1u     /* No Operation */
#define IP4_OPT_COPIED 0x80u /* the copied flag of the option type */
#define IP4_OPT_MAX 40     /* IHL 15: 60 - 20 bytes of options */
#define IP4_VERSION_BITS 0x40u

/* RFC 791 §3.1, §3.2: offsets are 13-bit counts of 8-byte blocks, and a
 * datagram (its data at its offset) ends at 65535 at most. */
#define FRAG_UNIT 8u
#define DATAGRAM_MAX 65535u

/*
 * RFC 8200 §4.5: "Extension headers, if any, and the Upper-Layer header
 * ... must be in the first fragment." An upper-layer header's length is the
 * protocol's business; the first fragment holds what our reassembly
 * requires (v6t_upper_min(): DCCP and SCTP 12 bytes, an inner IPv6 header
 * 40 and an inner IPv4 header 20, RFC 7112 §3), at least the first 8
 * bytes (UDP, ICMPv6 and ESP headers, the ports of the others), and of TCP
 * its whole header: Data Offset words (RFC 9293 §3.1; Linux drops a first
 * fragment with less, ipv6frag_thdr_truncated()).
 */
#define UPPER_MIN 8u
#define TCP_DOFF_OFF 12 /* Data Offset: the high nibble of byte 12 */

/* ------------------------------------------------------------ IPv6 */

/* Bytes from the upper-layer header that the first fragment must hold. */
static uint32_t upper_need(const uint8_t *pkt, const v6t_pkt *p)
{
	uint32_t left = p->end - p->l4_off; /* l4_off <= end (walker) */
	uint32_t need = v6t_upper_min(p->proto);

	if (need < UPPER_MIN)
		need = UPPER_MIN;
	if (p->proto == PROTO_TCP) {
		if (left > TCP_DOFF_OFF &&
		    (uint32_t)(pkt[p->l4_off + TCP_DOFF_OFF] >> 4) * 4 > need)
			need = (uint32_t)(pkt[p->l4_off + TCP_DOFF_OFF] >> 4) * 4;
	}
	/* a datagram that ends sooner must be whole in the first fragment */
	return need < left ? need : left;
}

/*
 * The offset of the Next Header field of the last Per-Fragment header: 6
 * for the IPv6 header alone, else the first byte of the header that ends
 * at unfrag_end. The walker has checked every header before unfrag_end
 * (each at least 8 bytes, none a Fragment header), so the loop stays in
 * the datagram and ends at unfrag_end exactly.
 */
static uint32_t last_nh_off(const uint8_t *pkt, uint32_t unfrag_end)
{
	uint32_t off = IP6_HDR_LEN, nh_off = IP6_NH_OFF;
	unsigned nh = pkt[IP6_NH_OFF];

	while (off < unfrag_end) {
		nh_off = off;
		if (v6t_nh_kind[nh] == NH_AH) /* RFC 4302 §2.2 */
			off += ((uint32_t)pkt[off + 1] + 2) * 4;
		else /* RFC 8200 §4 */
			off += ((uint32_t)pkt[off + 1] + 1) * 8;
		nh = pkt[nh_off];
	}
	return nh_off;
}

/* RFC 8200 §4.5: the plan for an IPv6 datagram larger than mtu. */
static int plan6(v6t_frag_split *t, const uint8_t *pkt, const v6t_pkt *p,
		 uint32_t mtu)
{
	uint32_t hdr = p->unfrag_end, need;

	if (p->frag_hdr_off != 0)
		return V6T_EFRAG_FRAGMENTED;
	/* the Fragment header would be one extension header more than a
	 * walker (ours, and so our reassembly) follows */
	if (p->ext_count >= V6T_PKT_MAX_EXT)
		return V6T_EPKT_TOO_MANY_EXT;
	/* Per-Fragment headers, Fragment header and 8 data bytes; hdr is at
	 * most 65575, so the sum cannot wrap */
	if (mtu < hdr + FRAG_HDR_LEN + FRAG_UNIT)
		return V6T_EFRAG_MTU;
	t->chunk = (mtu - hdr - FRAG_HDR_LEN) & ~(FRAG_UNIT - 1);
	/*
	 * Without a Fragment header and with opts 0 the walk either reaches
	 * the upper-layer header (V6T_PKT_L4) or fails, so l4_off is set:
	 * the data up to need must be in the first fragment's chunk.
	 */
	need = p->l4_off + upper_need(pkt, p);
	if (need - hdr > t->chunk)
		return V6T_EFRAG_MTU;
	t->hdr_len = hdr;
	t->data_off = hdr;
	t->nh_off = last_nh_off(pkt, hdr);
	t->nh = pkt[t->nh_off];
	return V6T_OK;
}

/* Write the IPv6 fragment with the n data bytes at data offset off. */
static size_t write6(const v6t_frag_split *s, uint8_t *out, uint32_t off,
		     uint32_t n, int last)
{
	uint8_t *f = out + s->hdr_len;

	memcpy(out, s->pkt, s->hdr_len);
	/* RFC 8200 §4.5 (1): the last Per-Fragment header names the
	 * Fragment header; Payload Length is this fragment's. The sum is at
	 * most mtu - 40 < 65535, since the datagram is larger than mtu. */
	out[s->nh_off] = PROTO_FRAGMENT;
	v6t_st_be16(out + IP6_PLEN_OFF,
		    (uint16_t)(s->hdr_len - IP6_HDR_LEN + FRAG_HDR_LEN + n));
	/* RFC 8200 §4.5 (2): the original Next Header, the offset in
	 * 8-byte units (off is a multiple of 8 below 65536), M, the id. */
	f[0] = s->nh;
	f[1] = 0;
	v6t_st_be16(f + FRAG_OFFLG_OFF, (uint16_t)(off | (last ? 0 : FRAG_M)));
	v6t_st_be32(f + FRAG_ID_OFF, s->id);
	memcpy(f + FRAG_HDR_LEN, s->pkt + s->data_off + off, n);
	return s->hdr_len + FRAG_HDR_LEN + n;
}

/* ------------------------------------------------------------ IPv4 */

/*
 * RFC 791 §3.1 options: End of Option List ends them, No Operation is one
 * byte, every other option has a length byte counting itself and the type.
 * Copy to out (when not NULL) the options whose copied flag is set
 * (RFC 791 §3.2: they go in every fragment) and count their bytes. A
 * malformed option is an error: its bytes cannot be told from the next
 * option's.
 */
static int copied_opts(const uint8_t *h, uint32_t ihl, uint8_t *out,
		       uint32_t *len)
{
	uint32_t i = IP4_HDR_MIN, n = 0, olen;

	while (i < ihl && h[i] != IP4_OPT_EOL) {
		if (h[i] == IP4_OPT_NOP) { /* not copied */
			i++;
			continue;
		}
		if (ihl - i < 2) /* no length byte */
			return V6T_EPKT_IPV4_HEADER;
		olen = h[i + 1];
		if (olen < 2 || olen > ihl - i)
			return V6T_EPKT_IPV4_HEADER;
		if (h[i] & IP4_OPT_COPIED) {
			if (out != NULL)
				memcpy(out + n, h + i, olen);
			n += olen; /* at most the 40 option bytes */
		}
		i += olen;
	}
	*len = n;
	return V6T_OK;
}

/* RFC 791 §3.2: the plan for an IPv4 datagram larger than mtu. */
static int plan4(v6t_frag_split *t, const uint8_t *pkt, const v6t_pkt *p,
		 uint32_t mtu)
{
	uint32_t ihl = p->unfrag_end, opts;
	int rc;

	if (v6t_ld_be16(pkt + IP4_FRAG_OFF) & IP4_DF)
		return V6T_EFRAG_DF;
	rc = copied_opts(pkt, ihl, NULL, &opts);
	if (rc != V6T_OK)
		return rc;
	/* RFC 791 §3.2: a datagram with this header and the fragments' data
	 * at their offsets would exceed the 65535 bytes of Total Length, so
	 * that no reassembly takes them (frag.h "Rules": header length plus
	 * offset plus length; the sum is below 2^17) */
	if (p->frag_offset + p->end > DATAGRAM_MAX)
		return V6T_EFRAG_BEYOND_64K;
	/* RFC 791 §3.2: the first header and 8 data bytes; every internet
	 * module must forward 68 = 60 + 8 */
	if (mtu < ihl + FRAG_UNIT)
		return V6T_EFRAG_MTU;
	/* one chunk for all, sized for the first (largest) header */
	t->chunk = (mtu - ihl) & ~(FRAG_UNIT - 1);
	t->opts_len = (uint8_t)((opts + 3) & ~3u); /* padded, at most 40 */
	t->hdr_len = IP4_HDR_MIN + t->opts_len;
	t->data_off = ihl;
	t->base_offset = p->frag_offset;
	t->last_mf = p->more_frags;
	return V6T_OK;
}

/* The header of an IPv4 fragment but the first: the fixed 20 bytes, the
 * copied options, End of Option List up to the padded length. */
static void header4_later(const v6t_frag_split *s, uint8_t *out)
{
	uint32_t n = 0;

	memcpy(out, s->pkt, IP4_HDR_MIN);
	/* cannot fail: begin checked the same options */
	(void)copied_opts(s->pkt, s->data_off, out + IP4_HDR_MIN, &n);
	memset(out + IP4_HDR_MIN + n, IP4_OPT_EOL, s->opts_len - n);
	out[0] = (uint8_t)(IP4_VERSION_BITS | s->hdr_len / 4);
}

/* Write the IPv4 fragment with the n data bytes at data offset off (the
 * first fragment is the one at offset 0). */
static size_t write4(const v6t_frag_split *s, uint8_t *out, uint32_t off,
		     uint32_t n, int last)
{
	uint32_t h = off == 0 ? s->data_off : s->hdr_len;
	unsigned fl = v6t_ld_be16(s->pkt + IP4_FRAG_OFF) & ~IP4_MF_OFF_MASK;

	if (off == 0)
		memcpy(out, s->pkt, h);
	else
		header4_later(s, out);
	/* RFC 791 §3.2 steps (5), (9): MF on all but the last, which keeps
	 * the packet's own; the offset counts from the packet's own; begin
	 * checked base + data <= 65535 */
	if (!last || s->last_mf)
		fl |= IP4_MF;
	fl |= ((s->base_offset + off) / FRAG_UNIT) & IP4_OFFSET_MASK;
	v6t_st_be16(out + IP4_FRAG_OFF, (uint16_t)fl);
	v6t_st_be16(out + IP4_TOTLEN_OFF, (uint16_t)(h + n));
	v6t_ip4_set_checksum(out, h);
	memcpy(out + h, s->pkt + s->data_off + off, n);
	return h + n;
}

/* ------------------------------------------------------------ API */

/* see frag.h */
int v6t_frag_split_begin(v6t_frag_split *s, const uint8_t *pkt, size_t len,
			 uint32_t mtu, uint32_t id)
{
	v6t_frag_split t;
	v6t_pkt p;
	uint32_t total;
	int rc = v6t_pkt_walk(pkt, len, 0, &p);

	if (rc != V6T_OK)
		return rc;
	memset(&t, 0, sizeof t);
	t.pkt = pkt;
	t.len = p.end;
	t.id = id;
	t.version = p.version;
	t.count = 1;
	if (p.end > mtu) {
		rc = p.version == 6 ? plan6(&t, pkt, &p, mtu)
				    : plan4(&t, pkt, &p, mtu);
		if (rc != V6T_OK)
			return rc;
		/* more than chunk bytes (the datagram exceeds the mtu that
		 * holds a whole chunk): at least 2 fragments */
		total = p.end - t.data_off;
		t.count = (total + t.chunk - 1) / t.chunk;
	}
	*s = t;
	return V6T_OK;
}

/* The length of the fragment with n data bytes at data offset off. */
static size_t frag_len(const v6t_frag_split *s, uint32_t off, uint32_t n)
{
	if (s->version == 6)
		return (size_t)s->hdr_len + FRAG_HDR_LEN + n;
	return (size_t)(off == 0 ? s->data_off : s->hdr_len) + n;
}

/* see frag.h */
int v6t_frag_split_next(v6t_frag_split *s, uint8_t *out, size_t outcap,
			size_t *outlen)
{
	uint32_t off, n, total;
	size_t need;
	int last;

	if (s->index >= s->count)
		return V6T_EINVAL;
	if (s->count == 1) { /* the datagram fits: unchanged */
		if (outcap < s->len) {
			*outlen = s->len;
			return V6T_ENOSPC;
		}
		memcpy(out, s->pkt, s->len);
		*outlen = s->len;
		s->index = 1;
		return V6T_OK;
	}
	/* chunk >= 8 and total <= 65535, so count <= 8192 and the product
	 * stays below total */
	off = s->index * s->chunk;
	total = s->len - s->data_off;
	last = s->index + 1 == s->count;
	n = last ? total - off : s->chunk;
	need = frag_len(s, off, n);
	if (outcap < need) {
		*outlen = need;
		return V6T_ENOSPC;
	}
	*outlen = s->version == 6 ? write6(s, out, off, n, last)
				  : write4(s, out, off, n, last);
	s->index++;
	return V6T_OK;
}
