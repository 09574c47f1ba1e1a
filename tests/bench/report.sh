#!/bin/sh
# libv6transit - the tables of doc/benchmarks.md, measured and printed in
# Markdown with the commit and the machine they come from.
# SPDX-License-Identifier: BSD-2-Clause
#
# usage: tests/bench/report.sh [--runs N] [--before COMMIT] BUILD_DIR [SECTION]
#
# BUILD_DIR is a release build (RelWithDebInfo) with the benchmarks built
# (cmake --build BUILD_DIR --target bench_flowlabel). SECTION names the
# table; so far there is one, "flowlabel" (the default), the table of
# "Flow labels and the header walk": every case of bench_flowlabel with
# its ns/op and latency (the median over N full runs of bench_flowlabel,
# default 5, each itself the median of 7 timed runs), its instructions per
# call (tests/bench/instr_per_call.sh, exact) and each figure over the bare
# hash's. With --before COMMIT it also counts the instructions of the
# library of COMMIT (its src/ and include/, built in a temporary directory
# with this tree's CMake files and benchmark, the same compiler and build
# type) and prints them in three more columns. Takes about a minute.
set -eu

usage() {
	echo "usage: $0 [--runs N] [--before COMMIT] BUILD_DIR [SECTION]" >&2
	exit 2
}

runs=5
before=
while [ $# -gt 0 ]; do
	case $1 in
	--runs) [ $# -ge 2 ] || usage; runs=$2; shift 2 ;;
	--before) [ $# -ge 2 ] || usage; before=$2; shift 2 ;;
	--*) usage ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] && [ $# -le 2 ] || usage
case $runs in '' | *[!0-9]* | 0) usage ;; esac
build=$(cd "$1" && pwd)
section=${2:-flowlabel}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# cache VAR: the value of VAR in BUILD_DIR's CMakeCache.txt.
cache() {
	sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"
}

# header NOTE LINE: the commit and the machine, as the first lines of every
# section; LINE is the first line a benchmark printed (version, compiler).
header() {
	commit=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
	if [ -n "$(git -C "$top" status --porcelain --untracked-files=no -- \
	    src include tests CMakeLists.txt 2>/dev/null)" ]; then
		commit="$commit with uncommitted changes"
	fi
	lscpu > "$tmp/lscpu" 2>/dev/null || :
	field() { sed -n "s/^$1: *//p" "$tmp/lscpu"; }
	machine="$(uname -m), $(field 'Model name') (family $(field 'CPU family'),"
	machine="$machine model $(field Model)), $(nproc) CPUs"
	hyper=$(field 'Hypervisor vendor')
	[ -z "$hyper" ] || machine="$machine, a $hyper guest"
	echo "commit $commit; $machine"
	echo "build $(cache CMAKE_BUILD_TYPE) with $("$(cache CMAKE_C_COMPILER)" --version | sed 1q);" \
		"$(valgrind --version 2>/dev/null || echo 'no valgrind');" \
		"load average after the runs $(cut -d ' ' -f 1-3 /proc/loadavg)"
	echo "$2"
	echo "$1"
	echo
}

# counts BUILD: "name instructions" for every bench_flowlabel case of BUILD.
counts() {
	sh "$here/instr_per_call.sh" "$1" '' bench_flowlabel | sed 1d
}

# before_counts COMMIT: counts for the library of COMMIT, built with this
# tree's CMake files and benchmark.
before_counts() {
	src=$tmp/old
	mkdir -p "$src"
	(cd "$top" && git ls-files -z | xargs -0 tar -cf - 2>/dev/null) |
		tar -xf - -C "$src"
	rm -rf "$src/src" "$src/include"
	git -C "$top" archive "$1" src include | tar -xf - -C "$src"
	cmake -S "$src" -B "$src/build" \
		-DCMAKE_C_COMPILER="$(cache CMAKE_C_COMPILER)" \
		-DCMAKE_BUILD_TYPE="$(cache CMAKE_BUILD_TYPE)" \
		-DCMAKE_C_FLAGS="$(cache CMAKE_C_FLAGS)" \
		-DV6T_BUILD_TESTS=OFF -DV6T_BUILD_EXAMPLES=OFF \
		-DV6T_BUILD_DOCS=OFF >/dev/null
	cmake --build "$src/build" -j 2 --target bench_flowlabel >/dev/null
	counts "$src/build"
}

flowlabel() {
	i=0
	while [ $i -lt "$runs" ]; do
		"$build/tests/bench_flowlabel" > "$tmp/run"
		sed 1,2d "$tmp/run" >> "$tmp/times"
		i=$((i + 1))
	done
	header "ns/op: the median of $runs runs of bench_flowlabel, each the median of 7 timed runs" \
		"$(sed -n 1p "$tmp/run")"
	counts "$build" > "$tmp/counts"
	if [ -n "$before" ]; then
		before_counts "$before" > "$tmp/before"
	else
		: > "$tmp/before"
	fi
	awk -v before="$before" '
	# The first field is the case; ns/op and latency are the 5th and 2nd
	# fields from the end (the name may carry a note in parentheses).
	FILENAME ~ /times$/ {
		if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
		k = ++nt[$1]; ns[$1, k] = $(NF - 4); lat[$1, k] = $(NF - 1)
		note[$1] = NF > 6 ? " " $2 (NF > 7 ? " " $3 : "") : ""
		next
	}
	FILENAME ~ /counts$/ { ir[$1] = $2; next }
	{ old[$1] = $2 }
	# An instruction count: whole, or to a tenth.
	function ins(x) { return x == int(x) ? sprintf("%d", x) : sprintf("%.1f", x) }
	function median(a, name, cnt,    v, i, j, t) {
		for (i = 1; i <= cnt; i++) v[i] = a[name, i] + 0
		for (i = 2; i <= cnt; i++)
			for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
				t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
			}
		return cnt % 2 ? v[(cnt + 1) / 2] : (v[cnt / 2] + v[cnt / 2 + 1]) / 2
	}
	END {
		base = order[1]
		bns = median(ns, base, nt[base]); blat = median(lat, base, nt[base])
		printf "| case | ns/op | Mops/s | x hash | latency ns | x hash | instructions | x hash |"
		if (before != "") printf " instructions at %s | x hash | change |", before
		printf "\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
		if (before != "") printf " ---: | ---: | ---: |"
		printf "\n"
		for (r = 1; r <= n; r++) {
			c = order[r]
			m = median(ns, c, nt[c]); l = median(lat, c, nt[c])
			printf "| %s%s | %.2f | %.1f | %.2f | %.2f | %.2f | %s | %.2f |", c,
			       note[c], m, 1e3 / m, m / bns, l, l / blat, ins(ir[c]),
			       ir[c] / ir[base]
			if (before != "" && (c in old))
				printf " %s | %.2f | %s%s |", ins(old[c]), old[c] / old[base],
				       (ir[c] >= old[c] ? "+" : ""), ins(ir[c] - old[c])
			else if (before != "")
				printf " - | - | - |"
			printf "\n"
		}
		printf "\nset/0ext (IPv6 + TCP, label zero): %s instructions, %.3f x the bare hash (%s, %s)",
		       ins(ir["set/0ext"]), ir["set/0ext"] / ir[base], base, ins(ir[base])
		if (before != "")
			printf "; at %s %s, %.3f x", before, ins(old["set/0ext"]),
			       old["set/0ext"] / old[base]
		printf "\n"
	}' "$tmp/times" "$tmp/counts" "$tmp/before"
}

case $section in
flowlabel) flowlabel ;;
*) echo "$0: unknown section '$section' (known: flowlabel)" >&2; exit 2 ;;
esac
