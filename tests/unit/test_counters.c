/*
 * test_counters.c - perf_event_open counters (probe/counters.h) against
 * real processes: the command's CPU time and page faults are counted,
 * the counting process's own work between open and read is not, and a
 * machine without hardware counters says why.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "exec/exec.h"
#include "probe/counters.h"

static double cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void burn(double s)
{
	double end = cpu_seconds() + s;
	volatile unsigned long x = 0;

	while (cpu_seconds() < end)
		x = x * 6364136223846793005UL + 1;
}

static void counts_the_command_not_the_counter(void **state)
{
	char *argv[] = {getenv("PACE_HELPER"), "alloc", "8", NULL};
	struct pace_exec_spec spec = {.argv = argv, .capture_limit = 4096,
				      .kill_grace_s = 1, .timeout_s = 60};
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_counters c;
	struct pace_sample s;
	int64_t v[PACE_NPERF];
	char *note;

	(void)state;
	assert_non_null(argv[0]);
	pace_counters_open(&c);
	if (c.fd[PACE_PERF_TASK_CLOCK] < 0)
		skip(); /* no perf_event_open here (seccomp, or no CONFIG_PERF_EVENTS) */
	burn(0.3); /* ours: must not be counted */
	assert_int_equal(pace_exec_run(&s, NULL, &spec, &err), 0);
	burn(0.3);
	pace_counters_read_close(&c, v);
	assert_int_equal(s.exit_code, 0);
	/* 8 MiB touched: 2048 pages at least */
	assert_true(v[PACE_PERF_PAGE_FAULTS] >= 2048);
	assert_true(v[PACE_PERF_TASK_CLOCK] > 0);
	/* far below the 0.6 s this process burnt meanwhile */
	assert_true(v[PACE_PERF_TASK_CLOCK] < 300000000);
	assert_true(v[PACE_PERF_CONTEXT_SWITCHES] >= 0);
	assert_true(v[PACE_PERF_CPU_MIGRATIONS] >= 0);
	note = pace_counters_hw_note(&c);
	if (c.err[PACE_PERF_CYCLES]) {
		assert_non_null(note);
		assert_non_null(strstr(note, "hardware counters:"));
		assert_int_equal(v[PACE_PERF_CYCLES], -1);
	} else {
		assert_null(note);
		assert_true(v[PACE_PERF_CYCLES] > 0);
	}
	free(note);
	pace_error_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_the_command_not_the_counter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
