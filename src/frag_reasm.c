/*
 * libv6transit - fragment reassembly: IPv6 (RFC 8200 §4.5, RFC 5722,
 * RFC 6946, RFC 7112) and IPv4 (RFC 791 §3.2, RFC 815) in caller memory
 * (frag.h).
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The table (frag_table.h has its layout) keeps one slot per datagram in
 * reassembly. A fragment goes through three steps:
 *
 *   classify()  one parse of the packet (a fast path for the IPv6 header
 *               followed by a Fragment header and for IPv4 without
 *               options, else the shared walker), the IPv4 checksum, the
 *               key, and the checks on the fragment alone;
 *   find()      the slot of its key: the previous fragment's slot when
 *               the key is the same, else the hash table;
 *   fragment()  the rules of frag.h on the datagram: poison, overlap,
 *               end, room; then the copy (append() for the common case,
 *               a fragment after all the data held; add() for the rest),
 *               and the delivery of a complete datagram.
 *
 * v6t_frag_input_burst() runs classify() and the hash over a group of
 * packets first and prefetches what fragment() will touch.
 *
 * A slot keeps one range per fragment received, sorted and disjoint, not
 * merged: an exact duplicate is then a range with the same start and end.
 * Ranges are never empty (a fragment without data is refused), and since
 * they never overlap, "bytes received == total length" means complete.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <v6transit/frag.h>
#include <v6transit/icmp.h>

#include "checksum.h"
#include "frag_table.h"
#include "icmp_rules.h"
#include "packet_walk.h"

/* RFC 8200 §3 / RFC 791 §3.1: the largest Payload Length / Total Length. */
#define LEN16_MAX 0xffffu
/* RFC 791 §3.1: the flag bits kept on reassembly (reserved bit and DF);
 * MF and the offset are cleared. */
#define IP4_KEEP_FLAGS 0xc000u
#define IP4_CSUM_OFF 10
#define IP4_SRC_OFF 12
#define IP4_DST_OFF 16
#define IP6_SRC_OFF 8
#define IP6_DST_OFF 24
#define IP4_TOS_OFF 1
#define IP6_TC_LOW_OFF 1     /* byte 1: the low 4 bits of Traffic Class on top */
#define IP4_IHL5 0x45u       /* version 4, IHL 5 */

/* The ECN field (RFC 3168 §5): IPv4 the low 2 bits of TOS, IPv6 the low 2
 * bits of Traffic Class, which are bits 4-5 of byte 1. */
#define ECN4_MASK 0x03u
#define ECN6_SHIFT 4
#define ECN_CE 3u
#define ECN_NOT_ECT 0u

/* RFC 4443 §3.4 / RFC 8200 §4.5: Parameter Problem and its codes; the
 * Time Exceeded messages, code 1 (reassembly time exceeded). */
#define ICMP6_PARAM_PROB 4
#define ICMP6_PP_FIELD 0   /* erroneous header field encountered */
#define ICMP6_PP_CHAIN 3   /* RFC 7112 §5: incomplete header chain */
#define ICMP6_TIME_EXCEEDED 3  /* RFC 4443 §3.3 */
#define ICMP4_TIME_EXCEEDED 11 /* RFC 792 */
#define ICMP_REASM_CODE 1

/* For the general path of v6t_frag_input(), kept out of its fast path. */
#if defined(__GNUC__)
#define V6T_NOINLINE __attribute__((noinline))
#else
#define V6T_NOINLINE
#endif

/* IANA protocol numbers. */
#define PROTO_FRAGMENT 44

/* What classify() made of a packet. */
enum kind { K_DROP, K_PASS, K_ATOMIC, K_FRAG };

/* One fragment, as classify() leaves it. */
struct frag {
	uint64_t key[KEY_WORDS];
	uint64_t hash;         /* key_hash() of key, or HASH_UNKNOWN until needed */
	const uint8_t *pkt;
	const uint8_t *data;   /* its data bytes */
	uint32_t off, len;     /* their place in the datagram and their number */
	uint32_t hdr_len;      /* IPv6 the headers before the Fragment header;
				  IPv4 the header length */
	uint32_t nh_off;       /* IPv6: the Next Header field naming it */
	uint32_t l4_off;       /* the upper-layer header when seen, else 0 */
	int err;               /* a rule on the fragment alone it breaks, or 0 */
	uint32_t icmp_ptr;     /* with err, the Parameter Problem pointer */
	uint8_t icmp_code;     /* with err, its code, or 0xff for none */
	uint8_t version;
	uint8_t more;          /* the M (MF) flag */
	uint8_t ecn;           /* the ECN field */
	uint8_t upper;         /* the upper-layer protocol as far as it shows */
};

#define NO_ICMP 0xffu

/* typed stores for the 16-bit fields a slot keeps (their ranges are
 * checked where they are computed) */
#define U16(x) ((uint16_t)(x))

/* ------------------------------------------------------------ results */

/* Nothing delivered, nothing dropped, no ICMP: field by field, which
 * compilers turn into a few wide stores (a memset of the struct becomes a
 * string instruction that costs more than all the checks of append()). */
static V6T_ALWAYS_INLINE void result_init(v6t_frag_result *res)
{
	res->data = NULL;
	res->len = 0;
	res->seg_len = 0;
	res->verdict = 0;
	res->reason = V6T_OK;
	res->icmp_type = 0;
	res->icmp_code = 0;
	res->icmp_pointer = 0;
	res->evicted = 0;
	res->timed_out = 0;
	res->ref_ = NONE;
}

/* Count a dropped packet under its reason (frag.h, v6t_frag_stats). */
static void count_drop(v6t_frag_stats *st, int reason)
{
	switch (reason) {
	case V6T_EFRAG_OVERLAP: st->overlap++; break;
	case V6T_EFRAG_INCONSISTENT: st->inconsistent++; break;
	case V6T_EFRAG_POISONED: st->poisoned++; break;
	case V6T_EFRAG_DUPLICATE: st->duplicate++; break;
	case V6T_EFRAG_LENGTH: st->length++; break;
	case V6T_EFRAG_BEYOND_64K: st->beyond_64k++; break;
	case V6T_EFRAG_HEADERS: st->headers++; break;
	case V6T_EFRAG_TOO_MANY: st->too_many++; break;
	case V6T_EFRAG_NO_ROOM: st->no_room++; break;
	case V6T_EFRAG_ECN: st->ecn++; break;
	case V6T_EPKT_IPV4_CHECKSUM: st->checksum++; break;
	default: st->malformed++; break;
	}
}

static void drop(v6t_frag_table *t, v6t_frag_result *res, int reason)
{
	res->verdict = V6T_FRAG_DROPPED;
	res->reason = reason;
	count_drop(&t->stats, reason);
}

/* ------------------------------------------------------------ ICMP */

/* frag.h "ICMP the table suggests": the shared rules (icmp_rules.h) on
 * what classify() or the walk of a quote found. */
static int icmp_allowed(const struct frag *f, unsigned type, unsigned code)
{
	struct v6t_icmp_subject s;

	s.pkt = f->pkt;
	s.version = f->version;
	s.upper = f->upper;
	s.later_frag = f->version == 4 && f->off != 0;
	s.icmp_type = f->l4_off != 0 ? f->pkt[f->l4_off] : -1;
	return v6t_icmp_rules_allow(&s, type, code);
}

/* Drop f for the rule it broke alone, with its ICMPv6 Parameter Problem
 * where RFC 8200 §4.5 asks for one and frag.h "ICMP" allows it. */
static void drop_err(v6t_frag_table *t, const struct frag *f,
		     v6t_frag_result *res)
{
	drop(t, res, f->err);
	if (f->icmp_code != NO_ICMP &&
	    icmp_allowed(f, ICMP6_PARAM_PROB, f->icmp_code)) {
		res->icmp_type = ICMP6_PARAM_PROB;
		res->icmp_code = f->icmp_code;
		res->icmp_pointer = f->icmp_ptr;
	}
}

/* ------------------------------------------------------------ classify */

