/*
 * run_hyperfine.c - hyperfine's habits in `pace run` (run_hyperfine.h).
 *
 * Operands without "--": an operand is a suite when it names a built-in
 * suite, ends in .yaml, .yml or .json, or is an existing file that is not
 * executable (or a directory); anything else is a command, as in
 * hyperfine.  So `pace run vcs` is the suite and `pace run ./bench.sh`
 * or `pace run 'sleep 0.1'` a command; a program that shares a suite's
 * name is measured with `pace run -- vcs`.  A single word that is no
 * program on PATH could not start: it is refused (exit 2) as a suite
 * name that does not exist, with "did you mean" when it is close to one,
 * rather than measured as a command that fails.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/run_hyperfine.h"
#include "suite/suite.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && !strcmp(s + n - k, suffix);
}

static bool is_builtin(const char *s)
{
	for (size_t i = 0; i < pace_suite_builtin_count(); i++)
		if (!strcmp(pace_suite_builtin_name(i), s))
			return true;
	return false;
}

static bool is_suite(const char *s)
{
	struct stat st;

	if (is_builtin(s) || ends_with(s, ".yaml") || ends_with(s, ".yml") ||
	    ends_with(s, ".json"))
		return true;
	if (stat(s, &st) < 0)
		return false;
	return S_ISDIR(st.st_mode) || access(s, X_OK) < 0;
}

/* A lone word that names no program either: it cannot be run, so it is
 * most likely a suite's name mistyped. */
static bool unknown_word(const char *s)
{
	if (strpbrk(s, " \t\n/"))
		return false;
	return !pace_find_program(NULL, getenv("PATH"), s);
}

static int no_such(const char *word, const char *const *names)
{
	struct pace_strbuf list = PACE_STRBUF_INIT;

	for (size_t i = 0; names[i]; i++)
		pace_strbuf_addf(&list, "%s%s", i ? ", " : "", names[i]);
	pace_cli_error("run: no suite file, built-in suite or program named '%s' "
		       "(built-in suites: %s; commands after '--' run as given)",
		       word, pace_strbuf_str(&list));
	pace_strbuf_release(&list);
	pace_opt_suggest(word, names, "");
	return PACE_EXIT_USAGE;
}

int pace_run_hf_classify(char *const *ops, size_t n, bool *commands)
{
	size_t nb = pace_suite_builtin_count(), suites = 0;
	const char **names = pace_xcalloc(nb + 1, sizeof(*names));
	const char *suite = NULL, *cmd = NULL;
	int rc = 0;

	for (size_t i = 0; i < nb; i++)
		names[i] = pace_suite_builtin_name(i);
	for (size_t i = 0; i < n && !rc; i++) {
		if (is_suite(ops[i])) {
			suites++;
			suite = suite ? suite : ops[i];
		} else if (unknown_word(ops[i])) {
			rc = no_such(ops[i], names);
		} else {
			cmd = cmd ? cmd : ops[i];
		}
	}
	free(names);
	if (!rc && suite && cmd)
		rc = pace_cli_error("run: '%s' is a suite but '%s' is a command; "
				    "give suites or commands, not both (commands "
				    "after '--' are never taken for suites)",
				    suite, cmd);
	*commands = !suites;
	return rc;
}

/* ---- parameters ------------------------------------------------------------ */

static int make_axes(const struct pace_run_hf *hf, struct pace_param_axis *axes,
		     struct pace_error *err)
{
	bool scans = false;
	int rc = 0;

