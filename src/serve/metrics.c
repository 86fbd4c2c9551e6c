/*
 * metrics.c - the history as Prometheus text exposition (format 0.0.4):
 * seed 002's exporter (qudag_benchmark_latency_seconds histogram,
 * qudag_benchmark_throughput gauge, labels operation and suite) adapted to
 * pace's identities: pace_benchmark_* with labels suite, test and variant,
 * for the latest run (the newest that is not running: a half-measured run
 * would make the gauges jump), plus counts over the whole history.
 * docs/serve.md lists every name.  Every figure comes from the stored
 * samples, re-analysed by the pipeline; the regression marks are the
 * pipeline's history verdicts (analyze/'s one rule), never computed here.
 *
 * Every family is written once with its HELP and TYPE lines and all its
 * series together, as the format requires (promtool checks it).
 */
#include <math.h>

#include "pipeline/pipeline.h"
#include "serve/serve.h"

/* Histogram bounds (seconds per operation): 1-2.5-5 steps from 10 us to
 * 100 s, wide enough for a syscall-sized benchmark and a whole build. */
static const double bounds[] = {
	1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 0.01,
	0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100,
};

/* A label value, escaped as the text format says (\\, \", \n). */
static void add_label(struct pace_strbuf *out, const char *name, const char *v)
{
	pace_strbuf_addf(out, "%s=\"", name);
	for (const char *p = v ? v : ""; *p; p++) {
		if (*p == '\\' || *p == '"')
			pace_strbuf_addc(out, '\\');
		if (*p == '\n') {
			pace_strbuf_adds(out, "\\n");
			continue;
		}
		pace_strbuf_addc(out, *p);
	}
	pace_strbuf_addc(out, '"');
}

static void add_value(struct pace_strbuf *out, double v)
{
	if (isnan(v))
		pace_strbuf_adds(out, " NaN\n");
	else if (isinf(v))
		pace_strbuf_adds(out, v > 0 ? " +Inf\n" : " -Inf\n");
	else
		pace_strbuf_addf(out, " %.17g\n", v);
}

static void family(struct pace_strbuf *out, const char *name, const char *type,
		   const char *help)
{
	pace_strbuf_addf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* name{suite=..,test=..,variant=..[,extra]} value */
static void series(struct pace_strbuf *out, const char *name,
		   const struct pace_result *r, const char *extra, double v)
{
	pace_strbuf_adds(out, name);
	pace_strbuf_addc(out, '{');
	add_label(out, "suite", r->test->suite);
	pace_strbuf_addc(out, ',');
	add_label(out, "test", r->test->id);
	pace_strbuf_addc(out, ',');
	add_label(out, "variant", r->variant->name);
	if (extra)
		pace_strbuf_addf(out, ",%s", extra);
	pace_strbuf_addc(out, '}');
	add_value(out, v);
}

static bool shown(const struct pace_result *r)
{
	return !r->skipped && r->test && r->variant;
}

static void histograms(struct pace_strbuf *out, const struct pace_run *run)
{
	struct pace_series_set set;

	pace_analyze_series_of_run(&set, run);
	family(out, "pace_benchmark_latency_seconds", "histogram",
	       "Wall time per operation of the latest run's counted samples.");
	for (size_t i = 0, k = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		const struct pace_series *s;
		double sum = 0;

		if (!shown(r))
			continue;
		s = &set.v[k++];
		for (size_t b = 0; b <= PACE_ARRAY_SIZE(bounds); b++) {
			char le[48];
			size_t c = 0;

			for (size_t j = 0; j < s->n; j++)
				c += b == PACE_ARRAY_SIZE(bounds) ||
				     s->x[j] * 1e-9 <= bounds[b];
			if (b < PACE_ARRAY_SIZE(bounds))
				snprintf(le, sizeof(le), "le=\"%g\"", bounds[b]);
			else
				snprintf(le, sizeof(le), "le=\"+Inf\"");
			series(out, "pace_benchmark_latency_seconds_bucket", r, le,
			       (double)c);
		}
		for (size_t j = 0; j < s->n; j++)
			sum += s->x[j] * 1e-9;
		series(out, "pace_benchmark_latency_seconds_sum", r, NULL, sum);
		series(out, "pace_benchmark_latency_seconds_count", r, NULL,
		       (double)s->n);
	}
	pace_analyze_series_release(&set);
}

/* One gauge family over the run's results; fig picks the figure. */
static void gauges(struct pace_strbuf *out, const struct pace_run *run,
		   const char *name, const char *help, int fig)
{
	family(out, name, "gauge", help);
	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		const struct pace_summary *w = &r->wall;
		double v[] = {w->mean, w->median, w->ci_lo, w->ci_hi,
			      w->mean > 0 ? 1 / w->mean : NAN, w->sd,
			      (double)w->n, (double)r->nfailed};

		if (shown(r))
			series(out, name, r, NULL, v[fig]);
	}
}

