/*
 * describe.c - the full description of one metric: moments, type-7
 * quantiles, the mode of a binned distribution, MAD, Shapiro-Wilk, Tukey
 * and modified z-score outliers, and the intervals of the mean (t) and of
 * the median (order statistics).  stats.h documents every convention and
 * every degenerate case; GSL does the sorting, moments, quantiles,
 * histogram and distributions.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_histogram.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "stats/internal.h"
#include "stats/stats.h"

static void describe_nan(struct pace_describe *o, size_t n)
{
	memset(o, 0, sizeof(*o));
	o->n = n;
	o->mean = o->median = o->sd = o->variance = o->min = o->max = NAN;
	o->mode = o->p25 = o->p50 = o->p75 = o->p90 = o->p95 = o->p99 = NAN;
	o->skewness = o->kurtosis = o->cv = o->mad = NAN;
	o->sw_w = o->sw_p = NAN;
	o->mean_ci_lo = o->mean_ci_hi = NAN;
	o->median_ci_lo = o->median_ci_hi = o->median_ci_level = NAN;
}

/* G1 and G2 from the population moments: GSL's skew/kurtosis with the
 * population sd give g1 and g2, which are then bias-adjusted. */
static void shape(struct pace_describe *o, const double *s, size_t n)
{
	double nd = (double)n, psd, g1, g2;

	o->skewness = o->kurtosis = NAN;
	if (n < 3 || !(o->sd > 0.0))
		return;
	psd = gsl_stats_sd_with_fixed_mean(s, 1, n, o->mean);
	g1 = gsl_stats_skew_m_sd(s, 1, n, o->mean, psd);
	o->skewness = g1 * sqrt(nd * (nd - 1.0)) / (nd - 2.0);
	if (n < 4)
		return;
	g2 = gsl_stats_kurtosis_m_sd(s, 1, n, o->mean, psd);
	o->kurtosis = ((nd + 1.0) * g2 + 6.0) * (nd - 1.0) /
		      ((nd - 2.0) * (nd - 3.0));
}

/* Mode of the binned distribution (see stats.h for the binning rule). */
static double binned_mode(const double *s, size_t n, double iqr)
{
	double lo = s[0], hi = s[n - 1], lower, upper;
	size_t bins;
	gsl_histogram *h;

	if (!(hi > lo))
		return lo;
	/* -1e308 .. 1e308: the range overflows, so the bins cannot be laid
	 * out; one bin's mode is the middle (found by fuzz/fuzz_stats) */
	if (!isfinite(hi - lo))
		return lo / 2.0 + hi / 2.0;
	if (iqr > 0.0) {
		double width = 2.0 * iqr / cbrt((double)n);
		double k = ceil((hi - lo) / width);
		/* NaN (an infinite IQR) must not reach the cast */
		bins = k > 1000.0 ? 1000 : k >= 1.0 ? (size_t)k : 1;
	} else {
		bins = (size_t)ceil(log2((double)n)) + 1;
	}
	h = gsl_histogram_alloc(bins);
	gsl_histogram_set_ranges_uniform(h, lo, hi);
	for (size_t i = 0; i < n; i++)
		if (gsl_histogram_increment(h, s[i]) != 0)
			h->bin[bins - 1] += 1.0; /* s[i] == hi */
	gsl_histogram_get_range(h, gsl_histogram_max_bin(h), &lower, &upper);
	gsl_histogram_free(h);
	return (lower + upper) / 2.0;
}

static void outliers(struct pace_describe *o, const double *s, size_t n)
{
	double iqr = o->p75 - o->p25;

	for (size_t i = 0; i < n; i++) {
		double beyond = fmax(o->p25 - s[i], s[i] - o->p75);
		if (beyond > 3.0 * iqr)
			o->tukey_severe++;
		else if (beyond > 1.5 * iqr)
			o->tukey_mild++;
		if (o->mad > 0.0 &&
		    0.6745 * fabs(s[i] - o->median) / o->mad > 3.5)
			o->mz_outliers++;
	}
}

/* Coverage of [x(k), x(n+1-k)] for the median: 1 - 2 P(B <= k - 1). */
static double median_coverage(size_t k, size_t n)
{
	return 1.0 - 2.0 * gsl_cdf_binomial_P((unsigned)(k - 1), 0.5, (unsigned)n);
}

static size_t median_rank_guess(size_t n, double confidence)
{
	double z = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - confidence) / 2.0);
	double k = floor(((double)n - z * sqrt((double)n)) / 2.0) - 2.0;

	return k < 0.0 ? 0 : k > (double)(n / 2) ? n / 2 : (size_t)k;
}

