/*
 * test_store.c - src/store on real SQLite files in a temporary directory:
 * the schema from an empty file and migrated from every earlier version
 * (data kept), a real run (pace-helper processes through the runner)
 * written in batches and loaded back with the same results JSON, run
 * references, baselines, one test's history, a dead process's run marked
 * interrupted, and the PostgreSQL location refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "pipeline/pipeline.h"
#include "plan/plan.h"
#include "report/report.h"
#include "runner/runner.h"
#include "store/store_priv.h"
#include "store/sql.h"
#include "suite/suite.h"
#include "unit_env.h"

static const char *helper;
static char tmpdir[64];
static int counter;

static char *db_path(void)
{
	return pace_xasprintf("%s/db%d/pace.db", tmpdir, ++counter);
}

static int64_t query_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int64_t v = -1;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static void exec_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static struct pace_store *open_ok(const char *path)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store *st;

	if (pace_store_open(&st, path, &err))
		fail_msg("open: %s", pace_error_msg(&err));
	pace_error_release(&err);
	return st;
}

/* ---- schema ------------------------------------------------------------- */

static void test_schema_from_empty(void **state)
{
	static const char *const tables[] = {
		"benchmark_results", "benchmark_patterns", "performance_trends",
		"recommendations", "runs", "tests", "results", "samples",
		"baselines", "reports",
	};
	char *path = db_path();
	struct pace_store *st = open_ok(path);
	(void)state;

	assert_string_equal(pace_store_backend(st), "sqlite");
	pace_store_free(st);
	assert_int_equal(query_int(path, "PRAGMA user_version"), PACE_STORE_SCHEMA_VERSION);
	for (size_t i = 0; i < PACE_ARRAY_SIZE(tables); i++) {
		char *sql = pace_xasprintf("SELECT count(*) FROM sqlite_master WHERE "
					   "type = 'table' AND name = '%s'", tables[i]);
		assert_int_equal(query_int(path, sql), 1);
		free(sql);
	}
	{
		/* WAL is in the file's header (bytes 18 and 19 are 2), read
		 * directly: pragma_journal_mode is not in SQLCipher's SQLite. */
		unsigned char hdr[20] = {0};
		FILE *f = fopen(path, "rb");
		assert_non_null(f);
		assert_int_equal(fread(hdr, 1, sizeof(hdr), f), sizeof(hdr));
		fclose(f);
		assert_int_equal(hdr[18], 2);
		assert_int_equal(hdr[19], 2);
	}
	/* Opening again is a no-op. */
	pace_store_free(open_ok(path));
	assert_int_equal(query_int(path, "PRAGMA user_version"), PACE_STORE_SCHEMA_VERSION);
	free(path);
}

/* Each earlier version, with a row in a seed table, migrates to the
 * current one and keeps the row. */
static void test_migrate_every_version(void **state)
{
	(void)state;
	for (int v = 0; v < PACE_STORE_SCHEMA_VERSION; v++) {
		struct pace_error err = PACE_ERROR_INIT;
		char *path = db_path();

		assert_int_equal(pace_store_sqlite_open_version(path, v, &err), 0);
		assert_int_equal(query_int(path, "PRAGMA user_version"), v);
		if (v >= 1)
			exec_sql(path, "INSERT INTO benchmark_patterns (session_id, task,"
				 " input, output, reward, success, created_at) VALUES"
				 " ('s', 'old-task', '{}', '{}', 0.5, 1, 1)");
		pace_store_free(open_ok(path));
		assert_int_equal(query_int(path, "PRAGMA user_version"),
				 PACE_STORE_SCHEMA_VERSION);
		if (v >= 1)
			assert_int_equal(query_int(path, "SELECT count(*) FROM benchmark_patterns"
						   " WHERE task = 'old-task' AND run_id IS NULL"), 1);
		assert_int_equal(query_int(path, "SELECT count(*) FROM sqlite_master WHERE"
					   " name = 'trends_day'"), 1);
		pace_error_release(&err);
		free(path);
	}
}

static void test_newer_schema_refused(void **state)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store *st;
	char *path = db_path();
	(void)state;

	pace_store_free(open_ok(path));
	exec_sql(path, "PRAGMA user_version = 99");
	assert_int_equal(pace_store_open(&st, path, &err), PACE_EUSAGE);
	assert_null(st);
	assert_non_null(strstr(pace_error_msg(&err), "upgrade pace"));
	pace_error_release(&err);
	free(path);
}

/* A server that is not there: PACE_EIO (a run warns and goes on), and the
 * message names the URL without its password.  Port 1 on loopback refuses
 * at once. */
