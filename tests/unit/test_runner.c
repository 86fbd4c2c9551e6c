/*
 * test_runner.c - src/runner with real processes: suites written as YAML
 * around tests/helpers/pace-helper and small shell commands are planned
 * and run, and the results checked: fixed and automatic run counts,
 * discarded warm-ups, interleaved variants (seen through a file the
 * commands append to), a failing variant that stops alone, ignoreFailure,
 * a failing setup (skip with reason, teardown still runs), a stop request
 * from the progress callback, comparisons, and validation failures.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "plan/plan.h"
#include "runner/runner.h"
#include "suite/suite.h"
#include "unit_env.h"

static const char *helper;
static char tmpdir[64];

struct fx {
	struct pace_suite suite;
	struct pace_plan plan;
	struct pace_config cfg;
	struct pace_run run;
	struct pace_error err;
	volatile int stop;
	size_t samples_seen, stop_after;
};

/* Parses a suite whose text uses %1$s for the helper and %2$s for the
 * temporary directory. */
static struct fx *fx_new(const char *fmt)
{
	struct fx *f = pace_xcalloc(1, sizeof(*f));
	struct pace_plan_filter none = {PACE_STRVEC_INIT, PACE_STRVEC_INIT,
					PACE_STRVEC_INIT};
	struct pace_strbuf text = PACE_STRBUF_INIT;
	const char *p;

	/* A tiny "%H" / "%D" expander: snprintf's positional arguments are
	 * not worth -Wformat-nonliteral here. */
	for (p = fmt; *p; p++) {
		if (p[0] == '%' && p[1] == 'H')
			pace_strbuf_adds(&text, helper), p++;
		else if (p[0] == '%' && p[1] == 'D')
			pace_strbuf_adds(&text, tmpdir), p++;
		else
			pace_strbuf_addc(&text, *p);
	}
	pace_error_init(&f->err);
	if (pace_suite_parse(&f->suite, "r.yaml", text.buf, text.len, false, &f->err))
		fail_msg("suite: %s", pace_error_msg(&f->err));
	assert_int_equal(pace_plan_build(&f->plan, &f->suite, 1, &none, &f->err), 0);
	pace_config_init(&f->cfg);
	f->cfg.runs = 3;
	f->cfg.warmup = 0;
	f->cfg.quiet = true;
	pace_run_init(&f->run);
	pace_strbuf_release(&text);
	return f;
}

static void on_progress(const struct pace_runner_progress *p, void *data)
{
	struct fx *f = data;
	if (p->ev == PACE_EV_SAMPLE && ++f->samples_seen == f->stop_after)
		f->stop = 1;
}

static void fx_run(struct fx *f)
{
	struct pace_runner_opts o = {.cfg = &f->cfg, .cb = on_progress,
				     .cb_data = f, .stop = &f->stop};
	int rc = pace_runner_run(&f->run, &f->plan, &o, &f->err);
	if (rc)
		fail_msg("runner: %s", pace_error_msg(&f->err));
}

static void fx_free(struct fx *f)
{
	pace_run_release(&f->run);
	pace_plan_release(&f->plan);
	pace_suite_release(&f->suite);
	pace_config_release(&f->cfg);
	pace_error_release(&f->err);
	free(f);
}

/* Contents of a file in the temporary directory, "" when missing. */
static char *slurp(const char *name)
{
	struct pace_strbuf sb = PACE_STRBUF_INIT;
	char *path = pace_xasprintf("%s/%s", tmpdir, name);
	if (pace_read_file(path, &sb, NULL))
		pace_strbuf_reset(&sb);
	free(path);
	return pace_strbuf_detach(&sb);
}

static void test_fixed_runs_and_comparison(void **state)
{
	struct fx *f = fx_new("suite: r\nvariants: [slow, fast]\ntests:\n"
			      "  - id: t\n    command:\n"
			      "      slow: [/bin/sleep, '0.1']\n"
			      "      fast: [/bin/true]\n");
	const struct pace_comparison *c;
	(void)state;

	fx_run(f);
	assert_false(f->run.interrupted);
	assert_int_equal(f->run.nresults, 2);
	assert_int_equal(f->run.nfailed_results, 0);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(f->run.results[i].nsamples, 3);
		assert_int_equal(f->run.results[i].nfailed, 0);
		assert_null(f->run.results[i].failure);
		assert_int_equal(f->run.results[i].wall.n, 3);
	}
	assert_string_equal(f->run.results[0].variant->name, "slow");
	assert_true(f->run.results[0].samples[0].wall_ns >= 100000000);
	assert_int_equal(f->run.ncomparisons, 1);
	c = &f->run.comparisons[0];
	assert_ptr_equal(c->faster, &f->run.results[1]);
	assert_ptr_equal(c->slower, &f->run.results[0]);
	assert_true(c->ratio >= 1.0);
	assert_true(c->ratio > 1.5); /* 100 ms against a bare exit */
	assert_int_equal(strlen(f->run.started), 24);
	assert_true(f->run.ended_unix_ms >= f->run.started_unix_ms);
	assert_true(strlen(f->run.id) > 0);
	fx_free(f);
}

