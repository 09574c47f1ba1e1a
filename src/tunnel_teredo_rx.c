/*
 * libv6transit - Teredo (tunnel.h): the reception rules of a client (RFC
 * 4380 §5.2.3) and a relay (§5.4.2), decapsulation of a UDP/IPv4
 * datagram, the list of recent peers (§5.2) in caller memory with the
 * bubble rules (§5.2.6), and the transmission rules (§5.2.4, §5.4.1) with
 * RFC 5991 §3.2.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <string.h>

#include "v6transit/tunnel.h"
#include "v6transit/packet.h"

#include "bytes.h"
#include "teredo_internal.h"

#define IP_PROTO_UDP 17u
#define UDP_HDR 8u
#define ECHO_DATA_OFF 8u      /* RFC 4443 §4.2: type, code, sum, id, seq */
#define NONCE_LEN 8u
/* RFC 4380 §5.2.6: "less than 2 seconds", "4 bubbles ... in the last 300
 * seconds" */
#define BUBBLE_GAP_MS 2000u
#define BUBBLE_MAX 4u
#define BUBBLE_WINDOW_MS 300000u

/* see tunnel.h */
int v6t_teredo_ipv4_global(const v6t_in4 *a)
{
	/* RFC 4380 §5.2.4, the list of non-global formats */
	static const v6t_prefix4 local[] = {
		{ { { 0, 0, 0, 0 } }, 8 },        /* "local" 0.0.0.0/8 */
		{ { { 127, 0, 0, 0 } }, 8 },      /* loopback */
		{ { { 10, 0, 0, 0 } }, 8 },       /* local addressing ranges */
		{ { { 172, 16, 0, 0 } }, 12 },
		{ { { 192, 168, 0, 0 } }, 16 },
		{ { { 169, 254, 0, 0 } }, 16 },   /* link local */
		{ { { 192, 88, 99, 0 } }, 24 },   /* 6to4 anycast */
		{ { { 224, 0, 0, 0 } }, 4 },      /* multicast */
		{ { { 255, 255, 255, 255 } }, 32 } /* limited broadcast */
	};
	size_t i;

	if (a == NULL)
		return 0;
	for (i = 0; i < sizeof(local) / sizeof(local[0]); i++)
		if (v6t_addr_in4_in_prefix(a, &local[i]))
			return 0;
	return 1;
}

/* see tunnel.h */
int v6t_teredo_peer_init(v6t_teredo_peer *p, const v6t_in6 *addr)
{
	v6t_addr_teredo t;

	if (p == NULL || addr == NULL)
		return V6T_EINVAL;
	memset(p, 0, sizeof(*p));
	p->addr = *addr;
	p->flags = V6T_TEREDO_PEER_USED;
	if (v6t_addr_teredo_decode(&t, addr) == V6T_OK) {
		p->mapped = t.client;
		p->mapped_port = t.port;
	}
	return V6T_OK;
}

