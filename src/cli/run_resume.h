/*
 * run_resume.h - `pace run --resume [RUN]` (run_resume.c): which run to
 * finish, the command line that finishes it, and the store's side.
 */
#ifndef PACE_CLI_RUN_RESUME_H
#define PACE_CLI_RUN_RESUME_H

#include "pipeline/pipeline.h"

/* The run to resume: `ref` (NULL: the newest interrupted run) in the
 * store at `location`, which must be interrupted; its id into id and the
 * arguments that finish it into *args ("run", the stored command line's
 * arguments with the options of `cur` (this invocation without --resume
 * and its operand) before any "--", so that they win).  Returns 0 or an
 * exit code, having printed why. */
int pace_cli_resume_args(struct pace_strvec *args, char id[48],
			 const char *location, const char *ref,
			 char *const *cur, size_t ncur);

/* Reopens run id in rec's store for finishing (pace_store_run_resume)
 * and loads its finished results into *out (release with
 * pace_store_loaded_release); rec then writes into the same run.
 * Returns 0 or an exit code, having printed why. */
int pace_cli_resume_open(struct pace_recorder *rec, const char *id,
			 struct pace_store_loaded *out);

#endif
