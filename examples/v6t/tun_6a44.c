/*
 * v6t encap / decap 6a44 (tunnel.h of the library: v6t_6a44_encap(),
 * v6t_6a44_decap()): 6a44 (RFC 6751), IPv6 in UDP/IPv4 port --port
 * between 6a44 clients and the relay --relay, both ends of the link in one
 * command.
 *
 * What a capture tool cannot learn as a running node does, chosen here
 * (doc/cli.md):
 * - the client at --local has no NAT44 in front of it: its customer-site
 *   address N is --local and its mapped port Z is --port, so its
 *   6a44-client address C.N.Z.A (§5) is known without a bubble;
 * - the relay's own IPv6 address, the source of the Packet Too Big it
 *   answers IPv6 packets above 1280 bytes with (RR6-2), is C::1 under
 *   --prefix C;
 * - --mtu is not used: the 6a44 MTU is 1280 (§6.4); --no-checks turns
 *   every check of the library off (V6T_6A44_CHECK_*).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <string.h>

#include "tunnel.h"

#define PREFIX_LEN 48u /* RFC 6751 §5: C is a /48 */
#define PORT_MIN 1u
#define PORT_MAX 65535u

/* One command per process: its settings and the client. */
static struct {
	v6t_prefix6 prefix;
	v6t_in4 local, relay;
	unsigned long port;
	int seen_prefix, seen_local, seen_port, seen_relay;
	v6t_6a44_client client;
} sx;

static int opt_6a44(int argc, char **argv, int *i)
{
	const char *o = argv[*i];

	if (strcmp(o, "--prefix") == 0)
		return tun_opt_prefix6(argc, argv, i, &sx.seen_prefix, &sx.prefix);
	if (strcmp(o, "--local") == 0)
		return tun_opt_in4(argc, argv, i, &sx.seen_local, &sx.local);
	if (strcmp(o, "--relay") == 0)
		return tun_opt_in4(argc, argv, i, &sx.seen_relay, &sx.relay);
	if (strcmp(o, "--port") == 0)
		return pktcmd_uint_option(argc, argv, i, PORT_MIN, PORT_MAX,
					  &sx.seen_port, &sx.port);
	return TUN_NOT_OPTION;
}

static int setup_6a44(const struct tun_common *c)
{
	v6t_6a44_cfg cfg;
	v6t_addr_6a44 f;
	v6t_in6 a;
	int rc;

	if (!sx.seen_prefix)
		return tun_missing("6a44", "--prefix P/48");
	if (!sx.seen_local)
		return tun_missing("6a44", "--local A");
	if (!sx.seen_port)
		return tun_missing("6a44", "--port N");
	if (!sx.seen_relay)
		return tun_missing("6a44", "--relay B");
	if (sx.prefix.len != PREFIX_LEN)
		return tool_error(V6T_EXIT_USAGE, "6a44: --prefix must be a /48");
	rc = v6t_6a44_cfg_init(&cfg, &sx.prefix);
	if (rc != V6T_OK)
		return tool_error(V6T_EXIT_USAGE, "6a44: --prefix: %s", v6t_strerror(rc));
	cfg.relay = sx.relay;
	cfg.port = (uint16_t)sx.port;
	cfg.ttl = (uint8_t)c->ttl;
	cfg.checks = c->checks ? V6T_6A44_CHECK_ALL : 0;
	memcpy(cfg.relay6.b, sx.prefix.addr.b, 6);
	cfg.relay6.b[15] = 1; /* C::1 */
	f.site = sx.local;
	f.port = (uint16_t)sx.port;
	f.client = sx.local;
	rc = v6t_6a44_client_init(&sx.client, &cfg, &sx.local);
	if (rc == V6T_OK)
		rc = v6t_addr_6a44_encode(&a, &sx.prefix, &f);
	if (rc == V6T_OK)
		rc = v6t_6a44_client_set_prefix(&sx.client, a.b);
	if (rc != V6T_OK)
		return tool_error(V6T_EXIT_USAGE, "6a44: %s", v6t_strerror(rc));
	return V6T_EXIT_OK;
}

static int sx_encap(const uint8_t *pkt, size_t len, uint16_t ip_id,
		    uint8_t *out, size_t cap, v6t_tun_result *r)
{
	(void)ip_id; /* never fragmented: Identification 0 (RFC 6864 §4.1) */
	return v6t_6a44_encap(&sx.client, pkt, len, out, cap, r);
}

static int sx_decap(uint8_t *pkt, size_t len, uint64_t now_ms, v6t_tun_result *r)
{
	int rc;

	(void)now_ms;
	rc = v6t_6a44_decap(&sx.client, pkt, len, r);
	return rc == 1 ? V6T_OK : rc; /* 1: a bubble the client took */
}

/* The counters: every check of v6t_6a44_decap(), client then relay. */
static const struct tun_reason reasons_6a44[] = {
	{ V6T_E6A44_UDP_LENGTH, "udp_length" },
	{ V6T_E6A44_PORT, "port" },
	{ V6T_E6A44_SHORT, "short" },
	{ V6T_E6A44_VERSION, "version" },
	{ V6T_E6A44_INNER_LENGTH, "inner_length" },
	{ V6T_E6A44_BUBBLE_ID, "bubble_id" },
	{ V6T_E6A44_NOT_RELAY, "not_relay" },
	{ V6T_E6A44_DST, "dst" },
	{ V6T_E6A44_SITE, "site" },
	{ V6T_E6A44_SITE_V4, "site_v4" },
	{ V6T_E6A44_SPOOF, "spoof" },
	{ V6T_E6A44_TEREDO, "teredo" },
	{ V6T_E6A44_RELAY_DST, "relay_dst" },
};

const struct tun_mech tun_6a44 = {
	"6a44", "--prefix P/48 --local A --port N --relay B", opt_6a44,
	setup_6a44, sx_encap, sx_decap, NULL, reasons_6a44,
	sizeof(reasons_6a44) / sizeof(reasons_6a44[0]),
};