	for (size_t i = 0; i < hf->nsweeps && !rc; i++) {
		const char *const *a = hf->sweeps[i].a;
		if (hf->sweeps[i].kind == 'P') {
			scans = true;
			rc = pace_param_scan(&axes[i], a[0], a[1], a[2], hf->step, err);
		} else {
			rc = pace_param_list(&axes[i], a[0], a[1], err);
		}
		for (size_t k = 0; k < i && !rc; k++)
			if (!strcmp(axes[k].name, axes[i].name))
				rc = pace_error_set(err, PACE_EUSAGE, "parameter '%s' is "
						    "given twice", a[0]);
	}
	if (!rc && hf->step && !scans)
		rc = pace_error_set(err, PACE_EUSAGE, "-D/--parameter-step-size "
				    "'%s' without -P/--parameter-scan", hf->step);
	return rc;
}

int pace_run_hf_expand(const struct pace_run_hf *hf, struct pace_suite *suites,
		       size_t n)
{
	struct pace_param_axis *axes = pace_xcalloc(hf->nsweeps + 1, sizeof(*axes));
	bool *used = pace_xcalloc(hf->nsweeps + 1, sizeof(*used));
	struct pace_error err = PACE_ERROR_INIT;
	int rc = make_axes(hf, axes, &err);

	for (size_t s = 0; s < n && !rc && hf->nsweeps; s++)
		rc = pace_suite_expand_params(&suites[s], axes, hf->nsweeps, used, &err);
	for (size_t i = 0; i < hf->nsweeps && !rc; i++)
		if (!used[i])
			rc = pace_error_set(&err, PACE_EUSAGE, "parameter '%s': no "
					    "command or hook uses {%s}", axes[i].name,
					    axes[i].name);
	if (rc)
		rc = pace_cli_report_error(&err);
	for (size_t i = 0; i < hf->nsweeps; i++)
		pace_param_axis_release(&axes[i]);
	free(axes);
	free(used);
	pace_error_release(&err);
	return rc;
}

/* ---- hooks and the shell ---------------------------------------------------- */

static int add_hooks(struct pace_cmd **arr, size_t *n,
		     const struct pace_strvec *given, size_t index, size_t nvar,
		     const char *flag, struct pace_error *err)
{
	struct pace_cmd cmd;
	int rc;

	if (!given->n)
		return 0;
	if (given->n != 1 && given->n != nvar)
		return pace_error_set(err, PACE_EUSAGE, "%s given %zu times for %zu "
				      "commands (expected once for all, or once per "
				      "command)", flag, given->n, nvar);
	/* hooks are shell glue, as in suite files (docs/suite-format.md) */
	rc = pace_cmd_from_text(&cmd, given->v[given->n == 1 ? 0 : index], true, err);
	if (rc)
		return rc;
	*arr = pace_xrealloc(*arr, (*n + 1) * sizeof(**arr));
	(*arr)[(*n)++] = cmd;
	return 0;
}

int pace_run_hf_hooks(const struct pace_run_hf *hf, struct pace_suite *adhoc)
{
	struct pace_error err = PACE_ERROR_INIT;
	int rc = 0;

	for (size_t t = 0; t < adhoc->ntests && !rc; t++) {
		struct pace_test *te = &adhoc->tests[t];
		for (size_t i = 0; i < te->nvariants && !rc; i++) {
			struct pace_variant *v = &te->variants[i];
			size_t nv = te->nvariants;
			rc = add_hooks(&v->setup, &v->nsetup, &hf->setup, i, nv,
				       "--setup", &err);
			if (!rc)
				rc = add_hooks(&v->prepare, &v->nprepare, &hf->prepare,
					       i, nv, "--prepare", &err);
			if (!rc)
				rc = add_hooks(&v->conclude, &v->nconclude,
					       &hf->conclude, i, nv, "--conclude", &err);
			if (!rc)
				rc = add_hooks(&v->teardown, &v->nteardown,
					       &hf->cleanup, i, nv, "--cleanup", &err);
		}
	}
	if (rc)
		rc = pace_cli_report_error(&err);
	pace_error_release(&err);
	return rc;
}

