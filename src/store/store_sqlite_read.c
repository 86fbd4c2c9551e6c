/*
 * store_sqlite_read.c - the reading half of the SQLite backend: listing
 * runs with their counts, matching run id prefixes, baselines, one test's
 * figures over runs, the tests the store knows, and loading a whole run
 * back (its tests rebuilt from the stored definitions, every sample).
 */
#include <assert.h>
#include <math.h>

#include <stdint.h>

#include "store/sqlite_priv.h"

#define RUN_COLUMNS \
	"r.id, r.started, r.started_unix_ms, r.ended, r.ended_unix_ms, r.status," \
	" r.git_commit, r.hostname, r.config_json, r.env_json, r.pid," \
	" (SELECT count(DISTINCT test) FROM results WHERE run_id = r.id)," \
	" (SELECT count(*) FROM results WHERE run_id = r.id)," \
	" (SELECT coalesce(sum(nsamples), 0) FROM results WHERE run_id = r.id)," \
	" r.command_line, r.run_group, r.shard"

static enum pace_store_status status_of(const char *s)
{
	if (s && !strcmp((const char *)s, "complete"))
		return PACE_STORE_COMPLETE;
	if (s && !strcmp((const char *)s, "interrupted"))
		return PACE_STORE_INTERRUPTED;
	return PACE_STORE_RUNNING;
}

static void copy_col(char *out, size_t n, struct pace_sql_stmt *s, int col)
{
	const char *t = pace_sql_column_text(s, col);
	snprintf(out, n, "%s", t ? (const char *)t : "");
}

static void run_info_row(struct pace_store_run_info *ri, struct pace_sql_stmt *s)
{
	memset(ri, 0, sizeof(*ri));
	copy_col(ri->id, sizeof(ri->id), s, 0);
	copy_col(ri->started, sizeof(ri->started), s, 1);
	ri->started_unix_ms = pace_sql_column_int64(s, 2);
	copy_col(ri->ended, sizeof(ri->ended), s, 3);
	ri->ended_unix_ms = pace_sql_column_int64(s, 4);
	ri->status = status_of(pace_sql_column_text(s, 5));
	ri->git_commit = pace_sql_column_strdup(s, 6);
	ri->hostname = pace_sql_column_strdup(s, 7);
	ri->config_json = pace_sql_column_strdup(s, 8);
	ri->env_json = pace_sql_column_strdup(s, 9);
	ri->pid = (long)pace_sql_column_int64(s, 10);
	ri->ntests = (size_t)pace_sql_column_int64(s, 11);
	ri->nresults = (size_t)pace_sql_column_int64(s, 12);
	ri->nsamples = (size_t)pace_sql_column_int64(s, 13);
	ri->command_line = pace_sql_column_strdup(s, 14);
	ri->run_group = pace_sql_column_strdup(s, 15);
	ri->shard = pace_sql_column_strdup(s, 16);
}

int pace_sq_list_runs(struct pace_store *st, size_t limit,
		      struct pace_store_run_info **out, size_t *n,
		      struct pace_error *err)
{
	struct pace_sql_stmt *s;
	size_t alloc = 0;
	int rc = pace_sq_prepare(st, "SELECT " RUN_COLUMNS " FROM runs r"
				 " ORDER BY r.started_unix_ms DESC, r.id DESC LIMIT ?", &s, err);

	*out = NULL;
	*n = 0;
	if (rc)
		return rc;
	pace_sql_bind_int64(s, 1, limit ? (int64_t)limit : INT64_MAX);
	while ((rc = pace_sql_step(s, "cannot list runs", err)) == PACE_SQL_ROW) {
		PACE_GROW(*out, alloc, *n + 1);
		run_info_row(&(*out)[(*n)++], s);
	}
	pace_sql_finalize(s);
	return rc;
}

int pace_sq_get_run(struct pace_store *st, const char *run_id,
		    struct pace_store_run_info *out, struct pace_error *err)
{
	struct pace_sql_stmt *s;
	int rc = pace_sq_prepare(st, "SELECT " RUN_COLUMNS " FROM runs r WHERE r.id = ?",
				 &s, err);

	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	pace_sql_bind_text(s, 1, run_id);
	rc = pace_sql_step(s, "cannot read a run", err);
	if (rc == PACE_SQL_ROW) {
		run_info_row(out, s);
		rc = 0;
	} else if (rc == PACE_SQL_DONE) {
		rc = pace_error_set(err, PACE_EUSAGE, "no run '%s' in the store '%s'",
				    run_id, st->location);
	}
	pace_sql_finalize(s);
	return rc;
}

