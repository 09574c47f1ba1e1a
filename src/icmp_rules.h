/*
 * libv6transit - private: when an ICMP error may be sent about a packet
 * (RFC 4443 §2.4 (e), RFC 1812 §4.3.2.7, RFC 1122 §3.2.2), on what a walk
 * over it found, so that reassembly (which has its own parse) and
 * v6t_icmp_may_answer() (icmp.h, which walks the packet) share one rule.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef V6T_SRC_ICMP_RULES_H
#define V6T_SRC_ICMP_RULES_H

#include <stdint.h>

/* What the rules look at in the packet about which an error would go. */
struct v6t_icmp_subject {
	const uint8_t *pkt; /* its IP header (the addresses are read) */
	uint8_t version;    /* 4 or 6 */
	uint8_t upper;      /* the upper-layer protocol as far as it shows */
	uint8_t later_frag; /* IPv4: a fragment with a non-zero offset */
	int icmp_type;      /* with upper 1 (IPv4) or 58 (IPv6), the ICMP
			       type, or -1 when the buffer does not show it */
};

/* 1 when an error of type err_type (code err_code) may be sent about s,
 * else 0; icmp.h v6t_icmp_may_answer() lists the rules. */
int v6t_icmp_rules_allow(const struct v6t_icmp_subject *s,
			 unsigned err_type, unsigned err_code);

#endif /* V6T_SRC_ICMP_RULES_H */
