/*
 * history.c - turns the store's per-run points of each test x
 * variant into the report model's history series.  Only runs that started
 * no later than the reported run count, and runs still in progress are
 * left out, so the history a report shows is fixed once its run is over:
 * `pace report RUN` later draws the same chart `pace run` drew.  Each
 * point's regression mark, and the run's own against the last point, are
 * analyze/'s one rule (pace_analyze_regressed: Welch's p from the
 * points' summaries, and the practical threshold).
 */
#include <math.h>

#include "pipeline/pipeline.h"

static bool counts(const struct pace_store_point *p, const struct pace_run *run)
{
	return p->started_unix_ms <= run->started_unix_ms &&
	       p->status != PACE_STORE_RUNNING && p->n > 0 && isfinite(p->mean);
}

static void fill_series(struct pace_report_history_series *s,
			const struct pace_store_point *pts, size_t n,
			const struct pace_run *run, const struct pace_config *cfg)
{
	const struct pace_report_history_point *prev = NULL;

	s->points = pace_xcalloc(n ? n : 1, sizeof(*s->points));
	for (size_t i = 0; i < n; i++) {
		struct pace_report_history_point *hp = &s->points[s->n];

		if (!counts(&pts[i], run))
			continue;
		snprintf(hp->run_id, sizeof(hp->run_id), "%s", pts[i].run_id);
		hp->unix_ms = pts[i].started_unix_ms;
		hp->mean = pts[i].mean;
		hp->ci_lo = pts[i].ci_lo;
		hp->ci_hi = pts[i].ci_hi;
		hp->sd = pts[i].sd;
		hp->n = pts[i].n;
		hp->regression = prev && prev->mean > 0 &&
				 pace_analyze_regressed(prev->mean, prev->sd,
							prev->n, hp->mean,
							hp->sd, hp->n, cfg->alpha,
							cfg->threshold);
		prev = hp;
		s->n++;
	}
}

/* The run's own result against the series' last point (what the
 * report's "this run" mark shows). */
static bool current_regressed(const struct pace_report_history_series *s,
			      const struct pace_result *r,
			      const struct pace_config *cfg)
{
	const struct pace_report_history_point *last =
		s->n ? &s->points[s->n - 1] : NULL;

	return last && last->mean > 0 && r->wall.n > 0 &&
	       pace_analyze_regressed(last->mean, last->sd, last->n,
				      r->wall.mean, r->wall.sd, r->wall.n,
				      cfg->alpha, cfg->threshold);
}

void pace_pipeline_history(struct pace_report_history *out,
			   struct pace_store *st, const struct pace_run *run,
			   const struct pace_config *cfg, size_t limit)
{
	memset(out, 0, sizeof(*out));
	if (!st || !run->nresults)
		return;
	out->series = pace_xcalloc(run->nresults, sizeof(*out->series));
	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		struct pace_error err = PACE_ERROR_INIT;
		struct pace_store_point *pts = NULL;
		size_t n = 0;

		if (!pace_store_test_history(st, r->test->suite, r->test->id,
					     r->variant->name, limit, &pts, &n,
					     &err)) {
			struct pace_report_history_series *s =
				&out->series[out->n++];

			s->test_id = pace_xstrdup(r->test->id);
			s->variant = pace_xstrdup(r->variant->name);
			fill_series(s, pts, n, run, cfg);
			s->current_regressed = current_regressed(s, r, cfg);
			if (s->n && s->points[s->n - 1].mean > 0)
				s->current_severity = pace_severity_name(
					pace_analyze_severity(r->wall.mean /
						s->points[s->n - 1].mean - 1));
		}
		pace_store_points_free(pts, n);
		pace_error_release(&err);
	}
}
