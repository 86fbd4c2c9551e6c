/*
 * report_bench.c - times report generation (issue 5, acceptance 5): a
 * synthetic run of T tests x 3 variants x S samples (lognormal times,
 * sizes small/medium/large in the ids, so every chart has data), then the
 * report model and the report files (results.json, both CSVs, summary.md,
 * report.html, latest.*) written into DIR; then again with raw/ (every
 * sample of every test as JSON, 30+ MB here) and the first pass's latest.*
 * archived with zstd.  Wall and CPU time of each, and each writer alone
 * rendered into memory.  Building the run
 * and its statistics is not timed; bench/report runs this.
 *
 *   report-bench [DIR [TESTS [SAMPLES]]]   defaults: a temporary dir, 500, 30
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "report/report.h"
#include "report/report_model.h"
#include "stats/stats.h"

#define NVAR 3

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fill_result(struct pace_result *r, gsl_rng *rng, size_t ns,
			double median_s, int64_t t0)
{
	r->samples = calloc(ns, sizeof(*r->samples));
	r->nsamples = r->alloc = ns;
	for (size_t k = 0; k < ns; k++) {
		struct pace_sample *s = &r->samples[k];
		double w = median_s * gsl_ran_lognormal(rng, 0.0, 0.1);
		s->wall_ns = (int64_t)(w * 1e9);
		s->user_ns = s->wall_ns / 2;
		s->sys_ns = s->wall_ns / 5;
		s->max_rss = (int64_t)(4e6 * gsl_ran_lognormal(rng, 0.0, 0.05));
		s->minflt = 300;
		s->read_bytes = s->write_bytes = s->rchar = s->wchar = 4096;
		s->syscr = s->syscw = 10;
		s->nvcsw = s->nivcsw = s->majflt = 1;
		s->started_unix_ms = t0 + (int64_t)k * 10;
	}
	pace_stats_summarize_result(r, 0.95);
}

static double cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Each writer alone, rendered into memory (no file system); CPU time. */
static void breakdown(const struct pace_run *run)
{
	static const struct {
		const char *name;
		int (*fn)(FILE *, const struct pace_report_model *);
	} w[] = {{"results.json", pace_report_model_json},
		 {"summary.md", pace_report_model_md},
		 {"report.html", pace_report_html}};
	struct pace_report_model m;
	char *buf = NULL;
	size_t len = 0;
	double t0 = cpu();
	FILE *f;

	pace_report_model_build(&m, run, NULL);
	printf("  cpu: model                    %.3f s\n", cpu() - t0);
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		t0 = cpu();
		f = open_memstream(&buf, &len);
		w[i].fn(f, &m);
		fclose(f);
		printf("  %-14s %8.0f KiB    %.3f s\n", w[i].name,
		       (double)len / 1024, cpu() - t0);
		free(buf);
	}
	t0 = cpu();
	f = open_memstream(&buf, &len);
	pace_report_results_csv(f, run);
	pace_report_wide_csv(f, run);
	fclose(f);
	printf("  both CSVs      %8.0f KiB    %.3f s\n", (double)len / 1024,
	       cpu() - t0);
	free(buf);
	t0 = cpu();
	f = open_memstream(&buf, &len);
	for (size_t i = 0; i < run->nresults; i += NVAR)
		pace_report_raw_json(f, run, run->results[i].test);
	fclose(f);
	printf("  raw/*.json     %8.0f KiB    %.3f s\n", (double)len / 1024,
	       cpu() - t0);
	free(buf);
	pace_report_model_release(&m);
}

/* nt tests of NVAR variants with ns samples each, summarized and every
 * pair compared. */