static void set_err(struct frag *f, int err, unsigned code, uint32_t ptr)
{
	f->err = err;
	f->icmp_code = (uint8_t)code;
	f->icmp_ptr = ptr;
}

/*
 * RFC 8200 §4.5: IPv6 fragments belong together by source, destination
 * and Identification; RFC 791 §3.2: IPv4 ones by source, destination,
 * protocol and Identification. The words are the hash's message too.
 */
static V6T_ALWAYS_INLINE void key6(struct frag *f, const uint8_t *p, uint32_t id)
{
	f->key[0] = v6t_ld_le64(p + IP6_SRC_OFF);
	f->key[1] = v6t_ld_le64(p + IP6_SRC_OFF + 8);
	f->key[2] = v6t_ld_le64(p + IP6_DST_OFF);
	f->key[3] = v6t_ld_le64(p + IP6_DST_OFF + 8);
	f->key[4] = key_last_word(id, 0, 6);
}

static V6T_ALWAYS_INLINE void key4(struct frag *f, const uint8_t *p)
{
	f->key[0] = v6t_ld_le32(p + IP4_SRC_OFF) |
		    (uint64_t)v6t_ld_le32(p + IP4_DST_OFF) << 32;
	f->key[1] = f->key[2] = f->key[3] = 0;
	f->key[4] = key_last_word(v6t_ld_be16(p + IP4_ID_OFF), p[IP4_PROTO_OFF], 4);
}

/*
 * The checks on an IPv6 fragment alone (RFC 8200 §4.5), in the RFC's
 * order: length, 64 KiB with this fragment's Per-Fragment headers, the
 * RFC 7112 header chain; then frag.h's "no data" (after the chain: a first
 * fragment cut right after its Fragment header is an incomplete chain).
 * chain_ok: the fragment holds the whole chain (offset 0 only).
 */
static V6T_ALWAYS_INLINE void check6(struct frag *f, int chain_ok)
{
	f->err = 0;
	if (f->more && f->len % 8 != 0)
		/* Parameter Problem code 0 at Payload Length */
		set_err(f, V6T_EFRAG_LENGTH, ICMP6_PP_FIELD, IP6_PLEN_OFF);
	else if (f->hdr_len - IP6_HDR_LEN + f->off + f->len > LEN16_MAX)
		/* code 0 at the Fragment Offset field */
		set_err(f, V6T_EFRAG_BEYOND_64K, ICMP6_PP_FIELD,
			f->hdr_len + FRAG_OFFLG_OFF);
	else if (f->off == 0 && !chain_ok)
		/* RFC 7112 §5: code 3, pointer 0 */
		set_err(f, V6T_EFRAG_HEADERS, ICMP6_PP_CHAIN, 0);
	else if (f->len == 0)
		/* no data: nothing to reassemble; 0 is a multiple of 8 */
		set_err(f, V6T_EFRAG_LENGTH, NO_ICMP, 0);
}

/* The same for IPv4 (RFC 791 §3.2), without ICMP: the Total Length of
 * the datagram with this header would not fit its 16 bits. */
static V6T_ALWAYS_INLINE void check4(struct frag *f)
{
	f->err = 0;
	if ((f->more && f->len % 8 != 0) || f->len == 0)
		set_err(f, V6T_EFRAG_LENGTH, NO_ICMP, 0);
	else if (f->hdr_len + f->off + f->len > LEN16_MAX)
		set_err(f, V6T_EFRAG_BEYOND_64K, NO_ICMP, 0);
}

/*
 * RFC 8200 §4.5: the first fragment must "include all headers through an
 * Upper-Layer header" (RFC 7112 §5: the whole header chain): the walk must
 * reach the upper-layer header and the fragment hold v6t_upper_min() bytes
 * of it, so a reassembled datagram always holds its whole chain.
 */
static int chain_whole(const v6t_pkt *v)
{
	return (v->flags & V6T_PKT_L4) != 0 &&
	       v->end - v->l4_off >= v6t_upper_min(v->proto);
}

/* A fragment the walker parsed (any header shape). */
static void from_walk(struct frag *f, const uint8_t *pkt, const v6t_pkt *v)
{
	f->version = v->version;
	f->more = v->more_frags;
	f->off = v->frag_offset;
	f->upper = v->proto;
	/* the upper-layer header's first byte, if the datagram has it */
	f->l4_off = (v->flags & V6T_PKT_L4) && v->l4_off < v->end ? v->l4_off : 0;
	if (v->version == 6) {
		uint32_t doff = v->frag_hdr_off + FRAG_HDR_LEN;

		f->hdr_len = v->frag_hdr_off;
		f->nh_off = v->frag_nh_off;
		f->len = v->end - doff; /* the walker put the Fragment header in end */
		f->data = pkt + doff;
		f->ecn = (uint8_t)(pkt[IP6_TC_LOW_OFF] >> ECN6_SHIFT & ECN4_MASK);
		key6(f, pkt, v->frag_id);
		check6(f, chain_whole(v));
	} else {
		f->hdr_len = v->unfrag_end;
		f->len = v->end - v->unfrag_end;
		f->data = pkt + v->unfrag_end;
		f->ecn = (uint8_t)(pkt[IP4_TOS_OFF] & ECN4_MASK);
		key4(f, pkt);
		check4(f);
	}
}

/*
 * The fast path for an IPv6 header followed by a Fragment header: what
 * the walker would find, without the walk. 1 when it applied; 0 for any
 * other shape (the walker then decides). Conditions: version 6, the 48
 * bytes there, a Fragment header (8 bytes) inside Payload Length, and
 * either a non-first fragment (the walk stops at its Fragment header) or
 * a first fragment (M = 1) whose Fragment header names an upper-layer
 * protocol.
 */
static V6T_ALWAYS_INLINE int fast6(struct frag *f, const uint8_t *pkt, size_t len)
{
	const uint8_t *fh;
	uint32_t plen, fo;
	unsigned nh;

	/* the version too: an IPv4 fragment's byte 6 (flags and offset)
	 * may be 44 */
	if (len < IP6_HDR_LEN + FRAG_HDR_LEN || pkt[0] >> 4 != 6 ||
	    pkt[IP6_NH_OFF] != PROTO_FRAGMENT)
		return 0;
	/* only now: pkt may be NULL (with len 0) */
	fh = pkt + IP6_HDR_LEN;
	plen = v6t_ld_be16(pkt + IP6_PLEN_OFF);
	fo = v6t_ld_be16(fh + FRAG_OFFLG_OFF);
	nh = fh[0];
	if (plen < FRAG_HDR_LEN || plen > len - IP6_HDR_LEN)
		return 0;
	if ((fo & FRAG_OFFSET_MASK) == 0 &&
	    ((fo & FRAG_M) == 0 || v6t_nh_kind[nh] >= NH_EXT))
		return 0;
	f->version = 6;
	f->more = (uint8_t)(fo & FRAG_M);
	f->off = fo & FRAG_OFFSET_MASK;
	f->len = plen - FRAG_HDR_LEN;
	f->data = fh + FRAG_HDR_LEN;
	f->hdr_len = IP6_HDR_LEN;
	f->nh_off = IP6_NH_OFF;
	f->upper = (uint8_t)nh;
	f->l4_off = f->off == 0 && f->len > 0 ? IP6_HDR_LEN + FRAG_HDR_LEN : 0;
	f->ecn = (uint8_t)(pkt[IP6_TC_LOW_OFF] >> ECN6_SHIFT & ECN4_MASK);
	key6(f, pkt, v6t_ld_be32(fh + FRAG_ID_OFF));
	/* v6t_upper_min() is at most 40 */
	check6(f, f->off != 0 || f->len >= IP6_HDR_LEN ||
		  f->len >= v6t_upper_min(nh));
	return 1;
}

/* The fast path for an IPv4 fragment without options (IHL 5); 0 for any
 * other packet. */
