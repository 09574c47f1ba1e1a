/*
 * v6t xlat: stateless IP/ICMP translation (CLI.md "Packets").
 *
 * Reads a pcap (-r), gives every IP packet to a translator (xlat.h
 * v6t_xlat_translate()) and writes a RAW pcap (-w) of what comes out, in
 * order and with the packet's timestamp: the translated packet, its
 * fragments, or the ICMP error the translator sends back to the packet's
 * source (in a capture, just the next record). Addresses are mapped by an
 * EAM table read from --eam FILE (RFC 7757) and by the RFC 6052 prefix
 * --pool6; the table's entries are one malloc here (the library never
 * allocates).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "v6t.h"

/* The MTU options: what v6t_xlat_init() takes (xlat.h): IPv4 links at
 * least 68 bytes (RFC 791), IPv6 links at least 1280 (RFC 8200 §5), and
 * at most 65535, the largest IPv4 datagram and IPv6 payload. */
#define MTU4_MIN 68u
#define MTU6_MIN V6T_XLAT_IPV6_MIN_MTU
#define MTU_MAX 65535u

/* The IP version in the first byte of a packet. */
#define IP_VERSION(b) ((unsigned)(b) >> 4)

/* What becomes of the EAM file: the entries in file order, the line each
 * came from, and the table v6t_xlat_eamt_init() builds over a copy. */
struct xl_eam {
	const char *file;   /* --eam FILE, NULL when not given */
	v6t_xlat_eam *e;    /* the entries, in file order */
	v6t_xlat_eam *sorted; /* the same, given to the table (reordered) */
	unsigned long *line; /* line[i]: the line of e[i] */
	size_t n, cap;
	v6t_xlat_eamt table;
};

struct xl_args {
	v6t_xlat_config cfg;
	int have_pool6, have_eam, have_lowest, have_mtu4, have_mtu6;
	int have_self4, have_self6, have_6791_v4, have_6791_v6, have_udp0;
	unsigned long lowest, mtu4, mtu6;
};

struct xl_counts {
	unsigned long dropped;     /* packets the translator dropped */
	unsigned long icmp_errors; /* ICMP errors it generated (written) */
};

struct xl_state {
	v6t_xlat x;
	struct xl_counts c;
};

/* A translation may grow the packet by V6T_XLAT_GROWTH (xlat.h); a
 * fragment is at most the MTU in force, lowest-ipv6-mtu or mtu4. */
static uint8_t out_buf[PCAP_MAX_RECORD + V6T_XLAT_GROWTH];
static uint8_t frag_buf[MTU_MAX];

/* see v6t.h */
void cmd_xlat_usage(FILE *f)
{
	fputs("  xlat [--pool6 P/L] [--eam FILE] [--lowest-ipv6-mtu N] [--mtu4 N] "
	      "[--mtu6 N]\n"
	      "       [--self4 A] [--self6 A] [--rfc6791-v4 P/L] [--rfc6791-v6 P/L]\n"
	      "       [--udp-zero-checksum drop|compute] -r IN -w OUT\n", f);
}

/* ------------------------------------------------------------ arguments */

/* The value of a text option given at most once; NULL after an error. */
static const char *once_value(int argc, char **argv, int *i, int *seen)
{
	if (*seen) {
		tool_error(V6T_EXIT_USAGE, "%s given twice", argv[*i]);
		return NULL;
	}
	*seen = 1;
	return option_value(argc, argv, i);
}

/* "OPT VAL: why" for the value of an option the library refused with rc. */
static int opt_fail(const char *opt, const char *val, int rc)
{
	return tool_error(V6T_EXIT_USAGE, "%s %s: %s", opt, val, v6t_strerror(rc));
}

/* An IPv6 address or prefix refused: name the fault in the address where
 * there is one (addr_text.c; WHAT is "OPT VAL", columns count from the
 * option's first byte), else the library's reason. */
static int in6_fail(const char *opt, const char *val, int rc)
{
	const char *slash = strchr(val, '/');
	size_t n = slash != NULL ? (size_t)(slash - val) : strlen(val);
	char what[TOOL_ESCAPED_MAX(TOOL_LINE_MAX)];
	v6t_in6 unused;

	if (v6t_addr_in6_parse(&unused, val, n) != V6T_OK) {
		snprintf(what, sizeof(what), "%s %s", opt, val);
		return in6_text_fail(what, strlen(opt) + 1, val, n);
	}
	return opt_fail(opt, val, rc);
}

