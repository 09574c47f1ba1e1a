/*
 * libv6transit - Teredo (tunnel.h): the UDP payload of RFC 4380 §5.1.1
 * with the trailers of RFC 6081 §4, parsed and built; the UDP/IPv4
 * encapsulation; bubbles; the qualification RS and RA (§5.2.1, §5.2.2).
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Payload (RFC 4380 §5.1.1):
 *
 *   [ 00 01 ID-len AU-len | client id | auth value | nonce (8) | conf (1) ]
 *   [ 00 00 | port ^ 0xffff (2) | IPv4 ^ 0xffffffff (4) ]
 *   IPv6 packet
 *   [ RFC 6081 trailers: Type (1) Length (1) Value ]
 */
#include <string.h>

#include "v6transit/tunnel.h"

#include "bytes.h"
#include "checksum.h"
#include "teredo_internal.h"

/* RFC 4380 §5.1.1 indicators: the second byte after a 0x00 first byte. */
#define IND_ORIGIN 0x00u
#define IND_AUTH 0x01u
#define AUTH_FIXED 4u      /* indicator, ID-len, AU-len */
#define NONCE_LEN 8u
/* RFC 4380 §5.1.1: "an exclusive OR ... with the hexadecimal value 0xFFFF"
 * (port) and "... 0xFFFFFFFF" (address) */
#define PORT_OBFUSCATE 0xffffu
#define ADDR_OBFUSCATE 0xffffffffu

/* RFC 6081 §4.1: a trailer is Type (1), Length (1), Value. */
#define TRAILER_HDR 2u
#define TRAILER_ACTION(t) ((t) >> 6)
#define TRAILER_DISCARD 1u /* "01 - discard the packet" */

/* RFC 768: the largest UDP payload in IPv4: 65535 - 20 - 8. */
#define UDP4_PAYLOAD_MAX 65507u
#define IP4_HDR 20u
#define UDP_HDR 8u
#define IP_PROTO_UDP 17u

/* RFC 4861 §4.1, §4.2: RS and RA, and their options (§4.6). */
#define ND_RS_LEN 8u
#define ND_RA_LEN 16u
#define ND_OPT_UNIT 8u
#define ND_OPT_PREFIX 3u
#define ND_OPT_PREFIX_LEN 32u
#define ND_OPT_MTU 5u
#define ND_OPT_MTU_LEN 8u
#define TEREDO_PREFIX_LEN 64u

/* the all-routers address ff02::2 (RFC 4291 §2.7.1) */
static const uint8_t all_routers[16] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0,
					 0, 0, 0, 0, 0, 0, 0, 0x02 };

int v6t_teredo_is_ll64(const uint8_t a[16])
{
	static const uint8_t ll[8] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0 };

	return memcmp(a, ll, 8) == 0;
}

/* The authentication header at p (rem bytes left): its length, or 0 when
 * it runs past the payload. */
static size_t parse_auth(const uint8_t *p, size_t rem, v6t_teredo_msg *m,
			 size_t off)
{
	size_t need;

	if (rem < AUTH_FIXED)
		return 0;
	need = V6T_TEREDO_AUTH_MIN_LEN + (size_t)p[2] + p[3];
	if (rem < need)
		return 0;
	m->id_len = p[2];
	m->au_len = p[3];
	m->id_off = (uint32_t)(off + AUTH_FIXED);
	m->au_off = m->id_off + m->id_len;
	memcpy(m->nonce, p + AUTH_FIXED + m->id_len + m->au_len, NONCE_LEN);
	m->confirmation = p[need - 1];
	m->flags |= V6T_TEREDO_F_AUTH;
	return need;
}

static void parse_origin(const uint8_t *p, v6t_teredo_msg *m)
{
	m->origin_port = (uint16_t)(v6t_ld_be16(p + 2) ^ PORT_OBFUSCATE);
	v6t_st_be32(m->origin_addr.b, v6t_ld_be32(p + 4) ^ ADDR_OBFUSCATE);
	m->flags |= V6T_TEREDO_F_ORIGIN;
}

