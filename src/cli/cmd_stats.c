/*
 * cmd_stats.c - `pace stats FILE [FILE2 ...]`, in the spirit of FreeBSD's
 * ministat: reads samples (one number a line, or a hyperfine / pace raw
 * JSON export), prints the full description of each data set and compares
 * every later one with the first.  --json prints every figure, so scripts
 * (and the tests) see exactly what src/stats computed.  The numbers come
 * from src/stats; this file reads input, chooses wording and prints.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "stats/stats.h"
#include "util/json.h"

enum { ST_ALPHA = 1, ST_CONFIDENCE, ST_BOOTSTRAP, ST_SEED, ST_THRESHOLD, ST_TRIM };

/* Not the configuration's analysis options: stats reads no config, and
 * its defaults are its own (10000 resamples). */
static const struct pace_opt stats_opts[] = {
	PACE_OPT_INCLUDE(pace_opt_json),
	{"alpha", 'a', "A", "significance level (default 0.05)", .id = ST_ALPHA},
	{"confidence", 0, "C", "confidence level of intervals (default 0.95)",
	 .id = ST_CONFIDENCE},
	{"bootstrap", 'b', "N", "bootstrap resamples (default 10000)", .id = ST_BOOTSTRAP},
	{"seed", 's', "N", "bootstrap seed (default 1)", .id = ST_SEED},
	{"threshold", 0, "F", "practical difference, fraction of the baseline\n"
	 "mean (default 0.02)", .id = ST_THRESHOLD},
	{"outlier-detection", 'O', NULL, "also describe each data set without its Tukey\n"
	 "outliers (beyond 1.5 IQR), labelled 'trimmed';\n"
	 "every other figure keeps all values", .id = ST_TRIM},
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_stats_spec = {
	.name = "stats",
	.summary = "describe and compare samples from files",
	.usage =
"usage: pace stats [options] FILE [FILE ...]\n"
"\n"
"Describes each FILE's samples and compares each later FILE with the first\n"
"(the baseline).  A FILE holds one number a line (blank lines and lines\n"
"starting with '#' are skipped), or is a JSON export: hyperfine's\n"
"(results[].times), pace's raw JSON (variants[].samples[].wall_ns, failed\n"
"samples left out) or a plain array of numbers.  A JSON export with several\n"
"commands or variants gives one data set each.\n",
	.opts = stats_opts,
	.operands = PACE_COMPLETE_FILE,
};

struct stats_opts {
	bool json;
	double alpha, confidence, threshold;
	uint64_t resamples, seed;
	bool trim;
};

struct dataset {
	char *name;
	double *x;
	size_t n, alloc;
	struct pace_describe d;
	struct pace_boot_ci median;
	struct pace_describe trim; /* --outlier-detection */
};

struct datasets {
	struct dataset *v;
	size_t n, alloc;
};

static struct dataset *dataset_new(struct datasets *ds, char *name)
{
	struct dataset *d;

	pace_grow((void **)&ds->v, &ds->alloc, ds->n + 1, sizeof(*ds->v));
	d = &ds->v[ds->n++];
	memset(d, 0, sizeof(*d));
	d->name = name;
	return d;
}

static void datasets_release(struct datasets *ds)
{
	for (size_t i = 0; i < ds->n; i++) {
		free(ds->v[i].name);
		free(ds->v[i].x);
	}
	free(ds->v);
}

/* ---- input ------------------------------------------------------------ */

/* The data sets of one input file (read by src/stats/samples.c). */
static int load_file(struct datasets *ds, const char *path)
{
	struct pace_sample_sets sets = {0};
	struct pace_error err = PACE_ERROR_INIT;
	int rc = pace_stats_read_file(&sets, path, &err);

	for (size_t i = 0; i < sets.notes.n; i++)
		fprintf(stderr, "pace: note: %s\n", sets.notes.v[i]);
	for (size_t i = 0; !rc && i < sets.n; i++) {
		struct dataset *d = dataset_new(ds, sets.v[i].name);
		d->x = sets.v[i].x;
		d->n = d->alloc = sets.v[i].n;
		sets.v[i].name = NULL;
		sets.v[i].x = NULL;
	}
	if (rc)
		rc = pace_cli_report_error(&err);
	pace_sample_sets_release(&sets);
	pace_error_release(&err);
	return rc;
}

/* ---- text ------------------------------------------------------------- */

/* "lo .. hi", or "n/a" when the interval is undefined (too few values). */
static const char *interval(char *buf, size_t size, double lo, double hi)
{
	if (isnan(lo) || isnan(hi))
		snprintf(buf, size, "n/a");
	else
		snprintf(buf, size, "%.6g .. %.6g", lo, hi);
	return buf;
}

static void print_describe(const struct dataset *ds,
			   const struct stats_opts *o)
{
	const struct pace_describe *d = &ds->d;
	const struct pace_boot_ci *b = &ds->median;
	double cl = o->confidence * 100;
	char i1[64], i2[64];

	printf("%s (n = %zu", ds->name, d->n_valid);
	if (d->n != d->n_valid)
		printf(", %zu non-finite values left out", d->n - d->n_valid);
	printf(")\n");
	printf("  mean      %-12.6g %g%% CI %s (t)\n", d->mean, cl,
	       interval(i1, sizeof(i1), d->mean_ci_lo, d->mean_ci_hi));
	printf("  median    %-12.6g %g%% CI %s", d->median, cl,
	       interval(i1, sizeof(i1), d->median_ci_lo, d->median_ci_hi));
	if (!isnan(d->median_ci_level))
		printf(" (order statistics, %.1f%%)", d->median_ci_level * 100);
	printf("\n            bootstrap (%zu, seed %lu): percentile %s, BCa %s\n",
	       b->resamples, b->seed,
	       interval(i1, sizeof(i1), b->pct_lo, b->pct_hi),
	       interval(i2, sizeof(i2), b->bca_lo, b->bca_hi));
	printf("  sd        %-12.6g variance %.6g, cv %.3g%%, MAD %.6g\n",
	       d->sd, d->variance, d->cv * 100, d->mad);
	printf("  range     %.6g .. %.6g, mode %.6g (binned)\n", d->min, d->max,
	       d->mode);
	printf("  quantiles p25 %.6g  p50 %.6g  p75 %.6g  p90 %.6g  p95 %.6g  "
	       "p99 %.6g\n", d->p25, d->p50, d->p75, d->p90, d->p95, d->p99);
	printf("  shape     skewness %.4g, excess kurtosis %.4g\n", d->skewness,
	       d->kurtosis);
	if (isnan(d->sw_p))
		printf("  normality not testable (Shapiro-Wilk needs 3 to 5000 "
		       "values that are not all equal)\n");
	else
		printf("  normality Shapiro-Wilk W %.4g, p %.4g: %s\n", d->sw_w,
		       d->sw_p, d->normal ? "consistent with normal" : "not normal");
	printf("  outliers  Tukey %zu mild, %zu severe; modified z-score %zu\n",
	       d->tukey_mild, d->tukey_severe, d->mz_outliers);
	if (o->trim)
		printf("  trimmed   %zu outlier%s left out: mean %.6g, median %.6g, "
		       "sd %.6g, %g%% CI %s (t)\n", d->n_valid - ds->trim.n_valid,
		       d->n_valid - ds->trim.n_valid == 1 ? "" : "s",
		       ds->trim.mean, ds->trim.median, ds->trim.sd, cl,
		       interval(i1, sizeof(i1), ds->trim.mean_ci_lo,
				ds->trim.mean_ci_hi));
}

static const char *verdict(const struct pace_twosample *t,
			   const struct stats_opts *o)
{
	if (isnan(t->welch_p))
		return "too few values to compare";
	if (t->welch_p < o->alpha)
		return fabs(t->diff) >= t->threshold
			       ? "difference, larger than the practical threshold"
			       : "difference, but smaller than the practical threshold";
	if (!(t->power >= 0.8))
		return "no difference shown, but too few runs to detect the "
		       "practical threshold (power < 0.8)";
	return "no difference shown";
}

static void print_compare(const struct dataset *a, const struct dataset *b,
			  const struct pace_twosample *t,
			  const struct pace_boot_ci *r, const struct stats_opts *o)
{
	double cl = o->confidence * 100;
	char i1[64], i2[64];

	printf("\n%s vs %s (baseline)\n", b->name, a->name);
	printf("  difference   %+.6g (%+.3g%%), %g%% CI %s\n", t->diff,
	       t->diff / a->d.mean * 100, cl,
	       interval(i1, sizeof(i1), t->diff_ci_lo, t->diff_ci_hi));
	printf("  ratio        %.6g, bootstrap %g%% CI percentile %s, BCa %s\n",
	       r->estimate, cl, interval(i1, sizeof(i1), r->pct_lo, r->pct_hi),
	       interval(i2, sizeof(i2), r->bca_lo, r->bca_hi));
	printf("  Welch t      t %.4g, df %.4g, p %.4g\n", t->welch_t,
	       t->welch_df, t->welch_p);
	printf("  Mann-Whitney U %.6g, p %.4g (%s)\n", t->mw_u, t->mw_p,
	       t->mw_exact ? "exact" : "normal approximation");
	printf("  effect size  Cohen's d %.4g, Hedges' g %.4g\n", t->cohen_d,
	       t->hedges_g);
	printf("  power        %.3g to detect %.6g (%g%% of the baseline mean) "
	       "at alpha %g\n", t->power, t->threshold, o->threshold * 100,
	       o->alpha);
	printf("  verdict      %s\n", verdict(t, o));
}

/* ---- JSON ------------------------------------------------------------- */

static json_t *boot_json(const struct pace_boot_ci *b)
{
	return json_pack("{s:o, s:[o,o], s:[o,o], s:I, s:I}", "estimate",
			 pace_json_num(b->estimate), "percentile", pace_json_num(b->pct_lo),
			 pace_json_num(b->pct_hi), "bca", pace_json_num(b->bca_lo), pace_json_num(b->bca_hi),
			 "resamples", (json_int_t)b->resamples, "seed",
			 (json_int_t)b->seed);
}

/* --outlier-detection: the figures without Tukey outliers, labelled. */
static json_t *trimmed_json(const struct dataset *ds)
{
	const struct pace_describe *t = &ds->trim;

	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			 "removed", (json_int_t)(ds->d.n_valid - t->n_valid),
			 "n_valid", (json_int_t)t->n_valid, "mean", pace_json_num(t->mean),
			 "median", pace_json_num(t->median), "sd", pace_json_num(t->sd),
			 "min", pace_json_num(t->min), "max", pace_json_num(t->max),
			 "mean_ci_lo", pace_json_num(t->mean_ci_lo),
			 "mean_ci_hi", pace_json_num(t->mean_ci_hi),
			 "median_ci_lo", pace_json_num(t->median_ci_lo),
			 "median_ci_hi", pace_json_num(t->median_ci_hi));
}

