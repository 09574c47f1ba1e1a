/*
 * v6t encap / decap teredo (tunnel.h of the library: v6t_teredo_*):
 * Teredo (RFC 4380, RFC 5991) over UDP/IPv4, as a client or as a relay.
 *
 * What a capture tool cannot do as a running Teredo node does, chosen here
 * (doc/cli.md):
 * - encap: an IPv6 packet to a Teredo address goes to the client's mapped
 *   address and port inside it (RFC 4380 §5.4.1, a relay; a client sends
 *   there after its bubbles, §5.2.4), from --local : --port, DF clear
 *   (§5.1.2); a mapped address that is not global is dropped (§5.2.4,
 *   §5.4.1). Other IPv6 packets are copied through: a client reaches a
 *   native host through the relay its connectivity test finds (§5.2.9),
 *   which needs the exchanges a capture does not hold. --mtu is not used:
 *   the Teredo MTU is the hosts' link MTU, 1280 by default (§5.1.2).
 * - decap: the reception rules of the role (§5.2.3 client, §5.4.2
 *   relay) with an empty list of peers at the start of the capture, kept
 *   for its length, and the capture's time; a client has not qualified
 *   (no Teredo address of its own to check destinations against). Bubbles
 *   are consumed (dropped, not rejected). With --no-checks only the
 *   datagram and the Teredo headers are parsed.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <string.h>

#include "tunnel.h"

/* The peers decap remembers (RFC 4380 §5.2: "a list of recent peers"). */
#define PEERS 64u
/* The Teredo service port of servers (RFC 4380 §5.2.1). */
#define PORT_MIN 1u
#define PORT_MAX 65535u

/* One command per process: its settings and the peer list. */
static struct {
	v6t_in4 local, server;
	unsigned long port;
	int role, checks;
	int seen_local, seen_port, seen_server, seen_role;
	uint8_t ttl;
	v6t_teredo_cfg cfg;
	v6t_teredo_peer peers[PEERS];
} td;

/* ------------------------------------------------------------- options */

static int opt_role(int argc, char **argv, int *i)
{
	const char *v = tun_opt_text(argc, argv, i, &td.seen_role);

	if (v == NULL)
		return V6T_EXIT_USAGE;
	if (strcmp(v, "client") == 0)
		td.role = V6T_TEREDO_CLIENT;
	else if (strcmp(v, "relay") == 0)
		td.role = V6T_TEREDO_RELAY;
	else
		return tool_error(V6T_EXIT_USAGE, "--role: 'client' or 'relay', got '%s'", v);
	return V6T_EXIT_OK;
}

static int opt_teredo(int argc, char **argv, int *i)
{
	const char *o = argv[*i];

	if (strcmp(o, "--local") == 0)
		return tun_opt_in4(argc, argv, i, &td.seen_local, &td.local);
	if (strcmp(o, "--server") == 0)
		return tun_opt_in4(argc, argv, i, &td.seen_server, &td.server);
	if (strcmp(o, "--port") == 0)
		return pktcmd_uint_option(argc, argv, i, PORT_MIN, PORT_MAX,
					  &td.seen_port, &td.port);
	if (strcmp(o, "--role") == 0)
		return opt_role(argc, argv, i);
	return TUN_NOT_OPTION;
}

static int setup_teredo(const struct tun_common *c)
{
	if (!td.seen_local)
		return tun_missing("teredo", "--local A");
	if (!td.seen_port)
		return tun_missing("teredo", "--port N");
	if (!td.seen_server)
		return tun_missing("teredo", "--server S");
	if (!td.seen_role)
		td.role = V6T_TEREDO_RELAY; /* CLI.md: the default */
	td.checks = c->checks;
	td.ttl = (uint8_t)c->ttl;
	memset(&td.cfg, 0, sizeof(td.cfg));
	td.cfg.role = td.role;
	td.cfg.server = td.server;
	td.cfg.port = (uint16_t)td.port;
	return V6T_EXIT_OK;
}

/* --------------------------------------------------------- the library */

