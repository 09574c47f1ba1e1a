/*
 * libv6transit - IPv6 transition building blocks.
 * SPDX-License-Identifier: BSD-2-Clause
 */
/**
 * \file frag.h
 * \brief Fragment reassembly for IPv6 (RFC 8200 §4.5) and IPv4 (RFC 791,
 * RFC 815) in caller-owned memory, with overlap rejection (RFC 5722, for
 * IPv4 too), atomic fragments (RFC 6946) and the RFC 7112 header-chain
 * rule; and fragmentation of outgoing packets, one fragment per call.
 *
 * \section frag_memory Memory
 * The caller asks v6t_frag_table_size() (or \ref V6T_FRAG_TABLE_SIZE at
 * compile time) how many bytes a table of \c slots concurrent datagrams of
 * at most \c max_datagram bytes needs, and hands that memory to
 * v6t_frag_init(). The library never allocates; the table's memory use is
 * fixed whatever arrives. Each slot holds one datagram: its key, the
 * ranges received (at most \ref V6T_FRAG_MAX_FRAGS), the headers kept
 * (at most \ref V6T_FRAG_HDR_ROOM bytes) and a buffer into which every
 * fragment's data is copied once, at its offset. A complete datagram is
 * delivered from that buffer, contiguous, without another copy.
 *
 * \section frag_keys Keys and lookup
 * A datagram is identified as the RFCs say: IPv6 by source, destination and
 * Identification (RFC 8200 §4.5); IPv4 by source, destination, protocol and
 * Identification (RFC 791 §3.2). Both versions share one table. The lookup
 * hashes the key with SipHash-1-3 under the table's secret key (the hash
 * of flowlabel.h), so that a sender cannot aim fragments at one chain: the
 * work per fragment is O(1) plus at most \ref V6T_FRAG_MAX_FRAGS range
 * comparisons.
 *
 * \section frag_rules Rules
 * - RFC 5722 §4: when a fragment overlaps another of its datagram, the whole
 *   datagram is discarded silently (no ICMP) and its key is remembered
 *   until the datagram would have timed out: its later fragments are
 *   discarded too (\ref V6T_EFRAG_POISONED), and it never completes.
 * - Exact duplicates (RFC 8200 §4.5 allows dropping them): a fragment with
 *   the same offset, the same length, the same M flag and the same data
 *   bytes as one already held is dropped (\ref V6T_EFRAG_DUPLICATE) and the
 *   datagram goes on; any other overlap is an overlap.
 * - RFC 6946: an atomic fragment (offset 0, M = 0) is delivered at once, on
 *   its own, with its Fragment header removed; it never touches a
 *   reassembly with the same Identification.
 * - RFC 7112 / RFC 8200 §4.5: a first fragment that does not hold the
 *   whole header chain through the upper-layer header is dropped
 *   (\ref V6T_EFRAG_HEADERS, ICMPv6 Parameter Problem code 3, pointer 0).
 *   Of the upper-layer header it must hold the fixed part: TCP 20 bytes,
 *   DCCP and SCTP 12, UDP, UDP-Lite and ESP 8, ICMPv6 4; any other
 *   protocol at least 1 byte (none after No Next Header).
 * - RFC 8200 §4.5: a non-final fragment whose length is not a multiple of
 *   8 (\ref V6T_EFRAG_LENGTH, Parameter Problem code 0 pointing to the
 *   Payload Length field), and a fragment whose offset plus length exceeds
 *   65535 (\ref V6T_EFRAG_BEYOND_64K, Parameter Problem code 0 pointing to
 *   the Fragment Offset field) are dropped; the same checks apply to IPv4
 *   (Total Length, RFC 791: there the header length plus offset plus
 *   length must not exceed 65535), without ICMP. A fragment without data
 *   is dropped too (\ref V6T_EFRAG_LENGTH, no ICMP: 0 is a multiple of 8);
 *   its datagram goes on.
 * - Fragments that disagree on the datagram's end (one past the end an
 *   M = 0 fragment set, a second M = 0 fragment with another end, an M = 0
 *   fragment ending before data already received) discard the datagram as
 *   an overlap does, and its key is remembered the same way
 *   (\ref V6T_EFRAG_INCONSISTENT, then \ref V6T_EFRAG_POISONED).
 * - The Next Header (IPv6) of the offset-zero fragment is the one used, and
 *   its headers before the Fragment header are the ones kept (RFC 8200
 *   §4.5); IPv4 keeps the offset-zero fragment's header and options.
 * - A datagram not complete \c timeout_ms after its first-arriving fragment
 *   (default 60 s, RFC 8200 §4.5) is abandoned; v6t_frag_expire() reports
 *   it, with what an ICMP Time Exceeded message (code 1) needs when its
 *   first fragment had arrived.
 *
 * \section frag_evict Full table
 * When a fragment of a new datagram arrives and every slot is taken, the
 * table frees one, in this order of preference: a datagram past its
 * timeout, a poisoned datagram, then the datagram whose first fragment
 * arrived longest ago. Under a flood of incomplete datagrams this keeps a
 * legitimate datagram whose fragments arrive close together (within the
 * time the flood takes to fill the table): it is the newest entry while it
 * is reassembled. doc/benchmarks.md measures it.
 *
 * \section frag_time Time
 * Time is the caller's monotonic clock in milliseconds (64 bits), passed
 * to every call. Expiry happens in v6t_frag_expire(), one datagram per call
 * (O(1) each), and when v6t_frag_input() needs a slot.
 *
 * Every function here is reentrant: a table is touched only by the calls
 * given it, so two threads with two tables never interfere (one table
 * must not be used by two threads at once).
 */
