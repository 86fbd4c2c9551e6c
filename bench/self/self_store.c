/*
 * self_store.c - pace-self's storage target: batches of samples inserted in
 * one transaction, the way a run's samples are committed, into a table of
 * the shape of pace's samples table (one row per measured iteration, the
 * metrics of struct pace_sample).  libsqlite3 directly, for now: when
 * src/store exists, these three functions become calls to it (this file
 * is the only place to change).  The database is a temporary file in WAL
 * mode with synchronous=NORMAL (what a store on disk uses), removed on
 * close.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "self.h"

struct pace_self_store {
	sqlite3 *db;
	sqlite3_stmt *ins;
	char path[64];
	long long seq;
};

static const char schema[] =
	"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	"CREATE TABLE samples (id INTEGER PRIMARY KEY, result_id INTEGER NOT NULL,"
	" iteration INTEGER NOT NULL, wall_ns INTEGER, user_ns INTEGER,"
	" sys_ns INTEGER, max_rss INTEGER, minflt INTEGER, majflt INTEGER,"
	" nvcsw INTEGER, nivcsw INTEGER, read_bytes INTEGER, write_bytes INTEGER,"
	" exit_code INTEGER, signal INTEGER, fail TEXT);";

static const char insert[] =
	"INSERT INTO samples (result_id, iteration, wall_ns, user_ns, sys_ns,"
	" max_rss, minflt, majflt, nvcsw, nivcsw, read_bytes, write_bytes,"
	" exit_code, signal, fail) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

static void fail_with(char *why, size_t whylen, sqlite3 *db, const char *what)
{
	snprintf(why, whylen, "sqlite: %s: %s", what, db ? sqlite3_errmsg(db) : "no memory");
}

struct pace_self_store *pace_self_store_open(char *why, size_t whylen)
{
	struct pace_self_store *s = pace_xcalloc(1, sizeof(*s));
	int fd;

	snprintf(s->path, sizeof(s->path), "/tmp/pace-self-XXXXXX");
	fd = mkstemp(s->path);
	if (fd < 0) {
		snprintf(why, whylen, "cannot create a temporary database");
		free(s);
		return NULL;
	}
	close(fd);
	if (sqlite3_open(s->path, &s->db) != SQLITE_OK ||
	    sqlite3_exec(s->db, schema, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, insert, -1, &s->ins, NULL) != SQLITE_OK) {
		fail_with(why, whylen, s->db, "open");
		pace_self_store_close(s);
		return NULL;
	}
	return s;
}

static void bind_sample(sqlite3_stmt *st, long long result, long long iter)
{
	sqlite3_bind_int64(st, 1, result);
	sqlite3_bind_int64(st, 2, iter);
	sqlite3_bind_int64(st, 3, 5000000 + iter * 37 % 100000);
	for (int k = 4; k <= 12; k++)
		sqlite3_bind_int64(st, k, iter * k);
	sqlite3_bind_int(st, 13, 0);
	sqlite3_bind_int(st, 14, 0);
	sqlite3_bind_text(st, 15, "none", -1, SQLITE_STATIC);
}

int pace_self_store_batch(struct pace_self_store *s, size_t n, char *why, size_t whylen)
{
	long long result = ++s->seq;

	if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		fail_with(why, whylen, s->db, "begin");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		bind_sample(s->ins, result, (long long)i);
		if (sqlite3_step(s->ins) != SQLITE_DONE) {
			fail_with(why, whylen, s->db, "insert");
			sqlite3_reset(s->ins);
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
		sqlite3_reset(s->ins);
	}
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fail_with(why, whylen, s->db, "commit");
		return -1;
	}
	return 0;
}

void pace_self_store_close(struct pace_self_store *s)
{
	char side[80];

	if (!s)
		return;
	sqlite3_finalize(s->ins);
	sqlite3_close(s->db);
	unlink(s->path);
	snprintf(side, sizeof(side), "%s-wal", s->path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", s->path);
	unlink(side);
	free(s);
}
