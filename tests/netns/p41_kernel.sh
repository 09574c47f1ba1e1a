#!/bin/sh
# libv6transit - protocol-41 tunnels (6in4, 6rd, 6to4, ISATAP) end to end
# with the Linux kernel's IPv6 stack as the peer (issue 10).
#
# usage: sh tests/netns/p41_kernel.sh P41_ENDPOINT [--capture DIR]
#   P41_ENDPOINT  tests/netns/p41_endpoint (built by ctest): the library on
#                 a TUN device (inner IPv6) and a raw socket of protocol 41
#                 (outer IPv4); it prints its counters when it stops
#   --capture     also capture each scenario's protocol-41 packets on the
#                 segment into DIR/p41_MECH.pcap (tcpdump; Ethernet), TCP
#                 segments other than SYNs left out to keep them small:
#                 the fixtures of tests/vectors/p41/ (README.md there)
# Needs root and ip netns: exits 77 (skipped) with the reason otherwise.
# With P41_LOGS=DIR in the environment, the logs are copied to DIR.
# Prints one pass/FAIL line per check and exits 1 when one failed.
#
# The network: every namespace on one IPv4 segment (a bridge in sw), the
# endpoint run in the namespaces a scenario uses, one scenario at a time:
#
#   [a] 192.0.2.1    192.88.99.10 --+
#   [b] 192.0.2.2    192.88.99.20 --+-- br0 [sw]
#   [br] 192.0.2.254 ---------------+         (6rd BR, ISATAP router)
#   [evil] 192.0.2.66 192.88.99.66 -+         (the spoofer)
#   [br] 2001:db8:ff::1 -- 2001:db8:ff::2 [h6]   (native IPv6 behind the BR)
#
# 6to4 needs global IPv4 addresses (RFC 3964 §5.3.1 refuses the RFC 5737
# ones): it uses 192.88.99.0/24, global unicast in RFC 6890's registry and
# unused since RFC 7526 deprecated the relay anycast; only inside these
# namespaces. 6in4: 2001:db8:41::1 (a) and ::2 (b). 6rd: domain
# 2001:db8:100::/40, IPv4MaskLen 24 (RFC 5969 §7.1.1), so CE 192.0.2.N owns
# 2001:db8:1NN::/48 (N in hex; a 2001:db8:101::/48, b 2001:db8:102::/48).
# ISATAP: prefix 2001:db8:5e::/64, router br in the PRL; a node's
# link-local address is fe80::5efe:V4ADDR (RFC 5214 §6.1, u = 0: these
# IPv4 addresses are not global), and the kernel forms its SLAAC address
# from the Router Advertisement with the same interface identifier.
# SPDX-License-Identifier: BSD-2-Clause
set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

