/*
 * store_analysis.c - SQL of the analysis tables seed 001 defines and the
 * schema (store_sqlite.c) creates: benchmark_patterns (one AgentDB pattern
 * per test x variant per run) and performance_trends (one row per
 * operation x variant x UTC day, merged as runs arrive, so a day's row is
 * the count-weighted mean of every sample of that day).  The figures a
 * search needs for normalising rewards (mean, peak RSS, CPU time) are read
 * back from the pattern's output JSON (here, with jansson: the SQL is the
 * same on SQLite and PostgreSQL), so the table stays exactly seed 001's
 * plus run_id.  A task glob is matched here too (fnmatch, as SQLite's
 * GLOB), since PostgreSQL has no GLOB.
 */
#include <fnmatch.h>
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "store/sqlite_priv.h"
#include "store/store_analysis.h"

static void bind_double(struct pace_sql_stmt *s, int i, double v)
{
	pace_sql_bind_double(s, i, v);
}

/* Steps a statement that returns no rows and finalizes it. */
static int step_done(struct pace_store *st, struct pace_sql_stmt *s, const char *what,
		     struct pace_error *err)
{
	(void)st;
	return pace_sql_run(s, what, err);
}

int pace_store_pattern_add(struct pace_store *st, const char *run_id,
			   const struct pace_pattern *p,
			   struct pace_error *err)
{
	struct pace_sql_stmt *s;
	int rc;

	rc = pace_sq_prepare(st,
		"INSERT INTO benchmark_patterns (session_id, task, input, "
		"output, reward, critique, latency_ms, success, created_at, "
		"run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
		&s, err);
	if (rc < 0)
		return rc;
	pace_sql_bind_text(s, 1, p->session_id);
	pace_sql_bind_text(s, 2, p->task);
	pace_sql_bind_text(s, 3, p->input);
	pace_sql_bind_text(s, 4, p->output);
	pace_sql_bind_double(s, 5, isfinite(p->reward) ? p->reward : 0.0);
	pace_sql_bind_text(s, 6, p->critique);
	bind_double(s, 7, p->latency_ms);
	pace_sql_bind_int64(s, 8, p->success);
	pace_sql_bind_int64(s, 9, p->created_unix_ms);
	if (run_id)
		pace_sql_bind_text(s, 10, run_id);
	else
		pace_sql_bind_null(s, 10);
	return step_done(st, s, "cannot store pattern", err);
}

