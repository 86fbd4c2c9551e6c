/*
 * test_serve.c - src/serve/ on real runs of the helper program recorded
 * into a real SQLite file: the Prometheus text (label escaping, cumulative
 * buckets ending at the sample count, one HELP/TYPE per family), the run's
 * progress recorded while it runs, the API's status codes, the loopback
 * rule and the server refusing an open address without a token, and the
 * Pushgateway client's errors.  The CLI tests (tests/cli/0860-0863) check
 * the same against promtool, Prometheus, a Pushgateway and Chromium.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pipeline/pipeline.h"
#include "plan/plan.h"
#include "serve/serve.h"
#include "suite/suite.h"
#include "unit_env.h"

static const char *helper;
static char tmpdir[64];
static int counter;

struct fx {
	struct pace_suite suite;
	struct pace_plan plan;
	struct pace_config cfg;
	struct pace_run run;
	struct pace_recorder rec;
	char *db;
	size_t samples;
	struct pace_store_progress mid; /* read from another connection mid-run */
};

static void on_event(const struct pace_runner_progress *p, void *data)
{
	struct fx *f = data;
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store *other;

	pace_recorder_event(&f->rec, &f->run, p);
	if (p->ev != PACE_EV_SAMPLE || ++f->samples != 30)
		return;
	assert_int_equal(pace_store_open(&other, f->db, &err), 0);
	assert_int_equal(pace_store_get_progress(other, f->run.id, &f->mid, &err), 0);
	pace_store_free(other);
	pace_error_release(&err);
}

/* One run of one test (id `id`) with two variants of 20 samples each. */
static void fx_run(struct fx *f, const char *id)
{
	struct pace_plan_filter none = {PACE_STRVEC_INIT, PACE_STRVEC_INIT,
					PACE_STRVEC_INIT};
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_strvec names = PACE_STRVEC_INIT;
	char *a = pace_xasprintf("%s exit 0", helper);
	char *b = pace_xasprintf("%s sleep 0.003", helper);
	char *cmds[] = {a, b};
	struct pace_runner_opts o = {.cfg = &f->cfg, .cb = on_event, .cb_data = f};
	struct pace_store *st;

	memset(f, 0, sizeof(*f));
	f->db = pace_xasprintf("%s/db%d/pace.db", tmpdir, ++counter);
	pace_strvec_push(&names, "fast");
	pace_strvec_push(&names, "slow \"3 ms\"");
	assert_int_equal(pace_suite_from_commands(&f->suite, cmds, 2, &names,
						  false, &err), 0);
	free(f->suite.tests[0].id);
	f->suite.tests[0].id = pace_xstrdup(id);
	assert_int_equal(pace_plan_build(&f->plan, &f->suite, 1, &none, &err), 0);
	pace_config_init(&f->cfg);
	f->cfg.runs = 20;
	f->cfg.warmup = 0;
	f->cfg.bootstrap = 200;
	assert_int_equal(pace_store_open(&st, f->db, &err), 0);
	pace_recorder_init(&f->rec, st, &f->cfg, NULL);
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
	free(f->db);
}

static struct pace_store *open_db(const char *db)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store *st;

	assert_int_equal(pace_store_open(&st, db, &err), 0);
	pace_error_release(&err);
	return st;
}

/* The value of the first line starting with `prefix`; -1 when none. */
static double value_of(const char *text, const char *prefix)
{
	for (const char *p = text; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *sp;

		if (strncmp(p, prefix, strlen(prefix)))
			continue;
		sp = memchr(p, ' ', strcspn(p, "\n") + 1);
		while (sp && memchr(sp + 1, ' ', strcspn(sp + 1, "\n")))
			sp = memchr(sp + 1, ' ', strcspn(sp + 1, "\n"));
		return sp ? strtod(sp + 1, NULL) : -1;
	}
	return -1;
}

/* The bucket counts of the series whose labels start with lbl, in order
 * (at most max); their number. */
static size_t buckets(const char *text, const char *lbl, double *v, size_t max)
{
	char *prefix = pace_xasprintf("pace_benchmark_latency_seconds_bucket%s,le=", lbl);
	size_t n = 0;

	for (const char *p = strstr(text, prefix); p && n < max; p = strstr(p + 1, prefix))
		v[n++] = value_of(p, prefix);
	free(prefix);
	return n;
}