static int teredo_encap(const uint8_t *pkt, size_t len, uint16_t ip_id,
			uint8_t *out, size_t cap, v6t_tun_result *r)
{
	v6t_teredo_encap_cfg e;
	v6t_addr_teredo t;
	v6t_in6 dst;

	memset(r, 0, sizeof(*r));
	if (len < 40) {
		r->verdict = V6T_TUN_DROP;
		r->reason = V6T_ETEREDO_IPV6_LENGTH;
		return V6T_OK;
	}
	memcpy(dst.b, pkt + 24, 16);
	if (v6t_addr_teredo_decode(&t, &dst) != V6T_OK) {
		r->verdict = V6T_TUN_NOT_MINE;
		return V6T_OK;
	}
	if (!v6t_teredo_ipv4_global(&t.client)) {
		r->verdict = V6T_TUN_DROP;
		r->reason = V6T_ETEREDO_NOT_GLOBAL;
		return V6T_OK;
	}
	memset(&e, 0, sizeof(e));
	e.src = td.local;
	e.dst = t.client;
	e.sport = (uint16_t)td.port;
	e.dport = t.port;
	e.ip_id = ip_id;
	e.ttl = td.ttl;
	return v6t_teredo_encap(out, cap, &e, pkt, len, r);
}

/* --no-checks: the IPv4/UDP datagram to our port and the Teredo headers
 * parsed, nothing verified. */
static int unwrap(uint8_t *pkt, size_t len, v6t_tun_result *r)
{
	v6t_teredo_msg m;
	v6t_pkt v;
	size_t ulen;
	int rc;

	memset(r, 0, sizeof(*r));
	r->verdict = V6T_TUN_NOT_MINE;
	if (v6t_pkt_parse(pkt, len, 0, &v) != V6T_OK || v.version != 4 || v.proto != 17 ||
	    !(v.flags & V6T_PKT_PORTS) || v.dport != td.port)
		return V6T_OK;
	r->verdict = V6T_TUN_DROP;
	if (v.flags & V6T_PKT_FRAGMENT) {
		r->reason = V6T_ETEREDO_FRAGMENT;
		return V6T_OK;
	}
	ulen = (size_t)pkt[v.l4_off + 4] << 8 | pkt[v.l4_off + 5];
	if (v.end - v.l4_off < 8 || ulen < 8 || ulen > v.end - v.l4_off) {
		r->reason = V6T_ETEREDO_UDP_LENGTH;
		return V6T_OK;
	}
	rc = v6t_teredo_parse(pkt + v.l4_off + 8, ulen - 8, &m);
	if (rc != V6T_OK) {
		r->reason = rc;
		return V6T_OK;
	}
	r->verdict = V6T_TUN_FORWARD;
	r->data = pkt + v.l4_off + 8 + m.ip6_off;
	r->len = m.ip6_len;
	return V6T_OK;
}

static int teredo_decap(uint8_t *pkt, size_t len, uint64_t now_ms, v6t_tun_result *r)
{
	if (!td.checks)
		return unwrap(pkt, len, r);
	return v6t_teredo_decap(pkt, len, &td.cfg, td.peers, PEERS, now_ms, r);
}

/* ---------------------------------------------------------- the checks */

/* The counters: every check of v6t_teredo_decap() of either role, in the
 * order RFC 4380 runs them. */
static const struct tun_reason reasons_teredo[] = {
	{ V6T_ETEREDO_UDP_LENGTH, "udp_length" },
	{ V6T_ETEREDO_UDP_CHECKSUM, "udp_checksum" },
	{ V6T_ETEREDO_TRUNCATED, "truncated" },
	{ V6T_ETEREDO_INDICATOR, "indicator" },
	{ V6T_ETEREDO_IPV6_VERSION, "ipv6_version" },
	{ V6T_ETEREDO_IPV6_LENGTH, "ipv6_length" },
	{ V6T_ETEREDO_TRAILER, "trailer" },
	{ V6T_ETEREDO_DEST, "dest" },
	{ V6T_ETEREDO_PEER_MAPPING, "peer_mapping" },
	{ V6T_ETEREDO_NONCE, "nonce" },
	{ V6T_ETEREDO_MAPPING, "mapping" },
	{ V6T_ETEREDO_UNVERIFIED, "unverified" },
	{ V6T_ETEREDO_NOT_TEREDO, "not_teredo" },
	{ V6T_ETEREDO_NO_PEER, "no_peer" },
	{ V6T_ETEREDO_NOT_SERVED, "not_served" },
};

const struct tun_mech tun_teredo = {
	"teredo", "--local A --port N --server S [--role client|relay]",
	opt_teredo, setup_teredo, teredo_encap, teredo_decap, NULL,
	reasons_teredo, sizeof(reasons_teredo) / sizeof(reasons_teredo[0]),
};
