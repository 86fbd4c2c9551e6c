/*
 * store_bench.c - the history store's speed (bench/store drives it, see
 * docs/benchmarks.md).
 *
 *   store-bench ingest DB CSV RUNS TESTS SAMPLES BATCH
 *       writes RUNS runs of TESTS tests with SAMPLES synthetic samples each
 *       through pace's store (pace_store_add_samples, BATCH samples per
 *       transaction, a summary per test, as pace run does), prints
 *       "ingest SECONDS SAMPLES", and writes the same sample rows to CSV
 *       for sqlite3's .import.
 *   store-bench query DB REPEAT
 *       times one test's history (pace_store_test_history over every run)
 *       REPEAT times on the open store; prints the median and the time of
 *       opening the store plus one query.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner/runner.h"
#include "store/store.h"
#include "suite/suite.h"

static _Noreturn void die(const struct pace_error *err)
{
	fprintf(stderr, "store-bench: %s\n", pace_error_msg(err));
	exit(1);
}

static void fake_test(struct pace_test *t, int k)
{
	struct pace_variant *v = pace_xcalloc(1, sizeof(*v));

	memset(t, 0, sizeof(*t));
	t->id = pace_xasprintf("test-%03d", k);
	t->name = pace_xstrdup(t->id);
	t->suite = pace_xstrdup("bench");
	v->name = pace_xstrdup("default");
	v->cmd.text = pace_xasprintf("work --size %d", k);
	t->variants = v;
	t->nvariants = 1;
}

/* Deterministic, plausible figures (a LCG: no need for quality here). */
static void fake_samples(struct pace_result *r, size_t n, unsigned *seed)
{
	PACE_GROW(r->samples, r->alloc, n);
	r->nsamples = n;
	for (size_t i = 0; i < n; i++) {
		struct pace_sample *s = &r->samples[i];
		*seed = *seed * 1103515245u + 12345u;
		memset(s, 0, sizeof(*s));
		s->wall_ns = 1000000 + (int64_t)(*seed % 100000);
		s->iterations = 1;
		s->user_ns = s->wall_ns / 2;
		s->sys_ns = s->wall_ns / 10;
		s->max_rss = 4000000 + (int64_t)(*seed % 4096) * 1024;
		s->minflt = 100 + (int64_t)(*seed % 50);
		s->nvcsw = 2;
		s->rchar = 4096;
		s->wchar = 128;
		s->syscr = 10;
		s->syscw = 3;
		s->stdout_bytes = 12;
		s->started_unix_ms = 1700000000000 + (int64_t)i;
	}
	r->wall = (struct pace_summary){.n = n, .mean = 1.05e-3, .sd = 3e-5,
					.median = 1.05e-3, .min = 1e-3, .max = 1.1e-3,
					.ci_lo = 1.04e-3, .ci_hi = 1.06e-3};
	r->stop_reason = "runs";
}

static void csv_rows(FILE *f, const struct pace_result *r, size_t result)
{
	for (size_t i = 0; i < r->nsamples; i++) {
		const struct pace_sample *s = &r->samples[i];
		fprintf(f, "%zu,%zu,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,"
			"%lld,%lld,%lld,%lld,%lld,%lld,%lld,%d,%d,%d,%d,%d,%d,%d,%d\n",
			result, i, (long long)s->wall_ns, (long long)s->iterations,
			(long long)s->user_ns, (long long)s->sys_ns, (long long)s->max_rss,
			(long long)s->minflt, (long long)s->majflt, (long long)s->nvcsw,
			(long long)s->nivcsw, (long long)s->read_bytes,
			(long long)s->write_bytes, (long long)s->rchar, (long long)s->wchar,
			(long long)s->syscr, (long long)s->syscw,
			(long long)s->stdout_bytes, (long long)s->stderr_bytes,
			(long long)s->started_unix_ms, s->exit_code, s->signal,
			s->spawn_errno, s->timed_out, s->output_overflow, s->leftover,
			s->retries, (int)s->fail);
	}
}

