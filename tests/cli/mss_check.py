#!/usr/bin/env python3
"""Independent check of `v6t mss` (CLI.md "Packets", doc/cli.md).

Usage: python3 mss_check.py PATH/TO/v6t

Builds a RAW pcap of IPv4 and IPv6 TCP segments (SYN, SYN-ACK, ACK, MSS
below and above the clamp, malformed options, UDP) and an Ethernet one
with a non-IP frame, runs `v6t mss --clamp 1400`, and checks the counters
and every output record. The expected output of each packet is the input
with its MSS value set by this script (RFC 9293 §3.7.1) and its TCP
checksum recomputed here from scratch (RFC 1071, pcaptool.checksum), never
from the output of v6t.

If V6T_EMULATOR is set and not empty, it is a ';'-separated command prefix
put before every v6t invocation, as tests/cli/run_cli.sh does.

Standard library only. Exit status 0 when everything matches, 1 otherwise.
"""

import os
import struct
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pcaptool import (  # noqa: E402
    LINK_ETHERNET, LINK_RAW, ETH_SRC, ETH_DST, Checker, a4, a6, check_error,
    checksum, pcap_bytes, pcap_parse, run_v6t)

CLAMP = 1400
SRC4, DST4 = a4("192.0.2.1"), a4("198.51.100.2")
SRC6, DST6 = a6("2001:db8::1"), a6("2001:db8:1::2")


def tcp(flags, options, pseudo, sport=49152, dport=80):
    """A TCP header with the options (padded to 4 bytes by the caller) and
    its checksum over the pseudo-header sum prefix `pseudo` (bytes)."""
    doff = (20 + len(options)) // 4
    h = struct.pack(">HHIIBBHHH", sport, dport, 1, 0, doff << 4, flags,
                    0xFFFF, 0, 0) + options
    c = checksum(pseudo + h)
    return h[:16] + struct.pack(">H", c) + h[18:]


def ip4(options, flags):
    seg_len = 20 + len(options)
    pseudo = SRC4 + DST4 + struct.pack(">BBH", 0, 6, seg_len)
    seg = tcp(flags, options, pseudo)
    h = struct.pack(">BBHHHBBH", 0x45, 0, 20 + len(seg), 1, 0x4000, 64, 6, 0) \
        + SRC4 + DST4
    h = h[:10] + struct.pack(">H", checksum(h)) + h[12:]
    return h + seg


def ip6(options, flags):
    seg_len = 20 + len(options)
    pseudo = SRC6 + DST6 + struct.pack(">IxxxB", seg_len, 6)
    seg = tcp(flags, options, pseudo)
    return struct.pack(">IHBB", 0x60000000, len(seg), 6, 64) + SRC6 + DST6 + seg


def mss_opt(v):
    return struct.pack(">BBH", 2, 4, v)


def udp4():
    body = struct.pack(">HHHH", 1234, 53, 12, 0) + b"dnsq"
    h = struct.pack(">BBHHHBBH", 0x45, 0, 20 + len(body), 2, 0, 64, 17, 0) \
        + SRC4 + DST4
    return h[:10] + struct.pack(">H", checksum(h)) + h[12:] + body


SYN, ACK = 0x02, 0x10
# (name, built with MSS m, the expected MSS in the output or None: copied)
CASES = [
    ("syn4 1460", lambda m: ip4(mss_opt(m), SYN), 1460, CLAMP),
    ("synack4 1460", lambda m: ip4(mss_opt(m), SYN | ACK), 1460, CLAMP),
    ("syn4 536", lambda m: ip4(mss_opt(m), SYN), 536, None),
    ("ack4 1460", lambda m: ip4(mss_opt(m), ACK), 1460, None),
    ("syn6 1440 sackp ws", lambda m: ip6(b"\x01\x01\x04\x02" + mss_opt(m) +
                                         b"\x01\x03\x03\x07", SYN), 1440, CLAMP),
    ("syn6 1400", lambda m: ip6(mss_opt(m), SYN), 1400, None),
    ("syn6 bad option length", lambda m: ip6(b"\x01\x01\x04\x00" + mss_opt(m),
                                             SYN), 1440, None),
    ("syn6 no mss", lambda m: ip6(b"\x01\x01\x04\x02", SYN), 0, None),
]


def expected(build, mss, want):
    """The packet as it must come out: rebuilt with the clamped MSS (the
    checksum computed again), or the input itself."""
    return build(mss) if want is None else build(want)


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: mss_check.py PATH/TO/v6t")
    v6t = sys.argv[1]
    ck = Checker()
    pkts = [build(mss) for _, build, mss, _ in CASES] + [udp4()]
    wants = [expected(build, mss, want) for _, build, mss, want in CASES] + [udp4()]
    names = [c[0] for c in CASES] + ["udp4"]
    recs = [(100 + i, i, p) for i, p in enumerate(pkts)]
    with tempfile.TemporaryDirectory(prefix="v6t-mss.") as tmp:
        inp, out = os.path.join(tmp, "in.pcap"), os.path.join(tmp, "out.pcap")
        with open(inp, "wb") as f:
            f.write(pcap_bytes(LINK_RAW, recs))
        rc, so, se = run_v6t(v6t, ["mss", "--clamp", str(CLAMP), "-r", inp, "-w", out])
        ck.expect(rc == 0 and se == "", "raw run: status %d, stderr %r" % (rc, se))
        ck.expect(so == "in=9\nout=9\ndropped=0\nclamped=3\ninvalid=1\n",
                  "raw run: counters %r" % so)
        link, got = pcap_parse(open(out, "rb").read())
        ck.expect(link == LINK_RAW, "raw run: link type %d" % link)
        ck.expect(len(got) == len(wants), "raw run: %d records" % len(got))
        for i, (ts, data) in enumerate(got[:len(wants)]):
            ck.expect(data == wants[i], "%s: output bytes\n  want %s\n  got  %s"
                      % (names[i], wants[i].hex(), data.hex()))
            ck.expect(ts == (100 + i) * 10**9 + i * 1000, "%s: timestamp" % names[i])

        # Ethernet: the IPv4 SYN, and an ARP frame that cannot go to RAW
        eth = [(1, 0, ETH_DST + ETH_SRC + b"\x08\x00" + pkts[0]),
               (2, 0, ETH_DST + ETH_SRC + b"\x08\x06" + bytes(46))]
        with open(inp, "wb") as f:
            f.write(pcap_bytes(LINK_ETHERNET, eth))
        rc, so, se = run_v6t(v6t, ["mss", "--clamp", str(CLAMP), "-r", inp, "-w", out])
        ck.expect(rc == 0, "ethernet run: status %d, stderr %r" % (rc, se))
        ck.expect(so == "in=2\nout=1\ndropped=1\nclamped=1\ninvalid=0\n",
                  "ethernet run: counters %r" % so)
        _, got = pcap_parse(open(out, "rb").read())
        ck.expect(len(got) == 1 and got[0][1] == wants[0], "ethernet run: output")

        check_error(ck, v6t, "clamp 0", ["mss", "--clamp", "0", "-r", inp, "-w", out])
        check_error(ck, v6t, "clamp 65536",
                    ["mss", "--clamp", "65536", "-r", inp, "-w", out])
        check_error(ck, v6t, "no clamp", ["mss", "-r", inp, "-w", out],
                    "v6t: error: mss: missing --clamp N")
    for msg in ck.failures:
        print("FAIL " + msg)
    print("mss_check: %d checks, %d failed" % (ck.checks, len(ck.failures)))
    return 1 if ck.failures else 0


if __name__ == "__main__":
    sys.exit(main())
