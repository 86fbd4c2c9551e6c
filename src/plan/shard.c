/*
 * shard.c - `pace run --shard K/N` (CI matrices): the plan cut into N
 * duration-balanced parts, of which this process runs part K.  Every
 * shard computes the same cut on its own, so the cut may depend only on
 * what all of them see alike: the plan (same suites, same filters) and
 * each test's estimatedDuration.  The history is deliberately not used:
 * shards write into it as they finish, so shard 3 would see what shard 1
 * just measured, cut differently, and run a test twice or never.
 *
 * Tests tied by dependsOn stay in one shard (a dependency must run
 * before its dependents in the same process).  Balancing is LPT (longest
 * processing time first): groups sorted by expected duration, longest
 * first (ties: plan order), each given to the part with the least total
 * so far (ties: the lowest part).  A test without estimatedDuration
 * counts as the mean of those that have one, or 1 when none has.
 */
#include <assert.h>
#include <stdlib.h>

#include "plan/plan.h"

struct group {
	size_t first;   /* plan index of its first item: the tie-break */
	double weight;
};

static int by_weight(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first;
}

void pace_plan_lpt(const double *w, size_t n, size_t bins, size_t *bin)
{
	struct group *g = pace_xcalloc(n + 1, sizeof(*g));
	double *load = pace_xcalloc(bins, sizeof(*load));

	for (size_t i = 0; i < n; i++)
		g[i] = (struct group){i, w[i]};
	qsort(g, n, sizeof(*g), by_weight);
	for (size_t i = 0; i < n; i++) {
		size_t best = 0;
		for (size_t b = 1; b < bins; b++)
			if (load[b] < load[best])
				best = b;
		load[best] += g[i].weight;
		bin[g[i].first] = best;
	}
	free(g);
	free(load);
}

double pace_plan_item_estimate(const struct pace_plan *plan, size_t i)
{
	double sum = 0;
	size_t known = 0;

	if (plan->items[i].test->estimated_s >= 0)
		return plan->items[i].test->estimated_s;
	for (size_t k = 0; k < plan->n; k++)
		if (plan->items[k].test->estimated_s >= 0) {
			sum += plan->items[k].test->estimated_s;
			known++;
		}
	return known ? sum / (double)known : 1.0;
}

static size_t find(size_t *parent, size_t i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

/* parent[i]: a representative of item i's dependsOn-connected group. */
static void join_dependencies(const struct pace_plan *plan, size_t *parent)
{
	for (size_t i = 0; i < plan->n; i++)
		parent[i] = i;
	for (size_t i = 0; i < plan->n; i++) {
		const struct pace_test *t = plan->items[i].test;
		for (size_t k = 0; k < plan->n; k++) {
			const struct pace_test *o = plan->items[k].test;
			if (k != i && pace_strvec_contains(&t->depends_on, o->id) &&
			    !strcmp(t->suite ? t->suite : "", o->suite ? o->suite : "")) {
				size_t a = find(parent, i), b = find(parent, k);
				parent[a > b ? a : b] = a > b ? b : a;
			}
		}
	}
}

void pace_plan_shard(struct pace_plan *plan, size_t k, size_t n)
{
	size_t *parent = pace_xcalloc(plan->n + 1, sizeof(*parent));
	size_t *bin = pace_xcalloc(plan->n + 1, sizeof(*bin));
	double *w = pace_xcalloc(plan->n + 1, sizeof(*w));
	size_t kept = 0;

	assert(k >= 1 && k <= n);
	join_dependencies(plan, parent);
	/* A group's weight sits at its representative (its lowest index);
	 * the other members weigh 0 and follow it below. */
	for (size_t i = 0; i < plan->n; i++)
		w[find(parent, i)] += pace_plan_item_estimate(plan, i);
	pace_plan_lpt(w, plan->n, n, bin);
	for (size_t i = 0; i < plan->n; i++) {
		struct pace_plan_item *it = &plan->items[i];
		if (bin[find(parent, i)] == k - 1) {
			plan->items[kept++] = *it;
			continue;
		}
		free(it->variants);
		if (it->aa_copy)
			free(it->aa_copy->name);
		free(it->aa_copy);
	}
	plan->n = kept;
	free(parent);
	free(bin);
	free(w);
}
