/*
 * libv6transit - IPv4 to IPv6 (RFC 7915 §4): the plan of the new headers.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <string.h>

#include <v6transit/addr.h>

#include "checksum.h"
#include "packet_walk.h"
#include "xlat_internal.h"

#define IP4_TOS_OFF 1
#define IP4_TTL_OFF 8
#define IP4_SRC_OFF 12
#define IP4_DST_OFF 16
#define IP4_DF 0x4000u
#define PROTO_ICMP 1
#define PROTO_IGMP 2
#define PROTO_TCP 6
#define PROTO_UDP 17
#define PROTO_FRAGMENT 44
#define PROTO_ICMP6 58
#define TCP_CSUM_OFF 16
#define UDP_CSUM_OFF 6
#define ICMP_CSUM_OFF 2

/* RFC 791 §3.1 options: End of Option List, No Operation, and the two
 * source routes (loose 131, strict 137), whose third byte is the pointer. */
#define OPT_EOL 0
#define OPT_NOP 1
#define OPT_LSRR 131
#define OPT_SSRR 137

/*
 * RFC 7915 §4.1: an unexpired source route option. RFC 791 §3.1: the
 * route is used up when the pointer (from the option's first byte, the
 * smallest legal value 4) is greater than the option's length.
 */
static int unexpired_source_route(const uint8_t *h, uint32_t hlen)
{
	uint32_t i = IP4_HDR_MIN;

	while (i < hlen) {
		uint8_t t = h[i];

		if (t == OPT_EOL)
			break;
		if (t == OPT_NOP) {
			i++;
			continue;
		}
		if (hlen - i < 2 || h[i + 1] < 2 || h[i + 1] > hlen - i)
			break; /* malformed: the rest is not read */
		if ((t == OPT_LSRR || t == OPT_SSRR) && h[i + 1] >= 3 &&
		    h[i + 2] <= h[i + 1])
			return 1;
		i += h[i + 1];
	}
	return 0;
}

/* The sum of the two addresses (the part of the pseudo-header that
 * translation changes: lengths and protocol stay). */
static uint32_t addr_sum(const uint8_t *a, const uint8_t *b, size_t n)
{
	return v6t_csum_add(v6t_csum_add(0, a, n), b, n);
}

/*
 * The ICMP header of an ICMPv4 query (RFC 7915 §4.2): Echo and Echo Reply
 * become ICMPv6 Echo Request / Reply; the checksum gains the pseudo-header
 * (RFC 4443 §2.3), which needs the message's length: only an unfragmented
 * message can be translated.
 */
static int icmp_info(struct xlat_plan *p, const uint8_t *pkt, const v6t_pkt *v,
		     uint32_t len, const uint8_t *src6, const uint8_t *dst6,
		     int fragmented)
{
	const uint8_t *m = pkt + p->pay_off;
	int w6;

	if (v->end - p->pay_off < 4)
		return V6T_EPKT_CHAIN;
	if ((w6 = xlat_icmp4_info_type(m[0], m[1])) < 0)
		return V6T_EXLAT_ICMP_TYPE;
	if (fragmented)
		return V6T_EXLAT_ICMP_FRAGMENT;
	xlat_patch(p, 0, 0, (uint16_t)w6);
	xlat_patch(p, 1, ICMP_CSUM_OFF,
	      v6t_csum_adjust(v6t_ld_be16(m + ICMP_CSUM_OFF), v6t_ld_be16(m),
			      (uint32_t)w6 + v6t_csum_pseudo6(src6, dst6, len,
							      PROTO_ICMP6)));
	return V6T_OK;
}

/*
 * RFC 7915 §4.5: UDP with checksum 0. Computed (option 2) over the whole
 * datagram when it is not fragmented and the option is on; else dropped,
 * answered with 3/13 by the caller (§4.4).
 */
static int udp_zero(const v6t_xlat *x, struct xlat_plan *p, const uint8_t *pkt,
		    const v6t_pkt *v, uint32_t l4, int fragmented)
{
	uint32_t len = v->end - l4;
	uint16_t c;

	if (fragmented || !(x->c_.flags & V6T_XLAT_UDP0_COMPUTE))
		return V6T_EXLAT_UDP_ZERO;
	c = v6t_csum_fold(v6t_csum_add(v6t_csum_pseudo6(p->hdr + 8, p->hdr + 24,
							len, PROTO_UDP),
				       pkt + l4, len));
	/* RFC 768: a computed 0 is sent as all ones */
	xlat_patch(p, 0, UDP_CSUM_OFF, c == 0 ? 0xffffu : c);
	return V6T_OK;
}

/* The transport header of the first fragment or whole packet; l4len is
 * the transport message's length as the IP header declares it. */
