/*
 * report_json.c - pace's own JSON files: raw/<test-id>.json (seed 004's
 * target_id / metrics / timestamp, extended with each variant's summary
 * and every sample) and results.json (seed 003's version / timestamp /
 * results / summary, one result per test x variant, plus the run's
 * environment and the comparisons).  docs/output-format.md documents each
 * field; change both together.
 *
 * Built with jansson, written with two-space indents.  Times in summaries
 * are seconds, in samples nanoseconds; memory is bytes.  A figure that
 * does not exist (no successful run, a probe that could not read it) is
 * null, never 0 or -1.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report_model.h"
#include "report/report_priv.h"

#ifndef PACE_VERSION
#define PACE_VERSION "unknown"
#endif

#define SET(o, k, v) json_object_set_new((o), (k), (v))

static const char *run_version(const struct pace_run *run)
{
	return run->env.pace_version ? run->env.pace_version : PACE_VERSION;
}

static json_t *iso_or_null(int64_t unix_ms)
{
	char iso[32];

	if (unix_ms <= 0)
		return json_null();
	pace_iso8601(iso, unix_ms);
	return json_string(iso);
}

static json_t *strvec_json(const struct pace_strvec *sv)
{
	json_t *a = json_array();

	for (size_t i = 0; i < sv->n; i++)
		json_array_append_new(a, pace_report_json_str(sv->v[i]));
	return a;
}

/* (user + sys) / wall in percent: 200 = two CPUs busy all along.  The
 * sum is exact even where the user/sys split is tick-sampled. */
static json_t *cpu_percent(const struct pace_sample *s)
{
	if (s->user_ns < 0 || s->sys_ns < 0 || s->wall_ns <= 0)
		return json_null();
	return json_real(round((double)(s->user_ns + s->sys_ns) * 1e4 /
			       (double)s->wall_ns) / 100);
}

/* `counted`: the run counted instructions (--measure instructions);
 * `env_pad`: it padded the environment (--env-pad). */
static json_t *sample_json(const struct pace_sample *s, bool counted,
			   bool env_pad)
{
	json_t *o = json_object();
	bool exited = s->signal == 0 && s->spawn_errno == 0;

	SET(o, "wall_ns", pace_report_json_known(s->wall_ns));
	SET(o, "iterations", json_integer(s->iterations > 1 ? s->iterations : 1));
	SET(o, "user_ns", pace_report_json_known(s->user_ns));
	SET(o, "sys_ns", pace_report_json_known(s->sys_ns));
	SET(o, "cpu_percent", cpu_percent(s));
	SET(o, "max_rss", pace_report_json_known(s->max_rss));
	SET(o, "minflt", pace_report_json_known(s->minflt));
	SET(o, "majflt", pace_report_json_known(s->majflt));
	SET(o, "nvcsw", pace_report_json_known(s->nvcsw));
	SET(o, "nivcsw", pace_report_json_known(s->nivcsw));
	SET(o, "read_bytes", pace_report_json_known(s->read_bytes));
	SET(o, "write_bytes", pace_report_json_known(s->write_bytes));
	SET(o, "rchar", pace_report_json_known(s->rchar));
	SET(o, "wchar", pace_report_json_known(s->wchar));
	SET(o, "syscr", pace_report_json_known(s->syscr));
	SET(o, "syscw", pace_report_json_known(s->syscw));
	SET(o, "stdout_bytes", pace_report_json_known(s->stdout_bytes));
	SET(o, "stderr_bytes", pace_report_json_known(s->stderr_bytes));
	SET(o, "exit_code", exited ? json_integer(s->exit_code) : json_null());
	SET(o, "signal", json_integer(s->signal));
	SET(o, "timed_out", json_boolean(s->timed_out));
	SET(o, "retries", json_integer(s->retries));
	SET(o, "fail", json_string(pace_fail_name(s->fail)));
	SET(o, "oom_killed", json_boolean(s->oom_killed));
	SET(o, "started", iso_or_null(s->started_unix_ms));
	if (counted)
		SET(o, "instructions", pace_report_json_known(s->instructions));
	if (env_pad)
		SET(o, "env_pad", json_integer(s->env_pad));
	if (s->disk_set) { /* the working directory after minus before */
		SET(o, "disk_bytes_delta", json_integer(s->disk_bytes_delta));
		SET(o, "disk_inodes_delta", json_integer(s->disk_inodes_delta));
	}
	if (s->perf_set) { /* perf_event_open counters, -1: not given */
		json_t *p = json_object();
		for (int k = 0; k < PACE_NPERF; k++)
			SET(p, pace_perf_name((enum pace_perf)k),
			    pace_report_json_known(s->perf[k]));
		SET(o, "counters", p);
	}
	return o;
}

