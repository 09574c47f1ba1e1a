/*
 * v6t - what every pcap-in/pcap-out command shares (CLI.md "Packets"):
 * the -r/-w options and their checks, number options, opening IN before
 * OUT, the read loop, writing records and the in/out/dropped counters.
 * A command fills a struct pktcmd (v6t.h) and gives each IP packet to its
 * own function; see cmd_flowlabel.c, cmd_reasm.c, cmd_frag.c and cmd_xlat.c.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "v6t.h"

/* The file name that means standard input (-r) and that -w refuses. */
#define STDIO_NAME "-"

/* One record at a time; the largest record any pcap reader accepts. A
 * command runs once per process, so one buffer serves them all. */
static uint8_t record_buf[PCAP_MAX_RECORD];

/* ------------------------------------------------------------ arguments */

/* see v6t.h */
const char *option_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc) {
		tool_error(V6T_EXIT_USAGE, "%s: missing value", argv[*i]);
		return NULL;
	}
	*i += 1;
	return argv[*i];
}

/* see v6t.h */
int pktcmd_is_file_option(const char *arg)
{
	return strcmp(arg, "-r") == 0 || strcmp(arg, "-w") == 0;
}

/* see v6t.h */
int pktcmd_file_option(struct pktcmd *pc, int argc, char **argv, int *i)
{
	const char *opt = argv[*i];
	const char **file = opt[1] == 'r' ? &pc->in : &pc->out;

	if (*file != NULL)
		return tool_error(V6T_EXIT_USAGE, "%s given twice", opt);
	*file = option_value(argc, argv, i);
	return *file != NULL ? V6T_EXIT_OK : V6T_EXIT_USAGE;
}

/* see v6t.h */
int pktcmd_uint_option(int argc, char **argv, int *i, unsigned long min,
		       unsigned long max, int *seen, unsigned long *out)
{
	const char *opt = argv[*i], *val;
	unsigned long v;
	int rc;

	if (*seen)
		return tool_error(V6T_EXIT_USAGE, "%s given twice", opt);
	val = option_value(argc, argv, i);
	if (val == NULL)
		return V6T_EXIT_USAGE;
	rc = parse_dec(val, max, &v);
	if (rc == V6T_OK && v < min)
		rc = TOOL_ENUM_RANGE;
	if (rc == TOOL_ENUM_RANGE)
		return tool_error(V6T_EXIT_USAGE, "%s %s: %s (%lu..%lu)", opt, val,
				  tool_strerror(rc), min, max);
	if (rc != V6T_OK)
		return tool_error(V6T_EXIT_USAGE, "%s %s: %s", opt, val, tool_strerror(rc));
	*seen = 1;
	*out = v;
	return V6T_EXIT_OK;
}

/* see v6t.h */
int pktcmd_bad_arg(const struct pktcmd *pc, const char *arg)
{
	if (arg[0] == '-')
		return tool_error(V6T_EXIT_USAGE, "%s: unknown option '%s'", pc->name, arg);
	return tool_error(V6T_EXIT_USAGE, "%s: unexpected argument '%s'", pc->name, arg);
}

/* see v6t.h */
int pktcmd_check_files(const struct pktcmd *pc)
{
	if (pc->in == NULL)
		return tool_error(V6T_EXIT_USAGE, "%s: missing -r IN", pc->name);
	if (pc->out == NULL)
		return tool_error(V6T_EXIT_USAGE, "%s: missing -w OUT", pc->name);
	/* stdout carries the counters, so the capture cannot go there too */
	if (strcmp(pc->out, STDIO_NAME) == 0)
		return tool_error(V6T_EXIT_USAGE, "-w -: the output must be a file "
				  "(the counters go to standard output)");
	/* opening OUT would empty IN before it is read */
	if (strcmp(pc->in, pc->out) == 0)
		return tool_error(V6T_EXIT_USAGE, "-w %s: the same file as -r", pc->out);
	return V6T_EXIT_OK;
}

/* --------------------------------------------------------------- packets */

