/*
 * Fuzz target: v6t_pkt_parse() (packet.h), the IPv4 / IPv6 header walker.
 *
 * The input is the packet itself, copied into a heap block of exactly its
 * size so that a read past the end trips ASan; it is parsed with opts 0
 * and with V6T_PKT_OPT_TRUNCATED.
 *
 * Properties (abort() on a violation):
 * - the result is V6T_OK or one of the documented V6T_EPKT_* codes, and a
 *   failed call leaves the view untouched;
 * - on success: end <= size (and end == size exactly when CUT, which only
 *   OPT_TRUNCATED sets), l4_off <= end with L4 (0 without), unfrag_end <=
 *   end, PORTS implies L4 and l4_off + 4 <= end and the ports are the
 *   bytes there, FRAGMENT and ATOMIC never both, ext_count <=
 *   V6T_PKT_MAX_EXT, no unknown flag; per version, the fields that do not
 *   apply are zero, and the Fragment header fields agree with the bytes
 *   (the byte at frag_nh_off is 44, the header lies within end);
 * - opts 0 succeeding implies the same view under OPT_TRUNCATED; any other
 *   opts-0 result than SHORT is also the OPT_TRUNCATED result; an
 *   OPT_TRUNCATED success without CUT is an opts-0 success;
 * - a packet OPT_TRUNCATED accepts is still accepted with its last byte
 *   cut off, as long as the IP header is whole;
 * - both results equal those of ref_parse() below, a second reading of
 *   packet.h written for clarity rather than speed: it checks every header
 *   against min(declared end, buffer) and decides separately whether a cut
 *   is forgiven.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <v6transit/packet.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SENTINEL 0xa5

static void check(int cond)
{
	if (!cond)
		abort();
}

static unsigned be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static int untouched(const v6t_pkt *v)
{
	const uint8_t *b = (const uint8_t *)v;
	size_t i;

	for (i = 0; i < sizeof *v; i++)
		if (b[i] != SENTINEL)
			return 0;
	return 1;
}

static int same(const v6t_pkt *a, const v6t_pkt *b)
{
	return a->end == b->end && a->l4_off == b->l4_off &&
	       a->unfrag_end == b->unfrag_end &&
	       a->frag_hdr_off == b->frag_hdr_off &&
	       a->frag_nh_off == b->frag_nh_off && a->frag_id == b->frag_id &&
	       a->frag_offset == b->frag_offset && a->sport == b->sport &&
	       a->dport == b->dport && a->version == b->version &&
	       a->proto == b->proto && a->more_frags == b->more_frags &&
	       a->ext_count == b->ext_count && a->flags == b->flags;
}

static int documented(int rc)
{
	switch (rc) {
	case V6T_OK:
	case V6T_EPKT_VERSION:
	case V6T_EPKT_SHORT:
	case V6T_EPKT_IPV4_HEADER:
	case V6T_EPKT_CHAIN:
	case V6T_EPKT_TOO_MANY_EXT:
	case V6T_EPKT_HOP_BY_HOP:
	case V6T_EPKT_FRAG_TWICE:
		return 1;
	default:
		return 0;
	}
}

/* ------------------------------------------------- reference reading */

static int has_ports(unsigned proto)
{
	return proto == 6 || proto == 17 || proto == 33 || proto == 50 ||
	       proto == 132 || proto == 136;
}

/* The upper-layer header at off; "whole" when a missing port is an error. */
static int ref_upper(const uint8_t *d, size_t off, size_t avail, int whole,
		     unsigned proto, v6t_pkt *v)
{
	v->flags |= V6T_PKT_L4;
	v->l4_off = (uint32_t)off;
	v->proto = (uint8_t)proto;
	if (!has_ports(proto))
		return V6T_OK;
	if (off + 4 <= avail) {
		v->flags |= V6T_PKT_PORTS;
		v->sport = (uint16_t)be16(d + off);
		v->dport = (uint16_t)be16(d + off + 2);
		return V6T_OK;
	}
	return whole ? V6T_EPKT_CHAIN : V6T_OK;
}

static int ref4(const uint8_t *d, size_t n, unsigned opts, v6t_pkt *v)
{
	size_t ihl = (size_t)(d[0] & 15) * 4, declared, avail;
	unsigned fl = n >= 8 ? be16(d + 6) : 0;
	int cut;

	if (ihl < 20)
		return V6T_EPKT_IPV4_HEADER;
	if (n < ihl)
		return V6T_EPKT_SHORT;
	declared = be16(d + 2);
	if (declared < ihl)
		return V6T_EPKT_IPV4_HEADER;
	cut = declared > n;
	if (cut && !(opts & V6T_PKT_OPT_TRUNCATED))
		return V6T_EPKT_SHORT;
	avail = cut ? n : declared;
	memset(v, 0, sizeof *v);
	v->version = 4;
	v->end = (uint32_t)avail;
	v->unfrag_end = (uint32_t)ihl;
	v->frag_id = be16(d + 4);
	v->frag_offset = (uint16_t)((fl & 0x1fff) << 3);
	v->more_frags = (fl & 0x2000) ? 1 : 0;
	v->proto = d[9];
	v->flags = (uint8_t)((cut ? V6T_PKT_CUT : 0) |
			     ((fl & 0x3fff) ? V6T_PKT_FRAGMENT : 0));
	if (fl & 0x1fff)
		return V6T_OK;
	return ref_upper(d, ihl, avail, !(v->flags & V6T_PKT_FRAGMENT) && !cut,
			 d[9], v);
}

