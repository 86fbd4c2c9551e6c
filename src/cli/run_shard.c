/*
 * run_shard.c - the CLI side of CI shards.  The shards of one run must
 * agree on a run group without talking to each other, so the group is
 * what they all see alike: --run-group when the user gives one, else the
 * id the CI system gives every job of one pipeline run (GitHub Actions'
 * run id and attempt, GitLab's pipeline id, Buildkite's build id,
 * CircleCI's workflow id), else a name derived from the checked-out
 * commit, the suites (or commands) and N, so that `--shard 1/3`, `2/3`, `3/3` of
 * the same command at the same commit land in one group.  Two separate
 * sets of shards of the same command and commit then share a group too:
 * --run-group tells them apart.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/run_shard.h"
#include "pipeline/pipeline.h"

int pace_cli_shard_parse(const char *s, size_t *k, size_t *n)
{
	char *end;
	unsigned long long a, b;

	a = strtoull(s, &end, 10);
	if (end == s || *end != '/')
		goto bad;
	b = strtoull(end + 1, &end, 10);
	if (*end || a < 1 || b < 1 || a > b || b > 100000)
		goto bad;
	*k = (size_t)a;
	*n = (size_t)b;
	return 0;
bad:
	return pace_cli_error("run: --shard '%s' is not K/N with 1 <= K <= N "
			      "(e.g. 2/3)", s);
}

/* The CI system's id of this pipeline run, or NULL. */
static char *ci_group(void)
{
	static const char *const vars[][2] = {
		{"GITHUB_RUN_ID", "GITHUB_RUN_ATTEMPT"},
		{"CI_PIPELINE_ID", NULL},
		{"BUILDKITE_BUILD_ID", NULL},
		{"CIRCLE_WORKFLOW_ID", NULL},
	};

	for (size_t i = 0; i < PACE_ARRAY_SIZE(vars); i++) {
		const char *id = getenv(vars[i][0]);
		const char *attempt = vars[i][1] ? getenv(vars[i][1]) : NULL;
		if (id && *id)
			return pace_xasprintf("ci-%s%s%s", id, attempt && *attempt ?
					      "-" : "", attempt && *attempt ? attempt : "");
	}
	return NULL;
}

char *pace_cli_run_group(const char *given, char *const *args, size_t nargs,
			 size_t n)
{
	char *commit, *group;
	uint64_t h = PACE_FNV1A_INIT;

	if (given)
		return pace_xstrdup(given);
	if ((group = ci_group()) != NULL)
		return group;
	commit = pace_pipeline_git_commit(NULL);
	h = pace_fnv1a(h, commit ? commit : "", commit ? strlen(commit) + 1 : 1);
	for (size_t i = 0; i < nargs; i++)
		h = pace_fnv1a(h, args[i], strlen(args[i]) + 1);
	h = pace_fnv1a(h, &n, sizeof(n));
	group = pace_xasprintf("shards-%.12s-%012" PRIx64, commit ? commit : "nocommit",
			       (uint64_t)(h & 0xffffffffffffULL));
	free(commit);
	return group;
}