/* How a result's commands ran: its executor (null for in-process
 * targets), the filesystem of its working copies (null without a fixture)
 * and the test's limits (null when none; each unset one null). */
static void executor_fields(json_t *o, const struct pace_result *r)
{
	const struct pace_limits *l = &r->test->limits;

	SET(o, "executor", r->executor == PACE_EXECUTOR_DEFAULT ? json_null() :
	    json_string(pace_executor_name(r->executor)));
	SET(o, "workdir_filesystem", pace_report_json_str(r->workdir_fs));
	SET(o, "workdir_note", pace_report_json_str(r->workdir_note));
	pace_report_json_instr_fields(o, r);
	/* docker: the container's cgroup figures beside the samples'. */
	if (r->executor == PACE_EXECUTOR_DOCKER)
		SET(o, "container", json_pack("{s:o, s:o}",
			"memoryPeak", pace_report_json_known(r->container_mem_peak),
			"cpuNs", pace_report_json_known(r->container_cpu_ns)));
	if (l->memory < 0 && l->cpus < 0 && l->pids < 0 && l->memory_reservation <= 0) {
		SET(o, "limits", json_null());
		return;
	}
	SET(o, "limits", json_pack("{s:o, s:o, s:o}",
		"memory", l->memory >= 0 ? json_integer(l->memory) : json_null(),
		"cpus", l->cpus >= 0 ? json_real(l->cpus) : json_null(),
		"pids", l->pids >= 0 ? json_integer(l->pids) : json_null()));
	/* docker's soft limit, only where one is set. */
	if (l->memory_reservation > 0)
		SET(json_object_get(o, "limits"), "memoryReservation",
		    json_integer(l->memory_reservation));
}

/* The stand-in for a variant's "samples" array in the document that
 * raw_json dumps: the samples themselves are streamed in its place
 * (splice_samples), one at a time, so that a run of 100 000 samples never
 * holds them all as JSON values or text.  The nonce makes it impossible
 * for a string of the user's to look the same. */
struct samples_marker {
	char prefix[48]; /* "@pace-samples-<nonce>-" */
};

static void marker_init(struct samples_marker *m)
{
	snprintf(m->prefix, sizeof(m->prefix), "@pace-samples-%016llx-",
		 (unsigned long long)pace_now_ns() ^ ((unsigned long long)getpid() << 32));
}

static json_t *variant_json(const struct pace_result *r,
			    const struct samples_marker *mk, size_t index)
{
	json_t *o = json_object(), *sum = json_object();

	SET(o, "variant", json_string(pace_report_variant_label(r)));
	SET(o, "command", pace_report_json_str(r->variant ?
					       r->variant->cmd.text : NULL));
	SET(sum, "wall", pace_report_json_summary(&r->wall));
	SET(sum, "user", pace_report_json_summary(&r->user));
	SET(sum, "sys", pace_report_json_summary(&r->sys));
	SET(sum, "rss", pace_report_json_summary(&r->rss));
	SET(o, "summary", sum);
	SET(o, "stats", pace_report_json_result_stats(r, r->confidence));
	SET(o, "quality", pace_report_json_quality(r));
	SET(o, "peak_rss", pace_report_json_known(r->peak_rss));
	SET(o, "runs", json_integer((json_int_t)r->nsamples));
	SET(o, "failed", json_integer((json_int_t)r->nfailed));
	SET(o, "failure", pace_report_json_str(r->failure));
	SET(o, "failure_output", pace_report_json_str(r->output_snippet));
	SET(o, "skipped", pace_report_json_str(r->skipped));
	executor_fields(o, r);
	SET(o, "samples", json_sprintf("%s%zu@", mk->prefix, index));
	if (r->inproc)
		SET(o, "in_process", pace_report_json_inproc(r->inproc, true));
	return o;
}

