/*
 * libv6transit - IPv6 to IPv4 (RFC 7915 §5): the plan of the new header.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <string.h>

#include "checksum.h"
#include "packet_walk.h"
#include "siphash.h"
#include "xlat_internal.h"

#define IP6_TC_SHIFT 4
#define IP6_HLIM_OFF 7
#define IP6_SRC_OFF 8
#define IP6_DST_OFF 24
#define IP4_DF 0x4000u
#define PROTO_HOPOPT 0
#define PROTO_ICMP 1
#define PROTO_TCP 6
#define PROTO_UDP 17
#define PROTO_ROUTING 43
#define PROTO_FRAGMENT 44
#define PROTO_ESP 50
#define PROTO_ICMP6 58
#define PROTO_DSTOPTS 60
#define TCP_CSUM_OFF 16
#define UDP_CSUM_OFF 6
#define ICMP_CSUM_OFF 2
#define ICMP_HDR_LEN 8
#define RH_SEGLEFT_OFF 3
/* RFC 7915 §5.1: DF is set on translated packets above 1260 bytes */
#define DF_THRESHOLD 1260u

/* What the IPv6 chain is to translation (RFC 7915 §5.1, §5.1.1). */
struct chain {
	uint32_t pay_off;  /* the first header not skipped */
	uint32_t frag_off; /* the Fragment header, or 0 */
	uint8_t proto;     /* the Next Header value that names pay_off */
};

/*
 * Skip Hop-by-Hop, Destination Options, Routing with Segments Left 0 and
 * the Fragment header (§5.1): the first other Next Header is the
 * protocol. The walker validated the chain as far as it went; the bounds
 * are checked again for the headers a cut first fragment leaves unwalked.
 * Returns V6T_OK, a reason, or SEGMENTS_LEFT with the pointer in *ptr.
 */
static int skip_chain(const uint8_t *pkt, const v6t_pkt *v, unsigned mode,
		      struct chain *c, uint32_t *ptr)
{
	uint32_t off = IP6_HDR_LEN, n;
	unsigned nh = pkt[IP6_NH_OFF];

	c->frag_off = 0;
	for (n = 0; n <= V6T_PKT_MAX_EXT; n++) {
		const uint8_t *h = pkt + off;
		uint32_t hlen;

		if (nh != PROTO_HOPOPT && nh != PROTO_ROUTING && nh != PROTO_DSTOPTS &&
		    nh != PROTO_FRAGMENT)
			break;
		if (c->frag_off != 0 && nh != PROTO_FRAGMENT)
			/* §5.1.1: an extension header after the Fragment
			 * header: "SHOULD be dropped" */
			return V6T_EXLAT_FRAG_EXT;
		if (v->end - off < EXT_MIN_LEN)
			return V6T_EPKT_CHAIN;
		if (nh == PROTO_FRAGMENT) {
			c->frag_off = off;
			off += FRAG_HDR_LEN;
			nh = h[0];
			if (v6t_ld_be16(h + FRAG_OFFLG_OFF) & FRAG_OFFSET_MASK) {
				/* a later fragment: the rest is data */
				if (v6t_nh_kind[nh] >= NH_EXT)
					return V6T_EXLAT_FRAG_EXT;
				break;
			}
			if (v6t_nh_kind[nh] >= NH_EXT)
				return V6T_EXLAT_FRAG_EXT;
			continue;
		}
		hlen = ((uint32_t)h[1] + 1) * 8;
		if (v->end - off < hlen)
			return V6T_EPKT_CHAIN;
		if (nh == PROTO_ROUTING && h[RH_SEGLEFT_OFF] != 0 &&
		    !(mode & XLAT_INNER)) {
			*ptr = off + RH_SEGLEFT_OFF;
			return V6T_EXLAT_SEGMENTS_LEFT;
		}
		nh = h[0];
		off += hlen;
	}
	c->pay_off = off;
	c->proto = (uint8_t)nh;
	return V6T_OK;
}

/* see xlat_internal.h */
int xlat_hairpins(const v6t_xlat *x, const uint8_t *a6)
{
	v6t_in6 a, back;
	v6t_in4 v4;

	if (x->c_.eamt == NULL)
		return 0;
	memcpy(a.b, a6, 16);
	return v6t_xlat_eamt_6to4(x->c_.eamt, &a, &v4) != V6T_OK &&
	       xlat_pool6_decode(&x->c_, &a, &v4) == V6T_OK &&
	       v6t_xlat_eamt_4to6(x->c_.eamt, &v4, &back) == V6T_OK;
}

