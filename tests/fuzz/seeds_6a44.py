#!/usr/bin/env python3
"""Writes the seed inputs of fuzz_6a44 into tests/fuzz/corpus/6a44/.

Each seed is the mode byte that fuzz_6a44.c describes, then a packet built
here byte by byte (IPv4 header checksums by RFC 1071). The network is that
of fuzz_6a44.c and tests/test_tunnel_6a44.c: C = 2001:db8:1::/48,
N:Z = 203.0.113.5:40000, A = 192.168.1.10, B = 192.88.99.2, W = 1027.
Seeds are named by the SHA-1 of their bytes, as libFuzzer names its own.

Usage: python3 tests/fuzz/seeds_6a44.py [outdir]
"""
import hashlib
import os
import struct
import sys

C = bytes.fromhex('20010db80001')
N, Z = bytes([203, 0, 113, 5]), 40000
A = bytes([192, 168, 1, 10])
B = bytes([192, 88, 99, 2])
W = 1027
ME = C + N + struct.pack('!H', Z) + A
D = bytes.fromhex('20010db8ffff00000000000000000001')
ID = bytes(range(1, 9))


def csum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s > 0xffff:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ip4(src, dst, proto, payload, ttl=64, flags=0x4000):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), 0, flags,
                    ttl, proto, 0, src, dst)
    h = h[:10] + struct.pack('!H', csum(h)) + h[12:]
    return h + payload


def icmp4(typ, code, mtu, quote):
    m = struct.pack('!BBHHH', typ, code, 0, 0, mtu) + quote
    return m[:2] + struct.pack('!H', csum(m)) + m[4:]


R = bytes([198, 51, 100, 1])


def udp(sport, dport, payload):
    return struct.pack('!HHHH', sport, dport, 8 + len(payload), 0) + payload


def ip6(src, dst, payload=b'\xaa' * 8, nh=59):
    return struct.pack('!IHBB', 6 << 28, len(payload), nh, 64) + src + dst + \
        payload


def teredo(mapped):
    return bytes.fromhex('20010000c00002010000efff') + \
        bytes(~x & 0xff for x in mapped)


SAME_SITE = C + N + struct.pack('!H', Z) + bytes([192, 168, 1, 20])
OTHER = C + bytes([198, 51, 100, 7, 0xc3, 0x50, 10, 0, 0, 2])
SEEDS = [
    # 0: client reception
    bytes([0]) + ip4(B, A, 17, udp(W, W, ip6(D, ME))),
    bytes([0]) + ip4(B, A, 17, udp(W, W, ME[:12] + ID)),
    bytes([0]) + ip4(B, A, 17, udp(W, W, ME[:12] + ID + b'\0' * 7)),
    bytes([0]) + ip4(SAME_SITE[12:], A, 41, ip6(SAME_SITE, ME)),
    bytes([0]) + ip4(B, A, 17, udp(W, W, ip6(D, ME)), flags=0x2000),
    bytes([8]) + ip4(B, A, 17, udp(W, W, ip6(D, ME))),
    # 1: relay reception in IPv4
    bytes([1]) + ip4(N, B, 17, udp(Z, W, ip6(ME, D)), ttl=63),
    bytes([1]) + ip4(N, B, 17, udp(Z, W, b'\0' * 12 + ID), ttl=63),
    bytes([1]) + ip4(N, B, 17, udp(Z, W, ip6(ME, OTHER)), ttl=63),
    bytes([1]) + ip4(N, B, 17, udp(Z, W, ip6(ME, teredo(B))), ttl=63),
    bytes([1]) + ip4(A, B, 17, udp(W, W, ip6(ME, D))),
    # 2: client transmission, then the relay
    bytes([2]) + ip6(ME, D),
    bytes([2]) + ip6(ME, OTHER),
    bytes([2]) + ip6(ME, SAME_SITE),
    bytes([2]) + ip6(ME, D, b'\xcc' * 1241),
    # 3: relay reception in IPv6, then the client
    bytes([3]) + ip6(D, ME),
    bytes([3]) + ip6(teredo(B), ME),
    bytes([3]) + ip6(D, C + B + bytes(6)),
    bytes([3]) + ip6(D, ME, b'\xcc' * 1241),
    bytes([11]) + ip6(D, C + N + struct.pack('!H', Z) + bytes(4)),
    # 5, 6: both ends in one call
    bytes([5]) + ip4(N, B, 17, udp(Z, W, ip6(ME, D)), ttl=63),
    bytes([5]) + ip4(B, A, 17, udp(W, W, ip6(D, ME))),
    bytes([6]) + ip6(ME, D),
    bytes([6]) + ip6(D, ME),
    # 7: ICMPv4 errors, CR-4 (client) and RR4-4 (relay, bit 4)
    bytes([7]) + ip4(R, A, 1, icmp4(3, 1, 0, ip4(A, B, 17, udp(W, W, ip6(ME, D))))),
    bytes([7]) + ip4(R, A, 1, icmp4(3, 4, 1400, ip4(A, SAME_SITE[12:], 41,
                                                   ip6(ME, SAME_SITE)))),
    bytes([7]) + ip4(R, A, 1, icmp4(11, 0, 0, ip4(A, B, 17, udp(W, W, ip6(ME, D)))[:68])),
    bytes([0x17]) + ip4(R, B, 1, icmp4(11, 0, 0, ip4(B, N, 17, udp(W, Z, ip6(D, ME))))),
    bytes([0x17]) + ip4(R, B, 1, icmp4(3, 4, 1300, ip4(B, N, 17, udp(W, Z, ip6(D, ME))))),
    bytes([0x17]) + ip4(R, B, 1, icmp4(12, 0, 0, ip4(B, N, 17, udp(W, Z, ip6(D, ME))))),
    # 4: error bubble
    bytes([4]) + ip4(A, B, 17, udp(W, W, ip6(ME, D))),
]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), 'corpus', '6a44')
    os.makedirs(out, exist_ok=True)
    for s in SEEDS:
        with open(os.path.join(out, hashlib.sha1(s).hexdigest()), 'wb') as f:
            f.write(s)


if __name__ == '__main__':
    main()
