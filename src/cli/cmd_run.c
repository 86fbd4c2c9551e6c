/*
 * cmd_run.c - `pace run`: load suites (or take commands after `--`), build
 * the plan, measure it, and write what was measured: console blocks as
 * each test finishes, the files of the output directory, the requested
 * hyperfine-shaped exports, then the summary.  Outputs are written even
 * when benchmarks failed or the run was interrupted (Ctrl-C), so no
 * finished result is lost.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <math.h>
#include <signal.h>
#include <unistd.h>

#include "binary/binary.h"
#include "cli/cli.h"
#include "cli/run_hyperfine.h"
#include "env/env.h"
#include "fixture/fixture.h"
#include "plan/plan.h"
#include "probe/system.h"
#include "cli/analysis.h"
#include "cli/run_jobs.h"
#include "cli/run_resume.h"
#include "cli/run_shard.h"
#include "pipeline/pipeline.h"
#include "report/report.h"
#include "runner/runner.h"
#include "suite/suite.h"
#include "util/sanitize.h"

enum {
	RUN_RUNS = 1, RUN_WARMUP, RUN_NAME, RUN_BINARY, RUN_NO_STORE,
	RUN_SAVE_BASELINE, RUN_BASELINE, RUN_FAIL_REGRESSION, RUN_EXPORT_JSON,
	RUN_EXPORT_CSV, RUN_EXPORT_MD, RUN_SIZE, RUN_CUSTOM_FIXTURE, RUN_VERBOSE,
	RUN_AA, RUN_RESUME, RUN_SHARD, RUN_RUN_GROUP,
	RUN_SHELL, RUN_SCAN, RUN_STEP, RUN_LIST, RUN_PREPARE, RUN_SETUP,
	RUN_CONCLUDE, RUN_CLEANUP, RUN_EXPORT_ADOC, RUN_EXPORT_ORG, RUN_TIME_UNIT,
	RUN_SORT, RUN_STYLE, RUN_INPUT,
	RUN_PUSH, /* issue 17 */
};

#define KEY PACE_OPT_KEY

