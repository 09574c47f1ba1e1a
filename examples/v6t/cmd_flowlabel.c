/*
 * v6t flowlabel: give IPv6 packets a flow label (CLI.md "Packets").
 *
 * Reads a pcap (-r), writes a RAW pcap (-w) that holds every IP packet of
 * the input, in order and with its timestamp. Only the 20 label bits of an
 * IPv6 packet whose label is zero change (v6t_flowlabel_set()); IPv6
 * packets the library refuses, IPv4 packets and labelled packets are copied
 * as they are. Link-layer frames that carry no IP packet cannot go into a
 * RAW file: they are dropped. The counters are printed after the last
 * packet, once the output is complete.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <errno.h>
#include <string.h>

#include "pcap.h"
#include "v6t.h"

/* The key is written as two hex digits per byte, first byte first. */
#define KEY_HEX_LEN (2 * sizeof(((v6t_flowlabel_key *)0)->b))

/* The range of the packet-header status codes (common.h: -0x201..; the
 * flow-label codes start at -0x301). */
#define PKT_STATUS_FIRST V6T_EPKT_VERSION
#define PKT_STATUS_BELOW (-0x300)

/* The file name that means standard input (-r) and that -w refuses. */
#define STDIO_NAME "-"

struct fl_args {
	v6t_flowlabel_key key;
	int have_key;
	int tunnel;      /* --tunnel: label tunnels from the inner packet */
	const char *in;  /* -r FILE, STDIO_NAME for stdin */
	const char *out; /* -w FILE */
};

struct fl_counts {
	unsigned long in;       /* records read */
	unsigned long out;      /* records written */
	unsigned long dropped;  /* frames without an IP packet */
	unsigned long labelled; /* IPv6 packets given a label */
	unsigned long kept;     /* IPv6 packets whose non-zero label stayed */
	unsigned long invalid;  /* IPv6 packets the library refused, copied */
};

/* One record at a time; the largest record any pcap reader accepts. */
static uint8_t record_buf[PCAP_MAX_RECORD];

/* see v6t.h */
void cmd_flowlabel_usage(FILE *f)
{
	fputs("  flowlabel --key HEX32 [--tunnel] -r IN -w OUT\n", f);
}

/* ------------------------------------------------------------ arguments */

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly KEY_HEX_LEN hex digits, either case. The text is a secret: the
 * messages say what is wrong with it, never what it is. */
static int parse_key(const char *s, v6t_flowlabel_key *key)
{
	size_t n = strlen(s), i;

	if (n != KEY_HEX_LEN)
		return tool_error(V6T_EXIT_USAGE, "--key: expected %u hex digits, got "
				  "%lu characters", (unsigned)KEY_HEX_LEN, (unsigned long)n);
	for (i = 0; i < n; i++)
		if (hex_digit(s[i]) < 0)
			return tool_error(V6T_EXIT_USAGE, "--key: character %lu is not "
					  "a hex digit", (unsigned long)i + 1);
	for (i = 0; i < sizeof(key->b); i++)
		key->b[i] = (uint8_t)(hex_digit(s[2 * i]) << 4 | hex_digit(s[2 * i + 1]));
	return V6T_EXIT_OK;
}

/* The value of the option at argv[*i]; NULL (and an error printed) when it
 * is the last argument. */
static const char *option_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc) {
		tool_error(V6T_EXIT_USAGE, "%s: missing value", argv[*i]);
		return NULL;
	}
	*i += 1;
	return argv[*i];
}

/* A file option (-r, -w): given once, with a value. */
static int file_option(int argc, char **argv, int *i, const char **file)
{
	const char *opt = argv[*i];

	if (*file != NULL)
		return tool_error(V6T_EXIT_USAGE, "%s given twice", opt);
	*file = option_value(argc, argv, i);
	return *file != NULL ? V6T_EXIT_OK : V6T_EXIT_USAGE;
}

/* argv: flowlabel OPTIONS... */
static int parse_args(int argc, char **argv, struct fl_args *a)
{
	int i, status;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *val;

		if (strcmp(arg, "--key") == 0) {
			if (a->have_key)
				return tool_error(V6T_EXIT_USAGE, "--key given twice");
			val = option_value(argc, argv, &i);
			if (val == NULL)
				return V6T_EXIT_USAGE;
			status = parse_key(val, &a->key);
			if (status != V6T_EXIT_OK)
				return status;
			a->have_key = 1;
		} else if (strcmp(arg, "--tunnel") == 0) {
			if (a->tunnel)
				return tool_error(V6T_EXIT_USAGE, "--tunnel given twice");
			a->tunnel = 1;
		} else if (strcmp(arg, "-r") == 0 || strcmp(arg, "-w") == 0) {
			status = file_option(argc, argv, &i, arg[1] == 'r' ? &a->in : &a->out);
			if (status != V6T_EXIT_OK)
				return status;
		} else if (arg[0] == '-') {
			return tool_error(V6T_EXIT_USAGE, "flowlabel: unknown option '%s'", arg);
		} else {
			return tool_error(V6T_EXIT_USAGE, "flowlabel: unexpected argument '%s'",
					  arg);
		}
	}
	if (!a->have_key)
		return tool_error(V6T_EXIT_USAGE, "flowlabel: missing --key HEX32");
	if (a->in == NULL)
		return tool_error(V6T_EXIT_USAGE, "flowlabel: missing -r IN");
	if (a->out == NULL)
		return tool_error(V6T_EXIT_USAGE, "flowlabel: missing -w OUT");
	/* stdout carries the counters, so the capture cannot go there too */
	if (strcmp(a->out, STDIO_NAME) == 0)
		return tool_error(V6T_EXIT_USAGE, "-w -: the output must be a file "
				  "(the counters go to standard output)");
	/* opening OUT would empty IN before it is read */
	if (strcmp(a->in, a->out) == 0)
		return tool_error(V6T_EXIT_USAGE, "-w %s: the same file as -r", a->out);
	return V6T_EXIT_OK;
}

