/*
 * store_sqlite.c - the SQLite backend of the history store: opening the
 * file (WAL, a busy timeout long enough for several pace processes writing
 * at once, foreign keys), the versioned schema and its migrations, marking
 * runs of dead processes interrupted, and the writes of a run in progress.
 * Reads are in store_sqlite_read.c.
 *
 * Every write transaction is BEGIN IMMEDIATE: it takes the write lock up
 * front, so a writer waits in the busy handler instead of failing when it
 * would have had to upgrade a read lock another writer blocks.
 */
#include <assert.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <unistd.h>

#include "store/sqlite_priv.h"

#define BUSY_TIMEOUT_MS 60000

/* Migration i takes PRAGMA user_version i to i + 1.  Never edit one that
 * was released: add the next. */
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
};

/* ---- small helpers -------------------------------------------------------- */

int pace_sq_fail(struct pace_store *st, const char *what, struct pace_error *err)
{
	int code = sqlite3_errcode(sq_of(st)->db);

	/* A damaged history is the user's to repair or move away, and a run
	 * must not measure for minutes only to lose its results: PACE_EUSAGE
	 * (exit 2) where an unwritable place (PACE_EIO) only warns. */
	if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
		return pace_error_set(err, PACE_EUSAGE, "store '%s': %s: %s (move "
				      "the damaged file away, or run with "
				      "--no-store)", st->location, what,
				      sqlite3_errmsg(sq_of(st)->db));
	return pace_error_set(err, PACE_EIO, "store '%s': %s: %s", st->location, what,
			      sqlite3_errmsg(sq_of(st)->db));
}

int pace_sq_prepare(struct pace_store *st, const char *sql, sqlite3_stmt **out,
		    struct pace_error *err)
{
	if (sqlite3_prepare_v2(sq_of(st)->db, sql, -1, out, NULL) != SQLITE_OK) {
		*out = NULL;
		return pace_sq_fail(st, "cannot prepare a query", err);
	}
	return 0;
}

char *pace_sq_strdup(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	return t ? pace_xstrdup((const char *)t) : NULL;
}

double pace_sq_double(sqlite3_stmt *s, int col)
{
	return sqlite3_column_type(s, col) == SQLITE_NULL ? NAN
							  : sqlite3_column_double(s, col);
}

