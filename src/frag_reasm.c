/*
 * libv6transit - fragment reassembly: IPv6 (RFC 8200 §4.5, RFC 5722,
 * RFC 6946, RFC 7112) and IPv4 (RFC 791 §3.2, RFC 815) in caller memory
 * (frag.h).
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Layout of the table's memory, from its first 8-aligned byte:
 *
 *   struct v6t_frag_table        the header (at most V6T_FRAG_TABLE_META_)
 *   struct slot[slots]           bookkeeping (each at most V6T_FRAG_SLOT_META_)
 *   uint32_t bucket[nb]          hash chains, nb a power of two >= 2 * slots
 *   uint8_t buf[slots][stride]   per slot: HDR_ROOM bytes of headers, then
 *                                max_datagram bytes of data
 *   uint8_t scratch[...]         max_datagram bytes: atomic-fragment output
 *
 * A fragment's data goes to buf + HDR_ROOM + offset; the offset-zero
 * fragment's headers end exactly at buf + HDR_ROOM, so a complete datagram
 * is contiguous and is delivered where it lies, after one copy of each
 * fragment (DESIGN.md "copied at most once in reassembly").
 *
 * The header holds offsets, never pointers, and every slot is named by its
 * index (NONE for no slot). A slot is free, active or poisoned. Each taken
 * slot is on the age list (creation order, which is the order of
 * created_ms since time never goes back), and a poisoned one also on the
 * poison list; free slots are on the free list, which reuses the poison
 * list's links. So the oldest entry, a poisoned entry and a free slot are
 * each found in O(1), and eviction and expiry are O(1).
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

#include "bytes.h"
#include "checksum.h"
#include "packet_walk.h"
#include "siphash.h"

/* SipHash-1-3, as for flow labels (doc/benchmarks.md). */
#define SIP_C 1
#define SIP_D 3

#define HDR_ROOM V6T_FRAG_HDR_ROOM
#define MAX_FRAGS V6T_FRAG_MAX_FRAGS
#define NONE 0xffffffffu  /* no slot */
#define ALIGN 8u          /* of the table and of each area in it */

/* RFC 8200 §3 / RFC 791 §3.1: the largest Payload Length / Total Length. */
#define LEN16_MAX 0xffffu
/* RFC 791 §3.1: the flag bits kept on reassembly (reserved bit and DF);
 * MF and the offset are cleared. */
#define IP4_KEEP_FLAGS 0xc000u
#define IP4_SRC_OFF 12
#define IP4_DST_OFF 16
#define IP6_SRC_OFF 8
#define IP6_DST_OFF 24

/* RFC 4443 §3.4 / RFC 8200 §4.5: Parameter Problem and its codes. */
#define ICMP6_PARAM_PROB 4
#define ICMP6_PP_FIELD 0   /* erroneous header field encountered */
#define ICMP6_PP_CHAIN 3   /* RFC 7112 §5: incomplete header chain */

enum slot_state { SLOT_FREE = 0, SLOT_ACTIVE, SLOT_POISONED };

/* The two lists a slot is on: by age, and poisoned (or free). */
enum { LN_AGE = 0, LN_AUX = 1 };

struct link {
	uint32_t prev, next;
};

struct list {
	uint32_t head, tail;
};

/* Data bytes [start, end) of the datagram received in one fragment. */
struct range {
	uint16_t start, end;
};

/* What identifies a datagram (frag.h, "Keys and lookup"). */
struct fkey {
	uint8_t src[16], dst[16]; /* IPv4: the address in the first 4 bytes */
	uint32_t id;
	uint8_t version, proto;   /* proto: IPv4 only, 0 for IPv6 */
};

struct slot {
	uint64_t created_ms;   /* arrival of the first-arriving fragment */
	uint64_t hash;         /* of the key, for unlinking from its chain */
	struct fkey key;
	struct link ln[2];     /* LN_AGE, LN_AUX (poison list or free list) */
	uint32_t hash_prev, hash_next;
	uint32_t total;        /* data bytes, known once the M = 0 fragment came */
	uint32_t received;     /* data bytes held */
	uint16_t hdr_len;      /* headers kept, when first_received */
	uint16_t nh_off;       /* IPv6: the Next Header field to restore */
	uint8_t nh;            /* IPv6: the offset-zero Fragment header's Next Header */
	uint8_t state;         /* enum slot_state */
	uint8_t first_received;
	uint8_t has_total;
	uint8_t nranges;
	struct range ranges[MAX_FRAGS];
};

