/*
 * report_csv.c - results.csv in seed 001's columns, one row per measured
 * sample (failed ones too, with success=false), so that a spreadsheet sees
 * every iteration:
 *
 *   test_id,run_id,timestamp,vcs_type,operation,execution_time_ms,
 *   memory_peak_mb,success
 *
 * vcs_type is the variant (seed 001's variants are VCS types), operation
 * the test id.  Fields are quoted per RFC 4180 only when they hold a comma,
 * a quote or a line break; a figure that was not measured is left empty.
 * Lines end in "\n" (what every CSV reader accepts).
 */
#include <string.h>

#include "report/report_model.h"
#include "report/report_priv.h"


/* test_id,run_id,timestamp,variant: both CSVs start a row so. */
static void csv_row_start(FILE *f, const struct pace_run *run,
			  const struct pace_result *r,
			  const struct pace_sample *s)
{
	char iso[32] = "";

	if (s->started_unix_ms > 0)
		pace_iso8601(iso, s->started_unix_ms);
	pace_report_csv_field(f, r->test->id);
	fputc(',', f);
	pace_report_csv_field(f, run->id);
	fprintf(f, ",%s,", iso);
	pace_report_csv_field(f, pace_report_variant_label(r));
}

static void csv_sample(FILE *f, const struct pace_run *run,
		       const struct pace_result *r, const struct pace_sample *s)
{
	csv_row_start(f, run, r, s);
	fputc(',', f);
	pace_report_csv_field(f, r->test->id);
	fputc(',', f);
	if (s->wall_ns >= 0)
		fprintf(f, "%.3f", (double)s->wall_ns / 1e6);
	fputc(',', f);
	if (s->max_rss >= 0)
		fprintf(f, "%.2f", (double)s->max_rss / (1024.0 * 1024.0));
	fprintf(f, ",%s\n", s->fail == PACE_FAIL_NONE ? "true" : "false");
}

int pace_report_results_csv(FILE *f, const struct pace_run *run)
{
	fputs("test_id,run_id,timestamp,vcs_type,operation,execution_time_ms,"
	      "memory_peak_mb,success\n", f);
	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		for (size_t j = 0; j < r->nsamples; j++)
			csv_sample(f, run, r, &r->samples[j]);
	}
	return pace_report_stream_status(f);
}

/* ---- results-wide.csv --------------------------------------------------- */

/* Every metric of every sample: the seed's identifying columns, then the
 * raw figures in their own units (ns, bytes, counts), empty when unknown. */
static void wide_num(FILE *f, int64_t v)
{
	if (v >= 0)
		fprintf(f, ",%lld", (long long)v);
	else
		fputc(',', f);
}

static void wide_sample(FILE *f, const struct pace_run *run,
			const struct pace_result *r, size_t k)
{
	const struct pace_sample *s = &r->samples[k];
	const int64_t v[] = {s->wall_ns, s->iterations > 1 ? s->iterations : 1,
		s->user_ns, s->sys_ns, s->max_rss, s->minflt, s->majflt,
		s->nvcsw, s->nivcsw, s->read_bytes, s->write_bytes, s->rchar,
		s->wchar, s->syscr, s->syscw, s->stdout_bytes, s->stderr_bytes};
	bool exited = s->signal == 0 && s->spawn_errno == 0;

	csv_row_start(f, run, r, s);
	fprintf(f, ",%zu,%s,", k + 1, s->fail == PACE_FAIL_NONE ? "true" : "false");
	pace_report_csv_field(f, s->fail == PACE_FAIL_NONE ? ""
			      : pace_fail_name(s->fail));
	for (size_t i = 0; i < PACE_ARRAY_SIZE(v); i++)
		wide_num(f, v[i]);
	if (exited)
		fprintf(f, ",%d", s->exit_code);
	else
		fputc(',', f);
	fprintf(f, ",%d,%s,%d\n", s->signal, s->timed_out ? "true" : "false",
		s->retries);
}

int pace_report_wide_csv(FILE *f, const struct pace_run *run)
{
	fputs("test_id,run_id,timestamp,variant,sample,success,fail,wall_ns,"
	      "iterations,user_ns,sys_ns,max_rss_bytes,minflt,majflt,nvcsw,"
	      "nivcsw,read_bytes,write_bytes,rchar,wchar,syscr,syscw,"
	      "stdout_bytes,stderr_bytes,exit_code,signal,timed_out,retries\n",
	      f);
	for (size_t i = 0; i < run->nresults; i++)
		for (size_t j = 0; j < run->results[i].nsamples; j++)
			wide_sample(f, run, &run->results[i], j);
	return pace_report_stream_status(f);
}
