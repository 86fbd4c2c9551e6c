/*
 * cmd_bisect.c - `pace bisect GOOD BAD [SUITE[/TEST] | -- CMD]`: which
 * commit made it slower.  GOOD is built (--build, through /bin/sh) and
 * measured once in a detached worktree; then `git bisect run` drives the
 * repository in the working directory, calling `pace bisect --step` at
 * each commit, which builds (a failed build skips the commit: exit 125),
 * measures the same benchmark with `pace run --no-store`, and judges it
 * against GOOD's samples by analyze/'s one rule (pace_analyze_change:
 * Welch's p < alpha and a change of at least the threshold): regressed is
 * "bad" (exit 1), anything else "good" (exit 0).  The first bad commit is
 * printed with the evidence of its step; `git bisect reset` always ends
 * the session.  The benchmark runs with the commit's tree as its working
 * directory.
 */
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "analyze/analyze.h"
#include "cli/analysis.h"
#include "cli/cli.h"
#include "pipeline/pipeline.h"
#include "pipeline/record.h"
#include "stats/stats.h"

extern char **environ;

enum { BISECT_BUILD = 1, BISECT_RUNS, BISECT_STEP, BISECT_METRIC };

static const struct pace_opt bisect_opts[] = {
	{"build", 0, "CMD", "build command run through /bin/sh before measuring\n"
	 "each commit (a failure skips the commit)", .id = BISECT_BUILD},
	{"runs", 'r', "N", "measured runs per commit (default 10)", .id = BISECT_RUNS},
	{"metric", 0, "wall|cpu", "what is judged: wall time (default) or user +\n"
	 "system CPU time, which other load on the machine moves less",
	 .id = BISECT_METRIC},
	{"step", 0, "FILE", "(internal) one git bisect run step against FILE",
	 .id = BISECT_STEP},
	PACE_OPT_INCLUDE(pace_opt_alpha),
	PACE_OPT_INCLUDE(pace_opt_threshold),
	PACE_OPT_INCLUDE(pace_opt_config),
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_bisect_spec = {
	.name = "bisect",
	.summary = "find the commit that made a benchmark slower (git bisect run)",
	.usage =
"usage: pace bisect [options] GOOD BAD [SUITE[/TEST]]\n"
"   or: pace bisect [options] GOOD BAD -- CMD [CMD ...]\n"
"\n"
"Measures GOOD (built with --build in a temporary worktree), then runs\n"
"git bisect between GOOD and BAD in the repository of the working\n"
"directory: each commit is built (a build failure skips it), measured with\n"
"pace run --no-store (--runs times) and called bad when it regressed\n"
"against GOOD (Welch's p < --alpha and slower by at least --threshold).\n"
"Prints the first slow commit with its evidence.  TEST is matched as\n"
"pace run --filter matches it.\n",
	.opts = bisect_opts,
};

struct bisect_args {
	struct pace_cli_flags flags;
	const char *build, *step, *good, *bad;
	char **target;   /* SUITE[/TEST], or the commands after -- */
	size_t ntarget;
	bool commands;
	uint64_t runs;
	bool cpu;        /* --metric cpu */
};

static int on_option(void *data, int id, const char *arg)
{
	struct bisect_args *a = data;

	switch (id) {
	case BISECT_BUILD: a->build = arg; return 0;
	case BISECT_STEP: a->step = arg; return 0;
	case BISECT_METRIC:
		if (strcmp(arg, "wall") && strcmp(arg, "cpu"))
			return pace_cli_error("bisect: --metric is wall or cpu, "
					      "not '%s'", arg);
		a->cpu = strcmp(arg, "cpu") == 0;
		return 0;
	case BISECT_RUNS:
		if (pace_parse_uint(arg, &a->runs) || a->runs < 2)
			return pace_cli_error("bisect: --runs wants a count of at "
					      "least 2, not '%s'", arg);
		return 0;
	}
	return 0;
}

/* Runs argv in cwd (NULL: here), stdout and stderr to `log` (NULL:
 * inherited); returns its exit status, 128 + signal, or -1. */
static int spawn_wait(char *const *argv, const char *cwd, const char *log)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st, rc;

	posix_spawn_file_actions_init(&fa);
	if (cwd)
		posix_spawn_file_actions_addchdir_np(&fa, cwd);
	if (log) {
		posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		posix_spawn_file_actions_adddup2(&fa, 1, 2);
	}
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc)
		return -1;
	while (waitpid(pid, &st, 0) < 0)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static char *self_path(void)
{
	char buf[4096];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0)
		return pace_xstrdup("pace");
	buf[n] = '\0';
	return pace_xstrdup(buf);
}

