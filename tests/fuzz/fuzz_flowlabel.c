/*
 * Fuzz target: the packet entry points of flowlabel.h
 * (v6t_flowlabel_set, v6t_flow_from_packet, v6t_flowlabel_tunnel).
 *
 * Input layout: byte 0 is the mode (its low 3 bits: 2TUPLE, TUNNEL,
 * INNER; bit 3 adds an unknown mode bit), byte 1 the first key byte (the
 * other 15 are fixed), the rest the packet.
 *
 * Properties (abort() on a violation):
 * - every function returns V6T_OK or a documented code;
 * - v6t_flowlabel_set returns what the walk decides: V6T_EINVAL for an
 *   unknown mode bit, else v6t_pkt_parse()'s error, V6T_EPKT_VERSION for
 *   IPv4, and V6T_OK, which only an inner packet's error (TUNNEL, label
 *   zero) can turn into an error;
 * - v6t_flowlabel_set changes nothing when it fails, and when it succeeds
 *   changes at most the low 4 bits of byte 1 and bytes 2..3; the label it
 *   reports is 1..0xfffff and is in the packet; it wrote exactly when the
 *   label was zero; a second call keeps the label and changes nothing;
 * - when the label was zero and the mode has no TUNNEL, the label written
 *   is v6t_flowlabel_of() of v6t_flow_from_packet() of the packet (with
 *   INNER dropped: it names the inner packet);
 * - v6t_flow_from_packet succeeds exactly when v6t_pkt_parse does, and
 *   v6t_flowlabel_tunnel gives the label of the flow it finds.
 * The packet sits in a block of exactly its size, so that any read past it
 * trips ASan.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <v6transit/flowlabel.h>
#include <v6transit/packet.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

static int is_pkt_error(int rc)
{
	return rc == V6T_EPKT_VERSION || rc == V6T_EPKT_SHORT ||
	       rc == V6T_EPKT_IPV4_HEADER || rc == V6T_EPKT_CHAIN ||
	       rc == V6T_EPKT_TOO_MANY_EXT || rc == V6T_EPKT_HOP_BY_HOP ||
	       rc == V6T_EPKT_FRAG_TWICE;
}

static void check_set(const v6t_flowlabel_key *key, const uint8_t *orig,
		      uint8_t *pkt, size_t len, unsigned mode)
{
	uint32_t label = 0, again = 0;
	int written = -1, rc, prc, zero;
	v6t_pkt view;
	size_t i;

	memcpy(pkt, orig, len);
	rc = v6t_flowlabel_set(key, pkt, len, mode, &label, &written);
	prc = v6t_pkt_parse(orig, len, 0, &view);
	zero = prc == V6T_OK && view.version == 6 &&
	       ((orig[1] & 0xf) | orig[2] | orig[3]) == 0;
	if ((mode & ~7u) != 0)
		check(rc == V6T_EINVAL);
	else if (prc != V6T_OK)
		check(rc == prc);
	else if (view.version != 6)
		check(rc == V6T_EPKT_VERSION);
	else if (!(zero && (mode & V6T_FLOWLABEL_TUNNEL)))
		check(rc == V6T_OK);
	if (rc != V6T_OK) {
		check(rc == V6T_EINVAL || is_pkt_error(rc));
		check(rc != V6T_EINVAL || (mode & ~7u) != 0);
		check(memcmp(pkt, orig, len) == 0);
		return;
	}
	check(len >= 40 && (orig[0] >> 4) == 6);
	check(label >= 1 && label <= V6T_FLOWLABEL_MAX);
	check((((uint32_t)pkt[1] & 0xf) << 16 | (uint32_t)pkt[2] << 8 | pkt[3]) == label);
	check((pkt[1] & 0xf0) == (orig[1] & 0xf0) && pkt[0] == orig[0]);
	check(memcmp(pkt + 4, orig + 4, len - 4) == 0);
	check(written == (((orig[1] & 0xf) | orig[2] | orig[3]) == 0));
	if (written && !(mode & V6T_FLOWLABEL_TUNNEL)) {
		v6t_flow flow;
		check(v6t_flow_from_packet(&flow, orig, len,
					   mode & V6T_FLOWLABEL_2TUPLE) == V6T_OK);
		check(v6t_flowlabel_of(key, &flow) == label);
	}
	rc = v6t_flowlabel_set(key, pkt, len, mode, &again, &written);
	check(rc == V6T_OK && again == label && written == 0);
	for (i = 1; i < 4; i++)
		check(pkt[i] == (i == 1 ? (orig[1] & 0xf0) | (label >> 16)
					: (uint8_t)(label >> (8 * (3 - i)))));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	v6t_flowlabel_key key = { { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
				    14, 15 } };
	unsigned mode;
	size_t len;
	uint8_t *orig, *pkt;
	v6t_flow flow;
	v6t_pkt view;
	uint32_t label;
	int rc, prc;

	if (size < 2)
		return 0;
	mode = (data[0] & 7u) | (data[0] & 8u ? 0x100u : 0u);
	key.b[0] = data[1];
	len = size - 2;
	orig = malloc(len ? len : 1);
	pkt = malloc(len ? len : 1);
	if (orig == NULL || pkt == NULL)
		abort();
	memcpy(orig, data + 2, len);

	check_set(&key, orig, pkt, len, mode);

	prc = v6t_pkt_parse(orig, len, 0, &view);
	rc = v6t_flow_from_packet(&flow, orig, len, mode & ~(unsigned)V6T_FLOWLABEL_TUNNEL);
	if (mode & 0x100u) {
		check(rc == V6T_EINVAL);
	} else {
		check(rc == prc);
		if (rc == V6T_OK) {
			check(flow.kind >= V6T_FLOW_2TUPLE && flow.kind <= V6T_FLOW_5TUPLE);
			check(v6t_flowlabel_tunnel(&key, orig, len, mode & 5u, &label) == V6T_OK);
			check(label == v6t_flowlabel_of(&key, &flow));
		}
	}
	free(orig);
	free(pkt);
	return 0;
}