static void test_postgresql_unreachable(void **state)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store *st;
	(void)state;

	assert_int_equal(pace_store_open(&st, "postgresql://pace:s3cret@127.0.0.1:1/pace"
					 "?connect_timeout=5", &err), PACE_EIO);
	assert_null(st);
	assert_non_null(strstr(pace_error_msg(&err), "pace:***@127.0.0.1:1"));
	assert_null(strstr(pace_error_msg(&err), "s3cret"));
	pace_error_release(&err);
	assert_int_equal(pace_store_open_key(&st, "postgresql://h/db", "k", &err),
			 PACE_EUSAGE);
	pace_error_release(&err);
}

/* The one migration list read as PostgreSQL: no SQLite-only word left,
 * 64-bit integers and doubles, and SQLite's placeholders numbered. */
static void test_postgresql_spelling(void **state)
{
	int n;
	char *p;
	(void)state;

	for (int v = 0; v < PACE_STORE_SCHEMA_VERSION; v++) {
		p = pace_sql_pg_ddl(pace_store_sqlite_migrations[v]);
		assert_null(strstr(p, "AUTOINCREMENT"));
		assert_null(strstr(p, "ROWID"));
		assert_null(strstr(p, " INTEGER"));
		assert_null(strstr(p, " REAL"));
		free(p);
	}
	p = pace_sql_pg_ddl("CREATE TABLE t (id INTEGER PRIMARY KEY, x REAL, "
			    "realm TEXT, n INTEGER) WITHOUT ROWID;");
	assert_string_equal(p, "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS "
			    "IDENTITY PRIMARY KEY, x DOUBLE PRECISION, realm TEXT "
			    "COLLATE \"C\", n BIGINT);");
	free(p);
	p = pace_sql_pg_params("SELECT ? WHERE a = ? AND b = '?' AND c = ?7", &n);
	assert_string_equal(p, "SELECT $1 WHERE a = $2 AND b = '?' AND c = $7");
	assert_int_equal(n, 7);
	free(p);
}

/* ---- a real run ------------------------------------------------------------ */

struct fx {
	struct pace_suite suite;
	struct pace_plan plan;
	struct pace_config cfg;
	struct pace_run run;
};

static void fx_run(struct fx *f, const char *cmd_a, const char *cmd_b)
{
	struct pace_plan_filter none = {PACE_STRVEC_INIT, PACE_STRVEC_INIT,
					PACE_STRVEC_INIT};
	struct pace_error err = PACE_ERROR_INIT;
	char *a = pace_xasprintf("%s %s", helper, cmd_a);
	char *b = pace_xasprintf("%s %s", helper, cmd_b);
	char *cmds[] = {a, b};
	struct pace_runner_opts o = {.cfg = &f->cfg};

	memset(f, 0, sizeof(*f));
	assert_int_equal(pace_suite_from_commands(&f->suite, cmds, 2, NULL, false, &err), 0);
	assert_int_equal(pace_plan_build(&f->plan, &f->suite, 1, &none, &err), 0);
	pace_config_init(&f->cfg);
	f->cfg.runs = 6;
	f->cfg.seed = 42;
	f->cfg.bootstrap = 500;
	pace_run_init(&f->run);
	assert_int_equal(pace_runner_run(&f->run, &f->plan, &o, &err), 0);
	free(a);
	free(b);
	pace_error_release(&err);
}

static void fx_release(struct fx *f)
{
	pace_run_release(&f->run);
	pace_plan_release(&f->plan);
	pace_suite_release(&f->suite);
	pace_config_release(&f->cfg);
}

/* Writes the run as pace run does: samples in two batches, then the
 * summaries, then the end. */
static void store_run(struct pace_store *st, const struct fx *f,
		      enum pace_store_status status)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store_run_meta meta = {.git_commit = "abc1234"};
	struct pace_strbuf cfg = PACE_STRBUF_INIT;
	const struct pace_run *run = &f->run;

	pace_config_to_json(&f->cfg, &cfg);
	meta.config_json = cfg.buf;
	assert_int_equal(pace_store_run_begin(st, run, &meta, &err), 0);
	pace_strbuf_release(&cfg);
	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		size_t half = r->nsamples / 2;
		assert_int_equal(pace_store_add_samples(st, run->id, r, i, 0, half, &err), 0);
		assert_int_equal(pace_store_begin(st, &err), 0);
		assert_int_equal(pace_store_add_samples(st, run->id, r, i, half,
							r->nsamples - half, &err), 0);
		assert_int_equal(pace_store_put_result(st, run->id, r, i, &err), 0);
		assert_int_equal(pace_store_commit(st, &err), 0);
	}
	assert_int_equal(pace_store_run_end(st, run, status, &err), 0);
	pace_error_release(&err);
}

