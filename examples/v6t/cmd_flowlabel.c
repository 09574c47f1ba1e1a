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
#include <string.h>

#include "v6t.h"

/* The key is written as two hex digits per byte, first byte first. */
#define KEY_HEX_LEN (2 * sizeof(((v6t_flowlabel_key *)0)->b))

/* The range of the packet-header status codes (common.h: -0x201..; the
 * flow-label codes start at -0x301). */
#define PKT_STATUS_FIRST V6T_EPKT_VERSION
#define PKT_STATUS_BELOW (-0x300)

struct fl_args {
	v6t_flowlabel_key key;
	int have_key;
	int tunnel; /* --tunnel: label tunnels from the inner packet */
};

struct fl_counts {
	unsigned long labelled; /* IPv6 packets given a label */
	unsigned long kept;     /* IPv6 packets whose non-zero label stayed */
	unsigned long invalid;  /* IPv6 packets the library refused, copied */
};

struct fl_state {
	struct fl_args a;
	struct fl_counts c;
};

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

/* argv: flowlabel OPTIONS... */
static int parse_args(int argc, char **argv, struct pktcmd *pc, struct fl_args *a)
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
		} else if (pktcmd_is_file_option(arg)) {
			status = pktcmd_file_option(pc, argc, argv, &i);
			if (status != V6T_EXIT_OK)
				return status;
		} else {
			return pktcmd_bad_arg(pc, arg);
		}
	}
	if (!a->have_key)
		return tool_error(V6T_EXIT_USAGE, "flowlabel: missing --key HEX32");
	return pktcmd_check_files(pc);
}

/* --------------------------------------------------------------- packets */

/* One IP packet: IPv6 is labelled, kept or invalid; every packet is
 * written. Returns an exit status (only a library misuse or a failed write
 * fails). */
static int label_packet(struct pktcmd *pc, const struct pcap_pkt *pkt, uint8_t *data)
{
	struct fl_state *st = pc->ctx;
	unsigned mode = st->a.tunnel ? V6T_FLOWLABEL_TUNNEL : 0u;
	int written = 0, rc;

	if (pkt->ipver != 6)
		return pktcmd_write(pc, pkt, pkt->data, pkt->len);
	rc = v6t_flowlabel_set(&st->a.key, data, pkt->len, mode, NULL, &written);
	if (rc == V6T_OK) {
		if (written)
			st->c.labelled++;
		else
			st->c.kept++;
	} else if (rc <= PKT_STATUS_FIRST && rc > PKT_STATUS_BELOW) {
		/* RFC 6437 §3 asks nothing of a packet we cannot parse: pass it on */
		st->c.invalid++;
		pktcmd_note(pc, "%s (copied unchanged)", v6t_strerror(rc));
	} else {
		return tool_error(V6T_EXIT_USAGE, "internal: v6t_flowlabel_set: %s",
				  v6t_strerror(rc));
	}
	return pktcmd_write(pc, pkt, pkt->data, pkt->len);
}

/* see v6t.h */
int cmd_flowlabel(const struct tool_opts *opts, int argc, char **argv)
{
	struct fl_state st;
	struct pktcmd pc;
	struct tool_out o;
	int status;

	memset(&pc, 0, sizeof(pc));
	memset(&st, 0, sizeof(st));
	pc.name = "flowlabel";
	pc.opts = opts;
	pc.packet = label_packet;
	pc.ctx = &st;
	status = parse_args(argc, argv, &pc, &st.a);
	if (status != V6T_EXIT_OK) {
		if (opts->verbose)
			cmd_flowlabel_usage(stderr);
		return status;
	}
	status = pktcmd_run(&pc);
	if (status != V6T_EXIT_OK)
		return status;
	out_init(&o);
	out_uint(&o, "in", pc.n_in);
	out_uint(&o, "out", pc.n_out);
	out_uint(&o, "dropped", pc.n_skipped);
	out_uint(&o, "labelled", st.c.labelled);
	out_uint(&o, "kept", st.c.kept);
	out_uint(&o, "invalid", st.c.invalid);
	return out_flush(&o);
}
