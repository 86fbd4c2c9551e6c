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

/* The measured data of src into dst (zeroed), src left without it. */
static void move_result(struct pace_result *dst, struct pace_result *src)
{
	dst->samples = src->samples;
	dst->nsamples = src->nsamples;
	dst->alloc = src->alloc;
	dst->nfailed = src->nfailed;
	dst->first_fail = src->first_fail;
	dst->failure = src->failure;
	dst->output_snippet = src->output_snippet;
	dst->skipped = src->skipped;
	dst->stop_reason = src->stop_reason;
	dst->executor = src->executor;
	dst->peak_rss = src->peak_rss;
	dst->inproc = src->inproc;
	src->samples = NULL;
	src->nsamples = src->alloc = 0;
	src->failure = src->output_snippet = src->skipped = NULL;
	src->inproc = NULL;
	src->test = NULL; /* taken: never matched twice */
}

bool pace_runner_take_finished(struct pace_run *run,
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
		struct pace_result *r = &run->results[run->nresults++];

		memset(r, 0, sizeof(*r));
		r->test = item->test;
		r->variant = item->variants[v];
		move_result(r, src[v]);
	}
	return true;
}
