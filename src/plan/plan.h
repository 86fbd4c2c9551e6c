/*
 * plan.h - choosing and ordering what runs: filters on test ids (substring
 * or glob), tags and variant names, then an order in which every test
 * comes after the tests it dependsOn (a stable topological sort: file order
 * wherever dependencies allow).  Cycles and dependencies on unknown tests
 * were already rejected by the suite parser.  A test that --filter/--tags
 * selected brings the tests it dependsOn along (transitively, marked
 * as_dependency so that the CLI can say so) unless no_deps; with no_deps
 * a dependency the filters removed is simply not run, and its dependents
 * run without it.
 */
#ifndef PACE_PLAN_H
#define PACE_PLAN_H

#include "model.h"

struct pace_plan_filter {
	struct pace_strvec patterns; /* --filter: any matches (empty: all) */
	struct pace_strvec tags;     /* --tags: any tag matches (empty: all) */
	struct pace_strvec variants; /* --variants: names kept (empty: all) */
	bool no_deps;                /* --no-deps: do not bring dependencies */
};

struct pace_plan_item {
	const struct pace_test *test;            /* borrowed */
	const struct pace_variant **variants;    /* borrowed; the selected ones */
	size_t nvariants;
	struct pace_variant *aa_copy;            /* owned: --aa's copy, or NULL */
	/* Not selected by the filters, but a dependency of a selected test. */
	bool as_dependency;
};

struct pace_plan {
	struct pace_plan_item *items;
	size_t n, alloc;
};
#define PACE_PLAN_INIT {NULL, 0, 0}

/* Builds the plan over the given suites.  A --variants name that no test
 * has is PACE_EUSAGE. */
int pace_plan_build(struct pace_plan *out, const struct pace_suite *suites,
		    size_t nsuites, const struct pace_plan_filter *filter,
		    struct pace_error *err);
void pace_plan_release(struct pace_plan *plan);
/* `pace run --aa`: every command test's variants become its first
 * selected variant A and a copy of it, "A-copy", with the same command
 * and hooks (so its own fixture copy, setup and prepare), measured in the
 * same rotation as a real comparison.  Binary targets stay as they are. */
void pace_plan_expand_aa(struct pace_plan *plan);

#endif
