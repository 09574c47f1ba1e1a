/*
 * libv6transit - IPv6 transition building blocks.
 * SPDX-License-Identifier: BSD-2-Clause
 */
/**
 * \file common.h
 * \brief Types, status codes and version macros shared by every module.
 */
#ifndef V6TRANSIT_COMMON_H
#define V6TRANSIT_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** \brief Major version: bumped on incompatible ABI changes (the SONAME). */
#define V6T_VERSION_MAJOR 0
/** \brief Minor version: bumped when features are added compatibly. */
#define V6T_VERSION_MINOR 1
/** \brief Patch version: bumped for fixes only. */
#define V6T_VERSION_PATCH 0
/** \brief The version as one comparable number, 0xMMmmpp. */
#define V6T_VERSION_NUMBER \
	((V6T_VERSION_MAJOR << 16) | (V6T_VERSION_MINOR << 8) | V6T_VERSION_PATCH)

/** \cond V6T_INTERNAL */
#if defined(V6T_STATIC_DEFINE)
#define V6T_API
#elif defined(_WIN32)
#ifdef V6T_BUILDING
#define V6T_API __declspec(dllexport)
#else
#define V6T_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#define V6T_API __attribute__((visibility("default")))
#else
#define V6T_API
#endif
/** \endcond */

/**
 * \brief An IPv4 address: 4 bytes in network order (b[0] is the first octet
 * of the dotted form).
 *
 * A struct around the array so that it can be assigned and passed by value;
 * it has no padding and the alignment of a byte.
 */
typedef struct v6t_in4 {
	uint8_t b[4]; /**< the address bytes, network order */
} v6t_in4;

/**
 * \brief An IPv6 address: 16 bytes in network order (b[0] holds the
 * high-order bits of the first 16-bit group).
 */
typedef struct v6t_in6 {
	uint8_t b[16]; /**< the address bytes, network order */
} v6t_in6;

/**
 * \brief An IPv4 prefix: an address and a length in bits (0..32).
 */
typedef struct v6t_prefix4 {
	v6t_in4 addr; /**< the prefix bits; bits past \c len are zero when parsed */
	uint8_t len;  /**< prefix length in bits, 0..32 */
} v6t_prefix4;

/**
 * \brief An IPv6 prefix: an address and a length in bits (0..128).
 */
typedef struct v6t_prefix6 {
	v6t_in6 addr; /**< the prefix bits; bits past \c len are zero when parsed */
	uint8_t len;  /**< prefix length in bits, 0..128 */
} v6t_prefix6;

/**
 * \brief Status codes. Every function that can fail returns \c V6T_OK (0)
 * or one of these negative codes; they are grouped by module in ranges
 * (generic -0x01.., address text -0x101.., address mechanisms -0x121..,
 * packet headers -0x201.., flow labels -0x301.., fragments -0x401.., translation -0x501.., tunnels -0x601..).
 */
enum v6t_status {
	V6T_OK = 0, /**< success */

	/* generic */
	V6T_EINVAL = -0x01, /**< an argument is out of its documented range (or NULL) */
	V6T_ENOSPC = -0x02, /**< the output buffer is too small; the size needed is reported */
	V6T_ECLOCK = -0x03, /**< a time earlier than one the same context was given before */

