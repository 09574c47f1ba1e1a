/*
 * libv6transit - private: SipHash (Aumasson and Bernstein, "SipHash: a fast
 * short-input PRF", 2012), the keyed hash of the flow-label module, also
 * meant for the reassembly table's lookups.
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * SipHash-c-d keeps four 64-bit words of state. Setup xors the key halves
 * k0 and k1 (little-endian words of the 16 key bytes) into four constants;
 * each full 8-byte little-endian message word m is absorbed as v3 ^= m,
 * c SipRounds, v0 ^= m; the last word holds the 0..7 remaining bytes and the
 * message length mod 256 in its top byte, and is absorbed the same way;
 * finalization is v2 ^= 0xff, d SipRounds, and the xor of the four words.
 * The round counts are compile-time constants at every call, so the loops
 * unroll.
 */
#ifndef V6T_SRC_SIPHASH_H
#define V6T_SRC_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

#include "bytes.h"

struct v6t_sip {
	uint64_t v0, v1, v2, v3;
};

static inline uint64_t v6t_rotl64(uint64_t x, unsigned n)
{
	return x << n | x >> (64u - n);
}

static inline void v6t_sip_round(struct v6t_sip *s)
{
	s->v0 += s->v1;
	s->v1 = v6t_rotl64(s->v1, 13);
	s->v1 ^= s->v0;
	s->v0 = v6t_rotl64(s->v0, 32);
	s->v2 += s->v3;
	s->v3 = v6t_rotl64(s->v3, 16);
	s->v3 ^= s->v2;
	s->v0 += s->v3;
	s->v3 = v6t_rotl64(s->v3, 21);
	s->v3 ^= s->v0;
	s->v2 += s->v1;
	s->v1 = v6t_rotl64(s->v1, 17);
	s->v1 ^= s->v2;
	s->v2 = v6t_rotl64(s->v2, 32);
}

static inline void v6t_sip_init(struct v6t_sip *s, const uint8_t key[16])
{
	uint64_t k0 = v6t_ld_le64(key), k1 = v6t_ld_le64(key + 8);

	/* "somepseudorandomlygeneratedbytes" */
	s->v0 = k0 ^ 0x736f6d6570736575u;
	s->v1 = k1 ^ 0x646f72616e646f6du;
	s->v2 = k0 ^ 0x6c7967656e657261u;
	s->v3 = k1 ^ 0x7465646279746573u;
}

static inline void v6t_sip_absorb(struct v6t_sip *s, uint64_t m, int c)
{
	int i;

	s->v3 ^= m;
	for (i = 0; i < c; i++)
		v6t_sip_round(s);
	s->v0 ^= m;
}

/* The last word: the n < 8 bytes at p, and the total length in the top byte. */
static inline uint64_t v6t_sip_last(const uint8_t *p, size_t n, size_t total)
{
	uint64_t b = (uint64_t)(total & 0xffu) << 56;
	size_t i;

	for (i = 0; i < n; i++)
		b |= (uint64_t)p[i] << (8 * i);
	return b;
}

static inline uint64_t v6t_sip_final(struct v6t_sip *s, int d)
{
	int i;

	s->v2 ^= 0xffu;
	for (i = 0; i < d; i++)
		v6t_sip_round(s);
	return s->v0 ^ s->v1 ^ s->v2 ^ s->v3;
}

/* SipHash-c-d of msg[0..len). */
static inline uint64_t v6t_sip_hash(const uint8_t key[16], const uint8_t *msg,
				    size_t len, int c, int d)
{
	struct v6t_sip s;
	size_t off;

	v6t_sip_init(&s, key);
	for (off = 0; len - off >= 8; off += 8)
		v6t_sip_absorb(&s, v6t_ld_le64(msg + off), c);
	v6t_sip_absorb(&s, v6t_sip_last(msg + off, len - off, len), c);
	return v6t_sip_final(&s, d);
}

/* v6t_sip_hash_32(), always inlined: for a per-packet fast path that should
 * not pay for a call and the moves of its arguments (flowlabel.c). */
static V6T_ALWAYS_INLINE uint64_t v6t_sip_hash_32_inline(const uint8_t key[16],
							  const uint8_t a[16],
							  const uint8_t b[16],
							  uint64_t last, int c,
							  int d)
{
	struct v6t_sip s;

	v6t_sip_init(&s, key);
	v6t_sip_absorb(&s, v6t_ld_le64(a), c);
	v6t_sip_absorb(&s, v6t_ld_le64(a + 8), c);
	v6t_sip_absorb(&s, v6t_ld_le64(b), c);
	v6t_sip_absorb(&s, v6t_ld_le64(b + 8), c);
	v6t_sip_absorb(&s, last, c);
	return v6t_sip_final(&s, d);
}

/* SipHash-c-d of a[0..16) b[0..16) and then 0..7 more bytes, given as the
 * final word "last" (v6t_sip_last() of those bytes with the total length):
 * the shape of every flow-label message, read in place. */
static inline uint64_t v6t_sip_hash_32(const uint8_t key[16], const uint8_t a[16],
				       const uint8_t b[16], uint64_t last, int c,
				       int d)
{
	return v6t_sip_hash_32_inline(key, a, b, last, c, d);
}

/* SipHash-c-d of the concatenation a[0..16) b[0..16) tail[0..n), n < 8. */
static inline uint64_t v6t_sip_hash_tuple(const uint8_t key[16],
					  const uint8_t a[16],
					  const uint8_t b[16],
					  const uint8_t *tail, size_t n, int c,
					  int d)
{
	return v6t_sip_hash_32(key, a, b, v6t_sip_last(tail, n, 32 + n), c, d);
}

/* SipHash-1-3, the library's keyed hash (out of line, for callers that do
 * not need it inlined). */
uint64_t v6t_siphash13(const uint8_t key[16], const uint8_t *msg, size_t len);

#endif /* V6T_SRC_SIPHASH_H */
