/*
 * trend.c - where a test is heading over its history: an ordinary least
 * squares line (GSL's gsl_fit_linear), the t test of its slope, r², a
 * forecast of the next value with the prediction interval of a new
 * observation, and a direction that stays "stable" unless the slope is
 * both significant and large enough to matter (the same two conditions a
 * regression between two runs must meet).  Also the daily aggregates
 * (count, mean, min, max, mean RSS per UTC day) that fill seed 001's
 * performance_trends table.
 */
#include <math.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "analyze/analyze.h"

const char *pace_direction_name(enum pace_direction d)
{
	switch (d) {
	case PACE_TREND_IMPROVING: return "improving";
	case PACE_TREND_DEGRADING: return "degrading";
	case PACE_TREND_STABLE: break;
	}
	return "stable";
}

static void trend_nan(struct pace_trend *o, size_t n)
{
	memset(o, 0, sizeof(*o));
	o->n = n;
	o->slope = o->intercept = o->r2 = o->slope_p = o->rel_change = NAN;
	o->forecast = o->forecast_lo = o->forecast_hi = NAN;
	o->direction = PACE_TREND_STABLE;
}

/* Two-sided p of slope = 0 and the forecast interval; needs n >= 3. */
static void trend_inference(struct pace_trend *o, double x_next,
			    double cov00, double cov01, double cov11,
			    double sumsq, double confidence)
{
	double df = (double)o->n - 2.0, yhat, yerr, s2, tq, se;

	if (cov11 > 0)
		o->slope_p = 2.0 * gsl_cdf_tdist_Q(fabs(o->slope) /
						   sqrt(cov11), df);
	else
		o->slope_p = o->slope == 0.0 ? 1.0 : 0.0;
	gsl_fit_linear_est(x_next, o->intercept, o->slope, cov00, cov01,
			   cov11, &yhat, &yerr);
	s2 = sumsq / df;
	se = sqrt(yerr * yerr + s2);
	tq = gsl_cdf_tdist_Pinv(1.0 - (1.0 - confidence) / 2.0, df);
	o->forecast_lo = yhat - tq * se;
	o->forecast_hi = yhat + tq * se;
}

int pace_analyze_trend(struct pace_trend *out, const double *x,
		       const double *y, size_t n, double x_next,
		       bool lower_is_better, double confidence, double alpha,
		       double threshold)
{
	double c0, c1, cov00, cov01, cov11, sumsq, sst, my, xmin, xmax;

	trend_nan(out, n);
	if (n < 2)
		return -1;
	gsl_stats_minmax(&xmin, &xmax, x, 1, n);
	if (xmin == xmax)
		return -1;
	gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11,
		       &sumsq);
	out->intercept = c0;
	out->slope = c1;
	my = gsl_stats_mean(y, 1, n);
	sst = gsl_stats_tss_m(y, 1, n, my);
	out->r2 = sst > 0 ? 1.0 - sumsq / sst : NAN;
	out->forecast = c0 + c1 * x_next;
	out->rel_change = my != 0.0 ? c1 * (xmax - xmin) / fabs(my) : NAN;
	if (n < 3)
		return 0;
	trend_inference(out, x_next, cov00, cov01, cov11, sumsq, confidence);
	if (!(out->slope_p < alpha) || !(fabs(out->rel_change) >= threshold))
		return 0;
	out->direction = (c1 < 0) == lower_is_better ? PACE_TREND_IMPROVING
						     : PACE_TREND_DEGRADING;
	return 0;
}

static void day_of(char out[11], int64_t unix_ms)
{
	time_t secs = (time_t)(unix_ms >= 0 ? unix_ms / 1000
					    : -((999 - unix_ms) / 1000));
	struct tm tm;

	gmtime_r(&secs, &tm);
	if (strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		out[0] = '\0';
}

static void daily_add(struct pace_daily *d, double v, double rss,
		      size_t *nrss)
{
	if (d->count == 0) {
		d->min = d->max = v;
		d->mean = 0;
	}
	d->count++;
	d->mean += (v - d->mean) / (double)d->count;
	d->min = v < d->min ? v : d->min;
	d->max = v > d->max ? v : d->max;
	if (isfinite(rss) && rss >= 0) {
		(*nrss)++;
		if (*nrss == 1)
			d->mean_rss = rss;
		else
			d->mean_rss += (rss - d->mean_rss) / (double)*nrss;
	}
}

size_t pace_analyze_daily(struct pace_daily **out, const int64_t *unix_ms,
			  const double *values, const double *rss, size_t n)
{
	size_t *idx, ndays = 0, alloc = 0, nrss = 0;
	double *t;
	struct pace_daily *d = NULL;

	*out = NULL;
	if (n == 0)
		return 0;
	t = pace_xmalloc(n * sizeof(*t));
	idx = pace_xmalloc(n * sizeof(*idx));
	for (size_t i = 0; i < n; i++)
		t[i] = (double)unix_ms[i];
	gsl_sort_index(idx, t, 1, n);
	for (size_t k = 0; k < n; k++) {
		size_t i = idx[k];
		char day[11];

		day_of(day, unix_ms[i]);
		if (ndays == 0 || strcmp(d[ndays - 1].date, day) != 0) {
			PACE_GROW(d, alloc, ndays + 1);
			memset(&d[ndays], 0, sizeof(d[ndays]));
			memcpy(d[ndays].date, day, sizeof(day));
			d[ndays].mean_rss = NAN;
			ndays++;
			nrss = 0;
		}
		daily_add(&d[ndays - 1], values[i], rss ? rss[i] : NAN,
			  &nrss);
	}
	free(t);
	free(idx);
	*out = d;
	return ndays;
}
