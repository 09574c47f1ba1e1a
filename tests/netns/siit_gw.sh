#!/bin/sh
# libv6transit - siit-gw end to end through the Linux kernel, and the same
# checks through TAYGA side by side (issue 11).
#
# usage: sh tests/netns/siit_gw.sh SIIT_GW [--tayga] [--bench FILE]
#   SIIT_GW   the siit-gw program to test
#   --tayga   also run every check through TAYGA (/usr/sbin/tayga)
#   --bench   also measure iperf3 throughput and CPU time per wire packet
#             of each translator (bench_one says how each row counts
#             them); the Markdown table goes to FILE
# Needs root and ip netns: exits 77 (skipped) with the reason otherwise.
# Prints one pass/FAIL line per check and exits 1 when one failed.
#
# The network (all addresses only inside the namespaces made here):
#
#   [h6] 2001:db8:6::2 -- [r6] ==MTU 1280== [gw] 198.51.100.1 -- 198.51.100.2 [h4]
#                                            TUN siit0
#
# h6 is IPv6-only, h4 IPv4-only. The translator in gw maps h6 to
# 192.0.2.2 with an EAM entry (RFC 7757) and every IPv4 address into
# 2001:db8:64::/96 (RFC 6052): h4 is 2001:db8:64::c633:6402 to h6. Its own
# addresses, the sources of the errors it originates, are 192.0.2.254 and
# 2001:db8:ffff::1. The link between the router r6 and gw has MTU 1280,
# the others 1500: h6 announces an MSS of 1440, so IPv4 TCP from h4 needs
# Path MTU Discovery through the translator (Packet Too Big from gw's
# kernel or the translator's own Fragmentation Needed, 1260 bytes).
#
# The CLAT check builds a second network: an IPv4-only application host
# behind a CLAT (siit-gw, mode clat) reaching an IPv4 server through a
# PLAT (a second siit-gw, mode siit) across an IPv6-only link.
#
# Every siit-gw check runs twice: with the TUN device's offloads off (the
# default) and with `offload on` (checksum offload and TCP super-packets
# through the device, examples/siit-gw/offload.c). The checks with offload
# on run with the translators' own links' transmit checksum offload off
# (tx_csum.py): their kernel then finishes each checksum siit-gw leaves
# partial, and the hosts verify it (across veth with the offload on, a
# partial checksum would be trusted as it is, right or wrong). The bench
# runs with it on, as with a NIC that finishes checksums itself.
# SPDX-License-Identifier: BSD-2-Clause
set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

usage() {
	echo "usage: $0 SIIT_GW [--tayga] [--bench FILE]" >&2
	exit 2
}
[ $# -ge 1 ] || usage
gwbin=$1
shift
with_tayga=0
bench=
while [ $# -gt 0 ]; do
	case $1 in
	--tayga) with_tayga=1 ;;
	--bench) [ $# -ge 2 ] || usage; bench=$2; shift ;;
	*) usage ;;
	esac
	shift
done
[ -x "$gwbin" ] || { echo "$gwbin: not an executable" >&2; exit 2; }
for tool in ping nc python3 sha256sum timeout; do
	command -v "$tool" >/dev/null 2>&1 || ns_skip "no $tool"
done
ns_init
work=$(mktemp -d /tmp/v6t-siit.XXXXXX)
trap 'ns_cleanup; rm -rf "$work"' EXIT

H6=2001:db8:6::2
H6_AS4=192.0.2.2
H4=198.51.100.2
H4_AS6=2001:db8:64::c633:6402
GW4_AS6=2001:db8:64::c633:6401 # gw's own 198.51.100.1, as h6 sees it
SELF4=192.0.2.254
SELF6=2001:db8:ffff::1
TUN=siit0

