/*
 * siit-gw - one packet from the TUN device: reassembled first when the
 * configuration asks for it, translated in place (xlat.h), TCP MSS clamped,
 * and what the verdict says written back to the device: the packet, its
 * fragments, or the ICMP error for its source. Nothing here allocates.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "loop.h"

/* The virtio header of what we originate or fragment: no offload. */
static const struct virtio_net_hdr vnet_none;

/* Write one packet to the device; a refusal is counted, not fatal (the
 * kernel checks what it is given, and one bad packet must not stop the
 * gateway). Under offload on, the virtio header goes right in front of
 * it: every packet written lies in a packet buffer past its translation's
 * headroom (V6T_XLAT_HEADROOM of GW_HEADROOM) or at GW_FRAG(). */
void gw_emit(struct gw *g, const struct virtio_net_hdr *vh, uint8_t *p, size_t len)
{
	ssize_t n;

	if (g->offload) {
		p -= sizeof(*vh);
		len += sizeof(*vh);
		memcpy(p, vh != NULL ? vh : &vnet_none, sizeof(*vh));
	}
	n = write(g->fd, p, len);
	if (n == (ssize_t)len)
		g->k.out++;
	else
		g->k.write_errors++;
}

static void emit(struct gw *g, uint8_t *p, size_t len)
{
	gw_emit(g, NULL, p, len);
}

/* see loop.h (tunnel.h) */
void gw_clamp(struct gw *g, uint8_t *p, size_t len)
{
	if (g->mss != 0 && v6t_tun_mss_clamp(p, len, g->mss, NULL) == 1)
		g->k.clamped++;
}

/* see loop.h */
void gw_drop(struct gw *g, int reason)
{
	g->k.dropped++;
	gw_count_reason(&g->k, 0, reason);
}

/* see loop.h */
void gw_act(struct gw *g, v6t_xlat_result *res)
{
	size_t flen;

	switch (res->verdict) {
	case V6T_XLAT_FORWARD:
		g->k.forwarded++;
		gw_clamp(g, res->data, res->len);
		emit(g, res->data, res->len);
		break;
	case V6T_XLAT_FRAGMENTS:
		g->k.fragmented++;
		while (v6t_xlat_next_fragment(res, GW_FRAG(g), GW_MAX_PACKET, &flen) == V6T_OK) {
			g->k.fragments++;
			gw_clamp(g, GW_FRAG(g), flen);
			emit(g, GW_FRAG(g), flen);
		}
		break;
	case V6T_XLAT_ICMP_ERROR:
		g->k.icmp_errors++;
		gw_count_reason(&g->k, 1, res->reason);
		emit(g, res->data, res->len);
		break;
	default:
		gw_drop(g, res->reason);
		break;
	}
}

/* Translate the packet at buf + off (len bytes) in place with x. */
static void translate(struct gw *g, const v6t_xlat *x, uint8_t *buf, size_t off,
		      size_t len)
{
	v6t_xlat_result res;
	int rc = v6t_xlat_translate_inplace(x, buf, GW_BUF, off, len, &res);

	if (rc != V6T_OK) {
		/* only V6T_ENOSPC can happen here: a bug in the sizes */
		gw_drop(g, rc);
		return;
	}
	gw_act(g, &res);
}

/* Tell the source of a datagram abandoned at its timeout (RFC 8200 §4.5,
 * RFC 792): Time Exceeded, code 1, from our own address of its version. */
static void time_exceeded(struct gw *g, const v6t_frag_expired *e)
{
	v6t_icmp_params p;
	size_t n = 0;
	int rc;

	memset(&p, 0, sizeof(p));
	p.type = e->icmp_type;
	p.code = e->icmp_code;
	if (e->version == 6) {
		v6t_in6 dst;

		memcpy(dst.b, e->quote + 8, 16);
		rc = v6t_icmp6_error_build(GW_FRAG(g), GW_MAX_PACKET, &n, &g->self6, &dst,
					   &p, e->quote, e->quote_len);
	} else {
		v6t_in4 dst;

		memcpy(dst.b, e->quote + 12, 4);
		p.ip_id = (uint16_t)++g->icmp_id;
		rc = v6t_icmp4_error_build(GW_FRAG(g), GW_MAX_PACKET, &n, &g->self4, &dst,
					   &p, e->quote, e->quote_len);
	}
	if (rc == V6T_OK)
		emit(g, GW_FRAG(g), n);
}

/* see loop.h */
void gw_expire(struct gw *g, uint64_t now_ms)
{
	v6t_frag_expired e;
	unsigned i;

	/* bounded: at most one table's worth per wakeup */
	for (i = 0; g->reasm != NULL && i < g->reasm_slots &&
		    v6t_frag_expire(g->reasm, now_ms, &e) == 1; i++) {
		g->k.expired++;
		if (e.icmp_type != 0 && g->has_self[e.version == 6])
			time_exceeded(g, &e);
	}
}

