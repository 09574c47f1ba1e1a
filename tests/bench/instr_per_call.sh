#!/bin/sh
# libv6transit - instructions per call of the address functions, counted by
# callgrind (deterministic, unlike time).
# SPDX-License-Identifier: BSD-2-Clause
#
# usage: tests/bench/instr_per_call.sh BUILD_DIR [GROUPS]
#
# For each case of bench_addr in GROUPS (a regular expression over the
# groups of `bench_addr --list`; default "embed": the embed/extract
# functions), runs the case under callgrind twice, with N1 and N2 calls per
# run, counting only the instructions executed inside the library function
# (--toggle-collect=SYMBOL, callees included). bench_addr with --iters N
# --runs 1 calls it 2*N times plus a fixed number of setup calls, so the
# difference of the two counts over 2*(N2-N1) is the cost of one call,
# free of setup and one-time costs (lazy binding of memcpy, for instance).
# N1 and N2 are multiples of the 64-input ring, so every input counts alike.
#
# Prints "name instructions/call"; an embed case over the project's aim of
# 30 instructions per call is marked "over 30".
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 BUILD_DIR [GROUPS]" >&2
	exit 2
fi
bench=$1/tests/bench_addr
groups=${2:-embed}
n1=640
n2=6400
aim=30

if [ ! -x "$bench" ]; then
	echo "$0: no $bench (build the bench_addr target first)" >&2
	exit 2
fi
command -v valgrind >/dev/null || { echo "$0: valgrind not found" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# count NAME SYMBOL N: instructions inside SYMBOL for case NAME with N iterations.
count() {
	valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" \
		--toggle-collect="$2" "$bench" --only "$1" --iters "$3" --runs 1 \
		>/dev/null 2>"$tmp/log" || { cat "$tmp/log" >&2; exit 1; }
	sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$tmp/cg"
}

"$bench" --list | awk -v re="^($groups)\$" '$2 ~ re && $3 != "-"' > "$tmp/cases"
if [ ! -s "$tmp/cases" ]; then
	echo "$0: no case in groups '$groups'" >&2
	exit 2
fi
printf '%-30s %s\n' name instructions/call
while read -r name group symbol; do
	c1=$(count "$name" "$symbol" $n1)
	c2=$(count "$name" "$symbol" $n2)
	awk -v name="$name" -v group="$group" -v c1="$c1" -v c2="$c2" \
	    -v d=$((2 * (n2 - n1))) -v aim=$aim 'BEGIN {
		per = (c2 - c1) / d
		printf "%-30s %.1f%s\n", name, per,
		       (group == "embed" && per > aim) ? "   over " aim : ""
	}'
done < "$tmp/cases"
