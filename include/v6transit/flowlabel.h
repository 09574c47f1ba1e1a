/*
 * libv6transit - IPv6 transition building blocks.
 * SPDX-License-Identifier: BSD-2-Clause
 */
/**
 * \file flowlabel.h
 * \brief IPv6 flow labels: keyed stateless labels from a packet's flow
 * (RFC 6437 §3), tunnel labels from the inner packet (RFC 6438 §3) and
 * server selection from {source, label} (RFC 7098 §4).
 *
 * A label is a keyed hash (SipHash-1-3, see \ref flowlabel_hash) of the
 * bytes that identify a flow, reduced to 20 bits and never zero. Without
 * the 128-bit key the labels cannot be predicted (RFC 6437 §6); with the
 * same key, every node computes the same label for the same flow, on any
 * CPU. The caller holds the key: draw it once from a good random source
 * (RFC 4086) and keep it for as long as flows should keep their labels.
 *
 * \section flowlabel_flow Which fields identify a flow
 * v6t_flow_from_packet() applies these rules, in this order, so that every
 * packet of a flow gets the same label wherever RFC 6437 §3 asks for it:
 * - with \ref V6T_FLOWLABEL_2TUPLE, {source, destination} for every packet
 *   (RFC 6437 §3, the second alternative for forwarding nodes);
 * - a fragment (IPv6 with a non-atomic Fragment header, IPv4 with MF or an
 *   offset): {source, destination}. Ports are only in the first fragment, so
 *   all fragments of a flow share one label, the unfragmented packets of the
 *   same flow another (RFC 6437 §3, the first alternative);
 * - TCP, UDP, DCCP, SCTP, UDP-Lite: the 5-tuple {source, destination,
 *   protocol, source port, destination port};
 * - ESP (50): the 5-tuple with the SPI in place of the ports (its high 16
 *   bits as source port): each security association is a flow;
 * - any other upper layer (ICMPv6, ICMP, GRE, No Next Header, unknown):
 *   {source, destination, protocol};
 * - with \ref V6T_FLOWLABEL_INNER and an IPv6 packet (the inner packet of
 *   a tunnel) whose label is not zero: {source, destination, label}
 *   (RFC 6438 §3), before any of the rules above but the first.
 * IPv4 addresses enter as IPv4-mapped IPv6 addresses (::%ffff:a.b.c.d).
 *
 * \section flowlabel_hash The hash and the bytes hashed
 * The label is SipHash-1-3 (Aumasson and Bernstein, 2012; 1 compression
 * and 3 finalization rounds) keyed with v6t_flowlabel_key::b as the 16 key
 * bytes, of the message:
 * | kind | message | bytes |
 * | --- | --- | --- |
 * | \ref V6T_FLOW_2TUPLE | src, dst | 32 |
 * | \ref V6T_FLOW_3TUPLE | src, dst, proto | 33 |
 * | \ref V6T_FLOW_LABEL | src, dst, label (24 bits, big-endian) | 35 |
 * | \ref V6T_FLOW_5TUPLE | src, dst, proto, sport, dport (big-endian) | 37 |
 *
 * The 64-bit hash h gives the label: its low 20 bits, or if they are zero
 * bits 20..39, or if those are zero bits 40..59, or else 1: never zero, and
 * uniform over 1..0xfffff but for an excess of 2^-60 at 1. doc/benchmarks.md records
 * why SipHash-1-3 was chosen over SipHash-2-4 and HalfSipHash.
 *
 * Every function here is pure and reentrant: no state but the caller's key.
 */
#ifndef V6TRANSIT_FLOWLABEL_H
#define V6TRANSIT_FLOWLABEL_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** \brief The largest flow label: the field is 20 bits (RFC 8200 §3). */
#define V6T_FLOWLABEL_MAX 0xfffffu

/** \name Modes of v6t_flow_from_packet() and v6t_flowlabel_set()
 * @{ */
/** \brief Identify every flow by {source, destination} only. */
#define V6T_FLOWLABEL_2TUPLE 0x1u
/** \brief RFC 6438 tunnel ingress: an IPv6 packet whose chain ends in an
 * IPv4 (4) or IPv6 (41) packet and that is not a fragment (an atomic
 * fragment is whole, RFC 6946) is labelled from the inner packet's flow
 * (v6t_flowlabel_set() only). */
