/*
 * system_priv.h - what system.c (the checks) and system_tune.c (tune and
 * reset) share: reading a file under the root, the CPU list, DAMON.
 */
#ifndef PACE_SYSTEM_PRIV_H
#define PACE_SYSTEM_PRIV_H

#include "model.h"

#define CPU_DIR "/sys/devices/system/cpu"
#define DAMON_DIR "/sys/kernel/mm/damon/admin/kdamonds"

struct checks {
	struct pace_env_check *v;
	size_t n, alloc;
	const char *root; /* "" for the real machine */
	int ncpu;
};

/* Reads ROOT/rel into buf with blanks trimmed at both ends: 0, or -1 when
 * the file cannot be read. */
int pace_system_readf(const struct checks *c, const char *rel, char *buf,
		      size_t size);
/* The cpuN directories under ROOT/sys/devices/system/cpu, in order;
 * *out is the caller's to free. */
size_t pace_system_cpus(const struct checks *c, int **out);
/* Whether a scheme of kdamond `k` (its directory name) pages out; *age_s
 * is the shortest idle age it pages out at, in seconds (-1 unknown). */
bool pace_system_kdamond_pages_out(const struct checks *c, const char *k,
				   double *age_s);

#endif
