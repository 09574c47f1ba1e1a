/*
 * libv6transit - IPv6 transition building blocks.
 * SPDX-License-Identifier: BSD-2-Clause
 */
/**
 * \file addr.h
 * \brief Addresses: text form, classification and IPv4 embedding
 * (RFC 4291, 5952, 6890, 6052, 8215, 3056, 3068, 5969, 5214, 4380, 5991, 6751).
 *
 * Every function here is pure: it reads only its arguments, writes only its
 * outputs, allocates nothing and may be called from any thread. Outputs are
 * written only when the function returns \ref V6T_OK. Pointer arguments must
 * not be NULL unless a parameter says otherwise; an output may not overlap
 * an input.
 */
#ifndef V6TRANSIT_ADDR_H
#define V6TRANSIT_ADDR_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/** \name Text form
 * Parsers take a pointer and a length (the text need not be NUL-terminated
 * and may hold NUL bytes, which are rejected). When text has several faults,
 * parsers report the first one from the left. Formatters write a
 * NUL-terminated string into a caller buffer; \c outlen, when given, receives
 * the text length without the NUL, also on \ref V6T_ENOSPC, where the buffer
 * needed is \c *outlen + 1.
 * @{ */

/** \brief Buffer size that holds any formatted IPv4 address, with its NUL
 * ("255.255.255.255"). */
#define V6T_IN4_STRLEN 16
/** \brief Buffer size that holds any formatted IPv6 address, with its NUL
 * (the size of INET6_ADDRSTRLEN; the longest text written is 39 characters). */
#define V6T_IN6_STRLEN 46
/** \brief Buffer size that holds any formatted IPv4 prefix ("a.b.c.d/32"). */
#define V6T_PREFIX4_STRLEN 19
/** \brief Buffer size that holds any formatted IPv6 prefix ("addr/128"). */
#define V6T_PREFIX6_STRLEN 50
/** \brief Buffer size of the ip6.arpa name of an IPv6 address with its NUL:
 * 32 nibbles and 32 dots, "ip6.arpa." and the NUL (v6t_addr_in6_ptr_format()). */
#define V6T_IN6_PTR_STRLEN 74

/** \brief Format flag: RFC 5952 §5 mixed notation (::%ffff:192.0.2.1)
 * for IPv4-mapped addresses (::%ffff:0:0/96), IPv4-translated addresses
 * (::%ffff:0:0:0/96) and the RFC 6052 Well-Known Prefix 64:ff9b::/96. */
#define V6T_FMT_MIXED 0x1u

/**
 * \brief Parse an IPv4 address in strict dotted-decimal form (RFC 791 text
 * convention as used by RFC 4291 §2.2 item 3): exactly four decimal octets
 * 0..255 separated by '.', no leading zeros (so no octal), no hex, no
 * shortened forms, no surrounding space.
 *
 * \param[out] out  the address, on success.
 * \param[in]  s    the text; need not be NUL-terminated.
 * \param[in]  len  number of bytes of \p s to parse.
 * \return \ref V6T_OK; \ref V6T_EADDR_EMPTY (len 0); \ref V6T_EADDR_CHAR
 *   (a byte other than a digit or '.'); \ref V6T_EADDR_OCTET (an empty octet,
 *   more than 3 digits, or a value above 255); \ref V6T_EADDR_LEADING_ZERO;
 *   \ref V6T_EADDR_OCTET_COUNT (not exactly four octets).
 */
V6T_API int v6t_addr_in4_parse(v6t_in4 *out, const char *s, size_t len);

/**
 * \brief Format an IPv4 address in dotted decimal.
 *
 * \param[out] buf     where the NUL-terminated text goes.
 * \param[in]  buflen  size of \p buf in bytes; \ref V6T_IN4_STRLEN always suffices.
 * \param[out] outlen  if not NULL: the text length without the NUL; on
 *                     \ref V6T_ENOSPC, the length that would have been written.
 * \param[in]  a       the address.
 * \return \ref V6T_OK; \ref V6T_ENOSPC if \p buflen < text length + 1 (\p buf untouched).
 */
V6T_API int v6t_addr_in4_format(char *buf, size_t buflen, size_t *outlen,
				const v6t_in4 *a);

/**
 * \brief Parse an IPv6 address in any text form of RFC 4291 §2.2: eight
 * groups of 1..4 hex digits (either case), at most one "::" standing for one
 * or more zero groups, and optionally a dotted IPv4 tail in the last 32 bits
 * ("::ffff:192.0.2.1", "64:ff9b::192.0.2.33"). Zone identifiers ("%eth0")
 * and surrounding brackets or spaces are rejected.
 *
 * \param[out] out  the address, on success.
 * \param[in]  s    the text; need not be NUL-terminated.
 * \param[in]  len  number of bytes of \p s to parse.
 * \return \ref V6T_OK; \ref V6T_EADDR_EMPTY; \ref V6T_EADDR_CHAR;
 *   \ref V6T_EADDR_GROUP_LONG; \ref V6T_EADDR_GROUP_EMPTY;
 *   \ref V6T_EADDR_GROUP_COUNT; \ref V6T_EADDR_DOUBLE_COLON;
 *   \ref V6T_EADDR_IPV4_TAIL; or an IPv4 error of v6t_addr_in4_parse() for a
 *   malformed dotted tail.
 */
V6T_API int v6t_addr_in6_parse(v6t_in6 *out, const char *s, size_t len);

/**
 * \brief As v6t_addr_in6_parse(), and on failure say where in the text the
 * fault was found, for error messages that point at it.
 *
 * The position is the index (from 0) of a byte of \p s, or \p len when the
 * text ends too soon:
 * - for \ref V6T_EADDR_CHAR, the byte that cannot stand where it is (the
 *   percent sign of a zone index, a '[', a space, ...);
 * - for \ref V6T_EADDR_GROUP_LONG and \ref V6T_EADDR_GROUP_EMPTY, the first
 *   byte of the group (where it should have begun, for an empty one);
 * - for \ref V6T_EADDR_GROUP_COUNT, the first byte of a ninth group or of
 *   a dotted tail that leaves "::" nothing to stand for, else \p len (the
 *   count is judged at the end);
 * - for \ref V6T_EADDR_DOUBLE_COLON, the first ':' of the second "::";
 * - for \ref V6T_EADDR_IPV4_TAIL, the first byte of a misplaced dotted
 *   tail, or the ':' after a tail that is not last;
 * - for the IPv4 errors of the dotted tail, the first byte of the faulty
 *   octet, or, for \ref V6T_EADDR_OCTET_COUNT, where the missing '.'
 *   should be or the extra '.';
 * - for \ref V6T_EADDR_EMPTY, 0.
 *
 * \param[out] out     the address, on success.
 * \param[out] errpos  on failure only: the position of the fault.
 * \param[in]  s       the text; need not be NUL-terminated.
 * \param[in]  len     number of bytes of \p s to parse.
 * \return the same status as v6t_addr_in6_parse() for the same text.
 */
V6T_API int v6t_addr_in6_parse_pos(v6t_in6 *out, size_t *errpos, const char *s,
				   size_t len);

/**
 * \brief Format an IPv6 address in the canonical form of RFC 5952 §4:
 * lowercase hex, leading zeros of each group suppressed, the longest run of
 * two or more zero groups (the first if tied) replaced by "::", and, unless
 * \ref V6T_FMT_MIXED is given, no dotted IPv4 tail.
 *
 * \param[out] buf     where the NUL-terminated text goes.
 * \param[in]  buflen  size of \p buf; \ref V6T_IN6_STRLEN always suffices.
 * \param[out] outlen  if not NULL: the text length without the NUL; on
 *                     \ref V6T_ENOSPC, the length that would have been written.
 * \param[in]  a       the address.
 * \param[in]  flags   0 or \ref V6T_FMT_MIXED.
 * \return \ref V6T_OK; \ref V6T_ENOSPC (\p buf untouched); \ref V6T_EINVAL
 *   for an unknown flag.
 */
V6T_API int v6t_addr_in6_format(char *buf, size_t buflen, size_t *outlen,
				const v6t_in6 *a, unsigned flags);

/**
 * \brief The reverse-lookup domain name of an IPv6 address (RFC 3596 §2.5):
 * its 32 nibbles as lowercase hex digits, lowest-order nibble first, each
 * followed by a '.', then "ip6.arpa." with the trailing dot of a fully
 * qualified name. 4321:0:1:2:3:4:567:89ab gives
 * "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa."
 * (the RFC's example, which writes the suffix "IP6.ARPA."; DNS names compare
 * without regard to case). The text is always 73 characters long.
 *
 * \param[out] buf     where the NUL-terminated text goes.
 * \param[in]  buflen  size of \p buf; \ref V6T_IN6_PTR_STRLEN suffices.
 * \param[out] outlen  if not NULL: the text length without the NUL (73),
 *                     also on \ref V6T_ENOSPC.
 * \param[in]  a       the address.
 * \return \ref V6T_OK; \ref V6T_ENOSPC if \p buflen < 74 (\p buf untouched).
 */
V6T_API int v6t_addr_in6_ptr_format(char *buf, size_t buflen, size_t *outlen,
				    const v6t_in6 *a);

/**
 * \brief Parse an IPv4 prefix "a.b.c.d/len" (len decimal 0..32, no leading
 * zeros, no sign). Bits past \c len must be zero.
 *
 * \param[out] out  the prefix, on success.
 * \param[in]  s    the text; need not be NUL-terminated.
 * \param[in]  len  number of bytes of \p s to parse.
 * \return \ref V6T_OK; \ref V6T_EADDR_PREFIX_SYNTAX (no '/', empty or
 *   malformed length); \ref V6T_EADDR_PREFIX_RANGE; \ref V6T_EADDR_HOST_BITS;
 *   or an error of v6t_addr_in4_parse() for the address part.
 */
V6T_API int v6t_addr_prefix4_parse(v6t_prefix4 *out, const char *s, size_t len);

/**
 * \brief Parse an IPv6 prefix "addr/len" (RFC 4291 §2.3; len decimal
 * 0..128, no leading zeros, no sign). Bits past \c len must be zero.
 *
 * \param[out] out  the prefix, on success.
 * \param[in]  s    the text; need not be NUL-terminated.
 * \param[in]  len  number of bytes of \p s to parse.
 * \return \ref V6T_OK; \ref V6T_EADDR_PREFIX_SYNTAX; \ref V6T_EADDR_PREFIX_RANGE;
 *   \ref V6T_EADDR_HOST_BITS; or an error of v6t_addr_in6_parse().
 */
V6T_API int v6t_addr_prefix6_parse(v6t_prefix6 *out, const char *s, size_t len);

/**
 * \brief Format an IPv4 prefix as "a.b.c.d/len".
 *
 * \param[out] buf     where the NUL-terminated text goes.
 * \param[in]  buflen  size of \p buf; \ref V6T_PREFIX4_STRLEN always suffices.
 * \param[out] outlen  if not NULL: the text length without the NUL; on
 *                     \ref V6T_ENOSPC, the length that would have been written.
 * \param[in]  p       the prefix.
 * \return \ref V6T_OK; \ref V6T_ENOSPC; \ref V6T_EINVAL if p->len > 32.
 */
V6T_API int v6t_addr_prefix4_format(char *buf, size_t buflen, size_t *outlen,
				    const v6t_prefix4 *p);

/**
 * \brief Format an IPv6 prefix as "addr/len", the address in RFC 5952 form.
 *
 * \param[out] buf     where the NUL-terminated text goes.
 * \param[in]  buflen  size of \p buf; \ref V6T_PREFIX6_STRLEN always suffices.
 * \param[out] outlen  if not NULL: the text length without the NUL; on
 *                     \ref V6T_ENOSPC, the length that would have been written.
 * \param[in]  p       the prefix.
 * \return \ref V6T_OK; \ref V6T_ENOSPC; \ref V6T_EINVAL if p->len > 128.
 */
V6T_API int v6t_addr_prefix6_format(char *buf, size_t buflen, size_t *outlen,
				    const v6t_prefix6 *p);

/**
 * \brief Whether \p a lies under prefix \p p (its first p->len bits equal).
 * \param[in] a  the address.
 * \param[in] p  the prefix; a length above 128 matches nothing.
 * \return 1 if it does, 0 if not.
 */
V6T_API int v6t_addr_in6_in_prefix(const v6t_in6 *a, const v6t_prefix6 *p);

/**
 * \brief Whether \p a lies under IPv4 prefix \p p.
 * \param[in] a  the address.
 * \param[in] p  the prefix; a length above 32 matches nothing.
 * \return 1 if it does, 0 if not.
 */
V6T_API int v6t_addr_in4_in_prefix(const v6t_in4 *a, const v6t_prefix4 *p);

/** @} */

/* ------------------------------------------------------------------------ */
/** \name RFC 6052: IPv4-embedded IPv6 addresses (and RFC 8215)
 * @{ */

/** \brief RFC 6052 §2.1: the Well-Known Prefix 64:ff9b::/96. */
V6T_API extern const v6t_prefix6 v6t_addr_6052_wkp;
/** \brief RFC 8215: the local-use translation prefix 64:ff9b:1::/48. */
V6T_API extern const v6t_prefix6 v6t_addr_6052_local;

/**
 * \brief Validate a translation prefix once, when it is configured
 * (RFC 6052 §2.2): its length is 32, 40, 48, 56, 64 or 96; its bits past the
 * length are zero; bits 64..71 (the u-octet) are zero, which for a /96 is a
 * requirement on the prefix itself. A set u-octet past a shorter prefix is
 * reported as \ref V6T_EADDR_UOCTET rather than \ref V6T_EADDR_HOST_BITS.
 *
 * \param[in] p  the prefix.
 * \return \ref V6T_OK; \ref V6T_EADDR_PREFIX_LEN; \ref V6T_EADDR_HOST_BITS;
 *   \ref V6T_EADDR_UOCTET.
 */
V6T_API int v6t_addr_6052_prefix_check(const v6t_prefix6 *p);

/**
 * \brief Embed an IPv4 address under a translation prefix (RFC 6052 §2.2):
 * the 32 bits follow the prefix, skipping bits 64..71, which are written as
 * zero, and the suffix after the IPv4 bits is zero. For a /96 the u-octet
 * belongs to the prefix and is copied from it.
 *
 * Only the prefix length is checked here; validate the prefix once with
 * v6t_addr_6052_prefix_check(). Bits of \p p past its length are not copied.
 *
 * \param[out] out  the IPv4-embedded IPv6 address.
 * \param[in]  p    the translation prefix.
 * \param[in]  a    the IPv4 address.
 * \return \ref V6T_OK; \ref V6T_EADDR_PREFIX_LEN.
 */
V6T_API int v6t_addr_6052_encode(v6t_in6 *out, const v6t_prefix6 *p,
				 const v6t_in4 *a);

/**
 * \brief Extract the IPv4 address from an IPv4-embedded IPv6 address as a
 * translator does (RFC 6052 §2.2): the u-octet and the suffix are ignored,
 * whatever they hold. For a /96 the u-octet belongs to the prefix, so all 96
 * prefix bits are compared.
 *
 * \param[out] out  the IPv4 address.
 * \param[in]  a    the IPv6 address.
 * \param[in]  p    the translation prefix.
 * \return \ref V6T_OK; \ref V6T_EADDR_PREFIX_LEN; \ref V6T_EADDR_NOT_IN_PREFIX.
 */
V6T_API int v6t_addr_6052_decode(v6t_in4 *out, const v6t_in6 *a,
				 const v6t_prefix6 *p);

/**
 * \brief As v6t_addr_6052_decode(), but report a non-zero u-octet or suffix
 * instead of ignoring it (for diagnostics and address validation). The
 * u-octet is checked before the suffix.
 *
 * \param[out] out  the IPv4 address (only on success).
 * \param[in]  a    the IPv6 address.
 * \param[in]  p    the translation prefix.
 * \return \ref V6T_OK; \ref V6T_EADDR_PREFIX_LEN; \ref V6T_EADDR_NOT_IN_PREFIX;
 *   \ref V6T_EADDR_UOCTET; \ref V6T_EADDR_SUFFIX.
 */
V6T_API int v6t_addr_6052_decode_strict(v6t_in4 *out, const v6t_in6 *a,
					const v6t_prefix6 *p);

/**
 * \brief RFC 6052 §3.1: the Well-Known Prefix must not represent non-global
 * IPv4 addresses, and translators must drop packets that do. Call this with
 * the prefix and the IPv4 address of each packet address.
 *
 * \param[in] p  the translation prefix in use.
 * \param[in] a  the embedded IPv4 address.
 * \return \ref V6T_OK when \p p is not 64:ff9b::/96 or \p a is global
 *   (v6t_addr_in4_is_global()); \ref V6T_EADDR_NOT_GLOBAL otherwise.
 */
V6T_API int v6t_addr_6052_check_global(const v6t_prefix6 *p, const v6t_in4 *a);

/** @} */

/* ------------------------------------------------------------------------ */
/** \name 6to4 (RFC 3056, RFC 3068)
 * @{ */

/** \brief RFC 3056 §2: the 6to4 prefix 2002::/16. */
V6T_API extern const v6t_prefix6 v6t_addr_6to4_prefix16;
/** \brief RFC 3068 §2.3: the 6to4 relay anycast IPv4 address 192.88.99.1
 * (deprecated by RFC 7526, kept for existing deployments). */
V6T_API extern const v6t_in4 v6t_addr_6to4_relay4;
/** \brief RFC 3068 §2.5: the 6to4 relay anycast IPv6 address 2002:c058:6301::. */
V6T_API extern const v6t_in6 v6t_addr_6to4_relay6;

/**
 * \brief The site's 6to4 prefix 2002:V4ADDR::/48 (RFC 3056 §2).
 * \param[out] out  the /48 prefix.
 * \param[in]  a    the site's IPv4 address.
 * \return \ref V6T_OK.
 */
V6T_API int v6t_addr_6to4_prefix(v6t_prefix6 *out, const v6t_in4 *a);

/**
 * \brief A 6to4 address: 2002:V4ADDR:SLA:IID (RFC 3056 §2).
 * \param[out] out     the address.
 * \param[in]  a       the site's IPv4 address.
 * \param[in]  subnet  the 16-bit SLA (subnet) identifier.
 * \param[in]  iid     the 64-bit interface identifier, network order.
 * \return \ref V6T_OK.
 */
V6T_API int v6t_addr_6to4_encode(v6t_in6 *out, const v6t_in4 *a,
				 uint16_t subnet, const uint8_t iid[8]);

/**
 * \brief The IPv4 address and subnet of a 6to4 address.
 * \param[out] out     the embedded IPv4 address.
 * \param[out] subnet  if not NULL: the 16-bit SLA identifier.
 * \param[in]  a       the address.
 * \return \ref V6T_OK; \ref V6T_EADDR_WRONG_KIND if \p a is not in 2002::/16.
 */
V6T_API int v6t_addr_6to4_decode(v6t_in4 *out, uint16_t *subnet,
				 const v6t_in6 *a);

/** @} */

/* ------------------------------------------------------------------------ */
/** \name 6rd (RFC 5969)
 * A 6rd domain is set up once with v6t_addr_6rd_init(), which checks the
 * "6rd elements" of RFC 5969 §7 and precomputes what the per-address
 * functions need; v6t_addr_6rd_encode(), v6t_addr_6rd_anycast() and
 * v6t_addr_6rd_decode() then only move bits.
 * @{ */

/**
 * \brief A 6rd domain (RFC 5969 §7): the four 6rd elements (IPv4MaskLen,
 * 6rdPrefix, 6rdPrefixLen, 6rdBRIPv4Address), validated once by
 * v6t_addr_6rd_init().
 *
 * Fields are private; the struct is visible so that \c sizeof works and the
 * caller can place it anywhere (stack, static, inside its own context). It
 * holds no pointers, needs no cleanup and may be copied with \c memcpy. Only
 * a domain written by a successful v6t_addr_6rd_init() (or a copy of one)
 * gives specified results; for any other bytes the per-address functions
 * still read and write only their arguments, but their results are
 * unspecified.
 */
typedef struct v6t_addr_6rd {
	uint64_t prefix;  /**< private */
	uint64_t pmask;   /**< private */
	uint32_t ce_mask; /**< private */
	uint32_t br_hi;   /**< private */
	uint8_t shift;    /**< private */
	uint8_t len;      /**< private */
} v6t_addr_6rd;

/**
 * \brief Set up a 6rd domain from its 6rd elements (RFC 5969 §7, §7.1.1),
 * checking them: IPv4MaskLen must be 0..32 (§7.1.1: "Any value greater than
 * 32 is invalid"), and the delegated prefix, 6rdPrefixLen + 32 -
 * IPv4MaskLen bits long, must be no longer than /64 so that the CE's LAN
 * links can use SLAAC (§4 SHOULD; we require it, which also bounds
 * 6rdPrefixLen to 64, inside §7.1.1's limit of 128).
 *
 * Bits of \p prefix past 6rdPrefixLen are ignored (masked off), not
 * refused: RFC 5969 §7.1.1 says of 6rdPrefix that "the bits in the prefix
 * after the 6rdPrefixlen number of bits are reserved and MUST be
 * initialized to zero by the sender and ignored by the receiver", so the
 * fields of an OPTION_6RD can be passed as received.
 *
 * Any previous content of \p d is ignored; \p d is written only on success.
 * Nothing is kept of \p prefix or \p br after the call.
 *
 * \param[out] d          the domain.
 * \param[in]  prefix     the 6rd prefix: 6rdPrefix and, as its length,
 *                        6rdPrefixLen (0..64 once the check passes).
 * \param[in]  v4masklen  IPv4MaskLen: the number of high-order bits common
 *                        to all CE IPv4 addresses of the domain, 0..32.
 * \param[in]  br         6rdBRIPv4Address, the BR's IPv4 address, whose
 *                        high IPv4MaskLen bits v6t_addr_6rd_decode() puts
 *                        back into CE addresses (§7.2); may be NULL on a CE
 *                        that only builds its delegated prefix, and is
 *                        then taken as 0.0.0.0.
 * \return \ref V6T_OK; \ref V6T_EADDR_PREFIX_LEN if IPv4MaskLen > 32 or
 *   6rdPrefixLen + 32 - IPv4MaskLen > 64 (which covers 6rdPrefixLen > 128).
 */
V6T_API int v6t_addr_6rd_init(v6t_addr_6rd *d, const v6t_prefix6 *prefix,
			      unsigned v4masklen, const v6t_in4 *br);

/**
 * \brief The CE's 6rd delegated prefix (RFC 5969 §4): the 6rd prefix
 * followed by the low 32 - IPv4MaskLen bits of the CE IPv4 address; its
 * length is 6rdPrefixLen + 32 - IPv4MaskLen, and its bits past that length
 * are zero.
 *
 * \param[out] out  the delegated prefix.
 * \param[in]  d    the domain, from v6t_addr_6rd_init().
 * \param[in]  ce   the CE IPv4 address; its high IPv4MaskLen bits are not
 *                  used (they are the domain's).
 * \return \ref V6T_OK.
 */
V6T_API int v6t_addr_6rd_encode(v6t_prefix6 *out, const v6t_addr_6rd *d,
				const v6t_in4 *ce);

/**
 * \brief The address a CE or BR answers on for its own 6rd delegated prefix:
 * the Subnet-Router anycast address of that prefix (RFC 5969 §5, RFC 4291
 * §2.6.1), i.e. the delegated prefix followed by zero bits. For a BR, pass
 * the BR IPv4 address as \p ce (§5); a CE's default route goes via the BR's
 * (§7.1.1 example: 2001:db8:0:100::).
 *
 * \param[out] out  the address.
 * \param[in]  d    the domain, from v6t_addr_6rd_init().
 * \param[in]  ce   the CE (or BR) IPv4 address.
 * \return \ref V6T_OK.
 */
V6T_API int v6t_addr_6rd_anycast(v6t_in6 *out, const v6t_addr_6rd *d,
				 const v6t_in4 *ce);

/**
 * \brief BR side: the CE IPv4 address a 6rd destination belongs to
 * (RFC 5969 §7.2): the high IPv4MaskLen bits come from the domain's BR
 * IPv4 address (common to the domain; 0 if v6t_addr_6rd_init() had NULL),
 * the rest from the 32 - IPv4MaskLen bits after the 6rd prefix.
 *
 * \param[out] out  the CE IPv4 address.
 * \param[in]  a    the IPv6 destination.
 * \param[in]  d    the domain, from v6t_addr_6rd_init().
 * \return \ref V6T_OK; \ref V6T_EADDR_NOT_IN_PREFIX if \p a is not under
 *   the 6rd prefix.
 */
V6T_API int v6t_addr_6rd_decode(v6t_in4 *out, const v6t_in6 *a,
				const v6t_addr_6rd *d);

/** @} */

/* ------------------------------------------------------------------------ */
/** \name ISATAP (RFC 5214)
 * @{ */

/** \brief ISATAP flag: the "u" (universal/local) bit, set when the IPv4
 * address is globally unique (RFC 5214 §6.1). Its value is the bit's place in
 * the first octet of the interface identifier. */
#define V6T_ADDR_ISATAP_U 0x02u
/** \brief ISATAP flag: the "g" (individual/group) bit (RFC 5214 §6.1). */
#define V6T_ADDR_ISATAP_G 0x01u

/**
 * \brief The ISATAP interface identifier for an IPv4 address (RFC 5214 §6.1):
 * 000000ug 00000000 01011110 11111110 followed by the IPv4 address.
 * \param[out] iid    the 8-byte interface identifier, network order.
 * \param[in]  a      the IPv4 address.
 * \param[in]  flags  \ref V6T_ADDR_ISATAP_U and/or \ref V6T_ADDR_ISATAP_G.
 * \return \ref V6T_OK; \ref V6T_EINVAL for other flag bits.
 */
V6T_API int v6t_addr_isatap_iid(uint8_t iid[8], const v6t_in4 *a,
				unsigned flags);

/**
 * \brief An ISATAP address: a /64 prefix and the ISATAP interface identifier.
 * \param[out] out    the address.
 * \param[in]  p      the prefix; its length must be 64.
 * \param[in]  a      the IPv4 address.
 * \param[in]  flags  \ref V6T_ADDR_ISATAP_U and/or \ref V6T_ADDR_ISATAP_G.
 * \return \ref V6T_OK; \ref V6T_EADDR_PREFIX_LEN; \ref V6T_EINVAL for other flag bits.
 */
V6T_API int v6t_addr_isatap_encode(v6t_in6 *out, const v6t_prefix6 *p,
				   const v6t_in4 *a, unsigned flags);

/**
 * \brief Recognise an ISATAP interface identifier in the low 64 bits of \p a
 * and extract its IPv4 address and u/g bits. Any prefix is accepted.
 * \param[out] out    the IPv4 address.
 * \param[out] flags  if not NULL: \ref V6T_ADDR_ISATAP_U / \ref V6T_ADDR_ISATAP_G bits.
 * \param[in]  a      the address.
 * \return \ref V6T_OK; \ref V6T_EADDR_WRONG_KIND if the identifier is not of
 *   the ISATAP form.
 */
V6T_API int v6t_addr_isatap_decode(v6t_in4 *out, unsigned *flags,
				   const v6t_in6 *a);

/** @} */

/* ------------------------------------------------------------------------ */
/** \name Modified EUI-64 interface identifiers (RFC 4291 §2.5.1, Appendix A)
 * @{ */

/**
 * \brief The IEEE 802 48-bit MAC address an interface identifier was made
 * from (RFC 4291 Appendix A, "Links or Nodes with IEEE 802 48-bit MACs"):
 * the identifier is the MAC with 0xff 0xfe inserted after its third byte
 * and the universal/local bit (0x02 of the first byte) inverted, so the MAC
 * is bytes 8-10 and 13-15 of the address with that bit inverted back.
 *
 * Only addresses whose low 64 bits are an interface identifier in Modified
 * EUI-64 format are taken: unicast addresses outside ::/3 (RFC 4291 §2.5.1
 * requires that format of all others), except Teredo 2001::/32, whose low
 * 64 bits are flags, port and client address (RFC 4380 §4).
 *
 * \param[out] mac  the 6 bytes of the MAC, in transmission order (the
 *                  first byte of its usual text form first).
 * \param[in]  a    the address.
 * \return \ref V6T_OK; \ref V6T_EADDR_WRONG_KIND for a multicast address,
 *   an address in ::/3 or 2001::/32, or an identifier whose bytes 3 and 4
 *   (bytes 11 and 12 of the address) are not 0xff 0xfe.
 */
V6T_API int v6t_addr_eui48_decode(uint8_t mac[6], const v6t_in6 *a);

/** @} */

/* ------------------------------------------------------------------------ */
/** \name Teredo (RFC 4380 §4, RFC 5991 §3)
 * @{ */

/** \brief RFC 4380 §2.6: the Teredo prefix 2001::/32. */
V6T_API extern const v6t_prefix6 v6t_addr_teredo_prefix;

/** \brief Teredo flag C (cone NAT), RFC 4380 §4; deprecated for clients by RFC 5991 §3.2. */
#define V6T_ADDR_TEREDO_CONE 0x8000u
/** \brief Teredo flag z: reserved, must be zero when constructed (RFC 5991 §3.1). */
#define V6T_ADDR_TEREDO_RESERVED 0x4000u
/** \brief Teredo flag U (universal/local), RFC 5991 §3.1. */
#define V6T_ADDR_TEREDO_U 0x0200u
/** \brief Teredo flag G (individual/group), RFC 5991 §3.1. */
#define V6T_ADDR_TEREDO_G 0x0100u
/** \brief Teredo Random1 and Random2 bits that RFC 5991 §3.1 asks to be random. */
#define V6T_ADDR_TEREDO_RANDOM 0x3cffu

/** \brief The fields of a Teredo address, all in clear (not obfuscated). */
typedef struct v6t_addr_teredo {
	v6t_in4 server;  /**< the Teredo server's IPv4 address */
	uint16_t flags;  /**< the 16 flag bits (V6T_ADDR_TEREDO_*) */
	uint16_t port;   /**< the client's mapped UDP port, host order */
	v6t_in4 client;  /**< the client's mapped (external) IPv4 address */
} v6t_addr_teredo;

/**
 * \brief Build a Teredo address (RFC 4380 §4): 2001:0000, server, flags,
 * then the port and the client address each XORed with all ones.
 * \param[out] out  the address.
 * \param[in]  t    the fields.
 * \return \ref V6T_OK.
 */
V6T_API int v6t_addr_teredo_encode(v6t_in6 *out, const v6t_addr_teredo *t);

/**
 * \brief Decode a Teredo address (RFC 4380 §4), undoing the obfuscation.
 * \param[out] out  the fields.
 * \param[in]  a    the address.
 * \return \ref V6T_OK; \ref V6T_EADDR_WRONG_KIND if \p a is not in 2001::/32.
 */
V6T_API int v6t_addr_teredo_decode(v6t_addr_teredo *out, const v6t_in6 *a);

/** @} */

/* ------------------------------------------------------------------------ */
/** \name 6a44 (RFC 6751 §5)
 * @{ */

/** \brief The fields of a 6a44 client address (RFC 6751 §5, Figure 3). */
typedef struct v6t_addr_6a44 {
	v6t_in4 site;   /**< N: the customer site's (CPE's) public IPv4 address */
	uint16_t port;  /**< Z: the tunnel mapped UDP port, host order */
	v6t_in4 client; /**< A: the 6a44 client's local IPv4 address */
} v6t_addr_6a44;

/**
 * \brief Build a 6a44 client address: the /48 6a44-network prefix (C), then
 * N, Z and A (RFC 6751 §5, Figure 3).
 * \param[out] out  the address.
 * \param[in]  p    the 6a44-network prefix; its length must be 48.
 * \param[in]  f    the fields.
 * \return \ref V6T_OK; \ref V6T_EADDR_PREFIX_LEN.
 */
V6T_API int v6t_addr_6a44_encode(v6t_in6 *out, const v6t_prefix6 *p,
				 const v6t_addr_6a44 *f);

/**
 * \brief Decode a 6a44 client address under a 6a44-network prefix.
 * \param[out] out  the fields.
 * \param[in]  a    the address.
 * \param[in]  p    the 6a44-network prefix; its length must be 48.
 * \return \ref V6T_OK; \ref V6T_EADDR_PREFIX_LEN; \ref V6T_EADDR_NOT_IN_PREFIX.
 */
V6T_API int v6t_addr_6a44_decode(v6t_addr_6a44 *out, const v6t_in6 *a,
				 const v6t_prefix6 *p);

/** @} */

/* ------------------------------------------------------------------------ */
/** \name Classification (RFC 4291, RFC 6890 and the mechanisms above)
 * @{ */

/** \brief What an IPv6 address is, the first that applies in this order
 * (the order of the kinds in v6t's "addr show"). */
typedef enum v6t_addr_kind {
	V6T_KIND_UNSPECIFIED = 0, /**< ::/128 (RFC 4291 §2.5.2) */
	V6T_KIND_LOOPBACK,        /**< ::1/128 (RFC 4291 §2.5.3) */
	V6T_KIND_IPV4_MAPPED,     /**< ::%ffff:0:0/96 (RFC 4291 §2.5.5.2) */
	V6T_KIND_IPV4_COMPATIBLE, /**< ::/96, deprecated (RFC 4291 §2.5.5.1) */
	V6T_KIND_RFC6052_WKP,     /**< 64:ff9b::/96 (RFC 6052 §2.1) */
	V6T_KIND_RFC6052_LOCAL,   /**< 64:ff9b:1::/48 (RFC 8215) */
	V6T_KIND_6TO4,            /**< 2002::/16 (RFC 3056) */
	V6T_KIND_TEREDO,          /**< 2001::/32 (RFC 4380) */
	V6T_KIND_MULTICAST,       /**< ff00::/8 (RFC 4291 §2.7) */
	V6T_KIND_ISATAP,          /**< a unicast address with an ISATAP interface identifier (RFC 5214 §6.1) */
	V6T_KIND_LINK_LOCAL,      /**< fe80::/10 (RFC 4291 §2.5.6) */
	V6T_KIND_ULA,             /**< fc00::/7 (RFC 4193) */
	V6T_KIND_DOCUMENTATION,   /**< 2001:db8::/32 (RFC 3849) */
	V6T_KIND_GLOBAL           /**< anything else */
} v6t_addr_kind;

/**
 * \brief Classify an IPv6 address: the first kind of \ref v6t_addr_kind that
 * applies. ISATAP is recognised from the interface identifier of any
 * unicast address not matched earlier, link-local included.
 * \param[in] a  the address.
 * \return the kind.
 */
V6T_API v6t_addr_kind v6t_addr_classify(const v6t_in6 *a);

/**
 * \brief The name of a kind as the v6t tool prints it ("ipv4-mapped", "6to4", ...).
 * \param[in] k  a kind.
 * \return a static NUL-terminated string; "unknown" for a value outside the enum.
 */
V6T_API const char *v6t_addr_kind_name(v6t_addr_kind k);

/** \brief RFC 6890 attribute: valid as a source address. */
#define V6T_SPECIAL_SOURCE 0x01u
/** \brief RFC 6890 attribute: valid as a destination address. */
#define V6T_SPECIAL_DESTINATION 0x02u
/** \brief RFC 6890 attribute: routers may forward it. */
#define V6T_SPECIAL_FORWARDABLE 0x04u
/** \brief RFC 6890 attribute: globally reachable ("Global"). */
#define V6T_SPECIAL_GLOBAL 0x08u
/** \brief RFC 6890 attribute: reserved by protocol. */
#define V6T_SPECIAL_RESERVED 0x10u

/** \brief An entry of the RFC 6890 special-purpose IPv4 registry (§2.2.2). */
typedef struct v6t_special4 {
	v6t_prefix4 prefix; /**< the block */
	const char *name;   /**< the registry's name, e.g. "Shared Address Space" */
	uint16_t rfc;       /**< the RFC that defines the block */
	uint8_t attrs;      /**< V6T_SPECIAL_* bits */
} v6t_special4;

/** \brief An entry of the RFC 6890 special-purpose IPv6 registry (§2.2.3). */
typedef struct v6t_special6 {
	v6t_prefix6 prefix; /**< the block */
	const char *name;   /**< the registry's name, e.g. "Unique-Local" */
	uint16_t rfc;       /**< the RFC that defines the block */
	uint8_t attrs;      /**< V6T_SPECIAL_* bits */
} v6t_special6;

/**
 * \brief Look an IPv4 address up in the RFC 6890 §2.2.2 special-purpose
 * registry; the most specific block wins (192.0.0.0/29 over 192.0.0.0/24).
 * \param[in] a  the address.
 * \return the registry entry (static storage), or NULL for an address in no
 *   special-purpose block.
 */
V6T_API const v6t_special4 *v6t_addr_in4_special(const v6t_in4 *a);

/**
 * \brief Look an IPv6 address up in the RFC 6890 §2.2.3 special-purpose
 * registry (plus 64:ff9b:1::/48 of RFC 8215); the most specific block wins.
 * \param[in] a  the address.
 * \return the registry entry (static storage), or NULL.
 */
V6T_API const v6t_special6 *v6t_addr_in6_special(const v6t_in6 *a);

/**
 * \brief Whether an IPv4 address is globally reachable unicast: in no RFC 6890
 * block, or in one whose Global attribute is True, and not multicast
 * (224.0.0.0/4) or class E (240.0.0.0/4).
 * \param[in] a  the address.
 * \return 1 if global, 0 if not.
 */
V6T_API int v6t_addr_in4_is_global(const v6t_in4 *a);

/** \brief 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918).
 * \param[in] a the address. \return 1 or 0. */
V6T_API int v6t_addr_in4_is_private(const v6t_in4 *a);
/** \brief 100.64.0.0/10, Shared Address Space (RFC 6598).
 * \param[in] a the address. \return 1 or 0. */
V6T_API int v6t_addr_in4_is_shared(const v6t_in4 *a);
/** \brief 127.0.0.0/8 (RFC 1122 §3.2.1.3).
 * \param[in] a the address. \return 1 or 0. */
V6T_API int v6t_addr_in4_is_loopback(const v6t_in4 *a);
/** \brief 169.254.0.0/16 (RFC 3927).
 * \param[in] a the address. \return 1 or 0. */
V6T_API int v6t_addr_in4_is_link_local(const v6t_in4 *a);
/** \brief 224.0.0.0/4 (RFC 5771).
 * \param[in] a the address. \return 1 or 0. */
V6T_API int v6t_addr_in4_is_multicast(const v6t_in4 *a);
/** \brief 192.0.2.0/24, 198.51.100.0/24 or 203.0.113.0/24 (RFC 5737).
 * \param[in] a the address. \return 1 or 0. */
V6T_API int v6t_addr_in4_is_documentation(const v6t_in4 *a);

/**
 * \brief Whether an IPv6 address is globally reachable: in a block of the
 * RFC 6890 registry whose Global attribute is True (64:ff9b::/96), or in
 * global unicast space 2000::/3 (RFC 4291 §2.4) and in no RFC 6890 block.
 * A 6to4 address (Global "N/A" in RFC 6890) is global when the IPv4 address
 * it embeds is (RFC 3056 §2). Multicast is global only with global scope
 * (ffxe::/16, RFC 4291 §2.7).
 * \param[in] a  the address.
 * \return 1 if global, 0 if not.
 */
V6T_API int v6t_addr_in6_is_global(const v6t_in6 *a);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* V6TRANSIT_ADDR_H */
