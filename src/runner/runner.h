/*
 * runner.h - measuring a plan: for each test, setup once, warm-up runs
 * (discarded), then measured iterations with the variants interleaved
 * (A B A B ...) so that drift hits them alike, prepare/conclude around each
 * iteration (untimed), teardown always.  The number of iterations is fixed
 * (--runs, or the test's runs) or automatic like hyperfine's: at least
 * min_runs, enough for about min_time seconds of the slowest variant, at
 * most max_runs.
 *
 * Each sample is judged (expected exit code, validation) and a failing one
 * is kept with its reason; a test that fails does not stop the run.  The
 * runner reports progress through a callback and never prints.
 */
#ifndef PACE_RUNNER_H
#define PACE_RUNNER_H

#include "config/config.h"
#include "model.h"
#include "plan/plan.h"

enum pace_runner_event {
	PACE_EV_TEST_START,   /* result = first variant's result */
	PACE_EV_SAMPLE,       /* a measured sample was added to result */
	PACE_EV_WARMUP,       /* a warm-up iteration ran */
	PACE_EV_TEST_END,     /* all variants of a test are done */
	PACE_EV_OUTPUT,       /* captured output of a sample (show-output) */
};

struct pace_runner_progress {
	enum pace_runner_event ev;
	const struct pace_test *test;
	const struct pace_result *result;
	size_t test_index, ntests;
	size_t iteration, iterations; /* of the current test */
	double eta_s;                 /* for the whole plan, < 0 unknown */
	const char *out, *err;        /* PACE_EV_OUTPUT only */
	/* TEST_START/TEST_END of a test whose results were kept from the
	 * interrupted run being resumed (opts.resume): nothing was measured
	 * now, and its samples are stored already. */
	bool resumed;
};

typedef void (*pace_runner_cb)(const struct pace_runner_progress *p,
			       void *data);

struct pace_runner_opts {
	const struct pace_config *cfg;
	pace_runner_cb cb;
	void *cb_data;
	/* Set asynchronously (e.g. by a SIGINT handler) to stop after the
	 * current iteration; the run is then marked interrupted. */
	volatile int *stop;
	/* pace run --resume: the interrupted run's finished results (loaded
	 * from the store).  The run keeps its id and start; each plan item
	 * whose every variant has a result there takes it over (moved out of
	 * *resume) instead of being measured.  NULL: a new run. */
	struct pace_run *resume;
	/* How many stop requests came so far (raised by the same handler), or
	 * NULL: the running command or hook is then stopped at once (exec.h),
	 * its iteration dropped; teardown hooks stop only at the second. */
	volatile int *stop_count;
};

/* Runs the plan into run (which the caller pace_run_init'ed).  Returns 0
 * whether or not benchmarks failed (see run->nfailed_results), or a
 * PACE_E* code when pace itself could not go on. */
int pace_runner_run(struct pace_run *run, const struct pace_plan *plan,
		    const struct pace_runner_opts *opts, struct pace_error *err);

/* Measures one plan item whose test is an in-process target (test->binary
 * and binary_target set: pace run --binary, or a suite test of type
 * binary, see pace_binary_expand) into run->results, which must have room
 * for one more result.  pace_runner_run calls it for such items, so a plan
 * may mix commands and in-process targets: one process per target, a
 * target that fails does not stop the run, no PACE_EV_SAMPLE/WARMUP
 * events. */
int pace_runner_binary_target(struct pace_run *run, const struct pace_plan_item *item,
			      size_t index, size_t ntests, const struct pace_runner_opts *opts,
			      struct pace_error *err);


/* Why `variant` of test t must be skipped because a test it dependsOn
 * failed or was skipped earlier in run ("dependency 'build' failed: exit
 * code 1 (expected 0)"), or NULL when nothing holds it back.  Caller
 * frees.  pace_runner_run applies it to every item (runner_deps.c). */
char *pace_runner_dependency_skip(const struct pace_run *run,
				  const struct pace_test *t,
				  const char *variant);

/* Moves the results of every variant of item from `from` into
 * dst[0 .. item->nvariants) when all of them are there; false (and
 * nothing moved) otherwise (runner_resume.c). */
bool pace_runner_take_finished(struct pace_result *dst,
			       const struct pace_plan_item *item,
			       struct pace_run *from);

/* Stamps a run's start (id, started, environment) and its end (ended);
 * pace_runner_run calls both, other producers of runs do the same. */
void pace_run_begin(struct pace_run *run);
void pace_run_end(struct pace_run *run);

/* Redoes the analysis of a run whose results hold their samples (a run
 * loaded from the store): summaries of every result, nfailed_results, and
 * the comparisons of each test's variants (results of one test must be
 * adjacent), with cfg's analysis settings, exactly as pace_runner_run
 * does.  Earlier comparisons are dropped. */
void pace_run_analyze(struct pace_run *run, const struct pace_config *cfg);

#endif