static int ref6(const uint8_t *d, size_t n, unsigned opts, v6t_pkt *v)
{
	size_t declared, avail, off = 40, nh_at = 6, count = 0;
	int cut, first_frag = 0, seen_frag = 0;

	if (n < 40)
		return V6T_EPKT_SHORT;
	declared = 40 + (size_t)be16(d + 4);
	cut = declared > n;
	if (cut && !(opts & V6T_PKT_OPT_TRUNCATED))
		return V6T_EPKT_SHORT;
	avail = cut ? n : declared;
	memset(v, 0, sizeof *v);
	v->version = 6;
	v->end = (uint32_t)avail;
	v->unfrag_end = 40;
	v->flags = cut ? V6T_PKT_CUT : 0;
	for (;;) {
		unsigned nh = d[nh_at];
		size_t len;

		switch (nh) {
		case 0: case 43: case 44: case 51: case 60:
		case 135: case 139: case 140:
			break;
		default:
			return ref_upper(d, off, avail,
					 !first_frag && !cut, nh, v);
		}
		if (count == V6T_PKT_MAX_EXT)
			return V6T_EPKT_TOO_MANY_EXT;
		if (nh == 0 && off != 40)
			return V6T_EPKT_HOP_BY_HOP;
		if (nh == 44 && seen_frag)
			return V6T_EPKT_FRAG_TWICE;
		/* the length: from the bytes when 2 of them are there */
		if (off + 2 > avail)
			len = 8; /* too long anyway: at least 8 */
		else if (nh == 44)
			len = 8;
		else if (nh == 51)
			len = ((size_t)d[off + 1] + 2) * 4;
		else
			len = ((size_t)d[off + 1] + 1) * 8;
		if (off + len > avail) {
			if (first_frag || cut)
				return V6T_OK;
			return V6T_EPKT_CHAIN;
		}
		count++;
		v->ext_count = (uint8_t)count;
		if (nh == 44) {
			unsigned fl = be16(d + off + 2);

			seen_frag = 1;
			v->frag_hdr_off = (uint32_t)off;
			v->frag_nh_off = (uint32_t)nh_at;
			v->frag_id = (uint32_t)be16(d + off + 4) << 16 |
				     be16(d + off + 6);
			v->frag_offset = (uint16_t)(fl & 0xfff8);
			v->more_frags = (uint8_t)(fl & 1);
			v->proto = d[off];
			if (fl & 0xfff8) {
				v->flags |= V6T_PKT_FRAGMENT;
				return V6T_OK;
			}
			if (fl & 1) {
				v->flags |= V6T_PKT_FRAGMENT;
				first_frag = 1;
			} else {
				v->flags |= V6T_PKT_ATOMIC;
			}
		}
		if (nh == 0 || (nh == 43 && !seen_frag))
			v->unfrag_end = (uint32_t)(off + len);
		nh_at = off;
		off += len;
	}
}

static int ref_parse(const uint8_t *d, size_t n, unsigned opts, v6t_pkt *v)
{
	v6t_pkt tmp;
	int rc;

	if (n == 0)
		return V6T_EPKT_VERSION;
	if (d[0] >> 4 == 4)
		rc = ref4(d, n, opts, &tmp);
	else if (d[0] >> 4 == 6)
		rc = ref6(d, n, opts, &tmp);
	else
		return V6T_EPKT_VERSION;
	if (rc == V6T_OK)
		*v = tmp;
	return rc;
}

/* ---------------------------------------------------------- checks */

