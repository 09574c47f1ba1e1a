/*
 * v6t reasm: reassemble IPv6 and IPv4 fragments (CLI.md "Packets").
 *
 * Reads a pcap (-r), gives every IP packet to a reassembly table (frag.h)
 * and writes a RAW pcap (-w) of what comes out, in order: packets that are
 * not fragments unchanged, atomic fragments without their Fragment header,
 * and each datagram at the time of the fragment that completed it. The
 * clock is the capture's: each record's timestamp in milliseconds. The
 * table's memory is one malloc here (the library never allocates); its
 * lookup key is fixed, so that a capture always gives the same output.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <stdlib.h>
#include <string.h>

#include "v6t.h"

/* The options' ranges: what v6t_frag_init() takes (frag.h), and for
 * --slots a bound that keeps the memory asked for sane (65536 datagrams
 * of 64 KiB are 4 GiB). */
#define SLOTS_DEFAULT 64u
#define SLOTS_MAX 65536u
#define TIMEOUT_MAX 0xffffffffu /* v6t_frag_config::timeout_ms is 32 bits */

/* The range of the packet-header status codes (common.h: -0x201..; the
 * flow-label codes start at -0x301). */
#define PKT_STATUS_FIRST V6T_EPKT_VERSION
#define PKT_STATUS_BELOW (-0x300)

/* The IP version in the first byte of a packet. */
#define IP_VERSION(b) ((unsigned)(b) >> 4)

/* The lookup hash's key (frag.h "Keys and lookup"). A fixed key: the key
 * decides only where a datagram is hashed, never what is delivered, and a
 * random one would make no run differ from another but for speed under a
 * crafted capture. 16 zero bytes, as doc/cli.md says. */
static const v6t_flowlabel_key reasm_key = { { 0 } };

struct ra_args {
	unsigned long slots, max_datagram, timeout_ms;
	int have_slots, have_max_datagram, have_timeout_ms;
};

struct ra_counts {
	unsigned long dropped;  /* packets dropped when they arrived */
	unsigned long complete; /* datagrams reassembled and written */
	unsigned long overlap;  /* datagrams discarded for overlap (RFC 5722) */
	unsigned long timeout;  /* datagrams abandoned at their timeout */
	unsigned long evicted;  /* datagrams freed to make room */
	unsigned long invalid;  /* malformed packets, RFC rule violations */
};

struct ra_state {
	v6t_frag_table *table;
	uint64_t clock;  /* the latest timestamp so far, in ms */
	struct ra_counts c;
};

/* see v6t.h */
void cmd_reasm_usage(FILE *f)
{
	fputs("  reasm [--slots N] [--max-datagram N] [--timeout-ms N] -r IN -w OUT\n", f);
}

/* ------------------------------------------------------------ arguments */

/* argv: reasm OPTIONS... */
static int parse_args(int argc, char **argv, struct pktcmd *pc, struct ra_args *a)
{
	int i, status;

	memset(a, 0, sizeof(*a));
	a->slots = SLOTS_DEFAULT;
	a->max_datagram = V6T_FRAG_MAX_DATAGRAM;
	a->timeout_ms = V6T_FRAG_TIMEOUT_MS;
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (strcmp(arg, "--slots") == 0)
			status = pktcmd_uint_option(argc, argv, &i, 1, SLOTS_MAX,
						    &a->have_slots, &a->slots);
		else if (strcmp(arg, "--max-datagram") == 0)
			status = pktcmd_uint_option(argc, argv, &i, V6T_FRAG_MIN_DATAGRAM,
						    V6T_FRAG_MAX_DATAGRAM,
						    &a->have_max_datagram, &a->max_datagram);
		else if (strcmp(arg, "--timeout-ms") == 0)
			status = pktcmd_uint_option(argc, argv, &i, 1, TIMEOUT_MAX,
						    &a->have_timeout_ms, &a->timeout_ms);
		else if (pktcmd_is_file_option(arg))
			status = pktcmd_file_option(pc, argc, argv, &i);
		else
			status = pktcmd_bad_arg(pc, arg);
		if (status != V6T_EXIT_OK)
			return status;
	}
	return pktcmd_check_files(pc);
}

