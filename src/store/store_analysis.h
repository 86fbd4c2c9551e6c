/*
 * store_analysis.h - the store's analysis tables (seed 001): the patterns
 * of benchmark_patterns and the daily rows of performance_trends, written
 * after each run and read by `pace patterns` and `pace trends`.  Same
 * conventions as store.h (0 or a negative PACE_E* code with a message).
 * The SQL is the same on SQLite and PostgreSQL (store_analysis.c, through
 * sql.h).
 */
#ifndef PACE_STORE_ANALYSIS_H
#define PACE_STORE_ANALYSIS_H

#include "model.h"
#include "store/store.h"

/* Appends one pattern of run run_id (NULL: none). */
int pace_store_pattern_add(struct pace_store *st, const char *run_id,
			   const struct pace_pattern *p,
			   struct pace_error *err);

/* Which patterns a search wants: task is exact, or a glob when it holds
 * '*', '?' or '['; k the newest k (0 = all); only 1 successes, -1
 * failures, 0 both. */
struct pace_pattern_query {
	const char *task;
	size_t k;
	double min_reward;
	int only;
};

/* Matching patterns, oldest first, with id, mean_ns, peak_rss and cpu_ns
 * read back from their output.  Free with pace_store_patterns_free. */
int pace_store_pattern_search(struct pace_store *st,
			      const struct pace_pattern_query *q,
			      struct pace_pattern **out, size_t *n,
			      struct pace_error *err);
void pace_store_patterns_free(struct pace_pattern *p, size_t n);

/* One row of performance_trends (times in ms, memory in bytes, -1
 * unknown). */
struct pace_store_trend_row {
	char *operation, *variant;
	char date[11];
	double avg_time_ms, avg_memory_bytes;
	size_t sample_count;
};

/* Merges daily aggregates of operation x variant into the table: a day
 * already there gets the count-weighted mean of both. */
int pace_store_trends_add(struct pace_store *st, const char *operation,
			  const char *variant, const struct pace_daily *d,
			  size_t n, struct pace_error *err);
/* Rows, by operation, variant and date; operation / variant NULL = all. */
int pace_store_trends_list(struct pace_store *st, const char *operation,
			   const char *variant,
			   struct pace_store_trend_row **out, size_t *n,
			   struct pace_error *err);
void pace_store_trend_rows_free(struct pace_store_trend_row *r, size_t n);

/* ---- seed 001's benchmark_results, recommendations; reports ---------- */

/* One row of benchmark_results: one measured iteration (sample) of a
 * test x variant (docs/history.md says how each column is read from it). */
struct pace_store_bench_row {
	const char *test_id;   /* SUITE/ID */
	const char *run_id;
	int64_t timestamp;     /* the sample's start, Unix ms */
	const char *vcs_type;  /* the variant */
	const char *operation; /* the test id */
	const char *repo_size; /* small | medium | large | unknown */
	double execution_time_ms, cpu_user_ms, cpu_system_ms;
	int64_t memory_peak_bytes, io_read_ops, io_write_ops, disk_delta_bytes;
	bool success;
	int exit_code, retry_count;
	double reward;         /* the result's pattern reward, 0..1 */
};
int pace_store_bench_row_add(struct pace_store *st,
			     const struct pace_store_bench_row *row,
			     struct pace_error *err);

/* Records a report written for run_id (kind: the file, "report.html",
 * "summary.md", ...; body: its text); *id the new row's id. */
int pace_store_report_add(struct pace_store *st, const char *run_id,
			  const char *kind, const char *body, int64_t *id,
			  struct pace_error *err);

/* One of the recommendations of report report_id. */
struct pace_store_rec_row {
	const char *priority, *category, *title, *description;
	double expected_impact;
	int64_t created_at; /* Unix ms */
};
int pace_store_recommendation_add(struct pace_store *st, const char *run_id,
				  int64_t report_id,
				  const struct pace_store_rec_row *rec,
				  struct pace_error *err);

#endif
