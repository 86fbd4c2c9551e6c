/*
 * counters.c - perf_event_open counters of a command (counters.h).  Each
 * counter is its own event (no group): a machine without one kind still
 * gives the others.  The system call has no glibc wrapper.
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "probe/counters.h"

static const struct {
	uint32_t type;
	uint64_t config;
} kinds[PACE_NPERF] = {
	[PACE_PERF_TASK_CLOCK] = {PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK},
	[PACE_PERF_PAGE_FAULTS] = {PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS},
	[PACE_PERF_CONTEXT_SWITCHES] = {PERF_TYPE_SOFTWARE,
		PERF_COUNT_SW_CONTEXT_SWITCHES},
	[PACE_PERF_CPU_MIGRATIONS] = {PERF_TYPE_SOFTWARE,
		PERF_COUNT_SW_CPU_MIGRATIONS},
	[PACE_PERF_CYCLES] = {PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES},
	[PACE_PERF_INSTRUCTIONS] = {PERF_TYPE_HARDWARE,
		PERF_COUNT_HW_INSTRUCTIONS},
	[PACE_PERF_BRANCHES] = {PERF_TYPE_HARDWARE,
		PERF_COUNT_HW_BRANCH_INSTRUCTIONS},
	[PACE_PERF_BRANCH_MISSES] = {PERF_TYPE_HARDWARE,
		PERF_COUNT_HW_BRANCH_MISSES},
	[PACE_PERF_CACHE_MISSES] = {PERF_TYPE_HARDWARE,
		PERF_COUNT_HW_CACHE_MISSES},
};

void pace_counters_open(struct pace_counters *c)
{
	for (int k = 0; k < PACE_NPERF; k++) {
		struct perf_event_attr a;
		long fd;

		memset(&a, 0, sizeof(a));
		a.size = sizeof(a);
		a.type = kinds[k].type;
		a.config = kinds[k].config;
		a.disabled = 1;
		a.inherit = 1;
		a.enable_on_exec = 1;
		/* perf_event_paranoid 2 allows user-space counts only */
		a.exclude_kernel = k >= PACE_PERF_FIRST_HW;
		a.exclude_hv = 1;
		a.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED |
				PERF_FORMAT_TOTAL_TIME_RUNNING;
		fd = syscall(SYS_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
		c->fd[k] = fd < 0 ? -1 : (int)fd;
		c->err[k] = fd < 0 ? errno : 0;
	}
}

void pace_counters_read_close(struct pace_counters *c, int64_t out[PACE_NPERF])
{
	for (int k = 0; k < PACE_NPERF; k++) {
		uint64_t v[3]; /* value, time enabled, time running */

		out[k] = -1;
		if (c->fd[k] < 0)
			continue;
		if (read(c->fd[k], v, sizeof(v)) == (ssize_t)sizeof(v)) {
			if (v[2] > 0 && v[2] < v[1]) /* multiplexed: scale */
				v[0] = (uint64_t)((double)v[0] * (double)v[1] / (double)v[2]);
			out[k] = (int64_t)v[0];
		}
		close(c->fd[k]);
		c->fd[k] = -1;
	}
}

char *pace_counters_hw_note(const struct pace_counters *c)
{
	int e = 0;

	for (int k = PACE_PERF_FIRST_HW; k < PACE_NPERF; k++) {
		if (!c->err[k])
			return NULL;
		if (!e)
			e = c->err[k];
	}
	if (e == ENOENT || e == EOPNOTSUPP || e == ENODEV)
		return pace_xasprintf("hardware counters: not supported on this "
				      "machine (%s; a VM often has no PMU)",
				      strerror(e));
	if (e == EACCES || e == EPERM)
		return pace_xasprintf("hardware counters: not permitted (%s; see "
				      "/proc/sys/kernel/perf_event_paranoid)",
				      strerror(e));
	return pace_xasprintf("hardware counters: unavailable (%s)", strerror(e));
}
