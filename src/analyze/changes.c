/*
 * changes.c - change points in a history: E-divisive means (Matteson &
 * James 2014, "A nonparametric approach for multiple change point
 * analysis of multivariate data", JASA 109), the method Apache Otava and
 * R's ecp::e.divisive use.
 *
 * A series is split where the energy divergence between the part before
 * and the part after is largest:
 *
 *   Q(tau) = m n / (m + n) * ( 2/(m n) sum |x_i - y_j|
 *                              - 1/C(m,2) sum_{i<k} |x_i - x_k|
 *                              - 1/C(n,2) sum_{j<k} |y_j - y_k| )
 *
 * with x the m values of a segment before tau and y the n values from tau
 * to the segment's end (Otava's choice: the segment's end is fixed, where
 * ecp also searches it; it keeps the search O(L^2) per segment).  Every
 * segment of at least 2 min_size values proposes its best tau; the best
 * proposal over all segments is tested by permutation, as ecp does: the
 * values of every segment are shuffled within it (R times, GSL's MT19937
 * seeded with o->seed, so the same history always gives the same answer)
 * and the proposal is significant when p = (1 + #{shuffled max Q >= Q}) /
 * (R + 1) is at most alpha.  A significant proposal splits its segment
 * and the search goes on; the first non-significant one ends it.
 *
 * Each change point also gets the mean of the values before it and after
 * it (back to the previous change point and on to the next) with the
 * t interval of each mean, and the relative change of the means.  The
 * distance exponent is 1 (ecp's default).
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "analyze/analyze.h"

/* The best split of y[0..len): its index (0 when len < 2 min) and Q. */
static size_t best_split(const double *y, size_t len, size_t min,
			 double *q_out)
{
	double a = 0, b = 0, c = 0, best = -INFINITY;
	size_t at = 0;

	*q_out = -INFINITY;
	if (len < 2 * min || min < 2)
		return 0;
	/* Start with tau = 0: every pair lies in the right part. */
	for (size_t i = 0; i < len; i++)
		for (size_t j = i + 1; j < len; j++)
			b += fabs(y[i] - y[j]);
	/* Moving tau to tau + 1 moves y[tau] from the right to the left. */
	for (size_t tau = 0; tau + min <= len; tau++) {
		double m = (double)tau, n = (double)(len - tau);

		if (tau >= min) {
			double e = 2.0 * c / (m * n) - 2.0 * a / (m * (m - 1)) -
				   2.0 * b / (n * (n - 1));
			double q = m * n / (m + n) * e;

			if (q > best) {
				best = q;
				at = tau;
			}
		}
		double left = 0, right = 0;

		for (size_t i = 0; i < tau; i++)
			left += fabs(y[tau] - y[i]);
		for (size_t j = tau + 1; j < len; j++)
			right += fabs(y[tau] - y[j]);
		a += left;
		b -= right;
		c += right - left;
	}
	*q_out = best;
	return at;
}

/* The best proposal over the segments bounded by cuts[0..ncuts) (sorted,
 * cuts[0] = 0 and cuts[ncuts - 1] = len): its absolute index (0: none). */
static size_t best_over(const double *y, const size_t *cuts, size_t ncuts,
			size_t min, double *q_out)
{
	size_t at = 0;

	*q_out = -INFINITY;
	for (size_t s = 0; s + 1 < ncuts; s++) {
		double q;
		size_t t = best_split(y + cuts[s], cuts[s + 1] - cuts[s], min,
				      &q);

		if (t && q > *q_out) {
			*q_out = q;
			at = cuts[s] + t;
		}
	}
	return at;
}

