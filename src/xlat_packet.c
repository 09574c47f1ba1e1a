/*
 * libv6transit - translating one packet: the verdict, the two ways of
 * writing it (copy, in place), fragments, hairpinning and the errors the
 * translator answers with (RFC 7915 §4.4, §5.4).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <string.h>

#include <v6transit/icmp.h>

#include "bytes.h"
#include "packet_walk.h"
#include "xlat_internal.h"

/* the room a translated header may need beyond the old one: IPv6 and a
 * Fragment header for an IPv4 header without options */
#define GROW46 (IP6_HDR_LEN + FRAG_HDR_LEN - IP4_HDR_MIN)
#define ICMP4_ERR_HDR (IP4_HDR_MIN + 8)
#define ICMP6_ERR_HDR (IP6_HDR_LEN + 8)

static void set_verdict(v6t_xlat_result *res, int verdict, int reason)
{
	res->verdict = verdict;
	res->reason = reason;
}

static void apply_patches(const struct xlat_plan *p, uint8_t *pay)
{
	unsigned k;

	for (k = 0; k < 2; k++)
		if (p->patch_off[k] != XLAT_NO_PATCH)
			v6t_st_be16(pay + p->patch_off[k], p->patch_val[k]);
}

/*
 * Write plan p: the new headers, then the kept bytes with their patches.
 * In place, the kept bytes stay where they are and the headers go just
 * in front of them. Returns the first byte, or NULL when there is no
 * room (*need: the bytes needed, or for in place the headroom).
 */
static uint8_t *emit(const struct xlat_plan *p, const uint8_t *pkt,
		     const struct xlat_dest *d, size_t *need)
{
	size_t n = p->pay_end - p->pay_off;
	uint8_t *h;

	if (d->in_place) {
		if (d->pos + p->pay_off < p->hdr_len) {
			*need = p->hdr_len - p->pay_off;
			return NULL;
		}
		h = d->out + d->pos + p->pay_off - p->hdr_len;
	} else {
		if (d->cap < p->hdr_len + n) {
			*need = p->hdr_len + n;
			return NULL;
		}
		h = d->out;
		memcpy(h + p->hdr_len, pkt + p->pay_off, n);
	}
	memcpy(h, p->hdr, p->hdr_len);
	apply_patches(p, h + p->hdr_len);
	*need = p->hdr_len + n;
	return h;
}

/* Whether the translator answers a packet dropped for reason. */
static int answered(int reason)
{
	switch (reason) {
	case V6T_EXLAT_TTL:
	case V6T_EXLAT_SOURCE_ROUTE:
	case V6T_EXLAT_TOO_BIG:
	case V6T_EXLAT_UDP_ZERO:
	case V6T_EXLAT_SEGMENTS_LEFT:
	case V6T_EXLAT_FRAG_EXT:
		return 1;
	default:
		return 0;
	}
}

/*
 * v6t_icmp_may_answer() for the packet. One whose chain the walker
 * refused (a Hop-by-Hop header not first) is judged by its IPv6 header
 * alone, as if No Next Header (59) followed: its addresses decide, and it
 * is no ICMPv6 message as far as it can be read.
 */
static int may_answer(const uint8_t *pkt, const v6t_pkt *v, int reason,
		      const struct xlat_err *e)
{
	uint8_t h[IP6_HDR_LEN];

	if (reason != V6T_EPKT_HOP_BY_HOP)
		return v6t_icmp_may_answer(pkt, v->end, e->type, e->code);
	memcpy(h, pkt, IP6_HDR_LEN);
	h[IP6_PLEN_OFF] = h[IP6_PLEN_OFF + 1] = 0;
	h[IP6_NH_OFF] = 59;
	return v6t_icmp_may_answer(h, sizeof h, e->type, e->code);
}

/*
 * The error for a packet dropped for reason (e from the planner), from
 * the translator's own address to the packet's source (RFC 4443 §2.2).
 * §4.4 / §5.4: never about an ICMP error (v6t_icmp_may_answer()), and not
 * when the configuration says so.
 */
