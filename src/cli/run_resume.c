/*
 * run_resume.c - `pace run --resume [RUN]` finishes an interrupted run
 * under the same run id.  The run is replayed from its stored command
 * line (same suites, same options), with the options given now placed
 * after the stored ones so that they win (a --store given now, say,
 * where the stored line had a password redacted).  Its finished
 * results are kept (samples and all, loaded back from the store), its
 * unfinished ones dropped and measured again with the rest of the plan,
 * and the reports then cover the whole run.
 */
#include "cli/cli.h"
#include "cli/run_resume.h"

/* The newest interrupted run, or "" when there is none. */
static int newest_interrupted(struct pace_store *st, char id[48],
			      struct pace_error *err)
{
	struct pace_store_run_info *ri;
	size_t n;
	int rc = pace_store_list_runs(st, 0, &ri, &n, err);

	id[0] = '\0';
	for (size_t i = 0; !rc && i < n && !id[0]; i++)
		if (ri[i].status == PACE_STORE_INTERRUPTED)
			snprintf(id, 48, "%s", ri[i].id);
	if (!rc)
		pace_store_run_infos_free(ri, n);
	return rc;
}

static int pick_run(struct pace_store *st, const char *ref,
		    struct pace_store_run_info *ri, struct pace_error *err)
{
	char id[48];
	int rc = ref ? pace_store_resolve(st, ref, id, err)
		     : newest_interrupted(st, id, err);

	if (!rc && !id[0])
		return pace_error_set(err, PACE_EUSAGE, "run --resume: no interrupted "
				      "run in the store '%s'", pace_store_location(st));
	if (!rc)
		rc = pace_store_get_run(st, id, ri, err);
	if (!rc && ri->status != PACE_STORE_INTERRUPTED) {
		rc = pace_error_set(err, PACE_EUSAGE, "run --resume: run %s is %s, "
				    "not interrupted: nothing to resume", id,
				    ri->status == PACE_STORE_COMPLETE ? "complete"
				    : "still running");
		pace_store_run_info_release(ri);
	}
	return rc;
}

/* "run", the stored arguments before "--", cur, then "--" and the rest. */
static int replay(struct pace_strvec *args, const char *line,
		  char *const *cur, size_t ncur, struct pace_error *err)
{
	struct pace_strvec w = PACE_STRVEC_INIT;
	const char *why = NULL;
	size_t i = 2;

	if (!line || pace_split_words(&w, line, &why) || w.n < 2 ||
	    strcmp(w.v[0], "pace") || strcmp(w.v[1], "run")) {
		pace_strvec_release(&w);
		return pace_error_set(err, PACE_EUSAGE, "run --resume: the run's stored "
				      "command line cannot be replayed ('%s'%s%s)",
				      line ? line : "", why ? ": " : "", why ? why : "");
	}
	pace_strvec_push(args, "run");
	for (; i < w.n && strcmp(w.v[i], "--"); i++)
		pace_strvec_push(args, w.v[i]);
	for (size_t k = 0; k < ncur; k++)
		pace_strvec_push(args, cur[k]);
	for (; i < w.n; i++)
		pace_strvec_push(args, w.v[i]);
	pace_strvec_release(&w);
	return 0;
}

int pace_cli_resume_args(struct pace_strvec *args, char id[48],
			 const char *location, const char *ref,
			 char *const *cur, size_t ncur)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store_run_info ri;
	struct pace_store *st = NULL;
	int rc = pace_store_open(&st, location, &err);

	if (!rc)
		rc = pick_run(st, ref, &ri, &err);
	if (!rc) {
		snprintf(id, 48, "%s", ri.id);
		rc = replay(args, ri.command_line, cur, ncur, &err);
		pace_store_run_info_release(&ri);
	}
	pace_store_free(st);
	if (rc)
		rc = pace_cli_report_error(&err);
	pace_error_release(&err);
	return rc;
}

int pace_cli_resume_open(struct pace_recorder *rec, const char *id,
			 struct pace_store_loaded *out)
{
	struct pace_error err = PACE_ERROR_INIT;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!rec->st)
		return pace_cli_error("run --resume: the store could not be opened, "
				      "so run %s cannot be resumed", id);
	rc = pace_store_run_resume(rec->st, id, &err);
	if (!rc)
		rc = pace_store_load_run(rec->st, id, out, &err);
	if (rc)
		rc = pace_cli_report_error(&err);
	pace_error_release(&err);
	rec->begun = rc == 0; /* the run's row exists: no new one */
	return rc;
}
