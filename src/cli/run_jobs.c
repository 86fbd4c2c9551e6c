/*
 * run_jobs.c - after a `pace run --jobs N` (N > 1): the tests whose spread
 * grew against their previous run in the history, said in one line each,
 * since parallel tests disturb each other and a grown spread is the
 * usual sign (docs/runs.md, "Parallel runs").  The previous run may have
 * been parallel too; the note only compares the two.
 */
#include <math.h>

#include "cli/cli.h"
#include "cli/run_jobs.h"

/* The coefficient of variation of the newest point of s from another
 * run than run_id, or NaN. */
static double previous_cv(const struct pace_report_history_series *s,
			  const char *run_id)
{
	for (size_t i = s->n; i-- > 0;) {
		const struct pace_report_history_point *p = &s->points[i];
		if (strcmp(p->run_id, run_id) && p->n > 1 && p->mean > 0)
			return p->sd / p->mean;
	}
	return NAN;
}

void pace_cli_note_spread(FILE *f, const struct pace_run *run,
			  const struct pace_report_history *h, int64_t jobs)
{
	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		double now, before = NAN;

		if (r->wall.n < 2 || !(r->wall.mean > 0))
			continue;
		for (size_t k = 0; k < h->n && isnan(before); k++)
			if (!strcmp(h->series[k].test_id, r->test->id) &&
			    !strcmp(h->series[k].variant, r->variant->name))
				before = previous_cv(&h->series[k], run->id);
		now = r->wall.sd / r->wall.mean;
		if (isfinite(before) && now > 0.05 && now > 2 * before)
			fprintf(f, "note: %s %s spreads more than in its previous run "
				"(CV %.1f %% vs %.1f %%): with --jobs %" PRId64 " the tests "
				"disturb each other; --jobs 1 measures it alone\n",
				r->test->id, r->variant->name, 100 * now, 100 * before, jobs);
	}
}
