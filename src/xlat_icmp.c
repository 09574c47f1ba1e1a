/*
 * libv6transit - ICMP across the translator (RFC 7915 §4.2, §4.3, §5.2,
 * §5.3): the type and code tables, the Parameter Problem pointers, the
 * Packet Too Big MTU, and ICMP errors with their quoted packet translated
 * and their RFC 4884 extension carried over.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <string.h>

#include "checksum.h"
#include "packet_walk.h"
#include "xlat_internal.h"

#define ICMP_HDR_LEN 8
#define ICMP_CSUM_OFF 2
#define IP4_DF 0x4000u
#define PROTO_ICMP6 58

/* The largest translated errors: RFC 4443 §2.4 (c) for ICMPv6, RFC 1812
 * §4.3.2.3 for ICMPv4 (Jool's choice too, README note 6). */
#define ICMP6_MAX 1280u
#define ICMP4_MAX 576u

/* RFC 4884 §4/§5: an original datagram followed by an extension is at
 * least 128 bytes, in 32-bit (ICMPv4) or 64-bit (ICMPv6) units. */
#define EXT_MIN_ORIG 128u

#define W(t, c) ((t) << 8 | (c))

/* see xlat_internal.h; §4.2 "ICMPv4 query messages" */
int xlat_icmp4_info_type(uint8_t type, uint8_t code)
{
	if (type == 8)
		return W(128, code);
	if (type == 0)
		return W(129, code);
	return -1; /* the others are silently dropped */
}

/* see xlat_internal.h; §5.2 "ICMPv6 informational messages" */
int xlat_icmp6_info_type(uint8_t type, uint8_t code)
{
	if (type == 128)
		return W(8, code);
	if (type == 129)
		return W(0, code);
	return -1;
}

/* RFC 1191 §7: the plateau table, largest first. */
static const uint16_t plateaus[] = {
	65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68
};

static uint32_t min3(uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t m = a < b ? a : b;

	return m < c ? m : c;
}

/*
 * §4.2 Fragmentation Needed: max(1280, min(MTU + 20, mtu6, mtu4 + 20)),
 * with MTU 0 (a router before RFC 1191) replaced by the greatest plateau
 * below the quoted Total Length that is at least 1280.
 */
static uint32_t mtu46(const v6t_xlat_config *c, uint32_t mtu, uint32_t quoted_tot)
{
	uint32_t m;
	size_t i;

	if (mtu == 0) {
		mtu = V6T_XLAT_IPV6_MIN_MTU;
		for (i = 0; i < sizeof plateaus / sizeof plateaus[0]; i++)
			if (plateaus[i] < quoted_tot && plateaus[i] >= V6T_XLAT_IPV6_MIN_MTU) {
				mtu = plateaus[i];
				break;
			}
	}
	m = min3(mtu + 20, c->mtu6, c->mtu4 + 20);
	return m < V6T_XLAT_IPV6_MIN_MTU ? V6T_XLAT_IPV6_MIN_MTU : m;
}

/* §5.2 Packet Too Big: min(MTU - 20, mtu4, mtu6 - 20). */
static uint32_t mtu64(const v6t_xlat_config *c, uint32_t mtu)
{
	return min3(mtu < 20 ? 0 : mtu - 20, c->mtu4, c->mtu6 - 20);
}

/* Figure 3: an IPv4 header pointer as an IPv6 one, or -1 (n/a). */
static int pointer46(uint32_t p)
{
	static const int8_t map[20] = {
		0, 1, 4, 4, -1, -1, -1, -1, 7, 6, -1, -1,
		8, 8, 8, 8, 24, 24, 24, 24
	};

	return p < 20 ? map[p] : -1;
}

/* Figure 6: an IPv6 header pointer as an IPv4 one, or -1. */
static int pointer64(uint32_t p)
{
	if (p < 2)
		return (int)p;
	if (p == 4 || p == 5)
		return 2;
	if (p == 6)
		return 9;
	if (p == 7)
		return 8;
	if (p >= 8 && p < 24)
		return 12;
	if (p >= 24 && p < 40)
		return 16;
	return -1;
}