static V6T_ALWAYS_INLINE int fast4(struct frag *f, const uint8_t *pkt, size_t len)
{
	uint32_t tot, fo;

	if (len < IP4_HDR_MIN || pkt[0] != IP4_IHL5)
		return 0;
	tot = v6t_ld_be16(pkt + IP4_TOTLEN_OFF);
	fo = v6t_ld_be16(pkt + IP4_FRAG_OFF);
	if (tot < IP4_HDR_MIN || tot > len || (fo & (IP4_MF | IP4_OFFSET_MASK)) == 0)
		return 0;
	f->version = 4;
	f->more = (uint8_t)((fo & IP4_MF) >> IP4_MF_SHIFT);
	f->off = (fo & IP4_OFFSET_MASK) * 8;
	f->len = tot - IP4_HDR_MIN;
	f->data = pkt + IP4_HDR_MIN;
	f->hdr_len = IP4_HDR_MIN;
	f->nh_off = 0;
	f->upper = pkt[IP4_PROTO_OFF];
	f->l4_off = f->off == 0 && f->len > 0 ? IP4_HDR_MIN : 0;
	f->ecn = (uint8_t)(pkt[IP4_TOS_OFF] & ECN4_MASK);
	key4(f, pkt);
	check4(f);
	return 1;
}

/*
 * v6t_ip4_checksum_ok() of a header without options (IHL 5, so byte 0 is
 * 0x45) in fewer instructions. The one's complement sum of the 16-bit
 * words is the sum of the 32-bit words folded (RFC 1071 §2); 2^16 = 1
 * modulo 0xffff, so each fold keeps the residue modulo 0xffff, and the fold
 * of a sum that is not 0 lies in [1, 0xffff]. The folded sum is therefore
 * 0xffff exactly when the plain sum is a multiple of 0xffff other than 0,
 * and it is not 0 (byte 0 is not). In the CPU's byte order, as there: the
 * folded sum is byte-swapped, and 0xffff is its own swap.
 */
static V6T_ALWAYS_INLINE int ip4_hdr20_ok(const uint8_t *h)
{
	uint64_t sum = (uint64_t)v6t_ld_ne32(h) + v6t_ld_ne32(h + 4) +
		       v6t_ld_ne32(h + 8) + v6t_ld_ne32(h + 12) + v6t_ld_ne32(h + 16);

	return sum % 0xffffu == 0;
}

/*
 * What pkt is: K_FRAG with f filled; K_PASS; K_ATOMIC with *v the walk;
 * K_DROP with *reason. IPv4 header checksums are verified here, for every
 * fragment (RFC 791 §3.1).
 */
static V6T_ALWAYS_INLINE enum kind classify(const v6t_frag_table *t,
					    const uint8_t *pkt, size_t len,
					    struct frag *f, v6t_pkt *v,
					    int *reason)
{
	int rc;

	f->pkt = pkt;
	f->hash = HASH_UNKNOWN;
	if (!fast6(f, pkt, len) && !fast4(f, pkt, len)) {
		if ((rc = v6t_pkt_walk(pkt, len, 0, v)) != V6T_OK) {
			*reason = rc;
			return K_DROP;
		}
		if (v->flags & V6T_PKT_ATOMIC)
			return K_ATOMIC;
		if ((v->flags & V6T_PKT_FRAGMENT) == 0)
			return K_PASS;
		from_walk(f, pkt, v);
	}
	if (f->version == 4 && (t->flags & V6T_FRAG_CFG_TRUST_IP4_CHECKSUM) == 0 &&
	    !(f->hdr_len == IP4_HDR_MIN ? ip4_hdr20_ok(pkt)
					: v6t_ip4_checksum_ok(pkt, f->hdr_len))) {
		*reason = V6T_EPKT_IPV4_CHECKSUM;
		return K_DROP;
	}
	return K_FRAG;
}

/* ------------------------------------------------------------ atomic */

/*
 * RFC 6946 §4: an atomic fragment is "reassembled" from itself alone: the
 * headers before its Fragment header, with the Next Header that named it
 * set to the Fragment header's, Payload Length less 8, then its data,
 * written to out (room for max_datagram bytes).
 */
static void atomic_build(uint8_t *out, const uint8_t *pkt, const v6t_pkt *v)
{
	uint32_t fh = v->frag_hdr_off, n = v->end - FRAG_HDR_LEN;

	memcpy(out, pkt, fh);
	memcpy(out + fh, pkt + fh + FRAG_HDR_LEN, v->end - fh - FRAG_HDR_LEN);
	out[v->frag_nh_off] = pkt[fh];
	/* n >= 40 (the IPv6 header), n - 40 < the old Payload Length */
	v6t_st_be16(out + IP6_PLEN_OFF, (uint16_t)(n - IP6_HDR_LEN));
}

/*
 * Deliver an atomic fragment. The table's atomic buffer holds one; a
 * burst's further ones (*scratch_used) go to a slot of their own, pending
 * as a complete datagram's would be (frag_table.h).
 */
static void atomic(v6t_frag_table *t, const uint8_t *pkt, const v6t_pkt *v,
		   uint64_t now_ms, int *scratch_used, v6t_frag_result *res)
{
	uint32_t n = v->end - FRAG_HDR_LEN, i;
	uint8_t *out;

	if (n > t->max_datagram) {
		drop(t, res, V6T_EFRAG_NO_ROOM);
		return;
	}
	if (!*scratch_used) {
		*scratch_used = 1;
		out = scratch_at(t);
		atomic_build(out, pkt, v);
		res->data = out;
		res->seg_len = n;
	} else {
		uint32_t fh = v->frag_hdr_off;

		if ((i = v6t_ft_slot_for_atomic(t, n, now_ms, &res->evicted,
						&res->timed_out)) == NONE) {
			drop(t, res, V6T_EFRAG_NO_ROOM);
			return;
		}
		/* atomic_build() through the slot's chunks: the headers, the
		 * data, then the two fields (Payload Length lies in the first
		 * chunk, the Next Header field anywhere in the headers) */
		slot_write(t, i, HEAD, pkt, fh);
		slot_write(t, i, HEAD + fh, pkt + fh + FRAG_HDR_LEN, n - fh);
		*slot_bytes(t, i, HEAD + v->frag_nh_off, NULL) = pkt[fh];
		out = slot_bytes(t, i, HEAD, NULL);
		v6t_st_be16(out + IP6_PLEN_OFF, (uint16_t)(n - IP6_HDR_LEN));
		res->data = out;
		res->seg_len = slot_contig(t, i, HEAD, n);
		res->ref_ = i;
	}
	res->verdict = V6T_FRAG_ATOMIC;
	res->len = n;
	t->stats.atomic++;
}

/* ------------------------------------------------------------ a datagram */

/* The datagram's headers: known once the offset-zero fragment came; until
 * then the smallest IP header, to check a lower bound. */
static uint32_t hdr_of(const struct slot_hot *s, const struct frag *f)
{
	if (f->off == 0)
		return f->hdr_len;
	if (s != NULL && (s->flags & F_FIRST))
		return s->hdr_len;
	return f->version == 6 ? IP6_HDR_LEN : IP4_HDR_MIN;
}

/*
 * Whether the datagram with fragment f still fits (s NULL: a new one):
 * V6T_EFRAG_NO_ROOM for headers past HDR_ROOM or a datagram past
 * max_datagram; V6T_EFRAG_BEYOND_64K for a Payload Length (IPv6: 40 +
 * 65535 bytes in all) or Total Length (IPv4) past 65535 with the
 * datagram's own headers.
 */
static inline int room(const v6t_frag_table *t, const struct slot_hot *s,
		       const struct frag *f)
{
	uint32_t hdr = hdr_of(s, f), end = f->off + f->len;

	if (s != NULL && s->last_end > end)
		end = s->last_end;
	/* hdr <= 65535 and end <= 65535: no overflow */
	if (hdr + end <= (f->version == 6 ? t->max_datagram : t->max4) &&
	    hdr <= HDR_ROOM)
		return 0;
	if (hdr > HDR_ROOM)
		return V6T_EFRAG_NO_ROOM;
	if (hdr + end > (f->version == 6 ? V6T_FRAG_MAX_DATAGRAM : LEN16_MAX))
		return V6T_EFRAG_BEYOND_64K;
	return V6T_EFRAG_NO_ROOM;
}

