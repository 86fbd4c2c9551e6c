/*
 * test_analyze.c - checks src/analyze: verdicts and severities of run
 * comparisons (Welch's p against SciPy), least-squares trends against
 * numpy.polyfit / scipy.stats.linregress and the t prediction interval
 * (tests/ref/analyze_ref.py prints the reference values), daily
 * aggregates, and pattern rewards and critiques computed by hand; then
 * the analysis tables on a real SQLite file (patterns searched back with
 * their filters, daily rows merged, a recorded run's patterns normalised
 * against the one before).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_sort.h>
#include <jansson.h>

#include <unistd.h>

#include "analyze/analyze.h"
#include "pipeline/record.h"
#include "runner/runner.h"
#include "store/store_analysis.h"

static void assert_close(double got, double want, double rel)
{
	double tol = rel * fmax(fabs(want), 1e-300);

	if (!(fabs(got - want) <= tol))
		fail_msg("got %.15g, want %.15g (rel %g)", got, want, rel);
}

static const double old_x[] = {10.1, 10.3, 9.9, 10.0, 10.2, 10.1, 9.8, 10.0};
static const double new_x[] = {12.0, 12.3, 11.8, 12.1, 12.2, 11.9, 12.4, 12.0};

static void test_severity(void **state)
{
	(void)state;
	assert_int_equal(pace_analyze_severity(0.0999), PACE_SEVERITY_MINOR);
	assert_int_equal(pace_analyze_severity(-0.05), PACE_SEVERITY_MINOR);
	assert_int_equal(pace_analyze_severity(0.10), PACE_SEVERITY_MODERATE);
	assert_int_equal(pace_analyze_severity(-0.2499), PACE_SEVERITY_MODERATE);
	assert_int_equal(pace_analyze_severity(0.25), PACE_SEVERITY_SEVERE);
	assert_int_equal(pace_analyze_severity(NAN), PACE_SEVERITY_NONE);
	assert_string_equal(pace_severity_name(PACE_SEVERITY_SEVERE), "severe");
	assert_string_equal(pace_verdict_name(PACE_VERDICT_REGRESSED),
			    "regressed");
}

static void test_change_regressed(void **state)
{
	struct pace_stats_opts o = PACE_STATS_OPTS_INIT;
	struct pace_change c;

	(void)state;
	pace_analyze_change(&c, old_x, 8, new_x, 8, &o);
	assert_int_equal(c.verdict, PACE_VERDICT_REGRESSED);
	assert_int_equal(c.severity, PACE_SEVERITY_MODERATE);
	assert_close(c.p_value, 6.58117976571e-12, 1e-6); /* SciPy */
	assert_close(c.change, 0.202736318408, 1e-9);
	assert_close(c.old_median, 10.05, 1e-12);
	assert_close(c.new_median, 12.05, 1e-12);
	assert_true(c.ci_lo < c.change && c.change < c.ci_hi);
	assert_true(c.ci_lo > 0.15 && c.ci_hi < 0.25);
	assert_true(c.significant && c.meaningful);

	pace_analyze_change(&c, new_x, 8, old_x, 8, &o);
	assert_int_equal(c.verdict, PACE_VERDICT_IMPROVED);
	assert_true(c.change < 0);
}

static void test_change_noise(void **state)
{
	struct pace_stats_opts o = PACE_STATS_OPTS_INIT;
	double shifted[8];
	struct pace_change c;

	(void)state;
	/* 1 % slower with no spread difference: maybe significant, never
	 * meaningful at the 2 % threshold */
	for (size_t i = 0; i < 8; i++)
		shifted[i] = old_x[i] * 1.01;
	pace_analyze_change(&c, old_x, 8, shifted, 8, &o);
	assert_int_equal(c.verdict, PACE_VERDICT_UNCHANGED);
	assert_false(c.meaningful);
	assert_int_equal(c.severity, PACE_SEVERITY_NONE);

	/* a big change that a threshold of 30 % calls unchanged */
	o.threshold = 0.30;
	pace_analyze_change(&c, old_x, 8, new_x, 8, &o);
	assert_int_equal(c.verdict, PACE_VERDICT_UNCHANGED);
	assert_true(c.significant);

	/* one sample: no test, unchanged */
	o.threshold = 0.02;
	pace_analyze_change(&c, old_x, 1, new_x, 8, &o);
	assert_int_equal(c.verdict, PACE_VERDICT_UNCHANGED);
	assert_true(isnan(c.p_value));
	assert_false(c.significant);
}

