/*
 * record.h - what the analysis keeps of every stored run: one pattern per
 * test x variant (benchmark_patterns, reward normalised against the
 * task's earlier patterns) and the run's samples merged into the daily
 * rows of performance_trends.  Part of the pipeline (it joins analyze/
 * and store/), so that the pure analysis does not depend on the store.
 */
#ifndef PACE_PIPELINE_RECORD_H
#define PACE_PIPELINE_RECORD_H

#include "analyze/analyze.h"
#include "config/config.h"
#include "store/store.h"

/* Records the patterns and daily trends of `run` (already written to st
 * with pace_store_run_begin), in one transaction.  cfg gives the
 * confidence level and the config essentials kept in each pattern's
 * input.  Returns 0 or a negative PACE_E* code. */
int pace_pipeline_record_run(struct pace_store *st, const struct pace_run *run,
			    const struct pace_config *cfg,
			    struct pace_error *err);

/* The id of the newest run other than `run_id` that measured suite /
 * test / variant; "" when there is none. */
int pace_pipeline_previous_run(struct pace_store *st, const char *run_id,
			      const char *suite, const char *test,
			      const char *variant, char out[48],
			      struct pace_error *err);

/* Options of the comparisons, from the analysis.* config keys. */
void pace_pipeline_stats_opts(struct pace_stats_opts *o,
				 const struct pace_config *cfg);

#endif
