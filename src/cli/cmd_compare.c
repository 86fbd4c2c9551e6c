/*
 * cmd_compare.c - `pace compare OLD NEW`: loads two runs from the history
 * store and says, per test and variant, what changed: old and new mean,
 * the relative change with its bootstrap interval, Welch's p-value and a
 * verdict (improved / regressed only when significant and larger than the
 * practical threshold, with a severity).  --fail-on-regression turns a
 * regression into exit status 1 for CI gating.
 */
#include <getopt.h>

#include "cli/analysis.h"
#include "cli/cli.h"

const char cmd_compare_usage[] =
"usage: pace compare [options] OLD NEW\n"
"\n"
"Compares two runs of the history store, test by test and variant by\n"
"variant.  OLD and NEW are run ids (or unique prefixes), 'latest', 'previous'\n"
"(the run before latest) or baseline names (pace run --save-baseline).\n"
"A change is 'regressed' or 'improved' only when Welch's test finds it\n"
"significant at --alpha AND it is at least --threshold of the old mean;\n"
"otherwise it is 'unchanged' (noise).  Severity: minor < 10%, moderate\n"
"< 25%, severe >= 25%.\n"
"\n"
"  -j, --json              print every figure as JSON\n"
"      --fail-on-regression  exit 1 when any test regressed\n"
"      --store PATH        the history database (default benchmarks/pace.db)\n"
"      --alpha A           significance level (default 0.05)\n"
"      --threshold X       smallest meaningful change, a fraction or a\n"
"                          percentage (default 0.02 = 2%)\n"
"      --bootstrap N       bootstrap resamples of the interval (default 2000)\n"
"      --seed N            bootstrap seed (default 1)\n"
"  -c, --config FILE       use FILE instead of ./pace.yaml\n"
"\n"
"Exit status: 0 no regression (or no --fail-on-regression), 1 a regression\n"
"with --fail-on-regression, 2 usage error or unknown run, 3 internal error.\n";

enum {
	OPT_FAIL = 256, OPT_STORE, OPT_ALPHA, OPT_THRESHOLD, OPT_BOOTSTRAP,
	OPT_SEED, OPT_HELP,
};

static const struct option compare_options[] = {
	{"json", no_argument, NULL, 'j'},
	{"fail-on-regression", no_argument, NULL, OPT_FAIL},
	{"store", required_argument, NULL, OPT_STORE},
	{"alpha", required_argument, NULL, OPT_ALPHA},
	{"threshold", required_argument, NULL, OPT_THRESHOLD},
	{"bootstrap", required_argument, NULL, OPT_BOOTSTRAP},
	{"seed", required_argument, NULL, OPT_SEED},
	{"config", required_argument, NULL, 'c'},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

struct compare_args {
	struct pace_cli_flags flags;
	bool json, fail;
	const char *old, *new_;
};

/* 0 to go on, -1 after --help, else an exit code. */
static int parse_args(struct compare_args *a, int argc, char **argv)
{
	static const struct { int opt; enum pace_config_key key; } keys[] = {
		{OPT_STORE, PACE_CFG_STORE}, {OPT_ALPHA, PACE_CFG_ALPHA},
		{OPT_THRESHOLD, PACE_CFG_THRESHOLD},
		{OPT_BOOTSTRAP, PACE_CFG_BOOTSTRAP}, {OPT_SEED, PACE_CFG_SEED},
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+:jc:", compare_options,
				NULL)) != -1) {
		bool done = false;

		for (size_t i = 0; i < PACE_ARRAY_SIZE(keys) && !done; i++)
			if (keys[i].opt == c) {
				pace_cli_flags_add(&a->flags, keys[i].key,
						   optarg, argv[optind - 1]);
				done = true;
			}
		if (done)
			continue;
		switch (c) {
		case 'j': a->json = true; break;
		case OPT_FAIL: a->fail = true; break;
		case 'c': a->flags.config_file = optarg; break;
		case OPT_HELP: fputs(cmd_compare_usage, stdout); return -1;
		case ':':
			return pace_cli_bad_option("compare", argv, optind,
						   optopt, true);
		default:
			return pace_cli_bad_option("compare", argv, optind,
						   optopt, false);
		}
	}
	if (argc - optind != 2)
		return pace_cli_error("compare: expected two runs (OLD NEW); "
				      "see 'pace compare --help'");
	a->old = argv[optind];
	a->new_ = argv[optind + 1];
	return 0;
}

static void print_diff(const struct compare_args *a,
		       const struct pace_config *cfg,
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
		return;
	}
	o = pace_cli_diff_json(d);
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
		print_diff(a, cfg, &old, &new_, &d);
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
