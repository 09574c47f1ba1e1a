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
 * compile time) how many bytes a table of a given \ref v6t_frag_config
 * needs, and hands that memory to v6t_frag_init(). The library never
 * allocates; the table's memory use is fixed whatever arrives. It holds:
 * - per slot (a datagram in reassembly): 64 bytes of lookup state (one
 *   cache line: the key and what the common case needs), 32 bytes plus 4
 *   per fragment (\c max_frags) and 4 per chunk of a datagram (chunked
 *   tables) of further state, rounded up to a multiple of 64, and at most
 *   44 bytes of hash, age and free lists;
 * - the data: by default each slot owns a buffer for the largest datagram
 *   (\ref V6T_FRAG_HDR_ROOM + 8 + \c max_datagram bytes, rounded up to a
 *   multiple of 64), and a datagram is
 *   always contiguous. With \c chunk_size set, the data lives in a shared
 *   pool of \c chunks chunks of \c chunk_size bytes (plus 4 bytes each), and
 *   a datagram takes only the chunks its bytes fall in: bytes per
 *   concurrent datagram follow the datagrams' sizes, not \c max_datagram.
 *   A datagram larger than its first chunk is then delivered in pieces
 *   (v6t_frag_segment(), v6t_frag_copy());
 * - the poisoned keys (\ref frag_poison): 16 bytes per entry;
 * - one buffer of \c max_datagram bytes for atomic fragments.
 * Every fragment's data is copied once, at its offset, and a complete
 * datagram is delivered where it lies, with its headers in front of it.
 *
 * \section frag_keys Keys and lookup
 * A datagram is identified as the RFCs say: IPv6 by source, destination and
 * Identification (RFC 8200 §4.5); IPv4 by source, destination, protocol and
 * Identification (RFC 791 §3.2). Both versions share one table. The lookup
 * hashes the key with a keyed hash of the multiply-shift family: two
 * strongly universal 32-bit hashes (Dietzfelbinger 1996; Thorup, "High
 * speed hashing for integers and strings", 2015), one for the hash table,
 * one for the poisoned keys, whose multipliers v6t_frag_init() draws from
 * the caller's secret v6t_frag_config::key with SipHash-2-4. 32 bits of
 * the hash kept next to each entry spare the slots that do not match. The
 * work per fragment is O(1) plus a binary search among the datagram's
 * fragments when one arrives out of order. A fragment of the previous
 * fragment's datagram is found without the hash, and the datagram begun
 * last joins the hash table only when a fragment of another one needs a
 * lookup (and is hashed then if it was begun in an empty table): a
 * datagram whose fragments come one after the other, the common case, is
 * delivered without a hash table insertion and removal.
 *
 * What the key does and does not protect:
 * - A sender that does not know the key, and learns nothing that depends
 *   on the hash, cannot aim fragments at one spot of the open-addressed
 *   table: whatever keys it chooses, two different ones fall on the same
 *   entry with probability 1 / entries and share the 32-bit tag with
 *   probability 2^-32 (strong universality), so a key meets on average
 *   fewer than 1/2 others on its entry (the load is at most 1/2). Pairwise
 *   independence does not give linear probing the short runs of a truly
 *   random hash for every set of keys (Patrascu and Thorup 2010: runs of
 *   logarithmic expected length with some such families), but it keeps
 *   them far from the run of every key that a sender who could aim would
 *   make.
 * - The hash is not a pseudo-random function, as SipHash-1-3 (the lookup
 *   hash before, and the hash of flowlabel.h) is: it is linear in its
 *   multipliers. A sender that can tell which of its keys collide (by
 *   timing the answers of the device over many packets, say) learns
 *   equations on them, and with enough of them could build keys that
 *   collide; against SipHash that is not feasible. Linux hashes its
 *   fragment queues with a randomly seeded jhash, which makes no such
 *   claim at all.
 * - What bounds the harm of collisions whatever the hash: a table holds
 *   at most \c slots datagrams, so a run of entries is at most \c slots + 1
 *   long and a lookup costs O(\c slots) at worst; which datagram is evicted
 *   goes by age (
ef frag_evict), never by hash, so colliding keys change
 *   the time of a lookup, not which datagrams survive a flood; poisoned
 *   keys live in buckets of 4 (
ef frag_poison), and a sender that fills
 *   one with colliding keys gets at worst what a full bucket gives (more
 *   never-poisoned keys of that bucket refused, never a poisoned key
 *   forgotten), and must send overlapping fragments of each key for it.
 *   Draw the key at random for each table and keep it secret.
 *
 * \section frag_rules Rules
 * Every fragment is checked as follows, in this order; the first rule that
 * applies decides.
 * - A packet that v6t_pkt_parse() refuses is dropped with its error. An
 *   IPv4 fragment whose header checksum is wrong is dropped
 *   (\ref V6T_EPKT_IPV4_CHECKSUM; RFC 791 §3.1: "If the header checksum
 *   fails, the internet datagram is discarded at once"), unless the table
 *   was told that the caller verified it (\ref V6T_FRAG_CFG_TRUST_IP4_CHECKSUM).
 * - RFC 6946: an atomic fragment (offset 0, M = 0) is delivered at once, on
 *   its own, with its Fragment header removed; it never touches a
 *   reassembly with the same Identification.
 * - A fragment whose key is poisoned (\ref frag_poison) is dropped silently
 *   (\ref V6T_EFRAG_POISONED).
 * - The checks on the fragment alone (RFC 8200 §4.5): a non-final fragment
 *   whose length is not a multiple of 8 (\ref V6T_EFRAG_LENGTH, Parameter
 *   Problem code 0 pointing to the Payload Length field); a fragment that
 *   would make the reassembled Payload Length, with this fragment's
 *   Per-Fragment headers, exceed 65535 (\ref V6T_EFRAG_BEYOND_64K, code 0
 *   pointing to the Fragment Offset field); a first fragment that does not
 *   hold the whole header chain through the upper-layer header
 *   (\ref V6T_EFRAG_HEADERS, code 3, pointer 0; RFC 7112 §5). Of the
 *   upper-layer header it must hold the fixed part: TCP 20 bytes, DCCP and
 *   SCTP 12, UDP, UDP-Lite and ESP 8, ICMPv6 4, an inner IPv6 header 40 and
 *   an inner IPv4 header 20 (RFC 7112 §3: a second IP header is the
 *   upper-layer header), any other protocol at least 1 byte (none after No
 *   Next Header). The same length rules apply to IPv4 (Total Length; the
 *   header length plus offset plus length must not exceed 65535), without
 *   ICMP. A fragment without data is dropped (\ref V6T_EFRAG_LENGTH, no
 *   ICMP: 0 is a multiple of 8).
 *   But a fragment that fails one of these checks and overlaps data held
 *   for its datagram is an overlap (next rule).
 * - RFC 5722 §4: a fragment that overlaps another of its datagram
 *   discards the whole datagram silently and poisons its key
 *   (\ref V6T_EFRAG_OVERLAP, no ICMP: RFC 8200 §4.5). Exact duplicates are
 *   the exception RFC 8200 §4.5 allows: a fragment with the same offset,
 *   the same length, the same M flag and the same data bytes as one
 *   already held is dropped (\ref V6T_EFRAG_DUPLICATE) and the datagram
 *   goes on.
 * - Fragments that disagree on the datagram's end without overlapping (one
 *   past the end an M = 0 fragment set, a second M = 0 fragment with
 *   another end, an M = 0 fragment ending before data already received)
 *   discard the datagram and poison its key as an overlap does
 *   (\ref V6T_EFRAG_INCONSISTENT).
 * - A datagram that would need more than \c max_frags fragments
 *   (\ref V6T_EFRAG_TOO_MANY), or more than \c max_datagram bytes or
 *   headers of more than \ref V6T_FRAG_HDR_ROOM bytes
 *   (\ref V6T_EFRAG_NO_ROOM), is discarded.
 * - When the last missing fragment arrives, the ECN fields of all fragments
 *   are combined (RFC 3168 §5.3, cited by RFC 8200 §4.5): all equal, that
 *   value; CE and ECT, CE; ECT(0) and ECT(1), the offset-zero fragment's;
 *   Not-ECT and any other, the datagram is discarded (\ref V6T_EFRAG_ECN).
 * - The Next Header (IPv6) of the offset-zero fragment is the one used, and
 *   its headers before the Fragment header are the ones kept (RFC 8200
 *   §4.5); IPv4 keeps the offset-zero fragment's header and options.
 * - A datagram not complete \c timeout_ms after its first-arriving fragment
 *   (default 60 s, RFC 8200 §4.5) is abandoned; v6t_frag_expire() reports
 *   it, with the bytes an ICMP Time Exceeded message (code 1) quotes when
 *   its first fragment had arrived.
 *
 * \section frag_icmp ICMP the table suggests
 * The table never sends anything: it says which ICMP error the RFCs ask
 * for (v6t_frag_result::icmp_type, v6t_frag_expired::icmp_type), and only
 * where RFC 4443 §2.4 (e) allows one for IPv6 (RFC 7112 §5 refers to it)
 * and RFC 1122 §3.2.2 for IPv4: not for a packet sent to a multicast
 * address (IPv4 also the limited broadcast 255.255.255.255), nor from an
 * address that is not one node's (IPv6 the unspecified address, a
 * multicast address or the loopback address ::1, RFC 4291 §2.5.3; IPv4 0.0.0.0/8, 127.0.0.0/8, 224.0.0.0/4 or
 * 240.0.0.0/4), nor for a packet that carries an ICMP error message or an
 * ICMPv6 error or Redirect message. A packet whose upper layer is ICMPv6
 * (or ICMP) but whose type it does not show (a non-first fragment, or a
 * first fragment cut before the type) may carry an error: it gets none.
 * These are the rules of v6t_icmp_may_answer() (icmp.h), which shares
 * their code. Rate limiting (RFC 4443 §2.4 (f)) is the caller's.
 *
 * \section frag_poison Poisoned keys (RFC 5722)
 * When a datagram is discarded for an overlap or an inconsistent end, its
 * data and slot are freed at once, and its key goes into a separate set
 * of poisoned keys for \c timeout_ms from that moment: every fragment with
 * that key is dropped until then (RFC 5722 §4: "and any constituent
 * fragments, including those not yet received"). The set is a table of
 * \c poison_entries entries (16 bytes each) in buckets of 4, apart from
 * the slots: no eviction of datagrams can free a poisoned key. When a
 * bucket has no free entry, one of its entries comes to match every key
 * of the bucket, until the latest end of those it stands for: the set may
 * then refuse to start datagrams that were never poisoned (their
 * fragments counted as \ref V6T_EFRAG_POISONED; a datagram already in
 * reassembly goes on), never the reverse. The set is looked at when a
 * fragment would start a datagram: a poisoned key has none in reassembly.
 * A poisoned key is forgotten only when its time is up; v6t_frag_flush()
 * shortens what is left of it to at most a timeout from the new time.
 *
 * \section frag_evict Full table
 * When a new datagram needs a slot (or, in a chunked table, its fragment
 * needs a chunk) and none is free, the table frees the datagram whose
 * first fragment arrived longest ago (a timeout if it is past its timeout,
 * else an eviction; never the datagram the fragment belongs to). Under a
 * flood of incomplete datagrams this keeps a legitimate datagram whose
 * fragments arrive close together (within the time the flood takes to fill
 * the table): it is the newest entry while it is reassembled.
 * doc/benchmarks.md measures it.
 *
 * \section frag_time Time
 * Time is the caller's monotonic clock in milliseconds (64 bits), passed
 * to every call. Expiry happens in v6t_frag_expire(), one datagram per call
 * (O(1) each), and when v6t_frag_input() needs a slot. A time earlier than
 * one already given is refused with \ref V6T_ECLOCK; after a clock reset,
 * v6t_frag_flush() starts the table over at the new time.
 *
 * \section frag_counters Counters
 * The table counts what it did (\ref v6t_frag_stats, RFC 5722 §4 suggests
 * counting overlaps): v6t_frag_stats_read().
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

/** \brief The default fragments per datagram (v6t_frag_config::max_frags
 * 0): 64, enough for a 65535-byte datagram over links with an MTU of 1280
 * (54 fragments for IPv6, 53 for IPv4). */
#define V6T_FRAG_FRAGS_DEFAULT 64u
/** \brief The largest v6t_frag_config::max_frags: 8192 fragments of 8
 * bytes are a 65536-byte datagram. A 65535-byte IPv4 datagram at the
 * IPv4 minimum MTU of 576 needs 119. */
#define V6T_FRAG_FRAGS_MAX 8192u

/** \brief Room for the headers a datagram keeps: IPv6 the headers before
 * the offset-zero fragment's Fragment header (the IPv6 header and any
 * Hop-by-Hop, Routing and Destination Options headers before it); IPv4 the
 * header with its options (at most 60). A first fragment with more is
 * dropped with \ref V6T_EFRAG_NO_ROOM. */
#define V6T_FRAG_HDR_ROOM 256u

/** \brief The default reassembly timeout: 60 s (RFC 8200 §4.5). */
#define V6T_FRAG_TIMEOUT_MS 60000u

/** \brief The smallest \c max_datagram: the IPv4 minimum datagram (RFC 791). */
#define V6T_FRAG_MIN_DATAGRAM 68u
/** \brief The largest \c max_datagram: an IPv6 header and 65535 bytes of
 * payload. */
#define V6T_FRAG_MAX_DATAGRAM 65575u

/** \brief The smallest v6t_frag_config::chunk_size: 2048 bytes, so that the
 * first chunk always holds what an ICMP error quotes (\ref frag_memory). */
#define V6T_FRAG_CHUNK_MIN 2048u
/** \brief The largest v6t_frag_config::chunk_size. */
#define V6T_FRAG_CHUNK_MAX 65536u

/** \brief The largest v6t_frag_config::slots. */
#define V6T_FRAG_SLOTS_MAX 16777216u

/** \brief The most packets one v6t_frag_input_burst() call takes. */
#define V6T_FRAG_BURST_MAX 64u

/** \brief v6t_frag_config::flags: the caller has verified the IPv4 header
 * checksum of every packet it gives (a NIC offload, say); the table does
 * not verify it again. The checksum of a reassembled datagram is updated
 * from the offset-zero fragment's, never computed anew, so a wrong one
 * stays wrong (RFC 1624). */
#define V6T_FRAG_CFG_TRUST_IP4_CHECKSUM 0x1u

/** \cond V6T_INTERNAL */
/* The terms of the size, as an upper bound for static buffers; a test
 * checks it against v6t_frag_table_size() for many configurations. */
#define V6T_FRAG_OR_(x, d) ((size_t)(x) != 0 ? (size_t)(x) : (size_t)(d))
#define V6T_FRAG_RUP_(n, a) ((((size_t)(n)) + (a) - 1u) / (a) * (a))
#define V6T_FRAG_HEAD_ (V6T_FRAG_HDR_ROOM + 8u)
#define V6T_FRAG_DIRECT_(md) V6T_FRAG_RUP_((size_t)(md) + V6T_FRAG_HEAD_, 64u)
#define V6T_FRAG_MAP_(md, cs)                                                   \
	((size_t)(cs) != 0 ? ((size_t)(md) + V6T_FRAG_HEAD_ + (size_t)(cs) - 1u) /   \
				     (size_t)(cs)                                     \
			   : 0u)
#define V6T_FRAG_PER_SLOT_(md, mf, cs)                                          \
	(64u + V6T_FRAG_RUP_(32u + 4u * V6T_FRAG_MAP_(md, cs) +                 \
			     4u * V6T_FRAG_OR_(mf, V6T_FRAG_FRAGS_DEFAULT), 64u) + \
	 44u + ((size_t)(cs) != 0 ? 0u : V6T_FRAG_DIRECT_(md)))
#define V6T_FRAG_POOL_(slots, cs, chunks)                                       \
	((size_t)(cs) != 0 ? (V6T_FRAG_OR_(chunks, slots)) * ((size_t)(cs) + 4u) : 0u)
#define V6T_FRAG_POISON_(slots, pe) (32u * V6T_FRAG_OR_(pe, slots) + 128u)
#define V6T_FRAG_FIXED_ 2048u
/** \endcond */

/**
 * \brief Bytes of memory a table needs, as a constant expression for
 * static buffers: at least v6t_frag_table_size() of the configuration
 * with these fields (0 where the configuration has 0), at most a few
 * hundred bytes more. Includes the slack that lets the memory have any
 * alignment.
 */
#define V6T_FRAG_TABLE_SIZE(slots, max_datagram, max_frags, chunk_size, chunks, \
			    poison_entries)                                   \
	(V6T_FRAG_FIXED_ +                                                        \
	 (size_t)(slots) * V6T_FRAG_PER_SLOT_(max_datagram, max_frags, chunk_size) + \
	 V6T_FRAG_POOL_(slots, chunk_size, chunks) +                              \
	 V6T_FRAG_POISON_(slots, poison_entries) +                                \
	 V6T_FRAG_RUP_(max_datagram, 64u))

