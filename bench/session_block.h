/*
 * session_block.h - what bench/sandbox_bench.c and bench/docker_bench.c
 * share: a block of runs through an executor session, tallied as pace
 * pays for it (cost: CLOCK_MONOTONIC around pace_exec_session_run) and as
 * its samples report (wall).
 */
#ifndef PACE_BENCH_SESSION_BLOCK_H
#define PACE_BENCH_SESSION_BLOCK_H

#include <stdio.h>

#include "exec/session.h"

struct tally {
	double cost_ns, wall_ns;
	long runs;
};

/* n runs of spec in s added to t; -1 (said on stderr, after `who`) when
 * one fails. */
static inline int block(struct pace_exec_session *s, const struct pace_exec_spec *spec,
			long n, struct tally *t, const char *who)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_sample smp;

	for (long i = 0; i < n; i++) {
		int64_t t0 = pace_now_ns();
		if (pace_exec_session_run(s, &smp, NULL, spec, &err) ||
		    smp.fail != PACE_FAIL_NONE || smp.exit_code != 0) {
			fprintf(stderr, "%s: run failed: %s\n", who,
				err.code ? pace_error_msg(&err) : pace_fail_name(smp.fail));
			pace_error_release(&err);
			return -1;
		}
		t->cost_ns += (double)(pace_now_ns() - t0);
		t->wall_ns += (double)smp.wall_ns;
		t->runs++;
	}
	pace_error_release(&err);
	return 0;
}

#endif
