/*
 * store_copy.c - `pace store copy FROM TO`: a whole history moved between
 * backends (SQLite to PostgreSQL and back), row by row, every column with
 * its type, ids kept, in one transaction of the destination (a copy that
 * fails leaves it as it was).  Both stores are at the current schema
 * (pace_store_open migrated them), so their tables match.
 *
 * Tables go parents first, so foreign keys hold at every insert: the
 * known tables in the order below, then any other table of the source
 * (one a later migration added) by name.  The destination must hold no
 * run: merging two histories would need their test and result ids
 * renumbered, which a copy does not do.
 */
#include "store/sqlite_priv.h"
#include "store/store_copy.h"

static const char *const known_tables[] = {
	"runs", "tests", "results", "samples", "baselines", "reports",
	"benchmark_results", "benchmark_patterns", "performance_trends",
	"recommendations",
};

static bool is_known(const char *t)
{
	for (size_t i = 0; i < PACE_ARRAY_SIZE(known_tables); i++)
		if (!strcmp(known_tables[i], t))
			return true;
	return false;
}

/* The source's tables in copy order. */
static int table_order(struct pace_sql *db, struct pace_strvec *out,
		       struct pace_error *err)
{
	const char *sql = pace_sql_kind(db) == PACE_SQL_PG
		? "SELECT table_name FROM information_schema.tables WHERE"
		  " table_schema = current_schema() AND table_type = 'BASE TABLE'"
		  " AND table_name <> 'pace_schema_version' ORDER BY table_name"
		: "SELECT name FROM sqlite_master WHERE type = 'table' AND"
		  " name NOT LIKE 'sqlite_%' ORDER BY name";
	struct pace_strvec all = PACE_STRVEC_INIT;
	struct pace_sql_stmt *s;
	int rc = pace_sql_prepare(db, sql, &s, err);

	if (rc)
		return rc;
	while ((rc = pace_sql_step(s, "cannot list tables", err)) == PACE_SQL_ROW)
		pace_strvec_push(&all, pace_sql_column_text(s, 0));
	pace_sql_finalize(s);
	for (size_t i = 0; !rc && i < PACE_ARRAY_SIZE(known_tables); i++)
		pace_strvec_push(out, known_tables[i]);
	for (size_t i = 0; !rc && i < all.n; i++)
		if (!is_known(all.v[i]))
			pace_strvec_push(out, all.v[i]);
	pace_strvec_release(&all);
	return rc;
}

/* INSERT INTO t (c1, ...) VALUES (?, ...) for the source row's columns. */
static char *insert_sql(const char *table, struct pace_sql_stmt *src)
{
	struct pace_strbuf b = PACE_STRBUF_INIT;
	int n = pace_sql_column_count(src);

	pace_strbuf_addf(&b, "INSERT INTO %s (", table);
	for (int i = 0; i < n; i++)
		pace_strbuf_addf(&b, "%s%s", i ? ", " : "", pace_sql_column_name(src, i));
	pace_strbuf_adds(&b, ") VALUES (");
	for (int i = 0; i < n; i++)
		pace_strbuf_adds(&b, i ? ", ?" : "?");
	pace_strbuf_adds(&b, ")");
	return pace_strbuf_detach(&b);
}

static void bind_like(struct pace_sql_stmt *dst, int i, struct pace_sql_stmt *src, int col)
{
	switch (pace_sql_column_type(src, col)) {
	case PACE_SQL_NULL: pace_sql_bind_null(dst, i); break;
	case PACE_SQL_INT: pace_sql_bind_int64(dst, i, pace_sql_column_int64(src, col)); break;
	case PACE_SQL_FLOAT: pace_sql_bind_double(dst, i, pace_sql_column_double(src, col)); break;
	case PACE_SQL_TEXT: pace_sql_bind_text(dst, i, pace_sql_column_text(src, col)); break;
	}
}

