/*
 * import.c - other tools' measurements as runs of pace's history (`pace
 * import FILE...`), so that compare, trends and changes work across tools.
 * Three forms are read, each sample as the tool measured it (nothing is
 * made up: a figure the tool does not report stays unknown, -1):
 *
 *   - hyperfine's --export-json: results[].times (seconds) and exit_codes;
 *     one test of suite "hyperfine" whose variants are the commands (id
 *     "hyperfine-" + a hash of the command texts, as pace's ad-hoc ids);
 *   - Google Benchmark's --benchmark_format=json: each benchmark a test of
 *     suite "gbench" with one variant "default", each repetition a sample
 *     of `iterations` operations (real_time as wall time; cpu_time, which
 *     Google Benchmark does not split, as user time);
 *   - pace's raw/<test>.json: the test's suite, id and variants with every
 *     sample field pace wrote.  (results.json keeps summaries only, no
 *     samples, so it cannot be imported: its raw files can.)
 *
 * The run gets the import's time as its start, the configuration's
 * analysis settings, and then the same analysis as a measured run
 * (pace_pipeline_analyze: patterns, trends, change points, the comparison
 * with the previous run).
 */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "pipeline/pipeline.h"
#include "util/json.h"

/* ---- building the tests ------------------------------------------------- */

static struct pace_test *test_of(struct pace_import *im, const char *suite,
				 const char *id, const char *name)
{
	struct pace_test *t;

	for (size_t i = 0; i < im->suite.ntests; i++)
		if (strcmp(im->suite.tests[i].id, id) == 0 &&
		    strcmp(im->suite.tests[i].suite, suite) == 0)
			return &im->suite.tests[i];
	PACE_GROW(im->suite.tests, im->tests_alloc, im->suite.ntests + 1);
	t = &im->suite.tests[im->suite.ntests++];
	pace_test_init(t);
	t->suite = pace_xstrdup(suite);
	t->id = pace_xstrdup(id);
	t->name = pace_xstrdup(name ? name : id);
	return t;
}

/* The samples of test t's variant `name` (added, with `command` as its
 * text, when new). */
static struct pace_import_set *set_of(struct pace_import *im,
				      struct pace_test *t, const char *name,
				      const char *command)
{
	struct pace_import_set *s;
	size_t v = 0;

	while (v < t->nvariants && strcmp(t->variants[v].name, name) != 0)
		v++;
	if (v == t->nvariants) {
		struct pace_variant *nv;

		t->variants = pace_xrealloc(t->variants, (v + 1) * sizeof(*nv));
		nv = &t->variants[t->nvariants++];
		memset(nv, 0, sizeof(*nv));
		nv->name = pace_xstrdup(name);
		/* only the text matters (it is not run): kept as a shell
		 * command, as hyperfine runs it */
		nv->cmd.text = pace_xstrdup(command ? command : name);
		nv->cmd.shell = true;
		pace_strvec_init(&nv->cmd.argv);
		pace_strvec_push(&nv->cmd.argv, "/bin/sh");
		pace_strvec_push(&nv->cmd.argv, "-c");
		pace_strvec_push(&nv->cmd.argv, nv->cmd.text);
	}
	for (size_t i = 0; i < im->n; i++)
		if (im->v[i].test_index == (size_t)(t - im->suite.tests) &&
		    im->v[i].variant_index == v)
			return &im->v[i];
	PACE_GROW(im->v, im->alloc, im->n + 1);
	s = &im->v[im->n++];
	memset(s, 0, sizeof(*s));
	s->test_index = (size_t)(t - im->suite.tests);
	s->variant_index = v;
	return s;
}

static struct pace_sample *sample_new(struct pace_import_set *s)
{
	struct pace_sample *x;

	PACE_GROW(s->samples, s->salloc, s->nsamples + 1);
	x = &s->samples[s->nsamples++];
	memset(x, 0, sizeof(*x));
	x->iterations = 1;
	x->user_ns = x->sys_ns = x->max_rss = x->minflt = x->majflt = -1;
	x->nvcsw = x->nivcsw = x->read_bytes = x->write_bytes = -1;
	x->rchar = x->wchar = x->syscr = x->syscw = -1;
	x->stdout_bytes = x->stderr_bytes = -1;
	x->started_unix_ms = -1;
	x->instructions = -1; /* not counted: a time measurement */
	return x;
}

/* ---- the three forms --------------------------------------------------- */

