/*
 * libv6transit - 6a44 (RFC 6751, tunnel.h): the client's and the relay's
 * encapsulation, decapsulation and bubbles.
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Rule names (CT-x, CR-x, RR6-x, RR4-x) are those of RFC 6751 §6.5 and
 * §6.6. Letters as in its Figure 3: C the /48 6a44-network prefix, N the
 * customer site's IPv4 address, Z the tunnel's mapped port, A the client's
 * local IPv4 address, B the relay's anycast address, W the 6a44 port.
 */
#include <string.h>

#include "v6transit/tunnel.h"
#include "v6transit/icmp.h"
#include "v6transit/packet.h"

#include "bytes.h"
#include "checksum.h"
#include "packet_walk.h"
#include "tunnel_internal.h"

#define IP4_TTL_OFF 8
#define IP4_SRC_OFF 12
#define IP4_DST_OFF 16
#define IP4_DF 0x4000u
#define IP6_SRC_OFF 8
#define IP6_DST_OFF 24
#define UDP_HLEN 8u
#define UDP_LEN_OFF 4

#define PROTO_IPV6 41u /* IPv6 in IPv4, RFC 4213 */
#define PROTO_UDP 17u

#define DEFAULT_TTL 64u
/* RFC 6751 §5, Figure 3: byte offsets in a 6a44 address */
#define C_LEN 6u      /* the /48 prefix C */
#define N_OFF 6u      /* customer-site IPv4 address N */
#define Z_OFF 10u     /* mapped port Z */
#define A_OFF 12u     /* client local IPv4 address A */
#define PREFIX96 12u  /* C.N.Z, the 6a44-client IPv6 prefix (§3) */
#define SITE_LEN 10u  /* CT-2 (2), CR-2 (3): "the same 80 bits" */
/* §6.3 Figure 4: the Bubble ID follows the 12-byte prefix field */
#define BUBBLE_ID_OFF 12u
/* §6.4: IPv4 link MTU 1280 + 20 for protocol 41 */
#define LINK_MTU_MIN (V6T_6A44_MTU + IP4_HDR_MIN)

/* ICMPv6 Packet Too Big, RFC 4443 §3.2 */
#define ICMP6_PTB 2u

static void set_forward(v6t_tun_result *res, uint8_t *data, size_t len)
{
	res->data = data;
	res->len = len;
	res->verdict = V6T_TUN_FORWARD;
	res->reason = V6T_OK;
	res->count = 0;
}

static void set_verdict(v6t_tun_result *res, int verdict, int reason)
{
	res->data = NULL;
	res->len = 0;
	res->verdict = verdict;
	res->reason = reason;
	res->count = 0;
}

/*
 * The IPv4 header of every packet we write (§6.2): IHL 5, TOS 0, DF set,
 * Identification 0 ("may be set to 0"; DF makes the datagram atomic, RFC
 * 6864 §4.1), the checksum.
 */
static void put_ip4(uint8_t *h, const uint8_t src[4], const uint8_t dst[4],
		    unsigned proto, size_t total, uint8_t ttl)
{
	h[0] = 0x45;
	h[1] = 0;
	v6t_st_be16(h + IP4_TOTLEN_OFF, (uint16_t)total);
	v6t_st_be16(h + IP4_ID_OFF, 0);
	v6t_st_be16(h + IP4_FRAG_OFF, IP4_DF);
	h[IP4_TTL_OFF] = ttl ? ttl : DEFAULT_TTL;
	h[IP4_PROTO_OFF] = (uint8_t)proto;
	memcpy(h + IP4_SRC_OFF, src, 4);
	memcpy(h + IP4_DST_OFF, dst, 4);
	v6t_ip4_set_checksum(h, IP4_HDR_MIN);
}

/* IPv4 and UDP headers in front of a UDP payload of n bytes at h + 28;
 * checksum 0 (§6.2, §6.3). */
static void put_ip4_udp(uint8_t *h, const uint8_t src[4], uint16_t sport,
			const uint8_t dst[4], uint16_t dport, size_t n,
			uint8_t ttl)
{
	uint8_t *u = h + IP4_HDR_MIN;

	put_ip4(h, src, dst, PROTO_UDP, V6T_6A44_ENCAP_LEN + n, ttl);
	v6t_st_be16(u, sport);
	v6t_st_be16(u + 2, dport);
	v6t_st_be16(u + UDP_LEN_OFF, (uint16_t)(UDP_HLEN + n));
	v6t_st_be16(u + 6, 0);
}

/*
 * The IPv6 packet to encapsulate: the fixed header must be there and its
 * Payload Length within the buffer; returns its length (bytes past it are
 * not part of it), or 0 when it is malformed (too short or not version 6).
 */
static size_t ip6_len(const uint8_t *pkt, size_t len)
{
	size_t n;

	if (len < IP6_HDR_LEN || (pkt[0] >> 4) != 6)
		return 0;
	n = IP6_HDR_LEN + v6t_ld_be16(pkt + IP6_PLEN_OFF);
	return n <= len ? n : 0;
}

/* ip6_len() of a packet to encapsulate, or 0 with *res set: not IPv6 is
 * not ours, a cut IPv6 packet is dropped. */
static size_t ip6_in(const uint8_t *pkt, size_t len, v6t_tun_result *res)
{
	size_t n = ip6_len(pkt, len);

	if (n != 0)
		return n;
	if (len == 0 || (pkt[0] >> 4) != 6)
		set_verdict(res, V6T_TUN_NOT_MINE, V6T_OK);
	else
		set_verdict(res, V6T_TUN_DROP, V6T_EPKT_SHORT);
	return 0;
}

