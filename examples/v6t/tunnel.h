/*
 * v6t encap / decap (CLI.md "Packets", doc/cli.md "Tunnels"): what the
 * command (cmd_tunnel.c) and one tunnel mechanism (tun_p41.c for 6in4,
 * 6to4, 6rd and ISATAP; tun_teredo.c, tun_6a44.c) share. A mechanism
 * is a struct tun_mech, declared here and listed in the table of
 * cmd_tunnel.c; the command does the options common to every mechanism,
 * the pcap loop, the verdicts and the counters.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef V6T_TOOL_TUNNEL_H
#define V6T_TOOL_TUNNEL_H

#include "v6t.h"

/* Returned by tun_mech.option for an option the mechanism does not take. */
#define TUN_NOT_OPTION (-1)

/* The options of the command itself, set before tun_mech.setup(). */
struct tun_common {
	int decap;         /* 1: v6t decap, 0: v6t encap */
	unsigned ttl;      /* encap --ttl, 1..255 */
	uint32_t mtu;      /* encap --mtu, the tunnel's IPv6 MTU */
	int checks;        /* decap: 0 with --no-checks */
};

/* A decapsulation check: the library status it fails with, and the name
 * of its counter without "reject_" (lowercase letters, digits, '_'). */
struct tun_reason {
	int status;
	const char *name;
};

/* One mechanism. The mechanism keeps its settings itself (one command
 * runs per process). */
struct tun_mech {
	const char *name;  /* MECH on the command line */
	const char *usage; /* its options for the usage text */
	/* The mechanism's option at argv[*i], its value taken by moving *i:
	 * an exit status, or TUN_NOT_OPTION. */
	int (*option)(int argc, char **argv, int *i);
	/* After the options: the required ones given, the tunnel set up;
	 * an exit status (a usage error printed). */
	int (*setup)(const struct tun_common *c);
	/* The library calls: as v6t_tun_p41_encap(), _decap() and
	 * _fragment() (tunnel.h of the library); decap also gets the
	 * packet's time (the capture's clock, milliseconds), for the
	 * mechanisms that keep peer state. fragment is NULL for a mechanism
	 * whose encap never gives V6T_TUN_FRAGMENTS. */
	int (*encap)(const uint8_t *pkt, size_t len, uint16_t ip_id,
		     uint8_t *out, size_t cap, v6t_tun_result *r);
	int (*decap)(uint8_t *pkt, size_t len, uint64_t now_ms, v6t_tun_result *r);
	int (*fragment)(v6t_tun_result *r, uint8_t *out, size_t cap,
			size_t *outlen);
	/* Every check decap may fail, in the order the counters print. */
	const struct tun_reason *reasons;
	size_t n_reasons;
};

/* The protocol-41 mechanisms (tun_p41.c). */
extern const struct tun_mech tun_6in4, tun_6to4, tun_6rd, tun_isatap;
/* Teredo (tun_teredo.c) and 6a44 (tun_6a44.c). */
extern const struct tun_mech tun_teredo, tun_6a44;

/* The mechanism called name (cmd_tunnel.c's table), or NULL. Also used
 * by tests/netns/p41_endpoint.c, which runs a mechanism between a TUN
 * device and a raw socket. */
const struct tun_mech *tun_find_mech(const char *name);

/* Option helpers for the mechanisms (cmd_tunnel.c): the value of the
 * option at argv[*i], given once (*seen), as an IPv4 address or an IPv6
 * prefix P/L; each returns an exit status, an error printed (numbers:
 * pktcmd_uint_option()). */
int tun_opt_in4(int argc, char **argv, int *i, int *seen, v6t_in4 *out);
int tun_opt_prefix6(int argc, char **argv, int *i, int *seen,
		    v6t_prefix6 *out);
/* The text value of the option at argv[*i], given once; NULL after an
 * error (printed). */
const char *tun_opt_text(int argc, char **argv, int *i, int *seen);
/* "MECH: missing OPTION" (exit status 2). */
int tun_missing(const char *mech, const char *what);

#endif /* V6T_TOOL_TUNNEL_H */