/* --------------------------------------------------------------- packets */

/* A drop reason that says the packet itself breaks the rules: malformed
 * (any v6t_pkt_parse() error), or RFC 8200 §4.5 / RFC 7112 / RFC 791
 * violations. Overlap, duplicates and the table's limits are not. */
static int reason_is_invalid(int reason)
{
	switch (reason) {
	case V6T_EFRAG_LENGTH:
	case V6T_EFRAG_BEYOND_64K:
	case V6T_EFRAG_HEADERS:
	case V6T_EFRAG_INCONSISTENT:
	case V6T_EFRAG_ECN:
		return 1;
	default:
		return reason <= PKT_STATUS_FIRST && reason > PKT_STATUS_BELOW;
	}
}

/* Count a packet the table dropped. */
static void count_drop(struct pktcmd *pc, struct ra_state *st, int reason)
{
	st->c.dropped++;
	if (reason == V6T_EFRAG_OVERLAP)
		st->c.overlap++; /* once per datagram: its later fragments are POISONED */
	else if (reason_is_invalid(reason))
		st->c.invalid++;
	pktcmd_note(pc, "%s (dropped)", v6t_strerror(reason));
}

/* Abandon every datagram past its timeout at the current clock. */
static void expire_due(struct pktcmd *pc, struct ra_state *st, uint64_t now)
{
	v6t_frag_expired e;

	while (v6t_frag_expire(st->table, now, &e) == 1) {
		st->c.timeout++;
		pktcmd_note(pc, "an IPv%u datagram timed out before this packet",
			    (unsigned)e.version);
	}
}

/* Write a delivered datagram: where it lies when contiguous (always, with
 * the table this command makes), else gathered into buf. */
static int write_datagram(struct pktcmd *pc, const struct pcap_pkt *pkt,
			  const struct ra_state *st, const v6t_frag_result *res)
{
	static uint8_t buf[V6T_FRAG_MAX_DATAGRAM];
	size_t len;

	if (res->seg_len == res->len)
		return pktcmd_write(pc, pkt, res->data, res->len);
	if (v6t_frag_copy(st->table, res, buf, sizeof(buf), &len) != V6T_OK)
		return tool_error(V6T_EXIT_USAGE, "internal: v6t_frag_copy");
	return pktcmd_write(pc, pkt, buf, len);
}

/* One IP packet. Returns an exit status. */
static int reasm_packet(struct pktcmd *pc, const struct pcap_pkt *pkt, uint8_t *data)
{
	struct ra_state *st = pc->ctx;
	uint64_t ts = pktcmd_time_ms(pkt);
	v6t_frag_result res;
	int rc;

	/* The clock never goes back (v6t_frag_input() refuses that): a record
	 * older than one before it is taken at the latest time seen. */
	if (ts > st->clock)
		st->clock = ts;
	expire_due(pc, st, st->clock);
	/* The link type says which version it is (doc/cli.md) */
	if (pkt->len == 0 || IP_VERSION(data[0]) != pkt->ipver) {
		count_drop(pc, st, V6T_EPKT_VERSION);
		return V6T_EXIT_OK;
	}
	rc = v6t_frag_input(st->table, data, pkt->len, st->clock, &res);
	if (rc != V6T_OK)
		return tool_error(V6T_EXIT_USAGE, "internal: v6t_frag_input: %s",
				  v6t_strerror(rc));
	if (res.evicted) {
		st->c.evicted += res.evicted;
		pktcmd_note(pc, "a datagram was evicted to make room");
	}
	/* not expected: expire_due() ran at this time */
	st->c.timeout += res.timed_out;
	switch (res.verdict) {
	case V6T_FRAG_PASS:
		return pktcmd_write(pc, pkt, pkt->data, pkt->len);
	case V6T_FRAG_ATOMIC:
		return write_datagram(pc, pkt, st, &res);
	case V6T_FRAG_DONE:
		st->c.complete++;
		return write_datagram(pc, pkt, st, &res);
	case V6T_FRAG_HELD:
		return V6T_EXIT_OK;
	case V6T_FRAG_DROPPED:
		count_drop(pc, st, res.reason);
		return V6T_EXIT_OK;
	default:
		return tool_error(V6T_EXIT_USAGE, "internal: v6t_frag_input: verdict %d",
				  res.verdict);
	}
}

