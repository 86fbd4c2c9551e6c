/*
 * self_store.c - pace-self's storage target: batches of samples recorded
 * by the pipeline's recorder (src/pipeline/recorder.c), the code `pace
 * run` records with, into a fresh SQLite store in a temporary directory,
 * removed on close.  Each call adds one result of n samples to one
 * synthetic run and ends it as a test ends in pace run: its samples and
 * summary in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fixture/fixture.h"
#include "pipeline/pipeline.h"
#include "self.h"

struct pace_self_store {
	struct pace_recorder rec;
	struct pace_config cfg;
	char dir[64];
	struct pace_test test;
	struct pace_variant variant;
	struct pace_run run;
	struct pace_sample *rows; /* one batch, made once */
	size_t nrows;
	char *why;                /* the recorder's warning, if any */
};

static void fill_why(char *why, size_t whylen, struct pace_error *err)
{
	snprintf(why, whylen, "store: %s", pace_error_msg(err));
	pace_error_release(err);
}

static void synthetic_run(struct pace_self_store *s)
{
	s->test.id = "storage";
	s->test.name = "storage";
	s->test.suite = "self";
	s->variant.name = "default";
	s->variant.cmd.text = "pace-self storage";
	pace_run_init(&s->run);
	pace_run_begin(&s->run);
}

static void keep_warning(void *data, const char *msg)
{
	struct pace_self_store *s = data;

	free(s->why);
	s->why = pace_xstrdup(msg);
}

struct pace_self_store *pace_self_store_open(char *why, size_t whylen)
{
	struct pace_self_store *s = pace_xcalloc(1, sizeof(*s));
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store *st;
	char *db;

	snprintf(s->dir, sizeof(s->dir), "/tmp/pace-self-XXXXXX");
	if (!mkdtemp(s->dir)) {
		snprintf(why, whylen, "cannot create a temporary directory");
		free(s);
		return NULL;
	}
	synthetic_run(s);
	pace_config_init(&s->cfg);
	db = pace_xasprintf("%s/pace.db", s->dir);
	if (pace_store_open(&st, db, &err)) {
		fill_why(why, whylen, &err);
		free(db);
		pace_self_store_close(s);
		return NULL;
	}
	free(db);
	pace_recorder_init(&s->rec, st, &s->cfg, "pace-self storage");
	s->rec.warn = keep_warning;
	s->rec.warn_data = s;
	return s;
}

/* The batch's rows, made once outside what is timed. */
static void make_rows(struct pace_self_store *s, size_t n)
{
	if (s->nrows == n)
		return;
	s->rows = pace_xrealloc(s->rows, n * sizeof(*s->rows));
	for (size_t i = 0; i < n; i++) {
		struct pace_sample *smp = &s->rows[i];
		memset(smp, 0, sizeof(*smp));
		smp->wall_ns = 5000000 + (int64_t)(i * 37 % 100000);
		smp->user_ns = smp->sys_ns = (int64_t)i * 4;
		smp->max_rss = 1 << 20;
	}
	s->nrows = n;
}

int pace_self_store_batch(struct pace_self_store *s, size_t n, char *why, size_t whylen)
{
	struct pace_runner_progress p = {.ev = PACE_EV_TEST_END, .test = &s->test};
	struct pace_result *r;

	make_rows(s, n);
	/* Each batch is a new result of the run, as each test of a pace run
	 * is; it borrows the rows while the recorder writes them, and keeps
	 * only its count afterwards, so the memory stays one batch (and a
	 * result's bookkeeping) however many iterations run. */
	PACE_GROW(s->run.results, s->run.alloc, s->run.nresults + 1);
	r = &s->run.results[s->run.nresults++];
	memset(r, 0, sizeof(*r));
	r->test = &s->test;
	r->variant = &s->variant;
	r->samples = s->rows;
	r->nsamples = n;
	r->peak_rss = -1;
	p.result = r;
	pace_recorder_event(&s->rec, &s->run, &p);
	r->samples = NULL;
	if (!s->rec.st) {
		snprintf(why, whylen, "store: %s", s->why ? s->why : "dropped");
		return -1;
	}
	return 0;
}

void pace_self_store_close(struct pace_self_store *s)
{
	struct pace_error err = PACE_ERROR_INIT;

	if (!s)
		return;
	pace_recorder_release(&s->rec);
	pace_config_release(&s->cfg);
	free(s->rows);
	free(s->why);
	pace_run_release(&s->run);
	pace_fixture_remove_tree(s->dir, &err);
	pace_error_release(&err);
	free(s);
}
