/*
 * store_changes.h - the change_points table (schema 5): the E-divisive
 * change points of each test x variant's history, as the last analysis
 * found them.  A key's rows are replaced as a whole each time they are
 * computed again, so the table never mixes two analyses of one history.
 * Same conventions as store.h (0 or a negative PACE_E* code with a
 * message); on a backend other than SQLite these return PACE_EUSAGE
 * until it implements them.
 */
#ifndef PACE_STORE_CHANGES_H
#define PACE_STORE_CHANGES_H

#include "store/store.h"

/* One change point: run_id is the first run after it (its started time
 * and git commit are read back from runs).  Times are seconds. */
struct pace_store_change {
	char *suite, *test_id, *variant;
	char run_id[48];
	char started[32];
	int64_t started_unix_ms;
	char *git_commit;           /* NULL unknown */
	size_t position;            /* index of run_id in the history */
	size_t history_runs;        /* runs in the history analysed */
	double before_mean, before_lo, before_hi;
	double after_mean, after_lo, after_hi;
	double change, statistic, p_value, alpha;
	size_t permutations;
	bool meaningful;
};

/* Replaces the rows of suite/test_id/variant with c[0..n) (their key
 * strings are not read: the arguments give it). */
int pace_store_changes_replace(struct pace_store *st, const char *suite,
			       const char *test_id, const char *variant,
			       const struct pace_store_change *c, size_t n,
			       struct pace_error *err);
/* Stored change points, by suite, test, variant and position; test_id /
 * variant NULL = all, since_unix_ms 0 = all (else runs started then or
 * later).  Free with pace_store_changes_free. */
int pace_store_changes_list(struct pace_store *st, const char *test_id,
			    const char *variant, int64_t since_unix_ms,
			    struct pace_store_change **out, size_t *n,
			    struct pace_error *err);
void pace_store_changes_free(struct pace_store_change *c, size_t n);

#endif
