#!/bin/sh
# libv6transit - every table and figure of doc/benchmarks.md, measured and
# printed as Markdown, with the commit and the machine they come from.
# SPDX-License-Identifier: BSD-2-Clause
#
# usage: tests/bench/report.sh [--runs N] [--reasm-runs N] [--quick]
#                              [--before COMMIT] [--xlat-before COMMIT]
#                              [--reasm-before COMMIT] BUILD_DIR [SECTION...]
#
# BUILD_DIR is a release build (RelWithDebInfo); if it has no CMakeCache.txt
# it is configured so. The script builds the benchmarks it needs there and,
# for the figures of other compilers and of 32-bit code, in temporary build
# directories of this source tree (the other compiler, clang or gcc, with
# -gdwarf-4 for clang so that valgrind reads its debug information; -m32
# with each compiler on x86-64, where gcc-multilib is installed). What
# cannot be built here is left out and said so in the output.
#
# It prints a header (commit, machine, compilers, build, C library,
# valgrind, load average, date) and then one part per SECTION, in the
# order of the doc; the default is all of them:
#   addr       "Results" of the address functions: bench_addr, glibc beside
#              it, instructions per call with both compilers
#   hash       "Flow-label hash: the choice": bench_hash in every build
#   flowlabel  "Flow labels and the header walk": bench_flowlabel; with
#              --before COMMIT, the instructions of COMMIT's library too
#   reasm      "Fragment reassembly": bench_reasm against memcpy and DPDK,
#              DPDK with 4 entries per bucket, instructions per fragment of
#              the one-datagram-at-a-time cases, the flood measurements;
#              with --reasm-before COMMIT, COMMIT's instructions and flood
#              counts too
#   xlat       "Translation": bench_xlat, instructions per packet in place
#              and by copy beside memcpy, ns per packet beside memcpy, the
#              aims met or missed (a few minutes); with --xlat-before
#              COMMIT, the instructions of COMMIT's library too
#   tunnel     "Tunnels": bench_tunnel (protocol 41), bench_teredo, bench_6a44,
#              instructions and ns per packet for encap and decap with the
#              checks on, beside memcpy of the same packet
# Each part says how its figures were produced. Times are medians over N
# full runs of a benchmark (--runs, default 5; bench_reasm, which takes
# minutes a run and up to 3.2 GiB, --reasm-runs, default 3), each run
# itself reporting the median of its timed runs per case; instruction
# counts (callgrind) are exact and do not depend on the load.
#
# --quick checks the script itself: one run of each benchmark with 3 timed
# runs per case, reassembly timed at one datagram at a time only (and DPDK
# with 4 entries per bucket for one case) and counted for two cases. On 2
# busy vCPUs a full report took 37 minutes with --reasm-runs 5 (11 for
# addr, hash and flowlabel, 17 for the 5 runs of bench_reasm, 6 for the
# 4-entry runs, 3 for the counts), so about 27 with the default; a quick
# one takes about 5.
# $brun, $filter and $vs are lists, split on purpose:
# shellcheck disable=SC2086
set -eu

usage() {
	echo "usage: $0 [--runs N] [--reasm-runs N] [--quick] [--before COMMIT] [--xlat-before COMMIT] [--reasm-before COMMIT] BUILD_DIR [SECTION...]" >&2
	echo "sections: addr hash flowlabel reasm xlat tunnel (default: all)" >&2
	exit 2
}

runs=5
reasm_runs=3
quick=0
before=
xlat_before=
reasm_before=
command_line="sh tests/bench/report.sh $*"
while [ $# -gt 0 ]; do
	case $1 in
	--runs) [ $# -ge 2 ] || usage; runs=$2; shift 2 ;;
	--reasm-runs) [ $# -ge 2 ] || usage; reasm_runs=$2; shift 2 ;;
	--quick) quick=1; shift ;;
	--before) [ $# -ge 2 ] || usage; before=$2; shift 2 ;;
	--xlat-before) [ $# -ge 2 ] || usage; xlat_before=$2; shift 2 ;;
	--reasm-before) [ $# -ge 2 ] || usage; reasm_before=$2; shift 2 ;;
	--help | -h) usage ;;
	--*) usage ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || usage
for n in "$runs" "$reasm_runs"; do
	case $n in '' | *[!0-9]* | 0) usage ;; esac
done
build_arg=$1
shift
sections=${*:-addr hash flowlabel reasm xlat tunnel}
for s in $sections; do
	case $s in
	addr | hash | flowlabel | reasm | xlat | tunnel) ;;
	*) echo "$0: unknown section '$s' (known: addr hash flowlabel reasm xlat tunnel)" >&2; exit 2 ;;
	esac
done
# Options for every run of a benchmark: its own timed runs per case.
brun=
if [ $quick = 1 ]; then
	runs=1
	reasm_runs=1
	brun="--runs 3"
fi
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
start=$(date +%s)

command -v valgrind >/dev/null || { echo "$0: valgrind not found" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

if [ ! -f "$build_arg/CMakeCache.txt" ]; then
	cmake -S "$top" -B "$build_arg" -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$tmp/log" 2>&1 ||
		{ cat "$tmp/log" >&2; exit 1; }
fi
build=$(cd "$build_arg" && pwd)

# cache VAR [BUILD]: the value of VAR in BUILD's (default BUILD_DIR's)
# CMakeCache.txt.
cache() {
	sed -n "s/^$1:[A-Z]*=//p" "${2:-$build}/CMakeCache.txt"
}

build_type=$(cache CMAKE_BUILD_TYPE)
case $build_type in
RelWithDebInfo | Release) ;;
*) echo "$0: warning: $build is a '$build_type' build, not RelWithDebInfo" >&2 ;;
esac
cc=$(cache CMAKE_C_COMPILER)
cflags=$(cache CMAKE_C_FLAGS)

# make_target DIR TARGET: build TARGET in DIR, quietly.
make_target() {
	cmake --build "$1" -j 2 --target "$2" >"$tmp/log" 2>&1 ||
		{ cat "$tmp/log" >&2; exit 1; }
}

# ------------------------------------------------------------- builds
#
# A variant is a build: "main" is BUILD_DIR; "alt" is the other compiler
# (clang if BUILD_DIR's is gcc, gcc otherwise); "m32" and "m32alt" are the
# two compilers with -m32, on x86-64 only. Each but main is configured in
# $tmp from this source tree with BUILD_DIR's build type and flags.

# ccname COMPILER: gcc or clang.
ccname() {
	if "$1" --version 2>/dev/null | sed 1q | grep -q clang; then echo clang; else echo gcc; fi
}
main_cc=$(ccname "$cc")
if [ "$main_cc" = gcc ]; then alt_cc=clang; else alt_cc=gcc; fi
arch=$(uname -m)

