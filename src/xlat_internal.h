/*
 * libv6transit - private: what the translation files share.
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * A translation is planned first (xlat_46.c, xlat_64.c): the new IP
 * headers in a local array, and the input's bytes after the old headers,
 * which are written unchanged but for at most two 16-bit words (an ICMP
 * type and code, a transport checksum). xlat_packet.c then writes the plan
 * by copy or in place. ICMP errors, whose quoted packet is translated too,
 * are written by xlat_icmp.c.
 */
#ifndef V6T_SRC_XLAT_INTERNAL_H
#define V6T_SRC_XLAT_INTERNAL_H

#include <string.h>

#include <v6transit/packet.h>
#include <v6transit/xlat.h>

/* RFC 6052 mapping with the translator's pool6 (xlat.c) */
int xlat_pool6_encode(const v6t_xlat_config *c, const v6t_in4 *a, v6t_in6 *out);
int xlat_pool6_decode(const v6t_xlat_config *c, const v6t_in6 *a, v6t_in4 *out);

/* The largest headers a plan writes: IPv6 and a Fragment header. */
#define XLAT_HDR_MAX 48
#define XLAT_NO_PATCH 0xffffffffu

/* Translation modes (the mode argument of the planners). */
#define XLAT_INNER 0x1u   /* the packet quoted by an ICMP error (§4.3, §5.3):
			   * no TTL decrement, no size rules, cut short */
#define XLAT_PIECE 0x2u   /* a piece of our own split: always a fragment */
#define XLAT_HAIRPINNED 0x4u /* RFC 7757 §4.2.2's second pass: the TTL is
			     * done, §4.2.1's rules apply */
#define XLAT_NO_HAIRPIN 0x8u /* hairpinning's first pass: to IPv4 all the same */

/* What a planner decided, besides a plan or a drop reason (< 0). */
enum xlat_step {
	XLAT_PLANNED = 0,     /* write the plan */
	XLAT_SPLIT = 1,       /* too big: fragment it (the plan is of the whole) */
	XLAT_ANSWER = 2,      /* send the error in struct xlat_err */
	XLAT_ICMP_ERROR = 3,  /* an ICMP error message: xlat_icmp.c translates it */
	XLAT_HAIRPIN_BACK = 4 /* RFC 7757 §4.2.2: IPv6 to IPv6 */
};

struct xlat_plan {
	uint8_t hdr[XLAT_HDR_MAX]; /* the new IP headers */
	uint32_t hdr_len;
	uint32_t pay_off;          /* the input's bytes kept: [pay_off, pay_end) */
	uint32_t pay_end;
	uint32_t patch_off[2];     /* from pay_off, or XLAT_NO_PATCH */
	uint16_t patch_val[2];
	uint8_t version;           /* of the output */
	uint8_t proto;             /* the upper-layer protocol of the input */
};

/* An error the translator answers with (XLAT_ANSWER). */
struct xlat_err {
	uint8_t type;
	uint8_t code;
	uint32_t rest; /* ICMP header bytes 4..7 */
};

/* The planners: XLAT_PLANNED and the others above, or a reason < 0.
 * v is pkt's walk (V6T_PKT_OPT_TRUNCATED for XLAT_INNER). */
int xlat46_plan(const v6t_xlat *x, const uint8_t *pkt, const v6t_pkt *v,
		unsigned mode, struct xlat_plan *p, struct xlat_err *e);
int xlat64_plan(const v6t_xlat *x, const uint8_t *pkt, const v6t_pkt *v,
		unsigned mode, struct xlat_plan *p, struct xlat_err *e);

/* Where a result goes: out[0..cap); with in_place, the packet lies at
 * out + pos and the result is written over it. */
struct xlat_dest {
	uint8_t *out;
	size_t cap;
	size_t pos;
	int in_place;
};

/* The ICMP error translators (xlat_icmp.c): the error message pkt, whose
 * outer header p planned, rewritten with its quoted packet translated
 * (RFC 7915 §4.3, §5.3) to d. V6T_OK with *data and *len; V6T_ENOSPC with
 * *len the room needed; or the reason to drop it. */
int xlat_icmp46_error(const v6t_xlat *x, const uint8_t *pkt, const v6t_pkt *v,
		      unsigned mode, const struct xlat_plan *p,
		      const struct xlat_dest *d, uint8_t **data, size_t *len);