/* An inner IPv6 packet of exactly n bytes at p (n >= 40 is the caller's):
 * V6T_OK, V6T_E6A44_VERSION or V6T_E6A44_INNER_LENGTH. */
static int inner_ok(const uint8_t *p, size_t n)
{
	if ((p[0] >> 4) != 6)
		return V6T_E6A44_VERSION;
	if ((size_t)IP6_HDR_LEN + v6t_ld_be16(p + IP6_PLEN_OFF) != n)
		return V6T_E6A44_INNER_LENGTH;
	return V6T_OK;
}

/* A Teredo address (2001::/32) whose mapped IPv4 address is b (RFC 6751
 * RR6-1 (2), RR4-3 (4); RFC 4380 §4 for the layout). */
static int teredo_of(const uint8_t a[16], const uint8_t b[4])
{
	v6t_addr_teredo t;
	v6t_in6 x;

	memcpy(x.b, a, 16);
	if (v6t_addr_teredo_decode(&t, &x) != V6T_OK)
		return 0;
	return memcmp(t.client.b, b, 4) == 0;
}

/* A PTB (MTU 1280) about pkt, or a drop when RFC 4443 §2.4 (e) forbids
 * one; reason V6T_E6A44_TOO_BIG. */
static int too_big(const v6t_in6 *src, const uint8_t *pkt, size_t n,
		   uint8_t *out, size_t cap, v6t_tun_result *res)
{
	v6t_icmp_params p;
	v6t_in6 dst;
	size_t elen = 0;
	int rc;

	if (!v6t_icmp_may_answer(pkt, n, ICMP6_PTB, 0)) {
		set_verdict(res, V6T_TUN_DROP, V6T_E6A44_TOO_BIG);
		return V6T_OK;
	}
	memset(&p, 0, sizeof(p));
	p.type = ICMP6_PTB;
	p.rest = V6T_6A44_MTU;
	memcpy(dst.b, pkt + IP6_SRC_OFF, 16);
	rc = v6t_icmp6_error_build(out, cap, &elen, src, &dst, &p, pkt, n);
	if (rc == V6T_ENOSPC) {
		res->len = elen;
		return rc;
	}
	if (rc != V6T_OK)
		return rc;
	set_verdict(res, V6T_TUN_ICMP_ERROR, V6T_E6A44_TOO_BIG);
	res->data = out;
	res->len = elen;
	return V6T_OK;
}

/* hdr bytes of header, then the n-byte packet at pkt, into out: pkt may
 * lie in out (memmove). V6T_ENOSPC with res->len when cap is short. */
static int room(size_t hdr, size_t n, size_t cap, v6t_tun_result *res)
{
	/* n <= 40 + 65535: no overflow */
	if (cap < hdr + n) {
		res->len = hdr + n;
		return V6T_ENOSPC;
	}
	return V6T_OK;
}

/* see tunnel.h */
int v6t_6a44_cfg_init(v6t_6a44_cfg *cfg, const v6t_prefix6 *prefix)
{
	if (cfg == NULL)
		return V6T_EINVAL;
	if (prefix != NULL && prefix->len != 48)
		return V6T_EADDR_PREFIX_LEN;
	memset(cfg, 0, sizeof(*cfg));
	if (prefix != NULL)
		cfg->prefix = *prefix;
	cfg->prefix.len = 48;
	v6t_st_be32(cfg->relay.b, V6T_6A44_RELAY_ADDR);
	cfg->port = V6T_6A44_PORT;
	cfg->ttl = DEFAULT_TTL;
	cfg->checks = V6T_6A44_CHECK_ALL;
	return V6T_OK;
}

/* ------------------------------------------------------------- client */

/* see tunnel.h */
int v6t_6a44_client_init(v6t_6a44_client *c, const v6t_6a44_cfg *cfg,
			 const v6t_in4 *local)
{
	if (c == NULL || cfg == NULL || local == NULL || cfg->port == 0)
		return V6T_EINVAL;
	memset(c, 0, sizeof(*c));
	c->cfg = *cfg;
	c->local = *local;
	return V6T_OK;
}

/* see tunnel.h */
int v6t_6a44_client_set_link(v6t_6a44_client *c, const v6t_prefix4 *link,
			     uint32_t mtu)
{
	if (c == NULL || link == NULL || link->len > 32 ||
	    (mtu != 0 && (mtu < LINK_MTU_MIN || mtu > 0xffffu)))
		return V6T_EINVAL;
	c->link_ = *link;
	c->link_mtu_ = mtu;
	return V6T_OK;
}

/* see tunnel.h */
int v6t_6a44_client_set_prefix(v6t_6a44_client *c, const uint8_t prefix[12])
{
	if (c == NULL || prefix == NULL)
		return V6T_EINVAL;
	/* TM-4 (1): the prefix followed by the host's local IPv4 address */
	memcpy(c->addr_.b, prefix, PREFIX96);
	memcpy(c->addr_.b + A_OFF, c->local.b, 4);
	c->has_addr_ = 1;
	return V6T_OK;
}

/* see tunnel.h */
int v6t_6a44_client_reset(v6t_6a44_client *c)
{
	if (c == NULL)
		return V6T_EINVAL;
	memset(&c->addr_, 0, sizeof(c->addr_));
	c->has_addr_ = 0;
	return V6T_OK;
}

