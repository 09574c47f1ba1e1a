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

#include "addr_internal.h"
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
	v6t_in6 t;

	if (p->len != NETWORK_PREFIX_LEN)
		return V6T_EADDR_PREFIX_LEN;
	memcpy(t.b, p->addr.b, NETWORK_PREFIX_LEN / 8);
	memcpy(t.b + OFF_SITE, f->site.b, 4);
	v6t_st_be16(t.b + OFF_PORT, f->port);
	memcpy(t.b + OFF_CLIENT, f->client.b, 4);
	*out = t;
	return V6T_OK;
}

/* see addr.h */
int v6t_addr_6a44_decode(v6t_addr_6a44 *out, const v6t_in6 *a,
			 const v6t_prefix6 *p)
{
	v6t_addr_6a44 r;

	if (p->len != NETWORK_PREFIX_LEN)
		return V6T_EADDR_PREFIX_LEN;
	if (!v6t_hi64_equal(a->b, p->addr.b, NETWORK_PREFIX_LEN))
		return V6T_EADDR_NOT_IN_PREFIX;
	memcpy(r.site.b, a->b + OFF_SITE, 4);
	r.port = v6t_ld_be16(a->b + OFF_PORT);
	memcpy(r.client.b, a->b + OFF_CLIENT, 4);
	*out = r;
	return V6T_OK;
}
