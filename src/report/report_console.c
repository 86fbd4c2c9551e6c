/*
 * report_console.c - what a person sees in the terminal: hyperfine's
 * blocks for each result ("Time (mean ± σ)", "Range (min … max)"), the
 * relative speed of a test's variants with interval and p-value, and the
 * run's closing summary (seed 003's "=== BENCHMARK RESULTS SUMMARY ===",
 * a table per test, the top 5 fastest).
 *
 * ANSI colour is written only when the caller says so (o->color: a
 * terminal, NO_COLOR unset); without it the text holds no escape byte, so
 * logs and pipes stay clean.  All figures in one line share the unit of
 * the line's mean, as hyperfine does, so they can be compared at a glance.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_sort.h>

#include "report/report_priv.h"
#include "stats/stats.h"

#define C_BOLD "\033[1m"
#define C_MEAN "\033[1;32m"
#define C_GREEN "\033[32m"
#define C_BLUE "\033[34m"
#define C_CYAN "\033[36m"
#define C_MAGENTA "\033[35m"
#define C_YELLOW "\033[33m"
#define C_RED "\033[31m"
#define C_DIM "\033[2m"
#define C_RESET "\033[0m"

/* Writes s (padded to width columns, right-aligned when width > 0,
 * left-aligned when < 0) in colour c ("" for none) when colour is on. */
static void cput(FILE *f, const struct pace_report_opts *o, const char *c,
		 const char *s, int width)
{
	bool on = o->color && *c;

	if (on)
		fputs(c, f);
	pace_format_pad(f, s, width < 0 ? (size_t)-width : (size_t)width,
			width > 0);
	if (on)
		fputs(C_RESET, f);
}

static void console_time_lines(FILE *f, const struct pace_result *r,
			       const struct pace_report_opts *o)
{
	const struct pace_summary *w = &r->wall;
	struct pace_time_unit u = pace_format_time_unit(w->mean);
	char mean[32], sd[32], user[32], sys[32], lo[32], hi[32], runs[32];

	pace_format_time_in(mean, sizeof(mean), w->mean, u);
	pace_format_time_in(sd, sizeof(sd), w->sd, u);
	pace_format_time_in(user, sizeof(user), r->user.mean, u);
	pace_format_time_in(sys, sizeof(sys), r->sys.mean, u);
	pace_format_time_in(lo, sizeof(lo), w->min, u);
	pace_format_time_in(hi, sizeof(hi), w->max, u);
	snprintf(runs, sizeof(runs), "%zu run%s", w->n, w->n == 1 ? "" : "s");

	if (w->n == 1) {
		fputs("  Time (", f);
		cput(f, o, C_MEAN, "abs", 0);
		fputs(" ≡):        ", f);
		cput(f, o, C_MEAN, mean, 8);
		fputs("               [User: ", f);
	} else {
		fputs("  Time (", f);
		cput(f, o, C_MEAN, "mean", 0);
		fputs(" ± ", f);
		cput(f, o, C_GREEN, "σ", 0);
		fputs("):     ", f);
		cput(f, o, C_MEAN, mean, 8);
		fputs(" ± ", f);
		cput(f, o, C_GREEN, sd, 8);
		fputs("    [User: ", f);
	}
	cput(f, o, C_BLUE, user, 0);
	fputs(", System: ", f);
	cput(f, o, C_BLUE, sys, 0);
	fputs("]\n", f);
	if (w->n == 1)
		return;
	fputs("  Range (", f);
	cput(f, o, C_CYAN, "min", 0);
	fputs(" … ", f);
	cput(f, o, C_MAGENTA, "max", 0);
	fputs("):   ", f);
	cput(f, o, C_CYAN, lo, 8);
	fputs(" … ", f);
	cput(f, o, C_MAGENTA, hi, 8);
	fputs("    ", f);
	cput(f, o, C_DIM, runs, 0);
	fputs("\n", f);
}

static void console_problems(FILE *f, const struct pace_result *r,
			     const struct pace_report_opts *o)
{
	size_t mild = r->wall.outliers_mild, severe = r->wall.outliers_severe;

	if (r->nfailed) {
		fputs("  ", f);
		cput(f, o, C_RED, "✗", 0);
		fprintf(f, " %zu of %zu runs failed: %s\n", r->nfailed,
			r->nsamples, r->failure ? r->failure : "no reason given");
	} else if (r->failure) {
		fputs("  ", f);
		cput(f, o, C_RED, "✗", 0);
		fprintf(f, " %s\n", r->failure);
	}
	if (r->output_snippet && (r->nfailed || r->failure))
		fprintf(f, "    output: %s\n", r->output_snippet);
	/* Mild outliers (1.5 IQR) are common in timing data, whose right tail
	 * is long; only severe ones (3 IQR) are worth interrupting a user for. */
	if (severe) {
		fputs("  ", f);
		cput(f, o, C_YELLOW, "Warning", 0);
		fprintf(f, ": %zu severe statistical outlier%s (beyond 3 IQR; "
			"%zu mild). Other activity on the machine may have "
			"disturbed the runs; '--warmup' or more runs may help.\n",
			severe, severe == 1 ? "" : "s", mild);
	}
}