static void intervals(struct pace_describe *o, const double *s, size_t n,
		      double confidence)
{
	size_t k = 0;

	if (n > 1 && confidence > 0.0 && confidence < 1.0) {
		double t = gsl_cdf_tdist_Pinv(1.0 - (1.0 - confidence) / 2.0,
					      (double)(n - 1));
		double half = t * o->sd / sqrt((double)n);
		o->mean_ci_lo = o->mean - half;
		o->mean_ci_hi = o->mean + half;
	}
	if (!(confidence > 0.0 && confidence < 1.0))
		return;
	/* largest k with 1 - 2 P(B <= k - 1) >= confidence, walked to from
	 * the normal approximation so that large n costs a few steps */
	k = median_rank_guess(n, confidence);
	while (k > 0 && median_coverage(k, n) < confidence)
		k--;
	while (k + 1 <= n / 2 && median_coverage(k + 1, n) >= confidence)
		k++;
	if (k == 0)
		return;
	o->median_ci_lo = s[k - 1];
	o->median_ci_hi = s[n - k];
	o->median_ci_level = median_coverage(k, n);
}

static void describe_sorted(struct pace_describe *o, double *s, size_t n,
			    double confidence, double alpha)
{
	double *work = pace_xmalloc(n * sizeof(*work));

	o->mean = gsl_stats_mean(s, 1, n);
	o->variance = n > 1 ? gsl_stats_variance_m(s, 1, n, o->mean) : 0.0;
	o->sd = sqrt(o->variance);
	o->min = s[0];
	o->max = s[n - 1];
	o->median = o->p50 = gsl_stats_quantile_from_sorted_data(s, 1, n, 0.5);
	o->p25 = gsl_stats_quantile_from_sorted_data(s, 1, n, 0.25);
	o->p75 = gsl_stats_quantile_from_sorted_data(s, 1, n, 0.75);
	o->p90 = gsl_stats_quantile_from_sorted_data(s, 1, n, 0.90);
	o->p95 = gsl_stats_quantile_from_sorted_data(s, 1, n, 0.95);
	o->p99 = gsl_stats_quantile_from_sorted_data(s, 1, n, 0.99);
	o->cv = o->mean != 0.0 ? o->sd / o->mean : NAN;
	o->mad = gsl_stats_mad0(s, 1, n, work);
	free(work);
	shape(o, s, n);
	o->mode = binned_mode(s, n, o->p75 - o->p25);
	pace_stats_shapiro_wilk(s, n, &o->sw_w, &o->sw_p);
	o->normal = o->sw_p >= alpha; /* false for NaN */
	outliers(o, s, n);
	intervals(o, s, n, confidence);
}

void pace_stats_describe(struct pace_describe *out, const double *x, size_t n,
			 double confidence, double alpha)
{
	double *s = pace_xmalloc((n ? n : 1) * sizeof(*s));
	size_t k = pace_stats_finite(s, x, n);

	describe_nan(out, n);
	out->n_valid = k;
	if (k > 0) {
		gsl_sort(s, 1, k);
		describe_sorted(out, s, k, confidence, alpha);
	}
	free(s);
}

void pace_stats_describe_trimmed(struct pace_describe *out, const double *x,
				 size_t n, double confidence, double alpha)
{
	double *s = pace_xmalloc((n ? n : 1) * sizeof(*s));
	size_t k = pace_stats_finite(s, x, n), kept = 0;

	if (k > 0) {
		double q1, q3, iqr;
		gsl_sort(s, 1, k);
		q1 = gsl_stats_quantile_from_sorted_data(s, 1, k, 0.25);
		q3 = gsl_stats_quantile_from_sorted_data(s, 1, k, 0.75);
		iqr = q3 - q1;
		/* the same fences (and comparisons) as outliers() above */
		for (size_t i = 0; i < k; i++)
			if (!(fmax(q1 - s[i], s[i] - q3) > 1.5 * iqr))
				s[kept++] = s[i];
	}
	pace_stats_describe(out, s, kept, confidence, alpha);
	free(s);
}

int pace_stats_median_ci(const double *x, size_t n, double confidence,
			 double *median, double *lo, double *hi)
{
	struct pace_describe d;
	double *s = pace_xmalloc((n ? n : 1) * sizeof(*s));
	size_t k = pace_stats_finite(s, x, n);

	describe_nan(&d, k);
	if (k > 0) {
		gsl_sort(s, 1, k);
		d.median = gsl_stats_quantile_from_sorted_data(s, 1, k, 0.5);
		intervals(&d, s, k, confidence);
	}
	free(s);
	*median = d.median;
	*lo = d.median_ci_lo;
	*hi = d.median_ci_hi;
	return isnan(d.median_ci_lo) ? -1 : 0;
}

double pace_stats_rel_halfwidth(const double *x, size_t n, double confidence,
				bool median)
{
	struct pace_summary w;
	double m, lo, hi, *f;
	size_t k;

	if (median) {
		if (pace_stats_median_ci(x, n, confidence, &m, &lo, &hi) ||
		    !(m > 0))
			return HUGE_VAL;
		return (hi - lo) / 2.0 / m;
	}
	f = pace_xmalloc((n ? n : 1) * sizeof(*f));
	k = pace_stats_finite(f, x, n);
	pace_stats_summary(&w, f, k, confidence);
	free(f);
	if (k < 2 || !(w.mean > 0) || !isfinite(w.ci_hi - w.ci_lo))
		return HUGE_VAL;
	return (w.ci_hi - w.ci_lo) / 2.0 / w.mean;
}