static void test_auto_runs(void **state)
{
	struct fx *f = fx_new("suite: r\ntests:\n  - id: t\n    command: [%H, exit, '0']\n");
	(void)state;

	/* minTime far away: stopped by maxRuns. */
	f->cfg.runs = 0;
	f->cfg.min_runs = 4;
	f->cfg.max_runs = 7;
	f->cfg.min_time = 100;
	fx_run(f);
	assert_int_equal(f->run.results[0].nsamples, 7);
	assert_string_equal(f->run.results[0].stop_reason, "max-runs");
	fx_free(f);

	/* minTime reached at once: minRuns. */
	f = fx_new("suite: r\ntests:\n  - id: t\n    command: [%H, sleep, '0.02']\n");
	f->cfg.runs = 0;
	f->cfg.min_runs = 4;
	f->cfg.max_runs = 50;
	f->cfg.min_time = 0.001;
	fx_run(f);
	assert_int_equal(f->run.results[0].nsamples, 4);
	assert_string_equal(f->run.results[0].stop_reason, "min-time");
	fx_free(f);

	/* In between: about minTime / time of the first run (plain
	 * /bin/sleep, so that a sanitizer build of the helper does not
	 * slow it down). */
	f = fx_new("suite: r\ntests:\n  - id: t\n    command: [/bin/sleep, '0.02']\n");
	f->cfg.runs = 0;
	f->cfg.min_runs = 2;
	f->cfg.max_runs = 0;
	f->cfg.min_time = 0.3;
	fx_run(f);
	/* exactly the rule, from the first run's own time: a load that
	 * slows that run lowers the count, but cannot break the check */
	{
		double first = (double)f->run.results[0].samples[0].wall_ns / 1e9;
		double want = fmax(2, ceil(0.3 / first));
		assert_int_equal(f->run.results[0].nsamples, (size_t)want);
		assert_in_range(f->run.results[0].nsamples, 2, 15);
	}
	fx_free(f);
}

/* execution.precision: at least minRuns rounds, then until every
 * variant's mean is precise enough, or maxRuns / maxTime. */
static void test_adaptive_stopping(void **state)
{
	const char *suite = "suite: r\nvariants: [a, b]\ntests:\n  - id: t\n"
			    "    command:\n      a: [/bin/sleep, '0.01']\n"
			    "      b: [/bin/sleep, '0.02']\n";
	struct fx *f = fx_new(suite);
	const struct pace_summary *w;
	(void)state;

	/* Whatever the machine's load, 5 positive times have a coefficient
	 * of variation of at most sqrt(5), so the t interval's relative
	 * half-width is at most t(0.975, 4) / sqrt(5) * sqrt(5) = 2.78:
	 * a precision of 3 is met after exactly min_runs rounds (a 5 %
	 * precision depended on the machine being quiet). */
	f->cfg.runs = 0;
	f->cfg.min_runs = 5;
	f->cfg.max_runs = 300;
	f->cfg.precision = 3.0;
	fx_run(f);
	for (size_t v = 0; v < 2; v++) {
		w = &f->run.results[v].wall;
		assert_string_equal(f->run.results[v].stop_reason, "precision");
		assert_int_equal(f->run.results[v].nsamples, 5);
		assert_true((w->ci_hi - w->ci_lo) / 2 / w->mean <= 3.0);
	}
	fx_free(f);

	f = fx_new(suite);
	f->cfg.runs = 0;
	f->cfg.min_runs = 3;
	f->cfg.max_runs = 8;
	f->cfg.precision = 1e-6;
	fx_run(f);
	assert_int_equal(f->run.results[0].nsamples, 8);
	assert_string_equal(f->run.results[1].stop_reason, "max-runs");
	fx_free(f);

	f = fx_new(suite);
	f->cfg.runs = 0;
	f->cfg.min_runs = 3;
	f->cfg.precision = 1e-6;
	f->cfg.max_time = 0.2;
	fx_run(f);
	assert_string_equal(f->run.results[0].stop_reason, "max-time");
	assert_in_range(f->run.results[0].nsamples, 3, 10);
	fx_free(f);

	/* A fixed count wins over precision. */
	f = fx_new(suite);
	f->cfg.precision = 0.5;
	fx_run(f);
	assert_int_equal(f->run.results[0].nsamples, 3);
	assert_string_equal(f->run.results[0].stop_reason, "runs");
	fx_free(f);
}