/** \brief How a reassembly table is set up. Fields added in later versions
 * take 0 as "the default": zero the whole struct first. */
typedef struct v6t_frag_config {
	uint32_t slots;        /**< datagrams reassembled at once,
				    1 .. \ref V6T_FRAG_SLOTS_MAX */
	uint32_t max_datagram; /**< largest datagram reassembled, in bytes with
				    its headers: \ref V6T_FRAG_MIN_DATAGRAM ..
				    \ref V6T_FRAG_MAX_DATAGRAM */
	uint32_t timeout_ms;   /**< reassembly timeout in milliseconds, at least
				    1 (\ref V6T_FRAG_TIMEOUT_MS is RFC 8200's);
				    also how long a key stays poisoned */
	uint32_t max_frags;    /**< most fragments per datagram, 1 ..
				    \ref V6T_FRAG_FRAGS_MAX; 0: \ref V6T_FRAG_FRAGS_DEFAULT */
	uint32_t chunk_size;   /**< 0: every slot owns a buffer for the largest
				    datagram. Else a power of two,
				    \ref V6T_FRAG_CHUNK_MIN .. \ref V6T_FRAG_CHUNK_MAX;
				    the data lives in a shared pool of chunks of
				    this size (\ref frag_memory) */
	uint32_t chunks;       /**< with \c chunk_size: chunks in the pool, at
				    least enough for one datagram of
				    \c max_datagram bytes and its headers; 0:
				    \c slots (one chunk per slot on average).
				    Must be 0 without \c chunk_size */
	uint32_t poison_entries; /**< poisoned keys remembered at once
				      (\ref frag_poison), rounded up to a
				      power of two of at least 4; 0: \c slots */
	uint32_t flags;        /**< 0 or \ref V6T_FRAG_CFG_TRUST_IP4_CHECKSUM */
	v6t_flowlabel_key key; /**< secret key of the lookup hash: draw it from a
				    good random source (RFC 4086) */
} v6t_frag_config;

