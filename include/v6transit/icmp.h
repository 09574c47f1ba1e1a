/*
 * libv6transit - IPv6 transition building blocks.
 * SPDX-License-Identifier: BSD-2-Clause
 */
/**
 * \file icmp.h
 * \brief Building the ICMPv4 and ICMPv6 error messages that quote a packet
 * (RFC 792, RFC 4443 §3, RFC 4884), and the rules that say when one may be
 * sent at all (RFC 4443 §2.4 (e), RFC 1812 §4.3.2.7, RFC 1122 §3.2.2).
 *
 * The translator, the tunnels and the users of the reassembly table build
 * their errors here. A builder writes the whole datagram: the outer IP
 * header, the ICMP header, as much of the quoted packet as the size limit
 * lets in, and optionally an RFC 4884 extension structure. It sends
 * nothing and keeps no state: rate limiting (RFC 4443 §2.4 (f), RFC 1812
 * §4.3.2.8) and the choice of the source address (RFC 4443 §2.2, RFC 1812
 * §4.3.2.4) are the caller's.
 *
 * \section icmp_layout What a builder writes
 * IPv4 (20 + 8 bytes of headers): version 4, IHL 5, TOS from
 * v6t_icmp_params::tclass, Total Length, Identification from
 * v6t_icmp_params::ip_id, flags and fragment offset 0 (DF clear), TTL,
 * protocol 1, the header checksum, the
 * addresses; then Type, Code, Checksum and the four bytes of
 * v6t_icmp_params::rest.
 * IPv6 (40 + 8 bytes): version 6, Traffic Class from
 * v6t_icmp_params::tclass, flow label 0, Payload Length, Next Header 58,
 * Hop Limit, the addresses; then the ICMPv6 header as for IPv4. The ICMP
 * checksum covers the ICMP message (RFC 792); for ICMPv6 also the
 * pseudo-header (RFC 4443 §2.3, RFC 8200 §8.1).
 *
 * \section icmp_quote How much is quoted
 * The error is at most v6t_icmp_params::limit bytes, outer IP header
 * included: 576 by default for IPv4 (RFC 1812 §4.3.2.3, restated in RFC
 * 4884 §4), 1280 for IPv6 (RFC 4443 §2.4 (c)). Without an extension the
 * quote is the first min(\c qlen, limit - headers) bytes of \c quote.
 *
 * With an extension (RFC 4884 §4): the "original datagram" field is the
 * quote zero-padded to a multiple of 4 bytes (IPv4) or 8 bytes (IPv6) and
 * to at least 128 bytes, and at most 255 such units (the length attribute
 * is one byte); the length attribute gives its length in those units
 * (IPv4: byte 5 of the ICMP header, IPv6: byte 4), and the extension
 * structure follows it. When all of it exceeds the limit, the quote is cut
 * first, to the largest multiple of the unit that leaves room for the
 * extension, but not below 128 bytes; if the extension still does not fit,
 * it is left out and the error is built as without one (length 0).
 *
 * The length attribute exists only in the messages RFC 4884 §4.6 lets
 * carry an extension: ICMPv4 Destination Unreachable (3), Time Exceeded
 * (11), Parameter Problem (12), ICMPv6 Destination Unreachable (1) and
 * Time Exceeded (3). In those, the builder always writes that byte (0
 * without an extension, RFC 4884 §5.4), whatever v6t_icmp_params::rest
 * held there; in the other messages \c rest is written as given.
 *
 * \section icmp_inplace Building in place
 * The quote may lie in the output buffer: a caller that keeps 28 (IPv4) or
 * 48 (IPv6) bytes of headroom in front of a packet passes the packet as
 * \c quote and the headroom as \c out (\c quote == \c out + 28, or
 * \c out + 48), and the error is built over the packet without copying
 * it; any other overlap of \c quote and \c out works too (the quote is
 * moved with memmove before anything else is written). \c ext, \c src,
 * \c dst and \c p must not overlap \c out.
 */
#ifndef V6TRANSIT_ICMP_H
#define V6TRANSIT_ICMP_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** \brief Bytes in front of the quote in an ICMPv4 error: the IPv4 header
 * (20, no options) and the ICMP header (8). */
#define V6T_ICMP4_HDRS_LEN 28
/** \brief Bytes in front of the quote in an ICMPv6 error: the IPv6 header
 * (40) and the ICMPv6 header (8). */
#define V6T_ICMP6_HDRS_LEN 48
/** \brief RFC 1812 §4.3.2.3: the default size limit of an ICMPv4 error,
 * IP header included (the minimum reassembly buffer size). */
#define V6T_ICMP4_LIMIT 576
/** \brief RFC 4443 §2.4 (c): the default size limit of an ICMPv6 error,
 * IPv6 header included (the minimum IPv6 MTU, RFC 8200 §5). */
#define V6T_ICMP6_LIMIT 1280
/** \brief RFC 4884 §4: the smallest "original datagram" field of an error
 * that carries an extension structure. */
