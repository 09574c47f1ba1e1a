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

/** \brief Protocol number of IPv6 in IPv4 (RFC 4213 §3.5). */
#define V6T_P41_PROTO 41u

/** \brief Which protocol-41 mechanism a tunnel is
 * (v6t_tun_p41_config::mech). */
enum v6t_tun_p41_mech {
	/** Configured point-to-point tunnel to v6t_tun_p41_config::remote
	 * (RFC 4213 §3). */
	V6T_P41_CONFIGURED = 1,
	/** 6to4 router or relay (RFC 3056, RFC 3964 §5); native IPv6
	 * destinations go to the relay v6t_tun_p41_config::remote. */
	V6T_P41_6TO4 = 2,
	/** 6rd Customer Edge (RFC 5969): destinations in the 6rd domain go to
	 * their CE, others to the domain's BR. */
	V6T_P41_6RD_CE = 3,
	/** 6rd Border Relay (RFC 5969): only destinations in the domain. */
	V6T_P41_6RD_BR = 4,
	/** ISATAP (RFC 5214): on-link ISATAP destinations directly, others to
	 * the router v6t_tun_p41_config::remote. */
	V6T_P41_ISATAP = 5
};

/** \brief How the encapsulator sizes packets (v6t_tun_p41_config::df_mode). */
enum v6t_tun_p41_df {
	/** RFC 4213 §3.2.1: a fixed tunnel MTU (v6t_tun_p41_config::mtu6), DF
	 * never set; an IPv4 packet larger than v6t_tun_p41_config::mtu4 is
	 * fragmented by the encapsulator. */
	V6T_P41_DF_STATIC = 0,
	/** RFC 4213 §3.2.2: the tunnel MTU is the IPv4 path MTU
	 * (v6t_tun_p41_config::mtu4) less 20, at least 1280; DF is set unless
	 * that is below 1280, when packets of at most 1280 bytes go without
	 * DF (and are fragmented to the path MTU here). */
	V6T_P41_DF_DYNAMIC = 1
};

/** \brief Check: the outer IPv4 source is v6t_tun_p41_config::remote
 * (configured tunnels, RFC 4213 §3.6). */
#define V6T_P41_CHK_PEER 0x001u
/** \brief Check: the outer IPv4 destination is v6t_tun_p41_config::local
 * (RFC 3964 §5.2 "dst_v4 SHOULD be assigned to the router"). */
#define V6T_P41_CHK_LOCAL 0x002u
/** \brief Check, 6to4: the RFC 3964 §5.3 sanity checks of the outer IPv4
 * and inner IPv6 addresses (and of the IPv4 in 2002:V4ADDR::/48). */
#define V6T_P41_CHK_6TO4_SANITY 0x004u
/** \brief Check, 6to4: RFC 3964 §5.2, the IPv4 addresses embedded in 6to4
 * inner addresses equal the outer ones; one of the two is 6to4. */
#define V6T_P41_CHK_6TO4_EMBED 0x008u
/** \brief Check, 6to4: a router that is not a relay takes only 6to4
 * destinations (RFC 3056 §5: the relay role is optional). */
#define V6T_P41_CHK_6TO4_NOT_RELAY 0x010u
/** \brief Check, 6rd: RFC 5969 §9.2, the IPv6 source embeds the outer
 * IPv4 source (a CE also takes any source from the BR). */
#define V6T_P41_CHK_6RD 0x020u
/** \brief Check, ISATAP: RFC 5214 §7.3, the IPv6 source is an ISATAP
 * address embedding the outer IPv4 source, or that source is in the
 * Potential Router List. */
#define V6T_P41_CHK_ISATAP 0x040u
/** \brief Check: the inner packet is not itself a tunnel packet (IPv6 Next
 * Header 41 or 4 after its extension headers). */
#define V6T_P41_CHK_NESTED 0x080u
/** \brief Option (not a check): the outer DSCP is v6t_tun_p41_config::dscp
 * instead of a copy of the inner one (RFC 2983 pipe model). */
#define V6T_P41_OPT_DSCP_FIXED 0x100u
/** \brief Every check (not the options). */
#define V6T_P41_CHK_ALL 0x0ffu

/**
 * \brief A protocol-41 tunnel's settings, given to v6t_tun_p41_init().
 * Zero it, then set what the mechanism uses.
 */
typedef struct v6t_tun_p41_config {
	int mech;        /**< a \ref v6t_tun_p41_mech */
	v6t_in4 local;   /**< our IPv4 address: the outer source */
	v6t_in4 remote;  /**< configured: the peer; 6to4: the relay (0.0.0.0:
			      none); ISATAP: the default router (0.0.0.0:
			      none); 6rd: the BR's address
			      (6rdBRIPv4Address, RFC 5969 §7.1.1) */
	v6t_in6 local6;  /**< our IPv6 address on the tunnel: source of the
			      ICMPv6 errors the encapsulator builds */
	uint8_t ttl;     /**< outer TTL (RFC 4213 §3.3); 0 means 64 */
	uint8_t dscp;    /**< outer DSCP with \ref V6T_P41_OPT_DSCP_FIXED, 0..63 */
	int df_mode;     /**< a \ref v6t_tun_p41_df */
	uint32_t mtu4;   /**< the IPv4 (path) MTU towards the peers in bytes,
			      68..65535 */
	uint32_t mtu6;   /**< with \ref V6T_P41_DF_STATIC, the tunnel MTU in bytes,
			      1280..65515 (RFC 4213 §3.2.1: 1280 SHOULD be the
			      default); unused otherwise */
	v6t_addr_6rd domain;      /**< 6rd: the domain, from v6t_addr_6rd_init()
				       with the BR address */
	v6t_prefix6 isatap_prefix; /**< ISATAP: the on-link /64 prefix */
	const v6t_in4 *prl;  /**< ISATAP: the Potential Router List (RFC 5214
			          §8.1), the caller's array; must live as long
			          as the tunnel */
	size_t prl_len;  /**< entries at \c prl */
	unsigned flags;  /**< \c V6T_P41_CHK_* checks and \c V6T_P41_OPT_* */
} v6t_tun_p41_config;

/** \brief A validated tunnel, set up by v6t_tun_p41_init(); read only
 * afterwards (several threads may share it). */
typedef struct v6t_tun_p41 {
	v6t_tun_p41_config cfg_; /**< private: the settings */
	uint32_t tmtu_;   /**< private: the tunnel's IPv6 MTU */
	uint32_t magic_;  /**< private: set by v6t_tun_p41_init() */
} v6t_tun_p41;

/**
 * \brief Check a tunnel's settings and set the tunnel up.
 *
 * \param[out] t   the tunnel; written only on \ref V6T_OK.
 * \param[in]  cfg the settings; copied (but not the PRL array).
 * \return \ref V6T_OK; \ref V6T_EINVAL (\p t or \p cfg NULL, an unknown
 *   mechanism, DF mode or flag bit, \c dscp above 63, \c mtu4 outside
 *   68..65535, a static \c mtu6 outside 1280..65515, an ISATAP prefix not
 *   /64, \c prl NULL with \c prl_len not 0).
 */
V6T_API int v6t_tun_p41_init(v6t_tun_p41 *t, const v6t_tun_p41_config *cfg);

/**
 * \brief The tunnel's IPv6 MTU in bytes: the static \c mtu6, or
 * max(1280, mtu4 - 20) in dynamic mode (RFC 4213 §3.2.2).
 * \param[in] t the tunnel (from v6t_tun_p41_init()).
 * \return the MTU; 0 for a tunnel that was not set up.
 */
V6T_API uint32_t v6t_tun_p41_mtu(const v6t_tun_p41 *t);

/**
 * \brief Encapsulate an IPv6 packet in IPv4 (RFC 4213 §3.5), by copy.
 *
 * The outer destination is the mechanism's (\ref v6t_tun_p41_mech): the
 * peer; 6to4 the IPv4 address in a 2002::/16 destination (RFC 3056 §5),
 * else the relay; 6rd the CE address of a destination in the domain (RFC
 * 5969 §7.2), else (CE only) the BR (\c remote); ISATAP the IPv4 address in an
 * on-link ISATAP destination (under the prefix, or link-local fe80::/64, RFC
 * 5214 §7.4, §8), else the router. Outer
 * header: version 4, IHL 5, TOS the inner Traffic Class (RFC 6040 §4.1
 * normal mode: ECN copied; DSCP copied unless \ref V6T_P41_OPT_DSCP_FIXED),
 * Identification \p ip_id, DF per \ref v6t_tun_p41_df, TTL, protocol 41,
 * header checksum. The inner packet is copied unchanged (its Hop Limit is
 * the caller's forwarding's, RFC 4213 §3.3); link padding past its
 * datagram is not copied.
 *
 * Outcomes in \p r: \ref V6T_TUN_FORWARD (\p out holds the packet);
 * \ref V6T_TUN_FRAGMENTS (\p out holds the whole IPv4 packet, which
 * v6t_tun_p41_fragment() then cuts, \p out unchanged until the last one);
 * \ref V6T_TUN_ICMP_ERROR (\p out holds an ICMPv6 Packet Too Big from
 * \c local6 to the inner source with the tunnel MTU, RFC 4213 §3.2, built
 * with v6t_icmp6_error_build(); reason \ref V6T_ETUN41_TOO_BIG);
 * \ref V6T_TUN_DROP (reason \ref V6T_ETUN41_TOO_BIG when RFC 4443 §2.4
 * forbids the error, or \ref V6T_ETUN41_NO_ROUTE).
 *
 * \param[in]  t     the tunnel.
 * \param[in]  pkt   the IPv6 packet; read only, must not overlap \p out.
 * \param[in]  len   bytes at \p pkt.
 * \param[in]  ip_id the outer Identification (RFC 6864: unique per source,
 *                   destination and protocol while DF is clear).
 * \param[out] out   where the packet (or error) goes.
 * \param[in]  cap   bytes at \p out: 20 more than the packet, or 1280 for
 *                   an error.
 * \param[out] r     the outcome; written on \ref V6T_OK.
 * \return \ref V6T_OK (see \p r); \ref V6T_EINVAL (a NULL argument, a
 *   tunnel not set up); \ref V6T_EPKT_VERSION (not IPv6); any other error
 *   of v6t_pkt_parse(); \ref V6T_ENOSPC (\p cap too small).
 */
V6T_API int v6t_tun_p41_encap(const v6t_tun_p41 *t, const uint8_t *pkt,
			      size_t len, uint16_t ip_id, uint8_t *out,
			      size_t cap, v6t_tun_result *r);

