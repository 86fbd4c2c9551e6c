/*
 * self_inputs.c - the inputs of pace-self's targets, built with pace's own
 * code where pace has it: a synthetic finished run (the runner's model,
 * summarised and compared by src/stats), a raw results file written by
 * src/report, a history for the trend fit, and a realistic suite and
 * config for the parser.  Deterministic (fixed seeds), so that runs of
 * pace-self on different commits measure the same work.
 */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "pace/bench.h"
#include "probe/probe.h"
#include "report/report.h"
#include "runner/runner.h"
#include "self.h"
#include "stats/stats.h"
#include "suite/suite.h"

double *pace_self_history(size_t n)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double *y = pace_xcalloc(n, sizeof(*y));

	gsl_rng_set(rng, 7);
	for (size_t i = 0; i < n; i++)
		y[i] = 2e6 + 150.0 * (double)i + gsl_ran_gaussian(rng, 4e4);
	gsl_rng_free(rng);
	return y;
}

struct pace_self_run {
	struct pace_run run;
	struct pace_test *tests;
	size_t ntests;
};

static void make_test(struct pace_test *t, size_t i)
{
	static const char *const names[] = {"fast", "slow"};

	memset(t, 0, sizeof(*t));
	t->id = pace_xasprintf("test-%04zu", i);
	t->name = pace_xasprintf("Synthetic test %zu", i);
	t->suite = pace_xstrdup("self");
	t->category = pace_xstrdup(i % 3 ? "basic-operations" : "io");
	pace_strvec_push(&t->tags, "synthetic");
	t->variants = pace_xcalloc(2, sizeof(*t->variants));
	t->nvariants = 2;
	for (size_t v = 0; v < 2; v++) {
		t->variants[v].name = pace_xstrdup(names[v]);
		t->variants[v].cmd.text = pace_xasprintf("sleep 0.0%zu", v + 1);
		pace_strvec_push(&t->variants[v].cmd.argv, "sleep");
	}
	t->timeout_s = t->runs = t->warmup = -1;
}

static void fill_result(struct pace_result *r, const struct pace_test *t, size_t v,
			size_t nsamples, gsl_rng *rng)
{
	memset(r, 0, sizeof(*r));
	r->test = t;
	r->variant = &t->variants[v];
	r->stop_reason = "runs";
	r->samples = pace_xcalloc(nsamples, sizeof(*r->samples));
	r->nsamples = r->alloc = nsamples;
	for (size_t k = 0; k < nsamples; k++) {
		struct pace_sample *s = &r->samples[k];

		s->wall_ns = (int64_t)gsl_ran_lognormal(rng, 15.0 + 0.3 * (double)v, 0.1);
		s->iterations = 1;
		s->user_ns = s->wall_ns / 3;
		s->sys_ns = s->wall_ns / 5;
		s->max_rss = 4 << 20;
		s->minflt = 120;
		s->majflt = s->nvcsw = s->nivcsw = 0;
		s->read_bytes = s->write_bytes = 0;
		s->rchar = s->wchar = 4096;
		s->syscr = s->syscw = 8;
		s->stdout_bytes = s->stderr_bytes = 0;
		s->started_unix_ms = 1700000000000 + (int64_t)k;
	}
	pace_stats_summarize_result(r, 0.95);
}

/* n results (n / 2 tests x 2 variants) of `nsamples` samples each. */
static struct pace_self_run *run_new(size_t n, size_t nsamples)
{
	struct pace_self_run *sr = pace_xcalloc(1, sizeof(*sr));
	struct pace_stats_opts so = PACE_STATS_OPTS_INIT;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);

	gsl_rng_set(rng, 11);
	so.resamples = 200;
	sr->ntests = (n + 1) / 2;
	sr->tests = pace_xcalloc(sr->ntests, sizeof(*sr->tests));
	pace_run_init(&sr->run);
	pace_run_begin(&sr->run);
	sr->run.results = pace_xcalloc(2 * sr->ntests, sizeof(*sr->run.results));
	sr->run.alloc = 2 * sr->ntests;
	sr->run.comparisons = pace_xcalloc(sr->ntests, sizeof(*sr->run.comparisons));
	sr->run.calloc_ = sr->ntests;
	for (size_t i = 0; i < sr->ntests; i++) {
		struct pace_result *r = &sr->run.results[2 * i];

		make_test(&sr->tests[i], i);
		fill_result(&r[0], &sr->tests[i], 0, nsamples, rng);
		fill_result(&r[1], &sr->tests[i], 1, nsamples, rng);
		sr->run.nresults += 2;
		pace_stats_compare_opts(&sr->run.comparisons[sr->run.ncomparisons++],
					&r[0], &r[1], &so);
	}
	pace_run_end(&sr->run);
	gsl_rng_free(rng);
	return sr;
}

struct pace_self_run *pace_self_run_new(size_t n)
{
	return run_new(n, 10);
}

const struct pace_run *pace_self_run_of(const struct pace_self_run *r)
{
	return &r->run;
}

