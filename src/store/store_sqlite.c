/*
 * store_sqlite.c - the history store's SQL backend, on SQLite or
 * PostgreSQL alike through sql.h (the file keeps its first name): the
 * versioned schema and its migrations (written once, in SQLite's words;
 * sql_pg.c translates them), marking runs of dead processes interrupted,
 * and the writes of a run in progress.  Reads are in store_sqlite_read.c.
 *
 * Every write is in a transaction.  On SQLite it is BEGIN IMMEDIATE: it
 * takes the write lock up front, so a writer waits in the busy handler
 * instead of failing when it would have had to upgrade a read lock another
 * writer blocks.  On PostgreSQL, writers of many machines run at once:
 * rows are keyed so that none is written by two runs except a test's row
 * (an upsert, which waits for the other transaction), and migrations
 * take an advisory lock.
 */
#include <assert.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <unistd.h>

#include "store/sqlite_priv.h"

/* Migration i takes the schema version (SQLite's PRAGMA user_version) i
 * to i + 1.  Never edit one that was released: add the next.  Write them
 * in SQL both databases accept (sql.h: SQLite's type words are translated
 * for PostgreSQL; no PRAGMA, no SQLite-only functions). */
const char *const pace_store_sqlite_migrations[PACE_STORE_SCHEMA_VERSION] = {
	/* 1: seed 001's tables (its inline INDEX clauses as CREATE INDEX). */
	"CREATE TABLE benchmark_results ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT, test_id TEXT NOT NULL,"
	" run_id TEXT NOT NULL, timestamp INTEGER NOT NULL, vcs_type TEXT NOT NULL,"
	" operation TEXT NOT NULL, repo_size TEXT NOT NULL,"
	" execution_time_ms REAL NOT NULL, cpu_user_ms REAL NOT NULL,"
	" cpu_system_ms REAL NOT NULL, memory_peak_bytes INTEGER NOT NULL,"
	" io_read_ops INTEGER NOT NULL, io_write_ops INTEGER NOT NULL,"
	" disk_delta_bytes INTEGER NOT NULL, success INTEGER NOT NULL,"
	" exit_code INTEGER NOT NULL, retry_count INTEGER NOT NULL,"
	" reward REAL NOT NULL);"
	"CREATE INDEX idx_vcs_operation ON benchmark_results(vcs_type, operation);"
	"CREATE INDEX idx_timestamp ON benchmark_results(timestamp);"
	"CREATE INDEX idx_success ON benchmark_results(success);"
	"CREATE TABLE benchmark_patterns ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL,"
	" task TEXT NOT NULL, input TEXT NOT NULL, output TEXT NOT NULL,"
	" reward REAL NOT NULL, critique TEXT, latency_ms REAL,"
	" success INTEGER NOT NULL, created_at INTEGER NOT NULL);"
	"CREATE INDEX idx_task ON benchmark_patterns(task);"
	"CREATE INDEX idx_reward ON benchmark_patterns(reward);"
	"CREATE INDEX idx_created_at ON benchmark_patterns(created_at);"
	"CREATE TABLE performance_trends ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT, operation TEXT NOT NULL,"
	" vcs_type TEXT NOT NULL, date TEXT NOT NULL, avg_time_ms REAL NOT NULL,"
	" avg_memory_bytes REAL NOT NULL, sample_count INTEGER NOT NULL);"
	"CREATE INDEX idx_operation_vcs ON performance_trends(operation, vcs_type);"
	"CREATE INDEX idx_date ON performance_trends(date);"
	"CREATE TABLE recommendations ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT, report_id TEXT NOT NULL,"
	" priority TEXT NOT NULL, category TEXT NOT NULL, title TEXT NOT NULL,"
	" description TEXT NOT NULL, expected_impact REAL NOT NULL,"
	" created_at INTEGER NOT NULL);"
	"CREATE INDEX idx_report ON recommendations(report_id);"
	"CREATE INDEX idx_priority ON recommendations(priority);",

	/* 2: the history proper. */
	"CREATE TABLE runs ("
	" id TEXT PRIMARY KEY, started TEXT NOT NULL,"
	" started_unix_ms INTEGER NOT NULL, ended TEXT, ended_unix_ms INTEGER,"
	" status TEXT NOT NULL DEFAULT 'running'"
	"  CHECK (status IN ('running', 'complete', 'interrupted')),"
	" config_json TEXT NOT NULL DEFAULT '{}', env_json TEXT NOT NULL DEFAULT '{}',"
	" git_commit TEXT, hostname TEXT NOT NULL, pid INTEGER NOT NULL,"
	" command_line TEXT);"
	"CREATE INDEX runs_started ON runs(started_unix_ms);"
	"CREATE TABLE tests ("
	" id INTEGER PRIMARY KEY, suite TEXT NOT NULL, test_id TEXT NOT NULL,"
	" name TEXT, category TEXT, description TEXT, UNIQUE (suite, test_id));"
	"CREATE TABLE results ("
	" id INTEGER PRIMARY KEY,"
	" run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	" test INTEGER NOT NULL REFERENCES tests(id), variant TEXT NOT NULL,"
	" ord INTEGER NOT NULL, test_json TEXT NOT NULL,"
	" nsamples INTEGER NOT NULL DEFAULT 0,"
	" n INTEGER, nfailed INTEGER, first_fail INTEGER, failure TEXT,"
	" output_snippet TEXT, skipped TEXT, stop_reason TEXT,"
	" mean REAL, sd REAL, median REAL, min REAL, max REAL, q1 REAL, q3 REAL,"
	" ci_lo REAL, ci_hi REAL, user_mean REAL, sys_mean REAL, rss_mean REAL,"
	" peak_rss INTEGER, UNIQUE (run_id, test, variant));"
	"CREATE INDEX results_test ON results(test, variant);"
	"CREATE TABLE samples ("
	" result INTEGER NOT NULL REFERENCES results(id) ON DELETE CASCADE,"
	" seq INTEGER NOT NULL, wall_ns INTEGER, iterations INTEGER,"
	" user_ns INTEGER, sys_ns INTEGER, max_rss INTEGER, minflt INTEGER,"
	" majflt INTEGER, nvcsw INTEGER, nivcsw INTEGER, read_bytes INTEGER,"
	" write_bytes INTEGER, rchar INTEGER, wchar INTEGER, syscr INTEGER,"
	" syscw INTEGER, stdout_bytes INTEGER, stderr_bytes INTEGER,"
	" started_unix_ms INTEGER, exit_code INTEGER, signal INTEGER,"
	" spawn_errno INTEGER, timed_out INTEGER, output_overflow INTEGER,"
	" leftover INTEGER, retries INTEGER, fail INTEGER,"
	" PRIMARY KEY (result, seq)) WITHOUT ROWID;"
	"CREATE TABLE baselines ("
	" name TEXT PRIMARY KEY,"
	" run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	" created TEXT NOT NULL);"
	"CREATE TABLE reports ("
	" id INTEGER PRIMARY KEY,"
	" run_id TEXT REFERENCES runs(id) ON DELETE CASCADE,"
	" kind TEXT NOT NULL, created TEXT NOT NULL, body TEXT NOT NULL);"
	"CREATE INDEX reports_run ON reports(run_id);",

	/* 3: links from the analysis tables to runs; one trend row per day. */
	"ALTER TABLE benchmark_patterns ADD COLUMN run_id TEXT"
	" REFERENCES runs(id) ON DELETE SET NULL;"
	"CREATE INDEX patterns_run ON benchmark_patterns(run_id);"
	"CREATE UNIQUE INDEX trends_day ON performance_trends(operation, vcs_type, date);"
	"ALTER TABLE recommendations ADD COLUMN run_id TEXT"
	" REFERENCES runs(id) ON DELETE SET NULL;",

	/* 4: what an in-process target measured besides time (timer,
	 * throughput, counters), so its reports can be written again. */
	"ALTER TABLE results ADD COLUMN inproc_json TEXT;",

	/* 5: the run group of CI shards (pace run --shard K/N): the shards
	 * of one run share run_group, and each says which part it ran. */
	"ALTER TABLE runs ADD COLUMN run_group TEXT;"
	"ALTER TABLE runs ADD COLUMN shard TEXT;"
	"CREATE INDEX runs_group ON runs(run_group);",

	/* 6: the change points of each test x variant's history (E-divisive
	 * means, analyze/changes.c), replaced whenever they are computed
	 * again.  Portable SQL: PostgreSQL runs the same text. */
	"CREATE TABLE change_points ("
	" suite TEXT NOT NULL, test_id TEXT NOT NULL, variant TEXT NOT NULL,"
	" run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	" position INTEGER NOT NULL, history_runs INTEGER NOT NULL,"
	" before_mean DOUBLE PRECISION, before_lo DOUBLE PRECISION,"
	" before_hi DOUBLE PRECISION, after_mean DOUBLE PRECISION,"
	" after_lo DOUBLE PRECISION, after_hi DOUBLE PRECISION,"
	" change DOUBLE PRECISION, statistic DOUBLE PRECISION NOT NULL,"
	" p_value DOUBLE PRECISION NOT NULL, alpha DOUBLE PRECISION NOT NULL,"
	" permutations INTEGER NOT NULL, meaningful INTEGER NOT NULL,"
	" computed_unix_ms BIGINT NOT NULL,"
	" PRIMARY KEY (suite, test_id, variant, run_id));"
	"CREATE INDEX change_points_run ON change_points(run_id);",

	/* 7: instructions counted under valgrind (--measure instructions);
	 * NULL in rows written before, read back as -1 (not counted). */
	"ALTER TABLE samples ADD COLUMN instructions INTEGER;"
	/* perf_event_open counters (NULL: not counted), in enum pace_perf's
	 * order; a result's counters note, time series and profile. */
	"ALTER TABLE samples ADD COLUMN perf_task_clock INTEGER;"
	"ALTER TABLE samples ADD COLUMN perf_page_faults INTEGER;"
	"ALTER TABLE samples ADD COLUMN perf_context_switches INTEGER;"
	"ALTER TABLE samples ADD COLUMN perf_cpu_migrations INTEGER;"
	"ALTER TABLE samples ADD COLUMN perf_cycles INTEGER;"
	"ALTER TABLE samples ADD COLUMN perf_instructions INTEGER;"
	"ALTER TABLE samples ADD COLUMN perf_branches INTEGER;"
	"ALTER TABLE samples ADD COLUMN perf_branch_misses INTEGER;"
	"ALTER TABLE samples ADD COLUMN perf_cache_misses INTEGER;"
	"ALTER TABLE samples ADD COLUMN env_pad INTEGER;"
	"ALTER TABLE samples ADD COLUMN disk_bytes_delta INTEGER;"
	"ALTER TABLE samples ADD COLUMN disk_inodes_delta INTEGER;"
	"ALTER TABLE results ADD COLUMN measure_json TEXT;",

	/* 8: how far a running run is (store_progress.c), one row per run.
	 * IF NOT EXISTS: pace before this migration created the table on
	 * first use in SQLite histories at version 7. */
	"CREATE TABLE IF NOT EXISTS run_progress ("
	" run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,"
	" tests_done INTEGER NOT NULL, tests_planned INTEGER NOT NULL,"
	" eta_s REAL, updated_unix_ms INTEGER NOT NULL);",
};

