/*
 * controls.h - what a run may fix about the processes it measures (issue
 * 13): the CPUs they run on (execution.cpus, --cpus), address-space
 * layout randomisation off (execution.aslr false, --no-aslr), a random
 * amount of environment (execution.envPad, --env-pad: Mytkowicz et al.,
 * "Producing wrong data without doing anything obviously wrong": the
 * size of the environment moves the stack and changes timings), and the
 * niceness (execution.nice, --nice).
 *
 * CPU affinity and the personality are set on pace's own thread just
 * before a command starts and restored right after: a process started
 * in between inherits both (through pace-spawn too), and nothing else of
 * pace runs then.  The niceness is set once for the whole run (pace
 * could not lower it back without root), before the sampler thread.
 */
#ifndef PACE_EXEC_CONTROLS_H
#define PACE_EXEC_CONTROLS_H

#include <sched.h>
#include <stdbool.h>

#include "model.h"

struct pace_controls_saved {
	cpu_set_t cpus;
	bool cpus_set;
	unsigned long persona;
	bool persona_set;
};

/* Parses "0-3,6" into set; PACE_EUSAGE naming the text otherwise (also
 * for a CPU this machine does not have). */
int pace_controls_parse_cpus(cpu_set_t *set, const char *text,
			     struct pace_error *err);

/* Before a command (c: the run's controls): pins pace's thread to c's
 * CPUs and turns ASLR off as asked, saving what it replaced.  Returns 0
 * or PACE_EUSAGE / PACE_EINTERNAL with the reason. */
int pace_controls_apply(struct pace_controls_saved *saved,
			const struct pace_controls *c, struct pace_error *err);
/* After it: puts back what apply replaced. */
void pace_controls_restore(struct pace_controls_saved *saved);

/* Once, at the start of a run: the niceness (0: leave it). */
int pace_controls_nice(int nice, struct pace_error *err);

/* "PACE_ENV_PAD=xxx..." with a random 0..max bytes of value, into out;
 * returns the length of the value. */
int64_t pace_controls_env_pad(struct pace_strbuf *out, int64_t max);

#endif
