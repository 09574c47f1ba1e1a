/*
 * example_flowlabel.c - the flowlabel API in a few lines: a first-hop
 * router gives an IPv6 packet without a flow label the label of its flow
 * (RFC 6437 §3), leaves a labelled one alone, and a load balancer picks a
 * server from {source, label} (RFC 7098 §4). Exits 0 when every result
 * follows the rules of flowlabel.h.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <stdio.h>
#include <string.h>

#include <v6transit/v6transit.h>

/* Report a failed step; returns 1 so that main can count failures. */
static int fail(const char *step, int status)
{
	fprintf(stderr, "example_flowlabel: %s: %s\n", step, v6t_strerror(status));
	return 1;
}

int main(void)
{
	/* In a real device: 16 bytes from a good random source, drawn once. */
	const v6t_flowlabel_key key = { { 0x6b, 0x65, 0x79, 0x20, 0x66, 0x6f,
					  0x72, 0x20, 0x65, 0x78, 0x61, 0x6d,
					  0x70, 0x6c, 0x65, 0x21 } };
	const v6t_flowlabel_key balancer_key = { { 0x62, 0x61, 0x6c, 0x61, 0x6e,
						   0x63, 0x65, 0x72, 0x20, 0x6b,
						   0x65, 0x79, 0x20, 0x32, 0x30,
						   0x32 } };
	/* IPv6 UDP 2001:db8::1 port 5000 -> 2001:db8::53 port 53, label 0 */
	uint8_t pkt[48] = {
		0x60, 0, 0, 0,    0, 8, 17, 64,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53,
		0x13, 0x88, 0x00, 0x35, 0x00, 0x08, 0x00, 0x00,
	};
	v6t_flow flow;
	uint32_t label, again, server;
	int written, rc, failures = 0;

	/* 1. Label the packet in place. */
	rc = v6t_flowlabel_set(&key, pkt, sizeof pkt, 0, &label, &written);
	if (rc != V6T_OK)
		return fail("v6t_flowlabel_set", rc);
	printf("label=0x%05x written=%d\n", (unsigned)label, written);
	failures += written != 1 || label == 0;

	/* 2. The label is that of the packet's 5-tuple. */
	rc = v6t_flow_from_packet(&flow, pkt, sizeof pkt, 0);
	if (rc != V6T_OK)
		return fail("v6t_flow_from_packet", rc);
	printf("flow kind=%u proto=%u sport=%u dport=%u\n", flow.kind,
	       flow.proto, flow.sport, flow.dport);
	failures += flow.kind != V6T_FLOW_5TUPLE || flow.sport != 5000 ||
		    flow.dport != 53 || v6t_flowlabel_of(&key, &flow) != label;

	/* 3. A packet that has a label keeps it (RFC 6437 §3). */
	rc = v6t_flowlabel_set(&key, pkt, sizeof pkt, 0, &again, &written);
	if (rc != V6T_OK)
		return fail("v6t_flowlabel_set again", rc);
	failures += written != 0 || again != label;

	/* 4. A balancer with 8 servers and its own key (RFC 7098 §4). */
	rc = v6t_flowlabel_server(&server, &balancer_key, &flow.src, NULL, label, 8);
	if (rc != V6T_OK)
		return fail("v6t_flowlabel_server", rc);
	printf("server=%u of 8\n", (unsigned)server);
	failures += server >= 8;

	/* 5. Malformed input is refused and left untouched. */
	rc = v6t_flowlabel_set(&key, pkt, 44, 0, NULL, NULL);
	printf("cut packet: %s\n", v6t_strerror(rc));
	failures += rc != V6T_EPKT_SHORT;

	if (failures)
		fprintf(stderr, "example_flowlabel: %d unexpected results\n", failures);
	return failures ? 1 : 0;
}