/* Issue 3's figures of a comparison (faster is the baseline a). */
static void comparison_test_fields(json_t *o, const struct pace_comparison *c)
{
	const struct pace_twosample *t = &c->test;
	const struct pace_boot_ci *b = &c->speedup;

	SET(o, "alpha", pace_json_num(c->alpha));
	SET(o, "practical_threshold", pace_json_num(c->threshold));
	SET(o, "significant", json_boolean(c->significant));
	SET(o, "meaningful", json_boolean(c->meaningful));
	SET(o, "difference", pace_json_num(t->diff));
	SET(o, "difference_ci_lo", pace_json_num(t->diff_ci_lo));
	SET(o, "difference_ci_hi", pace_json_num(t->diff_ci_hi));
	SET(o, "welch_t", pace_json_num(t->welch_t));
	SET(o, "welch_df", pace_json_num(t->welch_df));
	SET(o, "mann_whitney_u", pace_json_num(t->mw_u));
	SET(o, "mann_whitney_p", pace_json_num(t->mw_p));
	SET(o, "mann_whitney_exact", json_boolean(t->mw_exact));
	SET(o, "cohen_d", pace_json_num(t->cohen_d));
	SET(o, "hedges_g", pace_json_num(t->hedges_g));
	SET(o, "threshold", pace_json_num(t->threshold));
	SET(o, "power", pace_json_num(t->power));
	SET(o, "memory_ratio", pace_json_num(c->memory_ratio));
	SET(o, "io_efficiency", pace_json_num(c->io_efficiency));
	SET(o, "winner", c->significant
		? json_string(pace_report_variant_label(c->faster)) : json_null());
	SET(o, "winner_confidence", pace_json_num(c->winner_confidence));
	SET(o, "speedup_bootstrap",
	    json_pack("{s:o, s:o, s:o, s:o, s:I, s:I}", "pct_lo",
		      pace_json_num(b->pct_lo), "pct_hi",
		      pace_json_num(b->pct_hi), "bca_lo",
		      pace_json_num(b->bca_lo), "bca_hi",
		      pace_json_num(b->bca_hi), "resamples",
		      (json_int_t)b->resamples, "seed", (json_int_t)b->seed));
}

static json_t *comparison_json(const struct pace_comparison *c)
{
	json_t *o = json_object();

	SET(o, "test_id", json_string(c->faster->test->id));
	SET(o, "faster", json_string(pace_report_variant_label(c->faster)));
	SET(o, "slower", json_string(pace_report_variant_label(c->slower)));
	SET(o, "ratio", pace_json_num(c->ratio));
	SET(o, "ratio_sd", pace_json_num(c->ratio_sd));
	SET(o, "ci_lo", pace_json_num(c->ci_lo));
	SET(o, "ci_hi", pace_json_num(c->ci_hi));
	SET(o, "p_value", pace_json_num(c->p_value));
	comparison_test_fields(o, c);
	SET(o, "comparison_metrics", pace_report_json_comparison_metrics(c));
	return o;
}

static json_t *comparisons_json(const struct pace_run *run,
				const struct pace_test *test)
{
	json_t *a = json_array();

	for (size_t i = 0; i < run->ncomparisons; i++) {
		const struct pace_comparison *c = &run->comparisons[i];
		if (test ? pace_report_cmp_of(c, test) : (c->faster && c->slower))
			json_array_append_new(a, comparison_json(c));
	}
	return a;
}

