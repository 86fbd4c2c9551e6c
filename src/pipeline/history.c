/*
 * history.c - turns the store's per-run points of each test x
 * variant into the report model's history series.  Only runs that started
 * no later than the reported run count, and runs still in progress are
 * left out, so the history a report shows is fixed once its run is over:
 * `pace report RUN` later draws the same chart `pace run` drew.  Each
 * point's regression mark, and the run's own against the last point, are
 * analyze/'s one rule (pace_analyze_regressed: Welch's p from the
 * points' summaries, and the practical threshold).  The run itself is
 * not one of its own history's points (the report draws it as "this
 * run"), but it is in the series whose change points are marked: a
 * change may start at it.
 */
#include <math.h>
#include <string.h>

#include "pipeline/pipeline.h"
#include "store/store_changes.h"

static bool counts(const struct pace_store_point *p, const struct pace_run *run)
{
	return p->started_unix_ms <= run->started_unix_ms &&
	       strcmp(p->run_id, run->id) != 0 &&
	       p->status != PACE_STORE_RUNNING && p->n > 0 && isfinite(p->mean);
}

/* Marks the points (and the run itself) where a change point starts. */
static void mark_changes(struct pace_report_history_series *s,
			 const struct pace_store_change *c, size_t nc,
			 const struct pace_run *run)
{
	for (size_t i = 0; i < s->n; i++) {
		s->points[i].cp_change = s->points[i].cp_p = NAN;
		for (size_t k = 0; k < nc; k++)
			if (strcmp(c[k].run_id, s->points[i].run_id) == 0) {
				s->points[i].change_point = true;
				s->points[i].cp_change = c[k].change;
				s->points[i].cp_p = c[k].p_value;
			}
	}
	s->current_cp_change = s->current_cp_p = NAN;
	for (size_t k = 0; k < nc; k++)
		if (strcmp(c[k].run_id, run->id) == 0) {
			s->current_change_point = true;
			s->current_cp_change = c[k].change;
			s->current_cp_p = c[k].p_value;
		}
}

static void fill_series(struct pace_report_history_series *s,
			const struct pace_store_point *pts, size_t n,
			const struct pace_run *run, const struct pace_config *cfg,
			size_t limit)
{
	const struct pace_report_history_point *prev = NULL;
	size_t first = 0, kept = 0;

	for (size_t i = 0; i < n; i++)
		kept += counts(&pts[i], run);
	/* The newest `limit` points only (0 = all). */
	for (; limit && kept > limit && first < n; first++)
		kept -= counts(&pts[first], run);
	s->points = pace_xcalloc(n ? n : 1, sizeof(*s->points));
	for (size_t i = first; i < n; i++) {
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

		struct pace_store_change *c = NULL;
		size_t nc = 0;

		/* One more than the limit: the run itself may be among them. */
		if (!pace_store_test_history(st, r->test->suite, r->test->id,
					     r->variant->name, limit ? limit + 1 : 0, &pts,
					     &n, &err)) {
			struct pace_report_history_series *s =
				&out->series[out->n++];

			s->test_id = pace_xstrdup(r->test->id);
			s->variant = pace_xstrdup(r->variant->name);
			fill_series(s, pts, n, run, cfg, limit);
			if (!pace_pipeline_changes(st, r->test->suite,
						   r->test->id, r->variant->name,
						   cfg, run->started_unix_ms,
						   &c, &nc, &err))
				mark_changes(s, c, nc, run);
			pace_store_changes_free(c, nc);
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
