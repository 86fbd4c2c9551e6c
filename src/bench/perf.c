/*
 * perf.c - perf_event_open counters of an in-process target (issue 13,
 * as Google Benchmark's perf counters): the software counters
 * (task-clock, page faults, context switches, CPU migrations) and, where
 * the machine has and allows them, the hardware ones (cycles,
 * instructions, branches, branch misses, cache misses), each per
 * operation, reported as the sample's counters "perf.NAME/op" so that
 * pace summarises them like any other counter.  A counter the machine
 * does not give is simply absent.
 *
 * The counters count this thread only, all the time they are open; a
 * sample's counts are read just before and just after it, so they
 * include the sample's own timer reads (a few per sample, spread over
 * all its iterations).  libc only, like the rest of libpace-bench.
 */
#include <linux/perf_event.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench_priv.h"

static const struct {
	const char *name;
	uint32_t type;
	uint64_t config;
} kinds[PACE_BENCH_NPERF] = {
	{"perf.task-clock-ns/op", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK},
	{"perf.page-faults/op", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS},
	{"perf.context-switches/op", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES},
	{"perf.cpu-migrations/op", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS},
	{"perf.cycles/op", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES},
	{"perf.instructions/op", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS},
	{"perf.branches/op", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS},
	{"perf.branch-misses/op", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES},
	{"perf.cache-misses/op", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES},
};

void pace_bench_perf_open(struct pace_bench_perf *p)
{
	for (int k = 0; k < PACE_BENCH_NPERF; k++) {
		struct perf_event_attr a;
		long fd;

		memset(&a, 0, sizeof(a));
		a.size = sizeof(a);
		a.type = kinds[k].type;
		a.config = kinds[k].config;
		a.exclude_kernel = kinds[k].type == PERF_TYPE_HARDWARE;
		a.exclude_hv = 1;
		fd = syscall(SYS_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
		p->fd[k] = fd < 0 ? -1 : (int)fd;
	}
}

void pace_bench_perf_close(struct pace_bench_perf *p)
{
	for (int k = 0; k < PACE_BENCH_NPERF; k++)
		if (p->fd[k] >= 0)
			close(p->fd[k]);
}

void pace_bench_perf_read(const struct pace_bench_perf *p, uint64_t v[PACE_BENCH_NPERF])
{
	for (int k = 0; k < PACE_BENCH_NPERF; k++)
		if (p->fd[k] < 0 || read(p->fd[k], &v[k], sizeof(v[k])) != (ssize_t)sizeof(v[k]))
			v[k] = 0;
}

void pace_bench_perf_report(const struct pace_bench_perf *p, pace_state *st,
			    const uint64_t before[PACE_BENCH_NPERF],
			    const uint64_t after[PACE_BENCH_NPERF])
{
	double n = st->iterations ? (double)st->iterations : 1.0;

	for (int k = 0; k < PACE_BENCH_NPERF; k++)
		if (p->fd[k] >= 0)
			pace_counter(st, kinds[k].name, (double)(after[k] - before[k]) / n);
}