int pace_sq_match_ids(struct pace_store *st, const char *prefix,
		      char (*ids)[48], size_t max, size_t *n, struct pace_error *err)
{
	struct pace_sql_stmt *s;
	int rc = pace_sq_prepare(st, "SELECT id FROM runs WHERE substr(id, 1, ?) = ?"
				 " ORDER BY id LIMIT ?", &s, err);

	*n = 0;
	if (rc)
		return rc;
	pace_sql_bind_int64(s, 1, (int64_t)strlen(prefix));
	pace_sql_bind_text(s, 2, prefix);
	pace_sql_bind_int64(s, 3, (int64_t)max);
	while ((rc = pace_sql_step(s, "cannot look up runs", err)) == PACE_SQL_ROW)
		copy_col(ids[(*n)++], 48, s, 0);
	pace_sql_finalize(s);
	return rc;
}

int pace_sq_baseline_list(struct pace_store *st, struct pace_store_baseline **out,
			  size_t *n, struct pace_error *err)
{
	struct pace_sql_stmt *s;
	size_t alloc = 0;
	int rc = pace_sq_prepare(st, "SELECT name, run_id, created FROM baselines"
				 " ORDER BY name", &s, err);

	*out = NULL;
	*n = 0;
	if (rc)
		return rc;
	while ((rc = pace_sql_step(s, "cannot list baselines", err)) == PACE_SQL_ROW) {
		struct pace_store_baseline *b;
		PACE_GROW(*out, alloc, *n + 1);
		b = &(*out)[(*n)++];
		b->name = pace_sql_column_strdup(s, 0);
		copy_col(b->run_id, sizeof(b->run_id), s, 1);
		copy_col(b->created, sizeof(b->created), s, 2);
	}
	pace_sql_finalize(s);
	return rc;
}

/* ---- one test over time ------------------------------------------------------ */

/* The suite of test_id when the caller did not say: the only one, or an
 * error naming the candidates. */
static int find_suite(struct pace_store *st, const char *test_id, char **suite,
		      struct pace_error *err)
{
	struct pace_strvec found = PACE_STRVEC_INIT;
	struct pace_sql_stmt *s;
	int rc = pace_sq_prepare(st, "SELECT suite FROM tests WHERE test_id = ?"
				 " ORDER BY suite", &s, err);

	if (rc)
		return rc;
	pace_sql_bind_text(s, 1, test_id);
	while ((rc = pace_sql_step(s, "cannot look up a test", err)) == PACE_SQL_ROW)
		pace_strvec_push(&found, pace_sql_column_text(s, 0));
	pace_sql_finalize(s);
	if (rc) {
		/* err says why */
	} else if (found.n == 1) {
		*suite = pace_xstrdup(found.v[0]);
	} else if (!found.n) {
		rc = pace_error_set(err, PACE_EUSAGE, "no test '%s' in the store '%s'",
				    test_id, st->location);
	} else {
		rc = pace_error_set(err, PACE_EUSAGE, "test '%s' is in several suites "
				    "('%s', '%s'%s): say which with SUITE/ID", test_id,
				    found.v[0], found.v[1], found.n > 2 ? ", ..." : "");
	}
	pace_strvec_release(&found);
	return rc;
}

static void point_row(struct pace_store_point *p, struct pace_sql_stmt *s)
{
	memset(p, 0, sizeof(*p));
	copy_col(p->run_id, sizeof(p->run_id), s, 0);
	copy_col(p->started, sizeof(p->started), s, 1);
	p->started_unix_ms = pace_sql_column_int64(s, 2);
	p->status = status_of(pace_sql_column_text(s, 3));
	p->git_commit = pace_sql_column_strdup(s, 4);
	p->n = (size_t)(pace_sql_column_is_null(s, 5)
			? 0 : pace_sql_column_int64(s, 5));
	p->nfailed = (size_t)pace_sql_column_int64(s, 6);
	p->mean = pace_sql_column_double(s, 7);
	p->median = pace_sql_column_double(s, 8);
	p->sd = pace_sql_column_double(s, 9);
	p->min = pace_sql_column_double(s, 10);
	p->max = pace_sql_column_double(s, 11);
	p->ci_lo = pace_sql_column_double(s, 12);
	p->ci_hi = pace_sql_column_double(s, 13);
	p->mean_rss = pace_sql_column_double(s, 14);
}

