/*
 * cmd_trends.c - `pace trends`: where each stored test is heading.  Per
 * test x variant, the least-squares line through its mean wall time over
 * its runs (oldest first, x = the run's position), with r², the slope's
 * p-value, a direction (stable unless the slope is significant and moves
 * the mean by at least the practical threshold over the history) and a
 * forecast of the next run with its prediction interval.  --daily prints
 * the performance_trends rows (one per UTC day) instead.
 */
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "cli/analysis.h"
#include "cli/cli.h"
#include "report/report.h"
#include "store/store_analysis.h"

enum { TRENDS_TEST = 1, TRENDS_VARIANT, TRENDS_LAST, TRENDS_DAILY };

static const struct pace_opt trends_opts[] = {
	{"test", 0, "ID", "only this test (its id)", .id = TRENDS_TEST},
	{"variant", 0, "NAME", "only this variant", .id = TRENDS_VARIANT},
	{"last", 0, "N", "fit the newest N runs only (default: all)", .id = TRENDS_LAST},
	{"daily", 0, NULL, "print the daily aggregates (performance_trends)",
	 .id = TRENDS_DAILY},
	PACE_OPT_INCLUDE(pace_opt_json),
	PACE_OPT_INCLUDE(pace_opt_alpha),
	PACE_OPT_INCLUDE(pace_opt_threshold),
	PACE_OPT_INCLUDE(pace_opt_store),
	PACE_OPT_INCLUDE(pace_opt_config),
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_trends_spec = {
	.name = "trends",
	.summary = "least-squares trends of stored tests, with a forecast",
	.usage =
"usage: pace trends [options]\n"
"\n"
"Fits a least-squares line through each stored test's mean wall time over\n"
"its runs and says whether it is improving, degrading or stable, with a\n"
"forecast of the next run and its 95% prediction interval.  Stable means\n"
"the slope is not significant at --alpha, or the line moves the mean by\n"
"less than --threshold over the runs seen (docs/history-analysis.md).\n",
	.opts = trends_opts,
};

struct trends_args {
	struct pace_cli_flags flags;
	const char *test, *variant;
	size_t last;
	bool daily, json;
};

static int on_option(void *data, int id, const char *arg)
{
	struct trends_args *a = data;
	uint64_t n;

	switch (id) {
	case TRENDS_TEST: a->test = arg; return 0;
	case TRENDS_VARIANT: a->variant = arg; return 0;
	case TRENDS_LAST:
		if (pace_parse_uint(arg, &n))
			return pace_cli_error("trends: --last wants a count, "
					      "not '%s'", arg);
		a->last = (size_t)n;
		return 0;
	case TRENDS_DAILY: a->daily = true; return 0;
	case 'j': a->json = true; return 0;
	}
	return 0;
}

static int parse_args(struct trends_args *a, int argc, char **argv)
{
	struct pace_opt_state st = {.flags = &a->flags, .cb = on_option, .data = a};
	int rc = pace_opt_parse(&st, &cmd_trends_spec, argc, argv);

	if (rc)
		return rc;
	if (st.nargs)
		return pace_cli_error("trends: unexpected argument '%s'", st.args[0]);
	return 0;
}

static void print_trend(const struct pace_store_test_key *k,
			const struct pace_store_point *p, size_t n,
			const struct pace_trend *t, json_t *arr)
{
	char slope[32], fc[32], lo[32], hi[32], r2[16], pv[16];

	if (arr) {
		json_array_append_new(arr, json_pack(
			"{s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:s, "
			"s:{s:o, s:o, s:o}, s:s, s:s}",
			"suite", k->suite, "test", k->test_id, "variant",
			k->variant, "runs", (json_int_t)n,
			"slope_s_per_run", pace_json_num(t->slope),
			"intercept_s", pace_json_num(t->intercept), "r2", pace_json_num(t->r2),
			"slope_p", pace_json_num(t->slope_p),
			"rel_change", pace_json_num(t->rel_change),
			"direction", pace_direction_name(t->direction),
			"forecast", "value_s", pace_json_num(t->forecast),
			"lo_s", pace_json_num(t->forecast_lo), "hi_s", pace_json_num(t->forecast_hi),
			"first_run", n ? p[0].run_id : "",
			"last_run", n ? p[n - 1].run_id : ""));
		return;
	}
	pace_cli_fmt_seconds(slope, sizeof(slope), fabs(t->slope));
	pace_cli_fmt_seconds(fc, sizeof(fc), t->forecast);
	pace_cli_fmt_seconds(lo, sizeof(lo), t->forecast_lo);
	pace_cli_fmt_seconds(hi, sizeof(hi), t->forecast_hi);
	snprintf(r2, sizeof(r2), isfinite(t->r2) ? "%.2f" : "-", t->r2);
	snprintf(pv, sizeof(pv), isfinite(t->slope_p) ? "%.2g" : "-",
		 t->slope_p);
	printf("%-28s %-14s %4zu  %c%-10s  %5s  %8s  %-9s  %s [%s, %s]\n",
	       k->test_id, k->variant, n, t->slope < 0 ? '-' : '+', slope, r2,
	       pv, pace_direction_name(t->direction), fc, lo, hi);
}

static int trend_of(struct pace_store *st, const struct trends_args *a,
		    const struct pace_config *cfg,
		    const struct pace_store_test_key *k, json_t *arr,
		    struct pace_error *err)
{
	struct pace_store_point *p;
	struct pace_trend t;
	double *x, *y;
	size_t n, m = 0;
	int rc = pace_store_test_history(st, k->suite, k->test_id, k->variant,
					 a->last, &p, &n, err);

	if (rc)
		return rc;
	x = pace_xmalloc((n + 1) * sizeof(*x));
	y = pace_xmalloc((n + 1) * sizeof(*y));
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(p[i].mean))
			continue;
		x[m] = (double)m;
		y[m++] = p[i].mean;
	}
	pace_analyze_trend(&t, x, y, m, (double)m, true, cfg->confidence,
			   cfg->alpha, cfg->threshold);
	print_trend(k, p, m, &t, arr);
	free(x);
	free(y);
	pace_store_points_free(p, n);
	return 0;
}

