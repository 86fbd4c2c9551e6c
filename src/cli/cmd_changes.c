/*
 * cmd_changes.c - `pace changes`: the change points of each stored test
 * x variant's history (E-divisive means with a permutation test,
 * docs/history-analysis.md), computed again over the whole history and
 * stored in place of the earlier ones (pace_pipeline_changes_update).
 * Each line is the first run after a change, its commit, the mean before
 * and after with their intervals, the relative change against the
 * practical threshold, and the permutation p at the stated alpha.
 * --since keeps the change points at runs that started from then on.
 */
#include <math.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cli/analysis.h"
#include "cli/cli.h"
#include "pipeline/pipeline.h"
#include "report/report.h"
#include "store/store_changes.h"

enum { CHANGES_TEST = 1, CHANGES_VARIANT, CHANGES_SINCE };

static const struct pace_opt changes_opts[] = {
	{"test", 0, "ID", "only this test (its id)", .id = CHANGES_TEST},
	{"variant", 0, "NAME", "only this variant", .id = CHANGES_VARIANT},
	{"since", 0, "WHEN", "only changes at runs started from WHEN on\n"
	 "(YYYY-MM-DD, or a run: id, prefix, latest, baseline)",
	 .id = CHANGES_SINCE},
	PACE_OPT_INCLUDE(pace_opt_json),
	PACE_OPT_INCLUDE(pace_opt_alpha),
	PACE_OPT_INCLUDE(pace_opt_threshold),
	PACE_OPT_INCLUDE(pace_opt_store),
	PACE_OPT_INCLUDE(pace_opt_config),
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_changes_spec = {
	.name = "changes",
	.summary = "change points in the history of stored tests",
	.usage =
"usage: pace changes [options]\n"
"\n"
"Finds where each stored test's mean wall time changed over its runs,\n"
"with E-divisive means (Matteson & James 2014, as Apache Otava does): a\n"
"change point is kept when a permutation test (199 shuffles, seeded by\n"
"analysis.seed) gives p <= --alpha.  Each is shown with the first run\n"
"after it, its commit, the mean before and after with 95% intervals, and\n"
"whether the change reaches --threshold (docs/history-analysis.md).\n",
	.opts = changes_opts,
};

struct changes_args {
	struct pace_cli_flags flags;
	const char *test, *variant, *since;
	bool json;
};

static int on_option(void *data, int id, const char *arg)
{
	struct changes_args *a = data;

	switch (id) {
	case CHANGES_TEST: a->test = arg; return 0;
	case CHANGES_VARIANT: a->variant = arg; return 0;
	case CHANGES_SINCE: a->since = arg; return 0;
	case 'j': a->json = true; return 0;
	}
	return 0;
}

static int parse_args(struct changes_args *a, int argc, char **argv)
{
	struct pace_opt_state st = {.flags = &a->flags, .cb = on_option, .data = a};
	int rc = pace_opt_parse(&st, &cmd_changes_spec, argc, argv);

	if (rc)
		return rc;
	if (st.nargs)
		return pace_cli_error("changes: unexpected argument '%s'", st.args[0]);
	return 0;
}

/* --since as unix ms: a UTC date, else a run reference's start. */
static int since_ms(struct pace_store *st, const char *since, int64_t *out,
		    struct pace_error *err)
{
	struct pace_store_run_info ri;
	struct tm tm = {0};
	char id[48], *end;
	int rc;

	*out = 0;
	if (!since)
		return 0;
	end = strptime(since, "%Y-%m-%d", &tm);
	if (end && *end == '\0') {
		*out = (int64_t)timegm(&tm) * 1000;
		return 0;
	}
	if ((rc = pace_store_resolve(st, since, id, err)))
		return rc;
	memset(&ri, 0, sizeof(ri));
	if ((rc = pace_store_get_run(st, id, &ri, err)))
		return rc;
	*out = ri.started_unix_ms;
	pace_store_run_info_release(&ri);
	return 0;
}

static json_t *change_json(const struct pace_store_change *c, double threshold)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:I, s:I, "
			 "s:{s:o, s:o, s:o}, s:{s:o, s:o, s:o}, s:o, s:o, s:b, "
			 "s:o, s:o, s:I}",
		"suite", c->suite, "test", c->test_id, "variant", c->variant,
		"run", c->run_id, "started", c->started,
		"commit", c->git_commit ? json_string(c->git_commit) : json_null(),
		"position", (json_int_t)c->position,
		"history_runs", (json_int_t)c->history_runs,
		"before", "mean_s", pace_json_num(c->before_mean),
		"lo_s", pace_json_num(c->before_lo), "hi_s", pace_json_num(c->before_hi),
		"after", "mean_s", pace_json_num(c->after_mean),
		"lo_s", pace_json_num(c->after_lo), "hi_s", pace_json_num(c->after_hi),
		"change", pace_json_num(c->change),
		"threshold", pace_json_num(threshold),
		"meaningful", c->meaningful,
		"p_value", pace_json_num(c->p_value),
		"alpha", pace_json_num(c->alpha),
		"permutations", (json_int_t)c->permutations);
}

