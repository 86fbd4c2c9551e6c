/*
 * system.h - how well this machine suits benchmarking (`pace system
 * check`), and setting what can be set for it (`pace system tune`), with
 * the earlier values saved so that `pace system reset` puts them back
 * exactly.
 *
 * Every check reads files under a root directory: NULL or "" is the real
 * machine, another directory a fake /proc and /sys that the unit tests
 * write.  What cannot be read is status "unknown", never an error: a VM,
 * a container or a kernel without cpufreq has no governor to report.
 */
#ifndef PACE_SYSTEM_H
#define PACE_SYSTEM_H

#include "model.h"

/* "ok", "warn", "unknown"; and back (-1 for anything else). */

/* Runs every check.  *out is an array of *n checks the caller frees with
 * pace_env_checks_free.  On the real machine (root NULL or "") it also
 * asks systemd-detect-virt, when installed, what it runs in. */
void pace_system_check(struct pace_env_check **out, size_t *n,
		       const char *root);

/* The notable warnings (load, governor, turbo, DAMON) in one line for the
 * start of a run: "load average 3.20 1.10 0.50 on 2 CPUs; DAMON reclaim
 * kdamond 0 on, action pageout".  Appends nothing when there are none. */
void pace_system_note(struct pace_strbuf *out, const struct pace_env_check *v,
		      size_t n);

/* One setting tune or reset wrote (or tried to). */
struct pace_system_change {
	char *path;   /* under the root: "/sys/devices/system/cpu/..." */
	char *before; /* the value read before writing */
	char *after;  /* the value written */
	int error;    /* 0, or the errno of the failed write */
};
struct pace_system_changes {
	struct pace_system_change *v;
	size_t n, alloc;
};
void pace_system_changes_release(struct pace_system_changes *c);

/* Where tune keeps the values it replaced: ROOT/run/pace/system-tune.json
 * (/run is emptied at boot, like the settings themselves).  Caller frees. */
char *pace_system_state_path(const char *root);

/* Sets every CPU's governor to performance, turns turbo/boost off and
 * stops DAMON kdamonds that run a pageout scheme.  The values it replaces
 * are saved to state_path first (merged with a state already there, so a
 * second tune keeps the first one's originals).  A write the kernel
 * refuses (EACCES without root) is a change with its error set, not a
 * failure; PACE_EIO only when the state file cannot be written. */
int pace_system_tune(struct pace_system_changes *out, const char *root,
		     const char *state_path, struct pace_error *err);

/* Writes back every value in state_path and removes it (keeping the
 * entries whose write failed).  No state file: nothing to do, 0. */
int pace_system_reset(struct pace_system_changes *out, const char *root,
		      const char *state_path, struct pace_error *err);

#endif