/** \brief A reassembly table: opaque, it lives in the memory given to
 * v6t_frag_init(). */
typedef struct v6t_frag_table v6t_frag_table;

/**
 * \brief Bytes of memory for a table (see \ref frag_memory).
 *
 * \param[in] cfg  the configuration v6t_frag_init() will get.
 * \return the size in bytes, alignment slack included; 0 when \p cfg is
 *         NULL, a field is out of range (as v6t_frag_init() checks it), or
 *         the size does not fit a size_t.
 */
V6T_API size_t v6t_frag_table_size(const v6t_frag_config *cfg);

/**
 * \brief Set up a reassembly table in caller memory.
 *
 * \param[out] table   the table, a pointer into \p mem; written only on \ref V6T_OK.
 * \param[in]  mem     at least v6t_frag_table_size() bytes, any alignment;
 *                     owned by the caller, used by the table until the
 *                     caller stops using it (nothing to free).
 * \param[in]  memlen  bytes at \p mem.
 * \param[in]  cfg     the configuration; copied.
 * \return \ref V6T_OK; \ref V6T_EINVAL (a NULL argument, a field of \p cfg
 *   out of range: \c slots, \c max_datagram, \c timeout_ms 0, \c max_frags,
 *   \c chunk_size not 0 nor a power of two in range, \c chunks too few for
 *   one largest datagram or set without \c chunk_size, \c poison_entries
 *   above \ref V6T_FRAG_SLOTS_MAX, an unknown bit in \c flags);
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
			           the datagram's first byte, in table memory: valid
			           until the next call on this table; NULL otherwise */
	size_t len;           /**< the datagram's length in bytes */
	size_t seg_len;       /**< bytes of it contiguous at \c data: \c len, but
			           in a chunked table for a datagram larger than its
			           first chunk (then see v6t_frag_segment() and
			           v6t_frag_copy()) */
	int verdict;          /**< a \ref v6t_frag_verdict */
	int reason;           /**< with \ref V6T_FRAG_DROPPED, why: a \c V6T_EFRAG_* or
			           \c V6T_EPKT_* code; else \ref V6T_OK */
	uint8_t icmp_type;    /**< with \ref V6T_FRAG_DROPPED, the ICMPv6 error the
			           RFC says to send to the packet's source (4,
			           Parameter Problem), or 0 for none (\ref frag_icmp) */
	uint8_t icmp_code;    /**< its code (0 erroneous header field, 3
			           incomplete header chain, RFC 8200 §4.5) */
	uint32_t icmp_pointer; /**< its Pointer: the offset in the dropped packet
				    of the field at fault */
	uint32_t evicted;     /**< datagrams in reassembly, not past their
			           timeout, that this call freed to make room
			           (\ref frag_evict) */
	uint32_t timed_out;   /**< datagrams past their timeout that this call
			           freed unreported: to make room, or because this
			           fragment has the key of one and starts a new
			           datagram (call v6t_frag_expire() first to get
			           each one reported) */
	uint32_t ref_;        /**< private: which datagram \c data is */
} v6t_frag_result;

