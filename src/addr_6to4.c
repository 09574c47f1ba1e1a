/*
 * libv6transit - 6to4 addresses (RFC 3056) and relay anycast (RFC 3068).
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * RFC 3056 §2:  | 2002 (16) | V4ADDR (32) | SLA ID (16) | Interface ID (64) |
 */
#include <string.h>

#include <v6transit/addr.h>

#include "bytes.h"

/* RFC 3056 §2: TLA 0x0002 under format prefix 001, i.e. 2002::/16. */
#define SIXTOFOUR_HI 0x20u
#define SIXTOFOUR_LO 0x02u

/* see addr.h */
const v6t_prefix6 v6t_addr_6to4_prefix16 = {
	{ { SIXTOFOUR_HI, SIXTOFOUR_LO } }, 16
};

/* see addr.h */
const v6t_in4 v6t_addr_6to4_relay4 = { { 192, 88, 99, 1 } };

/* see addr.h */
const v6t_in6 v6t_addr_6to4_relay6 = {
	/* RFC 3068 §2.5: "2002:c058:6301::", i.e. 192.88.99.1 as V4ADDR */
	{ SIXTOFOUR_HI, SIXTOFOUR_LO, 0xc0, 0x58, 0x63, 0x01 }
};

/* see addr.h */
int v6t_addr_6to4_prefix(v6t_prefix6 *out, const v6t_in4 *a)
{
	uint8_t *o = out->addr.b;

	/*
	 * Straight into *out (it may not overlap a): a local copied out whole
	 * would be read back with one 16-byte load from its small stores, a
	 * store-forwarding stall on every call.
	 */
	o[0] = SIXTOFOUR_HI;
	o[1] = SIXTOFOUR_LO;
	memcpy(o + 2, a->b, 4);
	memset(o + 6, 0, sizeof out->addr.b - 6);
	out->len = 48;
	return V6T_OK;
}

/* see addr.h */
int v6t_addr_6to4_encode(v6t_in6 *out, const v6t_in4 *a, uint16_t subnet,
			 const uint8_t iid[8])
{
	v6t_in6 t;

	t.b[0] = SIXTOFOUR_HI;
	t.b[1] = SIXTOFOUR_LO;
	memcpy(t.b + 2, a->b, 4);
	v6t_st_be16(t.b + 6, subnet);
	memcpy(t.b + 8, iid, 8);
	*out = t;
	return V6T_OK;
}

/* see addr.h */
int v6t_addr_6to4_decode(v6t_in4 *out, uint16_t *subnet, const v6t_in6 *a)
{
	if (a->b[0] != SIXTOFOUR_HI || a->b[1] != SIXTOFOUR_LO)
		return V6T_EADDR_WRONG_KIND;
	memcpy(out->b, a->b + 2, 4);
	if (subnet != NULL)
		*subnet = v6t_ld_be16(a->b + 6);
	return V6T_OK;
}