/* see tunnel.h */
v6t_teredo_peer *v6t_teredo_peer_find(v6t_teredo_peer *list, size_t n,
				      const v6t_in6 *addr)
{
	size_t i;

	if (list == NULL || addr == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if ((list[i].flags & V6T_TEREDO_PEER_USED) &&
		    memcmp(list[i].addr.b, addr->b, 16) == 0)
			return &list[i];
	return NULL;
}

/* The later of the entry's last reception and transmission; 0 for never. */
static uint64_t last_use(const v6t_teredo_peer *p)
{
	uint64_t t = 0;

	if ((p->flags & V6T_TEREDO_PEER_RX) && p->last_rx_ms > t)
		t = p->last_rx_ms;
	if ((p->flags & V6T_TEREDO_PEER_TX) && p->last_tx_ms > t)
		t = p->last_tx_ms;
	return t;
}

/* see tunnel.h */
v6t_teredo_peer *v6t_teredo_peer_slot(v6t_teredo_peer *list, size_t n)
{
	v6t_teredo_peer *best = NULL;
	size_t i;

	if (list == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (!(list[i].flags & V6T_TEREDO_PEER_USED))
			return &list[i];
		if (best == NULL || last_use(&list[i]) < last_use(best))
			best = &list[i];
	}
	return best;
}

/* see tunnel.h */
int v6t_teredo_peer_valid(const v6t_teredo_peer *p, uint64_t now_ms)
{
	const unsigned need = V6T_TEREDO_PEER_USED | V6T_TEREDO_PEER_TRUSTED |
			      V6T_TEREDO_PEER_RX;

	return p != NULL && (p->flags & need) == need &&
	       now_ms >= p->last_rx_ms &&
	       now_ms - p->last_rx_ms < V6T_TEREDO_PEER_VALID_MS;
}

/* see tunnel.h */
int v6t_teredo_peer_bubble(v6t_teredo_peer *p, uint64_t now_ms)
{
	unsigned slot;

	if (p == NULL)
		return V6T_EINVAL;
	/* a date after now_ms (not monotonic) also holds the bubble back */
	if ((p->flags & V6T_TEREDO_PEER_TX) &&
	    (now_ms < p->last_tx_ms || now_ms - p->last_tx_ms < BUBBLE_GAP_MS))
		return V6T_ETEREDO_BUBBLE_LIMIT;
	/* the ring holds the last BUBBLE_MAX dates; the slot to write next
	 * holds the oldest of them once BUBBLE_MAX were sent */
	slot = p->bubbles % BUBBLE_MAX;
	if (p->bubbles >= BUBBLE_MAX &&
	    (now_ms < p->bubble_ms[slot] ||
	     now_ms - p->bubble_ms[slot] < BUBBLE_WINDOW_MS))
		return V6T_ETEREDO_BUBBLE_LIMIT;
	p->bubble_ms[slot] = now_ms;
	p->bubbles++;
	/* keep the count in BUBBLE_MAX..2*BUBBLE_MAX-1 once full: the ring
	 * position is the count modulo BUBBLE_MAX */
	if (p->bubbles == 2 * BUBBLE_MAX)
		p->bubbles = BUBBLE_MAX;
	p->last_tx_ms = now_ms;
	p->flags |= V6T_TEREDO_PEER_TX;
	return V6T_OK;
}

static int is_zero(const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != 0)
			return 0;
	return 1;
}

static int is_server(const v6t_teredo_cfg *cfg, const v6t_in4 *src,
		     uint16_t sport)
{
	return sport == V6T_TEREDO_PORT && !is_zero(cfg->server.b, 4) &&
	       memcmp(src->b, cfg->server.b, 4) == 0;
}

static int same_mapping(const v6t_in4 *a, uint16_t aport, const v6t_in4 *b,
			uint16_t bport)
{
	return aport == bport && memcmp(a->b, b->b, 4) == 0;
}

/* A reception from the peer at src:sport: trusted, dated, bubble count
 * cleared (a direct response, §5.2.6). */
static void peer_heard(v6t_teredo_peer *p, const v6t_in4 *src, uint16_t sport,
		       uint64_t now_ms)
{
	p->mapped = *src;
	p->mapped_port = sport;
	p->flags |= V6T_TEREDO_PEER_USED | V6T_TEREDO_PEER_TRUSTED |
		    V6T_TEREDO_PEER_RX;
	p->last_rx_ms = now_ms;
	p->bubbles = 0;
}

/* The entry for addr, started in a free or reused slot if there is none;
 * NULL when the list has no entries. */
static v6t_teredo_peer *peer_get(v6t_teredo_peer *peers, size_t n,
				 const v6t_in6 *addr)
{
	v6t_teredo_peer *p = v6t_teredo_peer_find(peers, n, addr);

	if (p == NULL) {
		p = v6t_teredo_peer_slot(peers, n);
		if (p != NULL)
			v6t_teredo_peer_init(p, addr);
	}
	return p;
}

/* §5.2.3 rule 2: an ICMPv6 Echo Reply whose data begins with the nonce. */
static int echo_with_nonce(const uint8_t *ip, uint32_t ip_len,
			   const uint8_t nonce[8])
{
	const uint8_t *icmp = ip + V6T_TEREDO_IP6_HDR;

	return ip[V6T_TEREDO_IP6_NH] == V6T_TEREDO_NH_ICMP6 &&
	       ip_len >= V6T_TEREDO_IP6_HDR + ECHO_DATA_OFF + NONCE_LEN &&
	       icmp[0] == V6T_TEREDO_ICMP6_ECHO_REPLY && icmp[1] == 0 &&
	       memcmp(icmp + ECHO_DATA_OFF, nonce, NONCE_LEN) == 0;
}

static int accepted(const v6t_teredo_msg *m)
{
	return m->kind == V6T_TEREDO_BUBBLE ? V6T_ETEREDO_BUBBLE : V6T_OK;
}

