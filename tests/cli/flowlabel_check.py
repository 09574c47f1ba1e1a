#!/usr/bin/env python3
"""Independent check of `v6t flowlabel` (CLI.md "Packets", doc/cli.md).

Usage: python3 flowlabel_check.py PATH/TO/v6t

The script builds its own pcap files (link types RAW, IPV6, IPV4 and
ETHERNET, micro- and nanosecond timestamps, both byte orders), runs
`v6t flowlabel` on them with two keys, with and without --tunnel, and checks
the counters, every output record and its timestamp. Expected labels come
from this script's own model of the rules of include/v6transit/flowlabel.h
and packet.h and its own SipHash, written from the SipHash paper (Aumasson
and Bernstein, 2012) and checked against published vectors before use;
nothing expected here was produced by running v6t or the library.

Each test packet also carries, by hand, the rule that should label it
('5', '3' or '2' for the 5-, 3- or 2-tuple of the packet, 'i5', 'i3', 'i2'
for those of the inner packet of a tunnel, 'kept', 'invalid', or 'copy' for
IPv4), so that the model is itself checked against the reading of the
header that the table below writes down.

If the environment variable V6T_EMULATOR is set and not empty, it is a
';'-separated command prefix (e.g. qemu-s390x;-L;/usr/s390x-linux-gnu) put
before every v6t invocation, as tests/cli/run_cli.sh does.

Standard library only. Exit status 0 when everything matches, 1 otherwise.
"""

import os
import struct
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pcaptool import (  # noqa: E402
    LINK_ETHERNET, LINK_RAW, LINK_IPV4, LINK_IPV6, ETH_SRC, ETH_DST, ETH_MIN,
    Checker, a4, a6, be16, check_error, checksum, pcap_bytes, pcap_parse,
    run_v6t)


def require(cond, what):
    """A check of the script itself (not of v6t): stop at once if it fails.
    Not assert, which python -O would skip."""
    if not cond:
        raise SystemExit("flowlabel_check: internal check failed: " + what)


# ---------------------------------------------------------------- SipHash

MASK64 = (1 << 64) - 1


def _rotl(x, b):
    return ((x << b) | (x >> (64 - b))) & MASK64


def siphash(c, d, key, msg):
    """SipHash-c-d of msg under the 16-byte key (the paper's §2)."""
    k0 = int.from_bytes(key[0:8], "little")
    k1 = int.from_bytes(key[8:16], "little")
    v = [k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D,
         k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573]

    def sipround(n):
        v0, v1, v2, v3 = v
        for _ in range(n):
            v0 = (v0 + v1) & MASK64
            v2 = (v2 + v3) & MASK64
            v1 = _rotl(v1, 13) ^ v0
            v3 = _rotl(v3, 16) ^ v2
            v0 = _rotl(v0, 32)
            v2 = (v2 + v1) & MASK64
            v0 = (v0 + v3) & MASK64
            v1 = _rotl(v1, 17) ^ v2
            v3 = _rotl(v3, 21) ^ v0
            v2 = _rotl(v2, 32)
        v[:] = [v0, v1, v2, v3]

    whole = len(msg) - len(msg) % 8
    words = [int.from_bytes(msg[i:i + 8], "little") for i in range(0, whole, 8)]
    # the last word: the remaining bytes and the length mod 256 on top
    words.append(int.from_bytes(msg[whole:], "little") | (len(msg) & 0xFF) << 56)
    for m in words:
        v[3] ^= m
        sipround(c)
        v[0] ^= m
    v[2] ^= 0xFF
    sipround(d)
    return v[0] ^ v[1] ^ v[2] ^ v[3]


def le64(byte_list):
    return int.from_bytes(bytes(byte_list), "little")


