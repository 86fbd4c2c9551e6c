/*
 * analysis.c - the wording of comparisons between runs, shared by `pace
 * compare` and `pace run` (--baseline, and the regressions / improvements
 * printed after every stored run): a table with old and new means, the
 * relative change with its bootstrap interval, Welch's p-value and the
 * verdict with its severity; the same figures as JSON.  The numbers come
 * from src/analyze; this file only loads runs, chooses words and prints.
 */
#include <math.h>
#include <string.h>

#include "cli/analysis.h"
#include "cli/cli.h"
#include "report/report.h"
#include "util/json.h"

static void fmt_ns(char *out, size_t n, double ns)
{
	if (isfinite(ns))
		pace_format_time(out, n, ns / 1e9);
	else
		snprintf(out, n, "-");
}

static void fmt_change(char *out, size_t n, const struct pace_change *c)
{
	if (!isfinite(c->change))
		snprintf(out, n, "-");
	else if (isfinite(c->ci_lo))
		snprintf(out, n, "%+.1f%% [%+.1f%%, %+.1f%%]",
			 c->change * 100.0, c->ci_lo * 100.0, c->ci_hi * 100.0);
	else
		snprintf(out, n, "%+.1f%%", c->change * 100.0);
}

static void fmt_verdict(char *out, size_t n, const struct pace_change *c)
{
	if (c->severity != PACE_SEVERITY_NONE)
		snprintf(out, n, "%s (%s)", pace_verdict_name(c->verdict),
			 pace_severity_name(c->severity));
	else if (c->within_noise)
		snprintf(out, n, "unchanged (run-to-run noise)");
	else
		snprintf(out, n, "%s", pace_verdict_name(c->verdict));
}

static bool shown(const struct pace_change *c, bool only_changes)
{
	return !only_changes || c->verdict == PACE_VERDICT_IMPROVED ||
	       c->verdict == PACE_VERDICT_REGRESSED;
}

struct cells {
	char test[256], old[32], new_[32], change[64], p[32], verdict[48];
};

static void cells_of(struct cells *s, const struct pace_change *c)
{
	snprintf(s->test, sizeof(s->test), "%s %s", c->test, c->variant);
	fmt_ns(s->old, sizeof(s->old), c->old_mean);
	fmt_ns(s->new_, sizeof(s->new_), c->new_mean);
	fmt_change(s->change, sizeof(s->change), c);
	if (isfinite(c->p_value))
		snprintf(s->p, sizeof(s->p), "p=%.2g", c->p_value);
	else
		snprintf(s->p, sizeof(s->p), "p=n/a");
	fmt_verdict(s->verdict, sizeof(s->verdict), c);
}

static const char *verdict_color(const struct pace_change *c, bool color)
{
	if (!color)
		return "";
	if (c->verdict == PACE_VERDICT_REGRESSED)
		return "\033[31m";
	if (c->verdict == PACE_VERDICT_IMPROVED)
		return "\033[32m";
	return "";
}

/* The between-run noise the verdicts allowed for
 * (pace_analyze_between_runs), when there were tests enough to tell. */
static void print_noise(FILE *f, const struct pace_diff *d)
{
	if (!isfinite(d->between_sd))
		return;
	fprintf(f, "Run-to-run noise: ±%.1f%% per test (the spread of the %zu tests' "
		"changes); %zu change%s within it counted unchanged "
		"(docs/history-analysis.md).\n", expm1(d->between_sd) * 100.0,
		d->noise_tests, d->nwithin_noise, d->nwithin_noise == 1 ? "" : "s");
}

/* When every result moved together (pace_analyze_shift), one paragraph
 * that says so: such a shift is more often the machine than the code. */
