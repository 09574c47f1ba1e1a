/*
 * example_xlat.c - the translator in a few lines: a SIIT (RFC 7915) with
 * the Well-Known Prefix and one Explicit Address Mapping (RFC 7757)
 * translates an IPv4 UDP packet in place, answers an expiring one with
 * the ICMP error it builds, and splits a large DF=0 packet into IPv6
 * fragments. Exits 0 when every result is what RFC 7915 says.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <stdio.h>
#include <string.h>

#include <v6transit/v6transit.h>

static int fail(const char *step, int status)
{
	fprintf(stderr, "example_xlat: %s: %s\n", step, v6t_strerror(status));
	return 1;
}

/* An IPv4 UDP packet of len bytes 1.2.3.4:5000 -> 192.0.2.1:53 with the
 * given TTL and DF flag, UDP checksum 0 (the header checksum is computed
 * here, RFC 791 §3.1). The source must be a global address: under the
 * Well-Known Prefix a documentation address such as 198.51.100.10 is
 * refused (RFC 6052 §3.1, V6T_EADDR_NOT_GLOBAL). */
static void udp4(uint8_t *p, size_t len, uint8_t ttl, int df)
{
	uint32_t sum = 0;
	size_t i;

	memset(p, 0, len);
	p[0] = 0x45;
	p[2] = (uint8_t)(len >> 8);
	p[3] = (uint8_t)len;
	p[6] = df ? 0x40 : 0;
	p[8] = ttl;
	p[9] = 17;
	memcpy(p + 12, "\x01\x02\x03\x04\xc0\x00\x02\x01", 8);
	for (i = 0; i < 20; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	p[10] = (uint8_t)(~sum >> 8);
	p[11] = (uint8_t)~sum;
	p[20] = 0x13, p[21] = 0x88, p[22] = 0x00, p[23] = 0x35;
	p[24] = (uint8_t)((len - 20) >> 8);
	p[25] = (uint8_t)(len - 20);
}

int main(void)
{
	/* 192.0.2.0/24 lives in the IPv6 domain as 2001:db8:6::/120 */
	v6t_xlat_eam eam[1];
	v6t_xlat_eamt table;
	v6t_xlat_config cfg;
	v6t_xlat x;
	v6t_xlat_result res;
	/* headroom in front of the packet, room for the growth after it */
	static uint8_t buf[V6T_XLAT_HEADROOM + 3000 + V6T_XLAT_GROWTH];
	uint8_t *pkt = buf + V6T_XLAT_HEADROOM, frag[1280];
	size_t n, total = 0;
	uint32_t k;
	int rc, failures = 0;

	memset(eam, 0, sizeof eam);
	v6t_addr_prefix6_parse(&eam[0].p6, "2001:db8:6::/120", 16);
	v6t_addr_prefix4_parse(&eam[0].p4, "192.0.2.0/24", 12);
	if ((rc = v6t_xlat_eamt_init(&table, eam, 1, 0, NULL)) != V6T_OK)
		return fail("eamt_init", rc);
	memset(&cfg, 0, sizeof cfg);
	cfg.pool6 = v6t_addr_6052_wkp; /* 64:ff9b::/96 for everything else */
	cfg.eamt = &table;
	v6t_addr_in4_parse(&cfg.self4, "203.0.113.1", 11);
	v6t_addr_in6_parse(&cfg.self6, "2001:db8:ffff::1", 16);
	cfg.flags = V6T_XLAT_UDP0_COMPUTE | V6T_XLAT_HAIRPIN;
	if ((rc = v6t_xlat_init(&x, &cfg)) != V6T_OK)
		return fail("init", rc);

	/* 1. forwarded: 40 + 8 + 4 bytes of IPv6, written in front of the
	 * UDP payload, which stays where it was */
	udp4(pkt, 32, 64, 0);
	rc = v6t_xlat_translate_inplace(&x, buf, sizeof buf, V6T_XLAT_HEADROOM, 32, &res);
	if (rc != V6T_OK || res.verdict != V6T_XLAT_FORWARD || res.len != 52 ||
	    res.version != 6 || res.data != pkt + 20 - 40 || res.data[7] != 63)
		failures += fail("forward", rc);

	/* 2. TTL 1: not forwarded; the answer is ICMPv4 Time Exceeded (11/0)
	 * from self4 back to the source, built over the packet */
	udp4(pkt, 32, 1, 0);
	rc = v6t_xlat_translate_inplace(&x, buf, sizeof buf, V6T_XLAT_HEADROOM, 32, &res);
	if (rc != V6T_OK || res.verdict != V6T_XLAT_ICMP_ERROR ||
	    res.reason != V6T_EXLAT_TTL || res.version != 4 || res.data[20] != 11)
		failures += fail("time exceeded", rc);

	/* 3. 3000 bytes, DF clear: IPv6 fragments of at most 1280 bytes
	 * (lowest-ipv6-mtu, RFC 7915 §4.1) carrying the 2980 UDP bytes */
	udp4(pkt, 3000, 64, 0);
	rc = v6t_xlat_translate_inplace(&x, buf, sizeof buf, V6T_XLAT_HEADROOM, 3000, &res);
	if (rc != V6T_OK || res.verdict != V6T_XLAT_FRAGMENTS || res.count != 3)
		failures += fail("fragments", rc);
	for (k = 0; k < res.count; k++) {
		if ((rc = v6t_xlat_next_fragment(&res, frag, sizeof frag, &n)) != V6T_OK)
			return fail("next_fragment", rc);
		total += n - 48; /* the IPv6 and Fragment headers */
		printf("fragment %u: %zu bytes\n", (unsigned)k, n);
	}
	if (total != 2980)
		failures += fail("fragment sizes", V6T_EINVAL);
	return failures == 0 ? 0 : 1;
}