/* One sample as JSON_INDENT(2) text, at depth 0 (the caller frees). */
static char *sample_text(const struct pace_sample *s, const struct pace_result *r)
{
	json_t *o = sample_json(s, r->measure == PACE_MEASURE_INSTRUCTIONS,
				r->controls.env_pad > 0);
	char *t = json_dumps(o, JSON_INDENT(2));

	json_decref(o);
	return t;
}

/* Writes r's samples as the value of a "samples" key at `depth`: what
 * json_dumps(JSON_INDENT(2)) prints for that array, one sample dumped at a
 * time. */
static int stream_samples(FILE *f, const struct pace_result *r, size_t depth)
{
	if (!r->nsamples)
		return fputs("[]", f) == EOF ? -1 : 0;
	fputs("[\n", f);
	for (size_t i = 0; i < r->nsamples; i++) {
		char *t = sample_text(&r->samples[i], r);
		if (!t)
			return -1;
		fprintf(f, "%*s", (int)(depth + 1) * 2, "");
		for (const char *p = t; *p; p++) {
			fputc(*p, f);
			if (*p == '\n')
				fprintf(f, "%*s", (int)(depth + 1) * 2, "");
		}
		fputs(i + 1 < r->nsamples ? ",\n" : "\n", f);
		free(t);
	}
	fprintf(f, "%*s]", (int)depth * 2, "");
	return 0;
}

/* Dumps o (whose variants' "samples" are markers for results[]) to f,
 * streaming each variant's samples in place of its marker. */
static int splice_samples(FILE *f, json_t *o, const struct samples_marker *mk,
			  const struct pace_result *const *results)
{
	char *text = json_dumps(o, JSON_INDENT(2)), *p;
	size_t plen = strlen(mk->prefix);
	int rc = text ? 0 : -1;

	json_decref(o);
	for (p = text; !rc && p;) {
		char *m = strstr(p, mk->prefix), *line, *end;
		size_t index;

		if (!m) {
			fputs(p, f);
			break;
		}
		/* the marker is a string value: "@pace-samples-N-I@" */
		line = m;
		while (line > text && line[-1] != '\n')
			line--;
		index = strtoul(m + plen, &end, 10);
		fwrite(p, 1, (size_t)(m - 1 - p), f);
		rc = stream_samples(f, results[index],
				    (size_t)(strspn(line, " ") / 2));
		p = end + 2; /* past '@' and the closing quote */
	}
	if (text && !rc && fputc('\n', f) == EOF)
		rc = -1;
	free(text);
	if (rc < 0)
		return PACE_EIO;
	return pace_report_stream_status(f);
}

int pace_report_raw_json(FILE *f, const struct pace_run *run,
			 const struct pace_test *test)
{
	json_t *o = json_object(), *vars = json_array();
	const struct pace_result **results = pace_xcalloc(run->nresults + 1, sizeof(*results));
	struct samples_marker mk;
	size_t n = 0;
	int rc;

	SET(o, "target_id", json_string(test->id));
	SET(o, "suite", pace_report_json_str(test->suite));
	SET(o, "name", pace_report_json_str(test->name));
	SET(o, "category", pace_report_json_str(test->category));
	SET(o, "tags", strvec_json(&test->tags));
	SET(o, "parameters", pace_report_json_params(test));
	SET(o, "metrics", pace_report_json_metrics(run, test));
	SET(o, "timestamp", json_string(run->started));
	SET(o, "run_id", json_string(run->id));
	marker_init(&mk);
	for (size_t i = 0; i < run->nresults; i++)
		if (run->results[i].test == test) {
			results[n] = &run->results[i];
			json_array_append_new(vars, variant_json(results[n], &mk, n));
			n++;
		}
	SET(o, "variants", vars);
	SET(o, "comparisons", comparisons_json(run, test));
	rc = splice_samples(f, o, &mk, results);
	free(results);
	return rc;
}

/* ---- results.json ------------------------------------------------------ */

