/*
 * libv6transit - ICMPv4 errors about tunnel packets turned into ICMPv6
 * errors for the inner packet's source: what protocol 41 (RFC 4213 §3.4,
 * tunnel_p41.c) and 6a44 (RFC 6751 CR-4, RR4-4, tunnel_6a44.c) share.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <string.h>

#include <v6transit/packet.h>

#include "tunnel_internal.h"

#define PROTO_ICMP 1u
#define ICMP4_HLEN 8u
#define IP4_HDR 20u
#define IP6_SRC 8u

/* see tunnel_internal.h */
int tun_icmp4_parse(const uint8_t *icmp4, size_t len, struct tun_icmp4 *e)
{
	v6t_pkt o;

	if (len == 0 || icmp4[0] >> 4 != 4 ||
	    v6t_pkt_parse(icmp4, len, 0, &o) != V6T_OK ||
	    o.proto != PROTO_ICMP || !(o.flags & V6T_PKT_L4) ||
	    o.end - o.l4_off < ICMP4_HLEN + IP4_HDR)
		return 0;
	e->ic = icmp4 + o.l4_off;
	e->q = e->ic + ICMP4_HLEN;
	e->qlen = o.end - o.l4_off - ICMP4_HLEN;
	e->qhl = (size_t)(e->q[0] & 0x0fu) * 4u;
	return e->q[0] >> 4 == 4 && e->qhl >= IP4_HDR && e->qhl <= e->qlen;
}

/* see tunnel_internal.h */
int tun_icmp6_answer(const uint8_t *in6, size_t n6, const v6t_icmp_params *p,
		     const v6t_in6 *src, uint8_t *out, size_t cap,
		     v6t_tun_result *r, int no_error)
{
	v6t_in6 dst;
	int rc;

	memset(r, 0, sizeof(*r));
	if (!v6t_icmp_may_answer(in6, n6, p->type, p->code)) {
		r->verdict = V6T_TUN_DROP;
		r->reason = no_error;
		return V6T_OK;
	}
	memcpy(dst.b, in6 + IP6_SRC, 16);
	rc = v6t_icmp6_error_build(out, cap, &r->len, src, &dst, p, in6, n6);
	if (rc != V6T_OK)
		return rc;
	r->data = out;
	r->verdict = V6T_TUN_ICMP_ERROR;
	return V6T_OK;
}
