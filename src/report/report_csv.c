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

#include "report/report_priv.h"


static void csv_sample(FILE *f, const struct pace_run *run,
		       const struct pace_result *r, const struct pace_sample *s)
{
	char iso[32] = "";

	if (s->started_unix_ms > 0)
		pace_iso8601(iso, s->started_unix_ms);
	pace_report_csv_field(f, r->test->id);
	fputc(',', f);
	pace_report_csv_field(f, run->id);
	fprintf(f, ",%s,", iso);
	pace_report_csv_field(f, pace_report_variant_label(r));
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