/* --------------------------------------------------------------- packets */

/* One IP packet: labelled, kept, invalid or, if not IPv6, none of these.
 * Returns an exit status (only a library misuse fails). */
static int label_packet(const struct tool_opts *opts, const struct fl_args *a,
			const struct pcap_reader *r, uint8_t *pkt, size_t len,
			struct fl_counts *c)
{
	unsigned mode = a->tunnel ? V6T_FLOWLABEL_TUNNEL : 0u;
	int written = 0;
	int rc = v6t_flowlabel_set(&a->key, pkt, len, mode, NULL, &written);

	if (rc == V6T_OK) {
		if (written)
			c->labelled++;
		else
			c->kept++;
		return V6T_EXIT_OK;
	}
	if (rc <= PKT_STATUS_FIRST && rc > PKT_STATUS_BELOW) {
		/* RFC 6437 §3 asks nothing of a packet we cannot parse: pass it on */
		c->invalid++;
		if (opts->verbose)
			fprintf(stderr, "v6t: flowlabel: record %lu: %s (copied unchanged)\n",
				r->records, v6t_strerror(rc));
		return V6T_EXIT_OK;
	}
	return tool_error(V6T_EXIT_USAGE, "internal: v6t_flowlabel_set: %s",
			  v6t_strerror(rc));
}

/* Copy every record of r to w, labelling on the way. */
static int copy_packets(const struct tool_opts *opts, const struct fl_args *a,
			struct pcap_reader *r, struct pcap_writer *w,
			const char *in_name, struct fl_counts *c)
{
	struct pcap_pkt pkt;
	int rc, status;

	while ((rc = pcap_read(r, &pkt)) == 1) {
		if (pkt.ipver == 6) {
			/* pkt.data points into record_buf, which we may write */
			uint8_t *p = record_buf + (pkt.data - record_buf);

			status = label_packet(opts, a, r, p, pkt.len, c);
			if (status != V6T_EXIT_OK)
				return status;
		}
		rc = pcap_write(w, &pkt);
		if (rc != PCAP_OK)
			return tool_error(V6T_EXIT_USAGE, "%s: %s", a->out, pcap_strerror(rc));
		c->out++;
	}
	if (rc < 0)
		return tool_error(V6T_EXIT_USAGE, "%s: record %lu: %s", in_name,
				  r->records, pcap_strerror(rc));
	c->in = r->records;
	c->dropped = r->skipped;
	return V6T_EXIT_OK;
}

/* Open OUT, copy, and close it; returns an exit status. */
static int write_output(const struct tool_opts *opts, const struct fl_args *a,
			struct pcap_reader *r, const char *in_name,
			struct fl_counts *c)
{
	struct pcap_writer w;
	FILE *f = fopen(a->out, "wb");
	int status, rc;

	if (f == NULL)
		return tool_error(V6T_EXIT_USAGE, "%s: cannot create: %s", a->out,
				  strerror(errno));
	rc = pcap_writer_open(&w, f, r->nsec); /* keep nanosecond timestamps */
	if (rc != PCAP_OK)
		status = tool_error(V6T_EXIT_USAGE, "%s: %s", a->out, pcap_strerror(rc));
	else
		status = copy_packets(opts, a, r, &w, in_name, c);
	if (status == V6T_EXIT_OK && pcap_writer_flush(&w) != PCAP_OK)
		status = tool_error(V6T_EXIT_USAGE, "%s: %s", a->out,
				    pcap_strerror(PCAP_EIO));
	if (fclose(f) != 0 && status == V6T_EXIT_OK)
		status = tool_error(V6T_EXIT_USAGE, "%s: cannot write: %s", a->out,
				    strerror(errno));
	return status;
}

/* Open IN, check its header, then write OUT: a bad input leaves OUT alone. */
static int run(const struct tool_opts *opts, const struct fl_args *a,
	       struct fl_counts *c)
{
	int from_stdin = strcmp(a->in, STDIO_NAME) == 0;
	const char *in_name = from_stdin ? "standard input" : a->in;
	FILE *f = from_stdin ? stdin : fopen(a->in, "rb");
	struct pcap_reader r;
	int status, rc;

	if (f == NULL)
		return tool_error(V6T_EXIT_USAGE, "%s: cannot open: %s", a->in,
				  strerror(errno));
	rc = pcap_reader_open(&r, f, record_buf, sizeof(record_buf));
	if (rc != PCAP_OK)
		status = tool_error(V6T_EXIT_USAGE, "%s: %s", in_name, pcap_strerror(rc));
	else
		status = write_output(opts, a, &r, in_name, c);
	if (!from_stdin)
		fclose(f); /* read only: nothing can be lost */
	return status;
}

/* see v6t.h */
int cmd_flowlabel(const struct tool_opts *opts, int argc, char **argv)
{
	struct fl_args a;
	struct fl_counts c;
	struct tool_out o;
	int status = parse_args(argc, argv, &a);

	if (status != V6T_EXIT_OK) {
		if (opts->verbose)
			cmd_flowlabel_usage(stderr);
		return status;
	}
	memset(&c, 0, sizeof(c));
	status = run(opts, &a, &c);
	if (status != V6T_EXIT_OK)
		return status;
	out_init(&o);
	out_uint(&o, "in", c.in);
	out_uint(&o, "out", c.out);
	out_uint(&o, "dropped", c.dropped);
	out_uint(&o, "labelled", c.labelled);
	out_uint(&o, "kept", c.kept);
	out_uint(&o, "invalid", c.invalid);
	return out_flush(&o);
}
