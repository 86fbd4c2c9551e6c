/*
 * spawn_helper.h - what pace-spawn (spawn_helper.c) tells the executor
 * through the report pipe on fd 3: one fixed-size record, written once.
 */
#ifndef PACE_SPAWN_HELPER_H
#define PACE_SPAWN_HELPER_H

#include <stdint.h>

#define PACE_SPAWN_REPORT_FD 3

struct pace_spawn_report {
	int64_t t0_ns; /* CLOCK_MONOTONIC just before the clone */
	int32_t pid;   /* the command (pace's child); -1 if clone failed */
	int32_t err;   /* errno of the failed clone or exec; 0 when it runs */
	int64_t pad;   /* keeps the record 24 bytes on every ABI */
};

#endif
