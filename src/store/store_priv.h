/*
 * store_priv.h - what a store backend implements (store.h's ops table).
 * store.c holds the backend-independent parts (dispatch, resolving run
 * references, redoing the analysis of a loaded run); a backend holds the
 * SQL (store_sqlite.c: one for SQLite and PostgreSQL, through sql.h).
 */
#ifndef PACE_STORE_PRIV_H
#define PACE_STORE_PRIV_H

#include "store/store.h"

struct pace_store_ops {
	const char *name;
	void (*close)(struct pace_store *st);
	int (*begin)(struct pace_store *st, struct pace_error *err);
	int (*commit)(struct pace_store *st, struct pace_error *err);
	void (*rollback)(struct pace_store *st);
	int (*run_begin)(struct pace_store *st, const struct pace_run *run,
			 const struct pace_store_run_meta *meta, struct pace_error *err);
	int (*add_samples)(struct pace_store *st, const char *run_id,
			   const struct pace_result *r, size_t ord, size_t first,
			   size_t n, struct pace_error *err);
	int (*put_result)(struct pace_store *st, const char *run_id,
			  const struct pace_result *r, size_t ord, struct pace_error *err);
	int (*run_end)(struct pace_store *st, const struct pace_run *run,
		       enum pace_store_status status, struct pace_error *err);
	int (*delete_run)(struct pace_store *st, const char *run_id,
			  struct pace_error *err);
	/* store.h's pace_store_run_resume; the caller checked the status. */
	int (*run_resume)(struct pace_store *st, const char *run_id,
			  struct pace_error *err);
	int (*list_runs)(struct pace_store *st, size_t limit,
			 struct pace_store_run_info **out, size_t *n,
			 struct pace_error *err);
	int (*get_run)(struct pace_store *st, const char *run_id,
		       struct pace_store_run_info *out, struct pace_error *err);
	/* Up to `max` run ids starting with prefix; *n the number found. */
	int (*match_ids)(struct pace_store *st, const char *prefix,
			 char (*ids)[48], size_t max, size_t *n, struct pace_error *err);
	int (*baseline_set)(struct pace_store *st, const char *name,
			    const char *run_id, struct pace_error *err);
	/* 1 found, 0 not found, < 0 error. */
	int (*baseline_get)(struct pace_store *st, const char *name,
			    char run_id[48], struct pace_error *err);
	int (*baseline_list)(struct pace_store *st, struct pace_store_baseline **out,
			     size_t *n, struct pace_error *err);
	int (*baseline_delete)(struct pace_store *st, const char *name,
			       struct pace_error *err);
	int (*test_history)(struct pace_store *st, const char *suite,
			    const char *test_id, const char *variant, size_t limit,
			    struct pace_store_point **out, size_t *n,
			    struct pace_error *err);
	int (*list_tests)(struct pace_store *st, struct pace_store_test_key **out,
			  size_t *n, struct pace_error *err);
	/* Fills info, suites and run (samples, failure texts; no summaries). */
	int (*load_run)(struct pace_store *st, const char *run_id,
			struct pace_store_loaded *out, struct pace_error *err);
	void *(*native)(struct pace_store *st);
	char *(*describe)(struct pace_store *st);
	/* The backend's name when it depends on the location (else name). */
	const char *(*backend)(const struct pace_store *st);
};

struct pace_store {
	const struct pace_store_ops *ops;
	char *location;
	void *impl;
};

/* store_sqlite.c: opens the SQL backend at location (a SQLite path, or a
 * PostgreSQL URL when pace_store_is_pg) with an optional SQLCipher key. */
int pace_store_sql_open(struct pace_store *st, const char *location,
			const char *key, struct pace_error *err);
bool pace_store_is_pg(const char *location);

/* The schema's migrations, for tests that build an earlier version:
 * migration i (0-based) takes user_version i to i + 1. */
#define PACE_STORE_SCHEMA_VERSION 8
extern const char *const pace_store_sqlite_migrations[PACE_STORE_SCHEMA_VERSION];
/* Creates (or migrates) the store at path (a file or a PostgreSQL URL) to
 * schema `version` only, then closes it. */
int pace_store_sqlite_open_version(const char *path, int version,
				   struct pace_error *err);

/* store_json.c: the JSON kept in the store for a test's definition and a
 * run's environment, both ways. */
/* The executor (a result's, as it ran) and the test's limits are in the
 * same text, so no column is needed for them; pace_store_test_from_json
 * sets every limit (-1 when absent). */
char *pace_store_test_json(const struct pace_test *t, const struct pace_variant *v,
			   enum pace_executor executor);
void pace_store_test_from_json(struct pace_test *t, const char *json);
enum pace_executor pace_store_executor_from_json(const char *json);
void pace_store_variant_from_json(struct pace_variant *v, const char *json);
char *pace_store_env_json(const struct pace_env_info *e);
void pace_store_env_from_json(struct pace_env_info *e, const char *json);
/* An in-process result's extra figures (struct pace_inproc), both ways;
 * from_json gives NULL for NULL or unreadable text. */
char *pace_store_inproc_json(const struct pace_inproc *ip);
struct pace_inproc *pace_store_inproc_from_json(const char *json);
/* A command result's counters note, time series and profile (issue 13),
 * both ways; NULL when it has none of them.  _from_json fills r's
 * perf_note, timeseries and profile from the text (NULL: nothing). */
char *pace_store_measure_json(const struct pace_result *r);
void pace_store_measure_from_json(struct pace_result *r, const char *json);
/* The static stop-reason text equal to s (pace_result.stop_reason is not
 * owned), or NULL. */
const char *pace_store_stop_reason(const char *s);

#endif
