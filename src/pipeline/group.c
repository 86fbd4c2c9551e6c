/*
 * group.c - the shards of one CI run (pace run --shard K/N, sharing a
 * run group) loaded back as one run, so that `pace report GROUP`,
 * `pace compare GROUP ...` and `pace history GROUP` see the whole plan.
 * Each test ran in exactly one shard, so the shards' results are simply
 * put one after the other (a test's variants stay adjacent); the first
 * shard's record (start, configuration, environment) stands for the
 * group, whose id is the group's name.
 */
#include "pipeline/pipeline.h"

/* Moves everything of `from` to the end of `to` and frees from's arrays
 * (their contents moved: the results' test pointers into the suites'
 * test arrays stay valid, since those arrays do not move). */
static void append(struct pace_store_loaded *to, struct pace_store_loaded *from)
{
	struct pace_run *a = &to->run, *b = &from->run;

	to->suites = pace_xrealloc(to->suites, (to->nsuites + from->nsuites + 1) *
						sizeof(*to->suites));
	memcpy(to->suites + to->nsuites, from->suites, from->nsuites * sizeof(*from->suites));
	to->nsuites += from->nsuites;
	PACE_GROW(a->results, a->alloc, a->nresults + b->nresults);
	memcpy(a->results + a->nresults, b->results, b->nresults * sizeof(*b->results));
	a->nresults += b->nresults;
	if (b->ended_unix_ms > a->ended_unix_ms) {
		a->ended_unix_ms = b->ended_unix_ms;
		memcpy(a->ended, b->ended, sizeof(a->ended));
	}
	a->interrupted |= b->interrupted;
	if (from->info.ended_unix_ms > to->info.ended_unix_ms) {
		to->info.ended_unix_ms = from->info.ended_unix_ms;
		memcpy(to->info.ended, from->info.ended, sizeof(to->info.ended));
	}
	if (from->info.status != PACE_STORE_COMPLETE)
		to->info.status = from->info.status;
	to->info.ntests += from->info.ntests;
	to->info.nresults += from->info.nresults;
	to->info.nsamples += from->info.nsamples;
	free(from->suites);
	free(b->results);
	from->suites = NULL;
	from->nsuites = 0;
	b->results = NULL;
	b->nresults = b->alloc = 0;
	pace_store_loaded_release(from);
}

int pace_pipeline_load_group(struct pace_store *st, const char *group,
			     const struct pace_strvec *ids,
			     struct pace_store_loaded *out, struct pace_error *err)
{
	int rc = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < ids->n && !rc; i++) {
		struct pace_store_loaded l;
		if ((rc = pace_store_load_run(st, ids->v[i], &l, err)) != 0)
			break;
		if (i == 0)
			*out = l;
		else
			append(out, &l);
	}
	if (rc) {
		pace_store_loaded_release(out);
		return rc;
	}
	snprintf(out->info.id, sizeof(out->info.id), "%s", group);
	snprintf(out->run.id, sizeof(out->run.id), "%s", group);
	return 0;
}
