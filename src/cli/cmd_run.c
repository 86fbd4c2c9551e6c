/*
 * cmd_run.c - `pace run`: load suites (or take commands after `--`), build
 * the plan, measure it, and write what was measured: console blocks as
 * each test finishes, the files of the output directory, the requested
 * hyperfine-shaped exports, then the summary.  Outputs are written even
 * when benchmarks failed or the run was interrupted (Ctrl-C), so no
 * finished result is lost.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <unistd.h>

#include "binary/binary.h"
#include "cli/cli.h"
#include "fixture/fixture.h"
#include "plan/plan.h"
#include "report/report.h"
#include "report/report_model.h"
#include "runner/runner.h"
#include "cli/report_history.h"
#include "cli/run_store.h"
#include "cli/analysis.h"
#include "suite/suite.h"

const char cmd_run_usage[] =
"usage: pace run [options] [SUITE-FILE | SUITE-NAME ...]   (default: vcs)\n"
"   or: pace run [options] -- 'command one' ['command two' ...]\n"
"   or: pace run [options] --binary PROGRAM [--binary PROGRAM ...]\n"
"\n"
"Measures the tests of the given suites (files, or built-in names such as\n"
"'example'; without one, the built-in 'vcs' suite on the small fixture),\n"
"or the commands after '--' as variants of one test, like\n"
"hyperfine.  Variants of a test run interleaved (A B A B ...).  With\n"
"--binary, measures the targets of programs built with the pace-bench\n"
"library (docs/bench-library.md), one process per target.\n"
"\n"
"Run count:\n"
"  -r, --runs N            exactly N measured runs per variant (default: automatic)\n"
"  -m, --min-runs N        at least N runs when automatic (default 10)\n"
"  -M, --max-runs N        at most N runs when automatic (default: no limit)\n"
"      --min-time S        automatic: run for about S seconds (default 3)\n"
"      --precision P       adaptive: after --min-runs, run until the mean of\n"
"                          every variant is known to within P (1% or 0.01:\n"
"                          relative half-width of its confidence interval)\n"
"      --precision-estimator E  whose interval --precision judges: mean (t\n"
"                          interval, the default) or median (order statistics)\n"
"      --max-time S        adaptive: at most S seconds per test (default: none)\n"
"  -w, --warmup N          N discarded runs per variant first (default 0)\n"
"  -t, --timeout S         kill a run after S seconds (default: none)\n"
"      --binary PROGRAM    measure PROGRAM's pace-bench targets (repeatable;\n"
"                          --runs sets samples per target, --warmup warm-ups)\n"
"\n"
"Selection:\n"
"  -f, --filter PATTERN    tests whose id matches (substring or glob); repeatable\n"
"      --tags a,b          tests with any of these tags\n"
"      --variants a,b      only these variants\n"
"  -n, --command-name NAME name the next command given after '--'; repeatable\n"
"\n"
"Fixtures (suites that work on a repository, docs/fixtures.md):\n"
"      --size SIZE         small, medium or large: the generated fixture of\n"
"                          every suite that uses a preset (default: the suite's)\n"
"      --custom-fixture DIR  use a copy of the git repository DIR instead\n"
"\n"
"Execution:\n"
"      --shell             run string commands through /bin/sh -c\n"
"  -N, --no-shell          split string commands into words (the default)\n"
"  -i, --ignore-failure    non-zero exits and signals do not count as failures\n"
"      --max-output SIZE   kill a run that writes more (default 10MiB, 0 = no limit)\n"
"\n"
"Output:\n"
"  -o, --output DIR        where result files go (default benchmarks/output)\n"
"      --no-summary        no summary.md and no console summary\n"
"      --export-json FILE  hyperfine-shaped JSON\n"
"      --export-csv FILE   hyperfine-shaped CSV\n"
"      --export-markdown FILE  hyperfine-shaped Markdown table\n"
"      --show-output       print each run's stdout and stderr\n"
"  -q, --quiet             only errors and the final verdict\n"
"      --color WHEN        auto, always or never (NO_COLOR is respected)\n"
"  -c, --config FILE       use FILE instead of ./pace.yaml\n"
"      --store PATH        history database (default benchmarks/pace.db;\n"
"                          config output.store, PACE_STORE)\n"
"      --no-store          do not record this run in the history\n"
"      --save-baseline NAME  make this run the baseline NAME (pace compare NAME)\n"
"      --baseline REF      afterwards compare with REF (a baseline name,\n"
"                          'previous' or a run id) and print every change;\n"
"                          without it only regressions and improvements\n"
"                          since the previous run of the same tests are shown\n"
"      --fail-on-regression  exit 1 when a test regressed significantly and\n"
"                          by at least --threshold (vs --baseline or previous)\n"
"\n"
"Analysis:\n"
"      --alpha A           significance level of the tests (default 0.05)\n"
"      --threshold X       smallest relative difference that is meaningful,\n"
"                          a fraction or a percentage (default 0.02 = 2%)\n"
"      --bootstrap N       bootstrap resamples of the speedup interval (default 2000)\n"
"      --seed N            bootstrap seed; same seed, same interval (default 1)\n"
"      --outlier-detection summaries also show their figures without Tukey\n"
"                          outliers (beyond 1.5 IQR), labelled 'trimmed';\n"
"                          outliers are always counted, never dropped\n"
"      --aa                A/A: each test's first variant against an identical\n"
"                          copy of itself (own working copy, same hooks and\n"
"                          order); says how many tests were called different:\n"
"                          the method's false-positive rate on this machine\n"
"\n"
"Exit status: 0 all passed, 1 some benchmark failed or the run was\n"
"interrupted (or, with --fail-on-regression, a test regressed), 2 usage or\n"
"configuration error, 3 internal error.\n";

enum {
	OPT_MIN_TIME = 256, OPT_TAGS, OPT_VARIANTS, OPT_SHELL, OPT_NO_SUMMARY,
	OPT_EXPORT_JSON, OPT_EXPORT_CSV, OPT_EXPORT_MD, OPT_SHOW_OUTPUT,
	OPT_COLOR, OPT_MAX_OUTPUT, OPT_BINARY, OPT_HELP, OPT_ALPHA,
	OPT_THRESHOLD, OPT_BOOTSTRAP, OPT_SEED, OPT_PRECISION, OPT_MAX_TIME,
	OPT_STORE, OPT_NO_STORE,
	OPT_SAVE_BASELINE, OPT_BASELINE, OPT_FAIL_REGRESSION,
	OPT_SIZE, OPT_CUSTOM_FIXTURE,
	OPT_PRECISION_ESTIMATOR, OPT_OUTLIER_DETECTION, OPT_AA,
};

static const struct option run_options[] = {
	{"runs", required_argument, NULL, 'r'},
	{"min-runs", required_argument, NULL, 'm'},
	{"max-runs", required_argument, NULL, 'M'},
	{"min-time", required_argument, NULL, OPT_MIN_TIME},
	{"precision", required_argument, NULL, OPT_PRECISION},
	{"max-time", required_argument, NULL, OPT_MAX_TIME},
	{"warmup", required_argument, NULL, 'w'},
	{"timeout", required_argument, NULL, 't'},
	{"filter", required_argument, NULL, 'f'},
	{"tags", required_argument, NULL, OPT_TAGS},
	{"variants", required_argument, NULL, OPT_VARIANTS},
	{"command-name", required_argument, NULL, 'n'},
	{"shell", no_argument, NULL, OPT_SHELL},
	{"no-shell", no_argument, NULL, 'N'},
	{"ignore-failure", no_argument, NULL, 'i'},
	{"max-output", required_argument, NULL, OPT_MAX_OUTPUT},
	{"output", required_argument, NULL, 'o'},
	{"no-summary", no_argument, NULL, OPT_NO_SUMMARY},
	{"export-json", required_argument, NULL, OPT_EXPORT_JSON},
	{"export-csv", required_argument, NULL, OPT_EXPORT_CSV},
	{"export-markdown", required_argument, NULL, OPT_EXPORT_MD},
	{"show-output", no_argument, NULL, OPT_SHOW_OUTPUT},
	{"quiet", no_argument, NULL, 'q'},
	{"color", required_argument, NULL, OPT_COLOR},
	{"config", required_argument, NULL, 'c'},
	{"binary", required_argument, NULL, OPT_BINARY},
	{"help", no_argument, NULL, OPT_HELP},
	{"alpha", required_argument, NULL, OPT_ALPHA},
	{"threshold", required_argument, NULL, OPT_THRESHOLD},
	{"bootstrap", required_argument, NULL, OPT_BOOTSTRAP},
	{"seed", required_argument, NULL, OPT_SEED},
	{"store", required_argument, NULL, OPT_STORE},
	{"no-store", no_argument, NULL, OPT_NO_STORE},
	{"save-baseline", required_argument, NULL, OPT_SAVE_BASELINE},
	{"baseline", required_argument, NULL, OPT_BASELINE},
	{"fail-on-regression", no_argument, NULL, OPT_FAIL_REGRESSION},
	{"size", required_argument, NULL, OPT_SIZE},
	{"custom-fixture", required_argument, NULL, OPT_CUSTOM_FIXTURE},
	{"precision-estimator", required_argument, NULL, OPT_PRECISION_ESTIMATOR},
	{"outlier-detection", no_argument, NULL, OPT_OUTLIER_DETECTION},
	{"aa", no_argument, NULL, OPT_AA},
	{NULL, 0, NULL, 0},
};

struct run_args {
	struct pace_cli_flags flags;
	struct pace_plan_filter filter;
	struct pace_strvec names;   /* --command-name */
	struct pace_strvec binaries; /* --binary */
	const char *export_json, *export_csv, *export_md;
	char **operands;            /* suites, or commands after "--" */
	size_t noperands;
	bool adhoc;
	bool no_store;              /* --no-store */
	const char *save_baseline;  /* --save-baseline */
	const char *baseline;       /* --baseline */
	bool fail_regression;       /* --fail-on-regression */
	char *command_line;         /* "pace run ...", for the reports */
	bool cli_runs, cli_warmup;  /* --runs/--precision, --warmup given */
	unsigned cli_stop;          /* 1 --min-runs, 2 --max-runs, 4 --max-time */
	const char *size;           /* --size */
	const char *custom_fixture; /* --custom-fixture */
	bool aa;                    /* --aa */
};

