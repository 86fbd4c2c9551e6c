/*
 * controls.c - CPU pinning, ASLR off, environment padding and niceness
 * of the measured commands (controls.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <unistd.h>

#include "exec/controls.h"

static int bad_cpus(const char *text, const char *why, struct pace_error *err)
{
	return pace_error_set(err, PACE_EUSAGE, "invalid CPU list '%s' "
			      "(execution.cpus): %s", text, why);
}

int pace_controls_parse_cpus(cpu_set_t *set, const char *text,
			     struct pace_error *err)
{
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	const char *p = text;

	CPU_ZERO(set);
	while (*p) {
		char *end;
		long lo = strtol(p, &end, 10), hi = lo;
		if (end == p || lo < 0)
			return bad_cpus(text, "expected numbers like 0-3,6", err);
		p = end;
		if (*p == '-') {
			hi = strtol(p + 1, &end, 10);
			if (end == p + 1 || hi < lo)
				return bad_cpus(text, "expected a range like 0-3", err);
			p = end;
		}
		if (hi >= ncpu || hi >= CPU_SETSIZE)
			return pace_error_set(err, PACE_EUSAGE, "invalid CPU list '%s' "
					      "(execution.cpus): this machine has "
					      "CPUs 0-%ld", text, ncpu - 1);
		for (long c = lo; c <= hi; c++)
			CPU_SET((int)c, set);
		if (*p == ',')
			p++;
		else if (*p)
			return bad_cpus(text, "expected numbers like 0-3,6", err);
	}
	if (!CPU_COUNT(set))
		return bad_cpus(text, "no CPU in it", err);
	return 0;
}

int pace_controls_apply(struct pace_controls_saved *saved,
			const struct pace_controls *c, struct pace_error *err)
{
	memset(saved, 0, sizeof(*saved));
	if (c->cpus[0]) {
		cpu_set_t set;
		int rc = pace_controls_parse_cpus(&set, c->cpus, err);
		if (rc)
			return rc;
		if (sched_getaffinity(0, sizeof(saved->cpus), &saved->cpus) ||
		    sched_setaffinity(0, sizeof(set), &set))
			return pace_error_set(err, PACE_EINTERNAL, "cannot pin to "
					      "CPUs '%s': %s", c->cpus, strerror(errno));
		saved->cpus_set = true;
	}
	if (c->no_aslr) {
		int old = personality(0xffffffff);
		if (old < 0 || personality((unsigned long)old | ADDR_NO_RANDOMIZE) < 0) {
			pace_controls_restore(saved);
			return pace_error_set(err, PACE_EINTERNAL, "cannot turn "
					      "ASLR off (personality): %s",
					      strerror(errno));
		}
		saved->persona = (unsigned long)old;
		saved->persona_set = true;
	}
	return 0;
}

void pace_controls_restore(struct pace_controls_saved *saved)
{
	if (saved->cpus_set)
		sched_setaffinity(0, sizeof(saved->cpus), &saved->cpus);
	if (saved->persona_set)
		personality(saved->persona);
	saved->cpus_set = saved->persona_set = false;
}

int pace_controls_nice(int nice, struct pace_error *err)
{
	if (nice == 0)
		return 0;
	errno = 0;
	if (setpriority(PRIO_PROCESS, 0, nice) < 0)
		return pace_error_set(err, PACE_EUSAGE, "cannot set niceness %d "
				      "(execution.nice): %s%s", nice, strerror(errno),
				      nice < 0 ? " (a negative niceness needs root)" : "");
	return 0;
}

int64_t pace_controls_env_pad(struct pace_strbuf *out, int64_t max)
{
	uint64_t r = 0;
	int64_t n;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r))
		r = (uint64_t)pace_now_ns();
	n = max > 0 ? (int64_t)(r % (uint64_t)(max + 1)) : 0;
	char chunk[256];

	memset(chunk, 'x', sizeof(chunk));
	pace_strbuf_adds(out, "PACE_ENV_PAD=");
	for (int64_t left = n; left > 0; left -= (int64_t)sizeof(chunk))
		pace_strbuf_addf(out, "%.*s", (int)(left < (int64_t)sizeof(chunk)
				 ? left : (int64_t)sizeof(chunk)), chunk);
	return n;
}
