/*
 * run_store.c - writing a `pace run` into the history store as it goes, so
 * that a run killed at any moment keeps every sample of every finished
 * batch.  Samples are written in batches (one transaction each): every
 * BATCH_SAMPLES samples or BATCH_NS of wall time, whichever comes first,
 * and at each test's end together with the test's summaries.  A store
 * that fails mid-run is reported once and dropped: the measurement goes
 * on, and the result files are written as always.
 */
#include "cli/analysis.h"
#include "cli/cli.h"
#include "cli/run_store.h"

#define BATCH_SAMPLES 64
#define BATCH_NS (200 * 1000000LL)

int pace_run_store_open(struct pace_run_store *rs, const char *location,
			const struct pace_config *cfg, const char *command_line)
{
	struct pace_error err = PACE_ERROR_INIT;
	int rc;

	memset(rs, 0, sizeof(*rs));
	rs->cfg = cfg;
	rc = pace_store_open(&rs->st, location ? location : cfg->store, &err);
	if (rc == PACE_EIO) {
		/* An unwritable place must not stop a benchmark: say so, go on. */
		fprintf(stderr, "pace: warning: %s; this run is not stored "
			"(--no-store to skip the history)\n", pace_error_msg(&err));
		pace_error_release(&err);
		return 0;
	}
	if (rc) {
		rc = pace_cli_report_error(&err);
		pace_error_release(&err);
		return rc;
	}
	rs->command_line = pace_xstrdup(command_line);
	rs->git_commit = pace_store_git_commit(NULL);
	return 0;
}

static void drop_store(struct pace_run_store *rs, struct pace_error *err)
{
	fprintf(stderr, "pace: warning: %s; this run is not stored further\n",
		pace_error_msg(err));
	pace_store_free(rs->st);
	rs->st = NULL;
}

static int begin(struct pace_run_store *rs, const struct pace_run *run,
		 struct pace_error *err)
{
	struct pace_strbuf cfg = PACE_STRBUF_INIT;
	struct pace_store_run_meta meta = {.git_commit = rs->git_commit,
					   .cfg = rs->cfg,
					   .command_line = rs->command_line};
	int rc;

	pace_config_to_json(rs->cfg, &cfg);
	meta.config_json = pace_strbuf_str(&cfg);
	rc = pace_store_run_begin(rs->st, run, &meta, err);
	pace_strbuf_release(&cfg);
	rs->begun = rc == 0;
	rs->last_flush_ns = pace_now_ns();
	return rc;
}

/* One transaction: every sample not stored yet, and when `summaries` the
 * summaries of results [from, to). */
static int flush(struct pace_run_store *rs, const struct pace_run *run,
		 size_t from, size_t to, struct pace_error *err)
{
	int rc = pace_store_begin(rs->st, err);

	if (run->nresults > rs->nsaved) {
		size_t old = rs->nsaved;
		PACE_GROW(rs->saved, rs->nsaved, run->nresults);
		memset(rs->saved + old, 0, (rs->nsaved - old) * sizeof(*rs->saved));
	}
	for (size_t i = 0; i < run->nresults && !rc; i++) {
		const struct pace_result *r = &run->results[i];
		if (r->nsamples > rs->saved[i])
			rc = pace_store_add_samples(rs->st, run->id, r, i, rs->saved[i],
						    r->nsamples - rs->saved[i], err);
	}
	for (size_t i = from; i < to && !rc; i++)
		rc = pace_store_put_result(rs->st, run->id, &run->results[i], i, err);
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

void pace_run_store_event(struct pace_run_store *rs, const struct pace_run *run,
			  const struct pace_runner_progress *p)
{
	struct pace_error err = PACE_ERROR_INIT;
	int rc = 0;

	if (!rs->st)
		return;
	if (!rs->begun)
		rc = begin(rs, run, &err);
	if (!rc && p->ev == PACE_EV_SAMPLE &&
	    (++rs->pending >= BATCH_SAMPLES ||
	     pace_now_ns() - rs->last_flush_ns >= BATCH_NS))
		rc = flush(rs, run, 0, 0, &err);
	if (!rc && p->ev == PACE_EV_TEST_END) {
		/* This test's results: from its first to the run's last. */
		size_t first = (size_t)(p->result - run->results);
		rc = flush(rs, run, first, run->nresults, &err);
	}
	if (rc)
		drop_store(rs, &err);
	pace_error_release(&err);
}

void pace_run_store_finish(struct pace_run_store *rs, const struct pace_run *run)
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

void pace_run_store_close(struct pace_run_store *rs)
{
	pace_store_free(rs->st);
	free(rs->saved);
	free(rs->git_commit);
	free(rs->command_line);
	memset(rs, 0, sizeof(*rs));
}

int pace_cli_open_store(struct pace_store **out, const char *store_flag,
			const char *config_file)
{
	struct pace_cli_flags flags = {.config_file = config_file};
	struct pace_config cfg;
	int rc;

	*out = NULL;
	pace_config_init(&cfg);
	if (store_flag)
		pace_cli_flags_add(&flags, PACE_CFG_STORE, store_flag, "--store");
	rc = pace_cli_load_config(&cfg, &flags);
	if (!rc)
		rc = pace_cli_store_open(out, &cfg);
	pace_config_release(&cfg);
	return rc;
}