static void test_diff(void **state)
{
	struct pace_stats_opts o = PACE_STATS_OPTS_INIT;
	struct pace_series a[] = {
		{"s", "t1", "git", old_x, 8, 0},
		{"s", "t2", "git", old_x, 8, 0},
		{"s", "gone", "git", old_x, 8, 1},
	};
	struct pace_series b[] = {
		{"s", "new", "git", new_x, 8, 0},
		{"s", "t1", "git", new_x, 8, 2},
		{"s", "t2", "git", old_x, 8, 0},
		{"other", "t2", "git", old_x, 8, 0}, /* other suite: added */
	};
	struct pace_diff d;

	(void)state;
	pace_analyze_diff(&d, a, 3, b, 4, &o);
	assert_int_equal(d.n, 5);
	assert_int_equal(d.nadded, 2);
	assert_int_equal(d.nremoved, 1);
	assert_int_equal(d.nregressed, 1);
	assert_int_equal(d.nunchanged, 1);
	assert_int_equal(d.nimproved, 0);
	assert_string_equal(d.v[0].test, "new");
	assert_int_equal(d.v[0].verdict, PACE_VERDICT_ADDED);
	assert_close(d.v[0].new_mean, 12.0875, 1e-12);
	assert_string_equal(d.v[1].test, "t1");
	assert_int_equal(d.v[1].verdict, PACE_VERDICT_REGRESSED);
	assert_int_equal(d.v[1].failed_new, 2);
	assert_int_equal(d.v[2].verdict, PACE_VERDICT_UNCHANGED);
	assert_close(d.v[2].change, 0.0, 1e-12);
	assert_string_equal(d.v[3].suite, "other");
	assert_string_equal(d.v[4].test, "gone");
	assert_int_equal(d.v[4].verdict, PACE_VERDICT_REMOVED);
	assert_int_equal(d.v[4].failed_old, 1);
	pace_analyze_diff_release(&d);
}

/* A diff of n changes whose relative changes are `ch` (means 100 -> 100 *
 * (1 + ch)), each with 5 samples on both sides. */
static void shift_diff(struct pace_diff *d, const double *ch, size_t n)
{
	memset(d, 0, sizeof(*d));
	d->confidence = 0.95;
	d->threshold = 0.02;
	d->v = calloc(n, sizeof(*d->v));
	assert_non_null(d->v);
	d->n = n;
	for (size_t i = 0; i < n; i++) {
		d->v[i].n_old = d->v[i].n_new = 5;
		d->v[i].old_mean = 100.0;
		d->v[i].new_mean = 100.0 * (1.0 + ch[i]);
	}
}

static void test_shift(void **state)
{
	/* twelve results, all 8-16 % slower: a shift of the whole run */
	static const double up[] = {0.08, 0.10, 0.12, 0.13, 0.16, 0.09, 0.11,
				    0.14, 0.10, 0.12, 0.15, 0.13};
	/* twelve results around zero, one of them a real +40 % change */
	static const double mixed[] = {0.01, -0.01, 0.00, 0.02, -0.02, 0.40,
				       0.01, -0.01, 0.00, 0.015, -0.005, 0.005};
	struct pace_diff d;
	struct pace_shift s;
	double sorted[12];

	(void)state;
	shift_diff(&d, up, 12);
	pace_analyze_shift(&s, &d);
	assert_int_equal(s.n, 12);
	assert_int_equal(s.nslower, 12);
	/* median of the log ratios, back on the ratio scale */
	memcpy(sorted, up, sizeof(sorted));
	gsl_sort(sorted, 1, 12);
	assert_close(s.median, sqrt((1 + sorted[5]) * (1 + sorted[6])) - 1, 1e-12);
	/* n = 12 at 95 %: P(Bin(12, .5) <= 2) = 0.0193 <= 0.025 < P(<= 3),
	 * so the interval is [x(3), x(10)] */
	assert_close(s.lo, sorted[2], 1e-12);
	assert_close(s.hi, sorted[9], 1e-12);
	assert_true(s.notable);
	free(d.v);

	shift_diff(&d, mixed, 12);
	pace_analyze_shift(&s, &d);
	assert_false(s.notable);
	assert_true(s.lo <= 0 && s.hi >= 0);
	free(d.v);

	/* too few results to speak of the whole run */
	shift_diff(&d, up, 7);
	pace_analyze_shift(&s, &d);
	assert_int_equal(s.n, 7);
	assert_true(isnan(s.median));
	assert_false(s.notable);
	free(d.v);
}

