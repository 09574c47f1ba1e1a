/*
 * Fuzz target: the Teredo payload parser and the checks around it
 * (v6t_teredo_parse, v6t_teredo_payload_build, v6t_teredo_qualify,
 * v6t_teredo_receive, v6t_teredo_decap; tunnel.h).
 *
 * Input layout: byte 0 picks the role (bit 0: client or relay), the
 * flags (bits 1..3) and whether the outer source is the server (bit 4);
 * the rest is a UDP payload, and, for v6t_teredo_decap, an IPv4 datagram.
 *
 * Properties (abort() on a violation):
 * - every status is V6T_OK or one the header lists;
 * - a parsed view lies inside the payload: the headers, the IPv6 packet
 *   (version 6, 40 + Payload Length bytes) and the trailers cover it
 *   exactly;
 * - round trip: building a payload from the parsed headers and IPv6
 *   packet gives the input's bytes up to the trailers;
 * - a receive check that fails leaves the list of peers as it was;
 * - decapsulation never changes the datagram, and a FORWARD points at an
 *   IPv6 packet inside it.
 * Inputs sit in blocks of exactly their size, so that any read past them
 * trips ASan.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <v6transit/tunnel.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define N_PEERS 3

static void check(int cond)
{
	if (!cond)
		abort();
}

static int is_parse_error(int rc)
{
	return rc == V6T_ETEREDO_TRUNCATED || rc == V6T_ETEREDO_INDICATOR ||
	       rc == V6T_ETEREDO_IPV6_VERSION || rc == V6T_ETEREDO_IPV6_LENGTH ||
	       rc == V6T_ETEREDO_TRAILER;
}

static int is_rx_status(int rc)
{
	return rc == V6T_OK || rc == V6T_ETEREDO_BUBBLE || is_parse_error(rc) ||
	       rc == V6T_ETEREDO_DEST || rc == V6T_ETEREDO_PEER_MAPPING ||
	       rc == V6T_ETEREDO_NONCE || rc == V6T_ETEREDO_MAPPING ||
	       rc == V6T_ETEREDO_UNVERIFIED || rc == V6T_ETEREDO_NOT_TEREDO ||
	       rc == V6T_ETEREDO_NO_PEER || rc == V6T_ETEREDO_NOT_SERVED;
}

static int is_pkt_error(int rc)
{
	return rc == V6T_EPKT_VERSION || rc == V6T_EPKT_SHORT ||
	       rc == V6T_EPKT_IPV4_HEADER || rc == V6T_EPKT_CHAIN ||
	       rc == V6T_EPKT_TOO_MANY_EXT || rc == V6T_EPKT_HOP_BY_HOP ||
	       rc == V6T_EPKT_FRAG_TWICE;
}

static void check_view(const uint8_t *p, size_t len, const v6t_teredo_msg *m)
{
	check(m->ip6_off <= len && m->ip6_len >= 40 &&
	      m->ip6_len <= len - m->ip6_off);
	check(p[m->ip6_off] >> 4 == 6);
	check(m->ip6_len == 40u + (p[m->ip6_off + 4] << 8 | p[m->ip6_off + 5]));
	check(m->trailer_off == m->ip6_off + m->ip6_len);
	check(m->trailer_off + m->trailer_len == len);
	check(m->kind >= V6T_TEREDO_DATA && m->kind <= V6T_TEREDO_RA);
	if (m->flags & V6T_TEREDO_F_AUTH)
		check(m->id_off == 4 && m->au_off == 4u + m->id_len &&
		      13u + m->id_len + m->au_len <= m->ip6_off);
	else
		check(m->ip6_off == ((m->flags & V6T_TEREDO_F_ORIGIN) ? 8u : 0u));
}

/* Build the payload again from its parsed parts: the same bytes. */
static void round_trip(const uint8_t *p, const v6t_teredo_msg *m)
{
	v6t_teredo_auth a;
	v6t_teredo_hdrs h;
	uint8_t *out = malloc(m->trailer_off);
	size_t n = 0;

	check(out != NULL);
	memset(&h, 0, sizeof(h));
	if (m->flags & V6T_TEREDO_F_AUTH) {
		memset(&a, 0, sizeof(a));
		a.id_len = m->id_len;
		a.au_len = m->au_len;
		a.client_id = p + m->id_off;
		a.value = p + m->au_off;
		memcpy(a.nonce, m->nonce, 8);
		a.confirmation = m->confirmation;
		h.auth = &a;
	}
	if (m->flags & V6T_TEREDO_F_ORIGIN) {
		h.has_origin = 1;
		h.origin_addr = m->origin_addr;
		h.origin_port = m->origin_port;
	}
	check(v6t_teredo_hdrs_len(&h) == m->ip6_off);
	check(v6t_teredo_payload_build(out, m->trailer_off, &h, p + m->ip6_off,
				       m->ip6_len, &n) == V6T_OK);
	check(n == m->trailer_off && memcmp(out, p, n) == 0);
	free(out);
}