#define V6T_ICMP_EXT_MIN_QUOTE 128
/** \brief RFC 1812 §4.3.2.5: a TOS byte with precedence 6 (Internetwork
 * Control), which ICMPv4 errors other than Source Quench SHOULD carry. */
#define V6T_ICMP4_TOS_INTERNETWORK_CONTROL 0xc0u

/**
 * \brief What an error message says, besides the addresses and the quote.
 */
typedef struct v6t_icmp_params {
	uint8_t type;      /**< ICMP type: IPv4 3, 4, 5, 11 or 12 (the error
			        messages of RFC 1122 §3.2.2); IPv6 1..127 (the
			        error range, RFC 4443 §2.1) */
	uint8_t code;      /**< ICMP code, written as given */
	uint32_t rest;     /**< ICMP header bytes 4..7 as a 32-bit big-endian
			        value: ICMPv6 Packet Too Big the MTU (all 32
			        bits); ICMPv4 Fragmentation Needed (3/4) the
			        next-hop MTU in the low 16 bits (RFC 1191 §4);
			        ICMPv6 Parameter Problem the pointer (32 bits);
			        ICMPv4 Parameter Problem the pointer in the top
			        byte; ICMPv4 Redirect the gateway address; else
			        0. The RFC 4884 length byte of the messages that
			        have one is the builder's (\ref icmp_quote) */
	uint8_t hop_limit; /**< TTL / Hop Limit of the error; 0 means 64 */
	uint8_t tclass;    /**< IPv4 TOS / IPv6 Traffic Class of the error
			        (for IPv4 see \ref V6T_ICMP4_TOS_INTERNETWORK_CONTROL) */
	const uint8_t *ext; /**< RFC 4884 §7 extension structure (extension
			         header and objects, its checksum already set,
			         e.g. by v6t_icmp_ext_checksum()), or NULL; read
			         only, must not overlap the output */
	size_t ext_len;    /**< bytes at \c ext: 0 (no extension), or a
			        multiple of 4 of at least 8 (the header and one
			        object header, RFC 4884 §7 and §8) */
	size_t limit;      /**< the largest error in bytes, outer IP header
			        included; 0 means \ref V6T_ICMP4_LIMIT (IPv4) or
			        \ref V6T_ICMP6_LIMIT (IPv6); values above the
			        largest datagram (65535 bytes for IPv4, 40 +
			        65535 for IPv6) count as that */
	uint16_t ip_id;    /**< IPv4: the Identification of the error. The
			        error is a non-atomic datagram (DF clear, so
			        that a link below 576 bytes can fragment it), and
			        RFC 6864 §4.3 forbids its source to repeat an ID
			        within one MDL for the same source, destination
			        and protocol: a caller that sends several errors
			        to one host gives each its own (a counter will
			        do). 0 is written as 0. Ignored for IPv6 */
} v6t_icmp_params;

/**
 * \brief Build an ICMPv4 error message in an IPv4 datagram (RFC 792, RFC
 * 1812 §4.3.2, RFC 4884).
 * The layout is in \ref icmp_layout, the quote's length in
 * \ref icmp_quote; \p quote may lie in \p out (\ref icmp_inplace).
 * \param[out] out    the datagram; written only on success.
 * \param[in]  cap    bytes available at \p out.
 * \param[out] outlen the datagram's length on success; with
 *                    \ref V6T_ENOSPC, the length it needs.
 * \param[in]  src    source address of the error (RFC 1812 §4.3.2.4).
 * \param[in]  dst    destination: the source of the invoking packet.
 * \param[in]  p      type, code and the rest; see \ref v6t_icmp_params.
 * \param[in]  quote  the invoking packet from its IP header on (may be
 *                    NULL when \p qlen is 0).
 * \param[in]  qlen   bytes at \p quote (the function quotes fewer when the
 *                    limit says so).
 * \return \ref V6T_OK;
 *   \ref V6T_EINVAL (\p out, \p outlen, \p src, \p dst or \p p NULL;
 *     \p quote NULL with \p qlen not 0; a type that is not an ICMPv4 error;
 *     \c ext NULL with \c ext_len not 0, or \c ext_len not a multiple of 4
 *     or below 8; an extension with a type RFC 4884 §4.6 does not allow
 *     one in; a limit below 28 bytes);
 *   \ref V6T_ENOSPC (\p cap below the datagram's length; *\p outlen is
 *     set to it, nothing else is written).
 */
V6T_API int v6t_icmp4_error_build(uint8_t *out, size_t cap, size_t *outlen,
				  const v6t_in4 *src, const v6t_in4 *dst,
				  const v6t_icmp_params *p,
				  const uint8_t *quote, size_t qlen);