static int answer(const v6t_xlat *x, const uint8_t *pkt, const v6t_pkt *v,
		  int reason, const struct xlat_err *e, const struct xlat_dest *d,
		  v6t_xlat_result *res)
{
	v6t_icmp_params ip;
	size_t n = 0, hdr = v->version == 4 ? ICMP4_ERR_HDR : ICMP6_ERR_HDR;
	uint8_t *o = d->out;
	size_t cap = d->cap;
	int rc;

	set_verdict(res, V6T_XLAT_DROP, reason);
	if ((x->c_.flags & V6T_XLAT_NO_ICMP_ERRORS) || !may_answer(pkt, v, reason, e))
		return V6T_OK;
	memset(&ip, 0, sizeof ip);
	ip.type = e->type;
	ip.code = e->code;
	ip.rest = e->rest;
	if (v->version == 4) {
		/* RFC 1812 §4.3.2.5 precedence; RFC 6864 §4.3: a DF=0
		 * error needs an Identification of its own */
		ip.tclass = V6T_ICMP4_TOS_INTERNETWORK_CONTROL;
		ip.ip_id = xlat_ipv4_id(x, pkt, pkt + IP4_HDR_MIN, v->end - IP4_HDR_MIN);
	}
	if (d->in_place) {
		/* built over the packet: the quote stays where it is */
		if (d->pos < hdr) {
			res->len = hdr; /* the headroom needed (xlat.h) */
			return V6T_ENOSPC;
		}
		o = d->out + d->pos - hdr;
		cap = d->cap - (d->pos - hdr);
	}
	if (v->version == 4) {
		v6t_in4 src;
		static const v6t_in4 none;

		if (memcmp(&x->c_.self4, &none, sizeof none) == 0)
			return V6T_OK;
		memcpy(src.b, pkt + 12, 4);
		rc = v6t_icmp4_error_build(o, cap, &n, &x->c_.self4, &src, &ip,
					   pkt, v->end);
	} else {
		v6t_in6 src;
		static const v6t_in6 none;

		if (memcmp(&x->c_.self6, &none, sizeof none) == 0)
			return V6T_OK;
		memcpy(src.b, pkt + 8, 16);
		rc = v6t_icmp6_error_build(o, cap, &n, &x->c_.self6, &src, &ip,
					   pkt, v->end);
	}
	if (rc == V6T_ENOSPC) {
		res->len = n;
		return rc;
	}
	if (rc != V6T_OK)
		return V6T_OK; /* stays a drop */
	set_verdict(res, V6T_XLAT_ICMP_ERROR, reason);
	res->data = o;
	res->len = n;
	res->version = v->version;
	return V6T_OK;
}

/* Forward what emit() wrote. An IPv4 protocol that IPv6 reads as an
 * extension header (RFC 7915 §4.1 copies it) must make a chain the walker
 * accepts: nothing malformed is forwarded. */
static int forward(const struct xlat_plan *p, const uint8_t *pkt,
		   const struct xlat_dest *d, v6t_xlat_result *res)
{
	size_t need;
	uint8_t *h = emit(p, pkt, d, &need);
	v6t_pkt w;
	int rc;

	if (h == NULL) {
		res->len = need;
		return V6T_ENOSPC;
	}
	if (p->version == 6 && v6t_nh_kind[p->proto] >= NH_EXT &&
	    (rc = v6t_pkt_parse(h, need, 0, &w)) != V6T_OK) {
		set_verdict(res, V6T_XLAT_DROP, rc);
		return V6T_OK;
	}
	set_verdict(res, V6T_XLAT_FORWARD, V6T_OK);
	res->data = h;
	res->len = need;
	res->version = p->version;
	return V6T_OK;
}

