/*
 * libv6transit - the Explicit Address Mapping table (RFC 7757 §3, §5).
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The caller's entries are sorted in place by IPv6 prefix; the IPv4 order
 * is a permutation kept in the order4_ fields (order4_ of the entry at
 * index r names the entry of IPv4 rank r). Both orders sort by prefix
 * start, then length, so an enclosing prefix comes before the ones inside
 * it. Each entry links to the entry whose prefix most closely encloses its
 * own in each family (up6_, up4_; NONE at the top). Prefixes either nest
 * or are disjoint, so the entries containing an address are exactly the
 * last entry starting at or before it and the ones it links up to: a
 * lookup is a binary search and then at most one step per enclosing prefix.
 *
 * Init keeps each entry's index in the caller's order while it sorts (for
 * *bad, and to put the entries back on an error): in order4_ during the
 * IPv6 pass, in up6_ during the IPv4 pass; the IPv6 links are then made
 * again.
 */
#include <stdint.h>
#include <string.h>

#include <v6transit/xlat.h>

#include "addr_internal.h"

#define NONE UINT32_MAX            /* no enclosing entry; no conflict */
#define MAX_ENTRIES 0x80000000u    /* 2^31, as xlat.h documents */

/* The family an init pass works on. */
enum fam { FAM6, FAM4 };

/* ---------------------------------------------------------- entry access */

/* The entry of rank r in family f's order. */
static v6t_xlat_eam *at(v6t_xlat_eam *e, enum fam f, uint32_t r)
{
	return f == FAM6 ? &e[r] : &e[e[r].order4_];
}

/* The index in the caller's order, during the pass over family f. */
static uint32_t orig(const v6t_xlat_eam *x, enum fam f)
{
	return f == FAM6 ? x->order4_ : x->up6_;
}

static uint32_t *up(v6t_xlat_eam *x, enum fam f)
{
	return f == FAM6 ? &x->up6_ : &x->up4_;
}

static const uint8_t *start(const v6t_xlat_eam *x, enum fam f)
{
	return f == FAM6 ? x->p6.addr.b : x->p4.addr.b;
}

static unsigned plen(const v6t_xlat_eam *x, enum fam f)
{
	return f == FAM6 ? x->p6.len : x->p4.len;
}

/* Whether x's prefix of family f contains y's or equals it. */
static int encloses(const v6t_xlat_eam *x, const v6t_xlat_eam *y, enum fam f)
{
	if (plen(x, f) > plen(y, f))
		return 0;
	return f == FAM6 ? v6t_in6_under(y->p6.addr.b, x->p6.addr.b, x->p6.len)
			 : v6t_in4_under(y->p4.addr.b, x->p4.addr.b, x->p4.len);
}

static int same_prefix(const v6t_xlat_eam *x, const v6t_xlat_eam *y, enum fam f)
{
	return plen(x, f) == plen(y, f) && encloses(x, y, f);
}

/* ------------------------------------------------------------------ sort */

/* The sort order of family f: prefix start, length, then the caller's
 * order, so that identical prefixes sit side by side, earliest first. */
static int before(const v6t_xlat_eam *x, const v6t_xlat_eam *y, enum fam f)
{
	int c = memcmp(start(x, f), start(y, f), f == FAM6 ? 16 : 4);

	if (c != 0)
		return c < 0;
	if (plen(x, f) != plen(y, f))
		return plen(x, f) < plen(y, f);
	return orig(x, f) < orig(y, f);
}

/* IPv6 moves the entries themselves (their order4_ with them), IPv4 only
 * the permutation in order4_. */
static void swap_ranks(v6t_xlat_eam *e, enum fam f, uint32_t r, uint32_t s)
{
	if (f == FAM6) {
		v6t_xlat_eam tmp = e[r];

		e[r] = e[s];
		e[s] = tmp;
	} else {
		uint32_t tmp = e[r].order4_;

		e[r].order4_ = e[s].order4_;
		e[s].order4_ = tmp;
	}
}

static void sift_down(v6t_xlat_eam *e, enum fam f, uint32_t root, uint32_t n)
{
	for (;;) {
		/* root < n <= 2^31: 2 * root + 2 fits in 32 bits */
		uint32_t c = 2 * root + 1;

		if (c >= n)
			return;
		if (c + 1 < n && before(at(e, f, c), at(e, f, c + 1), f))
			c++;
		if (!before(at(e, f, root), at(e, f, c), f))
			return;
		swap_ranks(e, f, root, c);
		root = c;
	}
}

/* Heapsort: O(n log n) swaps and no memory besides the entries. */
static void sort_family(v6t_xlat_eam *e, enum fam f, uint32_t n)
{
	uint32_t i;

	for (i = n / 2; i-- > 0;)
		sift_down(e, f, i, n);
	for (i = n; i-- > 1;) {
		swap_ranks(e, f, 0, i);
		sift_down(e, f, 0, i);
	}
}