/* analysis.outlierDetection: the figures without Tukey outliers, in
 * addition to (never instead of) the ones above. */
static void console_trimmed(FILE *f, const struct pace_result *r,
			    const struct pace_report_opts *o)
{
	const struct pace_describe *t = &r->trim[PACE_METRIC_WALL];
	size_t removed = r->stats[PACE_METRIC_WALL].n_valid - t->n_valid;
	struct pace_time_unit u = pace_format_time_unit(t->mean);
	char mean[32], sd[32], med[32], lo[32], hi[32];

	pace_format_time_in(mean, sizeof(mean), t->mean, u);
	pace_format_time_in(sd, sizeof(sd), t->sd, u);
	pace_format_time_in(med, sizeof(med), t->median, u);
	pace_format_time_in(lo, sizeof(lo), t->mean_ci_lo, u);
	pace_format_time_in(hi, sizeof(hi), t->mean_ci_hi, u);
	fputs("  ", f);
	cput(f, o, C_DIM, "Trimmed", 0);
	fprintf(f, " (%zu outlier%s left out): %s ± %s, median %s", removed,
		removed == 1 ? "" : "s", mean, sd, med);
	if (isfinite(t->mean_ci_lo))
		fprintf(f, ", %g%% CI %s … %s", r->confidence * 100.0, lo, hi);
	fputs("\n", f);
}

/* With adaptive stopping, what stopped it and how precise the chosen
 * estimator (mean or median) is: "stopped: precision 0.8% ≤ 1% after 37
 * runs". */
static void console_stop(FILE *f, const struct pace_result *r,
			 const struct pace_report_opts *o)
{
	const struct pace_summary *w = &r->wall;
	const struct pace_describe *d = &r->stats[PACE_METRIC_WALL];
	double rel = o->precision_median
		? (d->median_ci_hi - d->median_ci_lo) / 2.0 / d->median * 100.0
		: (w->ci_hi - w->ci_lo) / 2.0 / w->mean * 100.0;
	/* the test's own precision (suite key) wins over the run's */
	double p = r->test && r->test->precision > 0 ? r->test->precision
						     : o->precision;
	double target = p * 100.0;

	if (!(p > 0) || !r->stop_reason)
		return;
	fprintf(f, "  stopped: %s", r->stop_reason);
	if (!strcmp(r->stop_reason, "precision"))
		fprintf(f, " %.2g%% ≤ %.3g%%", rel, target);
	fprintf(f, " after %zu run%s", r->nsamples, r->nsamples == 1 ? "" : "s");
	if (strcmp(r->stop_reason, "precision") && isfinite(rel))
		fprintf(f, " (precision %.2g%%, target %.3g%%)", rel, target);
	fputs("\n", f);
}

void pace_report_console_result(FILE *f, const struct pace_result *r,
				const struct pace_report_opts *o)
{
	char mem[32];

	if (r->skipped) {
		fputs("  ", f);
		cput(f, o, C_YELLOW, "skipped", 0);
		fprintf(f, ": %s\n", r->skipped);
		return;
	}
	if (pace_report_has_data(r))
		console_time_lines(f, r, o);
	if (r->trimmed && pace_report_has_data(r))
		console_trimmed(f, r, o);
	if (r->peak_rss >= 0) {
		pace_format_bytes(mem, sizeof(mem), (double)r->peak_rss);
		fprintf(f, "  Memory (peak): %s\n", mem);
	}
	pace_report_console_instructions(f, r);
	pace_report_console_counters(f, r);
	pace_report_console_resources(f, r);
	console_stop(f, r, o);
	console_problems(f, r, o);
	pace_report_console_inproc(f, r);
}

/* ---- relative speed ---------------------------------------------------- */

static void console_quoted(FILE *f, const struct pace_report_opts *o,
			   const char *c, const struct pace_result *r)
{
	fputc('\'', f);
	cput(f, o, c, pace_report_variant_label(r), 0);
	fputc('\'', f);
}

