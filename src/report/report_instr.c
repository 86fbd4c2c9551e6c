/*
 * report_instr.c - what --measure instructions and --profile add to the
 * reports (issue 13): the instruction counts of a result, which are its
 * primary figure then (stats.h, pace_stats_primary), and its callgrind
 * profile (model.h, struct pace_profile): the hot functions and the hot
 * call paths, those with at least PACE_PROFILE_HOT of the instructions.
 *
 * Counts are written in full, digits grouped by thousands ("4 133 512"):
 * an instruction count is exact, and the point of the mode is that a
 * 1 % change shows in the digits.
 */
#include <math.h>
#include <string.h>

#include "report/report_priv.h"
#include "report/svg.h"

void pace_report_format_count(char *out, size_t outsz, double v)
{
	char digits[32];
	size_t n, k = 0;
	bool neg = v < 0;

	if (!isfinite(v)) {
		snprintf(out, outsz, "n/a");
		return;
	}
	snprintf(digits, sizeof(digits), "%.0f", fabs(v));
	n = strlen(digits);
	if (outsz == 0)
		return;
	if (neg && k + 1 < outsz)
		out[k++] = '-';
	for (size_t i = 0; i < n && k + 2 < outsz; i++) {
		if (i && (n - i) % 3 == 0)
			out[k++] = ' ';
		out[k++] = digits[i];
	}
	out[k] = '\0';
}

static bool any_counter(const struct pace_result *r);

static json_t *summary_json(const struct pace_summary *s)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}",
			 "n", (json_int_t)s->n, "mean", pace_json_num(s->mean),
			 "sd", pace_json_num(s->sd), "min", pace_json_num(s->min),
			 "max", pace_json_num(s->max), "ci_lo", pace_json_num(s->ci_lo),
			 "ci_hi", pace_json_num(s->ci_hi));
}

static double share(int64_t part, int64_t total)
{
	return total > 0 ? 100.0 * (double)part / (double)total : NAN;
}

/* "Instructions (mean ± σ): N ± S   [min … max]" */
static void console_counts(FILE *f, const struct pace_result *r)
{
	const struct pace_describe *d = &r->stats[PACE_METRIC_INSTRUCTIONS];
	char mean[40], sd[40], lo[40], hi[40];

	if (d->n_valid == 0)
		return;
	pace_report_format_count(mean, sizeof(mean), d->mean);
	pace_report_format_count(lo, sizeof(lo), d->min);
	pace_report_format_count(hi, sizeof(hi), d->max);
	snprintf(sd, sizeof(sd), "%.1f", d->sd);
	fprintf(f, "  Instructions (mean ± σ): %s ± %s    [%s … %s]  %zu run%s "
		"(valgrind)\n", mean, isfinite(d->sd) ? sd : "0", lo, hi,
		d->n_valid, d->n_valid == 1 ? "" : "s");
}

void pace_report_console_profile(FILE *f, const struct pace_profile *p)
{
	char buf[40];

	pace_report_format_count(buf, sizeof(buf), (double)p->total);
	fprintf(f, "  Profile (callgrind, first run, %s instructions): "
		"functions and call paths over %.0f %%\n", buf,
		PACE_PROFILE_HOT * 100.0);
	if (!p->nfns)
		fputs("    none: no function executes that much itself\n", f);
	for (size_t i = 0; i < p->nfns; i++)
		fprintf(f, "    %5.1f %%  %s\n", share(p->fns[i].self, p->total),
			p->fns[i].name);
	for (size_t i = 0; i < p->npaths; i++)
		fprintf(f, "    %5.1f %%  %s\n", share(p->paths[i].cost, p->total),
			p->paths[i].text);
}

void pace_report_console_instructions(FILE *f, const struct pace_result *r)
{
	const struct pace_controls *c = &r->controls;

	if (pace_controls_any(c)) {
		fputs("  Controls:", f);
		if (c->cpus[0])
			fprintf(f, " CPUs %s;", c->cpus);
		if (c->no_aslr)
			fputs(" ASLR off;", f);
		if (c->env_pad > 0)
			fprintf(f, " environment padded by 0..%lld bytes;",
				(long long)c->env_pad);
		if (c->nice)
			fprintf(f, " nice %d;", c->nice);
		fputs("\n", f);
	}
	if (r->disk_bytes.n && (r->disk_bytes.mean != 0 || r->disk_inodes.mean != 0)) {
		char b[32];
		pace_format_bytes(b, sizeof(b), fabs(r->disk_bytes.mean));
		fprintf(f, "  Disk delta (working directory, mean per run): %s%s, "
			"%+.1f entries\n", r->disk_bytes.mean < 0 ? "-" : "+", b,
			r->disk_inodes.mean);
	}
	if (r->measure == PACE_MEASURE_INSTRUCTIONS)
		console_counts(f, r);
	if (r->profile)
		pace_report_console_profile(f, r->profile);
}

