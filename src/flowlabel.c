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

#define MODE_FLOW (V6T_FLOWLABEL_2TUPLE | V6T_FLOWLABEL_INNER)
#define MODE_ALL (MODE_FLOW | V6T_FLOWLABEL_TUNNEL)

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
		return (uint64_t)37 << 56 | (uint64_t)(t->dport & 0xff) << 32 |
		       (uint64_t)(t->dport >> 8) << 24 |
		       (uint64_t)(t->sport & 0xff) << 16 |
		       (uint64_t)(t->sport >> 8) << 8 | t->proto;
	default: /* nothing */
		return (uint64_t)32 << 56;
	}
}

/* 20 bits of the hash, never zero (flowlabel.h, "The hash and the bytes
 * hashed"): the next 20 bits stand in for a zero field, so every non-zero
 * value keeps its probability. */
static V6T_ALWAYS_INLINE uint32_t label_of_hash(uint64_t h)
{
	uint32_t label = (uint32_t)h & V6T_FLOWLABEL_MAX;

	if (label == 0)
		label = (uint32_t)(h >> 20) & V6T_FLOWLABEL_MAX;
	if (label == 0)
		label = (uint32_t)(h >> 40) & V6T_FLOWLABEL_MAX;
	return label != 0 ? label : 1;
}

static V6T_ALWAYS_INLINE uint32_t label_of(const v6t_flowlabel_key *key,
					   const uint8_t src[16],
					   const uint8_t dst[16],
					   const v6t_flow *t)
{
	return label_of_hash(v6t_sip_hash_32(key->b, src, dst, last_word(t),
					     SIP_C, SIP_D));
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
	return label_of(key, flow->src.b, flow->dst.b, flow);
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

	if ((mode & V6T_FLOWLABEL_TUNNEL) && (p->flags & V6T_PKT_L4) &&
	    !(p->flags & V6T_PKT_FRAGMENT) &&
	    (p->proto == 4 || p->proto == 41))
		return v6t_flowlabel_tunnel(key, pkt + p->l4_off,
					    p->end - p->l4_off,
					    mode & MODE_FLOW, label);
	/* the outer packet's own flow: INNER is for the inner packet */
	flow_tail(&t, p, pkt, mode & V6T_FLOWLABEL_2TUPLE);
	*label = label_of(key, pkt + 8, pkt + 24, &t);
	return V6T_OK;
}

/* see flowlabel.h */
int v6t_flowlabel_set(const v6t_flowlabel_key *key, uint8_t *pkt, size_t len,
		      unsigned mode, uint32_t *label, int *written)
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
		if (written != NULL)
			*written = 1;
	} else if (written != NULL) {
		*written = 0;
	}
	if (label != NULL)
		*label = current;
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