int xlat_icmp64_error(const v6t_xlat *x, const uint8_t *pkt, const v6t_pkt *v,
		      const struct xlat_plan *p, const struct xlat_dest *d,
		      uint8_t **data, size_t *len);

/* The fast path (xlat_fast.c): 1 when it translated pkt to d (a
 * FORWARD verdict in res, the flow label not yet set), 0 when the general
 * path must take the packet (then nothing is written). */
int xlat_fast(const v6t_xlat *x, const uint8_t *pkt, size_t len,
	      const struct xlat_dest *d, v6t_xlat_result *res);

/* xlat_fast() but for the lean shapes, which the entry points take
 * inline (xlat_fast.c): the rest of the fast path. */
int xlat_fast_rest(const v6t_xlat *x, const uint8_t *pkt, size_t len,
		   const struct xlat_dest *d, v6t_xlat_result *res);

/* v6t_xlat_translate() and v6t_xlat_translate_inplace() after the lean
 * path (xlat_packet.c), for valid arguments: xlat_fast_rest(), then the
 * general path. */
int xlat_translate_rest(const v6t_xlat *x, const uint8_t *pkt, size_t len,
			uint8_t *out, size_t cap, v6t_xlat_result *res);
int xlat_translate_inplace_rest(const v6t_xlat *x, uint8_t *buf, size_t cap,
				size_t off, size_t len, v6t_xlat_result *res);

/* Set the RFC 6437 flow label of the forwarded IPv6 packet in res when
 * V6T_XLAT_FLOWLABEL asks (xlat_packet.c); V6T_OK. */
int xlat_label(const v6t_xlat *x, v6t_xlat_result *res);

/* The general path (xlat_packet.c), the reference for the fast one:
 * v6t_xlat_translate() or v6t_xlat_translate_inplace() without it. */
int xlat_translate_general(const v6t_xlat *x, const uint8_t *pkt, size_t len,
			   const struct xlat_dest *d, v6t_xlat_result *res);

/* RFC 7757 §4.2.2 condition A3 / B3: whether an IPv6 address that RFC
 * 6052 maps (not the EAM table) gives an IPv4 address in the EAM table
 * (xlat_64.c). */
int xlat_hairpins(const v6t_xlat *x, const uint8_t *a6);

/* §5.1 Identification for a DF=0 IPv4 packet without Fragment header
 * (xlat_64.c): a keyed hash of the IPv4 header h4's addresses and
 * protocol and the first 8 of the n bytes at l4. */
uint16_t xlat_ipv4_id(const v6t_xlat *x, const uint8_t *h4, const uint8_t *l4,
		     uint32_t n);

/* ICMP informational messages (echo), and the mapping of RFC 7915 §4.2 /
 * §5.2 (xlat_icmp.c): the new type and code word, or -1 to drop. */
int xlat_icmp4_info_type(uint8_t type, uint8_t code);
int xlat_icmp6_info_type(uint8_t type, uint8_t code);

/* Patch k of plan p: the 16-bit word at off from pay_off becomes v. */
static inline void xlat_patch(struct xlat_plan *p, unsigned k, uint32_t off,
			      uint16_t v)
{
	p->patch_off[k] = off;
	p->patch_val[k] = v;
}

/*
 * RFC 7915 §4.1 "Source Address": RFC 1812 §5.3.7 addresses a router
 * does not forward from: 0.0.0.0/8, 127.0.0.0/8, multicast 224.0.0.0/4 and
 * 240.0.0.0/4 (class E, limited broadcast included).
 */
static inline int xlat_illegal_source4(const uint8_t *a)
{
	return a[0] == 0 || a[0] == 127 || a[0] >= 224;
}

/* RFC 7915 §5.1 "Source Address": addresses no router forwards from
 * (RFC 4291 §2.5.2, §2.5.3, §2.7): unspecified, loopback, multicast. */
static inline int xlat_illegal_source6(const uint8_t *a)
{
	static const uint8_t zero[15];

	return a[0] == 0xff || (memcmp(a, zero, 15) == 0 && a[15] <= 1);
}

/* Whether an ICMPv4 / ICMPv6 type is an error message. */
static inline int xlat_icmp4_is_error(uint8_t type)
{
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

static inline int xlat_icmp6_is_error(uint8_t type)
{
	return type < 128;
}

#endif /* V6T_SRC_XLAT_INTERNAL_H */
