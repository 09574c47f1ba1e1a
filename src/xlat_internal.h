/*
 * libv6transit - private: what the translation files share.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef V6T_SRC_XLAT_INTERNAL_H
#define V6T_SRC_XLAT_INTERNAL_H

#include <v6transit/xlat.h>

/* RFC 6052 mapping with the translator's pool6 (xlat.c) */
int xlat_pool6_encode(const v6t_xlat_config *c, const v6t_in4 *a, v6t_in6 *out);
int xlat_pool6_decode(const v6t_xlat_config *c, const v6t_in6 *a, v6t_in4 *out);

#endif /* V6T_SRC_XLAT_INTERNAL_H */