/* A number of the output JSON, NaN when absent (json_extract's NULL). */
static double json_number(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

static void output_figures(struct pace_pattern *p)
{
	json_t *o = p->output ? json_loads(p->output, 0, NULL) : NULL;

	p->mean_ns = json_number(o, "mean_ns");
	p->peak_rss = json_number(o, "peak_rss");
	p->cpu_ns = json_number(o, "cpu_ns");
	json_decref(o);
}

static void pattern_of_row(struct pace_pattern *p, struct pace_sql_stmt *s)
{
	memset(p, 0, sizeof(*p));
	p->id = pace_sql_column_int64(s, 0);
	p->session_id = pace_sql_column_strdup(s, 1);
	p->task = pace_sql_column_strdup(s, 2);
	p->input = pace_sql_column_strdup(s, 3);
	p->output = pace_sql_column_strdup(s, 4);
	p->reward = pace_sql_column_double(s, 5);
	p->critique = pace_sql_column_strdup(s, 6);
	p->latency_ms = pace_sql_column_double(s, 7);
	p->success = (int)pace_sql_column_int64(s, 8) != 0;
	p->created_unix_ms = pace_sql_column_int64(s, 9);
	output_figures(p);
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
	struct pace_sql_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	const char *task = q->task ? q->task : "*";
	bool glob = !q->task || is_glob(q->task);

	rc = pace_sq_prepare(st,
		"SELECT id, session_id, task, input, output, reward, critique,"
		" latency_ms, success, created_at FROM benchmark_patterns"
		" WHERE reward >= ?1 AND (?2 = 0 OR success = CASE WHEN ?2 > 0"
		" THEN 1 ELSE 0 END)"
		" ORDER BY created_at DESC, id DESC", &s, err);
	if (rc < 0)
		return rc;
	pace_sql_bind_double(s, 1, isfinite(q->min_reward) ? q->min_reward
							  : -1.0);
	pace_sql_bind_int64(s, 2, q->only);
	while ((!q->k || *n < q->k) &&
	       (rc = pace_sql_step(s, "cannot search patterns", err)) == PACE_SQL_ROW) {
		const char *t = pace_sql_column_text(s, 2);

		if (glob ? fnmatch(task, t ? t : "", 0) : strcmp(task, t ? t : ""))
			continue;
		PACE_GROW(*out, alloc, *n + 1);
		pattern_of_row(&(*out)[(*n)++], s);
	}
	pace_sql_finalize(s);
	if (rc < 0) {
		pace_store_patterns_free(*out, *n);
		*out = NULL;
		*n = 0;
		return rc;
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

/* One statement of trends_add, bound to one day's figures. */
static int trend_step(struct pace_store *st, const char *sql, const char *operation,
		      const char *variant, const struct pace_daily *d,
		      struct pace_error *err)
{
	struct pace_sql_stmt *s;
	int rc = pace_sq_prepare(st, sql, &s, err);

	if (rc < 0)
		return rc;
	pace_sql_bind_text(s, 1, operation);
	pace_sql_bind_text(s, 2, variant);
	pace_sql_bind_text(s, 3, d->date);
	pace_sql_bind_double(s, 4, d->mean / 1e6);
	pace_sql_bind_double(s, 5, isfinite(d->mean_rss) ? d->mean_rss : -1.0);
	pace_sql_bind_int64(s, 6, (int64_t)d->count);
	return step_done(st, s, "cannot update performance_trends", err);
}

int pace_store_trends_add(struct pace_store *st, const char *operation,
			  const char *variant, const struct pace_daily *d,
			  size_t n, struct pace_error *err)
{
	static const char sql[] =
		"INSERT INTO performance_trends AS t (operation, vcs_type, date,"
		" avg_time_ms, avg_memory_bytes, sample_count)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
		" ON CONFLICT (operation, vcs_type, date) DO UPDATE SET"
		/* The old row's columns qualified: PostgreSQL finds the bare
		 * names ambiguous with excluded's. */
		" avg_time_ms = (t.avg_time_ms * t.sample_count + excluded.avg_time_ms"
		"  * excluded.sample_count) / (t.sample_count + excluded.sample_count),"
		" avg_memory_bytes = CASE WHEN excluded.avg_memory_bytes < 0"
		"  THEN t.avg_memory_bytes WHEN t.avg_memory_bytes < 0"
		"  THEN excluded.avg_memory_bytes ELSE (t.avg_memory_bytes *"
		"  t.sample_count + excluded.avg_memory_bytes * excluded.sample_count)"
		"  / (t.sample_count + excluded.sample_count) END,"
		" sample_count = t.sample_count + excluded.sample_count";
	/* Old SQLite (pace_sql_has_upsert): a day not there yet is inserted
	 * with the figures; one there is merged by trend_merge below. */
	static const char old_sql[] =
		"INSERT OR IGNORE INTO performance_trends (operation, vcs_type, date,"
		" avg_time_ms, avg_memory_bytes, sample_count)"
		" VALUES (?1, ?2, ?3, ?4, ?5, 0)";
	static const char old_merge[] =
		"UPDATE performance_trends SET avg_time_ms = (avg_time_ms *"
		" sample_count + ?4 * ?6) / (sample_count + ?6),"
		" avg_memory_bytes = CASE WHEN ?5 < 0 THEN avg_memory_bytes"
		"  WHEN avg_memory_bytes < 0 THEN ?5 ELSE (avg_memory_bytes *"
		"  sample_count + ?5 * ?6) / (sample_count + ?6) END,"
		" sample_count = sample_count + ?6"
		" WHERE operation = ?1 AND vcs_type = ?2 AND date = ?3";
	bool upsert = pace_sql_has_upsert(pace_store_sql(st));
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		if (d[i].count == 0)
			continue;
		rc = trend_step(st, upsert ? sql : old_sql, operation, variant, &d[i], err);
		if (!rc && !upsert)
			rc = trend_step(st, old_merge, operation, variant, &d[i], err);
	}
	return rc;
}

int pace_store_trends_list(struct pace_store *st, const char *operation,
			   const char *variant,
			   struct pace_store_trend_row **out, size_t *n,
			   struct pace_error *err)
{
	struct pace_sql_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = pace_sq_prepare(st,
		"SELECT operation, vcs_type, date, avg_time_ms,"
		" avg_memory_bytes, sample_count FROM performance_trends"
		" WHERE (CAST(?1 AS TEXT) IS NULL OR operation = ?1)"
		" AND (CAST(?2 AS TEXT) IS NULL OR vcs_type = ?2)"
		" ORDER BY operation, vcs_type, date", &s, err);
	if (rc < 0)
		return rc;
	if (operation)
		pace_sql_bind_text(s, 1, operation);
	if (variant)
		pace_sql_bind_text(s, 2, variant);
	while ((rc = pace_sql_step(s, "cannot read performance_trends", err)) ==
	       PACE_SQL_ROW) {
		struct pace_store_trend_row *r;
		const char *date = pace_sql_column_text(s, 2);

		PACE_GROW(*out, alloc, *n + 1);
		r = &(*out)[(*n)++];
		memset(r, 0, sizeof(*r));
		r->operation = pace_sql_column_strdup(s, 0);
		r->variant = pace_sql_column_strdup(s, 1);
		snprintf(r->date, sizeof(r->date), "%s",
			 date ? (const char *)date : "");
		r->avg_time_ms = pace_sql_column_double(s, 3);
		r->avg_memory_bytes = pace_sql_column_double(s, 4);
		r->sample_count = (size_t)pace_sql_column_int64(s, 5);
	}
	pace_sql_finalize(s);
	if (rc < 0) {
		pace_store_trend_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
		return rc;
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

/* ---- benchmark_results, reports, recommendations ------------------------- */

int pace_store_bench_row_add(struct pace_store *st,
			     const struct pace_store_bench_row *row,
			     struct pace_error *err)
{
	struct pace_sql_stmt *s;
	int rc = pace_sq_prepare(st,
		"INSERT INTO benchmark_results (test_id, run_id, timestamp, vcs_type,"
		" operation, repo_size, execution_time_ms, cpu_user_ms, cpu_system_ms,"
		" memory_peak_bytes, io_read_ops, io_write_ops, disk_delta_bytes, success,"
		" exit_code, retry_count, reward) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		" ?, ?, ?, ?, ?, ?)", &s, err);

	if (rc < 0)
		return rc;
	pace_sql_bind_text(s, 1, row->test_id);
	pace_sql_bind_text(s, 2, row->run_id);
	pace_sql_bind_int64(s, 3, row->timestamp);
	pace_sql_bind_text(s, 4, row->vcs_type);
	pace_sql_bind_text(s, 5, row->operation);
	pace_sql_bind_text(s, 6, row->repo_size);
	/* NOT NULL columns: an unknown figure is 0 (the seed's schema has
	 * no NULL for them); -1 from the probe means unknown too. */
	pace_sql_bind_double(s, 7, isfinite(row->execution_time_ms) ? row->execution_time_ms : 0);
	pace_sql_bind_double(s, 8, isfinite(row->cpu_user_ms) ? row->cpu_user_ms : 0);
	pace_sql_bind_double(s, 9, isfinite(row->cpu_system_ms) ? row->cpu_system_ms : 0);
	pace_sql_bind_int64(s, 10, row->memory_peak_bytes);
	pace_sql_bind_int64(s, 11, row->io_read_ops);
	pace_sql_bind_int64(s, 12, row->io_write_ops);
	pace_sql_bind_int64(s, 13, row->disk_delta_bytes);
	pace_sql_bind_int64(s, 14, row->success);
	pace_sql_bind_int64(s, 15, row->exit_code);
	pace_sql_bind_int64(s, 16, row->retry_count);
	pace_sql_bind_double(s, 17, isfinite(row->reward) ? row->reward : 0);
	return step_done(st, s, "cannot store benchmark_results", err);
}

int pace_store_report_add(struct pace_store *st, const char *run_id,
			  const char *kind, const char *body, int64_t *id,
			  struct pace_error *err)
{
	struct pace_sql_stmt *s;
	char now[32];
	bool upsert = pace_sql_has_upsert(pace_store_sql(st));
	int rc = pace_sq_prepare(st, upsert ? "INSERT INTO reports (run_id, kind, created,"
				 " body) VALUES (?, ?, ?, ?) RETURNING id"
				 : "INSERT INTO reports (run_id, kind, created, body)"
				 " VALUES (?, ?, ?, ?)", &s, err);

	if (rc < 0)
		return rc;
	pace_iso8601_now(now);
	pace_sql_bind_text(s, 1, run_id);
	pace_sql_bind_text(s, 2, kind);
	pace_sql_bind_text(s, 3, now);
	pace_sql_bind_text(s, 4, body ? body : "");
	rc = pace_sql_step(s, "cannot store a report", err);
	if (rc == PACE_SQL_ROW)
		*id = pace_sql_column_int64(s, 0);
	pace_sql_finalize(s);
	if (rc >= 0 && !upsert) { /* old SQLite: no RETURNING */
		if ((rc = pace_sq_prepare(st, "SELECT last_insert_rowid()", &s, err)))
			return rc;
		rc = pace_sql_step(s, "cannot store a report", err);
		if (rc == PACE_SQL_ROW)
			*id = pace_sql_column_int64(s, 0);
		pace_sql_finalize(s);
	}
	return rc < 0 ? rc : 0;
}

int pace_store_recommendation_add(struct pace_store *st, const char *run_id,
				  int64_t report_id,
				  const struct pace_store_rec_row *rec,
				  struct pace_error *err)
{
	struct pace_sql_stmt *s;
	char rid[24];
	int rc = pace_sq_prepare(st, "INSERT INTO recommendations (report_id, priority,"
		" category, title, description, expected_impact, created_at, run_id)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?)", &s, err);

	if (rc < 0)
		return rc;
	snprintf(rid, sizeof(rid), "%lld", (long long)report_id);
	pace_sql_bind_text(s, 1, rid);
	pace_sql_bind_text(s, 2, rec->priority);
	pace_sql_bind_text(s, 3, rec->category ? rec->category : "");
	pace_sql_bind_text(s, 4, rec->title ? rec->title : "");
	pace_sql_bind_text(s, 5, rec->description ? rec->description : "");
	pace_sql_bind_double(s, 6, rec->expected_impact);
	pace_sql_bind_int64(s, 7, rec->created_at);
	pace_sql_bind_text(s, 8, run_id);
	return step_done(st, s, "cannot store a recommendation", err);
}
