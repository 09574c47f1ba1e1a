/*
 * v6t encap MECH / v6t decap MECH: tunnels (CLI.md "Packets", doc/cli.md
 * "Tunnels").
 *
 * Reads a pcap (-r), writes a RAW pcap (-w), every output with the
 * timestamp of the packet it came from. encap: each IPv6 packet becomes
 * the mechanism's tunnel packet (or its fragments), or the ICMPv6 Packet
 * Too Big the encapsulator answers with (RFC 4213 §3.2); packets that are
 * not IPv6 are copied through. decap: each tunnel packet of the mechanism
 * becomes its inner IPv6 packet, or is rejected by one of the checks
 * (counted per reason); packets not of the mechanism are copied through.
 * Packets the library refuses otherwise (malformed, no route, a fragment
 * of a tunnel packet, RFC 6040's drop) are dropped.
 *
 * This file knows no mechanism: each is a struct tun_mech (tunnel.h) in
 * the table below, with its options and library calls in its own file.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <string.h>

#include "tunnel.h"

/* --ttl: an IPv4 TTL, 1..255 (RFC 791; 0 would be discarded at once). */
#define TTL_MIN 1u
#define TTL_MAX 255u
#define TTL_DEFAULT 64u /* RFC 4213 §3.3 leaves it to configuration */
/* --mtu: the tunnel's IPv6 MTU, at least the IPv6 minimum (RFC 8200 §5),
 * at most what an IPv4 datagram of 65535 bytes carries after its header. */
#define MTU_MIN 1280u
#define MTU_MAX 65515u
#define MTU_DEFAULT 1480u /* CLI.md: 1500 less the 20-byte IPv4 header */

/* The most checks a mechanism has (the size of the counter array). */
#define REASONS_MAX 32u

/* The outer Identification of the first packet encapsulated; then 2, 3,
 * ... so that a capture always gives the same output (RFC 6864: any value
 * unique per source, destination and protocol will do). */
#define FIRST_ID 1u


/* The mechanisms, in the order of CLI.md; one row each. */
static const struct tun_mech *const mechs[] = {
	&tun_6in4, &tun_6to4, &tun_6rd, &tun_isatap, &tun_teredo, &tun_6a44,
};

#define N_MECHS (sizeof(mechs) / sizeof(mechs[0]))

struct tun_counts {
	unsigned long dropped;  /* packets that gave no output */
	unsigned long done;     /* encapsulated, or decapsulated */
	unsigned long icmp;     /* encap: Packet Too Big written */
	unsigned long rejected; /* decap: failed a check */
	unsigned long reject[REASONS_MAX];
};

struct tun_state {
	const struct tun_mech *mech;
	struct tun_common c;
	uint16_t next_id;
	struct tun_counts n;
};

/* The largest encapsulated packet: a record and the outer headers. */
#define OUT_GROWTH 64u
static uint8_t out_buf[PCAP_MAX_RECORD + OUT_GROWTH];
static uint8_t frag_buf[MTU_MAX + 20u];

/* --------------------------------------------------------------- usage */

static void usage_lines(FILE *f, const char *cmd, const char *tail)
{
	size_t i;

	for (i = 0; i < N_MECHS; i++)
		if (mechs[i]->usage != NULL)
			fprintf(f, "  %s %s %s%s -r IN -w OUT\n", cmd, mechs[i]->name,
				mechs[i]->usage, tail);
}

/* see v6t.h */
void cmd_encap_usage(FILE *f)
{
	usage_lines(f, "encap", " [--ttl N] [--mtu N]");
}

/* see v6t.h */
void cmd_decap_usage(FILE *f)
{
	usage_lines(f, "decap", " [--no-checks]");
}

/* ------------------------------------------------------ option helpers */

/* see tunnel.h */
const char *tun_opt_text(int argc, char **argv, int *i, int *seen)
{
	if (*seen) {
		tool_error(V6T_EXIT_USAGE, "%s given twice", argv[*i]);
		return NULL;
	}
	*seen = 1;
	return option_value(argc, argv, i);
}

/* "OPT VAL: why" unless the library parsed the value (rc). */
static int parsed(const char *opt, const char *val, int rc)
{
	if (rc != V6T_OK)
		return tool_error(V6T_EXIT_USAGE, "%s %s: %s", opt, val, v6t_strerror(rc));
	return V6T_EXIT_OK;
}

/* see tunnel.h */
int tun_opt_in4(int argc, char **argv, int *i, int *seen, v6t_in4 *out)
{
	const char *opt = argv[*i];
	const char *val = tun_opt_text(argc, argv, i, seen);

	return val == NULL ? V6T_EXIT_USAGE
			   : parsed(opt, val, v6t_addr_in4_parse(out, val, strlen(val)));
}

