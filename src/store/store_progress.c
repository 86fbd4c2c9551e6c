/*
 * store_progress.c - how far a running run is (tests done of planned, the
 * runner's ETA), written by the recorder as the run goes and read by
 * /api/progress, the dashboard and `pace monitor` from other processes:
 * the store knows which tests have samples, but only the runner knows the
 * plan, so without this a watcher could not say how many tests are left.
 *
 * One row per run in run_progress (migration 8, store_sqlite.c), through
 * sql.h, so SQLite and PostgreSQL histories both have it.  A run with no
 * row (written by an older pace) reads as "progress unknown".
 */
#include <math.h>
#include <string.h>

#include "store/sqlite_priv.h"

/* The row replaced in one statement: an upsert where the database knows
 * it, else SQLite's INSERT OR REPLACE (SQLCipher's SQLite 3.15). */
static int prepare_write(struct pace_store *st, struct pace_sql_stmt **s,
			 struct pace_error *err)
{
	return pace_sq_prepare(st, pace_sql_has_upsert(pace_store_sql(st))
		? "INSERT INTO run_progress (run_id, tests_done, tests_planned,"
		  " eta_s, updated_unix_ms) VALUES (?1, ?2, ?3, ?4, ?5)"
		  " ON CONFLICT (run_id) DO UPDATE SET tests_done ="
		  " excluded.tests_done, tests_planned = excluded.tests_planned,"
		  " eta_s = excluded.eta_s, updated_unix_ms = excluded.updated_unix_ms"
		: "INSERT OR REPLACE INTO run_progress (run_id, tests_done,"
		  " tests_planned, eta_s, updated_unix_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
		s, err);
}

int pace_store_run_progress(struct pace_store *st, const char *run_id,
			    const struct pace_store_progress *p,
			    struct pace_error *err)
{
	struct pace_sql_stmt *s = NULL;
	int rc = prepare_write(st, &s, err);

	if (rc)
		return rc;
	pace_sql_bind_text(s, 1, run_id);
	pace_sql_bind_int64(s, 2, (int64_t)p->tests_done);
	pace_sql_bind_int64(s, 3, (int64_t)p->tests_planned);
	if (isfinite(p->eta_s) && p->eta_s >= 0)
		pace_sql_bind_double(s, 4, p->eta_s);
	else
		pace_sql_bind_null(s, 4);
	pace_sql_bind_int64(s, 5, pace_unix_ms());
	return pace_sql_run(s, "cannot record the run's progress", err);
}

int pace_store_get_progress(struct pace_store *st, const char *run_id,
			    struct pace_store_progress *out,
			    struct pace_error *err)
{
	struct pace_sql_stmt *s = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	out->eta_s = NAN;
	rc = pace_sq_prepare(st, "SELECT tests_done, tests_planned, eta_s,"
			     " updated_unix_ms FROM run_progress WHERE run_id = ?1",
			     &s, err);
	if (rc)
		return rc;
	pace_sql_bind_text(s, 1, run_id);
	rc = pace_sql_step(s, "cannot read the run's progress", err);
	if (rc == PACE_SQL_ROW) {
		out->known = true;
		out->tests_done = (size_t)pace_sql_column_int64(s, 0);
		out->tests_planned = (size_t)pace_sql_column_int64(s, 1);
		out->eta_s = pace_sql_column_double(s, 2); /* NaN for NULL */
		out->updated_unix_ms = pace_sql_column_int64(s, 3);
	}
	pace_sql_finalize(s);
	return rc < 0 ? rc : 0;
}
