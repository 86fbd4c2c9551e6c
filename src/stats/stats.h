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

/* Defaults of the comparisons pace_stats_compare makes for `pace run`:
 * practical threshold (fraction of the faster mean), bootstrap resamples
 * and seed. */
#define PACE_STATS_THRESHOLD 0.02
#define PACE_STATS_RESAMPLES 2000
#define PACE_STATS_SEED 1

/* What a comparison is made at (config keys analysis.*): interval level,
 * significance level, practical threshold (fraction of the faster mean),
 * bootstrap resamples and seed. */
struct pace_stats_opts {
	double confidence, alpha, threshold;
	size_t resamples;
	unsigned long seed;
};
#define PACE_STATS_OPTS_INIT \
	{0.95, 0.05, PACE_STATS_THRESHOLD, PACE_STATS_RESAMPLES, PACE_STATS_SEED}

/* Welch's two-sided t test p-value of mean b - mean a from summaries
 * (sd: sample standard deviations); NaN when a side has n < 2. */
double pace_stats_welch_p(double mean_a, double sd_a, size_t n_a,
			  double mean_b, double sd_b, size_t n_b);

/* Compares two results on mean wall time.  ratio = slower/faster >= 1,
 * ratio_sd by propagation of the two standard deviations (as hyperfine),
 * a confidence interval of the ratio from the standard errors (delta
 * method), and Welch's t test p-value for the difference of means.  From
 * the counted samples (when the results have them) also the two-sample
 * tests (faster = a), the bootstrap interval of the ratio and the
 * significant / meaningful verdicts, at alpha = 1 - confidence. */
void pace_stats_compare(struct pace_comparison *out,
			const struct pace_result *a,
			const struct pace_result *b, double confidence);
/* The same at the given options (pace_stats_compare uses alpha =
 * 1 - confidence and the defaults above). */
void pace_stats_compare_opts(struct pace_comparison *out,
			     const struct pace_result *a,
			     const struct pace_result *b,
			     const struct pace_stats_opts *o);

/* Fills a result's wall/user/sys/rss summaries, perf[] (counters), wall_stats and stats[]
 * (alpha = 1 - confidence), success_rate and peak_rss from its counted
 * (non-failed) samples; trim[] is all NaN (trimmed false). */
void pace_stats_summarize_result(struct pace_result *r, double confidence);
/* The same with normality judged at `alpha`. */
void pace_stats_summarize_result_alpha(struct pace_result *r,
				       double confidence, double alpha);

/* The same, and with `trim` (analysis.outlierDetection) also trim[]:
 * every metric described again without its Tukey outliers. */
void pace_stats_summarize_result_trim(struct pace_result *r, double confidence,
				      double alpha, bool trim);

/* The values of metric m (model.h's units) of r's counted samples, in
 * sample order, into buf (room for r->nsamples); returns how many.  A
 * sample whose probe could not read m is left out. */
size_t pace_stats_metric_values(double *buf, const struct pace_result *r,
				enum pace_metric m);

/* Seed 000's aggregations of a time series: mean, max and p95 of its CPU
 * and memory points (NaN points, the first CPU one, left out). */
void pace_stats_timeseries(struct pace_timeseries *ts);

/* The metric r is judged by (model.h, enum pace_measure): WALL, or
 * INSTRUCTIONS for a result measured with --measure instructions.
 * Comparisons of variants use it (pace_stats_compare*: "faster" is then
 * "executes fewer instructions", ratio and tests on the counts). */
enum pace_metric pace_stats_primary(const struct pace_result *r);
/* The primary figure of one sample under measure m (seconds per
 * operation, or instructions), negative when unknown. */
double pace_stats_sample_primary(const struct pace_sample *s,
				 enum pace_measure m);
/* The short summary of r's primary metric: r->wall, or the instruction
 * counts' figures from r->stats[PACE_METRIC_INSTRUCTIONS]. */