/**
 * \brief v6t_tun_p41_encap() into headroom: the IPv6 packet is at \p buf +
 * 20 and the IPv4 header is written in the 20 bytes before it, so nothing
 * is copied. Outcomes, errors and the Packet Too Big as there (the error
 * is built over the packet at \p buf, \ref icmp_inplace); a
 * \ref V6T_TUN_FRAGMENTS outcome reads \p buf until its last fragment.
 * \param[in]     t     the tunnel.
 * \param[in,out] buf   20 bytes of headroom, then the packet.
 * \param[in]     cap   bytes at \p buf (headroom included).
 * \param[in]     len   bytes of the packet (at \p buf + 20).
 * \param[in]     ip_id the outer Identification.
 * \param[out]    r     the outcome (v6t_tun_result::data is \p buf).
 * \return as v6t_tun_p41_encap(); also \ref V6T_EINVAL (\p buf NULL,
 *   \p cap below 20 or below 20 + \p len).
 */
V6T_API int v6t_tun_p41_encap_inplace(const v6t_tun_p41 *t, uint8_t *buf,
				      size_t cap, size_t len, uint16_t ip_id,
				      v6t_tun_result *r);

/**
 * \brief Write the next IPv4 fragment of a \ref V6T_TUN_FRAGMENTS outcome
 * (RFC 791 §3.2, through v6t_frag_split_next()).
 * \param[in,out] r      the outcome of v6t_tun_p41_encap().
 * \param[out]    out    the fragment; must not overlap the packet.
 * \param[in]     cap    bytes at \p out (the IPv4 MTU always suffices).
 * \param[out]    outlen the fragment's length.
 * \return \ref V6T_OK; 1 when every fragment has been written (nothing
 *   written); \ref V6T_EINVAL (NULL argument, \p r not a FRAGMENTS
 *   outcome); \ref V6T_ENOSPC.
 */
V6T_API int v6t_tun_p41_fragment(v6t_tun_result *r, uint8_t *out, size_t cap,
				 size_t *outlen);

/**
 * \brief The RFC 6040 §4.2 egress ECN field: what the decapsulated packet
 * carries given its inner and the outer ECN fields (0 Not-ECT, 1 ECT(1),
 * 2 ECT(0), 3 CE).
 * \param[in] inner the inner ECN field (low 2 bits used).
 * \param[in] outer the outer ECN field (low 2 bits used).
 * \return the ECN field, 0..3; -1 when the packet MUST be dropped (inner
 *   Not-ECT, outer CE).
 */
V6T_API int v6t_tun_ecn_egress(unsigned inner, unsigned outer);

/**
 * \brief Decapsulate a protocol-41 packet, in place, with the checks of
 * v6t_tun_p41_config::flags.
 *
 * On \ref V6T_TUN_FORWARD, v6t_tun_result::data points at the inner IPv6
 * packet inside \p pkt (past the outer header), v6t_tun_result::len is its
 * datagram's length, and its ECN field is the RFC 6040 §4.2 outcome (the
 * only byte changed; its DSCP is kept). \ref V6T_TUN_NOT_MINE when not IPv4 or
 * not protocol 41. \ref V6T_TUN_DROP, the packet untouched, reason: any
 * v6t_pkt_parse() error of the outer or the inner packet (a truncated
 * header: \ref V6T_EPKT_SHORT), \ref V6T_EPKT_IPV4_CHECKSUM,
 * \ref V6T_ETUN41_FRAGMENT, \ref V6T_ETUN41_INNER_VERSION,
 * \ref V6T_ETUN41_LENGTH, \ref V6T_ETUN41_ECN_DROP, or a check's code:
 * \ref V6T_ETUN41_PEER, \ref V6T_ETUN41_LOCAL, \ref V6T_ETUN41_NESTED,
 * \ref V6T_ETUN41_6TO4_V4, \ref V6T_ETUN41_6TO4_V6,
 * \ref V6T_ETUN41_6TO4_DST, \ref V6T_ETUN41_6TO4_SRC,
 * \ref V6T_ETUN41_6TO4_NATIVE, \ref V6T_ETUN41_6TO4_RELAY,
 * \ref V6T_ETUN41_6RD_SRC, \ref V6T_ETUN41_ISATAP_SRC. The checks run in
 * that order, after the header and length checks.
 *
 * \param[in]     t   the tunnel.
 * \param[in,out] pkt the IPv4 packet.
 * \param[in]     len bytes at \p pkt.
 * \param[out]    r   the outcome; written on \ref V6T_OK.
 * \return \ref V6T_OK (see \p r); \ref V6T_EINVAL (NULL argument, a tunnel
 *   not set up).
 */
V6T_API int v6t_tun_p41_decap(const v6t_tun_p41 *t, uint8_t *pkt, size_t len,
			      v6t_tun_result *r);

/**
 * \brief RFC 4213 §3.4: turn an ICMPv4 error about one of our tunnel
 * packets into the ICMPv6 error for the inner packet's source.
 *
 * \p icmp4 is the IPv4 datagram carrying the ICMPv4 error. It is relayed
 * when it is Destination Unreachable (type 3) or Time Exceeded (11), its
 * quote is an IPv4 header from \c local with protocol 41 followed by at
 * least the whole 40-byte inner IPv6 header (RFC 4213 §3.4: "if
 * sufficient data bytes ... are available"), and
 * v6t_icmp_may_answer() allows an error about the inner packet. Fragmentation
 * Needed (3/4) becomes Packet Too Big with MTU max(1280, next-hop MTU -
 * 20) (RFC 4213 §3.2.2; a next-hop MTU of 0 counts as 1280 + 20); the
 * others Destination Unreachable code 3, address unreachable. The ICMPv6
 * error goes from \c local6 to the inner source and quotes what of the
 * inner packet was quoted.
 *
 * \param[in]  t      the tunnel.
 * \param[in]  icmp4  the ICMPv4 error datagram; read only.
 * \param[in]  len    bytes at \p icmp4.
 * \param[out] out    the ICMPv6 error; must not overlap \p icmp4.
 * \param[in]  cap    bytes at \p out (1280 always suffices).
 * \param[out] r      the outcome: \ref V6T_TUN_ICMP_ERROR, or
 *                    \ref V6T_TUN_NOT_MINE (not an ICMPv4 error about a
 *                    tunnel packet of ours), or \ref V6T_TUN_DROP with
 *                    \ref V6T_ETUN41_QUOTE (too little quoted) or
 *                    \ref V6T_ETUN41_NO_ERROR (no error may be sent).
 * \return \ref V6T_OK (see \p r); \ref V6T_EINVAL (NULL argument, tunnel
 *   not set up); \ref V6T_ENOSPC.
 */
V6T_API int v6t_tun_p41_icmp_relay(const v6t_tun_p41 *t, const uint8_t *icmp4,
				   size_t len, uint8_t *out, size_t cap,
				   v6t_tun_result *r);

/** @} */

/* ------------------------------------------------------------------------ */
/** \name Teredo (RFC 4380, RFC 5991, RFC 6081)
 *
 * Teredo carries IPv6 in UDP over IPv4 (RFC 4380 §5.1.1): the UDP payload
 * is an optional authentication header (RS and RA of the qualification,
 * §5.2.2), an optional origin indication (what a server puts on packets it
 * relays, and on its RA), then the IPv6 packet, then, per RFC 6081 §4,
 * optional trailers. v6t_teredo_parse() reads that payload,
 * v6t_teredo_receive() applies the acceptance rules of a client (§5.2.3)
 * or a relay (§5.4.2) to it, v6t_teredo_decap() does both for a whole
 * IPv4 datagram, and v6t_teredo_encap() builds one. v6t_teredo_send_plan()
 * decides, per §5.2.4 / §5.4.1, how an IPv6 packet leaves: sent to a
 * trusted peer, or queued while bubbles or the direct connectivity test
 * (§5.2.9) open the path. The list of recent peers (§5.2) is an array in
 * caller memory; time is a parameter (milliseconds, the caller's monotonic
 * clock): nothing here runs a timer.
 *
 * RFC 5991 §3.2 is followed: clients qualify with the cone bit clear
 * (v6t_teredo_rs_build()), and v6t_teredo_send_plan() ignores the cone bit of
 * peers (always case 5 of §5.2.4, case 3 of §5.4.1).
 *
 * UDP source port and entropy (RFC 6438): a Teredo node sends every
 * packet from its one Teredo service port (§5.2, §5.4: "Teredo relays
 * must use a Teredo service port to transmit packets to Teredo clients"):
 * the peer's NAT opened its hole for that address and port, and the peer
 * checks the source port against its peer entry (§5.2.3 rule 1) or the
 * mapped port in the Teredo address (rule 3). A port derived from the
 * inner flow would be dropped, so the library takes the port from the
 * caller and derives nothing.
 * @{ */

/** \brief RFC 4380 §2.7: the Teredo UDP port, where servers listen. */
#define V6T_TEREDO_PORT 3544u
/** \brief Bytes of the outer headers v6t_teredo_encap() writes before the
 * UDP payload: IPv4 without options (20) and UDP (8). */
#define V6T_TEREDO_OUTER_LEN 28u
/** \brief RFC 4380 §5.1.1: the origin indication, 8 bytes. */
#define V6T_TEREDO_ORIGIN_LEN 8u
/** \brief RFC 4380 §5.1.1: the authentication header without client
 * identifier and authentication value: indicator, ID-len, AU-len (4),
 * nonce (8), confirmation (1). */
#define V6T_TEREDO_AUTH_MIN_LEN 13u
/** \brief RFC 4380 §2.8: a bubble is an IPv6 header and nothing else. */
#define V6T_TEREDO_BUBBLE_LEN 40u
/** \brief The UDP payload v6t_teredo_rs_build() writes: an authentication
 * header without identifier and value (13) and the IPv6 Router
 * Solicitation without options (40 + 8). */
#define V6T_TEREDO_RS_LEN 61u
/** \brief RFC 4380 §5.2.4: a peer entry is valid while its last reception
 * is less than this many milliseconds old (30 s). */
#define V6T_TEREDO_PEER_VALID_MS 30000u

/** \brief What v6t_teredo_parse() found in a payload
 * (v6t_teredo_msg::kind). */
enum v6t_teredo_kind {
	/** Any other IPv6 packet. */
	V6T_TEREDO_DATA = 1,
	/** RFC 4380 §2.8: Next Header 59 (No Next Header) and Payload
	 * Length 0. */
	V6T_TEREDO_BUBBLE = 2,
	/** The Router Solicitation of the qualification (§5.2.1): ICMPv6
	 * type 133 code 0 right after the IPv6 header, Hop Limit 255, from
	 * fe80::/64 to ff02::2 (all routers), at least 8 bytes. */
	V6T_TEREDO_RS = 3,
	/** A Router Advertisement, the server's answer (§5.2.1): ICMPv6 type
	 * 134 code 0 right after the IPv6 header, Hop Limit 255, from
	 * fe80::/64, at least 16 bytes; v6t_teredo_qualify() checks the rest. */
	V6T_TEREDO_RA = 4
};

/* flags of v6t_teredo_msg::flags */
/** \brief An authentication header precedes the IPv6 packet. */
#define V6T_TEREDO_F_AUTH 0x01u
/** \brief An origin indication precedes the IPv6 packet. */
#define V6T_TEREDO_F_ORIGIN 0x02u
/** \brief RS: its link-local source has the cone bit (0x8000 of the
 * interface identifier, RFC 4380 §4 and §5.2.1) set: the first phase of
 * the qualification, which RFC 5991 §3.2 tells clients to skip, but which
 * servers must still answer (they "MUST NOT ignore the cone bit"). */
