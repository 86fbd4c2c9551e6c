/*
 * store_reports.c - the reports a run's report writing produced, kept in
 * the store (issue 17, seed 002's "reports" and seed 001's
 * recommendations): one reports row per main file (its name as kind, its
 * text as body), so the store alone can serve a run's reports, and one
 * recommendations row per recommendation of the model, pointing at the
 * first report row of the same writing.  expected_impact is the
 * recommendation's priority as a number (critical 1, high 0.75, medium
 * 0.5, low 0.25): pace's rules rank recommendations, they do not estimate
 * a gain (docs/history.md).
 */
#include "pipeline/pipeline.h"
#include "store/store_analysis.h"

static const struct {
	unsigned format;
	const char *file;
} main_files[] = {
	{PACE_REPORT_JSON, "results.json"},
	{PACE_REPORT_MD, "summary.md"},
	{PACE_REPORT_HTML, "report.html"},
	{PACE_REPORT_CSV, "results.csv"},
};

static double impact_of(enum pace_rec_priority p)
{
	switch (p) {
	case PACE_REC_CRITICAL: return 1.0;
	case PACE_REC_HIGH: return 0.75;
	case PACE_REC_MEDIUM: return 0.5;
	case PACE_REC_LOW: return 0.25;
	}
	return 0.0;
}

static int store_files(struct pace_store *st, const struct pace_run *run,
		       const struct pace_pipeline_write *w, int64_t *first,
		       struct pace_error *err)
{
	int rc = 0;

	*first = 0;
	for (size_t i = 0; i < PACE_ARRAY_SIZE(main_files) && !rc; i++) {
		struct pace_strbuf body = PACE_STRBUF_INIT;
		char *path;
		int64_t id = 0;

		if (!(w->formats & main_files[i].format))
			continue;
		path = pace_xasprintf("%s/%s", w->dir, main_files[i].file);
		rc = pace_read_file(path, &body, err);
		if (!rc)
			rc = pace_store_report_add(st, run->id, main_files[i].file,
						   pace_strbuf_str(&body), &id, err);
		if (!rc && !*first)
			*first = id;
		pace_strbuf_release(&body);
		free(path);
	}
	return rc;
}

static int store_recs(struct pace_store *st, const struct pace_run *run,
		      const struct pace_report_model *m, int64_t report_id,
		      struct pace_error *err)
{
	int64_t now = run->ended_unix_ms > 0 ? run->ended_unix_ms : pace_unix_ms();
	int rc = 0;

	for (size_t i = 0; i < m->nrecs && !rc; i++) {
		const struct pace_report_rec *r = &m->recs[i];
		char *desc = r->evidence && *r->evidence
			? pace_xasprintf("%s (%s)", r->message ? r->message : "", r->evidence)
			: pace_xstrdup(r->message ? r->message : "");
		struct pace_store_rec_row row = {
			pace_report_priority_name(r->priority), r->category, r->title,
			desc, impact_of(r->priority), now,
		};

		rc = pace_store_recommendation_add(st, run->id, report_id, &row, err);
		free(desc);
	}
	return rc;
}

int pace_pipeline_store_reports(struct pace_store *st, const struct pace_run *run,
				const struct pace_report_model *m,
				const struct pace_pipeline_write *w,
				struct pace_error *err)
{
	int64_t first = 0;
	int rc = pace_store_begin(st, err);

	if (rc)
		return rc;
	rc = store_files(st, run, w, &first, err);
	if (!rc)
		rc = store_recs(st, run, m, first, err);
	if (rc) {
		pace_store_rollback(st);
		return rc;
	}
	return pace_store_commit(st, err);
}
