/*
 * exec.h - the local executor: runs one command once and measures it
 * (DESIGN.md §3).
 *
 * posix_spawn with an argv, in a new process group, stdin from /dev/null
 * (or spec->input),
 * through pace-spawn (spawn_helper.c: the command's peak RSS is then its
 * own, not pace's; found next to the program, in ../libexec/pace, where
 * installed or in the build tree; $PACE_SPAWN_HELPER=none starts commands
 * directly, as does a root where it is missing),
 * stdout and stderr through pipes that are drained as the child writes:
 * the first `capture_limit` bytes of each are kept, the rest counted, and a
 * child that writes more than `max_output` in total is killed.  Wall time
 * is CLOCK_MONOTONIC from just before the command's clone (in pace-spawn)
 * or posix_spawn to the moment the child
 * is seen to exit (pidfd).  The exited child is left a zombie with
 * waitid(WNOWAIT) so that /proc/PID/io can still be read (probe/), then
 * reaped with wait4 for its rusage.
 *
 * A timeout, a crash, a non-zero exit or a missing binary is data in the
 * sample, never an error: pace_exec_run returns non-zero only when pace
 * itself could not do its job (pipes, fork resources), after retrying
 * EAGAIN-like failures with backoff.  Nothing is left running: on timeout
 * the whole process group gets TERM, then KILL after `kill_grace`, and
 * processes left in the group after the child exited are counted and
 * killed the same way.
 */
#ifndef PACE_EXEC_H
#define PACE_EXEC_H

#include <sys/types.h>

#include "model.h"

struct pace_exec_spec {
	char *const *argv;      /* argv[0] is looked up in PATH */
	char *const *env;       /* extra "NAME=value" on top of environ; NULL ok */
	const char *cwd;        /* NULL: inherit */
	double timeout_s;       /* <= 0: none */
	double kill_grace_s;    /* TERM -> KILL delay */
	int64_t capture_limit;  /* bytes kept per stream */
	int64_t max_output;     /* total bytes before the child is killed; 0 = no limit */
	int retries;            /* for EAGAIN/ENOMEM at spawn time */
	const char *input;      /* stdin from this file; NULL: /dev/null
				 * (the local executor only) */
	/* Called once the command runs (inside the timed region: keep it to
	 * a wake-up), with its pid; NULL: none.  The time-series sampler
	 * (probe/sampler.h) starts watching the process tree there. */
	void (*on_start)(void *data, pid_t pid);
	void *on_start_data;
	/* A stop request counter that a signal handler raises, or NULL.  Once
	 * *stop >= stop_at (> 0), the command is not started, or its group
	 * gets SIGTERM and SIGKILL after min(kill_grace_s, 0.5 s) or at the
	 * next raise of *stop, whichever comes first; the sample then has
	 * `interrupted` set.  While the command runs, *stop is looked at
	 * after every signal and at least every 0.1 s. */
	volatile int *stop;
	int stop_at;
	/* Other commands may start while this one runs (pace run --jobs):
	 * orphans adopted by pace can then be theirs, so they are not
	 * counted and killed as this command's leftovers (its own group's
	 * still are). */
	bool no_adopt;
};

struct pace_capture {
	struct pace_strbuf out, err; /* first capture_limit bytes of each */
};
#define PACE_CAPTURE_INIT {PACE_STRBUF_INIT, PACE_STRBUF_INIT}
void pace_capture_release(struct pace_capture *c);

/* Runs spec once.  Fills *sample (all fields; unknown metrics -1) and, when
 * `cap` is not NULL, the captured output.  sample->fail is left as
 * PACE_FAIL_NONE except for the executor's own verdicts: SPAWN, TIMEOUT,
 * OUTPUT, LEFTOVER and SIGNAL; judging the exit code belongs to the caller.
 * Returns 0, or a PACE_E* code with a message in err. */
int pace_exec_run(struct pace_sample *sample, struct pace_capture *cap,
		  const struct pace_exec_spec *spec, struct pace_error *err);

#endif
