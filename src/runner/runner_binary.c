/*
 * runner_binary.c - measures the targets of programs built with
 * libpace-bench (pace run --binary, suite tests of type binary) into the
 * same struct pace_run as command benchmarks, so that statistics, reports
 * and exports need no special case; pace_runner_run calls it for each
 * plan item whose test names a target (test->binary_target).  src/binary runs one process per target and reads its
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
#include <assert.h>
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
		.stdout_bytes = -1, .stderr_bytes = -1, .instructions = -1,
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

/* Throughput of every sample: `per_op` units per operation over its
 * ns/op; an empty summary (n 0) when the target did not set it. */
static void throughput(struct pace_summary *out, const struct pace_binary_outcome *o,
		       double per_op, double confidence)
{
	double *v;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	if (!(per_op > 0))
		return;
	v = pace_xcalloc(o->nsamples + 1, sizeof(*v));
	for (size_t i = 0; i < o->nsamples; i++)
		if (o->ns_per_op[i] > 0)
			v[n++] = per_op * 1e9 / o->ns_per_op[i];
	pace_stats_summary(out, v, n, confidence);
	free(v);
}

/* A counter's summary over the samples that set it; without per-sample
 * values (an older library), its mean as a single value. */
static void counter_summary(struct pace_summary *out, const struct pace_binary_outcome *o,
			    size_t k, double confidence)
{
	double *v = pace_xcalloc(o->nsamples + 1, sizeof(*v));
	size_t n = 0;

	if (o->counter_samples) {
		for (size_t j = 0; j < o->nsamples; j++)
			if (isfinite(o->counter_samples[k * o->nsamples + j]))
				v[n++] = o->counter_samples[k * o->nsamples + j];
	} else {
		v[n++] = o->counter_values[k];
	}
	pace_stats_summary(out, v, n, confidence);
	free(v);
}

/* An older library sends only the median throughput: per operation, that
 * is throughput x median ns/op. */
static void old_library_throughput(struct pace_inproc *ip, const struct pace_binary_outcome *o)
{
	struct pace_summary t;

	if (ip->bytes_per_op > 0 || ip->items_per_op > 0 || !o->nsamples)
		return;
	pace_stats_summary(&t, o->ns_per_op, o->nsamples, 0.95);
	if (o->bytes_per_sec > 0)
		ip->bytes_per_op = o->bytes_per_sec * t.median / 1e9;
	if (o->items_per_sec > 0)
		ip->items_per_op = o->items_per_sec * t.median / 1e9;
}

/* What the library measured besides time (model.h, struct pace_inproc). */
static struct pace_inproc *make_inproc(const struct pace_binary_outcome *o, double confidence)
{
	struct pace_inproc *ip = pace_xcalloc(1, sizeof(*ip));
	size_t nc = o->counter_names.n;

	ip->clock = o->timer_clock ? pace_xstrdup(o->timer_clock) : NULL;
	ip->timer_resolution_ns = o->timer_resolution_ns;
	ip->timer_getres_ns = o->timer_getres_ns;
	ip->timer_overhead_ns = o->timer_overhead_ns;
	ip->iterations = (int64_t)o->iterations;
	ip->bytes_per_op = o->bytes_per_op;
	ip->items_per_op = o->items_per_op;
	old_library_throughput(ip, o);
	throughput(&ip->bytes_per_sec, o, ip->bytes_per_op, confidence);
	throughput(&ip->items_per_sec, o, ip->items_per_op, confidence);
	ip->ncounters = nc;
	ip->counter_names = pace_xcalloc(nc + 1, sizeof(char *));
	ip->counters = pace_xcalloc(nc + 1, sizeof(*ip->counters));
	ip->nvalues = o->counter_samples ? o->nsamples : 0;
	ip->counter_values = pace_xcalloc(nc * ip->nvalues + 1, sizeof(double));
	for (size_t k = 0; k < nc; k++) {
		ip->counter_names[k] = pace_xstrdup(o->counter_names.v[k]);
		counter_summary(&ip->counters[k], o, k, confidence);
	}
	if (ip->nvalues)
		memcpy(ip->counter_values, o->counter_samples,
		       nc * ip->nvalues * sizeof(double));
	return ip;
}

/* The outcome of one target into r: its samples, or the failed process
 * as a single failed sample with the reason (as the command runner keeps
 * a failing run). */
static void fill_result(struct pace_result *r, struct pace_binary_outcome *o,
			double confidence)
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
	/* With adaptive stopping a target runs in several processes; its
	 * throughput and counters are those of the last one (its samples
	 * are all kept). */
	pace_inproc_free(r->inproc);
	r->inproc = make_inproc(o, confidence);
}

static struct pace_binary_opts binary_opts(const struct pace_config *cfg,
					   const struct pace_test *t)
{
	struct pace_binary_opts bo = PACE_BINARY_OPTS_INIT;

	bo.timeout_s = t->timeout_s >= 0 ? t->timeout_s : cfg->timeout;
	if (cfg->runs > 0)
		bo.samples = cfg->runs > 1000000 ? 1000000 : (int)cfg->runs;
	/* a warmup the user set, 0 included, replaces the library's own 2 */
	if (cfg->warmup > 0 || cfg->source[PACE_CFG_WARMUP] != PACE_SRC_DEFAULT)
		bo.warmup = cfg->warmup > 1000000 ? 1000000 : (int)cfg->warmup;
	/* a test's own runs / warmup (type: binary entries) win */
	if (t->runs > 0)
		bo.samples = t->runs > 1000000 ? 1000000 : (int)t->runs;
	if (t->warmup >= 0)
		bo.warmup = t->warmup > 1000000 ? 1000000 : (int)t->warmup;
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

int pace_runner_binary_target(struct pace_run *run, const struct pace_plan_item *item,
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
	assert(t->binary && t->binary_target);
	r->skipped = pace_runner_dependency_skip(run, t, r->variant->name);
	rc = 0;
	while (!r->skipped) {
		bo.stop = opts->stop_count;
		rc = pace_binary_run(&o, t->binary, t->binary_target, &bo, err);
		if (rc == 0 && !o.process.interrupted) /* a cut-short one is no result */
			fill_result(r, &o, opts->cfg->confidence);
		pace_binary_outcome_release(&o);
		if (rc || r->nfailed || !adaptive(r, opts, t0, &seen))
			break;
	}
	pace_stats_summarize_result_trim(r, opts->cfg->confidence,
					 opts->cfg->alpha,
					 opts->cfg->outlier_detection);
	if (r->nfailed || r->failure || r->skipped)
		run->nfailed_results++;
	if (rc == 0)
		emit(opts, PACE_EV_TEST_END, r, index, ntests);
	return rc;
}