#define V6T_TEREDO_F_CONE 0x04u
/** \brief Bytes follow the IPv6 packet (RFC 6081 §4 trailers). */
#define V6T_TEREDO_F_TRAILERS 0x08u

/**
 * \brief A parsed Teredo UDP payload: offsets into the caller's bytes and
 * the small fixed fields, in clear.
 */
typedef struct v6t_teredo_msg {
	uint32_t ip6_off;     /**< offset of the IPv6 packet in the payload */
	uint32_t ip6_len;     /**< its length: 40 + Payload Length */
	uint32_t trailer_off; /**< offset of the bytes after the IPv6 packet
			           (RFC 6081 trailers); the payload's length when none */
	uint32_t trailer_len; /**< their length in bytes */
	uint32_t id_off;      /**< \ref V6T_TEREDO_F_AUTH : offset of the client identifier */
	uint32_t au_off;      /**< \ref V6T_TEREDO_F_AUTH : offset of the authentication value */
	uint8_t id_len;       /**< \ref V6T_TEREDO_F_AUTH : ID-len */
	uint8_t au_len;       /**< \ref V6T_TEREDO_F_AUTH : AU-len */
	uint8_t nonce[8];     /**< \ref V6T_TEREDO_F_AUTH : the nonce */
	uint8_t confirmation; /**< \ref V6T_TEREDO_F_AUTH : the confirmation byte */
	uint8_t kind;         /**< a \ref v6t_teredo_kind */
	uint8_t flags;        /**< V6T_TEREDO_F_* */
	uint16_t origin_port; /**< \ref V6T_TEREDO_F_ORIGIN : the origin UDP port, in clear, host order */
	v6t_in4 origin_addr;  /**< \ref V6T_TEREDO_F_ORIGIN : the origin IPv4 address, in clear */
} v6t_teredo_msg;

/**
 * \brief Parse a Teredo UDP payload (RFC 4380 §5.1.1, RFC 6081 §4/§5.1.2).
 *
 * The payload is walked from its first byte: 0x00 0x01 starts an
 * authentication header (indicator, ID-len, AU-len, client identifier,
 * authentication value, 8-byte nonce, confirmation byte), allowed only
 * first; 0x00 0x00 starts an origin indication (port XOR 0xffff, address
 * XOR 0xffffffff), allowed once and after the authentication header; any
 * other first byte starts the IPv6 packet, which must have version 6, a
 * whole 40-byte header and 40 + Payload Length no more than the bytes left
 * (RFC 6081 §4: "less than or equal to the UDP payload length"). The
 * bytes after it are RFC 6081 trailers (Type, Length, Value), walked per
 * RFC 6081 §5.1.2: an unknown type whose two high bits are 01 discards the
 * packet; a trailer that runs past the payload ends the walk (malformed
 * trailers stop processing, they do not discard). None of the trailer
 * types RFC 6081 §4 defines (1, 3, 4, 5) has those bits, and their values
 * are left to the caller (v6t_teredo_msg::trailer_off). The kind
 * (\ref v6t_teredo_kind) is decided from the IPv6 packet.
 *
 * \param[in]  payload the UDP payload; read only.
 * \param[in]  len     its length in bytes (the UDP Length less 8).
 * \param[out] out     the parsed view; written only on \ref V6T_OK.
 * \return \ref V6T_OK; \ref V6T_EINVAL (\p payload or \p out NULL);
 *   \ref V6T_ETEREDO_TRUNCATED (the payload ends inside an authentication
 *   header, an origin indication or the IPv6 header);
 *   \ref V6T_ETEREDO_INDICATOR (0x00 followed by a byte other than 0x00
 *   or 0x01, a second origin indication, or an authentication header
 *   after another header);
 *   \ref V6T_ETEREDO_IPV6_VERSION (the packet is not version 6);
 *   \ref V6T_ETEREDO_IPV6_LENGTH (40 + Payload Length beyond the payload);
 *   \ref V6T_ETEREDO_TRAILER (an unknown trailer type 0x40..0x7f).
 */
V6T_API int v6t_teredo_parse(const uint8_t *payload, size_t len,
			     v6t_teredo_msg *out);

/** \brief The authentication header to write (RFC 4380 §5.1.1, §5.2.2). */
typedef struct v6t_teredo_auth {
	const uint8_t *client_id; /**< id_len bytes (NULL when id_len is 0) */
	const uint8_t *value;     /**< au_len bytes, the authentication value
				       computed by the caller (NULL when au_len is 0) */
	uint8_t id_len;           /**< ID-len, 0..255 */
	uint8_t au_len;           /**< AU-len, 0..255 */
	uint8_t nonce[8];         /**< the nonce */
	uint8_t confirmation;     /**< the confirmation byte */
} v6t_teredo_auth;

/** \brief The headers to put before the IPv6 packet of a Teredo payload. */
typedef struct v6t_teredo_hdrs {
	const v6t_teredo_auth *auth; /**< NULL, or the authentication header (first) */
	int has_origin;          /**< nonzero: an origin indication follows it */
	v6t_in4 origin_addr;     /**< the origin address, in clear (obfuscated on the wire) */
	uint16_t origin_port;    /**< the origin port, in clear, host order */
} v6t_teredo_hdrs;

/**
 * \brief Bytes the headers of \p h take before the IPv6 packet: 0, plus
 * 13 + ID-len + AU-len with an authentication header, plus 8 with an
 * origin indication (RFC 4380 §5.1.1).
 * \param[in] h the headers; NULL means none.
 * \return the length in bytes.
 */
V6T_API size_t v6t_teredo_hdrs_len(const v6t_teredo_hdrs *h);

/**
 * \brief Write a Teredo UDP payload: the headers of \p h, then the IPv6
 * packet (RFC 4380 §5.1.1).
 *
 * The IPv6 packet may already sit at \p out + v6t_teredo_hdrs_len(\p h)
 * (headroom): it is then not copied. Any other overlap of \p ip6 and \p
 * out is handled too (memmove).
 *
 * \param[out] out     the payload; written only on \ref V6T_OK.
 * \param[in]  cap     bytes available at \p out.
 * \param[in]  h       the headers, NULL for none (simple encapsulation).
 * \param[in]  ip6     the IPv6 packet: version 6, 40 + Payload Length
 *                     equal to \p ip6_len.
 * \param[in]  ip6_len its length in bytes.
 * \param[out] out_len the payload's length; on \ref V6T_ENOSPC the length
 *                     needed.
 * \return \ref V6T_OK; \ref V6T_EINVAL (a NULL pointer, or a NULL
 *   identifier or value with a nonzero length);
 *   \ref V6T_ETEREDO_IPV6_VERSION, \ref V6T_ETEREDO_IPV6_LENGTH (\p ip6
 *   shorter than 40 bytes or its Payload Length not \p ip6_len - 40);
 *   \ref V6T_ETEREDO_TOO_BIG (the payload would not fit a UDP datagram in
 *   IPv4: more than 65507 bytes); \ref V6T_ENOSPC (\p cap too small).
 */
V6T_API int v6t_teredo_payload_build(uint8_t *out, size_t cap,
				     const v6t_teredo_hdrs *h,
				     const uint8_t *ip6, size_t ip6_len,
				     size_t *out_len);

/** \brief The outer headers of v6t_teredo_encap(). */
typedef struct v6t_teredo_encap_cfg {
	v6t_in4 src;        /**< IPv4 source: our address */
	v6t_in4 dst;        /**< IPv4 destination: the peer's (mapped) address */
	uint16_t sport;     /**< UDP source port: our Teredo service port (fixed, see above) */
	uint16_t dport;     /**< UDP destination port: the peer's (mapped) port */
	uint16_t ip_id;     /**< IPv4 Identification (the caller's counter, RFC 6864) */
	uint8_t ttl;        /**< IPv4 TTL, 1..255 */
	v6t_teredo_hdrs hdrs; /**< headers before the IPv6 packet (none: all zero) */
} v6t_teredo_encap_cfg;

/**
 * \brief Encapsulate an IPv6 packet into a Teredo UDP/IPv4 datagram (RFC
 * 4380 §5.1.1): IPv4 header (20 bytes, no options, DF clear as §5.1.2
 * asks, protocol 17, header checksum), UDP header with its checksum (RFC
 * 768 pseudo-header; a computed 0 is sent as 0xffff), the headers of
 * v6t_teredo_encap_cfg::hdrs, the IPv6 packet.
 *
 * Headroom: when \p ip6 already sits at \p out + 28 +
 * v6t_teredo_hdrs_len(), it is not copied.
 *
 * \param[out] out     where the datagram goes; written only when \p res
 *                     says \ref V6T_TUN_FORWARD.
 * \param[in]  cap     bytes available at \p out.
 * \param[in]  cfg     outer addresses, ports, TTL, ID and headers.
 * \param[in]  ip6     the IPv6 packet (see v6t_teredo_payload_build()).
 * \param[in]  ip6_len its length.
 * \param[out] res     \ref V6T_TUN_FORWARD with v6t_tun_result::data =
 *                     \p out and the datagram's length; or \ref V6T_TUN_DROP
 *                     with the reason \ref V6T_ETEREDO_IPV6_VERSION,
 *                     \ref V6T_ETEREDO_IPV6_LENGTH or \ref V6T_ETEREDO_TOO_BIG.
 * \return \ref V6T_OK (\p res filled); \ref V6T_EINVAL (a NULL pointer,
 *   TTL 0, an identifier or value NULL with a nonzero length);
 *   \ref V6T_ENOSPC (\p cap too small; v6t_tun_result::len is the length
 *   needed, nothing else is written).
 */
V6T_API int v6t_teredo_encap(uint8_t *out, size_t cap,
			     const v6t_teredo_encap_cfg *cfg,
			     const uint8_t *ip6, size_t ip6_len,
			     v6t_tun_result *res);

/**
 * \brief Write a bubble (RFC 4380 §2.8): an IPv6 header with Payload
 * Length 0 and Next Header 59, from \p src to \p dst. Its Hop Limit is 0:
 * a bubble is consumed by the node it is sent to over UDP and never
 * forwarded as IPv6, so no RFC gives it a value; 0 is what Miredo sends.
 * \param[out] out the 40 bytes.
 * \param[in]  src our (Teredo) IPv6 address.
 * \param[in]  dst the peer's.
 * \return \ref V6T_OK; \ref V6T_EINVAL (a NULL pointer).
 */
V6T_API int v6t_teredo_bubble_build(uint8_t out[V6T_TEREDO_BUBBLE_LEN],
				    const v6t_in6 *src, const v6t_in6 *dst);

