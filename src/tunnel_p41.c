/*
 * libv6transit - IPv6 transition building blocks.
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Protocol 41: IPv6 in IPv4 (RFC 4213 §3) for configured tunnels, 6to4
 * (RFC 3056, RFC 3964 §5), 6rd (RFC 5969 §7.2, §9.2) and ISATAP (RFC 5214
 * §7.3, §8), with RFC 6040 ECN and the RFC 4213 §3.4 ICMPv4 error relay.
 */
#include <string.h>

#include <v6transit/icmp.h>
#include <v6transit/packet.h>
#include <v6transit/tunnel.h>

#include "bytes.h"
#include "checksum.h"
#include "tunnel_internal.h"

#define P41_MAGIC 0x70343175u
#define IP4_HDR 20u
#define IP6_HDR 40u
#define MIN_MTU6 1280u

static int in4_eq(const v6t_in4 *a, const uint8_t *b)
{
	return memcmp(a->b, b, 4) == 0;
}

static int in4_zero(const v6t_in4 *a)
{
	static const uint8_t z[4];

	return memcmp(a->b, z, 4) == 0;
}

/* see tunnel.h */
int v6t_tun_p41_init(v6t_tun_p41 *t, const v6t_tun_p41_config *cfg)
{
	uint32_t tmtu;

	if (t == NULL || cfg == NULL)
		return V6T_EINVAL;
	if (cfg->mech < V6T_P41_CONFIGURED || cfg->mech > V6T_P41_ISATAP)
		return V6T_EINVAL;
	if ((cfg->flags & ~(V6T_P41_CHK_ALL | V6T_P41_OPT_DSCP_FIXED)) != 0 ||
	    cfg->dscp > 63 || cfg->mtu4 < 68 || cfg->mtu4 > 65535)
		return V6T_EINVAL;
	if (cfg->prl == NULL && cfg->prl_len != 0)
		return V6T_EINVAL;
	if (cfg->mech == V6T_P41_ISATAP && cfg->isatap_prefix.len != 64)
		return V6T_EINVAL;
	if (cfg->df_mode == V6T_P41_DF_STATIC) {
		if (cfg->mtu6 < MIN_MTU6 || cfg->mtu6 > 65535u - IP4_HDR)
			return V6T_EINVAL;
		tmtu = cfg->mtu6;
	} else if (cfg->df_mode == V6T_P41_DF_DYNAMIC) {
		tmtu = cfg->mtu4 - IP4_HDR < MIN_MTU6 ? MIN_MTU6
						      : cfg->mtu4 - IP4_HDR;
	} else {
		return V6T_EINVAL;
	}
	t->cfg_ = *cfg;
	t->tmtu_ = tmtu;
	t->magic_ = P41_MAGIC;
	return V6T_OK;
}

static int p41_ok(const v6t_tun_p41 *t)
{
	return t != NULL && t->magic_ == P41_MAGIC;
}

/* see tunnel.h */
uint32_t v6t_tun_p41_mtu(const v6t_tun_p41 *t)
{
	return p41_ok(t) ? t->tmtu_ : 0;
}

/* Whether a is a 6to4 address (2002::/16); its IPv4 address into v4. */
static int is_6to4(const uint8_t *a, v6t_in4 *v4)
{
	if (a[0] != 0x20 || a[1] != 0x02)
		return 0;
	memcpy(v4->b, a + 2, 4);
	return 1;
}

/* Whether a is an ISATAP address under the on-link prefix, or an ISATAP
 * link-local address (RFC 5214 §7.4: fe80::/64 with the ISATAP interface
 * identifier of §6.1; Neighbor Discovery of §8 runs between these, e.g. a
 * router's solicited Router Advertisement); IPv4 into v4. */
