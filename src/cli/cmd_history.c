/*
 * cmd_history.c - `pace history`: what the store holds.  Without operands
 * it lists runs (newest first) with their status; with a run reference it
 * shows that run's tests and summaries; with --test it shows one test's
 * figures over runs as a table and a sparkline of the means.  --json
 * prints the same as JSON for scripts.
 */
#include <jansson.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>

#include "cli/analysis.h"
#include "cli/cli.h"
#include "report/report.h"
#include "store/store.h"
#include "util/json.h"

enum { HISTORY_TEST = 1, HISTORY_VARIANT, HISTORY_LIMIT };

static const struct pace_opt history_opts[] = {
	{"test", 0, "ID", "one test's figures over runs, with a sparkline", .id = HISTORY_TEST},
	{"variant", 0, "V", "the variant to follow (default 'default')", .id = HISTORY_VARIANT},
	{"limit", 0, "N", "at most the newest N runs (default 20; 0 = all)", .id = HISTORY_LIMIT},
	PACE_OPT_INCLUDE(pace_opt_json),
	PACE_OPT_INCLUDE(pace_opt_store),
	PACE_OPT_INCLUDE(pace_opt_config),
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_history_spec = {
	.name = "history",
	.summary = "list stored runs; show a run or a test over time",
	.usage =
"usage: pace history [options]                  list runs\n"
"   or: pace history [options] RUN              show one run\n"
"   or: pace history [options] --test [SUITE/]ID [--variant V]\n"
"\n"
"Shows the history kept in the store (default benchmarks/pace.db).  RUN is a\n"
"run id, a unique prefix of one, 'latest', 'previous' or a baseline name.\n"
"A run whose pace process died (kill -9, crash) is shown as interrupted.\n",
	.opts = history_opts,
	.operands = PACE_COMPLETE_WORDS,
	.words = "latest previous",
};

struct history_args {
	struct pace_cli_flags flags;
	const char *test, *variant, *run;
	size_t limit;
	bool json;
};

static int on_option(void *data, int id, const char *arg)
{
	struct history_args *a = data;
	uint64_t n;

	switch (id) {
	case HISTORY_TEST: a->test = arg; break;
	case HISTORY_VARIANT: a->variant = arg; break;
	case 'j': a->json = true; break;
	case HISTORY_LIMIT:
		if (pace_parse_uint(arg, &n))
			return pace_cli_error("history: --limit needs a count, not '%s'", arg);
		a->limit = (size_t)n;
		break;
	}
	return 0;
}

static int parse_args(struct history_args *a, int argc, char **argv)
{
	struct pace_opt_state st = {.flags = &a->flags, .cb = on_option, .data = a};
	int rc;

	a->limit = 20;
	if ((rc = pace_opt_parse(&st, &cmd_history_spec, argc, argv)) != 0)
		return rc;
	if (st.nargs)
		a->run = st.args[0];
	if (st.nargs > 1)
		return pace_cli_error("history: one run at a time ('%s')", st.args[1]);
	if (a->run && a->test)
		return pace_cli_error("history: give a run or --test, not both");
	if (a->variant && !a->test)
		return pace_cli_error("history: --variant goes with --test");
	return 0;
}

/* ---- helpers ------------------------------------------------------------- */

static void print_json(json_t *o)
{
	json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(o);
}

static json_t *str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static void fmt_time(char *out, size_t n, double s)
{
	if (isfinite(s))
		pace_format_time(out, n, s);
	else
		snprintf(out, n, "-");
}

static const char *short_commit(const char *c)
{
	static char buf[13];
	snprintf(buf, sizeof(buf), "%s", c ? c : "-");
	return buf;
}

/* Whether the terminal's character set is UTF-8 (for the sparkline). */
static bool utf8_locale(void)
{
	bool utf8;

	setlocale(LC_CTYPE, "");
	utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	setlocale(LC_CTYPE, "C");
	return utf8;
}

/* One character per value, eight levels between the smallest and the
 * largest; unknown values are blanks. */
static void sparkline(struct pace_strbuf *out, const double *v, size_t n, bool utf8)
{
	static const char *const bars[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	static const char ascii[] = "._-~=+*#";
	double lo = INFINITY, hi = -INFINITY;

	for (size_t i = 0; i < n; i++)
		if (isfinite(v[i])) {
			lo = fmin(lo, v[i]);
			hi = fmax(hi, v[i]);
		}
	for (size_t i = 0; i < n; i++) {
		int k = 3;
		if (!isfinite(v[i])) {
			pace_strbuf_addc(out, ' ');
			continue;
		}
		if (hi > lo)
			k = (int)lround((v[i] - lo) / (hi - lo) * 7);
		if (utf8)
			pace_strbuf_adds(out, bars[k]);
		else
			pace_strbuf_addc(out, ascii[k]);
	}
}

/* ---- pace history ----------------------------------------------------------- */

static json_t *run_info_json(const struct pace_store_run_info *ri)
{
	json_t *o = json_object();

	json_object_set_new(o, "run_id", json_string(ri->id));
	json_object_set_new(o, "started", json_string(ri->started));
	json_object_set_new(o, "ended", ri->ended[0] ? json_string(ri->ended) : json_null());
	json_object_set_new(o, "status", json_string(pace_store_status_name(ri->status)));
	json_object_set_new(o, "tests", json_integer((json_int_t)ri->ntests));
	json_object_set_new(o, "results", json_integer((json_int_t)ri->nresults));
	json_object_set_new(o, "samples", json_integer((json_int_t)ri->nsamples));
	json_object_set_new(o, "git_commit", str(ri->git_commit));
	json_object_set_new(o, "hostname", str(ri->hostname));
	json_object_set_new(o, "run_group", str(ri->run_group));
	json_object_set_new(o, "shards", str(ri->shard));
	return o;
}

static int list_runs(struct pace_store *st, const struct history_args *a)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store_run_info *ri;
	size_t n;

	if (pace_store_list_runs(st, a->limit, &ri, &n, &err)) {
		int rc = pace_cli_report_error(&err);
		pace_error_release(&err);
		return rc;
	}
	pace_store_fold_groups(ri, &n); /* CI shards: one run per group */
	if (a->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, run_info_json(&ri[i]));
		print_json(arr);
	} else if (!n) {
		printf("No runs in %s yet (pace run stores every run).\n",
		       pace_store_location(st));
	} else {
		printf("%-22s %-24s %-11s %5s %8s  %s\n", "RUN", "STARTED", "STATUS",
		       "TESTS", "SAMPLES", "COMMIT");
		for (size_t i = 0; i < n; i++)
			printf("%-22s %-24s %-11s %5zu %8zu  %s%s%s%s\n", ri[i].id,
			       ri[i].started, pace_store_status_name(ri[i].status),
			       ri[i].ntests, ri[i].nsamples,
			       short_commit(ri[i].git_commit), ri[i].shard ? " (" : "",
			       ri[i].shard ? ri[i].shard : "", ri[i].shard ? ")" : "");
	}
	pace_store_run_infos_free(ri, n);
	return PACE_EXIT_OK;
}

