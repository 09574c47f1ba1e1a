/*
 * libv6transit - the translator's configuration and its address mapping
 * (RFC 7915 §6: RFC 7757 first, then RFC 6052).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <string.h>

#include <v6transit/addr.h>
#include <v6transit/xlat.h>

#include "xlat_internal.h"

#define XLAT_FLAGS                                                        \
	(V6T_XLAT_TC_ZERO | V6T_XLAT_TOS_SET | V6T_XLAT_UDP0_COMPUTE |    \
	 V6T_XLAT_HAIRPIN | V6T_XLAT_FLOWLABEL | V6T_XLAT_NO_ICMP_ERRORS | \
	 V6T_XLAT_RFC6791_V4 | V6T_XLAT_RFC6791_V6)

#define MTU4_MIN 68u      /* RFC 791 §3.2 */
#define MTU_DEFAULT 1500u /* Ethernet, RFC 894 */
#define MTU_MAX 65535u

/* Whether a prefix has no bits set past its length. */
static int host_bits_zero(const uint8_t *b, unsigned bytes, unsigned len)
{
	unsigned i;

	for (i = 0; i < bytes; i++) {
		unsigned keep = len >= 8 * (i + 1) ? 8 : len > 8 * i ? len - 8 * i : 0;

		if (b[i] & (uint8_t)(0xffu >> keep))
			return 0;
	}
	return 1;
}

static int pools_ok(const v6t_xlat_config *c)
{
	if ((c->flags & V6T_XLAT_RFC6791_V4) &&
	    (c->rfc6791_v4.len > 32 ||
	     !host_bits_zero(c->rfc6791_v4.addr.b, 4, c->rfc6791_v4.len)))
		return 0;
	if ((c->flags & V6T_XLAT_RFC6791_V6) &&
	    (c->rfc6791_v6.len > 128 ||
	     !host_bits_zero(c->rfc6791_v6.addr.b, 16, c->rfc6791_v6.len)))
		return 0;
	return 1;
}

/* see xlat.h */
int v6t_xlat_init(v6t_xlat *x, const v6t_xlat_config *cfg)
{
	v6t_xlat_config c;
	int rc;

	if (x == NULL || cfg == NULL || (cfg->flags & ~XLAT_FLAGS))
		return V6T_EINVAL;
	c = *cfg;
	if (c.lowest_ipv6_mtu == 0)
		c.lowest_ipv6_mtu = V6T_XLAT_IPV6_MIN_MTU;
	if (c.mtu4 == 0)
		c.mtu4 = MTU_DEFAULT;
	if (c.mtu6 == 0)
		c.mtu6 = MTU_DEFAULT;
	if (c.lowest_ipv6_mtu < V6T_XLAT_IPV6_MIN_MTU || c.lowest_ipv6_mtu > MTU_MAX ||
	    c.mtu4 < MTU4_MIN || c.mtu4 > MTU_MAX ||
	    c.mtu6 < V6T_XLAT_IPV6_MIN_MTU || c.mtu6 > MTU_MAX || !pools_ok(&c))
		return V6T_EINVAL;
	if (c.pool6.len == 0 && c.eamt == NULL)
		return V6T_EXLAT_NO_MAPPING;
	if (c.pool6.len != 0 && (rc = v6t_addr_6052_prefix_check(&c.pool6)) != V6T_OK)
		return rc;
	x->c_ = c;
	return V6T_OK;
}

/* see xlat.h */
int v6t_xlat_addr_4to6(const v6t_xlat *x, const v6t_in4 *a, v6t_in6 *out)
{
	const v6t_xlat_config *c;

	if (x == NULL || a == NULL || out == NULL)
		return V6T_EINVAL;
	c = &x->c_;
	if (c->eamt != NULL && v6t_xlat_eamt_4to6(c->eamt, a, out) == V6T_OK)
		return V6T_OK;
	return xlat_pool6_encode(c, a, out);
}

/* see xlat.h */
int v6t_xlat_addr_6to4(const v6t_xlat *x, const v6t_in6 *a, v6t_in4 *out)
{
	const v6t_xlat_config *c;

	if (x == NULL || a == NULL || out == NULL)
		return V6T_EINVAL;
	c = &x->c_;
	if (c->eamt != NULL && v6t_xlat_eamt_6to4(c->eamt, a, out) == V6T_OK)
		return V6T_OK;
	return xlat_pool6_decode(c, a, out);
}

/* The RFC 6052 half of v6t_xlat_addr_4to6(). */
int xlat_pool6_encode(const v6t_xlat_config *c, const v6t_in4 *a, v6t_in6 *out)
{
	int rc;

	if (c->pool6.len == 0)
		return V6T_EXLAT_NO_MAPPING;
	if ((rc = v6t_addr_6052_check_global(&c->pool6, a)) != V6T_OK)
		return rc;
	return v6t_addr_6052_encode(out, &c->pool6, a);
}

/* The RFC 6052 half of v6t_xlat_addr_6to4(). */
int xlat_pool6_decode(const v6t_xlat_config *c, const v6t_in6 *a, v6t_in4 *out)
{
	v6t_in4 v4;

	if (c->pool6.len == 0 || v6t_addr_6052_decode(&v4, a, &c->pool6) != V6T_OK)
		return V6T_EXLAT_NO_MAPPING;
	if (v6t_addr_6052_check_global(&c->pool6, &v4) != V6T_OK)
		return V6T_EADDR_NOT_GLOBAL;
	*out = v4;
	return V6T_OK;
}