/* --rfc6791-v4: P/L, or one address A, the pool A/32. */
static int parse_pool4(const char *opt, const char *val, v6t_prefix4 *p)
{
	size_t n = strlen(val);
	int rc;

	if (strchr(val, '/') != NULL) {
		rc = v6t_addr_prefix4_parse(p, val, n);
	} else {
		rc = v6t_addr_in4_parse(&p->addr, val, n);
		p->len = 32;
	}
	return rc == V6T_OK ? V6T_EXIT_OK : opt_fail(opt, val, rc);
}

/* --rfc6791-v6: P/L, or one address A, the pool A/128. */
static int parse_pool6(const char *opt, const char *val, v6t_prefix6 *p)
{
	size_t n = strlen(val);
	int rc;

	if (strchr(val, '/') != NULL) {
		rc = v6t_addr_prefix6_parse(p, val, n);
	} else {
		rc = v6t_addr_in6_parse(&p->addr, val, n);
		p->len = 128;
	}
	return rc == V6T_OK ? V6T_EXIT_OK : in6_fail(opt, val, rc);
}

/* --pool6 P/L: a prefix of RFC 6052 §2.2 (v6t_addr_6052_prefix_check()). */
static int parse_rfc6052(const char *opt, const char *val, v6t_prefix6 *p)
{
	int rc = v6t_addr_prefix6_parse(p, val, strlen(val));

	if (rc != V6T_OK)
		return in6_fail(opt, val, rc);
	rc = v6t_addr_6052_prefix_check(p);
	return rc == V6T_OK ? V6T_EXIT_OK : opt_fail(opt, val, rc);
}

static int parse_self4(const char *opt, const char *val, v6t_in4 *a)
{
	int rc = v6t_addr_in4_parse(a, val, strlen(val));

	return rc == V6T_OK ? V6T_EXIT_OK : opt_fail(opt, val, rc);
}

static int parse_self6(const char *opt, const char *val, v6t_in6 *a)
{
	int rc = v6t_addr_in6_parse(a, val, strlen(val));

	return rc == V6T_OK ? V6T_EXIT_OK : in6_fail(opt, val, rc);
}

/* --udp-zero-checksum drop|compute (RFC 7915 §4.5). */
static int parse_udp0(const char *opt, const char *val, unsigned *flags)
{
	if (strcmp(val, "compute") == 0)
		*flags |= V6T_XLAT_UDP0_COMPUTE;
	else if (strcmp(val, "drop") != 0)
		return tool_error(V6T_EXIT_USAGE, "%s %s: expected drop or compute", opt, val);
	return V6T_EXIT_OK;
}

/* An option taking an address or prefix: argv[*i] is its name. Returns an
 * exit status, or NOT_ADDR_OPTION when the option is not one of these. */
#define NOT_ADDR_OPTION (-1)

static int addr_option(int argc, char **argv, int *i, struct xl_args *a)
{
	v6t_xlat_config *c = &a->cfg;
	const char *opt = argv[*i], *val;

	if (strcmp(opt, "--pool6") == 0) {
		val = once_value(argc, argv, i, &a->have_pool6);
		return val == NULL ? V6T_EXIT_USAGE : parse_rfc6052(opt, val, &c->pool6);
	}
	if (strcmp(opt, "--self4") == 0) {
		val = once_value(argc, argv, i, &a->have_self4);
		return val == NULL ? V6T_EXIT_USAGE : parse_self4(opt, val, &c->self4);
	}
	if (strcmp(opt, "--self6") == 0) {
		val = once_value(argc, argv, i, &a->have_self6);
		return val == NULL ? V6T_EXIT_USAGE : parse_self6(opt, val, &c->self6);
	}
	if (strcmp(opt, "--rfc6791-v4") == 0) {
		val = once_value(argc, argv, i, &a->have_6791_v4);
		c->flags |= V6T_XLAT_RFC6791_V4;
		return val == NULL ? V6T_EXIT_USAGE : parse_pool4(opt, val, &c->rfc6791_v4);
	}
	if (strcmp(opt, "--rfc6791-v6") == 0) {
		val = once_value(argc, argv, i, &a->have_6791_v6);
		c->flags |= V6T_XLAT_RFC6791_V6;
		return val == NULL ? V6T_EXIT_USAGE : parse_pool6(opt, val, &c->rfc6791_v6);
	}
	return NOT_ADDR_OPTION;
}

