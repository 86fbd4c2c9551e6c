/*
 * run_jobs.h - what `pace run --jobs N` says after the run (run_jobs.c).
 */
#ifndef PACE_CLI_RUN_JOBS_H
#define PACE_CLI_RUN_JOBS_H

#include <inttypes.h>
#include <stdio.h>

#include "report/report_model.h"

/* One line on f for each result of run whose coefficient of variation is
 * more than twice (and above 5 %) that of its previous run in h. */
void pace_cli_note_spread(FILE *f, const struct pace_run *run,
			  const struct pace_report_history *h, int64_t jobs);

#endif
