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

#endif