static int isatap_onlink(const v6t_tun_p41_config *c, const uint8_t *a,
			 v6t_in4 *v4)
{
	static const uint8_t ll[8] = { 0xfe, 0x80 };
	v6t_in6 x;

	memcpy(x.b, a, 16);
	return (memcmp(a, c->isatap_prefix.addr.b, 8) == 0 ||
		memcmp(a, ll, 8) == 0) &&
	       v6t_addr_isatap_decode(v4, NULL, &x) == V6T_OK;
}

/* The outer IPv4 destination of an inner destination dst6, or 0. */
static int p41_route(const v6t_tun_p41_config *c, const uint8_t *dst6,
		     v6t_in4 *dst)
{
	v6t_in6 a;

	memcpy(a.b, dst6, 16);
	switch (c->mech) {
	case V6T_P41_CONFIGURED:
		*dst = c->remote;
		return 1;
	case V6T_P41_6TO4:
		if (is_6to4(dst6, dst))
			return 1;
		*dst = c->remote;
		return !in4_zero(dst);
	case V6T_P41_6RD_CE:
	case V6T_P41_6RD_BR:
		if (v6t_addr_6rd_decode(dst, &a, &c->domain) == V6T_OK)
			return 1;
		if (c->mech == V6T_P41_6RD_BR)
			return 0;
		*dst = c->remote; /* the BR */
		return 1;
	default: /* ISATAP */
		if (isatap_onlink(c, dst6, dst))
			return 1;
		*dst = c->remote;
		return !in4_zero(dst);
	}
}

/* The Packet Too Big of RFC 4213 §3.2 for pkt (a datagram of n bytes). */
static int p41_too_big(const v6t_tun_p41 *t, const uint8_t *pkt, size_t n,
		       uint8_t *out, size_t cap, v6t_tun_result *r)
{
	v6t_icmp_params p;
	v6t_in6 dst;
	int rc;

	memset(r, 0, sizeof(*r));
	r->reason = V6T_ETUN41_TOO_BIG;
	if (!v6t_icmp_may_answer(pkt, n, 2, 0)) {
		r->verdict = V6T_TUN_DROP;
		return V6T_OK;
	}
	memset(&p, 0, sizeof(p));
	p.type = 2;
	p.rest = t->tmtu_;
	memcpy(dst.b, pkt + 8, 16);
	rc = v6t_icmp6_error_build(out, cap, &r->len, &t->cfg_.local6, &dst,
				   &p, pkt, n);
	if (rc != V6T_OK)
		return rc;
	r->data = out;
	r->verdict = V6T_TUN_ICMP_ERROR;
	return V6T_OK;
}

/* Write the outer IPv4 header at out for an inner packet of n bytes. */
static void p41_header(const v6t_tun_p41_config *c, const uint8_t *pkt,
		       size_t n, const v6t_in4 *dst, uint16_t id, int df,
		       uint8_t *out)
{
	unsigned tc = (unsigned)((pkt[0] & 0x0fu) << 4 | pkt[1] >> 4);

	if (c->flags & V6T_P41_OPT_DSCP_FIXED)
		tc = (unsigned)c->dscp << 2 | (tc & 3u);
	out[0] = 0x45;
	out[1] = (uint8_t)tc; /* RFC 6040 §4.1 normal mode: ECN copied */
	v6t_st_be16(out + 2, (uint16_t)(n + IP4_HDR));
	v6t_st_be16(out + 4, id);
	v6t_st_be16(out + 6, df ? 0x4000u : 0);
	out[8] = c->ttl != 0 ? c->ttl : 64;
	out[9] = V6T_P41_PROTO;
	memcpy(out + 12, c->local.b, 4);
	memcpy(out + 16, dst->b, 4);
	v6t_ip4_set_checksum(out, 20);
}