/* The options that are not addresses; argv[*i] is the option. */
static int other_option(int argc, char **argv, int *i, struct pktcmd *pc,
			struct xl_args *a, struct xl_eam *eam)
{
	const char *arg = argv[*i], *val;

	if (strcmp(arg, "--eam") == 0) {
		eam->file = once_value(argc, argv, i, &a->have_eam);
		return eam->file != NULL ? V6T_EXIT_OK : V6T_EXIT_USAGE;
	}
	if (strcmp(arg, "--udp-zero-checksum") == 0) {
		val = once_value(argc, argv, i, &a->have_udp0);
		return val != NULL ? parse_udp0(arg, val, &a->cfg.flags) : V6T_EXIT_USAGE;
	}
	if (strcmp(arg, "--lowest-ipv6-mtu") == 0)
		return pktcmd_uint_option(argc, argv, i, MTU6_MIN, MTU_MAX,
					  &a->have_lowest, &a->lowest);
	if (strcmp(arg, "--mtu4") == 0)
		return pktcmd_uint_option(argc, argv, i, MTU4_MIN, MTU_MAX,
					  &a->have_mtu4, &a->mtu4);
	if (strcmp(arg, "--mtu6") == 0)
		return pktcmd_uint_option(argc, argv, i, MTU6_MIN, MTU_MAX,
					  &a->have_mtu6, &a->mtu6);
	if (pktcmd_is_file_option(arg))
		return pktcmd_file_option(pc, argc, argv, i);
	return pktcmd_bad_arg(pc, arg);
}

/* argv: xlat OPTIONS... */
static int parse_args(int argc, char **argv, struct pktcmd *pc, struct xl_args *a,
		      struct xl_eam *eam)
{
	int i, status;

	for (i = 1; i < argc; i++) {
		status = addr_option(argc, argv, &i, a);
		if (status == NOT_ADDR_OPTION)
			status = other_option(argc, argv, &i, pc, a, eam);
		if (status != V6T_EXIT_OK)
			return status;
	}
	if (!a->have_pool6 && eam->file == NULL)
		return tool_error(V6T_EXIT_USAGE, "xlat: missing --pool6 P/L or --eam FILE");
	/* 0 is "the default" in v6t_xlat_config: the options are never 0 */
	a->cfg.lowest_ipv6_mtu = (uint32_t)a->lowest;
	a->cfg.mtu4 = (uint32_t)a->mtu4;
	a->cfg.mtu6 = (uint32_t)a->mtu6;
	return pktcmd_check_files(pc);
}

/* ------------------------------------------------------------- EAM file */

/* A blank: the fields of a line are separated by spaces and tabs. */
static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The next field of s[*pos..n): its start and length; 0 when none is left. */
static size_t next_field(const char *s, size_t n, size_t *pos, const char **f)
{
	size_t start;

	while (*pos < n && is_blank(s[*pos]))
		(*pos)++;
	start = *pos;
	while (*pos < n && !is_blank(s[*pos]))
		(*pos)++;
	*f = s + start;
	return *pos - start;
}

/* Make room for one more entry; returns an exit status. */
static int eam_grow(struct xl_eam *eam)
{
	size_t cap = eam->cap != 0 ? 2 * eam->cap : 16;
	v6t_xlat_eam *e;
	unsigned long *line;

	if (eam->n < eam->cap)
		return V6T_EXIT_OK;
	e = realloc(eam->e, cap * sizeof(*e));
	if (e != NULL)
		eam->e = e;
	line = e != NULL ? realloc(eam->line, cap * sizeof(*line)) : NULL;
	if (line == NULL)
		return tool_error(V6T_EXIT_USAGE, "%s: out of memory after %lu entries",
				  eam->file, (unsigned long)eam->n);
	eam->line = line;
	eam->cap = cap;
	return V6T_EXIT_OK;
}