/**
 * \brief Give the table one packet (IPv4 or IPv6, starting at its IP
 * header).
 *
 * A packet that is not a fragment passes (\ref V6T_FRAG_PASS); an atomic
 * fragment is delivered at once (\ref V6T_FRAG_ATOMIC); a fragment is
 * checked (\ref frag_rules), its data copied into its datagram
 * (\ref V6T_FRAG_HELD), and when it is the last one missing, the datagram
 * is delivered (\ref V6T_FRAG_DONE): IPv6 without the Fragment header, with
 * the Payload Length and the Next Header of the last Per-Fragment header
 * restored; IPv4 with MF and offset cleared and Total Length set, the
 * header checksum updated to match (RFC 1624). A malformed packet (any
 * v6t_pkt_parse() error) is dropped with that error as the reason.
 *
 * \param[in,out] t       the table.
 * \param[in]     pkt     the packet; read only, not kept.
 * \param[in]     len     bytes in \p pkt.
 * \param[in]     now_ms  the caller's clock, milliseconds, never going back.
 * \param[out]    res     the result, always written on \ref V6T_OK.
 * \return \ref V6T_OK (the outcome is in \p res); \ref V6T_EINVAL (a NULL
 *   argument); \ref V6T_ECLOCK (\p now_ms earlier than a previous call's;
 *   nothing done, \p res not written).
 */
