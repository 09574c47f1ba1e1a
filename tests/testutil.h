/*
 * Helpers for the check suites.
 *
 * Text inputs are copied into a heap block of exactly their length (no NUL
 * after them), so that a parser reading one byte too far trips ASan at once
 * (the c-ares habit).
 */
#ifndef V6T_TESTS_TESTUTIL_H
#define V6T_TESTS_TESTUTIL_H

#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <v6transit/v6transit.h>

/* A copy of s without its NUL, in a block of exactly strlen(s) bytes (at
 * least 1, so that malloc(0) is not asked for). Free with free(). */
static inline char *tu_exact(const char *s, size_t *len)
{
	size_t n = strlen(s);
	char *p = malloc(n ? n : 1);

	ck_assert_ptr_nonnull(p);
	memcpy(p, s, n);
	*len = n;
	return p;
}

static inline int tu_parse6(v6t_in6 *out, const char *s)
{
	size_t n;
	char *p = tu_exact(s, &n);
	int rc = v6t_addr_in6_parse(out, p, n);

	free(p);
	return rc;
}

static inline int tu_parse4(v6t_in4 *out, const char *s)
{
	size_t n;
	char *p = tu_exact(s, &n);
	int rc = v6t_addr_in4_parse(out, p, n);

	free(p);
	return rc;
}

static inline int tu_parse_prefix6(v6t_prefix6 *out, const char *s)
{
	size_t n;
	char *p = tu_exact(s, &n);
	int rc = v6t_addr_prefix6_parse(out, p, n);

	free(p);
	return rc;
}

static inline int tu_parse_prefix4(v6t_prefix4 *out, const char *s)
{
	size_t n;
	char *p = tu_exact(s, &n);
	int rc = v6t_addr_prefix4_parse(out, p, n);

	free(p);
	return rc;
}

/* An address from its text, which the test knows to be valid. */
static inline v6t_in6 tu_in6(const char *s)
{
	v6t_in6 a;

	ck_assert_msg(tu_parse6(&a, s) == V6T_OK, "cannot parse %s", s);
	return a;
}

static inline v6t_in4 tu_in4(const char *s)
{
	v6t_in4 a;

	ck_assert_msg(tu_parse4(&a, s) == V6T_OK, "cannot parse %s", s);
	return a;
}

/* Build an address from 16 explicit bytes written in the test. */
#define TU_IN6(...) ((v6t_in6){ { __VA_ARGS__ } })
/* Build an IPv4 address from its four octets. */
#define TU_IN4(a, b, c, d) ((v6t_in4){ { (a), (b), (c), (d) } })

#endif
