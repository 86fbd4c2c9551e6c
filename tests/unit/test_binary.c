/*
 * test_binary.c - checks src/binary, pace's reader of the libpace-bench
 * protocol, against real programs: tests/helpers/pace-bench-helper (built
 * next to pace-helper) with targets that work, crash, hang, fail and print
 * junk, and a missing program.
 */
#include <libgen.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "binary/binary.h"
#include "suite/suite.h"

static char helper[4096];

static int find_helper(void **state)
{
	const char *h = getenv("PACE_HELPER") ? getenv("PACE_HELPER") : PACE_HELPER;
	char *copy = strdup(h);

	(void)state;
	snprintf(helper, sizeof(helper), "%s/pace-bench-helper", dirname(copy));
	free(copy);
	return 0;
}

static void test_list(void **state)
{
	struct pace_binary_target *t;
	struct pace_error err = PACE_ERROR_INIT;
	size_t n;

	(void)state;
	assert_int_equal(pace_binary_list(&t, &n, helper, 30, &err), 0);
	assert_int_equal(n, 5);
	assert_string_equal(t[0].name, "ok");
	assert_string_equal(t[0].suite, "helper");
	assert_int_equal(t[0].tags.n, 2);
	assert_string_equal(t[0].tags.v[1], "cpu");
	assert_string_equal(t[4].name, "chatty");
	pace_binary_targets_free(t, n);
	pace_error_release(&err);
}

static void run(struct pace_binary_outcome *o, const char *name, const char *path)
{
	struct pace_binary_opts opts = PACE_BINARY_OPTS_INIT;
	struct pace_error err = PACE_ERROR_INIT;

	opts.timeout_s = 3;
	opts.min_time_ms = 0.5;
	opts.samples = 5;
	opts.warmup = 0;
	assert_int_equal(pace_binary_run(o, path ? path : helper, name, &opts, &err), 0);
	pace_error_release(&err);
}

static void test_ok(void **state)
{
	struct pace_binary_outcome o;

	(void)state;
	run(&o, "ok", NULL);
	assert_int_equal(o.fail, PACE_FAIL_NONE);
	assert_null(o.message);
	assert_int_equal(o.nsamples, 5);
	assert_true(o.iterations > 1);
	assert_true(o.ns_per_op[0] > 0 && o.ns_per_op[0] < 1000);
	assert_true(o.timer_overhead_ns > 0);
	assert_int_equal(o.counter_names.n, 1);
	assert_string_equal(o.counter_names.v[0], "seven");
	assert_true(o.counter_values[0] == 7);
	/* per sample counter values and the clock, for pace's statistics */
	assert_non_null(o.counter_samples);
	for (size_t i = 0; i < o.nsamples; i++)
		assert_true(o.counter_samples[i] == 7);
	assert_true(!strcmp(o.timer_clock, "TSC") || !strcmp(o.timer_clock, "CLOCK_MONOTONIC"));
	assert_true(o.timer_getres_ns > 0);
	assert_true(o.bytes_per_op == 0 && o.items_per_op == 0);
	pace_binary_outcome_release(&o);

	run(&o, "chatty", NULL);    /* junk lines on stdout are ignored */
	assert_int_equal(o.fail, PACE_FAIL_NONE);
	assert_int_equal(o.nsamples, 5);
	pace_binary_outcome_release(&o);
}

static void test_failures(void **state)
{
	struct pace_binary_outcome o;

	(void)state;
	run(&o, "crash", NULL);
	assert_int_equal(o.fail, PACE_FAIL_SIGNAL);
	assert_non_null(strstr(o.message, "crashed"));
	pace_binary_outcome_release(&o);

	run(&o, "hang", NULL);
	assert_int_equal(o.fail, PACE_FAIL_TIMEOUT);
	assert_true(o.process.timed_out);
	pace_binary_outcome_release(&o);

	run(&o, "fails", NULL);
	assert_int_equal(o.fail, PACE_FAIL_EXIT);
	assert_string_equal(o.message, "target failed: no \"data\" here");
	pace_binary_outcome_release(&o);

	run(&o, "no-such-target", NULL);
	assert_int_equal(o.fail, PACE_FAIL_EXIT);
	assert_non_null(strstr(o.message, "no result"));
	pace_binary_outcome_release(&o);

	run(&o, "ok", "/nonexistent/pace-bench-program");
	assert_int_equal(o.fail, PACE_FAIL_SPAWN);
	pace_binary_outcome_release(&o);
}

