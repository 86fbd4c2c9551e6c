/*
 * runner_binary.c - measures the targets of programs built with
 * libpace-bench (pace run --binary) into the same struct pace_run as
 * command benchmarks, so that statistics, reports and exports need no
 * special case.  src/binary runs one process per target and reads its
 * protocol; this file turns each outcome into a pace_result.
 *
 * The library reports nanoseconds per operation as doubles, often below
 * 1 ns, while a sample keeps int64 nanoseconds: a sample therefore keeps
 * the time of the whole sample (ns/op x iterations) and its iteration
 * count, and the statistics divide (model.h, struct pace_sample).
 * User/system time are only known for the whole process (calibration and
 * warm-up included), so they stay unknown per sample.
 *
 * With execution.precision (and no --runs) a target runs in several
 * processes, each adding its samples, until its interval is precise
 * enough or a limit is reached (adaptive() below); a pace-bench process
 * measures its samples back to back, so the rounds are processes, not
 * single samples as for commands.
 */
#include <math.h>
#include <string.h>

#include "binary/binary.h"
#include "runner/runner.h"
#include "stats/stats.h"

static void emit(const struct pace_runner_opts *o, enum pace_runner_event ev,
		 const struct pace_result *r, size_t index, size_t ntests)
{
	struct pace_runner_progress p = {
		.ev = ev, .test = r->test, .result = r, .test_index = index,
		.ntests = ntests, .eta_s = -1,
	};

	if (o->cb)
		o->cb(&p, o->cb_data);
}

/* A sample as the process gave it, every per-process metric unknown. */
static struct pace_sample base_sample(const struct pace_binary_outcome *o)
{
	struct pace_sample s = {
		.wall_ns = -1, .iterations = 1, .user_ns = -1, .sys_ns = -1,
		.max_rss = o->process.max_rss, .minflt = -1, .majflt = -1,
		.nvcsw = -1, .nivcsw = -1, .read_bytes = -1, .write_bytes = -1,
		.rchar = -1, .wchar = -1, .syscr = -1, .syscw = -1,
		.stdout_bytes = -1, .stderr_bytes = -1,
		.started_unix_ms = o->process.started_unix_ms,
		.exit_code = o->process.exit_code, .signal = o->process.signal,
		.spawn_errno = o->process.spawn_errno,
		.timed_out = o->process.timed_out,
	};

	return s;
}

static void add_sample(struct pace_result *r, const struct pace_sample *s)
{
	PACE_GROW(r->samples, r->alloc, r->nsamples + 1);
	r->samples[r->nsamples++] = *s;
}

/* The outcome of one target into r: its samples, or the failed process
 * as a single failed sample with the reason (as the command runner keeps
 * a failing run). */
static void fill_result(struct pace_result *r, struct pace_binary_outcome *o)
{
	struct pace_sample s = base_sample(o);
	int64_t iters = o->iterations > 0 && o->iterations < INT64_MAX
			? (int64_t)o->iterations : 1;

	if (o->fail != PACE_FAIL_NONE) {
		s.wall_ns = o->process.wall_ns;
		s.fail = o->fail;
		add_sample(r, &s);
		r->nfailed = 1;
		r->first_fail = o->fail;
		r->failure = o->message;
		o->message = NULL;
		return;
	}
	for (size_t i = 0; i < o->nsamples; i++) {
		s.wall_ns = o->ns_per_op[i] >= 0
			    ? llround(o->ns_per_op[i] * (double)iters) : -1;
		s.iterations = iters;
		add_sample(r, &s);
	}
}

static struct pace_binary_opts binary_opts(const struct pace_config *cfg,
					   const struct pace_test *t)
{
	struct pace_binary_opts bo = PACE_BINARY_OPTS_INIT;

	bo.timeout_s = t->timeout_s >= 0 ? t->timeout_s : cfg->timeout;
	if (cfg->runs > 0)
		bo.samples = cfg->runs > 1000000 ? 1000000 : (int)cfg->runs;
	if (cfg->warmup > 0)
		bo.warmup = cfg->warmup > 1000000 ? 1000000 : (int)cfg->warmup;
	return bo;
}

