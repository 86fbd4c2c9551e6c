/*
 * timer.c - the clock of libpace-bench: CLOCK_MONOTONIC read through the
 * vDSO.  At start the library measures what the clock can resolve (the
 * smallest non-zero step between two reads, which is finer than what
 * clock_getres() promises on some kernels and coarser on others) and what
 * one read costs, and reports both so a reader can judge results that are
 * close to either.
 */
#include <stdlib.h>
#include <time.h>

#include "bench_priv.h"

int64_t pace_bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Overhead: 15 batches of 1000 back-to-back reads; the median batch mean,
 * so a preempted batch does not count. */
static double measure_overhead(void)
{
	double batch[15];

	for (int b = 0; b < 15; b++) {
		int64_t t0 = pace_bench_now_ns(), last = t0;

		for (int i = 0; i < 1000; i++)
			last = pace_bench_now_ns();
		batch[b] = (double)(last - t0) / 1000.0;
	}
	qsort(batch, 15, sizeof(batch[0]), cmp_double);
	return batch[7];
}

void pace_bench_timer_measure(struct pace_bench_timer *t)
{
	struct timespec res;
	int64_t step = 0;

	clock_getres(CLOCK_MONOTONIC, &res);
	t->getres_ns = (double)res.tv_sec * 1e9 + (double)res.tv_nsec;
	for (int i = 0; i < 1000; i++) {
		int64_t a = pace_bench_now_ns(), b;

		while ((b = pace_bench_now_ns()) == a)
			;
		if (step == 0 || b - a < step)
			step = b - a;
	}
	t->resolution_ns = (double)step;
	t->overhead_ns = measure_overhead();
}