static void print_change(const struct pace_store_change *c)
{
	char b[32], bl[32], bh[32], f[32], fl[32], fh[32], commit[13];

	pace_cli_fmt_seconds(b, sizeof(b), c->before_mean);
	pace_cli_fmt_seconds(bl, sizeof(bl), c->before_lo);
	pace_cli_fmt_seconds(bh, sizeof(bh), c->before_hi);
	pace_cli_fmt_seconds(f, sizeof(f), c->after_mean);
	pace_cli_fmt_seconds(fl, sizeof(fl), c->after_lo);
	pace_cli_fmt_seconds(fh, sizeof(fh), c->after_hi);
	snprintf(commit, sizeof(commit), "%s", c->git_commit ? c->git_commit : "-");
	printf("%-24s %-12s %-12.12s %-12s  %s [%s, %s] -> %s [%s, %s]  "
	       "%+.1f%%%s  p = %.3f\n", c->test_id, c->variant, c->run_id,
	       commit, b, bl, bh, f, fl, fh, c->change * 100,
	       c->meaningful ? "" : " (below the threshold)", c->p_value);
}

/* Recomputes and stores the change points of every wanted key; *shown
 * counts the keys. */
static int update_all(struct pace_store *st, const struct changes_args *a,
		      const struct pace_config *cfg, size_t *shown,
		      struct pace_error *err)
{
	struct pace_store_test_key *k;
	size_t n;
	int rc = pace_store_list_tests(st, &k, &n, err);

	*shown = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		struct pace_store_change *c;
		size_t nc;

		if (!pace_cli_key_wanted(a->test, a->variant, &k[i]))
			continue;
		(*shown)++;
		rc = pace_pipeline_changes_update(st, k[i].suite, k[i].test_id,
						  k[i].variant, cfg, &c, &nc,
						  err);
		if (!rc)
			pace_store_changes_free(c, nc);
	}
	pace_store_test_keys_free(k, n);
	return rc;
}

static int list(struct pace_store *st, const struct changes_args *a,
		const struct pace_config *cfg, struct pace_error *err)
{
	struct pace_store_change *c;
	size_t n, keys;
	int64_t since;
	json_t *arr = a->json ? json_array() : NULL;
	int rc = since_ms(st, a->since, &since, err);

	if (!rc)
		rc = update_all(st, a, cfg, &keys, err);
	if (!rc && !keys && (a->test || a->variant))
		rc = pace_error_set(err, PACE_EUSAGE, "no stored test '%s'%s%s"
				    " in '%s' (see 'pace history')",
				    a->test ? a->test : "*",
				    a->variant ? " with variant " : "",
				    a->variant ? a->variant : "",
				    pace_store_location(st));
	if (!rc)
		rc = pace_store_changes_list(st, a->test, a->variant, since, &c,
					     &n, err);
	if (rc) {
		json_decref(arr);
		return rc;
	}
	if (!arr)
		printf("change points (E-divisive means, permutation test at "
		       "alpha %.3g; practical threshold %.3g%%)\n%-24s %-12s "
		       "%-12s %-12s  %s\n", cfg->alpha, cfg->threshold * 100,
		       "TEST", "VARIANT", "RUN", "COMMIT",
		       "BEFORE [95% CI] -> AFTER [95% CI]  CHANGE  P");
	for (size_t i = 0; i < n; i++) {
		if (arr)
			json_array_append_new(arr, change_json(&c[i], cfg->threshold));
		else
			print_change(&c[i]);
	}
	if (!arr && !n)
		printf("no change point in %zu test%s\n", keys, keys == 1 ? "" : "s");
	if (arr) {
		json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(arr);
	}
	pace_store_changes_free(c, n);
	return 0;
}

static int changes(const struct changes_args *a, const struct pace_config *cfg)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store *st = NULL;
	int rc = pace_cli_store_open(&st, cfg);

	if (rc)
		return rc;
	rc = list(st, a, cfg, &err);
	if (rc)
		rc = pace_cli_report_error(&err);
	pace_store_free(st);
	pace_error_release(&err);
	return rc;
}

static int changes_cb(const void *args, const struct pace_config *cfg)
{
	return changes(args, cfg);
}

int cmd_changes(int argc, char **argv)
{
	struct changes_args a = {0};
	int rc = parse_args(&a, argc, argv);

	return pace_cli_with_config(rc, &a.flags, changes_cb, &a);
}
