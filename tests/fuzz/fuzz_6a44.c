/*
 * Fuzz target: 6a44 (RFC 6751, tunnel.h), the client's and the relay's
 * encapsulation and decapsulation.
 *
 * Input layout: byte 0 picks the call (low 3 bits: 0 client decap, 1 relay
 * decap, 2 client encap then relay decap, 3 relay encap then client decap,
 * 4 error bubble, 5 v6t_6a44_decap(), 6 v6t_6a44_encap(), 7 the ICMPv4
 * error translation, v6t_6a44_client_icmp() or with bit 4
 * v6t_6a44_relay_icmp()) and, with bit 3, turns every check off; the rest
 * is the packet (IPv4 for 0, 1, 4 and 7, IPv6 for 2 and 3).
 *
 * The network: C = 2001:db8:1::/48, B = 192.88.99.2, W = 1027; the client
 * at A = 192.168.1.10 behind a NAT44 mapping A:W to N:Z = 203.0.113.5:40000,
 * with its prefix C.N.Z learnt.
 *
 * Properties (abort() on a violation):
 * - every call returns V6T_OK (or 1 for a bubble the client took), with a
 *   known verdict and, for DROP, a negative reason;
 * - a decapsulation that does not forward leaves the packet unchanged; the
 *   client's never changes it; what is forwarded lies inside the buffer and
 *   is either an IPv6 packet whose Payload Length accounts for it or an
 *   IPv4 packet with a right header checksum, DF set, UDP checksum 0 and a
 *   UDP length that matches;
 * - round trips: what the client encapsulates in UDP, once through the
 *   NAT44, the relay forwards unchanged (or drops for a rule about the
 *   destination: RR4-2 / RR4-3 (4)); what the relay encapsulates, once
 *   through the NAT44, the client forwards unchanged exactly when it is
 *   for the client's address;
 * - the one-call forms give what the function they pick gives;
 * - an accepted bubble gives the client a prefix, its address then ends in
 *   A;
 * - CR-4, RR4-4: the input is not changed; a drop is for a short quote,
 *   an untranslated type or RFC 4443 §2.4 (e); an ICMPv6 error is an IPv6
 *   packet of at most 1280 bytes whose Payload Length accounts for it,
 *   Next Header 58, a right ICMPv6 checksum (RFC 4443 §2.3), to the quoted
 *   inner source (the client's own address for CR-4), from the quoted
 *   inner destination (CR-4) or relay6 (RR4-4), quoting the start of the
 *   inner packet exactly as the ICMPv4 error quoted it; Time Exceeded
 *   stays Time Exceeded with its code, Fragmentation Needed becomes a
 *   Packet Too Big of at least 1280, any other a Destination Unreachable.
 * The packet sits in a block of exactly its size, so that any read past it
 * trips ASan.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <v6transit/tunnel.h>

#include "fuzz_sum.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define OUT_CAP 70000

static uint8_t out_buf[OUT_CAP];

static const uint8_t C48[6] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01 };
static const uint8_t A4[4] = { 192, 168, 1, 10 };
static const uint8_t N4[4] = { 203, 0, 113, 5 };

static void check(int cond)
{
	if (!cond)
		abort();
}

static void setup(v6t_6a44_cfg *cfg, v6t_6a44_client *c, unsigned checks)
{
	v6t_prefix6 p;
	uint8_t cnz[12] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 203, 0, 113, 5,
			    0x9c, 0x40 };
	v6t_in4 a;
	size_t n;

	memset(&p, 0, sizeof(p));
	memcpy(p.addr.b, C48, 6);
	p.len = 48;
	check(v6t_6a44_cfg_init(cfg, &p) == V6T_OK);
	cfg->checks = checks;
	cfg->relay6.b[0] = 0x20;
	cfg->relay6.b[15] = 1;
	memcpy(a.b, A4, 4);
	check(v6t_6a44_client_init(c, cfg, &a) == V6T_OK);
	check(v6t_6a44_client_set_prefix(c, cnz) == V6T_OK);
	/* the Bubble ID the seeds' bubbles carry */
	check(v6t_6a44_client_bubble(c, 0x0102030405060708u, out_buf, OUT_CAP,
				     &n) == V6T_OK);
}

static void check_result(const v6t_tun_result *r)
{
	check(r->verdict == V6T_TUN_FORWARD || r->verdict == V6T_TUN_DROP ||
	      r->verdict == V6T_TUN_NOT_MINE ||
	      r->verdict == V6T_TUN_ICMP_ERROR);
	if (r->verdict == V6T_TUN_DROP || r->verdict == V6T_TUN_ICMP_ERROR)
		check(r->reason < 0);
	else
		check(r->reason == V6T_OK);
}

