#!/bin/sh
# Runs the v6t command-line cases of a case file and reports each mismatch.
#
# Usage: sh run_cli.sh PATH/TO/v6t CASEFILE
# If V6T_EMULATOR is set and not empty (e.g. qemu-s390x), every v6t
# invocation is prefixed with it.
#
# Case file format (see the top of tests/cli/addr.txt):
#   # ...          comment; blank lines are ignored
#   $ ARGS...      starts a case: the arguments of v6t, split on blanks
#                  (no quoting; glob characters are not expanded; "$"
#                  alone: no arguments)
#   < LINE         a line of standard input, in order, written with
#                  printf %b: \t, \r, \\, \0NNN (octal) are escapes, and \c
#                  ends the input there, without a newline ("<" alone: an
#                  empty line). None given: standard input is /dev/null
#   > LINE         an expected stdout line, in order; stdout must be exactly
#                  these lines (none given: stdout must be empty)
#   ! LINE         optional: an expected stderr line of a failure; given
#                  once or more, stderr must be exactly these lines
#   = N            the expected exit status (required)
# Every case must also meet the CLI contract: with status 0, stderr is
# empty; with any other status, stdout is empty and stderr is exactly one
# line starting "v6t: error: " (cases whose first argument is -v may print
# more lines on stderr, but the first must still be the error line). A
# case that gives standard input ("<" lines, for commands reading one
# input a line) may fail with output on stdout (the results of the good
# lines) and one error line per bad line, every one "v6t: error: ".
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh run_cli.sh PATH/TO/v6t CASEFILE" >&2
	exit 2
fi
v6t=$1
cases=$2
if [ ! -r "$cases" ]; then
	echo "run_cli.sh: cannot read $cases" >&2
	exit 2
fi
# A CMake list (qemu-s390x;-L;/usr/...) becomes words.
emulator=$(printf '%s' "${V6T_EMULATOR:-}" | tr ';' ' ')
tmp=$(mktemp -d "${TMPDIR:-/tmp}/v6t-cli.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM
set -f # arguments such as "[x]" or "*" reach v6t as written

total=0
failed=0
args=
caseline=0
want_status=
have_err=0
: >"$tmp/want_out"
: >"$tmp/want_err"
: >"$tmp/in"
have_in=0

fail() {
	failed=$((failed + 1))
	echo "FAIL $cases:$caseline: v6t $args"
	echo "  $1"
}

show_file() { # label file
	echo "  $1:"
	sed 's/^/    | /' "$2"
}

check_contract() {
	nerr=$(wc -l <"$tmp/err" | tr -d ' ')
	first=$(sed -n 1p "$tmp/err")
	case "$args" in
	-v | "-v "*) verbose=1 ;;
	*) verbose=0 ;;
	esac
	if [ "$status" -eq 0 ]; then
		if [ "$verbose" -eq 0 ] && [ -s "$tmp/err" ]; then
			fail "status 0 but stderr is not empty"
			show_file stderr "$tmp/err"
			return 1
		fi
		return 0
	fi
	if [ "$have_in" -eq 0 ] && [ -s "$tmp/out" ]; then
		fail "failed (status $status) but printed on stdout"
		show_file stdout "$tmp/out"
		return 1
	fi
	case "$first" in
	"v6t: error: "?*) ;;
	*)
		fail "stderr does not start with a 'v6t: error: ' line"
		show_file stderr "$tmp/err"
		return 1
		;;
	esac
	if [ "$have_in" -eq 1 ] && grep -v '^v6t: error: ' "$tmp/err" >/dev/null; then
		fail "a stderr line does not start with 'v6t: error: '"
		show_file stderr "$tmp/err"
		return 1
	fi
	if [ "$verbose" -eq 0 ] && [ "$have_in" -eq 0 ] && [ "$nerr" -ne 1 ]; then
		fail "stderr has $nerr lines, not exactly one"
		show_file stderr "$tmp/err"
		return 1
	fi
	if [ "$have_err" -eq 1 ]; then
		# with -v, usage lines may follow the expected ones
		nwant=$(wc -l <"$tmp/want_err" | tr -d ' ')
		if [ "$verbose" -eq 1 ]; then
			sed -n "1,${nwant}p" "$tmp/err" >"$tmp/err_head"
		else
			cp "$tmp/err" "$tmp/err_head"
		fi
		if ! cmp -s "$tmp/want_err" "$tmp/err_head"; then
			fail "stderr differs"
			show_file expected "$tmp/want_err"
			show_file got "$tmp/err"
			return 1
		fi
	fi
	return 0
}

run_case() {
	[ "$caseline" -eq 0 ] && return 0
	total=$((total + 1))
	if [ -z "$want_status" ]; then
		fail "case has no '= N' line"
		return
	fi
	# shellcheck disable=SC2086 # $args and $emulator split on purpose
	input=/dev/null
	[ "$have_in" -eq 1 ] && input=$tmp/in
	$emulator "$v6t" $args <"$input" \
		>"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ "$status" -ne "$want_status" ]; then
		fail "exit status $status, expected $want_status"
		show_file stdout "$tmp/out"
		show_file stderr "$tmp/err"
		return
	fi
	if ! cmp -s "$tmp/want_out" "$tmp/out"; then
		fail "stdout differs"
		show_file expected "$tmp/want_out"
		show_file got "$tmp/out"
		return
	fi
	check_contract
}

start_case() { # line-number args
	run_case
	caseline=$1
	args=$2
	want_status=
	have_err=0
	have_in=0
	: >"$tmp/want_out"
	: >"$tmp/want_err"
	: >"$tmp/in"
}

lineno=0
while IFS= read -r line || [ -n "$line" ]; do
	lineno=$((lineno + 1))
	case "$line" in
	"" | "#"*) ;;
	'$ '*) start_case "$lineno" "${line#'$ '}" ;;
	'$') start_case "$lineno" "" ;; # no arguments at all
	'> '*) printf '%s\n' "${line#'> '}" >>"$tmp/want_out" ;;
	'>') printf '\n' >>"$tmp/want_out" ;;
	'! '*)
		printf '%s\n' "${line#'! '}" >>"$tmp/want_err"
		have_err=1
		;;
	'< '*)
		printf '%b\n' "${line#'< '}" >>"$tmp/in"
		have_in=1
		;;
	'<')
		printf '\n' >>"$tmp/in"
		have_in=1
		;;
	'= '*)
		want_status=${line#'= '}
		case "$want_status" in
		"" | *[!0-9]*)
			echo "$cases:$lineno: '= N' needs a number" >&2
			exit 2
			;;
		esac
		;;
	*)
		echo "$cases:$lineno: cannot parse: $line" >&2
		exit 2
		;;
	esac
	if [ "$caseline" -eq 0 ] && [ -n "$line" ] && [ "${line#\#}" = "$line" ]; then
		echo "$cases:$lineno: line before the first '\$ ' case" >&2
		exit 2
	fi
done <"$cases"
run_case

echo "$cases: $total cases, $failed failed"
[ "$failed" -eq 0 ] && [ "$total" -gt 0 ]
