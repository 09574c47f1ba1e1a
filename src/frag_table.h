/*
 * libv6transit - private: the reassembly table's memory (frag.h), shared
 * by frag_table.c (layout, slots, chunks, poisoned keys) and frag_reasm.c
 * (the rules). Accessors the per-fragment path needs are inline here.
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Layout, from the first 64-aligned byte of the caller's memory, each
 * area starting on a 64-byte boundary:
 *
 *   struct v6t_frag_table           the header
 *   struct slot_hot[slots]          64 bytes each, one cache line: key,
 *                                   age, and the counts in-order arrival
 *                                   needs
 *   cold[slots]                     cold_size bytes each: struct slot_cold,
 *                                   the chunk map (chunked tables), then
 *                                   max_frags ranges
 *   struct link[slots]              the age list (creation order)
 *   uint32_t free_slots[slots]      a stack of free slot numbers
 *   struct hent[hash_mask + 1]      open addressing, linear probing, load
 *                                   at most 1/2 (a power of two >= 2 slots)
 *   struct pbucket[poison_mask + 1] the poisoned keys, 4 per bucket
 *   uint32_t free_chunks[chunks]    chunked tables: a stack of free chunks
 *   data                            direct: slots buffers of stride bytes;
 *                                   chunked: chunks chunks of chunk_size
 *   scratch                         max_datagram bytes: atomic fragments
 *
 * A datagram's bytes are addressed by position: HEAD + offset for its
 * data, HEAD - hdr_len for its first header byte. Direct tables keep
 * position p of slot i at data + i * stride + p; chunked ones at chunk
 * map[p >> shift], byte p & (chunk_size - 1).
 *
 * The header holds offsets, never pointers, so that memcpy can move a
 * table; slots, chunks and entries are named by index (NONE for none).
 * A slot is free (on the stack), active (in the hash table and on the age
 * list), or pending: delivered or reported by the current call, freed at
 * the start of the next one, so that what a result points to stays
 * readable until then. The newest active slot may be fresh (t->fresh):
 * not yet in the hash table nor on the age list, which it joins, by
 * settle(), before anything else looks at them. A datagram whose
 * fragments come one after the other, the common case, is then delivered
 * without ever being in them; t->last finds it meanwhile.
 */
#ifndef V6T_SRC_FRAG_TABLE_H
#define V6T_SRC_FRAG_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <v6transit/frag.h>

#include "bytes.h"

#define HDR_ROOM V6T_FRAG_HDR_ROOM
/* The position of data byte 0: the header room and 8 bytes more, where
 * the Fragment header goes back for the Time Exceeded quote. */
#define HEAD (V6T_FRAG_HDR_ROOM + 8u)
#define NONE 0xffffffffu /* no slot, no chunk */
#define LINE 64u         /* the alignment of the table and of each area */

#if defined(__GNUC__)
#define V6T_PREFETCH(p) __builtin_prefetch(p)
#else
#define V6T_PREFETCH(p) ((void)(p))
#endif

/*
 * A datagram's key as five 64-bit words: IPv6 source and destination in
 * four, IPv4 both addresses in the first and 0 in the next three; the last
 * holds Identification, protocol (IPv4) and version. They are compared
 * whole and are the message of the lookup hash (key_hash()).
 */
#define KEY_WORDS 5
#define MSG_WORDS (2 * KEY_WORDS) /* the key as 32-bit words (key_hash()) */
#define KEY_VERSION_SHIFT 40

static inline uint64_t key_last_word(uint32_t id, unsigned proto, unsigned version)
{
	return id | (uint64_t)proto << 32 | (uint64_t)version << KEY_VERSION_SHIFT;
}

/* slot_cold::hash of a fresh slot whose key's hash was not needed yet
 * (key_hash() has its low half 0): settle() computes it. */
#define HASH_UNKNOWN 1u

/* slot_hot::flags */
#define F_FIRST 0x01u     /* the offset-zero fragment is in */
#define F_HAS_TOTAL 0x02u /* the M = 0 fragment is in: total is known */

