/*
 * report_history.h - the bridge from the history store to the reports
 * (report_history.c): each result's earlier runs as the report model's
 * history series, so report.html can draw a trend per test.
 */
#ifndef PACE_CLI_REPORT_HISTORY_H
#define PACE_CLI_REPORT_HISTORY_H

#include "model.h"
#include "report/report_model.h"
#include "store/store.h"

/* How many earlier runs a report's history chart shows. */
#define PACE_REPORT_HISTORY_RUNS 30

/* Fills *out (zeroed here; pace_report_history_release frees it) with the
 * stored history of every test x variant of `run`: at most `limit` runs
 * that started no later than `run` itself, oldest first, so that `pace
 * report` of an old run sees the history that run saw.  A point is
 * marked a regression when its mean is at least `threshold` (a fraction)
 * above the previous point's and the two confidence intervals do not
 * overlap.  A test the store does not know has no series; store errors
 * leave the history partial (the report is still worth writing). */
void pace_cli_report_history(struct pace_report_history *out,
			     struct pace_store *st, const struct pace_run *run,
			     double threshold, size_t limit);

#endif
