/*
 * self_trend.c - pace-self's forecasting target: a least-squares trend over
 * a history and its forecast.  GSL's gsl_fit_linear directly, for now:
 * when src/analyze has its trend function, pace_self_trend_forecast()
 * becomes a call to it (this file is the only place to change).
 */
#include <gsl/gsl_fit.h>
#include <stdlib.h>

#include "self.h"

double pace_self_trend_forecast(const double *y, size_t n, size_t ahead)
{
	double *x = malloc(n * sizeof(*x));
	double c0, c1, cov00, cov01, cov11, sumsq, f, ferr;

	if (!x)
		abort();
	for (size_t i = 0; i < n; i++)
		x[i] = (double)i;
	gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
	gsl_fit_linear_est((double)(n - 1 + ahead), c0, c1, cov00, cov01, cov11, &f, &ferr);
	free(x);
	return f;
}