	/* address text (RFC 4291 §2.2, RFC 5952, dotted-decimal IPv4) */
	V6T_EADDR_EMPTY = -0x101,        /**< the text is empty */
	V6T_EADDR_CHAR = -0x102,         /**< a character that cannot appear in an address */
	V6T_EADDR_GROUP_LONG = -0x103,   /**< an IPv6 group has more than 4 hex digits */
	V6T_EADDR_GROUP_EMPTY = -0x104,  /**< an empty IPv6 group (":::", a lone leading or trailing ':') */
	V6T_EADDR_GROUP_COUNT = -0x105,  /**< too many or too few IPv6 groups */
	V6T_EADDR_DOUBLE_COLON = -0x106, /**< "::" appears more than once */
	V6T_EADDR_IPV4_TAIL = -0x107,    /**< a dotted IPv4 tail that is not last or not in the last 32 bits */
	V6T_EADDR_OCTET = -0x108,        /**< an IPv4 octet above 255, empty, or with more than 3 digits */
	V6T_EADDR_LEADING_ZERO = -0x109, /**< an IPv4 octet with a leading zero (would be octal elsewhere) */
	V6T_EADDR_OCTET_COUNT = -0x10a,  /**< an IPv4 address without exactly four octets */
	V6T_EADDR_PREFIX_SYNTAX = -0x10b, /**< a prefix without "/len", or a malformed length */
	V6T_EADDR_PREFIX_RANGE = -0x10c, /**< a prefix length above 32 (IPv4) or 128 (IPv6) */
	V6T_EADDR_HOST_BITS = -0x10d,    /**< a prefix with bits set past its length */

	/* address mechanisms (RFC 6052, 3056, 5969, 5214, 4380, 6751) */
	V6T_EADDR_PREFIX_LEN = -0x121,   /**< a prefix length the mechanism does not allow */
	V6T_EADDR_UOCTET = -0x122,       /**< RFC 6052 §2.2: bits 64..71 (u-octet) are not zero */
	V6T_EADDR_SUFFIX = -0x123,       /**< RFC 6052 §2.2: the suffix bits are not zero */
	V6T_EADDR_NOT_IN_PREFIX = -0x124, /**< the address is not under the given prefix */
	V6T_EADDR_WRONG_KIND = -0x125,   /**< the address is not of the asked kind (not Teredo, not ISATAP, ...) */
	V6T_EADDR_NOT_GLOBAL = -0x126,   /**< RFC 6052 §3.1: a non-global IPv4 address with the Well-Known Prefix */

	/* packet headers (RFC 791, RFC 8200 §4; v6t_pkt_parse()) */
	V6T_EPKT_VERSION = -0x201,      /**< empty packet, or an IP version the function does not take */
	V6T_EPKT_SHORT = -0x202,        /**< the buffer ends inside the IP header or before the datagram's declared end */
	V6T_EPKT_IPV4_HEADER = -0x203,  /**< IPv4 IHL below 5, or Total Length below the header length */
	V6T_EPKT_CHAIN = -0x204,        /**< an extension or upper-layer header runs past the end of the datagram */
	V6T_EPKT_TOO_MANY_EXT = -0x205, /**< more IPv6 extension headers than V6T_PKT_MAX_EXT */
	V6T_EPKT_HOP_BY_HOP = -0x206,   /**< RFC 8200 §4.1: Hop-by-Hop Options not right after the IPv6 header */
	V6T_EPKT_FRAG_TWICE = -0x207,   /**< a second Fragment header in one IPv6 header chain */
	V6T_EPKT_IPV4_CHECKSUM = -0x208, /**< RFC 791 §3.1: the IPv4 header checksum is wrong */

	/* flow labels (RFC 6437, 6438, 7098) */
	V6T_EFL_ZERO = -0x301,          /**< RFC 7098 §4: a zero flow label cannot select a server */

