/*
 * siit-gw - the configuration file: one directive a line, "KEY VALUE...",
 * '#' starts a comment, blank lines are ignored (doc/siit-gw.md lists the
 * directives). Every error names the file, the line and what is wrong, and
 * the daemon does not start.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "gw.h"

#define LINE_MAX_LEN 1024
#define FIELDS_MAX 4

/* The MTU limits of v6t_xlat_init() (xlat.h). */
#define MTU4_MIN 68ul
#define MTU6_MIN 1280ul
#define MTU_MAX 65535ul

/* see gw.h */
int gw_error(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("siit-gw: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

/* One line being read: where it is, and its fields. */
struct line {
	const char *file;
	unsigned long no;
	char *f[FIELDS_MAX];
	int n; /* fields; FIELDS_MAX + 1 when there are more */
};

static int line_error(const struct line *l, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static int line_error(const struct line *l, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "siit-gw: error: %s:%lu: ", l->file, l->no);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return GW_EXIT_USAGE;
}

/* Split s (NUL-terminated, changed in place) into blank-separated fields,
 * the comment cut off. */
static void split(struct line *l, char *s)
{
	char *hash = strchr(s, '#'), *tok;

	if (hash != NULL)
		*hash = '\0';
	l->n = 0;
	for (tok = strtok(s, " \t\r"); tok != NULL; tok = strtok(NULL, " \t\r")) {
		if (l->n == FIELDS_MAX) {
			l->n++;
			return;
		}
		l->f[l->n++] = tok;
	}
}

/* The directive takes exactly want values. */
static int values(const struct line *l, int want)
{
	if (l->n - 1 == want)
		return GW_EXIT_OK;
	if (l->n > FIELDS_MAX)
		return line_error(l, "%s: expected %d value%s, got more than %d", l->f[0],
				  want, want == 1 ? "" : "s", FIELDS_MAX - 1);
	return line_error(l, "%s: expected %d value%s, got %d", l->f[0], want,
			  want == 1 ? "" : "s", l->n - 1);
}

/* A decimal number in [min, max]. */
static int number(const struct line *l, const char *s, unsigned long min,
		  unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno != 0)
		return line_error(l, "%s: '%s' is not a decimal number", l->f[0], s);
	if (v < min || v > max)
		return line_error(l, "%s: %lu is out of range %lu..%lu", l->f[0], v,
				  min, max);
	*out = v;
	return GW_EXIT_OK;
}

/* The library's verdict on a value, as a line error. */
static int lib(const struct line *l, const char *val, int rc)
{
	if (rc == V6T_OK)
		return GW_EXIT_OK;
	return line_error(l, "%s: '%s': %s", l->f[0], val, v6t_strerror(rc));
}

static int addr4(const struct line *l, const char *s, v6t_in4 *a)
{
	return lib(l, s, v6t_addr_in4_parse(a, s, strlen(s)));
}

static int addr6(const struct line *l, const char *s, v6t_in6 *a)
{
	return lib(l, s, v6t_addr_in6_parse(a, s, strlen(s)));
}

/* A prefix P/L, or one address: /32 or /128. */
static int prefix4(const struct line *l, const char *s, v6t_prefix4 *p)
{
	if (strchr(s, '/') == NULL) {
		p->len = 32;
		return addr4(l, s, &p->addr);
	}
	return lib(l, s, v6t_addr_prefix4_parse(p, s, strlen(s)));
}

static int prefix6(const struct line *l, const char *s, v6t_prefix6 *p)
{
	if (strchr(s, '/') == NULL) {
		p->len = 128;
		return addr6(l, s, &p->addr);
	}
	return lib(l, s, v6t_addr_prefix6_parse(p, s, strlen(s)));
}

/* on|off */
static int boolean(const struct line *l, const char *s, int *out)
{
	if (strcmp(s, "on") == 0)
		*out = 1;
	else if (strcmp(s, "off") == 0)
		*out = 0;
	else
		return line_error(l, "%s: expected on or off, got '%s'", l->f[0], s);
	return GW_EXIT_OK;
}

static int hexkey(const struct line *l, const char *s, v6t_flowlabel_key *k)
{
	size_t i;

	if (strlen(s) != 2 * sizeof(k->b) || strspn(s, "0123456789abcdefABCDEF") !=
						     2 * sizeof(k->b))
		return line_error(l, "%s: expected %u hex digits", l->f[0],
				  (unsigned)(2 * sizeof(k->b)));
	for (i = 0; i < sizeof(k->b); i++) {
		char byte[3] = { s[2 * i], s[2 * i + 1], '\0' };

		k->b[i] = (uint8_t)strtoul(byte, NULL, 16);
	}
	return GW_EXIT_OK;
}

/* One more EAM entry. */
static int add_eam(struct gw_config *c, const struct line *l,
		   const v6t_prefix6 *p6, const v6t_prefix4 *p4)
{
	if (c->n_eam == c->cap_eam) {
		size_t cap = c->cap_eam ? 2 * c->cap_eam : 16;
		v6t_xlat_eam *e = realloc(c->eam, cap * sizeof(*e));
		unsigned long *ln;

		if (e == NULL)
			return line_error(l, "out of memory");
		c->eam = e;
		ln = realloc(c->eam_line, cap * sizeof(*ln));
		if (ln == NULL)
			return line_error(l, "out of memory");
		c->eam_line = ln;
		c->cap_eam = cap;
	}
	memset(&c->eam[c->n_eam], 0, sizeof(c->eam[0]));
	c->eam[c->n_eam].p6 = *p6;
	c->eam[c->n_eam].p4 = *p4;
	c->eam_line[c->n_eam++] = l->no;
	return GW_EXIT_OK;
}

/* The directives that take one address or prefix. */
static int address_directive(struct gw_config *c, const struct line *l, int *done)
{
	const char *k = l->f[0], *v = l->f[1];
	v6t_xlat_config *x = &c->xc;

	*done = 1;
	if (strcmp(k, "pool6") == 0) {
		int rc = prefix6(l, v, &x->pool6);

		return rc != GW_EXIT_OK ? rc : lib(l, v, v6t_addr_6052_prefix_check(&x->pool6));
	}
	if (strcmp(k, "self4") == 0)
		return addr4(l, v, &x->self4);
	if (strcmp(k, "self6") == 0)
		return addr6(l, v, &x->self6);
	if (strcmp(k, "clat-ipv4") == 0)
		return addr4(l, v, &c->clat4);
	if (strcmp(k, "clat-ipv6") == 0)
		return addr6(l, v, &c->clat6);
	if (strcmp(k, "rfc6791-v4") == 0) {
		x->flags |= V6T_XLAT_RFC6791_V4;
		return prefix4(l, v, &x->rfc6791_v4);
	}
	if (strcmp(k, "rfc6791-v6") == 0) {
		x->flags |= V6T_XLAT_RFC6791_V6;
		return prefix6(l, v, &x->rfc6791_v6);
	}
	*done = 0;
	return GW_EXIT_OK;
}

/* The directives that take a number. */
static int number_directive(struct gw_config *c, const struct line *l, int *done)
{
	const struct {
		const char *key;
		unsigned long min, max, *out;
	} keys[] = {
		{ "lowest-ipv6-mtu", MTU6_MIN, MTU_MAX, &c->lowest_ipv6_mtu },
		{ "mtu4", MTU4_MIN, MTU_MAX, &c->mtu4 },
		{ "mtu6", MTU6_MIN, MTU_MAX, &c->mtu6 },
		{ "mss-clamp", 1, 65535, &c->mss_clamp },
		{ "reassembly-slots", 0, GW_SLOTS_MAX, &c->reasm_slots },
		{ "batch", 1, GW_BATCH_MAX, &c->batch },
		{ "coalesce-us", 0, GW_COALESCE_MAX, &c->coalesce_us },
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(l->f[0], keys[i].key) == 0) {
			*done = 1;
			return number(l, l->f[1], keys[i].min, keys[i].max, keys[i].out);
		}
	}
	*done = 0;
	return GW_EXIT_OK;
}