/* The build command in dir: 0, or non-zero when it failed. */
static int build_in(const char *build, const char *dir, const char *log)
{
	char *argv[] = {"/bin/sh", "-c", (char *)build, NULL};

	return build ? spawn_wait(argv, dir, log) : 0;
}

/* User + system seconds of each counted sample of the first variant in
 * the one raw file of output directory out (pace run wrote it). */
static int cpu_samples(const char *out, double **x, size_t *n)
{
	char *raw = pace_xasprintf("%s/raw", out), *path = NULL;
	struct pace_strbuf text = PACE_STRBUF_INIT;
	struct pace_error err = PACE_ERROR_INIT;
	DIR *d = opendir(raw);
	struct dirent *e;
	json_t *root = NULL, *s, *o;
	size_t i;

	while (d && !path && (e = readdir(d)))
		if (strstr(e->d_name, ".json"))
			path = pace_xasprintf("%s/%s", raw, e->d_name);
	if (d)
		closedir(d);
	if (path && pace_read_input(path, &text, &err) == 0)
		root = json_loadb(text.buf, text.len, 0, NULL);
	s = json_object_get(json_array_get(json_object_get(root, "variants"), 0),
			    "samples");
	*x = pace_xcalloc(json_array_size(s) + 1, sizeof(**x));
	*n = 0;
	json_array_foreach(s, i, o) {
		json_t *u = json_object_get(o, "user_ns"), *y = json_object_get(o, "sys_ns");
		const char *fail = json_string_value(json_object_get(o, "fail"));

		if ((!fail || strcmp(fail, "none") == 0) && json_is_integer(u) &&
		    json_is_integer(y) && json_integer_value(u) >= 0 &&
		    json_integer_value(y) >= 0)
			(*x)[(*n)++] = (double)(json_integer_value(u) +
						json_integer_value(y)) / 1e9;
	}
	json_decref(root);
	pace_strbuf_release(&text);
	pace_error_release(&err);
	free(path);
	free(raw);
	if (*n >= 2)
		return 0;
	free(*x);
	*x = NULL;
	*n = 0;
	return -1;
}

/* Measures the target in dir with `pace run --no-store`, its export in
 * json; the samples (seconds) of its first command / variant in *x. */
static int measure(const struct bisect_args *a, const char *dir, const char *json,
		   const char *log, double **x, size_t *n)
{
	struct pace_strvec argv = PACE_STRVEC_INIT;
	struct pace_sample_sets sets = {0};
	struct pace_error err = PACE_ERROR_INIT;
	char *self = self_path(), *out = pace_xasprintf("%s.out", json);
	const char *slash = !a->commands && a->ntarget ? strchr(a->target[0], '/') : NULL;
	int rc;

	*x = NULL;
	*n = 0;
	pace_strvec_push(&argv, self);
	pace_strvec_push(&argv, "run");
	pace_strvec_push(&argv, "--no-store");
	pace_strvec_push(&argv, "-q");
	pace_strvec_pushf(&argv, "--runs=%llu", (unsigned long long)(a->runs ? a->runs : 10));
	pace_strvec_pushf(&argv, "--output=%s", out);
	pace_strvec_pushf(&argv, "--export-json=%s", json);
	if (slash)
		pace_strvec_pushf(&argv, "--filter=%s", slash + 1);
	if (a->commands)
		pace_strvec_push(&argv, "--shell");
	if (a->commands)
		pace_strvec_push(&argv, "--");
	for (size_t i = 0; i < a->ntarget; i++) {
		if (i == 0 && slash)
			pace_strvec_pushf(&argv, "%.*s", (int)(slash - a->target[0]),
					  a->target[0]);
		else
			pace_strvec_push(&argv, a->target[i]);
	}
	rc = spawn_wait(argv.v, dir, log);
	if (rc == 0 && a->cpu) {
		rc = cpu_samples(out, x, n);
	} else if (rc == 0 && pace_stats_read_file(&sets, json, &err) == 0 && sets.n &&
		   sets.v[0].n >= 2) {
		*x = sets.v[0].x;
		*n = sets.v[0].n;
		sets.v[0].x = NULL;
	} else if (rc == 0) {
		rc = -1;
	}
	pace_sample_sets_release(&sets);
	pace_error_release(&err);
	pace_strvec_release(&argv);
	free(self);
	free(out);
	return rc;
}

/* GOOD's samples, one number a line (what --step reads back). */
static int save_samples(const char *path, const double *x, size_t n)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%.17g\n", x[i]);
	return fclose(f) ? -1 : 0;
}