topology() {
	ns_add h6 r6 gw h4
	ns gw sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
		net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
	ns r6 sysctl -qw net.ipv6.conf.all.forwarding=1
	ns_link h6 eth0 r6 eth1
	ns h6 ip -6 addr add "$H6/64" dev eth0 nodad
	ns h6 ip -6 route add default via 2001:db8:6::1
	ns r6 ip -6 addr add 2001:db8:6::1/64 dev eth1 nodad
	ns_link r6 eth0 gw eth6
	ns r6 ip link set eth0 mtu 1280
	ns gw ip link set eth6 mtu 1280
	ns r6 ip -6 addr add 2001:db8:5::2/64 dev eth0 nodad
	ns r6 ip -6 route add default via 2001:db8:5::1
	ns gw ip -6 addr add 2001:db8:5::1/64 dev eth6 nodad
	ns gw ip -6 route add 2001:db8:6::/64 via 2001:db8:5::2
	ns_link gw eth4 h4 eth0
	ns gw ip addr add 198.51.100.1/24 dev eth4
	ns h4 ip addr add "$H4/24" dev eth0
	ns h4 ip route add default via 198.51.100.1
}

# The TUN device is up and the prefixes to translate are routed into it.
tun_routes() { # NS DEV ROUTE4... -- ROUTE6...
	_ns=$1
	_dev=$2
	shift 2
	ns_wait 50 ns "$_ns" ip link show "$_dev" || return 1
	ns "$_ns" ip link set "$_dev" up
	_v=4
	for r in "$@"; do
		if [ "$r" = -- ]; then
			_v=6
		else
			ns "$_ns" ip -"$_v" route add "$r" dev "$_dev"
		fi
	done
}

start_siit_gw() { # [COALESCE_US [OFFLOAD]]
	cat >"$work/gw.conf" <<EOF
# the translator of tests/netns/siit_gw.sh
tun-device $TUN
pool6 2001:db8:64::/96
eam $H6 $H6_AS4
self4 $SELF4
self6 $SELF6
mtu6 1280
reassembly-slots 64
coalesce-us ${1:-0}
offload ${2:-off}
EOF
	ns_bg gw "$work/gw.log" "$gwbin" -c "$work/gw.conf"
	GW_PID=$NS_LAST_PID
	# siit-gw's own addresses are only sources: nothing is routed to them
	tun_routes gw "$TUN" "$H6_AS4/32" -- 2001:db8:64::/96
}

start_tayga() {
	mkdir -p "$work/tayga"
	cat >"$work/tayga.conf" <<EOF
tun-device $TUN
ipv4-addr $SELF4
ipv6-addr $SELF6
prefix 2001:db8:64::/96
map $H6_AS4 $H6
data-dir $work/tayga
EOF
	ns_bg gw "$work/tayga.log" tayga -c "$work/tayga.conf" --nodetach
	GW_PID=$NS_LAST_PID
	# TAYGA answers pings to its own addresses: they go to it too
	tun_routes gw "$TUN" "$H6_AS4/32" "$SELF4/32" -- 2001:db8:64::/96 "$SELF6/128"
}

stop_translator() {
	ns_stop "$GW_PID"
	ns_wait 50 sh -c "! ip netns exec $NS_PREFIX-gw ip link show $TUN"
}

# ---------------------------------------------------------------- checks

ping_ok() { # NS DST [PING OPTIONS]
	_n=$1
	_d=$2
	shift 2
	ns "$_n" ping -c 3 -i 0.2 -W 2 "$@" "$_d"
}

# A TCP transfer of 4 MiB from FROM to TO (listening with IP version V,
# reached at ADDR), content checked.
tcp_ok() { # FROM TO V ADDR
	ns_tcp_sha256 "$1" "$2" "$3" "$4" 4194304 "$work/tcp.$1.$2"
}

# UDP from FROM (IP version V) to TO (the other version) at ADDR.
udp_ok() { # FROM TO V ADDR COUNT SIZE [nodf]
	ns_bg "$2" "$work/udp.log" timeout 20 python3 "$here/udp_echo.py" serve \
		$((10 - $3)) 5002 15
	_srv=$NS_LAST_PID
	ns_wait 50 sh -c "ip netns exec $NS_PREFIX-$2 ss -lun | grep -q :5002" || return 1
	ns "$1" timeout 30 python3 "$here/udp_echo.py" "${8:-send}" "$3" "$4" 5002 "$5" "$6" "${7:-}"
	_rc=$?
	ns_stop "$_srv"
	return $_rc
}