static void test_metrics_text(void **state)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_strbuf m = PACE_STRBUF_INIT;
	struct fx f;
	struct pace_store *st;
	const char *lbl = "{suite=\"adhoc\",test=\"op\\\"q\\\\z\\n\",variant=\"slow \\\"3 ms\\\"\"";
	char *prefix;
	double v[64];
	size_t n;
	(void)state;

	fx_run(&f, "op\"q\\z\n");
	st = open_db(f.db);
	assert_int_equal(pace_serve_metrics(&m, st, NULL, &err), 0);
	/* escaped labels; buckets cumulative up to +Inf = count = 20 */
	n = buckets(m.buf, lbl, v, 64);
	assert_int_equal(n, 23);
	for (size_t i = 1; i < n; i++)
		assert_true(v[i] >= v[i - 1]);
	assert_true(v[n - 1] == 20);
	prefix = pace_xasprintf("pace_benchmark_latency_seconds_count%s}", lbl);
	assert_true(value_of(m.buf, prefix) == 20);
	free(prefix);
	/* a 3 ms sleep: no sample in the 1 ms bucket, the mean above 3 ms */
	prefix = pace_xasprintf("pace_benchmark_latency_seconds_bucket%s,le=\"0.001\"}", lbl);
	assert_true(value_of(m.buf, prefix) == 0);
	free(prefix);
	prefix = pace_xasprintf("pace_benchmark_mean_seconds%s}", lbl);
	assert_true(value_of(m.buf, prefix) >= 0.003);
	free(prefix);
	/* each family once */
	assert_non_null(strstr(m.buf, "# TYPE pace_benchmark_mean_seconds gauge\n"));
	assert_null(strstr(strstr(m.buf, "# TYPE pace_benchmark_mean_seconds gauge\n") + 1,
			   "# TYPE pace_benchmark_mean_seconds gauge\n"));
	assert_true(value_of(m.buf, "pace_runs{status=\"complete\"}") == 1);
	assert_true(value_of(m.buf, "pace_latest_run_results ") == 2);
	pace_strbuf_release(&m);
	pace_store_free(st);
	fx_release(&f);
	pace_error_release(&err);
}

static void test_progress_recorded(void **state)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store_progress p;
	struct pace_strbuf j = PACE_STRBUF_INIT;
	struct pace_store *st;
	struct fx f;
	(void)state;

	fx_run(&f, "op");
	/* seen from another connection while the run went on */
	assert_true(f.mid.known);
	assert_int_equal(f.mid.tests_planned, 1);
	assert_int_equal(f.mid.tests_done, 0);
	st = open_db(f.db);
	assert_int_equal(pace_store_get_progress(st, f.run.id, &p, &err), 0);
	assert_true(p.known);
	assert_int_equal(p.tests_done, 1);
	assert_int_equal(p.tests_planned, 1);
	assert_int_equal(pace_store_get_progress(st, "no-such-run", &p, &err), 0);
	assert_false(p.known);
	assert_int_equal(pace_serve_progress_json(&j, st, NULL, &err), 0);
	assert_non_null(strstr(j.buf, "\"testsDone\":1,\"testsPlanned\":1"));
	assert_non_null(strstr(j.buf, "\"status\":\"complete\""));
	pace_strbuf_release(&j);
	/* deleting the run deletes its progress */
	assert_int_equal(pace_store_delete_run(st, f.run.id, &err), 0);
	assert_int_equal(pace_store_get_progress(st, f.run.id, &p, &err), 0);
	assert_false(p.known);
	pace_store_free(st);
	fx_release(&f);
	pace_error_release(&err);
}

static int api_status(struct pace_store *st, const char *path)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_strbuf b = PACE_STRBUF_INIT;
	int rc = pace_serve_api(&b, st, path, &err);

	pace_strbuf_release(&b);
	pace_error_release(&err);
	return rc;
}

