/*
 * v6t addr: what is wrong with an IPv6 address text the library refuses,
 * and where (doc/cli.md "Errors in addresses"). The library says which
 * fault it met first and at which byte (v6t_addr_in6_parse_pos()); this
 * file names the mistakes people make when they paste an address from
 * elsewhere: a plain IPv4 address, a zone index, brackets, a port, spaces.
 * Columns count bytes from 1.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <stdio.h>
#include <string.h>

#include "v6t.h"

#define WHY_MAX 256
/* A piece of the text quoted in a reason, escaped (cut short with "..."). */
#define QUOTE_MAX 40

static int is_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

/* ":N" at s[i] up to the end: a port, as in "[addr]:443" or "a.b.c.d:80". */
static int is_port(const char *s, size_t n, size_t i)
{
	return i < n && s[i] == ':' && is_digits(s + i + 1, n - i - 1);
}

/* "[...]" or "[...]:port": the index of the ']', or 0 when there is none. */
static size_t closing_bracket(const char *s, size_t n)
{
	const char *r = n > 0 && s[0] == '[' ? memchr(s, ']', n) : NULL;

	return r != NULL ? (size_t)(r - s) : 0;
}

/* s[pos] is a byte the address cannot hold (V6T_EADDR_CHAR). */
static void why_char(char *why, const char *s, size_t n, size_t pos, size_t col)
{
	char text[QUOTE_MAX];
	size_t r;

	switch (s[pos]) {
	case '%': /* RFC 4007 §11: a zone index follows the address */
		tool_escape(text, sizeof text, s + pos, n - pos);
		snprintf(why, WHY_MAX, "zone index \"%s\" at column %zu is not part of "
			 "an address", text, col);
		return;
	case '[':
		r = closing_bracket(s, n);
		if (pos == 0 && r != 0 && is_port(s, n, r + 1)) { /* RFC 5952 §6 */
			tool_escape(text, sizeof text, s + r + 1, n - r - 1);
			snprintf(why, WHY_MAX, "bracket \"[\" at column %zu and port \"%s\" "
				 "at column %zu are not part of an address", col, text,
				 col + r + 1);
			return;
		}
		/* fall through */
	case ']':
		snprintf(why, WHY_MAX, "bracket \"%c\" at column %zu is not part of an "
			 "address", s[pos], col);
		return;
	case ' ':
		snprintf(why, WHY_MAX, "space at column %zu is not part of an address", col);
		return;
	case '\t':
		snprintf(why, WHY_MAX, "tab at column %zu is not part of an address", col);
		return;
	default:
		tool_escape(text, sizeof text, s + pos, 1);
		snprintf(why, WHY_MAX, "invalid character \"%s\" at column %zu", text, col);
		return;
	}
}

/* A dotted IPv4 address where the IPv6 address should start
 * (V6T_EADDR_IPV4_TAIL at byte 0): alone, or followed by ":port". Returns
 * 0 when the text is neither. */
static int why_ipv4(char *why, const char *s, size_t n, size_t col0)
{
	const char *colon = memchr(s, ':', n);
	size_t at = colon != NULL ? (size_t)(colon - s) : n;
	char port[QUOTE_MAX];
	v6t_in4 unused;

	if (v6t_addr_in4_parse(&unused, s, at) != V6T_OK)
		return 0;
	if (at == n) {
		snprintf(why, WHY_MAX, "IPv4 address where an IPv6 address is expected");
		return 1;
	}
	if (!is_port(s, n, at))
		return 0;
	tool_escape(port, sizeof port, s + at, n - at);
	snprintf(why, WHY_MAX, "IPv4 address and port \"%s\" at column %zu where an "
		 "IPv6 address is expected", port, col0 + at + 1);
	return 1;
}

/* The reason for status rc at byte pos of s[0..n), s starting at column
 * col0 + 1 of the text shown to the user. */
static void why_in6(char *why, const char *s, size_t n, int rc, size_t pos, size_t col0)
{
	if (rc == V6T_EADDR_CHAR) {
		why_char(why, s, n, pos, col0 + pos + 1);
		return;
	}
	if (rc == V6T_EADDR_IPV4_TAIL && pos == 0 && why_ipv4(why, s, n, col0))
		return;
	if (rc == V6T_EADDR_IPV4_TAIL && is_port(s, n, pos)) {
		char port[QUOTE_MAX];

		tool_escape(port, sizeof port, s + pos, n - pos);
		snprintf(why, WHY_MAX, "port \"%s\" at column %zu is not part of an "
			 "address", port, col0 + pos + 1);
		return;
	}
	if (rc == V6T_EADDR_EMPTY)
		snprintf(why, WHY_MAX, "%s", tool_strerror(rc));
	else if (pos == n)
		snprintf(why, WHY_MAX, "%s at the end", tool_strerror(rc));
	else
		snprintf(why, WHY_MAX, "%s at column %zu", tool_strerror(rc), col0 + pos + 1);
}

/* see v6t.h */
int in6_text_fail(const char *what, size_t col0, const char *s, size_t n)
{
	char why[WHY_MAX];
	v6t_in6 unused;
	size_t pos = 0;
	int rc = v6t_addr_in6_parse_pos(&unused, &pos, s, n);

	if (rc == V6T_OK) /* a caller's bug: the text is an address */
		return tool_error(V6T_EXIT_USAGE, "%s: internal: not an address error", what);
	why_in6(why, s, n, rc, pos, col0);
	return tool_error(V6T_EXIT_USAGE, "%s: %s", what, why);
}
