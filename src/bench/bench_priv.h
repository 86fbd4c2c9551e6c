/*
 * bench_priv.h - internals of libpace-bench shared by its files and by its
 * unit test: the timer, target instances (a registered target with one
 * combination of parameter values), the sampler and the writers.
 * Who frees what: pace_bench_instances() returns an array the caller frees
 * with pace_bench_instances_free(); a result is released with
 * pace_bench_result_release().
 */
#ifndef PACE_BENCH_PRIV_H
#define PACE_BENCH_PRIV_H

#include <stdio.h>

#include "pace/bench.h"

struct pace_bench_timer {
	double resolution_ns;   /* smallest non-zero step seen */
	double getres_ns;       /* what clock_getres() claims (TSC: one tick) */
	double overhead_ns;     /* cost of one clock read (median of batches) */
	const char *clock;      /* "TSC" or "CLOCK_MONOTONIC" */
	double tsc_ghz;         /* calibrated TSC rate; 0 when not the TSC */
};

int64_t pace_bench_now_ns(void);
/* Chooses the clock (want: NULL/"auto", "tsc" or "monotonic"; see
 * timer.c), then measures its resolution and overhead into t. */
void pace_bench_timer_measure(struct pace_bench_timer *t, const char *want);

struct pace_bench_instance {
	const struct pace_bench_target *target;
	char name[256];         /* "base/n=100" */
	int nparams;
	char param_names[PACE_BENCH_MAX_PARAMS][32];
	long long param_values[PACE_BENCH_MAX_PARAMS];
};

/* Expands every registered target's parameters, in registration order.
 * Returns the count, or -1 with a message in err when a parameter
 * specification is malformed. */
int pace_bench_instances(struct pace_bench_instance **out, char *err, size_t errlen);
void pace_bench_instances_free(struct pace_bench_instance *v);

struct pace_bench_options {
	double min_time_ns;     /* per sample */
	int samples;
	int warmup;             /* samples run and discarded after calibration */
};
#define PACE_BENCH_OPTIONS_INIT { 2e6, 20, 2 }

#define PACE_BENCH_NPERF 9
struct pace_bench_perf;

struct pace_bench_result {
	int failed;
	char message[256];
	uint64_t iterations;    /* per sample */
	int nsamples;
	double *ns_per_op;      /* nsamples values */
	double mean, median, min, max, stddev;
	double bytes_per_sec, items_per_sec;   /* 0 when not set */
	int ncounters;
	const char *counter_names[PACE_BENCH_MAX_COUNTERS];
	double counter_means[PACE_BENCH_MAX_COUNTERS];
	double total_ns;        /* wall time of calibration + samples */
	double bytes_per_op, items_per_op;     /* as the body set them */
	/* per sample values of each counter (NaN where a sample did not set
	 * it), so pace can summarise them; NULL until the counter appears */
	double *counter_samples[PACE_BENCH_MAX_COUNTERS];
	/* $PACE_BENCH_PERF: the counters read around each sample (perf.c);
	 * NULL when not asked for, and once the run is over */
	const struct pace_bench_perf *perf;
};

int pace_bench_run(struct pace_bench_result *r, const struct pace_bench_instance *in,
		   const struct pace_bench_options *o);
void pace_bench_result_release(struct pace_bench_result *r);

/* perf_event_open counters of the running thread (perf.c), per sample,
 * when $PACE_BENCH_PERF is set to a non-empty value other than 0. */
struct pace_bench_perf {
	int fd[PACE_BENCH_NPERF]; /* -1: the machine does not give it */
};
void pace_bench_perf_open(struct pace_bench_perf *p);
void pace_bench_perf_close(struct pace_bench_perf *p);
void pace_bench_perf_read(const struct pace_bench_perf *p, uint64_t v[PACE_BENCH_NPERF]);
/* Sets the counters "perf.NAME/op" of st: (after - before) / iterations. */
void pace_bench_perf_report(const struct pace_bench_perf *p, pace_state *st,
			    const uint64_t before[PACE_BENCH_NPERF],
			    const uint64_t after[PACE_BENCH_NPERF]);

/* Writers (output.c). */
void pace_bench_json_string(FILE *f, const char *s);
void pace_bench_json_hello(FILE *f, const struct pace_bench_timer *t,
			   const struct pace_bench_options *o);
void pace_bench_json_target(FILE *f, const struct pace_bench_instance *in, const char *type);
void pace_bench_json_result(FILE *f, const struct pace_bench_instance *in,
			    const struct pace_bench_result *r);
void pace_bench_json_done(FILE *f, int ntargets, int nfailed);
void pace_bench_human_header(FILE *f, const struct pace_bench_timer *t);
void pace_bench_human_result(FILE *f, const struct pace_bench_instance *in,
			     const struct pace_bench_result *r);

#endif
