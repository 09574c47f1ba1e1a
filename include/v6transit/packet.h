/*
 * libv6transit - IPv6 transition building blocks.
 * SPDX-License-Identifier: BSD-2-Clause
 */
/**
 * \file packet.h
 * \brief The parsed view of an IP packet: one validating walk over the
 * IPv4 header or the IPv6 header chain (RFC 791, RFC 8200 §4) that the
 * flow-label, reassembly, translation and tunnel modules share.
 *
 * A packet is a byte buffer \c (pkt, len) that starts with the IP header.
 * v6t_pkt_parse() reads it once, checks every length it relies on against
 * the buffer and the header's own length fields, and fills a \ref v6t_pkt
 * with offsets into the buffer. Modules take that view instead of parsing
 * again. The walk is bounded: at most \ref V6T_PKT_MAX_EXT extension headers,
 * each read once, and it never reads a byte past \c len, whatever the bytes.
 *
 * All offsets are in bytes from the start of the buffer. The view holds no
 * pointer: it stays valid while the buffer's headers are unchanged, also when
 * the buffer moves.
 */
#ifndef V6TRANSIT_PACKET_H
#define V6TRANSIT_PACKET_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * \brief The most IPv6 extension headers the walker follows before it gives
 * up with \ref V6T_EPKT_TOO_MANY_EXT.
 *
 * RFC 8200 §4.1 recommends each extension header at most once (Destination
 * Options twice): Hop-by-Hop, Destination Options, Routing, Fragment, AH,
 * ESP, Destination Options is seven, ESP ending the walk. Eight leaves one
 * spare and bounds the work per packet; longer chains are an attack, not
 * traffic (RFC 7112 §1).
 */
#define V6T_PKT_MAX_EXT 8

/** \name Flags of a parsed packet (v6t_pkt::flags)
 * @{ */
/** \brief A fragment that needs reassembly: IPv6 with a Fragment header whose
 * offset or M flag is not zero, IPv4 with MF set or a non-zero offset. */
#define V6T_PKT_FRAGMENT 0x01u
/** \brief IPv6 atomic fragment (RFC 6946): a Fragment header with offset 0
 * and M = 0. The packet is whole; \ref V6T_PKT_FRAGMENT is not set. */
#define V6T_PKT_ATOMIC 0x02u
/** \brief The walk reached the upper-layer header: v6t_pkt::proto and
 * v6t_pkt::l4_off describe it. Not set for a non-first fragment (the walk
 * stops at its Fragment header) nor for a first fragment whose header chain
 * is cut by the fragment's end (RFC 7112), nor under \ref V6T_PKT_OPT_TRUNCATED
 * when the chain is cut by the buffer's end. */
#define V6T_PKT_L4 0x04u
/** \brief v6t_pkt::sport and v6t_pkt::dport hold the first two 16-bit fields
 * of the upper-layer header: the ports of TCP (6), UDP (17), DCCP (33),
 * SCTP (132) and UDP-Lite (136), or the two halves of the SPI of ESP (50);
 * set only with \ref V6T_PKT_L4 and when those 4 bytes are in the datagram. */
#define V6T_PKT_PORTS 0x08u
/** \brief With \ref V6T_PKT_OPT_TRUNCATED, the buffer ended before the
 * length the IP header declares (v6t_pkt::end is then the buffer's length). */
#define V6T_PKT_CUT 0x10u
/** @} */

/** \name Options of v6t_pkt_parse()
 * @{ */
/** \brief Accept a datagram cut short by the buffer, as the invoking packet
 * quoted in an ICMP or ICMPv6 error is (RFC 792, RFC 4443 §2.4 (c)): the
 * walk ends at the buffer's end without error, \ref V6T_PKT_CUT is set, and
 * a chain cut by the buffer's end leaves \ref V6T_PKT_L4 unset (and port
 * bytes cut by it leave \ref V6T_PKT_PORTS unset): nothing the buffer's end
 * cuts is \ref V6T_EPKT_CHAIN. The IP header itself must still be whole. */
#define V6T_PKT_OPT_TRUNCATED 0x1u
/** @} */

/**
 * \brief What one walk over a packet's headers found.
 *
 * Fields not described for a packet's version, or for a flag that is not
 * set, are zero.
 */