/* After the last packet: the clock stops with the capture, so datagrams
 * still incomplete are not timed out; -v says how many there are. */
static int reasm_finish(struct pktcmd *pc)
{
	struct ra_state *st = pc->ctx;
	uint32_t pending = v6t_frag_count(st->table);

	if (!pc->opts->verbose)
		return V6T_EXIT_OK;
	if (pending != 0)
		fprintf(stderr, "v6t: reasm: %lu datagram%s incomplete at the end of "
			"the input (not written, not counted as timed out)\n",
			(unsigned long)pending,
			pending == 1 ? "" : "s");
	return V6T_EXIT_OK;
}

/* Set up the table in memory of our own; *mem is to be freed. */
static int make_table(const struct ra_args *a, struct ra_state *st, void **mem)
{
	v6t_frag_config cfg;
	size_t size;
	int rc;

	memset(&cfg, 0, sizeof(cfg));
	cfg.slots = (uint32_t)a->slots;
	cfg.max_datagram = (uint32_t)a->max_datagram;
	cfg.timeout_ms = (uint32_t)a->timeout_ms;
	cfg.key = reasm_key;
	size = v6t_frag_table_size(&cfg);
	if (size == 0)
		return tool_error(V6T_EXIT_USAGE, "--slots %lu: the table does not fit "
				  "in memory", a->slots);
	*mem = malloc(size);
	if (*mem == NULL)
		return tool_error(V6T_EXIT_USAGE, "--slots %lu: cannot allocate %lu "
				  "bytes", a->slots, (unsigned long)size);
	rc = v6t_frag_init(&st->table, *mem, size, &cfg);
	if (rc != V6T_OK)
		return tool_error(V6T_EXIT_USAGE, "internal: v6t_frag_init: %s",
				  v6t_strerror(rc));
	return V6T_EXIT_OK;
}

/* see v6t.h */
int cmd_reasm(const struct tool_opts *opts, int argc, char **argv)
{
	struct ra_args a;
	struct ra_state st;
	struct pktcmd pc;
	struct tool_out o;
	void *mem = NULL;
	int status;

	memset(&pc, 0, sizeof(pc));
	memset(&st, 0, sizeof(st));
	pc.name = "reasm";
	pc.opts = opts;
	pc.packet = reasm_packet;
	pc.finish = reasm_finish;
	pc.ctx = &st;
	status = parse_args(argc, argv, &pc, &a);
	if (status != V6T_EXIT_OK) {
		if (opts->verbose)
			cmd_reasm_usage(stderr);
		return status;
	}
	status = make_table(&a, &st, &mem);
	if (status == V6T_EXIT_OK)
		status = pktcmd_run(&pc);
	free(mem);
	if (status != V6T_EXIT_OK)
		return status;
	out_init(&o);
	out_uint(&o, "in", pc.n_in);
	out_uint(&o, "out", pc.n_out);
	out_uint(&o, "dropped", pc.n_skipped + st.c.dropped);
	out_uint(&o, "complete", st.c.complete);
	out_uint(&o, "overlap", st.c.overlap);
	out_uint(&o, "timeout", st.c.timeout);
	out_uint(&o, "evicted", st.c.evicted);
	out_uint(&o, "invalid", st.c.invalid);
	return out_flush(&o);
}
