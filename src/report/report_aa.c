/*
 * report_aa.c - two questions every writer asks the same way, so that the
 * console, the vcs table, results.json and summary.md never disagree:
 *
 *  - do two variants of a test run the same thing?  Then no winner is
 *    named between them: any difference is the machine's, not theirs;
 *  - in a `pace run --aa` run (each test's first variant against a copy
 *    of itself, pace_plan_expand_aa), how many tests were called
 *    different by the rule a real comparison uses (significant and
 *    meaningful)?  That is the false-positive rate of the method on this
 *    machine.
 */
#include <string.h>

#include "report/report.h"

static bool same_cmd(const struct pace_cmd *a, const struct pace_cmd *b)
{
	if (a->shell != b->shell || a->argv.n != b->argv.n)
		return false;
	for (size_t i = 0; i < a->argv.n; i++)
		if (strcmp(a->argv.v[i], b->argv.v[i]))
			return false;
	return true;
}

static bool same_hooks(const struct pace_cmd *a, size_t na,
		       const struct pace_cmd *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!same_cmd(&a[i], &b[i]))
			return false;
	return true;
}

bool pace_report_same_command(const struct pace_variant *a,
			      const struct pace_variant *b)
{
	return same_cmd(&a->cmd, &b->cmd) &&
	       same_hooks(a->setup, a->nsetup, b->setup, b->nsetup) &&
	       same_hooks(a->prepare, a->nprepare, b->prepare, b->nprepare) &&
	       same_hooks(a->conclude, a->nconclude, b->conclude, b->nconclude) &&
	       same_hooks(a->teardown, a->nteardown, b->teardown, b->nteardown);
}

size_t pace_report_aa_count(const struct pace_run *run, size_t *tests,
			    const struct pace_test **different, size_t max)
{
	size_t ndiff = 0;

	*tests = 0;
	for (size_t i = 0; i < run->ncomparisons; i++) {
		const struct pace_comparison *c = &run->comparisons[i];
		if (!c->faster || !c->slower)
			continue;
		(*tests)++;
		if (!c->meaningful)
			continue;
		if (different && ndiff < max)
			different[ndiff] = c->faster->test;
		ndiff++;
	}
	return ndiff;
}
