/*
 * store_progress.c - how far a running run is (tests done of planned, the
 * runner's ETA), written by the recorder as the run goes and read by
 * /api/progress, the dashboard and `pace monitor` from other processes:
 * the store knows which tests have samples, but only the runner knows the
 * plan, so without this a watcher could not say how many tests are left.
 *
 * One row per run in run_progress, created on first use (CREATE TABLE IF
 * NOT EXISTS) rather than as a numbered migration, so that a history
 * written by an older pace is read as "progress unknown" and this table
 * does not collide with other schema work in flight (the PostgreSQL
 * backend); it belongs in the next migration once both are merged.  On a
 * backend without it (not SQLite) writing is a no-op and reading says
 * unknown: a watcher then shows what the results alone tell.
 */
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "store/store.h"

#define TABLE_SQL \
	"CREATE TABLE IF NOT EXISTS run_progress (" \
	" run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE," \
	" tests_done INTEGER NOT NULL, tests_planned INTEGER NOT NULL," \
	" eta_s REAL, updated_unix_ms INTEGER NOT NULL)"

static int fail(struct pace_store *st, sqlite3 *db, const char *what,
		struct pace_error *err)
{
	return pace_error_set(err, PACE_EIO, "store '%s': cannot %s the run's "
			      "progress: %s", pace_store_location(st), what,
			      sqlite3_errmsg(db));
}

int pace_store_run_progress(struct pace_store *st, const char *run_id,
			    const struct pace_store_progress *p,
			    struct pace_error *err)
{
	sqlite3 *db = pace_store_sqlite(st);
	sqlite3_stmt *s = NULL;
	int rc = 0;

	if (!db)
		return 0;
	if (sqlite3_exec(db, TABLE_SQL, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO run_progress (run_id, "
			       "tests_done, tests_planned, eta_s, updated_unix_ms) "
			       "VALUES (?1, ?2, ?3, ?4, ?5)", -1, &s, NULL) != SQLITE_OK)
		return fail(st, db, "record", err);
	sqlite3_bind_text(s, 1, run_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)p->tests_done);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)p->tests_planned);
	if (isfinite(p->eta_s) && p->eta_s >= 0)
		sqlite3_bind_double(s, 4, p->eta_s);
	else
		sqlite3_bind_null(s, 4);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)pace_unix_ms());
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = fail(st, db, "record", err);
	sqlite3_finalize(s);
	return rc;
}

int pace_store_get_progress(struct pace_store *st, const char *run_id,
			    struct pace_store_progress *out,
			    struct pace_error *err)
{
	sqlite3 *db = pace_store_sqlite(st);
	sqlite3_stmt *s = NULL;
	int rc = 0, step;

	memset(out, 0, sizeof(*out));
	out->eta_s = NAN;
	if (!db)
		return 0;
	if (sqlite3_prepare_v2(db, "SELECT tests_done, tests_planned, eta_s, "
			       "updated_unix_ms FROM run_progress WHERE run_id = ?1",
			       -1, &s, NULL) != SQLITE_OK) {
		/* No such table: a history no run of this pace wrote to yet. */
		if (strstr(sqlite3_errmsg(db), "no such table"))
			return 0;
		return fail(st, db, "read", err);
	}
	sqlite3_bind_text(s, 1, run_id, -1, SQLITE_TRANSIENT);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->known = true;
		out->tests_done = (size_t)sqlite3_column_int64(s, 0);
		out->tests_planned = (size_t)sqlite3_column_int64(s, 1);
		if (sqlite3_column_type(s, 2) != SQLITE_NULL)
			out->eta_s = sqlite3_column_double(s, 2);
		out->updated_unix_ms = sqlite3_column_int64(s, 3);
	} else if (step != SQLITE_DONE) {
		rc = fail(st, db, "read", err);
	}
	sqlite3_finalize(s);
	return rc;
}