def siphash_self_test():
    key = bytes(range(16))
    # The SipHash paper, Appendix A: key 00..0f, message 00..0e.
    require(siphash(2, 4, key, bytes(range(15))) == 0xA129CA6149BE45E5,
            "SipHash-2-4 paper vector")
    # The reference code's vectors (siphash24.c), message empty.
    require(siphash(2, 4, key, b"") == 0x726FDB47DD0E0E31,
            "SipHash-2-4 vector, empty message")
    # SipHash-1-3, key 00..0f, message 00 01 .. (n-1): vectors of the Rust
    # standard library's test_siphash_1_3 (library/core/tests/hash/sip.rs),
    # there written as little-endian bytes. The lengths are the empty
    # message, the paper's 15 bytes and the lengths flowlabel.h hashes.
    sip13 = {
        0: [0xDC, 0xC4, 0x0F, 0x05, 0x58, 0x01, 0xAC, 0xAB],
        15: [0x56, 0x99, 0x51, 0x2A, 0x6D, 0xD8, 0x20, 0xD3],
        32: [0x0D, 0xB6, 0xA7, 0x16, 0x6C, 0x7B, 0x15, 0x81],
        33: [0xBF, 0xF9, 0x8F, 0x7A, 0xE5, 0xB9, 0x54, 0x4D],
        35: [0x91, 0x6B, 0x18, 0xBF, 0xBE, 0xA3, 0xA1, 0xCE],
        37: [0x57, 0x30, 0xC3, 0xA3, 0x2D, 0x1C, 0x10, 0xB6],
    }
    for n, want in sip13.items():
        require(siphash(1, 3, key, bytes(range(n))) == le64(want),
                "SipHash-1-3 vector, %d bytes" % n)
    require(siphash(1, 3, key, b"") == 0xABAC0158050FC4DC,
            "SipHash-1-3 vector, empty message")


def label_of(key, msg):
    """flowlabel.h "The hash and the bytes hashed": 20 bits, never 0."""
    h = siphash(1, 3, key, msg)
    for shift in (0, 20, 40):
        label = (h >> shift) & 0xFFFFF
        if label:
            return label
    return 1


# ------------------------------------------------ model of the flow rules

class Invalid(Exception):
    """The packet is one v6t_pkt_parse() refuses."""


EXT_HEADERS = {0, 43, 44, 60, 51, 135, 139, 140}  # packet.h
PORT_PROTOS = {6, 17, 33, 132, 136}                # TCP UDP DCCP SCTP UDP-Lite
ESP = 50
MAX_EXT = 8                                        # V6T_PKT_MAX_EXT


def walk6(p):
    """The header walk of packet.h for IPv6: a dict, or Invalid."""
    if len(p) == 0 or p[0] >> 4 != 6:
        raise Invalid("version")
    if len(p) < 40:
        raise Invalid("short header")
    end = 40 + be16(p, 4)
    if end > len(p):
        raise Invalid("short datagram")
    nh, off, count = p[6], 40, 0
    frag_seen = fragment = atomic = False
    while nh in EXT_HEADERS:
        if nh == 0 and off != 40:
            raise Invalid("hop-by-hop not first")
        count += 1
        if count > MAX_EXT:
            raise Invalid("too many extension headers")
        if nh == 44:
            if frag_seen:
                raise Invalid("second fragment header")
            frag_seen = True
            if off + 8 > end:
                raise Invalid("fragment header cut")
            offset, more = be16(p, off + 2) & 0xFFF8, p[off + 3] & 1
            if offset != 0:  # the rest of the chain is in the first fragment
                return dict(fragment=True, atomic=False, l4=False, end=end)
            fragment, atomic = more == 1, more == 0
            nh, off = p[off], off + 8
            continue
        if off + 2 <= end:
            units = p[off + 1]
            size = (units + 2) * 4 if nh == 51 else (units + 1) * 8
        if off + 2 > end or off + size > end:
            if fragment:  # a first fragment that does not hold the chain
                return dict(fragment=True, atomic=False, l4=False, end=end)
            raise Invalid("extension header past the end")
        nh, off = p[off], off + size
    if (nh in PORT_PROTOS or nh == ESP) and off + 4 > end and not fragment:
        raise Invalid("port bytes past the end")
    return dict(fragment=fragment, atomic=atomic, l4=True, proto=nh,
                l4_off=off, end=end)


def walk4(p):
    """The header walk of packet.h for IPv4 (only inner packets here)."""
    if len(p) == 0 or p[0] >> 4 != 4:
        raise Invalid("version")
    if len(p) < 20:
        raise Invalid("short header")
    hl = (p[0] & 0xF) * 4
    if hl < 20:
        raise Invalid("IHL below 5")
    if len(p) < hl:
        raise Invalid("short header")
    end = be16(p, 2)
    if end < hl:
        raise Invalid("total length below header length")
    if end > len(p):
        raise Invalid("short datagram")
    flags_frag = be16(p, 6)
    fragment = bool(flags_frag & 0x2000) or (flags_frag & 0x1FFF) != 0
    proto = p[9]
    if (proto in PORT_PROTOS or proto == ESP) and hl + 4 > end and not fragment:
        raise Invalid("port bytes past the end")
    return dict(fragment=fragment, atomic=False, l4=(flags_frag & 0x1FFF) == 0,
                proto=proto, l4_off=hl, end=end)


