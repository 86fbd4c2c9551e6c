/*
 * store.c - the backend-independent half of the history store: choosing a
 * backend from the location, dispatching through its ops table, resolving
 * run references ("latest", "previous", a prefix, a baseline), loading a
 * run back (data only: pipeline/load.c redoes its statistics), and
 * freeing what the readers return.  It depends on nothing but model/ and
 * util/ (src/STAGES).
 */
#include <assert.h>
#include <ctype.h>
#include <math.h>

#include <jansson.h>

#include "store/store_priv.h"

static bool is_url(const char *loc, const char *scheme)
{
	size_t n = strlen(scheme);
	return !strncmp(loc, scheme, n) && loc[n] == ':';
}

bool pace_store_is_pg(const char *location)
{
	return is_url(location, "postgresql") || is_url(location, "postgres");
}

int pace_store_open(struct pace_store **out, const char *location,
		    struct pace_error *err)
{
	return pace_store_open_key(out, location, NULL, err);
}

int pace_store_open_key(struct pace_store **out, const char *location,
			const char *key, struct pace_error *err)
{
	struct pace_store *st;
	int rc;

	*out = NULL;
	if (!location || !*location)
		location = PACE_STORE_DEFAULT_PATH;
	if (is_url(location, "sqlite"))
		location += strlen("sqlite:");
	if (key && pace_store_is_pg(location))
		return pace_error_set(err, PACE_EUSAGE, "store '%s': a key encrypts a "
				      "SQLite history; PostgreSQL's data is protected "
				      "by the server (use sslmode for the connection)",
				      location);
	st = pace_xcalloc(1, sizeof(*st));
	st->location = pace_xstrdup(location);
	rc = pace_store_sql_open(st, location, key, err);
	if (rc) {
		free(st->location);
		free(st);
		return rc;
	}
	*out = st;
	return 0;
}

char *pace_store_describe(struct pace_store *st)
{
	return st->ops->describe(st);
}

void pace_store_free(struct pace_store *st)
{
	if (!st)
		return;
	if (st->ops)
		st->ops->close(st);
	free(st->location);
	free(st);
}

const char *pace_store_location(const struct pace_store *st)
{
	return st->location;
}

const char *pace_store_backend(const struct pace_store *st)
{
	return st->ops->backend ? st->ops->backend(st) : st->ops->name;
}

void *pace_store_sqlite(struct pace_store *st)
{
	return st->ops->native ? st->ops->native(st) : NULL;
}

int pace_store_begin(struct pace_store *st, struct pace_error *err)
{
	return st->ops->begin(st, err);
}

int pace_store_commit(struct pace_store *st, struct pace_error *err)
{
	return st->ops->commit(st, err);
}

void pace_store_rollback(struct pace_store *st)
{
	st->ops->rollback(st);
}

const char *pace_store_status_name(enum pace_store_status s)
{
	switch (s) {
	case PACE_STORE_RUNNING: return "running";
	case PACE_STORE_COMPLETE: return "complete";
	case PACE_STORE_INTERRUPTED: return "interrupted";
	}
	return "unknown";
}

/* ---- writing ------------------------------------------------------------ */

int pace_store_run_begin(struct pace_store *st, const struct pace_run *run,
			 const struct pace_store_run_meta *meta, struct pace_error *err)
{
	struct pace_store_run_meta none = {0};
	assert(run->id[0]);
	return st->ops->run_begin(st, run, meta ? meta : &none, err);
}

int pace_store_add_samples(struct pace_store *st, const char *run_id,
			   const struct pace_result *r, size_t ord,
			   size_t first, size_t n, struct pace_error *err)
{
	assert(first + n <= r->nsamples);
	return st->ops->add_samples(st, run_id, r, ord, first, n, err);
}

int pace_store_put_result(struct pace_store *st, const char *run_id,
			  const struct pace_result *r, size_t ord,
			  struct pace_error *err)
{
	return st->ops->put_result(st, run_id, r, ord, err);
}

int pace_store_run_end(struct pace_store *st, const struct pace_run *run,
		       enum pace_store_status status, struct pace_error *err)
{
	return st->ops->run_end(st, run, status, err);
}

int pace_store_run_resume(struct pace_store *st, const char *run_id,
			  struct pace_error *err)
{
	if (!st->ops->run_resume) /* a backend that predates --resume */
		return pace_error_set(err, PACE_EUSAGE, "the %s store '%s' cannot "
				      "resume runs", st->ops->name, st->location);
	return st->ops->run_resume(st, run_id, err);
}

int pace_store_delete_run(struct pace_store *st, const char *run_id,
			  struct pace_error *err)
{
	return st->ops->delete_run(st, run_id, err);
}

