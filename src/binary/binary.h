/*
 * binary.h - pace's side of the in-process protocol: lists and runs the
 * targets of a program built with libpace-bench (include/pace/bench.h,
 * docs/bench-library.md).  Each target runs in its own process
 * (`PROGRAM --exact NAME --json ...`) through the local executor, so a
 * target that crashes or exceeds its timeout is recorded as failed and
 * the others still run.  Turning an outcome into a struct pace_result is
 * the runner's job (see the note in binary.c).
 *
 * Who frees what: pace_binary_targets_free() frees a list;
 * pace_binary_outcome_release() the contents of an outcome.
 */
#ifndef PACE_BINARY_H
#define PACE_BINARY_H

#include "model.h"

struct pace_binary_target {
	char *name;     /* "sort/n=1000": what --exact takes */
	char *base;     /* "sort" */
	char *suite;
	struct pace_strvec tags;
};

/* Runs `path --list --json`; fills *out with *n targets. */
int pace_binary_list(struct pace_binary_target **out, size_t *n, const char *path,
		     double timeout_s, struct pace_error *err);
void pace_binary_targets_free(struct pace_binary_target *t, size_t n);

struct pace_binary_opts {
	double timeout_s;     /* whole process; <= 0 none */
	double min_time_ms;   /* per sample; <= 0: the library's default */
	int samples;          /* <= 0: the library's default */
	int warmup;           /* < 0: the library's default */
	/* A stop request counter (exec.h's stop, stop_at 1), or NULL: the
	 * process is stopped at once and the outcome has process.interrupted
	 * set (nothing else in it counts). */
	volatile int *stop;
};
#define PACE_BINARY_OPTS_INIT {0, 0, 0, -1, NULL}

struct pace_binary_outcome {
	enum pace_fail fail;  /* NONE, or SPAWN/SIGNAL/TIMEOUT/EXIT/VALIDATION */
	char *message;        /* why it failed; NULL when it did not */
	struct pace_sample process; /* the process that ran the target */
	double timer_resolution_ns, timer_overhead_ns;
	uint64_t iterations;  /* per sample */
	double *ns_per_op;    /* nsamples values */
	size_t nsamples;
	double bytes_per_sec, items_per_sec;
	struct pace_strvec counter_names;
	double *counter_values;
	/* What the library reports beyond the above (protocol 1, later
	 * libraries; older ones leave these 0 / NULL). */
	char *timer_clock;
	double timer_getres_ns;
	double bytes_per_op, items_per_op;
	double *counter_samples; /* counter_names.n x nsamples, by counter;
				  * NULL when the program did not send them */
};

/* Runs target `name` of `path`.  Returns 0 whether or not the target
 * failed (see o->fail), or a PACE_E* code when pace could not run it. */
int pace_binary_run(struct pace_binary_outcome *o, const char *path, const char *name,
		    const struct pace_binary_opts *opts, struct pace_error *err);
void pace_binary_outcome_release(struct pace_binary_outcome *o);

/* Replaces each test of `type: binary` in s (test->binary set, no
 * binary_target yet) by one test per chosen target of its program (listed
 * with `PROG --list --json`, waiting at most timeout_s), in place
 * (expand.c says what an expanded test holds).  PACE_EUSAGE when a
 * program cannot be listed, a named target does not exist, nothing is
 * chosen, or two tests end up with the same id; s stays releasable. */
int pace_binary_expand(struct pace_suite *s, double timeout_s, struct pace_error *err);

#endif
