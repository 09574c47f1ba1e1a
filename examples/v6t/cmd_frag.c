/*
 * v6t frag: fragment packets larger than an MTU (CLI.md "Packets").
 *
 * Reads a pcap (-r), writes a RAW pcap (-w): each IP packet of at most
 * --mtu bytes unchanged, each larger one as its fragments (frag.h
 * v6t_frag_split_begin()), all with the packet's timestamp. IPv4 packets
 * with DF set, and packets the MTU cannot carry in fragments, are dropped;
 * malformed packets are copied if their record fits the MTU, else dropped.
 * IPv6 Identifications are a counter, so that a capture always gives the
 * same output: 1 for the first IPv6 packet fragmented, then 2, 3, ...
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <string.h>

#include "v6t.h"

/* --mtu: at least the IPv4 minimum (RFC 791: every module must forward a
 * datagram of 68 bytes), at most the largest IPv4 datagram; only IPv6
 * packets can be larger. IPv6 links have 1280 (RFC 8200 §5); smaller
 * values are for tests, and a packet whose headers leave no room for 8
 * data bytes is dropped. */
#define MTU_MIN 68u
#define MTU_MAX 65535u

/* The first IPv6 Identification. */
#define FIRST_ID 1u

/* The range of the packet-header status codes (common.h: -0x201..; the
 * flow-label codes start at -0x301). */
#define PKT_STATUS_FIRST V6T_EPKT_VERSION
#define PKT_STATUS_BELOW (-0x300)

/* The IP version in the first byte of a packet. */
#define IP_VERSION(b) ((unsigned)(b) >> 4)

struct fr_counts {
	unsigned long dropped;    /* packets that could not be sent */
	unsigned long fragmented; /* packets split into fragments */
	unsigned long invalid;    /* malformed packets, copied or dropped */
};

struct fr_state {
	unsigned long mtu;
	int have_mtu;
	uint32_t next_id; /* the next IPv6 Identification */
	struct fr_counts c;
};

/* One fragment at a time: never more than --mtu bytes. */
static uint8_t frag_buf[MTU_MAX];

/* see v6t.h */
void cmd_frag_usage(FILE *f)
{
	fputs("  frag --mtu N -r IN -w OUT\n", f);
}

/* argv: frag OPTIONS... */
static int parse_args(int argc, char **argv, struct pktcmd *pc, struct fr_state *st)
{
	int i, status;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (strcmp(arg, "--mtu") == 0)
			status = pktcmd_uint_option(argc, argv, &i, MTU_MIN, MTU_MAX,
						    &st->have_mtu, &st->mtu);
		else if (pktcmd_is_file_option(arg))
			status = pktcmd_file_option(pc, argc, argv, &i);
		else
			status = pktcmd_bad_arg(pc, arg);
		if (status != V6T_EXIT_OK)
			return status;
	}
	if (!st->have_mtu)
		return tool_error(V6T_EXIT_USAGE, "frag: missing --mtu N");
	return pktcmd_check_files(pc);
}

/* A refusal that says the packet itself is malformed: any v6t_pkt_parse()
 * error, or an IPv4 fragment whose data would end past 65535 (RFC 791). */
static int reason_is_invalid(int rc)
{
	return rc == V6T_EFRAG_BEYOND_64K ||
	       (rc <= PKT_STATUS_FIRST && rc > PKT_STATUS_BELOW);
}

/* Write every fragment of s. Returns an exit status. */
static int write_fragments(struct pktcmd *pc, const struct pcap_pkt *pkt,
			   v6t_frag_split *s)
{
	size_t len;
	int rc, status;

	while (s->index < s->count) {
		rc = v6t_frag_split_next(s, frag_buf, sizeof(frag_buf), &len);
		if (rc != V6T_OK)
			return tool_error(V6T_EXIT_USAGE, "internal: v6t_frag_split_next: "
					  "%s", v6t_strerror(rc));
		status = pktcmd_write(pc, pkt, frag_buf, len);
		if (status != V6T_EXIT_OK)
			return status;
	}
	return V6T_EXIT_OK;
}

