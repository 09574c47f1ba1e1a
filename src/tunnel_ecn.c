/*
 * libv6transit - IPv6 transition building blocks.
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * RFC 6040 §4.2: the ECN field a tunnel egress forwards.
 */
#include <v6transit/tunnel.h>

/*
 * Rows: arriving inner; columns: arriving outer (0 Not-ECT, 1 ECT(1),
 * 2 ECT(0), 3 CE). -1 is the MUST-drop cell (inner Not-ECT, outer CE).
 * Not-ECT inner stays Not-ECT under an ECT outer; ECT(0) inner takes the
 * outer's ECT(1) (RFC 6040 §4.2, the cell its update of RFC 3168 added);
 * CE outer marks any ECN-capable inner CE; inner CE stays CE.
 */
static const signed char ecn_table[4][4] = {
	/* outer: Not-ECT ECT(1) ECT(0) CE */
	{ 0, 0, 0, -1 }, /* inner Not-ECT */
	{ 1, 1, 1, 3 },  /* inner ECT(1) */
	{ 2, 1, 2, 3 },  /* inner ECT(0) */
	{ 3, 3, 3, 3 },  /* inner CE */
};

/* see tunnel.h */
int v6t_tun_ecn_egress(unsigned inner, unsigned outer)
{
	return ecn_table[inner & 3u][outer & 3u];
}
