/*
 * example_mss.c - TCP MSS clamping as a CPE does it at the edge of a 6in4
 * tunnel whose MTU is 1480 (RFC 4213 §3.2: 1500 minus the 20-byte IPv4
 * header): the largest MSS for IPv6 TCP through it, a SYN whose MSS option
 * says 1440 lowered to it with the checksum still right (RFC 1624), and
 * the same SYN left alone the second time. Exits 0 when every result
 * follows RFC 9293 §3.7.1 (MSS = MTU - IP header - 20-byte TCP header).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <stdio.h>

#include <v6transit/v6transit.h>

/* The Internet checksum (RFC 1071) of the TCP segment with the IPv6
 * pseudo-header: 0 when the segment verifies. Only to show the result;
 * the library updates checksums itself. */
static unsigned tcp6_sum(const uint8_t *p, size_t len)
{
	unsigned long s = 6u + (unsigned long)(len - 40);
	size_t i;

	for (i = 8; i < 40; i += 2) /* source and destination addresses */
		s += (unsigned long)p[i] << 8 | p[i + 1];
	for (i = 40; i + 1 < len; i += 2)
		s += (unsigned long)p[i] << 8 | p[i + 1];
	while (s >> 16)
		s = (s & 0xffffu) + (s >> 16);
	return (unsigned)(~s & 0xffffu);
}

int main(void)
{
	/* IPv6 2001:db8::1 port 40000 -> 2001:db8::2 port 80, a SYN with one
	 * option, MSS 1440 (what a host on a 1500-byte link announces). The
	 * checksum field (bytes 56-57) is filled in below. */
	uint8_t syn[64] = {
		0x60, 0, 0, 0,   0, 24, 6, 64,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
		0x9c, 0x40, 0x00, 0x50,  0, 0, 0, 1,  0, 0, 0, 0,
		0x60, 0x02, 0xff, 0xff,  0, 0, 0, 0,  /* offset 6 words, SYN */
		2, 4, 0x05, 0xa0,                     /* MSS 1440 */
	};
	uint16_t mss = 0, old = 0;
	unsigned sum;
	int rc, failures = 0;

	sum = tcp6_sum(syn, sizeof syn);
	syn[56] = (uint8_t)(sum >> 8);
	syn[57] = (uint8_t)sum;

	rc = v6t_tun_mss_for_mtu(1480, 6, &mss);
	printf("MSS for IPv6 TCP over MTU 1480: %u (%s)\n", mss, v6t_strerror(rc));
	failures += rc != V6T_OK || mss != 1480 - 40 - 20;

	rc = v6t_tun_mss_clamp(syn, sizeof syn, mss, &old);
	printf("clamp: %d, MSS %u -> %u, checksum %s\n", rc, old,
	       (unsigned)(syn[62] << 8 | syn[63]), tcp6_sum(syn, sizeof syn) == 0 ? "ok" : "BAD");
	failures += rc != 1 || old != 1440 || syn[62] != 0x05 || syn[63] != 0x8c ||
		    tcp6_sum(syn, sizeof syn) != 0;

	rc = v6t_tun_mss_clamp(syn, sizeof syn, mss, &old);
	printf("again: %d (already at most %u)\n", rc, mss);
	failures += rc != 0;

	if (failures)
		fprintf(stderr, "example_mss: %d unexpected results\n", failures);
	return failures ? 1 : 0;
}