# udp_ok with the datagrams sent as one UDP super-packet (udp_echo.py
# gso: UDP_SEGMENT), which the kernel forwards whole into the TUN device;
# nothing is sent again, so every echo must come back. A datagram of
# SIZE goes and comes back first (udp_ok, which sends again if need be):
# the echoing host learns the path MTU for its echoes (from the 1280-MTU
# link's Packet Too Big) before the super-packet.
udp_gso_ok() { # FROM TO V ADDR COUNT SIZE [nodf]
	udp_ok "$1" "$2" "$3" "$4" 1 "$6" "${7:-}" &&
		udp_ok "$1" "$2" "$3" "$4" "$5" "$6" "${7:-}" gso
}

# UDP from h4 whose checksum, left partial by h4's kernel for the offloads
# (the field holds the pseudo-header's sum, RFC 1071, not complemented),
# is 0xffff: its complement, 0, reads as "no checksum" (RFC 7915 §4.5), so
# siit-gw with offload on must finish it itself. From a second address of
# h4, chosen for it: RFC 768's pseudo-header of 198.51.119.76 -> 192.0.2.2,
# protocol 17, UDP length 108 (100 bytes of data) sums to
# 0xc633 + 0x774c + 0xc000 + 0x0202 + 0x0011 + 0x006c = 0x1fffe, which
# folds to 0xfffe + 1 = 0xffff.
udp_ffff_ok() {
	ns h4 ip addr add 198.51.119.76/32 dev eth0
	ns gw ip route add 198.51.119.76/32 via "$H4"
	ns h4 ip route add "$H6_AS4/32" via 198.51.100.1 src 198.51.119.76
	udp_ok h4 h6 4 "$H6_AS4" 5 100
	_rc=$?
	ns h4 ip route del "$H6_AS4/32"
	ns gw ip route del 198.51.119.76/32
	ns h4 ip addr del 198.51.119.76/32 dev eth0
	return $_rc
}

# The kernel of h4 learnt the 1260-byte path MTU from Fragmentation Needed.
pmtu_ok() {
	_r=$(ns h4 ip route get "$H6_AS4")
	echo "$_r"
	echo "$_r" | grep -q 'mtu 1260'
}

# A ping with hop limit / TTL N gets Time Exceeded from SRC.
ttl_ok() { # NS DST N SRC
	ns "$1" ping -c 1 -W 2 -t "$3" "$2" | grep -q "From $4 .*[Tt]ime"
}

# siit-gw with offload on really got super-packets (its counters, printed
# on SIGUSR1 into LOG), and the kernel took every packet it wrote: with
# tcp, TCP ones (gso and segments) cut into more than one segment each;
# with udp, UDP ones (gso_udp).
offload_ok() { # PID LOG [tcp|udp]
	kill -USR1 "$1"
	sleep 0.5
	awk -F= -v kind="${3:-tcp}" '{ v[$1] = $2 } END {
		printf "gso=%d segments=%d gso_udp=%d write_errors=%d drop_other=%d\n",
			v["gso"], v["segments"], v["gso_udp"], v["write_errors"], v["drop_other"]
		if (kind == "udp")
			got = v["gso_udp"] > 0
		else
			got = v["gso"] > 0 && v["segments"] > v["gso"]
		exit !(got && v["write_errors"] == 0 && v["drop_other"] == 0) }' "$2"
}

# A check of the peer (TAYGA): printed, counted apart, never failing the
# script: what it cannot do is a fact to report, not our failure.
PEER_PASSED=0
PEER_FAILED=0
peer_check() {
	_pn=$1
	shift
	if "$@" >/dev/null 2>&1; then
		echo "pass: $_pn"
		PEER_PASSED=$((PEER_PASSED + 1))
	else
		echo "fail (peer): $_pn"
		PEER_FAILED=$((PEER_FAILED + 1))
	fi
}