/* The invariants of one successful view of d (size bytes). */
static void check_view(const uint8_t *d, size_t size, unsigned opts,
		       const v6t_pkt *v)
{
	unsigned f = v->flags;

	check(v->version == d[0] >> 4);
	check((f & ~0x1fu) == 0);
	check(v->end <= size);
	check(!(f & V6T_PKT_CUT) ||
	      ((opts & V6T_PKT_OPT_TRUNCATED) && v->end == size));
	check(v->unfrag_end <= v->end);
	if (f & V6T_PKT_L4)
		check(v->l4_off <= v->end);
	else
		check(v->l4_off == 0);
	if (f & V6T_PKT_PORTS) {
		check(f & V6T_PKT_L4);
		check(v->l4_off + 4 <= v->end);
		check(v->sport == be16(d + v->l4_off));
		check(v->dport == be16(d + v->l4_off + 2));
	} else {
		check(v->sport == 0 && v->dport == 0);
	}
	check(!((f & V6T_PKT_FRAGMENT) && (f & V6T_PKT_ATOMIC)));
	check(v->ext_count <= V6T_PKT_MAX_EXT);
	check(v->more_frags <= 1);

	if (v->version == 4) {
		check(v->end == (f & V6T_PKT_CUT ? size : be16(d + 2)));
		check(v->unfrag_end == (unsigned)(d[0] & 15) * 4);
		check(v->ext_count == 0 && v->frag_hdr_off == 0 &&
		      v->frag_nh_off == 0 && !(f & V6T_PKT_ATOMIC));
		check(v->proto == d[9] && v->frag_id == be16(d + 4));
		check(!(f & V6T_PKT_L4) == (v->frag_offset != 0));
		if (f & V6T_PKT_L4)
			check(v->l4_off == v->unfrag_end);
		return;
	}
	check(v->version == 6);
	check(v->end == (f & V6T_PKT_CUT ? size : 40 + be16(d + 4)));
	check(v->unfrag_end >= 40);
	check(!(f & V6T_PKT_L4) || v->l4_off >= 40);
	if (v->frag_hdr_off != 0) {
		check(f & (V6T_PKT_FRAGMENT | V6T_PKT_ATOMIC));
		check(v->frag_hdr_off + 8 <= v->end);
		check(d[v->frag_nh_off] == 44);
		check(v->frag_nh_off == 6 ||
		      (v->frag_nh_off >= 40 && v->frag_nh_off < v->frag_hdr_off));
		check(v->unfrag_end <= v->frag_hdr_off);
		check(v->ext_count >= 1);
		if (f & V6T_PKT_ATOMIC)
			check(v->frag_offset == 0 && v->more_frags == 0);
		else
			check(v->frag_offset != 0 || v->more_frags == 1);
		if (v->frag_offset != 0)
			check(!(f & V6T_PKT_L4));
		if (!(f & V6T_PKT_L4))
			check(v->proto == d[v->frag_hdr_off]);
	} else {
		check(!(f & (V6T_PKT_FRAGMENT | V6T_PKT_ATOMIC)));
		check(v->frag_nh_off == 0 && v->frag_id == 0 &&
		      v->frag_offset == 0 && v->more_frags == 0);
		if (!(f & V6T_PKT_L4))
			check(v->proto == 0 && (f & V6T_PKT_CUT));
	}
}

static int parse(const uint8_t *d, size_t size, unsigned opts, v6t_pkt *v)
{
	int rc;

	memset(v, SENTINEL, sizeof *v);
	rc = v6t_pkt_parse(d, size, opts, v);
	check(documented(rc));
	if (rc != V6T_OK)
		check(untouched(v));
	else
		check_view(d, size, opts, v);
	return rc;
}

static void check_model(const uint8_t *d, size_t size, unsigned opts, int rc,
			const v6t_pkt *v)
{
	v6t_pkt r;
	int rrc = ref_parse(d, size, opts, &r);

	check(rrc == rc);
	if (rc == V6T_OK)
		check(same(&r, v));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *d = malloc(size > 0 ? size : 1);
	v6t_pkt v0, vt, vp;
	int rc0, rct;

	if (d == NULL)
		return 0;
	memcpy(d, data, size);

	rc0 = parse(d, size, 0, &v0);
	rct = parse(d, size, V6T_PKT_OPT_TRUNCATED, &vt);
	check_model(d, size, 0, rc0, &v0);
	check_model(d, size, V6T_PKT_OPT_TRUNCATED, rct, &vt);

	if (rc0 != V6T_EPKT_SHORT) {
		check(rct == rc0);
		if (rc0 == V6T_OK)
			check(same(&v0, &vt) && !(vt.flags & V6T_PKT_CUT));
	}
	if (rct == V6T_OK && !(vt.flags & V6T_PKT_CUT))
		check(rc0 == V6T_OK);

	/* one byte less, in its own exact-size block */
	if (rct == V6T_OK && size > 1) {
		size_t hdr = vt.version == 4 ? (size_t)(d[0] & 15) * 4 : 40;
		uint8_t *s = malloc(size - 1);

		if (s != NULL) {
			int rcp;

			memcpy(s, d, size - 1);
			rcp = parse(s, size - 1, V6T_PKT_OPT_TRUNCATED, &vp);
			check_model(s, size - 1, V6T_PKT_OPT_TRUNCATED, rcp,
				    &vp);
			if (size - 1 >= hdr)
				check(rcp == V6T_OK);
			else
				check(rcp == V6T_EPKT_SHORT);
			free(s);
		}
	}
	free(d);
	return 0;
}