/* The ICMP header translated: type, code, bytes 4..7; ext: whether the
 * new type carries an RFC 4884 length. */
struct icmp_hdr {
	uint8_t type;
	uint8_t code;
	uint32_t rest;
	int ext;
};

/* §4.2 "ICMPv4 error messages" for the header m of an error quoting a
 * packet of Total Length quoted_tot. */
static int map46(const v6t_xlat_config *c, const uint8_t *m, uint32_t quoted_tot,
		 struct icmp_hdr *o)
{
	static const int8_t unreach[16] = {
		/* code -> ICMPv6 Destination Unreachable code; -1 drop, -2
		 * Parameter Problem, -3 Packet Too Big */
		0, 0, -2, 4, -3, 0, 0, 0, 0, 1, 1, 0, 0, 1, -1, 1
	};
	int p;

	o->rest = 0;
	o->ext = 0;
	switch (m[0]) {
	case 3:
		if (m[1] >= 16 || unreach[m[1]] == -1)
			return V6T_EXLAT_ICMP_TYPE;
		if (unreach[m[1]] == -2) {
			/* Parameter Problem, pointing at Next Header */
			o->type = 4;
			o->code = 1;
			o->rest = IP6_NH_OFF;
		} else if (unreach[m[1]] == -3) {
			o->type = 2;
			o->code = 0;
			o->rest = mtu46(c, v6t_ld_be16(m + 6), quoted_tot);
		} else {
			o->type = 1;
			o->code = (uint8_t)unreach[m[1]];
			o->ext = 1;
		}
		return V6T_OK;
	case 11:
		o->type = 3;
		o->code = m[1];
		o->ext = 1;
		return V6T_OK;
	case 12:
		if ((m[1] != 0 && m[1] != 2) || (p = pointer46(m[4])) < 0)
			return V6T_EXLAT_ICMP_TYPE;
		o->type = 4;
		o->code = 0;
		o->rest = (uint32_t)p;
		return V6T_OK;
	default:
		/* Source Quench, Redirect, Alternative Host Address, unknown */
		return V6T_EXLAT_ICMP_TYPE;
	}
}

/* §5.2 "ICMPv6 error messages". */
static int map64(const v6t_xlat_config *c, const uint8_t *m, struct icmp_hdr *o)
{
	static const int8_t unreach[5] = { 1, 10, 1, 1, 3 };
	int p;

	o->rest = 0;
	o->ext = 1; /* Destination Unreachable, Time Exceeded, Parameter Problem */
	switch (m[0]) {
	case 1:
		if (m[1] >= 5)
			return V6T_EXLAT_ICMP_TYPE;
		o->type = 3;
		o->code = (uint8_t)unreach[m[1]];
		return V6T_OK;
	case 2:
		o->type = 3;
		o->code = 4;
		o->rest = mtu64(c, v6t_ld_be32(m + 4)) & 0xffffu;
		return V6T_OK;
	case 3:
		o->type = 11;
		o->code = m[1];
		return V6T_OK;
	case 4:
		if (m[1] == 1) { /* Unrecognized Next Header: protocol unreachable */
			o->type = 3;
			o->code = 2;
			return V6T_OK;
		}
		if (m[1] != 0 || (p = pointer64(v6t_ld_be32(m + 4))) < 0)
			return V6T_EXLAT_ICMP_TYPE;
		o->type = 12;
		o->code = 0;
		o->rest = (uint32_t)p << 24;
		return V6T_OK;
	default:
		return V6T_EXLAT_ICMP_TYPE;
	}
}

/* The parts of an error message: the original datagram and, RFC 4884,
 * the extension after it. */
struct parts {
	const uint8_t *orig;
	uint32_t orig_len;
	const uint8_t *ext;
	uint32_t ext_len;
};

/*
 * RFC 4884 §5: with a non-zero length attribute (len, in unit bytes) the
 * original datagram is that long and the extension follows it; a length
 * that runs past the message means the message is not RFC 4884 compliant:
 * all of it is the original datagram (§5.4).
 */