/* Sum of the counted samples' wall time, in milliseconds. */
static void result_seed_fields(json_t *o, const struct pace_run *run,
			       const struct pace_result *r)
{
	const struct pace_summary *w = &r->wall;

	SET(o, "iterations", json_integer((json_int_t)w->n));
	SET(o, "total_duration_ms", json_real(pace_report_counted_seconds(r) * 1e3));
	SET(o, "avg_duration_us", pace_json_num(w->mean * 1e6));
	SET(o, "min_duration_us", pace_json_num(w->min * 1e6));
	SET(o, "max_duration_us", pace_json_num(w->max * 1e6));
	SET(o, "throughput_per_sec", pace_json_num(1.0 / w->mean));
	SET(o, "timestamp", r->nsamples
		? iso_or_null(r->samples[0].started_unix_ms)
		: json_string(run->started));
}

/* Issue 3's description of wall time (src/stats/stats.h has the
 * conventions: type-7 quantiles, G1/G2, Royston's Shapiro-Wilk). */
static void result_describe_fields(json_t *o, const struct pace_describe *d)
{
	const struct { const char *k; double v; } f[] = {
		{"mode", d->mode},
		{"variance", d->variance}, {"p90", d->p90}, {"p95", d->p95},
		{"p99", d->p99}, {"skewness", d->skewness},
		{"kurtosis", d->kurtosis}, {"cv", d->cv}, {"mad", d->mad},
		{"shapiro_w", d->sw_w}, {"shapiro_p", d->sw_p},
		{"median_ci_lo", d->median_ci_lo},
		{"median_ci_hi", d->median_ci_hi},
	};

	for (size_t i = 0; i < PACE_ARRAY_SIZE(f); i++)
		SET(o, f[i].k, pace_json_num(f[i].v));
	SET(o, "normal", json_boolean(d->normal));
	SET(o, "outliers_mz", json_integer((json_int_t)d->mz_outliers));
	SET(o, "valid_samples", json_integer((json_int_t)d->n_valid));
}

static void result_stat_fields(json_t *o, const struct pace_result *r)
{
	const struct pace_summary *w = &r->wall;

	SET(o, "mean", pace_json_num(w->mean));
	SET(o, "sd", pace_json_num(w->sd));
	SET(o, "median", pace_json_num(w->median));
	SET(o, "min", pace_json_num(w->min));
	SET(o, "max", pace_json_num(w->max));
	SET(o, "q1", pace_json_num(w->q1));
	SET(o, "q3", pace_json_num(w->q3));
	SET(o, "ci_lo", pace_json_num(w->ci_lo));
	SET(o, "ci_hi", pace_json_num(w->ci_hi));
	SET(o, "outliers_mild", json_integer((json_int_t)w->outliers_mild));
	SET(o, "outliers_severe",
	    json_integer((json_int_t)w->outliers_severe));
	SET(o, "user_mean", pace_json_num(r->user.mean));
	SET(o, "sys_mean", pace_json_num(r->sys.mean));
	SET(o, "peak_rss", pace_report_json_known(r->peak_rss));
	result_describe_fields(o, &r->wall_stats);
}

static json_t *result_json(const struct pace_run *run,
			   const struct pace_result *r)
{
	const struct pace_test *t = r->test;
	json_t *o = json_object();

	SET(o, "test_id", json_string(t->id));
	SET(o, "suite", pace_report_json_str(t->suite));
	SET(o, "name", pace_report_json_str(t->name));
	SET(o, "variant", json_string(pace_report_variant_label(r)));
	SET(o, "command", pace_report_json_str(r->variant ?
					       r->variant->cmd.text : NULL));
	SET(o, "category", pace_report_json_str(t->category));
	SET(o, "tags", strvec_json(&t->tags));
	/* which combination of a sweep this is (-P/-L, parameters:) */
	SET(o, "parameters", pace_report_json_params(t));
	SET(o, "parameter_base", pace_report_json_str(t->param_base));
	result_seed_fields(o, run, r);
	result_stat_fields(o, r);
	SET(o, "runs", json_integer((json_int_t)r->nsamples));
	SET(o, "failed", json_integer((json_int_t)r->nfailed));
	SET(o, "failure", pace_report_json_str(r->failure));
	SET(o, "skipped", pace_report_json_str(r->skipped));
	SET(o, "stop_reason", pace_report_json_str(r->stop_reason));
	executor_fields(o, r);
	if (r->inproc)
		SET(o, "in_process", pace_report_json_inproc(r->inproc, false));
	SET(o, "stats", pace_report_json_result_stats(r, r->confidence));
	SET(o, "quality", pace_report_json_quality(r));
	return o;
}