typedef struct v6t_pkt {
	uint32_t end;      /**< length of the datagram in bytes: IPv6 40 + Payload
			        Length, IPv4 Total Length (never above the buffer's
			        length; bytes past it, such as link padding, are not
			        part of the datagram) */
	uint32_t l4_off;   /**< offset of the upper-layer header (with \ref V6T_PKT_L4) */
	uint32_t unfrag_end; /**< IPv6: end of the unfragmentable part (RFC 8200
			          §4.5 "Per-Fragment headers"): the IPv6 header and
			          the extension headers up to and including the last
			          Routing header, else the Hop-by-Hop header; headers
			          after a Fragment header do not count. The Fragment
			          header goes here when the packet is fragmented; in
			          reassembly, the Per-Fragment headers of a received
			          first fragment are all headers before
			          \c frag_hdr_off (RFC 8200 §4.5), which may include a
			          Destination Options header this rule leaves out.
			          IPv4: the header length */
	uint32_t frag_hdr_off; /**< IPv6: offset of the Fragment header, 0 when there is none */
	uint32_t frag_nh_off;  /**< IPv6: offset of the Next Header field whose value
			            is 44 (the one naming the Fragment header; 6 when it
			            follows the IPv6 header); 0 when there is none */
	uint32_t frag_id;  /**< identification: IPv6 Fragment header (32 bits),
			        IPv4 header (16 bits); IPv6 without Fragment header: 0 */
	uint16_t frag_offset; /**< fragment offset in bytes (the field times 8):
			           IPv6 from the Fragment header, IPv4 from the header */
	uint16_t sport;    /**< first 16-bit field of the upper-layer header (with \ref V6T_PKT_PORTS) */
	uint16_t dport;    /**< second 16-bit field of the upper-layer header (with \ref V6T_PKT_PORTS) */
	uint8_t version;   /**< 4 or 6 */
	uint8_t proto;     /**< upper-layer protocol: IPv4 Protocol; IPv6 the Next
			        Header value that ends the chain (with \ref V6T_PKT_L4),
			        else the Next Header field of the Fragment header
			        (0 when there is none) */
	uint8_t more_frags; /**< the M flag (IPv6) or MF flag (IPv4): 0 or 1 */
	uint8_t ext_count;  /**< IPv6 extension headers walked (Fragment included) */
	uint8_t flags;      /**< \ref V6T_PKT_FRAGMENT, \ref V6T_PKT_ATOMIC, ... */
} v6t_pkt;

/**
 * \brief Parse an IPv4 packet or an IPv6 packet and its header chain.
 *
 * IPv4: version 4, IHL at least 5, Total Length at least the header length
 * and within the buffer; options are not interpreted; the header checksum is
 * not verified (a forwarding node's choice, not a parser's). The upper-layer
 * header is at IHL * 4 unless the packet is a non-first fragment.
 *
 * IPv6: version 6, the 40-byte header and Payload Length within the buffer
 * (Payload Length 0 is a datagram of 40 bytes: Jumbograms, RFC 2675, are not
 * supported). The chain is followed through Hop-by-Hop Options (0, only
 * right after the IPv6 header, RFC 8200 §4.1), Routing (43), Fragment (44),
 * Destination Options (60), Authentication Header (51, RFC 4302 §2.2 length
 * in 4-octet units), Mobility (135), HIP (139) and Shim6 (140) (the RFC 8200
 * §4 format, as RFC 7045 asks); every other value, ESP (50) and No Next
 * Header (59) included, ends the chain as the upper-layer protocol. A
 * Fragment header with a non-zero offset ends the walk there: the rest of
 * the chain is in the first fragment. In a first fragment the walk goes on
 * to the upper-layer header if the fragment holds the whole chain.
 *
 * An unknown bit in \p opts is reported first; the other errors are found
 * in header order. IPv4 IHL below 5 is reported before the buffer's length
 * is looked at. For an IPv6 extension header, the
 * errors its Next Header value alone decides (\ref V6T_EPKT_TOO_MANY_EXT,
 * \ref V6T_EPKT_HOP_BY_HOP, \ref V6T_EPKT_FRAG_TWICE) come before
 * \ref V6T_EPKT_CHAIN for its bytes.
 *
 * \param[in]  pkt   the packet, starting at the IP header; read only.
 * \param[in]  len   bytes in \p pkt.
 * \param[in]  opts  0 or \ref V6T_PKT_OPT_TRUNCATED.
 * \param[out] out   the view; written only on \ref V6T_OK.
 * \return \ref V6T_OK;
 *   \ref V6T_EINVAL (unknown bit in \p opts);
 *   \ref V6T_EPKT_VERSION (empty buffer, or a version other than 4 and 6);
 *   \ref V6T_EPKT_SHORT (the buffer ends inside the IPv4 or IPv6 header, or,
 *     without \ref V6T_PKT_OPT_TRUNCATED, before the datagram's declared end);
 *   \ref V6T_EPKT_IPV4_HEADER (IHL below 5, or Total Length below the header length);
 *   \ref V6T_EPKT_CHAIN (an extension header, or the 4 port bytes of a
 *     whole packet's TCP/UDP/DCCP/SCTP/UDP-Lite/ESP header, runs past the
 *     end of the datagram);
 *   \ref V6T_EPKT_TOO_MANY_EXT (more than \ref V6T_PKT_MAX_EXT extension headers);
 *   \ref V6T_EPKT_HOP_BY_HOP (a Hop-by-Hop Options header not right after
 *     the IPv6 header, RFC 8200 §4.1);
 *   \ref V6T_EPKT_FRAG_TWICE (a second Fragment header in the chain).
 */
V6T_API int v6t_pkt_parse(const uint8_t *pkt, size_t len, unsigned opts,
			  v6t_pkt *out);

#ifdef __cplusplus
}
#endif

#endif /* V6TRANSIT_PACKET_H */
