/*
 * report_md.c - summary.md, for people reading a run on a code host: seed
 * 003's layout (metadata, overall statistics, a detailed results table,
 * performance analysis) with seed 004's per-target sections ("### id" and
 * a ```json block of its metrics), plus what pace adds: spread, failures,
 * and the relative speed of variants with its uncertainty.
 *
 * Every table cell goes through pace_report_md_cell so that a '|' in a
 * command or a failure message cannot break the table.
 */
#include <math.h>
#include <string.h>

#include "report/report_model.h"
#include "report/report_priv.h"

static void md_metadata(FILE *f, const struct pace_run *run)
{
	const struct pace_env_info *e = &run->env;
	char mem[32];

	fputs("\n## Environment and Reproducibility\n\n", f);
	fprintf(f, "- **Run ID**: `%s`\n", run->id);
	fprintf(f, "- **Date**: %s", run->started);
	if (run->ended[0])
		fprintf(f, " to %s", run->ended);
	fputs("\n", f);
	fprintf(f, "- **Host**: %s", e->hostname ? e->hostname : "unknown");
	if (e->os || e->kernel)
		fprintf(f, " (%s%s%s%s%s)", e->os ? e->os : "",
			e->os && e->kernel ? " " : "", e->kernel ? e->kernel : "",
			e->arch ? ", " : "", e->arch ? e->arch : "");
	fputs("\n", f);
	if (e->cpu_model || e->ncpu > 0) {
		pace_format_bytes(mem, sizeof(mem), (double)e->mem_total);
		fprintf(f, "- **CPU**: %s, %d CPUs, %s memory\n",
			e->cpu_model ? e->cpu_model : "unknown", e->ncpu, mem);
	}
	fprintf(f, "- **pace version**: %s\n",
		e->pace_version ? e->pace_version : "unknown");
	if (e->git_version || e->jj_version)
		fprintf(f, "- **Tools**: %s%s%s\n", e->git_version ? e->git_version : "",
			e->git_version && e->jj_version ? "; " : "",
			e->jj_version ? e->jj_version : "");
	if (e->env_hash)
		fprintf(f, "- **Test environment**: `%s` (%s, docs/environments.md)\n",
			e->env_hash, e->env_distribution ? e->env_distribution : "?");
	if (run->interrupted)
		fputs("- **Interrupted**: yes, the results below are partial\n",
		      f);
}

static void md_overall(FILE *f, const struct pace_run *run, size_t ntests)
{
	const struct pace_result *fast = NULL;
	struct pace_report_totals t;
	size_t iterations, failed_runs, failed, skipped;
	double seconds;
	char buf[64], name[256];

	pace_report_totals(&t, run);
	iterations = t.iterations;
	failed_runs = t.failed_runs;
	failed = t.failed;
	skipped = t.skipped;
	seconds = t.seconds;
	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		if (pace_report_has_data(r) && (!fast || r->wall.mean < fast->wall.mean))
			fast = r;
	}
	fputs("\n## Overall Statistics\n\n", f);
	fprintf(f, "- **Tests**: %zu\n", ntests);
	fprintf(f, "- **Benchmarks** (test × variant): %zu\n", run->nresults);
	fprintf(f, "- **Iterations**: %zu (%zu failed)\n", iterations,
		failed_runs);
	pace_format_time(buf, sizeof(buf), seconds);
	fprintf(f, "- **Measured time**: %s\n", buf);
	fprintf(f, "- **Benchmarks with failures**: %zu\n", failed);
	if (skipped)
		fprintf(f, "- **Skipped benchmarks**: %zu\n", skipped);
	if (fast) {
		pace_report_result_name(name, sizeof(name), fast);
		pace_format_time(buf, sizeof(buf), fast->wall.mean);
		fprintf(f, "- **Fastest**: `%s` (%s)\n", name, buf);
	}
}