#ifndef V6TRANSIT_FRAG_H
#define V6TRANSIT_FRAG_H

#include "common.h"
#include "flowlabel.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/** \name Reassembly
 * @{ */

/** \brief The most fragments one datagram may arrive in; a datagram that
 * needs more is discarded (\ref V6T_EFRAG_TOO_MANY). 64 covers a 65535-byte
 * datagram over links with an MTU of 1280 (52 fragments) and bounds the
 * work per fragment. */
#define V6T_FRAG_MAX_FRAGS 64

/** \brief Room for the headers a datagram keeps: IPv6 the headers before
 * the offset-zero fragment's Fragment header (the IPv6 header and any
 * Hop-by-Hop, Routing and Destination Options headers before it); IPv4 the
 * header with its options (at most 60). A first fragment with more is
 * dropped with \ref V6T_EFRAG_NO_ROOM. */
#define V6T_FRAG_HDR_ROOM 256

/** \brief The default reassembly timeout: 60 s (RFC 8200 §4.5). */
#define V6T_FRAG_TIMEOUT_MS 60000u

/** \brief The smallest \c max_datagram: the IPv4 minimum datagram (RFC 791). */
#define V6T_FRAG_MIN_DATAGRAM 68u
/** \brief The largest \c max_datagram: an IPv6 header and 65535 bytes of
 * payload. */
#define V6T_FRAG_MAX_DATAGRAM 65575u

/** \cond V6T_INTERNAL */
/* Bytes of one slot's bookkeeping and of the table's own header; the size
 * macro below is checked against the library's real layout by a test. */
#define V6T_FRAG_SLOT_META_ (112u + 4u * V6T_FRAG_MAX_FRAGS)
#define V6T_FRAG_TABLE_META_ 256u
#define V6T_FRAG_ROUND8_(n) (((n) + 7u) & ~(size_t)7u)
/** \endcond */

/**
 * \brief Bytes of memory a table of \p slots datagrams of at most
 * \p max_datagram bytes needs, as a constant expression (for static
 * buffers): the same value as v6t_frag_table_size() for valid arguments.
 * It includes 8 bytes of slack, so that the memory need not be aligned.
 */
#define V6T_FRAG_TABLE_SIZE(slots, max_datagram)                                  \
	(V6T_FRAG_TABLE_META_ + 8u +                                              \
	 (size_t)(slots) * (V6T_FRAG_SLOT_META_ + 16u /* buckets */ +            \
			    V6T_FRAG_ROUND8_((size_t)(max_datagram) +             \
					     V6T_FRAG_HDR_ROOM)) +                \
	 V6T_FRAG_ROUND8_((size_t)(max_datagram)) /* atomic-fragment buffer */)

/** \brief How a reassembly table is set up. */
typedef struct v6t_frag_config {
	uint32_t slots;        /**< datagrams reassembled at once, at least 1 */
	uint32_t max_datagram; /**< largest datagram reassembled, in bytes with
				    its headers: \ref V6T_FRAG_MIN_DATAGRAM ..
				    \ref V6T_FRAG_MAX_DATAGRAM */
	uint32_t timeout_ms;   /**< reassembly timeout in milliseconds, at least
				    1 (\ref V6T_FRAG_TIMEOUT_MS is RFC 8200's) */
	v6t_flowlabel_key key; /**< secret key of the lookup hash: draw it from a
				    good random source (RFC 4086) */
} v6t_frag_config;

/** \brief A reassembly table: opaque, it lives in the memory given to
 * v6t_frag_init(). */
typedef struct v6t_frag_table v6t_frag_table;

/**
 * \brief Bytes of memory for a table (see \ref frag_memory).
 *
 * \param[in] slots         datagrams reassembled at once, at least 1.
 * \param[in] max_datagram  largest datagram in bytes,
 *                          \ref V6T_FRAG_MIN_DATAGRAM .. \ref V6T_FRAG_MAX_DATAGRAM.
 * \return the size in bytes; 0 when an argument is out of range or the size
 *         does not fit a size_t.
 */
V6T_API size_t v6t_frag_table_size(uint32_t slots, uint32_t max_datagram);

/**
 * \brief Set up a reassembly table in caller memory.
 *
 * \param[out] table   the table, a pointer into \p mem; written only on \ref V6T_OK.
 * \param[in]  mem     at least v6t_frag_table_size() bytes, any alignment;
 *                     owned by the caller, used by the table until the
 *                     caller stops using it (nothing to free).
 * \param[in]  memlen  bytes at \p mem.
 * \param[in]  cfg     the configuration; copied.
 * \return \ref V6T_OK; \ref V6T_EINVAL (a field of \p cfg out of range);
 *   \ref V6T_ENOSPC (\p memlen too small).
 */
V6T_API int v6t_frag_init(v6t_frag_table **table, void *mem, size_t memlen,
			  const v6t_frag_config *cfg);

/** \brief What v6t_frag_input() did with a packet (v6t_frag_result::verdict). */
enum v6t_frag_verdict {
	V6T_FRAG_PASS = 1,    /**< not a fragment: use the packet as it is */
	V6T_FRAG_HELD = 2,    /**< a fragment, kept; nothing to deliver yet */
	V6T_FRAG_DONE = 3,    /**< the fragment completed a datagram: v6t_frag_result::data */
	V6T_FRAG_ATOMIC = 4,  /**< an atomic fragment (RFC 6946), delivered on its
			           own without its Fragment header: v6t_frag_result::data */
	V6T_FRAG_DROPPED = 5  /**< the packet was dropped: v6t_frag_result::reason */
};

/** \brief The result of v6t_frag_input(). */
typedef struct v6t_frag_result {
	const uint8_t *data;  /**< with \ref V6T_FRAG_DONE or \ref V6T_FRAG_ATOMIC,
			           the datagram, in table memory: valid until the next
			           call on this table; NULL otherwise */
	size_t len;           /**< bytes at \c data */
	int verdict;          /**< a \ref v6t_frag_verdict */
	int reason;           /**< with \ref V6T_FRAG_DROPPED, why: a \c V6T_EFRAG_* or
			           \c V6T_EPKT_* code; else \ref V6T_OK */
	uint8_t icmp_type;    /**< with \ref V6T_FRAG_DROPPED, the ICMPv6 error the
			           RFC says to send to the packet's source (4,
			           Parameter Problem), or 0 for none */
	uint8_t icmp_code;    /**< its code (0 erroneous header field, 3
			           incomplete header chain, RFC 8200 §4.5) */
	uint32_t icmp_pointer; /**< its Pointer: the offset in the dropped packet
				    of the field at fault */
	uint8_t evicted;      /**< 1 when a datagram in reassembly, not past its
			           timeout, was evicted to make room for this one
			           (\ref frag_evict), else 0. Freeing the memory
			           of an overlapped datagram early sets neither
			           flag */
	uint8_t timed_out;    /**< 1 when a datagram in reassembly past its
			           timeout was freed unreported by this call: to
			           make room, or because this fragment has its key
			           and starts a new datagram (call
			           v6t_frag_expire() first to get each one
			           reported), else 0; never set together with
			           \c evicted */
} v6t_frag_result;

/**
 * \brief Give the table one packet (IPv4 or IPv6, starting at its IP
 * header).
 *
 * A packet that is not a fragment passes (\ref V6T_FRAG_PASS); an atomic
 * fragment is delivered at once (\ref V6T_FRAG_ATOMIC); a fragment is
 * checked (\ref frag_rules), its data copied into its datagram's slot
 * (\ref V6T_FRAG_HELD), and when it is the last one missing, the datagram
 * is delivered (\ref V6T_FRAG_DONE): IPv6 without the Fragment header, with
 * the Payload Length and the Next Header of the last Per-Fragment header
 * restored; IPv4 with MF and offset cleared, Total Length and the header
 * checksum recomputed. A malformed packet (any v6t_pkt_parse() error) is
 * dropped with that error as the reason.
 *
 * \param[in,out] t       the table.
 * \param[in]     pkt     the packet; read only, not kept.
 * \param[in]     len     bytes in \p pkt.
 * \param[in]     now_ms  the caller's clock, milliseconds, never going back.
 * \param[out]    res     the result, always written on \ref V6T_OK.
 * \return \ref V6T_OK (the outcome is in \p res); \ref V6T_EINVAL (\p now_ms
 *   earlier than a previous call's).
 */
V6T_API int v6t_frag_input(v6t_frag_table *t, const uint8_t *pkt, size_t len,
			   uint64_t now_ms, v6t_frag_result *res);

/** \brief A datagram abandoned at its timeout, as v6t_frag_expire() reports it. */
typedef struct v6t_frag_expired {
	const uint8_t *hdr;   /**< the offset-zero fragment's headers as received,
			           up to its Fragment header (IPv6) or its whole
			           IPv4 header; NULL when that fragment had not
			           arrived. In table memory, valid until the next
			           call on this table */
	size_t hdr_len;       /**< bytes at \c hdr */
	const uint8_t *data;  /**< the datagram's data from offset 0 as far as it
			           was received without a gap (quote it after \c hdr
			           in the ICMP Time Exceeded message) */
	size_t data_len;      /**< bytes at \c data */
	uint8_t version;      /**< 4 or 6 */
	uint8_t first_received; /**< 1 when the offset-zero fragment had arrived:
				     an ICMP Time Exceeded, code 1 (fragment
				     reassembly time exceeded), should go to its
				     source (RFC 8200 §4.5; RFC 792) */
	uint8_t poisoned;     /**< 1 for the memory of a datagram discarded for
			           overlap (RFC 5722): no ICMP */
} v6t_frag_expired;

/**
 * \brief Abandon the oldest datagram if it is past its timeout.
 *
 * O(1): call it until it returns 0 to expire everything due (e.g. before
 * each v6t_frag_input(), or from a timer).
 *
 * \param[in,out] t       the table.
 * \param[in]     now_ms  the caller's clock (see v6t_frag_input()).
 * \param[out]    out     the expired datagram, written when 1 is returned.
 * \return 1 when a datagram expired (\p out describes it); 0 when none is
 *   due (or \p now_ms is earlier than a previous call's).
 */
V6T_API int v6t_frag_expire(v6t_frag_table *t, uint64_t now_ms,
			    v6t_frag_expired *out);

/**
 * \brief How many datagrams the table holds: in reassembly, or remembered
 * as discarded for overlap.
 *
 * \param[in] t  the table.
 * \return 0..slots.
 */
V6T_API uint32_t v6t_frag_count(const v6t_frag_table *t);

/** @} */

/* ------------------------------------------------------------------------ */
/** \name Fragmentation
 * @{ */

/**
 * \brief The state of splitting one packet into fragments. Set up by
 * v6t_frag_split_begin(); the caller reads \c count and \c index and
 * leaves the other fields alone.
 */
typedef struct v6t_frag_split {
	const uint8_t *pkt;  /**< the packet being split (the caller's, read only) */
	uint32_t len;        /**< its datagram length */
	uint32_t hdr_len;    /**< bytes of the headers every fragment repeats */
	uint32_t data_off;   /**< where the data that is split starts in \c pkt */
	uint32_t chunk;      /**< data bytes per fragment but the last (a multiple of 8) */
	uint32_t id;         /**< IPv6 Identification */
	uint32_t count;      /**< fragments in all; 1 when the packet fits the MTU
			          (it is then written unchanged) */
	uint32_t index;      /**< fragments written so far */
	uint16_t base_offset; /**< IPv4: the packet's own fragment offset in bytes */
	uint8_t version;     /**< 4 or 6 */
	uint8_t last_mf;     /**< IPv4: the packet's own MF flag (kept on its last fragment) */
	uint8_t nh;          /**< IPv6: the Next Header the Fragment header carries */
	uint8_t opts_len;    /**< IPv4: bytes of copied options in non-first fragments */
	uint32_t nh_off;     /**< IPv6: offset of the Next Header field set to 44 */
} v6t_frag_split;

/**
 * \brief Prepare to split \p pkt into fragments of at most \p mtu bytes.
 *
 * A packet whose datagram (v6t_pkt::end bytes) is at most \p mtu bytes
 * gives one "fragment": the datagram itself, unchanged, whatever its
 * version, DF flag or Fragment header. Only a larger one is split:
 *
 * IPv6 (RFC 8200 §4.5): the Per-Fragment headers (through the last Routing
 * header, else Hop-by-Hop, else the IPv6 header; v6t_pkt::unfrag_end) are
 * repeated in every fragment, followed by a Fragment header with
 * Identification \p id; the extension headers and the upper-layer header
 * go in the first fragment, which must therefore hold them: the first 8
 * bytes of the upper-layer header, and of TCP its whole header (Data
 * Offset, at least 20 bytes, as Linux requires), or up to the datagram's
 * end if it ends sooner. Every fragment but the last carries the same
 * number of data bytes, the most that fits, a multiple of 8. A packet that
 * already has a Fragment header is refused.
 *
 * IPv4 (RFC 791 §3.2): only with DF clear; the first fragment keeps every
 * option, the others only those whose copied flag is set (padded to a
 * multiple of 4 with End of Option List); every fragment but the last
 * carries the same number of data bytes, the most that fits after the
 * first fragment's header, a multiple of 8 (as Linux does: later fragments
 * with fewer options are that much shorter). Identification, the flags
 * other than MF, and the offset and MF flag of a packet that is itself a
 * fragment, are kept: the last fragment has the packet's MF.
 *
 * Bytes of \p pkt past the datagram's end (link padding) are never
 * written. The errors are checked in the order listed.
 *
 * \param[out] s    the state; written only on \ref V6T_OK.
 * \param[in]  pkt  the packet; read by v6t_frag_split_next(), so it must stay
 *                  unchanged until the last fragment is written.
 * \param[in]  len  bytes in \p pkt.
 * \param[in]  mtu  largest fragment in bytes (IPv6: 1280 on any link, RFC
 *                  8200 §5; smaller values are allowed for tests).
 * \param[in]  id   IPv6 Identification (RFC 8200 §4.5, RFC 7739); unused for IPv4.
 * \return \ref V6T_OK; any v6t_pkt_parse() error; then, for a datagram of
 *   more than \p mtu bytes only: \ref V6T_EFRAG_FRAGMENTED (IPv6 with a
 *   Fragment header); \ref V6T_EPKT_TOO_MANY_EXT (IPv6 with
 *   \ref V6T_PKT_MAX_EXT extension headers already: with the Fragment
 *   header, its fragments would have one more than v6t_pkt_parse() follows);
 *   \ref V6T_EFRAG_DF (IPv4 with DF set);
 *   \ref V6T_EPKT_IPV4_HEADER (IPv4: an option other than End of Option
 *   List and No Operation without its length byte, or with a length below
 *   2 or running past the header); \ref V6T_EFRAG_BEYOND_64K (IPv4: the
 *   packet's fragment offset plus its data exceeds 65535);
 *   \ref V6T_EFRAG_MTU (the MTU cannot carry the repeated headers and 8
 *   data bytes (IPv4 the first fragment's header; IPv6 the Per-Fragment
 *   headers and the Fragment header), or an IPv6 first fragment what it
 *   must hold from the header chain).
 */
V6T_API int v6t_frag_split_begin(v6t_frag_split *s, const uint8_t *pkt,
				 size_t len, uint32_t mtu, uint32_t id);

/**
 * \brief Write the next fragment.
 *
 * \param[in,out] s       the state.
 * \param[out]    out     where the fragment goes; may not overlap the packet.
 * \param[in]     outcap  bytes at \p out; the MTU given to
 *                        v6t_frag_split_begin() always suffices.
 * \param[out]    outlen  the fragment's length; on \ref V6T_ENOSPC the
 *                        length needed.
 * \return \ref V6T_OK; \ref V6T_ENOSPC (\p outcap too small, nothing
 *   written); \ref V6T_EINVAL (all \c count fragments were written already).
 */
V6T_API int v6t_frag_split_next(v6t_frag_split *s, uint8_t *out,
				size_t outcap, size_t *outlen);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* V6TRANSIT_FRAG_H */
