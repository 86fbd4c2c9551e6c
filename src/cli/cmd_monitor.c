/*
 * cmd_monitor.c - `pace monitor [RUN]`: a live view of a run as the store
 * has it (tests done and left, ETA, each result's samples and current
 * mean), so that it works from another terminal, or another machine on a
 * shared store.  It reads the same view as the dashboard's event stream
 * (pace_serve_progress_json) every --interval seconds and draws it again
 * when it changed: in place on a terminal, else one block per change (for
 * logs and scripts).  Ends when the run is no longer running.
 */
#include <math.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/analysis.h"
#include "cli/cli.h"
#include "serve/serve.h"

enum { MONITOR_INTERVAL = 1, MONITOR_ONCE };

static const struct pace_opt monitor_opts[] = {
	{"interval", 0, "SECONDS", "how often to read the store (default 1)",
	 .id = MONITOR_INTERVAL},
	{"once", 0, NULL, "print the view once and exit", .id = MONITOR_ONCE},
	PACE_OPT_INCLUDE(pace_opt_store),
	PACE_OPT_INCLUDE(pace_opt_config),
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_monitor_spec = {
	.name = "monitor",
	.summary = "watch a running run: tests done and left, ETA, means",
	.usage =
"usage: pace monitor [options] [RUN]\n"
"\n"
"Shows a run as the history store has it, again whenever it changes, until\n"
"the run ends (default: the newest run).  Works from any terminal that can\n"
"read the store.  RUN is a run id (or a unique prefix), 'latest' or a\n"
"baseline name.\n",
	.opts = monitor_opts,
	.footer = "Exit status: 0 the run completed, 1 it was interrupted or has\n"
		  "failures, 2 usage error or unknown run, 3 internal error.\n",
	.operands = PACE_COMPLETE_WORDS,
	.words = "latest",
};

struct monitor_args {
	struct pace_cli_flags flags;
	double interval;
	bool once;
	const char *ref;
};

static int on_option(void *data, int id, const char *arg)
{
	struct monitor_args *a = data;
	char *end;

	if (id == MONITOR_ONCE)
		a->once = true;
	if (id == MONITOR_INTERVAL) {
		a->interval = strtod(arg, &end);
		if (*end || !(a->interval >= 0.05 && a->interval <= 3600))
			return pace_cli_error("monitor: --interval '%s': expected "
					      "seconds from 0.05 to 3600", arg);
	}
	return 0;
}

static void fmt_time(char *buf, size_t n, double s)
{
	if (!isfinite(s))
		snprintf(buf, n, "-");
	else if (s < 1e-3)
		snprintf(buf, n, "%.1f us", s * 1e6);
	else if (s < 1)
		snprintf(buf, n, "%.2f ms", s * 1e3);
	else
		snprintf(buf, n, "%.3f s", s);
}

static double num(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* The head lines: run, status, tests done / left, ETA. */
static void draw_head(struct pace_strbuf *b, json_t *run, json_t *prog,
		      size_t nresults)
{
	const char *status = json_string_value(json_object_get(run, "status"));
	double elapsed = ((double)pace_unix_ms() - num(run, "startedUnixMs")) / 1000;

	pace_strbuf_addf(b, "Run %s  %s  on %s, started %s",
			 json_string_value(json_object_get(run, "id")), status,
			 json_string_value(json_object_get(run, "hostname")) ?: "?",
			 json_string_value(json_object_get(run, "started")));
	if (!strcmp(status, "running"))
		pace_strbuf_addf(b, " (%.0f s ago)", elapsed);
	pace_strbuf_addc(b, '\n');
	if (json_is_object(prog)) {
		double done = num(prog, "testsDone"), planned = num(prog, "testsPlanned");
		double eta = num(prog, "etaSeconds");

		if (!strcmp(status, "complete"))
			done = planned;
		pace_strbuf_addf(b, "Tests: %.0f done, %.0f left of %.0f", done,
				 planned - done, planned);
		if (!strcmp(status, "running") && isfinite(eta))
			pace_strbuf_addf(b, "   ETA %d:%02d", (int)eta / 60, (int)eta % 60);
		pace_strbuf_addc(b, '\n');
	} else {
		pace_strbuf_addf(b, "Tests: %zu results stored (the plan's size was "
				 "not recorded)\n", nresults);
	}
}

/* The view as text; *running whether the run goes on. */
static void draw(struct pace_strbuf *b, const char *json, bool *running,
		 bool *failed)
{
	json_t *v = json_loads(json, 0, NULL), *results, *r;
	json_t *run = json_object_get(v, "run");
	size_t i;

	results = json_object_get(v, "results");
	draw_head(b, run, json_object_get(v, "progress"), json_array_size(results));
	pace_strbuf_addf(b, "  %-32s %-16s %8s %7s %12s\n", "test", "variant",
			 "samples", "failed", "mean");
	*failed = false;
	json_array_foreach(results, i, r) {
		char mean[32], name[256];

		fmt_time(mean, sizeof(mean), num(r, "mean"));
		snprintf(name, sizeof(name), "%s/%s",
			 json_string_value(json_object_get(r, "suite")) ?: "",
			 json_string_value(json_object_get(r, "test")));
		pace_strbuf_addf(b, "  %-32s %-16s %8.0f %7.0f %12s\n", name,
				 json_string_value(json_object_get(r, "variant")),
				 num(r, "samples"), num(r, "failed"), mean);
		*failed |= num(r, "failed") > 0;
	}
	*running = !strcmp(json_string_value(json_object_get(run, "status")), "running");
	*failed |= !strcmp(json_string_value(json_object_get(run, "status")),
			   "interrupted");
	json_decref(v);
}

static void sleep_s(double s)
{
	struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};

	nanosleep(&ts, NULL);
}

static int watch(struct pace_store *st, const struct monitor_args *a,
		 const char *id)
{
	struct pace_error err = PACE_ERROR_INIT;
	char *last = NULL;
	bool tty = isatty(STDOUT_FILENO), running = true, failed = false;
	int rc = 0;

	while (running && !rc) {
		struct pace_strbuf j = PACE_STRBUF_INIT, text = PACE_STRBUF_INIT;

		if (pace_serve_progress_json(&j, st, id, &err))
			rc = pace_cli_report_error(&err);
		if (!rc) {
			draw(&text, pace_strbuf_str(&j), &running, &failed);
			/* Redrawn when the view changed; on a terminal every
			 * poll, since "started N s ago" and the ETA move. */
			if (tty || !last || strcmp(last, pace_strbuf_str(&j))) {
				fputs(tty ? "\033[H\033[2J" : (last ? "\n" : ""), stdout);
				fputs(pace_strbuf_str(&text), stdout);
				fflush(stdout);
			}
			free(last);
			last = pace_strbuf_detach(&j);
		}
		pace_strbuf_release(&j);
		pace_strbuf_release(&text);
		if (a->once)
			break;
		if (running && !rc)
			sleep_s(a->interval);
	}
	free(last);
	pace_error_release(&err);
	return rc ? rc : failed ? PACE_EXIT_FAILED : PACE_EXIT_OK;
}

static int monitor(const void *args, const struct pace_config *cfg)
{
	const struct monitor_args *a = args;
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store *st = NULL;
	struct pace_store_run_info *ri = NULL;
	char id[48] = "";
	size_t n = 0;
	int rc = pace_cli_store_open(&st, cfg);

	if (rc)
		return rc;
	/* "latest" resolves to the newest run that is not running; the
	 * default here is the newest of all, the one most likely watched. */
	if (a->ref && pace_store_resolve(st, a->ref, id, &err))
		rc = pace_cli_report_error(&err);
	else if (!a->ref && pace_store_list_runs(st, 1, &ri, &n, &err))
		rc = pace_cli_report_error(&err);
	else if (!a->ref && !n)
		rc = pace_cli_error("monitor: the history '%s' has no run yet", cfg->store);
	else if (!a->ref)
		snprintf(id, sizeof(id), "%s", ri[0].id);
	pace_store_run_infos_free(ri, n);
	if (!rc)
		rc = watch(st, a, id);
	pace_error_release(&err);
	pace_store_free(st);
	return rc;
}

int cmd_monitor(int argc, char **argv)
{
	struct monitor_args a = {.interval = 1};
	struct pace_opt_state st = {.flags = &a.flags, .cb = on_option, .data = &a};
	int rc = pace_opt_parse(&st, &cmd_monitor_spec, argc, argv);

	if (!rc && st.nargs > 1)
		rc = pace_cli_error("monitor: expected at most one run; "
				    "see 'pace monitor --help'");
	if (!rc && st.nargs == 1)
		a.ref = st.args[0];
	return pace_cli_with_config(rc, &a.flags, monitor, &a);
}
