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
	/* Expected wall time of the whole item in seconds, for --jobs
	 * (longest first); < 0 unknown.  pace_plan_build sets the test's
	 * estimatedDuration; the CLI may refine it from the history. */
	double expected_s;
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

/* `--shard K/N` (shard.c): keeps part k (1-based) of n of the plan, a
 * deterministic LPT cut by estimatedDuration that keeps dependsOn groups
 * together; the parts k = 1..n cover the plan exactly once. */
void pace_plan_shard(struct pace_plan *plan, size_t k, size_t n);
/* The expected duration of item i, in seconds: its test's
 * estimatedDuration, else the mean of the plan's known ones, else 1. */
double pace_plan_item_estimate(const struct pace_plan *plan, size_t i);
/* Longest processing time first: bin[i] (< bins) for each of the n
 * weights, each in turn (heaviest first, ties by index) to the bin with
 * the least total so far (ties: the lowest bin).  Zero weights go to
 * bins too; callers that group items give the members weight 0 and use
 * the representative's bin. */
void pace_plan_lpt(const double *w, size_t n, size_t bins, size_t *bin);

#endif
