/*
 * binary_priv.h - what binary.c (pace-bench programs) and gbench.c
 * (Google Benchmark programs) share inside src/binary/.
 */
#ifndef PACE_BINARY_PRIV_H
#define PACE_BINARY_PRIV_H

#include <stdbool.h>

#include "binary/binary.h"
#include "exec/exec.h"

/* Runs argv once through the local executor (64 MiB of output kept). */
int pace_binary_exec(struct pace_sample *s, struct pace_capture *cap, struct pace_strvec *argv,
		     double timeout_s, volatile int *stop, struct pace_error *err);
/* Why the process itself went wrong (spawn, timeout, signal), or NULL. */
char *pace_binary_process_failure(const struct pace_sample *s, const struct pace_binary_opts *opts,
				  enum pace_fail *fail);

/* gbench.c: `PATH --benchmark_list_tests=true` as targets (suite "",
 * base the name up to its first '/'); -1 when PATH does not answer it. */
int pace_binary_gbench_list(struct pace_binary_target **out, size_t *n, const char *path,
			    double timeout_s);
/* Whether PATH is a Google Benchmark program with benchmark NAME. */
bool pace_binary_gbench_has(const char *path, const char *name, double timeout_s);
/* Runs benchmark NAME of PATH: --benchmark_repetitions = samples (default
 * 10), --benchmark_min_time = min_time_ms (default the library's), JSON
 * on stdout; each repetition one sample of ns per iteration (real time). */
int pace_binary_gbench_run(struct pace_binary_outcome *o, const char *path, const char *name,
			   const struct pace_binary_opts *opts, struct pace_error *err);

#endif