# The checks, through whichever translator runs in gw; CHECK is check for
# siit-gw, peer_check for TAYGA.
run_checks() { # NAME CHECK
	# first, before h6 learns the 1280 path MTU (and then announces a
	# smaller MSS), and with no path MTU learnt from a previous run
	ns h4 ip route flush cache
	ns h6 ip -6 route flush cache
	"$2" "$1: TCP 4 MiB h4 -> h6 (needs PMTUD), content checked" tcp_ok h4 h6 6 "$H6_AS4"
	"$2" "$1: PMTUD: h4 learnt MTU 1260 (Fragmentation Needed)" pmtu_ok
	"$2" "$1: TCP 4 MiB h6 -> h4, content checked" tcp_ok h6 h4 4 "$H4_AS6"
	"$2" "$1: ping h6 -> h4" ping_ok h6 "$H4_AS6"
	"$2" "$1: ping h4 -> h6" ping_ok h4 "$H6_AS4"
	"$2" "$1: UDP h6 -> h4, 50 x 1000 bytes echoed" udp_ok h6 h4 6 "$H4_AS6" 50 1000
	"$2" "$1: UDP h4 -> h6, 50 x 1000 bytes echoed" udp_ok h4 h6 4 "$H6_AS4" 50 1000
	"$2" "$1: UDP h4 -> h6, DF=0, 20 x 3000 bytes (fragmented)" \
		udp_ok h4 h6 4 "$H6_AS4" 20 3000 nodf
	"$2" "$1: UDP h4 -> h6 whose partial checksum is 0xffff, 5 x 100 bytes echoed" \
		udp_ffff_ok
	"$2" "$1: ping h4 -> h6, DF=0, 3000 bytes (fragmented ICMP)" \
		ping_ok h4 "$H6_AS4" -M dont -s 3000
	# r6 and gw's kernel each take one from the hop limit
	"$2" "$1: hop limit 3 from h6: Time Exceeded from the translator ($SELF6)" \
		ttl_ok h6 "$H4_AS6" 3 "$SELF6"
	"$2" "$1: hop limit 4 from h6: Time Exceeded of gw's IPv4 side, translated ($GW4_AS6)" \
		ttl_ok h6 "$H4_AS6" 4 "$GW4_AS6"
	"$2" "$1: TTL 2 from h4: Time Exceeded from the translator ($SELF4)" \
		ttl_ok h4 "$H6_AS4" 2 "$SELF4"
}

# Transmit checksum offload of NS's links DEV... on or off.
tx_csum() { # NS on|off DEV...
	_n=$1
	_v=$2
	shift 2
	for _d in "$@"; do
		ns "$_n" python3 "$here/tx_csum.py" "$_d" "$_v" || return 1
	done
}

# ------------------------------------------------------------------ CLAT

#   [app4] 192.168.1.2 -- 192.168.1.1 [clat] 2001:db8:c::2 == 2001:db8:c::1 [plat] 203.0.113.1 -- 203.0.113.2 [srv4]
# The CLAT maps app4 to 2001:db8:c1a7::2 and every other IPv4 address into
# the PLAT prefix 2001:db8:64::/96; the PLAT maps 2001:db8:c1a7::2 to
# 198.51.100.77 (its EAM) and reaches srv4 by the same prefix.
clat_topology() {
	ns_add app4 clat plat srv4
	for n in clat plat; do
		ns "$n" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
			net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
	done
	ns_link app4 eth0 clat eth4
	ns app4 ip addr add 192.168.1.2/24 dev eth0
	ns app4 ip route add default via 192.168.1.1
	ns clat ip addr add 192.168.1.1/24 dev eth4
	ns_link clat eth6 plat eth6
	ns clat ip -6 addr add 2001:db8:c::2/64 dev eth6 nodad
	ns plat ip -6 addr add 2001:db8:c::1/64 dev eth6 nodad
	ns clat ip -6 route add default via 2001:db8:c::1
	ns plat ip -6 route add 2001:db8:c1a7::/48 via 2001:db8:c::2
	ns_link plat eth4 srv4 eth0
	ns plat ip addr add 203.0.113.1/24 dev eth4
	ns srv4 ip addr add 203.0.113.2/24 dev eth0
	ns srv4 ip route add default via 203.0.113.1
}

