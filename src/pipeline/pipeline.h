/*
 * pipeline.h - everything a `pace run` does after measuring, as a library
 * (DESIGN.md §1: "the work of a whole pace run ... is driven by a library
 * module, a pipeline over the runner's events, so that pace report, pace
 * serve, pace-self and the unit tests use the same pipeline"):
 *
 *   1. recording: the runner's events go to pace_pipeline_event, which
 *      writes the samples into the store in batches while the run goes on
 *      (recorder.c); pace_pipeline_finish stores the rest and marks the
 *      run complete or interrupted;
 *   2. analysis, once (pace_pipeline_analyze): the patterns and daily
 *      trends of the run (record.c), the comparison with a baseline (or
 *      the previous run of its first test), the history verdicts of each
 *      result; all verdicts by analyze/'s one rule;
 *   3. reports (pace_pipeline_write): the report model over the run, its
 *      history and verdicts, and every file of the output directory
 *      (vcs.md included), written after the verdicts exist.
 *
 * `pace report RUN` goes through the same steps 2 (history only) and 3
 * with a run loaded back by pace_pipeline_load, which redoes the run's
 * statistics with its stored analysis settings: the store keeps data, the
 * pipeline re-analyses.
 *
 * Nothing here prints: a store that fails mid-run is dropped with a
 * warning handed to the caller's warn callback (the run goes on), and
 * errors come back as PACE_E* codes with a message.
 */
#ifndef PACE_PIPELINE_H
#define PACE_PIPELINE_H

#include "analyze/analyze.h"
#include "config/config.h"
#include "report/report_model.h"
#include "runner/runner.h"
#include "store/store.h"

/* How many earlier runs a report's history chart shows. */
#define PACE_REPORT_HISTORY_RUNS 30

typedef void (*pace_pipeline_warn_fn)(void *data, const char *msg);

/* ---- 1. recording while measuring (recorder.c) ------------------------ */

struct pace_recorder {
	struct pace_store *st;      /* NULL: not storing (or dropped) */
	const struct pace_config *cfg;
	char *git_commit;
	char *command_line;
	bool begun;                 /* the run's row exists */
	/* --shard: stored with the run (store.h's run_group, shard); NULL
	 * for a run that is not a shard.  Borrowed. */
	const char *run_group, *shard;
	size_t *saved;              /* samples stored, by result index */
	size_t nsaved;
	size_t pending;             /* samples measured since the last batch */
	int64_t last_flush_ns;
	struct pace_store_progress progress; /* the last event's, stored with each batch */
	pace_pipeline_warn_fn warn; /* NULL: warnings are dropped */
	void *warn_data;
};

/* Records into st (taken over: freed by pace_recorder_release, or when
 * it fails mid-run) the run that cfg configures; command_line (NULL
 * unknown) and the working directory's git commit go with it. */
void pace_recorder_init(struct pace_recorder *rec, struct pace_store *st,
			const struct pace_config *cfg, const char *command_line);
/* A runner event: samples go in batches (every 64 samples or 200 ms), a
 * test's end stores its summaries with its last samples. */
void pace_recorder_event(struct pace_recorder *rec, const struct pace_run *run,
			 const struct pace_runner_progress *p);
/* Stores what is left and marks the run complete or interrupted. */
void pace_recorder_finish(struct pace_recorder *rec, const struct pace_run *run);
void pace_recorder_release(struct pace_recorder *rec);

/* --jobs: each plan item's expected_s from the history in st (the last
 * run's measured time of every variant), where it has the test; items
 * it does not know keep their estimatedDuration (expect.c). */
void pace_pipeline_expected_durations(struct pace_plan *plan, struct pace_store *st);

/* The commit checked out in directory `dir` (NULL = cwd) when it is in a
 * git repository; NULL otherwise.  Caller frees. */
char *pace_pipeline_git_commit(const char *dir);

/* ---- loading a stored run back, analysed again (load.c) ----------------- */

