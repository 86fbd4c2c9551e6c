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

int pace_pipeline_write_reports(const struct pace_run *run,
				const struct pace_pipeline_result *res,
				const struct pace_pipeline_write *w,
				struct pace_error *err)
{
	struct pace_report_context ctx = PACE_REPORT_CONTEXT_INIT;
	struct pace_report_write_opts wo = {w->dir, w->formats, w->compression};
	struct pace_report_model m;
	int rc;

	ctx.config_json = w->config_json;
	ctx.command_line = w->command_line;
	ctx.seed = w->seed;
	ctx.threshold = w->threshold;
	ctx.history = res ? &res->history : NULL;
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
	return rc;
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