void pace_stats_primary_summary(struct pace_summary *out,
				const struct pace_result *r);

/* Geometric mean of ratios from their logarithms logs[0..k): g =
 * exp(mean), and the interval exp(mean +- t(k-1) sd / sqrt(k)) at
 * `confidence` (the t interval of the mean log-ratio, mapped back).
 * k == 0: all NaN; k == 1: g only (lo, hi NaN); equal logs: lo = hi = g. */
void pace_stats_geomean(const double *logs, size_t k, double confidence,
			double *g, double *lo, double *hi);

/* ---- the full engine (issue 3) --------------------------------------- */

/* Describes x[0..n) (any order; not modified).  Non-finite values (NaN,
 * Inf) are left out and n_valid says how many remained.  Conventions:
 *  - sd and variance are the sample ones (n - 1); 0 for one value.
 *  - quantiles are R type 7; MAD is median |x - median| (unscaled).
 *  - skewness is the adjusted Fisher-Pearson G1 (n >= 3), kurtosis the
 *    adjusted excess G2 (n >= 4), as SciPy's bias=False and SAS; NaN
 *    below those n or when sd == 0.  cv = sd / mean, NaN when mean == 0.
 *  - mode: midpoint of the fullest bin (the first on a tie) of a histogram
 *    over [min, max] with Freedman-Diaconis width 2 IQR n^(-1/3), at most
 *    1000 bins, Sturges' ceil(log2 n) + 1 bins when IQR == 0; max goes in
 *    the last bin; constant data: that value.
 *  - Shapiro-Wilk: Royston (1995) AS R94, for 3 <= n_valid <= 5000 and
 *    range > 0; otherwise W and p are NaN and normal is false.
 *  - outliers: Tukey fences on the type-7 quartiles; modified z-score
 *    (Iglewicz-Hoaglin) 0.6745 |x - median| / MAD > 3.5, none when MAD == 0.
 *  - mean CI: t interval (NaN for n < 2; zero width for constant data).
 *  - median CI: [x(k), x(n+1-k)] with the largest k whose binomial
 *    coverage 1 - 2 P(B <= k - 1), B ~ Bin(n, 1/2), is >= confidence;
 *    NaN when even [min, max] covers less (n < 6 at 95 %).
 *  n_valid == 0: every figure NaN, counts 0. */
void pace_stats_describe(struct pace_describe *out, const double *x, size_t n,
			 double confidence, double alpha);

/* pace_stats_describe of x[0..n) without its Tukey outliers: the finite
 * values beyond the 1.5 IQR fences (type-7 quartiles of all finite
 * values, the fences describe() counts mild + severe outliers with) are
 * left out, and n / n_valid count what remains.  IQR == 0 leaves out
 * every value that differs from the quartiles (Tukey's rule as written);
 * constant data and n_valid <= 2 lose nothing. */
void pace_stats_describe_trimmed(struct pace_describe *out, const double *x,
				 size_t n, double confidence, double alpha);

/* The median of the finite values of x[0..n) and its order-statistic
 * interval at `confidence` (as pace_stats_describe).  Returns 0, or -1
 * when the interval is undefined (n_valid < 6 at 95 %; lo, hi NaN; the
 * median is still set, NaN for no values). */
int pace_stats_median_ci(const double *x, size_t n, double confidence,
			 double *median, double *lo, double *hi);

/* Precision of an estimate for adaptive stopping: the relative half-width
 * of the interval at `confidence` of the mean (t interval, (hi - lo) / 2 /
 * mean) or, with `median`, of the median (order statistics, (hi - lo) / 2
 * / median) of the finite values of x[0..n).  +Inf while undefined (n < 2,
 * n < 6 for the median at 95 %, or an estimate <= 0). */
double pace_stats_rel_halfwidth(const double *x, size_t n, double confidence,
				bool median);

/* Shapiro-Wilk W and p of x[0..n) sorted ascending (Royston 1995).
 * Returns 0, or -1 (W, p NaN) when n is outside 3..5000 or range is 0. */
