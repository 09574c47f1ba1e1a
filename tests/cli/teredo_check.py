#!/usr/bin/env python3
"""Independent check of `v6t encap teredo` and `v6t decap teredo` (CLI.md
"Packets", doc/cli.md "Tunnels").

Usage: python3 teredo_check.py PATH/TO/v6t

Every packet is built here with struct, and every expected output is
worked out here from the RFCs, never taken from v6t:
- Teredo addresses (RFC 4380 §4): 2001:0000, the server's IPv4 address
  (198.51.100.1 = c633:6401), 16 flag bits (0 here), the client's mapped
  port and IPv4 address each XORed with all ones: port 40000 = 0x9c40 ->
  63bf, 203.0.113.10 = cb00:710a -> 34ff:8ef5 (T1); port 50000 = 0xc350 ->
  3caf, 203.0.113.65 = cb00:7141 -> 34ff:8ebe (T2); 10.0.0.1 -> f5ff:fffe
  (T3, a private mapped address);
- encapsulation (RFC 4380 §5.1.1, §5.1.2, §5.4.1): IPv4 from --local to
  the mapped address, Identification 1, 2, ... (doc/cli.md), DF clear,
  TTL 64, protocol 17; UDP from --port to the mapped port, Length 8 + the
  IPv6 packet, the RFC 768 checksum over the pseudo-header; then the IPv6
  packet; a mapped address that is not global is dropped (§5.4.1);
  packets to non-Teredo destinations are copied through (doc/cli.md);
- relay decapsulation (§5.4.2): the IPv6 source must be a Teredo address
  whose mapped address and port are the outer source address and port;
  bubbles (IPv6, Next Header 59, Payload Length 0, §2.8) are consumed;
- client decapsulation (§5.2.3): from the server (port 3544) accepted;
  a Teredo source whose mapping is the outer source accepted (rule 3);
  a native source with no peer entry refused (rule 6);
- a wrong UDP checksum (RFC 768) refused; other UDP copied through.

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
    run_records,
    Checker, a4, a6, checksum, pcap_bytes, pcap_parse, run_v6t)

RELAY, RELAY_PORT = "192.0.2.10", 3545
SERVER = "198.51.100.1"
CLIENT, CLIENT_PORT = "203.0.113.10", 40000
NATTED, NATTED_PORT = "203.0.113.65", 50000
T1 = "2001:0:c633:6401:0:63bf:34ff:8ef5"
T2 = "2001:0:c633:6401:0:3caf:34ff:8ebe"
T3 = "2001:0:c633:6401:0:63bf:f5ff:fffe"
NATIVE = "2001:db8:6::2"


def ip6(src, dst, nh=59, payload=b"", hlim=64):
    """An IPv6 header (RFC 8200 §3) and its payload."""
    return struct.pack(">IHBB", 6 << 28, len(payload), nh, hlim) \
        + a6(src) + a6(dst) + payload


def ip4(src, dst, proto, payload, ident=1, ttl=64):
    """An IPv4 header (RFC 791 §3.1), flags 0, with its checksum."""
    h = struct.pack(">BBHHHBBH", 0x45, 0, 20 + len(payload), ident, 0,
                    ttl, proto, 0) + a4(src) + a4(dst)
    return h[:10] + struct.pack(">H", checksum(h)) + h[12:] + payload


def udp4(src, sport, dst, dport, payload, ident=1, bad_sum=False):
    """IPv4 and UDP with the RFC 768 checksum (a computed 0 sent as
    0xffff); bad_sum: that checksum plus one."""
    n = 8 + len(payload)
    pseudo = a4(src) + a4(dst) + struct.pack(">xBH", 17, n)
    s = checksum(pseudo + struct.pack(">HHHH", sport, dport, n, 0) + payload)
    s = s or 0xFFFF
    if bad_sum:
        s = s % 0xFFFF + 1
    return ip4(src, dst, 17, struct.pack(">HHHH", sport, dport, n, s) + payload,
               ident)


def relay_args(cmd):
    return [cmd, "teredo", "--local", RELAY, "--port", str(RELAY_PORT),
            "--server", SERVER]


def check_encap(ck, v6t, tmp):
    a = ip6(NATIVE, T1, payload=b"12345678")
    native = ip6(NATIVE, "2001:db8:7::1", payload=b"abcd")
    private = ip6(NATIVE, T3, payload=b"abcd")
    v4 = udp4("192.0.2.1", 1234, "192.0.2.2", 53, b"dnsq")
    b = ip6(NATIVE, T2, payload=b"xy")
    run_records(ck, v6t, tmp, "encap teredo (relay)", relay_args("encap"),
        [a, native, private, v4, b],
        [udp4(RELAY, RELAY_PORT, CLIENT, CLIENT_PORT, a, ident=1), native, v4,
         udp4(RELAY, RELAY_PORT, NATTED, NATTED_PORT, b, ident=2)],
        [("in", 5), ("out", 4), ("dropped", 1), ("encapsulated", 2),
         ("icmp_errors", 0)])


def check_decap_relay(ck, v6t, tmp):
    inner = ip6(T1, NATIVE, payload=b"12345678")
    ok = udp4(CLIENT, CLIENT_PORT, RELAY, RELAY_PORT, inner)
    wrong_port = udp4(CLIENT, CLIENT_PORT + 1, RELAY, RELAY_PORT, inner)
    not_teredo = udp4(CLIENT, CLIENT_PORT, RELAY, RELAY_PORT,
                      ip6("2001:db8:7::1", NATIVE, payload=b"12345678"))
    bad_sum = udp4(CLIENT, CLIENT_PORT, RELAY, RELAY_PORT, inner, bad_sum=True)
    bubble = udp4(CLIENT, CLIENT_PORT, RELAY, RELAY_PORT, ip6(T1, NATIVE))
    other = udp4(CLIENT, 1234, RELAY, 53, b"dnsq")
    pkts = [ok, wrong_port, not_teredo, bad_sum, bubble, other]
    run_records(ck, v6t, tmp, "decap teredo (relay)", relay_args("decap"), pkts,
        [inner, other],
        [("in", 6), ("out", 2), ("dropped", 4), ("decapsulated", 1),
         ("rejected", 3), ("reject_udp_checksum", 1), ("reject_mapping", 1),
         ("reject_not_teredo", 1)])
    # --no-checks: each Teredo datagram unwrapped, the bubble too
    run_records(ck, v6t, tmp, "decap teredo --no-checks", relay_args("decap") + ["--no-checks"],
        pkts,
        [inner, inner, ip6("2001:db8:7::1", NATIVE, payload=b"12345678"), inner,
         ip6(T1, NATIVE), other],
        [("in", 6), ("out", 6), ("dropped", 0), ("decapsulated", 5),
         ("rejected", 0)])


def check_decap_client(ck, v6t, tmp):
    from_server = ip6(NATIVE, T1, payload=b"ping")
    from_native = ip6(NATIVE, T1, payload=b"data")
    from_peer = ip6(T2, T1, payload=b"peer")
    pkts = [udp4(SERVER, 3544, CLIENT, CLIENT_PORT, from_server),
            udp4(RELAY, RELAY_PORT, CLIENT, CLIENT_PORT, from_native),
            udp4(NATTED, NATTED_PORT, CLIENT, CLIENT_PORT, from_peer)]
    run_records(ck, v6t, tmp, "decap teredo (client)",
        ["decap", "teredo", "--local", CLIENT, "--port", str(CLIENT_PORT),
         "--server", SERVER, "--role", "client"], pkts,
        [from_server, from_peer],
        [("in", 3), ("out", 2), ("dropped", 1), ("decapsulated", 2),
         ("rejected", 1), ("reject_unverified", 1)])


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: teredo_check.py PATH/TO/v6t")
    v6t = sys.argv[1]
    ck = Checker()
    with tempfile.TemporaryDirectory(prefix="v6t-teredo.") as tmp:
        check_encap(ck, v6t, tmp)
        check_decap_relay(ck, v6t, tmp)
        check_decap_client(ck, v6t, tmp)
    for msg in ck.failures:
        print("FAIL " + msg)
    print("teredo_check: %d checks, %d failed" % (ck.checks, len(ck.failures)))
    return 1 if ck.failures else 0


if __name__ == "__main__":
    sys.exit(main())