# The CLAT and the PLAT, with their offloads on or off.
clat_start() { # OFFLOAD
	cat >"$work/clat.conf" <<EOF
mode clat
tun-device clat0
clat-ipv4 192.168.1.2
clat-ipv6 2001:db8:c1a7::2
pool6 2001:db8:64::/96
self4 192.0.0.1
offload $1
EOF
	cat >"$work/plat.conf" <<EOF
tun-device plat0
pool6 2001:db8:64::/96
eam 2001:db8:c1a7::2 198.51.100.77
self6 2001:db8:c::1
offload $1
EOF
	ns_bg clat "$work/clat.log" "$gwbin" -c "$work/clat.conf"
	CLAT_PID=$NS_LAST_PID
	ns_bg plat "$work/plat.log" "$gwbin" -c "$work/plat.conf"
	PLAT_PID=$NS_LAST_PID
	tun_routes clat clat0 default -- 2001:db8:c1a7::2/128 &&
		tun_routes plat plat0 198.51.100.77/32 -- 2001:db8:64::/96
}

# Transmit checksum offload of the CLAT's and the PLAT's links.
clat_tx_csum() { # on|off
	tx_csum clat "$1" eth4 eth6 && tx_csum plat "$1" eth4 eth6
}

clat_stop() {
	ns_stop "$CLAT_PID"
	ns_stop "$PLAT_PID"
	ns_wait 50 sh -c "! ip netns exec $NS_PREFIX-clat ip link show clat0" &&
		ns_wait 50 sh -c "! ip netns exec $NS_PREFIX-plat ip link show plat0"
}

run_clat_checks() { # NAME OFFLOAD
	check "$1: the CLAT and PLAT start" clat_start "$2"
	[ "$2" = on ] &&
		check "$1: the CLAT's and PLAT's links finish checksums in software" \
			clat_tx_csum off
	check "$1: IPv4-only app4 pings srv4 through CLAT and PLAT" ping_ok app4 203.0.113.2
	check "$1: TCP 4 MiB app4 -> srv4, content checked" tcp_ok app4 srv4 4 203.0.113.2
	check "$1: TCP 4 MiB srv4 -> app4's public address, content checked" \
		tcp_ok srv4 app4 4 198.51.100.77
	if [ "$2" = on ]; then
		check "$1: the CLAT translated TCP super-packets" \
			offload_ok "$CLAT_PID" "$work/clat.log"
		check "$1: the PLAT translated TCP super-packets" \
			offload_ok "$PLAT_PID" "$work/plat.log"
		clat_tx_csum on >/dev/null
	fi
	clat_stop
}

# ----------------------------------------------------------------- bench

# CPU time of a process in clock ticks, user and system: "UTIME STIME".
cpu_ticks() {
	awk '{ print $14, $15 }' "/proc/$1/stat"
}

# Packets the kernel gave the translator through the TUN device.
tun_packets() {
	ns gw cat "/sys/class/net/$TUN/statistics/tx_packets"
}

# With offload on, a packet through the TUN device may be a TCP
# super-packet: siit-gw's counters gso (super-packets read) and segments
# (the wire-size segments they make, ceil(payload / gso_size)) say how
# many more wire packets there were than TUN packets. Printed on SIGUSR1.
gso_extra() {
	kill -USR1 "$GW_PID"
	sleep 0.5
	awk -F= '$1 == "gso" { g = $2 } $1 == "segments" { s = $2 }
		END { print s - g }' "$work/gw.log"
}