/* An error about line `line` of the EAM file: "FILE:LINE: ..." */
static int eam_fail(const struct xl_eam *eam, unsigned long line, const char *why,
		    const char *field, size_t n)
{
	char text[TOOL_ESCAPED_MAX(TOOL_LINE_MAX)];

	if (field == NULL)
		return tool_error(V6T_EXIT_USAGE, "%s:%lu: %s", eam->file, line, why);
	tool_escape(text, sizeof(text), field, n);
	return tool_error(V6T_EXIT_USAGE, "%s:%lu: '%s': %s", eam->file, line, text, why);
}

/* The IPv6 field f6[0..n6) of the line at s refused with rc. */
static int eam_fail6(const struct xl_eam *eam, unsigned long line, const char *s,
		     const char *f6, size_t n6, int rc)
{
	const char *slash = memchr(f6, '/', n6);
	size_t alen = slash != NULL ? (size_t)(slash - f6) : n6;
	char what[TOOL_ESCAPED_MAX(TOOL_LINE_MAX)];
	v6t_prefix4 p4;
	v6t_in6 unused;

	if (v6t_addr_prefix4_parse(&p4, f6, n6) == V6T_OK)
		return eam_fail(eam, line, "an IPv4 prefix where the IPv6 prefix is "
				"expected (the IPv6 prefix comes first)", f6, n6);
	if (v6t_addr_in6_parse(&unused, f6, alen) != V6T_OK) {
		/* what and where, columns counting bytes of the line from 1 */
		snprintf(what, sizeof(what), "%s:%lu", eam->file, line);
		return in6_text_fail(what, (size_t)(f6 - s), f6, alen);
	}
	return eam_fail(eam, line, v6t_strerror(rc), f6, n6);
}

/* The two fields of an entry, "IPV6PREFIX IPV4PREFIX", of the line at s. */
static int eam_entry(const struct xl_eam *eam, unsigned long line, const char *s,
		     const char *f6, size_t n6, const char *f4, size_t n4,
		     v6t_xlat_eam *e)
{
	int rc;

	memset(e, 0, sizeof(*e));
	rc = v6t_addr_prefix6_parse(&e->p6, f6, n6);
	if (rc != V6T_OK)
		return eam_fail6(eam, line, s, f6, n6, rc);
	rc = v6t_addr_prefix4_parse(&e->p4, f4, n4);
	if (rc != V6T_OK)
		return eam_fail(eam, line, v6t_strerror(rc), f4, n4);
	return V6T_EXIT_OK;
}

/* One line: an entry, or nothing (blank, or only a comment). */
static int eam_line(struct xl_eam *eam, unsigned long line, const char *s, size_t n)
{
	const char *hash = memchr(s, '#', n), *f6, *f4, *extra;
	size_t pos = 0, n6, n4, nx;
	int status;

	if (hash != NULL) /* a comment runs to the end of the line */
		n = (size_t)(hash - s);
	n6 = next_field(s, n, &pos, &f6);
	if (n6 == 0)
		return V6T_EXIT_OK;
	n4 = next_field(s, n, &pos, &f4);
	if (n4 == 0)
		return eam_fail(eam, line, "expected 'IPV6PREFIX IPV4PREFIX', got one "
				"field", NULL, 0);
	nx = next_field(s, n, &pos, &extra);
	if (nx != 0)
		return eam_fail(eam, line, "expected 'IPV6PREFIX IPV4PREFIX', got a "
				"third field", extra, nx);
	status = eam_grow(eam);
	if (status != V6T_EXIT_OK)
		return status;
	status = eam_entry(eam, line, s, f6, n6, f4, n4, &eam->e[eam->n]);
	if (status != V6T_EXIT_OK)
		return status;
	eam->line[eam->n++] = line;
	return V6T_EXIT_OK;
}