static volatile int stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* Options that map straight onto a config key. */
static bool config_option(struct run_args *a, int c, const char *arg)
{
	static const struct { int opt; enum pace_config_key key; const char *flag; }
	map[] = {
		{'r', PACE_CFG_RUNS, "--runs"},
		{'m', PACE_CFG_MIN_RUNS, "--min-runs"},
		{'M', PACE_CFG_MAX_RUNS, "--max-runs"},
		{OPT_MIN_TIME, PACE_CFG_MIN_TIME, "--min-time"},
		{OPT_PRECISION, PACE_CFG_PRECISION, "--precision"},
		{OPT_MAX_TIME, PACE_CFG_MAX_TIME, "--max-time"},
		{'w', PACE_CFG_WARMUP, "--warmup"},
		{'t', PACE_CFG_TIMEOUT, "--timeout"},
		{OPT_SHELL, PACE_CFG_SHELL, "--shell"},
		{'N', PACE_CFG_SHELL, "--no-shell"},
		{'i', PACE_CFG_IGNORE_FAILURE, "--ignore-failure"},
		{OPT_MAX_OUTPUT, PACE_CFG_MAX_OUTPUT, "--max-output"},
		{'o', PACE_CFG_OUTPUT_DIR, "--output"},
		{OPT_NO_SUMMARY, PACE_CFG_SUMMARY, "--no-summary"},
		{OPT_SHOW_OUTPUT, PACE_CFG_SHOW_OUTPUT, "--show-output"},
		{'q', PACE_CFG_QUIET, "--quiet"},
		{OPT_COLOR, PACE_CFG_COLOR, "--color"},
		{OPT_ALPHA, PACE_CFG_ALPHA, "--alpha"},
		{OPT_THRESHOLD, PACE_CFG_THRESHOLD, "--threshold"},
		{OPT_BOOTSTRAP, PACE_CFG_BOOTSTRAP, "--bootstrap"},
		{OPT_SEED, PACE_CFG_SEED, "--seed"},
		{OPT_STORE, PACE_CFG_STORE, "--store"},
		{OPT_PRECISION_ESTIMATOR, PACE_CFG_PRECISION_ESTIMATOR,
		 "--precision-estimator"},
		{OPT_OUTLIER_DETECTION, PACE_CFG_OUTLIER_DETECTION,
		 "--outlier-detection"},
	};
	for (size_t i = 0; i < PACE_ARRAY_SIZE(map); i++) {
		if (map[i].opt != c)
			continue;
		if (c == 'N' || c == OPT_NO_SUMMARY)
			arg = "false";
		else if (!arg)
			arg = "true";
		pace_cli_flags_add(&a->flags, map[i].key, arg, map[i].flag);
		return true;
	}
	return false;
}

