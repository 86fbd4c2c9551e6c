/*
 * progress.c - the live view of a run (the "run" events of /api/events,
 * /api/progress and `pace monitor`): what the store holds of it right now,
 * read back with pace_store_load_run.  The recorder commits samples in
 * batches while the run goes on (pipeline/recorder.c), so another process
 * sees a running run's samples within a batch (64 samples or 200 ms) and a
 * test's summaries as soon as it ends.  The current means are the plain
 * means of the counted samples so far (no bootstrap: this is read every
 * poll); the figures with intervals come from /api/runs/ID once the run
 * is complete.  "progress" is what the runner recorded of its plan (tests
 * done of planned, its ETA: store_progress.c), null when none was.
 */
#include <math.h>

#include "analyze/analyze.h"
#include "serve/serve.h"
#include "serve/serve_priv.h"
#include "util/json.h"

static json_t *results_json(const struct pace_run *run)
{
	struct pace_series_set set;
	json_t *a = json_array();

	pace_analyze_series_of_run(&set, run);
	for (size_t i = 0; i < set.n; i++) {
		const struct pace_series *s = &set.v[i];
		double sum = 0;

		for (size_t j = 0; j < s->n; j++)
			sum += s->x[j];
		json_array_append_new(a, json_pack("{s:s?, s:s, s:s, s:I, s:I, s:o}",
			"suite", s->suite, "test", s->test, "variant", s->variant,
			"samples", (json_int_t)s->n, "failed", (json_int_t)s->nfailed,
			"mean", pace_json_num(s->n ? sum / (double)s->n * 1e-9 : NAN)));
	}
	pace_analyze_series_release(&set);
	return a;
}

static json_t *progress_json(const struct pace_store_progress *p)
{
	if (!p->known)
		return json_null();
	return json_pack("{s:I, s:I, s:o, s:I}",
			 "testsDone", (json_int_t)p->tests_done,
			 "testsPlanned", (json_int_t)p->tests_planned,
			 "etaSeconds", pace_json_num(p->eta_s),
			 "updatedUnixMs", (json_int_t)p->updated_unix_ms);
}

int pace_serve_progress_json(struct pace_strbuf *out, struct pace_store *st,
			     const char *run_id, struct pace_error *err)
{
	struct pace_store_run_info *ri = NULL;
	struct pace_store_loaded l;
	struct pace_store_progress p;
	char id[48];
	size_t n = 0;
	int rc = 0;
	json_t *o;
	char *text;

	if (!run_id) {
		if ((rc = pace_store_list_runs(st, 1, &ri, &n, err)))
			return rc;
		if (n)
			snprintf(id, sizeof(id), "%s", ri[0].id);
		pace_store_run_infos_free(ri, n);
		if (!n)
			return 0;
		run_id = id;
	}
	if ((rc = pace_store_get_progress(st, run_id, &p, err)) ||
	    (rc = pace_store_load_run(st, run_id, &l, err)))
		return rc;
	o = json_pack("{s:o, s:o, s:o}", "run", pace_serve_run_json(&l.info),
		      "progress", progress_json(&p), "results", results_json(&l.run));
	pace_store_loaded_release(&l);
	text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	pace_strbuf_adds(out, text ? text : "{}");
	free(text);
	json_decref(o);
	return 0;
}
