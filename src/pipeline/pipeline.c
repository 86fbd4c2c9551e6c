/*
 * pipeline.c - the steps after measuring, in their order: the run's
 * analysis (patterns and trends recorded, the comparison with a baseline
 * or the previous run, the history verdicts), then the report model and
 * its files, which therefore can show what the analysis found.  `pace
 * run` and `pace report RUN` both end here, so a stored run's files come
 * out as the run wrote them.
 */
#include <string.h>

#include "pipeline/pipeline.h"
#include "pipeline/record.h"
#include "store/store_changes.h"

void pace_pipeline_diff_runs(struct pace_diff *out, const struct pace_run *old,
			     const struct pace_run *new_,
			     const struct pace_config *cfg)
{
	struct pace_series_set a, b;
	struct pace_stats_opts o;

	pace_pipeline_stats_opts(&o, cfg);
	pace_analyze_series_of_run(&a, old);
	pace_analyze_series_of_run(&b, new_);
	pace_analyze_diff(out, a.v, a.n, b.v, b.n, &o);
	pace_analyze_series_release(&a);
	pace_analyze_series_release(&b);
}

/* The run to compare with: the named baseline, else the newest other run
 * that measured this run's first test ("" when there is none). */
static int baseline_ref(struct pace_store *st, const struct pace_run *run,
			const char *baseline, char id[48],
			struct pace_error *err)
{
	const struct pace_result *r = NULL;

	id[0] = '\0';
	if (baseline && strcmp(baseline, "previous") != 0)
		return pace_store_resolve(st, baseline, id, err);
	for (size_t i = 0; i < run->nresults && !r; i++)
		if (!run->results[i].skipped && run->results[i].test)
			r = &run->results[i];
	if (!r)
		return 0;
	return pace_pipeline_previous_run(st, run->id, r->test->suite,
					  r->test->id, r->variant->name, id,
					  err);
}

static int compare_with_baseline(struct pace_pipeline_result *out,
				 struct pace_store *st,
				 const struct pace_run *run,
				 const struct pace_config *cfg,
				 const char *baseline, struct pace_error *err)
{
	struct pace_loaded_run old;
	char id[48];
	int rc = baseline_ref(st, run, baseline, id, err);

	if (rc || !id[0])
		return rc;
	rc = pace_pipeline_load(st, id, &old, err);
	if (rc)
		return rc;
	pace_pipeline_diff_runs(&out->diff, &old.run, run, cfg);
	out->have_diff = true;
	out->regressed = out->diff.nregressed > 0;
	snprintf(out->baseline_id, sizeof(out->baseline_id), "%s", id);
	snprintf(out->baseline_started, sizeof(out->baseline_started), "%s",
		 old.info.started);
	pace_pipeline_loaded_release(&old);
	return 0;
}

/* The change points of each test x variant the run measured, over its
 * whole history, stored (a failure is a warning, as for patterns). */
static void store_changes(struct pace_store *st, const struct pace_run *run,
			  const struct pace_config *cfg,
			  pace_pipeline_warn_fn warn, void *warn_data)
{
	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		struct pace_error err = PACE_ERROR_INIT;
		struct pace_store_change *c;
		size_t n;

		if (r->skipped || !r->test)
			continue;
		if (pace_pipeline_changes_update(st, r->test->suite,
						 r->test->id, r->variant->name,
						 cfg, &c, &n, &err) == 0)
			pace_store_changes_free(c, n);
		else if (warn)
			warn(warn_data, pace_error_msg(&err));
		pace_error_release(&err);
	}
}

int pace_pipeline_analyze(struct pace_pipeline_result *out,
			  struct pace_store *st, const struct pace_run *run,
			  const struct pace_config *cfg, const char *baseline,
			  pace_pipeline_warn_fn warn, void *warn_data,
			  struct pace_error *err)
{
	struct pace_error rec = PACE_ERROR_INIT;

	memset(out, 0, sizeof(*out));
	if (!st)
		return 0;
	out->st = st;
	out->warn = warn;
	out->warn_data = warn_data;
	/* The run itself is stored; its patterns and trends are an extra. */
	if (pace_pipeline_record_run(st, run, cfg, &rec) && warn)
		warn(warn_data, pace_error_msg(&rec));
	pace_error_release(&rec);
	store_changes(st, run, cfg, warn, warn_data);
	pace_pipeline_history(&out->history, st, run, cfg,
			      PACE_REPORT_HISTORY_RUNS);
	return compare_with_baseline(out, st, run, cfg, baseline, err);
}

void pace_pipeline_result_release(struct pace_pipeline_result *r)
{
	if (r->have_diff)
		pace_analyze_diff_release(&r->diff);
	pace_report_history_release(&r->history);
	memset(r, 0, sizeof(*r));
}

/* The improved and regressed entries of the analysis' comparison, for
 * the report's historical.regressions / improvements (free()). */