/* The client's rules of §5.2.3 for the parsed payload at ip. */
static int client_rx(const v6t_teredo_cfg *cfg, const uint8_t *ip,
		     const v6t_teredo_msg *m, const v6t_in4 *src,
		     uint16_t sport, v6t_teredo_peer *peers, size_t n,
		     uint64_t now_ms, v6t_teredo_rx *rx)
{
	v6t_in6 s6;
	v6t_addr_teredo t;
	v6t_teredo_peer *p;
	int srv = is_server(cfg, src, sport), teredo, reason;

	/* "the client should check that the IPv6 destination address
	 * correspond to its own Teredo address"; from the server, the
	 * qualification RA goes to a link-local address (fe80::/10) */
	if (!is_zero(cfg->own.b, 16) &&
	    memcmp(ip + V6T_TEREDO_IP6_DST, cfg->own.b, 16) != 0 &&
	    !(srv && ip[V6T_TEREDO_IP6_DST] == 0xfe &&
	      (ip[V6T_TEREDO_IP6_DST + 1] & 0xc0) == 0x80))
		return V6T_ETEREDO_DEST;
	if (srv) {
		rx->from_server = 1;
		return accepted(m);
	}
	memcpy(s6.b, ip + V6T_TEREDO_IP6_SRC, 16);
	p = v6t_teredo_peer_find(peers, n, &s6);
	/* rule 1: a trusted entry with this mapping */
	if (p != NULL && (p->flags & V6T_TEREDO_PEER_TRUSTED) &&
	    same_mapping(&p->mapped, p->mapped_port, src, sport)) {
		peer_heard(p, src, sport, now_ms);
		rx->peer = p;
		return accepted(m);
	}
	/* rule 2: the echo reply of the connectivity test (§5.2.9) */
	if (p != NULL && !(p->flags & V6T_TEREDO_PEER_TRUSTED) &&
	    (p->flags & V6T_TEREDO_PEER_NONCE) &&
	    echo_with_nonce(ip, m->ip6_len, p->nonce)) {
		peer_heard(p, src, sport, now_ms);
		rx->peer = p;
		return accepted(m);
	}
	/* rule 3: a Teredo source whose mapping is the outer source "MUST"
	 * get a (trusted) entry */
	teredo = v6t_addr_teredo_decode(&t, &s6) == V6T_OK;
	if (teredo && same_mapping(&t.client, t.port, src, sport)) {
		p = peer_get(peers, n, &s6);
		if (p != NULL)
			peer_heard(p, src, sport, now_ms);
		rx->peer = p;
		return accepted(m);
	}
	/* rules 5 (without local entries) and 6 */
	if (teredo)
		reason = V6T_ETEREDO_MAPPING;
	else if (p != NULL && (p->flags & V6T_TEREDO_PEER_TRUSTED))
		reason = V6T_ETEREDO_PEER_MAPPING;
	else if (p != NULL)
		reason = V6T_ETEREDO_NONCE;
	else
		reason = V6T_ETEREDO_UNVERIFIED;
	if (!(cfg->flags & V6T_TEREDO_ACCEPT_UNVERIFIED))
		return reason;
	rx->unverified = 1;
	rx->peer = p;
	return accepted(m);
}

/* The relay's rules of §5.4.2. */
static int relay_rx(const v6t_teredo_cfg *cfg, const uint8_t *ip,
		    const v6t_teredo_msg *m, const v6t_in4 *src,
		    uint16_t sport, v6t_teredo_peer *peers, size_t n,
		    uint64_t now_ms, v6t_teredo_rx *rx)
{
	v6t_in6 s6, d6;
	v6t_addr_teredo t;
	v6t_teredo_peer *p;
	int srv = is_server(cfg, src, sport);

	memcpy(s6.b, ip + V6T_TEREDO_IP6_SRC, 16);
	memcpy(d6.b, ip + V6T_TEREDO_IP6_DST, 16);
	/* "examines whether the IPv6 source address is a valid Teredo
	 * address, and if the mapped IPv4 address and mapped port match" */
	if (!srv) {
		if (v6t_addr_teredo_decode(&t, &s6) != V6T_OK)
			return V6T_ETEREDO_NOT_TEREDO;
		if (!same_mapping(&t.client, t.port, src, sport))
			return V6T_ETEREDO_MAPPING;
	}
	p = v6t_teredo_peer_find(peers, n, &s6);
	if (p == NULL && !srv && (cfg->flags & V6T_TEREDO_REQUIRE_PEER))
		return V6T_ETEREDO_NO_PEER;
	/* "If the destination belongs to a range of IPv6 addresses served
	 * by the relay, the packet SHOULD be accepted" (a bubble is for the
	 * relay itself) */
	if (m->kind != V6T_TEREDO_BUBBLE && cfg->served.len != 0 &&
	    !v6t_addr_in6_in_prefix(&d6, &cfg->served))
		return V6T_ETEREDO_NOT_SERVED;
	rx->from_server = (uint8_t)srv;
	if (!srv) {
		if (p == NULL)
			p = peer_get(peers, n, &s6);
		if (p != NULL)
			peer_heard(p, src, sport, now_ms);
	}
	rx->peer = p;
	return accepted(m);
}

