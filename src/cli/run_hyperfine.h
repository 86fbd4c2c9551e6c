/*
 * run_hyperfine.h - what `pace run` takes from hyperfine (issue 15): a
 * first argument that is a command rather than a suite, parameter sweeps
 * (-P, -D, -L), the hooks of ad-hoc commands (--prepare, --setup,
 * --conclude, --cleanup) and -S SHELL.  cmd_run.c parses the options into
 * struct pace_run_hf; these functions apply them.
 */
#ifndef PACE_CLI_RUN_HYPERFINE_H
#define PACE_CLI_RUN_HYPERFINE_H

#include "model.h"

struct pace_run_hf {
	/* -P NAME MIN MAX and -L NAME LIST, in the order given: kind 'P'
	 * uses a[0..2], 'L' a[0..1] (pointers into argv). */
	struct { char kind; const char *a[3]; } *sweeps;
	size_t nsweeps;
	const char *step;     /* -D STEP: the step of every -P */
	/* hooks of every ad-hoc command: one for all, or one per command */
	struct pace_strvec prepare, setup, conclude, cleanup;
	const char *shell;    /* -S / --shell=PROG; NULL: /bin/sh */
	const char *input;    /* --input FILE; NULL: /dev/null */
};

/* Decides what the operands of `pace run` (no "--") are: suites (files,
 * built-in names) or commands, as hyperfine would take them.  Sets
 * *commands; returns 0, or prints why and returns exit code 2 (mixed
 * suites and commands, or a lone word that is no suite and no program). */
int pace_run_hf_classify(char *const *ops, size_t n, bool *commands);

/* Expands the sweeps over the suites' tests (src/suite/params.c) and
 * checks that each is used.  0, or prints why and returns an exit code. */
int pace_run_hf_expand(const struct pace_run_hf *hf, struct pace_suite *suites,
		       size_t n);

/* Adds the hooks to every variant of the ad-hoc suite.  0 or exit code. */
int pace_run_hf_hooks(const struct pace_run_hf *hf, struct pace_suite *adhoc);

/* Runs every shell command of the suites with hf->shell instead of
 * /bin/sh.  0, or prints why and returns an exit code. */
int pace_run_hf_shell(const struct pace_run_hf *hf, struct pace_suite *suites,
		      size_t n);

/* --input: the stdin of every test's measured commands (an absolute
 * path: tests may run in another directory).  Refused (exit 2) for a file
 * that cannot be read and for tests under the sandbox or docker executor,
 * which always give /dev/null.  Call after the executors are decided. */
int pace_run_hf_input(const struct pace_run_hf *hf, struct pace_suite *suites,
		      size_t n);

/* Whether word names a common shell (sh, bash, dash, zsh, ...). */
bool pace_run_hf_is_shell(const char *word);

void pace_run_hf_release(struct pace_run_hf *hf);

#endif
