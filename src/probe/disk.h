/*
 * disk.h - the size of a working directory (issue 13, seed 001's
 * DiskMetrics): pace reads it before and after each measured run,
 * outside the timed region, and keeps the difference.
 */
#ifndef PACE_PROBE_DISK_H
#define PACE_PROBE_DISK_H

#include <stdint.h>

/* The most entries pace walks per reading: a larger tree (pace's working
 * directory may be anything) is "unknown" rather than a slow run. */
#define PACE_DISK_MAX_ENTRIES 200000

/* Sums the apparent size (st_size) of the regular files and counts the
 * entries (inodes: files, directories, links; dir itself not counted)
 * below dir, without following symbolic links or crossing into other
 * file systems.  Returns 0, or -1 when dir cannot be read or holds more
 * than PACE_DISK_MAX_ENTRIES entries. */
int pace_probe_dir_usage(const char *dir, int64_t *bytes, int64_t *inodes);

#endif
