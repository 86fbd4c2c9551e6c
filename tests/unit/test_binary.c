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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_ok),
		cmocka_unit_test(test_failures),
	};

	return cmocka_run_group_tests(tests, find_helper, NULL);
}
