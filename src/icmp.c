/*
 * libv6transit - ICMPv4 / ICMPv6 error messages that quote a packet
 * (RFC 792, RFC 4443 §3, RFC 4884) and the rules on when one may be sent
 * (RFC 4443 §2.4 (e), RFC 1812 §4.3.2.7, RFC 1122 §3.2.2); icmp.h.
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Both builders share one body, build(), parametrised by what differs
 * between the versions (struct ver): header lengths, the RFC 4884 unit
 * and the place of the length attribute, the default limit. The outer IP
 * header is written last, so that a quote lying in the output (in place)
 * is moved before anything could overwrite it.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <v6transit/icmp.h>

#include "bytes.h"
#include "checksum.h"
#include "icmp_rules.h"
#include "packet_walk.h"

#define IP4_HDR_LEN 20
#define IP4_TOS_OFF 1
#define IP4_TTL_OFF 8
#define IP4_SRC_OFF 12
#define IP4_DST_OFF 16
#define IP6_HLIM_OFF 7
#define IP6_SRC_OFF 8
#define IP6_DST_OFF 24
#define ICMP_HDR_LEN 8
#define ICMP_CSUM_OFF 2
#define ICMP_REST_OFF 4
#define PROTO_ICMP 1
#define PROTO_ICMPV6 58
#define DEFAULT_HOP_LIMIT 64
#define IP4_DATAGRAM_MAX 0xffffu        /* RFC 791 §3.1: Total Length */
#define IP6_PAYLOAD_MAX 0xffffu         /* RFC 8200 §3: Payload Length */

/* RFC 4884 §4: the length attribute is one byte. */
#define EXT_LEN_ATTR_MAX 255u
/* RFC 4884 §7, §8: the extension header and at least one object header,
 * each a 32-bit word. */
#define ICMP_EXT_MIN_LEN 8u
#define EXT_WORD 4u
#define EXT_CSUM_OFF 2

/* RFC 792, RFC 1122 §3.2.2: the ICMPv4 error messages. */
#define ICMP4_UNREACH 3
#define ICMP4_SOURCE_QUENCH 4
#define ICMP4_REDIRECT 5
#define ICMP4_TIME_EXCEEDED 11
#define ICMP4_PARAM_PROB 12
/* RFC 4443 §2.1: types 0..127 are errors (0 is reserved). */
#define ICMP6_UNREACH 1
#define ICMP6_TOO_BIG 2
#define ICMP6_TIME_EXCEEDED 3
#define ICMP6_PARAM_PROB 4
#define ICMP6_PP_OPTION 2 /* RFC 4443 §3.4 code 2: unrecognized option */
#define ICMP6_INFO_MIN 128
#define ICMP6_REDIRECT 137 /* RFC 4861 §4.5 */

/* ------------------------------------------------------------ rules */

static int icmp4_is_error(unsigned type)
{
	return type == ICMP4_UNREACH || type == ICMP4_SOURCE_QUENCH ||
	       type == ICMP4_REDIRECT || type == ICMP4_TIME_EXCEEDED ||
	       type == ICMP4_PARAM_PROB;
}

static int is_zero(const uint8_t *a, size_t n)
{
	uint8_t any = 0;
	size_t k;

	for (k = 0; k < n; k++)
		any |= a[k];
	return any == 0;
}

/* RFC 4291 §2.5.3: ::1. */
static int is_loopback6(const uint8_t *a)
{
	return is_zero(a, 15) && a[15] == 1;
}

/* RFC 4443 §2.4 (e); the exceptions of (e.3) for a multicast destination. */
static int allow6(const struct v6t_icmp_subject *s, unsigned type,
		  unsigned code)
{
	const uint8_t *src = s->pkt + IP6_SRC_OFF, *dst = s->pkt + IP6_DST_OFF;
	int mcast_ok = type == ICMP6_TOO_BIG ||
		       (type == ICMP6_PARAM_PROB && code == ICMP6_PP_OPTION);

	if (dst[0] == 0xff && !mcast_ok)
		return 0;
	/* (e.6): unspecified, multicast; loopback never comes from outside */
	if (src[0] == 0xff || is_zero(src, 16) || is_loopback6(src))
		return 0;
	if (s->upper != PROTO_ICMPV6)
		return 1;
	/* (e.1), (e.2); an unseen type may be an error */
	return s->icmp_type >= ICMP6_INFO_MIN && s->icmp_type != ICMP6_REDIRECT;
}

