/*
 * stats.c - the first statistics of pace: a descriptive summary of one
 * metric (mean, sd, median, quartiles, the mean's t interval, Tukey
 * outliers) and the relative speed of two variants (ratio, its propagated
 * sd, a delta-method interval and Welch's t test).
 *
 * GSL does the numerical work (sorting, moments, type-7 quantiles, the t
 * distribution); this file only decides which figures to compute and what
 * they mean at the edges: no data gives NaN, one value gives sd 0 and no
 * interval, constant data gives a zero-width interval.  Every figure is
 * checked against SciPy in tests/unit/test_stats.c (values made by
 * tests/ref/stats_ref.py).
 *
 * It also fills a result's statistics from its samples (every metric of
 * model.h's enum pace_metric described in full, optionally without
 * outliers, and the success rate) and completes a comparison with the
 * figures read off both results: memory ratio, I/O efficiency and the
 * confidence that the winner is the winner (model.h defines them).
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "stats/stats.h"

/* Two-sided critical value of Student's t for `confidence` and df; NaN
 * for a level outside (0, 1), which then shows as "no interval". */
static double t_critical(double confidence, double df)
{
	if (!(confidence > 0.0 && confidence < 1.0))
		return NAN;
	return gsl_cdf_tdist_Pinv(1.0 - (1.0 - confidence) / 2.0, df);
}

static void summary_nan(struct pace_summary *out, size_t n)
{
	out->n = n;
	out->mean = out->sd = out->median = out->min = out->max = NAN;
	out->q1 = out->q3 = out->ci_lo = out->ci_hi = NAN;
	out->outliers_mild = out->outliers_severe = 0;
}

/* Tukey's fences on sorted data: beyond 1.5 IQR is an outlier, beyond 3
 * IQR a severe one; a severe outlier is not also counted as mild. */
static void count_outliers(struct pace_summary *out, const double *s,
			   size_t n)
{
	double iqr = out->q3 - out->q1;

	out->outliers_mild = out->outliers_severe = 0;
	for (size_t i = 0; i < n; i++) {
		double below = out->q1 - s[i], above = s[i] - out->q3;
		double beyond = below > above ? below : above;
		if (beyond > 3.0 * iqr)
			out->outliers_severe++;
		else if (beyond > 1.5 * iqr)
			out->outliers_mild++;
	}
}

void pace_stats_summary(struct pace_summary *out, const double *x, size_t n,
			double confidence)
{
	double *s;

	if (n == 0) {
		summary_nan(out, 0);
		return;
	}
	s = pace_xmalloc(n * sizeof(*s));
	memcpy(s, x, n * sizeof(*s));
	gsl_sort(s, 1, n);

	out->n = n;
	out->mean = gsl_stats_mean(s, 1, n);
	out->sd = n > 1 ? gsl_stats_sd_m(s, 1, n, out->mean) : 0.0;
	out->min = s[0];
	out->max = s[n - 1];
	out->median = gsl_stats_quantile_from_sorted_data(s, 1, n, 0.5);
	out->q1 = gsl_stats_quantile_from_sorted_data(s, 1, n, 0.25);
	out->q3 = gsl_stats_quantile_from_sorted_data(s, 1, n, 0.75);
	if (n > 1) {
		double half = t_critical(confidence, (double)(n - 1)) *
			      out->sd / sqrt((double)n);
		out->ci_lo = out->mean - half;
		out->ci_hi = out->mean + half;
	} else {
		out->ci_lo = out->ci_hi = NAN;
	}
	count_outliers(out, s, n);
	free(s);
}

/* ---- results ---------------------------------------------------------- */

/* Seconds per operation of a time measured over s->iterations operations
 * (one for a command run), or -1 when the time is unknown. */
static double per_op_s(int64_t ns, const struct pace_sample *s)
{
	if (ns < 0)
		return -1.0;
	return (double)ns / 1e9 / (double)(s->iterations > 1 ? s->iterations : 1);
}

/* A metric of one sample in the unit reports use (model.h, enum
 * pace_metric), or a negative value when the probe could not read it. */
static double sample_metric(const struct pace_sample *s, enum pace_metric m)
{
	switch (m) {
	case PACE_METRIC_WALL: return per_op_s(s->wall_ns, s);
	case PACE_METRIC_USER: return per_op_s(s->user_ns, s);
	case PACE_METRIC_SYS: return per_op_s(s->sys_ns, s);
	case PACE_METRIC_RSS: return (double)s->max_rss;
	case PACE_METRIC_IO:
		return s->rchar < 0 || s->wchar < 0 ? -1.0
						    : (double)s->rchar + (double)s->wchar;
	case PACE_METRIC_INSTRUCTIONS:
		return s->instructions < 0 ? -1.0 : (double)s->instructions;
	case PACE_NMETRICS: break;
	}
	return -1.0;
}

