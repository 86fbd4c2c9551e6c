/*
 * plan.c - from suites and filters to an ordered list of test x variants.
 *
 * Selection first (a test is kept when its id - or "suite/id" - matches
 * any --filter pattern and it carries any --tags tag; its variants are cut
 * down to --variants), then the dependencies of the selected tests that
 * the filters left out (unless --no-deps), then order: a stable
 * topological sort over
 * dependsOn, so that file order is kept wherever dependencies allow.
 * Invariant: every item has at least one variant.
 */
#include <assert.h>

#include "plan/plan.h"

static bool test_selected(const struct pace_test *t,
			  const struct pace_plan_filter *f)
{
	bool ok = f->patterns.n == 0;
	for (size_t i = 0; !ok && i < f->patterns.n; i++) {
		char *full = pace_xasprintf("%s/%s", t->suite ? t->suite : "",
					    t->id);
		ok = pace_match_pattern(f->patterns.v[i], t->id) ||
		     pace_match_pattern(f->patterns.v[i], full);
		free(full);
	}
	if (!ok)
		return false;
	if (f->tags.n == 0)
		return true;
	for (size_t i = 0; i < f->tags.n; i++)
		if (pace_strvec_contains(&t->tags, f->tags.v[i]))
			return true;
	return false;
}

static int check_variant_names(const struct pace_suite *suites, size_t ns,
			       const struct pace_plan_filter *f,
			       struct pace_error *err)
{
	for (size_t k = 0; k < f->variants.n; k++) {
		bool found = false;
		for (size_t s = 0; s < ns && !found; s++)
			for (size_t t = 0; t < suites[s].ntests && !found; t++)
				for (size_t v = 0; v < suites[s].tests[t].nvariants; v++)
					if (!strcmp(suites[s].tests[t].variants[v].name,
						    f->variants.v[k]))
						found = true;
		if (!found)
			return pace_error_set(err, PACE_EUSAGE,
					      "unknown variant '%s' in --variants: no test has it",
					      f->variants.v[k]);
	}
	return 0;
}

static void add_item(struct pace_plan *plan, const struct pace_test *t,
		     const struct pace_plan_filter *f, bool as_dependency)
{
	struct pace_plan_item *it;
	size_t nv = 0;
	const struct pace_variant **vs =
		pace_xcalloc(t->nvariants, sizeof(*vs));

	for (size_t v = 0; v < t->nvariants; v++)
		if (!f->variants.n ||
		    pace_strvec_contains(&f->variants, t->variants[v].name))
			vs[nv++] = &t->variants[v];
	if (!nv) {
		free(vs);
		return;
	}
	PACE_GROW(plan->items, plan->alloc, plan->n + 1);
	it = &plan->items[plan->n++];
	it->test = t;
	it->variants = vs;
	it->nvariants = nv;
	it->aa_copy = NULL;
	it->as_dependency = as_dependency;
	it->expected_s = t->estimated_s;
}

/* Index of the item whose test has `id` in the same suite, or -1. */
static long find_item(const struct pace_plan *p, const struct pace_test *from,
		      const char *id)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->items[i].test->id, id) &&
		    !strcmp(p->items[i].test->suite ? p->items[i].test->suite : "",
			    from->suite ? from->suite : ""))
			return (long)i;
	return -1;
}

/* The test with `id` in suite s, or NULL. */
static const struct pace_test *suite_test(const struct pace_suite *s,
					  const char *id)
{
	for (size_t t = 0; t < s->ntests; t++)
		if (!strcmp(s->tests[t].id, id))
			return &s->tests[t];
	return NULL;
}

/* Adds the dependencies of every planned item that are not planned yet;
 * items added here are visited too, so the closure is transitive.  A
 * dependency whose variants --variants removed all of stays out. */
static void add_dependencies(struct pace_plan *p, const struct pace_suite *suites,
			     size_t nsuites, const struct pace_plan_filter *f)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct pace_test *t = p->items[i].test;
		const struct pace_suite *s = NULL;

		for (size_t k = 0; k < nsuites && !s; k++)
			if (t >= suites[k].tests && t < suites[k].tests + suites[k].ntests)
				s = &suites[k];
		for (size_t d = 0; s && d < t->depends_on.n; d++) {
			const struct pace_test *dep = suite_test(s, t->depends_on.v[d]);
			if (dep && find_item(p, t, dep->id) < 0)
				add_item(p, dep, f, true);
		}
	}
}

/* Kahn's algorithm, always taking the earliest ready item. */
static void order_by_dependencies(struct pace_plan *p)
{
	struct pace_plan_item *out = pace_xcalloc(p->n, sizeof(*out));
	bool *done = pace_xcalloc(p->n, sizeof(*done));
	size_t nout = 0;

	while (nout < p->n) {
		size_t pick = p->n;
		for (size_t i = 0; i < p->n && pick == p->n; i++) {
			const struct pace_test *t = p->items[i].test;
			bool ready = !done[i];
			for (size_t d = 0; ready && d < t->depends_on.n; d++) {
				long j = find_item(p, t, t->depends_on.v[d]);
				if (j >= 0 && !done[j])
					ready = false;
			}
			if (ready)
				pick = i;
		}
		/* The suite parser rejects cycles; should one slip through,
		 * fall back to file order rather than loop forever. */
		assert(pick < p->n || !"dependency cycle reached the planner");
		if (pick == p->n)
			for (pick = 0; done[pick]; pick++)
				;
		done[pick] = true;
		out[nout++] = p->items[pick];
	}
	free(p->items);
	free(done);
	p->items = out;
	p->alloc = p->n;
}

int pace_plan_build(struct pace_plan *out, const struct pace_suite *suites,
		    size_t nsuites, const struct pace_plan_filter *filter,
		    struct pace_error *err)
{
	int rc = check_variant_names(suites, nsuites, filter, err);
	if (rc)
		return rc;
	for (size_t s = 0; s < nsuites; s++)
		for (size_t t = 0; t < suites[s].ntests; t++)
			if (test_selected(&suites[s].tests[t], filter))
				add_item(out, &suites[s].tests[t], filter, false);
	if (!filter->no_deps)
		add_dependencies(out, suites, nsuites, filter);
	order_by_dependencies(out);
	return 0;
}

void pace_plan_release(struct pace_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		free(plan->items[i].variants);
		if (plan->items[i].aa_copy)
			free(plan->items[i].aa_copy->name);
		free(plan->items[i].aa_copy);
	}
	free(plan->items);
	plan->items = NULL;
	plan->n = plan->alloc = 0;
}

void pace_plan_expand_aa(struct pace_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		struct pace_plan_item *it = &plan->items[i];
		struct pace_variant *copy;

		if (it->test->binary_target || !it->nvariants || it->aa_copy)
			continue;
		/* A shallow copy: the command and hooks stay the test's. */
		copy = pace_xmalloc(sizeof(*copy));
		*copy = *it->variants[0];
		copy->name = pace_xasprintf("%s-copy", it->variants[0]->name);
		it->aa_copy = copy;
		it->variants = pace_xrealloc(it->variants, 2 * sizeof(*it->variants));
		it->variants[1] = copy;
		it->nvariants = 2;
	}
}
