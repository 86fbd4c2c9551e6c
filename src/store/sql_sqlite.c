/*
 * sql_sqlite.c - sql.h over SQLite: a thin layer, since sql.h is SQLite's
 * own model (placeholders, stepping rows).  The file is opened with a busy
 * timeout long enough for several pace processes writing at once.  A new
 * file is created before SQLite opens it, so that its mode is the umask's
 * (077 under output.private, src/cli/store_key.c), which SQLite copies to
 * its -wal and -shm files.  With SQLCipher (meson option sqlcipher) a key
 * encrypts it.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/sql_priv.h"

#define BUSY_TIMEOUT_MS 60000

struct sqlite_stmt {
	struct pace_sql_stmt base;
	sqlite3_stmt *s;
};

static sqlite3 *h(struct pace_sql *db)
{
	return db->handle;
}

static sqlite3_stmt *ss(struct pace_sql_stmt *s)
{
	return ((struct sqlite_stmt *)s)->s;
}

static int sl_fail(struct pace_sql *db, const char *what, struct pace_error *err)
{
	int code = sqlite3_errcode(h(db));

	/* A damaged history is the user's to repair or move away, and a run
	 * must not measure for minutes only to lose its results: PACE_EUSAGE
	 * (exit 2) where an unwritable place (PACE_EIO) only warns. */
	if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
		return pace_error_set(err, PACE_EUSAGE, "store '%s': %s: %s (move "
				      "the damaged file away, give its key, or run "
				      "with --no-store)", db->label, what,
				      sqlite3_errmsg(h(db)));
	return pace_error_set(err, PACE_EIO, "store '%s': %s: %s", db->label, what,
			      sqlite3_errmsg(h(db)));
}

static int sl_exec(struct pace_sql *db, const char *sql, const char *what,
		   struct pace_error *err)
{
	if (sqlite3_exec(h(db), sql, NULL, NULL, NULL) != SQLITE_OK)
		return sl_fail(db, what, err);
	return 0;
}

static int sl_begin(struct pace_sql *db, struct pace_error *err)
{
	return sl_exec(db, "BEGIN IMMEDIATE", "cannot begin a transaction", err);
}

static int sl_lock_schema(struct pace_sql *db, struct pace_error *err)
{
	(void)db, (void)err; /* BEGIN IMMEDIATE holds the write lock already */
	return 0;
}

static int sl_get_version(struct pace_sql *db, int *v, struct pace_error *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(h(db), "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return sl_fail(db, "cannot read the schema version", err);
	rc = sqlite3_step(s) == SQLITE_ROW ? 0
		: sl_fail(db, "cannot read the schema version", err);
	*v = rc ? 0 : sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return rc;
}

static int sl_set_version(struct pace_sql *db, int v, struct pace_error *err)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
	return sl_exec(db, sql, "cannot set the schema version", err);
}

static int64_t sl_changes(struct pace_sql *db)
{
	return sqlite3_changes(h(db));
}

static int sl_prepare(struct pace_sql *db, const char *sql,
		      struct pace_sql_stmt **out, struct pace_error *err)
{
	struct sqlite_stmt *s = pace_xcalloc(1, sizeof(*s));

	if (sqlite3_prepare_v2(h(db), sql, -1, &s->s, NULL) != SQLITE_OK) {
		free(s);
		*out = NULL;
		return sl_fail(db, "cannot prepare a query", err);
	}
	s->base.db = db;
	*out = &s->base;
	return 0;
}

