/*
 * Fuzz target: protocol-41 tunnels (v6t_tun_p41_decap, _encap,
 * _icmp_relay; tunnel.h).
 *
 * Input layout: byte 0 selects the tunnel (low 3 bits: configured, 6to4,
 * 6rd CE, 6rd BR, ISATAP; bit 3: dynamic MTU), the rest is the packet,
 * given to the decapsulator, the ICMPv4 relay and the encapsulator.
 *
 * Properties (abort() on a violation):
 * - every call returns V6T_OK (or, for encap, a parse error / V6T_ENOSPC);
 * - decap: unless it forwards, the packet is unchanged; a forwarded inner
 *   packet lies in the buffer and re-parses with v6t_pkt_parse() as IPv6
 *   of exactly the length reported;
 * - relay and encap: any packet or error they produce re-parses (IPv6 for
 *   an error, IPv4 protocol 41 holding the original for encap);
 * - encap in place (the packet behind 20 bytes of headroom) gives the
 *   same status, outcome and bytes as encap by copy.
 * The packet sits in a block of exactly its size, so that any read past it
 * trips ASan.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <v6transit/packet.h>
#include <v6transit/tunnel.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

static const v6t_in4 PRL[2] = { { { 9, 0, 0, 1 } }, { { 9, 0, 0, 2 } } };

static void setup(v6t_tun_p41 *t, unsigned sel)
{
	v6t_tun_p41_config c;
	v6t_prefix6 p6;
	static const v6t_in4 br = { { 9, 0, 0, 1 } };

	memset(&c, 0, sizeof(c));
	c.mech = (int)(sel % 5u) + 1;
	c.local.b[0] = 9; c.local.b[3] = 9;
	c.remote = PRL[0];
	c.local6.b[0] = 0x20; c.local6.b[1] = 0x01; c.local6.b[15] = 1;
	c.mtu4 = (sel & 8u) ? 1300 : 1500;
	c.mtu6 = 1280;
	c.df_mode = (sel & 8u) ? V6T_P41_DF_DYNAMIC : V6T_P41_DF_STATIC;
	memset(&p6, 0, sizeof(p6));
	p6.addr.b[0] = 0x20; p6.addr.b[1] = 0x01; p6.addr.b[2] = 0x0d;
	p6.addr.b[3] = 0xb8;
	p6.len = 32;
	check(v6t_addr_6rd_init(&c.domain, &p6, 8, &br) == V6T_OK);
	c.isatap_prefix = p6;
	c.isatap_prefix.len = 64;
	c.prl = PRL;
	c.prl_len = 2;
	c.flags = V6T_P41_CHK_ALL;
	check(v6t_tun_p41_init(t, &c) == V6T_OK);
}

static void reparse6(const uint8_t *p, size_t n)
{
	v6t_pkt v;

	check(v6t_pkt_parse(p, n, 0, &v) == V6T_OK && v.version == 6 &&
	      v.end == n);
}

/* Encap by copy and in place must agree (status, outcome, bytes). */
static void check_inplace(const v6t_tun_p41 *t, const uint8_t *pkt, size_t n)
{
	static uint8_t out[70000];
	v6t_tun_result r, ri;
	uint8_t *buf;
	int rc, rci;

	buf = malloc(n + 20);
	check(buf != NULL);
	memcpy(buf + 20, pkt, n);
	rc = v6t_tun_p41_encap(t, pkt, n, 7, out, sizeof(out), &r);
	rci = v6t_tun_p41_encap_inplace(t, buf, n + 20, n, 7, &ri);
	check(rc == rci);
	if (rc == V6T_OK) {
		check(ri.verdict == r.verdict && ri.reason == r.reason &&
		      ri.len == r.len && ri.count == r.count);
		check(r.verdict == V6T_TUN_DROP || (ri.data == buf &&
		      memcmp(buf, out, r.len) == 0));
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[70000], frag[2048];
	v6t_tun_p41 t;
	v6t_tun_result r;
	v6t_pkt v;
	uint8_t *pkt;
	size_t n, fl;
	int rc;

	if (size < 1)
		return 0;
	setup(&t, data[0]);
	n = size - 1;
	pkt = malloc(n ? n : 1);
	check(pkt != NULL);
	memcpy(pkt, data + 1, n);

	check(v6t_tun_p41_decap(&t, pkt, n, &r) == V6T_OK);
	if (r.verdict == V6T_TUN_FORWARD) {
		check(r.data >= pkt && r.data + r.len <= pkt + n);
		reparse6(r.data, r.len);
		memcpy(pkt, data + 1, n); /* undo the ECN change */
	} else {
		check(r.verdict == V6T_TUN_DROP || r.verdict == V6T_TUN_NOT_MINE);
		check(n == 0 || memcmp(pkt, data + 1, n) == 0);
	}

	check(v6t_tun_p41_icmp_relay(&t, pkt, n, out, 1280, &r) == V6T_OK);
	if (r.verdict == V6T_TUN_ICMP_ERROR)
		reparse6(r.data, r.len);
	else
		check(r.verdict == V6T_TUN_DROP || r.verdict == V6T_TUN_NOT_MINE);

	rc = v6t_tun_p41_encap(&t, pkt, n, 7, out, sizeof(out), &r);
	if (rc == V6T_OK && (r.verdict == V6T_TUN_FORWARD ||
			     r.verdict == V6T_TUN_FRAGMENTS)) {
		check(v6t_pkt_parse(out, r.len, 0, &v) == V6T_OK &&
		      v.version == 4 && v.proto == 41 && v.end == r.len);
		reparse6(out + 20, r.len - 20);
		check(memcmp(out + 20, pkt, r.len - 20) == 0);
		if (r.verdict == V6T_TUN_FRAGMENTS) {
			while ((rc = v6t_tun_p41_fragment(&r, frag,
					sizeof(frag), &fl)) == V6T_OK)
				check(fl <= 1500 && v6t_pkt_parse(frag, fl,
						0, &v) == V6T_OK);
			check(rc == 1);
		}
	} else if (rc == V6T_OK && r.verdict == V6T_TUN_ICMP_ERROR) {
		reparse6(r.data, r.len);
	} else if (rc == V6T_OK) {
		check(r.verdict == V6T_TUN_DROP);
	} else {
		check(rc < 0 && rc != V6T_EINVAL);
	}
	check_inplace(&t, pkt, n);
	free(pkt);
	return 0;
}
