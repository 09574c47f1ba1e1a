/*
 * A brute-force model of the EAM table (RFC 7757 §3, §5), shared by
 * tests/test_xlat_eam.c and tests/fuzz/fuzz_eamt.c: a linear scan for the
 * longest matching prefix and the address mapping done one bit at a time,
 * straight from the RFC's steps, with none of the library's shifts.
 */
#ifndef V6T_TESTS_EAM_MODEL_H
#define V6T_TESTS_EAM_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include <v6transit/xlat.h>

/* Bit i (0 = the high-order bit of byte 0) of b. */
static inline unsigned em_bit(const uint8_t *b, unsigned i)
{
	return (b[i / 8] >> (7 - i % 8)) & 1u;
}

static inline void em_set(uint8_t *b, unsigned i, unsigned v)
{
	if (v)
		b[i / 8] |= (uint8_t)(0x80u >> (i % 8));
	else
		b[i / 8] &= (uint8_t)~(0x80u >> (i % 8));
}

/* Whether the first len bits of x and y agree. */
static inline int em_prefix_eq(const uint8_t *x, const uint8_t *y, unsigned len)
{
	unsigned i;

	for (i = 0; i < len; i++)
		if (em_bit(x, i) != em_bit(y, i))
			return 0;
	return 1;
}

/* Two prefixes overlap when the shorter one contains the longer one. */
static inline int em_overlap(const uint8_t *x, unsigned lx, const uint8_t *y,
			     unsigned ly)
{
	return em_prefix_eq(x, y, lx < ly ? lx : ly);
}

static inline int em_identical(const uint8_t *x, unsigned lx, const uint8_t *y,
			       unsigned ly)
{
	return lx == ly && em_prefix_eq(x, y, lx);
}

/* An entry's own checks: lengths, host bits, RFC 7757 §3.2 suffix bits. */
static inline int em_entry_check(const v6t_xlat_eam *x)
{
	unsigned i;

	if (x->p4.len > 32 || x->p6.len > 128)
		return V6T_EINVAL;
	for (i = x->p4.len; i < 32; i++)
		if (em_bit(x->p4.addr.b, i))
			return V6T_EADDR_HOST_BITS;
	for (i = x->p6.len; i < 128; i++)
		if (em_bit(x->p6.addr.b, i))
			return V6T_EADDR_HOST_BITS;
	if (32 - x->p4.len > 128 - x->p6.len)
		return V6T_EXLAT_EAM_SUFFIX;
	return V6T_OK;
}

/* Whether entry j conflicts with entry i (identical prefixes always,
 * overlapping ones without V6T_XLAT_EAM_NESTED), in either family. */
static inline int em_conflict(const v6t_xlat_eam *i, const v6t_xlat_eam *j,
			      unsigned flags)
{
	if (em_identical(i->p4.addr.b, i->p4.len, j->p4.addr.b, j->p4.len) ||
	    em_identical(i->p6.addr.b, i->p6.len, j->p6.addr.b, j->p6.len))
		return 1;
	if (flags & V6T_XLAT_EAM_NESTED)
		return 0;
	return em_overlap(i->p4.addr.b, i->p4.len, j->p4.addr.b, j->p4.len) ||
	       em_overlap(i->p6.addr.b, i->p6.len, j->p6.addr.b, j->p6.len);
}

/* What v6t_xlat_eamt_init() must return for these entries (flags known):
 * the first entry, in the given order, that is invalid or conflicts with
 * one before it decides, and *bad is its index. */
static inline int em_init_expect(const v6t_xlat_eam *e, size_t n,
				 unsigned flags, size_t *bad)
{
	size_t i, j;
	int rc;

	for (j = 0; j < n; j++) {
		if ((rc = em_entry_check(&e[j])) != V6T_OK) {
			*bad = j;
			return rc;
		}
		for (i = 0; i < j; i++)
			if (em_conflict(&e[i], &e[j], flags)) {
				*bad = j;
				return V6T_EXLAT_EAM_OVERLAP;
			}
	}
	return V6T_OK;
}

/* RFC 7757 §3.3.1 step 1 by linear scan: the entry whose IPv4 prefix is
 * the longest containing a; NULL if none. */
static inline const v6t_xlat_eam *em_find4(const v6t_xlat_eam *e, size_t n,
					   const v6t_in4 *a)
{
	const v6t_xlat_eam *best = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if (em_prefix_eq(e[i].p4.addr.b, a->b, e[i].p4.len) &&
		    (best == NULL || e[i].p4.len > best->p4.len))
			best = &e[i];
	return best;
}

static inline const v6t_xlat_eam *em_find6(const v6t_xlat_eam *e, size_t n,
					   const v6t_in6 *a)
{
	const v6t_xlat_eam *best = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if (em_prefix_eq(e[i].p6.addr.b, a->b, e[i].p6.len) &&
		    (best == NULL || e[i].p6.len > best->p6.len))
			best = &e[i];
	return best;
}

/* §3.3.1 steps 3-6: EAM6's prefix bits, a's bits after EAM4's prefix,
 * then zeros up to 128 bits. */
static inline int em_4to6(const v6t_xlat_eam *e, size_t n, const v6t_in4 *a,
			  v6t_in6 *out)
{
	const v6t_xlat_eam *m = em_find4(e, n, a);
	unsigned i, o = 0;

	if (m == NULL)
		return V6T_EXLAT_NO_MAPPING;
	for (i = 0; i < m->p6.len; i++, o++)
		em_set(out->b, o, em_bit(m->p6.addr.b, i));
	for (i = m->p4.len; i < 32; i++, o++)
		em_set(out->b, o, em_bit(a->b, i));
	for (; o < 128; o++)
		em_set(out->b, o, 0);
	return V6T_OK;
}

/* §3.3.2 steps 3-6: EAM4's prefix bits, then a's bits after EAM6's prefix
 * until 32 bits are there; the rest is discarded. */
static inline int em_6to4(const v6t_xlat_eam *e, size_t n, const v6t_in6 *a,
			  v6t_in4 *out)
{
	const v6t_xlat_eam *m = em_find6(e, n, a);
	unsigned i, o = 0;

	if (m == NULL)
		return V6T_EXLAT_NO_MAPPING;
	for (i = 0; i < m->p4.len; i++, o++)
		em_set(out->b, o, em_bit(m->p4.addr.b, i));
	for (i = m->p6.len; o < 32; i++, o++)
		em_set(out->b, o, em_bit(a->b, i));
	return V6T_OK;
}

#endif