static const struct pace_opt run_opts[] = {
	PACE_OPT_GROUP("Run count:"),
	{"runs", 'r', "N", "exactly N measured runs per variant (N >= 1),\n"
	 "or auto: an automatic count (the default)",
	 .cfg = KEY(PACE_CFG_RUNS), .id = RUN_RUNS},
	{"min-runs", 'm', "N", "at least N runs when automatic (default 10)",
	 .cfg = KEY(PACE_CFG_MIN_RUNS)},
	{"max-runs", 'M', "N", "at most N runs when automatic (default: no limit)",
	 .cfg = KEY(PACE_CFG_MAX_RUNS)},
	{"min-time", 0, "S", "automatic: run for about S seconds (default 3)",
	 .cfg = KEY(PACE_CFG_MIN_TIME)},
	{"precision", 0, "P", "adaptive: after --min-runs, run until the mean of\n"
	 "every variant is known to within P (1% or 0.01:\n"
	 "relative half-width of its confidence interval)",
	 .cfg = KEY(PACE_CFG_PRECISION), .id = RUN_RUNS},
	{"precision-estimator", 0, "E", "whose interval --precision judges: mean (t\n"
	 "interval, the default) or median (order statistics)",
	 .cfg = KEY(PACE_CFG_PRECISION_ESTIMATOR), .complete = PACE_COMPLETE_WORDS,
	 .choices = "mean median"},
	{"max-time", 0, "S", "adaptive: at most S seconds per test (default: none)",
	 .cfg = KEY(PACE_CFG_MAX_TIME)},
	{"warmup", 'w', "N", "N discarded runs per variant first (default 0)",
	 .cfg = KEY(PACE_CFG_WARMUP), .id = RUN_WARMUP},
	{"timeout", 't', "S", "kill a run after S seconds (default: none)",
	 .cfg = KEY(PACE_CFG_TIMEOUT)},
	{"executor", 0, "NAME", "local (default), sandbox (namespaces + cgroups) or\n"
	 "docker, for tests whose suite and test do not say",
	 .cfg = KEY(PACE_CFG_EXECUTOR), .complete = PACE_COMPLETE_WORDS,
	 .choices = "local sandbox docker"},
	{"measure", 0, "WHAT", "time (default), or instructions: each command under\n"
	 "valgrind, its instruction count the figure judged\n"
	 "(deterministic on a noisy machine; local executor)",
	 .cfg = KEY(PACE_CFG_MEASURE), .complete = PACE_COMPLETE_WORDS,
	 .choices = "time instructions"},
	{"profile", 0, NULL, "count instructions per function (callgrind; implies\n"
	 "--measure instructions): hot functions and call\n"
	 "paths over 10 % per test",
	 .cfg = KEY(PACE_CFG_PROFILE)},
	{"sample-interval", 0, "S", "sample CPU, memory and I/O every S seconds\n"
	 "(default: a hundredth of the run, 10 ms to 1 s)",
	 .cfg = KEY(PACE_CFG_SAMPLE_INTERVAL)},
	{"no-sampler", 0, NULL, "no time series of the runs (execution.sampler)",
	 .cfg = KEY(PACE_CFG_SAMPLER), .value = "false"},
	{"cpus", 0, "LIST", "pin the commands to these CPUs (\"0-1,3\")",
	 .cfg = KEY(PACE_CFG_CPUS)},
	{"no-aslr", 0, NULL, "run the commands with ASLR off (personality)",
	 .cfg = KEY(PACE_CFG_ASLR), .value = "false"},
	{"env-pad", 0, "SIZE", "0..SIZE random bytes of PACE_ENV_PAD in each run's\n"
	 "environment, to expose memory-layout effects",
	 .cfg = KEY(PACE_CFG_ENV_PAD)},
	{"nice", 0, "N", "run at niceness N (0..19)", .cfg = KEY(PACE_CFG_NICE)},
	{"binary", 0, "PROGRAM", "measure PROGRAM's pace-bench targets (repeatable;\n"
	 "--runs sets samples per target, --warmup warm-ups)",
	 .id = RUN_BINARY, .complete = PACE_COMPLETE_FILE},

	PACE_OPT_GROUP("Selection:"),
	PACE_OPT_INCLUDE(pace_opt_selection),
	{"command-name", 'n', "NAME", "name the next command (hyperfine's -n: the name,\n"
	 "{NAME} parameters filled in, is the command in\n"
	 "--export-* files); repeatable",
	 .id = RUN_NAME},

	PACE_OPT_GROUP("Parameters (hyperfine's; {NAME} in commands and hooks):"),
	{"parameter-scan", 'P', "NAME MIN MAX", "one test per value MIN, MIN+STEP, ... MAX\n"
	 "of {NAME} (STEP 1, or -D)", .id = RUN_SCAN, .more = 2},
	{"parameter-step-size", 'D', "STEP", "the step of -P (decimals allowed)",
	 .id = RUN_STEP},
	{"parameter-list", 'L', "NAME a,b,c", "one test per value of {NAME}; with several\n"
	 "-P/-L, one per combination", .id = RUN_LIST, .more = 1},

	PACE_OPT_GROUP("Fixtures (suites that work on a repository, docs/fixtures.md):"),
	{"size", 0, "SIZE", "small, medium or large: the generated fixture of\n"
	 "every suite that uses a preset (default: the suite's)",
	 .id = RUN_SIZE, .complete = PACE_COMPLETE_WORDS, .choices = "small medium large"},
	{"custom-fixture", 0, "DIR", "use a copy of the git repository DIR instead",
	 .id = RUN_CUSTOM_FIXTURE, .complete = PACE_COMPLETE_DIR},

	PACE_OPT_GROUP("Execution:"),
	{"shell", 'S', "SHELL", "run string commands through SHELL -c (--shell\n"
	 "alone: /bin/sh; -S none: no shell, as -N)",
	 .id = RUN_SHELL, .optional = true},
	{"no-shell", 'N', NULL, "split string commands into words (the default)",
	 .cfg = KEY(PACE_CFG_SHELL), .value = "false"},
	{"ignore-failure", 'i', NULL, "non-zero exits and signals do not count as failures",
	 .cfg = KEY(PACE_CFG_IGNORE_FAILURE)},
	{"max-output", 0, "SIZE", "kill a run that writes more (default 10MiB, 0 = no limit)",
	 .cfg = KEY(PACE_CFG_MAX_OUTPUT)},
	{"jobs", 0, "N", "run up to N independent tests at once, longest\n"
	 "expected first (default 1: one at a time, the\n"
	 "quietest measurement)", .cfg = KEY(PACE_CFG_PARALLELISM)},
	{"retries", 0, "N", "re-run an iteration that timed out or could not\n"
	 "start, up to N times, after 1 s, 5 s, 10 s (default 0)",
	 .cfg = KEY(PACE_CFG_ITERATION_RETRIES)},
	{"resume", 0, NULL, "finish an interrupted run under its id: the newest,\n"
	 "or RUN given as the only operand; it is replayed from\n"
	 "its stored command line, its finished results kept",
	 .id = RUN_RESUME},
	{"shard", 0, "K/N", "run part K of N of the plan (CI matrices): a\n"
	 "deterministic cut balanced by estimatedDuration;\n"
	 "the N shards share a run group in the store",
	 .id = RUN_SHARD},
	{"run-group", 0, "ID", "the shards' run group (default: the CI run's id,\n"
	 "else derived from the commit and the suites)",
	 .id = RUN_RUN_GROUP},
	{"prepare", 0, "CMD", "before every run of each command (untimed, shell);\n"
	 "once for all commands or once per command", .id = RUN_PREPARE},
	{"conclude", 0, "CMD", "after every run of each command (untimed, shell)",
	 .id = RUN_CONCLUDE},
	{"setup", 0, "CMD", "before the runs of each command (untimed, shell)",
	 .id = RUN_SETUP},
	{"cleanup", 0, "CMD", "after the runs of each command (untimed, shell)",
	 .id = RUN_CLEANUP},
	{"input", 0, "FILE", "stdin of every measured run (default /dev/null,\n"
	 "also 'null'); the local executor only", .id = RUN_INPUT,
	 .complete = PACE_COMPLETE_FILE},

	PACE_OPT_GROUP("Output:"),
	PACE_OPT_INCLUDE(pace_opt_output),
	{"no-summary", 0, NULL, "no summary.md and no console summary",
	 .cfg = KEY(PACE_CFG_SUMMARY), .value = "false"},
	{"export-json", 0, "FILE", "hyperfine-shaped JSON", .id = RUN_EXPORT_JSON,
	 .complete = PACE_COMPLETE_FILE},
	{"export-csv", 0, "FILE", "hyperfine-shaped CSV", .id = RUN_EXPORT_CSV,
	 .complete = PACE_COMPLETE_FILE},
	{"export-markdown", 0, "FILE", "hyperfine-shaped Markdown table",
	 .id = RUN_EXPORT_MD, .complete = PACE_COMPLETE_FILE},
	{"export-asciidoc", 0, "FILE", "hyperfine-shaped AsciiDoc table",
	 .id = RUN_EXPORT_ADOC, .complete = PACE_COMPLETE_FILE},
	{"export-orgmode", 0, "FILE", "hyperfine-shaped Emacs org-mode table",
	 .id = RUN_EXPORT_ORG, .complete = PACE_COMPLETE_FILE},
	{"time-unit", 'u', "UNIT", "the unit of the exported tables: second,\n"
	 "millisecond, microsecond or nanosecond (default:\n"
	 "the fastest mean's)", .id = RUN_TIME_UNIT, .complete = PACE_COMPLETE_WORDS,
	 .choices = "second millisecond microsecond nanosecond"},
	{"sort", 0, "ORDER", "rows of the exported tables: command (run order,\n"
	 "the default, as hyperfine's auto) or mean-time\n"
	 "(fastest first)", .id = RUN_SORT, .complete = PACE_COMPLETE_WORDS,
	 .choices = "auto command mean-time"},
	{"style", 0, "STYLE", "hyperfine's output styles: auto, full, basic,\n"
	 "nocolor, color or none (README.md says what\n"
	 "each means here)", .id = RUN_STYLE, .complete = PACE_COMPLETE_WORDS,
	 .choices = "auto full basic nocolor color none"},
	{"show-output", 0, NULL, "print each run's stdout and stderr",
	 .cfg = KEY(PACE_CFG_SHOW_OUTPUT)},
	PACE_OPT_INCLUDE(pace_opt_quiet),
	{"verbose", 'v', NULL, "also one line per measured run on stderr (wall,\n"
	 "user and system time, peak memory, exit status),\n"
	 "instead of the progress line",
	 .id = RUN_VERBOSE},
	PACE_OPT_INCLUDE(pace_opt_color),
	PACE_OPT_INCLUDE(pace_opt_config),
	PACE_OPT_INCLUDE(pace_opt_store),
	{"no-store", 0, NULL, "do not record this run in the history", .id = RUN_NO_STORE},
	{"save-baseline", 0, "NAME", "make this run the baseline NAME (pace compare NAME)",
	 .id = RUN_SAVE_BASELINE},
	{"baseline", 0, "REF", "afterwards compare with REF (a baseline name,\n"
	 "'previous' or a run id) and print every change;\n"
	 "without it only regressions and improvements\n"
	 "since the previous run of the same tests are shown",
	 .id = RUN_BASELINE},
	{"fail-on-regression", 0, NULL, "exit 1 when a test regressed significantly and\n"
	 "by at least --threshold (vs --baseline or previous)",
	 .id = RUN_FAIL_REGRESSION},
	{"push", 0, "URL", "afterwards PUT the run's metrics to a Prometheus\n"
	 "Pushgateway at URL (http://HOST:PORT)", .id = RUN_PUSH},

	PACE_OPT_GROUP("Analysis:"),
	{"aa", 0, NULL, "A/A: each test's first variant against an identical\n"
	 "copy of itself (own working copy, same hooks and\n"
	 "order); says how many tests were called different:\n"
	 "the method's false-positive rate on this machine", .id = RUN_AA},
	PACE_OPT_INCLUDE(pace_opt_alpha),
	PACE_OPT_INCLUDE(pace_opt_threshold),
	PACE_OPT_INCLUDE(pace_opt_bootstrap_seed),
	{"outlier-detection", 0, NULL, "summaries also show their figures without Tukey\n"
	 "outliers (beyond 1.5 IQR), labelled 'trimmed';\n"
	 "outliers are always counted, never dropped",
	 .cfg = KEY(PACE_CFG_OUTLIER_DETECTION)},
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_run_spec = {
	.name = "run",
	.summary = "measure commands or suites",
	.usage =
"usage: pace run [options] [SUITE-FILE | SUITE-NAME ...]   (default: vcs)\n"
"   or: pace run [options] [--] 'command one' ['command two' ...]\n"
"   or: pace run [options] --binary PROGRAM [--binary PROGRAM ...]\n"
"   or: pace run [options] --resume [RUN]\n"
"\n"
"Measures the tests of the given suites (files, or built-in names such as\n"
"'example'; without one, the built-in 'vcs' suite on the small fixture),\n"
"or commands as variants of one test, like hyperfine: an operand that\n"
"is no built-in suite, no .yaml/.yml/.json and no existing non-executable\n"
"file is a command; after '--' every operand is.  A command runs without\n"
"a shell unless --shell or -S SHELL asks for one; shell syntax without\n"
"one is refused (exit 2).  -P/-L sweep {NAME} parameters: one test per\n"
"combination.  Variants of a test run interleaved (A B A B ...).  With\n"
"--binary, measures the targets of programs built with the pace-bench\n"
"library (docs/bench-library.md), one process per target.\n",
	.opts = run_opts,
	.footer =
"Exit status: 0 all passed, 1 some benchmark failed (or, with\n"
"--fail-on-regression, a test regressed), 2 usage or configuration error\n"
"(also a command with shell syntax and no --shell, an operand that is\n"
"neither a suite nor a program, suites mixed with commands),\n"
"3 internal error, 130 interrupted by Ctrl-C (SIGINT; 143 for SIGTERM, 129\n"
"for SIGHUP): the running command is stopped at once (a second signal also\n"
"stops the teardown hooks) and the finished results are written first.\n",
	.operands = PACE_COMPLETE_SUITE,
};

struct run_args {
	struct pace_cli_flags flags;
	struct pace_plan_filter filter;
	struct pace_strvec names;   /* --command-name */
	struct pace_strvec binaries; /* --binary */
	const char *export_json, *export_csv, *export_md;
	const char *export_adoc, *export_org;  /* --export-asciidoc, -orgmode */
	struct pace_time_unit unit;            /* -u; name NULL: automatic */
	bool sort_by_mean;                     /* --sort mean-time */
	char **operands;            /* suites, or commands after "--" */
	size_t noperands;
	bool adhoc;
	bool no_store;              /* --no-store */
	const char *save_baseline;  /* --save-baseline */
	const char *baseline;       /* --baseline */
	bool fail_regression;       /* --fail-on-regression */
	bool verbose;               /* -v */
	char *command_line;         /* "pace run ...", for the reports */
	bool cli_runs, cli_warmup;  /* --runs/--precision, --warmup given */
	const char *size;           /* --size */
	const char *custom_fixture; /* --custom-fixture */
	bool aa;                    /* --aa */
	bool resume;                /* --resume */
	const char *resume_id;      /* the run being finished, or NULL */
	char shard[48];             /* --shard as "K/N" */
	size_t shard_k, shard_n;    /* parsed; n 0 without --shard */
	const char *run_group;      /* --run-group */
	char *group;                /* the shards' run group, derived */
	struct pace_run_hf hf;      /* -P, -L, hooks, -S (run_hyperfine.h) */
	bool shell_bare;            /* --shell without =SHELL */
	const struct pace_opt_state *st; /* while parsing: -P's values */
	const char *push;           /* --push URL */
};

/* The signal that asked the run to stop (SIGINT, SIGTERM, SIGHUP), else
 * 0, and how many such signals came: the first stops the running command
 * or hook (TERM, then KILL within half a second) and the run, a second one
 * also stops the teardown hooks and KILLs at once (exec.h). */
static volatile int stop_requested;
static volatile int stop_count;

static void on_signal(int sig)
{
	if (!stop_requested)
		stop_requested = sig;
	stop_count = stop_count + 1;
}

static const int stop_signals[3] = {SIGINT, SIGTERM, SIGHUP};

/* The stop signals from the moment the run is recorded until its files
 * are written.  SIGPIPE is ignored for good: a closed stdout (pace run |
 * head) must not kill pace before the results are written, nor at exit
 * when stdio flushes; printing to it then just fails.  Commands get
 * default dispositions back (exec/). */
static void catch_signals(struct sigaction old[3])
{
	struct sigaction sa = {.sa_handler = on_signal};

	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 3; i++)
		sigaction(stop_signals[i], &sa, &old[i]);
	signal(SIGPIPE, SIG_IGN);
}