/* One git bisect run step: 125 skip, 1 bad (regressed), 0 good.  The
 * evidence goes to REF.log, one line per commit. */
static int step(const struct bisect_args *a, const struct pace_config *cfg)
{
	struct pace_sample_sets ref = {0};
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_stats_opts o;
	struct pace_change c;
	char *json = pace_xasprintf("%s.step.json", a->step);
	char *log = pace_xasprintf("%s.log", a->step);
	char *head = NULL;
	double *x;
	size_t n;
	int rc = 125;
	FILE *f;

	if (build_in(a->build, NULL, "/dev/null") != 0 ||
	    measure(a, NULL, json, "/dev/null", &x, &n) != 0)
		goto done;
	if (pace_stats_read_file(&ref, a->step, &err) || !ref.n) {
		free(x);
		rc = 128; /* aborts git bisect run */
		goto done;
	}
	pace_pipeline_stats_opts(&o, cfg);
	pace_analyze_change(&c, ref.v[0].x, ref.v[0].n, x, n, &o);
	rc = c.verdict == PACE_VERDICT_REGRESSED ? 1 : 0;
	head = pace_pipeline_git_commit(NULL);
	if ((f = fopen(log, "a"))) {
		fprintf(f, "%s %s %s time %+.1f%% [%+.1f%%, %+.1f%%] p = %.3g "
			"(alpha %g, threshold %g%%): %s\n", head ? head : "?",
			rc ? "bad" : "good", a->cpu ? "cpu" : "wall",
			c.change * 100, c.ci_lo * 100,
			c.ci_hi * 100, c.p_value, cfg->alpha, cfg->threshold * 100,
			pace_verdict_name(c.verdict));
		fclose(f);
	}
	free(x);
done:
	pace_sample_sets_release(&ref);
	pace_error_release(&err);
	free(head);
	free(json);
	free(log);
	return rc;
}

/* Runs a git command in the working directory, its output appended to
 * log; its exit status. */
static int git(const char *log, const char *a1, const char *a2, const char *a3,
	       const char *a4, const char *a5)
{
	char *argv[] = {"git", (char *)a1, (char *)a2, (char *)a3, (char *)a4, (char *)a5,
			NULL};

	return spawn_wait(argv, NULL, log);
}

/* The first line of file path that starts with prefix (malloc'd), or
 * with prefix NULL the first line. */
static char *line_of(const char *path, const char *prefix)
{
	struct pace_strbuf b = PACE_STRBUF_INIT;
	struct pace_error err = PACE_ERROR_INIT;
	char *found = NULL;

	if (pace_read_input(path, &b, &err) == 0)
		for (char *p = b.buf, *nl; p && *p && !found; p = nl ? nl + 1 : NULL) {
			nl = strchr(p, '\n');
			if (nl)
				*nl = '\0';
			if (!prefix || strncmp(p, prefix, strlen(prefix)) == 0)
				found = pace_xstrdup(p);
		}
	pace_strbuf_release(&b);
	pace_error_release(&err);
	return found;
}

/* GOOD built and measured in a detached worktree under tmp; its samples
 * saved in tmp/good.txt. */
static int measure_good(const struct bisect_args *a, const char *tmp)
{
	char *wt = pace_xasprintf("%s/good", tmp), *log = pace_xasprintf("%s/git.log", tmp);
	char *json = pace_xasprintf("%s/good.json", tmp), *ref = pace_xasprintf("%s/good.txt", tmp);
	double *x = NULL;
	size_t n = 0;
	int rc = git(log, "worktree", "add", "--detach", wt, a->good);

	if (rc)
		rc = pace_cli_error("bisect: cannot check out GOOD '%s' (see git "
				    "worktree add)", a->good);
	else if (build_in(a->build, wt, log))
		rc = pace_cli_error("bisect: GOOD '%s' does not build with '%s'",
				    a->good, a->build);
	else if (measure(a, wt, json, log, &x, &n))
		rc = pace_cli_error("bisect: the benchmark does not run at GOOD "
				    "'%s' (its log: pace run's messages)", a->good);
	else if (save_samples(ref, x, n))
		rc = pace_cli_error("bisect: cannot write '%s'", ref);
	if (!rc)
		printf("GOOD %s: %zu runs measured\n", a->good, n);
	git(log, "worktree", "remove", "--force", wt, NULL);
	free(x);
	free(wt);
	free(log);
	free(json);
	free(ref);
	return rc;
}

