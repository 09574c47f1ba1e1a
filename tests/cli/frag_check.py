#!/usr/bin/env python3
"""Independent check of `v6t reasm` and `v6t frag` (CLI.md "Packets",
doc/cli.md).

Usage: python3 frag_check.py PATH/TO/v6t

The script writes its own pcap files of fragments built by its own code
from RFC 8200 §4.5 (IPv6) and RFC 791 §3.2 (IPv4): in order, reversed,
shuffled, interleaved, with exact duplicates, overlaps (RFC 5722), atomic
fragments (RFC 6946), first fragments without their header chain
(RFC 7112), fragments that break the length rules, timeouts and a full
table (timestamps and --slots), IPv4 and IPv6, and packets that are not
fragments; it runs `v6t reasm` on them and checks every output record, its
timestamp and the counters. It runs `v6t frag` on whole packets and checks
each fragment against its own fragmenter, then a round trip: `v6t frag`
then `v6t reasm` gives back the input. When tests/vectors/linux/ holds
fragments captured from the Linux kernel (see its README.md), `v6t reasm`
on them must give the kernel's reassembled datagrams byte for byte.

Nothing expected here was produced by running v6t or the library: the
expected datagrams are the packets the script fragmented itself (or, for
atomic fragments, the packet without its Fragment header, built by hand),
and the counters of each case are written down by hand.

If the environment variable V6T_EMULATOR is set and not empty, it is a
';'-separated command prefix (e.g. qemu-s390x;-L;/usr/s390x-linux-gnu) put
before every v6t invocation, as tests/cli/run_cli.sh does.

Standard library only. Exit status 0 when everything matches, 1 otherwise.
"""

import functools
import os
import random
import struct
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pcaptool  # noqa: E402
from pcaptool import (  # noqa: E402
    LINK_ETHERNET, LINK_RAW, LINK_IPV4, LINK_IPV6, ETH_SRC, ETH_DST, ETH_MIN,
    MAGIC_NSEC, Checker, a4, a6, be16, checksum, pcap_parse)


def require(cond, what):
    """A check of the script itself (not of v6t): stop at once if it fails.
    Not assert, which python -O would skip."""
    if not cond:
        raise SystemExit("frag_check: internal check failed: " + what)


# -------------------------------------------------------- packet builders

def ip6(src, dst, nh, payload, tc=0, label=0, hlim=64, plen=None):
    if plen is None:
        plen = len(payload)
    word = 6 << 28 | tc << 20 | label
    return struct.pack("!IHBB", word, plen, nh, hlim) + a6(src) + a6(dst) + payload


def ip4(src, dst, proto, payload, ident=0x1234, flags_off=0, ttl=64, tos=0,
        opts=b"", total=None):
    """An IPv4 packet with a correct header checksum; opts padded by the
    caller to a multiple of 4."""
    require(len(opts) % 4 == 0 and len(opts) <= 40, "IPv4 options length")
    ihl = 5 + len(opts) // 4
    if total is None:
        total = ihl * 4 + len(payload)
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, tos, total, ident, flags_off,
                      ttl, proto, 0, a4(src), a4(dst)) + opts
    hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
    return hdr + payload


def set_ip4_checksum(pkt):
    ihl = (pkt[0] & 0xF) * 4
    h = bytearray(pkt[:ihl])
    h[10:12] = b"\0\0"
    h[10:12] = struct.pack("!H", checksum(bytes(h)))
    return bytes(h) + pkt[ihl:]


def pattern(n, seed):
    """n data bytes that differ from one offset to the next and from one
    seed to the next, so that a byte in the wrong place shows."""
    return bytes((i * 7 + seed * 13 + (i >> 8)) & 0xFF for i in range(n))


def udp(sport, dport, data):
    return struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data


def tcp(sport, dport, data, doff=5):
    hdr = struct.pack("!HHIIBBHHH", sport, dport, 1000, 0, doff << 4, 0x18,
                      65535, 0, 0)
    return hdr + bytes(4 * (doff - 5)) + data