/* Data bytes [start, end) of the datagram received in one fragment. */
struct range {
	uint16_t start, end;
};

/* What the lookup and in-order arrival touch: one cache line. */
struct slot_hot {
	uint64_t key[KEY_WORDS];
	uint64_t created_ms;   /* arrival of the first-arriving fragment */
	uint16_t received;     /* data bytes held */
	uint16_t total;        /* data bytes, with F_HAS_TOTAL */
	uint16_t last_end;     /* the end of the last range */
	uint16_t nranges;
	uint16_t hdr_len;      /* headers kept, with F_FIRST */
	uint8_t flags;         /* F_* */
	uint8_t ecn;           /* bit 1 << codepoint for each ECN field seen */
	uint32_t spare;
};

/* The rest of a slot's state; the chunk map and the ranges follow it. */
struct slot_cold {
	uint64_t hash;         /* of the key (key_hash()) */
	uint16_t nh_off;       /* IPv6: the Next Header field to restore */
	uint16_t first_len;    /* data bytes of the offset-zero fragment */
	uint8_t state;         /* enum slot_state */
	uint8_t spare[3];
	uint8_t frag_hdr[8];   /* IPv6: the offset-zero fragment's Fragment header */
	uint64_t spare2;
};

enum slot_state { SLOT_FREE = 0, SLOT_ACTIVE, SLOT_PENDING };

struct link {
	uint32_t prev, next;
};

/* A hash table entry: 32 bits of the key's hash, and the slot. */
struct hent {
	uint32_t tag, slot;
};

/* A poisoned key until \c until ms; with \c any, every key of the bucket. */
struct pent {
	uint64_t until;
	uint32_t tag, any;
};

#define PBUCKET 4
struct pbucket {
	struct pent e[PBUCKET];
};

struct v6t_frag_table {
	uint64_t last_ms;       /* the latest time given, to refuse going back */
	uint64_t mul[2][MSG_WORDS + 1]; /* key_hash()'s multipliers, from the key */
	uint32_t last;          /* the previous fragment's slot, or NONE */
	uint32_t fresh;         /* the active slot settle() has yet to insert, or NONE */
	uint32_t nslots, max_datagram, timeout_ms, max_frags, flags;
	uint32_t max4;          /* IPv4: max_datagram, at most 65535 */
	uint32_t nmap;          /* chunked: chunks per datagram at most */
	uint32_t chunk_shift;   /* chunked: log2(chunk_size); 0: direct */
	uint32_t nchunks;
	uint32_t hash_mask, poison_mask;
	uint32_t count;         /* active slots */
	uint32_t free_top, chunk_top;
	uint32_t age_head, age_tail;
	uint32_t npending;
	uint32_t bursting;      /* v6t_frag_input_burst() is running */
	uint64_t poison_until;  /* no key is poisoned from then on */
	size_t hot_off, cold_off, links_off, free_off, hash_off, poison_off,
	       chunks_off, data_off, scratch_off;
	size_t cold_size;       /* bytes per slot of cold state */
	size_t stride;          /* direct: bytes per slot buffer; chunked: chunk_size */
	v6t_frag_stats stats;
	uint32_t pending[V6T_FRAG_BURST_MAX + 1];
};

/* ------------------------------------------------------------ accessors */

static inline struct slot_hot *hot_at(const v6t_frag_table *t, uint32_t i)
{
	/* hot_off is a multiple of 64 from a 64-aligned table */
	return (struct slot_hot *)(void *)((unsigned char *)(uintptr_t)t +
					   t->hot_off) + i;
}

static inline struct slot_cold *cold_at(const v6t_frag_table *t, uint32_t i)
{
	return (struct slot_cold *)(void *)((unsigned char *)(uintptr_t)t +
					    t->cold_off + (size_t)i * t->cold_size);
}

/* Chunked tables: the chunk of each chunk_size bytes of positions. */
static inline uint32_t *cmap_at(const v6t_frag_table *t, uint32_t i)
{
	return (uint32_t *)(void *)(cold_at(t, i) + 1);
}

