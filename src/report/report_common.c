/*
 * report_common.c - what every writer needs from a run: its tests in
 * order, the fastest variant of a test, names for results, and the jansson
 * glue shared by the JSON writers.  A run's results are stored test by
 * test, variant by variant (the runner's order); writers follow that
 * order so that every output lists things the same way.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_priv.h"
#include "stats/stats.h"
#include "util/json.h"
#include "util/sanitize.h"

size_t pace_report_tests(const struct pace_run *run,
			 const struct pace_test ***out)
{
	const struct pace_test **v = NULL;
	size_t n = 0;

	if (run->nresults)
		v = pace_xmalloc(run->nresults * sizeof(*v));
	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_test *t = run->results[i].test;
		size_t j;
		for (j = 0; j < n && v[j] != t; j++)
			;
		if (j == n)
			v[n++] = t;
	}
	*out = v;
	return n;
}

bool pace_report_has_data(const struct pace_result *r)
{
	return r->wall.n > 0 && isfinite(r->wall.mean);
}

const struct pace_result *pace_report_fastest(const struct pace_run *run,
					      const struct pace_test *test)
{
	const struct pace_result *best = NULL;
	struct pace_summary b = {0}, x;

	/* by the primary figure: instructions under --measure instructions */
	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		if (r->test != test || !pace_report_has_data(r))
			continue;
		pace_stats_primary_summary(&x, r);
		if (!best || x.mean < b.mean) {
			best = r;
			b = x;
		}
	}
	return best;
}

bool pace_report_cmp_of(const struct pace_comparison *c,
			const struct pace_test *test)
{
	return c->faster && c->slower && c->faster->test == test;
}

const char *pace_report_variant_label(const struct pace_result *r)
{
	if (!r->variant)
		return "default";
	if (r->variant->name && *r->variant->name)
		return r->variant->name;
	return r->variant->cmd.text ? r->variant->cmd.text : "default";
}

void pace_report_result_name(char *buf, size_t sz, const struct pace_result *r)
{
	const char *v = pace_report_variant_label(r);

	if (r->test->nvariants <= 1 && strcmp(v, "default") == 0)
		snprintf(buf, sz, "%s", r->test->id);
	else
		snprintf(buf, sz, "%s/%s", r->test->id, v);
}

/* ---- jansson glue ------------------------------------------------------ */

json_t *pace_report_json_known(int64_t v)
{
	return v < 0 ? json_null() : json_integer((json_int_t)v);
}

json_t *pace_report_json_str(const char *s)
{
	json_t *j;
	char *copy;

	if (!s)
		return json_null();
	j = json_string(s);
	if (j)
		return j;
	/* Not UTF-8 (a command's bytes can be anything): keep the ASCII and
	 * mark the rest, rather than lose the field. */
	copy = pace_xstrdup(s);
	for (char *p = copy; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(copy);
	free(copy);
	return j ? j : json_null();
}

json_t *pace_report_json_params(const struct pace_test *t)
{
	json_t *o = json_object();

	for (size_t i = 0; i < t->param_names.n; i++)
		json_object_set_new(o, t->param_names.v[i],
				    pace_report_json_str(t->param_values.v[i]));
	return o;
}

json_t *pace_report_json_summary(const struct pace_summary *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "n", json_integer((json_int_t)s->n));
	json_object_set_new(o, "mean", pace_json_num(s->mean));
	json_object_set_new(o, "sd", pace_json_num(s->sd));
	json_object_set_new(o, "median", pace_json_num(s->median));
	json_object_set_new(o, "min", pace_json_num(s->min));
	json_object_set_new(o, "max", pace_json_num(s->max));
	json_object_set_new(o, "q1", pace_json_num(s->q1));
	json_object_set_new(o, "q3", pace_json_num(s->q3));
	json_object_set_new(o, "ci_lo", pace_json_num(s->ci_lo));
	json_object_set_new(o, "ci_hi", pace_json_num(s->ci_hi));
	json_object_set_new(o, "outliers_mild",
			    json_integer((json_int_t)s->outliers_mild));
	json_object_set_new(o, "outliers_severe",
			    json_integer((json_int_t)s->outliers_severe));
	return o;
}

/* Seed 004's metrics of a test: the fastest variant's speed. */
json_t *pace_report_json_metrics(const struct pace_run *run,
				 const struct pace_test *test)
{
	const struct pace_result *best = pace_report_fastest(run, test);
	json_t *o = json_object();
	size_t iterations = 0;

	for (size_t i = 0; i < run->nresults; i++)
		if (run->results[i].test == test)
			iterations += run->results[i].nsamples;
	json_object_set_new(o, "operations_per_second",
			    pace_json_num(best ? 1.0 / best->wall.mean
						      : NAN));
	json_object_set_new(o, "avg_duration_ns",
			    best ? json_integer((json_int_t)llround(
					   best->wall.mean * 1e9))
				 : json_null());
	json_object_set_new(o, "total_iterations",
			    json_integer((json_int_t)iterations));
	return o;
}

int pace_report_json_dump(FILE *f, json_t *j)
{
	/* into memory first: json_dumpf writes token by token, which costs
	 * more than the encoding itself for a large run (bench/report) */
	char *text = json_dumps(j, JSON_INDENT(2));
	int rc = text ? 0 : -1;

	json_decref(j);
	if (text && (fputs(text, f) == EOF || fputc('\n', f) == EOF))
		rc = -1;
	free(text);
	if (rc < 0)
		return PACE_EIO;
	return pace_report_stream_status(f);
}

int pace_report_stream_status(FILE *f)
{
	return ferror(f) ? PACE_EIO : 0;
}

/* One CSV field, quoted per RFC 4180 when it holds a comma, quote or
 * line break; NULL is the empty field. */
void pace_report_csv_field(FILE *f, const char *s)
{
	/* '=cmd|...' would be a formula to a spreadsheet: a leading '
	 * makes it text (OWASP); numbers keep their sign */
	const char *guard = pace_csv_needs_guard(s) ? "'" : "";

	if (!s)
		s = "";
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(guard, f);
		fputs(s, f);
		return;
	}
	fputc('"', f);
	fputs(guard, f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

double pace_report_counted_seconds(const struct pace_result *r)
{
	int64_t ns = 0;

	for (size_t i = 0; i < r->nsamples; i++)
		if (r->samples[i].fail == PACE_FAIL_NONE && r->samples[i].wall_ns > 0)
			ns += r->samples[i].wall_ns;
	return (double)ns / 1e9;
}

void pace_report_totals(struct pace_report_totals *t, const struct pace_run *run)
{
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		t->iterations += r->nsamples;
		t->failed_runs += r->nfailed;
		t->failed += r->nfailed > 0 || (r->failure && !r->skipped);
		t->skipped += r->skipped != NULL;
		t->seconds += pace_report_counted_seconds(r);
	}
}

void pace_report_md_cell(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '\n' || *s == '\r')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
}

const struct pace_comparison *pace_report_find_cmp(const struct pace_run *run,
						   const struct pace_result *a,
						   const struct pace_result *b)
{
	for (size_t i = 0; i < run->ncomparisons; i++) {
		const struct pace_comparison *c = &run->comparisons[i];
		if ((c->faster == a && c->slower == b) ||
		    (c->faster == b && c->slower == a))
			return c;
	}
	return NULL;
}
