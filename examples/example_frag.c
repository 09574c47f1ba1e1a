/*
 * example_frag.c - the frag API in a few lines: split an IPv6 UDP packet
 * of 3000 bytes into fragments for a 1280-byte MTU (RFC 8200 §4.5), feed
 * them last first to a reassembly table that lives in a static buffer, and
 * get the original packet back; then show that an overlapping fragment
 * discards its datagram (RFC 5722). Exits 0 when every result is as the
 * RFCs say.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <stdio.h>
#include <string.h>

#include <v6transit/v6transit.h>

#define SLOTS 16
#define MAX_DATAGRAM 9000
#define PKT_LEN 3000
#define MTU 1280

/* The table's memory: sized at compile time, no allocation anywhere. */
static unsigned char table_mem[V6T_FRAG_TABLE_SIZE(SLOTS, MAX_DATAGRAM, 0, 0, 0, 0)];
static uint8_t pkt[PKT_LEN];
static uint8_t frags[8][MTU];
static size_t frag_len[8];

/* IPv6 UDP 2001:db8::1 -> 2001:db8::2, payload bytes 0, 1, 2, ... */
static void make_packet(void)
{
	size_t i;

	memset(pkt, 0, 40);
	pkt[0] = 0x60;
	pkt[4] = (PKT_LEN - 40) >> 8;
	pkt[5] = (PKT_LEN - 40) & 0xff;
	pkt[6] = 17;
	pkt[7] = 64;
	pkt[8] = 0x20, pkt[9] = 0x01, pkt[10] = 0x0d, pkt[11] = 0xb8, pkt[23] = 1;
	pkt[24] = 0x20, pkt[25] = 0x01, pkt[26] = 0x0d, pkt[27] = 0xb8, pkt[39] = 2;
	for (i = 40; i < PKT_LEN; i++)
		pkt[i] = (uint8_t)i;
}

static int fail(const char *step, int status)
{
	fprintf(stderr, "example_frag: %s: %s\n", step, v6t_strerror(status));
	return 1;
}

int main(void)
{
	v6t_frag_config cfg;
	v6t_frag_table *table;
	v6t_frag_split split;
	v6t_frag_result res;
	uint64_t now_ms = 1000;
	int rc, i, n;

	/* every field not set takes its default: zero the whole struct */
	memset(&cfg, 0, sizeof cfg);
	cfg.slots = SLOTS;
	cfg.max_datagram = MAX_DATAGRAM;
	cfg.timeout_ms = V6T_FRAG_TIMEOUT_MS;
	memset(cfg.key.b, 7, sizeof cfg.key.b); /* use random bytes (RFC 4086) */
	make_packet();
	/* 1. Split: every fragment fits the MTU. */
	rc = v6t_frag_split_begin(&split, pkt, sizeof pkt, MTU, 0x12345678);
	if (rc != V6T_OK)
		return fail("v6t_frag_split_begin", rc);
	n = (int)split.count;
	for (i = 0; i < n; i++) {
		rc = v6t_frag_split_next(&split, frags[i], sizeof frags[i], &frag_len[i]);
		if (rc != V6T_OK)
			return fail("v6t_frag_split_next", rc);
		printf("fragment %d: %zu bytes\n", i, frag_len[i]);
	}

	/* 2. Reassemble, last fragment first. */
	rc = v6t_frag_init(&table, table_mem, sizeof table_mem, &cfg);
	if (rc != V6T_OK)
		return fail("v6t_frag_init", rc);
	for (i = n - 1; i >= 0; i--) {
		rc = v6t_frag_input(table, frags[i], frag_len[i], now_ms++, &res);
		if (rc != V6T_OK)
			return fail("v6t_frag_input", rc);
	}
	printf("reassembled: verdict %d, %zu bytes, %s\n", res.verdict, res.len,
	       res.verdict == V6T_FRAG_DONE && res.len == sizeof pkt &&
				       memcmp(res.data, pkt, sizeof pkt) == 0
		       ? "identical to the original"
		       : "DIFFERENT");
	if (res.verdict != V6T_FRAG_DONE || res.len != sizeof pkt ||
	    memcmp(res.data, pkt, sizeof pkt) != 0)
		return 1;

	/* 3. The first fragment again, then a second copy of it with one data
	 * byte changed: an overlap that is not an exact duplicate. */
	v6t_frag_input(table, frags[0], frag_len[0], now_ms++, &res);
	frags[0][100] ^= 0xff;
	v6t_frag_input(table, frags[0], frag_len[0], now_ms++, &res);
	printf("changed copy: %s\n", v6t_strerror(res.reason));
	if (res.verdict != V6T_FRAG_DROPPED || res.reason != V6T_EFRAG_OVERLAP)
		return 1;
	/* the rest of that datagram can no longer complete it */
	for (i = 1; i < n; i++)
		v6t_frag_input(table, frags[i], frag_len[i], now_ms++, &res);
	printf("after the overlap: %s\n", v6t_strerror(res.reason));
	return res.verdict == V6T_FRAG_DROPPED && res.reason == V6T_EFRAG_POISONED ? 0 : 1;
}
