/*
 * report_stats.c - issue 3's statistics as JSON, shared by raw/<test>.json
 * and results.json: for a result, every metric (wall, user, sys, memory,
 * io) in seed 001's PerformanceStats shape, the figures without outliers
 * when analysis.outlierDetection asked for them ("trimmed", never instead
 * of the full figures), and seed 001's quality; for a comparison, seed
 * 001's ComparisonMetrics.  docs/output-format.md documents each field and
 * docs/statistics.md each definition.  Names inside these objects are
 * seed 001's (camelCase); NaN and infinities are null, as everywhere.
 */
#include <math.h>

#include <gsl/gsl_sort.h>

#include "report/report_priv.h"
#include "stats/stats.h"

#define SET(o, k, v) json_object_set_new((o), (k), (v))

static const char *const metric_names[PACE_NMETRICS] = {
	[PACE_METRIC_WALL] = "wall", [PACE_METRIC_USER] = "user",
	[PACE_METRIC_SYS] = "sys", [PACE_METRIC_RSS] = "memory",
	[PACE_METRIC_IO] = "io", [PACE_METRIC_INSTRUCTIONS] = "instructions",
};

static json_t *num_pair(double lo, double hi)
{
	return json_pack("[o, o]", pace_json_num(lo),
			 pace_json_num(hi));
}

/* Seed 001's outliers: number[]: the values beyond the Tukey 1.5 IQR
 * fences (mild and severe), ascending. */
static json_t *outlier_values(const struct pace_result *r, enum pace_metric m,
			      const struct pace_describe *d)
{
	double *v = pace_xmalloc((r->nsamples ? r->nsamples : 1) * sizeof(*v));
	size_t n = pace_stats_metric_values(v, r, m);
	double iqr = d->p75 - d->p25;
	json_t *a = json_array();

	gsl_sort(v, 1, n);
	for (size_t i = 0; i < n && d->tukey_mild + d->tukey_severe; i++)
		if (isfinite(v[i]) && fmax(d->p25 - v[i], v[i] - d->p75) > 1.5 * iqr)
			json_array_append_new(a, pace_json_num(v[i]));
	free(v);
	return a;
}

static json_t *intervals_json(const struct pace_describe *d, double level)
{
	return json_pack("{s:{s:o, s:o, s:o, s:s}, s:{s:o, s:o, s:o, s:s}}",
		"mean", "lo", pace_json_num(d->mean_ci_lo),
		"hi", pace_json_num(d->mean_ci_hi),
		"level", pace_json_num(level), "method", "t",
		"median", "lo", pace_json_num(d->median_ci_lo),
		"hi", pace_json_num(d->median_ci_hi),
		"level", pace_json_num(d->median_ci_level),
		"method", "order statistics");
}

/* The figures without outliers, labelled as such. */
static json_t *trimmed_json(const struct pace_describe *all,
			    const struct pace_describe *t, double level)
{
	json_t *o = json_object();

	SET(o, "removed", json_integer((json_int_t)(all->n_valid - t->n_valid)));
	SET(o, "sampleSize", json_integer((json_int_t)t->n_valid));
	SET(o, "mean", pace_json_num(t->mean));
	SET(o, "median", pace_json_num(t->median));
	SET(o, "stdDev", pace_json_num(t->sd));
	SET(o, "variance", pace_json_num(t->variance));
	SET(o, "min", pace_json_num(t->min));
	SET(o, "max", pace_json_num(t->max));
	SET(o, "cv", pace_json_num(t->cv));
	SET(o, "confidenceIntervals", intervals_json(t, level));
	return o;
}

