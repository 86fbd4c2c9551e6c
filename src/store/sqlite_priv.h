/*
 * sqlite_priv.h - the SQL backend's state (SQLite or PostgreSQL through
 * sql.h), shared by its writing half (store_sqlite.c), its reading half
 * (store_sqlite_read.c), the analysis tables and store copy.
 */
#ifndef PACE_STORE_SQLITE_PRIV_H
#define PACE_STORE_SQLITE_PRIV_H

#include "store/sql.h"
#include "store/store_priv.h"

struct sq {
	struct pace_sql *db;
	bool in_tx;            /* a pace_store_begin transaction is open */
	struct pace_sql_stmt *ins_sample;
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

/* The connection of a store opened by this backend. */
static inline struct pace_sql *pace_store_sql(struct pace_store *st)
{
	return sq_of(st)->db;
}

/* Records the database's message for `what` in err; returns PACE_EIO
 * (PACE_EUSAGE for a damaged SQLite file). */
int pace_sq_fail(struct pace_store *st, const char *what, struct pace_error *err);
/* Prepares sql (PACE_EIO with a message on failure). */
int pace_sq_prepare(struct pace_store *st, const char *sql,
		    struct pace_sql_stmt **out, struct pace_error *err);

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