/* see tunnel.h */
int v6t_6a44_client_address(const v6t_6a44_client *c, v6t_in6 *addr)
{
	if (c == NULL || addr == NULL)
		return V6T_EINVAL;
	if (!c->has_addr_)
		return V6T_E6A44_NO_PREFIX;
	*addr = c->addr_;
	return V6T_OK;
}

/* see tunnel.h */
int v6t_6a44_client_bubble(v6t_6a44_client *c, uint64_t id, uint8_t *out,
			   size_t cap, size_t *outlen)
{
	uint8_t *pay;

	if (c == NULL || out == NULL || outlen == NULL)
		return V6T_EINVAL;
	*outlen = V6T_6A44_BUBBLE_PKT_LEN;
	if (cap < V6T_6A44_BUBBLE_PKT_LEN)
		return V6T_ENOSPC;
	/* CT-1: (IPv4, A, B, UDP[W, W, ::/96, <current Bubble ID>]) */
	put_ip4_udp(out, c->local.b, c->cfg.port, c->cfg.relay.b, c->cfg.port,
		    V6T_6A44_BUBBLE_LEN, c->cfg.ttl);
	pay = out + V6T_6A44_ENCAP_LEN;
	memset(pay, 0, PREFIX96);
	v6t_st_be64(pay + BUBBLE_ID_OFF, id);
	c->bubble_id_ = id;
	c->has_id_ = 1;
	return V6T_OK;
}

/* Whether the IPv4 address d is on the client's link prefix. */
static int on_link(const v6t_6a44_client *c, const uint8_t d[4])
{
	uint32_t mask = c->link_.len ? 0xffffffffu << (32 - c->link_.len) : 0;

	return ((v6t_ld_be32(d) ^ v6t_ld_be32(c->link_.addr.b)) & mask) == 0;
}

/* see tunnel.h */
int v6t_6a44_client_encap(const v6t_6a44_client *c, const uint8_t *pkt,
			  size_t len, uint8_t *out, size_t cap,
			  v6t_tun_result *res)
{
	uint8_t a2[4];
	size_t n;
	int rc;

	if (c == NULL || pkt == NULL || out == NULL || res == NULL)
		return V6T_EINVAL;
	n = ip6_in(pkt, len, res);
	if (n == 0)
		return V6T_OK;
	/* CT-4: not from the 6a44-client address, not ours */
	if (!c->has_addr_ || memcmp(pkt + IP6_SRC_OFF, c->addr_.b, 16) != 0) {
		set_verdict(res, V6T_TUN_NOT_MINE, V6T_OK);
		return V6T_OK;
	}
	if (memcmp(pkt + IP6_DST_OFF, c->addr_.b, SITE_LEN) == 0) {
		/* CT-2: same site, IPv4 to the destination's last 32 bits;
		 * (3) at most 1280 bytes, or within the link MTU - 20 on the
		 * link prefix */
		memcpy(a2, pkt + IP6_DST_OFF + A_OFF, 4);
		if (n > V6T_6A44_MTU &&
		    (c->link_mtu_ == 0 || n > c->link_mtu_ - IP4_HDR_MIN ||
		     !on_link(c, a2)))
			return too_big(&c->addr_, pkt, n, out, cap, res);
		rc = room(V6T_6A44_ENCAP41_LEN, n, cap, res);
		if (rc != V6T_OK)
			return rc;
		memmove(out + V6T_6A44_ENCAP41_LEN, pkt, n);
		put_ip4(out, c->local.b, a2, PROTO_IPV6,
			V6T_6A44_ENCAP41_LEN + n, c->cfg.ttl);
		set_forward(res, out, V6T_6A44_ENCAP41_LEN + n);
		return V6T_OK;
	}
	/* CT-3: other site, UDP A:W -> B:W; (3) at most 1280 bytes */
	if (n > V6T_6A44_MTU)
		return too_big(&c->addr_, pkt, n, out, cap, res);
	rc = room(V6T_6A44_ENCAP_LEN, n, cap, res);
	if (rc != V6T_OK)
		return rc;
	memmove(out + V6T_6A44_ENCAP_LEN, pkt, n);
	put_ip4_udp(out, c->local.b, c->cfg.port, c->cfg.relay.b, c->cfg.port,
		    n, c->cfg.ttl);
	set_forward(res, out, V6T_6A44_ENCAP_LEN + n);
	return V6T_OK;
}

/*
 * The framing every received 6a44 packet shares (both roles): *v from
 * v6t_pkt_walk() of an IPv4 packet, its header checksum verified.
 * Returns V6T_OK, or the reason to drop.
 */
static int outer_ok(const uint8_t *pkt, const v6t_pkt *v)
{
	if (!v6t_ip4_checksum_ok(pkt, v->unfrag_end))
		return V6T_EPKT_IPV4_CHECKSUM;
	if (v->flags & V6T_PKT_FRAGMENT)
		return V6T_E6A44_FRAGMENT;
	return V6T_OK;
}

/* The UDP datagram at v->l4_off: its Length must be the IPv4 payload's
 * (RFC 768; "lengths that disagree" are dropped, not trimmed) and leave
 * room for a bubble (§6.3). Payload bytes in *n. */
static int udp_ok(const uint8_t *pkt, const v6t_pkt *v, size_t *n)
{
	size_t dlen = v->end - v->l4_off;

	if (dlen < UDP_HLEN ||
	    v6t_ld_be16(pkt + v->l4_off + UDP_LEN_OFF) != dlen)
		return V6T_E6A44_UDP_LENGTH;
	if (dlen - UDP_HLEN < V6T_6A44_BUBBLE_LEN)
		return V6T_E6A44_SHORT;
	*n = dlen - UDP_HLEN;
	return V6T_OK;
}

