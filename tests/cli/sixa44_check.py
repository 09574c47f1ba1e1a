#!/usr/bin/env python3
"""Independent check of `v6t encap 6a44` and `v6t decap 6a44` (CLI.md
"Packets", doc/cli.md "Tunnels").

Usage: python3 sixa44_check.py PATH/TO/v6t

Every packet is built here with struct, and every expected output is
worked out here from RFC 6751, never taken from v6t:
- the 6a44-client address (§5, Figure 3): C (48 bits, 2001:db8:1), N the
  customer site's IPv4 address, Z its mapped port, A the client's IPv4
  address. The command's client is --local 9.0.0.9 with no NAT44, so N = A
  = 9.0.0.9 (0900:0009) and Z = --port 1027 (0x0403) (doc/cli.md):
  2001:db8:1:900:9:403:900:9. Another client: N 9.0.0.99, Z 40000
  (0x9c40), A 10.0.0.2: 2001:db8:1:900:63:9c40:a00:2;
- IPv6 in UDP/IPv4 (§6.2, §6.4): IPv4 TOS 0, Identification 0, DF set,
  TTL 64, protocol 17; UDP checksum 0; the IPv6 packet;
- client transmission CT-3: A:W -> B:W; relay reception in IPv6 RR6-1:
  B:W -> N:Z of the destination; a destination outside C/48 from another
  source is not 6a44's (copied through);
- relay reception in IPv4 RR4-3: the inner source must be C.N.Z with the
  outer UDP/IPv4 source (else spoof); client reception CR-3: from B:W
  only (else not_relay), to the client's address.

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

from pcaptool import Checker, a4, a6, checksum, run_records  # noqa: E402

PREFIX, LOCAL, RELAY, W = "2001:db8:1::/48", "9.0.0.9", "9.0.0.1", 1027
CLIENT6 = "2001:db8:1:900:9:403:900:9"
OTHER6, OTHER_N, OTHER_Z = "2001:db8:1:900:63:9c40:a00:2", "9.0.0.99", 40000
NATIVE = "2001:db8:7::1"


def ip6(src, dst, payload=b"", nh=59):
    """An IPv6 header (RFC 8200 §3) and its payload."""
    return struct.pack(">IHBB", 6 << 28, len(payload), nh, 64) \
        + a6(src) + a6(dst) + payload


def udp4(src, sport, dst, dport, payload):
    """RFC 6751 §6.2: IPv4 (TOS 0, ID 0, DF, TTL 64, UDP) and UDP with
    checksum 0."""
    body = struct.pack(">HHHH", sport, dport, 8 + len(payload), 0) + payload
    h = struct.pack(">BBHHHBBH", 0x45, 0, 20 + len(body), 0, 0x4000, 64, 17, 0) \
        + a4(src) + a4(dst)
    return h[:10] + struct.pack(">H", checksum(h)) + h[12:] + body


def args(cmd):
    return [cmd, "6a44", "--prefix", PREFIX, "--local", LOCAL, "--port", str(W),
            "--relay", RELAY]


def check_encap(ck, v6t, tmp):
    up = ip6(CLIENT6, NATIVE, b"12345678")
    down = ip6(NATIVE, OTHER6, b"abcd")
    elsewhere = ip6(NATIVE, "2001:db8:99::1", b"abcd")
    run_records(ck, v6t, tmp, "encap 6a44", args("encap"), [up, down, elsewhere],
                [udp4(LOCAL, W, RELAY, W, up), udp4(RELAY, W, OTHER_N, OTHER_Z, down),
                 elsewhere],
                [("in", 3), ("out", 3), ("dropped", 0), ("encapsulated", 2),
                 ("icmp_errors", 0)])


def check_decap(ck, v6t, tmp):
    up = ip6(CLIENT6, NATIVE, b"12345678")
    down = ip6(NATIVE, CLIENT6, b"abcd")
    pkts = [udp4(LOCAL, W, RELAY, W, up),          # relay: RR4-3, accepted
            udp4("9.0.0.10", W, RELAY, W, up),     # relay: not C.N.Z of it
            udp4(RELAY, W, LOCAL, W, down),        # client: CR-3 from B:W
            udp4("9.0.0.77", W, LOCAL, W, down)]   # client: not from B
    run_records(ck, v6t, tmp, "decap 6a44", args("decap"), pkts, [up, down],
                [("in", 4), ("out", 2), ("dropped", 2), ("decapsulated", 2),
                 ("rejected", 2), ("reject_not_relay", 1), ("reject_spoof", 1)])
    run_records(ck, v6t, tmp, "decap 6a44 --no-checks", args("decap") + ["--no-checks"],
                pkts, [up, up, down, down],
                [("in", 4), ("out", 4), ("dropped", 0), ("decapsulated", 4),
                 ("rejected", 0)])


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: sixa44_check.py PATH/TO/v6t")
    v6t = sys.argv[1]
    ck = Checker()
    with tempfile.TemporaryDirectory(prefix="v6t-6a44.") as tmp:
        check_encap(ck, v6t, tmp)
        check_decap(ck, v6t, tmp)
    for msg in ck.failures:
        print("FAIL " + msg)
    print("sixa44_check: %d checks, %d failed" % (ck.checks, len(ck.failures)))
    return 1 if ck.failures else 0


if __name__ == "__main__":
    sys.exit(main())