/**
 * \brief Build an ICMPv6 error message in an IPv6 datagram (RFC 4443 §3,
 * RFC 4884).
 * The layout is in \ref icmp_layout, the quote's length in
 * \ref icmp_quote; \p quote may lie in \p out (\ref icmp_inplace).
 * \param[out] out    the datagram; written only on success.
 * \param[in]  cap    bytes available at \p out.
 * \param[out] outlen the datagram's length on success; with
 *                    \ref V6T_ENOSPC, the length it needs.
 * \param[in]  src    source address of the error (RFC 4443 §2.2).
 * \param[in]  dst    destination: the source of the invoking packet.
 * \param[in]  p      type, code and the rest; see \ref v6t_icmp_params.
 * \param[in]  quote  the invoking packet from its IPv6 header on (may be
 *                    NULL when \p qlen is 0).
 * \param[in]  qlen   bytes at \p quote.
 * \return \ref V6T_OK;
 *   \ref V6T_EINVAL (\p out, \p outlen, \p src, \p dst or \p p NULL;
 *     \p quote NULL with \p qlen not 0; a type outside 1..127;
 *     \c ext NULL with \c ext_len not 0, or \c ext_len not a multiple of 4
 *     or below 8; an extension with a type other than 1 and 3, RFC 4884
 *     §4.6; a limit below 48 bytes);
 *   \ref V6T_ENOSPC (\p cap below the datagram's length; *\p outlen is
 *     set to it, nothing else is written).
 */
V6T_API int v6t_icmp6_error_build(uint8_t *out, size_t cap, size_t *outlen,
				  const v6t_in6 *src, const v6t_in6 *dst,
				  const v6t_icmp_params *p,
				  const uint8_t *quote, size_t qlen);

/**
 * \brief Set the checksum of an RFC 4884 §7 extension structure: the one's
 * complement of the one's complement sum of the structure, computed with
 * the checksum field (bytes 2..3) taken as zero.
 * The caller writes the extension header (version 2 in the top 4 bits,
 * reserved bits 0) and the objects (RFC 4884 §8); only bytes 2..3 change.
 * \param[in,out] ext     the extension structure.
 * \param[in]     ext_len its length: a multiple of 4, at least 8.
 * \return \ref V6T_OK; \ref V6T_EINVAL (\p ext NULL, or \p ext_len not a
 *   multiple of 4 or below 8).
 */
V6T_API int v6t_icmp_ext_checksum(uint8_t *ext, size_t ext_len);

/**
 * \brief Whether an ICMP error of type \p err_type (code \p err_code) may
 * be sent about a packet: 1 yes, 0 no.
 * The packet is IPv4 or IPv6 by its version nibble; it may be cut short
 * (as a quote is), but must hold its whole IP header. The answer is 0 for:
 * - a packet whose headers cannot be parsed (v6t_pkt_parse() with
 *   \ref V6T_PKT_OPT_TRUNCATED fails);
 * - IPv6 (RFC 4443 §2.4 (e)): an ICMPv6 error message (e.1) or Redirect
 *   (e.2, type 137); a packet to a multicast address (e.3), unless the
 *   error is Packet Too Big (type 2) or Parameter Problem code 2 (type 4,
 *   an unrecognized option whose type starts with the bits 10, RFC 8200
 *   §4.2); a source that is not one node's (e.6): the unspecified
 *   address, a multicast address, or the loopback address ::1 (which RFC
 *   4291 §2.5.3 says never comes from outside a node);
 * - IPv4 (RFC 1812 §4.3.2.7, RFC 1122 §3.2.2): an ICMP error message
 *   (types 3, 4, 5, 11, 12); a packet to a multicast address (224.0.0.0/4)
 *   or to the limited broadcast 255.255.255.255; a non-first fragment
 *   (offset not 0); a source in 0.0.0.0/8, 127.0.0.0/8, 224.0.0.0/4
 *   (multicast) or 240.0.0.0/4 (reserved, and the broadcast address);
 * - a packet whose upper layer is ICMP or ICMPv6 but whose ICMP type does
 *   not show (a non-first IPv6 fragment, or a buffer cut before the type):
 *   it may be an error message, so it gets none.
 *
 * What the packet's bytes cannot tell stays the caller's: a link-layer
 * multicast or broadcast (RFC 4443 §2.4 (e.4), (e.5), RFC 1812
 * §4.3.2.7), a subnet-directed broadcast, an anycast source, and rate
 * limiting (RFC 4443 §2.4 (f)).
 * \param[in] pkt      the packet from its IP header on; read only.
 * \param[in] len      bytes at \p pkt.
 * \param[in] err_type the type of the error to send (ICMPv4 or ICMPv6 by
 *                     the packet's version).
 * \param[in] err_code its code (only ICMPv6 Parameter Problem code 2
 *                     changes the answer).
 * \return 1 when the error may be sent, 0 when not (also for \p pkt NULL).
 */
V6T_API int v6t_icmp_may_answer(const uint8_t *pkt, size_t len,
				uint8_t err_type, uint8_t err_code);

#ifdef __cplusplus
}
#endif

#endif /* V6TRANSIT_ICMP_H */
