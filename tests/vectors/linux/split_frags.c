/*
 * split_frags - split one IP datagram with libv6transit, for
 * kernel_accepts.py (a manual experiment, not part of the build).
 *
 * usage: split_frags MTU ID < datagram > fragments
 *
 * Reads the datagram (IPv4 or IPv6, starting at its IP header) from
 * standard input, splits it with v6t_frag_split_begin() / _next() for MTU
 * (IPv6 Identification ID, decimal or 0x hex), and writes each fragment to
 * standard output as a 2-byte big-endian length followed by its bytes.
 * Exit 0 on success, 1 with the library's error on standard error.
 *
 * Build: cc -std=c99 -I include tests/vectors/linux/split_frags.c \
 *        build/libv6transit.a -o split_frags
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <stdio.h>
#include <stdlib.h>

#include <v6transit/frag.h>

#define MAX_DATAGRAM 65575 /* IPv6 header and 65535 bytes */

static unsigned char pkt[MAX_DATAGRAM + 1];
static unsigned char out[MAX_DATAGRAM];

int main(int argc, char **argv)
{
	v6t_frag_split s;
	size_t n, len;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: split_frags MTU ID < datagram\n");
		return 2;
	}
	n = fread(pkt, 1, sizeof pkt, stdin);
	if (n > MAX_DATAGRAM) {
		fprintf(stderr, "split_frags: datagram too large\n");
		return 1;
	}
	rc = v6t_frag_split_begin(&s, pkt, n, (uint32_t)strtoul(argv[1], NULL, 0),
				  (uint32_t)strtoul(argv[2], NULL, 0));
	while (rc == V6T_OK && s.index < s.count) {
		rc = v6t_frag_split_next(&s, out, sizeof out, &len);
		if (rc == V6T_OK) {
			putchar((int)(len >> 8));
			putchar((int)(len & 0xff));
			fwrite(out, 1, len, stdout);
		}
	}
	if (rc != V6T_OK) {
		fprintf(stderr, "split_frags: %s\n", v6t_strerror(rc));
		return 1;
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
