/*
 * libv6transit - TCP MSS clamping (tunnel.h): the MSS option of SYNs
 * lowered in place at the edge of a small-MTU tunnel or translator.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include "v6transit/tunnel.h"
#include "v6transit/packet.h"

#include "bytes.h"
#include "checksum.h"

#define TCP_PROTO 6u
#define TCP_MIN_HEADER 20u
#define TCP_FLAGS_OFF 13u /* the byte holding CWR..FIN; SYN is 0x02 */
#define TCP_SYN 0x02u
#define TCP_CHECKSUM_OFF 16u

/* RFC 9293 §3.1 option kinds */
#define OPT_EOL 0u
#define OPT_NOP 1u
#define OPT_MSS 2u
#define OPT_MSS_LEN 4u

/* see tunnel.h */
int v6t_tun_mss_for_mtu(uint32_t mtu, int version, uint16_t *mss)
{
	uint32_t ip_header, min_mtu;

	if (mss == NULL || (version != 4 && version != 6) || mtu > 65535u)
		return V6T_EINVAL;
	ip_header = version == 4 ? 20u : 40u;
	min_mtu = version == 4 ? 68u : 1280u;
	if (mtu < min_mtu)
		return V6T_EINVAL;
	*mss = (uint16_t)(mtu - ip_header - TCP_MIN_HEADER);
	return V6T_OK;
}

/* x with its two bytes exchanged. */
static uint16_t swap16(uint16_t x)
{
	return (uint16_t)(x << 8 | x >> 8);
}

/*
 * Walk the options of the TCP header th (hlen bytes, at least 20). With
 * clamp 0 it only checks them; otherwise every MSS option above clamp is
 * lowered to it and the checksum patched. Returns the number of options
 * lowered (0 or more) or V6T_EMSS_OPTIONS; *first gets the first
 * lowered option's old value.
 */
static int walk_options(uint8_t *th, uint32_t hlen, uint16_t clamp, uint16_t *first)
{
	uint32_t i = TCP_MIN_HEADER;
	int lowered = 0;

	while (i < hlen) {
		uint8_t kind = th[i];
		uint32_t olen;

		if (kind == OPT_EOL)
			break;
		if (kind == OPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= hlen)
			return V6T_EMSS_OPTIONS;
		olen = th[i + 1];
		if (olen < 2 || olen > hlen - i)
			return V6T_EMSS_OPTIONS;
		if (kind == OPT_MSS) {
			uint16_t old;

			if (olen != OPT_MSS_LEN)
				return V6T_EMSS_OPTIONS;
			old = v6t_ld_be16(th + i + 2);
			if (clamp != 0 && old > clamp) {
				uint16_t sum = v6t_ld_be16(th + TCP_CHECKSUM_OFF);
				uint16_t was = old, now = clamp;

				/* a value at an odd offset (after one NOP,
				 * say) straddles two 16-bit words of the
				 * sum: it counts byte-swapped (RFC 1071
				 * §2(B)) */
				if ((i + 2) & 1u) {
					was = swap16(was);
					now = swap16(now);
				}
				v6t_st_be16(th + i + 2, clamp);
				v6t_st_be16(th + TCP_CHECKSUM_OFF,
					    v6t_csum_update(sum, &was, &now, 1));
				if (lowered++ == 0)
					*first = old;
			}
		}
		i += olen;
	}
	return lowered;
}

/* see tunnel.h */
int v6t_tun_mss_clamp(uint8_t *pkt, size_t len, uint16_t mss, uint16_t *old_mss)
{
	v6t_pkt p;
	uint32_t avail, hlen;
	uint16_t first = 0;
	int whole, rc;
	uint8_t *th;

	if (pkt == NULL || mss == 0)
		return V6T_EINVAL;
	rc = v6t_pkt_parse(pkt, len, 0, &p);
	if (rc != V6T_OK)
		return rc;
	if (!(p.flags & V6T_PKT_L4) || p.proto != TCP_PROTO)
		return 0;
	/* a first fragment may end inside the TCP header: left alone, as
	 * the segment cannot be seen whole (a whole one cannot: an error) */
	whole = !(p.flags & V6T_PKT_FRAGMENT);
	th = pkt + p.l4_off;
	avail = p.end - p.l4_off;
	if (avail < TCP_FLAGS_OFF + 1)
		return whole ? V6T_EMSS_TCP_HEADER : 0;
	if (!(th[TCP_FLAGS_OFF] & TCP_SYN))
		return 0;
	hlen = (uint32_t)(th[12] >> 4) * 4u;
	if (hlen < TCP_MIN_HEADER)
		return V6T_EMSS_TCP_HEADER;
	if (hlen > avail)
		return whole ? V6T_EMSS_TCP_HEADER : 0;
	/* check every option before the first write: an error leaves the
	 * packet as it was */
	rc = walk_options(th, hlen, 0, &first);
	if (rc < 0)
		return rc;
	rc = walk_options(th, hlen, mss, &first);
	if (rc == 0)
		return 0;
	if (old_mss != NULL)
		*old_mss = first;
	return 1;
}