/* The fragments of a packet too big for the next hop: IPv4 to IPv6, the
 * IPv4 packet is split first and each piece translated (RFC 7915 §4.1,
 * "the IPv4 packets should be fragmented so that their length, excluding
 * the IPv4 header, is at most 1232 bytes"); IPv6 to IPv4, the translated
 * packet is split for the IPv4 MTU (§5.1.1). */
static int split(const v6t_xlat *x, const struct xlat_plan *p,
		 const uint8_t *pkt, const v6t_pkt *v, const struct xlat_dest *d,
		 v6t_xlat_result *res)
{
	const v6t_xlat_config *c = &x->c_;
	int rc;

	if (p->version == 6) {
		uint32_t limit = c->lowest_ipv6_mtu < c->mtu6 ? c->lowest_ipv6_mtu
							      : c->mtu6;

		rc = v6t_frag_split_begin(&res->split_, pkt, v->end,
					  limit - GROW46, 0);
		/* the transport header's words, for the first piece */
		memcpy(res->patch_off_, p->patch_off, sizeof res->patch_off_);
		memcpy(res->patch_val_, p->patch_val, sizeof res->patch_val_);
	} else {
		if ((rc = forward(p, pkt, d, res)) != V6T_OK)
			return rc;
		rc = v6t_frag_split_begin(&res->split_, res->data, res->len,
					  c->mtu4, 0);
	}
	if (rc != V6T_OK) {
		set_verdict(res, V6T_XLAT_DROP, rc);
		res->data = NULL;
		res->len = 0;
		return V6T_OK;
	}
	set_verdict(res, V6T_XLAT_FRAGMENTS, V6T_OK);
	res->data = NULL;
	res->len = 0;
	res->version = p->version;
	res->count = res->split_.count;
	res->step_ = 0;
	res->x_ = x;
	return V6T_OK;
}

static int translate(const v6t_xlat *x, const uint8_t *pkt, size_t len,
		     const struct xlat_dest *d, unsigned mode, v6t_xlat_result *res);

/* What the second pass of hairpinning grows in front of the IPv4 packet
 * in between, whose headers (and a quoted packet's) have no options: an
 * ICMPv4 error header and quoted IPv4 header become an ICMPv6 error header
 * and a quoted IPv6 header with a Fragment header. Not more, so that an
 * ICMPv6 error that grows by 68 bytes in the first pass (a quote of only
 * an IPv6 header padded to RFC 4884's 128 bytes) still fits
 * V6T_XLAT_GROWTH. */
#define HAIRPIN_FRONT (ICMP6_ERR_HDR + IP6_HDR_LEN + FRAG_HDR_LEN - ICMP4_ERR_HDR - \
		       IP4_HDR_MIN)

/* RFC 7757 §4.2.2: the IPv4 packet the IPv6 one becomes is translated
 * back to IPv6 at once (its TTL already decremented); copying, the IPv4
 * packet is written where the IPv6 one can grow in front of it. */
static int hairpin(const v6t_xlat *x, const uint8_t *pkt, size_t len,
		   const struct xlat_dest *d, v6t_xlat_result *res)
{
	struct xlat_dest mid = *d;
	int rc;

	if (!d->in_place) {
		if (d->cap < HAIRPIN_FRONT) {
			res->len = HAIRPIN_FRONT + len;
			return V6T_ENOSPC;
		}
		mid.out = d->out + HAIRPIN_FRONT;
		mid.cap = d->cap - HAIRPIN_FRONT;
	}
	if ((rc = translate(x, pkt, len, &mid, XLAT_NO_HAIRPIN, res)) != V6T_OK ||
	    res->verdict != V6T_XLAT_FORWARD)
		return rc;
	mid = *d;
	mid.in_place = 1;
	mid.pos = (size_t)(res->data - d->out);
	rc = translate(x, res->data, res->len, &mid, XLAT_HAIRPINNED, res);
	if (rc == V6T_OK && res->verdict == V6T_XLAT_ICMP_ERROR) {
		/* an ICMPv4 error about the IPv4 packet in between (for a
		 * UDP checksum 0, which IPv6 does not allow) would go out on
		 * the IPv6 side as IPv4: dropped, the reason kept */
		res->verdict = V6T_XLAT_DROP;
		res->data = NULL;
		res->len = 0;
		res->version = 0;
	}
	return rc;
}

