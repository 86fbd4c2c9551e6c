/*
 * expect.c - how long each plan item is expected to take, for --jobs'
 * longest-first order: from the history when the store has the test
 * (the last run's counted samples of every variant: mean x n, which is
 * the measured time without hooks), else the test's estimatedDuration
 * (pace_plan_build set that already), else unknown (the runner then
 * measures it first).  A store error leaves the estimate as it was: it
 * only orders the work.
 */
#include <math.h>

#include "pipeline/pipeline.h"

/* The measured seconds of variant v of item's test in its last run,
 * or -1 when the history has none. */
static double last_run_seconds(struct pace_store *st, const struct pace_test *t,
			       const char *variant)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store_point *p = NULL;
	size_t n = 0;
	double s = -1;

	if (!pace_store_test_history(st, t->suite, t->id, variant, 1, &p, &n, &err) &&
	    n && p[n - 1].n && isfinite(p[n - 1].mean))
		s = p[n - 1].mean * (double)p[n - 1].n;
	pace_store_points_free(p, n);
	pace_error_release(&err);
	return s;
}

void pace_pipeline_expected_durations(struct pace_plan *plan, struct pace_store *st)
{
	for (size_t i = 0; st && i < plan->n; i++) {
		struct pace_plan_item *it = &plan->items[i];
		double sum = 0;
		bool all = true;

		for (size_t v = 0; v < it->nvariants && all; v++) {
			double s = last_run_seconds(st, it->test, it->variants[v]->name);
			all = s >= 0;
			sum += s;
		}
		if (all && it->nvariants)
			it->expected_s = sum;
	}
}