MAPPED = bytes(10) + b"\xff\xff"  # ::ffff:0:0/96


def flow(p):
    """(kind, message) of flowlabel.h for a packet, mode 0."""
    if len(p) > 0 and p[0] >> 4 == 4:
        w = walk4(p)
        addrs = MAPPED + p[12:16] + MAPPED + p[16:20]
    else:
        w = walk6(p)
        addrs = p[8:40]
    if w["fragment"]:
        return "2", addrs
    proto = w["proto"]
    if proto in PORT_PROTOS or proto == ESP:  # ports, or the SPI's halves
        off = w["l4_off"]
        return "5", addrs + bytes([proto]) + p[off:off + 4]
    return "3", addrs + bytes([proto])


def model(key, ip, tunnel):
    """(category, expected output bytes) of one IPv6 packet."""
    try:
        w = walk6(ip)
        label = (ip[1] & 0xF) << 16 | ip[2] << 8 | ip[3]
        inner = tunnel and w["l4"] and w["proto"] in (4, 41)
        if inner and w["atomic"]:
            require(False, "an atomic fragment carrying a tunnel: flowlabel.h "
                    "leaves it open, keep it out of the data")
        if inner and not w["fragment"]:
            kind, msg = flow(ip[w["l4_off"]:w["end"]])
            kind = "i" + kind
        else:
            kind, msg = flow(ip)
    except Invalid:
        return "invalid", ip
    if label != 0:
        return "kept", ip
    new = label_of(key, msg)
    out = bytearray(ip)
    out[1] = (out[1] & 0xF0) | new >> 16
    out[2] = (new >> 8) & 0xFF
    out[3] = new & 0xFF
    return kind, bytes(out)


# -------------------------------------------------------- packet builders

def ip6(src, dst, nh, payload, tc=0, label=0, plen=None, version=6):
    if plen is None:
        plen = len(payload)
    word = version << 28 | tc << 20 | label
    return struct.pack("!IHBB", word, plen, nh, 64) + a6(src) + a6(dst) + payload


def ip4(src, dst, proto, payload, flags_frag=0, ident=1, ihl=5, total=None):
    if total is None:
        total = ihl * 4 + len(payload)
    opts = bytes(max(ihl - 5, 0) * 4)
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, total, ident, flags_frag,
                      64, proto, 0, a4(src), a4(dst)) + opts
    if ihl >= 5:
        hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
    return hdr + payload