static void test_series_of_run(void **state)
{
	struct pace_test t = {0};
	struct pace_variant v = {0};
	struct pace_sample s[3] = {{0}};
	struct pace_result r[2] = {{0}};
	struct pace_run run = {0};
	struct pace_series_set set;

	(void)state;
	t.id = "op";
	t.suite = "suite";
	v.name = "jj";
	s[0].wall_ns = 1000;
	s[1].wall_ns = 5000;
	s[1].iterations = 10;
	s[2].wall_ns = 9;
	s[2].fail = PACE_FAIL_EXIT;
	r[0].test = &t;
	r[0].variant = &v;
	r[0].samples = s;
	r[0].nsamples = 3;
	r[1].test = &t;
	r[1].variant = &v;
	r[1].skipped = "dependency failed";
	run.results = r;
	run.nresults = 2;
	pace_analyze_series_of_run(&set, &run);
	assert_int_equal(set.n, 1);
	assert_int_equal(set.v[0].n, 2);
	assert_int_equal(set.v[0].nfailed, 1);
	assert_close(set.v[0].x[0], 1000, 1e-12);
	assert_close(set.v[0].x[1], 500, 1e-12);
	assert_string_equal(set.v[0].suite, "suite");
	pace_analyze_series_release(&set);
}

static void test_trend_reference(void **state)
{
	static const double x[] = {0, 1, 2, 3, 4, 5, 6, 7};
	static const double y1[] = {10.0, 10.4, 10.9, 11.3, 11.9, 12.2};
	static const double y2[] = {5.0, 5.2, 4.9, 5.1, 5.0, 4.8, 5.2, 5.0};
	struct pace_trend t;

	(void)state;
	assert_int_equal(pace_analyze_trend(&t, x, y1, 6, 6, true, 0.95, 0.05,
					    0.02), 0);
	assert_close(t.slope, 0.454285714286, 1e-9);
	assert_close(t.intercept, 9.98095238095, 1e-9);
	assert_close(t.r2, 0.995380274296, 1e-9);
	assert_close(t.slope_p, 8.01555591202e-06, 1e-6);
	assert_close(t.forecast, 12.7066666667, 1e-9);
	assert_close(t.forecast_lo, 12.4611086223, 1e-9);
	assert_close(t.forecast_hi, 12.9522247111, 1e-9);
	assert_int_equal(t.direction, PACE_TREND_DEGRADING);
	pace_analyze_trend(&t, x, y1, 6, 6, false, 0.95, 0.05, 0.02);
	assert_int_equal(t.direction, PACE_TREND_IMPROVING);
	/* significant but smaller than a 25 % threshold: stable */
	pace_analyze_trend(&t, x, y1, 6, 6, true, 0.95, 0.05, 0.25);
	assert_int_equal(t.direction, PACE_TREND_STABLE);

	assert_int_equal(pace_analyze_trend(&t, x, y2, 8, 8, true, 0.95, 0.05,
					    0.02), 0);
	assert_close(t.slope, -0.0047619047619, 1e-9);
	assert_close(t.r2, 0.00705467372134, 1e-9);
	assert_close(t.slope_p, 0.843253906476, 1e-6);
	assert_close(t.forecast, 5.00357142857, 1e-9);
	assert_close(t.forecast_lo, 4.53991157661, 1e-9);
	assert_close(t.forecast_hi, 5.46723128053, 1e-9);
	assert_int_equal(t.direction, PACE_TREND_STABLE);
	assert_string_equal(pace_direction_name(t.direction), "stable");
}

