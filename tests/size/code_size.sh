#!/bin/sh
# libv6transit - the code size of each module of libv6transit.a at -Os
# (CMAKE_BUILD_TYPE MinSizeRel) for x86-64 and for the firmware targets of
# cmake/: 32-bit big-endian MIPS and 32-bit ARM (issue 11, the porting note
# of the README). Prints a Markdown table of the bytes of .text (code) per
# module, and the read-only and writable data of the whole library (the
# library has no mutable globals: writable data must be 0).
#
# usage: sh tests/size/code_size.sh [WORKDIR]
#   WORKDIR  where the three builds go (default /tmp/v6t-size)
# Needs gcc-mips-linux-gnu and gcc-arm-linux-gnueabihf (Debian); a target
# whose compiler is missing is reported as such and left out.
# SPDX-License-Identifier: BSD-2-Clause
set -eu

src=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/tmp/v6t-size}
mkdir -p "$work"

# build NAME TOOLCHAIN_FILE|-: the static library of that target at -Os
build() {
	_tc=
	[ "$2" = - ] || _tc="-DCMAKE_TOOLCHAIN_FILE=$src/cmake/$2"
	# shellcheck disable=SC2086
	cmake -S "$src" -B "$work/$1" $_tc -DCMAKE_BUILD_TYPE=MinSizeRel \
		-DV6T_BUILD_TESTS=OFF -DV6T_BUILD_EXAMPLES=OFF -DV6T_BUILD_BENCH=OFF \
		-DV6T_BUILD_DOCS=OFF >"$work/$1.log" 2>&1 &&
		cmake --build "$work/$1" --target v6transit_static -j2 >>"$work/$1.log" 2>&1
}

# sections NAME SIZE: "module section bytes" for every member of the archive
sections() {
	"$2" -A "$work/$1/libv6transit.a" | awk '
		/^[a-z0-9_]+\.c\.o/ { m = $1; sub(/\.c\.o.*/, "", m)
			if (m ~ /^status$/) m = "common"
			else if (m !~ /^siphash$/) sub(/_.*/, "", m)
			next }
		$1 == ".text" || $1 ~ /^\.text\./ { t[m] += $2 }
		$1 == ".rodata" || $1 ~ /^\.rodata/ { r += $2 }
		$1 ~ /^\.data\.rel\.ro/ { o += $2; next }
		$1 ~ /^\.(data|bss)/ { d += $2 }
		END { for (m in t) print m, t[m]
			print "=rodata", r + 0; print "=relro", o + 0; print "=data", d + 0 }'
}

targets="x86-64:-:size mips-be:mips-linux-gnu.cmake:mips-linux-gnu-size arm:arm-linux-gnueabihf.cmake:arm-linux-gnueabihf-size"
cols=
for t in $targets; do
	name=${t%%:*}
	rest=${t#*:}
	tc=${rest%%:*}
	sz=${rest#*:}
	cc=gcc
	[ "$tc" = - ] || cc=$(sed -n 's/^set(CMAKE_C_COMPILER \(.*\))$/\1/p' "$src/cmake/$tc")
	if ! command -v "$cc" >/dev/null 2>&1 || ! command -v "$sz" >/dev/null 2>&1; then
		echo "note: $name left out: $cc or $sz not found" >&2
		continue
	fi
	build "$name" "$tc" || { echo "error: the $name build failed, see $work/$name.log" >&2; exit 1; }
	sections "$name" "$sz" >"$work/$name.sizes"
	cols="$cols $name"
done
[ -n "$cols" ] || { echo "error: no target could be built" >&2; exit 1; }

printf '| module |'
for c in $cols; do printf ' %s |' "$c"; done
printf '\n| --- |'
for c in $cols; do printf ' ---: |'; done
printf '\n'
mods=$(for c in $cols; do cat "$work/$c.sizes"; done | awk '$1 !~ /^=/ { print $1 }' | sort -u)
for m in $mods total =rodata =relro =data; do
	case $m in
	total) label='**all of .text**' ;;
	=rodata) label='.rodata (tables, all modules)' ;;
	=relro) label='.data.rel.ro (constant tables of pointers)' ;;
	=data) label='.data and .bss (writable: must be 0)' ;;
	*) label="$m" ;;
	esac
	printf '| %s |' "$label"
	for c in $cols; do
		if [ "$m" = total ]; then
			v=$(awk '$1 !~ /^=/ { s += $2 } END { print s + 0 }' "$work/$c.sizes")
		else
			v=$(awk -v m="$m" '$1 == m { print $2 }' "$work/$c.sizes")
		fi
		printf ' %s |' "${v:-0}"
	done
	printf '\n'
done
echo
echo "bytes; gcc $(gcc -dumpversion) -Os (MinSizeRel), libv6transit.a at $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo '?')"