/* ---- small helpers -------------------------------------------------------- */

int pace_sq_fail(struct pace_store *st, const char *what, struct pace_error *err)
{
	return pace_sql_fail(sq_of(st)->db, what, err);
}

int pace_sq_prepare(struct pace_store *st, const char *sql, struct pace_sql_stmt **out,
		    struct pace_error *err)
{
	return pace_sql_prepare(sq_of(st)->db, sql, out, err);
}

/* Runs a prepared statement to completion and finalizes it. */
static int step_done(struct pace_store *st, struct pace_sql_stmt *s, const char *what,
		     struct pace_error *err)
{
	(void)st;
	return pace_sql_run(s, what, err);
}

/* The one row a statement returns (RETURNING id): its first column. */
static int step_id(struct pace_sql_stmt *s, int64_t *id, const char *what,
		   struct pace_error *err)
{
	int rc = pace_sql_step(s, what, err);

	if (rc == PACE_SQL_ROW)
		*id = pace_sql_column_int64(s, 0);
	else if (rc == PACE_SQL_DONE)
		rc = pace_error_set(err, PACE_EIO, "%s: no row returned", what);
	pace_sql_finalize(s);
	return rc < 0 ? rc : 0;
}

static void bind_text(struct pace_sql_stmt *s, int i, const char *t)
{
	pace_sql_bind_text(s, i, t);
}

