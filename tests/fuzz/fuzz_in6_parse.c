/*
 * Fuzz target: v6t_addr_in6_parse(), v6t_addr_in6_parse_pos(),
 * v6t_addr_in6_format() and v6t_addr_in6_ptr_format().
 *
 * Properties (abort() on a violation):
 * - an accepted text formats, and the formatted text parses back to the
 *   same address; formatting that address again gives the same bytes
 *   (the canonical form is a fixed point);
 * - an input equal to its own canonical form parsed to that address;
 * - the V6T_FMT_MIXED form parses back to the same address too;
 * - the formatter reports ENOSPC with the right length and leaves the
 *   buffer alone for every buffer one byte too small;
 * - the first 16 input bytes, read as an address, round-trip the same way,
 *   so that the formatter sees arbitrary addresses as well;
 * - v6t_addr_in6_parse_pos() agrees with v6t_addr_in6_parse() on status and
 *   address; an error position is inside the text or at its end; for
 *   V6T_EADDR_CHAR it is a byte of the text, and the text cut just before
 *   that byte has no CHAR error (the parser reads left to right and stops
 *   at the first fault; the text cut just after it need not fail, since
 *   "::1a" is an address while in "::1a.2.3.4" the 'a' is a bad digit of
 *   the dotted tail);
 * - the ip6.arpa name of those 16 bytes is 73 characters that give the
 *   address back, nibble by nibble, and end in "ip6.arpa.".
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

/* Format a with flags; the text is NUL-terminated and the length right. */
static size_t format6(char *buf, const v6t_in6 *a, unsigned flags)
{
	size_t n = 0;

	check(v6t_addr_in6_format(buf, V6T_IN6_STRLEN, &n, a, flags) == V6T_OK);
	check(n < V6T_IN6_STRLEN && buf[n] == '\0' && strlen(buf) == n);
	return n;
}

static void check_too_small(const v6t_in6 *a, unsigned flags, size_t n)
{
	char small[V6T_IN6_STRLEN];
	size_t need = 0;

	memset(small, 'Z', sizeof small);
	check(v6t_addr_in6_format(small, n, &need, a, flags) == V6T_ENOSPC);
	check(need == n);
	for (size_t i = 0; i < sizeof small; i++)
		check(small[i] == 'Z');
}

/* format -> parse -> format must come back to the same address and text. */
static void check_round_trip(const v6t_in6 *a, unsigned flags)
{
	char t1[V6T_IN6_STRLEN], t2[V6T_IN6_STRLEN];
	v6t_in6 b;
	size_t n1 = format6(t1, a, flags), n2;

	check(v6t_addr_in6_parse(&b, t1, n1) == V6T_OK);
	check(memcmp(a->b, b.b, 16) == 0);
	n2 = format6(t2, &b, flags);
	check(n1 == n2 && memcmp(t1, t2, n1) == 0);
	check_too_small(a, flags, n1);
}

static void check_error_pos(const char *s, size_t size)
{
	v6t_in6 a, b;
	size_t pos = size + 1;
	int rc = v6t_addr_in6_parse_pos(&a, &pos, s, size);

	check(rc == v6t_addr_in6_parse(&b, s, size));
	if (rc == V6T_OK) {
		check(pos == size + 1 && memcmp(a.b, b.b, 16) == 0);
		return;
	}
	check(pos <= size);
	if (rc != V6T_EADDR_CHAR)
		return;
	check(pos < size);
	check(v6t_addr_in6_parse(&a, s, pos) != V6T_EADDR_CHAR);
}

static unsigned nibble_value(char c)
{
	return c >= 'a' ? (unsigned)(c - 'a' + 10) : (unsigned)(c - '0');
}

static void check_ptr(const v6t_in6 *a)
{
	char name[V6T_IN6_PTR_STRLEN];
	size_t n = 0, i;
	uint8_t back[16];

	check(v6t_addr_in6_ptr_format(name, sizeof name, &n, a) == V6T_OK);
	check(n == 73 && strlen(name) == n && strcmp(name + 64, "ip6.arpa.") == 0);
	memset(back, 0, sizeof back);
	for (i = 0; i < 32; i++) {
		char c = name[2 * i];

		check(((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) && name[2 * i + 1] == '.');
		/* nibble i of the name is nibble 31 - i of the address */
		back[15 - i / 2] |= (uint8_t)(nibble_value(c) << (i % 2 ? 4 : 0));
	}
	check(memcmp(back, a->b, 16) == 0);
	check(v6t_addr_in6_ptr_format(name, n, NULL, a) == V6T_ENOSPC);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char canon[V6T_IN6_STRLEN];
	v6t_in6 a, raw;
	size_t n;

	memset(raw.b, 0, sizeof raw.b);
	memcpy(raw.b, data, size < 16 ? size : 16);
	check_round_trip(&raw, 0);
	check_round_trip(&raw, V6T_FMT_MIXED);
	check_ptr(&raw);
	check_error_pos(s, size);

	if (v6t_addr_in6_parse(&a, s, size) != V6T_OK)
		return 0;
	check_round_trip(&a, 0);
	check_round_trip(&a, V6T_FMT_MIXED);
	n = format6(canon, &a, 0);
	if (n == size && memcmp(canon, s, n) == 0) {
		v6t_in6 c;

		check(v6t_addr_in6_parse(&c, canon, n) == V6T_OK);
		check(memcmp(c.b, a.b, 16) == 0);
	}
	return 0;
}
