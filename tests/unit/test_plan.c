/*
 * test_plan.c - src/plan: which tests and variants a filter keeps (id
 * substring or glob, also on "suite/id"; any tag; a subset of variants),
 * that an unknown --variants name is a usage error, and the order: file
 * order wherever dependsOn allows, dependents after their dependencies
 * even when declared first, dependencies of a filtered selection brought
 * along unless no_deps (then they are simply not run).  Suites come from YAML text through the real parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "plan/plan.h"
#include "suite/suite.h"

static const char suite_a[] =
	"suite: alpha\n"
	"variants: [fast, slow]\n"
	"tests:\n"
	"  - id: sort-small\n"
	"    tags: [cpu, quick]\n"
	"    command: {fast: 'true', slow: 'false'}\n"
	"  - id: sort-large\n"
	"    tags: [cpu]\n"
	"    command: {fast: 'true', slow: 'false'}\n"
	"  - id: read-file\n"
	"    tags: [io]\n"
	"    command: {slow: 'true'}\n";

static const char suite_b[] =
	"suite: beta\n"
	"tests:\n"
	"  - id: sort-other\n"
	"    tags: [mem]\n"
	"    command: 'true'\n";

struct fixture {
	struct pace_suite suites[2];
	struct pace_plan_filter f;
	struct pace_plan plan;
	struct pace_error err;
};

static struct fixture *fixture_new(const char *a, const char *b)
{
	struct fixture *fx = pace_xcalloc(1, sizeof(*fx));
	pace_error_init(&fx->err);
	assert_int_equal(pace_suite_parse(&fx->suites[0], "a.yaml", a, strlen(a),
					  false, &fx->err), 0);
	if (b)
		assert_int_equal(pace_suite_parse(&fx->suites[1], "b.yaml", b,
						  strlen(b), false, &fx->err), 0);
	return fx;
}

static void fixture_free(struct fixture *fx)
{
	pace_suite_release(&fx->suites[0]);
	if (fx->suites[1].id)
		pace_suite_release(&fx->suites[1]);
	pace_strvec_release(&fx->f.patterns);
	pace_strvec_release(&fx->f.tags);
	pace_strvec_release(&fx->f.variants);
	pace_plan_release(&fx->plan);
	pace_error_release(&fx->err);
	free(fx);
}

/* Builds the plan and compares its test ids, "id" or "suite/id" as given
 * by `qualified`, joined with spaces. */
static void expect_plan(struct fixture *fx, size_t nsuites, const char *want)
{
	struct pace_strbuf got = PACE_STRBUF_INIT;
	pace_plan_release(&fx->plan);
	assert_int_equal(pace_plan_build(&fx->plan, fx->suites, nsuites, &fx->f,
					 &fx->err), 0);
	for (size_t i = 0; i < fx->plan.n; i++) {
		assert_true(fx->plan.items[i].nvariants > 0);
		pace_strbuf_addf(&got, "%s%s", i ? " " : "",
				 fx->plan.items[i].test->id);
	}
	assert_string_equal(pace_strbuf_str(&got), want);
	pace_strbuf_release(&got);
}

/* Builds the plan afresh, whatever it holds. */
static void expect_plan_any(struct fixture *fx)
{
	pace_plan_release(&fx->plan);
	assert_int_equal(pace_plan_build(&fx->plan, fx->suites, 1, &fx->f,
					 &fx->err), 0);
}

static void test_no_filter(void **state)
{
	struct fixture *fx = fixture_new(suite_a, suite_b);
	(void)state;
	expect_plan(fx, 2, "sort-small sort-large read-file sort-other");
	assert_int_equal(fx->plan.items[0].nvariants, 2);
	assert_string_equal(fx->plan.items[0].variants[0]->name, "fast");
	assert_string_equal(fx->plan.items[3].test->suite, "beta");
	fixture_free(fx);
}

static void test_patterns(void **state)
{
	struct fixture *fx = fixture_new(suite_a, suite_b);
	(void)state;

	pace_strvec_push(&fx->f.patterns, "sort");           /* substring */
	expect_plan(fx, 2, "sort-small sort-large sort-other");
	pace_strvec_release(&fx->f.patterns);
	pace_strvec_push(&fx->f.patterns, "alpha/");         /* "suite/id" */
	expect_plan(fx, 2, "sort-small sort-large read-file");
	pace_strvec_release(&fx->f.patterns);
	pace_strvec_push(&fx->f.patterns, "sort-*");         /* glob: whole id */
	expect_plan(fx, 2, "sort-small sort-large sort-other");
	pace_strvec_release(&fx->f.patterns);
	pace_strvec_push(&fx->f.patterns, "*-l?rge");
	expect_plan(fx, 2, "sort-large");
	pace_strvec_release(&fx->f.patterns);
	pace_strvec_push(&fx->f.patterns, "beta/*");         /* glob on suite */
	expect_plan(fx, 2, "sort-other");
	pace_strvec_release(&fx->f.patterns);
	pace_strvec_push(&fx->f.patterns, "ort-*");          /* glob is not substring */
	expect_plan(fx, 2, "");
	pace_strvec_push(&fx->f.patterns, "read");           /* any pattern */
	expect_plan(fx, 2, "read-file");
	fixture_free(fx);
}