/* RFC 1812 §4.3.2.7, RFC 1122 §3.2.2. */
static int allow4(const struct v6t_icmp_subject *s)
{
	unsigned sb = s->pkt[IP4_SRC_OFF], db = s->pkt[IP4_DST_OFF];

	if ((db & 0xf0u) == 0xe0u || v6t_ld_be32(s->pkt + IP4_DST_OFF) == 0xffffffffu)
		return 0;
	/* 0/8, 127/8, 224/4 and 240/4: not one host's address */
	if (sb == 0 || sb == 127 || sb >= 224)
		return 0;
	if (s->later_frag)
		return 0;
	if (s->upper != PROTO_ICMP)
		return 1;
	return s->icmp_type >= 0 && !icmp4_is_error((unsigned)s->icmp_type);
}

/* see icmp_rules.h */
int v6t_icmp_rules_allow(const struct v6t_icmp_subject *s,
			 unsigned err_type, unsigned err_code)
{
	return s->version == 6 ? allow6(s, err_type, err_code) : allow4(s);
}

/* see icmp.h */
int v6t_icmp_may_answer(const uint8_t *pkt, size_t len, uint8_t err_type,
			uint8_t err_code)
{
	struct v6t_icmp_subject s;
	v6t_pkt v;

	if (pkt == NULL ||
	    v6t_pkt_walk(pkt, len, V6T_PKT_OPT_TRUNCATED, &v) != V6T_OK)
		return 0;
	s.pkt = pkt;
	s.version = v.version;
	s.upper = v.proto;
	s.later_frag = v.version == 4 && v.frag_offset != 0;
	s.icmp_type = (v.flags & V6T_PKT_L4) && v.l4_off < v.end
			      ? pkt[v.l4_off] : -1;
	return v6t_icmp_rules_allow(&s, err_type, err_code);
}

/* ------------------------------------------------------------ builders */

/* What differs between ICMPv4 and ICMPv6 errors. */
struct ver {
	size_t ip_len;        /* outer IP header */
	size_t def_limit;     /* icmp.h v6t_icmp_params::limit 0 */
	size_t max_limit;     /* the largest datagram */
	size_t unit;          /* RFC 4884 §4: of the length attribute */
	size_t len_attr_off;  /* its byte in the ICMP header */
};

/* RFC 4884 §4: ICMPv4 counts 32-bit words in the sixth byte, ICMPv6
 * 64-bit words in the fifth. */
static const struct ver v4 = {
	IP4_HDR_LEN, V6T_ICMP4_LIMIT, IP4_DATAGRAM_MAX, 4, 5
};
static const struct ver v6 = {
	IP6_HDR_LEN, V6T_ICMP6_LIMIT, IP6_HDR_LEN + IP6_PAYLOAD_MAX, 8, 4
};

/* The sizes of one error: quoted bytes, zero padding, extension. */
struct shape {
	size_t copy, pad, ext_len, total;
	uint8_t len_attr;
};

static size_t round_down(size_t n, size_t unit)
{
	return n - n % unit;
}

/*
 * icmp.h "How much is quoted": room is the limit less the headers. With
 * an extension, the field is the quote rounded up to the unit, at least
 * 128, at most 255 units; cut to the room the extension leaves, not below
 * 128; else the extension is left out.
 */
