/*
 * siit-gw - the counters: one per verdict, and one per reason of a drop
 * or of an ICMP error, printed as key=value lines (drop_<reason>=N,
 * icmp_<reason>=N; only the reasons that occurred).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include "gw.h"

/* The reasons a translation, a reassembly or the packet walk give, with
 * the names their counters print; a code not listed counts as "other". */
static const struct {
	int code;
	const char *name;
} reasons[] = {
	{ V6T_EXLAT_NO_MAPPING, "no_mapping" },
	{ V6T_EXLAT_SOURCE, "source" },
	{ V6T_EXLAT_TTL, "ttl" },
	{ V6T_EXLAT_SOURCE_ROUTE, "source_route" },
	{ V6T_EXLAT_SEGMENTS_LEFT, "segments_left" },
	{ V6T_EXLAT_TOO_BIG, "too_big" },
	{ V6T_EXLAT_UDP_ZERO, "udp_zero" },
	{ V6T_EXLAT_ICMP_TYPE, "icmp_type" },
	{ V6T_EXLAT_ICMP_INNER, "icmp_inner" },
	{ V6T_EXLAT_FRAG_EXT, "frag_ext" },
	{ V6T_EXLAT_ICMP_FRAGMENT, "icmp_fragment" },
	{ V6T_EXLAT_NO_SOURCE, "no_source" },
	{ V6T_EXLAT_ICMP_CHECKSUM, "icmp_checksum" },
	{ V6T_EADDR_NOT_GLOBAL, "not_global" },
	{ V6T_EPKT_VERSION, "pkt_version" },
	{ V6T_EPKT_SHORT, "pkt_short" },
	{ V6T_EPKT_IPV4_HEADER, "pkt_ipv4_header" },
	{ V6T_EPKT_CHAIN, "pkt_chain" },
	{ V6T_EPKT_TOO_MANY_EXT, "pkt_too_many_ext" },
	{ V6T_EPKT_HOP_BY_HOP, "pkt_hop_by_hop" },
	{ V6T_EPKT_FRAG_TWICE, "pkt_frag_twice" },
	{ V6T_EPKT_IPV4_CHECKSUM, "pkt_ipv4_checksum" },
	{ V6T_EFRAG_OVERLAP, "frag_overlap" },
	{ V6T_EFRAG_POISONED, "frag_poisoned" },
	{ V6T_EFRAG_DUPLICATE, "frag_duplicate" },
	{ V6T_EFRAG_LENGTH, "frag_length" },
	{ V6T_EFRAG_BEYOND_64K, "frag_beyond_64k" },
	{ V6T_EFRAG_HEADERS, "frag_headers" },
	{ V6T_EFRAG_INCONSISTENT, "frag_inconsistent" },
	{ V6T_EFRAG_TOO_MANY, "frag_too_many" },
	{ V6T_EFRAG_NO_ROOM, "frag_no_room" },
	{ V6T_EFRAG_DF, "frag_df" },
	{ V6T_EFRAG_MTU, "frag_mtu" },
	{ V6T_EFRAG_ECN, "frag_ecn" },
	{ V6T_ENOSPC, "no_space" },
};

#define N_REASONS (sizeof(reasons) / sizeof(reasons[0]))

/* "other", the last counter, must exist */
typedef char reasons_fit[N_REASONS < GW_REASONS ? 1 : -1];

/* see gw.h */
void gw_count_reason(struct gw_counts *k, int icmp, int reason)
{
	size_t i;

	for (i = 0; i < N_REASONS && reasons[i].code != reason; i++)
		;
	k->reason[icmp ? 1 : 0][i < N_REASONS ? i : GW_REASONS - 1]++;
}

/* see gw.h */
void gw_counts_print(const struct gw_counts *k, FILE *f)
{
	static const char *const kind[2] = { "drop", "icmp" };
	size_t i;
	int j;

	fprintf(f, "in=%lu\nout=%lu\nforwarded=%lu\nfragmented=%lu\nfragments=%lu\n"
		"icmp_errors=%lu\ndropped=%lu\nclamped=%lu\nheld=%lu\n"
		"reassembled=%lu\nexpired=%lu\nwrite_errors=%lu\ngso=%lu\nsegments=%lu\n"
		"gso_udp=%lu\n",
		k->in, k->out, k->forwarded, k->fragmented, k->fragments,
		k->icmp_errors, k->dropped, k->clamped, k->held, k->reassembled,
		k->expired, k->write_errors, k->gso, k->segments, k->gso_udp);
	for (j = 0; j < 2; j++) {
		for (i = 0; i < N_REASONS; i++)
			if (k->reason[j][i] != 0)
				fprintf(f, "%s_%s=%lu\n", kind[j], reasons[i].name,
					k->reason[j][i]);
		if (k->reason[j][GW_REASONS - 1] != 0)
			fprintf(f, "%s_other=%lu\n", kind[j], k->reason[j][GW_REASONS - 1]);
	}
	fflush(f);
}