/* The second line of a comparison: how sure the winner is the winner
 * (model.h, winner_confidence) and the memory and I/O ratios, each only
 * when known. */
static void console_comparison_extra(FILE *f, const struct pace_comparison *c,
				     const struct pace_report_opts *o)
{
	const char *sep = "      ";

	if (isfinite(c->winner_confidence)) {
		fprintf(f, "%sconfidence %.3f that ", sep, c->winner_confidence);
		console_quoted(f, o, C_CYAN, c->faster);
		fputs(" is faster", f);
		sep = "; ";
	}
	if (isfinite(c->memory_ratio)) {
		fprintf(f, "%smemory ratio %.2f", sep, c->memory_ratio);
		sep = "; ";
	}
	if (isfinite(c->io_efficiency)) {
		fprintf(f, "%sI/O efficiency %.2f", sep, c->io_efficiency);
		sep = "; ";
	}
	if (strcmp(sep, "      "))
		fputs("\n", f);
}

static void console_comparison(FILE *f, const struct pace_comparison *c,
			       const struct pace_report_opts *o)
{
	char buf[64];

	if (!isfinite(c->ratio)) {
		fputs("    no comparison with ", f);
		console_quoted(f, o, C_MAGENTA, c->slower);
		fputs(": no successful runs\n", f);
		return;
	}
	fputs("    ", f);
	snprintf(buf, sizeof(buf), "%.2f", c->ratio);
	cput(f, o, C_MEAN, buf, 0);
	fputs(" ± ", f);
	snprintf(buf, sizeof(buf), "%.2f", c->ratio_sd);
	cput(f, o, C_GREEN, buf, 0);
	fputs(" times faster than ", f);
	console_quoted(f, o, C_MAGENTA, c->slower);
	if (isfinite(c->ci_lo) && isfinite(c->p_value)) {
		fprintf(f, "  (%g%% CI %.2f–%.2f, ", o->confidence * 100.0,
			c->ci_lo, c->ci_hi);
		if (c->p_value < 0.001)
			fputs("p < 0.001", f);
		else
			fprintf(f, "p = %.3f", c->p_value);
		/* "no difference" may only mean "too few runs": say so */
		if (!c->significant && c->test.power < 0.8)
			fprintf(f, ", power %.2f to detect %g%%", c->test.power,
				c->threshold * 100.0);
		/* The verdict is the analysis' (significant, meaningful);
		 * the threshold is stated with every difference (issue 14:
		 * "1.17 times faster, p < 0.001" below a 20% threshold). */
		if (!c->significant)
			fprintf(f, "; not significant, threshold %g%%",
				c->threshold * 100.0);
		else if (!c->meaningful)
			fprintf(f, "; below the %g%% practical threshold: no "
				"practical difference", c->threshold * 100.0);
		else
			fprintf(f, "; beyond the %g%% practical threshold",
				c->threshold * 100.0);
		fputs(")", f);
	}
	fputs("\n", f);
	console_comparison_extra(f, c, o);
}

void pace_report_console_test_comparisons(FILE *f, const struct pace_run *run,
					  const struct pace_test *test,
					  const struct pace_report_opts *o)
{
	const struct pace_result *faster = NULL;
	const struct pace_result *best = pace_report_fastest(run, test);

	/* results.json has every pair; the console only the fastest
	 * against each of the others */
	for (size_t i = 0; i < run->ncomparisons; i++) {
		const struct pace_comparison *c = &run->comparisons[i];
		if (!pace_report_cmp_of(c, test) || c->faster != best)
			continue;
		if (!faster) {
			cput(f, o, C_BOLD, "Summary", 0);
			fputs("\n", f);
		}
		if (c->faster != faster) {
			fputs("  ", f);
			console_quoted(f, o, C_CYAN, c->faster);
			fputs(" ran\n", f);
			faster = c->faster;
		}
		console_comparison(f, c, o);
	}
}

/* ---- the run's summary ------------------------------------------------- */

/* "Work copies:  tmpfs" (each filesystem the fixture copies were on, once),
 * and why a test asking for a tmpfs did not get one. */
static void console_workdirs(FILE *f, const struct pace_run *run,
			     const struct pace_report_opts *o)
{
	struct pace_strvec fs = PACE_STRVEC_INIT, notes = PACE_STRVEC_INIT;

	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		if (r->workdir_fs && !pace_strvec_contains(&fs, r->workdir_fs))
			pace_strvec_push(&fs, r->workdir_fs);
		if (r->workdir_note && !pace_strvec_contains(&notes, r->workdir_note))
			pace_strvec_push(&notes, r->workdir_note);
	}
	for (size_t i = 0; i < fs.n; i++)
		fprintf(f, "%s%s", i ? ", " : "  Work copies:  ", fs.v[i]);
	if (fs.n)
		fputs("\n", f);
	for (size_t i = 0; i < notes.n; i++) {
		fputs("  ", f);
		cput(f, o, C_YELLOW, notes.v[i], 0);
		fputs("\n", f);
	}
	pace_strvec_release(&fs);
	pace_strvec_release(&notes);
}

