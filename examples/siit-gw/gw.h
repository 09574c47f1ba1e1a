/*
 * siit-gw - a stateless IP/ICMP translator (SIIT, RFC 7915) or 464XLAT
 * CLAT (RFC 6877) on a Linux TUN device, built on libv6transit.
 * Shared declarations of its source files.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef SIIT_GW_H
#define SIIT_GW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <v6transit/v6transit.h>

#define GW_EXIT_OK 0
#define GW_EXIT_RUNTIME 1 /* the TUN device or the system failed */
#define GW_EXIT_USAGE 2   /* bad options or configuration: not started */

#define GW_NAME_MAX 16    /* a Linux interface name with its NUL (IFNAMSIZ) */
#define GW_BATCH_MAX 256  /* packets read per wakeup, at most */
#define GW_SLOTS_MAX 65536u
#define GW_COALESCE_MAX 1000u /* microseconds */

enum gw_mode { GW_SIIT = 0, GW_CLAT = 1 };

/* Everything the configuration file and the options decide. */
struct gw_config {
	char tun[GW_NAME_MAX];     /* tun-device */
	int mode;                  /* enum gw_mode */
	v6t_xlat_config xc;        /* what v6t_xlat_init() gets (eamt set later) */
	v6t_xlat_eam *eam;         /* eam lines, or the CLAT's one mapping */
	size_t n_eam, cap_eam;
	unsigned long *eam_line;   /* the line each entry came from */
	unsigned eam_flags;        /* V6T_XLAT_EAM_NESTED with eam-nested on */
	v6t_in4 clat4;             /* clat-ipv4 */
	v6t_in6 clat6;             /* clat-ipv6 */
	unsigned long lowest_ipv6_mtu, mtu4, mtu6; /* 0: the library's default */
	unsigned long mss_clamp;   /* 0: off */
	unsigned long reasm_slots; /* 0: no reassembly */
	unsigned long batch;       /* packets per wakeup */
	unsigned long coalesce_us; /* wait before a wakeup under load; 0: none */
	unsigned offload;          /* offload on: the TUN device's offloads (offload.c) */
	const char *file;          /* the configuration file */
	unsigned long seen;        /* which single-valued keys were given */
};

/* Read and check the configuration file; on an error print
 * "siit-gw: error: FILE:LINE: why" and return GW_EXIT_USAGE. */
int gw_config_read(struct gw_config *c, const char *file);
/* What the directives make together: the EAM table and the translator
 * (v6t_xlat_init()); an error names the line of the entry at fault. */
int gw_config_finish(struct gw_config *c, v6t_xlat_eamt *t, v6t_xlat *x);
void gw_config_free(struct gw_config *c);

/* Print "siit-gw: error: <fmt...>" on stderr; return status. */
int gw_error(int status, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* The reasons counted one by one (counts.c), the last one "other". */
#define GW_REASONS 48

/* Counters, per verdict and per reason. */
struct gw_counts {
	unsigned long in, out, forwarded, fragmented, fragments, icmp_errors;
	unsigned long dropped, clamped, held, reassembled, expired, write_errors;
	unsigned long gso, segments; /* offload on: GSO packets read, their wire-size segments */
	unsigned long gso_udp;       /* offload on: the UDP ones among gso */
	unsigned long reason[2][GW_REASONS]; /* [0] drops, [1] ICMP errors */
};

/* Count a DROP (icmp 0) or ICMP_ERROR (icmp 1) for status code reason. */
void gw_count_reason(struct gw_counts *k, int icmp, int reason);
/* Print the counters as key=value lines on f. */
void gw_counts_print(const struct gw_counts *k, FILE *f);

#endif /* SIIT_GW_H */