/**
 * \brief Write the client's qualification Router Solicitation as a UDP
 * payload (RFC 4380 §5.2.1, §5.2.2): an authentication header with ID-len
 * and AU-len 0, the caller's nonce and confirmation 0, then an IPv6 RS
 * (Hop Limit 255, ff02::2 destination, ICMPv6 type 133 code 0, checksum,
 * no options) from \p src_ll.
 *
 * \param[out] out    the 61 bytes; send them to the server's IPv4 address
 *                    and port \ref V6T_TEREDO_PORT.
 * \param[in]  nonce  the nonce, 8 random bytes of the caller's (§5.2.2);
 *                    v6t_teredo_qualify() checks the RA repeats it.
 * \param[in]  src_ll the link-local source; NULL for fe80::ffff:ffff:ffff,
 *                    whose cone bit is clear (RFC 5991 §3.2: skip the cone
 *                    phase).
 * \return \ref V6T_OK; \ref V6T_EINVAL (\p out or \p nonce NULL, or
 *   \p src_ll not in fe80::/64).
 */
V6T_API int v6t_teredo_rs_build(uint8_t out[V6T_TEREDO_RS_LEN],
				const uint8_t nonce[8], const v6t_in6 *src_ll);

/** \brief What a valid qualification RA gave (v6t_teredo_qualify()). */
typedef struct v6t_teredo_qual {
	v6t_in4 mapped;       /**< the client's mapped address, from the origin indication */
	uint16_t mapped_port; /**< its mapped port, host order */
	v6t_prefix6 prefix;   /**< the Teredo prefix of the Prefix Information option, /64 */
	uint32_t mtu;         /**< the RA's MTU option, 0 when it has none */
} v6t_teredo_qual;

/**
 * \brief Check the server's Router Advertisement of the qualification
 * (RFC 4380 §5.2.1, §5.2.2, RFC 4861 §6.1.2) and learn the mapped address
 * and port.
 *
 * The RA must be an RA of v6t_teredo_parse() (\ref V6T_TEREDO_RA) with a
 * right ICMPv6 checksum and well-formed options (each of nonzero length
 * within the message); it must carry an authentication header whose nonce
 * is the RS's (§5.2.2: "If they don't match, the packet MUST be
 * discarded"), an origin indication, the RS's link-local source as its
 * destination, and exactly one Prefix Information option, of length 64,
 * whose first 32 bits are 2001:0000 and next 32 bits \p server.
 * Authentication values (HMAC) are the caller's to check, at
 * v6t_teredo_msg::au_off.
 *
 * \param[in]  payload the UDP payload, as given to v6t_teredo_parse().
 * \param[in]  msg     its parsed view.
 * \param[in]  nonce   the nonce of the RS.
 * \param[in]  rs_src  the link-local source of the RS.
 * \param[in]  server  the server's (primary) IPv4 address.
 * \param[out] out     what the RA gave; written only on \ref V6T_OK.
 * \return \ref V6T_OK; \ref V6T_EINVAL (a NULL pointer);
 *   \ref V6T_ETEREDO_RA (not an RA, a wrong checksum, malformed options);
 *   \ref V6T_ETEREDO_RA_NONCE (no authentication header, or another
 *   nonce); \ref V6T_ETEREDO_RA_ORIGIN (no origin indication);
 *   \ref V6T_ETEREDO_RA_DEST (another destination);
 *   \ref V6T_ETEREDO_RA_PREFIX (not exactly one Prefix Information option,
 *   or not the Teredo prefix of \p server).
 */
V6T_API int v6t_teredo_qualify(const uint8_t *payload,
			       const v6t_teredo_msg *msg,
			       const uint8_t nonce[8], const v6t_in6 *rs_src,
			       const v6t_in4 *server, v6t_teredo_qual *out);

/**
 * \brief Whether an IPv4 address is "in the format of a global unicast
 * address" as RFC 4380 §5.2.4 defines it, which a client (cases 4 and 5)
 * and a relay (§5.4.1) MUST check before sending to a mapped address:
 * not in 0/8, 127/8, 10/8, 172.16/12, 192.168/16, 169.254/16,
 * 192.88.99/24, 224/4 and not 255.255.255.255. (Directed broadcast
 * addresses of the host's own subnets are the caller's to add.)
 * \param[in] a the address.
 * \return 1 when global, 0 when not or \p a is NULL.
 */
V6T_API int v6t_teredo_ipv4_global(const v6t_in4 *a);

/* flags of v6t_teredo_peer::flags */
/** \brief The entry holds a peer. */
#define V6T_TEREDO_PEER_USED 0x01u
/** \brief The mapped address and port are trusted (§5.2). */
#define V6T_TEREDO_PEER_TRUSTED 0x02u
/** \brief v6t_teredo_peer::last_rx_ms holds a time (else: never, which
 * every rule reads as "30 seconds before the current date", §5.2.6). */
#define V6T_TEREDO_PEER_RX 0x04u
/** \brief v6t_teredo_peer::last_tx_ms holds a time (else: never). */
#define V6T_TEREDO_PEER_TX 0x08u
/** \brief A direct IPv6 connectivity test (§5.2.9) was started: the
 * nonce is set. */
#define V6T_TEREDO_PEER_NONCE 0x10u

/**
 * \brief One entry of the list of recent Teredo peers (RFC 4380 §5.2), in
 * caller memory. An all-zero entry is free. The functions below keep it;
 * the caller may read every field.
 */
typedef struct v6t_teredo_peer {
	v6t_in6 addr;          /**< the peer's IPv6 address */
	v6t_in4 mapped;        /**< its mapped IPv4 address */
	uint16_t mapped_port;  /**< its mapped UDP port, host order */
	uint8_t flags;         /**< V6T_TEREDO_PEER_* */
	uint8_t bubbles;       /**< bubbles (or echo tests) sent since the last direct reception */
	uint8_t nonce[8];      /**< the last nonce of the connectivity test (§5.2.9) */
	uint64_t last_rx_ms;   /**< date of the last reception from the peer */
	uint64_t last_tx_ms;   /**< date of the last transmission to it */
	uint64_t bubble_ms[4]; /**< dates of the last 4 bubbles, a ring (§5.2.6) */
} v6t_teredo_peer;

/**
 * \brief Start an entry for \p addr (§5.2.6): untrusted, never received
 * from nor sent to (that is, "30 seconds before the current date"), no
 * bubbles; for a Teredo address, the mapped address and port are taken
 * from it (v6t_addr_teredo_decode()), else they are zero.
 * \param[out] p    the entry; every field is written.
 * \param[in]  addr the peer's address.
 * \return \ref V6T_OK; \ref V6T_EINVAL (a NULL pointer).
 */
V6T_API int v6t_teredo_peer_init(v6t_teredo_peer *p, const v6t_in6 *addr);

/**
 * \brief The entry of \p list that holds \p addr: a linear search (a
 * relay with many peers keeps its own index and hands in a short list).
 * \param[in] list the list (\p n entries, may be NULL when \p n is 0).
 * \param[in] n    its number of entries.
 * \param[in] addr the address.
 * \return the entry, or NULL.
 */
V6T_API v6t_teredo_peer *v6t_teredo_peer_find(v6t_teredo_peer *list,
					      size_t n, const v6t_in6 *addr);

/**
 * \brief The entry to reuse for a new peer (§5.2: "deleting the least
 * recently used entries"): the first free one, else the one whose last
 * reception or transmission, whichever is later, is the oldest (never
 * before any time).
 * \param[in] list the list.
 * \param[in] n    its number of entries.
 * \return the entry; NULL when \p n is 0 or \p list NULL.
 */
V6T_API v6t_teredo_peer *v6t_teredo_peer_slot(v6t_teredo_peer *list,
					      size_t n);

/**
 * \brief Whether the entry is still valid (§5.2.4): trusted, with a
 * reception less than 30 seconds (\ref V6T_TEREDO_PEER_VALID_MS) before
 * \p now_ms.
 * \param[in] p      the entry.
 * \param[in] now_ms the current time.
 * \return 1 or 0 (0 also for NULL, and for a reception dated after
 *   \p now_ms, which a monotonic clock does not give).
 */
V6T_API int v6t_teredo_peer_valid(const v6t_teredo_peer *p, uint64_t now_ms);

/**
 * \brief Account for a bubble to the peer, if the rules of §5.2.6 let it
 * go: it MUST NOT go if the last transmission to the peer is less than 2
 * seconds old, nor if 4 bubbles went in the last 300 seconds without a
 * direct reception (which v6t_teredo_receive() records, clearing the
 * count). When it may go, the last transmission date becomes \p now_ms and
 * the bubble is counted ("MUST update ... and must also increment").
 * \param[in,out] p      the entry; changed only on \ref V6T_OK.
 * \param[in]     now_ms the current time.
 * \return \ref V6T_OK (send the bubble); \ref V6T_EINVAL (\p p NULL);
 *   \ref V6T_ETEREDO_BUBBLE_LIMIT (do not send it now).
 */
V6T_API int v6t_teredo_peer_bubble(v6t_teredo_peer *p, uint64_t now_ms);

/** \brief The role whose rules v6t_teredo_receive() and v6t_teredo_send_plan()
 * apply (v6t_teredo_cfg::role). */
enum v6t_teredo_role {
	V6T_TEREDO_CLIENT = 1, /**< RFC 4380 §5.2 */
	V6T_TEREDO_RELAY = 2   /**< RFC 4380 §5.4 */
};

/* flags of v6t_teredo_cfg::flags */
/** \brief Relay: drop packets from clients with no entry in the list of
 * peers (§5.4.2: "the packet may be silently discarded"). */
#define V6T_TEREDO_REQUIRE_PEER 0x01u
/** \brief Client: accept, as rule 6 of §5.2.3 allows ("the packet may be
 * accepted"), packets whose source nothing verified;
 * v6t_teredo_rx::unverified tells the caller to run the direct IPv6
 * connectivity test (§5.2.9) before sending there. */
#define V6T_TEREDO_ACCEPT_UNVERIFIED 0x02u
/** \brief v6t_teredo_decap(): do not verify the outer UDP checksum. */
#define V6T_TEREDO_NO_UDP_CHECKSUM 0x04u

/** \brief A Teredo node's configuration for v6t_teredo_receive(),
 * v6t_teredo_decap() and v6t_teredo_send_plan(). */
typedef struct v6t_teredo_cfg {
	int role;            /**< a \ref v6t_teredo_role */
	unsigned flags;      /**< V6T_TEREDO_REQUIRE_PEER, ... */
	v6t_in4 server;      /**< client: its server's IPv4 address; relay:
			          a server it trusts, or 0.0.0.0 for none */
	uint16_t port;       /**< our Teredo service port: v6t_teredo_decap()
			          says \ref V6T_TUN_NOT_MINE for other destination
			          ports; 0 takes any */
	v6t_in6 own;         /**< client: its Teredo address once qualified,
			          checked against each packet's destination (§5.2.3);
			          :: before qualification (no check) */
	v6t_prefix6 served;  /**< relay: the IPv6 destinations it serves
			          (§5.4.2); length 0 serves all */
} v6t_teredo_cfg;