static inline struct range *ranges_at(const v6t_frag_table *t, uint32_t i)
{
	return (struct range *)(void *)(cmap_at(t, i) + t->nmap);
}

static inline struct link *link_at(const v6t_frag_table *t, uint32_t i)
{
	return (struct link *)(void *)((unsigned char *)(uintptr_t)t +
				       t->links_off) + i;
}

static inline struct hent *hash_at(const v6t_frag_table *t, uint32_t j)
{
	return (struct hent *)(void *)((unsigned char *)(uintptr_t)t +
				       t->hash_off) + j;
}

static inline uint8_t *scratch_at(const v6t_frag_table *t)
{
	return (uint8_t *)(uintptr_t)t + t->scratch_off;
}

static inline uint8_t *chunk_at(const v6t_frag_table *t, uint32_t c)
{
	return (uint8_t *)(uintptr_t)t + t->data_off + (size_t)c * t->stride;
}

/* The 32 bits of a hash that name its hash entry (the low bits, through
 * hash_mask) and tell keys apart in it. */
static inline uint32_t tag_of(uint64_t h)
{
	return (uint32_t)(h >> 32);
}

static inline struct pbucket *poison_bucket(const v6t_frag_table *t, uint64_t h)
{
	return (struct pbucket *)(void *)((unsigned char *)(uintptr_t)t +
					  t->poison_off) +
	       ((uint32_t)h & t->poison_mask);
}

/*
 * The address of position pos of slot i's datagram, and in *n (when not
 * NULL) the bytes contiguous from there in its buffer or chunk. Chunked:
 * the chunk must have been reserved (slot_reserve()).
 */
static inline uint8_t *slot_bytes(const v6t_frag_table *t, uint32_t i,
				  size_t pos, size_t *n)
{
	size_t c = t->stride;

	if (t->chunk_shift == 0) {
		if (n != NULL)
			*n = c - pos;
		return chunk_at(t, i) + pos;
	}
	if (n != NULL)
		*n = c - (pos & (c - 1));
	return chunk_at(t, cmap_at(t, i)[pos >> t->chunk_shift]) + (pos & (c - 1));
}

/* Of len bytes at position pos of slot i, how many are contiguous. */
static inline size_t slot_contig(const v6t_frag_table *t, uint32_t i,
				 size_t pos, size_t len)
{
	size_t n;

	(void)slot_bytes(t, i, pos, &n);
	return n < len ? n : len;
}

/* Copy n bytes to position pos of slot i (reserved). */
static inline void slot_write(v6t_frag_table *t, uint32_t i, size_t pos,
			      const uint8_t *src, size_t n)
{
	size_t k;

	if (t->chunk_shift == 0) {
		memcpy(chunk_at(t, i) + pos, src, n);
		return;
	}
	while (n > 0) {
		uint8_t *dst = slot_bytes(t, i, pos, &k);

		if (k > n)
			k = n;
		memcpy(dst, src, k);
		src += k;
		pos += k;
		n -= k;
	}
}

/* Whether the n bytes at position pos of slot i equal b. */
static inline int slot_equal(const v6t_frag_table *t, uint32_t i, size_t pos,
			     const uint8_t *b, size_t n)
{
	size_t k;

	while (n > 0) {
		const uint8_t *p = slot_bytes(t, i, pos, &k);

		if (k > n)
			k = n;
		if (memcmp(p, b, k) != 0)
			return 0;
		b += k;
		pos += k;
		n -= k;
	}
	return 1;
}

/* The bytes from position pos on, at most len, contiguous: *n. */
static inline const uint8_t *slot_read(const v6t_frag_table *t, uint32_t i,
				       size_t pos, size_t len, size_t *n)
{
	const uint8_t *p = slot_bytes(t, i, pos, n);

	if (*n > len)
		*n = len;
	return p;
}

/* ------------------------------------------------------------ keys */

static inline int key_eq(const uint64_t *a, const uint64_t *b)
{
	return ((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3]) |
		(a[4] ^ b[4])) == 0;
}

