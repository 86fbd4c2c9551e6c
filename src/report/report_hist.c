/*
 * report_hist.c - a terminal histogram for pace show: equal-width bins
 * over [lo, hi] (the same range for every variant of a test, so their
 * shapes compare), one line per bin with its range, a bar of block
 * characters scaled to the fullest bin, and its count.  Bins are counted
 * with GSL's histogram.
 */
#include <math.h>

#include <gsl/gsl_histogram.h>

#include "report/report_model.h"
#include "report/report_priv.h"

void pace_report_histogram(FILE *f, const double *v, size_t n, double lo,
			   double hi, size_t bins, size_t width)
{
	gsl_histogram *h;
	struct pace_time_unit u = pace_format_time_unit(hi);
	double top;

	if (!n || bins == 0 || !isfinite(lo) || !isfinite(hi)) {
		fputs("  (no successful runs)\n", f);
		return;
	}
	if (hi <= lo) {
		double d = lo > 0 ? lo * 1e-3 : 1e-9;
		lo -= d;
		hi += d;
	}
	h = gsl_histogram_alloc(bins);
	/* widen a hair so that the maximum falls inside the last bin */
	gsl_histogram_set_ranges_uniform(h, lo, hi + (hi - lo) * 1e-9);
	for (size_t i = 0; i < n; i++)
		gsl_histogram_increment(h, v[i]);
	top = gsl_histogram_max_val(h);
	for (size_t b = 0; b < bins; b++) {
		double a, z, c = gsl_histogram_get(h, b);
		char l[32], r[32];
		size_t len = top > 0 ? (size_t)lround(c / top * (double)width) : 0;

		gsl_histogram_get_range(h, b, &a, &z);
		pace_format_time_in(l, sizeof(l), a, u);
		pace_format_time_in(r, sizeof(r), z, u);
		fprintf(f, "  %12s – %-12s ", l, r);
		for (size_t k = 0; k < len; k++)
			fputs("█", f);
		if (c > 0 && len == 0)
			fputs("▏", f);
		fprintf(f, " %.0f\n", c);
	}
	gsl_histogram_free(h);
}
