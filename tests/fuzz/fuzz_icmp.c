/*
 * Fuzz target: v6t_icmp4_error_build() / v6t_icmp6_error_build() (icmp.h)
 * on random parameters and quotes, and v6t_icmp_may_answer() on the quote.
 *
 * Input: 14 bytes of parameters, then ext_len bytes of extension, then the
 * quote (all of what is left):
 *   0      flags: 1 IPv6, 2 in place, 4 cap from bytes 12..13
 *   1, 2   type, code
 *   3..6   rest (big-endian)
 *   7, 8   hop_limit, tclass (IPv4 ip_id: rest's low 16 bits xor these)
 *   9, 10  limit (big-endian; 0 the default)
 *   11     ext_len (bytes; 0 none; the extension is NULL when the input
 *          is shorter)
 *   12, 13 cap (big-endian) with flag 4, else room for any error
 *
 * Properties (abort() on a violation):
 * - the result is V6T_EINVAL exactly when icmp.h says (ref_invalid()),
 *   else V6T_OK or V6T_ENOSPC; a failed call writes nothing (a sentinel
 *   fill stays) but, with V6T_ENOSPC, *outlen: more than cap, and a build
 *   with that cap succeeds with that length;
 * - an error is at most the limit and cap, parses with v6t_pkt_parse()
 *   as one whole datagram of its length (IPv4 IHL 5, protocol 1, a right
 *   header checksum, the ID given, no fragment bits; IPv6 Next Header 58, flow
 *   label 0), with the addresses, TTL / Hop Limit (0 is 64) and TOS /
 *   Traffic Class asked for, and a right ICMP checksum (ICMPv6 with the
 *   pseudo-header);
 * - type, code and rest are as given but the RFC 4884 length byte of the
 *   messages that have one; a quote without extension is the longest
 *   prefix of the quote the limit allows; with one, the length attribute
 *   is the field's length in 4- / 8-byte words, the field is at least
 *   128 bytes, the quote's prefix then zeros, the extension follows and
 *   ends the datagram, and it is left out only when 128 bytes and it do
 *   not fit;
 * - built in place (the quote at out + 28 / 48) the bytes are the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <v6transit/icmp.h>
#include <v6transit/packet.h>

#include "fuzz_sum.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PARAMS_LEN 14
#define SENTINEL 0xa5
#define BIG_CAP 70000u

static void check(int cond)
{
	if (!cond)
		abort();
}

static unsigned be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static int is_err4(unsigned t)
{
	return t == 3 || t == 4 || t == 5 || t == 11 || t == 12;
}

/* RFC 4884 §4.6 */
static int has_len_attr(int v6, unsigned t)
{
	return v6 ? t == 1 || t == 3 : t == 3 || t == 11 || t == 12;
}

struct in {
	int v6, inplace;
	v6t_icmp_params p;
	size_t cap, limit; /* limit: effective */
	const uint8_t *quote;
	size_t qlen;
};

/* icmp.h's V6T_EINVAL cases for non-NULL pointers. */
static int ref_invalid(const struct in *x)
{
	size_t hdrs = x->v6 ? 48 : 28;

	if (x->v6 ? x->p.type == 0 || x->p.type >= 128 : !is_err4(x->p.type))
		return 1;
	if (x->p.ext_len != 0 &&
	    (x->p.ext == NULL || x->p.ext_len < 8 || x->p.ext_len % 4 != 0 ||
	     !has_len_attr(x->v6, x->p.type)))
		return 1;
	return x->limit < hdrs;
}

static int call(const struct in *x, uint8_t *out, size_t cap, size_t *n,
		const uint8_t *quote)
{
	static const v6t_in4 s4 = { { 192, 0, 2, 1 } }, d4 = { { 198, 51, 100, 7 } };
	static const v6t_in6 s6 = { { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } };
	static const v6t_in6 d6 = { { 0xfe, 0x80, [15] = 9 } };

	if (x->v6)
		return v6t_icmp6_error_build(out, cap, n, &s6, &d6, &x->p, quote,
					     x->qlen);
	return v6t_icmp4_error_build(out, cap, n, &s4, &d4, &x->p, quote, x->qlen);
}

static void check_headers(const struct in *x, const uint8_t *e, size_t n)
{
	v6t_pkt v;
	uint8_t hl = x->p.hop_limit ? x->p.hop_limit : 64;

	check(v6t_pkt_parse(e, n, 0, &v) == V6T_OK);
	check(v.end == n);
	if (x->v6) {
		unsigned long s;

		check(v.version == 6 && e[6] == 58 && e[7] == hl);
		check(v.flags & V6T_PKT_L4 && v.l4_off == 40 && v.proto == 58);
		check(((unsigned)e[0] << 4 | e[1] >> 4) == (0x600u | x->p.tclass));
		check((e[1] & 0x0f) == 0 && e[2] == 0 && e[3] == 0);
		check(e[8] == 0x20 && e[23] == 1 && e[24] == 0xfe && e[39] == 9);
		s = sum16(0, e + 8, 32) + (n - 40) + 58;
		check(sum16(s, e + 40, n - 40) == 0xffff);
	} else {
		check(v.version == 4 && e[0] == 0x45 && e[1] == x->p.tclass);
		check(be16(e + 4) == x->p.ip_id && be16(e + 6) == 0);
		check(e[8] == hl && e[9] == 1 && v.l4_off == 20);
		check(e[12] == 192 && e[15] == 1 && e[16] == 198 && e[19] == 7);
		check(sum16(0, e, 20) == 0xffff);
		check(sum16(0, e + 20, n - 20) == 0xffff);
	}
}