	/* fragments (RFC 8200 §4.5, 791, 5722, 6946, 7112; frag.h) */
	V6T_EFRAG_OVERLAP = -0x401,     /**< RFC 5722: the fragment overlaps another; the datagram is discarded */
	V6T_EFRAG_POISONED = -0x402,    /**< a fragment of a datagram discarded for overlap (RFC 5722) */
	V6T_EFRAG_DUPLICATE = -0x403,   /**< an exact duplicate of a fragment held; the datagram goes on */
	V6T_EFRAG_LENGTH = -0x404,      /**< RFC 8200 §4.5: a non-final fragment whose length is not a multiple of 8 */
	V6T_EFRAG_BEYOND_64K = -0x405,  /**< RFC 8200 §4.5: offset plus length beyond 65535 */
	V6T_EFRAG_HEADERS = -0x406,     /**< RFC 7112: a first fragment without the whole header chain */
	V6T_EFRAG_INCONSISTENT = -0x407, /**< fragments disagree on the datagram's end; the datagram is discarded */
	V6T_EFRAG_TOO_MANY = -0x408,    /**< more fragments than v6t_frag_config::max_frags; the datagram is discarded */
	V6T_EFRAG_NO_ROOM = -0x409,     /**< the datagram or its headers exceed the table's room; the datagram is discarded */
	V6T_EFRAG_DF = -0x40a,          /**< an IPv4 packet with DF set cannot be fragmented */
	V6T_EFRAG_FRAGMENTED = -0x40b,  /**< an IPv6 packet that already has a Fragment header */
	V6T_EFRAG_MTU = -0x40c,         /**< the MTU cannot carry the headers every fragment needs */
	V6T_EFRAG_ECN = -0x40d,         /**< RFC 3168 §5.3: fragments mix Not-ECT with ECT or CE; the datagram is discarded */

	/* translation (RFC 7915, 7757, 6791; xlat.h) */
	V6T_EXLAT_NO_MAPPING = -0x501,  /**< an address that neither the EAM table nor the RFC 6052 prefix maps */
	V6T_EXLAT_EAM_SUFFIX = -0x502,  /**< RFC 7757 §3.2: an EAM whose IPv4 prefix has more suffix bits than its IPv6 prefix */
	V6T_EXLAT_EAM_OVERLAP = -0x503, /**< two EAMs with identical (RFC 7757 §5) or, unless allowed, overlapping prefixes */
	V6T_EXLAT_SOURCE = -0x504,      /**< RFC 7915 §4.1 / §5.1: a source address that must not be translated (RFC 1812 §5.3.7) */
	V6T_EXLAT_TTL = -0x505,         /**< RFC 7915 §4.1 / §5.1: TTL or Hop Limit exhausted; Time Exceeded */
	V6T_EXLAT_SOURCE_ROUTE = -0x506, /**< RFC 7915 §4.1: an unexpired IPv4 source route option */
	V6T_EXLAT_SEGMENTS_LEFT = -0x507, /**< RFC 7915 §5.1: a Routing header with Segments Left not zero */
	V6T_EXLAT_TOO_BIG = -0x508,     /**< RFC 7915 §4.1 / §5.1.1: too big for the next hop and not to be fragmented */
	V6T_EXLAT_UDP_ZERO = -0x509,    /**< RFC 7915 §4.5: IPv4 UDP with checksum 0 not translated */
	V6T_EXLAT_ICMP_TYPE = -0x50a,   /**< RFC 7915 §4.2 / §5.2: an ICMP type or code that is silently dropped */
	V6T_EXLAT_ICMP_INNER = -0x50b,  /**< RFC 7915 §4.3 / §5.3: an ICMP error whose quoted packet cannot be translated */
	V6T_EXLAT_FRAG_EXT = -0x50c,    /**< RFC 7915 §5.1.1: an extension header after the Fragment header */
	V6T_EXLAT_ICMP_FRAGMENT = -0x50d, /**< a fragmented ICMP error, or an ICMP message fragmented so that its checksum cannot be translated */
	V6T_EXLAT_NO_SOURCE = -0x50e,   /**< an ICMP error to generate or translate without a source address (no RFC 6791 pool, no own address) */
	V6T_EXLAT_ICMP_CHECKSUM = -0x50f, /**< an ICMP error whose own checksum is wrong (the quoted packet's are not checked) */

