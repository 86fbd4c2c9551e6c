/*
 * run.c - measures one target instance: setup, calibration of the
 * iteration count (grown until one sample lasts at least min_time, as
 * Google Benchmark does, which also warms caches and branch predictors),
 * further warm-up samples, then the measured samples, each giving ns/op;
 * then teardown.  Every sample calls the body once; the body's pace_loop()
 * runs `iterations` iterations between its two clock reads, so the clock
 * overhead is paid once per sample, not per iteration.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench_priv.h"

#define MAX_ITERATIONS 1000000000000ULL

static void state_reset(pace_state *st, uint64_t iterations)
{
	void *data = st->data;
	int np = st->nparams;
	const char *names[PACE_BENCH_MAX_PARAMS];
	long long values[PACE_BENCH_MAX_PARAMS];

	memcpy(names, st->param_names, sizeof(names));
	memcpy(values, st->param_values, sizeof(values));
	memset(st, 0, sizeof(*st));
	st->data = data;
	st->nparams = np;
	memcpy(st->param_names, names, sizeof(names));
	memcpy(st->param_values, values, sizeof(values));
	st->iterations = iterations;
}

/* One call of the body; returns 0 or -1 (failed, message in r). */
static int sample(pace_state *st, const struct pace_bench_instance *in, uint64_t iterations,
		  struct pace_bench_result *r)
{
	uint64_t before[PACE_BENCH_NPERF], after[PACE_BENCH_NPERF];

	state_reset(st, iterations);
	if (r->perf)
		pace_bench_perf_read(r->perf, before);
	in->target->fn(st);
	if (r->perf) {
		pace_bench_perf_read(r->perf, after);
		pace_bench_perf_report(r->perf, st, before, after);
	}
	if (st->failed) {
		snprintf(r->message, sizeof(r->message), "%s", st->message);
		return -1;
	}
	if (!st->started || !st->finished) {
		snprintf(r->message, sizeof(r->message), "%s",
			 st->started ? "the body left its pace_loop() loop early"
				     : "the body never called pace_loop()");
		return -1;
	}
	return 0;
}

