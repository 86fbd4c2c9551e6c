/*
 * report_model.h - the one model every report writer reads (DESIGN.md §6,
 * §7 "cmark: one writer per output format over one shared model"; seed 001
 * §7 BenchmarkReport).  It is built once from a run, a little context (the
 * configuration snapshot, the command line, the seed) and, optionally, the
 * history of earlier runs, and holds what the writers would otherwise each
 * work out again: the executive summary, the comparison by operation and by
 * repository size, key findings and recommendations drawn from the data.
 *
 * Entry points for a command that has a run (pace run now; pace report RUN
 * later, from the store):
 *
 *     struct pace_report_context ctx = PACE_REPORT_CONTEXT_INIT;
 *     struct pace_report_model m;
 *     ctx.config_json = ...; ctx.history = ...;   (all optional)
 *     pace_report_model_build(&m, run, &ctx);
 *     pace_report_write_all(&m, &opts, &err);   (files in opts.dir)
 *     pace_report_model_release(&m);
 *
 * The model borrows the run and the context's strings and history: they
 * must outlive it.  Nothing in it depends on the clock, so the same run
 * always gives the same files (generatedAt is the run's end).
 */
#ifndef PACE_REPORT_MODEL_H
#define PACE_REPORT_MODEL_H

#include <stdio.h>

#include "model.h"
#include "util/util.h"

/* ---- history (filled by the store; empty until then) ------------------- */

/* One earlier (or this) run's figure of one test x variant; seconds. */
struct pace_report_history_point {
	char run_id[48];
	int64_t unix_ms;
	double mean, ci_lo, ci_hi;
	/* against the point before, by analyze/'s one rule (filled by the
	 * pipeline; the report only shows it) */
	bool regression;
	double sd;  /* of the run's samples; NaN unknown */
	size_t n;   /* counted samples */
	/* a change point of the history starts at this run (E-divisive,
	 * pace_pipeline_changes): the relative change of the means and its
	 * permutation p; NaN when there is none */
	bool change_point;
	double cp_change, cp_p;
};

/* A test x variant's points, oldest first. */
struct pace_report_history_series {
	char *test_id, *variant;
	struct pace_report_history_point *points;
	size_t n;
	/* This run's result against the last point, by the same rule, and
	 * the size of that change ("minor", "moderate", "severe": analyze/'s
	 * pace_analyze_severity; NULL unknown), filled by the pipeline
	 * (pace_pipeline_history). */
	bool current_regressed;
	const char *current_severity; /* static text */
	/* a change point starts at this run itself (the point drawn as
	 * "this run"), with its change and p */
	bool current_change_point;
	double current_cp_change, current_cp_p;
};

struct pace_report_history {
	struct pace_report_history_series *series;
	size_t n;
};
/* Frees the series and their points (the struct itself is the caller's). */
void pace_report_history_release(struct pace_report_history *h);

/* ---- context ------------------------------------------------------------ */

/* One test x variant the analysis found improved or regressed against
 * the run compared with (the baseline, else the previous run): exactly
 * what the console prints after the run.  Filled by the pipeline from
 * analyze/'s diff; strings borrowed.  Times in seconds. */
struct pace_report_verdict {
	const char *test, *variant;
	bool regressed;           /* else improved */
	double old_mean, new_mean;
	double change, ci_lo, ci_hi; /* new / old - 1 with its interval */
	double p_value;
	const char *severity;     /* "minor" | "moderate" | "severe" */
};

/* What bounds one result (analyze/'s pace_analyze_bottleneck, filled by
 * the pipeline): type "cpu", "memory", "io", "waiting", "mixed" or
 * "unknown" (static text), with its figures; NaN unknown. */
struct pace_report_bottleneck {
	const char *type;
	double cpu_share, major_faults, io_bytes, io_rate;
};

struct pace_report_context {
	const char *config_json;  /* effective configuration (JSON), or NULL */
	const char *command_line; /* how pace was invoked, or NULL */
	int64_t seed;             /* analysis.seed; < 0 unknown */
	double threshold;         /* practical difference (fraction) */
	const struct pace_report_history *history; /* NULL: none */
	/* The comparison's verdicts (NULL / 0: no run compared with) and
	 * the id of the run compared with (NULL: none). */
	const struct pace_report_verdict *verdicts;
	size_t nverdicts;
	const char *compared_with;
	/* One per run->results entry, in order (NULL: not analysed). */
	const struct pace_report_bottleneck *bottlenecks;
};
#define PACE_REPORT_CONTEXT_INIT {NULL, NULL, -1, 0.02, NULL, NULL, 0, NULL, NULL}

/* ---- the model ------------------------------------------------------------ */

/* Seed 001's Recommendation priorities; critical/important/optional in
 * JSON group critical, high and the rest. */
enum pace_rec_priority {
	PACE_REC_CRITICAL,
	PACE_REC_HIGH,
	PACE_REC_MEDIUM,
	PACE_REC_LOW,
};

struct pace_report_rec {
	enum pace_rec_priority priority;
	const char *category; /* performance | quality | usability (static) */
	char *title;
	char *message;  /* what to do */
	char *evidence; /* the figures behind it */
};

/* One operation (test) across the run's variants. */
struct pace_report_op {
	const struct pace_test *test;            /* borrowed */
	const char *size;                        /* "small", ... or NULL */
	const struct pace_result **by_variant;   /* [nvariants]; NULL absent */
	const struct pace_result *winner;        /* fastest with data */
	const struct pace_comparison *cmp;       /* winner vs runner-up */
	/* The winner and the runner-up run the same command and hooks
	 * (pace_report_same_command): no winner is named, cmp is NULL. */
	bool same_command;
	/* The winner is named only when cmp says the difference is both
	 * significant and at least the practical threshold (analysis'
	 * "meaningful"); else the writers say why there is none. */
	bool named;
	bool failed;                             /* failures, or skipped */
	bool skipped;
};