static void try_qualify(const uint8_t *p, const v6t_teredo_msg *m)
{
	v6t_teredo_qual q;
	v6t_in6 ll;
	v6t_in4 server = { { 198, 51, 100, 1 } };
	int rc;

	memcpy(ll.b, p + m->ip6_off + 24, 16);
	rc = v6t_teredo_qualify(p, m, m->nonce, &ll, &server, &q);
	check(rc == V6T_OK || rc == V6T_ETEREDO_RA ||
	      rc == V6T_ETEREDO_RA_NONCE || rc == V6T_ETEREDO_RA_ORIGIN ||
	      rc == V6T_ETEREDO_RA_DEST || rc == V6T_ETEREDO_RA_PREFIX);
	check(rc == V6T_ETEREDO_RA || m->kind == V6T_TEREDO_RA);
	if (rc == V6T_OK)
		check(q.prefix.len == 64 && q.mapped_port == m->origin_port);
}

static void setup_cfg(v6t_teredo_cfg *cfg, uint8_t sel)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->role = (sel & 1) ? V6T_TEREDO_RELAY : V6T_TEREDO_CLIENT;
	cfg->flags = (sel >> 1) & 7u;
	cfg->server.b[0] = 198;
	cfg->server.b[1] = 51;
	cfg->server.b[2] = 100;
	cfg->server.b[3] = 1;
	cfg->port = 3544;
	if (sel & 0x20) {
		cfg->served.addr.b[0] = 0x20;
		cfg->served.addr.b[1] = 0x01;
		cfg->served.len = 16;
	}
}

/* Peers the input may match: one Teredo trusted, one untrusted with a
 * nonce of zeros. */
static void setup_peers(v6t_teredo_peer *peers)
{
	v6t_in6 a;

	memset(peers, 0, sizeof(v6t_teredo_peer) * N_PEERS);
	memset(&a, 0, sizeof(a));
	a.b[0] = 0x20;
	a.b[1] = 0x01;
	v6t_teredo_peer_init(&peers[0], &a);
	peers[0].flags |= V6T_TEREDO_PEER_TRUSTED | V6T_TEREDO_PEER_RX;
	a.b[0] = 0x20;
	a.b[1] = 0x02;
	v6t_teredo_peer_init(&peers[1], &a);
	peers[1].flags |= V6T_TEREDO_PEER_NONCE;
}

static void try_receive(const uint8_t *p, size_t len, uint8_t sel)
{
	v6t_teredo_peer peers[N_PEERS], before[N_PEERS];
	v6t_teredo_cfg cfg;
	v6t_teredo_rx rx;
	v6t_in4 src = { { 198, 51, 100, 1 } };
	uint16_t sport = (sel & 0x10) ? 3544 : 0;
	int rc;

	setup_cfg(&cfg, sel);
	setup_peers(peers);
	memcpy(before, peers, sizeof(peers));
	rc = v6t_teredo_receive(&cfg, p, len, &src, sport, peers, N_PEERS,
				1000, &rx);
	check(is_rx_status(rc));
	if (rc != V6T_OK && rc != V6T_ETEREDO_BUBBLE)
		check(memcmp(before, peers, sizeof(peers)) == 0);
	else
		check(rx.peer == NULL || (rx.peer >= peers &&
					  rx.peer < peers + N_PEERS));
}

static void try_decap(uint8_t *pkt, size_t len, uint8_t sel)
{
	v6t_teredo_peer peers[N_PEERS];
	v6t_teredo_cfg cfg;
	v6t_tun_result res;
	uint8_t *copy = malloc(len ? len : 1);

	check(copy != NULL);
	memcpy(copy, pkt, len);
	setup_cfg(&cfg, sel);
	cfg.port = (sel & 0x40) ? 0 : 3544;
	setup_peers(peers);
	check(v6t_teredo_decap(pkt, len, &cfg, peers, N_PEERS, 5000, &res) ==
	      V6T_OK);
	check(memcmp(copy, pkt, len) == 0);
	switch (res.verdict) {
	case V6T_TUN_FORWARD:
		check(res.data >= pkt + 28 && res.len >= 40 &&
		      res.len <= (size_t)(pkt + len - res.data));
		check(res.data[0] >> 4 == 6);
		break;
	case V6T_TUN_NOT_MINE:
		break;
	case V6T_TUN_DROP:
		check(is_rx_status(res.reason) || is_pkt_error(res.reason) ||
		      res.reason == V6T_ETEREDO_FRAGMENT ||
		      res.reason == V6T_ETEREDO_UDP_LENGTH ||
		      res.reason == V6T_ETEREDO_UDP_CHECKSUM);
		check(res.reason != V6T_OK);
		break;
	default:
		check(0);
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	v6t_teredo_msg m;
	uint8_t *p;
	size_t len;
	int rc;

	if (size < 1)
		return 0;
	len = size - 1;
	p = malloc(len ? len : 1);
	if (p == NULL)
		return 0;
	memcpy(p, data + 1, len);
	rc = v6t_teredo_parse(p, len, &m);
	check(rc == V6T_OK || is_parse_error(rc));
	if (rc == V6T_OK) {
		check_view(p, len, &m);
		round_trip(p, &m);
		try_qualify(p, &m);
	}
	try_receive(p, len, data[0]);
	try_decap(p, len, data[0]);
	free(p);
	return 0;
}
