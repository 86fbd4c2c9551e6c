/*
 * analyze.h - what pace concludes from the history: the change of every
 * test x variant between two runs (improved / regressed / unchanged, with
 * an interval, a p-value and a severity), least-squares trends with a
 * forecast, daily aggregates for the performance_trends table, and the
 * AgentDB-style patterns (seed 000 §8, seed 001 §6) with their reward and
 * critique.  Pure logic on numbers handed in: the store reads and writes
 * them, the CLI prints them.  docs/history-analysis.md gives every rule.
 *
 * Times are nanoseconds (double), memory bytes.  A figure that cannot be
 * computed is NaN.  Structs with _release own the strings in them.
 */
#ifndef PACE_ANALYZE_H
#define PACE_ANALYZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "stats/stats.h"

/* ---- comparing two runs ---------------------------------------------- */

enum pace_verdict {
	PACE_VERDICT_UNCHANGED = 0,
	PACE_VERDICT_IMPROVED,
	PACE_VERDICT_REGRESSED,
	PACE_VERDICT_ADDED,   /* only in the new run */
	PACE_VERDICT_REMOVED, /* only in the old run */
};

/* Size of a significant, meaningful change |change|: minor < 10 %,
 * moderate < 25 %, severe >= 25 %; NONE when the verdict is not improved
 * or regressed. */
enum pace_severity {
	PACE_SEVERITY_NONE = 0,
	PACE_SEVERITY_MINOR,
	PACE_SEVERITY_MODERATE,
	PACE_SEVERITY_SEVERE,
};

const char *pace_verdict_name(enum pace_verdict v);
const char *pace_severity_name(enum pace_severity s);
enum pace_severity pace_analyze_severity(double change);

/* The samples of one test x variant in one run (all borrowed).  x holds
 * the counted samples' per-operation wall times, nfailed the failed ones. */
struct pace_series {
	const char *suite, *test, *variant;
	const double *x;
	size_t n, nfailed;
	/* What x holds: wall ns per operation (TIME) or instructions per
	 * run; series of different measures never match in a diff. */
	enum pace_measure measure;
};

/* Old against new for one test x variant.  change = mean new / mean old
 * - 1 (positive: slower); its interval is the percentile bootstrap of the
 * ratio of means, minus 1; p_value is Welch's, mw_p Mann-Whitney's.
 * Verdict: improved / regressed when significant (p_value < alpha) AND
 * meaningful (|change| >= threshold); unchanged otherwise, including when
 * a side has fewer than 2 samples (p NaN). */
struct pace_change {
	char *suite, *test, *variant;
	enum pace_verdict verdict;
	enum pace_severity severity;
	size_t n_old, n_new, failed_old, failed_new;
	double old_mean, new_mean, old_median, new_median;
	double change, ci_lo, ci_hi;
	double p_value, mw_p;
	bool significant, meaningful;
};

/* The one regression rule of pace (docs/history-analysis.md): a change
 * (new mean / old mean - 1) is improved or regressed when it is both
 * significant (Welch's p < alpha) and meaningful (|change| >= threshold);
 * unchanged otherwise, and when p is NaN (a side with fewer than 2
 * samples).  pace_analyze_change, the history verdicts and the report's
 * regression marks all come from it. */
enum pace_verdict pace_analyze_verdict(double change, double p, double alpha,
				       double threshold);
/* The rule on summaries (mean, sample sd, n of each side), for history
 * points that keep no samples: Welch's p from the summaries. */
bool pace_analyze_regressed(double old_mean, double old_sd, size_t old_n,
			    double new_mean, double new_sd, size_t new_n,
			    double alpha, double threshold);

/* Compares two samples (old = baseline) at o's alpha, threshold,
 * confidence, resamples and seed.  The strings are not set. */
void pace_analyze_change(struct pace_change *out, const double *old,
			 size_t nold, const double *new_, size_t nnew,
			 const struct pace_stats_opts *o);

/* Every test x variant of two runs: those in both compared, the others
 * added / removed.  Order: the new run's, then the removed ones. */
struct pace_diff {
	struct pace_change *v;
	size_t n, alloc;
	size_t nimproved, nregressed, nunchanged, nadded, nremoved;
	double alpha, threshold, confidence;
};
#define PACE_DIFF_INIT {NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}

void pace_analyze_diff(struct pace_diff *out, const struct pace_series *old,
		       size_t nold, const struct pace_series *new_,
		       size_t nnew, const struct pace_stats_opts *o);
void pace_analyze_diff_release(struct pace_diff *d);

/* How far every result moved together between the two runs of a diff
 * (shift.c): the median relative change over the test x variants both
 * have (n of them, nslower of which got slower) with its distribution-free
 * interval at the diff's confidence; NaN when n < 8.  notable: the
 * interval excludes 0 and |median| >= the diff's threshold. */
struct pace_shift {
	size_t n, nslower;
	double median, lo, hi;
	bool notable;
};
void pace_analyze_shift(struct pace_shift *out, const struct pace_diff *d);

/* Series of every result of a run (not skipped ones), with storage. */
struct pace_series_set {
	struct pace_series *v;
	size_t n;
	double *values;
};
#define PACE_SERIES_SET_INIT {NULL, 0, NULL}

void pace_analyze_series_of_run(struct pace_series_set *out,
				const struct pace_run *run);
void pace_analyze_series_release(struct pace_series_set *s);

/* Per-operation wall time of a sample, in ns. */
double pace_analyze_sample_ns(const struct pace_sample *s);

/* ---- trends ------------------------------------------------------------ */

