/*
 * cmd_serve.c - `pace serve`: the history over HTTP (src/serve/): /metrics
 * for Prometheus, /api/ as JSON, the dashboard at /, live runs through
 * /api/events.  Loopback by default; any other address needs a bearer
 * token, read from a file (--token-file) or PACE_SERVE_TOKEN, never from
 * argv (which every user of the machine can read in /proc).  Runs until
 * SIGINT or SIGTERM; prints the URL it listens on (the port chosen when
 * --listen said :0) as its first line, for scripts.
 */
#include <signal.h>
#include <sys/stat.h>

#include "cli/analysis.h"
#include "cli/cli.h"
#include "serve/serve.h"

enum { SERVE_LISTEN = 1, SERVE_TOKEN_FILE, SERVE_LOG };

static const struct pace_opt serve_opts[] = {
	{"listen", 'l', "ADDR:PORT", "address to listen on (default 127.0.0.1:8080;\n"
	 "port 0 picks a free one); not loopback needs a token", .id = SERVE_LISTEN},
	{"token-file", 0, "FILE", "require 'Authorization: Bearer TOKEN', the token\n"
	 "being FILE's first line (else $PACE_SERVE_TOKEN)", .id = SERVE_TOKEN_FILE,
	 .complete = PACE_COMPLETE_FILE},
	{"access-log", 0, NULL, "one line per request on stderr", .id = SERVE_LOG},
	PACE_OPT_INCLUDE(pace_opt_store),
	PACE_OPT_INCLUDE(pace_opt_config),
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_serve_spec = {
	.name = "serve",
	.summary = "serve the history over HTTP: /metrics, /api, dashboard",
	.usage =
"usage: pace serve [options]\n"
"\n"
"Serves the history store over HTTP until interrupted: /metrics (Prometheus\n"
"text), /api/runs, /api/runs/RUN, /api/tests, /api/history/SUITE/TEST/VARIANT,\n"
"/api/compare/OLD/NEW, /api/progress, /api/events (server-sent events) and the\n"
"dashboard at /.  See docs/serve.md.\n",
	.opts = serve_opts,
	.footer = "Exit status: 0 stopped by a signal, 2 usage error, 3 internal error.\n",
};

struct serve_args {
	struct pace_cli_flags flags;
	const char *listen, *token_file;
	bool log;
};

static int on_option(void *data, int id, const char *arg)
{
	struct serve_args *a = data;

	if (id == SERVE_LISTEN)
		a->listen = arg;
	else if (id == SERVE_TOKEN_FILE)
		a->token_file = arg;
	else if (id == SERVE_LOG)
		a->log = true;
	return 0;
}

static void log_request(void *data, const char *method, const char *path,
			int status)
{
	(void)data;
	fprintf(stderr, "pace serve: %s %s %d\n", method, path, status);
}

/* The token: the file's first line, else PACE_SERVE_TOKEN, else none. */
static int read_token(const char *file, char **out)
{
	struct pace_strbuf b = PACE_STRBUF_INIT;
	struct pace_error err = PACE_ERROR_INIT;
	const char *env = getenv("PACE_SERVE_TOKEN");
	struct stat sb;
	int rc = 0;

	*out = NULL;
	if (!file) {
		if (env && *env)
			*out = pace_xstrdup(env);
		return 0;
	}
	if (!stat(file, &sb) && (sb.st_mode & 077))
		fprintf(stderr, "pace: warning: token file '%s' is readable by other "
			"users (chmod 600 it)\n", file);
	if (pace_read_file(file, &b, &err))
		rc = pace_cli_report_error(&err);
	else if (b.len) {
		b.buf[strcspn(b.buf, "\r\n")] = '\0';
		if (!b.buf[0])
			rc = pace_cli_error("token file '%s' starts with an empty line", file);
		else
			*out = pace_xstrdup(b.buf);
	} else {
		rc = pace_cli_error("token file '%s' is empty", file);
	}
	pace_strbuf_release(&b);
	pace_error_release(&err);
	return rc;
}

static int serve(const void *args, const struct pace_config *cfg)
{
	const struct serve_args *a = args;
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_serve_opts o = {.store = cfg->store, .listen = a->listen,
				    .log = a->log ? log_request : NULL};
	struct pace_server *s = NULL;
	char *token;
	sigset_t set;
	int rc = read_token(a->token_file, &token), sig;

	if (rc)
		return rc;
	o.token = token;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	/* Blocked before the server's threads start, so they inherit it and
	 * the signal reaches sigwait below. */
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (pace_serve_start(&s, &o, &err)) {
		rc = pace_cli_report_error(&err);
	} else {
		const char *l = a->listen ? a->listen : "127.0.0.1:8080";
		int hl = (int)(strrchr(l, ':') - l);

		printf("pace serve: listening on http://%.*s:%d/ (store %s)%s\n",
		       hl ? hl : 9, hl ? l : "127.0.0.1", pace_serve_port(s), cfg->store,
		       token ? ", token required" : "");
		fflush(stdout);
		sigwait(&set, &sig);
		pace_serve_stop(s);
	}
	free(token);
	pace_error_release(&err);
	return rc;
}

int pace_cli_push(struct pace_store *st, const char *run_id, const char *url,
		  bool quiet)
{
	struct pace_strbuf m = PACE_STRBUF_INIT;
	struct pace_error err = PACE_ERROR_INIT;
	int rc = pace_serve_metrics(&m, st, run_id, &err);

	if (!rc)
		rc = pace_serve_push(url, run_id, pace_strbuf_str(&m), &err);
	if (rc)
		rc = pace_cli_report_error(&err);
	else if (!quiet)
		printf("Metrics of run %s pushed to %s\n", run_id, url);
	pace_strbuf_release(&m);
	pace_error_release(&err);
	return rc;
}

int cmd_serve(int argc, char **argv)
{
	struct serve_args a = {0};
	struct pace_opt_state st = {.flags = &a.flags, .cb = on_option, .data = &a};
	int rc = pace_opt_parse(&st, &cmd_serve_spec, argc, argv);

	if (!rc && st.nargs)
		rc = pace_cli_error("serve: takes no operand; see 'pace serve --help'");
	return pace_cli_with_config(rc, &a.flags, serve, &a);
}