static void restore_signals(const struct sigaction old[3])
{
	for (int i = 0; i < 3; i++)
		sigaction(stop_signals[i], &old[i], NULL);
}

static void add_sweep(struct run_args *a, char kind)
{
	struct pace_run_hf *hf = &a->hf;

	hf->sweeps = pace_xrealloc(hf->sweeps, (hf->nsweeps + 1) * sizeof(*hf->sweeps));
	hf->sweeps[hf->nsweeps].kind = kind;
	for (int i = 0; i < 3; i++)
		hf->sweeps[hf->nsweeps].a[i] = a->st->values[i];
	hf->nsweeps++;
}

/* hyperfine's --style, in pace's terms: color and basic/nocolor set
 * --color (progress and colour need a terminal anyway), none is --quiet. */
static int style_option(struct run_args *a, const char *arg)
{
	static const struct { const char *style, *color; } map[] = {
		{"auto", "auto"}, {"full", "always"}, {"color", "always"},
		{"basic", "never"}, {"nocolor", "never"}, {"none", NULL},
	};

	for (size_t i = 0; i < PACE_ARRAY_SIZE(map); i++) {
		if (strcmp(arg, map[i].style))
			continue;
		if (map[i].color)
			pace_cli_flags_add(&a->flags, PACE_CFG_COLOR, map[i].color,
					   "--style");
		else
			pace_cli_flags_add(&a->flags, PACE_CFG_QUIET, "true", "--style");
		return 0;
	}
	return pace_cli_error("run: --style must be auto, full, basic, nocolor, "
			      "color or none, not '%s'", arg);
}