V6T_API int v6t_frag_input(v6t_frag_table *t, const uint8_t *pkt, size_t len,
			   uint64_t now_ms, v6t_frag_result *res);

/**
 * \brief Give the table up to \ref V6T_FRAG_BURST_MAX packets at once.
 *
 * The same as v6t_frag_input() on each packet in turn at the same time,
 * but faster when many datagrams are in reassembly: the packets are
 * parsed and hashed first and the memory they need is prefetched before
 * it is used. Every datagram the burst delivers stays valid until the next
 * call on this table: the slots of the datagrams it completes are reused
 * only after that, so a full table may evict a little earlier than with
 * single calls, and a burst may not have more packets than the table has
 * slots (then a slot that is free or can be evicted is always there).
 *
 * \param[in,out] t       the table.
 * \param[in]     pkts    \p n packets; read only, not kept.
 * \param[in]     lens    their lengths.
 * \param[in]     n       0 .. \ref V6T_FRAG_BURST_MAX, and at most the
 *                        table's v6t_frag_config::slots.
 * \param[in]     now_ms  the caller's clock (see v6t_frag_input()).
 * \param[out]    res     \p n results, res[i] for pkts[i], written on \ref V6T_OK.
 * \return \ref V6T_OK; \ref V6T_EINVAL (a NULL argument, a NULL packet of
 *   non-zero length, \p n above \ref V6T_FRAG_BURST_MAX or above the
 *   table's slots); \ref V6T_ECLOCK (as v6t_frag_input()).
 */