static void test_api_status(void **state)
{
	struct fx f;
	struct pace_store *st;
	char *path;
	(void)state;

	fx_run(&f, "op");
	st = open_db(f.db);
	assert_int_equal(api_status(st, "/api/runs"), 200);
	assert_int_equal(api_status(st, "/api/runs/latest"), 200);
	assert_int_equal(api_status(st, "/api/tests"), 200);
	assert_int_equal(api_status(st, "/api/history/adhoc/op/fast"), 200);
	assert_int_equal(api_status(st, "/api/history/adhoc/op/nope"), 404);
	path = pace_xasprintf("/api/compare/%s/latest", f.run.id);
	assert_int_equal(api_status(st, path), 200);
	free(path);
	assert_int_equal(api_status(st, "/api/runs/no-such-run"), 404);
	assert_int_equal(api_status(st, "/api/runs/a/b/c/d/e"), 400);
	assert_int_equal(api_status(st, "/api/history/a//b"), 400);
	assert_int_equal(api_status(st, "/api/nothing"), 404);
	assert_int_equal(api_status(st, "/metrics"), 404);
	pace_store_free(st);
	fx_release(&f);
}

static void test_listen_rules(void **state)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_server *s;
	char *db = pace_xasprintf("%s/listen.db", tmpdir);
	struct pace_serve_opts o = {.store = db, .listen = "0.0.0.0:0"};
	(void)state;

	assert_true(pace_serve_is_loopback("127.0.0.1"));
	assert_true(pace_serve_is_loopback("127.8.9.10"));
	assert_true(pace_serve_is_loopback("::1"));
	assert_true(pace_serve_is_loopback("localhost"));
	assert_false(pace_serve_is_loopback("10.0.0.1"));
	assert_false(pace_serve_is_loopback("::"));
	assert_false(pace_serve_is_loopback("0.0.0.0"));
	assert_int_equal(pace_serve_start(&s, &o, &err), PACE_EUSAGE);
	assert_null(s);
	assert_non_null(strstr(pace_error_msg(&err), "needs a token"));
	o.listen = "127.0.0.1";
	assert_int_equal(pace_serve_start(&s, &o, &err), PACE_EUSAGE);
	o.listen = "127.0.0.1:70000";
	assert_int_equal(pace_serve_start(&s, &o, &err), PACE_EUSAGE);
	o.listen = "example.org:80";
	assert_int_equal(pace_serve_start(&s, &o, &err), PACE_EUSAGE);
	o.listen = "127.0.0.1:0";
	assert_int_equal(pace_serve_start(&s, &o, &err), 0);
	assert_true(pace_serve_port(s) > 0);
	pace_serve_stop(s);
	o.listen = "0.0.0.0:0";
	o.token = "t0ken";
	assert_int_equal(pace_serve_start(&s, &o, &err), 0);
	pace_serve_stop(s);
	free(db);
	pace_error_release(&err);
}

static void test_push_errors(void **state)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_server *s;
	char *db = pace_xasprintf("%s/push.db", tmpdir), *url;
	struct pace_serve_opts o = {.store = db, .listen = "127.0.0.1:0"};
	(void)state;

	assert_int_equal(pace_serve_push("https://x.invalid", "r", "", &err), PACE_EUSAGE);
	assert_int_equal(pace_serve_push("http://:80", "r", "", &err), PACE_EUSAGE);
	assert_int_equal(pace_serve_push("http://h:123456", "r", "", &err), PACE_EUSAGE);
	/* a server that answers, but not 2xx to a PUT: pace serve (405) */
	assert_int_equal(pace_serve_start(&s, &o, &err), 0);
	url = pace_xasprintf("http://127.0.0.1:%d", pace_serve_port(s));
	assert_int_equal(pace_serve_push(url, "r", "x 1\n", &err), PACE_EIO);
	assert_non_null(strstr(pace_error_msg(&err), "405"));
	pace_serve_stop(s);
	/* nobody listening any more */
	assert_int_equal(pace_serve_push(url, "r", "x 1\n", &err), PACE_EIO);
	assert_non_null(strstr(pace_error_msg(&err), "cannot connect"));
	free(url);
	free(db);
	pace_error_release(&err);
}

static int setup_all(void **state)
{
	(void)state;
	helper = unit_helper();
	if (!helper)
		return -1;
	return unit_tmpdir_make(tmpdir, sizeof(tmpdir), "serve");
}

static int teardown_all(void **state)
{
	(void)state;
	return unit_tmpdir_remove(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metrics_text),
		cmocka_unit_test(test_progress_recorded),
		cmocka_unit_test(test_api_status),
		cmocka_unit_test(test_listen_rules),
		cmocka_unit_test(test_push_errors),
	};
	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
