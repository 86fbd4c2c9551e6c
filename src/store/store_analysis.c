/*
 * store_analysis.c - SQL of the analysis tables seed 001 defines and the
 * schema (store_sqlite.c) creates: benchmark_patterns (one AgentDB pattern
 * per test x variant per run) and performance_trends (one row per
 * operation x variant x UTC day, merged as runs arrive, so a day's row is
 * the count-weighted mean of every sample of that day).  The figures a
 * search needs for normalising rewards (mean, peak RSS, CPU time) are read
 * back from the pattern's output JSON with SQLite's json_extract, so the
 * table stays exactly seed 001's plus run_id.
 */
#include <math.h>
#include <string.h>

#include "store/sqlite_priv.h"
#include "store/store_analysis.h"

int pace_sq_need(struct pace_store *st, const char *what,
		 struct pace_error *err)
{
	if (pace_store_sqlite(st))
		return 0;
	return pace_error_set(err, PACE_EUSAGE,
			      "store '%s': the %s backend has no %s yet",
			      pace_store_location(st), pace_store_backend(st),
			      what);
}

static int need_sqlite(struct pace_store *st, struct pace_error *err)
{
	return pace_sq_need(st, "analysis tables", err);
}

static void bind_double(sqlite3_stmt *s, int i, double v)
{
	if (isfinite(v))
		sqlite3_bind_double(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

/* Steps a statement that returns no rows and finalizes it. */
static int step_done(struct pace_store *st, sqlite3_stmt *s, const char *what,
		     struct pace_error *err)
{
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0
						: pace_sq_fail(st, what, err);

	sqlite3_finalize(s);
	return rc;
}

int pace_store_pattern_add(struct pace_store *st, const char *run_id,
			   const struct pace_pattern *p,
			   struct pace_error *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = need_sqlite(st, err)) < 0)
		return rc;
	rc = pace_sq_prepare(st,
		"INSERT INTO benchmark_patterns (session_id, task, input, "
		"output, reward, critique, latency_ms, success, created_at, "
		"run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
		&s, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(s, 1, p->session_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, p->task, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, p->input, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, p->output, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 5, isfinite(p->reward) ? p->reward : 0.0);
	sqlite3_bind_text(s, 6, p->critique, -1, SQLITE_STATIC);
	bind_double(s, 7, p->latency_ms);
	sqlite3_bind_int(s, 8, p->success);
	sqlite3_bind_int64(s, 9, p->created_unix_ms);
	if (run_id)
		sqlite3_bind_text(s, 10, run_id, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 10);
	return step_done(st, s, "cannot store pattern", err);
}

static void pattern_of_row(struct pace_pattern *p, sqlite3_stmt *s)
{
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(s, 0);
	p->session_id = pace_sq_strdup(s, 1);
	p->task = pace_sq_strdup(s, 2);
	p->input = pace_sq_strdup(s, 3);
	p->output = pace_sq_strdup(s, 4);
	p->reward = sqlite3_column_double(s, 5);
	p->critique = pace_sq_strdup(s, 6);
	p->latency_ms = pace_sq_double(s, 7);
	p->success = sqlite3_column_int(s, 8) != 0;
	p->created_unix_ms = sqlite3_column_int64(s, 9);
	p->mean_ns = pace_sq_double(s, 10);
	p->peak_rss = pace_sq_double(s, 11);
	p->cpu_ns = pace_sq_double(s, 12);
}

static bool is_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

int pace_store_pattern_search(struct pace_store *st,
			      const struct pace_pattern_query *q,
			      struct pace_pattern **out, size_t *n,
			      struct pace_error *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = need_sqlite(st, err)) < 0)
		return rc;
	rc = pace_sq_prepare(st,
		"SELECT id, session_id, task, input, output, reward, critique,"
		" latency_ms, success, created_at,"
		" json_extract(output, '$.mean_ns'),"
		" json_extract(output, '$.peak_rss'),"
		" json_extract(output, '$.cpu_ns')"
		" FROM benchmark_patterns"
		" WHERE (CASE WHEN ?2 THEN task GLOB ?1 ELSE task = ?1 END)"
		"  AND reward >= ?3 AND (?4 = 0 OR success = (?4 > 0))"
		" ORDER BY created_at DESC, id DESC LIMIT ?5", &s, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(s, 1, q->task ? q->task : "*", -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, !q->task || is_glob(q->task));
	sqlite3_bind_double(s, 3, isfinite(q->min_reward) ? q->min_reward
							  : -1.0);
	sqlite3_bind_int(s, 4, q->only);
	sqlite3_bind_int64(s, 5, q->k ? (sqlite3_int64)q->k : -1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		PACE_GROW(*out, alloc, *n + 1);
		pattern_of_row(&(*out)[(*n)++], s);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		pace_store_patterns_free(*out, *n);
		*out = NULL;
		*n = 0;
		return pace_sq_fail(st, "cannot search patterns", err);
	}
	for (size_t i = 0; i < *n / 2; i++) { /* newest first -> oldest first */
		struct pace_pattern t = (*out)[i];

		(*out)[i] = (*out)[*n - 1 - i];
		(*out)[*n - 1 - i] = t;
	}
	return 0;
}