/* Whether the n bytes at p are all zero. */
static int all_zero(const uint8_t *p, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

/* ICMPv6 Echo Request / Reply become ICMP Echo / Echo Reply (§5.2); the
 * checksum loses the pseudo-header of length len. */
static int icmp_info(struct xlat_plan *p, const uint8_t *pkt, const v6t_pkt *v,
		     uint32_t len, int fragmented)
{
	const uint8_t *m = pkt + p->pay_off;
	uint16_t c;
	int w4;

	if (v->end - p->pay_off < 4)
		return V6T_EPKT_CHAIN;
	if ((w4 = xlat_icmp6_info_type(m[0], m[1])) < 0)
		return V6T_EXLAT_ICMP_TYPE;
	if (fragmented)
		return V6T_EXLAT_ICMP_FRAGMENT;
	c = v6t_csum_adjust(v6t_ld_be16(m + ICMP_CSUM_OFF),
			    (uint32_t)v6t_ld_be16(m) +
				    v6t_csum_pseudo6(pkt + IP6_SRC_OFF,
						     pkt + IP6_DST_OFF, len,
						     PROTO_ICMP6),
			    (uint32_t)w4);
	/* RFC 1624 §3: equation 3 never gives 0xffff, the checksum of data
	 * that sums to +0; with no pseudo-header that is an all-zero message
	 * (an Echo Reply, code 0, identifier, sequence and data 0) */
	if (c == 0 && w4 == 0 && all_zero(m + 4, v->end - p->pay_off - 4))
		c = 0xffffu;
	xlat_patch(p, 0, 0, (uint16_t)w4);
	xlat_patch(p, 1, ICMP_CSUM_OFF, c);
	return V6T_OK;
}

/* The transport header of the first fragment or whole packet (§5.5). */
static int transport(struct xlat_plan *p, const uint8_t *pkt, const v6t_pkt *v,
		     unsigned mode, int fragmented, uint32_t l4len)
{
	const uint8_t *t = pkt + p->pay_off;
	uint32_t avail = v->end - p->pay_off;
	uint32_t old = v6t_csum_add(v6t_csum_add(0, pkt + IP6_SRC_OFF, 16),
				    pkt + IP6_DST_OFF, 16);
	uint32_t new_ = v6t_csum_add(v6t_csum_add(0, p->hdr + 12, 4), p->hdr + 16, 4);
	uint16_t c;

	switch (p->proto) {
	case PROTO_TCP:
		if (avail >= TCP_CSUM_OFF + 2)
			xlat_patch(p, 0, TCP_CSUM_OFF,
			      v6t_csum_adjust(v6t_ld_be16(t + TCP_CSUM_OFF), old, new_));
		return V6T_OK;
	case PROTO_UDP:
		if (avail < UDP_CSUM_OFF + 2 || (c = v6t_ld_be16(t + UDP_CSUM_OFF)) == 0)
			return V6T_OK;
		c = v6t_csum_adjust(c, old, new_);
		xlat_patch(p, 0, UDP_CSUM_OFF, c == 0 ? 0xffffu : c);
		return V6T_OK;
	case PROTO_ICMP6:
		if (avail >= 1 && xlat_icmp6_is_error(t[0])) {
			if (mode & XLAT_INNER)
				return V6T_EXLAT_ICMP_INNER; /* §5.3 */
			return fragmented ? V6T_EXLAT_ICMP_FRAGMENT : XLAT_ICMP_ERROR;
		}
		return icmp_info(p, pkt, v, l4len, fragmented && !(mode & XLAT_INNER));
	default:
		return V6T_OK;
	}
}

/* §6: the addresses; an ICMP error's unmappable source is left zero for
 * the caller (RFC 6791). A hairpinned destination (RFC 7757 §4.2.2) is
 * reported. */
static int addresses(const v6t_xlat *x, const uint8_t *pkt, unsigned mode,
		     int icmp_error, const uint8_t *inner_src, uint8_t *src4,
		     uint8_t *dst4, int *hairpin)
{
	v6t_in6 s, d;
	v6t_in4 a;
	int rc;

	memcpy(s.b, pkt + IP6_SRC_OFF, 16);
	memcpy(d.b, pkt + IP6_DST_OFF, 16);
	if (!(mode & XLAT_INNER) && !icmp_error && xlat_illegal_source6(s.b))
		return V6T_EXLAT_SOURCE;
	if ((rc = v6t_xlat_addr_6to4(x, &d, &a)) != V6T_OK)
		return rc;
	memcpy(dst4, a.b, 4);
	/* RFC 7757 §4.2.2: A2 and A3 for a packet, B2 and B3 (its quoted
	 * packet's source) for an ICMPv6 error (B1) */
	*hairpin = !(mode & (XLAT_INNER | XLAT_NO_HAIRPIN)) &&
		   (x->c_.flags & V6T_XLAT_HAIRPIN) &&
		   xlat_hairpins(x, icmp_error ? inner_src : pkt + IP6_DST_OFF);
	if ((rc = v6t_xlat_addr_6to4(x, &s, &a)) != V6T_OK) {
		if (!icmp_error)
			return rc;
		memset(src4, 0, 4);
		return V6T_OK;
	}
	memcpy(src4, a.b, 4);
	return V6T_OK;
}

/*
 * see xlat_internal.h. §5.1 Identification of a packet without Fragment
 * header: "set according
 * to a Fragment Identification generator". Stateless here: a keyed hash
 * of the addresses, protocol and the first 8 bytes of the transport
 * header (ports and TCP sequence, UDP length and checksum), so that
 * different datagrams of a flow get different values (RFC 6864 §4.2)
 * while a repeated datagram gets its old one, harmless to reassembly.
 * Only DF=0 packets need it (RFC 6864 §4.1: an atomic datagram's is any).
 */
uint16_t xlat_ipv4_id(const v6t_xlat *x, const uint8_t *h4, const uint8_t *l4,
		     uint32_t n)
{
	uint8_t m[17];

	memset(m, 0, sizeof m);
	memcpy(m, h4 + 12, 8);
	m[8] = h4[IP4_PROTO_OFF];
	memcpy(m + 9, l4, n < 8 ? n : 8);
	return (uint16_t)v6t_sip_hash(x->c_.flow_key.b, m, sizeof m, 1, 3);
}

/* §5.1 and §5.1.1 sizes: above the IPv4 next hop's MTU, a packet of at
 * most 1280 bytes is fragmented, a larger one answered with Packet Too
 * Big (never below 1280, RFC 8200 §5). A quoted packet has no MTU, but
 * one whose Payload Length makes a Total Length above 65535 is not
 * planned (the 16-bit field would wrap): its error is dropped. */
static int sizes(const v6t_xlat *x, const v6t_pkt *v, uint32_t tot,
		 unsigned mode, struct xlat_err *e)
{
	const v6t_xlat_config *cf = &x->c_;

	if (mode & XLAT_NO_HAIRPIN) {
		/* RFC 7757 §4.2.2: back to IPv6 at once, never on the IPv4
		 * link: the IPv6 next hop's MTU decides (mtu6 >= 1280, so a
		 * packet above it gets DF, and the second pass could only
		 * answer in IPv4) */
		if (tot + IP6_HDR_LEN - IP4_HDR_MIN <= cf->mtu6)
			return XLAT_PLANNED;
		e->type = 2;
		e->code = 0;
		e->rest = cf->mtu6;
		return V6T_EXLAT_TOO_BIG;
	}
	if (((mode & XLAT_INNER) && tot <= 0xffffu) || tot <= cf->mtu4)
		return XLAT_PLANNED;
	if (v->end <= V6T_XLAT_IPV6_MIN_MTU)
		return XLAT_SPLIT;
	e->type = 2;
	e->code = 0;
	e->rest = cf->mtu4 + 20 < V6T_XLAT_IPV6_MIN_MTU ? V6T_XLAT_IPV6_MIN_MTU
							: cf->mtu4 + 20;
	return V6T_EXLAT_TOO_BIG;
}

/* see xlat_internal.h */
int xlat64_plan(const v6t_xlat *x, const uint8_t *pkt, const v6t_pkt *v,
		unsigned mode, struct xlat_plan *p, struct xlat_err *e)
{
	struct chain c;
	uint8_t *h = p->hdr, hlim = pkt[IP6_HLIM_OFF], tos;
	uint32_t ptr = 0, tot, declared, fo = 0;
	int rc, step, hairpin = 0, first = 1, icmp_error;

	memset(p, 0, sizeof *p);
	p->patch_off[0] = p->patch_off[1] = XLAT_NO_PATCH;
	p->version = 4;
	if ((rc = skip_chain(pkt, v, mode, &c, &ptr)) != V6T_OK) {
		if (rc == V6T_EXLAT_SEGMENTS_LEFT) {
			e->type = 4;
			e->code = 0;
			e->rest = ptr;
		} else if (rc == V6T_EXLAT_FRAG_EXT) {
			e->type = 1;
			e->code = 1;
			e->rest = 0;
		}
		return rc;
	}
	if (c.frag_off != 0) {
		fo = v6t_ld_be16(pkt + c.frag_off + FRAG_OFFLG_OFF);
		first = (fo & FRAG_OFFSET_MASK) == 0;
	}
	p->proto = c.proto;
	p->pay_off = c.pay_off;
	p->pay_end = v->end;
	icmp_error = c.proto == PROTO_ICMP6 && first && v->end > c.pay_off &&
		     xlat_icmp6_is_error(pkt[c.pay_off]);
	if (!(mode & (XLAT_INNER | XLAT_HAIRPINNED))) {
		if (hlim <= 1) {
			e->type = 3;
			e->code = 0;
			e->rest = 0;
			return V6T_EXLAT_TTL;
		}
		hlim--;
	}
	/* the quoted packet's source, for RFC 7757 §4.2.2 B2 and B3 */
	if (icmp_error && v->end - c.pay_off < ICMP_HDR_LEN + IP6_HDR_LEN)
		return V6T_EXLAT_ICMP_INNER;
	rc = addresses(x, pkt, mode, icmp_error,
		       pkt + c.pay_off + ICMP_HDR_LEN + IP6_SRC_OFF, h + 12, h + 16,
		       &hairpin);
	if (rc != V6T_OK)
		return rc;
	if (hairpin)
		return XLAT_HAIRPIN_BACK;
	/* the declared length: a quoted packet is cut */
	declared = IP6_HDR_LEN + v6t_ld_be16(pkt + IP6_PLEN_OFF);
	if (declared < c.pay_off)
		return V6T_EPKT_CHAIN;
	tot = IP4_HDR_MIN + declared - c.pay_off;
	/* an ICMP error is cut to 576 bytes (xlat_icmp.c): no size rule */
	step = icmp_error ? XLAT_PLANNED : sizes(x, v, tot, mode, e);
	if (step < 0)
		return step;
	tos = (x->c_.flags & V6T_XLAT_TOS_SET)
		      ? x->c_.tos
		      : (uint8_t)(v6t_ld_be16(pkt) >> IP6_TC_SHIFT);
	h[0] = 0x45;
	h[1] = tos;
	v6t_st_be16(h + IP4_TOTLEN_OFF, (uint16_t)tot);
	if (c.frag_off != 0) {
		/* §5.1.1: Identification from the low 16 bits, MF from M,
		 * DF clear, the offset copied */
		memcpy(h + IP4_ID_OFF, pkt + c.frag_off + FRAG_ID_OFF + 2, 2);
		v6t_st_be16(h + IP4_FRAG_OFF,
			    (uint16_t)(((fo & FRAG_M) ? IP4_MF : 0) |
				       (fo & FRAG_OFFSET_MASK) >> 3));
	} else if (tot > DF_THRESHOLD) {
		v6t_st_be16(h + IP4_FRAG_OFF, IP4_DF);
	}
	h[8] = hlim;
	h[IP4_PROTO_OFF] = c.proto == PROTO_ICMP6 ? PROTO_ICMP : c.proto;
	if (c.frag_off == 0 && tot <= DF_THRESHOLD)
		v6t_st_be16(h + IP4_ID_OFF,
			    xlat_ipv4_id(x, h, pkt + c.pay_off, v->end - c.pay_off));
	p->hdr_len = IP4_HDR_MIN;
	v6t_ip4_set_checksum(h, IP4_HDR_MIN);
	if (!first)
		return step;
	rc = transport(p, pkt, v, mode,
		       c.frag_off != 0 && (fo & (FRAG_M | FRAG_OFFSET_MASK)) != 0,
		       declared - c.pay_off);
	if (rc < 0)
		return rc;
	return rc == XLAT_ICMP_ERROR ? XLAT_ICMP_ERROR : step;
}
