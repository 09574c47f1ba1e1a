/*
 * v6t encap / decap for the protocol-41 mechanisms (tunnel.h of the
 * library: v6t_tun_p41_*): 6in4 (configured, RFC 4213), 6to4 (RFC 3056,
 * RFC 3964 §5), 6rd (RFC 5969) and ISATAP (RFC 5214). Their options, how
 * they become a v6t_tun_p41_config, and the checks decap counts.
 *
 * What the command line does not give, chosen here (doc/cli.md):
 * - the IPv6 source of the Packet Too Big encap writes, the tunnel's own
 *   address: 6in4 fe80::A (RFC 4213 §3.7, the link-local address from the
 *   IPv4 address A of --local); 6to4 2002:A:: and 6rd the Subnet-Router
 *   anycast address of the local delegated prefix (RFC 5969 §5); ISATAP the
 *   ISATAP address of A under --prefix (RFC 5214 §6.1, u set when A is
 *   global);
 * - 6rd: the BR when --local equals --br, else a CE;
 * - ISATAP: off-link destinations go to the first --prl entry that is not
 *   --local;
 * - 6to4 decap accepts native destinations, as a relay does (RFC 3056
 *   §5.3), so the not-a-relay check is not used.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <string.h>

#include "tunnel.h"

/* --v4masklen: IPv4MaskLen, 0..32 (RFC 5969 §7.1.1). */
#define V4MASKLEN_MAX 32u
/* --prl: at most this many routers. */
#define PRL_MAX 16u
/* The longest --prl value parsed: PRL_MAX dotted quads and commas. */
#define PRL_TEXT_MAX (PRL_MAX * 16u)
/* ISATAP prefixes are /64 (RFC 5214 §6.1). */
#define ISATAP_PREFIX_LEN 64u

/* Which options a mechanism takes. */
#define OPT_LOCAL 0x01u
#define OPT_REMOTE 0x02u
#define OPT_RELAY 0x04u
#define OPT_PREFIX 0x08u
#define OPT_V4MASKLEN 0x10u
#define OPT_BR 0x20u
#define OPT_PRL 0x40u

/* The checks decap applies: every one but the not-a-relay rule (above). */
#define P41_CHECKS (V6T_P41_CHK_ALL & ~V6T_P41_CHK_6TO4_NOT_RELAY)

/* One command per process: its settings. */
static struct {
	v6t_in4 local, remote, relay, br;
	v6t_prefix6 prefix;
	unsigned long v4masklen;
	v6t_in4 prl[PRL_MAX];
	size_t prl_len;
	int seen_local, seen_remote, seen_relay, seen_prefix, seen_v4masklen,
	    seen_br, seen_prl;
	v6t_tun_p41 t;
} p41;

/* ------------------------------------------------------------- options */

/* --prl B[,B...] */
static int opt_prl(int argc, char **argv, int *i)
{
	const char *opt = argv[*i];
	const char *val = tun_opt_text(argc, argv, i, &p41.seen_prl);
	const char *s, *comma;
	size_t n;
	int rc;

	if (val == NULL)
		return V6T_EXIT_USAGE;
	for (s = val;; s = comma + 1) {
		comma = strchr(s, ',');
		n = comma != NULL ? (size_t)(comma - s) : strlen(s);
		if (p41.prl_len == PRL_MAX)
			return tool_error(V6T_EXIT_USAGE, "%s: more than %u routers",
					  opt, PRL_MAX);
		rc = v6t_addr_in4_parse(&p41.prl[p41.prl_len], s, n);
		if (rc != V6T_OK)
			return tool_error(V6T_EXIT_USAGE, "%s %s: %s", opt, val,
					  v6t_strerror(rc));
		p41.prl_len++;
		if (comma == NULL)
			return V6T_EXIT_OK;
	}
}

/* The option at argv[*i] if the mechanism takes it (allowed). */
static int p41_option(unsigned allowed, int argc, char **argv, int *i)
{
	const char *o = argv[*i];

	if ((allowed & OPT_LOCAL) && strcmp(o, "--local") == 0)
		return tun_opt_in4(argc, argv, i, &p41.seen_local, &p41.local);
	if ((allowed & OPT_REMOTE) && strcmp(o, "--remote") == 0)
		return tun_opt_in4(argc, argv, i, &p41.seen_remote, &p41.remote);
	if ((allowed & OPT_RELAY) && strcmp(o, "--relay") == 0)
		return tun_opt_in4(argc, argv, i, &p41.seen_relay, &p41.relay);
	if ((allowed & OPT_BR) && strcmp(o, "--br") == 0)
		return tun_opt_in4(argc, argv, i, &p41.seen_br, &p41.br);
	if ((allowed & OPT_PREFIX) && strcmp(o, "--prefix") == 0)
		return tun_opt_prefix6(argc, argv, i, &p41.seen_prefix, &p41.prefix);
	if ((allowed & OPT_V4MASKLEN) && strcmp(o, "--v4masklen") == 0)
		return pktcmd_uint_option(argc, argv, i, 0, V4MASKLEN_MAX,
					  &p41.seen_v4masklen, &p41.v4masklen);
	if ((allowed & OPT_PRL) && strcmp(o, "--prl") == 0)
		return opt_prl(argc, argv, i);
	return TUN_NOT_OPTION;
}