static void split_parts(const uint8_t *m, uint32_t mlen, uint32_t len,
			struct parts *s)
{
	s->orig = m + ICMP_HDR_LEN;
	s->orig_len = mlen - ICMP_HDR_LEN;
	s->ext = NULL;
	s->ext_len = 0;
	if (len != 0 && len < s->orig_len) {
		s->ext = s->orig + len;
		s->ext_len = s->orig_len - len;
		s->orig_len = len;
	}
}

/* The layout of a translated error: sizes of its parts in order, after
 * RFC 4884 padding and the size limit. */
struct layout {
	uint32_t ip;      /* outer IP header */
	uint32_t ihdr;    /* the quoted packet's new headers */
	uint32_t kept;    /* its bytes kept after them */
	uint32_t pad;     /* zeros after them */
	uint32_t ext;     /* the extension, or 0 */
	uint32_t len_attr; /* the RFC 4884 length attribute, in units */
};

/*
 * The sizes: the quoted packet (ihdr + kept) and, with an extension, cut
 * to a whole number of units or padded to 128 bytes (RFC 4884 §4.1 /
 * §4.2: "at least 128 octets", aligned to the unit); trimmed
 * to limit, the quoted packet first (keeping 128 bytes), then the
 * extension dropped whole (length attribute 0), as Jool does.
 */
static void lay_out(struct layout *l, uint32_t unit, uint32_t limit)
{
	uint32_t room = limit - l->ip - ICMP_HDR_LEN, orig;

	if (l->ext != 0) {
		/* cut to the unit, or padded to 128 bytes (Jool cuts rather
		 * than pads too: README note 11) */
		orig = l->ihdr + l->kept;
		orig = orig < EXT_MIN_ORIG ? EXT_MIN_ORIG : orig / unit * unit;
		if (orig + l->ext > room && room >= l->ext + EXT_MIN_ORIG)
			orig = (room - l->ext) / unit * unit;
		if (orig + l->ext <= room && orig >= EXT_MIN_ORIG) {
			if (l->ihdr + l->kept > orig)
				l->kept = orig - l->ihdr;
			l->pad = orig - l->ihdr - l->kept;
			l->len_attr = orig / unit;
			return;
		}
		l->ext = 0;
	}
	l->pad = 0;
	l->len_attr = 0;
	if (l->ihdr + l->kept > room)
		l->kept = room - l->ihdr;
}

/*
 * Write a translated error at base: outer header oh (l->ip bytes, its
 * length field to be set by the caller), ICMP header h, the quoted
 * packet's plan ip with its kept bytes from q, padding, extension e.
 * Moves the extension first: in place it may lie where the padding goes.
 */
static void write_error(uint8_t *base, const struct layout *l, const uint8_t *oh,
			const struct icmp_hdr *h, unsigned len_at,
			const struct xlat_plan *ip, const uint8_t *q,
			const uint8_t *e)
{
	uint8_t *m = base + l->ip, *k = m + ICMP_HDR_LEN + l->ihdr;
	struct xlat_plan cut = *ip;
	unsigned j;

	if (l->ext != 0)
		memmove(k + l->kept + l->pad, e, l->ext);
	memmove(k, q + ip->pay_off, l->kept);
	memset(k + l->kept, 0, l->pad);
	/* the quoted transport header's words, where they were kept */
	for (j = 0; j < 2; j++)
		if (cut.patch_off[j] != XLAT_NO_PATCH && cut.patch_off[j] + 2 <= l->kept)
			v6t_st_be16(k + cut.patch_off[j], cut.patch_val[j]);
	memcpy(m + ICMP_HDR_LEN, ip->hdr, l->ihdr);
	memcpy(base, oh, l->ip);
	m[0] = h->type;
	m[1] = h->code;
	m[2] = m[3] = 0;
	v6t_st_be32(m + 4, h->rest);
	if (l->ext != 0)
		m[len_at] = (uint8_t)l->len_attr;
}