/* A forwarded packet of the IPv4 side: a header we wrote. */
static void check_ip4_out(const uint8_t *p, size_t n)
{
	check(n >= 20 && p[0] == 0x45);
	check(sum16(0, p, 20) == 0xffff);
	check((size_t)(p[2] << 8 | p[3]) == n);
	check((p[6] & 0x40) && !(p[6] & 0x20) && (p[6] & 0x1f) == 0 && p[7] == 0);
	if (p[9] == 17) {
		check(n >= 28);
		check((size_t)(p[24] << 8 | p[25]) == n - 20);
		check(p[26] == 0 && p[27] == 0);
	} else {
		check(p[9] == 41);
	}
}

static void check_forward(const uint8_t *buf, size_t len,
			  const v6t_tun_result *r)
{
	if (r->verdict != V6T_TUN_FORWARD)
		return;
	check(r->data >= buf && r->len <= len &&
	      (size_t)(r->data - buf) <= len - r->len);
	if (r->data[0] >> 4 == 6)
		check(r->len >= 40 &&
		      40u + (size_t)(r->data[4] << 8 | r->data[5]) == r->len);
	else
		check_ip4_out(r->data, r->len);
}

static void decap_client(v6t_6a44_client *c, const uint8_t *d, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);
	v6t_tun_result r;
	v6t_in6 a;
	int rc;

	if (p == NULL)
		return;
	memcpy(p, d, n);
	rc = v6t_6a44_client_decap(c, p, n, &r);
	check(rc == V6T_OK || rc == 1);
	if (rc == V6T_OK)
		check_result(&r);
	check(memcmp(p, d, n) == 0);
	if (rc == 1) {
		check(r.verdict == V6T_TUN_DROP && r.reason == V6T_OK);
		check(v6t_6a44_client_address(c, &a) == V6T_OK);
		check(memcmp(a.b + 12, A4, 4) == 0);
	} else {
		check_forward(p, n, &r);
	}
	free(p);
}

static void decap_relay(const v6t_6a44_cfg *cfg, const uint8_t *d, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);
	v6t_tun_result r;

	if (p == NULL)
		return;
	memcpy(p, d, n);
	check(v6t_6a44_relay_decap(cfg, p, n, &r) == V6T_OK);
	check_result(&r);
	if (r.verdict != V6T_TUN_FORWARD)
		check(memcmp(p, d, n) == 0);
	check_forward(p, n, &r);
	free(p);
}

/* The NAT44 of the fuzzed network, on a packet we built (IPv4 header of
 * 20 bytes, UDP): up rewrites A:W to N:Z, down N:Z to A:W. */
static void nat(uint8_t *p, int up)
{
	unsigned long s;

	memcpy(p + (up ? 12 : 16), up ? N4 : A4, 4);
	p[up ? 20 : 22] = up ? 0x9c : 0x04;
	p[up ? 21 : 23] = up ? 0x40 : 0x03;
	p[10] = p[11] = 0;
	s = sum16(0, p, 20);
	p[10] = (uint8_t)(~s >> 8);
	p[11] = (uint8_t)~s;
}

static void client_to_relay(const v6t_6a44_cfg *cfg, v6t_6a44_client *c,
			    const uint8_t *d, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);
	v6t_tun_result r, r2;
	size_t m;

	if (p == NULL)
		return;
	memcpy(p, d, n);
	check(v6t_6a44_client_encap(c, p, n, out_buf, OUT_CAP, &r) == V6T_OK);
	check_result(&r);
	check(memcmp(p, d, n) == 0);
	free(p);
	if (r.verdict == V6T_TUN_ICMP_ERROR) {
		check(r.data == out_buf && r.len <= 1280 && out_buf[40] == 2);
		return;
	}
	if (r.verdict != V6T_TUN_FORWARD)
		return;
	check_ip4_out(out_buf, r.len);
	check(memcmp(out_buf + 12, A4, 4) == 0);
	if (out_buf[9] != 17)
		return; /* CT-2, to a host of the same site */
	m = r.len;
	nat(out_buf, 1);
	check(v6t_6a44_relay_decap(cfg, out_buf, m, &r2) == V6T_OK);
	check_result(&r2);
	if (r2.verdict == V6T_TUN_DROP) {
		check(r2.reason == V6T_E6A44_TEREDO ||
		      r2.reason == V6T_E6A44_RELAY_DST);
		return;
	}
	check(r2.verdict == V6T_TUN_FORWARD);
	if (r2.data[0] >> 4 == 6) { /* RR4-3 */
		check(r2.len == m - 28 && memcmp(r2.data, d, r2.len) == 0);
	} else { /* RR4-2, hairpinned */
		check(r2.len == m && memcmp(r2.data + 28, d, m - 28) == 0);
	}
}