/* The commit of git bisect's "<sha> is the first bad commit" line. */
static char *first_bad(const char *log)
{
	struct pace_strbuf b = PACE_STRBUF_INIT;
	struct pace_error err = PACE_ERROR_INIT;
	char *found = NULL, *at;

	if (pace_read_input(log, &b, &err) == 0 &&
	    (at = strstr(b.buf, " is the first bad commit")) != NULL) {
		char *start = at;

		while (start > b.buf && start[-1] != '\n')
			start--;
		found = pace_xstrndup(start, (size_t)(at - start));
	}
	pace_strbuf_release(&b);
	pace_error_release(&err);
	return found;
}

/* git bisect run with the step; prints the first bad commit. */
static int run_bisect(const struct bisect_args *a, const struct pace_config *cfg,
		      const char *tmp)
{
	struct pace_strvec argv = PACE_STRVEC_INIT;
	char *log = pace_xasprintf("%s/bisect.log", tmp), *ref = pace_xasprintf("%s/good.txt", tmp);
	char *steps = pace_xasprintf("%s/good.txt.log", tmp), *found, *self = self_path();
	int rc = git(log, "bisect", "start", a->bad, a->good, NULL);

	pace_strvec_push(&argv, "git");
	pace_strvec_push(&argv, "bisect");
	pace_strvec_push(&argv, "run");
	pace_strvec_push(&argv, self);
	pace_strvec_push(&argv, "bisect");
	pace_strvec_pushf(&argv, "--step=%s", ref);
	pace_strvec_pushf(&argv, "--runs=%llu", (unsigned long long)(a->runs ? a->runs : 10));
	pace_strvec_pushf(&argv, "--alpha=%.17g", cfg->alpha);
	pace_strvec_pushf(&argv, "--threshold=%.17g", cfg->threshold);
	if (a->build)
		pace_strvec_pushf(&argv, "--build=%s", a->build);
	pace_strvec_pushf(&argv, "--metric=%s", a->cpu ? "cpu" : "wall");
	pace_strvec_push(&argv, a->good);
	pace_strvec_push(&argv, a->bad);
	if (a->commands)
		pace_strvec_push(&argv, "--");
	for (size_t i = 0; i < a->ntarget; i++)
		pace_strvec_push(&argv, a->target[i]);
	if (rc == 0)
		rc = spawn_wait(argv.v, NULL, log);
	found = rc == 0 ? first_bad(log) : NULL;
	git("/dev/null", "bisect", "reset", NULL, NULL, NULL);
	if (found) {
		char *ev = line_of(steps, found);

		printf("first slow commit: %s\n%s\n", found,
		       ev ? ev : "(no step measured it: it is the first after GOOD's skipped ones)");
		free(ev);
	} else {
		rc = pace_cli_error("bisect: git bisect found no first slow commit "
				    "(its log: %s)", log);
	}
	free(found);
	free(self);
	free(steps);
	free(ref);
	free(log);
	pace_strvec_release(&argv);
	return rc;
}

static int bisect(const struct bisect_args *a, const struct pace_config *cfg)
{
	struct pace_error err = PACE_ERROR_INIT;
	const char *base = getenv("TMPDIR");
	char *tmp;
	int rc;

	if (a->step)
		return step(a, cfg);
	tmp = pace_xasprintf("%s/pace-bisect-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmp)) {
		free(tmp);
		return pace_cli_error("bisect: cannot make a temporary directory");
	}
	rc = measure_good(a, tmp);
	if (!rc)
		rc = run_bisect(a, cfg, tmp);
	if (!rc)
		pace_remove_tree(tmp, &err);
	pace_error_release(&err);
	free(tmp);
	return rc;
}

static int bisect_cb(const void *args, const struct pace_config *cfg)
{
	return bisect(args, cfg);
}

int cmd_bisect(int argc, char **argv)
{
	struct bisect_args a = {0};
	struct pace_opt_state st = {.flags = &a.flags, .cb = on_option, .data = &a};
	int rc = pace_opt_parse(&st, &cmd_bisect_spec, argc, argv);

	if (!rc && (st.nbefore < 2 || st.nbefore > 3 ||
		    (st.dashdash && st.nargs == st.nbefore) ||
		    (st.dashdash && st.nbefore != 2) ||
		    (!st.dashdash && st.nargs != st.nbefore)))
		rc = pace_cli_error("bisect: expected GOOD BAD [SUITE[/TEST]] or "
				    "GOOD BAD -- CMD; see 'pace bisect --help'");
	if (!rc) {
		a.good = st.args[0];
		a.bad = st.args[1];
		a.commands = st.dashdash;
		a.target = st.args + 2;
		a.ntarget = st.nargs - 2;
	}
	return pace_cli_with_config(rc, &a.flags, bisect_cb, &a);
}
