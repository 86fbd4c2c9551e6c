/*
 * analysis.h - what `pace compare`, `pace run --baseline` and the
 * after-run summary share (analysis.c): comparing two stored or measured
 * runs, and printing the result as a table or JSON.
 */
#ifndef PACE_CLI_ANALYSIS_H
#define PACE_CLI_ANALYSIS_H

#include <sys/types.h>

#include <stdio.h>

#include <jansson.h>

#include "analyze/analyze.h"
#include "cli/cli.h"
#include "config/config.h"
#include "pipeline/pipeline.h"
#include "store/store.h"
#include "util/json.h"

/* The table: one line per test x variant (only improved / regressed ones
 * when only_changes), then the counts.  Prints nothing at all when
 * only_changes and nothing changed. */
void pace_cli_print_diff(FILE *f, const struct pace_diff *d, bool color,
			 bool only_changes);

/* Every figure of a diff, for --json. */
json_t *pace_cli_diff_json(const struct pace_diff *d);

/* Loads run `ref` (id, prefix, latest, previous, baseline name) from st,
 * analysed again (pace_pipeline_load).  Prints why and returns an exit
 * code on failure. */
int pace_cli_load_ref(struct pace_store *st, const char *ref,
		      struct pace_loaded_run *out);

/* The body of compare, trends and patterns: loads the configuration
 * (files, then `flags`), calls fn(args, cfg), releases.  parse_rc is
 * parse_args's result: 0 go on, -1 help was printed, else an exit code.
 * Frees flags->v; returns the exit code. */
int pace_cli_with_config(int parse_rc, struct pace_cli_flags *flags,
			 int (*fn)(const void *args,
				   const struct pace_config *cfg),
			 const void *args);

/* store_key.c: the key of an encrypted history from PACE_STORE_KEY_FILE
 * (its first line) or PACE_STORE_KEY; *key NULL when neither is set.
 * Prints why and returns an exit code on failure. */
int pace_cli_store_key(char **key);
/* umask 077 (with output.private) until pace_cli_private_end(old). */
mode_t pace_cli_private_begin(const struct pace_config *cfg);
void pace_cli_private_end(mode_t old);
int pace_cli_read_key_file(const char *path, char **key);

/* Opens cfg->store (with pace_cli_store_key's key); prints why and
 * returns an exit code on failure. */
int pace_cli_store_open(struct pace_store **out,
			const struct pace_config *cfg);

/* For commands that read the history (history, compare): opens the store
 * named by --store (store_flag, NULL if not given), else output.store from
 * the configuration layers (config_file: --config, NULL = ./pace.yaml) or
 * PACE_STORE.  Returns 0 or an exit code, having printed why. */
int pace_cli_open_store(struct pace_store **out, const char *store_flag,
			const char *config_file);

/* Seconds as pace prints times, "-" when not finite (trends, changes). */
void pace_cli_fmt_seconds(char *out, size_t n, double seconds);
/* Whether key k passes --test ID and --variant NAME (NULL: any). */
bool pace_cli_key_wanted(const char *test, const char *variant,
			 const struct pace_store_test_key *k);

#endif
