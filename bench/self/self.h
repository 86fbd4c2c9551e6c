/*
 * self.h - the inputs and the isolated pieces of pace-self (pace-self.c):
 * synthetic runs and files built with pace's own code (self_inputs.c),
 * the trend fit (self_trend.c, through src/analyze) and the batched
 * sample inserts (self_store.c, through src/store).  Everything returned
 * here is freed by its pair.
 */
#ifndef PACE_SELF_H
#define PACE_SELF_H

#include <stddef.h>

#include "model.h"

/* A history of n wall times (ns) with a slow upward drift and noise. */
double *pace_self_history(size_t n);

/* Least-squares line through (i, y[i]), evaluated `ahead` points past the
 * end: the forecast of the next run. */
double pace_self_trend_forecast(const double *y, size_t n, size_t ahead);

/* A finished run of n results (n / 2 tests x 2 variants, 10 samples
 * each), summarised and compared as pace run leaves it. */
struct pace_self_run;
struct pace_self_run *pace_self_run_new(size_t n);
const struct pace_run *pace_self_run_of(const struct pace_self_run *r);
void pace_self_run_free(struct pace_self_run *r);

/* raw/<test>.json of a test with two variants of 500 samples each, as
 * pace's writer makes it; *len bytes, malloc'ed. */
char *pace_self_raw_json(size_t *len);

/* SQLite with pace's samples table in a temporary file; NULL and a
 * message in why when it cannot be opened. */
struct pace_self_store;
struct pace_self_store *pace_self_store_open(char *why, size_t whylen);
/* Inserts n samples in one transaction; 0 or -1 with a message. */
int pace_self_store_batch(struct pace_self_store *s, size_t n, char *why, size_t whylen);
void pace_self_store_close(struct pace_self_store *s);

/* The parser target's inputs: a realistic suite text and a config file
 * (written to a temporary file, since the config loader reads paths). */
struct pace_self_texts {
	const char *suite;
	size_t suite_len;
	char config_path[64];
	size_t config_len;
};
struct pace_state;
void pace_self_parser_setup(struct pace_state *st);
void pace_self_parser_teardown(struct pace_state *st);

#endif
