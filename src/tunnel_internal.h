/*
 * libv6transit - private: what the tunnel files share (tunnel_icmp.c):
 * reading an ICMPv4 error about a tunnel packet of ours and answering it
 * with an ICMPv6 error (RFC 4213 §3.4, RFC 6751 CR-4 and RR4-4).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef V6T_SRC_TUNNEL_INTERNAL_H
#define V6T_SRC_TUNNEL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <v6transit/icmp.h>
#include <v6transit/tunnel.h>

/* An ICMPv4 message (RFC 792) and the IPv4 header it quotes. */
struct tun_icmp4 {
	const uint8_t *ic; /* the ICMPv4 header: type, code, ..., 8 bytes */
	const uint8_t *q;  /* the quoted IPv4 header */
	size_t qlen;       /* bytes quoted, from q on */
	size_t qhl;        /* the quoted header's length (IHL * 4) */
};

/*
 * 1 when the IPv4 datagram icmp4 of len bytes parses, carries ICMP
 * (protocol 1) with its 8-byte header and at least 20 bytes quoted, and
 * the quote starts with an IPv4 header whose IHL fits in it (*e set);
 * 0 otherwise. The ICMP type is not looked at.
 */
int tun_icmp4_parse(const uint8_t *icmp4, size_t len, struct tun_icmp4 *e);

/*
 * Answer the inner IPv6 packet in6 (n6 bytes quoted, n6 >= 40) with the
 * ICMPv6 error p from src to the packet's source: r gets
 * V6T_TUN_ICMP_ERROR with the message in out, or V6T_TUN_DROP with
 * reason no_error when v6t_icmp_may_answer() forbids it; V6T_OK, or the
 * error of v6t_icmp6_error_build() (V6T_ENOSPC with r->len the room).
 */
int tun_icmp6_answer(const uint8_t *in6, size_t n6, const v6t_icmp_params *p,
		     const v6t_in6 *src, uint8_t *out, size_t cap,
		     v6t_tun_result *r, int no_error);

#endif /* V6T_SRC_TUNNEL_INTERNAL_H */
