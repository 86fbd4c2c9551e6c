/*
 * runner_resume.c - `pace run --resume`: the finished results of an
 * interrupted run come back into the run that finishes it, so that its
 * reports, comparisons and dependency checks cover the whole run.  The
 * store dropped the unfinished results first (pace_store_run_resume),
 * so what is in the loaded run was measured to its end.
 *
 * A plan item is taken only when every one of its variants has a result
 * there: a test whose variants were measured interleaved is measured
 * again whole, never half kept.  Results are moved, not copied (samples,
 * texts, in-process figures): the loaded run is only a source.
 */
#include "runner/runner.h"

static bool same_result(const struct pace_result *r, const struct pace_test *t,
			const struct pace_variant *v)
{
	return r->test && r->variant && !strcmp(r->test->id, t->id) &&
	       !strcmp(r->test->suite ? r->test->suite : "", t->suite ? t->suite : "") &&
	       !strcmp(r->variant->name, v->name);
}

static struct pace_result *find_result(struct pace_run *from,
				       const struct pace_test *t,
				       const struct pace_variant *v)
{
	for (size_t i = 0; i < from->nresults; i++)
		if (same_result(&from->results[i], t, v))
			return &from->results[i];
	return NULL;
}

/* src into dst, with dst's test and variant (the plan's, not the loaded
 * run's); src is left empty, so it is never matched twice and releasing
 * the loaded run frees nothing that moved.  The summaries are redone. */
static void move_result(struct pace_result *dst, struct pace_result *src)
{
	const struct pace_test *t = dst->test;
	const struct pace_variant *v = dst->variant;

	*dst = *src;
	dst->test = t;
	dst->variant = v;
	memset(src, 0, sizeof(*src));
}

bool pace_runner_take_finished(struct pace_result *dst,
			       const struct pace_plan_item *item,
			       struct pace_run *from)
{
	struct pace_result *src[64];

	if (!from || item->nvariants > PACE_ARRAY_SIZE(src))
		return false;
	for (size_t v = 0; v < item->nvariants; v++)
		if (!(src[v] = find_result(from, item->test, item->variants[v])))
			return false;
	for (size_t v = 0; v < item->nvariants; v++) {
		struct pace_result *r = &dst[v];

		memset(r, 0, sizeof(*r));
		r->test = item->test;
		r->variant = item->variants[v];
		move_result(r, src[v]);
	}
	return true;
}
