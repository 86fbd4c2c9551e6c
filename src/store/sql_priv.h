/*
 * sql_priv.h - what each database behind sql.h implements (an ops table)
 * and the connection and statement they share with sql.c's dispatch.
 */
#ifndef PACE_STORE_SQL_PRIV_H
#define PACE_STORE_SQL_PRIV_H

#include "store/sql.h"

struct pace_sql_ops {
	enum pace_sql_kind kind;
	int (*fail)(struct pace_sql *db, const char *what, struct pace_error *err);
	int (*exec)(struct pace_sql *db, const char *sql, const char *what,
		    struct pace_error *err);
	int (*exec_ddl)(struct pace_sql *db, const char *sql, const char *what,
			struct pace_error *err);
	int (*begin)(struct pace_sql *db, struct pace_error *err);
	int (*lock_schema)(struct pace_sql *db, struct pace_error *err);
	int (*get_version)(struct pace_sql *db, int *v, struct pace_error *err);
	int (*set_version)(struct pace_sql *db, int v, struct pace_error *err);
	int64_t (*changes)(struct pace_sql *db);
	int (*prepare)(struct pace_sql *db, const char *sql,
		       struct pace_sql_stmt **out, struct pace_error *err);
	void (*bind_text)(struct pace_sql_stmt *s, int i, const char *t);
	void (*bind_int64)(struct pace_sql_stmt *s, int i, int64_t v);
	void (*bind_double)(struct pace_sql_stmt *s, int i, double v);
	int (*step)(struct pace_sql_stmt *s, const char *what, struct pace_error *err);
	void (*reset)(struct pace_sql_stmt *s);
	void (*finalize)(struct pace_sql_stmt *s);
	int (*column_count)(struct pace_sql_stmt *s);
	const char *(*column_name)(struct pace_sql_stmt *s, int col);
	enum pace_sql_type (*column_type)(struct pace_sql_stmt *s, int col);
	const char *(*column_text)(struct pace_sql_stmt *s, int col);
	int64_t (*column_int64)(struct pace_sql_stmt *s, int col);
	double (*column_double)(struct pace_sql_stmt *s, int col);
	char *(*describe)(struct pace_sql *db);
	void (*close)(struct pace_sql *db);
};

struct pace_sql {
	const struct pace_sql_ops *ops;
	void *handle;  /* sqlite3 * or PGconn * */
	char *label;   /* for messages: the path, or the URL without password */
	bool encrypted;
	bool has_upsert; /* see pace_sql_has_upsert */
	int64_t changes; /* PostgreSQL: rows of the last command */
};

struct pace_sql_stmt {
	struct pace_sql *db;
};

#endif
