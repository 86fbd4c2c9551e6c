/*
 * record.c - after a run is stored, keep what the analysis learns from it:
 * the pattern of each test x variant (its reward is normalised against
 * the task's earlier patterns, read from the store before this run's are
 * added, so a run never competes with itself) and the daily aggregates of
 * its samples for performance_trends.  All in one transaction, so a
 * concurrent `pace run` never sees half of a run's patterns.
 */
#include <assert.h>
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "pipeline/record.h"
#include "report/report_model.h"
#include "store/store_analysis.h"

void pace_pipeline_stats_opts(struct pace_stats_opts *o,
				 const struct pace_config *cfg)
{
	o->confidence = cfg->confidence;
	o->alpha = cfg->alpha;
	o->threshold = cfg->threshold;
	o->resamples = (size_t)cfg->bootstrap;
	o->seed = (unsigned long)cfg->seed;
}

/* The settings that shape a measurement, for a pattern's input. */
static char *config_essentials(const struct pace_config *cfg)
{
	json_t *o = json_pack("{s:I, s:I, s:f, s:f, s:f, s:b, s:f, s:f, s:f}",
			      "runs", (json_int_t)cfg->runs,
			      "warmup", (json_int_t)cfg->warmup,
			      "minTime", cfg->min_time,
			      "precision", cfg->precision,
			      "timeout", cfg->timeout,
			      "shell", cfg->shell,
			      "confidence", cfg->confidence,
			      "alpha", cfg->alpha,
			      "threshold", cfg->threshold);
	char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;

	json_decref(o);
	return s;
}

/* Earlier patterns of the task, as arrays for pace_analyze_pattern. */
struct history {
	struct pace_task_history h;
	double *buf;
};

static int load_history(struct pace_store *st, const char *task,
			struct history *out, struct pace_error *err)
{
	struct pace_pattern_query q = {task, 0, -INFINITY, 0};
	struct pace_pattern *p;
	size_t n;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = pace_store_pattern_search(st, &q, &p, &n, err)) < 0)
		return rc;
	out->buf = pace_xmalloc((3 * n + 1) * sizeof(double));
	for (size_t i = 0; i < n; i++) {
		out->buf[i] = p[i].mean_ns;
		out->buf[n + i] = p[i].peak_rss;
		out->buf[2 * n + i] = p[i].cpu_ns;
	}
	out->h.mean_ns = out->buf;
	out->h.peak_rss = out->buf + n;
	out->h.cpu_ns = out->buf + 2 * n;
	out->h.n = n;
	pace_store_patterns_free(p, n);
	return 0;
}

/* Mean user + sys time per operation of the counted samples; NaN when
 * the probe could not read them. */
static double mean_cpu_ns(const struct pace_result *r)
{
	double sum = 0;
	size_t n = 0;

	for (size_t i = 0; i < r->nsamples; i++) {
		const struct pace_sample *s = &r->samples[i];
		int64_t it = s->iterations > 0 ? s->iterations : 1;

		if (s->fail != PACE_FAIL_NONE || s->user_ns < 0 ||
		    s->sys_ns < 0)
			continue;
		sum += (double)(s->user_ns + s->sys_ns) / (double)it;
		n++;
	}
	return n ? sum / (double)n : NAN;
}

static int record_pattern(struct pace_store *st, const struct pace_run *run,
			  const struct pace_series *s,
			  const struct pace_result *r, const char *cfg_json,
			  double confidence, double *reward, struct pace_error *err)
{
	struct pace_pattern_in in = {
		run->id, s->suite, s->test, s->variant, r->variant->cmd.text,
		cfg_json, s->x, s->n, s->nfailed,
		r->peak_rss >= 0 ? (double)r->peak_rss : NAN, mean_cpu_ns(r),
		run->ended_unix_ms ? run->ended_unix_ms : pace_unix_ms(),
	};
	struct history h;
	struct pace_pattern p;
	char *task = pace_analyze_task_name(s->test, s->variant);
	int rc = load_history(st, task, &h, err);

	free(task);
	if (rc < 0)
		return rc;
	pace_analyze_pattern(&p, &in, &h.h, confidence);
	*reward = p.reward;
	rc = pace_store_pattern_add(st, run->id, &p, err);
	pace_pattern_release(&p);
	free(h.buf);
	return rc;
}