/* A run as pace_store_load_run gives it, with its summaries and
 * comparisons recomputed at the run's stored analysis settings (cfg:
 * defaults + confidence, alpha, threshold, bootstrap, seed from its config
 * JSON), which gives the same figures as the original run: the statistics
 * are deterministic for a given seed. */
struct pace_loaded_run {
	struct pace_store_run_info info;
	struct pace_suite *suites;
	size_t nsuites;
	struct pace_run run;
	struct pace_config cfg;
};

/* The runs `ids` of run group `group` (pace_store_group_members) as one
 * stored run whose id is the group: their results one after the other
 * (group.c).  On failure *out is left empty. */
int pace_pipeline_load_group(struct pace_store *st, const char *group,
			     const struct pace_strvec *ids,
			     struct pace_store_loaded *out, struct pace_error *err);

/* run_id may be a run group: its shards are loaded as one run.  On
 * failure *out is left empty (releasing it is a no-op). */
int pace_pipeline_load(struct pace_store *st, const char *run_id,
		       struct pace_loaded_run *out, struct pace_error *err);
/* Resolves `ref` (id, prefix, latest, previous, baseline) and loads it. */
int pace_pipeline_load_ref(struct pace_store *st, const char *ref,
			   struct pace_loaded_run *out, struct pace_error *err);
void pace_pipeline_loaded_release(struct pace_loaded_run *l);

/* ---- 2. analysis (pipeline.c, history.c) -------------------------------- */

/* Compares the runs (old = baseline) at cfg's analysis settings. */
void pace_pipeline_diff_runs(struct pace_diff *out, const struct pace_run *old,
			     const struct pace_run *new_,
			     const struct pace_config *cfg);

/* Fills *out (pace_report_history_release frees it) with the stored
 * history of every test x variant of `run`: at most `limit` runs that
 * started no later than `run` itself, oldest first, so that `pace report`
 * of an old run sees the history that run saw; each point and the run's
 * own result carry analyze/'s regression verdict against the point before
 * (pace_analyze_regressed at cfg's alpha and threshold).  st NULL: none;
 * store errors leave the history partial (the report is still worth
 * writing). */
void pace_pipeline_history(struct pace_report_history *out,
			   struct pace_store *st, const struct pace_run *run,
			   const struct pace_config *cfg, size_t limit);

/* ---- change points (changes.c) ------------------------------------------ */

struct pace_store_change;

/* analyze/'s change-point settings from cfg (alpha, confidence,
 * threshold, seed; PACE_CP_PERMUTATIONS, PACE_CP_MIN_SIZE). */
void pace_pipeline_cp_opts(struct pace_cp_opts *o, const struct pace_config *cfg);
/* The change points of suite/test_id/variant (suite NULL: the store finds
 * it) over the mean wall time of each stored run that started no later
 * than until_ms (finished runs with counted samples), oldest first.
 * *out: pace_store_changes_free (store/store_changes.h). */
int pace_pipeline_changes(struct pace_store *st, const char *suite,
			  const char *test_id, const char *variant,
			  const struct pace_config *cfg, int64_t until_ms,
			  struct pace_store_change **out, size_t *n,
			  struct pace_error *err);
/* The same over the whole history, and stored in place of the key's
 * earlier change points. */
int pace_pipeline_changes_update(struct pace_store *st, const char *suite,
				 const char *test_id, const char *variant,
				 const struct pace_config *cfg,
				 struct pace_store_change **out, size_t *n,
				 struct pace_error *err);

/* What the analysis of a run found. */
struct pace_pipeline_result {
	/* The comparison with the baseline (or the previous run of the
	 * run's first test); have_diff false when there was none. */
	bool have_diff;
	struct pace_diff diff;
	char baseline_id[48];
	char baseline_started[32];
	bool regressed;             /* diff has a regression */
	struct pace_report_history history;
	/* The store the run is in (borrowed; NULL: none), where
	 * pace_pipeline_write_reports records the reports it writes and
	 * their recommendations; a failure there is a warning. */
	struct pace_store *st;
	pace_pipeline_warn_fn warn;
	void *warn_data;
};