/** \brief What v6t_teredo_receive() decided, beyond its status. */
typedef struct v6t_teredo_rx {
	v6t_teredo_msg msg;     /**< the parsed payload */
	v6t_teredo_peer *peer;  /**< the peer entry the packet touched, or NULL */
	uint8_t from_server;    /**< the outer source was the server, port 3544
				     (client: update "the date and time of the last
				     interaction with the Teredo server") */
	uint8_t unverified;     /**< accepted under \ref V6T_TEREDO_ACCEPT_UNVERIFIED */
} v6t_teredo_rx;

/**
 * \brief Apply a client's (RFC 4380 §5.2.3) or a relay's (§5.4.2)
 * reception rules to a Teredo UDP payload received from \p src : \p sport.
 *
 * Client: with v6t_teredo_cfg::own set, the IPv6 destination must be it
 * (or, from the server, a link-local address: the qualification RA).
 * From the server (v6t_teredo_cfg::server, port 3544) the packet is
 * accepted. Otherwise, by the IPv6 source: (1) a trusted entry whose
 * mapped address and port are \p src and \p sport accepts it; (2) an
 * untrusted entry with a started connectivity test accepts an ICMPv6
 * Echo Reply whose data begins with the entry's nonce, and becomes
 * trusted with \p src : \p sport; (3) a Teredo source whose mapped
 * address and port are \p src : \p sport accepts it and creates
 * (v6t_teredo_peer_slot()) or updates a trusted entry ("MUST create a
 * peer entry"); else (5, 6) it is dropped, unless
 * \ref V6T_TEREDO_ACCEPT_UNVERIFIED. The optional local discovery
 * (§5.2.8, rule 4 and the local entries of rule 5) is not implemented.
 *
 * Relay: the IPv6 source must be a Teredo address whose mapped address and
 * port are \p src : \p sport, or the packet come from the trusted server
 * (v6t_teredo_cfg::server, port 3544); the source's entry becomes trusted
 * with the date of reception (created if there is none, unless
 * \ref V6T_TEREDO_REQUIRE_PEER drops the packet); a packet that is not a
 * bubble must be for v6t_teredo_cfg::served.
 *
 * Every accepted packet from a peer dates the entry's last reception and
 * clears its bubble count. A bubble that passes is consumed ("discarded
 * after this processing"): \ref V6T_ETEREDO_BUBBLE. A failed check leaves
 * the list as it was.
 *
 * \param[in]     cfg     the node's configuration.
 * \param[in]     payload the UDP payload; read only.
 * \param[in]     len     its length.
 * \param[in]     src     the outer IPv4 source.
 * \param[in]     sport   the outer UDP source port.
 * \param[in,out] peers   the list of recent peers (may be NULL when
 *                        \p n_peers is 0: no entries are kept).
 * \param[in]     n_peers its number of entries.
 * \param[in]     now_ms  the current time.
 * \param[out]    rx      written on \ref V6T_OK and \ref V6T_ETEREDO_BUBBLE.
 * \return \ref V6T_OK (hand the IPv6 packet at v6t_teredo_msg::ip6_off
 *   to the IPv6 stack); \ref V6T_ETEREDO_BUBBLE; \ref V6T_EINVAL (a NULL
 *   pointer, an unknown role); an error of v6t_teredo_parse(); client:
 *   \ref V6T_ETEREDO_DEST, \ref V6T_ETEREDO_PEER_MAPPING (a trusted entry
 *   with another mapping, nothing else matched), \ref V6T_ETEREDO_NONCE
 *   (an untrusted entry, and not the echo reply of its test),
 *   \ref V6T_ETEREDO_MAPPING (a Teredo source whose mapped address or port
 *   is not \p src : \p sport), \ref V6T_ETEREDO_UNVERIFIED (a non-Teredo
 *   source with no entry); relay: \ref V6T_ETEREDO_NOT_TEREDO,
 *   \ref V6T_ETEREDO_MAPPING, \ref V6T_ETEREDO_NO_PEER,
 *   \ref V6T_ETEREDO_NOT_SERVED.
 */
V6T_API int v6t_teredo_receive(const v6t_teredo_cfg *cfg,
			       const uint8_t *payload, size_t len,
			       const v6t_in4 *src, uint16_t sport,
			       v6t_teredo_peer *peers, size_t n_peers,
			       uint64_t now_ms, v6t_teredo_rx *rx);

/**
 * \brief Decapsulate a Teredo UDP/IPv4 datagram with the checks of
 * v6t_teredo_receive(): the one call of a decapsulator.
 *
 * The datagram is parsed with v6t_pkt_parse(); an IPv4 UDP datagram for
 * v6t_teredo_cfg::port (any when 0) is Teredo. Its UDP Length must be at
 * least 8 and within the IPv4 datagram, its checksum, unless 0 or
 * \ref V6T_TEREDO_NO_UDP_CHECKSUM, right; a fragment must be reassembled
 * first (frag.h). The packet is not changed.
 *
 * \param[in]     pkt     the IPv4 datagram.
 * \param[in]     len     its length.
 * \param[in]     cfg     as for v6t_teredo_receive().
 * \param[in,out] peers   as for v6t_teredo_receive().
 * \param[in]     n_peers as for v6t_teredo_receive().
 * \param[in]     now_ms  the current time.
 * \param[out]    res     \ref V6T_TUN_FORWARD : v6t_tun_result::data
 *   points at the inner IPv6 packet in \p pkt, v6t_tun_result::len is its
 *   length (40 + Payload Length); \ref V6T_TUN_NOT_MINE : not IPv4, not
 *   UDP, or another port; \ref V6T_TUN_DROP with v6t_tun_result::reason:
 *   an error of v6t_pkt_parse() for a broken IPv4 header,
 *   \ref V6T_ETEREDO_FRAGMENT, \ref V6T_ETEREDO_UDP_LENGTH,
 *   \ref V6T_ETEREDO_UDP_CHECKSUM, or any status but \ref V6T_OK and
 *   \ref V6T_EINVAL of v6t_teredo_receive() (a bubble:
 *   \ref V6T_ETEREDO_BUBBLE).
 * \return \ref V6T_OK (\p res filled); \ref V6T_EINVAL (a NULL pointer, an
 *   unknown role).
 */
V6T_API int v6t_teredo_decap(uint8_t *pkt, size_t len,
			     const v6t_teredo_cfg *cfg,
			     v6t_teredo_peer *peers, size_t n_peers,
			     uint64_t now_ms, v6t_tun_result *res);

/** \brief v6t_teredo_plan::action */
enum v6t_teredo_action {
	/** Encapsulate the packet and send it to v6t_teredo_plan::addr :
	 * v6t_teredo_plan::port now. */
	V6T_TEREDO_SEND = 1,
	/** Queue the packet until the peer's entry becomes trusted, and do
	 * what v6t_teredo_plan::todo says. */
	V6T_TEREDO_QUEUE = 2
};

/* flags of v6t_teredo_plan::todo */
/** \brief Send an indirect bubble to v6t_teredo_plan::addr (the peer's
 * server), port 3544. */
#define V6T_TEREDO_TODO_INDIRECT 0x01u
/** \brief Send a direct bubble to the peer's mapped address and port
 * (v6t_teredo_peer::mapped). */
#define V6T_TEREDO_TODO_DIRECT 0x02u
/** \brief Send an ICMPv6 Echo Request whose data begins with
 * v6t_teredo_peer::nonce to the peer through v6t_teredo_plan::addr (our
 * server), port 3544: the direct IPv6 connectivity test (§5.2.9). */
#define V6T_TEREDO_TODO_ECHO 0x04u

/** \brief How an IPv6 packet leaves (v6t_teredo_send_plan()). */
typedef struct v6t_teredo_plan {
	int action;             /**< a \ref v6t_teredo_action */
	unsigned todo;          /**< QUEUE: V6T_TEREDO_TODO_*, 0 when the
				     bubble rules (§5.2.6) hold them back */
	v6t_in4 addr;           /**< SEND: the peer's mapped address; QUEUE:
				     the server to send the indirect bubble or
				     the echo request to */
	uint16_t port;          /**< SEND: the peer's mapped port; QUEUE: 3544 */
	v6t_teredo_peer *peer;  /**< the entry of the destination (NULL only
				     when \p n_peers is 0) */
} v6t_teredo_plan;

/**
 * \brief Decide how an IPv6 packet for \p dst leaves a client (RFC 4380
 * §5.2.4) or a relay (§5.4.1), with RFC 5991 §3.2 (the cone bit of peers
 * ignored).
 *
 * A valid trusted entry (v6t_teredo_peer_valid()) sends the packet to its
 * mapped address and port and dates the last transmission. Otherwise the
 * packet is queued and an entry started for \p dst (v6t_teredo_peer_slot(),
 * v6t_teredo_peer_init()) if there is none: for a Teredo destination,
 * whose mapped IPv4 address MUST be global (v6t_teredo_ipv4_global()), an
 * indirect bubble through the server in its address and, from a client
 * (which never learns that it is behind a cone NAT), a direct bubble to
 * its mapped address and port; for any other destination, client only,
 * the direct IPv6 connectivity test through our server with \p nonce
 * (stored in the entry). Bubbles and tests are paced by
 * v6t_teredo_peer_bubble(): when it holds them back, v6t_teredo_plan::todo
 * is 0.
 *
 * \param[in]     cfg     the node's configuration.
 * \param[in]     dst     the IPv6 destination of the packet.
 * \param[in]     nonce   client, non-Teredo destination: a fresh random
 *                        nonce for the test (NULL: the entry's own is kept).
 * \param[in,out] peers   the list of recent peers.
 * \param[in]     n_peers its number of entries.
 * \param[in]     now_ms  the current time.
 * \param[out]    plan    written on \ref V6T_OK.
 * \return \ref V6T_OK; \ref V6T_EINVAL (a NULL pointer, an unknown role,
 *   or, with a list, a client's non-Teredo destination without \p nonce
 *   whose entry holds none);
 *   \ref V6T_ETEREDO_NOT_TEREDO (relay: \p dst not a Teredo address);
 *   \ref V6T_ETEREDO_NOT_GLOBAL (the mapped IPv4 address of a Teredo
 *   destination is not global: the packet MUST be silently discarded).
 */
V6T_API int v6t_teredo_send_plan(const v6t_teredo_cfg *cfg,
				 const v6t_in6 *dst, const uint8_t nonce[8],
				 v6t_teredo_peer *peers, size_t n_peers,
				 uint64_t now_ms, v6t_teredo_plan *plan);

/** @} */

