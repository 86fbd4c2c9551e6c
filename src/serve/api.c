/*
 * api.c - the JSON API of `pace serve` (docs/serve.md; every answer
 * validates against docs/serve.schema.json):
 *
 *   /api/runs                      the runs, newest first
 *   /api/runs/REF                  one run (id, prefix, latest, previous,
 *                                  baseline) with its results' figures
 *   /api/tests                     every suite x test x variant known
 *   /api/history/SUITE/TEST/VARIANT  one test's points, oldest first, each
 *                                  with analyze/'s regression mark
 *   /api/compare/OLD/NEW           two runs compared (analyze/'s diff)
 *   /api/progress[/RUN]            the live view (progress.c)
 *
 * Figures are seconds per operation; unknown figures are null.  Only data
 * from the store and the pipeline: nothing is computed here but the JSON.
 */
#include <math.h>

#include <jansson.h>

#include "pipeline/pipeline.h"
#include "serve/serve.h"
#include "serve/serve_priv.h"
#include "util/json.h"

#define SET(o, k, v) json_object_set_new((o), (k), (v))

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *pace_serve_run_json(const struct pace_store_run_info *ri)
{
	json_t *o = json_object();

	SET(o, "id", json_string(ri->id));
	SET(o, "status", json_string(pace_store_status_name(ri->status)));
	SET(o, "started", json_string(ri->started));
	SET(o, "ended", ri->ended[0] ? json_string(ri->ended) : json_null());
	SET(o, "startedUnixMs", json_integer(ri->started_unix_ms));
	SET(o, "tests", json_integer((json_int_t)ri->ntests));
	SET(o, "results", json_integer((json_int_t)ri->nresults));
	SET(o, "samples", json_integer((json_int_t)ri->nsamples));
	SET(o, "gitCommit", str_or_null(ri->git_commit));
	SET(o, "hostname", str_or_null(ri->hostname));
	SET(o, "commandLine", str_or_null(ri->command_line));
	return o;
}

static int answer(struct pace_strbuf *out, json_t *o, int status)
{
	char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);

	pace_strbuf_adds(out, text ? text : "{}");
	free(text);
	json_decref(o);
	return status;
}

static int not_found(struct pace_strbuf *out, int status, const char *msg)
{
	return answer(out, json_pack("{s:s}", "error", msg), status);
}

/* A store error that names what the user asked for (an unknown run) is
 * a 404; anything else is the server's trouble. */
static int store_failed(struct pace_strbuf *out, int rc, struct pace_error *err)
{
	if (rc == PACE_EUSAGE)
		return not_found(out, 404, pace_error_msg(err));
	return rc;
}

static int runs(struct pace_strbuf *out, struct pace_store *st,
		struct pace_error *err)
{
	struct pace_store_run_info *ri;
	size_t n;
	int rc = pace_store_list_runs(st, 0, &ri, &n, err);
	json_t *a = json_array();

	if (rc) {
		json_decref(a);
		return rc;
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, pace_serve_run_json(&ri[i]));
	pace_store_run_infos_free(ri, n);
	return answer(out, json_pack("{s:o}", "runs", a), 200);
}

static json_t *result_json(const struct pace_result *r)
{
	const struct pace_summary *w = &r->wall;
	json_t *o = json_object();

	SET(o, "suite", json_string(r->test->suite));
	SET(o, "test", json_string(r->test->id));
	SET(o, "name", str_or_null(r->test->name));
	SET(o, "variant", json_string(r->variant->name));
	SET(o, "samples", json_integer((json_int_t)w->n));
	SET(o, "failed", json_integer((json_int_t)r->nfailed));
	SET(o, "mean", pace_json_num(w->mean));
	SET(o, "median", pace_json_num(w->median));
	SET(o, "sd", pace_json_num(w->sd));
	SET(o, "min", pace_json_num(w->min));
	SET(o, "max", pace_json_num(w->max));
	SET(o, "ciLow", pace_json_num(w->ci_lo));
	SET(o, "ciHigh", pace_json_num(w->ci_hi));
	SET(o, "failure", str_or_null(r->failure));
	return o;
}

