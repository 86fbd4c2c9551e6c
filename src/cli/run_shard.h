/*
 * run_shard.h - `pace run --shard K/N [--run-group ID]` (run_shard.c):
 * parsing K/N and naming the run group the shards share.
 */
#ifndef PACE_CLI_RUN_SHARD_H
#define PACE_CLI_RUN_SHARD_H

#include <stddef.h>

/* "K/N" with 1 <= K <= N; 0, or 2 after printing why. */
int pace_cli_shard_parse(const char *s, size_t *k, size_t *n);

/* The run group of this shard (caller frees): `given` (--run-group)
 * when set, else the CI system's id of this pipeline run, else one
 * derived from the git commit, the operands (`args`: suites or
 * commands) and N. */
char *pace_cli_run_group(const char *given, char *const *args, size_t nargs,
			 size_t n);

#endif
