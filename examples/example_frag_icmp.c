/*
 * example_frag_icmp.c - the ICMP errors a reassembly table suggests, built
 * with icmp.h: the first fragment of an IPv6 datagram whose other
 * fragments never come, and of an IPv4 one, time out (v6t_frag_expire())
 * and get a Time Exceeded, code 1, quoting that fragment (RFC 8200 §4.5,
 * RFC 792); an IPv6 fragment whose length is not a multiple of 8 is
 * dropped (v6t_frag_input()) and gets a Parameter Problem, code 0, with
 * the pointer the table gives (RFC 8200 §4.5). Each error is printed as
 * hex. Exits 0 when every error is there and is what the RFCs say.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <stdio.h>
#include <string.h>

#include <v6transit/v6transit.h>

#define SLOTS 4
#define MAX_DATAGRAM 4000

static unsigned char table_mem[V6T_FRAG_TABLE_SIZE(SLOTS, MAX_DATAGRAM, 0, 0, 0, 0)];
/* the error, with room for the largest (1280 bytes, RFC 4443 §2.4 (c)) */
static uint8_t err[V6T_ICMP6_LIMIT];

/* This node's addresses, the errors' source (RFC 4443 §2.2). */
static const v6t_in6 ME6 = { { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe } };
static const v6t_in4 ME4 = { { 192, 0, 2, 254 } };

/* An IPv6 fragment 2001:db8::1 -> 2001:db8::2, UDP, identification 7, at
 * offset off with M = more, n data bytes; its length. */
static size_t frag6(uint8_t *p, unsigned off, int more, size_t n)
{
	size_t i;

	memset(p, 0, 48);
	p[0] = 0x60;
	p[4] = (uint8_t)((8 + n) >> 8);
	p[5] = (uint8_t)(8 + n);
	p[6] = 44; /* Fragment header */
	p[7] = 64;
	p[8] = 0x20, p[9] = 0x01, p[10] = 0x0d, p[11] = 0xb8, p[23] = 1;
	p[24] = 0x20, p[25] = 0x01, p[26] = 0x0d, p[27] = 0xb8, p[39] = 2;
	p[40] = 17;
	p[42] = (uint8_t)(off >> 8);
	p[43] = (uint8_t)((off & 0xf8u) | (more ? 1 : 0));
	p[47] = 7;
	for (i = 0; i < n; i++)
		p[48 + i] = (uint8_t)i;
	return 48 + n;
}

/* An IPv4 first fragment 192.0.2.1 -> 198.51.100.2, UDP, ID 0x99, MF,
 * n data bytes, with its header checksum; its length. */
static size_t frag4_first(uint8_t *p, size_t n)
{
	unsigned long s = 0;
	size_t i;

	memset(p, 0, 20);
	p[0] = 0x45;
	p[2] = (uint8_t)((20 + n) >> 8);
	p[3] = (uint8_t)(20 + n);
	p[5] = 0x99;
	p[6] = 0x20; /* MF */
	p[8] = 64;
	p[9] = 17;
	p[12] = 192, p[13] = 0, p[14] = 2, p[15] = 1;
	p[16] = 198, p[17] = 51, p[18] = 100, p[19] = 2;
	for (i = 0; i < n; i++)
		p[20 + i] = (uint8_t)i;
	for (i = 0; i < 20; i += 2)
		s += (unsigned long)p[i] << 8 | p[i + 1];
	while (s > 0xffff)
		s = (s & 0xffff) + (s >> 16);
	p[10] = (uint8_t)(~s >> 8);
	p[11] = (uint8_t)~s;
	return 20 + n;
}

static void hexdump(const char *what, const uint8_t *b, size_t n)
{
	size_t i;

	printf("%s (%zu bytes):", what, n);
	for (i = 0; i < n; i++)
		printf("%s%02x", i % 16 ? " " : "\n  ", b[i]);
	printf("\n");
}