/* The flags set by "KEY on|off". */
static int flag_directive(struct gw_config *c, const struct line *l, int *done)
{
	const struct {
		const char *key;
		unsigned *flags, bit;
	} keys[] = {
		{ "hairpinning", &c->xc.flags, V6T_XLAT_HAIRPIN },
		{ "traffic-class-zero", &c->xc.flags, V6T_XLAT_TC_ZERO },
		{ "eam-nested", &c->eam_flags, V6T_XLAT_EAM_NESTED },
		{ "offload", &c->offload, 1u },
	};
	size_t i;
	int on = 0, rc;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(l->f[0], keys[i].key) != 0)
			continue;
		*done = 1;
		rc = boolean(l, l->f[1], &on);
		if (rc == GW_EXIT_OK && on)
			*keys[i].flags |= keys[i].bit;
		else if (rc == GW_EXIT_OK)
			*keys[i].flags &= ~keys[i].bit;
		return rc;
	}
	*done = 0;
	return GW_EXIT_OK;
}

/* The directives with a word or another form. */
static int other_directive(struct gw_config *c, const struct line *l)
{
	const char *k = l->f[0], *v = l->f[1];

	if (strcmp(k, "tun-device") == 0) {
		if (strlen(v) >= GW_NAME_MAX)
			return line_error(l, "tun-device: '%s' is longer than %d bytes", v,
					  GW_NAME_MAX - 1);
		strcpy(c->tun, v);
		return GW_EXIT_OK;
	}
	if (strcmp(k, "mode") == 0) {
		if (strcmp(v, "siit") != 0 && strcmp(v, "clat") != 0)
			return line_error(l, "mode: expected siit or clat, got '%s'", v);
		c->mode = strcmp(v, "clat") == 0 ? GW_CLAT : GW_SIIT;
		return GW_EXIT_OK;
	}
	if (strcmp(k, "udp-zero-checksum") == 0) {
		if (strcmp(v, "compute") == 0)
			c->xc.flags |= V6T_XLAT_UDP0_COMPUTE;
		else if (strcmp(v, "drop") != 0)
			return line_error(l, "udp-zero-checksum: expected drop or compute, "
					  "got '%s'", v);
		return GW_EXIT_OK;
	}
	if (strcmp(k, "flow-label-key") == 0) {
		c->xc.flags |= V6T_XLAT_FLOWLABEL;
		return hexkey(l, v, &c->xc.flow_key);
	}
	return line_error(l, "unknown directive '%s'", k);
}

