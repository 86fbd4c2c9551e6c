/*
 * runner_priv.h - what runner.c shares with runner_parallel.c: the
 * runner's state (one per worker under --jobs) and measuring one plan
 * item.  Not for use outside src/runner/.
 */
#ifndef PACE_RUNNER_PRIV_H
#define PACE_RUNNER_PRIV_H

#include <pthread.h>

#include "exec/exec.h"
#include "exec/session.h"
#include "runner/runner.h"

struct runner {
	struct pace_run *run;
	const struct pace_plan *plan;
	const struct pace_runner_opts *o;
	const struct pace_config *cfg;
	struct pace_capture cap;
	int64_t t_start;
	size_t test_index;
	double done_tests_s;     /* wall time of finished tests */
	/* Where the current variant's commands run (vctx_use): its env and
	 * cwd, which with a fixture are those of its own working copy. */
	char *const *env;
	const char *cwd;
	/* The current test's executor, and for a sandbox the current
	 * variant's session (NULL when it could not start: exec_why says
	 * why, and each command then fails with that sentence). */
	enum pace_executor executor;
	struct pace_exec_session *sess;
	const char *exec_why;
	/* --jobs: the lock every worker holds except while its commands run
	 * (NULL when serial). */
	pthread_mutex_t *lock;
	/* The time-series sampler (NULL: execution.sampler off, or no
	 * thread, or --jobs: one sampler watches one command at a time);
	 * on_start is set for the measured command only. */
	struct pace_sampler *sampler;
	bool sample_this;
	bool in_warmup; /* the iteration being run is a warm-up */
	/* How many stop requests end a running command: 1, but 2 for
	 * teardown hooks, which still run after the first ^C. */
	int stop_at;
};

/* Measures one plan item (a command test or an in-process target, or
 * keeps its results under --resume), appending its results to
 * run->results (room reserved for the whole plan, so they never move).
 * Returns 0 or a PACE_E* code. */
int pace_runner_item(struct runner *rn, const struct pace_plan_item *item,
		     struct pace_error *err);

/* --jobs N > 1 (runner_parallel.c): N workers take the plan's items,
 * longest expected first, each once its dependencies are done and its
 * resource class is free; each item's results are appended when it
 * starts, so run->results holds them in the order the tests started.
 * Returns 0 or the first worker's PACE_E* code. */
int pace_runner_parallel(struct runner *proto, size_t jobs, struct pace_error *err);

#endif