void pace_self_run_free(struct pace_self_run *sr)
{
	if (!sr)
		return;
	pace_run_release(&sr->run);
	for (size_t i = 0; i < sr->ntests; i++)
		pace_test_release(&sr->tests[i]);
	free(sr->tests);
	free(sr);
}

char *pace_self_raw_json(size_t *len)
{
	struct pace_self_run *sr = run_new(2, 500);
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	if (!f)
		abort();
	pace_report_raw_json(f, &sr->run, &sr->tests[0]);
	fclose(f);
	pace_self_run_free(sr);
	*len = n;
	return buf;
}

/* ---- the parser's inputs ------------------------------------------------- */

static const char suite_text[] =
	"suite: vcs\n"
	"name: Version control operations\n"
	"description: >-\n"
	"  Everyday operations of three version-control setups on a generated\n"
	"  repository of 2000 commits.\n"
	"variants: [jj, git, git-worktree]\n"
	"tests:\n"
	"  - id: status\n"
	"    name: Status of a clean tree\n"
	"    category: basic-operations\n"
	"    tags: [fast, read]\n"
	"    command:\n"
	"      jj: [jj, status]\n"
	"      git: [git, status, --porcelain]\n"
	"      git-worktree: [git, -C, wt, status, --porcelain]\n"
	"    runs: 30\n"
	"    warmup: 3\n"
	"    timeout: 10s\n"
	"    validation: {maxTime: 2s, maxMemory: 200MB}\n"
	"  - id: log\n"
	"    category: history\n"
	"    tags: [read]\n"
	"    command:\n"
	"      jj: jj log -r 'ancestors(@, 100)' --no-graph\n"
	"      git: git log -100 --oneline\n"
	"      git-worktree: git -C wt log -100 --oneline\n"
	"    validation: {outputMatches: \"^[0-9a-f]+\"}\n"
	"  - id: commit\n"
	"    category: write\n"
	"    tags: [write, slow]\n"
	"    shell: true\n"
	"    prepare: echo change >> file.txt\n"
	"    command:\n"
	"      jj: jj commit -m change\n"
	"      git: git commit -qam change\n"
	"      git-worktree: git -C wt commit -qam change\n"
	"    dependsOn: [status]\n"
	"  - id: branch-switch\n"
	"    category: write\n"
	"    tags: [write]\n"
	"    setup: |\n"
	"      git branch -f side HEAD~10\n"
	"    teardown: git checkout -q main\n"
	"    command:\n"
	"      jj: [jj, edit, side]\n"
	"      git: [git, checkout, -q, side]\n"
	"      git-worktree: [git, -C, wt, checkout, -q, side]\n"
	"    env: {LC_ALL: C, GIT_PAGER: cat}\n"
	"    dependsOn: [commit]\n"
	"  - id: diff\n"
	"    category: history\n"
	"    tags: [read]\n"
	"    command:\n"
	"      jj: [jj, diff, -r, '@-']\n"
	"      git: [git, diff, HEAD~1]\n"
	"      git-worktree: [git, -C, wt, diff, HEAD~1]\n"
	"    expectedExitCode: 0\n"
	"    runs: 20\n";

static const char config_text[] =
	"# pace.yaml of a project\n"
	"execution:\n"
	"  runs: auto\n"
	"  minRuns: 10\n"
	"  maxRuns: 200\n"
	"  warmupRuns: 2\n"
	"  minTime: 3s\n"
	"  timeout: 30s\n"
	"  killGrace: 1s\n"
	"  shell: false\n"
	"  captureLimit: 64KiB\n"
	"  maxOutput: 10MiB\n"
	"  retries: 3\n"
	"output:\n"
	"  destination: benchmarks/output\n"
	"  summary: true\n"
	"  color: auto\n"
	"analysis:\n"
	"  confidenceLevel: 0.95\n"
	"  significanceLevel: 0.05\n"
	"  practicalThreshold: 0.02\n"
	"  bootstrapResamples: 2000\n"
	"  seed: 1\n";

void pace_self_parser_setup(struct pace_state *st)
{
	struct pace_self_texts *tx = pace_xcalloc(1, sizeof(*tx));
	FILE *f;
	int fd;

	tx->suite = suite_text;
	tx->suite_len = sizeof(suite_text) - 1;
	tx->config_len = sizeof(config_text) - 1;
	snprintf(tx->config_path, sizeof(tx->config_path), "/tmp/pace-self-XXXXXX.yaml");
	fd = mkstemps(tx->config_path, 5);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	st->data = tx;
	if (!f || fwrite(config_text, 1, tx->config_len, f) != tx->config_len) {
		if (f)
			fclose(f);
		pace_fail(st, "cannot write a temporary config file");
		return;
	}
	fclose(f);
}

void pace_self_parser_teardown(struct pace_state *st)
{
	struct pace_self_texts *tx = st->data;

	unlink(tx->config_path);
	free(tx);
	st->data = NULL;
}
