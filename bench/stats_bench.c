/*
 * stats_bench.c - times pace's statistics engine on a large sample: the
 * full description (pace_stats_describe) and a bootstrap of the median
 * (percentile and BCa) of N lognormal values, R resamples.  bench/stats
 * runs it next to the same computation in SciPy (docs/benchmarks.md).
 *
 *   stats-bench [N [R]]     defaults: 1000000 values, 10000 resamples
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "stats/stats.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	size_t r = argc > 2 ? strtoul(argv[2], NULL, 10) : 10000;
	double *x = malloc((n ? n : 1) * sizeof(*x)), t0, t1, t2;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct pace_describe d;
	struct pace_boot_ci b;

	if (!x || n < 2 || r < 2)
		return 2;
	gsl_rng_set(rng, 1);
	for (size_t i = 0; i < n; i++)
		x[i] = 0.01 * gsl_ran_lognormal(rng, 0.0, 0.25);
	t0 = now();
	pace_stats_describe(&d, x, n, 0.95, 0.05);
	t1 = now();
	pace_stats_boot_median(&b, x, n, 0.95, r, 1);
	t2 = now();
	printf("n %zu, resamples %zu: mean %.6g, median %.6g, BCa %.6g .. %.6g\n",
	       n, r, d.mean, d.median, b.bca_lo, b.bca_hi);
	printf("pace describe    %.3f s\n", t1 - t0);
	printf("pace bootstrap   %.3f s\n", t2 - t1);
	printf("pace total       %.3f s\n", t2 - t0);
	gsl_rng_free(rng);
	free(x);
	return 0;
}
