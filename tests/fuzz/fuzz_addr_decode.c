/*
 * Fuzz target: the IPv4-embedding decoders of addr.h (RFC 6052, 6to4, 6rd,
 * ISATAP, Teredo, 6a44) and, through the properties, their encoders.
 *
 * Input layout (missing bytes read as zero, extra bytes ignored):
 *   0..15   an IPv6 address a
 *   16..31  prefix bytes (host bits as given: they are hostile too)
 *   32      prefix length, 0..255
 *   33      IPv4MaskLen for 6rd, 0..255
 *   34..37  an IPv4 address (6rd BR / CE, RFC 6052 payload)
 *   38      ISATAP flags for the encoder, any value
 *   39..    sizeof(v6t_addr_6rd) raw bytes, poured into a 6rd domain as
 *           is (not through v6t_addr_6rd_init)
 *
 * Properties (abort() on a violation):
 * - every function returns V6T_OK or one of its documented codes, and
 *   leaves its outputs untouched when it fails;
 * - RFC 6052: decode and decode_strict agree on PREFIX_LEN and
 *   NOT_IN_PREFIX; strict adds only UOCTET / SUFFIX and returns the same
 *   IPv4 address; a successful decode re-encodes to an address that
 *   decodes to the same value; decode_strict success implies
 *   encode(decode(a)) == a; a prefix that passes prefix_check encodes any
 *   IPv4 address to one decode_strict accepts; check_global never
 *   complains about a prefix other than 64:ff9b::/96;
 * - 6to4, Teredo, 6a44, ISATAP: encode(decode(a)) == a; the decoders fail
 *   exactly on the addresses that are not of their kind;
 * - 6rd: v6t_addr_6rd_init() fails exactly when IPv4MaskLen > 32 or the
 *   delegated prefix would be longer than /64, leaving the domain
 *   untouched, with or without a BR; it ignores the prefix bits past its
 *   length (RFC 5969 §7.1.1), so the same prefix with them cleared gives
 *   the same results; decode succeeds exactly for a under the prefix; a
 *   lies under the delegated prefix of the CE address it decodes to, that
 *   CE shares the BR's IPv4MaskLen high bits, the delegated prefix has no
 *   bits set past its length, and its anycast address decodes to the same
 *   CE. On a domain of raw bytes, encode/anycast/decode must stay
 *   memory-safe (the sanitizers watch) and return only their codes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <v6transit/addr.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SENTINEL 0xa5
#define RAW6RD_OFF 39
#define INPUT_LEN (RAW6RD_OFF + sizeof(v6t_addr_6rd))

static void check(int cond)
{
	if (!cond)
		abort();
}

static int untouched(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != SENTINEL)
			return 0;
	return 1;
}

static int in6_eq(const v6t_in6 *x, const v6t_in6 *y)
{
	return memcmp(x->b, y->b, 16) == 0;
}

static int in4_eq(const v6t_in4 *x, const v6t_in4 *y)
{
	return memcmp(x->b, y->b, 4) == 0;
}

static int is_6052_len(unsigned len)
{
	return len == 32 || len == 40 || len == 48 || len == 56 ||
	       len == 64 || len == 96;
}

static void fuzz_6052(const v6t_in6 *a, const v6t_prefix6 *p,
		      const v6t_in4 *v4)
{
	v6t_in4 d, s;
	v6t_in6 e;
	int rc, rcs, rcc;

	memset(&d, SENTINEL, sizeof d);
	memset(&s, SENTINEL, sizeof s);
	rc = v6t_addr_6052_decode(&d, a, p);
	rcs = v6t_addr_6052_decode_strict(&s, a, p);
	check(rc == V6T_OK || rc == V6T_EADDR_PREFIX_LEN ||
	      rc == V6T_EADDR_NOT_IN_PREFIX);
	check((rc == V6T_EADDR_PREFIX_LEN) == !is_6052_len(p->len));
	if (rc != V6T_OK) {
		check(rcs == rc);
		check(untouched(&d, sizeof d) && untouched(&s, sizeof s));
	} else {
		/* a successful decode re-encodes to an address that decodes
		 * to the same value */
		v6t_in4 again;

		check(rcs == V6T_OK || rcs == V6T_EADDR_UOCTET ||
		      rcs == V6T_EADDR_SUFFIX);
		check(v6t_addr_6052_encode(&e, p, &d) == V6T_OK);
		check(v6t_addr_6052_decode(&again, &e, p) == V6T_OK);
		check(in4_eq(&again, &d));
		if (rcs == V6T_OK) {
			/* nothing was dropped: encode(decode(a)) == a up to
			 * the prefix bits a shares with p */
			check(in4_eq(&s, &d));
			check(in6_eq(&e, a));
		} else {
			check(untouched(&s, sizeof s));
		}
	}

	/* a prefix that passes prefix_check round-trips any IPv4 address */
	rcc = v6t_addr_6052_prefix_check(p);
	check(rcc == V6T_OK || rcc == V6T_EADDR_PREFIX_LEN ||
	      rcc == V6T_EADDR_HOST_BITS || rcc == V6T_EADDR_UOCTET);
	memset(&e, SENTINEL, sizeof e);
	rc = v6t_addr_6052_encode(&e, p, v4);
	check(rc == (is_6052_len(p->len) ? V6T_OK : V6T_EADDR_PREFIX_LEN));
	if (rc != V6T_OK)
		check(untouched(&e, sizeof e));
	if (rcc == V6T_OK) {
		check(v6t_addr_6052_decode_strict(&s, &e, p) == V6T_OK);
		check(in4_eq(&s, v4));
		check(v6t_addr_in6_in_prefix(&e, p));
	}

	/* RFC 6052 §3.1 restricts the Well-Known Prefix only */
	rc = v6t_addr_6052_check_global(p, v4);
	check(rc == V6T_OK || rc == V6T_EADDR_NOT_GLOBAL);
	if (p->len != 96 || memcmp(p->addr.b, v6t_addr_6052_wkp.addr.b, 12) != 0)
		check(rc == V6T_OK);
}