static struct pace_report_verdict *report_verdicts(
	const struct pace_pipeline_result *res, size_t *n)
{
	struct pace_report_verdict *v;

	*n = 0;
	if (!res || !res->have_diff)
		return NULL;
	v = pace_xcalloc(res->diff.n + 1, sizeof(*v));
	for (size_t i = 0; i < res->diff.n; i++) {
		const struct pace_change *c = &res->diff.v[i];

		if (c->verdict != PACE_VERDICT_IMPROVED &&
		    c->verdict != PACE_VERDICT_REGRESSED)
			continue;
		v[*n] = (struct pace_report_verdict){
			c->test, c->variant, c->verdict == PACE_VERDICT_REGRESSED,
			c->old_mean / 1e9, c->new_mean / 1e9, c->change, c->ci_lo,
			c->ci_hi, c->p_value, pace_severity_name(c->severity)};
		(*n)++;
	}
	return v;
}

/* analyze/'s bottleneck of every result, for the report (free()). */
static struct pace_report_bottleneck *report_bottlenecks(const struct pace_run *run)
{
	struct pace_report_bottleneck *b = pace_xcalloc(run->nresults + 1, sizeof(*b));

	for (size_t i = 0; i < run->nresults; i++) {
		struct pace_bottleneck_info bi;

		pace_analyze_bottleneck(&bi, &run->results[i]);
		b[i] = (struct pace_report_bottleneck){
			pace_bottleneck_name(bi.type), bi.cpu_share, bi.major_faults,
			bi.io_bytes, bi.io_rate};
	}
	return b;
}

int pace_pipeline_write_reports(const struct pace_run *run,
				const struct pace_pipeline_result *res,
				const struct pace_pipeline_write *w,
				struct pace_error *err)
{
	struct pace_report_context ctx = PACE_REPORT_CONTEXT_INIT;
	struct pace_report_write_opts wo = {w->dir, w->formats, w->compression};
	struct pace_report_model m;
	struct pace_report_verdict *v;
	struct pace_report_bottleneck *b;
	int rc;

	ctx.config_json = w->config_json;
	ctx.command_line = w->command_line;
	ctx.seed = w->seed;
	ctx.threshold = w->threshold;
	ctx.history = res ? &res->history : NULL;
	ctx.verdicts = v = report_verdicts(res, &ctx.nverdicts);
	ctx.compared_with = res && res->have_diff ? res->baseline_id : NULL;
	ctx.bottlenecks = b = report_bottlenecks(run);
	pace_report_model_build(&m, run, &ctx);
	rc = pace_report_write_all(&m, &wo, err);
	if (!rc && res && res->st) {
		struct pace_error serr = PACE_ERROR_INIT;

		/* The files are written; the store's copy is an extra. */
		if (pace_pipeline_store_reports(res->st, run, &m, w, &serr) && res->warn)
			res->warn(res->warn_data, pace_error_msg(&serr));
		pace_error_release(&serr);
	}
	pace_report_model_release(&m);
	free(v);
	free(b);
	return rc;
}

/* For a stored run reported again: the comparison pace run made with
 * the previous run of its first test, as the run saw it (the last point
 * of that test's history, which holds only runs started before it).
 * A run compared with --baseline is compared with the previous run
 * here: the store does not keep which baseline a run was compared with. */
static int compare_with_previous(struct pace_pipeline_result *res,
				 struct pace_store *st,
				 const struct pace_run *run,
				 const struct pace_config *cfg,
				 struct pace_error *err)
{
	const struct pace_result *r = NULL;

	for (size_t i = 0; i < run->nresults && !r; i++)
		if (!run->results[i].skipped && run->results[i].test)
			r = &run->results[i];
	for (size_t s = 0; r && s < res->history.n; s++) {
		const struct pace_report_history_series *hs =
			&res->history.series[s];

		if (hs->n && strcmp(hs->test_id, r->test->id) == 0 &&
		    strcmp(hs->variant, r->variant->name) == 0)
			return compare_with_baseline(res, st, run, cfg,
						     hs->points[hs->n - 1].run_id,
						     err);
	}
	return 0;
}

int pace_pipeline_report(struct pace_store *st, const char *ref,
			 const char *dir, unsigned formats, bool compression,
			 char id[48], struct pace_error *err)
{
	struct pace_pipeline_result res;
	struct pace_pipeline_write w = {dir, formats, compression, NULL, NULL,
					-1, 0};
	struct pace_loaded_run l;
	int rc = pace_pipeline_load_ref(st, ref, &l, err);

	if (rc) {
		pace_pipeline_loaded_release(&l);
		return rc;
	}
	memset(&res, 0, sizeof(res));
	res.st = st; /* a store error is then lost: pace report prints no warnings */
	pace_pipeline_history(&res.history, st, &l.run, &l.cfg,
			      PACE_REPORT_HISTORY_RUNS);
	rc = compare_with_previous(&res, st, &l.run, &l.cfg, err);
	if (rc) {
		pace_pipeline_result_release(&res);
		pace_pipeline_loaded_release(&l);
		return rc;
	}
	w.config_json = l.info.config_json;
	w.command_line = l.info.command_line;
	w.seed = l.cfg.seed;
	w.threshold = l.cfg.threshold;
	rc = pace_pipeline_write_reports(&l.run, &res, &w, err);
	if (id)
		snprintf(id, 48, "%s", l.info.id);
	pace_pipeline_result_release(&res);
	pace_pipeline_loaded_release(&l);
	return rc;
}