/* ---- reading ------------------------------------------------------------ */

int pace_store_list_runs(struct pace_store *st, size_t limit,
			 struct pace_store_run_info **out, size_t *n,
			 struct pace_error *err)
{
	return st->ops->list_runs(st, limit, out, n, err);
}

int pace_store_get_run(struct pace_store *st, const char *run_id,
		       struct pace_store_run_info *out, struct pace_error *err)
{
	return st->ops->get_run(st, run_id, out, err);
}

void pace_store_run_info_release(struct pace_store_run_info *ri)
{
	free(ri->git_commit);
	free(ri->hostname);
	free(ri->config_json);
	free(ri->env_json);
	free(ri->command_line);
	free(ri->run_group);
	free(ri->shard);
	memset(ri, 0, sizeof(*ri));
}

void pace_store_run_infos_free(struct pace_store_run_info *ri, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pace_store_run_info_release(&ri[i]);
	free(ri);
}

/* "latest" is the newest run that is not running (a run in progress, maybe
 * the caller's own, is not a finished point of comparison); "previous" the
 * one before it. */
static int resolve_relative(struct pace_store *st, const char *ref, size_t skip,
			    char out[48], struct pace_error *err)
{
	struct pace_store_run_info *ri;
	size_t n, seen = 0;
	int rc = pace_store_list_runs(st, 0, &ri, &n, err);

	if (rc)
		return rc;
	rc = PACE_EUSAGE;
	for (size_t i = 0; i < n && rc; i++) {
		if (ri[i].status == PACE_STORE_RUNNING)
			continue;
		if (seen++ == skip) {
			snprintf(out, 48, "%s", ri[i].id);
			rc = 0;
		}
	}
	if (rc)
		pace_error_set(err, PACE_EUSAGE, "no run is '%s': the store '%s' holds "
			       "%zu finished run%s", ref, st->location, seen,
			       seen == 1 ? "" : "s");
	pace_store_run_infos_free(ri, n);
	return rc;
}

/* 1 when some run has run group `ref`, 0 when none, < 0 on errors. */
static int is_group(struct pace_store *st, const char *ref, struct pace_error *err)
{
	struct pace_strvec ids = PACE_STRVEC_INIT;
	int rc = pace_store_group_members(st, ref, &ids, err);

	if (!rc)
		rc = ids.n > 0;
	pace_strvec_release(&ids);
	return rc;
}

int pace_store_resolve(struct pace_store *st, const char *ref, char out[48],
		       struct pace_error *err)
{
	char ids[2][48];
	size_t n;
	int rc;

	if (!strcmp(ref, "latest"))
		return resolve_relative(st, ref, 0, out, err);
	if (!strcmp(ref, "previous"))
		return resolve_relative(st, ref, 1, out, err);
	rc = st->ops->baseline_get(st, ref, out, err);
	if (rc)
		return rc < 0 ? rc : 0;
	if (!*ref)
		return pace_error_set(err, PACE_EUSAGE, "empty run reference");
	if ((rc = is_group(st, ref, err)) != 0) {
		if (rc > 0)
			snprintf(out, 48, "%s", ref);
		return rc < 0 ? rc : 0;
	}
	rc = st->ops->match_ids(st, ref, ids, 2, &n, err);
	if (rc)
		return rc;
	if (n == 1) {
		snprintf(out, 48, "%s", ids[0]);
		return 0;
	}
	if (n > 1)
		return pace_error_set(err, PACE_EUSAGE, "run reference '%s' is ambiguous: "
				      "it matches '%s', '%s' and maybe more", ref,
				      ids[0], ids[1]);
	return pace_error_set(err, PACE_EUSAGE, "no run or baseline '%s' in the store '%s' "
			      "(see 'pace history')", ref, st->location);
}

/* ---- baselines ------------------------------------------------------------ */

int pace_store_baseline_set(struct pace_store *st, const char *name,
			    const char *run_id, struct pace_error *err)
{
	if (!*name || !strcmp(name, "latest") || !strcmp(name, "previous"))
		return pace_error_set(err, PACE_EUSAGE, "cannot name a baseline '%s'", name);
	return st->ops->baseline_set(st, name, run_id, err);
}

int pace_store_baseline_get(struct pace_store *st, const char *name,
			    char run_id[48], struct pace_error *err)
{
	int rc = st->ops->baseline_get(st, name, run_id, err);
	if (rc == 0)
		return pace_error_set(err, PACE_EUSAGE, "no baseline '%s' in the store '%s'",
				      name, st->location);
	return rc < 0 ? rc : 0;
}