/* ---- pace history RUN ---------------------------------------------------------- */

static json_t *result_json(const struct pace_result *r)
{
	json_t *o = json_object();
	const struct pace_summary *w = &r->wall;

	json_object_set_new(o, "suite", str(r->test->suite));
	json_object_set_new(o, "test_id", json_string(r->test->id));
	json_object_set_new(o, "variant", json_string(r->variant->name));
	json_object_set_new(o, "n", json_integer((json_int_t)w->n));
	json_object_set_new(o, "failed", json_integer((json_int_t)r->nfailed));
	json_object_set_new(o, "mean", pace_json_num(w->n ? w->mean : NAN));
	json_object_set_new(o, "sd", pace_json_num(w->n ? w->sd : NAN));
	json_object_set_new(o, "median", pace_json_num(w->n ? w->median : NAN));
	json_object_set_new(o, "ci_lo", pace_json_num(w->n ? w->ci_lo : NAN));
	json_object_set_new(o, "ci_hi", pace_json_num(w->n ? w->ci_hi : NAN));
	json_object_set_new(o, "stop_reason", str(r->stop_reason));
	return o;
}

static void print_result(const struct pace_result *r)
{
	const struct pace_summary *w = &r->wall;
	char mean[32], sd[32], med[32], lo[32], hi[32], id[256];

	fmt_time(mean, sizeof(mean), w->n ? w->mean : NAN);
	fmt_time(sd, sizeof(sd), w->n > 1 ? w->sd : NAN);
	fmt_time(med, sizeof(med), w->n ? w->median : NAN);
	fmt_time(lo, sizeof(lo), w->n > 1 ? w->ci_lo : NAN);
	fmt_time(hi, sizeof(hi), w->n > 1 ? w->ci_hi : NAN);
	snprintf(id, sizeof(id), "%s/%s", r->test->suite ? r->test->suite : "",
		 r->test->id);
	printf("%-32s %-12s %5zu %11s ± %-10s %11s  [%s, %s]%s\n", id, r->variant->name,
	       w->n, mean, sd, med, lo, hi, r->nfailed ? "  (failures)" : "");
}

