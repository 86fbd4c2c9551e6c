/*
 * store_changes.c - SQL of the change_points table (store_changes.h),
 * through sql.h, so it is the same on SQLite and PostgreSQL.  A replace
 * is one transaction (DELETE the key's rows, INSERT the new ones), so a
 * reader sees either the old analysis or the new one.
 */
#include <string.h>

#include "store/sqlite_priv.h"
#include "store/store_changes.h"

static int insert_one(struct pace_sql_stmt *s,
		      const struct pace_store_change *c, struct pace_error *err)
{
	const double v[] = {c->before_mean, c->before_lo, c->before_hi,
			    c->after_mean, c->after_lo, c->after_hi,
			    c->change, c->statistic, c->p_value, c->alpha};

	int rc;

	pace_sql_bind_text(s, 4, c->run_id);
	pace_sql_bind_int64(s, 5, (int64_t)c->position);
	pace_sql_bind_int64(s, 6, (int64_t)c->history_runs);
	for (int i = 0; i < 10; i++)
		pace_sql_bind_double(s, 7 + i, v[i]); /* NaN: NULL */
	pace_sql_bind_int64(s, 17, (int64_t)c->permutations);
	pace_sql_bind_int64(s, 18, c->meaningful);
	pace_sql_bind_int64(s, 19, pace_unix_ms());
	rc = pace_sql_step(s, "cannot store a change point", err);
	pace_sql_reset(s);
	return rc < 0 ? rc : 0;
}

static int replace_rows(struct pace_store *st, const char *suite,
			const char *test_id, const char *variant,
			const struct pace_store_change *c, size_t n,
			struct pace_error *err)
{
	struct pace_sql_stmt *s;
	int rc = pace_sq_prepare(st, "DELETE FROM change_points WHERE suite = ?1"
				 " AND test_id = ?2 AND variant = ?3", &s, err);

	if (rc)
		return rc;
	pace_sql_bind_text(s, 1, suite);
	pace_sql_bind_text(s, 2, test_id);
	pace_sql_bind_text(s, 3, variant);
	rc = pace_sql_run(s, "cannot replace change points", err);
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
	pace_sql_bind_text(s, 1, suite);
	pace_sql_bind_text(s, 2, test_id);
	pace_sql_bind_text(s, 3, variant);
	for (size_t i = 0; i < n && !rc; i++)
		rc = insert_one(s, &c[i], err);
	pace_sql_finalize(s);
	return rc;
}

int pace_store_changes_replace(struct pace_store *st, const char *suite,
			       const char *test_id, const char *variant,
			       const struct pace_store_change *c, size_t n,
			       struct pace_error *err)
{
	int rc = pace_store_begin(st, err);

	if (rc)
		return rc;
	rc = replace_rows(st, suite, test_id, variant, c, n, err);
	if (rc) {
		pace_store_rollback(st);
		return rc;
	}
	return pace_store_commit(st, err);
}

static void change_of_row(struct pace_store_change *c, struct pace_sql_stmt *s)
{
	double *v[] = {&c->before_mean, &c->before_lo, &c->before_hi,
		       &c->after_mean, &c->after_lo, &c->after_hi, &c->change,
		       &c->statistic, &c->p_value, &c->alpha};
	const char *t;

	memset(c, 0, sizeof(*c));
	c->suite = pace_sql_column_strdup(s, 0);
	c->test_id = pace_sql_column_strdup(s, 1);
	c->variant = pace_sql_column_strdup(s, 2);
	t = pace_sql_column_text(s, 3);
	snprintf(c->run_id, sizeof(c->run_id), "%s", t ? t : "");
	c->position = (size_t)pace_sql_column_int64(s, 4);
	c->history_runs = (size_t)pace_sql_column_int64(s, 5);
	for (int i = 0; i < 10; i++)
		*v[i] = pace_sql_column_double(s, 6 + i);
	c->permutations = (size_t)pace_sql_column_int64(s, 16);
	c->meaningful = pace_sql_column_int64(s, 17) != 0;
	t = pace_sql_column_text(s, 18);
	snprintf(c->started, sizeof(c->started), "%s", t ? t : "");
	c->started_unix_ms = pace_sql_column_int64(s, 19);
	c->git_commit = pace_sql_column_strdup(s, 20);
}

int pace_store_changes_list(struct pace_store *st, const char *test_id,
			    const char *variant, int64_t since_unix_ms,
			    struct pace_store_change **out, size_t *n,
			    struct pace_error *err)
{
	struct pace_sql_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = pace_sq_prepare(st, "SELECT c.suite, c.test_id,"
		" c.variant, c.run_id, c.position, c.history_runs, c.before_mean,"
		" c.before_lo, c.before_hi, c.after_mean, c.after_lo, c.after_hi,"
		" c.change, c.statistic, c.p_value, c.alpha, c.permutations,"
		" c.meaningful, r.started, r.started_unix_ms, r.git_commit"
		" FROM change_points c JOIN runs r ON r.id = c.run_id"
		" WHERE (CAST(?1 AS TEXT) IS NULL OR c.test_id = ?1)"
		" AND (CAST(?2 AS TEXT) IS NULL OR c.variant = ?2)"
		" AND r.started_unix_ms >= ?3"
		" ORDER BY c.suite, c.test_id, c.variant, c.position", &s, err)))
		return rc;
	pace_sql_bind_text(s, 1, test_id); /* NULL: any */
	pace_sql_bind_text(s, 2, variant);
	pace_sql_bind_int64(s, 3, since_unix_ms);
	while ((rc = pace_sql_step(s, "cannot list change points", err)) == PACE_SQL_ROW) {
		PACE_GROW(*out, alloc, *n + 1);
		change_of_row(&(*out)[(*n)++], s);
	}
	pace_sql_finalize(s);
	return rc < 0 ? rc : 0;
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
