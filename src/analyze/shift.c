/*
 * shift.c - did every result of a run move together?  Two runs of the same
 * suite on a shared machine differ by more than their samples say: within
 * a run the variants are interleaved, so whatever the machine does between
 * runs (another tenant, the host's CPU frequency, reclaimed page cache)
 * cancels out of the comparisons inside it, but not out of a comparison
 * with an earlier run.  Such a shift moves every test alike, which a change
 * to the code under test rarely does.  pace_analyze_shift measures it as
 * the median, over the test x variants both runs have, of log(new mean /
 * old mean), with a distribution-free interval for that median (order
 * statistics, the sign test's inversion), and counts how many moved the
 * same way.  It describes; the verdicts of compare.c are left as they are,
 * and the writers say what the shift means (docs/history-analysis.md).
 *
 * pace_analyze_between_runs estimates the other part of what differs
 * between runs: how far one test's variants move together, test by test
 * (the machine during that test), and keeps a regression or improvement
 * only when it stands out of that noise.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "analyze/analyze.h"

/* Fewer than this many test x variants in common: no shift is estimated
 * (one or two tests moving is what a real change looks like). */
#define SHIFT_MIN_RESULTS 8

/* The 1-based rank k of the lower bound of the median's interval: the
 * largest k with P(Bin(n, 1/2) <= k - 1) <= (1 - confidence) / 2. */
static size_t median_rank(size_t n, double confidence)
{
	double tail = (1.0 - confidence) / 2.0;
	size_t k = 0;

	while (k + 1 <= n / 2 &&
	       gsl_cdf_binomial_P((unsigned)k, 0.5, (unsigned)n) <= tail)
		k++;
	return k ? k : 1;
}

void pace_analyze_shift(struct pace_shift *out, const struct pace_diff *d)
{
	double *x = pace_xmalloc((d->n + 1) * sizeof(*x));
	size_t n = 0, k;

	memset(out, 0, sizeof(*out));
	out->median = out->lo = out->hi = NAN;
	for (size_t i = 0; i < d->n; i++) {
		const struct pace_change *c = &d->v[i];
		if (c->verdict == PACE_VERDICT_ADDED || c->verdict == PACE_VERDICT_REMOVED ||
		    c->n_old < 2 || c->n_new < 2 || !(c->old_mean > 0) || !(c->new_mean > 0))
			continue;
		x[n++] = log(c->new_mean / c->old_mean);
		out->nslower += c->new_mean > c->old_mean;
	}
	out->n = n;
	if (n >= SHIFT_MIN_RESULTS) {
		gsl_sort(x, 1, n);
		k = median_rank(n, d->confidence);
		out->median = expm1(gsl_stats_median_from_sorted_data(x, 1, n));
		out->lo = expm1(x[k - 1]);
		out->hi = expm1(x[n - k]);
		/* Notable: its interval excludes 0 and it is at least the
		 * practical threshold, the bar a single result must clear. */
		out->notable = (out->lo > 0 || out->hi < 0) &&
			       fabs(out->median) >= d->threshold;
	}
	free(x);
}

/* ---- between-run noise ------------------------------------------------------ */

static double log_change(const struct pace_change *c)
{
	if (c->verdict == PACE_VERDICT_ADDED || c->verdict == PACE_VERDICT_REMOVED ||
	    c->n_old < 2 || c->n_new < 2 || !(c->old_mean > 0) || !(c->new_mean > 0))
		return NAN;
	return log(c->new_mean / c->old_mean);
}

static bool same_test(const struct pace_change *a, const struct pace_change *b)
{
	return !strcmp(a->test, b->test) && !strcmp(a->suite ? a->suite : "",
						      b->suite ? b->suite : "");
}

/* Each test's median log ratio over its variants, into med[]; returns how
 * many tests had one. */
static size_t test_medians(const struct pace_diff *d, double *med)
{
	double *x = pace_xmalloc((d->n + 1) * sizeof(*x));
	bool *done = pace_xcalloc(d->n + 1, sizeof(*done));
	size_t nt = 0;

	for (size_t i = 0; i < d->n; i++) {
		size_t k = 0;
		if (done[i])
			continue;
		for (size_t j = i; j < d->n; j++) {
			if (done[j] || !same_test(&d->v[i], &d->v[j]))
				continue;
			done[j] = true;
			if (isfinite(log_change(&d->v[j])))
				x[k++] = log_change(&d->v[j]);
		}
		if (k) {
			gsl_sort(x, 1, k);
			med[nt++] = gsl_stats_median_from_sorted_data(x, 1, k);
		}
	}
	free(done);
	free(x);
	return nt;
}

/* 1.4826 x the median absolute deviation: the sd of normal data. */
static double robust_sd(double *x, size_t n)
{
	double m, *dev = pace_xmalloc(n * sizeof(*dev)), sd;

	gsl_sort(x, 1, n);
	m = gsl_stats_median_from_sorted_data(x, 1, n);
	for (size_t i = 0; i < n; i++)
		dev[i] = fabs(x[i] - m);
	gsl_sort(dev, 1, n);
	sd = 1.4826 * gsl_stats_median_from_sorted_data(dev, 1, n);
	free(dev);
	return sd;
}

void pace_analyze_between_runs(struct pace_diff *d)
{
	double *med = pace_xmalloc((d->n + 1) * sizeof(*med));
	double zc = gsl_cdf_ugaussian_Pinv(1.0 - d->alpha / 2.0);
	double zi = gsl_cdf_ugaussian_Pinv(0.5 + d->confidence / 2.0);
	size_t nt = test_medians(d, med);

	d->between_sd = NAN;
	d->noise_tests = nt;
	d->nwithin_noise = 0;
	if (nt >= SHIFT_MIN_RESULTS)
		d->between_sd = robust_sd(med, nt);
	free(med);
	if (!isfinite(d->between_sd))
		return;
	for (size_t i = 0; i < d->n; i++) {
		struct pace_change *c = &d->v[i];
		double x = log_change(c), se = 0;
		if (c->verdict != PACE_VERDICT_REGRESSED && c->verdict != PACE_VERDICT_IMPROVED)
			continue;
		if (c->ci_lo > -1 && c->ci_hi > -1 && zi > 0)
			se = (log1p(c->ci_hi) - log1p(c->ci_lo)) / (2.0 * zi);
		if (!isfinite(se))
			se = 0;
		if (fabs(x) / sqrt(d->between_sd * d->between_sd + se * se) >= zc)
			continue;
		if (c->verdict == PACE_VERDICT_REGRESSED)
			d->nregressed--;
		else
			d->nimproved--;
		d->nunchanged++;
		d->nwithin_noise++;
		c->verdict = PACE_VERDICT_UNCHANGED;
		c->severity = PACE_SEVERITY_NONE;
		c->within_noise = true;
	}
}