/*
 * Parse the outer IPv4 header: 1 when pkt is IPv4 and parses (*v); 0 when
 * it is not ours: not IPv4, or a malformed packet of a protocol other than
 * UDP and 41 (CR-5 (1): left to the rest of the stack); else the parse
 * error, a reason to drop.
 */
static int outer_parse(const uint8_t *pkt, size_t len, v6t_pkt *v)
{
	int rc;

	if (len == 0 || (pkt[0] >> 4) != 4)
		return 0;
	rc = v6t_pkt_walk(pkt, len, 0, v);
	if (rc == V6T_OK)
		return 1;
	if (len < IP4_HDR_MIN || (pkt[IP4_PROTO_OFF] != PROTO_UDP &&
			       pkt[IP4_PROTO_OFF] != PROTO_IPV6))
		return 0;
	return rc;
}

/* What outer_parse() or a CR-5 rule decided: rc 0 not ours, rc < 0 drop. */
static int decap_result_notmine(int rc, v6t_tun_result *res)
{
	if (rc < 0)
		set_verdict(res, V6T_TUN_DROP, rc);
	else
		set_verdict(res, V6T_TUN_NOT_MINE, V6T_OK);
	return V6T_OK;
}

/* CR-1: a bubble from a relay; 1 when taken */
static int client_bubble_in(v6t_6a44_client *c, const uint8_t *pay,
			    v6t_tun_result *res)
{
	if ((c->cfg.checks & V6T_6A44_CHECK_BUBBLE_ID) &&
	    (!c->has_id_ || v6t_ld_be64(pay + BUBBLE_ID_OFF) != c->bubble_id_)) {
		set_verdict(res, V6T_TUN_DROP, V6T_E6A44_BUBBLE_ID);
		return V6T_OK;
	}
	v6t_6a44_client_set_prefix(c, pay);
	set_verdict(res, V6T_TUN_DROP, V6T_OK);
	return 1;
}

/* CR-2 (5), CR-3 (4): the inner destination is the client's address */
static int client_dst(const v6t_6a44_client *c, const uint8_t *in)
{
	if (!(c->cfg.checks & V6T_6A44_CHECK_DST))
		return V6T_OK;
	if (!c->has_addr_)
		return V6T_E6A44_NO_PREFIX;
	if (memcmp(in + IP6_DST_OFF, c->addr_.b, 16) != 0)
		return V6T_E6A44_DST;
	return V6T_OK;
}

/* CR-2: IPv6 in IPv4 from a client of the same site; the inner packet is
 * the n bytes at in. */
static int client_41_reason(const v6t_6a44_client *c, const uint8_t *pkt,
			    const uint8_t *in, size_t n)
{
	int rc;

	if (n < IP6_HDR_LEN)
		return V6T_E6A44_SHORT;
	rc = inner_ok(in, n);
	if (rc != V6T_OK)
		return rc;
	if (c->cfg.checks & V6T_6A44_CHECK_SITE) {
		if (!c->has_addr_)
			return V6T_E6A44_NO_PREFIX;
		if (memcmp(in + IP6_SRC_OFF, c->addr_.b, SITE_LEN) != 0)
			return V6T_E6A44_SITE;
	}
	if ((c->cfg.checks & V6T_6A44_CHECK_SITE_V4) &&
	    memcmp(in + IP6_SRC_OFF + A_OFF, pkt + IP4_SRC_OFF, 4) != 0)
		return V6T_E6A44_SITE_V4;
	return client_dst(c, in);
}

/* CR-3: IPv6 in UDP; the inner packet is the n bytes at in (n >= 40). */
static int client_udp_reason(const v6t_6a44_client *c, const uint8_t *pkt,
			     const uint8_t *in, size_t n)
{
	int rc = inner_ok(in, n);

	if (rc != V6T_OK)
		return rc;
	/* (3) from B:W (the source port was checked before) */
	if ((c->cfg.checks & V6T_6A44_CHECK_FROM_RELAY) &&
	    memcmp(pkt + IP4_SRC_OFF, c->cfg.relay.b, 4) != 0)
		return V6T_E6A44_NOT_RELAY;
	return client_dst(c, in);
}

/* The result of a decapsulation whose checks gave rc: forward the n bytes
 * at in, or drop for rc. */
static int decap_result(int rc, uint8_t *in, size_t n, v6t_tun_result *res)
{
	if (rc != V6T_OK)
		set_verdict(res, V6T_TUN_DROP, rc);
	else
		set_forward(res, in, n);
	return V6T_OK;
}