static void console_overall(FILE *f, const struct pace_run *run,
			    size_t ntests, const struct pace_report_opts *o)
{
	struct pace_report_totals t;
	size_t iterations, failed_runs, failed, skipped;
	double seconds;
	char buf[96];

	pace_report_totals(&t, run);
	iterations = t.iterations;
	failed_runs = t.failed_runs;
	failed = t.failed;
	skipped = t.skipped;
	seconds = t.seconds;
	pace_format_time(buf, sizeof(buf), seconds);
	cput(f, o, C_BOLD, "Overall Statistics", 0);
	fprintf(f, "\n  Tests:        %zu\n", ntests);
	fprintf(f, "  Variants:     %zu (test × variant)\n", run->nresults);
	fprintf(f, "  Iterations:   %zu\n", iterations);
	fprintf(f, "  Measured:     %s\n", buf);
	fputs("  Failures:     ", f);
	if (failed)
		snprintf(buf, sizeof(buf), "%zu of %zu runs, in %zu benchmark%s",
			 failed_runs, iterations, failed, failed == 1 ? "" : "s");
	cput(f, o, failed ? C_RED : C_GREEN, failed ? buf : "none", 0);
	fputs("\n", f);
	if (skipped) {
		fprintf(f, "  Skipped:      ");
		snprintf(buf, sizeof(buf), "%zu benchmark%s", skipped,
			 skipped == 1 ? "" : "s");
		cput(f, o, C_YELLOW, buf, 0);
		fputs("\n", f);
	}
	console_workdirs(f, run, o);
}

/* One part of a row's last column: three spaces before the first part,
 * two between parts, nothing trailing when there is none. */
static void note_part(FILE *f, const struct pace_report_opts *o,
		      const char *c, const char *text, bool *first)
{
	fputs(*first ? "   " : "  ", f);
	*first = false;
	cput(f, o, c, text, 0);
}

/* The last column of a test's table: who won, by how much, what failed. */
static void console_row_note(FILE *f, const struct pace_run *run,
			     const struct pace_result *r,
			     const struct pace_result *best, bool several,
			     const struct pace_report_opts *o)
{
	const struct pace_comparison *c = NULL;
	char buf[96];
	bool first = true;

	if (r->skipped) {
		note_part(f, o, C_YELLOW, "skipped", &first);
		return;
	}
	if (several && r == best) {
		note_part(f, o, C_GREEN, "fastest", &first);
	} else if (several && best && pace_report_has_data(r) &&
		   (c = pace_report_find_cmp(run, best, r)) != NULL) {
		snprintf(buf, sizeof(buf), "%.2f× slower", c->ratio);
		note_part(f, o, "", buf, &first);
	}
	if (r->nfailed) {
		snprintf(buf, sizeof(buf), "%zu of %zu failed", r->nfailed,
			 r->nsamples);
		note_part(f, o, C_RED, buf, &first);
	} else if (r->failure) {
		note_part(f, o, C_RED, "failed", &first);
	}
}

static void console_test_table(FILE *f, const struct pace_run *run,
			       const struct pace_test *t,
			       const struct pace_report_opts *o)
{
	const struct pace_result *best = pace_report_fastest(run, t);
	size_t width = strlen("Variant"), nwith = 0;
	char mean[32], sd[32];

	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		size_t w = pace_text_width(pace_report_variant_label(r));
		if (r->test != t)
			continue;
		nwith += pace_report_has_data(r);
		if (w > width)
			width = w;
	}
	fputs("\n", f);
	cput(f, o, C_BOLD, t->id, 0);
	fputs("\n  ", f);
	pace_format_pad(f, "Variant", width, false);
	fputs(best && best->measure == PACE_MEASURE_INSTRUCTIONS
		      ? "   Instructions        ± SD   Runs\n"
		      : "        Mean        ± SD   Runs\n", f);
	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		struct pace_time_unit u = pace_format_time_unit(r->wall.mean);
		if (r->test != t)
			continue;
		pace_format_time_in(mean, sizeof(mean), r->wall.mean, u);
		pace_format_time_in(sd, sizeof(sd), r->wall.sd, u);
		if (r->measure == PACE_MEASURE_INSTRUCTIONS) {
			const struct pace_describe *d =
				&r->stats[PACE_METRIC_INSTRUCTIONS];
			pace_report_format_count(mean, sizeof(mean), d->mean);
			snprintf(sd, sizeof(sd), "%.1f", d->n_valid > 1 ? d->sd : 0.0);
		}
		fputs("  ", f);
		pace_format_pad(f, pace_report_variant_label(r), width, false);
		fputs("  ", f);
		pace_format_pad(f, mean, 10, true);
		fputs("  ", f);
		pace_format_pad(f, sd, 10, true);
		fprintf(f, "  %5zu", r->wall.n);
		console_row_note(f, run, r, best, nwith > 1, o);
		fputs("\n", f);
	}
}

