/*
 * siit-gw - the TUN device's offloads (offload on). The device is opened
 * with IFF_VNET_HDR and TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6, and
 * TUN_F_USO4 | TUN_F_USO6 where the kernel has them (main.c): each packet
 * read or written has a struct virtio_net_hdr in front, and the kernel
 * hands over
 *   - packets whose TCP or UDP checksum is partial (flag NEEDS_CSUM): the
 *     field at csum_start + csum_offset holds the folded one's complement
 *     sum of the pseudo-header, not complemented; whoever finishes the
 *     checksum sums the bytes from csum_start to the end (the field
 *     included) and stores the complement there;
 *   - TCP super-packets (gso_type TCPV4 or TCPV6, up to 64 KiB) made of
 *     segments of gso_size payload bytes each, with a partial checksum;
 *   - UDP super-packets (gso_type UDP_L4, both versions): datagrams of
 *     gso_size payload bytes each (the last may be shorter) behind one IP
 *     and one UDP header whose Length covers them all, with a partial
 *     checksum. The kernel forwards them whole from senders that use UDP
 *     segmentation offload (UDP_SEGMENT), makes them from the datagrams
 *     of one flow that it forwards where the incoming link does UDP GRO
 *     for forwarding, and cuts them up again when it sends them on, each
 *     datagram with its own UDP header, Length and checksum.
 * One super-packet is translated once and written back as a super-packet
 * of the other version; the kernel cuts it into segments when it sends it
 * on (and checks them against the real next hop's MTU, answering with its
 * own Packet Too Big or Fragmentation Needed, which come back through the
 * device and are translated like any other packet).
 *
 * What a translation of a super-packet must equal is the translation of
 * each of its segments (RFC 7915 per packet). So a super-packet whose
 * largest translated segment fits the limits of the ordinary translator x
 * is translated by x_gso, whose MTUs are all 65535 (x would answer the
 * super-packet's size with Packet Too Big); one whose segments do not fit
 * is translated by x as one packet, its checksum finished first, and gets
 * x's answer (Fragmentation Needed / Packet Too Big with the configured
 * MTU, or fragments when DF is clear). An IPv4 UDP super-packet with DF
 * clear whose datagrams need fragments is cut into its datagrams here
 * instead, each translated by x: fragmenting it whole would join them
 * into one. The IPv4 header of a translated
 * super-packet whose segments are 1260 bytes or less gets DF clear and an
 * Identification of ours, as RFC 7915 §5.1 gives each such segment; the
 * kernel numbers the segments from it.
 *
 * The virtio header's 16-bit fields are in the CPU's byte order: the
 * device is left in the legacy virtio order (no TUNSETVNETLE / BE),
 * which is the host's own.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <string.h>

#include "loop.h"

#define PROTO_TCP 6
#define PROTO_UDP 17
#define TCP_CSUM_OFF 16
#define UDP_CSUM_OFF 6
#define GSO_ECN VIRTIO_NET_HDR_GSO_ECN
/* RFC 7915 §5.1: a translated IPv4 packet of at most this size has DF 0 */
#define DF_THRESHOLD 1260u

/* RFC 1071: the one's complement sum of n bytes as big-endian 16-bit
 * words (an odd last byte padded with zero), not folded; n <= 65575 keeps
 * it below 2^32. */
static uint32_t sum16(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1u)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffffu) + (s >> 16);
	return (uint16_t)s;
}

/* Finish a partial checksum: the sum from start to the end, the field
 * (holding the pseudo-header's sum) included, complemented; a 0 is sent
 * as all ones, as the kernel's skb_checksum_help() does (RFC 768 for UDP;
 * for TCP both are the same one's complement zero). */
/* Store the 16-bit value v at p, big-endian. */
static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void finish(uint8_t *p, size_t len, size_t start, size_t off)
{
	uint16_t c = (uint16_t)~fold(sum16(p + start, len - start));

	put16(p + start + off, c == 0 ? 0xffffu : c);
}

/* The IPv4 header checksum of h computed anew (RFC 791 §3.1). */
static void ip4_checksum(uint8_t *h)
{
	put16(h + 10, 0);
	put16(h + 10, (uint16_t)~fold(sum16(h, (h[0] & 15u) * 4u)));
}

