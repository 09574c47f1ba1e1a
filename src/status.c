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
	case V6T_ETUN41_FRAGMENT: return "fragmented protocol-41 packet";
	case V6T_ETUN41_INNER_VERSION: return "protocol 41 without an IPv6 payload";
	case V6T_ETUN41_LENGTH: return "inner IPv6 length disagrees with the outer";
	case V6T_ETUN41_ECN_DROP: return "inner Not-ECT with outer CE";
	case V6T_ETUN41_PEER: return "outer source is not the tunnel peer";
	case V6T_ETUN41_LOCAL: return "outer destination is not ours";
	case V6T_ETUN41_NESTED: return "nested tunnel packet";
	case V6T_ETUN41_6TO4_V4: return "6to4 outer IPv4 address not global";
	case V6T_ETUN41_6TO4_V6: return "6to4 inner IPv6 address fails sanity checks";
	case V6T_ETUN41_6TO4_DST: return "6to4 destination does not embed the outer destination";
	case V6T_ETUN41_6TO4_SRC: return "6to4 source does not embed the outer source";
	case V6T_ETUN41_6TO4_NATIVE: return "6to4 packet between native addresses";
	case V6T_ETUN41_6TO4_RELAY: return "native destination at a 6to4 router that is not a relay";
	case V6T_ETUN41_6RD_SRC: return "6rd source does not embed the outer source";
	case V6T_ETUN41_ISATAP_SRC: return "ISATAP source not matching the outer source nor the PRL";
	case V6T_ETUN41_TOO_BIG: return "packet exceeds the tunnel MTU";
	case V6T_ETUN41_NO_ROUTE: return "no IPv4 destination for the IPv6 destination";
	case V6T_ETUN41_QUOTE: return "ICMPv4 error quotes too little of the tunnel packet";
	case V6T_ETUN41_NO_ERROR: return "no ICMPv6 error may be sent about the packet";

	/* tunnels, Teredo */
	case V6T_ETEREDO_TRUNCATED: return "Teredo payload ends inside a header";
	case V6T_ETEREDO_INDICATOR: return "unknown or misplaced Teredo header indicator";
	case V6T_ETEREDO_IPV6_VERSION: return "Teredo payload is not IPv6";
	case V6T_ETEREDO_IPV6_LENGTH: return "IPv6 length beyond the Teredo payload";
	case V6T_ETEREDO_TRAILER: return "Teredo trailer that discards the packet";
	case V6T_ETEREDO_UDP_LENGTH: return "bad UDP length";
	case V6T_ETEREDO_UDP_CHECKSUM: return "bad UDP checksum";
	case V6T_ETEREDO_FRAGMENT: return "fragmented Teredo datagram";
	case V6T_ETEREDO_BUBBLE: return "Teredo bubble consumed";
	case V6T_ETEREDO_DEST: return "IPv6 destination not our Teredo address";
	case V6T_ETEREDO_PEER_MAPPING: return "trusted peer's mapping differs from the outer source";
	case V6T_ETEREDO_NONCE: return "untrusted peer without its echo nonce";
	case V6T_ETEREDO_MAPPING: return "Teredo source does not match the outer address and port";
	case V6T_ETEREDO_UNVERIFIED: return "unverified IPv6 source";
	case V6T_ETEREDO_NOT_TEREDO: return "not a Teredo address";
	case V6T_ETEREDO_NO_PEER: return "no peer entry for the source";
	case V6T_ETEREDO_NOT_SERVED: return "destination not served by the relay";
	case V6T_ETEREDO_NOT_GLOBAL: return "mapped IPv4 address not global";
	case V6T_ETEREDO_BUBBLE_LIMIT: return "bubble held back by the rate rules";
	case V6T_ETEREDO_TOO_BIG: return "Teredo datagram too big";
	case V6T_ETEREDO_RA: return "invalid Router Advertisement";
	case V6T_ETEREDO_RA_NONCE: return "RA nonce missing or not the RS's";
	case V6T_ETEREDO_RA_ORIGIN: return "RA without origin indication";
	case V6T_ETEREDO_RA_DEST: return "RA not for the RS's link-local address";
	case V6T_ETEREDO_RA_PREFIX: return "RA prefix is not the server's Teredo prefix";

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
	case V6T_E6A44_QUOTE: return "6a44: ICMPv4 error quotes too little of the 6a44 packet";
	case V6T_E6A44_ICMP_TYPE: return "6a44: ICMPv4 error type not translated";
	case V6T_E6A44_NO_ERROR: return "6a44: no ICMPv6 error may be sent about the packet";

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