	/* tunnels, protocol 41 (RFC 4213, 3964, 5969, 5214, 6040; tunnel.h):
	 * -0x601..-0x63f */
	V6T_ETUN41_FRAGMENT = -0x601,   /**< a fragment of a protocol-41 packet: reassemble it first (frag.h) */
	V6T_ETUN41_INNER_VERSION = -0x602, /**< RFC 4213 §3.5: protocol 41 whose payload is not IPv6 */
	V6T_ETUN41_LENGTH = -0x603,     /**< the inner IPv6 datagram ends before the outer payload does */
	V6T_ETUN41_ECN_DROP = -0x604,   /**< RFC 6040 §4.2: inner Not-ECT with outer CE */
	V6T_ETUN41_PEER = -0x605,       /**< RFC 4213 §3.6: outer source is not the configured peer */
	V6T_ETUN41_LOCAL = -0x606,      /**< outer destination is not our address (RFC 3964 §5.2) */
	V6T_ETUN41_NESTED = -0x607,     /**< the inner packet is itself a tunnel packet */
	V6T_ETUN41_6TO4_V4 = -0x608,    /**< RFC 3964 §5.3.1: an outer IPv4 address that is not global */
	V6T_ETUN41_6TO4_V6 = -0x609,    /**< RFC 3964 §5.3.2: an inner address in 0::/16, fe80::/10, fec0::/10, ff00::/8, or 6to4 of a non-global IPv4 */
	V6T_ETUN41_6TO4_DST = -0x60a,   /**< RFC 3964 §5.2: the IPv4 in the 6to4 destination is not the outer destination */
	V6T_ETUN41_6TO4_SRC = -0x60b,   /**< RFC 3964 §5.2: the IPv4 in the 6to4 source is not the outer source */
	V6T_ETUN41_6TO4_NATIVE = -0x60c, /**< RFC 3964 §5.2: neither inner address is 6to4 */
	V6T_ETUN41_6TO4_RELAY = -0x60d, /**< a native destination at a 6to4 router that is not a relay */
	V6T_ETUN41_6RD_SRC = -0x60e,    /**< RFC 5969 §9.2: the IPv6 source does not embed the outer source (nor is it from the BR, at a CE) */
	V6T_ETUN41_ISATAP_SRC = -0x60f, /**< RFC 5214 §7.3: source neither an ISATAP address of the outer source nor from a PRL member */
	V6T_ETUN41_TOO_BIG = -0x610,    /**< RFC 4213 §3.2: the IPv6 packet exceeds the tunnel MTU */
	V6T_ETUN41_NO_ROUTE = -0x611,   /**< no IPv4 destination for the IPv6 destination in this mechanism */
	V6T_ETUN41_QUOTE = -0x612,      /**< RFC 4213 §3.4: an ICMPv4 error quoting less than the inner IPv6 header */
	V6T_ETUN41_NO_ERROR = -0x613,   /**< RFC 4443 §2.4: no ICMPv6 error may be sent about the inner packet */