static void bind_double(struct pace_sql_stmt *s, int i, double v)
{
	pace_sql_bind_double(s, i, v);
}

/* ---- transactions ---------------------------------------------------------- */

static int sq_begin(struct pace_store *st, struct pace_error *err)
{
	int rc;

	assert(!sq_of(st)->in_tx);
	if ((rc = pace_sql_begin(sq_of(st)->db, err)))
		return rc;
	sq_of(st)->in_tx = true;
	return 0;
}

static int sq_commit(struct pace_store *st, struct pace_error *err)
{
	sq_of(st)->in_tx = false;
	return pace_sql_commit(sq_of(st)->db, err);
}

static void sq_rollback(struct pace_store *st)
{
	sq_of(st)->in_tx = false;
	pace_sql_rollback(sq_of(st)->db);
}

/* Opens a transaction for one write unless the caller holds one; `own`
 * says whether to commit it in tx_end. */
static int tx_start(struct pace_store *st, bool *own, struct pace_error *err)
{
	*own = !sq_of(st)->in_tx;
	return *own ? sq_begin(st, err) : 0;
}

static int tx_end(struct pace_store *st, bool own, int rc, struct pace_error *err)
{
	if (!own)
		return rc;
	if (rc) {
		sq_rollback(st);
		return rc;
	}
	return sq_commit(st, err);
}

/* ---- schema ---------------------------------------------------------------- */

static int migrate_locked(struct pace_store *st, int target, struct pace_error *err)
{
	struct pace_sql *db = sq_of(st)->db;
	int v, rc = pace_sql_lock_schema(db, err);

	if (!rc)
		rc = pace_sql_get_version(db, &v, err);
	if (rc)
		return rc;
	if (v > PACE_STORE_SCHEMA_VERSION)
		return pace_error_set(err, PACE_EUSAGE, "store '%s' has schema version %d; "
				      "this pace knows up to %d: upgrade pace",
				      st->location, v, PACE_STORE_SCHEMA_VERSION);
	for (; v < target && !rc; v++) {
		rc = pace_sql_exec_ddl(db, pace_store_sqlite_migrations[v],
				       "cannot migrate the schema", err);
		if (!rc)
			rc = pace_sql_set_version(db, v + 1, err);
	}
	return rc;
}

/* Brings the schema to `target` in one transaction, so that two processes
 * opening a new store at once do not both migrate it. */
static int migrate(struct pace_store *st, int target, struct pace_error *err)
{
	int v, rc = pace_sql_get_version(sq_of(st)->db, &v, err);

	if (rc || v == target)
		return rc;
	rc = sq_begin(st, err);
	if (!rc)
		rc = tx_end(st, true, migrate_locked(st, target, err), err);
	return rc;
}