V6T_API int v6t_frag_input_burst(v6t_frag_table *t, const uint8_t *const *pkts,
				 const size_t *lens, size_t n, uint64_t now_ms,
				 v6t_frag_result *res);

/**
 * \brief The bytes of a delivered datagram from offset \p off on.
 *
 * \param[in]  t    the table that delivered \p r, before any later call on it.
 * \param[in]  r    a result with \ref V6T_FRAG_DONE or \ref V6T_FRAG_ATOMIC.
 * \param[in]  off  an offset in the datagram, below v6t_frag_result::len.
 * \param[out] n    bytes contiguous from there (at least 1).
 * \return the address of byte \p off; NULL when \p r delivers nothing or
 *   \p off is past its end (\p n is then 0).
 */
V6T_API const uint8_t *v6t_frag_segment(const v6t_frag_table *t,
					const v6t_frag_result *r, size_t off,
					size_t *n);

/**
 * \brief Copy a delivered datagram to a caller buffer, contiguous.
 *
 * \param[in]  t       the table that delivered \p r, before any later call on it.
 * \param[in]  r       a result with \ref V6T_FRAG_DONE or \ref V6T_FRAG_ATOMIC.
 * \param[out] out     where the datagram goes; may not overlap the table.
 * \param[in]  cap     bytes at \p out.
 * \param[out] outlen  the datagram's length (also on \ref V6T_ENOSPC).
 * \return \ref V6T_OK; \ref V6T_ENOSPC (\p cap too small, nothing written);
 *   \ref V6T_EINVAL (a NULL argument, or \p r delivers nothing).
 */