/* The single-valued directives, each of which may appear once. */
static const char *const single[] = {
	"tun-device", "mode", "pool6", "self4", "self6", "clat-ipv4", "clat-ipv6",
	"rfc6791-v4", "rfc6791-v6", "lowest-ipv6-mtu", "mtu4", "mtu6",
	"udp-zero-checksum", "flow-label-key", "mss-clamp", "reassembly-slots",
	"batch", "coalesce-us", "hairpinning", "eam-nested", "traffic-class-zero",
	"offload",
};

#define N_SINGLE (sizeof(single) / sizeof(single[0]))

/* Bit of c->seen for key, or -1 when it is not single-valued. */
static int single_bit(const char *key)
{
	size_t i;

	for (i = 0; i < N_SINGLE; i++)
		if (strcmp(single[i], key) == 0)
			return (int)i;
	return -1;
}

static int directive(struct gw_config *c, struct line *l)
{
	int bit = single_bit(l->f[0]), done = 0, rc;
	v6t_prefix6 p6;
	v6t_prefix4 p4;

	if (strcmp(l->f[0], "eam") == 0) {
		rc = values(l, 2);
		if (rc == GW_EXIT_OK)
			rc = prefix6(l, l->f[1], &p6);
		if (rc == GW_EXIT_OK)
			rc = prefix4(l, l->f[2], &p4);
		return rc != GW_EXIT_OK ? rc : add_eam(c, l, &p6, &p4);
	}
	if (bit < 0)
		return line_error(l, "unknown directive '%s'", l->f[0]);
	if (c->seen & (1ul << bit))
		return line_error(l, "%s given twice", l->f[0]);
	c->seen |= 1ul << bit;
	rc = values(l, 1);
	if (rc == GW_EXIT_OK)
		rc = address_directive(c, l, &done);
	if (rc == GW_EXIT_OK && !done)
		rc = number_directive(c, l, &done);
	if (rc == GW_EXIT_OK && !done)
		rc = flag_directive(c, l, &done);
	if (rc == GW_EXIT_OK && !done)
		rc = other_directive(c, l);
	return rc;
}

static int was_given(const struct gw_config *c, const char *key)
{
	return (c->seen >> single_bit(key)) & 1u;
}