enum pace_metric pace_stats_primary(const struct pace_result *r)
{
	return r->measure == PACE_MEASURE_INSTRUCTIONS ? PACE_METRIC_INSTRUCTIONS
						       : PACE_METRIC_WALL;
}

double pace_stats_sample_primary(const struct pace_sample *s,
				 enum pace_measure m)
{
	return sample_metric(s, m == PACE_MEASURE_INSTRUCTIONS
					? PACE_METRIC_INSTRUCTIONS
					: PACE_METRIC_WALL);
}

void pace_stats_primary_summary(struct pace_summary *out,
				const struct pace_result *r)
{
	const struct pace_describe *d = &r->stats[PACE_METRIC_INSTRUCTIONS];

	if (r->measure != PACE_MEASURE_INSTRUCTIONS) {
		*out = r->wall;
		return;
	}
	*out = (struct pace_summary){
		.n = d->n_valid, .mean = d->mean, .sd = d->sd,
		.median = d->median, .min = d->min, .max = d->max,
		.q1 = d->p25, .q3 = d->p75, .ci_lo = d->mean_ci_lo,
		.ci_hi = d->mean_ci_hi, .outliers_mild = d->tukey_mild,
		.outliers_severe = d->tukey_severe,
	};
}

/* model.h, enum pace_resource: one sample's figure, < 0 unknown. */
static double resource_of(const struct pace_sample *s, enum pace_resource k)
{
	switch (k) {
	case PACE_RES_CPU_PERCENT:
		return s->user_ns < 0 || s->sys_ns < 0 || s->wall_ns <= 0 ? -1.0
			: (double)(s->user_ns + s->sys_ns) * 100.0 / (double)s->wall_ns;
	case PACE_RES_FAULTS:
		return s->minflt < 0 || s->majflt < 0 ? -1.0
						      : (double)(s->minflt + s->majflt);
	case PACE_RES_CTXSW:
		return s->nvcsw < 0 || s->nivcsw < 0 ? -1.0
						     : (double)(s->nvcsw + s->nivcsw);
	case PACE_RES_IO_OPS:
		return s->syscr < 0 || s->syscw < 0 ? -1.0
						    : (double)(s->syscr + s->syscw);
	case PACE_NRES: break;
	}
	return -1.0;
}

size_t pace_stats_metric_values(double *buf, const struct pace_result *r,
				enum pace_metric m)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nsamples; i++) {
		const struct pace_sample *s = &r->samples[i];
		double v;
		if (s->fail != PACE_FAIL_NONE)
			continue;
		v = sample_metric(s, m);
		if (v >= 0)
			buf[n++] = v;
	}
	return n;
}

void pace_stats_summarize_result(struct pace_result *r, double confidence)
{
	pace_stats_summarize_result_alpha(r, confidence, 1.0 - confidence);
}

void pace_stats_summarize_result_alpha(struct pace_result *r,
				       double confidence, double alpha)
{
	pace_stats_summarize_result_trim(r, confidence, alpha, false);
}

