/*
 * sandbox_bench.c - the sandbox executor's cost per run against the local
 * executor's (issue 18, acceptance 3; docs/benchmarks.md).
 *
 * One local session and one sandbox session (the host's "/" as root, a
 * scratch working directory) run the same program N times each, in
 * alternating blocks of B runs (local block, sandbox block, local, ...),
 * so that drift on a shared machine hits both alike.  For each executor it
 * prints the mean per-run cost as pace pays it (CLOCK_MONOTONIC around
 * pace_exec_session_run: for the sandbox that includes sending the
 * request and reading the reply) and the mean wall time the samples
 * report (what a result's figures are made of), and the ratios sandbox /
 * local.  Starting and stopping the sessions is outside both figures
 * (once per test x variant, not per run).
 *
 *   sandbox-bench N B PROGRAM [ARGS...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec/session.h"
#include "session_block.h"

#define WHO "sandbox-bench"

static struct pace_exec_session *open_session(enum pace_executor kind,
					      const char *workdir)
{
	struct pace_exec_session_opts o = {.kind = kind, .workdir = workdir,
					   .limits = {-1, -1, -1}};
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_exec_session *s = NULL;

	if (pace_exec_session_start(&s, &o, &err)) {
		fprintf(stderr, "sandbox-bench: %s\n", pace_error_msg(&err));
		exit(1);
	}
	pace_error_release(&err);
	return s;
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/pace-sandbox-bench-XXXXXX";
	struct tally loc = {0}, sbx = {0};
	struct pace_exec_session *ls, *ss;
	long n, b;
	int rc = 0;

	if (argc < 4 || (n = atol(argv[1])) <= 0 || (b = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: sandbox-bench N BLOCK PROGRAM [ARGS...]\n");
		return 2;
	}
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	struct pace_exec_spec spec = {.argv = argv + 3, .cwd = dir, .timeout_s = 10,
				      .kill_grace_s = 0.1, .capture_limit = 4096};
	ls = open_session(PACE_EXECUTOR_LOCAL, dir);
	ss = open_session(PACE_EXECUTOR_SANDBOX, dir);
	/* One block of each first, not counted: page cache, first-time faults. */
	{
		struct tally warm = {0};
		rc = block(ls, &spec, b, &warm, WHO) || block(ss, &spec, b, &warm, WHO);
	}
	while (!rc && loc.runs < n) {
		long k = n - loc.runs < b ? n - loc.runs : b;
		rc = block(ls, &spec, k, &loc, WHO) || block(ss, &spec, k, &sbx, WHO);
	}
	pace_exec_session_stop(ss);
	pace_exec_session_stop(ls);
	rmdir(dir);
	if (rc)
		return 1;
	printf("runs per executor: %ld, in alternating blocks of %ld\n", n, b);
	printf("%-8s %12s %12s\n", "", "cost us/run", "wall us/run");
	printf("%-8s %12.2f %12.2f\n", "local", loc.cost_ns / (double)loc.runs / 1e3,
	       loc.wall_ns / (double)loc.runs / 1e3);
	printf("%-8s %12.2f %12.2f\n", "sandbox", sbx.cost_ns / (double)sbx.runs / 1e3,
	       sbx.wall_ns / (double)sbx.runs / 1e3);
	printf("sandbox / local: cost %.3f x, wall %.3f x\n", sbx.cost_ns / loc.cost_ns,
	       sbx.wall_ns / loc.wall_ns);
	return 0;
}