/*
 * The lookup hash of a key (frag.h "Keys and lookup"; the security
 * argument is there and in doc/benchmarks.md): two independent 32-bit
 * hashes of the vector multiply-shift family (Dietzfelbinger 1996,
 * Thorup 2015 "High speed hashing for integers and strings"), side by
 * side in 64 bits. The message is the key as MSG_WORDS 32-bit words
 * x[0..9] (each key word's low half, then its high half); for multipliers
 * a[0..10] drawn at random from [0, 2^64),
 *
 *   h(x) = ((a[0] + a[1] x[0] + ... + a[10] x[9]) mod 2^64) >> 32
 *
 * is strongly universal onto 32 bits (64 >= 32 + 32 - 1): for any two
 * different keys the pair of their hashes is uniform, so they share any
 * k given bits of it with probability 2^-k. ms_sum() is the sum before
 * the shift. The high half (the tag: the hash table entry and the tag kept
 * in it) uses mul[0]; the low half (the poison bucket) mul[1], and is
 * computed only where the poisoned keys are looked at. An IPv4 key's words
 * 1..3 are 0 (KEY_WORDS): their terms are left out.
 */
static V6T_ALWAYS_INLINE uint64_t ms_sum(const uint64_t *a, const uint64_t *k)
{
	uint64_t h = a[0] + a[1] * (k[0] & 0xffffffffu) + a[2] * (k[0] >> 32) +
		     a[9] * (k[4] & 0xffffffffu) + a[10] * (k[4] >> 32);

	if (k[4] >> KEY_VERSION_SHIFT == 6)
		h += a[3] * (k[1] & 0xffffffffu) + a[4] * (k[1] >> 32) +
		     a[5] * (k[2] & 0xffffffffu) + a[6] * (k[2] >> 32) +
		     a[7] * (k[3] & 0xffffffffu) + a[8] * (k[3] >> 32);
	return h;
}

/* The hash the lookup needs: the tag in the high half, the low half 0. */
static V6T_ALWAYS_INLINE uint64_t key_hash(const v6t_frag_table *t,
					   const uint64_t *k)
{
	return ms_sum(t->mul[0], k) & 0xffffffff00000000u;
}

/* The whole hash, for the poisoned keys (their bucket is in the low
 * half): computed only where they are looked at. */
static inline uint64_t poison_hash(const v6t_frag_table *t, const uint64_t *k)
{
	return key_hash(t, k) | ms_sum(t->mul[1], k) >> 32;
}

/* The active slot holding key k (hash h), or NONE: linear probing from
 * the entry the hash names until an empty one (the load is at most 1/2,
 * so there is one). */
static V6T_ALWAYS_INLINE uint32_t lookup(const v6t_frag_table *t,
					 const uint64_t *k, uint64_t h)
{
	uint32_t tag = tag_of(h), j = tag & t->hash_mask;

	for (;;) {
		const struct hent *e = hash_at(t, j);

		if (e->slot == NONE)
			return NONE;
		if (e->tag == tag && key_eq(hot_at(t, e->slot)->key, k))
			return e->slot;
		j = (j + 1) & t->hash_mask;
	}
}

/* ------------------------------------------------------------ frag_table.c */

/* Free the datagram whose first fragment arrived longest ago, but slot
 * except (frag.h "Full table"): -1 when there is none. */
int v6t_ft_evict_oldest(v6t_frag_table *t, uint32_t except, uint64_t now_ms,
			uint32_t *evicted, uint32_t *timed_out);
/* Chunked tables: make positions [from, to) of slot i writable, taking
 * chunks (and evicting other datagrams for them); V6T_EFRAG_NO_ROOM when
 * the pool cannot give them. */
int v6t_ft_reserve_chunks(v6t_frag_table *t, uint32_t i, size_t from, size_t to,
			  uint64_t now_ms, uint32_t *evicted, uint32_t *timed_out);
