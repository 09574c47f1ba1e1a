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
 * @{ */

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* V6TRANSIT_TUNNEL_H */
