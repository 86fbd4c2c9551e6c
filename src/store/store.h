/*
 * store.h - the history of runs (DESIGN.md §5, issue 4): every `pace run`
 * is written into a store while it runs, so that pace can list past runs,
 * show one test's figures over time, compare runs and keep baselines.
 *
 * Callers see only this interface.  Behind it, a backend (an ops table in
 * store_priv.h) does the work; SQLite (store_sqlite.c) is the one built
 * now, for SQLite files (`benchmarks/pace.db` by default) and PostgreSQL
 * ("postgresql://..." URLs) alike through sql.h.
 *
 * Identities: a test is its suite id + test id (pace_test.suite, .id); a
 * result is run x test x variant name.  Ad-hoc commands (pace run -- CMD)
 * are suite "adhoc", test "adhoc-" + a hash of the command texts, variants
 * named by --command-name or the command (suite.c), so repeating the same
 * command line extends the same history.  Runs are identified by their id
 * (pace_run.id, "20261123-115500-1a2b").
 *
 * Writing while running: pace_store_run_begin, then any number of
 * pace_store_add_samples / pace_store_put_result (each its own transaction
 * unless the caller opened one with pace_store_begin), then
 * pace_store_run_end.  A run whose process died (kill -9) stays "running"
 * until the store is next opened on the same host, when it is marked
 * interrupted (its pid is gone).
 *
 * Every function returns 0 or a negative PACE_E* code with a message in
 * err; PACE_EUSAGE for what the user got wrong (an unknown run reference,
 * an unsupported location), PACE_EIO for database trouble.
 */
#ifndef PACE_STORE_H
#define PACE_STORE_H

#include "model.h"

struct pace_store;

/* Where the store is when neither --store, output.store nor PACE_STORE
 * says otherwise (relative to the working directory). */
#define PACE_STORE_DEFAULT_PATH "benchmarks/pace.db"

/* ---- opening ------------------------------------------------------------ */

/* Opens (creating it and its directory if needed) the store at `location`:
 * a file path for SQLite, or a URL of another backend.  Brings the schema
 * up to date (migrations) and marks dead "running" runs of this host as
 * interrupted.  *out is NULL on failure. */
int pace_store_open(struct pace_store **out, const char *location,
		    struct pace_error *err);
/* The same with a SQLCipher key for an encrypted SQLite history (NULL =
 * none; PACE_EUSAGE for a PostgreSQL location). */
int pace_store_open_key(struct pace_store **out, const char *location,
			const char *key, struct pace_error *err);
/* What the store is, in one line: its backend and version, and whether
 * it is encrypted (SQLCipher) or how the connection is (host, sslmode,
 * TLS in use) for PostgreSQL.  Owned. */
char *pace_store_describe(struct pace_store *st);
void pace_store_free(struct pace_store *st); /* NULL ok */

/* The location it was opened with (a URL's password masked), and its
 * backend ("sqlite" or "postgresql"). */
const char *pace_store_location(const struct pace_store *st);
const char *pace_store_backend(const struct pace_store *st);

/* Explicit transaction around several writes (batching).  Writes made
 * while none is open commit one by one. */
int pace_store_begin(struct pace_store *st, struct pace_error *err);
int pace_store_commit(struct pace_store *st, struct pace_error *err);
void pace_store_rollback(struct pace_store *st);

/* The backend's native handle: the sqlite3 * for SQLite, NULL for any
 * other backend.  For store-internal code (the analysis tables:
 * benchmark_patterns, performance_trends, recommendations); callers
 * outside src/store/ must not use it. */
void *pace_store_sqlite(struct pace_store *st);

/* ---- writing a run -------------------------------------------------------- */

enum pace_store_status {
	PACE_STORE_RUNNING = 0,
	PACE_STORE_COMPLETE,
	PACE_STORE_INTERRUPTED,
};
const char *pace_store_status_name(enum pace_store_status s);

