#!/bin/sh
# libv6transit - our Teredo client (tests/netns/teredo_client.c, the
# library on a TUN device) against Miredo: it qualifies against
# miredo-server (RS with authentication, RA with origin indication, RFC
# 4380 §5.2.1, §5.2.2) and pings the native IPv6 host through a Miredo
# relay (the direct IPv6 connectivity test through the server, the
# relay's indirect bubble answered with a direct one, then data straight
# to the relay, §5.2.3, §5.2.4, §5.2.9, §5.4), once with a global IPv4
# address (cli) and once behind the MASQUERADE NAT (cli2). The network is
# the one of teredo_topology.sh.
#
# usage: sh tests/netns/teredo_miredo.sh TEREDO_CLIENT
# Needs root, ip netns, miredo, miredo-server, iptables and ping: exits 77
# (skipped) with the reason otherwise. Prints one pass/FAIL line per check
# and exits 1 when one failed.
# SPDX-License-Identifier: BSD-2-Clause
set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/teredo_topology.sh"

[ $# -eq 1 ] || { echo "usage: $0 TEREDO_CLIENT" >&2; exit 2; }
client=$1
[ -x "$client" ] || { echo "$client: not an executable" >&2; exit 2; }
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
ns_wait 50 ns relay ip link show teredo || ns_skip "the Miredo relay did not start"

# run_client NS MAPPED4: start our client in NS and check it end to end
run_client() {
	_ns=$1
	_log="$work/client-$_ns.log"
	ns_bg "$_ns" "$_log" "$client" teredo0 "$SRV4"
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
ns_summary
