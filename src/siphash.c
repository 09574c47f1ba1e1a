/*
 * libv6transit - SipHash-1-3 (see siphash.h).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include "siphash.h"

uint64_t v6t_siphash13(const uint8_t key[16], const uint8_t *msg, size_t len)
{
	return v6t_sip_hash(key, msg, len, 1, 3);
}
