/*
 * counters.h - perf_event_open counters of a command (issue 13): the
 * software counters (task-clock, page faults, context switches, CPU
 * migrations), which every Linux has, and the hardware ones (cycles,
 * instructions, branches, branch misses, cache misses) where the CPU has
 * a PMU and perf_event_paranoid lets pace use it; a VM often has none.
 *
 * The counters are opened on pace itself, disabled, with inherit and
 * enable_on_exec, just before a command is started: pace never execs, so
 * its own work is never counted, while each process started after the
 * open inherits a copy that starts counting at its execve.  When a child
 * exits its counts are added to pace's counter, so the reading after the
 * command was reaped covers the command and every descendant it waited
 * for; through pace-spawn it also covers pace-spawn's own few steps after
 * its exec (a static program: a clone and a write).  Open nothing else
 * (no thread, no other child) between _open and _read.
 */
#ifndef PACE_PROBE_COUNTERS_H
#define PACE_PROBE_COUNTERS_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct pace_counters {
	int fd[PACE_NPERF]; /* -1: not open */
	int err[PACE_NPERF]; /* errno of a failed open, 0 when open */
};

/* Opens every counter it can; never fails as a whole. */
void pace_counters_open(struct pace_counters *c);
/* Reads the counts into out (-1 for counters not open; scaled by
 * enabled/running time when the kernel multiplexed them) and closes. */
void pace_counters_read_close(struct pace_counters *c, int64_t out[PACE_NPERF]);
/* Why the hardware counters are missing, as a sentence (a new string),
 * or NULL when at least one was open. */
char *pace_counters_hw_note(const struct pace_counters *c);

#endif