/* Read the entries of the EAM file; returns an exit status. */
static int eam_read(struct xl_eam *eam)
{
	char buf[TOOL_LINE_MAX];
	unsigned long line = 0;
	FILE *f = fopen(eam->file, "r");
	size_t len;
	int rc, status = V6T_EXIT_OK;

	if (f == NULL)
		return tool_error(V6T_EXIT_USAGE, "%s: cannot open: %s", eam->file,
				  strerror(errno));
	while (status == V6T_EXIT_OK &&
	       (rc = read_line(f, buf, sizeof(buf), &len)) != TOOL_LINE_EOF) {
		line++;
		if (rc == TOOL_LINE_LONG)
			status = tool_error(V6T_EXIT_USAGE, "%s:%lu: line longer than %u "
					    "bytes", eam->file, line, TOOL_LINE_MAX);
		else if (rc == TOOL_LINE_ERROR)
			status = tool_error(V6T_EXIT_USAGE, "%s: cannot read: %s",
					    eam->file, strerror(errno));
		else
			status = eam_line(eam, line, buf, len);
	}
	fclose(f); /* read only: nothing can be lost */
	return status;
}

/* Index of the entry before `bad` (file order) with the same IPv6 or
 * IPv4 prefix, or `bad` when there is none. */
static size_t eam_twin(const struct xl_eam *eam, size_t bad)
{
	const v6t_xlat_eam *b = &eam->e[bad];
	size_t i;

	for (i = 0; i < bad; i++) {
		const v6t_xlat_eam *e = &eam->e[i];

		if ((e->p6.len == b->p6.len && memcmp(&e->p6.addr, &b->p6.addr,
						      sizeof(b->p6.addr)) == 0) ||
		    (e->p4.len == b->p4.len && memcmp(&e->p4.addr, &b->p4.addr,
						      sizeof(b->p4.addr)) == 0))
			return i;
	}
	return bad;
}

/* The table's refusal of entry `bad`. */
static int eam_refused(const struct xl_eam *eam, size_t bad, int rc)
{
	char why[128];
	size_t twin;

	if (bad >= eam->n) /* not about one entry */
		return tool_error(V6T_EXIT_USAGE, "%s: %s", eam->file, v6t_strerror(rc));
	twin = rc == V6T_EXLAT_EAM_OVERLAP ? eam_twin(eam, bad) : bad;
	if (twin == bad)
		return eam_fail(eam, eam->line[bad], v6t_strerror(rc), NULL, 0);
	snprintf(why, sizeof(why), "%s (the same prefix as line %lu, RFC 7757 §5)",
		 v6t_strerror(rc), eam->line[twin]);
	return eam_fail(eam, eam->line[bad], why, NULL, 0);
}

/* Read the file and build the table (nested prefixes allowed: the longest
 * match decides, RFC 7757 §3.3); returns an exit status. */
static int eam_load(struct xl_eam *eam)
{
	size_t bad = (size_t)-1;
	int status = eam_read(eam), rc;

	if (status != V6T_EXIT_OK)
		return status;
	if (eam->n > 0) {
		eam->sorted = malloc(eam->n * sizeof(*eam->sorted));
		if (eam->sorted == NULL)
			return tool_error(V6T_EXIT_USAGE, "%s: out of memory", eam->file);
		memcpy(eam->sorted, eam->e, eam->n * sizeof(*eam->sorted));
	}
	rc = v6t_xlat_eamt_init(&eam->table, eam->sorted, eam->n, V6T_XLAT_EAM_NESTED,
				&bad);
	return rc == V6T_OK ? V6T_EXIT_OK : eam_refused(eam, bad, rc);
}

static void eam_free(struct xl_eam *eam)
{
	free(eam->e);
	free(eam->sorted);
	free(eam->line);
}

/* --------------------------------------------------------------- packets */

/* Write every fragment of a FRAGMENTS verdict. Returns an exit status. */
static int write_fragments(struct pktcmd *pc, const struct pcap_pkt *pkt,
			   v6t_xlat_result *res)
{
	struct xl_state *st = pc->ctx;
	uint32_t i;
	size_t len;
	int rc, status;

	for (i = 0; i < res->count; i++) {
		rc = v6t_xlat_next_fragment(res, frag_buf, sizeof(frag_buf), &len);
		if (rc != V6T_OK) {
			/* never expected; the fragments so far are written */
			st->c.dropped++;
			pktcmd_note(pc, "fragment %lu of %lu: %s (dropped)",
				    (unsigned long)i + 1, (unsigned long)res->count,
				    v6t_strerror(rc));
			return V6T_EXIT_OK;
		}
		status = pktcmd_write(pc, pkt, frag_buf, len);
		if (status != V6T_EXIT_OK)
			return status;
	}
	return V6T_EXIT_OK;
}