/* ---- runs of dead processes ------------------------------------------------ */

static bool pid_alive(long pid)
{
	return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

/* Marks one run interrupted, ending at its last sample's start (the ISO
 * text made here: the SQL is the same on every backend). */
static int mark_interrupted(struct pace_store *st, const char *id, int64_t end_ms,
			    struct pace_error *err)
{
	struct pace_sql_stmt *u;
	char ended[32];
	int rc = pace_sq_prepare(st, "UPDATE runs SET status = 'interrupted',"
		" ended_unix_ms = ?, ended = ? WHERE id = ? AND status = 'running'", &u, err);

	if (rc)
		return rc;
	pace_iso8601(ended, end_ms);
	pace_sql_bind_int64(u, 1, end_ms);
	bind_text(u, 2, ended);
	bind_text(u, 3, id);
	return step_done(st, u, "cannot mark a dead run interrupted", err);
}

/* A run still "running" whose process is gone from this host was killed
 * (kill -9, a crash): it is interrupted.  The ids are collected first so
 * that no read is open when the write starts (a read upgraded to a write
 * could fail at once instead of waiting for a busy writer). */
static int recover_dead_runs(struct pace_store *st, struct pace_error *err)
{
	struct pace_strvec dead = PACE_STRVEC_INIT;
	int64_t *ends = NULL;
	size_t alloc = 0;
	char host[256] = "";
	struct pace_sql_stmt *s;
	int rc;

	gethostname(host, sizeof(host) - 1);
	rc = pace_sq_prepare(st, "SELECT r.id, r.pid, coalesce((SELECT"
		" max(x.started_unix_ms) FROM samples x JOIN results y ON x.result = y.id"
		" WHERE y.run_id = r.id), r.started_unix_ms) FROM runs r"
		" WHERE r.status = 'running' AND r.hostname = ?", &s, err);
	if (rc)
		return rc;
	bind_text(s, 1, host);
	while ((rc = pace_sql_step(s, "cannot look for dead runs", err)) == PACE_SQL_ROW)
		if (!pid_alive((long)pace_sql_column_int64(s, 1))) {
			PACE_GROW(ends, alloc, dead.n + 1);
			ends[dead.n] = pace_sql_column_int64(s, 2);
			pace_strvec_push(&dead, pace_sql_column_text(s, 0));
		}
	pace_sql_finalize(s);
	for (size_t i = 0; i < dead.n && !rc; i++)
		rc = mark_interrupted(st, dead.v[i], ends[i], err);
	pace_strvec_release(&dead);
	free(ends);
	return rc;
}

/* ---- open / close ------------------------------------------------------------ */

static int make_parent(const char *path, struct pace_error *err)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int rc;

	if (!slash || slash == path)
		return 0;
	dir = pace_xstrndup(path, (size_t)(slash - path));
	rc = pace_mkdirs(dir, err);
	free(dir);
	return rc;
}

static void sq_close(struct pace_store *st)
{
	struct sq *q = sq_of(st);

	if (!q)
		return;
	if (q->in_tx)
		sq_rollback(st);
	pace_sql_finalize(q->ins_sample);
	pace_sql_close(q->db);
	free(q->result_ids);
	free(q);
	st->impl = NULL;
}

/* Brings a connected store to schema version `target` (tests build
 * earlier versions) and, at the current one, recovers dead runs. */
static int open_at(struct pace_store *st, struct pace_sql *db, int target,
		   struct pace_error *err)
{
	struct sq *q = pace_xcalloc(1, sizeof(*q));
	int rc;

	q->db = db;
	st->impl = q;
	st->ops = &pace_sq_ops;
	rc = migrate(st, target, err);
	if (!rc && target == PACE_STORE_SCHEMA_VERSION)
		rc = recover_dead_runs(st, err);
	return rc;
}

static int connect_to(const char *location, const char *key, struct pace_sql **db,
		      struct pace_error *err)
{
	int rc;

	if (pace_store_is_pg(location))
		return pace_sql_open_pg(db, location, err);
	rc = make_parent(location, err);
	return rc ? rc : pace_sql_open_sqlite(db, location, key, err);
}

int pace_store_sql_open(struct pace_store *st, const char *location,
			const char *key, struct pace_error *err)
{
	struct pace_sql *db;
	int rc = connect_to(location, key, &db, err);

	if (rc)
		return rc;
	/* Messages and listings name the store without its password. */
	free(st->location);
	st->location = pace_xstrdup(pace_sql_label(db));
	rc = open_at(st, db, PACE_STORE_SCHEMA_VERSION, err);
	if (rc) {
		sq_close(st);
		st->ops = NULL;
	}
	return rc;
}

/* For tests: creates (or migrates) the store at `location` to schema
 * `version` only, then closes it. */
int pace_store_sqlite_open_version(const char *path, int version,
				   struct pace_error *err)
{
	struct pace_store st = {.location = (char *)path};
	struct pace_sql *db;
	int rc;

	assert(version >= 0 && version <= PACE_STORE_SCHEMA_VERSION);
	rc = connect_to(path, NULL, &db, err);
	if (rc)
		return rc;
	rc = open_at(&st, db, version, err);
	sq_close(&st);
	return rc;
}

