/*
 * libv6transit - IPv6 transition building blocks.
 * SPDX-License-Identifier: BSD-2-Clause
 */
/**
 * \file xlat.h
 * \brief Stateless IP/ICMP translation (SIIT, RFC 7915) with the addresses of
 * RFC 6052 and of an Explicit Address Mapping table (EAM, RFC 7757), and the
 * RFC 6791 sources for ICMP errors.
 *
 * A translator is configured once (v6t_xlat_init() checks and copies a
 * \ref v6t_xlat_config) and then translates one packet per call, in either
 * direction, the direction decided by the packet's version nibble: an IPv4
 * packet becomes IPv6 (RFC 7915 §4), an IPv6 packet IPv4 (§5). The call
 * gives a verdict the caller acts on without reading the RFC
 * (\ref v6t_xlat_verdict): forward the translated packet, forward a series
 * of fragments, send back the ICMP error the library built, or drop for a
 * stated reason. Nothing is ever forwarded that is malformed.
 *
 * \section xlat_addr Addresses
 * An address is mapped by the EAM table first (longest prefix match, RFC
 * 7757 §3.3), then by the RFC 6052 prefix (\c pool6). An IPv4 address under
 * the Well-Known Prefix 64:ff9b::/96 must be global (RFC 6052 §3.1). When
 * the source of a translated ICMP error cannot be mapped, it becomes an
 * address of the RFC 6791 pool, else the translator's own address.
 *
 * \section xlat_modes Copy and in place
 * v6t_xlat_translate() reads the packet and writes the result to another
 * buffer. v6t_xlat_translate_inplace() works in the caller's buffer: the
 * packet starts \c off bytes into it, and the translated headers are written
 * in front of the transport payload, which is neither read nor moved (TCP
 * and UDP checksums are updated incrementally, RFC 1624), so at most
 * \ref V6T_XLAT_HEADROOM bytes before the packet are needed.
 *
 * All functions are reentrant; a \ref v6t_xlat is read only after
 * v6t_xlat_init(), so threads may share one.
 */
#ifndef V6TRANSIT_XLAT_H
#define V6TRANSIT_XLAT_H