/* see tunnel.h */
int v6t_6a44_client_decap(v6t_6a44_client *c, uint8_t *pkt, size_t len,
			  v6t_tun_result *res)
{
	v6t_pkt v;
	uint8_t *pay;
	size_t n;
	int rc;

	if (c == NULL || pkt == NULL || res == NULL)
		return V6T_EINVAL;
	rc = outer_parse(pkt, len, &v);
	if (rc <= 0)
		return decap_result_notmine(rc, res);
	/* CR-5 (1) and (2): neither UDP nor IPv6-in-IPv4, or a later
	 * fragment */
	if ((v.proto != PROTO_UDP && v.proto != PROTO_IPV6) ||
	    v.frag_offset != 0)
		return decap_result_notmine(0, res);
	if (v.proto == PROTO_IPV6) {
		/* CR-5 (1): protocol 41 carrying something other than IPv6 */
		if (v.end == v.l4_off || (pkt[v.l4_off] >> 4) != 6)
			return decap_result_notmine(0, res);
		rc = outer_ok(pkt, &v);
		if (rc == V6T_OK)
			rc = client_41_reason(c, pkt, pkt + v.l4_off,
					      v.end - v.l4_off);
		return decap_result(rc, pkt + v.l4_off, v.end - v.l4_off, res);
	}
	/* CR-5 (3), with the client bound to A:W: UDP to another port is
	 * some other socket's */
	if (v.dport != c->cfg.port)
		return decap_result_notmine(0, res);
	rc = outer_ok(pkt, &v);
	if (rc == V6T_OK && v.sport != c->cfg.port)
		rc = V6T_E6A44_PORT; /* CR-1 (2), CR-3 (3) */
	if (rc == V6T_OK)
		rc = udp_ok(pkt, &v, &n);
	if (rc != V6T_OK)
		return decap_result(rc, NULL, 0, res);
	pay = pkt + v.l4_off + UDP_HLEN;
	if (n < IP6_HDR_LEN)
		return client_bubble_in(c, pay, res);
	return decap_result(client_udp_reason(c, pkt, pay, n), pay, n, res);
}

/* -------------------------------------------------------------- relay */

static int relay_cfg_ok(const v6t_6a44_cfg *cfg)
{
	return cfg->prefix.len == 48 && cfg->port != 0;
}

/* The 6a44 address a (16 bytes) is under C. */
static int under_c(const v6t_6a44_cfg *cfg, const uint8_t a[16])
{
	return memcmp(a, cfg->prefix.addr.b, C_LEN) == 0;
}

/* The customer-site address N of the 6a44 address a is B (RR6-1 (3)). */
static int n_is_b(const v6t_6a44_cfg *cfg, const uint8_t a[16])
{
	return (cfg->checks & V6T_6A44_CHECK_RELAY_DST) &&
	       memcmp(a + N_OFF, cfg->relay.b, 4) == 0;
}

/* RR6-1 (2), RR6-2 (3), RR4-3 (4) */
static int teredo_b(const v6t_6a44_cfg *cfg, const uint8_t a[16])
{
	return (cfg->checks & V6T_6A44_CHECK_TEREDO) &&
	       teredo_of(a, cfg->relay.b);
}

/* RR6-1 / RR6-2: why the IPv6 packet at pkt may not be encapsulated, or
 * V6T_OK; the size rule comes first, as RR6-2 lists it. */
static int relay6_reason(const v6t_6a44_cfg *cfg, const uint8_t *pkt,
			 size_t n)
{
	if (n > V6T_6A44_MTU)
		return V6T_E6A44_TOO_BIG;
	if (n_is_b(cfg, pkt + IP6_DST_OFF))
		return V6T_E6A44_RELAY_DST;
	if (teredo_b(cfg, pkt + IP6_SRC_OFF))
		return V6T_E6A44_TEREDO;
	if ((cfg->checks & V6T_6A44_CHECK_SRC_PREFIX) &&
	    under_c(cfg, pkt + IP6_SRC_OFF))
		return V6T_E6A44_SRC_PREFIX;
	return V6T_OK;
}

/* see tunnel.h */
int v6t_6a44_relay_encap(const v6t_6a44_cfg *cfg, const uint8_t *pkt,
			 size_t len, uint8_t *out, size_t cap,
			 v6t_tun_result *res)
{
	uint8_t n_addr[4];
	uint16_t z;
	size_t n;
	int rc;

	if (cfg == NULL || pkt == NULL || out == NULL || res == NULL ||
	    !relay_cfg_ok(cfg))
		return V6T_EINVAL;
	n = ip6_in(pkt, len, res);
	if (n == 0)
		return V6T_OK;
	/* §6.6.1: only destinations under C concern the relay */
	if (!under_c(cfg, pkt + IP6_DST_OFF)) {
		set_verdict(res, V6T_TUN_NOT_MINE, V6T_OK);
		return V6T_OK;
	}
	rc = relay6_reason(cfg, pkt, n);
	if (rc == V6T_E6A44_TOO_BIG) /* RR6-2 (1): and a Packet Too Big */
		return too_big(&cfg->relay6, pkt, n, out, cap, res);
	if (rc != V6T_OK) {
		set_verdict(res, V6T_TUN_DROP, rc);
		return V6T_OK;
	}
	rc = room(V6T_6A44_ENCAP_LEN, n, cap, res);
	if (rc != V6T_OK)
		return rc;
	/* RR6-1: (IPv4, B, N, UDP(W, Z, [packet])), N:Z = bits 48..95 of
	 * the destination, read before out (which may hold pkt) changes */
	memcpy(n_addr, pkt + IP6_DST_OFF + N_OFF, 4);
	z = v6t_ld_be16(pkt + IP6_DST_OFF + Z_OFF);
	memmove(out + V6T_6A44_ENCAP_LEN, pkt, n);
	put_ip4_udp(out, cfg->relay.b, cfg->port, n_addr, z, n, cfg->ttl);
	set_forward(res, out, V6T_6A44_ENCAP_LEN + n);
	return V6T_OK;
}

/* RR4-2 / RR4-3 (3): the inner source is C.N.Z with N:Z the outer source */
static int spoofed(const v6t_6a44_cfg *cfg, const uint8_t *pkt,
		   const v6t_pkt *v, const uint8_t *in)
{
	const uint8_t *s = in + IP6_SRC_OFF;

	if (!(cfg->checks & V6T_6A44_CHECK_SPOOF))
		return 0;
	return !under_c(cfg, s) || memcmp(s + N_OFF, pkt + IP4_SRC_OFF, 4) != 0 ||
	       v6t_ld_be16(s + Z_OFF) != v->sport;
}