static int show_run(struct pace_store *st, const struct history_args *a)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_loaded_run l;
	char id[48];
	int rc = pace_store_resolve(st, a->run, id, &err);

	if (!rc)
		rc = pace_pipeline_load(st, id, &l, &err);
	if (rc) {
		rc = pace_cli_report_error(&err);
		pace_error_release(&err);
		return rc;
	}
	if (a->json) {
		json_t *o = run_info_json(&l.info), *arr = json_array();
		for (size_t i = 0; i < l.run.nresults; i++)
			json_array_append_new(arr, result_json(&l.run.results[i]));
		json_object_set_new(o, "results", arr);
		print_json(o);
	} else {
		printf("Run %s  %s\n", l.info.id, pace_store_status_name(l.info.status));
		printf("  started %s, ended %s, host %s, commit %s\n", l.info.started,
		       l.info.ended[0] ? l.info.ended : "-",
		       l.info.hostname ? l.info.hostname : "-",
		       short_commit(l.info.git_commit));
		printf("  %zu tests, %zu results, %zu samples\n\n", l.info.ntests,
		       l.info.nresults, l.info.nsamples);
		printf("%-32s %-12s %5s %11s   %-10s %11s  %s\n", "TEST", "VARIANT", "N",
		       "MEAN", "SD", "MEDIAN", "CI OF THE MEAN");
		for (size_t i = 0; i < l.run.nresults; i++)
			print_result(&l.run.results[i]);
	}
	pace_pipeline_loaded_release(&l);
	return PACE_EXIT_OK;
}

/* ---- pace history --test ------------------------------------------------------- */

static json_t *point_json(const struct pace_store_point *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "run_id", json_string(p->run_id));
	json_object_set_new(o, "started", json_string(p->started));
	json_object_set_new(o, "status", json_string(pace_store_status_name(p->status)));
	json_object_set_new(o, "n", json_integer((json_int_t)p->n));
	json_object_set_new(o, "failed", json_integer((json_int_t)p->nfailed));
	json_object_set_new(o, "mean", pace_json_num(p->mean));
	json_object_set_new(o, "median", pace_json_num(p->median));
	json_object_set_new(o, "sd", pace_json_num(p->sd));
	json_object_set_new(o, "ci_lo", pace_json_num(p->ci_lo));
	json_object_set_new(o, "ci_hi", pace_json_num(p->ci_hi));
	json_object_set_new(o, "git_commit", str(p->git_commit));
	return o;
}