static void test_tags(void **state)
{
	struct fixture *fx = fixture_new(suite_a, suite_b);
	(void)state;

	pace_strvec_push(&fx->f.tags, "cpu");
	expect_plan(fx, 2, "sort-small sort-large");
	pace_strvec_push(&fx->f.tags, "mem"); /* any of them */
	expect_plan(fx, 2, "sort-small sort-large sort-other");
	pace_strvec_push(&fx->f.patterns, "small");
	expect_plan(fx, 2, "sort-small"); /* patterns and tags both apply */
	pace_strvec_release(&fx->f.tags);
	pace_strvec_push(&fx->f.tags, "nosuchtag");
	expect_plan(fx, 2, "");
	fixture_free(fx);
}

static void test_variants(void **state)
{
	struct fixture *fx = fixture_new(suite_a, suite_b);
	(void)state;

	pace_strvec_push(&fx->f.variants, "slow");
	expect_plan(fx, 2, "sort-small sort-large read-file");
	for (size_t i = 0; i < fx->plan.n; i++) {
		assert_int_equal(fx->plan.items[i].nvariants, 1);
		assert_string_equal(fx->plan.items[i].variants[0]->name, "slow");
	}
	pace_strvec_release(&fx->f.variants);
	pace_strvec_push(&fx->f.variants, "fast");
	expect_plan(fx, 1, "sort-small sort-large"); /* read-file has no fast */
	pace_strvec_push(&fx->f.variants, "slow");
	expect_plan(fx, 1, "sort-small sort-large read-file");
	assert_int_equal(fx->plan.items[0].nvariants, 2);
	assert_ptr_equal(fx->plan.items[0].variants[1],
			 &fx->suites[0].tests[0].variants[1]);

	pace_strvec_push(&fx->f.variants, "medium");
	pace_plan_release(&fx->plan);
	assert_int_equal(pace_plan_build(&fx->plan, fx->suites, 2, &fx->f, &fx->err),
			 PACE_EUSAGE);
	assert_string_equal(pace_error_msg(&fx->err),
			    "unknown variant 'medium' in --variants: no test has it");
	assert_int_equal(fx->plan.n, 0);
	fixture_free(fx);
}

static const char deps[] =
	"suite: deps\n"
	"tests:\n"
	"  - {id: report, command: 'true', dependsOn: [build, fetch]}\n"
	"  - {id: lint, command: 'true'}\n"
	"  - {id: build, command: 'true', dependsOn: [fetch]}\n"
	"  - {id: docs, command: 'true'}\n"
	"  - {id: fetch, command: 'true'}\n"
	"  - {id: last, command: 'true', dependsOn: [lint]}\n";

/* --aa: each test's first selected variant and a copy of it, with the
 * same command and hooks and its own name; released with the plan. */
static void test_expand_aa(void **state)
{
	struct fixture *fx = fixture_new(suite_a, suite_b);
	(void)state;

	pace_strvec_push(&fx->f.variants, "slow");
	pace_strvec_push(&fx->f.variants, "fast");
	expect_plan(fx, 2, "sort-small sort-large read-file");
	pace_plan_expand_aa(&fx->plan);
	pace_plan_expand_aa(&fx->plan); /* a second call changes nothing */
	for (size_t i = 0; i < fx->plan.n; i++) {
		const struct pace_plan_item *it = &fx->plan.items[i];
		char want[64];
		assert_int_equal(it->nvariants, 2);
		snprintf(want, sizeof(want), "%s-copy", it->variants[0]->name);
		assert_string_equal(it->variants[1]->name, want);
		assert_ptr_equal(it->variants[1]->cmd.text, it->variants[0]->cmd.text);
		assert_ptr_equal(it->variants[1], it->aa_copy);
	}
	/* the first selected variant in the test's order, not the filter's */
	assert_string_equal(fx->plan.items[0].variants[0]->name, "fast");
	assert_string_equal(fx->plan.items[2].variants[0]->name, "slow");
	fixture_free(fx);
}

static void test_depends_order(void **state)
{
	struct fixture *fx = fixture_new(deps, NULL);
	(void)state;

	/* Kahn's algorithm taking the earliest ready test each time. */
	expect_plan(fx, 1, "lint docs fetch build report last");
	fixture_free(fx);

	fx = fixture_new("suite: s\ntests:\n"
			 "  - {id: a, command: 'true'}\n"
			 "  - {id: b, command: 'true', dependsOn: [a]}\n"
			 "  - {id: c, command: 'true'}\n", NULL);
	expect_plan(fx, 1, "a b c"); /* already in order: unchanged */
	fixture_free(fx);
}

/* A filter brings the dependencies of what it selects along, marked
 * as_dependency, transitively (report -> build -> fetch); --no-deps
 * (no_deps) leaves them out, and they are simply not run. */
