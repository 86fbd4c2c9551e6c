/*
 * sampler.h - a time series of a running command's process tree (issue
 * 13; DESIGN.md §3): a thread that, every interval, reads /proc for the
 * command and its descendants (found through /proc/PID/task/TID/children)
 * and records the tree's CPU use, resident memory and I/O bytes.
 *
 * One sampler serves many runs: it is made once (its thread then waits),
 * armed before each run with an interval, started from the executor's
 * on_start callback (a mutex and a condition signal: the only work in the
 * timed region besides the thread's own reads, whose cost bench/sampler
 * measures), and stopped after the run, which hands over the series.
 * The sampler thread is created before any perf counter is opened and
 * never execs, so it is never counted (probe/counters.h).
 */
#ifndef PACE_PROBE_SAMPLER_H
#define PACE_PROBE_SAMPLER_H

#include <stdint.h>
#include <sys/types.h>

#include "model.h"

struct pace_sampler;

/* NULL when no thread could be made (the run then goes on unsampled). */
struct pace_sampler *pace_sampler_new(void);
void pace_sampler_free(struct pace_sampler *s); /* NULL ok; joins */

/* The interval for a run expected to take about `expected_s` seconds
 * (<= 0: unknown): a hundredth of it, from 10 ms to 1 s (seed 000). */
int64_t pace_sampler_auto_interval(double expected_s);

/* Before a run: the next start samples every interval_ns. */
void pace_sampler_arm(struct pace_sampler *s, int64_t interval_ns);
/* The executor's on_start callback (data: the sampler). */
void pace_sampler_on_start(void *data, pid_t pid);
/* After the run: stops sampling and returns the series (NULL when the
 * run never started); the caller frees it (pace_timeseries_free). */
struct pace_timeseries *pace_sampler_stop(struct pace_sampler *s);

/* One reading of the tree below pid (exposed for the tests): CPU time in
 * ns (every live thread's schedstat, exact, plus the reaped children's
 * cutime + cstime, in clock ticks), resident bytes and rchar + wchar
 * summed; all 0 when pid is gone. */
int pace_sampler_read_tree(pid_t pid, int64_t *cpu_ns, int64_t *rss,
			   int64_t *io);

#endif