/* Adaptive stopping (execution.precision without --runs): after each
 * process of a target, whether to run another one, whose samples are
 * added (each process calibrates its own iterations per sample; the
 * statistics use time per operation, so they mix).  Sets r->stop_reason
 * once it stops: "precision", "max-runs" (samples), "max-time",
 * "interrupted"; left NULL without adaptive stopping. */
static bool adaptive(struct pace_result *r, const struct pace_runner_opts *o,
		     int64_t t0, size_t *seen)
{
	const struct pace_config *c = o->cfg;
	double *buf, rel;
	size_t n;

	if (!(c->precision > 0) || c->runs > 0)
		return false;
	buf = pace_xmalloc((r->nsamples ? r->nsamples : 1) * sizeof(*buf));
	n = pace_stats_metric_values(buf, r, PACE_METRIC_WALL);
	rel = pace_stats_rel_halfwidth(buf, n, c->confidence,
				       !strcmp(c->precision_estimator, "median"));
	free(buf);
	if (o->stop && *o->stop)
		r->stop_reason = "interrupted";
	else if (n == *seen) /* a process that adds nothing would loop */
		r->stop_reason = "failure";
	else if (n >= (size_t)c->min_runs && rel <= c->precision)
		r->stop_reason = "precision";
	else if (c->max_runs > 0 && n >= (size_t)c->max_runs)
		r->stop_reason = "max-runs";
	else if (c->max_time > 0 && (double)(pace_now_ns() - t0) / 1e9 >= c->max_time)
		r->stop_reason = "max-time";
	*seen = n;
	return r->stop_reason == NULL;
}

static int run_target(struct pace_run *run, const struct pace_plan_item *item,
		      size_t index, size_t ntests, const struct pace_runner_opts *opts,
		      struct pace_error *err)
{
	const struct pace_test *t = item->test;
	struct pace_binary_opts bo = binary_opts(opts->cfg, t);
	struct pace_result *r = &run->results[run->nresults++];
	struct pace_binary_outcome o;
	int64_t t0 = pace_now_ns();
	size_t seen = 0;
	int rc;

	memset(r, 0, sizeof(*r));
	r->test = t;
	r->variant = item->variants[0];
	r->peak_rss = -1;
	emit(opts, PACE_EV_TEST_START, r, index, ntests);
	do {
		rc = pace_binary_run(&o, r->variant->cmd.argv.v[0], t->id, &bo, err);
		if (rc == 0)
			fill_result(r, &o);
		pace_binary_outcome_release(&o);
	} while (rc == 0 && !r->nfailed && adaptive(r, opts, t0, &seen));
	pace_stats_summarize_result_trim(r, opts->cfg->confidence,
					 opts->cfg->alpha,
					 opts->cfg->outlier_detection);
	if (r->nfailed || r->failure)
		run->nfailed_results++;
	if (rc == 0)
		emit(opts, PACE_EV_TEST_END, r, index, ntests);
	return rc;
}

int pace_runner_run_binary(struct pace_run *run, const struct pace_plan *plan,
			   const struct pace_runner_opts *opts, struct pace_error *err)
{
	int rc = 0;
	size_t i;

	pace_run_begin(run);
	/* Reserved up front: console callbacks keep pointers into results. */
	PACE_GROW(run->results, run->alloc, run->nresults + plan->n);
	for (i = 0; i < plan->n && !rc; i++) {
		if (opts->stop && *opts->stop)
			break;
		rc = run_target(run, &plan->items[i], i, plan->n, opts, err);
	}
	run->interrupted = (opts->stop && *opts->stop) || rc != 0;
	pace_run_end(run);
	return rc;
}
