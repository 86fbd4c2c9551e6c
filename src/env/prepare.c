/*
 * prepare.c - environments before a run: each distinct definition among
 * the selected tests is built (or found) once, and its tests learn where
 * its root filesystem is; and the run's record of which git and jj it
 * measured.  A definition that cannot be built fails the run, unless it
 * says `fallback: local`: then its tests run on the host as before, and
 * the run prints the one line why.
 */
#include <unistd.h>

#include "env/env.h"
#include "exec/exec.h"

/* The same build: same distribution, packages and (unresolved) mirror. */
static bool same_def(const struct pace_env_def *a, const struct pace_env_def *b)
{
	struct pace_strbuf ha = PACE_STRBUF_INIT, hb = PACE_STRBUF_INIT;
	bool same;

	pace_env_hash(a, a->mirror, &ha);
	pace_env_hash(b, b->mirror, &hb);
	same = !strcmp(ha.buf, hb.buf);
	pace_strbuf_release(&ha);
	pace_strbuf_release(&hb);
	return same;
}

/* Copies what ensure filled in from `built` to t's definition. */
static void take_build(struct pace_test *t, const struct pace_env_def *built)
{
	struct pace_env_def *d = &t->environment;

	free(d->root);
	free(d->hash);
	d->root = pace_xstrdup(built->root);
	d->hash = pace_xstrdup(built->hash);
	if (!d->mirror && built->mirror)
		d->mirror = pace_xstrdup(built->mirror);
}

/* The tests after `first` with first's definition get its outcome. */
static void share(struct pace_test **tests, size_t n, size_t first,
		  const struct pace_env_def *built, bool ok, bool *done)
{
	for (size_t j = first; j < n; j++) {
		struct pace_test *t = tests[j];
		if (done[j] || !pace_env_wanted(t) ||
		    !same_def(&t->environment, &tests[first]->environment))
			continue;
		done[j] = true;
		if (ok)
			take_build(t, built);
		else
			t->executor = PACE_EXECUTOR_LOCAL;
	}
}

/* Builds tests[i]'s definition; on failure with fallback, a note. */
static int prepare_one(struct pace_test **tests, size_t n, size_t i,
		       const struct pace_env_opts *o, struct pace_strvec *notes,
		       bool *done, struct pace_error *err)
{
	struct pace_env_def d;
	struct pace_error why = PACE_ERROR_INIT;
	int rc;

	pace_env_def_copy(&d, &tests[i]->environment);
	rc = pace_env_ensure(&d, o, NULL, &why);
	if (rc && d.fallback_local && !(o->stop && *o->stop)) {
		struct pace_strbuf desc = PACE_STRBUF_INIT;
		pace_env_describe(&d, &desc);
		pace_strvec_pushf(notes, "environment %s not available (%s): "
				  "running its tests locally", desc.buf,
				  pace_error_msg(&why));
		pace_strbuf_release(&desc);
		rc = 0;
		share(tests, n, i, &d, false, done);
	} else if (rc) {
		pace_error_set(err, rc, "%s", pace_error_msg(&why));
	} else {
		share(tests, n, i, &d, true, done);
	}
	pace_error_release(&why);
	pace_env_def_release(&d);
	return rc;
}

int pace_env_prepare_tests(struct pace_test **tests, size_t n,
			   const struct pace_env_opts *o,
			   struct pace_strvec *notes, struct pace_error *err)
{
	bool *done = pace_xcalloc(n + 1, sizeof(*done));
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++)
		if (!done[i] && pace_env_wanted(tests[i]))
			rc = prepare_one(tests, n, i, o, notes, done, err);
	free(done);
	return rc;
}

/* The first line of `PROG --version` on the host, or NULL. */
static char *host_version(const char *prog)
{
	char *argv[] = {(char *)prog, "--version", NULL};
	struct pace_exec_spec spec = {.argv = argv, .timeout_s = 10,
				      .kill_grace_s = 1, .capture_limit = 4096};
	struct pace_capture cap = PACE_CAPTURE_INIT;
	struct pace_error ignored = PACE_ERROR_INIT;
	struct pace_sample s;
	char *v = NULL;

	if (pace_find_program(NULL, getenv("PATH"), prog) &&
	    !pace_exec_run(&s, &cap, &spec, &ignored) && !s.spawn_errno &&
	    !s.signal && !s.exit_code && cap.out.len)
		v = pace_xstrndup(cap.out.buf, strcspn(cap.out.buf, "\r\n"));
	pace_capture_release(&cap);
	pace_error_release(&ignored);
	return v;
}

/* "git 1:2.51.0-1 (Debian package in environment HASH)", or NULL. */
static char *package_version(json_t *manifest, const char *pkg, const char *hash)
{
	const char *v = pace_env_manifest_version(manifest, pkg);
	return v ? pace_xasprintf("%s %s (Debian package, environment %s)", pkg,
				  v, hash) : NULL;
}

void pace_env_tool_versions(struct pace_env_info *env,
			    const struct pace_env_def *def)
{
	json_t *m = NULL;
	struct pace_error ignored = PACE_ERROR_INIT;

	free(env->git_version);
	free(env->jj_version);
	env->git_version = env->jj_version = NULL;
	if (def && def->hash && !pace_env_manifest_load(&m, def->hash, &ignored)) {
		env->git_version = package_version(m, "git", def->hash);
		env->jj_version = package_version(m, "jujutsu", def->hash);
		free(env->env_hash);
		free(env->env_distribution);
		pace_strvec_release(&env->env_packages);
		env->env_hash = pace_xstrdup(def->hash);
		env->env_distribution = pace_xstrdup(def->distribution);
		pace_strvec_copy(&env->env_packages, &def->packages);
	} else {
		env->git_version = host_version("git");
		env->jj_version = host_version("jj");
	}
	json_decref(m);
	pace_error_release(&ignored);
}

bool pace_env_wanted(const struct pace_test *t)
{
	/* docker.baseImages alone names images, nothing to build. */
	return t->environment.set &&
	       (t->environment.distribution || !t->environment.docker_images.n) &&
	       (t->executor == PACE_EXECUTOR_SANDBOX ||
				      t->executor == PACE_EXECUTOR_DOCKER);
}

bool pace_env_in_use(const struct pace_test *t)
{
	return pace_env_wanted(t) && t->environment.root;
}

bool pace_env_suite_has_program(const struct pace_suite *s, const char *prog)
{
	for (size_t i = 0; i < s->ntests; i++)
		if (pace_env_in_use(&s->tests[i]))
			return pace_find_program(s->tests[i].environment.root,
						 PACE_ENV_PATH, prog);
	return pace_find_program(NULL, getenv("PATH"), prog);
}

void pace_env_plan_versions(struct pace_env_info *env, const struct pace_plan *plan)
{
	const struct pace_env_def *def = NULL;

	for (size_t i = 0; i < plan->n && !def; i++)
		if (pace_env_in_use(plan->items[i].test))
			def = &plan->items[i].test->environment;
	pace_env_tool_versions(env, def);
}
