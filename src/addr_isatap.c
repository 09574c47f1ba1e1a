/*
 * libv6transit - ISATAP interface identifiers (RFC 5214).
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * RFC 5214 §6.1, the Modified EUI-64 identifier built from the IANA OUI
 * 00-00-5E, the type octet 0xFE and the IPv4 address:
 *
 *   |000000ug00000000|0101111011111110|mmmmmmmm...32 bits...mmmmmmmm|
 */
#include <string.h>

#include <v6transit/addr.h>

/* RFC 5214 §6.1: the two bits that may vary in the first octet. */
#define ISATAP_FLAGS (V6T_ADDR_ISATAP_U | V6T_ADDR_ISATAP_G)
/* RFC 5214 §6.1: the low two octets of the IANA OUI 00-00-5E ... */
#define ISATAP_OUI_LO 0x5eu
/* ... and the type octet that marks an embedded IPv4 address. */
#define ISATAP_TYPE 0xfeu
/* RFC 4291 §2.5.1: the interface identifier is the low 64 bits. */
#define IID_OFFSET 8

/* The identifier; flags must already be valid. */
static void build_iid(uint8_t iid[8], const v6t_in4 *a, unsigned flags)
{
	iid[0] = (uint8_t)flags;
	iid[1] = 0;
	iid[2] = ISATAP_OUI_LO;
	iid[3] = ISATAP_TYPE;
	memcpy(iid + 4, a->b, 4);
}

/* see addr.h */
int v6t_addr_isatap_iid(uint8_t iid[8], const v6t_in4 *a, unsigned flags)
{
	if ((flags & ~ISATAP_FLAGS) != 0)
		return V6T_EINVAL;
	build_iid(iid, a, flags);
	return V6T_OK;
}

/* see addr.h */
int v6t_addr_isatap_encode(v6t_in6 *out, const v6t_prefix6 *p,
			   const v6t_in4 *a, unsigned flags)
{
	v6t_in6 t;

	if (p->len != 64)
		return V6T_EADDR_PREFIX_LEN;
	if ((flags & ~ISATAP_FLAGS) != 0)
		return V6T_EINVAL;
	memcpy(t.b, p->addr.b, IID_OFFSET);
	build_iid(t.b + IID_OFFSET, a, flags);
	*out = t;
	return V6T_OK;
}

/* see addr.h */
int v6t_addr_isatap_decode(v6t_in4 *out, unsigned *flags, const v6t_in6 *a)
{
	const uint8_t *iid = a->b + IID_OFFSET;

	/* every bit of the first 32 fixed, except u and g */
	if ((iid[0] & ~ISATAP_FLAGS) != 0 || iid[1] != 0 ||
	    iid[2] != ISATAP_OUI_LO || iid[3] != ISATAP_TYPE)
		return V6T_EADDR_WRONG_KIND;
	memcpy(out->b, iid + 4, 4);
	if (flags != NULL)
		*flags = iid[0];
	return V6T_OK;
}