static int parse_args(struct run_args *a, int argc, char **argv)
{
	int c, dashdash = argc;

	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			dashdash = i;
			break;
		}
	optind = 0; /* full reset: GNU getopt re-initialises */
	opterr = 0;
	while ((c = getopt_long(dashdash, argv, ":r:m:M:w:t:f:n:Nio:qc:h",
				run_options, NULL)) != -1) {
		if (c == 'r' || c == OPT_PRECISION)
			a->cli_runs = true;
		if (c == 'w')
			a->cli_warmup = true;
		a->cli_stop |= (c == 'm') | (c == 'M') << 1 | (c == OPT_MAX_TIME) << 2;
		if (config_option(a, c, optarg))
			continue;
		switch (c) {
		case 'f': pace_strvec_push(&a->filter.patterns, optarg); break;
		case OPT_TAGS: pace_strvec_split_commas(&a->filter.tags, optarg); break;
		case OPT_VARIANTS: pace_strvec_split_commas(&a->filter.variants, optarg); break;
		case 'n': pace_strvec_push(&a->names, optarg); break;
		case OPT_BINARY: pace_strvec_push(&a->binaries, optarg); break;
		case OPT_NO_STORE: a->no_store = true; break;
		case OPT_SAVE_BASELINE: a->save_baseline = optarg; break;
		case OPT_BASELINE: a->baseline = optarg; break;
		case OPT_FAIL_REGRESSION: a->fail_regression = true; break;
		case 'c': a->flags.config_file = optarg; break;
		case OPT_EXPORT_JSON: a->export_json = optarg; break;
		case OPT_EXPORT_CSV: a->export_csv = optarg; break;
		case OPT_EXPORT_MD: a->export_md = optarg; break;
		case OPT_SIZE: a->size = optarg; break;
		case OPT_CUSTOM_FIXTURE: a->custom_fixture = optarg; break;
		case OPT_AA: a->aa = true; break;
		case 'h': case OPT_HELP: fputs(cmd_run_usage, stdout); return -1;
		case ':': return pace_cli_bad_option("run", argv, optind, optopt, true);
		default: return pace_cli_bad_option("run", argv, optind, optopt, false);
		}
	}
	if (dashdash < argc) {
		if (optind < dashdash)
			return pace_cli_error("run: give suites or commands after '--', not both ('%s')",
					      argv[optind]);
		a->adhoc = true;
		a->operands = argv + dashdash + 1;
		a->noperands = (size_t)(argc - dashdash - 1);
		if (!a->noperands)
			return pace_cli_error("run: no command after '--'");
	} else {
		a->operands = argv + optind;
		a->noperands = (size_t)(dashdash - optind);
	}
	if (a->size && strcmp(a->size, "small") && strcmp(a->size, "medium") &&
	    strcmp(a->size, "large"))
		return pace_cli_error("run: --size must be small, medium or large, "
				      "not '%s'", a->size);
	if (a->binaries.n && (a->adhoc || a->noperands))
		return pace_cli_error("run: --binary cannot be mixed with suites or commands "
				      "after '--' ('%s'); run them separately",
				      a->adhoc ? "--" : a->operands[0]);
	if (a->names.n > a->noperands && a->adhoc)
		return pace_cli_error("run: %zu --command-name for %zu commands",
				      a->names.n, a->noperands);
	return 0;
}

