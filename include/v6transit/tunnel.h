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