static json_t *describe_json(const struct dataset *ds, bool trim)
{
	const struct pace_describe *d = &ds->d;
	json_t *j = json_pack("{s:s, s:I, s:I, s:b}", "name", ds->name, "n",
			      (json_int_t)d->n, "n_valid", (json_int_t)d->n_valid,
			      "normal", d->normal);
	const struct { const char *k; double v; } f[] = {
		{"mean", d->mean}, {"median", d->median}, {"mode", d->mode},
		{"sd", d->sd}, {"variance", d->variance}, {"min", d->min},
		{"max", d->max}, {"p25", d->p25}, {"p50", d->p50},
		{"p75", d->p75}, {"p90", d->p90}, {"p95", d->p95},
		{"p99", d->p99}, {"skewness", d->skewness},
		{"kurtosis", d->kurtosis}, {"cv", d->cv}, {"mad", d->mad},
		{"sw_w", d->sw_w}, {"sw_p", d->sw_p},
		{"mean_ci_lo", d->mean_ci_lo}, {"mean_ci_hi", d->mean_ci_hi},
		{"median_ci_lo", d->median_ci_lo},
		{"median_ci_hi", d->median_ci_hi},
		{"median_ci_level", d->median_ci_level},
	};

	for (size_t i = 0; i < PACE_ARRAY_SIZE(f); i++)
		json_object_set_new(j, f[i].k, pace_json_num(f[i].v));
	json_object_set_new(j, "tukey_mild", json_integer((json_int_t)d->tukey_mild));
	json_object_set_new(j, "tukey_severe", json_integer((json_int_t)d->tukey_severe));
	json_object_set_new(j, "mz_outliers", json_integer((json_int_t)d->mz_outliers));
	json_object_set_new(j, "median_bootstrap", boot_json(&ds->median));
	json_object_set_new(j, "trimmed", trim ? trimmed_json(ds) : json_null());
	return j;
}

