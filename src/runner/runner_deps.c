/*
 * runner_deps.c - dependsOn at run time: a test whose dependency failed
 * or was skipped is skipped itself, with that reason, so that every
 * output (console, results.json, summary.md, the store) says why it did
 * not run.  The plan orders dependencies first, so their results are
 * already in the run when a dependent's turn comes; a dependency that is
 * not in the plan at all (--no-deps with a filter that left it out) has
 * no results and holds nothing back.
 *
 * Variants are matched by name where the dependency has the same variant
 * (a `jj` build failing skips the `jj` checks, not the `git` ones);
 * where it has no such variant, any of its variants failing counts.
 */
#include "runner/runner.h"

static bool same_test(const struct pace_test *a, const struct pace_test *b,
		      const char *id)
{
	return !strcmp(a->id, id) &&
	       !strcmp(a->suite ? a->suite : "", b->suite ? b->suite : "");
}

/* The sentence for result r of dependency `dep`, or NULL when it ran. */
static char *reason_of(const struct pace_result *r, const char *dep)
{
	if (r->skipped)
		return pace_xasprintf("dependency '%s' was skipped: %s", dep,
				      r->skipped);
	if (r->failure || r->nfailed)
		return pace_xasprintf("dependency '%s' failed: %s", dep,
				      r->failure ? r->failure : "a run failed");
	return NULL;
}

/* The reason from one dependency, or NULL. */
static char *dependency_reason(const struct pace_run *run,
			       const struct pace_test *t, const char *dep,
			       const char *variant)
{
	bool has_variant = false;
	char *why = NULL;

	for (size_t i = 0; i < run->nresults; i++)
		if (run->results[i].test && same_test(run->results[i].test, t, dep) &&
		    !strcmp(run->results[i].variant->name, variant))
			has_variant = true;
	for (size_t i = 0; i < run->nresults && !why; i++) {
		const struct pace_result *r = &run->results[i];
		if (!r->test || !same_test(r->test, t, dep))
			continue;
		if (!has_variant || !strcmp(r->variant->name, variant))
			why = reason_of(r, dep);
	}
	return why;
}

char *pace_runner_dependency_skip(const struct pace_run *run,
				  const struct pace_test *t,
				  const char *variant)
{
	char *why = NULL;

	for (size_t d = 0; d < t->depends_on.n && !why; d++)
		why = dependency_reason(run, t, t->depends_on.v[d], variant);
	return why;
}
