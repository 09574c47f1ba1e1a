/*
 * libv6transit - address text form: strict parsers and RFC 5952 formatters.
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The parsers make one left-to-right pass and report the first problem they
 * meet. A byte that cannot appear where it stands is V6T_EADDR_CHAR before
 * anything else is judged about the field it ends. Results are built in
 * locals and copied out only on success. On failure the scanners leave in
 * their position out-parameter the index where the fault was found (see
 * v6t_addr_in6_parse_pos() in addr.h for what that is for each error).
 *
 * The formatters build the text in a local buffer that always suffices, then
 * copy it out if the caller's buffer is large enough.
 */
#include <v6transit/addr.h>

#include "addr_internal.h"
#include "bytes.h"

/* Bytes that may end an address inside a longer text. */
#define END_SLASH 0x1u /* "addr/len": the prefix length follows */
#define END_COLON 0x2u /* a dotted tail followed by ':' (not last) */

#define IN6_GROUPS 8
#define IN6_HEX_GROUPS_MIXED 6 /* RFC 5952 §5: dotted quad for the last 32 bits */
#define OCTET_DIGITS_MAX 3
#define GROUP_DIGITS_MAX 4
#define NOT_HEX 16u

static const char hex_digits[] = "0123456789abcdef";

/* "00" "01" ... "99": the two decimal digits of 0..99. */
static const char dec_pairs[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

static int at_end(const char *s, size_t len, size_t i, unsigned ends)
{
	if (i == len)
		return 1;
	if (s[i] == '/')
		return (ends & END_SLASH) != 0;
	if (s[i] == ':')
		return (ends & END_COLON) != 0;
	return 0;
}

static unsigned dec_value(char c)
{
	return (unsigned)(unsigned char)c - '0';
}

/*
 * Byte -> value of a hex digit of either case, or NOT_HEX: one load per
 * digit in the IPv6 group loop, where the tests of a digit, a case fold
 * and a letter took most of a full-form address's instructions.
 */
#define X NOT_HEX
static const uint8_t hex_value[256] = {
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, X, X, X, X, X, X,
	X, 10, 11, 12, 13, 14, 15, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, 10, 11, 12, 13, 14, 15, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
};
#undef X

/* ------------------------------------------------------------- IPv4 parse */

/*
 * One decimal octet at s[*pos]; the byte after it must be '.' or an end.
 * On failure *pos is the offending byte (CHAR) or, left as it was, the
 * octet's first byte.
 */
static int octet_scan(const char *s, size_t len, size_t *pos, unsigned ends,
		      uint8_t *out)
{
	size_t i = *pos, start = i;
	unsigned v = 0, d;

	while (i < len && (d = dec_value(s[i])) < 10) {
		if (i - start < OCTET_DIGITS_MAX) /* v stays below 1000 */
			v = v * 10 + d;
		i++;
	}
	if (i < len && s[i] != '.' && !at_end(s, len, i, ends)) {
		*pos = i;
		return V6T_EADDR_CHAR;
	}
	if (i == start)
		return V6T_EADDR_OCTET;
	/* a leading zero reads as octal to inet_aton(); we refuse it */
	if (i - start > 1 && s[start] == '0')
		return V6T_EADDR_LEADING_ZERO;
	if (i - start > OCTET_DIGITS_MAX || v > 255)
		return V6T_EADDR_OCTET;
	*out = (uint8_t)v;
	*pos = i;
	return V6T_OK;
}

/*
 * Four dotted octets at the start of s. *pos (set here) ends where the scan
 * stopped: at the end of the text or a byte of ends on success, at the
 * fault on failure. A fifth '.' is OCTET_COUNT.
 */
static int in4_scan(uint8_t out[4], const char *s, size_t len, size_t *pos,
		    unsigned ends)
{
	size_t i = 0; /* a local, which the byte stores to out cannot alias */
	unsigned k;
	int rc;

	*pos = 0;
	if (at_end(s, len, 0, ends)) /* "" or "/len" */
		return V6T_EADDR_EMPTY;
	for (k = 0; k < 4; k++) {
		if (k > 0) {
			if (i == len || s[i] != '.') {
				*pos = i;
				return V6T_EADDR_OCTET_COUNT; /* too few */
			}
			i++;
		}
		rc = octet_scan(s, len, &i, ends, &out[k]);
		if (rc != V6T_OK) {
			*pos = i;
			return rc;
		}
	}
	*pos = i;
	if (i < len && s[i] == '.')
		return V6T_EADDR_OCTET_COUNT; /* too many */
	return V6T_OK;
}

/* see addr.h */
int v6t_addr_in4_parse(v6t_in4 *out, const char *s, size_t len)
{
	uint8_t b[4];
	size_t used;
	int rc = in4_scan(b, s, len, &used, 0);

	if (rc != V6T_OK)
		return rc;
	memcpy(out->b, b, sizeof b);
	return V6T_OK;
}

/* ------------------------------------------------------------- IPv6 parse */

/* What has been read of an IPv6 address so far. */
struct in6_groups {
	uint16_t g[IN6_GROUPS]; /* the groups written, in order */
	unsigned n;             /* how many */
	int dc;                 /* index in g where "::" stands, or -1 */
};

/*
 * The dotted tail that starts at s[*pos] (RFC 4291 §2.2 item 3): it may
 * only hold the last 32 bits and must end the address. On failure *pos is
 * the tail's first byte, the fault inside it, or the ':' after it.
 */
static int in6_tail(struct in6_groups *a, const char *s, size_t len,
		    size_t *pos, unsigned ends)
{
	uint8_t b[4];
	size_t start = *pos, used;
	int rc;

	if (a->n > IN6_HEX_GROUPS_MIXED || (a->dc < 0 && a->n < IN6_HEX_GROUPS_MIXED))
		return V6T_EADDR_IPV4_TAIL;
	if (a->dc >= 0 && a->n == IN6_HEX_GROUPS_MIXED)
		return V6T_EADDR_GROUP_COUNT; /* "::" would stand for no group */
	rc = in4_scan(b, s + start, len - start, &used, ends | END_COLON);
	*pos = start + used;
	if (rc != V6T_OK)
		return rc;
	if (*pos < len && s[*pos] == ':')
		return V6T_EADDR_IPV4_TAIL; /* not last */
	a->g[a->n++] = v6t_ld_be16(b);
	a->g[a->n++] = v6t_ld_be16(b + 2);
	return V6T_OK;
}

/* Place the groups in 16 bytes, "::" expanded to the missing zero groups. */
static void in6_expand(uint8_t out[16], const struct in6_groups *a)
{
	unsigned i, head = a->dc < 0 ? a->n : (unsigned)a->dc;
	unsigned skip = IN6_GROUPS - a->n;

	memset(out, 0, 16);
	for (i = 0; i < head; i++)
		v6t_st_be16(out + 2 * i, a->g[i]);
	for (; i < a->n; i++)
		v6t_st_be16(out + 2 * (i + skip), a->g[i]);
}

/*
 * After a group, s[*pos] is the end or ':' (the caller checked). Sets *done
 * at the end; otherwise moves *pos past ':' or "::", recording "::". A
 * second "::" is reported at its first ':' (*pos unchanged).
 */
static int in6_separator(struct in6_groups *a, const char *s, size_t len,
			 size_t *pos, unsigned ends, int *done)
{
	size_t i = *pos;

	if (at_end(s, len, i, ends)) {
		*done = 1;
		return V6T_OK;
	}
	i++; /* the ':' */
	if (i < len && s[i] == ':') {
		if (a->dc >= 0)
			return V6T_EADDR_DOUBLE_COLON; /* RFC 4291 §2.2 item 2 */
		a->dc = (int)a->n;
		i++;
		*done = at_end(s, len, i, ends);
	}
	*pos = i;
	return V6T_OK;
}

/*
 * One hex group (or the dotted tail) at s[*pos]. On failure *pos is the
 * offending byte (CHAR), the fault in the tail, or, unchanged, the group's
 * first byte.
 */
static int in6_group(struct in6_groups *a, const char *s, size_t len,
		     size_t *pos, unsigned ends, int *done)
{
	size_t i = *pos, start = i;
	size_t lim = len - i < GROUP_DIGITS_MAX ? len : i + GROUP_DIGITS_MAX;
	unsigned v = 0, d;

	/* the first digit outside the loop: most groups have one to four */
	if (i < lim && (d = hex_value[(unsigned char)s[i]]) != NOT_HEX) {
		v = d;
		while (++i < lim && (d = hex_value[(unsigned char)s[i]]) != NOT_HEX)
			v = v << 4 | d;
	}
	/* a fifth digit: the run is GROUP_LONG, judged below at its end */
	while (i < len && hex_value[(unsigned char)s[i]] != NOT_HEX)
		i++;
	if (i < len && s[i] == '.') {
		*done = 1;
		return in6_tail(a, s, len, pos, ends);
	}
	if (i < len && s[i] != ':' && !at_end(s, len, i, ends)) {
		*pos = i;
		return V6T_EADDR_CHAR;
	}
	if (i == start)
		return V6T_EADDR_GROUP_EMPTY; /* ":::", "1:", "1:/64" */
	if (i - start > GROUP_DIGITS_MAX)
		return V6T_EADDR_GROUP_LONG;
	if (a->n == IN6_GROUPS)
		return V6T_EADDR_GROUP_COUNT;
	a->g[a->n++] = (uint16_t)v;
	*pos = i;
	return in6_separator(a, s, len, pos, ends, done);
}

/*
 * An IPv6 address at the start of s. *pos (set here) ends where the scan
 * stopped: at the end of the text or a byte of ends on success, at the
 * fault on failure (a wrong number of groups is found at the end).
 */
static int in6_scan(uint8_t out[16], const char *s, size_t len, size_t *pos,
		    unsigned ends)
{
	struct in6_groups a;
	size_t i = 0;
	int done = 0, rc;

	*pos = 0;
	if (at_end(s, len, 0, ends)) /* "" or "/len" */
		return V6T_EADDR_EMPTY;
	a.n = 0;
	a.dc = -1;
	if (s[0] == ':') {
		if (len < 2 || s[1] != ':')
			return V6T_EADDR_GROUP_EMPTY; /* a lone leading ':' */
		a.dc = 0;
		i = 2;
		done = at_end(s, len, i, ends);
	}
	while (!done) {
		rc = in6_group(&a, s, len, &i, ends, &done);
		if (rc != V6T_OK) {
			*pos = i;
			return rc;
		}
	}
	*pos = i;
	/* RFC 4291 §2.2: eight groups, or "::" standing for at least one */
	if (a.dc < 0 ? a.n != IN6_GROUPS : a.n >= IN6_GROUPS)
		return V6T_EADDR_GROUP_COUNT;
	in6_expand(out, &a);
	return V6T_OK;
}

/* see addr.h */
int v6t_addr_in6_parse_pos(v6t_in6 *out, size_t *errpos, const char *s,
			   size_t len)
{
	uint8_t b[16];
	size_t pos;
	int rc = in6_scan(b, s, len, &pos, 0);

	if (rc != V6T_OK) {
		*errpos = pos;
		return rc;
	}
	memcpy(out->b, b, sizeof b);
	return V6T_OK;
}

/* see addr.h */
int v6t_addr_in6_parse(v6t_in6 *out, const char *s, size_t len)
{
	size_t unused;

	return v6t_addr_in6_parse_pos(out, &unused, s, len);
}

/* ----------------------------------------------------------- prefix parse */

/* The decimal length after '/': digits only, no leading zero, <= max. */
static int prefix_len_parse(const char *s, size_t len, unsigned max,
			    uint8_t *out)
{
	size_t i;
	unsigned v = 0, d;

	if (len == 0)
		return V6T_EADDR_PREFIX_SYNTAX;
	for (i = 0; i < len; i++) {
		d = dec_value(s[i]);
		if (d >= 10)
			return V6T_EADDR_PREFIX_SYNTAX;
		if (v <= max) /* saturate: v stays below 10 * (max + 1) */
			v = v * 10 + d;
	}
	if (len > 1 && s[0] == '0')
		return V6T_EADDR_PREFIX_SYNTAX;
	if (v > max)
		return V6T_EADDR_PREFIX_RANGE;
	*out = (uint8_t)v;
	return V6T_OK;
}

/* The "/len" at s[used] after an address of size bytes, checked against it. */
static int prefix_tail(const uint8_t *addr, size_t size, const char *s,
		       size_t len, size_t used, uint8_t *plen)
{
	int rc;

	if (used == len)
		return V6T_EADDR_PREFIX_SYNTAX; /* no "/len" */
	/* s[used] is '/': the only end byte the address scan was given */
	rc = prefix_len_parse(s + used + 1, len - used - 1,
			      (unsigned)size * 8, plen);
	if (rc != V6T_OK)
		return rc;
	if (!v6t_bits_zero_from(addr, size, *plen))
		return V6T_EADDR_HOST_BITS;
	return V6T_OK;
}

/* see addr.h */
int v6t_addr_prefix4_parse(v6t_prefix4 *out, const char *s, size_t len)
{
	uint8_t b[4], plen;
	size_t used;
	int rc = in4_scan(b, s, len, &used, END_SLASH);

	if (rc == V6T_OK)
		rc = prefix_tail(b, sizeof b, s, len, used, &plen);
	if (rc != V6T_OK)
		return rc;
	memcpy(out->addr.b, b, sizeof b);
	out->len = plen;
	return V6T_OK;
}

/* see addr.h */
int v6t_addr_prefix6_parse(v6t_prefix6 *out, const char *s, size_t len)
{
	uint8_t b[16], plen;
	size_t used;
	int rc = in6_scan(b, s, len, &used, END_SLASH);

	if (rc == V6T_OK)
		rc = prefix_tail(b, sizeof b, s, len, used, &plen);
	if (rc != V6T_OK)
		return rc;
	memcpy(out->addr.b, b, sizeof b);
	out->len = plen;
	return V6T_OK;
}

/* ----------------------------------------------------------------- format */

/* Decimal digits of v (0..255), no leading zeros. */
static char *put_dec(char *p, unsigned v)
{
	if (v >= 100) {
		unsigned h = v >= 200 ? 2 : 1;

		*p++ = (char)('0' + h);
		v -= 100 * h;
		*p++ = dec_pairs[2 * v];
		*p++ = dec_pairs[2 * v + 1];
	} else if (v >= 10) {
		*p++ = dec_pairs[2 * v];
		*p++ = dec_pairs[2 * v + 1];
	} else {
		*p++ = (char)('0' + v);
	}
	return p;
}

/* RFC 5952 §4.1, §4.3: lowercase hex, leading zeros suppressed. */
static char *put_hex(char *p, unsigned v)
{
	if (v >= 0x1000)
		*p++ = hex_digits[v >> 12];
	if (v >= 0x100)
		*p++ = hex_digits[(v >> 8) & 0xf];
	if (v >= 0x10)
		*p++ = hex_digits[(v >> 4) & 0xf];
	*p++ = hex_digits[v & 0xf];
	return p;
}

static char *put_in4(char *p, const uint8_t b[4])
{
	p = put_dec(p, b[0]);
	*p++ = '.';
	p = put_dec(p, b[1]);
	*p++ = '.';
	p = put_dec(p, b[2]);
	*p++ = '.';
	return put_dec(p, b[3]);
}

/* The text ends at p (tmp holds it); copy it out if it fits, with a NUL. */
static int put_out(char *buf, size_t buflen, size_t *outlen, const char *tmp,
		   const char *p)
{
	size_t n = (size_t)(p - tmp);

	if (outlen != NULL)
		*outlen = n;
	if (buflen < n + 1)
		return V6T_ENOSPC;
	memcpy(buf, tmp, n);
	buf[n] = '\0';
	return V6T_OK;
}

/* see addr.h */
int v6t_addr_in4_format(char *buf, size_t buflen, size_t *outlen,
			const v6t_in4 *a)
{
	char tmp[V6T_IN4_STRLEN];

	return put_out(buf, buflen, outlen, tmp, put_in4(tmp, a->b));
}

/*
 * RFC 5952 §5: prefixes whose last 32 bits are written dotted under
 * V6T_FMT_MIXED: IPv4-mapped ::ffff:0:0/96 (RFC 4291 §2.5.5.2),
 * IPv4-translated ::ffff:0:0:0/96 (RFC 2765 §2.1) and 64:ff9b::/96
 * (RFC 6052 §2.1).
 */
static const uint8_t mixed_prefixes[3][12] = {
	{ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff },
	{ 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0 },
	{ 0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0 },
};

static int is_mixed(const v6t_in6 *a)
{
	unsigned i;

	for (i = 0; i < 3; i++)
		if (memcmp(a->b, mixed_prefixes[i], 12) == 0)
			return 1;
	return 0;
}

/*
 * RFC 5952 §4.2: the longest run of two or more zero groups, the first if
 * tied (§4.2.3); *run_len is 0 when there is none (§4.2.2).
 */
static void longest_zero_run(const uint16_t *g, unsigned n, unsigned *run_at,
			     unsigned *run_len)
{
	unsigned i, cur = 0, best = 1;

	*run_at = 0;
	*run_len = 0;
	for (i = 0; i < n; i++) {
		if (g[i] != 0) {
			cur = 0;
			continue;
		}
		cur++;
		if (cur > best) { /* strictly longer: the first run wins a tie */
			best = cur;
			*run_at = i + 1 - cur;
			*run_len = cur;
		}
	}
}

/* n groups of a, "::" for the longest zero run; returns the end of the text. */
static char *put_in6_hex(char *p, const v6t_in6 *a, unsigned n, int *ends_dc)
{
	uint16_t g[IN6_GROUPS];
	unsigned i, run_at, run_len;

	for (i = 0; i < n; i++)
		g[i] = v6t_ld_be16(a->b + 2 * i);
	longest_zero_run(g, n, &run_at, &run_len);
	for (i = 0; i < n; i++) {
		if (run_len != 0 && i == run_at) {
			*p++ = ':';
			*p++ = ':';
			i += run_len - 1;
			continue;
		}
		if (i != 0 && !(run_len != 0 && i == run_at + run_len))
			*p++ = ':';
		p = put_hex(p, g[i]);
	}
	*ends_dc = run_len != 0 && run_at + run_len == n;
	return p;
}

/* The address text into tmp (V6T_IN6_STRLEN bytes); returns its end. */
static char *put_in6(char *tmp, const v6t_in6 *a, unsigned flags)
{
	char *p;
	int ends_dc;

	if ((flags & V6T_FMT_MIXED) == 0 || !is_mixed(a))
		return put_in6_hex(tmp, a, IN6_GROUPS, &ends_dc);
	p = put_in6_hex(tmp, a, IN6_HEX_GROUPS_MIXED, &ends_dc);
	if (!ends_dc)
		*p++ = ':';
	return put_in4(p, a->b + 12);
}

/* see addr.h */
int v6t_addr_in6_format(char *buf, size_t buflen, size_t *outlen,
			const v6t_in6 *a, unsigned flags)
{
	char tmp[V6T_IN6_STRLEN];

	if ((flags & ~V6T_FMT_MIXED) != 0)
		return V6T_EINVAL;
	return put_out(buf, buflen, outlen, tmp, put_in6(tmp, a, flags));
}

/* RFC 3596 §2.5: the reverse-lookup zone, written fully qualified. */
static const char ip6_arpa[] = "ip6.arpa.";

/* see addr.h */
int v6t_addr_in6_ptr_format(char *buf, size_t buflen, size_t *outlen,
			    const v6t_in6 *a)
{
	char tmp[V6T_IN6_PTR_STRLEN];
	char *p = tmp;
	size_t i = sizeof a->b;

	/* RFC 3596 §2.5: the lowest-order nibble first */
	while (i-- > 0) {
		*p++ = hex_digits[a->b[i] & 0xfu];
		*p++ = '.';
		*p++ = hex_digits[a->b[i] >> 4];
		*p++ = '.';
	}
	memcpy(p, ip6_arpa, sizeof ip6_arpa - 1);
	return put_out(buf, buflen, outlen, tmp, p + sizeof ip6_arpa - 1);
}

/* see addr.h */
int v6t_addr_prefix4_format(char *buf, size_t buflen, size_t *outlen,
			    const v6t_prefix4 *p)
{
	char tmp[V6T_PREFIX4_STRLEN];
	char *e;

	if (p->len > 32)
		return V6T_EINVAL;
	e = put_in4(tmp, p->addr.b);
	*e++ = '/';
	return put_out(buf, buflen, outlen, tmp, put_dec(e, p->len));
}

/* see addr.h */
int v6t_addr_prefix6_format(char *buf, size_t buflen, size_t *outlen,
			    const v6t_prefix6 *p)
{
	char tmp[V6T_PREFIX6_STRLEN];
	char *e;

	if (p->len > 128)
		return V6T_EINVAL;
	e = put_in6(tmp, &p->addr, 0);
	*e++ = '/';
	return put_out(buf, buflen, outlen, tmp, put_dec(e, p->len));
}