/* The environment (src/env/) the run's tests ran in, or null. */
static json_t *test_env_json(const struct pace_env_info *e)
{
	json_t *pk;

	if (!e->env_hash)
		return json_null();
	pk = json_array();
	for (size_t i = 0; i < e->env_packages.n; i++)
		json_array_append_new(pk, pace_report_json_str(e->env_packages.v[i]));
	return json_pack("{s:o, s:o, s:o}", "hash", pace_report_json_str(e->env_hash),
			 "distribution", pace_report_json_str(e->env_distribution),
			 "packages", pk);
}

json_t *pace_report_json_checks(const struct pace_env_info *e)
{
	json_t *a = json_array();

	for (size_t i = 0; i < e->nchecks; i++) {
		const struct pace_env_check *k = &e->checks[i];
		json_array_append_new(a, json_pack("{s:o, s:s, s:o, s:o}",
			"name", pace_report_json_str(k->name), "status",
			pace_check_status_name(k->status), "value",
			pace_report_json_str(k->value), "advice",
			pace_report_json_str(k->advice)));
	}
	return a;
}

/* A limit, or null when unset. */
static json_t *limit_json(double v, bool real)
{
	if (v <= 0)
		return json_null();
	return real ? json_real(v) : json_integer((json_int_t)v);
}

json_t *pace_report_json_docker_images(const struct pace_env_info *e)
{
	json_t *a = json_array();

	for (size_t i = 0; i < e->ndocker_images; i++) {
		const struct pace_docker_image *d = &e->docker_images[i];
		const struct pace_limits *l = &d->limits;
		json_array_append_new(a, json_pack(
			"{s:o, s:o, s:o, s:s, s:{s:o, s:o, s:o, s:o}}",
			"image", pace_report_json_str(d->image),
			"id", pace_report_json_str(d->id),
			"engine", pace_report_json_str(e->docker_engine),
			"network", "none",
			"limits", "cpus", limit_json(l->cpus, true),
			"memory", limit_json((double)l->memory, false),
			"memoryReservation", limit_json((double)l->memory_reservation, false),
			"pids", limit_json((double)l->pids, false)));
	}
	return a;
}

static json_t *env_json(const struct pace_env_info *e)
{
	json_t *o = json_object();

	SET(o, "hostname", pace_report_json_str(e->hostname));
	SET(o, "os", pace_report_json_str(e->os));
	SET(o, "kernel", pace_report_json_str(e->kernel));
	SET(o, "arch", pace_report_json_str(e->arch));
	SET(o, "cpu_model", pace_report_json_str(e->cpu_model));
	SET(o, "ncpu", e->ncpu > 0 ? json_integer(e->ncpu) : json_null());
	SET(o, "mem_total", pace_report_json_known(e->mem_total));
	SET(o, "pace_version", pace_report_json_str(e->pace_version));
	SET(o, "git_version", pace_report_json_str(e->git_version));
	SET(o, "jj_version", pace_report_json_str(e->jj_version));
	SET(o, "test_environment", test_env_json(e));
	SET(o, "docker", e->docker_engine ? json_pack("{s:o, s:o}",
		"engine", pace_report_json_str(e->docker_engine),
		"images", pace_report_json_docker_images(e)) : json_null());
	SET(o, "system_checks", pace_report_json_checks(e));
	return o;
}

static json_t *name_or_null(const struct pace_result *r)
{
	char name[512];

	if (!r)
		return json_null();
	pace_report_result_name(name, sizeof(name), r);
	return pace_report_json_str(name);
}

