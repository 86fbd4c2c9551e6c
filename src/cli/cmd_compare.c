/*
 * cmd_compare.c - `pace compare OLD NEW`: loads two runs from the history
 * store and says, per test and variant, what changed: old and new mean,
 * the relative change with its bootstrap interval, Welch's p-value and a
 * verdict (improved / regressed only when significant and larger than the
 * practical threshold, with a severity).  --fail-on-regression turns a
 * regression into exit status 1 for CI gating.
 */

#include "cli/analysis.h"
#include "cli/cli.h"
#include "store/store_changes.h"

enum { COMPARE_FAIL = 1 };

static const struct pace_opt compare_opts[] = {
	PACE_OPT_INCLUDE(pace_opt_json),
	{"fail-on-regression", 0, NULL, "exit 1 when any test regressed", .id = COMPARE_FAIL},
	PACE_OPT_INCLUDE(pace_opt_store),
	PACE_OPT_INCLUDE(pace_opt_alpha),
	PACE_OPT_INCLUDE(pace_opt_threshold),
	PACE_OPT_INCLUDE(pace_opt_bootstrap_seed),
	PACE_OPT_INCLUDE(pace_opt_config),
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_compare_spec = {
	.name = "compare",
	.summary = "compare two stored runs: what improved or regressed",
	.usage =
"usage: pace compare [options] OLD NEW\n"
"\n"
"Compares two runs of the history store, test by test and variant by\n"
"variant.  OLD and NEW are run ids (or unique prefixes), 'latest', 'previous'\n"
"(the run before latest) or baseline names (pace run --save-baseline).\n"
"A change is 'regressed' or 'improved' only when Welch's test finds it\n"
"significant at --alpha AND it is at least --threshold of the old mean;\n"
"otherwise it is 'unchanged' (noise).  Severity: minor < 10%, moderate\n"
"< 25%, severe >= 25%.\n",
	.opts = compare_opts,
	.footer =
"Exit status: 0 no regression (or no --fail-on-regression), 1 a regression\n"
"with --fail-on-regression, 2 usage error or unknown run, 3 internal error.\n",
	.operands = PACE_COMPLETE_WORDS,
	.words = "latest previous",
};

struct compare_args {
	struct pace_cli_flags flags;
	bool json, fail;
	const char *old, *new_;
};

static int on_option(void *data, int id, const char *arg)
{
	struct compare_args *a = data;

	(void)arg;
	a->json |= id == 'j';
	a->fail |= id == COMPARE_FAIL;
	return 0;
}

/* 0 to go on, -1 after --help, else an exit code. */
static int parse_args(struct compare_args *a, int argc, char **argv)
{
	struct pace_opt_state st = {.flags = &a->flags, .cb = on_option, .data = a};
	int rc = pace_opt_parse(&st, &cmd_compare_spec, argc, argv);

	if (rc)
		return rc;
	if (st.nargs != 2)
		return pace_cli_error("compare: expected two runs (OLD NEW); "
				      "see 'pace compare --help'");
	a->old = st.args[0];
	a->new_ = st.args[1];
	return 0;
}

/* Where each improved or regressed change of d started: the newest
 * change point of its history in (old, new] (pace_pipeline_changes over
 * the runs up to new), as "this change started at run X" lines or a JSON
 * array. */
static json_t *started_at(struct pace_store *st, const struct pace_config *cfg,
			  const struct pace_loaded_run *old,
			  const struct pace_loaded_run *new_,
			  const struct pace_diff *d, bool json)
{
	json_t *arr = json ? json_array() : NULL;

	for (size_t i = 0; i < d->n; i++) {
		const struct pace_change *c = &d->v[i];
		struct pace_error err = PACE_ERROR_INIT;
		struct pace_store_change *cp = NULL, *at = NULL;
		size_t n = 0;

		if (c->verdict != PACE_VERDICT_IMPROVED &&
		    c->verdict != PACE_VERDICT_REGRESSED)
			continue;
		if (pace_pipeline_changes(st, c->suite, c->test, c->variant, cfg,
					  new_->info.started_unix_ms, &cp, &n,
					  &err) == 0)
			for (size_t k = 0; k < n; k++)
				if (cp[k].started_unix_ms > old->info.started_unix_ms)
					at = &cp[k];
		if (at && arr)
			json_array_append_new(arr, json_pack(
				"{s:s, s:s, s:s, s:o, s:o, s:o}", "test", c->test,
				"variant", c->variant, "run", at->run_id, "commit",
				at->git_commit ? json_string(at->git_commit) : json_null(),
				"change", pace_json_num(at->change),
				"p_value", pace_json_num(at->p_value)));
		else if (at)
			printf("%s %s: this change started at run %s (%s%s%s), "
			       "mean %+.1f%%, change point p = %.3f\n", c->test,
			       c->variant, at->run_id, at->started,
			       at->git_commit ? ", commit " : "",
			       at->git_commit ? at->git_commit : "",
			       at->change * 100, at->p_value);
		pace_store_changes_free(cp, n);
		pace_error_release(&err);
	}
	return arr;
}

static void print_diff(const struct compare_args *a,
		       const struct pace_config *cfg, struct pace_store *st,
		       const struct pace_loaded_run *old,
		       const struct pace_loaded_run *new_,
		       const struct pace_diff *d)
{
	json_t *o;

	if (!a->json) {
		printf("old: run %s (%s)\nnew: run %s (%s)\n\n", old->info.id,
		       old->info.started, new_->info.id, new_->info.started);
		pace_cli_print_diff(stdout, d, pace_cli_use_color(cfg, stdout),
				    false);
		started_at(st, cfg, old, new_, d, false);
		return;
	}
	o = pace_cli_diff_json(d);
	json_object_set_new(o, "change_points",
			    started_at(st, cfg, old, new_, d, true));
	json_object_set_new(o, "old", json_pack("{s:s, s:s}", "id",
		old->info.id, "started", old->info.started));
	json_object_set_new(o, "new", json_pack("{s:s, s:s}", "id",
		new_->info.id, "started", new_->info.started));
	json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(o);
}

static int compare(const struct compare_args *a,
		   const struct pace_config *cfg)
{
	struct pace_store *st = NULL;
	struct pace_loaded_run old, new_;
	struct pace_diff d;
	int rc = pace_cli_store_open(&st, cfg);

	if (rc)
		return rc;
	rc = pace_cli_load_ref(st, a->old, &old);
	if (!rc && (rc = pace_cli_load_ref(st, a->new_, &new_)) != 0)
		pace_pipeline_loaded_release(&old);
	if (!rc) {
		pace_pipeline_diff_runs(&d, &old.run, &new_.run, cfg);
		print_diff(a, cfg, st, &old, &new_, &d);
		if (a->fail && d.nregressed)
			rc = PACE_EXIT_FAILED;
		pace_analyze_diff_release(&d);
		pace_pipeline_loaded_release(&old);
		pace_pipeline_loaded_release(&new_);
	}
	pace_store_free(st);
	return rc;
}

static int compare_cb(const void *args, const struct pace_config *cfg)
{
	return compare(args, cfg);
}

int cmd_compare(int argc, char **argv)
{
	struct compare_args a = {0};
	int rc = parse_args(&a, argc, argv);

	return pace_cli_with_config(rc, &a.flags, compare_cb, &a);
}