static void fuzz_6to4(const v6t_in6 *a)
{
	v6t_in4 d;
	uint16_t sla;
	v6t_in6 e;
	v6t_prefix6 p48;
	int rc;

	memset(&d, SENTINEL, sizeof d);
	memset(&sla, SENTINEL, sizeof sla);
	rc = v6t_addr_6to4_decode(&d, &sla, a);
	check(rc == ((a->b[0] == 0x20 && a->b[1] == 0x02) ? V6T_OK :
		     V6T_EADDR_WRONG_KIND));
	if (rc != V6T_OK) {
		check(untouched(&d, sizeof d) && untouched(&sla, sizeof sla));
		return;
	}
	check(v6t_addr_6to4_encode(&e, &d, sla, a->b + 8) == V6T_OK);
	check(in6_eq(&e, a));
	check(v6t_addr_6to4_prefix(&p48, &d) == V6T_OK);
	check(p48.len == 48 && v6t_addr_in6_in_prefix(a, &p48));
	check(v6t_addr_in6_in_prefix(a, &v6t_addr_6to4_prefix16));
}

/* p with every bit past its length cleared (len 0..128). */
static v6t_prefix6 clear_past(const v6t_prefix6 *p)
{
	v6t_prefix6 q = *p;
	unsigned i;

	for (i = p->len; i < 128; i++)
		q.addr.b[i / 8] &= (uint8_t)~(0x80u >> (i % 8));
	return q;
}