	/* tunnels, Teredo (RFC 4380, 5991, 6081; tunnel.h): -0x641..-0x65f */
	V6T_ETEREDO_TRUNCATED = -0x641, /**< RFC 4380 §5.1.1: a Teredo payload that ends inside its authentication header, origin indication or IPv6 header */
	V6T_ETEREDO_INDICATOR = -0x642, /**< RFC 4380 §5.1.1: a Teredo payload starting 0x00 but neither authentication (0x0001) nor origin indication (0x0000), or these out of order or repeated */
	V6T_ETEREDO_IPV6_VERSION = -0x643, /**< RFC 4380 §5.2.3: the packet in a Teredo payload is not IPv6 (version not 6) */
	V6T_ETEREDO_IPV6_LENGTH = -0x644, /**< RFC 4380 §5.2.3 with RFC 6081 §4: an IPv6 Payload Length beyond the UDP payload */
	V6T_ETEREDO_TRAILER = -0x645, /**< RFC 6081 §5.1.2: an unknown trailer type whose high bits are 01 (discard) */
	V6T_ETEREDO_UDP_LENGTH = -0x646, /**< a Teredo datagram whose UDP Length is below 8 or past the IPv4 datagram (RFC 768) */
	V6T_ETEREDO_UDP_CHECKSUM = -0x647, /**< a Teredo datagram whose UDP checksum is wrong (RFC 768) */
	V6T_ETEREDO_FRAGMENT = -0x648, /**< a fragment of a Teredo datagram: reassemble first (frag.h) */
	V6T_ETEREDO_BUBBLE = -0x649, /**< RFC 4380 §5.2.3 / §5.4.2: a bubble, accepted and consumed (peer state updated), nothing to forward */
	V6T_ETEREDO_DEST = -0x64a, /**< RFC 4380 §5.2.3: the IPv6 destination is not the client's Teredo address */
	V6T_ETEREDO_PEER_MAPPING = -0x64b, /**< RFC 4380 §5.2.3 rule 1: a trusted peer whose mapped address and port are not the outer source */
	V6T_ETEREDO_NONCE = -0x64c, /**< RFC 4380 §5.2.3 rule 2: an untrusted peer, and not the echo reply carrying its nonce */
	V6T_ETEREDO_MAPPING = -0x64d, /**< RFC 4380 §5.2.3 rules 3/5, §5.4.2: a Teredo source whose mapped address and port are not the outer source */
	V6T_ETEREDO_UNVERIFIED = -0x64e, /**< RFC 4380 §5.2.3 rule 6: a source that no rule verified (not the server, no entry, not Teredo) */
	V6T_ETEREDO_NOT_TEREDO = -0x64f, /**< RFC 4380 §5.4.1 / §5.4.2: a relay's IPv6 peer address that is not a Teredo address */
	V6T_ETEREDO_NO_PEER = -0x650, /**< RFC 4380 §5.4.2: a relay that requires a peer entry has none for the source */
	V6T_ETEREDO_NOT_SERVED = -0x651, /**< RFC 4380 §5.4.2: an IPv6 destination the relay does not serve */
	V6T_ETEREDO_NOT_GLOBAL = -0x652, /**< RFC 4380 §5.2.4 / §5.4.1: a mapped IPv4 destination that is not a global unicast address */
	V6T_ETEREDO_BUBBLE_LIMIT = -0x653, /**< RFC 4380 §5.2.6: no bubble now (2 seconds since the last transmission, or 4 in 300 seconds) */
	V6T_ETEREDO_TOO_BIG = -0x654, /**< a Teredo payload above 65507 bytes, more than one UDP datagram in IPv4 carries */
	V6T_ETEREDO_RA = -0x655, /**< RFC 4380 §5.2.1, RFC 4861 §6.1.2: not a valid Router Advertisement (type, checksum, options) */
	V6T_ETEREDO_RA_NONCE = -0x656, /**< RFC 4380 §5.2.2: an RA without authentication header or with another nonce than the RS */
	V6T_ETEREDO_RA_ORIGIN = -0x657, /**< RFC 4380 §5.2.1: an RA without origin indication */
	V6T_ETEREDO_RA_DEST = -0x658, /**< RFC 4380 §5.2.1: an RA not sent to the RS's link-local source */
	V6T_ETEREDO_RA_PREFIX = -0x659, /**< RFC 4380 §5.2.1: an RA without exactly one Prefix Information option holding 2001:0:(server)::/64 */