/*
 * Whether f agrees with the datagram's end as known (RFC 815's "fragment
 * with no more fragments" sets it): not past a known end, a second last
 * fragment with the same end, a last fragment not before data received.
 */
static int end_ok(const struct slot_hot *s, const struct frag *f)
{
	uint32_t e = f->off + f->len;

	if (s->flags & F_HAS_TOTAL)
		return f->more ? e <= s->total : e == s->total;
	if (!f->more && s->nranges > 0)
		return e >= s->last_end;
	return 1;
}

/* The index of the first range ending after byte a: where a fragment
 * starting there goes, and the only range it can overlap first (ranges
 * are sorted and disjoint). Binary search: O(log max_frags). */
static uint32_t range_pos(const struct range *r, uint32_t n, uint32_t a)
{
	uint32_t lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (r[mid].end <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * RFC 8200 §4.5 lets exact duplicates be dropped: the same start and end,
 * the same M flag (the held range is the last one exactly when it ends at
 * the known total) and the same bytes.
 */
static int is_duplicate(const v6t_frag_table *t, uint32_t i,
			const struct range *r, const struct frag *f)
{
	const struct slot_hot *s = hot_at(t, i);
	int held_last = (s->flags & F_HAS_TOTAL) && r->end == s->total;

	return r->start == f->off && r->end == f->off + f->len &&
	       held_last == !f->more &&
	       slot_equal(t, i, HEAD + f->off, f->data, f->len);
}

/* RFC 5722 §4: discard the datagram in slot i and poison its key for
 * timeout_ms from now. */
static void poison(v6t_frag_table *t, uint32_t i, uint64_t now_ms)
{
	v6t_ft_poison_add(t, poison_hash(t, hot_at(t, i)->key),
			  now_ms + t->timeout_ms);
	slot_release(t, i);
}

/* Keep data bytes [off, off + n) of slot i's datagram as range pos, with
 * the M flag and ECN field of their fragment (off + n <= 65535,
 * check6()/check4(); room(): inside the slot's room). */
static V6T_ALWAYS_INLINE void store_data(v6t_frag_table *t, uint32_t i,
					 uint32_t pos, uint32_t off, uint32_t n,
					 const uint8_t *data, unsigned more,
					 unsigned ecn)
{
	struct slot_hot *s = hot_at(t, i);
	struct range *r = ranges_at(t, i);

	if (pos < s->nranges)
		memmove(&r[pos + 1], &r[pos], (s->nranges - pos) * sizeof *r);
	r[pos].start = U16(off);
	r[pos].end = U16(off + n);
	s->nranges++;
	if (pos + 1 == s->nranges)
		s->last_end = U16(off + n);
	slot_write(t, i, HEAD + off, data, n);
	s->received = U16(s->received + n);
	s->ecn |= (uint8_t)(1u << ecn);
	if (!more) {
		s->total = U16(off + n);
		s->flags |= F_HAS_TOTAL;
	}
}

/* Keep f's data, and its headers if it is the offset-zero fragment. */
static V6T_ALWAYS_INLINE void store(v6t_frag_table *t, uint32_t i,
				   uint32_t pos, const struct frag *f)
{
	struct slot_hot *s = hot_at(t, i);
	struct slot_cold *c = cold_at(t, i);

	store_data(t, i, pos, f->off, f->len, f->data, f->more, f->ecn);
	if (f->off == 0) {
		/* room(): hdr_len <= HDR_ROOM < HEAD; the plain headers of
		 * the fast paths with a size the compiler knows */
		if (f->hdr_len == IP6_HDR_LEN && t->chunk_shift == 0)
			memcpy(slot_bytes(t, i, HEAD - IP6_HDR_LEN, NULL), f->pkt,
			       IP6_HDR_LEN);
		else if (f->hdr_len == IP4_HDR_MIN && t->chunk_shift == 0)
			memcpy(slot_bytes(t, i, HEAD - IP4_HDR_MIN, NULL), f->pkt,
			       IP4_HDR_MIN);
		else
			slot_write(t, i, HEAD - f->hdr_len, f->pkt, f->hdr_len);
		s->hdr_len = U16(f->hdr_len);
		s->flags |= F_FIRST;
		c->nh_off = U16(f->nh_off);
		c->first_len = U16(f->len);
		if (f->version == 6)
			memcpy(c->frag_hdr, f->pkt + f->hdr_len, FRAG_HDR_LEN);
	}
}

/*
 * Add f to the datagram in slot i: V6T_OK when kept, else why not. An
 * overlap or a disagreement on the end poisons the key (RFC 5722 §4); too
 * many fragments or no room frees the slot. The order is frag.h's:
 * overlap before end. fresh: the slot was just made for f, whose room
 * start() checked.
 */
static int add(v6t_frag_table *t, uint32_t i, const struct frag *f, int fresh,
	       uint64_t now_ms, v6t_frag_result *res)
{
	struct slot_hot *s = hot_at(t, i);
	uint32_t pos = s->nranges;
	int rc;

	/* in-order arrival, the common case: after the last range */
	if (s->nranges > 0 && f->off < s->last_end) {
		const struct range *r = ranges_at(t, i);

		pos = range_pos(r, s->nranges, f->off);
		if (r[pos].start < f->off + f->len) {
			if (is_duplicate(t, i, &r[pos], f))
				return V6T_EFRAG_DUPLICATE;
			poison(t, i, now_ms);
			return V6T_EFRAG_OVERLAP;
		}
	}
	if (!end_ok(s, f)) {
		poison(t, i, now_ms);
		return V6T_EFRAG_INCONSISTENT;
	}
	if (s->nranges == t->max_frags)
		rc = V6T_EFRAG_TOO_MANY;
	else if (fresh || (rc = room(t, s, f)) == 0)
		rc = slot_reserve(t, i, f->off == 0 ? HEAD - f->hdr_len
						    : HEAD + f->off,
				  HEAD + f->off + f->len, now_ms,
				  &res->evicted, &res->timed_out);
	if (rc != 0) {
		slot_release(t, i);
		return rc;
	}
	store(t, i, pos, f);
	return V6T_OK;
}

/* Whether f, which broke a rule alone, overlaps data held in slot i: then
 * it is an overlap all the same (frag.h "Rules"). */
static int overlaps_held(const v6t_frag_table *t, uint32_t i,
			 const struct frag *f)
{
	const struct slot_hot *s = hot_at(t, i);
	const struct range *r = ranges_at(t, i);
	uint32_t pos;

	if (f->len == 0 || s->nranges == 0)
		return 0;
	pos = range_pos(r, s->nranges, f->off);
	return pos < s->nranges && r[pos].start < f->off + f->len;
}

/*
 * The datagram of slot i is complete: combine the ECN fields (RFC 3168
 * §5.3, doc NOTES-ecn.md); restore the headers in front of its data.
 * IPv6 (RFC 8200 §4.5): the Next Header of the offset-zero Fragment header,
 * Payload Length from the kept headers and the data. IPv4 (RFC 791 §3.2):
 * Total Length, MF and offset cleared, the header checksum updated for
 * each word changed (RFC 1624 §3), so a wrong one stays wrong. Returns
 * the first byte, or NULL when the ECN fields forbid the datagram.
 */
static uint8_t *finish(v6t_frag_table *t, uint32_t i)
{
	struct slot_hot *s = hot_at(t, i);
	uint8_t *h = slot_bytes(t, i, HEAD - s->hdr_len, NULL);
	/* room(): hdr_len + total <= max_datagram, and <= 65535 for IPv4 */
	uint32_t len = s->hdr_len + s->total;
	unsigned ce = (s->ecn & (1u << ECN_CE)) != 0;

	if ((s->ecn & (1u << ECN_NOT_ECT)) && s->ecn != (1u << ECN_NOT_ECT))
		return NULL;
	if (s->key[4] >> KEY_VERSION_SHIFT == 6) {
		h[cold_at(t, i)->nh_off] = (uint8_t)(cold_at(t, i)->frag_hdr[0]);
		v6t_st_be16(h + IP6_PLEN_OFF, (uint16_t)(len - IP6_HDR_LEN));
		if (ce)
			h[IP6_TC_LOW_OFF] |= ECN_CE << ECN6_SHIFT;
	} else {
		/* the words changed: Total Length, flags and offset, and with
		 * CE version/IHL/TOS */
		uint16_t old[3], new_[3], hc = v6t_ld_be16(h + IP4_CSUM_OFF);

		old[0] = v6t_ld_be16(h + IP4_TOTLEN_OFF);
		old[1] = v6t_ld_be16(h + IP4_FRAG_OFF);
		new_[0] = (uint16_t)len;
		new_[1] = (uint16_t)(old[1] & IP4_KEEP_FLAGS);
		v6t_st_be16(h + IP4_TOTLEN_OFF, new_[0]);
		v6t_st_be16(h + IP4_FRAG_OFF, new_[1]);
		if (ce) {
			old[2] = v6t_ld_be16(h);
			new_[2] = (uint16_t)(old[2] | ECN_CE);
			h[IP4_TOS_OFF] |= ECN_CE;
			hc = v6t_csum_update(hc, old, new_, 3);
		} else {
			/* a constant count: the sum unrolled, no array in memory */
			hc = v6t_csum_update(hc, old, new_, 2);
		}
		v6t_st_be16(h + IP4_CSUM_OFF, hc);
	}
	return h;
}

/* Deliver the complete datagram of slot i, or drop it for its ECN fields
 * (finish()). */
static void deliver(v6t_frag_table *t, uint32_t i, v6t_frag_result *res)
{
	const struct slot_hot *s = hot_at(t, i);
	uint8_t *h = finish(t, i);

	if (h == NULL) {
		slot_release(t, i);
		drop(t, res, V6T_EFRAG_ECN);
		return;
	}
	res->verdict = V6T_FRAG_DONE;
	res->data = h;
	res->len = (size_t)s->hdr_len + s->total;
	res->seg_len = slot_contig(t, i, HEAD - s->hdr_len, res->len);
	res->ref_ = i;
	t->stats.complete++;
	slot_retire(t, i);
}

/* Slot i has just stored a fragment: held, or delivered when complete. */
static V6T_ALWAYS_INLINE void held_or_done(v6t_frag_table *t, uint32_t i,
					   v6t_frag_result *res)
{
	const struct slot_hot *s = hot_at(t, i);

	if (!(s->flags & F_HAS_TOTAL) || s->received != s->total) {
		res->verdict = V6T_FRAG_HELD;
		t->stats.held++;
		return;
	}
	/* no overlaps and every range inside [0, total): all bytes are in */
	deliver(t, i, res);
}

/* Whether slot t->last (active, or NONE) holds key k: the previous
 * fragment's datagram, whose hot line that fragment just touched, found
 * without hashing. */
static V6T_ALWAYS_INLINE int is_last(const v6t_frag_table *t, const uint64_t *k)
{
	return t->last != NONE && key_eq(hot_at(t, t->last)->key, k);
}

/* The active slot holding key k, or NONE (frag_table.h lookup()), with
 * *h its hash, computed here if HASH_UNKNOWN; an empty table has nothing
 * to look up, and the hash waits until settle() needs it (which delivery
 * may forestall). */
static V6T_ALWAYS_INLINE uint32_t lookup_key(v6t_frag_table *t,
					     const uint64_t *k, uint64_t *h)
{
	if (t->count == 0)
		return NONE;
	if (*h == HASH_UNKNOWN)
		*h = key_hash(t, k);
	settle(t);
	return lookup(t, k, *h);
}

/* The slot of f's key, or NONE; the previous fragment's without a
 * lookup. */
static V6T_ALWAYS_INLINE uint32_t find(v6t_frag_table *t, struct frag *f)
{
	if (is_last(t, f->key))
		return t->last;
	t->last = lookup_key(t, f->key, &f->hash);
	return t->last;
}

/* A new datagram for f: a slot, unless the key is poisoned, f broke a
 * rule, or the datagram cannot fit. NONE when f was dropped. */
static uint32_t start(v6t_frag_table *t, struct frag *f, uint64_t now_ms,
		      v6t_frag_result *res)
{
	uint32_t i;
	int rc;

	if (poison_has(t, f->key, now_ms)) {
		drop(t, res, V6T_EFRAG_POISONED);
		return NONE;
	}
	if (f->err) {
		drop_err(t, f, res);
		return NONE;
	}
	/* refuse before evicting anything for it */
	if ((rc = room(t, NULL, f)) != 0) {
		drop(t, res, rc);
		return NONE;
	}
	/* HASH_UNKNOWN: an empty table, or the previous fragment's key,
	 * whose slot went */
	i = slot_claim(t, f->key, f->hash, now_ms, &res->evicted, &res->timed_out);
	if (i == NONE)
		drop(t, res, V6T_EFRAG_NO_ROOM);
	return i;
}

/*
 * The fast path of add() for in-order arrival in a direct table: f comes
 * after all the data held (so it overlaps nothing and is no duplicate),
 * and end_ok(), max_frags and room() allow it, checked here for that case
 * alone; then store(). 1 when f was stored, 0 with nothing changed when
 * add() must decide.
 */
static V6T_ALWAYS_INLINE int append(v6t_frag_table *t, uint32_t i,
				    const struct frag *f)
{
	const struct slot_hot *s = hot_at(t, i);
	uint32_t e = f->off + f->len, hdr = hdr_of(s, f);

	if (t->chunk_shift != 0 || f->off < s->last_end ||
	    s->nranges == t->max_frags || hdr > HDR_ROOM ||
	    hdr + e > (f->version == 6 ? t->max_datagram : t->max4) ||
	    ((s->flags & F_HAS_TOTAL) && (f->more ? e > s->total : e != s->total)))
		return 0;
	store(t, i, s->nranges, f);
	return 1;
}

/* A fragment that classify() accepted, of the datagram in slot i (find(),
 * or NONE): add it, or make the datagram if there is none (or it is past
 * its timeout); deliver the datagram if it is now complete. */
static V6T_ALWAYS_INLINE void fragment_at(v6t_frag_table *t, struct frag *f,
					  uint32_t i, uint64_t now_ms,
					  v6t_frag_result *res)
{
	int rc, fresh = 0;

	if (i != NONE && now_ms - hot_at(t, i)->created_ms >= t->timeout_ms) {
		/* past its timeout (RFC 8200 §4.5: abandoned): f starts anew */
		res->timed_out++;
		t->stats.timeout++;
		slot_release(t, i);
		i = NONE;
	}
	if (i == NONE) {
		if ((i = start(t, f, now_ms, res)) == NONE)
			return;
		fresh = 1;
	} else if (f->err) {
		if (overlaps_held(t, i, f)) {
			poison(t, i, now_ms);
			drop(t, res, V6T_EFRAG_OVERLAP);
		} else {
			drop_err(t, f, res);
		}
		return;
	}
	/* a fresh slot of a direct table: start() checked room(), and an
	 * empty datagram has no range, no end and room for a fragment, so
	 * append() would store it */
	if (fresh && t->chunk_shift == 0)
		store(t, i, 0, f);
	else if (!append(t, i, f) &&
		 (rc = add(t, i, f, fresh, now_ms, res)) != V6T_OK) {
		drop(t, res, rc);
		return;
	}
	held_or_done(t, i, res);
}

/* fragment_at() with the slot of f's key. */
static V6T_ALWAYS_INLINE void fragment(v6t_frag_table *t, struct frag *f,
				       uint64_t now_ms, v6t_frag_result *res)
{
	fragment_at(t, f, find(t, f), now_ms, res);
}

/* fragment_at() for slot t->last, out of line: the way on of cont() and
 * held() for a fragment of that datagram they do not store themselves. */
static V6T_NOINLINE void fragment_last(v6t_frag_table *t, struct frag *f,
				       uint64_t now_ms, v6t_frag_result *res)
{
	fragment_at(t, f, t->last, now_ms, res);
}

/*
 * The fast path of v6t_frag_input() for a fragment of the previous
 * fragment's datagram (t->last) in a direct table, read straight from the
 * packet: the shapes of fast6() (a non-first fragment) and fast4() (IHL 5,
 * a non-zero offset), the key compared in place, its IPv4 header checksum
 * and the checks of check6() / check4() (its length, 64 KiB). 0 when any
 * of these fails, with nothing changed: the general path decides. Else 1:
 * the fragment was taken as the general path would have taken it. When it
 * comes after all the data held and append()'s checks pass for it, and its
 * datagram is not past its timeout, it is stored here; any other fragment
 * goes on to fragment_at() with what was read (classify() would have found
 * the same, and find() the same slot).
 */
static V6T_ALWAYS_INLINE int cont(v6t_frag_table *t, const uint8_t *pkt,
				  size_t len, uint64_t now_ms,
				  v6t_frag_result *res)
{
	const struct slot_hot *s;
	const uint8_t *data;
	struct frag f;
	uint32_t i = t->last, off, n, e, lim, max;
	unsigned more, ecn, v6;
	int rc, expired;

	if (i == NONE || t->chunk_shift != 0 || len < IP4_HDR_MIN)
		return 0;
	s = hot_at(t, i);
	if (pkt[0] == IP4_IHL5) {
		uint32_t tot = v6t_ld_be16(pkt + IP4_TOTLEN_OFF);
		uint32_t fo = v6t_ld_be16(pkt + IP4_FRAG_OFF);

		/* an IPv4 slot's key[1..3] are 0, and a key of the other
		 * version differs in key[4] */
		if (tot < IP4_HDR_MIN || tot > len || (fo & IP4_OFFSET_MASK) == 0 ||
		    s->key[4] != key_last_word(v6t_ld_be16(pkt + IP4_ID_OFF),
					       pkt[IP4_PROTO_OFF], 4) ||
		    s->key[0] != (v6t_ld_le32(pkt + IP4_SRC_OFF) |
				  (uint64_t)v6t_ld_le32(pkt + IP4_DST_OFF) << 32) ||
		    ((t->flags & V6T_FRAG_CFG_TRUST_IP4_CHECKSUM) == 0 &&
		     !ip4_hdr20_ok(pkt)))
			return 0;
		off = (fo & IP4_OFFSET_MASK) * 8;
		more = (fo & IP4_MF) != 0;
		n = tot - IP4_HDR_MIN;
		data = pkt + IP4_HDR_MIN;
		ecn = pkt[IP4_TOS_OFF] & ECN4_MASK;
		lim = LEN16_MAX - IP4_HDR_MIN; /* check4() */
		max = t->max4;
	} else {
		const uint8_t *fh = pkt + IP6_HDR_LEN;
		uint32_t plen, fo;

		if (len < IP6_HDR_LEN + FRAG_HDR_LEN || pkt[0] >> 4 != 6 ||
		    pkt[IP6_NH_OFF] != PROTO_FRAGMENT)
			return 0;
		plen = v6t_ld_be16(pkt + IP6_PLEN_OFF);
		fo = v6t_ld_be16(fh + FRAG_OFFLG_OFF);
		if (plen < FRAG_HDR_LEN || plen > len - IP6_HDR_LEN ||
		    (fo & FRAG_OFFSET_MASK) == 0 ||
		    s->key[4] != key_last_word(v6t_ld_be32(fh + FRAG_ID_OFF), 0, 6) ||
		    ((s->key[0] ^ v6t_ld_le64(pkt + IP6_SRC_OFF)) |
		     (s->key[1] ^ v6t_ld_le64(pkt + IP6_SRC_OFF + 8)) |
		     (s->key[2] ^ v6t_ld_le64(pkt + IP6_DST_OFF)) |
		     (s->key[3] ^ v6t_ld_le64(pkt + IP6_DST_OFF + 8))) != 0)
			return 0;
		off = fo & FRAG_OFFSET_MASK;
		more = (fo & FRAG_M) != 0;
		n = plen - FRAG_HDR_LEN;
		data = fh + FRAG_HDR_LEN;
		ecn = pkt[IP6_TC_LOW_OFF] >> ECN6_SHIFT & ECN4_MASK;
		lim = LEN16_MAX; /* check6(), with this fragment's 40 bytes */
		max = t->max_datagram;
	}
	e = off + n;
	/* check6() / check4(): f->err would not be 0 */
	if (n == 0 || (more && n % 8 != 0) || e > lim)
		return 0;
	expired = now_ms - s->created_ms >= t->timeout_ms;
	if (!expired && off >= s->last_end && s->nranges != t->max_frags &&
	    ((s->flags & F_FIRST) ? s->hdr_len
				   : pkt[0] == IP4_IHL5 ? IP4_HDR_MIN : IP6_HDR_LEN) +
			    e <= max &&
	    (!(s->flags & F_HAS_TOTAL) || (more ? e <= s->total : e == s->total))) {
		/* append(), with hdr_of() <= HDR_ROOM: room() checked a
		 * kept header, and the plain ones are smaller */
		store_data(t, i, s->nranges, off, n, data, more, ecn);
		held_or_done(t, i, res);
		return 1;
	}
	/* what fast6() / fast4() and check6() / check4() would have made of
	 * it (a non-first fragment: no upper-layer header) */
	v6 = pkt[0] != IP4_IHL5;
	f.pkt = pkt;
	f.data = data;
	f.off = off;
	f.len = n;
	f.hdr_len = v6 ? IP6_HDR_LEN : IP4_HDR_MIN;
	f.nh_off = v6 ? IP6_NH_OFF : 0;
	f.l4_off = 0;
	f.err = 0;
	f.icmp_ptr = 0;
	f.icmp_code = NO_ICMP;
	f.version = v6 ? 6 : 4;
	f.more = (uint8_t)more;
	f.ecn = (uint8_t)ecn;
	f.upper = v6 ? pkt[IP6_HDR_LEN] : pkt[IP4_PROTO_OFF];
	f.hash = HASH_UNKNOWN;
	if (expired) {
		/* fragment_at() starts a datagram anew for it */
		memcpy(f.key, s->key, sizeof f.key);
		fragment_last(t, &f, now_ms, res);
		return 1;
	}
	/* fragment_at() for an active slot, f->err 0, not fresh */
	if ((rc = add(t, i, &f, 0, now_ms, res)) != V6T_OK)
		drop(t, res, rc);
	else
		held_or_done(t, i, res);
	return 1;
}

/*
 * first() for the offset-zero fragment of the datagram held in slot
 * t->last: on to fragment_at() with what fast6() / fast4() and check6() /
 * check4() would have made of it, as cont() does.
 */
static V6T_NOINLINE void held(v6t_frag_table *t, const uint8_t *pkt,
			      const uint64_t *k, const uint8_t *data,
			      uint32_t n, unsigned ecn, uint64_t now_ms,
			      v6t_frag_result *res)
{
	unsigned v6 = pkt[0] != IP4_IHL5;
	struct frag f;

	memcpy(f.key, k, sizeof f.key);
	f.pkt = pkt;
	f.data = data;
	f.off = 0;
	f.len = n;
	f.hdr_len = v6 ? IP6_HDR_LEN : IP4_HDR_MIN;
	f.nh_off = v6 ? IP6_NH_OFF : 0;
	f.l4_off = (uint32_t)(data - pkt);
	f.err = 0;
	f.icmp_ptr = 0;
	f.icmp_code = NO_ICMP;
	f.version = v6 ? 6 : 4;
	f.more = 1;
	f.ecn = (uint8_t)ecn;
	f.upper = v6 ? pkt[IP6_HDR_LEN] : pkt[IP4_PROTO_OFF];
	f.hash = HASH_UNKNOWN;
	fragment_last(t, &f, now_ms, res);
}

/*
 * The fast path of v6t_frag_input() for an offset-zero fragment (M = 1)
 * in a direct table while no key is poisoned, read straight from the
 * packet: the shapes of fast6() (an upper-layer Next Header and
 * v6t_upper_min() bytes of it, check6()) and fast4() (IHL 5, MF set,
 * offset 0, its header checksum, check4()), and room() for a new
 * datagram. 0 when any of these fails, with nothing changed: the general
 * path decides. Else 1: for a datagram not held yet, what start() and
 * store() do for a fresh slot (the fragment is held: M is set); for one
 * held, held().
 */
static V6T_ALWAYS_INLINE int first(v6t_frag_table *t, const uint8_t *pkt,
				   size_t len, uint64_t now_ms,
				   v6t_frag_result *res)
{
	uint64_t k[KEY_WORDS], h = HASH_UNKNOWN;
	const uint8_t *data;
	uint32_t n, hdr, max, i;
	unsigned ecn;
	struct slot_hot *s;
	struct slot_cold *c;

	if (t->chunk_shift != 0 || t->poison_until > now_ms || len < IP4_HDR_MIN)
		return 0;
	if (pkt[0] == IP4_IHL5) {
		uint32_t tot = v6t_ld_be16(pkt + IP4_TOTLEN_OFF);

		if (tot < IP4_HDR_MIN || tot > len ||
		    (v6t_ld_be16(pkt + IP4_FRAG_OFF) & (IP4_MF | IP4_OFFSET_MASK)) != IP4_MF ||
		    ((t->flags & V6T_FRAG_CFG_TRUST_IP4_CHECKSUM) == 0 &&
		     !ip4_hdr20_ok(pkt)))
			return 0;
		n = tot - IP4_HDR_MIN;
		hdr = IP4_HDR_MIN;
		max = t->max4;
		ecn = pkt[IP4_TOS_OFF] & ECN4_MASK;
		k[0] = v6t_ld_le32(pkt + IP4_SRC_OFF) |
		       (uint64_t)v6t_ld_le32(pkt + IP4_DST_OFF) << 32;
		k[1] = k[2] = k[3] = 0;
		k[4] = key_last_word(v6t_ld_be16(pkt + IP4_ID_OFF), pkt[IP4_PROTO_OFF], 4);
	} else {
		const uint8_t *fh = pkt + IP6_HDR_LEN;
		uint32_t plen;

		if (len < IP6_HDR_LEN + FRAG_HDR_LEN || pkt[0] >> 4 != 6 ||
		    pkt[IP6_NH_OFF] != PROTO_FRAGMENT)
			return 0;
		plen = v6t_ld_be16(pkt + IP6_PLEN_OFF);
		n = plen - FRAG_HDR_LEN;
		/* Payload Length <= 65535: check6()'s 64 KiB holds */
		if (plen < FRAG_HDR_LEN || plen > len - IP6_HDR_LEN ||
		    (v6t_ld_be16(fh + FRAG_OFFLG_OFF) & (FRAG_OFFSET_MASK | FRAG_M)) != FRAG_M ||
		    v6t_nh_kind[fh[0]] >= NH_EXT ||
		    (n < IP6_HDR_LEN && n < v6t_upper_min(fh[0])))
			return 0;
		hdr = IP6_HDR_LEN;
		max = t->max_datagram;
		ecn = pkt[IP6_TC_LOW_OFF] >> ECN6_SHIFT & ECN4_MASK;
		k[0] = v6t_ld_le64(pkt + IP6_SRC_OFF);
		k[1] = v6t_ld_le64(pkt + IP6_SRC_OFF + 8);
		k[2] = v6t_ld_le64(pkt + IP6_DST_OFF);
		k[3] = v6t_ld_le64(pkt + IP6_DST_OFF + 8);
		k[4] = key_last_word(v6t_ld_be32(fh + FRAG_ID_OFF), 0, 6);
	}
	/* check6() / check4() with M set; room() for a new datagram */
	if (n == 0 || n % 8 != 0 || hdr + n > max)
		return 0;
	data = pkt + hdr + (hdr == IP6_HDR_LEN ? FRAG_HDR_LEN : 0);
	if (!is_last(t, k))
		t->last = lookup_key(t, k, &h);
	if (t->last != NONE) {
		held(t, pkt, k, data, n, ecn, now_ms, res);
		return 1;
	}
	if ((i = slot_claim(t, k, h, now_ms, &res->evicted, &res->timed_out)) == NONE) {
		drop(t, res, V6T_EFRAG_NO_ROOM);
		return 1;
	}
	/* store() for a fresh slot of a direct table */
	store_data(t, i, 0, 0, n, data, 1, ecn);
	s = hot_at(t, i);
	c = cold_at(t, i);
	if (hdr == IP6_HDR_LEN) {
		memcpy(chunk_at(t, i) + HEAD - IP6_HDR_LEN, pkt, IP6_HDR_LEN);
		memcpy(c->frag_hdr, pkt + IP6_HDR_LEN, FRAG_HDR_LEN);
		c->nh_off = IP6_NH_OFF;
	} else {
		memcpy(chunk_at(t, i) + HEAD - IP4_HDR_MIN, pkt, IP4_HDR_MIN);
		c->nh_off = 0;
	}
	s->hdr_len = U16(hdr);
	s->flags |= F_FIRST;
	c->first_len = U16(n);
	res->verdict = V6T_FRAG_HELD;
	t->stats.held++;
	return 1;
}

/* One packet, classified: what v6t_frag_input() does after its checks. */
static V6T_ALWAYS_INLINE void one(v6t_frag_table *t, enum kind k,
				  struct frag *f, const v6t_pkt *v, int reason,
				  uint64_t now_ms, int *scratch_used,
				  v6t_frag_result *res)
{
	switch (k) {
	case K_FRAG:
		fragment(t, f, now_ms, res);
		break;
	case K_PASS:
		res->verdict = V6T_FRAG_PASS;
		t->stats.passed++;
		break;
	case K_ATOMIC:
		atomic(t, f->pkt, v, now_ms, scratch_used, res);
		break;
	default:
		drop(t, res, reason);
		break;
	}
}

/* Before any work: the arguments and the clock; the datagrams delivered
 * or reported by the previous call are freed now. */
static V6T_ALWAYS_INLINE int enter(v6t_frag_table *t, uint64_t now_ms)
{
	if (now_ms < t->last_ms)
		return V6T_ECLOCK;
	t->last_ms = now_ms;
	if (t->npending != 0)
		v6t_ft_pending_release(t);
	return V6T_OK;
}

/* v6t_frag_input() for a packet cont() did not take: out of line, so
 * that the fast path does not pay for the registers of the general one. */
static V6T_NOINLINE int input_general(v6t_frag_table *t, const uint8_t *pkt,
				      size_t len, uint64_t now_ms,
				      v6t_frag_result *res)
{
	struct frag f;
	v6t_pkt v;
	int reason = 0, scratch_used = 0;
	enum kind k;

	if (first(t, pkt, len, now_ms, res))
		return V6T_OK;
	k = classify(t, pkt, len, &f, &v, &reason);
	one(t, k, &f, &v, reason, now_ms, &scratch_used, res);
	return V6T_OK;
}

/* v6t_frag_input() while the previous fragment's datagram is held: cont(),
 * else the general path by a tail call. */
static V6T_NOINLINE int input_cont(v6t_frag_table *t, const uint8_t *pkt,
				   size_t len, uint64_t now_ms,
				   v6t_frag_result *res)
{
	if (cont(t, pkt, len, now_ms, res))
		return V6T_OK;
	return input_general(t, pkt, len, now_ms, res);
}

/* see frag.h */
int v6t_frag_input(v6t_frag_table *t, const uint8_t *pkt, size_t len,
		   uint64_t now_ms, v6t_frag_result *res)
{
	int rc;

	if (t == NULL || res == NULL || (pkt == NULL && len != 0))
		return V6T_EINVAL;
	if ((rc = enter(t, now_ms)) != V6T_OK)
		return rc;
	result_init(res);
	/* each path has one frame: a tail call from here */
	if (t->last != NONE)
		return input_cont(t, pkt, len, now_ms, res);
	return input_general(t, pkt, len, now_ms, res);
}

/* ------------------------------------------------------------ bursts */

/* Packets classified and hashed ahead of their processing. */
#define GROUP 16

/* The packet's slot, as far as a look at the hash table without the key
 * comparison can tell, for prefetching; NONE when none. */
static uint32_t peek(const v6t_frag_table *t, uint64_t h)
{
	const struct hent *e = hash_at(t, tag_of(h) & t->hash_mask);

	return e->tag == tag_of(h) ? e->slot : NONE;
}

/* see frag.h */
int v6t_frag_input_burst(v6t_frag_table *t, const uint8_t *const *pkts,
			 const size_t *lens, size_t n, uint64_t now_ms,
			 v6t_frag_result *res)
{
	struct frag f[GROUP];
	v6t_pkt v[GROUP];
	enum kind k[GROUP];
	int reason[GROUP], scratch_used = 0, rc;
	size_t base, j, m;

	/* n <= slots: the slots of the datagrams the burst delivers stay taken
	 * until the next call, and a fragment must always find one that is
	 * free or can be evicted (frag.h) */
	if (t == NULL || (n != 0 && (pkts == NULL || lens == NULL || res == NULL)) ||
	    n > V6T_FRAG_BURST_MAX || n > t->nslots)
		return V6T_EINVAL;
	for (j = 0; j < n; j++)
		if (pkts[j] == NULL && lens[j] != 0)
			return V6T_EINVAL;
	if ((rc = enter(t, now_ms)) != V6T_OK)
		return rc;
	t->bursting = 1;
	for (base = 0; base < n; base += m) {
		m = n - base < GROUP ? n - base : GROUP;
		/* 1: parse and hash each, prefetch its hash table entry */
		for (j = 0; j < m; j++) {
			reason[j] = 0;
			k[j] = classify(t, pkts[base + j], lens[base + j], &f[j],
					&v[j], &reason[j]);
			if (k[j] != K_FRAG)
				continue;
			if (j > 0 && k[j - 1] == K_FRAG && key_eq(f[j].key, f[j - 1].key))
				f[j].hash = f[j - 1].hash;
			else
				f[j].hash = key_hash(t, f[j].key);
			V6T_PREFETCH(hash_at(t, tag_of(f[j].hash) & t->hash_mask));
		}
		/* 2: prefetch the slot each is likely to touch, and where its
		 * data will go, or its poison bucket for a new datagram */
		for (j = 0; j < m; j++) {
			uint32_t i;

			if (k[j] != K_FRAG)
				continue;
			if ((i = peek(t, f[j].hash)) != NONE) {
				V6T_PREFETCH(hot_at(t, i));
				V6T_PREFETCH(cold_at(t, i));
				if (t->chunk_shift == 0)
					V6T_PREFETCH(slot_bytes(t, i, HEAD + f[j].off, NULL));
			} else if (t->poison_until > now_ms) {
				V6T_PREFETCH(poison_bucket(t, poison_hash(t, f[j].key)));
			}
		}
		/* 3: the work, in order */
		for (j = 0; j < m; j++) {
			result_init(&res[base + j]);
			one(t, k[j], &f[j], &v[j], reason[j], now_ms, &scratch_used,
			    &res[base + j]);
		}
	}
	t->bursting = 0;
	return V6T_OK;
}

/* ------------------------------------------------------------ delivered */

/* see frag.h */
const uint8_t *v6t_frag_segment(const v6t_frag_table *t,
				const v6t_frag_result *r, size_t off, size_t *n)
{
	size_t first;

	if (n != NULL)
		*n = 0;
	if (t == NULL || r == NULL || n == NULL || r->data == NULL ||
	    off >= r->len ||
	    (r->verdict != V6T_FRAG_DONE && r->verdict != V6T_FRAG_ATOMIC))
		return NULL;
	if (off < r->seg_len) {
		*n = r->seg_len - off;
		return r->data + off;
	}
	/* beyond the first chunk: r->ref_ is a pending slot (seg_len < len
	 * only for slots), whose bytes start at HEAD - headers */
	first = (size_t)(r->data - slot_bytes(t, r->ref_, 0, NULL));
	return slot_read(t, r->ref_, first + off, r->len - off, n);
}

/* see frag.h */
int v6t_frag_copy(const v6t_frag_table *t, const v6t_frag_result *r,
		  uint8_t *out, size_t cap, size_t *outlen)
{
	size_t off = 0, n;
	const uint8_t *p;

	if (t == NULL || r == NULL || out == NULL || outlen == NULL ||
	    r->data == NULL ||
	    (r->verdict != V6T_FRAG_DONE && r->verdict != V6T_FRAG_ATOMIC))
		return V6T_EINVAL;
	*outlen = r->len;
	if (cap < r->len)
		return V6T_ENOSPC;
	while (off < r->len && (p = v6t_frag_segment(t, r, off, &n)) != NULL) {
		memcpy(out + off, p, n);
		off += n;
	}
	return V6T_OK;
}

/* ------------------------------------------------------------ expiry */

/*
 * What ICMP Time Exceeded quotes (RFC 4443 §3.3, RFC 792): the offset-zero
 * fragment as it was received. Its headers lie as received in front of
 * the data; IPv6 gets its Fragment header back in between, the headers
 * moving 8 bytes down (room() kept them to HDR_ROOM = HEAD - 8). Cut
 * where the first chunk ends.
 */
static void report(v6t_frag_table *t, uint32_t i, v6t_frag_expired *out)
{
	const struct slot_hot *s = hot_at(t, i);
	const struct slot_cold *c = cold_at(t, i);
	uint32_t hdr = s->hdr_len, at = HEAD - hdr, qlen;
	unsigned type;
	uint8_t *q;

	memset(out, 0, sizeof *out);
	out->quote = NULL;
	out->version = (uint8_t)(s->key[4] >> KEY_VERSION_SHIFT);
	if (!(s->flags & F_FIRST))
		return;
	out->first_received = 1;
	qlen = hdr + c->first_len;
	if (out->version == 6) {
		uint8_t *h = slot_bytes(t, i, at, NULL);

		memmove(h - FRAG_HDR_LEN, h, hdr);
		memcpy(h - FRAG_HDR_LEN + hdr, c->frag_hdr, FRAG_HDR_LEN);
		at -= FRAG_HDR_LEN;
		qlen += FRAG_HDR_LEN;
	}
	q = slot_bytes(t, i, at, NULL);
	out->quote = q;
	out->quote_len = slot_contig(t, i, at, qlen);
	/* frag.h "ICMP the table suggests" for the offset-zero fragment: the
	 * walk finds what classify() found when it arrived (it is the
	 * fragment as received, cut by the buffer only where a chunk ends) */
	type = out->version == 6 ? ICMP6_TIME_EXCEEDED : ICMP4_TIME_EXCEEDED;
	if (v6t_icmp_may_answer(q, out->quote_len, (uint8_t)type,
				ICMP_REASM_CODE)) {
		out->icmp_type = (uint8_t)type;
		out->icmp_code = ICMP_REASM_CODE;
	}
}

/* see frag.h */
int v6t_frag_expire(v6t_frag_table *t, uint64_t now_ms, v6t_frag_expired *out)
{
	uint32_t i;
	int rc;

	if (t == NULL || out == NULL)
		return V6T_EINVAL;
	if ((rc = enter(t, now_ms)) != V6T_OK)
		return rc;
	/* the age list is in created_ms order, and the fresh datagram is
	 * newer than all of it: only the list's head can be due, or the
	 * fresh datagram when the list is empty (which need not be settled
	 * otherwise) */
	if (t->age_head == NONE)
		settle(t);
	i = t->age_head;
	if (i == NONE || now_ms - hot_at(t, i)->created_ms < t->timeout_ms)
		return 0;
	report(t, i, out);
	t->stats.timeout++;
	slot_retire(t, i);
	return 1;
}