static void fuzz_6rd(const v6t_in6 *a, const v6t_prefix6 *p, unsigned m,
		     const v6t_in4 *br)
{
	int want = (m <= 32 && p->len + 32u - m <= 64) ? V6T_OK :
		   V6T_EADDR_PREFIX_LEN;
	v6t_addr_6rd dom, clean, nobr;
	v6t_prefix6 q, d, dc;
	v6t_in4 ce, back, zero = { { 0, 0, 0, 0 } };
	v6t_in6 any;
	int r;

	memset(&dom, SENTINEL, sizeof dom);
	memset(&nobr, SENTINEL, sizeof nobr);
	check(v6t_addr_6rd_init(&dom, p, m, br) == want);
	check(v6t_addr_6rd_init(&nobr, p, m, NULL) == want);
	if (want != V6T_OK) {
		check(untouched(&dom, sizeof dom));
		check(untouched(&nobr, sizeof nobr));
		return;
	}
	/* RFC 5969 §7.1.1: bits past 6rdPrefixLen are ignored */
	q = clear_past(p);
	check(v6t_addr_6rd_init(&clean, &q, m, br) == V6T_OK);

	/* encode: the delegated prefix of the BR (any IPv4 address will do) */
	check(v6t_addr_6rd_encode(&d, &dom, br) == V6T_OK);
	check(v6t_addr_6rd_encode(&dc, &clean, br) == V6T_OK);
	check(d.len == dc.len && in6_eq(&d.addr, &dc.addr));
	check(d.len == p->len + 32u - m);
	check(v6t_addr_in6_in_prefix(&d.addr, &q));
	{
		v6t_prefix6 dd = clear_past(&d);

		check(in6_eq(&dd.addr, &d.addr));
	}

	memset(&ce, SENTINEL, sizeof ce);
	r = v6t_addr_6rd_decode(&ce, a, &dom);
	check((r == V6T_OK) == v6t_addr_in6_in_prefix(a, &q));
	{
		int rc2 = v6t_addr_6rd_decode(&back, a, &clean);

		check(rc2 == r);
		if (r == V6T_OK)
			check(in4_eq(&back, &ce));
	}
	if (r != V6T_OK) {
		check(r == V6T_EADDR_NOT_IN_PREFIX);
		check(untouched(&ce, sizeof ce));
		return;
	}
	/* the CE shares the domain's m high bits with the BR; without a
	 * BR they are zero */
	if (m > 0) {
		v6t_prefix4 common = { *br, (uint8_t)m };
		v6t_prefix4 none = { zero, (uint8_t)m };

		check(v6t_addr_in4_in_prefix(&ce, &common));
		check(v6t_addr_6rd_decode(&back, a, &nobr) == V6T_OK);
		check(v6t_addr_in4_in_prefix(&back, &none));
	}
	check(v6t_addr_6rd_encode(&d, &dom, &ce) == V6T_OK);
	check(d.len == p->len + 32u - m);
	check(v6t_addr_in6_in_prefix(a, &d));
	check(v6t_addr_6rd_anycast(&any, &dom, &ce) == V6T_OK);
	check(memcmp(any.b, d.addr.b, 16) == 0);
	check(v6t_addr_6rd_decode(&back, &any, &dom) == V6T_OK);
	check(in4_eq(&back, &ce));
}

/* A domain of raw bytes: unspecified results, but memory-safe. */
static void fuzz_6rd_raw(const uint8_t *raw, const v6t_in6 *a,
			 const v6t_in4 *v4)
{
	v6t_addr_6rd dom;
	v6t_prefix6 d;
	v6t_in6 any;
	v6t_in4 ce;
	int r;

	memcpy(&dom, raw, sizeof dom);
	check(v6t_addr_6rd_encode(&d, &dom, v4) == V6T_OK);
	check(v6t_addr_6rd_anycast(&any, &dom, v4) == V6T_OK);
	memset(&ce, SENTINEL, sizeof ce);
	r = v6t_addr_6rd_decode(&ce, a, &dom);
	check(r == V6T_OK || r == V6T_EADDR_NOT_IN_PREFIX);
	if (r != V6T_OK)
		check(untouched(&ce, sizeof ce));
}