static char *report(int (*fn)(FILE *, const struct pace_run *), const struct pace_run *run)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(fn(f, run), 0);
	fclose(f);
	return buf;
}

static char *raw_json(const struct pace_run *run, const struct pace_test *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(pace_report_raw_json(f, run, t), 0);
	fclose(f);
	return buf;
}

static void test_round_trip(void **state)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_loaded_run l;
	struct fx f;
	char *path = db_path(), *want, *got;
	struct pace_store *st = open_ok(path);
	(void)state;

	fx_run(&f, "sleep 0.001", "busy 2");
	store_run(st, &f, PACE_STORE_COMPLETE);
	assert_int_equal(pace_pipeline_load(st, f.run.id, &l, &err), 0);
	assert_int_equal(l.info.status, PACE_STORE_COMPLETE);
	assert_string_equal(l.info.git_commit, "abc1234");
	assert_int_equal(l.info.nsamples, 12);
	assert_int_equal(l.nsuites, 1);
	assert_int_equal(l.run.nresults, 2);
	assert_int_equal(l.cfg.seed, 42);
	assert_int_equal(l.cfg.bootstrap, 500);
	for (size_t i = 0; i < 2; i++) {
		const struct pace_result *a = &f.run.results[i], *b = &l.run.results[i];
		assert_int_equal(b->nsamples, a->nsamples);
		for (size_t k = 0; k < a->nsamples; k++) {
			assert_int_equal(b->samples[k].wall_ns, a->samples[k].wall_ns);
			assert_int_equal(b->samples[k].max_rss, a->samples[k].max_rss);
			assert_int_equal(b->samples[k].nivcsw, a->samples[k].nivcsw);
			assert_int_equal(b->samples[k].fail, a->samples[k].fail);
		}
		assert_string_equal(b->stop_reason, a->stop_reason);
		assert_ptr_equal(b->test, &l.suites[0].tests[0]);
	}
	want = report(pace_report_results_json, &f.run);
	got = report(pace_report_results_json, &l.run);
	assert_string_equal(got, want);
	free(want);
	free(got);
	want = raw_json(&f.run, &f.suite.tests[0]);
	got = raw_json(&l.run, &l.suites[0].tests[0]);
	assert_string_equal(got, want);
	free(want);
	free(got);
	pace_pipeline_loaded_release(&l);
	fx_release(&f);
	pace_store_free(st);
	pace_error_release(&err);
	free(path);
}

