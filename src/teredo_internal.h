/*
 * libv6transit - private: what the Teredo files (tunnel_teredo.c,
 * tunnel_teredo_rx.c) share.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef V6T_SRC_TEREDO_INTERNAL_H
#define V6T_SRC_TEREDO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "v6transit/tunnel.h"

/* RFC 8200 §3: the IPv6 header */
#define V6T_TEREDO_IP6_HDR 40u
#define V6T_TEREDO_IP6_PLEN 4u
#define V6T_TEREDO_IP6_NH 6u
#define V6T_TEREDO_IP6_HLIM 7u
#define V6T_TEREDO_IP6_SRC 8u
#define V6T_TEREDO_IP6_DST 24u
#define V6T_TEREDO_IP6_VERSION_WORD 0x60000000u /* version 6, class 0, label 0 */
#define V6T_TEREDO_NH_ICMP6 58u
#define V6T_TEREDO_NH_NONE 59u
/* RFC 4443 §4, RFC 4861 §4 */
#define V6T_TEREDO_ICMP6_ECHO_REPLY 129u
#define V6T_TEREDO_ICMP6_RS 133u
#define V6T_TEREDO_ICMP6_RA 134u
#define V6T_TEREDO_ND_HLIM 255u

/* whether a is in fe80::/64, the link-local unicast prefix (RFC 4291 §2.5.6) */
int v6t_teredo_is_ll64(const uint8_t a[16]);
/* RFC 6081 §4: the trailer types it defines */
int v6t_teredo_trailer_known(uint8_t type);
/* the ICMPv6 checksum over ip's pseudo-header and icmp[0..n): 0 when the
 * message's own checksum is right, else its field's value when taken as 0 */
uint16_t v6t_teredo_icmp6_sum(const uint8_t *ip, const uint8_t *icmp, size_t n);
/* the same for the UDP datagram udp[0..ulen) between src and dst (RFC 768),
 * not mapping a computed 0 to 0xffff */
uint16_t v6t_teredo_udp_sum(const uint8_t src[4], const uint8_t dst[4],
			    const uint8_t *udp, size_t ulen);

/* fill a tunnel result (the fragment iterator's state zeroed) */
static inline void v6t_teredo_result(v6t_tun_result *res, int verdict,
				     int reason, uint8_t *data, size_t len)
{
	memset(res, 0, sizeof(*res));
	res->data = data;
	res->len = len;
	res->verdict = verdict;
	res->reason = reason;
}

#endif /* V6T_SRC_TEREDO_INTERNAL_H */