/* The headers before the IPv6 packet; *off ends at the packet. */
static int parse_headers(const uint8_t *p, size_t len, size_t *off,
			 v6t_teredo_msg *m)
{
	size_t o = 0;

	while (o < len && p[o] == 0x00) {
		if (len - o < 2)
			return V6T_ETEREDO_TRUNCATED;
		if (p[o + 1] == IND_AUTH) {
			size_t n;

			/* §5.1.1: "the authentication encapsulation MUST be
			 * the first element in the UDP payload" */
			if (m->flags != 0)
				return V6T_ETEREDO_INDICATOR;
			n = parse_auth(p + o, len - o, m, o);
			if (n == 0)
				return V6T_ETEREDO_TRUNCATED;
			o += n;
		} else if (p[o + 1] == IND_ORIGIN) {
			if (m->flags & V6T_TEREDO_F_ORIGIN)
				return V6T_ETEREDO_INDICATOR;
			if (len - o < V6T_TEREDO_ORIGIN_LEN)
				return V6T_ETEREDO_TRUNCATED;
			parse_origin(p + o, m);
			o += V6T_TEREDO_ORIGIN_LEN;
		} else {
			return V6T_ETEREDO_INDICATOR;
		}
	}
	*off = o;
	return V6T_OK;
}

/* RFC 6081 §5.1.2: walk the trailers in order; a malformed one (its
 * Length past the payload, or fewer than 2 bytes left) stops the walk. */
static int walk_trailers(const uint8_t *t, size_t n)
{
	size_t o = 0;

	while (n - o >= TRAILER_HDR && t[o + 1] <= n - o - TRAILER_HDR) {
		uint8_t type = t[o];

		if (!v6t_teredo_trailer_known(type) &&
		    TRAILER_ACTION(type) == TRAILER_DISCARD)
			return V6T_ETEREDO_TRAILER;
		o += TRAILER_HDR + (size_t)t[o + 1];
	}
	return V6T_OK;
}

int v6t_teredo_trailer_known(uint8_t type)
{
	/* RFC 6081 §4.2-§4.5: Nonce, Alternate Address, Neighbor
	 * Discovery Option, Random Port */
	return type == 0x01 || type == 0x03 || type == 0x04 || type == 0x05;
}

/* The kind of the whole IPv6 packet ip (ip_len = 40 + Payload Length). */
static void classify(const uint8_t *ip, uint32_t ip_len, v6t_teredo_msg *m)
{
	uint32_t plen = ip_len - V6T_TEREDO_IP6_HDR;
	const uint8_t *icmp = ip + V6T_TEREDO_IP6_HDR;

	m->kind = V6T_TEREDO_DATA;
	/* RFC 4380 §2.8: "an IPv6 header and a null payload ... 59" */
	if (ip[V6T_TEREDO_IP6_NH] == V6T_TEREDO_NH_NONE && plen == 0) {
		m->kind = V6T_TEREDO_BUBBLE;
		return;
	}
	if (ip[V6T_TEREDO_IP6_NH] != V6T_TEREDO_NH_ICMP6 ||
	    ip[V6T_TEREDO_IP6_HLIM] != V6T_TEREDO_ND_HLIM ||
	    plen < ND_RS_LEN || icmp[1] != 0 ||
	    !v6t_teredo_is_ll64(ip + V6T_TEREDO_IP6_SRC))
		return;
	/* RFC 4380 §5.2.1 start action: link-local source, all-routers
	 * destination; RFC 4861 §6.1.1: Hop Limit 255, code 0, 8 bytes */
	if (icmp[0] == V6T_TEREDO_ICMP6_RS &&
	    memcmp(ip + V6T_TEREDO_IP6_DST, all_routers, 16) == 0) {
		m->kind = V6T_TEREDO_RS;
		/* RFC 4380 §4: the cone bit is the high bit of the flags,
		 * byte 8 of the address */
		if (ip[V6T_TEREDO_IP6_SRC + 8] & (V6T_ADDR_TEREDO_CONE >> 8))
			m->flags |= V6T_TEREDO_F_CONE;
	} else if (icmp[0] == V6T_TEREDO_ICMP6_RA && plen >= ND_RA_LEN) {
		/* RFC 4861 §6.1.2: link-local source, 16 bytes at least */
		m->kind = V6T_TEREDO_RA;
	}
}