/* The error to the source of the quoted packet, from this node. */
static int send_error(const uint8_t *quote, size_t qlen, uint8_t type,
		      uint8_t code, uint32_t rest)
{
	/* RFC 6864 §4.3: IPv4 errors (DF clear) must not repeat an ID */
	static uint16_t next_ip_id = 1;
	v6t_icmp_params p;
	size_t n;
	int rc;

	memset(&p, 0, sizeof p); /* hop limit 64, default limit, no extension */
	p.type = type;
	p.code = code;
	p.rest = rest;
	if ((quote[0] >> 4) == 6) {
		v6t_in6 to;

		memcpy(to.b, quote + 8, 16);
		rc = v6t_icmp6_error_build(err, sizeof err, &n, &ME6, &to, &p,
					   quote, qlen);
	} else {
		v6t_in4 to;

		memcpy(to.b, quote + 12, 4);
		p.ip_id = next_ip_id++;
		rc = v6t_icmp4_error_build(err, sizeof err, &n, &ME4, &to, &p,
					   quote, qlen);
	}
	if (rc != V6T_OK) {
		fprintf(stderr, "example_frag_icmp: %s\n", v6t_strerror(rc));
		return 1;
	}
	hexdump(type == 4 ? "ICMPv6 Parameter Problem"
		: type == 3 ? "ICMPv6 Time Exceeded" : "ICMP Time Exceeded",
		err, n);
	/* the quote follows the 48 (IPv6) or 28 (IPv4) bytes of headers */
	return memcmp(err + ((quote[0] >> 4) == 6 ? 48 : 28), quote,
		      qlen < 64 ? qlen : 64) != 0;
}

int main(void)
{
	static uint8_t pkt[1500];
	v6t_frag_config cfg;
	v6t_frag_table *table;
	v6t_frag_result res;
	v6t_frag_expired exp;
	int rc, sent = 0;
	size_t n;

	memset(&cfg, 0, sizeof cfg);
	cfg.slots = SLOTS;
	cfg.max_datagram = MAX_DATAGRAM;
	cfg.timeout_ms = V6T_FRAG_TIMEOUT_MS;
	memset(cfg.key.b, 7, sizeof cfg.key.b); /* use random bytes (RFC 4086) */
	rc = v6t_frag_init(&table, table_mem, sizeof table_mem, &cfg);
	if (rc != V6T_OK)
		return 1;

	/* 1. A fragment of 12 data bytes with M = 1: RFC 8200 §4.5 asks for
	 * Parameter Problem code 0 pointing at the Payload Length (4). */
	n = frag6(pkt, 0, 1, 12);
	v6t_frag_input(table, pkt, n, 1000, &res);
	printf("short fragment: %s, icmp %u/%u pointer %u\n",
	       v6t_strerror(res.reason), res.icmp_type, res.icmp_code,
	       (unsigned)res.icmp_pointer);
	if (res.icmp_type != 0) {
		if (send_error(pkt, n, res.icmp_type, res.icmp_code, res.icmp_pointer))
			return 1;
		sent++;
	}

	/* 2. First fragments whose rest never arrives, IPv6 and IPv4. */
	n = frag6(pkt, 0, 1, 64);
	v6t_frag_input(table, pkt, n, 1000, &res);
	n = frag4_first(pkt, 64);
	v6t_frag_input(table, pkt, n, 1001, &res);
	while (v6t_frag_expire(table, 1001 + V6T_FRAG_TIMEOUT_MS, &exp) == 1) {
		printf("expired IPv%u datagram: icmp %u/%u\n", exp.version,
		       exp.icmp_type, exp.icmp_code);
		if (exp.icmp_type == 0)
			continue;
		/* the quote lives in the table until the next call on it */
		if (send_error(exp.quote, exp.quote_len, exp.icmp_type,
			       exp.icmp_code, 0))
			return 1;
		sent++;
	}
	return sent == 3 ? 0 : 1;
}