static void shape_of(const struct ver *vr, size_t room, size_t qlen,
		     size_t ext_len, struct shape *sh)
{
	size_t maxq = EXT_LEN_ATTR_MAX * vr->unit, field;

	sh->ext_len = 0;
	sh->len_attr = 0;
	sh->pad = 0;
	sh->copy = qlen < room ? qlen : room;
	/* written so that a huge ext_len cannot wrap the sum */
	if (ext_len != 0 && ext_len <= room &&
	    room - ext_len >= V6T_ICMP_EXT_MIN_QUOTE) {
		field = qlen < maxq ? qlen : maxq;
		field = round_down(field + vr->unit - 1, vr->unit);
		if (field < V6T_ICMP_EXT_MIN_QUOTE)
			field = V6T_ICMP_EXT_MIN_QUOTE;
		if (field > room - ext_len)
			field = round_down(room - ext_len, vr->unit);
		/* 128 is a multiple of both units: field stays >= 128 */
		sh->copy = qlen < field ? qlen : field;
		sh->pad = field - sh->copy;
		sh->ext_len = ext_len;
		sh->len_attr = (uint8_t)(field / vr->unit);
	}
	sh->total = vr->ip_len + ICMP_HDR_LEN + sh->copy + sh->pad + sh->ext_len;
}

/* RFC 4884 §4.6: the messages an extension may be appended to. */
static int ext_allowed(const struct ver *vr, unsigned type)
{
	if (vr == &v4)
		return type == ICMP4_UNREACH || type == ICMP4_TIME_EXCEEDED ||
		       type == ICMP4_PARAM_PROB;
	return type == ICMP6_UNREACH || type == ICMP6_TIME_EXCEEDED;
}

static int type_ok(const struct ver *vr, unsigned type)
{
	if (vr == &v4)
		return icmp4_is_error(type);
	return type != 0 && type < ICMP6_INFO_MIN;
}

static int ext_len_ok(size_t n)
{
	return n >= ICMP_EXT_MIN_LEN && n % EXT_WORD == 0;
}

static void write_ip4(uint8_t *h, const v6t_icmp_params *p, size_t total,
		      const uint8_t *src, const uint8_t *dst)
{
	h[0] = 0x45; /* version 4, IHL 5 */
	h[IP4_TOS_OFF] = p->tclass;
	v6t_st_be16(h + IP4_TOTLEN_OFF, (uint16_t)total);
	/* the caller's Identification (RFC 6864 §4.3); DF and MF clear,
	 * offset 0 */
	v6t_st_be16(h + IP4_ID_OFF, p->ip_id);
	v6t_st_be16(h + IP4_FRAG_OFF, 0);
	h[IP4_TTL_OFF] = p->hop_limit ? p->hop_limit : DEFAULT_HOP_LIMIT;
	h[IP4_PROTO_OFF] = PROTO_ICMP;
	memcpy(h + IP4_SRC_OFF, src, 4);
	memcpy(h + IP4_DST_OFF, dst, 4);
	v6t_ip4_set_checksum(h, IP4_HDR_LEN);
}

static void write_ip6(uint8_t *h, const v6t_icmp_params *p, size_t total,
		      const uint8_t *src, const uint8_t *dst)
{
	h[0] = (uint8_t)(0x60u | p->tclass >> 4);
	h[1] = (uint8_t)((p->tclass & 0x0fu) << 4); /* flow label 0 */
	h[2] = 0;
	h[3] = 0;
	v6t_st_be16(h + IP6_PLEN_OFF, (uint16_t)(total - IP6_HDR_LEN));
	h[IP6_NH_OFF] = PROTO_ICMPV6;
	h[IP6_HLIM_OFF] = p->hop_limit ? p->hop_limit : DEFAULT_HOP_LIMIT;
	memcpy(h + IP6_SRC_OFF, src, 16);
	memcpy(h + IP6_DST_OFF, dst, 16);
}

/* icmp.h's V6T_EINVAL cases (but the addresses); the limit that applies
 * in *limit. */
static int args_ok(const struct ver *vr, const uint8_t *out,
		   const size_t *outlen, const v6t_icmp_params *p,
		   const uint8_t *quote, size_t qlen, size_t *limit)
{
	if (out == NULL || outlen == NULL || p == NULL ||
	    (quote == NULL && qlen != 0) || !type_ok(vr, p->type))
		return 0;
	if (p->ext_len != 0 && (p->ext == NULL || !ext_len_ok(p->ext_len) ||
				!ext_allowed(vr, p->type)))
		return 0;
	*limit = p->limit ? p->limit : vr->def_limit;
	if (*limit > vr->max_limit)
		*limit = vr->max_limit;
	return *limit >= vr->ip_len + ICMP_HDR_LEN;
}