/* ---- writing a run ------------------------------------------------------------ */

static int sq_run_begin(struct pace_store *st, const struct pace_run *run,
			const struct pace_store_run_meta *meta, struct pace_error *err)
{
	char host[256] = "";
	char *env = pace_store_env_json(&run->env);
	struct pace_sql_stmt *s;
	int rc;

	gethostname(host, sizeof(host) - 1);
	rc = pace_sq_prepare(st, "INSERT INTO runs (id, started, started_unix_ms,"
			     " status, config_json, env_json, git_commit, hostname, pid,"
			     " command_line, run_group, shard)"
			     " VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)",
			     &s, err);
	if (!rc) {
		bind_text(s, 1, run->id);
		bind_text(s, 2, run->started);
		pace_sql_bind_int64(s, 3, run->started_unix_ms);
		bind_text(s, 4, meta->config_json ? meta->config_json : "{}");
		bind_text(s, 5, env);
		bind_text(s, 6, meta->git_commit);
		bind_text(s, 7, host);
		pace_sql_bind_int64(s, 8, (int64_t)getpid());
		bind_text(s, 9, meta->command_line);
		bind_text(s, 10, meta->run_group);
		bind_text(s, 11, meta->shard);
		rc = step_done(st, s, "cannot record the run", err);
	}
	free(env);
	return rc;
}

/* The tests row of t (created or refreshed). */
/* Without upserts (old SQLite, see pace_sql_has_upsert): `insert` (OR
 * IGNORE), then `update`, then `select` the id, all bound alike by bind
 * (a parameter a statement lacks is ignored by SQLite); the caller's
 * transaction makes the three one. */
static int upsert_old(struct pace_store *st, const char *insert, const char *update,
		      const char *select, void (*bind)(struct pace_sql_stmt *, const void *),
		      const void *data, int64_t *id, const char *what,
		      struct pace_error *err)
{
	const char *sql[] = {insert, update, select};
	int rc = 0;

	for (size_t i = 0; i < PACE_ARRAY_SIZE(sql) && !rc; i++) {
		struct pace_sql_stmt *s;

		if ((rc = pace_sq_prepare(st, sql[i], &s, err)))
			break;
		bind(s, data);
		rc = i < 2 ? step_done(st, s, what, err) : step_id(s, id, what, err);
	}
	return rc;
}

static void bind_test(struct pace_sql_stmt *s, const void *data)
{
	const struct pace_test *t = data;

	bind_text(s, 1, t->suite ? t->suite : "");
	bind_text(s, 2, t->id);
	bind_text(s, 3, t->name);
	bind_text(s, 4, t->category);
	bind_text(s, 5, t->description);
}

static int test_row(struct pace_store *st, const struct pace_test *t, int64_t *id,
		    struct pace_error *err)
{
	struct pace_sql_stmt *s;
	int rc;

	if (!pace_sql_has_upsert(sq_of(st)->db))
		return upsert_old(st, "INSERT OR IGNORE INTO tests (suite, test_id, name,"
			" category, description) VALUES (?1, ?2, ?3, ?4, ?5)",
			"UPDATE tests SET name = ?3, category = ?4, description = ?5"
			" WHERE suite = ?1 AND test_id = ?2",
			"SELECT id FROM tests WHERE suite = ?1 AND test_id = ?2", bind_test, t, id,
			"cannot record a test", err);
	rc = pace_sq_prepare(st, "INSERT INTO tests (suite, test_id, name, category,"
		" description) VALUES (?, ?, ?, ?, ?) ON CONFLICT (suite, test_id) DO UPDATE"
		" SET name = excluded.name, category = excluded.category,"
		" description = excluded.description RETURNING id", &s, err);
	if (rc)
		return rc;
	bind_test(s, t);
	return step_id(s, id, "cannot record a test", err);
}

struct result_key {
	const char *run_id, *variant;
	int64_t test, ord;
	char *json;
};

static void bind_result(struct pace_sql_stmt *s, const void *data)
{
	const struct result_key *k = data;

	bind_text(s, 1, k->run_id);
	pace_sql_bind_int64(s, 2, k->test);
	bind_text(s, 3, k->variant);
	pace_sql_bind_int64(s, 4, k->ord);
	bind_text(s, 5, k->json);
}

static int insert_result(struct pace_store *st, const char *run_id,
			 const struct pace_result *r, size_t ord, int64_t *id,
			 struct pace_error *err)
{
	struct result_key k = {run_id, r->variant->name, 0, (int64_t)ord,
			       pace_store_test_json(r->test, r->variant, r->executor)};
	struct pace_sql_stmt *s;
	int rc = test_row(st, r->test, &k.test, err);

	if (!rc && !pace_sql_has_upsert(sq_of(st)->db))
		rc = upsert_old(st, "INSERT OR IGNORE INTO results (run_id, test, variant,"
			" ord, test_json) VALUES (?1, ?2, ?3, ?4, ?5)",
			"UPDATE results SET ord = ?4 WHERE run_id = ?1 AND test = ?2"
			" AND variant = ?3",
			"SELECT id FROM results WHERE run_id = ?1 AND test = ?2"
			" AND variant = ?3", bind_result, &k, id,
			"cannot record a result", err);
	else if (!rc && !(rc = pace_sq_prepare(st, "INSERT INTO results (run_id, test,"
			" variant, ord, test_json) VALUES (?, ?, ?, ?, ?) ON CONFLICT"
			" (run_id, test, variant) DO UPDATE SET ord = excluded.ord"
			" RETURNING id", &s, err))) {
		bind_result(s, &k);
		rc = step_id(s, id, "cannot record a result", err);
	}
	free(k.json);
	return rc;
}