static json_t *compare_json(const struct dataset *a, const struct dataset *b,
			    const struct pace_twosample *t,
			    const struct pace_boot_ci *r)
{
	json_t *j = json_pack("{s:s, s:s, s:b}", "baseline", a->name, "other",
			      b->name, "mw_exact", t->mw_exact);
	const struct { const char *k; double v; } f[] = {
		{"diff", t->diff}, {"welch_t", t->welch_t},
		{"welch_df", t->welch_df}, {"welch_p", t->welch_p},
		{"diff_ci_lo", t->diff_ci_lo}, {"diff_ci_hi", t->diff_ci_hi},
		{"mw_u", t->mw_u}, {"mw_z", t->mw_z}, {"mw_p", t->mw_p},
		{"cohen_d", t->cohen_d}, {"hedges_g", t->hedges_g},
		{"threshold", t->threshold}, {"power", t->power},
	};

	for (size_t i = 0; i < PACE_ARRAY_SIZE(f); i++)
		json_object_set_new(j, f[i].k, pace_json_num(f[i].v));
	json_object_set_new(j, "ratio_bootstrap", boot_json(r));
	return j;
}

/* ---- command ---------------------------------------------------------- */

static int parse_level(const char *flag, const char *s, double *out)
{
	if (!pace_stats_parse_number(s, out) || !(*out > 0.0 && *out < 1.0))
		return pace_cli_error("stats: %s wants a number between 0 and 1, "
				      "not '%s'", flag, s);
	return 0;
}

