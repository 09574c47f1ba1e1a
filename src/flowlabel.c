/*
 * libv6transit - flow labels: RFC 6437 §3 keyed stateless labels, RFC 6438
 * tunnel labels, RFC 7098 §4 server selection (flowlabel.h).
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Every label is SipHash-1-3 of src || dst || tail, where the tail (0, 1, 3
 * or 5 bytes) says which further fields identify the flow; the tail's
 * length alone tells the flow's kind, and SipHash hashes the length too,
 * so messages of different kinds never coincide.
 */
#include <string.h>

#include <v6transit/flowlabel.h>

#include "bytes.h"
#include "packet_walk.h"
#include "siphash.h"

/* SipHash-1-3: doc/benchmarks.md has the measurements behind the choice. */
#define SIP_C 1
#define SIP_D 3

#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

#define MODE_FLOW (V6T_FLOWLABEL_2TUPLE | V6T_FLOWLABEL_INNER)
#define MODE_ALL (MODE_FLOW | V6T_FLOWLABEL_TUNNEL)

/* x with its two bytes swapped. */
static V6T_ALWAYS_INLINE uint32_t swap16(uint32_t x)
{
	return (x >> 8 & 0xffu) | (x & 0xffu) << 8;
}

/*
 * SipHash's final word for the 5-tuple (siphash.h): proto, then the four
 * bytes of the ports as they are in the packet (sport, dport, big-endian),
 * given as ports_le, those bytes read in little-endian order, and the
 * message length in the top byte.
 */
static V6T_ALWAYS_INLINE uint64_t last_word5(unsigned proto, uint32_t ports_le)
{
	return (uint64_t)37 << 56 | (uint64_t)ports_le << 8 | proto;
}

/*
 * SipHash's final word for the fields of t after src and dst (siphash.h):
 * the tail bytes of flowlabel.h's table in little-endian order, the message
 * length in the top byte. Arithmetic, not memory, so the same on any byte
 * order.
 */
static V6T_ALWAYS_INLINE uint64_t last_word(const v6t_flow *t)
{
	switch (t->kind) {
	case V6T_FLOW_3TUPLE: /* proto */
		return (uint64_t)33 << 56 | t->proto;
	case V6T_FLOW_LABEL: /* label, 24 bits big-endian */
		return (uint64_t)35 << 56 | (uint64_t)(t->label & 0xff) << 16 |
		       (uint64_t)(t->label & 0xff00) |
		       (uint64_t)(t->label >> 16 & 0xff);
	case V6T_FLOW_5TUPLE: /* proto, sport, dport, big-endian */
		return last_word5(t->proto,
				  swap16(t->sport) | swap16(t->dport) << 16);
	default: /* nothing */
		return (uint64_t)32 << 56;
	}
}

/* 20 bits of the hash, never zero (flowlabel.h, "The hash and the bytes
 * hashed"): the next 20 bits stand in for a zero field, so every non-zero
 * value keeps its probability. */
static V6T_ALWAYS_INLINE uint32_t label_of_hash(uint64_t h)
{
	if (((uint32_t)h & V6T_FLOWLABEL_MAX) != 0)
		return (uint32_t)h & V6T_FLOWLABEL_MAX;
	if (((uint32_t)(h >> 20) & V6T_FLOWLABEL_MAX) != 0)
		return (uint32_t)(h >> 20) & V6T_FLOWLABEL_MAX;
	if (((uint32_t)(h >> 40) & V6T_FLOWLABEL_MAX) != 0)
		return (uint32_t)(h >> 40) & V6T_FLOWLABEL_MAX;
	return 1;
}

/* The label of the message src, dst and the tail in SipHash's final word
 * "last". */
static V6T_ALWAYS_INLINE uint32_t label_of(const v6t_flowlabel_key *key,
					   const uint8_t src[16],
					   const uint8_t dst[16], uint64_t last)
{
	return label_of_hash(v6t_sip_hash_32(key->b, src, dst, last, SIP_C,
					     SIP_D));
}

static uint32_t label_field(const uint8_t *ip6)
{
	return v6t_ld_be32(ip6) & V6T_FLOWLABEL_MAX;
}

/* The rules of flowlabel.h "Which fields identify a flow", in their order,
 * for the parsed packet: the fields of t but the addresses. */