static void complement(uint8_t *c)
{
	c[0] = (uint8_t)~c[0];
	c[1] = (uint8_t)~c[1];
}

/* Whether the partial checksum at start, off is the TCP or UDP checksum
 * of a whole (unfragmented) packet, the one the translator updates for
 * the new pseudo-header: returns PROTO_TCP or PROTO_UDP, else 0. The
 * usual shapes are looked at directly; a super-packet of another shape
 * (IPv6 extension headers) is walked. */
static int plain(const uint8_t *p, size_t len, size_t start, size_t off, int gso)
{
	unsigned proto = 0;
	v6t_pkt v;

	if (len >= 20 && p[0] >> 4 == 4 && start == (p[0] & 15u) * 4u &&
	    ((p[6] & 0x3fu) | p[7]) == 0)
		proto = p[9];
	else if (len >= 40 && p[0] >> 4 == 6 && start == 40)
		proto = p[6];
	else if (gso && v6t_pkt_parse(p, len, 0, &v) == V6T_OK &&
		 (v.flags & V6T_PKT_L4) && !(v.flags & V6T_PKT_FRAGMENT) &&
		 v.l4_off == start)
		proto = v.proto;
	if (proto == PROTO_TCP && off == TCP_CSUM_OFF && start + 20 <= len)
		return PROTO_TCP;
	if (proto == PROTO_UDP && off == UDP_CSUM_OFF && start + 8 <= len)
		return PROTO_UDP;
	return 0;
}

/* Whether x may cut this IPv4 packet into fragments (RFC 7915 §4.1: DF
 * clear, larger than lowest-ipv6-mtu once translated): the library then
 * patches the transport checksum into the first fragment itself, and a
 * partial one cannot be finished after that. */
static int may_fragment(const struct gw *g, const uint8_t *p, size_t len, size_t start)
{
	return p[0] >> 4 == 4 && !(p[6] & 0x40u) && len - start + 40 > g->lim46;
}

/* An IPv6 super-packet became IPv4 whose segments are at most 1260 bytes:
 * DF clear and an Identification per segment, which the kernel counts up
 * from the one given (RFC 7915 §5.1; the library gave the super-packet,
 * above 1260 bytes, DF set). The header checksum is computed anew. */
static void segments_df_clear(struct gw *g, uint8_t *h, unsigned long nseg)
{
	put16(h + 4, g->gso_id);
	g->gso_id = (uint16_t)(g->gso_id + nseg);
	h[6] &= (uint8_t)~0x40u;
	ip4_checksum(h);
}

/* What a super-packet is, once checked: its TCP or UDP header's length,
 * how many segments it makes and the size of its largest one translated. */
struct gso {
	unsigned proto;
	size_t thlen;
	unsigned long nseg;
	size_t seg;
};

/*
 * Translate, with x, the packet at buf + GW_HEADROOM whose TCP or UDP
 * checksum is partial, and write it with its virtio header adjusted (s:
 * its segments when it is a super-packet, else NULL).
 *
 * The translator updates a checksum field C for new pseudo-header
 * addresses by RFC 1624 §3 equation 3, C' = ~(~C + ~m + m'), m the old
 * addresses' sum and m' the new ones'. A complete checksum is C = ~S, S
 * the sum of pseudo-header and data; the update gives ~(S - m + m'). A
 * partial field holds P, the pseudo-header's sum alone, and must become
 * P' = P - m + m' (= P + ~m + m' in one's complement). Complemented
 * before the translation, C = ~P, the library computes ~(~~P + ~m + m') =
 * ~(P + ~m + m') = ~P', and complemented again after it, the field is P'.
 * The length and protocol words of the two pseudo-headers are the same
 * (RFC 7915 §4.5, §5.5), so only the addresses move. Two cases need
 * care: a UDP field C = ~P = 0 would read as "no checksum" (RFC 7915
 * §4.5), so a partial UDP checksum P = 0xffff is finished in the daemon
 * before (gw_offload()); and when the library sends a computed UDP
 * checksum 0 as 0xffff (RFC 768), the field ends as P' = 0 instead of
 * 0xffff: both are the one's complement zero, and finishing the sum
 * later adds the data's words to either with the same result.
 * The MSS clamp changes bytes that a partial checksum does not cover yet
 * (the data's sum is taken when the checksum is finished): its own
 * incremental update of the field is undone.
 */