/* ----------------------------------------------------------------- links */

/*
 * The conflict of x (linked to c, its closest encloser) with the entries
 * before it in the caller's order: the later index of the earliest pair
 * the flags refuse, or NONE. Identical prefixes are always refused (RFC
 * 7757 §5: the translation would be unspecified); they are sorted by the
 * caller's order, so c is the earlier of the two. Without NESTED every
 * encloser conflicts with x: the earliest one decides.
 */
static uint32_t conflict(v6t_xlat_eam *e, enum fam f, const v6t_xlat_eam *x,
			 uint32_t c, unsigned flags)
{
	uint32_t first = NONE;

	if (c == NONE)
		return NONE;
	if (same_prefix(&e[c], x, f))
		return orig(x, f);
	if (flags & V6T_XLAT_EAM_NESTED)
		return NONE;
	/* at most one step per prefix length */
	for (; c != NONE; c = *up(&e[c], f))
		if (orig(&e[c], f) < first)
			first = orig(&e[c], f);
	return first > orig(x, f) ? first : orig(x, f);
}

/*
 * Link each entry of family f (sorted) to its closest encloser: one of the
 * previous entry's chain, since every entry sorted between an encloser and
 * x lies inside that encloser. Returns the earliest conflict, or NONE.
 */
static uint32_t link_family(v6t_xlat_eam *e, enum fam f, uint32_t n,
			    unsigned flags)
{
	uint32_t bad = NONE, r;

	for (r = 0; r < n; r++) {
		v6t_xlat_eam *x = at(e, f, r);
		uint32_t c = r == 0 ? NONE : (f == FAM6 ? r - 1 : e[r - 1].order4_);
		uint32_t k;

		while (c != NONE && !encloses(&e[c], x, f))
			c = *up(&e[c], f);
		*up(x, f) = c;
		k = conflict(e, f, x, c, flags);
		if (k < bad)
			bad = k;
	}
	return bad;
}

/* ------------------------------------------------------------------ init */

/* An entry's own checks (RFC 7757 §3.2). */
static int entry_check(const v6t_xlat_eam *x)
{
	if (x->p4.len > 32 || x->p6.len > 128)
		return V6T_EINVAL;
	if (!v6t_bits_zero_from(x->p4.addr.b, 4, x->p4.len) ||
	    !v6t_bits_zero_from(x->p6.addr.b, 16, x->p6.len))
		return V6T_EADDR_HOST_BITS;
	/* "An EAM's IPv4 prefix value MUST have an identical or smaller
	 * number of suffix bits than its corresponding IPv6 prefix value." */
	if (32u - x->p4.len > 128u - x->p6.len)
		return V6T_EXLAT_EAM_SUFFIX;
	return V6T_OK;
}

/* Put the first n entries back in the caller's order, kept in up6_. */
static void restore_order(v6t_xlat_eam *e, uint32_t n)
{
	uint32_t k;

	/* each swap puts one entry in its place: at most n swaps */
	for (k = 0; k < n; k++)
		while (e[k].up6_ != k) {
			uint32_t to = e[k].up6_;
			v6t_xlat_eam tmp = e[to];

			e[to] = e[k];
			e[k] = tmp;
		}
}

/* see xlat.h */
int v6t_xlat_eamt_init(v6t_xlat_eamt *t, v6t_xlat_eam *e, size_t n,
		       unsigned flags, size_t *bad)
{
	uint32_t valid, k, conf;
	int rc = V6T_OK;

	if (t == NULL || (e == NULL && n > 0) ||
	    (flags & ~V6T_XLAT_EAM_NESTED) || n > MAX_ENTRIES)
		return V6T_EINVAL;
	/* the entries before the first invalid one are checked for
	 * conflicts: *bad is the first entry that cannot join those before */
	for (valid = 0; valid < n; valid++)
		if ((rc = entry_check(&e[valid])) != V6T_OK)
			break;

	for (k = 0; k < valid; k++)
		e[k].order4_ = k;
	sort_family(e, FAM6, valid);
	conf = link_family(e, FAM6, valid, flags);

	for (k = 0; k < valid; k++) {
		e[k].up6_ = e[k].order4_;
		e[k].order4_ = k;
	}
	sort_family(e, FAM4, valid);
	k = link_family(e, FAM4, valid, flags);
	if (k < conf)
		conf = k;

	if (conf != NONE || valid < n) {
		restore_order(e, valid);
		if (bad != NULL)
			*bad = conf != NONE ? conf : valid;
		return conf != NONE ? V6T_EXLAT_EAM_OVERLAP : rc;
	}
	/* no conflict is possible now: only the links are wanted */
	(void)link_family(e, FAM6, valid, flags);
	t->e = e;
	t->n = valid;
	t->flags = flags;
	return V6T_OK;
}