/* Step 2 for a run stored through rec (NULL or not begun: history and
 * baseline are skipped): records its patterns and trends (a failure there
 * is only a warning: the run itself is stored), compares it with
 * `baseline` (a reference; NULL or "previous": the previous run of its
 * first test), and reads its history.  Returns 0 or a PACE_E* code (an
 * unknown baseline reference). */
int pace_pipeline_analyze(struct pace_pipeline_result *out,
			  struct pace_store *st, const struct pace_run *run,
			  const struct pace_config *cfg, const char *baseline,
			  pace_pipeline_warn_fn warn, void *warn_data,
			  struct pace_error *err);
void pace_pipeline_result_release(struct pace_pipeline_result *r);

/* ---- imports (import.c) ---------------------------------------------------- */

/* The samples of one imported test x variant (indexes into suite). */
struct pace_import_set {
	size_t test_index, variant_index;
	struct pace_sample *samples;
	size_t nsamples, salloc;
};

/* What pace_import_parse read from one or more files: the tests (their
 * suites: "hyperfine", "gbench", or a pace raw file's own) and samples.
 * Zero-initialise; pace_import_release frees it. */
struct pace_import {
	const char *tool;           /* last form read: "hyperfine", "gbench", "pace" */
	struct pace_suite suite;    /* holds the tests (suite.id unused) */
	size_t tests_alloc;
	struct pace_import_set *v;
	size_t n, alloc;
};

/* Adds the tests and samples of text[0..len) (read from path, which names
 * it in messages): a hyperfine export, a Google Benchmark export or a
 * pace raw file.  PACE_EUSAGE with the reason otherwise (pace's
 * results.json included: it has no samples). */
int pace_import_parse(struct pace_import *im, const char *path,
		      const char *text, size_t len, struct pace_error *err);
void pace_import_release(struct pace_import *im);

/* Stores im's samples as one complete run (*run, released by the caller
 * with pace_run_release before im: it borrows im's tests), started now,
 * with cfg's analysis, then analyses it as pace run does
 * (pace_pipeline_analyze with the previous run of its first test). */
int pace_pipeline_import(struct pace_pipeline_result *res, struct pace_run *run,
			 struct pace_store *st, struct pace_import *im,
			 const struct pace_config *cfg, const char *command_line,
			 pace_pipeline_warn_fn warn, void *warn_data,
			 struct pace_error *err);

/* ---- 3. reports (pipeline.c) --------------------------------------------- */

struct pace_pipeline_write {
	const char *dir;            /* output directory */
	unsigned formats;           /* PACE_REPORT_* bits */
	bool compression;           /* archived reports zstd-compressed */
	const char *config_json;    /* the run's configuration snapshot */
	const char *command_line;   /* how pace was invoked, or NULL */
	int64_t seed;
	double threshold;
};

/* Builds the report model of run with the analysis' history and writes
 * the chosen files under w->dir (vcs.md too when the run has the VCS
 * variants); with res->st, records them in the store's reports table and
 * the model's recommendations in recommendations (store_reports.c).
 * Returns 0 or a PACE_E* code with message. */
int pace_pipeline_write_reports(const struct pace_run *run,
				const struct pace_pipeline_result *res,
				const struct pace_pipeline_write *w,
				struct pace_error *err);

/* store_reports.c: one reports row per main file written (results.json,
 * summary.md, report.html, results.csv: its name and text) and one
 * recommendations row per recommendation of m, in one transaction. */
int pace_pipeline_store_reports(struct pace_store *st, const struct pace_run *run,
				const struct pace_report_model *m,
				const struct pace_pipeline_write *w,
				struct pace_error *err);

/* `pace report RUN` as one call: loads `ref` from st, reads its history
 * as the run saw it and writes its reports into dir with the stored
 * context, exactly as `pace run` wrote them.  *id (may be NULL) gets the
 * run's id. */
int pace_pipeline_report(struct pace_store *st, const char *ref,
			 const char *dir, unsigned formats, bool compression,
			 char id[48], struct pace_error *err);

#endif
