/*
 * cmd_show.c - `pace show TEST [--output DIR]`: one test of the last run,
 * in the terminal: each variant's summary (mean ± sd, median, range, runs)
 * and a histogram of its successful runs, all variants over the same
 * range so that their shapes compare.  It reads DIR/raw/<TEST>.json, the
 * file pace run wrote (docs/output-format.md), so it works on any output
 * directory, also one copied from another machine.
 */
#include <math.h>

#include <jansson.h>

#include "cli/cli.h"
#include "config/config.h"
#include "report/report.h"
#include "report/report_model.h"

enum { SHOW_BINS = 1, SHOW_WIDTH };

static const struct pace_opt show_opts[] = {
	PACE_OPT_INCLUDE(pace_opt_output),
	{"bins", 0, "N", "histogram rows (default 10)", .id = SHOW_BINS},
	{"width", 0, "N", "longest bar in columns (default 40)", .id = SHOW_WIDTH},
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_show_spec = {
	.name = "show",
	.summary = "a test's histogram and summary from the last run",
	.usage =
"usage: pace show [options] TEST\n"
"\n"
"Shows a test of the last run: each variant's summary and a histogram of\n"
"its runs, read from DIR/raw/TEST.json (DIR: --output).\n",
	.opts = show_opts,
};

struct show_args {
	size_t bins, width;
};

/* Per-operation seconds of a variant's successful samples. */
static size_t variant_times(json_t *var, double **out)
{
	json_t *samples = json_object_get(var, "samples"), *s;
	size_t i, n = 0;
	double *v = pace_xcalloc(json_array_size(samples) + 1, sizeof(*v));

	json_array_foreach(samples, i, s) {
		json_t *w = json_object_get(s, "wall_ns");
		json_int_t it = json_integer_value(json_object_get(s, "iterations"));
		const char *fail = json_string_value(json_object_get(s, "fail"));
		if (!json_is_integer(w) || (fail && strcmp(fail, "none")))
			continue;
		v[n++] = (double)json_integer_value(w) / 1e9 /
			 (double)(it > 1 ? it : 1);
	}
	*out = v;
	return n;
}

static double num(json_t *o, const char *k)
{
	json_t *j = json_object_get(o, k);

	return json_is_number(j) ? json_number_value(j) : NAN;
}

static void show_variant(json_t *var, const double *v, size_t n, double lo,
			 double hi, size_t bins, size_t width)
{
	json_t *w = json_object_get(json_object_get(var, "summary"), "wall");
	const char *name = json_string_value(json_object_get(var, "variant"));
	const char *cmd = json_string_value(json_object_get(var, "command"));
	char mean[32], sd[32], med[32], mn[32], mx[32];

	printf("%s%s%s\n", name ? name : "?", cmd ? ": " : "", cmd ? cmd : "");
	pace_format_time(mean, sizeof(mean), num(w, "mean"));
	pace_format_time(sd, sizeof(sd), num(w, "sd"));
	pace_format_time(med, sizeof(med), num(w, "median"));
	pace_format_time(mn, sizeof(mn), num(w, "min"));
	pace_format_time(mx, sizeof(mx), num(w, "max"));
	printf("  Time (mean ± σ):  %s ± %s    median %s\n", mean, sd, med);
	printf("  Range (min … max): %s … %s    %zu runs, %lld failed\n", mn, mx,
	       n, (long long)json_integer_value(json_object_get(var, "failed")));
	pace_report_histogram(stdout, v, n, lo, hi, bins, width);
}

static int show(json_t *raw, size_t bins, size_t width)
{
	json_t *vars = json_object_get(raw, "variants"), *var;
	size_t i, nv = json_array_size(vars);
	double **times = pace_xcalloc(nv + 1, sizeof(*times));
	size_t *n = pace_xcalloc(nv + 1, sizeof(*n));
	double lo = INFINITY, hi = -INFINITY;
	const char *id = json_string_value(json_object_get(raw, "target_id"));
	const char *name = json_string_value(json_object_get(raw, "name"));

	printf("%s", id ? id : "?");
	if (name && id && strcmp(name, id))
		printf(" (%s)", name);
	printf("  run %s  %s\n",
	       json_string_value(json_object_get(raw, "run_id")) ?: "?",
	       json_string_value(json_object_get(raw, "timestamp")) ?: "");
	json_array_foreach(vars, i, var) {
		n[i] = variant_times(var, &times[i]);
		for (size_t k = 0; k < n[i]; k++) {
			lo = fmin(lo, times[i][k]);
			hi = fmax(hi, times[i][k]);
		}
	}
	json_array_foreach(vars, i, var) {
		putchar('\n');
		show_variant(var, times[i], n[i], lo, hi, bins, width);
		free(times[i]);
	}
	free(times);
	free(n);
	return 0;
}

static int parse_count(const char *opt, const char *arg, size_t *out)
{
	uint64_t v;

	if (pace_parse_uint(arg, &v) || v < 1 || v > 1000)
		return pace_cli_error("show: %s wants a number from 1 to 1000, "
				      "not '%s'", opt, arg);
	*out = (size_t)v;
	return 0;
}

static int on_option(void *data, int id, const char *arg)
{
	struct show_args *a = data;

	if (id == SHOW_BINS)
		return parse_count("--bins", arg, &a->bins);
	if (id == SHOW_WIDTH)
		return parse_count("--width", arg, &a->width);
	return 0;
}

int cmd_show(int argc, char **argv)
{
	struct pace_cli_flags flags = {0};
	struct show_args a = {10, 40};
	struct pace_opt_state st = {.flags = &flags, .cb = on_option, .data = &a};
	struct pace_config cfg;
	struct pace_strbuf path = PACE_STRBUF_INIT;
	json_error_t jerr;
	json_t *raw = NULL;
	int rc;

	pace_config_init(&cfg);
	rc = pace_opt_parse(&st, &cmd_show_spec, argc, argv);
	if (rc) {
		rc = rc < 0 ? PACE_EXIT_OK : rc;
		goto out;
	}
	if (st.nargs != 1) {
		rc = pace_cli_error("show: give one test id (see 'pace show --help')");
		goto out;
	}
	if ((rc = pace_cli_load_config(&cfg, &flags)))
		goto out;
	pace_report_raw_path(&path, cfg.output_dir, st.args[0]);
	raw = json_load_file(path.buf, 0, &jerr);
	if (!raw)
		rc = pace_cli_error("show: cannot read '%s': %s (run the test "
				    "first, or give its --output DIR)", path.buf,
				    jerr.text);
	else
		rc = show(raw, a.bins, a.width);
out:
	json_decref(raw);
	pace_strbuf_release(&path);
	pace_cli_flags_release(&flags);
	pace_config_release(&cfg);
	return rc;
}