/* hyperfine's options (run_hyperfine.h) */
static int hf_option(struct run_args *a, int id, const char *arg)
{
	switch (id) {
	case RUN_SHELL:
		/* --shell: /bin/sh; --shell=none, -S none: none (hyperfine -N) */
		pace_cli_flags_add(&a->flags, PACE_CFG_SHELL,
				   arg && !strcmp(arg, "none") ? "false" : "true",
				   "--shell");
		a->hf.shell = arg && strcmp(arg, "none") ? arg : NULL;
		a->shell_bare = !arg;
		break;
	case RUN_SCAN: add_sweep(a, 'P'); break;
	case RUN_LIST: add_sweep(a, 'L'); break;
	case RUN_STEP: a->hf.step = arg; break;
	case RUN_PREPARE: pace_strvec_push(&a->hf.prepare, arg); break;
	case RUN_SETUP: pace_strvec_push(&a->hf.setup, arg); break;
	case RUN_CONCLUDE: pace_strvec_push(&a->hf.conclude, arg); break;
	case RUN_CLEANUP: pace_strvec_push(&a->hf.cleanup, arg); break;
	case RUN_EXPORT_ADOC: a->export_adoc = arg; break;
	case RUN_EXPORT_ORG: a->export_org = arg; break;
	case RUN_TIME_UNIT:
		if (pace_report_hyperfine_unit(arg, &a->unit) < 0)
			return pace_cli_error("run: --time-unit must be second, "
					      "millisecond, microsecond or nanosecond, "
					      "not '%s'", arg);
		break;
	case RUN_SORT:
		if (strcmp(arg, "auto") && strcmp(arg, "command") &&
		    strcmp(arg, "mean-time"))
			return pace_cli_error("run: --sort must be auto, command or "
					      "mean-time, not '%s'", arg);
		a->sort_by_mean = !strcmp(arg, "mean-time");
		break;
	case RUN_STYLE: return style_option(a, arg);
	case RUN_INPUT: a->hf.input = strcmp(arg, "null") ? arg : NULL; break;
	}
	return 0;
}

static int on_option(void *data, int id, const char *arg)
{
	struct run_args *a = data;

	int sel = pace_cli_selection_option(&a->filter, id, arg);

	if (sel)
		return sel == 1 ? 0 : sel;
	switch (id) {
	case RUN_RUNS: a->cli_runs = true; break;
	case RUN_WARMUP: a->cli_warmup = true; break;
	case RUN_NAME: pace_strvec_push(&a->names, arg); break;
	case RUN_BINARY: pace_strvec_push(&a->binaries, arg); break;
	case RUN_NO_STORE: a->no_store = true; break;
	case RUN_SAVE_BASELINE: a->save_baseline = arg; break;
	case RUN_BASELINE: a->baseline = arg; break;
	case RUN_FAIL_REGRESSION: a->fail_regression = true; break;
	case RUN_EXPORT_JSON: a->export_json = arg; break;
	case RUN_EXPORT_CSV: a->export_csv = arg; break;
	case RUN_EXPORT_MD: a->export_md = arg; break;
	case RUN_SIZE: a->size = arg; break;
	case RUN_CUSTOM_FIXTURE: a->custom_fixture = arg; break;
	case RUN_VERBOSE: a->verbose = true; break;
	case RUN_AA: a->aa = true; break;
	case RUN_RESUME: a->resume = true; break;
	case RUN_SHARD:
		if (pace_cli_shard_parse(arg, &a->shard_k, &a->shard_n))
			return PACE_EXIT_USAGE;
		snprintf(a->shard, sizeof(a->shard), "%zu/%zu", a->shard_k, a->shard_n);
		break;
	case RUN_RUN_GROUP:
		if (!*arg || strlen(arg) > 40) /* it stands for a run id: 48 bytes */
			return pace_cli_error("run: --run-group must have 1 to 40 "
					      "characters, not '%s'", arg);
		a->run_group = arg;
		break;
	case RUN_PUSH: a->push = arg; break;
	default: return hf_option(a, id, arg);
	}
	return 0;
}

static int parse_args(struct run_args *a, int argc, char **argv)
{
	struct pace_opt_state st = {.flags = &a->flags, .cb = on_option, .data = a};
	int rc;

	a->st = &st;
	rc = pace_opt_parse(&st, &cmd_run_spec, argc, argv);
	a->st = NULL;
	if (rc)
		return rc;
	if (st.dashdash) {
		if (st.nbefore)
			return pace_cli_error("run: give suites or commands after '--', not both ('%s')",
					      st.args[0]);
		a->adhoc = true;
		if (!st.nargs)
			return pace_cli_error("run: no command after '--'");
	}
	a->operands = st.args;
	a->noperands = st.nargs;
	if (a->resume && (st.dashdash || st.nargs > 1))
		return pace_cli_error("run: --resume takes at most one run to finish, "
				      "not suites or commands (they come from the run)");
	/* hyperfine's `--shell bash CMD` is pace's --shell=bash: without the
	 * '=', bash would quietly become a command of its own */
	if (a->shell_bare && st.nargs > 1 && pace_run_hf_is_shell(st.args[0]))
		return pace_cli_error("run: '--shell %s' takes no value here: "
				      "write --shell=%s or -S %s", st.args[0],
				      st.args[0], st.args[0]);
	/* hyperfine's first command: `pace run 'sleep 0.1'`, no "--" */
	if (!a->resume && !st.dashdash && st.nargs &&
	    (rc = pace_run_hf_classify(st.args, st.nargs, &a->adhoc)) != 0)
		return rc;
	if (!a->adhoc && (a->hf.prepare.n || a->hf.setup.n || a->hf.conclude.n ||
			  a->hf.cleanup.n))
		return pace_cli_error("run: --prepare, --setup, --conclude and "
				      "--cleanup are for commands; a suite's tests "
				      "have prepare:, setup:, conclude: and teardown: "
				      "(docs/suite-format.md)");
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
	bool verbose;    /* -v: a line per measured run */
	bool line_shown;
	bool noted; /* the system check's note was printed */
	size_t variant_index;
	struct pace_recorder *rec;
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
	struct pace_strbuf line = PACE_STRBUF_INIT;
	struct pace_cli_progress pp = {{0}};
	const struct pace_result *r = p->result;
	char cur[32];

	snprintf(pp.head, sizeof(pp.head), "  [%zu/%zu] ", p->test_index + 1, p->ntests);
	snprintf(pp.count, sizeof(pp.count), ": run %zu/%zu", p->iteration,
		 p->iterations);
	if (r)
		snprintf(pp.opt[0], sizeof(pp.opt[0]), " %s", r->variant->name);
	if (r && r->nsamples) {
		pace_format_time(cur, sizeof(cur),
			(double)r->samples[r->nsamples - 1].wall_ns / 1e9);
		snprintf(pp.opt[1], sizeof(pp.opt[1]), "  last %s", cur);
	}
	if (p->eta_s >= 0)
		snprintf(pp.opt[2], sizeof(pp.opt[2]), "  ETA %d:%02d",
			 (int)(p->eta_s / 60), (int)fmod(p->eta_s, 60));
	pace_cli_progress_fit(&line, &pp, p->test->id, pace_cli_term_width());
	/* \r and clear-to-end: the line is redrawn in place, never wrapped */
	fprintf(stderr, "\r%s\033[K", line.buf);
	fflush(stderr);
	pace_strbuf_release(&line);
	con->line_shown = true;
}

