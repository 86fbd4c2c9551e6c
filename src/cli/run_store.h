/*
 * run_store.h - `pace run` writing its run into the history store while it
 * measures (run_store.c): samples in batches from the runner's progress
 * events, summaries at each test's end, complete / interrupted at the end.
 */
#ifndef PACE_CLI_RUN_STORE_H
#define PACE_CLI_RUN_STORE_H

#include "runner/runner.h"
#include "store/store.h"

struct pace_run_store {
	struct pace_store *st;      /* NULL: not storing (--no-store, or failed) */
	const struct pace_config *cfg;
	char *git_commit;
	char *command_line;
	bool begun;
	size_t *saved;              /* samples stored, by result index */
	size_t nsaved;
	size_t pending;             /* samples measured since the last batch */
	int64_t last_flush_ns;
};

/* Opens the store at `location` (NULL: cfg->store).  Returns 0 or an exit
 * code, having printed why.  A store that cannot be opened or created (an
 * I/O problem) is only a warning: the run goes on without being stored. */
int pace_run_store_open(struct pace_run_store *rs, const char *location,
			const struct pace_config *cfg, const char *command_line);
/* Feeds a runner event (from the progress callback). */
void pace_run_store_event(struct pace_run_store *rs, const struct pace_run *run,
			  const struct pace_runner_progress *p);
/* Stores what is left and marks the run complete or interrupted. */
void pace_run_store_finish(struct pace_run_store *rs, const struct pace_run *run);
void pace_run_store_close(struct pace_run_store *rs);

/* For commands that read the history (history, compare): opens the store
 * named by --store (store_flag, NULL if not given), else output.store from
 * the configuration layers (config_file: --config, NULL = ./pace.yaml) or
 * PACE_STORE.  Returns 0 or an exit code, having printed why. */
int pace_cli_open_store(struct pace_store **out, const char *store_flag,
			const char *config_file);

#endif
