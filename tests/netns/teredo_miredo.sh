#!/bin/sh
# libv6transit - our Teredo client and relay (tests/netns/teredo_node.c,
# the library on a TUN device) against Miredo. Our client qualifies
# against miredo-server (RS with authentication, RA with origin
# indication, RFC 4380 §5.2.1, §5.2.2) and pings the native IPv6 host
# through a Miredo relay (the direct IPv6 connectivity test through the
# server, the relay's indirect bubble answered with a direct one, then
# data straight to the relay, §5.2.3, §5.2.4, §5.2.9, §5.4), once with a
# global IPv4 address (cli) and once behind the MASQUERADE NAT (cli2).
# Then our relay takes the Miredo relay's place and serves Miredo clients
# (cli and cli2) pinging the native host (§5.4.1, §5.4.2). The network
# is the one of teredo_topology.sh.
#
# usage: sh tests/netns/teredo_miredo.sh TEREDO_NODE
# Needs root, ip netns, miredo, miredo-server, iptables and ping: exits 77
# (skipped) with the reason otherwise. Prints one pass/FAIL line per check
# and exits 1 when one failed.
# SPDX-License-Identifier: BSD-2-Clause
set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/teredo_topology.sh"

[ $# -eq 1 ] || { echo "usage: $0 TEREDO_NODE" >&2; exit 2; }
node=$1
[ -x "$node" ] || { echo "$node: not an executable" >&2; exit 2; }
for tool in miredo miredo-server iptables ping; do
	command -v "$tool" >/dev/null 2>&1 || ns_skip "no $tool"
done
[ -c /dev/net/tun ] || ns_skip "no /dev/net/tun"
ns_init
work=$(mktemp -d /tmp/v6t-teredo.XXXXXX)
trap 'ns_cleanup; rm -rf "$work"' EXIT

teredo_topology

miredo_conf "$work/server.conf" "ServerBindAddress $SRV4" "ServerBindAddress2 $SRV4B"
miredo_conf "$work/relay.conf" "RelayType cone" "InterfaceName teredo" \
	"BindAddress $RELAY4" "BindPort 3545"
# Miredo in the foreground, each with its own configuration and pidfile
ns_bg srv "$work/server.log" miredo-server -f -c "$work/server.conf" -p "$work/server.pid"
ns_bg relay "$work/relay.log" miredo -f -c "$work/relay.conf" -p "$work/relay.pid"
miredo_relay=$NS_LAST_PID
ns_wait 50 ns relay ip link show teredo || ns_skip "the Miredo relay did not start"

# run_client NS MAPPED4: start our client in NS and check it end to end
run_client() {
	_ns=$1
	_log="$work/client-$_ns.log"
	ns_bg "$_ns" "$_log" "$node" client teredo0 "$SRV4"
	_pid=$NS_LAST_PID
	check "$_ns: our client qualifies against miredo-server" \
		ns_wait 100 grep -q '^qualified ' "$_log"
	_addr=$(sed -n 's/^qualified //p' "$_log")
	[ -n "$_addr" ] || { cat "$_log"; return; }
	echo "  $_ns: $_addr"
	# the server's prefix (198.51.100.1 = c633:6401) and the mapping the
	# server saw, which for cli2 is the NAT's outside address
	check "$_ns: the address is 2001:0:c633:6401::/64 with the mapping of $2" \
		sh -c "echo '$_addr' | grep -q '^2001:0:c633:6401:' &&
			echo '$_addr' | grep -q ':$(echo "$2" | awk -F. '{printf "%x%02x:%x%02x", 255-$1, 255-$2, 255-$3, 255-$4}')\$'"
	ns "$_ns" ip link set teredo0 up mtu 1280
	ns "$_ns" ip -6 addr add "$_addr/32" dev teredo0 nodad
	ns "$_ns" ip -6 route add default dev teredo0
	check "$_ns: our client pings $HOST6 through the Miredo relay" \
		ns "$_ns" ping -6 -c 3 -i 0.3 -W 3 "$HOST6"
	check "$_ns: $HOST6 became trusted via the relay $RELAY4:3545 (§5.2.3 rule 2)" \
		grep -q "^trusted $HOST6 via $RELAY4:3545\$" "$_log"
	ns_stop "$_pid"
	sed -n 's/^dropped /  dropped /p' "$_log"
}

run_client cli "$CLI4"
run_client cli2 "$NAT4"

# Our relay in the Miredo relay's place (same address and port, 2001::/32
# routed to its TUN), Miredo clients in cli and cli2.
ns_stop "$miredo_relay"
ns_wait 50 sh -c "! ip netns exec $NS_PREFIX-relay ip link show teredo" ||
	echo "  the Miredo relay's interface is still there"
rlog="$work/our-relay.log"
ns_bg relay "$rlog" "$node" relay teredo0 "$RELAY4" 3545
ns_wait 50 grep -q '^relay on' "$rlog"
ns relay ip link set teredo0 up mtu 1280
ns relay ip -6 route add 2001::/32 dev teredo0
miredo_conf "$work/client.conf" "RelayType client" "InterfaceName teredo" \
	"ServerAddress $SRV4"

qualified() { # NS: the Miredo client has its Teredo address
	ns "$1" ip -6 addr show dev teredo 2>/dev/null | grep -q 'inet6 2001:0:'
}
# miredo_client NS MAPPED4 PORT-CHECK: a Miredo client in NS through our relay
miredo_client() {
	ns_bg "$1" "$work/miredo-$1.log" miredo -f -c "$work/client.conf" -p "$work/miredo-$1.pid"
	check "$1: the Miredo client qualifies" ns_wait 100 qualified "$1"
	check "$1: the Miredo client pings $HOST6 through our relay" \
		ns "$1" ping -6 -c 3 -i 0.3 -W 3 "$HOST6"
	check "$1: our relay trusts the Miredo client at $2 (§5.4.2)" \
		grep -q "^trusted 2001:0:c633:6401:.* via $2:" "$rlog"
}
miredo_client cli "$CLI4"
miredo_client cli2 "$NAT4"
ns_cleanup
sed -n 's/^dropped /  our relay dropped /p' "$rlog"
ns_summary