/* One IP packet. Returns an exit status. */
static int frag_packet(struct pktcmd *pc, const struct pcap_pkt *pkt, uint8_t *data)
{
	struct fr_state *st = pc->ctx;
	v6t_frag_split s;
	v6t_pkt view;
	int rc;

	/* the link type says which version it is (doc/cli.md) */
	rc = pkt->len == 0 || IP_VERSION(data[0]) != pkt->ipver
		     ? V6T_EPKT_VERSION
		     : v6t_pkt_parse(data, pkt->len, 0, &view);
	if (rc != V6T_OK) {
		/* its datagram length is unknown: the record's length decides
		 * whether it can go as it is (CLI.md: copied through), and
		 * what the library cannot parse it cannot fragment */
		st->c.invalid++;
		if (pkt->len <= st->mtu) {
			pktcmd_note(pc, "%s (copied unchanged)", v6t_strerror(rc));
			return pktcmd_write(pc, pkt, pkt->data, pkt->len);
		}
		st->c.dropped++;
		pktcmd_note(pc, "%s (dropped)", v6t_strerror(rc));
		return V6T_EXIT_OK;
	}
	if (view.end <= st->mtu) /* the record as it came, link padding too */
		return pktcmd_write(pc, pkt, pkt->data, pkt->len);
	rc = v6t_frag_split_begin(&s, data, pkt->len, (uint32_t)st->mtu, st->next_id);
	switch (rc) {
	case V6T_OK:
		break;
	case V6T_EFRAG_DF:         /* IPv4 that may not be fragmented */
	case V6T_EFRAG_FRAGMENTED: /* IPv6 that is a fragment already */
	case V6T_EFRAG_MTU:        /* headers too long for the MTU */
		st->c.dropped++;
		pktcmd_note(pc, "%lu bytes: %s (dropped)", (unsigned long)view.end,
			    v6t_strerror(rc));
		return V6T_EXIT_OK;
	default:
		/* what only splitting finds wrong: IPv4 options that cannot be
		 * walked, an IPv4 fragment whose data would end past 65535 */
		if (!reason_is_invalid(rc))
			return tool_error(V6T_EXIT_USAGE, "internal: "
					  "v6t_frag_split_begin: %s", v6t_strerror(rc));
		st->c.dropped++;
		st->c.invalid++;
		pktcmd_note(pc, "%s (dropped)", v6t_strerror(rc));
		return V6T_EXIT_OK;
	}
	if (s.count > 1) {
		st->c.fragmented++;
		if (view.version == 6)
			st->next_id++; /* wraps to 0 after 2^32 - 1: any value is valid */
	}
	return write_fragments(pc, pkt, &s);
}

/* see v6t.h */
int cmd_frag(const struct tool_opts *opts, int argc, char **argv)
{
	struct fr_state st;
	struct pktcmd pc;
	struct tool_out o;
	int status;

	memset(&pc, 0, sizeof(pc));
	memset(&st, 0, sizeof(st));
	st.next_id = FIRST_ID;
	pc.name = "frag";
	pc.opts = opts;
	pc.packet = frag_packet;
	pc.ctx = &st;
	status = parse_args(argc, argv, &pc, &st);
	if (status != V6T_EXIT_OK) {
		if (opts->verbose)
			cmd_frag_usage(stderr);
		return status;
	}
	status = pktcmd_run(&pc);
	if (status != V6T_EXIT_OK)
		return status;
	out_init(&o);
	out_uint(&o, "in", pc.n_in);
	out_uint(&o, "out", pc.n_out);
	out_uint(&o, "dropped", pc.n_skipped + st.c.dropped);
	out_uint(&o, "fragmented", st.c.fragmented);
	out_uint(&o, "invalid", st.c.invalid);
	return out_flush(&o);
}