static void test_warmup_and_interleaving(void **state)
{
	struct fx *f = fx_new("suite: r\nvariants: [a, b]\ntests:\n"
			      "  - id: t\n    shell: true\n    warmup: 2\n    command:\n"
			      "      a: echo a >> %D/order\n"
			      "      b: echo b >> %D/order\n");
	char *order;
	(void)state;

	fx_run(f);
	order = slurp("order");
	/* Two warm-up rounds (a then b), then three measured ones whose
	 * first variant rotates: a b, b a, a b. */
	assert_string_equal(order, "a\nb\na\nb\na\nb\nb\na\na\nb\n");
	assert_int_equal(f->run.results[0].nsamples, 3);
	assert_int_equal(f->run.results[1].nsamples, 3);
	free(order);
	fx_free(f);
}

static void test_failing_variant(void **state)
{
	static const char suite[] =
		"suite: r\nvariants: [ok, bad]\ntests:\n"
		"  - id: t\n    runs: 4\n    command:\n"
		"      ok: [%H, exit, '0']\n"
		"      bad: [%H, exit, '3']\n"
		"  - id: after\n    command: [%H, exit, '0']\n";
	struct fx *f = fx_new(suite);
	const struct pace_result *bad;
	(void)state;

	fx_run(f);
	assert_int_equal(f->run.nresults, 3);
	bad = &f->run.results[1];
	assert_int_equal(f->run.results[0].nsamples, 4);
	assert_int_equal(bad->nsamples, 1); /* stopped at its first failure */
	assert_int_equal(bad->nfailed, 1);
	assert_int_equal(bad->first_fail, PACE_FAIL_EXIT);
	assert_int_equal(bad->samples[0].exit_code, 3);
	assert_string_equal(bad->failure, "exit code 3 (expected 0)");
	assert_string_equal(bad->stop_reason, "failure");
	assert_string_equal(f->run.results[0].stop_reason, "runs");
	assert_int_equal(f->run.results[2].nsamples, 3); /* the next test ran */
	assert_int_equal(f->run.nfailed_results, 1);
	assert_int_equal(f->run.ncomparisons, 0);
	fx_free(f);

	f = fx_new(suite);
	f->cfg.ignore_failure = true;
	fx_run(f);
	bad = &f->run.results[1];
	assert_int_equal(bad->nsamples, 4);
	assert_int_equal(bad->nfailed, 0);
	assert_null(bad->failure);
	for (size_t i = 0; i < bad->nsamples; i++) {
		assert_int_equal(bad->samples[i].exit_code, 3);
		assert_int_equal(bad->samples[i].fail, PACE_FAIL_NONE);
	}
	assert_int_equal(f->run.nfailed_results, 0);
	assert_int_equal(f->run.ncomparisons, 1);
	fx_free(f);
}

static void test_setup_failure(void **state)
{
	struct fx *f = fx_new("suite: r\ntests:\n"
			      "  - id: t\n"
			      "    setup: [[%H, exit, '5']]\n"
			      "    teardown: [[/bin/sh, -c, 'echo down > %D/teardown']]\n"
			      "    command: [/bin/sh, -c, 'echo ran > %D/ran']\n");
	char *down, *ran;
	(void)state;

	fx_run(f);
	assert_int_equal(f->run.results[0].nsamples, 0);
	assert_non_null(f->run.results[0].skipped);
	assert_non_null(strstr(f->run.results[0].skipped, "setup command"));
	assert_non_null(strstr(f->run.results[0].skipped, "exit code 5"));
	assert_int_equal(f->run.nfailed_results, 1);
	down = slurp("teardown");
	ran = slurp("ran");
	assert_string_equal(down, "down\n");
	assert_string_equal(ran, "");
	free(down);
	free(ran);
	fx_free(f);
}

static void test_stop_from_callback(void **state)
{
	struct fx *f = fx_new("suite: r\ntests:\n"
			      "  - id: one\n    runs: 10\n    command: [%H, exit, '0']\n"
			      "    teardown: [[/bin/sh, -c, 'echo x > %D/stopdown']]\n"
			      "  - id: two\n    command: [%H, exit, '0']\n");
	char *down;
	(void)state;

	f->stop_after = 2;
	fx_run(f);
	assert_true(f->run.interrupted);
	assert_int_equal(f->run.results[0].nsamples, 2);
	assert_string_equal(f->run.results[0].stop_reason, "interrupted");
	assert_int_equal(f->run.nresults, 1); /* test two never started */
	down = slurp("stopdown");
	assert_string_equal(down, "x\n"); /* teardown still ran */
	free(down);
	fx_free(f);
}