/* ---- console while running ----------------------------------------------- */

struct console {
	const struct pace_config *cfg;
	const struct pace_run *run;
	struct pace_report_opts ro;
	bool progress;   /* a progress line on stderr (a terminal only) */
	bool line_shown;
	size_t variant_index;
	struct pace_run_store *rs;
};

static void clear_progress(struct console *con)
{
	if (con->line_shown) {
		fputs("\r\033[K", stderr);
		con->line_shown = false;
	}
}

static void show_progress(struct console *con, const struct pace_runner_progress *p)
{
	char eta[32] = "", cur[32] = "";
	const struct pace_result *r = p->result;

	if (p->eta_s >= 0)
		snprintf(eta, sizeof(eta), "  ETA %d:%02d", (int)(p->eta_s / 60),
			 (int)fmod(p->eta_s, 60));
	if (r && r->nsamples)
		pace_report_format_time(cur, sizeof(cur),
			(double)r->samples[r->nsamples - 1].wall_ns / 1e9);
	fprintf(stderr, "\r\033[K  [%zu/%zu] %s: run %zu/%zu %s%s%s",
		p->test_index + 1, p->ntests, p->test->id, p->iteration,
		p->iterations, r ? r->variant->name : "", *cur ? "  last " : "",
		cur);
	fputs(eta, stderr);
	fflush(stderr);
	con->line_shown = true;
}

static void print_test_end(struct console *con, const struct pace_runner_progress *p)
{
	const struct pace_result *r = p->result;
	const struct pace_test *t = p->test;

	for (; r < con->run->results + con->run->nresults && r->test == t; r++) {
		if (r != p->result)
			putchar('\n');
		if (!strcmp(r->variant->name, r->variant->cmd.text))
			printf("  %s\n", r->variant->cmd.text);
		else if (t->nvariants > 1 || strcmp(r->variant->name, "default"))
			printf("  %s: %s\n", r->variant->name, r->variant->cmd.text);
		pace_report_console_result(stdout, r, &con->ro);
	}
	if (t->nvariants > 1)
		putchar('\n');
	pace_report_console_test_comparisons(stdout, con->run, t, &con->ro);
	putchar('\n');
	fflush(stdout);
}

