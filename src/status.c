/*
 * libv6transit - status strings and version.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <v6transit/common.h>

#define V6T_STR2(x) #x
#define V6T_STR(x) V6T_STR2(x)

/* see common.h */
const char *v6t_strerror(int status)
{
	switch (status) {
	case V6T_OK: return "success";
	case V6T_EINVAL: return "invalid argument";
	case V6T_ENOSPC: return "output buffer too small";
	case V6T_ECLOCK: return "time earlier than a time given before";
	case V6T_EADDR_EMPTY: return "empty address";
	case V6T_EADDR_CHAR: return "invalid character in address";
	case V6T_EADDR_GROUP_LONG: return "IPv6 group has more than 4 hex digits";
	case V6T_EADDR_GROUP_EMPTY: return "empty IPv6 group";
	case V6T_EADDR_GROUP_COUNT: return "wrong number of IPv6 groups";
	case V6T_EADDR_DOUBLE_COLON: return "more than one \"::\"";
	case V6T_EADDR_IPV4_TAIL: return "misplaced dotted IPv4 part";
	case V6T_EADDR_OCTET: return "IPv4 octet empty, too long or above 255";
	case V6T_EADDR_LEADING_ZERO: return "IPv4 octet with a leading zero";
	case V6T_EADDR_OCTET_COUNT: return "IPv4 address without exactly four octets";
	case V6T_EADDR_PREFIX_SYNTAX: return "malformed prefix length";
	case V6T_EADDR_PREFIX_RANGE: return "prefix length out of range";
	case V6T_EADDR_HOST_BITS: return "prefix has bits set past its length";
	case V6T_EADDR_PREFIX_LEN: return "prefix length not allowed by the mechanism";
	case V6T_EADDR_UOCTET: return "u-octet (bits 64-71) is not zero";
	case V6T_EADDR_SUFFIX: return "suffix bits are not zero";
	case V6T_EADDR_NOT_IN_PREFIX: return "address is not under the prefix";
	case V6T_EADDR_WRONG_KIND: return "address is not of the asked kind";
	case V6T_EADDR_NOT_GLOBAL: return "non-global IPv4 address under the Well-Known Prefix";
	case V6T_EPKT_VERSION: return "not an IP version the function takes";
	case V6T_EPKT_SHORT: return "packet shorter than its IP header or declared length";
	case V6T_EPKT_IPV4_HEADER: return "IPv4 header length or total length invalid";
	case V6T_EPKT_CHAIN: return "header runs past the end of the datagram";
	case V6T_EPKT_TOO_MANY_EXT: return "too many IPv6 extension headers";
	case V6T_EPKT_HOP_BY_HOP: return "Hop-by-Hop Options header not first";
	case V6T_EPKT_FRAG_TWICE: return "more than one Fragment header";
	case V6T_EPKT_IPV4_CHECKSUM: return "IPv4 header checksum wrong";
	case V6T_EFL_ZERO: return "flow label is zero";
	case V6T_EFRAG_OVERLAP: return "overlapping fragment";
	case V6T_EFRAG_POISONED: return "fragment of a datagram discarded for overlap";
	case V6T_EFRAG_DUPLICATE: return "duplicate fragment";
	case V6T_EFRAG_LENGTH: return "non-final fragment length not a multiple of 8";
	case V6T_EFRAG_BEYOND_64K: return "fragment ends beyond 65535 bytes";
	case V6T_EFRAG_HEADERS: return "first fragment without the whole header chain";
	case V6T_EFRAG_INCONSISTENT: return "fragments disagree on the datagram's end";
	case V6T_EFRAG_TOO_MANY: return "too many fragments";
	case V6T_EFRAG_NO_ROOM: return "datagram too large for the table";
	case V6T_EFRAG_DF: return "IPv4 packet with DF set";
	case V6T_EFRAG_FRAGMENTED: return "packet is already a fragment";
	case V6T_EFRAG_MTU: return "MTU too small for the headers";
	case V6T_EFRAG_ECN: return "fragments mix Not-ECT with ECN-capable codepoints";
	case V6T_EXLAT_NO_MAPPING: return "address not mapped by the EAM table or the RFC 6052 prefix";
	case V6T_EXLAT_EAM_SUFFIX: return "EAM IPv4 prefix has more suffix bits than its IPv6 prefix";
	case V6T_EXLAT_EAM_OVERLAP: return "EAM prefixes identical or overlapping";
	case V6T_EXLAT_SOURCE: return "source address must not be translated";
	case V6T_EXLAT_TTL: return "TTL or hop limit exhausted";
	case V6T_EXLAT_SOURCE_ROUTE: return "unexpired IPv4 source route";
	case V6T_EXLAT_SEGMENTS_LEFT: return "routing header with segments left";
	case V6T_EXLAT_TOO_BIG: return "packet too big for the next hop";
	case V6T_EXLAT_UDP_ZERO: return "IPv4 UDP with checksum zero";
	case V6T_EXLAT_ICMP_TYPE: return "ICMP type or code not translated";
	case V6T_EXLAT_ICMP_INNER: return "ICMP error quoting an untranslatable packet";
	case V6T_EXLAT_FRAG_EXT: return "extension header after the Fragment header";
	case V6T_EXLAT_ICMP_FRAGMENT: return "fragmented ICMP message that cannot be translated";
	case V6T_EXLAT_NO_SOURCE: return "no source address for an ICMP error";
	case V6T_EXLAT_ICMP_CHECKSUM: return "ICMP error with a wrong checksum";

	/* tunnels, protocol 41 */

	/* tunnels, Teredo */

	/* tunnels, 6a44 */
	case V6T_E6A44_FRAGMENT: return "6a44: IPv4 fragment";
	case V6T_E6A44_UDP_LENGTH: return "6a44: UDP length invalid";
	case V6T_E6A44_PORT: return "6a44: UDP source port is not the 6a44 port";
	case V6T_E6A44_SHORT: return "6a44: payload shorter than a bubble or an IPv6 header";
	case V6T_E6A44_VERSION: return "6a44: payload is not IPv6";
	case V6T_E6A44_INNER_LENGTH: return "6a44: inner IPv6 length disagrees with its carrier";
	case V6T_E6A44_BUBBLE_ID: return "6a44: bubble ID is not the current one";
	case V6T_E6A44_NOT_RELAY: return "6a44: not from the 6a44 relay";
	case V6T_E6A44_NO_PREFIX: return "6a44: client has no address yet";
	case V6T_E6A44_DST: return "6a44: inner destination is not the client's address";
	case V6T_E6A44_SITE: return "6a44: inner source is not of the same site";
	case V6T_E6A44_SITE_V4: return "6a44: inner source does not end in the IPv4 source";
	case V6T_E6A44_SPOOF: return "6a44: inner source does not match the UDP/IPv4 source";
	case V6T_E6A44_TEREDO: return "6a44: Teredo address mapped to the relay's address";
	case V6T_E6A44_RELAY_DST: return "6a44: destination site address is the relay's";
	case V6T_E6A44_SRC_PREFIX: return "6a44: source under the 6a44 prefix from upstream";
	case V6T_E6A44_TOO_BIG: return "6a44: IPv6 packet above 1280 bytes";

	/* TCP MSS clamping */
	case V6T_EMSS_TCP_HEADER: return "TCP header too short or past the datagram";
	case V6T_EMSS_OPTIONS: return "malformed TCP options";

	default: return "unknown error";
	}
}

/* see common.h */
const char *v6t_version(void)
{
	return V6T_STR(V6T_VERSION_MAJOR) "." V6T_STR(V6T_VERSION_MINOR) "." V6T_STR(
		V6T_VERSION_PATCH);
}