/* Two runs of the same commands: references, baselines, history. */
static void test_refs_baselines_history(void **state)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store_baseline *b;
	struct pace_store_point *p;
	struct fx f1, f2;
	char id[48], prefix[20];
	size_t n;
	char *path = db_path();
	struct pace_store *st = open_ok(path);
	(void)state;

	assert_int_equal(pace_store_resolve(st, "latest", id, &err), PACE_EUSAGE);
	fx_run(&f1, "sleep 0.001", "sleep 0.002");
	store_run(st, &f1, PACE_STORE_COMPLETE);
	usleep(2000);
	fx_run(&f2, "sleep 0.001", "sleep 0.002");
	store_run(st, &f2, PACE_STORE_INTERRUPTED);

	assert_int_equal(pace_store_resolve(st, "latest", id, &err), 0);
	assert_string_equal(id, f2.run.id);
	assert_int_equal(pace_store_resolve(st, "previous", id, &err), 0);
	assert_string_equal(id, f1.run.id);
	assert_int_equal(pace_store_resolve(st, f1.run.id, id, &err), 0);
	assert_string_equal(id, f1.run.id);
	snprintf(prefix, sizeof(prefix), "%.19s", f2.run.id);
	assert_int_equal(pace_store_resolve(st, prefix, id, &err), 0);
	assert_string_equal(id, f2.run.id);
	assert_int_equal(pace_store_resolve(st, "2", id, &err), PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "ambiguous"));
	assert_int_equal(pace_store_resolve(st, "nope", id, &err), PACE_EUSAGE);

	assert_int_equal(pace_store_baseline_set(st, "main", f1.run.id, &err), 0);
	assert_int_equal(pace_store_baseline_set(st, "x", "no-such-run", &err), PACE_EUSAGE);
	assert_int_equal(pace_store_baseline_get(st, "main", id, &err), 0);
	assert_string_equal(id, f1.run.id);
	assert_int_equal(pace_store_resolve(st, "main", id, &err), 0);
	assert_string_equal(id, f1.run.id);
	assert_int_equal(pace_store_baseline_list(st, &b, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(b[0].name, "main");
	pace_store_baselines_free(b, n);
	assert_int_equal(pace_store_baseline_get(st, "other", id, &err), PACE_EUSAGE);

	assert_int_equal(pace_store_test_history(st, NULL, f1.suite.tests[0].id,
						 f1.suite.tests[0].variants[1].name, 0,
						 &p, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].run_id, f1.run.id);
	assert_string_equal(p[1].run_id, f2.run.id);
	assert_int_equal(p[1].status, PACE_STORE_INTERRUPTED);
	assert_int_equal(p[0].n, 6);
	assert_true(p[0].mean > 0.0015 && p[0].ci_lo <= p[0].mean && p[0].mean <= p[0].ci_hi);
	pace_store_points_free(p, n);
	assert_int_equal(pace_store_test_history(st, "adhoc", "nope", NULL, 0, &p, &n, &err), 0);
	assert_int_equal(n, 0);
	pace_store_points_free(p, n);

	/* Deleting a run takes its baseline and rows with it. */
	assert_int_equal(pace_store_delete_run(st, f1.run.id, &err), 0);
	assert_int_equal(pace_store_baseline_get(st, "main", id, &err), PACE_EUSAGE);
	pace_store_free(st);
	assert_int_equal(query_int(path, "SELECT count(*) FROM samples"), 12);
	fx_release(&f1);
	fx_release(&f2);
	pace_error_release(&err);
	free(path);
}

/* A run left "running" by a process that is gone is interrupted the next
 * time the store is opened; one whose process lives is left alone. */
static void test_dead_run_recovered(void **state)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store_run_info ri;
	struct pace_run run;
	char *path = db_path(), *sql;
	struct pace_store *st = open_ok(path);
	pid_t dead = fork();
	(void)state;

	if (dead == 0)
		_exit(0);
	assert_true(dead > 0);
	waitpid(dead, NULL, 0);
	pace_run_init(&run);
	pace_run_begin(&run);
	assert_int_equal(pace_store_run_begin(st, &run, NULL, &err), 0);
	pace_store_free(st);
	/* Still ours (alive): reopening leaves it running. */
	st = open_ok(path);
	assert_int_equal(pace_store_get_run(st, run.id, &ri, &err), 0);
	assert_int_equal(ri.status, PACE_STORE_RUNNING);
	pace_store_run_info_release(&ri);
	pace_store_free(st);
	sql = pace_xasprintf("UPDATE runs SET pid = %d", (int)dead);
	exec_sql(path, sql);
	st = open_ok(path);
	assert_int_equal(pace_store_get_run(st, run.id, &ri, &err), 0);
	assert_int_equal(ri.status, PACE_STORE_INTERRUPTED);
	assert_true(ri.ended[0] != '\0');
	pace_store_run_info_release(&ri);
	pace_store_free(st);
	pace_run_release(&run);
	pace_error_release(&err);
	free(sql);
	free(path);
}

/* pace run --resume's store side: the run is running again under this
 * process, its finished results stay with their samples, and a result
 * that never got its summary (the process died in it) is gone with its
 * samples, as is one stopped as "interrupted". */
static void test_run_resume(void **state)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store_loaded l;
	struct pace_store_run_info ri;
	struct fx f;
	char *path = db_path();
	struct pace_store *st = open_ok(path);
	(void)state;

	fx_run(&f, "sleep 0.001", "busy 2");
	store_run(st, &f, PACE_STORE_INTERRUPTED);
	/* result 1 as if killed during it: samples, no summary */
	exec_sql(path, "UPDATE results SET n = NULL, stop_reason = NULL WHERE ord = 1");
	assert_int_equal(pace_store_run_resume(st, f.run.id, &err), 0);
	assert_int_equal(pace_store_get_run(st, f.run.id, &ri, &err), 0);
	assert_int_equal(ri.status, PACE_STORE_RUNNING);
	assert_int_equal(ri.pid, (long)getpid());
	assert_string_equal(ri.ended, "");
	assert_int_equal(ri.nresults, 1);
	assert_int_equal(ri.nsamples, 6);
	pace_store_run_info_release(&ri);
	assert_int_equal(pace_store_load_run(st, f.run.id, &l, &err), 0);
	assert_int_equal(l.run.nresults, 1);
	assert_int_equal(l.run.results[0].nsamples, 6);
	assert_string_equal(l.run.results[0].variant->name, f.run.results[0].variant->name);
	pace_store_loaded_release(&l);
	assert_int_equal(query_int(path, "SELECT count(*) FROM samples"), 6);
	/* a result stopped as interrupted goes too */
	assert_int_equal(pace_store_run_end(st, &f.run, PACE_STORE_INTERRUPTED, &err), 0);
	exec_sql(path, "UPDATE results SET stop_reason = 'interrupted'");
	assert_int_equal(pace_store_run_resume(st, f.run.id, &err), 0);
	assert_int_equal(query_int(path, "SELECT count(*) FROM results"), 0);
	assert_int_equal(pace_store_run_resume(st, "20000101-000000-0000", &err), PACE_EUSAGE);
	fx_release(&f);
	pace_store_free(st);
	pace_error_release(&err);
	free(path);
}