static void test_trend_edges(void **state)
{
	static const double x[] = {0, 1, 2};
	static const double same[] = {3, 3, 3};
	static const double y[] = {1, 2, 4};
	struct pace_trend t;

	(void)state;
	assert_int_equal(pace_analyze_trend(&t, x, y, 1, 1, true, 0.95, 0.05,
					    0.02), -1);
	assert_true(isnan(t.slope));
	assert_int_equal(pace_analyze_trend(&t, same, y, 3, 4, true, 0.95,
					    0.05, 0.02), -1);
	/* two points: a line, no inference */
	assert_int_equal(pace_analyze_trend(&t, x, y, 2, 2, true, 0.95, 0.05,
					    0.02), 0);
	assert_close(t.slope, 1.0, 1e-12);
	assert_close(t.forecast, 3.0, 1e-12);
	assert_true(isnan(t.slope_p) && isnan(t.forecast_lo));
	assert_int_equal(t.direction, PACE_TREND_STABLE);
	/* a perfect line: p = 0, degrading */
	assert_int_equal(pace_analyze_trend(&t, x, x, 3, 3, true, 0.95, 0.05,
					    0.02), 0);
	assert_close(t.slope_p, 0.0, 1);
	assert_int_equal(t.direction, PACE_TREND_DEGRADING);
}

static void test_daily(void **state)
{
	/* 2026-11-22T23:59:59.999Z, 2026-11-23T00:00:00Z, +1 h, previous */
	static const int64_t t[] = {1795391999999LL, 1795392000000LL,
				    1795395600000LL, 1795391600000LL};
	static const double v[] = {4, 10, 20, 2};
	const double rss[] = {100, NAN, 300, 200};
	struct pace_daily *d;
	size_t n;

	(void)state;
	n = pace_analyze_daily(&d, t, v, rss, 4);
	assert_int_equal(n, 2);
	assert_string_equal(d[0].date, "2026-11-22");
	assert_int_equal(d[0].count, 2);
	assert_close(d[0].mean, 3, 1e-12);
	assert_close(d[0].min, 2, 1e-12);
	assert_close(d[0].max, 4, 1e-12);
	assert_close(d[0].mean_rss, 150, 1e-12);
	assert_string_equal(d[1].date, "2026-11-23");
	assert_int_equal(d[1].count, 2);
	assert_close(d[1].mean, 15, 1e-12);
	assert_close(d[1].mean_rss, 300, 1e-12);
	free(d);
	assert_int_equal(pace_analyze_daily(&d, t, v, NULL, 0), 0);
	assert_null(d);
}

static void test_pattern(void **state)
{
	static const double x[] = {12.0e6, 12.2e6};
	static const double hist_mean[] = {10.0e6, 12.0e6};
	static const double hist_rss[] = {1000, 1500};
	struct pace_pattern_in in = {
		"r1", "vcs", "commit", "git", "git commit -q",
		"{\"runs\":30}", x, 2, 2, 2000, NAN, 1234,
	};
	struct pace_task_history h = {hist_mean, hist_rss, NULL, 2};
	struct pace_pattern p;
	json_t *o;

	(void)state;
	pace_analyze_pattern(&p, &in, &h, 0.95);
	assert_string_equal(p.task, "commit-git-benchmark");
	assert_string_equal(p.session_id, "benchmark-r1");
	assert_close(p.speed, 10.0 / 12.1, 1e-12);
	assert_close(p.memory, 0.5, 1e-12);
	assert_close(p.reliability, 0.5, 1e-12);
	assert_close(p.efficiency, 1.0, 1e-12);
	assert_close(p.reward, 0.4 * 10.0 / 12.1 + 0.15 + 0.1 + 0.1, 1e-12);
	assert_false(p.success);
	assert_close(p.latency_ms, 12.1, 1e-12);
	assert_non_null(strstr(p.critique,
			       "21% slower than the task's best (10.0"));
	assert_non_null(strstr(p.critique, "memory 60% above the median"));
	assert_non_null(strstr(p.critique, "2 of 4 samples failed"));
	o = json_loads(p.output, 0, NULL);
	assert_non_null(o);
	assert_close(json_real_value(json_object_get(o, "mean_ns")), 12.1e6,
		     1e-12);
	assert_int_equal(json_integer_value(json_object_get(o, "failed")), 2);
	assert_true(json_is_null(json_object_get(o, "cpu_ns")));
	json_decref(o);
	o = json_loads(p.input, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(o, "operation")),
			    "commit");
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(o, "config"), "runs")), 30);
	json_decref(o);
	pace_pattern_release(&p);
}