/* ------------------------------------------------------------------------ */
/** \name 6a44 (RFC 6751)
 *
 * 6a44 gives a host behind an IPv4-only NAT44 CPE a native IPv6 address
 * C.N.Z.A (addr.h, v6t_addr_6a44_encode()): the ISP's /48 6a44-network
 * prefix C, the CPE's IPv4 address N, the port Z the NAT44 mapped the
 * host's tunnel to, and the host's local IPv4 address A. The client (the
 * host) and the ISP's stateless relay exchange:
 * - IPv6 packets in UDP/IPv4 between A:W and B:W (B the 6a44-relay anycast
 *   address 192.88.99.2, W the 6a44 port 1027, RFC 6751 §8), seen by the
 *   relay as N:Z, UDP checksum 0, DF set (§6.2, §6.4);
 * - IPv6 packets in IPv4 (protocol 41) between clients of one site (CT-2);
 * - bubbles (§6.3): UDP/IPv4 whose payload of 20..39 bytes is a 12-byte
 *   "6a44-client IPv6 prefix" field (zero from a client, C.N.Z from a
 *   relay) and an 8-byte Bubble ID. A payload of 40 bytes or more is an
 *   IPv6 packet. A client learns its address from the relay's answer.
 *
 * Every packet function here fills a \ref v6t_tun_result and returns
 * \ref V6T_OK (client decapsulation: 1 for an accepted bubble), or, with
 * \p res untouched, \ref V6T_EINVAL (a NULL argument) or \ref V6T_ENOSPC
 * (the output buffer is too small: v6t_tun_result::len alone is set, to
 * the bytes needed). The verdicts:
 * - \ref V6T_TUN_FORWARD means: send v6t_tun_result::data. Its version nibble
 *   says where: 4, on the IPv4 side (an encapsulated packet, a relay's
 *   bubble answer or hairpinned packet); 6, on the IPv6 side (a
 *   decapsulated packet).
 * - \ref V6T_TUN_ICMP_ERROR means: send v6t_tun_result::data, an ICMPv6 Packet
 *   Too Big with MTU 1280, back to the IPv6 source (reason
 *   \ref V6T_E6A44_TOO_BIG).
 * - \ref V6T_TUN_DROP means: v6t_tun_result::reason is one \c V6T_E6A44_*
 *   code per RFC rule, a v6t_pkt_parse() error for a malformed outer IPv4
 *   header, \ref V6T_EPKT_IPV4_CHECKSUM, or \ref V6T_EPKT_SHORT for an
 *   IPv6 packet to encapsulate that is shorter than its header or its
 *   Payload Length. The packet is untouched.
 * - \ref V6T_TUN_NOT_MINE means: the packet does not concern 6a44 (CT-4, CR-5;
 *   for the relay, IPv4 that is not UDP to B:W, or IPv6 not to C/48).
 *
 * Decapsulation leaves the inner packet where it is: v6t_tun_result::data
 * points into \p pkt. The relay answers bubbles and hairpins client-to-
 * client packets (RR4-1, RR4-2) in place: it writes a new 28-byte
 * IPv4/UDP header just in front of the UDP payload, inside \p pkt.
 * Encapsulation writes to \p out; \p pkt may lie in \p out (e.g. at
 * \p out + \ref V6T_6A44_ENCAP_LEN, then nothing is copied).
 *
 * The inner IPv6 packet is checked only as far as the rules read it: the
 * version, the 40-byte header, and its Payload Length, which must account
 * for exactly the bytes that carry it (no extension header is walked: a
 * relay forwards any chain). The outer IPv4 header goes through
 * v6t_pkt_parse() and its checksum is verified.
 *
 * Outer fields (RFC 6438 asks that a tunnel's free outer fields carry
 * entropy from the inner flow): 6a44 leaves none free. Both UDP ports are
 * fixed by the RFC (W to W from a client, CT-3; W to the mapped port Z
 * from a relay, RR6-1, which the client checks, CR-3 (3); a NAT44 maps
 * the client's W to Z), both addresses are fixed, the outer header is
 * IPv4 so there is no flow label, and the Identification of these atomic
 * datagrams (DF set, never fragmented) is 0, as §6.2 allows and RFC 6864
 * §4.1 makes meaningless. ECMP hashing in the IPv4 network therefore sees
 * one flow per client; the flowlabel module is not used here.
 *
 * The TOS byte of the outer header is 0 (RFC 6751 says nothing of DSCP or
 * ECN). What stays the caller's: the tunnel maintenance timers and the
 * random Bubble IDs (TM-1 .. TM-9), rate limits for ICMPv6 errors and
 * error bubbles, passing ICMPv4 errors about 6a44 packets (which the
 * decapsulations call \ref V6T_TUN_NOT_MINE) to v6t_6a44_client_icmp() or
 * v6t_6a44_relay_icmp() (CR-4, RR4-4), the hop limit of forwarded
 * IPv6 packets, and configuring the IPv6 MTU of 1280 (§6.4).
 * @{ */

/** \brief RFC 6751 §8: the 6a44 port W, UDP 1027. */
#define V6T_6A44_PORT 1027u
/** \brief RFC 6751 §8: the 6a44-relay anycast address B, 192.88.99.2, as
 * a 32-bit number (its bytes in network order are c0 58 63 02). */
#define V6T_6A44_RELAY_ADDR 0xc0586302u
/** \brief RFC 6751 §6.4: the largest IPv6 packet carried in UDP (clients
 * SHOULD keep to it, CT-3 (3); relays MUST, RR6-2 (1)). */
#define V6T_6A44_MTU 1280u
/** \brief RFC 6751 §6.3: a bubble's UDP payload: the 12-byte 6a44-client
 * IPv6 prefix field and the 8-byte Bubble ID. Longer payloads up to 39
 * bytes are bubbles too. */
#define V6T_6A44_BUBBLE_LEN 20u
/** \brief The bytes of a client's bubble (v6t_6a44_client_bubble()):
 * IPv4 (20), UDP (8) and the 20-byte payload. */
#define V6T_6A44_BUBBLE_PKT_LEN 48u
/** \brief The headers an encapsulation puts in front of the IPv6 packet in
 * UDP: IPv4 (20, no options) and UDP (8) (§6.2). */
#define V6T_6A44_ENCAP_LEN 28u
/** \brief The header of a same-site encapsulation (CT-2): IPv4, 20 bytes. */
#define V6T_6A44_ENCAP41_LEN 20u

/*
 * The checks of v6t_6a44_cfg::checks: one bit per rule; a cleared bit
 * skips that rule (the CLI's --no-checks clears them all). The framing
 * rules (complete datagram, lengths, ports, version) always apply: without
 * them there is no packet to check.
 */
/** \brief Relay, RR4-2 / RR4-3 (3): the inner source is C followed by the
 * outer UDP/IPv4 source N:Z (the anti-spoofing rule); \ref V6T_E6A44_SPOOF. */
#define V6T_6A44_CHECK_SPOOF 0x001u
/** \brief Relay, RR6-1 (2), RR6-2 (3), RR4-3 (4): no Teredo address whose
 * embedded (mapped) IPv4 address is B; \ref V6T_E6A44_TEREDO. */
#define V6T_6A44_CHECK_TEREDO 0x002u
/** \brief Relay, RR6-1 (3), RR6-2 (2), and for hairpinned packets (RR4-2,
 * §7 "Routing loops"): the destination's customer-site address N is not
 * B; \ref V6T_E6A44_RELAY_DST. */
#define V6T_6A44_CHECK_RELAY_DST 0x004u
/** \brief Relay, RR6-1 (1): an IPv6 packet from upstream has a source
 * outside C/48; \ref V6T_E6A44_SRC_PREFIX. */
#define V6T_6A44_CHECK_SRC_PREFIX 0x008u
/** \brief Client, CR-1 (3): a bubble's ID is the current Bubble ID;
 * \ref V6T_E6A44_BUBBLE_ID. */
#define V6T_6A44_CHECK_BUBBLE_ID 0x010u
/** \brief Client, CR-3 (3): IPv6 in UDP comes from B:W;
 * \ref V6T_E6A44_NOT_RELAY. */
#define V6T_6A44_CHECK_FROM_RELAY 0x020u
/** \brief Client, CR-2 (5), CR-3 (4): the inner destination is the
 * client's 6a44 address; \ref V6T_E6A44_DST (\ref V6T_E6A44_NO_PREFIX
 * before the first bubble). */
#define V6T_6A44_CHECK_DST 0x040u
/** \brief Client, CR-2 (3): a protocol-41 packet's inner source has the
 * client's first 80 bits (same site); \ref V6T_E6A44_SITE. */
#define V6T_6A44_CHECK_SITE 0x080u
/** \brief Client, CR-2 (4): its last 32 bits are the outer IPv4 source;
 * \ref V6T_E6A44_SITE_V4. */
#define V6T_6A44_CHECK_SITE_V4 0x100u
/** \brief Every check (the default of v6t_6a44_cfg_init()). */
#define V6T_6A44_CHECK_ALL 0x1ffu

/**
 * \brief The parameters of a 6a44 client or relay. Fill it with
 * v6t_6a44_cfg_init() and change fields after it as needed.
 */
typedef struct v6t_6a44_cfg {
	v6t_prefix6 prefix; /**< relay: C, the 6a44-network prefix; its
			         length must be 48 (§5). Unused by a client,
			         which learns its prefix from bubbles */
	v6t_in4 relay;      /**< B, the relay's address: the destination of a
			         client's packets, the source of a relay's
			         (default 192.88.99.2, \ref V6T_6A44_RELAY_ADDR) */
	v6t_in6 relay6;     /**< relay: its own IPv6 address, the source of
			         the Packet Too Big errors of RR6-2 (1)
			         (default ::, which the caller should set) */
	uint16_t port;      /**< W, the 6a44 port (default \ref V6T_6A44_PORT) */
	uint8_t ttl;        /**< TTL of the IPv4 headers written (default 64;
			         0 is taken as 64) */
	unsigned checks;    /**< \c V6T_6A44_CHECK_* bits (default
			         \ref V6T_6A44_CHECK_ALL) */
} v6t_6a44_cfg;

/**
 * \brief Fill a configuration with the RFC's values: B 192.88.99.2, W
 * 1027, TTL 64, every check, \p prefix (may be NULL for a client: the
 * prefix is then ::/48), relay6 ::.
 * \param[out] cfg     the configuration.
 * \param[in]  prefix  C, of length 48, or NULL.
 * \return \ref V6T_OK; \ref V6T_EINVAL (\p cfg NULL);
 *   \ref V6T_EADDR_PREFIX_LEN (\p prefix not a /48; \p cfg untouched).
 */
V6T_API int v6t_6a44_cfg_init(v6t_6a44_cfg *cfg, const v6t_prefix6 *prefix);

/**
 * \brief The state of a 6a44 client, in caller memory. Fields ending in
 * '_' are private; set them through the functions below. It holds no
 * pointer: memcpy() may move it.
 */
typedef struct v6t_6a44_client {
	v6t_6a44_cfg cfg;   /**< the configuration given to v6t_6a44_client_init() */
	v6t_in4 local;      /**< A, the client's local (private) IPv4 address */
	v6t_in6 addr_;      /**< private: the 6a44-client address C.N.Z.A */
	v6t_prefix4 link_;  /**< private: the IPv4 link prefix (CT-2 (3)) */
	uint32_t link_mtu_; /**< private: the IPv4 link MTU, 0 when unset */
	uint64_t bubble_id_; /**< private: the current Bubble ID */
	uint8_t has_addr_;  /**< private: 1 once a bubble gave the prefix */
	uint8_t has_id_;    /**< private: 1 once a bubble was built */
} v6t_6a44_client;

