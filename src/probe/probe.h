/*
 * probe.h - reading what the kernel knows about a process: /proc/PID/io of
 * an exited-but-unreaped child (its totals include reaped descendants),
 * rusage conversion, and a snapshot of the machine for the run record.
 *
 * Every reader fills -1 for what it cannot read (a kernel without
 * CONFIG_TASK_IO_ACCOUNTING, a hardened /proc), so callers degrade to
 * "unknown" instead of failing.
 */
#ifndef PACE_PROBE_H
#define PACE_PROBE_H

#include <sys/resource.h>
#include <sys/types.h>

#include "model.h"

/* Reads /proc/PID/io into the sample's I/O fields (-1 when unreadable). */
void pace_probe_read_io(struct pace_sample *s, pid_t pid);

/* Copies wait4's rusage into the sample (times to ns, maxrss to bytes). */
void pace_probe_from_rusage(struct pace_sample *s, const struct rusage *ru);

/* Snapshot of the machine: hostname, OS, kernel, CPU model and count,
 * memory, and the system check (probe/system.h).  Fields it cannot read
 * are NULL / -1. */
void pace_probe_env(struct pace_env_info *env);

/* Reads a small /proc or /sys file into buf (NUL-terminated, at most
 * size - 1 bytes, one read when the kernel hands it over whole); the bytes
 * read, or -1 when it cannot be opened. */
ssize_t pace_probe_read_small(const char *path, char *buf, size_t size);

/* What /proc/PID/stat says of a process that pace may have adopted. */
struct pace_proc_stat {
	char state;                    /* 'R', 'S', 'Z', ... */
	long pgrp;
	unsigned long long start_ticks; /* start after boot, in clock ticks */
};

/* Reads /proc/PID/stat into *st: 0, or -1 when the process is gone or the
 * file unreadable. */
int pace_probe_proc_stat(pid_t pid, struct pace_proc_stat *st);

/* Counts processes whose process group is `pgid` (reading /proc). */
int pace_probe_count_group(pid_t pgid);

#endif