/* One packet, either way (mode: hairpinning's XLAT_NO_HAIRPIN or
 * XLAT_HAIRPINNED). */
static int translate(const v6t_xlat *x, const uint8_t *pkt, size_t len,
		     const struct xlat_dest *d, unsigned mode, v6t_xlat_result *res)
{
	struct xlat_plan p;
	struct xlat_err e;
	v6t_pkt v;
	size_t n;
	int rc, step;

	memset(&e, 0, sizeof e);
	if ((rc = v6t_pkt_parse(pkt, len, 0, &v)) != V6T_OK) {
		if (rc == V6T_EPKT_HOP_BY_HOP) {
			/* RFC 8200 §4.1: Hop-by-Hop comes first; one after the
			 * Fragment header is §5.1.1's extension header there,
			 * answered as Jool does (README note 9, §5.4) */
			memset(&v, 0, sizeof v);
			v.version = 6;
			v.end = IP6_HDR_LEN + v6t_ld_be16(pkt + IP6_PLEN_OFF);
			e.type = 1;
			e.code = 1;
			return answer(x, pkt, &v, rc, &e, d, res);
		}
		set_verdict(res, V6T_XLAT_DROP, rc);
		return V6T_OK;
	}
	step = v.version == 4 ? xlat46_plan(x, pkt, &v, mode, &p, &e)
			      : xlat64_plan(x, pkt, &v, mode, &p, &e);
	if (step == V6T_EXLAT_UDP_ZERO) {
		/* §4.5 with §4.4: Destination Unreachable, code 13 */
		e.type = 3;
		e.code = 13;
	}
	if (step < 0) {
		/* e.type 0: a reason the planner does not answer for */
		if (answered(step) && e.type != 0)
			return answer(x, pkt, &v, step, &e, d, res);
		set_verdict(res, V6T_XLAT_DROP, step);
		return V6T_OK;
	}
	switch (step) {
	case XLAT_SPLIT:
		return split(x, &p, pkt, &v, d, res);
	case XLAT_HAIRPIN_BACK:
		return hairpin(x, pkt, len, d, res);
	case XLAT_ICMP_ERROR:
		rc = v.version == 4 ? xlat_icmp46_error(x, pkt, &v, mode, &p, d, &res->data, &n)
				    : xlat_icmp64_error(x, pkt, &v, &p, d, &res->data, &n);
		if (rc == V6T_ENOSPC) {
			res->data = NULL;
			res->len = n;
			return rc;
		}
		if (rc != V6T_OK) {
			res->data = NULL;
			set_verdict(res, V6T_XLAT_DROP, rc);
			return V6T_OK;
		}
		set_verdict(res, V6T_XLAT_FORWARD, V6T_OK);
		res->len = n;
		res->version = p.version;
		return V6T_OK;
	default:
		return forward(&p, pkt, d, res);
	}
}

static void result_init(v6t_xlat_result *res)
{
	memset(res, 0, sizeof *res);
	res->verdict = V6T_XLAT_DROP;
}

/* The flow label of a translated IPv6 packet, when configured. */
static void label(const v6t_xlat *x, v6t_xlat_result *res)
{
	uint32_t l;
	int w;

	if ((x->c_.flags & V6T_XLAT_FLOWLABEL) && res->verdict == V6T_XLAT_FORWARD &&
	    res->version == 6)
		(void)v6t_flowlabel_set(&x->c_.flow_key, res->data, res->len, 0, &l, &w);
}

/* see xlat_internal.h */
int xlat_label(const v6t_xlat *x, v6t_xlat_result *res)
{
	label(x, res);
	return V6T_OK;
}

