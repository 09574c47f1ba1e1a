/*
 * libv6transit - IPv6 transition building blocks.
 * SPDX-License-Identifier: BSD-2-Clause
 */
/**
 * \file tunnel.h
 * \brief IPv6 over IPv4 tunnels: protocol 41 (configured 6in4, RFC 4213;
 * 6to4, RFC 3056 / RFC 3964; 6rd, RFC 5969; ISATAP, RFC 5214), Teredo
 * (RFC 4380, RFC 5991, RFC 6081) and 6a44 (RFC 6751), with their
 * anti-spoofing checks, and TCP MSS clamping for the edges of small-MTU
 * tunnels and translators.
 *
 * The address formats of these mechanisms are in addr.h; this module is
 * about their packets. Every function reads and writes only the buffers it
 * is given, keeps no state between calls (per-peer state, where a
 * mechanism needs it, lives in caller memory) and takes the time as an
 * argument where it needs one.
 *
 * A decapsulation check that fails returns its own negative status (one
 * per rule, in the ranges named in \ref v6t_status), and leaves the packet
 * untouched.
 */
#ifndef V6TRANSIT_TUNNEL_H
#define V6TRANSIT_TUNNEL_H

#include "common.h"
#include "addr.h"
#include "frag.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/** \name Common to every mechanism
 * @{ */

/** \brief What the caller does with the outcome of a tunnel call
 * (v6t_tun_result::verdict). */
enum v6t_tun_verdict {
	/** Send v6t_tun_result::data (v6t_tun_result::len bytes) on: the
	 * encapsulated packet, or the inner packet of a decapsulation. */
	V6T_TUN_FORWARD = 1,
	/** Send the fragments the mechanism's fragment iterator writes, in
	 * order, on (v6t_tun_result::count of them). */
	V6T_TUN_FRAGMENTS = 2,
	/** Send v6t_tun_result::data, an ICMPv6 error built for the inner
	 * packet's source, back towards it; v6t_tun_result::reason says why. */
	V6T_TUN_ICMP_ERROR = 3,
	/** Send nothing; v6t_tun_result::reason says why. */
	V6T_TUN_DROP = 4,
	/** The packet is not of this mechanism (not protocol 41, not the
	 * Teredo port, ...): the caller handles it otherwise. */
	V6T_TUN_NOT_MINE = 5
};

/**
 * \brief The outcome of one encapsulation or decapsulation. Fields ending
 * in '_' are private: the state a fragment iterator needs.
 */
typedef struct v6t_tun_result {
	uint8_t *data;   /**< FORWARD, ICMP_ERROR: the first byte of the packet
			      to send, in a buffer of the caller's */
	size_t len;      /**< its length in bytes */
	int verdict;     /**< a \ref v6t_tun_verdict */
	int reason;      /**< ICMP_ERROR, DROP: why, a negative status; else
			      \ref V6T_OK */
	uint32_t count;  /**< FRAGMENTS: how many */
	v6t_frag_split split_; /**< private */
} v6t_tun_result;

/** @} */

/* ------------------------------------------------------------------------ */
/** \name Protocol 41: 6in4, 6to4, 6rd, ISATAP (RFC 4213, 3056, 3964, 5969, 5214, 6040)
 * @{ */

/** @} */

/* ------------------------------------------------------------------------ */
/** \name Teredo (RFC 4380, RFC 5991, RFC 6081)
 * @{ */

/** @} */

/* ------------------------------------------------------------------------ */
/** \name 6a44 (RFC 6751)
 * @{ */

/** @} */

/* ------------------------------------------------------------------------ */
/** \name TCP MSS clamping
 *
 * A TCP host announces in the Maximum Segment Size option of its SYN the
 * largest segment it can receive (RFC 9293 §3.7.1), taken from its own
 * link MTU. Behind a tunnel or translator whose MTU is smaller, full-size
 * segments only get through if Path MTU Discovery works; where ICMP is
 * filtered they vanish (the 6in4 client whose pings pass while its TCP
 * sessions stall). Routers at such edges therefore lower the option in the
 * SYN and SYN-ACK they forward, so that both ends send segments that fit.
 * @{ */

/**
 * \brief The MSS that fits a link MTU: the MTU less the fixed IP header
 * (20 bytes for IPv4, 40 for IPv6) and the 20-byte TCP header (RFC 9293
 * §3.7.1 with RFC 6691 §2: the MSS counts neither IP nor TCP options).
 *
 * \param[in]  mtu     the link or tunnel MTU in bytes.
 * \param[in]  version 4 or 6: the IP version of the TCP packets.
 * \param[out] mss     the MSS in bytes; written only on \ref V6T_OK.
 * \return \ref V6T_OK; \ref V6T_EINVAL (\p mss NULL, \p version not 4 or
 *   6, or \p mtu below the version's minimum, 68 for IPv4 (RFC 791) and
 *   1280 for IPv6 (RFC 8200 §5), or above 65535).
 */
V6T_API int v6t_tun_mss_for_mtu(uint32_t mtu, int version, uint16_t *mss);

/**
 * \brief Lower the MSS option of a TCP SYN (or SYN-ACK) to at most \p mss,
 * in place, with the TCP checksum updated incrementally (RFC 1624).
 *
 * The packet is an IPv4 or IPv6 packet (any extension headers, parsed with
 * v6t_pkt_parse()). Only a TCP segment with SYN set is looked at; of a
 * fragmented one, only the first fragment, when it holds the whole TCP
 * header (the checksum covers the whole segment, so the incremental update
 * holds there too). Every MSS option (kind 2, length 4) above \p mss is
 * set to \p mss; the option list is walked per RFC 9293 §3.1 (End of
 * Option List ends it, No-Operation is one byte, every other option has a
 * length of at least 2 within the header). A SYN without an MSS option is
 * left alone: its peer assumes 536 bytes for IPv4 and 1220 for IPv6 (RFC
 * 9293 §3.7.1), which any MTU of 576 or more (1280 for IPv6) carries.
 * Nothing else in the packet changes: IP addresses, lengths and the IPv4
 * header checksum stay valid.
 *
 * \param[in,out] pkt     the packet, starting at the IP header.
 * \param[in]     len     bytes in \p pkt.
 * \param[in]     mss     the largest MSS to let through, 1..65535.
 * \param[out]    old_mss NULL, or the MSS option's value before the
 *                        call (the first one when there are several);
 *                        written when the function returns 1.
 * \return 1 when an option was lowered (the packet changed); 0 when the
 *   packet was left as it is: not TCP, not a SYN, a non-first fragment or
 *   a first fragment cut inside the TCP header, no MSS option, or every
 *   MSS option already at most \p mss; or, with the packet unchanged,
 *   \ref V6T_EINVAL (\p pkt NULL, \p mss 0), any error of
 *   v6t_pkt_parse(), \ref V6T_EMSS_TCP_HEADER (a whole segment too
 *   short for its flags byte, or a SYN with Data Offset below 5 or, in a
 *   whole segment, a header past the datagram), \ref V6T_EMSS_OPTIONS (a
 *   SYN's options malformed as above).
 */
V6T_API int v6t_tun_mss_clamp(uint8_t *pkt, size_t len, uint16_t mss,
			      uint16_t *old_mss);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* V6TRANSIT_TUNNEL_H */