# variant_cc V, variant_flags V, variant_label V.
variant_cc() {
	case $1 in main | m32) echo "$cc" ;; *) echo "$alt_cc" ;; esac
}
variant_flags() {
	f=$cflags
	case $1 in m32*) f="$f -m32" ;; esac
	[ "$(ccname "$(variant_cc "$1")")" != clang ] || f="$f -gdwarf-4"
	echo "$f" | sed 's/^ *//'
}
variant_label() {
	a=$arch
	[ "$a" != x86_64 ] || a=x86-64
	case $1 in m32*) a=i386 ;; esac
	echo "$a $(ccname "$(variant_cc "$1")")"
}

# can_build V: whether variant V's compiler exists and links its code.
can_build() {
	[ "$1" = main ] && return 0
	case $1 in m32*) [ "$arch" = x86_64 ] || return 1 ;; esac
	command -v "$(variant_cc "$1")" >/dev/null 2>&1 || return 1
	printf 'int main(void) { return 0; }\n' > "$tmp/probe.c"
	# shellcheck disable=SC2046
	"$(variant_cc "$1")" $(variant_flags "$1") "$tmp/probe.c" -o "$tmp/probe" \
		>/dev/null 2>&1
}

# configure DIR V SRC [FLAGS]: configure variant V of source tree SRC in
# DIR, FLAGS added to the variant's.
configure() {
	cmake -S "$3" -B "$1" -DCMAKE_C_COMPILER="$(variant_cc "$2")" \
		-DCMAKE_BUILD_TYPE="$build_type" -DCMAKE_C_FLAGS="$(variant_flags "$2")${4:+ $4}" \
		-DV6T_BUILD_TESTS=OFF -DV6T_BUILD_EXAMPLES=OFF \
		-DV6T_BUILD_DOCS=OFF -DV6T_BUILD_BENCH=ON >"$tmp/log" 2>&1 ||
		{ cat "$tmp/log" >&2; exit 1; }
}

# variant_dir V TARGET: the build directory of variant V with TARGET built.
variant_dir() {
	if [ "$1" = main ]; then
		d=$build
	else
		d=$tmp/build-$1
		[ -f "$d/CMakeCache.txt" ] || configure "$d" "$1" "$top"
	fi
	make_target "$d" "$2"
	echo "$d"
}

# variants: the variants that can be built here, main first.
variants() {
	for v in main alt m32 m32alt; do
		! can_build $v || echo $v
	done
}

# missing_note: a line naming the variants that cannot be built here.
missing_note() {
	for v in alt m32 m32alt; do
		can_build $v || echo "Not built here: $(variant_label $v) (\`$(variant_cc $v) $(variant_flags $v)\` does not link a program; for -m32 install gcc-multilib)."
	done
}

# ------------------------------------------------------------- figures

# stats: for lines "key value", "key median min max count" per key
# in the order the keys first appear.
stats() {
	awk '
	!($1 in n) { order[++k] = $1 }
	{ v[$1, ++n[$1]] = $2 + 0 }
	END {
		for (r = 1; r <= k; r++) {
			c = order[r]; m = n[c]
			for (i = 1; i <= m; i++) s[i] = v[c, i]
			for (i = 2; i <= m; i++)
				for (j = i; j > 1 && s[j - 1] > s[j]; j--) {
					t = s[j]; s[j] = s[j - 1]; s[j - 1] = t
				}
			med = m % 2 ? s[(m + 1) / 2] : (s[m / 2] + s[m / 2 + 1]) / 2
			print c, med, s[1], s[m], m
		}
	}'
}

# spread STATS WHAT [RUNS]: how far the runs (default --runs) of the cases
# of STATS lay from their medians (loop_overhead left out: it is the floor
# of the method).
spread() {
	awk -v runs="${3:-$runs}" -v what="$2" '
	$1 != "loop_overhead" && $2 > 0 {
		lo = ($2 - $3) / $2; hi = $4 / $2
		if (lo >= mlo) { mlo = lo; clo = $1 }
		if (hi >= mhi) { mhi = hi; chi = $1 }
	}
	END {
		# "case@field" as "case, field" (doxygen reads @ as a command)
		sub(/@/, ", ", clo); sub(/@/, ", ", chi)
		if (runs < 2) { printf "%s: one run, so no spread to report.\n", what; exit }
		printf "%s, spread of the %d runs: the fastest run of a case was at most %.0f %% below its median (%s), the slowest at most %.2f times it (%s).\n",
		       what, runs, 100 * mlo, clo, mhi, chi
	}' "$1"
}

# repeat N FILE CMD...: run CMD N times, appending its output to FILE.
repeat() {
	n=$1 out=$2
	shift 2
	: > "$out"
	i=0
	while [ $i -lt "$n" ]; do
		"$@" >> "$out"
		i=$((i + 1))
	done
}

# counts DIR BENCH [GROUPS]: "name instructions" for the cases of BENCH in
# build DIR (tests/bench/instr_per_call.sh).
counts() {
	[ -x "$1/tests/$2" ] || exit 1
	sh "$here/instr_per_call.sh" "$1" "${3:-}" "$2" > "$tmp/ipc" || exit 1
	awk 'NR > 1 { print $1, $2 }' "$tmp/ipc"
}

loadavg() {
	cut -d ' ' -f 1-3 /proc/loadavg
}

# ------------------------------------------------------------- header

header() {
	commit=$(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)
	lscpu > "$tmp/lscpu" 2>/dev/null || :
	field() { sed -n "s/^$1: *//p" "$tmp/lscpu" | sed 1q; }
	mhz=$(field 'CPU max MHz')
	[ -n "$mhz" ] || mhz=$(field 'CPU MHz')
	[ -n "$mhz" ] || mhz=$(sed -n 's/^cpu MHz[[:space:]]*: *//p' /proc/cpuinfo 2>/dev/null | sed 1q)
	machine="$arch, $(field 'Model name') (CPU family $(field 'CPU family'), model $(field Model)), $(nproc) vCPUs"
	[ -z "$mhz" ] || machine="$machine at $(printf '%.0f' "$mhz") MHz"
	hyper=$(field 'Hypervisor vendor')
	[ -z "$hyper" ] || machine="$machine, a $hyper guest"
	machine="$machine; L2 $(field 'L2 cache'), L3 $(field 'L3 cache');"
	machine="$machine $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) of memory"
	compilers="$("$cc" --version | sed 1q) (BUILD_DIR)"
	for v in $(variants); do
		[ "$v" != alt ] || compilers="$compilers; $("$alt_cc" --version | sed 1q)"
	done
	glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null || echo 'not glibc')
	pkg=$(dpkg-query -W -f '${Version}\n' libc6 2>/dev/null | sed 1q || :)
	[ -z "$pkg" ] || glibc="$glibc (Debian package $pkg)"
	utype=$(echo "$build_type" | tr '[:lower:]' '[:upper:]')
	echo "| | |"
	echo "| --- | --- |"
	echo "| commit | \`$commit\` (git describe --always --dirty) |"
	echo "| date | $(date -u '+%Y-%m-%d %H:%M UTC') |"
	echo "| command | \`$command_line\` |"
	echo "| machine | $machine |"
	echo "| compilers | $compilers |"
	echo "| build | \`$build_type\` (\`$(echo "$(cache "CMAKE_C_FLAGS_$utype") $cflags" | sed 's/ *$//')\`), the static library, no LTO; other builds of this tree in temporary directories where a section says so |"
	echo "| C library | $glibc |"
	echo "| valgrind | $(valgrind --version 2>/dev/null || echo 'not found: no instruction counts') |"
	echo "| load average | $(loadavg) at the start |"
	echo
	echo "Times are wall-clock medians on this machine as it was during the run;"
	echo "with other work on it (see the load average, here and after each"
	echo "section) they move by tens of per cent between runs, so compare"
	echo "instruction counts, which are exact, before small time differences."
	echo
}