struct v6t_frag_table {
	uint64_t last_ms;      /* the latest time given, to refuse going back */
	uint64_t bucket_mask;  /* buckets - 1 */
	size_t slots_off, buckets_off, bufs_off, scratch_off, stride;
	uint32_t nslots, max_datagram, timeout_ms, count;
	uint32_t free_head;
	uint32_t last;         /* the slot the previous fragment went to ... */
	struct fkey last_key;  /* ... and its key */
	struct list lists[2];  /* LN_AGE: every taken slot; LN_AUX: poisoned */
	uint8_t key[16];
};

/* One fragment, as the checks leave it. */
struct frag {
	struct fkey key;
	const uint8_t *data;   /* its data bytes */
	uint32_t off, len;     /* their place in the datagram and their number */
	uint32_t hdr_len;      /* offset 0: the headers kept */
	uint32_t nh_off;       /* offset 0, IPv6: frag_nh_off */
	uint8_t nh;            /* offset 0, IPv6: its Fragment header's Next Header */
	uint8_t more;          /* the M (MF) flag */
};

/* The private size constants of frag.h must cover the real layout. */
typedef char v6t_slot_fits_meta[sizeof(struct slot) <= V6T_FRAG_SLOT_META_ ? 1 : -1];
typedef char v6t_table_fits_meta[sizeof(struct v6t_frag_table) <= V6T_FRAG_TABLE_META_ ? 1 : -1];
typedef char v6t_slot_aligned[sizeof(struct slot) % ALIGN == 0 ? 1 : -1];
/* ranges hold offsets in 16 bits: the BEYOND_64K check keeps ends <= 65535 */
typedef char v6t_frags_fit_nranges[MAX_FRAGS <= 255 ? 1 : -1];

/* ------------------------------------------------------------ layout */

static size_t round8(size_t n)
{
	return (n + (ALIGN - 1)) & ~(size_t)(ALIGN - 1);
}

/* The smallest power of two >= 2 * slots: a load factor of at most 1/2. */
static uint64_t bucket_count(uint32_t slots)
{
	uint64_t nb = 2;

	while (nb < 2 * (uint64_t)slots)
		nb <<= 1;
	return nb;
}

/*
 * The areas of a table that v6t_frag_table_size() accepted. Each is at most
 * its term of V6T_FRAG_TABLE_SIZE (buckets: 4 * nb < 16 * slots), so the
 * end lies at least 8 bytes before that size: the alignment slack.
 */
static void layout(v6t_frag_table *t)
{
	t->slots_off = round8(sizeof(struct v6t_frag_table));
	t->buckets_off = t->slots_off + (size_t)t->nslots * sizeof(struct slot);
	t->bufs_off = t->buckets_off +
		      round8((size_t)(t->bucket_mask + 1) * sizeof(uint32_t));
	t->stride = round8((size_t)t->max_datagram + HDR_ROOM);
	t->scratch_off = t->bufs_off + (size_t)t->nslots * t->stride;
}

static struct slot *slot_at(v6t_frag_table *t, uint32_t i)
{
	/* slots_off is a multiple of 8 from an 8-aligned table */
	return (struct slot *)(void *)((unsigned char *)t + t->slots_off) + i;
}

static uint32_t *bucket_at(v6t_frag_table *t, uint64_t h)
{
	return (uint32_t *)(void *)((unsigned char *)t + t->buckets_off) +
	       (size_t)(h & t->bucket_mask);
}

static uint8_t *buf_at(v6t_frag_table *t, uint32_t i)
{
	return (uint8_t *)t + t->bufs_off + (size_t)i * t->stride;
}

/* see frag.h */
size_t v6t_frag_table_size(uint32_t slots, uint32_t max_datagram)
{
	size_t per, fixed;

	if (slots == 0 || max_datagram < V6T_FRAG_MIN_DATAGRAM ||
	    max_datagram > V6T_FRAG_MAX_DATAGRAM)
		return 0;
	/* the terms of V6T_FRAG_TABLE_SIZE, which stay far below SIZE_MAX */
	per = V6T_FRAG_SLOT_META_ + 16u +
	      V6T_FRAG_ROUND8_((size_t)max_datagram + V6T_FRAG_HDR_ROOM);
	fixed = V6T_FRAG_TABLE_META_ + 8u + V6T_FRAG_ROUND8_((size_t)max_datagram);
	if (slots > (SIZE_MAX - fixed) / per) /* the size would not fit a size_t */
		return 0;
	return fixed + (size_t)slots * per;
}