/* see tunnel.h */
int v6t_teredo_parse(const uint8_t *payload, size_t len, v6t_teredo_msg *out)
{
	v6t_teredo_msg m;
	size_t off, end;
	const uint8_t *ip;
	int rc;

	if (payload == NULL || out == NULL)
		return V6T_EINVAL;
	memset(&m, 0, sizeof(m));
	rc = parse_headers(payload, len, &off, &m);
	if (rc != V6T_OK)
		return rc;
	if (off == len)
		return V6T_ETEREDO_TRUNCATED;
	ip = payload + off;
	if (ip[0] >> 4 != 6)
		return V6T_ETEREDO_IPV6_VERSION;
	if (len - off < V6T_TEREDO_IP6_HDR)
		return V6T_ETEREDO_TRUNCATED;
	/* RFC 6081 §4: "consistent" is "less than or equal to" */
	end = V6T_TEREDO_IP6_HDR + (size_t)v6t_ld_be16(ip + V6T_TEREDO_IP6_PLEN);
	if (end > len - off)
		return V6T_ETEREDO_IPV6_LENGTH;
	rc = walk_trailers(ip + end, len - off - end);
	if (rc != V6T_OK)
		return rc;
	m.ip6_off = (uint32_t)off;
	m.ip6_len = (uint32_t)end;
	m.trailer_off = (uint32_t)(off + end);
	m.trailer_len = (uint32_t)(len - off - end);
	if (m.trailer_len != 0)
		m.flags |= V6T_TEREDO_F_TRAILERS;
	classify(ip, m.ip6_len, &m);
	*out = m;
	return V6T_OK;
}

/* see tunnel.h */
size_t v6t_teredo_hdrs_len(const v6t_teredo_hdrs *h)
{
	size_t n = 0;

	if (h == NULL)
		return 0;
	if (h->auth != NULL)
		n += V6T_TEREDO_AUTH_MIN_LEN + (size_t)h->auth->id_len +
		     h->auth->au_len;
	if (h->has_origin)
		n += V6T_TEREDO_ORIGIN_LEN;
	return n;
}

/* Whether ip6 is one whole IPv6 packet of ip6_len bytes: V6T_OK or the
 * reason. */
static int check_ip6(const uint8_t *ip6, size_t ip6_len)
{
	if (ip6_len == 0 || ip6[0] >> 4 != 6)
		return V6T_ETEREDO_IPV6_VERSION;
	if (ip6_len < V6T_TEREDO_IP6_HDR ||
	    ip6_len - V6T_TEREDO_IP6_HDR != v6t_ld_be16(ip6 + V6T_TEREDO_IP6_PLEN))
		return V6T_ETEREDO_IPV6_LENGTH;
	return V6T_OK;
}

static int hdrs_args_ok(const v6t_teredo_hdrs *h)
{
	const v6t_teredo_auth *a = h == NULL ? NULL : h->auth;

	return a == NULL || ((a->id_len == 0 || a->client_id != NULL) &&
			     (a->au_len == 0 || a->value != NULL));
}

/* Write the headers of h at o (v6t_teredo_hdrs_len(h) bytes). */
static void write_hdrs(uint8_t *o, const v6t_teredo_hdrs *h)
{
	const v6t_teredo_auth *a;

	if (h == NULL)
		return;
	a = h->auth;
	if (a != NULL) {
		o[0] = 0x00;
		o[1] = IND_AUTH;
		o[2] = a->id_len;
		o[3] = a->au_len;
		o += AUTH_FIXED;
		if (a->id_len)
			memcpy(o, a->client_id, a->id_len);
		o += a->id_len;
		if (a->au_len)
			memcpy(o, a->value, a->au_len);
		o += a->au_len;
		memcpy(o, a->nonce, NONCE_LEN);
		o[NONCE_LEN] = a->confirmation;
		o += NONCE_LEN + 1;
	}
	if (h->has_origin) {
		o[0] = 0x00;
		o[1] = IND_ORIGIN;
		v6t_st_be16(o + 2, (uint16_t)(h->origin_port ^ PORT_OBFUSCATE));
		v6t_st_be32(o + 4, v6t_ld_be32(h->origin_addr.b) ^ ADDR_OBFUSCATE);
	}
}

