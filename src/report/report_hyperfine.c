/*
 * report_hyperfine.c - the --export-json / --export-csv / --export-markdown
 * files in hyperfine's shapes, so that tools written for hyperfine read
 * pace's results unchanged.  One entry per test x variant, in run order;
 * "command" is the command text that ran.
 *
 * Like hyperfine, the figures are seconds over the successful runs:
 * times[] and exit_codes[] list exactly the runs that mean/stddev/...
 * summarise (failed runs are in pace's own files).  stddev is null (empty
 * in CSV) with fewer than two runs, as hyperfine has it.  The Markdown
 * table's "Relative" column is relative to the fastest variant of the
 * same test, with hyperfine's propagated uncertainty.
 */
#include <math.h>
#include <string.h>

#include "report/report_priv.h"

static const char *command_text(const struct pace_result *r)
{
	if (r->variant && r->variant->cmd.text)
		return r->variant->cmd.text;
	return pace_report_variant_label(r);
}

static double stddev_of(const struct pace_summary *s)
{
	return s->n >= 2 ? s->sd : NAN;
}

static json_t *hf_result_json(const struct pace_result *r)
{
	json_t *o = json_object(), *times = json_array(), *codes = json_array();

	json_object_set_new(o, "command", pace_report_json_str(command_text(r)));
	json_object_set_new(o, "mean", pace_json_num(r->wall.mean));
	json_object_set_new(o, "stddev",
			    pace_json_num(stddev_of(&r->wall)));
	json_object_set_new(o, "median", pace_json_num(r->wall.median));
	json_object_set_new(o, "user", pace_json_num(r->user.mean));
	json_object_set_new(o, "system", pace_json_num(r->sys.mean));
	json_object_set_new(o, "min", pace_json_num(r->wall.min));
	json_object_set_new(o, "max", pace_json_num(r->wall.max));
	for (size_t i = 0; i < r->nsamples; i++) {
		const struct pace_sample *s = &r->samples[i];
		if (s->fail != PACE_FAIL_NONE || s->wall_ns < 0)
			continue;
		json_array_append_new(times, json_real((double)s->wall_ns / 1e9 /
			(double)(s->iterations > 1 ? s->iterations : 1)));
		json_array_append_new(codes, s->signal || s->spawn_errno
					     ? json_null()
					     : json_integer(s->exit_code));
	}
	json_object_set_new(o, "times", times);
	json_object_set_new(o, "exit_codes", codes);
	return o;
}

int pace_report_hyperfine_json(FILE *f, const struct pace_run *run)
{
	json_t *o = json_object(), *res = json_array();

	for (size_t i = 0; i < run->nresults; i++)
		json_array_append_new(res, hf_result_json(&run->results[i]));
	json_object_set_new(o, "results", res);
	return pace_report_json_dump(f, o);
}

/* ---- CSV --------------------------------------------------------------- */


static void hf_csv_num(FILE *f, double v)
{
	char buf[40];

	pace_format_double(buf, sizeof(buf), v);
	fprintf(f, ",%s", buf);
}

int pace_report_hyperfine_csv(FILE *f, const struct pace_run *run)
{
	fputs("command,mean,stddev,median,user,system,min,max\n", f);
	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		pace_report_csv_field(f, command_text(r));
		hf_csv_num(f, r->wall.mean);
		hf_csv_num(f, stddev_of(&r->wall));
		hf_csv_num(f, r->wall.median);
		hf_csv_num(f, r->user.mean);
		hf_csv_num(f, r->sys.mean);
		hf_csv_num(f, r->wall.min);
		hf_csv_num(f, r->wall.max);
		fputc('\n', f);
	}
	return pace_report_stream_status(f);
}

/* ---- Markdown ---------------------------------------------------------- */

/* One unit for the whole table, from the fastest mean, so that no row
 * rounds to 0. */
static struct pace_time_unit hf_table_unit(const struct pace_run *run)
{
	double fastest = NAN;

	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		if (pace_report_has_data(r) &&
		    (isnan(fastest) || r->wall.mean < fastest))
			fastest = r->wall.mean;
	}
	return pace_format_time_unit(isnan(fastest) ? 1e-3 : fastest);
}

static void hf_md_relative(FILE *f, const struct pace_run *run,
			   const struct pace_result *r)
{
	const struct pace_result *best = pace_report_fastest(run, r->test);
	const struct pace_comparison *c;

	if (!best || !pace_report_has_data(r)) {
		fputs("n/a", f);
		return;
	}
	if (best == r) {
		fputs("1.00", f);
		return;
	}
	/* the run's own comparison (its ratio and propagated sd do not
	 * depend on the confidence level) */
	c = pace_report_find_cmp(run, best, r);
	if (c)
		fprintf(f, "%.2f ± %.2f", c->ratio, c->ratio_sd);
	else
		fputs("n/a", f);
}

static void hf_md_row(FILE *f, const struct pace_run *run,
		      const struct pace_result *r, struct pace_time_unit u)
{
	double k = u.per_second;
	int d = u.decimals;

	fputs("| `", f);
	pace_report_md_cell(f, command_text(r));
	fputs("` | ", f);
	if (pace_report_has_data(r))
		fprintf(f, "%.*f ± %.*f | %.*f | %.*f | ", d, r->wall.mean * k,
			d, r->wall.sd * k, d, r->wall.min * k, d,
			r->wall.max * k);
	else
		fputs("n/a | n/a | n/a | ", f);
	hf_md_relative(f, run, r);
	fputs(" |\n", f);
}

int pace_report_hyperfine_markdown(FILE *f, const struct pace_run *run)
{
	struct pace_time_unit u = hf_table_unit(run);

	fprintf(f, "| Command | Mean [%s] | Min [%s] | Max [%s] | Relative |\n",
		u.name, u.name, u.name);
	fputs("|:---|---:|---:|---:|---:|\n", f);
	for (size_t i = 0; i < run->nresults; i++)
		hf_md_row(f, run, &run->results[i], u);
	return pace_report_stream_status(f);
}