V6T_API int v6t_frag_copy(const v6t_frag_table *t, const v6t_frag_result *r,
			  uint8_t *out, size_t cap, size_t *outlen);

/** \brief A datagram abandoned at its timeout, as v6t_frag_expire() reports it. */
typedef struct v6t_frag_expired {
	const uint8_t *quote; /**< the offset-zero fragment exactly as it was
			           received (IPv6: its headers, its Fragment header
			           and its data; IPv4: its header and data), what
			           ICMP Time Exceeded quotes (RFC 4443 §3.3, RFC
			           792), cut where the table's first chunk ends (never
			           before 1280 bytes); NULL when that fragment had not
			           arrived. In table memory, valid until the next call
			           on this table */
	size_t quote_len;     /**< bytes at \c quote */
	uint8_t version;      /**< 4 or 6 */
	uint8_t first_received; /**< 1 when the offset-zero fragment had arrived */
	uint8_t icmp_type;    /**< the ICMP error to send to the source of the
			           quoted fragment: 3 (ICMPv6 Time Exceeded, RFC 8200
			           §4.5) or 11 (ICMP Time Exceeded, RFC 792); 0 when
			           the first fragment had not arrived or \ref frag_icmp
			           forbids one */
	uint8_t icmp_code;    /**< 1 (fragment reassembly time exceeded) with
			           \c icmp_type, else 0 */
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
 *   due; \ref V6T_EINVAL (a NULL argument); \ref V6T_ECLOCK (\p now_ms
 *   earlier than a previous call's: nothing expired, see v6t_frag_flush()).
 */
V6T_API int v6t_frag_expire(v6t_frag_table *t, uint64_t now_ms,
			    v6t_frag_expired *out);

/**
 * \brief Abandon every datagram in reassembly, unreported, and set the
 * table's clock to \p now_ms, which may be earlier than times given
 * before: the way out of a clock that jumped. Poisoned keys stay poisoned
 * as the new clock sees them, for at most the timeout from \p now_ms
 * (\ref frag_poison); the counters are kept.
 *
 * \param[in,out] t       the table (NULL: nothing happens).
 * \param[in]     now_ms  the caller's clock from now on.
 * \return the number of datagrams abandoned.
 */
V6T_API uint32_t v6t_frag_flush(v6t_frag_table *t, uint64_t now_ms);

/**
 * \brief How many datagrams are in reassembly.
 *
 * \param[in] t  the table.
 * \return 0..slots (0 for NULL).
 */
V6T_API uint32_t v6t_frag_count(const v6t_frag_table *t);

/** \brief What a table counted since v6t_frag_init() (v6t_frag_stats_read()).
 * Every packet given counts in exactly one of \c passed, \c atomic,
 * \c held, \c complete and the drop counters (\c overlap to
 * \c malformed). */
typedef struct v6t_frag_stats {
	uint64_t passed;       /**< packets that were not fragments */
	uint64_t atomic;       /**< atomic fragments delivered (RFC 6946) */
	uint64_t held;         /**< fragments kept, the datagram not complete */
	uint64_t complete;     /**< datagrams delivered (their last fragment) */
	uint64_t timeout;      /**< datagrams abandoned past their timeout, reported or not */
	uint64_t evicted;      /**< datagrams freed to make room (\ref frag_evict) */
	uint64_t flushed;      /**< datagrams abandoned by v6t_frag_flush() */
	uint64_t overlap;      /**< datagrams discarded for overlap (\ref V6T_EFRAG_OVERLAP) */
	uint64_t inconsistent; /**< \ref V6T_EFRAG_INCONSISTENT */
	uint64_t poisoned;     /**< \ref V6T_EFRAG_POISONED */
	uint64_t duplicate;    /**< \ref V6T_EFRAG_DUPLICATE */
	uint64_t length;       /**< \ref V6T_EFRAG_LENGTH */
	uint64_t beyond_64k;   /**< \ref V6T_EFRAG_BEYOND_64K */
	uint64_t headers;      /**< \ref V6T_EFRAG_HEADERS */
	uint64_t too_many;     /**< \ref V6T_EFRAG_TOO_MANY */
	uint64_t no_room;      /**< \ref V6T_EFRAG_NO_ROOM */
	uint64_t ecn;          /**< \ref V6T_EFRAG_ECN */
	uint64_t checksum;     /**< \ref V6T_EPKT_IPV4_CHECKSUM */
	uint64_t malformed;    /**< other v6t_pkt_parse() errors */
	uint64_t poison_merged; /**< times two poisoned keys shared an entry (\ref frag_poison) */
} v6t_frag_stats;

/**
 * \brief Read a table's counters.
 *
 * \param[in]  t    the table.
 * \param[out] out  the counters (all 0 for a NULL \p t).
 */
V6T_API void v6t_frag_stats_read(const v6t_frag_table *t, v6t_frag_stats *out);

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
 * Offset, at least 20 bytes, as Linux requires), of DCCP and SCTP 12
 * bytes, of an inner IPv6 header 40 and of an inner IPv4 header 20 (RFC
 * 7112 §3: a second IP header is the upper-layer header), or up to the
 * datagram's end if it ends sooner. Every fragment but the last carries the same
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
 *   packet's header length plus its fragment offset plus its data exceeds
 *   65535, the rule v6t_frag_input() applies, so no fragment of it could
 *   be reassembled);
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
