/*
 * libv6transit - private: the IPv4 header / IPv6 header chain walker
 * behind v6t_pkt_parse() (packet.h), as inline code, so that per-packet
 * callers in src/ (flow labels, and reassembly and translation after them)
 * get a copy that computes only the fields they read.
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * One pass, no backtracking: IPv4 is a fixed set of checks on the first
 * header; IPv6 follows the Next Header values through at most
 * V6T_PKT_MAX_EXT extension headers. The view is built in a local and
 * copied out only on success, so that a failed call leaves *out alone.
 *
 * Invariant of the IPv6 walk: off <= end <= len, so "end - off" is the
 * number of datagram bytes left and never wraps.
 */
#ifndef V6T_SRC_PACKET_WALK_H
#define V6T_SRC_PACKET_WALK_H

#include <v6transit/packet.h>

#include "bytes.h"

/* RFC 791 §3.1: the IPv4 header. */
#define IP4_HDR_MIN 20          /* IHL 5, no options */
#define IP4_IHL_MASK 0x0fu      /* IHL, in 32-bit words, low nibble of byte 0 */
#define IP4_TOTLEN_OFF 2
#define IP4_ID_OFF 4
#define IP4_FRAG_OFF 6          /* flags (3 bits) and fragment offset (13) */
#define IP4_MF 0x2000u
#define IP4_MF_SHIFT 13
#define IP4_OFFSET_MASK 0x1fffu /* in 8-byte units */
#define IP4_PROTO_OFF 9

/* RFC 8200 §3: the IPv6 header. */
#define IP6_HDR_LEN 40
#define IP6_PLEN_OFF 4
#define IP6_NH_OFF 6

/* RFC 8200 §4.5: the Fragment header. */
#define FRAG_HDR_LEN 8
#define FRAG_OFFLG_OFF 2        /* Fragment Offset (13 bits), Res (2), M (1) */
#define FRAG_OFFSET_MASK 0xfff8u /* the offset field times 8, i.e. in bytes */
#define FRAG_M 0x0001u
#define FRAG_ID_OFF 4

/* RFC 8200 §4: every extension header is a multiple of 8 bytes, 8 at least
 * (the generic format with Hdr Ext Len 0, the Fragment header, and AH with
 * Payload Len 0), so that 8 bytes always hold its Next Header and length. */
#define EXT_MIN_LEN 8

/* Ports of TCP/UDP/DCCP/SCTP/UDP-Lite, or the SPI of ESP. */
#define PORTS_LEN 4

/*
 * What a Next Header value means to the walk (IANA protocol numbers).
 * RFC 8200 §4 and RFC 7045 §2 list the extension headers; all but
 * Fragment and AH use the RFC 8200 §4 length, (Hdr Ext Len + 1) * 8.
 * RFC 7112 §3: ESP (50) ends the chain like an upper-layer header.
 */
enum nh_kind {
	NH_UPPER = 0,   /* an upper-layer header (or No Next Header, 59) */
	NH_UPPER_PORTS, /* one whose first 4 bytes v6t_pkt reports */
	NH_EXT,         /* generic extension header */
	NH_HOPOPT,      /* Hop-by-Hop Options, generic length */
	NH_ROUTING,     /* Routing, generic length */
	NH_FRAGMENT,    /* Fragment, 8 bytes */
	NH_AH           /* Authentication Header, RFC 4302 §2.2 length */
};

/* What each Next Header value is to the walk (an enum nh_kind), defined in
 * packet.c. */
#if defined(__GNUC__)
/* hidden, as the library's symbols are: no GOT load in PIC code */
__attribute__((visibility("hidden")))
#endif
extern const uint8_t v6t_nh_kind[256];

/*
 * The upper-layer header (protocol proto) at off, with v->end and the
 * fragment flags already set. A whole datagram must hold its 4 port (or
 * SPI) bytes; a fragment (RFC 7112 is the caller's policy) or a buffer cut
 * under V6T_PKT_OPT_TRUNCATED may lack them.
 */
static V6T_ALWAYS_INLINE int v6t_walk_upper(const uint8_t *pkt, uint32_t off,
					    unsigned proto,
			v6t_pkt *v)
{
	v->flags |= V6T_PKT_L4;
	v->l4_off = off;
	v->proto = (uint8_t)proto;
	if (v6t_nh_kind[proto] != NH_UPPER_PORTS)
		return V6T_OK;
	/* off <= end: the bytes left in the datagram */
	if (v->end - off >= PORTS_LEN) {
		v->flags |= V6T_PKT_PORTS;
		v->sport = v6t_ld_be16(pkt + off);
		v->dport = v6t_ld_be16(pkt + off + 2);
	} else if ((v->flags & (V6T_PKT_FRAGMENT | V6T_PKT_CUT)) == 0) {
		return V6T_EPKT_CHAIN;
	}
	return V6T_OK;
}