/* results.id of the run's result number `ord`, created on first use. */
static int result_id(struct pace_store *st, const char *run_id,
		     const struct pace_result *r, size_t ord, int64_t *id,
		     struct pace_error *err)
{
	struct sq *q = sq_of(st);
	size_t old = q->nresult_ids;
	int rc;

	if (strcmp(q->cache_run, run_id)) {
		snprintf(q->cache_run, sizeof(q->cache_run), "%s", run_id);
		if (q->result_ids) /* memset(NULL, 0, 0) is undefined */
			memset(q->result_ids, 0, q->nresult_ids * sizeof(*q->result_ids));
	}
	if (ord >= q->nresult_ids) {
		PACE_GROW(q->result_ids, q->nresult_ids, ord + 1);
		memset(q->result_ids + old, 0, (q->nresult_ids - old) * sizeof(int64_t));
	}
	if (q->result_ids[ord]) {
		*id = q->result_ids[ord];
		return 0;
	}
	rc = insert_result(st, run_id, r, ord, id, err);
	if (!rc)
		q->result_ids[ord] = *id;
	return rc;
}

static void bind_sample(struct pace_sql_stmt *s, int64_t result, size_t seq,
			const struct pace_sample *x)
{
	const int64_t v[] = {
		result, (int64_t)seq, x->wall_ns, x->iterations, x->user_ns, x->sys_ns,
		x->max_rss, x->minflt, x->majflt, x->nvcsw, x->nivcsw,
		x->read_bytes, x->write_bytes, x->rchar, x->wchar, x->syscr,
		x->syscw, x->stdout_bytes, x->stderr_bytes, x->started_unix_ms,
		x->exit_code, x->signal, x->spawn_errno, x->timed_out,
		x->output_overflow, x->leftover, x->retries, (int64_t)x->fail,
		x->instructions,
	};
	const int col_env_pad = (int)PACE_ARRAY_SIZE(v) + PACE_NPERF + 1;
	for (size_t i = 0; i < PACE_ARRAY_SIZE(v); i++)
		pace_sql_bind_int64(s, (int)i + 1, v[i]);
	for (int k = 0; k < PACE_NPERF; k++) {
		int col = (int)PACE_ARRAY_SIZE(v) + 1 + k;
		if (x->perf_set)
			pace_sql_bind_int64(s, col, x->perf[k]);
		else
			pace_sql_bind_null(s, col);
	}
	pace_sql_bind_int64(s, col_env_pad, x->env_pad);
	if (x->disk_set) {
		pace_sql_bind_int64(s, col_env_pad + 1, x->disk_bytes_delta);
		pace_sql_bind_int64(s, col_env_pad + 2, x->disk_inodes_delta);
	} else {
		pace_sql_bind_null(s, col_env_pad + 1);
		pace_sql_bind_null(s, col_env_pad + 2);
	}
}

/* One placeholder per column of samples (migrations 2 and 7: 29 + the
 * PACE_NPERF perf counters + env_pad and the two disk deltas = 41), for
 * both spellings of the insert. */
#define SAMPLE_PARAMS \
	"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?," \
	" ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"

static int insert_samples(struct pace_store *st, int64_t result,
			  const struct pace_result *r, size_t first, size_t n,
			  struct pace_error *err)
{
	struct sq *q = sq_of(st);
	struct pace_sql_stmt *u;
	int rc = 0;

	if (!q->ins_sample &&
	    (rc = pace_sq_prepare(st, pace_sql_has_upsert(q->db)
				  ? "INSERT INTO samples VALUES (" SAMPLE_PARAMS ")"
				  " ON CONFLICT (result, seq) DO NOTHING"
				  : "INSERT OR IGNORE INTO samples VALUES (" SAMPLE_PARAMS ")",
				  &q->ins_sample, err)))
		return rc;
	for (size_t i = first; i < first + n && !rc; i++) {
		bind_sample(q->ins_sample, result, i, &r->samples[i]);
		rc = pace_sql_step(q->ins_sample, "cannot store a sample", err);
		pace_sql_reset(q->ins_sample);
	}
	if (!rc)
		rc = pace_sq_prepare(st, "UPDATE results SET nsamples = CASE WHEN"
				     " nsamples > ?1 THEN nsamples ELSE ?1 END WHERE id = ?2", &u, err);
	if (!rc) {
		pace_sql_bind_int64(u, 1, (int64_t)(first + n));
		pace_sql_bind_int64(u, 2, result);
		rc = step_done(st, u, "cannot count samples", err);
	}
	return rc;
}

