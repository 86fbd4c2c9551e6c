/*
 * self_trend.c - pace-self's forecasting target: the least-squares trend
 * that `pace trends` and the after-run summary fit over a test's history
 * (pace_analyze_trend: slope, r², the slope's p-value, direction and the
 * forecast of the next value with its interval).
 */
#include <stdlib.h>

#include "analyze/analyze.h"
#include "self.h"

double pace_self_trend_forecast(const double *y, size_t n, size_t ahead)
{
	double *x = pace_xcalloc(n ? n : 1, sizeof(*x));
	struct pace_trend t;

	for (size_t i = 0; i < n; i++)
		x[i] = (double)i;
	pace_analyze_trend(&t, x, y, n, (double)(n - 1 + ahead), true, 0.95,
			   0.05, 0.02);
	free(x);
	return t.forecast;
}