/* see tunnel.h */
int v6t_teredo_receive(const v6t_teredo_cfg *cfg, const uint8_t *payload,
		       size_t len, const v6t_in4 *src, uint16_t sport,
		       v6t_teredo_peer *peers, size_t n_peers,
		       uint64_t now_ms, v6t_teredo_rx *rx)
{
	v6t_teredo_rx r;
	int rc;

	if (cfg == NULL || payload == NULL || src == NULL || rx == NULL ||
	    (peers == NULL && n_peers != 0) ||
	    (cfg->role != V6T_TEREDO_CLIENT && cfg->role != V6T_TEREDO_RELAY))
		return V6T_EINVAL;
	memset(&r, 0, sizeof(r));
	rc = v6t_teredo_parse(payload, len, &r.msg);
	if (rc != V6T_OK)
		return rc;
	if (cfg->role == V6T_TEREDO_CLIENT)
		rc = client_rx(cfg, payload + r.msg.ip6_off, &r.msg, src, sport,
			       peers, n_peers, now_ms, &r);
	else
		rc = relay_rx(cfg, payload + r.msg.ip6_off, &r.msg, src, sport,
			      peers, n_peers, now_ms, &r);
	if (rc == V6T_OK || rc == V6T_ETEREDO_BUBBLE)
		*rx = r;
	return rc;
}

/* The outer IPv4/UDP of a datagram whose walk is v: V6T_OK with the UDP
 * header's offset and length, V6T_TUN_NOT_MINE as a positive value, or a
 * reason. */
static int outer_udp(const uint8_t *pkt, size_t len, const v6t_teredo_cfg *cfg,
		     uint32_t *udp_off, uint32_t *ulen)
{
	v6t_pkt v;
	uint32_t l4, n;
	int rc;

	if (len == 0 || pkt[0] >> 4 != 4)
		return V6T_TUN_NOT_MINE;
	rc = v6t_pkt_parse(pkt, len, 0, &v);
	if (rc != V6T_OK)
		return rc;
	if (v.proto != IP_PROTO_UDP)
		return V6T_TUN_NOT_MINE;
	if (v.flags & V6T_PKT_FRAGMENT)
		return V6T_ETEREDO_FRAGMENT;
	/* a whole UDP datagram: the walk checked its 4 port bytes */
	if (cfg->port != 0 && v.dport != cfg->port)
		return V6T_TUN_NOT_MINE;
	l4 = v.l4_off;
	if (v.end - l4 < UDP_HDR)
		return V6T_ETEREDO_UDP_LENGTH;
	n = v6t_ld_be16(pkt + l4 + 4);
	/* RFC 768: Length counts the header; bytes past it are not UDP */
	if (n < UDP_HDR || n > v.end - l4)
		return V6T_ETEREDO_UDP_LENGTH;
	if (!(cfg->flags & V6T_TEREDO_NO_UDP_CHECKSUM) &&
	    v6t_ld_be16(pkt + l4 + 6) != 0 &&
	    v6t_teredo_udp_sum(pkt + 12, pkt + 16, pkt + l4, n) != 0)
		return V6T_ETEREDO_UDP_CHECKSUM;
	*udp_off = l4;
	*ulen = n;
	return V6T_OK;
}

/* see tunnel.h */
int v6t_teredo_decap(uint8_t *pkt, size_t len, const v6t_teredo_cfg *cfg,
		     v6t_teredo_peer *peers, size_t n_peers, uint64_t now_ms,
		     v6t_tun_result *res)
{
	uint32_t l4 = 0, ulen = 0;
	v6t_teredo_rx rx;
	v6t_in4 src;
	int rc;

	if (pkt == NULL || cfg == NULL || res == NULL ||
	    (peers == NULL && n_peers != 0) ||
	    (cfg->role != V6T_TEREDO_CLIENT && cfg->role != V6T_TEREDO_RELAY))
		return V6T_EINVAL;
	rc = outer_udp(pkt, len, cfg, &l4, &ulen);
	if (rc == V6T_TUN_NOT_MINE) {
		v6t_teredo_result(res, V6T_TUN_NOT_MINE, V6T_OK, NULL, 0);
		return V6T_OK;
	}
	if (rc == V6T_OK) {
		memcpy(src.b, pkt + 12, 4);
		rc = v6t_teredo_receive(cfg, pkt + l4 + UDP_HDR, ulen - UDP_HDR,
					&src, v6t_ld_be16(pkt + l4), peers,
					n_peers, now_ms, &rx);
	}
	if (rc != V6T_OK) {
		v6t_teredo_result(res, V6T_TUN_DROP, rc, NULL, 0);
		return V6T_OK;
	}
	v6t_teredo_result(res, V6T_TUN_FORWARD, V6T_OK,
		   pkt + l4 + UDP_HDR + rx.msg.ip6_off, rx.msg.ip6_len);
	return V6T_OK;
}

