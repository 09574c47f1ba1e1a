/*
 * libv6transit - prefix membership.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <v6transit/addr.h>

#include "addr_internal.h"

/* see addr.h */
int v6t_addr_in6_in_prefix(const v6t_in6 *a, const v6t_prefix6 *p)
{
	if (p->len > 128)
		return 0;
	return v6t_in6_under(a->b, p->addr.b, p->len);
}

/* see addr.h */
int v6t_addr_in4_in_prefix(const v6t_in4 *a, const v6t_prefix4 *p)
{
	if (p->len > 32)
		return 0;
	return v6t_in4_under(a->b, p->addr.b, p->len);
}
