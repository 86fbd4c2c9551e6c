/*
 * report.h - the writers: one per output format, all reading the same
 * pace_run (cmark's lesson).  Each writes to a FILE* it is given and never
 * prints on its own; pace_report_write_outputs lays out the files of the
 * output directory (DESIGN.md §6, seeds 003/004):
 *
 *   DIR/raw/<test-id>.json   one per test: seed 004's target_id / metrics /
 *                            timestamp, plus every variant's summary and samples
 *   DIR/results.json         the whole run
 *   DIR/results.csv          seed 001's CSV columns, one row per sample
 *   DIR/summary.md           seed 003/004 layout
 *
 * and the hyperfine-shaped exports (--export-json/-csv/-markdown).
 */
#ifndef PACE_REPORT_H
#define PACE_REPORT_H

#include <stdio.h>

#include "model.h"

struct pace_report_opts {
	bool color;      /* ANSI colour in console output */
	double confidence;
	double precision; /* target of adaptive stopping; 0 = not asked for */
	bool precision_median; /* its estimator is the median (else the mean) */
};

/* Machine-readable files. */
int pace_report_raw_json(FILE *f, const struct pace_run *run,
			 const struct pace_test *test);
int pace_report_results_json(FILE *f, const struct pace_run *run);
int pace_report_results_csv(FILE *f, const struct pace_run *run);
int pace_report_summary_md(FILE *f, const struct pace_run *run);

/* hyperfine's shapes: results[] with command, mean, stddev, median, user,
 * system, min, max (seconds), times[], exit_codes[]. */
int pace_report_hyperfine_json(FILE *f, const struct pace_run *run);
int pace_report_hyperfine_csv(FILE *f, const struct pace_run *run);
int pace_report_hyperfine_markdown(FILE *f, const struct pace_run *run);
/* hyperfine's markup tables (Command, Mean ± sd, Min, Max, Relative):
 * --export-markdown, --export-asciidoc, --export-orgmode. */
enum pace_report_hf_format { PACE_HF_MARKDOWN, PACE_HF_ASCIIDOC, PACE_HF_ORGMODE };
struct pace_report_hf_opts {
	bool sort_by_mean;                  /* --sort mean-time: fastest first */
	const struct pace_time_unit *unit;  /* --time-unit; NULL: the fastest's */
};
int pace_report_hyperfine_table(FILE *f, const struct pace_run *run,
				enum pace_report_hf_format fmt,
				const struct pace_report_hf_opts *o);
/* -u/--time-unit's word (second/s, millisecond/ms, microsecond/us,
 * nanosecond/ns) to a unit; -1 for another word. */
int pace_report_hyperfine_unit(const char *word, struct pace_time_unit *u);

/* Console: a block per test (mean +- sd, range, user/sys, memory, failures,
 * outlier warning), the winner with speedup and interval, then the run's
 * summary with the top 5 fastest. */
void pace_report_console_result(FILE *f, const struct pace_result *r,
				const struct pace_report_opts *o);
void pace_report_console_test_comparisons(FILE *f, const struct pace_run *run,
					  const struct pace_test *test,
					  const struct pace_report_opts *o);
void pace_report_console_summary(FILE *f, const struct pace_run *run,
				 const struct pace_report_opts *o);

/* Writes raw/, results.json, results.csv and (when `summary`) summary.md
 * under dir, creating it.  Returns 0 or a PACE_E* code with message. */
int pace_report_write_outputs(const struct pace_run *run, const char *dir,
			      bool summary, struct pace_error *err);

/* The Jujutsu / Git / Git-WT table (seed 001): one Markdown row per test
 * with any of the variants jujutsu, git, git-worktrees; mean times, the
 * winner and its speedup over the slowest.  Returns the number of rows
 * (0: nothing written), or -1 on a write error. */
int pace_report_vcs_table(FILE *f, const struct pace_run *run);

/* Whether two variants run the same thing: the same command and the
 * same hooks of their own (the test's hooks are shared anyway).  Writers
 * then say "same command" instead of naming a winner. */
bool pace_report_same_command(const struct pace_variant *a,
			      const struct pace_variant *b);
/* A `pace run --aa` run (run->aa): how many of *tests tests (those with a
 * comparison) were called different, i.e. significant and meaningful, the
 * rule of a real comparison; the first `max` of them in `different`. */
size_t pace_report_aa_count(const struct pace_run *run, size_t *tests,
			    const struct pace_test **different, size_t max);


#endif