static json_t *profile_json(const struct pace_profile *p)
{
	json_t *fns = json_array(), *paths = json_array();

	for (size_t i = 0; i < p->nfns; i++)
		json_array_append_new(fns, json_pack("{s:s, s:I, s:o}",
			"name", p->fns[i].name, "self", (json_int_t)p->fns[i].self,
			"share", pace_json_num(share(p->fns[i].self, p->total) / 100.0)));
	for (size_t i = 0; i < p->npaths; i++)
		json_array_append_new(paths, json_pack("{s:s, s:I, s:o}",
			"path", p->paths[i].text, "instructions",
			(json_int_t)p->paths[i].cost, "share",
			pace_json_num(share(p->paths[i].cost, p->total) / 100.0)));
	return json_pack("{s:s, s:I, s:f, s:o, s:o}", "tool", "callgrind",
			 "instructions", (json_int_t)p->total, "threshold",
			 PACE_PROFILE_HOT, "functions", fns, "paths", paths);
}

void pace_report_json_instr_fields(json_t *o, const struct pace_result *r)
{
	if (any_counter(r))
		json_object_set_new(o, "counters", pace_report_json_counters(r));
	if (r->disk_bytes.n)
		json_object_set_new(o, "disk", json_pack("{s:o, s:o}",
			"bytes_delta", summary_json(&r->disk_bytes),
			"inodes_delta", summary_json(&r->disk_inodes)));
	if (pace_controls_any(&r->controls))
		json_object_set_new(o, "controls", json_pack("{s:o, s:b, s:I, s:i}",
			"cpus", r->controls.cpus[0] ? json_string(r->controls.cpus) : json_null(),
			"aslr", !r->controls.no_aslr,
			"env_pad_max", (json_int_t)r->controls.env_pad,
			"nice", r->controls.nice));
	if (r->timeseries)
		json_object_set_new(o, "timeseries",
				    pace_report_json_timeseries(r->timeseries));
	if (r->measure == PACE_MEASURE_INSTRUCTIONS)
		json_object_set_new(o, "measure", json_string("instructions"));
	if (r->profile)
		json_object_set_new(o, "profile", profile_json(r->profile));
}

/* ---- report.html ---------------------------------------------------------- */

static void html_profile(FILE *f, const struct pace_profile *p)
{
	char buf[40];

	pace_report_format_count(buf, sizeof(buf), (double)p->total);
	fprintf(f, "<p>Profile (callgrind, first run, %s instructions): functions "
		"and call paths over %.0f %%</p>\n<table><thead><tr>"
		"<th class=\"n\">Share</th><th>Function or call path</th>"
		"</tr></thead><tbody>\n", buf, PACE_PROFILE_HOT * 100.0);
	for (size_t i = 0; i < p->nfns; i++) {
		fprintf(f, "<tr><td class=\"n\">%.1f %%</td><td>",
			share(p->fns[i].self, p->total));
		pace_html_escape(f, p->fns[i].name);
		fputs("</td></tr>\n", f);
	}
	for (size_t i = 0; i < p->npaths; i++) {
		fprintf(f, "<tr><td class=\"n\">%.1f %%</td><td>",
			share(p->paths[i].cost, p->total));
		pace_html_escape(f, p->paths[i].text);
		fputs("</td></tr>\n", f);
	}
	if (!p->nfns)
		fputs("<tr><td></td><td>none: no function executes that much "
		      "itself</td></tr>\n", f);
	fputs("</tbody></table>\n", f);
}

void pace_report_html_instructions(FILE *f, const char *label,
				   const struct pace_result *r)
{
	const struct pace_describe *d = &r->stats[PACE_METRIC_INSTRUCTIONS];
	char mean[40], lo[40], hi[40];

	if (r->measure != PACE_MEASURE_INSTRUCTIONS && !r->profile)
		return;
	fputs("<div class=\"instr\"><p><b>", f);
	pace_html_escape(f, label);
	fputs("</b>", f);
	if (r->measure == PACE_MEASURE_INSTRUCTIONS && d->n_valid) {
		pace_report_format_count(mean, sizeof(mean), d->mean);
		pace_report_format_count(lo, sizeof(lo), d->min);
		pace_report_format_count(hi, sizeof(hi), d->max);
		fprintf(f, ": instructions (valgrind) %s ± %.1f, %s … %s in %zu "
			"run%s", mean, d->n_valid > 1 ? d->sd : 0.0, lo, hi,
			d->n_valid, d->n_valid == 1 ? "" : "s");
	}
	fputs("</p>\n", f);
	if (r->profile)
		html_profile(f, r->profile);
	fputs("</div>\n", f);
}