/* see tunnel.h */
int tun_opt_prefix6(int argc, char **argv, int *i, int *seen, v6t_prefix6 *out)
{
	const char *opt = argv[*i];
	const char *val = tun_opt_text(argc, argv, i, seen);

	return val == NULL ? V6T_EXIT_USAGE
			   : parsed(opt, val, v6t_addr_prefix6_parse(out, val, strlen(val)));
}

/* see tunnel.h */
int tun_missing(const char *mech, const char *what)
{
	return tool_error(V6T_EXIT_USAGE, "%s: missing %s", mech, what);
}

/* ----------------------------------------------------------- arguments */

/* see tunnel.h */
const struct tun_mech *tun_find_mech(const char *name)
{
	size_t i;

	for (i = 0; i < N_MECHS; i++)
		if (strcmp(mechs[i]->name, name) == 0)
			return mechs[i];
	return NULL;
}

/* An option of the command itself (not of the mechanism): an exit status,
 * or TUN_NOT_OPTION. */
static int common_option(int argc, char **argv, int *i, struct pktcmd *pc,
			 struct tun_state *st, int *seen)
{
	const char *arg = argv[*i];
	unsigned long v;
	int status;

	if (pktcmd_is_file_option(arg))
		return pktcmd_file_option(pc, argc, argv, i);
	if (st->c.decap && strcmp(arg, "--no-checks") == 0) {
		if (!st->c.checks)
			return tool_error(V6T_EXIT_USAGE, "--no-checks given twice");
		st->c.checks = 0;
		return V6T_EXIT_OK;
	}
	if (!st->c.decap && strcmp(arg, "--ttl") == 0) {
		status = pktcmd_uint_option(argc, argv, i, TTL_MIN, TTL_MAX, &seen[0], &v);
		st->c.ttl = (unsigned)v;
		return status;
	}
	if (!st->c.decap && strcmp(arg, "--mtu") == 0) {
		status = pktcmd_uint_option(argc, argv, i, MTU_MIN, MTU_MAX, &seen[1], &v);
		st->c.mtu = (uint32_t)v;
		return status;
	}
	return TUN_NOT_OPTION;
}

/* argv: encap|decap MECH OPTIONS... */
static int parse_args(int argc, char **argv, struct pktcmd *pc, struct tun_state *st)
{
	int i, status, seen[2] = { 0, 0 };

	if (argc < 2)
		return tool_error(V6T_EXIT_USAGE, "%s: missing MECH", pc->name);
	st->mech = tun_find_mech(argv[1]);
	if (st->mech == NULL)
		return tool_error(V6T_EXIT_USAGE, "%s: unknown mechanism '%s'",
				  pc->name, argv[1]);
	for (i = 2; i < argc; i++) {
		status = common_option(argc, argv, &i, pc, st, seen);
		if (status == TUN_NOT_OPTION)
			status = st->mech->option(argc, argv, &i);
		if (status == TUN_NOT_OPTION)
			status = pktcmd_bad_arg(pc, argv[i]);
		if (status != V6T_EXIT_OK)
			return status;
	}
	status = st->mech->setup(&st->c);
	return status != V6T_EXIT_OK ? status : pktcmd_check_files(pc);
}

/* -------------------------------------------------------------- packets */

static int internal(const char *what, int rc)
{
	return tool_error(V6T_EXIT_USAGE, "internal: %s: %s", what, v6t_strerror(rc));
}

/* Every fragment of a FRAGMENTS outcome. */
static int write_fragments(struct pktcmd *pc, const struct pcap_pkt *pkt,
			   const struct tun_mech *m, v6t_tun_result *r)
{
	size_t len;
	int rc, status;

	while ((rc = m->fragment(r, frag_buf, sizeof(frag_buf), &len)) == V6T_OK) {
		status = pktcmd_write(pc, pkt, frag_buf, len);
		if (status != V6T_EXIT_OK)
			return status;
	}
	return rc == 1 ? V6T_EXIT_OK : internal("fragment", rc);
}

/* The index of a decap check's status in the mechanism's reasons, or -1. */
static int reason_index(const struct tun_mech *m, int status)
{
	size_t i;

	for (i = 0; i < m->n_reasons && i < REASONS_MAX; i++)
		if (m->reasons[i].status == status)
			return (int)i;
	return -1;
}

/* A DROP outcome: a failed check, or dropped for another reason. */
static void count_drop(struct pktcmd *pc, struct tun_state *st, int reason)
{
	int k = st->c.decap ? reason_index(st->mech, reason) : -1;

	st->n.dropped++;
	if (k >= 0) {
		st->n.rejected++;
		st->n.reject[k]++;
	}
	pktcmd_note(pc, "%s (%s)", v6t_strerror(reason), k >= 0 ? "rejected" : "dropped");
}

