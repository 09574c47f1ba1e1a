/*
 * siit-gw - the running gateway: its state and the per-packet work.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef SIIT_GW_LOOP_H
#define SIIT_GW_LOOP_H

#include <linux/virtio_net.h>

#include "gw.h"

/* UDP segmentation offload (Linux 6.2, include/uapi/linux/if_tun.h and
 * virtio_net.h), for older kernel headers */
#ifndef TUN_F_USO4
#define TUN_F_USO4 0x20
#endif
#ifndef TUN_F_USO6
#define TUN_F_USO6 0x40
#endif
#ifndef VIRTIO_NET_HDR_GSO_UDP_L4
#define VIRTIO_NET_HDR_GSO_UDP_L4 5
#endif

/* A packet read from the device sits GW_HEADROOM bytes into its buffer,
 * so that the translation can write its longer headers in front of it
 * (V6T_XLAT_HEADROOM), and the buffer has room for the growth after it
 * too (V6T_XLAT_GROWTH); the largest packet is a reassembled IPv6
 * datagram of 40 + 65535 bytes. With offload on, the virtio header (10
 * bytes) is read into and written from the GW_VNET_ROOM bytes in front of
 * a packet: one read() and one write() per packet, as without. 24: 10
 * are left when refragmentable() (gw.c) has put a packet 8 bytes further
 * forward and its translation used all of V6T_XLAT_HEADROOM. */
#define GW_VNET_ROOM 24u
#define GW_HEADROOM (V6T_XLAT_HEADROOM + GW_VNET_ROOM)
#define GW_MAX_PACKET 65575u
#define GW_BUF (GW_HEADROOM + GW_MAX_PACKET + V6T_XLAT_GROWTH)

struct gw {
	int fd;                 /* the TUN device */
	const v6t_xlat *x;      /* the translator */
	const v6t_xlat *x_whole; /* the same with mtu4 65535: reassembled IPv6 */
	const v6t_xlat *x_gso;  /* all three MTUs 65535: GSO packets (offload.c) */
	int offload;            /* offload on: a virtio_net_hdr before each packet */
	uint32_t lim46_df, lim46, lim64; /* x's size limits, IPv4 with DF set,
				  * with DF clear, IPv6 (mtu6, min(lowest-ipv6-mtu,
				  * mtu6), mtu4) */
	uint16_t gso_id;        /* IPv4 Identification of DF=0 GSO segments */
	v6t_frag_table *reasm;  /* NULL: no reassembly */
	unsigned reasm_slots;
	uint16_t mss;           /* 0: no clamping */
	v6t_in4 self4;          /* sources of the Time Exceeded we send */
	v6t_in6 self6;
	int has_self[2];        /* [0] self4 given, [1] self6 given */
	uint32_t icmp_id;       /* IPv4 Identification of those errors */
	uint32_t frag_id;       /* Identification of the datagrams we refragment */
	struct gw_counts k;
	uint8_t frag_buf[GW_VNET_ROOM + GW_MAX_PACKET]; /* one fragment or
				  * error at a time, at GW_FRAG() */
	uint8_t seg_buf[GW_BUF]; /* one datagram of a UDP super-packet being
				  * cut up (offload.c) */
};

#define GW_FRAG(g) ((g)->frag_buf + GW_VNET_ROOM)

/* One packet of len bytes at buf + GW_HEADROOM (buf has GW_BUF bytes);
 * vh is the virtio header read before it (offload on), else NULL. */
void gw_packet(struct gw *g, uint8_t *buf, size_t len,
	       const struct virtio_net_hdr *vh, uint64_t now_ms);
/* The same without a virtio header to act on (gw.c): reassembly, then
 * translation with x or x_whole. */
void gw_ordinary(struct gw *g, uint8_t *buf, size_t len, uint64_t now_ms);
/* A packet whose virtio header has NEEDS_CSUM or a GSO type (offload.c). */
void gw_offload(struct gw *g, uint8_t *buf, size_t len,
		const struct virtio_net_hdr *vh, uint64_t now_ms);
/* Act on a verdict: write the packet, its fragments or the error (with a
 * zero virtio header under offload on), or count the drop. */
void gw_act(struct gw *g, v6t_xlat_result *res);
/* Write one packet, with the virtio header vh (NULL: a zero one) in the
 * GW_VNET_ROOM bytes before p when offload is on. */
void gw_emit(struct gw *g, const struct virtio_net_hdr *vh, uint8_t *p, size_t len);
/* The MSS clamp on a packet about to go out. */
void gw_clamp(struct gw *g, uint8_t *p, size_t len);
/* Count a drop for reason. */
void gw_drop(struct gw *g, int reason);
/* Abandon the datagrams whose reassembly timed out, answering their
 * sources where RFC 8200 §4.5 / RFC 792 say to. */
void gw_expire(struct gw *g, uint64_t now_ms);

#endif /* SIIT_GW_LOOP_H */
