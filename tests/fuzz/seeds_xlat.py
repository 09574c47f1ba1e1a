#!/usr/bin/env python3
"""Writes the seed inputs of fuzz_xlat into tests/fuzz/corpus/xlat/.

Each seed is the 4 configuration bytes that fuzz_xlat.c describes, then
a packet built here byte by byte (struct, checksums computed by RFC 1071),
or for modes 2 and 3 the parameters of fuzz_xlat.c's build_error() and the
quoted bytes. Addresses: the IPv6 host 2001:db8:100::5 is 192.0.2.5 by the
EAM 192.0.2.0/24 - 2001:db8:100::/120, the IPv4 host 8.8.8.8 is
64:ff9b::808:808 by the Well-Known Prefix.

Usage: python3 tests/fuzz/seeds_xlat.py [outdir]
"""
import os
import struct
import sys

# configuration byte 0: mode | pool6 << 2 | table << 5
WKP, P32, P40, P48, P56, P64, P96 = 6, 1, 2, 3, 4, 5, 7
TC_ZERO, TOS_SET, UDP0, HAIRPIN, FLOWLABEL, NO_ICMP, R4, R6 = (
    1, 2, 4, 8, 16, 32, 64, 128)


def cfg(mode=0, pool=WKP, table=1, flags=0, mtu4=0, low=0, mtu6=0, self_=3,
        p4=0, p6=0, tos=0):
    return bytes([mode | pool << 2 | table << 5, flags,
                  mtu4 | low << 3 | mtu6 << 6,
                  self_ | p4 << 2 | p6 << 4 | tos << 6])


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s > 0xffff:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def a4(s):
    return bytes(int(x) for x in s.split('.'))


def a6(s):
    head, _, tail = s.partition('::')
    h = [int(x, 16) for x in head.split(':') if x]
    t = [int(x, 16) for x in tail.split(':') if x]
    return struct.pack('!8H', *(h + [0] * (8 - len(h) - len(t)) + t))


H6 = a6('2001:db8:100::5')
R6A = a6('2001:db8:100::1')
W8 = a6('64:ff9b::808:808')
H4, R4A, W4 = a4('192.0.2.5'), a4('192.0.2.1'), a4('8.8.8.8')


def ip4(src, dst, proto, payload, ttl=64, tos=0, ident=0x1234, frag=0,
        opts=b'', total=None):
    ihl = 5 + len(opts) // 4
    tot = total if total is not None else 4 * ihl + len(payload)
    h = struct.pack('!BBHHHBBH4s4s', 0x40 | ihl, tos, tot, ident, frag, ttl,
                    proto, 0, src, dst) + opts
    h = h[:10] + struct.pack('!H', csum(h)) + h[12:]
    return h + payload


def l4_fix(proto, seg, pseudo, off):
    seg = bytearray(seg)
    seg[off:off + 2] = b'\0\0'
    c = csum(pseudo + bytes(seg))
    if c == 0 and proto == 17:
        c = 0xffff
    seg[off:off + 2] = struct.pack('!H', c)
    return bytes(seg)


def ps4(src, dst, proto, n):
    return src + dst + struct.pack('!BBH', 0, proto, n)


def ps6(src, dst, proto, n):
    return src + dst + struct.pack('!IxxxB', n, proto)


def tcp(sport=1234, dport=80, data=b''):
    return struct.pack('!HHIIBBHHH', sport, dport, 1, 0, 0x50, 0x02, 8192,
                       0, 0) + data


def udp(sport=5353, dport=53, data=b'hello'):
    return struct.pack('!HHHH', sport, dport, 8 + len(data), 0) + data


def echo(t, data=b'ping'):
    return struct.pack('!BBHHH', t, 0, 0, 0x77, 1) + data


def v4(src, dst, proto, seg, fix=True, **kw):
    off = {6: 16, 17: 6, 1: 2}.get(proto)
    if fix and off is not None:
        seg = (l4_fix(proto, seg, b'', off) if proto == 1 else
               l4_fix(proto, seg, ps4(src, dst, proto, len(seg)), off))
    return ip4(src, dst, proto, seg, **kw)