/* RR4-1: the answer to a bubble of n payload bytes at pay, in place:
 * B:W -> N:Z, the prefix field C.N.Z, the rest of the payload kept. */
static int relay_bubble_answer(const v6t_6a44_cfg *cfg, const uint8_t *pkt,
			       const v6t_pkt *v, uint8_t *pay, size_t n,
			       v6t_tun_result *res)
{
	uint8_t n_addr[4];
	uint16_t z = v->sport;
	uint8_t *h = pay - V6T_6A44_ENCAP_LEN;

	memcpy(n_addr, pkt + IP4_SRC_OFF, 4);
	memcpy(pay, cfg->prefix.addr.b, C_LEN);
	memcpy(pay + N_OFF, n_addr, 4);
	v6t_st_be16(pay + Z_OFF, z);
	put_ip4_udp(h, cfg->relay.b, cfg->port, n_addr, z, n, cfg->ttl);
	set_forward(res, h, V6T_6A44_ENCAP_LEN + n);
	return V6T_OK;
}

/* RR4-2 / RR4-3 for the inner packet of n bytes at in (n >= 40) */
static int relay_ipv6_in(const v6t_6a44_cfg *cfg, const uint8_t *pkt,
			 const v6t_pkt *v, uint8_t *in, size_t n,
			 v6t_tun_result *res)
{
	const uint8_t *d = in + IP6_DST_OFF;
	uint8_t n2[4];
	int rc = inner_ok(in, n);

	if (rc == V6T_OK && spoofed(cfg, pkt, v, in))
		rc = V6T_E6A44_SPOOF;
	if (rc == V6T_OK && under_c(cfg, d)) {
		/* RR4-2: back down to N2:Z2 of the destination, unless N2 is
		 * B, which would bring it back here (§7, routing loops) */
		if (n_is_b(cfg, d))
			return decap_result(V6T_E6A44_RELAY_DST, NULL, 0, res);
		memcpy(n2, d + N_OFF, 4);
		put_ip4_udp(in - V6T_6A44_ENCAP_LEN, cfg->relay.b, cfg->port,
			    n2, v6t_ld_be16(d + Z_OFF), n, cfg->ttl);
		set_forward(res, in - V6T_6A44_ENCAP_LEN, V6T_6A44_ENCAP_LEN + n);
		return V6T_OK;
	}
	/* RR4-3 (4) */
	if (rc == V6T_OK && teredo_b(cfg, d))
		rc = V6T_E6A44_TEREDO;
	return decap_result(rc, in, n, res);
}

/* see tunnel.h */
int v6t_6a44_relay_decap(const v6t_6a44_cfg *cfg, uint8_t *pkt, size_t len,
			 v6t_tun_result *res)
{
	v6t_pkt v;
	uint8_t *pay;
	size_t n = 0;
	int rc;

	if (cfg == NULL || pkt == NULL || res == NULL || !relay_cfg_ok(cfg))
		return V6T_EINVAL;
	rc = outer_parse(pkt, len, &v);
	/* §6.6.2: only UDP to B concerns the relay */
	if (rc != 0 && (pkt[IP4_PROTO_OFF] != PROTO_UDP ||
			memcmp(pkt + IP4_DST_OFF, cfg->relay.b, 4) != 0))
		rc = 0;
	if (rc <= 0)
		return decap_result_notmine(rc, res);
	/* a complete datagram to a port other than W is not 6a44's; any
	 * fragment to B is dropped (RR4-5) */
	if (!(v.flags & V6T_PKT_FRAGMENT) && v.dport != cfg->port)
		return decap_result_notmine(0, res);
	rc = outer_ok(pkt, &v);
	if (rc == V6T_OK)
		rc = udp_ok(pkt, &v, &n);
	if (rc != V6T_OK)
		return decap_result(rc, NULL, 0, res);
	pay = pkt + v.l4_off + UDP_HLEN;
	if (n < IP6_HDR_LEN)
		return relay_bubble_answer(cfg, pkt, &v, pay, n, res);
	return relay_ipv6_in(cfg, pkt, &v, pay, n, res);
}

/* see tunnel.h */
int v6t_6a44_relay_error_bubble(const v6t_6a44_cfg *cfg, const uint8_t *pkt,
				size_t len, uint8_t *out, size_t cap,
				size_t *outlen)
{
	uint8_t *pay = out + V6T_6A44_ENCAP_LEN;
	v6t_pkt v;

	if (cfg == NULL || pkt == NULL || out == NULL || outlen == NULL ||
	    !relay_cfg_ok(cfg))
		return V6T_EINVAL;
	if (len == 0 || (pkt[0] >> 4) != 4 ||
	    v6t_pkt_walk(pkt, len, 0, &v) != V6T_OK || v.proto != PROTO_UDP ||
	    !(v.flags & V6T_PKT_PORTS))
		return V6T_EINVAL;
	*outlen = V6T_6A44_BUBBLE_PKT_LEN;
	if (cap < V6T_6A44_BUBBLE_PKT_LEN)
		return V6T_ENOSPC;
	/* §6.3: "in an error-signaling bubble, 0" as the Bubble ID */
	put_ip4_udp(out, cfg->relay.b, cfg->port, pkt + IP4_SRC_OFF, v.sport,
		    V6T_6A44_BUBBLE_LEN, cfg->ttl);
	memcpy(pay, cfg->prefix.addr.b, C_LEN);
	memcpy(pay + N_OFF, pkt + IP4_SRC_OFF, 4);
	v6t_st_be16(pay + Z_OFF, v.sport);
	memset(pay + BUBBLE_ID_OFF, 0, 8);
	return V6T_OK;
}