static void store_one_run(struct pace_store *st, struct pace_run *run, size_t batch)
{
	struct pace_error err = PACE_ERROR_INIT;

	if (pace_store_run_begin(st, run, NULL, &err))
		die(&err);
	for (size_t k = 0; k < run->nresults; k++) {
		const struct pace_result *r = &run->results[k];
		for (size_t i = 0; i < r->nsamples; i += batch) {
			size_t n = r->nsamples - i < batch ? r->nsamples - i : batch;
			if (pace_store_add_samples(st, run->id, r, k, i, n, &err))
				die(&err);
		}
		if (pace_store_put_result(st, run->id, r, k, &err))
			die(&err);
	}
	if (pace_store_run_end(st, run, PACE_STORE_COMPLETE, &err))
		die(&err);
}

static int ingest(const char *db, const char *csv, size_t runs, size_t tests,
		  size_t samples, size_t batch)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_test *t = pace_xcalloc(tests, sizeof(*t));
	struct pace_store *st;
	struct pace_run run;
	FILE *f = fopen(csv, "w");
	unsigned seed = 1;
	double secs = 0;

	if (!f || pace_store_open(&st, db, &err))
		die(&err);
	for (size_t k = 0; k < tests; k++)
		fake_test(&t[k], (int)k);
	for (size_t i = 0; i < runs; i++) {
		int64_t t0;
		pace_run_init(&run);
		run.started_unix_ms = 1700000000000 + (int64_t)i * 86400000;
		pace_iso8601(run.started, run.started_unix_ms);
		snprintf(run.id, sizeof(run.id), "bench-%06zu", i);
		PACE_GROW(run.results, run.alloc, tests);
		for (size_t k = 0; k < tests; k++) {
			struct pace_result *r = &run.results[run.nresults++];
			memset(r, 0, sizeof(*r));
			r->test = &t[k];
			r->variant = &t[k].variants[0];
			r->peak_rss = -1;
			fake_samples(r, samples, &seed);
		}
		pace_run_end(&run);
		t0 = pace_now_ns();
		store_one_run(st, &run, batch);
		secs += (double)(pace_now_ns() - t0) / 1e9;
		for (size_t k = 0; k < tests; k++)
			csv_rows(f, &run.results[k], i * tests + k + 1);
		pace_run_release(&run);
	}
	fclose(f);
	pace_store_free(st);
	printf("ingest %.6f %zu\n", secs, runs * tests * samples);
	for (size_t k = 0; k < tests; k++)
		pace_test_release(&t[k]);
	free(t);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int query(const char *db, size_t repeat)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store_point *p = NULL;
	struct pace_store *st;
	double *t = pace_xcalloc(repeat, sizeof(double));
	size_t n = 0;
	int64_t t0 = pace_now_ns();

	if (pace_store_open(&st, db, &err) ||
	    pace_store_test_history(st, "bench", "test-005", NULL, 0, &p, &n, &err))
		die(&err);
	printf("open+query %.3f ms (%zu points)\n", (double)(pace_now_ns() - t0) / 1e6, n);
	pace_store_points_free(p, n);
	for (size_t i = 0; i < repeat; i++) {
		t0 = pace_now_ns();
		if (pace_store_test_history(st, NULL, "test-005", NULL, 0, &p, &n, &err))
			die(&err);
		t[i] = (double)(pace_now_ns() - t0) / 1e6;
		pace_store_points_free(p, n);
	}
	qsort(t, repeat, sizeof(double), cmp_double);
	printf("query median %.3f ms, max %.3f ms over %zu queries\n", t[repeat / 2],
	       t[repeat - 1], repeat);
	pace_store_free(st);
	free(t);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 8 && !strcmp(argv[1], "ingest"))
		return ingest(argv[2], argv[3], strtoul(argv[4], NULL, 10),
			      strtoul(argv[5], NULL, 10), strtoul(argv[6], NULL, 10),
			      strtoul(argv[7], NULL, 10));
	if (argc == 4 && !strcmp(argv[1], "query"))
		return query(argv[2], strtoul(argv[3], NULL, 10));
	fprintf(stderr, "usage: store-bench ingest DB CSV RUNS TESTS SAMPLES BATCH\n"
			"       store-bench query DB REPEAT\n");
	return 2;
}