def ip6(src, dst, nh, payload, hlim=64, tc=0, plen=None):
    first = 0x60000000 | tc << 20
    pl = len(payload) if plen is None else plen
    return struct.pack('!IHBB', first, pl, nh, hlim) + src + dst + payload


def v6(src, dst, proto, seg, ext=b'', first_nh=None, fix=True, **kw):
    off = {6: 16, 17: 6, 58: 2}.get(proto)
    if fix and off is not None:
        seg = l4_fix(proto, seg, ps6(src, dst, proto, len(seg)), off)
    return ip6(src, dst, proto if first_nh is None else first_nh, ext + seg,
               **kw)


def icmp4_err(t, code, rest, quote, ext=b''):
    m = struct.pack('!BBH', t, code, 0) + rest + quote + ext
    return l4_fix(1, m, b'', 2)


def icmp6_err(src, dst, t, code, rest, quote, ext=b''):
    m = struct.pack('!BBH', t, code, 0) + rest + quote + ext
    return l4_fix(58, m, ps6(src, dst, 58, len(m)), 2)


# RFC 4884 §7 extension: version 2 header, checksum, then one object
# (length 8, class 1, c-type 1, 4 bytes)
def ext4884():
    obj = struct.pack('!HBB', 8, 1, 1) + b'\x0a\x0b\x0c\x0d'
    hdr = struct.pack('!BBH', 0x20, 0, 0)
    c = csum(hdr + obj)
    return struct.pack('!BBH', 0x20, 0, c) + obj