static void fuzz_isatap(const v6t_in6 *a, unsigned enc_flags,
			const v6t_in4 *v4)
{
	v6t_in4 d;
	unsigned flags;
	uint8_t iid[8];
	v6t_in6 e;
	v6t_prefix6 p64;
	int rc, want;

	memset(&d, SENTINEL, sizeof d);
	memset(&flags, SENTINEL, sizeof flags);
	rc = v6t_addr_isatap_decode(&d, &flags, a);
	want = ((a->b[8] & 0xfc) == 0 && a->b[9] == 0 && a->b[10] == 0x5e &&
		a->b[11] == 0xfe) ? V6T_OK : V6T_EADDR_WRONG_KIND;
	check(rc == want);
	if (rc == V6T_OK) {
		check((flags & ~3u) == 0);
		memcpy(p64.addr.b, a->b, 16);
		p64.len = 64;
		check(v6t_addr_isatap_encode(&e, &p64, &d, flags) == V6T_OK);
		check(in6_eq(&e, a));
	} else {
		check(untouched(&d, sizeof d) && untouched(&flags, sizeof flags));
	}

	/* the encoder with arbitrary flags */
	memset(iid, SENTINEL, sizeof iid);
	rc = v6t_addr_isatap_iid(iid, v4, enc_flags);
	check(rc == ((enc_flags & ~3u) ? V6T_EINVAL : V6T_OK));
	if (rc != V6T_OK) {
		check(untouched(iid, sizeof iid));
	} else {
		memcpy(e.b, a->b, 8);
		memcpy(e.b + 8, iid, 8);
		check(v6t_addr_isatap_decode(&d, &flags, &e) == V6T_OK);
		check(in4_eq(&d, v4) && flags == enc_flags);
	}
}

static void fuzz_teredo(const v6t_in6 *a)
{
	v6t_addr_teredo t;
	v6t_in6 e;
	int rc;

	memset(&t, SENTINEL, sizeof t);
	rc = v6t_addr_teredo_decode(&t, a);
	check(rc == ((a->b[0] == 0x20 && a->b[1] == 0x01 && a->b[2] == 0 &&
		      a->b[3] == 0) ? V6T_OK : V6T_EADDR_WRONG_KIND));
	if (rc != V6T_OK) {
		check(untouched(&t, sizeof t));
		return;
	}
	check(v6t_addr_teredo_encode(&e, &t) == V6T_OK);
	check(in6_eq(&e, a));
	check(v6t_addr_in6_in_prefix(a, &v6t_addr_teredo_prefix));
}

static void fuzz_6a44(const v6t_in6 *a, const v6t_prefix6 *p)
{
	v6t_addr_6a44 f;
	v6t_in6 e;
	int rc;

	memset(&f, SENTINEL, sizeof f);
	rc = v6t_addr_6a44_decode(&f, a, p);
	if (p->len != 48) {
		check(rc == V6T_EADDR_PREFIX_LEN);
		check(untouched(&f, sizeof f));
		return;
	}
	check(rc == (v6t_addr_in6_in_prefix(a, p) ? V6T_OK :
		     V6T_EADDR_NOT_IN_PREFIX));
	if (rc != V6T_OK) {
		check(untouched(&f, sizeof f));
		return;
	}
	check(v6t_addr_6a44_encode(&e, p, &f) == V6T_OK);
	check(in6_eq(&e, a));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t in[INPUT_LEN] = { 0 };
	v6t_in6 a;
	v6t_prefix6 p;
	v6t_in4 v4;
	unsigned m;

	memcpy(in, data, size < sizeof in ? size : sizeof in);
	memcpy(a.b, in, 16);
	memcpy(p.addr.b, in + 16, 16);
	p.len = in[32];
	m = in[33];
	memcpy(v4.b, in + 34, 4);

	fuzz_6052(&a, &p, &v4);
	fuzz_6to4(&a);
	fuzz_6rd(&a, &p, m, &v4);
	fuzz_6rd_raw(in + RAW6RD_OFF, &a, &v4);
	fuzz_isatap(&a, in[38], &v4);
	fuzz_teredo(&a);
	fuzz_6a44(&a, &p);
	return 0;
}