/* Headers then packet at o; the packet is moved first, since it may sit
 * where the headers go. */
static void write_payload(uint8_t *o, const v6t_teredo_hdrs *h, size_t hl,
			  const uint8_t *ip6, size_t ip6_len)
{
	if (o + hl != ip6)
		memmove(o + hl, ip6, ip6_len);
	write_hdrs(o, h);
}

/* see tunnel.h */
int v6t_teredo_payload_build(uint8_t *out, size_t cap,
			     const v6t_teredo_hdrs *h,
			     const uint8_t *ip6, size_t ip6_len,
			     size_t *out_len)
{
	size_t hl, total;
	int rc;

	if (out == NULL || ip6 == NULL || out_len == NULL || !hdrs_args_ok(h))
		return V6T_EINVAL;
	rc = check_ip6(ip6, ip6_len);
	if (rc != V6T_OK)
		return rc;
	hl = v6t_teredo_hdrs_len(h);
	total = hl + ip6_len;
	if (total > UDP4_PAYLOAD_MAX)
		return V6T_ETEREDO_TOO_BIG;
	*out_len = total;
	if (cap < total)
		return V6T_ENOSPC;
	write_payload(out, h, hl, ip6, ip6_len);
	return V6T_OK;
}

/* see teredo_internal.h (RFC 768 pseudo-header) */
uint16_t v6t_teredo_udp_sum(const uint8_t src[4], const uint8_t dst[4],
			    const uint8_t *udp, size_t ulen)
{
	uint32_t sum = v6t_csum_pseudo4(src, dst, (uint32_t)ulen, IP_PROTO_UDP);

	return v6t_csum_fold(v6t_csum_add(sum, udp, ulen));
}

/* see tunnel.h */
int v6t_teredo_encap(uint8_t *out, size_t cap, const v6t_teredo_encap_cfg *cfg,
		     const uint8_t *ip6, size_t ip6_len, v6t_tun_result *res)
{
	uint8_t *ip, *udp;
	size_t hl, total;
	uint16_t sum;
	int rc;

	if (out == NULL || cfg == NULL || ip6 == NULL || res == NULL ||
	    cfg->ttl == 0 || !hdrs_args_ok(&cfg->hdrs))
		return V6T_EINVAL;
	rc = check_ip6(ip6, ip6_len);
	hl = v6t_teredo_hdrs_len(&cfg->hdrs);
	if (rc == V6T_OK && hl + ip6_len > UDP4_PAYLOAD_MAX)
		rc = V6T_ETEREDO_TOO_BIG;
	if (rc != V6T_OK) {
		v6t_teredo_result(res, V6T_TUN_DROP, rc, NULL, 0);
		return V6T_OK;
	}
	total = V6T_TEREDO_OUTER_LEN + hl + ip6_len;
	if (cap < total) {
		v6t_teredo_result(res, V6T_TUN_DROP, V6T_ENOSPC, NULL, total);
		return V6T_ENOSPC;
	}
	write_payload(out + V6T_TEREDO_OUTER_LEN, &cfg->hdrs, hl, ip6, ip6_len);
	ip = out;
	/* RFC 791 §3.1; RFC 4380 §5.1.2: "SHOULD NOT set the Don't
	 * Fragment (DF) bit" - flags and offset all zero */
	ip[0] = 0x45;
	ip[1] = 0;
	v6t_st_be16(ip + 2, (uint16_t)total);
	v6t_st_be16(ip + 4, cfg->ip_id);
	v6t_st_be16(ip + 6, 0);
	ip[8] = cfg->ttl;
	ip[9] = IP_PROTO_UDP;
	memcpy(ip + 12, cfg->src.b, 4);
	memcpy(ip + 16, cfg->dst.b, 4);
	v6t_ip4_set_checksum(ip, IP4_HDR);
	udp = out + IP4_HDR;
	v6t_st_be16(udp, cfg->sport);
	v6t_st_be16(udp + 2, cfg->dport);
	v6t_st_be16(udp + 4, (uint16_t)(total - IP4_HDR));
	v6t_st_be16(udp + 6, 0);
	sum = v6t_teredo_udp_sum(cfg->src.b, cfg->dst.b, udp, total - IP4_HDR);
	/* RFC 768: a computed 0 is sent as all ones */
	v6t_st_be16(udp + 6, sum == 0 ? 0xffffu : sum);
	v6t_teredo_result(res, V6T_TUN_FORWARD, V6T_OK, out, total);
	return V6T_OK;
}

