/*
 * test_pipeline.c - the steps after measuring (src/pipeline/), on real
 * runs of the helper program recorded into a real SQLite file in a
 * temporary directory: the recorder's batches (rows committed while the
 * run goes on), the store rows at the end, the analysis (patterns and
 * trends, the comparison with the previous run and its verdicts, the
 * history series), and the files written, vcs.md included, which
 * pace_pipeline_report writes again byte for byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "pipeline/pipeline.h"
#include "plan/plan.h"
#include "suite/suite.h"
#include "unit_env.h"

static const char *helper;
static char tmpdir[64];
static int counter;

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

static char *slurp(const char *dir, const char *name)
{
	char *path = pace_xasprintf("%s/%s", dir, name), *buf = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "r");

	free(path);
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = (size_t)ftell(f);
	rewind(f);
	buf = pace_xcalloc(1, len + 1);
	if (fread(buf, 1, len, f) != len) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* One measured run of two commands named git and jujutsu (so the VCS
 * table applies), every event fed to a recorder as pace run does. */
struct fx {
	struct pace_suite suite;
	struct pace_plan plan;
	struct pace_config cfg;
	struct pace_run run;
	struct pace_recorder rec;
	const char *db;
	size_t samples_seen;
	int64_t stored_mid_run; /* sample rows seen after the 70th sample */
};

static void on_event(const struct pace_runner_progress *p, void *data)
{
	struct fx *f = data;

	pace_recorder_event(&f->rec, &f->run, p);
	if (p->ev == PACE_EV_SAMPLE && ++f->samples_seen == 70)
		f->stored_mid_run = query_int(f->db, "SELECT count(*) FROM samples");
}

static void fx_run(struct fx *f, const char *db, const char *arg_git,
		   const char *arg_jj, int runs)
{
	struct pace_plan_filter none = {PACE_STRVEC_INIT, PACE_STRVEC_INIT,
					PACE_STRVEC_INIT};
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_strvec names = PACE_STRVEC_INIT;
	char *a = pace_xasprintf("%s %s", helper, arg_git);
	char *b = pace_xasprintf("%s %s", helper, arg_jj);
	char *cmds[] = {a, b};
	struct pace_runner_opts o = {.cfg = &f->cfg, .cb = on_event, .cb_data = f};
	struct pace_store *st;

	memset(f, 0, sizeof(*f));
	f->db = db;
	pace_strvec_push(&names, "git");
	pace_strvec_push(&names, "jujutsu");
	assert_int_equal(pace_suite_from_commands(&f->suite, cmds, 2, &names,
						  false, &err), 0);
	/* One identity whatever the commands, so runs of different
	 * commands are one history. */
	free(f->suite.tests[0].id);
	f->suite.tests[0].id = pace_xstrdup("op");
	assert_int_equal(pace_plan_build(&f->plan, &f->suite, 1, &none, &err), 0);
	pace_config_init(&f->cfg);
	f->cfg.runs = runs;
	f->cfg.seed = 7;
	f->cfg.bootstrap = 400;
	if (pace_store_open(&st, db, &err))
		fail_msg("open: %s", pace_error_msg(&err));
	pace_recorder_init(&f->rec, st, &f->cfg, "pace run (unit test)");
	pace_run_init(&f->run);
	assert_int_equal(pace_runner_run(&f->run, &f->plan, &o, &err), 0);
	pace_recorder_finish(&f->rec, &f->run);
	pace_strvec_release(&names);
	free(a);
	free(b);
	pace_error_release(&err);
}

static void fx_release(struct fx *f)
{
	pace_recorder_release(&f->rec);
	pace_run_release(&f->run);
	pace_plan_release(&f->plan);
	pace_suite_release(&f->suite);
	pace_config_release(&f->cfg);
}

static char *db_path(void)
{
	return pace_xasprintf("%s/db%d/pace.db", tmpdir, ++counter);
}

/* Recording: batches committed while running, everything at the end. */
static void test_recording(void **state)
{
	char *db = db_path();
	struct fx f;
	char *sql;
	(void)state;

	fx_run(&f, db, "exit 0", "exit 0", 40);
	assert_true(f.rec.begun);
	assert_non_null(f.rec.st);
	/* A batch is at most 64 samples (sooner after 200 ms: on a loaded
	 * machine a batch may be smaller), so after the 70th sample the
	 * last batch was at the 7th sample or later, and it committed every
	 * sample measured until then. */
	assert_true(f.stored_mid_run >= 7);
	assert_true(f.stored_mid_run <= 70);
	assert_int_equal(query_int(db, "SELECT count(*) FROM samples"), 80);
	assert_int_equal(query_int(db, "SELECT count(*) FROM results"), 2);
	sql = pace_xasprintf("SELECT count(*) FROM runs WHERE id = '%s' AND "
			     "status = 'complete' AND command_line = "
			     "'pace run (unit test)'", f.run.id);
	assert_int_equal(query_int(db, sql), 1);
	free(sql);
	fx_release(&f);
	free(db);
}

/* The store loses a run it cannot write: dropped with one warning, and
 * the measurement goes on. */
static int nwarnings;
static void count_warning(void *data, const char *msg)
{
	(void)data;
	assert_non_null(strstr(msg, "not stored further"));
	nwarnings++;
}