/* see xlat_internal.h */
int xlat_translate_general(const v6t_xlat *x, const uint8_t *pkt, size_t len,
			   const struct xlat_dest *d, v6t_xlat_result *res)
{
	int rc;

	result_init(res);
	if ((rc = translate(x, pkt, len, d, 0, res)) == V6T_OK)
		label(x, res);
	return rc;
}

/* The fast path's other shapes (xlat_fast.c) where they apply, else the
 * general one. */
static int translate_any(const v6t_xlat *x, const uint8_t *pkt, size_t len,
			 const struct xlat_dest *d, v6t_xlat_result *res)
{
	if (!xlat_fast_rest(x, pkt, len, d, res))
		return xlat_translate_general(x, pkt, len, d, res);
	label(x, res);
	return V6T_OK;
}

/* see xlat_internal.h */
int xlat_translate_rest(const v6t_xlat *x, const uint8_t *pkt, size_t len,
			uint8_t *out, size_t cap, v6t_xlat_result *res)
{
	struct xlat_dest d;

	d.out = out;
	d.cap = cap;
	d.pos = 0;
	d.in_place = 0;
	return translate_any(x, pkt, len, &d, res);
}

/* see xlat_internal.h */
int xlat_translate_inplace_rest(const v6t_xlat *x, uint8_t *buf, size_t cap,
				size_t off, size_t len, v6t_xlat_result *res)
{
	struct xlat_dest d;

	d.out = buf;
	d.cap = cap;
	d.pos = off;
	d.in_place = 1;
	return translate_any(x, buf + off, len, &d, res);
}

/* The next piece of an IPv4 packet, translated to an IPv6 fragment: the
 * piece is cut GROW46 bytes into out and its headers rewritten in front
 * of its data, then moved to out's start. */
static int next46(v6t_xlat_result *res, uint8_t *out, size_t cap, size_t *outlen)
{
	struct xlat_plan p;
	struct xlat_err e;
	struct xlat_dest d;
	v6t_pkt v;
	size_t n, need;
	uint8_t *h;
	int rc;

	int first = res->split_.index == 0;
	unsigned k;

	if (cap < GROW46) {
		*outlen = GROW46 + 1;
		return V6T_ENOSPC;
	}
	if ((rc = v6t_frag_split_next(&res->split_, out + GROW46, cap - GROW46, &n)) != V6T_OK) {
		if (rc == V6T_ENOSPC)
			*outlen = n + GROW46;
		return rc;
	}
	if (v6t_pkt_parse(out + GROW46, n, 0, &v) != V6T_OK ||
	    xlat46_plan(res->x_, out + GROW46, &v, XLAT_PIECE, &p, &e) != XLAT_PLANNED)
		return V6T_EINVAL; /* cannot happen: the whole passed */
	d.out = out;
	d.cap = cap;
	d.pos = GROW46;
	d.in_place = 1;
	h = emit(&p, out + GROW46, &d, &need);
	for (k = 0; first && k < 2; k++)
		if (res->patch_off_[k] != XLAT_NO_PATCH)
			v6t_st_be16(h + p.hdr_len + res->patch_off_[k], res->patch_val_[k]);
	memmove(out, h, need);
	*outlen = need;
	return V6T_OK;
}

/* see xlat.h */
int v6t_xlat_next_fragment(v6t_xlat_result *res, uint8_t *out, size_t cap,
			   size_t *outlen)
{
	int rc;

	if (res == NULL || out == NULL || outlen == NULL ||
	    res->verdict != V6T_XLAT_FRAGMENTS || res->split_.index >= res->split_.count)
		return V6T_EINVAL;
	if (res->version == 6)
		rc = next46(res, out, cap, outlen);
	else
		rc = v6t_frag_split_next(&res->split_, out, cap, outlen);
	if (rc == V6T_OK && res->version == 6 &&
	    (res->x_->c_.flags & V6T_XLAT_FLOWLABEL)) {
		uint32_t l;
		int w;

		(void)v6t_flowlabel_set(&res->x_->c_.flow_key, out, *outlen, 0, &l, &w);
	}
	return rc;
}