static json_t *perf_stats_json(const struct pace_result *r, enum pace_metric m,
			       double level)
{
	const struct pace_describe *d = &r->stats[m];
	json_t *o = json_object();

	SET(o, "mean", pace_json_num(d->mean));
	SET(o, "median", pace_json_num(d->median));
	SET(o, "mode", pace_json_num(d->mode));
	SET(o, "stdDev", pace_json_num(d->sd));
	SET(o, "variance", pace_json_num(d->variance));
	SET(o, "range", num_pair(d->min, d->max));
	SET(o, "min", pace_json_num(d->min));
	SET(o, "max", pace_json_num(d->max));
	SET(o, "percentiles", json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}",
		"p25", pace_json_num(d->p25),
		"p50", pace_json_num(d->p50),
		"p75", pace_json_num(d->p75),
		"p90", pace_json_num(d->p90),
		"p95", pace_json_num(d->p95),
		"p99", pace_json_num(d->p99)));
	SET(o, "sampleSize", json_integer((json_int_t)r->nsamples));
	SET(o, "validSamples", json_integer((json_int_t)d->n_valid));
	SET(o, "outliers", outlier_values(r, m, d));
	SET(o, "outlierCounts", json_pack("{s:I, s:I, s:I}",
		"tukeyMild", (json_int_t)d->tukey_mild,
		"tukeySevere", (json_int_t)d->tukey_severe,
		"modifiedZ", (json_int_t)d->mz_outliers));
	SET(o, "distribution", json_pack("{s:o, s:o, s:b, s:o, s:o}",
		"skewness", pace_json_num(d->skewness),
		"kurtosis", pace_json_num(d->kurtosis),
		"normality", d->normal,
		"shapiroW", pace_json_num(d->sw_w),
		"shapiroP", pace_json_num(d->sw_p)));
	SET(o, "cv", pace_json_num(d->cv));
	SET(o, "mad", pace_json_num(d->mad));
	SET(o, "confidenceIntervals", intervals_json(d, level));
	SET(o, "trimmed", r->trimmed ? trimmed_json(d, &r->trim[m], level)
				     : json_null());
	return o;
}

json_t *pace_report_json_result_stats(const struct pace_result *r,
				      double level)
{
	json_t *o = json_object();

	for (int m = 0; m < PACE_NMETRICS; m++) {
		/* only where counted: --measure instructions */
		if (m == PACE_METRIC_INSTRUCTIONS &&
		    r->measure != PACE_MEASURE_INSTRUCTIONS)
			continue;
		SET(o, metric_names[m],
		    perf_stats_json(r, (enum pace_metric)m, level));
	}
	return o;
}

json_t *pace_report_json_quality(const struct pace_result *r)
{
	const struct pace_describe *w = &r->stats[PACE_METRIC_WALL];

	return json_pack("{s:o, s:o, s:I}",
		"success_rate", pace_json_num(r->success_rate),
		"cv", pace_json_num(w->cv),
		"outliers", (json_int_t)(w->tukey_mild + w->tukey_severe));
}

json_t *pace_report_json_comparison_metrics(const struct pace_comparison *c)
{
	const struct pace_twosample *t = &c->test;
	double fmean = c->faster->wall.mean;
	bool winner = c->significant;

	return json_pack(
		"{s:o, s:o, s:o, s:{s:b, s:o, s:o, s:o, s:o}, "
		"s:{s:o, s:o, s:o, s:b}, s:o, s:o}",
		"speedupFactor", pace_json_num(c->ratio),
		"memoryRatio", pace_json_num(c->memory_ratio),
		"ioEfficiency", pace_json_num(c->io_efficiency),
		"statistical",
		"significant", c->significant,
		"pValue", pace_json_num(t->welch_p),
		"confidenceInterval", num_pair(t->diff_ci_lo, t->diff_ci_hi),
		"effectSize", pace_json_num(t->cohen_d),
		"power", pace_json_num(t->power),
		"practical",
		"absoluteDifference", pace_json_num(t->diff),
		"relativeDifference",
		pace_json_num(fmean > 0 ? t->diff / fmean * 100.0 : NAN),
		"threshold", pace_json_num(c->threshold * 100.0),
		"meaningful", c->meaningful,
		"winner", winner ? json_string(pace_report_variant_label(c->faster))
				 : json_null(),
		"confidence", pace_json_num(c->winner_confidence));
}