def seeds():
    s = {}
    c0 = cfg()
    # IPv4 to IPv6
    s['v4_tcp_syn'] = c0 + v4(W4, H4, 6, tcp())
    s['v4_udp'] = c0 + v4(W4, H4, 17, udp())
    s['v4_udp_zero_dropped'] = c0 + v4(W4, H4, 17, udp(), fix=False)
    s['v4_udp_zero_computed'] = cfg(flags=UDP0) + v4(W4, H4, 17, udp(), fix=False)
    s['v4_echo_request'] = c0 + v4(W4, H4, 1, echo(8))
    s['v4_echo_reply_tos'] = cfg(flags=TC_ZERO | FLOWLABEL) + v4(
        W4, H4, 1, echo(0), tos=0xb8)
    s['v4_ttl1'] = c0 + v4(W4, H4, 17, udp(), ttl=1)
    s['v4_ttl1_no_icmp'] = cfg(flags=NO_ICMP) + v4(W4, H4, 17, udp(), ttl=1)
    s['v4_df_too_big'] = cfg(mtu6=1) + v4(W4, H4, 17, udp(data=bytes(1372)),
                                          frag=0x4000)
    s['v4_split_1280'] = c0 + v4(W4, H4, 17, udp(data=bytes(range(256)) * 5))
    s['v4_split_lowest_1500'] = cfg(low=4) + v4(W4, H4, 6, tcp(data=bytes(1600)))
    s['v4_first_fragment'] = c0 + v4(W4, H4, 17, udp(data=bytes(32)),
                                     frag=0x2000)
    s['v4_later_fragment'] = c0 + ip4(W4, H4, 17, bytes(40), frag=0x0005)
    s['v4_lsrr_unexpired'] = c0 + v4(W4, H4, 17, udp(),
                                     opts=bytes([131, 7, 4]) + R4A + b'\x00')
    s['v4_bad_header_checksum'] = c0 + bytearray(v4(W4, H4, 17, udp()))[:10] + \
        b'\xde\xad' + v4(W4, H4, 17, udp())[12:]
    s['v4_source_zero'] = c0 + v4(a4('0.0.0.0'), H4, 17, udp())
    s['v4_pool32'] = cfg(pool=P32, table=0) + v4(W4, a4('198.51.100.7'), 17, udp())
    s['v4_pool40_tos'] = cfg(pool=P40, table=0) + v4(W4, a4('203.0.113.7'), 6,
                                                     tcp(), tos=0x2e)
    s['v4_pool56'] = cfg(pool=P56, table=2) + v4(W4, a4('192.0.2.130'), 17, udp())
    s['v4_pool64'] = cfg(pool=P64, table=5) + v4(a4('10.9.8.7'), H4, 17, udp())
    s['v4_pool96'] = cfg(pool=P96, table=6) + v4(W4, a4('100.64.0.1'), 17, udp())
    # IPv4 protocols that IPv6 reads as extension headers (RFC 7915 §4.1
    # copies them): a Destination Options header that parses is forwarded,
    # one past the end is not, nor any after a Fragment header (a fragment,
    # or a packet to split)
    opts = bytes([59, 0, 1, 4, 0, 0, 0, 0])
    s['v4_protocol_60_wellformed'] = c0 + ip4(W4, H4, 60, opts)
    s['v4_protocol_60_past_end'] = c0 + ip4(W4, H4, 60, bytes([59, 3]) + opts)
    s['v4_protocol_0_fragment'] = c0 + ip4(W4, H4, 0, opts * 2, frag=0x2000)
    s['v4_protocol_44_split'] = c0 + ip4(W4, H4, 44, opts * 180)
    s['v4_protocol_51_fragment'] = c0 + ip4(W4, H4, 51, bytes([0, 1, 0, 0]) +
                                            bytes(4) + opts, frag=0x2000)
    # ICMPv4 errors for an IPv6 host's packet (192.0.2.5 -> 8.8.8.8)
    orig4 = v4(H4, W4, 17, udp(data=bytes(24)))
    s['v4_err_port_unreach'] = c0 + v4(R4A, H4, 1, icmp4_err(
        3, 3, b'\0\0\0\0', orig4))
    s['v4_err_frag_needed'] = c0 + v4(W4, H4, 1, icmp4_err(
        3, 4, struct.pack('!HH', 0, 1000), orig4))
    s['v4_err_frag_needed_mtu0'] = cfg(mtu6=3) + v4(W4, H4, 1, icmp4_err(
        3, 4, b'\0\0\0\0', v4(H4, W4, 17, udp(data=bytes(24)), total=9000)))
    s['v4_err_time_exceeded_rfc4884'] = c0 + v4(W4, H4, 1, icmp4_err(
        11, 0, struct.pack('!BBH', 0, 32, 0),
        (orig4 + bytes(128))[:128], ext4884()))
    s['v4_err_rfc4884_header_only'] = cfg(flags=R6, p6=0) + v4(
        a4('203.0.113.1'), H4, 1, icmp4_err(
            11, 0, struct.pack('!BBH', 0, 5, 0), orig4[:20], ext4884()))
    s['v4_err_param_problem'] = c0 + v4(W4, H4, 1, icmp4_err(
        12, 0, b'\x08\0\0\0', orig4))
    s['v4_err_quote_tcp_fragment'] = c0 + v4(W4, H4, 1, icmp4_err(
        3, 1, b'\0\0\0\0', ip4(H4, W4, 6, tcp(), frag=0x2000)))
    s['v4_err_quote_echo'] = c0 + v4(W4, H4, 1, icmp4_err(
        11, 0, b'\0\0\0\0', v4(H4, W4, 1, echo(8))))
    s['v4_err_unmapped_source_6791'] = cfg(flags=R6, p6=1) + v4(
        a4('203.0.113.77'), H4, 1, icmp4_err(3, 1, b'\0\0\0\0', orig4))
    # IPv6 to IPv4 (2001:db8:100::5 -> 64:ff9b::808:808)
    s['v6_tcp'] = c0 + v6(H6, W8, 6, tcp())
    s['v6_udp'] = c0 + v6(H6, W8, 17, udp())
    s['v6_udp_tos_set'] = cfg(flags=TOS_SET, tos=1) + v6(H6, W8, 17, udp(), tc=0x2e)
    s['v6_echo_request'] = c0 + v6(H6, W8, 58, echo(128))
    s['v6_echo_reply'] = c0 + v6(H6, W8, 58, echo(129))
    # all zero once it is an ICMPv4 Echo Reply: its checksum is 0xffff
    s['v6_echo_reply_all_zero'] = c0 + v6(H6, W8, 58, bytes([129]) + bytes(15))
    s['v6_hlim1'] = c0 + v6(H6, W8, 17, udp(), hlim=1)
    hbh = bytes([60, 0, 1, 4, 0, 0, 0, 0])
    dst = bytes([17, 0, 1, 4, 0, 0, 0, 0])
    s['v6_hbh_dstopts_udp'] = c0 + v6(H6, W8, 17, udp(), ext=hbh + dst,
                                      first_nh=0)
    rh = bytes([17, 2, 0, 1, 0, 0, 0, 0]) + R6A
    s['v6_routing_segleft1'] = c0 + v6(H6, W8, 17, udp(), ext=rh, first_nh=43)
    rh0 = bytes([17, 2, 0, 0, 0, 0, 0, 0]) + R6A
    s['v6_routing_segleft0'] = c0 + v6(H6, W8, 17, udp(), ext=rh0, first_nh=43)
    atomic = bytes([17, 0, 0, 0, 0, 0, 0xab, 0xcd])
    s['v6_atomic_fragment'] = c0 + v6(H6, W8, 17, udp(), ext=atomic, first_nh=44)
    first = bytes([17, 0, 0, 1, 0, 0, 0xab, 0xce])
    s['v6_first_fragment'] = c0 + v6(H6, W8, 17, udp(data=bytes(40)), ext=first,
                                     first_nh=44, fix=False)
    later = bytes([17, 0, 0, 0x30, 0, 0, 0xab, 0xcf])
    s['v6_later_fragment'] = c0 + ip6(H6, W8, 44, later + bytes(64))
    s['v6_hbh_misplaced'] = c0 + v6(H6, W8, 17, udp(), ext=b'\0' + dst[1:] +
                                    bytes([17]) + hbh[1:], first_nh=60)
    s['v6_too_big_mtu4_576'] = cfg(mtu4=2) + v6(H6, W8, 17, udp(data=bytes(1352)))
    s['v6_split_mtu4_576'] = cfg(mtu4=2) + v6(H6, W8, 6, tcp(data=bytes(900)))
    s['v6_split_mtu4_68'] = cfg(mtu4=1) + v6(H6, W8, 17, udp(data=bytes(300)))
    s['v6_df_1300'] = c0 + v6(H6, W8, 17, udp(data=bytes(1300)))
    s['v6_multicast_source'] = c0 + v6(a6('ff02::1'), W8, 17, udp())
    # ICMPv6 errors for an IPv4 host's packet (64:ff9b::808:808 -> 2001:db8:100::5)
    orig6 = v6(W8, H6, 17, udp(data=bytes(24)))
    s['v6_err_port_unreach'] = c0 + v6(R6A, W8, 58, icmp6_err(
        R6A, W8, 1, 4, b'\0\0\0\0', orig6))
    s['v6_err_packet_too_big'] = c0 + v6(R6A, W8, 58, icmp6_err(
        R6A, W8, 2, 0, struct.pack('!I', 1280), orig6))
    s['v6_err_time_exceeded_rfc4884'] = c0 + v6(R6A, W8, 58, icmp6_err(
        R6A, W8, 3, 0, b'\x10\0\0\0', (orig6 + bytes(128))[:128], ext4884()))
    s['v6_err_param_pointer7'] = c0 + v6(R6A, W8, 58, icmp6_err(
        R6A, W8, 4, 0, struct.pack('!I', 7), orig6))
    s['v6_err_next_header'] = c0 + v6(R6A, W8, 58, icmp6_err(
        R6A, W8, 4, 1, struct.pack('!I', 40), orig6))
    # a quoted Payload Length of 65535: no IPv4 Total Length holds it
    s['v6_err_quote_plen_65535'] = c0 + v6(R6A, W8, 58, icmp6_err(
        R6A, W8, 1, 4, b'\0\0\0\0', ip6(W8, H6, 17, udp(), plen=65535)))
    dead = a6('2001:db8:dead::1')
    s['v6_err_unmapped_source_6791'] = cfg(flags=R4, p4=0) + v6(
        dead, W8, 58, icmp6_err(dead, W8, 1, 0, b'\0\0\0\0', orig6))
    s['v6_err_unmapped_source_none'] = cfg(self_=0) + v6(
        dead, W8, 58, icmp6_err(dead, W8, 3, 0, b'\0\0\0\0', orig6))
    # RFC 7757 §4.2.2 hairpinning: 2001:db8:100::5 to 2001:db8:64::192.0.2.6
    # (2001:db8:64::/96: 192.0.2.6 is not global, RFC 6052 §3.1)
    hp = a6('2001:db8:64::c000:206')
    hpc = cfg(flags=HAIRPIN, pool=P96)
    s['hairpin_udp'] = hpc + v6(H6, hp, 17, udp())
    s['hairpin_echo'] = hpc + v6(H6, hp, 58, echo(128))
    # back to IPv6 whole: mtu4 576 is not on its way
    s['hairpin_mtu4_576'] = cfg(flags=HAIRPIN, mtu4=2, pool=P96) + v6(
        H6, hp, 17, udp(data=bytes(900)))
    # above mtu6 1280: an ICMPv6 Packet Too Big, not an ICMPv4 error
    s['hairpin_too_big_mtu6_1280'] = cfg(flags=HAIRPIN, mtu6=1, pool=P96) + \
        v6(H6, hp, 17, udp(data=bytes(1300)))
    # UDP checksum 0 (not allowed in IPv6): dropped, not answered in IPv4
    s['hairpin_udp_zero'] = hpc + v6(H6, hp, 17, udp(), fix=False)
    # condition B: an error about a packet from 2001:db8:64::192.0.2.6
    origh = v6(hp, H6, 17, udp(data=bytes(24)))
    s['hairpin_err_port_unreach'] = hpc + v6(
        H6, hp, 58, icmp6_err(H6, hp, 1, 4, b'\0\0\0\0', origh))
    # its quote only an IPv6 header and an RFC 4884 extension: the IPv4
    # error in between is 68 bytes longer, the result still fits
    # V6T_XLAT_GROWTH
    s['hairpin_err_rfc4884_header_only'] = hpc + v6(
        H6, hp, 58, icmp6_err(H6, hp, 3, 0, b'\x05\0\0\0', origh[:40],
                              ext4884()))

    # modes 1 to 3 (fuzz_xlat.c: fixup(), build_error())
    s['fixup_v4_udp'] = cfg(mode=1) + ip4(W4, H4, 17, udp(), ttl=9)[:10] + \
        b'\0\0' + ip4(W4, H4, 17, udp())[12:]
    s['fixup_v6_tcp'] = cfg(mode=1) + ip6(H6, W8, 6, tcp(), plen=0)
    params = bytes([0x10, 3, 0, 0, 0, 0, 64, 4 | 0 << 3, 0 | 4 << 3, 0x07])
    s['hostile4_rfc4884'] = cfg(mode=2) + params + v4(H4, W4, 17, udp(
        data=bytes(100))) + ext4884()
    params = bytes([0x00, 1, 0, 0, 0, 0, 64, 4 | 0 << 3, 0 | 4 << 3, 0x03])
    s['hostile4_plain'] = cfg(mode=2) + params + v4(H4, W4, 6, tcp())
    params = bytes([0x02, 0, 8, 0, 0, 0, 64, 4 | 0 << 3, 0 | 4 << 3, 0x09])
    s['hostile4_quote_is_v6'] = cfg(mode=2) + params + orig6
    params = bytes([0x10, 4, 0, 0, 0, 0, 64, 0 | 4 << 3, 4 | 0 << 3, 0x03])
    s['hostile6_rfc4884'] = cfg(mode=3) + params + orig6 + bytes(80) + ext4884()
    params = bytes([0x01, 0, 0, 0, 5, 0, 64, 0 | 4 << 3, 4 | 0 << 3, 0x03])
    s['hostile6_too_big'] = cfg(mode=3) + params + orig6
    params = bytes([0x03, 0, 0, 0, 0, 24, 64, 0 | 4 << 3, 4 | 0 << 3, 0x01])
    s['hostile6_param_quote_cut'] = cfg(mode=3) + params + orig6[:44]
    return s


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), 'corpus', 'xlat')
    os.makedirs(out, exist_ok=True)
    for name, data in seeds().items():
        with open(os.path.join(out, name + '.bin'), 'wb') as f:
            f.write(bytes(data))


if __name__ == '__main__':
    main()