static void print_shift(FILE *f, const struct pace_diff *d)
{
	struct pace_shift s;

	pace_analyze_shift(&s, d);
	if (!s.notable)
		return;
	fprintf(f, "All results moved together: median change %+.1f%% over %zu "
		"(%g%% interval %+.1f%% to %+.1f%%; %zu slower, %zu faster).\n"
		"A shift of every test alike is more often the machine between "
		"the runs than the code: judge it by `pace run --aa` and a re-run "
		"(docs/history-analysis.md).\n", s.median * 100.0, s.n,
		d->confidence * 100.0, s.lo * 100.0, s.hi * 100.0, s.nslower,
		s.n - s.nslower);
}

void pace_cli_print_diff(FILE *f, const struct pace_diff *d, bool color,
			 bool only_changes)
{
	int wt = 4, wo = 3, wn = 3, wc = 6;
	struct cells s;

	if (only_changes && d->nimproved + d->nregressed == 0)
		return;
	for (size_t i = 0; i < d->n; i++) {
		if (!shown(&d->v[i], only_changes))
			continue;
		cells_of(&s, &d->v[i]);
		wt = (int)fmax(wt, (double)strlen(s.test));
		wo = (int)fmax(wo, (double)strlen(s.old));
		wn = (int)fmax(wn, (double)strlen(s.new_));
		wc = (int)fmax(wc, (double)strlen(s.change));
	}
	fprintf(f, "%-*s  %*s  %*s  %-*s  %-9s  %s\n", wt, "test", wo, "old",
		wn, "new", wc, "change", "p-value", "verdict");
	for (size_t i = 0; i < d->n; i++) {
		const struct pace_change *c = &d->v[i];
		const char *on = verdict_color(c, color);

		if (!shown(c, only_changes))
			continue;
		cells_of(&s, c);
		fprintf(f, "%-*s  %*s  %*s  %-*s  %-9s  %s%s%s\n", wt, s.test,
			wo, s.old, wn, s.new_, wc, s.change, s.p, on,
			s.verdict, *on ? "\033[0m" : "");
	}
	fprintf(f, "%zu regressed, %zu improved, %zu unchanged", d->nregressed,
		d->nimproved, d->nunchanged);
	if (d->nadded || d->nremoved)
		fprintf(f, ", %zu added, %zu removed", d->nadded, d->nremoved);
	fprintf(f, " (alpha %g, threshold %g%%, change = new mean / old mean "
		"- 1 with its %g%% interval)\n", d->alpha, d->threshold * 100.0,
		d->confidence * 100.0);
	print_noise(f, d);
	print_shift(f, d);
}

int pace_cli_with_config(int parse_rc, struct pace_cli_flags *flags,
			 int (*fn)(const void *args,
				   const struct pace_config *cfg),
			 const void *args)
{
	struct pace_config cfg;
	int rc = parse_rc;

	pace_config_init(&cfg);
	if (rc == 0)
		rc = pace_cli_load_config(&cfg, flags);
	if (rc == 0)
		rc = fn(args, &cfg);
	pace_cli_flags_release(flags);
	pace_config_release(&cfg);
	return rc < 0 ? PACE_EXIT_OK : rc;
}

int pace_cli_store_open(struct pace_store **out,
			const struct pace_config *cfg)
{
	struct pace_error err = PACE_ERROR_INIT;
	char *key;
	int rc = pace_cli_store_key(&key);

	mode_t old = pace_cli_private_begin(cfg);

	*out = NULL;
	if (!rc && pace_store_open_key(out, cfg->store, key, &err))
		rc = pace_cli_report_error(&err);
	pace_cli_private_end(old);
	pace_error_release(&err);
	free(key);
	return rc;
}

static json_t *side_json(size_t n, size_t failed, double mean, double median)
{
	return json_pack("{s:I, s:I, s:o, s:o}", "n", (json_int_t)n,
			 "failed", (json_int_t)failed, "mean_ns", pace_json_num(mean),
			 "median_ns", pace_json_num(median));
}