/* What a library outcome makes of one packet. */
static int outcome(struct pktcmd *pc, const struct pcap_pkt *pkt,
		   struct tun_state *st, v6t_tun_result *r)
{
	switch (r->verdict) {
	case V6T_TUN_FORWARD:
		st->n.done++;
		return pktcmd_write(pc, pkt, r->data, r->len);
	case V6T_TUN_FRAGMENTS:
		st->n.done++;
		return write_fragments(pc, pkt, st->mech, r);
	case V6T_TUN_ICMP_ERROR:
		st->n.icmp++;
		pktcmd_note(pc, "%s (ICMPv6 error written)", v6t_strerror(r->reason));
		return pktcmd_write(pc, pkt, r->data, r->len);
	case V6T_TUN_NOT_MINE:
		return pktcmd_write(pc, pkt, pkt->data, pkt->len);
	default:
		count_drop(pc, st, r->reason);
		return V6T_EXIT_OK;
	}
}

static int tunnel_packet(struct pktcmd *pc, const struct pcap_pkt *pkt, uint8_t *data)
{
	struct tun_state *st = pc->ctx;
	v6t_tun_result r;
	int rc;

	if (st->c.decap) {
		rc = st->mech->decap(data, pkt->len,
				     (uint64_t)pkt->ts_sec * 1000u + pkt->ts_nsec / 1000000u, &r);
		return rc == V6T_OK ? outcome(pc, pkt, st, &r) : internal("decap", rc);
	}
	if (pkt->len == 0 || data[0] >> 4 != 6) /* encap takes IPv6 only */
		return pktcmd_write(pc, pkt, pkt->data, pkt->len);
	rc = st->mech->encap(data, pkt->len, st->next_id, out_buf, sizeof(out_buf), &r);
	if (rc == V6T_EINVAL || rc == V6T_ENOSPC)
		return internal("encap", rc);
	if (rc != V6T_OK) { /* an IPv6 packet the library cannot read */
		st->n.dropped++;
		pktcmd_note(pc, "%s (dropped)", v6t_strerror(rc));
		return V6T_EXIT_OK;
	}
	if (r.verdict == V6T_TUN_FORWARD || r.verdict == V6T_TUN_FRAGMENTS)
		st->next_id++; /* wraps after 65535: any value is valid */
	return outcome(pc, pkt, st, &r);
}

/* ------------------------------------------------------------- counters */

static int print_counts(const struct pktcmd *pc, const struct tun_state *st)
{
	const struct tun_mech *m = st->mech;
	char key[64];
	struct tool_out o;
	size_t i;

	out_init(&o);
	out_uint(&o, "in", pc->n_in);
	out_uint(&o, "out", pc->n_out);
	out_uint(&o, "dropped", pc->n_skipped + st->n.dropped);
	if (!st->c.decap) {
		out_uint(&o, "encapsulated", st->n.done);
		out_uint(&o, "icmp_errors", st->n.icmp);
		return out_flush(&o);
	}
	out_uint(&o, "decapsulated", st->n.done);
	out_uint(&o, "rejected", st->n.rejected);
	for (i = 0; i < m->n_reasons && i < REASONS_MAX; i++) {
		if (st->n.reject[i] == 0)
			continue;
		snprintf(key, sizeof(key), "reject_%s", m->reasons[i].name);
		out_uint(&o, key, st->n.reject[i]);
	}
	return out_flush(&o);
}

static int run(const struct tool_opts *opts, int argc, char **argv, int decap)
{
	struct tun_state st;
	struct pktcmd pc;
	int status;

	memset(&pc, 0, sizeof(pc));
	memset(&st, 0, sizeof(st));
	st.c.decap = decap;
	st.c.ttl = TTL_DEFAULT;
	st.c.mtu = MTU_DEFAULT;
	st.c.checks = 1;
	st.next_id = FIRST_ID;
	pc.name = decap ? "decap" : "encap";
	pc.opts = opts;
	pc.packet = tunnel_packet;
	pc.ctx = &st;
	status = parse_args(argc, argv, &pc, &st);
	if (status != V6T_EXIT_OK) {
		if (opts->verbose)
			(decap ? cmd_decap_usage : cmd_encap_usage)(stderr);
		return status;
	}
	status = pktcmd_run(&pc);
	return status != V6T_EXIT_OK ? status : print_counts(&pc, &st);
}

/* see v6t.h */
int cmd_encap(const struct tool_opts *opts, int argc, char **argv)
{
	return run(opts, argc, argv, 0);
}

/* see v6t.h */
int cmd_decap(const struct tool_opts *opts, int argc, char **argv)
{
	return run(opts, argc, argv, 1);
}
