#!/usr/bin/env python3
"""`v6t decap` over the protocol-41 traffic captured through the Linux
kernel (tests/vectors/p41/, made by tests/netns/p41_kernel.sh --capture;
README.md there), so that decapsulation of real kernel packets (ICMPv6
echo, TCP SYNs, Router Solicitations and Advertisements) and the checks
on real spoofed packets are tested without namespaces.

Usage: python3 p41_fixtures_check.py PATH/TO/v6t

Each capture is decapsulated from the point of view of each tunnel end in
it. What each packet must give is decided here, from the RFCs, by this
script's own reading of the frames (Ethernet, IPv4, IPv6), never from
v6t: the first failing check of doc/cli.md's order (outer source not the
6in4 peer, RFC 4213 §3.6; outer destination not ours, RFC 3964 §5.2; a
nested tunnel packet; RFC 3964 §5.3 and §5.2 for 6to4; RFC 5969 §9.2 for
6rd; RFC 5214 §7.3 for ISATAP), or else its inner packet, unchanged
(every packet here is Not-ECT inside and out: RFC 6040 §4.2 keeps it).
Packets addressed to other ends count as "local". The counters and every
output record must match.

If V6T_EMULATOR is set and not empty, it is a ';'-separated command prefix
put before every v6t invocation, as tests/cli/run_cli.sh does.

Standard library only. Exit status 0 when everything matches, 1 otherwise.
"""

import ipaddress
import os
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pcaptool import Checker, pcap_parse, run_v6t  # noqa: E402

VECTORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors", "p41")

A4, B4, BR4 = "192.0.2.1", "192.0.2.2", "192.0.2.254"
A4G, B4G = "192.88.99.10", "192.88.99.20"
RD_PREFIX = bytes.fromhex("20010db801")  # 2001:db8:100::/40
IS_PREFIX = "2001:db8:5e::/64"

# the counters of each mechanism, in doc/cli.md's order
REASONS = {
    "6in4": ["peer", "local", "nested"],
    "6to4": ["local", "nested", "6to4_v4", "6to4_v6", "6to4_dst", "6to4_src",
             "6to4_native"],
    "6rd": ["local", "nested", "6rd_src"],
    "isatap": ["local", "nested", "isatap_src"],
}


def frames(path):
    """(outer IPv4 src, dst, inner packet) of each Ethernet frame."""
    _, recs = pcap_parse(open(path, "rb").read())
    out = []
    for _, data in recs:
        ip = data[14:]
        assert data[12:14] == b"\x08\x00" and ip[9] == 41 and ip[0] == 0x45
        total = ip[2] << 8 | ip[3]
        out.append((ipaddress.IPv4Address(ip[12:16]), ipaddress.IPv4Address(ip[16:20]),
                    ip[20:total]))
    return out


def v6(inner, off):
    return ipaddress.IPv6Address(inner[off:off + 16])


def sixto4_v4(a):
    """The IPv4 address of a 6to4 address (RFC 3056 §2), or None."""
    return ipaddress.IPv4Address(a.packed[2:6]) if a.packed[:2] == b"\x20\x02" else None


def sane6(a):
    """RFC 3964 §5.3.2."""
    if a.packed[:2] == b"\0\0" or a in ipaddress.IPv6Network("fe80::/10") or \
            a in ipaddress.IPv6Network("fec0::/10") or a.is_multicast:
        return False
    e = sixto4_v4(a)
    return e is None or e.is_global


def verdict(mech, src4, dst4, inner, local, remote=None, br=None, prl=()):
    """The reason a packet fails (a counter name without reject_), or None."""
    s6, d6 = v6(inner, 8), v6(inner, 24)
    if mech == "6in4" and src4 != ipaddress.IPv4Address(remote):
        return "peer"
    if dst4 != ipaddress.IPv4Address(local):
        return "local"
    if inner[6] in (4, 41):
        return "nested"
    if mech == "6to4":
        if not src4.is_global or not dst4.is_global:
            return "6to4_v4"
        if not sane6(s6) or not sane6(d6):
            return "6to4_v6"
        es, ed = sixto4_v4(s6), sixto4_v4(d6)
        if ed is not None and ed != dst4:
            return "6to4_dst"
        if es is not None and es != src4:
            return "6to4_src"
        if es is None and ed is None:
            return "6to4_native"
    if mech == "6rd":
        # RFC 5969 §9.2; a CE also takes the BR's packets
        if local != br and src4 == ipaddress.IPv4Address(br):
            return None
        if s6.packed[:5] == RD_PREFIX and \
                ipaddress.IPv4Address(b"\xc0\x00\x02" + s6.packed[5:6]) == src4:
            return None
        return "6rd_src"
    if mech == "isatap":
        iid = s6.packed[8:12]
        if iid[0] & 0xFC == 0 and iid[1:4] == b"\x00\x5e\xfe" and \
                ipaddress.IPv4Address(s6.packed[12:16]) == src4:
            return None
        return None if str(src4) in prl else "isatap_src"
    return None


