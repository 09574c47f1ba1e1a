/*
 * libv6transit - the Explicit Address Mapping table (RFC 7757 §3).
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Placeholder until the table lands: every table is empty.
 */
#include <v6transit/xlat.h>

/* see xlat.h */
int v6t_xlat_eamt_init(v6t_xlat_eamt *t, v6t_xlat_eam *e, size_t n,
		       unsigned flags, size_t *bad)
{
	(void)bad;
	if (t == NULL || (e == NULL && n > 0) || flags & ~V6T_XLAT_EAM_NESTED)
		return V6T_EINVAL;
	t->e = e;
	t->n = 0;
	t->flags = flags;
	return V6T_OK;
}

/* see xlat.h */
int v6t_xlat_eamt_4to6(const v6t_xlat_eamt *t, const v6t_in4 *a, v6t_in6 *out)
{
	if (t == NULL || a == NULL || out == NULL)
		return V6T_EINVAL;
	return V6T_EXLAT_NO_MAPPING;
}

/* see xlat.h */
int v6t_xlat_eamt_6to4(const v6t_xlat_eamt *t, const v6t_in6 *a, v6t_in4 *out)
{
	if (t == NULL || a == NULL || out == NULL)
		return V6T_EINVAL;
	return V6T_EXLAT_NO_MAPPING;
}