/* A slot, pending at once, with positions [HEAD, HEAD + n) reserved: for
 * an atomic fragment of a burst; NONE when none can be had. */
uint32_t v6t_ft_slot_for_atomic(v6t_frag_table *t, uint32_t n, uint64_t now_ms,
				uint32_t *evicted, uint32_t *timed_out);
/* Put the fresh slot (not NONE) into the hash table and on the age
 * list's tail, hashing its key if that was not needed before: it is the
 * newest active slot, so the list stays in creation order. */
void v6t_ft_settle(v6t_frag_table *t);
/* Give the chunks of slot i back to the pool (its map stays readable). */
void v6t_ft_chunks_free(v6t_frag_table *t, uint32_t i);
/* Free the pending slots. */
void v6t_ft_pending_release(v6t_frag_table *t);
/* Poison the key of hash h (poison_hash()) until until_ms. */
void v6t_ft_poison_add(v6t_frag_table *t, uint64_t h, uint64_t until_ms);
/* Whether the key of hash h (poison_hash()) is poisoned at now_ms,
 * looking at its bucket. */
int v6t_ft_poison_lookup(const v6t_frag_table *t, uint64_t h, uint64_t now_ms);

/* ------------------------------------------------------------ slots, inline */

static inline uint32_t *free_slots_at(const v6t_frag_table *t)
{
	return (uint32_t *)(void *)((unsigned char *)(uintptr_t)t + t->free_off);
}

/* Whether key k is poisoned at now_ms: nothing is when no poisoning
 * lasts until now_ms (the common case, without its poison_hash() nor a
 * look at the bucket). */
static inline int poison_has(const v6t_frag_table *t, const uint64_t *k,
			     uint64_t now_ms)
{
	return t->poison_until > now_ms &&
	       v6t_ft_poison_lookup(t, poison_hash(t, k), now_ms);
}

static inline void age_push(v6t_frag_table *t, uint32_t i)
{
	struct link *ln = link_at(t, i);

	ln->prev = t->age_tail;
	ln->next = NONE;
	if (t->age_tail != NONE)
		link_at(t, t->age_tail)->next = i;
	else
		t->age_head = i;
	t->age_tail = i;
}

static inline void age_unlink(v6t_frag_table *t, uint32_t i)
{
	const struct link *ln = link_at(t, i);

	if (ln->prev != NONE)
		link_at(t, ln->prev)->next = ln->next;
	else
		t->age_head = ln->next;
	if (ln->next != NONE)
		link_at(t, ln->next)->prev = ln->prev;
	else
		t->age_tail = ln->prev;
}

static inline void hash_insert(v6t_frag_table *t, uint32_t i, uint64_t h)
{
	uint32_t tag = tag_of(h), j = tag & t->hash_mask;

	while (hash_at(t, j)->slot != NONE)
		j = (j + 1) & t->hash_mask;
	hash_at(t, j)->tag = tag;
	hash_at(t, j)->slot = i;
}

/*
 * Remove slot i's entry, then close the gap (linear probing's deletion by
 * backward shift): each later entry of the run moves into the gap unless
 * its home entry lies cyclically after the gap and at or before it.
 */
static inline void hash_remove(v6t_frag_table *t, uint32_t i)
{
	uint32_t mask = t->hash_mask, gap = tag_of(cold_at(t, i)->hash) & mask;
	uint32_t j, home;

	while (hash_at(t, gap)->slot != i)
		gap = (gap + 1) & mask;
	for (j = (gap + 1) & mask; hash_at(t, j)->slot != NONE; j = (j + 1) & mask) {
		home = hash_at(t, j)->tag & mask;
		/* home in (gap, j]: the entry stays */
		if (((j - home) & mask) < ((j - gap) & mask))
			continue;
		*hash_at(t, gap) = *hash_at(t, j);
		gap = j;
	}
	hash_at(t, gap)->slot = NONE;
}

/* Put slot i, out of the lookup, back on the free stack. Its bytes stay
 * as they are until a later call takes it again. */
