/*
 * Fuzz target: TCP MSS clamping (v6t_tun_mss_clamp, tunnel.h).
 *
 * Input layout: bytes 0..1 are the clamp (big-endian), the rest the packet.
 *
 * Properties (abort() on a violation):
 * - the result is 1, 0, V6T_EINVAL (clamp 0), a v6t_pkt_parse() error or
 *   a V6T_EMSS_* code;
 * - unless it is 1 the packet is unchanged;
 * - when it is 1: only bytes of the TCP header changed, the old MSS it
 *   reports is above the clamp, a whole segment whose checksum verified
 *   still verifies (RFC 1624), and a second call returns 0 and changes
 *   nothing.
 * The packet sits in a block of exactly its size, so that any read past it
 * trips ASan.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <v6transit/packet.h>
#include <v6transit/tunnel.h>

#include "fuzz_sum.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

static int is_pkt_error(int rc)
{
	return rc == V6T_EPKT_VERSION || rc == V6T_EPKT_SHORT ||
	       rc == V6T_EPKT_IPV4_HEADER || rc == V6T_EPKT_CHAIN ||
	       rc == V6T_EPKT_TOO_MANY_EXT || rc == V6T_EPKT_HOP_BY_HOP ||
	       rc == V6T_EPKT_FRAG_TWICE;
}

/* Whether the TCP checksum of the whole segment of v verifies. */
static int tcp_sum_ok(const uint8_t *p, const v6t_pkt *v)
{
	uint32_t n = v->end - v->l4_off;
	unsigned long s;

	if (v->version == 4)
		s = sum16(0, p + 12, 8);
	else
		s = sum16(0, p + 8, 32);
	s += 6 + (n & 0xffff) + (n >> 16);
	return sum16(s, p + v->l4_off, n) == 0xffff;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint16_t mss, old = 0;
	uint8_t *pkt;
	v6t_pkt v;
	size_t len, i;
	int rc, prc, whole_ok = 0;

	if (size < 2)
		return 0;
	mss = (uint16_t)(data[0] << 8 | data[1]);
	len = size - 2;
	pkt = malloc(len ? len : 1);
	if (pkt == NULL)
		return 0;
	memcpy(pkt, data + 2, len);
	prc = v6t_pkt_parse(data + 2, len, 0, &v);
	if (prc == V6T_OK && (v.flags & V6T_PKT_L4) && v.proto == 6 &&
	    !(v.flags & V6T_PKT_FRAGMENT))
		whole_ok = tcp_sum_ok(data + 2, &v);
	rc = v6t_tun_mss_clamp(pkt, len, mss, &old);
	check(rc == 0 || rc == 1 || rc == V6T_EINVAL || is_pkt_error(rc) ||
	      rc == V6T_EMSS_TCP_HEADER || rc == V6T_EMSS_OPTIONS);
	if (rc != 1) {
		check(memcmp(pkt, data + 2, len) == 0);
		check(mss != 0 || rc == V6T_EINVAL);
	} else {
		check(prc == V6T_OK && v.proto == 6 && (v.flags & V6T_PKT_L4));
		check(old > mss);
		for (i = 0; i < len; i++)
			check(pkt[i] == data[2 + i] ||
			      (i >= v.l4_off && i < v.l4_off + 60u));
		if (whole_ok)
			check(tcp_sum_ok(pkt, &v));
		check(v6t_tun_mss_clamp(pkt, len, mss, NULL) == 0);
	}
	free(pkt);
	return 0;
}