static void test_validation(void **state)
{
	struct fx *f = fx_new("suite: r\ntests:\n"
			      "  - id: regex\n    command: [%H, echo, bye]\n"
			      "    validation: {outputMatches: '^hello'}\n"
			      "  - id: regex-ok\n    command: [%H, echo, hello]\n"
			      "    validation: {outputMatches: '^hel+o$'}\n"
			      "  - id: slow\n    command: [%H, sleep, '0.05']\n"
			      "    validation: {maxTime: 1ms}\n");
	const struct pace_result *r;
	(void)state;

	fx_run(f);
	r = f->run.results;
	assert_int_equal(f->run.nresults, 3);
	assert_int_equal(r[0].first_fail, PACE_FAIL_VALIDATION);
	assert_string_equal(r[0].failure, "stdout does not match outputMatches '^hello'");
	assert_int_equal(r[0].nsamples, 1);
	assert_int_equal(r[1].nfailed, 0);
	assert_int_equal(r[1].nsamples, 3);
	assert_int_equal(r[2].first_fail, PACE_FAIL_VALIDATION);
	assert_non_null(strstr(r[2].failure, "more than maxTime"));
	assert_int_equal(f->run.nfailed_results, 2);
	fx_free(f);
}

/* The sandbox executor through the runner (issue 18): the suite's
 * executor reaches its tests, a test may keep the local one, a write
 * outside the working directory fails, and a variant whose sandbox cannot
 * start (a root filesystem without /tmp) fails with the reason while the
 * run goes on. */
static void test_sandbox_executor(void **state)
{
	struct fx *f = fx_new("suite: r\nexecutor: sandbox\ntests:\n"
			      "  - id: inside\n    cwd: %D\n"
			      "    command: [%H, create, sandbox-wrote-this]\n"
			      "  - id: etc\n    cwd: %D\n"
			      "    command: [%H, create, /etc/pace-runner-probe]\n"
			      "  - id: broken\n    cwd: %D\n    command: [%H, exit, '0']\n"
			      "  - id: host\n    executor: local\n"
			      "    command: [%H, exit, '0']\n");
	char *empty = pace_xasprintf("%s/empty-root", tmpdir);
	char *wrote;
	const struct pace_result *r;
	(void)state;

	assert_int_equal(mkdir(empty, 0755), 0);
	f->suite.tests[2].environment.root = empty; /* borrowed, freed below */
	fx_run(f);
	f->suite.tests[2].environment.root = NULL;
	r = f->run.results;
	assert_int_equal(f->run.nresults, 4);
	if (r[0].failure && strstr(r[0].failure, "user namespaces")) {
		fprintf(stderr, "skipped: %s\n", r[0].failure);
		free(empty);
		fx_free(f);
		skip();
	}
	assert_int_equal(r[0].executor, PACE_EXECUTOR_SANDBOX);
	assert_null(r[0].failure);
	assert_int_equal(r[0].nsamples, 3);
	wrote = pace_xasprintf("%s/sandbox-wrote-this", tmpdir);
	assert_int_equal(access(wrote, F_OK), 0); /* the working directory */
	free(wrote);
	assert_string_equal(r[1].failure, "exit code 1 (expected 0)");
	assert_int_equal(access("/etc/pace-runner-probe", F_OK), -1);
	assert_non_null(r[2].failure);
	assert_non_null(strstr(r[2].failure, "cannot start the sandbox: "));
	assert_non_null(strstr(r[2].failure, "/tmp"));
	assert_int_equal(r[2].nsamples, 0);
	assert_int_equal(r[3].executor, PACE_EXECUTOR_LOCAL);
	assert_int_equal(r[3].nsamples, 3);
	assert_null(r[3].failure);
	assert_int_equal(f->run.nfailed_results, 2);
	rmdir(empty);
	free(empty);
	fx_free(f);
}

static int setup_all(void **state)
{
	(void)state;
	helper = unit_helper();
	if (!helper)
		return -1;
	return unit_tmpdir_make(tmpdir, sizeof(tmpdir), "runner");
}

static int teardown_all(void **state)
{
	(void)state;
	return unit_tmpdir_remove(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_runs_and_comparison),
		cmocka_unit_test(test_auto_runs),
		cmocka_unit_test(test_warmup_and_interleaving),
		cmocka_unit_test(test_failing_variant),
		cmocka_unit_test(test_setup_failure),
		cmocka_unit_test(test_stop_from_callback),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_adaptive_stopping),
		cmocka_unit_test(test_sandbox_executor),
	};
	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