static inline void slot_to_free(v6t_frag_table *t, uint32_t i)
{
	if (t->nmap != 0)
		v6t_ft_chunks_free(t, i);
	cold_at(t, i)->state = SLOT_FREE;
	free_slots_at(t)[t->free_top++] = i;
}

/* Put the fresh slot, if any, into the hash table and on the age list's
 * tail (v6t_ft_settle(), out of line: once per datagram at most). Before
 * every lookup and every walk of the list. */
static V6T_ALWAYS_INLINE void settle(v6t_frag_table *t)
{
	if (t->fresh != NONE)
		v6t_ft_settle(t);
}

/* Take active slot i out of the lookup and the age list. */
static inline void deactivate(v6t_frag_table *t, uint32_t i)
{
	if (i == t->fresh) {
		t->fresh = NONE;
	} else {
		hash_remove(t, i);
		age_unlink(t, i);
	}
	t->count--;
	if (t->last == i)
		t->last = NONE;
}

/* Free active slot i now. */
static inline void slot_release(v6t_frag_table *t, uint32_t i)
{
	deactivate(t, i);
	slot_to_free(t, i);
}

/* Make slot i pending (it is out of the lookup already). */
static inline void pending_push(v6t_frag_table *t, uint32_t i)
{
	cold_at(t, i)->state = SLOT_PENDING;
	t->pending[t->npending++] = i;
}

/*
 * Active slot i has been delivered or reported: out of the lookup, and
 * free for the next call. A single call does nothing after it, so the slot
 * can go on the free stack at once (its bytes stay until a later call
 * takes it); a burst keeps it pending until its end. Always inline: the
 * end of every delivery, one call frame fewer.
 */
static V6T_ALWAYS_INLINE void slot_retire(v6t_frag_table *t, uint32_t i)
{
	deactivate(t, i);
	if (t->bursting)
		pending_push(t, i);
	else
		slot_to_free(t, i);
}

/* A free slot with an empty chunk map, evicting the oldest datagram if
 * none is free; NONE when every slot is pending. */
static inline uint32_t slot_take(v6t_frag_table *t, uint64_t now_ms,
				 uint32_t *evicted, uint32_t *timed_out)
{
	uint32_t i, m;

	if (t->free_top == 0 &&
	    v6t_ft_evict_oldest(t, NONE, now_ms, evicted, timed_out) != 0)
		return NONE;
	i = free_slots_at(t)[--t->free_top];
	for (m = 0; m < t->nmap; m++)
		cmap_at(t, i)[m] = NONE;
	return i;
}

/* slot_take(), made active for key k (hash h, or HASH_UNKNOWN) at now_ms,
 * and fresh; NONE when every slot is pending. */
static V6T_ALWAYS_INLINE uint32_t slot_claim(v6t_frag_table *t,
					     const uint64_t *k, uint64_t h,
					     uint64_t now_ms, uint32_t *evicted,
					     uint32_t *timed_out)
{
	struct slot_hot *s;
	struct slot_cold *c;
	uint32_t i = slot_take(t, now_ms, evicted, timed_out);

	if (i == NONE)
		return NONE;
	settle(t);
	s = hot_at(t, i);
	c = cold_at(t, i);
	memcpy(s->key, k, sizeof s->key);
	s->created_ms = now_ms;
	s->received = s->total = s->last_end = s->nranges = s->hdr_len = 0;
	s->flags = s->ecn = 0;
	c->hash = h;
	c->state = SLOT_ACTIVE;
	t->fresh = i;
	t->count++;
	t->last = i;
	return i;
}

/* Chunked tables: v6t_ft_reserve_chunks(); direct ones need nothing. */
static inline int slot_reserve(v6t_frag_table *t, uint32_t i, size_t from,
			       size_t to, uint64_t now_ms, uint32_t *evicted,
			       uint32_t *timed_out)
{
	if (t->chunk_shift == 0)
		return 0;
	return v6t_ft_reserve_chunks(t, i, from, to, now_ms, evicted, timed_out);
}

#endif /* V6T_SRC_FRAG_TABLE_H */
