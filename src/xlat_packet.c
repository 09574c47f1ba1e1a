/*
 * libv6transit - translating one packet (RFC 7915 §4 and §5).
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Placeholder until the translation lands: every packet is refused.
 */
#include <v6transit/xlat.h>

/* see xlat.h */
int v6t_xlat_translate(const v6t_xlat *x, const uint8_t *pkt, size_t len,
		       uint8_t *out, size_t cap, v6t_xlat_result *res)
{
	(void)x; (void)pkt; (void)len; (void)out; (void)cap; (void)res;
	return V6T_EINVAL;
}

/* see xlat.h */
int v6t_xlat_translate_inplace(const v6t_xlat *x, uint8_t *buf, size_t cap,
			       size_t off, size_t len, v6t_xlat_result *res)
{
	(void)x; (void)buf; (void)cap; (void)off; (void)len; (void)res;
	return V6T_EINVAL;
}

/* see xlat.h */
int v6t_xlat_next_fragment(v6t_xlat_result *res, uint8_t *out, size_t cap,
			   size_t *outlen)
{
	(void)res; (void)out; (void)cap; (void)outlen;
	return V6T_EINVAL;
}
