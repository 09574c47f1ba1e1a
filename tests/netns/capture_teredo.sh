#!/bin/sh
# libv6transit - capture real Teredo traffic of Miredo (RFC 4380) as test
# fixtures: a Miredo server, two Miredo clients (one with a global IPv4
# address, one behind a MASQUERADE NAT) and a Miredo relay with a native
# IPv6 host behind it (the network of teredo_topology.sh). Each client
# qualifies (RS with authentication, RA with origin indication, RFC 4380
# §5.2.1) and pings the native host through the relay (bubbles and data,
# §5.2.4, §5.4), so the captures hold every packet kind the Teredo parser
# must read.
#
# usage: sh tests/netns/capture_teredo.sh OUTDIR
# Needs root, ip netns, miredo, miredo-server, tcpdump and iptables; exits
# 77 (skipped) with the reason when one is missing. Writes into OUTDIR:
#   server.pcap   the server's IPv4 link (Ethernet): RS/RA, indirect bubbles
#   relay.pcap    the relay's IPv4 link (Ethernet): bubbles, data both ways
#   nat.pcap      the NAT's outside link (Ethernet): cli2 as the NAT maps it
# tests/vectors/miredo/ holds the files this script made, with its README.
# SPDX-License-Identifier: BSD-2-Clause
set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/teredo_topology.sh"

[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
out=$1
for tool in miredo miredo-server tcpdump iptables ping; do
	command -v "$tool" >/dev/null 2>&1 || ns_skip "no $tool"
done
ns_init
mkdir -p "$out"
work=$(mktemp -d /tmp/v6t-teredo.XXXXXX)
trap 'ns_cleanup; rm -rf "$work"' EXIT

teredo_topology

miredo_conf "$work/server.conf" "ServerBindAddress $SRV4" "ServerBindAddress2 $SRV4B"
miredo_conf "$work/client.conf" "RelayType client" "InterfaceName teredo" \
	"ServerAddress $SRV4"
miredo_conf "$work/relay.conf" "RelayType cone" "InterfaceName teredo" \
	"BindAddress $RELAY4" "BindPort 3545"

cap() { # NS IF FILE
	ns_bg "$1" "$work/tcpdump-$1.log" tcpdump -i "$2" -w "$3" --immediate-mode -U udp
	ns_wait 50 grep -q listening "$work/tcpdump-$1.log"
}
cap srv eth0 "$work/server.pcap"
cap relay eth0 "$work/relay.pcap"
cap nat eth0 "$work/nat.pcap"

# Miredo in the foreground, each with its own configuration and pidfile
ns_bg srv "$work/server.log" miredo-server -f -c "$work/server.conf" -p "$work/server.pid"
ns_bg relay "$work/relay.log" miredo -f -c "$work/relay.conf" -p "$work/relay.pid"
ns_wait 50 ns relay ip link show teredo
ns_bg cli "$work/cli.log" miredo -f -c "$work/client.conf" -p "$work/cli.pid"
ns_bg cli2 "$work/cli2.log" miredo -f -c "$work/client.conf" -p "$work/cli2.pid"

qualified() { # NS: the client has its Teredo address
	ns "$1" ip -6 addr show dev teredo 2>/dev/null | grep -q 'inet6 2001:0:'
}
# qualification takes well under a second; 10 s at most
check "cli qualifies against miredo-server" ns_wait 100 qualified cli
check "cli2 (behind NAT) qualifies" ns_wait 100 qualified cli2
check "cli pings $HOST6 through the relay" ns cli ping -6 -c 3 -i 0.3 -W 2 "$HOST6"
check "cli2 pings $HOST6 through the relay" ns cli2 ping -6 -c 3 -i 0.3 -W 2 "$HOST6"
# a second wait lets tcpdump write the last packets before it stops
sleep 1
ns_cleanup
for f in server relay nat; do
	cp "$work/$f.pcap" "$out/$f.pcap"
done
ns_summary