/* Where the result starts and whether it fits: copy, at d->out; in place,
 * so that the kept bytes stay at q + pay_off (q = the quoted packet in
 * the input at d->out + d->pos + qoff). */
static uint8_t *place(const struct xlat_dest *d, const struct layout *l,
		      uint32_t qoff, const struct xlat_plan *ip, size_t *need)
{
	uint32_t total = l->ip + ICMP_HDR_LEN + l->ihdr + l->kept + l->pad + l->ext;
	uint32_t front = l->ip + ICMP_HDR_LEN + l->ihdr;
	size_t at;

	if (!d->in_place) {
		*need = total;
		return d->cap >= total ? d->out : NULL;
	}
	if (d->pos + qoff + ip->pay_off < front) {
		*need = front - qoff - ip->pay_off;
		return NULL;
	}
	at = d->pos + qoff + ip->pay_off - front;
	*need = at + total;
	return at + total <= d->cap ? d->out + at : NULL;
}

/* RFC 6791 §3 (pool first, then the translator's own address) for an
 * error source that cannot be mapped: the pool's prefix with its host
 * bits from the low bits of the original source. */
static int source6(const v6t_xlat_config *c, const uint8_t *src4, uint8_t *src6)
{
	static const uint8_t zero[16];
	unsigned i;

	if (memcmp(src6, zero, 16) != 0)
		return V6T_OK;
	if (c->flags & V6T_XLAT_RFC6791_V6) {
		uint32_t s = v6t_ld_be32(src4);

		memcpy(src6, c->rfc6791_v6.addr.b, 16);
		for (i = c->rfc6791_v6.len; i < 128; i++)
			if (127 - i < 32 && (s >> (127 - i) & 1))
				src6[i / 8] |= (uint8_t)(0x80u >> (i % 8));
		return V6T_OK;
	}
	if (memcmp(c->self6.b, zero, 16) == 0)
		return V6T_EXLAT_NO_SOURCE;
	memcpy(src6, c->self6.b, 16);
	return V6T_OK;
}

static int source4(const v6t_xlat_config *c, const uint8_t *src6, uint8_t *src4)
{
	static const uint8_t zero[4];
	unsigned i;

	if (memcmp(src4, zero, 4) != 0)
		return V6T_OK;
	if (c->flags & V6T_XLAT_RFC6791_V4) {
		uint32_t s = v6t_ld_be32(src6 + 12), a = v6t_ld_be32(c->rfc6791_v4.addr.b);

		for (i = c->rfc6791_v4.len; i < 32; i++)
			a |= s & (1u << (31 - i));
		v6t_st_be32(src4, a);
		return V6T_OK;
	}
	if (memcmp(c->self4.b, zero, 4) == 0)
		return V6T_EXLAT_NO_SOURCE;
	memcpy(src4, c->self4.b, 4);
	return V6T_OK;
}

/*
 * Lay out, place and write a translated error whose outer header oh is
 * ip_len bytes (IPv6 40: 1280 bytes at most, 64-bit RFC 4884 units, the
 * length attribute in byte 4; IPv4 20: 576, 32-bit units, byte 5).
 * V6T_OK with *base and *len the whole; V6T_ENOSPC with *len the room
 * needed. The caller sets the outer length fields and the checksums.
 */
static int compose(const struct xlat_dest *d, const struct xlat_plan *p,
		   const struct xlat_plan *ip, const struct parts *s,
		   const struct icmp_hdr *h, const uint8_t *oh, uint32_t ip_len,
		   struct layout *l, uint8_t **base, size_t *len)
{
	int v6 = ip_len == IP6_HDR_LEN;

	memset(l, 0, sizeof *l);
	l->ip = ip_len;
	l->ihdr = ip->hdr_len;
	l->kept = ip->pay_end - ip->pay_off;
	l->ext = h->ext ? s->ext_len : 0;
	lay_out(l, v6 ? 8 : 4, v6 ? ICMP6_MAX : ICMP4_MAX);
	if ((*base = place(d, l, p->pay_off + ICMP_HDR_LEN, ip, len)) == NULL)
		return V6T_ENOSPC;
	write_error(*base, l, oh, h, v6 ? 4 : 5, ip, s->orig, s->ext);
	*len = l->ip + ICMP_HDR_LEN + l->ihdr + l->kept + l->pad + l->ext;
	return V6T_OK;
}