static int fits(struct pace_store *st, const struct trends_args *a,
		const struct pace_config *cfg, json_t *arr,
		struct pace_error *err)
{
	struct pace_store_test_key *k;
	size_t n, shown = 0;
	int rc = pace_store_list_tests(st, &k, &n, err);

	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		shown += pace_cli_key_wanted(a->test, a->variant, &k[i]);
	if (!shown && (a->test || a->variant)) {
		pace_store_test_keys_free(k, n);
		return pace_error_set(err, PACE_EUSAGE, "no stored test '%s'%s%s"
				      " in '%s' (see 'pace history')",
				      a->test ? a->test : "*",
				      a->variant ? " with variant " : "",
				      a->variant ? a->variant : "",
				      pace_store_location(st));
	}
	if (!arr)
		printf("%-28s %-14s %4s  %-11s  %5s  %8s  %-9s  %s\n", "TEST",
		       "VARIANT", "RUNS", "SLOPE/RUN", "R2", "P", "DIRECTION",
		       "FORECAST [95% PI]");
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!pace_cli_key_wanted(a->test, a->variant, &k[i]))
			continue;
		rc = trend_of(st, a, cfg, &k[i], arr, err);
	}
	pace_store_test_keys_free(k, n);
	return rc;
}

static int daily(struct pace_store *st, const struct trends_args *a,
		 json_t *arr, struct pace_error *err)
{
	struct pace_store_trend_row *r;
	size_t n;
	int rc = pace_store_trends_list(st, a->test, a->variant, &r, &n, err);

	if (rc)
		return rc;
	if (!arr)
		printf("%-28s %-14s %-10s  %10s  %10s  %7s\n", "TEST",
		       "VARIANT", "DATE", "MEAN", "MEMORY", "SAMPLES");
	for (size_t i = 0; i < n; i++) {
		char t[32], m[32];

		if (arr) {
			json_array_append_new(arr, json_pack(
				"{s:s, s:s, s:s, s:f, s:o, s:I}",
				"operation", r[i].operation, "vcs_type",
				r[i].variant, "date", r[i].date,
				"avg_time_ms", r[i].avg_time_ms,
				"avg_memory_bytes",
				pace_json_num(r[i].avg_memory_bytes >= 0
					    ? r[i].avg_memory_bytes : NAN),
				"sample_count", (json_int_t)r[i].sample_count));
			continue;
		}
		pace_format_time(t, sizeof(t), r[i].avg_time_ms / 1e3);
		pace_format_bytes(m, sizeof(m), r[i].avg_memory_bytes);
		printf("%-28s %-14s %-10s  %10s  %10s  %7zu\n", r[i].operation,
		       r[i].variant, r[i].date, t, m, r[i].sample_count);
	}
	pace_store_trend_rows_free(r, n);
	return 0;
}

static int trends(const struct trends_args *a, const struct pace_config *cfg)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store *st = NULL;
	json_t *arr;
	int rc = pace_cli_store_open(&st, cfg);

	if (rc)
		return rc;
	arr = a->json ? json_array() : NULL;
	rc = a->daily ? daily(st, a, arr, &err)
			      : fits(st, a, cfg, arr, &err);
	if (rc) {
		rc = pace_cli_report_error(&err);
	} else if (arr) {
		json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
	}
	json_decref(arr);
	pace_store_free(st);
	pace_error_release(&err);
	return rc;
}

static int trends_cb(const void *args, const struct pace_config *cfg)
{
	return trends(args, cfg);
}

int cmd_trends(int argc, char **argv)
{
	struct trends_args a = {0};
	int rc = parse_args(&a, argc, argv);

	return pace_cli_with_config(rc, &a.flags, trends_cb, &a);
}
