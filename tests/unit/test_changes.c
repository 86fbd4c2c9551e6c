/*
 * test_changes.c - checks the E-divisive change points of src/analyze/
 * changes.c on synthetic histories (a step up, a step down, up then down
 * again, a slow drift, pure noise): the change points sit at the runs
 * where the series steps, none are found in noise at alpha 0.05, and
 * every series gives the same change points and statistics as the
 * independent reference tests/ref/edivisive_ref.py (NumPy, Q from its
 * definition) run on the same values.  Also the bottleneck rule of
 * src/analyze/advice.c on results whose figures are set by hand.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "analyze/analyze.h"

#define MAXN 64

static const struct pace_cp_opts opts = {
	.alpha = 0.05, .confidence = 0.95, .threshold = 0.05,
	.permutations = PACE_CP_PERMUTATIONS, .min_size = PACE_CP_MIN_SIZE,
	.seed = 1,
};

/* Levels level[k] for len[k] runs each, plus Gaussian noise of sd
 * `noise` and `drift` per run, from GSL's MT19937 at `seed`. */
static size_t synth(double *y, const double *level, const size_t *len,
		    size_t parts, double noise, double drift,
		    unsigned long seed)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	size_t n = 0;

	gsl_rng_set(r, seed);
	for (size_t k = 0; k < parts; k++)
		for (size_t i = 0; i < len[k]; i++, n++)
			y[n] = level[k] + drift * (double)n +
			       gsl_ran_gaussian(r, noise);
	gsl_rng_free(r);
	assert_true(n <= MAXN);
	return n;
}

/* The reference's change points of y: their count (-1 when the reference
 * cannot run here: no python3 or NumPy). */
static int reference(const double *y, size_t n, size_t *idx, double *q)
{
	char path[] = "/tmp/pace-test-changes-XXXXXX", cmd[512], line[256];
	int fd = mkstemp(path), k = 0;
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%.17g\n", y[i]);
	fclose(f);
	if (access("/usr/bin/python3", X_OK) != 0 ||
	    system("/usr/bin/python3 -c 'import numpy' 2>/dev/null") != 0) {
		unlink(path);
		return -1;
	}
	snprintf(cmd, sizeof(cmd),
		 "/usr/bin/python3 %s/tests/ref/edivisive_ref.py %s %g %zu %zu 7",
		 PACE_SOURCE_DIR, path, opts.alpha, opts.permutations,
		 opts.min_size);
	f = popen(cmd, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) && k < MAXN) {
		double p;

		assert_int_equal(sscanf(line, "%zu %lg %lg", &idx[k], &q[k], &p),
				 3);
		assert_true(p <= opts.alpha);
		k++;
	}
	assert_int_equal(pclose(f), 0);
	unlink(path);
	return k;
}

/* pace's change points of y, checked against the reference; returns
 * their count and leaves them in *cp (free()). */
static size_t checked(struct pace_changepoint **cp, const double *y, size_t n)
{
	size_t idx[MAXN], m = pace_analyze_changepoints(cp, y, n, &opts);
	double q[MAXN];
	int k = reference(y, n, idx, q);

	if (k < 0) {
		print_message("no python3 with NumPy: reference not run\n");
		return m;
	}
	assert_int_equal(m, (size_t)k);
	for (size_t i = 0; i < m; i++) {
		assert_int_equal((*cp)[i].index, idx[i]);
		assert_true(fabs((*cp)[i].statistic - q[i]) <=
			    1e-9 * fabs(q[i]));
		assert_true((*cp)[i].p_value <= opts.alpha);
	}
	return m;
}

static void test_step_up(void **state)
{
	double y[MAXN], lv[] = {100, 130};
	size_t len[] = {20, 20}, n = synth(y, lv, len, 2, 2.0, 0, 11);
	struct pace_changepoint *cp;

	(void)state;
	assert_int_equal(checked(&cp, y, n), 1);
	assert_int_equal(cp[0].index, 20);
	assert_true(cp[0].change > 0.25 && cp[0].change < 0.35);
	assert_true(cp[0].meaningful);
	assert_true(cp[0].before_lo < cp[0].before_mean &&
		    cp[0].before_mean < cp[0].before_hi);
	assert_true(cp[0].after_lo < 130 && 130 < cp[0].after_hi);
	free(cp);
}

static void test_step_down(void **state)
{
	double y[MAXN], lv[] = {100, 70};
	size_t len[] = {15, 15}, n = synth(y, lv, len, 2, 2.0, 0, 12);
	struct pace_changepoint *cp;

	(void)state;
	assert_int_equal(checked(&cp, y, n), 1);
	assert_int_equal(cp[0].index, 15);
	assert_true(cp[0].change < -0.25 && cp[0].change > -0.35);
	free(cp);
}

static void test_up_and_down(void **state)
{
	double y[MAXN], lv[] = {100, 140, 100};
	size_t len[] = {15, 15, 15}, n = synth(y, lv, len, 3, 2.0, 0, 13);
	struct pace_changepoint *cp;

	(void)state;
	assert_int_equal(checked(&cp, y, n), 2);
	assert_int_equal(cp[0].index, 15);
	assert_int_equal(cp[1].index, 30);
	assert_true(cp[0].change > 0.3 && cp[1].change < -0.2);
	/* Before the second is after the first: the same 15 runs. */
	assert_true(cp[0].after_mean == cp[1].before_mean);
	free(cp);
}

/* A slow drift has no single step: E-divisive still cuts it (its
 * distribution does change), every cut goes upwards, and the cuts are
 * the reference's. */