int pace_stats_shapiro_wilk(const double *sorted, size_t n, double *w,
			    double *p);

/* Bootstrap intervals at `confidence` from `resamples` resamples drawn by
 * GSL's MT19937 seeded with `seed` (same seed, same interval).  Percentile
 * intervals are type-7 quantiles of the resampled statistics; BCa uses the
 * mid-rank bias correction and the jackknife acceleration (as SciPy).
 * Fewer than 2 finite values in a sample: NaN interval. */
void pace_stats_boot_median(struct pace_boot_ci *out, const double *x,
			    size_t n, double confidence, size_t resamples,
			    unsigned long seed);
/* Ratio of means mean(b) / mean(a), a and b resampled independently. */
void pace_stats_boot_ratio(struct pace_boot_ci *out, const double *a,
			   size_t na, const double *b, size_t nb,
			   double confidence, size_t resamples,
			   unsigned long seed);

/* Two-sample tests of a (baseline) against b.  `threshold` is the
 * practical difference as a fraction of mean(a) (e.g. 0.02).
 *  - Welch: t of (mean b - mean a); NaN when a side has n < 2; both sds 0:
 *    t = +-Inf / p 0 when the means differ, t NaN / p 1 when equal.
 *  - Mann-Whitney U of a (sum of a's mid-ranks - na (na+1) / 2); exact
 *    two-sided p when there are no ties and na + nb <= 50, else the normal
 *    approximation with tie correction and continuity correction 0.5
 *    (as SciPy's mannwhitneyu); zero variance (all equal): p = 1.
 *  - Cohen's d = (mean b - mean a) / pooled sd; Hedges' g = d J with the
 *    exact J = G(m/2) / (sqrt(m/2) G((m-1)/2)), m = na + nb - 2.
 *  - power: probability that Welch's two-sided test at alpha rejects when
 *    the true difference is threshold x mean(a), with the observed sds and
 *    sample sizes (noncentral t, integrated with GSL). */
void pace_stats_twosample(struct pace_twosample *out, const double *a,
			  size_t na, const double *b, size_t nb,
			  double confidence, double alpha, double threshold);

/* ---- samples read from files (pace stats; src/stats/samples.c) ---- */

/* One data set: a file's numbers, or one command / variant of a JSON
 * export. */
struct pace_samples {
	char *name; /* "FILE", or "FILE:COMMAND" when an export holds several */
	double *x;
	size_t n, alloc;
};

struct pace_sample_sets {
	struct pace_samples *v;
	size_t n, alloc;
	struct pace_strvec notes; /* for the user: sets left out and why */
};
/* Frees the contents (the struct stays reusable). */
void pace_sample_sets_release(struct pace_sample_sets *s);

/* Appends the data sets of one input (text[0..len) read from `path`,
 * which names it in messages): one number a line, a JSON array of
 * numbers, a hyperfine export or a pace raw file.  PACE_EUSAGE with
 * PATH[:LINE] on bad input (a NUL byte, a line that is no number,
 * invalid JSON or a "\u0000" in it, a bad shape, an export without
 * samples).  A text input without numbers gives an empty set. */
int pace_stats_read_samples(struct pace_sample_sets *out, const char *path,
			    const char *text, size_t len, struct pace_error *err);
/* The JSON forms only (an import: hyperfine's export, pace's raw file,
 * Google Benchmark's export: one set per benchmark, its repetitions). */
int pace_stats_read_json(struct pace_sample_sets *out, const char *path,
			 const char *text, size_t len, struct pace_error *err);
/* strtod over the whole text (trailing blanks allowed); false when it is
 * not a number or out of range. */
bool pace_stats_parse_number(const char *s, double *out);
/* The same for a file, read through pace_read_input() (64 MiB at most). */
int pace_stats_read_file(struct pace_sample_sets *out, const char *path,
			 struct pace_error *err);

#endif