/* ---- perf_event_open counters ---------------------------------------------- */

static bool any_counter(const struct pace_result *r)
{
	for (int k = 0; k < PACE_NPERF; k++)
		if (r->perf[k].n)
			return true;
	return false;
}

/* "task-clock 1.23 ms ± 0.10 ms, page-faults 112 ± 3, ..." and the
 * reason hardware counters are missing, when they are. */
void pace_report_console_counters(FILE *f, const struct pace_result *r)
{
	const char *sep = "";

	if (!any_counter(r))
		return;
	fputs("  Counters (mean ± σ per run):", f);
	for (int k = 0; k < PACE_NPERF; k++) {
		const struct pace_summary *s = &r->perf[k];
		char m[40], d[40];
		if (!s->n)
			continue;
		if (k == PACE_PERF_TASK_CLOCK) {
			pace_format_time(m, sizeof(m), s->mean / 1e9);
			pace_format_time(d, sizeof(d), s->sd / 1e9);
		} else if (s->mean < 1000) { /* a mean of small counts */
			snprintf(m, sizeof(m), "%.1f", s->mean);
			snprintf(d, sizeof(d), "%.1f", s->sd);
		} else {
			pace_report_format_count(m, sizeof(m), s->mean);
			snprintf(d, sizeof(d), "%.1f", s->sd);
		}
		fprintf(f, "%s %s %s ± %s", sep, pace_perf_name((enum pace_perf)k), m, d);
		sep = ",";
		if (k == PACE_PERF_CPU_MIGRATIONS)
			fputs("\n   ", f), sep = "";
	}
	if (r->perf_note)
		fprintf(f, " %s", r->perf_note);
	fputs("\n", f);
}

json_t *pace_report_json_counters(const struct pace_result *r)
{
	json_t *o;

	if (!any_counter(r))
		return json_null();
	o = json_object();
	for (int k = 0; k < PACE_NPERF; k++) {
		const struct pace_summary *s = &r->perf[k];
		json_object_set_new(o, pace_perf_name((enum pace_perf)k),
				    s->n ? summary_json(s) : json_null());
	}
	json_object_set_new(o, "note", r->perf_note ? json_string(r->perf_note)
						    : json_null());
	return o;
}

/* ---- time series ------------------------------------------------------------ */

static json_t *num_array(const double *x, size_t n, double scale)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, pace_json_num(round(x[i] * scale) / scale));
	return a;
}

json_t *pace_report_json_timeseries(const struct pace_timeseries *ts)
{
	return json_pack("{s:o, s:I, s:o, s:o, s:o, s:o, s:{s:{s:o, s:o, s:o}, s:{s:o, s:o, s:o}}}",
		"interval_ms", pace_json_num((double)ts->interval_ns / 1e6),
		"points", (json_int_t)ts->n,
		"t_s", num_array(ts->t_s, ts->n, 1e4),
		"cpu_percent", num_array(ts->cpu, ts->n, 10),
		"rss_bytes", num_array(ts->rss, ts->n, 1),
		"io_bytes", num_array(ts->io, ts->n, 1),
		"aggregations",
		"cpu_percent", "mean", pace_json_num(ts->cpu_mean),
		"max", pace_json_num(ts->cpu_max), "p95", pace_json_num(ts->cpu_p95),
		"rss_bytes", "mean", pace_json_num(ts->rss_mean),
		"max", pace_json_num(ts->rss_max), "p95", pace_json_num(ts->rss_p95));
}

