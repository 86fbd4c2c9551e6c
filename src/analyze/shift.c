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
