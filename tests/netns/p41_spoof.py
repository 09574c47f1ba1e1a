#!/usr/bin/env python3
"""Send forged protocol-41 packets (tests/netns/p41_kernel.sh).

usage: p41_spoof.py SRC4 DST4 SRC6 DST6 COUNT [nested]

Sends COUNT IPv4 packets SRC4 -> DST4 of protocol 41 (RFC 4213 §3.5)
carrying an IPv6 header SRC6 -> DST6 with No Next Header (59), or with
"nested" an IPv6 header of Next Header 41 holding a second IPv6 packet.
The IPv4 header is written here (IP_HDRINCL, through IPPROTO_RAW), so SRC4
may be any address. Standard library only; needs root.
"""

import ipaddress
import socket
import struct
import sys


def ip6(src, dst, nh, payload=b""):
    return struct.pack(">IHBB", 6 << 28, len(payload), nh, 64) + \
        ipaddress.IPv6Address(src).packed + ipaddress.IPv6Address(dst).packed + payload


def main():
    if len(sys.argv) not in (6, 7):
        raise SystemExit(__doc__)
    src4, dst4, src6, dst6, count = sys.argv[1:6]
    nested = len(sys.argv) == 7 and sys.argv[6] == "nested"
    inner = ip6(src6, dst6, 41, ip6(src6, dst6, 59)) if nested else ip6(src6, dst6, 59)
    # the kernel fills in the checksum (and keeps Identification 1)
    hdr = struct.pack(">BBHHHBBH", 0x45, 0, 20 + len(inner), 1, 0, 64, 41, 0) + \
        socket.inet_aton(src4) + socket.inet_aton(dst4)
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    for _ in range(int(count)):
        s.sendto(hdr + inner, (dst4, 0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