void pace_report_html_timeseries(FILE *f, const char *label,
				 const struct pace_result *r)
{
	const struct pace_timeseries *ts = r->timeseries;
	char **xl;
	double *y;
	char *title;

	if (!ts || ts->n < 2)
		return;
	xl = pace_xcalloc(ts->n, sizeof(*xl));
	y = pace_xcalloc(ts->n, sizeof(*y));
	for (size_t i = 0; i < ts->n; i++)
		xl[i] = pace_xasprintf("%.0f ms", ts->t_s[i] * 1e3);
	fputs("<div class=\"grid2\"><div>\n", f);
	for (size_t i = 0; i < ts->n; i++)
		y[i] = ts->rss[i] / 1048576.0;
	title = pace_xasprintf("%s: memory over time (last run, every %.0f ms)",
			       label, (double)ts->interval_ns / 1e6);
	pace_svg_lines(f, &(struct pace_svg_lines){title, "MiB",
		(const char *const *)xl, ts->n, (const char *const[]){"RSS"}, 1, y, NULL});
	free(title);
	fputs("</div><div>\n", f);
	title = pace_xasprintf("%s: CPU over time (mean %.0f %%, p95 %.0f %%, max %.0f %%)",
			       label, ts->cpu_mean, ts->cpu_p95, ts->cpu_max);
	pace_svg_lines(f, &(struct pace_svg_lines){title, "% of one CPU",
		(const char *const *)xl, ts->n, (const char *const[]){"CPU"}, 1, ts->cpu, NULL});
	free(title);
	fputs("</div></div>\n", f);
	for (size_t i = 0; i < ts->n; i++)
		free(xl[i]);
	free(xl);
	free(y);
}

/* ---- resources per run (CPU %, faults, context switches, I/O calls) -------- */

static const char *const res_label[PACE_NRES] = {
	"CPU %", "page faults", "context switches", "I/O syscalls",
};

void pace_report_resource_text(char *out, size_t outsz, const struct pace_summary *s)
{
	if (s->n > 1 && isfinite(s->ci_lo))
		snprintf(out, outsz, "%.1f [%.1f, %.1f]", s->mean, s->ci_lo, s->ci_hi);
	else
		snprintf(out, outsz, "%.1f", s->mean);
}

void pace_report_console_resources(FILE *f, const struct pace_result *r)
{
	char buf[96];

	if (r->inproc || !r->resources[PACE_RES_CPU_PERCENT].n)
		return;
	fprintf(f, "  Resources (mean [%g%% CI], per run):", r->confidence * 100.0);
	for (int k = 0; k < PACE_NRES; k++) {
		if (!r->resources[k].n)
			continue;
		pace_report_resource_text(buf, sizeof(buf), &r->resources[k]);
		fprintf(f, "%s %s %s", k ? "," : "", res_label[k], buf);
	}
	fputs("\n", f);
}

const char *pace_report_resource_label(enum pace_resource k)
{
	return k < PACE_NRES ? res_label[k] : "?";
}

static const char *check_value(const struct pace_run *run, const char *name)
{
	for (size_t i = 0; i < run->env.nchecks; i++)
		if (!strcmp(run->env.checks[i].name, name))
			return run->env.checks[i].value;
	return NULL;
}

void pace_report_md_resources(FILE *f, const struct pace_run *run)
{
	const char *timer = check_value(run, "timer");
	const char *src = check_value(run, "clocksource");
	const char *acct = check_value(run, "cpu_time_accounting");
	bool any = false;
	double level = 0.95;
	char buf[96];

	for (size_t i = 0; i < run->nresults && !any; i++)
		any = !run->results[i].inproc &&
		      run->results[i].resources[PACE_RES_CPU_PERCENT].n > 0;
	if (!any)
		return;
	fputs("\n## Resources per run\n\n| Test | Variant |", f);
	for (int k = 0; k < PACE_NRES; k++)
		fprintf(f, " %s |", res_label[k]);
	fputs("\n|---|---|", f);
	for (int k = 0; k < PACE_NRES; k++)
		fputs("---:|", f);
	fputs("\n", f);
	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		if (r->inproc || !r->resources[PACE_RES_CPU_PERCENT].n)
			continue;
		level = r->confidence;
		fputs("| ", f);
		pace_report_md_cell(f, r->test->id);
		fputs(" | ", f);
		pace_report_md_cell(f, r->variant->name);
		fputs(" |", f);
		for (int k = 0; k < PACE_NRES; k++) {
			pace_report_resource_text(buf, sizeof(buf), &r->resources[k]);
			fprintf(f, " %s |", r->resources[k].n ? buf : "n/a");
		}
		fputs("\n", f);
	}
	fprintf(f, "\nMean with its %g%% interval. CPU %% is (user + sys) / wall: "
		"the sum is the scheduler's exact runtime even where the user/sys "
		"split is tick-sampled. Wall time: CLOCK_MONOTONIC (timer %s, clock "
		"source %s); user, sys, faults and context switches: wait4's rusage "
		"(CPU time accounting: %s).\n",
		level * 100.0,
		timer && *timer ? timer : "unknown", src && *src ? src : "unknown",
		acct && *acct ? acct : "unknown");
}
