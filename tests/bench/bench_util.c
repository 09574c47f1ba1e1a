/*
 * libv6transit - what the benchmarks share.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#define _POSIX_C_SOURCE 200809L

#include "bench_util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Without --iters, each timed run is sized to take about this long. */
#define TARGET_RUN_NS 15e6
/* Calibration doubles the count until one run takes at least this long. */
#define CALIB_MIN_NS 1e6
/* Calibration starts from this count, and stops doubling at the cap. */
#define CALIB_START 1024ul
#define CALIB_CAP (1ul << 30)
/* The largest --iters; ULONG_MAX is what strtoul() gives on overflow. */
#define MAX_ITERS (ULONG_MAX - 1u)

#ifdef __VERSION__
#define COMPILER_VERSION __VERSION__
#else
#define COMPILER_VERSION "unknown"
#endif
#ifdef __OPTIMIZE__
#define COMPILER_OPT " (optimised)"
#else
#define COMPILER_OPT " (NOT optimised)"
#endif

/* Every run adds its results here once, so that no call is dead code. */
static volatile uint64_t g_sink;

/* -------------------------------------------------------------- options */

static void die(const char *prog, const char *what, const char *opt)
{
	fprintf(stderr, "%s: %s %s\n", prog, what, opt);
	exit(2);
}

/* see bench_util.h */
void bench_usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [--iters N] [--runs N] [--filter SUBSTR] [--only NAME] [--list]\n"
		"  --iters N        calls per timed run (default: sized to ~%.0f ms per run);\n"
		"                   a fixed N also makes one untimed run of N calls first\n"
		"  --runs N         timed runs per case, the median is reported (default %u)\n"
		"  --filter SUBSTR  only the cases whose name contains SUBSTR\n"
		"  --only NAME      only the case named NAME\n"
		"  --list           print \"name group symbol\" of the selected cases and exit\n",
		prog, TARGET_RUN_NS / 1e6, BENCH_DEFAULT_RUNS);
}

/* The value s of option opt: a decimal number from 1 to max. */
static unsigned long number(const char *prog, const char *s, const char *opt,
			    unsigned long max)
{
	char *end;
	unsigned long v;

	if (s == NULL)
		die(prog, "missing value for", opt);
	v = strtoul(s, &end, 10);
	if (*end != '\0' || v == 0 || v > max || s[0] == '-')
		die(prog, "bad value for", opt);
	return v;
}

/* see bench_util.h */
void bench_parse_args(int argc, char **argv, const char *prog,
		      struct bench_opts *opt)
{
	int i;

	opt->iters = 0;
	opt->runs = BENCH_DEFAULT_RUNS;
	opt->filter = NULL;
	opt->only = NULL;
	opt->list = 0;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--iters") == 0)
			opt->iters = number(prog, v, a, MAX_ITERS);
		else if (strcmp(a, "--runs") == 0)
			opt->runs = (unsigned)number(prog, v, a, BENCH_MAX_RUNS);
		else if (strcmp(a, "--filter") == 0 && v != NULL)
			opt->filter = v;
		else if (strcmp(a, "--only") == 0 && v != NULL)
			opt->only = v;
		else if (strcmp(a, "--list") == 0) {
			opt->list = 1;
			continue;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			bench_usage(stdout, prog);
			exit(0);
		} else {
			bench_usage(stderr, prog);
			exit(2);
		}
		i++; /* the option's value */
	}
}

/* see bench_util.h */
int bench_selected(const struct bench_opts *opt, const char *name)
{
	if (opt->only != NULL)
		return strcmp(name, opt->only) == 0;
	return opt->filter == NULL || strstr(name, opt->filter) != NULL;
}

/* see bench_util.h */
void bench_list(const struct bench_opts *opt, const char *name,
		const char *group, const char *symbol)
{
	if (bench_selected(opt, name))
		printf("%s %s %s\n", name, group, symbol != NULL ? symbol : "-");
}

/* see bench_util.h */
const char *bench_compiler(void)
{
	return COMPILER_VERSION COMPILER_OPT;
}

/* see bench_util.h */
const char *bench_iters_kind(const struct bench_opts *opt)
{
	return opt->iters != 0 ? "fixed iterations" : "calibrated iterations";
}

/* --------------------------------------------------------------- timing */

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/*
 * see bench_util.h
 *
 * The results are summed into a register and stored once into the volatile
 * sink: the op is called through a pointer, and the functions it calls are
 * in another translation unit (no LTO), so no call can be dropped, and the
 * loop adds no store per call.
 */
double bench_run(bench_op op, unsigned long n, enum bench_mode mode)
{
	uint64_t acc = 0;
	unsigned long k;
	double t0 = now_ns(), t1;

	if (mode == BENCH_LATENCY)
		for (k = 0; k < n; k++)
			acc = op((unsigned)(k + (acc & 1u)) & BENCH_RING_MASK);
	else
		for (k = 0; k < n; k++)
			acc += op((unsigned)k & BENCH_RING_MASK);
	t1 = now_ns();
	g_sink += acc;
	return t1 - t0;
}

/* A count of calls for which one run takes about TARGET_RUN_NS (the
 * calibration runs also warm the caches and the branch predictors). */
static unsigned long calibrate(bench_op op, enum bench_mode mode)
{
	unsigned long n = CALIB_START;
	double t;

	while ((t = bench_run(op, n, mode)) < CALIB_MIN_NS && n < CALIB_CAP)
		n *= 2;
	if (t <= 0)
		return n;
	return (unsigned long)((double)n * TARGET_RUN_NS / t) + 1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of v[0..n), which it sorts. */
static double median(double *v, unsigned n)
{
	qsort(v, n, sizeof v[0], cmp_double);
	return v[n / 2];
}

/* see bench_util.h */
void bench_measure(struct bench_job *jobs, unsigned n_jobs,
		   const struct bench_opts *opt)
{
	double ns[BENCH_MAX_JOBS][BENCH_MAX_RUNS];
	unsigned long n[BENCH_MAX_JOBS];
	unsigned r, k;

	if (n_jobs > BENCH_MAX_JOBS || opt->runs > BENCH_MAX_RUNS) {
		fprintf(stderr, "bench_measure: too many jobs or runs\n");
		exit(2);
	}
	for (k = 0; k < n_jobs; k++) {
		n[k] = opt->iters;
		if (n[k] == 0)
			n[k] = calibrate(jobs[k].op, jobs[k].mode);
		else
			(void)bench_run(jobs[k].op, n[k], jobs[k].mode);
	}
	for (r = 0; r < opt->runs; r++)
		for (k = 0; k < n_jobs; k++)
			ns[k][r] = bench_run(jobs[k].op, n[k], jobs[k].mode) /
				   (double)n[k];
	for (k = 0; k < n_jobs; k++)
		jobs[k].ns = median(ns[k], opt->runs);
}

/* see bench_util.h */
BENCH_NOINLINE uint64_t bench_memcpy(uint8_t *out, const uint8_t *in, size_t len)
{
	memcpy(out, in, len);
	return out[0];
}