/* see tunnel.h */
int v6t_tun_p41_encap(const v6t_tun_p41 *t, const uint8_t *pkt, size_t len,
		      uint16_t ip_id, uint8_t *out, size_t cap,
		      v6t_tun_result *r)
{
	const v6t_tun_p41_config *c;
	v6t_pkt v;
	v6t_in4 dst;
	int df, rc;
	size_t n;

	if (!p41_ok(t) || pkt == NULL || out == NULL || r == NULL)
		return V6T_EINVAL;
	c = &t->cfg_;
	rc = v6t_pkt_parse(pkt, len, 0, &v);
	if (rc != V6T_OK)
		return rc;
	if (v.version != 6)
		return V6T_EPKT_VERSION;
	n = v.end;
	if (!p41_route(c, pkt + 24, &dst)) {
		memset(r, 0, sizeof(*r));
		r->verdict = V6T_TUN_DROP;
		r->reason = V6T_ETUN41_NO_ROUTE;
		return V6T_OK;
	}
	if (n > t->tmtu_)
		return p41_too_big(t, pkt, n, out, cap, r);
	/* §3.2.1 static: DF never set. §3.2.2 dynamic: DF set unless the path
	 * MTU less 20 is below 1280 (then n <= 1280 here). */
	df = c->df_mode == V6T_P41_DF_DYNAMIC && c->mtu4 - IP4_HDR >= MIN_MTU6;
	if (cap < n + IP4_HDR)
		return V6T_ENOSPC;
	p41_header(c, pkt, n, &dst, ip_id, df, out);
	if (pkt != out + IP4_HDR)
		memcpy(out + IP4_HDR, pkt, n);
	memset(r, 0, sizeof(*r));
	r->data = out;
	r->len = n + IP4_HDR;
	r->verdict = V6T_TUN_FORWARD;
	if (r->len <= c->mtu4)
		return V6T_OK;
	/* DF clear and larger than the IPv4 MTU: the encapsulator's IPv4
	 * layer fragments it (§3.2.1, §3.2.2 "might be fragmented by the
	 * IPv4 layer on the encapsulator"). */
	rc = v6t_frag_split_begin(&r->split_, out, r->len, c->mtu4, 0);
	if (rc != V6T_OK)
		return rc;
	r->verdict = V6T_TUN_FRAGMENTS;
	r->count = r->split_.count;
	return V6T_OK;
}

/* see tunnel.h */
int v6t_tun_p41_encap_inplace(const v6t_tun_p41 *t, uint8_t *buf, size_t cap,
			      size_t len, uint16_t ip_id, v6t_tun_result *r)
{
	if (buf == NULL || cap < IP4_HDR || len > cap - IP4_HDR)
		return V6T_EINVAL;
	return v6t_tun_p41_encap(t, buf + IP4_HDR, len, ip_id, buf, cap, r);
}

/* see tunnel.h */
int v6t_tun_p41_fragment(v6t_tun_result *r, uint8_t *out, size_t cap,
			 size_t *outlen)
{
	if (r == NULL || out == NULL || outlen == NULL ||
	    r->verdict != V6T_TUN_FRAGMENTS)
		return V6T_EINVAL;
	if (r->split_.index >= r->split_.count)
		return 1;
	return v6t_frag_split_next(&r->split_, out, cap, outlen);
}

/* RFC 3964 §5.3.2 for one inner address. */
static int sane6(const uint8_t *a)
{
	v6t_in4 v4;

	if (a[0] == 0 && a[1] == 0) /* 0::/16 */
		return 0;
	if (a[0] == 0xfe && (a[1] & 0x80) == 0x80) /* fe80::/10, fec0::/10 */
		return 0;
	if (a[0] == 0xff)
		return 0;
	return !is_6to4(a, &v4) || v6t_addr_in4_is_global(&v4);
}