/*
 * Whether the translated quote of a composed error walks as a quote
 * (V6T_PKT_OPT_TRUNCATED), as the forwarded packets do (xlat_packet.c):
 * the translated header chain, and a quote cut inside its datagram that
 * the RFC 4884 padding (zeros after it) makes look whole, whose upper
 * layer then runs past the datagram's declared end (a hostile inner
 * packet, e.g. UDP in 2 bytes). Such an error is not sent: its output
 * would be malformed.
 */
static int quote_parses(const uint8_t *base, const struct layout *l)
{
	v6t_pkt iv;

	return v6t_pkt_parse(base + l->ip + ICMP_HDR_LEN, l->ihdr + l->kept + l->pad,
			     V6T_PKT_OPT_TRUNCATED, &iv) == V6T_OK;
}

/* The quoted packet, walked and planned (mode XLAT_INNER, and
 * XLAT_HAIRPINNED in a hairpinned error). */
static int plan_quote(const v6t_xlat *x, const struct parts *s, unsigned version,
		      unsigned mode, struct xlat_plan *ip)
{
	struct xlat_err e;
	v6t_pkt iv;
	int rc;

	if (s->orig_len == 0 ||
	    v6t_pkt_parse(s->orig, s->orig_len, V6T_PKT_OPT_TRUNCATED, &iv) != V6T_OK ||
	    iv.version != version)
		return V6T_EXLAT_ICMP_INNER;
	mode = XLAT_INNER | (mode & XLAT_HAIRPINNED);
	rc = version == 4 ? xlat46_plan(x, s->orig, &iv, mode, ip, &e)
			  : xlat64_plan(x, s->orig, &iv, mode, ip, &e);
	if (rc == XLAT_PLANNED)
		return V6T_OK;
	return rc == V6T_EXLAT_NO_MAPPING || rc == V6T_EADDR_NOT_GLOBAL ? rc
									 : V6T_EXLAT_ICMP_INNER;
}

/* see xlat_internal.h; §4.2, §4.3 */
int xlat_icmp46_error(const v6t_xlat *x, const uint8_t *pkt, const v6t_pkt *v,
		      unsigned mode, const struct xlat_plan *p,
		      const struct xlat_dest *d, uint8_t **data, size_t *len)
{
	const uint8_t *m = pkt + p->pay_off;
	uint32_t mlen = v->end - p->pay_off;
	struct xlat_plan ip;
	struct icmp_hdr h;
	struct layout l;
	struct parts s;
	uint8_t oh[IP6_HDR_LEN], *base;
	size_t need;
	int rc;

	if (mlen < ICMP_HDR_LEN + IP4_HDR_MIN)
		return V6T_EXLAT_ICMP_INNER;
	/* only the outer checksum is verified: the quoted packet's
	 * checksums are not (it is cut, and its sender's) */
	if (v6t_csum_fold(v6t_csum_add(0, m, mlen)) != 0)
		return V6T_EXLAT_ICMP_CHECKSUM;
	/* RFC 4884 §4.1: the length attribute, byte 5, in 32-bit words;
	 * Parameter Problem (12) has it too (its pointer is byte 4) */
	split_parts(m, mlen, (uint32_t)m[5] * 4, &s);
	if ((rc = plan_quote(x, &s, 4, mode, &ip)) != V6T_OK)
		return rc;
	if ((rc = map46(&x->c_, m, v6t_ld_be16(s.orig + IP4_TOTLEN_OFF), &h)) != V6T_OK)
		return rc;
	memcpy(oh, p->hdr, IP6_HDR_LEN);
	/* RFC 7757 §4.2.1 rule 3: the outer source that is the quoted
	 * destination, by RFC 6052 alone, as that one was */
	if ((mode & XLAT_HAIRPINNED) && memcmp(pkt + 12, s.orig + 16, 4) == 0)
		memcpy(oh + 8, ip.hdr + 24, 16);
	if ((rc = source6(&x->c_, pkt + 12, oh + 8)) != V6T_OK)
		return rc;
	if ((rc = compose(d, p, &ip, &s, &h, oh, IP6_HDR_LEN, &l, &base, len)) != V6T_OK)
		return rc;
	if (!quote_parses(base, &l))
		return V6T_EXLAT_ICMP_INNER;
	need = *len;
	v6t_st_be16(base + IP6_PLEN_OFF, (uint16_t)(need - IP6_HDR_LEN));
	base[IP6_NH_OFF] = PROTO_ICMP6;
	v6t_st_be16(base + l.ip + ICMP_CSUM_OFF,
		    v6t_csum_fold(v6t_csum_add(v6t_csum_pseudo6(base + 8, base + 24,
								(uint32_t)(need - l.ip),
								PROTO_ICMP6),
					       base + l.ip, need - l.ip)));
	*data = base;
	*len = need;
	return V6T_OK;
}

