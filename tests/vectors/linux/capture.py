#!/usr/bin/env python3
"""Capture IPv6 and IPv4 fragments made by the Linux kernel, for
libv6transit's fixtures (tests/vectors/linux/README.md).

Run as root from anywhere: python3 tests/vectors/linux/capture.py [OUTDIR]
(OUTDIR defaults to this script's directory). Needs ip(8) (iproute2) and
network namespaces; Python 3 standard library only.

Two namespaces joined by a veth pair with MTU 1280 (lab.py). In the sender
namespace, ordinary sockets send six datagrams larger than the MTU, which
the kernel fragments; in the receiver namespace an AF_PACKET socket on the
veth records the frames as they arrive, before reassembly, and UDP sockets
check that the kernel reassembled and delivered each UDP datagram. For each
datagram two files are written:

  <name>_frags.pcap        the kernel's fragments, Ethernet frames as captured
  <name>_reassembled.pcap  the datagram they make, LINKTYPE_RAW, built here
                           from what was sent (payload, ports, addresses,
                           hop limit / TTL, options) plus the values the
                           kernel chose (IPv4 Identification, the address
                           it wrote into Record Route), and cross-checked
                           against a plain reassembly of the fragments.

SPDX-License-Identifier: BSD-2-Clause
"""
import json
import os
import select
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lab  # noqa: E402

PORT_RX = 50000
IP_MTU_DISCOVER, IP_PMTUDISC_DONT = 10, 0
IP_OPTIONS = 4
IPV6_HOPOPTS, IPV6_DSTOPTS = 54, 59
# Hop-by-Hop and Destination Options headers as given to the socket: the
# kernel fills in Next Header; Hdr Ext Len 0, one PadN option of 4 zeros.
HBH = bytes([0, 0, 1, 4, 0, 0, 0, 0])
DSTOPTS = bytes([0, 0, 1, 4, 0, 0, 0, 0])
# IPv4 options: Record Route with one empty slot (not copied on
# fragmentation), Router Alert (copied), End of Option List.
OPTS4 = bytes([7, 7, 4, 0, 0, 0, 0, 0x94, 4, 0, 0, 0])

# name: (version, upper protocol, source port or ICMP id, payload size, seed)
DATAGRAMS = {
    "ipv6_udp4000": (6, 17, 40001, 4000, 1),
    "ipv6_echo3000": (6, 58, 0x7631, 3000, 2),
    "ipv6_hbh_do_udp3000": (6, 17, 40003, 3000, 3),
    "ipv4_udp4000": (4, 17, 40004, 4000, 4),
    "ipv4_echo3000": (4, 1, 0x7634, 3000, 5),
    "ipv4_opts_udp3000": (4, 17, 40006, 3000, 6),
}


# ------------------------------------------------------------ roles

def role_sniff(iface, seconds, out):
    """In the receiver namespace: record incoming frames on iface."""
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                      socket.htons(lab.ETH_P_ALL))
    s.bind((iface, 0))
    s.settimeout(0.2)
    print("ready", flush=True)
    recs, end = [], time.time() + seconds
    while time.time() < end:
        try:
            frame, addr = s.recvfrom(65535)
        except socket.timeout:
            continue
        if addr[2] != socket.PACKET_OUTGOING:
            recs.append((time.time(), frame))
    lab.pcap_write(out, lab.LINKTYPE_ETHERNET, recs)


def role_recv(seconds):
    """In the receiver namespace: UDP on port 50000 (IPv6 and IPv4);
    print what arrived as JSON: [source address, source port, length,
    whether the payload is the one sent]."""
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.bind(("::", PORT_RX))
    print("ready", flush=True)
    got, end = [], time.time() + seconds
    while time.time() < end:
        r, _, _ = select.select([s], [], [], 0.2)
        if not r:
            continue
        data, addr = s.recvfrom(65535)
        sport = addr[1]
        ok = any(d[2] == sport and data == lab.pattern(d[3], d[4])
                 for d in DATAGRAMS.values())
        got.append([addr[0], sport, len(data), ok])
    print(json.dumps(got), flush=True)