static int one_run(struct pace_strbuf *out, struct pace_store *st,
		   const char *ref, struct pace_error *err)
{
	struct pace_loaded_run l;
	int rc = pace_pipeline_load_ref(st, ref, &l, err);
	json_t *o, *a;

	if (rc)
		return store_failed(out, rc, err);
	o = json_pack("{s:o}", "run", pace_serve_run_json(&l.info));
	a = json_array();
	for (size_t i = 0; i < l.run.nresults; i++) {
		const struct pace_result *r = &l.run.results[i];
		if (!r->skipped && r->test && r->variant)
			json_array_append_new(a, result_json(r));
	}
	SET(o, "results", a);
	SET(o, "confidence", pace_json_num(l.cfg.confidence));
	pace_pipeline_loaded_release(&l);
	return answer(out, o, 200);
}

static int tests(struct pace_strbuf *out, struct pace_store *st,
		 struct pace_error *err)
{
	struct pace_store_test_key *k;
	size_t n;
	int rc = pace_store_list_tests(st, &k, &n, err);
	json_t *a;

	if (rc)
		return rc;
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:I}",
			"suite", k[i].suite, "test", k[i].test_id,
			"variant", k[i].variant, "runs", (json_int_t)k[i].nruns));
	pace_store_test_keys_free(k, n);
	return answer(out, json_pack("{s:o}", "tests", a), 200);
}

static json_t *point_json(const struct pace_store_point *p, bool regressed)
{
	json_t *o = json_object();

	SET(o, "runId", json_string(p->run_id));
	SET(o, "started", json_string(p->started));
	SET(o, "status", json_string(pace_store_status_name(p->status)));
	SET(o, "samples", json_integer((json_int_t)p->n));
	SET(o, "failed", json_integer((json_int_t)p->nfailed));
	SET(o, "mean", pace_json_num(p->mean));
	SET(o, "median", pace_json_num(p->median));
	SET(o, "sd", pace_json_num(p->sd));
	SET(o, "ciLow", pace_json_num(p->ci_lo));
	SET(o, "ciHigh", pace_json_num(p->ci_hi));
	SET(o, "gitCommit", str_or_null(p->git_commit));
	SET(o, "regression", json_boolean(regressed));
	return o;
}

/* seg: suite, test, variant (already split). */
static int history(struct pace_strbuf *out, struct pace_store *st,
		   char *const seg[3], struct pace_error *err)
{
	struct pace_store_point *p;
	struct pace_config cfg;
	size_t n;
	int rc = pace_store_test_history(st, seg[0], seg[1], seg[2], 0, &p, &n, err);
	json_t *a;

	if (rc)
		return store_failed(out, rc, err);
	if (!n) {
		pace_store_points_free(p, n);
		return not_found(out, 404, "no such test in the history");
	}
	pace_config_init(&cfg);
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, point_json(&p[i], i > 0 &&
			pace_analyze_regressed(p[i - 1].mean, p[i - 1].sd, p[i - 1].n,
					       p[i].mean, p[i].sd, p[i].n,
					       cfg.alpha, cfg.threshold)));
	pace_config_release(&cfg);
	pace_store_points_free(p, n);
	return answer(out, json_pack("{s:s, s:s, s:s, s:o}", "suite", seg[0],
				     "test", seg[1], "variant", seg[2],
				     "points", a), 200);
}

static json_t *change_json(const struct pace_change *c)
{
	json_t *o = json_object();

	SET(o, "suite", str_or_null(c->suite));
	SET(o, "test", json_string(c->test));
	SET(o, "variant", json_string(c->variant));
	SET(o, "verdict", json_string(pace_verdict_name(c->verdict)));
	SET(o, "severity", json_string(pace_severity_name(c->severity)));
	SET(o, "oldMean", pace_json_num(c->old_mean * 1e-9)); /* ns -> s */
	SET(o, "newMean", pace_json_num(c->new_mean * 1e-9));
	SET(o, "change", pace_json_num(c->change));
	SET(o, "ciLow", pace_json_num(c->ci_lo));
	SET(o, "ciHigh", pace_json_num(c->ci_hi));
	SET(o, "pValue", pace_json_num(c->p_value));
	return o;
}

