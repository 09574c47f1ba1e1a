/*
 * v6t - error messages, buffered key=value output and strict number parsing.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "v6t.h"

/* see v6t.h */
int tool_error(int status, const char *fmt, ...)
{
	char msg[2048]; /* room for an escaped input line and the reason */
	va_list ap;
	size_t i;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fputs("v6t: error: ", stderr);
	/* one line whatever the arguments hold: control bytes are escaped */
	for (i = 0; n > 0 && msg[i] != '\0'; i++) {
		unsigned char c = (unsigned char)msg[i];

		if (c < 0x20 || c == 0x7f)
			fprintf(stderr, "\\x%02x", c);
		else
			fputc(c, stderr);
	}
	fputs(n >= (int)sizeof(msg) ? "...\n" : "\n", stderr);
	return status;
}

/* ---------------------------------------------------------------- output */

/* see v6t.h */
void out_init(struct tool_out *o)
{
	o->len = 0;
	o->overflow = 0;
	o->buf[0] = '\0';
}

/* see v6t.h */
void out_str(struct tool_out *o, const char *key, const char *val)
{
	size_t room = sizeof(o->buf) - o->len;
	int n = snprintf(o->buf + o->len, room, "%s=%s\n", key, val);

	if (n < 0 || (size_t)n >= room) { /* keep what fitted before */
		o->overflow = 1;
		o->buf[o->len] = '\0';
		return;
	}
	o->len += (size_t)n;
}

/* see v6t.h */
void out_uint(struct tool_out *o, const char *key, unsigned long val)
{
	char text[24]; /* 2^64 has 20 digits */

	snprintf(text, sizeof(text), "%lu", val);
	out_str(o, key, text);
}

/* see v6t.h */
void out_blank(struct tool_out *o)
{
	if (o->len + 2 > sizeof(o->buf)) { /* the newline and the NUL */
		o->overflow = 1;
		return;
	}
	o->buf[o->len++] = '\n';
	o->buf[o->len] = '\0';
}

/* see v6t.h */
void out_hex16(struct tool_out *o, const char *key, unsigned val)
{
	char text[8];

	snprintf(text, sizeof(text), "0x%04x", val & 0xffffu);
	out_str(o, key, text);
}

/* out_str() of a formatter's text, or mark the output broken if it failed. */
static void out_text(struct tool_out *o, const char *key, int rc, const char *text)
{
	if (rc != V6T_OK) {
		o->overflow = 1;
		return;
	}
	out_str(o, key, text);
}

/* see v6t.h */
void out_in4(struct tool_out *o, const char *key, const v6t_in4 *a)
{
	char text[V6T_IN4_STRLEN];

	out_text(o, key, v6t_addr_in4_format(text, sizeof(text), NULL, a), text);
}

/* see v6t.h */
void out_in6(struct tool_out *o, const char *key, const v6t_in6 *a)
{
	char text[V6T_IN6_STRLEN];

	out_text(o, key, v6t_addr_in6_format(text, sizeof(text), NULL, a, 0), text);
}

/* see v6t.h */
void out_prefix6(struct tool_out *o, const char *key, const v6t_prefix6 *p)
{
	char text[V6T_PREFIX6_STRLEN];

	out_text(o, key, v6t_addr_prefix6_format(text, sizeof(text), NULL, p), text);
}

/* see v6t.h */
void out_ptr6(struct tool_out *o, const char *key, const v6t_in6 *a)
{
	char text[V6T_IN6_PTR_STRLEN];

	out_text(o, key, v6t_addr_in6_ptr_format(text, sizeof(text), NULL, a), text);
}

/* see v6t.h */
void out_mac(struct tool_out *o, const char *key, const uint8_t mac[6])
{
	char text[18]; /* "xx:" five times, "xx" and the NUL */

	snprintf(text, sizeof(text), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
		 mac[2], mac[3], mac[4], mac[5]);
	out_str(o, key, text);
}

/* see v6t.h */
int out_flush(struct tool_out *o)
{
	if (o->overflow)
		return tool_error(V6T_EXIT_USAGE, "internal: output could not be formatted");
	if (fwrite(o->buf, 1, o->len, stdout) != o->len || fflush(stdout) != 0)
		return tool_error(V6T_EXIT_USAGE, "cannot write to standard output");
	return V6T_EXIT_OK;
}

/* ---------------------------------------------------------------- parsing */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hex_value(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* see v6t.h */
int parse_dec(const char *s, unsigned long max, unsigned long *out)
{
	return parse_dec_n(s, strlen(s), max, out);
}

/* see v6t.h */
int parse_dec_n(const char *s, size_t n, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0 || (s[0] == '0' && n > 1))
		return TOOL_ENUM_SYNTAX;
	for (i = 0; i < n; i++) {
		unsigned d;

		if (!is_digit(s[i]))
			return TOOL_ENUM_SYNTAX;
		d = (unsigned)(s[i] - '0');
		if (d > max || v > (max - d) / 10) /* v * 10 + d would exceed max */
			return TOOL_ENUM_RANGE;
		v = v * 10 + d;
	}
	*out = v;
	return V6T_OK;
}

/* see v6t.h */
int parse_hex16(const char *s, unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	if (s[0] != '0' || s[1] != 'x')
		return TOOL_ENUM_SYNTAX;
	for (i = 2; i < 6; i++) {
		int d = hex_value(s[i]); /* the NUL of a short string gives -1 */

		if (d < 0)
			return TOOL_ENUM_SYNTAX;
		v = v << 4 | (unsigned long)d;
	}
	if (s[6] != '\0')
		return TOOL_ENUM_SYNTAX;
	*out = v;
	return V6T_OK;
}

/* see v6t.h */
const char *tool_strerror(int status)
{
	switch (status) {
	case TOOL_ENUM_SYNTAX: return "malformed number";
	case TOOL_ENUM_RANGE: return "number out of range";
	default: return v6t_strerror(status);
	}
}

/* see v6t.h */
void tool_escape(char *dst, size_t cap, const char *s, size_t n)
{
	static const char cut[] = "...";
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int esc = c < 0x20 || c >= 0x7f;

		if (o + (esc ? 4 : 1) + sizeof(cut) > cap) { /* keep room for cut */
			memcpy(dst + o, cut, sizeof(cut));
			return;
		}
		if (esc)
			o += (size_t)snprintf(dst + o, cap - o, "\\x%02x", c);
		else
			dst[o++] = (char)c;
	}
	dst[o] = '\0';
}

/* see v6t.h */
int read_line(FILE *f, char *buf, size_t cap, size_t *len)
{
	size_t n = 0;
	int c, long_line = 0;

	while ((c = getc(f)) != EOF && c != '\n') {
		if (n < cap)
			buf[n++] = (char)c;
		else
			long_line = 1;
	}
	if (c == EOF && n == 0 && !long_line)
		return ferror(f) ? TOOL_LINE_ERROR : TOOL_LINE_EOF;
	if (long_line)
		return TOOL_LINE_LONG;
	if (n > 0 && buf[n - 1] == '\r') /* "\r\n" ends a line too */
		n--;
	*len = n;
	return TOOL_LINE_OK;
}

/* see v6t.h */
int split_kv(const char *arg, size_t *keylen, const char **val)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL || eq == arg)
		return -1;
	*keylen = (size_t)(eq - arg);
	*val = eq + 1;
	return 0;
}