def role_send():
    """In the sender namespace: send every datagram, 0.2 s apart."""
    for name, (ver, proto, port, size, seed) in DATAGRAMS.items():
        data = lab.pattern(size, seed)
        if ver == 6 and proto == 17:
            s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
            if "hbh" in name:
                s.setsockopt(socket.IPPROTO_IPV6, IPV6_HOPOPTS, HBH)
                s.setsockopt(socket.IPPROTO_IPV6, IPV6_DSTOPTS, DSTOPTS)
            s.bind((lab.A6_TX, port))
            s.sendto(data, (lab.A6_RX, PORT_RX))
        elif ver == 6:
            s = socket.socket(socket.AF_INET6, socket.SOCK_RAW,
                              socket.IPPROTO_ICMPV6)
            # the kernel computes the ICMPv6 checksum of raw sockets
            s.sendto(struct.pack(">BBHHH", 128, 0, 0, port, 1) + data,
                     (lab.A6_RX, 0))
        elif proto == 17:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT)
            if "opts" in name:
                s.setsockopt(socket.IPPROTO_IP, IP_OPTIONS, OPTS4)
            s.bind((lab.A4_TX, port))
            s.sendto(data, (lab.A4_RX, PORT_RX))
        else:
            s = socket.socket(socket.AF_INET, socket.SOCK_RAW,
                              socket.IPPROTO_ICMP)
            s.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT)
            s.sendto(lab.icmp4_echo(port, 1, data), (lab.A4_RX, 0))
        s.close()
        time.sleep(0.2)


# ------------------------------------------------------------ expected

def expected(name, first):
    """The datagram name should reassemble to; first is its captured
    offset-zero fragment (for the values the kernel chose)."""
    ver, proto, port, size, seed = DATAGRAMS[name]
    data = lab.pattern(size, seed)
    if ver == 6:
        if proto == 58:
            return lab.ip6(58, lab.icmp6_echo(lab.A6_TX, lab.A6_RX, port, 1,
                                              data))
        pseudo = lambda n: lab.pseudo6(lab.A6_TX, lab.A6_RX, n, 17)
        u = lab.udp(port, PORT_RX, data, pseudo)
        if "hbh" in name:
            # HBH (Next Header 60) then Destination Options (17), then UDP
            return lab.ip6(0, bytes([60]) + HBH[1:] + bytes([17]) +
                           DSTOPTS[1:] + u)
        return lab.ip6(17, u)
    ident = struct.unpack(">H", first[4:6])[0]
    if proto == 1:
        return lab.ip4(1, lab.icmp4_echo(port, 1, data), ident)
    pseudo = lambda n: lab.pseudo4(lab.A4_TX, lab.A4_RX, n, 17)
    u = lab.udp(port, PORT_RX, data, pseudo)
    if "opts" in name:
        # the options as the sender's kernel wrote them: it records its
        # own address in the Record Route slot (pointer 4 -> 8)
        opts = first[20:(first[0] & 15) * 4]
        assert opts[:3] == bytes([7, 7, 8]) and opts[3:7] == \
            socket.inet_aton(lab.A4_TX) and opts[7:] == OPTS4[7:], opts.hex()
        return lab.ip4(17, u, ident, options=opts)
    return lab.ip4(17, u, ident)


def upper_id(pkt):
    """(version, protocol, source port or ICMP id) of a first fragment."""
    if pkt[0] >> 4 == 4:
        ihl = (pkt[0] & 15) * 4
        proto, at = pkt[9], ihl
    else:
        hdrs, _, (proto, _, _, _), rest = lab.frag6_parts(pkt)
        at, pkt = 0, rest
        while proto in lab.EXT6:
            proto, at = pkt[at], at + (pkt[at + 1] + 1) * 8
    if proto in (1, 58):
        return proto, struct.unpack(">H", pkt[at + 4:at + 6])[0]
    return proto, struct.unpack(">H", pkt[at:at + 2])[0]