static int compare(struct pace_strbuf *out, struct pace_store *st,
		   const char *old_ref, const char *new_ref,
		   struct pace_error *err)
{
	struct pace_loaded_run a, b;
	struct pace_diff d = PACE_DIFF_INIT;
	json_t *o, *v;
	int rc = pace_pipeline_load_ref(st, old_ref, &a, err);

	if (rc)
		return store_failed(out, rc, err);
	if ((rc = pace_pipeline_load_ref(st, new_ref, &b, err))) {
		pace_pipeline_loaded_release(&a);
		return store_failed(out, rc, err);
	}
	pace_pipeline_diff_runs(&d, &a.run, &b.run, &b.cfg);
	v = json_array();
	for (size_t i = 0; i < d.n; i++)
		json_array_append_new(v, change_json(&d.v[i]));
	o = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:o}",
		      "old", a.run.id, "new", b.run.id,
		      "improved", (json_int_t)d.nimproved,
		      "regressed", (json_int_t)d.nregressed,
		      "unchanged", (json_int_t)d.nunchanged,
		      "added", (json_int_t)d.nadded,
		      "removed", (json_int_t)d.nremoved, "changes", v);
	pace_analyze_diff_release(&d);
	pace_pipeline_loaded_release(&a);
	pace_pipeline_loaded_release(&b);
	return answer(out, o, 200);
}

static int progress(struct pace_strbuf *out, struct pace_store *st,
		    const char *run, struct pace_error *err)
{
	char id[48];
	int rc = 0;

	if (run && (rc = pace_store_resolve(st, run, id, err)))
		return store_failed(out, rc, err);
	if ((rc = pace_serve_progress_json(out, st, run ? id : NULL, err)))
		return rc;
	if (!out->len)
		return not_found(out, 404, "the history has no run yet");
	return 200;
}

/* Splits "a/b/c" in place into at most max non-empty segments; -1 when
 * there are more or one is empty. */
static int split(char *path, char **seg, int max)
{
	int n = 0;

	if (!*path)
		return 0;
	for (char *p = path;; ) {
		char *slash = strchr(p, '/');

		if (n == max || p == slash || !*p)
			return -1;
		seg[n++] = p;
		if (!slash)
			return n;
		*slash = '\0';
		p = slash + 1;
	}
}

static int route(struct pace_strbuf *out, struct pace_store *st,
		 char *path, struct pace_error *err)
{
	char *seg[4] = {NULL};
	const char *what = path;
	char *rest = strchr(path, '/');
	int n;

	if (rest)
		*rest++ = '\0';
	n = split(rest ? rest : (char *)"", seg, 4);
	if (n < 0)
		return not_found(out, 400, "malformed path");
	if (!strcmp(what, "runs") && n == 0)
		return runs(out, st, err);
	if (!strcmp(what, "runs") && n == 1)
		return one_run(out, st, seg[0], err);
	if (!strcmp(what, "tests") && n == 0)
		return tests(out, st, err);
	if (!strcmp(what, "history") && n == 3)
		return history(out, st, seg, err);
	if (!strcmp(what, "compare") && n == 2)
		return compare(out, st, seg[0], seg[1], err);
	if (!strcmp(what, "progress") && n <= 1)
		return progress(out, st, n ? seg[0] : NULL, err);
	return not_found(out, 404, "unknown path");
}

int pace_serve_api(struct pace_strbuf *out, struct pace_store *st,
		   const char *path, struct pace_error *err)
{
	char *copy;
	int rc;

	if (strncmp(path, "/api/", 5))
		return not_found(out, 404, "unknown path");
	copy = pace_xstrdup(path + 5);
	rc = route(out, st, copy, err);
	free(copy);
	return rc;
}