/* What a run is stored with besides the struct pace_run itself. */
struct pace_store_run_meta {
	/* The run's configuration (pace_config_to_json), with the analysis
	 * settings (confidence, alpha, threshold, bootstrap, seed) the
	 * pipeline reads back to redo the analysis; NULL = "{}". */
	const char *config_json;
	const char *git_commit;   /* of the working directory; NULL unknown */
	const char *command_line; /* how pace was invoked; NULL unknown */
	/* --shard K/N: the run group the shards share and "K/N"; NULL for
	 * a run that is not a shard. */
	const char *run_group, *shard;
};

/* Records the run as "running" (run->id, started and env must be set:
 * pace_run_begin), with this process's pid and host. */
int pace_store_run_begin(struct pace_store *st, const struct pace_run *run,
			 const struct pace_store_run_meta *meta,
			 struct pace_error *err);

/* Appends r->samples[first .. first + n) to run `run_id` (creating the
 * test and result rows on first use), in one transaction unless one is
 * open.  `ord` is the result's position in the run (run->results index),
 * which pace_store_load_run restores. */
int pace_store_add_samples(struct pace_store *st, const char *run_id,
			   const struct pace_result *r, size_t ord,
			   size_t first, size_t n, struct pace_error *err);

/* Writes (or rewrites) a result's summary figures, failure texts and stop
 * reason; samples are not touched. */
int pace_store_put_result(struct pace_store *st, const char *run_id,
			  const struct pace_result *r, size_t ord,
			  struct pace_error *err);

/* Marks the run complete or interrupted and records its end time. */
int pace_store_run_end(struct pace_store *st, const struct pace_run *run,
		       enum pace_store_status status, struct pace_error *err);

/* `pace run --resume`: marks the interrupted run `run_id` running again
 * under this process (pid, host; its end time cleared) and deletes its
 * unfinished results, those without a summary (the process died during
 * the test) or stopped as "interrupted", samples and all; the finished
 * ones stay as they are, to be loaded (pace_store_load_run) and kept.
 * PACE_EUSAGE when there is no such run. */
int pace_store_run_resume(struct pace_store *st, const char *run_id,
			  struct pace_error *err);

/* Removes a run and everything of it. */
int pace_store_delete_run(struct pace_store *st, const char *run_id,
			  struct pace_error *err);

/* ---- reading runs ---------------------------------------------------------- */

struct pace_store_run_info {
	char id[48];
	char started[32], ended[32]; /* ISO 8601; ended "" while running */
	int64_t started_unix_ms, ended_unix_ms; /* ended 0 while running */
	enum pace_store_status status;
	size_t ntests, nresults, nsamples;
	char *git_commit;   /* NULL unknown */
	char *hostname;
	char *config_json;
	char *env_json;
	long pid;
	char *command_line; /* how pace was invoked; NULL unknown */
	char *run_group;    /* the shards' run group; NULL: not a shard */
	char *shard;        /* "K/N"; NULL: not a shard */
};

/* Newest first; limit 0 = all. */
int pace_store_list_runs(struct pace_store *st, size_t limit,
			 struct pace_store_run_info **out, size_t *n,
			 struct pace_error *err);
int pace_store_get_run(struct pace_store *st, const char *run_id,
		       struct pace_store_run_info *out, struct pace_error *err);
void pace_store_run_info_release(struct pace_store_run_info *ri);
void pace_store_run_infos_free(struct pace_store_run_info *ri, size_t n);

/* Resolves a reference to a run id: a full id, a unique prefix of one,
 * "latest" (the newest run that is not running), "previous" (the one
 * before latest), a baseline name, or a run group (out = the group,
 * which pace_pipeline_load loads as one run).  PACE_EUSAGE with a message naming
 * the reference when it matches nothing or several runs. */
int pace_store_resolve(struct pace_store *st, const char *ref, char out[48],
		       struct pace_error *err);

/* ---- run groups (CI shards) -------------------------------------------------- */

/* The ids of the runs of run group `group`, oldest first, into *ids (a
 * strvec the caller releases; empty when no run has that group). */
int pace_store_group_members(struct pace_store *st, const char *group,
			     struct pace_strvec *ids, struct pace_error *err);