/* -v: one line per measured run. */
static void show_sample(const struct pace_runner_progress *p)
{
	const struct pace_result *r = p->result;
	const struct pace_sample *s;
	char wall[32], user[32], sys[32], rss[32], status[48];

	if (!r || !r->nsamples)
		return;
	s = &r->samples[r->nsamples - 1];
	pace_format_time(wall, sizeof(wall), (double)s->wall_ns / 1e9);
	pace_format_time(user, sizeof(user), (double)s->user_ns / 1e9);
	pace_format_time(sys, sizeof(sys), (double)s->sys_ns / 1e9);
	pace_format_bytes(rss, sizeof(rss), (double)s->max_rss);
	if (s->fail != PACE_FAIL_NONE)
		snprintf(status, sizeof(status), "failed: %s", pace_fail_name(s->fail));
	else if (s->signal)
		snprintf(status, sizeof(status), "signal %d", s->signal);
	else
		snprintf(status, sizeof(status), "exit %d", s->exit_code);
	fprintf(stderr, "  %s %s run %zu/%zu: %s wall, %s user, %s sys, %s max RSS, %s\n",
		p->test->id, r->variant->name, p->iteration, p->iterations, wall,
		user, sys, rss, status);
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

/* Once, before the first test: what makes this machine noisy now. */
static void print_system_note(struct console *con)
{
	struct pace_strbuf sb = PACE_STRBUF_INIT;

	con->noted = true;
	pace_system_note(&sb, con->run->env.checks, con->run->env.nchecks);
	if (sb.len)
		fprintf(stderr, "note: %s; see 'pace system check'\n", sb.buf);
	pace_strbuf_release(&sb);
}

static void on_progress(const struct pace_runner_progress *p, void *data)
{
	struct console *con = data;
	bool quiet = con->cfg->quiet;

	pace_recorder_event(con->rec, con->run, p);
	switch (p->ev) {
	case PACE_EV_TEST_START:
		if (!quiet && !con->noted)
			print_system_note(con);
		if (!quiet) {
			printf("Benchmark %zu/%zu: %s", p->test_index + 1, p->ntests,
			       p->test->id);
			if (strcmp(p->test->name, p->test->id))
				printf(" (%s)", p->test->name);
			if (p->resumed)
				printf(" (kept from the interrupted run)");
			putchar('\n');
			fflush(stdout);
		}
		break;
	case PACE_EV_SAMPLE:
	case PACE_EV_WARMUP:
		if (con->verbose && p->ev == PACE_EV_SAMPLE)
			show_sample(p);
		else if (con->progress && !quiet)
			show_progress(con, p);
		break;
	case PACE_EV_OUTPUT:
		clear_progress(con);
		pace_cli_put_output(stdout, p->out);
		pace_cli_put_output(stderr, p->err);
		break;
	case PACE_EV_TEST_END:
		clear_progress(con);
		if (!quiet)
			print_test_end(con, p);
		break;
	}
}

/* ---- after the run ------------------------------------------------------- */

/* One --export-* file: fn, or the markup table fmt when fn is NULL. */
struct export {
	const char *path;
	int (*fn)(FILE *f, const struct pace_run *run);
	enum pace_report_hf_format fmt;
};

static int export_write(FILE *f, const struct export *e, const struct pace_run *run,
			const struct run_args *a)
{
	struct pace_report_hf_opts o = {a->sort_by_mean, a->unit.name ? &a->unit : NULL};

	return e->fn ? e->fn(f, run) : pace_report_hyperfine_table(f, run, e->fmt, &o);
}

static int export_one(const struct export *e, const struct pace_run *run,
		      const struct run_args *a)
{
	const char *path = e->path;
	FILE *f;
	if (!path)
		return 0;
	f = fopen(path, "w");
	if (!f) {
		pace_cli_error("cannot write export '%s': %s", path, strerror(errno));
		return -1;
	}
	if (export_write(f, e, run, a) < 0 || ferror(f)) {
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
			    const struct pace_pipeline_result *res)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_strbuf config = PACE_STRBUF_INIT;
	struct pace_pipeline_write w = {cfg->output_dir, PACE_REPORT_ALL,
					cfg->compression, NULL,
					a->command_line, cfg->seed,
					cfg->threshold};
	int rc = 0;

	pace_config_to_json(cfg, &config);
	w.config_json = config.buf;
	if (!cfg->summary) /* no summary.md, but still vcs.md */
		w.formats = (w.formats & ~(unsigned)PACE_REPORT_MD) |
			    PACE_REPORT_VCS;
	if (pace_pipeline_write_reports(run, res, &w, &err)) {
		pace_cli_report_error(&err);
		rc = -1;
	}
	pace_strbuf_release(&config);
	pace_error_release(&err);
	const struct export ex[] = {
		{a->export_json, pace_report_hyperfine_json, 0},
		{a->export_csv, pace_report_hyperfine_csv, 0},
		{a->export_md, NULL, PACE_HF_MARKDOWN},
		{a->export_adoc, NULL, PACE_HF_ASCIIDOC},
		{a->export_org, NULL, PACE_HF_ORGMODE},
	};
	for (size_t i = 0; i < PACE_ARRAY_SIZE(ex); i++)
		rc |= export_one(&ex[i], run, a);
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
	pace_test_init(t);
	t->id = pace_xstrdup(s->id);
	t->name = pace_xstrdup(s->id);
	t->suite = pace_xstrdup(s->id);
	t->binary = pace_xstrdup(prog);
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
	if (!rc && a->adhoc)
		rc = pace_run_hf_hooks(&a->hf, *suites);
	if (!rc)
		rc = pace_run_hf_expand(&a->hf, *suites, *n);
	if (!rc)
		rc = pace_run_hf_shell(&a->hf, *suites, *n);
	pace_error_release(&err);
	return rc;
}

/* ---- fixtures and required programs -------------------------------------- */

/* Flags win over what suites say: --runs (and --precision) clear the
 * tests' own runs and stopping keys, --min-runs, --max-runs, --max-time
 * each their own key (minRuns, maxRuns, maxTime), --warmup their warmup,
 * and --executor replaces their executor.  Tests that name no executor
 * get the run's (execution.executor) here rather than in the runner, so
 * that the environments they need are built before the plan. */
static bool from_flag(const struct pace_config *cfg, enum pace_config_key k)
{
	return cfg->source[k] == PACE_SRC_FLAG;
}

static void cli_overrides(const struct run_args *a, const struct pace_config *cfg,
			  struct pace_suite *suites, size_t n)
{
	int ex = pace_executor_parse(cfg->executor);
	bool flag = from_flag(cfg, PACE_CFG_EXECUTOR);

	for (size_t s = 0; s < n; s++)
		for (size_t i = 0; i < suites[s].ntests; i++) {
			struct pace_test *t = &suites[s].tests[i];
			if (a->cli_runs)
				t->runs = -1;
			if (a->cli_runs)
				t->precision = 0;
			if (a->cli_runs || from_flag(cfg, PACE_CFG_MIN_RUNS))
				t->min_runs = 0;
			if (a->cli_runs || from_flag(cfg, PACE_CFG_MAX_RUNS))
				t->max_runs = 0;
			if (a->cli_runs || from_flag(cfg, PACE_CFG_MAX_TIME))
				t->max_time_s = 0;
			if (a->cli_warmup)
				t->warmup = -1;
			if (ex > 0 && (flag || t->executor == PACE_EXECUTOR_DEFAULT))
				t->executor = (enum pace_executor)ex;
		}
}

/* Variants whose program (suite `requires:`) is not on PATH (inside the
 * environment when the suite's tests run in one) are left out
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
			if (!pace_env_suite_has_program(&suites[s], eq + 1) &&
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

/* The tests the plan brought along as dependencies of selected ones,
 * said even with --quiet (it changes what runs). */
static void say_dependencies(const struct pace_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		const struct pace_test *dep = plan->items[i].test;
		const char *by = NULL;

		if (!plan->items[i].as_dependency)
			continue;
		for (size_t j = 0; j < plan->n && !by; j++)
			if (pace_strvec_contains(&plan->items[j].test->depends_on, dep->id))
				by = plan->items[j].test->id;
		fprintf(stderr, "pace: also running '%s': '%s' depends on it "
			"(--no-deps to leave it out)\n", dep->id, by ? by : "?");
	}
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
			struct pace_run *run, struct pace_recorder *rec, bool verbose,
			struct pace_run *resume)
{
	struct console con = {.cfg = cfg, .run = run, .rec = rec, .verbose = verbose};
	struct pace_runner_opts ro = {.cfg = cfg, .cb = on_progress, .cb_data = &con,
				      .stop = &stop_requested, .stop_count = &stop_count,
				      .resume = resume};
	struct pace_error err = PACE_ERROR_INIT;
	int rc;

