/*
 * report_hyperfine.c - the --export-json / --export-csv / --export-markdown
 * (and --export-asciidoc / --export-orgmode) files in hyperfine's shapes,
 * so that tools written for hyperfine read pace's results unchanged.  One
 * entry per test x variant, in run order; "command" is the command text
 * that ran, or, as in hyperfine, the name given with -n (its {NAME}
 * parameters filled in).  A combination of a parameter sweep has
 * hyperfine's "parameters" object in JSON and parameter_NAME columns in
 * CSV.  The markup tables (Markdown, AsciiDoc, org-mode) are one table
 * model written three ways, in run order or fastest first (--sort), in
 * one unit (--time-unit, else the fastest mean's).
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

/* What hyperfine calls the command: -n's name (parameters filled in),
 * else the command that ran.  Freed by the caller. */
static char *command_text(const struct pace_result *r)
{
	struct pace_strbuf sb = PACE_STRBUF_INIT;

	if (r->variant && r->variant->named) {
		pace_substitute(&sb, r->variant->name, &r->test->param_names,
				&r->test->param_values);
		return pace_strbuf_detach(&sb);
	}
	if (r->variant && r->variant->cmd.text)
		return pace_xstrdup(r->variant->cmd.text);
	return pace_xstrdup(pace_report_variant_label(r));
}

static double stddev_of(const struct pace_summary *s)
{
	return s->n >= 2 ? s->sd : NAN;
}

static json_t *hf_result_json(const struct pace_result *r)
{
	json_t *o = json_object(), *times = json_array(), *codes = json_array();
	char *cmd = command_text(r);

	json_object_set_new(o, "command", pace_report_json_str(cmd));
	free(cmd);
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
	if (r->test->param_names.n) /* hyperfine leaves it out when empty */
		json_object_set_new(o, "parameters", pace_report_json_params(r->test));
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

/* Every parameter name of the run, in order of first appearance. */
static void param_names(struct pace_strvec *out, const struct pace_run *run)
{
	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_strvec *n = &run->results[i].test->param_names;
		for (size_t k = 0; k < n->n; k++)
			if (!pace_strvec_contains(out, n->v[k]))
				pace_strvec_push(out, n->v[k]);
	}
}

static void hf_csv_params(FILE *f, const struct pace_test *t,
			  const struct pace_strvec *names)
{
	for (size_t k = 0; k < names->n; k++) {
		size_t j;
		for (j = 0; j < t->param_names.n &&
			    strcmp(t->param_names.v[j], names->v[k]); j++)
			;
		fputc(',', f);
		if (j < t->param_names.n)
			pace_report_csv_field(f, t->param_values.v[j]);
	}
}

int pace_report_hyperfine_csv(FILE *f, const struct pace_run *run)
{
	struct pace_strvec names = PACE_STRVEC_INIT;

	param_names(&names, run);
	fputs("command,mean,stddev,median,user,system,min,max", f);
	for (size_t k = 0; k < names.n; k++) {
		fputs(",", f);
		/* hyperfine's column name */
		char *col = pace_xasprintf("parameter_%s", names.v[k]);
		pace_report_csv_field(f, col);
		free(col);
	}
	fputc('\n', f);
	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		char *cmd = command_text(r);
		pace_report_csv_field(f, cmd);
		free(cmd);
		hf_csv_num(f, r->wall.mean);
		hf_csv_num(f, stddev_of(&r->wall));
		hf_csv_num(f, r->wall.median);
		hf_csv_num(f, r->user.mean);
		hf_csv_num(f, r->sys.mean);
		hf_csv_num(f, r->wall.min);
		hf_csv_num(f, r->wall.max);
		hf_csv_params(f, r->test, &names);
		fputc('\n', f);
	}
	pace_strvec_release(&names);
	return pace_report_stream_status(f);
}

/* ---- the markup tables: Markdown, AsciiDoc, org-mode -------------------- */

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

int pace_report_hyperfine_unit(const char *word, struct pace_time_unit *u)
{
	static const struct { const char *a, *b; struct pace_time_unit u; } units[] = {
		{"second", "s", {"s", 1.0, 3}},
		{"millisecond", "ms", {"ms", 1e3, 1}},
		{"microsecond", "us", {"µs", 1e6, 1}},
		{"nanosecond", "ns", {"ns", 1e9, 1}},
	};

	for (size_t i = 0; i < PACE_ARRAY_SIZE(units); i++)
		if (!strcmp(word, units[i].a) || !strcmp(word, units[i].b) ||
		    !strcmp(word, units[i].u.name)) {
			*u = units[i].u;
			return 0;
		}
	return -1;
}

static void hf_relative(struct pace_strbuf *sb, const struct pace_run *run,
			const struct pace_result *r)
{
	const struct pace_result *best = pace_report_fastest(run, r->test);
	const struct pace_comparison *c;

	if (!best || !pace_report_has_data(r)) {
		pace_strbuf_adds(sb, "n/a");
		return;
	}
	if (best == r) {
		pace_strbuf_adds(sb, "1.00");
		return;
	}
	/* the run's own comparison (its ratio and propagated sd do not
	 * depend on the confidence level) */
	c = pace_report_find_cmp(run, best, r);
	if (c)
		pace_strbuf_addf(sb, "%.2f ± %.2f", c->ratio, c->ratio_sd);
	else
		pace_strbuf_adds(sb, "n/a");
}

