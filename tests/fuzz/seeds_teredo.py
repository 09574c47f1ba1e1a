#!/usr/bin/env python3
"""Seed corpus for fuzz_teredo: the UDP payloads and the whole IPv4
datagrams of the Miredo captures (tests/vectors/miredo/*.pcap), each behind
a selector byte (role, flags, server source; see fuzz_teredo.c).

    python3 tests/fuzz/seeds_teredo.py tests/vectors/miredo SEEDS

tests/fuzz/corpus/teredo is these seeds after 16 minutes of fuzz_teredo,
reduced with -merge=1 to the inputs that keep its coverage.
"""
import hashlib
import os
import struct
import sys


def packets(path):
    with open(path, 'rb') as f:
        data = f.read()
    off = 24
    while off + 16 <= len(data):
        incl = struct.unpack_from('<I', data, off + 8)[0]
        frame = data[off + 16:off + 16 + incl]
        off += 16 + incl
        if len(frame) > 14 and frame[12:14] == b'\x08\x00':
            yield frame[14:]


def main():
    src, dst = sys.argv[1], sys.argv[2]
    os.makedirs(dst, exist_ok=True)
    seeds = []
    for name in sorted(os.listdir(src)):
        if not name.endswith('.pcap'):
            continue
        for i, ip in enumerate(packets(os.path.join(src, name))):
            ihl = (ip[0] & 15) * 4
            payload = ip[ihl + 8:]
            sel = i & 0x3f
            seeds.append(bytes([sel]) + payload)
            seeds.append(bytes([sel | 0x10]) + payload)
            seeds.append(bytes([sel ^ 1]) + ip)
            seeds.append(bytes([(sel ^ 1) | 0x40]) + ip)
    for s in seeds:
        name = hashlib.sha1(s).hexdigest()
        with open(os.path.join(dst, name), 'wb') as f:
            f.write(s)
    print(len(seeds), 'seeds')


if __name__ == '__main__':
    main()