static const struct {
	const char *name, *help;
} gauge_defs[] = {
	{"pace_benchmark_mean_seconds", "Mean wall time per operation."},
	{"pace_benchmark_median_seconds", "Median wall time per operation."},
	{"pace_benchmark_ci_lower_seconds",
	 "Lower bound of the confidence interval of the mean."},
	{"pace_benchmark_ci_upper_seconds",
	 "Upper bound of the confidence interval of the mean."},
	{"pace_benchmark_throughput", "Operations per second (1 / mean)."},
	{"pace_benchmark_sd_seconds", "Standard deviation of the wall time."},
	{"pace_benchmark_samples", "Counted samples."},
	{"pace_benchmark_failed_samples", "Failed samples."},
};

/* 1 per result the history verdict calls a regression, and their count. */
static size_t regressions(struct pace_strbuf *out, const struct pace_run *run,
			  const struct pace_report_history *h)
{
	size_t n = 0;

	family(out, "pace_benchmark_regressed", "gauge",
	       "1 when the result regressed against the previous run of the test.");
	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		bool reg = false;

		if (!shown(r))
			continue;
		for (size_t j = 0; j < h->n; j++)
			if (!strcmp(h->series[j].test_id, r->test->id) &&
			    !strcmp(h->series[j].variant, r->variant->name))
				reg = h->series[j].current_regressed;
		n += reg;
		series(out, "pace_benchmark_regressed", r, NULL, reg);
	}
	return n;
}

static void run_gauge(struct pace_strbuf *out, const char *name,
		      const char *help, double v)
{
	family(out, name, "gauge", help);
	pace_strbuf_adds(out, name);
	add_value(out, v);
}

static void latest_run(struct pace_strbuf *out, struct pace_store *st,
		       const struct pace_loaded_run *l)
{
	const struct pace_run *run = &l->run;
	struct pace_report_history h = {0};
	size_t nreg;

	pace_pipeline_history(&h, st, run, &l->cfg, PACE_REPORT_HISTORY_RUNS);
	family(out, "pace_latest_run_info", "gauge",
	       "The latest complete run (value 1).");
	pace_strbuf_adds(out, "pace_latest_run_info{");
	add_label(out, "run_id", run->id);
	pace_strbuf_addc(out, ',');
	add_label(out, "git_commit", l->info.git_commit);
	pace_strbuf_addc(out, ',');
	add_label(out, "hostname", l->info.hostname);
	pace_strbuf_adds(out, "} 1\n");
	run_gauge(out, "pace_latest_run_start_timestamp_seconds",
		  "When the latest run started (Unix time).",
		  (double)run->started_unix_ms / 1000);
	histograms(out, run);
	for (size_t g = 0; g < PACE_ARRAY_SIZE(gauge_defs); g++)
		gauges(out, run, gauge_defs[g].name, gauge_defs[g].help, (int)g);
	nreg = regressions(out, run, &h);
	run_gauge(out, "pace_latest_run_results", "Results of the latest run.",
		  (double)run->nresults);
	run_gauge(out, "pace_latest_run_failed_results",
		  "Results of the latest run with at least one failed sample.",
		  (double)run->nfailed_results);
	run_gauge(out, "pace_latest_run_regressions",
		  "Results of the latest run that regressed.", (double)nreg);
	pace_report_history_release(&h);
}

static void run_counts(struct pace_strbuf *out,
		       const struct pace_store_run_info *ri, size_t n)
{
	static const enum pace_store_status all[] = {
		PACE_STORE_RUNNING, PACE_STORE_COMPLETE, PACE_STORE_INTERRUPTED};

	family(out, "pace_runs", "gauge", "Runs in the history, by status.");
	for (size_t s = 0; s < PACE_ARRAY_SIZE(all); s++) {
		size_t c = 0;

		for (size_t i = 0; i < n; i++)
			c += ri[i].status == all[s];
		pace_strbuf_addf(out, "pace_runs{status=\"%s\"} %zu\n",
				 pace_store_status_name(all[s]), c);
	}
}

int pace_serve_metrics(struct pace_strbuf *out, struct pace_store *st,
		       const char *ref, struct pace_error *err)
{
	struct pace_store_run_info *ri;
	struct pace_loaded_run l;
	size_t n;
	int rc = pace_store_list_runs(st, 0, &ri, &n, err);
	bool any_done = false;

	if (rc)
		return rc;
	run_counts(out, ri, n);
	for (size_t i = 0; i < n; i++)
		any_done |= ri[i].status != PACE_STORE_RUNNING;
	pace_store_run_infos_free(ri, n);
	if (!ref && !any_done)
		return 0;
	if ((rc = pace_pipeline_load_ref(st, ref ? ref : "latest", &l, err)))
		return rc;
	latest_run(out, st, &l);
	pace_pipeline_loaded_release(&l);
	return 0;
}
