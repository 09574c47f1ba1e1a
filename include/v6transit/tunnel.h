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
 * error bubbles, ICMPv4 errors about 6a44 packets (CR-4, RR4-4: the
 * caller gets \ref V6T_TUN_NOT_MINE for them), the hop limit of forwarded
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
 * than W: \ref V6T_TUN_NOT_MINE (ICMPv4 errors, RR4-4, are the caller's).
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