/* A suite with a command test and two type: binary entries, expanded. */
static int expand(struct pace_suite *s, const char *entries, struct pace_error *err)
{
	char *text = pace_xasprintf("suite: s\ntests:\n  - id: cmd\n    command: \"true\"\n%s",
				    entries);
	int rc = pace_suite_parse(s, "t.yaml", text, strlen(text), false, err);

	free(text);
	assert_int_equal(rc, 0);
	return pace_binary_expand(s, 30, err);
}

static void test_expand(void **state)
{
	struct pace_suite s;
	struct pace_error err = PACE_ERROR_INIT;
	char *entries = pace_xasprintf(
		"  - id: lib\n    type: binary\n    program: %s\n"
		"    targets: [chatty, ok]\n    tags: [mine]\n    runs: 4\n    timeout: 9s\n"
		"    dependsOn: [cmd]\n"
		"  - id: lib2\n    type: binary\n    program: %s\n    filter: \"^(fails|hang)$\"\n",
		helper, helper);
	const struct pace_test *t;

	(void)state;
	assert_int_equal(expand(&s, entries, &err), 0);
	free(entries);
	assert_int_equal(s.ntests, 5);
	assert_string_equal(s.tests[0].id, "cmd");
	assert_null(s.tests[0].binary_target);
	/* targets keep the program's order, not the list's */
	assert_string_equal(s.tests[1].id, "ok");
	assert_string_equal(s.tests[2].id, "chatty");
	assert_string_equal(s.tests[3].id, "hang");
	assert_string_equal(s.tests[4].id, "fails");
	t = &s.tests[1];
	assert_string_equal(t->binary, helper);
	assert_string_equal(t->binary_target, "ok");
	assert_string_equal(t->suite, "s");
	assert_string_equal(t->category, "helper");   /* the target's own suite */
	assert_int_equal(t->tags.n, 3);                /* mine, fast, cpu */
	assert_string_equal(t->tags.v[0], "mine");
	assert_int_equal(t->runs, 4);
	assert_true(t->timeout_s == 9);
	assert_string_equal(t->depends_on.v[0], "cmd");
	assert_int_equal(t->nvariants, 1);
	assert_string_equal(t->variants[0].name, "default");
	assert_string_equal(t->variants[0].cmd.argv.v[1], "--exact");
	assert_string_equal(t->variants[0].cmd.argv.v[2], "ok");
	assert_int_equal(s.tests[3].runs, -1);
	/* expanding again changes nothing */
	assert_int_equal(pace_binary_expand(&s, 30, &err), 0);
	assert_int_equal(s.ntests, 5);
	pace_suite_release(&s);

	entries = pace_xasprintf("  - id: lib\n    type: binary\n    program: %s\n"
				 "    targets: [ok, nosuch]\n", helper);
	assert_int_equal(expand(&s, entries, &err), PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "has no target 'nosuch'"));
	pace_suite_release(&s);
	free(entries);

	entries = pace_xasprintf("  - id: lib\n    type: binary\n    program: %s\n"
				 "    filter: zzz\n", helper);
	assert_int_equal(expand(&s, entries, &err), PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "no target of"));
	pace_suite_release(&s);
	free(entries);

	entries = pace_xasprintf("  - id: a\n    type: binary\n    program: %s\n"
				 "    targets: [ok]\n"
				 "  - id: b\n    type: binary\n    program: %s\n"
				 "    targets: [ok]\n", helper, helper);
	assert_int_equal(expand(&s, entries, &err), PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "test id 'ok' appears twice"));
	pace_suite_release(&s);
	free(entries);

	assert_int_equal(expand(&s, "  - id: a\n    type: binary\n    program: /nonexistent/prog\n",
				&err), PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "cannot list the targets of '/nonexistent/prog'"));
	pace_suite_release(&s);
	pace_error_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_ok),
		cmocka_unit_test(test_failures),
		cmocka_unit_test(test_expand),
	};

	return cmocka_run_group_tests(tests, find_helper, NULL);
}