/* Folds the runs of each run group in ri[0 .. *n) (as pace_store_list_runs
 * gives them) into one entry, where the group's newest run was: id the
 * group, started the earliest start, ended the latest end (while none
 * is running), status running > interrupted > complete, the counts
 * summed, shard "K shards".  Runs without a group stay as they are. */
void pace_store_fold_groups(struct pace_store_run_info *ri, size_t *n);

/* ---- baselines -------------------------------------------------------------- */

struct pace_store_baseline {
	char *name;
	char run_id[48];
	char created[32];
};

/* Points baseline `name` at run_id (replacing an earlier one). */
int pace_store_baseline_set(struct pace_store *st, const char *name,
			    const char *run_id, struct pace_error *err);
/* PACE_EUSAGE when there is no baseline of that name. */
int pace_store_baseline_get(struct pace_store *st, const char *name,
			    char run_id[48], struct pace_error *err);
int pace_store_baseline_list(struct pace_store *st,
			     struct pace_store_baseline **out, size_t *n,
			     struct pace_error *err);
int pace_store_baseline_delete(struct pace_store *st, const char *name,
			       struct pace_error *err);
void pace_store_baselines_free(struct pace_store_baseline *b, size_t n);

/* ---- one test over time ------------------------------------------------------ */

/* A result's figures in one run (wall time, seconds). */
struct pace_store_point {
	char run_id[48];
	char started[32];
	int64_t started_unix_ms;
	enum pace_store_status status;
	size_t n;                 /* counted samples */
	size_t nfailed;
	double mean, median, sd, min, max;
	double ci_lo, ci_hi;      /* confidence interval of the mean */
	double mean_rss;          /* bytes, NaN unknown */
	char *git_commit;         /* NULL unknown */
};

/* The history of suite/test_id/variant (variant NULL = "default"; suite
 * NULL = any suite, an error if the id is in several), oldest first, the
 * newest `limit` runs (0 = all). */
int pace_store_test_history(struct pace_store *st, const char *suite,
			    const char *test_id, const char *variant,
			    size_t limit, struct pace_store_point **out,
			    size_t *n, struct pace_error *err);
void pace_store_points_free(struct pace_store_point *p, size_t n);

/* Every test x variant the store knows (for listings and trends). */
struct pace_store_test_key {
	char *suite, *test_id, *variant;
	size_t nruns;
};
int pace_store_list_tests(struct pace_store *st,
			  struct pace_store_test_key **out, size_t *n,
			  struct pace_error *err);
void pace_store_test_keys_free(struct pace_store_test_key *k, size_t n);

/* ---- loading a whole run back ----------------------------------------------- */

/* A run as it was stored: the tests it measured (grouped by suite, owned
 * here; the results' test and variant pointers point into them), every
 * sample, the failure texts and stop reasons.  Only data: the summaries
 * and comparisons are not computed here (the store knows no statistics);
 * pace_pipeline_load redoes them with the run's stored analysis settings. */
struct pace_store_loaded {
	struct pace_store_run_info info;
	struct pace_suite *suites;
	size_t nsuites;
	struct pace_run run;
};

int pace_store_load_run(struct pace_store *st, const char *run_id,
			struct pace_store_loaded *out, struct pace_error *err);
void pace_store_loaded_release(struct pace_store_loaded *l);

/* ---- a running run's progress (store_progress.c) ------------------------- */

/* How far a run is, as its runner knows it: tests_done of tests_planned
 * plan items, and the runner's estimate of the time left. */
struct pace_store_progress {
	bool known;              /* false: no progress was recorded */
	size_t tests_done, tests_planned;
	double eta_s;            /* NaN unknown */
	int64_t updated_unix_ms; /* when it was recorded */
};

/* Records p for run_id (replacing the earlier record). */
int pace_store_run_progress(struct pace_store *st, const char *run_id,
			    const struct pace_store_progress *p,
			    struct pace_error *err);
/* out->known false when none was recorded. */
int pace_store_get_progress(struct pace_store *st, const char *run_id,
			    struct pace_store_progress *out,
			    struct pace_error *err);

#endif
