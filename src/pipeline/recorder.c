/*
 * recorder.c - writing a `pace run` into the history store as it goes, so
 * that a run killed at any moment keeps every sample of every finished
 * batch.  Samples are written in batches (one transaction each): every
 * BATCH_SAMPLES samples or BATCH_NS of wall time, whichever comes first,
 * and at each test's end together with the test's summaries.  A store
 * that fails mid-run is reported once (the warn callback) and dropped:
 * the measurement goes on, and the result files are written as always.
 * pace run and pace-self's storage target record through this same code.
 * The run's progress (tests done of planned, the runner's ETA) goes with
 * every batch and at each test's start, so that a watcher in another
 * process (pace serve, pace monitor) can say how much is left.
 */
#include "pipeline/pipeline.h"

#define BATCH_SAMPLES 64
#define BATCH_NS (200 * 1000000LL)

void pace_recorder_init(struct pace_recorder *rec, struct pace_store *st,
			const struct pace_config *cfg, const char *command_line)
{
	memset(rec, 0, sizeof(*rec));
	rec->st = st;
	rec->cfg = cfg;
	rec->command_line = command_line ? pace_xstrdup(command_line) : NULL;
	rec->git_commit = pace_pipeline_git_commit(NULL);
}

static void drop_store(struct pace_recorder *rs, struct pace_error *err)
{
	if (rs->warn) {
		char *msg = pace_xasprintf("%s; this run is not stored further",
					   pace_error_msg(err));
		rs->warn(rs->warn_data, msg);
		free(msg);
	}
	pace_store_free(rs->st);
	rs->st = NULL;
}

static int begin(struct pace_recorder *rs, const struct pace_run *run,
		 struct pace_error *err)
{
	struct pace_strbuf cfg = PACE_STRBUF_INIT;
	struct pace_store_run_meta meta = {.git_commit = rs->git_commit,
					   .command_line = rs->command_line,
					   .run_group = rs->run_group,
					   .shard = rs->shard};
	int rc;

	pace_config_to_json(rs->cfg, &cfg);
	meta.config_json = pace_strbuf_str(&cfg);
	rc = pace_store_run_begin(rs->st, run, &meta, err);
	pace_strbuf_release(&cfg);
	rs->begun = rc == 0;
	rs->last_flush_ns = pace_now_ns();
	return rc;
}

/* Results kept from the interrupted run being resumed: their samples
 * are in the store already (only their summaries are written again). */
static void mark_stored(struct pace_recorder *rs, const struct pace_run *run,
			size_t first)
{
	if (run->nresults > rs->nsaved) {
		size_t old = rs->nsaved;
		PACE_GROW(rs->saved, rs->nsaved, run->nresults);
		memset(rs->saved + old, 0, (rs->nsaved - old) * sizeof(*rs->saved));
	}
	for (size_t i = first; i < run->nresults && run->results[i].test ==
	     run->results[first].test; i++)
		rs->saved[i] = run->results[i].nsamples;
}

/* One transaction: every sample not stored yet, and when `summaries` the
 * summaries of results [from, to). */
static int flush(struct pace_recorder *rs, const struct pace_run *run,
		 size_t from, size_t to, struct pace_error *err)
{
	int rc = pace_store_begin(rs->st, err);

	mark_stored(rs, run, run->nresults);
	for (size_t i = 0; i < run->nresults && !rc; i++) {
		const struct pace_result *r = &run->results[i];
		if (r->nsamples > rs->saved[i])
			rc = pace_store_add_samples(rs->st, run->id, r, i, rs->saved[i],
						    r->nsamples - rs->saved[i], err);
	}
	for (size_t i = from; i < to && !rc; i++)
		rc = pace_store_put_result(rs->st, run->id, &run->results[i], i, err);
	if (!rc && rs->progress.known)
		rc = pace_store_run_progress(rs->st, run->id, &rs->progress, err);
	if (rc) {
		pace_store_rollback(rs->st);
		return rc;
	}
	rc = pace_store_commit(rs->st, err);
	for (size_t i = 0; i < run->nresults && !rc; i++)
		rs->saved[i] = run->results[i].nsamples;
	rs->pending = 0;
	rs->last_flush_ns = pace_now_ns();
	return rc;
}

void pace_recorder_event(struct pace_recorder *rs, const struct pace_run *run,
			  const struct pace_runner_progress *p)
{
	struct pace_error err = PACE_ERROR_INIT;
	int rc = 0;

	if (!rs->st)
		return;
	if (!rs->begun)
		rc = begin(rs, run, &err);
	if (p->ev == PACE_EV_TEST_START || p->ev == PACE_EV_TEST_END ||
	    p->ev == PACE_EV_SAMPLE) {
		rs->progress.known = true;
		rs->progress.tests_planned = p->ntests;
		rs->progress.tests_done = p->test_index + (p->ev == PACE_EV_TEST_END);
		rs->progress.eta_s = p->eta_s;
	}
	if (!rc && p->ev == PACE_EV_TEST_START)
		rc = pace_store_run_progress(rs->st, run->id, &rs->progress, &err);
	if (!rc && p->ev == PACE_EV_SAMPLE &&
	    (++rs->pending >= BATCH_SAMPLES ||
	     pace_now_ns() - rs->last_flush_ns >= BATCH_NS))
		rc = flush(rs, run, 0, 0, &err);
	if (!rc && p->ev == PACE_EV_TEST_END) {
		/* This test's results: from its first while they are its own
		 * (under --jobs the slots after them belong to other tests). */
		size_t first = (size_t)(p->result - run->results), to = first;
		while (to < run->nresults && run->results[to].test == p->test)
			to++;
		if (p->resumed)
			mark_stored(rs, run, first);
		rc = flush(rs, run, first, to, &err);
	}
	if (rc)
		drop_store(rs, &err);
	pace_error_release(&err);
}

void pace_recorder_finish(struct pace_recorder *rs, const struct pace_run *run)
{
	struct pace_error err = PACE_ERROR_INIT;
	int rc = 0;

	if (!rs->st || !run->id[0])
		return;
	if (!rs->begun)
		rc = begin(rs, run, &err);
	if (!rc)
		rc = flush(rs, run, 0, run->nresults, &err);
	if (!rc)
		rc = pace_store_run_end(rs->st, run, run->interrupted
					? PACE_STORE_INTERRUPTED : PACE_STORE_COMPLETE, &err);
	if (rc)
		drop_store(rs, &err);
	pace_error_release(&err);
}

void pace_recorder_release(struct pace_recorder *rs)
{
	pace_store_free(rs->st);
	free(rs->saved);
	free(rs->git_commit);
	free(rs->command_line);
	memset(rs, 0, sizeof(*rs));
}