/* summary.geomean_speedups: see report_geomean.c. */
static json_t *geomeans_json(const struct pace_run *run)
{
	struct pace_report_geomean *g;
	size_t n = pace_report_geomeans(run, &g);
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack(
			"{s:o, s:o, s:I, s:o, s:o, s:o}",
			"faster", json_string(g[i].faster),
			"slower", json_string(g[i].slower),
			"tests", (json_int_t)g[i].ntests,
			"geomean", pace_json_num(g[i].geomean),
			"ci_lo", pace_json_num(g[i].ci_lo),
			"ci_hi", pace_json_num(g[i].ci_hi)));
	free(g);
	return a;
}

static json_t *run_summary_json(const struct pace_run *run)
{
	const struct pace_result *fast = NULL, *slow = NULL;
	size_t iterations = 0, failed = 0, skipped = 0;
	double ms = 0;
	json_t *o = json_object();

	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		iterations += r->nsamples;
		ms += pace_report_counted_seconds(r) * 1e3;
		failed += r->nfailed > 0 || (r->failure && !r->skipped);
		skipped += r->skipped != NULL;
		if (!pace_report_has_data(r))
			continue;
		if (!fast || r->wall.mean < fast->wall.mean)
			fast = r;
		if (!slow || r->wall.mean > slow->wall.mean)
			slow = r;
	}
	SET(o, "total_benchmarks", json_integer((json_int_t)run->nresults));
	SET(o, "total_iterations", json_integer((json_int_t)iterations));
	SET(o, "total_duration_ms", json_real(ms));
	SET(o, "fastest_benchmark", name_or_null(fast));
	SET(o, "slowest_benchmark", name_or_null(slow));
	SET(o, "failed_benchmarks", json_integer((json_int_t)failed));
	SET(o, "skipped_benchmarks", json_integer((json_int_t)skipped));
	SET(o, "geomean_speedups", geomeans_json(run));
	return o;
}

/* `pace run --aa`: how many tests the method called different when both
 * sides were the same; null in an ordinary run. */
static json_t *aa_json(const struct pace_run *run)
{
	const struct pace_test **diff;
	json_t *o, *ids;
	size_t tests, n;

	if (!run->aa)
		return json_null();
	diff = pace_xcalloc(run->nresults + 1, sizeof(*diff));
	n = pace_report_aa_count(run, &tests, diff, run->nresults);
	o = json_object();
	ids = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(ids, json_string(diff[i]->id));
	free(diff);
	SET(o, "tests", json_integer((json_int_t)tests));
	SET(o, "calledDifferent", json_integer((json_int_t)n));
	SET(o, "falsePositiveRate", tests ? json_real((double)n / (double)tests)
					  : json_null());
	SET(o, "different", ids);
	return o;
}

json_t *pace_report_results_object(const struct pace_run *run)
{
	json_t *o = json_object(), *res = json_array();

	SET(o, "version", json_string(run_version(run)));
	SET(o, "run_id", json_string(run->id));
	SET(o, "timestamp", json_string(run->started));
	SET(o, "started", json_string(run->started));
	SET(o, "ended", run->ended[0] ? json_string(run->ended) : json_null());
	SET(o, "interrupted", json_boolean(run->interrupted));
	SET(o, "environment", env_json(&run->env));
	for (size_t i = 0; i < run->nresults; i++)
		json_array_append_new(res, result_json(run, &run->results[i]));
	SET(o, "results", res);
	SET(o, "comparisons", comparisons_json(run, NULL));
	SET(o, "summary", run_summary_json(run));
	SET(o, "aa", aa_json(run));
	return o;
}

/* The report's fields (report_json_model.c) over the ones above. */
int pace_report_results_json(FILE *f, const struct pace_run *run)
{
	struct pace_report_model m;
	int rc;

	pace_report_model_build(&m, run, NULL);
	rc = pace_report_model_json(f, &m);
	pace_report_model_release(&m);
	return rc;
}
