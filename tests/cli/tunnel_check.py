#!/usr/bin/env python3
"""Independent check of `v6t encap` and `v6t decap` for the protocol-41
mechanisms 6in4, 6to4, 6rd and ISATAP (CLI.md "Packets", doc/cli.md
"Tunnels").

Usage: python3 tunnel_check.py PATH/TO/v6t

Every packet is built here with struct, and every expected output is
worked out here from the RFCs, never taken from v6t:
- encapsulation (RFC 4213 §3.5): an IPv4 header, version 4, IHL 5, TOS
  the inner Traffic Class (RFC 6040 §4.1 normal mode copies the ECN field;
  the DSCP is copied too), Total Length, Identification 1, 2, 3, ... (one
  per packet encapsulated, doc/cli.md), flags 0 (RFC 4213 §3.2.1: the
  static tunnel MTU never sets DF), TTL --ttl, protocol 41, the header
  checksum (RFC 1071, pcaptool.checksum), then the IPv6 packet unchanged;
- the outer destination: the peer (6in4), the IPv4 address in a 2002::/16
  destination or the relay (RFC 3056 §2, §5), the CE address in a 6rd
  destination or the BR (RFC 5969 §7.2), the IPv4 address of an on-link
  ISATAP destination or the router (RFC 5214 §6.1, §8);
- an IPv6 packet over --mtu: ICMPv6 Packet Too Big (RFC 4213 §3.2, RFC
  4443 §3.2) from the tunnel's address (doc/cli.md) to the inner source,
  Hop Limit 64, MTU --mtu, quoting the packet up to 1280 bytes in all
  (RFC 4443 §2.4 (c)); none about an ICMPv6 error (RFC 4443 §2.4 (e));
- decapsulation: the inner packet, its ECN field per the RFC 6040 §4.2
  table, or nothing when a check fails (RFC 4213 §3.6 peer, RFC 3964 §5.2
  and §5.3, RFC 5969 §9.2, RFC 5214 §7.3), counted per reason.

IPv4 addresses are from 9.0.0.0/8, global unicast (RFC 3964 §5.3.1
refuses the non-global RFC 5737 blocks for 6to4); 10.0.0.1 is private.

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
    run_records, LINK_RAW, Checker, a4, a6, check_error, checksum, pcap_bytes)

LOCAL, PEER = "9.0.0.9", "9.0.0.1"


def ip6(src, dst, nh=59, payload=b"", tc=0, hlim=64):
    """An IPv6 header (RFC 8200 §3) and its payload."""
    return struct.pack(">IHBB", 6 << 28 | tc << 20, len(payload), nh, hlim) \
        + a6(src) + a6(dst) + payload


def ip4(src, dst, proto, payload, tos=0, ident=1, ttl=64, flags=0):
    """An IPv4 header (RFC 791 §3.1) with its checksum, and the payload."""
    h = struct.pack(">BBHHHBBH", 0x45, tos, 20 + len(payload), ident, flags,
                    ttl, proto, 0) + a4(src) + a4(dst)
    return h[:10] + struct.pack(">H", checksum(h)) + h[12:] + payload


def p41(src, dst, inner, tos=0, ident=1, ttl=64):
    """RFC 4213 §3.5: the IPv6 packet in IPv4 protocol 41."""
    return ip4(src, dst, 41, inner, tos, ident, ttl)


def udp4():
    body = struct.pack(">HHHH", 1234, 53, 12, 0) + b"dnsq"
    return ip4("9.0.0.50", "9.0.0.51", 17, body)


def too_big(src6, dst6, mtu, pkt):
    """RFC 4443 §3.2 Packet Too Big from src6 to dst6, quoting pkt up to
    1280 bytes in all; the checksum over the RFC 8200 §8.1 pseudo-header."""
    quote = pkt[:1280 - 48]
    body = struct.pack(">BBHI", 2, 0, 0, mtu) + quote
    pseudo = a6(src6) + a6(dst6) + struct.pack(">IxxxB", len(body), 58)
    body = body[:2] + struct.pack(">H", checksum(pseudo + body)) + body[4:]
    return ip6(src6, dst6, 58, body)


def with_ecn(pkt, ecn):
    """The IPv6 packet with its ECN field (RFC 3168 §5) set to ecn."""
    b1 = (pkt[1] & 0xCF) | ecn << 4
    return pkt[:1] + bytes([b1]) + pkt[2:]


def check_6in4(ck, v6t, tmp):
    a = ip6("2001:db8::1", "2001:db8::2", payload=b"12345678", tc=0xB9)
    b = ip6("2001:db8::1", "2001:db8::3", payload=b"abcd")
    big = ip6("2001:db8::1", "2001:db8::2", payload=bytes(1361))  # 1401 > 1400
    # an ICMPv6 error (Destination Unreachable) as large: no error about it
    err = ip6("2001:db8::1", "2001:db8::2", 58, bytes([1, 0]) + bytes(1359))
    short = ip6("2001:db8::1", "2001:db8::2", payload=b"12345678")[:30]
    # RFC 4213 §3.7: the tunnel's address is fe80::9.0.0.9 = fe80::900:9
    run_records(ck, v6t, tmp, "encap 6in4",
        ["encap", "6in4", "--local", LOCAL, "--remote", PEER, "--ttl", "32",
         "--mtu", "1400"],
        [a, udp4(), big, b, err, short],
        [p41(LOCAL, PEER, a, tos=0xB9, ident=1, ttl=32), udp4(),
         too_big("fe80::900:9", "2001:db8::1", 1400, big),
         p41(LOCAL, PEER, b, ident=2, ttl=32)],
        [("in", 6), ("out", 4), ("dropped", 2), ("encapsulated", 2),
         ("icmp_errors", 1)])
    # defaults: TTL 64, MTU 1480: 1480 bytes pass, 1481 get an error
    fits = ip6("2001:db8::1", "2001:db8::2", payload=bytes(1440))
    over = ip6("2001:db8::1", "2001:db8::2", payload=bytes(1441))
    run_records(ck, v6t, tmp, "encap 6in4 defaults",
        ["encap", "6in4", "--local", LOCAL, "--remote", PEER], [fits, over],
        [p41(LOCAL, PEER, fits, ident=1, ttl=64),
         too_big("fe80::900:9", "2001:db8::1", 1480, over)],
        [("in", 2), ("out", 2), ("dropped", 0), ("encapsulated", 1),
         ("icmp_errors", 1)])

    inner = ip6("2001:db8::2", "2001:db8::1", payload=b"12345678", tc=0x02)
    good = p41(PEER, LOCAL, inner, tos=0x03)          # outer CE, inner ECT(0)
    spoof = p41("9.0.0.66", LOCAL, inner)             # RFC 4213 §3.6
    other = p41(PEER, "9.0.0.10", inner)              # not our address
    nested = p41(PEER, LOCAL, ip6("2001:db8::2", "2001:db8::1", 41,
                                  ip6("2001:db8::5", "2001:db8::6")))
    v6 = ip6("2001:db8::2", "2001:db8::1")            # not protocol 41
    notect = p41(PEER, LOCAL, ip6("2001:db8::2", "2001:db8::1"), tos=0x03)
    trunc = ip4(PEER, LOCAL, 41, inner[:10])
    pkts = [good, spoof, other, nested, udp4(), v6, notect, trunc]
    # RFC 6040 §4.2: inner ECT(0) with outer CE leaves as CE; inner
    # Not-ECT with outer CE MUST be dropped (not a check: --no-checks too)
    run_records(ck, v6t, tmp, "decap 6in4", ["decap", "6in4", "--local", LOCAL,
                                     "--remote", PEER], pkts,
        [with_ecn(inner, 3), udp4(), v6],
        [("in", 8), ("out", 3), ("dropped", 5), ("decapsulated", 1),
         ("rejected", 3), ("reject_peer", 1), ("reject_local", 1),
         ("reject_nested", 1)])
    run_records(ck, v6t, tmp, "decap 6in4 --no-checks",
        ["decap", "6in4", "--local", LOCAL, "--remote", PEER, "--no-checks"], pkts,
        [with_ecn(inner, 3), inner, inner, nested[20:], udp4(), v6],
        [("in", 8), ("out", 6), ("dropped", 2), ("decapsulated", 4),
         ("rejected", 0)])


# ------------------------------------------------------------------ 6to4

def check_6to4(ck, v6t, tmp):
    # RFC 3056 §2: 9.0.0.9 is 2002:900:9::/48, 9.0.0.1 is 2002:900:1::/48
    me, peer6 = "2002:900:9::1", "2002:900:1::1"
    to_peer = ip6(me, peer6)
    native = ip6(me, "2001:db8::1")
    # RFC 3068 §2.3: the relay anycast address 192.88.99.1 by default
    run_records(ck, v6t, tmp, "encap 6to4", ["encap", "6to4", "--local", LOCAL],
        [to_peer, native],
        [p41(LOCAL, PEER, to_peer, ident=1), p41(LOCAL, "192.88.99.1", native, ident=2)],
        [("in", 2), ("out", 2), ("dropped", 0), ("encapsulated", 2),
         ("icmp_errors", 0)])
    run_records(ck, v6t, tmp, "encap 6to4 --relay", ["encap", "6to4", "--local", LOCAL,
                                             "--relay", "9.0.0.100"],
        [native], [p41(LOCAL, "9.0.0.100", native, ident=1)],
        [("in", 1), ("out", 1), ("dropped", 0), ("encapsulated", 1),
         ("icmp_errors", 0)])
    # 2002:900:9::/48 Packet Too Big source: 2002:900:9:: (doc/cli.md)
    big = ip6(peer6, me, payload=bytes(1441))
    run_records(ck, v6t, tmp, "encap 6to4 too big", ["encap", "6to4", "--local", LOCAL],
        [big], [too_big("2002:900:9::", peer6, 1480, big)],
        [("in", 1), ("out", 1), ("dropped", 0), ("encapsulated", 0),
         ("icmp_errors", 1)])

    good = p41(PEER, LOCAL, ip6(peer6, me))
    from_relay = p41("9.0.0.100", LOCAL, ip6("2001:db8::1", me))  # §6.2: passes
    to_native = p41(PEER, LOCAL, ip6(peer6, "2001:db8::1"))  # we relay it
    bad_src = p41("9.0.0.2", LOCAL, ip6(peer6, me))          # §5.2
    bad_dst = p41(PEER, LOCAL, ip6(peer6, "2002:900:8::1"))  # §5.2
    both_native = p41(PEER, LOCAL, ip6("2001:db8::1", "2001:db8::2"))  # §5.2
    private4 = p41("10.0.0.1", LOCAL, ip6("2002:a00:1::1", me))  # §5.3.1
    linklocal6 = p41(PEER, LOCAL, ip6("fe80::1", me))        # §5.3.2
    private6 = p41(PEER, LOCAL, ip6("2002:c0a8:1::1", me))   # §5.3.2: 192.168.0.1
    other = p41(PEER, "9.0.0.10", ip6(peer6, "2002:900:a::1"))
    pkts = [good, from_relay, to_native, bad_src, bad_dst, both_native,
            private4, linklocal6, private6, other]
    run_records(ck, v6t, tmp, "decap 6to4", ["decap", "6to4", "--local", LOCAL], pkts,
        [good[20:], from_relay[20:], to_native[20:]],
        [("in", 10), ("out", 3), ("dropped", 7), ("decapsulated", 3),
         ("rejected", 7), ("reject_local", 1), ("reject_6to4_v4", 1),
         ("reject_6to4_v6", 2), ("reject_6to4_dst", 1), ("reject_6to4_src", 1),
         ("reject_6to4_native", 1)])


# ------------------------------------------------------------------- 6rd

# Domain 2001:db8::/32, IPv4MaskLen 8, BR 9.0.0.1 (RFC 5969 §7.1.1): CE
# 9.a.b.c owns 2001:db8:aabb:cc00::/56; 9.1.2.3 owns 2001:db8:102:300::/56.
RD = ["--prefix", "2001:db8::/32", "--v4masklen", "8", "--br", PEER]
CE, CE6 = "9.1.2.3", "2001:db8:102:300::1"
CE2, CE2_6 = "9.4.5.6", "2001:db8:405:600::1"


def check_6rd(ck, v6t, tmp):
    to_ce = ip6(CE6, CE2_6)
    to_world = ip6(CE6, "2001:4860::1")
    run_records(ck, v6t, tmp, "encap 6rd CE", ["encap", "6rd"] + RD + ["--local", CE],
        [to_ce, to_world],
        [p41(CE, CE2, to_ce, ident=1), p41(CE, PEER, to_world, ident=2)],
        [("in", 2), ("out", 2), ("dropped", 0), ("encapsulated", 2),
         ("icmp_errors", 0)])
    # the BR (--local is --br): only destinations in the domain
    back = ip6("2001:4860::1", CE6)
    run_records(ck, v6t, tmp, "encap 6rd BR", ["encap", "6rd"] + RD + ["--local", PEER],
        [back, ip6("2001:4860::1", "2001:4860::2")], [p41(PEER, CE, back, ident=1)],
        [("in", 2), ("out", 1), ("dropped", 1), ("encapsulated", 1),
         ("icmp_errors", 0)])
    # RFC 5969 §5: the CE's Packet Too Big source is the Subnet-Router
    # anycast address of its delegated prefix, 2001:db8:102:300::
    big = ip6(CE2_6, CE6, payload=bytes(1441))
    run_records(ck, v6t, tmp, "encap 6rd too big", ["encap", "6rd"] + RD + ["--local", CE],
        [big], [too_big("2001:db8:102:300::", CE2_6, 1480, big)],
        [("in", 1), ("out", 1), ("dropped", 0), ("encapsulated", 0),
         ("icmp_errors", 1)])

    from_ce = p41(CE2, CE, ip6(CE2_6, CE6))
    from_br = p41(PEER, CE, ip6("2001:4860::1", CE6))      # §9.2: a CE takes it
    spoof = p41("9.4.5.7", CE, ip6(CE2_6, CE6))            # §9.2
    other = p41(CE2, "9.1.2.4", ip6(CE2_6, CE6))
    run_records(ck, v6t, tmp, "decap 6rd CE", ["decap", "6rd"] + RD + ["--local", CE],
        [from_ce, from_br, spoof, other], [from_ce[20:], from_br[20:]],
        [("in", 4), ("out", 2), ("dropped", 2), ("decapsulated", 2),
         ("rejected", 2), ("reject_local", 1), ("reject_6rd_src", 1)])
    up = p41(CE, PEER, ip6(CE6, "2001:4860::1"))
    native_src = p41(CE, PEER, ip6("2001:4860::1", "2001:4860::2"))
    run_records(ck, v6t, tmp, "decap 6rd BR", ["decap", "6rd"] + RD + ["--local", PEER],
        [up, native_src], [up[20:]],
        [("in", 2), ("out", 1), ("dropped", 1), ("decapsulated", 1),
         ("rejected", 1), ("reject_6rd_src", 1)])


# ---------------------------------------------------------------- ISATAP

# RFC 5214 §6.1: the interface identifier of global 9.0.0.2 is
# 0200:5efe:0900:0002 (u = 1, the address is globally unique).
IS = ["--prefix", "2001:db8:1::/64", "--prl", "9.0.0.1,9.0.0.3"]


def check_isatap(ck, v6t, tmp):
    me = "2001:db8:1::200:5efe:900:9"
    onlink = ip6(me, "2001:db8:1::200:5efe:900:2")
    ll = ip6("fe80::200:5efe:900:9", "fe80::200:5efe:900:2")  # §7.4
    offlink = ip6(me, "2001:db8:99::1")                        # the router
    run_records(ck, v6t, tmp, "encap isatap", ["encap", "isatap", "--local", LOCAL] + IS,
        [onlink, ll, offlink],
        [p41(LOCAL, "9.0.0.2", onlink, ident=1), p41(LOCAL, "9.0.0.2", ll, ident=2),
         p41(LOCAL, PEER, offlink, ident=3)],
        [("in", 3), ("out", 3), ("dropped", 0), ("encapsulated", 3),
         ("icmp_errors", 0)])
    # the router itself: off-link destinations to the other PRL member
    run_records(ck, v6t, tmp, "encap isatap router", ["encap", "isatap", "--local", PEER] + IS,
        [offlink], [p41(PEER, "9.0.0.3", offlink, ident=1)],
        [("in", 1), ("out", 1), ("dropped", 0), ("encapsulated", 1),
         ("icmp_errors", 0)])
    big = ip6("2001:db8:99::1", me, payload=bytes(1441))
    run_records(ck, v6t, tmp, "encap isatap too big", ["encap", "isatap", "--local", LOCAL] + IS,
        [big], [too_big(me, "2001:db8:99::1", 1480, big)],
        [("in", 1), ("out", 1), ("dropped", 0), ("encapsulated", 0),
         ("icmp_errors", 1)])

    host = p41("9.0.0.2", LOCAL, ip6("2001:db8:1::200:5efe:900:2", me))
    router = p41("9.0.0.3", LOCAL, ip6("2001:db8:99::1", me))  # a PRL member
    spoof = p41("9.0.0.4", LOCAL, ip6("2001:db8:1::200:5efe:900:2", me))
    stranger = p41("9.0.0.4", LOCAL, ip6("2001:db8:99::1", me))
    run_records(ck, v6t, tmp, "decap isatap", ["decap", "isatap", "--local", LOCAL] + IS,
        [host, router, spoof, stranger], [host[20:], router[20:]],
        [("in", 4), ("out", 2), ("dropped", 2), ("decapsulated", 2),
         ("rejected", 2), ("reject_isatap_src", 2)])


def check_errors(ck, v6t, tmp):
    inp, out = os.path.join(tmp, "in.pcap"), os.path.join(tmp, "out.pcap")
    with open(inp, "wb") as f:
        f.write(pcap_bytes(LINK_RAW, []))
    check_error(ck, v6t, "decap --ttl", ["decap", "6in4", "--local", LOCAL, "--remote",
                                         PEER, "--ttl", "3", "-r", inp, "-w", out],
                "v6t: error: decap: unknown option '--ttl'")
    check_error(ck, v6t, "encap --no-checks",
                ["encap", "6in4", "--local", LOCAL, "--remote", PEER, "--no-checks",
                 "-r", inp, "-w", out],
                "v6t: error: encap: unknown option '--no-checks'")


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: tunnel_check.py PATH/TO/v6t")
    v6t = sys.argv[1]
    ck = Checker()
    with tempfile.TemporaryDirectory(prefix="v6t-tunnel.") as tmp:
        check_6in4(ck, v6t, tmp)
        check_6to4(ck, v6t, tmp)
        check_6rd(ck, v6t, tmp)
        check_isatap(ck, v6t, tmp)
        check_errors(ck, v6t, tmp)
    for msg in ck.failures:
        print("FAIL " + msg)
    print("tunnel_check: %d checks, %d failed" % (ck.checks, len(ck.failures)))
    return 1 if ck.failures else 0


if __name__ == "__main__":
    sys.exit(main())