def process(allpcap, outdir):
    linktype, recs = lab.pcap_read(allpcap)
    groups = {}
    for ts, frame in recs:
        if frame[6:12] != bytes.fromhex(lab.MAC_TX.replace(":", "")):
            continue
        pkt = lab.ip_of_frame(linktype, frame)
        if not lab.is_fragment(pkt):
            continue
        if pkt[0] >> 4 == 6:
            key = (6, lab.frag6_parts(pkt)[2][3])
        else:
            key = (4, struct.unpack(">H", pkt[4:6])[0])
        groups.setdefault(key, []).append((ts, frame, pkt))
    summary = {}
    for name, (ver, proto, port, size, seed) in DATAGRAMS.items():
        match = None
        for key, g in groups.items():
            firsts = [p for _, _, p in g if
                      (p[0] >> 4 == 4 and
                       struct.unpack(">H", p[6:8])[0] & 0x1FFF == 0) or
                      (p[0] >> 4 == 6 and lab.frag6_parts(p)[2][1] == 0)]
            if key[0] == ver and firsts and \
                    upper_id(firsts[0]) == (proto, port):
                match = (g, firsts[0])
        if match is None:
            lab.die("no fragments captured for " + name)
        g, first = match
        want = expected(name, first)
        pkts = [p for _, _, p in g]
        got = lab.reassemble6(pkts) if ver == 6 else lab.reassemble4(pkts)
        if got != want:
            lab.die(name + ": the fragments do not reassemble to the "
                    "expected datagram")
        lab.pcap_write(os.path.join(outdir, name + "_frags.pcap"),
                       linktype, [(ts, frame) for ts, frame, _ in g])
        lab.pcap_write(os.path.join(outdir, name + "_reassembled.pcap"),
                       lab.LINKTYPE_RAW, [(g[-1][0], want)])
        ident = (lab.frag6_parts(first)[2][3] if ver == 6 else
                 struct.unpack(">H", first[4:6])[0])
        summary[name] = {"fragments": [len(p) for p in pkts],
                         "datagram": len(want), "id": "0x%x" % ident}
    return summary


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "_sniff":
        return role_sniff(sys.argv[2], float(sys.argv[3]), sys.argv[4])
    if len(sys.argv) > 1 and sys.argv[1] == "_recv":
        return role_recv(float(sys.argv[2]))
    if len(sys.argv) > 1 and sys.argv[1] == "_send":
        return role_send()
    outdir = sys.argv[1] if len(sys.argv) > 1 else \
        os.path.dirname(os.path.abspath(__file__))
    me = os.path.abspath(__file__)
    L = lab.Lab("v6tcap")
    L.up()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            allpcap = os.path.join(tmp, "all.pcap")
            sniff = subprocess.Popen(
                ["ip", "netns", "exec", L.rx, sys.executable, me, "_sniff",
                 L.vb, "4", allpcap], stdout=subprocess.PIPE, text=True)
            recv = subprocess.Popen(
                ["ip", "netns", "exec", L.rx, sys.executable, me, "_recv",
                 "4"], stdout=subprocess.PIPE, text=True)
            assert sniff.stdout.readline().strip() == "ready"
            assert recv.stdout.readline().strip() == "ready"
            L.nsx(L.tx, sys.executable, me, "_send")
            delivered = json.loads(recv.stdout.read())
            sniff.wait()
            recv.wait()
            summary = process(allpcap, outdir)
    finally:
        L.down()
    udp = [d for d in DATAGRAMS.values() if d[1] == 17]
    if len(delivered) != len(udp) or not all(d[3] for d in delivered):
        lab.die("the receiver did not get every UDP datagram: %r" % delivered)
    print("kernel", os.uname().release)
    print("delivered to the UDP socket:", delivered)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