/* The ICMP header, its checksum and the outer IP header, around the
 * quote, padding and extension already in place. */
static void write_headers(const struct ver *vr, uint8_t *out,
			  const v6t_icmp_params *p, const struct shape *sh,
			  const uint8_t *src, const uint8_t *dst)
{
	uint8_t *icmp = out + vr->ip_len;
	size_t icmp_len = sh->total - vr->ip_len;
	uint32_t sum = 0;

	icmp[0] = p->type;
	icmp[1] = p->code;
	icmp[2] = 0;
	icmp[3] = 0;
	v6t_st_be32(icmp + ICMP_REST_OFF, p->rest);
	if (ext_allowed(vr, p->type))
		icmp[vr->len_attr_off] = sh->len_attr; /* RFC 4884 §4, §5.4 */
	if (vr == &v4) {
		write_ip4(out, p, sh->total, src, dst);
	} else {
		write_ip6(out, p, sh->total, src, dst);
		/* RFC 4443 §2.3: the pseudo-header of RFC 8200 §8.1 */
		sum = v6t_csum_pseudo6(src, dst, (uint32_t)icmp_len,
				       PROTO_ICMPV6);
	}
	v6t_st_be16(icmp + ICMP_CSUM_OFF,
		    v6t_csum_fold(v6t_csum_add(sum, icmp, icmp_len)));
}

static int build(const struct ver *vr, uint8_t *out, size_t cap,
		 size_t *outlen, const uint8_t *src, const uint8_t *dst,
		 const v6t_icmp_params *p, const uint8_t *quote, size_t qlen)
{
	size_t hdrs = vr->ip_len + ICMP_HDR_LEN, limit;
	struct shape sh;

	if (!args_ok(vr, out, outlen, p, quote, qlen, &limit))
		return V6T_EINVAL;
	shape_of(vr, limit - hdrs, qlen, p->ext_len, &sh);
	if (cap < sh.total) {
		*outlen = sh.total;
		return V6T_ENOSPC;
	}
	/* the quote first: it may lie anywhere in out (icmp.h in place) */
	if (sh.copy != 0)
		memmove(out + hdrs, quote, sh.copy);
	memset(out + hdrs + sh.copy, 0, sh.pad);
	if (sh.ext_len != 0)
		memcpy(out + hdrs + sh.copy + sh.pad, p->ext, sh.ext_len);
	write_headers(vr, out, p, &sh, src, dst);
	*outlen = sh.total;
	return V6T_OK;
}

/* see icmp.h */
int v6t_icmp4_error_build(uint8_t *out, size_t cap, size_t *outlen,
			  const v6t_in4 *src, const v6t_in4 *dst,
			  const v6t_icmp_params *p, const uint8_t *quote,
			  size_t qlen)
{
	if (src == NULL || dst == NULL)
		return V6T_EINVAL;
	return build(&v4, out, cap, outlen, src->b, dst->b, p, quote, qlen);
}

/* see icmp.h */
int v6t_icmp6_error_build(uint8_t *out, size_t cap, size_t *outlen,
			  const v6t_in6 *src, const v6t_in6 *dst,
			  const v6t_icmp_params *p, const uint8_t *quote,
			  size_t qlen)
{
	if (src == NULL || dst == NULL)
		return V6T_EINVAL;
	return build(&v6, out, cap, outlen, src->b, dst->b, p, quote, qlen);
}

/* see icmp.h */
int v6t_icmp_ext_checksum(uint8_t *ext, size_t ext_len)
{
	if (ext == NULL || !ext_len_ok(ext_len))
		return V6T_EINVAL;
	ext[EXT_CSUM_OFF] = 0;
	ext[EXT_CSUM_OFF + 1] = 0;
	v6t_st_be16(ext + EXT_CSUM_OFF,
		    v6t_csum_fold(v6t_csum_add(0, ext, ext_len)));
	return V6T_OK;
}