static int history_rows(struct pace_store *st, const char *suite,
			const char *test_id, const char *variant, size_t limit,
			struct pace_store_point **out, size_t *n,
			struct pace_error *err)
{
	struct pace_sql_stmt *s;
	size_t alloc = 0;
	int rc = pace_sq_prepare(st, "SELECT r.id, r.started, r.started_unix_ms, r.status,"
		" r.git_commit, x.n, x.nfailed, x.mean, x.median, x.sd, x.min, x.max,"
		" x.ci_lo, x.ci_hi, x.rss_mean FROM tests t"
		" JOIN results x ON x.test = t.id AND x.variant = ?3"
		" JOIN runs r ON r.id = x.run_id"
		" WHERE t.suite = ?1 AND t.test_id = ?2"
		" ORDER BY r.started_unix_ms DESC, r.id DESC LIMIT ?4", &s, err);

	if (rc)
		return rc;
	pace_sql_bind_text(s, 1, suite);
	pace_sql_bind_text(s, 2, test_id);
	pace_sql_bind_text(s, 3, variant);
	pace_sql_bind_int64(s, 4, limit ? (int64_t)limit : INT64_MAX);
	while ((rc = pace_sql_step(s, "cannot read a test's history", err)) == PACE_SQL_ROW) {
		PACE_GROW(*out, alloc, *n + 1);
		point_row(&(*out)[(*n)++], s);
	}
	pace_sql_finalize(s);
	return rc;
}

int pace_sq_test_history(struct pace_store *st, const char *suite,
			 const char *test_id, const char *variant, size_t limit,
			 struct pace_store_point **out, size_t *n,
			 struct pace_error *err)
{
	char *found = NULL;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!suite)
		rc = find_suite(st, test_id, &found, err);
	if (!rc)
		rc = history_rows(st, suite ? suite : found, test_id, variant, limit,
				  out, n, err);
	free(found);
	/* Newest first from SQL (for the limit); oldest first for callers. */
	for (size_t i = 0; !rc && i < *n / 2; i++) {
		struct pace_store_point t = (*out)[i];
		(*out)[i] = (*out)[*n - 1 - i];
		(*out)[*n - 1 - i] = t;
	}
	return rc;
}

int pace_sq_list_tests(struct pace_store *st, struct pace_store_test_key **out,
		       size_t *n, struct pace_error *err)
{
	struct pace_sql_stmt *s;
	size_t alloc = 0;
	int rc = pace_sq_prepare(st, "SELECT t.suite, t.test_id, x.variant,"
		" count(DISTINCT x.run_id) FROM tests t JOIN results x ON x.test = t.id"
		" GROUP BY t.suite, t.test_id, x.variant"
		" ORDER BY t.suite, t.test_id, x.variant", &s, err);

	*out = NULL;
	*n = 0;
	if (rc)
		return rc;
	while ((rc = pace_sql_step(s, "cannot list tests", err)) == PACE_SQL_ROW) {
		struct pace_store_test_key *k;
		PACE_GROW(*out, alloc, *n + 1);
		k = &(*out)[(*n)++];
		k->suite = pace_sql_column_strdup(s, 0);
		k->test_id = pace_sql_column_strdup(s, 1);
		k->variant = pace_sql_column_strdup(s, 2);
		k->nruns = (size_t)pace_sql_column_int64(s, 3);
	}
	pace_sql_finalize(s);
	return rc;
}

/* ---- loading a run ------------------------------------------------------------- */

/* One stored result before the tests are rebuilt. */
struct row {
	int64_t id;
	char *suite, *test_id, *variant, *json;
	size_t test_index, variant_index; /* into the rebuilt tests */
	size_t suite_index;
	struct pace_result res; /* test and variant set last */
};

static void row_from(struct row *w, struct pace_sql_stmt *s)
{
	memset(w, 0, sizeof(*w));
	w->id = pace_sql_column_int64(s, 0);
	w->suite = pace_sql_column_strdup(s, 1);
	w->test_id = pace_sql_column_strdup(s, 2);
	w->variant = pace_sql_column_strdup(s, 3);
	w->json = pace_sql_column_strdup(s, 4);
	w->res.nfailed = (size_t)pace_sql_column_int64(s, 5);
	w->res.first_fail = (enum pace_fail)(int)pace_sql_column_int64(s, 6);
	w->res.failure = pace_sql_column_strdup(s, 7);
	w->res.output_snippet = pace_sql_column_strdup(s, 8);
	w->res.skipped = pace_sql_column_strdup(s, 9);
	w->res.stop_reason = pace_store_stop_reason(
		pace_sql_column_text(s, 10));
	w->res.peak_rss = -1;
	w->res.inproc = pace_store_inproc_from_json(
		pace_sql_column_text(s, 11));
	pace_store_measure_from_json(&w->res,
		pace_sql_column_text(s, 12));
}