static void on_progress(const struct pace_runner_progress *p, void *data)
{
	struct console *con = data;
	bool quiet = con->cfg->quiet;

	pace_run_store_event(con->rs, con->run, p);
	switch (p->ev) {
	case PACE_EV_TEST_START:
		if (!quiet) {
			printf("Benchmark %zu/%zu: %s", p->test_index + 1, p->ntests,
			       p->test->id);
			if (strcmp(p->test->name, p->test->id))
				printf(" (%s)", p->test->name);
			putchar('\n');
			fflush(stdout);
		}
		break;
	case PACE_EV_SAMPLE:
	case PACE_EV_WARMUP:
		if (con->progress && !quiet)
			show_progress(con, p);
		break;
	case PACE_EV_OUTPUT:
		clear_progress(con);
		fputs(p->out, stdout);
		fputs(p->err, stderr);
		break;
	case PACE_EV_TEST_END:
		clear_progress(con);
		if (!quiet)
			print_test_end(con, p);
		break;
	}
}

/* ---- after the run ------------------------------------------------------- */

typedef int (*export_fn)(FILE *f, const struct pace_run *run);

static int export_one(const char *path, export_fn fn, const struct pace_run *run)
{
	FILE *f;
	if (!path)
		return 0;
	f = fopen(path, "w");
	if (!f) {
		pace_cli_error("cannot write export '%s': %s", path, strerror(errno));
		return -1;
	}
	if (fn(f, run) < 0 || ferror(f)) {
		fclose(f);
		pace_cli_error("cannot write export '%s'", path);
		return -1;
	}
	if (fclose(f)) {
		pace_cli_error("cannot write export '%s': %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int write_everything(const struct run_args *a, const struct pace_config *cfg,
			    const struct pace_run *run,
			    const struct pace_run_store *rs)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_report_history hist;
	int rc = 0;

	struct pace_report_context ctx = PACE_REPORT_CONTEXT_INIT;
	struct pace_report_write_opts wo = {cfg->output_dir, PACE_REPORT_ALL,
					    cfg->compression};
	struct pace_strbuf config = PACE_STRBUF_INIT;
	struct pace_report_model m;

	pace_config_to_json(cfg, &config);
	ctx.config_json = config.buf;
	ctx.command_line = a->command_line;
	ctx.seed = cfg->seed;
	ctx.threshold = cfg->threshold;
	pace_cli_report_history(&hist, rs->begun ? rs->st : NULL, run,
				cfg->threshold, PACE_REPORT_HISTORY_RUNS);
	ctx.history = &hist;
	if (!cfg->summary)
		wo.formats &= ~(unsigned)PACE_REPORT_MD;
	pace_report_model_build(&m, run, &ctx);
	if (pace_report_write_all(&m, &wo, &err)) {
		pace_cli_report_error(&err);
		rc = -1;
	}
	pace_report_model_release(&m);
	pace_report_history_release(&hist);
	pace_strbuf_release(&config);
	pace_error_release(&err);
	rc |= export_one(a->export_json, pace_report_hyperfine_json, run);
	rc |= export_one(a->export_csv, pace_report_hyperfine_csv, run);
	rc |= export_one(a->export_md, pace_report_hyperfine_markdown, run);
	return rc;
}

/* ---- --binary: a program's targets as a suite ----------------------------- */

/* PROG's targets as suite "basename(PROG)": one test of type binary,
 * expanded like a suite file's (one test per target, named after it). */
static int binary_suite(struct pace_suite *s, const char *prog, double timeout,
			struct pace_error *err)
{
	const char *slash = strrchr(prog, '/');
	struct pace_test *t;

	memset(s, 0, sizeof(*s));
	s->id = pace_xstrdup(slash && slash[1] ? slash + 1 : prog);
	s->name = pace_xstrdup(s->id);
	s->path = pace_xstrdup(prog);
	s->tests = t = pace_xcalloc(1, sizeof(*t));
	s->ntests = 1;
	t->id = pace_xstrdup(s->id);
	t->name = pace_xstrdup(s->id);
	t->suite = pace_xstrdup(s->id);
	t->binary = pace_xstrdup(prog);
	t->timeout_s = -1;
	t->runs = t->warmup = -1;
	t->validation.min_time_s = t->validation.max_time_s = -1;
	t->validation.max_memory = -1;
	t->limits.memory = -1;
	t->limits.cpus = -1;
	t->limits.pids = -1;
	return pace_binary_expand(s, timeout > 0 ? timeout : 60, err);
}

static int binary_suites(const struct run_args *a, const struct pace_config *cfg,
			 struct pace_suite **suites, size_t *n, struct pace_error *err)
{
	int rc = 0;

	*suites = pace_xcalloc(a->binaries.n, sizeof(**suites));
	for (*n = 0; *n < a->binaries.n && !rc; (*n)++)
		rc = binary_suite(&(*suites)[*n], a->binaries.v[*n], cfg->timeout, err);
	return rc;
}

static int load_suites(struct run_args *a, const struct pace_config *cfg,
		       struct pace_suite **suites, size_t *n)
{
	struct pace_error err = PACE_ERROR_INIT;
	int rc;

	if (a->binaries.n) {
		rc = binary_suites(a, cfg, suites, n, &err);
	} else if (a->adhoc) {
		*suites = pace_xcalloc(1, sizeof(**suites));
		*n = 1;
		rc = pace_suite_from_commands(*suites, a->operands, a->noperands,
					      &a->names, cfg->shell, &err);
	} else if (!a->noperands) {
		/* The flagship: the VCS suite on the small fixture. */
		static char *vcs[] = {"vcs"};
		rc = pace_cli_load_suites(suites, n, vcs, 1, cfg->shell, &err);
	} else {
		rc = pace_cli_load_suites(suites, n, a->operands, a->noperands,
					  cfg->shell, &err);
		if (!rc)
			rc = pace_cli_expand_binaries(*suites, *n, cfg->timeout, &err);
	}
	if (rc)
		rc = pace_cli_report_error(&err);
	pace_error_release(&err);
	return rc;
}

/* ---- fixtures and required programs -------------------------------------- */

/* What the user typed wins over what the suite says: --runs (or
 * --precision) and --warmup replace the tests' own runs (and stopping
 * keys) and warmup; --min-runs, --max-runs, --max-time the tests' minRuns,
 * maxRuns and maxTime. */
static void cli_overrides(const struct run_args *a, struct pace_suite *suites,
			  size_t n)
{
	for (size_t s = 0; s < n; s++)
		for (size_t i = 0; i < suites[s].ntests; i++) {
			struct pace_test *t = &suites[s].tests[i];
			if (a->cli_runs)
				t->runs = -1;
			if (a->cli_runs)
				t->precision = 0;
			if (a->cli_runs || (a->cli_stop & 1))
				t->min_runs = 0;
			if (a->cli_runs || (a->cli_stop & 2))
				t->max_runs = 0;
			if (a->cli_runs || (a->cli_stop & 4))
				t->max_time_s = 0;
			if (a->cli_warmup)
				t->warmup = -1;
		}
}

/* Variants whose program (suite `requires:`) is not on PATH are left out
 * of the run, each with one line, by narrowing --variants.  With nothing
 * left, --variants names no variant and the plan says so. */
static int skip_missing_programs(const struct pace_suite *suites, size_t n,
				 struct pace_plan_filter *f)
{
	struct pace_strvec skip = PACE_STRVEC_INIT, keep = PACE_STRVEC_INIT;

	for (size_t s = 0; s < n; s++) {
		for (size_t i = 0; i < suites[s].requires.n; i++) {
			const char *req = suites[s].requires.v[i];
			const char *eq = strchr(req, '=');
			char *variant = pace_xstrndup(req, (size_t)(eq - req));
			if (!pace_fixture_have_program(eq + 1) &&
			    !pace_strvec_contains(&skip, variant)) {
				pace_strvec_push(&skip, variant);
				/* said even with --quiet: it changes what runs */
				fprintf(stderr, "%s not found on PATH: skipping "
						"the %s variant\n", eq + 1, variant);
			}
			free(variant);
		}
	}
	if (skip.n) {
		for (size_t s = 0; s < n; s++)
			for (size_t t = 0; t < suites[s].ntests; t++)
				for (size_t v = 0; v < suites[s].tests[t].nvariants; v++) {
					const char *name = suites[s].tests[t].variants[v].name;
					if ((!f->variants.n || pace_strvec_contains(&f->variants, name)) &&
					    !pace_strvec_contains(&skip, name) &&
					    !pace_strvec_contains(&keep, name))
						pace_strvec_push(&keep, name);
				}
		if (!keep.n)
			return pace_cli_error("run: nothing left to run without %s",
					      skip.v[0]);
		pace_strvec_release(&f->variants);
		f->variants = keep;
	}
	pace_strvec_release(&skip);
	return 0;
}

/* Finds or makes the fixture of every planned test that has one, saying
 * which repository each is a copy of (once per repository). */
static int resolve_fixtures(const struct run_args *a, const struct pace_config *cfg,
			    struct pace_plan *plan)
{
	struct pace_strvec seen = PACE_STRVEC_INIT;
	struct pace_error err = PACE_ERROR_INIT;
	int rc = 0;

	for (size_t i = 0; i < plan->n && !rc; i++) {
		/* The plan borrows the tests; they belong to cmd_run's suites. */
		struct pace_fixture_use *f = (struct pace_fixture_use *)&plan->items[i].test->fixture;
		bool made = false;
		int64_t t0 = pace_now_ns();

		if (!f->set)
			continue;
		if (a->custom_fixture) {
			pace_fixture_use_release(f);
			f->set = true;
			f->custom = pace_xstrdup(a->custom_fixture);
		}
		rc = pace_fixture_resolve(f, a->size, &made, &err);
		if (rc || pace_strvec_contains(&seen, f->path))
			continue;
		pace_strvec_push(&seen, f->path);
		if (!cfg->quiet)
			printf("Fixture: %s%s (%s, %.1f s)\n", f->custom ? "copy of " : "",
			       f->path, made ? "generated" : f->custom ? "custom" : "cached",
			       (double)(pace_now_ns() - t0) / 1e9);
	}
	if (rc)
		rc = pace_cli_report_error(&err);
	pace_strvec_release(&seen);
	pace_error_release(&err);
	return rc;
}

static int measure_plan(const struct pace_config *cfg, const struct pace_plan *plan,
			struct pace_run *run, struct pace_run_store *rs)
{
	struct console con = {.cfg = cfg, .run = run, .rs = rs};
	struct pace_runner_opts ro = {.cfg = cfg, .cb = on_progress, .cb_data = &con,
				      .stop = &stop_requested};
	struct pace_error err = PACE_ERROR_INIT;
	struct sigaction sa = {.sa_handler = on_signal}, old_int, old_term;
	int rc;

	con.ro.color = pace_cli_use_color(cfg, stdout);
	con.ro.confidence = cfg->confidence;
	con.ro.precision = cfg->precision;
	con.ro.precision_median = !strcmp(cfg->precision_estimator, "median");
	con.progress = isatty(STDERR_FILENO) && !cfg->quiet && !cfg->show_output;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	rc = pace_runner_run(run, plan, &ro, &err);
	pace_run_store_finish(rs, run);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	clear_progress(&con);
	if (rc)
		pace_cli_report_error(&err);
	pace_error_release(&err);
	return rc;
}

/* After a stored run: patterns and trends, the comparison with --baseline
 * (else the previous run of the same tests), --save-baseline.  Returns
 * PACE_EXIT_FAILED for a regression under --fail-on-regression, another
 * exit code on errors (printed), else 0. */
static int history_after_run(const struct run_args *a,
			     const struct pace_config *cfg,
			     const struct pace_run *run,
			     const struct pace_run_store *rs)
{
	struct pace_error err = PACE_ERROR_INIT;
	bool regressed = false;
	int rc;

	if (!rs->st || !rs->begun) {
		if (a->baseline || a->save_baseline || a->fail_regression)
			return pace_cli_error("run: the run could not be stored, "
					      "so it cannot be compared or saved "
					      "as a baseline");
		return 0;
	}
	rc = pace_cli_after_run(rs->st, run, cfg, a->baseline, &regressed);
	if (!rc && a->save_baseline) {
		if (pace_store_baseline_set(rs->st, a->save_baseline, run->id,
					    &err))
			rc = pace_cli_report_error(&err);
		else if (!cfg->quiet)
			printf("Baseline '%s' is now run %s\n", a->save_baseline,
			       run->id);
	}
	pace_error_release(&err);
	if (!rc && regressed && a->fail_regression) {
		fprintf(stderr, "pace: performance regressed "
			"(--fail-on-regression)\n");
		rc = PACE_EXIT_FAILED;
	}
	return rc;
}

/* The Jujutsu / Git / Git-WT table, when the run has those variants: on
 * the console and as OUTPUT/vcs.md. */
static int vcs_table(const struct pace_config *cfg, const struct pace_run *run)
{
	char *path, *text = NULL;
	FILE *f;
	int rows;
	size_t len = 0;

	f = open_memstream(&text, &len);
	rows = f ? pace_report_vcs_table(f, run) : -1;
	if (f && fclose(f))
		rows = -1;
	if (rows > 0 && !cfg->quiet)
		printf("\n%s", text);
	free(text);
	if (rows <= 0)
		return rows;
	path = pace_xasprintf("%s/vcs.md", cfg->output_dir);
	f = fopen(path, "w");
	if (!f) {
		pace_cli_error("cannot write '%s': %s", path, strerror(errno));
		free(path);
		return -1;
	}
	fprintf(f, "# Jujutsu / Git / Git-WT\n\nMean wall time per operation; the "
		"winner's speedup is over the slowest variant; (n.s.): the "
		"difference is not statistically significant.\n\n");
	rows = pace_report_vcs_table(f, run);
	if (fclose(f) || rows < 0)
		pace_cli_error("cannot write '%s'", path);
	free(path);
	return rows < 0 ? -1 : 0;
}

/* `--aa`: how often the method calls two identical things different. */
static void print_aa(const struct pace_run *run)
{
	const struct pace_test **diff = pace_xcalloc(run->nresults + 1, sizeof(*diff));
	size_t tests, n = pace_report_aa_count(run, &tests, diff, run->nresults);

	printf("\nA/A: %zu of %zu tests called different (the false-positive "
	       "rate of this method on this machine: %.1f %%)\n", n, tests,
	       tests ? 100.0 * (double)n / (double)tests : 0.0);
	for (size_t i = 0; i < n; i++)
		printf("  called different: %s\n", diff[i]->id);
	free(diff);
}

static int finish(const struct run_args *a, const struct pace_config *cfg,
		  const struct pace_run *run, const struct pace_run_store *rs, int rc)
{
	struct pace_report_opts ro = {.color = pace_cli_use_color(cfg, stdout),
				      .confidence = cfg->confidence,
				      .precision = cfg->precision,
				      .precision_median =
					      !strcmp(cfg->precision_estimator, "median")};
	bool wrote = write_everything(a, cfg, run, rs) == 0;
	int hrc;

	if (cfg->summary && !cfg->quiet)
		pace_report_console_summary(stdout, run, &ro);
	if (wrote && !run->aa) /* A/A: no Jujutsu / Git / Git-WT columns */
		wrote = vcs_table(cfg, run) == 0;
	if (run->aa)
		print_aa(run);
	if (!cfg->quiet && wrote)
		printf("Results written to %s/\n", cfg->output_dir);
	if (!cfg->quiet && rs->st)
		printf("Run %s stored in %s (see 'pace history')\n", run->id,
		       pace_store_location(rs->st));
	hrc = history_after_run(a, cfg, run, rs);
	if (run->interrupted && !rc)
		fprintf(stderr, "pace: run interrupted; %zu finished results were written\n",
			run->nresults);
	if (run->nfailed_results)
		fprintf(stderr, "pace: %zu of %zu benchmarks failed\n",
			run->nfailed_results, run->nresults);
	if (rc)
		return pace_cli_exit_code(rc);
	if (!wrote)
		return PACE_EXIT_INTERNAL;
	if (run->nfailed_results || run->interrupted)
		return PACE_EXIT_FAILED;
	return hrc;
}

/* "pace run ARGS...", words quoted where they need it. */
static char *command_line(int argc, char **argv)
{
	struct pace_strvec sv = PACE_STRVEC_INIT;
	struct pace_strbuf sb = PACE_STRBUF_INIT;

	pace_strvec_push(&sv, "pace");
	for (int i = 0; i < argc; i++)
		pace_strvec_push(&sv, argv[i]);
	pace_strvec_join_quoted(&sb, &sv, " ");
	pace_strvec_release(&sv);
	return pace_strbuf_detach(&sb);
}

int cmd_run(int argc, char **argv)
{
	struct run_args a = {0};
	struct pace_config cfg;
	struct pace_suite *suites = NULL;
	size_t nsuites = 0;
	struct pace_plan plan = PACE_PLAN_INIT;
	struct pace_run run;
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_run_store rs = {0};
	int rc;

	pace_config_init(&cfg);
	pace_run_init(&run);
	a.command_line = command_line(argc, argv); /* before getopt permutes */
	rc = parse_args(&a, argc, argv);
	if (rc) {
		free(a.flags.v);
		rc = rc < 0 ? PACE_EXIT_OK : rc;
		goto out;
	}
	rc = pace_cli_load_config(&cfg, &a.flags);
	if (!rc)
		rc = load_suites(&a, &cfg, &suites, &nsuites);
	if (!rc)
		cli_overrides(&a, suites, nsuites);
	if (!rc)
		rc = skip_missing_programs(suites, nsuites, &a.filter);
	if (!rc && pace_plan_build(&plan, suites, nsuites, &a.filter, &err))
		rc = pace_cli_report_error(&err);
	if (!rc && a.aa)
		pace_plan_expand_aa(&plan);
	run.aa = a.aa;
	if (!rc && plan.n)
		rc = resolve_fixtures(&a, &cfg, &plan);
	if (!rc && !plan.n)
		rc = pace_cli_error("run: no test matches the given --filter/--tags/--variants");
	if (!rc && a.no_store && (a.baseline || a.save_baseline || a.fail_regression))
		rc = pace_cli_error("run: --baseline, --save-baseline and "
				    "--fail-on-regression need the store, not --no-store");
	if (!rc && !a.no_store)
		rc = pace_run_store_open(&rs, NULL, &cfg, a.command_line);
	if (!rc)
		rc = finish(&a, &cfg, &run, &rs,
			    measure_plan(&cfg, &plan, &run, &rs));
out:
	pace_run_store_close(&rs);
	pace_run_release(&run);
	pace_plan_release(&plan);
	pace_cli_free_suites(suites, nsuites);
	pace_strvec_release(&a.filter.patterns);
	pace_strvec_release(&a.filter.tags);
	pace_strvec_release(&a.filter.variants);
	pace_strvec_release(&a.names);
	pace_strvec_release(&a.binaries);
	free(a.command_line);
	pace_error_release(&err);
	pace_config_release(&cfg);
	return rc;
}