def opts_hdr(nh, size=8):
    """Hop-by-Hop or Destination Options, filled with one PadN option."""
    return struct.pack("!BBBB", nh, size // 8 - 1, 1, size - 4) + bytes(size - 4)


def routing(nh, size=8):
    """A Routing header (type 253, RFC 4727 experimental), nothing left."""
    return struct.pack("!BBBB", nh, size // 8 - 1, 253, 0) + bytes(size - 4)


def fraghdr(nh, offset, more, ident, res=0):
    return struct.pack("!BBHI", nh, res, (offset & 0xFFF8) | more, ident)


A, B = "2001:db8:1::a", "2001:db8:2::b"
C, D = "2001:db8:c::1", "2001:db8:d::2"
V4A, V4B = "192.0.2.1", "198.51.100.2"
V4C, V4D = "203.0.113.3", "192.0.2.44"

# IPv6 Next Header values that are extension headers (packet.h).
EXT_HEADERS = {0, 43, 44, 60, 51, 135, 139, 140}


# ----------------------------------------------- the script's fragmenter

def ext_len(nh, p, off):
    if nh == 51:  # AH: 4-octet units (RFC 4302 §2.2)
        return (p[off + 1] + 2) * 4
    return (p[off + 1] + 1) * 8


def v6_parts(p):
    """(unfrag_end, nh_off) of a whole IPv6 packet (RFC 8200 §4.5): the
    Per-Fragment headers run through the last Routing header, else the
    Hop-by-Hop header, else the IPv6 header alone; nh_off is the offset
    of the Next Header field that names the first header after them."""
    nh, off = p[6], 40
    unfrag, nh_off = 40, 6
    while nh in EXT_HEADERS:
        require(nh != 44, "split6 of a packet with a Fragment header")
        size = ext_len(nh, p, off)
        if nh in (0, 43):
            unfrag, nh_off = off + size, off
        nh, off = p[off], off + size
    return unfrag, nh_off


def split6(p, mtu, ident):
    """RFC 8200 §4.5: the fragments of IPv6 packet p for a link MTU."""
    end = 40 + be16(p, 4)
    unfrag, nh_off = v6_parts(p)
    chunk = (mtu - unfrag - 8) // 8 * 8
    require(chunk >= 8, "split6: MTU too small")
    nh = p[nh_off]
    rest = p[unfrag:end]
    frags = []
    for off in range(0, len(rest), chunk):
        data = rest[off:off + chunk]
        more = 1 if off + chunk < len(rest) else 0
        h = bytearray(p[:unfrag])
        h[nh_off] = 44
        h[4:6] = struct.pack("!H", unfrag - 40 + 8 + len(data))
        frags.append(bytes(h) + fraghdr(nh, off, more, ident) + data)
    return frags


def v4_copied_options(p):
    """The options of IPv4 packet p whose copied flag is set (RFC 791
    §3.1), padded with End of Option List to a multiple of 4."""
    ihl = (p[0] & 0xF) * 4
    i, out = 20, b""
    while i < ihl and p[i] != 0:
        if p[i] == 1:
            i += 1
            continue
        n = p[i + 1]
        if p[i] & 0x80:
            out += p[i:i + n]
        i += n
    return out + bytes(-len(out) % 4)


def split4(p, mtu):
    """RFC 791 §3.2: the fragments of IPv4 packet p (DF clear). Every
    fragment but the last carries the same number of 8-byte blocks, sized
    for the first fragment's header (all options); the others keep the
    copied options only. A packet that is a fragment itself keeps its
    offset as the base and its MF flag on the last piece."""
    ihl = (p[0] & 0xF) * 4
    total = be16(p, 2)
    fo = be16(p, 6)
    require(not fo & 0x4000, "split4 with DF")
    base, last_mf = (fo & 0x1FFF) * 8, fo & 0x2000
    keep = fo & 0x8000  # the reserved flag goes along
    data = p[ihl:total]
    chunk = (mtu - ihl) // 8 * 8
    copied = v4_copied_options(p)
    frags = []
    for off in range(0, len(data), chunk):
        piece = data[off:off + chunk]
        last = off + chunk >= len(data)
        if off == 0:
            h = bytearray(p[:ihl])
        else:
            h = bytearray(p[:20]) + copied
            h[0] = 0x40 | len(h) // 4
        mf = 0x2000 if (not last or last_mf) else 0
        h[2:4] = struct.pack("!H", len(h) + len(piece))
        h[6:8] = struct.pack("!H", keep | mf | (base + off) // 8)
        frags.append(set_ip4_checksum(bytes(h) + piece))
    return frags


def without_frag_header(p):
    """An atomic fragment (RFC 6946) as delivered: the Fragment header
    (right after the IPv6 header here) taken out."""
    require(p[6] == 44, "atomic fragment layout")
    out = bytearray(p[:40] + p[48:])
    out[6] = p[40]
    out[4:6] = struct.pack("!H", be16(p, 4) - 8)
    return bytes(out)


def with_hlim(p, hlim):
    """An IPv6 fragment with another Hop Limit."""
    return p[:7] + bytes([hlim]) + p[8:]


def with_ttl(p, ttl):
    """An IPv4 fragment with another TTL (and its checksum)."""
    return set_ip4_checksum(p[:8] + bytes([ttl]) + p[9:])


# ------------------------------------------------------------------ pcap

def pcap_bytes(link, records, nsec=False, big=False):
    """records: (ts_ns, data[, orig_len])."""
    rows = []
    for rec in records:
        sec, ns = divmod(rec[0], 1000000000)
        require(nsec or ns % 1000 == 0, "a microsecond file holds whole microseconds")
        rows.append((sec, ns if nsec else ns // 1000) + tuple(rec[1:]))
    return pcaptool.pcap_bytes(link, rows, nsec, big, snaplen=262144)


def eth(payload, ethertype=None, vlan=None):
    if ethertype is None:
        ethertype = 0x86DD if payload[0] >> 4 == 6 else 0x0800
    hdr = ETH_DST + ETH_SRC
    if vlan is not None:
        hdr += struct.pack("!HH", 0x8100, vlan)
    frame = hdr + struct.pack("!H", ethertype) + payload
    return frame + bytes(max(0, ETH_MIN - len(frame)))


ARP = eth(struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + ETH_SRC + a4(V4A)
          + bytes(6) + a4(V4B), ethertype=0x0806)


# ------------------------------------------------------------------ runs

run_v6t = functools.partial(pcaptool.run_v6t, timeout=300)
check_error = functools.partial(pcaptool.check_error, timeout=300)


def describe(data):
    """A short description of a packet for messages."""
    if not data:
        return "empty"
    if data[0] >> 4 == 6 and len(data) >= 40:
        return "IPv6 %d bytes, plen %d, nh %d" % (len(data), be16(data, 4), data[6])
    if data[0] >> 4 == 4 and len(data) >= 20:
        fo = be16(data, 6)
        return "IPv4 %d bytes, total %d, id 0x%04x, MF %d, offset %d" % (
            len(data), be16(data, 2), be16(data, 4), fo >> 13 & 1, (fo & 0x1FFF) * 8)
    return "%d bytes" % len(data)


T0_NS = 1700000000 * 1000000000  # the captures start in November 2023


def ms(t):
    """A timestamp t ms into the capture, in ns."""
    return T0_NS + int(round(t * 1000000))


class Case:
    """One run: an input capture, the arguments, the records and counters
    that must come out."""

    def __init__(self, name, cmd, args=(), link=LINK_RAW, nsec=False, big=False):
        self.name, self.cmd, self.args = name, cmd, list(args)
        self.link, self.nsec, self.big = link, nsec, big
        self.recs = []  # (ts_ns, record[, orig_len])
        self.want = []  # (ts_ns, data)
        self.counts = None

    def add(self, t, record, *outs, orig=None):
        """An input record at t ms; outs: the records it gives, at its time."""
        ts = ms(t)
        self.recs.append((ts, record) if orig is None else (ts, record, orig))
        for o in outs:
            self.want.append((ts, o))
        return self

    def expect(self, **counts):
        self.counts = counts
        return self


REASM_KEYS = ("in", "out", "dropped", "complete", "overlap", "timeout",
              "evicted", "invalid")
FRAG_KEYS = ("in", "out", "dropped", "fragmented", "invalid")


def check_case(ck, v6t, tmp, case, n):
    keys = REASM_KEYS if case.cmd == "reasm" else FRAG_KEYS
    counts = dict.fromkeys(keys, 0)
    counts["in"] = len(case.recs)
    counts["out"] = len(case.want)
    for k, v in case.counts.items():
        require(k in keys and k not in ("in", "out"), "%s: counter %s" % (case.name, k))
        counts[k] = v
    want_out = "".join("%s=%d\n" % (k, counts[k]) for k in keys)
    in_path = os.path.join(tmp, "in-%d.pcap" % n)
    out_path = os.path.join(tmp, "out-%d.pcap" % n)
    with open(in_path, "wb") as f:
        f.write(pcap_bytes(case.link, case.recs, case.nsec, case.big))
    what = "%s %s" % (case.cmd, case.name)
    rc, out, err = run_v6t(v6t, [case.cmd] + case.args + ["-r", in_path, "-w", out_path])
    if not ck.expect(rc == 0, "%s: exit status %d, stderr %r" % (what, rc, err)):
        return None
    ck.expect(err == "", "%s: stderr not empty: %r" % (what, err))
    ck.expect(out == want_out, "%s: counters\n  expected %s\n  got      %s"
              % (what, want_out.replace("\n", " "), out.replace("\n", " ")))
    try:
        with open(out_path, "rb") as f:
            blob = f.read()
        link, got = pcap_parse(blob)
    except (OSError, ValueError) as e:
        ck.expect(False, "%s: output: %s" % (what, e))
        return None
    ck.expect(link == LINK_RAW, "%s: output link type %d" % (what, link))
    ck.expect((struct.unpack("<I", blob[:4])[0] == MAGIC_NSEC) == case.nsec,
              "%s: output timestamp resolution" % what)
    if not ck.expect(len(got) == len(case.want), "%s: %d output records, expected %d"
                     % (what, len(got), len(case.want))):
        for i, (ts, data) in enumerate(got):
            print("  %s: got record %d at +%.3f ms: %s"
                  % (what, i + 1, (ts - T0_NS) / 1e6, describe(data)))
        return None
    for i, ((wts, wdata), (ts, data)) in enumerate(zip(case.want, got)):
        where = "%s: output record %d" % (what, i + 1)
        ck.expect(ts == wts, "%s: timestamp +%.6f ms, expected +%.6f ms"
                  % (where, (ts - T0_NS) / 1e6, (wts - T0_NS) / 1e6))
        ck.expect(data == wdata, "%s: bytes differ\n  expected %s\n  got      %s"
                  % (where, describe(wdata), describe(data)))
    return got


# ---------------------------------------------------------- reasm cases

def v6_dgram(seed, n, src=A, dst=B, pre=b"", first_nh=None, tc=0, label=0):
    """An IPv6 UDP datagram of n bytes of UDP data behind the extension
    headers pre (whose first Next Header is first_nh)."""
    body = pre + udp(4000 + seed, 53, pattern(n, seed))
    return ip6(src, dst, 17 if first_nh is None else first_nh, body, tc=tc,
               label=label)


def v4_dgram(seed, n, src=V4A, dst=V4B, ident=0x4242, proto=17, opts=b"", ttl=64,
             tos=0):
    data = udp(5000 + seed, 53, pattern(n, seed)) if proto == 17 else pattern(n, seed)
    return ip4(src, dst, proto, data, ident=ident, opts=opts, ttl=ttl, tos=tos)


def feed(case, datagrams, order, t=0.0, step=1.0):
    """Add the fragments of several datagrams in the given order; each
    datagram is expected when its last fragment arrives. datagrams:
    [(P, [fragments])]; order: [(datagram index, fragment index)]."""
    left = [len(fr) for _p, fr in datagrams]
    require(sorted(order) == sorted((d, i) for d, (_p, fr) in enumerate(datagrams)
                                    for i in range(len(fr))), "feed: order")
    for d, i in order:
        left[d] -= 1
        outs = (datagrams[d][0],) if left[d] == 0 else ()
        case.add(t, datagrams[d][1][i], *outs)
        t += step
    return t


def in_order(d, frags):
    return [(d, i) for i in range(len(frags))]


def v6frag(ident, off, more, data, nh=17, src=A, dst=B):
    """An IPv6 fragment built by hand: the IPv6 header, a Fragment header."""
    return ip6(src, dst, 44, fraghdr(nh, off, more, ident) + data)


# IPv4 options: Loose Source Route (0x83, copied), Record Route (0x07, not
# copied), two No Operation; Router Alert (0x94, copied, RFC 2113).
LSRR = bytes([0x83, 7, 4]) + a4("192.0.2.99")
RR = bytes([0x07, 7, 4]) + bytes(4)
ROUTER_ALERT = bytes([0x94, 4, 0, 0])
OPTS_MIXED = LSRR + RR + b"\x01\x01"   # 16 bytes: copied LSRR + EOL pad = 8
OPTS_RA_RR = ROUTER_ALERT + RR + b"\x01"  # 12 bytes: copied RA = 4


def reasm_cases():
    cases = []
    rnd = random.Random(8200)

    # --- whole datagrams, every arrival order
    p = v6_dgram(1, 2900)
    fr = split6(p, 1280, 0x11)
    require(len(fr) == 3, "3 fragments")
    c = Case("ipv6, 3 fragments in order", "reasm")
    feed(c, [(p, fr)], in_order(0, fr))
    cases.append(c.expect(complete=1))

    c = Case("ipv6, 3 fragments reversed", "reasm")
    feed(c, [(p, fr)], in_order(0, fr)[::-1])
    cases.append(c.expect(complete=1))

    c = Case("ipv6, last, first, middle", "reasm")
    feed(c, [(p, fr)], [(0, 2), (0, 0), (0, 1)])
    cases.append(c.expect(complete=1))

    big = v6_dgram(2, 50000)
    bfr = split6(big, 1280, 0xABCDEF01)
    require(len(bfr) == 41, "41 fragments")
    order = in_order(0, bfr)
    rnd.shuffle(order)
    c = Case("ipv6, 50 kB in 41 fragments, shuffled", "reasm")
    feed(c, [(big, bfr)], order)
    cases.append(c.expect(complete=1))

    # the largest datagram: 40 + 65535 bytes
    huge = v6_dgram(3, 65535 - 8)
    hfr = split6(huge, 9000, 7)
    order = in_order(0, hfr)
    rnd.shuffle(order)
    c = Case("ipv6, 65575 bytes in 8 fragments, shuffled", "reasm")
    feed(c, [(huge, hfr)], order)
    cases.append(c.expect(complete=1))

    # extension headers: Per-Fragment (Hop-by-Hop, Routing) repeated, the
    # Destination Options after them and TCP in the first fragment only
    px = ip6(A, B, 0, opts_hdr(43) + routing(60, 24) + opts_hdr(6, 16)
             + tcp(40000, 443, pattern(3000, 4)))
    xfr = split6(px, 1280, 0x22)
    require(xfr[0][6] == 0 and xfr[0][40] == 43 and xfr[0][48] == 44
            and xfr[0][72] == 60 and xfr[1][72] == 60,
            "ext: per-fragment headers")
    # Destination Options before a Routing header is Per-Fragment too;
    # Destination Options alone is not
    py = ip6(A, C, 60, opts_hdr(43) + routing(17) + udp(1, 2, pattern(2000, 5)))
    yfr = split6(py, 1280, 0x22)
    pz = ip6(A, D, 60, opts_hdr(17, 32) + udp(1, 2, pattern(2000, 6)))
    zfr = split6(pz, 1280, 0x22)
    require(zfr[0][6] == 44 and zfr[0][40] == 60, "do alone: fragmentable")
    c = Case("ipv6 with extension headers", "reasm")
    t = feed(c, [(px, xfr)], in_order(0, xfr)[::-1])
    t = feed(c, [(py, yfr)], in_order(0, yfr), t)
    feed(c, [(pz, zfr)], [(0, 1), (0, 0)], t)
    cases.append(c.expect(complete=3))

    q = v4_dgram(7, 3000)
    qfr = split4(q, 1280)
    require(len(qfr) == 3, "v4: 3 fragments")
    c = Case("ipv4, in order, reversed, shuffled", "reasm")
    t = feed(c, [(q, qfr)], in_order(0, qfr))
    t = feed(c, [(q, qfr)], in_order(0, qfr)[::-1], t)
    q2 = v4_dgram(8, 20000, ident=0x4343)
    q2fr = split4(q2, 576)
    order = in_order(0, q2fr)
    rnd.shuffle(order)
    feed(c, [(q2, q2fr)], order, t)
    cases.append(c.expect(complete=3))

    # IPv4 options: the offset-zero fragment's header is the one kept
    qo = v4_dgram(9, 2000, opts=OPTS_MIXED)
    qofr = split4(qo, 600)
    require((qofr[1][0] & 0xF) == 7 and qofr[1][20:28] == LSRR + b"\0",
            "v4 options: later fragments")
    qr = v4_dgram(10, 2000, opts=OPTS_RA_RR, ident=0x99)
    qrfr = split4(qr, 1000)
    c = Case("ipv4 with options", "reasm")
    t = feed(c, [(qo, qofr)], in_order(0, qofr)[::-1])
    feed(c, [(qr, qrfr)], [(0, 1), (0, 0), (0, 2)], t)
    cases.append(c.expect(complete=2))

    # RFC 8200 §4.5: the headers and the Next Header of the offset-zero
    # fragment are the ones used, whatever the others carry and whenever
    # it arrives; RFC 791: the same for IPv4
    f = list(fr)
    f[1] = with_hlim(f[1], 10)
    f[2] = with_hlim(f[2][:40] + bytes([6]) + f[2][41:], 20)
    g = list(qfr)
    g[1] = with_ttl(g[1], 3)
    g[2] = with_ttl(g[2], 200)
    c = Case("the offset-zero fragment's headers are kept", "reasm")
    t = feed(c, [(p, f)], [(0, 1), (0, 0), (0, 2)])
    feed(c, [(q, g)], [(0, 2), (0, 0), (0, 1)], t)
    cases.append(c.expect(complete=2))

    # --- keys: source, destination, Identification (and IPv4 protocol)
    p_a = v6_dgram(11, 3000)
    p_b = v6_dgram(12, 3000, src=C)           # same id, another source
    p_c = v6_dgram(13, 3000, dst=D)           # same id, another destination
    p_d = v6_dgram(14, 3000)                  # same addresses, another id
    q_a = v4_dgram(15, 3000, ident=0x77)
    q_b = v4_dgram(16, 3000, ident=0x77, proto=6)   # same id, another protocol
    q_c = v4_dgram(17, 3000, ident=0x77, src=V4C)
    dgs = [(p_a, split6(p_a, 1280, 0x77)), (p_b, split6(p_b, 1280, 0x77)),
           (p_c, split6(p_c, 1280, 0x77)), (p_d, split6(p_d, 1280, 0x78)),
           (q_a, split4(q_a, 1280)), (q_b, split4(q_b, 1280)),
           (q_c, split4(q_c, 1280))]
    order = [(d, i) for d, (_p, frs) in enumerate(dgs) for i in range(len(frs))]
    rnd.shuffle(order)
    c = Case("7 datagrams with one Identification, interleaved", "reasm")
    feed(c, dgs, order)
    cases.append(c.expect(complete=7))

    # --- what is not a fragment passes; atomic fragments are delivered
    v6tcp = ip6(A, B, 6, tcp(1, 2, b"hello"))
    v4udp = ip4(V4A, V4B, 17, udp(1, 2, b"hi"), flags_off=0x4000)
    atom = ip6(A, B, 44, fraghdr(17, 0, 0, 0x77) + udp(9, 9, pattern(40, 18)))
    c = Case("non-fragments and atomic fragments", "reasm")
    c.add(0, v6tcp, v6tcp)
    c.add(1, fr[0])
    c.add(2, v4udp, v4udp)
    # the same source, destination and id as the datagram being reassembled
    atom2 = ip6(A, B, 44, fraghdr(6, 0, 0, 0x11) + tcp(5, 6, b"x"))
    c.add(3, atom2, without_frag_header(atom2))
    c.add(4, fr[1])
    c.add(5, atom, without_frag_header(atom))
    c.add(6, fr[2], p)
    # the Fragment header's reserved bits do not make it less atomic
    atom3 = ip6(C, D, 44, fraghdr(59, 0, 0, 1, res=0xFF))
    c.add(7, atom3, without_frag_header(atom3))
    cases.append(c.expect(complete=1))

    # --- exact duplicates: dropped, the datagram goes on
    c = Case("exact duplicates", "reasm")
    c.add(0, fr[0]).add(1, fr[0]).add(2, fr[2]).add(3, fr[2]).add(4, fr[1], p)
    c.add(5, qfr[1]).add(6, qfr[1]).add(7, qfr[0]).add(8, qfr[2], q)
    cases.append(c.expect(complete=2, dropped=3))

    # after a datagram completes, its fragments start a new one
    c = Case("a fragment after its datagram completed", "reasm")
    feed(c, [(p, fr)], in_order(0, fr))
    c.add(10, fr[0])
    cases.append(c.expect(complete=1))

    # --- overlaps (RFC 5722): the whole datagram goes, and its later
    # fragments too; counted once per datagram
    data0 = fr[0][48:]
    c = Case("ipv6 overlap", "reasm")
    c.add(0, fr[0])
    c.add(1, v6frag(0x11, 1224, 1, pattern(16, 99)))
    c.add(2, fr[1])
    c.add(3, fr[2])
    c.add(4, fr[0])
    cases.append(c.expect(overlap=1, dropped=4))

    c = Case("overlaps of several kinds", "reasm")
    # the same offset and length, other bytes: not a duplicate
    c.add(0, v6frag(1, 0, 1, data0[:16]))
    c.add(1, v6frag(1, 0, 1, data0[:8] + bytes(8)))
    # the same offset, longer
    c.add(2, v6frag(2, 0, 1, data0[:16]))
    c.add(3, v6frag(2, 0, 1, data0[:24]))
    # a fragment inside another
    c.add(4, v6frag(3, 0, 1, data0[:64]))
    c.add(5, v6frag(3, 16, 1, data0[16:24]))
    # one that would fill the gap, overlapping its neighbours by 8 bytes
    c.add(6, v6frag(4, 0, 1, data0[:16]))
    c.add(7, v6frag(4, 32, 0, data0[32:48]))
    c.add(8, v6frag(4, 8, 1, data0[8:40]))
    c.add(9, v6frag(4, 16, 1, data0[16:32]))  # fits, but the datagram is gone
    # the last fragment overlapping the one before
    c.add(10, v6frag(5, 0, 1, data0[:16]))
    c.add(11, v6frag(5, 8, 0, data0[8:24]))
    cases.append(c.expect(overlap=5, dropped=6))

    ov4 = bytearray(qfr[1])
    ov4[6:8] = struct.pack("!H", 0x2000 | (1256 - 8) // 8)  # 8 bytes back
    c = Case("ipv4 overlap", "reasm")
    c.add(0, qfr[0]).add(1, set_ip4_checksum(bytes(ov4))).add(2, qfr[1])
    c.add(3, qfr[2])
    cases.append(c.expect(overlap=1, dropped=3))

    # the memory of an overlap ends with the datagram's timeout: not a
    # timeout itself; then the same key reassembles again
    c = Case("an overlap is remembered until the timeout", "reasm",
             ["--timeout-ms", "1000"])
    c.add(0, fr[0]).add(10, v6frag(0x11, 8, 1, data0[8:24]))
    c.add(500, fr[1]).add(999, fr[2])
    feed(c, [(p, fr)], in_order(0, fr), 1500)
    cases.append(c.expect(overlap=1, dropped=3, complete=1))

    # --- timeouts
    c = Case("timeout 1000 ms", "reasm", ["--timeout-ms", "1000"])
    feed(c, [(p, fr)], in_order(0, fr), 0, 499.5)           # 0 .. 999 ms
    c.add(2000, qfr[0])
    c.add(3001, v6tcp, v6tcp)                               # q times out first
    c.add(3002, qfr[1]).add(3003, qfr[2])                   # a new datagram
    cases.append(c.expect(complete=1, timeout=1))

    c = Case("timeout: the clock is whole milliseconds", "reasm",
             ["--timeout-ms", "1000"], nsec=True)
    c.add(0.000001, fr[0]).add(999.999999, fr[1]).add(999.999999, fr[2], p)
    # when the clock reaches the first fragment's time plus the timeout,
    # the datagram is gone
    c.add(5000, qfr[0]).add(5500, qfr[1]).add(6000, qfr[2])
    cases.append(c.expect(complete=1, timeout=1))

    c = Case("timeout: the default is 60 s", "reasm")
    feed(c, [(p, fr)], in_order(0, fr), 0, 29999.5)          # 0 .. 59999 ms
    c.add(100000, qfr[0]).add(160000, qfr[1]).add(160001, qfr[2])
    cases.append(c.expect(complete=1, timeout=1))

    c = Case("several timeouts before one packet", "reasm", ["--timeout-ms", "100"])
    c.add(0, fr[0]).add(1, qfr[0]).add(2, xfr[0]).add(3, fr[1])
    c.add(500, v4udp, v4udp)
    # incomplete at the end of the capture: not a timeout
    c.add(501, fr[2]).add(502, qfr[1])
    cases.append(c.expect(timeout=3))

    # a record older than the one before: the clock does not go back
    c = Case("timestamps going back", "reasm", ["--timeout-ms", "1000"])
    c.add(10000, fr[0]).add(5000, v6tcp, v6tcp).add(10001, fr[1])
    c.add(7000, fr[2], p)
    two = v6_dgram(19, 1500)
    tfr = split6(two, 1280, 0x5)
    c.add(20000, tfr[0]).add(22000, v4udp, v4udp)   # tfr times out at 22000
    c.add(20500, tfr[1])     # taken at 22000: a new datagram
    c.add(22999, tfr[0], two)
    cases.append(c.expect(complete=2, timeout=1))

    # --- a full table
    pa, pb, pc = v6_dgram(20, 2000), v6_dgram(21, 2000, src=C), v4_dgram(22, 2000)
    fa, fb, fc = split6(pa, 1280, 1), split6(pb, 1280, 1), split4(pc, 1280)
    c = Case("--slots 2: the oldest is evicted", "reasm", ["--slots", "2"])
    c.add(0, fa[0]).add(1, fb[0]).add(2, fc[0])       # evicts a
    c.add(3, fc[1], pc).add(4, fb[1], pb)
    c.add(5, fa[1])                                   # a new datagram
    cases.append(c.expect(complete=2, evicted=1))

    c = Case("--slots 1", "reasm", ["--slots", "1"])
    c.add(0, fa[0]).add(1, fb[0]).add(2, fa[1]).add(3, fb[1])
    c.add(4, v6tcp, v6tcp)
    feed(c, [(pc, fc)], in_order(0, fc), 5)
    cases.append(c.expect(complete=1, evicted=4))

    c = Case("--slots 2: a timed-out datagram goes before the oldest", "reasm",
             ["--slots", "2", "--timeout-ms", "1000"])
    c.add(0, fa[0]).add(900, fb[0]).add(1500, fc[0])
    c.add(1600, fb[1], pb).add(1700, fc[1], pc)
    cases.append(c.expect(complete=2, timeout=1))

    # frag.h "Poisoned keys": an overlap frees its datagram's slot at once
    # (c takes it, nothing is evicted), and RFC 5722 §4 discards the
    # datagram's fragments "not yet received": a's second fragment is
    # dropped, not the start of a new datagram
    c = Case("--slots 2: an overlap frees its slot, its key stays poisoned",
             "reasm", ["--slots", "2"])
    c.add(0, fb[0]).add(1, fa[0]).add(2, v6frag(1, 8, 1, fa[0][56:72]))
    c.add(3, fc[0])                     # the slot a had: no eviction
    c.add(4, fb[1], pb).add(5, fc[1], pc)
    c.add(6, fa[1])                     # poisoned: dropped
    cases.append(c.expect(complete=2, evicted=0, overlap=1, dropped=2))

    # --- packets that break the rules (dropped, invalid)
    c = Case("invalid fragments and packets", "reasm")
    c.add(0, v6frag(0x101, 0, 1, data0[:100]))            # not a multiple of 8
    c.add(1, v6frag(0x102, 65528, 0, data0[:16]))         # past 65535
    # a first fragment that ends inside its header chain (RFC 7112)
    c.add(2, v6frag(0x103, 0, 1, opts_hdr(17, 16)[:8], nh=60))
    c.add(3, v6tcp[:30])                                  # shorter than a header
    c.add(4, ip6(A, B, 17, udp(1, 2, b"x"), plen=200))    # past the record
    c.add(5, ip6(A, B, 0, opts_hdr(60) + opts_hdr(60) * 7 + opts_hdr(17)
                 + udp(1, 2, b"")))                       # 9 extension headers
    c.add(6, ip6(A, B, 60, opts_hdr(0) + opts_hdr(17) + udp(1, 2, b"")))
    qbad = bytearray(qfr[0][:20 + 1001])                  # not a multiple of 8
    qbad[2:4] = struct.pack("!H", 20 + 1001)
    c.add(7, set_ip4_checksum(bytes(qbad)))
    c.add(8, ip4(V4A, V4B, 17, pattern(64, 1), flags_off=65528 // 8))  # past 65535
    c.add(9, bytes([0x43]) + ip4(V4A, V4B, 17, pattern(64, 1))[1:])  # IHL 3
    c.add(10, bytes([0x45]) + bytes(10))                  # shorter than a header
    # the end of a datagram known, then a fragment past it, another end
    c.add(11, fr[2])
    c.add(12, v6frag(0x11, 2912, 1, pattern(8, 3)))
    c.add(13, qfr[2])
    c.add(14, set_ip4_checksum(qfr[2][:6] + struct.pack("!H", 3016 // 8)
                               + qfr[2][8:]))
    require(len(fr[2]) == 48 + 2908 - 2464 and be16(qfr[2], 6) == 2512 // 8,
            "the ends of p and q")
    cases.append(c.expect(dropped=13, invalid=13))

    c = Case("a capture cut by its snaplen", "reasm")
    c.add(0, fr[0][:200], orig=len(fr[0]))
    c.add(1, v6tcp[:50], orig=len(v6tcp))
    cases.append(c.expect(dropped=2, invalid=2))

    # --- the table's limits: 64 fragments, --max-datagram
    d64 = v6_dgram(23, 512 - 8)
    f64 = split6(d64, 56, 0x64)
    require(len(f64) == 64, "64 fragments")
    c = Case("64 fragments, reversed", "reasm")
    feed(c, [(d64, f64)], in_order(0, f64)[::-1])
    cases.append(c.expect(complete=1))

    d65 = v6_dgram(24, 1024)
    f65 = split6(d65, 56, 0x65)
    require(len(f65) == 129, "129 fragments")
    c = Case("a 65th fragment", "reasm")
    for i in range(0, 129, 2):    # 65 fragments apart from one another
        c.add(i, f65[i])
    cases.append(c.expect(dropped=1))

    d1500, d1501 = v6_dgram(25, 1500 - 48), v6_dgram(26, 1501 - 48)
    q1500 = v4_dgram(27, 1500 - 28)
    f1500, f1501 = split6(d1500, 1280, 1), split6(d1501, 1280, 2)
    atom1501 = ip6(A, B, 44, fraghdr(17, 0, 0, 3) + udp(1, 2, pattern(1501 - 48, 1)))
    atom1500 = ip6(A, B, 44, fraghdr(17, 0, 0, 3) + udp(1, 2, pattern(1500 - 48, 1)))
    c = Case("--max-datagram 1500", "reasm", ["--max-datagram", "1500"])
    t = feed(c, [(d1500, f1500)], in_order(0, f1500))
    t = feed(c, [(q1500, split4(q1500, 576))], in_order(0, split4(q1500, 576)), t)
    c.add(t, f1501[0]).add(t + 1, f1501[1])              # 1501 bytes: no room
    c.add(t + 2, atom1500, without_frag_header(atom1500))
    c.add(t + 3, atom1501)                   # 1501 bytes once delivered
    cases.append(c.expect(complete=2, dropped=2))

    # --- link types
    small = split4(v4_dgram(28, 20), 28)                  # 8-byte pieces: padded
    require(len(small) == 4, "small ipv4 fragments")
    c = Case("ethernet", "reasm", link=LINK_ETHERNET)
    c.add(0, eth(v6tcp), eth(v6tcp)[14:])
    c.add(1, eth(v4udp), eth(v4udp)[14:])                 # padding stays
    c.add(2, ARP)
    for i, frag in enumerate(small):
        outs = (v4_dgram(28, 20),) if i == 3 else ()
        c.add(3 + i, eth(frag, vlan=7 if i % 2 else None), *outs)
    for i, frag in enumerate(fr):
        outs = (p,) if i == 2 else ()
        c.add(10 + i, eth(frag, vlan=100), *outs)
    c.add(20, eth(atom), without_frag_header(atom))
    cases.append(c.expect(complete=2, dropped=1))

    c = Case("IPV6 link type", "reasm", link=LINK_IPV6)
    feed(c, [(p, fr)], in_order(0, fr)[::-1])
    c.add(5, qfr[0])                 # IPv4 bytes where IPv6 is said: invalid
    cases.append(c.expect(complete=1, dropped=1, invalid=1))

    c = Case("IPV4 link type", "reasm", link=LINK_IPV4)
    feed(c, [(q, qfr)], in_order(0, qfr)[::-1])
    c.add(5, fr[0])
    cases.append(c.expect(complete=1, dropped=1, invalid=1))

    c = Case("nanoseconds, big-endian", "reasm", nsec=True, big=True)
    c.add(0.000123, fr[1]).add(0.5, fr[0]).add(1.000789, fr[2], p)
    c.add(2.25, v6tcp, v6tcp)
    cases.append(c.expect(complete=1))

    c = Case("an empty capture", "reasm")
    cases.append(c.expect())
    return cases


# ----------------------------------------------------------- frag cases

def frag_cases():
    cases = []
    p3000 = v6_dgram(30, 3000 - 48)
    p1280 = v6_dgram(31, 1280 - 48)
    p1281 = v6_dgram(32, 1281 - 48)
    pext = ip6(A, B, 0, opts_hdr(60) + opts_hdr(43) + routing(60, 40)
               + opts_hdr(6, 16) + tcp(40000, 443, pattern(2900, 33)))
    require(v6_parts(pext)[0] == 40 + 8 + 8 + 40, "pext: per-fragment headers")
    pdo = ip6(C, D, 60, opts_hdr(17, 24) + udp(7, 7, pattern(2500, 34)))
    q3000 = v4_dgram(35, 3000 - 28)
    qdf = ip4(V4A, V4B, 17, udp(1, 2, pattern(2972, 36)), flags_off=0x4000)
    qdf_small = ip4(V4A, V4B, 17, udp(1, 2, pattern(972, 37)), flags_off=0x4000)
    qopt = v4_dgram(38, 3000, opts=OPTS_MIXED, ident=0x5151)
    qmf = ip4(V4C, V4D, 6, pattern(2000, 39), ident=0x6161, flags_off=0x2000 | 100)
    qlast = ip4(V4C, V4D, 6, pattern(2000, 40), ident=0x6161, flags_off=500)
    qevil = ip4(V4C, V4D, 17, udp(3, 4, pattern(1500, 41)), flags_off=0x8000)
    frag6 = v6frag(9, 0, 1, pattern(2000, 42))
    atom_big = v6frag(9, 0, 0, udp(1, 2, pattern(2000, 43)))
    atom_small = v6frag(9, 0, 0, udp(1, 2, pattern(200, 44)))

    c = Case("--mtu 1280", "frag", ["--mtu", "1280"])
    c.add(0, p3000, *split6(p3000, 1280, 1))
    c.add(1, q3000, *split4(q3000, 1280))
    c.add(2, qdf)                                    # DF: dropped
    c.add(3, qdf_small, qdf_small)
    c.add(4, p1280, p1280)                           # exactly the MTU
    c.add(5, p1281, *split6(p1281, 1280, 2))
    c.add(6, pext, *split6(pext, 1280, 3))
    c.add(7, pdo, *split6(pdo, 1280, 4))
    c.add(8, frag6)                                  # a fragment already
    c.add(9, atom_big)                               # so is this one
    c.add(10, atom_small, atom_small)                # fits: unchanged
    c.add(11, qopt, *split4(qopt, 1280))
    c.add(12, qmf, *split4(qmf, 1280))               # a fragment: offsets go on
    c.add(13, qlast, *split4(qlast, 1280))
    c.add(14, qevil, *split4(qevil, 1280))
    c.add(15, ip6(A, B, 17, udp(1, 2, pattern(2000, 1)), plen=3000))  # past the record
    c.add(16, bytes(40))                             # no IP version: skipped
    c.add(17, ip6(A, B, 0, opts_hdr(60) + opts_hdr(60) * 7 + opts_hdr(17)
                  + udp(1, 2, pattern(2000, 2))))    # 9 extension headers
    # IPv4 options whose length byte is 0 cannot be walked to split them
    c.add(18, ip4(V4A, V4B, 17, udp(1, 2, pattern(2000, 3)),
                  opts=bytes([0x83, 0, 0, 0])))
    # an IPv4 fragment whose data would end past 65535
    c.add(19, ip4(V4A, V4B, 17, pattern(2000, 4), flags_off=64000 // 8))
    # malformed but no larger than the MTU: copied as they are
    small_bad = ip6(A, B, 17, udp(1, 2, pattern(100, 5)), plen=1000)
    c.add(20, small_bad, small_bad)
    bad_chain = ip6(A, B, 60, opts_hdr(0) + opts_hdr(17) + udp(1, 2, b""))
    c.add(21, bad_chain, bad_chain)
    ihl3 = bytes([0x43]) + ip4(V4A, V4B, 17, pattern(64, 1))[1:]
    c.add(22, ihl3, ihl3)
    require([len(split6(x, 1280, 1)) for x in (p3000, p1281, pext, pdo)] == [3, 2, 3, 3]
            and len(split4(qopt, 1280)) == 3 and len(split4(qmf, 1280)) == 2
            and be16(split4(qmf, 1280)[1], 6) == 0x2000 | (800 + 1256) // 8
            and be16(split4(qlast, 1280)[1], 6) == (4000 + 1256) // 8,
            "frag --mtu 1280 inputs")
    cases.append(c.expect(fragmented=9, dropped=8, invalid=7))

    q200 = v4_dgram(45, 200 - 28)
    q60 = ip4(V4A, V4B, 17, udp(1, 2, pattern(300, 46)), opts=ROUTER_ALERT + b"\x01" * 36)
    t4 = ip4(V4A, V4B, 6, tcp(1, 2, pattern(300, 47)))
    p1000 = v6_dgram(48, 1000 - 48)
    p68 = v6_dgram(49, 68 - 48)
    c = Case("--mtu 68", "frag", ["--mtu", "68"])
    c.add(0, q200, *split4(q200, 68))
    c.add(1, q60, *split4(q60, 68))                  # 8 data bytes a fragment
    c.add(2, t4, *split4(t4, 68))
    c.add(3, p1000, *split6(p1000, 68, 1))           # 16 data bytes a fragment
    c.add(4, p68, p68)
    # the Per-Fragment headers alone exceed the MTU
    c.add(5, ip6(A, B, 43, routing(17, 64) + udp(1, 2, pattern(100, 5))))
    # the first fragment cannot hold the header chain and the upper-layer
    # header (RFC 8200 §4.5): Destination Options of 64 bytes, then a TCP
    # header of 20 bytes where 16 fit
    c.add(6, ip6(A, B, 60, opts_hdr(17, 64) + udp(1, 2, pattern(100, 6))))
    c.add(7, ip6(A, B, 6, tcp(1, 2, pattern(100, 7))))
    require(len(split4(q60, 68)) == (308 + 7) // 8 and len(split6(p1000, 68, 1)) == 60,
            "frag --mtu 68 inputs")
    cases.append(c.expect(fragmented=4, dropped=3))

    pmax = v6_dgram(50, 65535 - 8)
    p65535 = v6_dgram(51, 65535 - 48)
    qmax = v4_dgram(52, 65535 - 28, ident=1)
    c = Case("--mtu 65535", "frag", ["--mtu", "65535"])
    c.add(0, pmax, *split6(pmax, 65535, 1))
    c.add(1, p65535, p65535)
    c.add(2, qmax, qmax)
    cases.append(c.expect(fragmented=1))

    c = Case("ipv6 Identifications count up; ipv4 keeps its own", "frag",
             ["--mtu", "1500"])
    for i in range(12):
        x = v6_dgram(60 + i, 1500 + 100 * i, src=A if i % 2 else C)
        c.add(i, x, *split6(x, 1500, i + 1))
        y = v4_dgram(80 + i, 1500 + 100 * i, ident=0xFFF0 + i)
        c.add(i + 0.5, y, *split4(y, 1500))
    cases.append(c.expect(fragmented=24))

    small4 = ip4(V4A, V4B, 17, udp(1, 2, b"pad me"))
    c = Case("ethernet", "frag", ["--mtu", "576"], link=LINK_ETHERNET)
    c.add(0, eth(small4), eth(small4)[14:])          # padding stays
    c.add(1, eth(p3000, vlan=5), *split6(p3000, 576, 1))
    c.add(2, ARP)
    c.add(3, eth(q3000), *split4(q3000, 576))
    c.add(4, eth(qdf))
    cases.append(c.expect(fragmented=2, dropped=2))

    c = Case("IPV4 link type", "frag", ["--mtu", "576"], link=LINK_IPV4)
    c.add(0, q3000, *split4(q3000, 576))
    c.add(1, p3000)                                  # IPv6 bytes: invalid
    c.add(2, p1280[:500], p1280[:500])               # the same, fits: copied
    cases.append(c.expect(fragmented=1, dropped=1, invalid=2))

    c = Case("nanoseconds, big-endian", "frag", ["--mtu", "1280"], nsec=True,
             big=True)
    c.add(0.000001, p3000, *split6(p3000, 1280, 1))
    c.add(1.5, qdf_small, qdf_small)
    cases.append(c.expect(fragmented=1))

    c = Case("an empty capture", "frag", ["--mtu", "1280"])
    cases.append(c.expect())
    return cases


# ---------------------------------------------------------- round trips

def round_trip_packets():
    pkts = []
    for i, n in enumerate((0, 100, 548, 1232, 1233, 1452, 1453, 2000, 9000, 20000)):
        pkts.append(v6_dgram(100 + i, n, src=A if i % 2 else C))
    pkts.append(ip6(A, B, 0, opts_hdr(60) + opts_hdr(43) + routing(60, 40)
                    + opts_hdr(6, 16) + tcp(40000, 443, pattern(6000, 120))))
    pkts.append(ip6(C, D, 60, opts_hdr(17, 24) + udp(7, 7, pattern(5000, 121))))
    pkts.append(ip6(C, D, 58, pattern(3000, 122)))   # ICMPv6, as data
    pkts.append(ip6(C, D, 59, b""))
    for i, n in enumerate((0, 100, 548, 1252, 1253, 1472, 1473, 2000, 9000, 20000)):
        pkts.append(v4_dgram(130 + i, n, ident=0x2000 + i))
    pkts.append(v4_dgram(140, 7000, opts=OPTS_MIXED, ident=0x3000))
    pkts.append(v4_dgram(141, 7000, opts=OPTS_RA_RR, ident=0x3001, proto=6))
    return pkts


def check_round_trip(ck, v6t, tmp, mtu):
    pkts = round_trip_packets()
    recs = [(ms(10 * i + 0.25), x) for i, x in enumerate(pkts)]
    in_path = os.path.join(tmp, "rt-in-%d.pcap" % mtu)
    mid_path = os.path.join(tmp, "rt-frag-%d.pcap" % mtu)
    out_path = os.path.join(tmp, "rt-out-%d.pcap" % mtu)
    with open(in_path, "wb") as f:
        f.write(pcap_bytes(LINK_RAW, recs))
    what = "round trip at --mtu %d" % mtu
    n_big = sum(1 for x in pkts if len(x) > mtu)
    rc, out, err = run_v6t(v6t, ["frag", "--mtu", str(mtu), "-r", in_path,
                                 "-w", mid_path])
    if not ck.expect(rc == 0 and err == "", "%s: frag: status %d, stderr %r"
                     % (what, rc, err)):
        return
    try:
        with open(mid_path, "rb") as f:
            _link, mid = pcap_parse(f.read())
    except (OSError, ValueError) as e:
        ck.expect(False, "%s: frag output: %s" % (what, e))
        return
    ck.expect(out == "in=%d\nout=%d\ndropped=0\nfragmented=%d\ninvalid=0\n"
              % (len(pkts), len(mid), n_big), "%s: frag counters %r" % (what, out))
    ck.expect(all(len(d) <= mtu for _ts, d in mid), "%s: a fragment above the MTU"
              % what)
    rc, out, err = run_v6t(v6t, ["reasm", "-r", mid_path, "-w", out_path])
    if not ck.expect(rc == 0 and err == "", "%s: reasm: status %d, stderr %r"
                     % (what, rc, err)):
        return
    ck.expect(out == "in=%d\nout=%d\ndropped=0\ncomplete=%d\noverlap=0\ntimeout=0\n"
              "evicted=0\ninvalid=0\n" % (len(mid), len(pkts), n_big),
              "%s: reasm counters %r" % (what, out))
    try:
        with open(out_path, "rb") as f:
            _link, back = pcap_parse(f.read())
    except (OSError, ValueError) as e:
        ck.expect(False, "%s: reasm output: %s" % (what, e))
        return
    ck.expect(back == recs, "%s: the packets that came back differ" % what)


# ---------------------------------------------------------------- errors

def check_errors(ck, v6t, tmp):
    p = v6_dgram(1, 2900)
    fr = split6(p, 1280, 0x11)
    blob = pcap_bytes(LINK_RAW, [(ms(i), x) for i, x in enumerate(fr)])
    cut = os.path.join(tmp, "cut.pcap")
    with open(cut, "wb") as f:
        f.write(blob[:-10])
    out = os.path.join(tmp, "out-error.pcap")
    untouched = os.path.join(tmp, "untouched.pcap")
    for cmd in (["reasm"], ["frag", "--mtu", "1280"]):
        check_error(ck, v6t, "%s: a file cut inside a record" % cmd[0],
                    cmd + ["-r", cut, "-w", out],
                    "v6t: error: %s: record 3: truncated record data" % cut)
        check_error(ck, v6t, "%s: a cut file on stdin" % cmd[0],
                    cmd + ["-r", "-", "-w", out],
                    "v6t: error: standard input: record 3: truncated record data",
                    stdin_data=blob[:-10])
        sll = os.path.join(tmp, "sll.pcap")
        with open(sll, "wb") as f:
            f.write(pcap_bytes(113, []))
        check_error(ck, v6t, "%s: link type 113" % cmd[0],
                    cmd + ["-r", sll, "-w", untouched],
                    "v6t: error: %s: unsupported link type (want RAW, IPV4, IPV6 "
                    "or ETHERNET)" % sll)
        check_error(ck, v6t, "%s: output in a missing directory" % cmd[0],
                    cmd + ["-r", cut, "-w", os.path.join(tmp, "no", "such.pcap")])
    ck.expect(not os.path.exists(untouched), "a failed run created %s" % untouched)

    # standard input works as the input
    whole = os.path.join(tmp, "stdin-out.pcap")
    rc, outs, err = run_v6t(v6t, ["reasm", "-r", "-", "-w", whole], stdin_data=blob)
    ck.expect(rc == 0 and err == "" and outs.startswith("in=3\nout=1\n"),
              "reasm from stdin: %d %r %r" % (rc, outs, err))
    rc, outs, err = run_v6t(v6t, ["frag", "--mtu", "576", "-r", "-", "-w", whole],
                            stdin_data=pcap_bytes(LINK_RAW, [(ms(0), p)]))
    ck.expect(rc == 0 and err == "" and outs == "in=1\nout=%d\ndropped=0\n"
              "fragmented=1\ninvalid=0\n" % len(split6(p, 576, 1)),
              "frag from stdin: %d %r %r" % (rc, outs, err))


# ------------------------------------------------- Linux kernel vectors

VECTORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                       "vectors", "linux")


def ip_of_frame(frame, link):
    """The IP datagram of a record, without link header or padding."""
    x = frame[14:] if link == LINK_ETHERNET else frame
    n = 40 + be16(x, 4) if x[0] >> 4 == 6 else be16(x, 2)
    return x[:n]


def check_linux(ck, v6t, tmp):
    """tests/vectors/linux/ (capture.py there): NAME_frags.pcap holds the
    fragments the Linux kernel sent over a 1280-byte link, as captured
    (Ethernet), NAME_reassembled.pcap the datagram they make (RAW, with the
    last fragment's timestamp). v6t reasm on the fragments, in the kernel's
    order and reversed, must give that datagram byte for byte; v6t frag
    --mtu 1280 on the datagram must give the kernel's fragments, where
    RFC 791 leaves no choice: Linux keeps the whole IPv4 header length in
    later fragments (non-copied options become No Operation), which RFC 791
    §3.2 does not ask, so IPv4 with options is left out, and the IPv6
    Identification, which the kernel draws at random, is taken from its
    first fragment. Returns the number of datagrams checked."""
    if not os.path.isdir(VECTORS):
        return 0
    names = sorted(f[:-len("_frags.pcap")] for f in os.listdir(VECTORS)
                   if f.endswith("_frags.pcap"))
    done = 0
    for name in names:
        what = "linux " + name
        fpath = os.path.join(VECTORS, name + "_frags.pcap")
        try:
            with open(os.path.join(VECTORS, name + "_reassembled.pcap"), "rb") as f:
                _l, want = pcap_parse(f.read())
            with open(fpath, "rb") as f:
                link, frags = pcap_parse(f.read())
        except (OSError, ValueError) as e:
            ck.expect(False, "%s: cannot read the vectors: %s" % (what, e))
            continue
        require(len(want) == 1 and len(frags) >= 2, what + ": one datagram")
        # in the kernel's order, from the file as captured
        out = os.path.join(tmp, "linux-%s.pcap" % name)
        rc, text, err = run_v6t(v6t, ["reasm", "-r", fpath, "-w", out])
        counters = ("in=%d\nout=1\ndropped=0\ncomplete=1\noverlap=0\ntimeout=0\n"
                    "evicted=0\ninvalid=0\n" % len(frags))
        ck.expect(rc == 0 and err == "" and text == counters,
                  "%s: reasm: status %d, stdout %r, stderr %r" % (what, rc, text, err))
        try:
            with open(out, "rb") as f:
                _l, got = pcap_parse(f.read())
        except (OSError, ValueError):
            got = []
        ck.expect(got == want, "%s: reasm: not the kernel's datagram" % what)
        # reversed: the first fragment, last to come, completes it
        rev = os.path.join(tmp, "linux-%s-rev-in.pcap" % name)
        with open(rev, "wb") as f:
            f.write(pcap_bytes(link, frags[::-1]))
        rc, text, err = run_v6t(v6t, ["reasm", "-r", rev, "-w", out])
        ck.expect(rc == 0 and err == "" and text == counters,
                  "%s: reasm reversed: status %d, stdout %r, stderr %r"
                  % (what, rc, text, err))
        try:
            with open(out, "rb") as f:
                _l, got = pcap_parse(f.read())
        except (OSError, ValueError):
            got = []
        ck.expect(got == [(frags[0][0], want[0][1])],
                  "%s: reasm reversed: not the kernel's datagram" % what)
        # v6t frag on the datagram
        dgram = want[0][1]
        kernel = [ip_of_frame(d, link) for _ts, d in frags]
        if dgram[0] >> 4 == 4 and (dgram[0] & 0xF) > 5:
            done += 1
            continue
        ident = 0
        if dgram[0] >> 4 == 6:
            fh = frag_hdr_off(kernel[0])
            if fh != v6_parts(dgram)[0]:
                # Linux (ip6_find_1stfragopt()) repeats a Destination
                # Options header in every fragment even when no Routing
                # header follows it; RFC 8200 §4.5 puts it in the
                # Fragmentable Part, as the library does
                done += 1
                continue
            ident = struct.unpack("!I", kernel[0][fh + 4:fh + 8])[0]
        mine = split6(dgram, 1280, ident) if dgram[0] >> 4 == 6 else split4(dgram, 1280)
        ck.expect(mine == kernel, "%s: the script's fragmenter differs from the "
                  "kernel" % what)
        src = os.path.join(tmp, "linux-%s-dgram.pcap" % name)
        with open(src, "wb") as f:
            f.write(pcap_bytes(LINK_RAW, want))
        rc, text, err = run_v6t(v6t, ["frag", "--mtu", "1280", "-r", src, "-w", out])
        ck.expect(rc == 0 and err == "", "%s: frag: status %d, stderr %r"
                  % (what, rc, err))
        try:
            with open(out, "rb") as f:
                _l, got = pcap_parse(f.read())
        except (OSError, ValueError):
            got = []
        if dgram[0] >> 4 == 6:  # our Identification is 1: the kernel's instead
            got = [(ts, d[:fh + 4] + struct.pack("!I", ident) + d[fh + 8:])
                   for ts, d in got]
        ck.expect([d for _ts, d in got] == kernel,
                  "%s: frag --mtu 1280: not the kernel's fragments" % what)
        done += 1
    return done


def frag_hdr_off(frag):
    """Where the Fragment header of an IPv6 fragment starts."""
    nh, off = frag[6], 40
    while nh != 44:
        require(nh in EXT_HEADERS, "a fragment without a Fragment header")
        nh, off = frag[off], off + ext_len(nh, frag, off)
    return off


# ------------------------------------------------------------------ main

def main():
    if len(sys.argv) != 2:
        print("usage: python3 frag_check.py PATH/TO/v6t", file=sys.stderr)
        return 2
    v6t = sys.argv[1]
    ck = Checker()
    cases = reasm_cases() + frag_cases()
    with tempfile.TemporaryDirectory(prefix="v6t-frag.") as tmp:
        for n, case in enumerate(cases):
            check_case(ck, v6t, tmp, case, n)
        mtus = (576, 1280, 1500, 9000)
        for mtu in mtus:
            check_round_trip(ck, v6t, tmp, mtu)
        check_errors(ck, v6t, tmp)
        n_linux = check_linux(ck, v6t, tmp)
    n_recs = sum(len(c.recs) for c in cases)
    for msg in ck.failures:
        print("FAIL " + msg)
    print("frag_check: %d reasm and %d frag cases over %d input records, %d round "
          "trips, %d Linux vectors; %d checks, %d failed"
          % (sum(1 for c in cases if c.cmd == "reasm"),
             sum(1 for c in cases if c.cmd == "frag"), n_recs, len(mtus), n_linux,
             ck.checks, len(ck.failures)))
    return 1 if ck.failures else 0


if __name__ == "__main__":
    sys.exit(main())