static void test_pattern_first(void **state)
{
	static const double x[] = {5e6, 5e6, 5e6};
	struct pace_pattern_in in = {
		"r2", "s", "op", "default", NULL, NULL, x, 3, 0, NAN, 1e6, 0,
	};
	struct pace_task_history h = {0};
	struct pace_pattern p;

	(void)state;
	pace_analyze_pattern(&p, &in, &h, 0.95);
	assert_close(p.reward, 1.0, 1e-12);
	assert_true(p.success);
	assert_non_null(strstr(p.critique, "first run of this task"));
	assert_non_null(strstr(p.critique, "memory unknown"));
	assert_non_null(strstr(p.critique, "all 3 samples succeeded"));
	pace_pattern_release(&p);
	pace_pattern_release(NULL);

	/* every sample failed: reward 0 */
	in.n = 0;
	in.nfailed = 4;
	pace_analyze_pattern(&p, &in, &h, 0.95);
	assert_close(p.reward, 0.0, 1);
	assert_false(p.success);
	assert_non_null(strstr(p.critique, "no successful sample"));
	assert_non_null(strstr(p.critique, "4 of 4 samples failed"));
	pace_pattern_release(&p);
}

static void test_pattern_stats(void **state)
{
	struct pace_pattern p[4] = {{0}};
	struct pace_pattern_stats s;

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		p[i].reward = 0.5 + 0.1 * (double)i;
		p[i].latency_ms = 10.0 * (double)(i + 1);
		p[i].success = i != 1;
	}
	pace_analyze_pattern_stats(&s, p, 4, 0.05, 0.02);
	assert_int_equal(s.count, 4);
	assert_close(s.mean_reward, 0.65, 1e-12);
	assert_close(s.success_rate, 0.75, 1e-12);
	assert_close(s.mean_latency_ms, 25, 1e-12);
	assert_int_equal(s.best, 3);
	assert_int_equal(s.worst, 0);
	assert_int_equal(s.trend, PACE_TREND_IMPROVING);
	pace_analyze_pattern_stats(&s, p, 0, 0.05, 0.02);
	assert_int_equal(s.best, -1);
	assert_true(isnan(s.mean_reward));
}

/* ---- the analysis tables on a real store ------------------------------ */

struct tmpstore {
	char dir[64], path[96];
	struct pace_store *st;
};