def check_view(ck, v6t, tmp, fixture, mech, args, **view):
    path = os.path.join(VECTORS, fixture)
    pkts = frames(path)
    want, counts = [], {}
    for src4, dst4, inner in pkts:
        r = verdict(mech, src4, dst4, inner, **view)
        if r is None:
            want.append(inner)
        else:
            counts[r] = counts.get(r, 0) + 1
    out = os.path.join(tmp, "out.pcap")
    rc, so, se = run_v6t(v6t, ["decap", mech] + args + ["-r", path, "-w", out])
    name = "%s as %s" % (fixture, view["local"])
    ck.expect(rc == 0 and se == "", "%s: status %d, stderr %r" % (name, rc, se))
    rej = sum(counts.values())
    lines = ["in=%d" % len(pkts), "out=%d" % len(want), "dropped=%d" % rej,
             "decapsulated=%d" % len(want), "rejected=%d" % rej]
    lines += ["reject_%s=%d" % (k, counts[k]) for k in REASONS[mech] if k in counts]
    ck.expect(so == "".join(l + "\n" for l in lines),
              "%s: counters\n  want %r\n  got  %r" % (name, lines, so))
    if rc == 0:
        _, got = pcap_parse(open(out, "rb").read())
        ck.expect([d for _, d in got] == want, "%s: output records" % name)
    return counts


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: p41_fixtures_check.py PATH/TO/v6t")
    v6t = sys.argv[1]
    ck = Checker()
    rd = ["--prefix", "2001:db8:100::/40", "--v4masklen", "24", "--br", BR4]
    isa = ["--prefix", IS_PREFIX, "--prl", BR4]
    with tempfile.TemporaryDirectory(prefix="v6t-p41fix.") as tmp:
        # what p41_kernel.sh sent: the spoofed packets must be among them
        c = check_view(ck, v6t, tmp, "p41_6in4.pcap", "6in4",
                       ["--local", A4, "--remote", B4], local=A4, remote=B4)
        # from a: its own 5 (3 echo requests, a SYN, a SYN-ACK) and the 3
        # from 192.0.2.66 fail the peer check; 2 nested from b
        ck.expect(c.get("peer") == 8 and c.get("nested") == 2,
                  "6in4 fixture: 5 + 3 not from the peer, 2 nested, got %r" % c)
        check_view(ck, v6t, tmp, "p41_6in4.pcap", "6in4",
                   ["--local", B4, "--remote", A4], local=B4, remote=A4)
        for local in (A4, B4, BR4):
            c = check_view(ck, v6t, tmp, "p41_6rd.pcap", "6rd", rd + ["--local", local],
                           local=local, br=BR4)
            if local == A4:
                ck.expect(c.get("6rd_src") == 4, "6rd fixture: 4 spoofed, got %r" % c)
        for local in (A4G, B4G):
            c = check_view(ck, v6t, tmp, "p41_6to4.pcap", "6to4", ["--local", local],
                           local=local)
            if local == A4G:
                ck.expect(c.get("6to4_src") == 3 and c.get("6to4_v6") == 2,
                          "6to4 fixture: 3 + 2 spoofed, got %r" % c)
        for local in (A4, B4, BR4):
            c = check_view(ck, v6t, tmp, "p41_isatap.pcap", "isatap",
                           ["--local", local] + isa, local=local, prl=(BR4,))
            if local == A4:
                ck.expect(c.get("isatap_src") == 3, "ISATAP fixture: 3 spoofed, got %r" % c)
    for msg in ck.failures:
        print("FAIL " + msg)
    print("p41_fixtures_check: %d checks, %d failed" % (ck.checks, len(ck.failures)))
    return 1 if ck.failures else 0


if __name__ == "__main__":
    sys.exit(main())