#include "common.h"
#include "flowlabel.h"
#include "frag.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/** \name Explicit Address Mapping table (RFC 7757)
 * @{ */

/**
 * \brief One Explicit Address Mapping (RFC 7757 §3.2): an IPv4 prefix and
 * an IPv6 prefix whose suffixes map onto each other bit for bit.
 *
 * The caller fills \c p4 and \c p6; the other fields are written by
 * v6t_xlat_eamt_init() and must be left alone.
 */
typedef struct v6t_xlat_eam {
	v6t_prefix4 p4;   /**< IPv4 prefix (host bits zero) */
	v6t_prefix6 p6;   /**< IPv6 prefix (host bits zero); 32 - p4.len <= 128 - p6.len */
	uint32_t up6_;    /**< private: index of the entry whose IPv6 prefix
			       most closely encloses this one's */
	uint32_t up4_;    /**< private: the same for the IPv4 prefix */
	uint32_t order4_; /**< private: index of the entry whose rank in
			       IPv4 order is this entry's index */
} v6t_xlat_eam;

/** \brief v6t_xlat_eamt_init(): allow an entry's IPv4 or IPv6 prefix to
 * lie inside another entry's (the longest matching prefix then decides,
 * RFC 7757 §3.3); without it two entries whose IPv4 or IPv6 prefixes
 * overlap are refused. Identical prefixes are refused either way: RFC 7757
 * §5 leaves the translation unspecified and lets an implementation refuse
 * them. */
#define V6T_XLAT_EAM_NESTED 0x1u

/**
 * \brief An EAM table: the caller's array of entries, sorted and indexed by
 * v6t_xlat_eamt_init(). Fields private.
 */
typedef struct v6t_xlat_eamt {
	const v6t_xlat_eam *e; /**< private: the entries, in IPv6 order */
	uint32_t n;            /**< private: how many */
	unsigned flags;        /**< private: the flags given to init */
} v6t_xlat_eamt;

/**
 * \brief Check and index an EAM table.
 *
 * Sorts \p e in place (by IPv6 prefix) and fills its private fields, so
 * that each lookup is a binary search, O(log n), plus at most one step per
 * enclosing entry (bounded by the prefix length, never by n). Init takes
 * O(n log n) time and no memory besides \p e.
 *
 * Each entry is checked in the caller's order: its prefix lengths, its
 * host bits, the RFC 7757 §3.2 rule on suffix bits, and then whether it
 * conflicts with an entry before it (identical prefixes, or overlapping
 * ones without \ref V6T_XLAT_EAM_NESTED). The first entry that fails
 * decides the result, as if the entries were added one by one.
 *
 * \param[out] t      the table; written only on \ref V6T_OK. It points into
 *                    \p e, which must outlive it and stay unchanged.
 * \param[in,out] e   the entries: reordered on \ref V6T_OK; on an error
 *                    back in the caller's order (the private fields not).
 * \param[in] n       how many; 0 makes an empty table. At most 2^31.
 * \param[in] flags   0 or \ref V6T_XLAT_EAM_NESTED.
 * \param[out] bad    may be NULL; on an error about an entry, the index in
 *                    \p e of the first entry that fails (of two in conflict,
 *                    the later one); not written otherwise.
 * \return \ref V6T_OK; \ref V6T_EINVAL (NULL \p t, NULL \p e with n > 0, an
 *   unknown flag, n too large: \p bad not written; a prefix length above
 *   32 / 128); \ref V6T_EADDR_HOST_BITS (a prefix with bits set past its
 *   length); \ref V6T_EXLAT_EAM_SUFFIX (the IPv4 prefix has more suffix
 *   bits than the IPv6 one, RFC 7757 §3.2); \ref V6T_EXLAT_EAM_OVERLAP (two
 *   IPv4 or two IPv6 prefixes identical, or overlapping without
 *   \ref V6T_XLAT_EAM_NESTED).
 */
V6T_API int v6t_xlat_eamt_init(v6t_xlat_eamt *t, v6t_xlat_eam *e, size_t n,
			       unsigned flags, size_t *bad);

/**
 * \brief RFC 7757 §3.3.1: an IPv4 address through the EAM table.
 *
 * The entry used is the one with the longest IPv4 prefix containing \p a.
 *
 * \param[in]  t    the table.
 * \param[in]  a    the IPv4 address.
 * \param[out] out  the IPv6 address (the entry's IPv6 prefix, then the
 *                  suffix bits of \p a, then zeros); only on \ref V6T_OK.
 * \return \ref V6T_OK; \ref V6T_EXLAT_NO_MAPPING (no entry covers \p a);
 *   \ref V6T_EINVAL (a NULL argument).
 */
V6T_API int v6t_xlat_eamt_4to6(const v6t_xlat_eamt *t, const v6t_in4 *a,
			       v6t_in6 *out);

/**
 * \brief RFC 7757 §3.3.2: an IPv6 address through the EAM table.
 *
 * The entry used is the one with the longest IPv6 prefix containing \p a.
 *
 * \param[in]  t    the table.
 * \param[in]  a    the IPv6 address.
 * \param[out] out  the IPv4 address (the entry's IPv4 prefix, then as
 *                  many bits of \p a after the IPv6 prefix as the IPv4
 *                  prefix leaves; the rest of \p a is discarded); only on
 *                  \ref V6T_OK.
 * \return \ref V6T_OK; \ref V6T_EXLAT_NO_MAPPING (no entry covers \p a);
 *   \ref V6T_EINVAL (a NULL argument).
 */
V6T_API int v6t_xlat_eamt_6to4(const v6t_xlat_eamt *t, const v6t_in6 *a,
			       v6t_in4 *out);

/** @} */

/* ------------------------------------------------------------------------ */
/** \name Translator configuration
 * @{ */

/** \brief RFC 7915 §4.1: IPv6 Traffic Class 0 instead of the IPv4 TOS. */
#define V6T_XLAT_TC_ZERO 0x01u
/** \brief RFC 7915 §5.1: IPv4 TOS v6t_xlat_config::tos instead of the
 * IPv6 Traffic Class. */
#define V6T_XLAT_TOS_SET 0x02u
/** \brief RFC 7915 §4.5 option 2: translate an unfragmented IPv4 UDP packet
 * whose checksum is 0 with a computed checksum (by default it is dropped and
 * answered with ICMPv4 Destination Unreachable code 13). A fragmented one is
 * dropped and answered either way. */
#define V6T_XLAT_UDP0_COMPUTE 0x04u
/** \brief RFC 7757 §4.2.2: intrinsic hairpinning. An IPv6 packet whose
 * IPv4 destination lies in the EAM table is translated back to IPv6
 * instead of being sent to the IPv4 side. */
#define V6T_XLAT_HAIRPIN 0x08u
/** \brief Give translated IPv6 packets a flow label (RFC 6437) from
 * v6t_xlat_config::flow_key instead of 0 (RFC 7915 §4.1 says 0). */
#define V6T_XLAT_FLOWLABEL 0x10u
/** \brief Drop instead of answering: no ICMP error is generated (RFC 7915
 * §4.4 and §5.4 let the administrator choose); the reason is kept. */
#define V6T_XLAT_NO_ICMP_ERRORS 0x20u
/** \brief v6t_xlat_config::rfc6791_v4 is set. */
#define V6T_XLAT_RFC6791_V4 0x40u
/** \brief v6t_xlat_config::rfc6791_v6 is set. */
#define V6T_XLAT_RFC6791_V6 0x80u

/** \brief The smallest IPv6 MTU (RFC 8200 §5), lowest-ipv6-mtu's default. */
#define V6T_XLAT_IPV6_MIN_MTU 1280u

/**
 * \brief What a translator is configured with. Zero fields take the
 * defaults stated; at least one of \c pool6 and \c eamt is needed.
 */
typedef struct v6t_xlat_config {
	v6t_prefix6 pool6;        /**< RFC 6052 prefix (32, 40, 48, 56, 64 or 96 bits,
				       u-octet zero); len 0: none */
	const v6t_xlat_eamt *eamt; /**< EAM table (v6t_xlat_eamt_init()); NULL: none.
				       Must outlive the translator. */
	v6t_in4 self4;            /**< the translator's IPv4 address: source of the
				       ICMPv4 errors it originates; 0.0.0.0: none
				       (what it would answer is dropped) */
	v6t_in6 self6;            /**< the translator's IPv6 address: source of the
				       ICMPv6 errors it originates; ::: none
				       (what it would answer is dropped) */
	v6t_prefix4 rfc6791_v4;   /**< RFC 6791 pool for IPv4 sources of translated
				       ICMPv6 errors (with \ref V6T_XLAT_RFC6791_V4) */
	v6t_prefix6 rfc6791_v6;   /**< RFC 6791 pool for IPv6 sources of translated
				       ICMPv4 errors (with \ref V6T_XLAT_RFC6791_V6) */
	uint32_t lowest_ipv6_mtu; /**< RFC 7915 §4.1 lowest-ipv6-mtu, bytes; 0: 1280.
				       At least 1280. */
	uint32_t mtu4;            /**< MTU of the IPv4-side next hop, bytes; 0: 1500.
				       At least 68 (RFC 791). */
	uint32_t mtu6;            /**< MTU of the IPv6-side next hop, bytes; 0: 1500.
				       At least 1280. */
	uint8_t tos;              /**< with \ref V6T_XLAT_TOS_SET, the IPv4 TOS */
	unsigned flags;           /**< \ref V6T_XLAT_TC_ZERO, ... */
	v6t_flowlabel_key flow_key; /**< with \ref V6T_XLAT_FLOWLABEL */
} v6t_xlat_config;

/** \brief A configured translator: a checked copy of its configuration.
 * Fields private. */
typedef struct v6t_xlat {
	v6t_xlat_config c_; /**< private */
} v6t_xlat;

/**
 * \brief Check a configuration and set up a translator.
 *
 * \param[out] x    the translator; written only on \ref V6T_OK.
 * \param[in]  cfg  the configuration; copied (but not \c eamt's entries).
 * \return \ref V6T_OK; \ref V6T_EINVAL (NULL argument, unknown flag, an MTU
 *   out of range, a pool prefix length out of range or with host bits);
 *   \ref V6T_EXLAT_NO_MAPPING (neither \c pool6 nor \c eamt);
 *   \ref V6T_EADDR_PREFIX_LEN or \ref V6T_EADDR_UOCTET (\c pool6, see
 *   v6t_addr_6052_prefix_check()).
 */
V6T_API int v6t_xlat_init(v6t_xlat *x, const v6t_xlat_config *cfg);

/**
 * \brief RFC 7915 §6 for one address, IPv4 to IPv6: the EAM table, then
 * the RFC 6052 prefix (with the RFC 6052 §3.1 check).
 *
 * \param[in]  x    the translator.
 * \param[in]  a    the IPv4 address.
 * \param[out] out  the IPv6 address; only on \ref V6T_OK.
 * \return \ref V6T_OK; \ref V6T_EXLAT_NO_MAPPING; \ref V6T_EADDR_NOT_GLOBAL;
 *   \ref V6T_EINVAL.
 */
V6T_API int v6t_xlat_addr_4to6(const v6t_xlat *x, const v6t_in4 *a, v6t_in6 *out);

/**
 * \brief RFC 7915 §6 for one address, IPv6 to IPv4: the EAM table, then
 * the RFC 6052 prefix (with the RFC 6052 §3.1 check).
 *
 * \param[in]  x    the translator.
 * \param[in]  a    the IPv6 address.
 * \param[out] out  the IPv4 address; only on \ref V6T_OK.
 * \return \ref V6T_OK; \ref V6T_EXLAT_NO_MAPPING; \ref V6T_EADDR_NOT_GLOBAL;
 *   \ref V6T_EINVAL.
 */
V6T_API int v6t_xlat_addr_6to4(const v6t_xlat *x, const v6t_in6 *a, v6t_in4 *out);

/** @} */

/* ------------------------------------------------------------------------ */
/** \name Translating a packet
 * @{ */

/**
 * \brief Bytes in front of a packet that v6t_xlat_translate_inplace() may
 * need: the growth from an IPv4 header without options to an IPv6 header
 * and a Fragment header (28), for an ICMP error and for the packet it
 * quotes, rounded up.
 */
#define V6T_XLAT_HEADROOM 64u

/**
 * \brief Bytes that an output may exceed its input by: an ICMPv4 error
 * with an RFC 4884 extension whose original datagram is only an IPv4
 * header (20 bytes) becomes an ICMPv6 error whose original datagram is
 * padded to 128 bytes, 20 more for the outer header (RFC 4884 §4.1).
 * v6t_xlat_translate() needs at most \p len + this; in place, the bytes
 * after the packet count with the headroom.
 */
#define V6T_XLAT_GROWTH 128u

/** \brief What the caller does with a translated packet (v6t_xlat_result::verdict). */
enum v6t_xlat_verdict {
	/** Send v6t_xlat_result::data (v6t_xlat_result::len bytes, an IP
	 * packet of version v6t_xlat_result::version) on. */
	V6T_XLAT_FORWARD = 1,
	/** Send the fragments that v6t_xlat_next_fragment() writes, in
	 * order, on (v6t_xlat_result::count of them). */
	V6T_XLAT_FRAGMENTS = 2,
	/** Send v6t_xlat_result::data, an ICMP or ICMPv6 error built by the
	 * translator for the packet's source, back out of the interface the
	 * packet came in by; v6t_xlat_result::reason says why. */
	V6T_XLAT_ICMP_ERROR = 3,
	/** Send nothing; v6t_xlat_result::reason says why. */
	V6T_XLAT_DROP = 4
};

/**
 * \brief The outcome of one translation. Fields ending in '_' are private:
 * the state v6t_xlat_next_fragment() needs.
 */
typedef struct v6t_xlat_result {
	uint8_t *data;     /**< FORWARD, ICMP_ERROR: the first byte of the packet
			        to send (in the caller's output or in-place buffer) */
	size_t len;        /**< its length in bytes */
	int verdict;       /**< a \ref v6t_xlat_verdict */
	int reason;        /**< ICMP_ERROR, DROP: why, a negative status
			        (\ref V6T_EXLAT_TTL, ...); else \ref V6T_OK */
	uint8_t version;   /**< IP version of \c data or of the fragments: 4 or 6 */
	uint32_t count;    /**< FRAGMENTS: how many */
	v6t_frag_split split_; /**< private */
	uint32_t patch_off_[2]; /**< private */
	uint16_t patch_val_[2]; /**< private */
	uint32_t step_;    /**< private */
	const v6t_xlat *x_; /**< private */
} v6t_xlat_result;

/**
 * \brief Translate a packet into another buffer.
 *
 * IPv4 packets are translated per RFC 7915 §4, IPv6 ones per §5, each
 * with every rule of those sections; see doc/conformance.md for the list.
 *
 * The reasons of an ICMP_ERROR verdict, with the error sent: \ref
 * V6T_EXLAT_TTL (Time Exceeded, ICMPv4 11/0 or ICMPv6 3/0), \ref
 * V6T_EXLAT_SOURCE_ROUTE (3/5), \ref V6T_EXLAT_TOO_BIG (Fragmentation
 * Needed 3/4 with mtu6 - 20, or Packet Too Big with max(1280, mtu4 + 20)),
 * \ref V6T_EXLAT_UDP_ZERO (3/13), \ref V6T_EXLAT_SEGMENTS_LEFT (Parameter
 * Problem 4/0 at the Segments Left field), \ref V6T_EXLAT_FRAG_EXT and
 * \ref V6T_EPKT_HOP_BY_HOP (Destination Unreachable 1/1). Each of them is
 * a DROP instead when no error may be sent (v6t_icmp_may_answer(): about
 * an ICMP error, say), with \ref V6T_XLAT_NO_ICMP_ERRORS, or without an
 * own address. The other reasons are always drops: any v6t_pkt_parse()
 * error, \ref V6T_EPKT_IPV4_CHECKSUM, \ref V6T_EXLAT_SOURCE, \ref
 * V6T_EXLAT_NO_MAPPING, \ref V6T_EADDR_NOT_GLOBAL, \ref
 * V6T_EXLAT_ICMP_TYPE, \ref V6T_EXLAT_ICMP_INNER, \ref
 * V6T_EXLAT_ICMP_FRAGMENT, \ref V6T_EXLAT_ICMP_CHECKSUM, \ref
 * V6T_EXLAT_NO_SOURCE, and a v6t_frag_split_begin() error for a packet
 * that cannot be split. A translated ICMP error is a FORWARD.
 *
 * \param[in]  x     the translator.
 * \param[in]  pkt   the packet, starting at its IP header; read only.
 * \param[in]  len   bytes in \p pkt (bytes past the IP datagram's length are
 *                   ignored).
 * \param[out] out   where the translated packet or the ICMP error goes;
 *                   must not overlap \p pkt. FRAGMENTS are cut from \p pkt
 *                   (IPv4 to IPv6) or from \p out (IPv6 to IPv4): both
 *                   must stay unchanged until the last is written.
 * \param[in]  cap   bytes at \p out; \p len + \ref V6T_XLAT_GROWTH always
 *                   suffice.
 * \param[out] res   the verdict; always written when the return is
 *                   \ref V6T_OK.
 * \return \ref V6T_OK (whatever the verdict); \ref V6T_EINVAL (NULL
 *   argument); \ref V6T_ENOSPC (\p cap too small for this packet:
 *   res->len is the size needed).
 */
V6T_API int v6t_xlat_translate(const v6t_xlat *x, const uint8_t *pkt,
			       size_t len, uint8_t *out, size_t cap,
			       v6t_xlat_result *res);

/**
 * \brief Translate a packet where it lies.
 *
 * As v6t_xlat_translate(), but the packet is at \p buf + \p off and the
 * result (packet or ICMP error) is written over it: its headers in front
 * of the untouched transport payload. v6t_xlat_result::data then points
 * into \p buf.
 *
 * \param[in]     x    the translator.
 * \param[in,out] buf  the buffer.
 * \param[in]     cap  bytes in \p buf.
 * \param[in]     off  where the packet starts; \ref V6T_XLAT_HEADROOM
 *                     always suffices.
 * \param[in]     len  the packet's length.
 * \param[out]    res  the verdict.
 * \return \ref V6T_OK; \ref V6T_EINVAL (NULL argument, \p off + \p len
 *   above \p cap); \ref V6T_ENOSPC (too little headroom or room after
 *   the packet: res->len is the headroom needed, the buffer unchanged).
 */
V6T_API int v6t_xlat_translate_inplace(const v6t_xlat *x, uint8_t *buf,
				       size_t cap, size_t off, size_t len,
				       v6t_xlat_result *res);

/**
 * \brief Write the next fragment of a FRAGMENTS verdict.
 *
 * \param[in,out] res     the result of the translation.
 * \param[out]    out     where the fragment goes (not the buffer the
 *                        translation used).
 * \param[in]     cap     bytes at \p out; the MTU in force (lowest-ipv6-mtu
 *                        or \c mtu4) always suffices.
 * \param[out]    outlen  its length; on \ref V6T_ENOSPC the size needed.
 * \return \ref V6T_OK; \ref V6T_ENOSPC; \ref V6T_EINVAL (not a FRAGMENTS
 *   result, or all fragments written).
 */
V6T_API int v6t_xlat_next_fragment(v6t_xlat_result *res, uint8_t *out,
				   size_t cap, size_t *outlen);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* V6TRANSIT_XLAT_H */
