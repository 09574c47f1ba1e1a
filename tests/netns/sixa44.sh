#!/bin/sh
# libv6transit - 6a44 (RFC 6751) end to end through the Linux kernel: our
# client and relay (tests/netns/sixa44_node.c, the library on TUN devices)
# carry ping6 and TCP with checked content across a NAT44 (iptables
# MASQUERADE).
#
# usage: sh tests/netns/sixa44.sh SIXA44_NODE
# Needs root, ip netns and iptables: exits 77 (skipped) with the reason
# otherwise. Prints one pass/FAIL line per check and exits 1 when one
# failed.
#
# The network (all addresses only inside the namespaces made here):
#
#   [cl] 192.168.1.10 -- 192.168.1.1 [nat] 203.0.113.5 -- 203.0.113.1 [rl] 2001:db8:ffff::2 -- 2001:db8:ffff::1 [h6]
#   TUN a44                      MASQUERADE to port 40000     TUN r44, B = 192.88.99.2 on lo
#
# The client cl (A = 192.168.1.10) learns from the relay's bubble answer
# the address C.N.Z.A = 2001:db8:1:cb00:7105:9c40:c0a8:10a (C =
# 2001:db8:1::/48, N = 203.0.113.5, Z = 40000: the NAT maps UDP to that
# port); h6 is a native IPv6 host behind the relay rl.
# SPDX-License-Identifier: BSD-2-Clause
set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

[ $# -eq 1 ] || { echo "usage: $0 SIXA44_NODE" >&2; exit 2; }
node=$1
[ -x "$node" ] || { echo "$node: not an executable" >&2; exit 2; }
for tool in ping nc python3 sha256sum timeout iptables; do
	command -v "$tool" >/dev/null 2>&1 || ns_skip "no $tool"
done
[ -c /dev/net/tun ] || ns_skip "no /dev/net/tun"
ns_init
work=$(mktemp -d /tmp/v6t-6a44.XXXXXX)
trap 'ns_cleanup; rm -rf "$work"' EXIT

A=192.168.1.10
B=192.88.99.2
N=203.0.113.5
C=2001:db8:1::/48
ME=2001:db8:1:cb00:7105:9c40:c0a8:10a
H6=2001:db8:ffff::1
RELAY6=2001:db8:ffff::2

ns_add cl nat rl h6
ns nat sysctl -qw net.ipv4.ip_forward=1
ns rl sysctl -qw net.ipv6.conf.all.forwarding=1
ns_link cl eth0 nat eth1
ns cl ip addr add "$A/24" dev eth0
ns cl ip route add default via 192.168.1.1
ns nat ip addr add 192.168.1.1/24 dev eth1
ns_link nat eth0 rl eth0
ns nat ip addr add "$N/24" dev eth0
ns nat ip route add default via 203.0.113.1
ns nat iptables -t nat -A POSTROUTING -s 192.168.1.0/24 -o eth0 -p udp \
	-j MASQUERADE --to-ports 40000 ||
	ns_skip "iptables MASQUERADE fails here"
ns rl ip addr add 203.0.113.1/24 dev eth0
ns rl ip addr add "$B/32" dev lo
ns_link rl eth1 h6 eth0
ns rl ip -6 addr add "$RELAY6/64" dev eth1 nodad
ns h6 ip -6 addr add "$H6/64" dev eth0 nodad
ns h6 ip -6 route add "$C" via "$RELAY6"

ns_bg rl "$work/relay.log" "$node" relay r44 "$C" "$B" "$RELAY6"
RELAY_PID=$NS_LAST_PID
ns_wait 50 ns rl ip link show r44 || { cat "$work/relay.log"; exit 1; }
ns rl ip link set r44 up mtu 1280
ns rl ip -6 route add "$C" dev r44

ns_bg cl "$work/client.log" "$node" client a44 "$A" "$B"
ns_wait 50 ns cl ip link show a44 || { cat "$work/client.log"; exit 1; }
ns cl ip link set a44 up mtu 1280

# ------------------------------------------------------------------ checks

address_ok() {
	ns_wait 50 grep -q "^address " "$work/client.log" || return 1
	cat "$work/client.log"
	grep -qx "address $ME" "$work/client.log"
}
check "client learns C.N.Z.A from the relay's bubble (RR4-1, CR-1)" address_ok
ns cl ip -6 addr add "$ME/128" dev a44 nodad
ns cl ip -6 route add default dev a44 src "$ME"

ping_ok() { # NS DST
	ns "$1" ping -c 3 -i 0.2 -W 2 "$2"
}
check "ping6 client -> native host (CT-3, RR4-3, RR6-1, CR-3)" ping_ok cl "$H6"
check "ping6 native host -> client" ping_ok h6 "$ME"

# A TCP transfer of 1 MiB from FROM to TO (at ADDR), content checked.
tcp_ok() { # FROM TO ADDR
	ns_tcp_sha256 "$1" "$2" 6 "$3" 1048576 "$work/tcp.$1.$2"
}
check "TCP 1 MiB client -> native host, content checked" tcp_ok cl h6 "$H6"
check "TCP 1 MiB native host -> client, content checked" tcp_ok h6 cl "$ME"

# A packet whose IPv6 source does not match its UDP/IPv4 source (sent from
# the NAT box itself, port 5555, with the client's address inside) is
# dropped by the relay (RR4-3 (3)), which answers with an error bubble.
spoof_ok() {
	ns nat python3 -c '
import socket, struct, sys
me = socket.inet_pton(socket.AF_INET6, sys.argv[1])
h6 = socket.inet_pton(socket.AF_INET6, sys.argv[2])
pkt = struct.pack("!IHBB", 6 << 28, 8, 59, 64) + me + h6 + bytes(8)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[4], 5555))
s.settimeout(3)
s.sendto(pkt, (sys.argv[3], 1027))
data, src = s.recvfrom(100)
print("answer", len(data), data[:12].hex(), data[12:].hex(), src)
assert len(data) == 20 and data[12:] == bytes(8), "not an error bubble"
assert data[6:10] == socket.inet_aton(sys.argv[4]) and data[10:12] == struct.pack("!H", 5555)
' "$ME" "$H6" "$B" "$N" || return 1
	ns_wait 20 grep -q "drop 6a44: inner source does not match" "$work/relay.log"
}
check "spoofed source dropped with its reason, error bubble back (§6.3)" spoof_ok

ns_summary