static int on_option(void *data, int id, const char *arg)
{
	struct stats_opts *o = data;

	switch (id) {
	case 'j': o->json = true; break;
	case ST_TRIM: o->trim = true; break;
	case ST_ALPHA: return parse_level("--alpha", arg, &o->alpha);
	case ST_CONFIDENCE: return parse_level("--confidence", arg, &o->confidence);
	case ST_THRESHOLD: return parse_level("--threshold", arg, &o->threshold);
	case ST_BOOTSTRAP:
		if (pace_parse_uint(arg, &o->resamples) || o->resamples < 2 ||
		    o->resamples > 100000000)
			return pace_cli_error("stats: --bootstrap wants a count "
					      "from 2 to 1e8, not '%s'", arg);
		break;
	case ST_SEED:
		if (pace_parse_uint(arg, &o->seed))
			return pace_cli_error("stats: --seed wants a non-negative "
					      "integer, not '%s'", arg);
		break;
	}
	return 0;
}

static int parse_opts(struct stats_opts *o, struct pace_opt_state *st, int argc,
		      char **argv)
{
	int rc;

	st->cb = on_option;
	st->data = o;
	if ((rc = pace_opt_parse(st, &cmd_stats_spec, argc, argv)) != 0)
		return rc;
	if (!st->nargs)
		return pace_cli_error("stats: no input file (see 'pace stats --help')");
	return 0;
}

/* Compares every later data set with the first; prints or collects. */
static void compare_all(struct datasets *ds, const struct stats_opts *o,
			json_t *jcmp)
{
	for (size_t i = 1; i < ds->n; i++) {
		const struct dataset *a = &ds->v[0], *b = &ds->v[i];
		struct pace_twosample t;
		struct pace_boot_ci r;

		pace_stats_twosample(&t, a->x, a->n, b->x, b->n, o->confidence,
				     o->alpha, o->threshold);
		pace_stats_boot_ratio(&r, a->x, a->n, b->x, b->n, o->confidence,
				      o->resamples, o->seed);
		if (jcmp)
			json_array_append_new(jcmp, compare_json(a, b, &t, &r));
		else
			print_compare(a, b, &t, &r, o);
	}
}

static void report(struct datasets *ds, const struct stats_opts *o)
{
	json_t *root = NULL, *jsets = NULL, *jcmp = NULL;

	if (o->json) {
		root = json_pack("{s:f, s:f, s:f, s:I, s:I}", "alpha", o->alpha,
				 "confidence", o->confidence, "threshold",
				 o->threshold, "bootstrap", (json_int_t)o->resamples,
				 "seed", (json_int_t)o->seed);
		jsets = json_array();
		jcmp = json_array();
	}
	for (size_t i = 0; i < ds->n; i++) {
		struct dataset *d = &ds->v[i];
		pace_stats_describe(&d->d, d->x, d->n, o->confidence, o->alpha);
		pace_stats_boot_median(&d->median, d->x, d->n, o->confidence,
				       o->resamples, o->seed);
		pace_stats_describe_trimmed(&d->trim, d->x, d->n, o->confidence,
					    o->alpha);
		if (jsets) {
			json_array_append_new(jsets, describe_json(d, o->trim));
		} else {
			if (i > 0)
				putchar('\n');
			print_describe(d, o);
		}
	}
	compare_all(ds, o, jcmp);
	if (root) {
		json_object_set_new(root, "datasets", jsets);
		json_object_set_new(root, "comparisons", jcmp);
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
		putchar('\n');
		json_decref(root);
	}
}

int cmd_stats(int argc, char **argv)
{
	struct stats_opts o = { false, 0.05, 0.95, 0.02, 10000, 1, false };
	struct datasets ds = { NULL, 0, 0 };
	struct pace_opt_state st = {0};
	int rc = parse_opts(&o, &st, argc, argv);

	if (rc)
		return rc < 0 ? 0 : rc;
	for (size_t i = 0; i < st.nargs && rc == 0; i++)
		rc = load_file(&ds, st.args[i]);
	for (size_t i = 0; i < ds.n && rc == 0; i++)
		if (ds.v[i].n == 0)
			rc = pace_cli_error("%s: no numbers", ds.v[i].name);
	if (rc == 0)
		report(&ds, &o);
	datasets_release(&ds);
	return rc;
}