#define V6T_FLOWLABEL_TUNNEL 0x2u
/** \brief RFC 6438 §3: an IPv6 packet with a non-zero label is identified
 * by {source, destination, label}: for inner packets of a tunnel, whose own
 * labels already name their flows (needs no ports, so fragments and ESP of
 * one flow share one label). */
#define V6T_FLOWLABEL_INNER 0x4u
/** @} */

/** \brief The 128-bit secret key of the label hash. */
typedef struct v6t_flowlabel_key {
	uint8_t b[16]; /**< the key bytes (SipHash k0 = b[0..7], k1 = b[8..15], little-endian) */
} v6t_flowlabel_key;

/** \brief Which fields of a \ref v6t_flow identify it (v6t_flow::kind). */
enum v6t_flow_kind {
	V6T_FLOW_2TUPLE = 2, /**< source and destination */
	V6T_FLOW_3TUPLE = 3, /**< source, destination and protocol */
	V6T_FLOW_LABEL = 4,  /**< source, destination and the (inner) flow label */
	V6T_FLOW_5TUPLE = 5  /**< source, destination, protocol and the two ports */
};

/**
 * \brief A flow: the fields that identify it. Fields that \c kind does not
 * name are ignored by v6t_flowlabel_of(), and zero when filled by
 * v6t_flow_from_packet().
 */
typedef struct v6t_flow {
	v6t_in6 src;    /**< source address (IPv4 as ::%ffff:a.b.c.d) */
	v6t_in6 dst;    /**< destination address (IPv4 as ::%ffff:a.b.c.d) */
	uint32_t label; /**< flow label 1..0xfffff (\ref V6T_FLOW_LABEL) */
	uint16_t sport; /**< source port, host order (\ref V6T_FLOW_5TUPLE) */
	uint16_t dport; /**< destination port, host order (\ref V6T_FLOW_5TUPLE) */
	uint8_t proto;  /**< upper-layer protocol (\ref V6T_FLOW_3TUPLE, \ref V6T_FLOW_5TUPLE) */
	uint8_t kind;   /**< a \ref v6t_flow_kind */
} v6t_flow;

/**
 * \brief The label of a flow (RFC 6437 §3): the keyed hash of its fields,
 * reduced to 20 bits, never zero (see \ref flowlabel_hash).
 *
 * \param[in] key   the secret key.
 * \param[in] flow  the flow; a \c kind that is not a \ref v6t_flow_kind is
 *                  taken as \ref V6T_FLOW_2TUPLE.
 * \return the label, 1..\ref V6T_FLOWLABEL_MAX.
 */
V6T_API uint32_t v6t_flowlabel_of(const v6t_flowlabel_key *key,
				  const v6t_flow *flow);

/**
 * \brief The flow of an IPv4 or IPv6 packet, by the rules of
 * \ref flowlabel_flow.
 *
 * \param[out] flow  the flow; written only on \ref V6T_OK.
 * \param[in]  pkt   the packet, starting at its IP header.
 * \param[in]  len   bytes in \p pkt.
 * \param[in]  mode  0 or \ref V6T_FLOWLABEL_2TUPLE, \ref V6T_FLOWLABEL_INNER.
 * \return \ref V6T_OK; \ref V6T_EINVAL (unknown bit in \p mode, or
 *   \ref V6T_FLOWLABEL_TUNNEL); any error of v6t_pkt_parse().
 */
V6T_API int v6t_flow_from_packet(v6t_flow *flow, const uint8_t *pkt,
				 size_t len, unsigned mode);

