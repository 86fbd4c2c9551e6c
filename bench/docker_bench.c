/*
 * docker_bench.c - the docker executor's cost per run against the local
 * executor's, and against timing `docker exec` from outside (issue 12,
 * acceptance 3; bench/docker runs it, docs/benchmarks.md).
 *
 * Three ways of running the same program N times each, in alternating
 * blocks of B runs (local, docker, outside, local, ...), so that drift on a
 * shared machine hits all alike:
 *   local    a local session (pace_exec_run on the host);
 *   docker   a docker session: a container from IMAGE with WORKDIR bound,
 *            the program timed inside by pace-agent;
 *   outside  the local executor timing `docker exec CONTAINER PROGRAM`, as
 *            a benchmark of `docker exec ...` would (what the docker
 *            executor avoids).
 * For each it prints the mean per-run cost as pace pays it
 * (CLOCK_MONOTONIC around pace_exec_session_run: for docker that includes
 * the request and the reply through the docker CLI and daemon) and the
 * mean wall time the samples report (what a result's figures are made
 * of), and the ratios to local.  Starting the sessions is outside both.
 *
 *   docker-bench N B IMAGE WORKDIR CONTAINER PROGRAM [ARGS...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec/session.h"
#include "session_block.h"

enum { LOCAL, DOCKER, OUTSIDE, NWAYS };
static const char *const names[NWAYS] = {"local", "docker", "outside"};

static struct pace_exec_session *open_session(enum pace_executor kind,
					      const char *image, const char *workdir)
{
	struct pace_exec_session_opts o = {.kind = kind, .workdir = workdir,
					   .image = image,
					   .limits = {-1, -1, -1, -1}};
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_exec_session *s = NULL;

	if (pace_exec_session_start(&s, &o, &err)) {
		fprintf(stderr, "docker-bench: %s\n", pace_error_msg(&err));
		exit(1);
	}
	pace_error_release(&err);
	return s;
}

static void print(const struct tally *t)
{
	printf("%-8s %12s %12s %10s %10s\n", "", "cost us/run", "wall us/run",
	       "cost x", "wall x");
	for (int w = 0; w < NWAYS; w++)
		printf("%-8s %12.2f %12.2f %10.3f %10.3f\n", names[w],
		       t[w].cost_ns / (double)t[w].runs / 1e3,
		       t[w].wall_ns / (double)t[w].runs / 1e3,
		       t[w].cost_ns / t[LOCAL].cost_ns, t[w].wall_ns / t[LOCAL].wall_ns);
}

int main(int argc, char **argv)
{
	struct tally t[NWAYS] = {{0}}, warm[NWAYS] = {{0}};
	struct pace_exec_session *s[NWAYS];
	struct pace_exec_spec spec[NWAYS];
	char **outside;
	long n, b;
	int rc = 0, nprog;

	if (argc < 7 || (n = atol(argv[1])) <= 0 || (b = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: docker-bench N BLOCK IMAGE WORKDIR CONTAINER "
			"PROGRAM [ARGS...]\n");
		return 2;
	}
	nprog = argc - 6;
	outside = calloc((size_t)nprog + 4, sizeof(char *));
	if (!outside)
		return 1;
	outside[0] = "docker";
	outside[1] = "exec";
	outside[2] = argv[5];
	memcpy(outside + 3, argv + 6, (size_t)nprog * sizeof(char *));
	for (int w = 0; w < NWAYS; w++)
		spec[w] = (struct pace_exec_spec){.argv = argv + 6, .cwd = argv[4],
			.timeout_s = 30, .kill_grace_s = 0.1, .capture_limit = 4096};
	spec[OUTSIDE].argv = outside;
	s[LOCAL] = open_session(PACE_EXECUTOR_LOCAL, NULL, argv[4]);
	s[DOCKER] = open_session(PACE_EXECUTOR_DOCKER, argv[3], argv[4]);
	s[OUTSIDE] = open_session(PACE_EXECUTOR_LOCAL, NULL, argv[4]);
	/* One block of each first, not counted: page cache, first-time faults. */
	for (int w = 0; w < NWAYS && !rc; w++)
		rc = block(s[w], &spec[w], b, &warm[w], "docker-bench");
	while (!rc && t[LOCAL].runs < n) {
		long k = n - t[LOCAL].runs < b ? n - t[LOCAL].runs : b;
		for (int w = 0; w < NWAYS && !rc; w++)
			rc = block(s[w], &spec[w], k, &t[w], "docker-bench");
	}
	for (int w = 0; w < NWAYS; w++)
		pace_exec_session_stop(s[w]);
	free(outside);
	if (rc)
		return 1;
	printf("runs per way: %ld, in alternating blocks of %ld\n", n, b);
	print(t);
	return 0;
}