static void relay_to_client(const v6t_6a44_cfg *cfg, v6t_6a44_client *c,
			    const uint8_t *d, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);
	v6t_tun_result r, r2;
	v6t_in6 me;
	size_t m;
	int rc;

	if (p == NULL)
		return;
	memcpy(p, d, n);
	check(v6t_6a44_relay_encap(cfg, p, n, out_buf, OUT_CAP, &r) == V6T_OK);
	check_result(&r);
	check(memcmp(p, d, n) == 0);
	free(p);
	if (r.verdict != V6T_TUN_FORWARD)
		return;
	check_ip4_out(out_buf, r.len);
	check(out_buf[9] == 17);
	/* only what the NAT44 maps reaches the client */
	if (memcmp(out_buf + 16, N4, 4) != 0 || out_buf[22] != 0x9c ||
	    out_buf[23] != 0x40)
		return;
	m = r.len;
	nat(out_buf, 0);
	rc = v6t_6a44_client_decap(c, out_buf, m, &r2);
	check(rc == V6T_OK);
	check(v6t_6a44_client_address(c, &me) == V6T_OK);
	if (memcmp(out_buf + 28 + 24, me.b, 16) == 0 ||
	    !(c->cfg.checks & V6T_6A44_CHECK_DST)) {
		check(r2.verdict == V6T_TUN_FORWARD);
		check(r2.len == m - 28 && memcmp(r2.data, d, r2.len) == 0);
	} else {
		check(r2.verdict == V6T_TUN_DROP && r2.reason == V6T_E6A44_DST);
	}
}

static void error_bubble(const v6t_6a44_cfg *cfg, const uint8_t *d, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);
	uint8_t eb[48];
	size_t m = 0;
	int rc;

	if (p == NULL)
		return;
	memcpy(p, d, n);
	rc = v6t_6a44_relay_error_bubble(cfg, p, n, eb, sizeof(eb), &m);
	check(rc == V6T_OK || rc == V6T_EINVAL);
	if (rc == V6T_OK) {
		check(m == 48);
		check_ip4_out(eb, 48);
		check(memcmp(eb + 16, p + 12, 4) == 0);
		check(memcmp(eb + 28, C48, 6) == 0);
	}
	check(memcmp(p, d, n) == 0);
	free(p);
}

/* v6t_6a44_decap() and v6t_6a44_encap(): the same answers as the
 * functions they dispatch to, on copies. */
static void both_ends(v6t_6a44_client *c, const uint8_t *d, size_t n, int enc)
{
	static uint8_t out2[OUT_CAP];
	uint8_t *p = malloc(n ? n : 1), *q = malloc(n ? n : 1);
	v6t_6a44_client c2 = *c;
	v6t_tun_result r, r2;
	int rc, rc2;

	if (p == NULL || q == NULL) {
		free(p);
		free(q);
		return;
	}
	memcpy(p, d, n);
	memcpy(q, d, n);
	if (enc) {
		rc = v6t_6a44_encap(c, p, n, out_buf, OUT_CAP, &r);
		rc2 = v6t_6a44_client_encap(&c2, q, n, out2, OUT_CAP, &r2);
		if (rc2 == V6T_OK && r2.verdict == V6T_TUN_NOT_MINE)
			rc2 = v6t_6a44_relay_encap(&c2.cfg, q, n, out2, OUT_CAP, &r2);
		check(rc == rc2 && r.verdict == r2.verdict && r.reason == r2.reason);
		if (r.verdict == V6T_TUN_FORWARD || r.verdict == V6T_TUN_ICMP_ERROR)
			check(r.len == r2.len && memcmp(r.data, r2.data, r.len) == 0);
	} else {
		rc = v6t_6a44_decap(c, p, n, &r);
		check(rc == V6T_OK || rc == 1);
		if (rc == V6T_OK) {
			check_result(&r);
			check_forward(p, n, &r);
		}
		if (r.verdict != V6T_TUN_FORWARD)
			check(memcmp(p, d, n) == 0);
	}
	free(p);
	free(q);
}