	con.ro.color = pace_cli_use_color(cfg, stdout);
	con.ro.confidence = cfg->confidence;
	con.ro.precision = cfg->precision;
	con.ro.precision_median = !strcmp(cfg->precision_estimator, "median");
	con.progress = pace_cli_progress_wanted(cfg, verbose);
	rc = pace_runner_run(run, plan, &ro, &err);
	pace_recorder_finish(rec, run);
	clear_progress(&con);
	if (rc)
		pace_cli_report_error(&err);
	pace_error_release(&err);
	return rc;
}

static void warn(void *data, const char *msg)
{
	(void)data;
	fprintf(stderr, "pace: warning: %s\n", msg);
}

/* The store this run is recorded in (rec->st NULL with --no-store).  A
 * store that cannot be opened or created (an I/O problem) is only a
 * warning: the run goes on without being stored.  Returns 0 or an exit
 * code, having printed why. */
static int open_recorder(struct pace_recorder *rec, const struct run_args *a,
			 const struct pace_config *cfg)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store *st = NULL;
	char *key = NULL;
	int rc = a->no_store ? 0 : pace_cli_store_key(&key);

	if (rc)
		return rc; /* printed */
	if (!a->no_store) {
		mode_t old = pace_cli_private_begin(cfg);
		rc = pace_store_open_key(&st, cfg->store, key, &err);
		pace_cli_private_end(old);
	}
	free(key);
	if (rc == PACE_EIO) {
		fprintf(stderr, "pace: warning: %s; this run is not stored "
			"(--no-store to skip the history)\n", pace_error_msg(&err));
		rc = 0;
	} else if (rc) {
		rc = pace_cli_report_error(&err);
	}
	pace_error_release(&err);
	if (!rc && st) {
		pace_recorder_init(rec, st, cfg, a->command_line);
		rec->warn = warn;
	}
	return rc;
}

/* The comparison with --baseline (else the previous run of the same
 * tests), then --save-baseline.  arc is the analysis' exit code (an
 * unknown --baseline, printed).  Returns PACE_EXIT_FAILED for a
 * regression under --fail-on-regression, another exit code on errors
 * (printed), else 0. */
static int history_after_run(const struct run_args *a,
			     const struct pace_config *cfg,
			     const struct pace_run *run,
			     const struct pace_recorder *rec,
			     const struct pace_pipeline_result *res, int arc)
{
	struct pace_error err = PACE_ERROR_INIT;
	const struct pace_diff *d = &res->diff;
	int rc = arc;

	if (!rec->st || !rec->begun) {
		if (a->baseline || a->save_baseline || a->fail_regression)
			return pace_cli_error("run: the run could not be stored, "
					      "so it cannot be compared or saved "
					      "as a baseline");
		return 0;
	}
	if (!rc && !res->have_diff && a->baseline)
		fprintf(stderr, "pace: no earlier run to compare with\n");
	if (!rc && res->have_diff && !cfg->quiet &&
	    (a->baseline || d->nimproved + d->nregressed)) {
		printf("\nCompared with %s%s%s (%s):\n",
		       a->baseline ? a->baseline : "",
		       a->baseline ? ", run " : "run ", res->baseline_id,
		       res->baseline_started);
		pace_cli_print_diff(stdout, d, pace_cli_use_color(cfg, stdout),
				    !a->baseline);
	}
	if (!rc && a->save_baseline) {
		if (pace_store_baseline_set(rec->st, a->save_baseline, run->id,
					    &err))
			rc = pace_cli_report_error(&err);
		else if (!cfg->quiet)
			printf("Baseline '%s' is now run %s\n", a->save_baseline,
			       run->id);
	}
	pace_error_release(&err);
	if (!rc && res->regressed && a->fail_regression) {
		fprintf(stderr, "pace: performance regressed "
			"(--fail-on-regression)\n");
		rc = PACE_EXIT_FAILED;
	}
	return rc;
}