static int opt_6in4(int argc, char **argv, int *i)
{
	return p41_option(OPT_LOCAL | OPT_REMOTE, argc, argv, i);
}

static int opt_6to4(int argc, char **argv, int *i)
{
	return p41_option(OPT_LOCAL | OPT_RELAY, argc, argv, i);
}

static int opt_6rd(int argc, char **argv, int *i)
{
	return p41_option(OPT_PREFIX | OPT_V4MASKLEN | OPT_LOCAL | OPT_BR,
			  argc, argv, i);
}

static int opt_isatap(int argc, char **argv, int *i)
{
	return p41_option(OPT_LOCAL | OPT_PREFIX | OPT_PRL, argc, argv, i);
}

/* --------------------------------------------------------------- setup */

/* The settings every mechanism shares; mech-specific ones are added by
 * the caller before p41_init(). */
static void base_config(v6t_tun_p41_config *cfg, int mech,
			const struct tun_common *c)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->mech = mech;
	cfg->local = p41.local;
	cfg->ttl = (uint8_t)c->ttl;
	/* RFC 4213 §3.2.1 static MTU, DF never set; the IPv4 MTU leaves room
	 * for the outer header, so the encapsulator never fragments. */
	cfg->df_mode = V6T_P41_DF_STATIC;
	cfg->mtu6 = c->mtu;
	cfg->mtu4 = c->mtu + 20u;
	cfg->flags = c->checks ? P41_CHECKS : 0;
}

static int p41_init(const char *mech, const v6t_tun_p41_config *cfg)
{
	int rc = v6t_tun_p41_init(&p41.t, cfg);

	return rc == V6T_OK ? V6T_EXIT_OK
			    : tool_error(V6T_EXIT_USAGE, "%s: %s", mech, v6t_strerror(rc));
}

static int setup_6in4(const struct tun_common *c)
{
	v6t_tun_p41_config cfg;

	if (!p41.seen_local)
		return tun_missing("6in4", "--local A");
	if (!p41.seen_remote)
		return tun_missing("6in4", "--remote B");
	base_config(&cfg, V6T_P41_CONFIGURED, c);
	cfg.remote = p41.remote;
	/* RFC 4213 §3.7: fe80::/64 with the IPv4 address as identifier */
	cfg.local6.b[0] = 0xfe;
	cfg.local6.b[1] = 0x80;
	memcpy(cfg.local6.b + 12, p41.local.b, 4);
	return p41_init("6in4", &cfg);
}

static int setup_6to4(const struct tun_common *c)
{
	static const uint8_t iid0[8];
	v6t_tun_p41_config cfg;

	if (!p41.seen_local)
		return tun_missing("6to4", "--local A");
	base_config(&cfg, V6T_P41_6TO4, c);
	/* RFC 3068 §2.3: the relay anycast address unless one is given */
	cfg.remote = p41.seen_relay ? p41.relay : v6t_addr_6to4_relay4;
	v6t_addr_6to4_encode(&cfg.local6, &p41.local, 0, iid0);
	return p41_init("6to4", &cfg);
}

static int setup_6rd(const struct tun_common *c)
{
	v6t_tun_p41_config cfg;
	int rc;

	if (!p41.seen_prefix)
		return tun_missing("6rd", "--prefix P/L");
	if (!p41.seen_v4masklen)
		return tun_missing("6rd", "--v4masklen M");
	if (!p41.seen_local)
		return tun_missing("6rd", "--local A");
	if (!p41.seen_br)
		return tun_missing("6rd", "--br B");
	base_config(&cfg, memcmp(p41.local.b, p41.br.b, 4) == 0 ? V6T_P41_6RD_BR
								: V6T_P41_6RD_CE, c);
	rc = v6t_addr_6rd_init(&cfg.domain, &p41.prefix, (unsigned)p41.v4masklen,
			       &p41.br);
	if (rc != V6T_OK)
		return tool_error(V6T_EXIT_USAGE, "6rd: --prefix and --v4masklen: %s",
				  v6t_strerror(rc));
	cfg.remote = p41.br;
	v6t_addr_6rd_anycast(&cfg.local6, &cfg.domain, &p41.local);
	return p41_init("6rd", &cfg);
}

