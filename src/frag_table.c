/*
 * libv6transit - the reassembly table's memory (frag.h, frag_table.h):
 * sizes and layout, slots and their lists, the hash table, the chunk
 * pool, the poisoned keys; and the table-wide calls (init, flush, count,
 * counters).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <v6transit/frag.h>

#include "frag_table.h"
#include "siphash.h"

#define CHUNKS_MAX (1u << 28) /* chunk numbers stay far from NONE */

/* The private size constants of frag.h must cover the real layout
 * (frag.h V6T_FRAG_TABLE_SIZE; a test checks many configurations). */
typedef char v6t_hot_is_a_line[sizeof(struct slot_hot) == LINE ? 1 : -1];
typedef char v6t_cold_fits[sizeof(struct slot_cold) == 32 ? 1 : -1];
typedef char v6t_bucket_is_a_line[sizeof(struct pbucket) == LINE ? 1 : -1];
typedef char v6t_header_fits[sizeof(struct v6t_frag_table) + 11 * LINE <=
			     V6T_FRAG_FIXED_ ? 1 : -1];
/* ranges hold offsets in 16 bits: the BEYOND_64K check keeps ends <= 65535 */
typedef char v6t_frags_fit_nranges[V6T_FRAG_FRAGS_MAX <= 0xffffu ? 1 : -1];

/* ------------------------------------------------------------ layout */

/* The areas of a table, as offsets from its 64-aligned start. */
struct plan {
	size_t hot, cold, links, free, hash, poison, chunks, data, scratch, end;
	size_t cold_size, stride;
	uint32_t max_frags, nmap, shift, nchunks, hash_mask, poison_mask;
};

static size_t round_up(size_t n, size_t a)
{
	return (n + (a - 1)) / a * a;
}

