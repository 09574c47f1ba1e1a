/*
 * libv6transit - what the benchmarks share: the options, case selection and
 * the timing (CLOCK_MONOTONIC, calibration, median of runs).
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * A benchmark is a table of cases, each with a name, a group and a symbol
 * (the function that tests/bench/instr_per_call.sh counts under callgrind).
 * A case calls one op in a loop over a ring of BENCH_RING inputs; the loop
 * is timed several times and the median ns per call reported. Every
 * benchmark takes the same options (bench_usage() lists them).
 */
#ifndef V6T_BENCH_UTIL_H
#define V6T_BENCH_UTIL_H

#include <stdint.h>
#include <stdio.h>

/* Number of inputs each case cycles through; a power of two, so that the
 * loop picks the next input with a mask rather than a division. */
#define BENCH_RING 64u
#define BENCH_RING_MASK (BENCH_RING - 1u)

#define BENCH_DEFAULT_RUNS 7u
#define BENCH_MAX_RUNS 101u
/* How many ops bench_measure() times side by side, run for run. */
#define BENCH_MAX_JOBS 2u

/* One call on input i of the ring (already masked). The loop sums the
 * results, so that no call is dead code; in latency mode the low bit of
 * the result also picks the next input. */
typedef uint64_t (*bench_op)(unsigned i);

enum bench_mode {
	/* Successive calls are independent and the CPU overlaps them (a
	 * batch of packets): call k reads input k. */
	BENCH_THROUGHPUT,
	/* Each call's input depends on the previous call's result, so the
	 * calls run one after the other (one packet at a time): call k reads
	 * input k + (low bit of the result of call k - 1). */
	BENCH_LATENCY
};

struct bench_opts {
	unsigned long iters; /* calls per timed run; 0: calibrate each case */
	unsigned runs;       /* timed runs per case, the median is reported */
	const char *filter;  /* only the cases whose name contains this, or NULL */
	const char *only;    /* only the case of this name, or NULL */
	int list;            /* print "name group symbol" and exit */
};

/* One op to time, and its result. */
struct bench_job {
	bench_op op;
	enum bench_mode mode;
	double ns; /* out: median ns per call */
};

/* Print the options of program prog to f. */
void bench_usage(FILE *f, const char *prog);

/* Fill opt from the command line of program prog. Prints the usage and
 * exits 0 on --help; on a bad option or value, says so and exits 2. */
void bench_parse_args(int argc, char **argv, const char *prog,
		      struct bench_opts *opt);

/* Whether the case named name is selected by --only or --filter. */
int bench_selected(const struct bench_opts *opt, const char *name);

/* With --list: prints "name group symbol" if the case is selected; a NULL
 * symbol (nothing to count) prints as "-". */
void bench_list(const struct bench_opts *opt, const char *name,
		const char *group, const char *symbol);

/* The compiler's version and whether the benchmarks were optimised, for the
 * first line of a report, e.g. "12.2.0 (optimised)". */
const char *bench_compiler(void);

/* "fixed iterations" or "calibrated iterations", as opt says. */
const char *bench_iters_kind(const struct bench_opts *opt);

/* n calls of op over the ring in the given mode; returns the elapsed ns. */
double bench_run(bench_op op, unsigned long n, enum bench_mode mode);

/*
 * The median ns per call of each of the n_jobs (at most BENCH_MAX_JOBS)
 * jobs over opt->runs timed runs, into jobs[k].ns. The jobs run
 * alternately, run for run, so that a busy machine slows them alike and
 * their ratio keeps its meaning. Without --iters, each job's count is
 * calibrated so that a run takes about 15 ms (the calibration runs also
 * warm the caches and the branch predictors); with a fixed count, one
 * untimed run of that count warms up first, so each job makes exactly
 * iters * (runs + 1) calls (instr_per_call.sh relies on that).
 */
void bench_measure(struct bench_job *jobs, unsigned n_jobs,
		   const struct bench_opts *opt);

/* Out of line, so that callgrind counts a baseline alone, as it counts
 * the library function of a case alone. */
#if defined(__clang__)
#define BENCH_NOINLINE __attribute__((noinline))
#elif defined(__GNUC__)
#define BENCH_NOINLINE __attribute__((noinline, noclone))
#else
#define BENCH_NOINLINE
#endif

/* The memcpy baseline of the packet benchmarks: len bytes from in to
 * out; returns out[0] (so that the copy is used). */
uint64_t bench_memcpy(uint8_t *out, const uint8_t *in, size_t len);

#endif
