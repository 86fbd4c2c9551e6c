/*
 * cmd_env.c - `pace env build|list|show|clean`: build the environment a
 * suite declares (or one given by flags) into the cache, show what the
 * cache holds and what each build contains, remove builds.  Also the
 * console side of building environments before `pace run`
 * (pace_cli_prepare_environments).  The work is the env module's
 * (src/env/, docs/environments.md); this file reads flags and prints:
 * progress on stderr, one updating line on a terminal, plain lines
 * otherwise.
 */
#include <signal.h>
#include <unistd.h>

#include "cli/cli.h"
#include "env/env.h"
#include "exec/session.h"
#include "plan/plan.h"
#include "report/report.h"
#include "suite/suite.h"

enum { ENV_DISTRIBUTION = 1, ENV_PACKAGES, ENV_MIRROR, ENV_ALL };

static const struct pace_opt env_opts[] = {
	PACE_OPT_GROUP("build:"),
	{"distribution", 'd', "D", "Debian suite: sid, bookworm, ...", .id = ENV_DISTRIBUTION},
	{"packages", 'p', "LIST", "packages to install on top of minbase (a,b,c)",
	 .id = ENV_PACKAGES},
	{"mirror", 0, "URL", "Debian mirror (default: the one apt uses here)",
	 .id = ENV_MIRROR},
	PACE_OPT_GROUP("clean:"),
	{"all", 0, NULL, "remove every build", .id = ENV_ALL},
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_env_spec = {
	.name = "env",
	.summary = "build, list, show and clean test environments",
	.usage =
"usage: pace env build [--distribution D] [--packages a,b] [--mirror URL] [SUITE]\n"
"       pace env list\n"
"       pace env show HASH|SUITE\n"
"       pace env clean HASH|--all\n"
"\n"
"An environment is a Debian root filesystem made with debootstrap (minbase\n"
"plus the given packages) that tests run in under the sandbox executor\n"
"(docs/environments.md).  Builds are cached by a hash of their definition\n"
"in $XDG_CACHE_HOME/pace/env (else ~/.cache/pace/env) and reused.\n"
"Building needs root and debootstrap; without --mirror (or the suite's\n"
"'mirror') the mirror comes from apt's sources on this machine.\n"
"\n"
"build makes the environment SUITE declares (its 'environment:'), or the\n"
"one the flags give; flags replace the suite's values.\n",
	.opts = env_opts,
	.footer =
"list shows each build: hash, distribution, packages, size, its docker image\n"
"(imported by the docker executor as pace-env:HASH; '-' not yet, '?' no\n"
"engine answered), when built.\n"
"show prints a build's manifest: every installed package and its version.\n"
"clean removes one build (a unique prefix of its hash will do) or all.\n",
	.operands = PACE_COMPLETE_WORDS,
	.words = "build list show clean",
};

struct env_args {
	const char *distribution, *packages, *mirror, *operand;
	bool packages_set, all;
};

/* Set by SIGINT/SIGTERM while a build runs: the env module stops it. */
static volatile int env_stop;

static void on_env_signal(int sig)
{
	(void)sig;
	env_stop = 1;
}

static int on_option(void *data, int id, const char *arg)
{
	struct env_args *a = data;

	switch (id) {
	case ENV_DISTRIBUTION: a->distribution = arg; break;
	case ENV_PACKAGES: a->packages = arg; a->packages_set = true; break;
	case ENV_MIRROR: a->mirror = arg; break;
	case ENV_ALL: a->all = true; break;
	}
	return 0;
}

/* The options given must belong to the subcommand `sub`. */
static int check_args(const char *sub, const struct env_args *a)
{
	if (strcmp(sub, "build") && (a->distribution || a->packages || a->mirror))
		return pace_cli_error("pace env %s: --distribution, --packages and "
				      "--mirror are for 'pace env build'", sub);
	if (strcmp(sub, "clean") && a->all)
		return pace_cli_error("pace env %s: --all is for 'pace env clean'", sub);
	return 0;
}

/* ---- progress ------------------------------------------------------------- */

struct env_console {
	bool tty, shown;
};

static void on_step(const char *step, void *data)
{
	struct env_console *con = data;

	if (con->tty) {
		fprintf(stderr, "\r\033[K  environment: %.100s", step);
		con->shown = true;
	} else {
		fprintf(stderr, "  environment: %s\n", step);
	}
	fflush(stderr);
}

static void end_progress(struct env_console *con)
{
	if (con->shown)
		fputs("\r\033[K", stderr);
	con->shown = false;
}

/* Runs fn(def or tests) with progress shown and SIGINT/SIGTERM stopping
 * the build instead of killing pace halfway. */
struct env_job {
	struct pace_env_def *def;     /* one build, or */
	struct pace_test **tests;     /* the tests of a run */
	size_t ntests;
	struct pace_strvec notes;
	bool built;
};

static int run_job(struct env_job *job, struct pace_error *err)
{
	struct env_console con = {.tty = isatty(STDERR_FILENO) != 0};
	struct pace_env_opts o = {.progress = on_step, .progress_data = &con,
				  .stop = &env_stop};
	struct sigaction sa = {.sa_handler = on_env_signal}, old_int, old_term;
	int rc;

	env_stop = 0;
	sigemptyset(&sa.sa_mask); /* no SA_RESTART: a wait for the lock ends */
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	if (job->def)
		rc = pace_env_ensure(job->def, &o, &job->built, err);
	else
		rc = pace_env_prepare_tests(job->tests, job->ntests, &o,
					    &job->notes, err);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	end_progress(&con);
	return rc;
}

/* ---- build ---------------------------------------------------------------- */

/* The suite's environment (else its first test's) into def. */
static int suite_def(const char *name, struct pace_env_def *def)
{
	struct pace_suite *suites = NULL;
	size_t n = 0;
	struct pace_error err = PACE_ERROR_INIT;
	char *names[] = {(char *)name};
	int rc = pace_cli_load_suites(&suites, &n, names, 1, false, &err);

	if (rc) {
		rc = pace_cli_report_error(&err);
	} else {
		const struct pace_env_def *src = &suites[0].environment;
		for (size_t i = 0; !src->set && i < suites[0].ntests; i++)
			src = &suites[0].tests[i].environment;
		if (!src->set)
			rc = pace_cli_error("suite '%s' declares no environment "
					    "(see docs/environments.md)", name);
		else
			pace_env_def_copy(def, src);
	}
	pace_cli_free_suites(suites, n);
	pace_error_release(&err);
	return rc;
}

/* The definition from SUITE and the flags (which win). */
static int make_def(const struct env_args *a, struct pace_env_def *def)
{
	int rc = a->operand ? suite_def(a->operand, def) : 0;

	if (rc)
		return rc;
	def->set = true;
	if (a->distribution) {
		free(def->distribution);
		def->distribution = pace_xstrdup(a->distribution);
	}
	if (a->packages_set) {
		pace_strvec_release(&def->packages);
		pace_strvec_split_commas(&def->packages, a->packages);
	}
	if (a->mirror) {
		free(def->mirror);
		def->mirror = pace_xstrdup(a->mirror);
	}
	if (!def->distribution)
		return pace_cli_error("pace env build: say which environment: a "
				      "SUITE, or --distribution (e.g. sid)");
	return 0;
}

static int build(const struct env_args *a)
{
	struct pace_env_def def = {0};
	struct env_job job = {.def = &def};
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_strbuf desc = PACE_STRBUF_INIT;
	int64_t t0 = pace_now_ns();
	int rc = make_def(a, &def);

	if (!rc && run_job(&job, &err))
		rc = pace_cli_report_error(&err);
	if (!rc) {
		pace_env_describe(&def, &desc);
		printf("Environment %s (%s): %s (%s, %.1f s)\n", def.hash, desc.buf,
		       def.root, job.built ? "built" : "cached",
		       (double)(pace_now_ns() - t0) / 1e9);
	}
	pace_strbuf_release(&desc);
	pace_env_def_release(&def);
	pace_error_release(&err);
	return rc;
}

/* ---- list, show, clean ------------------------------------------------------ */

static const char *mstr(json_t *m, const char *obj, const char *key)
{
	json_t *o = obj ? json_object_get(m, obj) : m;
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "?";
}

static void packages_text(json_t *m, struct pace_strbuf *out)
{
	json_t *a = json_object_get(json_object_get(m, "definition"), "packages");
	size_t i;
	json_t *v;

	json_array_foreach(a, i, v)
		pace_strbuf_addf(out, "%s%s", i ? "," : "", json_string_value(v));
	if (!out->len)
		pace_strbuf_adds(out, "(minbase)");
}

/* The environment's docker image (the docker executor imports it once):
 * "sha256:0123456789ab", "-" when not imported, "?" when no engine
 * answers (*engine turns false, so the engine is not asked again). */
static void docker_text(const char *hash, bool *engine, char *out, size_t n)
{
	struct pace_error err = PACE_ERROR_INIT;
	char *image = pace_exec_docker_env_image(hash), *id = NULL;
	int rc = *engine ? pace_exec_docker_image_id(image, &id, &err) : -1;

	if (rc < 0)
		*engine = false;
	snprintf(out, n, "%.19s", rc < 0 ? "?" : rc ? "-" : id);
	pace_error_release(&err);
	free(image);
	free(id);
}

static int list(void)
{
	struct pace_env_entry *e;
	struct pace_error err = PACE_ERROR_INIT;
	size_t n;
	bool engine = true;
	int rc = pace_env_list(&e, &n, &err);

	if (rc) {
		rc = pace_cli_report_error(&err);
		pace_error_release(&err);
		return rc;
	}
	if (!n)
		printf("No built environments.\n");
	else
		printf("%-16s  %-12s  %-24s  %9s  %-19s  %s\n", "HASH", "DISTRIBUTION",
		       "PACKAGES", "SIZE", "DOCKER IMAGE", "BUILT");
	for (size_t i = 0; i < n; i++) {
		struct pace_strbuf pk = PACE_STRBUF_INIT;
		char size[32], img[32];
		packages_text(e[i].manifest, &pk);
		pace_format_bytes(size, sizeof(size), (double)e[i].bytes);
		docker_text(e[i].hash, &engine, img, sizeof(img));
		printf("%-16s  %-12s  %-24s  %9s  %-19s  %s\n", e[i].hash,
		       mstr(e[i].manifest, "definition", "distribution"), pk.buf,
		       size, img, mstr(e[i].manifest, NULL, "builtAt"));
		pace_strbuf_release(&pk);
	}
	pace_env_entries_free(e, n);
	return PACE_EXIT_OK;
}

/* A SUITE's environment as a hash (resolving the mirror as a build would). */
static int suite_hash(const char *name, struct pace_strbuf *hash)
{
	struct pace_env_def def = {0};
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_strbuf mirror = PACE_STRBUF_INIT;
	int rc = suite_def(name, &def);

	if (!rc && !def.mirror && pace_env_apt_mirror(NULL, &mirror, &err))
		rc = pace_cli_report_error(&err);
	if (!rc)
		pace_env_hash(&def, def.mirror ? def.mirror : mirror.buf, hash);
	pace_strbuf_release(&mirror);
	pace_env_def_release(&def);
	pace_error_release(&err);
	return rc;
}

static void print_manifest(json_t *m)
{
	struct pace_strbuf pk = PACE_STRBUF_INIT;
	json_t *pkgs = json_object_get(m, "packages"), *v;
	const char *name;

	packages_text(m, &pk);
	printf("Environment %s\n  distribution: %s\n  packages:     %s\n"
	       "  mirror:       %s\n  built:        %s (%.1f s)\n"
	       "  installed:    %zu packages\n\n",
	       mstr(m, NULL, "hash"), mstr(m, "definition", "distribution"),
	       pk.buf, mstr(m, NULL, "mirror"), mstr(m, NULL, "builtAt"),
	       json_real_value(json_object_get(m, "buildSeconds")),
	       json_object_size(pkgs));
	json_object_foreach(pkgs, name, v)
		printf("%-40s %s\n", name, json_string_value(v));
	pace_strbuf_release(&pk);
}

static int show(const struct env_args *a)
{
	struct pace_strbuf hash = PACE_STRBUF_INIT;
	struct pace_error err = PACE_ERROR_INIT;
	json_t *m = NULL;
	int rc = 0;

	if (!a->operand)
		return pace_cli_error("pace env show: say which: a HASH (see "
				      "'pace env list') or a SUITE");
	if (a->operand[strspn(a->operand, "0123456789abcdef")] == '\0')
		pace_strbuf_adds(&hash, a->operand);
	else
		rc = suite_hash(a->operand, &hash);
	if (!rc && pace_env_manifest_load(&m, hash.buf, &err))
		rc = pace_cli_report_error(&err);
	if (!rc)
		print_manifest(m);
	json_decref(m);
	pace_strbuf_release(&hash);
	pace_error_release(&err);
	return rc;
}

static int clean(const struct env_args *a)
{
	struct pace_error err = PACE_ERROR_INIT;
	size_t removed = 0;
	int rc;

	if (!a->operand == !a->all)
		return pace_cli_error("pace env clean: say which: a HASH (see "
				      "'pace env list') or --all");
	rc = pace_env_clean(a->operand, &removed, &err);
	if (rc)
		rc = pace_cli_report_error(&err);
	else
		printf("Removed %zu environment%s.\n", removed, removed == 1 ? "" : "s");
	pace_error_release(&err);
	return rc;
}

int cmd_env(int argc, char **argv)
{
	struct env_args a = {0};
	struct pace_opt_state st = {.cb = on_option, .data = &a};
	const char *sub;
	int rc = pace_opt_parse(&st, &cmd_env_spec, argc, argv);

	if (rc)
		return rc < 0 ? PACE_EXIT_OK : rc;
	if (!st.nargs)
		return pace_cli_error("pace env: say build, list, show or clean "
				      "(try 'pace env --help')");
	sub = st.args[0];
	if (strcmp(sub, "build") && strcmp(sub, "list") && strcmp(sub, "show") &&
	    strcmp(sub, "clean"))
		return pace_cli_error("pace env: unknown subcommand '%s' (build, "
				      "list, show or clean)", sub);
	if (st.nargs > 2)
		return pace_cli_error("pace env %s: unexpected argument '%s'", sub,
				      st.args[2]);
	a.operand = st.nargs > 1 ? st.args[1] : NULL;
	rc = check_args(sub, &a);
	if (rc)
		return rc;
	if (!strcmp(sub, "build"))
		return build(&a);
	if (!strcmp(sub, "list")) {
		if (a.operand)
			return pace_cli_error("pace env list: unexpected argument '%s'",
					      a.operand);
		return list();
	}
	if (!strcmp(sub, "show"))
		return show(&a);
	return clean(&a);
}

/* ---- before a run ------------------------------------------------------------ */

/* "Environment: ROOT" once per environment the tests run in. */
static void say_environments(const struct env_job *job)
{
	struct pace_strvec seen = PACE_STRVEC_INIT;

	for (size_t i = 0; i < job->ntests; i++) {
		const struct pace_env_def *d = &job->tests[i]->environment;
		if (!pace_env_in_use(job->tests[i]) || pace_strvec_contains(&seen, d->root))
			continue;
		pace_strvec_push(&seen, d->root);
		printf("Environment: %s\n", d->root);
	}
	pace_strvec_release(&seen);
}

int pace_cli_prepare_environments(struct pace_suite *suites, size_t n,
				  const struct pace_plan_filter *filter, bool quiet)
{
	struct pace_plan plan = PACE_PLAN_INIT;
	struct pace_error err = PACE_ERROR_INIT;
	struct env_job job = {0};
	int rc = 0;

	/* The tests the run selects (before `requires:` narrows variants,
	 * which needs to know where each test runs). */
	if (pace_plan_build(&plan, suites, n, filter, &err))
		pace_error_release(&err); /* the real plan reports it */
	job.tests = pace_xcalloc(plan.n + 1, sizeof(*job.tests));
	for (size_t i = 0; i < plan.n; i++) /* the plan borrows cmd_run's tests */
		job.tests[job.ntests++] = (struct pace_test *)plan.items[i].test;
	if (job.ntests && run_job(&job, &err))
		rc = pace_cli_report_error(&err);
	if (!rc && !quiet)
		say_environments(&job);
	for (size_t i = 0; i < job.notes.n; i++)
		fprintf(stderr, "%s\n", job.notes.v[i]); /* even with --quiet */
	pace_strvec_release(&job.notes);
	free(job.tests);
	pace_plan_release(&plan);
	pace_error_release(&err);
	return rc;
}
