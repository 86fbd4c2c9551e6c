/*
 * timer.c - the clock of libpace-bench.  Two sources:
 *
 *  - the TSC (x86), when the CPU says it is invariant (CPUID 80000007h
 *    EDX bit 8: constant rate, runs in every power state) and two
 *    calibrations against CLOCK_MONOTONIC agree; one read is a single
 *    instruction, several times cheaper than clock_gettime() on machines
 *    whose kernel clock is not the TSC (a VM's kvm-clock: ~25 ns);
 *  - CLOCK_MONOTONIC through the vDSO otherwise, or when asked for
 *    (--clock monotonic, PACE_BENCH_CLOCK=monotonic).
 *
 * Readings are nanoseconds either way.  rdtsc is not serialising, so a
 * reading may move by the CPU's out-of-order window (well under 100 ns);
 * samples last milliseconds, so that is below 1e-4 of a sample.  At start
 * the library also measures what the chosen clock can resolve (the
 * smallest non-zero step between two reads) and what one read costs, and
 * reports both so a reader can judge results that are close to either.
 *
 * The choice and the calibration are process-wide by nature (one counter,
 * one rate), hence the file-scope state below; it is set once, by
 * pace_bench_timer_measure(), before any target runs.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_priv.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <x86intrin.h>
#define HAVE_TSC 1
#endif

static struct {
	int tsc;                /* readings come from the TSC */
	uint64_t tick0;         /* TSC at ns0 */
	int64_t ns0;            /* CLOCK_MONOTONIC at tick0 */
	double ns_per_tick;
} clk;

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t pace_bench_now_ns(void)
{
#ifdef HAVE_TSC
	if (clk.tsc)
		return clk.ns0 + (int64_t)((double)(__rdtsc() - clk.tick0) * clk.ns_per_tick);
#endif
	return mono_ns();
}

#ifdef HAVE_TSC
static int tsc_invariant(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(0x80000000, &a, &b, &c, &d) || a < 0x80000007)
		return 0;
	__get_cpuid(0x80000007, &a, &b, &c, &d);
	return (d >> 8) & 1;
}

/* A CLOCK_MONOTONIC reading and the TSC at the same moment: the tightest
 * of 16 TSC brackets around a clock read (a preempted one is wide). */
static void paired_read(int64_t *ns, uint64_t *tick)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < 16; i++) {
		uint64_t a = __rdtsc();
		int64_t t = mono_ns();
		uint64_t b = __rdtsc();

		if (b - a < best) {
			best = b - a;
			*ns = t;
			*tick = a + (b - a) / 2;
		}
	}
}

/* ns per tick over about span_ns of spinning (not sleeping: an idle CPU
 * may not keep a constant rate where the TSC is not invariant). */
static double tsc_rate(int64_t span_ns, int64_t *ns0, uint64_t *tick0)
{
	int64_t t1;
	uint64_t c1;

	paired_read(ns0, tick0);
	do
		paired_read(&t1, &c1);
	while (t1 - *ns0 < span_ns);
	return c1 > *tick0 ? (double)(t1 - *ns0) / (double)(c1 - *tick0) : 0;
}

/* Two 5 ms calibrations must agree within 0.1 %, else the TSC is not
 * trusted (a migration between unsynchronised CPUs, a rate change). */
static int tsc_calibrate(void)
{
	int64_t ns0, ns1;
	uint64_t t0, t1;
	double r0 = tsc_rate(5000000, &ns0, &t0), r1 = tsc_rate(5000000, &ns1, &t1);

	if (!(r0 > 0) || !(r1 > 0) || r0 / r1 > 1.001 || r1 / r0 > 1.001)
		return 0;
	clk.ns_per_tick = (r0 + r1) / 2;
	clk.ns0 = ns1;
	clk.tick0 = t1;
	clk.tsc = 1;
	return 1;
}
#endif

/* `want`: "auto" (NULL), "tsc" or "monotonic"; the TSC only where it is
 * invariant and calibrates consistently. */
static void choose_clock(struct pace_bench_timer *t, const char *want)
{
	clk.tsc = 0;
	t->clock = "CLOCK_MONOTONIC";
	t->tsc_ghz = 0;
	if (want && strcmp(want, "monotonic") == 0)
		return;
#ifdef HAVE_TSC
	if (tsc_invariant() && tsc_calibrate()) {
		t->clock = "TSC";
		t->tsc_ghz = 1.0 / clk.ns_per_tick;
	}
#endif
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

void pace_bench_timer_measure(struct pace_bench_timer *t, const char *want)
{
	struct timespec res;
	int64_t step = 0;

	choose_clock(t, want);
	clock_getres(CLOCK_MONOTONIC, &res);
	t->getres_ns = t->tsc_ghz > 0 ? 1.0 / t->tsc_ghz
				      : (double)res.tv_sec * 1e9 + (double)res.tv_nsec;
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