/* The Jujutsu / Git / Git-WT table on the console, when the run has
 * those variants (the pipeline wrote it as vcs.md). */
static void print_vcs_table(const struct pace_run *run)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int rows = f ? pace_report_vcs_table(f, run) : -1;

	if (f && fclose(f))
		rows = -1;
	if (rows > 0)
		printf("\n%s", text);
	free(text);
}

/* --quiet's verdict, on stdout: the one line a script or a CI log needs
 * when everything ran (failures and interruptions have their own lines
 * on stderr). */
static void quiet_verdict(const struct pace_run *run, bool regressed)
{
	if (run->nfailed_results || run->interrupted)
		return;
	printf("pace: %zu benchmark%s passed%s\n", run->nresults,
	       run->nresults == 1 ? "" : "s",
	       regressed ? "; a test regressed since the previous run "
			   "(see 'pace compare previous latest')" : "");
}

/* Every place the run will write and the baseline it will compare with,
 * checked before measuring: a typo must not cost the whole run (they
 * used to fail only at the end).  Exit 2, naming the path or flag. */
static int preflight(const struct run_args *a, const struct pace_config *cfg,
		     const struct pace_recorder *rec)
{
	const struct { const char *path, *flag; } exports[] = {
		{a->export_json, "--export-json"}, {a->export_csv, "--export-csv"},
		{a->export_md, "--export-markdown"},
		{a->export_adoc, "--export-asciidoc"}, {a->export_org, "--export-orgmode"}};
	struct pace_error err = PACE_ERROR_INIT;
	char id[48];
	int rc = pace_check_dir_writable(cfg->output_dir, "output directory", &err);

	for (size_t i = 0; !rc && i < PACE_ARRAY_SIZE(exports); i++)
		if (exports[i].path)
			rc = pace_check_file_writable(exports[i].path,
						      exports[i].flag, &err);
	if (!rc && a->baseline && strcmp(a->baseline, "previous") && rec->st &&
	    (rc = pace_store_resolve(rec->st, a->baseline, id, &err))) {
		char *why = pace_xstrdup(pace_error_msg(&err));
		rc = pace_error_set(&err, rc, "run: --baseline '%s': %s",
				    a->baseline, why);
		free(why);
	}
	if (!rc && (a->baseline || a->save_baseline || a->fail_regression) &&
	    !rec->st)
		rc = pace_error_set(&err, PACE_EUSAGE, "run: --baseline, "
				    "--save-baseline and --fail-on-regression "
				    "need the store, which could not be opened");
	if (rc)
		rc = pace_cli_report_error(&err);
	pace_error_release(&err);
	return rc;
}

/* When the outputs could not be written, results.json goes to a fresh
 * file in $TMPDIR (or /tmp), so that a long run is not lost (with
 * --no-store there is no other copy).  Says where on stderr. */
static void save_results_elsewhere(const struct pace_run *run)
{
	const char *tmp = getenv("TMPDIR");
	char *path = pace_xasprintf("%s/pace-results-%s-XXXXXX.json",
				    tmp && *tmp ? tmp : "/tmp", run->id);
	int fd = mkstemps(path, 5);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (f && pace_report_results_json(f, run) == 0 && fclose(f) == 0)
		fprintf(stderr, "pace: the results were saved to %s instead\n", path);
	else {
		if (f)
			fclose(f);
		else if (fd >= 0)
			close(fd);
		fprintf(stderr, "pace: the results could not be saved anywhere\n");
	}
	free(path);
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
		  const struct pace_run *run, const struct pace_recorder *rec, int rc)
{
	struct pace_report_opts ro = {.color = pace_cli_use_color(cfg, stdout),
				      .confidence = cfg->confidence,
				      .precision = cfg->precision,
				      .precision_median =
					      !strcmp(cfg->precision_estimator, "median")};
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_pipeline_result res;
	bool stored = rec->st && rec->begun, wrote, regressed;
	int arc = pace_pipeline_analyze(&res, stored ? rec->st : NULL, run, cfg,
					a->baseline, warn, NULL, &err);
	int hrc;

	if (arc)
		arc = pace_cli_report_error(&err);
	pace_error_release(&err);
	if (cfg->parallelism > 1 && !cfg->quiet)
		pace_cli_note_spread(stderr, run, &res.history, cfg->parallelism);
	{
		mode_t old = pace_cli_private_begin(cfg);
		wrote = write_everything(a, cfg, run, &res) == 0;
		pace_cli_private_end(old);
	}
	if (!wrote && run->nresults)
		save_results_elsewhere(run);
	if (cfg->summary && !cfg->quiet)
		pace_report_console_summary(stdout, run, &ro);
	if (wrote && !cfg->quiet && !run->aa) /* A/A: no Jujutsu / Git / Git-WT columns */
		print_vcs_table(run);
	if (run->aa)
		print_aa(run);
	if (!cfg->quiet && wrote)
		printf("Results written to %s/\n", cfg->output_dir);
	if (!cfg->quiet && rec->st)
		printf("Run %s stored in %s (see 'pace history')\n", run->id,
		       pace_store_location(rec->st));
	regressed = res.regressed;
	hrc = history_after_run(a, cfg, run, rec, &res, arc);
	if (a->push && stored && pace_cli_push(rec->st, run->id, a->push, cfg->quiet) && !hrc)
		hrc = PACE_EXIT_INTERNAL;
	pace_pipeline_result_release(&res);
	if (cfg->quiet && !rc && wrote)
		quiet_verdict(run, regressed);
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
	if (run->interrupted && stop_requested)
		return PACE_EXIT_SIGNAL(stop_requested);
	if (run->nfailed_results || run->interrupted)
		return PACE_EXIT_FAILED;
	return hrc;
}

/* "pace run ARGS...", words quoted where they need it. */
static char *command_line(int argc, char **argv)
{
	struct pace_strvec sv = PACE_STRVEC_INIT, shown = PACE_STRVEC_INIT;
	struct pace_strbuf sb = PACE_STRBUF_INIT;
	char *shown_line;

	pace_strvec_push(&sv, "pace");
	for (int i = 0; i < argc; i++)
		pace_strvec_push(&sv, argv[i]);
	pace_redact_argv(&shown, &sv);
	pace_strvec_join_quoted(&sb, &shown, " ");
	pace_strvec_release(&sv);
	pace_strvec_release(&shown);
	/* "pace run -- 'curl --token X'": reports and the store show it */
	shown_line = pace_sanitize_term_dup(pace_strbuf_str(&sb), 0);
	pace_strbuf_release(&sb);
	return shown_line;
}

/* --resume without a run being finished yet: the stored command line of
 * the run, with this invocation's options (orig, before parsing moved
 * the operands) but not --resume and its operand, run again under the
 * run's id. */