static void partial(struct gw *g, const v6t_xlat *x, uint8_t *buf, size_t len,
		    const struct virtio_net_hdr *vh, const struct gso *s)
{
	uint8_t *p = buf + GW_HEADROOM, *t = p + vh->csum_start;
	uint8_t *c = t + vh->csum_offset, kept[2];
	struct virtio_net_hdr out;
	v6t_xlat_result res;
	int rc;

	complement(c);
	rc = v6t_xlat_translate_inplace(x, buf, GW_BUF, GW_HEADROOM, len, &res);
	if (rc != V6T_OK) {
		gw_drop(g, rc); /* V6T_ENOSPC only: a bug in the sizes */
		return;
	}
	if (res.verdict != V6T_XLAT_FORWARD) {
		/* an error quoting it, or a drop: no offload for those */
		gw_act(g, &res);
		return;
	}
	/* the transport header stays where it was (in place, the new IP
	 * header goes in front of it) */
	if (t < res.data || c + 2 > res.data + res.len) {
		gw_drop(g, V6T_EINVAL);
		return;
	}
	complement(c);
	g->k.forwarded++;
	memcpy(kept, c, 2);
	gw_clamp(g, res.data, res.len);
	memcpy(c, kept, 2);
	memset(&out, 0, sizeof(out));
	out.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	out.csum_start = (uint16_t)(t - res.data);
	out.csum_offset = vh->csum_offset;
	out.hdr_len = (uint16_t)(out.csum_start + out.csum_offset + 2);
	if (s != NULL) {
		if (s->proto == PROTO_UDP)
			out.gso_type = VIRTIO_NET_HDR_GSO_UDP_L4;
		else
			out.gso_type = (uint8_t)((res.version == 4 ? VIRTIO_NET_HDR_GSO_TCPV4
								   : VIRTIO_NET_HDR_GSO_TCPV6) |
						 (vh->gso_type & GSO_ECN));
		out.gso_size = vh->gso_size;
		out.hdr_len = (uint16_t)(out.csum_start + s->thlen);
		if (res.version == 4 && s->seg <= DF_THRESHOLD)
			segments_df_clear(g, res.data, s->nseg);
	}
	gw_emit(g, &out, res.data, res.len);
}

/*
 * An IPv4 UDP super-packet (header of start bytes, then the UDP header)
 * cut into its datagrams, each translated by x, as the kernel would have
 * handed them over without UDP segmentation offload: each datagram gets
 * the IPv4 header with its own Total Length, Identification (counted up
 * from the super-packet's, as the kernel numbers the segments it cuts)
 * and header checksum, and its own UDP Length and complete checksum
 * (RFC 768: the pseudo-header's sum in the field, finished by finish()).
 * Each is copied to g->seg_buf: the translation writes before and after
 * its packet.
 */
static void udp_datagrams(struct gw *g, const uint8_t *p, size_t len,
			  size_t start, size_t gso_size, uint64_t now_ms)
{
	uint8_t *q = g->seg_buf + GW_HEADROOM;
	size_t hdr = start + 8, at, n;
	unsigned id = (unsigned)p[4] << 8 | p[5];

	for (at = hdr; at < len; at += n, id++) {
		n = len - at < gso_size ? len - at : gso_size;
		memcpy(q, p, hdr);
		memcpy(q + hdr, p + at, n);
		put16(q + 2, (unsigned)(hdr + n));
		put16(q + 4, id & 0xffffu);
		ip4_checksum(q);
		put16(q + start + 4, (unsigned)(8 + n));
		/* the pseudo-header: addresses, protocol, UDP Length */
		put16(q + start + UDP_CSUM_OFF,
		      fold(sum16(q + 12, 8) + PROTO_UDP + (uint32_t)(8 + n)));
		finish(q, hdr + n, start, UDP_CSUM_OFF);
		gw_ordinary(g, g->seg_buf, hdr + n, now_ms);
	}
}

/* A TCP or UDP super-packet: counted in segments, translated whole when
 * its segments fit x's limits, else as one packet by x (UDP with DF clear:
 * datagram by datagram). */