static void console_top5(FILE *f, const struct pace_run *run,
			 const struct pace_report_opts *o)
{
	double *means = pace_xmalloc((run->nresults + 1) * sizeof(*means));
	size_t *order = pace_xmalloc((run->nresults + 1) * sizeof(*order));
	size_t *idx = pace_xmalloc((run->nresults + 1) * sizeof(*idx));
	size_t n = 0, width = 0;
	char name[256], buf[32];

	for (size_t i = 0; i < run->nresults; i++) {
		if (!pace_report_has_data(&run->results[i]))
			continue;
		struct pace_summary p;
		pace_stats_primary_summary(&p, &run->results[i]);
		idx[n] = i;
		means[n++] = p.mean;
	}
	if (n) {
		fputs("\n", f);
		cput(f, o, C_BOLD, "Top 5 fastest", 0);
		fputs("\n", f);
		gsl_sort_index(order, means, 1, n);
	}
	for (size_t k = 0; k < n && k < 5; k++) {
		pace_report_result_name(name, sizeof(name),
					&run->results[idx[order[k]]]);
		if (pace_text_width(name) > width)
			width = pace_text_width(name);
	}
	for (size_t k = 0; k < n && k < 5; k++) {
		const struct pace_result *r = &run->results[idx[order[k]]];
		pace_report_result_name(name, sizeof(name), r);
		if (r->measure == PACE_MEASURE_INSTRUCTIONS)
			pace_report_format_count(buf, sizeof(buf), means[order[k]]);
		else
			pace_format_time(buf, sizeof(buf), r->wall.mean);
		fprintf(f, "  %zu. ", k + 1);
		pace_format_pad(f, name, width, false);
		pace_format_pad(f, buf, 11, true);
		fputs("\n", f);
	}
	free(means);
	free(order);
	free(idx);
}

/* The geometric mean speedups of variants compared in several tests. */
static void console_geomeans(FILE *f, const struct pace_run *run,
			     const struct pace_report_opts *o)
{
	struct pace_report_geomean *g;
	size_t n = pace_report_geomeans(run, &g);

	if (n) {
		fputs("\n", f);
		cput(f, o, C_BOLD, "Geometric mean speedups across tests", 0);
		fputs("\n", f);
	}
	for (size_t i = 0; i < n; i++) {
		fputs("  ", f);
		fprintf(f, "'%s' %.2f× faster than '%s' over %zu tests",
			g[i].faster, g[i].geomean, g[i].slower, g[i].ntests);
		if (isfinite(g[i].ci_lo))
			fprintf(f, "  (%g%% CI %.2f–%.2f%s)", o->confidence * 100.0,
				g[i].ci_lo, g[i].ci_hi, g[i].ci_lo <= 1.0
				? "; includes 1: no overall difference" : "");
		fputs("\n", f);
	}
	free(g);
}

void pace_report_console_summary(FILE *f, const struct pace_run *run,
				 const struct pace_report_opts *o)
{
	const struct pace_test **tests;
	size_t ntests = pace_report_tests(run, &tests);

	fputs("\n", f);
	cput(f, o, C_BOLD, "=== BENCHMARK RESULTS SUMMARY ===", 0);
	fprintf(f, "\nVersion:   pace %s\n",
		run->env.pace_version ? run->env.pace_version : "unknown");
	fprintf(f, "Timestamp: %s\n", run->started);
	fprintf(f, "Run:       %s%s\n\n", run->id,
		run->interrupted ? " (interrupted: partial results)" : "");
	console_overall(f, run, ntests, o);
	for (size_t t = 0; t < ntests; t++)
		console_test_table(f, run, tests[t], o);
	console_top5(f, run, o);
	console_geomeans(f, run, o);
	fputs("====================================\n", f);
	free(tests);
}