# ------------------------------------------------------------- addr

addr() {
	bench=$(variant_dir main bench_addr)/tests/bench_addr
	"$bench" --list > "$tmp/addr.list"
	repeat "$runs" "$tmp/addr.runs" "$bench" $brun
	if grep -q FAILED "$tmp/addr.runs"; then
		echo "$0: bench_addr reported failures:" >&2
		grep FAILED "$tmp/addr.runs" >&2
	fi
	awk 'NF >= 3 && $2 ~ /^[0-9.]+$/ { print $1, $2 }' "$tmp/addr.runs" | stats > "$tmp/addr.stats"
	counts "$build" bench_addr '.*' > "$tmp/addr.ir"
	: > "$tmp/addr.alt"
	alt_label=-
	if can_build alt; then
		counts "$(variant_dir alt bench_addr)" bench_addr '.*' > "$tmp/addr.alt"
		alt_label=$(variant_label alt)
	fi
	echo "### Address functions (section \"Results\")"
	echo
	echo "Produced by $runs full run(s) of \`bench_addr\` ($(sed -n 1p "$tmp/addr.runs" | sed 's/.*; //')) in BUILD_DIR:"
	echo "ns/op is the median over the runs; Mops/s is 1000 / ns/op; lib/glibc is"
	echo "the library's median over glibc's on the same inputs (its twin run"
	echo "alternates with it, run for run). Instructions per call by"
	echo "\`tests/bench/instr_per_call.sh BUILD '.*'\` (callgrind, 640 and 6400"
	echo "calls, the difference over the difference), with $(variant_label main) and, in"
	echo "a build of this tree, $alt_label."
	echo
	awk -v alt="$alt_label" '
	FILENAME ~ /list$/ { n++; name[n] = $1; group[n] = $2; next }
	FILENAME ~ /stats$/ { ns[$1] = $2; next }
	FILENAME ~ /ir$/ { ir[$1] = $2; next }
	{ air[$1] = $2 }
	function num(x) { return x == "" ? "-" : (x == int(x) ? sprintf("%d", x) : sprintf("%.1f", x)) }
	function t(x) { return x == "" ? "-" : sprintf("%.2f", x) }
	function rate(x) { return x == "" ? "-" : sprintf(x < 1 ? "%.1f" : "%.0f", 1e3 / x) }
	function rate1(x) { return x == "" ? "-" : sprintf("%.1f", 1e3 / x) }
	function mark(c, x) { return (group[c] == "embed" && x != "" && x > 30) ? num(x) " **over 30**" : num(x) }
	# The glibc twin of a text case: in4_parse -> glibc_pton4,
	# in6_format_mixed/mixed -> glibc_ntop6/mixed, and so on.
	function twin(c,    fn, sfx, k) {
		k = index(c, "/"); fn = k ? substr(c, 1, k - 1) : c; sfx = k ? substr(c, k) : ""
		if (fn !~ /^in[46]_(parse|format)/) return ""
		return "glibc_" (fn ~ /parse/ ? "pton" : "ntop") substr(fn, 3, 1) sfx
	}
	END {
		printf "| case | ns/op | Mops/s | instructions/call | %s instructions | glibc ns/op | glibc Mops/s | lib/glibc | glibc instructions/call |\n", alt
		print "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
		for (i = 1; i <= n; i++) {
			c = name[i]
			if (group[i] != "text" || c ~ /^glibc_/) continue
			g = twin(c)
			ratio = (g in ns) && ns[g] > 0 && ns[c] != "" ? sprintf("%.2f", ns[c] / ns[g]) : "-"
			if (ratio != "-") {
				kind = c ~ /parse/ ? "parsers" : "formatters"
				r = ns[c] / ns[g]
				if (!(kind in lo) || r < lo[kind]) { lo[kind] = r; clo[kind] = c }
				if (!(kind in hi) || r > hi[kind]) { hi[kind] = r; chi[kind] = c }
			}
			printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", c, t(ns[c]), rate1(ns[c]),
			       num(ir[c]), num(air[c]), (g in ns) ? t(ns[g]) : "-",
			       (g in ns) ? rate1(ns[g]) : "-", ratio, (g in ir) ? num(ir[g]) : "-"
		}
		printf "\n"
		for (k in lo)
			printf "lib/glibc of the %s: %.2f (%s) to %.2f (%s).\n", k, lo[k], clo[k], hi[k], chi[k]
		printf "\n| group | case | ns/op | Mops/s | instructions/call | %s instructions |\n", alt
		print "| --- | --- | ---: | ---: | ---: | ---: |"
		for (i = 1; i <= n; i++) {
			c = name[i]
			if (group[i] == "text") continue
			group[c] = group[i]
			printf "| %s | %s | %s | %s | %s | %s |\n", group[i], c, t(ns[c]), rate(ns[c]),
			       mark(c, ir[c]), mark(c, air[c])
			if (group[i] == "embed") {
				ne++
				if (ir[c] > 30) over = over " " c
				if (c in air && air[c] > 30) aover = aover " " c
			}
		}
		printf "\nembed: %d cases; over 30 instructions: %s; with %s: %s.\n", ne,
		       over == "" ? "none" : substr(over, 2), alt,
		       alt == "-" ? "not built" : (aover == "" ? "none" : substr(aover, 2))
	}' "$tmp/addr.list" "$tmp/addr.stats" "$tmp/addr.ir" "$tmp/addr.alt"
	echo
	spread "$tmp/addr.stats" "bench_addr"
	echo "Load average after the section: $(loadavg)."
	echo
}

# ------------------------------------------------------------- hash