static int transport(const v6t_xlat *x, struct xlat_plan *p, const uint8_t *pkt,
		     const v6t_pkt *v, unsigned mode, int fragmented,
		     uint32_t l4len, uint32_t delta_old, uint32_t delta_new)
{
	uint32_t l4 = p->pay_off, avail = v->end - l4;
	const uint8_t *t = pkt + l4;
	uint16_t c;

	switch (p->proto) {
	case PROTO_TCP:
		if (avail >= TCP_CSUM_OFF + 2)
			xlat_patch(p, 0, TCP_CSUM_OFF,
			      v6t_csum_adjust(v6t_ld_be16(t + TCP_CSUM_OFF),
					      delta_old, delta_new));
		return V6T_OK;
	case PROTO_UDP:
		if (avail < UDP_CSUM_OFF + 2)
			return V6T_OK;
		c = v6t_ld_be16(t + UDP_CSUM_OFF);
		if (c == 0)
			return (mode & XLAT_INNER) ? V6T_OK
						   : udp_zero(x, p, pkt, v, l4, fragmented);
		c = v6t_csum_adjust(c, delta_old, delta_new);
		xlat_patch(p, 0, UDP_CSUM_OFF, c == 0 ? 0xffffu : c);
		return V6T_OK;
	case PROTO_ICMP:
		if (avail >= 1 && xlat_icmp4_is_error(t[0]) && !(mode & XLAT_INNER))
			return fragmented ? V6T_EXLAT_ICMP_FRAGMENT : XLAT_ICMP_ERROR;
		if (mode & XLAT_INNER) {
			/* RFC 7915 §4.3: "MUST stop at the first embedded header" */
			if (avail >= 1 && xlat_icmp4_is_error(t[0]))
				return V6T_EXLAT_ICMP_INNER;
			if (avail < 4)
				return V6T_OK;
		}
		return icmp_info(p, pkt, v, l4len, p->hdr + 8, p->hdr + 24,
				 fragmented && !(mode & XLAT_INNER));
	default:
		/* §4.5: every other protocol is forwarded as it is */
		return V6T_OK;
	}
}

/* §6 for one address, by RFC 6052 alone when eam is 0. */
static int map(const v6t_xlat *x, const v6t_in4 *a, v6t_in6 *out, int eam)
{
	return eam ? v6t_xlat_addr_4to6(x, a, out) : xlat_pool6_encode(&x->c_, a, out);
}

/*
 * RFC 7915 §6 for the source and destination. An ICMP error's source that
 * cannot be mapped is the caller's to replace (RFC 6791). A hairpinned
 * packet's (RFC 7757 §4.2.1) source, or an ICMP error's inner
 * destination, is mapped by RFC 6052 alone.
 */
static int addresses(const v6t_xlat *x, const uint8_t *pkt, unsigned mode,
		     int icmp_error, uint8_t *src6, uint8_t *dst6)
{
	int hairpinned = (mode & XLAT_HAIRPINNED) != 0;
	int inner = (mode & XLAT_INNER) != 0;
	v6t_in4 s, d;
	v6t_in6 a;
	int rc;

	memcpy(s.b, pkt + IP4_SRC_OFF, 4);
	memcpy(d.b, pkt + IP4_DST_OFF, 4);
	if (!inner && !icmp_error && xlat_illegal_source4(s.b))
		return V6T_EXLAT_SOURCE;
	/* §4.2.1 rule 2 */
	if ((rc = map(x, &d, &a, !(hairpinned && inner))) != V6T_OK)
		return rc;
	memcpy(dst6, a.b, 16);
	/* rule 1 (rule 3 is xlat_icmp.c's) */
	if ((rc = map(x, &s, &a, !(hairpinned && !inner && !icmp_error))) != V6T_OK) {
		if (!icmp_error)
			return rc;
		memset(src6, 0, 16); /* the RFC 6791 source, later */
		return V6T_OK;
	}
	memcpy(src6, a.b, 16);
	return V6T_OK;
}

/*
 * RFC 7915 §4.1 sizes: a fragment keeps its Fragment header; an
 * unfragmented packet with DF clear that would exceed lowest-ipv6-mtu (or
 * the IPv6 next hop) is split; one with DF set that exceeds the next hop
 * is answered with Fragmentation Needed.
 */
static int sizes(const v6t_xlat *x, uint32_t out_len, int df, unsigned mode,
		 struct xlat_err *e)
{
	const v6t_xlat_config *c = &x->c_;
	uint32_t limit = c->lowest_ipv6_mtu < c->mtu6 ? c->lowest_ipv6_mtu : c->mtu6;

	if (mode & (XLAT_INNER | XLAT_PIECE))
		return XLAT_PLANNED;
	if (df) {
		if (out_len <= c->mtu6)
			return XLAT_PLANNED;
		/* RFC 1191 §4: the next-hop MTU in the low 16 bits; §4.1:
		 * the IPv4 packet must fit mtu6 less the 20 bytes the header
		 * grows */
		e->type = 3;
		e->code = 4;
		e->rest = c->mtu6 - 20;
		return V6T_EXLAT_TOO_BIG;
	}
	return out_len <= limit ? XLAT_PLANNED : XLAT_SPLIT;
}

