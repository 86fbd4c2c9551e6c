/*
 * sql.h - one small SQL interface over the two databases a history can
 * live in: SQLite (sql_sqlite.c) and PostgreSQL through libpq (sql_pg.c).
 * The store's code (store_sqlite.c, store_sqlite_read.c,
 * store_analysis.c, store_copy.c) is written once against it, in the SQL
 * both accept, so that every read gives the same answer on either backend
 * and a migration added for one applies to the other.
 *
 * Statements use `?` or `?N` placeholders (numbered from 1, SQLite's
 * spelling; the PostgreSQL side rewrites them to `$N`).  Schema text is
 * written in SQLite's words (INTEGER, REAL, INTEGER PRIMARY KEY
 * AUTOINCREMENT, WITHOUT ROWID); pace_sql_exec_ddl translates it for
 * PostgreSQL (BIGINT, DOUBLE PRECISION, identity columns), so the one
 * migration list (store_sqlite.c) serves both.
 *
 * Every function that can fail returns 0 or a negative PACE_E* code with a
 * message in err (PACE_EUSAGE for a damaged SQLite file, which the user
 * must move away; PACE_EIO otherwise).
 */
#ifndef PACE_STORE_SQL_H
#define PACE_STORE_SQL_H

#include <stdbool.h>
#include <stdint.h>

#include "util/util.h"

struct pace_sql;
struct pace_sql_stmt;

enum pace_sql_kind { PACE_SQL_SQLITE, PACE_SQL_PG };

/* What a column of a row holds (copying between backends keeps it). */
enum pace_sql_type { PACE_SQL_NULL, PACE_SQL_INT, PACE_SQL_FLOAT, PACE_SQL_TEXT };

/* pace_sql_step's answers besides errors. */
#define PACE_SQL_DONE 0
#define PACE_SQL_ROW 1

/* Opens a SQLite file (created if missing, with the umask's mode) with an
 * optional SQLCipher key. */
int pace_sql_open_sqlite(struct pace_sql **out, const char *path,
			 const char *key, struct pace_error *err);
/* Connects to PostgreSQL; url is a libpq connection URI. */
int pace_sql_open_pg(struct pace_sql **out, const char *url,
		     struct pace_error *err);
void pace_sql_close(struct pace_sql *db); /* NULL ok */

enum pace_sql_kind pace_sql_kind(const struct pace_sql *db);
/* Whether the database knows INSERT ... ON CONFLICT DO UPDATE and
 * RETURNING (PostgreSQL; SQLite from 3.35).  SQLCipher in Debian 12 is
 * SQLite 3.15: the store then writes those rows in several statements,
 * which its BEGIN IMMEDIATE transactions keep atomic. */
bool pace_sql_has_upsert(struct pace_sql *db);
/* The path or URL for messages (a password masked). */
const char *pace_sql_label(const struct pace_sql *db);
/* The sqlite3 * of a SQLite connection, NULL for PostgreSQL. */
void *pace_sql_sqlite_handle(struct pace_sql *db);
/* What the connection is, for `pace history --store-info`: e.g.
 * "sqlite, not encrypted", "postgresql 15.4, host /tmp/x, ssl off". */
char *pace_sql_describe(struct pace_sql *db);

/* Runs statements without parameters or rows (several, `;`-separated). */
int pace_sql_exec(struct pace_sql *db, const char *sql, const char *what,
		  struct pace_error *err);
/* The same for schema text in SQLite's words (see above). */
int pace_sql_exec_ddl(struct pace_sql *db, const char *sql, const char *what,
		      struct pace_error *err);
/* A write transaction: SQLite takes the write lock at once (BEGIN
 * IMMEDIATE), so a writer waits in the busy handler rather than failing. */
int pace_sql_begin(struct pace_sql *db, struct pace_error *err);
int pace_sql_commit(struct pace_sql *db, struct pace_error *err);
void pace_sql_rollback(struct pace_sql *db);

/* The schema version (SQLite's user_version; a one-row table in
 * PostgreSQL) and setting it, inside the migration's transaction.
 * pace_sql_lock_schema serialises migrations of several processes (SQLite
 * already does by BEGIN IMMEDIATE; PostgreSQL takes an advisory lock). */
int pace_sql_lock_schema(struct pace_sql *db, struct pace_error *err);
int pace_sql_get_version(struct pace_sql *db, int *v, struct pace_error *err);
int pace_sql_set_version(struct pace_sql *db, int v, struct pace_error *err);

/* Rows changed by the last statement stepped to its end. */
int64_t pace_sql_changes(struct pace_sql *db);

int pace_sql_prepare(struct pace_sql *db, const char *sql,
		     struct pace_sql_stmt **out, struct pace_error *err);
/* Parameters from 1; text is copied; NULL text and non-finite doubles
 * are bound as SQL NULL. */
void pace_sql_bind_text(struct pace_sql_stmt *s, int i, const char *t);
void pace_sql_bind_int64(struct pace_sql_stmt *s, int i, int64_t v);
void pace_sql_bind_double(struct pace_sql_stmt *s, int i, double v);
void pace_sql_bind_null(struct pace_sql_stmt *s, int i);
/* PACE_SQL_ROW, PACE_SQL_DONE or a negative PACE_E* code with `what` and
 * the database's message in err. */
int pace_sql_step(struct pace_sql_stmt *s, const char *what, struct pace_error *err);
/* Ready to step again with the same bindings. */
void pace_sql_reset(struct pace_sql_stmt *s);
void pace_sql_finalize(struct pace_sql_stmt *s); /* NULL ok */
/* Steps to the end (any rows ignored) and finalizes. */
int pace_sql_run(struct pace_sql_stmt *s, const char *what, struct pace_error *err);

int pace_sql_column_count(struct pace_sql_stmt *s);
const char *pace_sql_column_name(struct pace_sql_stmt *s, int col);
enum pace_sql_type pace_sql_column_type(struct pace_sql_stmt *s, int col);
bool pace_sql_column_is_null(struct pace_sql_stmt *s, int col);
const char *pace_sql_column_text(struct pace_sql_stmt *s, int col); /* NULL for NULL */
int64_t pace_sql_column_int64(struct pace_sql_stmt *s, int col);   /* 0 for NULL */
double pace_sql_column_double(struct pace_sql_stmt *s, int col);   /* NaN for NULL */
/* An owned copy of a text column, NULL for NULL. */
char *pace_sql_column_strdup(struct pace_sql_stmt *s, int col);

/* Records `what` with the database's last message in err. */
int pace_sql_fail(struct pace_sql *db, const char *what, struct pace_error *err);

/* sql_pg.c, for tests: the PostgreSQL spelling of SQLite schema text, and
 * of a statement's placeholders.  Owned strings. */
char *pace_sql_pg_ddl(const char *sqlite_ddl);
char *pace_sql_pg_params(const char *sql, int *nparams);

#endif