hash() {
	vs=$(variants)
	for v in $vs; do
		d=$(variant_dir "$v" bench_hash)
		repeat "$runs" "$tmp/hash.$v.runs" "$d/tests/bench_hash" $brun
		awk 'NF >= 4 && $2 ~ /^[0-9]+$/ && $3 ~ /^[0-9.]+$/ { print $1, $3 }' \
			"$tmp/hash.$v.runs" | stats > "$tmp/hash.$v.stats"
		counts "$d" bench_hash > "$tmp/hash.$v.ir"
		"$d/tests/bench_hash" --list > "$tmp/hash.$v.list"
	done
	echo "### Flow-label hash (section \"Flow-label hash: the choice\")"
	echo
	echo "Produced by $runs full run(s) of \`bench_hash\` ($(sed -n 1p "$tmp/hash.main.runs" | sed 's/.*; //')) in each"
	for v in $vs; do
		# shellcheck disable=SC2016
		printf '%s (`%s`), ' "$(variant_label "$v")" \
			"$(echo "$(basename "$(variant_cc "$v")") $(variant_flags "$v")" | sed 's/ *$//')"
	done | sed 's/^/build: /; s/, $/;/'
	echo
	echo "all but the first are builds of this tree made by the script. ns/op is"
	echo "the median over the runs, instr. the instructions per call"
	echo "(\`instr_per_call.sh BUILD '' bench_hash\`), the case's wrapper included."
	missing_note
	echo
	set -- $vs
	labels=$(for v in $vs; do printf '%s;' "$(variant_label "$v")"; done)
	files=
	for v in $vs; do files="$files $tmp/hash.$v.stats $tmp/hash.$v.ir"; done
	awk -v labels="$labels" -v nv=$# '
	FNR == 1 { f++ }
	f == 1 { ns[1, $1] = $2; order[++n] = $1; next }
	f % 2 == 1 { ns[(f + 1) / 2, $1] = $2; next }
	{ ir[f / 2, $1] = $2 }
	function num(x) { return x == "" ? "-" : (x == int(x) ? sprintf("%d", x) : sprintf("%.1f", x)) }
	END {
		split(labels, lab, ";")
		printf "| case |"
		for (v = 1; v <= nv; v++) printf " %s ns/op | instr. |", lab[v]
		printf "\n| --- |"
		for (v = 1; v <= nv; v++) printf " ---: | ---: |"
		printf "\n"
		for (r = 1; r <= n; r++) {
			c = order[r]
			printf "| %s |", c
			for (v = 1; v <= nv; v++)
				printf " %s | %s |", ((v, c) in ns) ? sprintf("%.1f", ns[v, c]) : "-", num(ir[v, c])
			printf "\n"
		}
		# the flow-label messages: SipHash in place (the tuple form), HalfSipHash
		printf "\nFor the flow-label message lengths, per build: the fastest of SipHash-2-4 and SipHash-1-3 (tuple form) and HalfSipHash-2-4 and -1-3, and the ratios to SipHash-1-3 (time, instructions):\n\n"
		print "| build | bytes | fastest in time | fewest instructions | SipHash-2-4 / SipHash-1-3 | HalfSipHash-1-3 / SipHash-1-3 | siphash13_lib - sip13_tuple instructions |"
		print "| --- | ---: | --- | --- | ---: | ---: | ---: |"
		split("sip24_tuple sip13_tuple hsip24 hsip13", cand, " ")
		for (v = 1; v <= nv; v++)
			for (b = 32; b <= 37; b += 5) {
				bt = 1e99; bi = 1e99
				for (k = 1; k <= 4; k++) {
					c = cand[k] "/" b
					if (ns[v, c] != "" && ns[v, c] < bt) { bt = ns[v, c]; ct = cand[k] }
					if (ir[v, c] != "" && ir[v, c] < bi) { bi = ir[v, c]; ci = cand[k] }
				}
				s13 = "sip13_tuple/" b
				printf "| %s | %d | %s | %s | %.2f, %.2f | %.2f, %.2f | %s |\n", lab[v], b, ct, ci,
				       ns[v, "sip24_tuple/" b] / ns[v, s13], ir[v, "sip24_tuple/" b] / ir[v, s13],
				       ns[v, "hsip13/" b] / ns[v, s13], ir[v, "hsip13/" b] / ir[v, s13],
				       num(ir[v, "siphash13_lib/" b] - ir[v, s13])
			}
	}' $files
	echo
	for v in $vs; do
		spread "$tmp/hash.$v.stats" "$(variant_label "$v")"
	done
	echo "Load average after the section: $(loadavg)."
	echo
}

# ------------------------------------------------------------- flowlabel

