/*
 * Fuzz target: the EAM table of xlat.h (v6t_xlat_eamt_init(),
 * v6t_xlat_eamt_4to6(), v6t_xlat_eamt_6to4()), checked against the
 * brute-force model of tests/eam_model.h.
 *
 * Input layout (missing bytes read as zero):
 *   0       flags: bit 0 V6T_XLAT_EAM_NESTED; bit 1 "clean": lengths taken
 *           modulo 33 / 129, host bits cleared and the IPv6 length cut to
 *           the RFC 7757 §3.2 limit, so that most tables are valid; bit 7
 *           passes the whole byte as flags (unknown flags: V6T_EINVAL)
 *   1       n, modulo MAX_N + 1
 *   2..     n entries of ENTRY_LEN bytes: IPv4 length, 4 address bytes,
 *           IPv6 length, 16 address bytes (raw unless "clean")
 *   then    lookups of LOOKUP_LEN bytes: a selector and 16 address bytes
 *           (the IPv4 address is the first 4); with the selector's bit 7
 *           set, the prefix bits of entry (selector % n) are written over
 *           both addresses so that they hit an entry
 *
 * Properties (abort() on a violation):
 * - init returns what the model says (the first entry, in the input's
 *   order, that is invalid or conflicts with an earlier one decides) and
 *   sets *bad to that entry's index; on an error the table is untouched
 *   and the entries are back in the input's order;
 * - every lookup, both ways, gives the model's status and address, and
 *   leaves the output untouched when there is no mapping;
 * - without V6T_XLAT_EAM_NESTED (no two prefixes overlap) a mapped
 *   address maps back: IPv4 exactly, IPv6 with the bits that §3.3.2
 *   discards cleared.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <v6transit/xlat.h>

#include "../eam_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SENTINEL 0xa5
#define MAX_N 32u
#define ENTRY_LEN 22u
#define LOOKUP_LEN 17u
#define MAX_LOOKUPS 64u

static void check(int cond)
{
	if (!cond)
		abort();
}

static int untouched(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != SENTINEL)
			return 0;
	return 1;
}

/* Byte i of the input, zero past its end. */
static uint8_t byte_at(const uint8_t *data, size_t size, size_t i)
{
	return i < size ? data[i] : 0;
}

static void read_entry(v6t_xlat_eam *x, const uint8_t *data, size_t size,
		       size_t off, int clean)
{
	unsigned i, l4 = byte_at(data, size, off), l6 = byte_at(data, size, off + 5);

	memset(x, SENTINEL, sizeof *x);
	for (i = 0; i < 4; i++)
		x->p4.addr.b[i] = byte_at(data, size, off + 1 + i);
	for (i = 0; i < 16; i++)
		x->p6.addr.b[i] = byte_at(data, size, off + 6 + i);
	if (clean) {
		l4 %= 33;
		l6 %= 129;
		if (l6 > 96 + l4) /* 32 - l4 <= 128 - l6 */
			l6 = 96 + l4;
		for (i = l4; i < 32; i++)
			em_set(x->p4.addr.b, i, 0);
		for (i = l6; i < 128; i++)
			em_set(x->p6.addr.b, i, 0);
	}
	x->p4.len = (uint8_t)l4;
	x->p6.len = (uint8_t)l6;
}

