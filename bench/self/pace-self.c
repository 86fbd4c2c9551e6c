/*
 * pace-self.c - pace measuring itself (issue 7, seed 004's six targets made
 * ours): a libpace-bench program whose targets call pace's own modules on
 * realistic inputs.  `pace run self` runs it (the built-in suite "self"),
 * so these targets are pace's performance regression suite; `pace-self
 * --list` shows them, and it runs on its own like any benchmark program.
 *
 *   aggregator   src/stats: the full description of 10^5 samples
 *   forecasting  least-squares trend over a 1000-point history + forecast
 *   compression  zstd (level 3) of a raw/<test>.json from pace's writer
 *   export_json  results.json writer on a synthetic 1000-result run
 *   export_csv   results.csv writer on the same run
 *   storage      1000 samples inserted into SQLite in one transaction
 *   parser       a realistic suite file and config file, parsed strictly
 *
 * Each input is built in the target's setup (untimed) and freed in its
 * teardown.  forecasting and storage call GSL and SQLite directly and are
 * kept small and separate (self_trend.c, self_store.c) so that they can
 * switch to src/analyze and src/store once those exist.
 */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <zstd.h>

#include "pace/bench.h"
#include "config/config.h"
#include "report/report.h"
#include "self.h"
#include "stats/stats.h"
#include "suite/suite.h"

/* ---- aggregator -------------------------------------------------------- */

#define AGG_N 100000

static void agg_setup(pace_state *st)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double *x = pace_xcalloc(AGG_N, sizeof(*x));

	gsl_rng_set(rng, 42);
	for (size_t i = 0; i < AGG_N; i++)   /* timings are skewed: lognormal */
		x[i] = gsl_ran_lognormal(rng, 13.0, 0.25);
	gsl_rng_free(rng);
	st->data = x;
}

static void free_data(pace_state *st)
{
	free(st->data);
	st->data = NULL;
}

PACE_BENCH_X(aggregator, "self", "self,stats", NULL, agg_setup, free_data)
{
	struct pace_describe d;

	pace_items_per_op(st, AGG_N);
	PACE_LOOP(st) {
		pace_stats_describe(&d, st->data, AGG_N, 0.95, 0.05);
		pace_do_not_optimize(d.mean);
	}
}

/* ---- forecasting ------------------------------------------------------- */

#define HIST_N 1000

static void hist_setup(pace_state *st)
{
	st->data = pace_self_history(HIST_N);
}

PACE_BENCH_X(forecasting, "self", "self,analyze", NULL, hist_setup, free_data)
{
	double forecast = 0;

	pace_items_per_op(st, HIST_N);
	PACE_LOOP(st) {
		forecast = pace_self_trend_forecast(st->data, HIST_N, 10);
		pace_do_not_optimize(forecast);
	}
}

/* ---- compression ------------------------------------------------------- */

struct zbuf {
	char *in;
	size_t in_len;
	void *out;
	size_t out_cap;
};

static void zstd_setup(pace_state *st)
{
	struct zbuf *z = pace_xcalloc(1, sizeof(*z));

	z->in = pace_self_raw_json(&z->in_len);
	z->out_cap = ZSTD_compressBound(z->in_len);
	z->out = pace_xmalloc(z->out_cap);
	st->data = z;
}

static void zstd_teardown(pace_state *st)
{
	struct zbuf *z = st->data;

	free(z->in);
	free(z->out);
	free(z);
	st->data = NULL;
}

PACE_BENCH_X(compression, "self", "self,zstd,io", NULL, zstd_setup, zstd_teardown)
{
	struct zbuf *z = st->data;
	size_t n = 0;

	pace_bytes_per_op(st, (double)z->in_len);
	PACE_LOOP(st) {
		n = ZSTD_compress(z->out, z->out_cap, z->in, z->in_len, 3);
		pace_do_not_optimize(n);
	}
	if (ZSTD_isError(n))
		pace_fail(st, ZSTD_getErrorName(n));
	else
		pace_counter(st, "ratio", (double)z->in_len / (double)n);
}

/* ---- export ------------------------------------------------------------ */

#define EXPORT_N 1000

static void run_setup(pace_state *st)
{
	st->data = pace_self_run_new(EXPORT_N);
}

static void run_teardown(pace_state *st)
{
	pace_self_run_free(st->data);
	st->data = NULL;
}

/* The size of what `fn` writes (once, untimed): for bytes per second. */
static size_t output_size(int (*fn)(FILE *, const struct pace_run *), const struct pace_run *run)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	if (!f)
		abort();
	fn(f, run);
	fclose(f);
	free(buf);
	return n;
}

/* Writes with `fn` into /dev/null: the writer's cost, not the disk's. */
static void export_loop(pace_state *st, int (*fn)(FILE *, const struct pace_run *))
{
	FILE *f = fopen("/dev/null", "w");

	if (!f) {
		pace_fail(st, "cannot open /dev/null");
		return;
	}
	pace_bytes_per_op(st, (double)output_size(fn, pace_self_run_of(st->data)));
	pace_items_per_op(st, EXPORT_N);
	PACE_LOOP(st) {
		if (fn(f, pace_self_run_of(st->data)) < 0) {
			pace_fail(st, "the writer failed");
			break;
		}
	}
	fclose(f);
}

PACE_BENCH_X(export_json, "self", "self,report", NULL, run_setup, run_teardown)
{
	export_loop(st, pace_report_results_json);
}

PACE_BENCH_X(export_csv, "self", "self,report", NULL, run_setup, run_teardown)
{
	export_loop(st, pace_report_results_csv);
}

/* ---- storage ----------------------------------------------------------- */

#define STORE_BATCH 1000

static void store_setup(pace_state *st)
{
	char why[256];

	st->data = pace_self_store_open(why, sizeof(why));
	if (!st->data)
		pace_fail(st, why);
}

static void store_teardown(pace_state *st)
{
	pace_self_store_close(st->data);
	st->data = NULL;
}

PACE_BENCH_X(storage, "self", "self,store,io", NULL, store_setup, store_teardown)
{
	char why[256];

	pace_items_per_op(st, STORE_BATCH);
	PACE_LOOP(st) {
		if (pace_self_store_batch(st->data, STORE_BATCH, why, sizeof(why)) < 0) {
			pace_fail(st, why);
			break;
		}
	}
}

/* ---- parser ------------------------------------------------------------ */

PACE_BENCH_X(parser, "self", "self,config,suite", NULL, pace_self_parser_setup,
	     pace_self_parser_teardown)
{
	struct pace_error err = PACE_ERROR_INIT;
	const struct pace_self_texts *tx = st->data;

	pace_bytes_per_op(st, (double)(tx->suite_len + tx->config_len));
	PACE_LOOP(st) {
		struct pace_suite s;
		struct pace_config cfg;
		int rc = pace_suite_parse(&s, "self.yaml", tx->suite, tx->suite_len,
					  false, &err);

		pace_config_init(&cfg);
		if (!rc)
			rc = pace_config_load_file(&cfg, tx->config_path, PACE_SRC_PROJECT,
						   false, &err);
		pace_suite_release(&s);
		pace_config_release(&cfg);
		if (rc) {
			pace_fail(st, pace_error_msg(&err));
			break;
		}
	}
	pace_error_release(&err);
}

PACE_BENCH_MAIN()