# iperf3 from h6 to h4 through the translator: one table row. The packets
# counted are wire packets, each at most a link's MTU, both directions:
# without offload (siit-gw's rows with offload off, TAYGA's) every packet
# through the TUN device is one (the kernel cut TCP into segments before
# handing it over), counted by the device; with WIRE=wire (offload on) a
# TCP super-packet counts as the segments it makes (gso_extra). The
# counters are read before the CPU time at the start and after it at the
# end: the signal's work is not charged to the row.
bench_one() { # NAME KIND WIRE ARGS...
	_name=$1
	_kind=$2
	_wire=$3
	shift 3
	ns_bg h4 "$work/iperf-s.log" timeout 30 iperf3 -s -1
	_srv=$NS_LAST_PID
	ns_wait 50 sh -c "ip netns exec $NS_PREFIX-h4 ss -ltn | grep -q :5201"
	_x0=0
	[ "$_wire" = wire ] && _x0=$(gso_extra)
	_t0=$(cpu_ticks "$GW_PID")
	_p0=$(tun_packets)
	ns h6 timeout 30 iperf3 -c "$H4_AS6" -t 5 -J "$@" >"$work/iperf.json"
	_t1=$(cpu_ticks "$GW_PID")
	_p1=$(tun_packets)
	_x1=0
	[ "$_wire" = wire ] && _x1=$(gso_extra)
	_p1=$((_p1 + _x1 - _x0))
	ns_stop "$_srv"
	python3 - "$work/iperf.json" "$_name" "$_kind" $((_p1 - _p0)) "$_t0" "$_t1" \
		"$(getconf CLK_TCK)" >>"$bench" <<'EOF'
import json, sys
f, name, kind, pkts, t0, t1, hz = sys.argv[1:]
end = json.load(open(f))["end"]
s = end.get("sum_received") or end.get("sum")
user, system = (int(b) - int(a) for a, b in zip(t0.split(), t1.split()))
cpu = (user + system) / int(hz)
rate = int(pkts) / cpu if cpu > 0 else float("inf")
print("| %s | %s | %.0f | %d | %.2f | %.0f %% | %.0f |" % (
    name, kind, s["bits_per_second"] / 1e6, int(pkts), cpu,
    100.0 * system / (user + system) if user + system > 0 else 0, rate))
EOF
}

run_bench() { # NAME [wire]
	bench_one "$1" "TCP" "${2:-}" || return 1
	bench_one "$1" "UDP 64 B" "${2:-}" -u -b 0 -l 64 || return 1
	bench_one "$1" "UDP 1400 B" "${2:-}" -u -b 0 -l 1400 || return 1
}

# ----------------------------------------------------------------- main

if [ -n "$bench" ]; then
	command -v iperf3 >/dev/null 2>&1 || ns_skip "no iperf3 for --bench"
	{
		echo "| translator | traffic (h6 -> h4, 5 s) | Mbit/s received | wire packets into the translator | CPU s | of it in the kernel | packets per CPU-second |"
		echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
	} >"$bench"
fi
topology
check "siit-gw starts" start_siit_gw
run_checks siit-gw check
[ -n "$bench" ] && check "siit-gw: bench" run_bench siit-gw
stop_translator
if [ -n "$bench" ]; then
	check "siit-gw with coalesce-us 50 starts" start_siit_gw 50
	check "siit-gw, coalesce-us 50: bench" run_bench "siit-gw, coalesce-us 50"
	stop_translator
fi
check "siit-gw with offload on starts" start_siit_gw 0 on
check "gw's links finish checksums in software" tx_csum gw off eth4 eth6
run_checks "siit-gw, offload on" check
check "siit-gw, offload on: TCP crossed as super-packets, no write error" \
	offload_ok "$GW_PID" "$work/gw.log"
check "siit-gw, offload on: UDP h6 -> h4, 40 x 500 bytes as one super-packet, echoed" \
	udp_gso_ok h6 h4 6 "$H4_AS6" 40 500
check "siit-gw, offload on: UDP h4 -> h6, 40 x 500 bytes as one super-packet, echoed" \
	udp_gso_ok h4 h6 4 "$H6_AS4" 40 500
check "siit-gw, offload on: UDP h4 -> h6, DF=0, 20 x 1400 bytes as one super-packet (each fragmented), echoed" \
	udp_gso_ok h4 h6 4 "$H6_AS4" 20 1400 nodf
check "siit-gw, offload on: UDP crossed as super-packets, no write error" \
	offload_ok "$GW_PID" "$work/gw.log" udp
tx_csum gw on eth4 eth6 >/dev/null
[ -n "$bench" ] && check "siit-gw, offload on: bench" run_bench "siit-gw, offload on" wire
stop_translator
if [ "$with_tayga" = 1 ]; then
	if command -v tayga >/dev/null 2>&1; then
		check "tayga starts" start_tayga
		run_checks tayga peer_check
		[ -n "$bench" ] && check "tayga: bench" run_bench tayga
		stop_translator
	else
		echo "SKIP: tayga is not installed: the TAYGA side not run"
	fi
fi
check "clat: the network" clat_topology
run_clat_checks clat off
run_clat_checks "clat, offload on" on
[ "$with_tayga" = 1 ] && echo "tayga: $PEER_PASSED passed, $PEER_FAILED failed (not counted below)"
ns_summary