static void tmpstore_open(struct tmpstore *t)
{
	struct pace_error err = PACE_ERROR_INIT;

	snprintf(t->dir, sizeof(t->dir), "/tmp/pace-analyze-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->path, sizeof(t->path), "%s/pace.db", t->dir);
	if (pace_store_open(&t->st, t->path, &err))
		fail_msg("%s", pace_error_msg(&err));
	pace_error_release(&err);
}

static void tmpstore_close(struct tmpstore *t)
{
	struct pace_strbuf sb = PACE_STRBUF_INIT;

	pace_store_free(t->st);
	pace_strbuf_addf(&sb, "%s-wal", t->path);
	unlink(sb.buf);
	pace_strbuf_reset(&sb);
	pace_strbuf_addf(&sb, "%s-shm", t->path);
	unlink(sb.buf);
	unlink(t->path);
	rmdir(t->dir);
	pace_strbuf_release(&sb);
}

static void add_pattern(struct pace_store *st, const char *task,
			double reward, bool success, int64_t at)
{
	struct pace_pattern p = {0};
	struct pace_error err = PACE_ERROR_INIT;

	p.session_id = "benchmark-x";
	p.task = (char *)task;
	p.input = "{}";
	p.output = "{\"mean_ns\":1000.0,\"peak_rss\":null}";
	p.critique = "fine";
	p.reward = reward;
	p.success = success;
	p.latency_ms = reward * 10;
	p.created_unix_ms = at;
	if (pace_store_pattern_add(st, NULL, &p, &err))
		fail_msg("%s", pace_error_msg(&err));
}

static void test_store_patterns(void **state)
{
	struct tmpstore t;
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_pattern_query q = {"a-git-benchmark", 0, -1, 0};
	struct pace_pattern *p;
	size_t n;

	(void)state;
	tmpstore_open(&t);
	add_pattern(t.st, "a-git-benchmark", 0.9, true, 3);
	add_pattern(t.st, "a-git-benchmark", 0.5, false, 1);
	add_pattern(t.st, "a-git-benchmark", 0.7, true, 2);
	add_pattern(t.st, "b-git-benchmark", 0.8, true, 4);
	assert_int_equal(pace_store_pattern_search(t.st, &q, &p, &n, &err), 0);
	assert_int_equal(n, 3); /* oldest first */
	assert_close(p[0].reward, 0.5, 1e-12);
	assert_close(p[2].reward, 0.9, 1e-12);
	assert_close(p[0].mean_ns, 1000, 1e-12);
	assert_true(isnan(p[0].peak_rss));
	assert_string_equal(p[1].critique, "fine");
	pace_store_patterns_free(p, n);
	q.k = 2; /* the newest two */
	pace_store_pattern_search(t.st, &q, &p, &n, &err);
	assert_int_equal(n, 2);
	assert_close(p[0].reward, 0.7, 1e-12);
	pace_store_patterns_free(p, n);
	q.k = 0;
	q.only = -1;
	pace_store_pattern_search(t.st, &q, &p, &n, &err);
	assert_int_equal(n, 1);
	assert_false(p[0].success);
	pace_store_patterns_free(p, n);
	q.only = 1;
	q.min_reward = 0.8;
	pace_store_pattern_search(t.st, &q, &p, &n, &err);
	assert_int_equal(n, 1);
	pace_store_patterns_free(p, n);
	q.task = "*-git-benchmark";
	q.only = 0;
	q.min_reward = -1;
	pace_store_pattern_search(t.st, &q, &p, &n, &err);
	assert_int_equal(n, 4);
	pace_store_patterns_free(p, n);
	tmpstore_close(&t);
	pace_error_release(&err);
}

static void test_store_trends(void **state)
{
	struct tmpstore t;
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_daily d[2] = {{"2026-11-22", 2, 2e6, 1e6, 3e6, 100},
				  {"2026-11-23", 1, 4e6, 4e6, 4e6, NAN}};
	struct pace_daily more = {"2026-11-23", 3, 8e6, 7e6, 9e6, 600};
	struct pace_store_trend_row *r;
	size_t n;

	(void)state;
	tmpstore_open(&t);
	assert_int_equal(pace_store_trends_add(t.st, "op", "git", d, 2, &err),
			 0);
	assert_int_equal(pace_store_trends_add(t.st, "op", "git", &more, 1,
					       &err), 0);
	assert_int_equal(pace_store_trends_add(t.st, "op", "jj", d, 1, &err),
			 0);
	assert_int_equal(pace_store_trends_list(t.st, "op", "git", &r, &n,
						&err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].date, "2026-11-22");
	assert_close(r[0].avg_time_ms, 2, 1e-12);
	assert_close(r[0].avg_memory_bytes, 100, 1e-12);
	assert_int_equal(r[1].sample_count, 4);
	assert_close(r[1].avg_time_ms, (4 + 3 * 8) / 4.0, 1e-12);
	assert_close(r[1].avg_memory_bytes, 600, 1e-12); /* first unknown */
	pace_store_trend_rows_free(r, n);
	pace_store_trends_list(t.st, NULL, NULL, &r, &n, &err);
	assert_int_equal(n, 3);
	pace_store_trend_rows_free(r, n);
	tmpstore_close(&t);
	pace_error_release(&err);
}

/* A stored run of one test with samples of `ms` milliseconds. */
static void fake_run(struct pace_run *run, struct pace_test *t,
		     struct pace_variant *v, double ms, size_t n)
{
	struct pace_result *r;

	pace_run_init(run);
	pace_run_begin(run);
	PACE_GROW(run->results, run->alloc, 1);
	r = &run->results[0];
	memset(r, 0, sizeof(*r));
	run->nresults = 1;
	r->test = t;
	r->variant = v;
	r->samples = pace_xcalloc(n, sizeof(*r->samples));
	r->nsamples = r->alloc = n;
	for (size_t i = 0; i < n; i++) {
		r->samples[i].wall_ns = (int64_t)(ms * 1e6) + (int64_t)i * 1000;
		r->samples[i].max_rss = 1 << 20;
		r->samples[i].user_ns = r->samples[i].sys_ns = -1;
		r->samples[i].started_unix_ms = run->started_unix_ms;
	}
	r->peak_rss = 1 << 20;
	pace_run_end(run);
}

static void store_run(struct pace_store *st, struct pace_run *run)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store_run_meta meta = {0};

	if (pace_store_run_begin(st, run, &meta, &err) ||
	    pace_store_add_samples(st, run->id, &run->results[0], 0, 0,
				   run->results[0].nsamples, &err) ||
	    pace_store_run_end(st, run, PACE_STORE_COMPLETE, &err))
		fail_msg("%s", pace_error_msg(&err));
}