/*
 * A reassembled IPv6 datagram came in fragments: its source let it be
 * fragmented, so its IPv4 version must go with DF clear, which RFC 7915
 * §5.1.1 gives packets with a Fragment header (DF 0, Identification from
 * the header). Put one back, offset 0 and M 0, after the unfragmentable
 * part (RFC 8200 §4.5): the headers before it move 8 bytes into the
 * headroom, the rest stays. The Identification is ours (a counter). Such
 * a datagram is translated by x_whole, whose IPv4 MTU is the largest, so
 * that it goes out whole, larger than 1280 bytes, and the kernel, an IPv4
 * router, fragments it for the next hop as DF 0 allows (RFC 791 §2.3);
 * the library itself answers an IPv6 fragment that is too big for the
 * IPv4 MTU with Packet Too Big (as Jool does), which would be wrong here:
 * the source's fragments were small enough.
 * Returns the packet's new offset in buf (and *len grows by 8), or 0 when
 * the datagram cannot be walked (it is then translated as it is).
 */
static size_t refragmentable(struct gw *g, uint8_t *buf, size_t *len)
{
	uint8_t *p = buf + GW_HEADROOM, *q = p - 8;
	size_t nh_off = 6, off = 40;
	v6t_pkt v;

	if (v6t_pkt_parse(p, *len, 0, &v) != V6T_OK || v.version != 6 ||
	    v.unfrag_end > *len)
		return 0;
	/* the Next Header field naming the first fragmentable header */
	while (off < v.unfrag_end) {
		nh_off = off;
		off += ((size_t)p[off + 1] + 1) * 8;
	}
	if (off != v.unfrag_end)
		return 0;
	memmove(q, p, off);
	q[off] = q[nh_off];
	q[nh_off] = 44;
	q[off + 1] = 0;
	q[off + 2] = 0; /* offset 0, M 0 */
	q[off + 3] = 0;
	g->frag_id++;
	q[off + 4] = (uint8_t)(g->frag_id >> 24);
	q[off + 5] = (uint8_t)(g->frag_id >> 16);
	q[off + 6] = (uint8_t)(g->frag_id >> 8);
	q[off + 7] = (uint8_t)g->frag_id;
	*len += 8;
	q[4] = (uint8_t)((*len - 40) >> 8);
	q[5] = (uint8_t)(*len - 40);
	return GW_HEADROOM - 8;
}

/* Whether the packet may be a fragment, for the reassembly table: IPv4
 * with MF or an offset, IPv6 with an extension header first (the Fragment
 * header may be behind it). Others skip the table's walk; a packet too
 * short to tell goes to the translator, which says what is wrong. */
static int maybe_fragment(const uint8_t *p, size_t len)
{
	if (len >= 20 && p[0] >> 4 == 4)
		return ((p[6] & 0x3fu) | p[7]) != 0;
	if (len >= 40 && p[0] >> 4 == 6)
		return p[6] == 0 || p[6] == 43 || p[6] == 44 || p[6] == 60 ||
		       p[6] == 51 || p[6] == 135 || p[6] == 139 || p[6] == 140;
	return 0;
}

/* see loop.h */
void gw_packet(struct gw *g, uint8_t *buf, size_t len,
	       const struct virtio_net_hdr *vh, uint64_t now_ms)
{
	g->k.in++;
	if (vh != NULL && (vh->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM ||
			   vh->gso_type != VIRTIO_NET_HDR_GSO_NONE))
		gw_offload(g, buf, len, vh, now_ms);
	else
		gw_ordinary(g, buf, len, now_ms);
}

/* see loop.h */
void gw_ordinary(struct gw *g, uint8_t *buf, size_t len, uint64_t now_ms)
{
	v6t_frag_result fr;
	size_t n = 0, off;

	if (g->reasm == NULL || !maybe_fragment(buf + GW_HEADROOM, len) ||
	    v6t_frag_input(g->reasm, buf + GW_HEADROOM, len, now_ms, &fr) != V6T_OK) {
		translate(g, g->x, buf, GW_HEADROOM, len);
		return;
	}
	switch (fr.verdict) {
	case V6T_FRAG_PASS:
		translate(g, g->x, buf, GW_HEADROOM, len);
		break;
	case V6T_FRAG_HELD:
		g->k.held++;
		break;
	case V6T_FRAG_DONE:
	case V6T_FRAG_ATOMIC:
		/* the whole datagram into the buffer, headroom in front */
		if (v6t_frag_copy(g->reasm, &fr, buf + GW_HEADROOM, GW_MAX_PACKET, &n) != V6T_OK) {
			gw_drop(g, V6T_ENOSPC);
			break;
		}
		g->k.reassembled++;
		off = fr.verdict == V6T_FRAG_DONE ? refragmentable(g, buf, &n) : 0;
		if (off != 0)
			translate(g, g->x_whole, buf, off, n);
		else
			translate(g, g->x, buf, GW_HEADROOM, n);
		break;
	default:
		gw_drop(g, fr.reason);
		break;
	}
}