static void test_depends_filtered_out(void **state)
{
	struct fixture *fx = fixture_new(deps, NULL);
	(void)state;

	pace_strvec_push(&fx->f.patterns, "report");
	expect_plan(fx, 1, "fetch build report");
	assert_true(fx->plan.items[0].as_dependency);
	assert_true(fx->plan.items[1].as_dependency);
	assert_false(fx->plan.items[2].as_dependency);
	pace_strvec_push(&fx->f.patterns, "build");
	expect_plan(fx, 1, "fetch build report");
	assert_false(fx->plan.items[1].as_dependency);
	pace_strvec_release(&fx->f.patterns);
	pace_strvec_push(&fx->f.patterns, "last");
	expect_plan(fx, 1, "lint last");

	fx->f.no_deps = true;
	pace_strvec_release(&fx->f.patterns);
	pace_strvec_push(&fx->f.patterns, "report");
	expect_plan(fx, 1, "report");
	pace_strvec_push(&fx->f.patterns, "build");
	expect_plan(fx, 1, "build report");
	pace_strvec_push(&fx->f.patterns, "fetch");
	expect_plan(fx, 1, "fetch build report");
	fixture_free(fx);
}

/* dependsOn names tests of the same suite: an id shared across suites
 * does not tie them together. */
static void test_depends_per_suite(void **state)
{
	struct fixture *fx = fixture_new(
		"suite: one\ntests:\n"
		"  - {id: use, command: 'true', dependsOn: [base]}\n"
		"  - {id: base, command: 'true'}\n",
		"suite: two\ntests:\n"
		"  - {id: base, command: 'true'}\n");
	(void)state;

	expect_plan(fx, 2, "base use base");
	assert_string_equal(fx->plan.items[0].test->suite, "one");
	assert_string_equal(fx->plan.items[2].test->suite, "two");
	fixture_free(fx);
}

/* LPT: heaviest first, each to the least loaded bin, ties by index and
 * by the lowest bin. */
static void test_lpt(void **state)
{
	const double w[] = {2, 3, 2, 3, 2};
	size_t bin[5];
	(void)state;

	pace_plan_lpt(w, 5, 2, bin);
	/* 3 (1) -> 0, 3 (3) -> 1, 2 (0) -> 0, 2 (2) -> 1, 2 (4) -> 0 */
	assert_int_equal(bin[1], 0);
	assert_int_equal(bin[3], 1);
	assert_int_equal(bin[0], 0);
	assert_int_equal(bin[2], 1);
	assert_int_equal(bin[4], 0);
}

/* Shards 1..n of a plan cover it exactly once, keep plan order, and keep
 * dependsOn groups together, for every n up to more shards than tests. */
static void test_shards_cover_once(void **state)
{
	static const char text[] =
		"suite: deps\n"
		"tests:\n"
		"  - {id: report, command: 'true', dependsOn: [build, fetch]}\n"
		"  - {id: lint, command: 'true', estimatedDuration: 9s}\n"
		"  - {id: build, command: 'true', dependsOn: [fetch]}\n"
		"  - {id: docs, command: 'true', estimatedDuration: 2s}\n"
		"  - {id: fetch, command: 'true', estimatedDuration: 1s}\n"
		"  - {id: last, command: 'true', dependsOn: [lint]}\n"
		"  - {id: solo, command: 'true', estimatedDuration: 4s}\n";
	(void)state;

	for (size_t n = 1; n <= 8; n++) {
		struct fixture *fx = fixture_new(text, NULL);
		struct pace_plan whole = PACE_PLAN_INIT;
		size_t seen[16] = {0}, total = 0;

		assert_int_equal(pace_plan_build(&whole, fx->suites, 1, &fx->f, &fx->err), 0);
		for (size_t k = 1; k <= n; k++) {
			long shard_of_lint = -1, shard_of_last = -1, last = -1;
			expect_plan_any(fx);
			pace_plan_shard(&fx->plan, k, n);
			for (size_t i = 0; i < fx->plan.n; i++) {
				size_t j = 0;
				while (whole.items[j].test != fx->plan.items[i].test)
					j++;
				seen[j]++;
				total++;
				if (!strcmp(fx->plan.items[i].test->id, "lint"))
					shard_of_lint = (long)k;
				if (!strcmp(fx->plan.items[i].test->id, "last"))
					shard_of_last = (long)k;
				/* the whole plan's order is kept within the shard */
				assert_true(i == 0 || (long)j > last);
				last = (long)j;
			}
			assert_int_equal(shard_of_lint, shard_of_last);
		}
		assert_int_equal(total, whole.n);
		for (size_t j = 0; j < whole.n; j++)
			assert_int_equal(seen[j], 1);
		pace_plan_release(&whole);
		fixture_free(fx);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_filter),
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_variants),
		cmocka_unit_test(test_expand_aa),
		cmocka_unit_test(test_depends_order),
		cmocka_unit_test(test_depends_filtered_out),
		cmocka_unit_test(test_depends_per_suite),
		cmocka_unit_test(test_lpt),
		cmocka_unit_test(test_shards_cover_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
