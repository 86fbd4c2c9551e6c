/*
 * report_priv.h - helpers the report writers share and nobody else sees:
 * walking a run test by test, naming results, picking units for times,
 * shortest round-trip numbers, and jansson glue that turns non-finite
 * doubles into null (json_real refuses NaN and infinities).
 */
#ifndef PACE_REPORT_PRIV_H
#define PACE_REPORT_PRIV_H

#include <jansson.h>

#include "report/report.h"
#include "util/json.h"

/* The distinct tests of a run in the order their results first appear.
 * Returns the count; *out is xmalloc'ed (caller frees; NULL when 0). */
size_t pace_report_tests(const struct pace_run *run,
			 const struct pace_test ***out);

/* The result of `test` with the smallest mean wall time among those with
 * counted samples, or NULL. */
const struct pace_result *pace_report_fastest(const struct pace_run *run,
					      const struct pace_test *test);

/* Counted (successful) samples of a result with a finite mean. */
bool pace_report_has_data(const struct pace_result *r);

/* The run's comparison of results a and b (either order), made by the
 * analysis (the runner, or the pipeline for a stored run); NULL when there
 * is none.  Writers print comparisons, they never compute one. */
const struct pace_comparison *pace_report_find_cmp(const struct pace_run *run,
						   const struct pace_result *a,
						   const struct pace_result *b);

/* Whether a comparison belongs to `test`. */
bool pace_report_cmp_of(const struct pace_comparison *c,
			const struct pace_test *test);

/* Geometric mean, across tests, of the speedup of one variant name over
 * another: for every pair of names compared in two or more tests,
 * `faster` is `geomean` (>= 1) times faster than `slower` over `ntests`
 * tests, with the t interval of the mean log-ratio at the comparisons'
 * confidence level (stats.h pace_stats_geomean). */
struct pace_report_geomean {
	const char *faster, *slower; /* borrowed variant labels */
	size_t ntests;
	double geomean, ci_lo, ci_hi;
};
/* Returns the count, in the order the pairs were first compared; *out is
 * xmalloc'ed (caller frees; NULL when 0). */
size_t pace_report_geomeans(const struct pace_run *run,
			    struct pace_report_geomean **out);

/* The variant's name, or its command text when it has no name. */
const char *pace_report_variant_label(const struct pace_result *r);

/* "test-id/variant", or just "test-id" for a test's only, default
 * variant.  Writes into buf (always NUL-terminated). */
void pace_report_result_name(char *buf, size_t sz,
			     const struct pace_result *r);

/* Writes s as one Markdown table cell's text: '|' escaped (GFM honours
 * "\|" even inside code spans), line breaks as spaces. */
void pace_report_md_cell(FILE *f, const char *s);
/* Totals over a run, for the console and Markdown summaries.  `seconds`
 * sums the wall time of counted samples (whole samples, so it stays right
 * when a sample holds many iterations). */
struct pace_report_totals {
	size_t iterations, failed_runs, failed, skipped;
	double seconds;
};
void pace_report_totals(struct pace_report_totals *t, const struct pace_run *run);
/* Wall time of a result's counted samples, in seconds. */
double pace_report_counted_seconds(const struct pace_result *r);
/* A CSV field, quoted per RFC 4180 when needed. */
void pace_report_csv_field(FILE *f, const char *s);

/* An integer, or null when v < 0 (the model's "unknown"). */
json_t *pace_report_json_known(int64_t v);
/* report.html's parameter-sweep charts (report_params.c), in a
 * <figure id="chart-parameters">; writes nothing and returns false when
 * the run has no sweep over a numeric parameter. */
struct pace_report_model;
bool pace_report_html_params(FILE *f, const struct pace_report_model *m);

/* A string, or null for NULL. */
json_t *pace_report_json_str(const char *s);
/* A test's parameter values as {"NAME": "value", ...}; {} for none. */
json_t *pace_report_json_params(const struct pace_test *t);
/* The run's system check (probe/system.h) as [{name, status, value,
 * advice}], in check order; [] for a run stored without one. */
json_t *pace_report_json_checks(const struct pace_env_info *e);
/* The docker executor's images with their ids, engine and limits (an
 * empty array when the run used none). */
json_t *pace_report_json_docker_images(const struct pace_env_info *e);
/* A summary as {n, mean, sd, median, min, max, q1, q3, ci_lo, ci_hi,
 * outliers_mild, outliers_severe}. */