static int exec(struct pace_store *st, const char *sql, const char *what,
		struct pace_error *err)
{
	if (sqlite3_exec(sq_of(st)->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return pace_sq_fail(st, what, err);
	return 0;
}

/* Runs a prepared statement to completion and finalizes it. */
static int step_done(struct pace_store *st, sqlite3_stmt *s, const char *what,
		     struct pace_error *err)
{
	int rc = sqlite3_step(s);
	int out = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : pace_sq_fail(st, what, err);
	sqlite3_finalize(s);
	return out;
}

static void bind_text(sqlite3_stmt *s, int i, const char *t)
{
	if (t)
		sqlite3_bind_text(s, i, t, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static void bind_double(sqlite3_stmt *s, int i, double v)
{
	if (isfinite(v))
		sqlite3_bind_double(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

/* ---- transactions ---------------------------------------------------------- */

static int sq_begin(struct pace_store *st, struct pace_error *err)
{
	assert(!sq_of(st)->in_tx);
	if (exec(st, "BEGIN IMMEDIATE", "cannot begin a transaction", err))
		return PACE_EIO;
	sq_of(st)->in_tx = true;
	return 0;
}

static int sq_commit(struct pace_store *st, struct pace_error *err)
{
	sq_of(st)->in_tx = false;
	if (exec(st, "COMMIT", "cannot commit", err)) {
		sqlite3_exec(sq_of(st)->db, "ROLLBACK", NULL, NULL, NULL);
		return PACE_EIO;
	}
	return 0;
}

static void sq_rollback(struct pace_store *st)
{
	sq_of(st)->in_tx = false;
	sqlite3_exec(sq_of(st)->db, "ROLLBACK", NULL, NULL, NULL);
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

static int user_version(struct pace_store *st, int *v, struct pace_error *err)
{
	sqlite3_stmt *s;
	int rc = pace_sq_prepare(st, "PRAGMA user_version", &s, err);

	if (rc)
		return rc;
	rc = sqlite3_step(s) == SQLITE_ROW ? 0
		: pace_sq_fail(st, "cannot read the schema version", err);
	*v = rc ? 0 : sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return rc;
}

static int migrate_locked(struct pace_store *st, int target, struct pace_error *err)
{
	char sql[64];
	int v, rc = user_version(st, &v, err);

	if (rc)
		return rc;
	if (v > PACE_STORE_SCHEMA_VERSION)
		return pace_error_set(err, PACE_EUSAGE, "store '%s' has schema version %d; "
				      "this pace knows up to %d: upgrade pace",
				      st->location, v, PACE_STORE_SCHEMA_VERSION);
	for (; v < target && !rc; v++) {
		rc = exec(st, pace_store_sqlite_migrations[v], "cannot migrate the schema", err);
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if (!rc)
			rc = exec(st, sql, "cannot set the schema version", err);
	}
	return rc;
}

/* Brings the schema to `target` in one transaction, so that two processes
 * opening a new file at once do not both migrate it. */
static int migrate(struct pace_store *st, int target, struct pace_error *err)
{
	int v, rc = user_version(st, &v, err);

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

/* Marks one run interrupted, ending at its last sample's start. */
static int mark_interrupted(struct pace_store *st, const char *id,
			    struct pace_error *err)
{
	sqlite3_stmt *u;
	int rc = pace_sq_prepare(st, "UPDATE runs SET status = 'interrupted',"
		" ended_unix_ms = coalesce((SELECT max(x.started_unix_ms) FROM samples x"
		"  JOIN results r ON x.result = r.id WHERE r.run_id = runs.id),"
		"  started_unix_ms) WHERE id = ? AND status = 'running'", &u, err);

	if (rc)
		return rc;
	bind_text(u, 1, id);
	rc = step_done(st, u, "cannot mark a dead run interrupted", err);
	if (!rc)
		rc = exec(st, "UPDATE runs SET ended = strftime('%Y-%m-%dT%H:%M:%fZ',"
			  " ended_unix_ms / 1000.0, 'unixepoch') WHERE ended IS NULL"
			  " AND status = 'interrupted'", "cannot mark a dead run", err);
	return rc;
}

/* A run still "running" whose process is gone from this host was killed
 * (kill -9, a crash): it is interrupted.  The ids are collected first so
 * that no read is open when the write starts (a read upgraded to a write
 * could fail at once instead of waiting for a busy writer). */
static int recover_dead_runs(struct pace_store *st, struct pace_error *err)
{
	struct pace_strvec dead = PACE_STRVEC_INIT;
	char host[256] = "";
	sqlite3_stmt *s;
	int rc;

	gethostname(host, sizeof(host) - 1);
	rc = pace_sq_prepare(st, "SELECT id, pid FROM runs WHERE status = 'running' "
			     "AND hostname = ?", &s, err);
	if (rc)
		return rc;
	bind_text(s, 1, host);
	while (sqlite3_step(s) == SQLITE_ROW)
		if (!pid_alive((long)sqlite3_column_int64(s, 1)))
			pace_strvec_push(&dead, (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	for (size_t i = 0; i < dead.n && !rc; i++)
		rc = mark_interrupted(st, dead.v[i], err);
	pace_strvec_release(&dead);
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

static int configure(struct pace_store *st, struct pace_error *err)
{
	int rc;

	sqlite3_busy_timeout(sq_of(st)->db, BUSY_TIMEOUT_MS);
	/* WAL: readers do not block the writer; NORMAL sync is durable
	 * against a killed process (not a power cut), which is the case the
	 * history must survive. */
	if ((rc = exec(st, "PRAGMA journal_mode = WAL", "cannot switch to WAL", err)) ||
	    (rc = exec(st, "PRAGMA synchronous = NORMAL", "cannot set synchronous", err)) ||
	    (rc = exec(st, "PRAGMA foreign_keys = ON", "cannot enable foreign keys", err)))
		return rc;
	return 0;
}

static void sq_close(struct pace_store *st)
{
	struct sq *q = sq_of(st);

	if (!q)
		return;
	if (q->in_tx)
		sq_rollback(st);
	sqlite3_finalize(q->ins_sample);
	sqlite3_close(q->db);
	free(q->result_ids);
	free(q);
	st->impl = NULL;
}

/* Opens at schema version `target` (tests build earlier versions). */
static int open_at(struct pace_store *st, const char *path, int target,
		   struct pace_error *err)
{
	struct sq *q = pace_xcalloc(1, sizeof(*q));
	int rc = make_parent(path, err);

	st->impl = q;
	st->ops = &pace_sq_ops;
	if (rc)
		return rc;
	if (sqlite3_open_v2(path, &q->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		rc = pace_error_set(err, PACE_EIO, "cannot open store '%s': %s", path,
				    q->db ? sqlite3_errmsg(q->db) : "out of memory");
		return rc;
	}
	rc = configure(st, err);
	if (!rc)
		rc = migrate(st, target, err);
	if (!rc && target == PACE_STORE_SCHEMA_VERSION)
		rc = recover_dead_runs(st, err);
	return rc;
}

int pace_store_sqlite_open(struct pace_store *st, const char *path,
			   struct pace_error *err)
{
	int rc = open_at(st, path, PACE_STORE_SCHEMA_VERSION, err);
	if (rc) {
		sq_close(st);
		st->ops = NULL;
	}
	return rc;
}

/* For tests: creates (or migrates) the file at `path` to schema `version`
 * only, then closes it. */
int pace_store_sqlite_open_version(const char *path, int version,
				   struct pace_error *err)
{
	struct pace_store st = {.location = (char *)path};
	int rc;

	assert(version >= 0 && version <= PACE_STORE_SCHEMA_VERSION);
	rc = open_at(&st, path, version, err);
	sq_close(&st);
	return rc;
}

/* ---- writing a run ------------------------------------------------------------ */

static int sq_run_begin(struct pace_store *st, const struct pace_run *run,
			const struct pace_store_run_meta *meta, struct pace_error *err)
{
	char host[256] = "";
	char *env = pace_store_env_json(&run->env);
	sqlite3_stmt *s;
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
		sqlite3_bind_int64(s, 3, run->started_unix_ms);
		bind_text(s, 4, meta->config_json ? meta->config_json : "{}");
		bind_text(s, 5, env);
		bind_text(s, 6, meta->git_commit);
		bind_text(s, 7, host);
		sqlite3_bind_int64(s, 8, (sqlite3_int64)getpid());
		bind_text(s, 9, meta->command_line);
		bind_text(s, 10, meta->run_group);
		bind_text(s, 11, meta->shard);
		rc = step_done(st, s, "cannot record the run", err);
	}
	free(env);
	return rc;
}

/* The tests row of t (created or refreshed). */
static int test_row(struct pace_store *st, const struct pace_test *t, int64_t *id,
		    struct pace_error *err)
{
	sqlite3_stmt *s;
	int rc = pace_sq_prepare(st, "INSERT INTO tests (suite, test_id, name, category,"
		" description) VALUES (?, ?, ?, ?, ?) ON CONFLICT (suite, test_id) DO UPDATE"
		" SET name = excluded.name, category = excluded.category,"
		" description = excluded.description RETURNING id", &s, err);

	if (rc)
		return rc;
	bind_text(s, 1, t->suite ? t->suite : "");
	bind_text(s, 2, t->id);
	bind_text(s, 3, t->name);
	bind_text(s, 4, t->category);
	bind_text(s, 5, t->description);
	if (sqlite3_step(s) == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	else
		rc = pace_sq_fail(st, "cannot record a test", err);
	sqlite3_finalize(s);
	return rc;
}

static int insert_result(struct pace_store *st, const char *run_id,
			 const struct pace_result *r, size_t ord, int64_t *id,
			 struct pace_error *err)
{
	char *json = pace_store_test_json(r->test, r->variant, r->executor);
	sqlite3_stmt *s;
	int64_t test = 0;
	int rc = test_row(st, r->test, &test, err);

	if (!rc)
		rc = pace_sq_prepare(st, "INSERT INTO results (run_id, test, variant, ord,"
			" test_json) VALUES (?, ?, ?, ?, ?) ON CONFLICT (run_id, test, variant)"
			" DO UPDATE SET ord = excluded.ord RETURNING id", &s, err);
	if (!rc) {
		bind_text(s, 1, run_id);
		sqlite3_bind_int64(s, 2, test);
		bind_text(s, 3, r->variant->name);
		sqlite3_bind_int64(s, 4, (sqlite3_int64)ord);
		bind_text(s, 5, json);
		if (sqlite3_step(s) == SQLITE_ROW)
			*id = sqlite3_column_int64(s, 0);
		else
			rc = pace_sq_fail(st, "cannot record a result", err);
		sqlite3_finalize(s);
	}
	free(json);
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

static void bind_sample(sqlite3_stmt *s, int64_t result, size_t seq,
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
		sqlite3_bind_int64(s, (int)i + 1, v[i]);
	for (int k = 0; k < PACE_NPERF; k++) {
		int col = (int)PACE_ARRAY_SIZE(v) + 1 + k;
		if (x->perf_set)
			sqlite3_bind_int64(s, col, x->perf[k]);
		else
			sqlite3_bind_null(s, col);
	}
	sqlite3_bind_int64(s, col_env_pad, x->env_pad);
	if (x->disk_set) {
		sqlite3_bind_int64(s, col_env_pad + 1, x->disk_bytes_delta);
		sqlite3_bind_int64(s, col_env_pad + 2, x->disk_inodes_delta);
	} else {
		sqlite3_bind_null(s, col_env_pad + 1);
		sqlite3_bind_null(s, col_env_pad + 2);
	}
}

static int insert_samples(struct pace_store *st, int64_t result,
			  const struct pace_result *r, size_t first, size_t n,
			  struct pace_error *err)
{
	struct sq *q = sq_of(st);
	sqlite3_stmt *u;
	int rc = 0;

	if (!q->ins_sample &&
	    (rc = pace_sq_prepare(st, "INSERT OR REPLACE INTO samples VALUES (?, ?, ?, ?,"
				  " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
				  " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				  &q->ins_sample, err)))
		return rc;
	for (size_t i = first; i < first + n && !rc; i++) {
		bind_sample(q->ins_sample, result, i, &r->samples[i]);
		if (sqlite3_step(q->ins_sample) != SQLITE_DONE)
			rc = pace_sq_fail(st, "cannot store a sample", err);
		sqlite3_reset(q->ins_sample);
	}
	if (!rc)
		rc = pace_sq_prepare(st, "UPDATE results SET nsamples = max(nsamples, ?)"
				     " WHERE id = ?", &u, err);
	if (!rc) {
		sqlite3_bind_int64(u, 1, (sqlite3_int64)(first + n));
		sqlite3_bind_int64(u, 2, result);
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
	sqlite3_stmt *s;
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
	sqlite3_bind_int64(s, 2, id);
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
	sqlite3_stmt *s;
	int rc = pace_sq_prepare(st, "UPDATE results SET mean = ?, sd = ?, median = ?,"
		" min = ?, max = ?, q1 = ?, q3 = ?, ci_lo = ?, ci_hi = ?, user_mean = ?,"
		" sys_mean = ?, rss_mean = ?, n = ?, nfailed = ?, first_fail = ?,"
		" failure = ?, output_snippet = ?, skipped = ?, stop_reason = ?,"
		" peak_rss = ? WHERE id = ?", &s, err);

	if (rc)
		return rc;
	for (size_t i = 0; i < PACE_ARRAY_SIZE(f); i++)
		bind_double(s, (int)i + 1, w->n || i >= 9 ? f[i] : NAN);
	sqlite3_bind_int64(s, 13, (sqlite3_int64)w->n);
	sqlite3_bind_int64(s, 14, (sqlite3_int64)r->nfailed);
	sqlite3_bind_int(s, 15, (int)r->first_fail);
	bind_text(s, 16, r->failure);
	bind_text(s, 17, r->output_snippet);
	bind_text(s, 18, r->skipped);
	bind_text(s, 19, r->stop_reason);
	sqlite3_bind_int64(s, 20, r->peak_rss);
	sqlite3_bind_int64(s, 21, id);
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
	sqlite3_stmt *s;
	int rc = pace_sq_prepare(st, "UPDATE runs SET status = ?, ended = ?,"
				 " ended_unix_ms = ? WHERE id = ?", &s, err);

	if (rc)
		return rc;
	bind_text(s, 1, pace_store_status_name(status));
	bind_text(s, 2, run->ended[0] ? run->ended : NULL);
	if (run->ended_unix_ms > 0)
		sqlite3_bind_int64(s, 3, run->ended_unix_ms);
	bind_text(s, 4, run->id);
	rc = step_done(st, s, "cannot mark the run finished", err);
	if (!rc && !sqlite3_changes(sq_of(st)->db))
		rc = pace_error_set(err, PACE_EUSAGE, "no run '%s' in the store '%s'",
				    run->id, st->location);
	return rc;
}

static int sq_delete_run(struct pace_store *st, const char *run_id,
			 struct pace_error *err)
{
	sqlite3_stmt *s;
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
	sqlite3_stmt *s;
	bool own;
	int rc = tx_start(st, &own, err);

	gethostname(host, sizeof(host) - 1);
	if (!rc)
		rc = pace_sq_prepare(st, "UPDATE runs SET status = 'running', ended = NULL,"
				     " ended_unix_ms = NULL, hostname = ?, pid = ? WHERE id = ?",
				     &s, err);
	if (!rc) {
		bind_text(s, 1, host);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)getpid());
		bind_text(s, 3, run_id);
		rc = step_done(st, s, "cannot mark the run running again", err);
	}
	if (!rc && !sqlite3_changes(sq_of(st)->db))
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
	sqlite3_stmt *s;
	int rc = pace_sq_prepare(st, "INSERT OR REPLACE INTO baselines (name, run_id,"
				 " created) SELECT ?, id, ? FROM runs WHERE id = ?", &s, err);

	if (rc)
		return rc;
	pace_iso8601_now(now);
	bind_text(s, 1, name);
	bind_text(s, 2, now);
	bind_text(s, 3, run_id);
	rc = step_done(st, s, "cannot save the baseline", err);
	if (!rc && !sqlite3_changes(sq_of(st)->db))
		rc = pace_error_set(err, PACE_EUSAGE, "cannot save baseline '%s': no run '%s'",
				    name, run_id);
	return rc;
}

static int sq_baseline_get(struct pace_store *st, const char *name,
			   char run_id[48], struct pace_error *err)
{
	sqlite3_stmt *s;
	int rc = pace_sq_prepare(st, "SELECT run_id FROM baselines WHERE name = ?", &s, err);

	if (rc)
		return rc;
	bind_text(s, 1, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(run_id, 48, "%s", (const char *)sqlite3_column_text(s, 0));
		rc = 1;
	} else {
		rc = rc == SQLITE_DONE ? 0 : pace_sq_fail(st, "cannot read baselines", err);
	}
	sqlite3_finalize(s);
	return rc;
}

static int sq_baseline_delete(struct pace_store *st, const char *name,
			      struct pace_error *err)
{
	sqlite3_stmt *s;
	int rc = pace_sq_prepare(st, "DELETE FROM baselines WHERE name = ?", &s, err);

	if (rc)
		return rc;
	bind_text(s, 1, name);
	rc = step_done(st, s, "cannot delete the baseline", err);
	if (!rc && !sqlite3_changes(sq_of(st)->db))
		rc = pace_error_set(err, PACE_EUSAGE, "no baseline '%s'", name);
	return rc;
}

static void *sq_native(struct pace_store *st)
{
	return sq_of(st)->db;
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
};