static V6T_ALWAYS_INLINE void flow_tail(v6t_flow *t, const v6t_pkt *p,
					const uint8_t *pkt, unsigned mode)
{
	t->label = 0;
	t->sport = t->dport = 0;
	t->proto = 0;
	if (mode & V6T_FLOWLABEL_2TUPLE) {
		t->kind = V6T_FLOW_2TUPLE;
	} else if ((mode & V6T_FLOWLABEL_INNER) && p->version == 6 &&
		   label_field(pkt) != 0) {
		t->kind = V6T_FLOW_LABEL;
		t->label = label_field(pkt);
	} else if (p->flags & V6T_PKT_FRAGMENT) {
		/* RFC 6437 §3: ports are in the first fragment only, so
		 * every fragment of a flow is labelled from the addresses */
		t->kind = V6T_FLOW_2TUPLE;
	} else if (p->flags & V6T_PKT_PORTS) {
		t->kind = V6T_FLOW_5TUPLE;
		t->proto = p->proto;
		t->sport = p->sport;
		t->dport = p->dport;
	} else {
		t->kind = V6T_FLOW_3TUPLE;
		t->proto = p->proto;
	}
}

/* IPv4 address at p as ::ffff:a.b.c.d (RFC 4291 §2.5.5.2). */
static void mapped(v6t_in6 *out, const uint8_t p[4])
{
	memset(out->b, 0, 10);
	out->b[10] = 0xff;
	out->b[11] = 0xff;
	memcpy(out->b + 12, p, 4);
}

/* The addresses of the parsed packet into flow. */
static void flow_addresses(v6t_flow *flow, const v6t_pkt *p,
			   const uint8_t *pkt)
{
	if (p->version == 6) {
		memcpy(flow->src.b, pkt + 8, 16);
		memcpy(flow->dst.b, pkt + 24, 16);
	} else {
		mapped(&flow->src, pkt + 12);
		mapped(&flow->dst, pkt + 16);
	}
}

/* see flowlabel.h */
uint32_t v6t_flowlabel_of(const v6t_flowlabel_key *key, const v6t_flow *flow)
{
	return label_of(key, flow->src.b, flow->dst.b, last_word(flow));
}

/* see flowlabel.h */
int v6t_flow_from_packet(v6t_flow *flow, const uint8_t *pkt, size_t len,
			 unsigned mode)
{
	v6t_pkt p;
	int rc;

	if (mode & ~MODE_FLOW)
		return V6T_EINVAL;
	rc = v6t_pkt_walk(pkt, len, 0, &p);
	if (rc != V6T_OK)
		return rc;
	flow_tail(flow, &p, pkt, mode);
	flow_addresses(flow, &p, pkt);
	return V6T_OK;
}

/* see flowlabel.h */
int v6t_flowlabel_tunnel(const v6t_flowlabel_key *key, const uint8_t *inner,
			 size_t len, unsigned mode, uint32_t *label)
{
	v6t_flow flow;
	int rc = v6t_flow_from_packet(&flow, inner, len, mode);

	if (rc == V6T_OK)
		*label = v6t_flowlabel_of(key, &flow);
	return rc;
}

/* The label for an IPv6 packet that has none. */
static int new_label(const v6t_flowlabel_key *key, const uint8_t *pkt,
		     const v6t_pkt *p, unsigned mode, uint32_t *label)
{
	v6t_flow t; /* its addresses unused: they are read in place */
	uint64_t last;

	if ((mode & V6T_FLOWLABEL_TUNNEL) && (p->flags & V6T_PKT_L4) &&
	    !(p->flags & V6T_PKT_FRAGMENT) &&
	    (p->proto == 4 || p->proto == 41))
		return v6t_flowlabel_tunnel(key, pkt + p->l4_off,
					    p->end - p->l4_off,
					    mode & MODE_FLOW, label);
	/* the outer packet's own flow: INNER is for the inner packet */
	flow_tail(&t, p, pkt, mode & V6T_FLOWLABEL_2TUPLE);
	/* the ports as they are in the packet (V6T_PKT_PORTS: its 4 bytes
	 * are in the datagram), not loaded big-endian and swapped back */
	last = t.kind == V6T_FLOW_5TUPLE
		       ? last_word5(t.proto, v6t_ld_le32(pkt + p->l4_off))
		       : last_word(&t);
	*label = label_of(key, pkt + 8, pkt + 24, last);
	return V6T_OK;
}

/*
 * Whether pkt (len bytes) is an IPv6 header directly followed by a whole
 * upper-layer header with ports (TCP, UDP, ...), for which v6t_pkt_walk()
 * would find just that and fail on nothing: version 6, 40 header bytes,
 * a Next Header of NH_UPPER_PORTS, a Payload Length that holds the 4 port
 * bytes and that the buffer holds (packet_walk.h, v6t_walk6() and
 * v6t_walk_upper()).
 */