static int replay_for_resume(const struct run_args *a, const struct pace_config *cfg,
			     int argc, char **orig,
			     int (*run_main)(int, char **, const char *))
{
	struct pace_strvec cur = PACE_STRVEC_INIT, args = PACE_STRVEC_INIT;
	const char *ref = a->noperands ? a->operands[0] : NULL;
	char id[48];
	int rc;

	for (int i = 1; i < argc; i++)
		if (strcmp(orig[i], "--resume") && orig[i] != ref)
			pace_strvec_push(&cur, orig[i]);
	rc = pace_cli_resume_args(&args, id, cfg->store, ref, cur.v, cur.n);
	if (!rc) {
		/* Parsing rearranges (and may repeat) the array's pointers: it
		 * gets a copy, and the strings are freed once, from args. */
		char **argv = pace_xcalloc(args.n + 1, sizeof(*argv));
		memcpy(argv, args.v, args.n * sizeof(*argv));
		if (!cfg->quiet)
			printf("Resuming run %s\n", id);
		rc = run_main((int)args.n, argv, id);
		free(argv);
	}
	pace_strvec_release(&cur);
	pace_strvec_release(&args);
	return rc;
}

static int run_main(int argc, char **argv, const char *resume_id);

/* --jobs: the expected durations that order the work, and a warning
 * when the machine has fewer free cores than jobs (the tests then also
 * compete with each other for CPU, and their times grow). */
static void prepare_jobs(const struct pace_config *cfg, struct pace_plan *plan,
			 struct pace_store *st)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	double load = 0;
	long free_cores;

	pace_pipeline_expected_durations(plan, st);
	if (ncpu < 1 || getloadavg(&load, 1) != 1)
		return;
	free_cores = ncpu - lround(load);
	if (free_cores < 0)
		free_cores = 0;
	if (cfg->parallelism > free_cores)
		fprintf(stderr, "pace: warning: --jobs %" PRId64 " with %ld of %ld cores "
			"free (load %.1f): parallel tests compete for CPU, and their "
			"times are not comparable with a serial run's\n",
			cfg->parallelism, free_cores, ncpu, load);
}

/* --shard: this part of the plan, and the run group it is stored in
 * (derived from the suites or commands, not the options: the shards of
 * a CI matrix often differ in --output or --store). */
static void cut_shard(struct run_args *a, const struct pace_config *cfg,
		      struct pace_plan *plan)
{
	size_t all = plan->n;

	a->group = pace_cli_run_group(a->run_group, a->operands, a->noperands,
				      a->shard_n);
	pace_plan_shard(plan, a->shard_k, a->shard_n);
	if (!cfg->quiet)
		printf("Shard %s: %zu of %zu tests (run group %s)\n", a->shard,
		       plan->n, all, a->group);
}

int cmd_run(int argc, char **argv)
{
	return run_main(argc, argv, NULL);
}

static int run_main(int argc, char **argv, const char *resume_id)
{
	struct run_args a = {.resume_id = resume_id};
	char **orig = pace_xcalloc((size_t)argc + 1, sizeof(*orig));
	struct pace_store_loaded done = {0};
	struct pace_config cfg;
	struct pace_suite *suites = NULL;
	size_t nsuites = 0;
	struct pace_plan plan = PACE_PLAN_INIT;
	struct pace_run run;
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_recorder rec = {0};
	struct sigaction old[3];
	int rc;

	pace_config_init(&cfg);
	pace_run_init(&run);
	a.command_line = command_line(argc, argv); /* before parsing moves the operands */
	memcpy(orig, argv, (size_t)argc * sizeof(*orig));
	rc = parse_args(&a, argc, argv);
	if (rc) {
		pace_cli_flags_release(&a.flags);
		rc = rc < 0 ? PACE_EXIT_OK : rc;
		goto out;
	}
	rc = pace_cli_load_config(&cfg, &a.flags);
	if (!rc && a.resume && !a.resume_id) {
		rc = replay_for_resume(&a, &cfg, argc, orig, run_main);
		goto out;
	}
	if (!rc)
		rc = load_suites(&a, &cfg, &suites, &nsuites);
	if (!rc)
		cli_overrides(&a, &cfg, suites, nsuites);
	if (!rc)
		rc = pace_run_hf_input(&a.hf, suites, nsuites);
	if (!rc)
		rc = pace_cli_prepare_environments(suites, nsuites, &a.filter,
						   cfg.quiet);
	if (!rc)
		rc = skip_missing_programs(suites, nsuites, &a.filter);
	if (!rc && pace_plan_build(&plan, suites, nsuites, &a.filter, &err))
		rc = pace_cli_report_error(&err);
	if (!rc)
		say_dependencies(&plan);
	if (!rc && a.shard_n)
		cut_shard(&a, &cfg, &plan);
	if (!rc && a.shard_n && !plan.n)
		goto out; /* more shards than tests: this one has none */
	if (!rc && a.aa)
		pace_plan_expand_aa(&plan);
	run.aa = a.aa;
	if (!rc && plan.n)
		rc = resolve_fixtures(&a, &cfg, &plan);
	if (!rc && !plan.n)
		rc = pace_cli_error("run: no test matches the given --filter/--tags/--variants");
	if (!rc && a.no_store && (a.baseline || a.save_baseline || a.fail_regression ||
				  a.push))
		rc = pace_cli_error("run: --baseline, --save-baseline, --push and "
				    "--fail-on-regression need the store, not --no-store");
	if (!rc && a.resume_id && a.no_store)
		rc = pace_cli_error("run: --resume needs the store, not --no-store");
	if (!rc) {
		catch_signals(old);
		rc = open_recorder(&rec, &a, &cfg);
		rec.run_group = a.group;
		rec.shard = a.shard_n ? a.shard : NULL;
		if (!rc && a.resume_id)
			rc = pace_cli_resume_open(&rec, a.resume_id, &done);
		if (!rc)
			rc = preflight(&a, &cfg, &rec);
		if (!rc && cfg.parallelism > 1)
			prepare_jobs(&cfg, &plan, rec.st);
		if (!rc)
			rc = finish(&a, &cfg, &run, &rec,
				    measure_plan(&cfg, &plan, &run, &rec, a.verbose,
						 a.resume_id ? &done.run : NULL));
		restore_signals(old);
	}
out:
	pace_store_loaded_release(&done);
	free(orig);
	free(a.group);
	pace_recorder_release(&rec);
	pace_run_release(&run);
	pace_plan_release(&plan);
	pace_cli_free_suites(suites, nsuites);
	pace_strvec_release(&a.filter.patterns);
	pace_strvec_release(&a.filter.tags);
	pace_strvec_release(&a.filter.variants);
	pace_strvec_release(&a.names);
	pace_strvec_release(&a.binaries);
	pace_run_hf_release(&a.hf);
	free(a.command_line);
	pace_error_release(&err);
	pace_config_release(&cfg);
	return rc;
}