static void md_notes(FILE *f, const struct pace_result *r)
{
	size_t out = r->wall.outliers_mild + r->wall.outliers_severe;
	bool any = false;

	if (r->skipped) {
		fputs("skipped: ", f);
		pace_report_md_cell(f, r->skipped);
		return;
	}
	if (r->nfailed || r->failure) {
		fprintf(f, "%zu of %zu runs failed", r->nfailed, r->nsamples);
		if (r->failure) {
			fputs(": ", f);
			pace_report_md_cell(f, r->failure);
		}
		any = true;
	}
	if (out) {
		fprintf(f, "%s%zu outlier%s", any ? "; " : "", out,
			out == 1 ? "" : "s");
		any = true;
	}
	if (!any)
		fputs("-", f);
}

static void md_result_row(FILE *f, const struct pace_result *r)
{
	const struct pace_summary *w = &r->wall;
	struct pace_time_unit u = pace_format_time_unit(w->mean);
	const double v[] = {w->mean, w->sd, w->median, w->min, w->max};
	char buf[64];

	fputs("| ", f);
	pace_report_md_cell(f, r->test->id);
	fputs(" | ", f);
	pace_report_md_cell(f, pace_report_variant_label(r));
	for (size_t i = 0; i < PACE_ARRAY_SIZE(v); i++) {
		pace_format_time_in(buf, sizeof(buf), v[i], u);
		fprintf(f, " | %s", buf);
	}
	fprintf(f, " | %zu | ", w->n);
	md_notes(f, r);
	fputs(" |\n", f);
}

static void md_results_table(FILE *f, const struct pace_run *run)
{
	fputs("\n## Detailed Results\n\n", f);
	fputs("| Test | Variant | Mean | ± SD | Median | Min | Max | Runs | "
	      "Notes |\n", f);
	fputs("|:-----|:--------|-----:|-----:|-------:|----:|----:|-----:|"
	      ":------|\n", f);
	for (size_t i = 0; i < run->nresults; i++)
		md_result_row(f, &run->results[i]);
}

/* Confidence that the winner is the winner, memory and I/O ratios (model.h
 * defines them), each only when known. */
static void md_comparison_extra(FILE *f, const struct pace_comparison *c)
{
	if (isfinite(c->winner_confidence))
		fprintf(f, "; confidence %.3f", c->winner_confidence);
	if (isfinite(c->memory_ratio))
		fprintf(f, "; memory ratio %.2f", c->memory_ratio);
	if (isfinite(c->io_efficiency))
		fprintf(f, "; I/O efficiency %.2f", c->io_efficiency);
}

static void md_comparison(FILE *f, const struct pace_comparison *c)
{
	fputs("- `", f);
	pace_report_md_cell(f, pace_report_variant_label(c->faster));
	if (!isfinite(c->ratio)) {
		fputs("` cannot be compared with `", f);
		pace_report_md_cell(f, pace_report_variant_label(c->slower));
		fputs("`: no successful runs\n", f);
		return;
	}
	fprintf(f, "` ran **%.2f ± %.2f** times faster than `", c->ratio,
		c->ratio_sd);
	pace_report_md_cell(f, pace_report_variant_label(c->slower));
	fputs("`", f);
	if (isfinite(c->ci_lo) && isfinite(c->p_value)) {
		fprintf(f, " (CI %.2f–%.2f, ", c->ci_lo, c->ci_hi);
		if (c->p_value < 0.001)
			fputs("p < 0.001)", f);
		else
			fprintf(f, "p = %.3f)", c->p_value);
	} else {
		fputs(" (too few runs for an interval)", f);
	}
	md_comparison_extra(f, c);
	fputs("\n", f);
}

