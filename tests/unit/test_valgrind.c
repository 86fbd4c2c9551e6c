/*
 * test_valgrind.c - instruction counts and profiles (probe/valgrind.h):
 * the callgrind parser on a fixed file (compressed names, calls, a cycle
 * through "(below main)", two processes merged), collecting the counts
 * of several files and the error when valgrind left none, and, where
 * valgrind is installed, a real count of pace-helper: the same every
 * run, and 1 % more work gives about 1 % more instructions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "exec/exec.h"
#include "probe/valgrind.h"

/* main (10 self) calls hot (800 self) and cold (40 self); hot is called
 * from main twice over; "(below main)" and main form a cycle, as glibc's
 * start-up makes callgrind see it. */
static const char file_a[] =
	"# callgrind format\nversion: 1\npositions: line\nevents: Ir\n"
	"summary: 1000\n\n"
	"fl=(1) a.c\nfn=(1) (below main)\n0 100\n"
	"cfn=(2) main\ncalls=1 0\n0 850\n"
	"fn=(2)\n0 10\n"
	"cfn=(3) hot\ncalls=2 0\n0 800\n"
	"cfn=(4) cold\ncalls=1 0\n0 40\n"
	"cfn=(1)\ncalls=1 0\n0 5\n"
	"fn=(3)\n0 500\n+1 300\n"
	"fn=(4)\n0 40\n"
	"totals: 1000\n";
/* A second process: ids mean other names here. */
static const char file_b[] =
	"positions: line\nevents: Ir\nsummary: 200\n"
	"fn=(1) hot\n0 150\nfn=(2) other\n0 50\n";

static void parses_hot_functions_and_paths(void **state)
{
	struct pace_profile_builder *b = pace_profile_builder_new();
	struct pace_profile *p;

	(void)state;
	assert_int_equal(pace_profile_builder_add(b, file_a), 0);
	assert_int_equal(pace_profile_builder_add(b, file_b), 0);
	p = pace_profile_builder_finish(b);
	assert_int_equal(p->total, 1200);
	/* hot: 800 + 150 of 1200; (below main) 100 (8.3 %), below 10 % */
	assert_int_equal(p->nfns, 1);
	assert_string_equal(p->fns[0].name, "hot");
	assert_int_equal(p->fns[0].self, 950);
	assert_int_equal(p->npaths, 1);
	assert_string_equal(p->paths[0].text, "(below main) > main > hot");
	assert_int_equal(p->paths[0].cost, 800);
	pace_profile_free(p);
}

static void no_summary_is_an_error(void **state)
{
	struct pace_profile_builder *b = pace_profile_builder_new();

	(void)state;
	assert_int_equal(pace_profile_builder_add(b, "fn=x\n0 5\n"), -1);
	pace_profile_builder_free(b);
}

static char *temp_dir(void)
{
	char *d = strdup("/tmp/pace-test-valgrind.XXXXXX");

	assert_non_null(mkdtemp(d));
	return d;
}

static void put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void collects_and_removes_the_files(void **state)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_profile *p = NULL;
	char *d = temp_dir();
	int64_t n = -1;

	(void)state;
	put(d, "out.1", file_a);
	put(d, "out.2", file_b);
	put(d, "log.1", "");
	assert_int_equal(pace_valgrind_collect(&n, &p, d, &err), 0);
	assert_int_equal(n, 1200);
	assert_non_null(p);
	assert_int_equal(p->total, 1200);
	pace_profile_free(p);
	assert_int_equal(rmdir(d), 0); /* empty: every file removed */
	free(d);
	pace_error_release(&err);
}

static void no_count_says_what_valgrind_said(void **state)
{
	struct pace_error err = PACE_ERROR_INIT;
	char *d = temp_dir();
	int64_t n = 0;

	(void)state;
	put(d, "log.7", "valgrind: fatal error: something broke");
	assert_int_equal(pace_valgrind_collect(&n, NULL, d, &err), PACE_EIO);
	assert_int_equal(n, -1);
	assert_non_null(strstr(pace_error_msg(&err), "no instruction count"));
	assert_non_null(strstr(pace_error_msg(&err), "something broke"));
	assert_int_equal(rmdir(d), 0);
	free(d);
	pace_error_release(&err);
}

/* The instructions of `pace-helper work units` under valgrind. */
static int64_t count_work(const char *units)
{
	char *argv[] = {getenv("PACE_HELPER"), "work", (char *)units, NULL};
	struct pace_strvec vg = PACE_STRVEC_INIT;
	struct pace_exec_spec spec = {.capture_limit = 4096, .kill_grace_s = 1,
				      .timeout_s = 120};
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_sample s;
	char *d = temp_dir();
	int64_t n = -1;

	pace_valgrind_argv(&vg, argv, d, false);
	spec.argv = vg.v;
	assert_int_equal(pace_exec_run(&s, NULL, &spec, &err), 0);
	assert_int_equal(s.exit_code, 0);
	assert_int_equal(pace_valgrind_collect(&n, NULL, d, &err), 0);
	rmdir(d);
	free(d);
	pace_strvec_release(&vg);
	pace_error_release(&err);
	return n;
}

static void real_counts_are_deterministic(void **state)
{
	int64_t a, b, c;

	(void)state;
#if defined(__SANITIZE_ADDRESS__)
	skip(); /* pace-helper is built with ASan here, which valgrind cannot run */
#endif
	if (!getenv("PACE_HELPER") || system("valgrind --version >/dev/null 2>&1"))
		skip(); /* valgrind is not installed here */
	a = count_work("100");
	b = count_work("100");
	c = count_work("101");
	assert_true(a > 0);
	assert_int_equal(a, b);
	/* one unit more of 100: about 1 % of the work, far above start-up */
	assert_true((double)(c - a) / (double)a > 0.008);
	assert_true((double)(c - a) / (double)a < 0.012);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_hot_functions_and_paths),
		cmocka_unit_test(no_summary_is_an_error),
		cmocka_unit_test(collects_and_removes_the_files),
		cmocka_unit_test(no_count_says_what_valgrind_said),
		cmocka_unit_test(real_counts_are_deterministic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