static double permutation_p(const double *y, size_t len, const size_t *cuts,
			    size_t ncuts, double q, const struct pace_cp_opts *o,
			    gsl_rng *rng)
{
	double *w = pace_xmalloc(len * sizeof(*w));
	size_t above = 0;

	for (size_t r = 0; r < o->permutations; r++) {
		double qr;

		memcpy(w, y, len * sizeof(*w));
		for (size_t s = 0; s + 1 < ncuts; s++)
			gsl_ran_shuffle(rng, w + cuts[s], cuts[s + 1] - cuts[s],
					sizeof(*w));
		best_over(w, cuts, ncuts, o->min_size, &qr);
		above += qr >= q;
	}
	free(w);
	return (1.0 + (double)above) / (1.0 + (double)o->permutations);
}

static void insert_cut(size_t *cuts, size_t *ncuts, size_t at)
{
	size_t i = *ncuts;

	while (i > 0 && cuts[i - 1] > at) {
		cuts[i] = cuts[i - 1];
		i--;
	}
	cuts[i] = at;
	(*ncuts)++;
}

/* Mean of y[lo..hi) with its t interval at `confidence` (NaN when the
 * part has fewer than 2 values). */
static void part_mean(const double *y, size_t lo, size_t hi,
		      double confidence, double *mean, double *ci_lo,
		      double *ci_hi)
{
	size_t n = hi - lo;
	double sd, h;

	*mean = gsl_stats_mean(y + lo, 1, n);
	*ci_lo = *ci_hi = NAN;
	if (n < 2)
		return;
	sd = gsl_stats_sd_m(y + lo, 1, n, *mean);
	h = gsl_cdf_tdist_Pinv(1.0 - (1.0 - confidence) / 2.0, (double)n - 1) *
	    sd / sqrt((double)n);
	*ci_lo = *mean - h;
	*ci_hi = *mean + h;
}

static void describe(struct pace_changepoint *cp, size_t ncp, const double *y,
		     const size_t *cuts,
		     const struct pace_cp_opts *o)
{
	for (size_t k = 0; k < ncp; k++) {
		struct pace_changepoint *c = &cp[k];
		size_t i = 1;

		while (cuts[i] != c->index)
			i++;
		part_mean(y, cuts[i - 1], cuts[i], o->confidence,
			  &c->before_mean, &c->before_lo, &c->before_hi);
		part_mean(y, cuts[i], cuts[i + 1], o->confidence,
			  &c->after_mean, &c->after_lo, &c->after_hi);
		c->change = c->before_mean != 0
				    ? c->after_mean / c->before_mean - 1
				    : NAN;
		c->meaningful = fabs(c->change) >= o->threshold;
	}
}

static int by_index(const void *a, const void *b)
{
	const struct pace_changepoint *x = a, *y = b;

	return (x->index > y->index) - (x->index < y->index);
}

size_t pace_analyze_changepoints(struct pace_changepoint **out,
				 const double *y, size_t len,
				 const struct pace_cp_opts *o)
{
	size_t *cuts = pace_xmalloc((len + 2) * sizeof(*cuts)), ncuts = 2;
	struct pace_changepoint *cp = NULL;
	size_t ncp = 0, alloc = 0;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);

	gsl_rng_set(rng, o->seed);
	cuts[0] = 0;
	cuts[1] = len;
	for (;;) {
		double q, p;
		size_t at = best_over(y, cuts, ncuts, o->min_size, &q);

		if (!at || !(q > 0))
			break;
		p = permutation_p(y, len, cuts, ncuts, q, o, rng);
		if (p > o->alpha)
			break;
		PACE_GROW(cp, alloc, ncp + 1);
		memset(&cp[ncp], 0, sizeof(cp[ncp]));
		cp[ncp].index = at;
		cp[ncp].statistic = q;
		cp[ncp].p_value = p;
		ncp++;
		insert_cut(cuts, &ncuts, at);
	}
	describe(cp, ncp, y, cuts, o);
	if (ncp)
		qsort(cp, ncp, sizeof(*cp), by_index);
	gsl_rng_free(rng);
	free(cuts);
	*out = cp;
	return ncp;
}