void pace_stats_summarize_result_trim(struct pace_result *r, double confidence,
				      double alpha, bool trim)
{
	struct pace_summary *shortform[PACE_NMETRICS] = {
		&r->wall, &r->user, &r->sys, &r->rss, NULL, NULL,
	};
	double *buf = pace_xmalloc((r->nsamples ? r->nsamples : 1) *
				   sizeof(*buf));
	size_t counted = 0;

	r->trimmed = trim;
	r->confidence = confidence;
	for (int m = 0; m < PACE_NMETRICS; m++) {
		size_t n = pace_stats_metric_values(buf, r, (enum pace_metric)m);
		if (shortform[m])
			pace_stats_summary(shortform[m], buf, n, confidence);
		pace_stats_describe(&r->stats[m], buf, n, confidence, alpha);
		if (trim)
			pace_stats_describe_trimmed(&r->trim[m], buf, n,
						    confidence, alpha);
		else
			pace_stats_describe(&r->trim[m], NULL, 0, confidence,
					    alpha);
	}
	r->wall_stats = r->stats[PACE_METRIC_WALL];
	for (int k = 0; k < PACE_NPERF; k++) {
		size_t n = 0;
		for (size_t i = 0; i < r->nsamples; i++) {
			const struct pace_sample *s = &r->samples[i];
			if (s->fail == PACE_FAIL_NONE && s->perf_set && s->perf[k] >= 0)
				buf[n++] = (double)s->perf[k];
		}
		pace_stats_summary(&r->perf[k], buf, n, confidence);
	}
	for (int k = 0; k < PACE_NRES; k++) {
		size_t n = 0;
		for (size_t i = 0; i < r->nsamples; i++) {
			double v = resource_of(&r->samples[i], (enum pace_resource)k);
			if (r->samples[i].fail == PACE_FAIL_NONE && v >= 0)
				buf[n++] = v;
		}
		pace_stats_summary(&r->resources[k], buf, n, confidence);
	}
	for (int k = 0; k < 2; k++) {
		size_t n = 0;
		for (size_t i = 0; i < r->nsamples; i++) {
			const struct pace_sample *s = &r->samples[i];
			if (s->fail == PACE_FAIL_NONE && s->disk_set)
				buf[n++] = (double)(k ? s->disk_inodes_delta
						      : s->disk_bytes_delta);
		}
		pace_stats_summary(k ? &r->disk_inodes : &r->disk_bytes, buf, n,
				   confidence);
	}
	free(buf);
	if (r->timeseries)
		pace_stats_timeseries(r->timeseries);

	r->peak_rss = -1;
	for (size_t i = 0; i < r->nsamples; i++) {
		const struct pace_sample *s = &r->samples[i];
		counted += s->fail == PACE_FAIL_NONE;
		if (s->fail == PACE_FAIL_NONE && s->max_rss > r->peak_rss)
			r->peak_rss = s->max_rss;
	}
	r->success_rate = r->nsamples ? (double)counted / (double)r->nsamples
				      : NAN;
}

/* mean, max and p95 (type 7) of the finite values of x[0..n). */
static void aggregate(const double *x, size_t n, double *mean, double *max,
		      double *p95)
{
	double *v = pace_xmalloc((n ? n : 1) * sizeof(*v));
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (isfinite(x[i]))
			v[k++] = x[i];
	*mean = *max = *p95 = NAN;
	if (k) {
		gsl_sort(v, 1, k);
		*mean = gsl_stats_mean(v, 1, k);
		*max = v[k - 1];
		*p95 = gsl_stats_quantile_from_sorted_data(v, 1, k, 0.95);
	}
	free(v);
}

void pace_stats_timeseries(struct pace_timeseries *ts)
{
	aggregate(ts->cpu, ts->n, &ts->cpu_mean, &ts->cpu_max, &ts->cpu_p95);
	aggregate(ts->rss, ts->n, &ts->rss_mean, &ts->rss_max, &ts->rss_p95);
}

/* ---- comparisons ------------------------------------------------------ */

/* Welch-Satterthwaite degrees of freedom for a sum of two variance
 * components va, vb estimated with na - 1 and nb - 1 df. */
static double welch_df(double va, size_t na, double vb, size_t nb)
{
	return (va + vb) * (va + vb) /
	       (va * va / (double)(na - 1) + vb * vb / (double)(nb - 1));
}

/* Welch's t test p-value (two-sided) for the difference of two means. */
static double welch_p(const struct pace_summary *a,
		      const struct pace_summary *b)
{
	double va, vb, t;

	if (a->n < 2 || b->n < 2)
		return NAN;
	va = a->sd * a->sd / (double)a->n;
	vb = b->sd * b->sd / (double)b->n;
	if (va + vb == 0.0)
		return a->mean == b->mean ? 1.0 : 0.0;
	t = fabs(a->mean - b->mean) / sqrt(va + vb);
	return 2.0 * gsl_cdf_tdist_Q(t, welch_df(va, a->n, vb, b->n));
}

/* Interval of ratio = s/f by the delta method: the relative standard
 * errors of the two means add in quadrature, each with n - 1 df. */
static void ratio_ci(struct pace_comparison *out,
		     const struct pace_summary *f,
		     const struct pace_summary *s, double confidence)
{
	double uf, us, se, half;

	out->ci_lo = out->ci_hi = NAN;
	if (f->n < 2 || s->n < 2)
		return;
	uf = f->sd / sqrt((double)f->n) / f->mean;
	us = s->sd / sqrt((double)s->n) / s->mean;
	uf *= uf;
	us *= us;
	if (uf + us == 0.0) {
		out->ci_lo = out->ci_hi = out->ratio;
		return;
	}
	se = out->ratio * sqrt(uf + us);
	half = t_critical(confidence, welch_df(uf, f->n, us, s->n)) * se;
	out->ci_lo = out->ratio - half;
	out->ci_hi = out->ratio + half;
}