/* ------------------------------------------------------------ lists */

static struct link *link_of(v6t_frag_table *t, uint32_t i, int which)
{
	return &slot_at(t, i)->ln[which];
}

/* Append slot i to list which (LN_AGE or LN_AUX). */
static void list_push(v6t_frag_table *t, int which, uint32_t i)
{
	struct list *l = &t->lists[which];
	struct link *ln = link_of(t, i, which);

	ln->prev = l->tail;
	ln->next = NONE;
	if (l->tail != NONE)
		link_of(t, l->tail, which)->next = i;
	else
		l->head = i;
	l->tail = i;
}

static void list_unlink(v6t_frag_table *t, int which, uint32_t i)
{
	struct list *l = &t->lists[which];
	struct link *ln = link_of(t, i, which);

	if (ln->prev != NONE)
		link_of(t, ln->prev, which)->next = ln->next;
	else
		l->head = ln->next;
	if (ln->next != NONE)
		link_of(t, ln->next, which)->prev = ln->prev;
	else
		l->tail = ln->prev;
}

static void hash_unlink(v6t_frag_table *t, uint32_t i)
{
	struct slot *s = slot_at(t, i);

	if (s->hash_prev != NONE)
		slot_at(t, s->hash_prev)->hash_next = s->hash_next;
	else
		*bucket_at(t, s->hash) = s->hash_next;
	if (s->hash_next != NONE)
		slot_at(t, s->hash_next)->hash_prev = s->hash_prev;
}

/* Free a taken slot: off its chain and lists, onto the free list. Its
 * buffer keeps its bytes until the slot is taken again, so a datagram
 * delivered or reported from it stays readable until the next call. */
static void slot_free(v6t_frag_table *t, uint32_t i)
{
	struct slot *s = slot_at(t, i);

	hash_unlink(t, i);
	list_unlink(t, LN_AGE, i);
	if (s->state == SLOT_POISONED)
		list_unlink(t, LN_AUX, i);
	s->state = SLOT_FREE;
	s->ln[LN_AUX].next = t->free_head;
	t->free_head = i;
	t->count--;
}

/* ------------------------------------------------------------ init */

/* see frag.h */
int v6t_frag_init(v6t_frag_table **table, void *mem, size_t memlen,
		  const v6t_frag_config *cfg)
{
	v6t_frag_table *t;
	size_t need, pad;
	uint64_t b;
	uint32_t i;

	if (table == NULL || mem == NULL || cfg == NULL || cfg->timeout_ms == 0)
		return V6T_EINVAL;
	need = v6t_frag_table_size(cfg->slots, cfg->max_datagram);
	if (need == 0)
		return V6T_EINVAL;
	if (memlen < need)
		return V6T_ENOSPC;
	/* the caller's memory may have any alignment: the size's 8 bytes of
	 * slack pay for this */
	pad = (ALIGN - (size_t)((uintptr_t)mem & (ALIGN - 1))) & (ALIGN - 1);
	t = (v6t_frag_table *)(void *)((unsigned char *)mem + pad);
	memset(t, 0, sizeof *t);
	t->nslots = cfg->slots;
	t->max_datagram = cfg->max_datagram;
	t->timeout_ms = cfg->timeout_ms;
	t->bucket_mask = bucket_count(cfg->slots) - 1;
	memcpy(t->key, cfg->key.b, sizeof t->key);
	t->lists[LN_AGE].head = t->lists[LN_AGE].tail = NONE;
	t->lists[LN_AUX].head = t->lists[LN_AUX].tail = NONE;
	layout(t);
	for (b = 0; b <= t->bucket_mask; b++)
		*bucket_at(t, b) = NONE;
	/* the free list in index order: slot 0 is taken first */
	t->free_head = NONE;
	t->last = NONE;
	for (i = t->nslots; i-- > 0;) {
		struct slot *s = slot_at(t, i);

		s->state = SLOT_FREE;
		s->ln[LN_AUX].next = t->free_head;
		t->free_head = i;
	}
	*table = t;
	return V6T_OK;
}

/* see frag.h */
uint32_t v6t_frag_count(const v6t_frag_table *t)
{
	return t != NULL ? t->count : 0;
}

/* ------------------------------------------------------------ keys */

/*
 * SipHash-1-3 of src, dst, then Identification (big-endian), protocol and
 * version: 38 bytes for IPv6; 14 for IPv4, whose 4-byte addresses are read
 * with 4-byte loads (as key_of() stored them: a wider load of narrower
 * stores would stall the CPU).
 */
