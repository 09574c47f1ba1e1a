/*
 * libv6transit - the IPv4 header / IPv6 header chain walker (packet.h); the
 * walk itself is inline in packet_walk.h.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include "packet_walk.h"

const uint8_t v6t_nh_kind[256] = {
	[0] = NH_HOPOPT,
	[6] = NH_UPPER_PORTS,   /* TCP */
	[17] = NH_UPPER_PORTS,  /* UDP */
	[33] = NH_UPPER_PORTS,  /* DCCP */
	[43] = NH_ROUTING,
	[44] = NH_FRAGMENT,
	[50] = NH_UPPER_PORTS,  /* ESP: the SPI */
	[51] = NH_AH,
	[60] = NH_EXT,          /* Destination Options */
	[132] = NH_UPPER_PORTS, /* SCTP */
	[135] = NH_EXT,         /* Mobility, RFC 6275 §6.1.1 */
	[136] = NH_UPPER_PORTS, /* UDP-Lite */
	[139] = NH_EXT,         /* HIP, RFC 7401 §5.1 */
	[140] = NH_EXT,         /* Shim6, RFC 5533 §5.1 */
};

/* see packet.h */
int v6t_pkt_parse(const uint8_t *pkt, size_t len, unsigned opts, v6t_pkt *out)
{
	return v6t_pkt_walk(pkt, len, opts, out);
}
