#!/bin/sh
# A tour of the library through the v6t tool: classifies the bundled
# addresses, embeds and extracts IPv4 addresses with each mechanism, then
# gives IPv6 packets flow labels, and fragments and reassembles packets.
# Usage: sh examples/demo/run_demo.sh BUILD_DIR   (v6t is BUILD_DIR/examples/v6t)
set -eu
if [ $# -ne 1 ]; then
	echo "usage: sh run_demo.sh BUILD_DIR" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
v6t=$1/examples/v6t
if [ ! -x "$v6t" ]; then
	echo "run_demo.sh: no v6t at $v6t (build it first)" >&2
	exit 2
fi

# Print the explanation, the command, and its output indented (a failing
# command's error line included, with its exit status).
step() {
	explain=$1
	shift
	printf '\n# %s\n$ v6t %s\n' "$explain" "$*"
	status=0
	out=$("$v6t" "$@" 2>&1) || status=$?
	printf '%s\n' "$out" | sed 's/^/  /'
	[ "$status" -eq 0 ] || printf '  (exit status %s)\n' "$status"
}

echo "== addr show: what an address is, and what it carries =="
while IFS= read -r line; do
	case "$line" in "" | "#"*) continue ;; esac
	addr=${line%% *}
	what=$(printf '%s' "${line#"$addr"}" | sed 's/^ *//')
	step "$what" addr show "$addr"
done <"$here/addresses.txt"

step "--all: the ip6.arpa name, and the MAC inside a Modified EUI-64 interface identifier" \
	addr show --all fe80::21b:21ff:fe3c:4d5e
step "--all on 6to4 from a private IPv4 address: neither is global (RFC 3964 §5.3.1)" \
	addr show --all 2002:c0a8:101::1
step "ADDR/LEN: the prefix as given, host bits kept, then the address" \
	addr show 2001:db8::1/64
step "a zone index is not part of an address (exit 2)" \
	addr show fe80::1%eth0
printf '\n# one address a line from standard input; a bad line is reported and the rest go on\n'
printf '$ printf "2606:4700::1\\n[2001:db8::1]:443\\n::1\\n" | v6t addr show -\n'
status=0
out=$(printf '2606:4700::1\n[2001:db8::1]:443\n::1\n' | "$v6t" addr show - 2>&1) || status=$?
printf '%s\n' "$out" | sed 's/^/  /'
[ "$status" -eq 0 ] || printf '  (exit status %s)\n' "$status"

echo
echo "== addr encode / decode: embedding IPv4 addresses =="
step "RFC 6052: 192.0.2.33 under a /48 translation prefix (RFC 6052 §2.4 table)" \
	addr encode 6052 prefix=2001:db8:122::/48 ipv4=192.0.2.33
step "...and back, as a NAT64/SIIT translator extracts it" \
	addr decode 6052 prefix=2001:db8:122::/48 addr=2001:db8:122:c000:2:2100::
step "strict=1 refuses a non-zero u-octet that a translator would ignore (exit 1)" \
	addr decode 6052 prefix=2001:db8::/32 addr=2001:db8:c000:221:100:: strict=1
step "RFC 6052 allows only /32, /40, /48, /56, /64 and /96 (exit 2)" \
	addr encode 6052 prefix=64:ff9b::/95 ipv4=192.0.2.1
step "6to4: the /48 of a site with public address 192.0.2.1, and one host in it" \
	addr encode 6to4 ipv4=192.0.2.1 subnet=1 iid=::1
step "6rd (RFC 5969): a CE's delegated prefix, 24 IPv4 bits after a /32" \
	addr encode 6rd prefix=2001:db8::/32 v4masklen=8 ipv4=10.100.100.1
step "6rd: the BR finds the CE's IPv4 address from a destination" \
	addr decode 6rd prefix=2001:db8::/32 v4masklen=8 br=10.0.0.1 addr=2001:db8:6464:100::1
step "ISATAP: u=1 by default because 65.54.227.120 is global unicast" \
	addr encode isatap prefix=fe80::/64 ipv4=65.54.227.120
step "Teredo: the RFC 4380 example (port and client are stored inverted)" \
	addr encode teredo server=65.54.227.120 client=192.0.2.45 port=40000 cone=1
step "Teredo decode of an address that is not Teredo (exit 1)" \
	addr decode teredo addr=2001:db8::1
step "6a44 (RFC 6751): site address, mapped port and client address in one IPv6 address" \
	addr encode 6a44 prefix=2001:db8:1::/48 site=198.51.100.1 port=4660 client=192.168.1.2
step "...and back" \
	addr decode 6a44 prefix=2001:db8:1::/48 addr=2001:db8:1:c633:6401:1234:c0a8:102

echo
echo "== flowlabel: RFC 6437 flow labels for IPv6 packets that have none =="
echo "(flows.pcap: see make_flows.py for its 9 packets)"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/v6t-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
key=000102030405060708090a0b0c0d0e0f
step "6 IPv6 packets get a label, 1 keeps its own, IPv4 is copied, 1 malformed packet is copied untouched" \
	flowlabel --key $key -r "$here/flows.pcap" -w "$tmp/labelled.pcap"
step "run again on the output: every label is now non-zero, so all are kept (RFC 6437 §3)" \
	flowlabel --key $key -r "$tmp/labelled.pcap" -w "$tmp/again.pcap"
step "--tunnel: the 4in6 packet is labelled from its inner IPv4 5-tuple (RFC 6438)" \
	flowlabel --key $key --tunnel -r "$here/flows.pcap" -w "$tmp/tunnel.pcap"
step "a key must be 32 hex digits (exit 2)" \
	flowlabel --key 0123 -r "$here/flows.pcap" -w "$tmp/x.pcap"

echo
echo "== reasm / frag: fragment reassembly (RFC 8200, 5722) and fragmentation =="
linux="$here/../../tests/vectors/linux"
step "the Linux kernel's 4 fragments of a 4000-byte UDP datagram (MTU 1280) become one datagram again" \
	reasm -r "$linux/ipv6_udp4000_frags.pcap" -w "$tmp/reassembled.pcap"
step "and the same over IPv4" \
	reasm -r "$linux/ipv4_udp4000_frags.pcap" -w "$tmp/reassembled4.pcap"
step "our own fragmentation of that datagram for a 1280-byte MTU (IPv6: a Fragment header)" \
	frag --mtu 1280 -r "$tmp/reassembled.pcap" -w "$tmp/fragments.pcap"
step "...which reassembles to the same datagram" \
	reasm -r "$tmp/fragments.pcap" -w "$tmp/again.pcap"
if cmp -s "$tmp/reassembled.pcap" "$tmp/again.pcap"; then
	echo "  (the two reassembled files are byte-identical)"
else
	echo "  (the two reassembled files differ)"
fi
