#!/usr/bin/env python3
"""Run the Jool-derived SIIT conformance suite against `v6t xlat` and
compare its failures with the expected-failures list.

    python3 run_jool_siit.py [--require] SUITE_DIR XFAIL_FILE PATH_TO_V6T

SUITE_DIR is ../shared/conformance/jool-siit (its README.md says what the
cases are; its run.py runs them). The test passes only when the set of
cases that fail is exactly the set named in XFAIL_FILE: a case that fails
and is not listed is a regression, a listed case that passes must be taken
off the list (so the list only shrinks). Both differences are printed.
A case where v6t crashed, exited non-zero or wrote nothing fails the test
even when it is listed: the list is for wrong packets, not for a v6t that
does not run.

When SUITE_DIR does not exist the test is skipped (exit 77, ctest's
SKIP_RETURN_CODE), or fails with --require (CI). V6T_EMULATOR (a CMake
list, e.g. "qemu-s390x;-L;/usr/s390x-linux-gnu") is put in front of v6t
for cross builds. Python 3 standard library only.
"""
import os
import re
import subprocess
import sys
import tempfile

SKIP = 77
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed$")
# run.py's reasons for a case where v6t did not run to the end (every
# case's options are valid, so v6t must exit 0 and write a pcap): these
# are never expected failures, whatever the list says.
NOT_RUN = re.compile(r"^FAIL [^:]*: (v6t exited|v6t timed out|v6t wrote no "
                     r"output|cannot run)")


def read_names(path):
    """The case names of an expected-failures list: one a line, '#' starts
    a comment, blank lines skipped."""
    names = []
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            name = line.split("#", 1)[0].strip()
            if not name:
                continue
            if " " in name or "\t" in name:
                sys.exit("%s:%d: one case name a line, got %r" % (path, lineno, name))
            names.append(name)
    return names


def manifest_names(path):
    names = []
    with open(path) as f:
        for line in f:
            if line.strip() and not line.lstrip().startswith("#"):
                names.append(line.split("\t", 1)[0])
    return names


def v6t_command(v6t, tmpdir):
    """The program run.py runs: v6t itself, or a script that runs it under
    the emulator of a cross build."""
    emulator = [w for w in os.environ.get("V6T_EMULATOR", "").split(";") if w]
    if not emulator:
        return v6t
    script = os.path.join(tmpdir, "v6t")
    with open(script, "w") as f:
        f.write("#!/bin/sh\nexec %s \"$@\"\n"
                % " ".join("'%s'" % w.replace("'", "'\\''") for w in emulator + [v6t]))
    os.chmod(script, 0o755)
    return script


def run_suite(suite, v6t):
    """Returns (passed, failed, {name: FAIL line}) from run.py's output."""
    with tempfile.TemporaryDirectory(prefix="v6t-jool-") as tmpdir:
        proc = subprocess.run([sys.executable, os.path.join(suite, "run.py"),
                               v6t_command(v6t, tmpdir)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True)
    fails = {}
    summary = None
    for line in proc.stdout.splitlines():
        if line.startswith("FAIL "):
            fails[line[5:].split(":", 1)[0]] = line
        elif SUMMARY.match(line):
            summary = SUMMARY.match(line)
    if summary is None or int(summary.group(2)) != len(fails):
        print(proc.stdout, end="")
        sys.exit("run.py (exit %d) did not print one FAIL line per failure and "
                 "'N passed, N failed'" % proc.returncode)
    return int(summary.group(1)), int(summary.group(2)), fails


def main():
    args = sys.argv[1:]
    require = "--require" in args
    args = [a for a in args if a != "--require"]
    if len(args) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    suite, xfail_path, v6t = args
    if not os.path.isdir(suite):
        print("conformance suite not found: %s (set the CMake cache variable "
              "V6T_CONFORMANCE_DIR to its directory)" % suite)
        if require:
            print("V6T_REQUIRE_CONFORMANCE is ON: a missing suite is a failure")
            return 1
        return SKIP
    xfail = read_names(xfail_path)
    cases = manifest_names(os.path.join(suite, "manifest.tsv"))
    unknown = sorted(set(xfail) - set(cases))
    passed, failed, fails = run_suite(suite, v6t)
    regressions = [n for n in cases if n in fails and
                   (n not in xfail or NOT_RUN.match(fails[n]))]
    fixed = [n for n in cases if n in xfail and n not in fails]

    print("jool-siit: %d passed, %d failed, %d expected to fail (%s)"
          % (passed, failed, len(xfail), xfail_path))
    for name in regressions:
        why = "v6t did not run to the end" if NOT_RUN.match(fails[name]) \
            else "not in the xfail list"
        print("unexpected failure (%s): %s" % (why, fails[name]))
    for name in fixed:
        print("now passes: take %s off %s" % (name, xfail_path))
    for name in unknown:
        print("not a case of %s: take %s off %s" % (suite, name, xfail_path))
    return 1 if regressions or fixed or unknown else 0


if __name__ == "__main__":
    sys.exit(main())