/* ---------------------------------------------------------------- lookup */

/* The entry with the longest IPv4 (lookup4) or IPv6 (lookup6) prefix
 * containing a: the last one starting at or before a (rank lo - 1), or
 * one it links up to; NULL if none. */
static const v6t_xlat_eam *lookup4(const v6t_xlat_eamt *t, const v6t_in4 *a)
{
	const v6t_xlat_eam *e = t->e;
	uint32_t lo = 0, hi = t->n, c, key = v6t_ld_be32(a->b);

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (v6t_ld_be32(e[e[mid].order4_].p4.addr.b) <= key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	for (c = e[lo - 1].order4_; c != NONE; c = e[c].up4_)
		if (v6t_in4_under(a->b, e[c].p4.addr.b, e[c].p4.len))
			return &e[c];
	return NULL;
}

static const v6t_xlat_eam *lookup6(const v6t_xlat_eamt *t, const v6t_in6 *a)
{
	const v6t_xlat_eam *e = t->e;
	uint32_t lo = 0, hi = t->n, c;
	uint64_t khi = v6t_ld_be64(a->b), klo = v6t_ld_be64(a->b + 8);

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		uint64_t phi = v6t_ld_be64(e[mid].p6.addr.b);

		if (phi < khi || (phi == khi && v6t_ld_be64(e[mid].p6.addr.b + 8) <= klo))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	for (c = lo - 1; c != NONE; c = e[c].up6_)
		if (v6t_in6_under(a->b, e[c].p6.addr.b, e[c].p6.len))
			return &e[c];
	return NULL;
}

/* The mask of the low s bits of an IPv4 address, s in 0..32. */
static uint32_t low_mask32(unsigned s)
{
	/* a shift by 32 would be undefined behaviour */
	return s == 0 ? 0 : UINT32_MAX >> (32 - s);
}

/*
 * The s (0..32) suffix bits of an IPv6 address start at bit off, the IPv6
 * prefix length, and end by bit 128 (the RFC 7757 §3.2 rule): they lie in
 * the 40-bit window of the 5 bytes from byte off / 8, which the address
 * padded with 5 zero bytes always holds. off % 8 + s <= 39: the shifts
 * stay below 40.
 */
#define PADDED (16u + 5u)

static uint64_t window_get(const uint8_t p[PADDED], unsigned off)
{
	return (uint64_t)v6t_ld_be32(p + off / 8) << 8 | p[off / 8 + 4];
}

static uint32_t suffix_get(const v6t_in6 *a, unsigned off, unsigned s)
{
	uint8_t p[PADDED] = { 0 };

	memcpy(p, a->b, 16);
	return (uint32_t)(window_get(p, off) >> (40 - off % 8 - s)) & low_mask32(s);
}

/* p (zero past p.len) with the s bits of v written from bit p.len on. */
static void suffix_put(v6t_in6 *out, const v6t_prefix6 *p, unsigned s,
		       uint32_t v)
{
	uint8_t b[PADDED] = { 0 };
	unsigned off = p->len;
	uint64_t w;

	memcpy(b, p->addr.b, 16);
	w = window_get(b, off) | (uint64_t)v << (40 - off % 8 - s);
	v6t_st_be32(b + off / 8, (uint32_t)(w >> 8));
	b[off / 8 + 4] = (uint8_t)w;
	memcpy(out->b, b, 16);
}

/* see xlat.h */
int v6t_xlat_eamt_4to6(const v6t_xlat_eamt *t, const v6t_in4 *a, v6t_in6 *out)
{
	const v6t_xlat_eam *m;
	unsigned s;

	if (t == NULL || a == NULL || out == NULL)
		return V6T_EINVAL;
	if ((m = lookup4(t, a)) == NULL)
		return V6T_EXLAT_NO_MAPPING;
	/* RFC 7757 §3.3.1: EAM6's prefix bits (the rest zero), then the s
	 * suffix bits of a after EAM4's prefix */
	s = 32u - m->p4.len;
	suffix_put(out, &m->p6, s, v6t_ld_be32(a->b) & low_mask32(s));
	return V6T_OK;
}

/* see xlat.h */
int v6t_xlat_eamt_6to4(const v6t_xlat_eamt *t, const v6t_in6 *a, v6t_in4 *out)
{
	const v6t_xlat_eam *m;

	if (t == NULL || a == NULL || out == NULL)
		return V6T_EINVAL;
	if ((m = lookup6(t, a)) == NULL)
		return V6T_EXLAT_NO_MAPPING;
	/* RFC 7757 §3.3.2: EAM4's prefix bits, then the bits of a after
	 * EAM6's prefix until there are 32; the rest is discarded */
	v6t_st_be32(out->b, v6t_ld_be32(m->p4.addr.b) |
				    suffix_get(a, m->p6.len, 32u - m->p4.len));
	return V6T_OK;
}