int pace_store_baseline_list(struct pace_store *st,
			     struct pace_store_baseline **out, size_t *n,
			     struct pace_error *err)
{
	return st->ops->baseline_list(st, out, n, err);
}

int pace_store_baseline_delete(struct pace_store *st, const char *name,
			       struct pace_error *err)
{
	return st->ops->baseline_delete(st, name, err);
}

void pace_store_baselines_free(struct pace_store_baseline *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(b[i].name);
	free(b);
}

/* ---- history ------------------------------------------------------------- */

int pace_store_test_history(struct pace_store *st, const char *suite,
			    const char *test_id, const char *variant,
			    size_t limit, struct pace_store_point **out,
			    size_t *n, struct pace_error *err)
{
	return st->ops->test_history(st, suite, test_id, variant ? variant : "default",
				     limit, out, n, err);
}

void pace_store_points_free(struct pace_store_point *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i].git_commit);
	free(p);
}

int pace_store_list_tests(struct pace_store *st,
			  struct pace_store_test_key **out, size_t *n,
			  struct pace_error *err)
{
	return st->ops->list_tests(st, out, n, err);
}

void pace_store_test_keys_free(struct pace_store_test_key *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(k[i].suite);
		free(k[i].test_id);
		free(k[i].variant);
	}
	free(k);
}

/* ---- loading a run -------------------------------------------------------- */

int pace_store_load_run(struct pace_store *st, const char *run_id,
			struct pace_store_loaded *out, struct pace_error *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	pace_run_init(&out->run);
	rc = st->ops->load_run(st, run_id, out, err);
	if (rc)
		pace_store_loaded_release(out);
	return rc;
}

void pace_store_loaded_release(struct pace_store_loaded *l)
{
	pace_run_release(&l->run);
	for (size_t i = 0; i < l->nsuites; i++)
		pace_suite_release(&l->suites[i]);
	free(l->suites);
	pace_store_run_info_release(&l->info);
	memset(l, 0, sizeof(*l));
}

/* ---- run groups ------------------------------------------------------------ */

int pace_store_group_members(struct pace_store *st, const char *group,
			     struct pace_strvec *ids, struct pace_error *err)
{
	struct pace_store_run_info *ri;
	size_t n;
	int rc = pace_store_list_runs(st, 0, &ri, &n, err);

	for (size_t i = n; !rc && i-- > 0;) /* newest first: walk back */
		if (ri[i].run_group && !strcmp(ri[i].run_group, group))
			pace_strvec_push(ids, ri[i].id);
	if (!rc)
		pace_store_run_infos_free(ri, n);
	return rc;
}

static int status_rank(enum pace_store_status s)
{
	return s == PACE_STORE_RUNNING ? 2 : s == PACE_STORE_INTERRUPTED;
}

/* Adds run b (a later entry of a's group) into a, the group's entry. */
static void fold_into(struct pace_store_run_info *a, struct pace_store_run_info *b,
		      size_t *members)
{
	if (b->started_unix_ms < a->started_unix_ms) {
		a->started_unix_ms = b->started_unix_ms;
		memcpy(a->started, b->started, sizeof(a->started));
	}
	if (b->ended_unix_ms > a->ended_unix_ms) {
		a->ended_unix_ms = b->ended_unix_ms;
		memcpy(a->ended, b->ended, sizeof(a->ended));
	}
	if (status_rank(b->status) > status_rank(a->status))
		a->status = b->status;
	if (a->status == PACE_STORE_RUNNING) {
		a->ended[0] = '\0';
		a->ended_unix_ms = 0;
	}
	a->ntests += b->ntests;
	a->nresults += b->nresults;
	a->nsamples += b->nsamples;
	(*members)++;
	pace_store_run_info_release(b);
}

void pace_store_fold_groups(struct pace_store_run_info *ri, size_t *n)
{
	size_t out = 0;

	for (size_t i = 0; i < *n; i++) {
		size_t members = 1;
		if (!ri[i].id[0]) /* folded into an earlier entry */
			continue;
		if (!ri[i].run_group) {
			ri[out++] = ri[i];
			continue;
		}
		for (size_t k = i + 1; k < *n; k++)
			if (ri[k].run_group && !strcmp(ri[k].run_group, ri[i].run_group)) {
				fold_into(&ri[i], &ri[k], &members);
				ri[k].id[0] = '\0';
			}
		snprintf(ri[i].id, sizeof(ri[i].id), "%s", ri[i].run_group);
		free(ri[i].shard);
		ri[i].shard = pace_xasprintf("%zu shard%s", members, members == 1 ? "" : "s");
		ri[out++] = ri[i];
	}
	*n = out;
}