static uint64_t key_hash(const v6t_frag_table *t, const struct fkey *k)
{
	uint8_t tail[6];
	struct v6t_sip s;

	v6t_st_be32(tail, k->id);
	tail[4] = k->proto;
	tail[5] = k->version;
	if (k->version == 6)
		return v6t_sip_hash_tuple(t->key, k->src, k->dst, tail,
					  sizeof tail, SIP_C, SIP_D);
	v6t_sip_init(&s, t->key);
	v6t_sip_absorb(&s, v6t_ld_le32(k->src) | (uint64_t)v6t_ld_le32(k->dst) << 32,
		       SIP_C);
	v6t_sip_absorb(&s, v6t_sip_last(tail, sizeof tail, 8 + sizeof tail), SIP_C);
	return v6t_sip_final(&s, SIP_D);
}

static int key_eq(const struct fkey *a, const struct fkey *b)
{
	return a->id == b->id && a->version == b->version &&
	       a->proto == b->proto && memcmp(a->src, b->src, 16) == 0 &&
	       memcmp(a->dst, b->dst, 16) == 0;
}

/* The taken slot holding key k (whose hash is h), or NONE. */
static uint32_t lookup(v6t_frag_table *t, const struct fkey *k, uint64_t h)
{
	uint32_t i = *bucket_at(t, h);

	while (i != NONE) {
		struct slot *s = slot_at(t, i);

		if (s->hash == h && key_eq(&s->key, k))
			return i;
		i = s->hash_next;
	}
	return NONE;
}

/*
 * RFC 8200 §4.5: IPv6 fragments belong together by source, destination
 * and Identification; RFC 791 §3.2: IPv4 ones by source, destination,
 * protocol and Identification.
 */
static void key_of(struct fkey *k, const uint8_t *pkt, const v6t_pkt *v)
{
	memset(k, 0, sizeof *k);
	k->version = v->version;
	k->id = v->frag_id;
	if (v->version == 6) {
		memcpy(k->src, pkt + IP6_SRC_OFF, 16);
		memcpy(k->dst, pkt + IP6_DST_OFF, 16);
	} else {
		memcpy(k->src, pkt + IP4_SRC_OFF, 4);
		memcpy(k->dst, pkt + IP4_DST_OFF, 4);
		k->proto = pkt[IP4_PROTO_OFF];
	}
}

/* ------------------------------------------------------------ results */

static void result_init(v6t_frag_result *res)
{
	memset(res, 0, sizeof *res);
	res->data = NULL;
	res->reason = V6T_OK;
}

static void drop(v6t_frag_result *res, int reason)
{
	res->verdict = V6T_FRAG_DROPPED;
	res->reason = reason;
}

/* Drop with the ICMPv6 Parameter Problem that RFC 8200 §4.5 asks for. */
static void drop_icmp(v6t_frag_result *res, int reason, uint8_t code,
		      uint32_t pointer)
{
	drop(res, reason);
	res->icmp_type = ICMP6_PARAM_PROB;
	res->icmp_code = code;
	res->icmp_pointer = pointer;
}

static void deliver(v6t_frag_result *res, int verdict, const uint8_t *data,
		    size_t len)
{
	res->verdict = verdict;
	res->data = data;
	res->len = len;
}

/* ------------------------------------------------------------ one fragment */

/*
 * RFC 6946 §4: an atomic fragment is "reassembled" from itself alone: the
 * headers before its Fragment header, with the Next Header that named it
 * set to the Fragment header's, Payload Length less 8, then its data. It
 * never touches the table's slots.
 */
