/*
 * libv6transit - Teredo addresses (RFC 4380 §4, RFC 5991 §3.1).
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * RFC 4380 §4:
 *
 *   | Prefix (32) | Server IPv4 (32) | Flags (16) | Port (16) | Client (32) |
 *
 * Port and client address are obfuscated: every bit inverted.
 */
#include <string.h>

#include <v6transit/addr.h>

#include "bytes.h"

/* RFC 4380 §2.6: the Teredo service prefix 2001::/32. */
#define TEREDO_PREFIX 0x20010000u
/* RFC 4380 §4: "an exclusive OR ... with the hexadecimal value 0xFFFF" */
#define PORT_OBFUSCATE 0xffffu
/* ... "and ... the 32-bit address with the hexadecimal value 0xFFFFFFFF" */
#define ADDR_OBFUSCATE 0xffffffffu

/* see addr.h */
const v6t_prefix6 v6t_addr_teredo_prefix = {
	{ { 0x20, 0x01, 0x00, 0x00 } }, 32
};

/* see addr.h */
int v6t_addr_teredo_encode(v6t_in6 *out, const v6t_addr_teredo *t)
{
	uint8_t *o = out->b;

	v6t_st_be32(o, TEREDO_PREFIX);
	memcpy(o + 4, t->server.b, 4);
	v6t_st_be16(o + 8, t->flags);
	v6t_st_be16(o + 10, (uint16_t)(t->port ^ PORT_OBFUSCATE));
	v6t_st_be32(o + 12, v6t_ld_be32(t->client.b) ^ ADDR_OBFUSCATE);
	return V6T_OK;
}

/* see addr.h */
int v6t_addr_teredo_decode(v6t_addr_teredo *out, const v6t_in6 *a)
{
	v6t_addr_teredo r;

	if (v6t_ld_be32(a->b) != TEREDO_PREFIX)
		return V6T_EADDR_WRONG_KIND;
	memcpy(r.server.b, a->b + 4, 4);
	/* flags are returned as found; RFC 5991 §3.2 leaves their meaning
	 * (cone bit ignored by clients, honoured by servers) to the caller */
	r.flags = v6t_ld_be16(a->b + 8);
	r.port = (uint16_t)(v6t_ld_be16(a->b + 10) ^ PORT_OBFUSCATE);
	v6t_st_be32(r.client.b, v6t_ld_be32(a->b + 12) ^ ADDR_OBFUSCATE);
	*out = r;
	return V6T_OK;
}
