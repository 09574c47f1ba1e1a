/*
 * Fuzz target: v6t_addr_in4_parse() and v6t_addr_in4_format().
 *
 * Properties (abort() on a violation):
 * - the strict dotted form is canonical: an accepted input equals its
 *   formatted output byte for byte;
 * - format -> parse gives the same address, also for the first 4 input
 *   bytes read as an address;
 * - ENOSPC reports the length and leaves a buffer one byte too small alone.
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

/* Format a, parse the text back, and return the text length. */
static size_t check_round_trip(char *t, const v6t_in4 *a)
{
	char small[V6T_IN4_STRLEN];
	size_t n = 0, need = 0;
	v6t_in4 b;

	check(v6t_addr_in4_format(t, V6T_IN4_STRLEN, &n, a) == V6T_OK);
	check(n < V6T_IN4_STRLEN && t[n] == '\0' && strlen(t) == n);
	check(v6t_addr_in4_parse(&b, t, n) == V6T_OK);
	check(memcmp(a->b, b.b, 4) == 0);

	memset(small, 'Z', sizeof small);
	check(v6t_addr_in4_format(small, n, &need, a) == V6T_ENOSPC);
	check(need == n);
	for (size_t i = 0; i < sizeof small; i++)
		check(small[i] == 'Z');
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char t[V6T_IN4_STRLEN];
	v6t_in4 a, raw;
	size_t n;

	memset(raw.b, 0, sizeof raw.b);
	memcpy(raw.b, data, size < 4 ? size : 4);
	check_round_trip(t, &raw);

	if (v6t_addr_in4_parse(&a, (const char *)data, size) != V6T_OK)
		return 0;
	n = check_round_trip(t, &a);
	check(n == size && memcmp(t, data, n) == 0);
	return 0;
}