/* The primary figures (wall seconds per operation, or instructions) of
 * r's counted samples; *n how many. */
static double *primary_values(const struct pace_result *r, size_t *n)
{
	double *v = pace_xmalloc((r->nsamples ? r->nsamples : 1) * sizeof(*v));

	*n = pace_stats_metric_values(v, r, pace_stats_primary(r));
	return v;
}

/* model.h, pace_comparison.io_efficiency: bytes per run slower / faster. */
static double io_efficiency(const struct pace_result *faster,
			    const struct pace_result *slower)
{
	const struct pace_describe *f = &faster->stats[PACE_METRIC_IO];
	const struct pace_describe *s = &slower->stats[PACE_METRIC_IO];

	if (f->n_valid == 0 || s->n_valid == 0)
		return NAN;
	if (f->mean == 0.0)
		return s->mean == 0.0 ? 1.0 : NAN;
	return s->mean / f->mean;
}

/* The sample-based part of a comparison: tests, bootstrap, verdicts. */
static void compare_samples(struct pace_comparison *out,
			    const struct pace_stats_opts *o)
{
	size_t nf, ns;
	double *f = primary_values(out->faster, &nf);
	double *s = primary_values(out->slower, &ns);

	out->alpha = o->alpha;
	out->confidence = o->confidence;
	out->threshold = o->threshold;
	pace_stats_twosample(&out->test, f, nf, s, ns, o->confidence,
			     o->alpha, o->threshold);
	pace_stats_boot_ratio(&out->speedup, f, nf, s, ns, o->confidence,
			      o->resamples, o->seed);
	out->significant = out->test.welch_p < o->alpha;
	out->memory_ratio = NAN;
	if (out->faster->rss.n > 0 && out->slower->rss.n > 0 &&
	    out->faster->rss.mean > 0.0)
		out->memory_ratio = out->slower->rss.mean / out->faster->rss.mean;
	out->meaningful = out->significant &&
			  out->speedup.estimate - 1.0 >= o->threshold;
	out->io_efficiency = io_efficiency(out->faster, out->slower);
	out->winner_confidence = isnan(out->test.welch_p)
					 ? NAN : 1.0 - out->test.welch_p / 2.0;
	free(f);
	free(s);
}

void pace_stats_compare(struct pace_comparison *out,
			const struct pace_result *a,
			const struct pace_result *b, double confidence)
{
	struct pace_stats_opts o = PACE_STATS_OPTS_INIT;

	o.confidence = confidence;
	o.alpha = 1.0 - confidence;
	pace_stats_compare_opts(out, a, b, &o);
}

void pace_stats_compare_opts(struct pace_comparison *out,
			     const struct pace_result *a,
			     const struct pace_result *b,
			     const struct pace_stats_opts *o)
{
	struct pace_summary pa, pb, sf, ss;
	const struct pace_summary *f = &sf, *s = &ss;
	double rf, rs, confidence = o->confidence;

	pace_stats_primary_summary(&pa, a);
	pace_stats_primary_summary(&pb, b);
	if (pb.n > 0 && (pa.n == 0 || pb.mean < pa.mean)) {
		out->faster = b;
		out->slower = a;
		sf = pb;
		ss = pa;
	} else {
		out->faster = a;
		out->slower = b;
		sf = pa;
		ss = pb;
	}
	out->ratio = out->ratio_sd = out->ci_lo = out->ci_hi = NAN;
	out->p_value = NAN;
	compare_samples(out, o);
	if (f->n == 0 || s->n == 0 || !(f->mean > 0.0))
		return;

	out->ratio = s->mean / f->mean;
	rf = f->sd / f->mean;
	rs = s->sd / s->mean;
	out->ratio_sd = out->ratio * sqrt(rf * rf + rs * rs);
	ratio_ci(out, f, s, confidence);
	out->p_value = welch_p(f, s);
}

void pace_stats_geomean(const double *logs, size_t k, double confidence,
			double *g, double *lo, double *hi)
{
	double m, half;

	*g = *lo = *hi = NAN;
	if (k == 0)
		return;
	m = gsl_stats_mean(logs, 1, k);
	*g = exp(m);
	if (k < 2)
		return;
	half = t_critical(confidence, (double)(k - 1)) *
	       gsl_stats_sd_m(logs, 1, k, m) / sqrt((double)k);
	*lo = exp(m - half);
	*hi = exp(m + half);
}
