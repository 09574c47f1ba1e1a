/*
 * Fuzz target: v6t_addr_in6_parse() and v6t_addr_in6_format().
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
 *   so that the formatter sees arbitrary addresses as well.
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
