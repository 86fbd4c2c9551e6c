/*
 * advice.c - what bounds a result, from what was measured (seed 000's
 * bottleneck analysis, made a rule on figures pace has):
 *
 *   cpu_share = mean (user + sys) / mean wall time of the counted samples
 *
 *   memory   major page faults, at least one per run on average (the
 *            process waited for pages from disk);
 *   io       storage traffic (read + write bytes of /proc/PID/io) of at
 *            least 1 MiB per run and 10 MiB/s of wall time, with the CPU
 *            busy less than 80 % of the time;
 *   cpu      the CPU busy at least 80 % of the wall time, or less but
 *            preempted (involuntary context switches) more than 4 times
 *            as often as it gave the CPU up itself (at least once): it
 *            was ready and waited for a CPU (a loaded machine);
 *   waiting  the CPU busy less than 50 % of the time, no I/O or paging to
 *            explain it, and it gave the CPU up itself (voluntary
 *            switches at least the involuntary ones): sleeping, locks,
 *            the network, a child;
 *   mixed    none of these (50-80 % CPU without I/O).
 *
 * Unknown figures (-1, NaN) are never taken for zero: a result without
 * CPU times has no bottleneck (unknown).  Computed once by the pipeline;
 * the report writers only show it.
 */
#include <math.h>
#include <string.h>

#include "analyze/analyze.h"

#define CPU_BOUND 0.8
#define CPU_IDLE 0.5
#define IO_BYTES (1024.0 * 1024.0)
#define IO_RATE (10.0 * 1024.0 * 1024.0)
#define PREEMPTED 4.0

const char *pace_bottleneck_name(enum pace_bottleneck b)
{
	static const char *const names[] = {"unknown", "cpu", "memory", "io",
					    "waiting", "mixed"};

	return names[b];
}

/* Mean of a sample field over the counted samples; NaN when any counted
 * sample does not know it. */
static double field_mean(const struct pace_result *r, size_t offset)
{
	double sum = 0;
	size_t n = 0;

	for (size_t i = 0; i < r->nsamples; i++) {
		const struct pace_sample *s = &r->samples[i];
		int64_t v;

		if (s->fail != PACE_FAIL_NONE)
			continue;
		memcpy(&v, (const char *)s + offset, sizeof(v));
		if (v < 0)
			return NAN;
		sum += (double)v;
		n++;
	}
	return n ? sum / (double)n : NAN;
}

void pace_analyze_bottleneck(struct pace_bottleneck_info *out,
			     const struct pace_result *r)
{
	double wall = r->wall.mean, rd, wr, io;

	memset(out, 0, sizeof(*out));
	out->type = PACE_BOTTLENECK_UNKNOWN;
	out->cpu_share = (r->user.n && r->sys.n && wall > 0)
		? (r->user.mean + r->sys.mean) / wall : NAN;
	out->major_faults = field_mean(r, offsetof(struct pace_sample, majflt));
	rd = field_mean(r, offsetof(struct pace_sample, read_bytes));
	wr = field_mean(r, offsetof(struct pace_sample, write_bytes));
	io = isfinite(rd) && isfinite(wr) ? rd + wr : NAN;
	out->voluntary = field_mean(r, offsetof(struct pace_sample, nvcsw));
	out->involuntary = field_mean(r, offsetof(struct pace_sample, nivcsw));
	out->io_bytes = io;
	out->io_rate = isfinite(io) && wall > 0 ? io / wall : NAN;
	if (!isfinite(out->cpu_share))
		return;
	if (out->major_faults >= 1.0)
		out->type = PACE_BOTTLENECK_MEMORY;
	else if (io >= IO_BYTES && out->io_rate >= IO_RATE &&
		 out->cpu_share < CPU_BOUND)
		out->type = PACE_BOTTLENECK_IO;
	else if (out->cpu_share >= CPU_BOUND ||
		 out->involuntary > PREEMPTED * fmax(out->voluntary, 1.0))
		out->type = PACE_BOTTLENECK_CPU;
	else if (out->cpu_share < CPU_IDLE)
		out->type = PACE_BOTTLENECK_WAITING;
	else
		out->type = PACE_BOTTLENECK_MIXED;
}