/**
 * \brief Start a client (TM-1: "6a44 disabled", no address yet).
 * \param[out] c      the client; any former content is ignored.
 * \param[in]  cfg    its configuration (copied; \c prefix and \c relay6
 *                    are not used by a client).
 * \param[in]  local  A, the host's local IPv4 address.
 * \return \ref V6T_OK; \ref V6T_EINVAL (a NULL argument, or a port of 0).
 */
V6T_API int v6t_6a44_client_init(v6t_6a44_client *c, const v6t_6a44_cfg *cfg,
				 const v6t_in4 *local);

/**
 * \brief Tell the client its IPv4 link, for CT-2 (3): a same-site packet
 * longer than 1280 bytes is sent in protocol 41 when it fits \p mtu - 20
 * and its IPv4 destination is in \p link.
 * \param[in,out] c     the client.
 * \param[in]     link  the IPv4 link prefix.
 * \param[in]     mtu   the IPv4 link MTU in bytes, 1300..65535 (or 0 to
 *                      forget the link: 1280 bytes is then the limit).
 * \return \ref V6T_OK; \ref V6T_EINVAL (NULL, or \p mtu not 0 and outside
 *   1300..65535).
 */
V6T_API int v6t_6a44_client_set_link(v6t_6a44_client *c,
				     const v6t_prefix4 *link, uint32_t mtu);

/**
 * \brief Set the client's 6a44-client IPv6 prefix (the 96 bits C.N.Z) as
 * a relay's bubble would (TM-4 (1)): its address becomes the prefix
 * followed by A. v6t_6a44_client_decap() calls this for accepted bubbles;
 * a caller that knows its prefix otherwise may call it directly.
 * \param[in,out] c       the client.
 * \param[in]     prefix  the 12 bytes of C.N.Z, in network order.
 * \return \ref V6T_OK; \ref V6T_EINVAL (NULL).
 */
V6T_API int v6t_6a44_client_set_prefix(v6t_6a44_client *c,
				       const uint8_t prefix[12]);

/**
 * \brief Forget the client's address (TM-6: the "6a44 disabled" state).
 * \param[in,out] c  the client.
 * \return \ref V6T_OK; \ref V6T_EINVAL (NULL).
 */
V6T_API int v6t_6a44_client_reset(v6t_6a44_client *c);

/**
 * \brief The client's 6a44-client IPv6 address C.N.Z.A (§3, Figure 3).
 * \param[in]  c     the client.
 * \param[out] addr  the address; written only on \ref V6T_OK.
 * \return \ref V6T_OK; \ref V6T_EINVAL (NULL); \ref V6T_E6A44_NO_PREFIX
 *   (no bubble has given the prefix yet).
 */
V6T_API int v6t_6a44_client_address(const v6t_6a44_client *c, v6t_in6 *addr);

/**
 * \brief Build a client's bubble (§6.3, CT-1) and make \p id the current
 * Bubble ID that answers must carry (CR-1 (3)): IPv4 A -> B (DF set,
 * Identification 0, TTL v6t_6a44_cfg::ttl), UDP W -> W with checksum 0,
 * then 12 zero bytes (::/96) and \p id. TM-2, TM-7 and TM-9 ask for a new
 * random ID at each attempt series, TM-3 for the same one within it: the
 * caller draws it (§7: a 64-bit random value).
 * \param[in,out] c       the client; only its Bubble ID changes.
 * \param[in]     id      the Bubble ID, sent big-endian.
 * \param[out]    out     the bubble, \ref V6T_6A44_BUBBLE_PKT_LEN bytes.
 * \param[in]     cap     bytes at \p out.
 * \param[out]    outlen  48 on success; with \ref V6T_ENOSPC also 48.
 * \return \ref V6T_OK; \ref V6T_EINVAL (NULL); \ref V6T_ENOSPC (\p cap
 *   below 48; nothing written, the ID unchanged).
 */
V6T_API int v6t_6a44_client_bubble(v6t_6a44_client *c, uint64_t id,
				   uint8_t *out, size_t cap, size_t *outlen);

/**
 * \brief Client transmission (§6.5.2): encapsulate an IPv6 packet from the
 * host's stack.
 *
 * With no address yet, or a source other than the client's address: CT-4,
 * \ref V6T_TUN_NOT_MINE. A destination with the client's first 80 bits
 * (same site, CT-2): IPv4 A -> A2 (the destination's last 32 bits),
 * protocol 41, when the packet has at most 1280 bytes or fits the link of
 * v6t_6a44_client_set_link() with A2 on it. Any other destination (CT-3):
 * UDP/IPv4 A:W -> B:W, checksum 0, when the packet has at most 1280 bytes.
 * Both: DF set, Identification 0, TOS 0. A packet too big for its path
 * gets an ICMPv6 Packet Too Big (MTU 1280, from the client's own address,
 * \ref V6T_TUN_ICMP_ERROR) when v6t_icmp_may_answer() allows one, else
 * \ref V6T_TUN_DROP; both with reason \ref V6T_E6A44_TOO_BIG.
 *
 * \param[in]  c    the client.
 * \param[in]  pkt  the IPv6 packet; bytes past 40 + Payload Length are
 *                  not part of it. May lie in \p out.
 * \param[in]  len  bytes at \p pkt.
 * \param[out] out  where the packet to send is written (res->data == out).
 * \param[in]  cap  bytes at \p out: len + 28 always suffice (1280 for an
 *                  error).
 * \param[out] res  the outcome.
 * \return \ref V6T_OK; \ref V6T_EINVAL; \ref V6T_ENOSPC.
 */
V6T_API int v6t_6a44_client_encap(const v6t_6a44_client *c,
				  const uint8_t *pkt, size_t len,
				  uint8_t *out, size_t cap, v6t_tun_result *res);

/**
 * \brief Client reception (§6.5.3): take an IPv4 packet from the network.
 *
 * CR-5, \ref V6T_TUN_NOT_MINE for: not IPv4; a protocol other than UDP and 41;
 * protocol 41 whose payload is not version 6; a fragment with a non-zero
 * offset; UDP whose destination port is not W (CR-5 (3) with the client
 * bound to A:W). Else the packet must be a complete datagram
 * (\ref V6T_E6A44_FRAGMENT), with a correct header checksum, and:
 * - UDP from port W (\ref V6T_E6A44_PORT) with a length that matches the
 *   datagram (\ref V6T_E6A44_UDP_LENGTH) and a payload of at least 20
 *   bytes (\ref V6T_E6A44_SHORT);
 * - a payload of 20..39 bytes is a bubble (CR-1): with the current Bubble
 *   ID (\ref V6T_E6A44_BUBBLE_ID) the client's prefix becomes the
 *   bubble's first 12 bytes and the function returns 1 (verdict
 *   \ref V6T_TUN_DROP, reason \ref V6T_OK, nothing to send);
 * - a longer payload is IPv6 (\ref V6T_E6A44_VERSION,
 *   \ref V6T_E6A44_INNER_LENGTH) from B:W (CR-3 (3),
 *   \ref V6T_E6A44_NOT_RELAY) to the client's address (CR-3 (4),
 *   \ref V6T_E6A44_DST; \ref V6T_E6A44_NO_PREFIX without one):
 *   \ref V6T_TUN_FORWARD of the inner packet;
 * - protocol 41 (CR-2) carries IPv6 (\ref V6T_E6A44_SHORT,
 *   \ref V6T_E6A44_INNER_LENGTH) whose source has the client's first 80
 *   bits (\ref V6T_E6A44_SITE) and ends in the IPv4 source
 *   (\ref V6T_E6A44_SITE_V4), to the client's address
 *   (\ref V6T_E6A44_DST): \ref V6T_TUN_FORWARD of the inner packet.
 *
 * RFC 6751 CR-2 says the same-site packet is UDP with both ports W; its
 * CT-2, the figures of CT-2 and CR-2 and §6.2 say protocol 41 (IP in IP).
 * We follow CT-2: what a client sends is what its peer must take.
 *
 * \param[in,out] c    the client; changes only for an accepted bubble.
 * \param[in]     pkt  the IPv4 packet; not modified (res->data points
 *                     into it).
 * \param[in]     len  bytes at \p pkt.
 * \param[out]    res  the outcome.
 * \return \ref V6T_OK; 1 (an accepted bubble); \ref V6T_EINVAL.
 */
V6T_API int v6t_6a44_client_decap(v6t_6a44_client *c, uint8_t *pkt,
				  size_t len, v6t_tun_result *res);

/**
 * \brief Relay reception in IPv6 (§6.6.1): encapsulate an IPv6 packet from
 * upstream towards the client its destination names.
 *
 * A destination outside C/48 is \ref V6T_TUN_NOT_MINE. RR6-2: a packet of
 * more than 1280 bytes gets an ICMPv6 Packet Too Big (MTU 1280, from
 * v6t_6a44_cfg::relay6) when v6t_icmp_may_answer() allows one
 * (\ref V6T_TUN_ICMP_ERROR, else \ref V6T_TUN_DROP; reason
 * \ref V6T_E6A44_TOO_BIG); a destination whose N is B is dropped
 * (\ref V6T_E6A44_RELAY_DST), so is a Teredo source whose mapped IPv4
 * address is B (\ref V6T_E6A44_TEREDO), and (RR6-1 (1)) a source under C
 * (\ref V6T_E6A44_SRC_PREFIX). Else (RR6-1) the packet goes in UDP/IPv4
 * B:W -> N:Z, bits 48..95 of the destination: \ref V6T_TUN_FORWARD.
 *
 * \param[in]  cfg  the relay's configuration.
 * \param[in]  pkt  the IPv6 packet (may lie in \p out).
 * \param[in]  len  bytes at \p pkt.
 * \param[out] out  where the packet to send is written.
 * \param[in]  cap  bytes at \p out: len + 28 suffice.
 * \param[out] res  the outcome.
 * \return \ref V6T_OK; \ref V6T_EINVAL (also a prefix not a /48);
 *   \ref V6T_ENOSPC.
 */
V6T_API int v6t_6a44_relay_encap(const v6t_6a44_cfg *cfg, const uint8_t *pkt,
				 size_t len, uint8_t *out, size_t cap,
				 v6t_tun_result *res);

