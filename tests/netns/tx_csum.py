#!/usr/bin/env python3
"""Turn a network device's transmit checksum offload on or off, as
`ethtool -K DEV tx on|off` does, for tests/netns/ (standard library).

  tx_csum.py DEV on|off

With it off, the kernel finishes every partial TCP / UDP checksum (and
cuts TCP super-packets into segments) before the device, and the host at
the other end of a veth pair verifies the checksums it gets: a partial
checksum left wrong by a translator is then seen, where across veth with
the offload on it would be trusted. Uses the ethtool ioctl (SIOCETHTOOL,
ETHTOOL_STXCSUM, <linux/ethtool.h>); exits 0 when the device reports the
state asked for.
"""

import ctypes
import fcntl
import socket
import sys

SIOCETHTOOL = 0x8946
ETHTOOL_GTXCSUM = 0x16
ETHTOOL_STXCSUM = 0x17


class EthtoolValue(ctypes.Structure):
    _fields_ = [("cmd", ctypes.c_uint32), ("data", ctypes.c_uint32)]


class Ifreq(ctypes.Structure):
    # struct ifreq: the name, then a union of which ifr_data is used
    _fields_ = [("name", ctypes.c_char * 16), ("data", ctypes.c_void_p),
                ("pad", ctypes.c_char * 16)]


def ethtool(sock, dev, cmd, data):
    value = EthtoolValue(cmd, data)
    req = Ifreq(dev.encode(), ctypes.addressof(value))
    fcntl.ioctl(sock.fileno(), SIOCETHTOOL, req)
    return value.data


def main(argv):
    if len(argv) != 3 or argv[2] not in ("on", "off"):
        print(__doc__)
        return 2
    want = 1 if argv[2] == "on" else 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        ethtool(sock, argv[1], ETHTOOL_STXCSUM, want)
        got = ethtool(sock, argv[1], ETHTOOL_GTXCSUM, 0)
    print("%s: tx checksumming %s" % (argv[1], "on" if got else "off"))
    return 0 if (got != 0) == (want != 0) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
