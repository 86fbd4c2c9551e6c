/*
 * cgroup.h - the sandbox executor's control groups (private to exec/): one
 * group per test x variant in each hierarchy that a limit needs, on cgroup
 * v1 (one hierarchy per controller) or v2 (one unified hierarchy), or a mix
 * of both (the "hybrid" layout: a v1 hierarchy wins for its controller).
 *
 * Where the groups go: on v1 under pace's own group of that hierarchy (as
 * /proc/self/cgroup names it), so that a limit on pace (a CI job's memory
 * cgroup) still bounds the test; on v2 beside pace's own group, under its
 * parent, because v2 lets a group hand controllers to children only while
 * it holds no processes itself, and pace's group holds pace (the parent
 * already delegates whatever controllers pace's group has).  At the v2 root
 * (pace in "/") the group goes under the root, which may hold processes.
 *
 * Paths are formatted before the agent forks, so that joining in the child
 * is only open/write/close.
 */
#ifndef PACE_EXEC_CGROUP_H
#define PACE_EXEC_CGROUP_H

#include <stdint.h>

#include "model.h"

enum { PACE_CG_MEMORY, PACE_CG_PIDS, PACE_CG_CPU, PACE_CG_NCTL };

struct pace_cgroup {
	/* The group's directory per controller (v1: one per hierarchy; v2:
	 * the same directory for each); NULL when not used. */
	char *dir[PACE_CG_NCTL];
	bool v2[PACE_CG_NCTL];
	char *procs[PACE_CG_NCTL]; /* DIR/cgroup.procs, for joining */
	char *oom_file;            /* memory.events or memory.oom_control */
};

/* Creates the groups that `lim` needs (memory, cpus, pids) and sets their
 * limits; a pids group is made whenever a pids controller exists, so that
 * stop can find and kill every process of the test.  `name` is the
 * directory name to use: "pace-sandbox-PID-...", so that groups left by a
 * pace that was SIGKILLed are recognised and removed on the next create.  A limit whose controller the machine does not
 * have is an error naming it.  On error nothing is left behind. */
int pace_cgroup_create(struct pace_cgroup *cg, const struct pace_limits *lim,
		       const char *name, struct pace_error *err);

/* In the agent, before it starts anything: moves the calling process into
 * every group.  Returns 0, or -errno with *failed set to the path. */
int pace_cgroup_join(const struct pace_cgroup *cg, const char **failed);

/* The kernel's count of OOM kills in the memory group; -1 when there is
 * no memory group or the count cannot be read. */
int64_t pace_cgroup_oom_kills(const struct pace_cgroup *cg);

/* SIGKILLs whatever is still in the groups, waits (up to a second) for
 * them to go, removes the directories and frees cg.  Safe on a zeroed cg. */
void pace_cgroup_destroy(struct pace_cgroup *cg);

#endif