static int read_rows(struct pace_store *st, const char *run_id, struct row **rows,
		     size_t *n, struct pace_error *err)
{
	struct pace_sql_stmt *s;
	size_t alloc = 0;
	int rc = pace_sq_prepare(st, "SELECT x.id, t.suite, t.test_id, x.variant,"
		" x.test_json, coalesce(x.nfailed, 0), coalesce(x.first_fail, 0),"
		" x.failure, x.output_snippet, x.skipped, x.stop_reason,"
		" x.inproc_json, x.measure_json FROM results x JOIN tests t ON t.id = x.test WHERE x.run_id = ?"
		" ORDER BY x.ord, x.id", &s, err);

	*rows = NULL;
	*n = 0;
	if (rc)
		return rc;
	pace_sql_bind_text(s, 1, run_id);
	while ((rc = pace_sql_step(s, "cannot read a run's results", err)) == PACE_SQL_ROW) {
		PACE_GROW(*rows, alloc, *n + 1);
		row_from(&(*rows)[(*n)++], s);
	}
	pace_sql_finalize(s);
	return rc;
}

static void sample_from(struct pace_sample *x, struct pace_sql_stmt *s)
{
	int64_t v[27];

	for (int i = 0; i < 27; i++)
		v[i] = pace_sql_column_int64(s, i);
	*x = (struct pace_sample){
		.wall_ns = v[0], .iterations = v[1], .user_ns = v[2], .sys_ns = v[3],
		.max_rss = v[4], .minflt = v[5], .majflt = v[6], .nvcsw = v[7],
		.nivcsw = v[8], .read_bytes = v[9], .write_bytes = v[10],
		.rchar = v[11], .wchar = v[12], .syscr = v[13], .syscw = v[14],
		.stdout_bytes = v[15], .stderr_bytes = v[16],
		.started_unix_ms = v[17], .exit_code = (int)v[18],
		.signal = (int)v[19], .spawn_errno = (int)v[20],
		.timed_out = v[21] != 0, .output_overflow = v[22] != 0,
		.leftover = (int)v[23], .retries = (int)v[24],
		.fail = (enum pace_fail)v[25],
		/* The sandbox sets both together; no column of its own. */
		.oom_killed = v[25] == PACE_FAIL_MEMORY,
		.instructions = pace_sql_column_is_null(s, 26) ? -1 : v[26],
	};
	x->perf_set = !pace_sql_column_is_null(s, 27);
	for (int k = 0; k < PACE_NPERF; k++)
		x->perf[k] = pace_sql_column_is_null(s, 27 + k)
			? -1 : pace_sql_column_int64(s, 27 + k);
	x->env_pad = pace_sql_column_int64(s, 27 + PACE_NPERF);
	x->disk_set = !pace_sql_column_is_null(s, 28 + PACE_NPERF);
	x->disk_bytes_delta = pace_sql_column_int64(s, 28 + PACE_NPERF);
	x->disk_inodes_delta = pace_sql_column_int64(s, 29 + PACE_NPERF);
}

/* A run measured with --measure instructions left a count in its
 * samples; no column of its own. */
static enum pace_measure measure_of(const struct pace_result *r)
{
	for (size_t i = 0; i < r->nsamples; i++)
		if (r->samples[i].instructions >= 0)
			return PACE_MEASURE_INSTRUCTIONS;
	return PACE_MEASURE_TIME;
}

static int read_samples(struct pace_store *st, struct row *w, struct pace_error *err)
{
	struct pace_sql_stmt *s;
	int rc = pace_sq_prepare(st, "SELECT wall_ns, iterations, user_ns, sys_ns,"
		" max_rss, minflt, majflt, nvcsw, nivcsw, read_bytes, write_bytes, rchar,"
		" wchar, syscr, syscw, stdout_bytes, stderr_bytes, started_unix_ms,"
		" exit_code, signal, spawn_errno, timed_out, output_overflow, leftover,"
		" retries, fail, instructions, perf_task_clock, perf_page_faults,"
		" perf_context_switches, perf_cpu_migrations, perf_cycles,"
		" perf_instructions, perf_branches, perf_branch_misses,"
		" perf_cache_misses, env_pad, disk_bytes_delta, disk_inodes_delta"
		" FROM samples WHERE result = ? ORDER BY seq", &s, err);

	if (rc)
		return rc;
	pace_sql_bind_int64(s, 1, w->id);
	while ((rc = pace_sql_step(s, "cannot read samples", err)) == PACE_SQL_ROW) {
		PACE_GROW(w->res.samples, w->res.alloc, w->res.nsamples + 1);
		sample_from(&w->res.samples[w->res.nsamples++], s);
	}
	pace_sql_finalize(s);
	return rc;
}