static void test_recorder_drops_a_failing_store(void **state)
{
	char *db = db_path();
	struct fx f;
	(void)state;

	fx_run(&f, db, "exit 0", "exit 0", 2);
	/* The same run id again: the store refuses a second run row. */
	f.rec.begun = false;
	f.rec.warn = count_warning;
	nwarnings = 0;
	pace_recorder_finish(&f.rec, &f.run);
	assert_int_equal(nwarnings, 1);
	assert_null(f.rec.st);
	pace_recorder_finish(&f.rec, &f.run); /* nothing more to say */
	assert_int_equal(nwarnings, 1);
	fx_release(&f);
	free(db);
}

/* Two runs: the second is compared with the first (the previous run of
 * its first test) and much slower, so its git variant regressed; its
 * history has the run before (not itself); patterns and trends were recorded; the files
 * are written, and pace_pipeline_report writes them again the same. */
static void test_analysis_and_reports(void **state)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_pipeline_result res;
	struct fx f1, f2;
	char *db = db_path(), *dir = pace_xasprintf("%s/out%d", tmpdir, counter);
	char *again = pace_xasprintf("%s/again%d", tmpdir, counter);
	struct pace_pipeline_write w = {dir, PACE_REPORT_ALL, false, NULL,
					"pace run (unit test)", 7, 0.02};
	struct pace_strbuf cfg = PACE_STRBUF_INIT;
	static const char *const files[] = {"results.json", "summary.md",
					    "report.html", "results.csv",
					    "vcs.md"};
	char id[48];
	(void)state;

	fx_run(&f1, db, "sleep 0.001", "sleep 0.001", 6);
	fx_release(&f1);
	fx_run(&f2, db, "sleep 0.05", "sleep 0.001", 6);
	assert_int_equal(pace_pipeline_analyze(&res, f2.rec.st, &f2.run,
					       &f2.cfg, NULL, NULL, NULL,
					       &err), 0);
	assert_true(res.have_diff);
	assert_string_not_equal(res.baseline_id, f2.run.id);
	assert_int_equal(res.diff.n, 2);
	assert_string_equal(res.diff.v[0].variant, "git");
	assert_int_equal(res.diff.v[0].verdict, PACE_VERDICT_REGRESSED);
	assert_true(res.regressed);
	assert_int_equal(res.history.n, 2);
	/* Issue 14: the run is not in its own history (the report draws it
	 * as "this run"); only the run before is. */
	assert_int_equal(res.history.series[0].n, 1);
	assert_string_not_equal(res.history.series[0].points[0].run_id, f2.run.id);
	assert_string_equal(res.history.series[0].points[0].run_id,
			    res.baseline_id);
	assert_true(query_int(db, "SELECT count(*) FROM benchmark_patterns") >= 2);
	assert_true(query_int(db, "SELECT count(*) FROM performance_trends") >= 2);

	/* The context pace run gives: the same as the stored one. */
	pace_config_to_json(&f2.cfg, &cfg);
	w.config_json = cfg.buf;
	w.threshold = f2.cfg.threshold;
	assert_int_equal(pace_pipeline_write_reports(&f2.run, &res, &w, &err), 0);
	assert_int_equal(pace_pipeline_report(f2.rec.st, "latest", again,
					      PACE_REPORT_ALL, false, id,
					      &err), 0);
	assert_string_equal(id, f2.run.id);
	for (size_t i = 0; i < PACE_ARRAY_SIZE(files); i++) {
		char *a = slurp(dir, files[i]), *b = slurp(again, files[i]);
		if (!a || !b)
			fail_msg("'%s' was not written", files[i]);
		if (strcmp(a, b))
			fail_msg("'%s' differs when written again", files[i]);
		free(a);
		free(b);
	}
	{
		char *vcs = slurp(again, "vcs.md");
		assert_non_null(strstr(vcs, "| Operation | Jujutsu | Git |"));
		free(vcs);
	}
	pace_strbuf_release(&cfg);
	pace_pipeline_result_release(&res);
	fx_release(&f2);
	pace_error_release(&err);
	free(db);
	free(dir);
	free(again);
}

/* A stored run comes back with its statistics redone at its settings. */
static void test_load_redoes_the_analysis(void **state)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_loaded_run l;
	char *db = db_path();
	struct fx f;
	(void)state;

	fx_run(&f, db, "exit 0", "exit 0", 5);
	assert_int_equal(pace_pipeline_load_ref(f.rec.st, "latest", &l, &err), 0);
	assert_int_equal(l.cfg.seed, 7);
	assert_int_equal(l.cfg.bootstrap, 400);
	assert_int_equal(l.run.nresults, 2);
	assert_int_equal(l.run.results[0].wall.n, 5);
	assert_true(l.run.results[0].wall.mean ==
		    f.run.results[0].wall.mean);
	assert_int_equal(l.run.ncomparisons, f.run.ncomparisons);
	pace_pipeline_loaded_release(&l);
	assert_int_equal(pace_pipeline_load_ref(f.rec.st, "nosuchrun", &l, &err),
			 PACE_EUSAGE);
	pace_pipeline_loaded_release(&l); /* empty: a no-op */
	fx_release(&f);
	pace_error_release(&err);
	free(db);
}

static int setup_all(void **state)
{
	(void)state;
	helper = unit_helper();
	if (!helper)
		return -1;
	return unit_tmpdir_make(tmpdir, sizeof(tmpdir), "pipeline");
}

static int teardown_all(void **state)
{
	(void)state;
	return unit_tmpdir_remove(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recording),
		cmocka_unit_test(test_recorder_drops_a_failing_store),
		cmocka_unit_test(test_load_redoes_the_analysis),
		cmocka_unit_test(test_analysis_and_reports),
	};
	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