	/* tunnels, 6a44 (RFC 6751; tunnel.h): -0x661..-0x67f */
	V6T_E6A44_FRAGMENT = -0x661,    /**< RFC 6751 §6.2, §6.6.2: an IPv4 fragment where a complete datagram is required */
	V6T_E6A44_UDP_LENGTH = -0x662,  /**< a UDP header cut short, or a UDP Length below 8 or not the IPv4 payload's length */
	V6T_E6A44_PORT = -0x663,        /**< RFC 6751 CR-1 (2), CR-3 (3): a UDP source port other than the 6a44 port */
	V6T_E6A44_SHORT = -0x664,       /**< RFC 6751 §6.3, §6.5.3: a payload shorter than a bubble (UDP) or an IPv6 header (protocol 41) */
	V6T_E6A44_VERSION = -0x665,     /**< RFC 6751 §6.5.3, §6.6.2: a payload of 40 bytes or more that is not IPv6 (version 6) */
	V6T_E6A44_INNER_LENGTH = -0x666, /**< the inner IPv6 Payload Length disagrees with the bytes that carry the packet */
	V6T_E6A44_BUBBLE_ID = -0x667,   /**< RFC 6751 CR-1 (3): a bubble whose Bubble ID is not the client's current one */
	V6T_E6A44_NOT_RELAY = -0x668,   /**< RFC 6751 CR-3 (3): IPv6 in UDP from a source other than the 6a44-relay UDP/IPv4 address */
	V6T_E6A44_NO_PREFIX = -0x669,   /**< RFC 6751 TM-4: the client has no 6a44 address yet (no bubble received) */
	V6T_E6A44_DST = -0x66a,         /**< RFC 6751 CR-2 (5), CR-3 (4): the inner destination is not the 6a44-client address */
	V6T_E6A44_SITE = -0x66b,        /**< RFC 6751 CR-2 (3): a same-site packet whose inner source is not of the client's site */
	V6T_E6A44_SITE_V4 = -0x66c,     /**< RFC 6751 CR-2 (4): a same-site packet whose inner source does not end in the IPv4 source */
	V6T_E6A44_SPOOF = -0x66d,       /**< RFC 6751 RR4-2/RR4-3 (3): the inner source is not the prefix and the outer UDP/IPv4 source */
	V6T_E6A44_TEREDO = -0x66e,      /**< RFC 6751 RR6-1 (2), RR4-3 (4): a Teredo address whose mapped IPv4 address is the 6a44 relay's */
	V6T_E6A44_RELAY_DST = -0x66f,   /**< RFC 6751 RR6-1 (3): a destination whose customer-site IPv4 address is the 6a44 relay's */
	V6T_E6A44_SRC_PREFIX = -0x670,  /**< RFC 6751 RR6-1 (1): an IPv6 packet from upstream with a source under the 6a44-network prefix */
	V6T_E6A44_TOO_BIG = -0x671,     /**< RFC 6751 §6.4, CT-3 (3), RR6-2 (1): an IPv6 packet above 1280 bytes for a UDP tunnel */
	V6T_E6A44_QUOTE = -0x672,       /**< RFC 6751 CR-4, RR4-4: an ICMPv4 error about a 6a44 packet quoting less than the inner IPv6 header */
	V6T_E6A44_ICMP_TYPE = -0x673,   /**< RFC 6751 CR-4, RR4-4 (RFC 7915 §4.2): an ICMPv4 error type or code not translated to ICMPv6 */
	V6T_E6A44_NO_ERROR = -0x674,    /**< RFC 6751 CR-4, RR4-4 (RFC 4443 §2.4 (e)): no ICMPv6 error may be sent about the inner packet */

	/* TCP MSS clamping (tunnel.h): -0x681..-0x68f */
	V6T_EMSS_TCP_HEADER = -0x681,   /**< a TCP header shorter than 20 bytes, or its Data Offset past the datagram (RFC 9293 §3.1) */
	V6T_EMSS_OPTIONS = -0x682,      /**< RFC 9293 §3.1/§3.2: TCP options that run past the header, an option length below 2, or an MSS option not 4 bytes long */
};

/**
 * \brief A short English description of a status code.
 *
 * \param[in] status a value returned by any v6t_ function.
 * \return a static, NUL-terminated string (never NULL); "unknown error" for
 *         a value that is not a \ref v6t_status.
 */
V6T_API const char *v6t_strerror(int status);

/**
 * \brief The library's version as "MAJOR.MINOR.PATCH".
 *
 * Compare with \ref V6T_VERSION_NUMBER to detect a header/library mismatch.
 * \return a static, NUL-terminated string.
 */
V6T_API const char *v6t_version(void);

#ifdef __cplusplus
}
#endif

#endif /* V6TRANSIT_COMMON_H */
