"""Shared helpers of capture.py and kernel_accepts.py (Python 3 standard
library only): two network namespaces joined by a veth pair, classic pcap
files, packet builders with their checksums, and a plain reassembler used to
cross-check what the kernel sent.

SPDX-License-Identifier: BSD-2-Clause
"""
import socket
import struct
import subprocess
import sys

MTU = 1280
MAC_TX = "02:00:00:00:00:0a"
MAC_RX = "02:00:00:00:00:0b"
A6_TX, A6_RX = "2001:db8:1::1", "2001:db8:1::2"
A4_TX, A4_RX = "192.0.2.1", "192.0.2.2"
ETH_P_ALL = 0x0003
ETH_IPV4, ETH_IPV6 = 0x0800, 0x86DD
LINKTYPE_ETHERNET, LINKTYPE_RAW = 1, 101


def sh(*args, check=True):
    return subprocess.run(args, check=check, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)


class Lab:
    """Namespaces <prefix>-tx and <prefix>-rx, veth <prefix>a / <prefix>b
    with fixed MAC addresses, MTU 1280, static neighbour entries (no ND or
    ARP on the wire), no DAD, flow labels off on the sender (so that the
    IPv6 headers it writes are predictable)."""

    def __init__(self, prefix, mtu=MTU):
        self.tx, self.rx = prefix + "-tx", prefix + "-rx"
        self.va, self.vb = prefix + "a", prefix + "b"
        self.mtu = mtu

    def nsx(self, ns, *args, check=True):
        return sh("ip", "netns", "exec", ns, *args, check=check)

    def up(self):
        self.down()
        sh("ip", "netns", "add", self.tx)
        sh("ip", "netns", "add", self.rx)
        sh("ip", "link", "add", self.va, "netns", self.tx, "type", "veth",
           "peer", "name", self.vb, "netns", self.rx)
        for ns, dev, mac, a6, a4, peer6, peer4, peermac in (
                (self.tx, self.va, MAC_TX, A6_TX, A4_TX, A6_RX, A4_RX, MAC_RX),
                (self.rx, self.vb, MAC_RX, A6_RX, A4_RX, A6_TX, A4_TX, MAC_TX)):
            ip = ("ip", "-n", ns)
            self.nsx(ns, "sysctl", "-qw", "net.ipv6.auto_flowlabels=0")
            self.nsx(ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0")
            self.nsx(ns, "sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0")
            sh(*ip, "link", "set", dev, "address", mac, "mtu", str(self.mtu))
            sh(*ip, "link", "set", "lo", "up")
            sh(*ip, "link", "set", dev, "up")
            sh(*ip, "addr", "add", a6 + "/64", "dev", dev, "nodad")
            sh(*ip, "addr", "add", a4 + "/24", "dev", dev)
            sh(*ip, "neigh", "replace", peer6, "lladdr", peermac, "dev", dev,
               "nud", "permanent")
            sh(*ip, "neigh", "replace", peer4, "lladdr", peermac, "dev", dev,
               "nud", "permanent")

    def down(self):
        sh("ip", "netns", "del", self.tx, check=False)
        sh("ip", "netns", "del", self.rx, check=False)


# ------------------------------------------------------------------ pcap

def pcap_write(path, linktype, records):
    """records: (ts_float, bytes). Little-endian, microseconds."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535,
                            linktype))
        for ts, data in records:
            sec = int(ts)
            usec = int(round((ts - sec) * 1e6))
            if usec >= 1000000:
                sec, usec = sec + 1, usec - 1000000
            f.write(struct.pack("<IIII", sec, usec, len(data), len(data)))
            f.write(data)


def pcap_read(path):
    """Classic pcap, either byte order: (linktype, [(ts, bytes)])."""
    with open(path, "rb") as f:
        raw = f.read()
    magic = struct.unpack("<I", raw[:4])[0]
    e = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    nano = magic in (0xA1B23C4D, 0x4D3CB2A1)
    linktype = struct.unpack(e + "I", raw[20:24])[0]
    out, at = [], 24
    while at < len(raw):
        sec, frac, incl, _ = struct.unpack(e + "IIII", raw[at:at + 16])
        out.append((sec + frac / (1e9 if nano else 1e6),
                    raw[at + 16:at + 16 + incl]))
        at += 16 + incl
    return linktype, out


def ip_of_frame(linktype, frame):
    """The IP datagram of a captured record (Ethernet or raw), cut to the
    length its header declares (Ethernet pads short frames)."""
    if linktype == LINKTYPE_ETHERNET:
        frame = frame[14:]
    if frame[0] >> 4 == 6:
        return frame[:40 + struct.unpack(">H", frame[4:6])[0]]
    return frame[:struct.unpack(">H", frame[2:4])[0]]


def eth(dst, src, ethertype, payload):
    mac = lambda s: bytes(int(x, 16) for x in s.split(":"))
    return mac(dst) + mac(src) + struct.pack(">H", ethertype) + payload


# ------------------------------------------------------------ checksums

def csum(data):
    """RFC 1071: the complemented one's complement sum."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(">%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def pseudo6(src, dst, length, nh):
    return (socket.inet_pton(socket.AF_INET6, src) +
            socket.inet_pton(socket.AF_INET6, dst) +
            struct.pack(">IxxxB", length, nh))


def pseudo4(src, dst, length, proto):
    return (socket.inet_aton(src) + socket.inet_aton(dst) +
            struct.pack(">xBH", proto, length))


def udp(sport, dport, data, pseudo):
    """UDP (RFC 768) with its checksum over pseudo(length) + datagram;
    0 is sent as 0xffff."""
    hdr = struct.pack(">HHHH", sport, dport, 8 + len(data), 0)
    c = csum(pseudo(8 + len(data)) + hdr + data) or 0xFFFF
    return hdr[:6] + struct.pack(">H", c) + data


def icmp6_echo(src, dst, ident, seq, data):
    body = struct.pack(">BBHHH", 128, 0, 0, ident, seq) + data
    c = csum(pseudo6(src, dst, len(body), 58) + body)
    return body[:2] + struct.pack(">H", c) + body[4:]


def icmp4_echo(ident, seq, data):
    body = struct.pack(">BBHHH", 8, 0, 0, ident, seq) + data
    return body[:2] + struct.pack(">H", csum(body)) + body[4:]


def ip6(nh, payload, src=A6_TX, dst=A6_RX, hlim=64, flow=0):
    return (struct.pack(">IHBB", 0x60000000 | flow, len(payload), nh, hlim) +
            socket.inet_pton(socket.AF_INET6, src) +
            socket.inet_pton(socket.AF_INET6, dst) + payload)


def ip4(proto, payload, ident, options=b"", flags=0, ttl=64, src=A4_TX,
        dst=A4_RX):
    ihl = 5 + len(options) // 4
    hdr = struct.pack(">BBHHHBBH4s4s", 0x40 | ihl, 0, ihl * 4 + len(payload),
                      ident, flags, ttl, proto, 0, socket.inet_aton(src),
                      socket.inet_aton(dst)) + options
    return hdr[:10] + struct.pack(">H", csum(hdr)) + hdr[12:] + payload


def pattern(n, seed):
    return bytes((i * 31 + seed * 17 + 5) & 0xFF for i in range(n))


# ------------------------------------------------------- reassembly

EXT6 = (0, 43, 60, 51, 135, 139, 140)


def frag6_parts(pkt):
    """IPv6 fragment: (per-fragment headers, offset of the Next Header
    naming 44, Fragment header fields (nh, offset, m, id), data)."""
    nh, off, nh_at = pkt[6], 40, 6
    while nh != 44:
        if nh not in EXT6:
            return None
        hlen = (pkt[off + 1] + 2) * 4 if nh == 51 else (pkt[off + 1] + 1) * 8
        nh, nh_at, off = pkt[off], off, off + hlen
    fnh, _, offlg, ident = struct.unpack(">BBHI", pkt[off:off + 8])
    return pkt[:off], nh_at, (fnh, offlg & 0xFFF8, offlg & 1, ident), \
        pkt[off + 8:]


def reassemble6(frags):
    """RFC 8200 §4.5 reassembly of complete, in-order, non-overlapping
    fragments (enough to check a capture, not a general reassembler)."""
    parts = sorted((frag6_parts(p) for p in frags), key=lambda x: x[2][1])
    data, first = b"", parts[0]
    for hdrs, _, (fnh, off, m, ident), d in parts:
        assert off == len(data), "gap or overlap"
        data += d
    assert parts[-1][2][2] == 0
    hdrs, nh_at, (fnh, _, _, _), _ = first
    hdrs = bytearray(hdrs)
    hdrs[nh_at] = fnh
    hdrs[4:6] = struct.pack(">H", len(hdrs) - 40 + len(data))
    return bytes(hdrs) + data


def reassemble4(frags):
    """RFC 791 reassembly, same limits as reassemble6()."""
    def key(p):
        return struct.unpack(">H", p[6:8])[0] & 0x1FFF
    frags = sorted(frags, key=key)
    data = b""
    for p in frags:
        ihl = (p[0] & 15) * 4
        assert key(p) * 8 == len(data), "gap or overlap"
        data += p[ihl:]
    first = bytearray(frags[0][:(frags[0][0] & 15) * 4])
    first[2:4] = struct.pack(">H", len(first) + len(data))
    first[6:8] = b"\0\0"
    first[10:12] = b"\0\0"
    first[10:12] = struct.pack(">H", csum(bytes(first)))
    return bytes(first) + data


def is_fragment(pkt):
    if pkt[0] >> 4 == 4:
        return struct.unpack(">H", pkt[6:8])[0] & 0x3FFF != 0
    return frag6_parts(pkt) is not None


def die(msg):
    print("error: " + msg, file=sys.stderr)
    sys.exit(1)