static void atomic(v6t_frag_table *t, const uint8_t *pkt, const v6t_pkt *v,
		   v6t_frag_result *res)
{
	uint32_t fh = v->frag_hdr_off, n = v->end - FRAG_HDR_LEN;
	uint8_t *out = (uint8_t *)t + t->scratch_off;

	if (n > t->max_datagram) {
		drop(res, V6T_EFRAG_NO_ROOM);
		return;
	}
	memcpy(out, pkt, fh);
	memcpy(out + fh, pkt + fh + FRAG_HDR_LEN, v->end - fh - FRAG_HDR_LEN);
	out[v->frag_nh_off] = pkt[fh];
	/* n >= 40 (the IPv6 header), n - 40 < the old Payload Length */
	v6t_st_be16(out + IP6_PLEN_OFF, (uint16_t)(n - IP6_HDR_LEN));
	deliver(res, V6T_FRAG_ATOMIC, out, n);
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

/*
 * The checks on a fragment alone, IPv6 (RFC 8200 §4.5), in the RFC's
 * order: length, 64 KiB, the RFC 7112 header chain; then frag.h's "no
 * data" (after the chain: a first fragment cut right after its Fragment
 * header is an incomplete chain). Fills f; 0, or -1 when dropped.
 */
static int check6(const uint8_t *pkt, const v6t_pkt *v, struct frag *f,
		  v6t_frag_result *res)
{
	uint32_t doff = v->frag_hdr_off + FRAG_HDR_LEN;

	f->off = v->frag_offset;
	f->len = v->end - doff; /* the walker put the Fragment header in end */
	f->data = pkt + doff;
	if (f->more && f->len % 8 != 0) {
		/* RFC 8200 §4.5: Parameter Problem code 0 at Payload Length */
		drop_icmp(res, V6T_EFRAG_LENGTH, ICMP6_PP_FIELD, IP6_PLEN_OFF);
		return -1;
	}
	if (f->off + f->len > LEN16_MAX) {
		/* RFC 8200 §4.5: code 0 at the Fragment Offset field */
		drop_icmp(res, V6T_EFRAG_BEYOND_64K, ICMP6_PP_FIELD,
			  v->frag_hdr_off + FRAG_OFFLG_OFF);
		return -1;
	}
	if (f->off == 0 && !chain_whole(v)) {
		/* RFC 7112 §5: code 3, pointer 0 */
		drop_icmp(res, V6T_EFRAG_HEADERS, ICMP6_PP_CHAIN, 0);
		return -1;
	}
	if (f->len == 0) {
		/* no data: nothing to reassemble; 0 is a multiple of 8, so
		 * no ICMP (frag.h) */
		drop(res, V6T_EFRAG_LENGTH);
		return -1;
	}
	/* RFC 8200 §4.5: the kept headers are all those before the offset
	 * zero fragment's Fragment header, and its Next Header is used */
	f->hdr_len = v->frag_hdr_off;
	f->nh_off = v->frag_nh_off;
	f->nh = pkt[v->frag_hdr_off];
	return 0;
}

/* The same checks for IPv4 (RFC 791 §3.2), without ICMP. */
static int check4(const uint8_t *pkt, const v6t_pkt *v, struct frag *f,
		  v6t_frag_result *res)
{
	uint32_t ihl = v->unfrag_end;

	f->off = v->frag_offset;
	f->len = v->end - ihl;
	f->data = pkt + ihl;
	f->hdr_len = ihl;
	if ((f->more && f->len % 8 != 0) || f->len == 0) {
		drop(res, V6T_EFRAG_LENGTH);
		return -1;
	}
	/* the Total Length of the datagram with this header would not fit
	 * its 16 bits */
	if (ihl + f->off + f->len > LEN16_MAX) {
		drop(res, V6T_EFRAG_BEYOND_64K);
		return -1;
	}
	return 0;
}

static int frag_of(const uint8_t *pkt, const v6t_pkt *v, struct frag *f,
		   v6t_frag_result *res)
{
	memset(f, 0, sizeof *f);
	f->more = v->more_frags;
	key_of(&f->key, pkt, v);
	if (v->version == 6)
		return check6(pkt, v, f, res);
	return check4(pkt, v, f, res);
}

/* ------------------------------------------------------------ a slot's state */

static int is_expired(const v6t_frag_table *t, const struct slot *s,
		      uint64_t now_ms)
{
	/* now_ms >= created_ms: time never goes back */
	return now_ms - s->created_ms >= t->timeout_ms;
}

/* RFC 5722 §4: discard the datagram and remember its key until it would
 * have timed out. */
static void poison(v6t_frag_table *t, uint32_t i)
{
	struct slot *s = slot_at(t, i);

	s->state = SLOT_POISONED;
	s->nranges = 0;
	s->received = 0;
	s->total = 0;
	s->has_total = 0;
	s->first_received = 0;
	s->hdr_len = 0;
	list_push(t, LN_AUX, i);
}

/* The data end the datagram reaches so far with fragment f. */
static uint32_t max_end(const struct slot *s, const struct frag *f)
{
	uint32_t e = f->off + f->len;

	if (s != NULL && s->nranges > 0 && s->ranges[s->nranges - 1].end > e)
		e = s->ranges[s->nranges - 1].end;
	return e;
}

/* The headers the datagram keeps: known once the offset-zero fragment
 * came; until then the smallest IP header, to check a lower bound. */
static uint32_t hdr_of(const struct slot *s, const struct frag *f)
{
	if (f->off == 0)
		return f->hdr_len;
	if (s != NULL && s->first_received)
		return s->hdr_len;
	return f->key.version == 6 ? IP6_HDR_LEN : IP4_HDR_MIN;
}

/*
 * Whether the datagram with fragment f still fits (s NULL: a new one):
 * V6T_EFRAG_NO_ROOM for headers past HDR_ROOM or a datagram past
 * max_datagram; V6T_EFRAG_BEYOND_64K for an IPv4 Total Length past 65535
 * (IPv6: max_datagram <= 40 + 65535 bounds the Payload Length already).
 */
static int room(const v6t_frag_table *t, const struct slot *s,
		const struct frag *f)
{
	uint32_t hdr = hdr_of(s, f), end = max_end(s, f);

	if (hdr > HDR_ROOM)
		return V6T_EFRAG_NO_ROOM;
	/* hdr <= 256 and end <= 65535: no overflow */
	if (f->key.version == 4 && hdr + end > LEN16_MAX)
		return V6T_EFRAG_BEYOND_64K;
	if (hdr + end > t->max_datagram)
		return V6T_EFRAG_NO_ROOM;
	return 0;
}

/*
 * Whether f agrees with the datagram's end as known (RFC 815's "fragment
 * with no more fragments" sets it): not past a known end, a second last
 * fragment with the same end, a last fragment not before data received.
 */
static int end_ok(const struct slot *s, const struct frag *f)
{
	uint32_t e = f->off + f->len;

	if (s->has_total)
		return f->more ? e <= s->total : e == s->total;
	if (!f->more && s->nranges > 0)
		return e >= s->ranges[s->nranges - 1].end;
	return 1;
}

/* The index of the first range ending after f's start: where f goes, and
 * the only range f can overlap first (ranges are sorted and disjoint). */
static unsigned range_pos(const struct slot *s, const struct frag *f)
{
	unsigned k = 0;

	/* in-order arrival, the common case: after the last range */
	if (s->nranges == 0 || s->ranges[s->nranges - 1].end <= f->off)
		return s->nranges;

	while (k < s->nranges && s->ranges[k].end <= f->off)
		k++;
	return k;
}

/*
 * RFC 8200 §4.5 lets exact duplicates be dropped: the same start and end,
 * the same M flag (the held range is the last one exactly when it ends at
 * the known total) and the same bytes.
 */
static int is_duplicate(v6t_frag_table *t, uint32_t i, const struct range *r,
			const struct frag *f)
{
	const struct slot *s = slot_at(t, i);
	int held_last = s->has_total && r->end == s->total;

	return r->start == f->off && r->end == f->off + f->len &&
	       held_last == !f->more &&
	       memcmp(buf_at(t, i) + HDR_ROOM + f->off, f->data, f->len) == 0;
}

/* Keep f's data, and its headers if it is the offset-zero fragment. */
static void store(v6t_frag_table *t, uint32_t i, unsigned pos,
		  const struct frag *f, const uint8_t *pkt)
{
	struct slot *s = slot_at(t, i);
	uint8_t *buf = buf_at(t, i);

	if (pos < s->nranges)
		memmove(&s->ranges[pos + 1], &s->ranges[pos],
			(s->nranges - pos) * sizeof s->ranges[0]);
	/* off + len <= 65535 (check6/check4) */
	s->ranges[pos].start = (uint16_t)f->off;
	s->ranges[pos].end = (uint16_t)(f->off + f->len);
	s->nranges++;
	/* room(): off + len <= max_datagram - 20, inside the buffer */
	memcpy(buf + HDR_ROOM + f->off, f->data, f->len);
	s->received += f->len;
	if (!f->more) {
		s->total = f->off + f->len;
		s->has_total = 1;
	}
	if (f->off == 0) {
		/* room(): hdr_len <= HDR_ROOM */
		memcpy(buf + HDR_ROOM - f->hdr_len, pkt, f->hdr_len);
		s->hdr_len = (uint16_t)f->hdr_len;
		s->nh_off = (uint16_t)f->nh_off;
		s->nh = f->nh;
		s->first_received = 1;
	}
}

/*
 * Add f to the datagram in slot i: V6T_OK when kept, else why not. An
 * overlap or a disagreement on the end poisons the slot (RFC 5722 §4);
 * too many fragments or no room frees it.
 */
static int add(v6t_frag_table *t, uint32_t i, const struct frag *f,
	       const uint8_t *pkt)
{
	struct slot *s = slot_at(t, i);
	unsigned pos;
	int rc;

	if (!end_ok(s, f)) {
		poison(t, i);
		return V6T_EFRAG_INCONSISTENT;
	}
	pos = range_pos(s, f);
	if (pos < s->nranges && s->ranges[pos].start < f->off + f->len) {
		if (is_duplicate(t, i, &s->ranges[pos], f))
			return V6T_EFRAG_DUPLICATE;
		poison(t, i);
		return V6T_EFRAG_OVERLAP;
	}
	if (s->nranges == MAX_FRAGS)
		rc = V6T_EFRAG_TOO_MANY;
	else
		rc = room(t, s, f);
	if (rc != 0) {
		slot_free(t, i);
		return rc;
	}
	store(t, i, pos, f, pkt);
	return V6T_OK;
}

/*
 * The datagram of slot i is complete: restore the headers in front of its
 * data and return where it starts. IPv6 (RFC 8200 §4.5): the Next Header
 * of the offset-zero Fragment header, Payload Length from the kept headers
 * and the data. IPv4 (RFC 791 §3.2): Total Length, MF and offset cleared,
 * a new header checksum.
 */
static uint8_t *finish(v6t_frag_table *t, uint32_t i)
{
	struct slot *s = slot_at(t, i);
	uint8_t *h = buf_at(t, i) + HDR_ROOM - s->hdr_len;
	/* room(): hdr_len + total <= max_datagram, and <= 65535 for IPv4 */
	uint32_t len = s->hdr_len + s->total;

	if (s->key.version == 6) {
		h[s->nh_off] = s->nh;
		v6t_st_be16(h + IP6_PLEN_OFF, (uint16_t)(len - IP6_HDR_LEN));
	} else {
		v6t_st_be16(h + IP4_TOTLEN_OFF, (uint16_t)len);
		v6t_st_be16(h + IP4_FRAG_OFF,
			    (uint16_t)(v6t_ld_be16(h + IP4_FRAG_OFF) & IP4_KEEP_FLAGS));
		v6t_ip4_set_checksum(h, s->hdr_len);
	}
	return h;
}

/* ------------------------------------------------------------ slots */

/*
 * frag.h "Full table": free the oldest entry if past its timeout, else a
 * poisoned one, else the oldest. The table is full, so the age list is
 * not empty.
 */
static void evict(v6t_frag_table *t, uint64_t now_ms, v6t_frag_result *res)
{
	uint32_t i = t->lists[LN_AGE].head;
	const struct slot *s = slot_at(t, i);

	if (is_expired(t, s, now_ms))
		res->timed_out = s->state == SLOT_ACTIVE;
	else if (t->lists[LN_AUX].head != NONE)
		i = t->lists[LN_AUX].head; /* an overlap's memory, freed early */
	else
		res->evicted = 1;
	slot_free(t, i);
}

/* Take a slot for key k (hash h), evicting one if none is free. */
static uint32_t claim(v6t_frag_table *t, const struct fkey *k, uint64_t h,
		      uint64_t now_ms, v6t_frag_result *res)
{
	uint32_t i, *b;
	struct slot *s;

	if (t->free_head == NONE)
		evict(t, now_ms, res);
	i = t->free_head;
	s = slot_at(t, i);
	t->free_head = s->ln[LN_AUX].next;
	s->key = *k;
	s->hash = h;
	s->created_ms = now_ms;
	s->state = SLOT_ACTIVE;
	s->total = s->received = 0;
	s->hdr_len = s->nh_off = 0;
	s->nh = s->first_received = s->has_total = s->nranges = 0;
	b = bucket_at(t, h);
	s->hash_prev = NONE;
	s->hash_next = *b;
	if (*b != NONE)
		slot_at(t, *b)->hash_prev = i;
	*b = i;
	list_push(t, LN_AGE, i);
	t->count++;
	return i;
}

/*
 * The taken slot holding key k, or NONE. Fragments of one datagram tend to
 * come one after another: when k is the previous fragment's key, its slot
 * is taken without hashing (DPDK's rte_ip_frag does the same). The test
 * reads only the previous key, known as soon as that call began, not the
 * outcome of its lookup: with many datagrams in progress, the cache misses
 * of one call's lookup still overlap the next call's work.
 */
static uint32_t find(v6t_frag_table *t, const struct fkey *k, uint64_t *h)
{
	uint32_t i = t->last;

	if (i != NONE && key_eq(&t->last_key, k) &&
	    slot_at(t, i)->state != SLOT_FREE) {
		*h = slot_at(t, i)->hash;
		return i;
	}
	t->last_key = *k;
	*h = key_hash(t, k);
	i = lookup(t, k, *h);
	t->last = i;
	return i;
}

/* A fragment that passed its own checks: find or make its datagram, add
 * it, deliver the datagram if it is now complete. */
static void fragment(v6t_frag_table *t, const struct frag *f,
		     const uint8_t *pkt, uint64_t now_ms, v6t_frag_result *res)
{
	uint64_t h;
	uint32_t i = find(t, &f->key, &h);
	struct slot *s;
	int rc;

	if (i != NONE && is_expired(t, slot_at(t, i), now_ms)) {
		/* past its timeout (RFC 8200 §4.5: abandoned): f starts anew */
		res->timed_out = slot_at(t, i)->state == SLOT_ACTIVE;
		slot_free(t, i);
		i = NONE;
	}
	if (i == NONE) {
		/* refuse before evicting anything for it */
		if ((rc = room(t, NULL, f)) != 0) {
			drop(res, rc);
			return;
		}
		i = t->last = claim(t, &f->key, h, now_ms, res);
	} else if (slot_at(t, i)->state == SLOT_POISONED) {
		drop(res, V6T_EFRAG_POISONED);
		return;
	}
	if ((rc = add(t, i, f, pkt)) != V6T_OK) {
		drop(res, rc);
		return;
	}
	s = slot_at(t, i);
	if (!s->has_total || s->received != s->total) {
		res->verdict = V6T_FRAG_HELD;
		return;
	}
	/* no overlaps and every range inside [0, total): all bytes are in */
	deliver(res, V6T_FRAG_DONE, finish(t, i), (size_t)s->hdr_len + s->total);
	slot_free(t, i);
}

/* see frag.h */
int v6t_frag_input(v6t_frag_table *t, const uint8_t *pkt, size_t len,
		   uint64_t now_ms, v6t_frag_result *res)
{
	struct frag f;
	v6t_pkt v;
	int rc;

	if (t == NULL || res == NULL || (pkt == NULL && len != 0) ||
	    now_ms < t->last_ms)
		return V6T_EINVAL;
	t->last_ms = now_ms;
	result_init(res);
	if ((rc = v6t_pkt_walk(pkt, len, 0, &v)) != V6T_OK)
		drop(res, rc);
	else if (v.flags & V6T_PKT_ATOMIC)
		atomic(t, pkt, &v, res);
	else if ((v.flags & V6T_PKT_FRAGMENT) == 0)
		res->verdict = V6T_FRAG_PASS;
	else if (frag_of(pkt, &v, &f, res) == 0)
		fragment(t, &f, pkt, now_ms, res);
	return V6T_OK;
}

/* ------------------------------------------------------------ expiry */

/* The data from offset 0 as far as it was received without a gap. */
static uint32_t prefix_len(const struct slot *s)
{
	uint32_t end;
	unsigned k;

	if (s->nranges == 0 || s->ranges[0].start != 0)
		return 0;
	end = s->ranges[0].end;
	for (k = 1; k < s->nranges && s->ranges[k].start == end; k++)
		end = s->ranges[k].end;
	return end;
}

static void report(v6t_frag_table *t, uint32_t i, v6t_frag_expired *out)
{
	const struct slot *s = slot_at(t, i);
	const uint8_t *buf = buf_at(t, i);

	memset(out, 0, sizeof *out);
	out->hdr = NULL;
	out->data = NULL;
	out->version = s->key.version;
	out->poisoned = s->state == SLOT_POISONED;
	/* a poisoned slot holds nothing and gets no ICMP (RFC 5722 §4) */
	if (!s->first_received)
		return;
	out->first_received = 1;
	out->hdr = buf + HDR_ROOM - s->hdr_len;
	out->hdr_len = s->hdr_len;
	out->data = buf + HDR_ROOM;
	out->data_len = prefix_len(s);
}

/* see frag.h */
int v6t_frag_expire(v6t_frag_table *t, uint64_t now_ms, v6t_frag_expired *out)
{
	uint32_t i;

	if (t == NULL || out == NULL || now_ms < t->last_ms)
		return 0;
	t->last_ms = now_ms;
	/* the age list is in created_ms order: only its head can be due */
	i = t->lists[LN_AGE].head;
	if (i == NONE || !is_expired(t, slot_at(t, i), now_ms))
		return 0;
	report(t, i, out);
	slot_free(t, i);
	return 1;
}