/* RFC 791 §3.1; pkt[0] is there and holds version 4. */
static V6T_ALWAYS_INLINE int v6t_walk4(const uint8_t *pkt, size_t len,
				       unsigned opts, v6t_pkt *out)
{
	v6t_pkt v = { 0 };
	uint32_t hlen = (uint32_t)(pkt[0] & IP4_IHL_MASK) * 4;
	uint32_t end;
	unsigned fo;
	int rc;

	if (hlen < IP4_HDR_MIN)
		return V6T_EPKT_IPV4_HEADER;
	if (len < hlen)
		return V6T_EPKT_SHORT;
	end = v6t_ld_be16(pkt + IP4_TOTLEN_OFF);
	if (end < hlen)
		return V6T_EPKT_IPV4_HEADER;
	if (end > len) {
		if ((opts & V6T_PKT_OPT_TRUNCATED) == 0)
			return V6T_EPKT_SHORT;
		end = (uint32_t)len; /* len < Total Length <= 0xffff */
		v.flags = V6T_PKT_CUT;
	}
	fo = v6t_ld_be16(pkt + IP4_FRAG_OFF);
	v.version = 4;
	v.end = end;
	v.unfrag_end = hlen;
	v.frag_id = v6t_ld_be16(pkt + IP4_ID_OFF);
	/* 0x1fff * 8 = 65528 fits the 16-bit field */
	v.frag_offset = (uint16_t)((fo & IP4_OFFSET_MASK) * 8);
	v.more_frags = (uint8_t)((fo & IP4_MF) >> IP4_MF_SHIFT);
	v.proto = pkt[IP4_PROTO_OFF];
	if ((fo & (IP4_MF | IP4_OFFSET_MASK)) != 0)
		v.flags |= V6T_PKT_FRAGMENT;
	/* the upper-layer header is in the fragment with offset 0 only */
	if ((fo & IP4_OFFSET_MASK) == 0 &&
	    (rc = v6t_walk_upper(pkt, hlen, v.proto, &v)) != V6T_OK)
		return rc;
	*out = v;
	return V6T_OK;
}