/* {"/bin/sh", "-c", TEXT} becomes {SHELL-WORDS..., "-c", TEXT}. */
static void reshell(struct pace_cmd *c, size_t n, const struct pace_strvec *sh)
{
	for (size_t i = 0; i < n; i++) {
		struct pace_strvec argv = PACE_STRVEC_INIT;
		if (!c[i].shell || c[i].argv.n != 3 || strcmp(c[i].argv.v[0], "/bin/sh"))
			continue;
		pace_strvec_copy(&argv, sh);
		pace_strvec_push(&argv, "-c");
		pace_strvec_push(&argv, c[i].argv.v[2]);
		pace_strvec_release(&c[i].argv);
		c[i].argv = argv;
	}
}

static void reshell_test(struct pace_test *t, const struct pace_strvec *sh)
{
	reshell(t->setup, t->nsetup, sh);
	reshell(t->teardown, t->nteardown, sh);
	reshell(t->prepare, t->nprepare, sh);
	reshell(t->conclude, t->nconclude, sh);
	for (size_t i = 0; i < t->nvariants; i++) {
		struct pace_variant *v = &t->variants[i];
		reshell(&v->cmd, 1, sh);
		reshell(v->setup, v->nsetup, sh);
		reshell(v->teardown, v->nteardown, sh);
		reshell(v->prepare, v->nprepare, sh);
		reshell(v->conclude, v->nconclude, sh);
	}
}

int pace_run_hf_shell(const struct pace_run_hf *hf, struct pace_suite *suites,
		      size_t n)
{
	struct pace_strvec sh = PACE_STRVEC_INIT;
	const char *why = NULL;

	if (!hf->shell)
		return 0;
	if (pace_split_words(&sh, hf->shell, &why) < 0 || !sh.n) {
		pace_strvec_release(&sh);
		return pace_cli_error("run: --shell '%s': %s", hf->shell,
				      why ? why : "no program");
	}
	for (size_t s = 0; s < n; s++)
		for (size_t t = 0; t < suites[s].ntests; t++)
			reshell_test(&suites[s].tests[t], &sh);
	pace_strvec_release(&sh);
	return 0;
}

int pace_run_hf_input(const struct pace_run_hf *hf, struct pace_suite *suites,
		      size_t n)
{
	char *path;
	FILE *f;

	if (!hf->input)
		return 0;
	f = fopen(hf->input, "r");
	if (!f)
		return pace_cli_error("run: --input '%s': %s", hf->input, strerror(errno));
	fclose(f);
	path = realpath(hf->input, NULL);
	if (!path)
		return pace_cli_error("run: --input '%s': %s", hf->input, strerror(errno));
	for (size_t s = 0; s < n; s++)
		for (size_t t = 0; t < suites[s].ntests; t++) {
			struct pace_test *te = &suites[s].tests[t];
			if (te->executor == PACE_EXECUTOR_SANDBOX ||
			    te->executor == PACE_EXECUTOR_DOCKER) {
				free(path);
				return pace_cli_error("run: --input works with the local "
						      "executor only; test '%s' runs with %s",
						      te->id, pace_executor_name(te->executor));
			}
			free(te->input);
			te->input = pace_xstrdup(path);
		}
	free(path);
	return 0;
}

bool pace_run_hf_is_shell(const char *word)
{
	static const char *const shells[] = {"sh", "bash", "dash", "zsh", "ksh",
					     "mksh", "fish", "pwsh", "busybox"};
	const char *base = strrchr(word, '/');

	base = base ? base + 1 : word;
	for (size_t i = 0; i < PACE_ARRAY_SIZE(shells); i++)
		if (!strcmp(base, shells[i]))
			return true;
	return false;
}

void pace_run_hf_release(struct pace_run_hf *hf)
{
	free(hf->sweeps);
	pace_strvec_release(&hf->prepare);
	pace_strvec_release(&hf->setup);
	pace_strvec_release(&hf->conclude);
	pace_strvec_release(&hf->cleanup);
	memset(hf, 0, sizeof(*hf));
}