void pace_store_patterns_free(struct pace_pattern *p, size_t n)
{
	for (size_t i = 0; p && i < n; i++)
		pace_pattern_release(&p[i]);
	free(p);
}

int pace_store_trends_add(struct pace_store *st, const char *operation,
			  const char *variant, const struct pace_daily *d,
			  size_t n, struct pace_error *err)
{
	static const char sql[] =
		"INSERT INTO performance_trends (operation, vcs_type, date,"
		" avg_time_ms, avg_memory_bytes, sample_count)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
		" ON CONFLICT (operation, vcs_type, date) DO UPDATE SET"
		" avg_time_ms = (avg_time_ms * sample_count + excluded.avg_time_ms"
		"  * excluded.sample_count) / (sample_count + excluded.sample_count),"
		" avg_memory_bytes = CASE WHEN excluded.avg_memory_bytes < 0"
		"  THEN avg_memory_bytes WHEN avg_memory_bytes < 0"
		"  THEN excluded.avg_memory_bytes ELSE (avg_memory_bytes *"
		"  sample_count + excluded.avg_memory_bytes * excluded.sample_count)"
		"  / (sample_count + excluded.sample_count) END,"
		" sample_count = sample_count + excluded.sample_count";
	int rc;

	if ((rc = need_sqlite(st, err)) < 0)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++) {
		sqlite3_stmt *s;

		if (d[i].count == 0)
			continue;
		if ((rc = pace_sq_prepare(st, sql, &s, err)) < 0)
			break;
		sqlite3_bind_text(s, 1, operation, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, variant, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, d[i].date, -1, SQLITE_STATIC);
		sqlite3_bind_double(s, 4, d[i].mean / 1e6);
		sqlite3_bind_double(s, 5, isfinite(d[i].mean_rss)
						  ? d[i].mean_rss : -1.0);
		sqlite3_bind_int64(s, 6, (sqlite3_int64)d[i].count);
		rc = step_done(st, s, "cannot update performance_trends", err);
	}
	return rc;
}

int pace_store_trends_list(struct pace_store *st, const char *operation,
			   const char *variant,
			   struct pace_store_trend_row **out, size_t *n,
			   struct pace_error *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = need_sqlite(st, err)) < 0)
		return rc;
	rc = pace_sq_prepare(st,
		"SELECT operation, vcs_type, date, avg_time_ms,"
		" avg_memory_bytes, sample_count FROM performance_trends"
		" WHERE (?1 IS NULL OR operation = ?1)"
		" AND (?2 IS NULL OR vcs_type = ?2)"
		" ORDER BY operation, vcs_type, date", &s, err);
	if (rc < 0)
		return rc;
	if (operation)
		sqlite3_bind_text(s, 1, operation, -1, SQLITE_STATIC);
	if (variant)
		sqlite3_bind_text(s, 2, variant, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct pace_store_trend_row *r;
		const unsigned char *date = sqlite3_column_text(s, 2);

		PACE_GROW(*out, alloc, *n + 1);
		r = &(*out)[(*n)++];
		memset(r, 0, sizeof(*r));
		r->operation = pace_sq_strdup(s, 0);
		r->variant = pace_sq_strdup(s, 1);
		snprintf(r->date, sizeof(r->date), "%s",
			 date ? (const char *)date : "");
		r->avg_time_ms = sqlite3_column_double(s, 3);
		r->avg_memory_bytes = sqlite3_column_double(s, 4);
		r->sample_count = (size_t)sqlite3_column_int64(s, 5);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		pace_store_trend_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
		return pace_sq_fail(st, "cannot read performance_trends", err);
	}
	return 0;
}

void pace_store_trend_rows_free(struct pace_store_trend_row *r, size_t n)
{
	for (size_t i = 0; r && i < n; i++) {
		free(r[i].operation);
		free(r[i].variant);
	}
	free(r);
}