static int record_daily(struct pace_store *st, const struct pace_run *run,
			const struct pace_result *r, struct pace_error *err)
{
	size_t n = 0, ndays;
	int64_t *t = pace_xmalloc((r->nsamples + 1) * sizeof(*t));
	double *v = pace_xmalloc((r->nsamples + 1) * sizeof(*v));
	double *rss = pace_xmalloc((r->nsamples + 1) * sizeof(*rss));
	struct pace_daily *d;
	int rc;

	for (size_t i = 0; i < r->nsamples; i++) {
		const struct pace_sample *s = &r->samples[i];

		if (s->fail != PACE_FAIL_NONE)
			continue;
		t[n] = s->started_unix_ms > 0 ? s->started_unix_ms
					      : run->started_unix_ms;
		v[n] = pace_analyze_sample_ns(s);
		rss[n++] = s->max_rss >= 0 ? (double)s->max_rss : NAN;
	}
	ndays = pace_analyze_daily(&d, t, v, rss, n);
	rc = pace_store_trends_add(st, r->test->id, r->variant->name, d, ndays,
				   err);
	free(d);
	free(t);
	free(v);
	free(rss);
	return rc;
}

static double ms_of(int64_t ns)
{
	return ns >= 0 ? (double)ns / 1e6 : NAN;
}

/* Seed 001's benchmark_results: one row per measured sample of r, read
 * from the sample as docs/history.md says; reward is the result's. */
static int record_bench_rows(struct pace_store *st, const struct pace_run *run,
			     const struct pace_result *r, double reward,
			     struct pace_error *err)
{
	const char *size = pace_report_test_size(r->test);
	char *test_id = pace_xasprintf("%s/%s", r->test->suite ? r->test->suite : "",
				       r->test->id);
	int rc = 0;

	for (size_t i = 0; i < r->nsamples && !rc; i++) {
		const struct pace_sample *x = &r->samples[i];
		struct pace_store_bench_row row = {
			.test_id = test_id, .run_id = run->id,
			.timestamp = x->started_unix_ms > 0 ? x->started_unix_ms
							    : run->started_unix_ms,
			.vcs_type = r->variant->name, .operation = r->test->id,
			.repo_size = size ? size : "unknown",
			.execution_time_ms = pace_analyze_sample_ns(x) / 1e6,
			.cpu_user_ms = ms_of(x->user_ns), .cpu_system_ms = ms_of(x->sys_ns),
			.memory_peak_bytes = x->max_rss > 0 ? x->max_rss : 0,
			.io_read_ops = x->syscr > 0 ? x->syscr : 0,
			.io_write_ops = x->syscw > 0 ? x->syscw : 0,
			.disk_delta_bytes = x->write_bytes > 0 ? x->write_bytes : 0,
			.success = x->fail == PACE_FAIL_NONE, .exit_code = x->exit_code,
			.retry_count = x->retries, .reward = reward,
		};
		rc = pace_store_bench_row_add(st, &row, err);
	}
	free(test_id);
	return rc;
}

int pace_pipeline_record_run(struct pace_store *st, const struct pace_run *run,
			    const struct pace_config *cfg,
			    struct pace_error *err)
{
	struct pace_series_set set;
	char *cfg_json = config_essentials(cfg);
	double reward = NAN;
	size_t k = 0;
	int rc;

	pace_analyze_series_of_run(&set, run);
	rc = pace_store_begin(st, err);
	for (size_t i = 0; i < run->nresults && rc == 0; i++) {
		const struct pace_result *r = &run->results[i];

		if (r->skipped || !r->test || !r->variant)
			continue;
		assert(k < set.n);
		/* Patterns and daily trends are seed 000's latency records:
		 * a result judged by instruction counts has no place there. */
		if (r->measure != PACE_MEASURE_TIME) {
			k++;
			continue;
		}
		rc = record_pattern(st, run, &set.v[k++], r, cfg_json,
				    cfg->confidence, &reward, err);
		if (rc == 0)
			rc = record_daily(st, run, r, err);
		if (rc == 0)
			rc = record_bench_rows(st, run, r, reward, err);
	}
	if (rc == 0)
		rc = pace_store_commit(st, err);
	else
		pace_store_rollback(st);
	pace_analyze_series_release(&set);
	free(cfg_json);
	return rc;
}

int pace_pipeline_previous_run(struct pace_store *st, const char *run_id,
			      const char *suite, const char *test,
			      const char *variant, char out[48],
			      struct pace_error *err)
{
	struct pace_store_point *p;
	size_t n;
	int rc;

	out[0] = '\0';
	rc = pace_store_test_history(st, suite, test, variant, 0, &p, &n, err);
	if (rc < 0)
		return rc;
	for (size_t i = n; i-- > 0;) {
		if (strcmp(p[i].run_id, run_id) != 0 &&
		    p[i].status != PACE_STORE_RUNNING) {
			snprintf(out, 48, "%s", p[i].run_id);
			break;
		}
	}
	pace_store_points_free(p, n);
	return 0;
}