def opts_hdr(nh, size=8):
    """Hop-by-Hop or Destination Options, filled with one PadN option."""
    return struct.pack("!BBBB", nh, size // 8 - 1, 1, size - 4) + bytes(size - 4)


def routing(nh):
    """A Routing header (type 253, RFC 4727 experimental), nothing left."""
    return struct.pack("!BBBB", nh, 0, 253, 0) + bytes(4)


def ah(nh, spi=0x1000):
    """AH with a 12-byte ICV: 24 bytes, Payload Len 4 (RFC 4302 §2.2)."""
    return struct.pack("!BBHII", nh, 4, 0, spi, 7) + bytes(range(12))


def frag(nh, offset, more, ident=0x1234567):
    return struct.pack("!BBHI", nh, 0, (offset & 0xFFF8) | more, ident)


def tcp(sport, dport):
    return struct.pack("!HHIIBBHHH", sport, dport, 1000, 0, 0x50, 0x02, 65535, 0, 0)


def udp(sport, dport, data=b"flow"):
    return struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data


def sctp(sport, dport):
    return struct.pack("!HHII", sport, dport, 0xCAFE, 0) + bytes(4)


def icmp6_echo(ident=7):
    return struct.pack("!BBHHH", 128, 0, 0, ident, 1) + b"ping"


def icmp4_echo(ident=7):
    return struct.pack("!BBHHH", 8, 0, 0, ident, 1) + b"ping"


def esp(spi):
    return struct.pack("!II", spi, 1) + bytes(range(16))


A, B = "2001:db8:1::a", "2001:db8:2::b"
C, D = "2001:db8:c::1", "2001:db8:d::2"
E, F = "fd00:4::e", "fd00:5::f"
V4A, V4B = "192.0.2.1", "198.51.100.2"
V4C, V4D = "203.0.113.3", "192.0.2.44"

# Key 00..0f, the paper's: with it this UDP flow hashes to a value whose low
# 20 bits are zero (SipHash-1-3 0xe3e2640fcb300000 by the script's own
# implementation, asserted below), so the label comes from bits 20..39.
FALLBACK_SRC, FALLBACK_DST = "2001:db8:f::1", "2001:db8:f::2"
FALLBACK_PORTS = (30467, 56)

# (name, IP packet, category without --tunnel, category with --tunnel)
IPV6_CASES = [
    ("tcp", ip6(A, B, 6, tcp(49152, 80)), "5", "5"),
    ("udp, traffic class EF", ip6(A, B, 17, udp(5353, 53), tc=0xB8), "5", "5"),
    ("sctp", ip6(B, A, 132, sctp(2905, 2905)), "5", "5"),
    ("dccp", ip6(A, C, 33, tcp(5004, 5005)), "5", "5"),
    ("udp-lite", ip6(A, C, 136, udp(1234, 5678)), "5", "5"),
    ("icmpv6 echo", ip6(A, B, 58, icmp6_echo()), "3", "3"),
    ("esp: the SPI as ports", ip6(A, B, 50, esp(0xDEADBEEF)), "5", "5"),
    ("no next header", ip6(A, B, 59, b""), "3", "3"),
    ("gre", ip6(A, B, 47, bytes(8)), "3", "3"),
    ("unknown protocol 253", ip6(C, D, 253, b"xyz"), "3", "3"),
    ("hbh, do, udp",
     ip6(A, B, 0, opts_hdr(60) + opts_hdr(17) + udp(4000, 4001)), "5", "5"),
    ("hbh, do(16), routing, ah, tcp",
     ip6(A, B, 0, opts_hdr(60) + opts_hdr(43, 16) + routing(51) + ah(6)
         + tcp(40000, 443)), "5", "5"),
    ("ah then esp", ip6(B, C, 51, ah(50) + esp(0x01020304)), "5", "5"),
    ("8 extension headers (the limit)",
     ip6(A, D, 0, opts_hdr(60) + opts_hdr(60) * 6 + opts_hdr(17)
         + udp(111, 222)), "5", "5"),
    ("9 extension headers",
     ip6(A, D, 0, opts_hdr(60) + opts_hdr(60) * 7 + opts_hdr(17)
         + udp(111, 222)), "invalid", "invalid"),
    ("first fragment", ip6(A, B, 44, frag(6, 0, 1) + tcp(49152, 80)), "2", "2"),
    ("non-first fragment, not walked past its fragment header",
     ip6(A, B, 44, frag(60, 1448, 0) + b"\x11\xff" + bytes(6)), "2", "2"),
    ("first fragment cut inside its header chain",
     ip6(A, B, 44, frag(60, 0, 1) + struct.pack("!BB", 17, 1) + bytes(6)),
     "2", "2"),
    ("atomic fragment (RFC 6946): a whole packet",
     ip6(A, B, 44, frag(17, 0, 0) + udp(4000, 4001)), "5", "5"),
    ("non-zero label", ip6(A, B, 6, tcp(49152, 80), tc=0x20, label=0x12345),
     "kept", "kept"),
    ("non-zero label, malformed chain",
     ip6(A, B, 0, struct.pack("!BB", 17, 1) + bytes(6), label=0xABCDE),
     "invalid", "invalid"),
    ("truncated chain",
     ip6(A, B, 0, struct.pack("!BB", 17, 1) + bytes(6)), "invalid", "invalid"),
    ("tcp without its port bytes", ip6(A, B, 6, b"\xc0\x00"),
     "invalid", "invalid"),
    ("hop-by-hop after destination options",
     ip6(A, B, 60, opts_hdr(0) + opts_hdr(17) + udp(1, 2)), "invalid", "invalid"),
    ("two fragment headers",
     ip6(A, B, 44, frag(44, 0, 1) + frag(17, 0, 1) + udp(1, 2)),
     "invalid", "invalid"),
    ("payload length past the record", ip6(A, B, 17, udp(1, 2), plen=200),
     "invalid", "invalid"),
    ("shorter than an ipv6 header", ip6(A, B, 59, b"")[:30], "invalid", "invalid"),
    ("bytes past the payload length (link padding)",
     ip6(A, B, 58, icmp6_echo()) + b"\xaa" * 6, "3", "3"),
    ("6in6",
     ip6(A, B, 41, ip6(C, D, 6, tcp(33000, 22))), "3", "i5"),
    ("4in6",
     ip6(A, B, 4, ip4(V4A, V4B, 17, udp(5000, 53))), "3", "i5"),
    ("4in6, inner icmp",
     ip6(A, B, 4, ip4(V4A, V4B, 1, icmp4_echo())), "3", "i3"),
    ("4in6, inner ipv4 fragment (MF)",
     ip6(A, B, 4, ip4(V4C, V4D, 17, udp(5000, 53, bytes(16)), flags_frag=0x2000)),
     "3", "i2"),
    ("6in6 behind a destination options header (RFC 2473 §5.1)",
     ip6(E, F, 60, struct.pack("!BBBBBBBB", 41, 0, 4, 1, 4, 1, 1, 0)
         + ip6(C, D, 17, udp(7000, 7001))), "3", "i5"),
    ("6in6, inner label not zero (not used without INNER)",
     ip6(A, B, 41, ip6(C, D, 6, tcp(33000, 22), label=0x54321)), "3", "i5"),
    ("6in6, outer label not zero",
     ip6(A, B, 41, ip6(C, D, 6, tcp(33000, 22)), label=0xFEDCB), "kept", "kept"),
    ("6in6, inner payload length past the end",
     ip6(A, B, 41, ip6(C, D, 6, tcp(33000, 22), plen=100)), "3", "invalid"),
    ("4in6, inner IHL 3",
     ip6(A, B, 4, ip4(V4A, V4B, 17, udp(1, 2), ihl=3, total=28)), "3", "invalid"),
    ("6in6, outer first fragment", ip6(A, B, 44, frag(41, 0, 1)
                                       + ip6(C, D, 6, tcp(33000, 22))), "2", "2"),
    ("6in6in6: the inner flow is the first inner packet's",
     ip6(A, B, 41, ip6(C, D, 41, ip6(E, F, 6, tcp(1, 2)))), "3", "i3"),
    ("6in6, inner hbh, ah and esp",
     ip6(A, B, 41, ip6(C, D, 0, opts_hdr(51) + ah(50) + esp(0x0A0B0C0D))),
     "3", "i5"),
    ("label from bits 20..39",
     ip6(FALLBACK_SRC, FALLBACK_DST, 17, udp(*FALLBACK_PORTS)), "5", "5"),
]

IPV4_CASES = [
    ("ipv4 udp", ip4(V4A, V4B, 17, udp(5000, 53))),
    ("ipv4 tcp", ip4(V4B, V4A, 6, tcp(80, 49152))),
    ("ipv4 icmp", ip4(V4C, V4D, 1, icmp4_echo())),
    ("ipv4 fragment", ip4(V4A, V4B, 17, udp(1, 2, bytes(32)), flags_frag=0x2000)),
    ("ipv4 with IHL 3 (not parsed: copied)", ip4(V4A, V4B, 17, udp(1, 2), ihl=3,
                                              total=28)),
    ("ipv4 protocol 41 (6in4: not IPv6 on the outside)",
     ip4(V4A, V4B, 41, ip6(A, B, 6, tcp(1, 2)))),
]


def v6(name):
    for case in IPV6_CASES:
        if case[0] == name:
            return case
    raise KeyError(name)


def v4(name):
    for case in IPV4_CASES:
        if case[0] == name:
            return (case[0], case[1], "copy", "copy")
    raise KeyError(name)


# ------------------------------------------------------------------ pcap

def eth(ethertype, payload, vlan=None):
    hdr = ETH_DST + ETH_SRC
    if vlan is not None:
        hdr += struct.pack("!HH", 0x8100, vlan)
    frame = hdr + struct.pack("!H", ethertype) + payload
    return frame + bytes(max(0, ETH_MIN - len(frame)))


# ---------------------------------------------------------------- inputs

class Record:
    """One input record: its bytes, its time, and what should come out."""

    def __init__(self, name, data, ts_ns, ip=None, ipver=None, plain=None,
                 tunnel=None, orig=None):
        self.name = name
        self.data = data      # the record's bytes as written to the file
        self.ts_ns = ts_ns
        self.ip = ip          # the IP packet in it, None when dropped
        self.ipver = ipver    # 4 or 6 as the link layer says
        self.want = {False: plain, True: tunnel}
        self.orig = orig


def make_inputs():
    """{file name: (link, nsec, big, [Record])}"""
    files = {}
    t0 = 1700000000

    def ts(i, nsec):
        if nsec:
            return (t0 + i) * 1000000000 + 123456789 + i
        return (t0 + i) * 1000000000 + 654321000 + 1000 * i

    # RAW, microseconds, little-endian: every case.
    recs = []
    for i, (name, pkt, plain, tun) in enumerate(IPV6_CASES):
        recs.append(Record(name, pkt, ts(i, False), pkt, 6, plain, tun))
    for name, pkt in IPV4_CASES:
        recs.append(Record(name, pkt, ts(len(recs), False), pkt, 4, "copy", "copy"))
    # A capture cut short (snaplen): the datagram runs past the record.
    whole = ip6(A, B, 17, udp(9, 10, bytes(40)))
    recs.append(Record("capture cut by the snaplen", whole[:60], ts(len(recs), False),
                       whole[:60], 6, "invalid", "invalid", orig=len(whole)))
    # RAW records whose version is neither 4 nor 6: no IP packet, dropped.
    recs.append(Record("empty raw record", b"", ts(len(recs), False)))
    recs.append(Record("version 0", b"\x00" * 40, ts(len(recs), False)))
    files["raw_usec_le.pcap"] = (LINK_RAW, False, False, recs)

    # IPV6 link type: the link layer says IPv6 whatever the version field.
    recs = []
    for name in ("tcp", "6in6", "4in6", "non-zero label", "9 extension headers",
                 "esp: the SPI as ports", "label from bits 20..39"):
        _, pkt, plain, tun = v6(name)
        recs.append(Record(name, pkt, ts(len(recs), False), pkt, 6, plain, tun))
    bad = ip6(A, B, 6, tcp(1, 2), version=5)
    recs.append(Record("version 5 on an ipv6 link", bad, ts(len(recs), False),
                       bad, 6, "invalid", "invalid"))
    recs.append(Record("empty record on an ipv6 link", b"", ts(len(recs), False),
                       b"", 6, "invalid", "invalid"))
    files["ipv6_link.pcap"] = (LINK_IPV6, False, False, recs)

    # IPV4 link type: copied, whatever is in it.
    recs = [Record(n, p, ts(i, False), p, 4, "copy", "copy")
            for i, (n, p) in enumerate(IPV4_CASES)]
    files["ipv4_link.pcap"] = (LINK_IPV4, False, False, recs)

    # Ethernet: the link header goes, padding of short frames stays.
    recs = []
    for name in ("udp, traffic class EF", "no next header", "6in6", "4in6, inner icmp",
                 "first fragment", "non-zero label", "truncated chain",
                 "hbh, do(16), routing, ah, tcp"):
        _, pkt, plain, tun = v6(name)
        frame = eth(0x86DD, pkt, vlan=100 if name == "6in6" else None)
        ip = frame[18:] if name == "6in6" else frame[14:]
        recs.append(Record("ethernet: " + name, frame, ts(len(recs), False), ip, 6,
                           plain, tun))
    for name in ("ipv4 udp", "ipv4 icmp"):
        _, pkt, plain, tun = v4(name)
        frame = eth(0x0800, pkt)
        recs.append(Record("ethernet: " + name, frame, ts(len(recs), False),
                           frame[14:], 4, plain, tun))
    arp = eth(0x0806, struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + ETH_SRC
              + a4(V4A) + bytes(6) + a4(V4B))
    recs.append(Record("ethernet: arp (dropped)", arp, ts(len(recs), False)))
    files["ethernet.pcap"] = (LINK_ETHERNET, False, False, recs)

    # RAW, nanoseconds, big-endian.
    recs = []
    for name in ("sctp", "icmpv6 echo", "6in6, inner label not zero (not used "
                 "without INNER)", "4in6, inner ipv4 fragment (MF)",
                 "non-first fragment, not walked past its fragment header",
                 "6in6, inner payload length past the end"):
        _, pkt, plain, tun = v6(name)
        recs.append(Record(name, pkt, ts(len(recs), True), pkt, 6, plain, tun))
    _, pkt, _, _ = v4("ipv4 tcp")
    recs.append(Record("ipv4 tcp", pkt, ts(len(recs), True), pkt, 4, "copy", "copy"))
    files["raw_nsec_be.pcap"] = (LINK_RAW, True, True, recs)

    # No packets at all.
    files["empty.pcap"] = (LINK_RAW, False, False, [])
    return files


def write_input(path, link, nsec, big, recs):
    rows = []
    for r in recs:
        sec, ns = divmod(r.ts_ns, 1000000000)
        frac = ns if nsec else ns // 1000
        require(nsec or ns % 1000 == 0, "a microsecond file holds whole microseconds")
        row = (sec, frac, r.data) if r.orig is None else (sec, frac, r.data, r.orig)
        rows.append(row)
    with open(path, "wb") as f:
        f.write(pcap_bytes(link, rows, nsec=nsec, big=big))


# ------------------------------------------------------------------ runs

KEY_A = bytes(range(16))
KEY_B = bytes.fromhex("f0e1d2c3b4a5968778695a4b3c2d1e0f")
# Key B is given in upper case: the bytes are the same.
KEYS = [(KEY_A, KEY_A.hex()), (KEY_B, KEY_B.hex().upper())]

COUNTERS = ("in", "out", "dropped", "labelled", "kept", "invalid")
LABEL_BITS = bytes([0, 0x0F, 0xFF, 0xFF])


def only_label_differs(a, b):
    if len(a) != len(b) or len(a) < 4:
        return a == b
    head_ok = all((a[i] & ~LABEL_BITS[i]) == (b[i] & ~LABEL_BITS[i]) for i in range(4))
    return head_ok and a[4:] == b[4:]


def check_run(ck, v6t, tmp, fname, spec, key, key_text, tunnel, via_stdin=False):
    link, _nsec, _big, recs = spec
    in_path = os.path.join(tmp, fname)
    out_path = os.path.join(tmp, "out-" + fname)
    what = "%s, key %s%s%s" % (fname, key_text, ", --tunnel" if tunnel else "",
                               ", from stdin" if via_stdin else "")
    args = ["flowlabel", "--key", key_text] + (["--tunnel"] if tunnel else [])
    stdin_data = None
    if via_stdin:
        with open(in_path, "rb") as f:
            stdin_data = f.read()
        args += ["-r", "-", "-w", out_path]
    else:
        args += ["-r", in_path, "-w", out_path]

    # What should come out, from the hand annotations and the model.
    count = dict.fromkeys(COUNTERS, 0)
    want_recs = []
    for r in recs:
        count["in"] += 1
        if r.ip is None:
            count["dropped"] += 1
            continue
        count["out"] += 1
        cat = r.want[tunnel]
        if r.ipver == 4:
            require(cat == "copy", r.name)
            want_recs.append((r, r.ip))
            continue
        got_cat, exp = model(key, r.ip, tunnel)
        if got_cat != cat:  # the model and the table disagree: a bug here
            require(False, "%s: the model says %s, the table %s"
                    % (r.name, got_cat, cat))
        require(only_label_differs(r.ip, exp), r.name)
        if cat == "kept":
            count["kept"] += 1
        elif cat == "invalid":
            count["invalid"] += 1
        else:
            count["labelled"] += 1
        want_recs.append((r, exp))
    want_out = "".join("%s=%d\n" % (k, count[k]) for k in COUNTERS)

    rc, out, err = run_v6t(v6t, args, stdin_data)
    if not ck.expect(rc == 0, "%s: exit status %d, stderr %r" % (what, rc, err)):
        return
    ck.expect(err == "", "%s: stderr not empty: %r" % (what, err))
    ck.expect(out == want_out, "%s: counters\n  expected %r\n  got      %r"
              % (what, want_out, out))
    try:
        with open(out_path, "rb") as f:
            got_link, got = pcap_parse(f.read())
    except (OSError, ValueError) as e:
        ck.expect(False, "%s: output: %s" % (what, e))
        return
    ck.expect(got_link == LINK_RAW, "%s: output link type %d" % (what, got_link))
    if not ck.expect(len(got) == len(want_recs), "%s: %d output records, expected %d"
                     % (what, len(got), len(want_recs))):
        return
    for i, ((r, exp), (ts_ns, data)) in enumerate(zip(want_recs, got)):
        where = "%s: record %d (%s)" % (what, i + 1, r.name)
        ck.expect(ts_ns == r.ts_ns, "%s: timestamp %d ns, expected %d ns"
                  % (where, ts_ns, r.ts_ns))
        ck.expect(only_label_differs(r.ip, data),
                  "%s: bytes other than the label changed\n  in  %s\n  out %s"
                  % (where, r.ip.hex(), data.hex()))
        if data != exp and len(data) >= 4 and len(exp) >= 4:
            ck.expect(False, "%s: label 0x%05x, expected 0x%05x (%s)"
                      % (where, (data[1] & 0xF) << 16 | data[2] << 8 | data[3],
                         (exp[1] & 0xF) << 16 | exp[2] << 8 | exp[3],
                         r.want[tunnel]))
        else:
            ck.expect(data == exp, "%s: output differs" % where)


def check_errors(ck, v6t, tmp):
    key = ["--key", KEY_A.hex()]
    good = os.path.join(tmp, "raw_usec_le.pcap")
    out = os.path.join(tmp, "out-error.pcap")
    # a run that fails on the input's file header or the arguments does not
    # create its output
    untouched = os.path.join(tmp, "out-untouched.pcap")

    # A file cut inside its third record's data.
    rows = [(1, 0, ip6(A, B, 59, b"")), (2, 0, ip6(A, B, 59, b"")),
            (3, 0, ip6(A, B, 6, tcp(1, 2)))]
    blob = pcap_bytes(LINK_RAW, rows)
    cut = os.path.join(tmp, "cut.pcap")
    with open(cut, "wb") as f:
        f.write(blob[:-10])
    check_error(ck, v6t, "a file cut inside a record",
                ["flowlabel"] + key + ["-r", cut, "-w", out],
                "v6t: error: %s: record 3: truncated record data" % cut)
    check_error(ck, v6t, "a cut file on stdin",
                ["flowlabel"] + key + ["-r", "-", "-w", out],
                "v6t: error: standard input: record 3: truncated record data",
                stdin_data=blob[:-10])

    # A record header cut short.
    cut2 = os.path.join(tmp, "cut2.pcap")
    with open(cut2, "wb") as f:
        f.write(pcap_bytes(LINK_RAW, rows[:1]) + b"\x01\x02\x03")
    check_error(ck, v6t, "a file cut inside a record header",
                ["flowlabel"] + key + ["-r", cut2, "-w", out],
                "v6t: error: %s: record 2: truncated record header" % cut2)

    # A link type the tool does not read (LINUX_SLL, 113).
    sll = os.path.join(tmp, "sll.pcap")
    with open(sll, "wb") as f:
        f.write(pcap_bytes(113, rows))
    check_error(ck, v6t, "link type 113",
                ["flowlabel"] + key + ["-r", sll, "-w", untouched],
                "v6t: error: %s: unsupported link type (want RAW, IPV4, IPV6 or "
                "ETHERNET)" % sll)

    # A pcapng Section Header Block.
    ng = os.path.join(tmp, "x.pcapng")
    with open(ng, "wb") as f:
        f.write(struct.pack("<IIIHHq", 0x0A0D0D0A, 28, 0x1A2B3C4D, 1, 0, -1)
                + struct.pack("<I", 28))
    check_error(ck, v6t, "pcapng", ["flowlabel"] + key + ["-r", ng, "-w", untouched])

    # Nowhere to write.
    check_error(ck, v6t, "output in a missing directory",
                ["flowlabel"] + key + ["-r", good, "-w",
                                       os.path.join(tmp, "no", "such", "dir.pcap")])

    # A bad key is refused before any file is touched.
    check_error(ck, v6t, "31-digit key",
                ["flowlabel", "--key", KEY_A.hex()[:31], "-r", good, "-w", untouched],
                "v6t: error: --key: expected 32 hex digits, got 31 characters")
    ck.expect(not os.path.exists(untouched), "a failed run created %s" % untouched)


def main():
    if len(sys.argv) != 2:
        print("usage: python3 flowlabel_check.py PATH/TO/v6t", file=sys.stderr)
        return 2
    v6t = sys.argv[1]
    siphash_self_test()
    # The label-fallback case: low 20 bits zero under key A (see above).
    msg = (a6(FALLBACK_SRC) + a6(FALLBACK_DST) + bytes([17])
           + struct.pack("!HH", *FALLBACK_PORTS))
    h = siphash(1, 3, KEY_A, msg)
    require(h == 0xE3E2640FCB300000 and h & 0xFFFFF == 0, "fallback flow: " + hex(h))
    require(label_of(KEY_A, msg) == 0x0FCB3, "fallback flow: label")

    ck = Checker()
    files = make_inputs()
    runs = 0
    with tempfile.TemporaryDirectory(prefix="v6t-flowlabel.") as tmp:
        for fname, (link, nsec, big, recs) in files.items():
            write_input(os.path.join(tmp, fname), link, nsec, big, recs)
        for fname, spec in files.items():
            for key, key_text in KEYS:
                for tunnel in (False, True):
                    check_run(ck, v6t, tmp, fname, spec, key, key_text, tunnel)
                    runs += 1
        for tunnel in (False, True):
            check_run(ck, v6t, tmp, "raw_usec_le.pcap", files["raw_usec_le.pcap"],
                      KEY_A, KEY_A.hex(), tunnel, via_stdin=True)
            runs += 1
        check_errors(ck, v6t, tmp)

    n_recs = sum(len(spec[3]) for spec in files.values())
    for msg in ck.failures:
        print("FAIL " + msg)
    print("flowlabel_check: %d runs over %d input records, %d checks, %d failed"
          % (runs, n_recs, ck.checks, len(ck.failures)))
    return 1 if ck.failures else 0


if __name__ == "__main__":
    sys.exit(main())
