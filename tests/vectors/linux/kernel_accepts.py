#!/usr/bin/env python3
"""Does the Linux kernel accept the fragments libv6transit makes?

A manual experiment (not a ctest: it needs root and network namespaces).
Run from the repository's top directory after a build:

    python3 tests/vectors/linux/kernel_accepts.py [path/to/libv6transit.a]

(default build/libv6transit.a). It compiles split_frags.c against the
library, builds datagrams here (Python, with their UDP / ICMP / TCP
checksums), splits each one with the library, and injects the fragments as
Ethernet frames with an AF_PACKET socket on one end of a veth pair (MTU
1280) whose other end is in a second namespace. The datagram counts as
accepted when the receiving kernel reassembles it and hands it on:

  udp     a UDP socket in the receiving namespace gets the whole payload;
  echo    the receiving kernel answers the ICMPv6 / ICMP Echo Request, and
          the answer's data (reassembled by the sending namespace's kernel,
          read on a raw socket there) is the request's;
  tcp     the receiving kernel answers a SYN carrying data to a closed port
          with a RST (it checks the TCP checksum over the reassembled
          segment first, so a RST means the whole segment arrived).

The receiving namespace's reassembly counters (/proc/net/snmp6,
/proc/net/snmp) are printed before and after. One control case, fragmented
here in Python with a first fragment that holds only 8 bytes of a TCP
header, must be refused: it shows that a refusal would be seen. Exit 0 when
every library case is accepted and the control refused.

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

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
PORT_RX, PORT_CLOSED = 50000, 50001


# ------------------------------------------------------------ datagrams

def ext(nh):
    """HBH / Destination Options, 8 bytes: one PadN option of 4 zeros.
    (Longer headers of padding only are no good here: Linux drops more
    than 7 bytes of padding in a row, ip6_parse_tlv().)"""
    return bytes([nh, 0, 1, 4, 0, 0, 0, 0])


def rh253(nh):
    """Routing header, type 253 (RFC 4727 experimental), Segments Left 0:
    RFC 8200 §4.4 says to ignore it and go on to the next header."""
    return bytes([nh, 0, 253, 0, 0, 0, 0, 0])


def udp6(sport, data, exts=b"", first_nh=17):
    u = lab.udp(sport, PORT_RX, data,
                lambda n: lab.pseudo6(lab.A6_TX, lab.A6_RX, n, 17))
    return lab.ip6(first_nh, exts + u)


def udp4(sport, data, ident, options=b""):
    u = lab.udp(sport, PORT_RX, data,
                lambda n: lab.pseudo4(lab.A4_TX, lab.A4_RX, n, 17))
    return lab.ip4(17, u, ident, options=options)


def tcp6_syn(sport, data):
    hdr = struct.pack(">HHIIHHHH", sport, PORT_CLOSED, 1, 0, 5 << 12 | 0x02,
                      65535, 0, 0)
    seg = hdr + data
    c = lab.csum(lab.pseudo6(lab.A6_TX, lab.A6_RX, len(seg), 6) + seg)
    return lab.ip6(6, seg[:16] + struct.pack(">H", c) + seg[18:])


def split(helper, datagram, mtu, ident):
    r = subprocess.run([helper, str(mtu), str(ident)], input=datagram,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        lab.die("split_frags: " + r.stderr.decode())
    out, at = [], 0
    while at < len(r.stdout):
        n = struct.unpack(">H", r.stdout[at:at + 2])[0]
        out.append(r.stdout[at + 2:at + 2 + n])
        at += 2 + n
    return out


def frag6_by_hand(datagram, chunk, ident):
    """A control, not the library: RFC 8200 §4.5 fragments of an IPv6
    datagram without extension headers, chunk data bytes each."""
    body, out = datagram[40:], []
    for off in range(0, len(body), chunk):
        d = body[off:off + chunk]
        m = 1 if off + chunk < len(body) else 0
        hdr = bytearray(datagram[:40])
        hdr[4:6] = struct.pack(">H", 8 + len(d))
        hdr[6] = 44
        out.append(bytes(hdr) + struct.pack(">BBHI", datagram[6], 0,
                                            off | m, ident) + d)
    return out


def cases(helper):
    """[name, frames (IP packets in sending order), kind, check,
    whether the kernel should accept it]."""
    c = []
    d = lab.pattern(4000, 11)
    f = split(helper, udp6(41001, d), 1280, 0x0a0b0c01)
    c.append(["ipv6 udp 4000 B, mtu 1280", f, "udp", [41001, d.hex()]])
    d = lab.pattern(4000, 12)
    f = split(helper, udp6(41002, d), 1280, 0x0a0b0c02)
    c.append(["ipv6 udp 4000 B, mtu 1280, sent last to first", f[::-1],
              "udp", [41002, d.hex()]])
    d = lab.pattern(3000, 13)
    f = split(helper, udp6(41003, d, ext(60) + ext(17), 0), 1280, 0x0a0b0c03)
    c.append(["ipv6 hbh + dstopts + udp 3000 B, mtu 1280", f, "udp",
              [41003, d.hex()]])
    d = lab.pattern(3000, 14)
    f = split(helper, udp6(41004, d, ext(60) + ext(43) + rh253(60) +
                           ext(17), 0), 1280, 0x0a0b0c04)
    c.append(["ipv6 hbh + dstopts + routing + dstopts + udp 3000 B, "
              "mtu 1280", f, "udp", [41004, d.hex()]])
    d = lab.pattern(200, 15)
    f = split(helper, udp6(41005, d), 56, 0x0a0b0c05)
    c.append(["ipv6 udp 200 B, mtu 56 (first fragment: the 8-byte UDP "
              "header only)", f, "udp", [41005, d.hex()]])
    d = lab.pattern(3000, 16)
    f = split(helper, lab.ip6(58, lab.icmp6_echo(lab.A6_TX, lab.A6_RX,
                                                 0x7641, 1, d)),
              1280, 0x0a0b0c06)
    c.append(["ipv6 icmpv6 echo 3000 B, mtu 1280", f, "echo6",
              [0x7641, d.hex()]])
    d = lab.pattern(1000, 17)
    f = split(helper, tcp6_syn(41007, d), 72, 0x0a0b0c07)
    c.append(["ipv6 tcp syn + 1000 B, mtu 72 (first fragment: the 20-byte "
              "TCP header and 4 bytes)", f, "tcp", [41007]])
    f = frag6_by_hand(tcp6_syn(41008, d), 8, 0x0a0b0c08)
    c.append(["control, fragments made here, not by the library: ipv6 tcp "
              "syn + 1000 B, first fragment with 8 bytes of the TCP header "
              "(Linux drops it, ipv6frag_thdr_truncated())", f, "tcp",
              [41008], False])
    d = lab.pattern(4000, 21)
    f = split(helper, udp4(42001, d, 0x4201), 1280, 0)
    c.append(["ipv4 udp 4000 B, mtu 1280", f, "udp", [42001, d.hex()]])
    d = lab.pattern(3000, 22)
    opts = bytes([7, 7, 4, 0, 0, 0, 0, 0x94, 4, 0, 0, 1])
    f = split(helper, udp4(42002, d, 0x4202, opts), 1280, 0)
    c.append(["ipv4 options (record route, router alert) + udp 3000 B, "
              "mtu 1280", f, "udp", [42002, d.hex()]])
    d = lab.pattern(1000, 23)
    f = split(helper, udp4(42003, d, 0x4203), 68, 0)
    c.append(["ipv4 udp 1000 B, mtu 68", f, "udp", [42003, d.hex()]])
    d = lab.pattern(4000, 24)
    f = split(helper, udp4(42004, d, 0x4204), 1280, 0)
    sub = split(helper, f[0], 576, 0) + split(helper, f[1], 400, 0)
    c.append(["ipv4 udp 4000 B, mtu 1280, first two fragments split again "
              "at 576 and 400", sub + f[2:], "udp", [42004, d.hex()]])
    d = lab.pattern(3000, 25)
    f = split(helper, lab.ip4(1, lab.icmp4_echo(0x7642, 1, d), 0x4205),
              1280, 0)
    c.append(["ipv4 icmp echo 3000 B, mtu 1280", f, "echo4",
              [0x7642, d.hex()]])
    return [x if len(x) == 5 else x + [True] for x in c]


# ------------------------------------------------------------ roles

def role_recv(seconds):
    """Receiving namespace: UDP on port 50000, IPv6 and IPv4; prints
    [[source port, payload hex], ...] as JSON."""
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.bind(("::", PORT_RX))
    print("ready", flush=True)
    got, end = [], time.time() + seconds
    while time.time() < end:
        if select.select([s], [], [], 0.2)[0]:
            data, addr = s.recvfrom(65535)
            got.append([addr[1], data.hex()])
    print(json.dumps(got), flush=True)


def wait_echo(sock, v4, ident, want, timeout=2.0):
    end = time.time() + timeout
    while time.time() < end:
        if not select.select([sock], [], [], 0.2)[0]:
            continue
        m = sock.recv(65535)
        if v4:
            m = m[(m[0] & 15) * 4:]
        typ = 0 if v4 else 129
        if m[0] == typ and struct.unpack(">H", m[4:6])[0] == ident:
            return m[8:] == want
    return False


def wait_rst(sock, sport, timeout=2.0):
    end = time.time() + timeout
    while time.time() < end:
        if not select.select([sock], [], [], 0.2)[0]:
            continue
        frame, addr = sock.recvfrom(65535)
        if addr[2] == socket.PACKET_OUTGOING or frame[12:14] != b"\x86\xdd":
            continue
        p = frame[14:]
        if p[6] == 6 and struct.unpack(">HH", p[40:44]) == \
                (PORT_CLOSED, sport) and p[53] & 0x04:
            return True
    return False


def role_inject(iface, path):
    """Sending namespace: send each case's fragments on iface; wait for the
    echo replies and RSTs; print [ok or null per case] as JSON."""
    with open(path) as f:
        todo = json.load(f)
    ps = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                       socket.htons(lab.ETH_P_ALL))
    ps.bind((iface, 0))
    e6 = socket.socket(socket.AF_INET6, socket.SOCK_RAW,
                       socket.IPPROTO_ICMPV6)
    e4 = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    out = []
    for name, frames, kind, chk, _ in todo:
        for h in frames:
            p = bytes.fromhex(h)
            et = lab.ETH_IPV6 if p[0] >> 4 == 6 else lab.ETH_IPV4
            ps.send(lab.eth(lab.MAC_RX, lab.MAC_TX, et, p))
        if kind == "echo6":
            out.append(wait_echo(e6, False, chk[0], bytes.fromhex(chk[1])))
        elif kind == "echo4":
            out.append(wait_echo(e4, True, chk[0], bytes.fromhex(chk[1])))
        elif kind == "tcp":
            out.append(wait_rst(ps, chk[0]))
        else:
            out.append(None)  # the receiver reports it
        time.sleep(0.1)
    print(json.dumps(out), flush=True)


def counters(L):
    """Reassembly counters of the receiving namespace."""
    want = ("Ip6ReasmReqds", "Ip6ReasmOKs", "Ip6ReasmFails")
    snmp6 = L.nsx(L.rx, "cat", "/proc/net/snmp6").stdout.split("\n")
    r = {k: int(v) for k, v in (l.split() for l in snmp6 if l.strip())
         if k in want}
    lines = [l.split() for l in
             L.nsx(L.rx, "cat", "/proc/net/snmp").stdout.split("\n")
             if l.startswith("Ip:")]
    for k, v in zip(lines[0][1:], lines[1][1:]):
        if k.startswith("Reasm"):
            r["Ip" + k] = int(v)
    return r


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "_recv":
        return role_recv(float(sys.argv[2]))
    if len(sys.argv) > 1 and sys.argv[1] == "_inject":
        return role_inject(sys.argv[2], sys.argv[3])
    libpath = sys.argv[1] if len(sys.argv) > 1 else \
        os.path.join(TOP, "build", "libv6transit.a")
    me = os.path.abspath(__file__)
    with tempfile.TemporaryDirectory() as tmp:
        helper = os.path.join(tmp, "split_frags")
        subprocess.run(["cc", "-std=c99", "-O2", "-I",
                        os.path.join(TOP, "include"),
                        os.path.join(HERE, "split_frags.c"), libpath,
                        "-o", helper], check=True)
        todo = cases(helper)
        path = os.path.join(tmp, "cases.json")
        with open(path, "w") as f:
            json.dump([[n, [p.hex() for p in fr], k, c, e]
                       for n, fr, k, c, e in todo], f)
        L = lab.Lab("v6tacc")
        L.up()
        try:
            before = counters(L)
            recv = subprocess.Popen(
                ["ip", "netns", "exec", L.rx, sys.executable, me, "_recv",
                 str(2 + 2.5 * len(todo))], stdout=subprocess.PIPE,
                text=True)
            assert recv.stdout.readline().strip() == "ready"
            r = L.nsx(L.tx, sys.executable, me, "_inject", L.va, path)
            direct = json.loads(r.stdout)
            got = json.loads(recv.stdout.read())
            recv.wait()
            after = counters(L)
        finally:
            L.down()
    failed = 0
    print("kernel %s, %s" % (os.uname().release,
                             time.strftime("%Y-%m-%d %H:%M:%S %Z")))
    for (name, frames, kind, chk, expect), res in zip(todo, direct):
        if kind == "udp":
            res = [chk[0], chk[1]] in got
        sizes = sorted({len(p) for p in frames})
        print("%-8s %s (%d fragments, %d..%d bytes) [%s]%s" % (
            "accepted" if res else "refused", name, len(frames), sizes[0],
            sizes[-1], kind, "" if res == expect else "  <-- UNEXPECTED"))
        failed += res != expect
    print("receiver reassembly counters before:", before)
    print("receiver reassembly counters after: ", after)
    print("%d of %d as expected (%d library cases, %d control)" % (
        len(todo) - failed, len(todo), sum(e for *_, e in todo),
        sum(not e for *_, e in todo)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