static int sq_add_samples(struct pace_store *st, const char *run_id,
			  const struct pace_result *r, size_t ord, size_t first,
			  size_t n, struct pace_error *err)
{
	int64_t id = 0;
	bool own;
	int rc = tx_start(st, &own, err);

	if (rc)
		return rc;
	rc = result_id(st, run_id, r, ord, &id, err);
	if (!rc && n)
		rc = insert_samples(st, id, r, first, n, err);
	if (rc)
		sq_of(st)->cache_run[0] = '\0'; /* rolled back: ids may be gone */
	return tx_end(st, own, rc, err);
}

static int update_inproc(struct pace_store *st, int64_t id,
			 const struct pace_result *r, struct pace_error *err)
{
	struct pace_sql_stmt *s;
	char *json;
	int rc;

	if (!r->inproc && !r->perf_note && !r->timeseries && !r->profile &&
	    !pace_controls_any(&r->controls))
		return 0;
	rc = pace_sq_prepare(st, r->inproc
		? "UPDATE results SET inproc_json = ? WHERE id = ?"
		: "UPDATE results SET measure_json = ? WHERE id = ?", &s, err);
	if (rc)
		return rc;
	json = r->inproc ? pace_store_inproc_json(r->inproc)
			 : pace_store_measure_json(r);
	bind_text(s, 1, json);
	pace_sql_bind_int64(s, 2, id);
	rc = step_done(st, s, "cannot store an in-process result", err);
	free(json);
	return rc;
}

static int update_result(struct pace_store *st, int64_t id,
			 const struct pace_result *r, struct pace_error *err)
{
	const struct pace_summary *w = &r->wall;
	const double f[] = {w->mean, w->sd, w->median, w->min, w->max, w->q1, w->q3,
			    w->ci_lo, w->ci_hi, r->user.mean, r->sys.mean, r->rss.mean};
	struct pace_sql_stmt *s;
	int rc = pace_sq_prepare(st, "UPDATE results SET mean = ?, sd = ?, median = ?,"
		" min = ?, max = ?, q1 = ?, q3 = ?, ci_lo = ?, ci_hi = ?, user_mean = ?,"
		" sys_mean = ?, rss_mean = ?, n = ?, nfailed = ?, first_fail = ?,"
		" failure = ?, output_snippet = ?, skipped = ?, stop_reason = ?,"
		" peak_rss = ? WHERE id = ?", &s, err);

	if (rc)
		return rc;
	for (size_t i = 0; i < PACE_ARRAY_SIZE(f); i++)
		bind_double(s, (int)i + 1, w->n || i >= 9 ? f[i] : NAN);
	pace_sql_bind_int64(s, 13, (int64_t)w->n);
	pace_sql_bind_int64(s, 14, (int64_t)r->nfailed);
	pace_sql_bind_int64(s, 15, (int)r->first_fail);
	bind_text(s, 16, r->failure);
	bind_text(s, 17, r->output_snippet);
	bind_text(s, 18, r->skipped);
	bind_text(s, 19, r->stop_reason);
	pace_sql_bind_int64(s, 20, r->peak_rss);
	pace_sql_bind_int64(s, 21, id);
	rc = step_done(st, s, "cannot store a result's summary", err);
	return rc ? rc : update_inproc(st, id, r, err);
}

static int sq_put_result(struct pace_store *st, const char *run_id,
			 const struct pace_result *r, size_t ord, struct pace_error *err)
{
	int64_t id = 0;
	bool own;
	int rc = tx_start(st, &own, err);

	if (rc)
		return rc;
	rc = result_id(st, run_id, r, ord, &id, err);
	if (!rc)
		rc = update_result(st, id, r, err);
	if (rc)
		sq_of(st)->cache_run[0] = '\0';
	return tx_end(st, own, rc, err);
}

static int sq_run_end(struct pace_store *st, const struct pace_run *run,
		      enum pace_store_status status, struct pace_error *err)
{
	struct pace_sql_stmt *s;
	int rc = pace_sq_prepare(st, "UPDATE runs SET status = ?, ended = ?,"
				 " ended_unix_ms = ? WHERE id = ?", &s, err);

	if (rc)
		return rc;
	bind_text(s, 1, pace_store_status_name(status));
	bind_text(s, 2, run->ended[0] ? run->ended : NULL);
	if (run->ended_unix_ms > 0)
		pace_sql_bind_int64(s, 3, run->ended_unix_ms);
	bind_text(s, 4, run->id);
	rc = step_done(st, s, "cannot mark the run finished", err);
	if (!rc && !pace_sql_changes(sq_of(st)->db))
		rc = pace_error_set(err, PACE_EUSAGE, "no run '%s' in the store '%s'",
				    run->id, st->location);
	return rc;
}

static int sq_delete_run(struct pace_store *st, const char *run_id,
			 struct pace_error *err)
{
	struct pace_sql_stmt *s;
	int rc = pace_sq_prepare(st, "DELETE FROM runs WHERE id = ?", &s, err);

	if (rc)
		return rc;
	bind_text(s, 1, run_id);
	sq_of(st)->cache_run[0] = '\0';
	return step_done(st, s, "cannot delete the run", err);
}

/* Plain SQL (UPDATE, DELETE with IS NULL / OR) that any backend shares;
 * the samples of the deleted results go with them (ON DELETE CASCADE). */