static json_t *change_json(const struct pace_change *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "suite", json_string(c->suite));
	json_object_set_new(o, "test", json_string(c->test));
	json_object_set_new(o, "variant", json_string(c->variant));
	json_object_set_new(o, "verdict",
			    json_string(pace_verdict_name(c->verdict)));
	json_object_set_new(o, "severity",
			    json_string(pace_severity_name(c->severity)));
	json_object_set_new(o, "old", side_json(c->n_old, c->failed_old,
						c->old_mean, c->old_median));
	json_object_set_new(o, "new", side_json(c->n_new, c->failed_new,
						c->new_mean, c->new_median));
	json_object_set_new(o, "change", pace_json_num(c->change));
	json_object_set_new(o, "change_ci", json_pack("[o, o]", pace_json_num(c->ci_lo),
						      pace_json_num(c->ci_hi)));
	json_object_set_new(o, "p_value", pace_json_num(c->p_value));
	json_object_set_new(o, "mann_whitney_p", pace_json_num(c->mw_p));
	json_object_set_new(o, "significant", json_boolean(c->significant));
	json_object_set_new(o, "meaningful", json_boolean(c->meaningful));
	json_object_set_new(o, "within_run_noise", json_boolean(c->within_noise));
	return o;
}

static json_t *shift_json(const struct pace_diff *d)
{
	struct pace_shift s;

	pace_analyze_shift(&s, d);
	return json_pack("{s:I, s:I, s:o, s:[o, o], s:b}", "results", (json_int_t)s.n,
			 "slower", (json_int_t)s.nslower, "median", pace_json_num(s.median),
			 "ci", pace_json_num(s.lo), pace_json_num(s.hi), "notable", s.notable);
}

json_t *pace_cli_diff_json(const struct pace_diff *d)
{
	json_t *o = json_object(), *arr = json_array();

	json_object_set_new(o, "alpha", pace_json_num(d->alpha));
	json_object_set_new(o, "threshold", pace_json_num(d->threshold));
	json_object_set_new(o, "confidence", pace_json_num(d->confidence));
	json_object_set_new(o, "counts", json_pack(
		"{s:I, s:I, s:I, s:I, s:I}",
		"regressed", (json_int_t)d->nregressed,
		"improved", (json_int_t)d->nimproved,
		"unchanged", (json_int_t)d->nunchanged,
		"added", (json_int_t)d->nadded,
		"removed", (json_int_t)d->nremoved));
	for (size_t i = 0; i < d->n; i++)
		json_array_append_new(arr, change_json(&d->v[i]));
	json_object_set_new(o, "changes", arr);
	json_object_set_new(o, "shift", shift_json(d));
	json_object_set_new(o, "run_noise", json_pack("{s:o, s:I, s:I}",
		"sd_log", pace_json_num(d->between_sd), "tests", (json_int_t)d->noise_tests,
		"within", (json_int_t)d->nwithin_noise));
	return o;
}

int pace_cli_load_ref(struct pace_store *st, const char *ref,
		      struct pace_loaded_run *out)
{
	struct pace_error err = PACE_ERROR_INIT;
	int rc = pace_pipeline_load_ref(st, ref, out, &err);

	if (rc)
		rc = pace_cli_report_error(&err);
	pace_error_release(&err);
	return rc;
}

int pace_cli_open_store(struct pace_store **out, const char *store_flag,
			const char *config_file)
{
	struct pace_cli_flags flags = {.config_file = config_file};
	struct pace_config cfg;
	int rc;

	*out = NULL;
	pace_config_init(&cfg);
	if (store_flag)
		pace_cli_flags_add(&flags, PACE_CFG_STORE, store_flag, "--store");
	rc = pace_cli_load_config(&cfg, &flags);
	if (!rc)
		rc = pace_cli_store_open(out, &cfg);
	pace_config_release(&cfg);
	return rc;
}

void pace_cli_fmt_seconds(char *out, size_t n, double seconds)
{
	if (isfinite(seconds))
		pace_format_time(out, n, seconds);
	else
		snprintf(out, n, "-");
}

bool pace_cli_key_wanted(const char *test, const char *variant,
			 const struct pace_store_test_key *k)
{
	return (!test || strcmp(test, k->test_id) == 0) &&
	       (!variant || strcmp(variant, k->variant) == 0);
}