static void super_packet(struct gw *g, uint8_t *buf, size_t len,
			 const struct virtio_net_hdr *vh, unsigned proto,
			 uint64_t now_ms)
{
	uint8_t *p = buf + GW_HEADROOM;
	size_t start = vh->csum_start, hdr, pay, limit;
	struct gso s;

	s.proto = proto;
	s.thlen = proto == PROTO_UDP ? 8u : (size_t)(p[start + 12] >> 4) * 4u;
	hdr = start + s.thlen;
	if ((proto == PROTO_TCP && s.thlen < 20) || hdr > len || vh->gso_size == 0) {
		gw_drop(g, V6T_EINVAL);
		return;
	}
	pay = len - hdr;
	s.nseg = pay == 0 ? 1 : (unsigned long)((pay + vh->gso_size - 1) / vh->gso_size);
	g->k.gso++;
	g->k.segments += s.nseg;
	g->k.gso_udp += proto == PROTO_UDP;
	/* the largest segment, its IP header translated: IPv4 to an IPv6
	 * header of 40 bytes, IPv6 (any extension headers) to 20 */
	s.seg = (pay < vh->gso_size ? pay : vh->gso_size) + s.thlen +
		(p[0] >> 4 == 4 ? 40u : 20u);
	if (p[0] >> 4 == 4)
		limit = (p[6] & 0x40u) ? g->lim46_df : g->lim46;
	else
		limit = g->lim64;
	if (s.seg > limit && proto == PROTO_UDP && p[0] >> 4 == 4 && !(p[6] & 0x40u)) {
		udp_datagrams(g, p, len, start, vh->gso_size, now_ms);
		return;
	}
	if (s.seg > limit) {
		finish(p, len, start, vh->csum_offset);
		gw_ordinary(g, buf, len, now_ms);
		return;
	}
	/* a partial UDP sum 0xffff: its complement would read as "no
	 * checksum" (partial()); 0 is the same one's complement zero, and
	 * the kernel finishes each datagram's sum from it alike */
	if (proto == PROTO_UDP && p[start + UDP_CSUM_OFF] == 0xff &&
	    p[start + UDP_CSUM_OFF + 1] == 0xff)
		put16(p + start + UDP_CSUM_OFF, 0);
	partial(g, g->x_gso, buf, len, vh, &s);
}

/* see loop.h */
void gw_offload(struct gw *g, uint8_t *buf, size_t len,
		const struct virtio_net_hdr *vh, uint64_t now_ms)
{
	uint8_t *p = buf + GW_HEADROOM;
	size_t start = vh->csum_start, off = vh->csum_offset;
	unsigned type = vh->gso_type & (unsigned)~GSO_ECN;
	int gso = type != VIRTIO_NET_HDR_GSO_NONE, proto;

	if (!(vh->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) && !gso) {
		gw_ordinary(g, buf, len, now_ms);
		return;
	}
	/* a super-packet always has a partial checksum, within the packet */
	if (!(vh->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) || start + off + 2 > len) {
		gw_drop(g, V6T_EINVAL);
		return;
	}
	proto = plain(p, len, start, off, gso);
	if (gso) {
		if ((proto == PROTO_TCP && (type == VIRTIO_NET_HDR_GSO_TCPV4 ||
					    type == VIRTIO_NET_HDR_GSO_TCPV6)) ||
		    (proto == PROTO_UDP && type == VIRTIO_NET_HDR_GSO_UDP_L4))
			super_packet(g, buf, len, vh, (unsigned)proto, now_ms);
		else
			gw_drop(g, V6T_EINVAL); /* not asked for */
		return;
	}
	/* the checksum finished here: another protocol's or shape's, a UDP
	 * sum whose complement is 0 (partial() says why), a packet that may
	 * be fragmented; the cost is one pass over the packet, as the kernel
	 * would have paid without TUN_F_CSUM */
	if (proto == 0 || (proto == PROTO_UDP && p[start + off] == 0xff &&
			   p[start + off + 1] == 0xff) ||
	    may_fragment(g, p, len, start)) {
		finish(p, len, start, off);
		gw_ordinary(g, buf, len, now_ms);
		return;
	}
	partial(g, g->x, buf, len, vh, NULL);
}
