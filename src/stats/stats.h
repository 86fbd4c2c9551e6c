/*
 * stats.h - the first statistics: descriptive summaries of one metric and
 * the relative speed of two variants, on GSL.
 *
 * Quantiles follow R's default (type 7, which is GSL's
 * gsl_stats_quantile_from_sorted_data).  The standard deviation is the
 * sample one (n - 1).  Outliers are counted with Tukey's fences, never
 * dropped.  The full engine (normality, bootstrap, Mann-Whitney, power) is
 * the statistics issue's; this file is its first floor.
 */
#ifndef PACE_STATS_H
#define PACE_STATS_H

#include "model.h"

/* Summary of x[0..n) (need not be sorted; not modified).  `confidence` is
 * the level of the mean's t interval, e.g. 0.95.  n == 0 gives NaNs. */
void pace_stats_summary(struct pace_summary *out, const double *x, size_t n,
			double confidence);

/* Compares two results on mean wall time.  ratio = slower/faster >= 1,
 * ratio_sd by propagation of the two standard deviations (as hyperfine),
 * a confidence interval of the ratio from the standard errors (delta
 * method), and Welch's t test p-value for the difference of means. */
void pace_stats_compare(struct pace_comparison *out,
			const struct pace_result *a,
			const struct pace_result *b, double confidence);

/* Fills a result's wall/user/sys/rss summaries and peak_rss from its
 * counted (non-failed) samples. */
void pace_stats_summarize_result(struct pace_result *r, double confidence);

#endif
