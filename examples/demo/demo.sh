#!/bin/sh
# Builds libv6transit and the v6t tool in build/ (installing gcc, make and
# cmake first if they are missing) and runs the demo on the bundled inputs.
# It builds only v6t and leaves the rest of build/'s configuration alone, so
# that tests/run_tests.sh in the same build/ still builds everything; the
# tests are AUTO here so that configure needs no test dependency.
# Usage: sh examples/demo/demo.sh [build-dir]
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
. "$top/tests/deps.sh"
v6t_install_missing gcc make cmake
cmake -S "$top" -B "$build" -DV6T_BUILD_EXAMPLES=ON -DV6T_BUILD_TESTS=AUTO \
	>/dev/null
cmake --build "$build" -j "$(nproc)" --target v6t >/dev/null
sh "$top/examples/demo/run_demo.sh" "$build"
