/*
 * serve.h - the history over HTTP (issue 17, DESIGN.md §1 "serve"): what
 * `pace serve` answers and what `pace run --push` sends, built only on the
 * store interface (store.h) and the pipeline's loading of a run, so that it
 * works the same on every store backend.
 *
 *   /metrics          Prometheus text exposition (metrics.c,
 *                     docs/serve.md lists every name)
 *   /api/...          JSON (api.c; docs/serve.schema.json)
 *   /api/events       server-sent events: a run's progress and results as
 *                     the store gets them (http.c polls the store)
 *   /                 the dashboard (dashboard.c): one self-contained page
 *
 * Nothing here prints or exits: the server runs in libmicrohttpd's
 * threads, answers every request from the store (one connection, guarded
 * by a mutex: SQLite sees other processes' commits on each new read), and
 * reports trouble as HTTP status codes.  A request that is not a GET or
 * HEAD, has a body, a path with "..", or an unknown path gets 4xx.
 */
#ifndef PACE_SERVE_H
#define PACE_SERVE_H

#include "store/store.h"

/* ---- the texts (also for pace run --push and the tests) ----------------- */

/* Appends the Prometheus text exposition of the store's history to out:
 * the counts of runs, and of the run `ref` (NULL: "latest", the newest
 * run that is not running) its latency histograms and summary gauges per
 * suite, test and variant, its failures and regressions (against the
 * history, analyze/'s rule).  An empty store gives only the counts. */
int pace_serve_metrics(struct pace_strbuf *out, struct pace_store *st,
		       const char *ref, struct pace_error *err);

/* The JSON answer to GET `path` (starting "/api/"): 200 with the JSON in
 * out, or 404 (unknown path, run or test) / 400 (bad path) with an
 * {"error": ...} object.  Returns the HTTP status; < 0 a PACE_E* code for
 * store trouble (then err says what). */
int pace_serve_api(struct pace_strbuf *out, struct pace_store *st,
		   const char *path, struct pace_error *err);

/* One line of JSON for the live view (the "run" event of /api/events and
 * pace monitor): the newest run (or `run_id` when not NULL) with its
 * status, counts and per-result current means.  "" in *out when the store
 * has no run. */
int pace_serve_progress_json(struct pace_strbuf *out, struct pace_store *st,
			     const char *run_id, struct pace_error *err);

/* The dashboard page (static: it reads everything from /api). */
const char *pace_serve_dashboard(void);

/* PUTs `text` (Prometheus text format) to a Pushgateway at `url`
 * ("http://HOST:PORT[/PATH]"), under job "pace" with label run_id: the
 * gateway's /metrics/job/pace/run_id/ID.  Plain HTTP only. */
int pace_serve_push(const char *url, const char *run_id, const char *text,
		    struct pace_error *err);

/* ---- the server (http.c) ------------------------------------------------ */

struct pace_server;

struct pace_serve_opts {
	const char *store;   /* the store's location */
	const char *listen;  /* "ADDR:PORT"; NULL "127.0.0.1:8080"; port 0: any */
	/* Required as "Authorization: Bearer TOKEN" when set; must be set
	 * when listen is not a loopback address. */
	const char *token;
	double poll_s;       /* how often /api/events reads the store */
	/* Called (from the server's threads) once per request with its
	 * method, path and status; NULL: none. */
	void (*log)(void *data, const char *method, const char *path, int status);
	void *log_data;
};

/* Opens the store and starts listening (in libmicrohttpd's threads).
 * PACE_EUSAGE for a bad address or a missing token, PACE_EIO when the
 * address cannot be bound. */
int pace_serve_start(struct pace_server **out, const struct pace_serve_opts *o,
		     struct pace_error *err);
/* The port listened on (the chosen one when the option said 0). */
int pace_serve_port(const struct pace_server *s);
/* Stops listening, ends the event streams and frees (NULL ok). */
void pace_serve_stop(struct pace_server *s);

/* Whether "ADDR" (IPv4 or IPv6 literal, or "localhost") is loopback. */
bool pace_serve_is_loopback(const char *addr);

#endif
