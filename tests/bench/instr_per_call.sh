#!/bin/sh
# libv6transit - instructions per call of the benchmarked functions, counted
# by callgrind (deterministic, unlike time).
# SPDX-License-Identifier: BSD-2-Clause
#
# usage: tests/bench/instr_per_call.sh BUILD_DIR [GROUPS [BENCH]]
#
# BENCH is bench_addr (the default), bench_hash, bench_flowlabel or
# bench_xlat. For each case of BENCH in GROUPS (a regular expression over
# the groups of `BENCH --list`; default, or empty: "embed", the
# embed/extract functions, for bench_addr, and every group for the
# others), runs the case under
# callgrind twice, with N1 and N2 calls per run, counting only the
# instructions executed inside the case's symbol (--toggle-collect=SYMBOL,
# callees included). A bench with --iters N --runs 1 calls it 2*N times per
# mode plus a fixed number of setup calls (bench_flowlabel times two modes,
# throughput and latency, so 4*N), so the difference of the two counts over
# the difference of the calls is the cost of one call, free of setup and
# one-time costs (lazy binding of memcpy, for instance). N1 and N2 are
# multiples of the 64-input ring, so every input counts alike (in
# bench_flowlabel's latency mode each call's result picks the next input,
# so nearly alike).
#
# Prints "name instructions/call"; a case over its aim is marked "over
# AIM": for bench_addr an embed case over 30 instructions per call, for
# bench_xlat an in-place TCP or UDP translation over 120 (the aims).
set -eu

if [ $# -lt 1 ] || [ $# -gt 3 ]; then
	echo "usage: $0 BUILD_DIR [GROUPS [BENCH]]" >&2
	exit 2
fi
prog=${3:-bench_addr}
# The default groups, and how many modes each case is timed in.
# aim_group and aim_name (a regular expression) pick the cases with an aim.
aim_group=- aim_name=. aim=0
case $prog in
bench_addr) default_groups=embed modes=1 aim_group=embed aim=30 ;;
bench_flowlabel) default_groups='.*' modes=2 ;;
bench_xlat) default_groups='.*' modes=1 aim_group=inplace aim_name='/(tcp|udp)/' aim=120 ;;
*) default_groups='.*' modes=1 ;;
esac
bench=$1/tests/$prog
groups=${2:-$default_groups}
n1=640
n2=6400

if [ ! -x "$bench" ]; then
	echo "$0: no $bench (build the $prog target first)" >&2
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
	    -v d=$((2 * modes * (n2 - n1))) -v aim=$aim -v ag="$aim_group" \
	    -v an="$aim_name" 'BEGIN {
		per = (c2 - c1) / d
		printf "%-30s %.1f%s\n", name, per,
		       (group == ag && name ~ an && per > aim) ? "   over " aim : ""
	}'
done < "$tmp/cases"