/* RFC 8200 §3 and §4; pkt[0] is there and holds version 6. */
static V6T_ALWAYS_INLINE int v6t_walk6(const uint8_t *pkt, size_t len,
				       unsigned opts, v6t_pkt *out)
{
	v6t_pkt v = { 0 };
	uint32_t end, off = IP6_HDR_LEN, nh_off = IP6_NH_OFF;
	unsigned nh, kind, n = 0;
	int rc;

	if (len < IP6_HDR_LEN)
		return V6T_EPKT_SHORT;
	/* Payload Length 0 is 0 bytes: no Jumbograms (RFC 2675) here */
	end = IP6_HDR_LEN + (uint32_t)v6t_ld_be16(pkt + IP6_PLEN_OFF);
	if (end > len) {
		if ((opts & V6T_PKT_OPT_TRUNCATED) == 0)
			return V6T_EPKT_SHORT;
		end = (uint32_t)len; /* len < end <= 40 + 0xffff */
		v.flags = V6T_PKT_CUT;
	}
	v.version = 6;
	v.end = end;
	v.unfrag_end = IP6_HDR_LEN;
	nh = pkt[IP6_NH_OFF];

	while ((kind = v6t_nh_kind[nh]) >= NH_EXT) {
		const uint8_t *h = pkt + off;
		uint32_t hlen;

		/*
		 * The checks that the Next Header value alone decides come
		 * before the header's bytes are looked at.
		 */
		if (n == V6T_PKT_MAX_EXT)
			return V6T_EPKT_TOO_MANY_EXT;
		/* RFC 8200 §4: "a Next Header value of zero in any header
		 * other than an IPv6 header" is an error. */
		if (kind == NH_HOPOPT && off != IP6_HDR_LEN)
			return V6T_EPKT_HOP_BY_HOP;
		if (kind == NH_FRAGMENT && v.frag_hdr_off != 0)
			return V6T_EPKT_FRAG_TWICE;
		/* the Next Header / length bytes, or the whole Fragment
		 * header, would lie past the datagram */
		if (end - off < EXT_MIN_LEN)
			goto cut;
		if (kind == NH_FRAGMENT) {
			unsigned fo = v6t_ld_be16(h + FRAG_OFFLG_OFF);

			v.frag_hdr_off = off;
			v.frag_nh_off = nh_off;
			v.frag_id = v6t_ld_be32(h + FRAG_ID_OFF);
			v.frag_offset = (uint16_t)(fo & FRAG_OFFSET_MASK);
			v.more_frags = (uint8_t)(fo & FRAG_M);
			/* the Fragmentable Part's first header (RFC 8200
			 * §4.5): proto unless the walk reaches the end */
			v.proto = h[0];
			if (v.frag_offset != 0) {
				/* the rest of the chain is in the first
				 * fragment */
				v.flags |= V6T_PKT_FRAGMENT;
				n++;
				goto done;
			}
			/* RFC 6946 §2: offset 0 and M 0 is a whole packet */
			v.flags |= v.more_frags ? V6T_PKT_FRAGMENT : V6T_PKT_ATOMIC;
			hlen = FRAG_HDR_LEN;
		} else {
			if (kind == NH_AH)
				/* RFC 4302 §2.2: Payload Len is the length in
				 * 4-byte words, minus 2 */
				hlen = ((uint32_t)h[1] + 2) * 4;
			else
				hlen = ((uint32_t)h[1] + 1) * 8;
			/* hlen <= 2048: no overflow; the header would end
			 * past the datagram */
			if (hlen > end - off)
				goto cut;
			/*
			 * RFC 8200 §4.5: the Per-Fragment headers (RFC 2460's
			 * Unfragmentable Part) run through the Routing header
			 * if present, else the Hop-by-Hop Options header;
			 * headers after a Fragment header are in the
			 * Fragmentable Part and do not count.
			 */
			if (kind == NH_HOPOPT ||
			    (kind == NH_ROUTING && v.frag_hdr_off == 0))
				v.unfrag_end = off + hlen;
		}
		n++;
		nh_off = off;
		nh = h[0];
		off += hlen;
	}
	if ((rc = v6t_walk_upper(pkt, off, nh, &v)) != V6T_OK)
		return rc;
	goto done;

cut:
	/*
	 * An extension header runs past the datagram. RFC 7112 §5 lets the
	 * receiver of a first fragment decide about an incomplete chain, and
	 * a cut buffer is what V6T_PKT_OPT_TRUNCATED accepts: the walk ends
	 * there without an upper-layer header. In a whole packet it is an
	 * error.
	 */
	if ((v.flags & (V6T_PKT_FRAGMENT | V6T_PKT_CUT)) == 0)
		return V6T_EPKT_CHAIN;
done:
	v.ext_count = (uint8_t)n;
	*out = v;
	return V6T_OK;
}

/*
 * The fixed part of an upper-layer header that a first fragment must hold
 * (RFC 8200 §4.5, RFC 7112 §5), where we know it (Linux's
 * ipv6frag_thdr_truncated() checks TCP, UDP and ICMPv6 the same way): at
 * least one byte of any other protocol, none after No Next Header (59).
 * Reassembly requires it; fragmentation puts at least this much (and 8
 * bytes) in the first fragment.
 */
static inline uint32_t v6t_upper_min(unsigned proto)
{
	switch (proto) {
	case 41:  /* IPv6 in IPv6, RFC 7112 §3: the inner header is the
		   * upper-layer header, and it is 40 bytes (RFC 8200 §3) */
		return 40;
	case 4:   /* IPv4 in IPv6: its header without options, RFC 791 §3.1 */
	case 6:   /* TCP, RFC 9293 §3.1: 5 words */
		return 20;
	case 33:  /* DCCP, RFC 4340 §5.1: the generic header with X = 0 */
	case 132: /* SCTP, RFC 9260 §3.1: the common header */
		return 12;
	case 17:  /* UDP, RFC 768 */
	case 50:  /* ESP, RFC 4303 §2: SPI and Sequence Number */
	case 136: /* UDP-Lite, RFC 3828 §3 */
		return 8;
	case 58:  /* ICMPv6, RFC 4443 §2.1: Type, Code, Checksum */
		return 4;
	case 59:  /* No Next Header: nothing follows */
		return 0;
	default:
		return 1;
	}
}

/* v6t_pkt_parse(), inline. */
static V6T_ALWAYS_INLINE int v6t_pkt_walk(const uint8_t *pkt, size_t len,
					 unsigned opts, v6t_pkt *out)
{
	if ((opts & ~(unsigned)V6T_PKT_OPT_TRUNCATED) != 0)
		return V6T_EINVAL;
	if (len == 0)
		return V6T_EPKT_VERSION;
	switch (pkt[0] >> 4) {
	case 4:
		return v6t_walk4(pkt, len, opts, out);
	case 6:
		return v6t_walk6(pkt, len, opts, out);
	default:
		return V6T_EPKT_VERSION;
	}
}

#endif /* V6T_SRC_PACKET_WALK_H */