/* Shards: runs of one run group resolve and load as one run, and a
 * listing folds them into one entry; other runs stay as they are. */
static void test_run_group(void **state)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store_run_meta meta = {.run_group = "ci-7", .shard = "1/2"};
	struct pace_store_run_info *ri;
	struct pace_strvec ids = PACE_STRVEC_INIT;
	struct pace_loaded_run l;
	struct fx a, b, c;
	char *path = db_path(), id[48];
	struct pace_store *st = open_ok(path);
	size_t n;
	(void)state;

	fx_run(&a, "sleep 0.001", "busy 1");
	fx_run(&b, "busy 1", "sleep 0.001");
	fx_run(&c, "sleep 0.002", "busy 1");
	store_run(st, &c, PACE_STORE_COMPLETE); /* no group */
	assert_int_equal(pace_store_run_begin(st, &a.run, &meta, &err), 0);
	meta.shard = "2/2";
	assert_int_equal(pace_store_run_begin(st, &b.run, &meta, &err), 0);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(pace_store_add_samples(st, a.run.id, &a.run.results[i], i, 0,
							a.run.results[i].nsamples, &err), 0);
		assert_int_equal(pace_store_put_result(st, a.run.id, &a.run.results[i], i, &err), 0);
		assert_int_equal(pace_store_add_samples(st, b.run.id, &b.run.results[i], i, 0,
							b.run.results[i].nsamples, &err), 0);
		assert_int_equal(pace_store_put_result(st, b.run.id, &b.run.results[i], i, &err), 0);
	}
	assert_int_equal(pace_store_run_end(st, &a.run, PACE_STORE_COMPLETE, &err), 0);
	assert_int_equal(pace_store_run_end(st, &b.run, PACE_STORE_INTERRUPTED, &err), 0);

	assert_int_equal(pace_store_group_members(st, "ci-7", &ids, &err), 0);
	assert_int_equal(ids.n, 2);
	pace_strvec_release(&ids);
	assert_int_equal(pace_store_resolve(st, "ci-7", id, &err), 0);
	assert_string_equal(id, "ci-7");
	assert_int_equal(pace_pipeline_load(st, "ci-7", &l, &err), 0);
	assert_string_equal(l.run.id, "ci-7");
	assert_int_equal(l.run.nresults, 4);
	assert_int_equal(l.info.nsamples, 24);
	assert_int_equal(l.info.status, PACE_STORE_INTERRUPTED);
	pace_pipeline_loaded_release(&l);

	assert_int_equal(pace_store_list_runs(st, 0, &ri, &n, &err), 0);
	assert_int_equal(n, 3);
	pace_store_fold_groups(ri, &n);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(ri[i].id, "ci-7")) {
			assert_string_equal(ri[i].id, c.run.id);
			assert_null(ri[i].shard);
			continue;
		}
		assert_string_equal(ri[i].shard, "2 shards");
		assert_int_equal(ri[i].nresults, 4);
		assert_int_equal(ri[i].status, PACE_STORE_INTERRUPTED);
	}
	pace_store_run_infos_free(ri, n);
	fx_release(&a);
	fx_release(&b);
	fx_release(&c);
	pace_store_free(st);
	pace_error_release(&err);
	free(path);
}

static int setup_all(void **state)
{
	(void)state;
	helper = unit_helper();
	if (!helper)
		return -1;
	return unit_tmpdir_make(tmpdir, sizeof(tmpdir), "store");
}

static int teardown_all(void **state)
{
	(void)state;
	return unit_tmpdir_remove(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_from_empty),
		cmocka_unit_test(test_migrate_every_version),
		cmocka_unit_test(test_newer_schema_refused),
		cmocka_unit_test(test_postgresql_unreachable),
		cmocka_unit_test(test_postgresql_spelling),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refs_baselines_history),
		cmocka_unit_test(test_dead_run_recovered),
		cmocka_unit_test(test_run_resume),
		cmocka_unit_test(test_run_group),
	};
	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
