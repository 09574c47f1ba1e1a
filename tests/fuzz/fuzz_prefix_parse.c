/*
 * Fuzz target: v6t_addr_prefix4_parse() and v6t_addr_prefix6_parse(), with
 * their formatters. Every input goes to both parsers.
 *
 * Properties (abort() on a violation):
 * - an accepted prefix has no bits set past its length, formats, parses
 *   back equal, and formats again to the same bytes; an accepted IPv4
 *   prefix equals its formatted text byte for byte (strict form);
 * - the address part agrees with the address parser: with "addr/len" split
 *   at the first '/', a prefix parse fails with the address parser's error
 *   when "addr" is rejected, with PREFIX_SYNTAX when there is no '/', and
 *   on success holds the address that "addr" parses to;
 * - the first 17 input bytes, read as an IPv6 address and a length (host
 *   bits cleared), round-trip through format and parse; likewise the first
 *   5 as an IPv4 prefix.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <v6transit/addr.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

/* Clear the bits of b (size bytes) at position len and after. */
static void clear_host_bits(uint8_t *b, size_t size, unsigned len)
{
	for (size_t i = 0; i < size; i++) {
		unsigned from = (unsigned)i * 8;

		if (from >= len)
			b[i] = 0;
		else if (len - from < 8)
			b[i] &= (uint8_t)(0xffu << (8 - (len - from)));
	}
}

static int host_bits_clear(const uint8_t *b, size_t size, unsigned len)
{
	uint8_t c[16];

	memcpy(c, b, size);
	clear_host_bits(c, size, len);
	return memcmp(c, b, size) == 0;
}

static size_t round_trip4(char *t, const v6t_prefix4 *p)
{
	char small[V6T_PREFIX4_STRLEN];
	size_t n = 0, need = 0;
	v6t_prefix4 q;

	check(v6t_addr_prefix4_format(t, V6T_PREFIX4_STRLEN, &n, p) == V6T_OK);
	check(n < V6T_PREFIX4_STRLEN && t[n] == '\0' && strlen(t) == n);
	check(v6t_addr_prefix4_parse(&q, t, n) == V6T_OK);
	check(q.len == p->len && memcmp(q.addr.b, p->addr.b, 4) == 0);
	memset(small, 'Z', sizeof small);
	check(v6t_addr_prefix4_format(small, n, &need, p) == V6T_ENOSPC);
	check(need == n);
	for (size_t i = 0; i < sizeof small; i++)
		check(small[i] == 'Z');
	return n;
}

static void round_trip6(const v6t_prefix6 *p)
{
	char t1[V6T_PREFIX6_STRLEN], t2[V6T_PREFIX6_STRLEN];
	char small[V6T_PREFIX6_STRLEN];
	size_t n1 = 0, n2 = 0, need = 0;
	v6t_prefix6 q;

	check(v6t_addr_prefix6_format(t1, sizeof t1, &n1, p) == V6T_OK);
	check(n1 < V6T_PREFIX6_STRLEN && t1[n1] == '\0' && strlen(t1) == n1);
	check(v6t_addr_prefix6_parse(&q, t1, n1) == V6T_OK);
	check(q.len == p->len && memcmp(q.addr.b, p->addr.b, 16) == 0);
	check(v6t_addr_prefix6_format(t2, sizeof t2, &n2, &q) == V6T_OK);
	check(n1 == n2 && memcmp(t1, t2, n1) == 0);
	memset(small, 'Z', sizeof small);
	check(v6t_addr_prefix6_format(small, n1, &need, p) == V6T_ENOSPC);
	check(need == n1);
	for (size_t i = 0; i < sizeof small; i++)
		check(small[i] == 'Z');
}

/* Index of the first '/', or size. */
static size_t slash_at(const uint8_t *data, size_t size)
{
	size_t i = 0;

	while (i < size && data[i] != '/')
		i++;
	return i;
}

static void fuzz_prefix4(const char *s, size_t size, size_t slash)
{
	char t[V6T_PREFIX4_STRLEN];
	v6t_prefix4 p;
	v6t_in4 a;
	int rc = v6t_addr_prefix4_parse(&p, s, size);
	int arc = v6t_addr_in4_parse(&a, s, slash);

	if (arc != V6T_OK) {
		check(rc == arc);
		return;
	}
	if (slash == size) {
		check(rc == V6T_EADDR_PREFIX_SYNTAX);
		return;
	}
	if (rc != V6T_OK) {
		check(rc == V6T_EADDR_PREFIX_SYNTAX || rc == V6T_EADDR_PREFIX_RANGE ||
		      rc == V6T_EADDR_HOST_BITS);
		return;
	}
	check(memcmp(p.addr.b, a.b, 4) == 0);
	check(p.len <= 32 && host_bits_clear(p.addr.b, 4, p.len));
	check(round_trip4(t, &p) == size && memcmp(t, s, size) == 0);
}

static void fuzz_prefix6(const char *s, size_t size, size_t slash)
{
	v6t_prefix6 p;
	v6t_in6 a;
	int rc = v6t_addr_prefix6_parse(&p, s, size);
	int arc = v6t_addr_in6_parse(&a, s, slash);

	if (arc != V6T_OK) {
		check(rc == arc);
		return;
	}
	if (slash == size) {
		check(rc == V6T_EADDR_PREFIX_SYNTAX);
		return;
	}
	if (rc != V6T_OK) {
		check(rc == V6T_EADDR_PREFIX_SYNTAX || rc == V6T_EADDR_PREFIX_RANGE ||
		      rc == V6T_EADDR_HOST_BITS);
		return;
	}
	check(memcmp(p.addr.b, a.b, 16) == 0);
	check(p.len <= 128 && host_bits_clear(p.addr.b, 16, p.len));
	round_trip6(&p);
}

static void fuzz_raw(const uint8_t *data, size_t size)
{
	char t[V6T_PREFIX4_STRLEN];
	v6t_prefix6 p6;
	v6t_prefix4 p4;

	memset(&p6, 0, sizeof p6);
	memcpy(p6.addr.b, data, size < 16 ? size : 16);
	p6.len = (uint8_t)(size > 16 ? data[16] % 129 : 128);
	clear_host_bits(p6.addr.b, 16, p6.len);
	round_trip6(&p6);

	memset(&p4, 0, sizeof p4);
	memcpy(p4.addr.b, data, size < 4 ? size : 4);
	p4.len = (uint8_t)(size > 4 ? data[4] % 33 : 32);
	clear_host_bits(p4.addr.b, 4, p4.len);
	round_trip4(t, &p4);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t slash = slash_at(data, size);

	fuzz_raw(data, size);
	fuzz_prefix4(s, size, slash);
	fuzz_prefix6(s, size, slash);
	return 0;
}