/* ------------------------------------------- ICMPv4 errors, CR-4, RR4-4 */

#define ICMP4_UNREACH 3u
#define ICMP4_FRAG_NEEDED 4u /* code of type 3 */
#define ICMP4_TIME 11u
#define ICMP6_UNREACH 1u
#define ICMP6_TIME 3u

/* RFC 792 error types: 3, 4 (Source Quench), 5 (Redirect), 11, 12 */
static int icmp4_is_error(unsigned type)
{
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

/*
 * CR-4, RR4-4: "Translation of Type and Code ... Section 4.2 of
 * [RFC6145], under 'ICMPv4 error messages'" (RFC 7915 §4.2, the same
 * table). The ICMPv6 type and code of the ICMPv4 error ic into *p; MTU
 * overhead oh (20 for protocol 41, 28 for UDP/IPv4). 0 when the table
 * drops the message, or when its translation would tell of the wrong
 * packet:
 * - Destination Unreachable code 2 (Protocol Unreachable) becomes a
 *   Parameter Problem pointing at the IPv6 Next Header: the protocol
 *   refused is the encapsulation's (41 or UDP), not one the IPv6 node
 *   chose, so no IPv6 field is to blame; dropped;
 * - Parameter Problem (type 12): its pointer is into the outer IPv4
 *   header, which the relay or client wrote, not the IPv6 node; dropped.
 */
static int icmp46_map(const uint8_t *ic, uint32_t oh, v6t_icmp_params *p)
{
	unsigned code = ic[1];
	uint32_t mtu;

	memset(p, 0, sizeof(*p));
	if (ic[0] == ICMP4_TIME) {
		p->type = ICMP6_TIME; /* code unchanged */
		p->code = (uint8_t)code;
		return 1;
	}
	if (ic[0] != ICMP4_UNREACH || code == 2 || code == 14 || code > 15)
		return 0;
	if (code == ICMP4_FRAG_NEEDED) {
		/* Packet Too Big, MTU = next-hop MTU - oh, at least 1280; a
		 * next-hop MTU of 0 (RFC 792, before RFC 1191) counts as the
		 * least */
		mtu = v6t_ld_be16(ic + 6);
		p->type = ICMP6_PTB;
		p->rest = mtu < V6T_6A44_MTU + oh ? V6T_6A44_MTU : mtu - oh;
		return 1;
	}
	p->type = ICMP6_UNREACH;
	if (code == 3)
		p->code = 4; /* Port Unreachable */
	else if (code == 9 || code == 10 || code == 13 || code == 15)
		p->code = 1; /* administratively prohibited */
	else
		p->code = 0; /* 0, 1, 5..8, 11, 12: no route */
	return 1;
}

/*
 * The inner IPv6 packet quoted after the IPv4 header of e, when the quote
 * is one of the packets we send: proto 41 (oh 20) or UDP sport:dport
 * (oh 28), the UDP ports checked by the caller from *udp. *in6 and *n6
 * are the inner packet; 0 when the quote is of another protocol.
 */
static int quoted_inner(const struct tun_icmp4 *e, const uint8_t **in6,
			size_t *n6, uint32_t *oh)
{
	size_t off = e->qhl;

	if (e->q[IP4_PROTO_OFF] == PROTO_UDP)
		off += UDP_HLEN;
	else if (e->q[IP4_PROTO_OFF] != PROTO_IPV6)
		return 0;
	*oh = (uint32_t)(IP4_HDR_MIN + off - e->qhl);
	*in6 = e->q + off;
	*n6 = e->qlen > off ? e->qlen - off : 0;
	return 1;
}

/*
 * The end both rules share, once the quote is known to be of a packet
 * we sent: a quote too short for the inner IPv6 header (or not IPv6) is
 * V6T_E6A44_QUOTE, an untranslated type V6T_E6A44_ICMP_TYPE, an error
 * RFC 4443 §2.4 (e) forbids V6T_E6A44_NO_ERROR; else the ICMPv6 error
 * from src to the inner source.
 */
static int icmp6_out(const struct tun_icmp4 *e, const uint8_t *in6,
		     size_t n6, uint32_t oh, const v6t_in6 *src, uint8_t *out,
		     size_t cap, v6t_tun_result *res)
{
	v6t_icmp_params p;

	if (n6 < IP6_HDR_LEN || (in6[0] >> 4) != 6)
		return decap_result(V6T_E6A44_QUOTE, NULL, 0, res);
	if (!icmp46_map(e->ic, oh, &p))
		return decap_result(V6T_E6A44_ICMP_TYPE, NULL, 0, res);
	return tun_icmp6_answer(in6, n6, &p, src, out, cap, res,
				V6T_E6A44_NO_ERROR);
}

/* The ICMPv4 error icmp4 when it is one (*e): else 0, NOT_MINE in res. */
static int icmp4_in(const uint8_t *icmp4, size_t len, struct tun_icmp4 *e,
		    v6t_tun_result *res)
{
	if (tun_icmp4_parse(icmp4, len, e) && icmp4_is_error(e->ic[0]))
		return 1;
	set_verdict(res, V6T_TUN_NOT_MINE, V6T_OK);
	return 0;
}

/* see tunnel.h */
int v6t_6a44_client_icmp(const v6t_6a44_client *c, const uint8_t *icmp4,
			 size_t len, uint8_t *out, size_t cap,
			 v6t_tun_result *res)
{
	struct tun_icmp4 e;
	const uint8_t *in6, *u;
	v6t_in6 src;
	size_t n6;
	uint32_t oh;

	if (c == NULL || icmp4 == NULL || out == NULL || res == NULL)
		return V6T_EINVAL;
	if (!icmp4_in(icmp4, len, &e, res))
		return V6T_OK;
	/* CT-2 (IPv4, A, A2, 41) or CT-3 (IPv4, A, B, UDP(W, W)) */
	if (memcmp(e.q + IP4_SRC_OFF, c->local.b, 4) != 0 ||
	    !quoted_inner(&e, &in6, &n6, &oh))
		return decap_result_notmine(0, res);
	u = e.q + e.qhl;
	if (oh != IP4_HDR_MIN &&
	    (e.qlen < e.qhl + UDP_HLEN ||
	     memcmp(e.q + IP4_DST_OFF, c->cfg.relay.b, 4) != 0 ||
	     v6t_ld_be16(u) != c->cfg.port || v6t_ld_be16(u + 2) != c->cfg.port))
		return decap_result_notmine(0, res);
	/* CT-4: we send only from the client's address; CT-2 to the last 32
	 * bits of the destination. A quote cut inside the IPv6 header is
	 * V6T_E6A44_QUOTE (below) */
	if (n6 >= IP6_HDR_LEN &&
	    (!c->has_addr_ || memcmp(in6 + IP6_SRC_OFF, c->addr_.b, 16) != 0 ||
	     (oh == IP4_HDR_MIN &&
	      memcmp(in6 + IP6_DST_OFF + A_OFF, e.q + IP4_DST_OFF, 4) != 0)))
		return decap_result_notmine(0, res);
	/* "treat it as a received IPv6 packet": to the client's own address
	 * (the inner source), from the inner destination, the only other
	 * IPv6 address the error is about (RFC 4443 §2.2 has the source be
	 * one of the sender's addresses; no IPv6 node sent this one, and
	 * the client has no other: the message reports on the path to that
	 * destination, which is where RFC 8201 and RFC 4443 §3.1 look) */
	if (n6 >= IP6_HDR_LEN)
		memcpy(src.b, in6 + IP6_DST_OFF, 16);
	else
		memset(src.b, 0, 16);
	return icmp6_out(&e, in6, n6, oh, &src, out, cap, res);
}

/* see tunnel.h */
int v6t_6a44_relay_icmp(const v6t_6a44_cfg *cfg, const uint8_t *icmp4,
			size_t len, uint8_t *out, size_t cap,
			v6t_tun_result *res)
{
	struct tun_icmp4 e;
	const uint8_t *in6, *u, *d;
	size_t n6;
	uint32_t oh;

	if (cfg == NULL || icmp4 == NULL || out == NULL || res == NULL ||
	    !relay_cfg_ok(cfg))
		return V6T_EINVAL;
	if (!icmp4_in(icmp4, len, &e, res))
		return V6T_OK;
	/* RR6-1 and RR4-2 both send (IPv4, B, N, UDP(W, Z, [packet])) */
	if (memcmp(e.q + IP4_SRC_OFF, cfg->relay.b, 4) != 0 ||
	    !quoted_inner(&e, &in6, &n6, &oh) || oh == IP4_HDR_MIN ||
	    e.qlen < e.qhl + UDP_HLEN)
		return decap_result_notmine(0, res);
	u = e.q + e.qhl;
	if (v6t_ld_be16(u) != cfg->port)
		return decap_result_notmine(0, res);
	/* N:Z are bits 48..95 of a destination under C */
	d = in6 + IP6_DST_OFF;
	if (n6 >= IP6_HDR_LEN &&
	    (!under_c(cfg, d) || memcmp(d + N_OFF, e.q + IP4_DST_OFF, 4) != 0 ||
	     v6t_ld_be16(d + Z_OFF) != v6t_ld_be16(u + 2)))
		return decap_result_notmine(0, res);
	/* from the relay's IPv6 address: the relay is the IPv6 router that
	 * could not deliver the packet (RFC 4443 §2.2), as for RR6-2 (1) */
	return icmp6_out(&e, in6, n6, oh, &cfg->relay6, out, cap, res);
}

/* ---------------------------------------------------------- both ends */

/* see tunnel.h */
int v6t_6a44_encap(const v6t_6a44_client *c, const uint8_t *pkt, size_t len,
		   uint8_t *out, size_t cap, v6t_tun_result *res)
{
	int rc = v6t_6a44_client_encap(c, pkt, len, out, cap, res);

	if (rc != V6T_OK || res->verdict != V6T_TUN_NOT_MINE)
		return rc;
	return v6t_6a44_relay_encap(&c->cfg, pkt, len, out, cap, res);
}

/* see tunnel.h */
int v6t_6a44_decap(v6t_6a44_client *c, uint8_t *pkt, size_t len,
		   v6t_tun_result *res)
{
	if (c == NULL || pkt == NULL || res == NULL)
		return V6T_EINVAL;
	if (len >= IP4_HDR_MIN && (pkt[0] >> 4) == 4 &&
	    memcmp(pkt + IP4_DST_OFF, c->cfg.relay.b, 4) == 0)
		return v6t_6a44_relay_decap(&c->cfg, pkt, len, res);
	return v6t_6a44_client_decap(c, pkt, len, res);
}