/* The rules between directives, once the file is read. */
static int check_mode(struct gw_config *c)
{
	struct line l = { c->file, 0, { NULL }, 0 };

	if (c->mode == GW_CLAT) {
		v6t_prefix6 p6 = { c->clat6, 128 };
		v6t_prefix4 p4 = { c->clat4, 32 };

		if (!was_given(c, "clat-ipv4") || !was_given(c, "clat-ipv6") ||
		    !was_given(c, "pool6"))
			return gw_error(GW_EXIT_USAGE, "%s: mode clat needs clat-ipv4, "
					"clat-ipv6 and pool6 (the PLAT prefix)", c->file);
		if (c->n_eam != 0)
			return gw_error(GW_EXIT_USAGE, "%s:%lu: eam lines are for mode siit; "
					"mode clat maps clat-ipv4 to clat-ipv6", c->file,
					c->eam_line[0]);
		return add_eam(c, &l, &p6, &p4);
	}
	if (was_given(c, "clat-ipv4") || was_given(c, "clat-ipv6"))
		return gw_error(GW_EXIT_USAGE, "%s: clat-ipv4 and clat-ipv6 need mode clat",
				c->file);
	if (!was_given(c, "pool6") && c->n_eam == 0)
		return gw_error(GW_EXIT_USAGE, "%s: neither pool6 nor an eam line: "
				"nothing to translate with", c->file);
	return GW_EXIT_OK;
}

/* see gw.h */
int gw_config_read(struct gw_config *c, const char *file)
{
	char buf[LINE_MAX_LEN + 2];
	struct line l = { file, 0, { NULL }, 0 };
	FILE *f = fopen(file, "r");
	int rc = GW_EXIT_OK;

	memset(c, 0, sizeof(*c));
	c->file = file;
	strcpy(c->tun, "siit0");
	c->batch = 32;
	c->xc.flags = V6T_XLAT_HAIRPIN;
	if (f == NULL)
		return gw_error(GW_EXIT_USAGE, "%s: cannot open: %s", file, strerror(errno));
	while (rc == GW_EXIT_OK && fgets(buf, sizeof(buf), f) != NULL) {
		l.no++;
		if (strchr(buf, '\n') == NULL && !feof(f)) {
			rc = line_error(&l, "line longer than %d bytes", LINE_MAX_LEN);
			break;
		}
		buf[strcspn(buf, "\n")] = '\0';
		split(&l, buf);
		if (l.n > 0)
			rc = directive(c, &l);
	}
	if (rc == GW_EXIT_OK && ferror(f))
		rc = gw_error(GW_EXIT_USAGE, "%s: cannot read: %s", file, strerror(errno));
	fclose(f);
	return rc != GW_EXIT_OK ? rc : check_mode(c);
}

/* see gw.h */
int gw_config_finish(struct gw_config *c, v6t_xlat_eamt *t, v6t_xlat *x)
{
	size_t bad = 0;
	int rc;

	if (c->n_eam != 0) {
		rc = v6t_xlat_eamt_init(t, c->eam, c->n_eam, c->eam_flags, &bad);
		if (rc != V6T_OK && c->mode == GW_CLAT)
			return gw_error(GW_EXIT_USAGE, "%s: clat-ipv4 and clat-ipv6: %s",
					c->file, v6t_strerror(rc));
		if (rc != V6T_OK)
			return gw_error(GW_EXIT_USAGE, "%s:%lu: eam: %s", c->file,
					c->eam_line[bad < c->n_eam ? bad : 0], v6t_strerror(rc));
		c->xc.eamt = t;
	}
	/* 0 is "the default" in v6t_xlat_config; the directives are never 0 */
	c->xc.lowest_ipv6_mtu = (uint32_t)c->lowest_ipv6_mtu;
	c->xc.mtu4 = (uint32_t)c->mtu4;
	c->xc.mtu6 = (uint32_t)c->mtu6;
	rc = v6t_xlat_init(x, &c->xc);
	if (rc != V6T_OK)
		return gw_error(GW_EXIT_USAGE, "%s: the translator refuses this "
				"configuration: %s", c->file, v6t_strerror(rc));
	return GW_EXIT_OK;
}

/* see gw.h */
void gw_config_free(struct gw_config *c)
{
	free(c->eam);
	free(c->eam_line);
	c->eam = NULL;
	c->eam_line = NULL;
}