enum pace_direction {
	PACE_TREND_STABLE = 0,
	PACE_TREND_IMPROVING,
	PACE_TREND_DEGRADING,
};
const char *pace_direction_name(enum pace_direction d);

/* Least-squares line y = intercept + slope x (gsl_fit_linear).  slope_p
 * is the two-sided t test of slope = 0 (n - 2 degrees of freedom).  The
 * forecast is the line at x_next with the prediction interval of a new
 * observation at `confidence`: yhat +- t sqrt(se(yhat)^2 + s^2).
 * Direction (lower_is_better says which way is good): stable when n < 3,
 * slope_p >= alpha, or the line moves less than `threshold` of |mean y|
 * across the observed x range (rel_change); else improving / degrading.
 * Returns 0, or -1 (all NaN, stable) when n < 2 or x is constant. */
struct pace_trend {
	size_t n;
	double slope, intercept, r2, slope_p;
	double rel_change; /* slope (x max - x min) / |mean y| */
	double forecast, forecast_lo, forecast_hi;
	enum pace_direction direction;
};
int pace_analyze_trend(struct pace_trend *out, const double *x,
		       const double *y, size_t n, double x_next,
		       bool lower_is_better, double confidence, double alpha,
		       double threshold);

/* struct pace_daily (one UTC day of a test x variant) is in model.h. */

/* Groups values by the UTC day of unix_ms[i] (any order); rss may be
 * NULL, NaN / negative entries are unknown.  *out (free()) is sorted by
 * date; returns the number of days. */
size_t pace_analyze_daily(struct pace_daily **out, const int64_t *unix_ms,
			  const double *values, const double *rss, size_t n);

/* ---- patterns (AgentDB records) ----------------------------------------- */

/* What one test x variant of one run contributes to its pattern. */
struct pace_pattern_in {
	const char *run_id, *suite, *test, *variant, *command;
	const char *config_json; /* essentials of the run's config; NULL ok */
	const double *x;         /* counted per-operation wall times, ns */
	size_t n, nfailed;
	double peak_rss;         /* bytes; NaN / < 0 unknown */
	double cpu_ns;           /* mean user + sys per sample; NaN unknown */
	int64_t created_unix_ms;
};

/* Earlier patterns of the same task: their mean wall times, peak RSS and
 * CPU times (NaN entries are skipped).  Borrowed. */
struct pace_task_history {
	const double *mean_ns, *peak_rss, *cpu_ns;
	size_t n;
};

/* struct pace_pattern (one AgentDB record, its reward components) is in
 * model.h, since the store keeps them too. */

/* "<test>-<variant>-benchmark" (malloc'd). */
char *pace_analyze_task_name(const char *test, const char *variant);

void pace_analyze_pattern(struct pace_pattern *out,
			  const struct pace_pattern_in *in,
			  const struct pace_task_history *h,
			  double confidence);

/* Statistics and insights of a set of patterns (ordered oldest first, as
 * found by a search): best / worst by reward (indexes, -1 when empty),
 * trend of reward over the order (higher is better; stable below 3). */
struct pace_pattern_stats {
	size_t count;
	double mean_reward, success_rate, mean_latency_ms;
	long best, worst;
	enum pace_direction trend;
	struct pace_trend fit;
};
void pace_analyze_pattern_stats(struct pace_pattern_stats *out,
				const struct pace_pattern *p, size_t n,
				double alpha, double threshold);

/* ---- change points (changes.c) ------------------------------------------ */

/* E-divisive means (Matteson & James 2014): min_size values at least on
 * each side of a change point (>= 2), a permutation test of `permutations`
 * shuffles drawn from `seed` at level alpha, intervals of the means at
 * `confidence`, `threshold` the practical one (meaningful). */
struct pace_cp_opts {
	double alpha, confidence, threshold;
	size_t permutations, min_size;
	unsigned long seed;
};
#define PACE_CP_PERMUTATIONS 199
#define PACE_CP_MIN_SIZE 3

/* One change point: y[index] is the first value after it.  Before and
 * after are the values back to the previous change point and on to the
 * next; change = after mean / before mean - 1 (positive: slower). */
struct pace_changepoint {
	size_t index;
	double statistic, p_value;
	double before_mean, before_lo, before_hi;
	double after_mean, after_lo, after_hi;
	double change;
	bool meaningful; /* |change| >= threshold */
};

/* The significant change points of y[0..len), by index; *out (free())
 * is NULL when there is none.  Returns how many. */
size_t pace_analyze_changepoints(struct pace_changepoint **out,
				 const double *y, size_t len,
				 const struct pace_cp_opts *o);

/* ---- bottlenecks (advice.c) ----------------------------------------------- */

enum pace_bottleneck {
	PACE_BOTTLENECK_UNKNOWN = 0,
	PACE_BOTTLENECK_CPU,
	PACE_BOTTLENECK_MEMORY,
	PACE_BOTTLENECK_IO,
	PACE_BOTTLENECK_WAITING,
	PACE_BOTTLENECK_MIXED,
};
const char *pace_bottleneck_name(enum pace_bottleneck b);

/* What bounds a result, with the figures behind it (advice.c gives the
 * rule): CPU share of wall time, mean major faults, storage bytes and
 * voluntary / involuntary context switches per run, and storage bytes per
 * second of wall time; NaN unknown (a comparison with NaN is false, so an
 * unknown figure never decides). */
struct pace_bottleneck_info {
	enum pace_bottleneck type;
	double cpu_share, major_faults, io_bytes, io_rate;
	double voluntary, involuntary;
};
void pace_analyze_bottleneck(struct pace_bottleneck_info *out,
			     const struct pace_result *r);

#endif