/* see xlat_internal.h */
int xlat46_plan(const v6t_xlat *x, const uint8_t *pkt, const v6t_pkt *v,
		unsigned mode, struct xlat_plan *p, struct xlat_err *e)
{
	uint32_t hlen = (uint32_t)(pkt[0] & IP4_IHL_MASK) * 4;
	uint32_t fo = v6t_ld_be16(pkt + IP4_FRAG_OFF);
	/* the declared length: the quoted packet of an ICMP error is cut */
	uint32_t tot = v6t_ld_be16(pkt + IP4_TOTLEN_OFF);
	int fragmented = (fo & (IP4_MF | IP4_OFFSET_MASK)) != 0 || (mode & XLAT_PIECE);
	int first = (fo & IP4_OFFSET_MASK) == 0;
	int icmp_error, rc, step;
	uint8_t *h = p->hdr, tos, ttl = pkt[IP4_TTL_OFF];
	uint32_t plen;

	memset(p, 0, sizeof *p);
	p->patch_off[0] = p->patch_off[1] = XLAT_NO_PATCH;
	p->version = 6;
	p->proto = pkt[IP4_PROTO_OFF];
	p->pay_off = hlen;
	p->pay_end = v->end;
	icmp_error = p->proto == PROTO_ICMP && first && v->end > hlen &&
		     xlat_icmp4_is_error(pkt[hlen]);
	if (!(mode & XLAT_INNER)) {
		/* RFC 1812 §5.2.2: a router verifies the header checksum */
		if (!v6t_ip4_checksum_ok(pkt, hlen))
			return V6T_EPKT_IPV4_CHECKSUM;
		/* §4.2: "IGMP messages ... SHOULD be silently dropped" (before
		 * the TTL check: a report's TTL is 1, RFC 2236 §2) */
		if (p->proto == PROTO_IGMP)
			return V6T_EXLAT_ICMP_TYPE;
		if (unexpired_source_route(pkt, hlen)) {
			e->type = 3;
			e->code = 5;
			e->rest = 0;
			return V6T_EXLAT_SOURCE_ROUTE;
		}
		if (!(mode & XLAT_HAIRPINNED) && ttl <= 1) {
			e->type = 11;
			e->code = 0;
			e->rest = 0;
			return V6T_EXLAT_TTL;
		}
		/* RFC 7757 §4.2.2: "the Hop Limit field SHOULD NOT be
		 * decremented" in the second pass */
		if (!(mode & XLAT_HAIRPINNED))
			ttl--;
	}
	if ((rc = addresses(x, pkt, mode, icmp_error, h + 8, h + 24)) != V6T_OK)
		return rc;
	plen = tot - hlen + (fragmented ? FRAG_HDR_LEN : 0);
	/* an ICMP error is cut to 1280 bytes (xlat_icmp.c): no size rule */
	step = icmp_error ? XLAT_PLANNED
			  : sizes(x, IP6_HDR_LEN + plen, (fo & IP4_DF) != 0, mode, e);
	if (step < 0)
		return step;
	/* §4.1 copies the protocol as the Next Header: one that IPv6 reads
	 * as an extension header would follow the Fragment header of a
	 * fragment (or of a piece of our split), which §5.1.1 drops the
	 * other way; its chain could not be checked piece by piece.
	 * Dropped, not answered (e->type 0) */
	if ((fragmented || step == XLAT_SPLIT) && v6t_nh_kind[p->proto] >= NH_EXT)
		return V6T_EXLAT_FRAG_EXT;
	tos = (x->c_.flags & V6T_XLAT_TC_ZERO) ? 0 : pkt[IP4_TOS_OFF];
	h[0] = (uint8_t)(0x60u | tos >> 4);
	h[1] = (uint8_t)(tos << 4);
	v6t_st_be16(h + IP6_PLEN_OFF, (uint16_t)plen);
	h[IP6_NH_OFF] = p->proto == PROTO_ICMP ? PROTO_ICMP6 : p->proto;
	h[7] = ttl;
	p->hdr_len = IP6_HDR_LEN;
	if (fragmented) {
		uint8_t *f = h + IP6_HDR_LEN;

		f[0] = h[IP6_NH_OFF];
		h[IP6_NH_OFF] = PROTO_FRAGMENT;
		v6t_st_be16(f + FRAG_OFFLG_OFF,
			    (uint16_t)((fo & IP4_OFFSET_MASK) << 3 |
				       ((fo & IP4_MF) ? FRAG_M : 0)));
		/* §4.1: the low 16 bits from IPv4, the high 16 zero */
		f[4] = f[5] = 0;
		memcpy(f + 6, pkt + IP4_ID_OFF, 2);
		p->hdr_len += FRAG_HDR_LEN;
	}
	/* a piece of our split: the whole's plan patched its transport
	 * header (xlat_packet.c applies it to the first piece) */
	if (!first || (mode & XLAT_PIECE))
		return step;
	rc = transport(x, p, pkt, v, mode, fragmented, tot - hlen,
		       addr_sum(pkt + IP4_SRC_OFF, pkt + IP4_DST_OFF, 4),
		       addr_sum(h + 8, h + 24, 16));
	if (rc < 0)
		return rc;
	return rc == XLAT_ICMP_ERROR ? XLAT_ICMP_ERROR : step;
}