static void check_body(const struct in *x, const uint8_t *e, size_t n)
{
	size_t hdrs = x->v6 ? 48 : 28, unit = x->v6 ? 8 : 4;
	size_t attr_off = x->v6 ? 44 : 25, room = x->limit - hdrs, k;
	const uint8_t *icmp = e + hdrs - 8;
	uint8_t rest[4];
	unsigned attr = 0;

	rest[0] = (uint8_t)(x->p.rest >> 24);
	rest[1] = (uint8_t)(x->p.rest >> 16);
	rest[2] = (uint8_t)(x->p.rest >> 8);
	rest[3] = (uint8_t)x->p.rest;
	check(icmp[0] == x->p.type && icmp[1] == x->p.code);
	for (k = 0; k < 4; k++)
		if (!(has_len_attr(x->v6, x->p.type) && 4 + k == attr_off - (hdrs - 8)))
			check(icmp[4 + k] == rest[k]);
	if (has_len_attr(x->v6, x->p.type))
		attr = e[attr_off];
	if (attr == 0) {
		size_t want = x->qlen < room ? x->qlen : room;

		/* the extension left out only when it could not fit */
		check(x->p.ext_len == 0 || room < x->p.ext_len + 128);
		check(n == hdrs + want);
		check(want == 0 || memcmp(e + hdrs, x->quote, want) == 0);
		return;
	}
	{
		size_t field = attr * unit, copy = x->qlen < field ? x->qlen : field;

		check(x->p.ext_len != 0 && field >= 128);
		check(n == hdrs + field + x->p.ext_len);
		check(copy == 0 || memcmp(e + hdrs, x->quote, copy) == 0);
		for (k = copy; k < field; k++)
			check(e[hdrs + k] == 0);
		check(memcmp(e + hdrs + field, x->p.ext, x->p.ext_len) == 0);
		/* the field is cut only as far as the limit asks */
		if (copy < x->qlen && field < 255 * unit)
			check(n + unit > x->limit);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in x;
	uint8_t *out, *out2;
	size_t n = 0, n2 = 0, alloc, k, elen;
	int rc;

	if (size < PARAMS_LEN)
		return 0;
	memset(&x, 0, sizeof x);
	x.v6 = data[0] & 1;
	x.inplace = (data[0] & 2) != 0;
	x.p.type = data[1];
	x.p.code = data[2];
	x.p.rest = (uint32_t)be16(data + 3) << 16 | be16(data + 5);
	x.p.hop_limit = data[7];
	x.p.tclass = data[8];
	x.p.limit = be16(data + 9);
	x.p.ip_id = (uint16_t)(x.p.rest ^ be16(data + 7));
	elen = data[11];
	x.p.ext_len = elen;
	if (elen <= size - PARAMS_LEN)
		x.p.ext = data + PARAMS_LEN;
	else
		elen = 0;
	x.cap = data[0] & 4 ? be16(data + 12) : BIG_CAP;
	x.quote = data + PARAMS_LEN + elen;
	x.qlen = size - PARAMS_LEN - elen;
	x.limit = x.p.limit ? x.p.limit : (x.v6 ? 1280 : 576);

	alloc = x.cap > 48 + x.qlen ? x.cap : 48 + x.qlen;
	out = malloc(alloc ? alloc : 1);
	check(out != NULL);
	memset(out, SENTINEL, alloc);
	rc = call(&x, out, x.cap, &n, x.quote);
	if (ref_invalid(&x)) {
		check(rc == V6T_EINVAL && n == 0);
		for (k = 0; k < alloc; k++)
			check(out[k] == SENTINEL);
		free(out);
		return 0;
	}
	if (rc == V6T_ENOSPC) {
		check(n > x.cap);
		for (k = 0; k < alloc; k++)
			check(out[k] == SENTINEL);
		free(out);
		x.cap = n;
		alloc = n > 48 + x.qlen ? n : 48 + x.qlen;
		out = malloc(alloc);
		check(out != NULL);
		rc = call(&x, out, x.cap, &n2, x.quote);
		check(rc == V6T_OK && n2 == n);
	}
	check(rc == V6T_OK);
	check(n <= x.cap && n <= x.limit);
	check_headers(&x, out, n);
	check_body(&x, out, n);

	/* in place: the quote already at out + 28 / 48 */
	if (x.inplace) {
		size_t hdrs = x.v6 ? 48 : 28;

		out2 = malloc(alloc);
		check(out2 != NULL);
		memset(out2, SENTINEL, alloc);
		if (x.qlen)
			memcpy(out2 + hdrs, x.quote, x.qlen);
		check(call(&x, out2, x.cap, &n2, out2 + hdrs) == V6T_OK);
		check(n2 == n && memcmp(out, out2, n) == 0);
		free(out2);
	}
	free(out);
	/* must not crash on any bytes; the answer is 0 or 1 */
	rc = v6t_icmp_may_answer(x.quote, x.qlen, x.p.type, x.p.code);
	check(rc == 0 || rc == 1);
	return 0;
}