static V6T_ALWAYS_INLINE int is_plain(const uint8_t *pkt, size_t len)
{
	size_t plen;

	if (len < IP6_HDR_LEN || pkt[0] >> 4 != 6 ||
	    v6t_nh_kind[pkt[IP6_NH_OFF]] != NH_UPPER_PORTS)
		return 0;
	plen = v6t_ld_be16(pkt + IP6_PLEN_OFF);
	return plen >= PORTS_LEN && plen <= len - IP6_HDR_LEN;
}

/*
 * The label of a packet that is_plain() accepts and whose label is zero:
 * by flowlabel.h's rules, {src, dst} with 2TUPLE, else the 5-tuple (it is
 * no fragment and no tunnel, and INNER names the inner packet). The
 * ports are hashed as they are in the packet, and the hash is inlined.
 */
static V6T_ALWAYS_INLINE uint32_t plain_label(const v6t_flowlabel_key *key,
					      const uint8_t *pkt,
					      unsigned mode)
{
	uint64_t last = (mode & V6T_FLOWLABEL_2TUPLE)
				? (uint64_t)32 << 56
				: last_word5(pkt[IP6_NH_OFF],
					     v6t_ld_le32(pkt + IP6_HDR_LEN));

	return label_of_hash(v6t_sip_hash_32_inline(key->b, pkt + 8, pkt + 24,
						    last, SIP_C, SIP_D));
}

/* The outputs of v6t_flowlabel_set(), on success. */
static V6T_ALWAYS_INLINE void set_outputs(uint32_t *label, int *written,
					  uint32_t current, int fresh)
{
	if (written != NULL)
		*written = fresh;
	if (label != NULL)
		*label = current;
}

/* v6t_flowlabel_set() of any packet, with the walker. Out of line, so that
 * its frame and saved registers do not weigh on plain packets. */
static NOINLINE int walked_set(const v6t_flowlabel_key *key, uint8_t *pkt,
			       size_t len, unsigned mode, uint32_t *label,
			       int *written)
{
	uint32_t current;
	v6t_pkt p;
	int rc;

	if (mode & ~MODE_ALL)
		return V6T_EINVAL;
	rc = v6t_pkt_walk(pkt, len, 0, &p);
	if (rc != V6T_OK)
		return rc;
	if (p.version != 6)
		return V6T_EPKT_VERSION;
	current = label_field(pkt);
	if (current == 0) {
		rc = new_label(key, pkt, &p, mode, &current);
		if (rc != V6T_OK)
			return rc;
		/* RFC 8200 §3: the label is the low 20 bits of the first word */
		pkt[1] = (uint8_t)((pkt[1] & 0xf0u) | (current >> 16));
		pkt[2] = (uint8_t)(current >> 8);
		pkt[3] = (uint8_t)current;
		set_outputs(label, written, current, 1);
	} else {
		set_outputs(label, written, current, 0);
	}
	return V6T_OK;
}

/* see flowlabel.h */
int v6t_flowlabel_set(const v6t_flowlabel_key *key, uint8_t *pkt, size_t len,
		      unsigned mode, uint32_t *label, int *written)
{
	uint32_t word0, current;

	/* the common shape inline, everything else (and every error) walked */
	if ((mode & ~MODE_ALL) != 0 || !is_plain(pkt, len))
		return walked_set(key, pkt, len, mode, label, written);
	/* RFC 8200 §3: the label is the low 20 bits of the first word */
	word0 = v6t_ld_be32(pkt);
	current = word0 & V6T_FLOWLABEL_MAX;
	if (current != 0) {
		set_outputs(label, written, current, 0);
	} else {
		current = plain_label(key, pkt, mode);
		v6t_st_be32(pkt, word0 | current);
		set_outputs(label, written, current, 1);
	}
	return V6T_OK;
}

/* see flowlabel.h */
int v6t_flowlabel_server(uint32_t *index, const v6t_flowlabel_key *key,
			 const v6t_in6 *src, const v6t_in6 *dst, uint32_t label,
			 uint32_t n)
{
	static const uint8_t none[16] = { 0 };
	uint64_t x;

	if (n == 0 || label > V6T_FLOWLABEL_MAX)
		return V6T_EINVAL;
	if (label == 0)
		return V6T_EFL_ZERO;
	/* the final word: the label's 4 bytes big-endian, length 36 */
	x = v6t_sip_hash_32(key->b, src->b, dst != NULL ? dst->b : none,
			    (uint64_t)36 << 56 | (uint64_t)(label & 0xff) << 24 |
				    (uint64_t)(label >> 8 & 0xff) << 16 |
				    (uint64_t)(label >> 16 & 0xff) << 8,
			    SIP_C, SIP_D) & 0xffffffffu;
	/* multiply-shift maps 0..2^32-1 onto 0..n-1 without a division */
	*index = (uint32_t)((x * n) >> 32);
	return V6T_OK;
}