static void test_slow_drift(void **state)
{
	double y[MAXN], lv[] = {100};
	size_t len[] = {40}, n = synth(y, lv, len, 1, 1.0, 0.75, 14), m;
	struct pace_changepoint *cp;

	(void)state;
	m = checked(&cp, y, n);
	assert_true(m >= 1);
	for (size_t i = 0; i < m; i++)
		assert_true(cp[i].after_mean > cp[i].before_mean);
	free(cp);
}

/* Noise alone: no change point in any of several series. */
static void test_pure_noise(void **state)
{
	(void)state;
	for (unsigned long seed = 20; seed < 25; seed++) {
		double y[MAXN], lv[] = {100};
		size_t len[] = {40}, n = synth(y, lv, len, 1, 3.0, 0, seed);
		struct pace_changepoint *cp;

		assert_int_equal(checked(&cp, y, n), 0);
		assert_null(cp);
	}
}

/* Fewer values than two minimal segments: nothing to split. */
static void test_short_and_same_seed(void **state)
{
	double y[] = {1, 1, 1, 5, 5}, z[MAXN], lv[] = {10, 12};
	size_t len[] = {10, 10}, n = synth(z, lv, len, 2, 0.5, 0, 15);
	struct pace_changepoint *a, *b;

	(void)state;
	assert_int_equal(pace_analyze_changepoints(&a, y, 5, &opts), 0);
	assert_int_equal(pace_analyze_changepoints(&a, z, n, &opts), 1);
	assert_int_equal(pace_analyze_changepoints(&b, z, n, &opts), 1);
	assert_true(a[0].p_value == b[0].p_value && a[0].index == 10);
	/* 1 / (R + 1) is the smallest p a permutation test can give. */
	assert_true(a[0].p_value >= 1.0 / (PACE_CP_PERMUTATIONS + 1));
	free(a);
	free(b);
}

/* A result of 4 counted samples (and one failed one, which must not
 * count) with the given means (seconds) and per-sample figures. */
static void result_of(struct pace_result *r, struct pace_sample *s, double wall,
		      double user, double sys, int64_t majflt, int64_t io)
{
	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i < 5; i++) {
		memset(&s[i], 0, sizeof(s[i]));
		s[i].nvcsw = 2;
		s[i].majflt = majflt;
		s[i].read_bytes = io;
		s[i].write_bytes = io;
	}
	s[4].fail = PACE_FAIL_EXIT;
	s[4].majflt = 1000;
	r->samples = s;
	r->nsamples = 5;
	r->wall.n = r->user.n = r->sys.n = 4;
	r->wall.mean = wall;
	r->user.mean = user;
	r->sys.mean = sys;
}

static void test_bottlenecks(void **state)
{
	struct pace_result r;
	struct pace_sample s[5];
	struct pace_bottleneck_info b;

	(void)state;
	result_of(&r, s, 0.100, 0.090, 0.005, 0, 0);
	pace_analyze_bottleneck(&b, &r);
	assert_int_equal(b.type, PACE_BOTTLENECK_CPU);
	assert_true(fabs(b.cpu_share - 0.95) < 1e-12);
	assert_string_equal(pace_bottleneck_name(b.type), "cpu");
	result_of(&r, s, 0.100, 0.002, 0.001, 0, 0);
	pace_analyze_bottleneck(&b, &r);
	assert_int_equal(b.type, PACE_BOTTLENECK_WAITING);
	/* 4 MiB in 0.1 s with the CPU mostly idle: storage */
	result_of(&r, s, 0.100, 0.010, 0.010, 0, 2 << 20);
	pace_analyze_bottleneck(&b, &r);
	assert_int_equal(b.type, PACE_BOTTLENECK_IO);
	assert_true(fabs(b.io_bytes - (4 << 20)) < 1e-6);
	/* paging wins over everything (the failed sample's 1000 ignored) */
	result_of(&r, s, 0.100, 0.090, 0.005, 3, 0);
	pace_analyze_bottleneck(&b, &r);
	assert_int_equal(b.type, PACE_BOTTLENECK_MEMORY);
	assert_true(fabs(b.major_faults - 3) < 1e-12);
	result_of(&r, s, 0.100, 0.060, 0.005, 0, 0);
	pace_analyze_bottleneck(&b, &r);
	assert_int_equal(b.type, PACE_BOTTLENECK_MIXED);
	/* little CPU, but preempted more often than it yielded: it waited
	 * for a CPU, so the CPU bounds it */
	result_of(&r, s, 0.100, 0.020, 0.001, 0, 0);
	for (size_t i = 0; i < 5; i++)
		s[i].nivcsw = 30;
	pace_analyze_bottleneck(&b, &r);
	assert_int_equal(b.type, PACE_BOTTLENECK_CPU);
	assert_true(fabs(b.involuntary - 30) < 1e-12);
	/* a sleeper preempted a few times while starting is still waiting */
	for (size_t i = 0; i < 5; i++)
		s[i].nivcsw = 8;
	pace_analyze_bottleneck(&b, &r);
	assert_int_equal(b.type, PACE_BOTTLENECK_WAITING);
	/* unknown CPU time is no bottleneck, and unknown I/O no zero */
	result_of(&r, s, 0.100, 0.002, 0.001, 0, -1);
	r.user.n = 0;
	pace_analyze_bottleneck(&b, &r);
	assert_int_equal(b.type, PACE_BOTTLENECK_UNKNOWN);
	assert_true(isnan(b.io_bytes));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_step_up),
		cmocka_unit_test(test_step_down),
		cmocka_unit_test(test_up_and_down),
		cmocka_unit_test(test_slow_drift),
		cmocka_unit_test(test_pure_noise),
		cmocka_unit_test(test_short_and_same_seed),
		cmocka_unit_test(test_bottlenecks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