/* The smallest power of two >= n (n <= 2^31). */
static uint32_t pow2_at_least(uint32_t n)
{
	uint32_t p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

/* Append an area of count items of size bytes at *off: its offset, and
 * *off past it, 64-aligned; 0 with *off = 0 when it would not fit a
 * size_t. */
static size_t area(size_t *off, size_t count, size_t size)
{
	size_t at = *off;

	if (at == 0)
		return 0;
	/* count * size, and the end, must fit a size_t */
	if (size != 0 && count > (SIZE_MAX - LINE - at) / size) {
		*off = 0;
		return 0;
	}
	*off = round_up(at + count * size, LINE);
	return at;
}

static int is_pow2(uint32_t x)
{
	return x != 0 && (x & (x - 1)) == 0;
}

/* Check cfg (frag.h v6t_frag_init()) and lay its table out: 0, or -1. */
static int plan_of(const v6t_frag_config *cfg, struct plan *p)
{
	uint32_t slots = cfg->slots, md = cfg->max_datagram, pe;
	size_t off;

	memset(p, 0, sizeof *p);
	if (slots == 0 || slots > V6T_FRAG_SLOTS_MAX ||
	    md < V6T_FRAG_MIN_DATAGRAM || md > V6T_FRAG_MAX_DATAGRAM ||
	    cfg->timeout_ms == 0 || cfg->max_frags > V6T_FRAG_FRAGS_MAX ||
	    cfg->poison_entries > V6T_FRAG_SLOTS_MAX ||
	    (cfg->flags & ~V6T_FRAG_CFG_TRUST_IP4_CHECKSUM) != 0)
		return -1;
	p->max_frags = cfg->max_frags != 0 ? cfg->max_frags : V6T_FRAG_FRAGS_DEFAULT;
	if (cfg->chunk_size == 0) {
		if (cfg->chunks != 0)
			return -1;
		p->stride = round_up((size_t)md + HEAD, LINE);
	} else {
		if (!is_pow2(cfg->chunk_size) || cfg->chunk_size < V6T_FRAG_CHUNK_MIN ||
		    cfg->chunk_size > V6T_FRAG_CHUNK_MAX)
			return -1;
		p->stride = cfg->chunk_size;
		while ((1u << p->shift) < cfg->chunk_size)
			p->shift++;
		/* the positions of one largest datagram with its headers */
		p->nmap = (uint32_t)(((size_t)md + HEAD + p->stride - 1) / p->stride);
		p->nchunks = cfg->chunks != 0 ? cfg->chunks : slots;
		if (p->nchunks < p->nmap || p->nchunks > CHUNKS_MAX)
			return -1;
	}
	pe = cfg->poison_entries != 0 ? cfg->poison_entries : slots;
	p->poison_mask = pow2_at_least((pe + PBUCKET - 1) / PBUCKET) - 1;
	p->hash_mask = pow2_at_least(2 * slots) - 1;
	/* whole lines: a slot's cold state and its first ranges share one */
	p->cold_size = round_up(sizeof(struct slot_cold) + 4u * (size_t)p->nmap +
				sizeof(struct range) * (size_t)p->max_frags, LINE);

	off = round_up(sizeof(struct v6t_frag_table), LINE);
	p->hot = area(&off, slots, sizeof(struct slot_hot));
	p->cold = area(&off, slots, p->cold_size);
	p->links = area(&off, slots, sizeof(struct link));
	p->free = area(&off, slots, sizeof(uint32_t));
	p->hash = area(&off, (size_t)p->hash_mask + 1, sizeof(struct hent));
	p->poison = area(&off, (size_t)p->poison_mask + 1, sizeof(struct pbucket));
	p->chunks = area(&off, p->nchunks, sizeof(uint32_t));
	p->data = area(&off, p->nmap != 0 ? p->nchunks : slots, p->stride);
	p->scratch = area(&off, md, 1);
	/* the alignment slack: the caller's memory may start anywhere */
	if (off == 0 || off > SIZE_MAX - LINE)
		return -1;
	p->end = off;
	return 0;
}

/* see frag.h */
size_t v6t_frag_table_size(const v6t_frag_config *cfg)
{
	struct plan p;

	if (cfg == NULL || plan_of(cfg, &p) != 0)
		return 0;
	return p.end + LINE - 1;
}

/* ------------------------------------------------------------ init */

static uint32_t *free_chunks(v6t_frag_table *t)
{
	return (uint32_t *)(void *)((unsigned char *)t + t->chunks_off);
}

/* key_hash()'s multipliers: SipHash-2-4 under the caller's key of the
 * two bytes (vector, index), a pseudo-random function in counter mode, so
 * that they are as secret as the key and independent of each other. */
static void mul_init(v6t_frag_table *t, const uint8_t key[16])
{
	uint8_t msg[2];
	unsigned v, i;

	for (v = 0; v < 2; v++)
		for (i = 0; i <= MSG_WORDS; i++) {
			msg[0] = (uint8_t)v;
			msg[1] = (uint8_t)i;
			t->mul[v][i] = v6t_sip_hash(key, msg, sizeof msg, 2, 4);
		}
}

/* see frag.h */
int v6t_frag_init(v6t_frag_table **table, void *mem, size_t memlen,
		  const v6t_frag_config *cfg)
{
	v6t_frag_table *t;
	struct plan p;
	size_t pad;
	uint32_t i;

	if (table == NULL || mem == NULL || cfg == NULL || plan_of(cfg, &p) != 0)
		return V6T_EINVAL;
	if (memlen < p.end + LINE - 1)
		return V6T_ENOSPC;
	pad = (LINE - (size_t)((uintptr_t)mem & (LINE - 1))) & (LINE - 1);
	t = (v6t_frag_table *)(void *)((unsigned char *)mem + pad);
	memset(t, 0, sizeof *t);
	t->nslots = cfg->slots;
	t->max_datagram = cfg->max_datagram;
	t->max4 = cfg->max_datagram < 0xffffu ? cfg->max_datagram : 0xffffu;
	t->timeout_ms = cfg->timeout_ms;
	t->max_frags = p.max_frags;
	t->flags = cfg->flags;
	t->nmap = p.nmap;
	t->chunk_shift = p.shift;
	t->nchunks = p.nchunks;
	t->hash_mask = p.hash_mask;
	t->poison_mask = p.poison_mask;
	t->hot_off = p.hot;
	t->cold_off = p.cold;
	t->links_off = p.links;
	t->free_off = p.free;
	t->hash_off = p.hash;
	t->poison_off = p.poison;
	t->chunks_off = p.chunks;
	t->data_off = p.data;
	t->scratch_off = p.scratch;
	t->cold_size = p.cold_size;
	t->stride = p.stride;
	mul_init(t, cfg->key.b);
	t->last = t->fresh = t->age_head = t->age_tail = NONE;
	for (i = 0; i <= t->hash_mask; i++)
		hash_at(t, i)->slot = NONE;
	memset((unsigned char *)t + t->poison_off, 0,
	       ((size_t)t->poison_mask + 1) * sizeof(struct pbucket));
	/* the stacks hand out slot and chunk 0 first */
	for (i = 0; i < t->nslots; i++) {
		free_slots_at(t)[i] = t->nslots - 1 - i;
		cold_at(t, i)->state = SLOT_FREE;
	}
	t->free_top = t->nslots;
	for (i = 0; i < t->nchunks; i++)
		free_chunks(t)[i] = t->nchunks - 1 - i;
	t->chunk_top = t->nchunks;
	*table = t;
	return V6T_OK;
}

/* ------------------------------------------------------------ slots */

/* see frag_table.h; the map stays as it is, so that a datagram just
 * delivered can still be read (slot_claim() clears it) */
void v6t_ft_chunks_free(v6t_frag_table *t, uint32_t i)
{
	const uint32_t *map = cmap_at(t, i);
	uint32_t k;

	for (k = 0; k < t->nmap; k++)
		if (map[k] != NONE)
			free_chunks(t)[t->chunk_top++] = map[k];
}

/* see frag_table.h */
void v6t_ft_pending_release(v6t_frag_table *t)
{
	uint32_t k;

	for (k = 0; k < t->npending; k++)
		slot_to_free(t, t->pending[k]);
	t->npending = 0;
}

/* see frag_table.h; counted as a timeout when the datagram is past its
 * timeout, else as an eviction */
int v6t_ft_evict_oldest(v6t_frag_table *t, uint32_t except, uint64_t now_ms,
			uint32_t *evicted, uint32_t *timed_out)
{
	uint32_t i;

	settle(t);
	i = t->age_head;
	if (i != NONE && i == except)
		i = link_at(t, i)->next;
	if (i == NONE)
		return -1;
	/* now_ms >= created_ms: time never goes back */
	if (now_ms - hot_at(t, i)->created_ms >= t->timeout_ms) {
		(*timed_out)++;
		t->stats.timeout++;
	} else {
		(*evicted)++;
		t->stats.evicted++;
	}
	slot_release(t, i);
	return 0;
}

/* see frag_table.h */
void v6t_ft_settle(v6t_frag_table *t)
{
	uint32_t i = t->fresh;
	struct slot_cold *c = cold_at(t, i);

	if (c->hash == HASH_UNKNOWN)
		c->hash = key_hash(t, hot_at(t, i)->key);
	hash_insert(t, i, c->hash);
	age_push(t, i);
	t->fresh = NONE;
}

/* see frag_table.h */
int v6t_ft_reserve_chunks(v6t_frag_table *t, uint32_t i, size_t from, size_t to,
			  uint64_t now_ms, uint32_t *evicted, uint32_t *timed_out)
{
	uint32_t *map = cmap_at(t, i);
	size_t k;

	for (k = from >> t->chunk_shift; k <= (to - 1) >> t->chunk_shift; k++) {
		if (map[k] != NONE)
			continue;
		/* each eviction frees an active datagram: this ends */
		while (t->chunk_top == 0)
			if (v6t_ft_evict_oldest(t, i, now_ms, evicted, timed_out) != 0)
				return V6T_EFRAG_NO_ROOM;
		map[k] = free_chunks(t)[--t->chunk_top];
	}
	return 0;
}

/* see frag_table.h */
uint32_t v6t_ft_slot_for_atomic(v6t_frag_table *t, uint32_t n, uint64_t now_ms,
				uint32_t *evicted, uint32_t *timed_out)
{
	uint32_t i = slot_take(t, now_ms, evicted, timed_out);

	if (i == NONE)
		return NONE;
	if (slot_reserve(t, i, HEAD, HEAD + (size_t)n, now_ms, evicted,
			 timed_out) != 0) {
		slot_to_free(t, i);
		return NONE;
	}
	pending_push(t, i);
	return i;
}

/* ------------------------------------------------------------ poisoned keys */

/* see frag_table.h; frag.h "Poisoned keys" */
void v6t_ft_poison_add(v6t_frag_table *t, uint64_t h, uint64_t until_ms)
{
	struct pbucket *b = poison_bucket(t, h);
	uint32_t tag = tag_of(h), k;
	uint64_t now = t->last_ms;
	struct pent *free_e = NULL, *any_e = NULL;

	if (t->poison_until < until_ms)
		t->poison_until = until_ms;
	for (k = 0; k < PBUCKET; k++) {
		struct pent *e = &b->e[k];

		if (e->until <= now) {
			/* of the entries whose time is up, the one up longest */
			if (free_e == NULL || e->until < free_e->until)
				free_e = e;
		} else if (e->any) {
			any_e = e;
		} else if (e->tag == tag) {
			if (e->until < until_ms)
				e->until = until_ms;
			return;
		}
	}
	if (free_e != NULL) {
		free_e->tag = tag;
		free_e->any = 0;
		free_e->until = until_ms;
		return;
	}
	/* no room: one entry stands for the whole bucket from now on */
	if (any_e == NULL) {
		any_e = &b->e[0];
		any_e->any = 1;
		t->stats.poison_merged++;
	}
	if (any_e->until < until_ms)
		any_e->until = until_ms;
}

/* see frag_table.h */
int v6t_ft_poison_lookup(const v6t_frag_table *t, uint64_t h, uint64_t now_ms)
{
	const struct pbucket *b = poison_bucket(t, h);
	uint32_t tag = tag_of(h), k;

	for (k = 0; k < PBUCKET; k++) {
		const struct pent *e = &b->e[k];

		if (e->until > now_ms && (e->any || e->tag == tag))
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------ table-wide */

/* see frag.h */
uint32_t v6t_frag_flush(v6t_frag_table *t, uint64_t now_ms)
{
	uint32_t n = 0, b, k;

	if (t == NULL)
		return 0;
	v6t_ft_pending_release(t);
	settle(t);
	while (t->age_head != NONE) {
		slot_release(t, t->age_head);
		n++;
	}
	t->stats.flushed += n;
	/* frag.h "Poisoned keys": what the new clock sees as poisoned stays
	 * so, for at most a timeout from now_ms (a key poisoned after a jump
	 * ahead would otherwise stay poisoned until the clock got there) */
	for (b = 0; b <= t->poison_mask; b++) {
		struct pbucket *pb = (struct pbucket *)(void *)((unsigned char *)t +
								t->poison_off) + b;

		for (k = 0; k < PBUCKET; k++)
			if (pb->e[k].until > now_ms + t->timeout_ms)
				pb->e[k].until = now_ms + t->timeout_ms;
	}
	if (t->poison_until > now_ms + t->timeout_ms)
		t->poison_until = now_ms + t->timeout_ms;
	t->last_ms = now_ms;
	return n;
}

/* see frag.h */
uint32_t v6t_frag_count(const v6t_frag_table *t)
{
	return t != NULL ? t->count : 0;
}

/* see frag.h */
void v6t_frag_stats_read(const v6t_frag_table *t, v6t_frag_stats *out)
{
	if (out == NULL)
		return;
	if (t == NULL)
		memset(out, 0, sizeof *out);
	else
		*out = t->stats;
}