static void print_points(const struct pace_store_point *p, size_t n,
			 const char *title)
{
	struct pace_strbuf line = PACE_STRBUF_INIT;
	double *means = pace_xcalloc(n ? n : 1, sizeof(double));
	char mean[32], med[32], lo[32], hi[32];

	printf("%s: %zu run%s\n\n", title, n, n == 1 ? "" : "s");
	printf("%-22s %-24s %-11s %5s %11s %11s  %s\n", "RUN", "STARTED", "STATUS",
	       "N", "MEAN", "MEDIAN", "CI OF THE MEAN");
	for (size_t i = 0; i < n; i++) {
		fmt_time(mean, sizeof(mean), p[i].mean);
		fmt_time(med, sizeof(med), p[i].median);
		fmt_time(lo, sizeof(lo), p[i].ci_lo);
		fmt_time(hi, sizeof(hi), p[i].ci_hi);
		printf("%-22s %-24s %-11s %5zu %11s %11s  [%s, %s]\n", p[i].run_id,
		       p[i].started, pace_store_status_name(p[i].status), p[i].n, mean,
		       med, lo, hi);
		means[i] = p[i].n ? p[i].mean : NAN;
	}
	sparkline(&line, means, n, utf8_locale());
	printf("\nmean, oldest to newest: %s\n", pace_strbuf_str(&line));
	pace_strbuf_release(&line);
	free(means);
}

/* ID, or SUITE/ID (test ids may hold slashes too: the whole text is tried
 * as an id first, then split at the first slash). */
static int test_points(struct pace_store *st, const struct history_args *a,
		       const char *variant, char **suite, const char **id,
		       struct pace_store_point **p, size_t *n, struct pace_error *err)
{
	const char *slash = strchr(a->test, '/');
	int rc;

	*suite = NULL;
	*id = a->test;
	rc = pace_store_test_history(st, NULL, a->test, variant, a->limit, p, n, err);
	if (rc == PACE_EUSAGE && slash) {
		*suite = pace_xstrndup(a->test, (size_t)(slash - a->test));
		*id = slash + 1;
		rc = pace_store_test_history(st, *suite, *id, variant, a->limit, p, n, err);
		if (!rc && !*n)
			rc = pace_error_set(err, PACE_EUSAGE, "no test '%s' in the store '%s'",
					    a->test, pace_store_location(st));
	}
	if (!rc && !*n)
		rc = pace_error_set(err, PACE_EUSAGE, "test '%s' has no variant '%s' "
				    "in the store", a->test, variant);
	return rc;
}

static int show_test(struct pace_store *st, const struct history_args *a)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store_point *p = NULL;
	const char *variant = a->variant ? a->variant : "default", *id;
	char *suite;
	size_t n = 0;
	int rc = test_points(st, a, variant, &suite, &id, &p, &n, &err);

	if (rc) {
		rc = pace_cli_report_error(&err);
		pace_error_release(&err);
		pace_store_points_free(p, n);
		free(suite);
		return rc;
	}
	/* A SUITE/ID found on the second try leaves the first try's message. */
	pace_error_release(&err);
	if (a->json) {
		json_t *o = json_object(), *arr = json_array();
		json_object_set_new(o, "test_id", json_string(id));
		json_object_set_new(o, "variant", json_string(variant));
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, point_json(&p[i]));
		json_object_set_new(o, "history", arr);
		print_json(o);
	} else {
		char title[512];
		snprintf(title, sizeof(title), "%s (variant %s)", a->test, variant);
		print_points(p, n, title);
	}
	pace_store_points_free(p, n);
	free(suite);
	return PACE_EXIT_OK;
}

static int history(const void *args, const struct pace_config *cfg)
{
	const struct history_args *a = args;
	struct pace_store *st;
	int rc = pace_cli_store_open(&st, cfg);

	if (rc)
		return rc;
	if (a->test)
		rc = show_test(st, a);
	else if (a->run)
		rc = show_run(st, a);
	else
		rc = list_runs(st, a);
	pace_store_free(st);
	return rc;
}

int cmd_history(int argc, char **argv)
{
	struct history_args a = {0};
	int rc = parse_args(&a, argc, argv);

	return pace_cli_with_config(rc, &a.flags, history, &a);
}