static void test_record_run(void **state)
{
	struct tmpstore t;
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_test test = {0};
	struct pace_variant v = {0};
	struct pace_run r1, r2;
	struct pace_config cfg;
	struct pace_pattern_query q = {"op-git-benchmark", 0, -1, 0};
	struct pace_pattern *p;
	struct pace_store_trend_row *rows;
	size_t n;
	char prev[48];

	(void)state;
	test.id = "op";
	test.suite = "s";
	v.name = "git";
	v.cmd.text = "git status";
	pace_config_init(&cfg);
	tmpstore_open(&t);
	fake_run(&r1, &test, &v, 10, 5);
	snprintf(r1.id, sizeof(r1.id), "run-one");
	store_run(t.st, &r1);
	if (pace_pipeline_record_run(t.st, &r1, &cfg, &err))
		fail_msg("%s", pace_error_msg(&err));
	usleep(2000); /* distinct run ids and times */
	fake_run(&r2, &test, &v, 20, 5);
	snprintf(r2.id, sizeof(r2.id), "run-two");
	store_run(t.st, &r2);
	if (pace_pipeline_record_run(t.st, &r2, &cfg, &err))
		fail_msg("%s", pace_error_msg(&err));
	assert_int_equal(pace_store_pattern_search(t.st, &q, &p, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_close(p[0].reward, 1.0, 1e-12);
	/* twice as slow as the best: speed ~0.5, the rest 1 */
	assert_close(p[1].reward, 0.4 * p[0].mean_ns / p[1].mean_ns + 0.6,
		     1e-9);
	assert_non_null(strstr(p[1].critique, "slower than the task's best"));
	assert_non_null(strstr(p[1].critique, "memory at the median"));
	pace_store_patterns_free(p, n);
	pace_store_trends_list(t.st, "op", "git", &rows, &n, &err);
	assert_true(n >= 1);
	pace_store_trend_rows_free(rows, n);
	assert_int_equal(pace_pipeline_previous_run(t.st, r2.id, "s", "op",
						   "git", prev, &err), 0);
	assert_string_equal(prev, r1.id);
	pace_run_release(&r1);
	pace_run_release(&r2);
	pace_config_release(&cfg);
	tmpstore_close(&t);
	pace_error_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_severity),
		cmocka_unit_test(test_change_regressed),
		cmocka_unit_test(test_change_noise),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_shift),
		cmocka_unit_test(test_series_of_run),
		cmocka_unit_test(test_trend_reference),
		cmocka_unit_test(test_trend_edges),
		cmocka_unit_test(test_daily),
		cmocka_unit_test(test_pattern),
		cmocka_unit_test(test_pattern_first),
		cmocka_unit_test(test_pattern_stats),
		cmocka_unit_test(test_store_patterns),
		cmocka_unit_test(test_store_trends),
		cmocka_unit_test(test_record_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