static uint64_t calibrate(pace_state *st, const struct pace_bench_instance *in,
			  const struct pace_bench_options *o, struct pace_bench_result *r)
{
	uint64_t n = 1;

	for (;;) {
		double e, mult;

		if (sample(st, in, n, r) < 0)
			return 0;
		e = (double)st->elapsed_ns;
		/* a preempted sample looks long enough: confirm with another */
		if (e >= o->min_time_ns && n < MAX_ITERATIONS) {
			if (sample(st, in, n, r) < 0)
				return 0;
			e = (double)st->elapsed_ns;
			if (e >= 0.8 * o->min_time_ns)
				return n;
		}
		if (n >= MAX_ITERATIONS)
			return n;
		mult = e < o->min_time_ns / 10 ? 10.0 : o->min_time_ns * 1.2 / e;
		n = (uint64_t)((double)n * mult) > n ? (uint64_t)((double)n * mult) : n + 1;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void summarise(struct pace_bench_result *r)
{
	int n = r->nsamples;
	double *s = malloc((size_t)n * sizeof(*s)), sum = 0, ss = 0;

	if (!s)
		abort();
	memcpy(s, r->ns_per_op, (size_t)n * sizeof(*s));
	qsort(s, (size_t)n, sizeof(*s), cmp_double);
	for (int i = 0; i < n; i++)
		sum += s[i];
	r->mean = sum / n;
	for (int i = 0; i < n; i++)
		ss += (s[i] - r->mean) * (s[i] - r->mean);
	r->stddev = n > 1 ? sqrt(ss / (n - 1)) : 0;
	r->min = s[0];
	r->max = s[n - 1];
	r->median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	/* throughput from the median, like ns/op, so one slow sample does
	 * not drag it */
	r->bytes_per_sec = r->median > 0 ? r->bytes_per_sec * 1e9 / r->median : 0;
	r->items_per_sec = r->median > 0 ? r->items_per_sec * 1e9 / r->median : 0;
	free(s);
}

/* Slot k of counter `name`, created (with NaN for the samples before it
 * appeared) when new; -1 when all slots are taken. */
static int counter_slot(struct pace_bench_result *r, const char *name, int capacity)
{
	int k;

	for (k = 0; k < r->ncounters; k++)
		if (strcmp(r->counter_names[k], name) == 0)
			return k;
	if (k == PACE_BENCH_MAX_COUNTERS)
		return -1;
	r->counter_samples[k] = malloc((size_t)capacity * sizeof(double));
	if (!r->counter_samples[k])
		abort();
	for (int i = 0; i < capacity; i++)
		r->counter_samples[k][i] = NAN;
	r->counter_names[r->ncounters++] = name;
	return k;
}

static void add_sample(struct pace_bench_result *r, const pace_state *st, double *csum,
		       int capacity)
{
	double ns = (double)st->elapsed_ns / (double)st->iterations;
	int at = r->nsamples;

	r->ns_per_op[r->nsamples++] = ns;
	r->bytes_per_sec = r->bytes_per_op = st->bytes_per_op; /* per op until summarise() */
	r->items_per_sec = r->items_per_op = st->items_per_op;
	for (int i = 0; i < st->ncounters; i++) {
		int k = counter_slot(r, st->counter_names[i], capacity);

		if (k >= 0) {
			csum[k] += st->counter_values[i];
			r->counter_samples[k][at] = st->counter_values[i];
		}
	}
}

static int measure(pace_state *st, const struct pace_bench_instance *in,
		   const struct pace_bench_options *o, struct pace_bench_result *r)
{
	double csum[PACE_BENCH_MAX_COUNTERS] = {0};
	uint64_t n = calibrate(st, in, o, r);

	if (n == 0)
		return -1;
	r->iterations = n;
	for (int i = 0; i < o->warmup; i++)
		if (sample(st, in, n, r) < 0)
			return -1;
	for (int i = 0; i < o->samples; i++) {
		if (sample(st, in, n, r) < 0)
			return -1;
		add_sample(r, st, csum, o->samples);
	}
	for (int k = 0; k < r->ncounters; k++)
		r->counter_means[k] = csum[k] / r->nsamples;
	summarise(r);
	return 0;
}

int pace_bench_run(struct pace_bench_result *r, const struct pace_bench_instance *in,
		   const struct pace_bench_options *o)
{
	pace_state st;
	int64_t t0 = pace_bench_now_ns();
	int rc;

	memset(r, 0, sizeof(*r));
	r->ns_per_op = calloc((size_t)(o->samples > 0 ? o->samples : 1), sizeof(double));
	if (!r->ns_per_op)
		abort();
	memset(&st, 0, sizeof(st));
	st.nparams = in->nparams;
	for (int i = 0; i < in->nparams; i++) {
		st.param_names[i] = in->param_names[i];
		st.param_values[i] = in->param_values[i];
	}
	const char *pe = getenv("PACE_BENCH_PERF");
	struct pace_bench_perf perf;

	if (in->target->setup)
		in->target->setup(&st);
	if (pe && *pe && strcmp(pe, "0")) {
		pace_bench_perf_open(&perf);
		r->perf = &perf;
	}
	rc = st.failed ? -1 : measure(&st, in, o, r);
	if (r->perf) {
		pace_bench_perf_close(&perf);
		r->perf = NULL;
	}
	if (st.failed && !r->message[0])
		snprintf(r->message, sizeof(r->message), "%s", st.message);
	if (in->target->teardown)
		in->target->teardown(&st);
	r->failed = rc < 0;
	r->total_ns = (double)(pace_bench_now_ns() - t0);
	return rc;
}

void pace_bench_result_release(struct pace_bench_result *r)
{
	free(r->ns_per_op);
	r->ns_per_op = NULL;
	for (int k = 0; k < PACE_BENCH_MAX_COUNTERS; k++) {
		free(r->counter_samples[k]);
		r->counter_samples[k] = NULL;
	}
}