# before_dir V COMMIT [TARGET]: a build of variant V of COMMIT (its whole
# tree, so that its CMake files list its sources) with this tree's
# benchmarks (tests/bench/), TARGET (default bench_flowlabel) built. The
# benchmarks may include src/'s private headers, which COMMIT's CMake
# files may not give them: src/ is added to the include path.
before_dir() {
	src=$tmp/old-$2
	if [ ! -d "$src" ]; then
		mkdir -p "$src"
		git -C "$top" archive "$2" | tar -xf - -C "$src"
		cp "$here"/*.c "$here"/*.h "$src/tests/bench/"
	fi
	[ -f "$src/build-$1/CMakeCache.txt" ] || configure "$src/build-$1" "$1" "$src" "-I$src/src"
	make_target "$src/build-$1" "${3:-bench_flowlabel}"
	echo "$src/build-$1"
}

# flowlabel_line COUNTS BEFORE LABEL: the summary line of set/0ext.
flowlabel_line() {
	awk -v before="$before" -v label="$3" '
	FILENAME == ARGV[1] { ir[$1] = $2; if (FNR == 1) base = $1; next }
	{ old[$1] = $2 }
	function ins(x) { return x == int(x) ? sprintf("%d", x) : sprintf("%.1f", x) }
	END {
		printf "%s, set/0ext (IPv6 + TCP, label zero): %s instructions, %.3f x the bare hash (%s, %s)",
		       label, ins(ir["set/0ext"]), ir["set/0ext"] / ir[base], base, ins(ir[base])
		if (before != "")
			printf "; at %s %s, %.3f x", before, ins(old["set/0ext"]),
			       old["set/0ext"] / old[base]
		printf "\n"
	}' "$1" "$2"
}

flowlabel() {
	bench=$(variant_dir main bench_flowlabel)/tests/bench_flowlabel
	repeat "$runs" "$tmp/fl.runs" "$bench" $brun
	# the case is the first field; ns/op and latency the 5th and 2nd from
	# the end (the name may carry a note in parentheses)
	awk '$(NF - 4) ~ /^[0-9.]+$/ && $NF ~ /^[0-9.]+$/ { print $1, $(NF - 4) }' "$tmp/fl.runs" | stats > "$tmp/fl.ns"
	awk '$(NF - 4) ~ /^[0-9.]+$/ && $NF ~ /^[0-9.]+$/ { print $1, $(NF - 1) }' "$tmp/fl.runs" | stats > "$tmp/fl.lat"
	awk '$(NF - 4) ~ /^[0-9.]+$/ && $NF ~ /^[0-9.]+$/ && NF > 6 {
		print $1, $2 (NF > 7 ? " " $3 : "") }' "$tmp/fl.runs" | sort -u > "$tmp/fl.notes"
	counts "$build" bench_flowlabel > "$tmp/fl.ir"
	: > "$tmp/fl.before"
	[ -z "$before" ] || counts "$(before_dir main "$before")" bench_flowlabel > "$tmp/fl.before"
	echo "### Flow labels (section \"Flow labels and the header walk\")"
	echo
	echo "Produced by $runs full run(s) of \`bench_flowlabel\` ($(sed -n 1p "$tmp/fl.runs" | sed 's/.*; //')) in BUILD_DIR:"
	echo "ns/op and latency are medians over the runs, each \`x hash\` over the"
	echo "bare hash's median; instructions by \`instr_per_call.sh BUILD ''"
	echo "bench_flowlabel\`.$([ -z "$before" ] || echo " The instructions at $before are those of that commit, built by the script from its tree with this tree's tests/bench/ sources, the same compiler and build type.")"
	echo
	awk -v before="$before" '
	FILENAME ~ /ns$/ { order[++n] = $1; ns[$1] = $2; next }
	FILENAME ~ /lat$/ { lat[$1] = $2; next }
	FILENAME ~ /notes$/ { note[$1] = " " substr($0, length($1) + 2); next }
	FILENAME ~ /ir$/ { ir[$1] = $2; next }
	{ old[$1] = $2 }
	# An instruction count: whole, or to a tenth.
	function ins(x) { return x == int(x) ? sprintf("%d", x) : sprintf("%.1f", x) }
	END {
		base = order[1]
		printf "| case | ns/op | Mops/s | x hash | latency ns | x hash | instructions | x hash |"
		if (before != "") printf " instructions at %s | x hash | change |", before
		printf "\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
		if (before != "") printf " ---: | ---: | ---: |"
		printf "\n"
		for (r = 1; r <= n; r++) {
			c = order[r]
			printf "| %s%s | %.2f | %.1f | %.2f | %.2f | %.2f | %s | %.2f |", c,
			       note[c], ns[c], 1e3 / ns[c], ns[c] / ns[base], lat[c], lat[c] / lat[base],
			       ins(ir[c]), ir[c] / ir[base]
			if (before != "" && (c in old))
				printf " %s | %.2f | %s%s |", ins(old[c]), old[c] / old[base],
				       (ir[c] >= old[c] ? "+" : ""), ins(ir[c] - old[c])
			else if (before != "")
				printf " - | - | - |"
			printf "\n"
		}
	}' "$tmp/fl.ns" "$tmp/fl.lat" "$tmp/fl.notes" "$tmp/fl.ir" "$tmp/fl.before"
	echo
	echo '```'
	flowlabel_line "$tmp/fl.ir" "$tmp/fl.before" "$(variant_label main)"
	if can_build alt; then
		counts "$(variant_dir alt bench_flowlabel)" bench_flowlabel > "$tmp/fl.alt"
		: > "$tmp/fl.altbefore"
		[ -z "$before" ] ||
			counts "$(before_dir alt "$before")" bench_flowlabel > "$tmp/fl.altbefore"
		flowlabel_line "$tmp/fl.alt" "$tmp/fl.altbefore" "$(variant_label alt) ($(variant_flags alt))"
	fi
	echo '```'
	echo
	spread "$tmp/fl.ns" "bench_flowlabel, ns/op"
	spread "$tmp/fl.lat" "bench_flowlabel, latency"
	echo "Load average after the section: $(loadavg)."
	echo
}

# ------------------------------------------------------------- reasm
#
# What this section assumes of bench_reasm:
# - `--list` prints "name group symbol" for every case; symbol is the
#   function to count with callgrind. The cases counted are those whose
#   name has a component "c1" (one datagram at a time), in --list order.
# - A timing line is "name conc ns/frag ns/dgram Mfrag/s | memcpy x_mem |
#   dpdk Mfrag/s x_dpdk free | aims MiB", where the DPDK part may be
#   "cannot" or "-"; lines that begin with two spaces are notes on the case
#   above them; its second line names DPDK's version when DPDK is in.
# - `--iters N --runs 1` counts fragments: each of the symbol, op_memcpy and
#   op_dpdk runs 2N times (one untimed warm-up and one timed run), plus a
#   checking pass that does not call the ops; N1 and N2 below are multiples
#   of a pass (64 datagrams) for every fragment count that divides 630.
# - `--flood` prints its two tables as they are parsed in reasm_flood.

reasm_n1=40320
reasm_n2=80640

# reasm_parse RUNS PREFIX: from the timing lines of RUNS, PREFIX.stats (per
# "case@field" the median, min, max) and PREFIX.notes.
reasm_parse() {
	awk -v list="$tmp/reasm.list" -v notes="$tmp/notes.raw" '
	BEGIN { while ((getline l < list) > 0) { split(l, w, " "); known[w[1]] = 1 } }
	/^  / { if (last != "") print last ":" $0 > notes; next }
	{ split($0, part, /\|/); split(part[1], a, " ") }
	!(a[1] in known) || split(part[2], m, " ") < 2 { last = ""; next }
	{
		last = a[1]
		print a[1] "@conc", a[2]; print a[1] "@ours", a[3]; print a[1] "@dgram", a[4]
		print a[1] "@mem", m[1]
		if (split(part[3], d, " ") >= 4 && d[1] ~ /^[0-9.]+$/) {
			print a[1] "@dpdk", d[1]; print a[1] "@free", d[4]
		} else
			print a[1] "@dpdk_" d[1], 1
		split(part[4], x, " "); print a[1] "@mib", x[2]
	}' "$1" | stats > "$2.stats"
	touch "$tmp/notes.raw"
	awk '!seen[$0]++ { sub(/:  */, ": "); print }' "$tmp/notes.raw" > "$2.notes"
	rm -f "$tmp/notes.raw"
}

reasm_times() {
	awk -v list="$tmp/reasm.list" '
	FILENAME == list { order[++n] = $1; next }
	{ k = index($1, "@"); v[substr($1, 1, k - 1), substr($1, k + 1)] = $2 }
	function has(c, f) { return (c, f) in v }
	END {
		print "| case | datagrams at once | ns/fragment | ns/datagram | Mfrag/s | memcpy ns/frag | x memcpy | DPDK ns/frag | DPDK Mfrag/s | DPDK / ours | DPDK free ns/frag | MiB |"
		print "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
		for (r = 1; r <= n; r++) {
			c = order[r]
			if (!has(c, "ours")) continue
			o = v[c, "ours"]; m = v[c, "mem"]
			xm = sprintf("%.2f", o / m); if (o <= 1.5 * m) xm = "**" xm "**"
			if (has(c, "dpdk")) {
				d = v[c, "dpdk"]; xd = sprintf("%.2f", d / o); if (d >= 2 * o) xd = "**" xd "**"
				dp = sprintf("%.1f | %.2f | %s | %.1f", d, 1e3 / d, xd, v[c, "free"])
			} else if (has(c, "dpdk_cannot"))
				dp = "cannot | | |"
			else
				dp = "- | | |"
			printf "| %s | %d | %.1f | %.0f | %.2f | %.1f | %s | %s | %.0f |\n", c, v[c, "conc"], o,
			       v[c, "dgram"], 1e3 / o, m, xm, dp, v[c, "mib"]
		}
	}' "$tmp/reasm.list" "$1"
}