/* The ICMPv6 error r holds, from the ICMPv4 error d (n bytes, which
 * parsed as one: the library said so), checked against d's own bytes. */
static void check_icmp6(const v6t_6a44_cfg *cfg, const v6t_6a44_client *c,
			int relay, const uint8_t *d, size_t n,
			const v6t_tun_result *r)
{
	const uint8_t *e = r->data, *ic, *q, *in;
	size_t ihl, qhl, off, m;
	v6t_in6 me;
	unsigned long s;

	check(e == out_buf && r->len >= 48 && r->len <= 1280);
	check(e[0] >> 4 == 6 && e[6] == 58 &&
	      40u + (size_t)(e[4] << 8 | e[5]) == r->len);
	/* pseudo-header (RFC 8200 §8.1), then the message */
	s = sum16(0, e + 8, 32);
	s = sum16(s, (const uint8_t[]){ 0, 0, (uint8_t)((r->len - 40) >> 8),
					(uint8_t)(r->len - 40), 0, 0, 0, 58 }, 8);
	check(sum16(s, e + 40, r->len - 40) == 0xffff);
	ihl = (size_t)(d[0] & 15) * 4;
	ic = d + ihl;
	q = ic + 8;
	qhl = (size_t)(q[0] & 15) * 4;
	off = qhl + (q[9] == 17 ? 8 : 0);
	in = q + off;
	m = r->len - 48;
	check(ihl + 8 + off + m <= n && memcmp(e + 48, in, m) == 0);
	check(memcmp(e + 24, in + 8, 16) == 0);
	if (relay)
		check(memcmp(e + 8, cfg->relay6.b, 16) == 0);
	else
		check(memcmp(e + 8, in + 24, 16) == 0 &&
		      v6t_6a44_client_address(c, &me) == V6T_OK &&
		      memcmp(e + 24, me.b, 16) == 0);
	if (ic[0] == 11)
		check(e[40] == 3 && e[41] == ic[1]);
	else if (ic[0] == 3 && ic[1] == 4)
		check(e[40] == 2 && e[44] == 0 && e[45] == 0 &&
		      (e[46] << 8 | e[47]) >= 1280);
	else
		check(ic[0] == 3 && e[40] == 1 && e[41] <= 4);
}

static void icmp_error(const v6t_6a44_cfg *cfg, v6t_6a44_client *c, int relay,
		       const uint8_t *d, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);
	v6t_tun_result r;
	int rc;

	if (p == NULL)
		return;
	memcpy(p, d, n);
	if (relay)
		rc = v6t_6a44_relay_icmp(cfg, p, n, out_buf, OUT_CAP, &r);
	else
		rc = v6t_6a44_client_icmp(c, p, n, out_buf, OUT_CAP, &r);
	check(rc == V6T_OK);
	check(memcmp(p, d, n) == 0);
	if (r.verdict == V6T_TUN_ICMP_ERROR) {
		check(r.reason == V6T_OK);
		check_icmp6(cfg, c, relay, p, n, &r);
	} else if (r.verdict == V6T_TUN_DROP) {
		check(r.reason == V6T_E6A44_QUOTE ||
		      r.reason == V6T_E6A44_ICMP_TYPE ||
		      r.reason == V6T_E6A44_NO_ERROR);
		check(r.data == NULL);
	} else {
		check(r.verdict == V6T_TUN_NOT_MINE && r.reason == V6T_OK);
	}
	free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	v6t_6a44_client c;
	v6t_6a44_cfg cfg;
	const uint8_t *d = data + 1;
	size_t n = size - 1;

	if (size < 1)
		return 0;
	setup(&cfg, &c, (data[0] & 8) ? 0 : V6T_6A44_CHECK_ALL);
	switch (data[0] & 7) {
	case 0:
		decap_client(&c, d, n);
		break;
	case 1:
		decap_relay(&cfg, d, n);
		break;
	case 2:
		client_to_relay(&cfg, &c, d, n);
		break;
	case 3:
		relay_to_client(&cfg, &c, d, n);
		break;
	case 5:
		both_ends(&c, d, n, 0);
		break;
	case 6:
		both_ends(&c, d, n, 1);
		break;
	case 7:
		icmp_error(&cfg, &c, (data[0] & 0x10) != 0, d, n);
		break;
	default:
		error_bubble(&cfg, d, n);
		break;
	}
	return 0;
}
