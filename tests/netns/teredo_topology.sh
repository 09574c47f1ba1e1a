# libv6transit - the Teredo test network (sourced by the Teredo scripts of
# tests/netns/ after lib.sh). POSIX sh.
# SPDX-License-Identifier: BSD-2-Clause
#
#                 198.51.100.1,.2 (the server's two addresses, RFC 4380 §5.2.1)
#        [srv] ----------------------+            2001:db8:7::/64
#          |  \___________________   |       [srv] ----------- [host6]
#   203.0.113.10                  [inet]                        |
#  [cli] ------------------------/  |  \                        | 2001:db8:6::/64
#                                   |   192.0.2.10              |
#        10.0.0.2      203.0.113.65 |  [relay] -----------------+
#  [cli2] -------- [nat] -----------+
#           MASQUERADE
#
# inet routes IPv4 among srv, cli, nat and relay; nat hides cli2 behind
# 203.0.113.65 (iptables MASQUERADE: a port-restricted NAT); host6 is a
# native IPv6 host reached through the relay for Teredo addresses
# (2001::/32) and through the server for the server's own IPv6 needs.
# Addresses are the documentation ranges (RFC 5737, RFC 3849) and RFC 1918
# behind the NAT; Miredo's server takes only global-looking IPv4 addresses.

SRV4=198.51.100.1
SRV4B=198.51.100.2
CLI4=203.0.113.10
NAT4=203.0.113.65
CLI2_4=10.0.0.2
RELAY4=192.0.2.10
HOST6=2001:db8:6::2
RELAY6=2001:db8:6::1
SRV6=2001:db8:7::1
HOST6_SRV=2001:db8:7::2

teredo_topology() {
	ns_add inet srv cli nat cli2 relay host6
	for n in inet nat; do
		ns "$n" sysctl -qw net.ipv4.ip_forward=1
	done
	ns host6 sysctl -qw net.ipv6.conf.all.forwarding=1
	ns relay sysctl -qw net.ipv6.conf.all.forwarding=1
	ns srv sysctl -qw net.ipv6.conf.all.forwarding=1

	ns_link inet i-srv srv eth0
	ns inet ip addr add 198.51.100.254/24 dev i-srv
	ns srv ip addr add "$SRV4/24" dev eth0
	ns srv ip addr add "$SRV4B/24" dev eth0
	ns srv ip route add default via 198.51.100.254

	ns_link inet i-cli cli eth0
	ns inet ip addr add 203.0.113.62/26 dev i-cli
	ns cli ip addr add "$CLI4/26" dev eth0
	ns cli ip route add default via 203.0.113.62

	ns_link inet i-nat nat eth0
	ns inet ip addr add 203.0.113.126/26 dev i-nat
	ns nat ip addr add "$NAT4/26" dev eth0
	ns nat ip route add default via 203.0.113.126
	ns_link nat eth1 cli2 eth0
	ns nat ip addr add 10.0.0.1/24 dev eth1
	ns cli2 ip addr add "$CLI2_4/24" dev eth0
	ns cli2 ip route add default via 10.0.0.1
	ns nat iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE

	ns_link inet i-relay relay eth0
	ns inet ip addr add 192.0.2.126/25 dev i-relay
	ns relay ip addr add "$RELAY4/25" dev eth0
	ns relay ip route add default via 192.0.2.126

	ns_link relay eth1 host6 eth0
	ns relay ip -6 addr add "$RELAY6/64" dev eth1 nodad
	ns host6 ip -6 addr add "$HOST6/64" dev eth0 nodad
	ns_link srv eth1 host6 eth1
	ns srv ip -6 addr add "$SRV6/64" dev eth1 nodad
	ns host6 ip -6 addr add "$HOST6_SRV/64" dev eth1 nodad
	ns host6 ip -6 route add 2001::/32 via "$RELAY6"
	ns srv ip -6 route add 2001:db8:6::/64 via "$HOST6_SRV"
	ns relay ip -6 route add default via "$HOST6"
}

# miredo_conf FILE LINES...: a Miredo configuration file.
miredo_conf() {
	_f=$1
	shift
	: >"$_f"
	for l in "$@"; do
		echo "$l" >>"$_f"
	done
}
