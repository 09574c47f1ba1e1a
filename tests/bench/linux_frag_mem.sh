#!/bin/sh
# libv6transit - what the Linux kernel's reassembly holds per datagram in
# progress, measured: the kernel's own count of reassembly memory
# (/proc/net/sockstat6 "FRAG6: ... memory", /proc/net/sockstat "FRAG:")
# after COUNT datagrams have each sent all but their last fragment.
# SPDX-License-Identifier: BSD-2-Clause
#
# usage: tests/bench/linux_frag_mem.sh [COUNT]   (root: network namespaces)
#
# Two namespaces joined by a veth pair (addresses 2001:db8:f::1/64 and ::2,
# 198.18.0.1/24 and .2, inside the namespaces only); the sender writes
# Ethernet frames with its own fragments (AF_PACKET), the receiver's
# kernel reassembles. For each shape (IPv6 and IPv4 datagrams of 2, 7 and
# 45 fragments at an MTU of 1280) it prints
#   linux <version> <fragments held> held: <bytes> bytes per datagram
# The namespaces are removed on exit. Prints "linux: skipped (...)" and
# exits 0 where namespaces cannot be made (not root, no ip, no python3).
set -eu

count=${1:-200}
a=v6tfm_a_$$
b=v6tfm_b_$$

skip() {
	echo "linux: skipped ($1)"
	exit 0
}
[ "$(id -u)" -eq 0 ] || skip "not root"
command -v ip >/dev/null || skip "no ip command"
command -v python3 >/dev/null || skip "no python3"

cleanup() {
	ip netns del "$a" 2>/dev/null || true
	ip netns del "$b" 2>/dev/null || true
}
trap cleanup EXIT INT TERM
ip netns add "$a" || skip "cannot add a network namespace"
ip netns add "$b"
ip link add va netns "$a" type veth peer name vb netns "$b"
ip -n "$a" link set va up
ip -n "$b" link set vb up
ip -n "$a" addr add 2001:db8:f::1/64 dev va nodad
ip -n "$b" addr add 2001:db8:f::2/64 dev vb nodad
ip -n "$a" addr add 198.18.0.1/24 dev va
ip -n "$b" addr add 198.18.0.2/24 dev vb
mac=$(ip -n "$b" -o link show vb | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
# the thresholds must not drop what the measurement sends
ip netns exec "$b" sh -c 'echo 400000000 > /proc/sys/net/ipv6/ip6frag_high_thresh;
	echo 400000000 > /proc/sys/net/ipv4/ipfrag_high_thresh' 2>/dev/null || true

# frag_mem VERSION NFRAG: the kernel's FRAG memory per datagram with
# NFRAG - 1 of its NFRAG fragments received
frag_mem() {
	ip netns exec "$a" python3 - "$1" "$2" "$count" "$mac" <<'EOF'
import socket, struct, sys
ver, nfrag, count, mac = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("va", 0))
dst = bytes.fromhex(mac.replace(":", ""))
src = s.getsockname()[4]
def csum(b):
    t = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while t >> 16:
        t = (t & 0xffff) + (t >> 16)
    return ~t & 0xffff
for d in range(count):
    if ver == 6:
        chunk = 1232
        for k in range(nfrag - 1):
            data = bytes([d & 0xff]) * chunk
            fh = struct.pack("!BBHI", 17, 0, (k * chunk) | 1, 0x10000 + d)
            ip = struct.pack("!IHBB", 0x60000000, 8 + chunk, 44, 64)
            ip += socket.inet_pton(socket.AF_INET6, "2001:db8:f::1")
            ip += socket.inet_pton(socket.AF_INET6, "2001:db8:f::2")
            s.send(dst + src + b"\x86\xdd" + ip + fh + data)
    else:
        chunk = 1256
        for k in range(nfrag - 1):
            data = bytes([d & 0xff]) * chunk
            h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + chunk, d & 0xffff,
                            0x2000 | (k * chunk // 8), 64, 17, 0,
                            socket.inet_aton("198.18.0.1"), socket.inet_aton("198.18.0.2"))
            h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
            s.send(dst + src + b"\x08\x00" + h + data)
EOF
	if [ "$1" = 6 ]; then
		line=$(ip netns exec "$b" sed -n 's/^FRAG6: //p' /proc/net/sockstat6)
	else
		line=$(ip netns exec "$b" sed -n 's/^FRAG: //p' /proc/net/sockstat)
	fi
	# "inuse N memory M"
	echo "$line" | awk -v v="$1" -v n="$2" -v kr="$(uname -r)" '{
		if ($2 == 0) { print "linux " kr " IPv" v " " n - 1 " of " n " held: none held (dropped?)"; exit }
		printf "linux %s IPv%s %u of %u fragments held: %.0f bytes per datagram (%u datagrams, %u bytes)\n",
		       kr, v, n - 1, n, $4 / $2, $2, $4 }'
	# forget them before the next shape
	ip netns exec "$b" sh -c 'echo 0 > /proc/sys/net/ipv6/ip6frag_time;
		echo 0 > /proc/sys/net/ipv4/ipfrag_time' 2>/dev/null || true
}

for v in 6 4; do
	for n in 2 7 45; do
		ip netns exec "$b" sh -c 'echo 60 > /proc/sys/net/ipv6/ip6frag_time;
			echo 30 > /proc/sys/net/ipv4/ipfrag_time' 2>/dev/null || true
		frag_mem "$v" "$n"
		# the expiry timers run at least a second after the time is set
		i=0
		while [ $i -lt 50 ]; do
			left=$(ip netns exec "$b" sh -c "sed -n 's/^FRAG6\{0,1\}: inuse \([0-9]*\).*/\1/p' /proc/net/sockstat6 /proc/net/sockstat" | awk '{s += $1} END {print s + 0}')
			[ "$left" -eq 0 ] && break
			sleep 0.2
			i=$((i + 1))
		done
	done
done