static int sq_run_resume(struct pace_store *st, const char *run_id,
			 struct pace_error *err)
{
	char host[256] = "";
	struct pace_sql_stmt *s;
	bool own;
	int rc = tx_start(st, &own, err);

	gethostname(host, sizeof(host) - 1);
	if (!rc)
		rc = pace_sq_prepare(st, "UPDATE runs SET status = 'running', ended = NULL,"
				     " ended_unix_ms = NULL, hostname = ?, pid = ? WHERE id = ?",
				     &s, err);
	if (!rc) {
		bind_text(s, 1, host);
		pace_sql_bind_int64(s, 2, (int64_t)getpid());
		bind_text(s, 3, run_id);
		rc = step_done(st, s, "cannot mark the run running again", err);
	}
	if (!rc && !pace_sql_changes(sq_of(st)->db))
		rc = pace_error_set(err, PACE_EUSAGE, "no run '%s' in the store '%s'",
				    run_id, st->location);
	if (!rc)
		rc = pace_sq_prepare(st, "DELETE FROM results WHERE run_id = ? AND"
				     " (n IS NULL OR stop_reason = 'interrupted')", &s, err);
	if (!rc) {
		bind_text(s, 1, run_id);
		rc = step_done(st, s, "cannot drop the run's unfinished results", err);
	}
	sq_of(st)->cache_run[0] = '\0'; /* result ids may be gone */
	return tx_end(st, own, rc, err);
}

/* ---- baselines -------------------------------------------------------------- */

static int sq_baseline_set(struct pace_store *st, const char *name,
			   const char *run_id, struct pace_error *err)
{
	char now[32];
	struct pace_sql_stmt *s;
	int rc = pace_sq_prepare(st, pace_sql_has_upsert(sq_of(st)->db)
				 ? "INSERT INTO baselines (name, run_id, created)"
				 " SELECT CAST(? AS TEXT), id, CAST(? AS TEXT) FROM runs"
				 " WHERE id = ? ON CONFLICT (name) DO UPDATE SET"
				 " run_id = excluded.run_id, created = excluded.created"
				 : "INSERT OR REPLACE INTO baselines (name, run_id, created)"
				 " SELECT ?, id, ? FROM runs WHERE id = ?", &s, err);

	if (rc)
		return rc;
	pace_iso8601_now(now);
	bind_text(s, 1, name);
	bind_text(s, 2, now);
	bind_text(s, 3, run_id);
	rc = step_done(st, s, "cannot save the baseline", err);
	if (!rc && !pace_sql_changes(sq_of(st)->db))
		rc = pace_error_set(err, PACE_EUSAGE, "cannot save baseline '%s': no run '%s'",
				    name, run_id);
	return rc;
}

static int sq_baseline_get(struct pace_store *st, const char *name,
			   char run_id[48], struct pace_error *err)
{
	struct pace_sql_stmt *s;
	int rc = pace_sq_prepare(st, "SELECT run_id FROM baselines WHERE name = ?", &s, err);

	if (rc)
		return rc;
	bind_text(s, 1, name);
	rc = pace_sql_step(s, "cannot read baselines", err);
	if (rc == PACE_SQL_ROW)
		snprintf(run_id, 48, "%s", pace_sql_column_text(s, 0));
	pace_sql_finalize(s);
	return rc;
}

static int sq_baseline_delete(struct pace_store *st, const char *name,
			      struct pace_error *err)
{
	struct pace_sql_stmt *s;
	int rc = pace_sq_prepare(st, "DELETE FROM baselines WHERE name = ?", &s, err);

	if (rc)
		return rc;
	bind_text(s, 1, name);
	rc = step_done(st, s, "cannot delete the baseline", err);
	if (!rc && !pace_sql_changes(sq_of(st)->db))
		rc = pace_error_set(err, PACE_EUSAGE, "no baseline '%s'", name);
	return rc;
}

static const char *sq_backend(const struct pace_store *st)
{
	struct sq *q = st->impl;
	return pace_sql_kind(q->db) == PACE_SQL_PG ? "postgresql" : "sqlite";
}

static char *sq_describe(struct pace_store *st)
{
	return pace_sql_describe(sq_of(st)->db);
}

static void *sq_native(struct pace_store *st)
{
	return pace_sql_sqlite_handle(sq_of(st)->db);
}

const struct pace_store_ops pace_sq_ops = {
	.name = "sqlite",
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.run_begin = sq_run_begin,
	.add_samples = sq_add_samples,
	.put_result = sq_put_result,
	.run_end = sq_run_end,
	.delete_run = sq_delete_run,
	.run_resume = sq_run_resume,
	.list_runs = pace_sq_list_runs,
	.get_run = pace_sq_get_run,
	.match_ids = pace_sq_match_ids,
	.baseline_set = sq_baseline_set,
	.baseline_get = sq_baseline_get,
	.baseline_list = pace_sq_baseline_list,
	.baseline_delete = sq_baseline_delete,
	.test_history = pace_sq_test_history,
	.list_tests = pace_sq_list_tests,
	.load_run = pace_sq_load_run,
	.native = sq_native,
	.describe = sq_describe,
	.backend = sq_backend,
};
