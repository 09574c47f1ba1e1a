/*
 * siit-gw - the running gateway: its state and the per-packet work.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef SIIT_GW_LOOP_H
#define SIIT_GW_LOOP_H

#include "gw.h"

/* A packet read from the device sits GW_HEADROOM bytes into its buffer,
 * so that the translation can write its longer headers in front of it
 * (V6T_XLAT_HEADROOM), and the buffer has room for the growth after it
 * too (V6T_XLAT_GROWTH); the largest packet is a reassembled IPv6
 * datagram of 40 + 65535 bytes. */
#define GW_HEADROOM V6T_XLAT_HEADROOM
#define GW_MAX_PACKET 65575u
#define GW_BUF (GW_HEADROOM + GW_MAX_PACKET + V6T_XLAT_GROWTH)

struct gw {
	int fd;                 /* the TUN device */
	const v6t_xlat *x;      /* the translator */
	const v6t_xlat *x_whole; /* the same with mtu4 65535: reassembled IPv6 */
	v6t_frag_table *reasm;  /* NULL: no reassembly */
	unsigned reasm_slots;
	uint16_t mss;           /* 0: no clamping */
	v6t_in4 self4;          /* sources of the Time Exceeded we send */
	v6t_in6 self6;
	int has_self[2];        /* [0] self4 given, [1] self6 given */
	uint32_t icmp_id;       /* IPv4 Identification of those errors */
	uint32_t frag_id;       /* Identification of the datagrams we refragment */
	struct gw_counts k;
	uint8_t frag[GW_MAX_PACKET]; /* one fragment or error at a time */
};

/* One packet of len bytes at buf + GW_HEADROOM (buf has GW_BUF bytes). */
void gw_packet(struct gw *g, uint8_t *buf, size_t len, uint64_t now_ms);
/* Abandon the datagrams whose reassembly timed out, answering their
 * sources where RFC 8200 §4.5 / RFC 792 say to. */
void gw_expire(struct gw *g, uint64_t now_ms);

#endif /* SIIT_GW_LOOP_H */