/* RFC 3964 §5.2 with §5.3: the 6to4 checks selected in f. */
static int check_6to4(unsigned f, const uint8_t *o, const uint8_t *in)
{
	v6t_in4 s4, d4, e;
	int s6to4, d6to4;

	memcpy(s4.b, o + 12, 4);
	memcpy(d4.b, o + 16, 4);
	if (f & V6T_P41_CHK_6TO4_SANITY) {
		if (!v6t_addr_in4_is_global(&s4) || !v6t_addr_in4_is_global(&d4))
			return V6T_ETUN41_6TO4_V4;
		if (!sane6(in + 8) || !sane6(in + 24))
			return V6T_ETUN41_6TO4_V6;
	}
	d6to4 = is_6to4(in + 24, &e);
	if ((f & V6T_P41_CHK_6TO4_EMBED) && d6to4 && !in4_eq(&e, d4.b))
		return V6T_ETUN41_6TO4_DST;
	s6to4 = is_6to4(in + 8, &e);
	if ((f & V6T_P41_CHK_6TO4_EMBED) && s6to4 && !in4_eq(&e, s4.b))
		return V6T_ETUN41_6TO4_SRC;
	if ((f & V6T_P41_CHK_6TO4_EMBED) && !s6to4 && !d6to4)
		return V6T_ETUN41_6TO4_NATIVE;
	if ((f & V6T_P41_CHK_6TO4_NOT_RELAY) && !d6to4)
		return V6T_ETUN41_6TO4_RELAY;
	return V6T_OK;
}

/* RFC 5969 §9.2: the IPv6 source embeds the outer source; a CE also takes
 * anything from the BR. */
static int check_6rd(const v6t_tun_p41_config *c, const uint8_t *o,
		     const uint8_t *in)
{
	v6t_in6 src;
	v6t_in4 e;

	if (c->mech == V6T_P41_6RD_CE && in4_eq(&c->remote, o + 12))
		return V6T_OK;
	memcpy(src.b, in + 8, 16);
	if (v6t_addr_6rd_decode(&e, &src, &c->domain) == V6T_OK &&
	    in4_eq(&e, o + 12))
		return V6T_OK;
	return V6T_ETUN41_6RD_SRC;
}

/* RFC 5214 §7.3. */
static int check_isatap(const v6t_tun_p41_config *c, const uint8_t *o,
			const uint8_t *in)
{
	v6t_in6 src;
	v6t_in4 e;
	size_t i;

	memcpy(src.b, in + 8, 16);
	if (v6t_addr_isatap_decode(&e, NULL, &src) == V6T_OK &&
	    in4_eq(&e, o + 12))
		return V6T_OK;
	for (i = 0; i < c->prl_len; i++)
		if (in4_eq(&c->prl[i], o + 12))
			return V6T_OK;
	return V6T_ETUN41_ISATAP_SRC;
}

/* The checks of f, in the documented order; o the outer header, in the
 * inner packet, v its view. */
static int p41_checks(const v6t_tun_p41_config *c, const uint8_t *o,
		      const uint8_t *in, const v6t_pkt *v)
{
	unsigned f = c->flags;

	if ((f & V6T_P41_CHK_PEER) && c->mech == V6T_P41_CONFIGURED &&
	    !in4_eq(&c->remote, o + 12))
		return V6T_ETUN41_PEER;
	if ((f & V6T_P41_CHK_LOCAL) && !in4_eq(&c->local, o + 16))
		return V6T_ETUN41_LOCAL;
	if ((f & V6T_P41_CHK_NESTED) && (v->flags & V6T_PKT_L4) &&
	    (v->proto == 41 || v->proto == 4))
		return V6T_ETUN41_NESTED;
	if (c->mech == V6T_P41_6TO4)
		return check_6to4(f, o, in);
	if ((f & V6T_P41_CHK_6RD) &&
	    (c->mech == V6T_P41_6RD_CE || c->mech == V6T_P41_6RD_BR))
		return check_6rd(c, o, in);
	if ((f & V6T_P41_CHK_ISATAP) && c->mech == V6T_P41_ISATAP)
		return check_isatap(c, o, in);
	return V6T_OK;
}

static int p41_drop(v6t_tun_result *r, int reason)
{
	memset(r, 0, sizeof(*r));
	r->verdict = reason == 1 ? V6T_TUN_NOT_MINE : V6T_TUN_DROP;
	r->reason = reason == 1 ? V6T_OK : reason;
	return V6T_OK;
}