/* see xlat_internal.h; §5.2, §5.3 */
int xlat_icmp64_error(const v6t_xlat *x, const uint8_t *pkt, const v6t_pkt *v,
		      const struct xlat_plan *p, const struct xlat_dest *d,
		      uint8_t **data, size_t *len)
{
	const uint8_t *m = pkt + p->pay_off;
	uint32_t mlen = v->end - p->pay_off;
	struct xlat_plan ip;
	struct icmp_hdr h;
	struct layout l;
	struct parts s;
	uint8_t oh[IP4_HDR_MIN], *base;
	size_t need;
	int rc;

	if (mlen < ICMP_HDR_LEN + IP6_HDR_LEN)
		return V6T_EXLAT_ICMP_INNER;
	if (v6t_csum_fold(v6t_csum_add(v6t_csum_pseudo6(pkt + 8, pkt + 24, mlen,
							PROTO_ICMP6),
				       m, mlen)) != 0)
		return V6T_EXLAT_ICMP_CHECKSUM;
	/* RFC 4884 §4.2: byte 4, in 64-bit words, for Destination
	 * Unreachable and Time Exceeded (the others have none) */
	split_parts(m, mlen, (m[0] == 1 || m[0] == 3) ? (uint32_t)m[4] * 8 : 0, &s);
	if ((rc = plan_quote(x, &s, 6, 0, &ip)) != V6T_OK)
		return rc;
	if ((rc = map64(&x->c_, m, &h)) != V6T_OK)
		return rc;
	memcpy(oh, p->hdr, IP4_HDR_MIN);
	if ((rc = source4(&x->c_, pkt + 8, oh + 12)) != V6T_OK)
		return rc;
	if ((rc = compose(d, p, &ip, &s, &h, oh, IP4_HDR_MIN, &l, &base, len)) != V6T_OK)
		return rc;
	if (!quote_parses(base, &l))
		return V6T_EXLAT_ICMP_INNER;
	need = *len;
	/* the outer header: its length, DF clear at this size (§5.1), an
	 * Identification for it (RFC 6864 §4.2), the checksums */
	v6t_st_be16(base + IP4_TOTLEN_OFF, (uint16_t)need);
	base[IP4_PROTO_OFF] = 1;
	v6t_st_be16(base + l.ip + ICMP_CSUM_OFF,
		    v6t_csum_fold(v6t_csum_add(0, base + l.ip, need - l.ip)));
	if (v6t_ld_be16(base + IP4_FRAG_OFF) & IP4_DF) {
		/* planned for the whole message's size, above 1260 */
		v6t_st_be16(base + IP4_FRAG_OFF, 0);
		v6t_st_be16(base + IP4_ID_OFF,
			    xlat_ipv4_id(x, base, base + l.ip, (uint32_t)(need - l.ip)));
	}
	v6t_ip4_set_checksum(base, IP4_HDR_MIN);
	*data = base;
	*len = need;
	return V6T_OK;
}