# reasm_bucket4 STATS4 STATS: DPDK with 4 entries per bucket against 16.
reasm_bucket4() {
	awk -v list="$tmp/reasm.list" '
	FILENAME == list { order[++n] = $1; next }
	FNR == 1 { f++ }
	{ k = index($1, "@"); v[f, substr($1, 1, k - 1), substr($1, k + 1)] = $2 }
	END {
		print "| case | ours | DPDK, 16 per bucket | DPDK / ours | ours (same run) | DPDK, 4 per bucket | DPDK / ours |"
		print "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
		for (r = 1; r <= n; r++) {
			c = order[r]
			if (!((1, c, "dpdk") in v) || !((2, c, "dpdk") in v)) continue
			printf "| %s | %.1f | %.1f | %.2f | %.1f | %.1f | %.2f |\n", c,
			       v[2, c, "ours"], v[2, c, "dpdk"], v[2, c, "dpdk"] / v[2, c, "ours"],
			       v[1, c, "ours"], v[1, c, "dpdk"], v[1, c, "dpdk"] / v[1, c, "ours"]
		}
	}' "$tmp/reasm.list" "$1" "$2"
}

# reasm_count NAME SYMBOL N [DPDK]: "total copy" Ir inside SYMBOL for case
# NAME with --iters N (copy: the part in memcpy/memmove), of $rbench when
# set (the --reasm-before build), else of $bench.
reasm_count() {
	d=--no-dpdk
	[ $# -lt 4 ] || d=
	valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" --toggle-collect="$2" \
		"${rbench:-$bench}" $d --only "$1" --iters "$3" --runs 1 </dev/null >/dev/null 2>"$tmp/log" ||
		{ cat "$tmp/log" >&2; exit 1; }
	callgrind_annotate --auto=no --threshold=100 "$tmp/cg" | awk '
	/PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
	$2 ~ /^\(/ && $3 ~ /:/ {
		fn = $3; sub(/.*:/, "", fn)
		if (fn ~ /mem(cpy|move)/) { gsub(",", "", $1); copy += $1 }
	}
	END { print total + 0, copy + 0 }'
}

reasm_counts() {
	re='(^|/)c1(/|$)'
	awk -v re="$re" '$1 ~ re' "$tmp/reasm.list" > "$tmp/reasm.c1"
	[ $quick = 0 ] || { sed 2q "$tmp/reasm.c1" > "$tmp/c1" && mv "$tmp/c1" "$tmp/reasm.c1"; }
	d=$((2 * (reasm_n2 - reasm_n1)))
	rb_head= rb_rule=
	if [ -n "$reasm_before" ]; then
		rb_head=" other than the copy at $reasm_before |"
		rb_rule=" ---: |"
	fi
	echo "| case | \`$(sed -n '1s/.* //p' "$tmp/reasm.c1")()\` Ir/fragment | of it in memcpy/memmove | other than the payload copy |$rb_head memcpy op | DPDK op |"
	echo "| --- | ---: | ---: | ---: |$rb_rule ---: | ---: |"
	while read -r name _ symbol; do
		a=$(reasm_count "$name" "$symbol" $reasm_n1)
		b=$(reasm_count "$name" "$symbol" $reasm_n2)
		t1=${a% *} c1=${a#* } t2=${b% *} c2=${b#* }
		o1=0 o2=0 ob=0
		if [ -n "$reasm_before" ]; then
			a=$(rbench=$before_bench reasm_count "$name" "$symbol" $reasm_n1)
			b=$(rbench=$before_bench reasm_count "$name" "$symbol" $reasm_n2)
			o1=$((${a% *} - ${a#* })) o2=$((${b% *} - ${b#* }))
			ob=1
		fi
		a=$(reasm_count "$name" op_memcpy $reasm_n1)
		b=$(reasm_count "$name" op_memcpy $reasm_n2)
		m1=${a% *} m2=${b% *}
		dp1=0 dp2=0
		if [ "$dpdk" = 1 ]; then
			a=$(reasm_count "$name" op_dpdk $reasm_n1 dpdk)
			b=$(reasm_count "$name" op_dpdk $reasm_n2 dpdk)
			dp1=${a% *} dp2=${b% *}
		fi
		awk -v n="$name" -v s="$symbol" -v d=$d -v t1="$t1" -v t2="$t2" -v c1="$c1" \
		    -v c2="$c2" -v m1="$m1" -v m2="$m2" -v p1="$dp1" -v p2="$dp2" \
		    -v o1="$o1" -v o2="$o2" -v ob="$ob" 'BEGIN {
			t = (t2 - t1) / d; c = (c2 - c1) / d; m = (m2 - m1) / d; p = (p2 - p1) / d
			dp = p > 0 ? sprintf("%.1f", p) : "cannot"
			sym = s == "v6t_frag_input" ? "" : " (`" s "`)"
			old = ob ? sprintf(" %.1f |", (o2 - o1) / d) : ""
			printf "| %s%s | %.1f | %.1f | %.1f |%s %.1f | %s |\n", n, sym, t, c, t - c, old, m, dp
		}'
	done < "$tmp/reasm.c1"
}

# reasm_flood: the two tables of --flood; with --reasm-before, whether
# that build counts the same (and its tables when it does not).
reasm_flood() {
	"$bench" --flood > "$tmp/flood"
	same=1
	if [ -n "$reasm_before" ]; then
		"$before_bench" --flood > "$tmp/flood.before"
		if cmp -s "$tmp/flood" "$tmp/flood.before"; then
			echo "At $reasm_before, \`bench_reasm --flood\` printed the same counts, every row of both tables."
		else
			same=0
			echo "At $reasm_before, \`bench_reasm --flood\` printed other counts: the tables below are this tree's; $reasm_before's follow them."
		fi
		echo
	fi
	reasm_flood_tables "$tmp/flood"
	if [ $same = 0 ]; then
		echo
		echo "At $reasm_before:"
		echo
		reasm_flood_tables "$tmp/flood.before"
	fi
}

# reasm_flood_tables FILE: the two tables of the --flood output in FILE.
reasm_flood_tables() {
	awk '
	/^rate/ { sub(/^rate +legit frags +/, ""); ni = split($0, h, " ") / 2; mode = 1
		printf "| flood per legitimate datagram | arrival |"
		for (i = 1; i <= ni; i++) printf " %s delivered | %s |", h[2 * i - 1], h[2 * i]
		printf "\n| ---: | --- |"
		for (i = 1; i <= ni; i++) printf " ---: | ---: |"
		printf "\n"; next }
	/^gap sweep/ { print ""; print $0; next }
	/^gap/ { ng = NF - 1; for (i = 2; i <= NF; i++) gname[i - 1] = $i; mode = 2; next }
	mode == 1 && /:1/ {
		gsub(/[()%]/, " "); split($0, f, " ")
		r = f[1]; sub(/:1$/, "", r)
		printf "| %s | %s |", r, f[2]
		for (i = 0; i < ni; i++) printf " %s (%s %%) | %s |", f[3 + 3 * i], f[4 + 3 * i], f[5 + 3 * i]
		printf "\n"; next }
	mode == 2 && NF > 1 {
		gsub(/[()%]/, " "); split($0, f, " ")
		ngap++; gap[ngap] = f[1]
		for (i = 1; i <= ng; i++) got[ngap, i] = f[2 * i]
	}
	END {
		print ""
		printf "| GAP |"
		for (k = 1; k <= ngap; k++) printf " %s |", gap[k]
		printf "\n| --- |"
		for (k = 1; k <= ngap; k++) printf " ---: |"
		printf "\n"
		for (i = 1; i <= ng; i++) {
			printf "| %s delivered |", gname[i]
			for (k = 1; k <= ngap; k++) printf " %s |", got[k, i]
			printf "\n"
		}
	}' "$1"
}

# reasm_memory: bytes per concurrent datagram, ours and DPDK's from
# `bench_reasm --memory`, the Linux kernel's from linux_frag_mem.sh.
reasm_memory() {
	"$bench" --memory > "$tmp/mem"
	sh "$here/linux_frag_mem.sh" > "$tmp/linux" 2>&1 || :
	awk -v linux="$tmp/linux" '
	BEGIN {
		while ((getline l < linux) > 0) {
			if (l ~ /skipped/) skipped = l
			if (split(l, w, " ") >= 9 && w[3] ~ /^IPv/ && w[5] == "of") {
				v = substr(w[3], 4); n = w[6]
				lin["v" v "/" n "f"] = w[9]
				kernel = w[2]
			}
		}
	}
	$1 ~ /^v[46]\/[0-9]+f$/ {
		l = ($1 in lin) ? lin[$1] : "-"
		rows = rows sprintf("| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $4, $5, $6, $8, l)
	}
	END {
		print "| shape | fragments held | v6t, direct, max_datagram 65575 | v6t, direct, max_datagram the shape'"'"'s | v6t, chunks of 2048 (max 65575) | DPDK (16 per bucket) | Linux " kernel " |"
		print "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
		printf "%s", rows
		if (skipped != "") print "\n" skipped
	}' "$tmp/mem"
}

reasm() {
	bench=$(variant_dir main bench_reasm)/tests/bench_reasm
	before_bench=
	[ -z "$reasm_before" ] ||
		before_bench=$(before_dir main "$reasm_before" bench_reasm)/tests/bench_reasm
	"$bench" --list > "$tmp/reasm.list"
	filter=
	[ $quick = 0 ] || filter="--filter /c1"
	repeat "$reasm_runs" "$tmp/reasm.runs" "$bench" $brun $filter
	reasm_parse "$tmp/reasm.runs" "$tmp/reasm"
	dpdk=0
	! sed -n 2p "$tmp/reasm.runs" | grep -q '^DPDK [0-9]' || dpdk=1
	echo "### Fragment reassembly (section \"Fragment reassembly\")"
	echo
	echo "Produced by $reasm_runs full run(s) of \`bench_reasm$([ -z "$filter" ] || echo " $filter")\` in BUILD_DIR"
	echo "($(sed -n 1p "$tmp/reasm.runs" | sed 's/^[^;]*; //'); $(sed -n 2p "$tmp/reasm.runs")):"
	echo "each time is the median over the runs; Mfrag/s, x memcpy (ours / memcpy, aim at most 1.5) and DPDK / ours"
	echo "(aim at least 2; met in bold) are of the medians; MiB is the memory the case took."
	echo
	reasm_times "$tmp/reasm.stats"
	if [ -s "$tmp/reasm.notes" ]; then
		echo
		sed 's/^/- /' "$tmp/reasm.notes"
	fi
	echo
	grep -E '@(ours|mem|dpdk) ' "$tmp/reasm.stats" > "$tmp/reasm.times" || :
	spread "$tmp/reasm.times" "bench_reasm (ours, memcpy and DPDK)" "$reasm_runs"
	echo
	if [ "$dpdk" = 1 ]; then
		c64k=/c64k
		[ $quick = 0 ] || c64k=$(awk '$1 ~ /c64k/ { print $1; exit }' "$tmp/reasm.list")
			repeat "$reasm_runs" "$tmp/reasm4.runs" "$bench" $brun --filter "$c64k" \
			--dpdk-bucket-entries 4
		reasm_parse "$tmp/reasm4.runs" "$tmp/reasm4"
		echo "DPDK with 4 entries per bucket: $reasm_runs more run(s) of \`bench_reasm --filter $c64k"
		echo "--dpdk-bucket-entries 4\`, medians, against the table above (ns per fragment):"
		echo
		reasm_bucket4 "$tmp/reasm4.stats" "$tmp/reasm.stats"
		echo
	fi
	echo "Instructions per fragment with one datagram at a time (callgrind, exact):"
	echo "each case run with \`--iters N --runs 1\` for N = $reasm_n1 and $reasm_n2 under"
	echo "\`valgrind --tool=callgrind --toggle-collect=SYMBOL\`, the difference of"
	echo "the counts over the difference of the calls ($((2 * (reasm_n2 - reasm_n1)))); \"of it in"
	echo "memcpy/memmove\" is what callgrind_annotate puts in glibc's memcpy and"
	echo "memmove variants within the call (under valgrind glibc picks its AVX2"
	echo "variants); memcpy op and DPDK op are \`op_memcpy\` and \`op_dpdk\`, the"
	echo "benchmark's whole per-fragment work for memcpy and DPDK."
	[ -z "$reasm_before" ] || echo "\"At $reasm_before\": that commit's library, built by the script from its tree with this tree's tests/bench/ sources, the same compiler and build type, counted the same way."
	echo
	command -v valgrind >/dev/null || { echo "(valgrind not found: no counts)"; return; }
	reasm_counts
	echo
	echo "Memory per concurrent datagram, in bytes, while it waits for its last"
	echo "fragment (\`bench_reasm --memory\`: our tables filled for real; DPDK's"
	echo "table from EAL's heap and the mbufs it holds; Linux: the kernel's own"
	echo "count, /proc/net/sockstat6 and sockstat \"FRAG memory\", from"
	echo "\`tests/bench/linux_frag_mem.sh\` in two network namespaces):"
	echo
	reasm_memory
	echo
	echo "Flood (\`bench_reasm --flood\`, one run: it counts datagrams, it does not time):"
	echo
	reasm_flood
	echo
	echo "Load average after the section: $(loadavg)."
	echo
}

# ------------------------------------------------------------- xlat
#
# What this section assumes of bench_xlat: `--list` prints "name group
# symbol", the names CFG/DIR/PROTO/SIZE/MODE (MODE inplace or copy) and
# memcpy/SIZE, restore/SIZE; a timing line is "name ns/op packets/s
# memcpy_ns x_memcpy", "-" for the last two of the memcpy and restore rows.

xlat() {
	bench=$(variant_dir main bench_xlat)/tests/bench_xlat
	"$bench" --list > "$tmp/xlat.list"
	repeat "$runs" "$tmp/xlat.runs" "$bench" $brun
	awk 'NF == 5 && $2 ~ /^[0-9.]+$/ { print $1, $2 }' "$tmp/xlat.runs" | stats > "$tmp/xlat.ns"
	awk 'NF == 5 && $4 ~ /^[0-9.]+$/ { print $1, $4 }' "$tmp/xlat.runs" | stats > "$tmp/xlat.mem"
	counts "$build" bench_xlat > "$tmp/xlat.ir"
	: > "$tmp/xlat.before"
	[ -z "$xlat_before" ] ||
		counts "$(before_dir main "$xlat_before" bench_xlat)" bench_xlat inplace > "$tmp/xlat.before"
	echo "### Translation (section \"Translation\")"
	echo
	echo "Produced by $runs full run(s) of \`bench_xlat\` ($(sed -n 1p "$tmp/xlat.runs" | sed 's/.*; //')) in BUILD_DIR,"
	echo "and \`instr_per_call.sh BUILD '' bench_xlat\` (callgrind, 640 and 6400 calls,"
	echo "the difference over the difference; in place without the restore of the"
	echo "headers between calls). SIZE is the input's IP length. Aims (the issue):"
	echo "in place at most 120 instructions per TCP or UDP packet, by copy within"
	echo "1.2 times memcpy of the same packet; **met** in bold, missed in italics."
	[ -z "$xlat_before" ] || echo "\"in place at $xlat_before\": that commit's library, built by the script from its tree with this tree's tests/bench/ sources, the same compiler and build type."
	echo
	echo "Instructions per packet:"
	echo
	awk -v before="$xlat_before" '
	FILENAME ~ /list$/ { if ($2 == "inplace") order[++n] = $1; next }
	FILENAME ~ /before$/ { old[$1] = $2; next }
	{ ir[$1] = $2 }
	function num(x) { return x == "" ? "-" : (x == int(x) ? sprintf("%d", x) : sprintf("%.1f", x)) }
	END {
		printf "| config | way | protocol | SIZE | in place |%s by copy | memcpy | copy / memcpy |\n",
		       before == "" ? "" : " in place at " before " |"
		printf "| --- | --- | --- | ---: | ---: |%s ---: | ---: | ---: |\n", before == "" ? "" : " ---: |"
		for (r = 1; r <= n; r++) {
			c = order[r]; split(c, f, "/")
			cp = f[1] "/" f[2] "/" f[3] "/" f[4] "/copy"; m = ir["memcpy/" f[4]]
			ip = num(ir[c])
			if (f[3] != "icmp") {
				aimed++
				if (ir[c] <= 120) { ip = "**" ip "**"; met++ } else ip = "_" ip "_"
			}
			printf "| %s | %s | %s | %s | %s |", f[1], f[2], f[3], f[4], ip
			if (before != "") printf " %s |", num(old[c])
			printf " %s | %s | %.2f |\n", num(ir[cp]), num(m), ir[cp] / m
		}
		printf "\nIn place, TCP and UDP: %d of %d cases within 120 instructions.\n", met, aimed
	}' "$tmp/xlat.list" "$tmp/xlat.before" "$tmp/xlat.ir"
	echo
	echo "Nanoseconds per packet (medians over the runs); memcpy is the copy"
	echo "case's twin, timed alternately with it in the same run; in place"
	echo "includes the restore of the headers, timed alone in the last column:"
	echo
	awk '
	FILENAME ~ /list$/ { if ($2 == "inplace") order[++n] = $1; next }
	FILENAME ~ /ns$/ { ns[$1] = $2; next }
	{ mem[$1] = $2 }
	END {
		print "| config | way | protocol | SIZE | in place | by copy | memcpy | copy / memcpy | restore |"
		print "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
		for (r = 1; r <= n; r++) {
			c = order[r]; split(c, f, "/")
			cp = f[1] "/" f[2] "/" f[3] "/" f[4] "/copy"
			x = ns[cp] / mem[cp]; xs = sprintf("%.2f", x)
			aimed++
			if (x <= 1.2) { xs = "**" xs "**"; met++ } else xs = "_" xs "_"
			printf "| %s | %s | %s | %s | %.1f | %.1f | %.1f | %s | %.1f |\n", f[1], f[2], f[3],
			       f[4], ns[c], ns[cp], mem[cp], xs, ns["restore/" f[4]]
		}
		printf "\nBy copy: %d of %d cases within 1.2 times memcpy.\n", met, aimed
	}' "$tmp/xlat.list" "$tmp/xlat.ns" "$tmp/xlat.mem"
	echo
	spread "$tmp/xlat.ns" "bench_xlat, ns/op"
	echo "Load average after the section: $(loadavg)."
	echo
}

# tunnel_table BENCH: one table of BENCH's cases (bench_tunnel or
# bench_teredo): instructions, ns, the memcpy twin's ns and the ratio.
tunnel_table() {
	bench=$(variant_dir main "$1")/tests/$1
	repeat "$runs" "$tmp/$1.runs" "$bench" $brun
	awk 'NF == 5 && $2 ~ /^[0-9.]+$/ { print $1, $2 }' "$tmp/$1.runs" | stats > "$tmp/$1.ns"
	awk 'NF == 5 && $4 ~ /^[0-9.]+$/ { print $1, $4 }' "$tmp/$1.runs" | stats > "$tmp/$1.mem"
	counts "$build" "$1" > "$tmp/$1.ir"
	echo "\`$1\` ($(sed -n 1p "$tmp/$1.runs" | sed 's/.*; //'); $runs full run(s)):"
	echo
	awk '
	FILENAME ~ /ns$/ { if (!($1 in ns)) order[++n] = $1; ns[$1] = $2; next }
	FILENAME ~ /mem$/ { mem[$1] = $2; next }
	{ ir[$1] = $2 }
	function num(x) { return x == "" ? "-" : (x == int(x) ? sprintf("%d", x) : sprintf("%.1f", x)) }
	END {
		print "| case | instructions | ns/packet | memcpy ns (same run) | x memcpy (ns) |"
		print "| --- | ---: | ---: | ---: | ---: |"
		for (r = 1; r <= n; r++) {
			c = order[r]
			if (c in mem)
				printf "| %s | %s | %.1f | %.1f | %.2f |\n", c, num(ir[c]), ns[c], mem[c], ns[c] / mem[c]
			else
				printf "| %s | %s | %.1f | | |\n", c, num(ir[c]), ns[c]
		}
	}' "$tmp/$1.ns" "$tmp/$1.mem" "$tmp/$1.ir"
	echo
	spread "$tmp/$1.ns" "$1, ns/op"
}

tunnel() {
	echo "### Tunnels (section \"Tunnels\")"
	echo
	echo "Encapsulation and decapsulation with every check on, per packet;"
	echo "SIZE (the last part of a case's name) is the inner IPv6 packet's"
	echo "length, memcpy cases copy that many bytes. Instructions from"
	echo "\`instr_per_call.sh\` (callgrind, the difference over the difference"
	echo "of 640 and 6400 calls); ns the median of the runs, memcpy's the case's"
	echo "twin timed alternately with it."
	echo
	tunnel_table bench_tunnel
	tunnel_table bench_teredo
	tunnel_table bench_6a44
	echo "Load average after the section: $(loadavg)."
	echo
}

# ------------------------------------------------------------- main

header
for s in $sections; do
	$s
done
end=$(date +%s)
echo "The report took $(((end - start) / 60)) min $(((end - start) % 60)) s; load average at the end $(loadavg)."
