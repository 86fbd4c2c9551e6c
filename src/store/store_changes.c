/*
 * store_changes.c - SQL of the change_points table (store_changes.h).
 * A replace is one transaction (DELETE the key's rows, INSERT the new
 * ones), so a reader sees either the old analysis or the new one.
 */
#include <math.h>
#include <string.h>

#include "store/sqlite_priv.h"
#include "store/store_changes.h"

static int need_sqlite(struct pace_store *st, struct pace_error *err)
{
	return pace_sq_need(st, "change points table", err);
}

static void bind_num(sqlite3_stmt *s, int i, double v)
{
	if (isfinite(v))
		sqlite3_bind_double(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

static int insert_one(struct pace_store *st, sqlite3_stmt *s,
		      const struct pace_store_change *c, struct pace_error *err)
{
	const double v[] = {c->before_mean, c->before_lo, c->before_hi,
			    c->after_mean, c->after_lo, c->after_hi,
			    c->change, c->statistic, c->p_value, c->alpha};

	sqlite3_reset(s);
	sqlite3_bind_text(s, 4, c->run_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)c->position);
	sqlite3_bind_int64(s, 6, (sqlite3_int64)c->history_runs);
	for (int i = 0; i < 10; i++)
		bind_num(s, 7 + i, v[i]);
	sqlite3_bind_int64(s, 17, (sqlite3_int64)c->permutations);
	sqlite3_bind_int(s, 18, c->meaningful);
	sqlite3_bind_int64(s, 19, pace_unix_ms());
	if (sqlite3_step(s) != SQLITE_DONE)
		return pace_sq_fail(st, "cannot store a change point", err);
	return 0;
}

static int replace_rows(struct pace_store *st, const char *suite,
			const char *test_id, const char *variant,
			const struct pace_store_change *c, size_t n,
			struct pace_error *err)
{
	sqlite3_stmt *s;
	int rc = pace_sq_prepare(st, "DELETE FROM change_points WHERE suite = ?1"
				 " AND test_id = ?2 AND variant = ?3", &s, err);

	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, suite, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, test_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, variant, -1, SQLITE_STATIC);
	rc = sqlite3_step(s) == SQLITE_DONE
		     ? 0 : pace_sq_fail(st, "cannot replace change points", err);
	sqlite3_finalize(s);
	if (rc || !n)
		return rc;
	rc = pace_sq_prepare(st, "INSERT INTO change_points (suite, test_id,"
		" variant, run_id, position, history_runs, before_mean, before_lo,"
		" before_hi, after_mean, after_lo, after_hi, change, statistic,"
		" p_value, alpha, permutations, meaningful, computed_unix_ms)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
		" ?14, ?15, ?16, ?17, ?18, ?19)", &s, err);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, suite, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, test_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, variant, -1, SQLITE_STATIC);
	for (size_t i = 0; i < n && !rc; i++)
		rc = insert_one(st, s, &c[i], err);
	sqlite3_finalize(s);
	return rc;
}

int pace_store_changes_replace(struct pace_store *st, const char *suite,
			       const char *test_id, const char *variant,
			       const struct pace_store_change *c, size_t n,
			       struct pace_error *err)
{
	int rc = need_sqlite(st, err);

	if (rc)
		return rc;
	if ((rc = pace_store_begin(st, err)))
		return rc;
	rc = replace_rows(st, suite, test_id, variant, c, n, err);
	if (rc) {
		pace_store_rollback(st);
		return rc;
	}
	return pace_store_commit(st, err);
}

static void change_of_row(struct pace_store_change *c, sqlite3_stmt *s)
{
	double *v[] = {&c->before_mean, &c->before_lo, &c->before_hi,
		       &c->after_mean, &c->after_lo, &c->after_hi, &c->change,
		       &c->statistic, &c->p_value, &c->alpha};
	const char *t;

	memset(c, 0, sizeof(*c));
	c->suite = pace_sq_strdup(s, 0);
	c->test_id = pace_sq_strdup(s, 1);
	c->variant = pace_sq_strdup(s, 2);
	t = (const char *)sqlite3_column_text(s, 3);
	snprintf(c->run_id, sizeof(c->run_id), "%s", t ? t : "");
	c->position = (size_t)sqlite3_column_int64(s, 4);
	c->history_runs = (size_t)sqlite3_column_int64(s, 5);
	for (int i = 0; i < 10; i++)
		*v[i] = pace_sq_double(s, 6 + i);
	c->permutations = (size_t)sqlite3_column_int64(s, 16);
	c->meaningful = sqlite3_column_int(s, 17) != 0;
	t = (const char *)sqlite3_column_text(s, 18);
	snprintf(c->started, sizeof(c->started), "%s", t ? t : "");
	c->started_unix_ms = sqlite3_column_int64(s, 19);
	c->git_commit = pace_sq_strdup(s, 20);
}

int pace_store_changes_list(struct pace_store *st, const char *test_id,
			    const char *variant, int64_t since_unix_ms,
			    struct pace_store_change **out, size_t *n,
			    struct pace_error *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc = need_sqlite(st, err);

	*out = NULL;
	*n = 0;
	if (rc || (rc = pace_sq_prepare(st, "SELECT c.suite, c.test_id,"
		" c.variant, c.run_id, c.position, c.history_runs, c.before_mean,"
		" c.before_lo, c.before_hi, c.after_mean, c.after_lo, c.after_hi,"
		" c.change, c.statistic, c.p_value, c.alpha, c.permutations,"
		" c.meaningful, r.started, r.started_unix_ms, r.git_commit"
		" FROM change_points c JOIN runs r ON r.id = c.run_id"
		" WHERE (?1 IS NULL OR c.test_id = ?1)"
		" AND (?2 IS NULL OR c.variant = ?2) AND r.started_unix_ms >= ?3"
		" ORDER BY c.suite, c.test_id, c.variant, c.position", &s, err)))
		return rc;
	if (test_id)
		sqlite3_bind_text(s, 1, test_id, -1, SQLITE_STATIC);
	if (variant)
		sqlite3_bind_text(s, 2, variant, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, since_unix_ms);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		PACE_GROW(*out, alloc, *n + 1);
		change_of_row(&(*out)[(*n)++], s);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0
				 : pace_sq_fail(st, "cannot list change points", err);
}

void pace_store_changes_free(struct pace_store_change *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].suite);
		free(c[i].test_id);
		free(c[i].variant);
		free(c[i].git_commit);
	}
	free(c);
}