/* Assigns suite, test and variant indexes: suites in order of first
 * appearance, a test's results adjacent (they are, by ord). */
static void index_rows(struct row *rows, size_t n, struct pace_store_loaded *out)
{
	for (size_t i = 0; i < n; i++) {
		struct row *w = &rows[i], *p = i ? &rows[i - 1] : NULL;
		size_t si = 0;

		while (si < out->nsuites && strcmp(out->suites[si].id, w->suite))
			si++;
		if (si == out->nsuites) {
			struct pace_suite *s;
			out->suites = pace_xrealloc(out->suites, (si + 1) * sizeof(*s));
			s = &out->suites[out->nsuites++];
			memset(s, 0, sizeof(*s));
			s->id = pace_xstrdup(w->suite);
			s->name = pace_xstrdup(w->suite);
			s->path = pace_xstrdup("<store>");
		}
		w->suite_index = si;
		if (p && p->suite_index == si && !strcmp(p->test_id, w->test_id)) {
			w->test_index = p->test_index;
			w->variant_index = p->variant_index + 1;
		} else {
			w->test_index = out->suites[si].ntests++;
		}
	}
}

static void build_tests(struct row *rows, size_t n, struct pace_store_loaded *out)
{
	for (size_t s = 0; s < out->nsuites; s++)
		out->suites[s].tests = pace_xcalloc(out->suites[s].ntests,
						    sizeof(struct pace_test));
	for (size_t i = 0; i < n; i++) {
		struct row *w = &rows[i];
		struct pace_test *t = &out->suites[w->suite_index].tests[w->test_index];
		struct pace_variant *v;

		if (w->variant_index == 0) {
			pace_test_init(t);
			/* Limits as measured, when the JSON has them. */
			pace_store_test_from_json(t, w->json);
			t->id = pace_xstrdup(w->test_id);
			t->suite = pace_xstrdup(w->suite);
		}
		t->variants = pace_xrealloc(t->variants, (t->nvariants + 1) * sizeof(*v));
		v = &t->variants[t->nvariants++];
		memset(v, 0, sizeof(*v));
		v->name = pace_xstrdup(w->variant);
		pace_store_variant_from_json(v, w->json);
	}
}

static void free_rows(struct row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].suite);
		free(rows[i].test_id);
		free(rows[i].variant);
		free(rows[i].json);
	}
	free(rows);
}

int pace_sq_load_run(struct pace_store *st, const char *run_id,
		     struct pace_store_loaded *out, struct pace_error *err)
{
	struct pace_run *run = &out->run;
	struct row *rows;
	size_t n;
	int rc = pace_sq_get_run(st, run_id, &out->info, err);

	if (rc)
		return rc;
	rc = read_rows(st, run_id, &rows, &n, err);
	if (rc) {
		/* The rows read before the error own their result's texts. */
		for (size_t i = 0; i < n; i++) {
			free(rows[i].res.failure);
			free(rows[i].res.output_snippet);
			free(rows[i].res.skipped);
			pace_inproc_free(rows[i].res.inproc);
			pace_profile_free(rows[i].res.profile);
			pace_timeseries_free(rows[i].res.timeseries);
			free(rows[i].res.perf_note);
		}
		free_rows(rows, n);
		return rc;
	}
	for (size_t i = 0; i < n && !rc; i++)
		rc = read_samples(st, &rows[i], err);
	index_rows(rows, n, out);
	build_tests(rows, n, out);
	/* Variants are complete now: the pointers below stay valid. */
	PACE_GROW(run->results, run->alloc, n);
	for (size_t i = 0; i < n; i++) {
		struct row *w = &rows[i];
		struct pace_test *t = &out->suites[w->suite_index].tests[w->test_index];
		w->res.test = t;
		w->res.variant = &t->variants[w->variant_index];
		w->res.executor = pace_store_executor_from_json(w->json);
		w->res.measure = measure_of(&w->res);
		run->results[run->nresults++] = w->res;
	}
	free_rows(rows, n);
	snprintf(run->id, sizeof(run->id), "%s", out->info.id);
	snprintf(run->started, sizeof(run->started), "%s", out->info.started);
	snprintf(run->ended, sizeof(run->ended), "%s", out->info.ended);
	run->started_unix_ms = out->info.started_unix_ms;
	run->ended_unix_ms = out->info.ended_unix_ms;
	run->interrupted = out->info.status != PACE_STORE_COMPLETE;
	pace_store_env_from_json(&run->env, out->info.env_json);
	return rc;
}