static int read_hyperfine(struct pace_import *im, const char *path,
			  const json_t *results, struct pace_error *err)
{
	uint64_t h = 14695981039346656037ull;
	char id[32];
	size_t i;
	json_t *r;
	struct pace_test *t;

	json_array_foreach(results, i, r) {
		const char *cmd = json_string_value(json_object_get(r, "command"));

		if (!cmd || !json_is_array(json_object_get(r, "times")))
			return pace_error_set(err, PACE_EUSAGE, "%s: results[%zu] "
					      "has no command or times", path, i);
		h = pace_fnv1a(h, cmd, strlen(cmd) + 1);
	}
	snprintf(id, sizeof(id), "hyperfine-%08" PRIx64, h >> 32);
	t = test_of(im, "hyperfine", id, NULL);
	json_array_foreach(results, i, r) {
		const char *cmd = json_string_value(json_object_get(r, "command"));
		const json_t *times = json_object_get(r, "times");
		const json_t *codes = json_object_get(r, "exit_codes");
		struct pace_import_set *s = set_of(im, t, cmd, cmd);
		size_t k;
		json_t *tv;

		json_array_foreach(times, k, tv) {
			struct pace_sample *x;
			const json_t *code = json_array_get(codes, k);

			if (!json_is_number(tv))
				return pace_error_set(err, PACE_EUSAGE, "%s: results"
						      "[%zu].times[%zu] is not a "
						      "number", path, i, k);
			x = sample_new(s);
			x->wall_ns = llround(json_number_value(tv) * 1e9);
			x->exit_code = json_is_integer(code)
					       ? (int)json_integer_value(code) : 0;
			x->fail = x->exit_code ? PACE_FAIL_EXIT : PACE_FAIL_NONE;
		}
	}
	im->tool = "hyperfine";
	return 0;
}

static int read_gbench(struct pace_import *im, const char *path,
		       const json_t *root, struct pace_error *err)
{
	struct pace_gbench_rep *r;
	size_t n;

	if (pace_json_gbench_reps(root, &r, &n))
		return pace_error_set(err, PACE_EUSAGE, "%s: benchmarks[] is not "
				      "a Google Benchmark export (each entry needs "
				      "name, real_time and a known time_unit)",
				      path);
	for (size_t i = 0; i < n; i++) {
		struct pace_test *t = test_of(im, "gbench", r[i].name, NULL);
		struct pace_sample *x = sample_new(set_of(im, t, "default",
							  r[i].name));
		double iters = r[i].iterations > 0 ? (double)r[i].iterations : 1;

		x->iterations = r[i].iterations > 0 ? r[i].iterations : 1;
		x->wall_ns = llround(r[i].real_s * iters * 1e9);
		if (isfinite(r[i].cpu_s)) {
			x->user_ns = llround(r[i].cpu_s * iters * 1e9);
			x->sys_ns = 0;
		}
	}
	free(r);
	im->tool = "gbench";
	return n ? 0 : pace_error_set(err, PACE_EUSAGE, "%s: no repetition in "
				      "this Google Benchmark export", path);
}

static enum pace_fail fail_of(const char *name)
{
	for (int f = PACE_FAIL_NONE; name && f <= PACE_FAIL_MEMORY; f++)
		if (strcmp(pace_fail_name((enum pace_fail)f), name) == 0)
			return (enum pace_fail)f;
	return PACE_FAIL_NONE;
}

/* One raw sample: every integer field pace writes, by name. */
static void raw_sample(struct pace_sample *x, const json_t *o)
{
	const struct { const char *key; int64_t *at; } f[] = {
		{"wall_ns", &x->wall_ns}, {"iterations", &x->iterations},
		{"user_ns", &x->user_ns}, {"sys_ns", &x->sys_ns},
		{"max_rss", &x->max_rss}, {"minflt", &x->minflt},
		{"majflt", &x->majflt}, {"nvcsw", &x->nvcsw},
		{"nivcsw", &x->nivcsw}, {"read_bytes", &x->read_bytes},
		{"write_bytes", &x->write_bytes}, {"rchar", &x->rchar},
		{"wchar", &x->wchar}, {"syscr", &x->syscr},
		{"syscw", &x->syscw}, {"stdout_bytes", &x->stdout_bytes},
		{"stderr_bytes", &x->stderr_bytes}};

	for (size_t i = 0; i < PACE_ARRAY_SIZE(f); i++)
		if (json_is_integer(json_object_get(o, f[i].key)))
			*f[i].at = json_integer_value(json_object_get(o, f[i].key));
	x->exit_code = (int)json_integer_value(json_object_get(o, "exit_code"));
	x->signal = (int)json_integer_value(json_object_get(o, "signal"));
	x->timed_out = json_is_true(json_object_get(o, "timed_out"));
	x->fail = fail_of(json_string_value(json_object_get(o, "fail")));
}

static int read_raw(struct pace_import *im, const char *path,
		    const json_t *root, struct pace_error *err)
{
	const char *suite = json_string_value(json_object_get(root, "suite"));
	const char *id = json_string_value(json_object_get(root, "target_id"));
	const json_t *vars = json_object_get(root, "variants"), *v;
	struct pace_test *t;
	size_t i;

	if (!suite || !id)
		return pace_error_set(err, PACE_EUSAGE, "%s: a pace raw file needs "
				      "suite and target_id", path);
	t = test_of(im, suite, id, json_string_value(json_object_get(root, "name")));
	json_array_foreach(vars, i, v) {
		const char *name = json_string_value(json_object_get(v, "variant"));
		const json_t *samples = json_object_get(v, "samples"), *o;
		struct pace_import_set *s;
		size_t k;

		if (!name || !json_is_array(samples))
			return pace_error_set(err, PACE_EUSAGE, "%s: variants[%zu] "
					      "has no variant name or samples",
					      path, i);
		s = set_of(im, t, name,
			   json_string_value(json_object_get(v, "command")));
		json_array_foreach(samples, k, o) {
			if (!json_is_integer(json_object_get(o, "wall_ns")))
				return pace_error_set(err, PACE_EUSAGE, "%s: variants"
						      "[%zu].samples[%zu] has no "
						      "wall_ns", path, i, k);
			raw_sample(sample_new(s), o);
		}
	}
	im->tool = "pace";
	return 0;
}