/* A row's cells as text: command, mean ± sd, min, max, relative. */
struct hf_row {
	char *cell[5];
};

static void hf_row_fill(struct hf_row *row, const struct pace_run *run,
			const struct pace_result *r, struct pace_time_unit u)
{
	struct pace_strbuf sb = PACE_STRBUF_INIT;
	double k = u.per_second;
	int d = u.decimals;

	row->cell[0] = command_text(r);
	if (pace_report_has_data(r)) {
		row->cell[1] = pace_xasprintf("%.*f ± %.*f", d, r->wall.mean * k, d,
					      r->wall.sd * k);
		row->cell[2] = pace_xasprintf("%.*f", d, r->wall.min * k);
		row->cell[3] = pace_xasprintf("%.*f", d, r->wall.max * k);
	} else {
		for (int i = 1; i < 4; i++)
			row->cell[i] = pace_xstrdup("n/a");
	}
	hf_relative(&sb, run, r);
	row->cell[4] = pace_strbuf_detach(&sb);
}

/* Run order, or fastest first (results without data last, in run order). */
static size_t *hf_order(const struct pace_run *run, bool by_mean)
{
	size_t *idx = pace_xcalloc(run->nresults + 1, sizeof(*idx));

	for (size_t i = 0; i < run->nresults; i++)
		idx[i] = i;
	if (!by_mean)
		return idx;
	/* insertion sort: stable, and tables are short */
	for (size_t i = 1; i < run->nresults; i++) {
		size_t x = idx[i], j = i;
		const struct pace_result *rx = &run->results[x];
		double mx = pace_report_has_data(rx) ? rx->wall.mean : INFINITY;
		while (j > 0) {
			const struct pace_result *ry = &run->results[idx[j - 1]];
			double my = pace_report_has_data(ry) ? ry->wall.mean : INFINITY;
			if (my <= mx)
				break;
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = x;
	}
	return idx;
}

static void md_cell(FILE *f, const char *s, bool code)
{
	fputs(code ? " `" : " ", f);
	pace_report_md_cell(f, s);
	fputs(code ? "` |" : " |", f);
}

static void hf_write_row(FILE *f, const struct hf_row *row,
			 enum pace_report_hf_format fmt)
{
	switch (fmt) {
	case PACE_HF_MARKDOWN:
		fputc('|', f);
		for (int i = 0; i < 5; i++)
			md_cell(f, row->cell[i], i == 0);
		fputc('\n', f);
		break;
	case PACE_HF_ASCIIDOC:
		/* '|' inside a cell would start another one */
		fputs("\n| `", f);
		pace_report_md_cell(f, row->cell[0]);
		fputs("` \n", f);
		for (int i = 1; i < 5; i++)
			fprintf(f, "| %s \n", row->cell[i]);
		break;
	case PACE_HF_ORGMODE:
		fputs("| =", f);
		pace_report_md_cell(f, row->cell[0]);
		fputs("=  ", f);
		for (int i = 1; i < 5; i++)
			fprintf(f, "|  %s ", row->cell[i]);
		fputs("|\n", f);
		break;
	}
}

static void hf_write_head(FILE *f, const char *u, enum pace_report_hf_format fmt)
{
	switch (fmt) {
	case PACE_HF_MARKDOWN:
		fprintf(f, "| Command | Mean [%s] | Min [%s] | Max [%s] | Relative |\n",
			u, u, u);
		fputs("|:---|---:|---:|---:|---:|\n", f);
		break;
	case PACE_HF_ASCIIDOC:
		fprintf(f, "[cols=\"<,>,>,>,>\"]\n|===\n| Command \n| Mean [%s] \n"
			"| Min [%s] \n| Max [%s] \n| Relative \n", u, u, u);
		break;
	case PACE_HF_ORGMODE:
		fprintf(f, "| Command  |  Mean [%s] |  Min [%s] |  Max [%s] |  "
			"Relative |\n|--+--+--+--+--|\n", u, u, u);
		break;
	}
}

int pace_report_hyperfine_table(FILE *f, const struct pace_run *run,
				enum pace_report_hf_format fmt,
				const struct pace_report_hf_opts *o)
{
	struct pace_time_unit u = o && o->unit ? *o->unit : hf_table_unit(run);
	size_t *idx = hf_order(run, o && o->sort_by_mean);

	hf_write_head(f, u.name, fmt);
	for (size_t i = 0; i < run->nresults; i++) {
		struct hf_row row;
		hf_row_fill(&row, run, &run->results[idx[i]], u);
		hf_write_row(f, &row, fmt);
		for (int c = 0; c < 5; c++)
			free(row.cell[c]);
	}
	if (fmt == PACE_HF_ASCIIDOC)
		fputs("|===\n", f);
	free(idx);
	return pace_report_stream_status(f);
}

int pace_report_hyperfine_markdown(FILE *f, const struct pace_run *run)
{
	return pace_report_hyperfine_table(f, run, PACE_HF_MARKDOWN, NULL);
}
