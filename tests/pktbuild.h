/*
 * A byte-by-byte packet builder for the check suites: a packet is a buffer
 * of PB_MAX bytes filled in order, big-endian (network order) for the
 * 16- and 32-bit fields. Writing past PB_MAX fails the test. The IPv6
 * extension headers that the suites build alike are here too.
 *
 * A suite that wants another capacity defines PB_MAX before including this
 * header.
 */
#ifndef V6T_TESTS_PKTBUILD_H
#define V6T_TESTS_PKTBUILD_H

#include <stddef.h>
#include <stdint.h>

#include <check.h>

#ifndef PB_MAX
#define PB_MAX 4096
#endif

/* A packet under construction. */
struct pb {
	uint8_t b[PB_MAX];
	size_t n;
};

static inline void pb_put8(struct pb *p, unsigned v)
{
	ck_assert_uint_lt(p->n, PB_MAX);
	p->b[p->n++] = (uint8_t)v;
}

static inline void pb_put16(struct pb *p, unsigned v)
{
	pb_put8(p, (v >> 8) & 0xff);
	pb_put8(p, v & 0xff);
}

static inline void pb_put32(struct pb *p, uint32_t v)
{
	pb_put16(p, v >> 16);
	pb_put16(p, v & 0xffff);
}

/* n copies of byte. */
static inline void pb_putn(struct pb *p, size_t n, unsigned byte)
{
	while (n-- > 0)
		pb_put8(p, byte);
}

static inline void pb_put_bytes(struct pb *p, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		pb_put8(p, b[i]);
}

/*
 * RFC 1071: the one's complement sum of 16-bit big-endian words, folded,
 * starting from s: the tests' own checksum, independent of
 * src/checksum.h. A datagram verifies when its sum, checksum included, is
 * 0xffff.
 */
static inline uint32_t pb_sum16(uint32_t s, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		s += i % 2 ? p[i] : (uint32_t)p[i] << 8;
	while (s > 0xffff)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

/*
 * RFC 4302 §2.2 Authentication Header, (pl + 2) * 4 bytes: Next Header,
 * Payload Len, Reserved (2), then SPI, sequence number and ICV, all 0xcc
 * (their values do not matter to the walk or the split).
 */
static inline void pb_ah(struct pb *p, unsigned nh, unsigned pl)
{
	pb_put8(p, nh);
	pb_put8(p, pl);
	pb_put16(p, 0);
	pb_putn(p, (pl + 2) * 4 - 4, 0xcc);
}

/*
 * RFC 8200 §4.5 Fragment header: Next Header, Reserved, then the 16 bits
 * "Fragment Offset (13) | Res (2) | M (1)" as given (worked out by hand),
 * then the 32-bit Identification.
 */
static inline void pb_frag(struct pb *p, unsigned nh, unsigned offlg, uint32_t id)
{
	pb_put8(p, nh);
	pb_put8(p, 0);
	pb_put16(p, offlg);
	pb_put32(p, id);
}

#endif