int pace_import_parse(struct pace_import *im, const char *path,
		      const char *text, size_t len, struct pace_error *err)
{
	json_error_t jerr;
	json_t *root = json_loadb(text, len, 0, &jerr), *r;
	int rc;

	if (!root)
		return pace_error_set(err, PACE_EUSAGE, "%s:%d: invalid JSON: %s",
				      path, jerr.line, jerr.text);
	if (json_is_array(r = json_object_get(root, "results")) &&
	    json_is_array(json_object_get(json_array_get(r, 0), "times")))
		rc = read_hyperfine(im, path, r, err);
	else if (json_is_array(json_object_get(root, "benchmarks")))
		rc = read_gbench(im, path, root, err);
	else if (json_is_array(json_object_get(root, "variants")))
		rc = read_raw(im, path, root, err);
	else if (json_is_array(r))
		rc = pace_error_set(err, PACE_EUSAGE, "%s: pace's results.json "
				    "keeps summaries, not samples: import the "
				    "run's raw/<test>.json files instead", path);
	else
		rc = pace_error_set(err, PACE_EUSAGE, "%s: neither a hyperfine "
				    "export, a Google Benchmark export nor a pace "
				    "raw file", path);
	json_decref(root);
	return rc;
}

void pace_import_release(struct pace_import *im)
{
	for (size_t i = 0; i < im->n; i++)
		free(im->v[i].samples);
	free(im->v);
	pace_suite_release(&im->suite);
	memset(im, 0, sizeof(*im));
}

/* ---- storing it as a run -------------------------------------------------- */

/* The run of im: results in test order (a test's variants adjacent, as
 * pace_run_analyze wants), samples moved in, stamped now. */
static void build_run(struct pace_run *run, struct pace_import *im,
		      const struct pace_config *cfg)
{
	int64_t now = pace_unix_ms();

	pace_run_init(run);
	pace_run_begin(run);
	for (size_t t = 0; t < im->suite.ntests; t++)
		for (size_t i = 0; i < im->n; i++) {
			struct pace_import_set *s = &im->v[i];
			struct pace_result *r;

			if (s->test_index != t)
				continue;
			PACE_GROW(run->results, run->alloc, run->nresults + 1);
			r = &run->results[run->nresults++];
			memset(r, 0, sizeof(*r));
			r->test = &im->suite.tests[t];
			r->variant = &r->test->variants[s->variant_index];
			r->samples = s->samples;
			r->nsamples = r->alloc = s->nsamples;
			r->stop_reason = "imported";
			r->peak_rss = -1;
			for (size_t k = 0; k < r->nsamples; k++)
				if (r->samples[k].started_unix_ms < 0)
					r->samples[k].started_unix_ms = now;
			s->samples = NULL;
			s->nsamples = 0;
		}
	pace_run_end(run);
	pace_run_analyze(run, cfg);
}

static int store_run(struct pace_store *st, const struct pace_run *run,
		     const struct pace_config *cfg, const char *command_line,
		     struct pace_error *err)
{
	struct pace_strbuf cj = PACE_STRBUF_INIT;
	struct pace_store_run_meta meta = {NULL, NULL, command_line};
	int rc;

	pace_config_to_json(cfg, &cj);
	meta.config_json = cj.buf;
	rc = pace_store_run_begin(st, run, &meta, err);
	for (size_t i = 0; !rc && i < run->nresults; i++) {
		rc = pace_store_add_samples(st, run->id, &run->results[i], i, 0,
					    run->results[i].nsamples, err);
		if (!rc)
			rc = pace_store_put_result(st, run->id, &run->results[i],
						   i, err);
	}
	if (!rc) {
		rc = pace_store_run_end(st, run, PACE_STORE_COMPLETE, err);
	} else {
		struct pace_error ignored = PACE_ERROR_INIT;

		/* half an import is no run: the message is err's */
		pace_store_delete_run(st, run->id, &ignored);
		pace_error_release(&ignored);
	}
	pace_strbuf_release(&cj);
	return rc;
}

int pace_pipeline_import(struct pace_pipeline_result *res, struct pace_run *run,
			 struct pace_store *st, struct pace_import *im,
			 const struct pace_config *cfg, const char *command_line,
			 pace_pipeline_warn_fn warn, void *warn_data,
			 struct pace_error *err)
{
	int rc;

	memset(res, 0, sizeof(*res));
	build_run(run, im, cfg);
	rc = store_run(st, run, cfg, command_line, err);
	if (!rc)
		rc = pace_pipeline_analyze(res, st, run, cfg, NULL, warn,
					   warn_data, err);
	return rc;
}
