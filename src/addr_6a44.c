/*
 * libv6transit - 6a44 client addresses (RFC 6751 §5).
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * RFC 6751 §5, Figure 3:
 *
 *   |0          47|48        79|80   95|96         127|
 *   | 6a44-network| customer-  | tunnel| 6a44-client  |
 *   | prefix (C)  | site IPv4 N| port Z| local IPv4 A |
 */
#include <string.h>

#include <v6transit/addr.h>

#include "bytes.h"

/* RFC 6751 §5: "a /48 the ISP has assigned to its 6a44 relays". */
#define NETWORK_PREFIX_LEN 48
/* byte offsets of N, Z and A in Figure 3 */
#define OFF_SITE 6
#define OFF_PORT 10
#define OFF_CLIENT 12

/* see addr.h */
int v6t_addr_6a44_encode(v6t_in6 *out, const v6t_prefix6 *p,
			 const v6t_addr_6a44 *f)
{
	uint8_t *o = out->b;

	if (p->len != NETWORK_PREFIX_LEN)
		return V6T_EADDR_PREFIX_LEN;
	/*
	 * Nothing can fail now: write straight into *out (it may not overlap
	 * the inputs). A local copied out whole would be read back with one
	 * 16-byte load from its small stores, a store-forwarding stall.
	 */
	memcpy(o, p->addr.b, NETWORK_PREFIX_LEN / 8);
	memcpy(o + OFF_SITE, f->site.b, 4);
	v6t_st_be16(o + OFF_PORT, f->port);
	memcpy(o + OFF_CLIENT, f->client.b, 4);
	return V6T_OK;
}

/* see addr.h */
int v6t_addr_6a44_decode(v6t_addr_6a44 *out, const v6t_in6 *a,
			 const v6t_prefix6 *p)
{
	v6t_addr_6a44 r;

	if (p->len != NETWORK_PREFIX_LEN)
		return V6T_EADDR_PREFIX_LEN;
	/* whole bytes: a constant-size memcmp() is one or two loads with gcc
	 * and clang (clang loads a masked v6t_ld_be64() byte by byte) */
	if (memcmp(a->b, p->addr.b, NETWORK_PREFIX_LEN / 8) != 0)
		return V6T_EADDR_NOT_IN_PREFIX;
	memcpy(r.site.b, a->b + OFF_SITE, 4);
	r.port = v6t_ld_be16(a->b + OFF_PORT);
	memcpy(r.client.b, a->b + OFF_CLIENT, 4);
	*out = r;
	return V6T_OK;
}