static void build_run(struct pace_run *run, struct pace_test *tests,
		      struct pace_variant *vars, size_t nt, size_t ns)
{
	static const char *const vnames[NVAR] = {"jujutsu", "git", "git-worktrees"};
	static const char *const sizes[] = {"small", "medium", "large"};
	struct pace_stats_opts so = PACE_STATS_OPTS_INIT;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);

	gsl_rng_set(rng, 1);
	so.resamples = 200; /* statistics are not what is timed */
	memset(run, 0, sizeof(*run));
	snprintf(run->started, sizeof(run->started), "2026-01-01T00:00:00.000Z");
	snprintf(run->ended, sizeof(run->ended), "2026-01-01T00:10:00.000Z");
	run->env.hostname = "bench";
	run->env.pace_version = "bench";
	for (size_t v = 0; v < NVAR; v++)
		vars[v].name = vars[v].cmd.text = (char *)vnames[v];
	run->results = calloc(nt * NVAR, sizeof(*run->results));
	run->comparisons = calloc(nt * NVAR, sizeof(*run->comparisons));
	for (size_t i = 0; i < nt; i++) {
		struct pace_test *te = &tests[i];
		char id[64];
		snprintf(id, sizeof(id), "op-%03zu-%s", i, sizes[i % 3]);
		te->id = te->name = strdup(id);
		te->suite = "bench";
		te->variants = vars;
		te->nvariants = NVAR;
		for (size_t v = 0; v < NVAR; v++) {
			struct pace_result *r = &run->results[run->nresults++];
			r->test = te;
			r->variant = &vars[v];
			r->peak_rss = -1;
			fill_result(r, rng, ns, 0.01 * (double)(1 + i % 3) *
				    (1.0 + 0.4 * (double)v), 1767225600000LL);
		}
		for (size_t a = 0; a < NVAR; a++)
			for (size_t b = a + 1; b < NVAR; b++)
				pace_stats_compare_opts(
					&run->comparisons[run->ncomparisons++],
					&run->results[i * NVAR + a],
					&run->results[i * NVAR + b], &so);
	}
	gsl_rng_free(rng);
}

int main(int argc, char **argv)
{
	char tmpl[] = "/tmp/pace-report-bench-XXXXXX";
	const char *dir = argc > 1 ? argv[1] : mkdtemp(tmpl);
	size_t nt = argc > 2 ? strtoul(argv[2], NULL, 10) : 500;
	size_t ns = argc > 3 ? strtoul(argv[3], NULL, 10) : 30;
	struct pace_test *tests = calloc(nt ? nt : 1, sizeof(*tests));
	struct pace_variant *vars = calloc(NVAR, sizeof(*vars));
	struct pace_run run;
	double t[2], c[2];

	if (!dir || !nt || ns < 2 || !tests || !vars)
		return 2;
	build_run(&run, tests, vars, nt, ns);
	/* pass 1: the report formats (pace report --format html,md,json,csv);
	 * pass 2: the whole output directory, raw/ too, after archiving the
	 * first pass's latest.* with zstd */
	for (int pass = 0; pass < 2; pass++) {
		struct pace_report_context ctx = PACE_REPORT_CONTEXT_INIT;
		struct pace_report_write_opts o = {dir, pass ? PACE_REPORT_ALL
			: PACE_REPORT_ALL & ~(unsigned)PACE_REPORT_RAW, true};
		struct pace_error err = PACE_ERROR_INIT;
		struct pace_report_model m;
		double t0 = now(), c0 = cpu();

		snprintf(run.id, sizeof(run.id), "bench-%d", pass + 1);
		ctx.seed = 1;
		ctx.command_line = "report-bench";
		pace_report_model_build(&m, &run, &ctx);
		if (pace_report_write_all(&m, &o, &err)) {
			fprintf(stderr, "report-bench: %s\n", pace_error_msg(&err));
			return 1;
		}
		pace_report_model_release(&m);
		pace_error_release(&err);
		t[pass] = now() - t0;
		c[pass] = cpu() - c0;
	}
	printf("%zu tests x %d variants x %zu samples, into %s\n", nt, NVAR, ns,
	       dir);
	printf("report: html, md, json, csv          %.3f s (cpu %.3f s)\n",
	       t[0], c[0]);
	printf("everything: + raw/, zstd archive     %.3f s (cpu %.3f s)\n",
	       t[1], c[1]);
	breakdown(&run);
	for (size_t i = 0; i < run.nresults; i++)
		free(run.results[i].samples);
	for (size_t i = 0; i < nt; i++)
		free(tests[i].id);
	free(run.results);
	free(run.comparisons);
	free(tests);
	free(vars);
	return 0;
}