/**
 * \brief Give an IPv6 packet a flow label if it has none (RFC 6437 §3: a
 * forwarding node may set a zero label, and never changes a non-zero one).
 *
 * The header chain is walked (v6t_pkt_parse()) and checked even when the
 * label is kept, so that a malformed packet is always reported. When the
 * label is zero, the label of the packet's flow (v6t_flow_from_packet()) is
 * written into bytes 1..3; with \ref V6T_FLOWLABEL_TUNNEL, the label of the
 * inner packet's flow when the packet carries one. Nothing else changes: the
 * flow label is in no checksum. On error the packet is untouched.
 *
 * RFC 6437 §3 asks that labelling by forwarding nodes be a configurable
 * option, disabled by default: that is the caller's configuration.
 *
 * \param[in]     key      the secret key.
 * \param[in,out] pkt      the IPv6 packet; only its label bits may change.
 * \param[in]     len      bytes in \p pkt.
 * \param[in]     mode     0 or \ref V6T_FLOWLABEL_2TUPLE, \ref V6T_FLOWLABEL_TUNNEL,
 *                         \ref V6T_FLOWLABEL_INNER (which applies to the inner packet).
 * \param[out]    label    if not NULL: the packet's label after the call (on \ref V6T_OK).
 * \param[out]    written  if not NULL: 1 when this call wrote the label, 0 when the
 *                         packet already had one (on \ref V6T_OK).
 * \return \ref V6T_OK; \ref V6T_EINVAL (unknown bit in \p mode);
 *   \ref V6T_EPKT_VERSION (not IPv6); any error of v6t_pkt_parse() for
 *   the packet or, with \ref V6T_FLOWLABEL_TUNNEL and a zero label, for
 *   the inner packet (which is read only to compute a label).
 */
V6T_API int v6t_flowlabel_set(const v6t_flowlabel_key *key, uint8_t *pkt,
			      size_t len, unsigned mode, uint32_t *label,
			      int *written);

/**
 * \brief RFC 6438 §3: the label a tunnel ingress writes into the outer IPv6
 * header it builds around \p inner (an IPv4 or IPv6 packet).
 *
 * The same as v6t_flowlabel_of() of v6t_flow_from_packet() of \p inner.
 *
 * \param[in]  key    the secret key.
 * \param[in]  inner  the inner packet, starting at its IP header.
 * \param[in]  len    bytes in \p inner.
 * \param[in]  mode   0 or \ref V6T_FLOWLABEL_2TUPLE, \ref V6T_FLOWLABEL_INNER.
 * \param[out] label  the label, 1..\ref V6T_FLOWLABEL_MAX; written only on \ref V6T_OK.
 * \return as v6t_flow_from_packet().
 */
V6T_API int v6t_flowlabel_tunnel(const v6t_flowlabel_key *key,
				 const uint8_t *inner, size_t len,
				 unsigned mode, uint32_t *label);

/**
 * \brief RFC 7098 §4: the server, of \p n, that a stateless layer-3/4 load
 * balancer sends a packet to, from {source, label} or {source, destination,
 * label}.
 *
 * The index is SipHash-1-3 of src, dst (16 zero bytes when \p dst is NULL)
 * and the label as 32 bits big-endian (36 bytes), its low 32 bits x mapped
 * to (x * n) >> 32: uniform over 0..n-1 to within n / 2^32, and a packet's
 * server changes only if the key, n or those fields do. Use a key other
 * than the labelling key.
 *
 * \param[out] index  0..n-1; written only on \ref V6T_OK.
 * \param[in]  key    the balancer's secret key (RFC 7098 §5: attackers must
 *                    not be able to aim flows at one server).
 * \param[in]  src    the packet's source address.
 * \param[in]  dst    the packet's destination address, or NULL for the 2-tuple.
 * \param[in]  label  the packet's flow label.
 * \param[in]  n      the number of servers, at least 1.
 * \return \ref V6T_OK; \ref V6T_EINVAL (\p n is 0, or \p label above
 *   \ref V6T_FLOWLABEL_MAX); \ref V6T_EFL_ZERO (\p label is 0: RFC 7098 §4
 *   says to balance on the transport header then, e.g. with
 *   v6t_flow_from_packet()).
 */
V6T_API int v6t_flowlabel_server(uint32_t *index, const v6t_flowlabel_key *key,
				 const v6t_in6 *src, const v6t_in6 *dst,
				 uint32_t label, uint32_t n);

#ifdef __cplusplus
}
#endif

#endif /* V6TRANSIT_FLOWLABEL_H */