static int setup_isatap(const struct tun_common *c)
{
	v6t_tun_p41_config cfg;
	size_t k;

	if (!p41.seen_local)
		return tun_missing("isatap", "--local A");
	if (!p41.seen_prefix)
		return tun_missing("isatap", "--prefix P/64");
	if (!p41.seen_prl)
		return tun_missing("isatap", "--prl B[,B...]");
	if (p41.prefix.len != ISATAP_PREFIX_LEN)
		return tool_error(V6T_EXIT_USAGE, "isatap: --prefix must be a /64");
	base_config(&cfg, V6T_P41_ISATAP, c);
	cfg.isatap_prefix = p41.prefix;
	cfg.prl = p41.prl;
	cfg.prl_len = p41.prl_len;
	for (k = 0; k < p41.prl_len; k++)
		if (memcmp(p41.prl[k].b, p41.local.b, 4) != 0) {
			cfg.remote = p41.prl[k];
			break;
		}
	v6t_addr_isatap_encode(&cfg.local6, &p41.prefix, &p41.local,
			       v6t_addr_in4_is_global(&p41.local) ? V6T_ADDR_ISATAP_U : 0);
	return p41_init("isatap", &cfg);
}

/* --------------------------------------------------------- the library */

static int p41_encap(const uint8_t *pkt, size_t len, uint16_t ip_id,
		     uint8_t *out, size_t cap, v6t_tun_result *r)
{
	return v6t_tun_p41_encap(&p41.t, pkt, len, ip_id, out, cap, r);
}

static int p41_decap(uint8_t *pkt, size_t len, uint64_t now_ms, v6t_tun_result *r)
{
	(void)now_ms;
	return v6t_tun_p41_decap(&p41.t, pkt, len, r);
}

/* ---------------------------------------------------------- the checks */

/* The counters, in the order the library runs the checks (tunnel.h). */
static const struct tun_reason reasons_6in4[] = {
	{ V6T_ETUN41_PEER, "peer" },
	{ V6T_ETUN41_LOCAL, "local" },
	{ V6T_ETUN41_NESTED, "nested" },
};

static const struct tun_reason reasons_6to4[] = {
	{ V6T_ETUN41_LOCAL, "local" },
	{ V6T_ETUN41_NESTED, "nested" },
	{ V6T_ETUN41_6TO4_V4, "6to4_v4" },
	{ V6T_ETUN41_6TO4_V6, "6to4_v6" },
	{ V6T_ETUN41_6TO4_DST, "6to4_dst" },
	{ V6T_ETUN41_6TO4_SRC, "6to4_src" },
	{ V6T_ETUN41_6TO4_NATIVE, "6to4_native" },
};

static const struct tun_reason reasons_6rd[] = {
	{ V6T_ETUN41_LOCAL, "local" },
	{ V6T_ETUN41_NESTED, "nested" },
	{ V6T_ETUN41_6RD_SRC, "6rd_src" },
};

static const struct tun_reason reasons_isatap[] = {
	{ V6T_ETUN41_LOCAL, "local" },
	{ V6T_ETUN41_NESTED, "nested" },
	{ V6T_ETUN41_ISATAP_SRC, "isatap_src" },
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

const struct tun_mech tun_6in4 = {
	"6in4", "--local A --remote B", opt_6in4, setup_6in4, p41_encap,
	p41_decap, v6t_tun_p41_fragment, reasons_6in4, N_OF(reasons_6in4),
};

const struct tun_mech tun_6to4 = {
	"6to4", "--local A [--relay B]", opt_6to4, setup_6to4, p41_encap,
	p41_decap, v6t_tun_p41_fragment, reasons_6to4, N_OF(reasons_6to4),
};

const struct tun_mech tun_6rd = {
	"6rd", "--prefix P/L --v4masklen M --local A --br B", opt_6rd, setup_6rd,
	p41_encap, p41_decap, v6t_tun_p41_fragment, reasons_6rd,
	N_OF(reasons_6rd),
};

const struct tun_mech tun_isatap = {
	"isatap", "--local A --prefix P/64 --prl B[,B...]", opt_isatap,
	setup_isatap, p41_encap, p41_decap, v6t_tun_p41_fragment, reasons_isatap,
	N_OF(reasons_isatap),
};