/* see tunnel.h */
int v6t_teredo_bubble_build(uint8_t out[V6T_TEREDO_BUBBLE_LEN],
			    const v6t_in6 *src, const v6t_in6 *dst)
{
	if (out == NULL || src == NULL || dst == NULL)
		return V6T_EINVAL;
	v6t_st_be32(out, V6T_TEREDO_IP6_VERSION_WORD);
	v6t_st_be16(out + V6T_TEREDO_IP6_PLEN, 0);
	out[V6T_TEREDO_IP6_NH] = V6T_TEREDO_NH_NONE;
	out[V6T_TEREDO_IP6_HLIM] = 0;
	memcpy(out + V6T_TEREDO_IP6_SRC, src->b, 16);
	memcpy(out + V6T_TEREDO_IP6_DST, dst->b, 16);
	return V6T_OK;
}

/* see tunnel.h */
int v6t_teredo_rs_build(uint8_t out[V6T_TEREDO_RS_LEN], const uint8_t nonce[8],
			const v6t_in6 *src_ll)
{
	/* fe80::ffff:ffff:ffff: the cone bit (byte 8) clear */
	static const v6t_in6 dflt = { { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
					0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	v6t_teredo_auth a;
	v6t_teredo_hdrs h;
	uint8_t *ip, *icmp;

	if (out == NULL || nonce == NULL)
		return V6T_EINVAL;
	ip = out + V6T_TEREDO_AUTH_MIN_LEN;
	icmp = ip + V6T_TEREDO_IP6_HDR;
	if (src_ll == NULL)
		src_ll = &dflt;
	if (!v6t_teredo_is_ll64(src_ll->b))
		return V6T_EINVAL;
	memset(&a, 0, sizeof(a));
	memcpy(a.nonce, nonce, NONCE_LEN);
	memset(&h, 0, sizeof(h));
	h.auth = &a;
	write_hdrs(out, &h);
	v6t_st_be32(ip, V6T_TEREDO_IP6_VERSION_WORD);
	v6t_st_be16(ip + V6T_TEREDO_IP6_PLEN, ND_RS_LEN);
	ip[V6T_TEREDO_IP6_NH] = V6T_TEREDO_NH_ICMP6;
	ip[V6T_TEREDO_IP6_HLIM] = V6T_TEREDO_ND_HLIM;
	memcpy(ip + V6T_TEREDO_IP6_SRC, src_ll->b, 16);
	memcpy(ip + V6T_TEREDO_IP6_DST, all_routers, 16);
	/* RFC 4861 §4.1: type, code, checksum, 4 reserved bytes */
	memset(icmp, 0, ND_RS_LEN);
	icmp[0] = V6T_TEREDO_ICMP6_RS;
	v6t_st_be16(icmp + 2, v6t_teredo_icmp6_sum(ip, icmp, ND_RS_LEN));
	return V6T_OK;
}

/* see teredo_internal.h (RFC 4443 §2.3) */
uint16_t v6t_teredo_icmp6_sum(const uint8_t *ip, const uint8_t *icmp, size_t n)
{
	uint32_t sum = v6t_csum_pseudo6(ip + V6T_TEREDO_IP6_SRC,
					ip + V6T_TEREDO_IP6_DST, (uint32_t)n,
					V6T_TEREDO_NH_ICMP6);

	return v6t_csum_fold(v6t_csum_add(sum, icmp, n));
}

/* RFC 4861 §4.2/§4.6: the options of the RA at icmp (n bytes): the one
 * Prefix Information option and the MTU. */
static int ra_options(const uint8_t *icmp, size_t n, const uint8_t **pio,
		      uint32_t *mtu)
{
	size_t o = ND_RA_LEN;
	unsigned count = 0;

	while (o < n) {
		size_t olen;

		/* RFC 4861 §6.1.2: "All included options have a length that
		 * is greater than zero" */
		if (n - o < 2 || icmp[o + 1] == 0)
			return V6T_ETEREDO_RA;
		olen = (size_t)icmp[o + 1] * ND_OPT_UNIT;
		if (olen > n - o)
			return V6T_ETEREDO_RA;
		if (icmp[o] == ND_OPT_PREFIX) {
			if (olen != ND_OPT_PREFIX_LEN)
				return V6T_ETEREDO_RA;
			*pio = icmp + o;
			count++;
		} else if (icmp[o] == ND_OPT_MTU && olen == ND_OPT_MTU_LEN) {
			*mtu = v6t_ld_be32(icmp + o + 4);
		}
		o += olen;
	}
	/* RFC 4380 §5.2.1: "exactly one advertised Prefix Information
	 * option"; a second one is V6T_ETEREDO_RA_PREFIX (checked last) */
	if (count != 1)
		*pio = NULL;
	return V6T_OK;
}

/* see tunnel.h */
int v6t_teredo_qualify(const uint8_t *payload, const v6t_teredo_msg *msg,
		       const uint8_t nonce[8], const v6t_in6 *rs_src,
		       const v6t_in4 *server, v6t_teredo_qual *out)
{
	const uint8_t *ip, *icmp, *pio = NULL;
	v6t_teredo_qual q;
	uint32_t n;
	int rc;

	if (payload == NULL || msg == NULL || nonce == NULL ||
	    rs_src == NULL || server == NULL || out == NULL)
		return V6T_EINVAL;
	if (msg->kind != V6T_TEREDO_RA)
		return V6T_ETEREDO_RA;
	ip = payload + msg->ip6_off;
	icmp = ip + V6T_TEREDO_IP6_HDR;
	n = msg->ip6_len - V6T_TEREDO_IP6_HDR;
	memset(&q, 0, sizeof(q));
	if (v6t_teredo_icmp6_sum(ip, icmp, n) != 0)
		return V6T_ETEREDO_RA;
	rc = ra_options(icmp, n, &pio, &q.mtu);
	if (rc != V6T_OK)
		return rc;
	/* §5.2.2: "If they don't match, the packet MUST be discarded." */
	if (!(msg->flags & V6T_TEREDO_F_AUTH) ||
	    memcmp(msg->nonce, nonce, NONCE_LEN) != 0)
		return V6T_ETEREDO_RA_NONCE;
	if (!(msg->flags & V6T_TEREDO_F_ORIGIN))
		return V6T_ETEREDO_RA_ORIGIN;
	if (memcmp(ip + V6T_TEREDO_IP6_DST, rs_src->b, 16) != 0)
		return V6T_ETEREDO_RA_DEST;
	/* §5.2.1: "the first 32 bits should contain the global Teredo IPv6
	 * service prefix, and the next 32 bits ... the server's IPv4
	 * address"; the option's prefix is at byte 16 (RFC 4861 §4.6.2) */
	if (pio == NULL || pio[2] != TEREDO_PREFIX_LEN ||
	    memcmp(pio + 16, v6t_addr_teredo_prefix.addr.b, 4) != 0 ||
	    memcmp(pio + 20, server->b, 4) != 0)
		return V6T_ETEREDO_RA_PREFIX;
	q.mapped = msg->origin_addr;
	q.mapped_port = msg->origin_port;
	memcpy(q.prefix.addr.b, pio + 16, 8);
	q.prefix.len = TEREDO_PREFIX_LEN;
	*out = q;
	return V6T_OK;
}