/**
 * \brief Relay reception in IPv4 (§6.6.2): take an IPv4 packet from the
 * downstream network.
 *
 * Not IPv4, not UDP, not to B, or a complete UDP datagram to a port other
 * than W: \ref V6T_TUN_NOT_MINE (ICMPv4 errors, RR4-4, are for
 * v6t_6a44_relay_icmp()).
 * Else the packet must be a complete datagram (\ref V6T_E6A44_FRAGMENT)
 * with a correct header checksum, a UDP length that matches the datagram
 * (\ref V6T_E6A44_UDP_LENGTH) and a payload of at least 20 bytes
 * (\ref V6T_E6A44_SHORT), and:
 * - RR4-1, a payload of 20..39 bytes (a bubble): the answer, B:W -> N:Z,
 *   the same payload with C.N.Z in its first 12 bytes, is built in place
 *   (\ref V6T_TUN_FORWARD);
 * - a longer payload is IPv6 (\ref V6T_E6A44_VERSION,
 *   \ref V6T_E6A44_INNER_LENGTH) whose source is C.N.Z (RR4-2 / RR4-3
 *   (3), \ref V6T_E6A44_SPOOF; the caller may answer with
 *   v6t_6a44_relay_error_bubble());
 * - RR4-2, a destination under C: the packet is hairpinned in place to
 *   B:W -> N2:Z2 of the destination (\ref V6T_E6A44_RELAY_DST when N2 is
 *   B: it would come back here);
 * - RR4-3, any other destination but a Teredo address whose mapped IPv4
 *   address is B (\ref V6T_E6A44_TEREDO): \ref V6T_TUN_FORWARD of the
 *   inner packet.
 *
 * \param[in]     cfg  the relay's configuration.
 * \param[in,out] pkt  the IPv4 packet: rewritten in place for RR4-1 and
 *                     RR4-2 (v6t_tun_result::data then points 28 bytes
 *                     before its UDP payload), else not modified.
 * \param[in]     len  bytes at \p pkt.
 * \param[out]    res  the outcome.
 * \return \ref V6T_OK; \ref V6T_EINVAL (also a prefix not a /48).
 */
V6T_API int v6t_6a44_relay_decap(const v6t_6a44_cfg *cfg, uint8_t *pkt,
				 size_t len, v6t_tun_result *res);

/**
 * \brief The error-signalling bubble a relay returns for a packet whose
 * IPv6 and UDP/IPv4 sources disagree (§4.4 step 12, §6.3): B:W -> N:Z of
 * the rejected packet, payload C.N.Z and Bubble ID 0, so that the client
 * at N:Z learns its current prefix.
 * \param[in]  cfg     the relay's configuration.
 * \param[in]  pkt     the packet v6t_6a44_relay_decap() rejected (an IPv4
 *                     packet whose header and UDP ports are whole).
 * \param[in]  len     bytes at \p pkt.
 * \param[out] out     the bubble, \ref V6T_6A44_BUBBLE_PKT_LEN bytes; must
 *                     not overlap \p pkt.
 * \param[in]  cap     bytes at \p out.
 * \param[out] outlen  48 (also with \ref V6T_ENOSPC).
 * \return \ref V6T_OK; \ref V6T_EINVAL (NULL, a prefix not a /48, or
 *   \p pkt not a UDP/IPv4 packet whose ports are there);
 *   \ref V6T_ENOSPC (\p cap below 48).
 */
V6T_API int v6t_6a44_relay_error_bubble(const v6t_6a44_cfg *cfg,
					const uint8_t *pkt, size_t len,
					uint8_t *out, size_t cap,
					size_t *outlen);

/**
 * \brief CR-4: turn an ICMPv4 error about a 6a44 packet the client sent
 * (CT-2 or CT-3) into the ICMPv6 error its IPv6 stack is to receive.
 *
 * \p icmp4 is the IPv4 datagram carrying the ICMPv4 message. It is
 * \ref V6T_TUN_NOT_MINE unless it is an ICMPv4 error (type 3, 4, 5, 11 or
 * 12, RFC 792) whose quote is a packet of ours: an IPv4 header from the
 * client's local address A with either protocol 41 (CT-2; the inner
 * destination must end in the quoted IPv4 destination) or UDP W -> W to
 * the relay B (CT-3; the 8-byte UDP header must be quoted), and, when the
 * inner IPv6 header is quoted, an inner source that is the client's
 * address. Then:
 * - a quote that holds less than the 40-byte inner IPv6 header, or not
 *   version 6: \ref V6T_TUN_DROP, \ref V6T_E6A44_QUOTE;
 * - types and codes RFC 7915 §4.2 (RFC 6145 §4.2) translates:
 *   Destination Unreachable codes 0, 1, 5..8, 11, 12 to ICMPv6
 *   Destination Unreachable code 0, 9, 10, 13, 15 to code 1, 3 to code 4
 *   (port), 4 (Fragmentation Needed) to Packet Too Big with MTU
 *   max(1280, next-hop MTU - 20 for CT-2, - 28 for CT-3; a next-hop MTU
 *   of 0 gives 1280); Time Exceeded to Time Exceeded with the same code.
 *   Anything else is \ref V6T_TUN_DROP with \ref V6T_E6A44_ICMP_TYPE (for
 *   Source Quench, Redirect, codes 14 and above 15, and two RFC 7915
 *   translates but whose meaning is lost here: Protocol Unreachable (code
 *   2; the refused protocol is the tunnel's, not the IPv6 Next Header)
 *   and Parameter Problem (its pointer is into the IPv4 header the client
 *   wrote));
 * - v6t_icmp_may_answer() refusing an error about the inner packet (RFC
 *   4443 §2.4 (e), e.g. it is itself an ICMPv6 error):
 *   \ref V6T_TUN_DROP, \ref V6T_E6A44_NO_ERROR;
 * - else \ref V6T_TUN_ICMP_ERROR, and \p out holds the ICMPv6 error (RFC 4443)
 *   from the inner packet's destination to the inner source, the
 *   client's own address, quoting what was quoted of the inner packet;
 *   the caller delivers it to its IPv6 stack as a received packet ("treat
 *   it as a received IPv6 packet"). The source: no IPv6 node sent the
 *   message and the destination is the one whose path it reports on.
 *
 * \param[in]  c      the client.
 * \param[in]  icmp4  the IPv4 datagram; read only.
 * \param[in]  len    bytes at \p icmp4.
 * \param[out] out    the ICMPv6 error; must not overlap \p icmp4.
 * \param[in]  cap    bytes at \p out (1280 always suffices).
 * \param[out] res    the outcome, as above (reason \ref V6T_OK with
 *                    \ref V6T_TUN_ICMP_ERROR and \ref V6T_TUN_NOT_MINE).
 * \return \ref V6T_OK (see \p res); \ref V6T_EINVAL (NULL argument);
 *   \ref V6T_ENOSPC (\p cap too small; v6t_tun_result::len is the room
 *   needed).
 */
V6T_API int v6t_6a44_client_icmp(const v6t_6a44_client *c,
				 const uint8_t *icmp4, size_t len,
				 uint8_t *out, size_t cap,
				 v6t_tun_result *res);

/**
 * \brief RR4-4: turn an ICMPv4 error about a 6a44 packet the relay sent
 * (RR6-1 or RR4-2) into an ICMPv6 error, to be treated as a received IPv6
 * packet (routed to the inner source: upstream, or with
 * v6t_6a44_relay_encap() to a client).
 *
 * As v6t_6a44_client_icmp(), with "a packet of ours" meaning: a quoted
 * IPv4 header from B with UDP from port W and its 8-byte header quoted,
 * and, when the inner IPv6 header is quoted, an inner destination under C
 * whose N:Z (bits 48..95) are the quoted IPv4 destination and UDP
 * destination port. The Packet Too Big MTU is max(1280, next-hop MTU -
 * 28). The ICMPv6 error goes from v6t_6a44_cfg::relay6, the IPv6 router
 * that could not deliver the packet (RFC 4443 §2.2, as for RR6-2 (1)), to
 * the inner source.
 *
 * \param[in]  cfg    the relay's configuration.
 * \param[in]  icmp4  the IPv4 datagram; read only.
 * \param[in]  len    bytes at \p icmp4.
 * \param[out] out    the ICMPv6 error; must not overlap \p icmp4.
 * \param[in]  cap    bytes at \p out (1280 always suffices).
 * \param[out] res    the outcome: \ref V6T_TUN_ICMP_ERROR,
 *                    \ref V6T_TUN_NOT_MINE, or \ref V6T_TUN_DROP with
 *                    \ref V6T_E6A44_QUOTE, \ref V6T_E6A44_ICMP_TYPE or
 *                    \ref V6T_E6A44_NO_ERROR.
 * \return \ref V6T_OK (see \p res); \ref V6T_EINVAL (NULL argument, a
 *   prefix not a /48); \ref V6T_ENOSPC (v6t_tun_result::len the room
 *   needed).
 */
V6T_API int v6t_6a44_relay_icmp(const v6t_6a44_cfg *cfg, const uint8_t *icmp4,
				size_t len, uint8_t *out, size_t cap,
				v6t_tun_result *res);

/**
 * \brief Both ends in one call, for a tool that sees a capture of the link
 * between clients and relay (the `v6t encap 6a44` command): client
 * transmission when the packet is from the client's address
 * (v6t_6a44_client_encap()), else relay reception in IPv6
 * (v6t_6a44_relay_encap() with \p c->cfg, whose prefix must then be the
 * /48 C).
 *
 * Without a NAT44 between client and relay (the ISP of RFC 6751 Figure 1
 * (A) with global addresses, or an offline tool), N is A and Z is W, so
 * the client's prefix is known without a bubble: v6t_addr_6a44_encode()
 * of {site A, port W, client A} under C, then
 * v6t_6a44_client_set_prefix() of its first 12 bytes.
 *
 * \param[in]  c    the client (its cfg also serves as the relay's).
 * \param[in]  pkt  the IPv6 packet (may lie in \p out).
 * \param[in]  len  bytes at \p pkt.
 * \param[out] out  where the packet to send is written.
 * \param[in]  cap  bytes at \p out: len + 28 suffice.
 * \param[out] res  the outcome, as v6t_6a44_client_encap() or
 *                  v6t_6a44_relay_encap() gives it.
 * \return as v6t_6a44_client_encap(), or v6t_6a44_relay_encap() when the
 *   client found the packet not its own.
 */
V6T_API int v6t_6a44_encap(const v6t_6a44_client *c, const uint8_t *pkt,
			   size_t len, uint8_t *out, size_t cap,
			   v6t_tun_result *res);

/**
 * \brief Both ends in one call (the `v6t decap 6a44` command): an IPv4
 * packet to the relay's address B goes to v6t_6a44_relay_decap() with
 * \p c->cfg, any other to v6t_6a44_client_decap().
 * \param[in,out] c    the client (its cfg also serves as the relay's).
 * \param[in,out] pkt  the IPv4 packet (rewritten in place only for the
 *                     relay's RR4-1 and RR4-2 answers).
 * \param[in]     len  bytes at \p pkt.
 * \param[out]    res  the outcome.
 * \return as the function it calls: \ref V6T_OK, 1 (a bubble the client
 *   took), \ref V6T_EINVAL.
 */
V6T_API int v6t_6a44_decap(v6t_6a44_client *c, uint8_t *pkt, size_t len,
			   v6t_tun_result *res);

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