json_t *pace_report_json_summary(const struct pace_summary *s);
/* Seed 004's metrics of a test, from its fastest variant:
 * {operations_per_second, avg_duration_ns, total_iterations}. */
json_t *pace_report_json_metrics(const struct pace_run *run,
				 const struct pace_test *test);
/* Issue 3's statistics (report_stats.c): a result's "stats" object (one
 * seed-001 PerformanceStats per metric: wall, user, sys, memory, io; its
 * intervals at confidence `level`), its "quality", and a comparison's
 * seed-001 ComparisonMetrics. */
json_t *pace_report_json_result_stats(const struct pace_result *r,
				      double level);
json_t *pace_report_json_quality(const struct pace_result *r);
json_t *pace_report_json_comparison_metrics(const struct pace_comparison *c);

/* Writes j to f with two-space indents and a final newline, then drops
 * the reference.  Returns 0 or PACE_EIO. */
int pace_report_json_dump(FILE *f, json_t *j);

/* Returns 0, or PACE_EIO when the stream has seen an error. */
int pace_report_stream_status(FILE *f);

/* results.json's run-level object (version, results, comparisons,
 * summary, ...) before the report model's fields are added. */
json_t *pace_report_results_object(const struct pace_run *run);

/* summary.md's parts from seed 001's template: title, executive summary,
 * comparison, findings, recommendations; and the reproducibility list. */
struct pace_report_model;
void pace_report_md_head(FILE *f, const struct pace_report_model *m);
void pace_report_md_repro(FILE *f, const struct pace_report_model *m);

/* Moves DIR/latest.{json,md,html} of an earlier run to
 * DIR/archive/<its run id>/{results.json,summary.md,report.html}, zstd-
 * compressed (".zst") when `compress`.  Latest files of `run_id` itself
 * are left to be overwritten.  Returns 0 or a PACE_E* code. */
int pace_report_archive_latest(const char *dir, const char *run_id,
			       bool compress, struct pace_error *err);
/* In-process targets (report_inproc.c): the "in_process" object (null
 * without ip; per-sample counter values when with_values), the console
 * lines under a result, and summary.md's table (nothing when no result of
 * the run is in-process). */
json_t *pace_report_json_inproc(const struct pace_inproc *ip, bool with_values);
void pace_report_console_inproc(FILE *f, const struct pace_result *r);

/* report_instr.c: --measure instructions and --profile.  A count in
 * full with its thousands grouped ("4 133 512"; "n/a" when not finite);
 * a result's instruction counts and profile lines (nothing when it has
 * neither); a profile's hot functions and paths. */
void pace_report_format_count(char *out, size_t outsz, double v);
void pace_report_console_instructions(FILE *f, const struct pace_result *r);
void pace_report_console_profile(FILE *f, const struct pace_profile *p);
/* Adds "measure": "instructions" and "profile" (hot functions and paths)
 * to a result's JSON object, each only when the run has it. */
void pace_report_json_instr_fields(json_t *o, const struct pace_result *r);
/* perf_event_open counters of a result (probe/counters.h): a console
 * line (nothing without counts), and JSON (null without counts; a null
 * counter the machine did not give; "note" why hardware ones are
 * missing). */
void pace_report_console_counters(FILE *f, const struct pace_result *r);
json_t *pace_report_json_counters(const struct pace_result *r);
/* Each result's per-run resources (model.h, enum pace_resource) with
 * their intervals: the console line, the text of one ("95.1 [94.0,
 * 96.2]"), and the column label ("CPU %"). */
void pace_report_console_resources(FILE *f, const struct pace_result *r);
void pace_report_resource_text(char *out, size_t outsz,
			       const struct pace_summary *s);
const char *pace_report_resource_label(enum pace_resource k);
/* summary.md: the resources table and how precise the clocks are. */
void pace_report_md_resources(FILE *f, const struct pace_run *run);
/* A run's time series as JSON (t, CPU, RSS, I/O arrays and the
 * aggregations), and as report.html's two line charts, memory and CPU
 * over time (nothing for fewer than two points). */
json_t *pace_report_json_timeseries(const struct pace_timeseries *ts);
void pace_report_html_timeseries(FILE *f, const char *label,
				 const struct pace_result *r);
/* report.html: a result's instruction counts and profile (nothing when
 * it has neither), under the variant's `label`. */
void pace_report_html_instructions(FILE *f, const char *label,
				   const struct pace_result *r);
void pace_report_md_inproc(FILE *f, const struct pace_run *run);

#endif