usage() {
	echo "usage: $0 P41_ENDPOINT [--capture DIR]" >&2
	exit 2
}
[ $# -eq 1 ] || [ $# -eq 3 ] || usage
ep=$1
capture=
if [ $# -eq 3 ]; then
	[ "$2" = --capture ] || usage
	capture=$(cd "$3" && pwd) || usage
	command -v tcpdump >/dev/null 2>&1 || ns_skip "no tcpdump for --capture"
fi
[ -x "$ep" ] || { echo "$ep: not an executable" >&2; exit 2; }
for tool in ping nc python3 sha256sum timeout ss; do
	command -v "$tool" >/dev/null 2>&1 || ns_skip "no $tool"
done
ns_init
work=$(mktemp -d /tmp/v6t-p41.XXXXXX)
trap 'ns_cleanup; rm -rf "$work"' EXIT
TUN=p41
A4=192.0.2.1
B4=192.0.2.2
BR4=192.0.2.254
EVIL4=192.0.2.66
A4G=192.88.99.10
B4G=192.88.99.20
EVIL4G=192.88.99.66

# ------------------------------------------------------------- topology

join() { # NS ADDR4...
	ip link add eth0 netns "$NS_PREFIX-$1" type veth peer name "v-$1" \
		netns "$NS_PREFIX-sw"
	ns sw ip link set "v-$1" master br0 up
	ns "$1" ip link set eth0 up
	_n=$1
	shift
	for a in "$@"; do
		ns "$_n" ip addr add "$a/24" dev eth0
	done
}

topology() {
	ns_add sw a b br evil h6
	ns sw ip link add br0 type bridge
	ns sw ip link set br0 up
	join a "$A4" "$A4G"
	join b "$B4" "$B4G"
	join br "$BR4"
	join evil "$EVIL4" "$EVIL4G"
	ns_link br eth6 h6 eth0
	ns br ip -6 addr add 2001:db8:ff::1/64 dev eth6 nodad
	ns h6 ip -6 addr add 2001:db8:ff::2/64 dev eth0 nodad
	ns h6 ip -6 route add default via 2001:db8:ff::1
	ns br sysctl -qw net.ipv6.conf.all.forwarding=1
	# the whole segment answers ARP before anything is timed
	ns_wait 30 ns a ping -c 1 -W 1 "$BR4" && ns_wait 30 ns b ping -c 1 -W 1 "$BR4"
}

# ------------------------------------------------------------- endpoints

# start NS ADDR6[,ADDR6] ROUTE6[,ROUTE6] MECH OPTIONS...: the endpoint in
# NS, its TUN device up with the addresses (nodad) and the routes.
start() {
	_n=$1
	_addrs=$2
	_routes=$3
	shift 3
	ns_bg "$_n" "$work/ep.$_n.log" "$ep" -v --tun "$TUN" "$@"
	eval "EP_$_n=\$NS_LAST_PID"
	ns_wait 50 ns "$_n" ip link show "$TUN" || return 1
	ns "$_n" ip link set "$TUN" mtu 1480 up
	for a in $(echo "$_addrs" | tr , ' '); do
		ns "$_n" ip -6 addr add "$a" dev "$TUN" nodad || return 1
	done
	for r in $(echo "$_routes" | tr , ' '); do
		ns "$_n" ip -6 route add "$r" dev "$TUN" || return 1
	done
}

# stop NS: end the endpoint; its counters are in $work/ep.NS.log.
stop() {
	eval "_p=\${EP_$1:-}"
	[ -n "$_p" ] && ns_stop "$_p"
	eval "EP_$1="
	ns_wait 50 sh -c "! ip netns exec $NS_PREFIX-$1 ip link show $TUN"
}

# cap_start NAME: with --capture, tcpdump on the segment into
# DIR/p41_NAME.pcap; cap_stop ends it a second after the last packet.
cap_start() {
	[ -n "$capture" ] || return 0
	ns_bg sw "$work/tcpdump.$1.log" tcpdump --immediate-mode -U -Z root -i br0 \
		-w "$capture/p41_$1.pcap" 'ip proto 41 and (ip[26] != 6 or ip[73] & 2 != 0)'
	CAP=$NS_LAST_PID
	ns_wait 50 grep -q listening "$work/tcpdump.$1.log"
}

cap_stop() {
	[ -n "${CAP:-}" ] || return 0
	sleep 1
	ns_stop "$CAP"
	CAP=
}

# counter NS KEY=VALUE: the stopped endpoint of NS printed that line.
counter() {
	cat "$work/ep.$1.log"
	grep -qx "$2" "$work/ep.$1.log"
}

# few NS KEY N: the stopped endpoint of NS counted KEY below N.
few() {
	cat "$work/ep.$1.log"
	_v=$(sed -n "s/^$2=//p" "$work/ep.$1.log")
	[ -n "$_v" ] && [ "$_v" -lt "$3" ]
}

# few_not NS KEY N: ... at least N.
few_not() {
	! few "$@" && grep -q "^$2=" "$work/ep.$1.log"
}

# ---------------------------------------------------------------- checks

ping_ok() { # NS DST
	ns "$1" ping -6 -c 3 -i 0.2 -W 2 "$2"
}

# A TCP transfer of 1 MiB from FROM to TO at ADDR, content checked.
tcp_ok() { # FROM TO ADDR
	ns_tcp_sha256 "$1" "$2" 6 "$3" 1048576 "$work/tcp.$1.$2"
}

spoof() { # SRC4 DST4 SRC6 DST6 COUNT [nested]
	ns evil python3 "$here/p41_spoof.py" "$@"
}

# ------------------------------------------------------------------ 6in4

run_6in4() {
	check "6in4: endpoint in a starts" \
		start a 2001:db8:41::1/64 "" 6in4 --local "$A4" --remote "$B4"
	check "6in4: endpoint in b starts" \
		start b 2001:db8:41::2/64 "" 6in4 --local "$B4" --remote "$A4"
	cap_start 6in4
	check "6in4: ping6 a -> b" ping_ok a 2001:db8:41::2
	check "6in4: TCP 1 MiB a -> b, content checked (sha256)" tcp_ok a b 2001:db8:41::2
	check "6in4: TCP 1 MiB b -> a, content checked (sha256)" tcp_ok b a 2001:db8:41::1
	# RFC 4213 §3.6: not from the peer; a nested tunnel packet from the peer
	spoof "$EVIL4" "$A4" 2001:db8:41::2 2001:db8:41::1 3
	spoof "$B4" "$A4" 2001:db8:41::2 2001:db8:41::1 2 nested
	sleep 0.5
	cap_stop
	stop a
	stop b
	check "6in4: 3 packets from 192.0.2.66 rejected by a: reject_peer=3" counter a reject_peer=3
	check "6in4: 2 nested packets rejected by a: reject_nested=2" counter a reject_nested=2
	check "6in4: b rejected nothing" counter b rejected=0
}

# ------------------------------------------------------------------- 6rd

RD="--prefix 2001:db8:100::/40 --v4masklen 24 --br $BR4"

run_6rd() {
	# a CE routes the domain and, by default, everything else into the
	# tunnel (RFC 5969 §7.1: to the BR); the BR the domain
	check "6rd: CE endpoint in a starts" \
		start a 2001:db8:101::1/128 2001:db8:100::/40,default 6rd $RD --local "$A4"
	check "6rd: CE endpoint in b starts" \
		start b 2001:db8:102::1/128 2001:db8:100::/40,default 6rd $RD --local "$B4"
	check "6rd: BR endpoint in br starts" \
		start br 2001:db8:1fe::1/128 2001:db8:100::/40 6rd $RD --local "$BR4"
	cap_start 6rd
	check "6rd: ping6 CE a -> CE b (direct, RFC 5969 §7.2)" ping_ok a 2001:db8:102::1
	check "6rd: TCP 1 MiB CE a -> CE b, content checked" tcp_ok a b 2001:db8:102::1
	check "6rd: ping6 CE a -> BR -> native host h6" ping_ok a 2001:db8:ff::2
	check "6rd: TCP 1 MiB native host h6 -> BR -> CE b, content checked" \
		tcp_ok h6 b 2001:db8:102::1
	# RFC 5969 §9.2: b's source from the wrong IPv4 address
	spoof "$EVIL4" "$A4" 2001:db8:102::1 2001:db8:101::1 4
	sleep 0.5
	cap_stop
	stop a
	stop b
	stop br
	check "6rd: 4 packets with b's source from 192.0.2.66 rejected by a: reject_6rd_src=4" \
		counter a reject_6rd_src=4
	check "6rd: the BR rejected nothing" counter br rejected=0
}

# ------------------------------------------------------------------ 6to4

run_6to4() {
	check "6to4: endpoint in a (192.88.99.10) starts" \
		start a 2002:c058:630a::1/16 "" 6to4 --local "$A4G"
	check "6to4: endpoint in b (192.88.99.20) starts" \
		start b 2002:c058:6314::1/16 "" 6to4 --local "$B4G"
	cap_start 6to4
	check "6to4: ping6 2002:c058:630a::1 -> 2002:c058:6314::1" ping_ok a 2002:c058:6314::1
	check "6to4: TCP 1 MiB a -> b, content checked" tcp_ok a b 2002:c058:6314::1
	# RFC 3964 §5.2: b's 6to4 source from another IPv4 address; and a
	# private IPv4 address embedded (§5.3.2)
	spoof "$EVIL4G" "$A4G" 2002:c058:6314::1 2002:c058:630a::1 3
	spoof "$EVIL4G" "$A4G" 2002:c0a8:1::1 2002:c058:630a::1 2
	sleep 0.5
	cap_stop
	stop a
	stop b
	check "6to4: 3 packets with b's source from 192.88.99.66 rejected: reject_6to4_src=3" \
		counter a reject_6to4_src=3
	check "6to4: 2 packets from 2002:c0a8:1::1 (192.168.0.1) rejected: reject_6to4_v6=2" \
		counter a reject_6to4_v6=2
}

# ---------------------------------------------------------------- ISATAP

IS="--prefix 2001:db8:5e::/64 --prl $BR4"

# isatap_host NS V4 LL: the endpoint on a TUN device with only the ISATAP
# link-local address LL; the kernel then sends its Router Solicitation.
isatap_host() {
	ns "$1" sysctl -qw net.ipv6.conf.default.addr_gen_mode=1
	start "$1" "" "" isatap --local "$2" $IS || return 1
	ns "$1" sysctl -qw "net.ipv6.conf.$TUN.accept_ra=1"
	ns "$1" ip link set "$TUN" down
	ns "$1" ip -6 addr add "$3/64" dev "$TUN" nodad
	ns "$1" ip link set "$TUN" up
}

slaac_ok() { # NS ADDR
	ns_wait 100 sh -c "ip netns exec $NS_PREFIX-$1 ip -6 addr show dev $TUN | grep -q '$2/64'"
	_rc=$?
	ns "$1" ip -6 addr show dev "$TUN"
	ns "$1" ip -6 route show dev "$TUN"
	return $_rc
}

start_radvd() {
	cat >"$work/radvd.conf" <<EOF
interface $TUN {
	AdvSendAdvert on;
	MinRtrAdvInterval 30;
	MaxRtrAdvInterval 60;
	prefix 2001:db8:5e::/64 {
		AdvOnLink on;
		AdvAutonomous on;
	};
};
EOF
	ns_bg br "$work/radvd.log" radvd -n -d 1 -m stderr -C "$work/radvd.conf" \
		-p "$work/radvd.pid"
	RADVD=$NS_LAST_PID
	ns_wait 50 test -s "$work/radvd.pid"
}

run_isatap() {
	if ! command -v radvd >/dev/null 2>&1; then
		echo "SKIP: no radvd: the ISATAP checks not run"
		return
	fi
	ns br sysctl -qw net.ipv6.conf.default.addr_gen_mode=1
	check "ISATAP: router endpoint in br starts" \
		start br fe80::5efe:c000:2fe/64,2001:db8:5e::5efe:c000:2fe/64 "" \
		isatap --local "$BR4" $IS
	cap_start isatap
	check "ISATAP: radvd starts on the router's TUN device" start_radvd
	check "ISATAP: host a starts (link-local fe80::5efe:c000:201)" \
		isatap_host a "$A4" fe80::5efe:c000:201
	check "ISATAP: host b starts (link-local fe80::5efe:c000:202)" \
		isatap_host b "$B4" fe80::5efe:c000:202
	check "ISATAP: a's kernel took 2001:db8:5e::5efe:c000:201 from the RA answering its RS" \
		slaac_ok a 2001:db8:5e::5efe:c000:201
	check "ISATAP: b's kernel took 2001:db8:5e::5efe:c000:202" \
		slaac_ok b 2001:db8:5e::5efe:c000:202
	check "ISATAP: ping6 host a -> host b (on-link, direct)" \
		ping_ok a 2001:db8:5e::5efe:c000:202
	check "ISATAP: TCP 1 MiB b -> a, content checked" tcp_ok b a 2001:db8:5e::5efe:c000:201
	check "ISATAP: ping6 host a -> router" ping_ok a 2001:db8:5e::5efe:c000:2fe
	# RFC 5214 §7.3: b's ISATAP source from another IPv4 address (not in
	# the PRL)
	spoof "$EVIL4" "$A4" 2001:db8:5e::5efe:c000:202 2001:db8:5e::5efe:c000:201 3
	sleep 0.5
	cap_stop
	ns_stop "$RADVD"
	stop a
	stop b
	stop br
	check "ISATAP: 3 packets with b's source from 192.0.2.66 rejected: reject_isatap_src=3" \
		counter a reject_isatap_src=3
	# the 1 MiB b -> a is some 750 packets: had they gone through the
	# router, it would have decapsulated them
	check "ISATAP: host-to-host traffic went direct (the router decapsulated under 50 packets: RS, pings)" \
		few br decapsulated 50
	check "ISATAP: the router answered the RSs with unicast RAs (it encapsulated packets)" \
		few_not br encapsulated 2
	ns a sysctl -qw net.ipv6.conf.default.addr_gen_mode=0
	ns b sysctl -qw net.ipv6.conf.default.addr_gen_mode=0
}

# ------------------------------------------------------------------- sit

run_sit() {
	if ns a ip link add "sit$$" type sit local "$A4" remote "$B4" 2>"$work/sit.err"; then
		ns a ip link del "sit$$"
		echo "SKIP: this kernel has sit, but the checks against it are not written yet"
	else
		echo "SKIP: the kernel has no sit ('ip link add type sit': $(head -n 1 "$work/sit.err")): our endpoint against the kernel's own tunnel not run"
	fi
}

# ------------------------------------------------------------------ main

check "topology" topology
run_6in4
run_6rd
run_6to4
run_isatap
run_sit
# P41_LOGS=DIR keeps the endpoints' counters and the radvd log there
[ -n "${P41_LOGS:-}" ] && cp "$work"/*.log "$P41_LOGS"/
ns_summary