static void md_relative(FILE *f, const struct pace_run *run,
			const struct pace_test *const *tests, size_t ntests)
{
	bool header = false;

	for (size_t t = 0; t < ntests; t++) {
		bool first = true;
		const struct pace_result *best =
			pace_report_fastest(run, tests[t]);
		for (size_t i = 0; i < run->ncomparisons; i++) {
			const struct pace_comparison *c = &run->comparisons[i];
			/* the fastest against the others; results.json has
			 * every pair */
			if (!pace_report_cmp_of(c, tests[t]) || c->faster != best)
				continue;
			if (!header)
				fputs("\n## Relative Speed\n", f);
			header = true;
			if (first)
				fprintf(f, "\n**%s**: `%s` is fastest.\n\n",
					tests[t]->id,
					pace_report_variant_label(c->faster));
			first = false;
			md_comparison(f, c);
		}
	}
}

/* analysis.outlierDetection: the wall-time figures again without Tukey
 * outliers, labelled, after (never instead of) the full ones. */
static void md_trimmed(FILE *f, const struct pace_run *run)
{
	bool header = false;

	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		const struct pace_describe *t = &r->trim[PACE_METRIC_WALL];
		struct pace_time_unit u = pace_format_time_unit(t->mean);
		const double v[] = {t->mean, t->sd, t->median, t->mean_ci_lo,
				    t->mean_ci_hi};
		char buf[64];

		if (!r->trimmed || !pace_report_has_data(r))
			continue;
		if (!header)
			fprintf(f, "\n## Without Outliers (trimmed)\n\n"
				"Wall time with Tukey outliers (beyond 1.5 IQR) "
				"left out (analysis.outlierDetection); the "
				"table above keeps every run.\n\n"
				"| Test | Variant | Left out | Mean | ± SD | Median "
				"| %g%% CI lo | CI hi |\n"
				"|:-----|:--------|---------:|-----:|-----:|-------:"
				"|---------:|------:|\n", r->confidence * 100.0);
		header = true;
		fputs("| ", f);
		pace_report_md_cell(f, r->test->id);
		fputs(" | ", f);
		pace_report_md_cell(f, pace_report_variant_label(r));
		fprintf(f, " | %zu", r->stats[PACE_METRIC_WALL].n_valid - t->n_valid);
		for (size_t k = 0; k < PACE_ARRAY_SIZE(v); k++) {
			pace_format_time_in(buf, sizeof(buf), v[k], u);
			fprintf(f, " | %s", buf);
		}
		fputs(" |\n", f);
	}
}

/* Seed 004's section: the test's metrics as JSON, the same object as in
 * raw/<test-id>.json. */
static void md_analysis(FILE *f, const struct pace_run *run,
			const struct pace_test *const *tests, size_t ntests)
{
	fputs("\n## Performance Analysis\n", f);
	for (size_t t = 0; t < ntests; t++) {
		fprintf(f, "\n### %s\n\n```json\n", tests[t]->id);
		pace_report_json_dump(f, pace_report_json_metrics(run, tests[t]));
		fputs("```\n", f);
	}
}

int pace_report_summary_md(FILE *f, const struct pace_run *run)
{
	struct pace_report_model m;
	int rc;

	pace_report_model_build(&m, run, NULL);
	rc = pace_report_model_md(f, &m);
	pace_report_model_release(&m);
	return rc;
}

/* Seed 001's template first (report_md_model.c), then the per-result
 * tables and seed 003/004's sections, then where and how it ran. */
int pace_report_model_md(FILE *f, const struct pace_report_model *m)
{
	const struct pace_run *run = m->run;
	const struct pace_test **tests;
	size_t ntests = pace_report_tests(run, &tests);

	pace_report_md_head(f, m);
	md_results_table(f, run);
	md_trimmed(f, run);
	md_relative(f, run, tests, ntests);
	pace_report_md_inproc(f, run);
	pace_report_md_resources(f, run);
	md_analysis(f, run, tests, ntests);
	md_metadata(f, run);
	pace_report_md_repro(f, m);
	md_overall(f, run, ntests);
	free(tests);
	return pace_report_stream_status(f);
}
