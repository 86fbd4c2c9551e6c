/*
 * swilk.c - the Shapiro-Wilk normality test by Royston's algorithm AS R94
 * (Royston 1995, "A remark on algorithm AS 181: the W-test for
 * normality"), valid for 3 <= n <= 5000.  GSL has no Shapiro-Wilk, so the
 * algorithm's polynomial approximations of the coefficients and of the
 * null distribution of log(1 - W) are written out here, in double
 * precision as R's swilk.c does; the normal quantiles and tail areas come
 * from GSL.  Checked against R's shapiro.test in tests/unit/test_stats.c.
 */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "stats/stats.h"

/* cc[0] + cc[1] x + ... + cc[nord-1] x^(nord-1), evaluated as AS R94. */
static double poly(const double *cc, int nord, double x)
{
	double p, r = cc[0];

	if (nord > 1) {
		p = x * cc[nord - 1];
		for (int j = nord - 2; j > 0; j--)
			p = (p + cc[j]) * x;
		r += p;
	}
	return r;
}

/* The coefficients a[1..n/2] (1-based, a[0] unused) of the lower half,
 * as AS R94 computes them: from the normal scores, with the two outer ones
 * corrected by Royston's polynomials. */
static void sw_coefficients(double *a, size_t n)
{
	static const double c1[6] = { 0., .221157, -.147981, -2.07119,
				      4.434685, -2.706056 };
	static const double c2[6] = { 0., .042981, -.293762, -1.752461,
				      5.682633, -3.582633 };
	size_t nn2 = n / 2, i1;
	double an = (double)n, summ2 = 0.0, ssumm2, rsn, a1, a2, fac;

	if (n == 3) {
		a[1] = sqrt(0.5);
		return;
	}
	for (size_t i = 1; i <= nn2; i++) {
		a[i] = gsl_cdf_ugaussian_Pinv(((double)i - .375) / (an + .25));
		summ2 += a[i] * a[i];
	}
	summ2 *= 2.;
	ssumm2 = sqrt(summ2);
	rsn = 1. / sqrt(an);
	a1 = poly(c1, 6, rsn) - a[1] / ssumm2;
	if (n > 5) {
		i1 = 3;
		a2 = -a[2] / ssumm2 + poly(c2, 6, rsn);
		fac = sqrt((summ2 - 2. * (a[1] * a[1]) - 2. * (a[2] * a[2])) /
			   (1. - 2. * (a1 * a1) - 2. * (a2 * a2)));
		a[2] = a2;
	} else {
		i1 = 2;
		fac = sqrt((summ2 - 2. * (a[1] * a[1])) / (1. - 2. * (a1 * a1)));
	}
	a[1] = a1;
	for (size_t i = i1; i <= nn2; i++)
		a[i] /= -fac;
}

/* Coefficient of x[i] (0-based) in W's numerator: -a for the lower half,
 * +a for the upper, 0 for the middle of an odd n. */
static double sw_coef(const double *a, size_t i, size_t n)
{
	size_t j = n - 1 - i;

	if (i == j)
		return 0.0;
	return i < j ? -a[1 + i] : a[1 + j];
}

/* p-value of W (w1 = 1 - W) from Royston's normalising transformation. */
static double sw_pvalue(double w, double w1, size_t n)
{
	static const double g[2] = { -2.273, .459 };
	static const double c3[4] = { .544, -.39978, .025054, -6.714e-4 };
	static const double c4[4] = { 1.3822, -.77857, .062767, -.0020322 };
	static const double c5[4] = { -1.5861, -.31082, -.083751, .0038915 };
	static const double c6[3] = { -.4803, -.082676, .0030302 };
	double an = (double)n, y = log(w1), m, s;

	if (n == 3) { /* exact: 6/pi (asin(sqrt(W)) - pi/3) */
		double pw = 1.90985931710274 * (asin(sqrt(w)) - 1.04719755119660);
		return pw < 0.0 ? 0.0 : pw;
	}
	if (n <= 11) {
		double gamma = poly(g, 2, an);
		if (y >= gamma)
			return 1e-99;
		y = -log(gamma - y);
		m = poly(c3, 4, an);
		s = exp(poly(c4, 4, an));
	} else {
		double xx = log(an);
		m = poly(c5, 4, xx);
		s = exp(poly(c6, 3, xx));
	}
	return gsl_cdf_gaussian_Q(y - m, s);
}

int pace_stats_shapiro_wilk(const double *x, size_t n, double *w, double *p)
{
	double a[2501], range, sa = 0.0, sx = 0.0, ssa = 0.0, ssx = 0.0;
	double sax = 0.0, ssassx, w1;

	*w = *p = NAN;
	if (n < 3 || n > 5000)
		return -1;
	range = x[n - 1] - x[0];
	if (!(range > 0.0) || !isfinite(range))
		return -1;
	sw_coefficients(a, n);
	/* W is the squared correlation of the data (scaled by the range, to
	 * keep rounding small) with the coefficients. */
	for (size_t i = 0; i < n; i++) {
		sa += sw_coef(a, i, n);
		sx += x[i] / range;
	}
	sa /= (double)n;
	sx /= (double)n;
	for (size_t i = 0; i < n; i++) {
		double asa = sw_coef(a, i, n) - sa, xsx = x[i] / range - sx;
		ssa += asa * asa;
		ssx += xsx * xsx;
		sax += asa * xsx;
	}
	/* w1 = 1 - W computed so as not to lose digits when W is near 1 */
	ssassx = sqrt(ssa * ssx);
	w1 = (ssassx - sax) * (ssassx + sax) / (ssa * ssx);
	*w = 1. - w1;
	*p = sw_pvalue(*w, w1, n);
	return 0;
}
