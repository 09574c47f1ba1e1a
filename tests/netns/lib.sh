# libv6transit - shared helpers of the network-namespace scripts in
# tests/netns/ (sourced, not run). POSIX sh.
# SPDX-License-Identifier: BSD-2-Clause
#
# Every namespace a script makes is named "$NS_PREFIX-NAME" and removed by
# ns_cleanup (installed as an EXIT trap by ns_init), with every process
# started in it. Every wait is bounded. Only documentation and private
# address ranges are used, and only inside these namespaces.

NS_PREFIX=${NS_PREFIX:-v6t$$}
NS_LIST=
NS_PIDS=
NS_FAILED=0
NS_PASSED=0

# ns_skip REASON: exit 77 (ctest's "skipped", see SKIP_RETURN_CODE) with
# the reason on stdout.
ns_skip() {
	echo "SKIP: $*"
	exit 77
}

# ns_init: checks that this can run (root, ip netns, veth), and installs
# the cleanup.
ns_init() {
	[ "$(id -u)" = 0 ] || ns_skip "needs root (network namespaces)"
	command -v ip >/dev/null 2>&1 || ns_skip "no ip(8) (iproute2)"
	ip netns add "$NS_PREFIX-probe" 2>/dev/null || ns_skip "ip netns add fails here"
	ip netns del "$NS_PREFIX-probe"
	trap ns_cleanup EXIT
	trap 'exit 130' INT TERM
}

# ns_add NAME...: new namespaces with their loopback up.
ns_add() {
	for n in "$@"; do
		ip netns add "$NS_PREFIX-$n"
		NS_LIST="$NS_LIST $n"
		ns "$n" ip link set lo up
	done
}

# ns NAME CMD...: run CMD in namespace NAME.
ns() {
	_n=$1
	shift
	ip netns exec "$NS_PREFIX-$_n" "$@"
}

# ns_bg NAME LOG CMD...: run CMD in NAME in the background, output to LOG;
# its pid is remembered for the cleanup and left in $NS_LAST_PID.
ns_bg() {
	_n=$1
	_log=$2
	shift 2
	ip netns exec "$NS_PREFIX-$_n" "$@" >"$_log" 2>&1 &
	NS_LAST_PID=$!
	NS_PIDS="$NS_PIDS $NS_LAST_PID"
}

# ns_link A IFA B IFB: a veth pair, IFA in A and IFB in B, both up.
ns_link() {
	ip link add "$2" netns "$NS_PREFIX-$1" type veth peer name "$4" netns "$NS_PREFIX-$3"
	ns "$1" ip link set "$2" up
	ns "$3" ip link set "$4" up
}

# ns_stop PID: end one background process (TERM, then KILL after 2 s).
ns_stop() {
	kill "$1" 2>/dev/null || return 0
	_i=0
	while kill -0 "$1" 2>/dev/null && [ $_i -lt 20 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

ns_cleanup() {
	for p in $NS_PIDS; do
		ns_stop "$p"
	done
	for n in $NS_LIST; do
		# whatever is left in the namespace goes with it
		for p in $(ip netns pids "$NS_PREFIX-$n" 2>/dev/null); do
			kill -9 "$p" 2>/dev/null
		done
		ip netns del "$NS_PREFIX-$n" 2>/dev/null
	done
	NS_LIST=
	NS_PIDS=
}

# ns_wait TENTHS CMD...: run CMD every 0.1 s until it succeeds, at most
# TENTHS times; returns its last status.
ns_wait() {
	_max=$1
	shift
	_i=0
	while [ $_i -lt "$_max" ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# check NAME CMD...: one check of the script, printed as pass or fail;
# the output of CMD is shown (its first 20 lines) only when it fails.
check() {
	_name=$1
	shift
	_out=$(mktemp /tmp/v6t-check.XXXXXX)
	if "$@" >"$_out" 2>&1; then
		echo "pass: $_name"
		NS_PASSED=$((NS_PASSED + 1))
	else
		echo "FAIL: $_name"
		head -n 20 "$_out" | sed 's/^/  | /'
		NS_FAILED=$((NS_FAILED + 1))
	fi
	rm -f "$_out"
}

# ns_summary: the count line; returns 1 when a check failed.
ns_summary() {
	echo "$NS_PASSED passed, $NS_FAILED failed"
	[ "$NS_FAILED" -eq 0 ]
}

# ns_tcp_sha256 FROM TO V ADDR BYTES FILE: BYTES random bytes over TCP
# from namespace FROM to a listener (IP version V) in TO reached at ADDR,
# port 5001; true when what arrived has the sha256 of what was sent.
# FILE.sent, FILE.recv and FILE.log are left for the caller. (Added for
# p41_kernel.sh; bounded: 30 s for each side.)
ns_tcp_sha256() {
	head -c "$5" /dev/urandom >"$6.sent"
	ns_bg "$2" "$6.log" sh -c "timeout 30 nc -$3 -l 5001 >'$6.recv'"
	_srv=$NS_LAST_PID
	ns_wait 50 sh -c "ip netns exec $NS_PREFIX-$2 ss -ltn | grep -q :5001" || return 1
	ns "$1" timeout 30 nc -N "$4" 5001 <"$6.sent" || return 1
	wait "$_srv"
	[ "$(sha256sum <"$6.sent")" = "$(sha256sum <"$6.recv")" ]
}