static int copy_rows(struct pace_sql *from, struct pace_sql *to, const char *table,
		     size_t *count, struct pace_error *err)
{
	char *sql = pace_xasprintf("SELECT * FROM %s", table);
	struct pace_sql_stmt *src, *dst = NULL;
	int rc = pace_sql_prepare(from, sql, &src, err);

	free(sql);
	*count = 0;
	if (rc)
		return rc;
	while ((rc = pace_sql_step(src, "cannot read a table to copy", err)) == PACE_SQL_ROW) {
		if (!dst) {
			char *ins = insert_sql(table, src);
			rc = pace_sql_prepare(to, ins, &dst, err);
			free(ins);
			if (rc)
				break;
		}
		for (int i = 0; i < pace_sql_column_count(src); i++)
			bind_like(dst, i + 1, src, i);
		rc = pace_sql_step(dst, "cannot copy a row", err);
		pace_sql_reset(dst);
		if (rc < 0)
			break;
		(*count)++;
	}
	pace_sql_finalize(src);
	pace_sql_finalize(dst);
	return rc < 0 ? rc : 0;
}

/* PostgreSQL's identity columns count on from the highest copied id (the
 * rows came with their ids, which do not advance the sequence). */
static int advance_ids(struct pace_sql *to, const char *table, struct pace_error *err)
{
	struct pace_sql_stmt *s;
	char *sql;
	int rc;

	if (pace_sql_kind(to) != PACE_SQL_PG)
		return 0; /* SQLite's AUTOINCREMENT follows explicit ids itself */
	rc = pace_sql_prepare(to, "SELECT count(*) FROM information_schema.columns"
			      " WHERE table_schema = current_schema() AND table_name = ?"
			      " AND column_name = 'id' AND is_identity = 'YES'", &s, err);
	if (rc)
		return rc;
	pace_sql_bind_text(s, 1, table);
	rc = pace_sql_step(s, "cannot look up an identity column", err);
	rc = rc == PACE_SQL_ROW ? (int)pace_sql_column_int64(s, 0) : rc;
	pace_sql_finalize(s);
	if (rc <= 0)
		return rc;
	sql = pace_xasprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'),"
			     " coalesce(max(id), 0) + 1, false) FROM %s", table, table);
	rc = pace_sql_exec(to, sql, "cannot advance the ids", err);
	free(sql);
	return rc;
}

static int count_runs(struct pace_sql *db, int64_t *n, struct pace_error *err)
{
	struct pace_sql_stmt *s;
	int rc = pace_sql_prepare(db, "SELECT count(*) FROM runs", &s, err);

	if (rc)
		return rc;
	rc = pace_sql_step(s, "cannot count runs", err);
	*n = rc == PACE_SQL_ROW ? pace_sql_column_int64(s, 0) : 0;
	pace_sql_finalize(s);
	return rc < 0 ? rc : 0;
}

static int copy_tables(struct pace_sql *from, struct pace_sql *to,
		       struct pace_store_copy_counts *c, struct pace_error *err)
{
	struct pace_strvec tables = PACE_STRVEC_INIT;
	int rc = table_order(from, &tables, err);

	c->tables = pace_xcalloc(tables.n + 1, sizeof(*c->tables));
	for (size_t i = 0; i < tables.n && !rc; i++) {
		struct pace_store_copy_table *t = &c->tables[c->n++];

		t->name = pace_xstrdup(tables.v[i]);
		rc = copy_rows(from, to, t->name, &t->rows, err);
		if (!rc)
			rc = advance_ids(to, t->name, err);
	}
	pace_strvec_release(&tables);
	return rc;
}

int pace_store_copy(struct pace_store *from, struct pace_store *to,
		    struct pace_store_copy_counts *counts, struct pace_error *err)
{
	struct pace_sql *src = pace_store_sql(from), *dst = pace_store_sql(to);
	int64_t n = 0;
	int rc = count_runs(dst, &n, err);

	memset(counts, 0, sizeof(*counts));
	if (!rc && n)
		return pace_error_set(err, PACE_EUSAGE, "store copy: '%s' already holds "
				      "%lld run%s; copy into an empty store",
				      pace_store_location(to), (long long)n, n == 1 ? "" : "s");
	if (rc || (rc = pace_sql_begin(dst, err)))
		return rc;
	rc = copy_tables(src, dst, counts, err);
	if (rc) {
		pace_sql_rollback(dst);
		return rc;
	}
	return pace_sql_commit(dst, err);
}

void pace_store_copy_counts_release(struct pace_store_copy_counts *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->tables[i].name);
	free(c->tables);
	memset(c, 0, sizeof(*c));
}