static void sl_bind_text(struct pace_sql_stmt *s, int i, const char *t)
{
	if (t)
		sqlite3_bind_text(ss(s), i, t, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(ss(s), i);
}

static void sl_bind_int64(struct pace_sql_stmt *s, int i, int64_t v)
{
	sqlite3_bind_int64(ss(s), i, v);
}

static void sl_bind_double(struct pace_sql_stmt *s, int i, double v)
{
	if (isfinite(v))
		sqlite3_bind_double(ss(s), i, v);
	else
		sqlite3_bind_null(ss(s), i);
}

static int sl_step(struct pace_sql_stmt *s, const char *what, struct pace_error *err)
{
	int rc = sqlite3_step(ss(s));

	if (rc == SQLITE_ROW)
		return PACE_SQL_ROW;
	if (rc == SQLITE_DONE)
		return PACE_SQL_DONE;
	return sl_fail(s->db, what, err);
}

static void sl_reset(struct pace_sql_stmt *s)
{
	sqlite3_reset(ss(s));
}

static void sl_finalize(struct pace_sql_stmt *s)
{
	sqlite3_finalize(ss(s));
	free(s);
}

static int sl_column_count(struct pace_sql_stmt *s)
{
	return sqlite3_column_count(ss(s));
}

static const char *sl_column_name(struct pace_sql_stmt *s, int col)
{
	return sqlite3_column_name(ss(s), col);
}

static enum pace_sql_type sl_column_type(struct pace_sql_stmt *s, int col)
{
	switch (sqlite3_column_type(ss(s), col)) {
	case SQLITE_NULL: return PACE_SQL_NULL;
	case SQLITE_INTEGER: return PACE_SQL_INT;
	case SQLITE_FLOAT: return PACE_SQL_FLOAT;
	default: return PACE_SQL_TEXT;
	}
}

static const char *sl_column_text(struct pace_sql_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(ss(s), col);
}

static int64_t sl_column_int64(struct pace_sql_stmt *s, int col)
{
	return sqlite3_column_int64(ss(s), col);
}

static double sl_column_double(struct pace_sql_stmt *s, int col)
{
	return sqlite3_column_type(ss(s), col) == SQLITE_NULL
		? NAN : sqlite3_column_double(ss(s), col);
}

static char *sl_describe(struct pace_sql *db)
{
	return pace_xasprintf("sqlite %s, %s", sqlite3_libversion(),
			      db->encrypted ? "encrypted (SQLCipher)" : "not encrypted");
}

static void sl_close(struct pace_sql *db)
{
	sqlite3_close(h(db));
}

static const struct pace_sql_ops sqlite_ops = {
	.kind = PACE_SQL_SQLITE,
	.fail = sl_fail,
	.exec = sl_exec,
	.exec_ddl = sl_exec,
	.begin = sl_begin,
	.lock_schema = sl_lock_schema,
	.get_version = sl_get_version,
	.set_version = sl_set_version,
	.changes = sl_changes,
	.prepare = sl_prepare,
	.bind_text = sl_bind_text,
	.bind_int64 = sl_bind_int64,
	.bind_double = sl_bind_double,
	.step = sl_step,
	.reset = sl_reset,
	.finalize = sl_finalize,
	.column_count = sl_column_count,
	.column_name = sl_column_name,
	.column_type = sl_column_type,
	.column_text = sl_column_text,
	.column_int64 = sl_column_int64,
	.column_double = sl_column_double,
	.describe = sl_describe,
	.close = sl_close,
};

/* A new history file is made before SQLite opens it, with the mode the
 * umask leaves (pace sets 077 with output.private; SQLite gives its
 * journal files the database file's mode). */
static int create_private(const char *path, struct pace_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);

	if (fd < 0 && errno != EEXIST)
		return pace_error_set(err, PACE_EIO, "cannot create store '%s': %s",
				      path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return 0;
}

/* Gives the key before anything reads the file; a wrong key shows at the
 * first read (configure's PRAGMAs) as "file is not a database". */
static int apply_key(struct pace_sql *db, const char *key, struct pace_error *err)
{
	if (!key)
		return 0;
#ifdef PACE_HAVE_SQLCIPHER
	if (sqlite3_key(h(db), key, (int)strlen(key)) != SQLITE_OK)
		return sl_fail(db, "cannot set the key", err);
	db->encrypted = true;
	return 0;
#else
	return pace_error_set(err, PACE_EUSAGE, "store '%s': a key was given but "
			      "this pace was built without SQLCipher (meson "
			      "option -Dsqlcipher=enabled)", db->label);
#endif
}

static int configure(struct pace_sql *db, struct pace_error *err)
{
	int rc;

	sqlite3_busy_timeout(h(db), BUSY_TIMEOUT_MS);
	/* WAL: readers do not block the writer; NORMAL sync is durable
	 * against a killed process (not a power cut), which is the case the
	 * history must survive. */
	if ((rc = sl_exec(db, "PRAGMA journal_mode = WAL", "cannot switch to WAL", err)) ||
	    (rc = sl_exec(db, "PRAGMA synchronous = NORMAL", "cannot set synchronous", err)) ||
	    (rc = sl_exec(db, "PRAGMA foreign_keys = ON", "cannot enable foreign keys", err)))
		return rc;
	return 0;
}

int pace_sql_open_sqlite(struct pace_sql **out, const char *path,
			 const char *key, struct pace_error *err)
{
	struct pace_sql *db = pace_xcalloc(1, sizeof(*db));
	sqlite3 *s = NULL;
	int rc = create_private(path, err);

	db->ops = &sqlite_ops;
	db->has_upsert = sqlite3_libversion_number() >= 3035000;
	db->label = pace_xstrdup(path);
	*out = NULL;
	if (!rc && sqlite3_open_v2(path, &s, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
				   NULL) != SQLITE_OK)
		rc = pace_error_set(err, PACE_EIO, "cannot open store '%s': %s", path,
				    s ? sqlite3_errmsg(s) : "out of memory");
	db->handle = s;
	if (!rc)
		rc = apply_key(db, key, err);
	if (!rc)
		rc = configure(db, err);
	if (rc) {
		pace_sql_close(db);
		return rc;
	}
	*out = db;
	return 0;
}