/* Operations of one repository size. */
struct pace_report_size {
	const char *size;   /* static */
	size_t nops;
	double avg_speedup; /* geometric mean of the operations' speedups */
	double *time;       /* [nvariants] geometric mean of means, seconds */
};

struct pace_report_model {
	const struct pace_run *run;        /* borrowed */
	struct pace_report_context ctx;    /* borrowed strings */
	char generated[32];                /* ISO 8601 */
	const char **variants;             /* labels in order of appearance */
	size_t nvariants;
	struct pace_report_op *ops;
	size_t nops;

	/* executive summary */
	size_t nsuccessful, nfailed, nskipped;
	double success_rate;       /* percent of tests with no failure */
	double total_duration_ms;  /* measured wall time */
	/* most named wins, or NULL; NULL too when the geometric-mean
	 * speedup's interval includes 1 (no_overall_winner then says so) */
	const char *overall_winner;
	const char *no_overall_winner; /* the variant that led, or NULL */
	double avg_speedup;        /* winner over the others (geomean) */
	double avg_speedup_lo, avg_speedup_hi; /* its interval, or NaN */
	size_t ncompared;          /* operations with a comparison */
	size_t *wins;              /* [nvariants] */
	double *avg_time;          /* [nvariants] mean of means, seconds */
	double *avg_rss;           /* [nvariants] mean peak RSS, bytes */
	struct pace_report_geomean *geomeans;
	size_t ngeomeans;

	struct pace_report_size *sizes;
	size_t nsizes;

	/* per history series: this run's result of it (or NULL) and
	 * whether it regressed against the series' last point */
	const struct pace_result **hist_current;
	bool *hist_regressed;

	struct pace_strvec findings;
	struct pace_report_rec *recs;
	size_t nrecs, recs_alloc;
};

/* Builds m from run and ctx (NULL: PACE_REPORT_CONTEXT_INIT). */
void pace_report_model_build(struct pace_report_model *m,
			     const struct pace_run *run,
			     const struct pace_report_context *ctx);
void pace_report_model_release(struct pace_report_model *m);

/* The index of a variant label in m->variants, or nvariants. */
size_t pace_report_model_variant(const struct pace_report_model *m,
				 const char *label);

/* The repository size a test measures ("small", "medium", "large": a tag,
 * or a word of its id), or NULL. */
const char *pace_report_test_size(const struct pace_test *t);

/* "critical", "high", "medium", "low". */
const char *pace_report_priority_name(enum pace_rec_priority p);
/* The Winner cell of an operation: the winner's label when it is named
 * (op->named), else why there is none: "same command", "none (not
 * significant)", "none (below the threshold)", or "–" (not compared). */
const char *pace_report_op_winner(const struct pace_report_op *op);

/* ---- writers over the model --------------------------------------------- */

int pace_report_html(FILE *f, const struct pace_report_model *m);
int pace_report_model_md(FILE *f, const struct pace_report_model *m);
int pace_report_model_json(FILE *f, const struct pace_report_model *m);
/* vcs.md: a title, what the figures mean, and pace_report_vcs_table.
 * Returns the number of rows (0: the run has no VCS variants, and
 * nothing is worth writing), or -1 on a write error. */
int pace_report_vcs_md(FILE *f, const struct pace_report_model *m);
/* Every metric of every sample, one row each (results-wide.csv). */
int pace_report_wide_csv(FILE *f, const struct pace_run *run);

/* Which files pace_report_write_all writes. */
enum {
	PACE_REPORT_RAW = 1 << 0,  /* raw/<test>.json */
	PACE_REPORT_JSON = 1 << 1, /* results.json, latest.json */
	PACE_REPORT_CSV = 1 << 2,  /* results.csv, results-wide.csv */
	PACE_REPORT_MD = 1 << 3,   /* summary.md, latest.md */
	PACE_REPORT_HTML = 1 << 4, /* report.html, latest.html */
	PACE_REPORT_ALL = 0x1f,
	/* vcs.md, the Jujutsu / Git / Git-WT table, is one of the Markdown
	 * files (written with PACE_REPORT_MD when the run has those
	 * variants); this bit asks for it alone (pace run --no-summary). */
	PACE_REPORT_VCS = 1 << 5,
};

/* Parses a --format list ("html,md,json,csv", also "all" and "raw") into
 * PACE_REPORT_* bits.  Returns 0, or PACE_EUSAGE naming the bad word. */
int pace_report_parse_formats(const char *list, unsigned *out,
			      struct pace_error *err);

struct pace_report_write_opts {
	const char *dir;
	unsigned formats;  /* PACE_REPORT_* bits */
	bool compression;  /* archive/<run-id>/ files zstd-compressed */
};

/* Writes the chosen files under o->dir (created).  Before latest.* are
 * replaced, the previous ones move to archive/<their run-id>/ (as .zst
 * with compression).  Returns 0 or a PACE_E* code with message. */
int pace_report_write_all(const struct pace_report_model *m,
			  const struct pace_report_write_opts *o,
			  struct pace_error *err);

/* DIR/raw/<id>.json, the id made safe as a file name. */
void pace_report_raw_path(struct pace_strbuf *sb, const char *dir,
			  const char *id);

/* Terminal histogram of values (one variant's samples) in [lo, hi] with
 * `bins` rows, bars up to `width` columns. */
void pace_report_histogram(FILE *f, const double *v, size_t n, double lo,
			   double hi, size_t bins, size_t width);

#endif
