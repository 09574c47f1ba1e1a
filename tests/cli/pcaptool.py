"""Helpers shared by the pcap-level checks of v6t (flowlabel_check.py and
frag_check.py): address and byte helpers, pcap files written and read by
this code (not by v6t or the library), and running v6t.

If the environment variable V6T_EMULATOR is set and not empty, it is a
';'-separated command prefix (e.g. qemu-s390x;-L;/usr/s390x-linux-gnu) put
before every v6t invocation, as tests/cli/run_cli.sh does.

Standard library only.
"""

import ipaddress
import os
import struct
import subprocess


# ------------------------------------------------------------------ bytes

def a6(text):
    return ipaddress.IPv6Address(text).packed


def a4(text):
    return ipaddress.IPv4Address(text).packed


def be16(b, off):
    return b[off] << 8 | b[off + 1]


def checksum(data):
    """The Internet checksum (RFC 1071) of data."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


# ------------------------------------------------------------------ pcap

LINK_ETHERNET, LINK_RAW, LINK_IPV4, LINK_IPV6 = 1, 101, 228, 229
MAGIC_USEC, MAGIC_NSEC = 0xA1B2C3D4, 0xA1B23C4D

ETH_SRC, ETH_DST = bytes.fromhex("020000000001"), bytes.fromhex("020000000002")
ETH_MIN = 60  # a frame without FCS is padded to 60 bytes


def pcap_bytes(link, records, nsec=False, big=False, snaplen=65535):
    """records: (sec, frac, data[, orig_len]) with frac in the file's unit."""
    e = ">" if big else "<"
    out = [struct.pack(e + "IHHiIII", MAGIC_NSEC if nsec else MAGIC_USEC,
                       2, 4, 0, 0, snaplen, link)]
    for rec in records:
        sec, frac, data = rec[0], rec[1], rec[2]
        orig = rec[3] if len(rec) > 3 else len(data)
        out.append(struct.pack(e + "IIII", sec, frac, len(data), orig) + data)
    return b"".join(out)


def pcap_parse(blob):
    """(link, [(ts_ns, data)]) of a pcap file; raises ValueError."""
    if len(blob) < 24:
        raise ValueError("shorter than a pcap header")
    for e in "<>":
        magic = struct.unpack(e + "I", blob[:4])[0]
        if magic in (MAGIC_USEC, MAGIC_NSEC):
            break
    else:
        raise ValueError("no pcap magic number")
    scale = 1 if magic == MAGIC_NSEC else 1000
    major, _minor, _zone, _sigfigs, _snap, link = struct.unpack(e + "HHiIII",
                                                                blob[4:24])
    if major != 2:
        raise ValueError("pcap major version %d" % major)
    recs, off = [], 24
    while off < len(blob):
        if off + 16 > len(blob):
            raise ValueError("ends inside a record header")
        sec, frac, incl, orig = struct.unpack(e + "IIII", blob[off:off + 16])
        if incl != orig:
            raise ValueError("record %d is cut" % (len(recs) + 1))
        data = blob[off + 16:off + 16 + incl]
        if len(data) != incl:
            raise ValueError("ends inside a record")
        recs.append((sec * 1000000000 + frac * scale, data))
        off += 16 + incl
    return link & 0x3FFFFFF, recs


# ------------------------------------------------------------------ runs

def emulator_prefix():
    env = os.environ.get("V6T_EMULATOR", "")
    return [w for w in env.split(";") if w] if env else []


def run_v6t(v6t, args, stdin_data=None, timeout=120):
    """(exit status, stdout, stderr) of v6t with args."""
    cmd = emulator_prefix() + [v6t] + args
    p = subprocess.run(cmd, input=stdin_data if stdin_data is not None else b"",
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


class Checker:
    def __init__(self):
        self.failures = []
        self.checks = 0

    def expect(self, cond, msg):
        self.checks += 1
        if not cond:
            self.failures.append(msg)
        return cond


def check_error(ck, v6t, what, args, want_line=None, stdin_data=None, timeout=120):
    """A failing run: status 2, nothing on stdout, one error line."""
    rc, out, err = run_v6t(v6t, args, stdin_data, timeout)
    ck.expect(rc == 2, "%s: exit status %d, expected 2" % (what, rc))
    ck.expect(out == "", "%s: stdout not empty: %r" % (what, out))
    lines = err.splitlines()
    if ck.expect(len(lines) == 1 and lines[0].startswith("v6t: error: "),
                 "%s: stderr is not one 'v6t: error: ' line: %r" % (what, err)):
        if want_line is not None:
            ck.expect(lines[0] == want_line, "%s: stderr\n  expected %r\n  got      %r"
                      % (what, want_line, lines[0]))


def run_records(ck, v6t, tmp, name, args, pkts, want_out, want_counts):
    """Run v6t on a RAW pcap of pkts; the output records must be exactly
    want_out and stdout exactly want_counts (key=value lines, in order)."""
    inp, out = os.path.join(tmp, "in.pcap"), os.path.join(tmp, "out.pcap")
    with open(inp, "wb") as f:
        f.write(pcap_bytes(LINK_RAW, [(10 + i, 0, p) for i, p in enumerate(pkts)]))
    rc, so, se = run_v6t(v6t, args + ["-r", inp, "-w", out])
    ck.expect(rc == 0 and se == "", "%s: status %d, stderr %r" % (name, rc, se))
    want = "".join("%s=%d\n" % kv for kv in want_counts)
    ck.expect(so == want, "%s: counters\n  want %r\n  got  %r" % (name, want, so))
    if rc != 0:
        return
    _, got = pcap_parse(open(out, "rb").read())
    ck.expect(len(got) == len(want_out), "%s: %d records, want %d"
              % (name, len(got), len(want_out)))
    for i, ((ts, data), w) in enumerate(zip(got, want_out)):
        ck.expect(data == w, "%s: record %d\n  want %s\n  got  %s"
                  % (name, i, w.hex(), data.hex()))