/* see tunnel.h */
int v6t_tun_p41_decap(const v6t_tun_p41 *t, uint8_t *pkt, size_t len,
		      v6t_tun_result *r)
{
	v6t_pkt o, in;
	size_t hl;
	int rc, ecn;

	if (!p41_ok(t) || pkt == NULL || r == NULL)
		return V6T_EINVAL;
	if (len == 0 || pkt[0] >> 4 != 4)
		return p41_drop(r, 1);
	rc = v6t_pkt_parse(pkt, len, 0, &o);
	if (rc != V6T_OK)
		return p41_drop(r, rc);
	if (o.proto != V6T_P41_PROTO)
		return p41_drop(r, 1);
	hl = (size_t)(pkt[0] & 0x0fu) * 4u;
	if (!v6t_ip4_checksum_ok(pkt, hl))
		return p41_drop(r, V6T_EPKT_IPV4_CHECKSUM);
	if (o.more_frags || o.frag_offset != 0)
		return p41_drop(r, V6T_ETUN41_FRAGMENT);
	if (o.end == hl || pkt[hl] >> 4 != 6)
		return p41_drop(r, V6T_ETUN41_INNER_VERSION);
	rc = v6t_pkt_parse(pkt + hl, o.end - hl, 0, &in);
	if (rc != V6T_OK)
		return p41_drop(r, rc);
	if (in.end != o.end - hl)
		return p41_drop(r, V6T_ETUN41_LENGTH);
	rc = p41_checks(&t->cfg_, pkt, pkt + hl, &in);
	if (rc != V6T_OK)
		return p41_drop(r, rc);
	ecn = v6t_tun_ecn_egress((pkt[hl + 1] >> 4) & 3u, pkt[1] & 3u);
	if (ecn < 0)
		return p41_drop(r, V6T_ETUN41_ECN_DROP);
	pkt[hl + 1] = (uint8_t)((pkt[hl + 1] & 0xcfu) | (unsigned)ecn << 4);
	memset(r, 0, sizeof(*r));
	r->data = pkt + hl;
	r->len = in.end;
	r->verdict = V6T_TUN_FORWARD;
	return V6T_OK;
}

/* see tunnel.h */
int v6t_tun_p41_icmp_relay(const v6t_tun_p41 *t, const uint8_t *icmp4,
			   size_t len, uint8_t *out, size_t cap,
			   v6t_tun_result *r)
{
	v6t_icmp_params p;
	struct tun_icmp4 e;
	const uint8_t *in6;
	size_t n6;
	uint32_t mtu;

	if (!p41_ok(t) || icmp4 == NULL || out == NULL || r == NULL)
		return V6T_EINVAL;
	if (!tun_icmp4_parse(icmp4, len, &e) || (e.ic[0] != 3 && e.ic[0] != 11) ||
	    e.q[9] != V6T_P41_PROTO || !in4_eq(&t->cfg_.local, e.q + 12))
		return p41_drop(r, 1);
	in6 = e.q + e.qhl;
	n6 = e.qlen - e.qhl;
	if (n6 < IP6_HDR || in6[0] >> 4 != 6)
		return p41_drop(r, V6T_ETUN41_QUOTE);
	memset(&p, 0, sizeof(p));
	if (e.ic[0] == 3 && e.ic[1] == 4) {
		mtu = v6t_ld_be16(e.ic + 6);
		/* the reported MTU less our 20 bytes, at least 1280 (0, pre-RFC
		 * 1191, and values below 20 included: no wrap-around) */
		mtu = mtu < MIN_MTU6 + IP4_HDR ? MIN_MTU6 : mtu - IP4_HDR;
		p.type = 2;
		p.rest = mtu;
	} else {
		p.type = 1;
		p.code = 3;
	}
	return tun_icmp6_answer(in6, n6, &p, &t->cfg_.local6, out, cap, r,
				V6T_ETUN41_NO_ERROR);
}