/* One IP packet. Returns an exit status. */
static int xlat_packet(struct pktcmd *pc, const struct pcap_pkt *pkt, uint8_t *data)
{
	struct xl_state *st = pc->ctx;
	v6t_xlat_result res;
	int rc;

	/* the link type says which version it is (doc/cli.md) */
	if (pkt->len == 0 || IP_VERSION(data[0]) != pkt->ipver) {
		st->c.dropped++;
		pktcmd_note(pc, "%s (dropped)", v6t_strerror(V6T_EPKT_VERSION));
		return V6T_EXIT_OK;
	}
	rc = v6t_xlat_translate(&st->x, data, pkt->len, out_buf,
				pkt->len + V6T_XLAT_GROWTH, &res);
	if (rc != V6T_OK) {
		st->c.dropped++;
		pktcmd_note(pc, "v6t_xlat_translate: %s (dropped)", v6t_strerror(rc));
		return V6T_EXIT_OK;
	}
	switch (res.verdict) {
	case V6T_XLAT_FORWARD:
		return pktcmd_write(pc, pkt, res.data, res.len);
	case V6T_XLAT_FRAGMENTS:
		return write_fragments(pc, pkt, &res);
	case V6T_XLAT_ICMP_ERROR:
		st->c.icmp_errors++;
		pktcmd_note(pc, "%s (answered with an ICMP error)", v6t_strerror(res.reason));
		return pktcmd_write(pc, pkt, res.data, res.len);
	default: /* V6T_XLAT_DROP */
		st->c.dropped++;
		pktcmd_note(pc, "%s (dropped)", v6t_strerror(res.reason));
		return V6T_EXIT_OK;
	}
}

/* ------------------------------------------------------------ the command */

/* Parse, load the EAM file and set up the translator; returns an exit
 * status. */
static int xlat_setup(int argc, char **argv, struct pktcmd *pc, struct xl_eam *eam,
		      v6t_xlat *x)
{
	struct xl_args a;
	int status, rc;

	memset(&a, 0, sizeof(a));
	/* RFC 7757 §4.2: hairpinning "SHOULD be enabled by default"; v6t has
	 * no option to turn it off (CLI.md) */
	a.cfg.flags = V6T_XLAT_HAIRPIN;
	status = parse_args(argc, argv, pc, &a, eam);
	if (status != V6T_EXIT_OK)
		return status;
	if (eam->file != NULL) {
		status = eam_load(eam);
		if (status != V6T_EXIT_OK)
			return status;
		if (eam->n == 0 && !a.have_pool6)
			return tool_error(V6T_EXIT_USAGE, "%s: no entries, and no --pool6 "
					  "given: nothing can be translated", eam->file);
		a.cfg.eamt = &eam->table;
	}
	rc = v6t_xlat_init(x, &a.cfg);
	if (rc != V6T_OK)
		return tool_error(V6T_EXIT_USAGE, "xlat: %s", v6t_strerror(rc));
	return V6T_EXIT_OK;
}

/* see v6t.h */
int cmd_xlat(const struct tool_opts *opts, int argc, char **argv)
{
	struct xl_state st;
	struct xl_eam eam;
	struct pktcmd pc;
	struct tool_out o;
	int status;

	memset(&pc, 0, sizeof(pc));
	memset(&st, 0, sizeof(st));
	memset(&eam, 0, sizeof(eam));
	pc.name = "xlat";
	pc.opts = opts;
	pc.packet = xlat_packet;
	pc.ctx = &st;
	status = xlat_setup(argc, argv, &pc, &eam, &st.x);
	if (status != V6T_EXIT_OK) {
		eam_free(&eam);
		if (opts->verbose)
			cmd_xlat_usage(stderr);
		return status;
	}
	status = pktcmd_run(&pc);
	eam_free(&eam);
	if (status != V6T_EXIT_OK)
		return status;
	out_init(&o);
	out_uint(&o, "in", pc.n_in);
	out_uint(&o, "out", pc.n_out);
	out_uint(&o, "dropped", pc.n_skipped + st.c.dropped);
	out_uint(&o, "icmp_errors", st.c.icmp_errors);
	return out_flush(&o);
}
