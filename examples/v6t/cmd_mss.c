/*
 * v6t mss: lower the TCP MSS option of SYNs (CLI.md "Packets").
 *
 * Reads a pcap (-r), writes a RAW pcap (-w) holding every IP packet of the
 * input, in order and with its timestamp: IPv4 and IPv6 SYNs and SYN-ACKs
 * whose MSS option is above --clamp N get N (v6t_tun_mss_clamp(), the TCP
 * checksum updated), every other packet is copied as it is, malformed ones
 * too (counted in invalid). Link-layer frames that carry no IP packet
 * cannot go into a RAW file: they are dropped.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <string.h>

#include "v6t.h"

/* --clamp: a TCP MSS, 1..65535 (RFC 9293 §3.7.1: a 16-bit field). */
#define CLAMP_MIN 1u
#define CLAMP_MAX 65535u

struct mss_state {
	unsigned long clamp;
	int have_clamp;
	unsigned long clamped; /* SYNs whose MSS was lowered */
	unsigned long invalid; /* packets the library refused, copied */
};

/* see v6t.h */
void cmd_mss_usage(FILE *f)
{
	fputs("  mss --clamp N -r IN -w OUT\n", f);
}

/* argv: mss OPTIONS... */
static int parse_args(int argc, char **argv, struct pktcmd *pc, struct mss_state *st)
{
	int i, status;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (strcmp(arg, "--clamp") == 0)
			status = pktcmd_uint_option(argc, argv, &i, CLAMP_MIN, CLAMP_MAX,
						    &st->have_clamp, &st->clamp);
		else if (pktcmd_is_file_option(arg))
			status = pktcmd_file_option(pc, argc, argv, &i);
		else
			status = pktcmd_bad_arg(pc, arg);
		if (status != V6T_EXIT_OK)
			return status;
	}
	if (!st->have_clamp)
		return tool_error(V6T_EXIT_USAGE, "mss: missing --clamp N");
	return pktcmd_check_files(pc);
}

/* One IP packet, clamped or not, always written. */
static int clamp_packet(struct pktcmd *pc, const struct pcap_pkt *pkt, uint8_t *data)
{
	struct mss_state *st = pc->ctx;
	int rc = v6t_tun_mss_clamp(data, pkt->len, (uint16_t)st->clamp, NULL);

	if (rc == 1) {
		st->clamped++;
	} else if (rc < 0) {
		/* nothing to clamp in bytes we cannot read: pass them on */
		st->invalid++;
		pktcmd_note(pc, "%s (copied unchanged)", v6t_strerror(rc));
	}
	return pktcmd_write(pc, pkt, data, pkt->len);
}

/* see v6t.h */
int cmd_mss(const struct tool_opts *opts, int argc, char **argv)
{
	struct mss_state st;
	struct pktcmd pc;
	struct tool_out o;
	int status;

	memset(&pc, 0, sizeof(pc));
	memset(&st, 0, sizeof(st));
	pc.name = "mss";
	pc.opts = opts;
	pc.packet = clamp_packet;
	pc.ctx = &st;
	status = parse_args(argc, argv, &pc, &st);
	if (status != V6T_EXIT_OK) {
		if (opts->verbose)
			cmd_mss_usage(stderr);
		return status;
	}
	status = pktcmd_run(&pc);
	if (status != V6T_EXIT_OK)
		return status;
	out_init(&o);
	out_uint(&o, "in", pc.n_in);
	out_uint(&o, "out", pc.n_out);
	out_uint(&o, "dropped", pc.n_skipped);
	out_uint(&o, "clamped", st.clamped);
	out_uint(&o, "invalid", st.invalid);
	return out_flush(&o);
}