/* see v6t.h */
int pktcmd_write(struct pktcmd *pc, const struct pcap_pkt *pkt,
		 const uint8_t *data, size_t len)
{
	struct pcap_pkt o = *pkt; /* the input's timestamp */
	int rc;

	o.data = data;
	o.len = len;
	o.orig_len = len;
	rc = pcap_write(pc->writer, &o);
	if (rc != PCAP_OK)
		return tool_error(V6T_EXIT_USAGE, "%s: %s", pc->out, pcap_strerror(rc));
	pc->n_out++;
	return V6T_EXIT_OK;
}

/* see v6t.h */
void pktcmd_note(const struct pktcmd *pc, const char *fmt, ...)
{
	va_list ap;

	if (!pc->opts->verbose)
		return;
	fprintf(stderr, "v6t: %s: record %lu: ", pc->name, pc->reader->records);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* see v6t.h */
uint64_t pktcmd_time_ms(const struct pcap_pkt *pkt)
{
	return (uint64_t)pkt->ts_sec * 1000u + pkt->ts_nsec / 1000000u;
}

/* Give every record of the reader to the command, then its finish step. */
static int copy_packets(struct pktcmd *pc, struct pcap_reader *r,
			const char *in_name)
{
	struct pcap_pkt pkt;
	int rc, status;

	while ((rc = pcap_read(r, &pkt)) == 1) {
		/* pkt.data points into record_buf, which the command may write */
		uint8_t *p = record_buf + (pkt.data - record_buf);

		status = pc->packet(pc, &pkt, p);
		if (status != V6T_EXIT_OK)
			return status;
	}
	if (rc < 0)
		return tool_error(V6T_EXIT_USAGE, "%s: record %lu: %s", in_name,
				  r->records, pcap_strerror(rc));
	pc->n_in = r->records;
	pc->n_skipped = r->skipped;
	return pc->finish != NULL ? pc->finish(pc) : V6T_EXIT_OK;
}

/* Open OUT, copy, and close it; returns an exit status. */
static int write_output(struct pktcmd *pc, struct pcap_reader *r,
			const char *in_name)
{
	struct pcap_writer w;
	FILE *f = fopen(pc->out, "wb");
	int status, rc;

	if (f == NULL)
		return tool_error(V6T_EXIT_USAGE, "%s: cannot create: %s", pc->out,
				  strerror(errno));
	rc = pcap_writer_open(&w, f, r->nsec); /* keep nanosecond timestamps */
	if (rc != PCAP_OK) {
		status = tool_error(V6T_EXIT_USAGE, "%s: %s", pc->out, pcap_strerror(rc));
	} else {
		pc->writer = &w;
		status = copy_packets(pc, r, in_name);
		pc->writer = NULL;
	}
	if (status == V6T_EXIT_OK && pcap_writer_flush(&w) != PCAP_OK)
		status = tool_error(V6T_EXIT_USAGE, "%s: %s", pc->out,
				    pcap_strerror(PCAP_EIO));
	if (fclose(f) != 0 && status == V6T_EXIT_OK)
		status = tool_error(V6T_EXIT_USAGE, "%s: cannot write: %s", pc->out,
				    strerror(errno));
	return status;
}

/* see v6t.h */
int pktcmd_run(struct pktcmd *pc)
{
	int from_stdin = strcmp(pc->in, STDIO_NAME) == 0;
	const char *in_name = from_stdin ? "standard input" : pc->in;
	FILE *f = from_stdin ? stdin : fopen(pc->in, "rb");
	struct pcap_reader r;
	int status, rc;

	pc->n_in = pc->n_out = pc->n_skipped = 0;
	if (f == NULL)
		return tool_error(V6T_EXIT_USAGE, "%s: cannot open: %s", pc->in,
				  strerror(errno));
	/* IN is checked before OUT is created: a bad input leaves OUT alone */
	rc = pcap_reader_open(&r, f, record_buf, sizeof(record_buf));
	if (rc != PCAP_OK) {
		status = tool_error(V6T_EXIT_USAGE, "%s: %s", in_name, pcap_strerror(rc));
	} else {
		pc->reader = &r;
		status = write_output(pc, &r, in_name);
		pc->reader = NULL;
	}
	if (!from_stdin)
		fclose(f); /* read only: nothing can be lost */
	return status;
}
