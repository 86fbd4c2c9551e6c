/*
 * self_store.c - pace-self's storage target: batches of samples committed
 * through pace's history store exactly as `pace run` commits them
 * (pace_store_add_samples, one transaction per batch) into a fresh SQLite
 * store in a temporary directory, removed on close.  Each call adds one
 * result of n samples to one synthetic run.
 */
#include <stdio.h>
#include <stdlib.h>

#include "runner/runner.h"
#include "self.h"
#include "fixture/fixture.h"
#include "store/store.h"

struct pace_self_store {
	struct pace_store *st;
	char dir[64];
	struct pace_test test;
	struct pace_variant variant;
	struct pace_run run;
	struct pace_result res;
	size_t batches; /* results written so far */
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
	s->res.test = &s->test;
	s->res.variant = &s->variant;
	pace_run_init(&s->run);
	pace_run_begin(&s->run);
}

struct pace_self_store *pace_self_store_open(char *why, size_t whylen)
{
	struct pace_self_store *s = pace_xcalloc(1, sizeof(*s));
	struct pace_error err = PACE_ERROR_INIT;
	char *db;

	snprintf(s->dir, sizeof(s->dir), "/tmp/pace-self-XXXXXX");
	if (!mkdtemp(s->dir)) {
		snprintf(why, whylen, "cannot create a temporary directory");
		free(s);
		return NULL;
	}
	synthetic_run(s);
	db = pace_xasprintf("%s/pace.db", s->dir);
	if (pace_store_open(&s->st, db, &err) ||
	    pace_store_run_begin(s->st, &s->run, &(struct pace_store_run_meta){0},
				 &err)) {
		fill_why(why, whylen, &err);
		free(db);
		pace_self_store_close(s);
		return NULL;
	}
	free(db);
	return s;
}

int pace_self_store_batch(struct pace_self_store *s, size_t n, char *why, size_t whylen)
{
	struct pace_error err = PACE_ERROR_INIT;

	/* The rows are made once, outside what is timed; each batch goes in
	 * as a new result of the run (as each test of a pace run does), so
	 * the memory stays one batch however many iterations run. */
	if (s->res.nsamples != n) {
		PACE_GROW(s->res.samples, s->res.alloc, n);
		for (size_t i = 0; i < n; i++) {
			struct pace_sample *smp = &s->res.samples[i];
			memset(smp, 0, sizeof(*smp));
			smp->wall_ns = 5000000 + (int64_t)(i * 37 % 100000);
			smp->user_ns = smp->sys_ns = (int64_t)i * 4;
			smp->max_rss = 1 << 20;
		}
		s->res.nsamples = n;
	}
	if (pace_store_add_samples(s->st, s->run.id, &s->res, s->batches++, 0, n,
				   &err)) {
		fill_why(why, whylen, &err);
		return -1;
	}
	return 0;
}

void pace_self_store_close(struct pace_self_store *s)
{
	struct pace_error err = PACE_ERROR_INIT;

	if (!s)
		return;
	pace_store_free(s->st);
	free(s->res.samples);
	pace_run_release(&s->run);
	pace_fixture_remove_tree(s->dir, &err);
	pace_error_release(&err);
	free(s);
}