static void lookup(const v6t_xlat_eamt *t, const v6t_xlat_eam *model,
		   size_t n, unsigned flags, const v6t_in4 *a4,
		   const v6t_in6 *a6)
{
	v6t_in4 o4, m4, back4;
	v6t_in6 o6, m6, back6;
	int rc;

	memset(&o6, SENTINEL, sizeof o6);
	memset(&m6, 0, sizeof m6);
	rc = v6t_xlat_eamt_4to6(t, a4, &o6);
	check(rc == em_4to6(model, n, a4, &m6));
	if (rc != V6T_OK) {
		check(rc == V6T_EXLAT_NO_MAPPING && untouched(&o6, sizeof o6));
	} else {
		check(memcmp(o6.b, m6.b, 16) == 0);
		if (!(flags & V6T_XLAT_EAM_NESTED)) {
			check(v6t_xlat_eamt_6to4(t, &o6, &back4) == V6T_OK);
			check(memcmp(back4.b, a4->b, 4) == 0);
		}
	}

	memset(&o4, SENTINEL, sizeof o4);
	memset(&m4, 0, sizeof m4);
	rc = v6t_xlat_eamt_6to4(t, a6, &o4);
	check(rc == em_6to4(model, n, a6, &m4));
	if (rc != V6T_OK) {
		check(rc == V6T_EXLAT_NO_MAPPING && untouched(&o4, sizeof o4));
	} else {
		check(memcmp(o4.b, m4.b, 4) == 0);
		if (!(flags & V6T_XLAT_EAM_NESTED)) {
			const v6t_xlat_eam *m = em_find6(model, n, a6);
			v6t_in6 kept = *a6;
			unsigned i;

			/* §3.3.2 keeps the IPv6 prefix and 32 - p4.len bits */
			for (i = m->p6.len + 32u - m->p4.len; i < 128; i++)
				em_set(kept.b, i, 0);
			check(v6t_xlat_eamt_4to6(t, &o4, &back6) == V6T_OK);
			check(memcmp(back6.b, kept.b, 16) == 0);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	v6t_xlat_eam model[MAX_N], e[MAX_N];
	v6t_xlat_eamt t;
	unsigned f0 = byte_at(data, size, 0), flags, k;
	size_t n = byte_at(data, size, 1) % (MAX_N + 1), i, off, bad, mbad = 0;
	int rc, mrc;

	flags = f0 & 0x80 ? f0 : f0 & V6T_XLAT_EAM_NESTED;
	for (i = 0; i < n; i++)
		read_entry(&model[i], data, size, 2 + i * ENTRY_LEN, f0 & 2);
	memcpy(e, model, sizeof e);
	memset(&t, SENTINEL, sizeof t);
	bad = SIZE_MAX;
	rc = v6t_xlat_eamt_init(&t, e, n, flags, &bad);
	if (flags & ~V6T_XLAT_EAM_NESTED) {
		check(rc == V6T_EINVAL && bad == SIZE_MAX && untouched(&t, sizeof t));
		return 0;
	}
	mrc = em_init_expect(model, n, flags, &mbad);
	check(rc == mrc);
	if (rc != V6T_OK) {
		check(bad == mbad && untouched(&t, sizeof t));
		for (i = 0; i < n; i++)
			check(memcmp(&e[i].p4, &model[i].p4, sizeof e[i].p4) == 0 &&
			      memcmp(&e[i].p6, &model[i].p6, sizeof e[i].p6) == 0);
		return 0;
	}
	check(bad == SIZE_MAX);

	off = 2 + n * ENTRY_LEN;
	for (k = 0; k < MAX_LOOKUPS && off < size; k++, off += LOOKUP_LEN) {
		unsigned sel = byte_at(data, size, off);
		v6t_in6 a6;
		v6t_in4 a4;

		for (i = 0; i < 16; i++)
			a6.b[i] = byte_at(data, size, off + 1 + i);
		memcpy(a4.b, a6.b, 4);
		if ((sel & 0x80) && n > 0) {
			const v6t_xlat_eam *x = &model[sel % n];

			for (i = 0; i < x->p4.len; i++)
				em_set(a4.b, (unsigned)i, em_bit(x->p4.addr.b, (unsigned)i));
			for (i = 0; i < x->p6.len; i++)
				em_set(a6.b, (unsigned)i, em_bit(x->p6.addr.b, (unsigned)i));
		}
		lookup(&t, model, n, flags, &a4, &a6);
	}
	return 0;
}