/* see tunnel.h */
int v6t_teredo_send_plan(const v6t_teredo_cfg *cfg, const v6t_in6 *dst,
			 const uint8_t nonce[8], v6t_teredo_peer *peers,
			 size_t n_peers, uint64_t now_ms, v6t_teredo_plan *plan)
{
	v6t_teredo_plan r;
	v6t_addr_teredo t;
	v6t_teredo_peer *p;
	int teredo, relay;

	if (cfg == NULL || dst == NULL || plan == NULL ||
	    (peers == NULL && n_peers != 0) ||
	    (cfg->role != V6T_TEREDO_CLIENT && cfg->role != V6T_TEREDO_RELAY))
		return V6T_EINVAL;
	relay = cfg->role == V6T_TEREDO_RELAY;
	teredo = v6t_addr_teredo_decode(&t, dst) == V6T_OK;
	/* §5.4.1: relays "only send over UDP IPv6 packets whose IPv6
	 * destination address is a valid Teredo IPv6 address", and "MUST
	 * check" the embedded IPv4 address first */
	if (relay && !teredo)
		return V6T_ETEREDO_NOT_TEREDO;
	if (relay && !v6t_teredo_ipv4_global(&t.client))
		return V6T_ETEREDO_NOT_GLOBAL;
	memset(&r, 0, sizeof(r));
	p = v6t_teredo_peer_find(peers, n_peers, dst);
	/* case 1: a valid trusted entry */
	if (v6t_teredo_peer_valid(p, now_ms)) {
		p->last_tx_ms = now_ms;
		p->flags |= V6T_TEREDO_PEER_TX;
		r.action = V6T_TEREDO_SEND;
		r.addr = p->mapped;
		r.port = p->mapped_port;
		r.peer = p;
		*plan = r;
		return V6T_OK;
	}
	/* §5.2.4 cases 4 and 5: "MUST check that the IPv4 destination
	 * address is in the format of a global unicast address" */
	if (teredo && !v6t_teredo_ipv4_global(&t.client))
		return V6T_ETEREDO_NOT_GLOBAL;
	if (!teredo && nonce == NULL &&
	    (p == NULL || !(p->flags & V6T_TEREDO_PEER_NONCE)) && n_peers != 0)
		return V6T_EINVAL;
	p = peer_get(peers, n_peers, dst);
	r.action = V6T_TEREDO_QUEUE;
	r.port = V6T_TEREDO_PORT;
	r.peer = p;
	if (teredo) {
		/* RFC 5991 §3.2: the cone bit ignored, always case 5 (client)
		 * or case 3 (relay): an indirect bubble through the peer's
		 * server; a client, which never learns it is behind a cone
		 * NAT (it skipped that phase), also sends a direct one */
		r.addr = t.server;
		r.todo = V6T_TEREDO_TODO_INDIRECT |
			 (relay ? 0u : V6T_TEREDO_TODO_DIRECT);
	} else {
		/* case 2: the direct IPv6 connectivity test (§5.2.9) */
		r.addr = cfg->server;
		r.todo = V6T_TEREDO_TODO_ECHO;
	}
	/* §5.2.6 pacing; the 2-second retry of §5.2.4 case 2 alike */
	if (p != NULL && v6t_teredo_peer_bubble(p, now_ms) != V6T_OK)
		r.todo = 0;
	/* a new nonce only with a test that goes: a reply to the one in
	 * flight stays good until then */
	if (r.todo == V6T_TEREDO_TODO_ECHO && p != NULL && nonce != NULL) {
		memcpy(p->nonce, nonce, NONCE_LEN);
		p->flags |= V6T_TEREDO_PEER_NONCE;
	}
	*plan = r;
	return V6T_OK;
}
