/*
 * sql.c - sql.h's dispatch to the database's ops table (sql_priv.h), and
 * the helpers that are the same for every database.
 */
#include <math.h>

#include "store/sql_priv.h"

void pace_sql_close(struct pace_sql *db)
{
	if (!db)
		return;
	db->ops->close(db);
	free(db->label);
	free(db);
}

enum pace_sql_kind pace_sql_kind(const struct pace_sql *db)
{
	return db->ops->kind;
}

bool pace_sql_has_upsert(struct pace_sql *db)
{
	return db->has_upsert;
}

const char *pace_sql_label(const struct pace_sql *db)
{
	return db->label;
}

void *pace_sql_sqlite_handle(struct pace_sql *db)
{
	return db->ops->kind == PACE_SQL_SQLITE ? db->handle : NULL;
}

char *pace_sql_describe(struct pace_sql *db)
{
	return db->ops->describe(db);
}

int pace_sql_fail(struct pace_sql *db, const char *what, struct pace_error *err)
{
	return db->ops->fail(db, what, err);
}

int pace_sql_exec(struct pace_sql *db, const char *sql, const char *what,
		  struct pace_error *err)
{
	return db->ops->exec(db, sql, what, err);
}

int pace_sql_exec_ddl(struct pace_sql *db, const char *sql, const char *what,
		      struct pace_error *err)
{
	return db->ops->exec_ddl(db, sql, what, err);
}

int pace_sql_begin(struct pace_sql *db, struct pace_error *err)
{
	return db->ops->begin(db, err);
}

int pace_sql_commit(struct pace_sql *db, struct pace_error *err)
{
	if (pace_sql_exec(db, "COMMIT", "cannot commit", err)) {
		pace_sql_rollback(db);
		return err->code;
	}
	return 0;
}

void pace_sql_rollback(struct pace_sql *db)
{
	struct pace_error ignored = PACE_ERROR_INIT;

	pace_sql_exec(db, "ROLLBACK", "cannot roll back", &ignored);
	pace_error_release(&ignored);
}

int pace_sql_lock_schema(struct pace_sql *db, struct pace_error *err)
{
	return db->ops->lock_schema(db, err);
}

int pace_sql_get_version(struct pace_sql *db, int *v, struct pace_error *err)
{
	return db->ops->get_version(db, v, err);
}

int pace_sql_set_version(struct pace_sql *db, int v, struct pace_error *err)
{
	return db->ops->set_version(db, v, err);
}

int64_t pace_sql_changes(struct pace_sql *db)
{
	return db->ops->changes(db);
}

int pace_sql_prepare(struct pace_sql *db, const char *sql,
		     struct pace_sql_stmt **out, struct pace_error *err)
{
	return db->ops->prepare(db, sql, out, err);
}

void pace_sql_bind_text(struct pace_sql_stmt *s, int i, const char *t)
{
	s->db->ops->bind_text(s, i, t);
}

void pace_sql_bind_int64(struct pace_sql_stmt *s, int i, int64_t v)
{
	s->db->ops->bind_int64(s, i, v);
}

void pace_sql_bind_double(struct pace_sql_stmt *s, int i, double v)
{
	s->db->ops->bind_double(s, i, v);
}

void pace_sql_bind_null(struct pace_sql_stmt *s, int i)
{
	s->db->ops->bind_text(s, i, NULL);
}

int pace_sql_step(struct pace_sql_stmt *s, const char *what, struct pace_error *err)
{
	return s->db->ops->step(s, what, err);
}

void pace_sql_reset(struct pace_sql_stmt *s)
{
	s->db->ops->reset(s);
}

void pace_sql_finalize(struct pace_sql_stmt *s)
{
	if (s)
		s->db->ops->finalize(s);
}

int pace_sql_run(struct pace_sql_stmt *s, const char *what, struct pace_error *err)
{
	int rc;

	while ((rc = pace_sql_step(s, what, err)) == PACE_SQL_ROW)
		;
	pace_sql_finalize(s);
	return rc;
}

int pace_sql_column_count(struct pace_sql_stmt *s)
{
	return s->db->ops->column_count(s);
}

const char *pace_sql_column_name(struct pace_sql_stmt *s, int col)
{
	return s->db->ops->column_name(s, col);
}

enum pace_sql_type pace_sql_column_type(struct pace_sql_stmt *s, int col)
{
	return s->db->ops->column_type(s, col);
}

bool pace_sql_column_is_null(struct pace_sql_stmt *s, int col)
{
	return pace_sql_column_type(s, col) == PACE_SQL_NULL;
}

const char *pace_sql_column_text(struct pace_sql_stmt *s, int col)
{
	return s->db->ops->column_text(s, col);
}

int64_t pace_sql_column_int64(struct pace_sql_stmt *s, int col)
{
	return s->db->ops->column_int64(s, col);
}

double pace_sql_column_double(struct pace_sql_stmt *s, int col)
{
	return s->db->ops->column_double(s, col);
}

char *pace_sql_column_strdup(struct pace_sql_stmt *s, int col)
{
	const char *t = pace_sql_column_text(s, col);
	return t ? pace_xstrdup(t) : NULL;
}
