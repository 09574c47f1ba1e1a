/*
 * example_packet.c - the packet walker in a few lines: find the upper-layer
 * header, the Fragment header and the unfragmentable part of an IPv6 first
 * fragment (RFC 8200 §4.5), read an ICMP error's quoted packet that is cut
 * short (RFC 4443 §2.4 (c)), and refuse a packet whose length lies.
 * Exits 0 when every field is what the RFCs say for these bytes.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <stdio.h>

#include <v6transit/v6transit.h>

int main(void)
{
	/*
	 * IPv6 2001:db8::1 -> 2001:db8::2, then a Destination Options header
	 * (8 bytes: Next Header 44, Hdr Ext Len 0, a PadN option of 4 bytes),
	 * then a Fragment header (Next Header 17, offset 0, M = 1,
	 * Identification 0x12345678), then a UDP header 1234 -> 53 and 8
	 * bytes of data. Payload Length 8 + 8 + 8 + 8 = 32.
	 */
	const uint8_t first[72] = {
		0x60, 0, 0, 0,   0, 32, 60, 64,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
		44, 0, 1, 4, 0, 0, 0, 0,                 /* Destination Options */
		17, 0, 0x00, 0x01, 0x12, 0x34, 0x56, 0x78, /* Fragment, M = 1 */
		0x04, 0xd2, 0x00, 0x35, 0x00, 0x10, 0x00, 0x00, /* UDP */
		'e', 'x', 'a', 'm', 'p', 'l', 'e', '!',
	};
	/* An IPv4 UDP packet of Total Length 548 as an ICMP error quotes it:
	 * only its first 28 bytes (RFC 792). */
	const uint8_t quoted[28] = {
		0x45, 0, 0x02, 0x24, 0, 0, 0x40, 0,  64, 17, 0, 0,
		192, 0, 2, 1,  198, 51, 100, 2,
		0x13, 0x88, 0x00, 0x35, 0x02, 0x10, 0, 0,
	};
	v6t_pkt p;
	int rc, failures = 0;

	rc = v6t_pkt_parse(first, sizeof first, 0, &p);
	printf("first fragment: %s end=%u l4_off=%u proto=%u frag_hdr_off=%u "
	       "unfrag_end=%u id=0x%08x sport=%u dport=%u\n", v6t_strerror(rc),
	       (unsigned)p.end, (unsigned)p.l4_off, p.proto, (unsigned)p.frag_hdr_off,
	       (unsigned)p.unfrag_end, (unsigned)p.frag_id, p.sport, p.dport);
	/* 40 + Payload Length 32; UDP after 40 + 8 + 8; by the rule of RFC
	 * 8200 §4.5 (headers up to the Routing header, else Hop-by-Hop) the
	 * unfragmentable part is the IPv6 header alone. */
	failures += rc != V6T_OK || p.end != 72 || p.l4_off != 56 || p.proto != 17 ||
		    p.frag_hdr_off != 48 || p.frag_nh_off != 40 || p.unfrag_end != 40 ||
		    p.frag_id != 0x12345678u || p.frag_offset != 0 || p.more_frags != 1 ||
		    p.ext_count != 2 || p.sport != 1234 || p.dport != 53 ||
		    p.flags != (V6T_PKT_FRAGMENT | V6T_PKT_L4 | V6T_PKT_PORTS);

	/* The quote: refused as a packet, read with V6T_PKT_OPT_TRUNCATED. */
	rc = v6t_pkt_parse(quoted, sizeof quoted, 0, &p);
	printf("quoted packet as a packet: %s\n", v6t_strerror(rc));
	failures += rc != V6T_EPKT_SHORT;
	rc = v6t_pkt_parse(quoted, sizeof quoted, V6T_PKT_OPT_TRUNCATED, &p);
	printf("quoted packet, truncated allowed: %s end=%u proto=%u ports %u -> %u\n",
	       v6t_strerror(rc), (unsigned)p.end, p.proto, p.sport, p.dport);
	failures += rc != V6T_OK || p.end != 28 || p.proto != 17 || p.sport != 5000 ||
		    p.dport != 53 || (p.flags & V6T_PKT_CUT) == 0;

	/* A Payload Length past the buffer is an error, never a read. */
	rc = v6t_pkt_parse(first, 64, 0, &p);
	printf("cut at 64 bytes: %s\n", v6t_strerror(rc));
	failures += rc != V6T_EPKT_SHORT;

	if (failures)
		fprintf(stderr, "example_packet: %d unexpected results\n", failures);
	return failures ? 1 : 0;
}
