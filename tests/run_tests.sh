#!/bin/sh
# Installs the test dependencies if missing, builds in build/ and runs the
# whole test suite (unit suites, CLI tests, fuzz corpus replays, examples).
# Whatever build/ was configured with before (by examples/demo/demo.sh or by
# hand), it turns on what the suite needs; configure fails if a test
# dependency is missing and ctest fails if no test ran.
# Usage: sh tests/run_tests.sh [build-dir]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
. "$top/tests/deps.sh"
v6t_install_missing gcc make cmake pkg-config check python3
# for the network-namespace tests (tests/netns/, run when root)
v6t_install_missing iproute2 iputils-ping netcat-openbsd tayga
# radvd: the ISATAP router of tests/netns/p41_kernel.sh; Miredo and
# iptables: the Teredo peers and the NAT of tests/netns/teredo_miredo.sh
v6t_install_missing radvd miredo miredo-server iptables
cmake -S "$top" -B "$build" -DV6T_BUILD_TESTS=ON -DV6T_BUILD_EXAMPLES=ON \
	-DV6T_WERROR=ON >/dev/null
cmake --build "$build" -j "$(nproc)"
cd "$build" && ctest --output-on-failure --no-tests=error -j "$(nproc)"
