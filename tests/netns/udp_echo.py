#!/usr/bin/env python3
"""UDP both ways through a translator, for tests/netns/ (standard library).

  udp_echo.py serve FAMILY PORT SECONDS
      echo every datagram back to its sender, for SECONDS at most
  udp_echo.py send FAMILY ADDR PORT COUNT SIZE [nodf]
      send COUNT datagrams of SIZE bytes (each with its own content), wait
      for each echo (1 s at most), sending a datagram again up to twice
      when its echo does not come (as a UDP application does: the first
      large datagram of a flow may be lost while a sender learns the path
      MTU); exit 0 when every echo came back with the content sent. With nodf (IPv4), DF is clear, so that the
      sender's kernel and then the translator may fragment.
  udp_echo.py gso FAMILY ADDR PORT COUNT SIZE [nodf]
      send COUNT datagrams of SIZE bytes (each with its own content) in one
      call with UDP segmentation offload (the socket option UDP_SEGMENT,
      Linux 4.18), as QUIC servers do: the kernel makes one UDP
      super-packet of them that routers forward whole until a device
      without the offload cuts it into the datagrams. Then take the echoes
      in any order for 2 s; exit 0 when every datagram was echoed with the
      content sent. Nothing is sent again: a super-packet that a router
      mangles or drops must fail. With nodf (IPv4), DF is clear and the
      datagrams may be as large as the device's MTU allows, whatever path
      MTU was learnt.

FAMILY is 4 or 6.
"""

import socket
import sys
import time

# Linux <linux/in.h>: IP_MTU_DISCOVER and IP_PMTUDISC_DONT
IP_MTU_DISCOVER = 10
IP_PMTUDISC_DONT = 0
# and IP_PMTUDISC_OMIT: DF clear, datagrams sized by the device's MTU, not
# by a path MTU learnt (UDP_SEGMENT refuses segments above the latter)
IP_PMTUDISC_OMIT = 5
# <linux/udp.h>: UDP_SEGMENT
UDP_SEGMENT = 103


def family(text):
    return socket.AF_INET if text == "4" else socket.AF_INET6


def serve(fam, port, seconds):
    s = socket.socket(family(fam), socket.SOCK_DGRAM)
    s.bind(("0.0.0.0" if fam == "4" else "::", port))
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        s.settimeout(max(0.1, end - time.monotonic()))
        try:
            data, peer = s.recvfrom(65535)
        except socket.timeout:
            continue
        s.sendto(data, peer)
    return 0


def send(fam, addr, port, count, size, nodf):
    s = socket.socket(family(fam), socket.SOCK_DGRAM)
    if nodf and fam == "4":
        s.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT)
    s.settimeout(1.0)
    ok = resent = 0
    for i in range(count):
        data = bytes((i * 7 + k) & 0xFF for k in range(size))
        for attempt in range(3):
            resent += attempt > 0
            s.sendto(data, (addr, port))
            try:
                back, _ = s.recvfrom(65535)
            except socket.timeout:
                continue
            break
        else:
            print("datagram %d: no echo" % i)
            continue
        if back == data:
            ok += 1
        else:
            print("datagram %d: echo differs (%d bytes)" % (i, len(back)))
    print("%d sent again" % resent)
    print("%d of %d datagrams of %d bytes echoed" % (ok, count, size))
    return 0 if ok == count else 1


def gso(fam, addr, port, count, size, nodf):
    s = socket.socket(family(fam), socket.SOCK_DGRAM)
    if nodf and fam == "4":
        s.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_OMIT)
    s.setsockopt(socket.SOL_UDP, UDP_SEGMENT, size)
    sent = {}
    for i in range(count):
        # the datagram's number in its first two bytes, the rest from it
        sent[i] = bytes([i >> 8, i & 0xFF]) + bytes((i * 7 + k) & 0xFF
                                                    for k in range(size - 2))
    s.sendto(b"".join(sent[i] for i in range(count)), (addr, port))
    missing, bad = set(sent), 0
    end = time.monotonic() + 2.0
    while missing and time.monotonic() < end:
        s.settimeout(max(0.01, end - time.monotonic()))
        try:
            back, _ = s.recvfrom(65535)
        except socket.timeout:
            break
        i = back[0] << 8 | back[1] if len(back) >= 2 else -1
        if i in missing and back == sent[i]:
            missing.discard(i)
        else:
            bad += 1
    print("%d echoes that differ" % bad)
    print("%d of %d datagrams of %d bytes echoed" % (count - len(missing), count, size))
    return 0 if not missing and bad == 0 else 1


def main(argv):
    if len(argv) >= 5 and argv[1] == "serve":
        return serve(argv[2], int(argv[3]), float(argv[4]))
    if len(argv) >= 7 and argv[1] == "send":
        return send(argv[2], argv[3], int(argv[4]), int(argv[5]), int(argv[6]),
                    len(argv) > 7 and argv[7] == "nodf")
    if len(argv) >= 7 and argv[1] == "gso":
        return gso(argv[2], argv[3], int(argv[4]), int(argv[5]), int(argv[6]),
                   len(argv) > 7 and argv[7] == "nodf")
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
