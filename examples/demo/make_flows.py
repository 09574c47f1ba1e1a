#!/usr/bin/env python3
# Writes examples/demo/flows.pcap, the demo's packets for `v6t flowlabel`
# (the file is committed; this is the command that made it):
#   python3 examples/demo/make_flows.py examples/demo/flows.pcap
# Link type RAW (101). Packets, in order:
#   1-3  IPv6 UDP 2001:db8::1 -> 2001:db8::53, source ports 5000, 5001, 5000,
#        label 0 (1 and 3 are one flow: they must get the same label)
#   4    IPv6 TCP with Hop-by-Hop and Destination Options headers, label 0
#   5    IPv6 TCP that already has label 0x12345 (kept)
#   6    IPv6 first fragment of a UDP datagram, label 0 (labelled from the
#        addresses, as every fragment of the flow)
#   7    IPv4 UDP 192.0.2.1 -> 198.51.100.7 (copied: IPv4 has no label)
#   8    4in6 tunnel packet around packet 7, label 0 (with --tunnel: the
#        label of the inner IPv4 flow)
#   9    IPv6 with 9 Destination Options headers: too many (copied, invalid)
import struct
import sys

SRC = bytes.fromhex("20010db8000000000000000000000001")
DST = bytes.fromhex("20010db8000000000000000000000053")
TEP1 = bytes.fromhex("20010db8ffff00000000000000000001")
TEP2 = bytes.fromhex("20010db8ffff00000000000000000002")


def ip6(nh, payload, label=0, src=SRC, dst=DST):
    return struct.pack("!IHBB", 6 << 28 | label, len(payload), nh, 64) + src + dst + payload


def udp(sport, dport, data=b"demo"):
    return struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data


def tcp(sport, dport):
    return struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 5 << 4, 2, 65535, 0, 0)


def ext(nh):  # 8 bytes: Next Header, Hdr Ext Len 0, PadN of 4
    return bytes([nh, 0, 1, 4, 0, 0, 0, 0])


def ip4_udp():
    u = udp(1000, 53)
    return struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(u), 7, 0, 64, 17, 0,
                       bytes([192, 0, 2, 1]), bytes([198, 51, 100, 7])) + u


packets = [
    ip6(17, udp(5000, 53)),
    ip6(17, udp(5001, 53)),
    ip6(17, udp(5000, 53)),
    ip6(0, ext(60) + ext(6) + tcp(40000, 443)),
    ip6(6, tcp(40001, 443), label=0x12345),
    ip6(44, struct.pack("!BBHI", 17, 0, 1, 0xabcd) + udp(5002, 53, b"x" * 16)),
    ip4_udp(),
    ip6(4, ip4_udp(), src=TEP1, dst=TEP2),
    ip6(60, b"".join(ext(60) for _ in range(8)) + ext(17) + udp(1, 2)),
]

with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 101))
    for i, p in enumerate(packets):
        f.write(struct.pack("<IIII", 1700000000 + i, 0, len(p), len(p)))
        f.write(p)
