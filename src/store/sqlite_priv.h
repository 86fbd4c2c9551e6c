/*
 * sqlite_priv.h - the SQLite backend's state, shared by its writing half
 * (store_sqlite.c) and its reading half (store_sqlite_read.c).
 */
#ifndef PACE_STORE_SQLITE_PRIV_H
#define PACE_STORE_SQLITE_PRIV_H

#include <sqlite3.h>

#include "store/store_priv.h"

struct sq {
	sqlite3 *db;
	bool in_tx;            /* a pace_store_begin transaction is open */
	sqlite3_stmt *ins_sample;
	/* results.id of each result of the run being written, by ord (0 =
	 * not created yet), so batches do not look them up again. */
	char cache_run[48];
	int64_t *result_ids;
	size_t nresult_ids;
};

static inline struct sq *sq_of(struct pace_store *st)
{
	return st->impl;
}

/* Records sqlite's message for `what` in err; returns PACE_EIO. */
int pace_sq_fail(struct pace_store *st, const char *what, struct pace_error *err);
/* Prepares sql (PACE_EIO with a message on failure). */
int pace_sq_prepare(struct pace_store *st, const char *sql, sqlite3_stmt **out,
		    struct pace_error *err);
/* A column as an owned string, NULL for SQL NULL. */
char *pace_sq_strdup(sqlite3_stmt *s, int col);
/* A column as double, NaN for SQL NULL. */
double pace_sq_double(sqlite3_stmt *s, int col);

/* 0 when st is SQLite's, else PACE_EUSAGE: "the <backend> backend has
 * no <what> yet" (the analysis tables are SQLite's SQL so far). */
int pace_sq_need(struct pace_store *st, const char *what,
		 struct pace_error *err);

extern const struct pace_store_ops pace_sq_ops;

/* store_sqlite_read.c */
int pace_sq_list_runs(struct pace_store *st, size_t limit,
		      struct pace_store_run_info **out, size_t *n,
		      struct pace_error *err);
int pace_sq_get_run(struct pace_store *st, const char *run_id,
		    struct pace_store_run_info *out, struct pace_error *err);
int pace_sq_match_ids(struct pace_store *st, const char *prefix,
		      char (*ids)[48], size_t max, size_t *n, struct pace_error *err);
int pace_sq_baseline_list(struct pace_store *st, struct pace_store_baseline **out,
			  size_t *n, struct pace_error *err);
int pace_sq_test_history(struct pace_store *st, const char *suite,
			 const char *test_id, const char *variant, size_t limit,
			 struct pace_store_point **out, size_t *n,
			 struct pace_error *err);
int pace_sq_list_tests(struct pace_store *st, struct pace_store_test_key **out,
		       size_t *n, struct pace_error *err);
int pace_sq_load_run(struct pace_store *st, const char *run_id,
		     struct pace_store_loaded *out, struct pace_error *err);

#endif
